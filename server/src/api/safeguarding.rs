//! Safeguarding: contact details with who may see them, and separations between people.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::caller::Caller;
use super::error::{ApiError, ApiJson, ErrorBody};
use super::meetings::timestamp;
use crate::access::room_document_name;
use crate::access::{DetailKind, Visibility};
use crate::domain::safeguarding::{self, ContactUpdate, NewSafetyNote, NewSeparation, ShownDetail};
use crate::state::AppState;
use crate::store::{ContactDetail, PrivateRoom, Separation};
use crate::store::{NoteCategory, SafetyNote};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/meetings/{meeting_id}/participants/{participant_id}/contact", put(set_contact))
        .route("/api/meetings/{meeting_id}/separations", get(list_separations).post(add_separation))
        .route("/api/meetings/{meeting_id}/rooms", get(list_rooms).post(create_room))
        .route("/api/meetings/{meeting_id}/safety-notes", get(list_safety_notes).post(add_safety_note))
        .route("/api/meetings/{meeting_id}/participants/{participant_id}/room", put(assign_room))
}

/// One contact detail, as the person asking may see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContactView {
    pub kind: DetailKind,
    pub value: String,
    /// Who sees it; shown to staff and to its owner only.
    pub visibility: Option<Visibility>,
    /// With the visibility "named": the participants it is shown to besides staff (staff and
    /// its owner only).
    pub shown_to: Option<Vec<String>>,
}

impl ContactView {
    pub fn of(shown: &ShownDetail) -> Self {
        let detail = &shown.detail;
        ContactView {
            kind: detail.kind,
            value: detail.value.clone(),
            visibility: shown.shows_visibility.then_some(detail.visibility),
            shown_to: shown.shows_visibility.then(|| detail.viewers.clone()),
        }
    }

    fn owned(detail: &ContactDetail) -> Self {
        ContactView::of(&ShownDetail { detail: detail.clone(), shows_visibility: true })
    }
}

/// What to change. A value given replaces the one kept (an empty one removes it); one left out
/// stays. `visibility` and `show_to` are the facilitator's: they apply to the details given, or
/// to all of the person's details when none is given.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetContact {
    pub address: Option<String>,
    pub phones: Option<Vec<String>>,
    pub email: Option<String>,
    pub visibility: Option<Visibility>,
    /// Participant ids, with the visibility "named".
    pub show_to: Option<Vec<String>>,
}

/// Set a person's contact details: the facilitator for anyone, with who may see them; a
/// participant for themselves (the values only).
#[utoipa::path(put, path = "/api/meetings/{meeting_id}/participants/{participant_id}/contact", request_body = SetContact,
    tag = "safeguarding", params(("meeting_id" = String, Path), ("participant_id" = String, Path)),
    responses((status = 200, body = Vec<ContactView>), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn set_contact(
    State(state): State<AppState>,
    caller: Caller,
    Path((meeting_id, participant_id)): Path<(String, String)>,
    ApiJson(request): ApiJson<SetContact>,
) -> Result<Json<Vec<ContactView>>, ApiError> {
    let update = ContactUpdate {
        address: request.address,
        phones: request.phones,
        email: request.email,
        visibility: request.visibility,
        show_to: request.show_to,
    };
    let details =
        safeguarding::set_contact_details(&state.domain, &caller.actor(), &meeting_id, &participant_id, update).await?;
    Ok(Json(details.iter().map(ContactView::owned).collect()))
}

/// A separation, for the meeting's staff.
#[derive(Debug, Serialize, ToSchema)]
pub struct SeparationView {
    pub id: String,
    pub first_id: String,
    pub second_id: String,
    /// Neither sees the other's contact details.
    pub no_details: bool,
    /// They are never put in one private room.
    pub no_shared_room: bool,
    pub reason: String,
    pub created_at: String,
}

impl SeparationView {
    fn of(separation: &Separation) -> Self {
        SeparationView {
            id: separation.id.clone(),
            first_id: separation.first_id.clone(),
            second_id: separation.second_id.clone(),
            no_details: separation.no_details,
            no_shared_room: separation.no_shared_room,
            reason: separation.reason.clone(),
            created_at: timestamp(separation.created_at),
        }
    }
}

/// A meeting's separations, with their reasons (its staff only).
#[utoipa::path(get, path = "/api/meetings/{meeting_id}/separations", tag = "safeguarding",
    params(("meeting_id" = String, Path)),
    responses((status = 200, body = Vec<SeparationView>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_separations(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<String>,
) -> Result<Json<Vec<SeparationView>>, ApiError> {
    let separations = safeguarding::separations(&state.domain, &caller.actor(), &meeting_id).await?;
    Ok(Json(separations.iter().map(SeparationView::of).collect()))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddSeparation {
    pub first_id: String,
    pub second_id: String,
    #[serde(default)]
    pub no_details: bool,
    #[serde(default)]
    pub no_shared_room: bool,
    /// Why, for staff only.
    pub reason: String,
}

/// Record that two people are kept apart (the facilitator only). Recorded again between the
/// same two, it adds to what was recorded.
#[utoipa::path(post, path = "/api/meetings/{meeting_id}/separations", request_body = AddSeparation, tag = "safeguarding",
    params(("meeting_id" = String, Path)),
    responses((status = 201, body = SeparationView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn add_separation(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<String>,
    ApiJson(request): ApiJson<AddSeparation>,
) -> Result<impl IntoResponse, ApiError> {
    let new = NewSeparation {
        first_id: request.first_id,
        second_id: request.second_id,
        no_details: request.no_details,
        no_shared_room: request.no_shared_room,
        reason: request.reason,
    };
    let separation = safeguarding::add_separation(&state.domain, &caller.actor(), &meeting_id, new).await?;
    Ok((StatusCode::CREATED, Json(SeparationView::of(&separation))))
}

/// A private room of the family's time: its own document, and who is in it.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoomView {
    /// None for the default room, where everyone not put in another room is.
    pub id: Option<String>,
    pub name: String,
    /// The name of its family-time document under `/sync/`.
    pub document: String,
    /// The participants put in this room. The default room lists none: it holds everyone on the
    /// family side who is in no other room.
    pub members: Vec<String>,
}

impl RoomView {
    fn of(room: &PrivateRoom, members: &[(String, String)]) -> Self {
        RoomView {
            id: Some(room.id.clone()),
            name: room.name.clone(),
            document: room_document_name(&room.meeting_id, Some(&room.id)),
            members: members
                .iter()
                .filter(|(_, in_room)| *in_room == room.id)
                .map(|(member, _)| member.clone())
                .collect(),
        }
    }
}

/// The private rooms of a meeting, the default room first (its staff only).
#[utoipa::path(get, path = "/api/meetings/{meeting_id}/rooms", tag = "safeguarding",
    params(("meeting_id" = String, Path)),
    responses((status = 200, body = Vec<RoomView>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_rooms(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<String>,
) -> Result<Json<Vec<RoomView>>, ApiError> {
    let (rooms, members) = safeguarding::rooms(&state.domain, &caller.actor(), &meeting_id).await?;
    let default = RoomView {
        id: None,
        name: "Everyone else".into(),
        document: room_document_name(&meeting_id, None),
        members: Vec::new(),
    };
    let mut views = vec![default];
    views.extend(rooms.iter().map(|room| RoomView::of(room, &members)));
    Ok(Json(views))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateRoom {
    pub name: String,
}

/// Make a private room with a document of its own (the facilitator only).
#[utoipa::path(post, path = "/api/meetings/{meeting_id}/rooms", request_body = CreateRoom, tag = "safeguarding",
    params(("meeting_id" = String, Path)),
    responses((status = 201, body = RoomView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn create_room(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<String>,
    ApiJson(request): ApiJson<CreateRoom>,
) -> Result<impl IntoResponse, ApiError> {
    let room = safeguarding::create_room(&state.domain, &caller.actor(), &meeting_id, &request.name).await?;
    Ok((StatusCode::CREATED, Json(RoomView::of(&room, &[]))))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignRoom {
    /// The room; null for the default room.
    pub room_id: Option<String>,
}

/// Put a family-side person in a private room (the facilitator only). Their connection to their
/// old room's document closes within a second.
#[utoipa::path(put, path = "/api/meetings/{meeting_id}/participants/{participant_id}/room", request_body = AssignRoom,
    tag = "safeguarding", params(("meeting_id" = String, Path), ("participant_id" = String, Path)),
    responses((status = 204), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn assign_room(
    State(state): State<AppState>,
    caller: Caller,
    Path((meeting_id, participant_id)): Path<(String, String)>,
    ApiJson(request): ApiJson<AssignRoom>,
) -> Result<StatusCode, ApiError> {
    let room = request.room_id.as_deref();
    safeguarding::assign_room(&state.domain, &caller.actor(), &meeting_id, &participant_id, room).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A safety note, for the meeting's staff.
#[derive(Debug, Serialize, ToSchema)]
pub struct SafetyNoteView {
    pub id: String,
    /// The person it is about; null for the whole meeting.
    pub participant_id: Option<String>,
    pub category: NoteCategory,
    pub body: String,
    pub author_name: String,
    pub created_at: String,
}

impl SafetyNoteView {
    fn of(note: &SafetyNote) -> Self {
        SafetyNoteView {
            id: note.id.clone(),
            participant_id: note.participant_id.clone(),
            category: note.category,
            body: note.body.clone(),
            author_name: note.author_name.clone(),
            created_at: timestamp(note.created_at),
        }
    }
}

/// The meeting's safety notes (its facilitator, practitioners with staff accounts, managers).
/// Every read is audited.
#[utoipa::path(get, path = "/api/meetings/{meeting_id}/safety-notes", tag = "safeguarding",
    params(("meeting_id" = String, Path)),
    responses((status = 200, body = Vec<SafetyNoteView>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_safety_notes(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<String>,
) -> Result<Json<Vec<SafetyNoteView>>, ApiError> {
    let notes = safeguarding::safety_notes(&state.domain, &caller.actor(), &meeting_id).await?;
    Ok(Json(notes.iter().map(SafetyNoteView::of).collect()))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddSafetyNote {
    /// The person it is about; left out for the whole meeting.
    pub participant_id: Option<String>,
    pub category: NoteCategory,
    pub body: String,
}

/// Add a safety note (the facilitator only). Notes are never changed; a correction is a further
/// note.
#[utoipa::path(post, path = "/api/meetings/{meeting_id}/safety-notes", request_body = AddSafetyNote, tag = "safeguarding",
    params(("meeting_id" = String, Path)),
    responses((status = 201, body = SafetyNoteView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn add_safety_note(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<String>,
    ApiJson(request): ApiJson<AddSafetyNote>,
) -> Result<impl IntoResponse, ApiError> {
    let new = NewSafetyNote { participant_id: request.participant_id, category: request.category, body: request.body };
    let note = safeguarding::add_safety_note(&state.domain, &caller.actor(), &meeting_id, new).await?;
    Ok((StatusCode::CREATED, Json(SafetyNoteView::of(&note))))
}
