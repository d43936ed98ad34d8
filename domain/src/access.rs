//! Who may do what, at which stage of a meeting: the one permission table, enforced by the server.
//!
//! Everything here is pure. Handlers and the sync endpoint ask [`allows`] and [`document_access`];
//! nothing else decides access. The private-family-time rule is the heart of it: while the family
//! is alone, professionals (the facilitator included) have no access to the family's documents.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::DocumentRole;

pub use crate::store::{DetailKind, ParticipantKind, StaffRole, Stage, Visibility};

/// Someone acting on a meeting, as the permission table sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MeetingRole {
    /// The staff account that runs this meeting.
    Facilitator,
    /// A staff practitioner who is part of this meeting (linked to one of its participants).
    Practitioner,
    /// A manager of the service: back office, audit; no access to the family's words.
    Manager,
    /// A participant who joined by link.
    Participant(ParticipantKind),
    /// An interpreter the family has asked into their private time: they read what the family
    /// writes there, and write nothing of it.
    FamilyInterpreter,
    /// Staff with no part in this meeting.
    Outsider,
}

impl MeetingRole {
    /// Every role, for tests that walk the whole table.
    pub fn all() -> Vec<MeetingRole> {
        let mut roles =
            vec![MeetingRole::Facilitator, MeetingRole::Practitioner, MeetingRole::Manager, MeetingRole::Outsider];
        roles.extend(ParticipantKind::ALL.into_iter().map(MeetingRole::Participant));
        roles.push(MeetingRole::FamilyInterpreter);
        roles
    }

    /// An interpreter, asked into the family's private time or not.
    pub fn is_interpreter(self) -> bool {
        matches!(self, MeetingRole::Participant(ParticipantKind::Interpreter) | MeetingRole::FamilyInterpreter)
    }

    pub fn is_family_side(self) -> bool {
        matches!(self, MeetingRole::Participant(kind) if kind.is_family_side())
    }

    /// Professionals leave during private family time; observers leave too.
    fn is_professional(self) -> bool {
        matches!(
            self,
            MeetingRole::Facilitator
                | MeetingRole::Practitioner
                | MeetingRole::Participant(ParticipantKind::Practitioner)
                | MeetingRole::Participant(ParticipantKind::Observer)
        )
    }
}

/// The live documents of a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DocumentKind {
    /// The family's plan, shared with everyone.
    Plan,
    /// The family's private space.
    FamilyTime,
    /// Practitioners' comments on the plan: they comment here, the family writes the plan.
    Comments,
    /// An interpreter's own glossary note, one per interpreter: nobody else opens it.
    Glossary,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 4] =
        [DocumentKind::Plan, DocumentKind::FamilyTime, DocumentKind::Comments, DocumentKind::Glossary];

    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Plan => "plan",
            DocumentKind::FamilyTime => "family-time",
            DocumentKind::Comments => "comments",
            DocumentKind::Glossary => "glossary",
        }
    }

    pub fn parse(text: &str) -> Option<DocumentKind> {
        DocumentKind::ALL.into_iter().find(|kind| kind.as_str() == text)
    }
}

/// The name under `/sync/` of a meeting's document.
pub fn document_name(meeting_id: &str, kind: DocumentKind) -> String {
    format!("meeting/{meeting_id}/{}", kind.as_str())
}

/// The name of a private room's document: the meeting's family-time document for the default
/// room (`None`), `meeting/{id}/family-time/{room}` for another.
pub fn room_document_name(meeting_id: &str, room: Option<&str>) -> String {
    match room {
        None => document_name(meeting_id, DocumentKind::FamilyTime),
        Some(room) => format!("meeting/{meeting_id}/{}/{room}", DocumentKind::FamilyTime.as_str()),
    }
}

/// A meeting's document, as its name says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeetingDocument<'a> {
    pub meeting_id: &'a str,
    pub kind: DocumentKind,
    /// For a family-time document, its private room; `None` for the default room.
    pub room: Option<&'a str>,
    /// For a glossary, the interpreter whose note it is.
    pub owner: Option<&'a str>,
}

/// Reads a document name made by [`document_name`] or [`room_document_name`]. Names outside
/// `meeting/` belong to no meeting.
pub fn parse_meeting_document(name: &str) -> Option<MeetingDocument<'_>> {
    let rest = name.strip_prefix("meeting/")?;
    let (meeting_id, rest) = rest.split_once('/')?;
    let (kind, room) = match rest.split_once('/') {
        Some((kind, room)) => (kind, Some(room)),
        None => (rest, None),
    };
    let kind = DocumentKind::parse(kind)?;
    let well_formed = |segment: &str| {
        !segment.is_empty() && segment.len() <= 64 && segment.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    match (kind, room) {
        (DocumentKind::FamilyTime, Some(room)) if well_formed(room) => {
            Some(MeetingDocument { meeting_id, kind, room: Some(room), owner: None })
        }
        (DocumentKind::Glossary, Some(owner)) if well_formed(owner) => {
            Some(MeetingDocument { meeting_id, kind, room: None, owner: Some(owner) })
        }
        (DocumentKind::Glossary, _) | (_, Some(_)) => None,
        (_, None) => Some(MeetingDocument { meeting_id, kind, room: None, owner: None }),
    }
}

/// The name of an interpreter's glossary note: `meeting/{id}/glossary/{participant}`.
pub fn glossary_document_name(meeting_id: &str, participant_id: &str) -> String {
    format!("meeting/{meeting_id}/{}/{participant_id}", DocumentKind::Glossary.as_str())
}

/// Reads a document name made by [`document_name`] (or [`room_document_name`]). Names outside
/// `meeting/` belong to no meeting.
pub fn parse_document_name(name: &str) -> Option<(&str, DocumentKind)> {
    parse_meeting_document(name).map(|document| (document.meeting_id, document.kind))
}

/// Why a family-side person may not open a private room's document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoomRefusal {
    /// It is another room's: nobody opens a room they are not in.
    AnotherRoom,
    /// Someone a separation keeps them from sharing a room with is in the same room.
    SharedWithSeparated,
}

impl RoomRefusal {
    pub fn message(self) -> &'static str {
        match self {
            RoomRefusal::AnotherRoom => "this is another private room's document; open your own room's",
            RoomRefusal::SharedWithSeparated => {
                "the facilitator will put you in a private room of your own before you can open it; ask them"
            }
        }
    }
}

/// Whether someone in private room `own_room` (`None`: the default room) may open the document of
/// room `document_room`, given the rooms of the people a no-shared-room separation keeps them
/// apart from: only their own room, and only while none of those is in it.
pub fn room_access(
    own_room: Option<&str>,
    document_room: Option<&str>,
    separated_rooms: &[Option<&str>],
) -> Result<(), RoomRefusal> {
    if own_room != document_room {
        return Err(RoomRefusal::AnotherRoom);
    }
    if separated_rooms.contains(&own_room) {
        return Err(RoomRefusal::SharedWithSeparated);
    }
    Ok(())
}

/// How far someone may open a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Access {
    None,
    Read,
    Write,
}

impl Access {
    /// The document role to connect with, or none.
    pub fn role(self) -> Option<DocumentRole> {
        match self {
            Access::None => None,
            Access::Read => Some(DocumentRole::Viewer),
            Access::Write => Some(DocumentRole::Editor),
        }
    }
}

/// How far `role` may open document `kind` at `stage`.
pub fn document_access(role: MeetingRole, kind: DocumentKind, stage: Stage) -> Access {
    use Access::{None, Read, Write};
    let closed = stage == Stage::Closed;
    let private_time = stage == Stage::PrivateFamilyTime;
    match kind {
        // The family's private space: the family side only, ever, and an interpreter they asked
        // in, who reads it.
        DocumentKind::FamilyTime => match role {
            MeetingRole::Participant(kind) if kind.is_family_side() => {
                if closed {
                    Read
                } else {
                    Write
                }
            }
            MeetingRole::FamilyInterpreter => Read,
            _ => None,
        },
        DocumentKind::Plan => {
            // Professionals leave in private time, and so does an interpreter the family has
            // not asked to stay.
            if private_time
                && (role.is_professional() || role == MeetingRole::Participant(ParticipantKind::Interpreter))
            {
                return None;
            }
            match role {
                MeetingRole::Participant(kind) if kind.is_family_side() => {
                    if closed {
                        Read
                    } else {
                        Write
                    }
                }
                // The facilitator records the referral (worries, bottom lines) before the family
                // takes the plan over in private family time.
                MeetingRole::Facilitator => match stage {
                    Stage::Preparation | Stage::Information => Write,
                    _ => Read,
                },
                MeetingRole::Practitioner
                | MeetingRole::Participant(ParticipantKind::Practitioner)
                | MeetingRole::Participant(ParticipantKind::Observer) => Read,
                // An interpreter reads the plan and writes nothing in it.
                MeetingRole::Participant(_) | MeetingRole::FamilyInterpreter => Read,
                MeetingRole::Manager | MeetingRole::Outsider => None,
            }
        }
        // Practitioners comment and decide; the family reads what they say.
        DocumentKind::Comments => match role {
            MeetingRole::Facilitator
            | MeetingRole::Practitioner
            | MeetingRole::Participant(ParticipantKind::Practitioner) => {
                if closed {
                    Read
                } else {
                    Write
                }
            }
            MeetingRole::Participant(_) | MeetingRole::FamilyInterpreter => Read,
            MeetingRole::Manager | MeetingRole::Outsider => None,
        },
        // An interpreter's own note of words and phrases: theirs alone.
        DocumentKind::Glossary => {
            if !role.is_interpreter() {
                None
            } else if closed {
                Read
            } else {
                Write
            }
        }
    }
}

/// Things someone may ask of a meeting, other than opening its documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// See the meeting: title, stage, and its live events.
    ViewMeeting,
    /// See the network: names, relationships, languages, access needs.
    ViewNetwork,
    /// Add people and make their join links. Never in private family time: nobody joins the
    /// family's time by being added to it.
    ManageNetwork,
    /// Revoke someone's join links: always open to the facilitator until the meeting closes, so
    /// a link sent in error can be turned off even in private time.
    RevokeLinks,
    /// Move the meeting to another stage.
    MoveStage,
    /// Read the meeting's audit log.
    ViewAudit,
    /// Propose the plan for agreement, withdraw the proposal, or close agreement.
    RunAgreement,
    /// Record one's own decision on a proposed plan.
    Decide,
    /// Set the day an agreed plan is to be reviewed: the facilitator, once the plan is final.
    SetReviewDate,
    /// Record, in a review meeting, how each action of the agreed plan stands.
    RecordReview,
}

impl Action {
    pub const ALL: [Action; 10] = [
        Action::ViewMeeting,
        Action::ViewNetwork,
        Action::ManageNetwork,
        Action::RevokeLinks,
        Action::MoveStage,
        Action::ViewAudit,
        Action::RunAgreement,
        Action::Decide,
        Action::SetReviewDate,
        Action::RecordReview,
    ];
}

/// Whether `role` may do `action` at `stage`.
pub fn allows(role: MeetingRole, action: Action, stage: Stage) -> bool {
    match action {
        Action::ViewMeeting => role != MeetingRole::Outsider,
        Action::ViewNetwork => !matches!(role, MeetingRole::Outsider),
        Action::ManageNetwork => {
            role == MeetingRole::Facilitator && !matches!(stage, Stage::Closed | Stage::PrivateFamilyTime)
        }
        Action::RevokeLinks => role == MeetingRole::Facilitator && stage != Stage::Closed,
        Action::MoveStage => role == MeetingRole::Facilitator && stage != Stage::Closed,
        Action::ViewAudit => matches!(role, MeetingRole::Facilitator | MeetingRole::Manager),
        Action::RunAgreement => role == MeetingRole::Facilitator && stage == Stage::Agreement,
        Action::SetReviewDate => role == MeetingRole::Facilitator && stage == Stage::Closed,
        // Not in the family's private time, which is theirs, nor once the review is closed.
        Action::RecordReview => {
            role == MeetingRole::Facilitator && !matches!(stage, Stage::Closed | Stage::PrivateFamilyTime)
        }
        // Everyone present decides, but the facilitator chairs, interpreters interpret and
        // observers watch.
        Action::Decide => {
            stage == Stage::Agreement
                && match role {
                    MeetingRole::Practitioner => true,
                    MeetingRole::Participant(kind) => {
                        !matches!(kind, ParticipantKind::Interpreter | ParticipantKind::Observer)
                    }
                    _ => false,
                }
        }
    }
}

/// Whether `role` sees people's languages and access needs in the network list. Staff do (the
/// facilitator, the meeting's practitioners, managers); the family and observers see names and
/// relationships only.
pub fn sees_network_details(role: MeetingRole) -> bool {
    matches!(role, MeetingRole::Facilitator | MeetingRole::Practitioner | MeetingRole::Manager)
}

/// Whether someone sees one of `owner`'s contact details. `viewer` is the participant they are
/// in the meeting (if any); `named` are the people the detail is shown to besides staff;
/// `separated` says a no-details separation stands between the viewer and the owner. In order:
/// everyone sees their own details; a separation overrides every visibility; staff (the
/// facilitator, the meeting's practitioners, managers) see every detail; the network sees what
/// is shown to the whole network, and the people named what is shown to them.
pub fn sees_contact_detail(
    role: MeetingRole,
    viewer: Option<&str>,
    owner: &str,
    visibility: Visibility,
    named: &[String],
    separated: bool,
) -> bool {
    if viewer == Some(owner) {
        return true;
    }
    if separated || role == MeetingRole::Outsider {
        return false;
    }
    if sees_network_details(role) {
        return true;
    }
    match (role, visibility) {
        (MeetingRole::Participant(_) | MeetingRole::FamilyInterpreter, Visibility::Network) => true,
        (MeetingRole::Participant(_) | MeetingRole::FamilyInterpreter, Visibility::Named) => {
            viewer.is_some_and(|viewer| named.iter().any(|named| named == viewer))
        }
        _ => false,
    }
}

/// Whether `role` reads a meeting's safety notes: its facilitator, its practitioners with staff
/// accounts, and managers; never a family member, an observer, or anyone who joined by link.
pub fn reads_safety_notes(role: MeetingRole) -> bool {
    matches!(role, MeetingRole::Facilitator | MeetingRole::Practitioner | MeetingRole::Manager)
}

/// Whether `role` sees where each person of a meeting stands on consent: its staff (each person
/// sees their own).
pub fn sees_consents(role: MeetingRole) -> bool {
    sees_network_details(role)
}

/// Whether `role` reads the separations of a meeting and their reasons: its staff only.
pub fn sees_separations(role: MeetingRole) -> bool {
    sees_network_details(role)
}

/// Whether `role` hears the labels of saved versions (the family's own words) at `stage`:
/// everyone but while private family time runs, when only the family side (and an interpreter
/// they asked in) does.
pub fn hears_version_labels(role: MeetingRole, stage: Stage) -> bool {
    stage != Stage::PrivateFamilyTime || role.is_family_side() || role == MeetingRole::FamilyInterpreter
}

/// Someone acting on a case (a family's referral and its meetings), as the permission table sees
/// them. A case is a staff record: the family reads their plan, never the referral's record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseRole {
    /// The facilitator who holds the case.
    Facilitator,
    /// A manager of the service.
    Manager,
    /// Staff with a part in one of the case's meetings (its facilitator, or a practitioner in it).
    Colleague,
    /// Everyone else, the family included.
    Outsider,
}

/// What may be done with a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseAction {
    /// Read the referral and the list of its meetings.
    View,
    /// Change the referral: its children, the people with parental responsibility, its words.
    EditReferral,
    /// Set up a meeting of the case.
    AddMeeting,
    /// Ask for a Family Network Support Package that one of its meetings' plans identified.
    RequestSupport,
    /// Approve a decision not to offer, or approve or decline a support package: a manager's.
    Approve,
}

/// Whether `role` may do `action` with a case.
pub fn case_allows(role: CaseRole, action: CaseAction) -> bool {
    match action {
        CaseAction::View => role != CaseRole::Outsider,
        CaseAction::EditReferral | CaseAction::AddMeeting | CaseAction::RequestSupport => role == CaseRole::Facilitator,
        CaseAction::Approve => role == CaseRole::Manager,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rules PRODUCT.md names, checked for every role, document and stage.
    #[test]
    fn the_table_keeps_the_rules_that_matter() {
        for role in MeetingRole::all() {
            for stage in Stage::ALL {
                let family_time = document_access(role, DocumentKind::FamilyTime, stage);
                if role == MeetingRole::FamilyInterpreter {
                    assert_eq!(family_time, Access::Read, "an interpreter the family asked in reads ({stage:?})");
                } else if !role.is_family_side() {
                    assert_eq!(family_time, Access::None, "{role:?} must never open the family's space ({stage:?})");
                }
                if role.is_interpreter() {
                    assert!(
                        document_access(role, DocumentKind::Plan, stage) < Access::Write,
                        "interpreters never write the plan"
                    );
                    assert!(!allows(role, Action::Decide, stage), "interpreters interpret; they do not decide");
                    assert!(!role.is_family_side(), "an interpreter is not drawn as family");
                }
                let glossary = document_access(role, DocumentKind::Glossary, stage);
                assert_eq!(
                    glossary > Access::None,
                    role.is_interpreter(),
                    "{role:?}: the glossary is the interpreter's"
                );
                if stage == Stage::PrivateFamilyTime {
                    assert!(!allows(role, Action::ManageNetwork, stage), "nobody is added in private time");
                }
                if stage == Stage::PrivateFamilyTime && !role.is_family_side() && role != MeetingRole::FamilyInterpreter
                {
                    for kind in [DocumentKind::Plan, DocumentKind::FamilyTime] {
                        assert_eq!(
                            document_access(role, kind, stage),
                            Access::None,
                            "{role:?} {kind:?} in private time"
                        );
                    }
                }
                if role == MeetingRole::Participant(ParticipantKind::Observer) {
                    for kind in DocumentKind::ALL {
                        assert!(document_access(role, kind, stage) < Access::Write, "observers never write");
                    }
                }
                if stage == Stage::Closed {
                    for kind in DocumentKind::ALL {
                        assert!(document_access(role, kind, stage) < Access::Write, "a closed meeting is read-only");
                    }
                }
                if role == MeetingRole::Outsider {
                    for kind in DocumentKind::ALL {
                        assert_eq!(document_access(role, kind, stage), Access::None);
                    }
                    for action in Action::ALL {
                        assert!(!allows(role, action, stage));
                    }
                }
                if stage == Stage::PrivateFamilyTime && !role.is_family_side() && role != MeetingRole::FamilyInterpreter
                {
                    assert!(!hears_version_labels(role, stage), "{role:?} hears no family label in private time");
                }
                if matches!(role, MeetingRole::Participant(_) | MeetingRole::FamilyInterpreter) {
                    assert!(!reads_safety_notes(role), "{role:?} never reads a safety note");
                    assert!(!sees_network_details(role), "{role:?} sees no access needs");
                    assert!(!allows(role, Action::MoveStage, stage));
                    assert!(!allows(role, Action::ViewAudit, stage));
                }
            }
        }
        // The family writes its plan while it works on it.
        let family = MeetingRole::Participant(ParticipantKind::Family);
        assert_eq!(document_access(family, DocumentKind::Plan, Stage::PrivateFamilyTime), Access::Write);
        assert_eq!(document_access(family, DocumentKind::FamilyTime, Stage::PrivateFamilyTime), Access::Write);
    }

    /// Every role against every visibility: a separation hides everything but one's own, and
    /// nobody outside the meeting sees anything.
    #[test]
    fn contact_details_follow_visibility_and_separations() {
        let named = vec!["aunt".to_owned()];
        for role in MeetingRole::all() {
            for visibility in Visibility::ALL {
                for viewer in [None, Some("aunt"), Some("cousin")] {
                    let sees = sees_contact_detail(role, viewer, "mother", visibility, &named, false);
                    assert!(
                        !sees_contact_detail(role, viewer, "mother", visibility, &named, true),
                        "{role:?} separated"
                    );
                    assert!(
                        sees_contact_detail(role, Some("mother"), "mother", visibility, &named, true),
                        "own details"
                    );
                    match role {
                        MeetingRole::Outsider => assert!(!sees),
                        MeetingRole::Facilitator | MeetingRole::Practitioner | MeetingRole::Manager => assert!(sees),
                        MeetingRole::Participant(_) | MeetingRole::FamilyInterpreter => {
                            let expected = match visibility {
                                Visibility::Staff => false,
                                Visibility::Network => true,
                                Visibility::Named => viewer == Some("aunt"),
                            };
                            assert_eq!(sees, expected, "{role:?} {visibility:?} {viewer:?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn document_names_round_trip() {
        for kind in DocumentKind::ALL.into_iter().filter(|kind| *kind != DocumentKind::Glossary) {
            assert_eq!(parse_document_name(&document_name("m-1", kind)), Some(("m-1", kind)));
        }
        assert_eq!(parse_document_name("plan"), None);
        assert_eq!(parse_document_name("meeting/m-1/secret"), None);
        let room = room_document_name("m-1", Some("r-2"));
        let parsed = parse_meeting_document(&room).unwrap();
        assert_eq!((parsed.meeting_id, parsed.kind, parsed.room), ("m-1", DocumentKind::FamilyTime, Some("r-2")));
        assert_eq!(room_document_name("m-1", None), document_name("m-1", DocumentKind::FamilyTime));
        let glossary = glossary_document_name("m-1", "p-3");
        let parsed = parse_meeting_document(&glossary).unwrap();
        assert_eq!(
            (parsed.meeting_id, parsed.kind, parsed.owner, parsed.room),
            ("m-1", DocumentKind::Glossary, Some("p-3"), None)
        );
        assert_eq!(parse_meeting_document("meeting/m-1/glossary"), None, "a glossary is always someone's");
        assert_eq!(parse_meeting_document("meeting/m-1/glossary/x y"), None);
        assert_eq!(parse_meeting_document("meeting/m-1/comments/p-3"), None);
        for bad in [
            "meeting/m-1/plan/r-2",
            "meeting/m-1/family-time/",
            "meeting/m-1/family-time/a/b",
            "meeting/m-1/family-time/x y",
        ] {
            assert_eq!(parse_meeting_document(bad), None, "{bad}");
        }
    }

    /// Only one's own room, and never with someone one is kept apart from.
    #[test]
    fn a_room_is_opened_only_by_its_own_people_and_never_shared_across_a_separation() {
        assert_eq!(room_access(None, None, &[]), Ok(()));
        assert_eq!(room_access(Some("a"), Some("a"), &[Some("b"), None]), Ok(()));
        assert_eq!(room_access(Some("a"), None, &[]), Err(RoomRefusal::AnotherRoom));
        assert_eq!(room_access(None, Some("a"), &[]), Err(RoomRefusal::AnotherRoom));
        assert_eq!(room_access(Some("a"), Some("b"), &[]), Err(RoomRefusal::AnotherRoom));
        assert_eq!(room_access(Some("a"), Some("a"), &[Some("a")]), Err(RoomRefusal::SharedWithSeparated));
        assert_eq!(room_access(None, None, &[None]), Err(RoomRefusal::SharedWithSeparated), "the default room counts");
    }

    #[test]
    fn a_case_is_read_by_its_staff_and_changed_by_its_facilitator_alone() {
        use super::{case_allows, CaseAction, CaseRole};
        for role in [CaseRole::Facilitator, CaseRole::Manager, CaseRole::Colleague] {
            assert!(case_allows(role, CaseAction::View), "{role:?} reads the case");
        }
        assert!(!case_allows(CaseRole::Outsider, CaseAction::View), "the family and strangers do not");
        for action in [CaseAction::EditReferral, CaseAction::AddMeeting, CaseAction::RequestSupport] {
            assert!(case_allows(CaseRole::Facilitator, action));
            for role in [CaseRole::Manager, CaseRole::Colleague, CaseRole::Outsider] {
                assert!(!case_allows(role, action), "{role:?} may not {action:?}");
            }
        }
        // Approvals are the manager's, never the facilitator's own.
        assert!(case_allows(CaseRole::Manager, CaseAction::Approve));
        for role in [CaseRole::Facilitator, CaseRole::Colleague, CaseRole::Outsider] {
            assert!(!case_allows(role, CaseAction::Approve), "{role:?} may not approve");
        }
    }
}
