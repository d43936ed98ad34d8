//! Which cores the server under test and the load generator run on.
//!
//! Latency is measured with the two kept apart: the server on one half of the machine's cores, the
//! generator on the other. Sharing them, the 50 clients' bursts of work (each edit reaches 49 of
//! them at once) took the cores just when a server thread woke, and on a 2-core machine that wait
//! was most of every system's p99: a server's thread that sleeps on a disk write, or on another
//! thread, waited for a core behind the generator. Real clients run on devices of their own.
//! Scenarios that measure throughput or time to sync leave every core to both, as before.

use std::collections::BTreeSet;
use std::io;

use anyhow::Context;

/// The cores a process may run on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cores(BTreeSet<usize>);

impl Cores {
    /// The cores this process may use now, as the kernel says.
    pub fn available() -> anyhow::Result<Cores> {
        // SAFETY: cpu_set_t is plain data; all-zero is the empty set, filled by the call.
        let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
        // SAFETY: the size passed is the set's own.
        if unsafe { libc::sched_getaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &mut set) } != 0 {
            return Err(io::Error::last_os_error()).context("reading which cores this process may use");
        }
        // SAFETY: reading bits of a set the kernel filled.
        let cores = (0..libc::CPU_SETSIZE as usize).filter(|&core| unsafe { libc::CPU_ISSET(core, &set) }).collect();
        Ok(Cores(cores))
    }

    /// Halves for the generator (the first) and the server (the second), or `None` with a single
    /// core.
    pub fn split(&self) -> Option<(Cores, Cores)> {
        if self.0.len() < 2 {
            return None;
        }
        let generator: BTreeSet<usize> = self.0.iter().copied().take(self.0.len() / 2).collect();
        let server = self.0.difference(&generator).copied().collect();
        Some((Cores(generator), Cores(server)))
    }

    fn as_set(&self) -> libc::cpu_set_t {
        // SAFETY: as above.
        let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
        for &core in &self.0 {
            // SAFETY: every core number came from a set of CPU_SETSIZE.
            unsafe { libc::CPU_SET(core, &mut set) };
        }
        set
    }

    /// Moves every thread of this process onto these cores (threads started later inherit them).
    pub fn pin_this_process(&self) -> anyhow::Result<()> {
        let set = self.as_set();
        for task in std::fs::read_dir("/proc/self/task").context("listing this process's threads")? {
            let Ok(thread) = task?.file_name().to_string_lossy().parse::<libc::pid_t>() else {
                continue;
            };
            // SAFETY: a thread id of ours and a set of the size passed.
            if unsafe { libc::sched_setaffinity(thread, std::mem::size_of::<libc::cpu_set_t>(), &set) } != 0 {
                let error = io::Error::last_os_error();
                // A thread that ended since the listing is no matter.
                if error.raw_os_error() != Some(libc::ESRCH) {
                    return Err(error).with_context(|| format!("placing thread {thread} on cores {self}"));
                }
            }
        }
        Ok(())
    }

    /// Starts `command`'s process on these cores.
    pub fn apply_to(&self, command: &mut tokio::process::Command) {
        let set = self.as_set();
        // SAFETY: between fork and exec, sched_setaffinity is async-signal-safe, and `set` was
        // built before the fork.
        unsafe {
            command.pre_exec(move || {
                if libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set) != 0 {
                    return Err(io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
}

impl std::fmt::Display for Cores {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<String> = self.0.iter().map(usize::to_string).collect();
        formatter.write_str(&names.join(", "))
    }
}

/// Where the server and the generator run during one system's measurement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// Both may use every core.
    Shared,
    /// Each on its own half of the cores (`Cores::split`).
    Apart,
}

/// Cores chosen for one measurement; on drop the generator may use every core again.
pub struct Placed {
    pub server: Option<Cores>,
    everything: Option<Cores>,
}

impl Placed {
    /// Puts the generator on its half now, and says which half the server is to start on.
    pub fn new(placement: Placement) -> anyhow::Result<Placed> {
        if placement == Placement::Shared {
            return Ok(Placed { server: None, everything: None });
        }
        let everything = Cores::available()?;
        let Some((generator, server)) = everything.split() else {
            return Ok(Placed { server: None, everything: None });
        };
        generator.pin_this_process()?;
        Ok(Placed { server: Some(server), everything: Some(everything) })
    }
}

impl Drop for Placed {
    fn drop(&mut self) {
        if let Some(everything) = &self.everything {
            if let Err(error) = everything.pin_this_process() {
                eprintln!("    could not give the generator every core again: {error:#}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves_share_no_core_and_cover_all() {
        let all = Cores((0..5).collect());
        let (generator, server) = all.split().unwrap();
        assert_eq!(generator.0, BTreeSet::from([0, 1]));
        assert_eq!(server.0, BTreeSet::from([2, 3, 4]));
        assert!(Cores(BTreeSet::from([3])).split().is_none());
    }

    #[test]
    fn this_process_can_be_moved_and_moved_back() {
        let all = Cores::available().unwrap();
        let (generator, _) = all.split().expect("this machine has at least two cores");
        generator.pin_this_process().unwrap();
        assert_eq!(Cores::available().unwrap(), generator);
        all.pin_this_process().unwrap();
        assert_eq!(Cores::available().unwrap(), all);
    }
}
