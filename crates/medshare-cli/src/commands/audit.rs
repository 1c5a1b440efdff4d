//! `medshare audit`: the accounting of disclosures, read from the on-chain receipts.

use super::{parse_date, parse_pubkey, provider::status};
use crate::display::{fields, timestamp};
use clap::{Subcommand, ValueEnum};
use medshare_sdk::{
    addresses,
    client::{Client, Party},
    connection::Connection,
    record::field_set_names,
};
use serde::Serialize;
use share_medical_records::state::{Disclosure, DisclosureBasis, DisclosureSubject};
use solana_program::pubkey::Pubkey;
use time::Date;

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Every disclosure: who disclosed what to whom, when, why and on what basis.
    ///
    /// Example: medshare audit disclosures --patient 9Qm...Hk --since 2026-01-01 --format csv
    Disclosures {
        /// Only disclosures of this patient's record.
        #[arg(long, value_parser = parse_pubkey, conflicts_with = "provider")]
        patient: Option<Pubkey>,
        /// Only disclosures to this provider.
        #[arg(long, value_parser = parse_pubkey)]
        provider: Option<Pubkey>,
        /// Only disclosures queued on or after this day (YYYY-MM-DD, UTC).
        #[arg(long, value_parser = parse_date)]
        since: Option<Date>,
        #[arg(long, value_enum, default_value_t = AuditFormat::Table)]
        format: AuditFormat,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum AuditFormat {
    Table,
    Json,
    Csv,
}

/// One line of the accounting, as JSON and CSV carry it.
#[derive(Serialize)]
struct Row {
    /// A string: offsets exceed the integers JSON readers such as JavaScript hold exactly.
    disclosure: String,
    receipt: String,
    queued_at: String,
    completed_at: String,
    patient: String,
    recipient: String,
    requester: String,
    fields: String,
    purpose: String,
    basis: String,
    /// What was disclosed: `record`, `document` (its file key) or `attestation` (its body).
    kind: String,
    /// The document's or attestation's address; empty for a record.
    subject: String,
    /// The record's or document's version; none for an attestation.
    version: Option<u64>,
    status: String,
}

impl Row {
    fn new(receipt: &Disclosure) -> Self {
        let basis = match receipt.basis {
            DisclosureBasis::Patient => "patient".to_string(),
            DisclosureBasis::Grant(grant) => format!("grant {grant}"),
            DisclosureBasis::Emergency(why) => format!("emergency {why:?}"),
        };
        let (kind, subject, version) = match receipt.subject {
            DisclosureSubject::Record { version } => ("record", String::new(), Some(version)),
            DisclosureSubject::Document { address, version } => {
                ("document", address.to_string(), Some(version))
            }
            DisclosureSubject::Attestation { address } => {
                ("attestation", address.to_string(), None)
            }
        };
        let completed = receipt.completed_at;
        Row {
            disclosure: receipt.computation_offset.to_string(),
            receipt: addresses::receipt(receipt.computation_offset).to_string(),
            queued_at: rfc3339(receipt.queued_at),
            completed_at: if completed == 0 {
                String::new()
            } else {
                rfc3339(completed)
            },
            patient: receipt.patient.to_string(),
            recipient: receipt.provider.to_string(),
            requester: receipt.requester.to_string(),
            fields: field_set_names(receipt.fields).join(" "),
            purpose: format!("{:?}", receipt.purpose),
            basis,
            kind: kind.to_string(),
            subject,
            version,
            status: status(receipt.status),
        }
    }
}

/// Machine formats carry times as RFC 3339 in UTC.
fn rfc3339(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|time| {
            time.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| unix.to_string())
}

pub async fn run<C: Connection>(
    command: &AuditCommand,
    client: &mut Client<C>,
) -> anyhow::Result<()> {
    let AuditCommand::Disclosures {
        patient,
        provider,
        since,
        format,
    } = command;
    let party = match (patient, provider) {
        (Some(patient), _) => Party::Patient(*patient),
        (None, Some(provider)) => Party::Provider(*provider),
        (None, None) => Party::Anyone,
    };
    let since = since.map_or(i64::MIN, |day| day.midnight().assume_utc().unix_timestamp());
    let receipts: Vec<Disclosure> = (client.disclosures(party).await?)
        .into_iter()
        .filter(|receipt| receipt.queued_at >= since)
        .collect();
    match format {
        AuditFormat::Json => {
            let rows: Vec<Row> = receipts.iter().map(Row::new).collect();
            println!("{}", serde_json::to_string_pretty(&rows)?);
        }
        AuditFormat::Csv => {
            let mut writer = csv::Writer::from_writer(std::io::stdout());
            for receipt in &receipts {
                writer.serialize(Row::new(receipt))?;
            }
            writer.flush()?;
        }
        AuditFormat::Table => print_table(&receipts),
    }
    Ok(())
}

/// The accounting as a person reads it, one block per disclosure.
pub fn print_table(receipts: &[Disclosure]) {
    if receipts.is_empty() {
        println!("no disclosures");
        return;
    }
    for receipt in receipts {
        let row = Row::new(receipt);
        println!("disclosure {} (receipt {})", row.disclosure, row.receipt);
        println!("   date           {}", timestamp(receipt.queued_at));
        println!("   patient        {}", row.patient);
        println!("   recipient      {}", row.recipient);
        println!("   requester      {}", row.requester);
        println!("   fields         {}", fields(receipt.fields));
        println!("   purpose        {}", row.purpose);
        println!("   basis          {}", row.basis);
        let what = match (row.subject.as_str(), row.version) {
            ("", Some(version)) => format!("{} version {version}", row.kind),
            (subject, Some(version)) => format!("{} {subject}, version {version}", row.kind),
            (subject, None) => format!("{} {subject}", row.kind),
        };
        println!("   what           {what}");
        let completed = match receipt.completed_at {
            0 => String::new(),
            at => timestamp(at),
        };
        println!("   status         {} {completed}", row.status);
    }
}
