//! Several `kinplan serve` processes sharing PostgreSQL and Redis: clients on different nodes
//! converge, a node killed with SIGKILL loses nothing anyone saw, a Redis restart and a
//! PostgreSQL outage are recovered from by themselves. Each test has its own PostgreSQL database
//! and its own Redis server, so it can break them.

use std::time::Duration;

use kinplan_tests::{cli_tokens, free_port, RedisProcess, ServerProcess, TcpProxy, TestClient, TestDirectory};

async fn node(directory: &TestDirectory, name: &str, database: &str, redis: &str) -> ServerProcess {
    ServerProcess::start_with(directory.path(), &format!("{name}.log"), database, &["--redis", redis])
        .await
        .expect("the node starts")
}

/// The value of counter `name` in a node's `/metrics`.
async fn counter(node: &ServerProcess, name: &str) -> f64 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(node.address).await.unwrap();
    stream.write_all(b"GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    let line = response
        .lines()
        .find(|line| line.starts_with(&format!("{name} ")))
        .unwrap_or_else(|| panic!("{name}: {response}"));
    line.split(' ').nth(1).unwrap().parse().unwrap()
}

async fn client(node: &ServerProcess, token: &str) -> TestClient {
    let mut client = TestClient::connect(&node.sync_url("plan", token)).await.unwrap();
    client.sync().await.unwrap();
    client
}

#[tokio::test]
async fn clients_on_two_nodes_edit_one_document_and_converge() {
    let directory = TestDirectory::new();
    let database = directory.postgres_url();
    let redis = RedisProcess::start(free_port()).await.unwrap();
    let first = node(&directory, "first", &database, &redis.url()).await;
    let second = node(&directory, "second", &database, &redis.url()).await;
    let token = cli_tokens(&database, &["plan"], "editor").unwrap().remove(0);

    let mut anna = client(&first, &token).await;
    let mut bora = client(&second, &token).await;
    // One writer first: its updates cross through Redis, not only through the periodic look at
    // storage.
    for step in 0..5 {
        anna.append_text("intro", &format!("({step})")).await.unwrap();
    }
    bora.wait_until(|c| c.text("intro") == "(0)(1)(2)(3)(4)").await.unwrap();
    assert!(counter(&second, "kinplan_remote_updates_applied_total").await >= 1.0);
    // Then both at once: they race for sequence numbers, and the loser of each race catches up.
    for step in 0..20 {
        anna.append_text("notes", &format!("[a{step}]")).await.unwrap();
        bora.append_text("notes", &format!("[b{step}]")).await.unwrap();
    }
    anna.wait_until(|c| c.text("notes").contains("[b19]")).await.unwrap();
    bora.wait_until(|c| c.text("notes").contains("[a19]")).await.unwrap();
    anna.settle().await.unwrap();
    bora.settle().await.unwrap();
    anna.listen_for(Duration::from_millis(300)).await.unwrap();
    bora.listen_for(Duration::from_millis(300)).await.unwrap();
    assert_eq!(anna.text("notes"), bora.text("notes"));
    for step in 0..20 {
        assert!(
            anna.text("notes").contains(&format!("[a{step}]")) && anna.text("notes").contains(&format!("[b{step}]"))
        );
    }
    // A late joiner on either node gets everything.
    let late = client(&second, &token).await;
    assert_eq!(late.text("notes"), anna.text("notes"));
}

#[tokio::test]
async fn a_node_killed_mid_edit_loses_nothing_and_its_clients_move_to_another() {
    let directory = TestDirectory::new();
    let database = directory.postgres_url();
    let redis = RedisProcess::start(free_port()).await.unwrap();
    let doomed = node(&directory, "doomed", &database, &redis.url()).await;
    let second = node(&directory, "second", &database, &redis.url()).await;
    let third = node(&directory, "third", &database, &redis.url()).await;
    let token = cli_tokens(&database, &["plan"], "editor").unwrap().remove(0);

    let mut writer = client(&doomed, &token).await;
    let mut witness_two = client(&second, &token).await;
    let mut witness_three = client(&third, &token).await;
    for step in 0..200 {
        writer.append_text("notes", &format!("<{step}>")).await.unwrap();
    }
    witness_two.wait_until(|c| c.text("notes").contains("<150>")).await.unwrap();
    doomed.kill().await;
    let _ = witness_two.listen_for(Duration::from_millis(100)).await;
    let seen = witness_two.text("notes");

    // The writer's provider reconnects to another node and the sync exchange hands over
    // whatever the dead node never committed.
    writer.reconnect(&second.sync_url("plan", &token)).await.unwrap();
    writer.append_text("notes", "<after>").await.unwrap();
    witness_three.wait_until(|c| c.text("notes").contains("<after>")).await.unwrap();
    witness_two.wait_until(|c| c.text("notes").contains("<after>")).await.unwrap();
    let everything = witness_three.text("notes");
    assert!(everything.starts_with(&seen), "what a witness saw before the kill must survive");
    for step in 0..200 {
        assert!(everything.contains(&format!("<{step}>")), "edit {step} was lost");
    }
    assert_eq!(witness_two.text("notes"), everything);
}

#[tokio::test]
async fn nodes_recover_and_converge_after_redis_restarts() {
    let directory = TestDirectory::new();
    let database = directory.postgres_url();
    let port = free_port();
    let redis = RedisProcess::start(port).await.unwrap();
    let first = node(&directory, "first", &database, &redis.url()).await;
    let second = node(&directory, "second", &database, &redis.url()).await;
    let token = cli_tokens(&database, &["plan"], "editor").unwrap().remove(0);
    let mut anna = client(&first, &token).await;
    let mut bora = client(&second, &token).await;
    anna.append_text("notes", "before. ").await.unwrap();
    bora.wait_until(|c| c.text("notes") == "before. ").await.unwrap();

    redis.kill().await;
    // Editing goes on; the other node finds the updates in the database.
    anna.append_text("notes", "during. ").await.unwrap();
    bora.wait_until(|c| c.text("notes") == "before. during. ").await.unwrap();

    assert!(counter(&second, "kinplan_catch_ups_total").await >= 1.0, "the missed update came from storage");
    let _redis = RedisProcess::start(port).await.unwrap();
    bora.append_text("notes", "after.").await.unwrap();
    anna.wait_until(|c| c.text("notes") == "before. during. after.").await.unwrap();
}

#[tokio::test]
async fn a_postgresql_outage_gives_a_clear_error_loses_nothing_and_heals_by_itself() {
    let directory = TestDirectory::new();
    let database = directory.postgres_url();
    let redis = RedisProcess::start(free_port()).await.unwrap();
    // The node reaches PostgreSQL through a proxy the test can cut.
    let proxy = TcpProxy::start("127.0.0.1:5432").await.unwrap();
    let proxied = database.replace("127.0.0.1:5432", &format!("127.0.0.1:{}", proxy.port));
    let first = node(&directory, "first", &proxied, &redis.url()).await;
    let token = cli_tokens(&database, &["plan"], "editor").unwrap().remove(0);
    let mut anna = client(&first, &token).await;
    anna.append_text("notes", "before. ").await.unwrap();
    anna.settle().await.unwrap();

    proxy.cut();
    anna.append_text("notes", "during. ").await.unwrap();
    let closed = anna.wait_for_close().await.unwrap();
    assert_eq!(closed.code, 1011, "{closed:?}");
    assert!(closed.reason.contains("could not be saved"), "{closed:?}");
    tokio::time::sleep(Duration::from_secs(2)).await;
    proxy.mend();

    // The provider reconnects; its unsaved edit goes through the sync exchange.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        match anna.reconnect(&first.sync_url("plan", &token)).await {
            Ok(()) => break,
            Err(error) => {
                assert!(tokio::time::Instant::now() < deadline, "service did not resume: {error}");
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
        }
    }
    anna.settle().await.unwrap();
    let witness = client(&first, &token).await;
    assert_eq!(witness.text("notes"), "before. during. ");
}

#[tokio::test]
async fn presence_and_meeting_events_cross_nodes() {
    use kinplan_protocol::{encode_awareness, encode_awareness_update, AwarenessEntry};
    use kinplan_tests::api::{link_secret, Api};
    use serde_json::json;

    let directory = TestDirectory::new();
    let database = directory.postgres_url();
    let redis = RedisProcess::start(free_port()).await.unwrap();
    let first = node(&directory, "first", &database, &redis.url()).await;
    let second = node(&directory, "second", &database, &redis.url()).await;

    // Presence: a client on the first node is seen by a client on the second.
    let token = cli_tokens(&database, &["plan"], "editor").unwrap().remove(0);
    let mut anna = client(&first, &token).await;
    let mut bora = client(&second, &token).await;
    let state = r#"{"user":{"name":"Anna"}}"#;
    anna.send_frame(encode_awareness(&encode_awareness_update([AwarenessEntry { client_id: 7, clock: 1, state }])))
        .await
        .unwrap();
    bora.wait_until(|c| c.awareness.get(&7).is_some_and(|s| s.contains("Anna"))).await.unwrap();

    // A stage change made through one node closes a professional's connection on the other.
    let added = std::process::Command::new(kinplan_tests::kinplan_binary())
        .args([
            "user",
            "add",
            "--database",
            &database,
            "--email",
            "fay@council.example",
            "--name",
            "Fay",
            "--role",
            "facilitator",
        ])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(b"a long enough password\n")?;
            child.wait()
        })
        .unwrap();
    assert!(added.success());
    let facilitator = Api::at(first.address);
    facilitator
        .post("/api/session", json!({ "email": "fay@council.example", "password": "a long enough password" }))
        .await
        .expect(200);
    let meeting = facilitator.post("/api/meetings", json!({ "title": "Across nodes" })).await.expect(201);
    let meeting_id = meeting["id"].as_str().unwrap();
    facilitator.put(&format!("/api/meetings/{meeting_id}/stage"), json!({ "stage": "information" })).await.expect(200);
    let participant = facilitator
        .post(
            &format!("/api/meetings/{meeting_id}/participants"),
            json!({ "display_name": "Nurse", "kind": "practitioner" }),
        )
        .await
        .expect(201);
    let link = facilitator
        .post(
            &format!("/api/meetings/{meeting_id}/participants/{}/links", participant["id"].as_str().unwrap()),
            json!({}),
        )
        .await
        .expect(201);
    let nurse = Api::at(second.address);
    nurse.post("/api/join", json!({ "secret": link_secret(&link) })).await.expect(200);
    let issued = nurse.document_token(meeting_id, "plan").await.expect(200);
    let mut nurse_plan =
        TestClient::connect(&second.sync_url(issued["document"].as_str().unwrap(), issued["token"].as_str().unwrap()))
            .await
            .unwrap();
    nurse_plan.sync().await.unwrap();
    facilitator
        .put(&format!("/api/meetings/{meeting_id}/stage"), json!({ "stage": "private-family-time" }))
        .await
        .expect(200);
    let closed = nurse_plan.wait_for_close().await.unwrap();
    assert_eq!(closed.code, 4403, "{closed:?}");
}
