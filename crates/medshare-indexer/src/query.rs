//! The read side: disclosures by patient, recipient, basis, status and day, a page at a time,
//! and one patient's accounting of disclosures with the recipients' names.

use crate::database::{Database, Result};
use medshare_sdk::accounting::AuditRow;
use serde::{Deserialize, Serialize};
use sqlx::{any::AnyRow, Row};

/// The most rows one page holds, and the number when none is asked for.
pub const MAX_PAGE: u32 = 5_000;
pub const DEFAULT_PAGE: u32 = 500;

/// Which disclosures to read. Days are Unix seconds: `since` inclusive, `until` exclusive.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DisclosureFilter {
    pub patient: Option<String>,
    pub recipient: Option<String>,
    /// `patient`, `grant` or `emergency`.
    pub basis: Option<String>,
    /// `queued`, `delivered`, `failed`, `refused` or `expired`.
    pub status: Option<String>,
    pub since: Option<i64>,
    pub until: Option<i64>,
    /// The `next` of the page before.
    pub after: Option<String>,
    pub limit: Option<u32>,
}

/// A row of the accounting with where to check it on the chain: the receipt's address is in
/// the row, with the signatures of the transactions that queued and settled it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexedRow {
    #[serde(flatten)]
    pub row: AuditRow,
    pub queued_signature: String,
    /// None while queued.
    pub completed_signature: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Page {
    pub rows: Vec<IndexedRow>,
    /// Ask again with `after` set to this for the rows that follow; none after the last page.
    pub next: Option<String>,
}

/// A provider as it registered (the latest registration of its wallet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderRow {
    pub provider: String,
    pub name: String,
    pub identifier: String,
}

/// An `after` that does not come from a page of this index.
#[derive(Debug, thiserror::Error)]
#[error("{0:?} is not a page position this index gave (take `next` from the page before)")]
pub struct BadPosition(String);

const COLUMNS: &str = "disclosure, receipt, queued_at, queued_unix, completed_at, patient, \
    recipient, requester, fields, purpose, basis, kind, subject, version, status, \
    queued_signature, completed_signature";

impl Database {
    pub async fn providers(&self) -> Result<Vec<ProviderRow>> {
        let rows =
            sqlx::query("SELECT provider, name, identifier FROM providers ORDER BY provider")
                .fetch_all(self.pool())
                .await?;
        Ok(rows
            .iter()
            .map(|row| ProviderRow {
                provider: row.get("provider"),
                name: row.get("name"),
                identifier: row.get("identifier"),
            })
            .collect())
    }

    /// One page of disclosures in the order they were queued.
    pub async fn disclosures(
        &self,
        filter: &DisclosureFilter,
    ) -> std::result::Result<Result<Page>, BadPosition> {
        let after = match &filter.after {
            None => None,
            Some(position) => Some(parse_position(position)?),
        };
        Ok(self.page(filter, after).await)
    }

    async fn page(&self, filter: &DisclosureFilter, after: Option<(i64, String)>) -> Result<Page> {
        let limit = filter.limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE);
        let mut parameters = Parameters::default();
        let mut conditions = Vec::new();
        for (column, value) in [
            ("patient", &filter.patient),
            ("recipient", &filter.recipient),
            ("basis_kind", &filter.basis),
            ("status_kind", &filter.status),
        ] {
            if let Some(value) = value {
                let value = parameters.text(value);
                conditions.push(format!("{column} = {value}"));
            }
        }
        if let Some(since) = filter.since {
            conditions.push(format!("queued_unix >= {}", parameters.number(since)));
        }
        if let Some(until) = filter.until {
            conditions.push(format!("queued_unix < {}", parameters.number(until)));
        }
        if let Some((unix, disclosure)) = &after {
            let (unix, disclosure) = (parameters.number(*unix), parameters.text(disclosure));
            conditions.push(format!(
                "(queued_unix > {unix} OR (queued_unix = {unix} AND disclosure > {disclosure}))"
            ));
        }
        let clause = match conditions.is_empty() {
            true => String::new(),
            false => format!("WHERE {}", conditions.join(" AND ")),
        };
        let sql = format!(
            "SELECT {COLUMNS} FROM disclosures {clause} ORDER BY queued_unix, disclosure LIMIT {}",
            limit + 1
        );
        let mut query = sqlx::query(&sql);
        for parameter in parameters.0 {
            query = match parameter {
                Parameter::Text(text) => query.bind(text),
                Parameter::Number(number) => query.bind(number),
            };
        }
        let found = query.fetch_all(self.pool()).await?;
        let mut rows = Vec::with_capacity(found.len());
        let mut next = None;
        for (index, row) in found.iter().enumerate() {
            if index == limit as usize {
                let last: &AnyRow = &found[index - 1];
                next = Some(format!(
                    "{}.{}",
                    last.get::<i64, _>("queued_unix"),
                    last.get::<String, _>("disclosure")
                ));
                break;
            }
            rows.push(indexed_row(row)?);
        }
        Ok(Page { rows, next })
    }
}

/// A query's parameters in the order they are numbered.
#[derive(Default)]
struct Parameters(Vec<Parameter>);

enum Parameter {
    Text(String),
    Number(i64),
}

impl Parameters {
    /// Adds a parameter and returns its placeholder.
    fn add(&mut self, parameter: Parameter) -> String {
        self.0.push(parameter);
        format!("${}", self.0.len())
    }

    fn text(&mut self, text: &str) -> String {
        self.add(Parameter::Text(text.to_string()))
    }

    fn number(&mut self, number: i64) -> String {
        self.add(Parameter::Number(number))
    }
}

fn parse_position(position: &str) -> std::result::Result<(i64, String), BadPosition> {
    let bad = || BadPosition(position.to_string());
    let (unix, disclosure) = position.split_once('.').ok_or_else(bad)?;
    let unix = unix.parse().map_err(|_| bad())?;
    disclosure.parse::<u64>().map_err(|_| bad())?;
    Ok((unix, disclosure.to_string()))
}

fn indexed_row(row: &AnyRow) -> Result<IndexedRow> {
    Ok(IndexedRow {
        row: AuditRow {
            disclosure: row.try_get("disclosure")?,
            receipt: row.try_get("receipt")?,
            queued_at: row.try_get("queued_at")?,
            completed_at: row.try_get("completed_at")?,
            patient: row.try_get("patient")?,
            recipient: row.try_get("recipient")?,
            requester: row.try_get("requester")?,
            fields: row.try_get("fields")?,
            purpose: row.try_get("purpose")?,
            basis: row.try_get("basis")?,
            kind: row.try_get("kind")?,
            subject: row.try_get("subject")?,
            version: row
                .try_get::<Option<i64>, _>("version")?
                .map(|version| version as u64),
            status: row.try_get("status")?,
        },
        queued_signature: row.try_get("queued_signature")?,
        completed_signature: row.try_get("completed_signature")?,
    })
}
