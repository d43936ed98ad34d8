//! Cold load (kinplan only, since the peers keep no log): how long a document whose update log
//! holds N one-character updates takes to load, before and after compaction into a snapshot.

use std::time::{Duration, Instant};

use anyhow::bail;
use bytes::Bytes;
use kinplan_tests::{cli_tokens, database_url_in, ServerProcess, TestClient};
use yrs::{GetString, Text, Transact};

/// The times of every round, and of the compaction between them.
pub struct Figures {
    /// Connect to synced, with only the log to load from.
    pub from_log: Vec<Duration>,
    /// Connect to synced, from the snapshot compaction made.
    pub from_snapshot: Vec<Duration>,
    /// A clean stop that compacts the log into a snapshot on unload.
    pub compaction: Duration,
}

/// Runs `rounds` cold loads of a log of `update_count` updates on a fresh `kinplan serve` each,
/// then compacts, then `rounds` cold loads from the snapshot. Needs `KINPLAN_BIN`.
pub async fn measure(update_count: usize, rounds: usize) -> anyhow::Result<Figures> {
    let directory = tempfile::tempdir()?;
    let database_url = database_url_in(directory.path());
    eprintln!("writing {update_count} one-character updates to the log…");
    write_log(&database_url, update_count).await?;
    let token = cli_tokens(&database_url, &["plan"], "editor")?.remove(0);

    let mut from_log = Vec::new();
    for round in 0..rounds {
        let server = ServerProcess::start(directory.path(), &format!("before-{round}.log")).await?;
        from_log.push(time_to_sync(&server, &token, update_count).await?);
        // Killed, not stopped: a clean stop would compact the log.
        server.kill().await;
    }
    let store = kinplan_server::store::open(&database_url).await?;
    if store.logged_update_count("plan").await? != update_count as i64 {
        bail!("the log changed between rounds");
    }

    eprintln!("compacting (a clean stop flushes the log into a snapshot)…");
    let server = ServerProcess::start(directory.path(), "compact.log").await?;
    time_to_sync(&server, &token, update_count).await?;
    let started = Instant::now();
    server.terminate().await;
    let compaction = started.elapsed();
    let left = store.logged_update_count("plan").await?;
    if left != 0 {
        bail!("{left} updates are still in the log after compaction");
    }

    let mut from_snapshot = Vec::new();
    for round in 0..rounds {
        let server = ServerProcess::start(directory.path(), &format!("after-{round}.log")).await?;
        from_snapshot.push(time_to_sync(&server, &token, update_count).await?);
        server.terminate().await;
    }
    Ok(Figures { from_log, from_snapshot, compaction })
}

/// The `cold-load` command: measures and prints one table.
pub async fn run(update_count: usize, rounds: usize) -> anyhow::Result<()> {
    let mut figures = measure(update_count, rounds).await?;
    println!("| cold load, {update_count} updates in the log | median of {rounds} | all rounds |");
    println!("|---|---|---|");
    println!(
        "| log only (before compaction) | {} | {} |",
        millis(median(&mut figures.from_log)),
        list(&figures.from_log)
    );
    println!(
        "| snapshot (after compaction) | {} | {} |",
        millis(median(&mut figures.from_snapshot)),
        list(&figures.from_snapshot)
    );
    println!("| clean stop, compacting on unload | {} | |", millis(figures.compaction));
    Ok(())
}

/// Writes `count` one-character updates, as a person typing would make them, straight to the log.
async fn write_log(database_url: &str, count: usize) -> anyhow::Result<()> {
    let store = kinplan_server::store::open(database_url).await?;
    let doc = yrs::Doc::new();
    let text = doc.get_or_insert_text("notes");
    let mut seq = 1i64;
    let mut batch = Vec::with_capacity(1000);
    for index in 0..count {
        let update = {
            let mut transaction = doc.transact_mut();
            text.insert(&mut transaction, index as u32, "a");
            transaction.encode_update_v1()
        };
        batch.push(Bytes::from(update));
        if batch.len() == 1000 || index + 1 == count {
            store.append_updates("plan", seq, &batch).await?;
            seq += batch.len() as i64;
            batch.clear();
        }
    }
    Ok(())
}

async fn time_to_sync(server: &ServerProcess, token: &str, expected_length: usize) -> anyhow::Result<Duration> {
    let started = Instant::now();
    let mut client = TestClient::connect(&server.sync_url("plan", token)).await?;
    client.sync().await?;
    let elapsed = started.elapsed();
    let text = client.doc.get_or_insert_text("notes");
    let length = text.get_string(&client.doc.transact()).len();
    if length != expected_length {
        bail!("the loaded document has {length} characters, expected {expected_length}");
    }
    client.close().await;
    Ok(elapsed)
}

pub fn median(values: &mut [Duration]) -> Duration {
    values.sort();
    values[values.len() / 2]
}

fn millis(duration: Duration) -> String {
    format!("{:.0} ms", duration.as_secs_f64() * 1000.0)
}

fn list(values: &[Duration]) -> String {
    values.iter().map(|value| millis(*value)).collect::<Vec<_>>().join(", ")
}
