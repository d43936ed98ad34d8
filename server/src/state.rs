//! What every handler may reach: the domain, storage, live documents and the edge's settings.

use std::sync::Arc;

use tokio_util::sync::CancellationToken;

use crate::admission::Admissions;
use crate::auth::TokenKeys;
use crate::connection::ConnectionSettings;
use crate::documents::DocumentRegistry;
use crate::events::MeetingEvents;
use crate::rate_limit::AttemptLimiter;
use crate::stats::ServerStats;
use crate::store::Store;

/// What every handler may reach.
#[derive(Clone)]
pub struct AppState {
    /// Every workflow: what the API does, it asks of the domain.
    pub domain: crate::domain::Domain,
    pub store: Arc<dyn Store>,
    pub registry: Arc<DocumentRegistry>,
    pub tokens: Arc<TokenKeys>,
    pub connection_settings: ConnectionSettings,
    pub stats: Arc<ServerStats>,
    pub shutdown: CancellationToken,
    pub events: MeetingEvents,
    /// Sign-in attempts per account, counted before the password is checked.
    pub sign_in_limiter: Arc<AttemptLimiter>,
    /// Sign-in and join attempts per network address; looser, since an office or a family may
    /// share one address.
    pub address_limiter: Arc<AttemptLimiter>,
    /// Bounds how many password and access-code checks run at once: each argon2 check holds
    /// about 19 MiB.
    pub password_checks: Arc<tokio::sync::Semaphore>,
    /// Where people reach kinplan, for the links it makes.
    pub public_url: String,
    /// Session cookies carry `Secure` when kinplan is reached over TLS.
    pub secure_cookies: bool,
    /// Proxies whose `Forwarded`/`X-Forwarded-For` name the client; with any, `/metrics` always
    /// needs its token, since every proxied request comes from the proxy's address.
    pub trusted_proxies: Arc<[crate::client_address::ProxyRange]>,
    /// The bearer token `GET /metrics` needs; none means loopback only.
    pub metrics_token: Option<crate::config::Secret>,
    /// A password hash to check against when an email has no account, so the answer takes as
    /// long as for a real one.
    pub dummy_password_hash: Arc<String>,
    /// Who has a meeting's family documents open on this process, for the family to see.
    pub open_documents: Arc<crate::open_documents::OpenDocuments>,
    /// How many connections and event streams are open, against their limits.
    pub admissions: Arc<Admissions>,
}

impl AppState {
    /// What the sync endpoint reads to decide on a connection.
    pub fn access_sources(&self) -> crate::sync_access::AccessSources<'_> {
        crate::sync_access::AccessSources {
            store: self.store.as_ref(),
            events: &self.events,
            open_documents: &self.open_documents,
        }
    }
}
