//! Who is calling: the session cookie behind an API call, as the domain's [`Actor`].

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header;
use axum::http::request::Parts;

use super::error::ApiError;
pub use crate::domain::identity::{subject_for_link, subject_from_token, Subject};
use crate::domain::Actor;
use crate::secrets::{now_millis, secret_hash};
use crate::state::AppState;
use crate::store::NewAuditEvent;

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

    /// The caller as the domain's workflows see them.
    pub fn actor(&self) -> Actor {
        Actor::person(self.subject.clone(), self.address.clone())
    }

    /// An audit line for something this caller did.
    pub fn audit(&self, meeting_id: Option<&str>, action: &str, detail: serde_json::Value) -> NewAuditEvent {
        self.actor().audit(meeting_id, action, detail)
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
        // From here the request is answered in this person's own language.
        crate::domain::i18n::set_current(state.domain.language_of_subject(&subject).await?);
        Ok(Caller { session_id: session.id, subject, address: peer_address(parts) })
    }
}
