//! The HTTP surface: the sync endpoint, the health check and the web app, merged in one router.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tracing::info;

use crate::admission::Refusal;
use crate::api::PeerAddress;
use crate::auth::TokenError;
use crate::close::{
    CloseReason, CLOSE_FORBIDDEN, CLOSE_GOING_AWAY, CLOSE_INTERNAL_ERROR, CLOSE_TOO_MANY, CLOSE_UNAUTHORIZED,
};
use crate::connection::{self, Connection};
use tower_http::compression::CompressionLayer;

use crate::documents::JoinError;
use crate::state::AppState;
use crate::upgrade::WebSocketUpgrade;

/// The longest document name accepted, in bytes.
const MAX_DOCUMENT_NAME: usize = 512;

pub fn router(state: AppState) -> Router {
    Router::new()
        // The web app's files travel compressed (gzip or brotli, as the browser accepts): a phone on
        // a slow network gets a quarter of the bytes. Not the API's answers, which may carry
        // secrets beside what a caller sent, nor the live documents' sockets.
        .route("/", get(index).layer(CompressionLayer::new()))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .route("/data-protection", get(data_protection))
        .route("/sync/{*document}", get(sync))
        .merge(crate::api::router())
        .fallback_service(get(web_asset).layer(CompressionLayer::new()).with_state(state.clone()))
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::edges::guard))
        .layer(axum::middleware::from_fn_with_state(Arc::clone(&state.trusted_proxies), crate::client_address::resolve))
        .with_state(state)
}

/// The data map (docs/DATA-PROTECTION.md): what kinplan keeps, why, who sees it, for how long and
/// how it is deleted. The privacy notice points everyone to it, before they sign in.
async fn data_protection() -> Response {
    const MAP: &str = include_str!("../../docs/DATA-PROTECTION.md");
    ([(axum::http::header::CONTENT_TYPE, "text/plain; charset=utf-8")], MAP).into_response()
}

/// The web app's bundle, built by `build.rs` and embedded in the binary.
#[derive(rust_embed::RustEmbed)]
#[folder = "$KINPLAN_WEB_BUNDLE"]
// The build's manifest (which file each page needs) is for the budget check, not for browsers.
#[exclude = ".vite/*"]
struct WebBundle;

async fn index() -> Response {
    web_file("index.html")
}

/// A file of the web app, or `index.html` for the app's own routes (`/join`, `/meetings/…`),
/// which the app resolves in the browser. Unknown API paths stay JSON 404s.
async fn web_asset(uri: axum::http::Uri) -> Response {
    let path = uri.path().trim_start_matches('/');
    if path.starts_with("api/") || path.starts_with("sync/") {
        let body = r#"{"error":"not_found","message":"there is nothing at this address"}"#;
        return (StatusCode::NOT_FOUND, [(axum::http::header::CONTENT_TYPE, "application/json")], body).into_response();
    }
    if WebBundle::get(path).is_some() {
        return web_file(path);
    }
    web_file("index.html")
}

fn web_file(path: &str) -> Response {
    use axum::http::header;
    let Some(file) = WebBundle::get(path) else {
        return (StatusCode::NOT_FOUND, "the web app was not built into this server\n").into_response();
    };
    // Vite names bundled files by their content, so they never change; index.html always may.
    let cache = if path.starts_with("assets/") { "public, max-age=31536000, immutable" } else { "no-cache" };
    let headers = [
        (header::CONTENT_TYPE, file.metadata.mimetype().to_owned()),
        (header::CACHE_CONTROL, cache.to_owned()),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        (header::X_FRAME_OPTIONS, "DENY".to_owned()),
        (header::REFERRER_POLICY, "no-referrer".to_owned()),
    ];
    (headers, file.data).into_response()
}

async fn healthz(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok\n").into_response(),
        Err(store_error) => {
            tracing::error!(error = %store_error, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable\n").into_response()
        }
    }
}

/// The server's metrics in the Prometheus text format, for a scraper holding the metrics token,
/// or for anyone on this machine when no token is set.
async fn metrics(State(state): State<AppState>, address: PeerAddress, headers: axum::http::HeaderMap) -> Response {
    let allowed = match &state.metrics_token {
        Some(token) => headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .is_some_and(|given| constant_time_equal(given.as_bytes(), token.expose().as_bytes())),
        // Behind a proxy, loopback may be anyone the proxy let in.
        None if !state.trusted_proxies.is_empty() => false,
        None => {
            address.0.as_deref().and_then(|ip| ip.parse::<std::net::IpAddr>().ok()).is_some_and(|ip| ip.is_loopback())
        }
    };
    if !allowed {
        let body = r#"{"error":"unauthenticated","message":"metrics need the metrics token"}"#;
        return (StatusCode::UNAUTHORIZED, [(axum::http::header::CONTENT_TYPE, "application/json")], body)
            .into_response();
    }
    let content_type = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    ([(axum::http::header::CONTENT_TYPE, content_type)], state.stats.encode()).into_response()
}

use crate::secrets::constant_time_equal;

/// Upgrades to a WebSocket for one document. The token is checked before any document data
/// flows; a refused connection is closed at once with 4401 or 4403 and a reason, which the
/// y-websocket client takes as final instead of retrying forever.
async fn sync(
    State(state): State<AppState>,
    Path(document): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    address: PeerAddress,
    upgrade: WebSocketUpgrade,
) -> Response {
    if document.is_empty() || document.len() > MAX_DOCUMENT_NAME || document.chars().any(char::is_control) {
        let message = format!("a document name must be 1 to {MAX_DOCUMENT_NAME} bytes without control characters\n");
        return (StatusCode::BAD_REQUEST, message).into_response();
    }
    let max_message = state.connection_settings.max_message_bytes;
    let claims = match state.tokens.verify(query.get("token").map(String::as_str), &document) {
        Ok(claims) => claims,
        Err(token_error) => {
            let code = match token_error {
                TokenError::OtherDocument => CLOSE_FORBIDDEN,
                TokenError::Missing | TokenError::Expired | TokenError::Invalid => CLOSE_UNAUTHORIZED,
            };
            info!(document = %document, code, reason = %token_error, "connection refused");
            let reason = CloseReason::new(code, token_error.to_string());
            return upgrade.on_upgrade(max_message, move |socket| connection::refuse(socket, reason));
        }
    };
    // A full server says so before upgrading: nothing of the connection is kept.
    let admission = match state.admissions.admit_connection(address.0.as_deref(), claims.grant.as_deref()) {
        Ok(admission) => admission,
        Err(Refusal::ServerFull) => {
            return (StatusCode::SERVICE_UNAVAILABLE, format!("{}\n", Refusal::ServerFull)).into_response();
        }
        Err(refusal) => {
            info!(document = %document, reason = %refusal, "connection refused");
            let reason = CloseReason::new(CLOSE_TOO_MANY, refusal.to_string());
            return upgrade.on_upgrade(max_message, move |socket| connection::refuse(socket, reason));
        }
    };
    let (role, watch) = match crate::sync_access::authorize(state.access_sources(), &claims, &document, address.0).await
    {
        Ok(allowed) => allowed,
        Err(reason) => {
            info!(document = %document, code = reason.code, reason = %reason.reason, "connection refused");
            return upgrade.on_upgrade(max_message, move |socket| connection::refuse(socket, reason));
        }
    };
    // The upgrade's task hands the connection to its document's task, which serves it from
    // then on, and ends.
    let settings = state.connection_settings;
    let registry = state.registry;
    let stats = state.stats;
    upgrade.on_upgrade(max_message, move |socket| async move {
        let connection = Connection::new(socket, role, watch, &settings, stats, admission);
        if let Err((join_error, connection)) = registry.join(&document, connection).await {
            let code = match join_error {
                JoinError::ShuttingDown => CLOSE_GOING_AWAY,
                JoinError::LoadFailed => CLOSE_INTERNAL_ERROR,
            };
            connection.close(CloseReason::new(code, join_error.to_string()), document).await;
        }
    })
}
