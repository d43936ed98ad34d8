//! The systems under test: starting each as a fresh process on 127.0.0.1 (kinplan's release
//! binary, or a peer under Node), the address and framing of a room on it, and stopping it.

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum System {
    Kinplan,
    YWebsocket,
    Hocuspocus,
}

impl System {
    pub const ALL: [System; 3] = [System::Kinplan, System::YWebsocket, System::Hocuspocus];

    /// The name used in tables, with the exact version measured.
    pub fn label(self) -> &'static str {
        match self {
            System::Kinplan => "kinplan",
            System::YWebsocket => "y-websocket server 0.1.1",
            System::Hocuspocus => "Hocuspocus 4.7.0",
        }
    }

    /// What the system does with a client's update before anyone else is sent it.
    pub fn before_broadcast(self) -> &'static str {
        match self {
            System::Kinplan => {
                "applies it to the document and commits it to the SQLite update log (WAL, \
                 `synchronous=FULL`: the transaction is on disk), then sends it to the others"
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
        }
    }
}

/// How to start the systems under test.
#[derive(Debug, Clone)]
pub struct Programs {
    /// kinplan's release binary.
    pub kinplan: PathBuf,
    /// The Node.js executable that runs the peers.
    pub node: PathBuf,
    /// `bench/peers`, with its `node_modules` installed by `npm ci`.
    pub peers_directory: PathBuf,
    /// How long to wait, before starting a system, for other processes to leave the cores alone.
    pub quiet_wait: Duration,
}

/// One fresh server process, listening on 127.0.0.1.
pub struct ServerUnderTest {
    pub system: System,
    child: tokio::process::Child,
    pub pid: u32,
    pub port: u16,
    /// Signs kinplan's document tokens; the peers take any token.
    tokens: Option<TokenKeys>,
    /// kinplan's database and every server's log live here until the server stops.
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
        let directory = tempfile::tempdir()?;
        let log = std::fs::File::create(directory.path().join("server.log"))?;
        let mut command = match system {
            System::Kinplan => {
                if !programs.kinplan.exists() {
                    bail!(
                        "{} is missing: run `cargo build --release -p kinplan-server` first",
                        programs.kinplan.display()
                    );
                }
                let database = format!("sqlite://{}", directory.path().join("kinplan.db").display());
                let mut command = tokio::process::Command::new(&programs.kinplan);
                command
                    .args(["serve", "--listen", "127.0.0.1:0", "--database", &database])
                    // Every load client comes from 127.0.0.1 and writes as fast as it can: the
                    // per-address, per-grant and per-second limits are for people, not for this.
                    .args(["--max-connections-per-address", "0", "--max-connections-per-grant", "0"])
                    .args(["--max-updates-per-second", "1000000"])
                    .env("KINPLAN_JWT_SECRET", KINPLAN_SECRET);
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
        let tokens = (system == System::Kinplan).then(|| TokenKeys::new(KINPLAN_SECRET.as_bytes()));
        Ok(ServerUnderTest { system, child, pid, port, tokens, _directory: directory })
    }

    /// The address and framing of `room` on this server.
    pub fn endpoint(&self, room: &str) -> Endpoint {
        match self.system {
            System::Kinplan => {
                let token = self.tokens.as_ref().expect("kinplan has token keys").issue(
                    room,
                    DocumentRole::Editor,
                    Duration::from_secs(6 * 3600),
                );
                Endpoint {
                    url: format!("ws://127.0.0.1:{}/sync/{room}?token={token}", self.port),
                    dialect: Dialect::YWebsocket,
                    token,
                }
            }
            System::YWebsocket => Endpoint {
                url: format!("ws://127.0.0.1:{}/{room}", self.port),
                dialect: Dialect::YWebsocket,
                token: String::new(),
            },
            System::Hocuspocus => Endpoint {
                // One Hocuspocus socket may carry many documents; the path names none of them.
                url: format!("ws://127.0.0.1:{}/", self.port),
                dialect: Dialect::Hocuspocus { document_name: room.to_owned() },
                token: "kinplan-bench".into(),
            },
        }
    }

    /// kinplan's own metrics; none for the peers, which have no such endpoint.
    pub async fn metrics(&self) -> Option<anyhow::Result<crate::metrics::Scrape>> {
        match self.system {
            System::Kinplan => Some(crate::metrics::scrape(self.port).await),
            System::YWebsocket | System::Hocuspocus => None,
        }
    }

    pub fn memory(&self) -> anyhow::Result<Memory> {
        memory_of(self.pid)
    }

    /// Kills the server: no benchmark measures its shutdown, and kinplan's clean stop would
    /// compact every document first.
    pub async fn stop(mut self) {
        let _ = self.child.start_kill();
        let _ = tokio::time::timeout(Duration::from_secs(10), self.child.wait()).await;
    }
}

/// The port in a server's ready line: kinplan's `kinplan listening on http://127.0.0.1:PORT`, or
/// the peers' start scripts' `… ready on 127.0.0.1:PORT`.
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
        assert_eq!(listening_port("something else"), None);
    }
}
