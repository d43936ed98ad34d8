//! Memory with many small documents (kinplan only): the server's RSS with N documents loaded,
//! each with one connection that wrote a sentence, and after the connections closed.

use std::time::Duration;

use anyhow::Context;
use kinplan_tests::{cli_tokens, database_url_in, ServerProcess, TestClient};

use crate::process::memory_of;

pub async fn run(count: usize) -> anyhow::Result<()> {
    let directory = tempfile::tempdir()?;
    let database_url = database_url_in(directory.path());
    let names: Vec<String> = (0..count).map(|index| format!("document-{index}")).collect();
    let name_refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let server = ServerProcess::start(directory.path(), "server.log").await?;
    let pid = server.child.id().context("server pid")?;
    let tokens = cli_tokens(&database_url, &name_refs, "editor")?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let at_rest = memory_of(pid)?.resident_kib;

    let mut clients = Vec::with_capacity(count);
    for (name, token) in names.iter().zip(&tokens) {
        let mut client = TestClient::connect(&server.sync_url(name, token)).await?;
        client.sync().await?;
        client.append_text("worries", "A small plan with a few words.").await?;
        // The answer to a second step 1 comes after the update was committed.
        client.synced = false;
        client.sync().await?;
        clients.push(client);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let with_connections = memory_of(pid)?.resident_kib;
    for client in clients {
        client.close().await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let documents_only = memory_of(pid)?.resident_kib;
    server.terminate().await;

    let per = |total: u64| format!("{:.1} KiB", (total.saturating_sub(at_rest)) as f64 / count as f64);
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
