//! Durability and the document lifecycle: one load for many joiners, compaction, unloading,
//! `kill -9`, the health check and what the logs may say.

use std::time::Duration;

use kinplan_server::auth::DocumentRole::Editor;
use kinplan_tests::{cli_tokens, ServerProcess, TestClient, TestServer, PATIENCE};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn eventually(what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while !condition() {
        assert!(tokio::time::Instant::now() < deadline, "waited in vain for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn many_simultaneous_first_connections_load_the_document_once() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let mut writer = server.client("plan", Editor).await;
    writer.append_text("worries", "stored before the rush").await.unwrap();
    let mut witness = server.client("plan", Editor).await;
    witness.wait_until(|c| c.text("worries") == "stored before the rush").await.unwrap();
    server.stop().await;

    let server = TestServer::start(directory.path()).await;
    assert_eq!(server.stats.document_loads.get(), 0);
    let url = server.sync_url("plan", Some(&server.token("plan", Editor)));
    let joins = (0..50).map(|_| {
        let url = url.clone();
        tokio::spawn(async move {
            let mut client = TestClient::connect(&url).await.unwrap();
            client.sync().await.unwrap();
            client.text("worries")
        })
    });
    let texts = futures_util::future::join_all(joins).await;
    for text in texts {
        assert_eq!(text.unwrap(), "stored before the rush");
    }
    assert_eq!(server.stats.document_loads.get(), 1);
}

#[tokio::test]
async fn the_log_is_compacted_into_a_snapshot_and_loads_the_same() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start_with(directory.path(), |config| config.compact_after = 10).await;
    let mut writer = server.client("plan", Editor).await;
    let mut witness = server.client("plan", Editor).await;
    for step in 0..35 {
        writer.append_text("actions", &format!("step {step}. ")).await.unwrap();
    }
    witness.wait_until(|c| c.text("actions").contains("step 34.")).await.unwrap();
    eventually("a compaction", || server.stats.compactions.get() >= 1).await;

    let store = kinplan_server::store::open(&server.database_url).await.unwrap();
    let stored = store.load_document("plan", None).await.unwrap();
    assert!(stored.snapshot.is_some(), "a snapshot was written");
    assert!(stored.updates.len() < 35, "the log was cut: {} updates left", stored.updates.len());
    assert_eq!(stored.last_seq, 35);

    let expected = writer.text("actions");
    server.stop().await;
    let server = TestServer::start(directory.path()).await;
    let reader = server.client("plan", Editor).await;
    assert_eq!(reader.text("actions"), expected);
}

#[tokio::test]
async fn an_idle_document_is_flushed_unloaded_and_loaded_again() {
    let directory = kinplan_tests::TestDirectory::new();
    let server =
        TestServer::start_with(directory.path(), |config| config.unload_after = Duration::from_millis(200)).await;
    let mut writer = server.client("plan", Editor).await;
    writer.append_text("contingency", "If Dad is ill, Aunt Sue takes the children.").await.unwrap();
    let witness = server.client("plan", Editor).await;
    eventually("two documents' worth of connections", || server.stats.connections_open.get() == 2).await;
    writer.close().await;
    witness.close().await;

    eventually("the document to unload", || server.stats.documents_live.get() == 0).await;
    let store = kinplan_server::store::open(&server.database_url).await.unwrap();
    assert_eq!(store.logged_update_count("plan").await.unwrap(), 0, "the log was flushed into a snapshot");

    let reader = server.client("plan", Editor).await;
    assert_eq!(reader.text("contingency"), "If Dad is ill, Aunt Sue takes the children.");
    assert_eq!(server.stats.document_loads.get(), 2);
}

#[tokio::test]
async fn kill_9_loses_nothing_that_anyone_was_sent() {
    let directory = kinplan_tests::TestDirectory::new();
    let database_url = kinplan_tests::database_url_in(directory.path());
    // The writer types far faster than anyone can: lift the per-connection limit for it.
    let unlimited = ["--max-updates-per-second", "1000000"];
    let server = ServerProcess::start_with(directory.path(), "first.log", &database_url, &unlimited).await.unwrap();
    let token = cli_tokens(&database_url, &["plan"], "editor").unwrap().remove(0);

    let mut writer = TestClient::connect(&server.sync_url("plan", &token)).await.unwrap();
    writer.sync().await.unwrap();
    let mut witness = TestClient::connect(&server.sync_url("plan", &token)).await.unwrap();
    witness.sync().await.unwrap();

    // The writer keeps typing; the witness reads along; the server dies mid-stream.
    let writing = tokio::spawn(async move {
        for step in 0..10_000 {
            if writer.append_text("plan", &format!("<{step}>")).await.is_err() {
                break;
            }
            if step % 50 == 0 {
                tokio::task::yield_now().await;
            }
        }
    });
    witness.wait_until(|c| c.text("plan").contains("<200>")).await.unwrap();
    server.kill().await;
    let _ = writing.await;
    let _ = witness.listen_for(Duration::from_millis(200)).await;
    let seen = witness.text("plan");
    assert!(seen.contains("<200>"));

    let server = ServerProcess::start(directory.path(), "second.log").await.unwrap();
    let mut reader = TestClient::connect(&server.sync_url("plan", &token)).await.unwrap();
    reader.sync().await.unwrap();
    let recovered = reader.text("plan");
    assert!(
        recovered.starts_with(&seen),
        "everything the witness saw ({} bytes) must survive; recovered {} bytes",
        seen.len(),
        recovered.len()
    );
    server.terminate().await;
}

#[tokio::test]
async fn logs_name_each_connection_but_never_a_token() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = ServerProcess::start(directory.path(), "server.log").await.unwrap();
    let database_url = kinplan_tests::database_url_in(directory.path());
    let token = cli_tokens(&database_url, &["plan"], "editor").unwrap().remove(0);
    let mut client = TestClient::connect(&server.sync_url("plan", &token)).await.unwrap();
    client.sync().await.unwrap();
    client.close().await;
    let mut refused = TestClient::connect(&server.sync_url("plan", "not-a-real-token-but-secret")).await.unwrap();
    refused.wait_for_close().await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let log_path = server.log_path.clone();
    assert!(server.terminate().await.success());

    let log = std::fs::read_to_string(log_path).unwrap();
    let opened = log.lines().find(|line| line.contains("connection opened")).expect("an 'opened' line");
    assert!(opened.contains("document=plan") && opened.contains("role=editor"), "{opened}");
    let closed = log.lines().find(|line| line.contains("connection closed")).expect("a 'closed' line");
    assert!(closed.contains("document=plan") && closed.contains("role=editor"), "{closed}");
    assert!(!log.contains(&token), "a token was logged");
    assert!(!log.contains(token.split('.').nth(2).unwrap()), "a token signature was logged");
    assert!(!log.contains("not-a-real-token-but-secret"), "a refused token was logged");
}

#[tokio::test]
async fn the_health_check_answers_while_the_database_is_reachable() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let mut stream = tokio::net::TcpStream::connect(server.address).await.unwrap();
    stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
}

async fn http_get(address: std::net::SocketAddr, path: &str, authorization: Option<&str>) -> String {
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let header = authorization.map(|value| format!("Authorization: {value}\r\n")).unwrap_or_default();
    let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n{header}Connection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    response
}

#[tokio::test]
async fn metrics_count_documents_connections_updates_and_latencies() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let mut writer = server.client("plan", Editor).await;
    let mut reader = server.client("plan", kinplan_server::auth::DocumentRole::Viewer).await;
    for step in 0..5 {
        writer.append_text("notes", &format!("{step} ")).await.unwrap();
    }
    reader.wait_until(|c| c.text("notes") == "0 1 2 3 4 ").await.unwrap();

    let metrics = http_get(server.address, "/metrics", None).await;
    assert!(metrics.starts_with("HTTP/1.1 200"), "{metrics}");
    for line in [
        "kinplan_documents_loaded 1",
        "kinplan_connections 2",
        "kinplan_connections_by_role{role=\"editor\"} 1",
        "kinplan_connections_by_role{role=\"viewer\"} 1",
        "kinplan_updates_received_total 5",
        "kinplan_updates_committed_total 5",
        "kinplan_commit_seconds_count",
        "kinplan_fan_out_seconds_count 5",
        "kinplan_outgoing_queue_frames",
        "kinplan_slow_clients_closed_total 0",
    ] {
        assert!(metrics.contains(line), "missing {line:?} in\n{metrics}");
    }
    let sent = metrics.lines().find(|line| line.starts_with("kinplan_bytes_sent_total ")).unwrap();
    assert!(sent.split(' ').nth(1).unwrap().parse::<f64>().unwrap() > 0.0, "{sent}");
}

#[tokio::test]
async fn metrics_need_the_token_when_one_is_set() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start_with(directory.path(), |config| {
        config.metrics_token = Some("a metrics token that is long enough!".parse().unwrap());
    })
    .await;
    assert!(http_get(server.address, "/metrics", None).await.starts_with("HTTP/1.1 401"));
    assert!(http_get(server.address, "/metrics", Some("Bearer wrong")).await.starts_with("HTTP/1.1 401"));
    let allowed = http_get(server.address, "/metrics", Some("Bearer a metrics token that is long enough!")).await;
    assert!(allowed.starts_with("HTTP/1.1 200") && allowed.contains("kinplan_connections"), "{allowed}");
}

#[tokio::test]
async fn the_web_app_is_served_and_its_own_routes_fall_back_to_its_page() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let home = http_get(server.address, "/", None).await;
    assert!(home.starts_with("HTTP/1.1 200"), "{home}");
    assert!(home.to_lowercase().contains("<!doctype html>") && home.contains("lang=\"en-GB\""), "{home}");
    assert!(home.contains("x-frame-options: DENY"), "{home}");
    let page = |response: &str| response.split("\r\n\r\n").nth(1).unwrap_or_default().to_owned();
    let join = http_get(server.address, "/join", None).await;
    assert!(join.starts_with("HTTP/1.1 200"));
    assert_eq!(page(&join), page(&home), "an app route serves the app's page");
    let missing = http_get(server.address, "/api/no-such-thing", None).await;
    assert!(missing.starts_with("HTTP/1.1 404") && missing.contains(r#""error":"not_found""#), "{missing}");
}

/// The event pump follows `meeting_events` by id. Changes that commit at the same time must
/// commit their events in id order, or a follower that read a higher id before a lower one
/// committed would never see the lower one (a revoked link or an ended session whose
/// connections then stay open). Many writers race here while a follower tails the table as the
/// pump does; it must see every event.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_follower_of_meeting_events_misses_none_of_many_simultaneous_changes() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let store = kinplan_server::store::open(&server.database_url).await.expect("the store opens");
    let start = store.last_meeting_event_id().await.unwrap();
    let writers: Vec<_> = (0..8)
        .map(|writer| {
            let store = std::sync::Arc::clone(&store);
            tokio::spawn(async move {
                for round in 0..40 {
                    let mut change = store.begin_change().await.unwrap();
                    change
                        .announce("race", "test", &format!("{{\"writer\":{writer},\"round\":{round}}}"))
                        .await
                        .unwrap();
                    // Work after the event and before the commit widens the window in which a
                    // later event could commit first.
                    change.audit(&kinplan_tests::api::operator_audit("race_step")).await.unwrap();
                    change.commit(kinplan_tests::api::operator_audit("race")).await.unwrap();
                }
            })
        })
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    let mut cursor = start;
    let follow = |cursor: &mut i64,
                  seen: &mut std::collections::BTreeSet<i64>,
                  events: Vec<kinplan_server::store::StoredMeetingEvent>| {
        for event in events {
            seen.insert(event.id);
            *cursor = (*cursor).max(event.id);
        }
    };
    while !writers.iter().all(|writer| writer.is_finished()) {
        let events = store.meeting_events_after(cursor, 500).await.unwrap();
        follow(&mut cursor, &mut seen, events);
    }
    for writer in writers {
        writer.await.unwrap();
    }
    let events = store.meeting_events_after(cursor, 5000).await.unwrap();
    follow(&mut cursor, &mut seen, events);
    let all: std::collections::BTreeSet<i64> =
        store.meeting_events_after(start, 5000).await.unwrap().iter().map(|event| event.id).collect();
    assert_eq!(all.len(), 8 * 40);
    let missed: Vec<&i64> = all.difference(&seen).collect();
    assert!(missed.is_empty(), "the follower missed events {missed:?}");
}
