//! Reviews over the API: the day an agreed plan is to be reviewed, a review meeting's word on each
//! action of the agreed plan, and what its plan changed from the agreed one. The workflows are the
//! domain's (`domain/reviews.rs`).

use axum::extract::{Path, State};
use axum::routing::{get, put};
use axum::{Json, Router};
use serde::Deserialize;
use utoipa::ToSchema;

use super::caller::Caller;
use super::error::{ApiError, ApiJson, ErrorBody};
use super::meetings::MeetingView;
use crate::domain::plan::versions::PlanDiff;
use crate::domain::reviews::{self, ReviewView};
use crate::state::AppState;
use crate::store::ReviewedStatus;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/meetings/{meeting_id}/review-date", put(set_review_date))
        .route("/api/meetings/{meeting_id}/review", get(show))
        .route("/api/meetings/{meeting_id}/review/actions/{action_id}", put(record))
        .route("/api/meetings/{meeting_id}/review/changes", get(changes))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewDate {
    /// YYYY-MM-DD; null clears it.
    pub on: Option<String>,
}

/// Set the day an agreed plan is to be reviewed (its facilitator, once the plan is final; the
/// default is three months after agreement; audited).
#[utoipa::path(put, path = "/api/meetings/{meeting_id}/review-date", request_body = ReviewDate, tag = "reviews",
    params(("meeting_id" = String, Path)),
    responses((status = 200, body = MeetingView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn set_review_date(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<String>,
    ApiJson(body): ApiJson<ReviewDate>,
) -> Result<Json<MeetingView>, ApiError> {
    let meeting = reviews::set_review_date(&state.domain, &caller.actor(), &meeting_id, body.on.as_deref()).await?;
    Ok(Json(MeetingView::of(&meeting)))
}

/// A review meeting: the agreed plan's actions and how each stands (anyone who may read its plan).
#[utoipa::path(operation_id = "show_review", get, path = "/api/meetings/{meeting_id}/review", tag = "reviews",
    params(("meeting_id" = String, Path)),
    responses((status = 200, body = ReviewView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<String>,
) -> Result<Json<ReviewView>, ApiError> {
    Ok(Json(reviews::review(&state.domain, &caller.actor(), &meeting_id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordReview {
    pub status: ReviewedStatus,
    #[serde(default)]
    pub note: String,
}

/// Record how one action of the agreed plan stands: done, on track or not on track, with a note
/// (the review's facilitator, while it is open and not in private time; audited).
#[utoipa::path(put, path = "/api/meetings/{meeting_id}/review/actions/{action_id}", request_body = RecordReview,
    tag = "reviews", params(("meeting_id" = String, Path), ("action_id" = String, Path)),
    responses((status = 200, body = ReviewView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn record(
    State(state): State<AppState>,
    caller: Caller,
    Path((meeting_id, action_id)): Path<(String, String)>,
    ApiJson(body): ApiJson<RecordReview>,
) -> Result<Json<ReviewView>, ApiError> {
    let review =
        reviews::record_action_review(&state.domain, &caller.actor(), &meeting_id, &action_id, body.status, &body.note)
            .await?;
    Ok(Json(review))
}

/// What the review's plan, as it stands now, changed from the agreed one (anyone who may read it).
#[utoipa::path(get, path = "/api/meetings/{meeting_id}/review/changes", tag = "reviews",
    params(("meeting_id" = String, Path)),
    responses((status = 200, body = PlanDiff), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn changes(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<String>,
) -> Result<Json<PlanDiff>, ApiError> {
    Ok(Json(reviews::changes_since_agreed(&state.domain, &caller.actor(), &meeting_id).await?))
}
