//! Document tokens: short JWTs (HS256) that open one document with one role until they expire.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

/// Marks a token as one for the sync endpoint, so a token minted for another purpose of
/// kinplan's (a sign-in session, say) never opens a document.
const DOCUMENT_AUDIENCE: &str = "kinplan:document";

/// What the holder of a document token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum DocumentRole {
    /// Reads the document and writes to it.
    Editor,
    /// Reads the document and is present in it, but the server never applies its updates.
    Viewer,
}

impl DocumentRole {
    pub const ALL: [DocumentRole; 2] = [DocumentRole::Editor, DocumentRole::Viewer];

    pub fn as_str(self) -> &'static str {
        match self {
            DocumentRole::Editor => "editor",
            DocumentRole::Viewer => "viewer",
        }
    }

    pub fn can_write(self) -> bool {
        self == DocumentRole::Editor
    }
}

/// The claims of a document token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocumentClaims {
    /// The one document this token opens.
    pub doc: String,
    pub role: DocumentRole,
    /// Seconds since the epoch after which the token is refused.
    pub exp: u64,
    /// Seconds since the epoch when it was issued, for the audit trail.
    pub iat: u64,
    /// Who holds it: `user:ID` or `participant:ID`. Tokens for a meeting's documents always
    /// name their holder, so the server can check the meeting's rules at every connect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub: Option<String>,
    /// What it was issued under: `session:ID` (a staff sign-in) or `link:ID` (a join link).
    /// Ending the session or revoking the link closes the connections it opened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant: Option<String>,
    aud: String,
}

/// Why a token was refused. The WebSocket close code follows from it.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TokenError {
    #[error("no token was given; add ?token=... to the address")]
    Missing,
    #[error("the token has expired; ask for a new one")]
    Expired,
    #[error("the token is not valid")]
    Invalid,
    #[error("the token is for another document")]
    OtherDocument,
}

/// Signs and checks document tokens with one HS256 secret.
#[derive(Clone)]
pub struct TokenKeys {
    /// Signs and checks the messages nodes exchange through Redis, derived from the same shared
    /// secret, so a party that reaches Redis but not the secret cannot inject anything.
    fanout_key: [u8; 32],
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl TokenKeys {
    pub fn new(secret: &[u8]) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_audience(&[DOCUMENT_AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "aud"]);
        // Clocks on one server agree; a few seconds cover a token minted by another node.
        validation.leeway = 5;
        TokenKeys {
            fanout_key: crate::secrets::hmac_sha256(secret, &[b"kinplan fan-out messages"]),
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
        }
    }

    /// The key every node signs its fan-out messages with.
    pub fn fanout_key(&self) -> [u8; 32] {
        self.fanout_key
    }

    /// Mints a token for `document` with `role`, valid for `ttl`, held by nobody in particular
    /// (for documents outside meetings, minted by an operator).
    pub fn issue(&self, document: &str, role: DocumentRole, ttl: Duration) -> String {
        self.issue_for(document, role, ttl, None, None)
    }

    /// Mints a token for `document` with `role`, valid for `ttl`, held by `subject` under `grant`.
    pub fn issue_for(
        &self,
        document: &str,
        role: DocumentRole,
        ttl: Duration,
        subject: Option<String>,
        grant: Option<String>,
    ) -> String {
        let now = unix_seconds(SystemTime::now());
        let claims = DocumentClaims {
            doc: document.to_owned(),
            role,
            exp: now + ttl.as_secs().max(1),
            iat: now,
            sub: subject,
            grant,
            aud: DOCUMENT_AUDIENCE.to_owned(),
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .expect("HS256 signing with a byte secret cannot fail")
    }

    /// Checks `token` and that it opens `document`; gives its claims when it does.
    pub fn verify(&self, token: Option<&str>, document: &str) -> Result<DocumentClaims, TokenError> {
        let token = token.filter(|t| !t.is_empty()).ok_or(TokenError::Missing)?;
        let data =
            decode::<DocumentClaims>(token, &self.decoding, &self.validation).map_err(|error| match error.kind() {
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => TokenError::Expired,
                _ => TokenError::Invalid,
            })?;
        if data.claims.doc != document {
            return Err(TokenError::OtherDocument);
        }
        Ok(data.claims)
    }
}

fn unix_seconds(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> TokenKeys {
        TokenKeys::new(b"a test secret that is long enough for HS256")
    }

    #[test]
    fn a_token_opens_its_own_document_only() {
        let token = keys().issue("plan-1", DocumentRole::Viewer, Duration::from_secs(60));
        let claims = keys().verify(Some(&token), "plan-1").unwrap();
        assert_eq!(claims.role, DocumentRole::Viewer);
        assert_eq!(keys().verify(Some(&token), "plan-2").unwrap_err(), TokenError::OtherDocument);
    }

    #[test]
    fn refuses_missing_garbage_and_foreign_tokens() {
        assert_eq!(keys().verify(None, "d").unwrap_err(), TokenError::Missing);
        assert_eq!(keys().verify(Some(""), "d").unwrap_err(), TokenError::Missing);
        assert_eq!(keys().verify(Some("not.a.token"), "d").unwrap_err(), TokenError::Invalid);
        let other = TokenKeys::new(b"another secret, another server, same length!!");
        let token = other.issue("d", DocumentRole::Editor, Duration::from_secs(60));
        assert_eq!(keys().verify(Some(&token), "d").unwrap_err(), TokenError::Invalid);
    }

    #[test]
    fn refuses_an_expired_token() {
        let keys = keys();
        let now = unix_seconds(SystemTime::now());
        let claims = DocumentClaims {
            doc: "d".into(),
            role: DocumentRole::Editor,
            exp: now - 60,
            iat: now - 120,
            sub: None,
            grant: None,
            aud: DOCUMENT_AUDIENCE.into(),
        };
        let token = encode(&Header::new(Algorithm::HS256), &claims, &keys.encoding).unwrap();
        assert_eq!(keys.verify(Some(&token), "d").unwrap_err(), TokenError::Expired);
    }
}
