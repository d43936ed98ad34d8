//! The load scenarios run against every system alike, and what they share: connecting many clients
//! at once, keeping idle clients alive, and latency percentiles.

pub mod crowd;
pub mod fan_out;
pub mod join_storm;
pub mod presence;
pub mod rooms;
pub mod writes;

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use tokio::sync::{watch, Semaphore};
use tokio::time::{sleep_until, Instant};

use crate::client::{ClientOptions, LoadClient};
use crate::servers::ServerUnderTest;

/// How often a client resends its presence, as the y-websocket client does. It also keeps idle
/// connections open: Hocuspocus closes a connection after 60 s without a message from it, and so
/// does kinplan.
pub const AWARENESS_REFRESH: Duration = Duration::from_secs(15);

/// Handshakes in progress at once while many clients connect; a listen backlog holds more.
pub const CONNECT_CONCURRENCY: usize = 128;

/// The name of room `index`, the same on every system.
pub fn room_name(index: usize) -> String {
    format!("room-{index}")
}

/// Connects one client to each of `rooms` (room indices, one client each, in order) and waits until
/// each is synced, `CONNECT_CONCURRENCY` at a time; gives the clients in the same order. With
/// several nodes, client `i` connects to node `i` modulo their number.
pub async fn connect_clients(
    server: &ServerUnderTest,
    rooms: &[usize],
    label_prefix: &str,
    options: ClientOptions,
) -> anyhow::Result<Vec<LoadClient>> {
    connect_clients_each(server, rooms, label_prefix, |_| options).await
}

/// [`connect_clients`], with each client's options from `options_of` its index.
pub async fn connect_clients_each(
    server: &ServerUnderTest,
    rooms: &[usize],
    label_prefix: &str,
    options_of: impl Fn(usize) -> ClientOptions,
) -> anyhow::Result<Vec<LoadClient>> {
    let permits = Arc::new(Semaphore::new(CONNECT_CONCURRENCY));
    let mut handshakes = Vec::with_capacity(rooms.len());
    for (index, &room) in rooms.iter().enumerate() {
        let endpoint = server.endpoint_on(&room_name(room), index);
        let permits = Arc::clone(&permits);
        let label = format!("{label_prefix} {index}");
        let options = options_of(index);
        handshakes.push(tokio::spawn(async move {
            let _permit = permits.acquire_owned().await?;
            let mut client = LoadClient::connect(&endpoint, label, options).await?;
            client.wait_until_synced().await?;
            anyhow::Ok(client)
        }));
    }
    let mut clients = Vec::with_capacity(handshakes.len());
    for (index, handshake) in handshakes.into_iter().enumerate() {
        let client = handshake.await?.with_context(|| format!("client {index} could not connect and sync"))?;
        clients.push(client);
    }
    Ok(clients)
}

/// Keeps a client connected and behaving until `stop`: it handles what arrives and refreshes its
/// presence. Errors if the server closes the connection first.
pub async fn stay_connected(mut client: LoadClient, mut stop: watch::Receiver<bool>) -> anyhow::Result<()> {
    let mut next_awareness = Instant::now() + AWARENESS_REFRESH;
    loop {
        tokio::select! {
            frame = client.next_frame() => {
                client.handle_frame(&frame?).await?;
            }
            _ = sleep_until(next_awareness) => {
                client.send_awareness().await?;
                next_awareness += AWARENESS_REFRESH;
            }
            _ = until_set(&mut stop) => break,
        }
    }
    // Dropped, not closed politely: thousands of close handshakes would only slow the teardown.
    drop(client);
    Ok(())
}

/// Waits for every client's task; gives the outcomes of those that finished well, and how many
/// failed (each failure is printed).
pub async fn outcomes_of<T>(tasks: Vec<tokio::task::JoinHandle<anyhow::Result<T>>>) -> anyhow::Result<(Vec<T>, usize)> {
    let mut outcomes = Vec::with_capacity(tasks.len());
    let mut failed = 0;
    for task in tasks {
        match task.await? {
            Ok(outcome) => outcomes.push(outcome),
            Err(error) => {
                failed += 1;
                eprintln!("    a client failed: {error:#}");
            }
        }
    }
    Ok((outcomes, failed))
}

/// Waits until `flag` is set (or its sender is gone). Gives nothing back, so that no borrow of
/// the flag's value lives in a `select!` across an await.
pub async fn until_set(flag: &mut watch::Receiver<bool>) {
    let _ = flag.wait_for(|value| *value).await;
}

/// Latency percentiles, in milliseconds.
#[derive(Debug, Clone, Copy)]
pub struct Percentiles {
    pub p50: f64,
    pub p99: f64,
    pub p999: f64,
}

impl Percentiles {
    /// The nearest-rank percentiles of `samples_micros`; `None` when there are none.
    pub fn of(mut samples_micros: Vec<u32>) -> Option<Percentiles> {
        if samples_micros.is_empty() {
            return None;
        }
        samples_micros.sort_unstable();
        let rank = |quantile: f64| {
            let index = (quantile * samples_micros.len() as f64).ceil() as usize;
            f64::from(samples_micros[index.clamp(1, samples_micros.len()) - 1]) / 1000.0
        };
        Some(Percentiles { p50: rank(0.50), p99: rank(0.99), p999: rank(0.999) })
    }
}

/// A phase in `[0, 1)` for client `index`, spread evenly (the golden ratio's fractional part), so
/// that clients editing at the same rate do not all send in the same millisecond.
pub fn spread(index: usize) -> f64 {
    (index as f64 * 0.618_033_988_749_895).fract()
}

#[cfg(test)]
mod tests {
    use super::Percentiles;

    #[test]
    fn percentiles_are_nearest_rank() {
        let samples: Vec<u32> = (1..=1000).map(|value| value * 1000).collect();
        let percentiles = Percentiles::of(samples).unwrap();
        assert_eq!(percentiles.p50, 500.0);
        assert_eq!(percentiles.p99, 990.0);
        assert_eq!(percentiles.p999, 999.0);
        assert!(Percentiles::of(Vec::new()).is_none());
    }
}
