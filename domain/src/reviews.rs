//! Reviews: agreeing a plan sets the day it is to be reviewed (the plan's own review date when it
//! gives one, otherwise three months on), which the facilitator may change. A review meeting starts
//! from the agreed version (see `meetings::create_meeting`), records how each action of the agreed
//! plan stands (done, on track, not on track, with a note), and shows what its plan changed from
//! the agreed one.

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

use super::{check_text, Actor, Domain, DomainError};
use crate::access::{Access, Action, Stage};
use crate::plan::model::{Plan, PlanAction};
use crate::plan::versions::{self, PlanDiff};
use crate::plans::{current_plan, plan_reader};
use crate::secrets::now_millis;
use crate::store::{ActionReview, Meeting, ReviewedStatus};

const MAX_NOTE: usize = 2000;

/// Sets (or with `None`, clears) the day the agreed plan of meeting `meeting_id` is to be reviewed
/// (its facilitator, once the plan is final).
pub async fn set_review_date(
    domain: &Domain,
    actor: &Actor,
    meeting_id: &str,
    on: Option<&str>,
) -> Result<Meeting, DomainError> {
    let (mut meeting, _) = domain.meeting_as(actor, meeting_id, Action::SetReviewDate).await?;
    let store = domain.store.as_ref();
    if versions::final_version_hash(store, &meeting.id).await?.is_none() {
        return Err(DomainError::Conflict(
            "the plan has not been agreed: its review date is set once it is final".into(),
        ));
    }
    // Once reviewed, the day it was due is what the review is measured against.
    if store.meetings_following(&meeting.id).await?.iter().any(|review| review.held_on.is_some()) {
        return Err(DomainError::Conflict("the plan has been reviewed: its review date stays as it was".into()));
    }
    let on = match on.map(str::trim).filter(|on| !on.is_empty()) {
        None => None,
        Some(given) => Some(
            NaiveDate::parse_from_str(given, "%Y-%m-%d")
                .map_err(|_| {
                    DomainError::Invalid(format!("{given:?} is not a date: give the review date as YYYY-MM-DD"))
                })?
                .to_string(),
        ),
    };
    let mut change = domain.store.begin_change().await?;
    change.set_review_due(&meeting.id, on.as_deref()).await?;
    let detail = json!({ "from": meeting.review_due_on, "to": on });
    domain.commit(change, actor.audit(Some(&meeting.id), "review_date_set", detail)).await?;
    meeting.review_due_on = on;
    Ok(meeting)
}

/// One action of the agreed plan, and what the review said of it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReviewedAction {
    pub action: PlanAction,
    pub review: Option<ActionReviewView>,
}

/// A review's word on one action.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActionReviewView {
    pub status: ReviewedStatus,
    pub note: String,
    pub recorded_at: String,
}

/// A review meeting, as it reviews the agreed plan.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReviewView {
    pub meeting_id: String,
    /// The meeting whose agreed plan this one reviews.
    pub follows_meeting_id: String,
    /// The hash of the agreed version the review starts from.
    pub agreed_version_hash: String,
    /// When the agreed plan was due for review.
    pub due_on: Option<String>,
    /// The day this review was held, once it was.
    pub held_on: Option<String>,
    /// Whether it was held by the day it was due (when both are known).
    pub on_time: Option<bool>,
    /// The actions of the agreed plan, in its order.
    pub actions: Vec<ReviewedAction>,
}

/// The review meeting `meeting_id` and the agreed plan it follows (its meeting and version).
async fn reviewed(
    domain: &Domain,
    actor: &Actor,
    meeting_id: &str,
    action: Option<Action>,
) -> Result<Reviewed, DomainError> {
    let (meeting, _) = match action {
        Some(action) => domain.meeting_as(actor, meeting_id, action).await?,
        None => plan_reader(domain, actor, meeting_id, Access::Read).await?,
    };
    let store = domain.store.as_ref();
    let not_review = || DomainError::Conflict("this meeting is not a review: it follows no agreed plan".into());
    let earlier_id = meeting.follows_meeting_id.clone().ok_or_else(not_review)?;
    // The meeting followed may have been erased: the review then has nothing to review. Its plan
    // is reached only once final and closed, as `plans::version_of` reaches it.
    let earlier =
        store.meeting(&earlier_id).await?.filter(|earlier| earlier.stage == Stage::Closed).ok_or_else(not_review)?;
    let hash = versions::final_version_hash(store, &earlier.id).await?.ok_or_else(not_review)?;
    let version = store.version_by_hash(&hash).await?.ok_or_else(not_review)?;
    // Read through the review: the earlier meeting's log says who looked, as for a version.
    let detail = json!({ "review_meeting_id": meeting.id, "hash": hash, "read": "review" });
    store.append_audit(&actor.audit(Some(&earlier.id), "version_read_through_review", detail), now_millis()).await?;
    let agreed = versions::plan_of(&version).map_err(|error| DomainError::Conflict(error.to_string()))?;
    Ok(Reviewed { meeting, earlier, hash, agreed })
}

struct Reviewed {
    meeting: Meeting,
    earlier: Meeting,
    hash: String,
    agreed: Plan,
}

/// The review meeting `meeting_id`: the agreed plan's actions and what the review said of each.
/// Read by anyone who may read the review's plan.
pub async fn review(domain: &Domain, actor: &Actor, meeting_id: &str) -> Result<ReviewView, DomainError> {
    let Reviewed { meeting, earlier, hash, agreed } = reviewed(domain, actor, meeting_id, None).await?;
    let said = domain.store.action_reviews(&meeting.id).await?;
    let actions = agreed
        .actions
        .into_iter()
        .map(|action| {
            let review = said.iter().find(|review| review.action_id == action.id).map(|review| ActionReviewView {
                status: review.status,
                note: review.note.clone(),
                recorded_at: crate::time::timestamp(review.recorded_at),
            });
            ReviewedAction { action, review }
        })
        .collect();
    let on_time = match (&earlier.review_due_on, &meeting.held_on) {
        (Some(due), Some(held)) => Some(held <= due),
        _ => None,
    };
    Ok(ReviewView {
        meeting_id: meeting.id,
        follows_meeting_id: earlier.id,
        agreed_version_hash: hash,
        due_on: earlier.review_due_on,
        held_on: meeting.held_on,
        on_time,
        actions,
    })
}

/// Records how one action of the agreed plan stands, with a note (the review's facilitator, while
/// the review is open and not in the family's private time).
pub async fn record_action_review(
    domain: &Domain,
    actor: &Actor,
    meeting_id: &str,
    action_id: &str,
    status: ReviewedStatus,
    note: &str,
) -> Result<ReviewView, DomainError> {
    let Reviewed { meeting, agreed, .. } = reviewed(domain, actor, meeting_id, Some(Action::RecordReview)).await?;
    let action = agreed
        .actions
        .iter()
        .find(|action| action.id == action_id)
        .ok_or(DomainError::NotFound("that action in the agreed plan"))?;
    let said = ActionReview {
        review_meeting_id: meeting.id.clone(),
        action_id: action.id.clone(),
        what: action.what.clone(),
        status,
        note: check_text("the note", note, MAX_NOTE, false)?,
        recorded_by: actor.reference(),
        recorded_at: now_millis(),
    };
    let mut change = domain.store.begin_change().await?;
    change.write_action_review(&said).await?;
    let detail = json!({ "action_id": said.action_id, "status": status, "note_given": !said.note.is_empty() });
    domain.commit(change, actor.audit(Some(&meeting.id), "action_reviewed", detail)).await?;
    review(domain, actor, &meeting.id).await
}

/// What the review's plan, as it stands now, changed from the agreed one.
pub async fn changes_since_agreed(domain: &Domain, actor: &Actor, meeting_id: &str) -> Result<PlanDiff, DomainError> {
    let Reviewed { meeting, agreed, .. } = reviewed(domain, actor, meeting_id, None).await?;
    let now = current_plan(domain, &meeting).await?;
    Ok(versions::diff(&agreed, &now))
}

/// The meetings of `meetings` whose agreed plan is due for review and not yet reviewed (no
/// review following it has been held), with their due day.
pub fn reviews_awaited(meetings: &[Meeting]) -> Vec<(&Meeting, NaiveDate)> {
    meetings
        .iter()
        .filter_map(|meeting| {
            let due = NaiveDate::parse_from_str(meeting.review_due_on.as_deref()?, "%Y-%m-%d").ok()?;
            let reviewed = meetings.iter().any(|later| {
                later.follows_meeting_id.as_deref() == Some(meeting.id.as_str()) && later.held_on.is_some()
            });
            (!reviewed).then_some((meeting, due))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plans::review_due;

    #[test]
    fn a_plan_is_reviewed_three_months_on_unless_it_says_when() {
        let agreed = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        assert_eq!(review_due(agreed, "").to_string(), "2027-02-28", "end of a shorter month");
        assert_eq!(review_due(agreed, "2027-01-15").to_string(), "2027-01-15");
        assert_eq!(review_due(agreed, "2026-11-01").to_string(), "2027-02-28", "a day gone by is not a review date");
        assert_eq!(review_due(agreed, "soon").to_string(), "2027-02-28");
    }
}
