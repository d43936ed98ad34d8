//! Limits on attempts (sign-ins, joins, access codes) per key in a fixed window, counted in the
//! database so every server process shares them. An attempt is **reserved** before the slow
//! check (argon2) runs: a burst of parallel guesses is counted as it arrives, so no more than the
//! limit are ever checked. A success gives its reservation back; nothing ever clears every key.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::secrets::{now_millis, secret_hash};
use crate::store::{Store, StoreError};

/// Every this many reservations, counters whose window has passed are deleted.
const PRUNE_EVERY: u64 = 256;

pub struct AttemptLimiter {
    store: Arc<dyn Store>,
    /// Keeps the keys of different limits apart in the one table.
    scope: &'static str,
    window: Duration,
    max_attempts: i64,
    reservations: AtomicU64,
}

/// Why an attempt may not be made now.
#[derive(Debug)]
pub enum Refusal {
    /// Too many attempts: try again after this long.
    TooMany(Duration),
    Store(StoreError),
}

impl From<StoreError> for Refusal {
    fn from(error: StoreError) -> Self {
        Refusal::Store(error)
    }
}

impl AttemptLimiter {
    pub fn new(store: Arc<dyn Store>, scope: &'static str, window: Duration, max_attempts: i64) -> Self {
        AttemptLimiter { store, scope, window, max_attempts, reservations: AtomicU64::new(0) }
    }

    fn key_hash(&self, key: &str) -> String {
        secret_hash(&format!("{}:{key}", self.scope))
    }

    /// Counts an attempt for `key` before it is checked; refused once the window holds the limit.
    pub async fn reserve(&self, key: &str) -> Result<(), Refusal> {
        let now = now_millis();
        let window = self.window.as_millis() as i64;
        if self.reservations.fetch_add(1, Ordering::Relaxed) % PRUNE_EVERY == PRUNE_EVERY - 1 {
            self.store.prune_attempts(now - window).await?;
        }
        let (count, window_start) = self.store.reserve_attempt(&self.key_hash(key), now, now - window).await?;
        if count > self.max_attempts {
            let left = (window_start + window - now).max(1000);
            return Err(Refusal::TooMany(Duration::from_millis(left as u64)));
        }
        Ok(())
    }

    /// Gives back a reservation whose attempt succeeded (or was never checked).
    pub async fn release(&self, key: &str) -> Result<(), StoreError> {
        self.store.release_attempt(&self.key_hash(key)).await
    }

    /// Forgets every attempt of `key` (after a right password for that account).
    pub async fn clear(&self, key: &str) -> Result<(), StoreError> {
        self.store.clear_attempts(&self.key_hash(key)).await
    }
}
