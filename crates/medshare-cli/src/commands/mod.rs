//! One module per role; what they share: argument parsing and the record's output formats.

pub mod admin;
pub mod attestations;
pub mod audit;
pub mod documents;
pub mod eligibility;
pub mod indexer;
pub mod keys;
pub mod localnet;
pub mod patient;
pub mod provider;
pub mod research;
pub mod store;
pub mod studies;

use crate::{display, identity, Cli};
use anyhow::Context;
use clap::ValueEnum;
use medshare_sdk::{
    client::Client,
    connection::Connection,
    record::{fhir, ClinicalSummary, FieldSet, Sex, FIELD_SETS},
};
use solana_program::{native_token::LAMPORTS_PER_SOL, pubkey::Pubkey};
use solana_signer::Signer;
use std::{path::Path, time::Duration};

/// How a decrypted record is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RecordFormat {
    /// Readable lines, withheld parts marked.
    Text,
    /// A FHIR R4 Bundle holding the disclosed fields only.
    Fhir,
}

/// Writes `summary` (of which `fields` were disclosed) to `out`, or to stdout.
pub fn write_record(
    summary: &ClinicalSummary,
    fields: FieldSet,
    format: RecordFormat,
    out: Option<&Path>,
) -> anyhow::Result<()> {
    let text = match format {
        RecordFormat::Text => display::summary(summary, fields),
        RecordFormat::Fhir => {
            let bundle = fhir::bundle_from_summary(summary, fields);
            serde_json::to_string_pretty(&bundle)? + "\n"
        }
    };
    match out {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
        }
        None => {
            print!("{text}");
            Ok(())
        }
    }
}

/// A day given as YYYY-MM-DD.
pub fn parse_date(text: &str) -> Result<time::Date, String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text, &format)
        .map_err(|_| format!("{text:?} is not a date such as 2026-01-31"))
}

/// A wallet address given on the command line.
/// 32 bytes written as 64 hex digits (a key, a hash).
pub fn hex_32(text: &str) -> Option<[u8; 32]> {
    hex::decode(text).ok()?.try_into().ok()
}

/// An x25519 key given as 64 hex digits.
pub fn parse_x25519_key(text: &str) -> Result<[u8; 32], String> {
    hex_32(text).ok_or_else(|| format!("{text:?} is not an x25519 key: 64 hex digits"))
}

pub fn parse_pubkey(text: &str) -> Result<Pubkey, String> {
    text.parse()
        .map_err(|_| format!("{text:?} is not a Solana address (base58, 32 bytes)"))
}

/// Field sets named as `vitals,conditions`, or `all`.
pub fn parse_fields(text: &str) -> Result<FieldSet, String> {
    if text == "all" {
        return Ok(FieldSet::ALL);
    }
    let mut fields = FieldSet(0);
    for name in text.split(',').map(str::trim) {
        let (set, _) = FIELD_SETS
            .iter()
            .find(|(_, known)| *known == name)
            .ok_or_else(|| {
                let known: Vec<&str> = FIELD_SETS.iter().map(|(_, name)| *name).collect();
                format!(
                    "unknown field set {name:?}; known: {}, or all",
                    known.join(", ")
                )
            })?;
        fields = FieldSet(fields.0 | set.0);
    }
    Ok(fields)
}

/// Shows how long the cluster has been working, on one line of stderr that ends when the
/// wait does.
pub struct Progress {
    what: &'static str,
    shown: bool,
}

impl Progress {
    pub fn new(what: &'static str) -> Self {
        Self { what, shown: false }
    }

    pub fn report(&mut self, waited: Duration) {
        eprint!("\r{}... {}s", self.what, waited.as_secs());
        self.shown = true;
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if self.shown {
            eprintln!();
        }
    }
}

/// A sex as a record codes it: female, male, other, unknown.
pub fn parse_sex(text: &str) -> Result<Sex, String> {
    Ok(match text {
        "female" => Sex::Female,
        "male" => Sex::Male,
        "other" => Sex::Other,
        "unknown" => Sex::Unknown,
        _ => {
            return Err(format!(
                "{text:?} is not one of female, male, other, unknown"
            ))
        }
    })
}

/// Whole years, inclusive, such as 40-79.
pub fn parse_ages(text: &str) -> Result<(u32, u32), String> {
    let invalid = || format!("{text:?} is not an age range such as 40-79");
    let (low, high) = text.split_once('-').ok_or_else(invalid)?;
    Ok((
        low.parse().map_err(|_| invalid())?,
        high.parse().map_err(|_| invalid())?,
    ))
}

/// A duration such as `30d`, `12h` or `90s`.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    humantime::parse_duration(text)
        .map_err(|error| format!("{text:?} is not a duration such as 30d, 12h or 90s: {error}"))
}

pub async fn airdrop<C: Connection>(
    sol: f64,
    cli: &Cli,
    client: &mut Client<C>,
) -> anyhow::Result<()> {
    let wallet = identity::wallet(&cli.keypair)?.pubkey();
    let lamports = (sol * LAMPORTS_PER_SOL as f64).round() as u64;
    client
        .connection()
        .airdrop(wallet, lamports)
        .await
        .context("airdrop")?;
    let balance = client
        .connection()
        .account(wallet)
        .await?
        .map_or(0, |a| a.lamports);
    println!(
        "{wallet} received {sol} SOL; balance {} SOL",
        balance as f64 / LAMPORTS_PER_SOL as f64
    );
    Ok(())
}
