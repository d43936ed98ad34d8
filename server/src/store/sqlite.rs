//! The SQLite store: one file, WAL journal, and `synchronous=FULL` so that a commit survives a
//! power cut as well as a killed process.

use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqlitePool};

use super::{DocumentStore, StoreError, StoredDocument};

pub struct SqliteStore {
    pub(super) pool: SqlitePool,
}

impl SqliteStore {
    pub async fn open(database_url: &str) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str(database_url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
        Ok(SqliteStore { pool })
    }
}

#[async_trait]
impl DocumentStore for SqliteStore {
    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn setting_or_insert(&self, name: &str, value: &str) -> Result<String, StoreError> {
        sqlx::query("INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")
            .bind(name)
            .bind(value)
            .execute(&self.pool)
            .await?;
        let row = sqlx::query("SELECT value FROM settings WHERE name = ?").bind(name).fetch_one(&self.pool).await?;
        Ok(row.get(0))
    }

    async fn load_document(&self, document: &str, up_to: Option<i64>) -> Result<StoredDocument, StoreError> {
        let mut transaction = self.pool.begin().await?;
        let snapshot = sqlx::query("SELECT state, last_seq FROM document_snapshots WHERE document = ?")
            .bind(document)
            .fetch_optional(&mut *transaction)
            .await?;
        let (snapshot, snapshot_seq) = match snapshot {
            Some(row) => (Some(row.get::<Vec<u8>, _>(0)), row.get::<i64, _>(1)),
            None => (None, 0),
        };
        let rows = sqlx::query(
            "SELECT seq, data FROM document_updates WHERE document = ? AND seq > ? AND seq <= ? ORDER BY seq",
        )
        .bind(document)
        .bind(snapshot_seq)
        .bind(up_to.unwrap_or(i64::MAX))
        .fetch_all(&mut *transaction)
        .await?;
        transaction.commit().await?;
        let last_seq = rows.last().map_or(snapshot_seq, |row| row.get::<i64, _>(0));
        let updates = rows.into_iter().map(|row| row.get::<Vec<u8>, _>(1)).collect();
        Ok(StoredDocument { snapshot, updates, last_seq })
    }

    async fn append_updates(&self, document: &str, first_seq: i64, updates: &[Bytes]) -> Result<(), StoreError> {
        let mut transaction = self.pool.begin().await?;
        for (offset, update) in updates.iter().enumerate() {
            sqlx::query("INSERT INTO document_updates (document, seq, data) VALUES (?, ?, ?)")
                .bind(document)
                .bind(first_seq + offset as i64)
                .bind(update.as_ref())
                .execute(&mut *transaction)
                .await?;
        }
        transaction.commit().await?;
        Ok(())
    }

    async fn store_snapshot(&self, document: &str, state: &[u8], last_seq: i64) -> Result<(), StoreError> {
        let mut transaction = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO document_snapshots (document, state, last_seq) VALUES (?, ?, ?) \
             ON CONFLICT (document) DO UPDATE SET state = excluded.state, last_seq = excluded.last_seq, \
             updated_at = CURRENT_TIMESTAMP WHERE excluded.last_seq > document_snapshots.last_seq",
        )
        .bind(document)
        .bind(state)
        .bind(last_seq)
        .execute(&mut *transaction)
        .await?;
        sqlx::query("DELETE FROM document_updates WHERE document = ? AND seq <= ?")
            .bind(document)
            .bind(last_seq)
            .execute(&mut *transaction)
            .await?;
        transaction.commit().await?;
        Ok(())
    }

    async fn logged_update_count(&self, document: &str) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) FROM document_updates WHERE document = ?")
            .bind(document)
            .fetch_one(&self.pool)
            .await?;
        Ok(row.get(0))
    }
}
