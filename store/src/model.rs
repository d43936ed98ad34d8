//! The records storage keeps for meetings, people, links, sessions and the audit log.
//! Times are Unix milliseconds.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The stages of a meeting, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    Preparation,
    Information,
    PrivateFamilyTime,
    Agreement,
    Closed,
}

impl Stage {
    pub const ALL: [Stage; 5] =
        [Stage::Preparation, Stage::Information, Stage::PrivateFamilyTime, Stage::Agreement, Stage::Closed];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Preparation => "preparation",
            Stage::Information => "information",
            Stage::PrivateFamilyTime => "private-family-time",
            Stage::Agreement => "agreement",
            Stage::Closed => "closed",
        }
    }

    pub fn parse(text: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|stage| stage.as_str() == text)
    }
}

/// The role of a staff account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum StaffRole {
    Facilitator,
    Practitioner,
    Manager,
}

impl StaffRole {
    pub const ALL: [StaffRole; 3] = [StaffRole::Facilitator, StaffRole::Practitioner, StaffRole::Manager];

    pub fn as_str(self) -> &'static str {
        match self {
            StaffRole::Facilitator => "facilitator",
            StaffRole::Practitioner => "practitioner",
            StaffRole::Manager => "manager",
        }
    }

    pub fn parse(text: &str) -> Option<StaffRole> {
        StaffRole::ALL.into_iter().find(|role| role.as_str() == text)
    }
}

/// What a participant is to the meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ParticipantKind {
    Family,
    Friend,
    Child,
    Advocate,
    Practitioner,
    Interpreter,
    Observer,
}

impl ParticipantKind {
    pub const ALL: [ParticipantKind; 7] = [
        ParticipantKind::Family,
        ParticipantKind::Friend,
        ParticipantKind::Child,
        ParticipantKind::Advocate,
        ParticipantKind::Practitioner,
        ParticipantKind::Interpreter,
        ParticipantKind::Observer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ParticipantKind::Family => "family",
            ParticipantKind::Friend => "friend",
            ParticipantKind::Child => "child",
            ParticipantKind::Advocate => "advocate",
            ParticipantKind::Practitioner => "practitioner",
            ParticipantKind::Interpreter => "interpreter",
            ParticipantKind::Observer => "observer",
        }
    }

    pub fn parse(text: &str) -> Option<ParticipantKind> {
        ParticipantKind::ALL.into_iter().find(|kind| kind.as_str() == text)
    }

    /// The family side: the people who write the plan and stay in private family time.
    /// Advocates stay with the family to help them take part. An interpreter is not of the family
    /// side: they read the plan and write nothing in it, and stay in private time only when the
    /// family asks them to.
    pub fn is_family_side(self) -> bool {
        matches!(
            self,
            ParticipantKind::Family | ParticipantKind::Friend | ParticipantKind::Child | ParticipantKind::Advocate
        )
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct User {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: StaffRole,
    #[serde(skip)]
    pub password_hash: String,
    pub created_at: i64,
    /// Set while a manager or an operator has turned the account off: it cannot sign in, and
    /// none of its tokens open anything.
    pub disabled_at: Option<i64>,
    /// The team the staff member works in, for the service's figures ("" when not set).
    pub team: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum MeetingKind {
    Fnm,
    Fgc,
    Review,
}

impl MeetingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MeetingKind::Fnm => "fnm",
            MeetingKind::Fgc => "fgc",
            MeetingKind::Review => "review",
        }
    }

    pub fn parse(text: &str) -> Option<MeetingKind> {
        [MeetingKind::Fnm, MeetingKind::Fgc, MeetingKind::Review].into_iter().find(|k| k.as_str() == text)
    }
}

#[derive(Debug, Clone)]
pub struct Meeting {
    pub id: String,
    pub title: String,
    pub kind: MeetingKind,
    pub scheduled_at: Option<i64>,
    pub stage: Stage,
    pub stage_changed_at: i64,
    pub facilitator_id: String,
    pub follows_meeting_id: Option<String>,
    pub created_at: i64,
    /// Set when the meeting was erased: only its tombstone is left.
    pub erased_at: Option<i64>,
    /// The case the meeting belongs to (every meeting made since cases began has one).
    pub case_id: Option<String>,
    /// The day the meeting was held: the day it first left preparation (YYYY-MM-DD).
    pub held_on: Option<String>,
    /// Once its plan is agreed, the day the plan is to be reviewed (YYYY-MM-DD).
    pub review_due_on: Option<String>,
    /// The meeting's language (a code from `i18n/languages.toml`): the shared screen's.
    pub language: String,
}

#[derive(Debug, Clone)]
pub struct Participant {
    pub id: String,
    pub meeting_id: String,
    pub display_name: String,
    pub relationship: String,
    pub kind: ParticipantKind,
    pub language: String,
    pub access_needs: String,
    /// Set for a practitioner who has a staff account.
    pub user_id: Option<String>,
    /// The referrer's decision is what makes a plan final.
    pub is_referrer: bool,
    pub created_at: i64,
    /// A child's date of birth (YYYY-MM-DD), when recorded: retention may run from it.
    pub date_of_birth: Option<String>,
    /// The language the person chose for their own pages and copies; empty until they choose.
    pub page_language: String,
    /// That the person needs an interpreter, and in which language; empty when they do not.
    pub needs_interpreter: String,
    /// An interpreter's declaration that they have no connection to the family.
    pub no_connection_declared_at: Option<i64>,
    /// For an interpreter the family asked into their private time: who asked.
    pub family_time_invited_by: Option<String>,
    /// Named by the facilitator as expected to decide on the plan, present or not.
    pub named_to_decide: bool,
}

#[derive(Debug, Clone)]
pub struct JoinLink {
    pub id: String,
    pub participant_id: String,
    pub secret_hash: String,
    pub access_code_hash: Option<String>,
    pub failed_code_attempts: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
    pub created_at: i64,
}

#[derive(Debug, Clone)]
pub struct SessionRecord {
    pub id: String,
    pub token_hash: String,
    pub user_id: Option<String>,
    pub participant_id: Option<String>,
    pub link_id: Option<String>,
    pub expires_at: i64,
    pub ended_at: Option<i64>,
    pub created_at: i64,
}

/// One line of the audit log, to append.
#[derive(Debug, Clone)]
pub struct NewAuditEvent {
    pub meeting_id: Option<String>,
    /// `user:ID`, `participant:ID`, `operator` (the command line) or `anonymous`.
    pub actor: String,
    pub actor_name: String,
    pub action: String,
    /// JSON with the particulars.
    pub detail: String,
    pub address: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AuditEvent {
    pub id: i64,
    pub occurred_at: i64,
    pub meeting_id: Option<String>,
    pub actor: String,
    pub actor_name: String,
    pub action: String,
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
    pub address: Option<String>,
}

/// An event pushed to everyone connected to a meeting (or, without a meeting, to every
/// connection that holds the grant it names).
#[derive(Debug, Clone)]
pub struct StoredMeetingEvent {
    pub id: i64,
    pub meeting_id: Option<String>,
    pub occurred_at: i64,
    pub kind: String,
    pub payload: String,
}

/// A saved version of a meeting's plan, one link of its hash chain.
#[derive(Debug, Clone)]
pub struct PlanVersion {
    pub id: String,
    pub meeting_id: String,
    pub number: i64,
    pub label: String,
    /// `user:ID`, `participant:ID` or `operator`.
    pub author: String,
    pub author_name: String,
    pub created_at: i64,
    /// The encoded Yjs state the rendering was made from.
    pub state: Vec<u8>,
    /// The canonical JSON of the version; `hash` is its SHA-256.
    pub rendering: String,
    pub hash: String,
    pub previous_hash: Option<String>,
    /// Set when the version was erased: its number, hash and link stay, its content is gone.
    pub erased_at: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ProposalStatus {
    Open,
    Withdrawn,
    Final,
}

impl ProposalStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ProposalStatus::Open => "open",
            ProposalStatus::Withdrawn => "withdrawn",
            ProposalStatus::Final => "final",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [ProposalStatus::Open, ProposalStatus::Withdrawn, ProposalStatus::Final]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

#[derive(Debug, Clone)]
pub struct Proposal {
    pub id: String,
    pub meeting_id: String,
    pub version_id: String,
    pub version_hash: String,
    pub proposed_by: String,
    pub proposed_at: i64,
    pub status: ProposalStatus,
    pub closed_at: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct Decision {
    pub id: String,
    pub proposal_id: String,
    pub version_hash: String,
    /// `user:ID` or `participant:ID`; one decision per person per proposal.
    pub decided_by: String,
    pub name: String,
    /// `family`, `practitioner`, `referrer`, …
    pub role: String,
    pub decision: String,
    pub comment: String,
    pub decided_at: i64,
}

/// A live event to record with the change it reports.
#[derive(Debug, Clone)]
pub struct NewMeetingEvent {
    pub kind: String,
    pub payload: String,
}

/// What a contact detail is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum DetailKind {
    Address,
    Phone,
    Email,
}

impl DetailKind {
    pub const ALL: [DetailKind; 3] = [DetailKind::Address, DetailKind::Phone, DetailKind::Email];

    pub fn as_str(self) -> &'static str {
        match self {
            DetailKind::Address => "address",
            DetailKind::Phone => "phone",
            DetailKind::Email => "email",
        }
    }

    pub fn parse(text: &str) -> Option<DetailKind> {
        DetailKind::ALL.into_iter().find(|kind| kind.as_str() == text)
    }
}

/// Who may see a contact detail. A separation overrides every one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    /// The meeting's staff only: its facilitator, its practitioners with accounts, managers.
    #[default]
    Staff,
    /// Everyone in the meeting's network.
    Network,
    /// Staff, and the people named.
    Named,
}

impl Visibility {
    pub const ALL: [Visibility; 3] = [Visibility::Staff, Visibility::Network, Visibility::Named];

    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Staff => "staff",
            Visibility::Network => "network",
            Visibility::Named => "named",
        }
    }

    pub fn parse(text: &str) -> Option<Visibility> {
        Visibility::ALL.into_iter().find(|visibility| visibility.as_str() == text)
    }
}

/// One of a participant's contact details, with who may see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactDetail {
    pub id: String,
    pub participant_id: String,
    pub kind: DetailKind,
    pub value: String,
    pub visibility: Visibility,
    /// With `Visibility::Named`: the participants, besides staff, who may see it.
    pub viewers: Vec<String>,
    /// Its place among the participant's details of the same kind (phone numbers).
    pub position: i64,
    pub updated_at: i64,
}

/// Two people of a meeting kept apart: with `no_details` neither sees the other's contact
/// details, whatever their visibility; with `no_shared_room` they are never in one private room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Separation {
    pub id: String,
    pub meeting_id: String,
    pub first_id: String,
    pub second_id: String,
    pub no_details: bool,
    pub no_shared_room: bool,
    /// Why; for staff only.
    pub reason: String,
    /// The audit reference of who recorded it.
    pub created_by: String,
    pub created_at: i64,
}

impl Separation {
    /// Whether this separation is between `one` and `other` (in either order).
    pub fn between(&self, one: &str, other: &str) -> bool {
        (self.first_id == one && self.second_id == other) || (self.first_id == other && self.second_id == one)
    }
}

/// A room of private family time beside the meeting's default room, with a document of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrivateRoom {
    pub id: String,
    pub meeting_id: String,
    pub name: String,
    pub created_at: i64,
}

/// What a safety note is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum NoteCategory {
    /// A risk to someone.
    Risk,
    /// The outcome of screening (for domestic abuse, for example).
    Screening,
    /// An arrangement for the meeting, such as separate arrival times.
    Arrangement,
    Other,
}

impl NoteCategory {
    pub const ALL: [NoteCategory; 4] =
        [NoteCategory::Risk, NoteCategory::Screening, NoteCategory::Arrangement, NoteCategory::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            NoteCategory::Risk => "risk",
            NoteCategory::Screening => "screening",
            NoteCategory::Arrangement => "arrangement",
            NoteCategory::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<NoteCategory> {
        NoteCategory::ALL.into_iter().find(|category| category.as_str() == text)
    }
}

/// A coordinator's safety note, about one person or (with no participant) the whole meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafetyNote {
    pub id: String,
    pub meeting_id: String,
    pub participant_id: Option<String>,
    pub category: NoteCategory,
    pub body: String,
    /// The audit reference of who wrote it, and their name.
    pub author: String,
    pub author_name: String,
    pub created_at: i64,
}

/// A version of the privacy notice people read before they agree to take part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrivacyNotice {
    pub version: i64,
    pub body: String,
    /// The audit reference of who published it (`kinplan` for the first, built-in text).
    pub published_by: String,
    pub published_at: i64,
}

/// A person's agreement to take part and to how their information is shared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consent {
    pub id: String,
    pub participant_id: String,
    /// The version of the privacy notice they read.
    pub notice_version: i64,
    pub takes_part: bool,
    pub shares_information: bool,
    /// The adult who supported a child or young person to decide; empty for nobody.
    pub supported_by: String,
    pub given_at: i64,
    pub withdrawn_at: Option<i64>,
}

/// A type of record that a retention rule covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RecordType {
    /// A meeting with its people, documents, versions and decisions: everything of it.
    Meeting,
    /// The family's private documents (private family time, each room's).
    FamilyTime,
    SafetyNotes,
    ContactDetails,
    /// Join links and the sessions opened with them or by staff.
    LinksAndSessions,
    AuditEvents,
    Consents,
}

impl RecordType {
    pub const ALL: [RecordType; 7] = [
        RecordType::Meeting,
        RecordType::FamilyTime,
        RecordType::SafetyNotes,
        RecordType::ContactDetails,
        RecordType::LinksAndSessions,
        RecordType::AuditEvents,
        RecordType::Consents,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RecordType::Meeting => "meeting",
            RecordType::FamilyTime => "family-time",
            RecordType::SafetyNotes => "safety-notes",
            RecordType::ContactDetails => "contact-details",
            RecordType::LinksAndSessions => "links-and-sessions",
            RecordType::AuditEvents => "audit-events",
            RecordType::Consents => "consents",
        }
    }

    pub fn parse(text: &str) -> Option<RecordType> {
        RecordType::ALL.into_iter().find(|record_type| record_type.as_str() == text)
    }
}

/// The unit of a retention period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum KeepUnit {
    #[serde(rename = "d")]
    Days,
    #[serde(rename = "m")]
    Months,
    #[serde(rename = "y")]
    Years,
}

impl KeepUnit {
    pub const ALL: [KeepUnit; 3] = [KeepUnit::Days, KeepUnit::Months, KeepUnit::Years];

    pub fn as_str(self) -> &'static str {
        match self {
            KeepUnit::Days => "d",
            KeepUnit::Months => "m",
            KeepUnit::Years => "y",
        }
    }

    pub fn parse(text: &str) -> Option<KeepUnit> {
        KeepUnit::ALL.into_iter().find(|unit| unit.as_str() == text)
    }
}

/// What a retention period runs from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum FromEvent {
    /// The meeting's closure.
    Closure,
    /// The meeting's last recorded activity.
    LastActivity,
    /// The youngest child's date of birth, when recorded.
    Birth,
    /// The record's own date: when it was made, or for a link or session when it expired or ended.
    Record,
}

impl FromEvent {
    pub const ALL: [FromEvent; 4] = [FromEvent::Closure, FromEvent::LastActivity, FromEvent::Birth, FromEvent::Record];

    pub fn as_str(self) -> &'static str {
        match self {
            FromEvent::Closure => "closure",
            FromEvent::LastActivity => "last-activity",
            FromEvent::Birth => "birth",
            FromEvent::Record => "record",
        }
    }

    pub fn parse(text: &str) -> Option<FromEvent> {
        FromEvent::ALL.into_iter().find(|event| event.as_str() == text)
    }
}

/// How long records of one type are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionRule {
    pub record_type: RecordType,
    pub keep_amount: i64,
    pub keep_unit: KeepUnit,
    pub from_event: FromEvent,
    /// The audit reference of who set it (`kinplan` for a default).
    pub updated_by: String,
    pub updated_at: i64,
}

/// A legal hold on a meeting or on one person (a participant): nothing under it is deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegalHold {
    pub id: String,
    pub meeting_id: Option<String>,
    pub participant_id: Option<String>,
    pub reason: String,
    pub placed_by: String,
    pub placed_at: i64,
    pub lifted_by: Option<String>,
    pub lifted_at: Option<i64>,
    pub lift_reason: Option<String>,
}

/// What an erasure or a scheduled deletion took.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ErasureScope {
    /// A whole meeting, down to its tombstone.
    Meeting,
    /// One person's personal data.
    Person,
    /// One type of a meeting's records (a retention rule's deletion).
    Records,
}

impl ErasureScope {
    pub fn as_str(self) -> &'static str {
        match self {
            ErasureScope::Meeting => "meeting",
            ErasureScope::Person => "person",
            ErasureScope::Records => "records",
        }
    }

    pub fn parse(text: &str) -> Option<ErasureScope> {
        [ErasureScope::Meeting, ErasureScope::Person, ErasureScope::Records]
            .into_iter()
            .find(|scope| scope.as_str() == text)
    }
}

/// The tombstone of an erasure or a scheduled deletion: what went, when, by whom and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Erasure {
    pub id: String,
    pub scope: ErasureScope,
    pub meeting_id: Option<String>,
    pub participant_id: Option<String>,
    /// For a scheduled deletion of one type of records (or with no meeting, records of the
    /// whole service past their time, such as old audit lines).
    pub record_type: Option<RecordType>,
    pub reason: String,
    pub erased_by: String,
    pub erased_at: i64,
    /// The versions erased, by number and hash.
    pub versions: Vec<ErasedVersion>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ErasedVersion {
    pub number: i64,
    pub hash: String,
}

/// What one deletion of records took away, for the run's listing and its audit line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct Removed {
    /// Rows deleted, or blanked, by table.
    pub rows: std::collections::BTreeMap<String, u64>,
    /// Documents whose update log and snapshot were deleted.
    pub documents: Vec<String>,
    pub versions: Vec<ErasedVersion>,
}

impl Removed {
    pub fn count(&mut self, table: &str, rows: u64) {
        if rows > 0 {
            *self.rows.entry(table.to_owned()).or_default() += rows;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty() && self.documents.is_empty()
    }
}

/// One family's journey: the referral, and the meetings and reviews that follow it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub id: String,
    /// How staff name the case (often the children's initials).
    pub title: String,
    /// The facilitator who holds the case.
    pub facilitator_id: String,
    /// Who referred the family (name and role).
    pub referrer: String,
    /// The Family Help Lead Practitioner.
    pub lead_practitioner: String,
    pub reason: String,
    /// The referral's worries, bottom lines and questions for the family: they seed the first
    /// meeting's plan.
    pub worries: String,
    pub bottom_lines: String,
    pub questions: String,
    /// The day the referral was received (YYYY-MM-DD).
    pub received_on: Option<String>,
    /// The day a care or supervision application is made or planned (YYYY-MM-DD), when recorded.
    pub care_application_on: Option<String>,
    pub created_at: i64,
    pub erased_at: Option<i64>,
    pub children: Vec<CaseChild>,
    /// The people with parental responsibility.
    pub parents: Vec<ParentalResponsibility>,
}

/// A child of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseChild {
    pub id: String,
    pub name: String,
    /// YYYY-MM-DD, when known.
    pub date_of_birth: Option<String>,
    /// The child's identifier in the council's case system, if given.
    pub case_system_id: String,
}

/// A person with parental responsibility for a child of the case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParentalResponsibility {
    pub id: String,
    pub name: String,
    pub relationship: String,
}

/// How a meeting was offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum OfferMethod {
    InPerson,
    Letter,
    /// In the letter before proceedings.
    LetterBeforeProceedings,
}

impl OfferMethod {
    pub const ALL: [OfferMethod; 3] =
        [OfferMethod::InPerson, OfferMethod::Letter, OfferMethod::LetterBeforeProceedings];

    pub fn as_str(self) -> &'static str {
        match self {
            OfferMethod::InPerson => "in-person",
            OfferMethod::Letter => "letter",
            OfferMethod::LetterBeforeProceedings => "letter-before-proceedings",
        }
    }

    pub fn parse(text: &str) -> Option<OfferMethod> {
        OfferMethod::ALL.into_iter().find(|method| method.as_str() == text)
    }
}

/// A person's answer to the offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum OfferAnswer {
    Awaiting,
    Accepted,
    Declined,
}

impl OfferAnswer {
    pub const ALL: [OfferAnswer; 3] = [OfferAnswer::Awaiting, OfferAnswer::Accepted, OfferAnswer::Declined];

    pub fn as_str(self) -> &'static str {
        match self {
            OfferAnswer::Awaiting => "awaiting",
            OfferAnswer::Accepted => "accepted",
            OfferAnswer::Declined => "declined",
        }
    }

    pub fn parse(text: &str) -> Option<OfferAnswer> {
        OfferAnswer::ALL.into_iter().find(|answer| answer.as_str() == text)
    }
}

/// A family group decision-making meeting offered to one person with parental responsibility.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    pub id: String,
    pub case_id: String,
    /// The person with parental responsibility it was offered to.
    pub parent_id: String,
    /// YYYY-MM-DD.
    pub offered_on: String,
    pub method: OfferMethod,
    pub answer: OfferAnswer,
    /// Their reason, if they declined and gave one.
    pub declined_reason: String,
    pub answered_on: Option<String>,
    pub recorded_by: String,
    pub recorded_at: i64,
}

/// A decision not to offer a meeting, as not in the child's best interests; in force once a
/// manager approves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferDecision {
    pub id: String,
    pub case_id: String,
    pub reason: String,
    pub decided_by: String,
    pub decided_at: i64,
    pub approved_by: Option<String>,
    pub approved_at: Option<i64>,
    /// Set when a manager refused it instead, with their reason.
    pub refused_by: Option<String>,
    pub refused_at: Option<i64>,
    pub refusal_reason: String,
}

/// Where a request for a Family Network Support Package stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SupportStatus {
    Requested,
    Approved,
    Declined,
}

impl SupportStatus {
    pub const ALL: [SupportStatus; 3] = [SupportStatus::Requested, SupportStatus::Approved, SupportStatus::Declined];

    pub fn as_str(self) -> &'static str {
        match self {
            SupportStatus::Requested => "requested",
            SupportStatus::Approved => "approved",
            SupportStatus::Declined => "declined",
        }
    }

    pub fn parse(text: &str) -> Option<SupportStatus> {
        SupportStatus::ALL.into_iter().find(|status| status.as_str() == text)
    }
}

/// One thing a support package asks for, and what it costs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct SupportItem {
    pub id: String,
    pub description: String,
    /// In pence.
    pub cost_pence: i64,
}

/// A request for a Family Network Support Package: the items a meeting's plan asked for, decided
/// by a manager.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupportRequest {
    pub id: String,
    pub case_id: String,
    /// The meeting whose plan identified it.
    pub meeting_id: String,
    pub summary: String,
    pub items: Vec<SupportItem>,
    pub status: SupportStatus,
    pub requested_by: String,
    pub requested_at: i64,
    pub decided_by: Option<String>,
    pub decided_at: Option<i64>,
    pub decision_reason: String,
}

impl SupportRequest {
    /// What the items cost together, in pence.
    pub fn total_pence(&self) -> i64 {
        self.items.iter().map(|item| item.cost_pence).sum()
    }
}

/// How an action of the agreed plan stands at its review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewedStatus {
    Done,
    OnTrack,
    NotOnTrack,
}

impl ReviewedStatus {
    pub const ALL: [ReviewedStatus; 3] = [ReviewedStatus::Done, ReviewedStatus::OnTrack, ReviewedStatus::NotOnTrack];

    pub fn as_str(self) -> &'static str {
        match self {
            ReviewedStatus::Done => "done",
            ReviewedStatus::OnTrack => "on_track",
            ReviewedStatus::NotOnTrack => "not_on_track",
        }
    }

    pub fn parse(text: &str) -> Option<ReviewedStatus> {
        ReviewedStatus::ALL.into_iter().find(|status| status.as_str() == text)
    }
}

/// A review meeting's word on one action of the plan it reviews.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionReview {
    pub review_meeting_id: String,
    pub action_id: String,
    /// The action's words as agreed, kept with the review.
    pub what: String,
    pub status: ReviewedStatus,
    pub note: String,
    pub recorded_by: String,
    pub recorded_at: i64,
}

/// A case's records at once, for the service's figures and dashboards.
#[derive(Debug, Clone)]
pub struct Journey {
    pub case: Case,
    /// Oldest first, erased ones left out.
    pub meetings: Vec<Meeting>,
    pub offers: Vec<Offer>,
    pub decisions: Vec<OfferDecision>,
    pub support: Vec<SupportRequest>,
    /// The meetings whose plan was agreed, with the time it became final.
    pub agreed: Vec<(String, i64)>,
}
