//! Children's data through its whole life: how long each type of record is kept (rules a
//! manager sets), legal holds that stop deletion, and the run that deletes what is past its time,
//! once a day and on demand. What a run deletes leaves a tombstone (`erasures`) and an audit line.

use chrono::{Months, NaiveDate, TimeZone, Utc};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

use super::{check_text, Actor, Domain, DomainError, Who};
use crate::access::{document_name, room_document_name, DocumentKind};
use crate::identity::Subject;
use crate::secrets::{new_id, now_millis};
use crate::store::{
    Change, Erasure, ErasureScope, FromEvent, KeepUnit, LegalHold, Meeting, ParticipantKind, RecordType, Removed,
    RetentionRule, StaffRole, Stage, Store,
};

/// The longest reason for a hold, its lifting or an erasure.
pub const MAX_REASON: usize = 1000;
/// The longest retention period, in years (and the same in months or days).
const MAX_YEARS: i64 = 150;

/// Refuses anyone but a manager (or the operator's command line): retention, holds, erasure and
/// subject access are a manager's alone.
pub fn require_manager(actor: &Actor, what: &str) -> Result<(), DomainError> {
    let allowed = match &actor.who {
        Who::Person(Subject::Staff(user)) => user.role == StaffRole::Manager,
        Who::Person(Subject::Participant { .. }) => false,
        Who::Operator => true,
    };
    if allowed {
        Ok(())
    } else {
        Err(DomainError::Forbidden(format!("only a manager can {what}")))
    }
}

/// What each record type's period may run from.
pub fn allowed_starts(record_type: RecordType) -> &'static [FromEvent] {
    use FromEvent::{Birth, Closure, LastActivity, Record};
    match record_type {
        RecordType::Meeting | RecordType::FamilyTime | RecordType::ContactDetails => &[Closure, LastActivity, Birth],
        RecordType::SafetyNotes | RecordType::Consents => &[Closure, LastActivity, Birth, Record],
        RecordType::LinksAndSessions => &[Closure, LastActivity, Record],
        RecordType::AuditEvents => &[Record],
    }
}

/// A period as people write it: a whole number and `d`, `m` or `y` (`30d`, `18m`, `25y`).
pub fn parse_keep(text: &str) -> Result<(i64, KeepUnit), DomainError> {
    let text = text.trim();
    let wrong = || {
        DomainError::Invalid(format!(
            "{text:?} is not a period: give a whole number and d, m or y, such as 30d, 18m or 25y"
        ))
    };
    let unit = text.chars().last().and_then(|last| KeepUnit::parse(&last.to_ascii_lowercase().to_string()));
    let unit = unit.ok_or_else(wrong)?;
    let amount: i64 = text[..text.len() - 1].parse().map_err(|_| wrong())?;
    check_keep(amount, unit)?;
    Ok((amount, unit))
}

fn check_keep(amount: i64, unit: KeepUnit) -> Result<(), DomainError> {
    let most = match unit {
        KeepUnit::Days => MAX_YEARS * 366,
        KeepUnit::Months => MAX_YEARS * 12,
        KeepUnit::Years => MAX_YEARS,
    };
    if amount < 1 || amount > most {
        return Err(DomainError::Invalid(format!(
            "a period must be from 1 to {most}{} (at most {MAX_YEARS} years)",
            unit.as_str()
        )));
    }
    Ok(())
}

/// `date` plus the rule's period.
fn add_period(date: NaiveDate, amount: i64, unit: KeepUnit) -> NaiveDate {
    let amount = amount.clamp(0, MAX_YEARS * 366) as u32;
    let later = match unit {
        KeepUnit::Days => date.checked_add_days(chrono::Days::new(u64::from(amount))),
        KeepUnit::Months => date.checked_add_months(Months::new(amount)),
        KeepUnit::Years => date.checked_add_months(Months::new(amount.saturating_mul(12))),
    };
    later.unwrap_or(NaiveDate::MAX)
}

/// `date` less the rule's period: records dated before it are past their time on `date`.
fn subtract_period(date: NaiveDate, amount: i64, unit: KeepUnit) -> NaiveDate {
    let amount = amount.clamp(0, MAX_YEARS * 366) as u32;
    let earlier = match unit {
        KeepUnit::Days => date.checked_sub_days(chrono::Days::new(u64::from(amount))),
        KeepUnit::Months => date.checked_sub_months(Months::new(amount)),
        KeepUnit::Years => date.checked_sub_months(Months::new(amount.saturating_mul(12))),
    };
    earlier.unwrap_or(NaiveDate::MIN)
}

fn day_of(millis: i64) -> NaiveDate {
    Utc.timestamp_millis_opt(millis).single().map_or(NaiveDate::MIN, |time| time.date_naive())
}

fn start_of_day(date: NaiveDate) -> i64 {
    date.and_hms_opt(0, 0, 0).map_or(0, |time| time.and_utc().timestamp_millis())
}

/// A rule in words: "25 years from the meeting's closure".
pub fn describe(rule: &RetentionRule) -> String {
    let unit = match (rule.keep_unit, rule.keep_amount) {
        (KeepUnit::Days, 1) => "day",
        (KeepUnit::Days, _) => "days",
        (KeepUnit::Months, 1) => "month",
        (KeepUnit::Months, _) => "months",
        (KeepUnit::Years, 1) => "year",
        (KeepUnit::Years, _) => "years",
    };
    let from = match rule.from_event {
        FromEvent::Closure => "the meeting's closure",
        FromEvent::LastActivity => "the meeting's last activity",
        FromEvent::Birth => "the youngest child's date of birth",
        FromEvent::Record => "the record's own date",
    };
    format!("{} {unit} from {from}", rule.keep_amount)
}

/// Every record type's rule (a manager).
pub async fn rules(domain: &Domain, actor: &Actor) -> Result<Vec<RetentionRule>, DomainError> {
    require_manager(actor, "see the retention rules")?;
    Ok(domain.store.retention_rules().await?)
}

/// Sets how long records of one type are kept, and from what (a manager). Audited with the rule
/// before and after.
pub async fn set_rule(
    domain: &Domain,
    actor: &Actor,
    record_type: RecordType,
    keep_amount: i64,
    keep_unit: KeepUnit,
    from_event: FromEvent,
) -> Result<RetentionRule, DomainError> {
    require_manager(actor, "change the retention rules")?;
    check_keep(keep_amount, keep_unit)?;
    let allowed = allowed_starts(record_type);
    if !allowed.contains(&from_event) {
        let names: Vec<&str> = allowed.iter().map(|start| start.as_str()).collect();
        return Err(DomainError::Invalid(format!(
            "{} cannot be kept from {}: give one of {}",
            record_type.as_str(),
            from_event.as_str(),
            names.join(", ")
        )));
    }
    let before = domain.store.retention_rules().await?.into_iter().find(|rule| rule.record_type == record_type);
    let rule = RetentionRule {
        record_type,
        keep_amount,
        keep_unit,
        from_event,
        updated_by: actor.reference(),
        updated_at: now_millis(),
    };
    let mut change = domain.store.begin_change().await?;
    change.set_retention_rule(&rule).await?;
    let detail = json!({
        "record_type": record_type,
        "from": before.as_ref().map(describe),
        "to": describe(&rule),
    });
    domain.commit(change, actor.audit(None, "retention_rule_set", detail)).await?;
    Ok(rule)
}

/// What a hold is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HoldTarget {
    Meeting(String),
    Person(String),
}

/// Every hold, lifted or in force, oldest first (a manager).
pub async fn holds(domain: &Domain, actor: &Actor) -> Result<Vec<LegalHold>, DomainError> {
    require_manager(actor, "see legal holds")?;
    Ok(domain.store.legal_holds().await?)
}

/// The meeting of a hold's target, checked to exist: a meeting, or the meeting of a person.
async fn target_meeting(store: &dyn Store, target: &HoldTarget) -> Result<String, DomainError> {
    match target {
        HoldTarget::Meeting(id) => Ok(store.meeting(id).await?.ok_or(DomainError::NotFound("that meeting"))?.id),
        HoldTarget::Person(id) => {
            Ok(store.participant(id).await?.ok_or(DomainError::NotFound("that person"))?.meeting_id)
        }
    }
}

/// Places a legal hold on a meeting or a person, with a reason (a manager).
pub async fn place_hold(
    domain: &Domain,
    actor: &Actor,
    target: HoldTarget,
    reason: &str,
) -> Result<LegalHold, DomainError> {
    require_manager(actor, "place a legal hold")?;
    let reason = check_text("the reason for the hold", reason, MAX_REASON, true)?;
    let meeting_id = target_meeting(domain.store.as_ref(), &target).await?;
    let (on_meeting, on_person) = match &target {
        HoldTarget::Meeting(id) => (Some(id.clone()), None),
        HoldTarget::Person(id) => (None, Some(id.clone())),
    };
    let hold = LegalHold {
        id: new_id(),
        meeting_id: on_meeting,
        participant_id: on_person,
        reason,
        placed_by: actor.reference(),
        placed_at: now_millis(),
        lifted_by: None,
        lifted_at: None,
        lift_reason: None,
    };
    let mut change = domain.store.begin_change().await?;
    change.place_hold(&hold).await?;
    let detail = json!({ "hold_id": hold.id, "participant_id": hold.participant_id, "reason": hold.reason });
    domain.commit(change, actor.audit(Some(&meeting_id), "legal_hold_placed", detail)).await?;
    Ok(hold)
}

/// Lifts the holds in force on a meeting or a person, with a reason (a manager). Gives the holds
/// lifted; none in force is a conflict.
pub async fn lift_hold(
    domain: &Domain,
    actor: &Actor,
    target: HoldTarget,
    reason: &str,
) -> Result<Vec<LegalHold>, DomainError> {
    require_manager(actor, "lift a legal hold")?;
    let reason = check_text("the reason for lifting the hold", reason, MAX_REASON, true)?;
    let store = domain.store.as_ref();
    let in_force: Vec<LegalHold> = store
        .legal_holds()
        .await?
        .into_iter()
        .filter(|hold| hold.lifted_at.is_none())
        .filter(|hold| match &target {
            HoldTarget::Meeting(id) => hold.meeting_id.as_deref() == Some(id),
            HoldTarget::Person(id) => hold.participant_id.as_deref() == Some(id),
        })
        .collect();
    if in_force.is_empty() {
        return Err(DomainError::Conflict("there is no hold in force on that to lift".into()));
    }
    let meeting_id = target_meeting(store, &target).await?;
    let at = now_millis();
    let mut change = store.begin_change().await?;
    for hold in &in_force {
        change.lift_hold(&hold.id, &actor.reference(), at, &reason).await?;
    }
    let ids: Vec<&str> = in_force.iter().map(|hold| hold.id.as_str()).collect();
    let detail = json!({ "hold_ids": ids, "reason": reason });
    domain.commit(change, actor.audit(Some(&meeting_id), "legal_hold_lifted", detail)).await?;
    let lifted = store.legal_holds().await?;
    Ok(lifted.into_iter().filter(|hold| ids.contains(&hold.id.as_str())).collect())
}

/// The holds in force: on meetings, on people, and the meetings a held person is in (every record
/// of such a meeting is kept too).
pub struct HeldRecords {
    /// Meeting id → the reason it is held.
    pub meetings: std::collections::BTreeMap<String, String>,
    /// Participant id → the reason they are held.
    pub people: std::collections::BTreeMap<String, String>,
}

pub async fn held_records(store: &dyn Store) -> Result<HeldRecords, DomainError> {
    let mut held = HeldRecords { meetings: Default::default(), people: Default::default() };
    for hold in store.legal_holds().await?.into_iter().filter(|hold| hold.lifted_at.is_none()) {
        if let Some(meeting_id) = hold.meeting_id {
            held.meetings.entry(meeting_id).or_insert(hold.reason.clone());
        }
        if let Some(participant_id) = hold.participant_id {
            if let Some(participant) = store.participant(&participant_id).await? {
                held.meetings
                    .entry(participant.meeting_id)
                    .or_insert(format!("a person in it is held: {}", hold.reason));
            }
            held.people.insert(participant_id, hold.reason);
        }
    }
    Ok(held)
}

/// One thing a run deletes, or would delete but keeps because of a hold.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RunItem {
    pub record_type: RecordType,
    /// The meeting whose records these are; none for records of the whole service.
    pub meeting_id: Option<String>,
    /// Why: the rule, and the day the records' time ended.
    pub why: String,
    /// Set when a hold keeps them: its reason.
    pub held: Option<String>,
    /// What went (or would go), in rows by table and documents.
    pub removed: Removed,
}

/// What a run did, or would do.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RunReport {
    /// The day the rules were applied as of (YYYY-MM-DD).
    pub as_of: String,
    pub dry_run: bool,
    pub items: Vec<RunItem>,
}

/// The day a meeting's records start their period under `from`, when it has come.
async fn period_start(store: &dyn Store, meeting: &Meeting, from: FromEvent) -> Result<Option<NaiveDate>, DomainError> {
    Ok(match from {
        FromEvent::Closure => (meeting.stage == Stage::Closed).then(|| day_of(meeting.stage_changed_at)),
        FromEvent::LastActivity => Some(day_of(store.last_activity(&meeting.id).await?)),
        FromEvent::Birth => {
            // The children of the meeting's network, and of its case's referral.
            let mut born: Vec<String> = store
                .participants(&meeting.id)
                .await?
                .into_iter()
                .filter(|participant| participant.kind == ParticipantKind::Child)
                .filter_map(|child| child.date_of_birth)
                .collect();
            if let Some(case) = match &meeting.case_id {
                Some(case_id) => store.case(case_id).await?,
                None => None,
            } {
                born.extend(case.children.into_iter().filter_map(|child| child.date_of_birth));
            }
            born.iter().filter_map(|day| NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()).max()
        }
        FromEvent::Record => None,
    })
}

/// The family's private documents of a meeting: its default room's and each room's.
async fn family_time_documents(store: &dyn Store, meeting_id: &str) -> Result<Vec<String>, DomainError> {
    let mut documents = vec![room_document_name(meeting_id, None)];
    for room in store.private_rooms(meeting_id).await? {
        documents.push(room_document_name(meeting_id, Some(&room.id)));
    }
    Ok(documents)
}

/// Every document a meeting has or may have.
pub async fn meeting_documents(store: &dyn Store, meeting_id: &str) -> Result<Vec<String>, DomainError> {
    let mut documents = family_time_documents(store, meeting_id).await?;
    documents.push(document_name(meeting_id, DocumentKind::Plan));
    documents.push(document_name(meeting_id, DocumentKind::Comments));
    Ok(documents)
}

/// Before the documents of a meeting (all of them for `RecordType::Meeting`, the family's private
/// ones for `FamilyTime`) are erased: refuses every write to them from now on, on every server,
/// then closes and unloads their live copies here (other servers close theirs when they read the
/// erasure's event). A write that checked before the erasure committed cannot outlive it.
pub(crate) async fn close_documents(
    domain: &Domain,
    meeting_id: &str,
    record_type: RecordType,
    at: i64,
) -> Result<(), DomainError> {
    let store = domain.store.as_ref();
    let (prefix, documents) = match record_type {
        RecordType::Meeting => (meeting_document_prefix(meeting_id), meeting_documents(store, meeting_id).await?),
        RecordType::FamilyTime => {
            (document_name(meeting_id, DocumentKind::FamilyTime), family_time_documents(store, meeting_id).await?)
        }
        _ => return Ok(()),
    };
    store.fence_documents(&prefix, &documents, at).await?;
    domain.live.unload_documents(&prefix).await;
    Ok(())
}

/// The prefix every document name of a meeting starts with.
pub fn meeting_document_prefix(meeting_id: &str) -> String {
    format!("meeting/{meeting_id}/")
}

/// Deletes a meeting's records of one type in `change` (a meeting down to its tombstone).
pub(crate) async fn delete_for_meeting(
    store: &dyn Store,
    change: &mut Box<dyn Change>,
    meeting_id: &str,
    record_type: RecordType,
    at: i64,
) -> Result<Removed, DomainError> {
    Ok(match record_type {
        RecordType::Meeting => {
            let documents = meeting_documents(store, meeting_id).await?;
            change.erase_meeting(meeting_id, &meeting_document_prefix(meeting_id), &documents, at).await?
        }
        RecordType::FamilyTime => {
            let documents = family_time_documents(store, meeting_id).await?;
            let prefix = document_name(meeting_id, DocumentKind::FamilyTime);
            change.delete_documents(meeting_id, &prefix, &documents, at).await?
        }
        RecordType::SafetyNotes | RecordType::ContactDetails | RecordType::LinksAndSessions | RecordType::Consents => {
            change.delete_meeting_records(meeting_id, record_type).await?
        }
        RecordType::AuditEvents => Removed::default(),
    })
}

/// Applies every rule as of `as_of` (a manager, the operator, or the daily schedule): deletes
/// what is past its time and not held, each with its tombstone and audit line, as one
/// transaction; then makes what went unreadable in the database's files. A dry run does the
/// same and rolls it back, so it lists exactly what a run would delete.
pub async fn run(domain: &Domain, actor: &Actor, as_of: NaiveDate, dry_run: bool) -> Result<RunReport, DomainError> {
    require_manager(actor, "apply the retention rules")?;
    let store = domain.store.as_ref();
    let due = due_records(store, as_of).await?;
    let at = now_millis();
    if !dry_run {
        for item in due.iter().filter(|item| item.held.is_none()) {
            if let Some(meeting_id) = &item.meeting_id {
                close_documents(domain, meeting_id, item.record_type, at).await?;
            }
        }
    }
    let mut change = store.begin_change().await?;
    let mut items = Vec::new();
    for mut item in due {
        if item.held.is_some() {
            items.push(item);
            continue;
        }
        item.removed = match (&item.meeting_id, item.cutoff) {
            (Some(meeting_id), _) => delete_for_meeting(store, &mut change, meeting_id, item.record_type, at).await?,
            (None, Some(cutoff)) => {
                change.delete_records_before(item.record_type, cutoff, &item.kept_meetings, &item.kept_people).await?
            }
            (None, None) => Removed::default(),
        };
        if item.removed.is_empty() {
            continue;
        }
        record_deletion(&mut change, actor, item.meeting_id.as_deref(), item.record_type, &item.why, &item.removed, at)
            .await?;
        items.push(item);
    }
    let report = RunReport { as_of: as_of.to_string(), dry_run, items: items.into_iter().map(RunItem::from).collect() };
    if dry_run {
        drop(change);
        return Ok(report);
    }
    let deleted = report.items.iter().filter(|item| item.held.is_none()).count();
    change.prune_meeting_events(at - LIVE_EVENTS_KEPT_MILLIS).await?;
    let detail = json!({ "as_of": report.as_of, "deleted": deleted, "held": report.items.len() - deleted });
    domain.commit(change, actor.audit(None, "retention_run", detail)).await?;
    if deleted > 0 {
        store.scrub_deleted().await?;
    }
    Ok(report)
}

/// Something a rule says is past its time, before it is deleted.
struct DueRecords {
    record_type: RecordType,
    meeting_id: Option<String>,
    why: String,
    held: Option<String>,
    /// For records deleted by their own date: the first moment they are kept.
    cutoff: Option<i64>,
    kept_meetings: Vec<String>,
    kept_people: Vec<String>,
    removed: Removed,
}

impl From<DueRecords> for RunItem {
    fn from(due: DueRecords) -> Self {
        RunItem {
            record_type: due.record_type,
            meeting_id: due.meeting_id,
            why: due.why,
            held: due.held,
            removed: due.removed,
        }
    }
}

/// What every rule says is past its time as of `as_of`, held or not. A meeting past its time
/// goes whole, so the other rules are not asked of it.
async fn due_records(store: &dyn Store, as_of: NaiveDate) -> Result<Vec<DueRecords>, DomainError> {
    let rules = store.retention_rules().await?;
    let held = held_records(store).await?;
    let meetings = store.all_meetings().await?;
    let mut due = Vec::new();
    let mut going_whole = std::collections::BTreeSet::new();
    for rule in
        RecordType::ALL.iter().filter_map(|record_type| rules.iter().find(|rule| rule.record_type == *record_type))
    {
        let record_type = rule.record_type;
        if rule.from_event == FromEvent::Record {
            let cutoff = subtract_period(as_of, rule.keep_amount, rule.keep_unit);
            due.push(DueRecords {
                record_type,
                meeting_id: None,
                why: format!("{}: dated before {cutoff}", describe(rule)),
                held: None,
                cutoff: Some(start_of_day(cutoff)),
                kept_meetings: held.meetings.keys().cloned().collect(),
                kept_people: held.people.keys().cloned().collect(),
                removed: Removed::default(),
            });
            continue;
        }
        for meeting in &meetings {
            if going_whole.contains(&meeting.id) {
                continue;
            }
            let Some(start) = period_start(store, meeting, rule.from_event).await? else { continue };
            let ends = add_period(start, rule.keep_amount, rule.keep_unit);
            if ends > as_of {
                continue;
            }
            let held_by = held.meetings.get(&meeting.id).cloned();
            if held_by.is_some() && !has_records(store, meeting, record_type).await? {
                continue;
            }
            if record_type == RecordType::Meeting && held_by.is_none() {
                going_whole.insert(meeting.id.clone());
            }
            due.push(DueRecords {
                record_type,
                meeting_id: Some(meeting.id.clone()),
                why: format!("{}: {start} + {} ended on {ends}", describe(rule), rule_period(rule)),
                held: held_by,
                cutoff: None,
                kept_meetings: Vec::new(),
                kept_people: Vec::new(),
                removed: Removed::default(),
            });
        }
    }
    Ok(due)
}

/// Live events are read by every process within a second; a day is plenty.
const LIVE_EVENTS_KEPT_MILLIS: i64 = 24 * 60 * 60 * 1000;

fn rule_period(rule: &RetentionRule) -> String {
    format!("{}{}", rule.keep_amount, rule.keep_unit.as_str())
}

/// Whether a held meeting has records of this type that a run would otherwise delete.
async fn has_records(store: &dyn Store, meeting: &Meeting, record_type: RecordType) -> Result<bool, DomainError> {
    Ok(match record_type {
        RecordType::Meeting => true,
        RecordType::FamilyTime => {
            let mut any = false;
            for document in family_time_documents(store, &meeting.id).await? {
                any |= store.document_head(&document).await? > 0;
            }
            any
        }
        RecordType::SafetyNotes => !store.safety_notes(&meeting.id).await?.is_empty(),
        RecordType::ContactDetails => !store.contact_details(&meeting.id).await?.is_empty(),
        RecordType::Consents => !store.consents(&meeting.id).await?.is_empty(),
        RecordType::LinksAndSessions => {
            let mut any = false;
            for participant in store.participants(&meeting.id).await? {
                any |= !store.links_of_participant(&participant.id).await?.is_empty();
            }
            any
        }
        RecordType::AuditEvents => false,
    })
}

/// The tombstone and audit line of one deletion by a rule.
async fn record_deletion(
    change: &mut Box<dyn Change>,
    actor: &Actor,
    meeting_id: Option<&str>,
    record_type: RecordType,
    why: &str,
    removed: &Removed,
    at: i64,
) -> Result<(), DomainError> {
    let scope = if record_type == RecordType::Meeting { ErasureScope::Meeting } else { ErasureScope::Records };
    let erasure = Erasure {
        id: new_id(),
        scope,
        meeting_id: meeting_id.map(str::to_owned),
        participant_id: None,
        record_type: Some(record_type),
        reason: format!("retention rule: {why}"),
        erased_by: actor.reference(),
        erased_at: at,
        versions: removed.versions.clone(),
    };
    change.record_erasure(&erasure).await?;
    let detail = json!({
        "erasure_id": erasure.id,
        "record_type": record_type,
        "why": why,
        "rows": removed.rows,
        "documents": removed.documents.len(),
        "versions": removed.versions,
    });
    change.audit(&actor.audit(meeting_id, "records_deleted", detail)).await?;
    Ok(())
}

/// Today, as retention counts days (UTC).
pub fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// A day as people write it (YYYY-MM-DD).
pub fn parse_day(text: &str) -> Result<NaiveDate, DomainError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| DomainError::Invalid(format!("{text:?} is not a date: give it as YYYY-MM-DD, such as 2026-12-31")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn periods_read_as_people_write_them() {
        assert_eq!(parse_keep("30d").unwrap(), (30, KeepUnit::Days));
        assert_eq!(parse_keep(" 18m ").unwrap(), (18, KeepUnit::Months));
        assert_eq!(parse_keep("25Y").unwrap(), (25, KeepUnit::Years));
        for wrong in ["", "y", "25", "25w", "-3y", "0d", "151y", "2.5y", "25 years"] {
            assert!(parse_keep(wrong).is_err(), "{wrong:?} was accepted");
        }
    }

    #[test]
    fn periods_count_in_calendar_days_months_and_years() {
        assert_eq!(add_period(day("2008-02-29"), 18, KeepUnit::Years), day("2026-02-28"));
        assert_eq!(add_period(day("2026-01-31"), 1, KeepUnit::Months), day("2026-02-28"));
        assert_eq!(add_period(day("2026-12-01"), 30, KeepUnit::Days), day("2026-12-31"));
        assert_eq!(subtract_period(day("2026-12-05"), 2, KeepUnit::Years), day("2024-12-05"));
    }

    #[test]
    fn each_record_type_runs_from_what_it_can() {
        assert_eq!(allowed_starts(RecordType::AuditEvents), &[FromEvent::Record]);
        assert!(!allowed_starts(RecordType::Meeting).contains(&FromEvent::Record));
        for record_type in RecordType::ALL {
            assert!(!allowed_starts(record_type).is_empty());
        }
    }
}
