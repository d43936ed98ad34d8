//! The REST API under `/api`, one router per area, merged here, and its OpenAPI description
//! generated from the code and served at `/api/openapi.json`.

pub mod caller;
pub mod cases;
pub mod consent;
pub mod documents;
pub mod error;
pub mod figures;
pub mod interpreters;
pub mod languages;
pub mod meetings;
pub mod network;
pub mod plans;
pub mod retention;
pub mod reviews;
pub mod safeguarding;
pub mod session;
pub mod subject_access;
pub mod support;
pub mod users;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::routing::get;
use axum::{Json, Router};
use utoipa::OpenApi;

use self::caller::Caller;
use self::error::ApiError;
use crate::access::{Action, MeetingRole};
use crate::state::AppState;
use crate::store::Meeting;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(session::router())
        .merge(meetings::router())
        .merge(cases::router())
        .merge(support::router())
        .merge(reviews::router())
        .merge(figures::router())
        .merge(network::router())
        .merge(documents::router())
        .merge(plans::router())
        .merge(safeguarding::router())
        .merge(consent::router())
        .merge(retention::router())
        .merge(users::router())
        .merge(languages::router())
        .merge(interpreters::router())
        .merge(subject_access::router())
        .route("/api/openapi.json", get(openapi))
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "kinplan",
        description = "Family Network Meetings: meetings, the family network, join links and live documents."
    ),
    paths(
        session::sign_in,
        session::current,
        session::sign_out,
        languages::list,
        languages::web_messages,
        languages::set_enabled,
        languages::set_own,
        languages::set_meeting,
        interpreters::declare,
        interpreters::ask_into_family_time,
        interpreters::set_need,
        plans::name_to_decide,
        meetings::create,
        meetings::list,
        meetings::show,
        meetings::move_stage,
        meetings::events,
        meetings::audit,
        cases::create,
        cases::list,
        cases::show,
        cases::update_referral,
        cases::make_offer,
        cases::answer_offer,
        cases::decide_not_to_offer,
        cases::approve_not_offering,
        cases::refuse_not_offering,
        cases::set_care_application,
        support::request,
        support::asked,
        support::decide,
        reviews::set_review_date,
        reviews::show,
        reviews::record,
        reviews::changes,
        figures::show,
        figures::csv,
        figures::board,
        network::list,
        network::add,
        network::create_link,
        network::revoke,
        network::preview,
        network::join,
        safeguarding::set_contact,
        safeguarding::list_separations,
        safeguarding::add_separation,
        safeguarding::list_rooms,
        safeguarding::create_room,
        safeguarding::assign_room,
        safeguarding::list_safety_notes,
        safeguarding::add_safety_note,
        consent::notice,
        consent::publish,
        consent::own,
        consent::give,
        consent::withdraw,
        retention::list_rules,
        retention::set_rule,
        retention::run,
        retention::list_holds,
        retention::place_hold,
        retention::lift_hold,
        retention::list_erasures,
        retention::erase,
        documents::token,
        documents::saved,
        documents::open,
        plans::list_versions,
        plans::save,
        plans::show_version,
        plans::diff,
        plans::restore,
        plans::export,
        plans::show_proposal,
        plans::propose,
        plans::withdraw,
        plans::close,
        plans::decide,
        users::list,
        users::disable,
        users::enable,
        users::set_team,
        users::reset_password,
        users::sessions,
        users::revoke_session,
        subject_access::export,
    ),
    components(schemas(error::ErrorBody))
)]
pub struct ApiDoc;

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

/// The meeting `meeting_id` as `caller` sees it, if they may do `action` there (the domain's
/// check, `Domain::meeting_as`).
pub async fn meeting_as(
    state: &AppState,
    caller: &Caller,
    meeting_id: &str,
    action: Action,
) -> Result<(Meeting, MeetingRole), ApiError> {
    Ok(state.domain.meeting_as(&caller.actor(), meeting_id, action).await?)
}

/// The caller's network address, when the server knows it.
pub struct PeerAddress(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for PeerAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(PeerAddress(caller::peer_address(parts)))
    }
}
