//! Presence at scale: C clients in one document (500 by default), each moving its cursor once a
//! second, as editors send presence (awareness) when their user moves. Measures the server's CPU
//! and, at a sample of the clients, the time from each other client's move to its receipt.
//!
//! Every client reads what arrives; one in `SAMPLE_EVERY` also decodes each presence update and
//! keeps the latency of every other client's move in it (each state carries its send time), so
//! the generator's own work stays small beside the servers'.

use std::time::Duration;

use tokio::sync::watch;
use tokio::time::{sleep, sleep_until, Instant};

use super::{connect_clients_each, spread, until_set, Percentiles};
use crate::client::{ClientOptions, LoadClient};
use crate::process::{CpuUse, CpuWindow};
use crate::report::count;
use crate::servers::ServerUnderTest;

/// One client in this many measures latency.
const SAMPLE_EVERY: usize = 10;

/// How long to let the joins' presence traffic settle before the moves start.
const SETTLE: Duration = Duration::from_secs(2);

/// How long to wait, after the last move, for those still on their way.
const DRAIN: Duration = Duration::from_secs(2);

#[derive(Debug, Clone)]
pub struct Settings {
    pub clients: usize,
    pub moves_per_second: f64,
    pub duration: Duration,
}

impl Settings {
    pub fn describe(&self) -> String {
        format!(
            "{} clients in one document, each moving its cursor {} times a second, {} s",
            count(self.clients as u64),
            self.moves_per_second,
            self.duration.as_secs()
        )
    }
}

#[derive(Debug, Clone)]
pub struct Outcome {
    /// From a move's sending to its receipt at each sampled other client.
    pub latency: Option<Percentiles>,
    pub moves_sent: u64,
    /// Moves the sampled clients received from others, and how many the others sent.
    pub received: u64,
    pub expected: u64,
    /// Clients whose connection failed during the run.
    pub clients_lost: usize,
    /// CPU use while the clients moved.
    pub cpu: CpuUse,
}

/// What one client did and, when sampled, saw.
struct ClientOutcome {
    sampled: bool,
    moves_sent: u64,
    received: u64,
    latencies_micros: Vec<u32>,
}

pub async fn run(server: &ServerUnderTest, settings: &Settings) -> anyhow::Result<Outcome> {
    let rooms = vec![0; settings.clients];
    let options_of = |index: usize| ClientOptions {
        record_latencies: false,
        track_presence: index % SAMPLE_EVERY == 0,
        ..ClientOptions::default()
    };
    let clients = connect_clients_each(server, &rooms, "presence", options_of).await?;
    let interval = Duration::from_secs_f64(1.0 / settings.moves_per_second);
    let start_at = Instant::now() + SETTLE;
    let moves_end = start_at + settings.duration;
    let (finish, finished) = watch::channel(false);
    let mut tasks = Vec::with_capacity(clients.len());
    for (index, client) in clients.into_iter().enumerate() {
        let first_move_at = start_at + interval.mul_f64(spread(index));
        let moves = Moves { first: first_move_at, interval, end: moves_end };
        tasks.push(tokio::spawn(run_client(client, index % SAMPLE_EVERY == 0, moves, finished.clone())));
    }
    sleep_until(start_at).await;
    let cpu_window = CpuWindow::start(&server.pids())?;
    sleep_until(moves_end).await;
    let cpu = cpu_window.finish()?;
    sleep(DRAIN).await;
    let _ = finish.send(true);

    let (mut outcomes, clients_lost) = super::outcomes_of(tasks).await?;
    let moves_sent: u64 = outcomes.iter().map(|outcome| outcome.moves_sent).sum();
    let sampled: Vec<&ClientOutcome> = outcomes.iter().filter(|outcome| outcome.sampled).collect();
    let expected = sampled.iter().map(|outcome| moves_sent - outcome.moves_sent).sum();
    let received = sampled.iter().map(|outcome| outcome.received).sum();
    let latencies = outcomes.iter_mut().flat_map(|outcome| std::mem::take(&mut outcome.latencies_micros)).collect();
    Ok(Outcome { latency: Percentiles::of(latencies), moves_sent, received, expected, clients_lost, cpu })
}

/// When a client moves its cursor: from `first`, every `interval`, until `end`.
struct Moves {
    first: Instant,
    interval: Duration,
    end: Instant,
}

async fn run_client(
    mut client: LoadClient,
    sampled: bool,
    moves: Moves,
    mut finished: watch::Receiver<bool>,
) -> anyhow::Result<ClientOutcome> {
    let mut next_move = moves.first;
    // What arrived during the joins is not counted: the presences sent on joining carry no time.
    let mut cursor = 0;
    loop {
        tokio::select! {
            frame = client.next_frame() => {
                client.handle_frame(&frame?).await?;
            }
            _ = sleep_until(next_move), if next_move < moves.end => {
                cursor += 1;
                client.send_cursor(cursor).await?;
                next_move += moves.interval;
            }
            _ = until_set(&mut finished) => break,
        }
    }
    let outcome = ClientOutcome {
        sampled,
        moves_sent: cursor,
        received: client.presences_received,
        latencies_micros: std::mem::take(&mut client.presence_latencies_micros),
    };
    drop(client);
    Ok(outcome)
}
