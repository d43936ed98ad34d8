//! Retention rules, legal holds and erasure: a manager's, every call audited.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::caller::Caller;
use super::error::{ApiError, ApiJson, ErrorBody};
use super::meetings::timestamp;
use crate::domain::erasure::{self, ErasureReport};
use crate::domain::retention::{self, HoldTarget, RunReport};
use crate::domain::DomainError;
use crate::store::{ErasedVersion, Erasure, ErasureScope, FromEvent, LegalHold, RecordType, RetentionRule};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/retention/rules", get(list_rules))
        .route("/api/retention/rules/{record_type}", put(set_rule))
        .route("/api/retention/run", post(run))
        .route("/api/holds", get(list_holds).post(place_hold))
        .route("/api/holds/lift", post(lift_hold))
        .route("/api/erasures", get(list_erasures).post(erase))
}

use crate::state::AppState;

/// How long one type of record is kept.
#[derive(Debug, Serialize, ToSchema)]
pub struct RuleView {
    pub record_type: RecordType,
    /// The period: a whole number and d, m or y (`25y`).
    pub keep: String,
    pub from: FromEvent,
    /// What the period may run from, for this type.
    pub allowed_from: Vec<FromEvent>,
    /// The rule in words.
    pub description: String,
    /// `kinplan` for the default, else who set it.
    pub updated_by: String,
    pub updated_at: Option<String>,
}

impl RuleView {
    pub fn of(rule: &RetentionRule) -> Self {
        RuleView {
            record_type: rule.record_type,
            keep: format!("{}{}", rule.keep_amount, rule.keep_unit.as_str()),
            from: rule.from_event,
            allowed_from: retention::allowed_starts(rule.record_type).to_vec(),
            description: retention::describe(rule),
            updated_by: rule.updated_by.clone(),
            updated_at: (rule.updated_at > 0).then(|| timestamp(rule.updated_at)),
        }
    }
}

/// Every record type's rule (a manager only).
#[utoipa::path(get, path = "/api/retention/rules", tag = "retention",
    responses((status = 200, body = [RuleView]), (status = 403, body = ErrorBody)))]
pub async fn list_rules(State(state): State<AppState>, caller: Caller) -> Result<Json<Vec<RuleView>>, ApiError> {
    let rules = retention::rules(&state.domain, &caller.actor()).await?;
    Ok(Json(rules.iter().map(RuleView::of).collect()))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetRule {
    /// A whole number and d, m or y: `30d`, `18m`, `25y`.
    pub keep: String,
    pub from: FromEvent,
}

/// Set how long one type of record is kept, and from what (a manager only; audited).
#[utoipa::path(put, path = "/api/retention/rules/{record_type}", request_body = SetRule, tag = "retention",
    params(("record_type" = RecordType, Path)),
    responses((status = 200, body = RuleView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn set_rule(
    State(state): State<AppState>,
    caller: Caller,
    Path(record_type): Path<String>,
    ApiJson(request): ApiJson<SetRule>,
) -> Result<Json<RuleView>, ApiError> {
    let record_type = RecordType::parse(&record_type).ok_or_else(|| {
        let names: Vec<&str> = RecordType::ALL.iter().map(|known| known.as_str()).collect();
        DomainError::Invalid(format!("{record_type:?} is not a record type: give one of {}", names.join(", ")))
    })?;
    let (amount, unit) = retention::parse_keep(&request.keep)?;
    let rule = retention::set_rule(&state.domain, &caller.actor(), record_type, amount, unit, request.from).await?;
    Ok(Json(RuleView::of(&rule)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RunRequest {
    /// List what would go, and delete nothing.
    #[serde(default)]
    pub dry_run: bool,
    /// Apply the rules as of this day (YYYY-MM-DD) instead of today: a dry run ahead shows what
    /// will go then.
    pub as_of: Option<String>,
}

/// Apply the retention rules now, listing what goes and why; or, as a dry run, what would go
/// (a manager only; audited).
#[utoipa::path(post, path = "/api/retention/run", request_body = RunRequest, tag = "retention",
    responses((status = 200, body = RunReport), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn run(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<RunRequest>,
) -> Result<Json<RunReport>, ApiError> {
    let as_of = match request.as_of.as_deref() {
        Some(day) => retention::parse_day(day)?,
        None => retention::today(),
    };
    Ok(Json(retention::run(&state.domain, &caller.actor(), as_of, request.dry_run).await?))
}

/// A legal hold.
#[derive(Debug, Serialize, ToSchema)]
pub struct HoldView {
    pub id: String,
    pub meeting_id: Option<String>,
    pub participant_id: Option<String>,
    pub reason: String,
    pub placed_by: String,
    pub placed_at: String,
    pub lifted_by: Option<String>,
    pub lifted_at: Option<String>,
    pub lift_reason: Option<String>,
}

impl HoldView {
    pub fn of(hold: &LegalHold) -> Self {
        HoldView {
            id: hold.id.clone(),
            meeting_id: hold.meeting_id.clone(),
            participant_id: hold.participant_id.clone(),
            reason: hold.reason.clone(),
            placed_by: hold.placed_by.clone(),
            placed_at: timestamp(hold.placed_at),
            lifted_by: hold.lifted_by.clone(),
            lifted_at: hold.lifted_at.map(timestamp),
            lift_reason: hold.lift_reason.clone(),
        }
    }
}

/// What a hold, a lifting or an erasure is about: a meeting or one person, and why.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetRequest {
    pub meeting_id: Option<String>,
    /// A participant.
    pub participant_id: Option<String>,
    pub reason: String,
}

impl TargetRequest {
    fn target(&self) -> Result<HoldTarget, DomainError> {
        match (&self.meeting_id, &self.participant_id) {
            (Some(meeting), None) => Ok(HoldTarget::Meeting(meeting.clone())),
            (None, Some(person)) => Ok(HoldTarget::Person(person.clone())),
            _ => Err(DomainError::Invalid("give either meeting_id or participant_id, not both".into())),
        }
    }
}

/// Every legal hold, lifted or in force (a manager only).
#[utoipa::path(get, path = "/api/holds", tag = "retention",
    responses((status = 200, body = [HoldView]), (status = 403, body = ErrorBody)))]
pub async fn list_holds(State(state): State<AppState>, caller: Caller) -> Result<Json<Vec<HoldView>>, ApiError> {
    let holds = retention::holds(&state.domain, &caller.actor()).await?;
    Ok(Json(holds.iter().map(HoldView::of).collect()))
}

/// Place a legal hold on a meeting or a person: nothing under it is deleted until it is lifted
/// (a manager only; audited).
#[utoipa::path(post, path = "/api/holds", request_body = TargetRequest, tag = "retention",
    responses((status = 201, body = HoldView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn place_hold(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<TargetRequest>,
) -> Result<(StatusCode, Json<HoldView>), ApiError> {
    retention::require_manager(&caller.actor(), "place a legal hold")?;
    let hold = retention::place_hold(&state.domain, &caller.actor(), request.target()?, &request.reason).await?;
    Ok((StatusCode::CREATED, Json(HoldView::of(&hold))))
}

/// Lift the holds in force on a meeting or a person (a manager only; audited).
#[utoipa::path(post, path = "/api/holds/lift", request_body = TargetRequest, tag = "retention",
    responses((status = 200, body = [HoldView]), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn lift_hold(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<TargetRequest>,
) -> Result<Json<Vec<HoldView>>, ApiError> {
    retention::require_manager(&caller.actor(), "lift a legal hold")?;
    let lifted = retention::lift_hold(&state.domain, &caller.actor(), request.target()?, &request.reason).await?;
    Ok(Json(lifted.iter().map(HoldView::of).collect()))
}

/// The tombstone of an erasure or a scheduled deletion.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ErasureView {
    pub id: String,
    pub scope: ErasureScope,
    pub meeting_id: Option<String>,
    pub participant_id: Option<String>,
    pub record_type: Option<RecordType>,
    pub reason: String,
    pub erased_by: String,
    pub erased_at: String,
    pub versions: Vec<ErasedVersion>,
}

impl ErasureView {
    pub fn of(erasure: &Erasure) -> Self {
        ErasureView {
            id: erasure.id.clone(),
            scope: erasure.scope,
            meeting_id: erasure.meeting_id.clone(),
            participant_id: erasure.participant_id.clone(),
            record_type: erasure.record_type,
            reason: erasure.reason.clone(),
            erased_by: erasure.erased_by.clone(),
            erased_at: timestamp(erasure.erased_at),
            versions: erasure.versions.clone(),
        }
    }

    /// The tombstone this view shows, as read back from a saved list.
    pub fn to_erasure(&self) -> Result<Erasure, String> {
        let erased_at = chrono::DateTime::parse_from_rfc3339(&self.erased_at)
            .map_err(|_| format!("erasure {}: erased_at {:?} is not a time", self.id, self.erased_at))?
            .timestamp_millis();
        Ok(Erasure {
            id: self.id.clone(),
            scope: self.scope,
            meeting_id: self.meeting_id.clone(),
            participant_id: self.participant_id.clone(),
            record_type: self.record_type,
            reason: self.reason.clone(),
            erased_by: self.erased_by.clone(),
            erased_at,
            versions: self.versions.clone(),
        })
    }
}

/// Every erasure and scheduled deletion (a manager only).
#[utoipa::path(get, path = "/api/erasures", tag = "retention",
    responses((status = 200, body = [ErasureView]), (status = 403, body = ErrorBody)))]
pub async fn list_erasures(State(state): State<AppState>, caller: Caller) -> Result<Json<Vec<ErasureView>>, ApiError> {
    let erasures = erasure::erasures(&state.domain, &caller.actor()).await?;
    Ok(Json(erasures.iter().map(ErasureView::of).collect()))
}

/// Erase a meeting down to its tombstone, or one person's personal data, with a reason (a
/// manager only; audited). Refused while a legal hold is in force.
#[utoipa::path(post, path = "/api/erasures", request_body = TargetRequest, tag = "retention",
    responses((status = 201, body = ErasureReport), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn erase(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<TargetRequest>,
) -> Result<(StatusCode, Json<ErasureReport>), ApiError> {
    let actor = caller.actor();
    retention::require_manager(&actor, "erase records")?;
    let report = match request.target()? {
        HoldTarget::Meeting(meeting) => {
            erasure::erase_meeting(&state.domain, &actor, &meeting, &request.reason).await?
        }
        HoldTarget::Person(person) => erasure::erase_person(&state.domain, &actor, &person, &request.reason).await?,
    };
    Ok((StatusCode::CREATED, Json(report)))
}
