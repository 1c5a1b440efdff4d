//! Circuits: weight (ACUs), gates, depth and compiled size of every circuit, next to the
//! reference-shaped circuit compiled in the same build, read from what `./scripts/circuits`
//! wrote into `build/`.

use crate::table::{thousands, Table};
use anyhow::Context;
use serde::Deserialize;
use std::path::Path;

/// The circuit shaped like Arcium's published patient example: 11 unpacked fields re-encrypted
/// whole. It is compiled with the others and never queued.
const BASELINE: &str = "baseline_share";
const CIRCUITS: [(&str, &str); 7] = [
    (
        "disclose_record",
        "selective disclosure (granted field sets only)",
    ),
    ("reseal_record", "whole-record re-encryption (key rotation)"),
    (
        "disclose_sealed_pair",
        "a document's file key or an attestation's body: two values, binding checked, re-encrypted",
    ),
    (
        "join_study",
        "a record's contribution to a study's tally (read by reference)",
    ),
    ("leave_study", "a contribution taken back out"),
    (
        "reveal_study",
        "a study's reveal: 4 shards, 44 cells, threshold and noise",
    ),
    (
        "answer_question",
        "one yes or no about a record: up to 7 terms, binding checked, answer and tag encrypted",
    ),
];
/// A stored record: how many fields it holds in how many ciphertext bytes.
pub struct Record {
    pub fields: usize,
    pub bytes: usize,
}

/// The reference record: 11 fields, one 32-byte ciphertext each.
pub const REFERENCE_RECORD: Record = Record {
    fields: 11,
    bytes: 11 * 32,
};

impl Record {
    /// Its fields, as a multiple of the reference's.
    pub fn fields_ratio(&self) -> f64 {
        self.fields as f64 / REFERENCE_RECORD.fields as f64
    }

    /// Its bytes, as a share of the reference's.
    pub fn bytes_ratio(&self) -> f64 {
        self.bytes as f64 / REFERENCE_RECORD.bytes as f64
    }
}

#[derive(Deserialize)]
struct Weight {
    weight: u64,
    total_gates: u64,
    network_depth: u64,
}

struct Figures {
    weight: Weight,
    compiled_bytes: u64,
}

fn read(build: &Path, circuit: &str) -> anyhow::Result<Figures> {
    let weight_file = build.join(format!("{circuit}.weight"));
    let weight: Weight =
        serde_json::from_str(&std::fs::read_to_string(&weight_file).with_context(|| {
            format!("{}: run ./scripts/circuits first", weight_file.display())
        })?)?;
    let compiled_bytes = std::fs::metadata(build.join(format!("{circuit}.arcis")))?.len();
    Ok(Figures {
        weight,
        compiled_bytes,
    })
}

pub struct Circuits {
    pub table: Table,
    pub record_table: Table,
    /// Selective disclosure's ACUs over the reference's.
    pub selective_over_baseline: f64,
    /// A study contribution's ACUs over the reference's.
    pub contribution_over_baseline: f64,
}

pub fn measure(build: &Path, record: &Record) -> anyhow::Result<Circuits> {
    let baseline = read(build, BASELINE)?;
    let mut table = Table::new(
        "Circuits",
        &[
            "circuit",
            "what it does",
            "weight (ACUs)",
            "x reference",
            "gates",
            "depth",
            "compiled",
            "x reference",
        ],
    );
    let (mut selective_over_baseline, mut contribution_over_baseline) = (0.0, 0.0);
    let ratio = |ours: u64, theirs: u64| format!("{:.2}", ours as f64 / theirs as f64);
    for (circuit, what) in CIRCUITS {
        let figures = read(build, circuit)?;
        let over_baseline = figures.weight.weight as f64 / baseline.weight.weight as f64;
        match circuit {
            "disclose_record" => selective_over_baseline = over_baseline,
            "join_study" => contribution_over_baseline = over_baseline,
            _ => {}
        }
        table.row(vec![
            format!("`{circuit}`"),
            what.into(),
            thousands(figures.weight.weight),
            ratio(figures.weight.weight, baseline.weight.weight),
            thousands(figures.weight.total_gates),
            figures.weight.network_depth.to_string(),
            format!("{} B", thousands(figures.compiled_bytes)),
            ratio(figures.compiled_bytes, baseline.compiled_bytes),
        ]);
    }
    table.row(vec![
        format!("`{BASELINE}` (reference)"),
        "11 unpacked fields re-encrypted whole".into(),
        thousands(baseline.weight.weight),
        "1.00".into(),
        thousands(baseline.weight.total_gates),
        baseline.weight.network_depth.to_string(),
        format!("{} B", thousands(baseline.compiled_bytes)),
        "1.00".into(),
    ]);
    table.note("From build/<circuit>.weight and build/<circuit>.arcis, written by ./scripts/circuits in the same build.");

    let mut record_table = Table::new(
        "Record encoding",
        &["record", "fields", "ciphertext bytes", "bytes per field"],
    );
    record_table.row(vec![
        "medshare record format 2 (5 packed elements and the binding tag)".into(),
        record.fields.to_string(),
        record.bytes.to_string(),
        format!("{:.1}", record.bytes as f64 / record.fields as f64),
    ]);
    record_table.row(vec![
        "reference (one ciphertext per field)".into(),
        REFERENCE_RECORD.fields.to_string(),
        REFERENCE_RECORD.bytes.to_string(),
        "32.0".into(),
    ]);
    record_table.note(format!(
        "{:.1}x the reference's fields in {:.2} of its bytes; the binding tag takes one ciphertext of the six.",
        record.fields_ratio(),
        record.bytes_ratio()
    ));
    Ok(Circuits {
        table,
        record_table,
        selective_over_baseline,
        contribution_over_baseline,
    })
}
