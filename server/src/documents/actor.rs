//! The task that owns one live document: its yrs `Doc`, its connections and their awareness.
//!
//! Every change goes through here in order: decode, apply, commit to the log, then send to the
//! other connections. Nothing is sent to anyone before it is committed, so a crash loses nothing
//! that anyone saw. Messages and commands that arrive while a commit runs are handled as one batch
//! and committed in one transaction.
//!
//! The task serves the document's connections itself: it reads every socket, and writes each
//! frame into the sockets it is for as soon as it is committed (`connection.rs`).

use litemap::LiteMap;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use kinplan_protocol::shape::{DocumentShape, UpdateRefused, DEFAULT_MAX_DEPTH};
use kinplan_protocol::update::{check_state_vector, decode_update};
use kinplan_protocol::{
    decode_awareness_update, decode_frame, encode_awareness, encode_awareness_update, encode_permission_denied,
    encode_sync_step1, encode_sync_step2, encode_sync_update, AwarenessEntry, Message, SyncMessage,
};
use tokio::sync::broadcast::{self, error::RecvError};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio::time::{sleep_until, Instant};
use tracing::{debug, error, info, warn};
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{Doc, ReadTxn, StateVector, Transact, Update};

use super::{CloseReason, ConnectionId, DocumentCommand, DocumentRegistry, IncomingMessage, JoinAnswer, JoinError};
use crate::connection::{
    fell_behind, Connection, ConnectionSettings, Ended, CLOSE_GOING_AWAY, CLOSE_REFUSED, CLOSE_TOO_MANY,
};
use crate::events::MeetingEvent;
use crate::stats::ServerStats;
use crate::store::{Store, StoreError, StoredDocument};
use crate::sync_access::CLOSE_ACCESS_CHANGED;

/// The most commands handled, and so committed, in one batch.
const MAX_BATCH: usize = 256;
/// How often a document served by several nodes looks in storage for updates it missed.
const GAP_CHECK: std::time::Duration = std::time::Duration::from_secs(5);
/// How often a commit is retried after other nodes took its sequence numbers.
const MAX_COMMIT_ATTEMPTS: usize = 5;

const CLOSE_PROTOCOL_ERROR: u16 = 1002;
const CLOSE_INTERNAL_ERROR: u16 = 1011;

/// An update applied to the document and waiting for its commit.
struct Uncommitted {
    /// The connection it came from, which is not sent it back; none for the server's own edits.
    sender: Option<ConnectionId>,
    update: Bytes,
    received_at: Option<Instant>,
}

/// What the document knows of one client's presence.
struct AwarenessRecord {
    clock: u64,
    state: String,
    /// The connection that announced this client; only it may change or remove it.
    connection: ConnectionId,
    /// Made by the server for the connection, so everyone sees who holds it even when its
    /// client says nothing; the client cannot change it.
    made_by_server: bool,
}

/// Presence client ids the server makes for connections: above the 32 bits Yjs clients use,
/// within the 53 bits JavaScript numbers hold exactly.
const SERVER_PRESENCE_BASE: u64 = 1 << 52;

pub(super) struct DocumentActor {
    name: String,
    generation: u64,
    registry: Arc<DocumentRegistry>,
    doc: Doc,
    /// Sorted vectors rather than hash tables: a document has a handful of connections and
    /// presences, and a hash table's smallest allocation is several times what they take.
    connections: LiteMap<ConnectionId, Box<Connection>>,
    awareness: LiteMap<u64, AwarenessRecord>,
    /// The sequence number of the last committed update.
    last_seq: i64,
    /// Updates in the log that no snapshot holds yet; compaction starts when this grows large.
    logged_since_snapshot: u64,
    compaction: Option<JoinHandle<Result<Compacted, StoreError>>>,
    /// Since when the document has had no connections.
    idle_since: Instant,
    /// Set while nobody may change the document (a plan proposed for agreement, or final).
    locked: bool,
    /// Where every item of the document sits, so each update is checked against the schema and
    /// the depth limit before yrs sees it.
    shape: DocumentShape,
    /// About what the document takes in storage: its snapshot and the updates logged since.
    stored_bytes: u64,
    /// `stored_bytes` when the running compaction started.
    stored_bytes_at_compaction: u64,
    /// Set when yrs panicked on the document: it must unload, and reload from storage.
    panicked: bool,
    /// Other nodes' clients' presence, relayed to this node's clients.
    remote_awareness: LiteMap<u64, (u64, String)>,
    /// The sync step 2 for a client that has nothing yet (the whole document), kept while the
    /// document does not change: many people joining at once share one encoding and one buffer.
    whole_document_frame: Option<Bytes>,
    /// For a meeting's document, the meeting's events, which may close connections.
    meeting_events: Option<broadcast::Receiver<Arc<MeetingEvent>>>,
    /// Counts the loop's turns: each turn starts its round of the sockets one further on, so
    /// that no socket is always the last to be written and read.
    turn: usize,
}

/// What the document's sockets had for it: the messages its clients sent, and the connections
/// that ended (after their messages).
#[derive(Default)]
struct Activity {
    received: Vec<(ConnectionId, Bytes)>,
    ended: Vec<(ConnectionId, Ended)>,
}

impl DocumentActor {
    pub(super) fn new(name: String, generation: u64, registry: Arc<DocumentRegistry>) -> Self {
        DocumentActor {
            name: name.clone(),
            generation,
            registry,
            doc: Doc::new(),
            connections: LiteMap::new_vec(),
            awareness: LiteMap::new_vec(),
            last_seq: 0,
            logged_since_snapshot: 0,
            compaction: None,
            idle_since: Instant::now(),
            locked: false,
            shape: DocumentShape::new(DocumentShape::schema_for(&name), DEFAULT_MAX_DEPTH),
            stored_bytes: 0,
            stored_bytes_at_compaction: 0,
            panicked: false,
            remote_awareness: LiteMap::new_vec(),
            whole_document_frame: None,
            meeting_events: None,
            turn: 0,
        }
    }

    fn stats(&self) -> &ServerStats {
        &self.registry.stats
    }

    fn store(&self) -> Arc<dyn Store> {
        Arc::clone(&self.registry.store)
    }

    /// An `async` block rather than an `async fn`, so the actor and its queue are kept once in
    /// the task, not twice (an `async fn` keeps its arguments as passed and as bound).
    pub(super) fn run(
        mut self,
        commands: flume::Receiver<DocumentCommand>,
    ) -> impl std::future::Future<Output = ()> + Send {
        async move {
            let loading = Box::pin(self.load());
            if let Err(load_error) = loading.await {
                error!(document = %self.name, error = %load_error, "document could not be loaded");
                self.registry.forget(&self.name, self.generation);
                for command in commands.drain() {
                    match command {
                        DocumentCommand::Join { connection, reply, .. } => {
                            let _ = reply.send(JoinAnswer::Failed(JoinError::LoadFailed, connection));
                        }
                        DocumentCommand::EncodeState { reply } => {
                            let _ = reply.send(Err(JoinError::LoadFailed));
                        }
                        DocumentCommand::ReplaceContent { reply, .. } => {
                            let _ = reply.send(Err(JoinError::LoadFailed.into()));
                        }
                        _ => {}
                    }
                }
                return;
            }
            self.stats().documents_live.inc();

            // With other nodes, a periodic look at storage catches anything the fan-out missed.
            let mut gap_check = self.registry.fanout().map(|_| {
                let mut interval = tokio::time::interval(GAP_CHECK);
                interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                interval
            });
            loop {
                // Whatever the last turn queued goes out now, as far as each socket takes it.
                self.turn = self.turn.wrapping_add(1);
                std::future::poll_fn(|cx| {
                    self.flush_connections(cx);
                    Poll::Ready(())
                })
                .await;
                let wake_at = self.wake_at();
                tokio::select! {
                    _ = tick(&mut gap_check), if !self.connections.is_empty() => {
                        let catching_up = Box::pin(self.catch_up_if_behind());
                        if !catching_up.await {
                            self.registry.forget(&self.name, self.generation);
                            break;
                        }
                    }
                    command = commands.recv_async() => {
                        let Ok(command) = command else { break };
                        let batch = vec![command];
                        if !self.run_batch(batch, &commands).await {
                            break;
                        }
                    }
                    activity = std::future::poll_fn(|cx| poll_connections(&mut self.connections, self.turn, &self.registry.settings.connection, cx)) => {
                        let batch = commands_from(activity, &self.registry.settings.connection);
                        if !self.run_batch(batch, &commands).await {
                            break;
                        }
                    }
                    event = next_event(&mut self.meeting_events) => self.meeting_event(event),
                    outcome = wait_for(&mut self.compaction), if self.compaction.is_some() => {
                        self.compaction = None;
                        self.compaction_finished(outcome);
                    }
                    _ = sleep_until(wake_at.unwrap_or_else(Instant::now)), if wake_at.is_some() => {
                        self.on_deadlines();
                        if self.unload_deadline().is_some_and(|unload_at| unload_at <= Instant::now())
                            && self.registry.unregister_if_idle(&self.name, self.generation, &commands)
                        {
                            break;
                        }
                    }
                    _ = self.registry.shutdown.cancelled() => {
                        let ids: Vec<ConnectionId> = self.connections.keys().copied().collect();
                        for id in ids {
                            let reason = CloseReason::new(CLOSE_GOING_AWAY, "the server is restarting; reconnect in a moment");
                            self.remove_connection(id, Ended::Close(reason));
                        }
                        if self.registry.unregister_if_idle(&self.name, self.generation, &commands) {
                            break;
                        }
                    }
                }
            }

            // Joins that slipped in after unregistering are sent to a fresh task, which loads
            // everything this one committed.
            for command in commands.drain() {
                if let DocumentCommand::Join { connection, reply, .. } = command {
                    let _ = reply.send(JoinAnswer::Retry(connection));
                }
            }
            drop(commands);
            let ids: Vec<ConnectionId> = self.connections.keys().copied().collect();
            for id in ids {
                let reason = CloseReason::new(CLOSE_INTERNAL_ERROR, "the document was unloaded; reconnect");
                self.remove_connection(id, Ended::Close(reason));
            }
            let flushing = Box::pin(self.flush_on_unload());
            flushing.await;
            self.stats().documents_live.dec();
            debug!(document = %self.name, "document unloaded");
        }
    }

    fn unload_deadline(&self) -> Option<Instant> {
        if !self.connections.is_empty() {
            return None;
        }
        Some(self.idle_since + self.registry.settings.unload_after)
    }

    /// When the task must wake if nothing else happens: a connection's keep-alive or idle
    /// timeout, or the time to unload.
    fn wake_at(&self) -> Option<Instant> {
        let connections = self.connections.values().map(|connection| connection.deadline()).min();
        connections.or_else(|| self.unload_deadline())
    }

    /// Sends keep-alives that are due, and closes connections whose clients went quiet.
    fn on_deadlines(&mut self) {
        let now = Instant::now();
        let mut closing = Vec::new();
        let settings = &self.registry.settings.connection;
        for (&id, connection) in self.connections.iter_mut() {
            if connection.deadline() <= now {
                if let Some(reason) = connection.on_deadline(now, settings) {
                    closing.push((id, reason));
                }
            }
        }
        for (id, reason) in closing {
            self.remove_connection(id, Ended::Close(reason));
        }
    }

    fn flush_connections(&mut self, cx: &mut Context<'_>) {
        for_each_rotated(&mut self.connections, self.turn, |_, connection| connection.flush(cx));
    }

    /// Handles `batch` with the commands queued meanwhile; false when the document must unload.
    async fn run_batch(
        &mut self,
        mut batch: Vec<DocumentCommand>,
        commands: &flume::Receiver<DocumentCommand>,
    ) -> bool {
        while batch.len() < MAX_BATCH {
            match commands.try_recv() {
                Ok(command) => batch.push(command),
                Err(_) => break,
            }
        }
        let mut batch = batch.into_iter();
        // Boxed, so that an idle document's task is small: thousands of them wait; boxed in a
        // statement of its own, since a future boxed inside the statement that awaits it still
        // takes its full size in the task.
        let handling = Box::pin(self.handle_batch(&mut batch));
        let handled = handling.await;
        if !handled {
            // Storage failed: memory may be ahead of it, so this copy must go. Joins not handled
            // yet go to a fresh task, which loads what storage has (or says it cannot).
            self.registry.forget(&self.name, self.generation);
            for command in batch {
                if let DocumentCommand::Join { connection, reply } = command {
                    let _ = reply.send(JoinAnswer::Retry(connection));
                }
            }
        }
        handled
    }

    /// Closes the connections a meeting event takes access from.
    fn meeting_event(&mut self, event: Result<Arc<MeetingEvent>, RecvError>) {
        let closing: Vec<(ConnectionId, CloseReason)> = match event {
            Ok(event) => self
                .connections
                .iter()
                .filter_map(|(&id, connection)| Some((id, connection.access()?.closes_on(&event, &self.name)?)))
                .collect(),
            Err(RecvError::Lagged(_)) => self
                .connections
                .iter()
                .filter(|(_, connection)| connection.access().is_some())
                .map(|(&id, _)| (id, crate::sync_access::events_missed()))
                .collect(),
            Err(RecvError::Closed) => {
                self.meeting_events = None;
                Vec::new()
            }
        };
        for (id, reason) in closing {
            self.remove_connection(id, Ended::Close(reason));
        }
    }

    async fn load(&mut self) -> Result<(), LoadError> {
        let started = Instant::now();
        let stored = self.store().load_document(&self.name, None).await?;
        let read = started.elapsed();
        self.locked = self.store().document_lock(&self.name).await?.is_some();
        self.last_seq = stored.last_seq;
        self.logged_since_snapshot = stored.updates.len() as u64;
        self.stored_bytes = stored.snapshot.iter().chain(stored.updates.iter()).map(|bytes| bytes.len() as u64).sum();
        let mut shape = DocumentShape::new(self.shape.schema(), DEFAULT_MAX_DEPTH);
        (self.doc, self.shape) = tokio::task::spawn_blocking(move || {
            for bytes in stored.snapshot.iter().chain(stored.updates.iter()) {
                shape.record_stored(bytes);
            }
            (document_from_stored(&stored), shape)
        })
        .await
        .map_err(|_| LoadError::Panicked)?;
        self.stats().document_loads.inc();
        debug!(
            document = %self.name,
            last_seq = self.last_seq,
            logged = self.logged_since_snapshot,
            read_ms = read.as_millis() as u64,
            total_ms = started.elapsed().as_millis() as u64,
            "document loaded"
        );
        Ok(())
    }

    /// Handles commands from `batch` until it is empty or storage fails (then false, with the
    /// rest left in `batch`).
    async fn handle_batch(&mut self, batch: &mut std::vec::IntoIter<DocumentCommand>) -> bool {
        // Updates applied but not yet committed, with the connection that sent each.
        let mut uncommitted: Vec<Uncommitted> = Vec::new();
        while !self.panicked {
            let Some(command) = batch.next() else { break };
            match command {
                DocumentCommand::Join { connection, reply } => {
                    // An idle document may have missed what other nodes did; a newcomer gets it all.
                    if self.registry.fanout().is_some()
                        && self.connections.is_empty()
                        && !self.catch_up_if_behind().await
                    {
                        let _ = reply.send(JoinAnswer::Retry(connection));
                        return false;
                    }
                    self.add_connection(connection, reply)
                }
                DocumentCommand::Leave { connection, ended } => self.remove_connection(connection, ended),
                DocumentCommand::SetLocked { locked } => self.locked = locked,
                DocumentCommand::CatchUp => {
                    if !self.commit_and_broadcast(&mut uncommitted).await || !self.catch_up().await {
                        return false;
                    }
                }
                DocumentCommand::Remote(crate::fanout::RemoteMessage::Awareness { frame }) => {
                    self.apply_remote_awareness(&frame);
                }
                DocumentCommand::Remote(crate::fanout::RemoteMessage::Updates { first_seq, updates }) => {
                    if !self.commit_and_broadcast(&mut uncommitted).await
                        || !self.apply_remote(first_seq, updates).await
                    {
                        return false;
                    }
                }
                DocumentCommand::EncodeState { reply } => {
                    // Only committed content leaves the document.
                    if !self.commit_and_broadcast(&mut uncommitted).await {
                        return false;
                    }
                    match self.read_guarded(|doc| doc.transact().encode_state_as_update_v1(&StateVector::default())) {
                        Some(state) => {
                            let _ = reply.send(Ok(state));
                        }
                        None => {
                            let _ = reply.send(Err(JoinError::LoadFailed));
                        }
                    }
                }
                DocumentCommand::ReplaceContent { state, replace, reply } => {
                    match self.replace_content(&state, replace) {
                        Ok(update) => {
                            self.shape.record_stored(&update);
                            self.stored_bytes += update.len() as u64;
                            uncommitted.push(Uncommitted { sender: None, update, received_at: None });
                            if !self.commit_and_broadcast(&mut uncommitted).await {
                                let _ = reply.send(Err(JoinError::LoadFailed.into()));
                                return false;
                            }
                            let _ = reply.send(Ok(()));
                        }
                        Err(error) => {
                            let _ = reply.send(Err(error));
                        }
                    }
                }
                DocumentCommand::Incoming { connection, message } => {
                    if !self.connections.contains_key(&connection) {
                        continue;
                    }
                    match message {
                        IncomingMessage::SyncStep1 { state_vector } => {
                            // The answer carries document content, which must be committed first.
                            if !self.commit_and_broadcast(&mut uncommitted).await {
                                return false;
                            }
                            self.answer_sync_step1(connection, &state_vector);
                        }
                        IncomingMessage::Write { update, is_step2, received_at } => {
                            match self.apply_write(connection, update, is_step2) {
                                Ok(Some(update)) => {
                                    self.stats().updates_received.inc();
                                    self.stored_bytes += update.len() as u64;
                                    let sender = Some(connection);
                                    uncommitted.push(Uncommitted { sender, update, received_at: Some(received_at) });
                                }
                                Ok(None) => {}
                                Err(Panicked) => self.panicked = true,
                            }
                        }
                        IncomingMessage::Awareness { update } => self.apply_awareness(connection, &update),
                        IncomingMessage::QueryAwareness => {
                            if let Some(frame) = self.all_awareness_frame() {
                                self.send_to(connection, frame);
                            }
                        }
                    }
                }
            }
        }
        let committed = self.commit_and_broadcast(&mut uncommitted).await;
        if self.panicked {
            // The updates before the panic were checked and applied whole, and are kept; the
            // document starts afresh from storage.
            self.close_all_after_panic();
            return false;
        }
        committed
    }

    fn add_connection(&mut self, mut connection: Box<Connection>, reply: oneshot::Sender<JoinAnswer>) {
        if self.registry.shutdown.is_cancelled() {
            let _ = reply.send(JoinAnswer::Failed(JoinError::ShuttingDown, connection));
            return;
        }
        let _ = reply.send(JoinAnswer::Joined);
        let id = connection.id();
        info!(connection = id, document = %self.name, role = %connection.role().as_str(), "connection opened");
        // The connection's events run from before it was allowed on. Whatever came since then
        // is checked now; from here on the document's own subscription, taken before this
        // check, brings what follows.
        let mut closed_by = None;
        if let Some(mut events) = connection.take_events() {
            if self.meeting_events.is_none() {
                self.meeting_events = Some(events.resubscribe());
            }
            while closed_by.is_none() {
                closed_by = match events.try_recv() {
                    Ok(event) => connection.access().and_then(|access| access.closes_on(&event, &self.name)),
                    Err(broadcast::error::TryRecvError::Lagged(_)) => Some(crate::sync_access::events_missed()),
                    Err(_) => break,
                };
            }
        }
        self.connections.insert(id, connection);
        if let Some(reason) = closed_by {
            self.remove_connection(id, Ended::Close(reason));
            return;
        }
        let state_vector = self.doc.transact().state_vector().encode_v1();
        self.send_to(id, Bytes::from(encode_sync_step1(&state_vector)));
        self.announce_holder(id);
        if let Some(frame) = self.all_awareness_frame() {
            self.send_to(id, frame);
        }
    }

    /// Forgets a connection, closing it as `ended` says, and tells the others that its clients
    /// have left.
    fn remove_connection(&mut self, id: ConnectionId, ended: Ended) {
        let Some(connection) = self.connections.remove(&id) else {
            return;
        };
        connection.end(ended, &self.name, &self.registry.tasks);
        if self.connections.is_empty() {
            self.idle_since = Instant::now();
        }
        let connection = id;
        let gone: Vec<(u64, u64)> = self
            .awareness
            .iter()
            .filter(|(_, record)| record.connection == connection)
            .map(|(&client_id, record)| (client_id, record.clock + 1))
            .collect();
        if gone.is_empty() {
            return;
        }
        for (client_id, _) in &gone {
            self.awareness.remove(client_id);
        }
        let update = encode_awareness_update(gone.iter().map(|&(client_id, clock)| AwarenessEntry {
            client_id,
            clock,
            state: "null",
        }));
        let frame = Bytes::from(encode_awareness(&update));
        if let Some(fanout) = self.registry.fanout() {
            fanout.publish_awareness(&self.name, frame.clone());
        }
        self.broadcast(frame, None);
    }

    fn answer_sync_step1(&mut self, connection: ConnectionId, state_vector: &[u8]) {
        if let Err(malformed) = check_state_vector(state_vector) {
            let reason = format!("malformed state vector: {malformed}");
            self.remove_connection(connection, Ended::Close(CloseReason::new(CLOSE_PROTOCOL_ERROR, reason)));
            return;
        }
        let state_vector = match StateVector::decode_v1(state_vector) {
            Ok(state_vector) => state_vector,
            Err(decode_error) => {
                let reason = format!("malformed state vector: {decode_error}");
                self.remove_connection(connection, Ended::Close(CloseReason::new(CLOSE_PROTOCOL_ERROR, reason)));
                return;
            }
        };
        if state_vector.is_empty() {
            let frame = match &self.whole_document_frame {
                Some(frame) => frame.clone(),
                None => {
                    let Some(update) = self.read_guarded(|doc| doc.transact().encode_diff_v1(&state_vector)) else {
                        return;
                    };
                    let frame = Bytes::from(encode_sync_step2(&update));
                    self.whole_document_frame = Some(frame.clone());
                    frame
                }
            };
            self.send_to(connection, frame);
            return;
        }
        let Some(update) = self.read_guarded(|doc| doc.transact().encode_diff_v1(&state_vector)) else { return };
        self.send_to(connection, Bytes::from(encode_sync_step2(&update)));
    }

    /// Runs `read` on the document where a panic is caught; none, with the document marked
    /// as needing to reload, when yrs panicked.
    fn read_guarded<T>(&mut self, read: impl FnOnce(&Doc) -> T) -> Option<T> {
        let doc = &self.doc;
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read(doc))) {
            Ok(value) => Some(value),
            Err(_) => {
                error!(document = %self.name, "reading the document panicked; it reloads from storage");
                self.stats().document_panics.inc();
                self.panicked = true;
                None
            }
        }
    }

    /// Applies a client's update to the document; gives it back when it changed something and
    /// must be committed and sent on. An update is read and checked (the schema, the depth
    /// limit, the size limit) before yrs sees any of it, and refused whole if it does not fit.
    /// `Err` when yrs panicked: the document may then be damaged in memory and must unload.
    fn apply_write(
        &mut self,
        connection: ConnectionId,
        update: Bytes,
        is_step2: bool,
    ) -> Result<Option<Bytes>, Panicked> {
        let Some(open) = self.connections.get_mut(&connection) else { return Ok(None) };
        let role = open.role();
        if role.can_write() && !self.locked && !open.count_update(Instant::now(), &self.registry.settings.connection) {
            let limit = self.registry.settings.connection.max_updates_per_second;
            let reason = format!("more than {limit} changes a second were sent; reload the page to carry on");
            self.refuse(connection, CLOSE_TOO_MANY, reason);
            return Ok(None);
        }
        // Read our way first: yrs reads nested values recursively, so their depth is checked
        // before it sees them.
        let structure = match decode_update(&update) {
            Ok(structure) => structure,
            Err(decode_error) => {
                let reason = format!("malformed update: {decode_error}");
                self.remove_connection(connection, Ended::Close(CloseReason::new(CLOSE_PROTOCOL_ERROR, reason)));
                return Ok(None);
            }
        };
        let decoded = match Update::decode_v1(&update) {
            Ok(decoded) => decoded,
            Err(decode_error) => {
                let reason = format!("malformed update: {decode_error}");
                self.remove_connection(connection, Ended::Close(CloseReason::new(CLOSE_PROTOCOL_ERROR, reason)));
                return Ok(None);
            }
        };
        if !role.can_write() || self.locked {
            // A viewer's answer to our step 1 holds nothing new unless it edited offline; only
            // tell it off when it actually tried to change something.
            let state_vector = self.doc.transact().state_vector();
            if !is_step2 || decoded.extends(&state_vector) {
                let reason = if self.locked {
                    "read-only: the plan is waiting for agreement or is final, so it cannot change now"
                } else {
                    "read-only: this connection may not edit the document"
                };
                self.send_to(connection, Bytes::from(encode_permission_denied(reason)));
            }
            return Ok(None);
        }
        if decoded.is_empty() {
            return Ok(None);
        }
        let max_bytes = self.registry.settings.max_document_bytes;
        if self.stored_bytes.saturating_add(update.len() as u64) > max_bytes {
            let reason = format!(
                "the document has reached its size limit of {}, so this change was not saved; \
                 ask the facilitator to start a new version",
                size_in_words(max_bytes)
            );
            self.refuse(connection, CLOSE_REFUSED, reason);
            return Ok(None);
        }
        match self.shape.check_structure(&structure) {
            Ok(()) => {}
            Err(UpdateRefused::MissingDependency) => {
                // Another node may not have passed on what this client saw yet; reconnecting
                // resyncs it with what storage holds.
                let reason = CloseReason::new(CLOSE_ACCESS_CHANGED, "the document changed elsewhere; reconnecting");
                self.remove_connection(connection, Ended::Close(reason));
                return Ok(None);
            }
            Err(refused) => {
                warn!(document = %self.name, connection, reason = %refused, "update refused");
                self.stats().updates_refused.inc();
                self.refuse(connection, CLOSE_REFUSED, format!("your change was not saved: {refused}"));
                return Ok(None);
            }
        }
        let doc = &self.doc;
        let applied = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut transaction = doc.transact_mut();
            let outcome = transaction.apply_update(decoded);
            let changed = !transaction.insert_set().is_empty()
                || !transaction.delete_set().is_empty()
                || transaction.store().pending_update().is_some()
                || transaction.store().pending_ds().is_some();
            // Committing the transaction (its clean-up and garbage collection) happens here too.
            drop(transaction);
            outcome.map(|()| changed)
        }));
        match applied {
            Ok(Ok(changed)) => Ok(changed.then_some(update)),
            Ok(Err(apply_error)) => {
                let reason = format!("update could not be applied: {apply_error}");
                self.remove_connection(connection, Ended::Close(CloseReason::new(CLOSE_PROTOCOL_ERROR, reason)));
                Ok(None)
            }
            Err(_) => {
                error!(document = %self.name, connection, "applying an update panicked; the document reloads from storage");
                self.stats().document_panics.inc();
                Err(Panicked)
            }
        }
    }

    /// Tells a connection why what it sent was refused, then closes it with `code`.
    fn refuse(&mut self, connection: ConnectionId, code: u16, reason: String) {
        self.send_to(connection, Bytes::from(encode_permission_denied(&reason)));
        self.remove_connection(connection, Ended::Close(CloseReason::new(code, reason)));
    }

    /// Closes every connection with 1011 after yrs panicked: what is in memory cannot be trusted,
    /// and the next person to connect gets the document fresh from storage.
    fn close_all_after_panic(&mut self) {
        let ids: Vec<ConnectionId> = self.connections.keys().copied().collect();
        for id in ids {
            let reason =
                CloseReason::new(CLOSE_INTERNAL_ERROR, "the document hit an error and is reloading; reconnect");
            self.remove_connection(id, Ended::Close(reason));
        }
    }

    /// Commits every applied update in one transaction, then sends each to every connection but
    /// its sender. False when the commit failed.
    async fn commit_and_broadcast(&mut self, uncommitted: &mut Vec<Uncommitted>) -> bool {
        if uncommitted.is_empty() {
            return true;
        }
        let updates: Vec<Bytes> = uncommitted.iter().map(|pending| pending.update.clone()).collect();
        let mut attempts = 0;
        let committed = loop {
            let first_seq = self.last_seq + 1;
            let started = Instant::now();
            let committed = self.store().append_updates(&self.name, first_seq, &updates).await;
            self.stats().commit_seconds.observe(started.elapsed().as_secs_f64());
            attempts += 1;
            match committed {
                // Another node took these sequence numbers: take in what it committed (our
                // updates merge with it, as CRDT updates do), then commit after it.
                Err(StoreError::Conflict(_)) if attempts < MAX_COMMIT_ATTEMPTS => {
                    if !self.catch_up().await {
                        break Err(StoreError::Conflict("sequence numbers taken by another node"));
                    }
                }
                other => break other,
            }
        };
        if let Err(store_error) = committed {
            error!(document = %self.name, error = %store_error, "updates could not be committed");
            // Every connection resyncs on reconnect and resends what storage lacks.
            let ids: Vec<ConnectionId> = self.connections.keys().copied().collect();
            for id in ids {
                let reason =
                    CloseReason::new(CLOSE_INTERNAL_ERROR, "the document could not be saved; reconnecting will retry");
                self.remove_connection(id, Ended::Close(reason));
            }
            return false;
        }
        self.whole_document_frame = None;
        if let Some(fanout) = self.registry.fanout() {
            fanout.publish_updates(&self.name, self.last_seq + 1, &updates);
        }
        self.last_seq += updates.len() as i64;
        self.logged_since_snapshot += updates.len() as u64;
        self.stats().updates_committed.inc_by(updates.len() as u64);
        for pending in uncommitted.drain(..) {
            self.broadcast(Bytes::from(encode_sync_update(&pending.update)), pending.sender);
            if let Some(received_at) = pending.received_at {
                self.registry.stats.fan_out_seconds.observe(received_at.elapsed().as_secs_f64());
            }
        }
        self.start_compaction_if_due();
        true
    }

    /// Writes the content of `state` over the live document in one transaction; gives the
    /// update that transaction made.
    fn replace_content(&mut self, state: &[u8], replace: super::ContentReplacer) -> Result<Bytes, super::ReplaceError> {
        if self.locked {
            return Err(super::ReplaceError::Locked("the plan is waiting for agreement or is final".into()));
        }
        let source = Doc::new();
        let update = Update::decode_v1(state).map_err(|error| super::ReplaceError::BadState(error.to_string()))?;
        source.transact_mut().apply_update(update).map_err(|error| super::ReplaceError::BadState(error.to_string()))?;
        let mut transaction = self.doc.transact_mut();
        replace(&self.doc, &mut transaction, &source);
        Ok(Bytes::from(transaction.encode_update_v1()))
    }

    /// Takes a connection's presence changes: each state must be a JSON object of bounded size,
    /// a connection may introduce only so many presences, and may change only its own. In a
    /// meeting's document the name and role shown are the token holder's, never what the client
    /// claims.
    fn apply_awareness(&mut self, connection: ConnectionId, update: &Bytes) {
        let entries = match decode_awareness_update(update) {
            Ok(entries) => entries,
            Err(decode_error) => {
                let reason = format!("malformed awareness update: {decode_error}");
                self.remove_connection(connection, Ended::Close(CloseReason::new(CLOSE_PROTOCOL_ERROR, reason)));
                return;
            }
        };
        let Some(open) = self.connections.get(&connection) else { return };
        let holder = open.access().map(|access| {
            let (name, role) = access.holder();
            (name.to_owned(), role)
        });
        let settings = &self.registry.settings.connection;
        let (max_presences, max_presence_bytes) = (settings.max_presences, settings.max_presence_bytes);
        let mut accepted: Vec<(u64, u64, String)> = Vec::with_capacity(entries.len());
        let mut rewritten = false;
        for entry in &entries {
            match self.awareness.get(&entry.client_id) {
                // Nobody may speak for another connection's client, nor change what the server
                // says of a connection.
                Some(record) if record.connection != connection || record.made_by_server => continue,
                Some(_) => {}
                None if entry.is_removal() => {}
                None => {
                    let introduced = self
                        .awareness
                        .values()
                        .filter(|record| record.connection == connection && !record.made_by_server)
                        .count();
                    if introduced >= max_presences {
                        let reason = format!("one connection may show at most {max_presences} presences");
                        self.stats().presence_refused.inc();
                        self.refuse(connection, CLOSE_REFUSED, reason);
                        return;
                    }
                }
            }
            if entry.is_removal() {
                self.awareness.remove(&entry.client_id);
                accepted.push((entry.client_id, entry.clock, "null".to_owned()));
                continue;
            }
            if entry.state.len() > max_presence_bytes {
                let reason = format!("a presence may be at most {} KiB", max_presence_bytes / 1024);
                self.stats().presence_refused.inc();
                self.refuse(connection, CLOSE_REFUSED, reason);
                return;
            }
            let state = match presence_state(entry.state, holder.as_ref().map(|(name, role)| (name.as_str(), *role))) {
                Ok(Some(state)) => {
                    rewritten = true;
                    state
                }
                Ok(None) => entry.state.to_owned(),
                Err(reason) => {
                    self.stats().presence_refused.inc();
                    self.refuse(connection, CLOSE_REFUSED, reason.to_owned());
                    return;
                }
            };
            let record =
                AwarenessRecord { clock: entry.clock, state: state.clone(), connection, made_by_server: false };
            self.awareness.insert(entry.client_id, record);
            accepted.push((entry.client_id, entry.clock, state));
        }
        if accepted.is_empty() {
            return;
        }
        let frame = Bytes::from(if accepted.len() == entries.len() && !rewritten {
            encode_awareness(update)
        } else {
            encode_awareness(&encode_awareness_update(
                accepted.iter().map(|(client_id, clock, state)| AwarenessEntry {
                    client_id: *client_id,
                    clock: *clock,
                    state,
                }),
            ))
        });
        if let Some(fanout) = self.registry.fanout() {
            fanout.publish_awareness(&self.name, frame.clone());
        }
        self.broadcast(frame, Some(connection));
    }

    /// Shows everyone in a meeting's document who holds a new connection, whatever its client
    /// sends: a presence of the server's own, gone when the connection goes.
    fn announce_holder(&mut self, connection: ConnectionId) {
        let Some(access) = self.connections.get(&connection).and_then(|open| open.access()) else { return };
        let (name, role) = access.holder();
        let state = serde_json::json!({ "user": { "name": name, "role": role }, "connection": true }).to_string();
        let client_id = SERVER_PRESENCE_BASE + connection;
        let entry = AwarenessEntry { client_id, clock: 1, state: &state };
        let frame = Bytes::from(encode_awareness(&encode_awareness_update([entry])));
        self.awareness.insert(client_id, AwarenessRecord { clock: 1, state, connection, made_by_server: true });
        if let Some(fanout) = self.registry.fanout() {
            fanout.publish_awareness(&self.name, frame.clone());
        }
        self.broadcast(frame, Some(connection));
    }

    fn all_awareness_frame(&self) -> Option<Bytes> {
        if self.awareness.is_empty() && self.remote_awareness.is_empty() {
            return None;
        }
        let local = self.awareness.iter().map(|(&client_id, record)| AwarenessEntry {
            client_id,
            clock: record.clock,
            state: &record.state,
        });
        let remote = self.remote_awareness.iter().map(|(&client_id, (clock, state))| AwarenessEntry {
            client_id,
            clock: *clock,
            state,
        });
        let update = encode_awareness_update(local.chain(remote));
        Some(Bytes::from(encode_awareness(&update)))
    }

    /// Applies another node's committed updates when they follow on from what this node has;
    /// on a gap, catches up from storage instead. False when storage failed.
    async fn apply_remote(&mut self, first_seq: i64, updates: Vec<Bytes>) -> bool {
        if first_seq > self.last_seq + 1 {
            return self.catch_up().await;
        }
        let skip = (self.last_seq + 1 - first_seq).max(0) as usize;
        self.whole_document_frame = None;
        for update in updates.into_iter().skip(skip) {
            self.shape.record_stored(&update);
            self.stored_bytes += update.len() as u64;
            match Update::decode_v1(&update) {
                Ok(decoded) => {
                    if let Err(error) = self.doc.transact_mut().apply_update(decoded) {
                        warn!(document = %self.name, %error, "a remote update could not be applied");
                    }
                }
                Err(error) => warn!(document = %self.name, %error, "a remote update could not be decoded"),
            }
            self.last_seq += 1;
            self.logged_since_snapshot += 1;
            self.stats().remote_updates_applied.inc();
            self.broadcast(Bytes::from(encode_sync_update(&update)), None);
        }
        true
    }

    /// Reads what storage has beyond this node's last sequence number, applies it, and sends the
    /// difference to this node's clients. False when storage failed.
    async fn catch_up(&mut self) -> bool {
        let stored = match self.store().load_document_since(&self.name, self.last_seq).await {
            Ok(stored) => stored,
            Err(error) => {
                warn!(document = %self.name, %error, "catching up from storage failed");
                return false;
            }
        };
        if stored.last_seq <= self.last_seq {
            return true;
        }
        self.whole_document_frame = None;
        let before = self.doc.transact().state_vector();
        for bytes in stored.snapshot.iter().chain(stored.updates.iter()) {
            self.shape.record_stored(bytes);
            if let Ok(update) = Update::decode_v1(bytes) {
                let _ = self.doc.transact_mut().apply_update(update);
            }
        }
        self.stored_bytes += stored.updates.iter().map(|bytes| bytes.len() as u64).sum::<u64>();
        debug!(document = %self.name, from = self.last_seq, to = stored.last_seq, "caught up from storage");
        self.stats().catch_ups.inc();
        self.logged_since_snapshot += stored.updates.len() as u64;
        self.last_seq = stored.last_seq;
        let difference = self.doc.transact().encode_diff_v1(&before);
        self.broadcast(Bytes::from(encode_sync_update(&difference)), None);
        true
    }

    /// Catches up when storage is ahead of this node (the periodic check). False when storage
    /// failed.
    async fn catch_up_if_behind(&mut self) -> bool {
        match self.store().document_head(&self.name).await {
            Ok(head) if head > self.last_seq => self.catch_up().await,
            Ok(_) => true,
            // Storage unreachable for a moment: try again at the next check.
            Err(error) => {
                warn!(document = %self.name, %error, "cannot check storage for newer updates");
                true
            }
        }
    }

    fn apply_remote_awareness(&mut self, frame: &Bytes) {
        if let Some(Ok(kinplan_protocol::Message::Awareness(update))) = kinplan_protocol::decode_frame(frame).next() {
            if let Ok(entries) = decode_awareness_update(update) {
                for entry in entries {
                    if entry.is_removal() {
                        self.remote_awareness.remove(&entry.client_id);
                    } else {
                        self.remote_awareness.insert(entry.client_id, (entry.clock, entry.state.to_owned()));
                    }
                }
            }
        }
        self.broadcast(frame.clone(), None);
    }

    fn send_to(&mut self, connection: ConnectionId, frame: Bytes) {
        let settings = &self.registry.settings.connection;
        let Some(open) = self.connections.get_mut(&connection) else { return };
        if open.queue(frame, settings).is_err() {
            self.close_slow(connection);
        }
    }

    /// Queues `frame` for every connection but `except`; the task writes them as soon as this
    /// turn of its loop ends.
    fn broadcast(&mut self, frame: Bytes, except: Option<ConnectionId>) {
        let settings = &self.registry.settings.connection;
        let mut slow = Vec::new();
        for (&id, connection) in self.connections.iter_mut() {
            if Some(id) == except {
                continue;
            }
            if connection.queue(frame.clone(), settings).is_err() {
                slow.push(id);
            }
        }
        for id in slow {
            self.close_slow(id);
        }
    }

    fn close_slow(&mut self, connection: ConnectionId) {
        self.stats().slow_clients_closed.inc();
        warn!(document = %self.name, connection, "closing a connection that fell behind");
        self.remove_connection(connection, Ended::Close(fell_behind()));
    }

    fn start_compaction_if_due(&mut self) {
        if self.compaction.is_some() || self.logged_since_snapshot < self.registry.settings.compact_after {
            return;
        }
        let store = self.store();
        let name = self.name.clone();
        let up_to = self.last_seq;
        self.stored_bytes_at_compaction = self.stored_bytes;
        self.compaction = Some(tokio::spawn(async move { compact(store, name, up_to).await }));
    }

    fn compaction_finished(&mut self, outcome: Result<Compacted, StoreError>) {
        match outcome {
            Ok(Compacted { up_to, snapshot_bytes }) => {
                self.logged_since_snapshot = (self.last_seq - up_to).max(0) as u64;
                // The snapshot replaces what was logged up to it; what came since stays.
                let since = self.stored_bytes.saturating_sub(self.stored_bytes_at_compaction);
                self.stored_bytes = snapshot_bytes + since;
                self.stats().compactions.inc();
                debug!(document = %self.name, up_to, "log compacted");
            }
            Err(store_error) => {
                warn!(document = %self.name, error = %store_error, "compaction failed; will retry")
            }
        }
    }

    async fn flush_on_unload(&mut self) {
        if let Some(running) = self.compaction.take() {
            let outcome = wait_for(&mut Some(running)).await;
            self.compaction_finished(outcome);
        }
        if self.logged_since_snapshot > 0 {
            self.stored_bytes_at_compaction = self.stored_bytes;
            let outcome = compact(self.store(), self.name.clone(), self.last_seq).await;
            self.compaction_finished(outcome);
        }
        info!(document = %self.name, last_seq = self.last_seq, "document unloaded after flushing");
    }
}

/// yrs panicked while working on the document.
#[derive(Debug)]
struct Panicked;

#[derive(Debug, thiserror::Error)]
enum LoadError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("building the document panicked")]
    Panicked,
}

/// Waits for the interval's next tick; never, without an interval.
async fn tick(interval: &mut Option<tokio::time::Interval>) {
    match interval {
        Some(interval) => {
            interval.tick().await;
        }
        None => std::future::pending().await,
    }
}

async fn wait_for(compaction: &mut Option<JoinHandle<Result<Compacted, StoreError>>>) -> Result<Compacted, StoreError> {
    match compaction.as_mut() {
        Some(handle) => handle
            .await
            .unwrap_or_else(|join_error| Err(StoreError::Task(format!("compaction task failed: {join_error}")))),
        None => std::future::pending().await,
    }
}

/// What a compaction wrote.
struct Compacted {
    up_to: i64,
    snapshot_bytes: u64,
}

/// Merges the snapshot and log of `name` up to `up_to` into a new snapshot, off the document
/// task, so editing goes on meanwhile.
async fn compact(store: Arc<dyn Store>, name: String, up_to: i64) -> Result<Compacted, StoreError> {
    let stored = store.load_document(&name, Some(up_to)).await?;
    let state = tokio::task::spawn_blocking(move || {
        document_from_stored(&stored).transact().encode_state_as_update_v1(&StateVector::default())
    })
    .await
    .map_err(|join_error| StoreError::Task(format!("compaction panicked: {join_error}")))?;
    store.store_snapshot(&name, &state, up_to).await?;
    Ok(Compacted { up_to, snapshot_bytes: state.len() as u64 })
}

/// Rebuilds a document from its snapshot and later updates. An update that does not decode is
/// reported and passed over, so one bad row does not lock a family out of their plan.
///
/// Each update gets its own transaction: yrs does work per transaction that grows with what the
/// transaction holds, so one transaction for a long log is quadratic (measured: 40,000 updates
/// took 574 ms in one transaction, 53 ms in one each).
pub(crate) fn document_from_stored(stored: &StoredDocument) -> Doc {
    let doc = Doc::new();
    for bytes in stored.snapshot.iter().chain(stored.updates.iter()) {
        match Update::decode_v1(bytes) {
            Ok(update) => {
                if let Err(apply_error) = doc.transact_mut().apply_update(update) {
                    error!(error = %apply_error, "a stored update could not be applied");
                }
            }
            Err(decode_error) => {
                error!(error = %decode_error, "a stored update could not be decoded")
            }
        }
    }
    doc
}

/// Writes what each connection has queued and reads what each client sent. Ready with what was
/// read and which connections ended; pending, with every socket set to wake the task, when there
/// was nothing.
fn poll_connections(
    connections: &mut LiteMap<ConnectionId, Box<Connection>>,
    turn: usize,
    settings: &ConnectionSettings,
    cx: &mut Context<'_>,
) -> Poll<Activity> {
    let mut activity = Activity::default();
    let mut frames = Vec::new();
    for_each_rotated(connections, turn, |id, connection| {
        if let Poll::Ready(outcome) = connection.poll(cx, settings, &mut frames) {
            activity.received.extend(frames.drain(..).map(|frame| (id, frame)));
            if let Err(ended) = outcome {
                activity.ended.push((id, ended));
            }
        }
    });
    if activity.received.is_empty() && activity.ended.is_empty() {
        Poll::Pending
    } else {
        Poll::Ready(activity)
    }
}

/// Visits every connection, starting at the `turn`th (counted round): tokio lets a task do only
/// so much IO in one go, so the sockets visited first must not always be the same.
fn for_each_rotated(
    connections: &mut LiteMap<ConnectionId, Box<Connection>>,
    turn: usize,
    mut visit: impl FnMut(ConnectionId, &mut Connection),
) {
    let start = if connections.is_empty() { 0 } else { turn % connections.len() };
    for (&id, connection) in connections.iter_mut().skip(start) {
        visit(id, connection);
    }
    for (&id, connection) in connections.iter_mut().take(start) {
        visit(id, connection);
    }
}

/// The commands for what the sockets had: each frame decoded whole first, so that a frame with a
/// bad message changes nothing and closes its connection; then the connections that ended.
fn commands_from(activity: Activity, settings: &ConnectionSettings) -> Vec<DocumentCommand> {
    let received_at = Instant::now();
    let mut batch = Vec::with_capacity(activity.received.len());
    let mut ended: Vec<(ConnectionId, Ended)> = Vec::new();
    for (connection, frame) in activity.received {
        if ended.iter().any(|(closing, _)| *closing == connection) {
            continue;
        }
        match decode_messages(&frame, received_at, settings.max_sync_requests_per_frame) {
            Ok(messages) => {
                batch.extend(messages.into_iter().map(|message| DocumentCommand::Incoming { connection, message }))
            }
            Err(reason) => ended.push((connection, Ended::Close(reason))),
        }
    }
    ended.extend(activity.ended);
    batch.extend(ended.into_iter().map(|(connection, ended)| DocumentCommand::Leave { connection, ended }));
    batch
}

/// The messages in one frame from a client, or the reason to close when one is malformed.
fn decode_messages(
    frame: &Bytes,
    received_at: Instant,
    max_sync_requests: usize,
) -> Result<Vec<IncomingMessage>, CloseReason> {
    let mut messages = Vec::new();
    let mut sync_requests = 0;
    for message in decode_frame(frame) {
        let message = message.map_err(|decode_error| {
            CloseReason::new(CLOSE_PROTOCOL_ERROR, format!("malformed message: {decode_error}"))
        })?;
        messages.push(match message {
            Message::Sync(SyncMessage::Step1 { state_vector }) => {
                sync_requests += 1;
                if sync_requests > max_sync_requests {
                    let reason = format!("at most {max_sync_requests} sync requests may come in one message");
                    return Err(CloseReason::new(CLOSE_REFUSED, reason));
                }
                IncomingMessage::SyncStep1 { state_vector: frame.slice_ref(state_vector) }
            }
            Message::Sync(SyncMessage::Step2 { update }) => {
                IncomingMessage::Write { update: frame.slice_ref(update), is_step2: true, received_at }
            }
            Message::Sync(SyncMessage::Update { update }) => {
                IncomingMessage::Write { update: frame.slice_ref(update), is_step2: false, received_at }
            }
            Message::Awareness(update) => IncomingMessage::Awareness { update: frame.slice_ref(update) },
            Message::QueryAwareness => IncomingMessage::QueryAwareness,
            // Clients have nothing to deny the server; ignore it as the reference server does.
            Message::PermissionDenied { .. } => continue,
        });
    }
    Ok(messages)
}

/// A size as people read it: "32 MiB", "64 KiB".
fn size_in_words(bytes: u64) -> String {
    if bytes >= 1024 * 1024 && bytes.is_multiple_of(1024 * 1024) {
        format!("{} MiB", bytes / (1024 * 1024))
    } else if bytes >= 1024 {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

/// A presence state checked: it must be a JSON object. With a holder (a meeting's document),
/// the `user` it shows is rewritten to the holder's name and role, and the new text given back;
/// without one, none (the state stands as sent).
fn presence_state(state: &str, holder: Option<(&str, &str)>) -> Result<Option<String>, &'static str> {
    let mut object: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(state).map_err(|_| "a presence must be a JSON object")?;
    let Some((name, role)) = holder else { return Ok(None) };
    let user = object.entry("user").or_insert_with(|| serde_json::Value::Object(Default::default()));
    if !user.is_object() {
        *user = serde_json::Value::Object(Default::default());
    }
    user["name"] = name.into();
    user["role"] = role.into();
    Ok(Some(serde_json::Value::Object(object).to_string()))
}

/// The next meeting event; never, for a document outside meetings.
async fn next_event(
    events: &mut Option<broadcast::Receiver<Arc<MeetingEvent>>>,
) -> Result<Arc<MeetingEvent>, RecvError> {
    match events {
        Some(events) => events.recv().await,
        None => std::future::pending().await,
    }
}
