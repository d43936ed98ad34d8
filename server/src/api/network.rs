//! The family network: people of a meeting, their join links, and joining by link.

use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::caller::{Caller, Subject};
use super::consent::ConsentView;
use super::error::{ApiError, ApiJson, ErrorBody};
use super::meetings::timestamp;
use super::safeguarding::ContactView;
use super::session::{check_password, refusal, session_cookie, SessionInfo};
use super::PeerAddress;
use crate::access::{sees_consents, sees_network_details, MeetingRole, ParticipantKind};
use crate::domain::i18n;
use crate::domain::meetings::{self, NewLink, NewParticipant, DEFAULT_LINK_VALIDITY, MAX_CODE_ATTEMPTS};
use crate::domain::{consent, safeguarding};
use crate::secrets::{now_millis, secret_hash};
use crate::state::AppState;
use crate::store::{JoinLink, NewAuditEvent, Participant};

/// The longest join secret or access code looked at; anything longer is no link or code.
const MAX_SECRET: usize = 128;
const MAX_CODE: usize = 32;

/// The longest a participant session lasts before they open their link again.
const PARTICIPANT_SESSION: Duration = Duration::from_secs(12 * 60 * 60);

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/meetings/{meeting_id}/participants", get(list).post(add))
        .route("/api/meetings/{meeting_id}/participants/{participant_id}/links", post(create_link))
        .route("/api/meetings/{meeting_id}/participants/{participant_id}/revoke", post(revoke))
        .route("/api/join/preview", post(preview))
        .route("/api/join", post(join))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LinkView {
    pub id: String,
    pub expires_at: String,
    pub revoked: bool,
    pub has_access_code: bool,
    /// Locked after too many wrong access codes.
    pub locked: bool,
}

impl LinkView {
    fn of(link: &JoinLink) -> Self {
        LinkView {
            id: link.id.clone(),
            expires_at: timestamp(link.expires_at),
            revoked: link.revoked_at.is_some(),
            has_access_code: link.access_code_hash.is_some(),
            locked: link.failed_code_attempts >= MAX_CODE_ATTEMPTS,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ParticipantView {
    pub id: String,
    pub display_name: String,
    pub relationship: String,
    pub kind: ParticipantKind,
    /// Shown to staff only (the facilitator, practitioners of the meeting, managers); null for
    /// the family and observers, who see names and relationships.
    pub language: Option<String>,
    /// Staff only, as `language`.
    pub access_needs: Option<String>,
    /// Whether this person has a staff account.
    pub is_staff: bool,
    pub is_referrer: bool,
    /// This participant is the person asking (by link, or a staff member linked to it).
    pub is_you: bool,
    /// Their join links; shown to the facilitator only.
    pub links: Option<Vec<LinkView>>,
    /// Their address, phone numbers and email, only as far as the person asking may see them.
    pub contact: Vec<ContactView>,
    /// Where they stand on consent; shown to staff, and to the person themselves.
    pub consent: Option<ConsentView>,
    /// The language they need an interpreter in (empty: none); shown to staff, interpreters and
    /// the person themselves.
    pub needs_interpreter: Option<String>,
    /// For an interpreter: whether they have said they have no connection to the family (staff
    /// and the interpreter see it).
    pub declared_no_connection: Option<bool>,
    /// For an interpreter: whether the family has asked them into their private time (everyone in
    /// the meeting sees it).
    pub in_family_time: Option<bool>,
    /// Named by the facilitator as expected to decide on the plan (staff see it).
    pub named_to_decide: Option<bool>,
}

impl ParticipantView {
    fn of(participant: &Participant, links: Option<Vec<LinkView>>, caller: Option<&Caller>, staff: bool) -> Self {
        let is_you = caller.is_some_and(|caller| match &caller.subject {
            Subject::Participant { participant: own, .. } => own.id == participant.id,
            Subject::Staff(user) => participant.user_id.as_deref() == Some(user.id.as_str()),
        });
        ParticipantView {
            id: participant.id.clone(),
            display_name: participant.display_name.clone(),
            relationship: participant.relationship.clone(),
            kind: participant.kind,
            language: staff.then(|| participant.language.clone()),
            access_needs: staff.then(|| participant.access_needs.clone()),
            is_staff: participant.user_id.is_some(),
            is_referrer: participant.is_referrer,
            is_you,
            links,
            contact: Vec::new(),
            consent: None,
            needs_interpreter: (staff || is_you).then(|| participant.needs_interpreter.clone()),
            declared_no_connection: (participant.kind == ParticipantKind::Interpreter && (staff || is_you))
                .then_some(participant.no_connection_declared_at.is_some()),
            in_family_time: (participant.kind == ParticipantKind::Interpreter)
                .then_some(participant.family_time_invited_by.is_some()),
            named_to_decide: staff.then_some(participant.named_to_decide),
        }
    }
}

/// The people of a meeting: names and relationships for everyone in it; languages and access
/// needs for staff only; contact details only as far as each detail's visibility and the
/// meeting's separations let the person asking see them.
#[utoipa::path(operation_id = "list_people", get, path = "/api/meetings/{meeting_id}/participants", tag = "network",
    params(("meeting_id" = String, Path)),
    responses((status = 200, body = Vec<ParticipantView>), (status = 404, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<String>,
) -> Result<Json<Vec<ParticipantView>>, ApiError> {
    let (meeting, role, viewer) = safeguarding::network_viewer(&state.domain, &caller.actor(), &meeting_id).await?;
    let details = safeguarding::visible_details(state.store.as_ref(), &meeting, role, viewer.as_deref()).await?;
    let consents = state.store.consents(&meeting.id).await?;
    let mut views = Vec::new();
    for participant in state.store.participants(&meeting.id).await? {
        let links = if role == MeetingRole::Facilitator {
            let links = state.store.links_of_participant(&participant.id).await?;
            Some(links.iter().map(LinkView::of).collect())
        } else {
            None
        };
        let mut view = ParticipantView::of(&participant, links, Some(&caller), sees_network_details(role));
        if role.is_interpreter() {
            view.needs_interpreter = Some(participant.needs_interpreter.clone());
        }
        let theirs = details.iter().filter(|shown| shown.detail.participant_id == participant.id);
        view.contact = theirs.map(ContactView::of).collect();
        if sees_consents(role) || viewer.as_deref() == Some(participant.id.as_str()) {
            view.consent = Some(ConsentView::of(&consent::status_of(&consents, &participant.id)));
        }
        views.push(view);
    }
    Ok(Json(views))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AddParticipant {
    pub display_name: String,
    #[serde(default)]
    pub relationship: String,
    pub kind: ParticipantKind,
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub access_needs: String,
    /// For a practitioner with a staff account: their email, so they can open the meeting.
    pub staff_email: Option<String>,
    /// This practitioner is the referrer, whose decision makes the plan final.
    #[serde(default)]
    pub is_referrer: bool,
    /// A child's date of birth (YYYY-MM-DD), when known: a retention rule may run from it.
    pub date_of_birth: Option<String>,
    /// The language this person needs an interpreter in, if they need one.
    #[serde(default)]
    pub needs_interpreter: String,
}

/// Add someone to the network (the facilitator only).
#[utoipa::path(post, path = "/api/meetings/{meeting_id}/participants", request_body = AddParticipant, tag = "network",
    params(("meeting_id" = String, Path)),
    responses((status = 201, body = ParticipantView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn add(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<String>,
    ApiJson(request): ApiJson<AddParticipant>,
) -> Result<impl IntoResponse, ApiError> {
    let new = NewParticipant {
        display_name: request.display_name,
        relationship: request.relationship,
        kind: request.kind,
        language: request.language,
        access_needs: request.access_needs,
        staff_email: request.staff_email,
        is_referrer: request.is_referrer,
        date_of_birth: request.date_of_birth,
        needs_interpreter: request.needs_interpreter,
    };
    let participant = meetings::add_participant(&state.domain, &caller.actor(), &meeting_id, new).await?;
    Ok((StatusCode::CREATED, Json(ParticipantView::of(&participant, Some(Vec::new()), Some(&caller), true))))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateLink {
    /// Also make a six-digit code, to give the person separately (by phone).
    #[serde(default)]
    pub access_code: bool,
    /// How many days the link works; 14 unless given (1 to 90).
    pub valid_for_days: Option<u32>,
}

/// A new join link. The link and its code are shown this once; only their hashes are kept.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedLinkView {
    pub link_id: String,
    pub participant_id: String,
    pub url: String,
    pub access_code: Option<String>,
    pub expires_at: String,
}

/// Make a join link for a participant (the facilitator only).
#[utoipa::path(post, path = "/api/meetings/{meeting_id}/participants/{participant_id}/links", request_body = CreateLink,
    tag = "network", params(("meeting_id" = String, Path), ("participant_id" = String, Path)),
    responses((status = 201, body = CreatedLinkView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn create_link(
    State(state): State<AppState>,
    caller: Caller,
    Path((meeting_id, participant_id)): Path<(String, String)>,
    ApiJson(request): ApiJson<CreateLink>,
) -> Result<impl IntoResponse, ApiError> {
    let valid_for =
        request.valid_for_days.map_or(DEFAULT_LINK_VALIDITY, |days| Duration::from_secs(u64::from(days) * 86_400));
    let new = NewLink {
        with_access_code: request.access_code,
        valid_for,
        public_url: state.public_url.clone(),
        open_session: false,
    };
    let (created, _) = meetings::create_link(&state.domain, &caller.actor(), &meeting_id, &participant_id, new).await?;
    let view = CreatedLinkView {
        link_id: created.link.id.clone(),
        participant_id: created.link.participant_id.clone(),
        url: created.url,
        access_code: created.access_code,
        expires_at: timestamp(created.link.expires_at),
    };
    Ok((StatusCode::CREATED, Json(view)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Revoked {
    pub revoked_link_ids: Vec<String>,
}

/// Revoke every link of a participant (the facilitator only). Their open connections close
/// within a second and new ones are refused.
#[utoipa::path(post, path = "/api/meetings/{meeting_id}/participants/{participant_id}/revoke", tag = "network",
    params(("meeting_id" = String, Path), ("participant_id" = String, Path)),
    responses((status = 200, body = Revoked), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn revoke(
    State(state): State<AppState>,
    caller: Caller,
    Path((meeting_id, participant_id)): Path<(String, String)>,
) -> Result<Json<Revoked>, ApiError> {
    let revoked = meetings::revoke_links(&state.domain, &caller.actor(), &meeting_id, &participant_id).await?;
    Ok(Json(Revoked { revoked_link_ids: revoked }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct JoinSecret {
    /// The secret from the join link (the part after `#`).
    pub secret: String,
    /// The six-digit code, when the link has one.
    pub access_code: Option<String>,
}

/// What the join page shows before someone joins.
#[derive(Debug, Serialize, ToSchema)]
pub struct JoinPreview {
    /// Null when the link needs an access code: nothing of the meeting (its title often names
    /// the child) shows before the code is given.
    pub meeting_title: Option<String>,
    /// Null when the link needs an access code, as `meeting_title`.
    pub display_name: Option<String>,
    pub needs_access_code: bool,
}

/// The live link behind `secret`, or why it does not work, in words for the person holding it.
async fn live_link(state: &AppState, secret: &str) -> Result<(JoinLink, Participant), ApiError> {
    let link =
        state.store.link_by_secret_hash(&secret_hash(secret.trim())).await?.ok_or(ApiError::NotFound("this link"))?;
    if link.revoked_at.is_some() {
        return Err(ApiError::Gone { code: "link_revoked", message: i18n::say("error-link-revoked", &[]) });
    }
    if link.expires_at <= now_millis() {
        return Err(ApiError::Gone { code: "link_expired", message: i18n::say("error-link-expired", &[]) });
    }
    if link.failed_code_attempts >= MAX_CODE_ATTEMPTS {
        return Err(ApiError::Gone { code: "link_locked", message: i18n::say("error-link-locked", &[]) });
    }
    let participant = state.store.participant(&link.participant_id).await?.ok_or(ApiError::NotFound("this link"))?;
    Ok((link, participant))
}

/// Check a join link before joining: whose it is, and whether it needs a code.
#[utoipa::path(post, path = "/api/join/preview", request_body = JoinSecret, tag = "network",
    responses((status = 200, body = JoinPreview), (status = 404, body = ErrorBody), (status = 410, body = ErrorBody)))]
pub async fn preview(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<JoinSecret>,
) -> Result<Json<JoinPreview>, ApiError> {
    let (link, participant) = live_link(&state, &request.secret).await?;
    let meeting = state.store.meeting(&participant.meeting_id).await?.ok_or(ApiError::NotFound("this link"))?;
    let needs_access_code = link.access_code_hash.is_some();
    Ok(Json(JoinPreview {
        meeting_title: (!needs_access_code).then_some(meeting.title),
        display_name: (!needs_access_code).then_some(participant.display_name),
        needs_access_code,
    }))
}

/// Join with a link (and its code, if it has one): no account, no password. Sets a participant
/// session cookie.
#[utoipa::path(post, path = "/api/join", request_body = JoinSecret, tag = "network",
    responses(
        (status = 200, body = SessionInfo),
        (status = 401, description = "The code is missing or wrong", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 410, description = "Expired, revoked or locked", body = ErrorBody),
        (status = 429, body = ErrorBody),
    ))]
pub async fn join(
    State(state): State<AppState>,
    address: PeerAddress,
    ApiJson(request): ApiJson<JoinSecret>,
) -> Result<impl IntoResponse, ApiError> {
    if request.secret.len() > MAX_SECRET || request.access_code.as_ref().is_some_and(|code| code.len() > MAX_CODE) {
        return Err(ApiError::BadRequest(i18n::say("error-not-a-link", &[])));
    }
    let address_key = format!("join:{}", address.0.clone().unwrap_or_default());
    // Counted before anything is checked; given back unless it was a guess that failed.
    state.address_limiter.reserve(&address_key).await.map_err(refusal)?;
    let (link, participant) = match live_link(&state, &request.secret).await {
        Ok(found) => found,
        Err(error) => {
            if !matches!(error, ApiError::NotFound(_)) {
                state.address_limiter.release(&address_key).await?;
            }
            return Err(error);
        }
    };
    let refused = |action: &str, detail: serde_json::Value| NewAuditEvent {
        meeting_id: Some(participant.meeting_id.clone()),
        actor: format!("participant:{}", participant.id),
        actor_name: participant.display_name.clone(),
        action: action.to_owned(),
        detail: detail.to_string(),
        address: address.0.clone(),
    };
    if let Some(code_hash) = link.access_code_hash.clone() {
        let Some(code) = request.access_code.as_deref().map(str::trim).filter(|code| !code.is_empty()) else {
            state.address_limiter.release(&address_key).await?;
            return Err(ApiError::Refused {
                code: "access_code_required",
                message: i18n::say("error-code-required", &[]),
            });
        };
        // The link counts the attempt before the code is checked, so parallel guesses cannot
        // get past its lock.
        let Some(attempts) = state.store.reserve_code_attempt(&link.id, MAX_CODE_ATTEMPTS).await? else {
            return Err(ApiError::Gone { code: "link_locked", message: i18n::say("error-link-locked", &[]) });
        };
        let matches = check_password(&state, code.to_owned(), code_hash).await;
        if matches {
            state.store.release_code_attempt(&link.id).await?;
        } else {
            let event = refused("link_code_failed", serde_json::json!({ "link_id": link.id, "attempts": attempts }));
            state.store.append_audit(&event, now_millis()).await?;
            let left = (MAX_CODE_ATTEMPTS - attempts).max(0);
            if left == 0 {
                return Err(ApiError::Gone { code: "link_locked", message: i18n::say("error-link-locked-now", &[]) });
            }
            return Err(ApiError::Refused {
                code: "wrong_access_code",
                message: i18n::say("error-wrong-code", &[("left", i18n::arg(left))]),
            });
        }
    }

    state.address_limiter.release(&address_key).await?;
    let (opened, subject) =
        crate::domain::sessions::join(&state.domain, &link, participant, address.0.clone(), PARTICIPANT_SESSION)
            .await?;
    let mut headers = HeaderMap::new();
    headers.insert(header::SET_COOKIE, session_cookie(&state, &opened.secret, opened.lifetime()));
    Ok((headers, Json(SessionInfo::of(&state, &subject).await?)))
}
