//! Live documents: the registry that finds or starts the one task owning each document, and the
//! handles connections use to talk to it.

mod actor;

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use tokio::sync::{mpsc, oneshot, watch};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::auth::DocumentRole;
use crate::stats::ServerStats;
use crate::store::Store;

/// How many commands may wait for one document before connections wait to send more. Waiting
/// readers slow their own clients down, which is the back-pressure we want.
const DOCUMENT_QUEUE: usize = 1024;

/// How often a connection retries joining a document whose task was just shutting down.
const JOIN_ATTEMPTS: usize = 5;

pub type ConnectionId = u64;

/// Tuning for live documents, from the server configuration.
#[derive(Debug, Clone)]
pub struct DocumentSettings {
    pub unload_after: Duration,
    pub compact_after: u64,
}

/// Why a connection is being closed: a WebSocket close code and a reason for the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloseReason {
    pub code: u16,
    pub reason: Cow<'static, str>,
}

impl CloseReason {
    pub fn new(code: u16, reason: impl Into<Cow<'static, str>>) -> Self {
        CloseReason { code, reason: reason.into() }
    }
}

/// Asks a connection to close. The first reason given wins; later ones are ignored.
#[derive(Debug, Clone)]
pub struct Closer(Arc<watch::Sender<Option<CloseReason>>>);

impl Closer {
    pub fn new() -> Self {
        Closer(Arc::new(watch::Sender::new(None)))
    }

    pub fn close(&self, reason: CloseReason) {
        self.0.send_if_modified(|current| {
            if current.is_some() {
                return false;
            }
            *current = Some(reason);
            true
        });
    }

    pub fn subscribe(&self) -> watch::Receiver<Option<CloseReason>> {
        self.0.subscribe()
    }
}

impl Default for Closer {
    fn default() -> Self {
        Self::new()
    }
}

/// What a document task holds of one connection.
#[derive(Debug, Clone)]
pub struct ConnectionPeer {
    pub id: ConnectionId,
    pub role: DocumentRole,
    /// Frames for the client, bounded: when it is full the client has fallen behind.
    pub outgoing: mpsc::Sender<Bytes>,
    pub closer: Closer,
}

/// A message from a connection, decoded and checked for framing, for its document task.
#[derive(Debug)]
pub enum IncomingMessage {
    SyncStep1 {
        state_vector: Bytes,
    },
    /// A sync step 2 or update: both carry a Yjs update to apply.
    Write {
        update: Bytes,
        is_step2: bool,
    },
    Awareness {
        update: Bytes,
    },
    QueryAwareness,
}

pub(crate) enum DocumentCommand {
    Join { peer: ConnectionPeer, reply: oneshot::Sender<Result<(), JoinError>> },
    Incoming { connection: ConnectionId, message: IncomingMessage },
    Leave { connection: ConnectionId },
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum JoinError {
    #[error("the document could not be loaded; try again in a moment")]
    LoadFailed,
    #[error("the server is shutting down")]
    ShuttingDown,
}

/// A connection's way to its document task, valid until it leaves.
pub struct JoinedDocument {
    connection: ConnectionId,
    commands: mpsc::Sender<DocumentCommand>,
}

impl JoinedDocument {
    /// Hands a message to the document. False when the document task has gone, which only
    /// happens when it could not commit and closed every connection.
    pub async fn send(&self, message: IncomingMessage) -> bool {
        self.commands.send(DocumentCommand::Incoming { connection: self.connection, message }).await.is_ok()
    }

    pub async fn leave(self) {
        let _ = self.commands.send(DocumentCommand::Leave { connection: self.connection }).await;
    }
}

#[derive(Clone)]
struct DocumentHandle {
    /// Tells this task apart from an earlier or later task of the same document.
    generation: u64,
    commands: mpsc::Sender<DocumentCommand>,
}

/// Finds the one live task of each document, starting it on first use.
pub struct DocumentRegistry {
    documents: Mutex<HashMap<String, DocumentHandle>>,
    next_generation: AtomicU64,
    store: Arc<dyn Store>,
    settings: DocumentSettings,
    stats: Arc<ServerStats>,
    tasks: TaskTracker,
    shutdown: CancellationToken,
}

impl DocumentRegistry {
    pub fn new(
        store: Arc<dyn Store>,
        settings: DocumentSettings,
        stats: Arc<ServerStats>,
        shutdown: CancellationToken,
    ) -> Arc<Self> {
        Arc::new(DocumentRegistry {
            documents: Mutex::new(HashMap::new()),
            next_generation: AtomicU64::new(1),
            store,
            settings,
            stats,
            tasks: TaskTracker::new(),
            shutdown,
        })
    }

    /// Adds `peer` to `document`, loading it first if nobody has it open. Many peers joining a
    /// cold document at once share one load.
    pub async fn join(self: &Arc<Self>, document: &str, peer: ConnectionPeer) -> Result<JoinedDocument, JoinError> {
        for _ in 0..JOIN_ATTEMPTS {
            if self.shutdown.is_cancelled() {
                return Err(JoinError::ShuttingDown);
            }
            let handle = self.handle_for(document);
            let (reply, replied) = oneshot::channel();
            let join = DocumentCommand::Join { peer: peer.clone(), reply };
            if handle.commands.send(join).await.is_err() {
                self.forget(document, handle.generation);
                continue;
            }
            match replied.await {
                Ok(Ok(())) => return Ok(JoinedDocument { connection: peer.id, commands: handle.commands }),
                Ok(Err(error)) => return Err(error),
                // The task was unloading as the join arrived; the next attempt starts a new one.
                Err(_) => continue,
            }
        }
        Err(JoinError::LoadFailed)
    }

    /// Waits until every document task has finished, after shutdown was signalled.
    pub async fn wait_for_unload(&self) {
        self.tasks.close();
        self.tasks.wait().await;
    }

    fn handle_for(self: &Arc<Self>, document: &str) -> DocumentHandle {
        let mut documents = self.documents.lock().expect("document registry lock");
        if let Some(handle) = documents.get(document) {
            if !handle.commands.is_closed() {
                return handle.clone();
            }
        }
        let generation = self.next_generation.fetch_add(1, Ordering::Relaxed);
        let (commands, receiver) = mpsc::channel(DOCUMENT_QUEUE);
        let handle = DocumentHandle { generation, commands };
        documents.insert(document.to_owned(), handle.clone());
        let actor = actor::DocumentActor::new(document.to_owned(), generation, Arc::clone(self));
        self.tasks.spawn(actor.run(receiver));
        handle
    }

    fn forget(&self, document: &str, generation: u64) {
        let mut documents = self.documents.lock().expect("document registry lock");
        if documents.get(document).is_some_and(|handle| handle.generation == generation) {
            documents.remove(document);
        }
    }

    /// Removes an idle document task from the registry, unless a command reached it meanwhile.
    /// Holding the registry lock here means no new joiner can find the task after this returns
    /// true; one that found it earlier gets no reply and tries again.
    fn unregister_if_idle(&self, document: &str, generation: u64, commands: &mpsc::Receiver<DocumentCommand>) -> bool {
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
