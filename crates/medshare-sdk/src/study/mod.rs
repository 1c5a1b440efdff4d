//! Research studies from the client's side: the question a researcher asks, as the criteria
//! the circuits read ([`question`]); the counters and what a reveal publishes ([`cells`]); and
//! a plain model of the circuits ([`model`]), which tests hold them to and which the command
//! line uses to explain a result. `docs/studies.md` describes the whole flow.

pub mod cells;
pub mod cohort;
#[cfg(test)]
mod disclosure_tests;
pub mod model;
pub mod privacy;
pub mod question;

pub use cells::{Cell, StudyResults, CELLS};
pub use question::{AgeBands, Icd10Prefix, StudyQuestion};
