//! The records storage keeps for meetings, people, links, sessions and the audit log.
//! Times are Unix milliseconds.

use serde::Serialize;

use crate::access::{ParticipantKind, StaffRole, Stage};

#[derive(Debug, Clone, Serialize)]
pub struct User {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: StaffRole,
    #[serde(skip)]
    pub password_hash: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum MeetingKind {
    Fnm,
    Fgc,
    Review,
}

impl MeetingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MeetingKind::Fnm => "fnm",
            MeetingKind::Fgc => "fgc",
            MeetingKind::Review => "review",
        }
    }

    pub fn parse(text: &str) -> Option<MeetingKind> {
        [MeetingKind::Fnm, MeetingKind::Fgc, MeetingKind::Review].into_iter().find(|k| k.as_str() == text)
    }
}

#[derive(Debug, Clone)]
pub struct Meeting {
    pub id: String,
    pub title: String,
    pub kind: MeetingKind,
    pub scheduled_at: Option<i64>,
    pub stage: Stage,
    pub stage_changed_at: i64,
    pub facilitator_id: String,
    pub follows_meeting_id: Option<String>,
    pub created_at: i64,
}

#[derive(Debug, Clone)]
pub struct Participant {
    pub id: String,
    pub meeting_id: String,
    pub display_name: String,
    pub relationship: String,
    pub kind: ParticipantKind,
    pub language: String,
    pub access_needs: String,
    /// Set for a practitioner who has a staff account.
    pub user_id: Option<String>,
    pub created_at: i64,
}

#[derive(Debug, Clone)]
pub struct JoinLink {
    pub id: String,
    pub participant_id: String,
    pub secret_hash: String,
    pub access_code_hash: Option<String>,
    pub failed_code_attempts: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
    pub created_at: i64,
}

#[derive(Debug, Clone)]
pub struct SessionRecord {
    pub id: String,
    pub token_hash: String,
    pub user_id: Option<String>,
    pub participant_id: Option<String>,
    pub link_id: Option<String>,
    pub expires_at: i64,
    pub ended_at: Option<i64>,
    pub created_at: i64,
}

/// One line of the audit log, to append.
#[derive(Debug, Clone)]
pub struct NewAuditEvent {
    pub meeting_id: Option<String>,
    /// `user:ID`, `participant:ID`, `operator` (the command line) or `anonymous`.
    pub actor: String,
    pub actor_name: String,
    pub action: String,
    /// JSON with the particulars.
    pub detail: String,
    pub address: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AuditEvent {
    pub id: i64,
    pub occurred_at: i64,
    pub meeting_id: Option<String>,
    pub actor: String,
    pub actor_name: String,
    pub action: String,
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
    pub address: Option<String>,
}

/// An event pushed to everyone connected to a meeting (or, without a meeting, to every
/// connection that holds the grant it names).
#[derive(Debug, Clone)]
pub struct StoredMeetingEvent {
    pub id: i64,
    pub meeting_id: Option<String>,
    pub occurred_at: i64,
    pub kind: String,
    pub payload: String,
}
