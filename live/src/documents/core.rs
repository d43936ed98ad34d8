//! The rules of one live document, with no IO: its yrs `Doc`, who is connected with what role,
//! their presence, and what each message a client sends leads to.
//!
//! `DocumentCore` takes what happened (a connection joined, sent an update, sent a presence, left;
//! storage committed a batch or failed to; another node committed something) and answers with
//! [`Effect`]s: frames to queue for one connection or for all, connections to close, messages to
//! publish to other nodes. It never touches a socket, a timer or storage, and never waits: the
//! actor (`actor.rs`) owns those, feeds the core, and carries out what the core says. So the rules
//! run in unit tests in milliseconds, as yrs's `sync::Protocol` and y-sweet's core do.
//!
//! **Nothing is sent before it is committed.** An update a client sends is applied and kept inside
//! the core as uncommitted; the frame that passes it on to the others exists only once the actor
//! has taken it as a [`Batch`] ([`DocumentCore::take_batch`]), stored it, and handed that batch
//! back to [`DocumentCore::committed`]. A batch that storage refused goes to
//! [`DocumentCore::commit_failed`], which sends nothing and closes every connection, so clients
//! resend on reconnect. Anything else that carries the document's content (a sync step 2) and is
//! asked for while updates wait for storage is held back behind them in the same way.

use std::time::{Duration, Instant};

use bytes::Bytes;
use kinplan_protocol::shape::{DocumentShape, UpdateRefused, DEFAULT_MAX_DEPTH};
use kinplan_protocol::update::{check_state_vector, decode_update};
use kinplan_protocol::{
    decode_awareness_update, decode_frame, encode_awareness, encode_awareness_update, encode_permission_denied,
    encode_sync_step1, encode_sync_step2, encode_sync_update, AwarenessEntry, Message,
};
use litemap::LiteMap;
use std::sync::Arc;
use tracing::{debug, error, warn};
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{Doc, ReadTxn, StateVector, Transact, Update};

use super::{ContentReplacer, ReplaceError};
use crate::auth::DocumentRole;
use crate::close::{
    CloseReason, ConnectionId, CLOSE_ACCESS_CHANGED, CLOSE_INTERNAL_ERROR, CLOSE_PROTOCOL_ERROR, CLOSE_REFUSED,
    CLOSE_TOO_MANY,
};
use crate::stats::ServerStats;

/// In the core's list of effects: may be done now (batches are numbered from 1).
const READY: u64 = 0;

/// Presence client ids the server makes for connections: above the 32 bits Yjs clients use,
/// within the 53 bits JavaScript numbers hold exactly.
pub(crate) const SERVER_PRESENCE_BASE: u64 = 1 << 52;

/// How long presence changes are gathered after a presence frame went out. The first change
/// after a quiet spell goes at once; those that come within this time after a frame are held, and
/// go together when it ends, as one frame to every connection. So 500 people moving their cursors
/// once a second make at most 50 frames a second for each connection, not 500.
pub(crate) const PRESENCE_WINDOW: Duration = Duration::from_millis(20);

/// The longest a renewal is held: a presence a client sends again unchanged, with only its clock
/// moved on, so that the others do not time it out. Renewals change nothing anyone sees, so they
/// wait and go together, at most once in this time for a document. y-websocket clients renew
/// every 15 s (up to 18 s, as they look every 3 s) and drop a presence not renewed for 30 s:
/// held at most 10 s, each renewal still arrives within 28 s of the one before.
pub(crate) const RENEWAL_INTERVAL: Duration = Duration::from_secs(10);

/// What every document's core shares: the limits it enforces, from the server configuration,
/// and the server's counters.
#[derive(Debug, Clone)]
pub(crate) struct CoreSettings {
    /// The largest a document may grow in storage; updates past it are refused.
    pub max_document_bytes: u64,
    /// Updates one writer may send in a second before it is closed with 4429.
    pub max_updates_per_second: u32,
    /// Presences one connection may introduce.
    pub max_presences: usize,
    /// The largest presence state, in bytes of JSON.
    pub max_presence_bytes: usize,
    /// Set when other nodes serve the document too: what is committed and every presence change
    /// is then published to them, and not made into messages otherwise.
    pub publishes: bool,
    pub stats: Arc<ServerStats>,
}

/// What the actor must do for the core. Carried out in order, as the core gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Effect {
    /// Queue `frame` for one connection.
    Send { to: ConnectionId, frame: Bytes },
    /// Queue `frame` for every connection but `except`; one buffer, shared by all of them.
    Broadcast { except: Option<ConnectionId>, frame: Bytes },
    /// Close the connection with `reason`. The core has forgotten it already, and any presence
    /// it had is gone (an effect after this one tells the others).
    Close { to: ConnectionId, reason: CloseReason },
    /// Tell the other nodes about updates committed as `first_seq`, `first_seq + 1`, ….
    PublishUpdates { first_seq: i64, updates: Vec<Bytes> },
    /// Tell the other nodes about a presence change (an awareness frame).
    PublishAwareness { frame: Bytes },
}

/// Updates applied to the document that storage must hold before anyone else is sent them.
///
/// Only the core makes one ([`DocumentCore::take_batch`]), and only handing it back
/// ([`DocumentCore::committed`] or [`DocumentCore::commit_failed`]) releases or drops what waits
/// for it. It cannot be copied, so it is resolved once.
#[derive(Debug)]
pub(crate) struct Batch {
    number: u64,
    updates: Vec<Bytes>,
    /// For each update, the connection it came from (not sent it back) and when it arrived.
    senders: Vec<(Option<ConnectionId>, Option<Instant>)>,
}

impl Batch {
    /// The updates to append to the log, in order.
    pub fn updates(&self) -> &[Bytes] {
        &self.updates
    }
}

/// Why the committed state cannot be read now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StateUnavailable {
    /// Updates are waiting for storage; commit them first.
    Uncommitted,
    /// yrs panicked reading the document; it must reload from storage.
    Panicked,
}

/// Another node's updates do not follow on from this node's last sequence number: read what
/// is missing from storage instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Gap;

/// An update applied to the document and waiting for its commit.
struct Uncommitted {
    /// The connection it came from, which is not sent it back; none for the server's own edits.
    sender: Option<ConnectionId>,
    update: Bytes,
    received_at: Option<Instant>,
}

/// What the core knows of one connection: what it may do and who holds it.
struct Peer {
    /// The start of the second in which `updates_in_window` updates came.
    update_window_start: Instant,
    updates_in_window: u32,
    role: DocumentRole,
    /// For a meeting's document, the token holder's name and role, which every presence the
    /// connection shows is rewritten to. Boxed: a document keeps one `Peer` a connection, and
    /// most of them are not in a meeting.
    holder: Option<Box<(String, &'static str)>>,
}

impl Peer {
    /// Counts one update; false when the connection is over its share for this second.
    fn count_update(&mut self, now: Instant, max_per_second: u32) -> bool {
        if now.saturating_duration_since(self.update_window_start) >= Duration::from_secs(1) {
            self.update_window_start = now;
            self.updates_in_window = 0;
        }
        self.updates_in_window = self.updates_in_window.saturating_add(1);
        self.updates_in_window <= max_per_second
    }
}

/// The connections a document serves, sorted by id. Grown one place at a time, not by doubling:
/// most documents have a connection or two, and a vector's first growth makes room for four.
#[derive(Default)]
struct Peers(Vec<(ConnectionId, Peer)>);

impl Peers {
    fn place(&self, connection: ConnectionId) -> Result<usize, usize> {
        self.0.binary_search_by_key(&connection, |(id, _)| *id)
    }

    fn insert(&mut self, connection: ConnectionId, peer: Peer) {
        match self.place(connection) {
            Ok(found) => self.0[found].1 = peer,
            Err(place) => {
                self.0.reserve_exact(1);
                self.0.insert(place, (connection, peer));
            }
        }
    }

    fn remove(&mut self, connection: &ConnectionId) -> Option<Peer> {
        let found = self.place(*connection).ok()?;
        let (_, peer) = self.0.remove(found);
        if self.0.len() * 2 < self.0.capacity() {
            self.0.shrink_to_fit();
        }
        Some(peer)
    }

    fn get(&self, connection: &ConnectionId) -> Option<&Peer> {
        self.place(*connection).ok().map(|found| &self.0[found].1)
    }

    fn get_mut(&mut self, connection: &ConnectionId) -> Option<&mut Peer> {
        self.place(*connection).ok().map(|found| &mut self.0[found].1)
    }

    fn contains(&self, connection: &ConnectionId) -> bool {
        self.place(*connection).is_ok()
    }

    fn ids(&self) -> Vec<ConnectionId> {
        self.0.iter().map(|(id, _)| *id).collect()
    }
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

/// Presence taken but not sent yet: see `PRESENCE_WINDOW` and `RENEWAL_INTERVAL`.
#[derive(Default)]
struct HeldPresence {
    /// The newest change of each client (the highest clock), sent when the window ends.
    changes: LiteMap<u64, HeldChange>,
    /// The clients whose presence was only renewed, sorted. Their clock and state are read from
    /// the records when they go, so nothing is copied here.
    renewals: Vec<u64>,
    /// When the renewals go: `RENEWAL_INTERVAL` after the first of them came.
    renewals_due: Option<Instant>,
}

impl HeldPresence {
    fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.renewals.is_empty()
    }
}

/// One client's presence change, held until the window ends.
struct HeldChange {
    clock: u64,
    /// The state as JSON text; `null` when the client has left.
    state: String,
    /// The connection the change came from: a frame holding only its own changes is not sent
    /// back to it. None for another node's.
    from: Option<ConnectionId>,
}

/// One live document's state and rules; see the module's comment.
pub(crate) struct DocumentCore {
    /// The document's name, for log lines; the actor shares it.
    name: Arc<str>,
    /// The same for every document of the server: shared, not copied into each.
    settings: Arc<CoreSettings>,
    doc: Doc,
    /// Sorted vectors rather than hash tables: a document has a handful of connections and
    /// presences, and a hash table's smallest allocation is several times what they take.
    peers: Peers,
    awareness: LiteMap<u64, AwarenessRecord>,
    /// Other nodes' clients' presence, relayed to this node's clients.
    /// Boxed: only a document that other nodes serve too has any.
    remote_awareness: Option<Box<LiteMap<u64, (u64, String)>>>,
    /// When a presence frame last went to the connections: a change that comes within
    /// `PRESENCE_WINDOW` after it is held.
    presence_sent_at: Option<Instant>,
    /// Presence changes and renewals taken but not sent yet. Boxed, and there only while
    /// something is held: most documents are quiet most of the time.
    held_presence: Option<Box<HeldPresence>>,
    /// Set while nobody may change the document (a plan proposed for agreement, or final).
    locked: bool,
    /// Where every item of the document sits, so each update is checked against the schema and
    /// the depth limit before yrs sees it.
    shape: DocumentShape,
    /// The sequence number of the last committed update.
    last_seq: i64,
    /// Updates in the log that no snapshot holds yet; compaction starts when this grows large.
    /// 32 bits, beside the flags, so a document's task is a little smaller: compaction starts
    /// after a thousand or so, and the count stops at its largest rather than wrapping.
    logged_since_snapshot: u32,
    /// About what the document takes in storage: its snapshot and the updates logged since.
    stored_bytes: u64,
    /// `stored_bytes` when the running compaction started.
    stored_bytes_at_compaction: u64,
    /// The size of the snapshot the log follows (part of `stored_bytes`).
    snapshot_bytes: u64,
    /// Set when yrs panicked on the document: it must unload, and reload from storage.
    panicked: bool,
    /// The sync step 2 for a client that has nothing yet (the whole document), kept while the
    /// document does not change: many people joining at once share one encoding and one buffer.
    whole_document_frame: Option<Bytes>,
    /// Updates applied since the last batch was taken; they become batch `next_batch`.
    uncommitted: Vec<Uncommitted>,
    /// The number the next batch taken will have.
    next_batch: u64,
    /// Set while the actor commits a batch: the one numbered `next_batch - 1`.
    in_flight: bool,
    /// What the actor has yet to do, each with the batch it waits for: `READY` for what may be
    /// done now, else the number of the batch whose commit releases it (frames with the
    /// document's content made while updates waited for storage; dropped if that batch fails).
    /// One list rather than two, so a document's task is a little smaller.
    outbox: Vec<(u64, Effect)>,
}

impl DocumentCore {
    /// An empty document, with nothing stored.
    pub fn new(name: Arc<str>, settings: Arc<CoreSettings>) -> Self {
        let shape = DocumentShape::new(DocumentShape::schema_for(&name), DEFAULT_MAX_DEPTH);
        DocumentCore {
            name,
            settings,
            doc: Doc::new(),
            peers: Peers::default(),
            awareness: LiteMap::new_vec(),
            remote_awareness: None,
            presence_sent_at: None,
            held_presence: None,
            locked: false,
            shape,
            last_seq: 0,
            logged_since_snapshot: 0,
            stored_bytes: 0,
            stored_bytes_at_compaction: 0,
            snapshot_bytes: 0,
            panicked: false,
            whole_document_frame: None,
            uncommitted: Vec::new(),
            next_batch: 1,
            in_flight: false,
            outbox: Vec::new(),
        }
    }

    /// The document as storage holds it: a snapshot, the updates logged after it (the last
    /// numbered `last_seq`), and whether it is locked. Slow for a long log: run it where
    /// blocking is allowed.
    #[allow(clippy::too_many_arguments)]
    pub fn load(
        name: Arc<str>,
        snapshot: Option<&[u8]>,
        updates: &[Vec<u8>],
        last_seq: i64,
        locked: bool,
        settings: Arc<CoreSettings>,
    ) -> Self {
        let mut core = DocumentCore::new(name, settings);
        let stored = || snapshot.into_iter().chain(updates.iter().map(Vec::as_slice));
        for bytes in stored() {
            core.shape.record_stored(bytes);
        }
        core.doc = document_from_updates(stored());
        core.stored_bytes = stored().map(|bytes| bytes.len() as u64).sum();
        core.snapshot_bytes = snapshot.map_or(0, |snapshot| snapshot.len() as u64);
        core.last_seq = last_seq;
        core.logged_since_snapshot = u32::try_from(updates.len()).unwrap_or(u32::MAX);
        core.locked = locked;
        core
    }

    /// What the actor must do now, in order; the core's list is empty afterwards.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        if self.outbox.iter().all(|(batch, _)| *batch == READY) {
            return std::mem::take(&mut self.outbox).into_iter().map(|(_, effect)| effect).collect();
        }
        let (ready, waiting): (Vec<_>, Vec<_>) =
            std::mem::take(&mut self.outbox).into_iter().partition(|(batch, _)| *batch == READY);
        self.outbox = waiting;
        ready.into_iter().map(|(_, effect)| effect).collect()
    }

    /// The document's name.
    pub fn name(&self) -> &Arc<str> {
        &self.name
    }

    /// The sequence number of the last committed update.
    pub fn last_seq(&self) -> i64 {
        self.last_seq
    }

    /// Updates in the log that no snapshot holds yet.
    pub fn logged_since_snapshot(&self) -> u64 {
        u64::from(self.logged_since_snapshot)
    }

    /// True once yrs has panicked on the document: it must unload after committing what it
    /// applied before.
    pub fn panicked(&self) -> bool {
        self.panicked
    }

    pub fn set_locked(&mut self, locked: bool) {
        self.locked = locked;
    }

    /// Serves a new connection: sends it the document's state vector (sync step 1) and everyone's
    /// presence, and, in a meeting's document, shows the others who holds it.
    pub fn join(&mut self, connection: ConnectionId, role: DocumentRole, holder: Option<(String, &'static str)>) {
        let holder = holder.map(Box::new);
        let peer = Peer { role, holder, update_window_start: Instant::now(), updates_in_window: 0 };
        self.peers.insert(connection, peer);
        let state_vector = self.doc.transact().state_vector().encode_v1();
        self.send(connection, Bytes::from(encode_sync_step1(&state_vector)));
        self.announce_holder(connection);
        if let Some(frame) = self.all_awareness_update() {
            self.send(connection, frame);
        }
    }

    /// Forgets a connection the actor closed, and tells the others that its clients have left.
    /// Nothing happens for a connection the core does not know (or closed itself).
    pub fn leave(&mut self, connection: ConnectionId) {
        if self.peers.remove(&connection).is_some() {
            self.remove_presences_of(connection);
        }
    }

    /// Answers a client's sync step 1 with a step 2: what the document has beyond the client's
    /// state vector. Held back behind any update that waits for storage.
    pub fn sync_step1(&mut self, connection: ConnectionId, state_vector: &[u8]) {
        if !self.peers.contains(&connection) {
            return;
        }
        if let Err(malformed) = check_state_vector(state_vector) {
            let reason = format!("malformed state vector: {malformed}");
            self.close(connection, CloseReason::new(CLOSE_PROTOCOL_ERROR, reason));
            return;
        }
        let state_vector = match StateVector::decode_v1(state_vector) {
            Ok(state_vector) => state_vector,
            Err(decode_error) => {
                let reason = format!("malformed state vector: {decode_error}");
                self.close(connection, CloseReason::new(CLOSE_PROTOCOL_ERROR, reason));
                return;
            }
        };
        let settled = self.settled();
        let frame = match &self.whole_document_frame {
            Some(frame) if state_vector.is_empty() => frame.clone(),
            _ => {
                let Some(update) = self.read_guarded(|doc| doc.transact().encode_diff_v1(&state_vector)) else {
                    return;
                };
                let frame = Bytes::from(encode_sync_step2(&update));
                // Kept only while it holds nothing uncommitted.
                if state_vector.is_empty() && settled {
                    self.whole_document_frame = Some(frame.clone());
                }
                frame
            }
        };
        self.send_content(connection, frame);
    }

    /// Takes a client's update (a sync step 2 or update). It is read and checked (the writer's
    /// role, the lock, its rate, the schema and depth, the size limit) before yrs sees any of
    /// it, and refused whole if it does not fit; applied, it waits in the core for its commit.
    pub fn write(&mut self, connection: ConnectionId, update: Bytes, is_step2: bool, received_at: Instant) {
        let Some(peer) = self.peers.get_mut(&connection) else { return };
        let role = peer.role;
        let max_per_second = self.settings.max_updates_per_second;
        if role.can_write() && !self.locked && !peer.count_update(received_at, max_per_second) {
            let reason = format!("more than {max_per_second} changes a second were sent; reload the page to carry on");
            self.refuse(connection, CLOSE_TOO_MANY, reason);
            return;
        }
        // Read our way first: yrs reads nested values recursively, so their depth is checked
        // before it sees them.
        let structure = match decode_update(&update) {
            Ok(structure) => structure,
            Err(decode_error) => {
                let reason = format!("malformed update: {decode_error}");
                self.close(connection, CloseReason::new(CLOSE_PROTOCOL_ERROR, reason));
                return;
            }
        };
        let decoded = match Update::decode_v1(&update) {
            Ok(decoded) => decoded,
            Err(decode_error) => {
                let reason = format!("malformed update: {decode_error}");
                self.close(connection, CloseReason::new(CLOSE_PROTOCOL_ERROR, reason));
                return;
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
                self.send(connection, Bytes::from(encode_permission_denied(reason)));
            }
            return;
        }
        if decoded.is_empty() {
            return;
        }
        let max_bytes = self.settings.max_document_bytes;
        if self.stored_bytes.saturating_add(update.len() as u64) > max_bytes {
            let reason = format!(
                "the document has reached its size limit of {}, so this change was not saved; \
                 ask the facilitator to start a new version",
                size_in_words(max_bytes)
            );
            self.refuse(connection, CLOSE_REFUSED, reason);
            return;
        }
        match self.shape.check_structure(&structure) {
            Ok(()) => {}
            Err(UpdateRefused::MissingDependency) => {
                // Another node may not have passed on what this client saw yet; reconnecting
                // resyncs it with what storage holds.
                let reason = CloseReason::new(CLOSE_ACCESS_CHANGED, "the document changed elsewhere; reconnecting");
                self.close(connection, reason);
                return;
            }
            Err(refused) => {
                warn!(document = %self.name, connection, reason = %refused, "update refused");
                self.settings.stats.updates_refused.inc();
                self.refuse(connection, CLOSE_REFUSED, format!("your change was not saved: {refused}"));
                return;
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
            Ok(Ok(true)) => {
                self.settings.stats.updates_received.inc();
                self.stored_bytes += update.len() as u64;
                self.uncommitted.push(Uncommitted { sender: Some(connection), update, received_at: Some(received_at) });
            }
            Ok(Ok(false)) => {}
            Ok(Err(apply_error)) => {
                let reason = format!("update could not be applied: {apply_error}");
                self.close(connection, CloseReason::new(CLOSE_PROTOCOL_ERROR, reason));
            }
            Err(_) => {
                error!(document = %self.name, connection, "applying an update panicked; the document reloads from storage");
                self.settings.stats.document_panics.inc();
                self.panicked = true;
            }
        }
    }

    /// Writes the content of `state` over the document in one transaction, as a new edit that
    /// waits for its commit like any other.
    pub fn replace_content(&mut self, state: &[u8], replace: ContentReplacer) -> Result<(), ReplaceError> {
        if self.locked {
            return Err(ReplaceError::Locked("the plan is waiting for agreement or is final".into()));
        }
        let source = Doc::new();
        let update = Update::decode_v1(state).map_err(|error| ReplaceError::BadState(error.to_string()))?;
        source.transact_mut().apply_update(update).map_err(|error| ReplaceError::BadState(error.to_string()))?;
        let update = {
            let mut transaction = self.doc.transact_mut();
            replace(&self.doc, &mut transaction, &source);
            Bytes::from(transaction.encode_update_v1())
        };
        self.shape.record_stored(&update);
        self.stored_bytes += update.len() as u64;
        self.uncommitted.push(Uncommitted { sender: None, update, received_at: None });
        Ok(())
    }

    /// The updates waiting for storage, as one batch for the actor to commit; none when nothing
    /// waits, or while an earlier batch is still out.
    pub fn take_batch(&mut self) -> Option<Batch> {
        if self.uncommitted.is_empty() || self.in_flight {
            return None;
        }
        let number = self.next_batch;
        self.next_batch += 1;
        self.in_flight = true;
        // Taken rather than drained, so an idle document keeps no buffer for the next batch.
        let (updates, senders) = std::mem::take(&mut self.uncommitted)
            .into_iter()
            .map(|pending| (pending.update, (pending.sender, pending.received_at)))
            .unzip();
        Some(Batch { number, updates, senders })
    }

    /// The sequence number the next committed update takes.
    pub fn next_seq(&self) -> i64 {
        self.last_seq + 1
    }

    /// Storage holds `batch` as `first_seq`, `first_seq + 1`, …: each of its updates goes to every
    /// connection but its sender, and what was held behind it is released. Gives when each
    /// update arrived, for the fan-out latency.
    pub fn committed(&mut self, batch: Batch, first_seq: i64) -> Vec<Instant> {
        debug_assert!(self.in_flight && batch.number + 1 == self.next_batch, "a batch is committed once, in order");
        self.in_flight = false;
        self.whole_document_frame = None;
        let count = batch.updates.len();
        if self.settings.publishes {
            self.push(Effect::PublishUpdates { first_seq, updates: batch.updates.clone() });
        }
        self.last_seq = first_seq + count as i64 - 1;
        self.count_logged(count);
        self.settings.stats.updates_committed.inc_by(count as u64);
        let mut received = Vec::with_capacity(count);
        for (update, (sender, received_at)) in batch.updates.iter().zip(batch.senders) {
            let frame = Bytes::from(encode_sync_update(update));
            self.push(Effect::Broadcast { except: sender, frame });
            received.extend(received_at);
        }
        self.release_held(batch.number);
        received
    }

    /// Storage refused `batch`: nothing of it, nor what was held behind it, is sent, and every
    /// connection is closed with 1011. Memory is now ahead of storage, so the document must
    /// unload; clients resync on reconnect and resend what storage lacks.
    pub fn commit_failed(&mut self, batch: Batch) {
        debug_assert!(self.in_flight && batch.number + 1 == self.next_batch, "a batch is resolved once");
        self.in_flight = false;
        self.outbox.retain(|(batch, _)| *batch == READY);
        self.uncommitted.clear();
        self.close_all("the document could not be saved; reconnecting will retry");
    }

    /// The committed state, encoded as one update; refused while updates wait for storage.
    pub fn committed_state(&mut self) -> Result<Vec<u8>, StateUnavailable> {
        if !self.settled() {
            return Err(StateUnavailable::Uncommitted);
        }
        self.read_guarded(|doc| doc.transact().encode_state_as_update_v1(&StateVector::default()))
            .ok_or(StateUnavailable::Panicked)
    }

    /// The committed state vector (what the document holds of each client, once stored); refused
    /// while updates wait for storage.
    pub fn committed_state_vector(&mut self) -> Result<Vec<u8>, StateUnavailable> {
        if !self.settled() {
            return Err(StateUnavailable::Uncommitted);
        }
        self.read_guarded(|doc| doc.transact().state_vector().encode_v1()).ok_or(StateUnavailable::Panicked)
    }

    /// Applies another node's committed updates when they follow on from what this node has,
    /// and passes them on. Call it with nothing waiting for storage, since it moves the sequence
    /// number on.
    pub fn apply_remote(&mut self, first_seq: i64, updates: Vec<Bytes>) -> Result<(), Gap> {
        debug_assert!(self.settled(), "remote updates are applied after committing");
        if first_seq > self.last_seq + 1 {
            return Err(Gap);
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
            self.count_logged(1);
            self.settings.stats.remote_updates_applied.inc();
            self.broadcast(Bytes::from(encode_sync_update(&update)), None);
        }
        Ok(())
    }

    /// Takes in what storage holds beyond this node's last sequence number (a snapshot if
    /// compaction passed it, then the updates up to `last_seq`), and sends the difference to
    /// every connection. Updates waiting for storage stay waiting: what they hold, their
    /// deletions included, is not sent.
    pub fn caught_up(&mut self, last_seq: i64, snapshot: Option<&[u8]>, updates: &[Vec<u8>]) {
        if last_seq <= self.last_seq {
            return;
        }
        self.whole_document_frame = None;
        let before = self.doc.transact().state_vector();
        for bytes in snapshot.into_iter().chain(updates.iter().map(Vec::as_slice)) {
            self.shape.record_stored(bytes);
            if let Ok(update) = Update::decode_v1(bytes) {
                let _ = self.doc.transact_mut().apply_update(update);
            }
        }
        self.stored_bytes += updates.iter().map(|bytes| bytes.len() as u64).sum::<u64>();
        debug!(document = %self.name, from = self.last_seq, to = last_seq, "caught up from storage");
        self.settings.stats.catch_ups.inc();
        self.count_logged(updates.len());
        self.last_seq = last_seq;
        if self.settled() {
            let difference = self.doc.transact().encode_diff_v1(&before);
            self.broadcast(Bytes::from(encode_sync_update(&difference)), None);
        } else {
            // A difference of the document would carry its whole delete set, the deletions that
            // wait for storage with it: send what storage holds instead, as it is.
            for bytes in snapshot.into_iter().chain(updates.iter().map(Vec::as_slice)) {
                self.broadcast(Bytes::from(encode_sync_update(bytes)), None);
            }
        }
    }

    /// Takes a connection's presence changes: each state must be a JSON object of bounded size,
    /// a connection may introduce only so many presences, and may change only its own. In a
    /// meeting's document the name and role shown are the token holder's, never what the client
    /// claims. What is taken goes to the others at once after a quiet spell, else with the
    /// changes held until the window ends ([`DocumentCore::flush_presence`]); an update that only
    /// renews presences waits for the renewals.
    pub fn awareness(&mut self, connection: ConnectionId, update: &[u8], now: Instant) {
        let entries = match decode_awareness_update(update) {
            Ok(entries) => entries,
            Err(decode_error) => {
                let reason = format!("malformed awareness update: {decode_error}");
                self.close(connection, CloseReason::new(CLOSE_PROTOCOL_ERROR, reason));
                return;
            }
        };
        let Some(peer) = self.peers.get(&connection) else { return };
        let holder = peer.holder.as_deref().map(|(name, role)| (name.clone(), *role));
        let (max_presences, max_presence_bytes) = (self.settings.max_presences, self.settings.max_presence_bytes);
        let mut accepted: Vec<(u64, u64, String)> = Vec::with_capacity(entries.len());
        let mut rewritten = false;
        let mut changed = false;
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
                        self.settings.stats.presence_refused.inc();
                        self.refuse(connection, CLOSE_REFUSED, reason);
                        return;
                    }
                }
            }
            if entry.is_removal() {
                self.awareness.remove(&entry.client_id);
                accepted.push((entry.client_id, entry.clock, "null".to_owned()));
                changed = true;
                continue;
            }
            if entry.state.len() > max_presence_bytes {
                let reason = format!("a presence may be at most {} KiB", max_presence_bytes / 1024);
                self.settings.stats.presence_refused.inc();
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
                    self.settings.stats.presence_refused.inc();
                    self.refuse(connection, CLOSE_REFUSED, reason.to_owned());
                    return;
                }
            };
            // The state already recorded, with only the clock moved on: a renewal.
            if let Some(record) = self.awareness.get_mut(&entry.client_id).filter(|record| record.state == state) {
                record.clock = entry.clock;
                accepted.push((entry.client_id, entry.clock, state));
                continue;
            }
            let record =
                AwarenessRecord { clock: entry.clock, state: state.clone(), connection, made_by_server: false };
            self.awareness.insert(entry.client_id, record);
            accepted.push((entry.client_id, entry.clock, state));
            changed = true;
        }
        if accepted.is_empty() {
            return;
        }
        if !changed {
            self.hold_renewals(accepted.iter().map(|(client_id, clock, _)| (*client_id, *clock)), now);
            return;
        }
        // Renewals in an update that changes something go with the change.
        let as_sent = (accepted.len() == entries.len() && !rewritten).then_some(update);
        self.presence_changed(Some(connection), accepted, as_sent, now);
    }

    /// Answers a client's query with everyone's presence.
    pub fn query_awareness(&mut self, connection: ConnectionId) {
        if !self.peers.contains(&connection) {
            return;
        }
        if let Some(frame) = self.all_awareness_update() {
            self.send(connection, frame);
        }
    }

    /// Relays another node's presence to this node's connections as a change of their own goes
    /// (at once after a quiet spell, else merged with what is held), and remembers it for those
    /// who join later.
    pub fn remote_awareness(&mut self, frame: &Bytes, now: Instant) {
        let Some(Ok(Message::Awareness(update))) = decode_frame(frame).next() else {
            warn!(document = %self.name, "another node's presence frame is no awareness message");
            return;
        };
        let entries = match decode_awareness_update(update) {
            Ok(entries) => entries,
            Err(decode_error) => {
                warn!(document = %self.name, error = %decode_error, "another node's presence could not be read");
                return;
            }
        };
        let mut changes = Vec::with_capacity(entries.len());
        for entry in entries {
            if entry.is_removal() {
                if let Some(remote) = &mut self.remote_awareness {
                    remote.remove(&entry.client_id);
                }
            } else {
                let remote = self.remote_awareness.get_or_insert_with(|| Box::new(LiteMap::new_vec()));
                remote.insert(entry.client_id, (entry.clock, entry.state.to_owned()));
            }
            changes.push((entry.client_id, entry.clock, entry.state.to_owned()));
        }
        // Renewals among them waited on their own node already: held again here, they could
        // come too late, so they go as changes do.
        if !changes.is_empty() {
            self.presence_changed(None, changes, Some(update), now);
        }
    }

    /// When presence held back is due to go, if any is held: the actor wakes then and calls
    /// [`DocumentCore::flush_presence`].
    pub fn presence_due(&self) -> Option<Instant> {
        let held = self.held_presence.as_deref()?;
        let changes_due =
            self.presence_sent_at.filter(|_| !held.changes.is_empty()).map(|sent_at| sent_at + PRESENCE_WINDOW);
        changes_due.into_iter().chain(held.renewals_due).min()
    }

    /// Sends the presence held back that is due at `now`: the changes once the window has ended,
    /// the renewals once their interval has. Whatever goes, goes together, as one awareness
    /// update holding the newest entry of each client (one message, never several in a frame:
    /// y-websocket reads only the first); to everyone, unless it all came from one connection,
    /// which is not sent its own entries back. Other nodes get this node's entries
    /// in one frame too.
    pub fn flush_presence(&mut self, now: Instant) {
        let window_ended = self.window_ended(now);
        let due = self.held_presence.as_deref().is_some_and(|held| {
            held.renewals_due.is_some_and(|due| due <= now) || (window_ended && !held.changes.is_empty())
        });
        if !due {
            return;
        }
        // A frame goes now: everything held goes in it.
        let Some(held) = self.held_presence.take() else { return };
        let HeldPresence { changes, renewals, renewals_due: _ } = *held;
        let mut entries: Vec<(AwarenessEntry<'_>, Option<ConnectionId>)> = changes
            .iter()
            .map(|(&client_id, change)| {
                (AwarenessEntry { client_id, clock: change.clock, state: &change.state }, change.from)
            })
            .collect();
        entries.extend(renewals.iter().filter_map(|client_id| {
            let record = self.awareness.get(client_id)?;
            let entry = AwarenessEntry { client_id: *client_id, clock: record.clock, state: &record.state };
            Some((entry, Some(record.connection)))
        }));
        let Some(&(_, first_from)) = entries.first() else { return };
        let except = first_from.filter(|first| entries.iter().all(|(_, from)| *from == Some(*first)));
        let frame =
            Bytes::from(encode_awareness(&encode_awareness_update(entries.iter().map(|(entry, _)| entry.clone()))));
        // Only this node's own entries go to the other nodes.
        let local = entries.iter().filter(|(_, from)| from.is_some()).count();
        let publish = if !self.settings.publishes || local == 0 {
            None
        } else if local == entries.len() {
            Some(frame.clone())
        } else {
            let update = encode_awareness_update(
                entries.iter().filter(|(_, from)| from.is_some()).map(|(entry, _)| entry.clone()),
            );
            Some(Bytes::from(encode_awareness(&update)))
        };
        drop(entries);
        if let Some(publish) = publish {
            self.push(Effect::PublishAwareness { frame: publish });
        }
        self.broadcast(frame, except);
        self.presence_sent_at = Some(now);
    }

    /// Closes every connection with 1011 and `reason`: what is in memory cannot be trusted, and
    /// the next person to connect gets the document fresh from storage.
    pub fn close_all(&mut self, reason: &'static str) {
        let ids = self.peers.ids();
        for id in ids {
            self.close(id, CloseReason::new(CLOSE_INTERNAL_ERROR, reason));
        }
    }

    /// A compaction of the log up to `last_seq` starts now.
    pub fn compaction_started(&mut self) {
        self.stored_bytes_at_compaction = self.stored_bytes;
    }

    /// A compaction wrote a snapshot of `snapshot_bytes` holding the log up to `up_to`.
    pub fn compaction_finished(&mut self, up_to: i64, snapshot_bytes: u64) {
        self.logged_since_snapshot = u32::try_from((self.last_seq - up_to).max(0)).unwrap_or(u32::MAX);
        // The snapshot replaces what was logged up to it; what came since stays.
        let since = self.stored_bytes.saturating_sub(self.stored_bytes_at_compaction);
        self.stored_bytes = snapshot_bytes + since;
        self.snapshot_bytes = snapshot_bytes;
    }

    /// Whether the log should be compacted into a new snapshot: once it holds `compact_after`
    /// updates and at least half as many bytes as the snapshot. A compaction rebuilds the whole
    /// document, so waiting for the log to grow with the document keeps the work of compacting in
    /// proportion to the work of writing (each byte is rebuilt a bounded number of times), and
    /// loading stays within the snapshot plus half as much again. With a count alone, a large
    /// document under steady writing was rebuilt over and over, taking a core and stalling the
    /// commits beside it.
    pub fn compaction_due(&self, compact_after: u64) -> bool {
        let logged_bytes = self.stored_bytes.saturating_sub(self.snapshot_bytes);
        self.logged_since_snapshot() >= compact_after && logged_bytes.saturating_mul(2) >= self.snapshot_bytes
    }

    fn count_logged(&mut self, count: usize) {
        let count = u32::try_from(count).unwrap_or(u32::MAX);
        self.logged_since_snapshot = self.logged_since_snapshot.saturating_add(count);
    }

    /// True when nothing applied waits for storage.
    fn settled(&self) -> bool {
        self.uncommitted.is_empty() && !self.in_flight
    }

    /// Sends `frame`, which holds the document's content, to `connection`: at once when nothing
    /// waits for storage, else after what waits is committed.
    fn send_content(&mut self, connection: ConnectionId, frame: Bytes) {
        let effect = Effect::Send { to: connection, frame };
        if !self.uncommitted.is_empty() {
            self.outbox.push((self.next_batch, effect));
        } else if self.in_flight {
            self.outbox.push((self.next_batch - 1, effect));
        } else {
            self.push(effect);
        }
    }

    /// What waited for batch `committed` (or an earlier one) may be done now, after what is
    /// already to be done.
    fn release_held(&mut self, committed: u64) {
        let released: Vec<_> =
            self.outbox.extract_if(.., |(batch, _)| *batch != READY && *batch <= committed).collect();
        self.outbox.extend(released.into_iter().map(|(_, effect)| (READY, effect)));
    }

    /// Adds an effect the actor may carry out as soon as it takes its effects.
    fn push(&mut self, effect: Effect) {
        self.outbox.push((READY, effect));
    }

    fn send(&mut self, connection: ConnectionId, frame: Bytes) {
        self.push(Effect::Send { to: connection, frame });
    }

    fn broadcast(&mut self, frame: Bytes, except: Option<ConnectionId>) {
        self.push(Effect::Broadcast { except, frame });
    }

    /// True when no presence frame went out in the `PRESENCE_WINDOW` before `now`.
    fn window_ended(&self, now: Instant) -> bool {
        self.presence_sent_at.is_none_or(|sent_at| now.saturating_duration_since(sent_at) >= PRESENCE_WINDOW)
    }

    /// Sends presence changes (client id, clock, state) from `from` (none for another node's) at
    /// once after a quiet spell, else holds them until the window ends, merged with what is
    /// held: the highest clock of each client wins. `as_sent` is an awareness update that says
    /// the same as `changes`, to pass on as it is.
    fn presence_changed(
        &mut self,
        from: Option<ConnectionId>,
        changes: Vec<(u64, u64, String)>,
        as_sent: Option<&[u8]>,
        now: Instant,
    ) {
        let mut changes_held = false;
        if let Some(held) = self.held_presence.as_deref_mut() {
            // A change takes the place of a renewal of the same client.
            for (client_id, ..) in &changes {
                if let Ok(place) = held.renewals.binary_search(client_id) {
                    held.renewals.remove(place);
                }
            }
            if held.renewals.is_empty() {
                held.renewals_due = None;
            }
            changes_held = !held.changes.is_empty();
            if held.is_empty() {
                self.held_presence = None;
            }
        }
        if !changes_held && self.window_ended(now) {
            let update = match as_sent {
                Some(update) => encode_awareness(update),
                None => {
                    encode_awareness(&encode_awareness_update(changes.iter().map(|(client_id, clock, state)| {
                        AwarenessEntry { client_id: *client_id, clock: *clock, state }
                    })))
                }
            };
            let frame = Bytes::from(update);
            if from.is_some() {
                self.publish_awareness(&frame);
            }
            self.broadcast(frame, from);
            self.presence_sent_at = Some(now);
            return;
        }
        let held = self.held_presence.get_or_insert_with(Box::default);
        for (client_id, clock, state) in changes {
            match held.changes.get_mut(&client_id) {
                Some(change) if change.clock > clock => {}
                Some(change) => *change = HeldChange { clock, state, from },
                None => {
                    held.changes.insert(client_id, HeldChange { clock, state, from });
                }
            }
        }
        // Late already (the window ended while changes were held): they go now.
        self.flush_presence(now);
    }

    /// Holds renewals (client id, new clock, already recorded) until `RENEWAL_INTERVAL` after
    /// the first of them; one for a client whose change is held goes with that change.
    fn hold_renewals(&mut self, renewals: impl Iterator<Item = (u64, u64)>, now: Instant) {
        let held = self.held_presence.get_or_insert_with(Box::default);
        for (client_id, clock) in renewals {
            if let Some(change) = held.changes.get_mut(&client_id) {
                change.clock = change.clock.max(clock);
            } else if let Err(place) = held.renewals.binary_search(&client_id) {
                held.renewals.insert(place, client_id);
            }
        }
        if !held.renewals.is_empty() {
            held.renewals_due.get_or_insert(now + RENEWAL_INTERVAL);
        }
    }

    fn publish_awareness(&mut self, frame: &Bytes) {
        if self.settings.publishes {
            self.push(Effect::PublishAwareness { frame: frame.clone() });
        }
    }

    /// Closes a connection and tells the others its clients have left.
    fn close(&mut self, connection: ConnectionId, reason: CloseReason) {
        if self.peers.remove(&connection).is_none() {
            return;
        }
        self.push(Effect::Close { to: connection, reason });
        self.remove_presences_of(connection);
    }

    /// Tells a connection why what it sent was refused, then closes it with `code`.
    fn refuse(&mut self, connection: ConnectionId, code: u16, reason: String) {
        self.send(connection, Bytes::from(encode_permission_denied(&reason)));
        self.close(connection, CloseReason::new(code, reason));
    }

    /// Tells the others, at once, that a connection's clients have left. Nothing held of the
    /// connection stays behind: its held removals go in the same frame, its other held changes
    /// and renewals are dropped (the removal takes their place).
    fn remove_presences_of(&mut self, connection: ConnectionId) {
        let mut gone: Vec<(u64, u64)> = self
            .awareness
            .iter()
            .filter(|(_, record)| record.connection == connection)
            .map(|(&client_id, record)| (client_id, record.clock + 1))
            .collect();
        for (client_id, _) in &gone {
            self.awareness.remove(client_id);
        }
        if let Some(held) = self.held_presence.as_deref_mut() {
            for (&client_id, change) in held.changes.iter() {
                if change.from == Some(connection) && change.state == "null" {
                    gone.push((client_id, change.clock));
                }
            }
            held.changes.retain(|_, change| change.from != Some(connection));
            held.renewals.retain(|client_id| !gone.iter().any(|(left, _)| left == client_id));
            if held.renewals.is_empty() {
                held.renewals_due = None;
            }
            // With nobody left to send it to, nothing is kept either.
            if held.is_empty() || self.peers.0.is_empty() {
                self.held_presence = None;
            }
        }
        if gone.is_empty() {
            return;
        }
        let update = encode_awareness_update(gone.iter().map(|&(client_id, clock)| AwarenessEntry {
            client_id,
            clock,
            state: "null",
        }));
        let frame = Bytes::from(encode_awareness(&update));
        self.publish_awareness(&frame);
        self.broadcast(frame, None);
    }

    /// Shows everyone in a meeting's document who holds a new connection, whatever its client
    /// sends: a presence of the server's own, gone when the connection goes.
    fn announce_holder(&mut self, connection: ConnectionId) {
        let Some((name, role)) = self.peers.get(&connection).and_then(|peer| peer.holder.as_deref()) else { return };
        let state = serde_json::json!({ "user": { "name": name, "role": role }, "connection": true }).to_string();
        let client_id = SERVER_PRESENCE_BASE + connection;
        let entry = AwarenessEntry { client_id, clock: 1, state: &state };
        let frame = Bytes::from(encode_awareness(&encode_awareness_update([entry])));
        self.awareness.insert(client_id, AwarenessRecord { clock: 1, state, connection, made_by_server: true });
        self.publish_awareness(&frame);
        self.broadcast(frame, Some(connection));
    }

    fn all_awareness_update(&self) -> Option<Bytes> {
        let remote_awareness = self.remote_awareness.as_deref().filter(|remote| !remote.is_empty());
        if self.awareness.is_empty() && remote_awareness.is_none() {
            return None;
        }
        let local = self.awareness.iter().map(|(&client_id, record)| AwarenessEntry {
            client_id,
            clock: record.clock,
            state: &record.state,
        });
        let remote = remote_awareness
            .into_iter()
            .flat_map(LiteMap::iter)
            .map(|(&client_id, (clock, state))| AwarenessEntry { client_id, clock: *clock, state });
        let update = encode_awareness_update(local.chain(remote));
        Some(Bytes::from(encode_awareness(&update)))
    }

    /// Runs `read` on the document where a panic is caught; none, with the document marked
    /// as needing to reload, when yrs panicked.
    fn read_guarded<T>(&mut self, read: impl FnOnce(&Doc) -> T) -> Option<T> {
        let doc = &self.doc;
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read(doc))) {
            Ok(value) => Some(value),
            Err(_) => {
                error!(document = %self.name, "reading the document panicked; it reloads from storage");
                self.settings.stats.document_panics.inc();
                self.panicked = true;
                None
            }
        }
    }
}

/// Rebuilds a document from stored updates (a snapshot first, then the log). An update that
/// does not decode is reported and passed over, so one bad row does not lock a family out of
/// their plan.
///
/// Each update gets its own transaction: yrs does work per transaction that grows with what the
/// transaction holds, so one transaction for a long log is quadratic (measured: 40,000 updates
/// took 574 ms in one transaction, 53 ms in one each).
pub(crate) fn document_from_updates<'a>(stored: impl IntoIterator<Item = &'a [u8]>) -> Doc {
    let doc = Doc::new();
    for bytes in stored {
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

#[cfg(test)]
mod tests {
    //! The core's rules, checked with real frames and real yrs updates, with no runtime, socket
    //! or database.

    use super::*;
    use kinplan_protocol::{encode_awareness, SyncMessage};
    use yrs::{Array, ArrayPrelim, GetString, Map, Text, WriteTxn};

    const EDITOR: DocumentRole = DocumentRole::Editor;
    const VIEWER: DocumentRole = DocumentRole::Viewer;

    fn settings() -> CoreSettings {
        CoreSettings {
            max_document_bytes: 1024 * 1024,
            max_updates_per_second: 100,
            max_presences: 8,
            max_presence_bytes: 64 * 1024,
            publishes: false,
            stats: Arc::new(ServerStats::new()),
        }
    }

    /// A document outside meetings (no schema, the depth limit only), with these connections
    /// joined and their greetings taken.
    fn core_with(name: &str, settings: CoreSettings, connections: &[(ConnectionId, DocumentRole)]) -> DocumentCore {
        let mut core = DocumentCore::new(name.into(), Arc::new(settings));
        for &(connection, role) in connections {
            core.join(connection, role, None);
        }
        core.take_effects();
        core
    }

    /// An update inserting `text` at the start of the root text "t", as client `client_id`.
    fn text_update(client_id: u64, text: &str) -> Bytes {
        let doc = Doc::with_client_id(client_id);
        let root = doc.get_or_insert_text("t");
        let mut transaction = doc.transact_mut();
        root.insert(&mut transaction, 0, text);
        Bytes::from(transaction.encode_update_v1())
    }

    /// The text "t" of the document an encoded state or update makes.
    fn text_of(update: &[u8]) -> String {
        let doc = Doc::new();
        let root = doc.get_or_insert_text("t");
        doc.transact_mut().apply_update(Update::decode_v1(update).unwrap()).unwrap();
        let text = root.get_string(&doc.transact());
        text
    }

    fn committed_text(core: &mut DocumentCore) -> String {
        text_of(&core.committed_state().expect("nothing waits for storage"))
    }

    /// Instants a second apart, so each presence change comes after a quiet spell and goes at once.
    fn seconds_apart() -> impl FnMut() -> Instant {
        let mut now = Instant::now();
        move || {
            now += Duration::from_secs(1);
            now
        }
    }

    fn awareness_update(entries: &[(u64, u64, &str)]) -> Bytes {
        let update = encode_awareness_update(entries.iter().map(|&(client_id, clock, state)| AwarenessEntry {
            client_id,
            clock,
            state,
        }));
        Bytes::from(update)
    }

    /// The awareness entries a frame carries, as (client id, state).
    fn presences(frame: &[u8]) -> Vec<(u64, String)> {
        let Some(Ok(Message::Awareness(update))) = decode_frame(frame).next() else {
            panic!("not an awareness frame: {frame:?}")
        };
        decode_awareness_update(update).unwrap().iter().map(|entry| (entry.client_id, entry.state.to_owned())).collect()
    }

    /// The update a sync update frame carries, if it is one.
    fn sync_update(frame: &[u8]) -> Option<Vec<u8>> {
        match decode_frame(frame).next() {
            Some(Ok(Message::Sync(SyncMessage::Update { update }))) => Some(update.to_vec()),
            _ => None,
        }
    }

    fn is_permission_denied(frame: &[u8]) -> bool {
        matches!(decode_frame(frame).next(), Some(Ok(Message::PermissionDenied { .. })))
    }

    /// True when any effect carries a Yjs update (a sync update or step 2) to anyone.
    fn sends_content(effects: &[Effect]) -> bool {
        effects.iter().any(|effect| match effect {
            Effect::Send { frame, .. } | Effect::Broadcast { frame, .. } => {
                matches!(
                    decode_frame(frame).next(),
                    Some(Ok(Message::Sync(SyncMessage::Update { .. } | SyncMessage::Step2 { .. })))
                )
            }
            _ => false,
        })
    }

    fn commit(core: &mut DocumentCore) -> Vec<Effect> {
        let batch = core.take_batch().expect("a batch waits");
        let first_seq = core.next_seq();
        core.committed(batch, first_seq);
        core.take_effects()
    }

    #[test]
    fn a_viewer_never_writes() {
        let mut core = core_with("notes", settings(), &[(1, EDITOR), (2, VIEWER)]);
        core.write(2, text_update(7, "from a viewer"), false, Instant::now());
        let effects = core.take_effects();
        assert_eq!(effects.len(), 1, "{effects:?}");
        let Effect::Send { to: 2, frame } = &effects[0] else { panic!("{effects:?}") };
        assert_eq!(frame[..], encode_permission_denied("read-only: this connection may not edit the document")[..]);
        assert!(core.take_batch().is_none(), "nothing waits for storage");
        assert_eq!(committed_text(&mut core), "");

        // A viewer's step 2 that holds nothing new is no attempt to write: no reproach.
        core.write(2, Bytes::from_static(&[0, 0]), true, Instant::now());
        assert_eq!(core.take_effects(), vec![]);
        // One that holds an offline edit is refused like an update, and the viewer stays.
        core.write(2, text_update(7, "offline"), true, Instant::now());
        let effects = core.take_effects();
        assert!(matches!(&effects[..], [Effect::Send { to: 2, frame }] if is_permission_denied(frame)), "{effects:?}");
        assert!(core.take_batch().is_none());
    }

    #[test]
    fn a_locked_document_refuses_every_write() {
        let mut core = core_with("notes", settings(), &[(1, EDITOR), (2, EDITOR)]);
        core.set_locked(true);
        core.write(1, text_update(7, "after the proposal"), false, Instant::now());
        let effects = core.take_effects();
        let Some(Effect::Send { to: 1, frame }) = effects.first() else { panic!("{effects:?}") };
        let expected = "read-only: the plan is waiting for agreement or is final, so it cannot change now";
        assert_eq!(frame[..], encode_permission_denied(expected)[..]);
        assert_eq!(effects.len(), 1, "{effects:?}");
        assert!(core.take_batch().is_none());
        let replaced = core.replace_content(&[0, 0], |_, _, _| {});
        assert!(matches!(replaced, Err(ReplaceError::Locked(_))), "{replaced:?}");
        assert!(core.take_batch().is_none());

        core.set_locked(false);
        core.write(1, text_update(7, "after withdrawing"), false, Instant::now());
        assert_eq!(core.take_effects(), vec![]);
        commit(&mut core);
        assert_eq!(committed_text(&mut core), "after withdrawing");
    }

    #[test]
    fn each_writers_update_goes_to_all_the_others_only_after_commit() {
        let mut core = core_with("notes", settings(), &[(1, EDITOR), (2, EDITOR), (3, VIEWER)]);
        let first = text_update(11, "one ");
        let second = text_update(12, "two ");
        core.write(1, first.clone(), false, Instant::now());
        core.write(2, second.clone(), false, Instant::now());
        assert_eq!(core.take_effects(), vec![], "nothing goes out before the commit");
        assert!(matches!(core.committed_state(), Err(StateUnavailable::Uncommitted)));

        let batch = core.take_batch().expect("both updates wait");
        assert_eq!(batch.updates(), &[first.clone(), second.clone()]);
        assert!(core.take_batch().is_none(), "one batch at a time");
        assert_eq!(core.take_effects(), vec![], "nor while it is being committed");
        core.committed(batch, 1);
        let effects = core.take_effects();
        assert_eq!(
            effects,
            vec![
                Effect::Broadcast { except: Some(1), frame: Bytes::from(encode_sync_update(&first)) },
                Effect::Broadcast { except: Some(2), frame: Bytes::from(encode_sync_update(&second)) },
            ]
        );
        assert_eq!(core.last_seq(), 2);
        assert_eq!(core.logged_since_snapshot(), 2);
        let text = committed_text(&mut core);
        assert!(text.contains("one ") && text.contains("two "), "{text:?}");
    }

    #[test]
    fn compaction_waits_until_the_log_is_half_the_snapshot() {
        let large = {
            let doc = Doc::new();
            let text = doc.get_or_insert_text("t");
            text.insert(&mut doc.transact_mut(), 0, &"a plan of some length. ".repeat(400));
            let state = doc.transact().encode_state_as_update_v1(&StateVector::default());
            state
        };
        let snapshot_bytes = large.len() as u64;
        let unlimited = CoreSettings { max_updates_per_second: u32::MAX, ..settings() };
        let mut core = DocumentCore::load("notes".into(), Some(&large), &[], 1, false, Arc::new(unlimited));
        core.join(1, EDITOR, None);
        let _ = core.take_effects();
        let mut logged = 0;
        let mut sequence = 1;
        while logged * 2 < snapshot_bytes {
            assert!(!core.compaction_due(3), "due after {logged} of {snapshot_bytes} bytes");
            let update = text_update(1_000 + sequence as u64, "x");
            logged += update.len() as u64;
            core.write(1, update, false, Instant::now());
            let batch = core.take_batch().expect("the update waits");
            sequence += 1;
            core.committed(batch, sequence);
        }
        assert!(core.compaction_due(3), "due once the log is half the snapshot");
        assert!(!core.compaction_due(u64::from(u32::MAX)), "and never before the count");

        let fresh = core_with("notes", settings(), &[(1, EDITOR)]);
        assert!(fresh.compaction_due(0), "a document without a snapshot compacts on the count alone");
    }

    #[test]
    fn committed_updates_are_published_to_other_nodes_with_their_sequence_numbers() {
        let mut core = core_with("notes", CoreSettings { publishes: true, ..settings() }, &[(1, EDITOR)]);
        let update = text_update(11, "hello");
        core.write(1, update.clone(), false, Instant::now());
        assert_eq!(core.take_effects(), vec![]);
        let batch = core.take_batch().unwrap();
        core.committed(batch, 41);
        let effects = core.take_effects();
        assert_eq!(effects[0], Effect::PublishUpdates { first_seq: 41, updates: vec![update] });
        assert_eq!(core.last_seq(), 41);
        assert_eq!(core.next_seq(), 42);
    }

    #[test]
    fn a_failed_commit_sends_nothing_and_closes_every_connection() {
        let mut core = core_with("notes", settings(), &[(1, EDITOR), (2, EDITOR), (3, VIEWER)]);
        core.awareness(3, &awareness_update(&[(30, 1, r#"{"user":{"name":"Viewer"}}"#)]), Instant::now());
        core.take_effects();
        core.write(1, text_update(11, "lost"), false, Instant::now());
        core.sync_step1(2, &StateVector::default().encode_v1());
        let batch = core.take_batch().unwrap();
        core.commit_failed(batch);
        let effects = core.take_effects();
        assert!(!sends_content(&effects), "{effects:?}");
        let closed: Vec<(ConnectionId, u16)> = effects
            .iter()
            .filter_map(|effect| match effect {
                Effect::Close { to, reason } => Some((*to, reason.code)),
                _ => None,
            })
            .collect();
        assert_eq!(closed, vec![(1, 1011), (2, 1011), (3, 1011)]);
        assert_eq!(core.last_seq(), 0);
        assert!(core.take_batch().is_none());
    }

    #[test]
    fn sync_step1_is_answered_with_step2_from_the_document() {
        let mut core = core_with("notes", settings(), &[(1, EDITOR)]);
        core.write(1, text_update(11, "hello"), false, Instant::now());
        commit(&mut core);

        // A newcomer is greeted with the document's state vector.
        core.join(2, VIEWER, None);
        let effects = core.take_effects();
        let Some(Effect::Send { to: 2, frame }) = effects.first() else { panic!("{effects:?}") };
        let Some(Ok(Message::Sync(SyncMessage::Step1 { state_vector }))) = decode_frame(frame).next() else {
            panic!("{frame:?}")
        };
        assert_eq!(StateVector::decode_v1(state_vector).unwrap().get(&yrs::ClientID::new(11)), 5);

        // Asking with nothing gets the whole document; asking again shares the same buffer.
        core.sync_step1(2, &StateVector::default().encode_v1());
        let answers: Vec<Bytes> = [core.take_effects(), {
            core.sync_step1(2, &StateVector::default().encode_v1());
            core.take_effects()
        }]
        .into_iter()
        .map(|effects| match &effects[..] {
            [Effect::Send { to: 2, frame }] => frame.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
        let Some(Ok(Message::Sync(SyncMessage::Step2 { update }))) = decode_frame(&answers[0]).next() else {
            panic!("{:?}", answers[0])
        };
        assert_eq!(text_of(update), "hello");
        assert_eq!(answers[0].as_ptr(), answers[1].as_ptr(), "one encoding for everyone who has nothing");

        // Asking with what it has gets only the rest.
        let client = Doc::with_client_id(99);
        let root = client.get_or_insert_text("t");
        client.transact_mut().apply_update(Update::decode_v1(update).unwrap()).unwrap();
        core.write(1, text_update(12, "more "), false, Instant::now());
        commit(&mut core);
        core.sync_step1(2, &client.transact().state_vector().encode_v1());
        let effects = core.take_effects();
        let [Effect::Send { to: 2, frame }] = &effects[..] else { panic!("{effects:?}") };
        let Some(Ok(Message::Sync(SyncMessage::Step2 { update: rest }))) = decode_frame(frame).next() else {
            panic!("{frame:?}")
        };
        assert!(rest.len() < core.committed_state().unwrap().len());
        client.transact_mut().apply_update(Update::decode_v1(rest).unwrap()).unwrap();
        assert_eq!(root.get_string(&client.transact()), committed_text(&mut core));

        // A state vector that does not read closes the connection as malformed.
        core.sync_step1(2, &[0xff]);
        let effects = core.take_effects();
        assert!(matches!(&effects[..], [Effect::Close { to: 2, reason }] if reason.code == 1002), "{effects:?}");
    }

    #[test]
    fn a_step2_asked_for_while_updates_wait_is_held_behind_their_commit() {
        let mut core = core_with("notes", settings(), &[(1, EDITOR), (2, VIEWER)]);
        core.write(1, text_update(11, "pending"), false, Instant::now());
        core.sync_step1(2, &StateVector::default().encode_v1());
        assert_eq!(core.take_effects(), vec![], "the answer holds what storage has not got");
        let effects = commit(&mut core);
        assert_eq!(effects.len(), 2, "{effects:?}");
        assert!(matches!(&effects[0], Effect::Broadcast { except: Some(1), .. }));
        let Effect::Send { to: 2, frame } = &effects[1] else { panic!("{effects:?}") };
        let Some(Ok(Message::Sync(SyncMessage::Step2 { update }))) = decode_frame(frame).next() else {
            panic!("{frame:?}")
        };
        assert_eq!(text_of(update), "pending");
    }

    #[test]
    fn an_update_refused_for_its_shape_or_size_applies_nothing() {
        // A root the plan's schema has no room for.
        let mut core = core_with("meeting/m1/plan", settings(), &[(1, EDITOR), (2, EDITOR)]);
        let doc = Doc::with_client_id(21);
        let root = doc.get_or_insert_map("evil");
        let mut transaction = doc.transact_mut();
        root.insert(&mut transaction, "key", "value");
        let evil = Bytes::from(transaction.encode_update_v1());
        drop(transaction);
        let before = core.committed_state().unwrap();
        core.write(1, evil, false, Instant::now());
        let effects = core.take_effects();
        assert!(
            matches!(&effects[..], [Effect::Send { to: 1, frame }, Effect::Close { to: 1, reason }]
                if is_permission_denied(frame) && reason.code == 4400 && reason.reason.starts_with("your change was not saved")),
            "{effects:?}"
        );
        assert!(core.take_batch().is_none());
        assert_eq!(core.committed_state().unwrap(), before);

        // Arrays nested deeper than the limit.
        let mut core = core_with("notes", settings(), &[(1, EDITOR)]);
        let doc = Doc::with_client_id(22);
        let root = doc.get_or_insert_array("a");
        let mut transaction = doc.transact_mut();
        let mut current = root.push_back(&mut transaction, ArrayPrelim::default());
        for _ in 1..100 {
            current = current.push_back(&mut transaction, ArrayPrelim::default());
        }
        let deep = Bytes::from(transaction.encode_update_v1());
        drop(transaction);
        core.write(1, deep, false, Instant::now());
        let effects = core.take_effects();
        assert!(
            matches!(&effects[..], [Effect::Send { .. }, Effect::Close { to: 1, reason }]
                if reason.code == 4400 && reason.reason.contains("deeper than 64")),
            "{effects:?}"
        );
        assert!(core.take_batch().is_none());
        assert_eq!(
            core.committed_state().unwrap(),
            Doc::new().transact().encode_state_as_update_v1(&StateVector::default())
        );

        // Past the document's size limit.
        let small = CoreSettings { max_document_bytes: 64, ..settings() };
        let mut core = core_with("notes", small, &[(1, EDITOR)]);
        core.write(1, text_update(23, &"x".repeat(100)), false, Instant::now());
        let effects = core.take_effects();
        assert!(
            matches!(&effects[..], [Effect::Send { .. }, Effect::Close { to: 1, reason }]
                if reason.code == 4400 && reason.reason.contains("size limit of 64 bytes")),
            "{effects:?}"
        );
        assert!(core.take_batch().is_none());
        assert_eq!(committed_text(&mut core), "");

        // Bytes that are no update at all.
        let mut core = core_with("notes", settings(), &[(1, EDITOR)]);
        core.write(1, Bytes::from_static(&[0xff, 0xff, 0xff]), false, Instant::now());
        let effects = core.take_effects();
        assert!(matches!(&effects[..], [Effect::Close { to: 1, reason }] if reason.code == 1002), "{effects:?}");
        assert!(core.take_batch().is_none());
    }

    #[test]
    fn a_writer_over_its_rate_is_closed_with_4429() {
        let limited = CoreSettings { max_updates_per_second: 3, ..settings() };
        let mut core = core_with("notes", limited, &[(1, EDITOR), (2, EDITOR)]);
        let start = Instant::now();
        for (index, text) in ["a", "b", "c"].into_iter().enumerate() {
            core.write(1, text_update(31 + index as u64, text), false, start);
        }
        assert_eq!(core.take_effects(), vec![]);
        core.write(1, text_update(40, "d"), false, start + Duration::from_millis(500));
        let effects = core.take_effects();
        assert!(
            matches!(&effects[..], [Effect::Send { .. }, Effect::Close { to: 1, reason }] if reason.code == 4429),
            "{effects:?}"
        );
        // What came within the limit is kept and committed.
        assert_eq!(commit(&mut core).len(), 3);

        // A new second starts a new count.
        for client_id in 50..53 {
            core.write(2, text_update(client_id, "e"), false, start);
        }
        for client_id in 53..56 {
            core.write(2, text_update(client_id, "f"), false, start + Duration::from_millis(1500));
        }
        assert_eq!(core.take_effects(), vec![]);
        assert_eq!(core.take_batch().map(|batch| batch.updates().len()), Some(6));
    }

    #[test]
    fn a_connection_cannot_set_or_remove_another_connections_presence() {
        let mut later = seconds_apart();
        let mut core = core_with("notes", settings(), &[(1, EDITOR), (2, EDITOR), (3, VIEWER)]);
        let alice = r#"{"user":{"name":"Alice"}}"#;
        core.awareness(1, &awareness_update(&[(100, 1, alice)]), later());
        let effects = core.take_effects();
        assert_eq!(
            effects,
            vec![Effect::Broadcast {
                except: Some(1),
                frame: Bytes::from(encode_awareness(&awareness_update(&[(100, 1, alice)])))
            }]
        );

        // Connection 2 speaks for Alice's client, then tries to remove it: neither is taken.
        core.awareness(2, &awareness_update(&[(100, 2, r#"{"user":{"name":"Mallory"}}"#)]), later());
        core.awareness(2, &awareness_update(&[(100, 3, "null")]), later());
        assert_eq!(core.take_effects(), vec![]);
        // In a mixed update, only its own entry goes on.
        core.awareness(2, &awareness_update(&[(100, 4, "null"), (200, 1, r#"{"user":{"name":"Bob"}}"#)]), later());
        let effects = core.take_effects();
        let [Effect::Broadcast { except: Some(2), frame }] = &effects[..] else { panic!("{effects:?}") };
        assert_eq!(presences(frame), vec![(200, r#"{"user":{"name":"Bob"}}"#.to_owned())]);

        // Everyone who asks still sees Alice as Alice.
        core.query_awareness(3);
        let effects = core.take_effects();
        let [Effect::Send { to: 3, frame }] = &effects[..] else { panic!("{effects:?}") };
        assert_eq!(presences(frame), vec![(100, alice.to_owned()), (200, r#"{"user":{"name":"Bob"}}"#.to_owned())]);

        // Alice's own connection may remove her; when connection 2 leaves, Bob goes with it.
        core.awareness(1, &awareness_update(&[(100, 2, "null")]), later());
        let effects = core.take_effects();
        assert!(
            matches!(&effects[..], [Effect::Broadcast { except: Some(1), frame }] if presences(frame) == vec![(100, "null".to_owned())])
        );
        core.leave(2);
        let effects = core.take_effects();
        let [Effect::Broadcast { except: None, frame }] = &effects[..] else { panic!("{effects:?}") };
        assert_eq!(presences(frame), vec![(200, "null".to_owned())]);
    }

    #[test]
    fn in_a_meeting_document_a_presence_shows_the_token_holder() {
        let mut later = seconds_apart();
        let mut core = core_with("meeting/m1/plan", settings(), &[]);
        core.join(1, EDITOR, Some(("Alice Smith".to_owned(), "parent")));
        // The server's own presence for the connection, sent to the others (nobody yet).
        let effects = core.take_effects();
        assert!(matches!(&effects[1], Effect::Broadcast { except: Some(1), .. }), "{effects:?}");
        core.join(2, EDITOR, Some(("Bob Jones".to_owned(), "grandparent")));
        let effects = core.take_effects();
        let Some(Effect::Send { to: 2, frame }) = effects.last() else { panic!("{effects:?}") };
        let alice_server = SERVER_PRESENCE_BASE + 1;
        assert!(presences(frame)
            .iter()
            .any(|(client, state)| *client == alice_server && state.contains("Alice Smith")));

        // Alice's client claims to be the facilitator: the others see her name and role.
        let claimed = r#"{"user":{"name":"The facilitator","role":"facilitator","color":"red"}}"#;
        core.awareness(1, &awareness_update(&[(100, 1, claimed)]), later());
        let effects = core.take_effects();
        let [Effect::Broadcast { except: Some(1), frame }] = &effects[..] else { panic!("{effects:?}") };
        let shown = presences(frame);
        let state: serde_json::Value = serde_json::from_str(&shown[0].1).unwrap();
        assert_eq!(state["user"]["name"], "Alice Smith");
        assert_eq!(state["user"]["role"], "parent");
        assert_eq!(state["user"]["color"], "red", "the rest of the state stands");

        // Nobody, Alice included, may change or remove what the server says of a connection.
        core.awareness(1, &awareness_update(&[(alice_server, 9, "null")]), later());
        core.awareness(2, &awareness_update(&[(alice_server, 9, r#"{"user":{"name":"Bob"}}"#)]), later());
        assert_eq!(core.take_effects(), vec![]);

        // A presence that is not a JSON object is refused.
        core.awareness(2, &awareness_update(&[(300, 1, "[1, 2]")]), later());
        let effects = core.take_effects();
        assert!(
            matches!(&effects[..], [Effect::Send { .. }, Effect::Close { to: 2, reason }, ..] if reason.code == 4400),
            "{effects:?}"
        );
    }

    #[test]
    fn a_connection_may_introduce_only_so_many_presences() {
        let mut later = seconds_apart();
        let mut core = core_with("notes", CoreSettings { max_presences: 2, ..settings() }, &[(1, EDITOR)]);
        core.awareness(1, &awareness_update(&[(1, 1, "{}"), (2, 1, "{}")]), later());
        assert_eq!(core.take_effects().len(), 1);
        core.awareness(1, &awareness_update(&[(3, 1, "{}")]), later());
        let effects = core.take_effects();
        assert!(
            matches!(&effects[..], [Effect::Send { .. }, Effect::Close { to: 1, reason }, Effect::Broadcast { .. }] if reason.code == 4400),
            "{effects:?}"
        );
    }

    /// The entries an awareness frame carries, as (client id, clock, state), by client id.
    fn entries(frame: &[u8]) -> Vec<(u64, u64, String)> {
        let Some(Ok(Message::Awareness(update))) = decode_frame(frame).next() else {
            panic!("not an awareness frame: {frame:?}")
        };
        let mut entries: Vec<_> = decode_awareness_update(update)
            .unwrap()
            .iter()
            .map(|entry| (entry.client_id, entry.clock, entry.state.to_owned()))
            .collect();
        entries.sort();
        entries
    }

    fn millis(count: u64) -> Duration {
        Duration::from_millis(count)
    }

    #[test]
    fn presence_changes_within_the_window_go_as_one_frame_with_each_clients_newest_entry() {
        let mut core = core_with("notes", settings(), &[(1, EDITOR), (2, EDITOR), (3, EDITOR)]);
        let start = Instant::now();
        core.awareness(1, &awareness_update(&[(10, 1, r#"{"x":1}"#)]), start);
        let effects = core.take_effects();
        assert!(matches!(&effects[..], [Effect::Broadcast { except: Some(1), .. }]), "{effects:?}");

        core.awareness(1, &awareness_update(&[(10, 2, r#"{"x":2}"#)]), start + millis(5));
        core.awareness(2, &awareness_update(&[(20, 1, r#"{"y":1}"#)]), start + millis(6));
        core.awareness(1, &awareness_update(&[(10, 3, r#"{"x":3}"#)]), start + millis(8));
        core.awareness(2, &awareness_update(&[(21, 1, r#"{"z":1}"#)]), start + millis(9));
        core.awareness(2, &awareness_update(&[(21, 2, "null")]), start + millis(10));
        assert_eq!(core.take_effects(), vec![], "held until the window ends");
        assert_eq!(core.presence_due(), Some(start + PRESENCE_WINDOW));
        core.flush_presence(start + millis(19));
        assert_eq!(core.take_effects(), vec![]);

        core.flush_presence(start + PRESENCE_WINDOW);
        let effects = core.take_effects();
        let [Effect::Broadcast { except: None, frame }] = &effects[..] else { panic!("{effects:?}") };
        assert_eq!(
            entries(frame),
            vec![(10, 3, r#"{"x":3}"#.to_owned()), (20, 1, r#"{"y":1}"#.to_owned()), (21, 2, "null".to_owned())]
        );
        assert_eq!(core.presence_due(), None);

        // The flush was a frame too: a change right after it waits for the next window's end.
        core.awareness(1, &awareness_update(&[(10, 4, r#"{"x":4}"#)]), start + millis(25));
        assert_eq!(core.take_effects(), vec![]);
        assert_eq!(core.presence_due(), Some(start + PRESENCE_WINDOW + PRESENCE_WINDOW));
    }

    #[test]
    fn the_first_presence_change_after_a_quiet_spell_goes_at_once() {
        let mut core = core_with("notes", settings(), &[(1, EDITOR), (2, EDITOR)]);
        let start = Instant::now();
        core.awareness(1, &awareness_update(&[(10, 1, r#"{"x":1}"#)]), start);
        assert_eq!(core.take_effects().len(), 1);
        core.awareness(1, &awareness_update(&[(10, 2, r#"{"x":2}"#)]), start + millis(30));
        let effects = core.take_effects();
        let [Effect::Broadcast { except: Some(1), frame }] = &effects[..] else { panic!("{effects:?}") };
        assert_eq!(entries(frame), vec![(10, 2, r#"{"x":2}"#.to_owned())]);
        assert_eq!(core.presence_due(), None);

        core.awareness(1, &awareness_update(&[(10, 3, r#"{"x":3}"#)]), start + millis(35));
        assert_eq!(core.take_effects(), vec![]);
        // The task was late to flush: the next change finds the window over, and both go now.
        core.awareness(2, &awareness_update(&[(20, 1, r#"{"y":1}"#)]), start + millis(100));
        let effects = core.take_effects();
        let [Effect::Broadcast { except: None, frame }] = &effects[..] else { panic!("{effects:?}") };
        assert_eq!(entries(frame), vec![(10, 3, r#"{"x":3}"#.to_owned()), (20, 1, r#"{"y":1}"#.to_owned())]);
        assert_eq!(core.presence_due(), None);
    }

    #[test]
    fn a_renewal_waits_for_the_renewal_interval_then_goes_with_the_others() {
        let mut core = core_with("notes", settings(), &[(1, EDITOR), (2, EDITOR), (3, VIEWER)]);
        let (alice, bob) = (r#"{"user":{"name":"Alice"}}"#, r#"{"user":{"name":"Bob"}}"#);
        let start = Instant::now();
        core.awareness(1, &awareness_update(&[(100, 1, alice)]), start);
        core.awareness(2, &awareness_update(&[(200, 1, bob)]), start + Duration::from_secs(1));
        assert_eq!(core.take_effects().len(), 2);

        // Sent again unchanged, with only the clock moved on: nobody is told yet.
        let renewed_at = start + Duration::from_secs(15);
        core.awareness(1, &awareness_update(&[(100, 2, alice)]), renewed_at);
        core.awareness(2, &awareness_update(&[(200, 2, bob)]), renewed_at + Duration::from_secs(1));
        assert_eq!(core.take_effects(), vec![]);
        assert_eq!(core.presence_due(), Some(renewed_at + RENEWAL_INTERVAL));

        // Whoever asks or joins meanwhile gets the new clocks.
        core.query_awareness(3);
        let effects = core.take_effects();
        let [Effect::Send { to: 3, frame }] = &effects[..] else { panic!("{effects:?}") };
        assert_eq!(entries(frame), vec![(100, 2, alice.to_owned()), (200, 2, bob.to_owned())]);

        core.flush_presence(renewed_at + RENEWAL_INTERVAL - millis(1));
        assert_eq!(core.take_effects(), vec![]);
        core.flush_presence(renewed_at + RENEWAL_INTERVAL);
        let effects = core.take_effects();
        let [Effect::Broadcast { except: None, frame }] = &effects[..] else { panic!("{effects:?}") };
        assert_eq!(entries(frame), vec![(100, 2, alice.to_owned()), (200, 2, bob.to_owned())]);
        assert_eq!(core.presence_due(), None);
    }

    #[test]
    fn a_renewal_for_a_client_whose_change_is_held_goes_with_the_change() {
        let mut core = core_with("notes", settings(), &[(1, EDITOR), (2, EDITOR)]);
        let start = Instant::now();
        core.awareness(1, &awareness_update(&[(100, 1, r#"{"x":1}"#)]), start);
        assert_eq!(core.take_effects().len(), 1);
        core.awareness(1, &awareness_update(&[(100, 2, r#"{"x":2}"#)]), start + millis(5));
        core.awareness(1, &awareness_update(&[(100, 3, r#"{"x":2}"#)]), start + millis(6));
        assert_eq!(core.take_effects(), vec![]);
        assert_eq!(core.presence_due(), Some(start + PRESENCE_WINDOW), "not the renewal interval");
        core.flush_presence(start + PRESENCE_WINDOW);
        let effects = core.take_effects();
        let [Effect::Broadcast { except: Some(1), frame }] = &effects[..] else { panic!("{effects:?}") };
        assert_eq!(entries(frame), vec![(100, 3, r#"{"x":2}"#.to_owned())]);
        assert_eq!(core.presence_due(), None);

        // A held renewal gives way to a change of the same client, which goes at once.
        core.awareness(1, &awareness_update(&[(100, 4, r#"{"x":2}"#)]), start + Duration::from_secs(1));
        assert_eq!(core.take_effects(), vec![]);
        core.awareness(1, &awareness_update(&[(100, 5, r#"{"x":5}"#)]), start + Duration::from_secs(2));
        let effects = core.take_effects();
        let [Effect::Broadcast { except: Some(1), frame }] = &effects[..] else { panic!("{effects:?}") };
        assert_eq!(entries(frame), vec![(100, 5, r#"{"x":5}"#.to_owned())]);
        assert_eq!(core.presence_due(), None, "no renewal left to send");
    }

    #[test]
    fn a_removal_goes_at_once_and_a_batch_from_one_connection_is_not_sent_back() {
        let mut core = core_with("notes", settings(), &[(1, EDITOR), (2, EDITOR), (3, EDITOR)]);
        let start = Instant::now();
        core.awareness(1, &awareness_update(&[(100, 1, r#"{"a":1}"#)]), start);
        assert_eq!(core.take_effects().len(), 1);
        // Held changes, all from connection 1, a removal among them: not sent back to it.
        core.awareness(1, &awareness_update(&[(100, 2, "null")]), start + millis(5));
        core.awareness(1, &awareness_update(&[(101, 1, r#"{"b":1}"#)]), start + millis(6));
        assert_eq!(core.take_effects(), vec![]);
        core.flush_presence(start + PRESENCE_WINDOW);
        let effects = core.take_effects();
        let [Effect::Broadcast { except: Some(1), frame }] = &effects[..] else { panic!("{effects:?}") };
        assert_eq!(entries(frame), vec![(100, 2, "null".to_owned()), (101, 1, r#"{"b":1}"#.to_owned())]);

        // A removal after a quiet spell goes at once.
        core.awareness(1, &awareness_update(&[(101, 2, "null")]), start + Duration::from_secs(1));
        let effects = core.take_effects();
        let [Effect::Broadcast { except: Some(1), frame }] = &effects[..] else { panic!("{effects:?}") };
        assert_eq!(entries(frame), vec![(101, 2, "null".to_owned())]);

        // A connection that leaves: its clients' removals go at once, and what was held of it
        // never goes.
        let later = start + Duration::from_secs(2);
        core.awareness(2, &awareness_update(&[(200, 1, r#"{"c":1}"#)]), later);
        assert_eq!(core.take_effects().len(), 1);
        core.awareness(2, &awareness_update(&[(200, 2, r#"{"c":2}"#)]), later + millis(5));
        core.awareness(2, &awareness_update(&[(201, 1, r#"{"d":1}"#)]), later + millis(6));
        core.awareness(2, &awareness_update(&[(201, 2, "null")]), later + millis(7));
        assert_eq!(core.take_effects(), vec![]);
        core.leave(2);
        let effects = core.take_effects();
        let [Effect::Broadcast { except: None, frame }] = &effects[..] else { panic!("{effects:?}") };
        assert_eq!(entries(frame), vec![(200, 3, "null".to_owned()), (201, 2, "null".to_owned())]);
        assert_eq!(core.presence_due(), None);
        core.flush_presence(later + Duration::from_secs(60));
        assert_eq!(core.take_effects(), vec![]);

        // When everyone has gone, nothing held is kept for anyone.
        core.awareness(3, &awareness_update(&[(300, 1, r#"{"e":1}"#)]), later + millis(10));
        assert_eq!(core.take_effects(), vec![]);
        core.leave(1);
        core.leave(3);
        core.take_effects();
        assert_eq!(core.presence_due(), None);
        core.flush_presence(later + Duration::from_secs(60));
        assert_eq!(core.take_effects(), vec![]);
    }

    #[test]
    fn presence_is_published_to_other_nodes_once_a_flush() {
        let mut core = core_with("notes", CoreSettings { publishes: true, ..settings() }, &[(1, EDITOR), (2, EDITOR)]);
        let start = Instant::now();
        core.awareness(1, &awareness_update(&[(100, 1, r#"{"a":1}"#)]), start);
        let effects = core.take_effects();
        assert!(
            matches!(&effects[..], [Effect::PublishAwareness { .. }, Effect::Broadcast { except: Some(1), .. }]),
            "{effects:?}"
        );

        core.awareness(1, &awareness_update(&[(100, 2, r#"{"a":2}"#)]), start + millis(5));
        core.awareness(2, &awareness_update(&[(200, 1, r#"{"b":1}"#)]), start + millis(6));
        let remote = Bytes::from(encode_awareness(&awareness_update(&[(900, 1, r#"{"r":1}"#)])));
        core.remote_awareness(&remote, start + millis(7));
        assert_eq!(core.take_effects(), vec![]);
        core.flush_presence(start + PRESENCE_WINDOW);
        let effects = core.take_effects();
        let [Effect::PublishAwareness { frame: published }, Effect::Broadcast { except: None, frame }] = &effects[..]
        else {
            panic!("{effects:?}")
        };
        // Another node's entry is not sent back to the other nodes.
        assert_eq!(entries(published), vec![(100, 2, r#"{"a":2}"#.to_owned()), (200, 1, r#"{"b":1}"#.to_owned())]);
        assert_eq!(
            entries(frame),
            vec![
                (100, 2, r#"{"a":2}"#.to_owned()),
                (200, 1, r#"{"b":1}"#.to_owned()),
                (900, 1, r#"{"r":1}"#.to_owned())
            ]
        );

        // Renewals are published with their flush, once.
        let renewed_at = start + Duration::from_secs(15);
        core.awareness(1, &awareness_update(&[(100, 3, r#"{"a":2}"#)]), renewed_at);
        core.awareness(2, &awareness_update(&[(200, 2, r#"{"b":1}"#)]), renewed_at + millis(1));
        assert_eq!(core.take_effects(), vec![]);
        core.flush_presence(renewed_at + RENEWAL_INTERVAL);
        let effects = core.take_effects();
        let [Effect::PublishAwareness { frame: published }, Effect::Broadcast { except: None, frame }] = &effects[..]
        else {
            panic!("{effects:?}")
        };
        assert_eq!(published, frame);
        assert_eq!(entries(frame), vec![(100, 3, r#"{"a":2}"#.to_owned()), (200, 2, r#"{"b":1}"#.to_owned())]);
    }

    #[test]
    fn the_servers_own_edits_go_to_everyone_after_commit() {
        let mut core = core_with("notes", settings(), &[(1, EDITOR)]);
        core.replace_content(&text_update(61, "restored"), |_, transaction, source| {
            let text = transaction.get_or_insert_text("t");
            let restored = source.get_or_insert_text("t").get_string(&source.transact());
            text.insert(transaction, 0, &restored);
        })
        .unwrap();
        assert_eq!(core.take_effects(), vec![]);
        let effects = commit(&mut core);
        let [Effect::Broadcast { except: None, frame }] = &effects[..] else { panic!("{effects:?}") };
        assert_eq!(text_of(&sync_update(frame).unwrap()), "restored");
    }

    #[test]
    fn catching_up_sends_no_deletion_that_waits_for_storage() {
        let mut core = core_with("notes", settings(), &[(1, EDITOR), (2, EDITOR)]);
        let hello = text_update(81, "hello");
        core.write(1, hello.clone(), false, Instant::now());
        commit(&mut core);
        // Connection 1 deletes the word; the deletion waits for storage.
        let deletion = {
            let doc = Doc::with_client_id(81);
            let root = doc.get_or_insert_text("t");
            doc.transact_mut().apply_update(Update::decode_v1(&hello).unwrap()).unwrap();
            let before = doc.transact().state_vector();
            root.remove_range(&mut doc.transact_mut(), 0, 5);
            let update = doc.transact().encode_diff_v1(&before);
            Bytes::from(update)
        };
        core.write(1, deletion, false, Instant::now());
        core.take_effects();
        // Another node's update arrives from storage meanwhile.
        core.caught_up(2, None, &[text_update(82, "stored ").to_vec()]);
        let effects = core.take_effects();
        assert!(!effects.is_empty(), "the stored update is sent");
        let client = Doc::new();
        let root = client.get_or_insert_text("t");
        client.transact_mut().apply_update(Update::decode_v1(&hello).unwrap()).unwrap();
        for effect in &effects {
            let (Effect::Broadcast { frame, .. } | Effect::Send { frame, .. }) = effect else { continue };
            if let Some(update) = sync_update(frame) {
                client.transact_mut().apply_update(Update::decode_v1(&update).unwrap()).unwrap();
            }
        }
        let text = root.get_string(&client.transact());
        assert!(text.contains("hello") && text.contains("stored "), "a waiting deletion went out: {text:?}");
    }

    #[test]
    fn remote_updates_apply_in_sequence_and_a_gap_asks_for_storage() {
        let mut core = core_with("notes", settings(), &[(1, EDITOR)]);
        let first = text_update(71, "remote");
        assert_eq!(core.apply_remote(3, vec![first.clone()]), Err(Gap));
        core.apply_remote(1, vec![first.clone()]).unwrap();
        assert_eq!(
            core.take_effects(),
            vec![Effect::Broadcast { except: None, frame: Bytes::from(encode_sync_update(&first)) }]
        );
        // What this node has already is not applied or sent twice.
        core.apply_remote(1, vec![first]).unwrap();
        assert_eq!(core.take_effects(), vec![]);
        assert_eq!(core.last_seq(), 1);

        // Catching up sends the difference storage had.
        let second = text_update(72, "stored ");
        core.caught_up(2, None, &[second.to_vec()]);
        let effects = core.take_effects();
        let [Effect::Broadcast { except: None, frame }] = &effects[..] else { panic!("{effects:?}") };
        assert_eq!(text_of(&sync_update(frame).unwrap()), "stored ");
        assert_eq!(core.last_seq(), 2);
        let text = committed_text(&mut core);
        assert!(text.contains("stored ") && text.contains("remote"), "{text:?}");
    }

    #[test]
    fn a_document_loads_from_its_snapshot_and_log() {
        let snapshot = text_update(81, "snap").to_vec();
        let log = vec![text_update(82, "log ").to_vec()];
        let mut core = DocumentCore::load("notes".into(), Some(&snapshot), &log, 7, false, settings().into());
        assert_eq!(core.last_seq(), 7);
        assert_eq!(core.logged_since_snapshot(), 1);
        let text = committed_text(&mut core);
        assert!(text.contains("snap") && text.contains("log "), "{text:?}");
        let locked = DocumentCore::load("notes".into(), None, &[], 0, true, settings().into());
        assert!(locked.locked);
    }
}
