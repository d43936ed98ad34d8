//! Fan-out: R rooms of C clients, each client editing at f edits per second for a while. Measures
//! the time from one client's edit to each other client's receipt of it, counts deliveries against
//! those expected, and checks at the end that every client of a room holds the same document.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::bail;
use tokio::sync::watch;
use tokio::time::{sleep, sleep_until, Instant};
use yrs::{Any, StateVector};

use super::{connect_clients, spread, until_set, Percentiles, AWARENESS_REFRESH};
use crate::client::{ClientOptions, LoadClient};
use crate::metrics::ServerAccount;
use crate::process::{CpuUse, CpuWindow};
use crate::report::count;
use crate::servers::ServerUnderTest;

#[derive(Debug, Clone)]
pub struct Settings {
    pub rooms: usize,
    pub clients_per_room: usize,
    pub edits_per_second: f64,
    pub duration: Duration,
    /// Runs per system, the systems taking turns; the run with the median p99 is reported.
    pub runs: usize,
    pub writers: Writers,
}

/// Which clients of a room edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writers {
    All,
    /// Every other client (the first, the third, …), at twice the rate, so the room sees as many
    /// edits as with all; with two nodes these are the clients of the first node, and everyone
    /// reads.
    EveryOther,
}

impl Settings {
    pub fn describe(&self) -> String {
        format!(
            "{} room{} × {} clients, {} edits/s each, {} s",
            count(self.rooms as u64),
            if self.rooms == 1 { "" } else { "s" },
            self.clients_per_room,
            self.edits_per_second,
            self.duration.as_secs()
        ) + (if self.writers == Writers::EveryOther { ", every other client writing at twice that" } else { "" })
            + &if self.runs > 1 { format!(", median of {} runs", self.runs) } else { String::new() }
    }

    /// Whether client `index` of the scenario edits, and every how long.
    fn edit_interval(&self, index: usize) -> Option<Duration> {
        let interval = Duration::from_secs_f64(1.0 / self.edits_per_second);
        match self.writers {
            Writers::All => Some(interval),
            Writers::EveryOther => (index % 2 == 0).then(|| interval / 2),
        }
    }

    /// The time between two edits anywhere in the scenario: between two commits, for kinplan,
    /// when each edit is committed on its own.
    pub fn edit_pace(&self) -> Duration {
        Duration::from_secs_f64(1.0 / (self.rooms as f64 * self.clients_per_room as f64 * self.edits_per_second))
    }
}

#[derive(Debug, Clone)]
pub struct Outcome {
    /// From an edit's sending to the kernel's receipt of it at each other client.
    pub latency: Option<Percentiles>,
    /// From an edit's sending to each other client's handling of it: later by the time the
    /// generator spent on other clients' frames first.
    pub handled_latency: Option<Percentiles>,
    pub edits_sent: u64,
    pub deliveries: u64,
    pub expected_deliveries: u64,
    pub rooms_converged: usize,
    pub rooms: usize,
    /// Clients whose connection failed during the run.
    pub clients_lost: usize,
    /// CPU use while the clients were editing.
    pub cpu: CpuUse,
    /// kinplan's own metrics over the run: what it committed and how long that took.
    pub server: Option<ServerAccount>,
}

/// How long to wait, after the last edit, for the deliveries still on their way.
const DRAIN_PATIENCE: Duration = Duration::from_secs(10);

struct Counters {
    sent: AtomicU64,
    delivered: AtomicU64,
}

/// What one client knew at the end.
struct ClientOutcome {
    room: usize,
    latencies_micros: Vec<u32>,
    handled_latencies_micros: Vec<u32>,
    state: (StateVector, Any, String),
    edits_in_map: usize,
    edits_sent: u64,
}

pub async fn run(server: &ServerUnderTest, settings: &Settings) -> anyhow::Result<Outcome> {
    if settings.clients_per_room < 2 {
        bail!("fan-out needs at least two clients a room");
    }
    let room_of_client: Vec<usize> =
        (0..settings.rooms).flat_map(|room| std::iter::repeat_n(room, settings.clients_per_room)).collect();
    let clients = connect_clients(server, &room_of_client, "fan-out", ClientOptions::default()).await?;

    let counters = Arc::new(Counters { sent: AtomicU64::new(0), delivered: AtomicU64::new(0) });
    let (finish, finished) = watch::channel(false);
    // Everyone has connected; give the servers a moment to settle the joins' awareness traffic.
    let start_at = Instant::now() + Duration::from_millis(500);
    let edits_end = start_at + settings.duration;
    let mut tasks = Vec::with_capacity(clients.len());
    for (index, (client, &room)) in clients.into_iter().zip(&room_of_client).enumerate() {
        let interval = settings.edit_interval(index);
        let first_edit_at = start_at + interval.unwrap_or_default().mul_f64(spread(index));
        tasks.push(tokio::spawn(run_client(
            client,
            room,
            first_edit_at,
            interval,
            edits_end,
            Arc::clone(&counters),
            finished.clone(),
        )));
    }

    let metrics_before = server.metrics().await.transpose()?;
    sleep_until(start_at).await;
    let cpu_window = CpuWindow::start(&server.pids())?;
    sleep_until(edits_end).await;
    let cpu = cpu_window.finish()?;

    let others = settings.clients_per_room as u64 - 1;
    let drain_deadline = Instant::now() + DRAIN_PATIENCE;
    while counters.delivered.load(Ordering::Relaxed) < counters.sent.load(Ordering::Relaxed) * others
        && Instant::now() < drain_deadline
    {
        sleep(Duration::from_millis(20)).await;
    }
    let _ = finish.send(true);
    let metrics_after = server.metrics().await.transpose()?;
    let server_account = metrics_before.zip(metrics_after).map(|(before, after)| after.account_since(&before));

    let (mut outcomes, clients_lost) = super::outcomes_of(tasks).await?;

    let edits_sent = counters.sent.load(Ordering::Relaxed);
    let rooms_converged =
        (0..settings.rooms).filter(|&room| room_converged(&outcomes, room, settings.clients_per_room)).count();
    let latencies: Vec<u32> =
        outcomes.iter_mut().flat_map(|outcome| std::mem::take(&mut outcome.latencies_micros)).collect();
    let handled_latencies: Vec<u32> =
        outcomes.iter_mut().flat_map(|outcome| std::mem::take(&mut outcome.handled_latencies_micros)).collect();
    Ok(Outcome {
        latency: Percentiles::of(latencies),
        handled_latency: Percentiles::of(handled_latencies),
        edits_sent,
        deliveries: counters.delivered.load(Ordering::Relaxed),
        expected_deliveries: edits_sent * others,
        rooms_converged,
        rooms: settings.rooms,
        clients_lost,
        cpu,
        server: server_account,
    })
}

/// Every client of `room` answered, and all hold the same document, with every edit of the room
/// in it.
fn room_converged(outcomes: &[ClientOutcome], room: usize, clients_per_room: usize) -> bool {
    let members: Vec<&ClientOutcome> = outcomes.iter().filter(|o| o.room == room).collect();
    let Some(first) = members.first() else {
        return false;
    };
    members.len() == clients_per_room
        && members.iter().all(|member| member.state == first.state)
        && first.edits_in_map as u64 == members.iter().map(|member| member.edits_sent).sum::<u64>()
}

async fn run_client(
    mut client: LoadClient,
    room: usize,
    first_edit_at: Instant,
    interval: Option<Duration>,
    edits_end: Instant,
    counters: Arc<Counters>,
    mut finished: watch::Receiver<bool>,
) -> anyhow::Result<ClientOutcome> {
    let mut next_edit = first_edit_at;
    let mut next_awareness = Instant::now() + AWARENESS_REFRESH;
    loop {
        tokio::select! {
            frame = client.next_frame() => {
                let delivered = client.handle_frame(&frame?).await?;
                counters.delivered.fetch_add(delivered, Ordering::Relaxed);
            }
            _ = sleep_until(next_edit), if interval.is_some() && next_edit < edits_end => {
                client.send_edit().await?;
                counters.sent.fetch_add(1, Ordering::Relaxed);
                // On schedule, not after the last send: a late edit does not slow the rate.
                next_edit += interval.unwrap_or_default();
            }
            _ = sleep_until(next_awareness) => {
                client.send_awareness().await?;
                next_awareness += AWARENESS_REFRESH;
            }
            _ = until_set(&mut finished) => break,
        }
    }
    let state = client.state();
    let edits_in_map = match &state.1 {
        Any::Map(entries) => entries.len(),
        _ => 0,
    };
    let outcome = ClientOutcome {
        room,
        latencies_micros: std::mem::take(&mut client.latencies_micros),
        handled_latencies_micros: std::mem::take(&mut client.handled_latencies_micros),
        state,
        edits_in_map,
        edits_sent: client.edits_sent,
    };
    client.close().await;
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(rooms: usize, clients_per_room: usize, edits_per_second: f64) -> Settings {
        Settings {
            rooms,
            clients_per_room,
            edits_per_second,
            duration: Duration::from_secs(1),
            runs: 1,
            writers: Writers::All,
        }
    }

    #[test]
    fn the_edit_pace_spans_every_client_of_every_room() {
        assert_eq!(settings(1, 50, 5.0).edit_pace(), Duration::from_millis(4));
        assert_eq!(settings(20, 10, 5.0).edit_pace(), Duration::from_millis(1));
        assert_eq!(settings(1, 50, 20.0).edit_pace(), Duration::from_millis(1));
    }

    #[test]
    fn every_other_client_writes_at_twice_the_rate() {
        let half = Settings { writers: Writers::EveryOther, ..settings(1, 50, 5.0) };
        assert_eq!(half.edit_interval(0), Some(Duration::from_millis(100)));
        assert_eq!(half.edit_interval(1), None);
        assert_eq!(settings(1, 50, 5.0).edit_interval(1), Some(Duration::from_millis(200)));
    }
}
