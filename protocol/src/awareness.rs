//! Awareness updates: who is here and where their cursor is, as `y-protocols/awareness` writes them.

use crate::lib0::{write_var_bytes, write_var_uint, DecodeError, Reader};

/// One client's awareness state inside an awareness update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwarenessEntry<'a> {
    /// The Yjs client id the state belongs to; a browser tab has one per document.
    pub client_id: u64,
    /// Grows with every change the client makes, so an older state never replaces a newer one.
    pub clock: u64,
    /// The state as JSON text; `null` means the client has left.
    pub state: &'a str,
}

impl AwarenessEntry<'_> {
    /// True when this entry says the client has gone (its state is JSON `null`).
    pub fn is_removal(&self) -> bool {
        self.state == "null"
    }
}

/// Reads the entries of an awareness update (the payload of an awareness message).
pub fn decode_awareness_update(update: &[u8]) -> Result<Vec<AwarenessEntry<'_>>, DecodeError> {
    let mut reader = Reader::new(update);
    let count = reader.read_var_uint("an awareness entry count")?;
    // Every entry takes at least three bytes, so a count beyond that is a lie; do not trust it
    // for the allocation.
    let mut entries = Vec::with_capacity(count.min(update.len() as u64 / 3) as usize);
    for _ in 0..count {
        let client_id = reader.read_var_uint("a client id")?;
        let clock = reader.read_var_uint("an awareness clock")?;
        let state = reader.read_var_string("an awareness state")?;
        entries.push(AwarenessEntry { client_id, clock, state });
    }
    Ok(entries)
}

/// Writes an awareness update holding `entries`, in order.
pub fn encode_awareness_update<'a>(entries: impl IntoIterator<Item = AwarenessEntry<'a>>) -> Vec<u8> {
    let entries: Vec<_> = entries.into_iter().collect();
    let mut out = Vec::with_capacity(1 + entries.iter().map(|e| e.state.len() + 12).sum::<usize>());
    write_var_uint(&mut out, entries.len() as u64);
    for entry in entries {
        write_var_uint(&mut out, entry.client_id);
        write_var_uint(&mut out, entry.clock);
        write_var_bytes(&mut out, entry.state.as_bytes());
    }
    out
}
