//! The chart of latency against concurrency, drawn as a PNG.

use crate::pipeline::Level;
use plotters::prelude::*;
use std::path::Path;

const SIZE: (u32, u32) = (900, 540);

pub fn draw(levels: &[Level], path: &Path) -> anyhow::Result<()> {
    // plotters' bitmap backend renders text with a font it is given; DejaVu Sans is embedded
    // so that drawing needs no fonts installed on the machine.
    plotters::style::register_font("sans-serif", FontStyle::Normal, dejavu::sans::regular())
        .map_err(|_| anyhow::anyhow!("the embedded DejaVu Sans font did not load"))?;
    let root = BitMapBackend::new(path, SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let most = levels.iter().map(|l| l.concurrency).max().unwrap_or(1) as f64;
    let slowest = levels
        .iter()
        .map(|l| l.p95.as_secs_f64() * 1000.0)
        .fold(1.0, f64::max);
    let mut chart = ChartBuilder::on(&root)
        .caption(
            "medshare: share latency on the embedded chain",
            ("sans-serif", 24),
        )
        .margin(20)
        .x_label_area_size(50)
        .y_label_area_size(70)
        .build_cartesian_2d(
            (0.8..most * 1.25).log_scale(),
            (10.0..slowest * 1.5).log_scale(),
        )?;
    chart
        .configure_mesh()
        .x_desc("shares in flight")
        .y_desc("latency, queue to decrypted (ms)")
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| format!("{y:.0}"))
        .label_style(("sans-serif", 16))
        .draw()?;
    for (name, color, pick) in [
        (
            "p50",
            BLUE,
            (|l: &Level| l.p50) as fn(&Level) -> std::time::Duration,
        ),
        ("p95", RED, |l: &Level| l.p95),
    ] {
        let points: Vec<(f64, f64)> = levels
            .iter()
            .map(|l| (l.concurrency as f64, pick(l).as_secs_f64() * 1000.0))
            .collect();
        chart
            .draw_series(LineSeries::new(points.clone(), color.stroke_width(2)))?
            .label(name)
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2))
            });
        chart.draw_series(
            points
                .into_iter()
                .map(|p| Circle::new(p, 4, color.filled())),
        )?;
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .label_font(("sans-serif", 16))
        .draw()?;
    root.present()?;
    Ok(())
}
