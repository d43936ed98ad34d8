//! How connections close: the WebSocket close codes kinplan uses, all in one place, and the
//! reason given with one.

use std::borrow::Cow;

/// A connection's number, unique within the process.
pub type ConnectionId = u64;

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
/// What the client sent was refused as a whole (an update that breaks the document's schema or
/// limits, too many presences). Not retried: sending it again would be refused again.
pub const CLOSE_REFUSED: u16 = 4400;
/// The client sent more than its share (updates per second). Not retried.
pub const CLOSE_TOO_MANY: u16 = 4429;

/// Close code for "your access changed; reconnect to get what you may now do". Outside 4400-4499,
/// so the y-websocket client reconnects by itself.
pub const CLOSE_ACCESS_CHANGED: u16 = 4000;
