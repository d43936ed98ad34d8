//! Durable write throughput: one writer sends edits as fast as a second client of the room
//! receives them, with at most K edits on their way at once. An edit counts once the second client
//! has it, so for kinplan it counts only after it was committed to SQLite; the peers keep it only
//! in memory. K = 1 gives the latency of one write's whole path; a larger K shows how far batching
//! carries throughput.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{watch, Semaphore};
use tokio::time::{sleep, sleep_until, Instant};

use super::{room_name, until_set, Percentiles};
use crate::client::{ClientOptions, LoadClient};
use crate::process::{CpuUse, CpuWindow};
use crate::servers::ServerUnderTest;

/// How long to wait, after the writer stops, for the edits still on their way.
const DRAIN_PATIENCE: Duration = Duration::from_secs(10);

#[derive(Debug, Clone)]
pub struct Settings {
    pub in_flight: usize,
    pub duration: Duration,
}

impl Settings {
    pub fn describe(&self) -> String {
        format!(
            "1 writer, 1 receiver, {} edit{} in flight, {} s",
            self.in_flight,
            if self.in_flight == 1 { "" } else { "s" },
            self.duration.as_secs()
        )
    }
}

#[derive(Debug, Clone)]
pub struct Outcome {
    /// Edits the receiver had within the measured time, per second.
    pub updates_per_second: f64,
    /// From the writer's send to the receiver's receipt.
    pub latency: Option<Percentiles>,
    pub sent: u64,
    pub received: u64,
    /// CPU use while the writer was writing.
    pub cpu: CpuUse,
    /// kinplan's own metrics over the run (the writer's node): what it committed and how long
    /// that took.
    pub server: Option<crate::metrics::ServerAccount>,
}

pub async fn run(server: &ServerUnderTest, settings: &Settings) -> anyhow::Result<Outcome> {
    // With two nodes the writer is on the first and the receiver on the second.
    let receiving_end = server.endpoint_on(&room_name(0), 1);
    let mut receiver = LoadClient::connect(&receiving_end, "receiver".into(), ClientOptions::default()).await?;
    receiver.wait_until_synced().await?;
    let endpoint = server.endpoint_on(&room_name(0), 0);
    let mut writer = LoadClient::connect(&endpoint, "writer".into(), ClientOptions::default()).await?;
    writer.wait_until_synced().await?;

    let in_flight = Arc::new(Semaphore::new(settings.in_flight.max(1)));
    let received = Arc::new(AtomicU64::new(0));
    let (stop, stopped) = watch::channel(false);

    let receiving = {
        let in_flight = Arc::clone(&in_flight);
        let received = Arc::clone(&received);
        let mut stopped = stopped.clone();
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    frame = receiver.next_frame() => {
                        let delivered = receiver.handle_frame(&frame?).await?;
                        received.fetch_add(delivered, Ordering::Relaxed);
                        // Each edit that arrived lets the writer send another.
                        in_flight.add_permits(delivered as usize);
                    }
                    _ = until_set(&mut stopped) => break,
                }
            }
            anyhow::Ok(std::mem::take(&mut receiver.latencies_micros))
        })
    };

    let metrics_before = server.metrics().await.transpose()?;
    let cpu_window = CpuWindow::start(&server.pids())?;
    let start = Instant::now();
    let writing_ends = start + settings.duration;
    let writing = {
        let mut stopped = stopped.clone();
        tokio::spawn(async move {
            let mut writing = true;
            loop {
                tokio::select! {
                    permit = in_flight.acquire(), if writing => {
                        permit?.forget();
                        writer.send_edit().await?;
                    }
                    _ = sleep_until(writing_ends), if writing => writing = false,
                    // The writer handles its echoes (the y-websocket server) and acknowledgements
                    // (Hocuspocus), or the server's queue to it would fill.
                    frame = writer.next_frame() => {
                        writer.handle_frame(&frame?).await?;
                    }
                    _ = until_set(&mut stopped) => break,
                }
            }
            anyhow::Ok(writer.edits_sent)
        })
    };

    sleep_until(writing_ends).await;
    let received_in_time = received.load(Ordering::Relaxed);
    let cpu = cpu_window.finish()?;
    let drain_deadline = Instant::now() + DRAIN_PATIENCE;
    loop {
        // The writer's count is only known once it stops; until then wait for quiet.
        let before = received.load(Ordering::Relaxed);
        sleep(Duration::from_millis(100)).await;
        if received.load(Ordering::Relaxed) == before || Instant::now() > drain_deadline {
            break;
        }
    }
    let _ = stop.send(true);
    let metrics_after = server.metrics().await.transpose()?;
    let server_account = metrics_before.zip(metrics_after).map(|(before, after)| after.account_since(&before));
    let sent = writing.await??;
    let latencies = receiving.await??;
    Ok(Outcome {
        updates_per_second: received_in_time as f64 / settings.duration.as_secs_f64(),
        latency: Percentiles::of(latencies),
        sent,
        received: received.load(Ordering::Relaxed),
        cpu,
        server: server_account,
    })
}

/// Overwrites in place and fsyncs this many times to measure the floor.
const FSYNC_PROBES: usize = 1_000;

/// The latency of fsync after a small overwrite in place, in a file in the temporary directory
/// (where kinplan's database lives during the benchmarks): what SQLite's WAL commit waits for
/// with `synchronous=FULL`, and so the floor under every kinplan commit on this machine.
///
/// With `pace`, each probe starts that long after the last one began, as commits come at a
/// steady rate; without it they run back to back. On a virtual disk a flush that follows another
/// at once is cheaper than one after a pause, so the back-to-back figure understates what commits
/// at a steady rate wait for (docs/BENCHMARKS.md has the figures).
pub fn fsync_floor(pace: Option<Duration>) -> anyhow::Result<Option<Percentiles>> {
    use std::io::Write;
    use std::os::unix::fs::FileExt;
    const FILE_BYTES: u64 = 4 << 20;
    const PAGE: u64 = 4096;
    let directory = tempfile::tempdir()?;
    let mut file = std::fs::File::create(directory.path().join("probe-wal"))?;
    // Written out in full and synced first, so that the probes below change no file size or
    // allocation, as a WAL file that is being reused does not.
    file.write_all(&vec![0; FILE_BYTES as usize])?;
    file.sync_all()?;
    let record = [7u8; 200];
    let mut samples = Vec::with_capacity(FSYNC_PROBES);
    let mut next_probe = std::time::Instant::now();
    for probe in 0..FSYNC_PROBES as u64 {
        if let Some(pace) = pace {
            std::thread::sleep(next_probe.saturating_duration_since(std::time::Instant::now()));
            next_probe += pace;
        }
        file.write_all_at(&record, (probe * PAGE) % FILE_BYTES)?;
        let started = std::time::Instant::now();
        file.sync_all()?;
        samples.push(started.elapsed().as_micros().min(u128::from(u32::MAX)) as u32);
    }
    Ok(Percentiles::of(samples))
}
