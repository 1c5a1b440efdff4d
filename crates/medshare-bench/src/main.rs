//! `cargo bench -p medshare-bench --bench benchmarks` (or `./scripts/bench`): measures medshare
//! against its baselines, prints every figure as it goes, and writes BENCHMARKS.md and
//! benchmarks/latency.png at the workspace root.

mod chart;
mod circuits;
mod compute;
mod documents;
mod eligibility;
mod encryption;
mod footprint;
mod machine;
mod pipeline;
mod report;
mod s3;
mod sealed_pairs;
mod spread;
mod stats;
mod studies;
mod table;

use medshare_sdk::record::example_summary;
use share_medical_records::constants::RECORD_CIPHERTEXTS;
use std::path::PathBuf;
use table::Table;

const CONCURRENCY: [usize; 3] = [1, 10, 100];
/// Targets the figures are held to.
const ENCRYPTION_TARGET: f64 = 20.0;
const SELECTIVE_TARGET: f64 = 0.85;
const CONTRIBUTION_TARGET: f64 = 1.0;
const CIPHERTEXTS_TARGET: usize = 6;
const LATENCY_TARGET_MS: u128 = 250;

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    // The embedded runtime logs every instruction at debug level unless told otherwise.
    if std::env::var_os("RUST_LOG").is_none() {
        std::env::set_var("RUST_LOG", "error");
    }
    let root = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    let machine = machine::describe();
    println!("medshare benchmarks on {}", machine.summary());

    println!("\nclient encryption: medshare-crypto and @arcium-hq/client ...");
    let encryption = encryption::measure(&root.join("crates/medshare-bench/node"))?;
    encryption.table.print();

    println!("\ndocuments: a 10 MiB file encrypted, decrypted, uploaded and downloaded ...");
    let documents = documents::throughput().await?;
    documents.print();

    let record = circuits::Record {
        fields: example_summary().to_scalars()?.len(),
        bytes: RECORD_CIPHERTEXTS * 32,
    };
    let circuits = circuits::measure(&root.join("build"), &record)?;
    circuits.table.print();
    circuits.record_table.print();

    println!("\non-chain footprint: sending every kind of transaction once ...");
    let footprint = footprint::transactions().await?;
    footprint.accounts.print();
    footprint.transactions.print();
    let compute = compute::estimate(&footprint.sent);
    compute.print();

    println!("\nresearch studies: contributions against disclosures ...");
    let studies = studies::throughput().await?;
    studies.print();

    println!("\nlocal pipeline ...");
    let pipeline = pipeline::measure(&CONCURRENCY).await?;
    pipeline.table.print();

    println!("\ndocument keys and attestations: disclosures against a record's ...");
    let sealed_pairs = sealed_pairs::latency().await?;
    sealed_pairs.print();

    println!("\neligibility answers: an answer against a record's disclosure ...");
    let answers = eligibility::latency().await?;
    answers.print();

    let chart = root.join("benchmarks/latency.png");
    std::fs::create_dir_all(chart.parent().expect("a parent directory"))?;
    chart::draw(&pipeline.levels, &chart)?;

    let targets = targets(&encryption, &circuits, &record, &footprint, &pipeline);
    targets.print();
    report::write(
        &root.join("BENCHMARKS.md"),
        &machine,
        &targets,
        &[
            &encryption.table,
            &documents,
            &circuits.table,
            &circuits.record_table,
            &footprint.accounts,
            &footprint.transactions,
            &pipeline.table,
            &compute,
            &studies,
            &sealed_pairs,
            &answers,
        ],
    )?;
    println!("\nwrote BENCHMARKS.md and benchmarks/latency.png");
    Ok(())
}

fn targets(
    encryption: &encryption::Encryption,
    circuits: &circuits::Circuits,
    record: &circuits::Record,
    footprint: &footprint::Footprint,
    pipeline: &pipeline::Pipeline,
) -> Table {
    let mut table = Table::new("Targets", &["target", "measured", "met"]);
    let met = |ok: bool| if ok { "yes" } else { "no" }.to_string();
    table.row(vec![
        format!("client encryption at least {ENCRYPTION_TARGET}x the TypeScript client"),
        encryption.ratio_encrypt.to_string(),
        met(encryption.ratio_encrypt.min >= ENCRYPTION_TARGET),
    ]);
    table.row(vec![
        format!(
            "selective disclosure at most {SELECTIVE_TARGET}x the reference-shaped baseline's ACUs"
        ),
        format!("{:.3}x", circuits.selective_over_baseline),
        met(circuits.selective_over_baseline <= SELECTIVE_TARGET),
    ]);
    if circuits.selective_over_baseline > SELECTIVE_TARGET {
        table.note(format!(
            "Selective disclosure misses its target by {:.3}x of the baseline: the record's binding check (11 multiplications and a comparison after decryption) adds network depth, 46 rounds against 34 for a plain re-encryption; packing each field set apart already removed 91% of the unpacking (docs/security.md).",
            circuits.selective_over_baseline - SELECTIVE_TARGET
        ));
    }
    table.row(vec![
        format!("a study contribution at most {CONTRIBUTION_TARGET}x the baseline's ACUs"),
        format!("{:.3}x", circuits.contribution_over_baseline),
        met(circuits.contribution_over_baseline <= CONTRIBUTION_TARGET),
    ]);
    if circuits.contribution_over_baseline > CONTRIBUTION_TARGET {
        table.note(format!(
            "A contribution misses its aim by {:.3}x of the baseline: decrypting the patient's record from its shared key and checking its binding tag cost 0.87x by themselves (the disclosure's weight); unpacking the entries, 72 secret comparisons and 16 divisions by a constant add the rest (docs/figures.md lists the alternatives measured).",
            circuits.contribution_over_baseline - CONTRIBUTION_TARGET
        ));
    }
    table.row(vec![
        format!("a record in at most {CIPHERTEXTS_TARGET} ciphertexts"),
        format!(
            "{} ciphertexts ({} B) for {} fields and the binding tag",
            record.bytes / 32,
            record.bytes,
            record.fields
        ),
        met(record.bytes / 32 <= CIPHERTEXTS_TARGET),
    ]);
    let largest = (footprint.sent.iter())
        .max_by_key(|sent| sent.bytes)
        .expect("transactions were measured");
    let headroom = footprint::headroom(largest.bytes);
    table.row(vec![
        "every transaction keeps 30% headroom under 1,232 bytes".into(),
        format!(
            "largest: {}, {} B, {:.1}% headroom ({} B as v0 with a lookup table)",
            largest.name,
            largest.bytes,
            headroom * 100.0,
            largest.bytes_with_lookup_table
        ),
        met(headroom >= 0.30),
    ]);
    if headroom < 0.30 {
        table.note(format!(
            "Missed by {:.0} B by {}; with every eligible account in a lookup table the same instructions would take {} B ({:.1}% headroom).",
            largest.bytes as f64 - footprint::PACKET_LIMIT as f64 * 0.70,
            largest.name,
            largest.bytes_with_lookup_table,
            footprint::headroom(largest.bytes_with_lookup_table) * 100.0
        ));
    }
    let single = &pipeline.levels[0];
    table.row(vec![
        format!("local share latency p50 under {LATENCY_TARGET_MS} ms"),
        format!(
            "{} ms (one share in flight, the median over the rounds)",
            single.p50.as_millis()
        ),
        met(single.p50.as_millis() < LATENCY_TARGET_MS),
    ]);
    table
}
