//! Durable storage: documents' update logs and snapshots, meetings, people, accounts, the plan's
//! versions and agreement, the audit log and live events. The only crate that runs SQL.

pub mod backup;
mod change;
mod log_appender;
pub mod model;
mod sql;
mod sql_cases;
mod sql_change;
mod sql_meetings;
mod sql_plans;
mod sql_retention;

use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;

pub use change::Change;
pub use model::*;
pub use sql::{Backend, SqlStore};

/// A document as storage holds it: its newest snapshot and the updates logged after it.
#[derive(Debug, Default)]
pub struct StoredDocument {
    pub snapshot: Option<Vec<u8>>,
    /// Updates after the snapshot, oldest first.
    pub updates: Vec<Vec<u8>>,
    /// The sequence number of the last update included (in the snapshot or the log); 0 for a
    /// document never written.
    pub last_seq: i64,
}

impl StoredDocument {
    /// The sequence number of the first update in `updates` (they are consecutive).
    pub fn first_update_seq(&self) -> i64 {
        self.last_seq - self.updates.len() as i64 + 1
    }
}

/// Why storage failed. Callers do not retry blindly: a document that cannot commit closes its
/// connections so their clients resend what was not stored.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unsupported database address {0:?}: use sqlite://PATH or postgres://USER@HOST/DATABASE")]
    UnsupportedUrl(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("{0} already exists")]
    Conflict(&'static str),
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    #[error("a background storage task failed: {0}")]
    Task(String),
    /// A backup that cannot be written, read or put back; the message says why.
    #[error("{0}")]
    Backup(String),
    /// Not something this database does; the message says what to do instead.
    #[error("{0}")]
    Unsupported(&'static str),
    #[error("database migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
}

/// Everything kinplan may ask of storage.
pub trait Store: DocumentStore + MeetingStore + PlanStore + ChangeStore + RetentionStore + CaseStore {}

impl<T: DocumentStore + MeetingStore + PlanStore + ChangeStore + RetentionStore + CaseStore> Store for T {}

/// Cases: a family's referral, its children, the people with parental responsibility, and its
/// meetings.
#[async_trait]
pub trait CaseStore: Send + Sync + 'static {
    /// A case not erased, with its children and people.
    async fn case(&self, id: &str) -> Result<Option<Case>, StoreError>;
    /// The cases a staff member may see: those they hold or have a meeting in, or all of them
    /// for a manager; newest first.
    async fn cases_for_user(&self, user: &User) -> Result<Vec<Case>, StoreError>;
    /// The offers of a case, oldest first.
    async fn offers(&self, case_id: &str) -> Result<Vec<Offer>, StoreError>;
    /// A case's decisions not to offer, oldest first.
    async fn offer_decisions(&self, case_id: &str) -> Result<Vec<OfferDecision>, StoreError>;
    /// A case's meetings not erased, oldest first.
    async fn meetings_of_case(&self, case_id: &str) -> Result<Vec<Meeting>, StoreError>;
    /// A case's requests for support packages with their items, oldest first.
    async fn support_requests(&self, case_id: &str) -> Result<Vec<SupportRequest>, StoreError>;
    /// What a review meeting said of each action it reviewed.
    async fn action_reviews(&self, review_meeting_id: &str) -> Result<Vec<ActionReview>, StoreError>;
    /// Every case not erased with its meetings, offers, decisions, support requests and agreed
    /// plans: the service's figures and dashboards read them at once.
    async fn journeys(&self) -> Result<Vec<Journey>, StoreError>;
}

/// Where changes begin: every write to meetings, people, accounts and the plan is a [`Change`],
/// committed with its audit line.
#[async_trait]
pub trait ChangeStore: Send + Sync + 'static {
    async fn begin_change(&self) -> Result<Box<dyn Change>, StoreError>;
}

/// Live documents: the update log, snapshots and settings.
#[async_trait]
pub trait DocumentStore: Send + Sync + 'static {
    /// Answers while the database is reachable.
    async fn ping(&self) -> Result<(), StoreError>;

    /// The value of setting `name`, storing `value` first if the setting does not exist yet.
    /// Two processes racing on a fresh database agree on one value.
    async fn setting_or_insert(&self, name: &str, value: &str) -> Result<String, StoreError>;

    /// The snapshot and later updates of `document`, up to and including `up_to` when given,
    /// read in one consistent transaction.
    async fn load_document(&self, document: &str, up_to: Option<i64>) -> Result<StoredDocument, StoreError>;

    /// What storage has of `document` beyond sequence number `after_seq`: the snapshot only if
    /// it reaches past `after_seq` (then every update after it), else the updates after
    /// `after_seq`. How a node that fell behind catches up.
    async fn load_document_since(&self, document: &str, after_seq: i64) -> Result<StoredDocument, StoreError>;

    /// The highest sequence number committed for `document`, in the log or a snapshot.
    async fn document_head(&self, document: &str) -> Result<i64, StoreError>;

    /// Appends `updates` to the log of `document` as sequence numbers `first_seq`, `first_seq + 1`,
    /// ... in one transaction. A sequence number taken already is an error, never an overwrite.
    async fn append_updates(&self, document: &str, first_seq: i64, updates: &[Bytes]) -> Result<(), StoreError>;

    /// Replaces the snapshot of `document` with `state` (all updates up to `last_seq` merged) and
    /// drops those updates from the log, in one transaction. An older snapshot never replaces a
    /// newer one.
    async fn store_snapshot(&self, document: &str, state: &[u8], last_seq: i64) -> Result<(), StoreError>;

    /// How many updates the log of `document` holds (after its snapshot).
    async fn logged_update_count(&self, document: &str) -> Result<i64, StoreError>;
}

/// Meetings, people, links, sessions, the audit log and meeting events.
#[async_trait]
pub trait MeetingStore: Send + Sync + 'static {
    async fn user_by_email(&self, email: &str) -> Result<Option<User>, StoreError>;
    async fn user(&self, id: &str) -> Result<Option<User>, StoreError>;
    /// Every staff account, by email.
    async fn users(&self) -> Result<Vec<User>, StoreError>;
    /// An account's sessions, newest first.
    async fn sessions_of_user(&self, user_id: &str) -> Result<Vec<SessionRecord>, StoreError>;
    /// Sessions still open whose own expiry, or whose link's expiry, falls in `(after, up_to]`:
    /// their connections close now.
    async fn sessions_expiring(&self, after: i64, up_to: i64) -> Result<Vec<String>, StoreError>;

    /// The unreviewed languages a manager has turned on, by code.
    async fn enabled_languages(&self) -> Result<Vec<String>, StoreError>;
    async fn meeting(&self, id: &str) -> Result<Option<Meeting>, StoreError>;
    /// The meetings a staff member may see: the ones they facilitate or take part in, or all
    /// of them for a manager.
    async fn meetings_for_user(&self, user: &User) -> Result<Vec<Meeting>, StoreError>;

    async fn participant(&self, id: &str) -> Result<Option<Participant>, StoreError>;
    async fn participants(&self, meeting_id: &str) -> Result<Vec<Participant>, StoreError>;
    async fn participant_for_user(&self, meeting_id: &str, user_id: &str) -> Result<Option<Participant>, StoreError>;
    /// The contact details of a meeting's participants, by participant, kind and position.
    async fn contact_details(&self, meeting_id: &str) -> Result<Vec<ContactDetail>, StoreError>;
    /// A meeting's separations, oldest first.
    async fn separations(&self, meeting_id: &str) -> Result<Vec<Separation>, StoreError>;
    /// The privacy notice's newest version.
    async fn privacy_notice(&self) -> Result<Option<PrivacyNotice>, StoreError>;
    /// The consents of a meeting's participants, oldest first.
    async fn consents(&self, meeting_id: &str) -> Result<Vec<Consent>, StoreError>;
    /// A meeting's safety notes, oldest first.
    async fn safety_notes(&self, meeting_id: &str) -> Result<Vec<SafetyNote>, StoreError>;
    /// A meeting's private rooms, oldest first.
    async fn private_rooms(&self, meeting_id: &str) -> Result<Vec<PrivateRoom>, StoreError>;
    /// Who of a meeting is in which private room: (participant, room). Those in none are in the
    /// default room.
    async fn room_members(&self, meeting_id: &str) -> Result<Vec<(String, String)>, StoreError>;

    async fn link(&self, id: &str) -> Result<Option<JoinLink>, StoreError>;
    async fn link_by_secret_hash(&self, secret_hash: &str) -> Result<Option<JoinLink>, StoreError>;
    async fn links_of_participant(&self, participant_id: &str) -> Result<Vec<JoinLink>, StoreError>;
    /// Counts an access-code attempt on a link before the code is checked, unless the link has
    /// had `max` already; gives the attempts so far, or None when the link is locked.
    async fn reserve_code_attempt(&self, link_id: &str, max: i64) -> Result<Option<i64>, StoreError>;
    /// Takes back a reserved access-code attempt whose code was right.
    async fn release_code_attempt(&self, link_id: &str) -> Result<(), StoreError>;

    /// Counts an attempt under `key_hash` in the window that started after `window_after` (a
    /// new window starts at `now` when the last one is over), in one statement; gives the count
    /// (this attempt included) and when the window started.
    async fn reserve_attempt(&self, key_hash: &str, now: i64, window_after: i64) -> Result<(i64, i64), StoreError>;
    async fn release_attempt(&self, key_hash: &str) -> Result<(), StoreError>;
    async fn clear_attempts(&self, key_hash: &str) -> Result<(), StoreError>;
    /// Deletes counters whose window started at or before `window_after`.
    async fn prune_attempts(&self, window_after: i64) -> Result<(), StoreError>;

    async fn session_by_token_hash(&self, token_hash: &str) -> Result<Option<SessionRecord>, StoreError>;
    async fn session(&self, id: &str) -> Result<Option<SessionRecord>, StoreError>;

    /// Appends an audit line that records no change: a read (an export, the audit log itself),
    /// a refusal, a document opened. A change writes its line with [`Change::commit`].
    async fn append_audit(&self, event: &NewAuditEvent, at: i64) -> Result<(), StoreError>;
    async fn audit_for_meeting(&self, meeting_id: &str) -> Result<Vec<AuditEvent>, StoreError>;
    /// Who has opened any of the meeting's documents (audit references such as
    /// `participant:ID` and `user:ID`): the people present at it.
    async fn attendees(&self, meeting_id: &str) -> Result<Vec<String>, StoreError>;
    /// The newest `limit` events of the whole service, newest first.
    async fn audit_recent(&self, limit: i64) -> Result<Vec<AuditEvent>, StoreError>;

    /// Meeting events after `after_id`, oldest first, at most `limit`.
    async fn meeting_events_after(&self, after_id: i64, limit: i64) -> Result<Vec<StoredMeetingEvent>, StoreError>;
    async fn last_meeting_event_id(&self) -> Result<i64, StoreError>;

    /// The meetings that follow `meeting_id` (its reviews), oldest first.
    async fn meetings_following(&self, meeting_id: &str) -> Result<Vec<Meeting>, StoreError>;
    /// The meetings a staff member facilitates or takes part in, whatever their role, oldest first.
    async fn meetings_of_user(&self, user_id: &str) -> Result<Vec<Meeting>, StoreError>;
    /// The sessions opened by a participant's join links, newest first.
    async fn sessions_of_participant(&self, participant_id: &str) -> Result<Vec<SessionRecord>, StoreError>;
    /// The audit events whose actor is `actor` (`user:ID`, `participant:ID`) or whose detail holds
    /// `mentioned` (an id), oldest first.
    async fn audit_involving(&self, actor: &str, mentioned: &str) -> Result<Vec<AuditEvent>, StoreError>;
}

/// Plan versions, proposals, decisions and document locks.
#[async_trait]
pub trait PlanStore: Send + Sync + 'static {
    /// A meeting's versions, oldest first.
    async fn versions(&self, meeting_id: &str) -> Result<Vec<PlanVersion>, StoreError>;
    async fn version_by_hash(&self, hash: &str) -> Result<Option<PlanVersion>, StoreError>;

    /// The newest proposal of a meeting, whatever its status.
    async fn latest_proposal(&self, meeting_id: &str) -> Result<Option<Proposal>, StoreError>;
    async fn decisions(&self, proposal_id: &str) -> Result<Vec<Decision>, StoreError>;
    /// Why `document` is locked, if it is.
    async fn document_lock(&self, document: &str) -> Result<Option<String>, StoreError>;

    /// The versions saved by `author` (`user:ID`, `participant:ID`) in any meeting, oldest first.
    async fn versions_by_author(&self, author: &str) -> Result<Vec<PlanVersion>, StoreError>;
    /// The decisions made by `decided_by` (`user:ID`, `participant:ID`) in any meeting, oldest
    /// first.
    async fn decisions_by(&self, decided_by: &str) -> Result<Vec<Decision>, StoreError>;
}

/// Retention rules, legal holds and the tombstones of erasures; what deleting needs to know;
/// and the database-wide steps after a deletion and for a backup.
#[async_trait]
pub trait RetentionStore: Send + Sync + 'static {
    /// Every record type's rule.
    async fn retention_rules(&self) -> Result<Vec<RetentionRule>, StoreError>;
    /// Every hold, lifted or not, oldest first.
    async fn legal_holds(&self) -> Result<Vec<LegalHold>, StoreError>;
    /// Every erasure and scheduled deletion, oldest first.
    async fn erasures(&self) -> Result<Vec<Erasure>, StoreError>;
    /// A meeting, or its tombstone when it was erased.
    async fn meeting_or_tombstone(&self, id: &str) -> Result<Option<Meeting>, StoreError>;
    /// Every meeting not erased, oldest first.
    async fn all_meetings(&self) -> Result<Vec<Meeting>, StoreError>;
    /// When the meeting's audit log last recorded anything (its creation when nothing since).
    async fn last_activity(&self, meeting_id: &str) -> Result<i64, StoreError>;
    /// Makes what deletions took unreadable in the database's files: on SQLite (which overwrites
    /// deleted content as it deletes) the journal is copied into the database and emptied; on
    /// PostgreSQL the tables that held it are rewritten, so no page keeps a deleted row.
    async fn scrub_deleted(&self) -> Result<(), StoreError>;
    /// Refuses, from the moment this returns, every write to the documents named and to every
    /// other whose name starts with `document_prefix`, before their content is erased: a write
    /// that checked before an erasure's own transaction committed could otherwise commit after
    /// its deletion and outlive it.
    async fn fence_documents(&self, document_prefix: &str, documents: &[String], at: i64) -> Result<(), StoreError>;
    /// Writes a consistent copy of the whole database to `path` while it serves (SQLite).
    async fn backup_into(&self, path: &std::path::Path) -> Result<(), StoreError>;
}

/// Opens the store the address names, creating and migrating it when needed.
pub async fn open(database_url: &str) -> Result<Arc<dyn Store>, StoreError> {
    match Backend::of(database_url) {
        Some(backend) => Ok(Arc::new(SqlStore::open(database_url, backend).await?)),
        None => Err(StoreError::UnsupportedUrl(masked_url(database_url))),
    }
}

/// `url` with its password, if it has one, shown as `***`: for every message that names a
/// database or Redis (`postgres://kinplan:***@db/kinplan`).
pub fn masked_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    let authority = match authority.rsplit_once('@') {
        Some((credentials, host)) => match credentials.split_once(':') {
            Some((user, _)) => format!("{user}:***@{host}"),
            None => authority.to_owned(),
        },
        None => authority.to_owned(),
    };
    // A password may travel as a query parameter too (`?password=…`).
    let path = match path.split_once('?') {
        Some((before, query)) => {
            let query: Vec<String> = query
                .split('&')
                .map(|pair| match pair.split_once('=') {
                    Some((name, _)) if name.eq_ignore_ascii_case("password") => format!("{name}=***"),
                    _ => pair.to_owned(),
                })
                .collect();
            format!("{before}?{}", query.join("&"))
        }
        None => path.to_owned(),
    };
    format!("{scheme}://{authority}{path}")
}

/// Now, in Unix milliseconds, as every time is stored.
pub fn now_millis() -> i64 {
    chrono::Utc::now().timestamp_millis()
}
