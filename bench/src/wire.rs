//! How each measured system frames the y-websocket messages on the wire, so one load client can
//! speak to all of them.
//!
//! kinplan and the y-websocket server speak the protocol as `y-protocols` writes it, and the
//! `kinplan-protocol` codec encodes and decodes it. Hocuspocus (read from
//! `@hocuspocus/server` 4.7.0's source: `ClientConnection.ts`, `MessageReceiver.ts`,
//! `OutgoingMessage.ts`, and `@hocuspocus/common`'s `auth.ts`) differs in three ways:
//!
//! - every frame, in both directions, starts with the document name as a lib0 `varString`,
//!   because one socket may carry many documents; the message after it uses the same type numbers
//!   as y-websocket for sync (0), awareness (1), auth (2) and query awareness (3);
//! - its auth message has its own subtypes (0 token, 1 permission denied, 2 authenticated), and
//!   the server handles nothing for a document until the client has sent a token for it;
//! - it adds message types of its own: 4 sync reply, 5 stateless, 7 close, 8 sync status (the
//!   acknowledgement of every update it applied), 9 ping, 10 pong.

use anyhow::{anyhow, bail, Context};
use kinplan_protocol::{decode_frame, Message, SyncMessage};

/// Hocuspocus's message types that y-websocket does not have.
const HOCUSPOCUS_SYNC_REPLY: u64 = 4;
const HOCUSPOCUS_CLOSE: u64 = 7;
const HOCUSPOCUS_SYNC_STATUS: u64 = 8;
const HOCUSPOCUS_AUTH: u64 = 2;
const HOCUSPOCUS_AUTH_TOKEN: u64 = 0;
const HOCUSPOCUS_AUTH_PERMISSION_DENIED: u64 = 1;
const HOCUSPOCUS_AUTH_AUTHENTICATED: u64 = 2;

/// The framing a server expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dialect {
    /// kinplan and the y-websocket server: one document per socket, named by the URL.
    YWebsocket,
    /// Hocuspocus: the document is named in every frame, and a token opens it first.
    Hocuspocus { document_name: String },
}

/// One message from a server, as a load client needs to know it.
#[derive(Debug, PartialEq, Eq)]
pub enum Incoming<'a> {
    SyncStep1 {
        state_vector: &'a [u8],
    },
    SyncStep2 {
        update: &'a [u8],
    },
    Update {
        update: &'a [u8],
    },
    /// Presence of other clients: an awareness update, which only the presence scenario reads.
    Awareness {
        update: &'a [u8],
    },
    QueryAwareness,
    PermissionDenied {
        reason: String,
    },
    /// Hocuspocus let the token in; messages for the document are handled from now on.
    Authenticated,
    /// Hocuspocus applied one of our updates (`saved`) or refused it.
    SyncStatus {
        saved: bool,
    },
    /// Hocuspocus closed the document on this socket.
    Closed {
        reason: String,
    },
    /// A message a load client has no use for (Hocuspocus ping, pong, stateless, token request).
    Ignored,
}

impl Dialect {
    /// Wraps one y-websocket message (as the codec encodes it) into a frame for this server.
    pub fn frame(&self, message: Vec<u8>) -> Vec<u8> {
        match self {
            Dialect::YWebsocket => message,
            Dialect::Hocuspocus { document_name } => {
                let mut frame = Vec::with_capacity(document_name.len() + 2 + message.len());
                write_var_string(&mut frame, document_name);
                frame.extend_from_slice(&message);
                frame
            }
        }
    }

    /// The frame that opens the document, for servers that want a token in-band.
    pub fn authentication_frame(&self, token: &str) -> Option<Vec<u8>> {
        match self {
            Dialect::YWebsocket => None,
            Dialect::Hocuspocus { .. } => {
                let mut message = Vec::with_capacity(token.len() + 4);
                write_var_uint(&mut message, HOCUSPOCUS_AUTH);
                write_var_uint(&mut message, HOCUSPOCUS_AUTH_TOKEN);
                write_var_string(&mut message, token);
                Some(self.frame(message))
            }
        }
    }

    /// Reads every message of one frame from the server, in order.
    pub fn decode<'a>(&self, frame: &'a [u8]) -> anyhow::Result<Vec<Incoming<'a>>> {
        match self {
            Dialect::YWebsocket => decode_y_websocket(frame),
            Dialect::Hocuspocus { document_name } => decode_hocuspocus(frame, document_name),
        }
    }
}

fn decode_y_websocket(frame: &[u8]) -> anyhow::Result<Vec<Incoming<'_>>> {
    let mut messages = Vec::with_capacity(1);
    for message in decode_frame(frame) {
        let message = message.map_err(|error| anyhow!("malformed frame: {error}"))?;
        messages.push(match message {
            Message::Sync(SyncMessage::Step1 { state_vector }) => Incoming::SyncStep1 { state_vector },
            Message::Sync(SyncMessage::Step2 { update }) => Incoming::SyncStep2 { update },
            Message::Sync(SyncMessage::Update { update }) => Incoming::Update { update },
            Message::Awareness(update) => Incoming::Awareness { update },
            Message::QueryAwareness => Incoming::QueryAwareness,
            Message::PermissionDenied { reason } => Incoming::PermissionDenied { reason: reason.to_owned() },
        });
    }
    Ok(messages)
}

fn decode_hocuspocus<'a>(frame: &'a [u8], expected_document: &str) -> anyhow::Result<Vec<Incoming<'a>>> {
    let mut reader = Reader { bytes: frame };
    let document_name = reader.read_var_string().context("the document name")?;
    // A session-aware address is `name\0session`; load clients never ask for one.
    let document_name = document_name.split('\0').next().unwrap_or_default();
    if document_name != expected_document {
        bail!("a frame for document {document_name:?} arrived on the socket of {expected_document:?}");
    }
    let body = reader.bytes;
    let mut type_reader = Reader { bytes: body };
    let message_type = type_reader.read_var_uint().context("the message type")?;
    match message_type {
        // Sync, awareness and query awareness are y-websocket messages after the name.
        0 | 1 | 3 => decode_y_websocket(body),
        HOCUSPOCUS_SYNC_REPLY => {
            // The payload of a sync message; only the server's own follow-up differs.
            let subtype = type_reader.read_var_uint().context("the sync type")?;
            let payload = type_reader.read_var_bytes().context("the sync payload")?;
            Ok(vec![match subtype {
                0 => Incoming::SyncStep1 { state_vector: payload },
                1 => Incoming::SyncStep2 { update: payload },
                2 => Incoming::Update { update: payload },
                _ => bail!("an unknown sync type {subtype}"),
            }])
        }
        HOCUSPOCUS_AUTH => match type_reader.read_var_uint().context("the auth type")? {
            HOCUSPOCUS_AUTH_AUTHENTICATED => Ok(vec![Incoming::Authenticated]),
            HOCUSPOCUS_AUTH_PERMISSION_DENIED => Ok(vec![Incoming::PermissionDenied {
                reason: type_reader.read_var_string().unwrap_or_default().to_owned(),
            }]),
            _ => Ok(vec![Incoming::Ignored]),
        },
        HOCUSPOCUS_SYNC_STATUS => {
            Ok(vec![Incoming::SyncStatus { saved: type_reader.read_var_uint().context("the sync status")? == 1 }])
        }
        HOCUSPOCUS_CLOSE => {
            Ok(vec![Incoming::Closed { reason: type_reader.read_var_string().unwrap_or_default().to_owned() }])
        }
        _ => Ok(vec![Incoming::Ignored]),
    }
}

/// lib0's unsigned varint: seven bits a byte, low bits first, the high bit set on all but the last.
fn write_var_uint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7f) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// lib0's `varString`: the UTF-8 length as a varint, then the bytes.
fn write_var_string(out: &mut Vec<u8>, text: &str) {
    write_var_uint(out, text.len() as u64);
    out.extend_from_slice(text.as_bytes());
}

/// Reads lib0 primitives from the front of a byte slice.
struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn read_var_uint(&mut self) -> anyhow::Result<u64> {
        let mut value = 0u64;
        for (index, &byte) in self.bytes.iter().enumerate().take(10) {
            value |= u64::from(byte & 0x7f) << (7 * index);
            if byte & 0x80 == 0 {
                self.bytes = &self.bytes[index + 1..];
                return Ok(value);
            }
        }
        bail!("a varint runs past the end of the frame")
    }

    fn read_var_bytes(&mut self) -> anyhow::Result<&'a [u8]> {
        let length = usize::try_from(self.read_var_uint()?)?;
        if length > self.bytes.len() {
            bail!("a byte array runs past the end of the frame");
        }
        let (bytes, rest) = self.bytes.split_at(length);
        self.bytes = rest;
        Ok(bytes)
    }

    fn read_var_string(&mut self) -> anyhow::Result<&'a str> {
        Ok(std::str::from_utf8(self.read_var_bytes()?)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hocuspocus_frames_carry_the_document_name_first() {
        let dialect = Dialect::Hocuspocus { document_name: "room-1".into() };
        let frame = dialect.frame(kinplan_protocol::encode_sync_update(&[7, 8]));
        assert_eq!(frame, [6, b'r', b'o', b'o', b'm', b'-', b'1', 0, 2, 2, 7, 8]);
        let decoded = dialect.decode(&frame).unwrap();
        assert_eq!(decoded, vec![Incoming::Update { update: &[7, 8] }]);
    }

    #[test]
    fn hocuspocus_auth_and_sync_status_decode() {
        let dialect = Dialect::Hocuspocus { document_name: "d".into() };
        assert_eq!(dialect.authentication_frame("t").unwrap(), [1, b'd', 2, 0, 1, b't']);
        let authenticated = [1, b'd', 2, 2, 10, b'r', b'e', b'a', b'd', b'-', b'w', b'r', b'i', b't', b'e'];
        assert_eq!(dialect.decode(&authenticated).unwrap(), vec![Incoming::Authenticated]);
        assert_eq!(dialect.decode(&[1, b'd', 8, 1]).unwrap(), vec![Incoming::SyncStatus { saved: true }]);
        let sync_reply = [1, b'd', 4, 1, 2, 9, 9];
        assert_eq!(dialect.decode(&sync_reply).unwrap(), vec![Incoming::SyncStep2 { update: &[9, 9] }]);
    }

    #[test]
    fn varints_match_lib0() {
        let mut out = Vec::new();
        write_var_uint(&mut out, 300);
        assert_eq!(out, [0xac, 0x02]);
        assert_eq!(Reader { bytes: &out }.read_var_uint().unwrap(), 300);
    }
}
