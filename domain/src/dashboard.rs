//! What each member of staff has to do next. A facilitator: their cases, and what is due on them
//! (a care application an accepted offer's meeting must come before, offer answers awaited,
//! meetings to set, reviews due and overdue), most urgent first. A manager: what waits for their
//! approval (decisions not to offer, support packages), and the reviews due across the service.
//! [`due_items`] is pure.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use super::{Actor, Domain, DomainError, Who};
use crate::access::StaffRole;
use crate::cases::offer_standing;
use crate::identity::Subject;
use crate::reviews::reviews_awaited;
use crate::store::{Journey, OfferAnswer, SupportStatus};

/// How many days an answer to an offer is awaited before it shows as due.
pub const ANSWER_AWAITED_DAYS: i64 = 14;
/// How many days after an offer is accepted (or a referral comes) its meeting is to be set up.
pub const MEETING_SET_DAYS: i64 = 14;
/// How many days ahead a review shows as due.
pub const REVIEW_NOTICE_DAYS: i64 = 30;

/// What is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DueKind {
    /// An accepted offer's meeting is not held and the care application comes.
    CareApplication,
    ReviewOverdue,
    /// An offer accepted, or a case with no meeting yet, and no meeting set.
    MeetingToSet,
    OfferAnswerAwaited,
    ReviewDue,
    /// A decision not to offer, awaiting a manager.
    NotOfferingApproval,
    /// A support package, awaiting a manager.
    SupportApproval,
}

/// One thing due on a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct DueItem {
    pub kind: DueKind,
    pub case_id: String,
    pub case_title: String,
    /// The meeting it is about, if one.
    pub meeting_id: Option<String>,
    /// The day it is due by (YYYY-MM-DD), if it has one.
    pub due_on: Option<String>,
    pub overdue: bool,
    /// What to do, in words.
    pub says: String,
}

/// A dashboard: what is due, most urgent first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Dashboard {
    pub role: StaffRole,
    /// The cases the facilitator holds (none for a manager, who sees approvals).
    pub cases: Vec<CaseLine>,
    pub due: Vec<DueItem>,
    /// A manager's approvals waiting (none for a facilitator).
    pub approvals: Vec<DueItem>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CaseLine {
    pub case_id: String,
    pub title: String,
    pub received_on: Option<String>,
    pub meetings: usize,
    /// Items due on it.
    pub due: usize,
}

fn shift(day: NaiveDate, days: i64) -> NaiveDate {
    day.checked_add_signed(chrono::Duration::days(days)).unwrap_or(day)
}

fn day_of(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// What is due on `journey` for its facilitator, as of `today`.
pub fn due_items(journey: &Journey, today: NaiveDate) -> Vec<DueItem> {
    let case = &journey.case;
    let item = |kind, meeting_id: Option<&str>, due: Option<NaiveDate>, says: String| DueItem {
        kind,
        case_id: case.id.clone(),
        case_title: case.title.clone(),
        meeting_id: meeting_id.map(str::to_owned),
        due_on: due.map(|day| day.to_string()),
        overdue: due.is_some_and(|day| day < today),
        says,
    };
    let mut due = Vec::new();
    let standing = offer_standing(case, &journey.meetings, &journey.offers, &journey.decisions, today);
    if let Some(warning) = standing.warning {
        due.push(item(DueKind::CareApplication, None, case.care_application_on.as_deref().and_then(day_of), warning));
    }
    let parent_name = |id: &str| {
        case.parents.iter().find(|parent| parent.id == id).map(|parent| parent.name.clone()).unwrap_or_default()
    };
    for offer in journey.offers.iter().filter(|offer| offer.answer == OfferAnswer::Awaiting) {
        let chase = day_of(&offer.offered_on).map(|day| shift(day, ANSWER_AWAITED_DAYS));
        let says = format!(
            "Awaiting {}'s answer to the meeting offered on {}",
            parent_name(&offer.parent_id),
            offer.offered_on
        );
        due.push(item(DueKind::OfferAnswerAwaited, None, chase, says));
    }
    let any_set = journey.meetings.iter().any(|meeting| meeting.follows_meeting_id.is_none());
    let not_offering = journey.decisions.iter().any(|decision| decision.approved_at.is_some());
    if !any_set && !not_offering {
        let accepted = journey
            .offers
            .iter()
            .filter(|offer| offer.answer == OfferAnswer::Accepted)
            .filter_map(|offer| offer.answered_on.as_deref().and_then(day_of))
            .min();
        let says = match accepted {
            Some(on) => format!("An offer was accepted on {on}: set up the meeting"),
            None => "No meeting is set up for this case yet".to_owned(),
        };
        // A meeting is set within a fortnight of the answer (or of the referral).
        let by =
            accepted.or_else(|| case.received_on.as_deref().and_then(day_of)).map(|day| shift(day, MEETING_SET_DAYS));
        due.push(item(DueKind::MeetingToSet, None, by, says));
    }
    for (meeting, on) in reviews_awaited(&journey.meetings) {
        if on < today {
            due.push(item(
                DueKind::ReviewOverdue,
                Some(&meeting.id),
                Some(on),
                format!("The review of \"{}\" was due on {on}", meeting.title),
            ));
        } else if on <= shift(today, REVIEW_NOTICE_DAYS) {
            due.push(item(
                DueKind::ReviewDue,
                Some(&meeting.id),
                Some(on),
                format!("The review of \"{}\" is due on {on}", meeting.title),
            ));
        }
    }
    sort(&mut due);
    due
}

/// What waits on `journey` for a manager's approval.
pub fn approvals(journey: &Journey) -> Vec<DueItem> {
    let case = &journey.case;
    let mut waiting = Vec::new();
    for decision in
        journey.decisions.iter().filter(|decision| decision.approved_at.is_none() && decision.refused_at.is_none())
    {
        waiting.push(DueItem {
            kind: DueKind::NotOfferingApproval,
            case_id: case.id.clone(),
            case_title: case.title.clone(),
            meeting_id: None,
            due_on: Some(crate::time::day(decision.decided_at)),
            overdue: false,
            says: "A decision not to offer a meeting awaits your approval".into(),
        });
    }
    for request in journey.support.iter().filter(|request| request.status == SupportStatus::Requested) {
        waiting.push(DueItem {
            kind: DueKind::SupportApproval,
            case_id: case.id.clone(),
            case_title: case.title.clone(),
            meeting_id: Some(request.meeting_id.clone()),
            due_on: Some(crate::time::day(request.requested_at)),
            overdue: false,
            says: format!(
                "A support package of {}, £{}.{:02}, awaits your decision",
                match request.items.len() {
                    1 => "one item".to_owned(),
                    many => format!("{many} items"),
                },
                request.total_pence() / 100,
                request.total_pence() % 100
            ),
        });
    }
    waiting
}

/// Most urgent first: overdue before due, then the earliest day, then by kind.
fn sort(items: &mut [DueItem]) {
    items.sort_by(|a, b| {
        b.overdue
            .cmp(&a.overdue)
            .then_with(|| match (&a.due_on, &b.due_on) {
                (Some(a), Some(b)) => a.cmp(b),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
            .then_with(|| a.kind.cmp(&b.kind))
    });
}

/// The dashboard of the staff member acting.
pub async fn dashboard(domain: &Domain, actor: &Actor, today: NaiveDate) -> Result<Dashboard, DomainError> {
    let user = match &actor.who {
        Who::Person(Subject::Staff(user)) => user,
        _ => return Err(DomainError::Forbidden("dashboards are for the service's staff".into())),
    };
    let journeys = domain.store.journeys().await?;
    let mut board = Dashboard { role: user.role, cases: Vec::new(), due: Vec::new(), approvals: Vec::new() };
    match user.role {
        // A practitioner holds no cases: theirs is empty.
        StaffRole::Facilitator | StaffRole::Practitioner => {
            for journey in journeys.iter().filter(|journey| journey.case.facilitator_id == user.id) {
                let due = due_items(journey, today);
                board.cases.push(CaseLine {
                    case_id: journey.case.id.clone(),
                    title: journey.case.title.clone(),
                    received_on: journey.case.received_on.clone(),
                    meetings: journey.meetings.len(),
                    due: due.len(),
                });
                board.due.extend(due);
            }
            sort(&mut board.due);
        }
        StaffRole::Manager => {
            for journey in &journeys {
                board.approvals.extend(approvals(journey));
                board.due.extend(
                    due_items(journey, today)
                        .into_iter()
                        .filter(|item| matches!(item.kind, DueKind::ReviewOverdue | DueKind::CareApplication)),
                );
            }
            // The longest waiting first, then by case and kind, so the order is always the same.
            board.approvals.sort_by(|a, b| {
                (&a.due_on, &a.case_title, a.kind, &a.case_id).cmp(&(&b.due_on, &b.case_title, b.kind, &b.case_id))
            });
            sort(&mut board.due);
        }
    }
    Ok(board)
}
