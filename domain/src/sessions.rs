//! Sessions: opened by signing in or by opening a join link, ended by signing out. Checking the
//! password or the access code, and the limits on attempts, belong to the edge that asked.

use std::time::Duration;

use serde_json::json;

use super::{Actor, Domain, DomainError, Subject};
use crate::secrets::{new_id, now_millis, random_secret, secret_hash};
use crate::store::{JoinLink, Participant, SessionRecord, User};

/// A session as opened: its secret, given to the browser once, and when it ends.
pub struct OpenedSession {
    pub session: SessionRecord,
    pub secret: String,
}

impl OpenedSession {
    /// How long the session has left.
    pub fn lifetime(&self) -> Duration {
        Duration::from_millis((self.session.expires_at - self.session.created_at).max(0) as u64)
    }
}

fn new_session(
    user_id: Option<String>,
    participant_id: Option<String>,
    link_id: Option<String>,
    expires_at: i64,
    now: i64,
) -> OpenedSession {
    let secret = random_secret();
    let session = SessionRecord {
        id: new_id(),
        token_hash: secret_hash(&secret),
        user_id,
        participant_id,
        link_id,
        expires_at,
        ended_at: None,
        created_at: now,
    };
    OpenedSession { session, secret }
}

/// Opens a session for `user`, whose password was right, for `lasts`.
pub async fn sign_in(
    domain: &Domain,
    user: User,
    address: Option<String>,
    lasts: Duration,
) -> Result<(OpenedSession, Subject), DomainError> {
    let now = now_millis();
    let opened = new_session(Some(user.id.clone()), None, None, now + lasts.as_millis() as i64, now);
    store_session(domain, opened, Subject::Staff(user), address, None, "sign_in", json!({})).await
}

/// Opens a session for the person `link` is for, who opened it (with its code, if it has one),
/// for `lasts` or until the link expires.
pub async fn join(
    domain: &Domain,
    link: &JoinLink,
    participant: Participant,
    address: Option<String>,
    lasts: Duration,
) -> Result<(OpenedSession, Subject), DomainError> {
    let now = now_millis();
    let expires_at = (now + lasts.as_millis() as i64).min(link.expires_at);
    let opened = new_session(None, Some(participant.id.clone()), Some(link.id.clone()), expires_at, now);
    let meeting_id = participant.meeting_id.clone();
    let subject = Subject::Participant { participant, link_id: link.id.clone() };
    let detail = json!({ "link_id": link.id });
    store_session(domain, opened, subject, address, Some(&meeting_id), "link_used", detail).await
}

/// Stores `opened`, a session of `subject`'s, with the audit line `action` that records it.
async fn store_session(
    domain: &Domain,
    opened: OpenedSession,
    subject: Subject,
    address: Option<String>,
    meeting_id: Option<&str>,
    action: &str,
    detail: serde_json::Value,
) -> Result<(OpenedSession, Subject), DomainError> {
    let actor = Actor::person(subject.clone(), address);
    let mut change = domain.store.begin_change().await?;
    change.create_session(&opened.session).await?;
    domain.commit(change, actor.audit(meeting_id, action, detail)).await?;
    Ok((opened, subject))
}

/// Ends session `session_id` of `actor` (signing out): the connections it opened close.
pub async fn sign_out(domain: &Domain, actor: &Actor, session_id: &str) -> Result<(), DomainError> {
    let mut change = domain.store.begin_change().await?;
    change.end_session(session_id, now_millis()).await?;
    domain.commit(change, actor.audit(None, "sign_out", json!({}))).await
}
