//! Short-lived WebSocket tokens for a meeting's documents, for the current session.

use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;
use utoipa::ToSchema;

use super::caller::Caller;
use super::error::{ApiError, ErrorBody};
use super::meeting_as;
use super::meetings::timestamp;
use crate::access::{Action, DocumentKind};
use crate::auth::DocumentRole;
use crate::domain::meetings;
use crate::open_documents::OpenDocument;
use crate::secrets::now_millis;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/meetings/{meeting_id}/documents/{kind}/token", post(token))
        .route("/api/meetings/{meeting_id}/documents/open", get(open))
        .route("/api/meetings/{meeting_id}/documents/{kind}/saved", get(saved))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SavedState {
    /// The document this person opens (their own private room's, for family time).
    pub document: String,
    /// What the server has stored of each client's edits: the Yjs state vector (encoding v1),
    /// in base64. An edit is saved once the vector's clock for its client reaches it.
    pub state_vector: String,
}

/// What the server has stored of a document this person may open, to show them whether what they
/// wrote is saved (the same document and access as a token for it).
#[utoipa::path(get, path = "/api/meetings/{meeting_id}/documents/{kind}/saved", tag = "documents",
    params(("meeting_id" = String, Path), ("kind" = String, Path, description = "plan, family-time, comments or glossary")),
    responses((status = 200, body = SavedState), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 503, body = ErrorBody)))]
pub async fn saved(
    State(state): State<AppState>,
    caller: Caller,
    Path((meeting_id, kind)): Path<(String, String)>,
) -> Result<Json<SavedState>, ApiError> {
    // The same checks as a token's: the document is the one this person would open, now.
    let (_, issued) = issue(&state, &caller, &meeting_id, &kind).await?;
    let vector = state
        .domain
        .live
        .committed_state_vector(&issued.document)
        .await
        .map_err(|_| ApiError::Unavailable("the document could not be read just now; try again".into()))?;
    use base64::Engine as _;
    Ok(Json(SavedState {
        document: issued.document,
        state_vector: base64::engine::general_purpose::STANDARD.encode(vector),
    }))
}

/// Who has the meeting's family documents (the plan and the family's space) open now, named by
/// the server from their sign-in or link, whatever their client shows of itself. Everyone in the
/// meeting may see it, the family above all: nobody sits in private time unseen.
#[utoipa::path(get, path = "/api/meetings/{meeting_id}/documents/open", tag = "documents",
    params(("meeting_id" = String, Path)),
    responses((status = 200, body = Vec<OpenDocument>), (status = 404, body = ErrorBody)))]
pub async fn open(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<String>,
) -> Result<Json<Vec<OpenDocument>>, ApiError> {
    let (meeting, _) = meeting_as(&state, &caller, &meeting_id, Action::ViewMeeting).await?;
    Ok(Json(state.open_documents.of_meeting(&meeting.id)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentToken {
    /// The name to put after `/sync/`.
    pub document: String,
    /// The value of the `token` parameter. It works for a few minutes; ask again to reconnect.
    pub token: String,
    pub role: DocumentRole,
    pub expires_at: String,
}

/// A token to open one of the meeting's documents (`plan`, `family-time` or `comments`), with
/// what the caller may do there at the current stage.
#[utoipa::path(post, path = "/api/meetings/{meeting_id}/documents/{kind}/token", tag = "documents",
    params(("meeting_id" = String, Path), ("kind" = String, Path, description = "plan, family-time or comments")),
    responses((status = 200, body = DocumentToken), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn token(
    State(state): State<AppState>,
    caller: Caller,
    Path((meeting_id, kind)): Path<(String, String)>,
) -> Result<Json<DocumentToken>, ApiError> {
    let (meeting, issued) = issue(&state, &caller, &meeting_id, &kind).await?;
    let detail = serde_json::json!({ "document": issued.document, "role": issued.role });
    state.store.append_audit(&caller.audit(Some(&meeting.id), "token_issued", detail), now_millis()).await?;
    Ok(Json(DocumentToken {
        document: issued.document,
        token: issued.token,
        role: issued.role,
        expires_at: timestamp(issued.expires_at),
    }))
}

/// A token for document `kind` of meeting `meeting_id` as the caller may open it now: their own
/// private room's or glossary's, with the access their part and the stage give.
async fn issue(
    state: &AppState,
    caller: &Caller,
    meeting_id: &str,
    kind: &str,
) -> Result<(crate::store::Meeting, meetings::IssuedToken), ApiError> {
    let kind = DocumentKind::parse(kind).ok_or(ApiError::NotFound("that document"))?;
    let (meeting, role) = meeting_as(state, caller, meeting_id, Action::ViewMeeting).await?;
    let participant = crate::domain::safeguarding::participant_in(&state.domain, &caller.actor(), &meeting).await?;
    let holder = meetings::TokenHolder {
        role,
        participant: participant.as_deref(),
        subject: caller.subject.reference(),
        grant: caller.grant(),
    };
    let issued = meetings::document_token(state.store.as_ref(), &state.tokens, &meeting, holder, kind).await?;
    Ok((meeting, issued))
}
