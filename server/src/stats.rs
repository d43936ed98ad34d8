//! Counters the server keeps about itself, read by tests and operators.

use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

#[derive(Debug, Default)]
pub struct ServerStats {
    /// Every time a document was read from storage into memory; two people joining a cold
    /// document at once must count one load, not two.
    pub document_loads: AtomicU64,
    /// Documents in memory now.
    pub documents_live: AtomicI64,
    /// WebSocket connections open now.
    pub connections_open: AtomicI64,
    /// Connections closed because their outgoing queue was full.
    pub slow_clients_closed: AtomicU64,
    /// Updates committed to the log.
    pub updates_committed: AtomicU64,
    /// Compactions that finished and replaced a log with a snapshot.
    pub compactions: AtomicU64,
}

impl ServerStats {
    pub fn get(counter: &AtomicU64) -> u64 {
        counter.load(Ordering::Relaxed)
    }

    pub(crate) fn increment(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn add(counter: &AtomicI64, delta: i64) {
        counter.fetch_add(delta, Ordering::Relaxed);
    }
}
