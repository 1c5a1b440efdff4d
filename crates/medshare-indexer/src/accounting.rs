//! One patient's accounting of disclosures over a period, in the terms of 45 CFR 164.528: the
//! date, the recipient's name and address, what was disclosed, and the purpose; as JSON, CSV and
//! a printable page. Only disclosures that were made count: a failed, refused or expired one
//! disclosed nothing.

use crate::database::{Database, Result};
use serde::Serialize;
use sqlx::Row;

#[derive(Debug, Clone, Serialize)]
pub struct AccountingEntry {
    /// When the disclosure was requested (RFC 3339, UTC).
    pub date: String,
    /// The name the recipient registered; empty for a bare key or a profile the index never saw.
    pub recipient_name: String,
    /// The identifier the recipient registered (an NPI, for instance).
    pub recipient_identifier: String,
    /// The recipient's address on the chain: its wallet.
    pub recipient_address: String,
    pub description: String,
    pub purpose: String,
    pub basis: String,
    pub disclosure: String,
    pub receipt: String,
    pub signature: String,
}

impl Database {
    /// The disclosures made from `patient`'s record queued in `[since, until)` (Unix seconds).
    pub async fn accounting(
        &self,
        patient: &str,
        since: i64,
        until: i64,
    ) -> Result<Vec<AccountingEntry>> {
        let rows = sqlx::query(
            "SELECT d.queued_at, d.recipient, d.fields, d.kind, d.subject, d.version, d.purpose, \
             d.basis, d.disclosure, d.receipt, d.completed_signature, p.name, p.identifier \
             FROM disclosures d LEFT JOIN providers p ON p.provider = d.recipient \
             WHERE d.patient = $1 AND d.queued_unix >= $2 AND d.queued_unix < $3 \
             AND d.status_kind = 'delivered' ORDER BY d.queued_unix, d.disclosure",
        )
        .bind(patient)
        .bind(since)
        .bind(until)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                let version: Option<i64> = row.try_get("version")?;
                let subject: String = row.try_get("subject")?;
                let description = match (row.try_get::<String, _>("kind")?.as_str(), version) {
                    ("record", Some(version)) => format!(
                        "health record fields: {} (version {version})",
                        row.try_get::<String, _>("fields")?
                    ),
                    ("document", Some(version)) => {
                        format!("the key to document {subject} (version {version})")
                    }
                    (_, _) => format!("attestation {subject}"),
                };
                Ok(AccountingEntry {
                    date: row.try_get("queued_at")?,
                    recipient_name: row
                        .try_get::<Option<String>, _>("name")?
                        .unwrap_or_default(),
                    recipient_identifier: (row.try_get::<Option<String>, _>("identifier")?)
                        .unwrap_or_default(),
                    recipient_address: row.try_get("recipient")?,
                    description,
                    purpose: row.try_get("purpose")?,
                    basis: row.try_get("basis")?,
                    disclosure: row.try_get("disclosure")?,
                    receipt: row.try_get("receipt")?,
                    signature: (row.try_get::<Option<String>, _>("completed_signature")?)
                        .unwrap_or_default(),
                })
            })
            .collect()
    }
}

pub fn csv(entries: &[AccountingEntry]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    if entries.is_empty() {
        // The header alone, so that an empty period still names its columns.
        let _ = writer.write_record([
            "date",
            "recipient_name",
            "recipient_identifier",
            "recipient_address",
            "description",
            "purpose",
            "basis",
            "disclosure",
            "receipt",
            "signature",
        ]);
    }
    for entry in entries {
        writer.serialize(entry).expect("rows of text serialize");
    }
    String::from_utf8(writer.into_inner().expect("writing to memory")).expect("utf-8 rows")
}

/// A page to print: the patient, the period, one line per disclosure. Every value from the
/// chain is escaped; names are whatever their providers registered.
pub fn html(patient: &str, period: &str, entries: &[AccountingEntry]) -> String {
    let mut page = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Accounting of disclosures</title>\
         <style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}\
         td,th{{border:1px solid #888;padding:.3em .5em;text-align:left;vertical-align:top}}\
         </style></head><body><h1>Accounting of disclosures</h1>\
         <p>Patient <code>{}</code>, {}. {} disclosure(s) made. Each row's receipt and \
         transaction can be checked on the chain.</p>",
        escape(patient),
        escape(period),
        entries.len()
    );
    page += "<table><thead><tr><th>Date</th><th>Recipient</th><th>What was disclosed</th>\
             <th>Purpose</th><th>Basis</th><th>Receipt</th></tr></thead><tbody>";
    for entry in entries {
        page += &format!(
            "<tr><td>{}</td><td>{}<br>{}<br><code>{}</code></td><td>{}</td><td>{}</td>\
             <td>{}</td><td><code>{}</code></td></tr>",
            escape(&entry.date),
            escape(&entry.recipient_name),
            escape(&entry.recipient_identifier),
            escape(&entry.recipient_address),
            escape(&entry.description),
            escape(&entry.purpose),
            escape(&entry.basis),
            escape(&entry.receipt),
        );
    }
    page + "</tbody></table></body></html>\n"
}

fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_registered_as_markup_prints_as_text() {
        let entry = AccountingEntry {
            date: "2026-12-06T10:00:00Z".into(),
            recipient_name: "<script>alert(1)</script>".into(),
            recipient_identifier: "\"1234567893\"".into(),
            recipient_address: "addr".into(),
            description: "d".into(),
            purpose: "Treatment".into(),
            basis: "patient".into(),
            disclosure: "1".into(),
            receipt: "r".into(),
            signature: "s".into(),
        };
        let page = html("p&q", "2026", &[entry]);
        assert!(!page.contains("<script>"), "{page}");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(page.contains("&quot;1234567893&quot;"));
        assert!(page.contains("p&amp;q"));
    }
}
