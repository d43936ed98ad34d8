//! Tokens and roles, enforced by the server: no token, no data; viewers never write.

use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use kinplan_server::auth::DocumentRole::{Editor, Viewer};
use kinplan_tests::{cli_tokens, TestClient, TestServer};

/// Connects with `token` and expects to be closed with `code` before any document data.
async fn expect_refused(server: &TestServer, document: &str, token: Option<&str>, code: u16) {
    let mut client = TestClient::connect(&server.sync_url(document, token)).await.expect("the upgrade succeeds");
    let closed = client.wait_for_close().await.expect("closed with a code");
    assert_eq!(closed.code, code, "close code for token {token:?}: {closed:?}");
    assert!(!closed.reason.is_empty(), "the close frame says why");
    assert!(client.frames.is_empty(), "no document data before the close: {:?}", client.frames);
}

#[tokio::test]
async fn missing_invalid_expired_and_foreign_tokens_are_refused() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let mut writer = server.client("plan", Editor).await;
    writer.append_text("worries", "secret family matters").await.unwrap();

    expect_refused(&server, "plan", None, 4401).await;
    expect_refused(&server, "plan", Some(""), 4401).await;
    expect_refused(&server, "plan", Some("garbage"), 4401).await;

    let other_document = server.token("another-plan", Editor);
    expect_refused(&server, "plan", Some(&other_document), 4403).await;

    let wrong_key = kinplan_server::auth::TokenKeys::new(b"not the server's secret, but long enough").issue(
        "plan",
        Editor,
        Duration::from_secs(60),
    );
    expect_refused(&server, "plan", Some(&wrong_key), 4401).await;

    // A valid token with its payload changed keeps its signature, which no longer matches.
    let viewer = server.token("plan", Viewer);
    let parts: Vec<&str> = viewer.split('.').collect();
    let payload = String::from_utf8(URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap().replace("viewer", "editor");
    let tampered = format!("{}.{}.{}", parts[0], URL_SAFE_NO_PAD.encode(payload.as_bytes()), parts[2]);
    expect_refused(&server, "plan", Some(&tampered), 4401).await;

    // An unsigned token ("alg": "none") is never accepted.
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let unsigned = format!("{header}.{}.", URL_SAFE_NO_PAD.encode(payload.as_bytes()));
    expect_refused(&server, "plan", Some(&unsigned), 4401).await;

    let expired = server.tokens.issue("plan", Editor, Duration::from_secs(1));
    tokio::time::sleep(Duration::from_secs(7)).await; // past the expiry and the 5 s leeway
    expect_refused(&server, "plan", Some(&expired), 4401).await;
}

#[tokio::test]
async fn a_viewer_reads_but_its_writes_are_refused_and_it_is_told_so() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let mut editor = server.client("plan", Editor).await;
    editor.append_text("strengths", "Dad cooks every night. ").await.unwrap();

    let mut viewer = server.client("plan", Viewer).await;
    viewer.wait_until(|c| c.text("strengths").contains("Dad cooks")).await.unwrap();
    assert!(viewer.denials.is_empty(), "syncing alone is not a write: {:?}", viewer.denials);

    // The viewer writes anyway.
    viewer.append_text("strengths", "VIEWER WAS HERE").await.unwrap();
    viewer.wait_until(|c| !c.denials.is_empty()).await.unwrap();
    assert!(viewer.denials[0].contains("read-only"), "{:?}", viewer.denials);

    // The editor never sees it, and neither does anyone who joins later or after a restart.
    editor.append_text("strengths", "Mum walks the dog.").await.unwrap();
    viewer.wait_until(|c| c.text("strengths").contains("Mum walks")).await.unwrap();
    editor.listen_for(Duration::from_millis(300)).await.unwrap();
    assert!(!editor.text("strengths").contains("VIEWER"));
    server.stop().await;
    let server = TestServer::start(directory.path()).await;
    let later = server.client("plan", Editor).await;
    assert_eq!(later.text("strengths"), "Dad cooks every night. Mum walks the dog.");
}

#[tokio::test]
async fn the_token_command_prints_one_token_per_document_in_order() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let tokens = cli_tokens(&server.database_url, &["first", "second", "third"], "viewer").unwrap();
    assert_eq!(tokens.len(), 3);
    for (document, token) in ["first", "second", "third"].iter().zip(&tokens) {
        let claims = server.tokens.verify(Some(token), document).expect("signed with the server's secret");
        assert_eq!(claims.role, Viewer);
    }
    let mut client = TestClient::connect(&server.sync_url("second", Some(&tokens[1]))).await.unwrap();
    client.sync().await.unwrap();
    expect_refused(&server, "second", Some(&tokens[0]), 4403).await;
}
