//! Human-readable renderings of medshare values.

use medshare_sdk::record::{field_set_names, ClinicalSummary, FieldSet};
use std::fmt::Write;

pub fn hex(bytes: &[u8]) -> String {
    hex::encode(bytes)
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

/// The summary as its holder sees it; sets outside `fields` were withheld and say so.
pub fn summary(record: &ClinicalSummary, fields: FieldSet) -> String {
    let mut out = String::new();
    let date = |d: Option<time::Date>| d.map_or("-".to_string(), |d| d.to_string());
    let mut line = |set: FieldSet, label: &str, text: String| {
        let text = if fields.contains(set) {
            text
        } else {
            "withheld".to_string()
        };
        let _ = writeln!(out, "    {label:<13}{text}");
    };
    line(
        FieldSet::DEMOGRAPHICS,
        "demographics",
        format!("born {}, sex {}", date(record.birth_date), record.sex),
    );
    line(
        FieldSet::BLOOD_TYPE,
        "blood type",
        record.blood_type.to_string(),
    );
    line(
        FieldSet::VITALS,
        "vitals",
        format!(
            "weight {:.2} kg, height {} mm",
            f64::from(record.weight_dag) / 100.0,
            record.height_mm
        ),
    );
    let allergies: Vec<&str> = record.allergies.allergens().map(|a| a.name).collect();
    line(
        FieldSet::ALLERGIES,
        "allergies",
        if allergies.is_empty() {
            "none".into()
        } else {
            allergies.join(", ")
        },
    );
    let conditions: Vec<String> = record
        .conditions
        .iter()
        .map(|c| format!("{} (since {})", c.code, date(c.onset)))
        .collect();
    line(FieldSet::CONDITIONS, "conditions", list(&conditions));
    let medications: Vec<String> = record
        .medications
        .iter()
        .map(|m| format!("RxCUI {} (since {})", m.rxcui, date(m.started)))
        .collect();
    line(FieldSet::MEDICATIONS, "medications", list(&medications));
    out
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "none".into()
    } else {
        items.join(", ")
    }
}

/// The names of the field sets in `fields`, comma-separated.
pub fn fields(fields: FieldSet) -> String {
    field_set_names(fields).join(", ")
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
