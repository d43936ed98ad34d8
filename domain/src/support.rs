//! Family Network Support Packages: what a meeting's plan asks for under "Support we are asking
//! for" becomes a request of items with their costs, made by the facilitator who holds the case
//! and linked to the meeting whose plan identified it; a manager approves or declines each request
//! with a reason. Every step is audited, with counts and sums, never the items' words.

use serde_json::json;

use super::{check_text, Actor, Domain, DomainError};
use crate::access::{Access, CaseAction};
use crate::cases::case_as;
use crate::plans::{current_plan, plan_reader};
use crate::secrets::{new_id, now_millis};
use crate::store::{SupportItem, SupportRequest, SupportStatus};

const MAX_SUMMARY: usize = 500;
const MAX_DESCRIPTION: usize = 300;
const MAX_ITEMS: usize = 50;
const MAX_REASON: usize = 2000;
/// One item's cost at most, in pence: £100,000.
pub const MAX_ITEM_PENCE: i64 = 10_000_000;
/// The section of the plan a request comes from.
pub const SUPPORT_SECTION: &str = "support_requested";

/// A request as given.
#[derive(Debug, Clone, Default)]
pub struct NewSupport {
    /// The meeting whose plan identified it: one of the case's.
    pub meeting_id: String,
    pub summary: String,
    /// Each item's description and cost in pence.
    pub items: Vec<(String, i64)>,
}

/// Asks for a support package (the facilitator who holds the case).
pub async fn request_support(
    domain: &Domain,
    actor: &Actor,
    case_id: &str,
    new: &NewSupport,
) -> Result<SupportRequest, DomainError> {
    let (case, meetings, _) = case_as(domain, actor, case_id, CaseAction::RequestSupport).await?;
    if !meetings.iter().any(|meeting| meeting.id == new.meeting_id) {
        return Err(DomainError::Invalid(
            "give the id of the case's meeting whose plan asks for this support (see the case's meetings)".into(),
        ));
    }
    if new.items.is_empty() {
        return Err(DomainError::Invalid("a request names at least one item with its cost".into()));
    }
    if new.items.len() > MAX_ITEMS {
        return Err(DomainError::Invalid(format!("a request has at most {MAX_ITEMS} items: split it in two")));
    }
    let mut items = Vec::with_capacity(new.items.len());
    for (description, cost_pence) in &new.items {
        if !(0..=MAX_ITEM_PENCE).contains(cost_pence) {
            return Err(DomainError::Invalid(format!(
                "an item's cost is from £0 to £{}, in pence",
                MAX_ITEM_PENCE / 100
            )));
        }
        items.push(SupportItem {
            id: new_id(),
            description: check_text("an item's description", description, MAX_DESCRIPTION, true)?,
            cost_pence: *cost_pence,
        });
    }
    let request = SupportRequest {
        id: new_id(),
        case_id: case.id.clone(),
        meeting_id: new.meeting_id.clone(),
        summary: check_text("a summary", &new.summary, MAX_SUMMARY, true)?,
        items,
        status: SupportStatus::Requested,
        requested_by: actor.reference(),
        requested_at: now_millis(),
        decided_by: None,
        decided_at: None,
        decision_reason: String::new(),
    };
    let mut change = domain.store.begin_change().await?;
    change.write_support_request(&request).await?;
    let detail = json!({
        "case_id": case.id, "request_id": request.id, "meeting_id": request.meeting_id,
        "items": request.items.len(), "total_pence": request.total_pence(),
    });
    domain.commit(change, actor.audit(Some(&request.meeting_id), "support_requested", detail)).await?;
    Ok(request)
}

/// Approves or declines a support request, with the reason (a manager, or the operator).
pub async fn decide_support(
    domain: &Domain,
    actor: &Actor,
    case_id: &str,
    request_id: &str,
    approve: bool,
    reason: &str,
) -> Result<SupportRequest, DomainError> {
    let (case, _, _) = case_as(domain, actor, case_id, CaseAction::Approve).await?;
    let store = domain.store.as_ref();
    let mut request = store
        .support_requests(&case.id)
        .await?
        .into_iter()
        .find(|request| request.id == request_id)
        .ok_or(DomainError::NotFound("that support request"))?;
    if request.status != SupportStatus::Requested {
        return Err(DomainError::Conflict(format!("that request was {} already", request.status.as_str())));
    }
    request.decision_reason = check_text("the reason for the decision", reason, MAX_REASON, true)?;
    request.status = if approve { SupportStatus::Approved } else { SupportStatus::Declined };
    request.decided_by = Some(actor.reference());
    request.decided_at = Some(now_millis());
    let mut change = store.begin_change().await?;
    if !change.decide_support_request(&request).await? {
        return Err(DomainError::Conflict("that request was decided already".into()));
    }
    let detail = json!({
        "case_id": case.id, "request_id": request.id, "decision": request.status, "total_pence": request.total_pence(),
    });
    domain.commit(change, actor.audit(Some(&request.meeting_id), "support_decided", detail)).await?;
    Ok(request)
}

/// What the approved requests of a case come to, in pence.
pub fn approved_total(requests: &[SupportRequest]) -> i64 {
    requests.iter().filter(|request| request.status == SupportStatus::Approved).map(SupportRequest::total_pence).sum()
}

/// What the plan of one of the case's meetings asks for under "Support we are asking for", a line
/// a paragraph or list item, as it stands now: the starting point of a request. Read as anyone
/// reading that plan would (never during the family's private time).
pub async fn asked_in_plan(
    domain: &Domain,
    actor: &Actor,
    case_id: &str,
    meeting_id: &str,
) -> Result<Vec<String>, DomainError> {
    let (_, meetings, _) = case_as(domain, actor, case_id, CaseAction::RequestSupport).await?;
    if !meetings.iter().any(|meeting| meeting.id == meeting_id) {
        return Err(DomainError::NotFound("that meeting in this case"));
    }
    let (meeting, _) = plan_reader(domain, actor, meeting_id, Access::Read).await?;
    let plan = current_plan(domain, &meeting).await?;
    Ok(plan
        .sections
        .into_iter()
        .filter(|section| section.name == SUPPORT_SECTION)
        .flat_map(|section| section.blocks)
        .map(|block| block.text.trim().to_owned())
        .filter(|text| !text.is_empty())
        .collect())
}
