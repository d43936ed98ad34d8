//! Meeting events: stage changes, revoked links and ended sessions, pushed live to every
//! connection and event stream they concern.
//!
//! Every event is first written to the `meeting_events` table (in the same transaction as the
//! change it reports). A pump in each server process tails that table and publishes what it reads
//! on one in-process channel, so a change made by the command line, or by another server process
//! sharing the database, reaches connections within a second, and nothing is pushed that was not
//! stored.

use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;
use tokio::sync::{broadcast, Notify};
use tokio_util::sync::CancellationToken;
use tracing::warn;

use crate::access::Stage;
use crate::store::{Store, StoredMeetingEvent};

/// How often the pump looks for events written by other processes.
const POLL_INTERVAL: Duration = Duration::from_millis(250);
/// How many events one subscriber may be behind before it must resynchronise.
const CHANNEL_CAPACITY: usize = 4096;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MeetingEvent {
    Stage {
        meeting_id: String,
        stage: Stage,
        changed_at: i64,
    },
    /// A participant's links were revoked: their connections close and new ones are refused.
    AccessRevoked {
        meeting_id: String,
        participant_id: String,
        link_ids: Vec<String>,
    },
    /// A session ended (signed out, expired, its link expired, its account disabled or its
    /// password reset): connections and event streams opened under it close.
    SessionEnded {
        session_id: String,
    },
    /// A document was locked (proposed for agreement, or final) or unlocked.
    DocumentLock {
        meeting_id: String,
        document: String,
        locked: bool,
    },
    /// People were moved between private rooms, or kept apart from someone: their connections to
    /// family-time documents look at their access again.
    RoomChanged {
        meeting_id: String,
        participant_ids: Vec<String>,
    },
    /// The meeting was erased: every connection to its documents and every event stream closes.
    MeetingErased {
        meeting_id: String,
    },
    /// The content of some of a meeting's documents was deleted (a retention rule): their
    /// connections close.
    DocumentsErased {
        meeting_id: String,
        documents: Vec<String>,
    },
    /// News for everyone following the meeting (a version saved, a proposal, a decision), passed
    /// on to event streams as it is.
    Announcement {
        meeting_id: String,
        kind: String,
        payload: serde_json::Value,
    },
}

impl MeetingEvent {
    pub fn meeting_id(&self) -> Option<&str> {
        match self {
            MeetingEvent::Stage { meeting_id, .. }
            | MeetingEvent::AccessRevoked { meeting_id, .. }
            | MeetingEvent::DocumentLock { meeting_id, .. }
            | MeetingEvent::RoomChanged { meeting_id, .. }
            | MeetingEvent::MeetingErased { meeting_id }
            | MeetingEvent::DocumentsErased { meeting_id, .. }
            | MeetingEvent::Announcement { meeting_id, .. } => Some(meeting_id),
            MeetingEvent::SessionEnded { .. } => None,
        }
    }

    fn from_stored(stored: &StoredMeetingEvent) -> Option<MeetingEvent> {
        #[derive(Deserialize)]
        struct StagePayload {
            stage: Stage,
        }
        #[derive(Deserialize)]
        struct RevokedPayload {
            participant_id: String,
            link_ids: Vec<String>,
        }
        #[derive(Deserialize)]
        struct SessionPayload {
            session_id: String,
        }
        let meeting_id = stored.meeting_id.clone();
        match stored.kind.as_str() {
            "stage" => {
                let payload: StagePayload = serde_json::from_str(&stored.payload).ok()?;
                Some(MeetingEvent::Stage {
                    meeting_id: meeting_id?,
                    stage: payload.stage,
                    changed_at: stored.occurred_at,
                })
            }
            "access-revoked" => {
                let payload: RevokedPayload = serde_json::from_str(&stored.payload).ok()?;
                Some(MeetingEvent::AccessRevoked {
                    meeting_id: meeting_id?,
                    participant_id: payload.participant_id,
                    link_ids: payload.link_ids,
                })
            }
            "session-ended" => {
                let payload: SessionPayload = serde_json::from_str(&stored.payload).ok()?;
                Some(MeetingEvent::SessionEnded { session_id: payload.session_id })
            }
            "document-lock" => {
                #[derive(Deserialize)]
                struct LockPayload {
                    document: String,
                    locked: bool,
                }
                let payload: LockPayload = serde_json::from_str(&stored.payload).ok()?;
                Some(MeetingEvent::DocumentLock {
                    meeting_id: meeting_id?,
                    document: payload.document,
                    locked: payload.locked,
                })
            }
            crate::domain::safeguarding::ROOM_CHANGED => {
                #[derive(Deserialize)]
                struct RoomPayload {
                    participant_ids: Vec<String>,
                }
                let payload: RoomPayload = serde_json::from_str(&stored.payload).ok()?;
                Some(MeetingEvent::RoomChanged { meeting_id: meeting_id?, participant_ids: payload.participant_ids })
            }
            "erased" => Some(MeetingEvent::MeetingErased { meeting_id: meeting_id? }),
            "documents-erased" => {
                #[derive(Deserialize)]
                struct ErasedPayload {
                    documents: Vec<String>,
                }
                let payload: ErasedPayload = serde_json::from_str(&stored.payload).ok()?;
                Some(MeetingEvent::DocumentsErased { meeting_id: meeting_id?, documents: payload.documents })
            }
            "version" | "proposal" | "decision" => Some(MeetingEvent::Announcement {
                meeting_id: meeting_id?,
                kind: stored.kind.clone(),
                payload: serde_json::from_str(&stored.payload).ok()?,
            }),
            _ => None,
        }
    }
}

/// The in-process side of meeting events: subscribe to hear them, poke after writing one.
#[derive(Clone)]
pub struct MeetingEvents {
    sender: broadcast::Sender<Arc<MeetingEvent>>,
    poke: Arc<Notify>,
}

impl MeetingEvents {
    pub fn new() -> Self {
        MeetingEvents { sender: broadcast::channel(CHANNEL_CAPACITY).0, poke: Arc::new(Notify::new()) }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<MeetingEvent>> {
        self.sender.subscribe()
    }

    /// Tells the pump that this process just stored an event, so it need not wait for its poll.
    pub fn poke(&self) {
        self.poke.notify_one();
    }

    /// Ends, on this process, the connections and event streams of sessions that expired (or
    /// whose link expired) in `(after, up_to]`. Every process does this by its own clock, so the
    /// events are not stored.
    async fn end_expired(&self, store: &dyn Store, after: i64, up_to: i64) -> Result<(), crate::store::StoreError> {
        for session_id in store.sessions_expiring(after, up_to).await? {
            let _ = self.sender.send(Arc::new(MeetingEvent::SessionEnded { session_id }));
        }
        Ok(())
    }

    /// Tails the event table from its current end until `shutdown`.
    pub async fn pump(self, store: Arc<dyn Store>, shutdown: CancellationToken) {
        let mut cursor = loop {
            match store.last_meeting_event_id().await {
                Ok(last) => break last,
                Err(error) => {
                    warn!(%error, "meeting events: cannot read the event table; retrying");
                    tokio::select! {
                        _ = tokio::time::sleep(Duration::from_secs(1)) => {}
                        _ = shutdown.cancelled() => return,
                    }
                }
            }
        };
        let mut expired_up_to = crate::secrets::now_millis();
        loop {
            tokio::select! {
                _ = self.poke.notified() => {}
                _ = tokio::time::sleep(POLL_INTERVAL) => {}
                _ = shutdown.cancelled() => return,
            }
            let now = crate::secrets::now_millis();
            match self.end_expired(store.as_ref(), expired_up_to, now).await {
                Ok(()) => expired_up_to = now,
                Err(error) => warn!(%error, "meeting events: could not look for expired sessions; will retry"),
            }
            loop {
                let events = match store.meeting_events_after(cursor, 500).await {
                    Ok(events) => events,
                    Err(error) => {
                        warn!(%error, "meeting events: read failed; will retry");
                        break;
                    }
                };
                let Some(last) = events.last() else { break };
                cursor = last.id;
                for stored in &events {
                    match MeetingEvent::from_stored(stored) {
                        Some(event) => {
                            let _ = self.sender.send(Arc::new(event));
                        }
                        None => warn!(id = stored.id, kind = %stored.kind, "meeting events: unreadable event skipped"),
                    }
                }
            }
        }
    }
}

impl Default for MeetingEvents {
    fn default() -> Self {
        Self::new()
    }
}
