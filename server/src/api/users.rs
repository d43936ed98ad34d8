//! Staff accounts, for managers: list them, turn one off or on, reset its password, and see and
//! end its sessions. The workflows, and their audit, are the domain's (`domain/accounts.rs`).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get, post, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::caller::Caller;
use super::error::{ApiError, ApiJson, ErrorBody};
use super::meetings::timestamp;
use crate::access::StaffRole;
use crate::domain::accounts::{self, account};
use crate::secrets::now_millis;
use crate::state::AppState;
use crate::store::{SessionRecord, User};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/users", get(list))
        .route("/api/users/{user_id}/disable", post(disable))
        .route("/api/users/{user_id}/enable", post(enable))
        .route("/api/users/{user_id}/team", put(set_team))
        .route("/api/users/{user_id}/password", post(reset_password))
        .route("/api/users/{user_id}/sessions", get(sessions))
        .route("/api/users/{user_id}/sessions/{session_id}", delete(revoke_session))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UserView {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: StaffRole,
    pub disabled: bool,
    pub created_at: String,
    /// The team they work in, for the service's figures ("" when none).
    pub team: String,
}

impl UserView {
    fn of(user: &User) -> Self {
        UserView {
            id: user.id.clone(),
            email: user.email.clone(),
            name: user.name.clone(),
            role: user.role,
            disabled: user.disabled_at.is_some(),
            created_at: timestamp(user.created_at),
            team: user.team.clone(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SessionView {
    pub id: String,
    pub created_at: String,
    pub expires_at: String,
    pub ended_at: Option<String>,
    /// Neither ended nor expired.
    pub live: bool,
}

impl SessionView {
    fn of(session: &SessionRecord) -> Self {
        SessionView {
            id: session.id.clone(),
            created_at: timestamp(session.created_at),
            expires_at: timestamp(session.expires_at),
            ended_at: session.ended_at.map(timestamp),
            live: session.ended_at.is_none() && session.expires_at > now_millis(),
        }
    }
}

/// Every staff account (managers only).
#[utoipa::path(operation_id = "list_users", get, path = "/api/users", tag = "users",
    responses((status = 200, body = Vec<UserView>), (status = 403, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, caller: Caller) -> Result<Json<Vec<UserView>>, ApiError> {
    accounts::check_manager(&caller.actor())?;
    Ok(Json(state.store.users().await?.iter().map(UserView::of).collect()))
}

/// Turn an account off: it cannot sign in, and its sessions, connections and event streams end
/// within a second (managers only; not their own account).
#[utoipa::path(post, path = "/api/users/{user_id}/disable", tag = "users", params(("user_id" = String, Path)),
    responses((status = 200, body = UserView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn disable(
    State(state): State<AppState>,
    caller: Caller,
    Path(user_id): Path<String>,
) -> Result<Json<UserView>, ApiError> {
    let actor = caller.actor();
    let user = account(&state.domain, &actor, &user_id).await?;
    accounts::disable(&state.domain, &actor, &user).await?;
    let user = state.store.user(&user_id).await?.ok_or(ApiError::NotFound("that account"))?;
    Ok(Json(UserView::of(&user)))
}

/// Turn an account on again (managers only).
#[utoipa::path(post, path = "/api/users/{user_id}/enable", tag = "users", params(("user_id" = String, Path)),
    responses((status = 200, body = UserView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn enable(
    State(state): State<AppState>,
    caller: Caller,
    Path(user_id): Path<String>,
) -> Result<Json<UserView>, ApiError> {
    let actor = caller.actor();
    let user = account(&state.domain, &actor, &user_id).await?;
    accounts::enable(&state.domain, &actor, &user).await?;
    let user = state.store.user(&user_id).await?.ok_or(ApiError::NotFound("that account"))?;
    Ok(Json(UserView::of(&user)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Team {
    /// The team's name; "" takes the account out of any team.
    pub team: String,
}

/// Put an account in a team, for the service's figures (managers only; audited).
#[utoipa::path(put, path = "/api/users/{user_id}/team", tag = "users", request_body = Team,
    params(("user_id" = String, Path)),
    responses((status = 200, body = UserView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn set_team(
    State(state): State<AppState>,
    caller: Caller,
    Path(user_id): Path<String>,
    ApiJson(request): ApiJson<Team>,
) -> Result<Json<UserView>, ApiError> {
    let actor = caller.actor();
    let user = account(&state.domain, &actor, &user_id).await?;
    let user = accounts::set_team(&state.domain, &actor, &user, &request.team).await?;
    Ok(Json(UserView::of(&user)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewPassword {
    pub password: String,
}

/// Give an account a new password; every session it has ends (managers only).
#[utoipa::path(post, path = "/api/users/{user_id}/password", tag = "users", request_body = NewPassword,
    params(("user_id" = String, Path)),
    responses((status = 200, body = UserView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn reset_password(
    State(state): State<AppState>,
    caller: Caller,
    Path(user_id): Path<String>,
    ApiJson(request): ApiJson<NewPassword>,
) -> Result<Json<UserView>, ApiError> {
    let actor = caller.actor();
    let user = account(&state.domain, &actor, &user_id).await?;
    accounts::reset_password(&state.domain, &actor, &user, request.password).await?;
    Ok(Json(UserView::of(&user)))
}

/// An account's sessions, newest first (managers only).
#[utoipa::path(get, path = "/api/users/{user_id}/sessions", tag = "users", params(("user_id" = String, Path)),
    responses((status = 200, body = Vec<SessionView>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn sessions(
    State(state): State<AppState>,
    caller: Caller,
    Path(user_id): Path<String>,
) -> Result<Json<Vec<SessionView>>, ApiError> {
    let user = account(&state.domain, &caller.actor(), &user_id).await?;
    Ok(Json(state.store.sessions_of_user(&user.id).await?.iter().map(SessionView::of).collect()))
}

/// End one session of an account: its connections close within a second (managers only).
#[utoipa::path(delete, path = "/api/users/{user_id}/sessions/{session_id}", tag = "users",
    params(("user_id" = String, Path), ("session_id" = String, Path)),
    responses((status = 204, description = "Ended"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn revoke_session(
    State(state): State<AppState>,
    caller: Caller,
    Path((user_id, session_id)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let actor = caller.actor();
    let user = account(&state.domain, &actor, &user_id).await?;
    accounts::revoke_session(&state.domain, &actor, &user, &session_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
