//! The task that owns one live document: its `DocumentCore` (the yrs `Doc` and the rules), its
//! connections' sockets, its storage, its timers and its fan-out.
//!
//! Every change goes through here in order: decode, apply, commit to the log, then send to the
//! other connections. The core (`core.rs`) decides what each message leads to; this task does
//! the IO around it: it reads every socket, hands what came to the core, commits the batches the
//! core gives it, and carries out the effects the core answers with. The core releases an
//! update to the others only once its batch is committed, so nothing is sent to anyone before it
//! is committed and a crash loses nothing that anyone saw. Messages and commands that arrive
//! while a commit runs are handled as one batch and committed in one transaction.
//!
//! The task serves the document's connections itself: it reads every socket, and writes each
//! frame into the sockets it is for as soon as it is committed (`connection.rs`).

use litemap::LiteMap;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use kinplan_protocol::{decode_frame, Message, SyncMessage};
use tokio::sync::broadcast::{self, error::RecvError};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio::time::{sleep_until, Instant};
use tracing::{debug, error, info, warn};
use yrs::{Doc, ReadTxn, StateVector, Transact};

use super::core::{document_from_updates, DocumentCore, Effect};
use super::{DocumentCommand, DocumentRegistry, IncomingMessage, JoinAnswer, JoinError};
use crate::close::{
    CloseReason, ConnectionId, CLOSE_GOING_AWAY, CLOSE_INTERNAL_ERROR, CLOSE_PROTOCOL_ERROR, CLOSE_REFUSED,
};
use crate::connection::{fell_behind, Connection, ConnectionSettings, Ended};
use crate::events::MeetingEvent;
use crate::stats::ServerStats;
use crate::store::{Store, StoreError, StoredDocument};

/// The most commands handled, and so committed, in one batch.
const MAX_BATCH: usize = 256;
/// How often a document served by several nodes looks in storage for updates it missed.
const GAP_CHECK: std::time::Duration = std::time::Duration::from_secs(5);
/// How often a commit is retried after other nodes took its sequence numbers.
const MAX_COMMIT_ATTEMPTS: usize = 5;

pub(super) struct DocumentActor {
    generation: u32,
    registry: Arc<DocumentRegistry>,
    /// The document's state and rules: the actor feeds it what happens and carries out the
    /// effects it answers with.
    core: DocumentCore,
    /// The sockets, in the same order as the core's connections. Sorted vectors rather than
    /// hash tables: a document has a handful of connections, and a hash table's smallest
    /// allocation is several times what they take.
    connections: LiteMap<ConnectionId, Box<Connection>>,
    compaction: Option<JoinHandle<Result<Compacted, StoreError>>>,
    /// Since when the document has had no connections.
    idle_since: Instant,
    /// For a meeting's document, the meeting's events, which may close connections.
    meeting_events: Option<broadcast::Receiver<Arc<MeetingEvent>>>,
    /// Counts the loop's turns: each turn starts its round of the sockets one further on, so
    /// that no socket is always the last to be written and read.
    turn: u32,
}

/// What the document's sockets had for it: the messages its clients sent, and the connections
/// that ended (after their messages).
#[derive(Default)]
struct Activity {
    received: Vec<(ConnectionId, Bytes)>,
    ended: Vec<(ConnectionId, Ended)>,
}

impl DocumentActor {
    pub(super) fn new(name: Arc<str>, generation: u32, registry: Arc<DocumentRegistry>) -> Self {
        let core = DocumentCore::new(name, registry.core_settings());
        DocumentActor {
            generation,
            registry,
            core,
            connections: LiteMap::new_vec(),
            compaction: None,
            idle_since: Instant::now(),
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
                error!(document = %self.core.name(), error = %load_error, "document could not be loaded");
                self.registry.forget(self.core.name(), self.generation);
                for command in commands.drain() {
                    match command {
                        DocumentCommand::Join { connection, reply, .. } => {
                            let _ = reply.send(JoinAnswer::Failed(JoinError::LoadFailed, connection));
                        }
                        DocumentCommand::EncodeState { reply } | DocumentCommand::StateVector { reply } => {
                            let _ = reply.send(Err(JoinError::LoadFailed));
                        }
                        DocumentCommand::ReplaceContent(replacement) => {
                            let _ = replacement.reply.send(Err(JoinError::LoadFailed.into()));
                        }
                        _ => {}
                    }
                }
                return;
            }
            self.stats().documents_live.inc();

            // With other nodes, a periodic look at storage catches anything the fan-out missed.
            // Boxed, so a document served by one node alone keeps no room for it in its task.
            let mut gap_check = self.registry.fanout().map(|_| {
                let mut interval = tokio::time::interval(GAP_CHECK);
                interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                Box::new(interval)
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
                            self.registry.forget(self.core.name(), self.generation);
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
                    activity = std::future::poll_fn(|cx| poll_connections(&mut self.connections, self.turn as usize, &self.registry.settings.connection, cx)) => {
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
                            && self.registry.unregister_if_idle(self.core.name(), self.generation, &commands)
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
                        self.run_effects();
                        if self.registry.unregister_if_idle(self.core.name(), self.generation, &commands) {
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
            self.run_effects();
            let flushing = Box::pin(self.flush_on_unload());
            flushing.await;
            self.stats().documents_live.dec();
            debug!(document = %self.core.name(), "document unloaded");
        }
    }

    fn unload_deadline(&self) -> Option<Instant> {
        if !self.connections.is_empty() {
            return None;
        }
        Some(self.idle_since + self.registry.settings.unload_after)
    }

    /// When the task must wake if nothing else happens: a connection's keep-alive or idle
    /// timeout, presence held back that is due to go, or the time to unload.
    fn wake_at(&self) -> Option<Instant> {
        let connections = self.connections.values().map(|connection| connection.deadline()).min();
        let presence = self.core.presence_due().map(Instant::from_std);
        [connections, presence, self.unload_deadline()].into_iter().flatten().min()
    }

    /// Sends the presence held back that is due and the keep-alives that are due, and closes
    /// connections whose clients went quiet.
    fn on_deadlines(&mut self) {
        let now = Instant::now();
        // First, so a connection that is sent presence now needs no keep-alive.
        self.core.flush_presence(now.into_std());
        self.run_effects();
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
        self.run_effects();
    }

    fn flush_connections(&mut self, cx: &mut Context<'_>) {
        for_each_rotated(&mut self.connections, self.turn as usize, |_, connection| connection.flush(cx));
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
            self.registry.forget(self.core.name(), self.generation);
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
                .filter_map(|(&id, connection)| Some((id, connection.access()?.closes_on(&event, self.core.name())?)))
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
        self.run_effects();
    }

    async fn load(&mut self) -> Result<(), LoadError> {
        let started = Instant::now();
        let stored = self.store().load_document(self.core.name(), None).await?;
        let read = started.elapsed();
        let locked = self.store().document_lock(self.core.name()).await?.is_some();
        let name = Arc::clone(self.core.name());
        let settings = self.registry.core_settings();
        self.core = tokio::task::spawn_blocking(move || {
            let snapshot = stored.snapshot.as_deref();
            DocumentCore::load(name, snapshot, &stored.updates, stored.last_seq, locked, settings)
        })
        .await
        .map_err(|_| LoadError::Panicked)?;
        self.stats().document_loads.inc();
        debug!(
            document = %self.core.name(),
            last_seq = self.core.last_seq(),
            logged = self.core.logged_since_snapshot(),
            read_ms = read.as_millis() as u64,
            total_ms = started.elapsed().as_millis() as u64,
            "document loaded"
        );
        Ok(())
    }

    /// Handles commands from `batch` until it is empty or storage fails (then false, with the
    /// rest left in `batch`).
    async fn handle_batch(&mut self, batch: &mut std::vec::IntoIter<DocumentCommand>) -> bool {
        while !self.core.panicked() {
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
                DocumentCommand::Leave { connection, ended } => {
                    self.remove_connection(connection, ended);
                    self.run_effects();
                }
                DocumentCommand::SetLocked { locked } => self.core.set_locked(locked),
                DocumentCommand::Unload(unload) => {
                    let (reason, reply) = *unload;
                    let ids: Vec<ConnectionId> = self.connections.keys().copied().collect();
                    for id in ids {
                        self.remove_connection(id, Ended::Close(reason.clone()));
                    }
                    self.run_effects();
                    Box::pin(self.flush_on_unload()).await;
                    self.registry.forget(self.core.name(), self.generation);
                    let _ = reply.send(());
                    return false;
                }
                DocumentCommand::CatchUp => {
                    if !self.commit().await || !self.catch_up().await {
                        return false;
                    }
                }
                DocumentCommand::Remote(crate::fanout::RemoteMessage::Awareness { frame }) => {
                    self.core.remote_awareness(&frame, Instant::now().into_std());
                    self.run_effects();
                }
                DocumentCommand::Remote(crate::fanout::RemoteMessage::Updates { first_seq, updates }) => {
                    if !self.commit().await || !self.apply_remote(first_seq, updates).await {
                        return false;
                    }
                }
                DocumentCommand::EncodeState { reply } => {
                    // Only committed content leaves the document.
                    if !self.commit().await {
                        return false;
                    }
                    let _ = reply.send(self.core.committed_state().map_err(|_| JoinError::LoadFailed));
                }
                DocumentCommand::StateVector { reply } => {
                    // Only what is stored counts as saved.
                    if !self.commit().await {
                        return false;
                    }
                    let _ = reply.send(self.core.committed_state_vector().map_err(|_| JoinError::LoadFailed));
                }
                DocumentCommand::ReplaceContent(replacement) => {
                    let super::Replacement { state, replace, audit, reply } = *replacement;
                    // What waits is committed first, so the edit commits alone with its line.
                    if !self.commit().await {
                        let _ = reply.send(Err(JoinError::LoadFailed.into()));
                        return false;
                    }
                    match self.core.replace_content(&state, replace) {
                        Ok(()) => {
                            if !self.commit_audited(Some(&audit)).await {
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
                            // The answer carries document content, which must be committed first
                            // (the core would hold it back until then).
                            if !self.commit().await {
                                return false;
                            }
                            self.core.sync_step1(connection, &state_vector);
                        }
                        IncomingMessage::Write { update, is_step2, received_at } => {
                            self.core.write(connection, update, is_step2, received_at)
                        }
                        IncomingMessage::Awareness { update } => {
                            self.core.awareness(connection, &update, Instant::now().into_std())
                        }
                        IncomingMessage::QueryAwareness => self.core.query_awareness(connection),
                    }
                    self.run_effects();
                }
            }
        }
        let committed = self.commit().await;
        if self.core.panicked() {
            // The updates before the panic were checked and applied whole, and are kept; the
            // document starts afresh from storage.
            self.core.close_all("the document hit an error and is reloading; reconnect");
            self.run_effects();
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
        info!(connection = id, document = %self.core.name(), role = %connection.role().as_str(), "connection opened");
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
                    Ok(event) => connection.access().and_then(|access| access.closes_on(&event, self.core.name())),
                    Err(broadcast::error::TryRecvError::Lagged(_)) => Some(crate::sync_access::events_missed()),
                    Err(_) => break,
                };
            }
        }
        let role = connection.role();
        let holder = connection.access().map(|access| {
            let (name, role) = access.holder();
            (name.to_owned(), role)
        });
        self.connections.insert(id, connection);
        if let Some(reason) = closed_by {
            self.remove_connection(id, Ended::Close(reason));
            self.run_effects();
            return;
        }
        self.core.join(id, role, holder);
        self.run_effects();
    }

    /// Carries out what the core asked for, in order, and then what doing so led to (a
    /// connection that fell behind is closed, and the others told its presence is gone).
    fn run_effects(&mut self) {
        loop {
            let effects = self.core.take_effects();
            if effects.is_empty() {
                return;
            }
            for effect in effects {
                match effect {
                    Effect::Send { to, frame } => self.send_to(to, frame),
                    Effect::Broadcast { except, frame } => self.broadcast(frame, except),
                    Effect::Close { to, reason } => self.remove_connection(to, Ended::Close(reason)),
                    Effect::PublishUpdates { first_seq, updates } => {
                        if let Some(fanout) = self.registry.fanout() {
                            fanout.publish_updates(self.core.name(), first_seq, &updates);
                        }
                    }
                    Effect::PublishAwareness { frame } => {
                        if let Some(fanout) = self.registry.fanout() {
                            fanout.publish_awareness(self.core.name(), frame);
                        }
                    }
                }
            }
        }
    }

    /// Forgets a connection, closing it as `ended` says; the core tells the others that its
    /// clients have left, which goes out with the next `run_effects`.
    fn remove_connection(&mut self, id: ConnectionId, ended: Ended) {
        let Some(connection) = self.connections.remove(&id) else {
            return;
        };
        connection.end(ended, self.core.name(), &self.registry.tasks);
        if self.connections.is_empty() {
            self.idle_since = Instant::now();
        }
        self.core.leave(id);
    }

    /// Commits the updates the core has waiting in one append (after other nodes' updates, if
    /// they took the sequence numbers first), and has the core release them to every connection
    /// but each one's sender. False when the commit failed: the core then closes every
    /// connection.
    async fn commit(&mut self) -> bool {
        self.commit_audited(None).await
    }

    /// [`commit`](Self::commit), storing `audit` in the same transaction when given: the line
    /// that records an edit a workflow made.
    async fn commit_audited(&mut self, audit: Option<&crate::store::NewAuditEvent>) -> bool {
        let Some(batch) = self.core.take_batch() else {
            // Nothing to commit (an edit that changed nothing): the line is still kept.
            return match audit {
                Some(audit) => self.store().append_audit(audit, crate::secrets::now_millis()).await.is_ok(),
                None => true,
            };
        };
        let mut attempts = 0;
        let committed = loop {
            let first_seq = self.core.next_seq();
            let started = Instant::now();
            let committed = match audit {
                None => self.store().append_updates(self.core.name(), first_seq, batch.updates()).await,
                Some(audit) => {
                    append_with_audit(self.store(), self.core.name(), first_seq, batch.updates(), audit).await
                }
            };
            self.stats().commit_seconds.observe(started.elapsed().as_secs_f64());
            attempts += 1;
            match committed {
                Ok(()) => break Ok(first_seq),
                // Another node took these sequence numbers: take in what it committed (our
                // updates merge with it, as CRDT updates do), then commit after it.
                Err(StoreError::Conflict(_)) if attempts < MAX_COMMIT_ATTEMPTS => {
                    if !self.catch_up().await {
                        break Err(StoreError::Conflict("sequence numbers taken by another node"));
                    }
                }
                Err(other) => break Err(other),
            }
        };
        match committed {
            Ok(first_seq) => {
                let received = self.core.committed(batch, first_seq);
                self.run_effects();
                for received_at in received {
                    self.stats().fan_out_seconds.observe(received_at.elapsed().as_secs_f64());
                }
                self.start_compaction_if_due();
                true
            }
            Err(store_error) => {
                error!(document = %self.core.name(), error = %store_error, "updates could not be committed");
                self.core.commit_failed(batch);
                self.run_effects();
                false
            }
        }
    }

    /// Applies another node's committed updates when they follow on from what this node has;
    /// on a gap, catches up from storage instead. False when storage failed.
    async fn apply_remote(&mut self, first_seq: i64, updates: Vec<Bytes>) -> bool {
        if self.core.apply_remote(first_seq, updates).is_err() {
            return self.catch_up().await;
        }
        self.run_effects();
        true
    }

    /// Reads what storage has beyond this node's last sequence number, applies it, and sends the
    /// difference to this node's clients. False when storage failed.
    async fn catch_up(&mut self) -> bool {
        let stored = match self.store().load_document_since(self.core.name(), self.core.last_seq()).await {
            Ok(stored) => stored,
            Err(error) => {
                warn!(document = %self.core.name(), %error, "catching up from storage failed");
                return false;
            }
        };
        self.core.caught_up(stored.last_seq, stored.snapshot.as_deref(), &stored.updates);
        self.run_effects();
        true
    }

    /// Catches up when storage is ahead of this node (the periodic check). False when storage
    /// failed.
    async fn catch_up_if_behind(&mut self) -> bool {
        match self.store().document_head(self.core.name()).await {
            Ok(head) if head > self.core.last_seq() => self.catch_up().await,
            Ok(_) => true,
            // Storage unreachable for a moment: try again at the next check.
            Err(error) => {
                warn!(document = %self.core.name(), %error, "cannot check storage for newer updates");
                true
            }
        }
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
        warn!(document = %self.core.name(), connection, "closing a connection that fell behind");
        self.remove_connection(connection, Ended::Close(fell_behind()));
    }

    fn start_compaction_if_due(&mut self) {
        if self.compaction.is_some() || !self.core.compaction_due(self.registry.settings.compact_after) {
            return;
        }
        let store = self.store();
        let name = Arc::clone(self.core.name());
        let up_to = self.core.last_seq();
        self.core.compaction_started();
        self.compaction = Some(tokio::spawn(async move { compact(store, name, up_to).await }));
    }

    fn compaction_finished(&mut self, outcome: Result<Compacted, StoreError>) {
        match outcome {
            Ok(Compacted { up_to, snapshot_bytes }) => {
                self.core.compaction_finished(up_to, snapshot_bytes);
                self.stats().compactions.inc();
                debug!(document = %self.core.name(), up_to, "log compacted");
            }
            Err(store_error) => {
                warn!(document = %self.core.name(), error = %store_error, "compaction failed; will retry")
            }
        }
    }

    async fn flush_on_unload(&mut self) {
        if let Some(running) = self.compaction.take() {
            let outcome = wait_for(&mut Some(running)).await;
            self.compaction_finished(outcome);
        }
        if self.core.logged_since_snapshot() > 0 {
            self.core.compaction_started();
            let outcome = compact(self.store(), Arc::clone(self.core.name()), self.core.last_seq()).await;
            self.compaction_finished(outcome);
        }
        info!(document = %self.core.name(), last_seq = self.core.last_seq(), "document unloaded after flushing");
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
async fn tick(interval: &mut Option<Box<tokio::time::Interval>>) {
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
async fn compact(store: Arc<dyn Store>, name: Arc<str>, up_to: i64) -> Result<Compacted, StoreError> {
    let stored = store.load_document(&name, Some(up_to)).await?;
    let state = tokio::task::spawn_blocking(move || {
        document_from_stored(&stored).transact().encode_state_as_update_v1(&StateVector::default())
    })
    .await
    .map_err(|join_error| StoreError::Task(format!("compaction panicked: {join_error}")))?;
    store.store_snapshot(&name, &state, up_to).await?;
    Ok(Compacted { up_to, snapshot_bytes: state.len() as u64 })
}

/// Rebuilds a document from its snapshot and later updates (see `core::document_from_updates`).
pub(crate) fn document_from_stored(stored: &StoredDocument) -> Doc {
    document_from_updates(stored.snapshot.as_deref().into_iter().chain(stored.updates.iter().map(Vec::as_slice)))
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
    let received_at = std::time::Instant::now();
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
    received_at: std::time::Instant,
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

/// The next meeting event; never, for a document outside meetings.
async fn next_event(
    events: &mut Option<broadcast::Receiver<Arc<MeetingEvent>>>,
) -> Result<Arc<MeetingEvent>, RecvError> {
    match events {
        Some(events) => events.recv().await,
        None => std::future::pending().await,
    }
}

/// Appends `updates` to the log of `document` and stores `audit`, in one transaction.
async fn append_with_audit(
    store: Arc<dyn Store>,
    document: &str,
    first_seq: i64,
    updates: &[Bytes],
    audit: &crate::store::NewAuditEvent,
) -> Result<(), StoreError> {
    let mut change = store.begin_change().await?;
    change.append_updates(document, first_seq, updates).await?;
    change.commit(audit.clone()).await
}
