//! Bad input and slow clients: each is closed with a clear code and reason, and nothing changes
//! for the document or anyone else.

use std::time::Duration;

use kinplan_server::auth::DocumentRole::Editor;
use kinplan_tests::TestServer;
use tokio_tungstenite::tungstenite::Message;

/// Sends `frame` from a fresh client and expects it to be closed with `code`; then checks that
/// a bystander is still connected, still editing, and that the document is as it was.
async fn check_closed_with(frame: Message, code: u16, reason_contains: &str) {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start_with(directory.path(), |config| config.max_message_bytes = 64 * 1024).await;
    let mut bystander = server.client("plan", Editor).await;
    bystander.append_text("worries", "before. ").await.unwrap();

    let mut offender = server.client("plan", Editor).await;
    offender.wait_until(|c| c.text("worries") == "before. ").await.unwrap();
    offender.send_raw(frame).await.unwrap();
    let closed = offender.wait_for_close().await.unwrap();
    assert_eq!(closed.code, code, "{closed:?}");
    assert!(closed.reason.contains(reason_contains), "reason {:?} should mention {reason_contains:?}", closed.reason);

    bystander.append_text("worries", "after.").await.unwrap();
    let mut witness = server.client("plan", Editor).await;
    witness.wait_until(|c| c.text("worries") == "before. after.").await.unwrap();
    bystander.listen_for(Duration::from_millis(100)).await.unwrap();
    assert!(bystander.closed.is_none(), "the bystander was closed: {:?}", bystander.closed);
}

#[tokio::test]
async fn an_unknown_message_type_closes_with_a_protocol_error() {
    check_closed_with(Message::Binary(vec![9, 1, 2].into()), 1002, "unknown message type").await;
}

#[tokio::test]
async fn a_truncated_update_closes_with_a_protocol_error() {
    // Sync update that claims 200 bytes and carries three.
    check_closed_with(Message::Binary(vec![0, 2, 200, 1, 1, 1, 1].into()), 1002, "malformed message").await;
}

#[tokio::test]
async fn an_update_that_is_not_yjs_closes_with_a_protocol_error() {
    let garbage_update = vec![0xff; 40];
    let frame = kinplan_protocol::encode_sync_update(&garbage_update);
    check_closed_with(Message::Binary(frame.into()), 1002, "update").await;
}

#[tokio::test]
async fn an_empty_frame_closes_with_a_protocol_error() {
    check_closed_with(Message::Binary(Vec::new().into()), 1002, "empty").await;
}

#[tokio::test]
async fn a_text_frame_closes_as_unsupported_data() {
    check_closed_with(Message::Text("hello".into()), 1003, "text").await;
}

#[tokio::test]
async fn a_frame_over_the_limit_closes_with_1009() {
    let oversized = kinplan_protocol::encode_sync_update(&vec![0u8; 100 * 1024]);
    check_closed_with(Message::Binary(oversized.into()), 1009, "larger than").await;
}

#[tokio::test]
async fn a_bad_message_after_good_ones_in_one_frame_changes_nothing() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let mut offender = server.client("plan", Editor).await;
    // A valid update followed by garbage in the same frame: the whole frame is refused.
    let update = {
        let mut scratch =
            kinplan_tests::TestClient::connect(&server.sync_url("scratch", Some(&server.token("scratch", Editor))))
                .await
                .unwrap();
        scratch.sync().await.unwrap();
        use yrs::{ReadTxn, Text, Transact};
        let text = scratch.doc.get_or_insert_text("worries");
        let mut transaction = scratch.doc.transact_mut();
        text.insert(&mut transaction, 0, "must not be kept");
        transaction.encode_state_as_update_v1(&yrs::StateVector::default())
    };
    let mut frame = kinplan_protocol::encode_sync_update(&update);
    frame.extend_from_slice(&[7, 7, 7]);
    offender.send_raw(Message::Binary(frame.into())).await.unwrap();
    assert_eq!(offender.wait_for_close().await.unwrap().code, 1002);
    let witness = server.client("plan", Editor).await;
    assert_eq!(witness.text("worries"), "");
}

#[tokio::test]
async fn a_client_that_falls_behind_is_closed_with_1013_and_catches_up_on_reconnect() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start_with(directory.path(), |config| config.outgoing_queue = 4).await;
    let mut writer = server.client("plan", Editor).await;
    // This client stops reading, so the socket buffers fill, then its queue.
    let mut sleeper = server.client("plan", Editor).await;

    let chunk = "x".repeat(60 * 1024);
    let mut written = 0;
    while server.stats.slow_clients_closed.get() == 0 {
        writer.append_text("notes", &chunk).await.unwrap();
        written += 1;
        assert!(written < 2_000, "the sleeper was never closed");
        if written % 10 == 0 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
    let closed = sleeper.wait_for_close().await.unwrap();
    assert_eq!(closed.code, 1013, "{closed:?}");
    assert!(closed.reason.contains("fell behind"));

    // The writer was never held up. Its sync round trip is answered after everything it sent
    // was handled, so the burst is over before a reconnecting client comes to get everything.
    writer.synced = false;
    writer.sync().await.unwrap();
    let mut witness = server.client("plan", Editor).await;
    witness.wait_until(|c| c.text("notes").len() == written * chunk.len()).await.unwrap();
    assert!(writer.closed.is_none());

    // The frames the sleeper never took were dropped with it, and came off the gauge of frames
    // waiting to go out; everyone else's went out.
    let deadline = tokio::time::Instant::now() + kinplan_tests::PATIENCE;
    while server.stats.outgoing_queued.get() != 0 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "{} frames still counted as queued",
            server.stats.outgoing_queued.get()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The header timeout the HTTP tests below run with: short, so a test waits for it a few times.
const HEADER_TIMEOUT: Duration = Duration::from_millis(400);

async fn server_with_short_header_timeout(directory: &kinplan_tests::TestDirectory) -> TestServer {
    TestServer::start_with(directory.path(), |config| config.header_timeout = HEADER_TIMEOUT).await
}

/// Reads what the server sends on `stream` until it closes the connection; fails if it is still
/// open after `bound`.
async fn read_until_closed(stream: &mut tokio::net::TcpStream, bound: Duration) -> Vec<u8> {
    use tokio::io::AsyncReadExt;
    let mut received = Vec::new();
    let read = tokio::time::timeout(bound, async {
        let mut chunk = [0u8; 1024];
        loop {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(count) => received.extend_from_slice(&chunk[..count]),
            }
        }
    })
    .await;
    assert!(
        read.is_ok(),
        "the connection was still open after {bound:?}; received {:?}",
        String::from_utf8_lossy(&received)
    );
    received
}

#[tokio::test]
async fn a_request_whose_headers_never_end_is_closed_within_the_header_timeout() {
    use tokio::io::AsyncWriteExt;
    let directory = kinplan_tests::TestDirectory::new();
    let server = server_with_short_header_timeout(&directory).await;
    let unfinished: [&[u8]; 3] = [
        b"",
        b"GET /healthz HTTP/1.1\r\nHost: kinplan\r\n",
        // A WebSocket handshake whose request never ends.
        b"GET /sync/plan HTTP/1.1\r\nHost: kinplan\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n",
    ];
    for request in unfinished {
        let mut stream = tokio::net::TcpStream::connect(server.address).await.unwrap();
        stream.write_all(request).await.unwrap();
        let started = tokio::time::Instant::now();
        let received = read_until_closed(&mut stream, HEADER_TIMEOUT * 5).await;
        assert!(started.elapsed() >= HEADER_TIMEOUT / 2, "closed before the timeout: {:?}", started.elapsed());
        assert!(!received.starts_with(b"HTTP/1.1 200"), "{:?}", String::from_utf8_lossy(&received));
    }
    // The server still answers.
    let answer = reqwest::get(server.http_url("/healthz")).await.unwrap();
    assert_eq!(answer.status(), 200);
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed() {
    use tokio::io::AsyncWriteExt;
    let directory = kinplan_tests::TestDirectory::new();
    let server = server_with_short_header_timeout(&directory).await;
    let mut stream = tokio::net::TcpStream::connect(server.address).await.unwrap();
    stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: kinplan\r\n\r\n").await.unwrap();
    let received = read_until_closed(&mut stream, HEADER_TIMEOUT * 5).await;
    let received = String::from_utf8_lossy(&received);
    assert!(received.starts_with("HTTP/1.1 200"), "{received:?}");
    assert!(!received.to_ascii_lowercase().contains("connection: close"), "kept alive at first: {received:?}");
}

#[tokio::test]
async fn a_websocket_outlives_the_header_timeout() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = server_with_short_header_timeout(&directory).await;
    let mut writer = server.client("plan", Editor).await;
    let mut reader = server.client("plan", Editor).await;
    writer.listen_for(HEADER_TIMEOUT * 4).await.unwrap();
    reader.listen_for(Duration::from_millis(1)).await.unwrap();
    writer.append_text("worries", "still here").await.unwrap();
    reader.wait_until(|client| client.text("worries") == "still here").await.unwrap();
    assert!(writer.closed.is_none() && reader.closed.is_none(), "{:?} {:?}", writer.closed, reader.closed);
}

#[tokio::test]
async fn an_event_stream_outlives_the_header_timeout() {
    use futures_util::StreamExt;
    use kinplan_tests::api::MeetingFixture;
    let directory = kinplan_tests::TestDirectory::new();
    let server = server_with_short_header_timeout(&directory).await;
    let meeting = MeetingFixture::new(&server, "Plan").await;
    let response = meeting.facilitator.http.get(server.http_url(&meeting.path("/events"))).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let mut stream = response.bytes_stream();
    let mut seen = String::new();
    // The current stage comes first; then the stream stays quiet for longer than the timeout.
    while !seen.contains("preparation") {
        let chunk = tokio::time::timeout(Duration::from_secs(5), stream.next()).await.unwrap().unwrap().unwrap();
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }
    tokio::time::sleep(HEADER_TIMEOUT * 4).await;
    meeting.move_to("information").await;
    while !seen.contains("\"information\"") {
        let chunk = tokio::time::timeout(Duration::from_secs(5), stream.next())
            .await
            .expect("a stage event within 5 s")
            .expect("the stream is still open")
            .unwrap();
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }
}
