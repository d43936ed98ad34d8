//! Staff sign-in and sign-out, and who the current session belongs to.

use std::time::Duration;

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::IntoResponse;
use axum::routing::post;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::caller::{session_cookie_name, Caller, Subject};
use super::error::{ApiError, ApiJson, ErrorBody};
use crate::access::StaffRole;
use crate::domain::accounts::{MAX_EMAIL, MAX_PASSWORD};
use crate::domain::i18n::{Direction, Lang};
use crate::rate_limit::Refusal;
use crate::secrets::{now_millis, verify_password};
use crate::state::AppState;
use crate::store::NewAuditEvent;

/// How long a staff sign-in lasts: a working day.
pub const STAFF_SESSION: Duration = Duration::from_secs(8 * 60 * 60);

pub fn router() -> Router<AppState> {
    Router::new().route("/api/session", post(sign_in).get(current).delete(sign_out))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct SignIn {
    pub email: String,
    pub password: String,
}

/// Who is signed in.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionInfo {
    /// `staff` or `participant`.
    pub kind: &'static str,
    pub id: String,
    pub name: String,
    /// The staff role, for staff.
    pub role: Option<StaffRole>,
    pub email: Option<String>,
    /// The meeting a participant belongs to.
    pub meeting_id: Option<String>,
    /// The language of this person's pages: for a participant, the one they chose, else the one
    /// recorded for them, else the meeting's (each only if it may be shown); English for staff.
    pub language: String,
    pub direction: Direction,
}

impl SessionInfo {
    /// Who `subject` is, with their pages' language.
    pub async fn of(state: &AppState, subject: &Subject) -> Result<Self, ApiError> {
        let lang = state.domain.language_of_subject(subject).await?;
        crate::domain::i18n::set_current(lang);
        let mut info = SessionInfo::without_language(subject);
        info.language = lang.code().to_owned();
        info.direction = lang.direction();
        Ok(info)
    }

    fn without_language(subject: &Subject) -> Self {
        match subject {
            Subject::Staff(user) => SessionInfo {
                kind: "staff",
                id: user.id.clone(),
                name: user.name.clone(),
                role: Some(user.role),
                email: Some(user.email.clone()),
                meeting_id: None,
                language: Lang::ENGLISH.code().to_owned(),
                direction: Direction::Ltr,
            },
            Subject::Participant { participant, .. } => SessionInfo {
                kind: "participant",
                id: participant.id.clone(),
                name: participant.display_name.clone(),
                role: None,
                email: None,
                meeting_id: Some(participant.meeting_id.clone()),
                language: Lang::ENGLISH.code().to_owned(),
                direction: Direction::Ltr,
            },
        }
    }
}

/// A Set-Cookie header for a session secret; Secure when kinplan is served over TLS.
pub fn session_cookie(state: &AppState, secret: &str, max_age: Duration) -> HeaderValue {
    let cookie = cookie::Cookie::build((session_cookie_name(state), secret.to_owned()))
        .http_only(true)
        .same_site(cookie::SameSite::Strict)
        .secure(state.secure_cookies)
        .path("/")
        .max_age(cookie::time::Duration::seconds(max_age.as_secs() as i64))
        .build();
    HeaderValue::from_str(&cookie.to_string()).expect("a cookie of URL-safe characters is a valid header")
}

/// An attempt limiter's refusal as the API answers it.
pub fn refusal(refusal: Refusal) -> ApiError {
    match refusal {
        Refusal::TooMany(retry_after) => ApiError::TooManyAttempts { retry_after },
        Refusal::Store(error) => ApiError::Internal(error),
    }
}

/// Checks a password or an access code against its argon2 hash off the runtime's threads, no
/// more of them at once than the server has cores (each holds about 19 MiB while it runs).
pub async fn check_password(state: &AppState, password: String, hash: String) -> bool {
    let Ok(_permit) = state.password_checks.acquire().await else { return false };
    tokio::task::spawn_blocking(move || verify_password(&password, &hash)).await.unwrap_or(false)
}

/// Sign in with email and password.
#[utoipa::path(post, path = "/api/session", request_body = SignIn, tag = "session",
    responses(
        (status = 200, description = "Signed in; the session cookie is set", body = SessionInfo),
        (status = 400, description = "An email or password longer than any can be", body = ErrorBody),
        (status = 401, description = "Wrong email or password", body = ErrorBody),
        (status = 429, description = "Too many failed attempts", body = ErrorBody),
    ))]
pub async fn sign_in(
    State(state): State<AppState>,
    caller_address: super::PeerAddress,
    ApiJson(request): ApiJson<SignIn>,
) -> Result<impl IntoResponse, ApiError> {
    let email = request.email.trim().to_lowercase();
    if email.chars().count() > MAX_EMAIL || request.password.chars().count() > MAX_PASSWORD {
        return Err(ApiError::BadRequest(format!(
            "an email has at most {MAX_EMAIL} characters and a password at most {MAX_PASSWORD}"
        )));
    }
    let address = caller_address.0.clone().unwrap_or_default();
    let account_key = format!("account:{email}");
    let address_key = format!("address:{address}");
    // Each attempt is counted before the password is checked, so a burst of parallel guesses
    // gets no more checks than the limit.
    state.sign_in_limiter.reserve(&account_key).await.map_err(refusal)?;
    if let Err(refused) = state.address_limiter.reserve(&address_key).await {
        state.sign_in_limiter.release(&account_key).await?;
        return Err(refusal(refused));
    }
    let user = state.store.user_by_email(&email).await?;
    // Verify against a fixed hash when there is no such account, so timing does not tell.
    let hash = user.as_ref().map_or(state.dummy_password_hash.as_str(), |user| user.password_hash.as_str());
    let matches = check_password(&state, request.password.clone(), hash.to_owned()).await;
    // A disabled account is refused just as a wrong password is, after the same work.
    let Some(user) = user.filter(|user| matches && user.disabled_at.is_none()) else {
        let event = NewAuditEvent {
            meeting_id: None,
            actor: "anonymous".into(),
            actor_name: String::new(),
            action: "sign_in_failed".into(),
            detail: serde_json::json!({ "email": email }).to_string(),
            address: caller_address.0.clone(),
        };
        state.store.append_audit(&event, now_millis()).await?;
        return Err(ApiError::Refused {
            code: "invalid_credentials",
            message: "the email or password is not right".into(),
        });
    };
    state.sign_in_limiter.clear(&account_key).await?;
    state.address_limiter.release(&address_key).await?;

    let (opened, subject) =
        crate::domain::sessions::sign_in(&state.domain, user, caller_address.0, STAFF_SESSION).await?;
    let mut headers = HeaderMap::new();
    headers.insert(header::SET_COOKIE, session_cookie(&state, &opened.secret, STAFF_SESSION));
    Ok((headers, Json(SessionInfo::of(&state, &subject).await?)))
}

/// Who is signed in.
#[utoipa::path(get, path = "/api/session", tag = "session",
    responses((status = 200, body = SessionInfo), (status = 401, body = ErrorBody)))]
pub async fn current(State(state): State<AppState>, caller: Caller) -> Result<Json<SessionInfo>, ApiError> {
    Ok(Json(SessionInfo::of(&state, &caller.subject).await?))
}

/// Sign out: ends the session and closes the connections it opened.
#[utoipa::path(delete, path = "/api/session", tag = "session",
    responses((status = 204, description = "Signed out"), (status = 401, body = ErrorBody)))]
pub async fn sign_out(State(state): State<AppState>, caller: Caller) -> Result<impl IntoResponse, ApiError> {
    crate::domain::sessions::sign_out(&state.domain, &caller.actor(), &caller.session_id).await?;
    let mut headers = HeaderMap::new();
    headers.insert(header::SET_COOKIE, session_cookie(&state, "", Duration::ZERO));
    Ok((axum::http::StatusCode::NO_CONTENT, headers))
}
