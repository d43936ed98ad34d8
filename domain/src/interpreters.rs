//! Interpreters and the people who need them. An interpreter joins by link like anyone, reads the
//! plan and hears the meeting, writes nothing in the plan (they keep a glossary note of their
//! own), and says on joining that they have no connection to the family: until they have, they
//! open no document. They are not of the family side: they leave the family's private time with
//! the professionals unless someone of the family asks them to stay, and then read (never write)
//! what the family writes there, in the room of whoever asked. The facilitator records who needs
//! an interpreter, and in which language.

use serde_json::json;

use super::{check_text, participant_of, Actor, Domain, DomainError, Who};
use crate::access::{Action, MeetingRole, ParticipantKind, Stage};
use crate::i18n;
use crate::identity::Subject;
use crate::safeguarding::ROOM_CHANGED;
use crate::secrets::now_millis;
use crate::store::{Meeting, Participant};

/// The longest language named for an interpreter, in characters.
const MAX_LANGUAGE: usize = 120;

/// Why an interpreter who has not yet said they have no connection to the family may not open
/// a document; `None` for anyone else.
pub fn undeclared(participant: &Participant) -> Option<DomainError> {
    (participant.kind == ParticipantKind::Interpreter && participant.no_connection_declared_at.is_none())
        .then(|| DomainError::Forbidden(i18n::say("error-interpreter-declare-first", &[])))
}

/// The interpreter themselves says they have no connection to the family (once; audited). An
/// interpreter who has one says so to the facilitator instead, who finds another.
pub async fn declare_no_connection(
    domain: &Domain,
    actor: &Actor,
    meeting_id: &str,
    no_connection: bool,
) -> Result<Participant, DomainError> {
    let (meeting, _) = domain.meeting_as(actor, meeting_id, Action::ViewMeeting).await?;
    let Who::Person(Subject::Participant { participant, .. }) = &actor.who else {
        return Err(DomainError::Forbidden(i18n::say("error-interpreter-only", &[])));
    };
    if participant.kind != ParticipantKind::Interpreter {
        return Err(DomainError::Forbidden(i18n::say("error-interpreter-only", &[])));
    }
    if !no_connection {
        return Err(DomainError::Invalid(i18n::say("error-interpreter-connected", &[])));
    }
    let mut participant = participant_of(domain.store.as_ref(), &meeting.id, &participant.id).await?;
    if participant.no_connection_declared_at.is_some() {
        return Ok(participant);
    }
    let at = now_millis();
    let mut change = domain.store.begin_change().await?;
    change.declare_no_connection(&participant.id, at).await?;
    let detail = json!({ "participant_id": participant.id });
    domain.commit(change, actor.audit(Some(&meeting.id), "interpreter_declared_no_connection", detail)).await?;
    participant.no_connection_declared_at = Some(at);
    Ok(participant)
}

/// Someone of the family (or the facilitator, on the family's word) asks an interpreter into the
/// family's private time, or asks them to leave it (audited). The interpreter's connections look
/// at their access again at once.
pub async fn ask_into_family_time(
    domain: &Domain,
    actor: &Actor,
    meeting_id: &str,
    interpreter_id: &str,
    asked: bool,
) -> Result<Participant, DomainError> {
    let (meeting, role) = domain.meeting_as(actor, meeting_id, Action::ViewMeeting).await?;
    let asker = match (&actor.who, role) {
        (Who::Person(Subject::Participant { participant, .. }), MeetingRole::Participant(kind))
            if kind.is_family_side() =>
        {
            participant.id.clone()
        }
        (_, MeetingRole::Facilitator) | (Who::Operator, _) => actor.reference(),
        _ => return Err(DomainError::Forbidden(i18n::say("error-interpreter-family-asks", &[]))),
    };
    if meeting.stage == Stage::Closed {
        return Err(DomainError::Conflict(i18n::say("error-meeting-closed", &[])));
    }
    let store = domain.store.as_ref();
    let mut interpreter = participant_of(store, &meeting.id, interpreter_id).await?;
    if interpreter.kind != ParticipantKind::Interpreter {
        return Err(DomainError::Invalid(i18n::say("error-not-an-interpreter", &[])));
    }
    let by = asked.then_some(asker);
    let mut change = store.begin_change().await?;
    change.set_family_time_invitation(&interpreter.id, by.as_deref()).await?;
    change.announce(&meeting.id, ROOM_CHANGED, &json!({ "participant_ids": [interpreter.id] }).to_string()).await?;
    let action = if asked { "interpreter_asked_into_family_time" } else { "interpreter_asked_to_leave_family_time" };
    domain.commit(change, actor.audit(Some(&meeting.id), action, json!({ "participant_id": interpreter.id }))).await?;
    interpreter.family_time_invited_by = by;
    Ok(interpreter)
}

/// The facilitator records that someone needs an interpreter, and in which language (empty:
/// they do not); audited.
pub async fn set_needs_interpreter(
    domain: &Domain,
    actor: &Actor,
    meeting_id: &str,
    participant_id: &str,
    language: &str,
) -> Result<Participant, DomainError> {
    let meeting = facilitators_meeting(domain, actor, meeting_id).await?;
    let store = domain.store.as_ref();
    let mut person = participant_of(store, &meeting.id, participant_id).await?;
    let language = check_needs_interpreter(person.kind, language)?;
    let mut change = store.begin_change().await?;
    change.set_needs_interpreter(&person.id, &language).await?;
    let detail = json!({ "participant_id": person.id, "needs_interpreter": !language.is_empty() });
    domain.commit(change, actor.audit(Some(&meeting.id), "interpreter_need_recorded", detail)).await?;
    person.needs_interpreter = language;
    Ok(person)
}

async fn facilitators_meeting(domain: &Domain, actor: &Actor, meeting_id: &str) -> Result<Meeting, DomainError> {
    let (meeting, role) = domain.meeting_as(actor, meeting_id, Action::ViewNetwork).await?;
    if role != MeetingRole::Facilitator && !matches!(actor.who, Who::Operator) {
        return Err(DomainError::Forbidden("only the facilitator can record who needs an interpreter".into()));
    }
    if meeting.stage == Stage::Closed {
        return Err(DomainError::Conflict("the meeting is closed".into()));
    }
    Ok(meeting)
}

/// Checks what the facilitator says of a person's need for an interpreter: the language (free
/// text, as "Arabic" or "British Sign Language"), empty when they need none; an interpreter needs
/// none.
pub fn check_needs_interpreter(kind: ParticipantKind, given: &str) -> Result<String, DomainError> {
    let language = check_text("the language they need an interpreter in", given, MAX_LANGUAGE, false)?;
    if kind == ParticipantKind::Interpreter && !language.is_empty() {
        return Err(DomainError::Invalid("an interpreter does not need an interpreter".into()));
    }
    Ok(language)
}
