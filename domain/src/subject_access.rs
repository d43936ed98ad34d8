//! Subject access requests: everything kinplan holds about one person (a participant, across the
//! meetings that follow one another, or a staff member), as one ZIP archive of JSON, a readable
//! PDF and a README, with other people's personal data redacted. Only a manager, or the operator,
//! makes one; each is audited, never with its content.
//!
//! kinplan has no person across meetings: a review's people are rows of their own. The export
//! takes the participant asked for and, in the meetings linked to its meeting by
//! `follows_meeting_id` (earlier and later, transitively), the participants with the same name,
//! kind and relationship, and says which rows it took and why.
//!
//! Redaction works on the finished report, string by string, so that nothing added later escapes
//! it: every third party's name (a participant who is not the subject, not a professional and not
//! marked as consented) becomes their relationship in brackets, as a whole phrase in any case,
//! and each word of it alone (in any case, or as written for names that are everyday words, such
//! as Will or Grace), unless that word is also in a name that is kept.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use yrs::{Array, Map, Out, Transact};

use super::{Actor, Domain, DomainError, Subject, Who};
use crate::access::{document_name, DocumentKind, ParticipantKind, StaffRole};
use crate::plan::export::{is_bidi_control, text_pdf, TextDocument, TextPart};
use crate::plan::model::Plan;
use crate::plan::read::{doc_from_state, out_text};
use crate::plan::versions::plan_of;
use crate::secrets::now_millis;
use crate::store::{AuditEvent, Decision, Meeting, Participant, PlanVersion, SessionRecord, Store, StoreError, User};
use crate::time::timestamp;

/// The archive's JSON format, named in the file so that other systems know what they read.
pub const FORMAT: &str = "kinplan-subject-access/1";
/// The files in the archive.
pub const JSON_FILE: &str = "subject-access.json";
pub const PDF_FILE: &str = "subject-access.pdf";
pub const README_FILE: &str = "README.txt";
/// How many linked meetings one export follows at most: reviews of reviews are few, and a loop
/// in stored data must not make the walk endless.
const MAX_LINKED_MEETINGS: usize = 200;
/// How many third parties may be marked as consented in one request.
const MAX_CONSENTED: usize = 200;

/// Who the export is about, as the manager gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PersonRef {
    /// A participant id, as listed in a meeting's people.
    Participant(String),
    /// A staff account, by email or id.
    Staff(String),
}

/// What a manager asks for.
#[derive(Debug, Clone)]
pub struct SubjectAccessRequest {
    pub person: PersonRef,
    /// Participant ids of third parties who agreed that their names may stay in the export.
    pub consented: Vec<String>,
}

/// A finished export.
#[derive(Debug, Clone)]
pub struct SubjectAccessArchive {
    /// A name for the file that names nobody: the date and the start of the person's id.
    pub file_name: String,
    /// The ZIP archive.
    pub bytes: Vec<u8>,
    /// How many records it holds (people's rows, details, consents, links, sessions, notes,
    /// separations, versions, decisions, comments, plans and audit events).
    pub items: usize,
}

/// Whether `actor` may make subject access exports: a manager, or the operator.
pub fn check_allowed(actor: &Actor) -> Result<(), DomainError> {
    match &actor.who {
        Who::Person(Subject::Staff(user)) if user.role == StaffRole::Manager => Ok(()),
        Who::Operator => Ok(()),
        Who::Person(_) => Err(DomainError::Forbidden(
            "only a manager can export everything kinplan holds about a person (a subject access request)".into(),
        )),
    }
}

const UNKNOWN_PERSON: DomainError =
    DomainError::NotFound("that person (give a participant id from a meeting's people, or a staff member's email)");

/// Makes the subject access export `request` asks for, as `actor` (a manager or the operator),
/// and audits it as `subject_access_export`: who it was about, how many records, and which third
/// parties were kept as consented.
pub async fn export(
    domain: &Domain,
    actor: &Actor,
    request: &SubjectAccessRequest,
) -> Result<SubjectAccessArchive, DomainError> {
    check_allowed(actor)?;
    let store = domain.store.as_ref();
    let mut scope = match &request.person {
        PersonRef::Participant(id) => participant_scope(store, id.trim()).await?,
        PersonRef::Staff(email_or_id) => staff_scope(store, email_or_id.trim()).await?,
    };
    let consented = check_consented(&scope, &request.consented)?;
    let made_at = now_millis();
    let mut report = gather(domain, &mut scope, &consented, actor, made_at).await?;
    let redaction = Redaction::new(&scope, &consented);
    report = redaction.apply(&report);
    let items = report.items();

    let json = serde_json::to_vec_pretty(&report).map_err(|error| task_failed("the JSON", error))?;
    let readme = readme(&report);
    let document = pdf_document(&report);
    let pdf = tokio::task::spawn_blocking(move || text_pdf(&document))
        .await
        .map_err(|error| task_failed("the PDF", error))?;
    let bytes = zip_archive(made_at, &[(README_FILE, readme.as_bytes()), (JSON_FILE, &json), (PDF_FILE, &pdf)])
        .map_err(|error| task_failed("the archive", error))?;

    let (person, meeting_id) = match &scope.user {
        Some(user) => (json!({ "user_id": user.id }), None),
        None => {
            let given = scope.rows.iter().find(|row| row.participant.id == scope.given);
            (json!({ "participant_id": scope.given }), given.map(|row| row.participant.meeting_id.clone()))
        }
    };
    let detail = json!({
        "person": person,
        "participant_ids": scope.rows.iter().map(|row| &row.participant.id).collect::<Vec<_>>(),
        "items": items,
        "counts": report.counts(),
        "consented": consented.given,
        "redacted": report.redaction.redacted.len(),
    });
    store.append_audit(&actor.audit(meeting_id.as_deref(), "subject_access_export", detail), now_millis()).await?;

    let date = timestamp(made_at).chars().take(10).collect::<String>();
    let id: String = scope.id_for_file().chars().filter(char::is_ascii_alphanumeric).take(8).collect();
    Ok(SubjectAccessArchive { file_name: format!("subject-access-{date}-{id}.zip"), bytes, items })
}

fn task_failed(what: &str, error: impl std::fmt::Display) -> DomainError {
    DomainError::Store(StoreError::Task(format!("{what} of the subject access export could not be made: {error}")))
}

/// One participant row that is the subject, and why it was taken.
#[derive(Debug, Clone)]
struct OwnRow {
    participant: Participant,
    matched_by: &'static str,
}

/// What one export covers: the subject's rows, their meetings and everyone in them.
struct Scope {
    /// The participant id or account asked for.
    given: String,
    /// The staff account, when the subject is staff.
    user: Option<User>,
    rows: Vec<OwnRow>,
    /// The meetings covered, oldest first.
    meetings: Vec<Meeting>,
    /// Everyone in those meetings.
    people: Vec<Participant>,
    /// The staff accounts named in those meetings (facilitators), whose names are kept.
    staff_names: BTreeSet<String>,
}

impl Scope {
    fn is_own(&self, participant_id: &str) -> bool {
        self.rows.iter().any(|row| row.participant.id == participant_id)
    }

    fn person(&self, participant_id: &str) -> Option<&Participant> {
        self.people.iter().find(|person| person.id == participant_id)
    }

    fn meeting(&self, meeting_id: &str) -> Option<&Meeting> {
        self.meetings.iter().find(|meeting| meeting.id == meeting_id)
    }

    fn id_for_file(&self) -> &str {
        self.user.as_ref().map_or(self.given.as_str(), |user| user.id.as_str())
    }

    /// Adds a meeting that a saved version or a decision names, with its people, if it is not
    /// covered yet.
    async fn cover(&mut self, store: &dyn Store, meeting_id: &str) -> Result<(), StoreError> {
        if self.meeting(meeting_id).is_some() {
            return Ok(());
        }
        if let Some(meeting) = store.meeting(meeting_id).await? {
            self.people.extend(store.participants(&meeting.id).await?);
            if let Some(facilitator) = store.user(&meeting.facilitator_id).await? {
                self.staff_names.insert(facilitator.name);
            }
            self.meetings.push(meeting);
        }
        Ok(())
    }
}

/// Whether a person acts in a professional role, so that their name is kept: a staff account,
/// or a practitioner.
fn is_professional(person: &Participant) -> bool {
    person.user_id.is_some() || person.kind == ParticipantKind::Practitioner
}

fn normalised(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Whether two participant rows of different meetings are taken for one person.
fn same_person(one: &Participant, other: &Participant) -> bool {
    one.kind == other.kind
        && normalised(&one.display_name) == normalised(&other.display_name)
        && normalised(&one.relationship) == normalised(&other.relationship)
}

/// How a third party is shown instead of their name: their relationship, or their kind.
fn label_of(person: &Participant) -> String {
    let relationship = person.relationship.split_whitespace().collect::<Vec<_>>().join(" ");
    if relationship.is_empty() {
        format!("[{}]", person.kind.as_str())
    } else {
        format!("[{relationship}]")
    }
}

const MATCHED_GIVEN: &str = "the participant asked for";
const MATCHED_LINKED: &str = "same name, kind and relationship in a linked meeting (one follows the other)";
const MATCHED_ACCOUNT: &str = "linked to their staff account";

/// The meetings linked to `start` by `follows_meeting_id`, earlier and later, transitively,
/// oldest first.
async fn linked_meetings(store: &dyn Store, start: &str) -> Result<Vec<Meeting>, StoreError> {
    let mut found: BTreeMap<String, Meeting> = BTreeMap::new();
    let mut waiting = vec![start.to_owned()];
    while let Some(id) = waiting.pop() {
        if found.contains_key(&id) || found.len() >= MAX_LINKED_MEETINGS {
            continue;
        }
        let Some(meeting) = store.meeting(&id).await? else { continue };
        waiting.extend(meeting.follows_meeting_id.iter().cloned());
        waiting.extend(store.meetings_following(&id).await?.into_iter().map(|later| later.id));
        found.insert(id, meeting);
    }
    let mut meetings: Vec<Meeting> = found.into_values().collect();
    meetings.sort_by(|one, other| (one.created_at, &one.id).cmp(&(other.created_at, &other.id)));
    Ok(meetings)
}

async fn people_and_staff(
    store: &dyn Store,
    meetings: &[Meeting],
) -> Result<(Vec<Participant>, BTreeSet<String>), StoreError> {
    let mut people = Vec::new();
    let mut staff_names = BTreeSet::new();
    for meeting in meetings {
        people.extend(store.participants(&meeting.id).await?);
        if let Some(facilitator) = store.user(&meeting.facilitator_id).await? {
            staff_names.insert(facilitator.name);
        }
    }
    Ok((people, staff_names))
}

async fn participant_scope(store: &dyn Store, participant_id: &str) -> Result<Scope, DomainError> {
    if participant_id.is_empty() {
        return Err(UNKNOWN_PERSON);
    }
    let given = store.participant(participant_id).await?.ok_or(UNKNOWN_PERSON)?;
    let meetings = linked_meetings(store, &given.meeting_id).await?;
    let (people, staff_names) = people_and_staff(store, &meetings).await?;
    let rows = people
        .iter()
        .filter_map(|person| {
            if person.id == given.id {
                Some(OwnRow { participant: person.clone(), matched_by: MATCHED_GIVEN })
            } else if person.meeting_id != given.meeting_id && same_person(person, &given) {
                Some(OwnRow { participant: person.clone(), matched_by: MATCHED_LINKED })
            } else {
                None
            }
        })
        .collect();
    Ok(Scope { given: given.id, user: None, rows, meetings, people, staff_names })
}

async fn staff_scope(store: &dyn Store, email_or_id: &str) -> Result<Scope, DomainError> {
    if email_or_id.is_empty() {
        return Err(UNKNOWN_PERSON);
    }
    let user = if email_or_id.contains('@') {
        store.user_by_email(&email_or_id.to_lowercase()).await?
    } else {
        store.user(email_or_id).await?
    };
    let user = user.ok_or(UNKNOWN_PERSON)?;
    let meetings = store.meetings_of_user(&user.id).await?;
    let (people, mut staff_names) = people_and_staff(store, &meetings).await?;
    staff_names.insert(user.name.clone());
    let rows = people
        .iter()
        .filter(|person| person.user_id.as_deref() == Some(user.id.as_str()))
        .map(|person| OwnRow { participant: person.clone(), matched_by: MATCHED_ACCOUNT })
        .collect();
    Ok(Scope { given: email_or_id.to_owned(), user: Some(user), rows, meetings, people, staff_names })
}

/// The third parties the manager marked as consented: the ids given, and the rows of the same
/// people in the linked meetings.
struct Consented {
    given: Vec<String>,
    ids: BTreeSet<String>,
}

fn check_consented(scope: &Scope, consented: &[String]) -> Result<Consented, DomainError> {
    if consented.len() > MAX_CONSENTED {
        return Err(DomainError::Invalid(format!("list at most {MAX_CONSENTED} people as consented")));
    }
    let mut given: Vec<String> = Vec::new();
    for id in consented.iter().map(|id| id.trim()).filter(|id| !id.is_empty()) {
        if given.iter().any(|seen| seen == id) {
            continue;
        }
        if scope.is_own(id) {
            return Err(DomainError::Invalid(format!(
                "{id} is the person this export is about; list only other people as consented"
            )));
        }
        if scope.person(id).is_none() {
            return Err(DomainError::Invalid(format!(
                "{id} is not a participant of the meetings this export covers: list as consented only the \
                 participant ids of other people in them"
            )));
        }
        given.push(id.to_owned());
    }
    let mut ids = BTreeSet::new();
    for id in &given {
        let Some(person) = scope.person(id) else { continue };
        for same in scope.people.iter().filter(|other| other.id == *id || same_person(other, person)) {
            if !scope.is_own(&same.id) {
                ids.insert(same.id.clone());
            }
        }
    }
    Ok(Consented { given, ids })
}

/// The whole export, as the JSON file holds it.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Report {
    format: String,
    made_at: String,
    /// The manager's name, or "command line" for the operator.
    made_by: String,
    /// `manager`, or `operator` for the command line.
    made_as: String,
    subject: SubjectPart,
    /// The staff account, when the subject is staff.
    account: Option<AccountPart>,
    /// Each participant row that is the subject, with what kinplan holds about them there.
    participants: Vec<ParticipantPart>,
    versions_saved: Vec<VersionPart>,
    decisions: Vec<DecisionPart>,
    comments: Vec<CommentPart>,
    /// The plans of the versions they saved or decided on, as text.
    plans: Vec<PlanPart>,
    audit_events: Vec<AuditPart>,
    redaction: RedactionPart,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct SubjectPart {
    /// `participant` or `staff`.
    kind: String,
    name: String,
    /// What the manager gave: a participant id, or an email or account id.
    asked_for: String,
    /// How the participant rows below were found.
    matching: String,
    rows: Vec<RowPart>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct RowPart {
    participant_id: String,
    meeting_id: String,
    meeting_title: String,
    matched_by: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct AccountPart {
    user_id: String,
    name: String,
    email: String,
    role: String,
    created_at: String,
    disabled_at: Option<String>,
    sessions: Vec<SessionPart>,
    meetings: Vec<StaffMeetingPart>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct StaffMeetingPart {
    meeting_id: String,
    title: String,
    /// `facilitator`, or `practitioner` (and `referrer`) when they take part.
    role: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct SessionPart {
    started_at: String,
    expires_at: String,
    ended_at: Option<String>,
}

impl SessionPart {
    fn of(session: &SessionRecord) -> Self {
        SessionPart {
            started_at: timestamp(session.created_at),
            expires_at: timestamp(session.expires_at),
            ended_at: session.ended_at.map(timestamp),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct ParticipantPart {
    participant_id: String,
    meeting_id: String,
    meeting_title: String,
    meeting_kind: String,
    meeting_stage: String,
    name: String,
    relationship: String,
    kind: String,
    language: String,
    access_needs: String,
    /// A child's date of birth, when recorded.
    date_of_birth: Option<String>,
    is_referrer: bool,
    added_at: String,
    contact_details: Vec<ContactPart>,
    consents: Vec<ConsentPart>,
    join_links: Vec<LinkPart>,
    sessions: Vec<SessionPart>,
    /// The private room they are in, if not the default one.
    private_room: Option<String>,
    /// The coordinator's safety notes about them (staff only read these in kinplan).
    safety_notes: Vec<NotePart>,
    separations: Vec<SeparationPart>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct ContactPart {
    kind: String,
    value: String,
    visibility: String,
    /// With the visibility `named`: who besides staff may see it.
    shown_to: Vec<String>,
    updated_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct ConsentPart {
    notice_version: i64,
    takes_part: bool,
    shares_information: bool,
    supported_by: String,
    given_at: String,
    withdrawn_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct LinkPart {
    link_id: String,
    created_at: String,
    expires_at: String,
    revoked_at: Option<String>,
    with_access_code: bool,
    failed_code_attempts: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct NotePart {
    category: String,
    body: String,
    author: String,
    written_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct SeparationPart {
    /// The other person, as redaction shows them.
    from: String,
    no_details: bool,
    no_shared_room: bool,
    reason: String,
    recorded_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct VersionPart {
    meeting_id: String,
    number: i64,
    label: String,
    version_hash: String,
    saved_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct DecisionPart {
    meeting_id: String,
    version_number: Option<i64>,
    version_hash: String,
    role: String,
    decision: String,
    comment: String,
    decided_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct CommentPart {
    meeting_id: String,
    section: String,
    text: String,
    /// As the comment carries it (RFC 3339).
    written_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct PlanPart {
    meeting_id: String,
    meeting_title: String,
    number: i64,
    label: String,
    version_hash: String,
    saved_by: String,
    saved_at: String,
    /// `saved by them`, `they decided on it`.
    included_because: Vec<String>,
    sections: Vec<SectionPart>,
    actions: Vec<ActionPart>,
    lead_family_member: String,
    review_date: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct SectionPart {
    title: String,
    paragraphs: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct ActionPart {
    what: String,
    who: String,
    by_when: String,
    how_we_know: String,
    status: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct AuditPart {
    occurred_at: String,
    meeting_id: Option<String>,
    action: String,
    /// Who acted: staff by name, the subject by name, another participant as redaction shows them.
    actor: String,
    /// Whether the subject acted.
    by_them: bool,
    /// The network address, when the subject acted; nobody else's.
    address: Option<String>,
    detail: Value,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct RedactionPart {
    rule: String,
    /// The third parties whose names were replaced, as they are shown.
    redacted: Vec<RedactedPart>,
    kept_as_consented: Vec<ConsentedPart>,
    not_included: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct RedactedPart {
    shown_as: String,
    meeting_id: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct ConsentedPart {
    participant_id: String,
    name: String,
    relationship: String,
    meeting_id: String,
}

impl Report {
    fn counts(&self) -> Value {
        let sum = |count: fn(&ParticipantPart) -> usize| self.participants.iter().map(count).sum::<usize>();
        json!({
            "participant_rows": self.participants.len(),
            "contact_details": sum(|row| row.contact_details.len()),
            "consents": sum(|row| row.consents.len()),
            "join_links": sum(|row| row.join_links.len()),
            "sessions": sum(|row| row.sessions.len()) + self.account.as_ref().map_or(0, |account| account.sessions.len()),
            "safety_notes": sum(|row| row.safety_notes.len()),
            "separations": sum(|row| row.separations.len()),
            "meetings": self.account.as_ref().map_or(0, |account| account.meetings.len()),
            "versions_saved": self.versions_saved.len(),
            "decisions": self.decisions.len(),
            "comments": self.comments.len(),
            "plans": self.plans.len(),
            "audit_events": self.audit_events.len(),
        })
    }

    fn items(&self) -> usize {
        let counts = self.counts();
        let from_counts: u64 = counts.as_object().map_or(0, |counts| counts.values().filter_map(Value::as_u64).sum());
        from_counts as usize + usize::from(self.account.is_some())
    }
}

/// Reads everything about the subject from storage into a report, before redaction.
async fn gather(
    domain: &Domain,
    scope: &mut Scope,
    consented: &Consented,
    actor: &Actor,
    made_at: i64,
) -> Result<Report, DomainError> {
    let store = domain.store.as_ref();
    let mut references: Vec<String> =
        scope.rows.iter().map(|row| format!("participant:{}", row.participant.id)).collect();
    if let Some(user) = &scope.user {
        references.push(format!("user:{}", user.id));
    }

    let mut versions: Vec<PlanVersion> = Vec::new();
    let mut decisions: Vec<Decision> = Vec::new();
    for reference in &references {
        versions.extend(store.versions_by_author(reference).await?);
        decisions.extend(store.decisions_by(reference).await?);
    }
    versions.sort_by_key(|version| version.created_at);
    decisions.sort_by_key(|decision| decision.decided_at);
    // The versions decided on, and the meetings they belong to, come into the export too.
    let mut decided: BTreeMap<String, PlanVersion> = BTreeMap::new();
    for decision in &decisions {
        if let Some(version) = store.version_by_hash(&decision.version_hash).await? {
            decided.insert(version.hash.clone(), version);
        }
    }
    for meeting_id in
        versions.iter().chain(decided.values()).map(|version| version.meeting_id.clone()).collect::<Vec<_>>()
    {
        scope.cover(store, &meeting_id).await?;
    }
    let scope = &*scope;
    let names = Names { scope, consented };

    let mut participants = Vec::new();
    for row in &scope.rows {
        participants.push(participant_part(store, &names, &row.participant).await?);
    }

    let account = match &scope.user {
        Some(user) => Some(account_part(store, scope, user).await?),
        None => None,
    };

    let title_of =
        |meeting_id: &str| scope.meeting(meeting_id).map(|meeting| meeting.title.clone()).unwrap_or_default();
    let versions_saved = versions
        .iter()
        .map(|version| VersionPart {
            meeting_id: version.meeting_id.clone(),
            number: version.number,
            label: version.label.clone(),
            version_hash: version.hash.clone(),
            saved_at: timestamp(version.created_at),
        })
        .collect();
    let decision_parts = decisions
        .iter()
        .map(|decision| {
            let version = decided.get(&decision.version_hash);
            DecisionPart {
                meeting_id: version.map(|version| version.meeting_id.clone()).unwrap_or_default(),
                version_number: version.map(|version| version.number),
                version_hash: decision.version_hash.clone(),
                role: decision.role.clone(),
                decision: decision.decision.clone(),
                comment: decision.comment.clone(),
                decided_at: timestamp(decision.decided_at),
            }
        })
        .collect();

    // The plans: each version saved or decided on, once, with why it is here.
    let mut plans: BTreeMap<String, (PlanVersion, Vec<String>)> = BTreeMap::new();
    for version in &versions {
        plans
            .entry(version.hash.clone())
            .or_insert_with(|| (version.clone(), Vec::new()))
            .1
            .push("saved by them".into());
    }
    for version in decided.values() {
        plans
            .entry(version.hash.clone())
            .or_insert_with(|| (version.clone(), Vec::new()))
            .1
            .push("they decided on it".into());
    }
    let mut plan_parts = Vec::new();
    for (version, reasons) in plans.into_values() {
        let plan = plan_of(&version)?;
        plan_parts.push(plan_part(&names, &version, title_of(&version.meeting_id), reasons, &plan));
    }
    plan_parts.sort_by(|one, other| one.saved_at.cmp(&other.saved_at).then(one.number.cmp(&other.number)));

    let comments = comments_of(domain, scope).await?;
    let audit_events = audit_parts(store, &names, &references).await?;

    let (kind, name, matching) = match &scope.user {
        Some(user) => (
            "staff",
            user.name.clone(),
            "A staff account, with the participant rows linked to it in the meetings it takes part in.".to_owned(),
        ),
        None => (
            "participant",
            scope.rows.first().map(|row| row.participant.display_name.clone()).unwrap_or_default(),
            format!(
                "kinplan has no person across meetings: the participant asked for, and in the meetings linked to \
                 its meeting (a review and the meeting it follows, earlier and later), the participants with the \
                 same name, kind and relationship ({} row(s) in all).",
                scope.rows.len()
            ),
        ),
    };
    let subject = SubjectPart {
        kind: kind.into(),
        name,
        asked_for: scope.given.clone(),
        matching,
        rows: scope
            .rows
            .iter()
            .map(|row| RowPart {
                participant_id: row.participant.id.clone(),
                meeting_id: row.participant.meeting_id.clone(),
                meeting_title: title_of(&row.participant.meeting_id),
                matched_by: row.matched_by.into(),
            })
            .collect(),
    };

    Ok(Report {
        format: FORMAT.into(),
        made_at: timestamp(made_at),
        made_by: actor.name().to_owned(),
        made_as: if matches!(actor.who, Who::Operator) { "operator" } else { "manager" }.into(),
        subject,
        account,
        participants,
        versions_saved,
        decisions: decision_parts,
        comments,
        plans: plan_parts,
        audit_events,
        redaction: redaction_part(scope, consented),
    })
}

/// How people other than the subject are named in the report before the text is redacted.
struct Names<'a> {
    scope: &'a Scope,
    consented: &'a Consented,
}

impl Names<'_> {
    /// Whether a participant's name stays: the subject, a professional, or consented.
    fn keeps(&self, person: &Participant) -> bool {
        self.scope.is_own(&person.id) || is_professional(person) || self.consented.ids.contains(&person.id)
    }

    /// A participant as the export shows them.
    fn shown(&self, person: &Participant) -> String {
        if self.keeps(person) {
            person.display_name.clone()
        } else {
            label_of(person)
        }
    }

    /// A participant id as the export shows it: their name or label; another participant of
    /// kinplan, not in these meetings, as "[another person]".
    fn shown_id(&self, participant_id: &str) -> String {
        self.scope.person(participant_id).map_or_else(|| "[another person]".to_owned(), |person| self.shown(person))
    }

    /// Who an audit reference is, and whether it is the subject.
    fn actor(&self, reference: &str, name: &str) -> (String, bool) {
        match reference.split_once(':') {
            Some(("participant", id)) if self.scope.is_own(id) => (name.to_owned(), true),
            Some(("participant", id)) => (self.shown_id(id), false),
            Some(("user", id)) => (name.to_owned(), self.scope.user.as_ref().is_some_and(|user| user.id == id)),
            _ => (name.to_owned(), false),
        }
    }
}

async fn participant_part(
    store: &dyn Store,
    names: &Names<'_>,
    person: &Participant,
) -> Result<ParticipantPart, DomainError> {
    let meeting = names.scope.meeting(&person.meeting_id);
    let contact_details = store
        .contact_details(&person.meeting_id)
        .await?
        .into_iter()
        .filter(|detail| detail.participant_id == person.id)
        .map(|detail| ContactPart {
            kind: detail.kind.as_str().into(),
            value: detail.value,
            visibility: detail.visibility.as_str().into(),
            shown_to: detail.viewers.iter().map(|viewer| names.shown_id(viewer)).collect(),
            updated_at: timestamp(detail.updated_at),
        })
        .collect();
    let consents = store
        .consents(&person.meeting_id)
        .await?
        .into_iter()
        .filter(|consent| consent.participant_id == person.id)
        .map(|consent| ConsentPart {
            notice_version: consent.notice_version,
            takes_part: consent.takes_part,
            shares_information: consent.shares_information,
            supported_by: consent.supported_by,
            given_at: timestamp(consent.given_at),
            withdrawn_at: consent.withdrawn_at.map(timestamp),
        })
        .collect();
    // A link's secret and code are never in the export: only their hashes are stored anyway.
    let join_links = store
        .links_of_participant(&person.id)
        .await?
        .into_iter()
        .map(|link| LinkPart {
            link_id: link.id,
            created_at: timestamp(link.created_at),
            expires_at: timestamp(link.expires_at),
            revoked_at: link.revoked_at.map(timestamp),
            with_access_code: link.access_code_hash.is_some(),
            failed_code_attempts: link.failed_code_attempts,
        })
        .collect();
    let sessions = store.sessions_of_participant(&person.id).await?.iter().map(SessionPart::of).collect();
    let room_id = store.room_members(&person.meeting_id).await?.into_iter().find(|(member, _)| *member == person.id);
    let private_room = match room_id {
        Some((_, room_id)) => store
            .private_rooms(&person.meeting_id)
            .await?
            .into_iter()
            .find(|room| room.id == room_id)
            .map(|room| room.name),
        None => None,
    };
    let safety_notes = store
        .safety_notes(&person.meeting_id)
        .await?
        .into_iter()
        .filter(|note| note.participant_id.as_deref() == Some(person.id.as_str()))
        .map(|note| NotePart {
            category: note.category.as_str().into(),
            body: note.body,
            author: note.author_name,
            written_at: timestamp(note.created_at),
        })
        .collect();
    let separations = store
        .separations(&person.meeting_id)
        .await?
        .into_iter()
        .filter(|separation| separation.first_id == person.id || separation.second_id == person.id)
        .map(|separation| {
            let other = if separation.first_id == person.id { &separation.second_id } else { &separation.first_id };
            SeparationPart {
                from: names.shown_id(other),
                no_details: separation.no_details,
                no_shared_room: separation.no_shared_room,
                reason: separation.reason,
                recorded_at: timestamp(separation.created_at),
            }
        })
        .collect();
    Ok(ParticipantPart {
        participant_id: person.id.clone(),
        meeting_id: person.meeting_id.clone(),
        meeting_title: meeting.map(|meeting| meeting.title.clone()).unwrap_or_default(),
        meeting_kind: meeting.map(|meeting| meeting.kind.as_str().to_owned()).unwrap_or_default(),
        meeting_stage: meeting.map(|meeting| meeting.stage.as_str().to_owned()).unwrap_or_default(),
        name: person.display_name.clone(),
        relationship: person.relationship.clone(),
        kind: person.kind.as_str().into(),
        language: person.language.clone(),
        access_needs: person.access_needs.clone(),
        date_of_birth: person.date_of_birth.clone(),
        is_referrer: person.is_referrer,
        added_at: timestamp(person.created_at),
        contact_details,
        consents,
        join_links,
        sessions,
        private_room,
        safety_notes,
        separations,
    })
}

async fn account_part(store: &dyn Store, scope: &Scope, user: &User) -> Result<AccountPart, DomainError> {
    let sessions = store.sessions_of_user(&user.id).await?.iter().map(SessionPart::of).collect();
    let meetings = scope
        .meetings
        .iter()
        .filter_map(|meeting| {
            let row = scope.rows.iter().find(|row| row.participant.meeting_id == meeting.id);
            let role = if meeting.facilitator_id == user.id {
                "facilitator"
            } else {
                match row {
                    Some(row) if row.participant.is_referrer => "practitioner (referrer)",
                    Some(_) => "practitioner",
                    None => return None,
                }
            };
            Some(StaffMeetingPart { meeting_id: meeting.id.clone(), title: meeting.title.clone(), role: role.into() })
        })
        .collect();
    Ok(AccountPart {
        user_id: user.id.clone(),
        name: user.name.clone(),
        email: user.email.clone(),
        role: user.role.as_str().into(),
        created_at: timestamp(user.created_at),
        disabled_at: user.disabled_at.map(timestamp),
        sessions,
        meetings,
    })
}

fn plan_part(
    names: &Names<'_>,
    version: &PlanVersion,
    meeting_title: String,
    reasons: Vec<String>,
    plan: &Plan,
) -> PlanPart {
    let (saved_by, _) = names.actor(&version.author, &version.author_name);
    let sections = plan
        .sections
        .iter()
        .filter(|section| section.blocks.iter().any(|block| !block.text.trim().is_empty()))
        .map(|section| SectionPart {
            title: section.title.clone(),
            paragraphs: section
                .blocks
                .iter()
                .map(|block| block.text.clone())
                .filter(|text| !text.trim().is_empty())
                .collect(),
        })
        .collect();
    let actions = plan
        .actions
        .iter()
        .map(|action| ActionPart {
            what: action.what.clone(),
            who: names.scope.person(&action.who).map_or_else(|| action.who.clone(), |person| names.shown(person)),
            by_when: action.by_when.clone(),
            how_we_know: action.how_we_know.clone(),
            status: action.status.label().into(),
        })
        .collect();
    PlanPart {
        meeting_id: version.meeting_id.clone(),
        meeting_title,
        number: version.number,
        label: version.label.clone(),
        version_hash: version.hash.clone(),
        saved_by,
        saved_at: timestamp(version.created_at),
        included_because: reasons,
        sections,
        actions,
        lead_family_member: plan.meta.lead_family_member.clone(),
        review_date: plan.meta.review_date.clone(),
    }
}

/// The practitioners' comments the subject wrote, in the comments documents of their meetings.
/// A comment carries the name its writer's browser gave it, so it is theirs when that name is
/// theirs (their account's, or the name of their row in that meeting).
async fn comments_of(domain: &Domain, scope: &Scope) -> Result<Vec<CommentPart>, DomainError> {
    let mut comments = Vec::new();
    for meeting in &scope.meetings {
        let mut own_names: BTreeSet<String> = scope
            .rows
            .iter()
            .filter(|row| row.participant.meeting_id == meeting.id)
            .map(|row| normalised(&row.participant.display_name))
            .collect();
        if let Some(user) = &scope.user {
            own_names.insert(normalised(&user.name));
        }
        if own_names.is_empty() {
            continue;
        }
        let document = document_name(&meeting.id, DocumentKind::Comments);
        let state = domain.live.encoded_state(&document).await.map_err(|error| {
            DomainError::Store(StoreError::Task(format!(
                "the comments of meeting {} could not be read: {error}",
                meeting.id
            )))
        })?;
        let doc = doc_from_state(&state).map_err(|error| DomainError::Store(StoreError::Task(error.to_string())))?;
        let array = doc.get_or_insert_array(kinplan_protocol::plan::COMMENTS);
        let transaction = doc.transact();
        for value in array.iter(&transaction) {
            let Out::YMap(map) = value else { continue };
            let field =
                |key: &str| map.get(&transaction, key).map(|value| out_text(&value, &transaction)).unwrap_or_default();
            if !own_names.contains(&normalised(&field("author"))) {
                continue;
            }
            comments.push(CommentPart {
                meeting_id: meeting.id.clone(),
                section: field("section"),
                text: field("text"),
                written_at: field("created_at"),
            });
        }
    }
    Ok(comments)
}

async fn audit_parts(
    store: &dyn Store,
    names: &Names<'_>,
    references: &[String],
) -> Result<Vec<AuditPart>, DomainError> {
    let mut events: BTreeMap<i64, AuditEvent> = BTreeMap::new();
    for reference in references {
        let id = reference.split_once(':').map_or(reference.as_str(), |(_, id)| id);
        for event in store.audit_involving(reference, id).await? {
            events.insert(event.id, event);
        }
    }
    Ok(events
        .into_values()
        .map(|event| {
            let (actor, by_them) = names.actor(&event.actor, &event.actor_name);
            AuditPart {
                occurred_at: timestamp(event.occurred_at),
                meeting_id: event.meeting_id,
                action: event.action,
                actor,
                by_them,
                address: if by_them { event.address } else { None },
                detail: other_ids_shown(names, event.detail),
            }
        })
        .collect())
}

/// An audit detail with the ids of participants whose names are not kept shown as they are
/// shown elsewhere (their label): an id is a way to find the person too.
fn other_ids_shown(names: &Names<'_>, detail: Value) -> Value {
    match detail {
        Value::String(text) => match names.scope.person(&text) {
            Some(person) if !names.keeps(person) => Value::String(label_of(person)),
            _ => Value::String(text),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(|item| other_ids_shown(names, item)).collect()),
        Value::Object(fields) => {
            Value::Object(fields.into_iter().map(|(key, value)| (key, other_ids_shown(names, value))).collect())
        }
        other => other,
    }
}

fn redaction_part(scope: &Scope, consented: &Consented) -> RedactionPart {
    let third_parties = scope.people.iter().filter(|person| !scope.is_own(&person.id) && !is_professional(person));
    let mut redacted = Vec::new();
    let mut kept_as_consented = Vec::new();
    for person in third_parties {
        if consented.ids.contains(&person.id) {
            kept_as_consented.push(ConsentedPart {
                participant_id: person.id.clone(),
                name: person.display_name.clone(),
                relationship: person.relationship.clone(),
                meeting_id: person.meeting_id.clone(),
            });
        } else {
            redacted.push(RedactedPart { shown_as: label_of(person), meeting_id: person.meeting_id.clone() });
        }
    }
    RedactionPart {
        rule: "Other people's names are replaced by their relationship to the child in square brackets (or what \
               they are, such as [friend], when no relationship is recorded), wherever they appear: in plan text, \
               comments, decisions, safety notes, meeting titles and the audit log. A whole name is matched in any \
               case, and so is each word of it alone (a name that is also an everyday word, such as Will or \
               Grace, only with its capital), unless the word is part of a name that is kept. \
               The names of staff and practitioners, who act in a professional role, are kept, and so are the \
               names of people the manager recorded as consenting."
            .into(),
        redacted,
        kept_as_consented,
        not_included: vec![
            "Other people's contact details.".into(),
            "Other people's network addresses in the audit log.".into(),
            "Join link secrets and access codes (kinplan keeps only their hashes), and password hashes.".into(),
        ],
    }
}

/// Names that are everyday words too: alone, such a word of a name is redacted only as it is
/// written in the name (with its capital), so that "we will help" keeps its words.
const EVERYDAY_WORDS: &[&str] = &[
    "amber", "april", "art", "autumn", "bill", "brook", "carol", "chase", "crystal", "daisy", "dawn", "destiny", "don",
    "drew", "faith", "fern", "frank", "gene", "grace", "grant", "guy", "hazel", "heather", "holly", "honey", "hope",
    "hunter", "iris", "ivy", "jack", "jay", "jean", "joy", "june", "lily", "mark", "max", "may", "mercy", "miles",
    "olive", "pat", "patience", "pearl", "rich", "robin", "rose", "ruby", "sandy", "sky", "summer", "sunny", "victor",
    "violet", "will", "winter", "young",
];

/// Replaces third parties' names in text.
struct Redaction {
    /// Whole names, longest first, with whether to match them in any case (not for a name that
    /// is one everyday word).
    phrases: Vec<(Vec<char>, String, bool)>,
    /// Single words of names, longest first, with whether to match them in any case (not for
    /// everyday words).
    words: Vec<(Vec<char>, String, bool)>,
}

impl Redaction {
    fn new(scope: &Scope, consented: &Consented) -> Self {
        let names = Names { scope, consented };
        let kept_names: Vec<String> = scope
            .people
            .iter()
            .filter(|person| names.keeps(person))
            .map(|person| person.display_name.clone())
            .chain(scope.staff_names.iter().cloned())
            .collect();
        let kept_lower: BTreeSet<String> = kept_names.iter().map(|name| normalised(name)).collect();
        let kept_words: BTreeSet<&str> = kept_names.iter().flat_map(|name| name.split_whitespace()).collect();
        // A word of a name that is also a relationship ("Aunt Jo", an aunt) says no more than the
        // label that replaces it; replacing it alone would put a label inside a label.
        let relationship_words: BTreeSet<String> = scope
            .people
            .iter()
            .flat_map(|person| person.relationship.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>())
            .collect();
        let mut phrases = Vec::new();
        let mut words = Vec::new();
        for person in scope.people.iter().filter(|person| !names.keeps(person)) {
            let name = person.display_name.split_whitespace().collect::<Vec<_>>().join(" ");
            // A name that is also a kept name cannot be told apart from it, and says nothing more.
            if name.is_empty() || kept_lower.contains(&normalised(&name)) {
                continue;
            }
            let label = label_of(person);
            let any_case = !EVERYDAY_WORDS.contains(&name.to_lowercase().as_str());
            phrases.push((name.chars().collect::<Vec<char>>(), label.clone(), any_case));
            let parts: Vec<&str> = name.split_whitespace().collect();
            if parts.len() > 1 {
                for word in parts {
                    let kept = kept_words.iter().any(|kept| kept.to_lowercase() == word.to_lowercase())
                        || relationship_words.contains(&word.to_lowercase());
                    if word.chars().filter(|c| c.is_alphanumeric()).count() >= 2 && !kept {
                        let any_case = !EVERYDAY_WORDS.contains(&word.to_lowercase().as_str());
                        words.push((word.chars().collect::<Vec<char>>(), label.clone(), any_case));
                    }
                }
            }
        }
        phrases.sort_by_key(|phrase| std::cmp::Reverse(phrase.0.len()));
        words.sort_by_key(|word| std::cmp::Reverse(word.0.len()));
        Redaction { phrases, words }
    }

    /// `text` with every third party's name replaced, and no bidirectional controls.
    fn text(&self, text: &str) -> String {
        let mut chars: Vec<char> = text.chars().filter(|c| !is_bidi_control(*c)).collect();
        for (name, label, any_case) in &self.phrases {
            chars = replace_whole(&chars, name, label, *any_case);
        }
        for (word, label, any_case) in &self.words {
            chars = replace_whole(&chars, word, label, *any_case);
        }
        chars.into_iter().collect()
    }

    /// Every string of the report redacted, but for identifiers, hashes, times and the subject's
    /// own contact values and email (which are theirs, and may hold words of other names).
    fn apply(&self, report: &Report) -> Report {
        fn walk(redaction: &Redaction, key: Option<&str>, value: &mut Value) {
            match value {
                Value::String(text) => {
                    let keep = key.is_some_and(|key| {
                        key == "id"
                            || key.ends_with("_id")
                            || key.ends_with("_ids")
                            || key.ends_with("hash")
                            || key.ends_with("_at")
                            || matches!(key, "value" | "email" | "format" | "asked_for")
                    });
                    *text = if keep {
                        text.chars().filter(|c| !is_bidi_control(*c)).collect()
                    } else {
                        redaction.text(text)
                    };
                }
                Value::Array(items) => items.iter_mut().for_each(|item| walk(redaction, key, item)),
                Value::Object(fields) => fields.iter_mut().for_each(|(key, value)| walk(redaction, Some(key), value)),
                _ => {}
            }
        }
        let Ok(mut value) = serde_json::to_value(report) else { return report.clone() };
        // The names kept as consented are the point of that list, and are not redacted anyway.
        walk(self, None, &mut value);
        serde_json::from_value(value).unwrap_or_else(|_| report.clone())
    }
}

/// `text` with every whole occurrence of `pattern` (not inside a longer word) replaced by `with`.
fn replace_whole(text: &[char], pattern: &[char], with: &str, ignore_case: bool) -> Vec<char> {
    let same = |one: char, other: char| one == other || (ignore_case && one.to_lowercase().eq(other.to_lowercase()));
    let is_word = |c: char| c.is_alphanumeric();
    let mut out = Vec::with_capacity(text.len());
    let mut at = 0;
    while at < text.len() {
        let fits = at + pattern.len() <= text.len()
            && !pattern.is_empty()
            && text[at..at + pattern.len()].iter().zip(pattern).all(|(one, other)| same(*one, *other))
            && (at == 0 || !is_word(text[at - 1]) || !is_word(pattern[0]))
            && (at + pattern.len() == text.len()
                || !is_word(text[at + pattern.len()])
                || !is_word(pattern[pattern.len() - 1]));
        if fits {
            out.extend(with.chars());
            at += pattern.len();
        } else {
            out.push(text[at]);
            at += 1;
        }
    }
    out
}

fn yes_no(flag: bool) -> String {
    if flag { "yes" } else { "no" }.into()
}

fn or_none(text: &str) -> String {
    if text.trim().is_empty() {
        "(none)".into()
    } else {
        text.to_owned()
    }
}

/// Who made the export, in words.
fn maker(report: &Report) -> String {
    if report.made_as == "operator" {
        "the operator, on the command line".into()
    } else {
        format!("{} (a manager)", report.made_by)
    }
}

/// The README of the archive: what it is, who made it and when, and what was redacted.
fn readme(report: &Report) -> String {
    let mut text = String::new();
    let mut line = |words: &str| {
        text.push_str(words);
        text.push('\n');
    };
    line("Subject access export from kinplan");
    line("==================================");
    line("");
    line(&format!(
        "This archive holds everything kinplan holds about {} ({}), made for a subject access request.",
        report.subject.name,
        if report.subject.kind == "staff" { "a staff member" } else { "a participant of family network meetings" }
    ));
    line(&format!("Made at {} by {}.", report.made_at, maker(report)));
    line("");
    line("Files:");
    line(&format!("  {JSON_FILE}  everything, complete and machine-readable (format {})", report.format));
    line(&format!("  {PDF_FILE}   the same, to read and print, with headings"));
    line(&format!("  {README_FILE}          this file"));
    line("");
    line("Who it is about");
    line("---------------");
    line(&report.subject.matching);
    for row in &report.subject.rows {
        line(&format!(
            "  - participant {} in meeting \"{}\" ({}): {}",
            row.participant_id, row.meeting_title, row.meeting_id, row.matched_by
        ));
    }
    if report.subject.rows.is_empty() {
        line("  (no participant rows)");
    }
    line("");
    line("What they wrote");
    line("---------------");
    line(
        "kinplan does not record who typed each word of the live plan: several people write it at once. \
         What they wrote is therefore the versions of the plan they saved, and otherwise the versions they \
         decided on, each with its whole text; their decisions with their comments; and the practitioners' \
         comments that carry their name.",
    );
    line("");
    line("What was redacted");
    line("-----------------");
    line(&report.redaction.rule);
    if report.redaction.redacted.is_empty() {
        line("  No other person's name needed redacting.");
    }
    for redacted in &report.redaction.redacted {
        line(&format!("  - redacted: a person shown as {} (meeting {})", redacted.shown_as, redacted.meeting_id));
    }
    for kept in &report.redaction.kept_as_consented {
        line(&format!(
            "  - kept as consented: {} ({}), participant {}",
            kept.name,
            or_none(&kept.relationship),
            kept.participant_id
        ));
    }
    line("Not included:");
    for missing in &report.redaction.not_included {
        line(&format!("  - {missing}"));
    }
    line("");
    line("Included, for the manager to decide on");
    line("--------------------------------------");
    line(
        "Safety notes about the person and the reasons recorded for separations are included: they are \
         personal data about the person. A manager may decide to withhold some of them (for example where \
         disclosure would put someone at risk) before this archive is sent; kinplan does not decide that.",
    );
    line("");
    line(
        "Limits: names are matched as whole words; a nickname or a misspelling of a name is not caught. Read the \
          export before it is sent.",
    );
    text
}

/// The PDF: the report, with headings, in the order a person reads it.
fn pdf_document(report: &Report) -> TextDocument {
    let mut parts = Vec::new();
    let heading = |parts: &mut Vec<TextPart>, text: &str| parts.push(TextPart::Heading(text.into()));
    let facts = |pairs: Vec<(&str, String)>| {
        TextPart::Facts(pairs.into_iter().map(|(label, value)| (label.into(), value)).collect())
    };
    let nothing = |parts: &mut Vec<TextPart>| parts.push(TextPart::Muted("Nothing held.".into()));

    heading(&mut parts, "About this export");
    parts.push(facts(vec![
        ("About", report.subject.name.clone()),
        ("Who they are", if report.subject.kind == "staff" { "A staff member".into() } else { "A participant".into() }),
        ("Asked for", report.subject.asked_for.clone()),
        ("Made at", report.made_at.clone()),
        ("Made by", maker(report)),
    ]));
    parts.push(TextPart::Paragraph(report.subject.matching.clone()));
    for row in &report.subject.rows {
        parts.push(facts(vec![
            ("Participant", row.participant_id.clone()),
            ("Meeting", format!("{} ({})", row.meeting_title, row.meeting_id)),
            ("Why", row.matched_by.clone()),
        ]));
    }

    heading(&mut parts, "What was redacted");
    parts.push(TextPart::Paragraph(report.redaction.rule.clone()));
    let mut redaction_facts: Vec<(&str, String)> = report
        .redaction
        .redacted
        .iter()
        .map(|redacted| ("Redacted", format!("{} (meeting {})", redacted.shown_as, redacted.meeting_id)))
        .collect();
    redaction_facts.extend(report.redaction.kept_as_consented.iter().map(|kept| {
        (
            "Kept as consented",
            format!("{} ({}), participant {}", kept.name, or_none(&kept.relationship), kept.participant_id),
        )
    }));
    redaction_facts.extend(report.redaction.not_included.iter().map(|missing| ("Not included", missing.clone())));
    parts.push(facts(redaction_facts));

    if let Some(account) = &report.account {
        heading(&mut parts, "Staff account");
        parts.push(facts(vec![
            ("Name", account.name.clone()),
            ("Email", account.email.clone()),
            ("Role", account.role.clone()),
            ("Account id", account.user_id.clone()),
            ("Created", account.created_at.clone()),
            ("Turned off", account.disabled_at.clone().unwrap_or_else(|| "no".into())),
        ]));
        parts.push(TextPart::Subheading("Sessions".into()));
        if account.sessions.is_empty() {
            nothing(&mut parts);
        } else {
            parts.push(facts(account.sessions.iter().map(|session| ("Signed in", session_text(session))).collect()));
        }
        parts.push(TextPart::Subheading("Meetings".into()));
        if account.meetings.is_empty() {
            nothing(&mut parts);
        } else {
            parts.push(facts(
                account
                    .meetings
                    .iter()
                    .map(|meeting| ("Meeting", format!("{} ({}): {}", meeting.title, meeting.meeting_id, meeting.role)))
                    .collect(),
            ));
        }
    }

    for row in &report.participants {
        heading(&mut parts, &format!("In meeting \"{}\"", row.meeting_title));
        parts.push(facts(vec![
            ("Name", row.name.clone()),
            ("Relationship", or_none(&row.relationship)),
            ("What they are", row.kind.clone()),
            ("Language", or_none(&row.language)),
            ("Access needs", or_none(&row.access_needs)),
            ("Date of birth", or_none(row.date_of_birth.as_deref().unwrap_or(""))),
            ("Referrer", yes_no(row.is_referrer)),
            ("Added", row.added_at.clone()),
            ("Participant id", row.participant_id.clone()),
            (
                "Meeting",
                format!("{} ({}), {}, {}", row.meeting_title, row.meeting_id, row.meeting_kind, row.meeting_stage),
            ),
            ("Private room", row.private_room.clone().unwrap_or_else(|| "the default room".into())),
        ]));
        parts.push(TextPart::Subheading("Contact details".into()));
        if row.contact_details.is_empty() {
            nothing(&mut parts);
        } else {
            parts.push(facts(
                row.contact_details
                    .iter()
                    .map(|detail| {
                        let shown_to = if detail.shown_to.is_empty() {
                            String::new()
                        } else {
                            format!(": {}", detail.shown_to.join(", "))
                        };
                        (
                            "Detail",
                            format!("{}: {} (seen by: {}{shown_to})", detail.kind, detail.value, detail.visibility),
                        )
                    })
                    .collect(),
            ));
        }
        parts.push(TextPart::Subheading("Consent".into()));
        if row.consents.is_empty() {
            nothing(&mut parts);
        }
        for consent in &row.consents {
            parts.push(facts(vec![
                ("Privacy notice", format!("version {}", consent.notice_version)),
                ("Takes part", yes_no(consent.takes_part)),
                ("Shares information", yes_no(consent.shares_information)),
                ("Supported by", or_none(&consent.supported_by)),
                ("Given", consent.given_at.clone()),
                ("Withdrawn", consent.withdrawn_at.clone().unwrap_or_else(|| "no".into())),
            ]));
        }
        parts.push(TextPart::Subheading("Join links".into()));
        if row.join_links.is_empty() {
            nothing(&mut parts);
        } else {
            parts.push(facts(
                row.join_links
                    .iter()
                    .map(|link| {
                        let revoked = link.revoked_at.as_ref().map_or(String::new(), |at| format!(", revoked {at}"));
                        let code = if link.with_access_code { ", with an access code" } else { "" };
                        ("Link", format!("made {}, works until {}{revoked}{code}", link.created_at, link.expires_at))
                    })
                    .collect(),
            ));
        }
        parts.push(TextPart::Subheading("Sessions".into()));
        if row.sessions.is_empty() {
            nothing(&mut parts);
        } else {
            parts.push(facts(row.sessions.iter().map(|session| ("Joined", session_text(session))).collect()));
        }
        parts.push(TextPart::Subheading("Safety notes about them".into()));
        if row.safety_notes.is_empty() {
            nothing(&mut parts);
        }
        for note in &row.safety_notes {
            parts.push(facts(vec![
                ("Category", note.category.clone()),
                ("Note", note.body.clone()),
                ("Written by", note.author.clone()),
                ("Written", note.written_at.clone()),
            ]));
        }
        parts.push(TextPart::Subheading("Separations".into()));
        if row.separations.is_empty() {
            nothing(&mut parts);
        }
        for separation in &row.separations {
            parts.push(facts(vec![
                ("Kept apart from", separation.from.clone()),
                ("No contact details", yes_no(separation.no_details)),
                ("No shared room", yes_no(separation.no_shared_room)),
                ("Reason", separation.reason.clone()),
                ("Recorded", separation.recorded_at.clone()),
            ]));
        }
    }

    heading(&mut parts, "Versions of the plan they saved");
    if report.versions_saved.is_empty() {
        nothing(&mut parts);
    } else {
        parts.push(facts(
            report
                .versions_saved
                .iter()
                .map(|version| {
                    (
                        "Saved",
                        format!(
                            "{}: version {}, \"{}\" ({})",
                            version.saved_at, version.number, version.label, version.version_hash
                        ),
                    )
                })
                .collect(),
        ));
    }

    heading(&mut parts, "Their decisions");
    if report.decisions.is_empty() {
        nothing(&mut parts);
    }
    for decision in &report.decisions {
        parts.push(facts(vec![
            ("Decision", decision.decision.replace('_', " ")),
            ("Comment or reason", or_none(&decision.comment)),
            ("As", decision.role.clone()),
            (
                "On version",
                decision.version_number.map_or_else(
                    || decision.version_hash.clone(),
                    |number| format!("{number} ({})", decision.version_hash),
                ),
            ),
            ("Meeting", decision.meeting_id.clone()),
            ("Decided", decision.decided_at.clone()),
        ]));
    }

    heading(&mut parts, "Their comments");
    if report.comments.is_empty() {
        nothing(&mut parts);
    } else {
        parts.push(facts(
            report
                .comments
                .iter()
                .map(|comment| {
                    (
                        "Comment",
                        format!(
                            "{} (on {}, {}, meeting {})",
                            comment.text,
                            or_none(&comment.section),
                            comment.written_at,
                            comment.meeting_id
                        ),
                    )
                })
                .collect(),
        ));
    }

    heading(&mut parts, "The plans they saved or decided on");
    if report.plans.is_empty() {
        nothing(&mut parts);
    }
    for plan in &report.plans {
        parts
            .push(TextPart::Subheading(format!("\"{}\", version {}: {}", plan.meeting_title, plan.number, plan.label)));
        parts.push(TextPart::Muted(format!(
            "Saved {} by {}; here because {}. SHA-256 {}",
            plan.saved_at,
            plan.saved_by,
            plan.included_because.join(" and "),
            plan.version_hash
        )));
        let mut rows: Vec<(&str, String)> =
            plan.sections.iter().map(|section| (section.title.as_str(), section.paragraphs.join("\n"))).collect();
        for action in &plan.actions {
            rows.push((
                "Action",
                format!(
                    "{}\nWho: {}\nBy when: {}\nHow we will know: {}\nStatus: {}",
                    action.what,
                    or_none(&action.who),
                    or_none(&action.by_when),
                    or_none(&action.how_we_know),
                    action.status
                ),
            ));
        }
        rows.push(("Lead family member", or_none(&plan.lead_family_member)));
        rows.push(("Review date", or_none(&plan.review_date)));
        parts.push(facts(rows));
    }

    heading(&mut parts, "The audit log about them");
    if report.audit_events.is_empty() {
        nothing(&mut parts);
    } else {
        parts.push(facts(
            report
                .audit_events
                .iter()
                .map(|event| {
                    let meeting = event.meeting_id.as_ref().map_or(String::new(), |id| format!(", meeting {id}"));
                    let detail =
                        if event.detail.as_object().is_some_and(|fields| fields.is_empty()) || event.detail.is_null() {
                            String::new()
                        } else {
                            format!("\n{}", event.detail)
                        };
                    (
                        "Event",
                        format!(
                            "{}: {} by {}{meeting}{detail}",
                            event.occurred_at,
                            event.action.replace('_', " "),
                            event.actor
                        ),
                    )
                })
                .collect(),
        ));
    }

    TextDocument {
        title: "Subject access export".into(),
        subtitle: format!("About {}, made {} by {}", report.subject.name, report.made_at, maker(report)),
        footer: format!("kinplan subject access export, {}", report.made_at),
        parts,
    }
}

fn session_text(session: &SessionPart) -> String {
    match &session.ended_at {
        Some(ended) => format!("{} until {ended}", session.started_at),
        None => format!("{}, expires {}", session.started_at, session.expires_at),
    }
}

/// The files as one ZIP archive, compressed, each dated when the export was made.
fn zip_archive(made_at: i64, files: &[(&str, &[u8])]) -> zip::result::ZipResult<Vec<u8>> {
    use chrono::{Datelike, Timelike};
    let when = chrono::DateTime::<chrono::Utc>::from_timestamp_millis(made_at).unwrap_or_default();
    let modified = zip::DateTime::from_date_and_time(
        u16::try_from(when.year()).unwrap_or(1980),
        when.month() as u8,
        when.day() as u8,
        when.hour() as u8,
        when.minute() as u8,
        when.second() as u8,
    )
    .unwrap_or_default();
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(modified)
        .unix_permissions(0o600);
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in files {
        writer.start_file(*name, options)?;
        writer.write_all(bytes)?;
    }
    Ok(writer.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(text: &str) -> Vec<char> {
        text.chars().collect()
    }

    fn person(id: &str, name: &str, kind: ParticipantKind, relationship: &str) -> Participant {
        Participant {
            id: id.into(),
            meeting_id: "m1".into(),
            display_name: name.into(),
            relationship: relationship.into(),
            kind,
            language: String::new(),
            access_needs: String::new(),
            user_id: None,
            is_referrer: false,
            created_at: 0,
            date_of_birth: None,
            page_language: String::new(),
            needs_interpreter: String::new(),
            no_connection_declared_at: None,
            family_time_invited_by: None,
            named_to_decide: false,
        }
    }

    fn scope() -> Scope {
        let subject = person("p1", "Rosalind Carver", ParticipantKind::Family, "mother");
        Scope {
            given: "p1".into(),
            user: None,
            rows: vec![OwnRow { participant: subject.clone(), matched_by: MATCHED_GIVEN }],
            meetings: Vec::new(),
            people: vec![
                subject,
                person("p2", "Zephyrine Okonkwo", ParticipantKind::Family, "grandmother"),
                person("p3", "Will Carver", ParticipantKind::Family, "uncle"),
                person("p4", "Grace", ParticipantKind::Friend, " "),
                person("p5", "Sam Jones", ParticipantKind::Practitioner, "social worker"),
                person("p6", "Aunt Jo", ParticipantKind::Friend, "Aunt"),
            ],
            staff_names: ["Fay Facilitator".to_owned()].into(),
        }
    }

    #[test]
    fn third_parties_names_become_their_relationship_and_kept_names_stay() {
        fn check(consented: &[&str], text: &str, expected: &str) {
            let scope = scope();
            let given: Vec<String> = consented.iter().map(|id| id.to_string()).collect();
            let consented = check_consented(&scope, &given).unwrap();
            assert_eq!(Redaction::new(&scope, &consented).text(text), expected, "{text:?}");
        }
        check(&[], "Zephyrine Okonkwo will drive", "[grandmother] will drive");
        check(&[], "ZEPHYRINE and okonkwo, and Okonkwos", "[grandmother] and [grandmother], and Okonkwos");
        // The subject's own surname stays; an everyday word of a name goes only with its capital.
        check(&[], "Will Carver will visit Rosalind Carver", "[uncle] will visit Rosalind Carver");
        check(&[], "Will and Carver", "[uncle] and Carver");
        check(&[], "Grace said grace", "[friend] said grace");
        // Professionals and staff keep their names; so do people marked as consented.
        check(&[], "Sam Jones and Fay Facilitator agreed", "Sam Jones and Fay Facilitator agreed");
        check(&["p2"], "Zephyrine Okonkwo will drive Will", "Zephyrine Okonkwo will drive [uncle]");
        check(&[], "pay \u{202E}0001", "pay 0001");
        // A word of a name that is a relationship is not replaced inside its own label.
        check(&[], "Aunt Jo came; Jo stayed", "[Aunt] came; [Aunt] stayed");
    }

    #[test]
    fn consented_ids_must_be_other_people_of_the_meetings() {
        let scope = scope();
        let refused = |ids: &[&str]| {
            let ids: Vec<String> = ids.iter().map(|id| id.to_string()).collect();
            match check_consented(&scope, &ids) {
                Err(DomainError::Invalid(message)) => message,
                other => panic!("{ids:?} was not refused: {:?}", other.map(|consented| consented.given)),
            }
        };
        assert!(refused(&["p1"]).contains("is the person this export is about"));
        assert!(refused(&["p2", "nobody"]).contains("not a participant of the meetings"));
        let consented = check_consented(&scope, &[" p2 ".into(), "p2".into(), String::new()]).unwrap();
        assert_eq!(consented.given, ["p2"]);
    }

    #[test]
    fn a_label_is_the_relationship_or_else_the_kind() {
        assert_eq!(label_of(&person("x", "A", ParticipantKind::Family, " great  aunt ")), "[great aunt]");
        assert_eq!(label_of(&person("x", "A", ParticipantKind::Child, "")), "[child]");
    }

    #[test]
    fn whole_words_are_replaced_and_nothing_inside_a_word() {
        fn check(text: &str, pattern: &str, ignore_case: bool, expected: &str) {
            let out: String = replace_whole(&chars(text), &chars(pattern), "[aunt]", ignore_case).into_iter().collect();
            assert_eq!(out, expected, "{pattern:?} in {text:?}");
        }
        check("Zephyrine will help", "Zephyrine", false, "[aunt] will help");
        check("ask ZEPHYRINE, or zephyrine.", "Zephyrine", true, "ask [aunt], or [aunt].");
        check("ask ZEPHYRINE", "Zephyrine", false, "ask ZEPHYRINE");
        check("Zephyrines and aZephyrine", "Zephyrine", true, "Zephyrines and aZephyrine");
        check("Mary Ann's house", "Mary Ann", true, "[aunt]'s house");
        check("Bea-Jo came", "Bea", false, "[aunt]-Jo came");
        check("", "Bea", true, "");
        check("İstanbul Ali", "ali", true, "İstanbul [aunt]");
    }
}
