//! The WebSocket handshake (RFC 6455) on the HTTP side: a request checked as an axum extractor,
//! answered with 101, and the upgraded connection handed to a [`WebSocket`] (`live`'s
//! `websocket.rs` reads and writes its frames).

use std::future::Future;

use axum::extract::FromRequestParts;
use axum::http::{header, request::Parts, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use hyper::upgrade::OnUpgrade;
use hyper_util::rt::TokioIo;

use crate::websocket::{Socket, WebSocket};

/// A request to open a WebSocket, checked: `on_upgrade` answers it.
pub struct WebSocketUpgrade {
    accept_key: HeaderValue,
    on_upgrade: OnUpgrade,
}

impl<S: Send + Sync> FromRequestParts<S> for WebSocketUpgrade {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Response> {
        if parts.method != Method::GET {
            return Err(refusal(StatusCode::METHOD_NOT_ALLOWED, "a WebSocket opens with GET"));
        }
        if !has_token(&parts.headers, header::CONNECTION, "upgrade")
            || !has_token(&parts.headers, header::UPGRADE, "websocket")
        {
            let mut response = refusal(StatusCode::UPGRADE_REQUIRED, "this address takes WebSocket connections only");
            response.headers_mut().insert(header::UPGRADE, HeaderValue::from_static("websocket"));
            return Err(response);
        }
        if parts.headers.get(header::SEC_WEBSOCKET_VERSION).is_none_or(|version| version != "13") {
            let mut response = refusal(StatusCode::UPGRADE_REQUIRED, "only WebSocket version 13 is spoken here");
            response.headers_mut().insert(header::SEC_WEBSOCKET_VERSION, HeaderValue::from_static("13"));
            return Err(response);
        }
        let Some(key) = parts.headers.get(header::SEC_WEBSOCKET_KEY) else {
            return Err(refusal(StatusCode::BAD_REQUEST, "the request has no Sec-WebSocket-Key"));
        };
        let accept_key = HeaderValue::from_str(&tungstenite::handshake::derive_accept_key(key.as_bytes()))
            .expect("an accept key is base64");
        let Some(on_upgrade) = parts.extensions.remove::<OnUpgrade>() else {
            return Err(refusal(StatusCode::UPGRADE_REQUIRED, "this connection cannot be upgraded"));
        };
        Ok(WebSocketUpgrade { accept_key, on_upgrade })
    }
}

impl WebSocketUpgrade {
    /// Answers 101 Switching Protocols; once hyper hands the connection over, runs `serve` on it
    /// in a task of its own. Messages larger than `max_message` bytes close the socket with an
    /// error.
    pub fn on_upgrade<Serve, Served>(self, max_message: usize, serve: Serve) -> Response
    where
        Serve: FnOnce(WebSocket) -> Served + Send + 'static,
        Served: Future<Output = ()> + Send + 'static,
    {
        let on_upgrade = self.on_upgrade;
        tokio::spawn(async move {
            match on_upgrade.await {
                Ok(upgraded) => serve(Socket::new(TokioIo::new(upgraded), max_message)).await,
                Err(error) => tracing::debug!(%error, "a WebSocket upgrade did not complete"),
            }
        });
        let mut response = StatusCode::SWITCHING_PROTOCOLS.into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONNECTION, HeaderValue::from_static("upgrade"));
        headers.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
        headers.insert(header::SEC_WEBSOCKET_ACCEPT, self.accept_key);
        response
    }
}

fn refusal(status: StatusCode, message: &'static str) -> Response {
    (status, format!("{message}\n")).into_response()
}

/// Whether the comma-separated header `name` holds `token`, in any case.
fn has_token(headers: &HeaderMap, name: header::HeaderName, token: &str) -> bool {
    headers
        .get_all(name)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|item| item.trim().eq_ignore_ascii_case(token))
}
