//! Meetings: create and list them, move their stage, follow their live events, read their audit.

use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::IntoResponse;
use axum::routing::{get, put};
use axum::{Json, Router};
use chrono::DateTime;
use futures_util::Stream;
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast::error::RecvError;
use utoipa::ToSchema;

use super::caller::{Caller, Subject};
use super::error::{ApiError, ApiJson, ErrorBody};
use super::meeting_as;
use crate::access::{document_name, hears_version_labels, sees_separations, Action, DocumentKind, MeetingRole, Stage};
use crate::domain::meetings::{self, NewMeeting};
use crate::domain::safeguarding;
use crate::events::MeetingEvent;
use crate::secrets::now_millis;
use crate::state::AppState;
use crate::store::{AuditEvent, Meeting, MeetingKind};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/meetings", get(list).post(create))
        .route("/api/meetings/{meeting_id}", get(show))
        .route("/api/meetings/{meeting_id}/stage", put(move_stage))
        .route("/api/meetings/{meeting_id}/events", get(events))
        .route("/api/meetings/{meeting_id}/audit", get(audit))
        .route("/api/audit", get(service_audit))
}

pub use crate::time::timestamp;

/// The names to put after `/sync/` for each document of a meeting.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingDocuments {
    pub plan: String,
    pub family_time: String,
    pub comments: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingView {
    pub id: String,
    pub title: String,
    pub kind: MeetingKind,
    /// RFC 3339.
    pub scheduled_at: Option<String>,
    pub stage: Stage,
    pub stage_changed_at: String,
    pub facilitator_id: String,
    pub follows_meeting_id: Option<String>,
    /// The case the meeting belongs to.
    pub case_id: Option<String>,
    /// The day the meeting was held (it first left preparation).
    pub held_on: Option<String>,
    /// Once its plan is agreed, the day it is to be reviewed.
    pub review_due_on: Option<String>,
    /// The meeting's language (a code from `GET /api/languages`): the shared screen's.
    pub language: String,
    pub documents: MeetingDocuments,
}

impl MeetingView {
    pub fn of(meeting: &Meeting) -> Self {
        MeetingView {
            id: meeting.id.clone(),
            title: meeting.title.clone(),
            kind: meeting.kind,
            scheduled_at: meeting.scheduled_at.map(timestamp),
            stage: meeting.stage,
            stage_changed_at: timestamp(meeting.stage_changed_at),
            facilitator_id: meeting.facilitator_id.clone(),
            follows_meeting_id: meeting.follows_meeting_id.clone(),
            case_id: meeting.case_id.clone(),
            held_on: meeting.held_on.clone(),
            review_due_on: meeting.review_due_on.clone(),
            language: meeting.language.clone(),
            documents: MeetingDocuments {
                plan: document_name(&meeting.id, DocumentKind::Plan),
                family_time: document_name(&meeting.id, DocumentKind::FamilyTime),
                comments: document_name(&meeting.id, DocumentKind::Comments),
            },
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateMeeting {
    pub title: String,
    /// `fnm` (the default), `fgc` or `review`.
    pub kind: Option<MeetingKind>,
    /// RFC 3339, such as `2026-12-01T10:00:00Z`.
    pub scheduled_at: Option<String>,
    /// For a review: the meeting it follows (the review joins its case).
    pub follows_meeting_id: Option<String>,
    /// The case the meeting belongs to; without one, a case of its own is opened with it. The
    /// case's first meeting starts from the referral's worries, bottom lines and questions.
    pub case_id: Option<String>,
}

/// Set up a meeting; the caller becomes its facilitator.
#[utoipa::path(operation_id = "create_meeting", post, path = "/api/meetings", request_body = CreateMeeting, tag = "meetings",
    responses((status = 201, body = MeetingView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<CreateMeeting>,
) -> Result<impl IntoResponse, ApiError> {
    let Subject::Staff(user) = &caller.subject else {
        return Err(ApiError::Forbidden("only a facilitator can set up a meeting".into()));
    };
    let scheduled_at = match request.scheduled_at.as_deref() {
        Some(text) => Some(
            DateTime::parse_from_rfc3339(text)
                .map_err(|_| {
                    ApiError::BadRequest("scheduled_at must be a date and time like 2026-12-01T10:00:00Z".into())
                })?
                .timestamp_millis(),
        ),
        None => None,
    };
    let new = NewMeeting {
        title: request.title,
        kind: request.kind.unwrap_or(MeetingKind::Fnm),
        scheduled_at,
        follows_meeting_id: request.follows_meeting_id,
        case_id: request.case_id,
    };
    let meeting = meetings::create_meeting(&state.domain, &caller.actor(), user, new).await?;
    Ok((StatusCode::CREATED, Json(MeetingView::of(&meeting))))
}

/// The meetings the caller may see.
#[utoipa::path(operation_id = "list_meetings", get, path = "/api/meetings", tag = "meetings",
    responses((status = 200, body = Vec<MeetingView>), (status = 401, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, caller: Caller) -> Result<Json<Vec<MeetingView>>, ApiError> {
    let meetings = match &caller.subject {
        Subject::Staff(user) => state.store.meetings_for_user(user).await?,
        Subject::Participant { participant, .. } => {
            state.store.meeting(&participant.meeting_id).await?.into_iter().collect()
        }
    };
    Ok(Json(meetings.iter().map(MeetingView::of).collect()))
}

#[utoipa::path(operation_id = "show_meeting", get, path = "/api/meetings/{meeting_id}", tag = "meetings",
    params(("meeting_id" = String, Path)),
    responses((status = 200, body = MeetingView), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<String>,
) -> Result<Json<MeetingView>, ApiError> {
    let (meeting, _) = meeting_as(&state, &caller, &meeting_id, Action::ViewMeeting).await?;
    let mut view = MeetingView::of(&meeting);
    // The family's private space is the caller's own private room's document.
    let participant = safeguarding::participant_in(&state.domain, &caller.actor(), &meeting).await?;
    if participant.is_some() {
        view.documents.family_time =
            safeguarding::family_document_for(state.store.as_ref(), &meeting.id, participant.as_deref()).await?;
    }
    Ok(Json(view))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct MoveStage {
    pub stage: Stage,
}

/// Move the meeting to another stage (the facilitator only). Everyone connected hears of it at
/// once; entering private family time closes professionals' connections to the family's documents.
#[utoipa::path(put, path = "/api/meetings/{meeting_id}/stage", request_body = MoveStage, tag = "meetings",
    params(("meeting_id" = String, Path)),
    responses((status = 200, body = MeetingView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn move_stage(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<String>,
    ApiJson(request): ApiJson<MoveStage>,
) -> Result<Json<MeetingView>, ApiError> {
    let moved = meetings::move_stage(&state.domain, &caller.actor(), &meeting_id, request.stage).await?;
    Ok(Json(MeetingView::of(&moved)))
}

/// What an event stream sends.
#[derive(Debug, Serialize, ToSchema)]
pub struct StageEvent {
    pub stage: Stage,
    pub changed_at: String,
}

/// The meeting's live events as server-sent events: `stage` first (the current stage) and on
/// every change; `access-revoked` when someone's link is revoked. The stream ends when the
/// caller's own access ends.
#[utoipa::path(get, path = "/api/meetings/{meeting_id}/events", tag = "meetings",
    params(("meeting_id" = String, Path)),
    responses((status = 200, description = "text/event-stream"), (status = 404, body = ErrorBody)))]
pub async fn events(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<String>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let receiver = state.events.subscribe();
    let (meeting, role) = meeting_as(&state, &caller, &meeting_id, Action::ViewMeeting).await?;
    let Some(admission) = state.admissions.admit_event_stream() else {
        return Err(ApiError::Unavailable(
            "the server has too many live pages open; try again in a few minutes".into(),
        ));
    };
    let first = stage_event(meeting.stage, meeting.stage_changed_at);
    let follower = EventFollower {
        state,
        caller: Arc::new(caller),
        meeting_id,
        role,
        stage: meeting.stage,
        receiver,
        pending: Some(first),
        _admission: admission,
    };
    let stream = futures_util::stream::unfold(follower, |mut follower| async move {
        let event = follower.next().await?;
        Some((Ok(event), follower))
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}

fn stage_event(stage: Stage, changed_at: i64) -> Event {
    let body = StageEvent { stage, changed_at: timestamp(changed_at) };
    Event::default().event("stage").json_data(body).expect("a stage event serialises")
}

struct EventFollower {
    /// The stream's place among the server's open streams, given back when it ends.
    _admission: crate::admission::StreamAdmission,
    state: AppState,
    caller: Arc<Caller>,
    meeting_id: String,
    /// What the caller is to the meeting, which decides what of the family's news they hear.
    role: MeetingRole,
    /// The stage as this stream last told it.
    stage: Stage,
    receiver: tokio::sync::broadcast::Receiver<Arc<MeetingEvent>>,
    pending: Option<Event>,
}

impl EventFollower {
    /// The next event for this caller, or None when the stream must end.
    async fn next(&mut self) -> Option<Event> {
        if let Some(event) = self.pending.take() {
            return Some(event);
        }
        loop {
            let received = tokio::select! {
                received = self.receiver.recv() => received,
                _ = self.state.shutdown.cancelled() => return None,
            };
            let event = match received {
                Ok(event) => event,
                Err(RecvError::Closed) => return None,
                // Fell behind: the current stage says all that matters.
                Err(RecvError::Lagged(_)) => {
                    let meeting = self.state.store.meeting(&self.meeting_id).await.ok()??;
                    self.stage = meeting.stage;
                    return Some(stage_event(meeting.stage, meeting.stage_changed_at));
                }
            };
            match event.as_ref() {
                MeetingEvent::Stage { meeting_id, stage, changed_at } if *meeting_id == self.meeting_id => {
                    self.stage = *stage;
                    return Some(stage_event(*stage, *changed_at));
                }
                MeetingEvent::AccessRevoked { meeting_id, participant_id, .. } if *meeting_id == self.meeting_id => {
                    if let Subject::Participant { participant, .. } = &self.caller.subject {
                        if participant.id == *participant_id {
                            return None;
                        }
                    }
                    let body = serde_json::json!({ "participant_id": participant_id });
                    return Some(Event::default().event("access-revoked").data(body.to_string()));
                }
                MeetingEvent::SessionEnded { session_id } if *session_id == self.caller.session_id => return None,
                MeetingEvent::MeetingErased { meeting_id } if *meeting_id == self.meeting_id => return None,
                // A person moved between private rooms (or kept from sharing one) hears that their
                // room changed, and staff hear whom it concerns; nobody else hears of it.
                MeetingEvent::RoomChanged { meeting_id, participant_ids } if *meeting_id == self.meeting_id => {
                    if let Subject::Participant { participant, .. } = &self.caller.subject {
                        if participant_ids.contains(&participant.id) {
                            return Some(Event::default().event("room-changed").data("{}"));
                        }
                    } else if sees_separations(self.role) {
                        let body = serde_json::json!({ "participant_ids": participant_ids });
                        return Some(Event::default().event("room-changed").data(body.to_string()));
                    }
                }
                MeetingEvent::Announcement { meeting_id, kind, payload } if *meeting_id == self.meeting_id => {
                    let mut payload = payload.clone();
                    // A version's label is the family's own words: while private time runs, those
                    // who are not with the family hear only that a version was saved.
                    if kind == "version" && !hears_version_labels(self.role, self.stage) {
                        if let Some(fields) = payload.as_object_mut() {
                            fields.remove("label");
                        }
                    }
                    return Some(Event::default().event(kind.as_str()).data(payload.to_string()));
                }
                _ => {}
            }
        }
    }
}

/// The meeting's audit log (the facilitator and managers).
#[utoipa::path(get, path = "/api/meetings/{meeting_id}/audit", tag = "meetings",
    params(("meeting_id" = String, Path)),
    responses((status = 200, body = Vec<AuditEvent>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn audit(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<String>,
) -> Result<Json<Vec<AuditEvent>>, ApiError> {
    let (meeting, _) = meeting_as(&state, &caller, &meeting_id, Action::ViewAudit).await?;
    state
        .store
        .append_audit(&caller.audit(Some(&meeting.id), "audit_viewed", serde_json::json!({})), now_millis())
        .await?;
    Ok(Json(state.store.audit_for_meeting(&meeting.id).await?))
}

/// The newest events of the whole service, sign-ins included (managers only).
#[utoipa::path(get, path = "/api/audit", tag = "meetings",
    responses((status = 200, body = Vec<AuditEvent>), (status = 403, body = ErrorBody)))]
pub async fn service_audit(State(state): State<AppState>, caller: Caller) -> Result<Json<Vec<AuditEvent>>, ApiError> {
    match &caller.subject {
        Subject::Staff(user) if user.role == crate::access::StaffRole::Manager => {}
        _ => return Err(ApiError::Forbidden("only a manager can read the service's audit log".into())),
    }
    state.store.append_audit(&caller.audit(None, "audit_viewed", serde_json::json!({})), now_millis()).await?;
    Ok(Json(state.store.audit_recent(1000).await?))
}
