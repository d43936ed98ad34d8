//! A change to meetings, people, accounts or the plan, as one transaction that can only be
//! committed with the audit line recording it.

use async_trait::async_trait;

use super::{
    ActionReview, Case, Erasure, LegalHold, Offer, OfferDecision, RecordType, Removed, RetentionRule, SupportRequest,
};
use super::{
    Consent, ContactDetail, DetailKind, PrivacyNotice, PrivateRoom, SafetyNote, Separation, SessionRecord, StoreError,
    User,
};
use super::{Decision, JoinLink, Meeting, NewAuditEvent, Participant, PlanVersion, Proposal, ProposalStatus};
use crate::model::Stage;

/// The writes of one workflow, in one database transaction. Nothing is stored until
/// [`Change::commit`], which takes the audit line that records the change and writes it in the
/// same transaction: a change nobody can see in the audit log is never stored, and an audit
/// line is never written for a change that was not. Dropping a change without committing it
/// rolls it back.
#[async_trait]
pub trait Change: Send {
    async fn create_user(&mut self, user: &User) -> Result<(), StoreError>;
    /// Turns an account off (`Some(at)`) or on again (`None`). Turning it off ends its live
    /// sessions, with the live events that close their connections; gives the sessions ended.
    async fn set_user_disabled(&mut self, user_id: &str, disabled_at: Option<i64>) -> Result<Vec<String>, StoreError>;
    /// Replaces an account's password hash and ends its live sessions (with their live events);
    /// gives the sessions ended.
    async fn set_password_hash(
        &mut self,
        user_id: &str,
        password_hash: &str,
        at: i64,
    ) -> Result<Vec<String>, StoreError>;

    async fn create_meeting(&mut self, meeting: &Meeting) -> Result<(), StoreError>;
    /// Stores a new case with its children and people with parental responsibility.
    async fn create_case(&mut self, case: &Case) -> Result<(), StoreError>;
    /// Replaces a case's referral: its fields, children and people with parental responsibility.
    async fn update_case(&mut self, case: &Case) -> Result<(), StoreError>;
    /// Stores an offer, or replaces it with its answer.
    async fn write_offer(&mut self, offer: &Offer) -> Result<(), StoreError>;
    /// Stores a decision not to offer, or replaces it with its approval.
    async fn write_offer_decision(&mut self, decision: &OfferDecision) -> Result<(), StoreError>;
    /// Stores a new request for a support package with its items.
    async fn write_support_request(&mut self, request: &SupportRequest) -> Result<(), StoreError>;
    /// Records a manager's decision on a request still waiting for one; false when it was
    /// decided already (by someone deciding at the same time, say).
    async fn decide_support_request(&mut self, request: &SupportRequest) -> Result<bool, StoreError>;
    /// Records a manager's approval of a decision not to offer that has none yet; false when it
    /// was approved already.
    async fn approve_offer_decision(&mut self, decision: &OfferDecision) -> Result<bool, StoreError>;
    /// Records a manager's refusal, with their reason, of a decision not to offer that is neither
    /// approved nor refused; false when it was.
    async fn refuse_offer_decision(&mut self, decision: &OfferDecision) -> Result<bool, StoreError>;
    /// Stores a review's word on one action, replacing what it said before.
    async fn write_action_review(&mut self, review: &ActionReview) -> Result<(), StoreError>;
    /// Sets (or clears) the day a meeting's agreed plan is to be reviewed.
    async fn set_review_due(&mut self, meeting_id: &str, on: Option<&str>) -> Result<(), StoreError>;
    /// Sets a staff member's team.
    async fn set_user_team(&mut self, user_id: &str, team: &str) -> Result<(), StoreError>;
    /// The meeting's language (a language code), for its shared screen.
    async fn set_meeting_language(&mut self, meeting_id: &str, language: &str) -> Result<(), StoreError>;
    /// The language a person chose for their own pages and copies (empty: none chosen).
    async fn set_page_language(&mut self, participant_id: &str, language: &str) -> Result<(), StoreError>;
    /// Whether the facilitator names a person as expected to decide on the plan.
    async fn set_named_to_decide(&mut self, participant_id: &str, named: bool) -> Result<(), StoreError>;
    /// That a person needs an interpreter, and in which language (empty: does not).
    async fn set_needs_interpreter(&mut self, participant_id: &str, language: &str) -> Result<(), StoreError>;
    /// An interpreter's declaration that they have no connection to the family.
    async fn declare_no_connection(&mut self, participant_id: &str, at: i64) -> Result<(), StoreError>;
    /// Who in the family asked an interpreter into their private time (`None`: nobody, or no
    /// longer).
    async fn set_family_time_invitation(&mut self, participant_id: &str, by: Option<&str>) -> Result<(), StoreError>;
    /// Turns an unreviewed language on (`Some(by)`, `at`) or off (`None`).
    async fn set_language_enabled(&mut self, code: &str, by: Option<&str>, at: i64) -> Result<(), StoreError>;
    /// Appends `updates` to the log of `document` as sequence numbers `first_seq`, `first_seq +
    /// 1`, …: an edit made by a workflow (a version restored). A sequence number taken already is
    /// a conflict, never an overwrite.
    async fn append_updates(
        &mut self,
        document: &str,
        first_seq: i64,
        updates: &[bytes::Bytes],
    ) -> Result<(), StoreError>;
    /// Makes `update` the first entry of the update log of `document`, a document nobody has
    /// written yet (a review's plan starts as the plan it follows).
    async fn seed_document(&mut self, document: &str, update: &[u8]) -> Result<(), StoreError>;
    /// Moves a meeting to `stage`, with the live event that tells everyone connected.
    async fn set_stage(
        &mut self,
        meeting_id: &str,
        stage: Stage,
        at: i64,
        event_payload: &str,
    ) -> Result<(), StoreError>;

    async fn add_participant(&mut self, participant: &Participant) -> Result<(), StoreError>;
    /// Replaces a participant's details of `kind` with `details` (none removes them).
    async fn replace_contact_details(
        &mut self,
        participant_id: &str,
        kind: DetailKind,
        details: &[ContactDetail],
    ) -> Result<(), StoreError>;
    /// Records a separation, or updates the one with its id (its flags and reason).
    async fn add_separation(&mut self, separation: &Separation) -> Result<(), StoreError>;
    async fn add_safety_note(&mut self, note: &SafetyNote) -> Result<(), StoreError>;
    /// Publishes a version of the privacy notice; a version taken already is a conflict.
    async fn publish_notice(&mut self, notice: &PrivacyNotice) -> Result<(), StoreError>;
    async fn record_consent(&mut self, consent: &Consent) -> Result<(), StoreError>;
    /// Marks a participant's standing consent withdrawn.
    async fn withdraw_consent(&mut self, participant_id: &str, at: i64) -> Result<(), StoreError>;
    async fn create_room(&mut self, room: &PrivateRoom) -> Result<(), StoreError>;
    /// Puts a participant in `room`, or in the default room (`None`).
    async fn assign_room(&mut self, participant_id: &str, room: Option<&str>, at: i64) -> Result<(), StoreError>;
    async fn create_link(&mut self, link: &JoinLink) -> Result<(), StoreError>;
    /// Revokes every live link of a participant and ends the sessions they opened, with the live
    /// event. Gives the revoked link ids.
    async fn revoke_participant_links(
        &mut self,
        meeting_id: &str,
        participant_id: &str,
        at: i64,
    ) -> Result<Vec<String>, StoreError>;

    async fn create_session(&mut self, session: &SessionRecord) -> Result<(), StoreError>;
    /// Ends a session, with the live event that closes its connections.
    async fn end_session(&mut self, id: &str, at: i64) -> Result<(), StoreError>;

    /// Appends a version. A number or hash taken already is a conflict (someone saved at the
    /// same moment), never an overwrite.
    async fn insert_version(&mut self, version: &PlanVersion) -> Result<(), StoreError>;
    /// Opens a proposal and locks `document`. An open or final proposal of the same meeting is
    /// a conflict.
    async fn open_proposal(&mut self, proposal: &Proposal, document: &str) -> Result<(), StoreError>;
    /// Closes an open proposal as `status`; unlocks `document` unless the plan became final. A
    /// proposal closed already is a conflict.
    async fn close_proposal(
        &mut self,
        proposal: &Proposal,
        status: ProposalStatus,
        at: i64,
        document: &str,
    ) -> Result<(), StoreError>;
    /// Records (or replaces) a person's decision.
    async fn record_decision(&mut self, decision: &Decision) -> Result<(), StoreError>;

    /// A live event for everyone following `meeting_id` (a version saved, a proposal, a
    /// decision, a lock), published once the change commits.
    async fn announce(&mut self, meeting_id: &str, kind: &str, payload: &str) -> Result<(), StoreError>;
    /// Sets the rule of its record type.
    async fn set_retention_rule(&mut self, rule: &RetentionRule) -> Result<(), StoreError>;
    async fn place_hold(&mut self, hold: &LegalHold) -> Result<(), StoreError>;
    /// Lifts a hold still in force; a hold lifted already is a conflict.
    async fn lift_hold(&mut self, id: &str, by: &str, at: i64, reason: &str) -> Result<(), StoreError>;
    /// Records or clears a child's date of birth (YYYY-MM-DD).
    async fn set_date_of_birth(&mut self, participant_id: &str, date_of_birth: Option<&str>) -> Result<(), StoreError>;
    /// Stores the tombstone of an erasure or a scheduled deletion.
    async fn record_erasure(&mut self, erasure: &Erasure) -> Result<(), StoreError>;
    /// Erases a meeting down to its tombstone: its people and everything about them, its
    /// documents (named in `documents`, and every other whose name starts with
    /// `document_prefix`), the content of its versions (their numbers, hashes and links stay),
    /// decisions, rooms, notes and live events; its audit lines keep their time, action and
    /// actor's reference but lose names, details and participants' addresses. Tells every
    /// process to close the meeting's connections.
    async fn erase_meeting(
        &mut self,
        meeting_id: &str,
        document_prefix: &str,
        documents: &[String],
        at: i64,
    ) -> Result<Removed, StoreError>;
    /// Erases one participant's personal data: their details, contact details, room, safety
    /// notes about them, separations, links and sessions; their name on decisions and audit
    /// lines. Their links must have been revoked in this change first.
    async fn erase_participant(&mut self, participant_id: &str, erased_name: &str) -> Result<Removed, StoreError>;
    /// Deletes the content of documents (their update logs, snapshots and locks): those named,
    /// and every other whose name starts with `document_prefix`; nothing may be written to them
    /// again. Tells every process to close their connections.
    async fn delete_documents(
        &mut self,
        meeting_id: &str,
        document_prefix: &str,
        documents: &[String],
        at: i64,
    ) -> Result<Removed, StoreError>;
    /// Deletes one type of a meeting's records (safety notes, contact details, links and
    /// sessions, or consents).
    async fn delete_meeting_records(
        &mut self,
        meeting_id: &str,
        record_type: RecordType,
    ) -> Result<Removed, StoreError>;
    /// Deletes records of one type, service-wide, whose own date is before `cutoff`: links and
    /// sessions that expired or ended, audit lines, withdrawn consents, safety notes; never
    /// those of `kept_meetings` (held), nor of `kept_participants` (held).
    async fn delete_records_before(
        &mut self,
        record_type: RecordType,
        cutoff: i64,
        kept_meetings: &[String],
        kept_participants: &[String],
    ) -> Result<Removed, StoreError>;
    /// Deletes live events older than `cutoff`: every process has read them long since.
    async fn prune_meeting_events(&mut self, cutoff: i64) -> Result<(), StoreError>;

    /// A further audit line, for a change that records more than one action.
    async fn audit(&mut self, event: &NewAuditEvent) -> Result<(), StoreError>;

    /// Writes `audit` and commits the change with it.
    async fn commit(self: Box<Self>, audit: NewAuditEvent) -> Result<(), StoreError>;
}
