//! A figure measured over several rounds, given as its least, median and greatest value rather
//! than one draw.

use std::fmt;

#[derive(Clone, Copy)]
pub struct Spread {
    pub min: f64,
    pub median: f64,
    pub max: f64,
}

impl Spread {
    pub fn of(samples: impl IntoIterator<Item = f64>) -> Self {
        let mut samples: Vec<f64> = samples.into_iter().collect();
        samples.sort_by(f64::total_cmp);
        Self {
            min: samples[0],
            median: samples[samples.len() / 2],
            max: samples[samples.len() - 1],
        }
    }

    /// Each round's `ours / theirs`, the rounds paired in order.
    pub fn of_ratios(ours: &[f64], theirs: &[f64]) -> Self {
        Self::of(ours.iter().zip(theirs).map(|(ours, theirs)| ours / theirs))
    }
}

/// A ratio: `12.3x (11.9x to 12.8x)`; `{:.2}` gives ratios below one their second digit.
impl fmt::Display for Spread {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let digits = f.precision().unwrap_or(1);
        write!(
            f,
            "{:.digits$}x ({:.digits$}x to {:.digits$}x)",
            self.median, self.min, self.max
        )
    }
}

/// A table of p50 latencies per round, each kind against the first (the baseline) of the same
/// round: the median of the rounds with their range, in milliseconds, then the ratio.
pub fn latency_table(title: &str, what: &str, rows: &[(&str, Vec<f64>)]) -> crate::table::Table {
    let mut table = crate::table::Table::new(
        title,
        &[
            what,
            "p50 latency: median of rounds (min to max)",
            "x a record's p50, same round: median (min to max)",
        ],
    );
    let baseline = &rows[0].1;
    for (name, seconds) in rows {
        let ms = Spread::of(seconds.iter().map(|s| s * 1_000.0));
        table.row(vec![
            name.to_string(),
            format!("{:.0} ms ({:.0} to {:.0})", ms.median, ms.min, ms.max),
            format!("{:.2}", Spread::of_ratios(seconds, baseline)),
        ]);
    }
    table
}
