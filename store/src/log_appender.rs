//! Group commit for the update log: appends that arrive while a commit is under way wait for it,
//! then go to the database together, as one statement and so one transaction and one fsync.
//!
//! There is no writer task. The first caller to find nobody committing becomes the leader: it
//! commits everything queued (its own append among it) and answers the others; if more queued
//! meanwhile, it hands the lead to the oldest of those callers and returns. Every leader commits
//! once, so no document waits behind another's stream of commits, and an idle store costs a mutex.
//!
//! One multi-row `INSERT` is atomic in both databases. When it fails because a sequence number is
//! taken (another node committed it first), nothing of it was written; each append is then tried
//! on its own, so only the document that conflicted hears of it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use bytes::Bytes;
use sqlx::{AnyConnection, AnyPool};
use tokio::sync::oneshot;

use super::StoreError;

/// The most rows one statement inserts: well under both databases' limits on parameters
/// (3 a row; SQLite allows 32,766, PostgreSQL 65,535).
const MAX_ROWS: usize = 4096;

/// Where the appender commits.
pub(super) enum LogTarget {
    /// A connection from the pool for each batch (PostgreSQL: connections to a server come and go).
    Pool(AnyPool),
    /// One connection of its own, opened on first use and again after a failure (SQLite: its page
    /// cache stays valid from one commit to the next, and no pool stands between commits).
    Own { url: String, connection: tokio::sync::Mutex<Option<AnyConnection>> },
}

impl LogTarget {
    pub(super) fn own(url: &str) -> Self {
        LogTarget::Own { url: url.to_owned(), connection: tokio::sync::Mutex::new(None) }
    }

    /// Stores `state` as the snapshot of `document` up to `last_seq` and deletes the updates it
    /// holds, in one transaction. On SQLite it goes through the appender's own connection, so it
    /// takes turns with the appends: from a connection of the pool, an append that met it holding
    /// the write lock slept in SQLite's busy handler (1 ms, then 2, then 5) instead of waiting just
    /// as long as it took, and compaction runs every thousand updates of a busy document.
    pub(super) async fn store_snapshot(&self, document: &str, state: &[u8], last_seq: i64) -> Result<(), StoreError> {
        match self {
            LogTarget::Pool(pool) => store_snapshot_on(&mut *pool.acquire().await?, document, state, last_seq).await,
            LogTarget::Own { url, connection } => {
                on_own_connection(
                    url,
                    connection,
                    async |own| store_snapshot_on(own, document, state, last_seq).await,
                    Result::is_err,
                )
                .await?
            }
        }
    }

    /// Copies SQLite's journal (WAL) into the database file through the appender's own
    /// connection, so no append commits while it runs: the next one then finds the journal fully
    /// copied and writes it again from its start. A checkpoint beside a steady stream of commits
    /// never saw the journal fully copied at the moment a commit began, so the journal grew for
    /// as long as the stream lasted (10 MB in a 5-s benchmark), and every commit's fsync also
    /// had to record the file's new size. For a pool (PostgreSQL) there is nothing to do.
    pub(super) async fn checkpoint(&self) -> Result<(), StoreError> {
        let LogTarget::Own { url, connection } = self else {
            return Ok(());
        };
        on_own_connection(
            url,
            connection,
            async |own| {
                sqlx::query("PRAGMA wal_checkpoint(PASSIVE)").execute(own).await.map(drop).map_err(StoreError::from)
            },
            Result::is_err,
        )
        .await?
    }
}

impl LogTarget {
    /// Closes the appender's own connection, if open.
    pub(super) async fn close(&self) {
        if let LogTarget::Own { connection, .. } = self {
            if let Some(own) = connection.lock().await.take() {
                let _ = sqlx::Connection::close(own).await;
            }
        }
    }

    /// Copies the whole journal into the database file and empties it, so no page of content
    /// deleted since (SQLite overwrites deleted content in the database with `secure_delete`)
    /// survives in the journal's older frames. A reader holding an older state makes SQLite
    /// answer "busy"; this tries again for up to ten seconds. For a pool (PostgreSQL) there is
    /// nothing to do.
    pub(super) async fn empty_journal(&self) -> Result<(), StoreError> {
        let LogTarget::Own { url, connection } = self else {
            return Ok(());
        };
        for _ in 0..100 {
            let busy = on_own_connection(
                url,
                connection,
                async |own| -> Result<i64, StoreError> {
                    let row = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").fetch_one(own).await?;
                    Ok(sqlx::Row::get::<i64, _>(&row, 0))
                },
                Result::is_err,
            )
            .await??;
            if busy == 0 {
                return Ok(());
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        Err(StoreError::Task("the journal could not be emptied: a reader kept it busy for ten seconds".into()))
    }
}

/// Runs `work` on the appender's own connection, opening it first if need be, and holds the
/// connection meanwhile, so nothing else commits through it. When `failed` says so of the outcome,
/// the connection is dropped and the next caller opens a fresh one.
async fn on_own_connection<R>(
    url: &str,
    connection: &tokio::sync::Mutex<Option<AnyConnection>>,
    work: impl AsyncFnOnce(&mut AnyConnection) -> R,
    failed: impl Fn(&R) -> bool,
) -> Result<R, StoreError> {
    let mut slot = connection.lock().await;
    if slot.is_none() {
        *slot = Some(super::sql::open_sqlite_connection(url).await?);
    }
    let outcome = work(slot.as_mut().expect("opened above")).await;
    if failed(&outcome) {
        *slot = None;
    }
    Ok(outcome)
}

pub(super) struct LogAppender {
    queue: Mutex<Queue>,
    next_id: AtomicU64,
}

#[derive(Default)]
struct Queue {
    waiting: Vec<Append>,
    /// Set while a leader is committing or the lead is on its way to the next caller.
    leading: bool,
}

struct Append {
    id: u64,
    document: String,
    first_seq: i64,
    updates: Vec<Bytes>,
    /// Taken when this caller is given the lead: a leader answers itself.
    reply: Option<oneshot::Sender<Reply>>,
}

enum Reply {
    Done(Result<(), StoreError>),
    Lead,
}

impl LogAppender {
    pub(super) fn new() -> Self {
        LogAppender { queue: Mutex::new(Queue::default()), next_id: AtomicU64::new(1) }
    }

    /// Appends `updates` to the log of `document` as `first_seq`, `first_seq + 1`, … atomically,
    /// possibly in one transaction with other documents' appends.
    pub(super) async fn append(
        &self,
        target: &LogTarget,
        document: &str,
        first_seq: i64,
        updates: &[Bytes],
    ) -> Result<(), StoreError> {
        if updates.is_empty() {
            return Ok(());
        }
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (reply, replied) = oneshot::channel();
        let append =
            Append { id, document: document.to_owned(), first_seq, updates: updates.to_vec(), reply: Some(reply) };
        let lead_now = {
            let mut queue = self.lock();
            queue.waiting.push(append);
            !std::mem::replace(&mut queue.leading, true)
        };
        if !lead_now {
            let mut waiting = Waiting { appender: self, id, replied: Some(replied) };
            let reply = waiting.replied.as_mut().expect("set above").await;
            waiting.replied = None;
            match reply {
                Ok(Reply::Done(outcome)) => return outcome,
                Ok(Reply::Lead) => {}
                Err(_) => return Err(StoreError::Task("the commit was abandoned".into())),
            }
        }
        // Whatever happens from here, even if this future is dropped, the lead moves on and the
        // others' appends are not lost.
        let mut leading = Leading { appender: self, id, batch: self.take_batch(id) };
        // Boxed, in a statement of its own: every waiting caller's future would otherwise keep room
        // for a commit's state, and a thousand documents appending at once held 1.7 MB that way.
        let committing = Box::pin(commit_batch(target, &leading.batch));
        let outcomes = committing.await;
        let mut own = Err(StoreError::Task("the append was not in its own batch".into()));
        for (append, outcome) in std::mem::take(&mut leading.batch).into_iter().zip(outcomes) {
            if append.id == id {
                own = outcome;
            } else if let Some(reply) = append.reply {
                let _ = reply.send(Reply::Done(outcome));
            }
        }
        own
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The appends the leader `id` commits: its own first, then the oldest others up to MAX_ROWS.
    fn take_batch(&self, id: u64) -> Vec<Append> {
        let mut queue = self.lock();
        let own = queue.waiting.iter().position(|append| append.id == id).expect("a leader's append is queued");
        let mut batch = vec![queue.waiting.remove(own)];
        let mut rows = batch[0].updates.len();
        while let Some(next) = queue.waiting.first() {
            if rows + next.updates.len() > MAX_ROWS {
                break;
            }
            rows += next.updates.len();
            batch.push(queue.waiting.remove(0));
        }
        batch
    }

    /// Gives the lead to the oldest waiting caller, or lets it go when nobody waits.
    fn hand_over(&self) {
        let mut queue = self.lock();
        while let Some(next) = queue.waiting.first_mut() {
            let reply = next.reply.take().expect("a waiting append has its reply");
            if reply.send(Reply::Lead).is_ok() {
                return;
            }
            // That caller is gone; its append goes with it.
            queue.waiting.remove(0);
        }
        queue.leading = false;
    }
}

/// A caller waiting for its append. Dropped while waiting, it withdraws the append, and passes on
/// the lead if the lead had just been given to it.
struct Waiting<'a> {
    appender: &'a LogAppender,
    id: u64,
    replied: Option<oneshot::Receiver<Reply>>,
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        let Some(mut replied) = self.replied.take() else { return };
        // Withdrawn and asked under the queue's lock, which `hand_over` holds while it gives the
        // lead: either the lead came before (and is passed on) or the append is gone and it will
        // not come. Asked before taking the lock, the lead could arrive in between and be lost,
        // and every later append wait for a leader that never comes.
        let was_given_the_lead = {
            let mut queue = self.appender.lock();
            queue.waiting.retain(|append| append.id != self.id);
            matches!(replied.try_recv(), Ok(Reply::Lead))
        };
        if was_given_the_lead {
            self.appender.hand_over();
        }
    }
}

/// A leader and the batch it is committing. Dropped before the batch was answered (its caller
/// gave up), it puts the others' appends back at the head of the queue for the next leader.
/// Either way the lead moves on.
struct Leading<'a> {
    appender: &'a LogAppender,
    id: u64,
    batch: Vec<Append>,
}

impl Drop for Leading<'_> {
    fn drop(&mut self) {
        let unanswered: Vec<Append> = self.batch.drain(..).filter(|append| append.id != self.id).collect();
        if !unanswered.is_empty() {
            let mut queue = self.appender.lock();
            let later = std::mem::replace(&mut queue.waiting, unanswered);
            queue.waiting.extend(later);
        }
        self.appender.hand_over();
    }
}

/// Commits `batch` as one statement; on a taken sequence number, each append on its own. Gives
/// one outcome per append, in order.
async fn commit_batch(target: &LogTarget, batch: &[Append]) -> Vec<Result<(), StoreError>> {
    match target {
        LogTarget::Pool(pool) => match pool.acquire().await {
            Ok(mut connection) => commit_on(&mut connection, batch).await,
            Err(error) => fail_all(StoreError::Database(error), batch.len()),
        },
        LogTarget::Own { url, connection } => {
            // A database error may have left the connection unusable: the next batch opens another.
            let failed = |outcomes: &Vec<Result<(), StoreError>>| {
                outcomes.iter().any(|outcome| matches!(outcome, Err(StoreError::Database(_))))
            };
            match on_own_connection(url, connection, async |own| commit_on(own, batch).await, failed).await {
                Ok(outcomes) => outcomes,
                Err(error) => fail_all(error, batch.len()),
            }
        }
    }
}

/// The first outcome carries `error`; the others say the same in words.
fn fail_all(error: StoreError, appends: usize) -> Vec<Result<(), StoreError>> {
    let message = error.to_string();
    let mut outcomes = vec![Err(error)];
    outcomes.extend((1..appends).map(|_| Err(StoreError::Task(message.clone()))));
    outcomes
}

async fn commit_on(connection: &mut AnyConnection, batch: &[Append]) -> Vec<Result<(), StoreError>> {
    match insert(connection, batch).await {
        Ok(()) => batch.iter().map(|_| Ok(())).collect(),
        Err(StoreError::Conflict(_)) if batch.len() > 1 => {
            let mut outcomes = Vec::with_capacity(batch.len());
            for append in batch {
                outcomes.push(insert_one(connection, append).await);
            }
            outcomes
        }
        Err(StoreError::Conflict(reason)) => vec![settle_conflict(connection, &batch[0], reason).await],
        Err(error) => fail_all(error, batch.len()),
    }
}

async fn insert_one(connection: &mut AnyConnection, append: &Append) -> Result<(), StoreError> {
    match insert(connection, std::slice::from_ref(append)).await {
        Err(StoreError::Conflict(reason)) => settle_conflict(connection, append, reason).await,
        other => other,
    }
}

/// A taken sequence number is no conflict when the log holds exactly this append already: a
/// leader that gave up after sending its statement may have committed it.
async fn settle_conflict(
    connection: &mut AnyConnection,
    append: &Append,
    reason: &'static str,
) -> Result<(), StoreError> {
    use sqlx::Row;
    let last_seq = append.first_seq + append.updates.len() as i64 - 1;
    let rows =
        sqlx::query("SELECT data FROM document_updates WHERE document = $1 AND seq >= $2 AND seq <= $3 ORDER BY seq")
            .bind(append.document.as_str())
            .bind(append.first_seq)
            .bind(last_seq)
            .fetch_all(&mut *connection)
            .await?;
    let same = rows.len() == append.updates.len()
        && rows.iter().zip(&append.updates).all(|(row, update)| row.get::<Vec<u8>, _>(0) == update.as_ref());
    if same {
        Ok(())
    } else {
        Err(StoreError::Conflict(reason))
    }
}

/// The snapshot's transaction of `LogTarget::store_snapshot`, on `connection`.
async fn store_snapshot_on(
    connection: &mut AnyConnection,
    document: &str,
    state: &[u8],
    last_seq: i64,
) -> Result<(), StoreError> {
    use sqlx::Connection;
    let mut transaction = connection.begin().await?;
    sqlx::query(
        "INSERT INTO document_snapshots (document, state, last_seq) VALUES ($1, $2, $3) \
         ON CONFLICT (document) DO UPDATE SET state = excluded.state, last_seq = excluded.last_seq, \
         updated_at = CURRENT_TIMESTAMP WHERE excluded.last_seq > document_snapshots.last_seq",
    )
    .bind(document)
    .bind(state)
    .bind(last_seq)
    .execute(&mut *transaction)
    .await?;
    sqlx::query("DELETE FROM document_updates WHERE document = $1 AND seq <= $2")
        .bind(document)
        .bind(last_seq)
        .execute(&mut *transaction)
        .await?;
    transaction.commit().await?;
    Ok(())
}

/// One `INSERT` of every update of `appends`: all of them are stored, or none.
async fn insert(connection: &mut AnyConnection, appends: &[Append]) -> Result<(), StoreError> {
    let rows: usize = appends.iter().map(|append| append.updates.len()).sum();
    let mut sql = String::with_capacity(64 + rows * 20);
    sql.push_str("INSERT INTO document_updates (document, seq, data) VALUES ");
    for row in 0..rows {
        let first = row * 3 + 1;
        if row > 0 {
            sql.push_str(", ");
        }
        sql.push_str(&format!("(${}, ${}, ${})", first, first + 1, first + 2));
    }
    let mut query = sqlx::query(&sql);
    for append in appends {
        for (offset, update) in append.updates.iter().enumerate() {
            query = query.bind(append.document.as_str()).bind(append.first_seq + offset as i64).bind(update.as_ref());
        }
    }
    query.execute(&mut *connection).await.map_err(|error| match &error {
        sqlx::Error::Database(database_error) if database_error.is_unique_violation() => {
            StoreError::Conflict("an update with that sequence number")
        }
        _ => StoreError::Database(error),
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn append(id: u64, document: &str, first_seq: i64, count: usize) -> Append {
        let updates = (0..count).map(|n| Bytes::from(format!("{document}-{}", first_seq + n as i64))).collect();
        Append { id, document: document.into(), first_seq, updates, reply: None }
    }

    /// A fresh SQLite database: its pool, for reading back, and the appender's own connection.
    async fn database() -> (tempfile::TempDir, AnyPool, std::sync::Arc<LogTarget>) {
        let directory = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/log.db", directory.path().display());
        let store = super::super::SqlStore::open(&url, super::super::Backend::Sqlite).await.unwrap();
        (directory, store.pool, std::sync::Arc::new(LogTarget::own(&url)))
    }

    async fn connection(pool: &AnyPool) -> sqlx::pool::PoolConnection<sqlx::Any> {
        pool.acquire().await.unwrap()
    }

    async fn stored(pool: &AnyPool, document: &str) -> Vec<(i64, Vec<u8>)> {
        use sqlx::Row;
        sqlx::query("SELECT seq, data FROM document_updates WHERE document = $1 ORDER BY seq")
            .bind(document)
            .fetch_all(pool)
            .await
            .unwrap()
            .into_iter()
            .map(|row| (row.get(0), row.get(1)))
            .collect()
    }

    #[tokio::test]
    async fn a_conflict_fails_only_its_own_document() {
        let (_directory, pool, target) = database().await;
        insert(&mut *connection(&pool).await, &[append(0, "taken", 1, 1)]).await.unwrap();
        let batch = vec![append(1, "a", 1, 3), append(2, "taken", 1, 2), append(3, "b", 1, 1)];
        let outcomes = commit_batch(&target, &batch).await;
        assert!(outcomes[0].is_ok());
        assert!(matches!(outcomes[1], Err(StoreError::Conflict(_))), "{:?}", outcomes[1]);
        assert!(outcomes[2].is_ok());
        assert_eq!(stored(&pool, "a").await.len(), 3);
        assert_eq!(stored(&pool, "b").await, vec![(1, b"b-1".to_vec())]);
        // The conflicting append wrote nothing: the row already there is the only one.
        assert_eq!(stored(&pool, "taken").await, vec![(1, b"taken-1".to_vec())]);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_appends_all_commit_in_order() {
        let (_directory, pool, target) = database().await;
        let appender = std::sync::Arc::new(LogAppender::new());
        let mut tasks = Vec::new();
        for document in 0..20 {
            let (appender, target) = (appender.clone(), target.clone());
            tasks.push(tokio::spawn(async move {
                let name = format!("doc-{document}");
                for round in 0..10 {
                    let updates: Vec<Bytes> = (0..3).map(|n| Bytes::from(format!("{round}-{n}"))).collect();
                    appender.append(&target, &name, round * 3 + 1, &updates).await.unwrap();
                }
            }));
        }
        for task in tasks {
            task.await.unwrap();
        }
        for document in 0..20 {
            let rows = stored(&pool, &format!("doc-{document}")).await;
            let seqs: Vec<i64> = rows.iter().map(|(seq, _)| *seq).collect();
            assert_eq!(seqs, (1..=30).collect::<Vec<_>>());
            assert_eq!(rows[29].1, b"9-2".to_vec());
        }
        assert!(!appender.lock().leading, "the lead was let go once nobody waited");
    }

    #[tokio::test]
    async fn a_taken_sequence_number_is_a_conflict_through_the_appender() {
        let (_directory, pool, target) = database().await;
        let appender = LogAppender::new();
        appender.append(&target, "doc", 1, &[Bytes::from_static(b"one")]).await.unwrap();
        let again = appender.append(&target, "doc", 1, &[Bytes::from_static(b"other")]).await;
        assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
        assert_eq!(stored(&pool, "doc").await, vec![(1, b"one".to_vec())]);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn appends_dropped_while_waiting_never_stall_the_others() {
        let (_directory, _pool, target) = database().await;
        let appender = std::sync::Arc::new(LogAppender::new());
        let mut tasks = Vec::new();
        for document in 0..16 {
            let (appender, target) = (appender.clone(), target.clone());
            tasks.push(tokio::spawn(async move {
                let name = format!("doc-{document}");
                for round in 0..20i64 {
                    let update = [Bytes::from(format!("{round}"))];
                    // Every other document gives up on some appends at once, wherever they are.
                    if document % 2 == 0 && round % 3 == 0 {
                        let _ = tokio::time::timeout(
                            std::time::Duration::ZERO,
                            appender.append(&target, &name, 1000 + round, &update),
                        )
                        .await;
                    } else {
                        appender.append(&target, &name, round + 1, &update).await.unwrap();
                    }
                }
            }));
        }
        let all = async {
            for task in tasks {
                task.await.unwrap();
            }
        };
        tokio::time::timeout(std::time::Duration::from_secs(30), all).await.expect("no append stalled");
        appender.append(&target, "after", 1, &[Bytes::from_static(b"last")]).await.unwrap();
        assert!(!appender.lock().leading);
    }

    /// The size of the database's journal (WAL) file.
    fn wal_size(directory: &tempfile::TempDir) -> u64 {
        std::fs::metadata(directory.path().join("log.db-wal")).map_or(0, |metadata| metadata.len())
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_journal_starts_again_after_each_checkpoint_under_steady_appends() {
        let (directory, pool, target) = database().await;
        let appender = std::sync::Arc::new(LogAppender::new());
        let appends = 1000i64;
        let writer = {
            let (appender, target) = (appender.clone(), target.clone());
            tokio::spawn(async move {
                for seq in 1..=appends {
                    appender.append(&target, "doc", seq, &[Bytes::from(vec![7u8; 2000])]).await.unwrap();
                }
            })
        };
        let mut checkpoints = 0;
        while !writer.is_finished() {
            target.checkpoint().await.unwrap();
            checkpoints += 1;
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        writer.await.unwrap();
        assert_eq!(stored(&pool, "doc").await.len(), appends as usize);
        // Each append rewrites at least one 4 KiB page: a journal never started again would hold
        // every one of them.
        let never_restarted = appends as u64 * 4096;
        let wal = wal_size(&directory);
        assert!(checkpoints > 4, "the appends outlasted a few checkpoints ({checkpoints})");
        // On a busy machine a checkpoint can find a commit under way and leave the journal to the
        // next one, so the bound leaves room for that; a journal never started again is twice it.
        assert!(wal < never_restarted / 2, "the journal grew to {wal} bytes over {checkpoints} checkpoints");
    }
}
