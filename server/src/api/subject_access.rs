//! Subject access requests over the API: a manager downloads everything kinplan holds about one
//! person as a ZIP archive. The workflow, its redaction and its audit are the domain's
//! (`domain/subject_access.rs`).

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use serde::Deserialize;
use utoipa::ToSchema;

use super::caller::Caller;
use super::error::{ApiError, ApiJson, ErrorBody};
use crate::domain::subject_access::{self, PersonRef, SubjectAccessRequest};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/subject-access", post(export))
}

/// Who the export is about: exactly one of `participant_id` and `user_email`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubjectAccessBody {
    /// A participant, by the id a meeting's people list gives; their rows in the meetings linked
    /// to that meeting (reviews, earlier and later) with the same name, kind and relationship
    /// are included too.
    pub participant_id: Option<String>,
    /// A staff member, by the email they sign in with (or their account id).
    pub user_email: Option<String>,
    /// Participant ids of other people who agreed that their names may stay in the export.
    #[serde(default)]
    pub consented: Vec<String>,
}

impl SubjectAccessBody {
    fn person(&self) -> Result<PersonRef, ApiError> {
        fn given(value: &Option<String>) -> Option<&str> {
            value.as_deref().map(str::trim).filter(|value| !value.is_empty())
        }
        match (given(&self.participant_id), given(&self.user_email)) {
            (Some(participant_id), None) => Ok(PersonRef::Participant(participant_id.to_owned())),
            (None, Some(email)) => Ok(PersonRef::Staff(email.to_owned())),
            (Some(_), Some(_)) => Err(ApiError::BadRequest(
                "give either participant_id or user_email, not both: one export is about one person".into(),
            )),
            (None, None) => Err(ApiError::BadRequest(
                "give participant_id (a participant's id from a meeting's people) or user_email (a staff \
                 member's email)"
                    .into(),
            )),
        }
    }
}

/// Download everything kinplan holds about one person (a subject access request), managers
/// only: a ZIP archive of `subject-access.json` (complete, machine-readable),
/// `subject-access.pdf` (the same, to read) and `README.txt` (what it is, who made it and when,
/// and what was redacted). Other people's names are replaced by their relationship and their
/// contact details left out, except for the people listed in `consented`. Every export is in the
/// audit log as `subject_access_export`.
#[utoipa::path(post, path = "/api/subject-access", tag = "data protection", operation_id = "subject_access_export",
    request_body = SubjectAccessBody,
    responses(
        (status = 200, description = "The archive (`application/zip`), named in `Content-Disposition`"),
        (status = 400, description = "Neither or both of participant_id and user_email, or a consented id that is \
            not another person of the meetings covered", body = ErrorBody),
        (status = 403, description = "Not a manager", body = ErrorBody),
        (status = 404, description = "No such participant or staff account", body = ErrorBody)))]
pub async fn export(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<SubjectAccessBody>,
) -> Result<Response, ApiError> {
    let actor = caller.actor();
    // Refused before the person is looked up, so that nobody else learns who exists.
    subject_access::check_allowed(&actor)?;
    let request = SubjectAccessRequest { person: body.person()?, consented: body.consented };
    let archive = subject_access::export(&state.domain, &actor, &request).await?;
    let mut response = archive.bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/zip"));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{}\"", archive.file_name)) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}
