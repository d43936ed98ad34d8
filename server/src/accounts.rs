//! The life cycle of a staff account, shared by the managers' API and the operator's command
//! line: turn it off and on, reset its password, end one of its sessions. Each change and the
//! live events that close connections are stored in one transaction; the caller passes the
//! audit line's author, and each workflow writes its audit line.

use crate::api::error::ApiError;
use crate::secrets::{hash_password, now_millis};
use crate::store::{NewAuditEvent, Store, User};

/// The shortest password a staff account may have.
pub const MIN_PASSWORD: usize = 10;
/// The longest password accepted anywhere: hashing costs the same for any length, but a request
/// of megabytes is not a password.
pub const MAX_PASSWORD: usize = 1024;
/// The longest email address (RFC 5321's path limit).
pub const MAX_EMAIL: usize = 254;

/// Who is changing an account, as the audit log names them: builds the audit line for an action
/// and its detail.
pub type Author<'a> = &'a (dyn Fn(&str, serde_json::Value) -> NewAuditEvent + Send + Sync);

/// Checks a new password's length, in the words the person setting it needs.
pub fn check_new_password(password: &str) -> Result<(), ApiError> {
    let length = password.chars().count();
    if length < MIN_PASSWORD {
        return Err(ApiError::BadRequest(format!("a password must be at least {MIN_PASSWORD} characters")));
    }
    if length > MAX_PASSWORD {
        return Err(ApiError::BadRequest(format!("a password must be at most {MAX_PASSWORD} characters")));
    }
    Ok(())
}

/// Turns `user` off: it cannot sign in, its sessions end and their connections close.
pub async fn disable(store: &dyn Store, user: &User, author: Author<'_>) -> Result<Vec<String>, ApiError> {
    let at = now_millis();
    let ended = store.set_user_disabled(&user.id, Some(at)).await?;
    let detail = serde_json::json!({ "user_id": user.id, "email": user.email, "sessions_ended": ended.len() });
    store.append_audit(&author("user_disabled", detail), at).await?;
    Ok(ended)
}

/// Turns `user` on again; they sign in afresh.
pub async fn enable(store: &dyn Store, user: &User, author: Author<'_>) -> Result<(), ApiError> {
    store.set_user_disabled(&user.id, None).await?;
    let detail = serde_json::json!({ "user_id": user.id, "email": user.email });
    store.append_audit(&author("user_enabled", detail), now_millis()).await?;
    Ok(())
}

/// Gives `user` a new password and ends every session they have.
pub async fn reset_password(
    store: &dyn Store,
    user: &User,
    password: String,
    author: Author<'_>,
) -> Result<Vec<String>, ApiError> {
    check_new_password(&password)?;
    let hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|error| ApiError::Internal(crate::store::StoreError::Task(error.to_string())))?;
    let at = now_millis();
    let ended = store.set_password_hash(&user.id, &hash, at).await?;
    let detail = serde_json::json!({ "user_id": user.id, "email": user.email, "sessions_ended": ended.len() });
    store.append_audit(&author("password_reset", detail), at).await?;
    Ok(ended)
}

/// Ends one session of `user`; its connections close.
pub async fn revoke_session(
    store: &dyn Store,
    user: &User,
    session_id: &str,
    author: Author<'_>,
) -> Result<(), ApiError> {
    let session = store.session(session_id).await?.filter(|session| session.user_id.as_deref() == Some(&user.id));
    let Some(session) = session else { return Err(ApiError::NotFound("that session")) };
    let at = now_millis();
    store.end_session(&session.id, at).await?;
    let detail = serde_json::json!({ "user_id": user.id, "session_id": session.id });
    store.append_audit(&author("session_revoked", detail), at).await?;
    Ok(())
}
