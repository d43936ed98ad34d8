//! Property tests: whatever bytes arrive, decoding never panics; and whatever the server writes,
//! it reads back as the same thing.
//!
//! The server decodes every frame a browser sends before it knows who is on the other end, so a
//! panic on hostile bytes would be a denial of service. The round trips catch any drift between
//! the encoder and the decoder, for example in the varUint length prefix at 128 or 16384 bytes.

use kinplan_protocol::{
    decode_awareness_update, decode_frame, encode_awareness, encode_awareness_update, AwarenessEntry, DecodeError,
    Message, SyncMessage,
};
use proptest::prelude::*;

/// A message that owns its payload, so proptest can generate and shrink it; `as_message` lends
/// it out as the crate's borrowed `Message`.
#[derive(Debug, Clone)]
enum OwnedMessage {
    SyncStep1(Vec<u8>),
    SyncStep2(Vec<u8>),
    SyncUpdate(Vec<u8>),
    Awareness(Vec<u8>),
    PermissionDenied(String),
    QueryAwareness,
}

impl OwnedMessage {
    fn as_message(&self) -> Message<'_> {
        match self {
            OwnedMessage::SyncStep1(state_vector) => Message::Sync(SyncMessage::Step1 { state_vector }),
            OwnedMessage::SyncStep2(update) => Message::Sync(SyncMessage::Step2 { update }),
            OwnedMessage::SyncUpdate(update) => Message::Sync(SyncMessage::Update { update }),
            OwnedMessage::Awareness(update) => Message::Awareness(update),
            OwnedMessage::PermissionDenied(reason) => Message::PermissionDenied { reason },
            OwnedMessage::QueryAwareness => Message::QueryAwareness,
        }
    }
}

/// Payloads up to 4 KiB, with short ones (around the one-byte length limit of 127) weighted up,
/// since most real messages are small and that is where off-by-one errors hide.
fn payload() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        3 => prop::collection::vec(any::<u8>(), 0..200),
        1 => prop::collection::vec(any::<u8>(), 0..4096),
    ]
}

/// Any Unicode text, control characters and NUL included (proptest's default `String` strategy
/// leaves control characters out).
fn any_text(max_chars: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..max_chars).prop_map(String::from_iter)
}

fn owned_message() -> impl Strategy<Value = OwnedMessage> {
    prop_oneof![
        payload().prop_map(OwnedMessage::SyncStep1),
        payload().prop_map(OwnedMessage::SyncStep2),
        payload().prop_map(OwnedMessage::SyncUpdate),
        payload().prop_map(OwnedMessage::Awareness),
        any_text(300).prop_map(OwnedMessage::PermissionDenied),
        Just(OwnedMessage::QueryAwareness),
    ]
}

/// Client ids and clocks: mostly small numbers like the real ones (client ids are 32-bit), but
/// also anywhere in the u64 range, to cover every varUint length up to ten bytes.
fn awareness_number() -> impl Strategy<Value = u64> {
    prop_oneof![
        2 => 0..=u64::from(u32::MAX),
        1 => any::<u64>(),
    ]
}

fn owned_awareness_entries() -> impl Strategy<Value = Vec<(u64, u64, String)>> {
    prop::collection::vec((awareness_number(), awareness_number(), any_text(200)), 0..12)
}

/// Frames that look almost right: pieces that are each either a well-formed message or a few
/// random bytes, joined together. Purely random bytes rarely get past the first header, so these
/// reach the deeper reading paths.
fn nearly_valid_frame() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        owned_message().prop_map(|message| message.as_message().encode()),
        prop::collection::vec(any::<u8>(), 0..12),
    ];
    prop::collection::vec(piece, 0..6).prop_map(|pieces| pieces.concat())
}

/// Reads every item of a frame and checks the iterator's shape: an error can only be the last
/// item, and there are never more items than bytes (plus one for the empty frame's error).
fn decode_all(frame: &[u8]) -> Vec<Result<Message<'_>, DecodeError>> {
    let mut messages = decode_frame(frame);
    let items: Vec<_> = messages.by_ref().take(frame.len() + 2).collect();
    assert!(items.len() <= frame.len().max(1), "{} items from {} bytes", items.len(), frame.len());
    assert!(messages.next().is_none(), "the iterator woke up again after ending");
    if let Some(position) = items.iter().position(Result::is_err) {
        assert_eq!(position, items.len() - 1, "decoding went on after an error");
    }
    items
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_make_decode_frame_panic(frame in prop::collection::vec(any::<u8>(), 0..1024)) {
        decode_all(&frame);
    }

    #[test]
    fn nearly_valid_frames_never_make_decode_frame_panic(frame in nearly_valid_frame()) {
        decode_all(&frame);
    }

    #[test]
    fn whatever_decodes_from_arbitrary_bytes_reencodes_to_bytes_that_decode_the_same(
        frame in nearly_valid_frame(),
    ) {
        // The bytes themselves may differ (a varUint can be written with redundant zero groups,
        // which lib0 never does), but the messages they carry must not.
        let messages: Vec<Message<'_>> = decode_all(&frame).into_iter().filter_map(Result::ok).collect();
        let reencoded: Vec<u8> = messages.iter().flat_map(Message::encode).collect();
        let decoded_again: Vec<_> = decode_frame(&reencoded).collect();
        if messages.is_empty() {
            prop_assert_eq!(decoded_again, vec![Err(DecodeError::EmptyFrame)]);
        } else {
            prop_assert_eq!(decoded_again, messages.into_iter().map(Ok).collect::<Vec<_>>());
        }
    }

    #[test]
    fn arbitrary_bytes_never_make_decode_awareness_update_panic(update in prop::collection::vec(any::<u8>(), 0..1024)) {
        let _ = decode_awareness_update(&update);
    }

    #[test]
    fn awareness_updates_with_a_plausible_count_never_make_decode_awareness_update_panic(
        count in 0u8..8,
        rest in prop::collection::vec(any::<u8>(), 0..256),
    ) {
        // A small entry count first, so reading gets into the entries instead of stopping at an
        // absurd count.
        let update = [&[count][..], &rest].concat();
        let _ = decode_awareness_update(&update);
    }

    #[test]
    fn any_message_encodes_then_decodes_to_itself(message in owned_message()) {
        let message = message.as_message();
        let frame = message.encode();
        prop_assert_eq!(decode_frame(&frame).collect::<Vec<_>>(), vec![Ok(message)]);
    }

    #[test]
    fn any_list_of_messages_joined_in_one_frame_decodes_to_the_same_list_in_order(
        messages in prop::collection::vec(owned_message(), 1..8),
    ) {
        let messages: Vec<Message<'_>> = messages.iter().map(OwnedMessage::as_message).collect();
        let frame: Vec<u8> = messages.iter().flat_map(Message::encode).collect();
        prop_assert_eq!(decode_frame(&frame).collect::<Vec<_>>(), messages.into_iter().map(Ok).collect::<Vec<_>>());
    }

    #[test]
    fn any_list_of_awareness_entries_encodes_then_decodes_to_itself(entries in owned_awareness_entries()) {
        let entries: Vec<AwarenessEntry<'_>> = entries
            .iter()
            .map(|(client_id, clock, state)| AwarenessEntry { client_id: *client_id, clock: *clock, state })
            .collect();
        let update = encode_awareness_update(entries.iter().cloned());
        prop_assert_eq!(decode_awareness_update(&update), Ok(entries.clone()));

        // And the same inside an awareness message, the way it travels.
        let frame = encode_awareness(&update);
        let decoded: Vec<_> = decode_frame(&frame).collect();
        prop_assert_eq!(&decoded, &vec![Ok(Message::Awareness(&update))]);
        prop_assert_eq!(decode_awareness_update(&update), Ok(entries));
    }
}
