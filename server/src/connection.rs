//! One WebSocket connection to one document: reads and checks the client's frames, hands them to
//! the document task, and writes what the document sends back. Only this module touches a socket.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use kinplan_protocol::{decode_frame, Message, SyncMessage, KEEP_ALIVE_FRAME};
use tokio::time::{sleep_until, timeout, Instant};
use tokio_util::sync::CancellationToken;
use tracing::{debug, info};

use crate::auth::DocumentRole;
use crate::documents::{
    outbox, CloseReason, ConnectionId, ConnectionPeer, DocumentRegistry, IncomingMessage, JoinError, JoinedDocument,
    Outbox, OutboxNext,
};
use crate::stats::{RoleLabel, ServerStats};
use crate::websocket::{Incoming, Outgoing, ReadError, WebSocket};

pub const CLOSE_NORMAL: u16 = 1000;
pub const CLOSE_GOING_AWAY: u16 = 1001;
pub const CLOSE_PROTOCOL_ERROR: u16 = 1002;
pub const CLOSE_UNSUPPORTED_DATA: u16 = 1003;
pub const CLOSE_MESSAGE_TOO_BIG: u16 = 1009;
pub const CLOSE_INTERNAL_ERROR: u16 = 1011;
pub const CLOSE_TRY_AGAIN_LATER: u16 = 1013;
/// The token is missing, invalid or expired. The y-websocket client does not retry 44xx codes.
pub const CLOSE_UNAUTHORIZED: u16 = 4401;
/// The token is valid but does not open this document.
pub const CLOSE_FORBIDDEN: u16 = 4403;

/// The most queued frames sent in one write.
const MAX_FRAMES_PER_WRITE: usize = 64;

/// How long a close frame may take to go out before the socket is simply dropped.
const CLOSE_GRACE: Duration = Duration::from_secs(2);

static NEXT_CONNECTION_ID: AtomicU64 = AtomicU64::new(1);

/// The settings every connection runs with.
#[derive(Debug, Clone)]
pub struct ConnectionSettings {
    pub max_message_bytes: usize,
    pub outgoing_queue: usize,
    pub keep_alive: Duration,
    pub idle_timeout: Duration,
}

/// What one accepted connection needs to run.
pub struct Session {
    pub document: String,
    pub role: DocumentRole,
    pub registry: Arc<DocumentRegistry>,
    pub settings: ConnectionSettings,
    pub stats: Arc<ServerStats>,
    pub shutdown: CancellationToken,
}

/// Sends a close frame with `reason` and nothing else: for connections refused after upgrade.
pub async fn refuse(mut socket: WebSocket, reason: CloseReason) {
    let _ = timeout(CLOSE_GRACE, socket.send(&[close_frame(&reason)])).await;
}

impl Session {
    /// Serves one connection in one task, reading the client's frames and writing the document's,
    /// until either side closes it. One task and no split socket keep an idle connection small.
    ///
    /// An `async` block rather than an `async fn`: the block keeps its captured session and socket
    /// once, where an `async fn` keeps its arguments twice (as passed, and as bound).
    ///
    /// `watch`, for a meeting's document, gives the events that close this connection when access
    /// ends; it is an argument rather than a field, so the task keeps it once.
    pub fn run(
        self,
        mut socket: WebSocket,
        mut watch: Option<crate::sync_access::MeetingWatch>,
    ) -> impl std::future::Future<Output = ()> + Send {
        async move {
            let id: ConnectionId = NEXT_CONNECTION_ID.fetch_add(1, Ordering::Relaxed);
            let (sender, outbox) = outbox(self.settings.outgoing_queue);
            let peer = ConnectionPeer { id, role: self.role, outbox: sender };

            self.stats.connections_open.inc();
            self.stats.connections_by_role.get_or_create(&RoleLabel { role: self.role.as_str() }).inc();
            info!(connection = id, document = %self.document, role = %self.role.as_str(), "connection opened");

            // Each step is boxed so that only the step under way takes memory: the task of an idle
            // connection is then little more than its socket. A step is boxed in a statement of
            // its own: a future boxed inside the statement that awaits it still takes its full
            // size in this task, since rustc keeps the moved-from temporary's place until the
            // statement ends (this task was 1,168 bytes that way, 544 now).
            let joining = Box::pin(self.registry.join(&self.document, peer));
            let closed_by = match joining.await {
                Ok(joined) => {
                    let serving = Box::pin(self.serve(&mut socket, &outbox, &joined, &mut watch));
                    let reason = serving.await;
                    let leaving = Box::pin(joined.leave());
                    leaving.await;
                    reason
                }
                Err(join_error) => {
                    let code = match join_error {
                        JoinError::ShuttingDown => CLOSE_GOING_AWAY,
                        JoinError::LoadFailed => CLOSE_INTERNAL_ERROR,
                    };
                    Some(CloseReason::new(code, join_error.to_string()))
                }
            };
            if let Some(reason) = &closed_by {
                let frames = [close_frame(reason)];
                let closing = Box::pin(timeout(CLOSE_GRACE, socket.send(&frames)));
                let _ = closing.await;
            }
            drop(socket);
            // Frames still queued are never sent, and come off the gauge; so do any queued later.
            self.stats.outgoing_queued.dec_by(outbox.finish() as i64);

            self.stats.connections_open.dec();
            self.stats.connections_by_role.get_or_create(&RoleLabel { role: self.role.as_str() }).dec();
            let (code, reason) = closed_by.map_or((CLOSE_NORMAL, "client closed".into()), |r| (r.code, r.reason));
            info!(connection = id, document = %self.document, role = %self.role.as_str(), code, reason = %reason, "connection closed");
        }
    }

    /// Reads the client's frames into the document and writes the document's frames to the
    /// client, with a keep-alive when the client has been sent nothing for a while, until the
    /// client leaves or something closes the connection. Gives the close frame to send: this
    /// side's reason, or the answer to the client's own close; none when the socket broke.
    async fn serve(
        &self,
        socket: &mut WebSocket,
        outbox: &Outbox,
        joined: &JoinedDocument,
        watch: &mut Option<crate::sync_access::MeetingWatch>,
    ) -> Option<CloseReason> {
        // Writing and forwarding are boxed, like the steps in `run`: their state exists only while
        // they are under way, not in every idle connection. One timer serves the keep-alive and
        // the idle timeout: it wakes at the earlier of the two, which only ever move later.
        let mut keep_alive_at = Instant::now() + self.settings.keep_alive;
        let mut idle_at = Instant::now() + self.settings.idle_timeout;
        let timer = sleep_until(keep_alive_at.min(idle_at));
        tokio::pin!(timer);
        loop {
            tokio::select! {
                reason = closed_by_event(watch) => return Some(reason),
                _ = self.shutdown.cancelled() => {
                    return Some(CloseReason::new(CLOSE_GOING_AWAY, "the server is restarting; reconnect in a moment"));
                }
                next = outbox.next() => {
                    let frame = match next {
                        OutboxNext::Frame(frame) => frame,
                        OutboxNext::Close(reason) => return Some(reason),
                        OutboxNext::Released => {
                            return Some(CloseReason::new(CLOSE_INTERNAL_ERROR, "the document closed; reconnect"));
                        }
                    };
                    let writing = Box::pin(self.write_queued(socket, outbox, frame));
                    if writing.await.is_err() {
                        return None;
                    }
                    keep_alive_at = Instant::now() + self.settings.keep_alive;
                }
                next = socket.recv() => {
                    idle_at = Instant::now() + self.settings.idle_timeout;
                    let incoming = match next {
                        None => return None,
                        Some(Err(read_error)) => return self.read_error_reason(&read_error),
                        Some(Ok(incoming)) => incoming,
                    };
                    match incoming {
                        Incoming::Binary(frame) => {
                            let forwarding = Box::pin(self.forward(frame, joined));
                            if let Err(reason) = forwarding.await {
                                return Some(reason);
                            }
                        }
                        Incoming::Text => {
                            return Some(CloseReason::new(CLOSE_UNSUPPORTED_DATA, "text frames are not part of the protocol"));
                        }
                        // Answered with a close frame of our own, as the protocol asks.
                        Incoming::Close(_) => return Some(CloseReason::new(CLOSE_NORMAL, "client closed")),
                        Incoming::Ping(payload) => {
                            let pong = [Outgoing::Pong(&payload)];
                            let answering = Box::pin(socket.send(&pong));
                            if answering.await.is_err() {
                                return None;
                            }
                        }
                        Incoming::Pong => {}
                    }
                }
                _ = &mut timer => {
                    let now = Instant::now();
                    if now >= idle_at {
                        return Some(CloseReason::new(CLOSE_GOING_AWAY, "nothing heard from the client; closing"));
                    }
                    if now >= keep_alive_at {
                        // A data frame, because browsers never show pings to the client; and a
                        // ping, so a dead peer shows itself by not answering.
                        let keep_alive = [Outgoing::Binary(&KEEP_ALIVE_FRAME), Outgoing::Ping];
                        let sending = Box::pin(socket.send(&keep_alive));
                        if sending.await.is_err() {
                            return None;
                        }
                        keep_alive_at = now + self.settings.keep_alive;
                    }
                    timer.as_mut().reset(keep_alive_at.min(idle_at));
                }
            }
        }
    }

    /// Writes `first` and whatever else is queued already (up to 64 frames) in one vectored write.
    async fn write_queued(&self, socket: &mut WebSocket, outbox: &Outbox, first: Bytes) -> std::io::Result<()> {
        let mut frames = vec![first];
        while frames.len() < MAX_FRAMES_PER_WRITE {
            match outbox.try_frame() {
                Some(frame) => frames.push(frame),
                None => break,
            }
        }
        for frame in &frames {
            self.stats.outgoing_queued.dec();
            self.stats.bytes_sent.inc_by(frame.len() as u64);
        }
        socket.send_binary(&frames).await
    }

    /// The close frame a read error calls for; none when the connection itself broke.
    fn read_error_reason(&self, read_error: &ReadError) -> Option<CloseReason> {
        debug!(document = %self.document, error = %read_error, "read error");
        match read_error {
            ReadError::Io(_) => None,
            ReadError::TooBig { max, .. } => {
                Some(CloseReason::new(CLOSE_MESSAGE_TOO_BIG, format!("message larger than {max} bytes")))
            }
            ReadError::Protocol(what) => Some(CloseReason::new(CLOSE_PROTOCOL_ERROR, *what)),
        }
    }

    /// Decodes one frame and hands each message in it to the document.
    async fn forward(&self, frame: Bytes, joined: &JoinedDocument) -> Result<(), CloseReason> {
        let received_at = Instant::now();
        self.stats.bytes_received.inc_by(frame.len() as u64);
        // Decode the whole frame first: a frame with a bad message changes nothing at all.
        let mut messages = Vec::new();
        for message in decode_frame(&frame) {
            let message = message.map_err(|decode_error| {
                CloseReason::new(CLOSE_PROTOCOL_ERROR, format!("malformed message: {decode_error}"))
            })?;
            let incoming = match message {
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
            };
            messages.push(incoming);
        }
        for message in messages {
            if !joined.send(message).await {
                return Err(CloseReason::new(CLOSE_INTERNAL_ERROR, "the document closed; reconnect"));
            }
        }
        Ok(())
    }
}

/// Waits until a meeting event closes this connection; never, for documents outside meetings.
async fn closed_by_event(watch: &mut Option<crate::sync_access::MeetingWatch>) -> CloseReason {
    match watch {
        Some(watch) => watch.closed_by_event().await,
        None => std::future::pending().await,
    }
}

fn close_frame(reason: &CloseReason) -> Outgoing<'_> {
    Outgoing::Close(reason.code, &reason.reason)
}
