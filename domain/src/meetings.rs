//! Meetings and their people: create a meeting, move its stage, add people, make and revoke
//! join links, and mint document tokens.

use std::time::Duration;

use serde_json::json;

use super::{check_date_of_birth, check_text, participant_of, Actor, Domain, DomainError, Who};
use crate::access::{
    allows, document_access, document_name, glossary_document_name, Access, Action, DocumentKind, MeetingRole,
    ParticipantKind, StaffRole, Stage,
};
use crate::auth::{DocumentRole, TokenKeys};
use crate::i18n::Lang;
use crate::secrets::{access_code, hash_password, new_id, now_millis, random_secret, secret_hash};
use crate::store::{JoinLink, Meeting, MeetingKind, Participant, Store, User};

/// How long a document token lasts. Clients ask for a new one when they reconnect, so a token
/// copied out of an address is soon worthless.
pub const DOCUMENT_TOKEN_TTL: Duration = Duration::from_secs(5 * 60);
/// How long a join link works unless the facilitator says otherwise.
pub const DEFAULT_LINK_VALIDITY: Duration = Duration::from_secs(14 * 24 * 60 * 60);
/// The shortest and longest a link may work.
pub const MIN_LINK_VALIDITY: Duration = Duration::from_secs(24 * 60 * 60);
pub const MAX_LINK_VALIDITY: Duration = Duration::from_secs(90 * 24 * 60 * 60);
/// Wrong access codes a link survives before it locks.
pub const MAX_CODE_ATTEMPTS: i64 = 5;

const MAX_TITLE: usize = 200;
const MAX_NAME: usize = 120;
const MAX_TEXT: usize = 1000;

pub struct NewMeeting {
    pub title: String,
    pub kind: MeetingKind,
    pub scheduled_at: Option<i64>,
    pub follows_meeting_id: Option<String>,
    /// The case the meeting belongs to. Without one, a case of its own is opened with it; a
    /// review belongs to the case of the meeting it follows.
    pub case_id: Option<String>,
}

/// Sets up a meeting with `facilitator` as its facilitator (the actor themselves, or for the
/// operator the account named). A review starts from the agreed plan of the meeting it follows.
pub async fn create_meeting(
    domain: &Domain,
    actor: &Actor,
    facilitator: &User,
    new: NewMeeting,
) -> Result<Meeting, DomainError> {
    let acting_for_themselves = match &actor.who {
        Who::Person(super::Subject::Staff(user)) => user.id == facilitator.id,
        Who::Person(_) => false,
        Who::Operator => true,
    };
    if !acting_for_themselves || facilitator.role != StaffRole::Facilitator {
        return Err(DomainError::Forbidden("only a facilitator can set up a meeting".into()));
    }
    let store = domain.store.as_ref();
    let title = check_text("a title", &new.title, MAX_TITLE, true)?;
    let now = now_millis();
    // The case: the one the meeting a review follows belongs to, the one named, or a new one.
    let (seed, case_id, new_case) = match (&new.follows_meeting_id, &new.case_id) {
        (Some(earlier), named) => {
            let (state, case_id) = review_seed(store, facilitator, earlier).await?;
            if named.is_some() && *named != case_id {
                return Err(DomainError::Invalid(
                    "a review belongs to the case of the meeting it follows: leave the case out".into(),
                ));
            }
            (Some(state), case_id, None)
        }
        (None, Some(case_id)) => {
            let (case, meetings, _) =
                crate::cases::case_as(domain, actor, case_id, crate::access::CaseAction::AddMeeting).await?;
            if case.facilitator_id != facilitator.id {
                return Err(DomainError::Forbidden(
                    "a case's meetings are set up by the facilitator who holds it".into(),
                ));
            }
            // The case's first meeting starts from the referral's words.
            let seed = if meetings.is_empty() { crate::cases::plan_seed(&case) } else { None };
            (seed, Some(case.id), None)
        }
        (None, None) => {
            let case = crate::store::Case {
                id: new_id(),
                title: title.clone(),
                facilitator_id: facilitator.id.clone(),
                referrer: String::new(),
                lead_practitioner: String::new(),
                reason: String::new(),
                worries: String::new(),
                bottom_lines: String::new(),
                questions: String::new(),
                received_on: None,
                care_application_on: None,
                created_at: now,
                erased_at: None,
                children: Vec::new(),
                parents: Vec::new(),
            };
            (None, Some(case.id.clone()), Some(case))
        }
    };
    let meeting = Meeting {
        id: new_id(),
        title,
        kind: new.kind,
        scheduled_at: new.scheduled_at,
        stage: Stage::Preparation,
        stage_changed_at: now,
        facilitator_id: facilitator.id.clone(),
        follows_meeting_id: new.follows_meeting_id,
        erased_at: None,
        created_at: now,
        case_id,
        held_on: None,
        review_due_on: None,
        language: Lang::ENGLISH.code().to_owned(),
    };
    let mut change = store.begin_change().await?;
    if let Some(case) = &new_case {
        change.create_case(case).await?;
    }
    change.create_meeting(&meeting).await?;
    if let Some(state) = &seed {
        change.seed_document(&document_name(&meeting.id, DocumentKind::Plan), state).await?;
    }
    let detail = json!({ "title": meeting.title, "case_id": meeting.case_id, "seeded": seed.is_some() && meeting.follows_meeting_id.is_none() });
    let audit = actor.audit(Some(&meeting.id), "meeting_created", detail);
    domain.commit(change, audit).await?;
    Ok(meeting)
}

/// The state a review's plan starts from: the final version of the meeting it follows, and that
/// meeting's case, which the review joins. A
/// review may follow only a meeting its facilitator may see (one a stranger to it does not learn
/// exists), and only once that meeting's plan is final: the review reaches the final version and
/// nothing else of it.
async fn review_seed(
    store: &dyn Store,
    facilitator: &User,
    earlier_id: &str,
) -> Result<(Vec<u8>, Option<String>), DomainError> {
    const UNSEEN: &str = "the meeting this one follows";
    let earlier = store.meeting(earlier_id).await?.ok_or(DomainError::NotFound(UNSEEN))?;
    let subject = super::Subject::Staff(facilitator.clone());
    if subject.role_in(store, &earlier).await? == MeetingRole::Outsider {
        return Err(DomainError::NotFound(UNSEEN));
    }
    let not_final = || DomainError::Conflict("a review can follow a meeting only once its plan is final".into());
    let hash = crate::plan::versions::final_version_hash(store, &earlier.id).await?.ok_or_else(not_final)?;
    if earlier.stage != Stage::Closed {
        return Err(not_final());
    }
    let version = store.version_by_hash(&hash).await?.ok_or_else(not_final)?;
    Ok((version.state, earlier.case_id))
}

/// Moves meeting `meeting_id` to `to` (its facilitator), pushing the change to everyone
/// connected. A closed meeting stays closed: changing it means a review meeting.
pub async fn move_stage(domain: &Domain, actor: &Actor, meeting_id: &str, to: Stage) -> Result<Meeting, DomainError> {
    let (meeting, _) = domain.meeting_as(actor, meeting_id, Action::MoveStage).await?;
    let mut change = domain.store.begin_change().await?;
    let moved = change_stage(change.as_mut(), &meeting, to).await?;
    if moved.stage != meeting.stage {
        let audit =
            actor.audit(Some(&meeting.id), "stage_changed", json!({ "from": meeting.stage, "to": moved.stage }));
        domain.commit(change, audit).await?;
    }
    Ok(moved)
}

/// Records `meeting`'s move to `to` in `change`, with the live event; gives the meeting as moved.
pub(super) async fn change_stage(
    change: &mut dyn crate::store::Change,
    meeting: &Meeting,
    to: Stage,
) -> Result<Meeting, DomainError> {
    if meeting.stage == Stage::Closed {
        return Err(DomainError::Conflict("the meeting is closed; to change the plan, start a review meeting".into()));
    }
    let mut moved = meeting.clone();
    if meeting.stage == to {
        return Ok(moved);
    }
    let now = now_millis();
    let payload = json!({ "stage": to, "from": meeting.stage }).to_string();
    change.set_stage(&meeting.id, to, now, &payload).await?;
    moved.stage = to;
    moved.stage_changed_at = now;
    if moved.held_on.is_none() && to != Stage::Preparation {
        moved.held_on = Some(crate::time::day(now));
    }
    Ok(moved)
}

/// The meeting, if `actor` may add people to it and make links now. A facilitator who tries in
/// private family time is refused, and the attempt is audited: nobody joins the family's time by
/// being added to it.
async fn network_manager(
    domain: &Domain,
    actor: &Actor,
    meeting_id: &str,
    attempt: &str,
) -> Result<Meeting, DomainError> {
    let (meeting, role) = domain.meeting_as(actor, meeting_id, Action::ViewMeeting).await?;
    if role == MeetingRole::Facilitator && meeting.stage == Stage::PrivateFamilyTime {
        let audit = actor.audit(Some(&meeting.id), "private_time_refused", json!({ "attempt": attempt }));
        domain.store.append_audit(&audit, now_millis()).await?;
        return Err(refused_in_private_time());
    }
    if !allows(role, Action::ManageNetwork, meeting.stage) {
        return Err(DomainError::Forbidden("you cannot do that in this meeting at this stage".into()));
    }
    Ok(meeting)
}

/// Nobody is added to a meeting, or sent a link, while the family is in private time: that would
/// be a way into the family's documents.
fn refused_in_private_time() -> DomainError {
    DomainError::Forbidden("the family is in private time; nobody can be added or sent a link until it ends".into())
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
    /// A child's date of birth (YYYY-MM-DD), when known: retention may run from it.
    pub date_of_birth: Option<String>,
    /// That the person needs an interpreter, and in which language (empty: does not).
    pub needs_interpreter: String,
}

/// Adds someone to the network of meeting `meeting_id` (its facilitator).
pub async fn add_participant(
    domain: &Domain,
    actor: &Actor,
    meeting_id: &str,
    new: NewParticipant,
) -> Result<Participant, DomainError> {
    let meeting = network_manager(domain, actor, meeting_id, "participant_add").await?;
    let store = domain.store.as_ref();
    let user_id = match new.staff_email.as_deref().map(str::trim).filter(|email| !email.is_empty()) {
        Some(email) => {
            let user = store
                .user_by_email(&email.to_lowercase())
                .await?
                .ok_or_else(|| DomainError::Invalid(format!("there is no staff account for {email}")))?;
            if new.kind != ParticipantKind::Practitioner {
                return Err(DomainError::Invalid("only a practitioner can be linked to a staff account".into()));
            }
            Some(user.id)
        }
        None => None,
    };
    if new.is_referrer && new.kind != ParticipantKind::Practitioner {
        return Err(DomainError::Invalid("only a practitioner can be the referrer".into()));
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
        date_of_birth: check_date_of_birth(new.kind, new.date_of_birth.as_deref())?,
        page_language: String::new(),
        needs_interpreter: crate::interpreters::check_needs_interpreter(new.kind, &new.needs_interpreter)?,
        no_connection_declared_at: None,
        family_time_invited_by: None,
        named_to_decide: false,
    };
    let mut change = store.begin_change().await?;
    change.add_participant(&participant).await?;
    let detail = json!({ "participant_id": participant.id, "kind": participant.kind });
    domain.commit(change, actor.audit(Some(&meeting.id), "participant_added", detail)).await?;
    Ok(participant)
}

/// A join link as made: the secret and the access code are shown once and never stored.
pub struct CreatedLink {
    pub link: JoinLink,
    pub url: String,
    pub access_code: Option<String>,
}

/// What a new link is to be.
pub struct NewLink {
    /// Also make a six-digit code, given to the person separately.
    pub with_access_code: bool,
    pub valid_for: Duration,
    /// Where people reach kinplan.
    pub public_url: String,
    /// For the operator's command line: a session of the link's own, as if the person had
    /// opened it, under which a document token can be printed; revoking the link or letting it
    /// expire ends it. Its id is given back.
    pub open_session: bool,
}

/// Makes a join link for a participant of meeting `meeting_id` (its facilitator). Gives the link
/// and, when asked for, the id of the session opened under it.
pub async fn create_link(
    domain: &Domain,
    actor: &Actor,
    meeting_id: &str,
    participant_id: &str,
    new: NewLink,
) -> Result<(CreatedLink, Option<String>), DomainError> {
    let meeting = network_manager(domain, actor, meeting_id, "link_create").await?;
    let participant = participant_of(domain.store.as_ref(), &meeting.id, participant_id).await?;
    if !(MIN_LINK_VALIDITY..=MAX_LINK_VALIDITY).contains(&new.valid_for) {
        return Err(DomainError::Invalid("a link can work for 1 to 90 days".into()));
    }
    let secret = random_secret();
    let code = new.with_access_code.then(access_code);
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
        expires_at: now + new.valid_for.as_millis() as i64,
        revoked_at: None,
        created_at: now,
    };
    let mut change = domain.store.begin_change().await?;
    change.create_link(&link).await?;
    let session_id = if new.open_session {
        let session = crate::store::SessionRecord {
            id: new_id(),
            token_hash: secret_hash(&random_secret()),
            user_id: None,
            participant_id: Some(participant.id.clone()),
            link_id: Some(link.id.clone()),
            expires_at: link.expires_at,
            ended_at: None,
            created_at: now,
        };
        change.create_session(&session).await?;
        Some(session.id)
    } else {
        None
    };
    let detail = json!({ "participant_id": participant.id, "link_id": link.id, "access_code": code.is_some() });
    domain.commit(change, actor.audit(Some(&meeting.id), "link_created", detail)).await?;
    // The secret travels in the fragment, which browsers never send to a server or a proxy log.
    let url = format!("{}/join#{secret}", new.public_url.trim_end_matches('/'));
    Ok((CreatedLink { link, url, access_code: code }, session_id))
}

/// Revokes a participant's links (the facilitator); their open connections close within a
/// second. Gives the revoked link ids.
pub async fn revoke_links(
    domain: &Domain,
    actor: &Actor,
    meeting_id: &str,
    participant_id: &str,
) -> Result<Vec<String>, DomainError> {
    let (meeting, _) = domain.meeting_as(actor, meeting_id, Action::RevokeLinks).await?;
    let participant = participant_of(domain.store.as_ref(), &meeting.id, participant_id).await?;
    let mut change = domain.store.begin_change().await?;
    let revoked = change.revoke_participant_links(&meeting.id, &participant.id, now_millis()).await?;
    let detail = json!({ "participant_id": participant.id, "link_ids": revoked });
    domain.commit(change, actor.audit(Some(&meeting.id), "link_revoked", detail)).await?;
    Ok(revoked)
}

/// A document token, as handed to a client.
pub struct IssuedToken {
    pub document: String,
    pub token: String,
    pub role: DocumentRole,
    pub expires_at: i64,
}

/// Who a document token is for: what they are to the meeting, the participant they are (if
/// they are one), and the subject and grant the token carries.
pub struct TokenHolder<'a> {
    pub role: MeetingRole,
    pub participant: Option<&'a str>,
    pub subject: String,
    pub grant: String,
}

/// Mints a token for document `kind` of `meeting`, with what `holder` may do there now. A locked
/// document (a plan waiting for agreement, or final) gives a reader's token at most; the family's
/// private space is the person's private room's.
pub async fn document_token(
    store: &dyn Store,
    tokens: &TokenKeys,
    meeting: &Meeting,
    holder: TokenHolder<'_>,
    kind: DocumentKind,
) -> Result<IssuedToken, DomainError> {
    let TokenHolder { role, participant, subject, grant } = holder;
    if let (true, Some(participant)) = (role.is_interpreter(), participant) {
        let interpreter = crate::participant_of(store, &meeting.id, participant).await?;
        if let Some(refusal) = crate::interpreters::undeclared(&interpreter) {
            return Err(refusal);
        }
    }
    let mut access = document_access(role, kind, meeting.stage);
    let document = match (kind, participant) {
        (DocumentKind::Glossary, Some(participant)) => glossary_document_name(&meeting.id, participant),
        // The family's private space is the person's own private room's document, and only while
        // nobody they are kept apart from is in that room.
        (DocumentKind::FamilyTime, Some(participant)) if access > Access::None => {
            crate::safeguarding::own_room_document(store, &meeting.id, participant)
                .await?
                .map_err(|refusal| DomainError::Forbidden(refusal.message().into()))?
        }
        _ => document_name(&meeting.id, kind),
    };
    if access > Access::Read && store.document_lock(&document).await?.is_some() {
        access = Access::Read;
    }
    let document_role = access.role().ok_or_else(|| {
        let why = if meeting.stage == Stage::PrivateFamilyTime && kind != DocumentKind::Comments {
            "the family is in private time; you can come back when it ends".to_owned()
        } else {
            format!("you cannot open the {} document", kind.as_str())
        };
        DomainError::Forbidden(why)
    })?;
    let token = tokens.issue_for(&document, document_role, DOCUMENT_TOKEN_TTL, Some(subject), Some(grant));
    let expires_at = now_millis() + DOCUMENT_TOKEN_TTL.as_millis() as i64;
    Ok(IssuedToken { document, token, role: document_role, expires_at })
}
