//! Family Network Support Packages over the API: what a meeting's plan asks for, requests of
//! items with costs (the case's facilitator), and a manager's decision on each. The workflows are
//! the domain's (`domain/support.rs`).

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::caller::Caller;
use super::error::{ApiError, ApiJson, ErrorBody};
use super::meetings::timestamp;
use crate::domain::support::{self, NewSupport};
use crate::state::AppState;
use crate::store::{SupportItem, SupportRequest, SupportStatus};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/cases/{case_id}/support", post(request))
        .route("/api/cases/{case_id}/support/asked", get(asked))
        .route("/api/cases/{case_id}/support/{request_id}/decision", put(decide))
}

/// A request for a support package.
#[derive(Debug, Serialize, ToSchema)]
pub struct SupportView {
    pub id: String,
    /// The meeting whose plan identified it.
    pub meeting_id: String,
    pub summary: String,
    pub items: Vec<SupportItem>,
    /// What the items come to, in pence.
    pub total_pence: i64,
    pub status: SupportStatus,
    pub requested_by: String,
    pub requested_at: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
    pub decision_reason: String,
}

impl SupportView {
    pub fn of(request: &SupportRequest) -> Self {
        SupportView {
            id: request.id.clone(),
            meeting_id: request.meeting_id.clone(),
            summary: request.summary.clone(),
            items: request.items.clone(),
            total_pence: request.total_pence(),
            status: request.status,
            requested_by: request.requested_by.clone(),
            requested_at: timestamp(request.requested_at),
            decided_by: request.decided_by.clone(),
            decided_at: request.decided_at.map(timestamp),
            decision_reason: request.decision_reason.clone(),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewItem {
    pub description: String,
    /// In pence, from 0 to 10,000,000 (£100,000).
    pub cost_pence: i64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestSupport {
    /// The case's meeting whose plan asks for it.
    pub meeting_id: String,
    pub summary: String,
    pub items: Vec<NewItem>,
}

/// Ask for a support package that a meeting's plan identified (the case's facilitator; audited).
#[utoipa::path(post, path = "/api/cases/{case_id}/support", request_body = RequestSupport, tag = "cases",
    params(("case_id" = String, Path)),
    responses((status = 201, body = SupportView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn request(
    State(state): State<AppState>,
    caller: Caller,
    Path(case_id): Path<String>,
    ApiJson(body): ApiJson<RequestSupport>,
) -> Result<(StatusCode, Json<SupportView>), ApiError> {
    let new = NewSupport {
        meeting_id: body.meeting_id,
        summary: body.summary,
        items: body.items.into_iter().map(|item| (item.description, item.cost_pence)).collect(),
    };
    let request = support::request_support(&state.domain, &caller.actor(), &case_id, &new).await?;
    Ok((StatusCode::CREATED, Json(SupportView::of(&request))))
}

#[derive(Debug, Deserialize)]
pub struct AskedQuery {
    /// The case's meeting whose plan to read.
    pub meeting_id: String,
}

/// What a meeting's plan asks for under "Support we are asking for", a line each, as it stands
/// now (the case's facilitator; never during the family's private time).
#[utoipa::path(get, path = "/api/cases/{case_id}/support/asked", tag = "cases",
    params(("case_id" = String, Path), ("meeting_id" = String, Query)),
    responses((status = 200, body = Vec<String>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn asked(
    State(state): State<AppState>,
    caller: Caller,
    Path(case_id): Path<String>,
    Query(query): Query<AskedQuery>,
) -> Result<Json<Vec<String>>, ApiError> {
    Ok(Json(support::asked_in_plan(&state.domain, &caller.actor(), &case_id, &query.meeting_id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SupportDecision {
    Approve,
    Decline,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecideSupport {
    pub decision: SupportDecision,
    /// Why: required for both.
    pub reason: String,
}

/// Approve or decline a support package, with the reason (a manager; audited).
#[utoipa::path(operation_id = "decide_support", put, path = "/api/cases/{case_id}/support/{request_id}/decision", request_body = DecideSupport,
    tag = "cases", params(("case_id" = String, Path), ("request_id" = String, Path)),
    responses((status = 200, body = SupportView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn decide(
    State(state): State<AppState>,
    caller: Caller,
    Path((case_id, request_id)): Path<(String, String)>,
    ApiJson(body): ApiJson<DecideSupport>,
) -> Result<Json<SupportView>, ApiError> {
    let approve = matches!(body.decision, SupportDecision::Approve);
    let request =
        support::decide_support(&state.domain, &caller.actor(), &case_id, &request_id, approve, &body.reason).await?;
    Ok(Json(SupportView::of(&request)))
}
