//! `medshare audit`: the accounting of disclosures, read from the on-chain receipts or from an
//! indexer (`--indexer`), and `audit verify`, which checks an indexer's rows against the chain.

use super::{parse_date, parse_pubkey};
use crate::target::rpc_url;
use crate::{
    display::timestamp,
    failure::{fail, Exit},
};
use anyhow::Context;
use clap::{Args, Subcommand, ValueEnum};
use medshare_indexer::{
    follow::{FollowError, Follower},
    ingest::Indexed,
    query::{IndexedRow, Page},
};
use medshare_sdk::{
    accounting::AuditRow,
    client::{Client, ClientError, Party},
    connection::Connection,
};
use solana_program::pubkey::Pubkey;
use time::Date;

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Every disclosure: who disclosed what to whom, when, why and on what basis.
    ///
    /// Example: medshare audit disclosures --patient 9Qm...Hk --since 2026-01-01 --format csv
    Disclosures {
        #[command(flatten)]
        filter: AuditFilter,
        /// Read from the indexer at this URL instead of the chain's receipts (no
        /// `getProgramAccounts`); each row then names the transactions that made it.
        #[arg(long, env = "MEDSHARE_INDEXER")]
        indexer: Option<String>,
        #[arg(long, value_enum, default_value_t = AuditFormat::Table)]
        format: AuditFormat,
    },
    /// Checks every row an indexer holds (or those the filter picks) against the receipt on
    /// the chain, field by field, and against the transactions it names (over JSON-RPC: each
    /// must be finalized, have succeeded, and queue or settle that disclosure); exits 1 naming
    /// each row that differs.
    ///
    /// Example: medshare --url localhost audit verify --indexer http://127.0.0.1:8990
    Verify {
        #[command(flatten)]
        filter: AuditFilter,
        #[arg(long, env = "MEDSHARE_INDEXER")]
        indexer: String,
    },
}

#[derive(Args)]
pub struct AuditFilter {
    /// Only disclosures of this patient's record.
    #[arg(long, value_parser = parse_pubkey, conflicts_with = "provider")]
    patient: Option<Pubkey>,
    /// Only disclosures to this provider.
    #[arg(long, value_parser = parse_pubkey)]
    provider: Option<Pubkey>,
    /// Only disclosures queued on or after this day (YYYY-MM-DD, UTC).
    #[arg(long, value_parser = parse_date)]
    since: Option<Date>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum AuditFormat {
    Table,
    Json,
    Csv,
}

impl AuditCommand {
    /// The indexer `audit disclosures` reads from, when it needs no chain.
    pub fn reads_indexer_only(&self) -> bool {
        matches!(
            self,
            AuditCommand::Disclosures {
                indexer: Some(_),
                ..
            }
        )
    }
}

/// `audit disclosures --indexer`: the rows from the indexer, no chain involved.
pub async fn run_from_indexer(command: &AuditCommand) -> anyhow::Result<()> {
    let AuditCommand::Disclosures {
        filter,
        indexer: Some(indexer),
        format,
    } = command
    else {
        unreachable!("only for `audit disclosures --indexer`")
    };
    let rows = indexed_rows(indexer, filter).await?;
    print_rows(&rows, |row| &row.row, *format)
}

/// `url` is the chain's, as `--url` names it.
pub async fn run<C: Connection>(
    command: &AuditCommand,
    client: &mut Client<C>,
    url: &str,
) -> anyhow::Result<()> {
    match command {
        AuditCommand::Disclosures { filter, format, .. } => {
            let rows = chain_rows(client, filter).await?;
            print_rows(&rows, |row| row, *format)
        }
        AuditCommand::Verify { filter, indexer } => {
            let transactions = rpc_url(url)?.map(|rpc| Follower::new(&rpc, None));
            verify(client, transactions.as_ref(), indexer, filter).await
        }
    }
}

/// Rows as `format` writes them; `plain` is the accounting row within each.
fn print_rows<R: serde::Serialize>(
    rows: &[R],
    plain: impl Fn(&R) -> &AuditRow,
    format: AuditFormat,
) -> anyhow::Result<()> {
    match format {
        AuditFormat::Json => println!("{}", serde_json::to_string_pretty(rows)?),
        AuditFormat::Csv => {
            let mut writer = csv::Writer::from_writer(std::io::stdout());
            for row in rows {
                writer.serialize(row)?;
            }
            writer.flush()?;
        }
        AuditFormat::Table => print_table(rows.iter().map(plain)),
    }
    Ok(())
}

async fn chain_rows<C: Connection>(
    client: &mut Client<C>,
    filter: &AuditFilter,
) -> anyhow::Result<Vec<AuditRow>> {
    let party = match (filter.patient, filter.provider) {
        (Some(patient), _) => Party::Patient(patient),
        (None, Some(provider)) => Party::Provider(provider),
        (None, None) => Party::Anyone,
    };
    let since = (filter.since).map_or(i64::MIN, |day| day.midnight().assume_utc().unix_timestamp());
    Ok((client.disclosures(party).await?)
        .iter()
        .filter(|receipt| receipt.queued_at >= since)
        .map(AuditRow::new)
        .collect())
}

/// Every row the indexer holds that `filter` picks, page after page.
async fn indexed_rows(indexer: &str, filter: &AuditFilter) -> anyhow::Result<Vec<IndexedRow>> {
    let http = reqwest::Client::new();
    let url = format!("{}/disclosures", indexer.trim_end_matches('/'));
    let mut query: Vec<(&str, String)> = Vec::new();
    if let Some(patient) = filter.patient {
        query.push(("patient", patient.to_string()));
    }
    if let Some(provider) = filter.provider {
        query.push(("recipient", provider.to_string()));
    }
    if let Some(since) = filter.since {
        query.push(("since", since.to_string()));
    }
    let mut rows = Vec::new();
    let mut after = None;
    loop {
        let mut asked = query.clone();
        asked.extend(after.map(|after| ("after", after)));
        let response = (http.get(&url).query(&asked).send().await)
            .with_context(|| format!("reaching the indexer at {indexer}"))?;
        if !response.status().is_success() {
            let status = response.status();
            let body = response.text().await.unwrap_or_default();
            return Err(fail(
                Exit::Other,
                format!("the indexer answered {status}: {body}"),
            ));
        }
        let page: Page = (response.json().await).context("reading the indexer's answer")?;
        rows.extend(page.rows);
        match page.next {
            Some(next) => after = Some(next),
            None => return Ok(rows),
        }
    }
}

/// Compares each indexed row with the row its receipt on the chain gives and, given a node to
/// read them from, with the transactions it names.
async fn verify<C: Connection>(
    client: &mut Client<C>,
    transactions: Option<&Follower>,
    indexer: &str,
    filter: &AuditFilter,
) -> anyhow::Result<()> {
    let rows = indexed_rows(indexer, filter).await?;
    let mut differing = 0;
    for indexed in &rows {
        let offset: u64 = (indexed.row.disclosure.parse())
            .with_context(|| format!("the indexer's disclosure {:?}", indexed.row.disclosure))?;
        let mut problems = match client.disclosure(offset).await {
            Ok(receipt) if AuditRow::new(&receipt) == indexed.row => Vec::new(),
            Ok(receipt) => vec![format!(
                "the index says {:?}; the receipt says {:?}",
                indexed.row,
                AuditRow::new(&receipt)
            )],
            Err(ClientError::NotFound(_)) => {
                vec![format!(
                    "no receipt on the chain at {}",
                    indexed.row.receipt
                )]
            }
            Err(error) => return Err(error.into()),
        };
        if let Some(transactions) = transactions {
            problems.extend(transaction_problems(transactions, offset, indexed).await);
        }
        if !problems.is_empty() {
            differing += 1;
            for problem in problems {
                println!("{offset}: {problem}");
            }
        }
    }
    let against = match transactions {
        Some(_) => "their receipts and transactions",
        None => "their receipts",
    };
    println!(
        "{} row(s) checked against {against}: {} match, {differing} differ",
        rows.len(),
        rows.len() - differing
    );
    match differing {
        0 => Ok(()),
        _ => Err(fail(
            Exit::Other,
            format!("{differing} indexed row(s) differ from the chain"),
        )),
    }
}

/// What is wrong with the transactions `indexed` names: the one that queued it and, once
/// settled, the one that settled it must each be finalized, have succeeded, and queue (settle)
/// disclosure `offset`.
async fn transaction_problems(
    transactions: &Follower,
    offset: u64,
    indexed: &IndexedRow,
) -> Vec<String> {
    let mut problems = Vec::new();
    let mut check =
        |signature: &str, settles: bool, found: Result<Option<Indexed>, FollowError>| {
            let does = match found {
                Ok(Some(found)) if settles => {
                    found.settled.iter().any(|settled| settled.offset == offset)
                }
                Ok(Some(found)) => found.queued.iter().any(|queued| queued.offset == offset),
                Ok(None) => false,
                Err(error) => {
                    problems.push(format!(
                        "transaction {signature} cannot be read as finalized: {error}"
                    ));
                    return;
                }
            };
            if !does {
                let what = if settles { "settle" } else { "queue" };
                problems.push(format!("transaction {signature} does not {what} it"));
            }
        };
    let queued = &indexed.queued_signature;
    check(queued, false, transactions.indexed(queued).await);
    match &indexed.completed_signature {
        Some(settled) => check(settled, true, transactions.indexed(settled).await),
        None if !indexed.row.completed_at.is_empty() => {
            problems.push("settled, but the index names no transaction that settled it".into())
        }
        None => {}
    }
    problems
}

/// The accounting as a person reads it, one block per disclosure.
pub fn print_table<'a>(rows: impl IntoIterator<Item = &'a AuditRow>) {
    let mut none = true;
    for row in rows {
        none = false;
        println!("disclosure {} (receipt {})", row.disclosure, row.receipt);
        println!("   date           {}", readable(&row.queued_at));
        println!("   patient        {}", row.patient);
        println!("   recipient      {}", row.recipient);
        println!("   requester      {}", row.requester);
        println!("   fields         {}", row.fields.replace(' ', ", "));
        println!("   purpose        {}", row.purpose);
        println!("   basis          {}", row.basis);
        let what = match (row.subject.as_str(), row.version) {
            ("", Some(version)) => format!("{} version {version}", row.kind),
            (subject, Some(version)) => format!("{} {subject}, version {version}", row.kind),
            (subject, None) => format!("{} {subject}", row.kind),
        };
        println!("   what           {what}");
        println!(
            "   status         {} {}",
            row.status,
            readable(&row.completed_at)
        );
    }
    if none {
        println!("no disclosures");
    }
}

/// A row's RFC 3339 time as the rest of the command line shows times; empty stays empty.
fn readable(rfc3339: &str) -> String {
    let format = &time::format_description::well_known::Rfc3339;
    time::OffsetDateTime::parse(rfc3339, format)
        .map_or_else(|_| rfc3339.to_string(), |at| timestamp(at.unix_timestamp()))
}
