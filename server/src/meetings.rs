//! What can be done to a meeting, shared by the API and the command line: create it, move its
//! stage, add people, make and revoke join links, and mint document tokens. Callers check
//! permissions first (with `access`) and write the audit line.

use std::time::Duration;

use crate::access::{
    document_access, document_name, Access, DocumentKind, MeetingRole, ParticipantKind, StaffRole, Stage,
};
use crate::api::error::ApiError;
use crate::auth::{DocumentRole, TokenKeys};
use crate::events::MeetingEvents;
use crate::secrets::{access_code, hash_password, new_id, now_millis, random_secret, secret_hash};
use crate::store::{JoinLink, Meeting, MeetingKind, Participant, Store, User};

/// How long a document token lasts. Clients ask for a new one when they reconnect, so a token
/// copied out of an address is soon worthless.
pub const DOCUMENT_TOKEN_TTL: Duration = Duration::from_secs(5 * 60);
/// How long a join link works unless the facilitator says otherwise.
pub const DEFAULT_LINK_VALIDITY: Duration = Duration::from_secs(14 * 24 * 60 * 60);
/// Wrong access codes a link survives before it locks.
pub const MAX_CODE_ATTEMPTS: i64 = 5;

const MAX_TITLE: usize = 200;
const MAX_NAME: usize = 120;
const MAX_TEXT: usize = 1000;

fn check_text(what: &str, value: &str, max: usize, required: bool) -> Result<String, ApiError> {
    let value = value.trim();
    if required && value.is_empty() {
        return Err(ApiError::BadRequest(format!("{what} is needed")));
    }
    if value.chars().count() > max {
        return Err(ApiError::BadRequest(format!("{what} must be at most {max} characters")));
    }
    if value.chars().any(|c| c.is_control() && c != '\n') {
        return Err(ApiError::BadRequest(format!("{what} must not hold control characters")));
    }
    Ok(value.to_owned())
}

pub struct NewMeeting {
    pub title: String,
    pub kind: MeetingKind,
    pub scheduled_at: Option<i64>,
    pub follows_meeting_id: Option<String>,
}

pub async fn create_meeting(store: &dyn Store, facilitator: &User, new: NewMeeting) -> Result<Meeting, ApiError> {
    if facilitator.role != StaffRole::Facilitator {
        return Err(ApiError::Forbidden("only a facilitator can set up a meeting".into()));
    }
    let title = check_text("a title", &new.title, MAX_TITLE, true)?;
    if let Some(earlier) = &new.follows_meeting_id {
        check_review_may_follow(store, facilitator, earlier).await?;
    }
    let now = now_millis();
    let meeting = Meeting {
        id: new_id(),
        title,
        kind: new.kind,
        scheduled_at: new.scheduled_at,
        stage: Stage::Preparation,
        stage_changed_at: now,
        facilitator_id: facilitator.id.clone(),
        follows_meeting_id: new.follows_meeting_id,
        created_at: now,
    };
    store.create_meeting(&meeting).await?;
    seed_review(store, &meeting).await?;
    Ok(meeting)
}

/// A review may follow only a meeting its facilitator may see (one a stranger to it does not
/// learn exists), and only once that meeting's plan is final: the review reaches the final
/// version and nothing else of it.
async fn check_review_may_follow(store: &dyn Store, facilitator: &User, earlier_id: &str) -> Result<(), ApiError> {
    const UNSEEN: &str = "the meeting this one follows";
    let earlier = store.meeting(earlier_id).await?.ok_or(ApiError::NotFound(UNSEEN))?;
    let subject = crate::api::caller::Subject::Staff(facilitator.clone());
    if subject.role_in(store, &earlier).await? == MeetingRole::Outsider {
        return Err(ApiError::NotFound(UNSEEN));
    }
    let is_final = crate::plan::versions::final_version_hash(store, &earlier.id).await?.is_some();
    if !is_final || earlier.stage != Stage::Closed {
        return Err(ApiError::Conflict("a review can follow a meeting only once its plan is final".into()));
    }
    Ok(())
}

/// A review starts from the agreed plan of the meeting it follows: that version's state becomes
/// the first update of the review's plan document.
async fn seed_review(store: &dyn Store, meeting: &Meeting) -> Result<(), ApiError> {
    let Some(earlier) = &meeting.follows_meeting_id else { return Ok(()) };
    let Some(hash) = crate::plan::versions::final_version_hash(store, earlier).await? else { return Ok(()) };
    let Some(version) = store.version_by_hash(&hash).await? else { return Ok(()) };
    let document = document_name(&meeting.id, DocumentKind::Plan);
    store.append_updates(&document, 1, &[bytes::Bytes::from(version.state)]).await?;
    Ok(())
}

/// Moves `meeting` to `to`, pushing the change to everyone connected. A closed meeting stays
/// closed: changing it means a review meeting.
pub async fn change_stage(
    store: &dyn Store,
    events: &MeetingEvents,
    meeting: &Meeting,
    to: Stage,
) -> Result<Meeting, ApiError> {
    if meeting.stage == Stage::Closed {
        return Err(ApiError::Conflict("the meeting is closed; to change the plan, start a review meeting".into()));
    }
    let mut moved = meeting.clone();
    if meeting.stage == to {
        return Ok(moved);
    }
    let now = now_millis();
    let payload = serde_json::json!({ "stage": to, "from": meeting.stage }).to_string();
    store.set_stage(&meeting.id, to, now, &payload).await?;
    events.poke();
    moved.stage = to;
    moved.stage_changed_at = now;
    Ok(moved)
}

/// Nobody is added to a meeting, or sent a link, while the family is in private time: that would
/// be a way into the family's documents.
fn refuse_in_private_time(meeting: &Meeting) -> Result<(), ApiError> {
    if meeting.stage == Stage::PrivateFamilyTime {
        return Err(ApiError::Forbidden(
            "the family is in private time; nobody can be added or sent a link until it ends".into(),
        ));
    }
    Ok(())
}

pub struct NewParticipant {
    pub display_name: String,
    pub relationship: String,
    pub kind: ParticipantKind,
    pub language: String,
    pub access_needs: String,
    /// A staff account to link, for a practitioner who has one.
    pub staff_email: Option<String>,
    /// The practitioner whose decision makes the plan final.
    pub is_referrer: bool,
}

pub async fn add_participant(
    store: &dyn Store,
    meeting: &Meeting,
    new: NewParticipant,
) -> Result<Participant, ApiError> {
    refuse_in_private_time(meeting)?;
    let user_id = match new.staff_email.as_deref().map(str::trim).filter(|email| !email.is_empty()) {
        Some(email) => {
            let user = store
                .user_by_email(&email.to_lowercase())
                .await?
                .ok_or_else(|| ApiError::BadRequest(format!("there is no staff account for {email}")))?;
            if new.kind != ParticipantKind::Practitioner {
                return Err(ApiError::BadRequest("only a practitioner can be linked to a staff account".into()));
            }
            Some(user.id)
        }
        None => None,
    };
    if new.is_referrer && new.kind != ParticipantKind::Practitioner {
        return Err(ApiError::BadRequest("only a practitioner can be the referrer".into()));
    }
    let participant = Participant {
        id: new_id(),
        meeting_id: meeting.id.clone(),
        display_name: check_text("a name", &new.display_name, MAX_NAME, true)?,
        relationship: check_text("the relationship", &new.relationship, MAX_NAME, false)?,
        kind: new.kind,
        language: check_text("the language", &new.language, MAX_NAME, false)?,
        access_needs: check_text("access needs", &new.access_needs, MAX_TEXT, false)?,
        user_id,
        is_referrer: new.is_referrer,
        created_at: now_millis(),
    };
    store.add_participant(&participant).await?;
    Ok(participant)
}

/// A join link as made: the secret and the access code are shown once and never stored.
pub struct CreatedLink {
    pub link: JoinLink,
    pub url: String,
    pub access_code: Option<String>,
}

pub async fn create_link(
    store: &dyn Store,
    participant: &Participant,
    with_access_code: bool,
    valid_for: Duration,
    public_url: &str,
) -> Result<CreatedLink, ApiError> {
    let meeting = store.meeting(&participant.meeting_id).await?.ok_or(ApiError::NotFound("that meeting"))?;
    refuse_in_private_time(&meeting)?;
    let secret = random_secret();
    let code = with_access_code.then(access_code);
    let code_hash = match &code {
        Some(code) => {
            let code = code.clone();
            Some(tokio::task::spawn_blocking(move || hash_password(&code)).await.expect("hashing does not panic"))
        }
        None => None,
    };
    let now = now_millis();
    let link = JoinLink {
        id: new_id(),
        participant_id: participant.id.clone(),
        secret_hash: secret_hash(&secret),
        access_code_hash: code_hash,
        failed_code_attempts: 0,
        expires_at: now + valid_for.as_millis() as i64,
        revoked_at: None,
        created_at: now,
    };
    store.create_link(&link).await?;
    // The secret travels in the fragment, which browsers never send to a server or a proxy log.
    let url = format!("{}/join#{secret}", public_url.trim_end_matches('/'));
    Ok(CreatedLink { link, url, access_code: code })
}

/// Revokes a participant's links; their open connections close within a second.
pub async fn revoke_links(
    store: &dyn Store,
    events: &MeetingEvents,
    participant: &Participant,
) -> Result<Vec<String>, ApiError> {
    let revoked = store.revoke_participant_links(&participant.meeting_id, &participant.id, now_millis()).await?;
    events.poke();
    Ok(revoked)
}

/// A document token, as handed to a client.
pub struct IssuedToken {
    pub document: String,
    pub token: String,
    pub role: DocumentRole,
    pub expires_at: i64,
}

/// Mints a token for document `kind` of `meeting`, with what `role` may do there now. A locked
/// document (a plan waiting for agreement, or final) gives a reader's token at most.
pub async fn document_token(
    store: &dyn Store,
    tokens: &TokenKeys,
    meeting: &Meeting,
    role: MeetingRole,
    kind: DocumentKind,
    subject: String,
    grant: String,
) -> Result<IssuedToken, ApiError> {
    let mut access = document_access(role, kind, meeting.stage);
    let document = document_name(&meeting.id, kind);
    if access > Access::Read && store.document_lock(&document).await?.is_some() {
        access = Access::Read;
    }
    let document_role = access.role().ok_or_else(|| {
        let why = if meeting.stage == Stage::PrivateFamilyTime && kind != DocumentKind::Comments {
            "the family is in private time; you can come back when it ends".to_owned()
        } else {
            format!("you cannot open the {} document", kind.as_str())
        };
        ApiError::Forbidden(why)
    })?;
    let token = tokens.issue_for(&document, document_role, DOCUMENT_TOKEN_TTL, Some(subject), Some(grant));
    let expires_at = now_millis() + DOCUMENT_TOKEN_TTL.as_millis() as i64;
    Ok(IssuedToken { document, token, role: document_role, expires_at })
}
