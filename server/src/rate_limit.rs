//! Counts failed attempts (sign-ins, access codes) per key in a sliding window, so guessing is
//! slow. Kept in memory: a restart forgets, which only ever helps a legitimate person.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct FailureLimiter {
    window: Duration,
    max_failures: usize,
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl FailureLimiter {
    pub fn new(window: Duration, max_failures: usize) -> Self {
        FailureLimiter { window, max_failures, failures: Mutex::new(HashMap::new()) }
    }

    /// Ok while `key` has failed fewer than the limit within the window; otherwise how long to
    /// wait until the oldest failure leaves the window.
    pub fn check(&self, key: &str) -> Result<(), Duration> {
        let mut failures = self.failures.lock().expect("limiter lock");
        let now = Instant::now();
        let Some(times) = failures.get_mut(key) else { return Ok(()) };
        while times.front().is_some_and(|&time| now.duration_since(time) >= self.window) {
            times.pop_front();
        }
        if times.is_empty() {
            failures.remove(key);
            return Ok(());
        }
        if times.len() >= self.max_failures {
            let oldest = *times.front().expect("not empty");
            return Err(self.window.saturating_sub(now.duration_since(oldest)));
        }
        Ok(())
    }

    pub fn record_failure(&self, key: &str) {
        let mut failures = self.failures.lock().expect("limiter lock");
        // Bound the memory an attacker can make us spend on keys.
        if failures.len() > 100_000 {
            failures.clear();
        }
        failures.entry(key.to_owned()).or_default().push_back(Instant::now());
    }

    pub fn clear(&self, key: &str) {
        self.failures.lock().expect("limiter lock").remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_the_limit_and_clears() {
        let limiter = FailureLimiter::new(Duration::from_secs(60), 3);
        for _ in 0..3 {
            assert!(limiter.check("a").is_ok());
            limiter.record_failure("a");
        }
        let wait = limiter.check("a").unwrap_err();
        assert!(wait > Duration::from_secs(50));
        assert!(limiter.check("b").is_ok());
        limiter.clear("a");
        assert!(limiter.check("a").is_ok());
    }
}
