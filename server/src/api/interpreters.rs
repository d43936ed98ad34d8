//! Interpreters over the API: an interpreter saying they have no connection to the family, the
//! family asking an interpreter into their private time (or out of it), and the facilitator
//! recording who needs an interpreter. The workflows are the domain's (`domain/interpreters.rs`).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{post, put};
use axum::Router;
use serde::Deserialize;
use utoipa::ToSchema;

use super::caller::Caller;
use super::error::{ApiError, ApiJson, ErrorBody};
use crate::domain::interpreters;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/meetings/{meeting_id}/interpreter/declaration", post(declare))
        .route("/api/meetings/{meeting_id}/participants/{participant_id}/family-time", put(ask_into_family_time))
        .route("/api/meetings/{meeting_id}/participants/{participant_id}/interpreter-need", put(set_need))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Declaration {
    /// Must be true: an interpreter with a connection to the family tells the facilitator instead.
    pub no_connection: bool,
}

/// An interpreter says, on joining, that they have no connection to the family (the interpreter
/// themselves; audited). Until they have, they open no document of the meeting.
#[utoipa::path(post, path = "/api/meetings/{meeting_id}/interpreter/declaration", request_body = Declaration,
    tag = "interpreters", params(("meeting_id" = String, Path)),
    responses((status = 204), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn declare(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<String>,
    ApiJson(body): ApiJson<Declaration>,
) -> Result<StatusCode, ApiError> {
    interpreters::declare_no_connection(&state.domain, &caller.actor(), &meeting_id, body.no_connection).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FamilyTimeAsk {
    /// True: the family asks the interpreter to stay in their private time; false: to leave it.
    pub asked: bool,
}

/// Someone of the family (or the facilitator, on their word) asks an interpreter into the family's
/// private time, or to leave it (audited). The interpreter then reads, never writes, what the
/// family writes there, in the room of whoever asked.
#[utoipa::path(put, path = "/api/meetings/{meeting_id}/participants/{participant_id}/family-time",
    request_body = FamilyTimeAsk, tag = "interpreters",
    params(("meeting_id" = String, Path), ("participant_id" = String, Path)),
    responses((status = 204), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn ask_into_family_time(
    State(state): State<AppState>,
    caller: Caller,
    Path((meeting_id, participant_id)): Path<(String, String)>,
    ApiJson(body): ApiJson<FamilyTimeAsk>,
) -> Result<StatusCode, ApiError> {
    interpreters::ask_into_family_time(&state.domain, &caller.actor(), &meeting_id, &participant_id, body.asked)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InterpreterNeed {
    /// The language they need an interpreter in, such as "Arabic"; empty: they need none.
    pub language: String,
}

/// The facilitator records that someone needs an interpreter, and in which language (audited).
#[utoipa::path(put, path = "/api/meetings/{meeting_id}/participants/{participant_id}/interpreter-need",
    request_body = InterpreterNeed, tag = "interpreters",
    params(("meeting_id" = String, Path), ("participant_id" = String, Path)),
    responses((status = 204), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn set_need(
    State(state): State<AppState>,
    caller: Caller,
    Path((meeting_id, participant_id)): Path<(String, String)>,
    ApiJson(body): ApiJson<InterpreterNeed>,
) -> Result<StatusCode, ApiError> {
    interpreters::set_needs_interpreter(&state.domain, &caller.actor(), &meeting_id, &participant_id, &body.language)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
