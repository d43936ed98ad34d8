//! Truncated and malformed input: every case names the exact `DecodeError` it must give, byte
//! offset included, because the server logs these errors and a wrong offset would send whoever
//! reads the log to the wrong byte.
//!
//! Frame cases also check that decoding stops after the first error: a frame whose start is
//! garbage has no trustworthy boundary after it, so nothing behind the error may be yielded.

use kinplan_protocol::{decode_awareness_update, decode_frame, DecodeError, Message, SyncMessage};

use DecodeError::*;

/// Ten bytes that are a varUint of more than 64 bits: nine full groups (63 bits) and then a
/// group holding 2, which would need bit 64.
const VAR_UINT_OVER_64_BITS: [u8; 10] = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02];

/// Eleven bytes whose value is zero but which keep going past the tenth group; lib0 never writes
/// that, and a reader that only looked at the value bits would accept it.
const VAR_UINT_WITH_ELEVEN_BYTES: [u8; 11] = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01];

/// Decodes the whole frame and asserts it yields exactly `expected`, in order, and then stays
/// finished: after the last item (an error, in most cases here) `next` keeps returning `None`.
fn check(frame: &[u8], expected: &[Result<Message<'_>, DecodeError>]) {
    let mut messages = decode_frame(frame);
    let decoded: Vec<_> = messages.by_ref().collect();
    assert_eq!(decoded, expected, "decoding {frame:02x?}");
    assert_eq!(messages.next(), None, "the iterator woke up again after ending, for {frame:02x?}");
    assert_eq!(messages.next(), None, "the iterator woke up again after ending, for {frame:02x?}");
}

/// The common case: the frame's first message is already bad, so the error is all it yields.
fn check_error(frame: &[u8], expected: DecodeError) {
    check(frame, &[Err(expected)]);
}

fn frame_with(head: &[u8], tail: &[u8]) -> Vec<u8> {
    [head, tail].concat()
}

#[test]
fn an_empty_frame_is_an_error_of_its_own() {
    check_error(&[], EmptyFrame);
}

#[test]
fn unknown_message_types_are_rejected_with_their_number_and_offset() {
    check_error(&[4], UnknownMessageType { at: 0, message_type: 4 });
    check_error(&[0x7f], UnknownMessageType { at: 0, message_type: 127 });
    // A two-byte varUint: the type is 128, and the offset is where the varUint starts.
    check_error(&[0x80, 0x01], UnknownMessageType { at: 0, message_type: 128 });
    // The largest 64-bit number is still a number, just not a message type.
    check_error(
        &[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
        UnknownMessageType { at: 0, message_type: u64::MAX },
    );
}

#[test]
fn unknown_sync_types_are_rejected_with_their_number_and_offset() {
    check_error(&[0, 3], UnknownSyncType { at: 1, sync_type: 3 });
    // Bytes after the unknown type are not read: they may not even be a payload.
    check_error(&[0, 3, 0, 1, 2], UnknownSyncType { at: 1, sync_type: 3 });
    check_error(&[0, 0x80, 0x01], UnknownSyncType { at: 1, sync_type: 128 });
}

#[test]
fn unknown_auth_types_are_rejected_with_their_number_and_offset() {
    // y-protocols only knows permission denied (0); it silently skips anything else, but then it
    // has lost its place in the frame, so an error is the honest answer.
    check_error(&[2, 1], UnknownAuthType { at: 1, auth_type: 1 });
    check_error(&[2, 1, 3, b'a', b'b', b'c'], UnknownAuthType { at: 1, auth_type: 1 });
}

#[test]
fn a_frame_that_ends_inside_a_header_says_what_it_was_waiting_for() {
    let cases: &[(&[u8], DecodeError)] = &[
        // A message type whose varUint has its continuation bit set on the last byte.
        (&[0x80], UnexpectedEnd { at: 1, expected: "a message type" }),
        (&[0xff, 0xff], UnexpectedEnd { at: 2, expected: "a message type" }),
        (&[0], UnexpectedEnd { at: 1, expected: "a sync message type" }),
        (&[0, 0x80], UnexpectedEnd { at: 2, expected: "a sync message type" }),
        (&[2], UnexpectedEnd { at: 1, expected: "an auth message type" }),
        (&[2, 0x80], UnexpectedEnd { at: 2, expected: "an auth message type" }),
    ];
    for (frame, error) in cases {
        check_error(frame, error.clone());
    }
}

#[test]
fn a_frame_that_ends_before_a_payload_length_says_which_payload_it_was_waiting_for() {
    let cases: &[(&[u8], DecodeError)] = &[
        (&[0, 0], UnexpectedEnd { at: 2, expected: "a state vector" }),
        (&[0, 1], UnexpectedEnd { at: 2, expected: "an update" }),
        (&[0, 2], UnexpectedEnd { at: 2, expected: "an update" }),
        (&[0, 2, 0x80, 0x80], UnexpectedEnd { at: 4, expected: "an update" }),
        (&[1], UnexpectedEnd { at: 1, expected: "an awareness update" }),
        (&[2, 0], UnexpectedEnd { at: 2, expected: "a reason" }),
    ];
    for (frame, error) in cases {
        check_error(frame, error.clone());
    }
}

#[test]
fn a_payload_length_past_the_end_of_the_frame_is_rejected_at_the_length() {
    let cases: &[(&[u8], DecodeError)] = &[
        (&[0, 0, 5, 1, 2], LengthTooLarge { at: 2, length: 5 }),
        (&[0, 1, 1], LengthTooLarge { at: 2, length: 1 }),
        (&[0, 2, 0x80, 0x01, 0xaa], LengthTooLarge { at: 2, length: 128 }),
        (&[1, 3, 1, 0], LengthTooLarge { at: 1, length: 3 }),
        (&[2, 0, 4, b'n', b'o', b'p'], LengthTooLarge { at: 2, length: 4 }),
        // A length of 2^64 - 1 must be compared, not added to a position, or it would wrap.
        (
            &[0, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
            LengthTooLarge { at: 2, length: u64::MAX },
        ),
    ];
    for (frame, error) in cases {
        check_error(frame, error.clone());
    }
}

#[test]
fn a_varuint_over_64_bits_is_rejected_wherever_it_appears_at_the_offset_where_it_starts() {
    check_error(&VAR_UINT_OVER_64_BITS, IntegerTooLarge { at: 0 });
    check_error(&VAR_UINT_WITH_ELEVEN_BYTES, IntegerTooLarge { at: 0 });
    check_error(&frame_with(&[0], &VAR_UINT_OVER_64_BITS), IntegerTooLarge { at: 1 });
    check_error(&frame_with(&[2], &VAR_UINT_OVER_64_BITS), IntegerTooLarge { at: 1 });
    check_error(&frame_with(&[0, 1], &VAR_UINT_OVER_64_BITS), IntegerTooLarge { at: 2 });
    check_error(&frame_with(&[1], &VAR_UINT_WITH_ELEVEN_BYTES), IntegerTooLarge { at: 1 });
    check_error(&frame_with(&[2, 0], &VAR_UINT_OVER_64_BITS), IntegerTooLarge { at: 2 });
}

#[test]
fn a_reason_that_is_not_utf8_is_rejected_at_its_length_prefix() {
    let cases: &[(&[u8], DecodeError)] = &[
        // `c3` opens a two-byte sequence, `28` ("(") cannot continue it.
        (&[2, 0, 2, 0xc3, 0x28], InvalidUtf8 { at: 2 }),
        // A lone continuation byte.
        (&[2, 0, 1, 0x80], InvalidUtf8 { at: 2 }),
        // A UTF-16 surrogate written as UTF-8; JavaScript's TextEncoder never writes one.
        (&[2, 0, 3, 0xed, 0xa0, 0x80], InvalidUtf8 { at: 2 }),
        // An overlong encoding of "/".
        (&[2, 0, 2, 0xc0, 0xaf], InvalidUtf8 { at: 2 }),
        // A four-byte sequence cut off by the end of the reason (not of the frame).
        (&[2, 0, 3, 0xf0, 0x9f, 0x94, 0x92], InvalidUtf8 { at: 2 }),
    ];
    for (frame, error) in cases {
        check_error(frame, error.clone());
    }
}

#[test]
fn decoding_stops_at_the_first_error_and_keeps_the_messages_before_it() {
    // A good query awareness, then an unknown type, then another good query awareness that must
    // not be yielded.
    check(&[3, 7, 3], &[Ok(Message::QueryAwareness), Err(UnknownMessageType { at: 1, message_type: 7 })]);
    // A good sync step 1, then a sync update whose length runs past the end.
    check(
        &[0, 0, 1, 0, 0, 2, 9, 1],
        &[Ok(Message::Sync(SyncMessage::Step1 { state_vector: &[0] })), Err(LengthTooLarge { at: 6, length: 9 })],
    );
    // Two good messages, then a frame that simply ends inside the third one's header.
    check(
        &[3, 1, 1, 0, 0],
        &[
            Ok(Message::QueryAwareness),
            Ok(Message::Awareness(&[0])),
            Err(UnexpectedEnd { at: 5, expected: "a sync message type" }),
        ],
    );
    // A bad first message hides everything after it, even a well-formed tail.
    check(&[9, 0, 0, 1, 0], &[Err(UnknownMessageType { at: 0, message_type: 9 })]);
}

#[test]
fn a_frame_that_ends_cleanly_after_its_messages_is_not_an_empty_frame_error() {
    // `EmptyFrame` is only for a frame with no bytes at all; running out of bytes between
    // messages is the normal end of a frame.
    check(&[3], &[Ok(Message::QueryAwareness)]);
    check(&[3, 3], &[Ok(Message::QueryAwareness), Ok(Message::QueryAwareness)]);
}

#[test]
fn a_frame_does_not_look_inside_an_awareness_payload() {
    // The awareness payload is handed over as bytes; a broken one is only found when
    // decode_awareness_update reads it.
    let frame = [1, 2, 1, 5];
    check(&frame, &[Ok(Message::Awareness(&[1, 5]))]);
    assert_eq!(decode_awareness_update(&[1, 5]), Err(UnexpectedEnd { at: 2, expected: "an awareness clock" }));
}

#[test]
fn truncated_or_malformed_awareness_updates_are_rejected_with_the_exact_error() {
    let cases: &[(&[u8], DecodeError)] = &[
        (&[], UnexpectedEnd { at: 0, expected: "an awareness entry count" }),
        (&[0x80], UnexpectedEnd { at: 1, expected: "an awareness entry count" }),
        (&[1], UnexpectedEnd { at: 1, expected: "a client id" }),
        (&[1, 0xe9], UnexpectedEnd { at: 2, expected: "a client id" }),
        (&[1, 0xe9, 0x07], UnexpectedEnd { at: 3, expected: "an awareness clock" }),
        (&[1, 0xe9, 0x07, 1], UnexpectedEnd { at: 4, expected: "an awareness state" }),
        (&[1, 0xe9, 0x07, 1, 4, b'n', b'u'], LengthTooLarge { at: 4, length: 4 }),
        // The count promises two entries but only one follows.
        (&[2, 5, 1, 4, b'n', b'u', b'l', b'l'], UnexpectedEnd { at: 8, expected: "a client id" }),
        // A count far beyond what the bytes could hold must fail, not allocate for it.
        (&[0xff, 0xff, 0xff, 0xff, 0x0f, 5, 1, 0], UnexpectedEnd { at: 8, expected: "a client id" }),
        (&[1, 0xe9, 0x07, 1, 2, 0xc3, 0x28], InvalidUtf8 { at: 4 }),
        (&[1, 0xe9, 0x07, 1, 1, 0xff], InvalidUtf8 { at: 4 }),
    ];
    for (update, error) in cases {
        assert_eq!(decode_awareness_update(update), Err(error.clone()), "decoding {update:02x?}");
    }
}

#[test]
fn a_varuint_over_64_bits_in_an_awareness_update_is_rejected_at_the_offset_where_it_starts() {
    assert_eq!(decode_awareness_update(&VAR_UINT_OVER_64_BITS), Err(IntegerTooLarge { at: 0 }));
    assert_eq!(decode_awareness_update(&frame_with(&[1], &VAR_UINT_OVER_64_BITS)), Err(IntegerTooLarge { at: 1 }));
    assert_eq!(
        decode_awareness_update(&frame_with(&[1, 5], &VAR_UINT_WITH_ELEVEN_BYTES)),
        Err(IntegerTooLarge { at: 2 })
    );
    assert_eq!(
        decode_awareness_update(&frame_with(&[1, 5, 1], &VAR_UINT_OVER_64_BITS)),
        Err(IntegerTooLarge { at: 3 })
    );
}
