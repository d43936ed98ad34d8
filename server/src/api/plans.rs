//! The family plan over the API: versions (list, read, diff, save, restore, export), the
//! proposal for agreement, and each person's decision on it.

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::caller::{Caller, Subject};
use super::error::{ApiError, ApiJson, ErrorBody};
use super::meeting_as;
use super::meetings::timestamp;
use crate::access::{document_access, document_name, Access, Action, DocumentKind, MeetingRole, Stage};
use crate::http::AppState;
use crate::plan::content::replace_plan_content;
use crate::plan::export::{render, ExportFormat};
use crate::plan::model::{ChainLink, DecisionView, ExportDocument, Plan};
use crate::plan::versions::{self, NewVersion, PlanDiff, VersionError};
use crate::secrets::{new_id, now_millis};
use crate::store::{Decision, Meeting, NewMeetingEvent, PlanVersion, Proposal, ProposalStatus, StoreError};

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
}

impl From<VersionError> for ApiError {
    fn from(error: VersionError) -> Self {
        match error {
            VersionError::Invalid(_) | VersionError::BadState(_) => ApiError::BadRequest(error.to_string()),
            VersionError::Store(store_error) => ApiError::Internal(store_error),
        }
    }
}

/// The meeting, if the caller may read its plan now (versions show the plan's words).
async fn plan_reader(
    state: &AppState,
    caller: &Caller,
    meeting_id: &str,
    needed: Access,
) -> Result<(Meeting, MeetingRole), ApiError> {
    let (meeting, role) = meeting_as(state, caller, meeting_id, Action::ViewMeeting).await?;
    if document_access(role, DocumentKind::Plan, meeting.stage) < needed {
        let why = if meeting.stage == Stage::PrivateFamilyTime {
            "the family is in private time; the plan is theirs until it ends"
        } else if needed == Access::Write {
            "you cannot change the plan"
        } else {
            "you cannot read the plan"
        };
        return Err(ApiError::Forbidden(why.into()));
    }
    Ok((meeting, role))
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

    fn link(version: &PlanVersion) -> ChainLink {
        ChainLink {
            number: version.number,
            hash: version.hash.clone(),
            previous_hash: version.previous_hash.clone(),
            label: version.label.clone(),
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
    let (meeting, _) = plan_reader(&state, &caller, &meeting_id, Access::Read).await?;
    Ok(Json(state.store.versions(&meeting.id).await?.iter().map(VersionSummary::of).collect()))
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
    let (meeting, _) = plan_reader(&state, &caller, &meeting_id, Access::Read).await?;
    let version = save_current(&state, &caller, &meeting, request.label).await?;
    Ok((StatusCode::CREATED, Json(VersionSummary::of(&version))))
}

async fn save_current(
    state: &AppState,
    caller: &Caller,
    meeting: &Meeting,
    label: String,
) -> Result<PlanVersion, ApiError> {
    let document = document_name(&meeting.id, DocumentKind::Plan);
    let current = state
        .registry
        .encoded_state(&document)
        .await
        .map_err(|error| ApiError::Internal(StoreError::Task(format!("the plan could not be read: {error}"))))?;
    let new = NewVersion { label, author: caller.subject.reference(), author_name: caller.subject.name().to_owned() };
    let version = versions::save_version(state.store.as_ref(), meeting, current, new).await?;
    state.events.poke();
    let detail = serde_json::json!({ "number": version.number, "hash": version.hash });
    state.store.append_audit(&caller.audit(Some(&meeting.id), "version_saved", detail), now_millis()).await?;
    Ok(version)
}

/// The version `hash` as seen from `meeting`: one of its own, or, for a review, the final version
/// of the meeting it follows and nothing else of that meeting. A read through a review is
/// audited under the earlier meeting too, so its own log shows who looked (`read` says how).
async fn version_of(
    state: &AppState,
    caller: &Caller,
    meeting: &Meeting,
    hash: &str,
    read: &str,
) -> Result<PlanVersion, ApiError> {
    const UNSEEN: ApiError = ApiError::NotFound("that version");
    let version = state.store.version_by_hash(hash).await?.ok_or(UNSEEN)?;
    if version.meeting_id == meeting.id {
        return Ok(version);
    }
    if meeting.follows_meeting_id.as_deref() != Some(version.meeting_id.as_str()) {
        return Err(UNSEEN);
    }
    // The earlier meeting's own stage decides: its plan is reachable only once final and closed.
    let earlier = state.store.meeting(&version.meeting_id).await?.ok_or(UNSEEN)?;
    let final_hash = versions::final_version_hash(state.store.as_ref(), &earlier.id).await?;
    if earlier.stage != Stage::Closed || final_hash.as_deref() != Some(version.hash.as_str()) {
        return Err(UNSEEN);
    }
    let detail = serde_json::json!({ "review_meeting_id": meeting.id, "hash": version.hash, "read": read });
    state
        .store
        .append_audit(&caller.audit(Some(&earlier.id), "version_read_through_review", detail), now_millis())
        .await?;
    Ok(version)
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
    let (meeting, _) = plan_reader(&state, &caller, &meeting_id, Access::Read).await?;
    let version = version_of(&state, &caller, &meeting, &hash, "show").await?;
    Ok(Json(VersionView { summary: VersionSummary::of(&version), plan: versions::plan_of(&version)? }))
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
    let (meeting, _) = plan_reader(&state, &caller, &meeting_id, Access::Read).await?;
    let from = versions::plan_of(&version_of(&state, &caller, &meeting, &query.from, "diff").await?)?;
    let to = versions::plan_of(&version_of(&state, &caller, &meeting, &query.to, "diff").await?)?;
    Ok(Json(versions::diff(&from, &to)))
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
    let (meeting, _) = plan_reader(&state, &caller, &meeting_id, Access::Write).await?;
    let version = version_of(&state, &caller, &meeting, &hash, "restore").await?;
    let document = document_name(&meeting.id, DocumentKind::Plan);
    state.registry.replace_content(&document, version.state.clone(), replace_plan_content).await.map_err(|error| {
        match error {
            crate::documents::ReplaceError::Locked(_) => {
                ApiError::Conflict("the plan is waiting for agreement or is final; it cannot change now".into())
            }
            other => ApiError::BadRequest(other.to_string()),
        }
    })?;
    let detail = serde_json::json!({ "number": version.number, "hash": version.hash });
    state.store.append_audit(&caller.audit(Some(&meeting.id), "version_restored", detail), now_millis()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    pub format: String,
}

/// Download a version as Markdown, print-ready HTML, PDF or JSON, with its hash, its place in
/// the chain and the decisions made on it.
#[utoipa::path(get, path = "/api/meetings/{meeting_id}/versions/{hash}/export", tag = "plan",
    params(("meeting_id" = String, Path), ("hash" = String, Path), ("format" = String, Query, description = "md, html, pdf or json")),
    responses((status = 200, description = "The file"), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn export(
    State(state): State<AppState>,
    caller: Caller,
    Path((meeting_id, hash)): Path<(String, String)>,
    Query(query): Query<ExportQuery>,
) -> Result<Response, ApiError> {
    let format = ExportFormat::parse(&query.format)
        .ok_or_else(|| ApiError::BadRequest("format must be md, html, pdf or json".into()))?;
    let (meeting, _) = plan_reader(&state, &caller, &meeting_id, Access::Read).await?;
    let version = version_of(&state, &caller, &meeting, &hash, "export").await?;
    let mut document = export_document(&state, &version).await?;
    if version.meeting_id != meeting.id {
        // Through a review, the earlier meeting's chain shows only the final version itself.
        document.chain.retain(|link| link.hash == version.hash);
    }
    let bytes = tokio::task::spawn_blocking(move || render(&document, format))
        .await
        .map_err(|error| ApiError::Internal(StoreError::Task(error.to_string())))?;
    let detail = serde_json::json!({ "number": version.number, "hash": version.hash, "format": format.extension() });
    state.store.append_audit(&caller.audit(Some(&meeting.id), "export", detail), now_millis()).await?;
    let filename = format!("plan-version-{}.{}", version.number, format.extension());
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(format.content_type()));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

/// Everything an export of `version` shows.
pub async fn export_document(state: &AppState, version: &PlanVersion) -> Result<ExportDocument, ApiError> {
    build_export_document(state.store.as_ref(), version).await
}

/// The same, from storage alone, for the command line.
pub async fn build_export_document(
    store: &dyn crate::store::Store,
    version: &PlanVersion,
) -> Result<ExportDocument, ApiError> {
    let meeting = store.meeting(&version.meeting_id).await?.ok_or(ApiError::NotFound("that meeting"))?;
    let chain: Vec<ChainLink> = store.versions(&meeting.id).await?.iter().map(VersionSummary::link).collect();
    let proposal = store.latest_proposal(&meeting.id).await?.filter(|proposal| proposal.version_hash == version.hash);
    let (status, decisions) = match &proposal {
        Some(proposal) => {
            let status = match proposal.status {
                ProposalStatus::Final => "final",
                ProposalStatus::Open => "proposed",
                ProposalStatus::Withdrawn => "draft",
            };
            let decisions = if proposal.status == ProposalStatus::Withdrawn {
                Vec::new()
            } else {
                store.decisions(&proposal.id).await?.iter().map(decision_view).collect()
            };
            (status, decisions)
        }
        None => ("draft", Vec::new()),
    };
    let participant_names = store
        .participants(&meeting.id)
        .await?
        .into_iter()
        .map(|participant| (participant.id, participant.display_name))
        .collect();
    Ok(ExportDocument {
        meeting_title: meeting.title.clone(),
        version: VersionSummary::link(version),
        author: version.author_name.clone(),
        status: status.into(),
        plan: versions::plan_of(version)?,
        chain,
        decisions,
        participant_names,
    })
}

fn decision_view(decision: &Decision) -> DecisionView {
    DecisionView {
        name: decision.name.clone(),
        role: decision.role.clone(),
        decision: decision.decision.clone(),
        comment: decision.comment.clone(),
        version_hash: decision.version_hash.clone(),
        decided_at: timestamp(decision.decided_at),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProposalView {
    pub status: ProposalStatus,
    pub version_number: i64,
    pub version_hash: String,
    pub proposed_at: String,
    pub decisions: Vec<DecisionView>,
    /// The people who may decide and have not yet.
    pub waiting_for: Vec<String>,
    /// The referrer's decision, once made.
    pub referrer_decision: Option<String>,
}

async fn proposal_view(state: &AppState, meeting: &Meeting, proposal: &Proposal) -> Result<ProposalView, ApiError> {
    let decisions = state.store.decisions(&proposal.id).await?;
    let version =
        state.store.version_by_hash(&proposal.version_hash).await?.ok_or(ApiError::NotFound("that version"))?;
    let mut waiting_for = Vec::new();
    for participant in state.store.participants(&meeting.id).await? {
        let reference = match &participant.user_id {
            Some(user_id) => format!("user:{user_id}"),
            None => format!("participant:{}", participant.id),
        };
        let role = match participant.user_id {
            Some(_) => MeetingRole::Practitioner,
            None => MeetingRole::Participant(participant.kind),
        };
        let decides = crate::access::allows(role, Action::Decide, Stage::Agreement);
        if decides && !decisions.iter().any(|decision| decision.decided_by == reference) {
            waiting_for.push(participant.display_name);
        }
    }
    let referrer_decision =
        decisions.iter().find(|decision| decision.role == "referrer").map(|decision| decision.decision.clone());
    Ok(ProposalView {
        status: proposal.status,
        version_number: version.number,
        version_hash: proposal.version_hash.clone(),
        proposed_at: timestamp(proposal.proposed_at),
        decisions: decisions.iter().map(decision_view).collect(),
        waiting_for,
        referrer_decision,
    })
}

/// The current proposal, its decisions and who has yet to decide.
#[utoipa::path(get, path = "/api/meetings/{meeting_id}/proposal", tag = "agreement", params(("meeting_id" = String, Path)),
    responses((status = 200, body = ProposalView), (status = 404, description = "No proposal yet", body = ErrorBody)))]
pub async fn show_proposal(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<String>,
) -> Result<Json<ProposalView>, ApiError> {
    let (meeting, _) = meeting_as(&state, &caller, &meeting_id, Action::ViewMeeting).await?;
    let proposal = state.store.latest_proposal(&meeting.id).await?.ok_or(ApiError::NotFound("a proposal"))?;
    Ok(Json(proposal_view(&state, &meeting, &proposal).await?))
}

fn announcement(kind: &str, payload: serde_json::Value) -> NewMeetingEvent {
    NewMeetingEvent { kind: kind.into(), payload: payload.to_string() }
}

fn lock_event(document: &str, locked: bool) -> NewMeetingEvent {
    announcement("document-lock", serde_json::json!({ "document": document, "locked": locked }))
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
    let (meeting, _) = meeting_as(&state, &caller, &meeting_id, Action::RunAgreement).await?;
    if let Some(existing) = state.store.latest_proposal(&meeting.id).await? {
        if existing.status != ProposalStatus::Withdrawn {
            return Err(ApiError::Conflict("the plan is already proposed or final".into()));
        }
    }
    let document = document_name(&meeting.id, DocumentKind::Plan);
    // Lock first, so nothing changes between the frozen version and the proposal.
    state.registry.set_locked(&document, true).await;
    let outcome = async {
        let version = save_current(&state, &caller, &meeting, "Proposed for agreement".into()).await?;
        let proposal = Proposal {
            id: new_id(),
            meeting_id: meeting.id.clone(),
            version_id: version.id.clone(),
            version_hash: version.hash.clone(),
            proposed_by: caller.subject.reference(),
            proposed_at: now_millis(),
            status: ProposalStatus::Open,
            closed_at: None,
        };
        let events = [
            lock_event(&document, true),
            announcement("proposal", serde_json::json!({ "status": "open", "version_hash": version.hash })),
        ];
        state.store.open_proposal(&proposal, &document, &events).await.map_err(|error| match error {
            StoreError::Conflict(_) => ApiError::Conflict("the plan is already proposed or final".into()),
            other => ApiError::Internal(other),
        })?;
        Ok::<_, ApiError>(proposal)
    }
    .await;
    let proposal = match outcome {
        Ok(proposal) => proposal,
        Err(error) => {
            state.registry.set_locked(&document, false).await;
            return Err(error);
        }
    };
    state.events.poke();
    let detail = serde_json::json!({ "version_hash": proposal.version_hash });
    state.store.append_audit(&caller.audit(Some(&meeting.id), "plan_proposed", detail), now_millis()).await?;
    Ok((StatusCode::CREATED, Json(proposal_view(&state, &meeting, &proposal).await?)))
}

async fn open_proposal(state: &AppState, meeting: &Meeting) -> Result<Proposal, ApiError> {
    state
        .store
        .latest_proposal(&meeting.id)
        .await?
        .filter(|proposal| proposal.status == ProposalStatus::Open)
        .ok_or_else(|| ApiError::Conflict("the plan is not proposed for agreement at the moment".into()))
}

/// Withdraw the proposal: editing reopens and the decisions made on it no longer count.
#[utoipa::path(delete, path = "/api/meetings/{meeting_id}/proposal", tag = "agreement", params(("meeting_id" = String, Path)),
    responses((status = 200, body = ProposalView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn withdraw(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<String>,
) -> Result<Json<ProposalView>, ApiError> {
    let (meeting, _) = meeting_as(&state, &caller, &meeting_id, Action::RunAgreement).await?;
    let proposal = open_proposal(&state, &meeting).await?;
    let document = document_name(&meeting.id, DocumentKind::Plan);
    let events = [
        lock_event(&document, false),
        announcement("proposal", serde_json::json!({ "status": "withdrawn", "version_hash": proposal.version_hash })),
    ];
    state.store.close_proposal(&proposal, ProposalStatus::Withdrawn, now_millis(), &document, &events).await?;
    state.registry.set_locked(&document, false).await;
    state.events.poke();
    let detail = serde_json::json!({ "version_hash": proposal.version_hash });
    state.store.append_audit(&caller.audit(Some(&meeting.id), "proposal_withdrawn", detail), now_millis()).await?;
    let closed = Proposal { status: ProposalStatus::Withdrawn, ..proposal };
    Ok(Json(proposal_view(&state, &meeting, &closed).await?))
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
    let (meeting, _) = meeting_as(&state, &caller, &meeting_id, Action::RunAgreement).await?;
    let proposal = open_proposal(&state, &meeting).await?;
    let decisions = state.store.decisions(&proposal.id).await?;
    let referrer = decisions.iter().find(|decision| decision.role == "referrer");
    match referrer.map(|decision| decision.decision.as_str()) {
        Some("agreed") => {}
        Some(other) => {
            return Err(ApiError::Conflict(format!(
                "the referrer's decision is \"{}\"; the family can revise the plan after you withdraw the proposal",
                other.replace('_', " ")
            )))
        }
        None => return Err(ApiError::Conflict("the referrer has not recorded a decision yet".into())),
    }
    let document = document_name(&meeting.id, DocumentKind::Plan);
    let events =
        [announcement("proposal", serde_json::json!({ "status": "final", "version_hash": proposal.version_hash }))];
    state.store.close_proposal(&proposal, ProposalStatus::Final, now_millis(), &document, &events).await?;
    let detail = serde_json::json!({ "version_hash": proposal.version_hash });
    state.store.append_audit(&caller.audit(Some(&meeting.id), "plan_final", detail), now_millis()).await?;
    let closed_meeting =
        crate::meetings::change_stage(state.store.as_ref(), &state.events, &meeting, Stage::Closed).await?;
    if closed_meeting.stage != meeting.stage {
        let detail = serde_json::json!({ "from": meeting.stage, "to": Stage::Closed });
        state.store.append_audit(&caller.audit(Some(&meeting.id), "stage_changed", detail), now_millis()).await?;
    }
    state.events.poke();
    let closed = Proposal { status: ProposalStatus::Final, ..proposal };
    Ok(Json(proposal_view(&state, &closed_meeting, &closed).await?))
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
#[utoipa::path(post, path = "/api/meetings/{meeting_id}/proposal/decisions", request_body = RecordDecision, tag = "agreement",
    params(("meeting_id" = String, Path)),
    responses((status = 200, body = ProposalView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, description = "No open proposal, or the version changed", body = ErrorBody)))]
pub async fn decide(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<String>,
    ApiJson(request): ApiJson<RecordDecision>,
) -> Result<Json<ProposalView>, ApiError> {
    let (meeting, role) = meeting_as(&state, &caller, &meeting_id, Action::Decide).await?;
    let proposal = open_proposal(&state, &meeting).await?;
    if request.version_hash != proposal.version_hash {
        return Err(ApiError::Conflict(
            "this is not the version proposed for agreement; look at the plan again before deciding".into(),
        ));
    }
    let participant = match &caller.subject {
        Subject::Participant { participant, .. } => Some(participant.clone()),
        Subject::Staff(user) => state.store.participant_for_user(&meeting.id, &user.id).await?,
    };
    let is_referrer = participant.as_ref().is_some_and(|participant| participant.is_referrer);
    let role_name = if is_referrer {
        "referrer".to_owned()
    } else {
        match role {
            MeetingRole::Participant(kind) => kind.as_str().to_owned(),
            _ => "practitioner".to_owned(),
        }
    };
    let comment = request.comment.trim().to_owned();
    if comment.chars().count() > 2000 {
        return Err(ApiError::BadRequest("a comment or reason must be at most 2,000 characters".into()));
    }
    let allowed: &[&str] = if is_referrer {
        &["agreed", "not_agreed", "needs_resource_approval"]
    } else {
        &["agree", "agree_with_comment", "do_not_agree"]
    };
    if !allowed.contains(&request.decision.as_str()) {
        return Err(ApiError::BadRequest(format!("the decision must be one of {}", allowed.join(", "))));
    }
    let needs_words = matches!(request.decision.as_str(), "agree_with_comment" | "do_not_agree" | "not_agreed");
    if needs_words && comment.is_empty() {
        let what = if request.decision == "agree_with_comment" { "a comment" } else { "the reasons" };
        return Err(ApiError::BadRequest(format!("please give {what}")));
    }
    let decision = Decision {
        id: new_id(),
        proposal_id: proposal.id.clone(),
        version_hash: proposal.version_hash.clone(),
        decided_by: caller.subject.reference(),
        name: caller.subject.name().to_owned(),
        role: role_name,
        decision: request.decision.clone(),
        comment,
        decided_at: now_millis(),
    };
    let event = announcement(
        "decision",
        serde_json::json!({ "name": decision.name, "role": decision.role, "decision": decision.decision }),
    );
    state.store.record_decision(&meeting.id, &decision, &event).await?;
    state.events.poke();
    let detail = serde_json::json!({ "decision": decision.decision, "version_hash": decision.version_hash });
    state.store.append_audit(&caller.audit(Some(&meeting.id), "decision_recorded", detail), now_millis()).await?;
    Ok(Json(proposal_view(&state, &meeting, &proposal).await?))
}
