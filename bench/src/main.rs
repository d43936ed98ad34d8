//! Measurements of a real `kinplan serve` process (a release build) on 127.0.0.1, alone and
//! against its peers (the y-websocket server and Hocuspocus, run under Node from `bench/peers`).
//! A load generator in Rust speaks the y-websocket protocol with real yrs documents. Every
//! scenario is bounded in count and time; each prints one table.

mod client;
mod cold_load;
mod compare;
mod cores;
mod documents;
mod metrics;
mod process;
mod relay;
mod report;
mod scenarios;
mod servers;
mod stamped;
mod wire;

use std::path::PathBuf;
use std::time::Duration;

use anyhow::bail;
use clap::{Args, Parser, Subcommand};

use compare::{FanOutRun, FanOutTargets, Plan, Provenance, Scenario};
use scenarios::{crowd, fan_out, join_storm, presence, rooms, writes};
use servers::{Programs, System};

#[derive(Parser)]
#[command(about = "Measure kinplan on this machine, alone and against its peers")]
struct Arguments {
    /// The kinplan binary to measure; a release build gives meaningful figures.
    #[arg(long, default_value = "target/release/kinplan")]
    binary: PathBuf,
    /// The Node.js that runs the peers.
    #[arg(long, default_value = "node")]
    node: PathBuf,
    /// Where the peers' start scripts and their `node_modules` (from `npm ci`) are.
    #[arg(long, default_value = "bench/peers")]
    peers: PathBuf,
    /// Seconds to wait, before each system's run, for other processes to leave the cores alone.
    #[arg(long, default_value_t = 20)]
    quiet_wait: u64,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// kinplan only: time from connect to synced for a document whose log holds N one-character
    /// updates, then again after the log was compacted into a snapshot.
    ColdLoad {
        #[arg(long, default_value_t = 100_000)]
        updates: usize,
        #[arg(long, default_value_t = 3)]
        rounds: usize,
    },
    /// kinplan only: server memory (RSS) with N small documents loaded, each with one connection,
    /// and after the connections closed (the documents stay loaded until --unload-after).
    Documents {
        #[arg(long, default_value_t = 1_000)]
        count: usize,
    },
    /// R rooms × C clients each editing at f edits/s: end-to-end latency, deliveries, convergence.
    FanOut {
        #[command(flatten)]
        systems: SystemChoice,
        #[arg(long, default_value_t = 1)]
        rooms: usize,
        #[arg(long, default_value_t = 50)]
        clients: usize,
        /// Edits per second per client.
        #[arg(long, default_value_t = 5.0)]
        rate: f64,
        #[arg(long, default_value_t = 20)]
        seconds: u64,
        /// Runs per system, taking turns; the table shows the run with the median p99.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=9))]
        runs: u64,
        /// Only every other client edits, at twice the rate; with two nodes, the first node's.
        #[arg(long)]
        every_other_writes: bool,
    },
    /// R rooms × 2 idle clients: server memory per room and per idle connection.
    Rooms {
        #[command(flatten)]
        systems: SystemChoice,
        /// 10,000 rooms need 20,000 sockets in this process: see `ulimit -n`.
        #[arg(long, default_value_t = 1_000)]
        rooms: usize,
    },
    /// N clients join one large document at the same instant: time until all are synced, and the
    /// server's peak memory.
    JoinStorm {
        #[command(flatten)]
        systems: SystemChoice,
        #[arg(long, default_value_t = 100)]
        clients: usize,
        #[arg(long, default_value_t = 5.0)]
        megabytes: f64,
    },
    /// One writer, one receiver: edits per second that reach the receiver (for kinplan: after
    /// they were committed), with at most K on their way at once.
    Writes {
        #[command(flatten)]
        systems: SystemChoice,
        #[arg(long, default_value_t = 1)]
        in_flight: usize,
        #[arg(long, default_value_t = 10)]
        seconds: u64,
    },
    /// kinplan's disk only: fsync after a small overwrite in place, back to back and at the pace
    /// of the target fan-out's commits (the floor under each commit).
    FsyncFloor,
    /// C clients in one document, each moving its cursor f times a second: presence latency and
    /// the server's CPU.
    Presence {
        #[command(flatten)]
        systems: SystemChoice,
        #[arg(long, default_value_t = 500)]
        clients: usize,
        #[arg(long, default_value_t = 1.0)]
        rate: f64,
        #[arg(long, default_value_t = 20)]
        seconds: u64,
    },
    /// D documents × C idle clients held open with keep-alives: connections held, time to
    /// connect, server memory and the CPU of keeping them (needs `ulimit -Hn` above the count).
    Crowd {
        #[command(flatten)]
        systems: SystemChoice,
        #[arg(long, default_value_t = 2_000)]
        documents: usize,
        #[arg(long, default_value_t = 50)]
        clients: usize,
        #[arg(long, default_value_t = 60)]
        hold_seconds: u64,
        #[arg(long, default_value_t = 90)]
        connect_deadline_seconds: u64,
    },
    /// The bare relay (the floor under every latency figure): serves until killed.
    Relay {
        #[arg(long, default_value = "127.0.0.1:0")]
        listen: std::net::SocketAddr,
    },
    /// Every scenario against every system; prints one table with kinplan's ratio to the best
    /// peer and the project's targets. `bench/run.sh` runs this.
    Compare {
        #[command(flatten)]
        systems: SystemChoice,
        /// The three-minute plan instead of the full one.
        #[arg(long)]
        quick: bool,
        /// Writes (or replaces) this plan's section of this Markdown file.
        #[arg(long)]
        write_doc: Option<PathBuf>,
        /// The command to name in the written section.
        #[arg(long, default_value = "bench/run.sh")]
        command_line: String,
        /// The revision of kinplan measured, for the written section (default: the commit checked
        /// out here, and whether the server has uncommitted changes).
        #[arg(long)]
        revision: Option<String>,
    },
}

#[derive(Args)]
struct SystemChoice {
    /// The systems to measure, in order (every one unless given; each scenario runs those of them
    /// it concerns).
    #[arg(long = "system", value_enum)]
    systems: Vec<System>,
}

impl SystemChoice {
    fn chosen(&self) -> Vec<System> {
        if self.systems.is_empty() {
            System::EVERY.to_vec()
        } else {
            self.systems.clone()
        }
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let arguments = Arguments::parse();
    if let Command::Relay { listen } = arguments.command {
        return relay::serve(listen).await;
    }
    if !arguments.binary.exists() {
        bail!("{} is missing: run `cargo build --release --bin kinplan` first", arguments.binary.display());
    }
    let kinplan = std::fs::canonicalize(&arguments.binary)?;
    // SAFETY: set once, before any other thread of ours reads the environment.
    std::env::set_var("KINPLAN_BIN", &kinplan);
    // Every client holds a socket: thousands of them need more than the usual 1,024 files.
    process::raise_open_file_limit()?;
    let programs = Programs {
        kinplan,
        relay: std::env::current_exe()?,
        node: arguments.node,
        peers_directory: arguments.peers,
        quiet_wait: Duration::from_secs(arguments.quiet_wait),
    };
    let single = async |systems: &SystemChoice, scenario: Scenario| {
        compare::run_one(&programs, &systems.chosen(), &scenario).await;
        anyhow::Ok(())
    };
    match arguments.command {
        Command::ColdLoad { updates, rounds } => cold_load::run(updates, rounds.max(1)).await,
        Command::Documents { count } => documents::run(count).await,
        Command::FanOut { systems, rooms, clients, rate, seconds, runs, every_other_writes } => {
            let settings = fan_out::Settings {
                rooms,
                clients_per_room: clients,
                edits_per_second: rate,
                duration: Duration::from_secs(seconds),
                runs: runs as usize,
                writers: if every_other_writes { fan_out::Writers::EveryOther } else { fan_out::Writers::All },
            };
            let run = FanOutRun { settings, systems: systems.chosen(), decides: FanOutTargets::None };
            single(&systems, Scenario::FanOut(run)).await
        }
        Command::Rooms { systems, rooms } => single(&systems, Scenario::Rooms(rooms::Settings { rooms })).await,
        Command::JoinStorm { systems, clients, megabytes } => {
            let settings = join_storm::Settings { clients, document_bytes: (megabytes * 1e6) as usize };
            single(&systems, Scenario::JoinStorm(settings)).await
        }
        Command::Writes { systems, in_flight, seconds } => {
            let settings = writes::Settings { in_flight, duration: Duration::from_secs(seconds) };
            single(&systems, Scenario::Writes { settings, systems: systems.chosen() }).await
        }
        Command::FsyncFloor => {
            let systems = SystemChoice { systems: vec![System::Kinplan] };
            let paces = vec![Plan::full().target_fan_out().edit_pace()];
            single(&systems, Scenario::FsyncFloor { paces }).await
        }
        Command::Presence { systems, clients, rate, seconds } => {
            let settings =
                presence::Settings { clients, moves_per_second: rate, duration: Duration::from_secs(seconds) };
            single(&systems, Scenario::Presence(settings)).await
        }
        Command::Crowd { systems, documents, clients, hold_seconds, connect_deadline_seconds } => {
            let settings = crowd::Settings {
                documents,
                clients_per_document: clients,
                hold: Duration::from_secs(hold_seconds),
                connect_deadline: Duration::from_secs(connect_deadline_seconds),
            };
            single(&systems, Scenario::Crowd(settings)).await
        }
        Command::Relay { .. } => unreachable!("served above"),
        Command::Compare { systems, quick, write_doc, command_line, revision } => {
            let plan = if quick { Plan::quick() } else { Plan::full() };
            let provenance = Provenance { command_line, revision: revision.unwrap_or_else(git_revision) };
            compare::run(&programs, &systems.chosen(), &plan, write_doc.as_deref(), &provenance).await
        }
    }
}

/// The revision of kinplan here: the commit, and whether the server's own sources (not this
/// benchmark's) have uncommitted changes.
fn git_revision() -> String {
    let git = |arguments: &[&str]| {
        std::process::Command::new("git")
            .args(arguments)
            .output()
            .ok()
            .filter(|output| output.status.success())
            .and_then(|output| String::from_utf8(output.stdout).ok())
    };
    let Some(commit) = git(&["rev-parse", "--short", "HEAD"]) else {
        return "unknown".into();
    };
    let server_changed = git(&["status", "--porcelain", "--", "server", "protocol", "web"])
        .is_some_and(|changes| !changes.trim().is_empty());
    let commit = commit.trim();
    if server_changed {
        format!("{commit} with uncommitted changes to the server")
    } else {
        commit.to_owned()
    }
}
