//! Builds the server from its configuration: opens the store, finds the signing secret, binds
//! the listener (port 0 works) and serves until told to stop. Tests build the same application.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use rand::RngCore;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tower::Service;
use tracing::{debug, info, warn};

use crate::admission::Admissions;
use crate::auth::TokenKeys;
use crate::config::{DatabaseArgs, ServeConfig};
use crate::connection::ConnectionSettings;
use crate::documents::{DocumentRegistry, DocumentSettings};
use crate::events::MeetingEvents;
use crate::http;
use crate::rate_limit::AttemptLimiter;
use crate::secrets;
use crate::state::AppState;
use crate::stats::ServerStats;
use crate::store::{self, Store};

/// The setting under which a generated signing secret is kept.
const JWT_SECRET_SETTING: &str = "jwt_secret";

/// Sign-in attempts allowed per account in the window before a 429 (a right password clears them).
const SIGN_IN_FAILURES: i64 = 5;
/// Failed sign-ins and join attempts allowed per network address in the window.
const ADDRESS_FAILURES: i64 = 20;
const SIGN_IN_WINDOW: Duration = Duration::from_secs(15 * 60);

/// Sync requests one frame may carry: a client sends one, then waits for the answer.
const MAX_SYNC_REQUESTS_PER_FRAME: usize = 4;

/// How long shutdown waits for documents to flush before giving up on them.
const UNLOAD_GRACE: Duration = Duration::from_secs(15);

pub struct Application {
    listener: TcpListener,
    state: AppState,
    /// How long a connection may take to send a request's headers, or stay idle between requests.
    header_timeout: Duration,
    /// How often the retention rules are applied; zero for never.
    retention_every: Duration,
}

impl Application {
    pub async fn build(config: ServeConfig) -> anyhow::Result<Self> {
        let (store, tokens) = open_database(&config.database).await?;
        let stats = Arc::new(ServerStats::default());
        let shutdown = CancellationToken::new();
        let connection_settings = ConnectionSettings {
            max_message_bytes: config.max_message_bytes,
            outgoing_queue: config.outgoing_queue.max(1),
            outgoing_queue_bytes: config.outgoing_queue_bytes,
            keep_alive: config.keep_alive,
            idle_timeout: config.idle_timeout,
            max_updates_per_second: config.max_updates_per_second.max(1),
            max_presences: config.max_presences,
            max_presence_bytes: config.max_presence_bytes,
            max_sync_requests_per_frame: MAX_SYNC_REQUESTS_PER_FRAME,
        };
        let document_settings = DocumentSettings {
            unload_after: config.unload_after,
            compact_after: config.compact_after.max(1),
            max_document_bytes: config.max_document_bytes,
            connection: connection_settings.clone(),
        };
        let registry =
            DocumentRegistry::new(Arc::clone(&store), document_settings, Arc::clone(&stats), shutdown.clone());
        if let Some(redis_url) = &config.redis_url {
            let fanout = crate::fanout::Fanout::start(
                redis_url,
                &config.redis_prefix,
                tokens.fanout_key(),
                Arc::clone(&registry) as Arc<dyn crate::fanout::RemoteReceiver>,
                shutdown.clone(),
            )
            .await
            .with_context(|| {
                let redis_url = crate::config::masked_url(redis_url);
                format!("could not connect to Redis at {redis_url}; start it, or leave out --redis")
            })?;
            registry.set_fanout(fanout);
        }
        let listener = TcpListener::bind(config.listen)
            .await
            .with_context(|| format!("could not listen on {}; is another server using it?", config.listen))?;
        let public_url = public_url(&config, listener.local_addr()?);
        let dummy_password_hash =
            tokio::task::spawn_blocking(|| secrets::hash_password("no account has this password"))
                .await
                .context("hashing")?;
        let sign_in_limiter =
            Arc::new(AttemptLimiter::new(Arc::clone(&store), "account", SIGN_IN_WINDOW, SIGN_IN_FAILURES));
        let address_limiter =
            Arc::new(AttemptLimiter::new(Arc::clone(&store), "address", SIGN_IN_WINDOW, ADDRESS_FAILURES));
        let events = MeetingEvents::new();
        let served = crate::live_documents::ServedDocuments { registry: Arc::clone(&registry), events: events.clone() };
        let state = AppState {
            domain: crate::domain::Domain::new(Arc::clone(&store), Arc::new(served)),
            store,
            registry,
            tokens: Arc::new(tokens),
            connection_settings,
            stats,
            shutdown,
            events,
            sign_in_limiter,
            address_limiter,
            password_checks: Arc::new(tokio::sync::Semaphore::new(
                std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get),
            )),
            secure_cookies: public_url.starts_with("https://"),
            public_url,
            dummy_password_hash: Arc::new(dummy_password_hash),
            metrics_token: config.metrics_token.clone(),
            open_documents: crate::open_documents::OpenDocuments::new(),
            trusted_proxies: config.trusted_proxies.clone().into(),
            admissions: Arc::new(Admissions::new(
                config.max_connections.unwrap_or_else(Admissions::default_max_connections),
                config.max_connections_per_address,
                config.max_connections_per_grant,
                config.max_event_streams,
            )),
        };
        Ok(Application {
            listener,
            state,
            header_timeout: config.header_timeout,
            retention_every: config.retention_every,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has an address")
    }

    pub fn port(&self) -> u16 {
        self.local_addr().port()
    }

    pub fn stats(&self) -> Arc<ServerStats> {
        Arc::clone(&self.state.stats)
    }

    pub fn tokens(&self) -> Arc<TokenKeys> {
        Arc::clone(&self.state.tokens)
    }

    /// Serves until `stop` completes, then closes every connection with 1001 and waits for the
    /// documents to flush.
    pub async fn run_until(self, stop: impl Future<Output = ()> + Send + 'static) -> anyhow::Result<()> {
        let shutdown = self.state.shutdown.clone();
        let registry = Arc::clone(&self.state.registry);
        let pump = tokio::spawn(self.state.events.clone().pump(Arc::clone(&self.state.store), shutdown.clone()));
        tokio::spawn(apply_document_locks(self.state.events.subscribe(), Arc::clone(&registry), shutdown.clone()));
        if !self.retention_every.is_zero() {
            tokio::spawn(apply_retention(self.state.domain.clone(), self.retention_every, shutdown.clone()));
        }
        let signal = {
            let shutdown = shutdown.clone();
            async move {
                stop.await;
                info!("shutting down");
                shutdown.cancel();
            }
        };
        let connections = serve(self.listener, http::router(self.state), self.header_timeout, signal).await;
        connections.wait().await;
        let _ = pump.await;
        if tokio::time::timeout(UNLOAD_GRACE, registry.wait_for_unload()).await.is_err() {
            warn!("some documents did not unload in time; their updates are committed, only compaction was skipped");
        }
        Ok(())
    }

    /// Serves until Ctrl-C or SIGTERM.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        self.run_until(stop_signal()).await
    }
}

/// Accepts connections and serves HTTP/1.1 on each, in a task of its own, until `signal`
/// completes; then stops accepting and asks every connection to finish its request under way and
/// close. Gives the tracker of the connections' tasks, to wait for them.
///
/// hyper's header read timeout bounds how long a connection may take to send a request's headers,
/// counted from when it opened or its previous response ended: a request whose headers never end,
/// a WebSocket handshake that never completes and an idle keep-alive connection are all closed
/// after `header_timeout`. It does not run while a response is under way (an event stream is not
/// cut) nor once a connection was upgraded to a WebSocket, whose own keep-alive and idle timeout
/// take over.
async fn serve(
    listener: TcpListener,
    router: Router,
    header_timeout: Duration,
    signal: impl Future<Output = ()> + Send + 'static,
) -> TaskTracker {
    let connections = TaskTracker::new();
    let stopping = CancellationToken::new();
    let stop_accepting = stopping.clone();
    tokio::spawn(async move {
        signal.await;
        stop_accepting.cancel();
    });
    loop {
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors, or a connection reset before it was accepted: the
                    // listener itself is fine, so wait a little rather than spin.
                    warn!(%error, "could not accept a connection");
                    tokio::select! {
                        _ = tokio::time::sleep(Duration::from_millis(100)) => continue,
                        _ = stopping.cancelled() => break,
                    }
                }
            },
            _ = stopping.cancelled() => break,
        };
        // Nagle's algorithm would hold small frames back for up to 40 ms; every frame here is small.
        if let Err(error) = stream.set_nodelay(true) {
            warn!(%error, "could not set TCP_NODELAY");
        }
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(remote));
            router.clone().call(request)
        });
        let stopping = stopping.clone();
        connections.spawn(async move {
            let connection = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout)
                .serve_connection(TokioIo::new(stream), service)
                .with_upgrades();
            tokio::pin!(connection);
            let result = tokio::select! {
                result = connection.as_mut() => result,
                _ = stopping.cancelled() => {
                    connection.as_mut().graceful_shutdown();
                    connection.await
                }
            };
            if let Err(error) = result {
                debug!(%error, %remote, "an HTTP connection ended with an error");
            }
        });
    }
    connections.close();
    connections
}

/// Opens the store and the token keys, as every command that touches the database does.
pub async fn open_database(database: &DatabaseArgs) -> anyhow::Result<(Arc<dyn Store>, TokenKeys)> {
    let store = store::open(&database.database_url).await.with_context(|| {
        format!("could not open the database {}", crate::config::masked_url(&database.database_url))
    })?;
    let secret = match &database.jwt_secret {
        Some(secret) => secret.expose().as_bytes().to_vec(),
        None => {
            let mut generated = [0u8; 32];
            rand::rng().fill_bytes(&mut generated);
            let secret = store.setting_or_insert(JWT_SECRET_SETTING, &hex::encode(generated)).await?;
            hex::decode(secret).context("the stored signing secret is not hex; set KINPLAN_JWT_SECRET")?
        }
    };
    Ok((store, TokenKeys::new(&secret)))
}

/// Applies the retention rules a minute after start and then every `every`, as the operator
/// (audited as such), until shutdown. A run that fails is logged and tried again at the next.
async fn apply_retention(domain: crate::domain::Domain, every: Duration, shutdown: CancellationToken) {
    let mut next = tokio::time::Instant::now() + Duration::from_secs(60).min(every);
    loop {
        tokio::select! {
            _ = tokio::time::sleep_until(next) => {}
            _ = shutdown.cancelled() => return,
        }
        next += every;
        let today = crate::domain::retention::today();
        match crate::domain::retention::run(&domain, &crate::domain::Actor::operator(), today, false).await {
            Ok(report) => {
                let deleted = report.items.iter().filter(|item| item.held.is_none()).count();
                info!(as_of = %report.as_of, deleted, held = report.items.len() - deleted, "retention rules applied");
            }
            Err(error) => warn!(%error, "the retention rules could not be applied; trying again at the next run"),
        }
    }
}

/// Applies lock changes made by other processes (or this one) to live documents.
async fn apply_document_locks(
    mut events: tokio::sync::broadcast::Receiver<Arc<crate::events::MeetingEvent>>,
    registry: Arc<DocumentRegistry>,
    shutdown: CancellationToken,
) {
    loop {
        let event = tokio::select! {
            event = events.recv() => event,
            _ = shutdown.cancelled() => return,
        };
        match event {
            Ok(event) => {
                if let crate::events::MeetingEvent::DocumentLock { document, locked, .. } = event.as_ref() {
                    registry.set_locked(document, *locked).await;
                }
            }
            Err(tokio::sync::broadcast::error::RecvError::Lagged(skipped)) => {
                warn!(skipped, "document lock events were missed; live documents keep the locks they had");
            }
            Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
        }
    }
}

fn public_url(config: &ServeConfig, bound: SocketAddr) -> String {
    match &config.public_url {
        Some(url) => url.trim_end_matches('/').to_owned(),
        None => format!("http://{bound}"),
    }
}

async fn stop_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {}
        _ = terminate => {}
    }
}
