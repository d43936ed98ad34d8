//! Backups of a SQLite database: checking a copy before it is put back, putting it back, and
//! reading the tombstones of the database it replaces (so a restore can make every erasure made
//! since the backup again).

use std::path::{Path, PathBuf};

use sqlx::any::AnyConnectOptions;
use sqlx::{ConnectOptions, Connection, Row};

use crate::model::Erasure;
use crate::StoreError;

/// The file of a `sqlite://PATH` address; none for anything else or an in-memory database.
pub fn sqlite_path(database_url: &str) -> Option<PathBuf> {
    let path = database_url.strip_prefix("sqlite:")?.trim_start_matches("//");
    let path = path.split('?').next().unwrap_or(path);
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

/// What a backup holds, once checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSummary {
    /// The newest schema change it was made with.
    pub schema_version: i64,
    pub meetings: i64,
    pub erasures: i64,
}

async fn read_only(path: &Path) -> Result<sqlx::AnyConnection, StoreError> {
    sqlx::any::install_default_drivers();
    let url = format!("sqlite://{}?mode=ro", path.display());
    let options: AnyConnectOptions = url.parse()?;
    Ok(options.connect().await?)
}

/// Checks that `path` is a whole, undamaged kinplan database that this kinplan can open: SQLite's
/// integrity check passes, and it was made by this version or an earlier one.
pub async fn check_backup(path: &Path) -> Result<BackupSummary, StoreError> {
    if !path.is_file() {
        return Err(StoreError::Backup(format!("there is no file {}", path.display())));
    }
    let mut connection = read_only(path)
        .await
        .map_err(|error| StoreError::Backup(format!("{} is not a SQLite database ({error})", path.display())))?;
    let integrity: String = sqlx::query("PRAGMA integrity_check")
        .fetch_one(&mut connection)
        .await
        .map_err(|error| StoreError::Backup(format!("{} is not a SQLite database ({error})", path.display())))?
        .get(0);
    if integrity != "ok" {
        return Err(StoreError::Backup(format!("{} is damaged: {integrity}", path.display())));
    }
    let schema_version: i64 = sqlx::query("SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success")
        .fetch_one(&mut connection)
        .await
        .map_err(|_| StoreError::Backup(format!("{} is not a kinplan database", path.display())))?
        .get(0);
    let newest_known =
        sqlx::migrate!("./migrations/sqlite").iter().map(|migration| migration.version).max().unwrap_or(0);
    if schema_version > newest_known {
        return Err(StoreError::Backup(format!(
            "{} was made by a newer kinplan (schema {schema_version}, this one knows up to {newest_known}): restore it \
             with that version",
            path.display()
        )));
    }
    let meetings: i64 = sqlx::query("SELECT COUNT(*) FROM meetings").fetch_one(&mut connection).await?.get(0);
    let has_erasures: i64 =
        sqlx::query("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'erasures'")
            .fetch_one(&mut connection)
            .await?
            .get(0);
    let erasures: i64 = if has_erasures > 0 {
        sqlx::query("SELECT COUNT(*) FROM erasures").fetch_one(&mut connection).await?.get(0)
    } else {
        0
    };
    connection.close().await?;
    Ok(BackupSummary { schema_version, meetings, erasures })
}

/// The tombstones of the database at `database_url`, when it exists (it may be lost: then there is
/// nothing to read).
pub async fn erasures_in(database_url: &str) -> Result<Vec<Erasure>, StoreError> {
    let Some(path) = sqlite_path(database_url).filter(|path| path.is_file()) else { return Ok(Vec::new()) };
    let store = crate::SqlStore::open(database_url, crate::Backend::Sqlite).await?;
    let erasures = crate::RetentionStore::erasures(&store).await?;
    store.close().await;
    drop(path);
    Ok(erasures)
}

/// Puts the backup at `from` in place of the SQLite database at `database_url`: a copy is written
/// beside it, made private (0600), flushed, and renamed over it; the old journal files go first, so
/// SQLite never applies the old database's journal to the restored one.
pub fn install_backup(database_url: &str, from: &Path) -> Result<(), StoreError> {
    let target = sqlite_path(database_url)
        .ok_or(StoreError::Unsupported("a backup is put back into a SQLite database (sqlite://PATH)"))?;
    let staging = target.with_extension("restoring");
    let io = |what: &str, error: std::io::Error| StoreError::Backup(format!("{what}: {error}"));
    std::fs::copy(from, &staging).map_err(|error| io("could not copy the backup beside the database", error))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&staging, std::fs::Permissions::from_mode(0o600))
            .map_err(|error| io("could not make the copy private", error))?;
    }
    std::fs::File::open(&staging)
        .and_then(|file| file.sync_all())
        .map_err(|error| io("could not flush the copy to disk", error))?;
    for journal in ["-wal", "-shm"] {
        let mut name = target.clone().into_os_string();
        name.push(journal);
        match std::fs::remove_file(PathBuf::from(name)) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(io("could not remove the old journal", error)),
        }
    }
    std::fs::rename(&staging, &target).map_err(|error| io("could not put the copy in place", error))?;
    Ok(())
}

/// Creates `path` empty and private (0600), for a backup to be written into: it holds special
/// category data. An existing file is refused.
pub fn create_backup_file(path: &Path) -> Result<(), StoreError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map(drop).map_err(|error| match error.kind() {
        std::io::ErrorKind::AlreadyExists => {
            StoreError::Backup(format!("{} exists already: give a new file's name", path.display()))
        }
        _ => StoreError::Backup(format!("could not create {}: {error}", path.display())),
    })
}
