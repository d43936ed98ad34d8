//! Who has a meeting's family documents (the plan and the family's space) open on this server
//! process, as the server knows them from their tokens, never from what their client says.
//! The family reads it in "Who is here", so nobody sits in private time unseen.
//!
//! An entry lives exactly as long as its connection: the connection's `MeetingAccess` holds an
//! [`OpenEntry`], which removes itself when dropped.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde::Serialize;
use utoipa::ToSchema;

/// One open connection to a family document.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OpenDocument {
    /// The holder's name, from their account or their place in the network.
    pub name: String,
    /// `facilitator`, `practitioner`, `manager`, or the participant's kind (`family`, …).
    pub kind: String,
    /// `plan` or `family-time`.
    pub document: String,
    /// `editor` or `viewer`.
    pub role: String,
}

#[derive(Default)]
pub struct OpenDocuments {
    next_id: AtomicU64,
    /// Entries by meeting, then by entry id.
    entries: Mutex<HashMap<String, HashMap<u64, OpenDocument>>>,
}

impl OpenDocuments {
    pub fn new() -> Arc<Self> {
        Arc::new(OpenDocuments::default())
    }

    /// Records an open connection until the returned entry is dropped.
    pub fn open(self: &Arc<Self>, meeting_id: &str, entry: OpenDocument) -> OpenEntry {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let mut entries = self.entries.lock().expect("open documents lock");
        entries.entry(meeting_id.to_owned()).or_default().insert(id, entry);
        OpenEntry { registry: Arc::clone(self), meeting_id: meeting_id.to_owned(), id }
    }

    /// Everyone with one of the meeting's family documents open, by name.
    pub fn of_meeting(&self, meeting_id: &str) -> Vec<OpenDocument> {
        let entries = self.entries.lock().expect("open documents lock");
        let mut open: Vec<OpenDocument> =
            entries.get(meeting_id).map(|meeting| meeting.values().cloned().collect()).unwrap_or_default();
        open.sort_by(|a, b| (&a.name, &a.document).cmp(&(&b.name, &b.document)));
        open
    }
}

/// A connection's place in [`OpenDocuments`]; dropping it removes the entry.
pub struct OpenEntry {
    registry: Arc<OpenDocuments>,
    meeting_id: String,
    id: u64,
}

impl std::fmt::Debug for OpenEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenEntry").field("meeting_id", &self.meeting_id).field("id", &self.id).finish()
    }
}

impl Drop for OpenEntry {
    fn drop(&mut self) {
        let mut entries = self.registry.entries.lock().expect("open documents lock");
        if let Some(meeting) = entries.get_mut(&self.meeting_id) {
            meeting.remove(&self.id);
            if meeting.is_empty() {
                entries.remove(&self.meeting_id);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_lasts_as_long_as_its_guard() {
        let registry = OpenDocuments::new();
        let entry = |name: &str| OpenDocument {
            name: name.into(),
            kind: "family".into(),
            document: "plan".into(),
            role: "editor".into(),
        };
        let first = registry.open("m", entry("Ana"));
        let second = registry.open("m", entry("Bo"));
        assert_eq!(registry.of_meeting("m").len(), 2);
        drop(first);
        assert_eq!(registry.of_meeting("m")[0].name, "Bo");
        drop(second);
        assert!(registry.of_meeting("m").is_empty());
        assert!(registry.entries.lock().unwrap().is_empty());
    }
}
