//! Many rooms: R rooms with two clients each, idle once joined. Measures the server's memory at
//! rest, with one client in every room (who wrote a sentence), and with the second client too; so
//! memory per room and per idle connection. At 5,000 rooms it is also the 10,000-connection check.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::bail;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::{connect_clients, stay_connected};
use crate::client::{ClientOptions, LoadClient};
use crate::process::Memory;
use crate::report::count;
use crate::servers::ServerUnderTest;

/// What the first client of each room writes, as a person starting a plan would.
const SENTENCE: &str = "A small plan with a few words.";

/// How long to let the server settle before reading its memory.
const SETTLE: Duration = Duration::from_secs(2);

#[derive(Debug, Clone)]
pub struct Settings {
    pub rooms: usize,
}

impl Settings {
    pub fn describe(&self) -> String {
        format!("{} rooms × 2 clients", count(self.rooms as u64))
    }
}

#[derive(Debug, Clone)]
pub struct Outcome {
    pub rooms: usize,
    pub at_rest: Memory,
    pub one_client_each: Memory,
    pub two_clients_each: Memory,
    /// Connections still open when memory was read last, against those opened.
    pub connections_open: usize,
    pub connections_expected: usize,
    /// Time to connect and sync every client, both phases together.
    pub connect_time: Duration,
    /// What kinplan's metrics said beside the last RSS reading: documents loaded, connections.
    pub server_counts: Option<(f64, f64)>,
}

impl Outcome {
    /// Server memory per room with both its clients, over the server at rest.
    pub fn kib_per_room(&self) -> f64 {
        self.two_clients_each.resident_kib.saturating_sub(self.at_rest.resident_kib) as f64 / self.rooms as f64
    }

    /// What the second, idle, connection of a room added.
    pub fn kib_per_idle_connection(&self) -> f64 {
        self.two_clients_each.resident_kib.saturating_sub(self.one_client_each.resident_kib) as f64 / self.rooms as f64
    }
}

pub async fn run(server: &ServerUnderTest, settings: &Settings) -> anyhow::Result<Outcome> {
    let needed_files = 2 * settings.rooms + 64;
    let open_file_limit = crate::process::raise_open_file_limit()?;
    if needed_files as u64 > open_file_limit {
        bail!(
            "{} rooms × 2 clients need {needed_files} open files, and this process may open \
             {open_file_limit} (ulimit -n)",
            settings.rooms
        );
    }
    tokio::time::sleep(SETTLE).await;
    let at_rest = server.memory()?;
    let rooms: Vec<usize> = (0..settings.rooms).collect();
    let (stop, stopped) = watch::channel(false);
    let open = Arc::new(AtomicUsize::new(0));
    let mut idle_tasks = Vec::with_capacity(2 * settings.rooms);

    let connecting = Instant::now();
    let mut first_clients = connect_clients(server, &rooms, "first", ClientOptions::default()).await?;
    // Each first client writes a sentence, and waits until the server has handled (kinplan:
    // committed) it, many rooms at a time.
    let mut writes = Vec::with_capacity(first_clients.len());
    for mut client in first_clients.drain(..) {
        writes.push(tokio::spawn(async move {
            client.append_note(SENTENCE).await?;
            client.round_trip().await?;
            anyhow::Ok(client)
        }));
    }
    for write in writes {
        idle_tasks.push(keep(write.await??, &open, &stopped));
    }
    let first_phase = connecting.elapsed();
    tokio::time::sleep(SETTLE).await;
    let one_client_each = server.memory()?;

    let connecting = Instant::now();
    let second_clients = connect_clients(server, &rooms, "second", ClientOptions::default()).await?;
    for client in second_clients {
        if client.notes_text() != SENTENCE {
            bail!("a second client found {:?} instead of the first client's sentence", client.notes_text());
        }
        idle_tasks.push(keep(client, &open, &stopped));
    }
    let connect_time = first_phase + connecting.elapsed();
    tokio::time::sleep(SETTLE).await;
    let two_clients_each = server.memory()?;
    let connections_open = open.load(Ordering::Relaxed);
    let server_counts = server
        .metrics()
        .await
        .transpose()?
        .map(|metrics| (metrics.value("kinplan_documents_loaded"), metrics.value("kinplan_connections")));

    let _ = stop.send(true);
    let mut failures = 0;
    for task in idle_tasks {
        if !matches!(task.await, Ok(Ok(()))) {
            failures += 1;
        }
    }
    if failures > 0 {
        eprintln!("    {failures} idle clients were disconnected by the server");
    }
    Ok(Outcome {
        rooms: settings.rooms,
        at_rest,
        one_client_each,
        two_clients_each,
        connections_open,
        connections_expected: 2 * settings.rooms,
        connect_time,
        server_counts,
    })
}

/// Keeps `client` connected in its own task, counted in `open` while it is.
fn keep(
    client: LoadClient,
    open: &Arc<AtomicUsize>,
    stopped: &watch::Receiver<bool>,
) -> JoinHandle<anyhow::Result<()>> {
    let open = Arc::clone(open);
    let stopped = stopped.clone();
    open.fetch_add(1, Ordering::Relaxed);
    tokio::spawn(async move {
        let result = stay_connected(client, stopped).await;
        open.fetch_sub(1, Ordering::Relaxed);
        result
    })
}
