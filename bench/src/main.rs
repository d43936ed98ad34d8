//! Measurements of a real `kinplan serve` process (a release build) on 127.0.0.1: how long a
//! document with a long update log takes to load, before and after compaction, and how much
//! memory many small live documents take. Bounded in count and time; prints one table.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use bytes::Bytes;
use clap::{Parser, Subcommand};
use kinplan_tests::{cli_tokens, database_url_in, ServerProcess, TestClient};
use yrs::{GetString, Text, Transact};

#[derive(Parser)]
#[command(about = "Measure kinplan on this machine")]
struct Arguments {
    /// The kinplan binary to measure; a release build gives meaningful figures.
    #[arg(long, default_value = "target/release/kinplan")]
    binary: PathBuf,
    #[command(subcommand)]
    scenario: Scenario,
}

#[derive(Subcommand)]
enum Scenario {
    /// Time from connect to synced for a document whose log holds N one-character updates,
    /// then again after the log was compacted into a snapshot.
    ColdLoad {
        #[arg(long, default_value_t = 100_000)]
        updates: usize,
        #[arg(long, default_value_t = 3)]
        rounds: usize,
    },
    /// Server memory (RSS) with N small documents loaded, each with one connection, and after
    /// the connections closed (the documents stay loaded until --unload-after).
    Documents {
        #[arg(long, default_value_t = 1_000)]
        count: usize,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let arguments = Arguments::parse();
    if !arguments.binary.exists() {
        bail!(
            "{} is missing: run `cargo build --release --bin kinplan` first",
            arguments.binary.display()
        );
    }
    // SAFETY: set once, before any other thread of ours reads the environment.
    std::env::set_var("KINPLAN_BIN", std::fs::canonicalize(&arguments.binary)?);
    match arguments.scenario {
        Scenario::ColdLoad { updates, rounds } => cold_load(updates, rounds.max(1)).await,
        Scenario::Documents { count } => documents(count).await,
    }
}

async fn cold_load(update_count: usize, rounds: usize) -> anyhow::Result<()> {
    let directory = tempfile::tempdir()?;
    let database_url = database_url_in(directory.path());
    eprintln!("writing {update_count} one-character updates to the log…");
    write_log(&database_url, update_count).await?;
    let token = cli_tokens(&database_url, &["plan"], "editor")?.remove(0);

    let mut before = Vec::new();
    for round in 0..rounds {
        let server = ServerProcess::start(directory.path(), &format!("before-{round}.log")).await?;
        before.push(time_to_sync(&server, &token, update_count).await?);
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

    let mut after = Vec::new();
    for round in 0..rounds {
        let server = ServerProcess::start(directory.path(), &format!("after-{round}.log")).await?;
        after.push(time_to_sync(&server, &token, update_count).await?);
        server.terminate().await;
    }

    println!("| cold load, {update_count} updates in the log | median of {rounds} | all rounds |");
    println!("|---|---|---|");
    println!(
        "| log only (before compaction) | {} | {} |",
        millis(median(&mut before)),
        list(&before)
    );
    println!(
        "| snapshot (after compaction) | {} | {} |",
        millis(median(&mut after)),
        list(&after)
    );
    println!(
        "| clean stop, compacting on unload | {} | |",
        millis(compaction)
    );
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

async fn time_to_sync(
    server: &ServerProcess,
    token: &str,
    expected_length: usize,
) -> anyhow::Result<Duration> {
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

async fn documents(count: usize) -> anyhow::Result<()> {
    let directory = tempfile::tempdir()?;
    let database_url = database_url_in(directory.path());
    let names: Vec<String> = (0..count)
        .map(|index| format!("document-{index}"))
        .collect();
    let name_refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let server = ServerProcess::start(directory.path(), "server.log").await?;
    let pid = server.child.id().context("server pid")?;
    let tokens = cli_tokens(&database_url, &name_refs, "editor")?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let at_rest = rss_kib(pid)?;

    let mut clients = Vec::with_capacity(count);
    for (name, token) in names.iter().zip(&tokens) {
        let mut client = TestClient::connect(&server.sync_url(name, token)).await?;
        client.sync().await?;
        client
            .append_text("worries", "A small plan with a few words.")
            .await?;
        // The answer to a second step 1 comes after the update was committed.
        client.synced = false;
        client.sync().await?;
        clients.push(client);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let with_connections = rss_kib(pid)?;
    for client in clients {
        client.close().await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let documents_only = rss_kib(pid)?;
    server.terminate().await;

    let per = |total: u64| {
        format!(
            "{:.1} KiB",
            (total.saturating_sub(at_rest)) as f64 / count as f64
        )
    };
    println!("| server RSS | total | per document |");
    println!("|---|---|---|");
    println!("| at rest | {:.1} MiB | |", at_rest as f64 / 1024.0);
    println!(
        "| {count} documents, one connection each | {:.1} MiB | {} |",
        with_connections as f64 / 1024.0,
        per(with_connections)
    );
    println!(
        "| {count} documents, connections closed | {:.1} MiB | {} |",
        documents_only as f64 / 1024.0,
        per(documents_only)
    );
    Ok(())
}

fn rss_kib(pid: u32) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(Path::new("/proc").join(pid.to_string()).join("status"))?;
    let line = status
        .lines()
        .find(|line| line.starts_with("VmRSS:"))
        .context("no VmRSS")?;
    Ok(line
        .split_whitespace()
        .nth(1)
        .context("VmRSS value")?
        .parse()?)
}

fn median(values: &mut [Duration]) -> Duration {
    values.sort();
    values[values.len() / 2]
}

fn millis(duration: Duration) -> String {
    format!("{:.0} ms", duration.as_secs_f64() * 1000.0)
}

fn list(values: &[Duration]) -> String {
    values
        .iter()
        .map(|value| millis(*value))
        .collect::<Vec<_>>()
        .join(", ")
}
