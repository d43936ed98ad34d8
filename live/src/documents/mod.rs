//! Live documents: the registry that finds or starts the one task owning each document, which
//! serves the document's connections too.

mod actor;
mod core;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use tokio::sync::oneshot;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::close::ConnectionId;
use crate::connection::{Connection, ConnectionSettings, Ended};
use crate::stats::ServerStats;
use crate::store::Store;

/// How many commands may wait for one document before their senders wait.
const DOCUMENT_QUEUE: usize = 1024;

/// How often a connection retries joining a document whose task was just shutting down.
const JOIN_ATTEMPTS: usize = 5;

/// How often someone waiting for a document's answer checks that the document is still there.
const ANSWER_CHECK: Duration = Duration::from_millis(100);

/// Tuning for live documents, from the server configuration.
#[derive(Debug, Clone)]
pub struct DocumentSettings {
    pub unload_after: Duration,
    pub compact_after: u64,
    /// The largest a document may grow in storage; updates past it are refused.
    pub max_document_bytes: u64,
    pub connection: ConnectionSettings,
}

/// A message from a connection, decoded and checked for framing, for its document task.
#[derive(Debug)]
pub enum IncomingMessage {
    SyncStep1 {
        state_vector: Bytes,
    },
    /// A sync step 2 or update: both carry a Yjs update to apply. `received_at` is when the
    /// frame arrived, for the fan-out latency metric.
    Write {
        update: Bytes,
        is_step2: bool,
        received_at: std::time::Instant,
    },
    Awareness {
        update: Bytes,
    },
    QueryAwareness,
}

/// What a restore asks of a document: its content becomes that of `state`.
pub(crate) struct Replacement {
    pub(crate) state: Vec<u8>,
    pub(crate) replace: ContentReplacer,
    /// Stored in the transaction that commits the edit.
    pub(crate) audit: crate::store::NewAuditEvent,
    pub(crate) reply: oneshot::Sender<Result<(), ReplaceError>>,
}

pub(crate) enum DocumentCommand {
    /// Serve this connection from now on.
    Join { connection: Box<Connection>, reply: oneshot::Sender<JoinAnswer> },
    /// A message one of the document's own connections sent (the task reads them itself).
    Incoming { connection: ConnectionId, message: IncomingMessage },
    /// One of the document's own connections ended, after the messages it sent before.
    Leave { connection: ConnectionId, ended: Ended },
    /// The document's committed state, encoded as one update.
    EncodeState { reply: oneshot::Sender<Result<Vec<u8>, JoinError>> },
    /// The document's committed state vector: what is stored of each client's edits.
    StateVector { reply: oneshot::Sender<Result<Vec<u8>, JoinError>> },
    /// Replace the document's content, as a new edit everyone sees. Boxed: every command waiting
    /// in a document's queue takes the size of the largest.
    ReplaceContent(Box<Replacement>),
    /// Lock or unlock the document against every write.
    SetLocked { locked: bool },
    /// Something another node published about this document.
    Remote(crate::fanout::RemoteMessage),
    /// Read from storage whatever other nodes committed that this one has not seen.
    CatchUp,
    /// Close every connection with `reason`, store what is in memory, and unload, before the
    /// document's records are erased; answered once unloaded. Boxed: every command waiting in a
    /// document's queue takes the size of the largest.
    Unload(Box<(crate::close::CloseReason, oneshot::Sender<()>)>),
}

/// Writes the content of a source document into a live one, inside the live document's
/// transaction. The plan module provides it; the actor only runs it.
pub type ContentReplacer = fn(&yrs::Doc, &mut yrs::TransactionMut, &yrs::Doc);

#[derive(Debug, Clone, thiserror::Error)]
pub enum ReplaceError {
    #[error("the document is locked: {0}")]
    Locked(String),
    #[error("the content to restore could not be read: {0}")]
    BadState(String),
    #[error(transparent)]
    Unavailable(#[from] JoinError),
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum JoinError {
    #[error("the document could not be loaded; try again in a moment")]
    LoadFailed,
    #[error("the server is shutting down")]
    ShuttingDown,
}

/// A document's answer to a connection that asked to join.
pub(crate) enum JoinAnswer {
    /// The document serves the connection now.
    Joined,
    /// The document's task was unloading; ask a fresh one.
    Retry(Box<Connection>),
    Failed(JoinError, Box<Connection>),
}

/// Waits for a document task's answer; none when the task dropped the question, or stopped
/// reading its queue with the question still in it.
async fn answer<T>(mut replied: oneshot::Receiver<T>, commands: &flume::Sender<DocumentCommand>) -> Option<T> {
    loop {
        match tokio::time::timeout(ANSWER_CHECK, &mut replied).await {
            Ok(answer) => return answer.ok(),
            Err(_) if commands.is_disconnected() => return replied.try_recv().ok(),
            Err(_) => {}
        }
    }
}

/// The committed state of `document` as storage holds it, encoded as one update: what a process
/// without the live document (the command line) reads.
pub async fn stored_state(store: &dyn Store, document: &str) -> Result<Vec<u8>, crate::store::StoreError> {
    use yrs::{ReadTxn, StateVector, Transact};
    let stored = store.load_document(document, None).await?;
    tokio::task::spawn_blocking(move || {
        actor::document_from_stored(&stored).transact().encode_state_as_update_v1(&StateVector::default())
    })
    .await
    .map_err(|error| crate::store::StoreError::Task(error.to_string()))
}

#[derive(Clone)]
struct DocumentHandle {
    /// Tells this task apart from an earlier or later task of the same document.
    generation: u32,
    commands: flume::Sender<DocumentCommand>,
}

/// Finds the one live task of each document, starting it on first use.
pub struct DocumentRegistry {
    /// Keyed by the name the document's task and core share.
    documents: Mutex<HashMap<Arc<str>, DocumentHandle>>,
    next_generation: AtomicU32,
    store: Arc<dyn Store>,
    settings: DocumentSettings,
    /// The limits every document's core enforces, for a node alone and for one among others:
    /// shared by all documents, not copied into each.
    core_settings: [Arc<core::CoreSettings>; 2],
    stats: Arc<ServerStats>,
    tasks: TaskTracker,
    shutdown: CancellationToken,
    /// Set when several nodes serve the same documents through Redis.
    fanout: std::sync::OnceLock<crate::fanout::Fanout>,
}

impl DocumentRegistry {
    pub fn new(
        store: Arc<dyn Store>,
        settings: DocumentSettings,
        stats: Arc<ServerStats>,
        shutdown: CancellationToken,
    ) -> Arc<Self> {
        let core_settings = [false, true].map(|publishes| {
            Arc::new(core::CoreSettings {
                max_document_bytes: settings.max_document_bytes,
                max_updates_per_second: settings.connection.max_updates_per_second,
                max_presences: settings.connection.max_presences,
                max_presence_bytes: settings.connection.max_presence_bytes,
                publishes,
                stats: Arc::clone(&stats),
            })
        });
        Arc::new(DocumentRegistry {
            documents: Mutex::new(HashMap::new()),
            next_generation: AtomicU32::new(1),
            store,
            settings,
            core_settings,
            stats,
            tasks: TaskTracker::new(),
            shutdown,
            fanout: std::sync::OnceLock::new(),
        })
    }

    /// Hands `connection` to the task of `document`, loading it first if nobody has it open.
    /// Many connections joining a cold document at once share one load. On failure the
    /// connection comes back, to be closed with the reason.
    pub async fn join(
        self: &Arc<Self>,
        document: &str,
        connection: Box<Connection>,
    ) -> Result<(), (JoinError, Box<Connection>)> {
        let mut connection = connection;
        for _ in 0..JOIN_ATTEMPTS {
            if self.shutdown.is_cancelled() {
                return Err((JoinError::ShuttingDown, connection));
            }
            let handle = self.handle_for(document);
            let (reply, replied) = oneshot::channel();
            let command = DocumentCommand::Join { connection, reply };
            if let Err(flume::SendError(command)) = handle.commands.send_async(command).await {
                self.forget(document, handle.generation);
                let DocumentCommand::Join { connection: back, .. } = command else {
                    unreachable!("the command sent was a join")
                };
                connection = back;
                continue;
            }
            match answer(replied, &handle.commands).await {
                Some(JoinAnswer::Joined) => return Ok(()),
                Some(JoinAnswer::Failed(error, back)) => return Err((error, back)),
                Some(JoinAnswer::Retry(back)) => connection = back,
                // The task went without answering, and the connection with it: it has been
                // dropped, which the client sees as the connection breaking, and reconnects.
                None => return Ok(()),
            }
        }
        Err((JoinError::LoadFailed, connection))
    }

    /// The committed state of `document`, loading it if needed.
    pub async fn encoded_state(self: &Arc<Self>, document: &str) -> Result<Vec<u8>, JoinError> {
        self.ask(document, |reply| DocumentCommand::EncodeState { reply }).await?
    }

    /// The committed state vector of `document` (what is stored of each client's edits), loading
    /// it if needed: a page compares it with its own to say whether what it wrote is saved.
    pub async fn committed_state_vector(self: &Arc<Self>, document: &str) -> Result<Vec<u8>, JoinError> {
        self.ask(document, |reply| DocumentCommand::StateVector { reply }).await?
    }

    /// Replaces the content of `document` with that of `state`, as an edit on top that every
    /// connection receives, committed in one transaction with `audit`, the line that records it.
    pub async fn replace_content(
        self: &Arc<Self>,
        document: &str,
        state: Vec<u8>,
        replace: ContentReplacer,
        audit: crate::store::NewAuditEvent,
    ) -> Result<(), ReplaceError> {
        self.ask(document, |reply| {
            DocumentCommand::ReplaceContent(Box::new(Replacement {
                state: state.clone(),
                replace,
                audit: audit.clone(),
                reply,
            }))
        })
        .await?
    }

    /// Locks or unlocks `document` if it is live; a document loaded later reads its lock from
    /// storage.
    pub async fn set_locked(&self, document: &str, locked: bool) {
        let handle = self.documents.lock().expect("document registry lock").get(document).cloned();
        if let Some(handle) = handle {
            let _ = handle.commands.send_async(DocumentCommand::SetLocked { locked }).await;
        }
    }

    /// Sends the command `make` builds to the task of `document` (starting one if needed) and
    /// waits for its reply. A task that was unloading as the command arrived drops it unanswered;
    /// the command is then sent again to a fresh task.
    async fn ask<T>(
        self: &Arc<Self>,
        document: &str,
        make: impl Fn(oneshot::Sender<T>) -> DocumentCommand,
    ) -> Result<T, JoinError> {
        for _ in 0..JOIN_ATTEMPTS {
            if self.shutdown.is_cancelled() {
                return Err(JoinError::ShuttingDown);
            }
            let handle = self.handle_for(document);
            let (reply, replied) = oneshot::channel();
            if handle.commands.send_async(make(reply)).await.is_err() {
                self.forget(document, handle.generation);
                continue;
            }
            if let Some(answer) = answer(replied, &handle.commands).await {
                return Ok(answer);
            }
        }
        Err(JoinError::LoadFailed)
    }

    /// Closes every connection to the documents live here whose names start with `prefix`, with
    /// `reason`, and unloads them, storing what they hold first; returns once they are unloaded
    /// (or after ten seconds, for a task that does not answer). Documents not live are left
    /// alone: nothing of theirs is in memory.
    pub async fn unload_all_under(&self, prefix: &str, reason: crate::close::CloseReason) {
        let handles: Vec<DocumentHandle> = {
            let documents = self.documents.lock().expect("document registry lock");
            documents.iter().filter(|(name, _)| name.starts_with(prefix)).map(|(_, handle)| handle.clone()).collect()
        };
        for handle in handles {
            let (reply, unloaded) = oneshot::channel();
            let command = DocumentCommand::Unload(Box::new((reason.clone(), reply)));
            if handle.commands.send_async(command).await.is_ok() {
                let _ = tokio::time::timeout(std::time::Duration::from_secs(10), unloaded).await;
            }
        }
    }

    /// Turns on fan-out to other nodes for documents loaded from now on (set once, at start).
    pub fn set_fanout(&self, fanout: crate::fanout::Fanout) {
        let _ = self.fanout.set(fanout);
    }

    /// The limits a document's core enforces here; it publishes to other nodes when there are
    /// any.
    fn core_settings(&self) -> Arc<core::CoreSettings> {
        Arc::clone(&self.core_settings[usize::from(self.fanout().is_some())])
    }

    pub(crate) fn fanout(&self) -> Option<&crate::fanout::Fanout> {
        self.fanout.get()
    }

    /// Waits until every document task has finished, after shutdown was signalled.
    pub async fn wait_for_unload(&self) {
        self.tasks.close();
        self.tasks.wait().await;
    }

    fn handle_for(self: &Arc<Self>, document: &str) -> DocumentHandle {
        let mut documents = self.documents.lock().expect("document registry lock");
        if let Some(handle) = documents.get(document) {
            if !handle.commands.is_disconnected() {
                return handle.clone();
            }
        }
        let generation = self.next_generation.fetch_add(1, Ordering::Relaxed);
        let (commands, receiver) = flume::bounded(DOCUMENT_QUEUE);
        let handle = DocumentHandle { generation, commands };
        let name: Arc<str> = Arc::from(document);
        documents.insert(Arc::clone(&name), handle.clone());
        let actor = actor::DocumentActor::new(name, generation, Arc::clone(self));
        self.tasks.spawn(actor.run(receiver));
        handle
    }

    fn forget(&self, document: &str, generation: u32) {
        let mut documents = self.documents.lock().expect("document registry lock");
        if documents.get(document).is_some_and(|handle| handle.generation == generation) {
            documents.remove(document);
        }
    }

    /// Removes an idle document task from the registry, unless a command reached it meanwhile.
    /// Holding the registry lock here means no new joiner can find the task after this returns
    /// true; one that found it earlier gets no reply and tries again.
    fn unregister_if_idle(&self, document: &str, generation: u32, commands: &flume::Receiver<DocumentCommand>) -> bool {
        let mut documents = self.documents.lock().expect("document registry lock");
        if !commands.is_empty() {
            return false;
        }
        if documents.get(document).is_some_and(|handle| handle.generation == generation) {
            documents.remove(document);
        }
        true
    }
}

#[async_trait::async_trait]
impl crate::fanout::RemoteReceiver for DocumentRegistry {
    /// Hands another node's message to `document` if it is loaded here. Never waits: a message
    /// that does not fit is dropped, and the document catches up from storage.
    async fn deliver_remote(&self, document: &str, message: crate::fanout::RemoteMessage) {
        let handle = self.documents.lock().expect("document registry lock").get(document).cloned();
        if let Some(handle) = handle {
            if handle.commands.try_send(DocumentCommand::Remote(message)).is_err() {
                let _ = handle.commands.try_send(DocumentCommand::CatchUp);
            }
        }
    }

    /// Asks every loaded document to catch up from storage (after the fan-out was interrupted).
    async fn catch_up_all(&self) {
        let handles: Vec<DocumentHandle> =
            self.documents.lock().expect("document registry lock").values().cloned().collect();
        for handle in handles {
            let _ = handle.commands.send_async(DocumentCommand::CatchUp).await;
        }
    }
}
