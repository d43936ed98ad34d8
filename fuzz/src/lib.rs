//! The fuzz targets: each takes arbitrary bytes and panics only on a bug. The AFL++ entry points
//! in `src/bin/` and the corpus replay in `tests/replay.rs` call the same functions, so what the
//! fuzzer found stays a test.

use kinplan_protocol::shape::{DocumentShape, Schema, DEFAULT_MAX_DEPTH};
use kinplan_protocol::update::check_state_vector;
use kinplan_protocol::{decode_awareness_update, decode_frame, encode_awareness_update, Message};
use kinplan_server::plan::model::Plan;
use kinplan_server::plan::read::{doc_from_state, read_plan};
use kinplan_server::websocket::{FrameReader, Incoming, ReadError};
use yrs::updates::decoder::Decode;
use yrs::{Doc, ReadTxn, StateVector, Transact, Update};

/// The WebSocket frame reader, fed the way a socket feeds it: in pieces whose sizes the input's
/// first bytes choose, each piece either fed or read straight into the payload under way. Byte 0
/// says how many size bytes follow (0 to 3), whether payloads are read straight into their buffers
/// (bit 2) and the message limit (bit 3: 64 bytes, else 1 MiB); each size byte gives a piece of 1
/// to 256 bytes, used in turn; the rest is the wire. Reading in pieces must give exactly what
/// reading the wire at once gives, and messages stay within the limit.
pub fn frame_reader(data: &[u8]) {
    let Some((&control, rest)) = data.split_first() else { return };
    let size_count = usize::from(control & 3).min(rest.len());
    let (sizes, wire) = rest.split_at(size_count);
    let pieces: Vec<usize> = if sizes.is_empty() {
        vec![wire.len().max(1)]
    } else {
        sizes.iter().map(|size| usize::from(*size) + 1).collect()
    };
    let straight_into_payload = control & 4 != 0;
    let max_message = if control & 8 != 0 { 64 } else { 1 << 20 };

    let in_pieces = read_frames(wire, max_message, &pieces, straight_into_payload);
    let at_once = read_frames(wire, max_message, &[wire.len().max(1)], false);
    assert_eq!(in_pieces, at_once, "reading in pieces gives what reading at once gives");
    for outcome in &in_pieces {
        if let Ok(Incoming::Binary(payload)) = outcome {
            assert!(payload.len() <= max_message, "a message over the limit was given");
        }
    }
}

/// What a reader gives for `wire` fed in `pieces` (cycled): each message or control frame, then
/// the error if one came.
fn read_frames(
    wire: &[u8],
    max_message: usize,
    pieces: &[usize],
    straight_into_payload: bool,
) -> Vec<Result<Incoming, String>> {
    let mut reader = FrameReader::new(max_message);
    let mut outcomes = Vec::new();
    let mut rest = wire;
    let mut piece = pieces.iter().cycle();
    loop {
        loop {
            match reader.next() {
                Ok(Some(incoming)) => outcomes.push(Ok(incoming)),
                Ok(None) => break,
                Err(error) => {
                    assert!(!matches!(error, ReadError::Io(_)), "a reader does no IO");
                    outcomes.push(Err(error.to_string()));
                    return outcomes;
                }
            }
        }
        if rest.is_empty() {
            return outcomes;
        }
        let (bytes, after) = rest.split_at((*piece.next().expect("at least one piece")).min(rest.len()));
        rest = after;
        reader.feed_piece(bytes, straight_into_payload);
    }
}

/// The y-websocket protocol's decoders: every message of a frame, and the entries of every
/// awareness update, are read; each message read encodes to a frame that reads back the same.
pub fn protocol(data: &[u8]) {
    for message in decode_frame(data) {
        let Ok(message) = message else { break };
        let encoded = message.encode();
        let mut again = decode_frame(&encoded);
        assert_eq!(again.next(), Some(Ok(message.clone())), "a message encodes to a frame that reads back the same");
        assert_eq!(again.next(), None, "one message encodes to a frame of one message");
        if let Message::Awareness(update) = message {
            check_awareness(update);
        }
    }
    check_awareness(data);
}

fn check_awareness(update: &[u8]) {
    let Ok(entries) = decode_awareness_update(update) else { return };
    let encoded = encode_awareness_update(entries.iter().cloned());
    assert_eq!(decode_awareness_update(&encoded).as_ref(), Ok(&entries), "awareness entries read back the same");
}

/// A Yjs update as a client sends it: decoded, checked by the validator (`kinplan_protocol::shape`,
/// against the depth limit, and against the plan's schema), applied to a document, read as a plan;
/// then everything in the document is deleted and the plan read again. The same bytes are also
/// taken as a state vector (sync step 1) and answered.
pub fn yjs_update(data: &[u8]) {
    // As the document actor answers a sync step 1: checked before yrs reads it, because yrs
    // reserves room for the count it reads (ten bytes made it reserve a gigabyte) and asserts
    // that client ids fit 53 bits.
    if check_state_vector(data).is_ok() {
        if let Ok(state_vector) = StateVector::decode_v1(data) {
            let doc = Doc::new();
            let _ = doc.transact().encode_state_as_update_v1(&state_vector);
        }
    }
    // The validator, as the document actor runs it before applying: an update it refuses is not
    // applied. A document outside any meeting has no schema, only the depth limit, so it lets the
    // most through to yrs; whatever fits the plan's schema must fit there too.
    let fits_plan = DocumentShape::new(Schema::Plan, DEFAULT_MAX_DEPTH).check(data).is_ok();
    if DocumentShape::new(Schema::Free, DEFAULT_MAX_DEPTH).check(data).is_err() {
        assert!(!fits_plan, "an update that fits the plan fits a document with no schema");
        return;
    }
    let Ok(update) = Update::decode_v1(data) else { return };

    let doc = Doc::new();
    if doc.transact_mut().apply_update(update).is_err() {
        return;
    }
    read_as_the_server_does(&doc);
    delete_everything(&doc);
    let plan = read_as_the_server_does(&doc);
    assert!(plan.actions.is_empty(), "no action survives deleting everything: {:?}", plan.actions);
    for section in &plan.sections {
        assert!(section.blocks.is_empty(), "nothing survives deleting everything: {section:?}");
    }
}

/// Reads the plan from a copy of the document built from its encoded state, as the server reads
/// it (never from the live document).
fn read_as_the_server_does(doc: &Doc) -> Plan {
    let state = doc.transact().encode_state_as_update_v1(&StateVector::default());
    let copy = doc_from_state(&state).expect("a document's own state reads back");
    read_plan(&copy).0
}

/// Deletes everything in the document the way an editor's deletions arrive: one update whose
/// delete set covers every id of every client the document has seen. Deleting a type deletes what
/// is nested in it, and the transaction then collects the garbage.
fn delete_everything(doc: &Doc) {
    let state_vector = doc.transact().state_vector();
    let mut update = vec![0]; // no new items
    write_var_uint(&mut update, state_vector.len() as u64);
    for (client, clock) in state_vector.iter() {
        write_var_uint(&mut update, client.get());
        write_var_uint(&mut update, 1); // one range per client: all of it
        write_var_uint(&mut update, 0);
        write_var_uint(&mut update, u64::from(*clock));
    }
    let update = Update::decode_v1(&update).expect("a delete set written here decodes");
    doc.transact_mut().apply_update(update).expect("a delete set of known ids applies");
}

/// lib0's variable-length unsigned integer: seven bits a byte, low bits first.
fn write_var_uint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7f) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}
