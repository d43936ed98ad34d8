//! Fixed-byte tests against the real JavaScript implementation of the y-websocket protocol.
//!
//! Every hex constant below was written by yjs 13.6.33, y-protocols 1.0.7 and lib0 0.2.120,
//! using `tests/fixtures/make-fixtures.mjs`; the comment above each constant names the JavaScript
//! call that produced it. Each fixture is checked both ways: decoding the JavaScript bytes gives
//! the expected typed message carrying exactly the payload bytes JavaScript put in, and encoding
//! that message gives exactly the JavaScript bytes back. Frames are kept apart from their
//! payloads (which the script also printed on their own) so a test cannot pass by reading the
//! payload out of the very frame it is checking.

use kinplan_protocol::{
    decode_awareness_update, decode_frame, encode_awareness, encode_awareness_update, encode_permission_denied,
    encode_query_awareness, encode_sync_step1, encode_sync_step2, encode_sync_update, AwarenessEntry, Message,
    SyncMessage, KEEP_ALIVE_FRAME, MESSAGE_AUTH, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC,
};

// ------------------------------------------------------------------------------------------------
// The fixtures, pasted from the output of `node make-fixtures.mjs`.
// ------------------------------------------------------------------------------------------------

// writeVarUint(messageSync); syncProtocol.writeSyncStep1(encoder, emptyDoc)
const EMPTY_DOC_STEP1_FRAME: &str = "00 00 01 00";
// Y.encodeStateVector(emptyDoc)
const EMPTY_DOC_STATE_VECTOR: &str = "00";
// writeVarUint(messageSync); syncProtocol.writeSyncStep1(encoder, anna) after both clients edited
const DOC_STEP1_FRAME: &str = "00 00 0a 02 f2 bc d9 fc 0c 01 e9 07 1a";
// Y.encodeStateVector(anna)
const DOC_STATE_VECTOR: &str = "02 f2 bc d9 fc 0c 01 e9 07 1a";
// writeVarUint(messageSync); syncProtocol.writeSyncStep2(encoder, anna) (no state vector: the whole document)
const DOC_STEP2_FRAME: &str = "\
    00 01 77 02 01 f2 bc d9 fc 0c 00 a8 e9 07 18 01 76 02 04 64 6f 6e 65 78 \
    03 71 74 79 7d 02 04 e9 07 00 01 01 05 74 69 74 6c 65 05 84 e9 07 04 17 \
    75 66 73 6c 69 73 74 65 20 66 c3 bc 72 20 5a 6f c3 ab 20 f0 9f 9b 92 21 \
    01 05 69 74 65 6d 73 04 6d 69 6c 6b 01 28 01 05 69 74 65 6d 73 05 62 72 \
    65 61 64 01 76 02 04 64 6f 6e 65 79 03 71 74 79 7d 01 01 e9 07 02 00 05 \
    18 01";
// Y.encodeStateAsUpdate(anna)
const DOC_STEP2_UPDATE: &str = "\
    02 01 f2 bc d9 fc 0c 00 a8 e9 07 18 01 76 02 04 64 6f 6e 65 78 03 71 74 \
    79 7d 02 04 e9 07 00 01 01 05 74 69 74 6c 65 05 84 e9 07 04 17 75 66 73 \
    6c 69 73 74 65 20 66 c3 bc 72 20 5a 6f c3 ab 20 f0 9f 9b 92 21 01 05 69 \
    74 65 6d 73 04 6d 69 6c 6b 01 28 01 05 69 74 65 6d 73 05 62 72 65 61 64 \
    01 76 02 04 64 6f 6e 65 79 03 71 74 79 7d 01 01 e9 07 02 00 05 18 01";
// writeVarUint(messageSync); syncProtocol.writeSyncStep2(encoder, emptyDoc)
const EMPTY_DOC_STEP2_FRAME: &str = "00 01 02 00 00";
// Y.encodeStateAsUpdate(emptyDoc)
const EMPTY_DOC_STEP2_UPDATE: &str = "00 00";
// writeVarUint(messageSync); syncProtocol.writeUpdate(encoder, Y.mergeUpdates(bora's 'update' events))
const DOC_UPDATE_FRAME: &str = "\
    00 02 23 01 01 f2 bc d9 fc 0c 00 88 e9 07 18 01 76 02 04 64 6f 6e 65 78 \
    03 71 74 79 7d 02 01 e9 07 02 00 05 18 01";
// Y.mergeUpdates(bora's 'update' events)
const DOC_UPDATE: &str = "\
    01 01 f2 bc d9 fc 0c 00 88 e9 07 18 01 76 02 04 64 6f 6e 65 78 03 71 74 \
    79 7d 02 01 e9 07 02 00 05 18 01";
// UPDATE_OVER_127: the 'update' event of doc (clientID 7) after doc.getText('notes').insert(0, "kinplan ".repeat(20)),
// 175 bytes; the frame is writeVarUint(messageSync); syncProtocol.writeUpdate(encoder, update).
const UPDATE_OVER_127_HEADER: &str = "00 02 af 01";
const UPDATE_OVER_127_PREFIX: &str = "01 01 07 00 04 01 05 6e 6f 74 65 73 a0 01";
const UPDATE_OVER_127_UNIT: &str = "kinplan ";
const UPDATE_OVER_127_COUNT: usize = 20;
const UPDATE_OVER_127_SUFFIX: &str = "00";
const UPDATE_OVER_127_LENGTH: usize = 175;
// UPDATE_OVER_16383: the 'update' event of doc (clientID 8) after doc.getText('notes').insert(0, "kinplan ".repeat(2500)),
// 20016 bytes; the frame is writeVarUint(messageSync); syncProtocol.writeUpdate(encoder, update).
const UPDATE_OVER_16383_HEADER: &str = "00 02 b0 9c 01";
const UPDATE_OVER_16383_PREFIX: &str = "01 01 08 00 04 01 05 6e 6f 74 65 73 a0 9c 01";
const UPDATE_OVER_16383_UNIT: &str = "kinplan ";
const UPDATE_OVER_16383_COUNT: usize = 2500;
const UPDATE_OVER_16383_SUFFIX: &str = "00";
const UPDATE_OVER_16383_LENGTH: usize = 20016;
// writeVarUint(messageAwareness); writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(zoe, [1001]))
const AWARENESS_ONE_CLIENT_FRAME: &str = "\
    01 53 01 e9 07 01 4e 7b 22 75 73 65 72 22 3a 7b 22 6e 61 6d 65 22 3a 22 \
    5a 6f c3 ab 20 f0 9f a6 8a 22 2c 22 63 6f 6c 6f 72 22 3a 22 23 66 66 38 \
    38 30 30 22 7d 2c 22 63 75 72 73 6f 72 22 3a 7b 22 61 6e 63 68 6f 72 22 \
    3a 33 2c 22 68 65 61 64 22 3a 37 7d 7d";
// awarenessProtocol.encodeAwarenessUpdate(zoe, [1001])
const AWARENESS_ONE_CLIENT_UPDATE: &str = "\
    01 e9 07 01 4e 7b 22 75 73 65 72 22 3a 7b 22 6e 61 6d 65 22 3a 22 5a 6f \
    c3 ab 20 f0 9f a6 8a 22 2c 22 63 6f 6c 6f 72 22 3a 22 23 66 66 38 38 30 \
    30 22 7d 2c 22 63 75 72 73 6f 72 22 3a 7b 22 61 6e 63 68 6f 72 22 3a 33 \
    2c 22 68 65 61 64 22 3a 37 7d 7d";
// AWARENESS_ONE_CLIENT entries: [client_id, clock, state]
//   1001, 1, "{\"user\":{\"name\":\"Zoë 🦊\",\"color\":\"#ff8800\"},\"cursor\":{\"anchor\":3,\"head\":7}}"
// writeVarUint(messageAwareness); writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(zoe, [1001, 3482738290]))
const AWARENESS_TWO_CLIENTS_FRAME: &str = "\
    01 5e 02 e9 07 01 4e 7b 22 75 73 65 72 22 3a 7b 22 6e 61 6d 65 22 3a 22 \
    5a 6f c3 ab 20 f0 9f a6 8a 22 2c 22 63 6f 6c 6f 72 22 3a 22 23 66 66 38 \
    38 30 30 22 7d 2c 22 63 75 72 73 6f 72 22 3a 7b 22 61 6e 63 68 6f 72 22 \
    3a 33 2c 22 68 65 61 64 22 3a 37 7d 7d f2 bc d9 fc 0c 02 04 6e 75 6c 6c";
// awarenessProtocol.encodeAwarenessUpdate(zoe, [1001, 3482738290])
const AWARENESS_TWO_CLIENTS_UPDATE: &str = "\
    02 e9 07 01 4e 7b 22 75 73 65 72 22 3a 7b 22 6e 61 6d 65 22 3a 22 5a 6f \
    c3 ab 20 f0 9f a6 8a 22 2c 22 63 6f 6c 6f 72 22 3a 22 23 66 66 38 38 30 \
    30 22 7d 2c 22 63 75 72 73 6f 72 22 3a 7b 22 61 6e 63 68 6f 72 22 3a 33 \
    2c 22 68 65 61 64 22 3a 37 7d 7d f2 bc d9 fc 0c 02 04 6e 75 6c 6c";
// AWARENESS_TWO_CLIENTS entries: [client_id, clock, state]
//   1001, 1, "{\"user\":{\"name\":\"Zoë 🦊\",\"color\":\"#ff8800\"},\"cursor\":{\"anchor\":3,\"head\":7}}"
//   3482738290, 2, "null"
// writeVarUint(messageAwareness); writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(zoe, []))
const AWARENESS_NO_CLIENTS_FRAME: &str = "01 01 00";
// The reason text, PERMISSION_DENIED_REASON below: "Zugriff verweigert: „Einkaufsliste“ ist schreibgeschützt 🔒"
// writeVarUint(messageAuth); authProtocol.writePermissionDenied(encoder, reason)
const PERMISSION_DENIED_FRAME: &str = "\
    02 00 42 5a 75 67 72 69 66 66 20 76 65 72 77 65 69 67 65 72 74 3a 20 e2 \
    80 9e 45 69 6e 6b 61 75 66 73 6c 69 73 74 65 e2 80 9c 20 69 73 74 20 73 \
    63 68 72 65 69 62 67 65 73 63 68 c3 bc 74 7a 74 20 f0 9f 94 92";
// writeVarUint(messageAuth); authProtocol.writePermissionDenied(encoder, '')
const PERMISSION_DENIED_EMPTY_REASON_FRAME: &str = "02 00 00";
// writeVarUint(messageQueryAwareness), all y-websocket writes for a query
const QUERY_AWARENESS_FRAME: &str = "03";
// one encoder: sync step 1 of anna, the update of bora, awareness of zoe [1001], permission denied, query awareness
const SEVERAL_MESSAGES_FRAME: &str = "\
    00 00 0a 02 f2 bc d9 fc 0c 01 e9 07 1a 00 02 23 01 01 f2 bc d9 fc 0c 00 \
    88 e9 07 18 01 76 02 04 64 6f 6e 65 78 03 71 74 79 7d 02 01 e9 07 02 00 \
    05 18 01 01 53 01 e9 07 01 4e 7b 22 75 73 65 72 22 3a 7b 22 6e 61 6d 65 \
    22 3a 22 5a 6f c3 ab 20 f0 9f a6 8a 22 2c 22 63 6f 6c 6f 72 22 3a 22 23 \
    66 66 38 38 30 30 22 7d 2c 22 63 75 72 73 6f 72 22 3a 7b 22 61 6e 63 68 \
    6f 72 22 3a 33 2c 22 68 65 61 64 22 3a 37 7d 7d 02 00 42 5a 75 67 72 69 \
    66 66 20 76 65 72 77 65 69 67 65 72 74 3a 20 e2 80 9e 45 69 6e 6b 61 75 \
    66 73 6c 69 73 74 65 e2 80 9c 20 69 73 74 20 73 63 68 72 65 69 62 67 65 \
    73 63 68 c3 bc 74 7a 74 20 f0 9f 94 92 03";

/// The reason `PERMISSION_DENIED_FRAME` carries: curly German quotes (three UTF-8 bytes each), an
/// umlaut (two bytes) and an emoji (four bytes), so a byte count mistaken for a character count
/// would show.
const PERMISSION_DENIED_REASON: &str = "Zugriff verweigert: „Einkaufsliste“ ist schreibgeschützt 🔒";

/// Zoë's awareness state exactly as `JSON.stringify` wrote it (the key order is JavaScript's).
const ZOE_STATE: &str = r##"{"user":{"name":"Zoë 🦊","color":"#ff8800"},"cursor":{"anchor":3,"head":7}}"##;

// ------------------------------------------------------------------------------------------------
// Helpers.
// ------------------------------------------------------------------------------------------------

/// Reads a fixture: pairs of hex digits, with any whitespace between them ignored.
fn hex(text: &str) -> Vec<u8> {
    let digits: Vec<u8> = text.bytes().filter(|byte| !byte.is_ascii_whitespace()).collect();
    assert!(digits.chunks_exact(2).remainder().is_empty(), "odd number of hex digits in fixture {text:?}");
    digits
        .chunks(2)
        .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).unwrap(), 16).expect("a hex digit"))
        .collect()
}

/// Rebuilds a large update the script printed as prefix, repeated text and suffix (the update
/// holds the inserted text verbatim, so this is exactly the update JavaScript wrote).
fn repeated_update(prefix: &str, unit: &str, count: usize, suffix: &str) -> Vec<u8> {
    let mut update = hex(prefix);
    update.extend_from_slice(unit.repeat(count).as_bytes());
    update.extend_from_slice(&hex(suffix));
    update
}

/// The heart of this file: the JavaScript frame decodes to `expected` and nothing else, and both
/// `Message::encode` and the matching free `encode_*` function give back the JavaScript bytes.
fn check(js_frame: &[u8], expected: Message<'_>) {
    let decoded: Vec<_> = decode_frame(js_frame).collect();
    assert_eq!(decoded, vec![Ok(expected.clone())], "decoding the JavaScript frame");

    assert_eq!(expected.encode(), js_frame, "Message::encode of {expected:?}");
    let encoded_by_function = match expected {
        Message::Sync(SyncMessage::Step1 { state_vector }) => encode_sync_step1(state_vector),
        Message::Sync(SyncMessage::Step2 { update }) => encode_sync_step2(update),
        Message::Sync(SyncMessage::Update { update }) => encode_sync_update(update),
        Message::Awareness(update) => encode_awareness(update),
        Message::PermissionDenied { reason } => encode_permission_denied(reason),
        Message::QueryAwareness => encode_query_awareness(),
    };
    assert_eq!(encoded_by_function, js_frame, "the encode_* function for {expected:?}");
}

/// Checks an awareness update both ways: it decodes to `expected` entries, and encoding those
/// entries gives exactly the JavaScript bytes.
fn check_awareness_update(js_update: &[u8], expected: &[AwarenessEntry<'_>]) {
    assert_eq!(decode_awareness_update(js_update).as_deref(), Ok(expected));
    assert_eq!(encode_awareness_update(expected.iter().cloned()), js_update);
}

// ------------------------------------------------------------------------------------------------
// Tests.
// ------------------------------------------------------------------------------------------------

#[test]
fn message_type_constants_are_the_numbers_y_websocket_uses() {
    assert_eq!(MESSAGE_SYNC, 0);
    assert_eq!(MESSAGE_AWARENESS, 1);
    assert_eq!(MESSAGE_AUTH, 2);
    assert_eq!(MESSAGE_QUERY_AWARENESS, 3);
}

#[test]
fn sync_step1_of_an_empty_document_is_00_00_01_00_as_in_javascript() {
    // The very first frame every y-websocket client sends for a fresh document.
    assert_eq!(hex(EMPTY_DOC_STEP1_FRAME), [0x00, 0x00, 0x01, 0x00]);
    let state_vector = hex(EMPTY_DOC_STATE_VECTOR);
    check(&hex(EMPTY_DOC_STEP1_FRAME), Message::Sync(SyncMessage::Step1 { state_vector: &state_vector }));
}

#[test]
fn sync_step2_of_an_empty_document_matches_javascript() {
    let update = hex(EMPTY_DOC_STEP2_UPDATE);
    check(&hex(EMPTY_DOC_STEP2_FRAME), Message::Sync(SyncMessage::Step2 { update: &update }));
}

#[test]
fn sync_step1_step2_and_update_of_a_document_with_text_and_map_content_match_javascript() {
    // The state vector has two clients, one of them with a five-byte client id.
    let state_vector = hex(DOC_STATE_VECTOR);
    check(&hex(DOC_STEP1_FRAME), Message::Sync(SyncMessage::Step1 { state_vector: &state_vector }));

    let whole_document = hex(DOC_STEP2_UPDATE);
    check(&hex(DOC_STEP2_FRAME), Message::Sync(SyncMessage::Step2 { update: &whole_document }));

    let update = hex(DOC_UPDATE);
    check(&hex(DOC_UPDATE_FRAME), Message::Sync(SyncMessage::Update { update: &update }));
}

#[test]
fn an_update_longer_than_127_bytes_gets_a_two_byte_length_prefix_as_in_javascript() {
    let update =
        repeated_update(UPDATE_OVER_127_PREFIX, UPDATE_OVER_127_UNIT, UPDATE_OVER_127_COUNT, UPDATE_OVER_127_SUFFIX);
    assert_eq!(update.len(), UPDATE_OVER_127_LENGTH);
    // 175 = 0x2f + (0x01 << 7): lib0 writes it as `af 01`.
    assert_eq!(hex(UPDATE_OVER_127_HEADER), [0x00, 0x02, 0xaf, 0x01]);
    let frame = [hex(UPDATE_OVER_127_HEADER), update.clone()].concat();
    check(&frame, Message::Sync(SyncMessage::Update { update: &update }));
}

#[test]
fn an_update_longer_than_16383_bytes_gets_a_three_byte_length_prefix_as_in_javascript() {
    let update = repeated_update(
        UPDATE_OVER_16383_PREFIX,
        UPDATE_OVER_16383_UNIT,
        UPDATE_OVER_16383_COUNT,
        UPDATE_OVER_16383_SUFFIX,
    );
    assert_eq!(update.len(), UPDATE_OVER_16383_LENGTH);
    // 20016 = 0x30 + (0x1c << 7) + (0x01 << 14): lib0 writes it as `b0 9c 01`.
    assert_eq!(hex(UPDATE_OVER_16383_HEADER), [0x00, 0x02, 0xb0, 0x9c, 0x01]);
    let frame = [hex(UPDATE_OVER_16383_HEADER), update.clone()].concat();
    check(&frame, Message::Sync(SyncMessage::Update { update: &update }));
}

#[test]
fn awareness_messages_match_javascript() {
    let one_client = hex(AWARENESS_ONE_CLIENT_UPDATE);
    check(&hex(AWARENESS_ONE_CLIENT_FRAME), Message::Awareness(&one_client));

    let two_clients = hex(AWARENESS_TWO_CLIENTS_UPDATE);
    check(&hex(AWARENESS_TWO_CLIENTS_FRAME), Message::Awareness(&two_clients));
}

#[test]
fn an_awareness_update_with_one_unicode_state_decodes_to_the_entry_javascript_wrote() {
    let expected = [AwarenessEntry { client_id: 1001, clock: 1, state: ZOE_STATE }];
    check_awareness_update(&hex(AWARENESS_ONE_CLIENT_UPDATE), &expected);
    assert!(!expected[0].is_removal());
}

#[test]
fn an_awareness_update_with_a_removed_client_decodes_to_a_null_state() {
    // Bora closed his tab: JavaScript writes his state as the JSON text `null`, with a clock one
    // higher than his last real state, under a client id that needs five varUint bytes.
    let expected = [
        AwarenessEntry { client_id: 1001, clock: 1, state: ZOE_STATE },
        AwarenessEntry { client_id: 3_482_738_290, clock: 2, state: "null" },
    ];
    check_awareness_update(&hex(AWARENESS_TWO_CLIENTS_UPDATE), &expected);
    assert!(!expected[0].is_removal());
    assert!(expected[1].is_removal());
}

#[test]
fn the_keep_alive_frame_is_the_empty_awareness_message_javascript_writes() {
    // The server relies on clients treating this as a harmless message, so it must be exactly
    // what JavaScript itself sends for an awareness update with no clients.
    assert_eq!(KEEP_ALIVE_FRAME.as_slice(), hex(AWARENESS_NO_CLIENTS_FRAME));
    let no_clients = [0x00];
    check(&KEEP_ALIVE_FRAME, Message::Awareness(&no_clients));
    assert_eq!(decode_awareness_update(&no_clients), Ok(vec![]));
    assert_eq!(encode_awareness_update([]), no_clients);
}

#[test]
fn permission_denied_with_a_non_ascii_reason_matches_javascript() {
    check(&hex(PERMISSION_DENIED_FRAME), Message::PermissionDenied { reason: PERMISSION_DENIED_REASON });
    // The length prefix counts UTF-8 bytes (0x42 = 66), not the 58 characters.
    assert_eq!(PERMISSION_DENIED_REASON.len(), 0x42);
    assert_eq!(PERMISSION_DENIED_REASON.chars().count(), 58);
}

#[test]
fn permission_denied_with_an_empty_reason_matches_javascript() {
    check(&hex(PERMISSION_DENIED_EMPTY_REASON_FRAME), Message::PermissionDenied { reason: "" });
}

#[test]
fn query_awareness_is_the_single_byte_y_websocket_writes() {
    assert_eq!(hex(QUERY_AWARENESS_FRAME), [0x03]);
    check(&hex(QUERY_AWARENESS_FRAME), Message::QueryAwareness);
}

#[test]
fn several_messages_in_one_frame_decode_in_order() {
    let frame = hex(SEVERAL_MESSAGES_FRAME);
    let state_vector = hex(DOC_STATE_VECTOR);
    let update = hex(DOC_UPDATE);
    let awareness = hex(AWARENESS_ONE_CLIENT_UPDATE);
    let expected = [
        Message::Sync(SyncMessage::Step1 { state_vector: &state_vector }),
        Message::Sync(SyncMessage::Update { update: &update }),
        Message::Awareness(&awareness),
        Message::PermissionDenied { reason: PERMISSION_DENIED_REASON },
        Message::QueryAwareness,
    ];

    let decoded: Vec<_> = decode_frame(&frame).collect();
    assert_eq!(decoded, expected.iter().cloned().map(Ok).collect::<Vec<_>>());

    // The frame is nothing but the five messages back to back, so encoding each and joining
    // them gives the JavaScript bytes again.
    let reencoded: Vec<u8> = expected.iter().flat_map(Message::encode).collect();
    assert_eq!(reencoded, frame);
}

#[test]
fn decoded_payloads_borrow_from_the_frame_rather_than_copying_it() {
    // The crate promises zero-copy decoding; the payload must point into the frame's own bytes.
    let frame = hex(DOC_UPDATE_FRAME);
    let Some(Ok(Message::Sync(SyncMessage::Update { update }))) = decode_frame(&frame).next() else {
        panic!("expected a sync update");
    };
    let frame_range = frame.as_ptr_range();
    assert!(frame_range.contains(&update.as_ptr()));
    assert_eq!(update.as_ptr_range().end, frame_range.end);
}
