//! BENCHMARKS.md: the machine, the date, every table and the targets.

use crate::{machine::Machine, table::Table};
use std::path::Path;

pub fn write(
    path: &Path,
    machine: &Machine,
    targets: &Table,
    tables: &[&Table],
) -> anyhow::Result<()> {
    let mut out = String::from("# Benchmarks\n\n");
    out += "Written by `./scripts/bench` (which runs `cargo bench -p medshare-bench --bench benchmarks`); rerun it to \
            measure your machine. Every ratio compares against a baseline measured in the same run.\n\n";
    out += &format!("Machine: {}.\n\n", machine.summary());
    out += &targets.markdown();
    out += "![Latency against concurrency](benchmarks/latency.png)\n\n";
    for table in tables {
        out += &table.markdown();
    }
    std::fs::write(path, out)?;
    Ok(())
}
