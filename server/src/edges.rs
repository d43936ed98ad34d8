//! What every HTTP answer carries and every unsafe request must show: the web's edges.
//!
//! - The web app runs under a strict Content-Security-Policy: scripts from this origin only,
//!   never inline, nothing framing it, and connections back to this host alone.
//! - Behind https, `Strict-Transport-Security` keeps browsers on it.
//! - `/api/*` answers (exports included) are `Cache-Control: no-store`: special category data
//!   stays out of shared and browser caches.
//! - A request that changes something (`POST`, `PUT`, `PATCH`, `DELETE`) under `/api` is refused
//!   unless `Sec-Fetch-Site` says same-origin, or its `Origin` is this server's own (its public
//!   URL, or the host the request was sent to). SameSite=Strict cookies already keep a session
//!   out of cross-site requests; this also covers a join, a sign-in and anything cookie-less.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::api::error::ApiError;
use crate::domain::i18n::{self, Lang};
use crate::state::AppState;

const HSTS: &str = "max-age=31536000";

/// Applies the edges to one request and its answer.
pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let api = path.starts_with("/api/");
    let unsafe_method = !matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if api && unsafe_method && !same_origin(request.headers(), &state.public_url) {
        return ApiError::Forbidden(
            "this request did not come from kinplan's own pages; open kinplan and try again".into(),
        )
        .into_response();
    }
    let host = request.headers().get(header::HOST).and_then(|value| value.to_str().ok()).map(str::to_owned);
    let mut response = if api {
        // Answered in the browser's language until the caller is known (then in theirs).
        let accepted = request.headers().get(header::ACCEPT_LANGUAGE).and_then(|value| value.to_str().ok());
        let lang = match (accepted, state.domain.enabled_languages().await) {
            (Some(accepted), Ok(enabled)) => enabled.negotiate(accepted),
            _ => Lang::ENGLISH,
        };
        i18n::in_language(lang, next.run(request)).await
    } else {
        next.run(request).await
    };
    let headers = response.headers_mut();
    if api {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    } else if !path.starts_with("/sync/") {
        if let Ok(policy) = HeaderValue::from_str(&content_security_policy(host.as_deref())) {
            headers.insert(header::CONTENT_SECURITY_POLICY, policy);
        }
    }
    if state.secure_cookies {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(HSTS));
    }
    response
}

/// The app's policy. Styles may be inline (the editors colour other people's cursors with
/// style attributes); scripts never. Live documents connect back to the host the page came from.
fn content_security_policy(host: Option<&str>) -> String {
    let sockets = match host.filter(|host| host.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))) {
        Some(host) => format!(" ws://{host} wss://{host}"),
        None => String::new(),
    };
    format!(
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; \
         font-src 'self' data:; connect-src 'self'{sockets}; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// Whether a request says it comes from this server's own pages.
fn same_origin(headers: &HeaderMap, public_url: &str) -> bool {
    let value = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    if let Some(site) = value("sec-fetch-site") {
        return site == "same-origin";
    }
    let Some(origin) = value("origin") else { return false };
    if origin.eq_ignore_ascii_case(public_url.trim_end_matches('/')) {
        return true;
    }
    let origin_host = origin.split_once("://").map(|(_, rest)| rest);
    match (origin_host, value("host")) {
        (Some(origin_host), Some(host)) => origin_host.eq_ignore_ascii_case(host),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn only_the_apps_own_pages_may_write() {
        let public = "https://kinplan.example";
        let check = |pairs: &[(&'static str, &str)], expected: bool| {
            assert_eq!(same_origin(&headers(pairs), public), expected, "{pairs:?}");
        };
        check(&[], false);
        check(&[("sec-fetch-site", "same-origin")], true);
        check(&[("sec-fetch-site", "cross-site"), ("origin", "https://kinplan.example")], false);
        check(&[("sec-fetch-site", "same-site")], false);
        check(&[("origin", "https://kinplan.example")], true);
        check(&[("origin", "https://evil.example"), ("host", "kinplan.example")], false);
        check(&[("origin", "http://127.0.0.1:8080"), ("host", "127.0.0.1:8080")], true);
        check(&[("origin", "null"), ("host", "kinplan.example")], false);
    }
}
