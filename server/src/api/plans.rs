//! The family plan over the API: versions (list, read, diff, save, restore, export), the
//! proposal for agreement, and each person's decision on it.

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::caller::Caller;
use super::error::{ApiError, ApiJson, ErrorBody};
use crate::domain::plans::{self, NewDecision, ProposalOutlook};
use crate::plan::export::ExportFormat;
use crate::plan::model::{DecisionView, Plan};
use crate::plan::versions::PlanDiff;
use crate::state::AppState;
use crate::store::{PlanVersion, ProposalStatus};
use crate::time::timestamp;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/meetings/{meeting_id}/versions", get(list_versions).post(save))
        .route("/api/meetings/{meeting_id}/versions/diff", get(diff))
        .route("/api/meetings/{meeting_id}/versions/{hash}", get(show_version))
        .route("/api/meetings/{meeting_id}/versions/{hash}/restore", post(restore))
        .route("/api/meetings/{meeting_id}/versions/{hash}/export", get(export))
        .route("/api/meetings/{meeting_id}/proposal", get(show_proposal).post(propose).delete(withdraw))
        .route("/api/meetings/{meeting_id}/proposal/close", post(close))
        .route("/api/meetings/{meeting_id}/proposal/decisions", post(decide))
        .route("/api/meetings/{meeting_id}/participants/{participant_id}/named-to-decide", put(name_to_decide))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NameToDecide {
    /// True: expected to decide though not at the meeting; false: only if they were there.
    pub named: bool,
}

/// The facilitator names someone as expected to decide on the plan though they were not at the
/// meeting, or takes the name back (audited). Everyone who was at the meeting (opened its
/// documents) and the referrer are expected anyway.
#[utoipa::path(put, path = "/api/meetings/{meeting_id}/participants/{participant_id}/named-to-decide",
    request_body = NameToDecide, tag = "plans",
    params(("meeting_id" = String, Path), ("participant_id" = String, Path)),
    responses((status = 204), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn name_to_decide(
    State(state): State<AppState>,
    caller: Caller,
    Path((meeting_id, participant_id)): Path<(String, String)>,
    ApiJson(body): ApiJson<NameToDecide>,
) -> Result<StatusCode, ApiError> {
    plans::name_to_decide(&state.domain, &caller.actor(), &meeting_id, &participant_id, body.named).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VersionSummary {
    pub number: i64,
    pub hash: String,
    pub previous_hash: Option<String>,
    pub label: String,
    pub author_name: String,
    pub created_at: String,
}

impl VersionSummary {
    fn of(version: &PlanVersion) -> Self {
        VersionSummary {
            number: version.number,
            hash: version.hash.clone(),
            previous_hash: version.previous_hash.clone(),
            label: version.label.clone(),
            author_name: version.author_name.clone(),
            created_at: timestamp(version.created_at),
        }
    }
}

/// The meeting's saved versions, oldest first.
#[utoipa::path(get, path = "/api/meetings/{meeting_id}/versions", tag = "plan", params(("meeting_id" = String, Path)),
    responses((status = 200, body = Vec<VersionSummary>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_versions(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<String>,
) -> Result<Json<Vec<VersionSummary>>, ApiError> {
    let versions = plans::versions(&state.domain, &caller.actor(), &meeting_id).await?;
    Ok(Json(versions.iter().map(VersionSummary::of).collect()))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct SaveVersion {
    #[serde(default)]
    pub label: String,
}

/// Save the plan as it is now as the next version on the chain.
#[utoipa::path(post, path = "/api/meetings/{meeting_id}/versions", request_body = SaveVersion, tag = "plan",
    params(("meeting_id" = String, Path)),
    responses((status = 201, body = VersionSummary), (status = 400, description = "The plan does not fit the schema", body = ErrorBody),
        (status = 403, body = ErrorBody)))]
pub async fn save(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<String>,
    ApiJson(request): ApiJson<SaveVersion>,
) -> Result<impl IntoResponse, ApiError> {
    let version = plans::save(&state.domain, &caller.actor(), &meeting_id, &request.label).await?;
    Ok((StatusCode::CREATED, Json(VersionSummary::of(&version))))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VersionView {
    #[serde(flatten)]
    pub summary: VersionSummary,
    pub plan: Plan,
}

/// One version, with its plan.
#[utoipa::path(get, path = "/api/meetings/{meeting_id}/versions/{hash}", tag = "plan",
    params(("meeting_id" = String, Path), ("hash" = String, Path)),
    responses((status = 200, body = VersionView), (status = 404, body = ErrorBody)))]
pub async fn show_version(
    State(state): State<AppState>,
    caller: Caller,
    Path((meeting_id, hash)): Path<(String, String)>,
) -> Result<Json<VersionView>, ApiError> {
    let (version, plan) = plans::show(&state.domain, &caller.actor(), &meeting_id, &hash).await?;
    Ok(Json(VersionView { summary: VersionSummary::of(&version), plan }))
}

#[derive(Debug, Deserialize)]
pub struct DiffQuery {
    pub from: String,
    pub to: String,
}

/// What changed between two versions, section by section and action by action.
#[utoipa::path(get, path = "/api/meetings/{meeting_id}/versions/diff", tag = "plan",
    params(("meeting_id" = String, Path), ("from" = String, Query), ("to" = String, Query)),
    responses((status = 200, body = PlanDiff), (status = 404, body = ErrorBody)))]
pub async fn diff(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<String>,
    Query(query): Query<DiffQuery>,
) -> Result<Json<PlanDiff>, ApiError> {
    Ok(Json(plans::diff(&state.domain, &caller.actor(), &meeting_id, &query.from, &query.to).await?))
}

/// Restore an earlier version as a new edit on top: everyone connected sees the plan change.
#[utoipa::path(post, path = "/api/meetings/{meeting_id}/versions/{hash}/restore", tag = "plan",
    params(("meeting_id" = String, Path), ("hash" = String, Path)),
    responses((status = 204, description = "Restored"), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn restore(
    State(state): State<AppState>,
    caller: Caller,
    Path((meeting_id, hash)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    plans::restore(&state.domain, &caller.actor(), &meeting_id, &hash).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    pub format: String,
    /// Staff: a family member's copy for this participant instead of the case record.
    #[serde(rename = "for")]
    pub recipient: Option<String>,
}

/// Download a version as Markdown, print-ready HTML, PDF or JSON, with its hash, its place in
/// the chain, the decisions made on it and the meeting's people. Staff get the case record
/// (every contact detail and the safety notes) unless they ask for a family member's copy with
/// `for`; a family member gets their own copy: contact details only as they may see them, and
/// never a safety note.
#[utoipa::path(get, path = "/api/meetings/{meeting_id}/versions/{hash}/export", tag = "plan",
    params(("meeting_id" = String, Path), ("hash" = String, Path), ("format" = String, Query, description = "md, html, pdf or json"),
        ("for" = Option<String>, Query, description = "staff: the participant a family copy is for")),
    responses((status = 200, description = "The file"), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn export(
    State(state): State<AppState>,
    caller: Caller,
    Path((meeting_id, hash)): Path<(String, String)>,
    Query(query): Query<ExportQuery>,
) -> Result<Response, ApiError> {
    let format = ExportFormat::parse(&query.format)
        .ok_or_else(|| ApiError::BadRequest("format must be md, html, pdf or json".into()))?;
    let recipient = query.recipient.as_deref();
    let (version, bytes) =
        plans::export(&state.domain, &caller.actor(), &meeting_id, Some(&hash), format, recipient).await?;
    let filename = format!("plan-version-{}.{}", version.number, format.extension());
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(format.content_type()));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProposalView {
    pub status: ProposalStatus,
    pub version_number: i64,
    pub version_hash: String,
    pub proposed_at: String,
    pub decisions: Vec<DecisionView>,
    /// The people expected to decide who have not yet: those who may decide and were at the
    /// meeting (opened its documents), the referrer, and whoever the facilitator named.
    pub waiting_for: Vec<String>,
    /// Those who may decide but were not at the meeting and are not named: not waited for.
    pub not_expected: Vec<String>,
    /// The referrer's decision, once made.
    pub referrer_decision: Option<String>,
}

impl ProposalView {
    fn of(outlook: ProposalOutlook) -> Self {
        ProposalView {
            status: outlook.proposal.status,
            version_number: outlook.version_number,
            version_hash: outlook.proposal.version_hash,
            proposed_at: timestamp(outlook.proposal.proposed_at),
            decisions: outlook.decisions.iter().map(plans::decision_view).collect(),
            waiting_for: outlook.waiting_for,
            not_expected: outlook.not_expected,
            referrer_decision: outlook.referrer_decision,
        }
    }
}

/// The current proposal, its decisions and who has yet to decide.
#[utoipa::path(get, path = "/api/meetings/{meeting_id}/proposal", tag = "agreement", params(("meeting_id" = String, Path)),
    responses((status = 200, body = ProposalView), (status = 404, description = "No proposal yet", body = ErrorBody)))]
pub async fn show_proposal(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<String>,
) -> Result<Json<ProposalView>, ApiError> {
    Ok(Json(ProposalView::of(plans::current_proposal(&state.domain, &caller.actor(), &meeting_id).await?)))
}

/// Propose the plan as it is now for agreement (the facilitator, while agreeing the plan): the
/// version is frozen and the plan is read-only for everyone until the proposal is withdrawn.
#[utoipa::path(post, path = "/api/meetings/{meeting_id}/proposal", tag = "agreement", params(("meeting_id" = String, Path)),
    responses((status = 201, body = ProposalView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn propose(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let outlook = plans::propose(&state.domain, &caller.actor(), &meeting_id).await?;
    Ok((StatusCode::CREATED, Json(ProposalView::of(outlook))))
}

/// Withdraw the proposal: editing reopens and the decisions made on it no longer count.
#[utoipa::path(operation_id = "withdraw_proposal", delete, path = "/api/meetings/{meeting_id}/proposal", tag = "agreement", params(("meeting_id" = String, Path)),
    responses((status = 200, body = ProposalView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn withdraw(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<String>,
) -> Result<Json<ProposalView>, ApiError> {
    Ok(Json(ProposalView::of(plans::withdraw(&state.domain, &caller.actor(), &meeting_id).await?)))
}

/// Close agreement. When the referrer agreed, the plan is final: immutable, its hash and the
/// decisions kept, and the meeting closes.
#[utoipa::path(post, path = "/api/meetings/{meeting_id}/proposal/close", tag = "agreement", params(("meeting_id" = String, Path)),
    responses((status = 200, body = ProposalView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn close(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<String>,
) -> Result<Json<ProposalView>, ApiError> {
    let (_, outlook) = plans::close(&state.domain, &caller.actor(), &meeting_id).await?;
    Ok(Json(ProposalView::of(outlook)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RecordDecision {
    /// The hash of the version being decided on, as the person saw it.
    pub version_hash: String,
    /// `agree`, `agree_with_comment`, `do_not_agree`; the referrer: `agreed`, `not_agreed`,
    /// `needs_resource_approval`.
    pub decision: String,
    #[serde(default)]
    pub comment: String,
}

/// Record the caller's decision on the proposed version.
#[utoipa::path(operation_id = "decide_on_proposal", post, path = "/api/meetings/{meeting_id}/proposal/decisions", request_body = RecordDecision, tag = "agreement",
    params(("meeting_id" = String, Path)),
    responses((status = 200, body = ProposalView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, description = "No open proposal, or the version changed", body = ErrorBody)))]
pub async fn decide(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<String>,
    ApiJson(request): ApiJson<RecordDecision>,
) -> Result<Json<ProposalView>, ApiError> {
    let new = NewDecision { version_hash: request.version_hash, decision: request.decision, comment: request.comment };
    Ok(Json(ProposalView::of(plans::decide(&state.domain, &caller.actor(), &meeting_id, new).await?)))
}
