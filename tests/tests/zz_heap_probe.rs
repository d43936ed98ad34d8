use kinplan_tests::{cli_tokens, TestClient};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore]
async fn heap_probe() {
    let address = std::env::var("PROBE_ADDRESS").unwrap();
    let database_url = std::env::var("PROBE_DATABASE").unwrap();
    let names: Vec<String> = (0..1000).map(|i| format!("room-{i}")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let tokens = cli_tokens(&database_url, &refs, "editor").unwrap();
    let mut clients = Vec::new();
    for (name, token) in names.iter().zip(&tokens) {
        let url = format!("ws://{address}/sync/{name}?token={token}");
        let mut first = TestClient::connect(&url).await.unwrap();
        first.sync().await.unwrap();
        first.append_text("t", "A small plan with a few words.").await.unwrap();
        first.settle().await.unwrap();
        let mut second = TestClient::connect(&url).await.unwrap();
        second.sync().await.unwrap();
        clients.push((first, second));
    }
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    std::fs::write("/tmp/probe/done", "").unwrap();
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
}
