//! What the server counts about itself: read by tests, and served at `GET /metrics` in the
//! Prometheus text format for operators and the benchmark.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RoleLabel {
    pub role: &'static str,
}

#[derive(Debug)]
pub struct ServerStats {
    registry: Registry,
    /// Every time a document was read from storage into memory; two people joining a cold
    /// document at once must count one load, not two.
    pub document_loads: Counter,
    /// Documents in memory now.
    pub documents_live: Gauge,
    /// WebSocket connections open now.
    pub connections_open: Gauge,
    /// The same, by role (`editor`, `viewer`).
    pub connections_by_role: Family<RoleLabel, Gauge>,
    /// Connections closed because their outgoing queue was full.
    pub slow_clients_closed: Counter,
    /// Updates accepted from clients and applied.
    pub updates_received: Counter,
    /// Updates refused whole: outside the document's schema, nested too deep, or too large.
    pub updates_refused: Counter,
    /// Times applying an update panicked; the document then reloaded from storage.
    pub document_panics: Counter,
    /// Presence updates refused (not a JSON object, too large, too many for one connection).
    pub presence_refused: Counter,
    /// Updates committed to the log.
    pub updates_committed: Counter,
    /// Frames queued for clients (each update counts once per receiving connection).
    pub frames_sent: Counter,
    pub bytes_received: Counter,
    pub bytes_sent: Counter,
    /// Frames waiting in all outgoing queues now.
    pub outgoing_queued: Gauge,
    /// Compactions that finished and replaced a log with a snapshot.
    pub compactions: Counter,
    /// Updates other nodes committed, received through Redis and applied here.
    pub remote_updates_applied: Counter,
    /// Times a document read from storage what the fan-out had not brought.
    pub catch_ups: Counter,
    /// How long committing a batch of updates took.
    pub commit_seconds: Histogram,
    /// From an update's arrival to its being queued for every other connection, commit included.
    pub fan_out_seconds: Histogram,
}

impl ServerStats {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("kinplan");
        let stats = ServerStats {
            document_loads: Counter::default(),
            documents_live: Gauge::default(),
            connections_open: Gauge::default(),
            connections_by_role: Family::default(),
            slow_clients_closed: Counter::default(),
            updates_received: Counter::default(),
            updates_refused: Counter::default(),
            document_panics: Counter::default(),
            presence_refused: Counter::default(),
            updates_committed: Counter::default(),
            frames_sent: Counter::default(),
            bytes_received: Counter::default(),
            bytes_sent: Counter::default(),
            outgoing_queued: Gauge::default(),
            compactions: Counter::default(),
            remote_updates_applied: Counter::default(),
            catch_ups: Counter::default(),
            // 50 µs to about 3 s.
            commit_seconds: Histogram::new(exponential_buckets(0.000_05, 2.0, 16)),
            fan_out_seconds: Histogram::new(exponential_buckets(0.000_05, 2.0, 16)),
            registry: Registry::default(),
        };
        registry.register("document_loads", "Documents read from storage into memory", stats.document_loads.clone());
        registry.register("documents_loaded", "Documents in memory now", stats.documents_live.clone());
        registry.register("connections", "WebSocket connections open now", stats.connections_open.clone());
        registry.register(
            "connections_by_role",
            "WebSocket connections open now, by role",
            stats.connections_by_role.clone(),
        );
        registry.register(
            "slow_clients_closed",
            "Connections closed for falling behind",
            stats.slow_clients_closed.clone(),
        );
        registry.register("updates_received", "Updates accepted from clients", stats.updates_received.clone());
        registry.register("updates_refused", "Updates refused whole", stats.updates_refused.clone());
        registry.register("document_panics", "Documents reloaded after yrs panicked", stats.document_panics.clone());
        registry.register("presence_refused", "Presence updates refused", stats.presence_refused.clone());
        registry.register("updates_committed", "Updates committed to the log", stats.updates_committed.clone());
        registry.register("frames_sent", "Frames queued for clients", stats.frames_sent.clone());
        registry.register("bytes_received", "WebSocket payload bytes received", stats.bytes_received.clone());
        registry.register("bytes_sent", "WebSocket payload bytes sent", stats.bytes_sent.clone());
        registry.register("outgoing_queue_frames", "Frames waiting in outgoing queues", stats.outgoing_queued.clone());
        registry.register("compactions", "Log compactions finished", stats.compactions.clone());
        registry.register(
            "remote_updates_applied",
            "Updates from other nodes applied",
            stats.remote_updates_applied.clone(),
        );
        registry.register("catch_ups", "Catch-ups from storage", stats.catch_ups.clone());
        registry.register("commit_seconds", "Time to commit a batch of updates", stats.commit_seconds.clone());
        registry.register(
            "fan_out_seconds",
            "Time from an update's arrival to its being queued for everyone",
            stats.fan_out_seconds.clone(),
        );
        ServerStats { registry, ..stats }
    }

    /// The metrics in the Prometheus text format.
    pub fn encode(&self) -> String {
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &self.registry).expect("writing to a String cannot fail");
        text
    }
}

impl Default for ServerStats {
    fn default() -> Self {
        Self::new()
    }
}
