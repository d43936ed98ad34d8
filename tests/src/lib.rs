//! What the integration tests share: a real kinplan server on a free port with a fresh SQLite
//! file, and a protocol client that keeps a real yrs document, as a browser would.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{anyhow, bail, Context};
use futures_util::{SinkExt, StreamExt};
use kinplan_protocol::{decode_awareness_update, decode_frame, Message as SyncWire, SyncMessage};
use kinplan_server::auth::{DocumentRole, TokenKeys};
use kinplan_server::stats::ServerStats;
use kinplan_server::{Application, ServeConfig};
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio::time::{timeout, Instant};
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{Doc, GetString, ReadTxn, StateVector, Text, Transact, Update};

pub use kinplan_server;

pub mod api;
pub mod fixtures;

/// How long a test waits for something that should happen at once on loopback.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// A kinplan server running inside the test process.
pub struct TestServer {
    pub address: std::net::SocketAddr,
    pub database_url: String,
    pub stats: Arc<ServerStats>,
    pub tokens: Arc<TokenKeys>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<anyhow::Result<()>>>,
}

/// The PostgreSQL server the tests use when `KINPLAN_TEST_DATABASE=postgres`.
const POSTGRES_SERVER: &str = "postgres://postgres@127.0.0.1:5432";

/// True when the tests run against PostgreSQL (`KINPLAN_TEST_DATABASE=postgres`) rather than
/// SQLite, the default. `.ci/run` runs the suite both ways.
pub fn uses_postgres() -> bool {
    std::env::var("KINPLAN_TEST_DATABASE").is_ok_and(|value| value == "postgres")
}

fn postgres_database_name(directory: &Path) -> String {
    let name: String = directory
        .file_name()
        .map(|name| name.to_string_lossy().to_lowercase())
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    format!("kinplan_test_{name}")
}

/// The database of a test whose files live in `directory`: a SQLite file there, or a PostgreSQL
/// database of its own named after the directory (created by the server on first use, dropped
/// with the [`TestDirectory`]).
pub fn database_url_in(directory: &Path) -> String {
    if uses_postgres() {
        format!("{POSTGRES_SERVER}/{}", postgres_database_name(directory))
    } else {
        format!("sqlite://{}", directory.join("kinplan.db").display())
    }
}

/// A temp dir for one test, and its PostgreSQL database when there is one: both are removed when
/// this is dropped, after the test's servers.
pub struct TestDirectory {
    directory: tempfile::TempDir,
    /// Set when the test asked for a PostgreSQL database whatever the mode (several nodes).
    postgres_used: std::cell::Cell<bool>,
}

impl TestDirectory {
    pub fn new() -> Self {
        TestDirectory { directory: tempfile::tempdir().expect("a temp dir"), postgres_used: Default::default() }
    }

    pub fn path(&self) -> &Path {
        self.directory.path()
    }

    /// A PostgreSQL database of this test's own, whatever the mode; dropped with this.
    pub fn postgres_url(&self) -> String {
        self.postgres_used.set(true);
        format!("{POSTGRES_SERVER}/{}", postgres_database_name(self.directory.path()))
    }
}

impl Default for TestDirectory {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for TestDirectory {
    fn drop(&mut self) {
        if !uses_postgres() && !self.postgres_used.get() {
            return;
        }
        let name = postgres_database_name(self.directory.path());
        // Drop runs inside the test's runtime, so the clean-up gets a thread and runtime of its own.
        let cleaned = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
            runtime.block_on(async {
                use sqlx::{Connection, Executor};
                let mut connection = sqlx::PgConnection::connect(&format!("{POSTGRES_SERVER}/postgres")).await?;
                connection.execute(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)").as_str()).await?;
                anyhow::Ok(())
            })
        })
        .join();
        if !matches!(cleaned, Ok(Ok(()))) {
            eprintln!("could not drop the test database: {cleaned:?}");
        }
    }
}

/// With KINPLAN_LOG set (say `KINPLAN_LOG=warn`), sends the in-process server's logs to the test's
/// captured output, which the test runner prints when a test fails. Off otherwise: a subscriber in
/// the test process made the hostile-client tests twenty times slower (15 s against 356 s for
/// tests/tests/hostile.rs), even at the level of errors.
fn show_server_logs_on_failure() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let Ok(filter) = std::env::var("KINPLAN_LOG") else { return };
        let _ = tracing_subscriber::fmt()
            .with_test_writer()
            .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
            .try_init();
    });
}

impl TestServer {
    /// Starts a server on a free port with the database in `directory`.
    pub async fn start(directory: &Path) -> Self {
        Self::start_with(directory, |_| {}).await
    }

    /// Starts a server after `adjust` has changed its settings.
    pub async fn start_with(directory: &Path, adjust: impl FnOnce(&mut ServeConfig)) -> Self {
        show_server_logs_on_failure();
        let database_url = database_url_in(directory);
        let mut config = ServeConfig::new("127.0.0.1:0".parse().unwrap(), database_url.clone());
        // A test applies the retention rules when it means to, not a minute after it starts.
        config.retention_every = Duration::ZERO;
        adjust(&mut config);
        let application = Application::build(config).await.expect("the server builds");
        let address = application.local_addr();
        let stats = application.stats();
        let tokens = application.tokens();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(application.run_until(async move {
            let _ = stopped.await;
        }));
        TestServer { address, database_url, stats, tokens, stop: Some(stop), task: Some(task) }
    }

    pub fn token(&self, document: &str, role: DocumentRole) -> String {
        self.tokens.issue(document, role, Duration::from_secs(600))
    }

    /// The address a y-websocket client builds for `document`, with `token` as its parameter.
    pub fn sync_url(&self, document: &str, token: Option<&str>) -> String {
        match token {
            Some(token) => format!("ws://{}/sync/{}?token={}", self.address, document, token),
            None => format!("ws://{}/sync/{}", self.address, document),
        }
    }

    pub fn http_url(&self, path: &str) -> String {
        format!("http://{}{}", self.address, path)
    }

    /// Opens a client on `document` with a fresh token for `role`, and waits until it is synced.
    pub async fn client(&self, document: &str, role: DocumentRole) -> TestClient {
        let token = self.token(document, role);
        let mut client = TestClient::connect(&self.sync_url(document, Some(&token))).await.expect("connects");
        client.sync().await.expect("syncs");
        client
    }

    /// Stops the server gracefully and waits for it to finish flushing.
    pub async fn stop(mut self) {
        self.shut_down().await;
    }

    async fn shut_down(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            timeout(Duration::from_secs(30), task)
                .await
                .expect("the server stops within 30 s")
                .expect("the server task does not panic")
                .expect("the server stops cleanly");
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// How a connection ended, as the client saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closed {
    pub code: u16,
    pub reason: String,
}

/// A client speaking the y-websocket protocol with its own yrs document.
pub struct TestClient {
    socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
    pub doc: Doc,
    /// Set once a sync step 2 has arrived: what y-websocket calls `synced`.
    pub synced: bool,
    /// Every permission-denied reason the server sent.
    pub denials: Vec<String>,
    /// Awareness states heard of, by client id (`null` once removed).
    pub awareness: std::collections::HashMap<u64, String>,
    /// Every frame received, in order, for tests that look at the wire itself.
    pub frames: Vec<Vec<u8>>,
    /// Set when the server closed the connection.
    pub closed: Option<Closed>,
}

impl TestClient {
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        let (socket, _) = tokio_tungstenite::connect_async(url).await.context("WebSocket handshake")?;
        Ok(TestClient {
            socket,
            doc: Doc::new(),
            synced: false,
            denials: Vec::new(),
            awareness: Default::default(),
            frames: Vec::new(),
            closed: None,
        })
    }

    /// Connects again to `url` with the same document, as a provider does after losing its
    /// connection: the sync exchange sends the server whatever it lacks.
    pub async fn reconnect(&mut self, url: &str) -> anyhow::Result<()> {
        let (socket, _) = tokio_tungstenite::connect_async(url).await.context("WebSocket handshake")?;
        self.socket = socket;
        self.closed = None;
        self.synced = false;
        self.sync().await
    }

    /// Sends our step 1 and handles frames until the server's step 2 has arrived.
    pub async fn sync(&mut self) -> anyhow::Result<()> {
        let state_vector = self.doc.transact().state_vector().encode_v1();
        self.send_frame(kinplan_protocol::encode_sync_step1(&state_vector)).await?;
        self.wait_until(|client| client.synced).await
    }

    pub async fn send_frame(&mut self, frame: Vec<u8>) -> anyhow::Result<()> {
        self.socket.send(Message::Binary(frame.into())).await.context("send")
    }

    pub async fn send_raw(&mut self, message: Message) -> anyhow::Result<()> {
        self.socket.send(message).await.context("send")
    }

    /// Inserts `text` at the end of the shared text `name` and sends the change as an update.
    /// A rich-text section of a meeting's documents (a plan section, the family's notes) is
    /// written as the editors write it: into the text of its first paragraph.
    pub async fn append_text(&mut self, name: &str, text: &str) -> anyhow::Result<()> {
        use yrs::types::xml::{XmlElementPrelim, XmlFragment, XmlTextPrelim};
        let update = {
            let before = self.doc.transact().state_vector();
            if is_rich_text_section(name) {
                let fragment = self.doc.get_or_insert_xml_fragment(name);
                let mut transaction = self.doc.transact_mut();
                let paragraph = match fragment.get(&transaction, 0).and_then(|node| node.into_xml_element()) {
                    Some(paragraph) => paragraph,
                    None => fragment.insert(&mut transaction, 0, XmlElementPrelim::empty("paragraph")),
                };
                let shared = match paragraph.get(&transaction, 0).and_then(|node| node.into_xml_text()) {
                    Some(shared) => shared,
                    None => paragraph.insert(&mut transaction, 0, XmlTextPrelim::new("")),
                };
                let length = shared.len(&transaction);
                shared.insert(&mut transaction, length, text);
            } else {
                let shared = self.doc.get_or_insert_text(name);
                let mut transaction = self.doc.transact_mut();
                let length = shared.len(&transaction);
                shared.insert(&mut transaction, length, text);
            }
            self.doc.transact().encode_diff_v1(&before)
        };
        self.send_frame(kinplan_protocol::encode_sync_update(&update)).await
    }

    /// Makes a change to the local document with `change` and sends it as one update.
    pub async fn edit(&mut self, change: impl FnOnce(&mut yrs::TransactionMut)) -> anyhow::Result<()> {
        let update = {
            let mut transaction = self.doc.transact_mut();
            change(&mut transaction);
            transaction.encode_update_v1()
        };
        self.send_frame(kinplan_protocol::encode_sync_update(&update)).await
    }

    /// Appends a paragraph to the rich-text section `name`, as TipTap would.
    pub async fn add_paragraph(&mut self, section: &str, text: &str) -> anyhow::Result<()> {
        use yrs::types::xml::{XmlElementPrelim, XmlFragment, XmlTextPrelim};
        use yrs::WriteTxn;
        let (section, text) = (section.to_owned(), text.to_owned());
        self.edit(move |transaction| {
            let fragment = transaction.get_or_insert_xml_fragment(section.as_str());
            let length = fragment.len(transaction);
            let paragraph = XmlElementPrelim::new("paragraph", [XmlTextPrelim::new(text).into()]);
            fragment.insert(transaction, length, paragraph);
        })
        .await
    }

    /// Appends an action (a map of string fields) to the plan's actions.
    pub async fn add_action(&mut self, fields: &[(&str, &str)]) -> anyhow::Result<()> {
        use yrs::{Array, MapPrelim, WriteTxn};
        let fields: Vec<(String, yrs::In)> =
            fields.iter().map(|(key, value)| (key.to_string(), yrs::In::from(value.to_string()))).collect();
        self.edit(move |transaction| {
            let actions = transaction.get_or_insert_array("actions");
            let length = actions.len(transaction);
            actions.insert(transaction, length, MapPrelim::from_iter(fields));
        })
        .await
    }

    /// Sets a field of action number `index` (from 0).
    pub async fn set_action_field(&mut self, index: u32, key: &str, value: &str) -> anyhow::Result<()> {
        use yrs::{Array, Map, Out, WriteTxn};
        let (key, value) = (key.to_owned(), value.to_owned());
        self.edit(move |transaction| {
            let actions = transaction.get_or_insert_array("actions");
            if let Some(Out::YMap(action)) = actions.get(transaction, index) {
                action.insert(transaction, key, value);
            }
        })
        .await
    }

    /// Sets a key of the plan's `meta` map.
    pub async fn set_meta(&mut self, key: &str, value: &str) -> anyhow::Result<()> {
        use yrs::{Map, WriteTxn};
        let (key, value) = (key.to_owned(), value.to_owned());
        self.edit(move |transaction| {
            let meta = transaction.get_or_insert_map("meta");
            meta.insert(transaction, key, value);
        })
        .await
    }

    /// The plain text of rich-text section `name`, paragraphs joined by newlines.
    pub fn section_text(&self, name: &str) -> String {
        use yrs::types::xml::{XmlFragment, XmlOut};
        let fragment = self.doc.get_or_insert_xml_fragment(name);
        let transaction = self.doc.transact();
        fragment
            .children(&transaction)
            .map(|child| match child {
                XmlOut::Element(element) => element.get_string(&transaction),
                XmlOut::Text(text) => text.get_string(&transaction),
                XmlOut::Fragment(fragment) => fragment.get_string(&transaction),
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Round-trips a sync step 1, so every update this client sent before has been handled.
    pub async fn settle(&mut self) -> anyhow::Result<()> {
        self.synced = false;
        self.sync().await
    }

    /// The text of the shared text `name`, or of a rich-text section's paragraphs.
    pub fn text(&self, name: &str) -> String {
        use yrs::types::xml::XmlFragment;
        if is_rich_text_section(name) {
            let fragment = self.doc.get_or_insert_xml_fragment(name);
            let transaction = self.doc.transact();
            let paragraphs = fragment.children(&transaction).filter_map(|node| node.into_xml_element());
            return paragraphs
                .flat_map(|paragraph| {
                    let texts: Vec<String> = paragraph
                        .children(&transaction)
                        .filter_map(|node| node.into_xml_text())
                        .map(|text| text.get_string(&transaction))
                        .collect();
                    texts
                })
                .collect();
        }
        let shared = self.doc.get_or_insert_text(name);
        let transaction = self.doc.transact();
        shared.get_string(&transaction)
    }

    /// Handles one incoming frame. Errors when the connection ended.
    pub async fn receive(&mut self) -> anyhow::Result<()> {
        let message = match self.socket.next().await {
            None => bail!("the connection ended"),
            Some(Err(error)) => bail!("the connection failed: {error}"),
            Some(Ok(message)) => message,
        };
        match message {
            Message::Binary(frame) => self.handle_frame(&frame).await,
            Message::Close(frame) => {
                let closed = frame.map_or(Closed { code: 1005, reason: String::new() }, |frame| Closed {
                    code: u16::from(frame.code),
                    reason: frame.reason.to_string(),
                });
                self.closed = Some(closed);
                Ok(())
            }
            _ => Ok(()),
        }
    }

    async fn handle_frame(&mut self, frame: &[u8]) -> anyhow::Result<()> {
        self.frames.push(frame.to_vec());
        let mut replies = Vec::new();
        for message in decode_frame(frame) {
            match message.map_err(|error| anyhow!("the server sent a malformed frame: {error}"))? {
                SyncWire::Sync(SyncMessage::Step1 { state_vector }) => {
                    let state_vector = StateVector::decode_v1(state_vector)?;
                    let update = self.doc.transact().encode_diff_v1(&state_vector);
                    replies.push(kinplan_protocol::encode_sync_step2(&update));
                }
                SyncWire::Sync(SyncMessage::Step2 { update }) => {
                    self.doc.transact_mut().apply_update(Update::decode_v1(update)?)?;
                    self.synced = true;
                }
                SyncWire::Sync(SyncMessage::Update { update }) => {
                    self.doc.transact_mut().apply_update(Update::decode_v1(update)?)?;
                }
                SyncWire::Awareness(update) => {
                    for entry in decode_awareness_update(update)? {
                        self.awareness.insert(entry.client_id, entry.state.to_owned());
                    }
                }
                SyncWire::PermissionDenied { reason } => self.denials.push(reason.to_owned()),
                SyncWire::QueryAwareness => {}
            }
        }
        for reply in replies {
            self.send_frame(reply).await?;
        }
        Ok(())
    }

    /// Handles frames until `done` holds, for up to [`PATIENCE`].
    pub async fn wait_until(&mut self, mut done: impl FnMut(&TestClient) -> bool) -> anyhow::Result<()> {
        let deadline = Instant::now() + PATIENCE;
        while !done(self) {
            if self.closed.is_some() {
                bail!("the server closed the connection: {:?}", self.closed);
            }
            match timeout(deadline.saturating_duration_since(Instant::now()), self.receive()).await {
                Ok(result) => result?,
                Err(_) => bail!("waited {PATIENCE:?} in vain"),
            }
        }
        Ok(())
    }

    /// Handles frames for `period`, for tests that check that something does NOT arrive.
    pub async fn listen_for(&mut self, period: Duration) -> anyhow::Result<()> {
        let deadline = Instant::now() + period;
        while self.closed.is_none() {
            match timeout(deadline.saturating_duration_since(Instant::now()), self.receive()).await {
                Ok(result) => result?,
                Err(_) => return Ok(()),
            }
        }
        Ok(())
    }

    /// Handles frames until the server closes the connection; gives its close code and reason.
    pub async fn wait_for_close(&mut self) -> anyhow::Result<Closed> {
        let deadline = Instant::now() + PATIENCE;
        while self.closed.is_none() {
            match timeout(deadline.saturating_duration_since(Instant::now()), self.receive()).await {
                Ok(Ok(())) => {}
                Ok(Err(error)) => bail!("the connection ended without a close frame: {error}"),
                Err(_) => bail!("the server did not close the connection within {PATIENCE:?}"),
            }
        }
        Ok(self.closed.clone().unwrap())
    }

    pub async fn close(mut self) {
        let _ = self
            .socket
            .close(Some(tokio_tungstenite::tungstenite::protocol::CloseFrame {
                code: CloseCode::Normal,
                reason: "bye".into(),
            }))
            .await;
    }
}

/// The `kinplan` binary that `cargo build` made, for tests that need a real process (to kill
/// it, or to read its logs). `.ci/run` builds it before the tests run.
pub fn kinplan_binary() -> PathBuf {
    if let Ok(path) = std::env::var("KINPLAN_BIN") {
        return PathBuf::from(path);
    }
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    let binary = target.join("debug/kinplan");
    assert!(binary.exists(), "{} is missing: run `cargo build --bin kinplan` first", binary.display());
    binary
}

/// A `kinplan serve` child process.
pub struct ServerProcess {
    pub child: tokio::process::Child,
    pub address: std::net::SocketAddr,
    pub log_path: PathBuf,
}

impl ServerProcess {
    /// Starts `kinplan serve` on a free port with the database in `directory`; its log goes to
    /// a file there.
    pub async fn start(directory: &Path, log_name: &str) -> anyhow::Result<Self> {
        Self::start_with(directory, log_name, &database_url_in(directory), &[]).await
    }

    /// Starts `kinplan serve` on a free port with `database_url` and `extra` arguments.
    pub async fn start_with(
        directory: &Path,
        log_name: &str,
        database_url: &str,
        extra: &[&str],
    ) -> anyhow::Result<Self> {
        use tokio::io::{AsyncBufReadExt, BufReader};
        let log_path = directory.join(log_name);
        let log = std::fs::File::create(&log_path)?;
        let mut child = tokio::process::Command::new(kinplan_binary())
            .args(["serve", "--listen", "127.0.0.1:0", "--database", database_url])
            .args(extra)
            .env("KINPLAN_LOG", std::env::var("KINPLAN_LOG").unwrap_or_else(|_| "info".into()))
            .stdout(std::process::Stdio::piped())
            .stderr(log)
            .kill_on_drop(true)
            .spawn()
            .context("starting kinplan serve")?;
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let line = timeout(PATIENCE, lines.next_line())
            .await
            .context("kinplan serve did not say where it listens")??
            .context("kinplan serve exited before listening")?;
        let address = line
            .strip_prefix("kinplan listening on http://")
            .with_context(|| format!("unexpected first line: {line}"))?
            .parse()?;
        Ok(ServerProcess { child, address, log_path })
    }

    pub fn sync_url(&self, document: &str, token: &str) -> String {
        format!("ws://{}/sync/{}?token={}", self.address, document, token)
    }

    /// Kills the process at once, as a crash or power cut would.
    pub async fn kill(mut self) {
        self.child.kill().await.expect("kill -9");
    }

    /// Asks the process to stop (SIGTERM) and waits for it.
    pub async fn terminate(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().expect("running") as i32;
        // SAFETY: kill(2) with the pid of our own running child and a valid signal number.
        unsafe { libc::kill(pid, libc::SIGTERM) };
        timeout(Duration::from_secs(30), self.child.wait()).await.expect("stops within 30 s").expect("wait")
    }
}

/// Runs `kinplan token` for `documents` against `database_url`; gives one token per line.
/// Runs `kinplan ARGS` with `stdin`; gives its exit success, stdout and stderr.
pub fn kinplan(args: &[&str], stdin: &str) -> (bool, String, String) {
    use std::io::Write;
    let mut child = std::process::Command::new(kinplan_binary())
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("kinplan runs");
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    (output.status.success(), String::from_utf8(output.stdout).unwrap(), String::from_utf8(output.stderr).unwrap())
}

/// The JSON a command printed.
pub fn json_of(output: &str) -> serde_json::Value {
    serde_json::from_str(output.trim()).unwrap_or_else(|_| panic!("not JSON: {output}"))
}

pub fn cli_tokens(database_url: &str, documents: &[&str], role: &str) -> anyhow::Result<Vec<String>> {
    let mut command = std::process::Command::new(kinplan_binary());
    command.args(["token", "--database", database_url, "--role", role]);
    for document in documents {
        command.args(["--document", document]);
    }
    let output = command.output()?;
    if !output.status.success() {
        bail!("kinplan token failed: {}", String::from_utf8_lossy(&output.stderr));
    }
    Ok(String::from_utf8(output.stdout)?.lines().map(str::to_owned).collect())
}

/// A free TCP port on loopback (there is a small window in which another process could take it).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A Redis server of the test's own, so it can be stopped and started mid-test.
pub struct RedisProcess {
    child: tokio::process::Child,
    pub port: u16,
}

impl RedisProcess {
    pub async fn start(port: u16) -> anyhow::Result<Self> {
        let child = tokio::process::Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .stdout(std::process::Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .context("starting redis-server")?;
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)).await {
                use tokio::io::{AsyncReadExt, AsyncWriteExt};
                stream.write_all(b"PING\r\n").await?;
                let mut answer = [0u8; 7];
                if stream.read_exact(&mut answer).await.is_ok() && &answer == b"+PONG\r\n" {
                    return Ok(RedisProcess { child, port });
                }
            }
            if Instant::now() > deadline {
                bail!("redis-server did not answer on port {port}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// Kills Redis at once, losing whatever it held.
    pub async fn kill(mut self) {
        let _ = self.child.kill().await;
    }
}

/// A TCP proxy to a real server that a test can cut, to see a network blip: while cut, open
/// connections are dropped and new ones are closed at once.
pub struct TcpProxy {
    pub port: u16,
    cut: Arc<std::sync::atomic::AtomicBool>,
    generation: Arc<tokio::sync::watch::Sender<u64>>,
}

impl TcpProxy {
    pub async fn start(target: &'static str) -> anyhow::Result<Self> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let port = listener.local_addr()?.port();
        let cut = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let generation = Arc::new(tokio::sync::watch::Sender::new(0u64));
        let (accept_cut, accept_generation) = (Arc::clone(&cut), Arc::clone(&generation));
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                if accept_cut.load(std::sync::atomic::Ordering::SeqCst) {
                    drop(inbound);
                    continue;
                }
                let mut cuts = accept_generation.subscribe();
                tokio::spawn(async move {
                    let Ok(mut outbound) = TcpStream::connect(target).await else { return };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                        _ = cuts.changed() => {}
                    }
                });
            }
        });
        Ok(TcpProxy { port, cut, generation })
    }

    /// Drops every connection through the proxy and refuses new ones until [`TcpProxy::mend`].
    pub fn cut(&self) {
        self.cut.store(true, std::sync::atomic::Ordering::SeqCst);
        self.generation.send_modify(|generation| *generation += 1);
    }

    pub fn mend(&self) {
        self.cut.store(false, std::sync::atomic::Ordering::SeqCst);
    }
}

/// Whether `name` is a rich-text root of a meeting's documents, which the server's schema keeps
/// as XML, not plain text.
pub fn is_rich_text_section(name: &str) -> bool {
    name == kinplan_protocol::plan::FAMILY_NOTES
        || kinplan_protocol::plan::SECTIONS.iter().any(|(section, _)| *section == name)
}
