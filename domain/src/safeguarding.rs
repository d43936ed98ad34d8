//! Safeguarding: people's contact details, each with who may see it; separations between people
//! that override every visibility and keep them out of one private room; private rooms. The
//! rules are `access::sees_contact_detail`, `access::sees_separations` and `access::room_access`;
//! this module applies them to what is stored and records changes with their audit lines.

use serde_json::json;

use super::{check_text, participant_of, Actor, Domain, DomainError, Who};
use crate::access::{
    reads_safety_notes, room_access, sees_contact_detail, sees_separations, Action, MeetingRole, RoomRefusal, Stage,
};
use crate::secrets::{new_id, now_millis};
use crate::store::{
    ContactDetail, DetailKind, Meeting, NoteCategory, PrivateRoom, SafetyNote, Separation, Store, StoreError,
    Visibility,
};

const MAX_ADDRESS: usize = 500;
const MAX_PHONE: usize = 40;
const MAX_PHONES: usize = 5;
/// RFC 5321's limit on a path.
const MAX_EMAIL: usize = 254;
const MAX_REASON: usize = 1000;
const MAX_ROOM_NAME: usize = 80;
const MAX_NOTE: usize = 4000;

/// What to change in a participant's contact details. A value given replaces what is kept (an
/// empty one removes it); a value left out stays. `visibility` and `show_to` apply to the
/// details given, or to all of the person's details when none is given.
#[derive(Debug, Default, Clone)]
pub struct ContactUpdate {
    pub address: Option<String>,
    pub phones: Option<Vec<String>>,
    pub email: Option<String>,
    pub visibility: Option<Visibility>,
    /// With `Visibility::Named`: the participants of the meeting who may see them, besides staff.
    pub show_to: Option<Vec<String>>,
}

impl ContactUpdate {
    fn values(&self, kind: DetailKind) -> Option<Vec<String>> {
        let single = |value: &Option<String>| value.as_ref().map(|value| vec![value.clone()]);
        match kind {
            DetailKind::Address => single(&self.address),
            DetailKind::Phone => self.phones.clone(),
            DetailKind::Email => single(&self.email),
        }
    }

    fn names_values(&self) -> bool {
        DetailKind::ALL.into_iter().any(|kind| self.values(kind).is_some())
    }
}

/// The participant `actor` is in `meeting`, if any: the one they joined as, or, for staff, the
/// one linked to their account.
pub async fn participant_in(domain: &Domain, actor: &Actor, meeting: &Meeting) -> Result<Option<String>, DomainError> {
    let store = domain.store.as_ref();
    Ok(match &actor.who {
        Who::Person(super::Subject::Participant { participant, .. }) => {
            (participant.meeting_id == meeting.id).then(|| participant.id.clone())
        }
        Who::Person(super::Subject::Staff(user)) => {
            store.participant_for_user(&meeting.id, &user.id).await?.map(|participant| participant.id)
        }
        Who::Operator => None,
    })
}

/// Whether a no-details separation stands between `one` and `other`.
fn separated_for_details(separations: &[Separation], one: &str, other: &str) -> bool {
    separations.iter().any(|separation| separation.no_details && separation.between(one, other))
}

/// A contact detail as one person may be shown it: who else sees it only for staff and for its
/// owner.
#[derive(Debug, Clone)]
pub struct ShownDetail {
    pub detail: ContactDetail,
    /// Whether the one asking may see (and so be shown) its visibility and who it is shown to.
    pub shows_visibility: bool,
}

/// The contact details of meeting `meeting`'s people that `role` (participant `viewer`, if any)
/// may see, and nothing else.
pub async fn visible_details(
    store: &dyn Store,
    meeting: &Meeting,
    role: MeetingRole,
    viewer: Option<&str>,
) -> Result<Vec<ShownDetail>, DomainError> {
    let separations = store.separations(&meeting.id).await?;
    let details = store.contact_details(&meeting.id).await?;
    Ok(details
        .into_iter()
        .filter(|detail| {
            let owner = detail.participant_id.as_str();
            let separated = viewer.is_some_and(|viewer| separated_for_details(&separations, viewer, owner));
            sees_contact_detail(role, viewer, owner, detail.visibility, &detail.viewers, separated)
        })
        .map(|detail| {
            let shows_visibility = sees_separations(role) || viewer == Some(detail.participant_id.as_str());
            ShownDetail { detail, shows_visibility }
        })
        .collect())
}

/// The meeting and what `actor` is in it, with the participant they are, for reading the
/// network's details.
pub async fn network_viewer(
    domain: &Domain,
    actor: &Actor,
    meeting_id: &str,
) -> Result<(Meeting, MeetingRole, Option<String>), DomainError> {
    let (meeting, role) = domain.meeting_as(actor, meeting_id, Action::ViewNetwork).await?;
    let viewer = participant_in(domain, actor, &meeting).await?;
    Ok((meeting, role, viewer))
}

/// Changes the contact details of participant `participant_id` of meeting `meeting_id`. The
/// facilitator sets anyone's details and who sees them; a participant corrects their own values,
/// which keep the visibility the facilitator chose. Gives the person's details afterwards.
pub async fn set_contact_details(
    domain: &Domain,
    actor: &Actor,
    meeting_id: &str,
    participant_id: &str,
    update: ContactUpdate,
) -> Result<Vec<ContactDetail>, DomainError> {
    let store = domain.store.as_ref();
    let (meeting, role) = domain.meeting_as(actor, meeting_id, Action::ViewNetwork).await?;
    let owner = participant_of(store, &meeting.id, participant_id).await?;
    let own = participant_in(domain, actor, &meeting).await?.as_deref() == Some(owner.id.as_str());
    let by_facilitator = role == MeetingRole::Facilitator;
    if !by_facilitator && !own {
        return Err(DomainError::Forbidden(
            "only the facilitator, or the person themselves, can change contact details".into(),
        ));
    }
    if meeting.stage == Stage::Closed {
        return Err(DomainError::Conflict("the meeting is closed; contact details can no longer be changed".into()));
    }
    if !by_facilitator && (update.visibility.is_some() || update.show_to.is_some()) {
        return Err(DomainError::Forbidden(
            "the facilitator decides who sees your details; ask them to change it".into(),
        ));
    }
    if !update.names_values() && update.visibility.is_none() && update.show_to.is_none() {
        return Err(DomainError::Invalid("give an address, a phone number, an email or a visibility to set".into()));
    }
    let show_to = check_viewers(store, &meeting, &owner.id, &update).await?;
    let existing: Vec<ContactDetail> = store
        .contact_details(&meeting.id)
        .await?
        .into_iter()
        .filter(|detail| detail.participant_id == owner.id)
        .collect();
    if !update.names_values() && existing.is_empty() {
        return Err(DomainError::Invalid(
            "this person has no contact details yet: give an address, a phone number or an email with who may see it"
                .into(),
        ));
    }
    let now = now_millis();
    let mut change = store.begin_change().await?;
    let mut changed = Vec::new();
    for kind in DetailKind::ALL {
        let kept: Vec<&ContactDetail> = existing.iter().filter(|detail| detail.kind == kind).collect();
        let values = match update.values(kind) {
            Some(values) => check_values(kind, values)?,
            // Only who sees them changes, for every kind the person has.
            None if !update.names_values() && !kept.is_empty() => {
                kept.iter().map(|detail| detail.value.clone()).collect()
            }
            None => continue,
        };
        let visibility = update.visibility.or(kept.first().map(|detail| detail.visibility)).unwrap_or_default();
        let viewers = match (visibility, &show_to) {
            (Visibility::Named, Some(show_to)) => show_to.clone(),
            (Visibility::Named, None) => kept.first().map(|detail| detail.viewers.clone()).unwrap_or_default(),
            _ => Vec::new(),
        };
        if visibility == Visibility::Named && viewers.is_empty() && !values.is_empty() {
            return Err(DomainError::Invalid(
                "name the people who may see them (show to), or choose another visibility".into(),
            ));
        }
        let details: Vec<ContactDetail> = values
            .into_iter()
            .enumerate()
            .map(|(position, value)| ContactDetail {
                id: new_id(),
                participant_id: owner.id.clone(),
                kind,
                value,
                visibility,
                viewers: viewers.clone(),
                position: position as i64,
                updated_at: now,
            })
            .collect();
        change.replace_contact_details(&owner.id, kind, &details).await?;
        changed.push(json!({ "kind": kind, "count": details.len(), "visibility": visibility, "shown_to": viewers }));
    }
    // The audit line says what changed and who may see it, never the values themselves.
    let detail = json!({ "participant_id": owner.id, "by": if own && !by_facilitator { "themselves" } else { "facilitator" }, "details": changed });
    domain.commit(change, actor.audit(Some(&meeting.id), "contact_details_set", detail)).await?;
    let after = store.contact_details(&meeting.id).await?;
    Ok(after.into_iter().filter(|detail| detail.participant_id == owner.id).collect())
}

/// The people a detail is to be shown to: participants of the meeting other than its owner, and
/// none separated from the owner.
async fn check_viewers(
    store: &dyn Store,
    meeting: &Meeting,
    owner: &str,
    update: &ContactUpdate,
) -> Result<Option<Vec<String>>, DomainError> {
    let Some(show_to) = &update.show_to else { return Ok(None) };
    if update.visibility != Some(Visibility::Named) {
        return Err(DomainError::Invalid("name people to show details to only with the visibility \"named\"".into()));
    }
    let separations = store.separations(&meeting.id).await?;
    let mut viewers: Vec<String> = Vec::new();
    for viewer in show_to.iter().map(|viewer| viewer.trim()).filter(|viewer| !viewer.is_empty()) {
        let person = participant_of(store, &meeting.id, viewer).await?;
        if person.id == owner {
            return Err(DomainError::Invalid("everyone sees their own details; name other people".into()));
        }
        if separated_for_details(&separations, owner, &person.id) {
            let message =
                format!("{} is separated from this person and cannot be shown their details", person.display_name);
            return Err(DomainError::Conflict(message));
        }
        if !viewers.contains(&person.id) {
            viewers.push(person.id);
        }
    }
    Ok(Some(viewers))
}

/// Checks the values of one kind of detail; an empty address or email removes it.
fn check_values(kind: DetailKind, values: Vec<String>) -> Result<Vec<String>, DomainError> {
    let values: Vec<String> =
        values.iter().map(|value| value.trim().to_owned()).filter(|value| !value.is_empty()).collect();
    match kind {
        DetailKind::Address => values.iter().map(|value| check_text("an address", value, MAX_ADDRESS, true)).collect(),
        DetailKind::Phone => {
            if values.len() > MAX_PHONES {
                return Err(DomainError::Invalid(format!("a person can have at most {MAX_PHONES} phone numbers")));
            }
            for value in &values {
                let allowed = |c: char| c.is_ascii_digit() || matches!(c, ' ' | '+' | '(' | ')' | '-' | '.');
                let digits = value.chars().filter(char::is_ascii_digit).count();
                if value.chars().count() > MAX_PHONE || !value.chars().all(allowed) || digits < 3 {
                    return Err(DomainError::Invalid(format!(
                        "{value:?} is not a phone number: use digits, spaces and + ( ) - . only"
                    )));
                }
            }
            Ok(values)
        }
        DetailKind::Email => {
            for value in &values {
                let parts = value.split_once('@');
                let well_formed = parts.is_some_and(|(local, domain)| {
                    !local.is_empty() && domain.contains('.') && !domain.contains('@') && !domain.starts_with('.')
                });
                if value.chars().count() > MAX_EMAIL || !well_formed || value.chars().any(char::is_whitespace) {
                    return Err(DomainError::Invalid(format!("{value:?} is not an email address")));
                }
            }
            Ok(values)
        }
    }
}

/// What a new separation is to be.
#[derive(Debug, Clone)]
pub struct NewSeparation {
    pub first_id: String,
    pub second_id: String,
    /// Neither sees the other's contact details.
    pub no_details: bool,
    /// They are never put in one private room.
    pub no_shared_room: bool,
    pub reason: String,
}

/// Records a separation between two people of meeting `meeting_id` (its facilitator). Recorded
/// again between the same two people, it adds to what was recorded (a restriction is never
/// taken away this way) and takes the new reason.
pub async fn add_separation(
    domain: &Domain,
    actor: &Actor,
    meeting_id: &str,
    new: NewSeparation,
) -> Result<Separation, DomainError> {
    let store = domain.store.as_ref();
    let meeting = facilitators_change(domain, actor, meeting_id, "record a separation").await?;
    if !new.no_details && !new.no_shared_room {
        return Err(DomainError::Invalid("say what the separation is: no details, no shared room, or both".into()));
    }
    let reason = check_text("a reason", &new.reason, MAX_REASON, true)?;
    let first = participant_of(store, &meeting.id, &new.first_id).await?;
    let second = participant_of(store, &meeting.id, &new.second_id).await?;
    if first.id == second.id {
        return Err(DomainError::Invalid("a separation is between two different people".into()));
    }
    let existing =
        store.separations(&meeting.id).await?.into_iter().find(|separation| separation.between(&first.id, &second.id));
    let separation = match existing {
        Some(earlier) => Separation {
            no_details: earlier.no_details || new.no_details,
            no_shared_room: earlier.no_shared_room || new.no_shared_room,
            reason,
            ..earlier
        },
        None => Separation {
            id: new_id(),
            meeting_id: meeting.id.clone(),
            first_id: first.id.clone(),
            second_id: second.id.clone(),
            no_details: new.no_details,
            no_shared_room: new.no_shared_room,
            reason,
            created_by: actor.reference(),
            created_at: now_millis(),
        },
    };
    let mut change = store.begin_change().await?;
    change.add_separation(&separation).await?;
    if separation.no_shared_room {
        // Their private-room connections look again at once: one of them may share a room now.
        let moved = json!({ "participant_ids": [separation.first_id, separation.second_id] }).to_string();
        change.announce(&meeting.id, ROOM_CHANGED, &moved).await?;
    }
    // Who and what, not why: the reason is kept with the separation, for staff.
    let detail = json!({
        "separation_id": separation.id,
        "between": [separation.first_id, separation.second_id],
        "no_details": separation.no_details,
        "no_shared_room": separation.no_shared_room,
    });
    domain.commit(change, actor.audit(Some(&meeting.id), "separation_recorded", detail)).await?;
    Ok(separation)
}

/// The separations of meeting `meeting_id`, with their reasons: for its staff only.
pub async fn separations(domain: &Domain, actor: &Actor, meeting_id: &str) -> Result<Vec<Separation>, DomainError> {
    let (meeting, role) = domain.meeting_as(actor, meeting_id, Action::ViewNetwork).await?;
    if !sees_separations(role) {
        return Err(DomainError::Forbidden("separations are for the meeting's staff only".into()));
    }
    Ok(domain.store.separations(&meeting.id).await?)
}

/// The live event that makes the named people's private-room connections look at their access
/// again (they were moved, or kept apart from someone).
pub const ROOM_CHANGED: &str = "room-changed";

/// Who of a meeting is in which private room.
struct Rooms {
    members: Vec<(String, String)>,
}

impl Rooms {
    async fn of(store: &dyn Store, meeting_id: &str) -> Result<Self, StoreError> {
        let mut rooms = Rooms { members: store.room_members(meeting_id).await? };
        // An interpreter the family asked into their private time is in the room of whoever asked.
        let asked: Vec<(String, String)> = store
            .participants(meeting_id)
            .await?
            .into_iter()
            .filter(|person| person.kind == crate::access::ParticipantKind::Interpreter)
            .filter_map(|interpreter| Some((interpreter.id, interpreter.family_time_invited_by?)))
            .collect();
        for (interpreter, asker) in asked {
            if let Some(room) = rooms.room_of(&asker).map(str::to_owned) {
                rooms.members.push((interpreter, room));
            }
        }
        Ok(rooms)
    }

    /// The room `participant` is in; `None` for the default room.
    fn room_of(&self, participant: &str) -> Option<&str> {
        self.members.iter().find(|(member, _)| member == participant).map(|(_, room)| room.as_str())
    }

    /// `access::room_access` for `participant` opening the document of `document_room`.
    async fn check(
        &self,
        store: &dyn Store,
        meeting_id: &str,
        participant: &str,
        document_room: Option<&str>,
    ) -> Result<Result<(), RoomRefusal>, StoreError> {
        let separations = store.separations(meeting_id).await?;
        let separated_rooms: Vec<Option<&str>> =
            kept_apart_from(&separations, participant).map(|other| self.room_of(other)).collect();
        Ok(room_access(self.room_of(participant), document_room, &separated_rooms))
    }
}

/// The people a no-shared-room separation keeps `participant` apart from.
fn kept_apart_from<'a>(separations: &'a [Separation], participant: &'a str) -> impl Iterator<Item = &'a str> {
    separations.iter().filter(|separation| separation.no_shared_room).filter_map(move |separation| {
        if separation.first_id == participant {
            Some(separation.second_id.as_str())
        } else if separation.second_id == participant {
            Some(separation.first_id.as_str())
        } else {
            None
        }
    })
}

/// Whether participant `participant` of meeting `meeting_id` may open the family-time document
/// of room `document_room` (`None`: the default room): `access::room_access` on what is stored.
pub async fn room_check(
    store: &dyn Store,
    meeting_id: &str,
    participant: &str,
    document_room: Option<&str>,
) -> Result<Result<(), RoomRefusal>, StoreError> {
    let rooms = Rooms::of(store, meeting_id).await?;
    rooms.check(store, meeting_id, participant, document_room).await
}

/// The family-time document `participant` may open now: their own room's, unless someone they
/// are kept apart from is in it.
pub async fn own_room_document(
    store: &dyn Store,
    meeting_id: &str,
    participant: &str,
) -> Result<Result<String, RoomRefusal>, StoreError> {
    let rooms = Rooms::of(store, meeting_id).await?;
    let room = rooms.room_of(participant);
    let allowed = rooms.check(store, meeting_id, participant, room).await?;
    Ok(allowed.map(|()| crate::access::room_document_name(meeting_id, room)))
}

/// The family-time document `participant` opens: their private room's.
pub async fn family_document_for(
    store: &dyn Store,
    meeting_id: &str,
    participant: Option<&str>,
) -> Result<String, StoreError> {
    let rooms = Rooms::of(store, meeting_id).await?;
    Ok(crate::access::room_document_name(meeting_id, participant.and_then(|participant| rooms.room_of(participant))))
}

/// The meeting, for a safeguarding change only its facilitator makes (`what`, such as "record
/// a separation"), until it closes.
async fn facilitators_change(
    domain: &Domain,
    actor: &Actor,
    meeting_id: &str,
    what: &str,
) -> Result<Meeting, DomainError> {
    let (meeting, role) = domain.meeting_as(actor, meeting_id, Action::ViewNetwork).await?;
    if role != MeetingRole::Facilitator {
        return Err(DomainError::Forbidden(format!("only the facilitator can {what}")));
    }
    if meeting.stage == Stage::Closed {
        return Err(DomainError::Conflict(format!("the meeting is closed; you can no longer {what}")));
    }
    Ok(meeting)
}

/// Makes a private room in meeting `meeting_id` (its facilitator), with a document of its own.
pub async fn create_room(
    domain: &Domain,
    actor: &Actor,
    meeting_id: &str,
    name: &str,
) -> Result<PrivateRoom, DomainError> {
    let meeting = facilitators_change(domain, actor, meeting_id, "arrange private rooms").await?;
    let name = check_text("a room name", name, MAX_ROOM_NAME, true)?;
    let store = domain.store.as_ref();
    if store.private_rooms(&meeting.id).await?.iter().any(|room| room.name.eq_ignore_ascii_case(&name)) {
        return Err(DomainError::Conflict(format!("there is a room called {name:?} already; choose another name")));
    }
    let room = PrivateRoom { id: new_id(), meeting_id: meeting.id.clone(), name, created_at: now_millis() };
    let mut change = store.begin_change().await?;
    change.create_room(&room).await?;
    let detail = json!({ "room_id": room.id, "name": room.name });
    domain.commit(change, actor.audit(Some(&meeting.id), "room_created", detail)).await?;
    Ok(room)
}

/// Puts family-side participant `participant_id` in room `room_id`, or in the default room
/// (`None`) (the facilitator). Never in a room where someone a separation keeps them apart from
/// is. Their connection to their old room's document closes within a second.
pub async fn assign_room(
    domain: &Domain,
    actor: &Actor,
    meeting_id: &str,
    participant_id: &str,
    room_id: Option<&str>,
) -> Result<(), DomainError> {
    let meeting = facilitators_change(domain, actor, meeting_id, "arrange private rooms").await?;
    let store = domain.store.as_ref();
    let person = participant_of(store, &meeting.id, participant_id).await?;
    if !person.kind.is_family_side() {
        return Err(DomainError::Invalid("only the family side has private rooms".into()));
    }
    if let Some(room_id) = room_id {
        if !store.private_rooms(&meeting.id).await?.iter().any(|room| room.id == room_id) {
            return Err(DomainError::NotFound("that room"));
        }
    }
    let rooms = Rooms::of(store, &meeting.id).await?;
    let separations = store.separations(&meeting.id).await?;
    for other in kept_apart_from(&separations, &person.id) {
        if rooms.room_of(other) == room_id {
            let other = participant_of(store, &meeting.id, other).await?;
            return Err(DomainError::Conflict(format!(
                "{} and {} are kept apart by a separation and cannot be in the same room",
                person.display_name, other.display_name
            )));
        }
    }
    let mut change = store.begin_change().await?;
    change.assign_room(&person.id, room_id, now_millis()).await?;
    change.announce(&meeting.id, ROOM_CHANGED, &json!({ "participant_ids": [person.id] }).to_string()).await?;
    let detail = json!({ "participant_id": person.id, "room_id": room_id });
    domain.commit(change, actor.audit(Some(&meeting.id), "room_assigned", detail)).await?;
    Ok(())
}

/// A meeting's private rooms and who is in each (its staff only): (rooms, (participant, room)).
pub async fn rooms(
    domain: &Domain,
    actor: &Actor,
    meeting_id: &str,
) -> Result<(Vec<PrivateRoom>, Vec<(String, String)>), DomainError> {
    let (meeting, role) = domain.meeting_as(actor, meeting_id, Action::ViewNetwork).await?;
    if !sees_separations(role) {
        return Err(DomainError::Forbidden("the arrangement of rooms is for the meeting's staff".into()));
    }
    let store = domain.store.as_ref();
    Ok((store.private_rooms(&meeting.id).await?, store.room_members(&meeting.id).await?))
}

/// A safety note to add.
#[derive(Debug, Clone)]
pub struct NewSafetyNote {
    /// The person it is about; none for the whole meeting.
    pub participant_id: Option<String>,
    pub category: NoteCategory,
    pub body: String,
}

/// Adds a safety note to meeting `meeting_id` (its facilitator, the coordinator who screens).
/// Notes are never changed: a correction is a further note.
pub async fn add_safety_note(
    domain: &Domain,
    actor: &Actor,
    meeting_id: &str,
    new: NewSafetyNote,
) -> Result<SafetyNote, DomainError> {
    let (meeting, role) = domain.meeting_as(actor, meeting_id, Action::ViewNetwork).await?;
    if role != MeetingRole::Facilitator {
        return Err(DomainError::Forbidden("only the facilitator keeps safety notes".into()));
    }
    let store = domain.store.as_ref();
    let body = check_text("the note", &new.body, MAX_NOTE, true)?;
    let participant_id = match new.participant_id.as_deref().map(str::trim).filter(|id| !id.is_empty()) {
        Some(id) => Some(participant_of(store, &meeting.id, id).await?.id),
        None => None,
    };
    let note = SafetyNote {
        id: new_id(),
        meeting_id: meeting.id.clone(),
        participant_id,
        category: new.category,
        body,
        author: actor.reference(),
        author_name: actor.name().to_owned(),
        created_at: now_millis(),
    };
    let mut change = store.begin_change().await?;
    change.add_safety_note(&note).await?;
    // What and about whom, never the words.
    let detail = json!({ "note_id": note.id, "participant_id": note.participant_id, "category": note.category });
    domain.commit(change, actor.audit(Some(&meeting.id), "safety_note_added", detail)).await?;
    Ok(note)
}

/// The safety notes of meeting `meeting_id`: for its facilitator, its practitioners with staff
/// accounts, and managers. Every read is audited, and so is every attempt refused.
pub async fn safety_notes(domain: &Domain, actor: &Actor, meeting_id: &str) -> Result<Vec<SafetyNote>, DomainError> {
    let (meeting, role) = domain.meeting_as(actor, meeting_id, Action::ViewNetwork).await?;
    let store = domain.store.as_ref();
    if !reads_safety_notes(role) {
        store.append_audit(&actor.audit(Some(&meeting.id), "safety_notes_refused", json!({})), now_millis()).await?;
        return Err(DomainError::Forbidden("safety notes are for the meeting's staff only".into()));
    }
    let notes = store.safety_notes(&meeting.id).await?;
    let detail = json!({ "notes": notes.len() });
    store.append_audit(&actor.audit(Some(&meeting.id), "safety_notes_read", detail), now_millis()).await?;
    Ok(notes)
}
