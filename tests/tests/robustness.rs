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
    // The writer writes as fast as it can until the sleeper is closed: neither the limit on
    // updates a second nor the one on a document's size may stop it first.
    let server = TestServer::start_with(directory.path(), |config| {
        config.outgoing_queue = 4;
        config.max_updates_per_second = u32::MAX;
        config.max_document_bytes = 1 << 30;
    })
    .await;
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

#[tokio::test]
async fn a_document_larger_than_the_queue_bound_reaches_a_joiner_with_the_edits_behind_it() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start_with(directory.path(), |config| {
        config.outgoing_queue_bytes = 64 * 1024;
        config.max_updates_per_second = u32::MAX;
        config.max_document_bytes = 1 << 30;
    })
    .await;
    let mut writer = server.client("plan", Editor).await;
    // More than the socket buffers hold, so most of it waits in the joiner's queue.
    let chunk = "y".repeat(60 * 1024);
    let chunks = 16 * 1024 * 1024 / chunk.len();
    for _ in 0..chunks {
        writer.append_text("notes", &chunk).await.unwrap();
    }
    writer.synced = false;
    writer.sync().await.unwrap();

    // The joiner asks for the document, then does not read for a while.
    let token = server.token("plan", Editor);
    let mut joiner = kinplan_tests::TestClient::connect(&server.sync_url("plan", Some(&token))).await.unwrap();
    let state_vector = {
        use yrs::updates::encoder::Encode;
        use yrs::{ReadTxn, Transact};
        joiner.doc.transact().state_vector().encode_v1()
    };
    joiner.send_frame(kinplan_protocol::encode_sync_step1(&state_vector)).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    // Small edits queue behind the document: the bound counts them, not the document.
    for _ in 0..10 {
        writer.append_text("notes", "z").await.unwrap();
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(server.stats.slow_clients_closed.get(), 0, "the joiner was closed as fallen behind");

    joiner.wait_until(|client| client.synced && client.text("notes").len() == chunks * chunk.len() + 10).await.unwrap();
    assert!(joiner.closed.is_none(), "{:?}", joiner.closed);
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

/// A WebSocket opened by hand on `plan`, so a test can send bytes no client library would.
async fn raw_websocket(server: &TestServer) -> tokio::net::TcpStream {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let token = server.token("plan", Editor);
    let mut stream = tokio::net::TcpStream::connect(server.address).await.unwrap();
    let request = format!(
        "GET /sync/plan?token={token} HTTP/1.1\r\nHost: kinplan\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\
         Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        let mut byte = [0u8; 1];
        stream.read_exact(&mut byte).await.unwrap();
        head.push(byte[0]);
    }
    assert!(head.starts_with(b"HTTP/1.1 101"), "{}", String::from_utf8_lossy(&head));
    stream
}

/// Sends `wire` on a fresh raw WebSocket and gives the code of the close frame the server answers
/// with, skipping the frames it sent before.
async fn close_code_after(wire: &[u8]) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let mut stream = raw_websocket(&server).await;
    stream.write_all(wire).await.unwrap();
    let mut received = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            // Server frames are unmasked; skip whole frames until a close frame.
            while received.len() >= 2 {
                let length = match received[1] & 0x7f {
                    126 if received.len() >= 4 => (u16::from_be_bytes([received[2], received[3]]) as usize, 4),
                    127 if received.len() >= 10 => {
                        (u64::from_be_bytes(received[2..10].try_into().unwrap()) as usize, 10)
                    }
                    126 | 127 => break,
                    length => (length as usize, 2),
                };
                let (payload_length, header_length) = length;
                if received.len() < header_length + payload_length {
                    break;
                }
                if received[0] & 0x0f == 0x8 {
                    return u16::from_be_bytes([received[header_length], received[header_length + 1]]);
                }
                received.drain(..header_length + payload_length);
            }
            let mut chunk = [0u8; 4096];
            let count = stream.read(&mut chunk).await.unwrap();
            assert!(count > 0, "the server closed without a close frame");
            received.extend_from_slice(&chunk[..count]);
        }
    })
    .await
    .expect("a close frame within 10 s")
}

/// A client frame: masked (with a zero mask, so the payload reads as sent), final, `opcode`.
fn masked_frame(opcode: u8, payload: &[u8]) -> Vec<u8> {
    assert!(payload.len() <= 125);
    [&[0x80 | opcode, 0x80 | payload.len() as u8, 0, 0, 0, 0][..], payload].concat()
}

#[tokio::test]
async fn a_close_code_a_client_may_not_send_is_a_protocol_error() {
    for code in [999u16, 1005, 1015, 2000] {
        assert_eq!(close_code_after(&masked_frame(0x8, &code.to_be_bytes())).await, 1002, "close code {code}");
    }
    assert_eq!(close_code_after(&masked_frame(0x8, &4000u16.to_be_bytes())).await, 1000, "an allowed code");
}

#[tokio::test]
async fn a_close_reason_that_is_not_utf8_or_a_one_byte_close_payload_is_a_protocol_error() {
    assert_eq!(close_code_after(&masked_frame(0x8, &[0x03, 0xe8, 0xff, 0xfe])).await, 1002);
    assert_eq!(close_code_after(&masked_frame(0x8, &[0x03])).await, 1002);
}

#[tokio::test]
async fn a_64_bit_length_with_its_top_bit_set_is_a_protocol_error_not_too_big() {
    let mut header = vec![0x82, 0x80 | 127];
    header.extend_from_slice(&(u64::MAX).to_be_bytes());
    header.extend_from_slice(&[0, 0, 0, 0]);
    assert_eq!(close_code_after(&header).await, 1002);
    header[2] = 0x7f;
    assert_eq!(close_code_after(&header).await, 1009);
}
