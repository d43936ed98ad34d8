//! Who someone is: a staff member by account, or a participant by the join link they opened,
//! and what that person is to a given meeting.

use crate::access::{MeetingRole, ParticipantKind, StaffRole};
use crate::secrets::now_millis;
use crate::store::{Meeting, Participant, Store, StoreError, User};

/// A signed-in person: staff by account, or a participant who opened a join link.
#[derive(Debug, Clone)]
pub enum Subject {
    Staff(User),
    Participant { participant: Participant, link_id: String },
}

impl Subject {
    /// `user:ID` or `participant:ID`, as tokens and the audit log name people.
    pub fn reference(&self) -> String {
        match self {
            Subject::Staff(user) => format!("user:{}", user.id),
            Subject::Participant { participant, .. } => format!("participant:{}", participant.id),
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Subject::Staff(user) => &user.name,
            Subject::Participant { participant, .. } => &participant.display_name,
        }
    }

    /// What this person is to `meeting`.
    pub async fn role_in(&self, store: &dyn Store, meeting: &Meeting) -> Result<MeetingRole, StoreError> {
        Ok(match self {
            Subject::Staff(user) if user.id == meeting.facilitator_id => MeetingRole::Facilitator,
            Subject::Staff(user) if user.role == StaffRole::Manager => MeetingRole::Manager,
            Subject::Staff(user) => match store.participant_for_user(&meeting.id, &user.id).await? {
                Some(_) => MeetingRole::Practitioner,
                None => MeetingRole::Outsider,
            },
            Subject::Participant { participant, .. } if participant.meeting_id == meeting.id => {
                if participant.kind == ParticipantKind::Interpreter && participant.family_time_invited_by.is_some() {
                    MeetingRole::FamilyInterpreter
                } else {
                    MeetingRole::Participant(participant.kind)
                }
            }
            Subject::Participant { .. } => MeetingRole::Outsider,
        })
    }
}

/// The participant behind `link_id`, while the link is live.
pub async fn subject_for_link(
    store: &dyn Store,
    participant_id: &str,
    link_id: &str,
) -> Result<Option<Subject>, StoreError> {
    let Some(link) = store.link(link_id).await? else { return Ok(None) };
    if link.participant_id != participant_id || link.revoked_at.is_some() || link.expires_at <= now_millis() {
        return Ok(None);
    }
    let participant = store.participant(participant_id).await?;
    Ok(participant.map(|participant| Subject::Participant { participant, link_id: link.id }))
}

/// The holder of a document token, while the session it was issued under is live: not ended,
/// not expired, its account not disabled, its link neither revoked nor expired. None when the
/// holder or the grant is gone.
pub async fn subject_from_token(store: &dyn Store, subject: &str, grant: &str) -> Result<Option<Subject>, StoreError> {
    let (Some((holder_kind, holder_id)), Some(("session", session_id))) =
        (subject.split_once(':'), grant.split_once(':'))
    else {
        return Ok(None);
    };
    let Some(session) = store.session(session_id).await? else { return Ok(None) };
    if session.ended_at.is_some() || session.expires_at <= now_millis() {
        return Ok(None);
    }
    match (holder_kind, &session.user_id, &session.participant_id, &session.link_id) {
        ("user", Some(user_id), _, _) if user_id == holder_id => {
            let user = store.user(user_id).await?.filter(|user| user.disabled_at.is_none());
            Ok(user.map(Subject::Staff))
        }
        ("participant", None, Some(participant_id), Some(link_id)) if participant_id == holder_id => {
            subject_for_link(store, participant_id, link_id).await
        }
        _ => Ok(None),
    }
}
