//! Durable storage: the update log, snapshots and settings. Only this module runs SQL.

mod sqlite;

use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;

pub use sqlite::SqliteStore;

/// A document as storage holds it: its newest snapshot and the updates logged after it.
#[derive(Debug, Default)]
pub struct StoredDocument {
    pub snapshot: Option<Vec<u8>>,
    /// Updates after the snapshot, oldest first.
    pub updates: Vec<Vec<u8>>,
    /// The sequence number of the last update included (in the snapshot or the log); 0 for a
    /// document never written.
    pub last_seq: i64,
}

/// Why storage failed. Callers do not retry blindly: a document that cannot commit closes its
/// connections so their clients resend what was not stored.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unsupported database address {0:?}: use sqlite://PATH")]
    UnsupportedUrl(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("a background storage task failed: {0}")]
    Task(String),
    #[error("database migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
}

/// What the rest of kinplan may ask of storage.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Answers while the database is reachable.
    async fn ping(&self) -> Result<(), StoreError>;

    /// The value of setting `name`, storing `value` first if the setting does not exist yet.
    /// Two processes racing on a fresh database agree on one value.
    async fn setting_or_insert(&self, name: &str, value: &str) -> Result<String, StoreError>;

    /// The snapshot and later updates of `document`, up to and including `up_to` when given,
    /// read in one consistent transaction.
    async fn load_document(
        &self,
        document: &str,
        up_to: Option<i64>,
    ) -> Result<StoredDocument, StoreError>;

    /// Appends `updates` to the log of `document` as sequence numbers `first_seq`, `first_seq + 1`,
    /// ... in one transaction. A sequence number taken already is an error, never an overwrite.
    async fn append_updates(
        &self,
        document: &str,
        first_seq: i64,
        updates: &[Bytes],
    ) -> Result<(), StoreError>;

    /// Replaces the snapshot of `document` with `state` (all updates up to `last_seq` merged) and
    /// drops those updates from the log, in one transaction. An older snapshot never replaces a
    /// newer one.
    async fn store_snapshot(
        &self,
        document: &str,
        state: &[u8],
        last_seq: i64,
    ) -> Result<(), StoreError>;

    /// How many updates the log of `document` holds (after its snapshot).
    async fn logged_update_count(&self, document: &str) -> Result<i64, StoreError>;
}

/// Opens the store the address names, creating and migrating it when needed.
pub async fn open(database_url: &str) -> Result<Arc<dyn Store>, StoreError> {
    if database_url.starts_with("sqlite:") {
        Ok(Arc::new(SqliteStore::open(database_url).await?))
    } else {
        Err(StoreError::UnsupportedUrl(database_url.to_owned()))
    }
}
