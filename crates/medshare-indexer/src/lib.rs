//! medshare's indexer: follows the program's finalized transactions over JSON-RPC into SQLite
//! or PostgreSQL, and serves the accounting of disclosures from there over a read-only HTTP
//! API, so that a compliance officer's reads never need `getProgramAccounts`.

pub mod accounting;
pub mod database;
pub mod follow;
pub mod http;
pub mod ingest;
pub mod query;

#[cfg(test)]
mod tests;
