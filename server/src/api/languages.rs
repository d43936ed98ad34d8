//! Languages over the API: which may be shown, the web app's words in each, a manager turning an
//! unreviewed language on or off, a participant choosing their own, and the facilitator choosing
//! the meeting's. The workflows are the domain's (`domain/languages.rs`).
//!
//! The list and the message files need no sign-in: the join page is shown in the browser's
//! language before the person is known, and they say nothing of any meeting.

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::caller::Caller;
use super::error::{ApiError, ApiJson, ErrorBody};
use super::meetings::MeetingView;
use crate::domain::i18n::Lang;
use crate::domain::languages::{self, LanguageView};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/languages", get(list))
        .route("/api/languages/{code}", put(set_enabled))
        .route("/api/languages/{code}/web.ftl", get(web_messages))
        .route("/api/session/language", put(set_own))
        .route("/api/meetings/{meeting_id}/language", put(set_meeting))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Languages {
    /// English first; offer only those `enabled`.
    pub languages: Vec<LanguageView>,
}

/// The languages kinplan has words in, and whether each may be shown (no sign-in needed).
#[utoipa::path(operation_id = "list_languages", get, path = "/api/languages", tag = "languages",
    responses((status = 200, body = Languages)))]
pub async fn list(State(state): State<AppState>) -> Result<Json<Languages>, ApiError> {
    Ok(Json(Languages { languages: languages::list(&state.domain).await? }))
}

/// The web app's words in one language, as a Project Fluent file (no sign-in needed): only a
/// language that may be shown.
#[utoipa::path(get, path = "/api/languages/{code}/web.ftl", tag = "languages", params(("code" = String, Path)),
    responses((status = 200, description = "The message file", content_type = "text/plain", body = String),
        (status = 404, body = ErrorBody)))]
pub async fn web_messages(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let enabled = state.domain.enabled_languages().await?;
    let lang = Lang::from_code(&code)
        .filter(|lang| lang.code() == code && enabled.allows(*lang))
        .ok_or(ApiError::NotFound("that language"))?;
    Ok(([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], lang.web_messages()))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetEnabled {
    pub enabled: bool,
}

/// Turn a language no qualified translator has reviewed on or off (a manager; audited).
#[utoipa::path(put, path = "/api/languages/{code}", request_body = SetEnabled, tag = "languages",
    params(("code" = String, Path)),
    responses((status = 200, body = LanguageView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn set_enabled(
    State(state): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<SetEnabled>,
) -> Result<Json<LanguageView>, ApiError> {
    Ok(Json(languages::set_enabled(&state.domain, &caller.actor(), &code, body.enabled).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChooseLanguage {
    /// A language code from `GET /api/languages`, one that is enabled.
    pub language: String,
}

/// A participant chooses the language of their own pages and copies; it stays with their link
/// (audited). Staff pages are English.
#[utoipa::path(put, path = "/api/session/language", request_body = ChooseLanguage, tag = "languages",
    responses((status = 204), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)))]
pub async fn set_own(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<ChooseLanguage>,
) -> Result<StatusCode, ApiError> {
    languages::set_own_language(&state.domain, &caller.actor(), &body.language).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The facilitator chooses the meeting's language, which the shared screen shows (audited).
#[utoipa::path(put, path = "/api/meetings/{meeting_id}/language", request_body = ChooseLanguage, tag = "languages",
    params(("meeting_id" = String, Path)),
    responses((status = 200, body = MeetingView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn set_meeting(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<String>,
    ApiJson(body): ApiJson<ChooseLanguage>,
) -> Result<Json<MeetingView>, ApiError> {
    let meeting = languages::set_meeting_language(&state.domain, &caller.actor(), &meeting_id, &body.language).await?;
    Ok(Json(MeetingView::of(&meeting)))
}
