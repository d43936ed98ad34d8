//! Cases: a family's referral and its meetings, for the service's staff.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::caller::{Caller, Subject};
use super::error::{ApiError, ApiJson, ErrorBody};
use super::meetings::{timestamp, MeetingView};
use crate::access::CaseAction;
use crate::domain::cases::{self, NewChild, NewParent, Referral};
use crate::state::AppState;
use crate::store::{Case, Meeting};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/cases", get(list).post(create))
        .route("/api/cases/{case_id}", get(show))
        .route("/api/cases/{case_id}/referral", put(update_referral))
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
    /// Its meetings, oldest first (only in a case's own answer, not in the list).
    pub meetings: Option<Vec<MeetingView>>,
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
                .map(|parent| ParentBody { name: parent.name.clone(), relationship: parent.relationship.clone() })
                .collect(),
            meetings: meetings.map(|meetings| meetings.iter().map(MeetingView::of).collect()),
        }
    }
}

/// Open a case from a referral; the caller (a facilitator) holds it.
#[utoipa::path(post, path = "/api/cases", request_body = ReferralBody, tag = "cases",
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
#[utoipa::path(get, path = "/api/cases", tag = "cases",
    responses((status = 200, body = [CaseView]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, caller: Caller) -> Result<Json<Vec<CaseView>>, ApiError> {
    let cases = cases::cases(&state.domain, &caller.actor()).await?;
    Ok(Json(cases.iter().map(|case| CaseView::of(case, None)).collect()))
}

/// A case with its meetings (its staff only).
#[utoipa::path(get, path = "/api/cases/{case_id}", tag = "cases",
    params(("case_id" = String, Path)),
    responses((status = 200, body = CaseView), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(case_id): Path<String>,
) -> Result<Json<CaseView>, ApiError> {
    let (case, meetings, _) = cases::case_as(&state.domain, &caller.actor(), &case_id, CaseAction::View).await?;
    Ok(Json(CaseView::of(&case, Some(&meetings))))
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
