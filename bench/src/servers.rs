//! The systems under test: starting each as fresh processes on 127.0.0.1 (kinplan's release
//! binary on SQLite, on tmpfs, on PostgreSQL or as two nodes; the bare relay; or a peer under
//! Node), the address and framing of a room on it, and stopping it.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use anyhow::{bail, Context};
use kinplan_server::auth::{DocumentRole, TokenKeys};
use tokio::io::{AsyncBufReadExt, BufReader};

use crate::cores::Cores;
use crate::process::{memory_of, Memory};
use crate::wire::Dialect;

/// The secret kinplan signs tokens with during a benchmark; the generator mints tokens with it.
const KINPLAN_SECRET: &str = "kinplan-bench-signing-secret-0123456789abcdef";

/// How long a server may take to say it listens.
const START_PATIENCE: Duration = Duration::from_secs(20);

/// The local PostgreSQL the PostgreSQL and two-node runs use (trust authentication); each run
/// makes a database of its own and drops it afterwards.
const POSTGRES: &str = "postgres://postgres@127.0.0.1:5432";

/// The local Redis the two nodes share; each run uses a channel prefix of its own.
const REDIS: &str = "redis://127.0.0.1:6379";

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum System {
    Kinplan,
    /// The floor: WebSocket in, the same bytes out to the room's other sockets (`relay.rs`).
    Relay,
    YWebsocket,
    Hocuspocus,
    /// kinplan with its SQLite database on tmpfs: a stand-in for a disk whose flush is free.
    KinplanTmpfs,
    /// kinplan on the local PostgreSQL.
    KinplanPostgres,
    /// Two kinplan nodes sharing the local PostgreSQL and Redis.
    KinplanTwoNodes,
}

impl System {
    /// Every system and set-up, in the table's order.
    pub const EVERY: [System; 7] = [
        System::Kinplan,
        System::KinplanTmpfs,
        System::KinplanPostgres,
        System::KinplanTwoNodes,
        System::Relay,
        System::YWebsocket,
        System::Hocuspocus,
    ];
    /// The peers, against which kinplan's figures are compared.
    pub const PEERS: [System; 2] = [System::YWebsocket, System::Hocuspocus];

    /// The name used in tables, with the exact version measured.
    pub fn label(self) -> &'static str {
        match self {
            System::Kinplan => "kinplan",
            System::Relay => "bare relay (the floor)",
            System::YWebsocket => "y-websocket server 0.1.1",
            System::Hocuspocus => "Hocuspocus 4.7.0",
            System::KinplanTmpfs => "kinplan, database on tmpfs",
            System::KinplanPostgres => "kinplan on PostgreSQL",
            System::KinplanTwoNodes => "kinplan, 2 nodes (PostgreSQL + Redis)",
        }
    }

    pub fn is_peer(self) -> bool {
        System::PEERS.contains(&self)
    }

    /// Runs the kinplan binary (in any of its set-ups).
    pub fn is_kinplan(self) -> bool {
        matches!(self, System::Kinplan | System::KinplanTmpfs | System::KinplanPostgres | System::KinplanTwoNodes)
    }

    /// What the system does with a client's update before anyone else is sent it.
    pub fn before_broadcast(self) -> &'static str {
        match self {
            System::Kinplan => {
                "applies it to the document and commits it to the SQLite update log (WAL, \
                 `synchronous=FULL`: the transaction is on disk), then sends it to the others"
            }
            System::Relay => {
                "nothing: reads the frame and writes the same bytes to the room's other sockets (no \
                 CRDT, no storage; it answers a sync step 1 with an empty step 2 so clients count \
                 themselves synced); TCP_NODELAY, 4 KiB read buffers, one task a socket"
            }
            System::YWebsocket => {
                "applies it to the in-memory document and sends it to every connection of the \
                 room, the sender included; nothing is stored"
            }
            System::Hocuspocus => {
                "applies it to the in-memory document, acknowledges it to the sender with a \
                 sync-status message, and sends it (merged with the other updates of the same \
                 event-loop tick) to every connection of the document, the sender included; \
                 nothing is stored without a persistence extension"
            }
            System::KinplanTmpfs => {
                "as kinplan, with the SQLite database on tmpfs (`/dev/shm`): the commit's flush \
                 costs nothing, so what remains is kinplan's own work"
            }
            System::KinplanPostgres => {
                "as kinplan, committing to the local PostgreSQL (`synchronous_commit` on, its WAL \
                 on the same disk) before sending"
            }
            System::KinplanTwoNodes => {
                "as kinplan on PostgreSQL, on two nodes: the node a client's update reaches \
                 commits it, sends it to its own clients and publishes it on Redis; the other node \
                 sends it to its clients on receipt (and reads PostgreSQL for any gap)"
            }
        }
    }
}

/// How to start the systems under test.
#[derive(Debug, Clone)]
pub struct Programs {
    /// kinplan's release binary.
    pub kinplan: PathBuf,
    /// This generator's own binary, whose `relay` command is the bare relay.
    pub relay: PathBuf,
    /// The Node.js executable that runs the peers.
    pub node: PathBuf,
    /// `bench/peers`, with its `node_modules` installed by `npm ci`.
    pub peers_directory: PathBuf,
    /// How long to wait, before starting a system, for other processes to leave the cores alone.
    pub quiet_wait: Duration,
}

/// One server process of a system under test.
struct Node {
    child: tokio::process::Child,
    pid: u32,
    port: u16,
}

/// One fresh system under test, listening on 127.0.0.1: one process, or two for two nodes.
pub struct ServerUnderTest {
    pub system: System,
    nodes: Vec<Node>,
    /// The first node's process and port.
    pub pid: u32,
    pub port: u16,
    /// Signs kinplan's document tokens; the peers take any token.
    tokens: Option<TokenKeys>,
    /// The PostgreSQL database made for this run, dropped when it stops.
    postgres_database: Option<String>,
    /// kinplan's database (SQLite) and every server's log live here until the server stops.
    _directory: tempfile::TempDir,
}

/// How a client reaches one room of a server.
#[derive(Debug, Clone)]
pub struct Endpoint {
    pub url: String,
    pub dialect: Dialect,
    /// The token Hocuspocus expects in-band; kinplan's travels in the URL.
    pub token: String,
}

impl ServerUnderTest {
    /// Starts `system` on `cores`, or on every core.
    pub async fn start(system: System, programs: &Programs, cores: Option<&Cores>) -> anyhow::Result<Self> {
        let directory = if system == System::KinplanTmpfs {
            tempfile::tempdir_in("/dev/shm").context("a directory on tmpfs (/dev/shm)")?
        } else {
            tempfile::tempdir()?
        };
        let started_at = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        let run_name = format!("kinplan_bench_{}_{}", std::process::id(), started_at.as_micros());
        let postgres_database =
            matches!(system, System::KinplanPostgres | System::KinplanTwoNodes).then(|| run_name.clone());
        if let Some(database) = &postgres_database {
            postgres(&format!("CREATE DATABASE {database}")).await?;
        }
        let node_count = if system == System::KinplanTwoNodes { 2 } else { 1 };
        let mut nodes: Vec<Node> = Vec::with_capacity(node_count);
        for index in 0..node_count {
            let log = std::fs::File::create(directory.path().join(format!("server-{index}.log")))?;
            let mut command = match system {
                System::Kinplan | System::KinplanTmpfs | System::KinplanPostgres | System::KinplanTwoNodes => {
                    if !programs.kinplan.exists() {
                        bail!(
                            "{} is missing: run `cargo build --release -p kinplan-server` first",
                            programs.kinplan.display()
                        );
                    }
                    let database = match &postgres_database {
                        Some(database) => format!("{POSTGRES}/{database}"),
                        None => format!("sqlite://{}", directory.path().join("kinplan.db").display()),
                    };
                    let mut command = tokio::process::Command::new(&programs.kinplan);
                    command
                        .args(["serve", "--listen", "127.0.0.1:0", "--database", &database])
                        // Every load client comes from 127.0.0.1 and writes as fast as it can: the
                        // per-address, per-grant and per-second limits are for people, not for this.
                        .args(["--max-connections-per-address", "0", "--max-connections-per-grant", "0"])
                        .args(["--max-updates-per-second", "1000000"])
                        .env("KINPLAN_JWT_SECRET", KINPLAN_SECRET);
                    if system == System::KinplanTwoNodes {
                        command.args(["--redis", REDIS, "--redis-prefix", &run_name]);
                    }
                    command
                }
                System::Relay => {
                    let mut command = tokio::process::Command::new(&programs.relay);
                    command.args(["relay", "--listen", "127.0.0.1:0"]);
                    command
                }
                System::YWebsocket | System::Hocuspocus => {
                    let script = match system {
                        System::YWebsocket => "y-websocket-server.mjs",
                        _ => "hocuspocus.mjs",
                    };
                    check_peers_installed(&programs.peers_directory)?;
                    let mut command = tokio::process::Command::new(&programs.node);
                    command
                        .current_dir(&programs.peers_directory)
                        .args([script, "0"])
                        .env_remove("YPERSISTENCE")
                        .env_remove("CALLBACK_URL")
                        .env("NODE_ENV", "production");
                    command
                }
            };
            if let Some(cores) = cores {
                cores.apply_to(&mut command);
            }
            nodes.push(start_node(system, &mut command, log).await?);
        }
        let tokens = system.is_kinplan().then(|| TokenKeys::new(KINPLAN_SECRET.as_bytes()));
        let (pid, port) = (nodes[0].pid, nodes[0].port);
        Ok(ServerUnderTest { system, nodes, pid, port, tokens, postgres_database, _directory: directory })
    }

    /// Every process of the system, for CPU accounting.
    pub fn pids(&self) -> Vec<u32> {
        self.nodes.iter().map(|node| node.pid).collect()
    }

    /// The address and framing of `room` on this server's first node.
    pub fn endpoint(&self, room: &str) -> Endpoint {
        self.endpoint_on(room, 0)
    }

    /// The address and framing of `room` on node `node` (modulo the nodes there are).
    pub fn endpoint_on(&self, room: &str, node: usize) -> Endpoint {
        let port = self.nodes[node % self.nodes.len()].port;
        match self.system {
            System::Kinplan | System::KinplanTmpfs | System::KinplanPostgres | System::KinplanTwoNodes => {
                let token = self.tokens.as_ref().expect("kinplan has token keys").issue(
                    room,
                    DocumentRole::Editor,
                    Duration::from_secs(6 * 3600),
                );
                Endpoint {
                    url: format!("ws://127.0.0.1:{port}/sync/{room}?token={token}"),
                    dialect: Dialect::YWebsocket,
                    token,
                }
            }
            System::YWebsocket | System::Relay => Endpoint {
                url: format!("ws://127.0.0.1:{port}/{room}"),
                dialect: Dialect::YWebsocket,
                token: String::new(),
            },
            System::Hocuspocus => Endpoint {
                // One Hocuspocus socket may carry many documents; the path names none of them.
                url: format!("ws://127.0.0.1:{port}/"),
                dialect: Dialect::Hocuspocus { document_name: room.to_owned() },
                token: "kinplan-bench".into(),
            },
        }
    }

    /// kinplan's own metrics (its first node's); none for the others, which have no such endpoint.
    pub async fn metrics(&self) -> Option<anyhow::Result<crate::metrics::Scrape>> {
        if self.system.is_kinplan() {
            Some(crate::metrics::scrape(self.port).await)
        } else {
            None
        }
    }

    /// The first node's memory.
    pub fn memory(&self) -> anyhow::Result<Memory> {
        memory_of(self.pid)
    }

    /// Kills the server: no benchmark measures its shutdown, and kinplan's clean stop would
    /// compact every document first. Drops the run's PostgreSQL database.
    pub async fn stop(mut self) {
        for node in &mut self.nodes {
            let _ = node.child.start_kill();
        }
        for node in &mut self.nodes {
            let _ = tokio::time::timeout(Duration::from_secs(10), node.child.wait()).await;
        }
        if let Some(database) = self.postgres_database.take() {
            if let Err(error) = postgres(&format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)")).await {
                eprintln!("    could not drop the database {database}: {error:#}");
            }
        }
    }
}

/// Starts one process and waits until it says where it listens.
async fn start_node(system: System, command: &mut tokio::process::Command, log: std::fs::File) -> anyhow::Result<Node> {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(log)
        .kill_on_drop(true)
        .spawn()
        .with_context(|| format!("starting {}", system.label()))?;
    let pid = child.id().context("the server's pid")?;
    let stdout = child.stdout.take().context("the server's stdout")?;
    let mut lines = BufReader::new(stdout).lines();
    let port = tokio::time::timeout(START_PATIENCE, async {
        while let Some(line) = lines.next_line().await? {
            if let Some(port) = listening_port(&line) {
                return Ok(port);
            }
        }
        bail!("{} exited before it listened", system.label())
    })
    .await
    .with_context(|| format!("{} did not say where it listens", system.label()))??;
    // Keep reading stdout so a chatty server never blocks on a full pipe.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    Ok(Node { child, pid, port })
}

/// Runs one statement on the local PostgreSQL's `postgres` database with `psql`.
async fn postgres(statement: &str) -> anyhow::Result<()> {
    let output = tokio::process::Command::new("psql")
        .args(["-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-c", statement])
        .output()
        .await
        .context("running psql (PostgreSQL's client), which the PostgreSQL runs need")?;
    if !output.status.success() {
        bail!("psql failed on {statement:?}: {}", String::from_utf8_lossy(&output.stderr).trim());
    }
    Ok(())
}

/// The port in a server's ready line: kinplan's `kinplan listening on http://127.0.0.1:PORT`, or
/// the peers' and the relay's `… ready on 127.0.0.1:PORT`.
fn listening_port(line: &str) -> Option<u16> {
    let address = line
        .strip_prefix("kinplan listening on http://")
        .or_else(|| line.split_once(" ready on ").map(|(_, address)| address))?;
    address.trim().rsplit_once(':')?.1.parse().ok()
}

fn check_peers_installed(peers_directory: &Path) -> anyhow::Result<()> {
    for package in ["@y/websocket-server", "@hocuspocus/server"] {
        if !peers_directory.join("node_modules").join(package).exists() {
            bail!("{package} is not installed in {}: run `npm ci` there first", peers_directory.display());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::listening_port;

    #[test]
    fn ready_lines_give_the_port() {
        assert_eq!(listening_port("kinplan listening on http://127.0.0.1:4321"), Some(4321));
        assert_eq!(listening_port("hocuspocus ready on 127.0.0.1:1234"), Some(1234));
        assert_eq!(listening_port("relay ready on 127.0.0.1:999"), Some(999));
        assert_eq!(listening_port("something else"), None);
    }
}
