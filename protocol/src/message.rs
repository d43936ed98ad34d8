//! The y-websocket messages: what one frame holds, and how each message is written.

use crate::lib0::{var_uint_len, write_var_bytes, write_var_uint, DecodeError, Reader};

pub const MESSAGE_SYNC: u64 = 0;
pub const MESSAGE_AWARENESS: u64 = 1;
pub const MESSAGE_AUTH: u64 = 2;
pub const MESSAGE_QUERY_AWARENESS: u64 = 3;

const SYNC_STEP1: u64 = 0;
const SYNC_STEP2: u64 = 1;
const SYNC_UPDATE: u64 = 2;
const AUTH_PERMISSION_DENIED: u64 = 0;

/// One message of the y-websocket protocol. Payloads borrow from the frame they came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message<'a> {
    Sync(SyncMessage<'a>),
    /// An encoded awareness update; [`crate::decode_awareness_update`] reads its entries.
    Awareness(&'a [u8]),
    /// The server may not do what the client asked; the text says why.
    PermissionDenied {
        reason: &'a str,
    },
    /// A request for every awareness state the other side knows.
    QueryAwareness,
}

/// The three sync messages of `y-protocols/sync`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncMessage<'a> {
    /// "Here is my state vector; send me what I lack."
    Step1 { state_vector: &'a [u8] },
    /// The answer to a step 1: an update holding everything the asker lacked.
    Step2 { update: &'a [u8] },
    /// A live change to the document.
    Update { update: &'a [u8] },
}

/// Reads every message in one frame, in order.
///
/// The JavaScript client sends one message a frame, but the protocol allows several back to
/// back; the iterator yields each, and stops after the first error.
pub fn decode_frame(frame: &[u8]) -> FrameMessages<'_> {
    FrameMessages { reader: Reader::new(frame), first: true, failed: false }
}

/// The iterator [`decode_frame`] returns.
pub struct FrameMessages<'a> {
    reader: Reader<'a>,
    first: bool,
    failed: bool,
}

impl<'a> Iterator for FrameMessages<'a> {
    type Item = Result<Message<'a>, DecodeError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        if self.reader.is_empty() {
            if self.first {
                self.failed = true;
                return Some(Err(DecodeError::EmptyFrame));
            }
            return None;
        }
        self.first = false;
        let result = read_message(&mut self.reader);
        self.failed = result.is_err();
        Some(result)
    }
}

fn read_message<'a>(reader: &mut Reader<'a>) -> Result<Message<'a>, DecodeError> {
    let at = reader.position();
    match reader.read_var_uint("a message type")? {
        MESSAGE_SYNC => {
            let at = reader.position();
            let sync = match reader.read_var_uint("a sync message type")? {
                SYNC_STEP1 => SyncMessage::Step1 { state_vector: reader.read_var_bytes("a state vector")? },
                SYNC_STEP2 => SyncMessage::Step2 { update: reader.read_var_bytes("an update")? },
                SYNC_UPDATE => SyncMessage::Update { update: reader.read_var_bytes("an update")? },
                sync_type => return Err(DecodeError::UnknownSyncType { at, sync_type }),
            };
            Ok(Message::Sync(sync))
        }
        MESSAGE_AWARENESS => Ok(Message::Awareness(reader.read_var_bytes("an awareness update")?)),
        MESSAGE_AUTH => {
            let at = reader.position();
            match reader.read_var_uint("an auth message type")? {
                AUTH_PERMISSION_DENIED => Ok(Message::PermissionDenied { reason: reader.read_var_string("a reason")? }),
                auth_type => Err(DecodeError::UnknownAuthType { at, auth_type }),
            }
        }
        MESSAGE_QUERY_AWARENESS => Ok(Message::QueryAwareness),
        message_type => Err(DecodeError::UnknownMessageType { at, message_type }),
    }
}

impl Message<'_> {
    /// Writes this message as one frame, exactly as `y-protocols` would.
    pub fn encode(&self) -> Vec<u8> {
        match self {
            Message::Sync(SyncMessage::Step1 { state_vector }) => encode_sync_step1(state_vector),
            Message::Sync(SyncMessage::Step2 { update }) => encode_sync_step2(update),
            Message::Sync(SyncMessage::Update { update }) => encode_sync_update(update),
            Message::Awareness(update) => encode_awareness(update),
            Message::PermissionDenied { reason } => encode_permission_denied(reason),
            Message::QueryAwareness => encode_query_awareness(),
        }
    }
}

fn encode_with_header(message_type: u64, subtype: Option<u64>, payload: &[u8]) -> Vec<u8> {
    let capacity = 2 + subtype.map_or(0, |_| 1) + var_uint_len(payload.len() as u64) + payload.len();
    let mut out = Vec::with_capacity(capacity);
    write_var_uint(&mut out, message_type);
    if let Some(subtype) = subtype {
        write_var_uint(&mut out, subtype);
    }
    write_var_bytes(&mut out, payload);
    out
}

pub fn encode_sync_step1(state_vector: &[u8]) -> Vec<u8> {
    encode_with_header(MESSAGE_SYNC, Some(SYNC_STEP1), state_vector)
}

pub fn encode_sync_step2(update: &[u8]) -> Vec<u8> {
    encode_with_header(MESSAGE_SYNC, Some(SYNC_STEP2), update)
}

pub fn encode_sync_update(update: &[u8]) -> Vec<u8> {
    encode_with_header(MESSAGE_SYNC, Some(SYNC_UPDATE), update)
}

pub fn encode_awareness(awareness_update: &[u8]) -> Vec<u8> {
    encode_with_header(MESSAGE_AWARENESS, None, awareness_update)
}

pub fn encode_permission_denied(reason: &str) -> Vec<u8> {
    encode_with_header(MESSAGE_AUTH, Some(AUTH_PERMISSION_DENIED), reason.as_bytes())
}

pub fn encode_query_awareness() -> Vec<u8> {
    vec![MESSAGE_QUERY_AWARENESS as u8]
}
