//! The index in SQLite or PostgreSQL, through one set of SQL statements both take (sqlx's `Any`
//! driver, `$n` parameters). Each batch of transactions is written in one database transaction
//! with the cursor, so a crash loses a whole batch or nothing, and a replay writes nothing twice.

use crate::ingest::{status_kind, FinalizedTransaction, Indexed};
use medshare_sdk::accounting::{rfc3339, status_words};
use sqlx::{
    any::{install_default_drivers, AnyPoolOptions},
    migrate::{Migration, MigrationType, Migrator},
    AnyPool, Row,
};
use std::{borrow::Cow, path::Path};

#[derive(Debug, thiserror::Error)]
pub enum DatabaseError {
    #[error("the database: {0}")]
    Sql(#[from] sqlx::Error),
    #[error("the database's schema: {0}")]
    Schema(#[from] sqlx::migrate::MigrateError),
}

pub type Result<T> = std::result::Result<T, DatabaseError>;

/// Where the indexer stopped: the newest transaction it wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub signature: String,
    pub slot: u64,
}

pub struct Database {
    pool: AnyPool,
}

/// The SQLite file the indexer keeps beside a ledger when given no database.
pub fn default_url(ledger: &Path) -> String {
    format!(
        "sqlite://{}?mode=rwc",
        ledger.join("indexer.sqlite").display()
    )
}

impl Database {
    /// Opens (creating where SQLite allows) the database at `url` and brings its schema up to
    /// date.
    pub async fn open(url: &str) -> Result<Self> {
        install_default_drivers();
        // SQLite takes one writer at a time; PostgreSQL serves readers beside the writer.
        let connections = if url.starts_with("sqlite:") { 1 } else { 4 };
        let pool = AnyPoolOptions::new()
            .max_connections(connections)
            .connect(url)
            .await?;
        let schema = Migration::new(
            1,
            Cow::Borrowed("transactions, events, disclosures, providers, set-aside rows"),
            MigrationType::Simple,
            Cow::Borrowed(include_str!("schema.sql")),
            false,
        );
        let migrator = Migrator {
            migrations: Cow::Owned(vec![schema]),
            ..Migrator::DEFAULT
        };
        migrator.run(&pool).await?;
        Ok(Self { pool })
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// How many rows `table` holds: a table of the schema, named by the code, never by a
    /// request.
    pub async fn count(&self, table: &'static str) -> Result<i64> {
        let row = sqlx::query(&format!("SELECT COUNT(*) AS n FROM {table}"))
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("n")?)
    }

    pub async fn cursor(&self) -> Result<Option<Cursor>> {
        let row = sqlx::query("SELECT signature, slot FROM indexer_cursor WHERE id = 1")
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|row| Cursor {
            signature: row.get("signature"),
            slot: row.get::<i64, _>("slot") as u64,
        }))
    }

    /// Writes `batch` (oldest first) and moves the cursor to `cursor`, all or nothing. A
    /// transaction already indexed is skipped whole.
    pub async fn write(
        &self,
        batch: &[(FinalizedTransaction, Indexed)],
        cursor: &Cursor,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        for (transaction, indexed) in batch {
            let signature = &transaction.signature;
            let new = sqlx::query(
                "INSERT INTO transactions (signature, slot, block_time) VALUES ($1, $2, $3) \
                 ON CONFLICT (signature) DO NOTHING",
            )
            .bind(signature)
            .bind(transaction.slot as i64)
            .bind(transaction.block_time)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if new == 0 {
                continue;
            }
            for event in &indexed.events {
                sqlx::query(
                    "INSERT INTO events (signature, position, slot, block_time, kind, data, summary) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(signature)
                .bind(i64::from(event.position))
                .bind(transaction.slot as i64)
                .bind(transaction.block_time)
                .bind(event.kind)
                .bind(&event.data)
                .bind(&event.summary)
                .execute(&mut *tx)
                .await?;
            }
            for aside in &indexed.set_aside {
                set_aside(
                    &mut tx,
                    signature,
                    i64::from(aside.position),
                    &aside.reason,
                    &aside.data,
                )
                .await?;
            }
            for queued in &indexed.queued {
                let row = &queued.row;
                sqlx::query(
                    "INSERT INTO disclosures (disclosure, receipt, queued_at, queued_unix, \
                     completed_at, completed_unix, patient, recipient, requester, fields, purpose, \
                     basis, basis_kind, kind, subject, version, status, status_kind, \
                     queued_signature) VALUES ($1, $2, $3, $4, '', 0, $5, $6, $7, $8, $9, $10, \
                     $11, $12, $13, $14, $15, 'queued', $16) ON CONFLICT (disclosure) DO NOTHING",
                )
                .bind(&row.disclosure)
                .bind(&row.receipt)
                .bind(&row.queued_at)
                .bind(queued.queued_at)
                .bind(&row.patient)
                .bind(&row.recipient)
                .bind(&row.requester)
                .bind(&row.fields)
                .bind(&row.purpose)
                .bind(&row.basis)
                .bind(queued.basis)
                .bind(&row.kind)
                .bind(&row.subject)
                .bind(row.version.map(|version| version as i64))
                .bind(&row.status)
                .bind(signature)
                .execute(&mut *tx)
                .await?;
            }
            for (settled, position) in indexed.settled.iter().zip(0i64..) {
                let updated = sqlx::query(
                    "UPDATE disclosures SET status = $1, status_kind = $2, completed_at = $3, \
                     completed_unix = $4, completed_signature = $5 \
                     WHERE disclosure = $6 AND completed_signature IS NULL",
                )
                .bind(status_words(settled.status))
                .bind(status_kind(settled.status))
                .bind(rfc3339(settled.completed_at))
                .bind(settled.completed_at)
                .bind(signature)
                .bind(settled.offset.to_string())
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if updated == 0 {
                    let reason = format!(
                        "settles disclosure {} that the index holds no open row for",
                        settled.offset
                    );
                    // Positions past the events' keep these apart from undecodable lines.
                    set_aside(&mut tx, signature, (1 << 32) + position, &reason, "").await?;
                }
            }
            for provider in &indexed.providers {
                sqlx::query(
                    "INSERT INTO providers (provider, name, identifier) VALUES ($1, $2, $3) \
                     ON CONFLICT (provider) DO UPDATE SET name = $2, identifier = $3",
                )
                .bind(&provider.provider)
                .bind(&provider.name)
                .bind(&provider.identifier)
                .execute(&mut *tx)
                .await?;
            }
        }
        sqlx::query(
            "INSERT INTO indexer_cursor (id, signature, slot) VALUES (1, $1, $2) \
             ON CONFLICT (id) DO UPDATE SET signature = $1, slot = $2",
        )
        .bind(&cursor.signature)
        .bind(cursor.slot as i64)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

async fn set_aside(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    signature: &str,
    position: i64,
    reason: &str,
    data: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO set_aside (signature, position, reason, data) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (signature, position) DO NOTHING",
    )
    .bind(signature)
    .bind(position)
    .bind(reason)
    .bind(data)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
