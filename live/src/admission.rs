//! Admission of long-lived connections: how many WebSocket connections and event streams one
//! server takes in all, and how many one network address or one grant (a sign-in or a join link)
//! may hold. A connection past a limit is refused with a clear reason, so that one person cannot
//! take every file descriptor and the server never runs out of them.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::sync::{Arc, Mutex};

/// Descriptors kept back from the connection limit for the database, the log and the listener.
const RESERVED_DESCRIPTORS: usize = 256;

/// The limits, and what is open now.
pub struct Admissions {
    max_connections: usize,
    max_per_address: usize,
    max_per_grant: usize,
    max_event_streams: usize,
    /// Keys addresses and grants by a keyed hash, so a connection's share costs it no strings.
    hasher: RandomState,
    open: Mutex<Open>,
}

#[derive(Default)]
struct Open {
    connections: usize,
    event_streams: usize,
    by_address: HashMap<u64, usize>,
    by_grant: HashMap<u64, usize>,
}

/// Why a connection was not let in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the server is full; try again in a few minutes")]
    ServerFull,
    #[error("too many connections from your network address; close some tabs and try again")]
    Address,
    #[error("too many connections under your sign-in or link; close some tabs and try again")]
    Grant,
}

/// A connection's place, given back when it drops.
pub struct Admission {
    admissions: Arc<Admissions>,
    address: Option<u64>,
    grant: Option<u64>,
}

/// An event stream's place, given back when it drops.
pub struct StreamAdmission {
    admissions: Arc<Admissions>,
}

impl Admissions {
    /// Limits of 0 per address or per grant mean none.
    pub fn new(max_connections: usize, max_per_address: usize, max_per_grant: usize, max_event_streams: usize) -> Self {
        Admissions {
            max_connections,
            max_per_address: if max_per_address == 0 { usize::MAX } else { max_per_address },
            max_per_grant: if max_per_grant == 0 { usize::MAX } else { max_per_grant },
            max_event_streams,
            hasher: RandomState::new(),
            open: Mutex::new(Open::default()),
        }
    }

    /// What the process's file limit allows for connections, less a reserve.
    pub fn default_max_connections() -> usize {
        descriptor_limit().saturating_sub(RESERVED_DESCRIPTORS).max(16)
    }

    /// Takes a place for a WebSocket connection from `address` under `grant`.
    pub fn admit_connection(
        self: &Arc<Self>,
        address: Option<&str>,
        grant: Option<&str>,
    ) -> Result<Admission, Refusal> {
        let address = address.map(|address| self.hasher.hash_one(address));
        let grant = grant.map(|grant| self.hasher.hash_one(grant));
        let mut open = self.open.lock().expect("admissions lock");
        if open.connections >= self.max_connections {
            return Err(Refusal::ServerFull);
        }
        if address.is_some_and(|key| open.by_address.get(&key).copied().unwrap_or(0) >= self.max_per_address) {
            return Err(Refusal::Address);
        }
        if grant.is_some_and(|key| open.by_grant.get(&key).copied().unwrap_or(0) >= self.max_per_grant) {
            return Err(Refusal::Grant);
        }
        open.connections += 1;
        if let Some(key) = address {
            *open.by_address.entry(key).or_default() += 1;
        }
        if let Some(key) = grant {
            *open.by_grant.entry(key).or_default() += 1;
        }
        Ok(Admission { admissions: Arc::clone(self), address, grant })
    }

    /// Takes a place for an event stream; none when the server has all it takes.
    pub fn admit_event_stream(self: &Arc<Self>) -> Option<StreamAdmission> {
        let mut open = self.open.lock().expect("admissions lock");
        if open.event_streams >= self.max_event_streams {
            return None;
        }
        open.event_streams += 1;
        Some(StreamAdmission { admissions: Arc::clone(self) })
    }
}

fn give_back(counts: &mut HashMap<u64, usize>, key: Option<u64>) {
    let Some(key) = key else { return };
    if let Some(count) = counts.get_mut(&key) {
        *count -= 1;
        if *count == 0 {
            counts.remove(&key);
        }
    }
}

impl Drop for Admission {
    fn drop(&mut self) {
        let mut open = self.admissions.open.lock().expect("admissions lock");
        open.connections -= 1;
        give_back(&mut open.by_address, self.address);
        give_back(&mut open.by_grant, self.grant);
    }
}

impl Drop for StreamAdmission {
    fn drop(&mut self) {
        self.admissions.open.lock().expect("admissions lock").event_streams -= 1;
    }
}

/// The process's soft limit on open files, raised to the hard limit first where it is lower.
fn descriptor_limit() -> usize {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit and setrlimit only read and write the struct passed.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return 1024;
        }
        if limit.rlim_cur < limit.rlim_max {
            let raised = libc::rlimit { rlim_cur: limit.rlim_max, rlim_max: limit.rlim_max };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                limit = raised;
            }
        }
    }
    usize::try_from(limit.rlim_cur).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_counted_per_address_and_grant_and_given_back() {
        let admissions = Arc::new(Admissions::new(3, 2, 1, 1));
        let first = admissions.admit_connection(Some("10.0.0.1"), Some("link:a")).unwrap();
        assert_eq!(admissions.admit_connection(Some("10.0.0.2"), Some("link:a")).err(), Some(Refusal::Grant));
        let second = admissions.admit_connection(Some("10.0.0.1"), Some("link:b")).unwrap();
        assert_eq!(admissions.admit_connection(Some("10.0.0.1"), None).err(), Some(Refusal::Address));
        let third = admissions.admit_connection(Some("10.0.0.3"), None).unwrap();
        assert_eq!(admissions.admit_connection(None, None).err(), Some(Refusal::ServerFull));
        drop((first, second, third));
        assert!(admissions.admit_connection(Some("10.0.0.1"), Some("link:a")).is_ok());
        assert!(admissions.open.lock().unwrap().by_address.is_empty());

        let stream = admissions.admit_event_stream().unwrap();
        assert!(admissions.admit_event_stream().is_none());
        drop(stream);
        assert!(admissions.admit_event_stream().is_some());
    }
}
