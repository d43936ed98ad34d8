//! The family plan: versions (save, read, compare, restore, export) and agreement (propose,
//! withdraw, decide, close).

use chrono::{Months, NaiveDate};
use serde_json::json;

use super::{Actor, Domain, DomainError, ReplaceRefused};
use crate::access::{allows, document_access, document_name, Access, Action, DocumentKind, MeetingRole, Stage};
use crate::plan::export::ExportFormat;
use crate::plan::model::{ChainLink, DecisionView, ExportDocument, NetworkEntry, Plan, SafetyNoteEntry};
use crate::plan::versions::{self, NewVersion, PlanDiff, VersionError};
use crate::secrets::{new_id, now_millis};
use crate::store::{Decision, Meeting, Participant, PlanVersion, Proposal, ProposalStatus, Store, StoreError};
use crate::time::timestamp;

impl From<VersionError> for DomainError {
    fn from(error: VersionError) -> Self {
        match error {
            VersionError::Invalid(_) | VersionError::BadState(_) => DomainError::Invalid(error.to_string()),
            VersionError::Store(store_error) => DomainError::Store(store_error),
        }
    }
}

/// The meeting, if `actor` may read its plan now (`needed`: read, or write to restore).
pub async fn plan_reader(
    domain: &Domain,
    actor: &Actor,
    meeting_id: &str,
    needed: Access,
) -> Result<(Meeting, MeetingRole), DomainError> {
    let (meeting, role) = domain.meeting_as(actor, meeting_id, Action::ViewMeeting).await?;
    if document_access(role, DocumentKind::Plan, meeting.stage) < needed {
        let why = if meeting.stage == Stage::PrivateFamilyTime {
            "the family is in private time; the plan is theirs until it ends"
        } else if needed == Access::Write {
            "you cannot change the plan"
        } else {
            "you cannot read the plan"
        };
        return Err(DomainError::Forbidden(why.into()));
    }
    Ok((meeting, role))
}

/// The plan of `meeting` as it stands now, saved or not (the caller has checked who may read it).
pub async fn current_plan(domain: &Domain, meeting: &Meeting) -> Result<Plan, DomainError> {
    let state = domain
        .live
        .encoded_state(&document_name(&meeting.id, DocumentKind::Plan))
        .await
        .map_err(|error| DomainError::Store(StoreError::Task(format!("the plan could not be read: {error}"))))?;
    let doc = crate::plan::read::doc_from_state(&state)
        .map_err(|error| DomainError::Store(StoreError::Task(format!("the plan could not be read: {error}"))))?;
    Ok(crate::plan::read::read_plan(&doc).0)
}

/// The versions of meeting `meeting_id`, oldest first.
pub async fn versions(domain: &Domain, actor: &Actor, meeting_id: &str) -> Result<Vec<PlanVersion>, DomainError> {
    let (meeting, _) = plan_reader(domain, actor, meeting_id, Access::Read).await?;
    Ok(domain.store.versions(&meeting.id).await?)
}

/// What is saved with a version in the same change: nothing more, or the proposal for agreement.
enum AlongWith<'a> {
    Nothing,
    Proposal { document: &'a str },
}

/// Saves the plan as it is now as the meeting's next version, with the live event and the audit
/// line, and, for `AlongWith::Proposal`, the proposal and the lock in the same change.
async fn save_current(
    domain: &Domain,
    actor: &Actor,
    meeting: &Meeting,
    label: &str,
    along_with: AlongWith<'_>,
) -> Result<(PlanVersion, Option<Proposal>), DomainError> {
    let document = document_name(&meeting.id, DocumentKind::Plan);
    let state = domain
        .live
        .encoded_state(&document)
        .await
        .map_err(|error| DomainError::Store(StoreError::Task(format!("the plan could not be read: {error}"))))?;
    let new = NewVersion { label: label.to_owned(), author: actor.reference(), author_name: actor.name().to_owned() };
    // Two people saving at once race for the same number; the loser takes the next one.
    for _ in 0..5 {
        let version = versions::next_version(domain.store.as_ref(), meeting, &state, &new).await?;
        let mut change = domain.store.begin_change().await?;
        match change.insert_version(&version).await {
            Err(StoreError::Conflict(_)) => continue,
            other => other?,
        }
        let payload = json!({ "number": version.number, "hash": version.hash, "label": version.label });
        change.announce(&meeting.id, "version", &payload.to_string()).await?;
        let saved =
            actor.audit(Some(&meeting.id), "version_saved", json!({ "number": version.number, "hash": version.hash }));
        let AlongWith::Proposal { document } = along_with else {
            domain.commit(change, saved).await?;
            return Ok((version, None));
        };
        let proposal = Proposal {
            id: new_id(),
            meeting_id: meeting.id.clone(),
            version_id: version.id.clone(),
            version_hash: version.hash.clone(),
            proposed_by: actor.reference(),
            proposed_at: now_millis(),
            status: ProposalStatus::Open,
            closed_at: None,
        };
        change.open_proposal(&proposal, document).await.map_err(|error| match error {
            StoreError::Conflict(_) => DomainError::Conflict("the plan is already proposed or final".into()),
            other => other.into(),
        })?;
        change.announce(&meeting.id, "document-lock", &lock_payload(document, true)).await?;
        let proposed = json!({ "status": "open", "version_hash": version.hash });
        change.announce(&meeting.id, "proposal", &proposed.to_string()).await?;
        change.audit(&saved).await?;
        let audit = actor.audit(Some(&meeting.id), "plan_proposed", json!({ "version_hash": version.hash }));
        domain.commit(change, audit).await?;
        return Ok((version, Some(proposal)));
    }
    Err(DomainError::Conflict("someone saved a version at the same moment; try again".into()))
}

fn lock_payload(document: &str, locked: bool) -> String {
    json!({ "document": document, "locked": locked }).to_string()
}

/// Saves the plan of meeting `meeting_id` as it is now as the next version on its chain.
pub async fn save(domain: &Domain, actor: &Actor, meeting_id: &str, label: &str) -> Result<PlanVersion, DomainError> {
    let (meeting, _) = plan_reader(domain, actor, meeting_id, Access::Read).await?;
    Ok(save_current(domain, actor, &meeting, label, AlongWith::Nothing).await?.0)
}

/// The version `hash` as seen from `meeting`: one of its own, or, for a review, the final version
/// of the meeting it follows and nothing else of that meeting. A read through a review is
/// audited under the earlier meeting too, so its own log shows who looked (`read` says how).
async fn version_of(
    domain: &Domain,
    actor: &Actor,
    meeting: &Meeting,
    hash: &str,
    read: &str,
) -> Result<PlanVersion, DomainError> {
    const UNSEEN: DomainError = DomainError::NotFound("that version");
    let store = domain.store.as_ref();
    let version = store.version_by_hash(hash).await?.ok_or(UNSEEN)?;
    if version.meeting_id == meeting.id {
        return Ok(version);
    }
    if meeting.follows_meeting_id.as_deref() != Some(version.meeting_id.as_str()) {
        return Err(UNSEEN);
    }
    // The earlier meeting's own stage decides: its plan is reachable only once final and closed.
    let earlier = store.meeting(&version.meeting_id).await?.ok_or(UNSEEN)?;
    let final_hash = versions::final_version_hash(store, &earlier.id).await?;
    if earlier.stage != Stage::Closed || final_hash.as_deref() != Some(version.hash.as_str()) {
        return Err(UNSEEN);
    }
    let detail = json!({ "review_meeting_id": meeting.id, "hash": version.hash, "read": read });
    store.append_audit(&actor.audit(Some(&earlier.id), "version_read_through_review", detail), now_millis()).await?;
    Ok(version)
}

/// One version of the plan of meeting `meeting_id`, with its plan.
pub async fn show(
    domain: &Domain,
    actor: &Actor,
    meeting_id: &str,
    hash: &str,
) -> Result<(PlanVersion, Plan), DomainError> {
    let (meeting, _) = plan_reader(domain, actor, meeting_id, Access::Read).await?;
    let version = version_of(domain, actor, &meeting, hash, "show").await?;
    let plan = versions::plan_of(&version)?;
    Ok((version, plan))
}

/// What changed between two versions.
pub async fn diff(
    domain: &Domain,
    actor: &Actor,
    meeting_id: &str,
    from: &str,
    to: &str,
) -> Result<PlanDiff, DomainError> {
    let (meeting, _) = plan_reader(domain, actor, meeting_id, Access::Read).await?;
    let from = versions::plan_of(&version_of(domain, actor, &meeting, from, "diff").await?)?;
    let to = versions::plan_of(&version_of(domain, actor, &meeting, to, "diff").await?)?;
    Ok(versions::diff(&from, &to))
}

/// Restores an earlier version as a new edit on top: everyone connected sees the plan change.
pub async fn restore(domain: &Domain, actor: &Actor, meeting_id: &str, hash: &str) -> Result<PlanVersion, DomainError> {
    let (meeting, _) = plan_reader(domain, actor, meeting_id, Access::Write).await?;
    let version = version_of(domain, actor, &meeting, hash, "restore").await?;
    let document = document_name(&meeting.id, DocumentKind::Plan);
    let audit =
        actor.audit(Some(&meeting.id), "version_restored", json!({ "number": version.number, "hash": version.hash }));
    domain.live.replace_plan(&document, version.state.clone(), audit).await.map_err(|error| match error {
        ReplaceRefused::Locked => DomainError::Conflict(error.to_string()),
        ReplaceRefused::BadState(why) => DomainError::Invalid(why),
        ReplaceRefused::Unavailable(why) => DomainError::Store(StoreError::Task(why)),
    })?;
    Ok(version)
}

/// Who a copy of an export is for.
#[derive(Debug, Clone)]
pub enum ExportCopy {
    /// The case record, for staff: every contact detail and the safety notes.
    CaseRecord,
    /// A family member's copy: contact details only as they may see them, and no safety note.
    For(Box<Participant>),
}

/// The copy `actor` gets of meeting `meeting`'s export, for participant `recipient` if named:
/// staff and the operator get the case record unless they name a recipient; a participant gets
/// their own copy, and nobody else's.
async fn export_copy(
    domain: &Domain,
    actor: &Actor,
    meeting: &Meeting,
    role: MeetingRole,
    recipient: Option<&str>,
) -> Result<ExportCopy, DomainError> {
    let own = crate::safeguarding::participant_in(domain, actor, meeting).await?;
    let store = domain.store.as_ref();
    match (role, recipient) {
        (MeetingRole::Participant(_), named) => {
            let own = own.ok_or(DomainError::NotFound("that person"))?;
            if named.is_some_and(|named| named != own) {
                return Err(DomainError::Forbidden("you can have your own copy of the plan only".into()));
            }
            Ok(ExportCopy::For(Box::new(super::participant_of(store, &meeting.id, &own).await?)))
        }
        (_, Some(named)) => Ok(ExportCopy::For(Box::new(super::participant_of(store, &meeting.id, named).await?))),
        (_, None) => Ok(ExportCopy::CaseRecord),
    }
}

/// The version `hash` of meeting `meeting_id` (or, for a review, the final version it follows;
/// without a hash, the newest version), rendered in `format` as the copy for `recipient` (see
/// [`ExportCopy`]), audited as an export once the file exists. A family member's copy is in their
/// language, the case record in English, unless `language` (one that may be shown) says
/// otherwise.
pub async fn export(
    domain: &Domain,
    actor: &Actor,
    meeting_id: &str,
    hash: Option<&str>,
    format: ExportFormat,
    recipient: Option<&str>,
    language: Option<&str>,
) -> Result<(PlanVersion, Vec<u8>), DomainError> {
    let (meeting, role) = plan_reader(domain, actor, meeting_id, Access::Read).await?;
    let copy = export_copy(domain, actor, &meeting, role, recipient).await?;
    let lang = match (language.map(str::trim).filter(|language| !language.is_empty()), &copy) {
        (Some(code), _) => domain.enabled_languages().await?.lang(code).ok_or_else(|| {
            DomainError::Invalid(crate::i18n::say(
                "error-language-unknown",
                &[("code", crate::i18n::text(code)), ("choices", crate::i18n::arg("GET /api/languages"))],
            ))
        })?,
        (None, ExportCopy::For(participant)) => domain.language_of(participant, &meeting).await?,
        (None, ExportCopy::CaseRecord) => crate::i18n::Lang::ENGLISH,
    };
    let version = match hash {
        Some(hash) => version_of(domain, actor, &meeting, hash, "export").await?,
        None => domain.store.versions(&meeting.id).await?.pop().ok_or(DomainError::NotFound("a saved version"))?,
    };
    let mut document = export_document(domain.store.as_ref(), &version).await?;
    if version.meeting_id != meeting.id {
        // Through a review, the earlier meeting's chain shows only the final version itself,
        // and nothing of its people.
        document.chain.retain(|link| link.hash == version.hash);
    } else {
        add_people(domain.store.as_ref(), &meeting, &copy, &mut document).await?;
    }
    let safety_notes = document.safety_notes.len();
    let bytes = tokio::task::spawn_blocking(move || crate::plan::export::render(&document, format, lang))
        .await
        .map_err(|error| DomainError::Store(StoreError::Task(format!("the export could not be made: {error}"))))?;
    let (copy_name, for_id) = match &copy {
        ExportCopy::CaseRecord => ("case_record", None),
        ExportCopy::For(participant) => ("family", Some(participant.id.clone())),
    };
    let detail = json!({
        "number": version.number,
        "hash": version.hash,
        "format": format.extension(),
        "copy": copy_name,
        "for": for_id,
        "safety_notes": safety_notes,
        "language": lang.code(),
    });
    domain.store.append_audit(&actor.audit(Some(&meeting.id), "export", detail), now_millis()).await?;
    Ok((version, bytes))
}

/// Adds the meeting's people to an export, with the contact details `copy` may show, and for
/// the case record the safety notes.
async fn add_people(
    store: &dyn Store,
    meeting: &Meeting,
    copy: &ExportCopy,
    document: &mut ExportDocument,
) -> Result<(), DomainError> {
    let (role, viewer) = match copy {
        ExportCopy::CaseRecord => (MeetingRole::Facilitator, None),
        ExportCopy::For(participant) => (MeetingRole::Participant(participant.kind), Some(participant.id.as_str())),
    };
    let details = crate::safeguarding::visible_details(store, meeting, role, viewer).await?;
    let people = store.participants(&meeting.id).await?;
    document.network = people
        .iter()
        .map(|person| NetworkEntry {
            name: person.display_name.clone(),
            relationship: person.relationship.clone(),
            kind: person.kind.as_str().to_owned(),
            details: details
                .iter()
                .filter(|shown| shown.detail.participant_id == person.id)
                .map(|shown| (shown.detail.kind.as_str().to_owned(), shown.detail.value.clone()))
                .collect(),
        })
        .collect();
    match copy {
        ExportCopy::CaseRecord => {
            let name_of = |id: &Option<String>| match id {
                Some(id) => {
                    people.iter().find(|person| &person.id == id).map_or("Someone", |person| &person.display_name)
                }
                None => "The whole meeting",
            };
            document.safety_notes = store
                .safety_notes(&meeting.id)
                .await?
                .iter()
                .map(|note| SafetyNoteEntry {
                    about: name_of(&note.participant_id).to_owned(),
                    category: note.category.as_str().to_owned(),
                    body: note.body.clone(),
                    author: note.author_name.clone(),
                    written_at: timestamp(note.created_at),
                })
                .collect();
        }
        ExportCopy::For(participant) => document.copy_for = Some(participant.display_name.clone()),
    }
    Ok(())
}

/// A version as a link of its chain.
pub fn chain_link(version: &PlanVersion) -> ChainLink {
    ChainLink {
        number: version.number,
        hash: version.hash.clone(),
        previous_hash: version.previous_hash.clone(),
        label: version.label.clone(),
        created_at: timestamp(version.created_at),
    }
}

/// Everything an export of `version` shows, from storage.
pub async fn export_document(store: &dyn Store, version: &PlanVersion) -> Result<ExportDocument, DomainError> {
    let meeting = store.meeting(&version.meeting_id).await?.ok_or(DomainError::NotFound("that meeting"))?;
    let chain: Vec<ChainLink> = store.versions(&meeting.id).await?.iter().map(chain_link).collect();
    let proposal = store.latest_proposal(&meeting.id).await?.filter(|proposal| proposal.version_hash == version.hash);
    let (status, decisions) = match &proposal {
        Some(proposal) => {
            let status = match proposal.status {
                ProposalStatus::Final => "final",
                ProposalStatus::Open => "proposed",
                ProposalStatus::Withdrawn => "draft",
            };
            let decisions = if proposal.status == ProposalStatus::Withdrawn {
                Vec::new()
            } else {
                store.decisions(&proposal.id).await?.iter().map(decision_view).collect()
            };
            (status, decisions)
        }
        None => ("draft", Vec::new()),
    };
    let participant_names = store
        .participants(&meeting.id)
        .await?
        .into_iter()
        .map(|participant| (participant.id, participant.display_name))
        .collect();
    Ok(ExportDocument {
        meeting_title: meeting.title.clone(),
        version: chain_link(version),
        author: version.author_name.clone(),
        status: status.into(),
        plan: versions::plan_of(version)?,
        chain,
        decisions,
        participant_names,
        copy_for: None,
        network: Vec::new(),
        safety_notes: Vec::new(),
    })
}

pub fn decision_view(decision: &Decision) -> DecisionView {
    DecisionView {
        name: decision.name.clone(),
        role: decision.role.clone(),
        decision: decision.decision.clone(),
        comment: decision.comment.clone(),
        version_hash: decision.version_hash.clone(),
        decided_at: timestamp(decision.decided_at),
    }
}

/// Where agreement stands on a proposal.
pub struct ProposalOutlook {
    pub proposal: Proposal,
    pub version_number: i64,
    pub decisions: Vec<Decision>,
    /// The people expected to decide who have not yet: those who may decide and were at the
    /// meeting (opened its documents) or whom the facilitator named.
    pub waiting_for: Vec<String>,
    /// Those who may decide but were not at the meeting and are not named: not waited for.
    pub not_expected: Vec<String>,
    /// The referrer's decision, once made.
    pub referrer_decision: Option<String>,
}

async fn outlook(store: &dyn Store, meeting: &Meeting, proposal: Proposal) -> Result<ProposalOutlook, DomainError> {
    let decisions = store.decisions(&proposal.id).await?;
    let version = store.version_by_hash(&proposal.version_hash).await?.ok_or(DomainError::NotFound("that version"))?;
    let attendees = store.attendees(&meeting.id).await?;
    let mut waiting_for = Vec::new();
    let mut not_expected = Vec::new();
    for participant in store.participants(&meeting.id).await? {
        let reference = match &participant.user_id {
            Some(user_id) => format!("user:{user_id}"),
            None => format!("participant:{}", participant.id),
        };
        let role = match participant.user_id {
            Some(_) => MeetingRole::Practitioner,
            None => MeetingRole::Participant(participant.kind),
        };
        let decides = allows(role, Action::Decide, Stage::Agreement);
        if !decides || decisions.iter().any(|decision| decision.decided_by == reference) {
            continue;
        }
        // The referrer's decision makes the plan final: they are always waited for.
        if participant.named_to_decide || participant.is_referrer || attendees.contains(&reference) {
            waiting_for.push(participant.display_name);
        } else {
            not_expected.push(participant.display_name);
        }
    }
    let referrer_decision =
        decisions.iter().find(|decision| decision.role == "referrer").map(|decision| decision.decision.clone());
    Ok(ProposalOutlook {
        proposal,
        version_number: version.number,
        decisions,
        waiting_for,
        not_expected,
        referrer_decision,
    })
}

/// The facilitator names someone as expected to decide on the plan though they were not at the
/// meeting, or takes the name back (audited). Only someone who may decide can be named.
pub async fn name_to_decide(
    domain: &Domain,
    actor: &Actor,
    meeting_id: &str,
    participant_id: &str,
    named: bool,
) -> Result<(), DomainError> {
    let (meeting, role) = domain.meeting_as(actor, meeting_id, Action::ViewNetwork).await?;
    if role != MeetingRole::Facilitator && !matches!(actor.who, crate::Who::Operator) {
        return Err(DomainError::Forbidden("only the facilitator can name who is expected to decide".into()));
    }
    if meeting.stage == Stage::Closed {
        return Err(DomainError::Conflict("the meeting is closed".into()));
    }
    let store = domain.store.as_ref();
    let person = crate::participant_of(store, &meeting.id, participant_id).await?;
    let their_role =
        if person.user_id.is_some() { MeetingRole::Practitioner } else { MeetingRole::Participant(person.kind) };
    if named && !allows(their_role, Action::Decide, Stage::Agreement) {
        return Err(DomainError::Invalid(format!("{} does not decide on the plan", person.display_name)));
    }
    let mut change = store.begin_change().await?;
    change.set_named_to_decide(&person.id, named).await?;
    let detail = json!({ "participant_id": person.id, "named": named });
    domain.commit(change, actor.audit(Some(&meeting.id), "named_to_decide", detail)).await?;
    Ok(())
}

/// The current proposal of meeting `meeting_id`, its decisions and who has yet to decide.
pub async fn current_proposal(
    domain: &Domain,
    actor: &Actor,
    meeting_id: &str,
) -> Result<ProposalOutlook, DomainError> {
    let (meeting, _) = domain.meeting_as(actor, meeting_id, Action::ViewMeeting).await?;
    let proposal = domain.store.latest_proposal(&meeting.id).await?.ok_or(DomainError::NotFound("a proposal"))?;
    outlook(domain.store.as_ref(), &meeting, proposal).await
}

/// Proposes the plan as it is now for agreement (the facilitator, while agreeing the plan): the
/// version is frozen and the plan is read-only for everyone until the proposal is withdrawn.
pub async fn propose(domain: &Domain, actor: &Actor, meeting_id: &str) -> Result<ProposalOutlook, DomainError> {
    let (meeting, _) = domain.meeting_as(actor, meeting_id, Action::RunAgreement).await?;
    if let Some(existing) = domain.store.latest_proposal(&meeting.id).await? {
        if existing.status != ProposalStatus::Withdrawn {
            return Err(DomainError::Conflict("the plan is already proposed or final".into()));
        }
    }
    let document = document_name(&meeting.id, DocumentKind::Plan);
    // Lock first, so nothing changes between the frozen version and the proposal.
    domain.live.set_locked(&document, true).await;
    let saved =
        save_current(domain, actor, &meeting, "Proposed for agreement", AlongWith::Proposal { document: &document })
            .await;
    let proposal = match saved {
        Ok((_, Some(proposal))) => proposal,
        Ok((_, None)) => unreachable!("a proposal is saved along with its version"),
        Err(error) => {
            domain.live.set_locked(&document, false).await;
            return Err(error);
        }
    };
    outlook(domain.store.as_ref(), &meeting, proposal).await
}

async fn open_proposal(store: &dyn Store, meeting: &Meeting) -> Result<Proposal, DomainError> {
    store
        .latest_proposal(&meeting.id)
        .await?
        .filter(|proposal| proposal.status == ProposalStatus::Open)
        .ok_or_else(|| DomainError::Conflict("the plan is not proposed for agreement at the moment".into()))
}

/// Withdraws the proposal: editing reopens and the decisions made on it no longer count.
pub async fn withdraw(domain: &Domain, actor: &Actor, meeting_id: &str) -> Result<ProposalOutlook, DomainError> {
    let (meeting, _) = domain.meeting_as(actor, meeting_id, Action::RunAgreement).await?;
    let proposal = open_proposal(domain.store.as_ref(), &meeting).await?;
    let document = document_name(&meeting.id, DocumentKind::Plan);
    let mut change = domain.store.begin_change().await?;
    change.close_proposal(&proposal, ProposalStatus::Withdrawn, now_millis(), &document).await?;
    change.announce(&meeting.id, "document-lock", &lock_payload(&document, false)).await?;
    let withdrawn = json!({ "status": "withdrawn", "version_hash": proposal.version_hash });
    change.announce(&meeting.id, "proposal", &withdrawn.to_string()).await?;
    let audit = actor.audit(Some(&meeting.id), "proposal_withdrawn", json!({ "version_hash": proposal.version_hash }));
    domain.commit(change, audit).await?;
    domain.live.set_locked(&document, false).await;
    let closed = Proposal { status: ProposalStatus::Withdrawn, ..proposal };
    outlook(domain.store.as_ref(), &meeting, closed).await
}

/// How long after agreement a plan is reviewed when nobody says otherwise.
pub const DEFAULT_REVIEW_MONTHS: u32 = 3;

/// The day a plan agreed on `agreed_on` is to be reviewed: the plan's own review date when it is a
/// day after agreement, otherwise three months on.
pub fn review_due(agreed_on: NaiveDate, plan_review_date: &str) -> NaiveDate {
    match NaiveDate::parse_from_str(plan_review_date.trim(), "%Y-%m-%d") {
        Ok(day) if day > agreed_on => day,
        _ => agreed_on.checked_add_months(Months::new(DEFAULT_REVIEW_MONTHS)).unwrap_or(agreed_on),
    }
}

/// Sets the review day of a plan agreed now, in the change that makes it final.
async fn due_on_agreement(store: &dyn Store, version_hash: &str) -> Result<String, DomainError> {
    let today = chrono::Utc::now().date_naive();
    let review_date = match store.version_by_hash(version_hash).await? {
        Some(version) => versions::plan_of(&version).map(|plan| plan.meta.review_date).unwrap_or_default(),
        None => String::new(),
    };
    Ok(review_due(today, &review_date).to_string())
}

/// Closes agreement. When the referrer agreed, the plan is final: immutable, its hash and the
/// decisions kept, and the meeting closes, in one change.
pub async fn close(
    domain: &Domain,
    actor: &Actor,
    meeting_id: &str,
) -> Result<(Meeting, ProposalOutlook), DomainError> {
    let (meeting, _) = domain.meeting_as(actor, meeting_id, Action::RunAgreement).await?;
    let proposal = open_proposal(domain.store.as_ref(), &meeting).await?;
    let decisions = domain.store.decisions(&proposal.id).await?;
    let referrer = decisions.iter().find(|decision| decision.role == "referrer");
    match referrer.map(|decision| decision.decision.as_str()) {
        Some("agreed") => {}
        Some(other) => {
            return Err(DomainError::Conflict(format!(
                "the referrer's decision is \"{}\"; the family can revise the plan after you withdraw the proposal",
                other.replace('_', " ")
            )))
        }
        None => return Err(DomainError::Conflict("the referrer has not recorded a decision yet".into())),
    }
    let document = document_name(&meeting.id, DocumentKind::Plan);
    // Read before the change begins: a change holds the turn to write, and reads made meanwhile
    // would wait on the connections of changes waiting for it.
    let review_due_on = due_on_agreement(domain.store.as_ref(), &proposal.version_hash).await?;
    let mut change = domain.store.begin_change().await?;
    change.close_proposal(&proposal, ProposalStatus::Final, now_millis(), &document).await?;
    let finished = json!({ "status": "final", "version_hash": proposal.version_hash });
    change.announce(&meeting.id, "proposal", &finished.to_string()).await?;
    change.set_review_due(&meeting.id, Some(&review_due_on)).await?;
    let mut closed_meeting = super::meetings::change_stage(change.as_mut(), &meeting, Stage::Closed).await?;
    closed_meeting.review_due_on = Some(review_due_on.clone());
    if closed_meeting.stage != meeting.stage {
        let detail = json!({ "from": meeting.stage, "to": Stage::Closed });
        change.audit(&actor.audit(Some(&meeting.id), "stage_changed", detail)).await?;
    }
    let detail = json!({ "version_hash": proposal.version_hash, "review_due_on": review_due_on });
    let audit = actor.audit(Some(&meeting.id), "plan_final", detail);
    domain.commit(change, audit).await?;
    let closed = Proposal { status: ProposalStatus::Final, ..proposal };
    Ok((closed_meeting.clone(), outlook(domain.store.as_ref(), &closed_meeting, closed).await?))
}

/// A person's decision on the proposed version.
pub struct NewDecision {
    /// The hash of the version being decided on, as the person saw it.
    pub version_hash: String,
    pub decision: String,
    pub comment: String,
}

/// Records `actor`'s decision on the version proposed in meeting `meeting_id`.
pub async fn decide(
    domain: &Domain,
    actor: &Actor,
    meeting_id: &str,
    new: NewDecision,
) -> Result<ProposalOutlook, DomainError> {
    let (meeting, role) = domain.meeting_as(actor, meeting_id, Action::Decide).await?;
    let store = domain.store.as_ref();
    let proposal = open_proposal(store, &meeting).await?;
    if new.version_hash != proposal.version_hash {
        return Err(DomainError::Conflict(
            "this is not the version proposed for agreement; look at the plan again before deciding".into(),
        ));
    }
    let participant = match &actor.who {
        super::Who::Person(super::Subject::Participant { participant, .. }) => Some(participant.clone()),
        super::Who::Person(super::Subject::Staff(user)) => store.participant_for_user(&meeting.id, &user.id).await?,
        super::Who::Operator => None,
    };
    let is_referrer = participant.as_ref().is_some_and(|participant| participant.is_referrer);
    let role_name = if is_referrer {
        "referrer".to_owned()
    } else {
        match role {
            MeetingRole::Participant(kind) => kind.as_str().to_owned(),
            _ => "practitioner".to_owned(),
        }
    };
    let comment = new.comment.trim().to_owned();
    if comment.chars().count() > 2000 {
        return Err(DomainError::Invalid("a comment or reason must be at most 2,000 characters".into()));
    }
    let allowed: &[&str] = if is_referrer {
        &["agreed", "not_agreed", "needs_resource_approval"]
    } else {
        &["agree", "agree_with_comment", "do_not_agree"]
    };
    if !allowed.contains(&new.decision.as_str()) {
        return Err(DomainError::Invalid(format!("the decision must be one of {}", allowed.join(", "))));
    }
    let needs_words = matches!(new.decision.as_str(), "agree_with_comment" | "do_not_agree" | "not_agreed");
    if needs_words && comment.is_empty() {
        let what = if new.decision == "agree_with_comment" { "a comment" } else { "the reasons" };
        return Err(DomainError::Invalid(format!("please give {what}")));
    }
    let decision = Decision {
        id: new_id(),
        proposal_id: proposal.id.clone(),
        version_hash: proposal.version_hash.clone(),
        decided_by: actor.reference(),
        name: actor.name().to_owned(),
        role: role_name,
        decision: new.decision,
        comment,
        decided_at: now_millis(),
    };
    let mut change = store.begin_change().await?;
    change.record_decision(&decision).await?;
    let announced = json!({ "name": decision.name, "role": decision.role, "decision": decision.decision });
    change.announce(&meeting.id, "decision", &announced.to_string()).await?;
    let detail = json!({ "decision": decision.decision, "version_hash": decision.version_hash });
    domain.commit(change, actor.audit(Some(&meeting.id), "decision_recorded", detail)).await?;
    outlook(store, &meeting, proposal).await
}
