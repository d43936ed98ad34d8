//! One client's WebSocket connection to one document, as its document task serves it.
//!
//! A connection has no task of its own: the task that owns the document reads every one of its
//! sockets and writes to them (`Connection::poll`), so a connection is a socket and a few fields
//! in the document's table. A task and its waiting state per connection took more than the
//! socket itself (docs/BENCHMARKS.md), and each frame sent meant waking one more task.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use kinplan_protocol::KEEP_ALIVE_FRAME;
use tokio::sync::broadcast;
use tokio::time::{timeout, Instant};
use tokio_util::task::TaskTracker;
use tracing::{debug, info};

use crate::admission::Admission;
use crate::auth::DocumentRole;
use crate::close::{
    CloseReason, ConnectionId, CLOSE_GOING_AWAY, CLOSE_MESSAGE_TOO_BIG, CLOSE_NORMAL, CLOSE_PROTOCOL_ERROR,
    CLOSE_REFUSED, CLOSE_TOO_MANY, CLOSE_TRY_AGAIN_LATER, CLOSE_UNSUPPORTED_DATA,
};
use crate::events::MeetingEvent;
use crate::stats::{RoleLabel, ServerStats};
use crate::sync_access::{MeetingAccess, MeetingWatch};
use crate::websocket::{Flushed, Incoming, Outgoing, Queued, ReadError, WebSocket};

/// How long a close frame may take to go out before the socket is simply dropped.
const CLOSE_GRACE: Duration = Duration::from_secs(2);

/// The most messages read from one socket before the document turns to its other work; the
/// socket is read again right after.
const READS_PER_POLL: usize = 16;

static NEXT_CONNECTION_ID: AtomicU64 = AtomicU64::new(1);

/// The settings every connection runs with.
#[derive(Debug, Clone)]
pub struct ConnectionSettings {
    pub max_message_bytes: usize,
    pub outgoing_queue: usize,
    /// The most bytes that may wait for one client; a frame that finds the queue empty is
    /// always taken, so one whole document can be sent to anyone.
    pub outgoing_queue_bytes: usize,
    pub keep_alive: Duration,
    pub idle_timeout: Duration,
    /// Updates one connection may send in a second: far more than anyone types.
    pub max_updates_per_second: u32,
    /// Presences one connection may introduce (a browser tab has one per document).
    pub max_presences: usize,
    /// The largest presence state, in bytes of JSON.
    pub max_presence_bytes: usize,
    /// Sync requests (step 1) one frame may carry: each is answered with a copy of what the
    /// client lacks.
    pub max_sync_requests_per_frame: usize,
}

/// Sends a close frame with `reason` and nothing else: for connections refused after upgrade.
pub async fn refuse(mut socket: WebSocket, reason: CloseReason) {
    let _ = timeout(CLOSE_GRACE, socket.send(&[Outgoing::Close(reason.code, &reason.reason)])).await;
}

/// Why a frame was not queued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueFull;

/// One accepted connection: its socket, what it may do, and when it next needs attention.
pub struct Connection {
    id: ConnectionId,
    role: DocumentRole,
    socket: WebSocket,
    /// For a meeting's document: what the connection was opened with, which a meeting event
    /// may take away.
    access: Option<MeetingAccess>,
    /// For a meeting's document, until its task takes them: the meeting's events from before
    /// the connection was allowed on.
    events: Option<broadcast::Receiver<Arc<MeetingEvent>>>,
    /// When the client has been sent nothing for a while, it is sent a keep-alive.
    keep_alive_at: Instant,
    /// When the client has said nothing for a while, it is gone.
    idle_at: Instant,
    /// Set when a write failed: the document drops the connection at its next look.
    broken: bool,
    /// Payload bytes queued and not yet written.
    queued_bytes: usize,
    /// A frame larger than the bound (a whole document) waiting to be written: the bytes queued
    /// before it, and what is left of it. One such frame is always taken, so anyone can be sent
    /// a whole document; the bound counts the bytes around it.
    whole_document: (usize, usize),
    stats: Arc<ServerStats>,
    /// The connection's place among the server's, its address's and its grant's connections,
    /// given back when it drops.
    _admission: Admission,
}

/// How a connection ended, seen from its socket.
#[derive(Debug, PartialEq, Eq)]
pub enum Ended {
    /// It is to be closed with this close frame: this side's reason, or the answer to the
    /// client's own close.
    Close(CloseReason),
    /// The socket broke or the client went without closing; there is nobody to tell.
    Broken,
}

impl Connection {
    pub fn new(
        socket: WebSocket,
        role: DocumentRole,
        watch: Option<MeetingWatch>,
        settings: &ConnectionSettings,
        stats: Arc<ServerStats>,
        admission: Admission,
    ) -> Box<Self> {
        let id = NEXT_CONNECTION_ID.fetch_add(1, Ordering::Relaxed);
        stats.connections_open.inc();
        stats.connections_by_role.get_or_create(&RoleLabel { role: role.as_str() }).inc();
        let now = Instant::now();
        let (access, events) = match watch {
            Some(watch) => (Some(watch.access), Some(watch.events)),
            None => (None, None),
        };
        Box::new(Connection {
            id,
            role,
            socket,
            access,
            events,
            keep_alive_at: now + settings.keep_alive,
            idle_at: now + settings.idle_timeout,
            broken: false,
            queued_bytes: 0,
            whole_document: (0, 0),
            stats,
            _admission: admission,
        })
    }

    pub fn id(&self) -> ConnectionId {
        self.id
    }

    pub fn role(&self) -> DocumentRole {
        self.role
    }

    pub fn access(&self) -> Option<&MeetingAccess> {
        self.access.as_ref()
    }

    /// The meeting's events since the connection was allowed on, for the document to check and
    /// then follow on its own subscription.
    pub fn take_events(&mut self) -> Option<broadcast::Receiver<Arc<MeetingEvent>>> {
        self.events.take()
    }

    /// Queues a frame, unless the queue is full: then the client has fallen behind.
    pub fn queue(&mut self, frame: Bytes, settings: &ConnectionSettings) -> Result<(), QueueFull> {
        self.queue_frame(Queued::Binary(frame), settings.outgoing_queue, settings)
    }

    /// Queues a frame unless `capacity` frames, or the settings' bytes, wait already.
    fn queue_frame(&mut self, frame: Queued, capacity: usize, settings: &ConnectionSettings) -> Result<(), QueueFull> {
        let length = match &frame {
            Queued::Binary(payload) | Queued::Pong(payload) => payload.len(),
            Queued::Ping => 0,
        };
        let waiting = self.socket.queued();
        let (_, whole_left) = self.whole_document;
        let others = self.queued_bytes.saturating_sub(whole_left);
        if waiting >= capacity {
            return Err(QueueFull);
        }
        if length > settings.outgoing_queue_bytes && whole_left == 0 {
            self.whole_document = (self.queued_bytes, length);
        } else if waiting > 0 && others + length > settings.outgoing_queue_bytes {
            return Err(QueueFull);
        }
        let keep_alive = settings.keep_alive;
        self.queued_bytes += length;
        self.socket.queue(frame);
        self.stats.outgoing_queued.inc();
        self.stats.frames_sent.inc();
        self.keep_alive_at = Instant::now() + keep_alive;
        Ok(())
    }

    /// Writes what is queued, as far as the socket takes it now.
    pub fn flush(&mut self, cx: &mut Context<'_>) {
        if self.broken || self.socket.queued() == 0 {
            return;
        }
        let mut flushed = Flushed::default();
        let outcome = self.socket.poll_flush(cx, &mut flushed);
        self.queued_bytes = self.queued_bytes.saturating_sub(flushed.bytes);
        // Frames are written in order: what was queued before the whole document goes first.
        let (ahead, left) = &mut self.whole_document;
        let before_it = flushed.bytes.min(*ahead);
        *ahead -= before_it;
        *left = left.saturating_sub(flushed.bytes - before_it);
        self.stats.outgoing_queued.dec_by(flushed.frames as i64);
        self.stats.bytes_sent.inc_by(flushed.bytes as u64);
        if let Err(error) = outcome {
            debug!(connection = self.id, %error, "write failed");
            self.broken = true;
        }
    }

    /// Writes what is queued and reads what the client sent: its binary messages go into
    /// `received`. Ready when a message arrived or the connection ended; pending (with the task
    /// woken when the socket is ready again) otherwise.
    pub fn poll(
        &mut self,
        cx: &mut Context<'_>,
        settings: &ConnectionSettings,
        received: &mut Vec<Bytes>,
    ) -> Poll<Result<(), Ended>> {
        self.flush(cx);
        if self.broken {
            return Poll::Ready(Err(Ended::Broken));
        }
        let before = received.len();
        let mut reads = 0;
        loop {
            if reads == READS_PER_POLL {
                // The socket may hold more: the task looks again right after this turn, even
                // when what was read wanted no turn of its own (pings, pongs).
                cx.waker().wake_by_ref();
                break;
            }
            reads += 1;
            let incoming = match self.socket.poll_recv(cx) {
                Poll::Pending => break,
                Poll::Ready(None) => return Poll::Ready(Err(Ended::Broken)),
                Poll::Ready(Some(Err(read_error))) => return Poll::Ready(Err(self.read_error_ending(&read_error))),
                Poll::Ready(Some(Ok(incoming))) => incoming,
            };
            self.idle_at = Instant::now() + settings.idle_timeout;
            match incoming {
                Incoming::Binary(frame) => {
                    self.stats.bytes_received.inc_by(frame.len() as u64);
                    received.push(frame);
                }
                Incoming::Text => {
                    let reason = CloseReason::new(CLOSE_UNSUPPORTED_DATA, "text frames are not part of the protocol");
                    return Poll::Ready(Err(Ended::Close(reason)));
                }
                // Answered with a close frame of our own, as the protocol asks.
                Incoming::Close(_) => {
                    return Poll::Ready(Err(Ended::Close(CloseReason::new(CLOSE_NORMAL, "client closed"))))
                }
                Incoming::Ping(payload) => {
                    if self.queue_frame(Queued::Pong(payload), settings.outgoing_queue, settings).is_err() {
                        return Poll::Ready(Err(Ended::Close(fell_behind())));
                    }
                    self.flush(cx);
                }
                Incoming::Pong => {}
            }
        }
        if received.len() > before {
            Poll::Ready(Ok(()))
        } else {
            Poll::Pending
        }
    }

    /// When this connection next needs its document's attention, if nothing happens before.
    pub fn deadline(&self) -> Instant {
        self.keep_alive_at.min(self.idle_at)
    }

    /// Sends a keep-alive when the client has been sent nothing for a while; gives the reason to
    /// close when the client has said nothing for too long or cannot take the keep-alive.
    pub fn on_deadline(&mut self, now: Instant, settings: &ConnectionSettings) -> Option<CloseReason> {
        if now >= self.idle_at {
            return Some(CloseReason::new(CLOSE_GOING_AWAY, "nothing heard from the client; closing"));
        }
        if now >= self.keep_alive_at {
            // A data frame, because browsers never show pings to the client; and a ping, so a
            // dead peer shows itself by not answering. Both count against the queue's bound.
            let capacity = settings.outgoing_queue + 2;
            let keep_alive = Bytes::from_static(&KEEP_ALIVE_FRAME);
            if self.queue_frame(Queued::Binary(keep_alive), capacity, settings).is_err()
                || self.queue_frame(Queued::Ping, capacity, settings).is_err()
            {
                return Some(fell_behind());
            }
        }
        None
    }

    /// Ends the connection as `ended` says: a close frame is sent in a task of its own (tracked
    /// by `tasks`, which shutdown waits for), after the frame under way if one was written in
    /// part. Frames still queued are never sent.
    pub fn end(self: Box<Self>, ended: Ended, document: &str, tasks: &TaskTracker) {
        match ended {
            Ended::Close(reason) => {
                let document = document.to_owned();
                tasks.spawn(self.close(reason, document));
            }
            Ended::Broken => {
                info!(connection = self.id, document = %document, role = %self.role.as_str(), code = CLOSE_NORMAL, reason = "client closed", "connection closed");
            }
        }
    }

    /// Sends the close frame with `reason` (giving up after a while) and drops the connection.
    pub async fn close(mut self: Box<Self>, reason: CloseReason, document: String) {
        if matches!(reason.code, CLOSE_REFUSED | CLOSE_TOO_MANY) {
            // The client is told why before it is closed (the permission-denied message queued
            // last): what is queued goes out first, within the grace period.
            let _ = timeout(CLOSE_GRACE, self.flush_all()).await;
        }
        let queued = self.socket.queued();
        let _ = timeout(CLOSE_GRACE, self.socket.close(reason.code, &reason.reason)).await;
        // Frames dropped or written by the close come off the gauge here; any still queued
        // (the close gave up) when the connection drops.
        self.stats.outgoing_queued.dec_by((queued - self.socket.queued()) as i64);
        let code = reason.code;
        info!(connection = self.id, document = %document, role = %self.role.as_str(), code, reason = %reason.reason, "connection closed");
    }

    /// Writes everything queued, waiting for the socket as it must.
    async fn flush_all(&mut self) {
        std::future::poll_fn(|cx| {
            self.flush(cx);
            if self.broken || self.socket.queued() == 0 {
                Poll::Ready(())
            } else {
                Poll::Pending
            }
        })
        .await
    }

    /// The close frame a read error calls for; none when the connection itself broke.
    fn read_error_ending(&self, read_error: &ReadError) -> Ended {
        debug!(connection = self.id, error = %read_error, "read error");
        match read_error {
            ReadError::Io(_) => Ended::Broken,
            ReadError::TooBig { max, .. } => {
                Ended::Close(CloseReason::new(CLOSE_MESSAGE_TOO_BIG, format!("message larger than {max} bytes")))
            }
            ReadError::Protocol(what) => Ended::Close(CloseReason::new(CLOSE_PROTOCOL_ERROR, *what)),
        }
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        // Frames still queued are never sent, and come off the gauge.
        self.stats.outgoing_queued.dec_by(self.socket.queued() as i64);
        self.stats.connections_open.dec();
        self.stats.connections_by_role.get_or_create(&RoleLabel { role: self.role.as_str() }).dec();
    }
}

pub fn fell_behind() -> CloseReason {
    CloseReason::new(CLOSE_TRY_AGAIN_LATER, "fell behind; reconnect to catch up")
}
