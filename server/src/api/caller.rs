//! Who is calling: the session cookie for API calls, the token's holder for WebSocket
//! connections, and what that person is to a given meeting.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header;
use axum::http::request::Parts;

use super::error::ApiError;
use crate::access::{MeetingRole, StaffRole};
use crate::http::AppState;
use crate::secrets::{now_millis, secret_hash};
use crate::store::{Meeting, NewAuditEvent, Participant, Store, StoreError, User};

/// The cookie that carries a session secret.
pub const SESSION_COOKIE: &str = "kinplan_session";
/// Its name behind https: the `__Host-` prefix makes browsers refuse it unless it is Secure,
/// for the whole site (`Path=/`) and set by this host alone, never a sibling subdomain.
pub const SECURE_SESSION_COOKIE: &str = "__Host-kinplan_session";

/// The session cookie's name for this server.
pub fn session_cookie_name(state: &AppState) -> &'static str {
    if state.secure_cookies {
        SECURE_SESSION_COOKIE
    } else {
        SESSION_COOKIE
    }
}

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
                MeetingRole::Participant(participant.kind)
            }
            Subject::Participant { .. } => MeetingRole::Outsider,
        })
    }
}

/// The person behind an API call, from their session cookie. A handler that needs one says so
/// by taking a `Caller`.
#[derive(Debug, Clone)]
pub struct Caller {
    pub session_id: String,
    pub subject: Subject,
    pub address: Option<String>,
}

impl Caller {
    /// What document tokens minted for this caller are issued under: their session, for staff
    /// and participants alike, so that signing out ("leave and clear this device" included)
    /// closes what the session opened and refuses its tokens.
    pub fn grant(&self) -> String {
        format!("session:{}", self.session_id)
    }

    /// An audit line for something this caller did.
    pub fn audit(&self, meeting_id: Option<&str>, action: &str, detail: serde_json::Value) -> NewAuditEvent {
        NewAuditEvent {
            meeting_id: meeting_id.map(str::to_owned),
            actor: self.subject.reference(),
            actor_name: self.subject.name().to_owned(),
            action: action.to_owned(),
            detail: detail.to_string(),
            address: self.address.clone(),
        }
    }
}

/// The caller's address, for the audit log and rate limits: the TCP peer, or the client a trusted
/// proxy forwarded for (`client_address.rs`).
pub fn peer_address(parts: &Parts) -> Option<String> {
    if let Some(crate::client_address::ClientAddress(address)) = parts.extensions.get() {
        return Some(address.to_string());
    }
    parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(address)| address.ip().to_string())
}

/// The value of cookie `name` in the request, if any.
pub fn cookie_value(parts: &Parts, name: &str) -> Option<String> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == name)
        .map(|cookie| cookie.value().to_owned())
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let secret = cookie_value(parts, session_cookie_name(state)).ok_or(ApiError::Unauthenticated)?;
        let session =
            state.store.session_by_token_hash(&secret_hash(&secret)).await?.ok_or(ApiError::Unauthenticated)?;
        if session.ended_at.is_some() || session.expires_at <= now_millis() {
            return Err(ApiError::Unauthenticated);
        }
        let subject = match (&session.user_id, &session.participant_id, &session.link_id) {
            (Some(user_id), _, _) => Subject::Staff(
                state
                    .store
                    .user(user_id)
                    .await?
                    .filter(|user| user.disabled_at.is_none())
                    .ok_or(ApiError::Unauthenticated)?,
            ),
            (None, Some(participant_id), Some(link_id)) => {
                subject_for_link(state.store.as_ref(), participant_id, link_id)
                    .await?
                    .ok_or(ApiError::Unauthenticated)?
            }
            _ => return Err(ApiError::Unauthenticated),
        };
        Ok(Caller { session_id: session.id, subject, address: peer_address(parts) })
    }
}

/// The participant behind `link_id`, while the link is live.
async fn subject_for_link(
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
