//! The service's figures (managers) and each member of staff's dashboard over the API. The
//! figures come as JSON or CSV; what each counts is in docs/SERVICE-FIGURES.md. The work is the
//! domain's (`domain/figures.rs`, `domain/dashboard.rs`).

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;

use super::caller::Caller;
use super::error::{ApiError, ErrorBody};
use crate::domain::dashboard::{self, Dashboard};
use crate::domain::figures::{self, Figures, Scope};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/figures", get(show))
        .route("/api/figures.csv", get(csv))
        .route("/api/dashboard", get(board))
}

#[derive(Debug, Deserialize)]
pub struct FiguresQuery {
    pub from: String,
    pub to: String,
    pub team: Option<String>,
    pub facilitator: Option<String>,
}

impl FiguresQuery {
    fn scope(&self) -> Scope {
        let given = |value: &Option<String>| value.clone().filter(|value| !value.trim().is_empty());
        Scope { team: given(&self.team), facilitator: given(&self.facilitator) }
    }
}

/// The service's figures over a range of days, for the service, one team or one facilitator
/// (managers only; audited as read).
#[utoipa::path(operation_id = "show_figures", get, path = "/api/figures", tag = "figures",
    params(("from" = String, Query, description = "YYYY-MM-DD"), ("to" = String, Query, description = "YYYY-MM-DD"),
        ("team" = Option<String>, Query), ("facilitator" = Option<String>, Query, description = "an email or account id")),
    responses((status = 200, body = Figures), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<FiguresQuery>,
) -> Result<Json<Figures>, ApiError> {
    Ok(Json(figures::figures(&state.domain, &caller.actor(), &query.from, &query.to, &query.scope()).await?))
}

/// The same figures as CSV (`figure,detail,value`), to download.
#[utoipa::path(get, path = "/api/figures.csv", tag = "figures",
    params(("from" = String, Query), ("to" = String, Query), ("team" = Option<String>, Query),
        ("facilitator" = Option<String>, Query)),
    responses((status = 200, content_type = "text/csv", body = String), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody)))]
pub async fn csv(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<FiguresQuery>,
) -> Result<Response, ApiError> {
    let figures = figures::figures(&state.domain, &caller.actor(), &query.from, &query.to, &query.scope()).await?;
    let name = format!("attachment; filename=\"kinplan-figures-{}-to-{}.csv\"", figures.from, figures.to);
    Ok((
        [(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, name)],
        figures::to_csv(&figures),
    )
        .into_response())
}

/// The caller's dashboard: a facilitator's cases and what is due on them, most urgent first; a
/// manager's approvals waiting and the reviews overdue (staff only).
#[utoipa::path(get, path = "/api/dashboard", tag = "figures",
    responses((status = 200, body = Dashboard), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn board(State(state): State<AppState>, caller: Caller) -> Result<Json<Dashboard>, ApiError> {
    let today = chrono::Utc::now().date_naive();
    Ok(Json(dashboard::dashboard(&state.domain, &caller.actor(), today).await?))
}
