//! Cases: a family's referral and its meetings, for the service's staff.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::caller::{Caller, Subject};
use super::error::{ApiError, ApiJson, ErrorBody};
use super::meetings::{timestamp, MeetingView};
use crate::access::CaseAction;
use crate::domain::cases::{self, NewChild, NewParent, OfferStanding, Referral};
use crate::state::AppState;
use crate::store::{Case, Meeting, Offer, OfferAnswer, OfferDecision, OfferMethod};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/cases", get(list).post(create))
        .route("/api/cases/{case_id}", get(show))
        .route("/api/cases/{case_id}/referral", put(update_referral))
        .route("/api/cases/{case_id}/offers", post(make_offer))
        .route("/api/cases/{case_id}/offers/{offer_id}", put(answer_offer))
        .route("/api/cases/{case_id}/not-offering", post(decide_not_to_offer))
        .route("/api/cases/{case_id}/not-offering/{decision_id}/approve", post(approve_not_offering))
        .route("/api/cases/{case_id}/not-offering/{decision_id}/refuse", post(refuse_not_offering))
        .route("/api/cases/{case_id}/care-application", put(set_care_application))
}

/// A child of a case.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChildBody {
    pub name: String,
    /// YYYY-MM-DD, when known.
    pub date_of_birth: Option<String>,
    /// The child's identifier in the council's case system.
    #[serde(default)]
    pub case_system_id: String,
}

/// Someone with parental responsibility.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ParentBody {
    /// Set in answers: what an offer names.
    #[serde(default, skip_deserializing)]
    pub id: Option<String>,
    pub name: String,
    #[serde(default)]
    pub relationship: String,
}

/// A referral: a new case's, or the whole of a case's, replacing what it said.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferralBody {
    /// How staff name the case (often the children's initials).
    pub title: String,
    /// Who referred the family (name and role).
    #[serde(default)]
    pub referrer: String,
    /// The Family Help Lead Practitioner.
    #[serde(default)]
    pub lead_practitioner: String,
    #[serde(default)]
    pub reason: String,
    /// One per line; they seed the first meeting's plan.
    #[serde(default)]
    pub worries: String,
    #[serde(default)]
    pub bottom_lines: String,
    /// Questions for the family, one per line.
    #[serde(default)]
    pub questions: String,
    /// The day the referral was received, YYYY-MM-DD.
    pub received_on: Option<String>,
    /// At least one.
    pub children: Vec<ChildBody>,
    /// The people with parental responsibility.
    #[serde(default)]
    pub parental_responsibility: Vec<ParentBody>,
}

impl ReferralBody {
    fn referral(self) -> Referral {
        Referral {
            title: self.title,
            referrer: self.referrer,
            lead_practitioner: self.lead_practitioner,
            reason: self.reason,
            worries: self.worries,
            bottom_lines: self.bottom_lines,
            questions: self.questions,
            received_on: self.received_on,
            children: self
                .children
                .into_iter()
                .map(|child| NewChild {
                    name: child.name,
                    date_of_birth: child.date_of_birth,
                    case_system_id: child.case_system_id,
                })
                .collect(),
            parents: self
                .parental_responsibility
                .into_iter()
                .map(|parent| NewParent { name: parent.name, relationship: parent.relationship })
                .collect(),
        }
    }
}

/// A case as its staff see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseView {
    pub id: String,
    pub title: String,
    pub facilitator_id: String,
    pub referrer: String,
    pub lead_practitioner: String,
    pub reason: String,
    pub worries: String,
    pub bottom_lines: String,
    pub questions: String,
    pub received_on: Option<String>,
    pub created_at: String,
    pub children: Vec<ChildBody>,
    pub parental_responsibility: Vec<ParentBody>,
    /// The day a care or supervision application is made or planned.
    pub care_application_on: Option<String>,
    /// Its meetings, oldest first (only in a case's own answer, not in the list).
    pub meetings: Option<Vec<MeetingView>>,
    /// The statutory offer: to whom, how, and their answers (only in a case's own answer).
    pub offers: Option<Vec<OfferView>>,
    /// Decisions not to offer, with their approval (only in a case's own answer).
    pub not_offering: Option<Vec<NotOfferingView>>,
    /// Where the case stands on the offer (only in a case's own answer).
    pub offer_standing: Option<OfferStanding>,
    /// Its requests for Family Network Support Packages (only in a case's own answer).
    pub support: Option<Vec<super::support::SupportView>>,
    /// What the approved requests come to, in pence (only in a case's own answer).
    pub approved_support_pence: Option<i64>,
}

/// A meeting offered to one person with parental responsibility.
#[derive(Debug, Serialize, ToSchema)]
pub struct OfferView {
    pub id: String,
    pub parent_id: String,
    pub offered_on: String,
    pub method: OfferMethod,
    pub answer: OfferAnswer,
    pub declined_reason: String,
    pub answered_on: Option<String>,
}

impl OfferView {
    fn of(offer: &Offer) -> Self {
        OfferView {
            id: offer.id.clone(),
            parent_id: offer.parent_id.clone(),
            offered_on: offer.offered_on.clone(),
            method: offer.method,
            answer: offer.answer,
            declined_reason: offer.declined_reason.clone(),
            answered_on: offer.answered_on.clone(),
        }
    }
}

/// A decision not to offer, in force once a manager approved it.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotOfferingView {
    pub id: String,
    /// The best-interests reason.
    pub reason: String,
    pub decided_by: String,
    pub decided_at: String,
    pub approved_by: Option<String>,
    pub approved_at: Option<String>,
    /// Set when a manager refused it, with their reason.
    pub refused_by: Option<String>,
    pub refused_at: Option<String>,
    pub refusal_reason: String,
}

impl NotOfferingView {
    fn of(decision: &OfferDecision) -> Self {
        NotOfferingView {
            id: decision.id.clone(),
            reason: decision.reason.clone(),
            decided_by: decision.decided_by.clone(),
            decided_at: timestamp(decision.decided_at),
            approved_by: decision.approved_by.clone(),
            approved_at: decision.approved_at.map(timestamp),
            refused_by: decision.refused_by.clone(),
            refused_at: decision.refused_at.map(timestamp),
            refusal_reason: decision.refusal_reason.clone(),
        }
    }
}

impl CaseView {
    pub fn of(case: &Case, meetings: Option<&[Meeting]>) -> Self {
        CaseView {
            id: case.id.clone(),
            title: case.title.clone(),
            facilitator_id: case.facilitator_id.clone(),
            referrer: case.referrer.clone(),
            lead_practitioner: case.lead_practitioner.clone(),
            reason: case.reason.clone(),
            worries: case.worries.clone(),
            bottom_lines: case.bottom_lines.clone(),
            questions: case.questions.clone(),
            received_on: case.received_on.clone(),
            created_at: timestamp(case.created_at),
            children: case
                .children
                .iter()
                .map(|child| ChildBody {
                    name: child.name.clone(),
                    date_of_birth: child.date_of_birth.clone(),
                    case_system_id: child.case_system_id.clone(),
                })
                .collect(),
            parental_responsibility: case
                .parents
                .iter()
                .map(|parent| ParentBody {
                    id: Some(parent.id.clone()),
                    name: parent.name.clone(),
                    relationship: parent.relationship.clone(),
                })
                .collect(),
            care_application_on: case.care_application_on.clone(),
            meetings: meetings.map(|meetings| meetings.iter().map(MeetingView::of).collect()),
            offers: None,
            not_offering: None,
            offer_standing: None,
            support: None,
            approved_support_pence: None,
        }
    }

    /// A case's own answer: with its meetings, offers and where it stands on the offer.
    pub async fn whole(state: &AppState, case: &Case, meetings: &[Meeting]) -> Result<Self, ApiError> {
        let offers = state.store.offers(&case.id).await?;
        let decisions = state.store.offer_decisions(&case.id).await?;
        let mut view = CaseView::of(case, Some(meetings));
        let today = chrono::Utc::now().date_naive();
        view.offer_standing = Some(cases::offer_standing(case, meetings, &offers, &decisions, today));
        view.offers = Some(offers.iter().map(OfferView::of).collect());
        view.not_offering = Some(decisions.iter().map(NotOfferingView::of).collect());
        let support = state.store.support_requests(&case.id).await?;
        view.approved_support_pence = Some(crate::domain::support::approved_total(&support));
        view.support = Some(support.iter().map(super::support::SupportView::of).collect());
        Ok(view)
    }
}

/// Open a case from a referral; the caller (a facilitator) holds it.
#[utoipa::path(operation_id = "create_case", post, path = "/api/cases", request_body = ReferralBody, tag = "cases",
    responses((status = 201, body = CaseView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<ReferralBody>,
) -> Result<(StatusCode, Json<CaseView>), ApiError> {
    let Subject::Staff(user) = &caller.subject else {
        return Err(ApiError::Forbidden("only a facilitator can open a case".into()));
    };
    let case = cases::create_case(&state.domain, &caller.actor(), user, &request.referral()).await?;
    Ok((StatusCode::CREATED, Json(CaseView::of(&case, Some(&[])))))
}

/// The cases the caller may see (staff only), newest first.
#[utoipa::path(operation_id = "list_cases", get, path = "/api/cases", tag = "cases",
    responses((status = 200, body = [CaseView]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, caller: Caller) -> Result<Json<Vec<CaseView>>, ApiError> {
    let cases = cases::cases(&state.domain, &caller.actor()).await?;
    Ok(Json(cases.iter().map(|case| CaseView::of(case, None)).collect()))
}

/// A case with its meetings (its staff only).
#[utoipa::path(operation_id = "show_case", get, path = "/api/cases/{case_id}", tag = "cases",
    params(("case_id" = String, Path)),
    responses((status = 200, body = CaseView), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(case_id): Path<String>,
) -> Result<Json<CaseView>, ApiError> {
    let (case, meetings, _) = cases::case_as(&state.domain, &caller.actor(), &case_id, CaseAction::View).await?;
    Ok(Json(CaseView::whole(&state, &case, &meetings).await?))
}

/// Replace a case's referral (the facilitator who holds it; audited).
#[utoipa::path(put, path = "/api/cases/{case_id}/referral", request_body = ReferralBody, tag = "cases",
    params(("case_id" = String, Path)),
    responses((status = 200, body = CaseView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn update_referral(
    State(state): State<AppState>,
    caller: Caller,
    Path(case_id): Path<String>,
    ApiJson(request): ApiJson<ReferralBody>,
) -> Result<Json<CaseView>, ApiError> {
    let case = cases::update_referral(&state.domain, &caller.actor(), &case_id, &request.referral()).await?;
    let meetings = state.store.meetings_of_case(&case.id).await?;
    Ok(Json(CaseView::of(&case, Some(&meetings))))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MakeOffer {
    /// The person with parental responsibility (their id in the case).
    pub parent_id: String,
    /// YYYY-MM-DD.
    pub offered_on: String,
    pub method: OfferMethod,
}

/// Record that a family group decision-making meeting was offered to one person with parental
/// responsibility (the case's facilitator; audited).
#[utoipa::path(post, path = "/api/cases/{case_id}/offers", request_body = MakeOffer, tag = "cases",
    params(("case_id" = String, Path)),
    responses((status = 201, body = OfferView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn make_offer(
    State(state): State<AppState>,
    caller: Caller,
    Path(case_id): Path<String>,
    ApiJson(request): ApiJson<MakeOffer>,
) -> Result<(StatusCode, Json<OfferView>), ApiError> {
    let offer = cases::record_offer(
        &state.domain,
        &caller.actor(),
        &case_id,
        &request.parent_id,
        &request.offered_on,
        request.method,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(OfferView::of(&offer))))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerOffer {
    pub answer: OfferAnswer,
    /// Their reason, if they declined and gave one.
    #[serde(default)]
    pub declined_reason: String,
    /// YYYY-MM-DD; not for `awaiting`.
    pub answered_on: Option<String>,
}

/// Record a person's answer to the offer (the case's facilitator; audited).
#[utoipa::path(put, path = "/api/cases/{case_id}/offers/{offer_id}", request_body = AnswerOffer, tag = "cases",
    params(("case_id" = String, Path), ("offer_id" = String, Path)),
    responses((status = 200, body = OfferView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn answer_offer(
    State(state): State<AppState>,
    caller: Caller,
    Path((case_id, offer_id)): Path<(String, String)>,
    ApiJson(request): ApiJson<AnswerOffer>,
) -> Result<Json<OfferView>, ApiError> {
    let offer = cases::answer_offer(
        &state.domain,
        &caller.actor(),
        &case_id,
        &offer_id,
        request.answer,
        &request.declined_reason,
        request.answered_on.as_deref(),
    )
    .await?;
    Ok(Json(OfferView::of(&offer)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NotOffering {
    /// Why offering a meeting would not be in the child's best interests.
    pub reason: String,
}

/// Record a decision not to offer a meeting (the case's facilitator; in force once a manager
/// approves it; audited).
#[utoipa::path(post, path = "/api/cases/{case_id}/not-offering", request_body = NotOffering, tag = "cases",
    params(("case_id" = String, Path)),
    responses((status = 201, body = NotOfferingView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn decide_not_to_offer(
    State(state): State<AppState>,
    caller: Caller,
    Path(case_id): Path<String>,
    ApiJson(request): ApiJson<NotOffering>,
) -> Result<(StatusCode, Json<NotOfferingView>), ApiError> {
    let decision = cases::decide_not_to_offer(&state.domain, &caller.actor(), &case_id, &request.reason).await?;
    Ok((StatusCode::CREATED, Json(NotOfferingView::of(&decision))))
}

/// Approve a decision not to offer (a manager; audited).
#[utoipa::path(post, path = "/api/cases/{case_id}/not-offering/{decision_id}/approve", tag = "cases",
    params(("case_id" = String, Path), ("decision_id" = String, Path)),
    responses((status = 200, body = NotOfferingView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn approve_not_offering(
    State(state): State<AppState>,
    caller: Caller,
    Path((case_id, decision_id)): Path<(String, String)>,
) -> Result<Json<NotOfferingView>, ApiError> {
    let decision = cases::approve_not_offering(&state.domain, &caller.actor(), &case_id, &decision_id).await?;
    Ok(Json(NotOfferingView::of(&decision)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefuseNotOffering {
    /// Why the manager refuses it.
    pub reason: String,
}

/// Refuse a decision not to offer, with the reason (a manager; audited): the facilitator may then
/// make the offer, or decide again.
#[utoipa::path(post, path = "/api/cases/{case_id}/not-offering/{decision_id}/refuse", request_body = RefuseNotOffering,
    tag = "cases", params(("case_id" = String, Path), ("decision_id" = String, Path)),
    responses((status = 200, body = NotOfferingView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn refuse_not_offering(
    State(state): State<AppState>,
    caller: Caller,
    Path((case_id, decision_id)): Path<(String, String)>,
    ApiJson(request): ApiJson<RefuseNotOffering>,
) -> Result<Json<NotOfferingView>, ApiError> {
    let decision =
        cases::refuse_not_offering(&state.domain, &caller.actor(), &case_id, &decision_id, &request.reason).await?;
    Ok(Json(NotOfferingView::of(&decision)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CareApplication {
    /// YYYY-MM-DD; null clears it.
    pub on: Option<String>,
}

/// Record (or clear) the day of a care or supervision application (the case's facilitator;
/// audited). With an accepted offer, the case then says whether the meeting was held before it.
#[utoipa::path(put, path = "/api/cases/{case_id}/care-application", request_body = CareApplication, tag = "cases",
    params(("case_id" = String, Path)),
    responses((status = 200, body = CaseView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn set_care_application(
    State(state): State<AppState>,
    caller: Caller,
    Path(case_id): Path<String>,
    ApiJson(request): ApiJson<CareApplication>,
) -> Result<Json<CaseView>, ApiError> {
    let case = cases::set_care_application(&state.domain, &caller.actor(), &case_id, request.on.as_deref()).await?;
    let meetings = state.store.meetings_of_case(&case.id).await?;
    Ok(Json(CaseView::whole(&state, &case, &meetings).await?))
}
