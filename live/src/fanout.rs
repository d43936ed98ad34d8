//! Fan-out across server nodes through Redis: a node that commits updates publishes them, and
//! every other node with the document loaded applies them and sends them to its own clients.
//!
//! Redis pub/sub delivers at most once, so nothing rests on it: every update is committed to the
//! shared database first, with a per-document sequence number. A node applies a published batch
//! only when it follows on from the last sequence number it has; on a gap, after a Redis
//! reconnect, and every few seconds anyway, it catches up from the database. Publishing goes
//! through a bounded queue to its own task, so a slow or absent Redis never holds up editing.

use std::sync::Arc;
use std::time::Duration;

use bytes::{Buf, BufMut, Bytes, BytesMut};
use futures_util::StreamExt;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use tracing::{debug, info, warn};

/// Batches waiting to be published; past this, batches are dropped and peers catch up.
const PUBLISH_QUEUE: usize = 4096;
const KIND_UPDATES: u8 = 1;
const KIND_AWARENESS: u8 = 2;

/// A message from another node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemoteMessage {
    /// Committed updates `first_seq`, `first_seq + 1`, … of a document.
    Updates { first_seq: i64, updates: Vec<Bytes> },
    /// An awareness frame to relay to this node's clients.
    Awareness { frame: Bytes },
}

/// This node's side of the fan-out: publish what it commits.
#[derive(Clone)]
pub struct Fanout {
    /// Signs every message, so other nodes can tell it came from a node.
    key: Arc<[u8; 32]>,
    node_id: Arc<str>,
    prefix: Arc<str>,
    outgoing: mpsc::Sender<(String, Bytes)>,
}

/// Where what other nodes publish goes: this node's live documents.
#[async_trait::async_trait]
pub trait RemoteReceiver: Send + Sync + 'static {
    /// Hands another node's message to `document` if it is loaded here, never waiting.
    async fn deliver_remote(&self, document: &str, message: RemoteMessage);
    /// Has every loaded document catch up from storage (after the fan-out was interrupted).
    async fn catch_up_all(&self);
}

impl Fanout {
    /// Connects to Redis at `url` and starts the publisher and the subscriber, which hands what
    /// other nodes publish to `receiver`.
    /// Every message is signed with `key` (HMAC-SHA256 over its channel and its bytes); one that
    /// is unsigned or badly signed is ignored, so a party that reaches Redis cannot inject edits.
    pub async fn start(
        url: &str,
        prefix: &str,
        key: [u8; 32],
        receiver: Arc<dyn RemoteReceiver>,
        shutdown: CancellationToken,
    ) -> anyhow::Result<Self> {
        let key = Arc::new(key);
        let client = redis::Client::open(url)?;
        let node_id: Arc<str> = crate::secrets::new_id().into();
        let prefix: Arc<str> = prefix.into();
        let (outgoing, queue) = mpsc::channel(PUBLISH_QUEUE);
        let publisher = client.get_connection_manager().await?;
        tokio::spawn(publish_loop(publisher, queue, shutdown.clone()));
        tokio::spawn(subscribe_loop(
            client,
            Arc::clone(&key),
            Arc::clone(&node_id),
            Arc::clone(&prefix),
            receiver,
            shutdown,
        ));
        info!(node = %node_id, "fan-out through Redis started");
        Ok(Fanout { key, node_id, prefix, outgoing })
    }

    fn channel(&self, document: &str) -> String {
        format!("{}:doc:{document}", self.prefix)
    }

    /// Tells the other nodes about committed updates. Never waits: if the queue is full the
    /// batch is dropped and the other nodes find it in the database.
    pub fn publish_updates(&self, document: &str, first_seq: i64, updates: &[Bytes]) {
        let payload = encode(&self.node_id, &RemoteMessage::Updates { first_seq, updates: updates.to_vec() });
        let channel = self.channel(document);
        let payload = sign(&self.key, &channel, payload);
        if self.outgoing.try_send((channel, payload)).is_err() {
            debug!(document, "fan-out queue full; peers will catch up from the database");
        }
    }

    pub fn publish_awareness(&self, document: &str, frame: Bytes) {
        let payload = encode(&self.node_id, &RemoteMessage::Awareness { frame });
        let channel = self.channel(document);
        let payload = sign(&self.key, &channel, payload);
        let _ = self.outgoing.try_send((channel, payload));
    }
}

async fn publish_loop(
    mut publisher: redis::aio::ConnectionManager,
    mut queue: mpsc::Receiver<(String, Bytes)>,
    shutdown: CancellationToken,
) {
    loop {
        let (channel, payload) = tokio::select! {
            next = queue.recv() => match next { Some(next) => next, None => return },
            _ = shutdown.cancelled() => return,
        };
        let published: redis::RedisResult<i64> =
            redis::cmd("PUBLISH").arg(&channel).arg(payload.as_ref()).query_async(&mut publisher).await;
        if let Err(error) = published {
            debug!(%error, "publishing to Redis failed; peers will catch up from the database");
        }
    }
}

async fn subscribe_loop(
    client: redis::Client,
    key: Arc<[u8; 32]>,
    node_id: Arc<str>,
    prefix: Arc<str>,
    receiver: Arc<dyn RemoteReceiver>,
    shutdown: CancellationToken,
) {
    let pattern = format!("{prefix}:doc:*");
    let channel_prefix = format!("{prefix}:doc:");
    let mut backoff = Duration::from_millis(100);
    loop {
        let subscribed = async {
            let mut pubsub = client.get_async_pubsub().await?;
            pubsub.psubscribe(&pattern).await?;
            redis::RedisResult::Ok(pubsub)
        };
        let pubsub = tokio::select! {
            subscribed = subscribed => subscribed,
            _ = shutdown.cancelled() => return,
        };
        match pubsub {
            Ok(pubsub) => {
                backoff = Duration::from_millis(100);
                // Whatever was published while we were away is in the database.
                receiver.catch_up_all().await;
                let mut messages = pubsub.into_on_message();
                loop {
                    let message = tokio::select! {
                        message = messages.next() => message,
                        _ = shutdown.cancelled() => return,
                    };
                    let Some(message) = message else { break };
                    let Some(document) = message.get_channel_name().strip_prefix(&channel_prefix) else { continue };
                    let Some(payload) = verify(&key, message.get_channel_name(), message.get_payload_bytes()) else {
                        warn!(document, "a fan-out message without a node's signature was ignored");
                        continue;
                    };
                    match decode(payload) {
                        Some((from, _)) if from == *node_id => {}
                        Some((_, remote)) => receiver.deliver_remote(document, remote).await,
                        None => warn!(document, "an unreadable fan-out message was skipped"),
                    }
                }
                warn!("the Redis subscription ended; reconnecting");
            }
            Err(error) => warn!(%error, "cannot subscribe to Redis; retrying"),
        }
        tokio::select! {
            _ = tokio::time::sleep(backoff) => {}
            _ = shutdown.cancelled() => return,
        }
        backoff = (backoff * 2).min(Duration::from_secs(5));
    }
}

/// The length of the signature that ends every message.
const TAG: usize = 32;

/// `payload` followed by its HMAC-SHA256 under `key`, over the channel and the payload: a message
/// cannot be moved to another document's channel either.
fn sign(key: &[u8; 32], channel: &str, payload: Bytes) -> Bytes {
    let tag = crate::secrets::hmac_sha256(key, &[channel.as_bytes(), &[0], &payload]);
    let mut signed = BytesMut::with_capacity(payload.len() + TAG);
    signed.put_slice(&payload);
    signed.put_slice(&tag);
    signed.freeze()
}

/// The payload of a message signed by a node for `channel`, or None.
fn verify<'a>(key: &[u8; 32], channel: &str, signed: &'a [u8]) -> Option<&'a [u8]> {
    let split = signed.len().checked_sub(TAG)?;
    let (payload, tag) = signed.split_at(split);
    let expected = crate::secrets::hmac_sha256(key, &[channel.as_bytes(), &[0], payload]);
    crate::secrets::constant_time_equal(tag, &expected).then_some(payload)
}

/// `[kind][node id length][node id][...]`: updates carry the first sequence number, a count and
/// each update with its length; awareness carries the frame.
fn encode(node_id: &str, message: &RemoteMessage) -> Bytes {
    let mut out = BytesMut::new();
    let put_header = |out: &mut BytesMut, kind: u8| {
        out.put_u8(kind);
        out.put_u8(node_id.len() as u8);
        out.put_slice(node_id.as_bytes());
    };
    match message {
        RemoteMessage::Updates { first_seq, updates } => {
            put_header(&mut out, KIND_UPDATES);
            out.put_i64(*first_seq);
            out.put_u32(updates.len() as u32);
            for update in updates {
                out.put_u32(update.len() as u32);
                out.put_slice(update);
            }
        }
        RemoteMessage::Awareness { frame } => {
            put_header(&mut out, KIND_AWARENESS);
            out.put_slice(frame);
        }
    }
    out.freeze()
}

fn decode(payload: &[u8]) -> Option<(String, RemoteMessage)> {
    let mut buffer = payload;
    if buffer.remaining() < 2 {
        return None;
    }
    let kind = buffer.get_u8();
    let node_length = buffer.get_u8() as usize;
    if buffer.remaining() < node_length {
        return None;
    }
    let node = String::from_utf8(buffer[..node_length].to_vec()).ok()?;
    buffer.advance(node_length);
    let message = match kind {
        KIND_UPDATES => {
            if buffer.remaining() < 12 {
                return None;
            }
            let first_seq = buffer.get_i64();
            let count = buffer.get_u32() as usize;
            let mut updates = Vec::with_capacity(count.min(buffer.remaining() / 4));
            for _ in 0..count {
                if buffer.remaining() < 4 {
                    return None;
                }
                let length = buffer.get_u32() as usize;
                if buffer.remaining() < length {
                    return None;
                }
                updates.push(Bytes::copy_from_slice(&buffer[..length]));
                buffer.advance(length);
            }
            RemoteMessage::Updates { first_seq, updates }
        }
        KIND_AWARENESS => RemoteMessage::Awareness { frame: Bytes::copy_from_slice(buffer) },
        _ => return None,
    };
    Some((node, message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_round_trip_and_garbage_is_refused() {
        let updates = RemoteMessage::Updates { first_seq: 41, updates: vec![Bytes::from_static(b"ab"), Bytes::new()] };
        let awareness = RemoteMessage::Awareness { frame: Bytes::from_static(&[1, 1, 0]) };
        for message in [updates, awareness] {
            let encoded = encode("node-1", &message);
            assert_eq!(decode(&encoded), Some(("node-1".to_owned(), message.clone())));
            for cut in 0..encoded.len() {
                if let Some((_, decoded)) = decode(&encoded[..cut]) {
                    assert_ne!(decoded, message, "a cut message must not pass for the whole");
                }
            }
        }
        assert_eq!(decode(&[9, 0]), None);
    }

    #[test]
    fn only_messages_signed_for_their_channel_with_the_key_pass() {
        let key = [7u8; 32];
        let payload = encode("node-1", &RemoteMessage::Awareness { frame: Bytes::from_static(&[1, 1, 0]) });
        let signed = sign(&key, "kinplan:doc:a", payload.clone());
        assert_eq!(verify(&key, "kinplan:doc:a", &signed), Some(payload.as_ref()));
        assert_eq!(verify(&key, "kinplan:doc:b", &signed), None, "moved to another document");
        assert_eq!(verify(&[8u8; 32], "kinplan:doc:a", &signed), None, "another key");
        assert_eq!(verify(&key, "kinplan:doc:a", &payload), None, "unsigned");
        let mut altered = signed.to_vec();
        altered[3] ^= 1;
        assert_eq!(verify(&key, "kinplan:doc:a", &altered), None, "altered");
        assert_eq!(verify(&key, "kinplan:doc:a", &[1, 2]), None, "too short");
    }
}
