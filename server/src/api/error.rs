//! The one error type at the API's edge: JSON `{"error": CODE, "message": TEXT}` with the right
//! status. Server faults are logged and shown without internals.

use std::time::Duration;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::i18n;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("sign in first")]
    Unauthenticated,
    /// Refused credentials or codes, with a code the web app can act on.
    #[error("{message}")]
    Refused { code: &'static str, message: String },
    #[error("{0}")]
    Forbidden(String),
    #[error("{0} was not found")]
    NotFound(&'static str),
    #[error("{0}")]
    Conflict(String),
    /// A link that no longer works, with what to do next.
    #[error("{message}")]
    Gone { code: &'static str, message: String },
    #[error("too many failed attempts; try again in {} minutes", retry_after.as_secs().div_ceil(60))]
    TooManyAttempts { retry_after: Duration },
    /// The server has all it can take of something (connections, streams) for now.
    #[error("{0}")]
    Unavailable(String),
    #[error("something went wrong on our side; try again, and tell the service if it keeps happening")]
    Internal(#[from] StoreError),
}

impl From<crate::domain::DomainError> for ApiError {
    fn from(error: crate::domain::DomainError) -> Self {
        use crate::domain::DomainError;
        match error {
            DomainError::Invalid(why) => ApiError::BadRequest(why),
            DomainError::Forbidden(why) => ApiError::Forbidden(why),
            DomainError::NotFound(what) => ApiError::NotFound(what),
            DomainError::Conflict(why) => ApiError::Conflict(why),
            DomainError::Store(store_error) => ApiError::Internal(store_error),
        }
    }
}

/// The body of every error answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// A stable code for programs: `bad_request`, `unauthenticated`, `forbidden`, …
    pub error: &'static str,
    /// A sentence for people, in the caller's language (their own, once they are known; the
    /// browser's `Accept-Language` before).
    pub message: String,
}

impl ApiError {
    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            ApiError::Unauthenticated => (StatusCode::UNAUTHORIZED, "unauthenticated"),
            ApiError::Refused { code, .. } => (StatusCode::UNAUTHORIZED, code),
            ApiError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
            ApiError::Gone { code, .. } => (StatusCode::GONE, code),
            ApiError::TooManyAttempts { .. } => (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts"),
            ApiError::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        if let ApiError::Internal(store_error) = &self {
            tracing::error!(error = %store_error, "request failed");
        }
        let message = match &self {
            ApiError::Unauthenticated => i18n::say("error-sign-in", &[]),
            ApiError::NotFound(what) => i18n::say("error-not-found", &[("what", i18n::text(what))]),
            ApiError::TooManyAttempts { retry_after } => {
                let minutes = retry_after.as_secs().div_ceil(60);
                i18n::say("error-too-many-attempts", &[("minutes", i18n::arg(minutes))])
            }
            ApiError::Internal(_) => i18n::say("error-internal", &[]),
            // Said in the caller's language where it was made.
            _ => self.to_string(),
        };
        let mut response = (status, Json(ErrorBody { error: code, message })).into_response();
        if let ApiError::TooManyAttempts { retry_after } = &self {
            if let Ok(value) = HeaderValue::from_str(&retry_after.as_secs().max(1).to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        response
    }
}

/// A JSON body that was missing or malformed becomes a 400 in the same shape as every error.
pub struct ApiJson<T>(pub T);

impl<T, S> axum::extract::FromRequest<S> for ApiJson<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(request, state).await {
            Ok(Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(ApiError::BadRequest(rejection.body_text())),
        }
    }
}
