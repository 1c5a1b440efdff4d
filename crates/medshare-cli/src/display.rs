//! Human-readable renderings of medshare values.

use medshare_sdk::record::ClinicalSummary;
use std::fmt::Write;

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The first and last bytes of a long value, enough to tell two apart.
pub fn short_hex(bytes: &[u8]) -> String {
    let full = hex(bytes);
    if full.len() <= 16 {
        full
    } else {
        format!("{}..{}", &full[..8], &full[full.len() - 8..])
    }
}

pub fn summary(record: &ClinicalSummary) -> String {
    let mut out = String::new();
    let date = |d: Option<time::Date>| d.map_or("-".to_string(), |d| d.to_string());
    let _ = writeln!(
        out,
        "    born {}, sex {:?}, blood type {:?}",
        date(record.birth_date),
        record.sex,
        record.blood_type
    );
    let _ = writeln!(
        out,
        "    weight {:.2} kg, height {} mm",
        f64::from(record.weight_dag) / 100.0,
        record.height_mm
    );
    let allergies: Vec<&str> = record.allergies.allergens().map(|a| a.name).collect();
    let _ = writeln!(
        out,
        "    allergies: {}",
        if allergies.is_empty() {
            "none".into()
        } else {
            allergies.join(", ")
        }
    );
    for condition in &record.conditions {
        let _ = writeln!(
            out,
            "    condition ICD-10 {} since {}",
            condition.code,
            date(condition.onset)
        );
    }
    for medication in &record.medications {
        let _ = writeln!(
            out,
            "    medication RxCUI {} since {}",
            medication.rxcui,
            date(medication.started)
        );
    }
    out
}

/// A chain timestamp (Unix seconds) in UTC.
pub fn timestamp(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix).map_or_else(
        |_| unix.to_string(),
        |t| {
            let format = time::macros::format_description!(
                "[year]-[month]-[day] [hour]:[minute]:[second] UTC"
            );
            t.format(&format).unwrap_or_else(|_| unix.to_string())
        },
    )
}
