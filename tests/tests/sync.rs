//! Live editing through the real server: convergence, late joiners, restarts, awareness and
//! keep-alive, spoken over the real protocol on a free port.

use std::time::Duration;

use kinplan_protocol::{
    encode_awareness, encode_awareness_update, encode_query_awareness, AwarenessEntry, KEEP_ALIVE_FRAME,
};
use kinplan_server::auth::DocumentRole::Editor;
use kinplan_tests::TestServer;

#[tokio::test]
async fn two_clients_converge() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let mut anna = server.client("plan", Editor).await;
    let mut bora = server.client("plan", Editor).await;

    anna.append_text("worries", "Anna: school runs. ").await.unwrap();
    bora.append_text("worries", "Bora: weekends. ").await.unwrap();
    anna.wait_until(|c| c.text("worries").contains("Bora")).await.unwrap();
    bora.wait_until(|c| c.text("worries").contains("Anna")).await.unwrap();

    assert_eq!(anna.text("worries"), bora.text("worries"));
    assert_eq!(anna.text("worries").len(), "Anna: school runs. Bora: weekends. ".len());
}

#[tokio::test]
async fn a_later_joiner_gets_the_full_state() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let mut writer = server.client("plan", Editor).await;
    for line in 0..20 {
        writer.append_text("actions", &format!("action {line}; ")).await.unwrap();
    }
    let mut witness = server.client("plan", Editor).await;
    witness.wait_until(|c| c.text("actions").contains("action 19")).await.unwrap();

    let late = server.client("plan", Editor).await;
    assert_eq!(late.text("actions"), writer.text("actions"));
}

#[tokio::test]
async fn the_state_survives_a_restart() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let mut writer = server.client("plan", Editor).await;
    writer.append_text("strengths", "Grandma lives close by.").await.unwrap();
    let mut witness = server.client("plan", Editor).await;
    witness.wait_until(|c| c.text("strengths").contains("close by")).await.unwrap();
    server.stop().await;

    let server = TestServer::start(directory.path()).await;
    let reader = server.client("plan", Editor).await;
    assert_eq!(reader.text("strengths"), "Grandma lives close by.");
}

#[tokio::test]
async fn documents_do_not_leak_into_each_other() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let mut first = server.client("meeting-1/plan", Editor).await;
    let mut second = server.client("meeting-2/plan", Editor).await;
    first.append_text("worries", "only in meeting one").await.unwrap();
    second.listen_for(Duration::from_millis(300)).await.unwrap();
    assert_eq!(second.text("worries"), "");
    let fresh = server.client("meeting-1/plan", Editor).await;
    assert_eq!(fresh.text("worries"), "only in meeting one");
}

fn awareness_frame(client_id: u64, clock: u64, state: &str) -> Vec<u8> {
    encode_awareness(&encode_awareness_update([AwarenessEntry { client_id, clock, state }]))
}

#[tokio::test]
async fn awareness_reaches_the_others_and_is_removed_when_a_connection_closes() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let mut anna = server.client("plan", Editor).await;
    let mut bora = server.client("plan", Editor).await;

    anna.send_frame(awareness_frame(11, 1, r#"{"user":{"name":"Anna"}}"#)).await.unwrap();
    bora.wait_until(|c| c.awareness.get(&11).is_some_and(|s| s.contains("Anna"))).await.unwrap();

    // A newcomer is told who is here as soon as it connects.
    let mut carl = server.client("plan", Editor).await;
    carl.wait_until(|c| c.awareness.contains_key(&11)).await.unwrap();

    // Asking again gives the same answer.
    carl.awareness.clear();
    carl.send_frame(encode_query_awareness()).await.unwrap();
    carl.wait_until(|c| c.awareness.contains_key(&11)).await.unwrap();

    anna.close().await;
    bora.wait_until(|c| c.awareness.get(&11).is_some_and(|s| s == "null")).await.unwrap();
    carl.wait_until(|c| c.awareness.get(&11).is_some_and(|s| s == "null")).await.unwrap();
}

#[tokio::test]
async fn nobody_may_change_another_connections_presence() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let mut anna = server.client("plan", Editor).await;
    let mut mallory = server.client("plan", Editor).await;
    let mut witness = server.client("plan", Editor).await;

    anna.send_frame(awareness_frame(21, 1, r#"{"user":{"name":"Anna"}}"#)).await.unwrap();
    witness.wait_until(|c| c.awareness.contains_key(&21)).await.unwrap();
    mallory.wait_until(|c| c.awareness.contains_key(&21)).await.unwrap();

    mallory.send_frame(awareness_frame(21, 9, "null")).await.unwrap();
    mallory.send_frame(awareness_frame(22, 1, r#"{"user":{"name":"Mallory"}}"#)).await.unwrap();
    witness.wait_until(|c| c.awareness.contains_key(&22)).await.unwrap();
    assert!(witness.awareness[&21].contains("Anna"), "Anna's presence was overwritten by another connection");
}

#[tokio::test]
async fn a_lone_client_is_kept_alive_with_data_frames() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start_with(directory.path(), |config| {
        config.keep_alive = Duration::from_millis(200);
    })
    .await;
    let mut alone = server.client("plan", Editor).await;
    alone.frames.clear();
    alone.listen_for(Duration::from_millis(900)).await.unwrap();
    let keep_alives = alone.frames.iter().filter(|frame| frame[..] == KEEP_ALIVE_FRAME).count();
    assert!(keep_alives >= 2, "expected keep-alive frames every 200 ms, got {keep_alives} in 900 ms");
    assert!(alone.closed.is_none());
}

#[tokio::test]
async fn joiners_share_one_encoding_but_never_a_stale_one() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let mut writer = server.client("plan", Editor).await;
    writer.append_text("notes", "first. ").await.unwrap();
    writer.settle().await.unwrap();
    // Two joiners with nothing get the same whole document.
    let early = server.client("plan", Editor).await;
    let also_early = server.client("plan", Editor).await;
    assert_eq!(early.text("notes"), "first. ");
    assert_eq!(also_early.text("notes"), "first. ");
    // After an edit, a newcomer gets the edit too, not the encoding kept from before.
    writer.append_text("notes", "second.").await.unwrap();
    writer.settle().await.unwrap();
    let later = server.client("plan", Editor).await;
    assert_eq!(later.text("notes"), "first. second.");
}

#[tokio::test]
async fn a_ping_is_answered_and_a_silent_client_is_closed_after_the_idle_timeout() {
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::Message;

    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start_with(directory.path(), |config| {
        config.idle_timeout = Duration::from_millis(600);
        config.keep_alive = Duration::from_secs(60);
    })
    .await;
    let token = server.token("plan", Editor);
    let (mut socket, _) = tokio_tungstenite::connect_async(server.sync_url("plan", Some(&token))).await.unwrap();
    socket.send(Message::Ping(b"are you there".to_vec().into())).await.unwrap();
    let started = tokio::time::Instant::now();
    let mut ponged = false;
    let closed = loop {
        match tokio::time::timeout(Duration::from_secs(10), socket.next()).await.expect("the server answers") {
            Some(Ok(Message::Pong(payload))) => {
                assert_eq!(&payload[..], b"are you there");
                ponged = true;
            }
            Some(Ok(Message::Close(frame))) => break frame.expect("a close frame with a code"),
            Some(Ok(_)) => {}
            other => panic!("the connection ended without a close frame: {other:?}"),
        }
    };
    assert!(ponged, "the ping was answered before the close");
    assert_eq!(u16::from(closed.code), 1001);
    assert!(closed.reason.contains("nothing heard"), "{}", closed.reason);
    assert!(started.elapsed() >= Duration::from_millis(500), "closed after {:?}", started.elapsed());
}

#[tokio::test]
async fn shutting_down_closes_every_connection_with_1001() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let mut clients = vec![
        server.client("plan", Editor).await,
        server.client("plan", Editor).await,
        server.client("other", Editor).await,
    ];
    clients[0].append_text("worries", "kept").await.unwrap();
    clients[1].wait_until(|c| c.text("worries") == "kept").await.unwrap();
    let stopping = tokio::spawn(server.stop());
    for client in &mut clients {
        let closed = client.wait_for_close().await.unwrap();
        assert_eq!(closed.code, 1001, "{closed:?}");
        assert!(closed.reason.contains("restarting"), "{closed:?}");
    }
    stopping.await.unwrap();
}

/// With documents unloaded the moment their last connection leaves, joins keep arriving while a
/// document's task is unloading: each must be served, by that task or a fresh one, with
/// everything committed before.
#[tokio::test]
async fn joins_that_race_with_unloading_are_all_served() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start_with(directory.path(), |config| {
        config.unload_after = Duration::ZERO;
    })
    .await;
    let mut expected = String::new();
    for round in 0..40 {
        let mut writer = server.client("plan", Editor).await;
        assert_eq!(writer.text("worries"), expected, "round {round} starts from everything before");
        let line = format!("{round};");
        writer.append_text("worries", &line).await.unwrap();
        expected.push_str(&line);
        let mut reader = server.client("plan", Editor).await;
        reader.wait_until(|c| c.text("worries") == expected).await.unwrap();
        writer.close().await;
        reader.close().await;
        // From no wait to a few milliseconds: the next joins land before, during and after the
        // unloading.
        tokio::time::sleep(Duration::from_micros(250 * round)).await;
    }
    assert!(server.stats.document_loads.get() > 1, "the document was unloaded and loaded again between rounds");
}

/// Pings take no turn of the document's own, so a burst of them must not leave the message
/// behind them unread until something else wakes the document.
#[tokio::test]
async fn a_message_after_a_burst_of_pings_is_answered_at_once() {
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::Message;
    use yrs::updates::encoder::Encode;

    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start_with(directory.path(), |config| {
        config.keep_alive = Duration::from_secs(60);
    })
    .await;
    let token = server.token("plan", Editor);
    let (mut socket, _) = tokio_tungstenite::connect_async(server.sync_url("plan", Some(&token))).await.unwrap();
    // All in one write, so the server reads them together.
    for index in 0..40u8 {
        socket.feed(Message::Ping(vec![index].into())).await.unwrap();
    }
    let step1 = kinplan_protocol::encode_sync_step1(&yrs::StateVector::default().encode_v1());
    socket.feed(Message::Binary(step1.into())).await.unwrap();
    socket.flush().await.unwrap();
    let mut pongs = 0;
    loop {
        let message = tokio::time::timeout(Duration::from_secs(5), socket.next())
            .await
            .expect("the sync step 2 comes at once")
            .expect("the connection stays open")
            .unwrap();
        match message {
            Message::Pong(_) => pongs += 1,
            // Sync (0), step 2 (1).
            Message::Binary(frame) if frame.starts_with(&[0, 1]) => break,
            _ => {}
        }
    }
    assert_eq!(pongs, 40, "every ping is answered, in order, before the answer to what followed");
}
