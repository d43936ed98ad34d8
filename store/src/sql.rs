//! The SQL store, one set of queries for both databases through sqlx's `Any` driver: SQLite
//! (one file, WAL journal, `synchronous=FULL` so a commit survives a power cut as well as a killed
//! process) and PostgreSQL. Placeholders are `$1`, `$2`, … numbered in order of first use, which
//! both databases read the same way.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::MigrateDatabase;
use sqlx::{Any, AnyConnection, AnyPool, Connection, Executor, Row};

use super::log_appender::{LogAppender, LogTarget};
use super::{DocumentStore, StoreError, StoredDocument};

/// Which database is behind the pool; the SQL is shared, the migrations and tuning are not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of(database_url: &str) -> Option<Backend> {
        if database_url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if database_url.starts_with("postgres:") || database_url.starts_with("postgresql:") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }
}

/// Creates the SQLite file of `database_url`, if missing, readable and writable by its owner
/// alone (0600): it holds special category data. SQLite gives its journal files the same mode.
fn create_private_file(database_url: &str) -> Result<(), StoreError> {
    let path = database_url.trim_start_matches("sqlite:").trim_start_matches("//");
    let path = path.split('?').next().unwrap_or(path);
    if path.is_empty() || path == ":memory:" || std::path::Path::new(path).exists() {
        return Ok(());
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(error) => Err(StoreError::Task(format!("could not create the database file {path}: {error}"))),
    }
}

/// How often the SQLite journal is copied into the database file.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(1);

pub struct SqlStore {
    pub(super) pool: AnyPool,
    pub backend: Backend,
    /// Documents' appends to the update log, committed together when they arrive together.
    appender: LogAppender,
    /// Where the appender commits.
    pub(super) log_target: Arc<LogTarget>,
    /// On SQLite, the turn to write: one change of this process at a time (see [`WriteTransaction`]).
    write_turn: Arc<tokio::sync::Mutex<()>>,
}

/// How long a change waits for its turn to write before it gives up (as SQLite's busy timeout).
const WRITE_TURN_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// A transaction that will write. On SQLite it takes the write lock when it begins (BEGIN
/// IMMEDIATE): one begun as a reader that writes after another connection has committed cannot
/// wait for its turn and fails at once with "database is locked", and a change's reads come before
/// its writes. Changes of this process take turns before they take a connection of the pool, so a
/// change waiting for the lock never holds a connection that the change holding it needs for a
/// read; the update log's own connection, and other processes, wait in SQLite's busy handler.
pub(super) struct WriteTransaction {
    pub(super) transaction: sqlx::Transaction<'static, sqlx::Any>,
    pub(super) turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl SqlStore {
    /// Begins a transaction that will write, with the turn that goes with it on SQLite (see
    /// [`WriteTransaction`]).
    pub(super) async fn begin_write(&self) -> Result<WriteTransaction, StoreError> {
        match self.backend {
            Backend::Postgres => Ok(WriteTransaction { transaction: self.pool.begin().await?, turn: None }),
            Backend::Sqlite => {
                let turn = tokio::time::timeout(WRITE_TURN_WAIT, Arc::clone(&self.write_turn).lock_owned())
                    .await
                    .map_err(|_| StoreError::Task("the database stayed busy with other changes; try again".into()))?;
                let transaction = self.pool.begin_with("BEGIN IMMEDIATE").await?;
                Ok(WriteTransaction { transaction, turn: Some(turn) })
            }
        }
    }

    /// Begins a transaction whose every statement reads the same committed state. A document is
    /// read as its snapshot, then the updates after it; compaction meanwhile may store a newer
    /// snapshot and delete the updates it holds. PostgreSQL's default isolation gives each
    /// statement the state of its own start, so a load could get the old snapshot without the
    /// updates after it (and the node would then reuse their sequence numbers). SQLite's read
    /// transactions see one state already.
    async fn begin_consistent_read(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, StoreError> {
        let mut transaction = self.pool.begin().await?;
        if self.backend == Backend::Postgres {
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ").execute(&mut *transaction).await?;
        }
        Ok(transaction)
    }

    /// Opens (creating the database if it does not exist yet) and migrates.
    pub async fn open(database_url: &str, backend: Backend) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        if backend == Backend::Sqlite {
            create_private_file(database_url)?;
        }
        if !Any::database_exists(database_url).await? {
            Any::create_database(database_url).await?;
        }
        let pool = pool_options(backend, if backend == Backend::Sqlite { sqlite_pool_size() } else { 16 })
            .connect(database_url)
            .await?;
        match backend {
            Backend::Sqlite => sqlx::migrate!("./migrations/sqlite").run(&pool).await?,
            Backend::Postgres => sqlx::migrate!("./migrations/postgres").run(&pool).await?,
        }
        // SQLite writes through one connection at a time anyway; appending through a connection
        // of its own keeps its page cache valid from one commit to the next (the pool's
        // connections each reread what the others changed) and skips the pool's hand-offs.
        let log_target = match backend {
            Backend::Sqlite => {
                let own = Arc::new(LogTarget::own(database_url));
                tokio::spawn(checkpoint_in_background(pool.clone(), own.clone()));
                own
            }
            Backend::Postgres => Arc::new(LogTarget::Pool(pool.clone())),
        };
        Ok(SqlStore { pool, log_target, backend, appender: LogAppender::new(), write_turn: Arc::default() })
    }
}

impl SqlStore {
    /// Closes every connection, so the database's files can be replaced.
    pub async fn close(&self) {
        self.log_target.close().await;
        self.pool.close().await;
    }
}

/// Every SQLite connection's settings: the WAL journal, a commit on disk before it returns, no
/// checkpoints inside commits (see `checkpoint_in_background`), and deleted content overwritten
/// with zeros as it is deleted (a deleted child's record must not linger in free pages).
const SQLITE_SETTINGS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
     PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA wal_autocheckpoint = 0; \
     PRAGMA secure_delete = ON;";

/// One SQLite connection outside the pools, with the same settings.
pub(super) async fn open_sqlite_connection(url: &str) -> Result<AnyConnection, StoreError> {
    let mut connection = AnyConnection::connect(url).await?;
    connection.execute(SQLITE_SETTINGS).await?;
    Ok(connection)
}

/// Connections in the SQLite pool, each a thread with its own page cache, prepared statements and
/// schema: two per core, from two to eight. Reads run side by side in WAL mode; writes take turns
/// anyway, and the update log has a connection of its own.
fn sqlite_pool_size() -> u32 {
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get) as u32;
    (2 * cores).clamp(2, 8)
}

/// The pool settings for `backend`, with at most `connections` connections.
fn pool_options(backend: Backend, connections: u32) -> AnyPoolOptions {
    AnyPoolOptions::new()
        .max_connections(connections)
        .acquire_timeout(Duration::from_secs(10))
        // An embedded file does not drop its connections; a server may.
        .test_before_acquire(backend == Backend::Postgres)
        .after_connect(move |connection, _| {
            Box::pin(async move {
                if backend == Backend::Sqlite {
                    connection.execute(SQLITE_SETTINGS).await?;
                }
                Ok(())
            })
        })
}

/// By default SQLite copies its journal (WAL) into the database file every 1,000 pages, inside
/// whichever commit crosses the mark; that commit, and every document's edit waiting behind it,
/// then waits for the copy and an fsync of the database file. Here no commit checkpoints
/// (`wal_autocheckpoint = 0`): this task does, once a second, between two of the update log's
/// commits (`LogTarget::checkpoint`), and the journal then starts again from its beginning.
async fn checkpoint_in_background(pool: AnyPool, log: Arc<LogTarget>) {
    let mut every = tokio::time::interval(CHECKPOINT_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        if pool.is_closed() {
            return;
        }
        // Most of the copy first, from a connection of the pool: a passive checkpoint takes no
        // lock a commit needs, so commits go on meanwhile. Then the rest, between two of the
        // log's commits, which is short: done all at once there, the copy and the flush of the
        // database file held up every edit behind it for tens of milliseconds, once a second.
        if let Ok(mut connection) = pool.acquire().await {
            let _ = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)").execute(&mut *connection).await;
        }
        if let Err(error) = log.checkpoint().await {
            if pool.is_closed() {
                return;
            }
            tracing::warn!(%error, "could not copy the SQLite journal into the database; will retry");
        }
    }
}

#[async_trait]
impl DocumentStore for SqlStore {
    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn setting_or_insert(&self, name: &str, value: &str) -> Result<String, StoreError> {
        sqlx::query("INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
            .bind(name)
            .bind(value)
            .execute(&self.pool)
            .await?;
        let row = sqlx::query("SELECT value FROM settings WHERE name = $1").bind(name).fetch_one(&self.pool).await?;
        Ok(row.get(0))
    }

    async fn load_document(&self, document: &str, up_to: Option<i64>) -> Result<StoredDocument, StoreError> {
        let mut transaction = self.begin_consistent_read().await?;
        let snapshot = sqlx::query("SELECT state, last_seq FROM document_snapshots WHERE document = $1")
            .bind(document)
            .fetch_optional(&mut *transaction)
            .await?;
        let (snapshot, snapshot_seq) = match snapshot {
            Some(row) => (Some(row.get::<Vec<u8>, _>(0)), row.get::<i64, _>(1)),
            None => (None, 0),
        };
        let rows = sqlx::query(
            "SELECT seq, data FROM document_updates WHERE document = $1 AND seq > $2 AND seq <= $3 ORDER BY seq",
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

    async fn load_document_since(&self, document: &str, after_seq: i64) -> Result<StoredDocument, StoreError> {
        let mut transaction = self.begin_consistent_read().await?;
        let snapshot =
            sqlx::query("SELECT state, last_seq FROM document_snapshots WHERE document = $1 AND last_seq > $2")
                .bind(document)
                .bind(after_seq)
                .fetch_optional(&mut *transaction)
                .await?;
        let (snapshot, from_seq) = match snapshot {
            Some(row) => (Some(row.get::<Vec<u8>, _>(0)), row.get::<i64, _>(1)),
            None => (None, after_seq),
        };
        let rows = sqlx::query("SELECT seq, data FROM document_updates WHERE document = $1 AND seq > $2 ORDER BY seq")
            .bind(document)
            .bind(from_seq)
            .fetch_all(&mut *transaction)
            .await?;
        transaction.commit().await?;
        let last_seq = rows.last().map_or(from_seq, |row| row.get::<i64, _>(0));
        let updates = rows.into_iter().map(|row| row.get::<Vec<u8>, _>(1)).collect();
        Ok(StoredDocument { snapshot, updates, last_seq })
    }

    async fn document_head(&self, document: &str) -> Result<i64, StoreError> {
        let row = sqlx::query(
            "SELECT COALESCE(MAX(head), 0) FROM (SELECT MAX(seq) AS head FROM document_updates WHERE document = $1 \
             UNION ALL SELECT last_seq AS head FROM document_snapshots WHERE document = $1) AS heads",
        )
        .bind(document)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.get(0))
    }

    async fn append_updates(&self, document: &str, first_seq: i64, updates: &[Bytes]) -> Result<(), StoreError> {
        self.appender.append(&self.log_target, document, first_seq, updates).await
    }

    async fn store_snapshot(&self, document: &str, state: &[u8], last_seq: i64) -> Result<(), StoreError> {
        self.log_target.store_snapshot(document, state, last_seq).await
    }

    async fn logged_update_count(&self, document: &str) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) FROM document_updates WHERE document = $1")
            .bind(document)
            .fetch_one(&self.pool)
            .await?;
        Ok(row.get(0))
    }
}
