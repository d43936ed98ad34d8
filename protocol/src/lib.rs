//! The y-websocket wire protocol, byte for byte as the JavaScript `y-protocols` package speaks it.
//!
//! This crate owns the framing of every message a Yjs client and kinplan exchange: sync (step 1,
//! step 2, update), awareness, auth and query awareness. It does no IO and knows nothing of
//! documents: bytes go in, typed messages come out, and bad bytes give a [`DecodeError`], never a
//! panic. Payloads (state vectors, updates, awareness states) are borrowed from the input, so
//! decoding a frame allocates nothing.
//!
//! It also reads the structure of a Yjs update without applying it ([`update`]) and checks it
//! against the shape a document may take ([`shape`]): the plan's schema and the depth limit.

mod awareness;
mod lib0;
mod message;
pub mod plan;
pub mod shape;
pub mod update;

pub use awareness::{decode_awareness_update, encode_awareness_update, AwarenessEntry};
pub use lib0::DecodeError;
pub use message::{
    decode_frame, encode_awareness, encode_permission_denied, encode_query_awareness, encode_sync_step1,
    encode_sync_step2, encode_sync_update, Message, SyncMessage, MESSAGE_AUTH, MESSAGE_AWARENESS,
    MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC,
};

/// The awareness update that carries no states at all: `01 01 00`.
///
/// Clients apply it as a no-op, but it counts as a message received, so the server sends it to a
/// connection that has heard nothing for a while. The y-websocket client closes and reconnects
/// after 30 seconds without a message, and WebSocket pings do not count because browsers do not
/// surface them.
pub const KEEP_ALIVE_FRAME: [u8; 3] = [MESSAGE_AWARENESS as u8, 1, 0];
