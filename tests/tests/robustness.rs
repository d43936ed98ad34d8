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
