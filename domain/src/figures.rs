//! The service's figures: referrals, the statutory offer and its answers, how long families wait,
//! meetings, agreements, reviews, support packages and care applications, over a range of days,
//! for the whole service, one team or one facilitator. Managers read them (the web page, the API,
//! `kinplan report`); docs/SERVICE-FIGURES.md says what each counts. [`compute`] is pure: the
//! tests hold it to figures worked out by hand.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use super::{Actor, Domain, DomainError, Who};
use crate::access::StaffRole;
use crate::identity::Subject;
use crate::store::{Journey, OfferAnswer, SupportStatus, User};

/// The longest range a report covers.
const MAX_RANGE_DAYS: i64 = 366 * 10;

/// Whose work the figures cover.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// A team's name, as set on its staff's accounts.
    pub team: Option<String>,
    /// A facilitator's account id or email.
    pub facilitator: Option<String>,
}

/// A reason given, and how many times.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ReasonCount {
    pub reason: String,
    pub count: i64,
}

/// Days families waited: how many cases, and the median and 90th percentile (nearest rank).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Wait {
    pub cases: i64,
    pub median_days: Option<i64>,
    pub p90_days: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct OfferFigures {
    /// Offers made in the range, one per person with parental responsibility offered.
    pub made: i64,
    pub accepted: i64,
    pub declined: i64,
    pub awaiting: i64,
    pub declined_reasons: Vec<ReasonCount>,
    /// Decisions not to offer approved in the range.
    pub not_offered: i64,
    pub not_offered_reasons: Vec<ReasonCount>,
    /// Decisions not to offer made in the range that no manager has approved (or refused) yet.
    pub not_offered_awaiting_approval: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct SupportFigures {
    pub requested: i64,
    pub requested_pence: i64,
    pub approved: i64,
    pub approved_pence: i64,
    pub declined: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct CareApplicationFigures {
    /// Care or supervision applications in the range on cases where an offer was accepted.
    pub after_acceptance: i64,
    pub meeting_held_before: i64,
    pub meeting_not_held_before: i64,
}

/// The service's figures over a range of days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Figures {
    pub from: String,
    pub to: String,
    pub team: Option<String>,
    pub facilitator: Option<String>,
    pub referrals: i64,
    pub offers: OfferFigures,
    pub referral_to_offer: Wait,
    pub referral_to_first_meeting: Wait,
    /// Every meeting held in the range, reviews included.
    pub meetings_held: i64,
    /// Cases whose first meeting was held in the range.
    pub first_meetings_held: i64,
    /// Of those, the first meetings whose plan was agreed.
    pub plans_agreed_at_first_meeting: i64,
    pub reviews_held: i64,
    /// Of those, the ones held by the day the agreed plan was due for review.
    pub reviews_held_on_time: i64,
    pub support: SupportFigures,
    pub care_applications: CareApplicationFigures,
}

fn parse_day(what: &str, text: &str) -> Result<NaiveDate, DomainError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| DomainError::Invalid(format!("{text:?} is not a date: give {what} as YYYY-MM-DD")))
}

/// The range `from`..=`to`, checked.
pub fn range(from: &str, to: &str) -> Result<(NaiveDate, NaiveDate), DomainError> {
    let (from, to) = (parse_day("the first day", from)?, parse_day("the last day", to)?);
    if to < from {
        return Err(DomainError::Invalid(
            "the last day comes before the first: give the first day of the range, then the last".into(),
        ));
    }
    if (to - from).num_days() > MAX_RANGE_DAYS {
        return Err(DomainError::Invalid("a report covers at most ten years".into()));
    }
    Ok((from, to))
}

fn day_of(text: Option<&str>) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text?, "%Y-%m-%d").ok()
}

fn day_of_millis(millis: i64) -> NaiveDate {
    chrono::DateTime::<chrono::Utc>::from_timestamp_millis(millis).unwrap_or_default().date_naive()
}

/// The value at percentile `p` (0–100) of sorted `values`, by nearest rank.
fn nearest_rank(values: &[i64], p: usize) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    let rank = (p * values.len()).div_ceil(100).max(1);
    Some(values[rank - 1])
}

fn wait(mut days: Vec<i64>) -> Wait {
    days.sort_unstable();
    Wait { cases: days.len() as i64, median_days: nearest_rank(&days, 50), p90_days: nearest_rank(&days, 90) }
}

fn reasons(given: impl Iterator<Item = String>) -> Vec<ReasonCount> {
    let mut counted: BTreeMap<String, i64> = BTreeMap::new();
    for reason in given {
        let reason = reason.trim();
        let reason = if reason.is_empty() { "No reason given" } else { reason };
        *counted.entry(reason.to_owned()).or_default() += 1;
    }
    let mut reasons: Vec<ReasonCount> =
        counted.into_iter().map(|(reason, count)| ReasonCount { reason, count }).collect();
    reasons.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.reason.cmp(&b.reason)));
    reasons
}

/// The day a case's referral counts from: the day it was received, or the day the case was opened.
pub fn referral_day(journey: &Journey) -> NaiveDate {
    day_of(journey.case.received_on.as_deref()).unwrap_or_else(|| day_of_millis(journey.case.created_at))
}

/// A case's first meeting (not a review) that was held, with its day.
fn first_held(journey: &Journey) -> Option<(NaiveDate, &crate::store::Meeting)> {
    journey
        .meetings
        .iter()
        .filter(|meeting| meeting.follows_meeting_id.is_none())
        .filter_map(|meeting| Some((day_of(meeting.held_on.as_deref())?, meeting)))
        .min_by_key(|(day, _)| *day)
}

/// Whether `journey` is in `scope` (`staff` by id).
fn in_scope(journey: &Journey, scope: &Scope, staff: &HashMap<&str, &User>) -> bool {
    let facilitator = staff.get(journey.case.facilitator_id.as_str());
    if let Some(team) = &scope.team {
        if facilitator.is_none_or(|user| !user.team.eq_ignore_ascii_case(team.trim())) {
            return false;
        }
    }
    if let Some(who) = &scope.facilitator {
        let who = who.trim();
        if facilitator.is_none_or(|user| user.id != who && !user.email.eq_ignore_ascii_case(who)) {
            return false;
        }
    }
    true
}

/// The figures of `journeys` in `scope` for the days `from`..=`to`, as known on `today`.
pub fn compute(
    journeys: &[Journey],
    staff: &[User],
    scope: &Scope,
    (from, to): (NaiveDate, NaiveDate),
    today: NaiveDate,
) -> Figures {
    let staff: HashMap<&str, &User> = staff.iter().map(|user| (user.id.as_str(), user)).collect();
    let within = |day: NaiveDate| from <= day && day <= to;
    let within_text = |day: Option<&str>| day_of(day).is_some_and(within);
    let journeys: Vec<&Journey> = journeys.iter().filter(|journey| in_scope(journey, scope, &staff)).collect();

    let referred: Vec<&&Journey> = journeys.iter().filter(|journey| within(referral_day(journey))).collect();
    let offers: Vec<_> = journeys
        .iter()
        .flat_map(|journey| &journey.offers)
        .filter(|offer| within_text(Some(&offer.offered_on)))
        .collect();
    let count_answer = |answer| offers.iter().filter(|offer| offer.answer == answer).count() as i64;
    let decisions = journeys.iter().flat_map(|journey| &journey.decisions);
    let approved: Vec<_> =
        decisions.clone().filter(|decision| decision.approved_at.is_some_and(|at| within(day_of_millis(at)))).collect();
    let unapproved = decisions
        .filter(|decision| {
            decision.approved_at.is_none()
                && decision.refused_at.is_none()
                && within(day_of_millis(decision.decided_at))
        })
        .count();

    let to_offer = referred
        .iter()
        .filter_map(|journey| {
            let first = journey.offers.iter().filter_map(|offer| day_of(Some(&offer.offered_on))).min()?;
            Some((first - referral_day(journey)).num_days())
        })
        .collect();
    let to_meeting = referred
        .iter()
        .filter_map(|journey| Some((first_held(journey)?.0 - referral_day(journey)).num_days()))
        .collect();

    let meetings: Vec<_> = journeys.iter().flat_map(|journey| &journey.meetings).collect();
    let held = |meeting: &crate::store::Meeting| within_text(meeting.held_on.as_deref());
    let reviews: Vec<_> =
        meetings.iter().filter(|meeting| meeting.follows_meeting_id.is_some() && held(meeting)).collect();
    let on_time = reviews
        .iter()
        .filter(|review| {
            let followed = meetings.iter().find(|meeting| Some(&meeting.id) == review.follows_meeting_id.as_ref());
            matches!(
                (followed.and_then(|meeting| meeting.review_due_on.as_deref()), review.held_on.as_deref()),
                (Some(due), Some(held)) if held <= due
            )
        })
        .count();
    let firsts: Vec<_> = journeys
        .iter()
        .filter_map(|journey| Some((journey, first_held(journey)?)))
        .filter(|(_, (day, _))| within(*day))
        .collect();
    let agreed_first =
        firsts.iter().filter(|(journey, (_, meeting))| journey.agreed.iter().any(|(id, _)| *id == meeting.id)).count();

    let requests: Vec<_> = journeys.iter().flat_map(|journey| &journey.support).collect();
    let requested: Vec<_> = requests.iter().filter(|request| within(day_of_millis(request.requested_at))).collect();
    let decided = |status| {
        requests.iter().filter(move |request| {
            request.status == status && request.decided_at.is_some_and(|at| within(day_of_millis(at)))
        })
    };

    let mut care = CareApplicationFigures { after_acceptance: 0, meeting_held_before: 0, meeting_not_held_before: 0 };
    for journey in &journeys {
        let Some(application) = day_of(journey.case.care_application_on.as_deref()).filter(|day| within(*day)) else {
            continue;
        };
        if !journey.offers.iter().any(|offer| offer.answer == OfferAnswer::Accepted) {
            continue;
        }
        let first = journey.meetings.iter().filter_map(|meeting| day_of(meeting.held_on.as_deref())).min();
        // No meeting yet and the application still to come: not known, not counted.
        if first.is_none() && application > today {
            continue;
        }
        care.after_acceptance += 1;
        if first.is_some_and(|held| held < application) {
            care.meeting_held_before += 1;
        } else {
            care.meeting_not_held_before += 1;
        }
    }

    Figures {
        from: from.to_string(),
        to: to.to_string(),
        team: scope.team.clone(),
        facilitator: scope.facilitator.clone(),
        referrals: referred.len() as i64,
        offers: OfferFigures {
            made: offers.len() as i64,
            accepted: count_answer(OfferAnswer::Accepted),
            declined: count_answer(OfferAnswer::Declined),
            awaiting: count_answer(OfferAnswer::Awaiting),
            declined_reasons: reasons(
                offers
                    .iter()
                    .filter(|offer| offer.answer == OfferAnswer::Declined)
                    .map(|offer| offer.declined_reason.clone()),
            ),
            not_offered: approved.len() as i64,
            not_offered_reasons: reasons(approved.iter().map(|decision| decision.reason.clone())),
            not_offered_awaiting_approval: unapproved as i64,
        },
        referral_to_offer: wait(to_offer),
        referral_to_first_meeting: wait(to_meeting),
        meetings_held: meetings.iter().filter(|meeting| held(meeting)).count() as i64,
        first_meetings_held: firsts.len() as i64,
        plans_agreed_at_first_meeting: agreed_first as i64,
        reviews_held: reviews.len() as i64,
        reviews_held_on_time: on_time as i64,
        support: SupportFigures {
            requested: requested.len() as i64,
            requested_pence: requested.iter().map(|request| request.total_pence()).sum(),
            approved: decided(SupportStatus::Approved).count() as i64,
            approved_pence: decided(SupportStatus::Approved).map(|request| request.total_pence()).sum(),
            declined: decided(SupportStatus::Declined).count() as i64,
        },
        care_applications: care,
    }
}

/// Whether `actor` reads the service's figures: a manager, or the operator.
pub fn require_manager(actor: &Actor) -> Result<(), DomainError> {
    match &actor.who {
        Who::Operator => Ok(()),
        Who::Person(Subject::Staff(user)) if user.role == StaffRole::Manager => Ok(()),
        _ => Err(DomainError::Forbidden("the service's figures are for managers".into())),
    }
}

/// The service's figures for the days `from`..=`to` (YYYY-MM-DD) in `scope`; audited as read.
pub async fn figures(
    domain: &Domain,
    actor: &Actor,
    from: &str,
    to: &str,
    scope: &Scope,
) -> Result<Figures, DomainError> {
    require_manager(actor)?;
    let (from, to) = range(from, to)?;
    let store = domain.store.as_ref();
    let staff = store.users().await?;
    if let Some(who) = &scope.facilitator {
        if !staff.iter().any(|user| user.id == who.trim() || user.email.eq_ignore_ascii_case(who.trim())) {
            return Err(DomainError::Invalid(format!("no staff account is {who:?}: give a facilitator's email or id")));
        }
    }
    let figures = compute(&store.journeys().await?, &staff, scope, (from, to), chrono::Utc::now().date_naive());
    let detail = serde_json::json!({ "from": figures.from, "to": figures.to, "team": scope.team, "facilitator": scope.facilitator });
    store.append_audit(&actor.audit(None, "figures_read", detail), crate::secrets::now_millis()).await?;
    Ok(figures)
}

/// Text a person wrote (a reason), as a spreadsheet will not run it as a formula: one that starts
/// like a formula gets a leading apostrophe.
fn spreadsheet_safe(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    }
}

/// The figures as CSV: one row a figure (`figure,detail,value`), reasons one row each.
pub fn to_csv(figures: &Figures) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut row = |figure: &str, detail: &str, value: String| {
        writer.write_record([figure, &spreadsheet_safe(detail), value.as_str()]).expect("writing to memory");
    };
    let number = |value: i64| value.to_string();
    let maybe = |value: Option<i64>| value.map(|value| value.to_string()).unwrap_or_default();
    row("figure", "detail", "value".into());
    row("from", "", figures.from.clone());
    row("to", "", figures.to.clone());
    row("team", "", figures.team.clone().unwrap_or_default());
    row("facilitator", "", figures.facilitator.clone().unwrap_or_default());
    row("referrals", "", number(figures.referrals));
    let offers = &figures.offers;
    row("offers_made", "", number(offers.made));
    row("offers_accepted", "", number(offers.accepted));
    row("offers_declined", "", number(offers.declined));
    row("offers_awaiting", "", number(offers.awaiting));
    for reason in &offers.declined_reasons {
        row("declined_reason", &reason.reason, number(reason.count));
    }
    row("not_offered", "", number(offers.not_offered));
    for reason in &offers.not_offered_reasons {
        row("not_offered_reason", &reason.reason, number(reason.count));
    }
    row("not_offered_awaiting_approval", "", number(offers.not_offered_awaiting_approval));
    for (name, wait) in [
        ("referral_to_offer", &figures.referral_to_offer),
        ("referral_to_first_meeting", &figures.referral_to_first_meeting),
    ] {
        row(&format!("{name}_days"), "cases", number(wait.cases));
        row(&format!("{name}_days"), "median", maybe(wait.median_days));
        row(&format!("{name}_days"), "p90", maybe(wait.p90_days));
    }
    row("meetings_held", "", number(figures.meetings_held));
    row("first_meetings_held", "", number(figures.first_meetings_held));
    row("plans_agreed_at_first_meeting", "", number(figures.plans_agreed_at_first_meeting));
    row("reviews_held", "", number(figures.reviews_held));
    row("reviews_held_on_time", "", number(figures.reviews_held_on_time));
    let support = &figures.support;
    row("support_requested", "count", number(support.requested));
    row("support_requested", "pence", number(support.requested_pence));
    row("support_approved", "count", number(support.approved));
    row("support_approved", "pence", number(support.approved_pence));
    row("support_declined", "count", number(support.declined));
    let care = &figures.care_applications;
    row("care_applications_after_acceptance", "", number(care.after_acceptance));
    row("care_applications_meeting_held_before", "", number(care.meeting_held_before));
    row("care_applications_meeting_not_held_before", "", number(care.meeting_not_held_before));
    drop(row);
    String::from_utf8(writer.into_inner().expect("writing to memory")).expect("CSV of UTF-8 text")
}
