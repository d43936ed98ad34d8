//! The command line and its settings: one `clap` struct per command, built directly by tests.

use std::fmt;
use std::net::SocketAddr;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

use crate::auth::DocumentRole;

/// kinplan: live, durable family plans for Family Network Meetings.
#[derive(Debug, Parser)]
#[command(name = "kinplan", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web app, the API and the live documents.
    Serve(ServeConfig),
    /// Print a WebSocket token for one or more documents, one line per document.
    Token(TokenArgs),
    /// Manage staff accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Open a case from a referral.
    #[command(subcommand)]
    Case(CaseCommand),
    /// The languages pages and exports can be shown in: list them, or turn one no qualified
    /// translator has reviewed on or off.
    #[command(subcommand)]
    Language(LanguageCommand),
    /// Set up meetings and move their stage.
    #[command(subcommand)]
    Meeting(MeetingCommand),
    /// Make and revoke join links for the family network.
    #[command(subcommand)]
    Link(LinkCommand),
    /// Set a person's contact details and who may see them.
    #[command(subcommand)]
    Person(PersonCommand),
    /// Record that two people of a meeting are kept apart.
    #[command(subcommand)]
    Separation(SeparationCommand),
    /// Save versions of a meeting's plan.
    #[command(subcommand)]
    Version(VersionCommand),
    /// Write a version of a meeting's plan to standard output as md, html, pdf or json.
    Export {
        #[command(flatten)]
        database: DatabaseArgs,
        #[arg(long)]
        meeting: String,
        #[arg(long, value_parser = one_of(&crate::plan::export::ExportFormat::ALL, crate::plan::export::ExportFormat::extension))]
        format: crate::plan::export::ExportFormat,
        /// The version's hash; the newest version when left out.
        #[arg(long)]
        version: Option<String>,
        /// A family member's copy for this participant: contact details only as they may see
        /// them, and no safety note. Without it, the case record for staff.
        #[arg(long = "for")]
        recipient: Option<String>,
    },
    /// Recompute every version's hash and the chain; exit non-zero naming the first bad version.
    Verify {
        #[command(flatten)]
        database: DatabaseArgs,
        #[arg(long)]
        meeting: String,
    },
    /// How long each type of record is kept, and deleting what is past its time.
    #[command(subcommand)]
    Retention(RetentionCommand),
    /// Legal holds: nothing under one is deleted by a rule or an erasure until it is lifted.
    #[command(subcommand)]
    Hold(HoldCommand),
    /// Erase a meeting down to its tombstone, or one person's personal data, with a reason.
    Erase {
        #[command(flatten)]
        database: DatabaseArgs,
        #[command(flatten)]
        target: RecordsTarget,
        /// Print what was erased as JSON.
        #[arg(long)]
        json: bool,
    },
    /// The tombstones of erasures and deletions: list them, or make them again in a database
    /// restored from a backup.
    #[command(subcommand)]
    Erasures(ErasuresCommand),
    /// Write a consistent copy of the SQLite database to FILE while kinplan serves.
    Backup {
        #[command(flatten)]
        database: DatabaseArgs,
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Put a backup back as the database (stop kinplan first), after checking it; every erasure
    /// and deletion made since the backup was taken is made again.
    Restore {
        #[command(flatten)]
        database: DatabaseArgs,
        #[arg(long)]
        from: std::path::PathBuf,
    },
    /// Print the REST API's OpenAPI document (JSON), as served at `/api/openapi.json`, with no
    /// server or database: the web app's types are generated from it (`web/openapi.json`).
    Openapi,
    /// The service's figures over a range of days (docs/SERVICE-FIGURES.md says what each
    /// counts), as CSV or JSON on standard output.
    Report(ReportArgs),
    /// Write everything kinplan holds about one person (a subject access request) to a ZIP
    /// archive: the JSON, a readable PDF and a README, with other people's names replaced by
    /// their relationship and their contact details left out.
    Sar(SarArgs),
}

#[derive(Debug, Subcommand)]
pub enum RetentionCommand {
    /// Print every record type's rule.
    Show {
        #[command(flatten)]
        database: DatabaseArgs,
        #[arg(long)]
        json: bool,
    },
    /// Set how long one type of record is kept, and from what.
    Set {
        #[command(flatten)]
        database: DatabaseArgs,
        #[arg(long, value_parser = one_of(&crate::store::RecordType::ALL, crate::store::RecordType::as_str))]
        record_type: crate::store::RecordType,
        /// A whole number and d, m or y: 30d, 18m, 25y.
        #[arg(long)]
        keep: String,
        #[arg(long, value_parser = one_of(&crate::store::FromEvent::ALL, crate::store::FromEvent::as_str))]
        from: crate::store::FromEvent,
    },
    /// Delete what the rules say is past its time (what a running server does once a day), listing
    /// what goes and why.
    Run {
        #[command(flatten)]
        database: DatabaseArgs,
        /// List what would go, and delete nothing.
        #[arg(long)]
        dry_run: bool,
        /// Apply the rules as of this day (YYYY-MM-DD) instead of today.
        #[arg(long)]
        as_of: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ErasuresCommand {
    /// Print every erasure and scheduled deletion, oldest first.
    List {
        #[command(flatten)]
        database: DatabaseArgs,
        /// As JSON, the form `reapply` reads: save it before restoring a PostgreSQL backup.
        #[arg(long)]
        json: bool,
    },
    /// Make again, in this database, every erasure and deletion FILE lists that it does not have
    /// (FILE from `kinplan erasures list --json` on the database before it was restored), then
    /// apply the retention rules.
    Reapply {
        #[command(flatten)]
        database: DatabaseArgs,
        #[arg(long)]
        from: std::path::PathBuf,
    },
}

/// What a hold or an erasure is about, and why.
#[derive(Debug, Clone, Args)]
pub struct RecordsTarget {
    /// A meeting.
    #[arg(long, conflicts_with = "person", required_unless_present = "person")]
    pub meeting: Option<String>,
    /// A participant.
    #[arg(long)]
    pub person: Option<String>,
    /// Why, for the audit log (and an erasure's tombstone): an inquiry, an erasure request, data
    /// entered in the wrong family's meeting.
    #[arg(long)]
    pub reason: String,
}

#[derive(Debug, Subcommand)]
pub enum HoldCommand {
    /// Place a legal hold on a meeting or a person.
    Add {
        #[command(flatten)]
        database: DatabaseArgs,
        #[command(flatten)]
        target: RecordsTarget,
    },
    /// Lift the holds in force on a meeting or a person.
    Remove {
        #[command(flatten)]
        database: DatabaseArgs,
        #[command(flatten)]
        target: RecordsTarget,
    },
    /// Print every hold, lifted or in force.
    List {
        #[command(flatten)]
        database: DatabaseArgs,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum VersionCommand {
    /// Save the plan as it is now (as stored) as the meeting's next version.
    Save {
        #[command(flatten)]
        database: DatabaseArgs,
        #[arg(long)]
        meeting: String,
        #[arg(long, default_value = "")]
        label: String,
        /// Print the version as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum LanguageCommand {
    /// Print each language: its code, names, direction, whether it was reviewed and is shown.
    List {
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Show a language whose messages no qualified translator has reviewed yet (the council's
    /// decision; audited).
    Enable {
        #[command(flatten)]
        database: DatabaseArgs,
        code: String,
    },
    /// Stop showing an unreviewed language (audited).
    Disable {
        #[command(flatten)]
        database: DatabaseArgs,
        code: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a staff account; the password is read from standard input.
    Add {
        #[command(flatten)]
        database: DatabaseArgs,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        #[arg(long, value_parser = one_of(&crate::access::StaffRole::ALL, crate::access::StaffRole::as_str))]
        role: crate::access::StaffRole,
    },
    /// Turn a staff account off: it cannot sign in, and its sessions and connections end within
    /// a second on every running server.
    Disable {
        #[command(flatten)]
        database: DatabaseArgs,
        #[arg(long)]
        email: String,
    },
    /// Turn a staff account on again.
    Enable {
        #[command(flatten)]
        database: DatabaseArgs,
        #[arg(long)]
        email: String,
    },
    /// Give a staff account a new password, read from standard input; its sessions end.
    ResetPassword {
        #[command(flatten)]
        database: DatabaseArgs,
        #[arg(long)]
        email: String,
    },
    /// Put a staff account in a team, for the service's figures ("" takes it out of any).
    Team {
        #[command(flatten)]
        database: DatabaseArgs,
        #[arg(long)]
        email: String,
        #[arg(long)]
        team: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum CaseCommand {
    /// Open a case from a referral, held by the facilitator with EMAIL.
    Create {
        #[command(flatten)]
        database: DatabaseArgs,
        #[arg(long)]
        title: String,
        /// The facilitator's email.
        #[arg(long)]
        facilitator: String,
        /// A child: NAME, or NAME,YYYY-MM-DD, or NAME,YYYY-MM-DD,CASE-SYSTEM-ID (repeat for each).
        #[arg(long = "child", required = true)]
        children: Vec<String>,
        /// Someone with parental responsibility: NAME or NAME,RELATIONSHIP (repeat for each).
        #[arg(long = "parent")]
        parents: Vec<String>,
        #[arg(long, default_value = "")]
        referrer: String,
        /// The Family Help Lead Practitioner.
        #[arg(long, default_value = "")]
        lead_practitioner: String,
        #[arg(long, default_value = "")]
        reason: String,
        /// One per line.
        #[arg(long, default_value = "")]
        worries: String,
        #[arg(long, default_value = "")]
        bottom_lines: String,
        /// Questions for the family, one per line.
        #[arg(long, default_value = "")]
        questions: String,
        /// The day the referral was received (YYYY-MM-DD).
        #[arg(long)]
        received: Option<String>,
        /// Print the case as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum MeetingCommand {
    /// Set up a meeting run by the facilitator with EMAIL.
    Create {
        #[command(flatten)]
        database: DatabaseArgs,
        #[arg(long)]
        title: String,
        /// The facilitator's email.
        #[arg(long)]
        facilitator: String,
        /// The case it belongs to (its first meeting starts from the referral); without it, a
        /// case of its own is opened.
        #[arg(long = "case")]
        case_id: Option<String>,
        /// Print the meeting as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Move a meeting to another stage; everyone connected hears of it within a second.
    Stage {
        #[command(flatten)]
        database: DatabaseArgs,
        #[arg(long)]
        meeting: String,
        #[arg(long, value_parser = one_of(&crate::access::Stage::ALL, crate::access::Stage::as_str))]
        to: crate::access::Stage,
    },
}

#[derive(Debug, Subcommand)]
pub enum LinkCommand {
    /// Add a person to a meeting and make their join link.
    Create {
        #[command(flatten)]
        database: DatabaseArgs,
        #[arg(long)]
        meeting: String,
        /// The person's name as the meeting will show it.
        #[arg(long)]
        name: String,
        #[arg(long, value_parser = one_of(&crate::access::ParticipantKind::ALL, crate::access::ParticipantKind::as_str))]
        kind: crate::access::ParticipantKind,
        /// Also make a six-digit access code, to give the person separately.
        #[arg(long)]
        access_code: bool,
        /// Where people reach kinplan; the link starts with it.
        #[arg(long, env = "KINPLAN_PUBLIC_URL", default_value = "http://127.0.0.1:8080")]
        public_url: String,
        /// Print the link as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Revoke every link of a participant; their connections close within a second.
    Revoke {
        #[command(flatten)]
        database: DatabaseArgs,
        #[arg(long)]
        participant: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum PersonCommand {
    /// Set a participant's address, phone numbers and email, and who may see them (as the
    /// meeting's facilitator would). A value left out stays; an empty one removes it.
    Set {
        #[command(flatten)]
        database: DatabaseArgs,
        #[arg(long)]
        participant: String,
        #[arg(long)]
        address: Option<String>,
        /// A phone number; give it more than once for several.
        #[arg(long = "phone")]
        phones: Vec<String>,
        #[arg(long)]
        email: Option<String>,
        /// Who sees the details given (or all of the person's details when none is given):
        /// staff only, the whole network, or staff and the people named with --show-to.
        #[arg(long, value_parser = one_of(&crate::access::Visibility::ALL, crate::access::Visibility::as_str))]
        visibility: Option<crate::access::Visibility>,
        /// With --visibility named: participant ids, separated by commas.
        #[arg(long, value_delimiter = ',')]
        show_to: Option<Vec<String>>,
        /// Print the person's details as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum SeparationCommand {
    /// Record a separation between two participants of a meeting (as its facilitator would).
    /// Recorded again between the same two, it adds to what was recorded.
    Add {
        #[command(flatten)]
        database: DatabaseArgs,
        #[arg(long)]
        meeting: String,
        #[arg(long)]
        between: String,
        #[arg(long = "and")]
        and: String,
        /// Neither sees the other's contact details, whatever their visibility.
        #[arg(long)]
        no_details: bool,
        /// They are never put in one private room.
        #[arg(long)]
        no_shared_room: bool,
        /// Why, for staff only.
        #[arg(long)]
        reason: String,
        /// Print the separation as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Where the data lives. Every command that touches the database takes this.
#[derive(Debug, Clone, Args)]
pub struct DatabaseArgs {
    /// The database: `sqlite://PATH` (created on first run).
    #[arg(long = "database", env = "KINPLAN_DATABASE_URL", default_value = "sqlite://kinplan.db")]
    pub database_url: String,

    /// The secret that signs tokens. When unset, one is generated on first run and kept in the
    /// database, so a single server needs no configuration.
    #[arg(long, env = "KINPLAN_JWT_SECRET", hide_env_values = true, hide = true)]
    pub jwt_secret: Option<Secret>,
}

#[derive(Debug, Clone, Args)]
pub struct ServeConfig {
    /// The address to listen on; port 0 picks a free port.
    #[arg(long, env = "KINPLAN_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    #[command(flatten)]
    pub database: DatabaseArgs,

    /// Where people reach kinplan, such as `https://kinplan.example.org`; join links start with
    /// it, and session cookies are marked Secure when it is https. Defaults to http://LISTEN.
    #[arg(long, env = "KINPLAN_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Redis, for serving the same documents from several nodes: updates committed on one node
    /// reach clients on every other, such as `redis://127.0.0.1:6379`.
    #[arg(long = "redis", env = "KINPLAN_REDIS_URL")]
    pub redis_url: Option<String>,

    /// The prefix of kinplan's Redis channels, so several deployments can share one Redis.
    #[arg(long, env = "KINPLAN_REDIS_PREFIX", default_value = "kinplan")]
    pub redis_prefix: String,

    /// Proxies (load balancers) in front of kinplan, as addresses or CIDR ranges, comma
    /// separated: the client's address is taken from their `Forwarded` or `X-Forwarded-For`,
    /// and from nobody else's. With a proxy, `/metrics` always needs its token.
    #[arg(long = "trusted-proxy", env = "KINPLAN_TRUSTED_PROXY", value_delimiter = ',')]
    pub trusted_proxies: Vec<crate::client_address::ProxyRange>,

    /// A bearer token for `GET /metrics`. Without one, metrics answer on loopback only.
    #[arg(long, env = "KINPLAN_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<Secret>,

    /// The largest WebSocket message accepted; a larger one closes its connection with 1009.
    #[arg(long, env = "KINPLAN_MAX_MESSAGE_BYTES", default_value_t = 1024 * 1024)]
    pub max_message_bytes: usize,

    /// How many messages may wait for one connection before it counts as fallen behind and is
    /// closed with 1013 (its client resyncs when it reconnects).
    #[arg(long, env = "KINPLAN_OUTGOING_QUEUE", default_value_t = 1024)]
    pub outgoing_queue: usize,

    /// How long a document with no connections stays loaded.
    #[arg(long, env = "KINPLAN_UNLOAD_AFTER", default_value = "30s", value_parser = humantime::parse_duration)]
    pub unload_after: Duration,

    /// How many logged updates make a document compact its log into a snapshot.
    #[arg(long, env = "KINPLAN_COMPACT_AFTER", default_value_t = 1000)]
    pub compact_after: u64,

    /// How long a connection may be sent nothing before the server sends a keep-alive.
    /// The y-websocket client reconnects after 30 s of silence, so keep this well under that.
    #[arg(long, env = "KINPLAN_KEEP_ALIVE", default_value = "15s", value_parser = humantime::parse_duration)]
    pub keep_alive: Duration,

    /// How long a connection may send nothing (not even a pong) before it counts as dead.
    #[arg(long, env = "KINPLAN_IDLE_TIMEOUT", default_value = "60s", value_parser = humantime::parse_duration)]
    pub idle_timeout: Duration,

    /// The largest a document may grow in storage, in bytes; a change that would pass it is
    /// refused and its sender told why.
    #[arg(long, env = "KINPLAN_MAX_DOCUMENT_BYTES", default_value_t = 32 * 1024 * 1024)]
    pub max_document_bytes: u64,

    /// The most bytes that may wait for one client before it counts as fallen behind (a frame
    /// that finds nothing waiting is always taken, so anyone can be sent a whole document).
    #[arg(long, env = "KINPLAN_OUTGOING_QUEUE_BYTES", default_value_t = 16 * 1024 * 1024)]
    pub outgoing_queue_bytes: usize,

    /// Changes one connection may send in a second; a client past it is closed with 4429.
    /// Typing never comes near it.
    #[arg(long, env = "KINPLAN_MAX_UPDATES_PER_SECOND", default_value_t = 200)]
    pub max_updates_per_second: u32,

    /// Presences (cursors, "who is here") one connection may introduce.
    #[arg(long, env = "KINPLAN_MAX_PRESENCES", default_value_t = 8)]
    pub max_presences: usize,

    /// The largest presence state, in bytes.
    #[arg(long, env = "KINPLAN_MAX_PRESENCE_BYTES", default_value_t = 64 * 1024)]
    pub max_presence_bytes: usize,

    /// WebSocket connections open at once on this server; past it, new ones are refused with
    /// 503. Defaults to what the process's file limit allows, less a reserve for the database.
    #[arg(long, env = "KINPLAN_MAX_CONNECTIONS")]
    pub max_connections: Option<usize>,

    /// WebSocket connections open at once from one network address (0: no limit).
    #[arg(long, env = "KINPLAN_MAX_CONNECTIONS_PER_ADDRESS", default_value_t = 500)]
    pub max_connections_per_address: usize,

    /// WebSocket connections open at once under one sign-in or join link (0: no limit).
    #[arg(long, env = "KINPLAN_MAX_CONNECTIONS_PER_GRANT", default_value_t = 32)]
    pub max_connections_per_grant: usize,

    /// Live event streams (`/api/meetings/ID/events`) open at once on this server.
    #[arg(long, env = "KINPLAN_MAX_EVENT_STREAMS", default_value_t = 5000)]
    pub max_event_streams: usize,

    /// How long an HTTP connection may take to send a request's headers, counted from when it
    /// opened or from the end of its previous response. An idle keep-alive connection is closed
    /// after the same time, since it owes the server its next request's headers. A response under
    /// way (an event stream) and an upgraded WebSocket are not cut by it.
    #[arg(long, env = "KINPLAN_HEADER_TIMEOUT", default_value = "10s", value_parser = humantime::parse_duration)]
    pub header_timeout: Duration,

    /// How often the server applies the retention rules (first after a minute); 0 turns it off,
    /// for a council that runs `kinplan retention run` from its own scheduler instead.
    #[arg(long, env = "KINPLAN_RETENTION_EVERY", default_value = "24h", value_parser = humantime::parse_duration)]
    pub retention_every: Duration,
}

impl ServeConfig {
    /// The settings a fresh server would run with, on `listen` and `database_url`.
    pub fn new(listen: SocketAddr, database_url: impl Into<String>) -> Self {
        let cli = Cli::parse_from(["kinplan", "serve"]);
        let Command::Serve(mut config) = cli.command else { unreachable!("parsed a serve command") };
        config.listen = listen;
        config.database.database_url = database_url.into();
        config
    }
}

#[derive(Debug, Clone, Args)]
pub struct TokenArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,

    /// The document the token opens; give it several times for one token per document.
    #[arg(long = "document", required = true)]
    pub documents: Vec<String>,

    /// What the holder may do: `editor` writes, `viewer` only reads.
    #[arg(long, value_parser = one_of(&DocumentRole::ALL, DocumentRole::as_str))]
    pub role: DocumentRole,

    /// How long the token is valid, such as `15m`, `1h` or `2days`.
    #[arg(long, default_value = "1h", value_parser = humantime::parse_duration)]
    pub ttl: Duration,
}

pub use kinplan_store::masked_url;

/// A parser that takes one of `all` by its name, and lists the names in `--help` and in the
/// error for any other value.
fn one_of<T: Copy + Send + Sync + 'static>(
    all: &'static [T],
    name: fn(T) -> &'static str,
) -> impl clap::builder::TypedValueParser<Value = T> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(all.iter().map(|value| name(*value)))
        .map(move |chosen| *all.iter().find(|value| name(**value) == chosen).expect("clap checked the name"))
}

/// A secret that never shows itself in `Debug` output or logs.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl std::str::FromStr for Secret {
    type Err = String;
    fn from_str(value: &str) -> Result<Self, String> {
        if value.len() < 32 {
            return Err("the signing secret must be at least 32 characters".into());
        }
        Ok(Secret(value.to_owned()))
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::masked_url;

    #[test]
    fn passwords_in_addresses_are_masked() {
        let check = |url: &str, expected: &str| assert_eq!(masked_url(url), expected, "{url}");
        check("postgres://kinplan:s3cret@db:5432/kinplan", "postgres://kinplan:***@db:5432/kinplan");
        check("postgres://kinplan@db/kinplan", "postgres://kinplan@db/kinplan");
        check("redis://:pa@ss@cache:6379/0", "redis://:***@cache:6379/0");
        check("rediss://user:pw@cache", "rediss://user:***@cache");
        check(
            "postgres://db/x?user=k&password=secret&sslmode=require",
            "postgres://db/x?user=k&password=***&sslmode=require",
        );
        check("sqlite://kinplan.db", "sqlite://kinplan.db");
    }
}

/// `kinplan report`: the service's figures over a range of days.
#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The first day counted, YYYY-MM-DD.
    #[arg(long)]
    pub from: String,
    /// The last day counted, YYYY-MM-DD.
    #[arg(long)]
    pub to: String,
    #[arg(long, value_enum, default_value = "csv")]
    pub format: ReportFormat,
    /// Only the cases of facilitators in this team.
    #[arg(long)]
    pub team: Option<String>,
    /// Only the cases of this facilitator (their email).
    #[arg(long)]
    pub facilitator: Option<String>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ReportFormat {
    Csv,
    Json,
}

/// `kinplan sar`: one person's subject access export, written to a file.
#[derive(Debug, Args)]
pub struct SarArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The person: a participant id, or a staff member's email (anything with an @ in it).
    #[arg(long)]
    pub person: String,
    /// The archive to write (a .zip file), in a folder that exists; refused if the file exists,
    /// unless `--force`.
    #[arg(long)]
    pub out: std::path::PathBuf,
    /// Participant ids of other people who agreed that their names may stay, separated by commas.
    #[arg(long, value_delimiter = ',')]
    pub consented: Vec<String>,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
}
