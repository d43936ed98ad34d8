//! Consent and the privacy notice.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::caller::Caller;
use super::error::{ApiError, ApiJson, ErrorBody};
use super::meetings::timestamp;
use crate::domain::consent::{self, ConsentStatus, GivenConsent};
use crate::state::AppState;
use crate::store::PrivacyNotice;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/privacy-notice", get(notice).put(publish))
        .route("/api/meetings/{meeting_id}/consent", get(own).post(give))
        .route("/api/meetings/{meeting_id}/consent/withdraw", post(withdraw))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NoticeView {
    pub version: i64,
    /// Plain text; paragraphs separated by line breaks.
    pub body: String,
    pub published_at: String,
}

impl NoticeView {
    fn of(notice: &PrivacyNotice) -> Self {
        // In the reader's language, where it is kinplan's own notice.
        let body = consent::notice_text(notice, crate::domain::i18n::current());
        NoticeView { version: notice.version, body, published_at: timestamp(notice.published_at) }
    }
}

/// Where a person stands on consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConsentState {
    NotYet,
    Given,
    Withdrawn,
}

/// A person's consent, for the meeting's staff and for the person.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConsentView {
    pub state: ConsentState,
    /// The version of the privacy notice they agreed under.
    pub notice_version: Option<i64>,
    pub given_at: Option<String>,
    pub withdrawn_at: Option<String>,
    /// The adult who supported a child or young person to decide; null for nobody.
    pub supported_by: Option<String>,
}

impl ConsentView {
    pub fn of(status: &ConsentStatus) -> Self {
        let (state, consent) = match status {
            ConsentStatus::NotYet => (ConsentState::NotYet, None),
            ConsentStatus::Given(consent) => (ConsentState::Given, Some(consent)),
            ConsentStatus::Withdrawn(consent) => (ConsentState::Withdrawn, Some(consent)),
        };
        ConsentView {
            state,
            notice_version: consent.map(|consent| consent.notice_version),
            given_at: consent.map(|consent| timestamp(consent.given_at)),
            withdrawn_at: consent.and_then(|consent| consent.withdrawn_at.map(timestamp)),
            supported_by: consent.map(|consent| consent.supported_by.clone()).filter(|name| !name.is_empty()),
        }
    }
}

/// The privacy notice people read before they agree to take part.
#[utoipa::path(get, path = "/api/privacy-notice", tag = "consent",
    responses((status = 200, body = NoticeView), (status = 401, body = ErrorBody)))]
pub async fn notice(State(state): State<AppState>, _caller: Caller) -> Result<Json<NoticeView>, ApiError> {
    Ok(Json(NoticeView::of(&consent::current_notice(&state.domain).await?)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishNotice {
    /// Plain text, in plain English: what is kept, who sees it, for how long, how to ask for a
    /// copy.
    pub body: String,
}

/// Publish a new version of the privacy notice (a manager only).
#[utoipa::path(put, path = "/api/privacy-notice", request_body = PublishNotice, tag = "consent",
    responses((status = 201, body = NoticeView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn publish(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<PublishNotice>,
) -> Result<(StatusCode, Json<NoticeView>), ApiError> {
    let notice = consent::publish_notice(&state.domain, &caller.actor(), &request.body).await?;
    Ok((StatusCode::CREATED, Json(NoticeView::of(&notice))))
}

/// Your own consent in this meeting, and the notice to read.
#[derive(Debug, Serialize, ToSchema)]
pub struct OwnConsentView {
    pub consent: ConsentView,
    pub notice: NoticeView,
}

/// Where you stand on consent in this meeting (a person who joined by link).
#[utoipa::path(get, path = "/api/meetings/{meeting_id}/consent", tag = "consent",
    params(("meeting_id" = String, Path)),
    responses((status = 200, body = OwnConsentView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn own(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<String>,
) -> Result<Json<OwnConsentView>, ApiError> {
    let (status, notice) = consent::own_consent(&state.domain, &caller.actor(), &meeting_id).await?;
    Ok(Json(OwnConsentView { consent: ConsentView::of(&status), notice: NoticeView::of(&notice) }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GiveConsent {
    /// The version of the notice read.
    pub notice_version: i64,
    pub takes_part: bool,
    pub shares_information: bool,
    /// For a child or young person: the adult who supported them, if any.
    pub supported_by: Option<String>,
}

/// Agree to take part and to how your information is shared (asked once: given already, the
/// standing consent comes back with 200).
#[utoipa::path(post, path = "/api/meetings/{meeting_id}/consent", request_body = GiveConsent, tag = "consent",
    params(("meeting_id" = String, Path)),
    responses((status = 201, body = ConsentView), (status = 200, body = ConsentView), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn give(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<String>,
    ApiJson(request): ApiJson<GiveConsent>,
) -> Result<(StatusCode, Json<ConsentView>), ApiError> {
    let given = GivenConsent {
        notice_version: request.notice_version,
        takes_part: request.takes_part,
        shares_information: request.shares_information,
        supported_by: request.supported_by,
    };
    let (consent, new) = consent::give_consent(&state.domain, &caller.actor(), &meeting_id, given).await?;
    let status = if new { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(ConsentView::of(&ConsentStatus::Given(consent)))))
}

/// Stop taking part: your consent is marked withdrawn and your link stops working at once.
#[utoipa::path(operation_id = "withdraw_consent", post, path = "/api/meetings/{meeting_id}/consent/withdraw", tag = "consent",
    params(("meeting_id" = String, Path)),
    responses((status = 200, body = ConsentView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn withdraw(
    State(state): State<AppState>,
    caller: Caller,
    Path(meeting_id): Path<String>,
) -> Result<Json<ConsentView>, ApiError> {
    let consent = consent::withdraw_consent(&state.domain, &caller.actor(), &meeting_id).await?;
    Ok(Json(ConsentView::of(&ConsentStatus::Withdrawn(consent))))
}
