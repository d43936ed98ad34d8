//! The structure of a Yjs update (encoding v1), read without applying it: which items it adds,
//! where each one goes, and what kind of content it carries.
//!
//! A document's owner reads an update here before a CRDT library applies it, so that an update
//! which would nest types without end or break the plan's schema is refused whole
//! (`shape.rs`). The reading follows yrs's own decoder byte for byte, so that what is checked here
//! is exactly what yrs would apply. It is strict where yrs is lenient: content that an honest Yjs
//! client never writes, or that yrs and Yjs read differently (legacy JSON content, XML hooks, weak
//! links), is refused rather than guessed at. It never recurses without a bound.

use crate::lib0::{DecodeError, Reader};

/// How deep an `Any` value (nested arrays and maps inside one item) may go. yrs reads these
/// recursively, so depth must be bounded before it sees them.
pub const MAX_VALUE_DEPTH: usize = 32;

/// An item's identity: the client that made it and that client's clock when it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ItemId {
    pub client: u64,
    pub clock: u32,
}

/// Where a new item says it goes, as written in the update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParentReference<'a> {
    /// A root type of the document, by name.
    Root(&'a str),
    /// The type held by another item.
    Item(ItemId),
    /// Not written: the item goes where its origin (or right origin) is.
    FromOrigin,
}

/// The kind of shared type an item creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeKind<'a> {
    Array,
    Map,
    Text,
    XmlElement(&'a str),
    XmlFragment,
    XmlText,
}

/// What an item carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content<'a> {
    /// Deleted content: only its length is kept.
    Deleted,
    Binary,
    /// Text (its length counts UTF-16 code units, as Yjs does).
    String(&'a str),
    /// An embedded JSON value inside text.
    Embed,
    /// A formatting mark inside text (bold, a link…), by its key.
    Format {
        key: &'a str,
    },
    /// A nested shared type.
    Type(TypeKind<'a>),
    /// Plain values (strings, numbers, maps, arrays of them).
    Any,
    /// A subdocument.
    Document,
}

/// One item the update adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewItem<'a> {
    pub id: ItemId,
    /// How many clock ticks the item takes (characters, values, or one).
    pub length: u32,
    pub origin: Option<ItemId>,
    pub right_origin: Option<ItemId>,
    pub parent: ParentReference<'a>,
    /// The map key the item is the value of, when written.
    pub parent_sub: Option<&'a str>,
    pub content: Content<'a>,
}

/// One struct of an update: an item, or a range of clocks with no content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Struct<'a> {
    Item(NewItem<'a>),
    /// Garbage-collected content: the clocks are used, nothing is left of what they held.
    Collected {
        id: ItemId,
        length: u32,
    },
    /// Clocks this update says nothing about.
    Skip {
        id: ItemId,
        length: u32,
    },
}

/// The structure of one update: its structs in the order written, and its delete set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpdateStructure<'a> {
    pub structs: Vec<Struct<'a>>,
    /// Deleted ranges: client, first clock, length.
    pub deletions: Vec<(u64, u32, u32)>,
}

/// Why an update could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UpdateDecodeError {
    #[error(transparent)]
    Malformed(#[from] DecodeError),
    #[error("the number at byte {at} does not fit in 32 bits")]
    NumberTooLarge { at: usize },
    #[error("an item at byte {at} has content of kind {content_ref}, which is not accepted")]
    UnsupportedContent { at: usize, content_ref: u8 },
    #[error("an item at byte {at} creates a type of kind {type_ref}, which is not accepted")]
    UnsupportedType { at: usize, type_ref: u8 },
    #[error("a value at byte {at} is nested more than {MAX_VALUE_DEPTH} deep")]
    ValueTooDeep { at: usize },
    #[error("a value at byte {at} has the unknown tag {tag}")]
    UnknownValueTag { at: usize, tag: u8 },
    #[error("a struct at byte {at} is empty")]
    EmptyStruct { at: usize },
    #[error("the clocks of client {client} run past 2^32")]
    ClockOverflow { client: u64 },
    #[error("the client id at byte {at} is longer than 53 bits")]
    ClientTooLarge { at: usize },
    #[error("the update has {extra} bytes after its end")]
    TrailingBytes { extra: usize },
    #[error("an item at byte {at} refers to itself or to what its client wrote after it")]
    RefersForward { at: usize },
    #[error("the state vector says it has {count} entries but has room for fewer")]
    CountTooLarge { count: u64 },
    #[error("client {client} is listed twice in the update")]
    ClientTwice { client: u64 },
}

const HAS_ORIGIN: u8 = 0x80;
const HAS_RIGHT_ORIGIN: u8 = 0x40;
const HAS_PARENT_SUB: u8 = 0x20;
const CONTENT_REF_BITS: u8 = 0x1f;

const STRUCT_COLLECTED: u8 = 0;
const STRUCT_SKIP: u8 = 10;
const CONTENT_DELETED: u8 = 1;
const CONTENT_BINARY: u8 = 3;
const CONTENT_STRING: u8 = 4;
const CONTENT_EMBED: u8 = 5;
const CONTENT_FORMAT: u8 = 6;
const CONTENT_TYPE: u8 = 7;
const CONTENT_ANY: u8 = 8;
const CONTENT_DOCUMENT: u8 = 9;

const TYPE_ARRAY: u8 = 0;
const TYPE_MAP: u8 = 1;
const TYPE_TEXT: u8 = 2;
const TYPE_XML_ELEMENT: u8 = 3;
const TYPE_XML_FRAGMENT: u8 = 4;
const TYPE_XML_TEXT: u8 = 6;

/// Reads the structure of a v1 update. Borrowed strings point into `update`.
pub fn decode_update(update: &[u8]) -> Result<UpdateStructure<'_>, UpdateDecodeError> {
    let mut reader = Reader::new(update);
    let mut structure = UpdateStructure::default();
    let clients = read_u32(&mut reader, "a client count")?;
    // Yjs lists each client once; yrs panics on an update that lists one twice.
    let mut seen_clients = Vec::new();
    for _ in 0..clients {
        let count = read_u32(&mut reader, "a struct count")?;
        let client = read_client(&mut reader)?;
        if seen_clients.contains(&client) {
            return Err(UpdateDecodeError::ClientTwice { client });
        }
        seen_clients.push(client);
        let mut clock = read_u32(&mut reader, "a clock")?;
        // Every struct takes at least two bytes: do not trust the count for the allocation.
        structure.structs.reserve((count as usize).min(update.len() / 2));
        for _ in 0..count {
            let id = ItemId { client, clock };
            let Some(read) = read_struct(&mut reader, id)? else { continue };
            let length = match &read {
                Struct::Item(item) => item.length,
                Struct::Collected { length, .. } | Struct::Skip { length, .. } => *length,
            };
            clock = clock.checked_add(length).ok_or(UpdateDecodeError::ClockOverflow { client })?;
            structure.structs.push(read);
        }
    }
    let delete_clients = read_u32(&mut reader, "a delete set client count")?;
    seen_clients.clear();
    for _ in 0..delete_clients {
        let client = read_client(&mut reader)?;
        if seen_clients.contains(&client) {
            return Err(UpdateDecodeError::ClientTwice { client });
        }
        seen_clients.push(client);
        let ranges = read_u32(&mut reader, "a delete range count")?;
        for _ in 0..ranges {
            let clock = read_u32(&mut reader, "a deleted clock")?;
            let length = read_u32(&mut reader, "a deleted length")?;
            if clock.checked_add(length).is_none() {
                return Err(UpdateDecodeError::ClockOverflow { client });
            }
            structure.deletions.push((client, clock, length));
        }
    }
    if !reader.is_empty() {
        return Err(UpdateDecodeError::TrailingBytes { extra: update.len() - reader.position() });
    }
    Ok(structure)
}

/// Checks a state vector (the payload of a sync step 1) before yrs reads it: yrs reserves room
/// for the count it reads before reading any entry (ten bytes can make it reserve a gigabyte),
/// and asserts that client ids fit 53 bits. Each entry takes at least two bytes.
pub fn check_state_vector(state_vector: &[u8]) -> Result<(), UpdateDecodeError> {
    let mut reader = Reader::new(state_vector);
    let count = reader.read_var_uint("an entry count")?;
    if count > (state_vector.len() - reader.position()) as u64 / 2 {
        return Err(UpdateDecodeError::CountTooLarge { count });
    }
    for _ in 0..count {
        read_client(&mut reader)?;
        read_u32(&mut reader, "a clock")?;
    }
    if !reader.is_empty() {
        return Err(UpdateDecodeError::TrailingBytes { extra: state_vector.len() - reader.position() });
    }
    Ok(())
}

fn read_u32(reader: &mut Reader<'_>, expected: &'static str) -> Result<u32, UpdateDecodeError> {
    let at = reader.position();
    let value = reader.read_var_uint(expected)?;
    u32::try_from(value).map_err(|_| UpdateDecodeError::NumberTooLarge { at })
}

/// A client id. Yjs makes them 32 bits; yrs keeps 53 and silently folds larger ones onto smaller
/// (or, built for debugging, panics), so a larger one is refused.
fn read_client(reader: &mut Reader<'_>) -> Result<u64, UpdateDecodeError> {
    let at = reader.position();
    let client = reader.read_var_uint("a client id")?;
    if client >> 53 != 0 {
        return Err(UpdateDecodeError::ClientTooLarge { at });
    }
    Ok(client)
}

fn read_id(reader: &mut Reader<'_>) -> Result<ItemId, UpdateDecodeError> {
    let client = read_client(reader)?;
    let clock = read_u32(reader, "a clock")?;
    Ok(ItemId { client, clock })
}

/// One struct; none for an item whose content is empty (yrs drops those without using a clock).
fn read_struct<'a>(reader: &mut Reader<'a>, id: ItemId) -> Result<Option<Struct<'a>>, UpdateDecodeError> {
    let at = reader.position();
    let info = reader.read_u8("a struct")?;
    match info {
        STRUCT_COLLECTED | STRUCT_SKIP => {
            let length = read_u32(reader, "a struct length")?;
            if length == 0 {
                return Err(UpdateDecodeError::EmptyStruct { at });
            }
            Ok(Some(if info == STRUCT_SKIP { Struct::Skip { id, length } } else { Struct::Collected { id, length } }))
        }
        _ => {
            let origin = if info & HAS_ORIGIN != 0 { Some(read_id(reader)?) } else { None };
            let right_origin = if info & HAS_RIGHT_ORIGIN != 0 { Some(read_id(reader)?) } else { None };
            let writes_parent = info & (HAS_ORIGIN | HAS_RIGHT_ORIGIN) == 0;
            let parent = if writes_parent {
                if reader.read_var_uint("a parent kind")? == 1 {
                    ParentReference::Root(reader.read_var_string("a root name")?)
                } else {
                    ParentReference::Item(read_id(reader)?)
                }
            } else {
                ParentReference::FromOrigin
            };
            let parent_sub = if writes_parent && info & HAS_PARENT_SUB != 0 {
                Some(reader.read_var_string("a map key")?)
            } else {
                None
            };
            let (content, length) = read_content(reader, info & CONTENT_REF_BITS, at)?;
            if length == 0 {
                return Ok(None);
            }
            // What a client wrote can only build on what it had written before: an origin or a
            // parent at or after the item's own clock is a lie, and yrs's lengths underflow on it.
            let parent_id = match parent {
                ParentReference::Item(parent_id) => Some(parent_id),
                _ => None,
            };
            if [origin, right_origin, parent_id]
                .into_iter()
                .flatten()
                .any(|reference| reference.client == id.client && reference.clock >= id.clock)
            {
                return Err(UpdateDecodeError::RefersForward { at });
            }
            Ok(Some(Struct::Item(NewItem { id, length, origin, right_origin, parent, parent_sub, content })))
        }
    }
}

/// An item's content and how many clocks it takes.
fn read_content<'a>(
    reader: &mut Reader<'a>,
    content_ref: u8,
    at: usize,
) -> Result<(Content<'a>, u32), UpdateDecodeError> {
    Ok(match content_ref {
        CONTENT_DELETED => (Content::Deleted, read_u32(reader, "a deleted length")?),
        CONTENT_BINARY => {
            read_bytes(reader, "binary content")?;
            (Content::Binary, 1)
        }
        CONTENT_STRING => {
            let text = read_string(reader, "text")?;
            let length = text.encode_utf16().count();
            (Content::String(text), u32::try_from(length).map_err(|_| UpdateDecodeError::NumberTooLarge { at })?)
        }
        CONTENT_EMBED => {
            read_string(reader, "an embedded value")?;
            (Content::Embed, 1)
        }
        CONTENT_FORMAT => {
            let key = read_string(reader, "a format key")?;
            read_string(reader, "a format value")?;
            (Content::Format { key }, 1)
        }
        CONTENT_TYPE => {
            let type_at = reader.position();
            let kind = match reader.read_u8("a type")? {
                TYPE_ARRAY => TypeKind::Array,
                TYPE_MAP => TypeKind::Map,
                TYPE_TEXT => TypeKind::Text,
                TYPE_XML_ELEMENT => TypeKind::XmlElement(read_string(reader, "an element name")?),
                TYPE_XML_FRAGMENT => TypeKind::XmlFragment,
                TYPE_XML_TEXT => TypeKind::XmlText,
                type_ref => return Err(UpdateDecodeError::UnsupportedType { at: type_at, type_ref }),
            };
            (Content::Type(kind), 1)
        }
        CONTENT_ANY => {
            let count = read_u32(reader, "a value count")?;
            for _ in 0..count {
                skip_value(reader)?;
            }
            (Content::Any, count)
        }
        CONTENT_DOCUMENT => {
            read_string(reader, "a subdocument id")?;
            skip_value(reader)?;
            (Content::Document, 1)
        }
        content_ref => return Err(UpdateDecodeError::UnsupportedContent { at, content_ref }),
    })
}

/// Bytes with a 32-bit length, as yrs reads them.
fn read_bytes<'a>(reader: &mut Reader<'a>, expected: &'static str) -> Result<&'a [u8], UpdateDecodeError> {
    let at = reader.position();
    let bytes = reader.read_var_bytes(expected)?;
    if u32::try_from(bytes.len()).is_err() {
        return Err(UpdateDecodeError::NumberTooLarge { at });
    }
    Ok(bytes)
}

fn read_string<'a>(reader: &mut Reader<'a>, expected: &'static str) -> Result<&'a str, UpdateDecodeError> {
    let at = reader.position();
    let bytes = read_bytes(reader, expected)?;
    std::str::from_utf8(bytes).map_err(|_| UpdateDecodeError::Malformed(DecodeError::InvalidUtf8 { at }))
}

/// Passes over one lib0 `Any` value, nested at most [`MAX_VALUE_DEPTH`] deep, without recursion:
/// `pending` counts, for each open array or map, the values still to come in it.
fn skip_value(reader: &mut Reader<'_>) -> Result<(), UpdateDecodeError> {
    let mut pending: Vec<(u32, bool)> = Vec::new();
    loop {
        let at = reader.position();
        let tag = reader.read_u8("a value")?;
        let opened = match tag {
            127 | 126 | 121 | 120 => None,
            125 => {
                reader.read_var_int("an integer")?;
                None
            }
            124 => {
                reader.read_exact(4, "a 32-bit float")?;
                None
            }
            123 | 122 => {
                reader.read_exact(8, "a 64-bit number")?;
                None
            }
            119 => {
                read_string(reader, "a string value")?;
                None
            }
            116 => {
                read_bytes(reader, "a byte value")?;
                None
            }
            118 => Some((read_u32(reader, "a map size")?, true)),
            117 => Some((read_u32(reader, "an array length")?, false)),
            tag => return Err(UpdateDecodeError::UnknownValueTag { at, tag }),
        };
        if let Some(container) = opened {
            if pending.len() >= MAX_VALUE_DEPTH {
                return Err(UpdateDecodeError::ValueTooDeep { at });
            }
            pending.push(container);
        }
        // Close every container whose values are all read; a map's next value starts with its key.
        loop {
            match pending.last_mut() {
                None => return Ok(()),
                Some((0, _)) => {
                    pending.pop();
                }
                Some((remaining, is_map)) => {
                    *remaining -= 1;
                    if *is_map {
                        read_string(reader, "a map key")?;
                    }
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_an_empty_update() {
        let structure = decode_update(&[0, 0]).unwrap();
        assert!(structure.structs.is_empty());
        assert!(structure.deletions.is_empty());
    }

    #[test]
    fn refuses_trailing_bytes_and_truncation() {
        assert_eq!(decode_update(&[0, 0, 7]), Err(UpdateDecodeError::TrailingBytes { extra: 1 }));
        assert!(matches!(decode_update(&[1, 1]), Err(UpdateDecodeError::Malformed(_))));
    }

    #[test]
    fn values_nested_too_deep_are_refused_without_recursion() {
        // One item in root "a" holding one Any value: an array nested 100,000 deep.
        let mut update = vec![1, 1, 5, 0, CONTENT_ANY, 1, 1, b'a', 1];
        for _ in 0..100_000 {
            update.extend_from_slice(&[117, 1]);
        }
        update.push(126);
        update.extend_from_slice(&[0]);
        assert!(matches!(decode_update(&update), Err(UpdateDecodeError::ValueTooDeep { .. })));
    }

    #[test]
    fn state_vectors_are_checked_before_yrs_reserves_room_for_them() {
        assert_eq!(check_state_vector(&[0]), Ok(()));
        assert_eq!(check_state_vector(&[1, 5, 3]), Ok(()));
        // As a sync step 1, `00 00 06 e6 8d c3 a6 83 0c 00`: the count alone asks for a gigabyte.
        assert!(matches!(
            check_state_vector(&[0xe6, 0x8d, 0xc3, 0xa6, 0x83, 0x0c, 0]),
            Err(UpdateDecodeError::CountTooLarge { .. })
        ));
        let mut too_large_client = vec![1];
        too_large_client.extend_from_slice(&[0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10, 0]);
        assert!(matches!(check_state_vector(&too_large_client), Err(UpdateDecodeError::ClientTooLarge { .. })));
        assert!(matches!(check_state_vector(&[1, 5, 3, 9]), Err(UpdateDecodeError::TrailingBytes { .. })));
    }

    #[test]
    fn an_item_that_refers_to_itself_is_refused() {
        // Client 1, clock 0: a string item whose right origin is its own id (1, 0).
        let update = [1, 1, 1, 0, CONTENT_STRING | HAS_RIGHT_ORIGIN, 1, 0, 1, b'x', 0];
        assert!(matches!(decode_update(&update), Err(UpdateDecodeError::RefersForward { .. })));
    }

    #[test]
    fn reads_values_and_maps() {
        // Root map "m", key "k", one value: {"x": [1, "s"]}.
        let mut update = vec![1, 1, 9, 0, CONTENT_ANY | HAS_PARENT_SUB, 1, 1, b'm', 1, b'k', 1];
        update.extend_from_slice(&[118, 1, 1, b'x', 117, 2, 125, 1, 119, 1, b's']);
        update.push(0);
        let structure = decode_update(&update).unwrap();
        assert_eq!(
            structure.structs,
            vec![Struct::Item(NewItem {
                id: ItemId { client: 9, clock: 0 },
                length: 1,
                origin: None,
                right_origin: None,
                parent: ParentReference::Root("m"),
                parent_sub: Some("k"),
                content: Content::Any,
            })]
        );
    }
}
