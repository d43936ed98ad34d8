//! A crowd of idle connections on one node: D documents (2,000) with C clients each (50), so
//! 100,000 connections, held for a while (a minute) with keep-alives flowing: every client
//! re-sends its unchanged presence every 15 s, as the y-websocket client does, and answers pings.
//! Measures how many connect and sync within the deadline and how long that takes, the server's
//! memory once all are held, and its CPU while they are held: the cost of keeping them alive.
//!
//! Clients connect from several loopback addresses (127.0.0.2 and on), 20,000 from each: one
//! source address has about 28,000 ports to reach one server's port.
//!
//! Each connection is an open file in the server and in the generator. Where the hard limit on
//! open files (`ulimit -Hn`) is below the count and cannot be raised (a container without
//! CAP_SYS_RESOURCE), the scenario holds as many whole documents as the limit allows, and says
//! so; the figures for the full count are then projected from what one connection cost.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::bail;
use tokio::sync::{watch, Semaphore};
use tokio::time::Instant;

use super::{room_name, stay_connected};
use crate::client::{ClientOptions, LoadClient};
use crate::process::{CpuUse, CpuWindow, Memory};
use crate::report::count;
use crate::servers::ServerUnderTest;

/// Clients from one loopback source address.
const CLIENTS_PER_ADDRESS: usize = 20_000;

/// Handshakes in progress at once.
const CONNECT_CONCURRENCY: usize = 256;

/// How long to let the server settle after the last client synced, before the hold is measured.
const SETTLE: Duration = Duration::from_secs(5);

/// Open files kept for everything but the clients' sockets.
const FILES_SPARE: u64 = 500;

#[derive(Debug, Clone)]
pub struct Settings {
    pub documents: usize,
    pub clients_per_document: usize,
    pub hold: Duration,
    /// Clients not synced by then are counted as not held.
    pub connect_deadline: Duration,
}

impl Outcome {
    /// `measured`, a figure of the connections held, scaled to the connections asked for.
    pub fn projected(&self, measured: f64) -> f64 {
        measured * self.asked as f64 / self.connections.max(1) as f64
    }

    /// The server's RSS with every connection asked for held: at rest, plus what each held
    /// connection added, times the connections asked for.
    pub fn projected_resident_kib(&self) -> f64 {
        let per_connection =
            self.memory.resident_kib.saturating_sub(self.at_rest_kib) as f64 / self.connections.max(1) as f64;
        self.at_rest_kib as f64 + per_connection * self.asked as f64
    }

    pub fn measured_all(&self) -> bool {
        self.connections >= self.asked
    }
}

impl Settings {
    pub fn connections(&self) -> usize {
        self.documents * self.clients_per_document
    }

    pub fn describe(&self) -> String {
        format!(
            "{} idle connections ({} documents × {}), held {} s",
            count(self.connections() as u64),
            count(self.documents as u64),
            self.clients_per_document,
            self.hold.as_secs()
        )
    }
}

#[derive(Debug, Clone)]
pub struct Outcome {
    /// The connections asked for, and those the open-file limit allowed (the measured).
    pub asked: usize,
    pub open_file_limit: u64,
    pub connections: usize,
    /// Synced within the deadline.
    pub connected: usize,
    /// Still open at the end of the hold.
    pub held: usize,
    /// From the first connect to the last sync (or the deadline).
    pub connect_time: Duration,
    /// Once all were held, and the most since the server started.
    pub memory: Memory,
    /// Before any client connected.
    pub at_rest_kib: u64,
    /// CPU use during the hold: the cost of keeping the connections alive.
    pub cpu: CpuUse,
}

pub async fn run(server: &ServerUnderTest, settings: &Settings) -> anyhow::Result<Outcome> {
    let asked = settings.connections();
    let open_file_limit = crate::process::raise_open_file_limit()?;
    let documents = settings
        .documents
        .min(open_file_limit.saturating_sub(FILES_SPARE) as usize / settings.clients_per_document.max(1));
    if documents == 0 {
        bail!("this process may open {open_file_limit} files: too few for one document's clients");
    }
    let connections = documents * settings.clients_per_document;
    if connections < asked {
        eprintln!(
            "    the open-file limit ({}) allows {} connections of the {} asked; the rest is projected",
            count(open_file_limit),
            count(connections as u64),
            count(asked as u64)
        );
    }
    tokio::time::sleep(SETTLE).await;
    let at_rest_kib = server.memory()?.resident_kib;
    let (stop, stopped) = watch::channel(false);
    let open = Arc::new(AtomicUsize::new(0));
    let permits = Arc::new(Semaphore::new(CONNECT_CONCURRENCY));
    let started = Instant::now();
    let deadline = started + settings.connect_deadline;
    let last_synced = Arc::new(std::sync::Mutex::new(started));
    let mut tasks = Vec::with_capacity(connections);
    for index in 0..connections {
        // Document by document: each document's clients connect together, as a meeting's do.
        let endpoint = server.endpoint(&room_name(index / settings.clients_per_document));
        let source = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2 + (index / CLIENTS_PER_ADDRESS) as u8));
        let options = ClientOptions {
            record_latencies: false,
            read_buffer_bytes: 1024,
            source: Some(source),
            ..ClientOptions::default()
        };
        let (permits, open, stopped, last_synced) =
            (Arc::clone(&permits), Arc::clone(&open), stopped.clone(), Arc::clone(&last_synced));
        tasks.push(tokio::spawn(async move {
            let connecting = async {
                let _permit = permits.acquire_owned().await?;
                let mut client = LoadClient::connect(&endpoint, format!("crowd {index}"), options).await?;
                client.wait_until_synced().await?;
                anyhow::Ok(client)
            };
            let client = match tokio::time::timeout_at(deadline, connecting).await {
                Ok(Ok(client)) => client,
                _ => return false,
            };
            {
                let mut last = last_synced.lock().expect("not poisoned");
                *last = (*last).max(Instant::now());
            }
            open.fetch_add(1, Ordering::Relaxed);
            let held = stay_connected(client, stopped).await.is_ok();
            open.fetch_sub(1, Ordering::Relaxed);
            held
        }));
    }
    // Wait until every client is synced or the deadline passed.
    let mut reported = 0;
    loop {
        let now_open = open.load(Ordering::Relaxed);
        if now_open >= connections || Instant::now() >= deadline {
            break;
        }
        if now_open >= reported + 20_000 {
            reported = now_open - now_open % 20_000;
            eprintln!("    {} connected after {:.1} s", count(now_open as u64), started.elapsed().as_secs_f64());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let connected = open.load(Ordering::Relaxed);
    let connect_time = *last_synced.lock().expect("not poisoned") - started;
    eprintln!("    {} connected and synced in {:.1} s", count(connected as u64), connect_time.as_secs_f64());
    tokio::time::sleep(SETTLE).await;
    let cpu_window = CpuWindow::start(&server.pids())?;
    tokio::time::sleep(settings.hold).await;
    let cpu = cpu_window.finish()?;
    let memory = server.memory()?;
    let held = open.load(Ordering::Relaxed);
    let _ = stop.send(true);
    for task in tasks {
        let _ = task.await;
    }
    Ok(Outcome { asked, open_file_limit, connections, connected, held, connect_time, memory, at_rest_kib, cpu })
}
