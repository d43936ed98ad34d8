//! Cases: one family's journey, from the referral through its meetings and reviews. The referral
//! names the children, who referred them and why, the Family Help Lead Practitioner, the worries,
//! bottom lines and questions for the family (which seed the first meeting's plan), when it was
//! received, and who has parental responsibility. A case is a staff record, read by its staff
//! (`access::case_allows`), changed by the facilitator who holds it, every change audited.

use serde_json::json;
use yrs::types::xml::{XmlElementPrelim, XmlFragment, XmlTextPrelim};
use yrs::{Doc, ReadTxn, StateVector, Transact, WriteTxn};

use super::{check_date_of_birth, check_text, Actor, Domain, DomainError, Who};
use crate::access::{case_allows, CaseAction, CaseRole, ParticipantKind, StaffRole};
use crate::identity::Subject;
use crate::secrets::{new_id, now_millis};
use crate::store::{
    Case, CaseChild, Meeting, Offer, OfferAnswer, OfferDecision, OfferMethod, ParentalResponsibility, Store, User,
};

const MAX_TITLE: usize = 200;
const MAX_NAME: usize = 120;
const MAX_REASON: usize = 2000;
/// The worries, bottom lines and questions: the referral's words, a page or two each.
const MAX_REFERRAL_TEXT: usize = 8000;
const MAX_CASE_SYSTEM_ID: usize = 64;
const MAX_CHILDREN: usize = 12;
const MAX_PARENTS: usize = 12;

/// A referral as given: a new case's, or the replacement of a case's.
#[derive(Debug, Clone, Default)]
pub struct Referral {
    pub title: String,
    pub referrer: String,
    pub lead_practitioner: String,
    pub reason: String,
    pub worries: String,
    pub bottom_lines: String,
    pub questions: String,
    /// YYYY-MM-DD.
    pub received_on: Option<String>,
    pub children: Vec<NewChild>,
    pub parents: Vec<NewParent>,
}

#[derive(Debug, Clone, Default)]
pub struct NewChild {
    pub name: String,
    pub date_of_birth: Option<String>,
    pub case_system_id: String,
}

#[derive(Debug, Clone, Default)]
pub struct NewParent {
    pub name: String,
    pub relationship: String,
}

/// The referral checked, as a case's fields (its id and times are the caller's).
fn checked(referral: &Referral) -> Result<Case, DomainError> {
    if referral.children.is_empty() {
        return Err(DomainError::Invalid("a referral names at least one child".into()));
    }
    if referral.children.len() > MAX_CHILDREN {
        return Err(DomainError::Invalid(format!("a case has at most {MAX_CHILDREN} children")));
    }
    if referral.parents.len() > MAX_PARENTS {
        return Err(DomainError::Invalid(format!(
            "a case has at most {MAX_PARENTS} people with parental responsibility"
        )));
    }
    let mut children = Vec::with_capacity(referral.children.len());
    for child in &referral.children {
        children.push(CaseChild {
            id: new_id(),
            name: check_text("a child's name", &child.name, MAX_NAME, true)?,
            date_of_birth: check_date_of_birth(ParticipantKind::Child, child.date_of_birth.as_deref())?,
            case_system_id: check_text("a case-system id", &child.case_system_id, MAX_CASE_SYSTEM_ID, false)?,
        });
    }
    let mut parents = Vec::with_capacity(referral.parents.len());
    for parent in &referral.parents {
        parents.push(ParentalResponsibility {
            id: new_id(),
            name: check_text("the name of someone with parental responsibility", &parent.name, MAX_NAME, true)?,
            relationship: check_text("the relationship", &parent.relationship, MAX_NAME, false)?,
        });
    }
    Ok(Case {
        id: String::new(),
        title: check_text("a title", &referral.title, MAX_TITLE, true)?,
        facilitator_id: String::new(),
        referrer: check_text("the referrer", &referral.referrer, MAX_NAME, false)?,
        lead_practitioner: check_text("the lead practitioner", &referral.lead_practitioner, MAX_NAME, false)?,
        reason: check_text("the reason", &referral.reason, MAX_REASON, false)?,
        worries: check_text("the worries", &referral.worries, MAX_REFERRAL_TEXT, false)?,
        bottom_lines: check_text("the bottom lines", &referral.bottom_lines, MAX_REFERRAL_TEXT, false)?,
        questions: check_text("the questions for the family", &referral.questions, MAX_REFERRAL_TEXT, false)?,
        received_on: check_received_on(referral.received_on.as_deref())?,
        care_application_on: None,
        created_at: 0,
        erased_at: None,
        children,
        parents,
    })
}

fn check_received_on(given: Option<&str>) -> Result<Option<String>, DomainError> {
    check_day("the day the referral came", "the referral cannot have been received in the future", given, true)
}

/// A day as given (YYYY-MM-DD), checked: a real day, after 2000, and when `past` not in the future
/// (`future` says so otherwise).
fn check_day(what: &str, future: &str, given: Option<&str>, past: bool) -> Result<Option<String>, DomainError> {
    let Some(given) = given.map(str::trim).filter(|given| !given.is_empty()) else { return Ok(None) };
    let day = chrono::NaiveDate::parse_from_str(given, "%Y-%m-%d")
        .map_err(|_| DomainError::Invalid(format!("{given:?} is not a date: give {what} as YYYY-MM-DD")))?;
    if past && day > chrono::Utc::now().date_naive() {
        return Err(DomainError::Invalid(future.into()));
    }
    if chrono::Datelike::year(&day) < 2000 {
        return Err(DomainError::Invalid(format!("{what} must be after 2000")));
    }
    Ok(Some(day.to_string()))
}

/// Whether the actor, staff, acts for `facilitator` (themselves, or the operator naming them).
fn acts_as(actor: &Actor, facilitator: &User) -> bool {
    match &actor.who {
        Who::Person(Subject::Staff(user)) => user.id == facilitator.id,
        Who::Person(_) => false,
        Who::Operator => true,
    }
}

/// Opens a case from a referral, held by `facilitator` (the actor themselves, or for the operator
/// the account named).
pub async fn create_case(
    domain: &Domain,
    actor: &Actor,
    facilitator: &User,
    referral: &Referral,
) -> Result<Case, DomainError> {
    if !acts_as(actor, facilitator) || facilitator.role != StaffRole::Facilitator {
        return Err(DomainError::Forbidden("only a facilitator can open a case".into()));
    }
    let mut case = checked(referral)?;
    case.id = new_id();
    case.facilitator_id = facilitator.id.clone();
    case.created_at = now_millis();
    let mut change = domain.store.begin_change().await?;
    change.create_case(&case).await?;
    let detail = json!({ "case_id": case.id, "children": case.children.len(), "parents": case.parents.len() });
    domain.commit(change, actor.audit(None, "case_opened", detail)).await?;
    Ok(case)
}

/// What `actor` is to `case`.
pub async fn role_in_case(store: &dyn Store, actor: &Actor, case: &Case) -> Result<CaseRole, DomainError> {
    let user = match &actor.who {
        Who::Operator => return Ok(CaseRole::Facilitator),
        Who::Person(Subject::Participant { .. }) => return Ok(CaseRole::Outsider),
        Who::Person(Subject::Staff(user)) => user,
    };
    if user.id == case.facilitator_id {
        return Ok(CaseRole::Facilitator);
    }
    if user.role == StaffRole::Manager {
        return Ok(CaseRole::Manager);
    }
    for meeting in store.meetings_of_case(&case.id).await? {
        if meeting.facilitator_id == user.id || store.participant_for_user(&meeting.id, &user.id).await?.is_some() {
            return Ok(CaseRole::Colleague);
        }
    }
    Ok(CaseRole::Outsider)
}

/// The case `case_id` with its meetings, if `actor` may do `action` with it. A case the actor has
/// no part in is "not found", so its existence does not leak.
pub async fn case_as(
    domain: &Domain,
    actor: &Actor,
    case_id: &str,
    action: CaseAction,
) -> Result<(Case, Vec<Meeting>, CaseRole), DomainError> {
    const UNSEEN: DomainError = DomainError::NotFound("that case");
    let store = domain.store.as_ref();
    let case = store.case(case_id).await?.ok_or(UNSEEN)?;
    let role = role_in_case(store, actor, &case).await?;
    if !case_allows(role, CaseAction::View) {
        return Err(UNSEEN);
    }
    // The operator stands for the service's managers on the command line.
    let operator_approves = action == CaseAction::Approve && matches!(actor.who, Who::Operator);
    if !case_allows(role, action) && !operator_approves {
        return Err(DomainError::Forbidden(match action {
            CaseAction::Approve => "only a manager approves or declines that".into(),
            _ => "only the facilitator who holds the case can do that".into(),
        }));
    }
    let meetings = store.meetings_of_case(&case.id).await?;
    Ok((case, meetings, role))
}

/// The cases a staff member may see, newest first; none for anyone else.
pub async fn cases(domain: &Domain, actor: &Actor) -> Result<Vec<Case>, DomainError> {
    match &actor.who {
        Who::Person(Subject::Staff(user)) => Ok(domain.store.cases_for_user(user).await?),
        _ => Err(DomainError::Forbidden("cases are the service's staff records".into())),
    }
}

/// Replaces a case's referral (the facilitator who holds it). Audited with which parts changed,
/// never their words.
pub async fn update_referral(
    domain: &Domain,
    actor: &Actor,
    case_id: &str,
    referral: &Referral,
) -> Result<Case, DomainError> {
    let (before, _, _) = case_as(domain, actor, case_id, CaseAction::EditReferral).await?;
    let mut case = checked(referral)?;
    case.id = before.id.clone();
    case.facilitator_id = before.facilitator_id.clone();
    case.created_at = before.created_at;
    case.care_application_on = before.care_application_on.clone();
    // Children and people keep their ids where they are the same person by name.
    for child in &mut case.children {
        if let Some(same) = before.children.iter().find(|earlier| earlier.name == child.name) {
            child.id = same.id.clone();
        }
    }
    for parent in &mut case.parents {
        if let Some(same) = before.parents.iter().find(|earlier| earlier.name == parent.name) {
            parent.id = same.id.clone();
        }
    }
    let changed: Vec<&str> = [
        ("title", before.title != case.title),
        ("referrer", before.referrer != case.referrer),
        ("lead_practitioner", before.lead_practitioner != case.lead_practitioner),
        ("reason", before.reason != case.reason),
        ("worries", before.worries != case.worries),
        ("bottom_lines", before.bottom_lines != case.bottom_lines),
        ("questions", before.questions != case.questions),
        ("received_on", before.received_on != case.received_on),
        ("children", before.children != case.children),
        ("parents", before.parents != case.parents),
    ]
    .into_iter()
    .filter_map(|(field, differs)| differs.then_some(field))
    .collect();
    let mut change = domain.store.begin_change().await?;
    change.update_case(&case).await?;
    let detail = json!({ "case_id": case.id, "changed": changed });
    domain.commit(change, actor.audit(None, "referral_updated", detail)).await?;
    Ok(case)
}

const MAX_OFFER_REASON: usize = 2000;

/// Records that a meeting was offered to one person with parental responsibility (the case's
/// facilitator).
pub async fn record_offer(
    domain: &Domain,
    actor: &Actor,
    case_id: &str,
    parent_id: &str,
    offered_on: &str,
    method: OfferMethod,
) -> Result<Offer, DomainError> {
    let (case, _, _) = case_as(domain, actor, case_id, CaseAction::EditReferral).await?;
    if !case.parents.iter().any(|parent| parent.id == parent_id) {
        return Err(DomainError::Invalid(
            "give the id of a person with parental responsibility in this case (see the case's parental_responsibility)"
                .into(),
        ));
    }
    let offered_on =
        check_day("the day of the offer", "an offer cannot be recorded for a day to come", Some(offered_on), true)?
            .ok_or_else(|| DomainError::Invalid("give the day of the offer as YYYY-MM-DD".into()))?;
    let offer = Offer {
        id: new_id(),
        case_id: case.id.clone(),
        parent_id: parent_id.to_owned(),
        offered_on,
        method,
        answer: OfferAnswer::Awaiting,
        declined_reason: String::new(),
        answered_on: None,
        recorded_by: actor.reference(),
        recorded_at: now_millis(),
    };
    let mut change = domain.store.begin_change().await?;
    change.write_offer(&offer).await?;
    let detail = json!({ "case_id": case.id, "offer_id": offer.id, "parent_id": parent_id, "method": method });
    domain.commit(change, actor.audit(None, "offer_made", detail)).await?;
    Ok(offer)
}

/// Records a person's answer to the offer (the case's facilitator): accepted, declined (with
/// their reason if they gave one), or back to awaiting.
pub async fn answer_offer(
    domain: &Domain,
    actor: &Actor,
    case_id: &str,
    offer_id: &str,
    answer: OfferAnswer,
    declined_reason: &str,
    answered_on: Option<&str>,
) -> Result<Offer, DomainError> {
    let (case, _, _) = case_as(domain, actor, case_id, CaseAction::EditReferral).await?;
    let store = domain.store.as_ref();
    let mut offer = store
        .offers(&case.id)
        .await?
        .into_iter()
        .find(|offer| offer.id == offer_id)
        .ok_or(DomainError::NotFound("that offer"))?;
    let reason = check_text("the reason for declining", declined_reason, MAX_OFFER_REASON, false)?;
    if answer != OfferAnswer::Declined && !reason.is_empty() {
        return Err(DomainError::Invalid("a reason is recorded only with a declined offer".into()));
    }
    let answered_on = match answer {
        OfferAnswer::Awaiting => None,
        _ => Some(
            check_day("the day of the answer", "an answer cannot be recorded for a day to come", answered_on, true)?
                .ok_or_else(|| DomainError::Invalid("give the day of the answer as YYYY-MM-DD".into()))?,
        ),
    };
    if answered_on.as_deref().is_some_and(|day| day < offer.offered_on.as_str()) {
        return Err(DomainError::Invalid(format!("the answer cannot come before the offer ({})", offer.offered_on)));
    }
    offer.answer = answer;
    offer.declined_reason = reason;
    offer.answered_on = answered_on;
    let mut change = store.begin_change().await?;
    change.write_offer(&offer).await?;
    let detail = json!({ "case_id": case.id, "offer_id": offer.id, "answer": answer, "reason_given": !offer.declined_reason.is_empty() });
    domain.commit(change, actor.audit(None, "offer_answered", detail)).await?;
    Ok(offer)
}

/// Records a decision not to offer a meeting, as not in the child's best interests (the case's
/// facilitator); it is in force once a manager approves it.
pub async fn decide_not_to_offer(
    domain: &Domain,
    actor: &Actor,
    case_id: &str,
    reason: &str,
) -> Result<OfferDecision, DomainError> {
    let (case, _, _) = case_as(domain, actor, case_id, CaseAction::EditReferral).await?;
    let decision = OfferDecision {
        id: new_id(),
        case_id: case.id.clone(),
        reason: check_text("the best-interests reason", reason, MAX_OFFER_REASON, true)?,
        decided_by: actor.reference(),
        decided_at: now_millis(),
        approved_by: None,
        approved_at: None,
        refused_by: None,
        refused_at: None,
        refusal_reason: String::new(),
    };
    let mut change = domain.store.begin_change().await?;
    change.write_offer_decision(&decision).await?;
    let detail = json!({ "case_id": case.id, "decision_id": decision.id });
    domain.commit(change, actor.audit(None, "not_offering_decided", detail)).await?;
    Ok(decision)
}

/// The case and its decision not to offer `decision_id`, for a manager (or the operator) to decide on.
async fn decision_for_manager(
    domain: &Domain,
    actor: &Actor,
    case_id: &str,
    decision_id: &str,
) -> Result<(Case, OfferDecision), DomainError> {
    let (case, _, _) = case_as(domain, actor, case_id, CaseAction::Approve).await?;
    let decision = domain
        .store
        .offer_decisions(&case.id)
        .await?
        .into_iter()
        .find(|decision| decision.id == decision_id)
        .ok_or(DomainError::NotFound("that decision"))?;
    Ok((case, decision))
}

/// Approves a decision not to offer (a manager, or the operator).
pub async fn approve_not_offering(
    domain: &Domain,
    actor: &Actor,
    case_id: &str,
    decision_id: &str,
) -> Result<OfferDecision, DomainError> {
    let (case, mut decision) = decision_for_manager(domain, actor, case_id, decision_id).await?;
    let store = domain.store.as_ref();
    if decision.approved_at.is_some() {
        return Err(DomainError::Conflict("that decision was approved already".into()));
    }
    if decision.refused_at.is_some() {
        return Err(DomainError::Conflict("that decision was refused: the facilitator may decide again".into()));
    }
    decision.approved_by = Some(actor.reference());
    decision.approved_at = Some(now_millis());
    let mut change = store.begin_change().await?;
    if !change.approve_offer_decision(&decision).await? {
        return Err(DomainError::Conflict("that decision was approved already".into()));
    }
    let detail = json!({ "case_id": case.id, "decision_id": decision.id });
    domain.commit(change, actor.audit(None, "not_offering_approved", detail)).await?;
    Ok(decision)
}

/// Refuses a decision not to offer, with the reason (a manager, or the operator): the facilitator
/// may then make the offer, or decide again.
pub async fn refuse_not_offering(
    domain: &Domain,
    actor: &Actor,
    case_id: &str,
    decision_id: &str,
    reason: &str,
) -> Result<OfferDecision, DomainError> {
    let (case, mut decision) = decision_for_manager(domain, actor, case_id, decision_id).await?;
    let store = domain.store.as_ref();
    decision.refusal_reason = check_text("the reason for refusing", reason, MAX_OFFER_REASON, true)?;
    decision.refused_by = Some(actor.reference());
    decision.refused_at = Some(now_millis());
    let mut change = store.begin_change().await?;
    if !change.refuse_offer_decision(&decision).await? {
        return Err(DomainError::Conflict("that decision was approved or refused already".into()));
    }
    let detail = json!({ "case_id": case.id, "decision_id": decision.id });
    domain.commit(change, actor.audit(None, "not_offering_refused", detail)).await?;
    Ok(decision)
}

/// Records (or clears) the day of a care or supervision application (the case's facilitator).
pub async fn set_care_application(
    domain: &Domain,
    actor: &Actor,
    case_id: &str,
    on: Option<&str>,
) -> Result<Case, DomainError> {
    let (mut case, _, _) = case_as(domain, actor, case_id, CaseAction::EditReferral).await?;
    case.care_application_on = check_day("the day of the application", "", on, false)?;
    let mut change = domain.store.begin_change().await?;
    change.update_case(&case).await?;
    let detail = json!({ "case_id": case.id, "care_application_on": case.care_application_on });
    domain.commit(change, actor.audit(None, "care_application_recorded", detail)).await?;
    Ok(case)
}

/// Where a case stands on the statutory offer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct OfferStanding {
    /// Someone with parental responsibility accepted.
    pub accepted: bool,
    /// A decision not to offer was approved by a manager.
    pub not_offering_approved: bool,
    /// The day the first meeting of the case was held, if one has been (the day it first left
    /// preparation).
    pub first_meeting_held_on: Option<String>,
    /// With an accepted offer and a care application recorded: whether the meeting was held before
    /// it (none while no meeting is held and the application is still to come).
    pub held_before_application: Option<bool>,
    /// What the facilitator must know now, in words.
    pub warning: Option<String>,
}

/// Where `case` stands on the statutory offer, as of `today`.
pub fn offer_standing(
    case: &Case,
    meetings: &[Meeting],
    offers: &[Offer],
    decisions: &[OfferDecision],
    today: chrono::NaiveDate,
) -> OfferStanding {
    let accepted = offers.iter().any(|offer| offer.answer == OfferAnswer::Accepted);
    let first_meeting_held_on = meetings.iter().filter_map(|meeting| meeting.held_on.clone()).min();
    let held_before_application = match (&case.care_application_on, accepted, &first_meeting_held_on) {
        (Some(application), true, Some(held)) => Some(held.as_str() < application.as_str()),
        // Not held yet: unknown while the application is still to come, missed once it has come.
        (Some(application), true, None) => (application.as_str() <= today.to_string().as_str()).then_some(false),
        _ => None,
    };
    let warning = match (&case.care_application_on, accepted, &first_meeting_held_on) {
        (Some(application), true, None) => {
            let left = chrono::NaiveDate::parse_from_str(application, "%Y-%m-%d")
                .map(|application| (application - today).num_days())
                .unwrap_or(0);
            Some(if left > 0 {
                format!(
                    "an offer was accepted: the meeting must be held before the care application on {application}, \
                     {left} {} from now, and none has been held yet",
                    if left == 1 { "day" } else { "days" }
                )
            } else {
                format!("an offer was accepted, but no meeting was held before the care application on {application}")
            })
        }
        _ => None,
    };
    OfferStanding {
        accepted,
        not_offering_approved: decisions.iter().any(|decision| decision.approved_at.is_some()),
        first_meeting_held_on,
        held_before_application,
        warning,
    }
}

/// The first plan of a case, seeded from its referral: the worries and bottom lines in their
/// sections, the questions for the family where the family answers them, a paragraph per line.
/// None when the referral says none of them.
pub fn plan_seed(case: &Case) -> Option<Vec<u8>> {
    let sections = [
        ("worries", case.worries.as_str()),
        ("bottom_lines", case.bottom_lines.as_str()),
        ("family_answers", case.questions.as_str()),
    ];
    if sections.iter().all(|(_, text)| text.trim().is_empty()) {
        return None;
    }
    let doc = Doc::new();
    {
        let mut transaction = doc.transact_mut();
        for (section, text) in sections {
            let lines: Vec<&str> = text.lines().map(str::trim).filter(|line| !line.is_empty()).collect();
            if lines.is_empty() {
                continue;
            }
            let fragment = transaction.get_or_insert_xml_fragment(section);
            for line in lines {
                let index = fragment.len(&transaction);
                fragment.insert(
                    &mut transaction,
                    index,
                    XmlElementPrelim::new("paragraph", [XmlTextPrelim::new(line).into()]),
                );
            }
        }
    }
    let transaction = doc.transact();
    Some(transaction.encode_state_as_update_v1(&StateVector::default()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn referral() -> Referral {
        Referral {
            title: "T and J".into(),
            worries: "Mum's health\n\n  School attendance  ".into(),
            questions: "Who can take T to school?".into(),
            children: vec![NewChild {
                name: "T".into(),
                date_of_birth: Some("2015-03-31".into()),
                case_system_id: "LCS-1".into(),
            }],
            parents: vec![NewParent { name: "Mum".into(), relationship: "mother".into() }],
            ..Referral::default()
        }
    }

    #[test]
    fn a_referral_is_checked_and_says_what_to_give() {
        assert!(checked(&referral()).is_ok());
        let refusals: [(fn(&mut Referral), &str); 5] = [
            (|r| r.children.clear(), "at least one child"),
            (|r| r.title = " ".into(), "a title is needed"),
            (|r| r.children[0].date_of_birth = Some("31/03/2015".into()), "YYYY-MM-DD"),
            (|r| r.received_on = Some("2999-01-01".into()), "in the future"),
            (|r| r.parents[0].name = String::new(), "parental responsibility is needed"),
        ];
        for (spoil, says) in refusals {
            let mut given = referral();
            spoil(&mut given);
            match checked(&given) {
                Err(DomainError::Invalid(message)) => assert!(message.contains(says), "{message}"),
                other => panic!("{says}: {other:?}"),
            }
        }
    }

    #[test]
    fn the_first_plan_holds_the_referrals_words_a_paragraph_a_line() {
        let mut case = checked(&referral()).unwrap();
        let state = plan_seed(&case).expect("a seed");
        let doc = crate::plan::read::doc_from_state(&state).unwrap();
        let (plan, problems) = crate::plan::read::read_plan(&doc);
        assert!(problems.is_empty(), "{problems:?}");
        let text = |name: &str| {
            let section = plan.sections.iter().find(|section| section.name == name).unwrap();
            section.blocks.iter().map(|block| block.text.clone()).collect::<Vec<_>>()
        };
        assert_eq!(text("worries"), ["Mum's health", "School attendance"]);
        assert_eq!(text("family_answers"), ["Who can take T to school?"]);
        assert!(text("bottom_lines").is_empty());
        case.worries.clear();
        case.questions.clear();
        assert!(plan_seed(&case).is_none(), "nothing to seed");
    }

    #[test]
    fn an_accepted_offer_is_held_before_the_application_or_warned_of() {
        let day = |text: &str| chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
        let millis = |text: &str| day(text).and_hms_opt(10, 0, 0).unwrap().and_utc().timestamp_millis();
        let mut case = checked(&referral()).unwrap();
        case.care_application_on = Some("2027-02-01".into());
        let offer = |answer| Offer {
            id: "o".into(),
            case_id: String::new(),
            parent_id: "p".into(),
            offered_on: "2026-12-01".into(),
            method: OfferMethod::LetterBeforeProceedings,
            answer,
            declined_reason: String::new(),
            answered_on: None,
            recorded_by: String::new(),
            recorded_at: 0,
        };
        let meeting = |stage, on: &str| Meeting {
            id: "m".into(),
            title: String::new(),
            kind: crate::store::MeetingKind::Fnm,
            scheduled_at: None,
            stage,
            stage_changed_at: millis(on),
            facilitator_id: String::new(),
            follows_meeting_id: None,
            created_at: 0,
            erased_at: None,
            case_id: None,
            held_on: (stage != Preparation).then(|| on.to_owned()),
            review_due_on: None,
            language: "en".into(),
        };
        use crate::access::Stage::{Information, Preparation};
        let today = day("2027-01-20");
        let waiting =
            offer_standing(&case, &[meeting(Preparation, "2026-12-02")], &[offer(OfferAnswer::Accepted)], &[], today);
        assert_eq!(waiting.held_before_application, None, "not yet known while the application is to come");
        assert!(waiting.warning.as_deref().unwrap().contains("12 days from now"), "{waiting:?}");
        let held =
            offer_standing(&case, &[meeting(Information, "2027-01-10")], &[offer(OfferAnswer::Accepted)], &[], today);
        assert_eq!((held.held_before_application, held.warning), (Some(true), None));
        assert_eq!(held.first_meeting_held_on.as_deref(), Some("2027-01-10"));
        let late =
            offer_standing(&case, &[meeting(Information, "2027-02-03")], &[offer(OfferAnswer::Accepted)], &[], today);
        assert_eq!(late.held_before_application, Some(false));
        let missed = offer_standing(&case, &[], &[offer(OfferAnswer::Accepted)], &[], day("2027-02-02"));
        assert_eq!(missed.held_before_application, Some(false), "the application came with no meeting before it");
        let declined = offer_standing(&case, &[], &[offer(OfferAnswer::Declined)], &[], today);
        assert_eq!((declined.accepted, declined.held_before_application, declined.warning), (false, None, None));
    }
}
