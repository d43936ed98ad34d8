//! The life cycle of a staff account: add it, turn it off and on, reset its password, end one of
//! its sessions. Each change, the live events that close connections and the audit line are
//! stored in one transaction.

use serde_json::json;

use super::{Actor, Domain, DomainError, Who};
use crate::access::StaffRole;
use crate::secrets::{hash_password, new_id, now_millis};
use crate::store::{StoreError, User};

/// The shortest password a staff account may have.
pub const MIN_PASSWORD: usize = 10;
/// The longest password accepted anywhere: hashing costs the same for any length, but a request
/// of megabytes is not a password.
pub const MAX_PASSWORD: usize = 1024;
/// The longest email address (RFC 5321's path limit).
pub const MAX_EMAIL: usize = 254;

/// Checks a new password's length, in the words the person setting it needs.
pub fn check_new_password(password: &str) -> Result<(), DomainError> {
    let length = password.chars().count();
    if length < MIN_PASSWORD {
        return Err(DomainError::Invalid(format!("a password must be at least {MIN_PASSWORD} characters")));
    }
    if length > MAX_PASSWORD {
        return Err(DomainError::Invalid(format!("a password must be at most {MAX_PASSWORD} characters")));
    }
    Ok(())
}

/// Managers manage accounts; so does the operator. Gives the manager.
pub fn check_manager(actor: &Actor) -> Result<Option<&User>, DomainError> {
    match &actor.who {
        Who::Person(super::Subject::Staff(user)) if user.role == StaffRole::Manager => Ok(Some(user)),
        Who::Operator => Ok(None),
        Who::Person(_) => Err(DomainError::Forbidden("only a manager can manage staff accounts".into())),
    }
}

/// The account `user_id`, for a manager.
pub async fn account(domain: &Domain, actor: &Actor, user_id: &str) -> Result<User, DomainError> {
    check_manager(actor)?;
    domain.store.user(user_id).await?.ok_or(DomainError::NotFound("that account"))
}

async fn hashed(password: String) -> Result<String, DomainError> {
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|error| DomainError::Store(StoreError::Task(error.to_string())))
}

/// Adds a staff account.
pub async fn add(
    domain: &Domain,
    actor: &Actor,
    email: &str,
    name: &str,
    role: StaffRole,
    password: String,
) -> Result<User, DomainError> {
    check_manager(actor)?;
    let email = email.trim().to_lowercase();
    if !email.contains('@') || email.chars().count() > MAX_EMAIL {
        return Err(DomainError::Invalid(format!("{email:?} is not an email address")));
    }
    let name = super::check_text("a name", name, 120, true)?;
    check_new_password(&password)?;
    let user = User {
        id: new_id(),
        email,
        name,
        role,
        password_hash: hashed(password).await?,
        created_at: now_millis(),
        disabled_at: None,
        team: String::new(),
    };
    let mut change = domain.store.begin_change().await?;
    change.create_user(&user).await.map_err(|error| match error {
        StoreError::Conflict(_) => DomainError::Conflict(format!("an account for {} already exists", user.email)),
        other => other.into(),
    })?;
    let detail = json!({ "user_id": user.id, "role": role });
    domain.commit(change, actor.audit(None, "user_added", detail)).await?;
    Ok(user)
}

/// Turns `user` off: it cannot sign in, its sessions end and their connections close. Nobody
/// turns off their own account.
pub async fn disable(domain: &Domain, actor: &Actor, user: &User) -> Result<Vec<String>, DomainError> {
    if check_manager(actor)?.is_some_and(|manager| manager.id == user.id) {
        return Err(DomainError::Conflict("you cannot turn off your own account".into()));
    }
    let at = now_millis();
    let mut change = domain.store.begin_change().await?;
    let ended = change.set_user_disabled(&user.id, Some(at)).await?;
    let detail = json!({ "user_id": user.id, "email": user.email, "sessions_ended": ended.len() });
    domain.commit(change, actor.audit(None, "user_disabled", detail)).await?;
    Ok(ended)
}

/// Puts `user` in a team (an empty name takes them out of any), for the service's figures.
pub async fn set_team(domain: &Domain, actor: &Actor, user: &User, team: &str) -> Result<User, DomainError> {
    check_manager(actor)?;
    let team = super::check_text("a team's name", team, 80, false)?;
    let mut change = domain.store.begin_change().await?;
    change.set_user_team(&user.id, &team).await?;
    let detail = json!({ "user_id": user.id, "from": user.team, "to": team });
    domain.commit(change, actor.audit(None, "user_team_set", detail)).await?;
    Ok(User { team, ..user.clone() })
}

/// Turns `user` on again; they sign in afresh.
pub async fn enable(domain: &Domain, actor: &Actor, user: &User) -> Result<(), DomainError> {
    check_manager(actor)?;
    let mut change = domain.store.begin_change().await?;
    change.set_user_disabled(&user.id, None).await?;
    let detail = json!({ "user_id": user.id, "email": user.email });
    domain.commit(change, actor.audit(None, "user_enabled", detail)).await
}

/// Gives `user` a new password and ends every session they have.
pub async fn reset_password(
    domain: &Domain,
    actor: &Actor,
    user: &User,
    password: String,
) -> Result<Vec<String>, DomainError> {
    check_manager(actor)?;
    check_new_password(&password)?;
    let hash = hashed(password).await?;
    let at = now_millis();
    let mut change = domain.store.begin_change().await?;
    let ended = change.set_password_hash(&user.id, &hash, at).await?;
    let detail = json!({ "user_id": user.id, "email": user.email, "sessions_ended": ended.len() });
    domain.commit(change, actor.audit(None, "password_reset", detail)).await?;
    Ok(ended)
}

/// Ends one session of `user`; its connections close.
pub async fn revoke_session(domain: &Domain, actor: &Actor, user: &User, session_id: &str) -> Result<(), DomainError> {
    check_manager(actor)?;
    let session =
        domain.store.session(session_id).await?.filter(|session| session.user_id.as_deref() == Some(&user.id));
    let Some(session) = session else { return Err(DomainError::NotFound("that session")) };
    let mut change = domain.store.begin_change().await?;
    change.end_session(&session.id, now_millis()).await?;
    let detail = json!({ "user_id": user.id, "session_id": session.id });
    domain.commit(change, actor.audit(None, "session_revoked", detail)).await
}
