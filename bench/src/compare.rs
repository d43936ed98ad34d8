//! The comparison run: every scenario against every system, each on a fresh server, then one table
//! with kinplan's figure over the best peer's, the project's targets, and (on request) a section of
//! `docs/BENCHMARKS.md` with the machine, the command, the date and the table.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;

use crate::cold_load;
use crate::cores::{Cores, Placed, Placement};
use crate::process::{describe_machine, CpuUse};
use crate::report::{count, kibibytes, mebibytes_from_kib, milliseconds, percent, Better, Cell, Row, Table};
use crate::scenarios::{crowd, fan_out, join_storm, presence, rooms, writes, Percentiles};
use crate::servers::{Programs, ServerUnderTest, System};

/// A fan-out scenario of a plan, the systems it runs on, and the targets it decides.
#[derive(Debug, Clone)]
pub struct FanOutRun {
    pub settings: fan_out::Settings,
    pub systems: Vec<System>,
    pub decides: FanOutTargets,
}

/// Which targets a fan-out run decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FanOutTargets {
    None,
    /// 1 room × 50 clients × 5 edits/s: against the limit, the peers, tmpfs and PostgreSQL.
    Main,
    /// Two nodes against one, both on PostgreSQL.
    AcrossNodes,
}

/// What one run measures; `quick` and `full` are the two that `bench/run.sh` offers.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Names the plan in the written section, whose heading it also keys.
    pub name: &'static str,
    pub fan_out: Vec<FanOutRun>,
    /// The memory-per-room target speaks of 1,000 rooms.
    pub rooms: rooms::Settings,
    /// 10,000 connections.
    pub connections: rooms::Settings,
    pub join_storm: join_storm::Settings,
    /// The large document, as y/hub measured it: 150 clients join a 20 MB document.
    pub large_document: join_storm::Settings,
    pub writes: Vec<writes::Settings>,
    pub writes_systems: Vec<System>,
    pub presence: presence::Settings,
    pub crowd: crowd::Settings,
    pub cold_load_updates: usize,
    pub cold_load_rounds: usize,
}

/// The systems of the main fan-out: kinplan in each of its single-node set-ups, the floor and
/// the peers.
fn main_fan_out_systems() -> Vec<System> {
    vec![
        System::Kinplan,
        System::KinplanTmpfs,
        System::KinplanPostgres,
        System::Relay,
        System::YWebsocket,
        System::Hocuspocus,
    ]
}

fn across_nodes_systems() -> Vec<System> {
    vec![System::Kinplan, System::KinplanPostgres, System::KinplanTwoNodes]
}

fn writes_systems() -> Vec<System> {
    vec![
        System::Kinplan,
        System::KinplanPostgres,
        System::KinplanTwoNodes,
        System::Relay,
        System::YWebsocket,
        System::Hocuspocus,
    ]
}

impl Plan {
    /// About twelve minutes on this machine: every scenario, shorter and smaller.
    pub fn quick() -> Plan {
        let fan_out = |edits_per_second, writers, seconds, runs| fan_out::Settings {
            rooms: 1,
            clients_per_room: 50,
            edits_per_second,
            duration: Duration::from_secs(seconds),
            runs,
            writers,
        };
        Plan {
            name: "quick",
            fan_out: vec![
                FanOutRun {
                    settings: fan_out(5.0, fan_out::Writers::All, 10, 1),
                    systems: main_fan_out_systems(),
                    decides: FanOutTargets::Main,
                },
                FanOutRun {
                    settings: fan_out(5.0, fan_out::Writers::EveryOther, 10, 1),
                    systems: across_nodes_systems(),
                    decides: FanOutTargets::AcrossNodes,
                },
            ],
            rooms: rooms::Settings { rooms: 1_000 },
            connections: rooms::Settings { rooms: 5_000 },
            join_storm: join_storm::Settings { clients: 100, document_bytes: 5_000_000 },
            large_document: join_storm::Settings { clients: 150, document_bytes: 20_000_000 },
            writes: vec![
                writes::Settings { in_flight: 1, duration: Duration::from_secs(5) },
                writes::Settings { in_flight: 64, duration: Duration::from_secs(5) },
            ],
            writes_systems: writes_systems(),
            presence: presence::Settings { clients: 500, moves_per_second: 1.0, duration: Duration::from_secs(10) },
            crowd: crowd::Settings {
                documents: 2_000,
                clients_per_document: 50,
                hold: Duration::from_secs(30),
                connect_deadline: Duration::from_secs(90),
            },
            cold_load_updates: 100_000,
            cold_load_rounds: 1,
        }
    }

    /// About half an hour on this machine.
    pub fn full() -> Plan {
        let fan_out = |rooms, clients_per_room, edits_per_second, writers, runs| fan_out::Settings {
            rooms,
            clients_per_room,
            edits_per_second,
            duration: Duration::from_secs(20),
            runs,
            writers,
        };
        let floor_and_peers = vec![System::Kinplan, System::Relay, System::YWebsocket, System::Hocuspocus];
        Plan {
            name: "full",
            fan_out: vec![
                // The p99 of one run moves by up to four times from one run to the next on this
                // machine, for every system: the targets are judged on the median of three.
                FanOutRun {
                    settings: fan_out(1, 50, 5.0, fan_out::Writers::All, 3),
                    systems: main_fan_out_systems(),
                    decides: FanOutTargets::Main,
                },
                FanOutRun {
                    settings: fan_out(1, 50, 20.0, fan_out::Writers::All, 1),
                    systems: floor_and_peers.clone(),
                    decides: FanOutTargets::None,
                },
                FanOutRun {
                    settings: fan_out(20, 10, 5.0, fan_out::Writers::All, 1),
                    systems: floor_and_peers,
                    decides: FanOutTargets::None,
                },
                FanOutRun {
                    settings: fan_out(1, 50, 5.0, fan_out::Writers::EveryOther, 3),
                    systems: across_nodes_systems(),
                    decides: FanOutTargets::AcrossNodes,
                },
            ],
            rooms: rooms::Settings { rooms: 1_000 },
            connections: rooms::Settings { rooms: 5_000 },
            join_storm: join_storm::Settings { clients: 100, document_bytes: 5_000_000 },
            large_document: join_storm::Settings { clients: 150, document_bytes: 20_000_000 },
            writes: vec![
                writes::Settings { in_flight: 1, duration: Duration::from_secs(10) },
                writes::Settings { in_flight: 64, duration: Duration::from_secs(10) },
            ],
            writes_systems: writes_systems(),
            presence: presence::Settings { clients: 500, moves_per_second: 1.0, duration: Duration::from_secs(20) },
            crowd: crowd::Settings {
                documents: 2_000,
                clients_per_document: 50,
                hold: Duration::from_secs(60),
                connect_deadline: Duration::from_secs(90),
            },
            cold_load_updates: 100_000,
            cold_load_rounds: 3,
        }
    }
}

type Results<R> = Vec<(System, Result<R, String>)>;

/// Runs `measure` against a fresh server of each system in turn, every core shared.
async fn on_each_system<R>(
    systems: &[System],
    programs: &Programs,
    scenario: &str,
    measure: impl AsyncFn(&ServerUnderTest) -> anyhow::Result<R>,
) -> Results<R> {
    on_each_system_placed(systems, programs, scenario, Placement::Shared, measure).await
}

/// Runs `measure` against a fresh server of each system in turn, server and generator placed as
/// `placement` says (`cores.rs`).
async fn on_each_system_placed<R>(
    systems: &[System],
    programs: &Programs,
    scenario: &str,
    placement: Placement,
    measure: impl AsyncFn(&ServerUnderTest) -> anyhow::Result<R>,
) -> Results<R> {
    let mut results = Vec::with_capacity(systems.len());
    for &system in systems {
        eprintln!("{scenario}: {}", system.label());
        wait_for_quiet(programs.quiet_wait).await;
        let started = Instant::now();
        let result = async {
            let placed = Placed::new(placement)?;
            let server = ServerUnderTest::start(system, programs, placed.server.as_ref()).await?;
            let result = measure(&server).await;
            server.stop().await;
            result
        }
        .await;
        match &result {
            Ok(_) => eprintln!("    done in {:.1} s", started.elapsed().as_secs_f64()),
            Err(error) => eprintln!("    failed: {error:#}"),
        }
        results.push((system, result.map_err(|error| format!("{error:#}"))));
    }
    results
}

/// Waits until other processes use less than a third of one core, for at most `patience`: a
/// build running alongside makes latency figures noisy. Says so when it gave up.
async fn wait_for_quiet(patience: Duration) {
    const QUIET_PERCENT: f64 = 33.0;
    let deadline = Instant::now() + patience;
    loop {
        let busy = match crate::process::others_cpu_percent(Duration::from_millis(500)).await {
            Ok(busy) => busy,
            Err(_) => return,
        };
        if busy < QUIET_PERCENT {
            return;
        }
        if Instant::now() >= deadline {
            eprintln!("    other processes use {busy:.0} % of a core; measuring anyway");
            return;
        }
    }
}

/// Where the figures of a run came from, for the written section.
pub struct Provenance {
    /// The command that made them, as a reader would run it again.
    pub command_line: String,
    /// The revision of kinplan measured.
    pub revision: String,
}

/// One line of the targets table.
struct Target {
    goal: String,
    kinplan: String,
    best_peer: String,
    verdict: String,
}

/// What one scenario adds to the run: its rows, and the targets it decides.
#[derive(Default)]
pub struct Section {
    pub rows: Vec<Row>,
    targets: Vec<Target>,
    /// What other processes took of the CPU during each measurement, in percent of one core.
    others_cpu_percent: Vec<f64>,
}

/// One scenario of a run, with its settings.
#[derive(Debug, Clone)]
pub enum Scenario {
    FanOut(FanOutRun),
    Rooms(rooms::Settings),
    /// The many-rooms scenario run for its connection count.
    Connections(rooms::Settings),
    JoinStorm(join_storm::Settings),
    /// The join storm of a large document, as y/hub measured it.
    LargeDocument(join_storm::Settings),
    /// The fsync latency of the disk kinplan's database is on: the floor under its commits, back
    /// to back and one every each of `paces` (the fan-outs' paces of edits).
    FsyncFloor {
        paces: Vec<Duration>,
    },
    Writes {
        settings: writes::Settings,
        systems: Vec<System>,
    },
    Presence(presence::Settings),
    Crowd(crowd::Settings),
    ColdLoad {
        updates: usize,
        rounds: usize,
    },
}

/// What earlier scenarios of a run measured that later ones are judged against: the disk's fsync
/// at each pace (back to back is `None`).
#[derive(Default)]
pub struct Floors {
    fsync: Vec<(Option<Duration>, Percentiles)>,
}

impl Floors {
    fn fsync_at(&self, pace: Option<Duration>) -> Option<Percentiles> {
        self.fsync.iter().find(|(probed, _)| *probed == pace).map(|(_, percentiles)| *percentiles)
    }
}

impl Plan {
    /// The fan-out the main targets speak of.
    pub fn target_fan_out(&self) -> &fan_out::Settings {
        &self.fan_out[0].settings
    }

    fn scenarios(&self) -> Vec<Scenario> {
        // The disk first: the fan-outs and writes are judged against it.
        let mut paces: Vec<Duration> = self.fan_out.iter().map(|run| run.settings.edit_pace()).collect();
        paces.sort();
        paces.dedup();
        let mut scenarios = vec![Scenario::FsyncFloor { paces }];
        scenarios.extend(self.fan_out.iter().cloned().map(Scenario::FanOut));
        scenarios.push(Scenario::Rooms(self.rooms.clone()));
        scenarios.push(Scenario::Connections(self.connections.clone()));
        scenarios.push(Scenario::JoinStorm(self.join_storm.clone()));
        scenarios.push(Scenario::LargeDocument(self.large_document.clone()));
        scenarios.extend(
            self.writes
                .iter()
                .cloned()
                .map(|settings| Scenario::Writes { settings, systems: self.writes_systems.clone() }),
        );
        scenarios.push(Scenario::Presence(self.presence.clone()));
        scenarios.push(Scenario::Crowd(self.crowd.clone()));
        scenarios.push(Scenario::ColdLoad { updates: self.cold_load_updates, rounds: self.cold_load_rounds });
        scenarios
    }
}

/// The systems of `wanted` that were asked for, in the order asked.
fn chosen(asked: &[System], wanted: &[System]) -> Vec<System> {
    asked.iter().copied().filter(|system| wanted.contains(system)).collect()
}

/// Runs one scenario against those of `systems` it concerns and gives its rows.
pub async fn measure(programs: &Programs, systems: &[System], scenario: &Scenario, floors: &mut Floors) -> Section {
    let documents: Vec<System> = chosen(systems, &[System::Kinplan, System::YWebsocket, System::Hocuspocus]);
    match scenario {
        Scenario::FanOut(run) => fan_out_section(programs, &chosen(systems, &run.systems), run, floors).await,
        Scenario::Rooms(settings) => rooms_section(programs, &documents, settings).await,
        Scenario::Connections(settings) => connections_section(programs, &documents, settings).await,
        Scenario::JoinStorm(settings) => join_storm_section(programs, &documents, settings, false).await,
        Scenario::LargeDocument(settings) => join_storm_section(programs, &documents, settings, true).await,
        Scenario::FsyncFloor { paces } => fsync_floor_section(systems, paces, floors).await,
        Scenario::Writes { settings, systems: wanted } => {
            writes_section(programs, &chosen(systems, wanted), settings, floors).await
        }
        Scenario::Presence(settings) => {
            let wanted = [System::Kinplan, System::Relay, System::YWebsocket, System::Hocuspocus];
            presence_section(programs, &chosen(systems, &wanted), settings).await
        }
        Scenario::Crowd(settings) => crowd_section(programs, &documents, settings).await,
        Scenario::ColdLoad { updates, rounds } => cold_load_section(systems, *updates, *rounds).await,
    }
}

/// Runs one scenario and prints its table: the single-scenario commands.
pub async fn run_one(programs: &Programs, systems: &[System], scenario: &Scenario) {
    let mut floors = Floors::default();
    let section = measure(programs, systems, scenario, &mut floors).await;
    let table = Table { systems: systems.to_vec(), rows: section.rows };
    println!();
    println!("{}", table.markdown());
    println!("{}", targets_markdown(&section.targets));
}

fn targets_markdown(targets: &[Target]) -> String {
    let mut table = String::from("| target | kinplan | compared with | met? |\n|---|---|---|---|\n");
    for target in targets {
        table.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            target.goal, target.kinplan, target.best_peer, target.verdict
        ));
    }
    table
}

/// Runs every scenario of `plan`, prints the table and the targets, and writes the section of
/// `document` when asked.
pub async fn run(
    programs: &Programs,
    systems: &[System],
    plan: &Plan,
    document: Option<&Path>,
    provenance: &Provenance,
) -> anyhow::Result<()> {
    let machine = describe_machine();
    let date = utc_now();
    let started = Instant::now();
    let mut rows = Vec::new();
    let mut targets = Vec::new();
    let mut others_cpu_percent = Vec::new();
    let mut floors = Floors::default();
    for scenario in plan.scenarios() {
        let section = measure(programs, systems, &scenario, &mut floors).await;
        rows.extend(section.rows);
        targets.extend(section.targets);
        others_cpu_percent.extend(section.others_cpu_percent);
    }

    let table = Table { systems: systems.to_vec(), rows };
    let elapsed = started.elapsed();
    let targets_table = targets_markdown(&targets);

    println!();
    println!("{}", table.markdown());
    println!("{targets_table}");
    eprintln!("the whole run took {:.0} s", elapsed.as_secs_f64());

    if let Some(document) = document {
        let noise = Noise::of(&others_cpu_percent);
        let circumstances = Circumstances { date, machine, elapsed, noise };
        let section = render_section(plan, provenance, &circumstances, &table, &targets_table);
        write_section(document, plan, &section)?;
        eprintln!("wrote the section to {}", document.display());
    }
    Ok(())
}

type Pick = fn(&Percentiles) -> f64;

/// A latency cell, or why there is none.
fn latency_cell(latency: &Option<Percentiles>, pick: Pick) -> Cell {
    match latency {
        Some(percentiles) => Cell::number(pick(percentiles), milliseconds(pick(percentiles))),
        None => Cell::Text("no samples".into()),
    }
}

fn milliseconds_cell(duration: Duration) -> Cell {
    let value = duration.as_secs_f64() * 1000.0;
    Cell::number(value, milliseconds(value))
}

fn mebibytes_cell(kib: u64) -> Cell {
    Cell::number(kib as f64, mebibytes_from_kib(kib as f64))
}

async fn fan_out_section(programs: &Programs, systems: &[System], run: &FanOutRun, floors: &Floors) -> Section {
    let settings = &run.settings;
    let title = format!("Fan-out, {}", settings.describe());
    let mut runs: Vec<Results<fan_out::Outcome>> = Vec::with_capacity(settings.runs);
    for run in 1..=settings.runs {
        let scenario = if settings.runs > 1 { format!("{title} (run {run})") } else { title.clone() };
        runs.push(
            on_each_system_placed(systems, programs, &scenario, Placement::Apart, async |server| {
                fan_out::run(server, settings).await
            })
            .await,
        );
    }
    let (results, p99s) = median_runs(runs);
    let mut section = Section::default();
    let fsync = floors.fsync_at(Some(settings.edit_pace()));
    let percentiles: [(&str, Pick); 3] = [("p50", |p| p.p50), ("p99", |p| p.p99), ("p99.9", |p| p.p999)];
    for (name, pick) in percentiles {
        let row = Row::from_results(format!("{title}: {name} latency"), Better::Lower, &results, |outcome| {
            latency_cell(&outcome.latency, pick)
        })
        .with_limit(fsync.as_ref().map(pick));
        match (run.decides, name) {
            (FanOutTargets::Main, "p99") => {
                section.targets.push(limit_target(
                    "fan-out p99 (1 room × 50 clients × 5 edits/s) at most 1.2× the limit (the relay's p99 + \
                     the disk's fsync p99 at that pace)",
                    &row,
                    1.2,
                ));
                section.targets.push(system_target(
                    "the same fan-out's p99 with the database on tmpfs at most half the best peer's",
                    &row,
                    System::KinplanTmpfs,
                    row.best_peer(),
                    0.5,
                ));
                section.targets.push(system_target(
                    "the same fan-out's p99 on PostgreSQL at most 2× on SQLite",
                    &row,
                    System::KinplanPostgres,
                    row.value_of(System::Kinplan).map(|value| (System::Kinplan, value)),
                    2.0,
                ));
            }
            (FanOutTargets::Main, "p99.9") => section.targets.push(ratio_target(
                "fan-out p99.9 (1 room × 50 clients × 5 edits/s) no worse than the best peer's",
                &row,
                1.0,
                milliseconds,
            )),
            (FanOutTargets::AcrossNodes, "p99") => section.targets.push(system_target(
                "fan-out p99 across two nodes (writers on one, readers on both) at most 1.5× one node's, \
                 both on PostgreSQL",
                &row,
                System::KinplanTwoNodes,
                row.value_of(System::KinplanPostgres).map(|value| (System::KinplanPostgres, value)),
                1.5,
            )),
            _ => {}
        }
        section.rows.push(row);
    }
    if run.decides == FanOutTargets::AcrossNodes {
        section.targets.push(delivered_target(&results));
    }
    for &(name, pick) in &percentiles[..2] {
        section.rows.push(Row::from_results(
            format!(
                "{title}: {name} latency to the client's handling of the frame (the generator's own delay included)"
            ),
            Better::Lower,
            &results,
            |outcome| latency_cell(&outcome.handled_latency, pick),
        ));
    }
    let placement = match Cores::available().ok().and_then(|cores| cores.split()) {
        Some((generator, server)) => format!("server on core {server}, load generator on core {generator}"),
        None => "server and load generator on the one core".to_owned(),
    };
    section.rows.push(Row::from_results(format!("{title}: cores"), Better::Neither, &results, |_| {
        Cell::Text(placement.clone())
    }));
    if settings.runs > 1 {
        section.rows.push(Row::from_results(
            format!("{title}: p99 of each run, in order (the figures of this scenario are the median run's)"),
            Better::Neither,
            &p99s,
            |p99s| Cell::Text(p99s.iter().map(|&p99| milliseconds(p99)).collect::<Vec<_>>().join(", ")),
        ));
    }
    section.rows.push(Row::from_results(
        format!("{title}: deliveries / expected"),
        Better::Neither,
        &results,
        |outcome| {
            Cell::Text(format!(
                "{} / {} ({} edits)",
                count(outcome.deliveries),
                count(outcome.expected_deliveries),
                count(outcome.edits_sent)
            ))
        },
    ));
    section.rows.push(Row::from_results(format!("{title}: rooms converged"), Better::Neither, &results, |outcome| {
        let lost =
            if outcome.clients_lost > 0 { format!(" ({} clients lost)", outcome.clients_lost) } else { String::new() };
        Cell::Text(format!("{} / {}{lost}", outcome.rooms_converged, outcome.rooms))
    }));
    section.rows.push(Row::from_results(
        format!("{title}: the server's own metrics (`/metrics`, the first node's) over the run"),
        Better::Neither,
        &results,
        |outcome| match &outcome.server {
            Some(account) => Cell::Text(describe_account(account)),
            None => Cell::NotApplicable("no metrics endpoint".into()),
        },
    ));
    add_cpu_rows(&mut section, &title, &results, |outcome| outcome.cpu);
    section
}

/// Every system of the scenario delivered every edit to every other client, and every room
/// converged.
fn delivered_target(results: &Results<fan_out::Outcome>) -> Target {
    let describe = |outcome: &fan_out::Outcome| {
        format!(
            "{} / {} delivered, {} / {} converged",
            count(outcome.deliveries),
            count(outcome.expected_deliveries),
            outcome.rooms_converged,
            outcome.rooms
        )
    };
    let whole = |outcome: &fan_out::Outcome| {
        outcome.deliveries == outcome.expected_deliveries
            && outcome.rooms_converged == outcome.rooms
            && outcome.clients_lost == 0
    };
    let outcome_of = |wanted: System| {
        results.iter().find(|(system, _)| *system == wanted).and_then(|(_, result)| result.as_ref().ok())
    };
    let two_nodes = outcome_of(System::KinplanTwoNodes);
    let one_node = outcome_of(System::KinplanPostgres);
    Target {
        goal: "across two nodes every delivery counted and every room converged".into(),
        kinplan: two_nodes.map_or_else(|| "—".into(), describe),
        best_peer: one_node.map_or_else(|| "—".into(), |outcome| format!("{} (one node)", describe(outcome))),
        verdict: match two_nodes {
            Some(outcome) if whole(outcome) => "yes".into(),
            Some(_) => "no".into(),
            None => "not measured".into(),
        },
    }
}

/// For each system, the run with the median p99 (or the first failure), and the p99 of every run.
fn median_runs(runs: Vec<Results<fan_out::Outcome>>) -> (Results<fan_out::Outcome>, Results<Vec<f64>>) {
    let systems: Vec<System> =
        runs.first().map(|run| run.iter().map(|(system, _)| *system).collect()).unwrap_or_default();
    let mut medians = Vec::with_capacity(systems.len());
    let mut p99s = Vec::with_capacity(systems.len());
    for (index, system) in systems.into_iter().enumerate() {
        let outcomes: Result<Vec<fan_out::Outcome>, String> = runs.iter().map(|run| run[index].1.clone()).collect();
        match outcomes {
            Ok(outcomes) => {
                let p99 =
                    |outcome: &fan_out::Outcome| outcome.latency.as_ref().map_or(f64::INFINITY, |latency| latency.p99);
                p99s.push((system, Ok(outcomes.iter().map(p99).collect())));
                let mut ranked = outcomes;
                ranked.sort_by(|left, right| p99(left).total_cmp(&p99(right)));
                let median = ranked.swap_remove(ranked.len() / 2);
                medians.push((system, Ok(median)));
            }
            Err(error) => {
                p99s.push((system, Err(error.clone())));
                medians.push((system, Err(error)));
            }
        }
    }
    (medians, p99s)
}

/// kinplan's account of a fan-out run, from its histograms (bucket bounds double: 0.05 ms, 0.1 ms,
/// 0.2 ms, …).
fn describe_account(account: &crate::metrics::ServerAccount) -> String {
    let time = |seconds: Option<f64>| seconds.map_or("none".to_owned(), |seconds| milliseconds(seconds * 1000.0));
    let per_commit = if account.commits > 0.0 { account.updates_committed / account.commits } else { 0.0 };
    format!(
        "{} updates in {} commits ({per_commit:.1} a commit); commit mean {}, p99 ≤ {}; received → sent to the \
         others mean {}, p99 ≤ {}; slow clients closed {}",
        count(account.updates_committed as u64),
        count(account.commits as u64),
        time(account.commit_mean_seconds),
        time(account.commit_p99_bound_seconds),
        time(account.fan_out_mean_seconds),
        time(account.fan_out_p99_bound_seconds),
        count(account.slow_clients_closed as u64),
    )
}

async fn rooms_section(programs: &Programs, systems: &[System], settings: &rooms::Settings) -> Section {
    let title = format!("Many rooms, {}", settings.describe());
    let results = on_each_system(systems, programs, &title, async |server| rooms::run(server, settings).await).await;
    let at_rest = Row::from_results("Server at rest: RSS", Better::Lower, &results, |outcome| {
        mebibytes_cell(outcome.at_rest.resident_kib)
    });
    let per_room = Row::from_results(format!("{title}: memory per room"), Better::Lower, &results, |outcome| {
        Cell::number(outcome.kib_per_room(), kibibytes(outcome.kib_per_room()))
    });
    let mut section = Section::default();
    if settings.rooms == 1_000 {
        section.targets.push(ratio_target(
            "memory per room (1,000 rooms × 2 clients) at most a fifth of the best peer's",
            &per_room,
            0.2,
            kibibytes,
        ));
    }
    section.targets.push(at_rest_target(&at_rest));
    section.rows.push(at_rest);
    section.rows.push(per_room);
    section.rows.push(Row::from_results(
        format!("{title}: memory per idle connection"),
        Better::Lower,
        &results,
        |outcome| Cell::number(outcome.kib_per_idle_connection(), kibibytes(outcome.kib_per_idle_connection())),
    ));
    section.rows.push(Row::from_results(format!("{title}: connections open"), Better::Neither, &results, |outcome| {
        Cell::Text(format!(
            "{} / {}",
            count(outcome.connections_open as u64),
            count(outcome.connections_expected as u64)
        ))
    }));
    section.rows.push(Row::from_results(
        format!("{title}: time to connect and sync all"),
        Better::Lower,
        &results,
        |outcome| milliseconds_cell(outcome.connect_time),
    ));
    section.rows.push(Row::from_results(
        format!("{title}: the server's own metrics (`/metrics`) beside RSS"),
        Better::Neither,
        &results,
        |outcome| match outcome.server_counts {
            Some((documents, connections)) => Cell::Text(format!(
                "{} documents loaded, {} connections",
                count(documents as u64),
                count(connections as u64)
            )),
            None => Cell::NotApplicable("no metrics endpoint".into()),
        },
    ));
    section
}

async fn connections_section(programs: &Programs, systems: &[System], settings: &rooms::Settings) -> Section {
    let connections = settings.rooms * 2;
    let title = format!("{} connections ({})", count(connections as u64), settings.describe());
    let results = on_each_system(systems, programs, &title, async |server| rooms::run(server, settings).await).await;
    let mut section = Section::default();
    section.targets.push(connections_target(&results, connections));
    section.rows.push(Row::from_results(format!("{title}: open"), Better::Neither, &results, |outcome| {
        Cell::Text(format!(
            "{} / {}",
            count(outcome.connections_open as u64),
            count(outcome.connections_expected as u64)
        ))
    }));
    section.rows.push(Row::from_results(format!("{title}: server RSS"), Better::Lower, &results, |outcome| {
        mebibytes_cell(outcome.two_clients_each.resident_kib)
    }));
    section.rows.push(Row::from_results(
        format!("{title}: time to connect and sync all"),
        Better::Lower,
        &results,
        |outcome| milliseconds_cell(outcome.connect_time),
    ));
    section
}

/// The join storm; `large` is the large document's, judged against y/hub's own figures.
async fn join_storm_section(
    programs: &Programs,
    systems: &[System],
    settings: &join_storm::Settings,
    large: bool,
) -> Section {
    let title = if large {
        format!("Large document, {} (y/hub's Y2.4: p50 19.1 s, peak 6.5 GB)", settings.describe())
    } else {
        format!("Join storm, {}", settings.describe())
    };
    let results =
        on_each_system(systems, programs, &title, async |server| join_storm::run(server, settings).await).await;
    let all_synced = Row::from_results(format!("{title}: all synced"), Better::Lower, &results, |outcome| {
        milliseconds_cell(outcome.all_synced)
    });
    let median = Row::from_results(format!("{title}: median client synced"), Better::Lower, &results, |outcome| {
        milliseconds_cell(outcome.median_synced)
    });
    let peak = Row::from_results(
        format!("{title}: server peak RSS during the storm (VmRSS every 5 ms)"),
        Better::Lower,
        &results,
        |outcome| mebibytes_cell(outcome.resident_peak_kib),
    );
    let mut section = Section::default();
    if large {
        section.targets.push(bound_target(
            "large document (150 clients join 20 MB): median client synced at most 2 s",
            &median,
            2_000.0,
            milliseconds,
        ));
        section.targets.push(bound_target(
            "large document: server peak RSS at most 300 MiB",
            &peak,
            300.0 * 1024.0,
            mebibytes_from_kib,
        ));
    } else {
        section.targets.push(faster_target(&all_synced));
    }
    section.rows.push(all_synced);
    section.rows.push(median);
    section.rows.push(peak);
    section.rows.push(Row::from_results(
        format!("{title}: server RSS high-water mark since start (VmHWM)"),
        Better::Lower,
        &results,
        |outcome| mebibytes_cell(outcome.high_water_mark_kib),
    ));
    section.rows.push(Row::from_results(
        format!("{title}: server RSS before the storm"),
        Better::Lower,
        &results,
        |outcome| mebibytes_cell(outcome.resident_before_kib),
    ));
    section.rows.push(Row::from_results(
        format!("{title}: document sent to each joiner"),
        Better::Neither,
        &results,
        |outcome| Cell::Text(format!("{} bytes", count(outcome.document_bytes as u64))),
    ));
    add_cpu_rows(&mut section, &title, &results, |outcome| outcome.cpu);
    section
}

async fn fsync_floor_section(systems: &[System], paces: &[Duration], floors: &mut Floors) -> Section {
    let mut section = Section::default();
    if !systems.contains(&System::Kinplan) {
        return section;
    }
    let probes = std::iter::once(("back to back".to_owned(), None)).chain(paces.iter().map(|&pace| {
        (format!("one every {}, the pace of a fan-out's edits", milliseconds(pace.as_secs_f64() * 1e3)), Some(pace))
    }));
    for (pace_name, pace) in probes {
        eprintln!("fsync floor: a small overwrite in place, then fsync, 1,000 times, {pace_name}");
        // Blocking file IO and sleeps: off the runtime's threads.
        let floor = match tokio::task::spawn_blocking(move || writes::fsync_floor(pace)).await {
            Ok(probed) => probed.map_err(|error| format!("{error:#}")),
            Err(join_error) => Err(format!("the probe failed: {join_error}")),
        };
        if let Ok(Some(percentiles)) = &floor {
            floors.fsync.push((pace, *percentiles));
        }
        let percentiles: [(&str, Pick); 3] = [("p50", |p| p.p50), ("p99", |p| p.p99), ("p99.9", |p| p.p999)];
        for (name, pick) in percentiles {
            let kinplan = match &floor {
                Ok(latency) => latency_cell(latency, pick),
                Err(error) => Cell::Failed(error.clone()),
            };
            section.rows.push(Row::with_cells(
                format!(
                    "fsync after a 200-byte overwrite on the database's disk (kinplan's floor per commit), \
                     {pace_name}: {name}"
                ),
                Better::Lower,
                systems
                    .iter()
                    .map(|&system| match system {
                        System::Kinplan => (system, kinplan.clone()),
                        _ => (system, Cell::NotApplicable("—".into())),
                    })
                    .collect(),
            ));
        }
    }
    section
}

async fn writes_section(
    programs: &Programs,
    systems: &[System],
    settings: &writes::Settings,
    floors: &Floors,
) -> Section {
    let title = format!("Durable writes, {}", settings.describe());
    let results = on_each_system(systems, programs, &title, async |server| writes::run(server, settings).await).await;
    let mut section = Section::default();
    let throughput = Row::from_results(format!("{title}: updates/s received"), Better::Higher, &results, |outcome| {
        Cell::number(outcome.updates_per_second, count(outcome.updates_per_second.round() as u64))
    });
    let decides = settings.in_flight == 64;
    if decides {
        section.targets.push(ratio_target(
            "durable writes (64 in flight): throughput at least the best peer's",
            &throughput,
            1.0,
            |value| count(value.round() as u64) + "/s",
        ));
    }
    section.rows.push(throughput);
    // Each write is committed before it is sent on, back to back.
    let fsync = floors.fsync_at(None);
    let percentiles: [(&str, Pick); 2] = [("p50", |p| p.p50), ("p99", |p| p.p99)];
    for (name, pick) in percentiles {
        let row = Row::from_results(format!("{title}: {name} latency"), Better::Lower, &results, |outcome| {
            latency_cell(&outcome.latency, pick)
        })
        .with_limit(fsync.as_ref().map(pick));
        if decides && name == "p99" {
            section.targets.push(ratio_target(
                "durable writes (64 in flight): p99 at most the best peer's",
                &row,
                1.0,
                milliseconds,
            ));
        }
        section.rows.push(row);
    }
    section.rows.push(Row::from_results(format!("{title}: received / sent"), Better::Neither, &results, |outcome| {
        Cell::Text(format!("{} / {}", count(outcome.received), count(outcome.sent)))
    }));
    section.rows.push(Row::from_results(
        format!("{title}: the server's own metrics (`/metrics`, the writer's node) over the run"),
        Better::Neither,
        &results,
        |outcome| match &outcome.server {
            Some(account) => Cell::Text(describe_account(account)),
            None => Cell::NotApplicable("no metrics endpoint".into()),
        },
    ));
    add_cpu_rows(&mut section, &title, &results, |outcome| outcome.cpu);
    section
}

async fn presence_section(programs: &Programs, systems: &[System], settings: &presence::Settings) -> Section {
    let title = format!("Presence, {}", settings.describe());
    let results = on_each_system_placed(systems, programs, &title, Placement::Apart, async |server| {
        presence::run(server, settings).await
    })
    .await;
    let mut section = Section::default();
    let percentiles: [(&str, Pick); 3] = [("p50", |p| p.p50), ("p99", |p| p.p99), ("p99.9", |p| p.p999)];
    for (name, pick) in percentiles {
        // Presence is never stored: the limit is the relay's own figure.
        let row = Row::from_results(
            format!("{title}: {name} latency of a move to each other client (a tenth of them measure)"),
            Better::Lower,
            &results,
            |outcome| latency_cell(&outcome.latency, pick),
        )
        .with_limit(Some(0.0));
        if name == "p99" {
            section.targets.push(bound_target(
                "presence (500 clients, a move a second each): p99 delivery under 50 ms",
                &row,
                50.0,
                milliseconds,
            ));
        }
        section.rows.push(row);
    }
    section.rows.push(Row::from_results(
        format!("{title}: moves received by the measuring clients / sent by the others"),
        Better::Neither,
        &results,
        |outcome| {
            let lost = if outcome.clients_lost > 0 {
                format!(" ({} clients lost)", outcome.clients_lost)
            } else {
                String::new()
            };
            Cell::Text(format!(
                "{} / {} ({} moves){lost}",
                count(outcome.received),
                count(outcome.expected),
                count(outcome.moves_sent)
            ))
        },
    ));
    let cpu =
        Row::from_results(format!("{title}: server CPU (100 % = one core)"), Better::Lower, &results, |outcome| {
            Cell::number(outcome.cpu.server_percent, percent(outcome.cpu.server_percent))
        });
    section.targets.push(bound_target("presence: server under 25 % of a core", &cpu, 25.0, percent));
    section.others_cpu_percent.extend(
        results.iter().filter_map(|(_, result)| result.as_ref().ok()).map(|outcome| outcome.cpu.others_percent),
    );
    section.rows.push(cpu);
    section.rows.extend([
        Row::from_results(format!("{title}: load generator CPU"), Better::Neither, &results, |outcome| {
            Cell::Text(percent(outcome.cpu.generator_percent))
        }),
        Row::from_results(format!("{title}: other processes' CPU"), Better::Neither, &results, |outcome| {
            Cell::Text(percent(outcome.cpu.others_percent))
        }),
    ]);
    section
}

async fn crowd_section(programs: &Programs, systems: &[System], settings: &crowd::Settings) -> Section {
    let title = format!("Crowd, {}", settings.describe());
    let results = on_each_system(systems, programs, &title, async |server| crowd::run(server, settings).await).await;
    let mut section = Section::default();
    // Where the open-file limit allowed fewer connections than asked, a figure for the full count
    // is the measured one scaled up, and says so.
    let projected = |outcome: &crowd::Outcome, value: f64, show: fn(f64) -> String| {
        if outcome.measured_all() {
            Cell::number(value, show(value))
        } else {
            let scaled = outcome.projected(value);
            Cell::number(scaled, format!("{} projected ({} measured)", show(scaled), show(value)))
        }
    };
    section.rows.push(Row::from_results(
        format!("{title}: connections measured"),
        Better::Neither,
        &results,
        |outcome| {
            Cell::Text(if outcome.measured_all() {
                count(outcome.connections as u64)
            } else {
                format!(
                    "{} of {} (the open-file limit here is {}: `ulimit -Hn`, not raisable without CAP_SYS_RESOURCE)",
                    count(outcome.connections as u64),
                    count(outcome.asked as u64),
                    count(outcome.open_file_limit)
                )
            })
        },
    ));
    let held = Row::from_results(format!("{title}: held to the end / measured"), Better::Higher, &results, |outcome| {
        let share = outcome.held as f64 / outcome.connections.max(1) as f64;
        Cell::number(
            share,
            format!(
                "{} / {} ({} synced in time)",
                count(outcome.held as u64),
                count(outcome.connections as u64),
                count(outcome.connected as u64)
            ),
        )
    });
    section.targets.push(bound_target(
        "100,000 idle connections held on one node (every connection measured held to the end)",
        &held,
        1.0,
        |share| format!("{:.1} % held", share * 100.0),
    ));
    let connect = Row::from_results(
        format!("{title}: time to connect and sync all (or until the deadline)"),
        Better::Lower,
        &results,
        |outcome| projected(outcome, outcome.connect_time.as_secs_f64() * 1000.0, milliseconds),
    );
    section.targets.push(bound_target(
        "100,000 connections: connect and sync all within 60 s",
        &connect,
        60_000.0,
        milliseconds,
    ));
    let resident = Row::from_results(format!("{title}: server RSS, all held"), Better::Lower, &results, |outcome| {
        let measured = outcome.memory.resident_kib as f64;
        if outcome.measured_all() {
            Cell::number(measured, mebibytes_from_kib(measured))
        } else {
            let scaled = outcome.projected_resident_kib();
            Cell::number(
                scaled,
                format!(
                    "{} projected ({} measured, {} at rest)",
                    mebibytes_from_kib(scaled),
                    mebibytes_from_kib(measured),
                    mebibytes_from_kib(outcome.at_rest_kib as f64)
                ),
            )
        }
    });
    section.targets.push(bound_target(
        "100,000 connections: server RSS at most 400 MiB",
        &resident,
        400.0 * 1024.0,
        mebibytes_from_kib,
    ));
    let cpu = Row::from_results(
        format!("{title}: server CPU while held: keep-alives and presence renewals (100 % = one core)"),
        Better::Lower,
        &results,
        |outcome| projected(outcome, outcome.cpu.server_percent, percent),
    );
    section.targets.push(bound_target("100,000 connections: keep-alives under 10 % of a core", &cpu, 10.0, percent));
    section.others_cpu_percent.extend(
        results.iter().filter_map(|(_, result)| result.as_ref().ok()).map(|outcome| outcome.cpu.others_percent),
    );
    section.rows.extend([held, connect, resident, cpu]);
    section.rows.push(Row::from_results(
        format!("{title}: server RSS high-water mark since start (VmHWM)"),
        Better::Lower,
        &results,
        |outcome| mebibytes_cell(outcome.memory.peak_kib),
    ));
    section.rows.push(Row::from_results(
        format!("{title}: load generator CPU while held"),
        Better::Neither,
        &results,
        |outcome| Cell::Text(percent(outcome.cpu.generator_percent)),
    ));
    section
}

/// Where the CPU went while a scenario ran: the server, the load generator, and everything else
/// (a build running meanwhile shows here, and makes the other figures noisy).
fn add_cpu_rows<R>(section: &mut Section, title: &str, results: &Results<R>, cpu: fn(&R) -> CpuUse) {
    section.others_cpu_percent.extend(
        results.iter().filter_map(|(_, result)| result.as_ref().ok()).map(|outcome| cpu(outcome).others_percent),
    );
    section.rows.extend([
        Row::from_results(format!("{title}: server CPU (100 % = one core)"), Better::Lower, results, |outcome| {
            let value = cpu(outcome).server_percent;
            Cell::number(value, percent(value))
        }),
        Row::from_results(format!("{title}: load generator CPU"), Better::Neither, results, |outcome| {
            Cell::Text(percent(cpu(outcome).generator_percent))
        }),
        Row::from_results(format!("{title}: other processes' CPU"), Better::Neither, results, |outcome| {
            Cell::Text(percent(cpu(outcome).others_percent))
        }),
    ]);
}

async fn cold_load_section(systems: &[System], updates: usize, rounds: usize) -> Section {
    let mut section = Section::default();
    if !systems.contains(&System::Kinplan) {
        return section;
    }
    let rounds = rounds.max(1);
    let title = format!("Cold load, {} updates in the log", count(updates as u64));
    eprintln!("{title}: kinplan");
    let figures = cold_load::measure(updates, rounds).await.map_err(|error| format!("{error:#}"));
    if let Err(error) = &figures {
        eprintln!("    failed: {error}");
    }
    let median_of = |pick: fn(&cold_load::Figures) -> &Vec<Duration>| match &figures {
        Ok(figures) => milliseconds_cell(cold_load::median(&mut pick(figures).clone())),
        Err(error) => Cell::Failed(error.clone()),
    };
    // The peers keep documents only in memory: there is no log to load, so no figure.
    let with_peers = |kinplan: Cell| -> Vec<(System, Cell)> {
        systems
            .iter()
            .map(|&system| match system {
                System::Kinplan => (system, kinplan.clone()),
                _ => (system, Cell::NotApplicable("—".into())),
            })
            .collect()
    };
    section.rows.push(Row::with_cells(
        format!("{title}: connect to synced (median of {rounds})"),
        Better::Lower,
        with_peers(median_of(|figures| &figures.from_log)),
    ));
    section.rows.push(Row::with_cells(
        format!("{title}: the same after compaction into a snapshot (median of {rounds})"),
        Better::Lower,
        with_peers(median_of(|figures| &figures.from_snapshot)),
    ));
    section
}

/// kinplan's figure in `row` over the best peer's: at most `bound` for a figure where lower is
/// better, at least `bound` where higher is.
fn ratio_target(goal: &str, row: &Row, bound: f64, show: fn(f64) -> String) -> Target {
    system_target_shown(goal, row, System::Kinplan, row.best_peer(), bound, show)
}

/// `system`'s figure in `row` over `reference`'s, held to `bound` as in [`ratio_target`].
fn system_target(goal: &str, row: &Row, system: System, reference: Option<(System, f64)>, bound: f64) -> Target {
    system_target_shown(goal, row, system, reference, bound, milliseconds)
}

fn system_target_shown(
    goal: &str,
    row: &Row,
    system: System,
    reference: Option<(System, f64)>,
    bound: f64,
    show: fn(f64) -> String,
) -> Target {
    let value = row.value_of(system);
    let ratio = value.zip(reference).and_then(|(value, (_, reference))| (reference != 0.0).then(|| value / reference));
    let verdict = match ratio {
        Some(ratio) if within(row.better, ratio, bound) => format!("yes ({ratio:.2}×)"),
        Some(ratio) => {
            format!("no ({ratio:.2}×, needs {} {bound}×)", if row.better == Better::Higher { "≥" } else { "≤" })
        }
        None => "not measured".into(),
    };
    Target {
        goal: goal.into(),
        kinplan: value.map_or_else(|| "—".into(), |value| format!("{} ({})", show(value), system.label())),
        best_peer: reference
            .map_or_else(|| "—".into(), |(system, value)| format!("{} ({})", show(value), system.label())),
        verdict,
    }
}

/// Whether `value` meets `bound` in the direction the row's figure is better.
fn within(better: Better, value: f64, bound: f64) -> bool {
    match better {
        Better::Higher => value >= bound,
        Better::Lower | Better::Neither => value <= bound,
    }
}

/// kinplan's figure in `row` against the row's limit (the relay's figure plus the storage's
/// floor): at most `at_most` times it.
fn limit_target(goal: &str, row: &Row, at_most: f64) -> Target {
    let value = row.value_of(System::Kinplan);
    let limit = row.limit();
    let verdict = match row.over_limit() {
        Some(ratio) if ratio <= at_most => format!("yes ({ratio:.2}× the limit)"),
        Some(ratio) => format!("no ({ratio:.2}× the limit, needs ≤ {at_most}×)"),
        None => "not measured".into(),
    };
    Target {
        goal: goal.into(),
        kinplan: value.map_or_else(|| "—".into(), milliseconds),
        best_peer: limit.map_or_else(|| "—".into(), |limit| format!("{} (the limit)", milliseconds(limit))),
        verdict,
    }
}

/// kinplan's figure in `row` against a fixed bound: at most for a figure where lower is better,
/// at least where higher is.
fn bound_target(goal: &str, row: &Row, bound: f64, show: fn(f64) -> String) -> Target {
    let value = row.value_of(System::Kinplan);
    Target {
        goal: goal.into(),
        kinplan: value.map_or_else(|| "—".into(), show),
        best_peer: row
            .best_peer()
            .map_or_else(|| "—".into(), |(system, value)| format!("{} ({})", show(value), system.label())),
        verdict: match value {
            Some(value) if within(row.better, value, bound) => "yes".into(),
            Some(_) => "no".into(),
            None => "not measured".into(),
        },
    }
}

fn faster_target(all_synced: &Row) -> Target {
    let mut target = ratio_target(
        "join storm (100 clients, 5 MB document) at least 5× faster than the best peer",
        all_synced,
        0.2,
        milliseconds,
    );
    if let Some(ratio) = all_synced.ratio() {
        let speedup = 1.0 / ratio;
        let met = if speedup >= 5.0 { "yes" } else { "no" };
        target.verdict = format!("{met} ({speedup:.2}× as fast)");
    }
    target
}

fn at_rest_target(at_rest: &Row) -> Target {
    let kinplan = at_rest.value_of(System::Kinplan);
    Target {
        goal: "server at rest under 20 MiB RSS".into(),
        kinplan: kinplan.map_or_else(|| "—".into(), mebibytes_from_kib),
        best_peer: at_rest
            .best_peer()
            .map_or_else(|| "—".into(), |(system, kib)| format!("{} ({})", mebibytes_from_kib(kib), system.label())),
        verdict: match kinplan {
            Some(kib) if kib < 20.0 * 1024.0 => "yes".into(),
            Some(_) => "no".into(),
            None => "not measured".into(),
        },
    }
}

fn connections_target(results: &Results<rooms::Outcome>, connections: usize) -> Target {
    let outcome_of = |wanted: System| {
        results.iter().find(|(system, _)| *system == wanted).and_then(|(_, result)| result.as_ref().ok())
    };
    let kinplan = outcome_of(System::Kinplan);
    let open = |outcome: &rooms::Outcome| format!("{} open", count(outcome.connections_open as u64));
    let peers: Vec<String> = [System::YWebsocket, System::Hocuspocus]
        .into_iter()
        .filter_map(|system| outcome_of(system).map(|outcome| format!("{} ({})", open(outcome), system.label())))
        .collect();
    Target {
        goal: format!("at least {} concurrent connections", count(connections as u64)),
        kinplan: kinplan.map_or_else(|| "—".into(), open),
        best_peer: if peers.is_empty() { "—".into() } else { peers.join(", ") },
        verdict: match kinplan {
            Some(outcome) if outcome.connections_open >= connections => "yes".into(),
            Some(_) => "no".into(),
            None => "not measured".into(),
        },
    }
}

/// When and where a run measured.
struct Circumstances {
    date: String,
    machine: crate::process::Machine,
    elapsed: Duration,
    noise: Noise,
}

/// How much other work ran on the machine during a run's measurements.
#[derive(Debug, Clone, Copy)]
struct Noise {
    average_percent: f64,
    highest_percent: f64,
}

impl Noise {
    fn of(others_cpu_percent: &[f64]) -> Noise {
        let count = others_cpu_percent.len().max(1) as f64;
        Noise {
            average_percent: others_cpu_percent.iter().sum::<f64>() / count,
            highest_percent: others_cpu_percent.iter().copied().fold(0.0, f64::max),
        }
    }
}

/// The section of `docs/BENCHMARKS.md` this run writes.
fn render_section(
    plan: &Plan,
    provenance: &Provenance,
    circumstances: &Circumstances,
    table: &Table,
    targets_table: &str,
) -> String {
    let mut section = String::new();
    section.push_str(&section_heading(plan));
    section.push_str("\n\n");
    section.push_str(&format!(
        "<!-- Written by bench/run.sh ({} plan); running it again replaces this section. -->\n\n",
        plan.name
    ));
    section.push_str(&wrap(
        &format!(
            "Measured {} on {} cores ({}), {:.1} GiB memory, Linux {}; load average {} when the \
         run started. kinplan at revision {}. Command: `{}` (the measuring took {:.0} s). Every \
         system ran fresh on 127.0.0.1 for every scenario, with the load generator \
         (`kinplan-bench`, Rust, tokio) on the same machine: for fan-out on a half of the cores of \
         its own, the server on the other half; for the other scenarios on the same cores. \
         Latency is timed to the kernel's receipt of each frame. Other processes used {:.0} % of one \
         core on average while the measurements ran, {:.0} % at most{}.",
            circumstances.date,
            circumstances.machine.cores,
            circumstances.machine.cpu_model,
            circumstances.machine.memory_gib,
            circumstances.machine.kernel,
            circumstances.machine.load_average,
            provenance.revision,
            provenance.command_line,
            circumstances.elapsed.as_secs_f64(),
            circumstances.noise.average_percent,
            circumstances.noise.highest_percent,
            if circumstances.noise.highest_percent > 50.0 {
                ": the figures taken alongside them are noisy, the tail latencies most; see the \
             \"other processes' CPU\" rows"
            } else {
                ""
            }
        ),
        "",
        "",
    ));
    section.push('\n');
    section.push_str("What each system does with a client's update before the others are sent it:\n\n");
    for system in &table.systems {
        section.push_str(&wrap(&format!("{}: {}.", system.label(), system.before_broadcast()), "- ", "  "));
    }
    section.push('\n');
    section.push_str(&table.markdown());
    section.push('\n');
    section.push_str(&wrap(
        "The best peer is the lower of the two for times and memory, the higher for throughput. \
         Latency runs from one client's sending of an edit to another client's receipt of it, for \
         every receiver.",
        "",
        "",
    ));
    section.push('\n');
    section.push_str("The project's targets:\n\n");
    section.push_str(targets_table);
    section.push_str(&format!("\n<!-- End of the section written by bench/run.sh ({} plan). -->\n", plan.name));
    section
}

fn section_heading(plan: &Plan) -> String {
    format!(
        "## Against the peers, {} plan (`bench/run.sh{}`)",
        plan.name,
        if plan.name == "quick" { " --quick" } else { "" }
    )
}

/// Wraps prose at 100 columns, as the rest of the document is written; gives it with a newline at
/// the end of each line.
fn wrap(text: &str, first_indent: &str, indent: &str) -> String {
    const WIDTH: usize = 100;
    let mut out = String::new();
    let mut line = String::from(first_indent);
    let mut line_has_words = false;
    for word in text.split_whitespace() {
        if line_has_words && line.chars().count() + 1 + word.chars().count() > WIDTH {
            out.push_str(&line);
            out.push('\n');
            line = String::from(indent);
            line_has_words = false;
        }
        if line_has_words {
            line.push(' ');
        }
        line.push_str(word);
        line_has_words = true;
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// Replaces this plan's section in `document`, or appends it.
fn write_section(document: &Path, plan: &Plan, section: &str) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(document).with_context(|| format!("reading {}", document.display()))?;
    let heading = section_heading(plan);
    let end_marker = format!("<!-- End of the section written by bench/run.sh ({} plan). -->\n", plan.name);
    let updated = match (text.find(&heading), text.find(&end_marker)) {
        (Some(start), Some(end)) if end > start => {
            format!("{}{}{}", &text[..start], section, &text[end + end_marker.len()..])
        }
        _ => format!("{}\n{}", text.trim_end_matches('\n').to_owned() + "\n", section),
    };
    std::fs::write(document, updated).with_context(|| format!("writing {}", document.display()))
}

/// The date and time now, in UTC, as `date` prints it.
fn utc_now() -> String {
    std::process::Command::new("date")
        .args(["-u", "+%Y-%m-%d %H:%M UTC"])
        .output()
        .ok()
        .and_then(|output| String::from_utf8(output.stdout).ok())
        .map(|date| date.trim().to_owned())
        .unwrap_or_else(|| "at an unknown date".into())
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn prose_wraps_at_a_hundred_columns_with_the_given_indents() {
        let text = "word ".repeat(60);
        let wrapped = wrap(&text, "- ", "  ");
        let lines: Vec<&str> = wrapped.lines().collect();
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|line| line.chars().count() <= 100));
        assert!(lines[0].starts_with("- word"));
        assert!(lines[1].starts_with("  word"));
        assert_eq!(wrapped.split_whitespace().filter(|word| *word == "word").count(), 60);
    }
}
