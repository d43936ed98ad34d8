//! The `kinplan` command: parses the command line and runs one command.

use std::process::ExitCode;

use clap::Parser;

use crate::app::{open_database, Application};
use crate::config::{Cli, Command, ServeConfig, TokenArgs};

pub fn main() -> ExitCode {
    tune_malloc();
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("KINPLAN_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        // yrs recurses over nested types; updates are checked to a depth of 64 before it sees
        // them, and this stack leaves room to spare for documents stored before that check.
        .thread_stack_size(THREAD_STACK_BYTES)
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: could not start the runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = runtime.block_on(async {
        match cli.command {
            Command::Serve(config) => serve(config).await,
            Command::Token(args) => token(args).await,
            Command::User(command) => crate::operator::user(command).await,
            Command::Case(command) => crate::operator::case(command).await,
            Command::Language(command) => crate::operator::language(command).await,
            Command::Meeting(command) => crate::operator::meeting(command).await,
            Command::Link(command) => crate::operator::link(command).await,
            Command::Person(command) => crate::operator::person(command).await,
            Command::Separation(command) => crate::operator::separation(command).await,
            Command::Version(command) => crate::operator::version(command).await,
            Command::Export { database, meeting, format, version, recipient } => {
                crate::operator::export(database, meeting, format, version, recipient).await
            }
            Command::Verify { database, meeting } => crate::operator::verify(database, meeting).await,
            Command::Retention(command) => crate::operator_records::retention(command).await,
            Command::Hold(command) => crate::operator_records::hold(command).await,
            Command::Erase { database, target, json } => crate::operator_records::erase(database, target, json).await,
            Command::Erasures(command) => crate::operator_records::erasures(command).await,
            Command::Backup { database, out } => crate::operator_records::backup(database, out).await,
            Command::Restore { database, from } => crate::operator_records::restore(database, from).await,
            Command::Openapi => openapi(),
            Command::Sar(args) => crate::operator_sar::sar(args).await,
            Command::Report(args) => crate::operator_records::report(args).await,
        }
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// The stack of every runtime thread. Only the pages used are ever touched.
const THREAD_STACK_BYTES: usize = 16 * 1024 * 1024;

/// Two settings of glibc's allocator, made before the runtime starts any thread (measured in
/// docs/BENCHMARKS.md):
/// - One arena per core. glibc gives every thread that allocates an arena of its own, up to eight
///   per core, and an arena keeps the memory it once held; kinplan's threads are the runtime's
///   workers and, mostly idle, SQLite's and the blocking pool's.
/// - A fixed threshold of 128 KiB above which memory is mapped on its own and given back when
///   freed. glibc raises the threshold to the largest block freed so far, and the threshold for
///   giving back the top of the heap to twice that: after the 19 MiB that hashing a password takes,
///   a server would keep a join storm's or an export's buffers, and never shrink its heap.
fn tune_malloc() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
        // SAFETY: mallopt only sets allocator parameters; no other thread exists yet.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, cores.clamp(1, 64) as libc::c_int);
            libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
        }
    }
}

async fn serve(config: ServeConfig) -> anyhow::Result<()> {
    let application = Application::build(config).await?;
    // Scripts and tests read this line to learn the port when they asked for port 0.
    println!("kinplan listening on http://{}", application.local_addr());
    application.run_until_stopped().await
}

/// The OpenAPI document, pretty-printed with a final newline, so the committed copy diffs well.
fn openapi() -> anyhow::Result<()> {
    use utoipa::OpenApi;
    println!("{}", crate::api::ApiDoc::openapi().to_pretty_json()?);
    Ok(())
}

async fn token(args: TokenArgs) -> anyhow::Result<()> {
    let (_store, tokens) = open_database(&args.database).await?;
    if let Some(document) = args.documents.iter().find(|d| crate::access::parse_document_name(d).is_some()) {
        anyhow::bail!(
            "{document} belongs to a meeting: its tokens come from the API (or `kinplan link create`), so the meeting's rules apply"
        );
    }
    for document in &args.documents {
        println!("{}", tokens.issue(document, args.role, args.ttl));
    }
    Ok(())
}
