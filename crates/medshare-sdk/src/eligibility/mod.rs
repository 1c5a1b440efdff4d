//! Eligibility answers from the client's side: a question in clinical terms and its encoding
//! ([`question`]), the circuit's predicate in plain Rust, which tests hold the compiled circuit
//! to ([`model`]), and the flows that ask, answer and open ([`flows`]).
//! `docs/eligibility.md` describes what a verifier learns.

pub mod flows;
pub mod model;
pub mod question;

pub use flows::Answer;
pub use question::{describe, EligibilityQuestion, Term};
