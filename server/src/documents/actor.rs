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
use crate::connection::{fell_behind, Connection, ConnectionSettings, Ended, CLOSE_GOING_AWAY};
use crate::events::MeetingEvent;
use crate::stats::ServerStats;
use crate::store::{Store, StoreError, StoredDocument};

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
}

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
    compaction: Option<JoinHandle<Result<i64, StoreError>>>,
    /// Since when the document has had no connections.
    idle_since: Instant,
    /// Set while nobody may change the document (a plan proposed for agreement, or final).
    locked: bool,
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
            name,
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
                        let batch = commands_from(activity);
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
        self.doc = tokio::task::spawn_blocking(move || document_from_stored(&stored))
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
        for command in batch.by_ref() {
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
                    let state = self.doc.transact().encode_state_as_update_v1(&StateVector::default());
                    let _ = reply.send(Ok(state));
                }
                DocumentCommand::ReplaceContent { state, replace, reply } => {
                    match self.replace_content(&state, replace) {
                        Ok(update) => {
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
                            if let Some(update) = self.apply_write(connection, update, is_step2) {
                                self.stats().updates_received.inc();
                                let sender = Some(connection);
                                uncommitted.push(Uncommitted { sender, update, received_at: Some(received_at) });
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
        self.commit_and_broadcast(&mut uncommitted).await
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
        self.broadcast(Bytes::from(encode_awareness(&update)), None);
    }

    fn answer_sync_step1(&mut self, connection: ConnectionId, state_vector: &[u8]) {
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
                    let update = self.doc.transact().encode_diff_v1(&state_vector);
                    let frame = Bytes::from(encode_sync_step2(&update));
                    self.whole_document_frame = Some(frame.clone());
                    frame
                }
            };
            self.send_to(connection, frame);
            return;
        }
        let update = self.doc.transact().encode_diff_v1(&state_vector);
        self.send_to(connection, Bytes::from(encode_sync_step2(&update)));
    }

    /// Applies a client's update to the document; gives it back when it changed something and
    /// must be committed and sent on.
    fn apply_write(&mut self, connection: ConnectionId, update: Bytes, is_step2: bool) -> Option<Bytes> {
        let role = self.connections.get(&connection)?.role();
        let decoded = match Update::decode_v1(&update) {
            Ok(decoded) => decoded,
            Err(decode_error) => {
                let reason = format!("malformed update: {decode_error}");
                self.remove_connection(connection, Ended::Close(CloseReason::new(CLOSE_PROTOCOL_ERROR, reason)));
                return None;
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
            return None;
        }
        if decoded.is_empty() {
            return None;
        }
        let mut transaction = self.doc.transact_mut();
        if let Err(apply_error) = transaction.apply_update(decoded) {
            drop(transaction);
            let reason = format!("update could not be applied: {apply_error}");
            self.remove_connection(connection, Ended::Close(CloseReason::new(CLOSE_PROTOCOL_ERROR, reason)));
            return None;
        }
        let changed = !transaction.insert_set().is_empty()
            || !transaction.delete_set().is_empty()
            || transaction.store().pending_update().is_some()
            || transaction.store().pending_ds().is_some();
        drop(transaction);
        changed.then_some(update)
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

    fn apply_awareness(&mut self, connection: ConnectionId, update: &Bytes) {
        let entries = match decode_awareness_update(update) {
            Ok(entries) => entries,
            Err(decode_error) => {
                let reason = format!("malformed awareness update: {decode_error}");
                self.remove_connection(connection, Ended::Close(CloseReason::new(CLOSE_PROTOCOL_ERROR, reason)));
                return;
            }
        };
        let mut accepted = Vec::with_capacity(entries.len());
        for entry in &entries {
            if let Some(record) = self.awareness.get(&entry.client_id) {
                // Nobody may speak for another connection's client.
                if record.connection != connection {
                    continue;
                }
            }
            if entry.is_removal() {
                self.awareness.remove(&entry.client_id);
            } else {
                let record = AwarenessRecord { clock: entry.clock, state: entry.state.to_owned(), connection };
                self.awareness.insert(entry.client_id, record);
            }
            accepted.push(entry.clone());
        }
        if accepted.is_empty() {
            return;
        }
        let frame = Bytes::from(if accepted.len() == entries.len() {
            encode_awareness(update)
        } else {
            encode_awareness(&encode_awareness_update(accepted))
        });
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
            if let Ok(update) = Update::decode_v1(bytes) {
                let _ = self.doc.transact_mut().apply_update(update);
            }
        }
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
        self.compaction = Some(tokio::spawn(async move { compact(store, name, up_to).await }));
    }

    fn compaction_finished(&mut self, outcome: Result<i64, StoreError>) {
        match outcome {
            Ok(up_to) => {
                self.logged_since_snapshot = (self.last_seq - up_to).max(0) as u64;
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
            let outcome = compact(self.store(), self.name.clone(), self.last_seq).await;
            self.compaction_finished(outcome);
        }
        info!(document = %self.name, last_seq = self.last_seq, "document unloaded after flushing");
    }
}

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

async fn wait_for(compaction: &mut Option<JoinHandle<Result<i64, StoreError>>>) -> Result<i64, StoreError> {
    match compaction.as_mut() {
        Some(handle) => handle
            .await
            .unwrap_or_else(|join_error| Err(StoreError::Task(format!("compaction task failed: {join_error}")))),
        None => std::future::pending().await,
    }
}

/// Merges the snapshot and log of `name` up to `up_to` into a new snapshot, off the document
/// task, so editing goes on meanwhile. Gives back `up_to`.
async fn compact(store: Arc<dyn Store>, name: String, up_to: i64) -> Result<i64, StoreError> {
    let stored = store.load_document(&name, Some(up_to)).await?;
    let state = tokio::task::spawn_blocking(move || {
        document_from_stored(&stored).transact().encode_state_as_update_v1(&StateVector::default())
    })
    .await
    .map_err(|join_error| StoreError::Task(format!("compaction panicked: {join_error}")))?;
    store.store_snapshot(&name, &state, up_to).await?;
    Ok(up_to)
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
fn commands_from(activity: Activity) -> Vec<DocumentCommand> {
    let received_at = Instant::now();
    let mut batch = Vec::with_capacity(activity.received.len());
    let mut ended: Vec<(ConnectionId, Ended)> = Vec::new();
    for (connection, frame) in activity.received {
        if ended.iter().any(|(closing, _)| *closing == connection) {
            continue;
        }
        match decode_messages(&frame, received_at) {
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
fn decode_messages(frame: &Bytes, received_at: Instant) -> Result<Vec<IncomingMessage>, CloseReason> {
    let mut messages = Vec::new();
    for message in decode_frame(frame) {
        let message = message.map_err(|decode_error| {
            CloseReason::new(CLOSE_PROTOCOL_ERROR, format!("malformed message: {decode_error}"))
        })?;
        messages.push(match message {
            Message::Sync(SyncMessage::Step1 { state_vector }) => {
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

/// The next meeting event; never, for a document outside meetings.
async fn next_event(
    events: &mut Option<broadcast::Receiver<Arc<MeetingEvent>>>,
) -> Result<Arc<MeetingEvent>, RecvError> {
    match events {
        Some(events) => events.recv().await,
        None => std::future::pending().await,
    }
}
