//! What can be done in kinplan, whoever asks: every workflow (meetings and their stages, people
//! and links, accounts and sessions, versions, agreement, exports) is one function here, which
//! the HTTP API and the operator's command line both call. A workflow checks permission through
//! `access`, makes its change as one [`Change`](crate::store::Change) that commits only with its
//! audit line and live events, then wakes the event pump. It knows nothing of HTTP: it takes an
//! [`Actor`] and gives a [`DomainError`], which the API maps to a status.

pub mod access;
pub mod accounts;
pub mod auth;
pub mod cases;
pub mod consent;
pub mod dashboard;
pub mod erasure;
pub mod figures;
pub mod i18n;
pub mod identity;
pub mod interpreters;
pub mod languages;
pub mod meetings;
pub mod plan;
pub mod plans;
pub mod retention;
pub mod reviews;
pub mod safeguarding;
pub mod secrets;
pub mod sessions;
pub mod subject_access;
pub mod support;
pub mod time;

use std::sync::Arc;

use async_trait::async_trait;

use kinplan_store as store;

use crate::access::{allows, Action, MeetingRole};
use crate::store::{Change, Meeting, NewAuditEvent, Store, StoreError};
pub use identity::Subject;

/// Why a workflow did not happen, in words for the person who asked.
#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    /// The request itself is wrong (too long, missing, not one of the choices).
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    Forbidden(String),
    /// Not there, or not for this person to know about.
    #[error("{0} was not found")]
    NotFound(&'static str),
    /// Not now: the meeting, plan or proposal is in a state that does not allow it.
    #[error("{0}")]
    Conflict(String),
    #[error("something went wrong on our side; try again, and tell the service if it keeps happening")]
    Store(#[from] StoreError),
}

/// Who does something, as permissions and the audit log see them.
#[derive(Debug, Clone)]
pub struct Actor {
    pub who: Who,
    /// Their network address, for the audit log.
    pub address: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Who {
    /// A signed-in person, held to the permission table.
    Person(Subject),
    /// The operator's command line, run by whoever holds the database: the table does not
    /// apply, and the audit log names the operator.
    Operator,
}

impl Actor {
    pub fn person(subject: Subject, address: Option<String>) -> Self {
        Actor { who: Who::Person(subject), address }
    }

    pub fn operator() -> Self {
        Actor { who: Who::Operator, address: None }
    }

    /// `user:ID`, `participant:ID` or `operator`, as versions, decisions and the audit log name
    /// people.
    pub fn reference(&self) -> String {
        match &self.who {
            Who::Person(subject) => subject.reference(),
            Who::Operator => "operator".into(),
        }
    }

    pub fn name(&self) -> &str {
        match &self.who {
            Who::Person(subject) => subject.name(),
            Who::Operator => "command line",
        }
    }

    /// An audit line for something this actor did.
    pub fn audit(&self, meeting_id: Option<&str>, action: &str, detail: serde_json::Value) -> NewAuditEvent {
        NewAuditEvent {
            meeting_id: meeting_id.map(str::to_owned),
            actor: self.reference(),
            actor_name: self.name().to_owned(),
            action: action.to_owned(),
            detail: detail.to_string(),
            address: self.address.clone(),
        }
    }
}

/// What workflows need of the live documents, which run outside the domain.
#[async_trait]
pub trait LiveDocuments: Send + Sync {
    /// The document's current state, encoded: its live copy's when it is open, else storage's.
    async fn encoded_state(&self, document: &str) -> Result<Vec<u8>, String>;
    /// The document's committed state vector (what is stored of each client's edits, encoded as
    /// Yjs encodes one): a page compares it with its own to say whether what it wrote is saved.
    async fn committed_state_vector(&self, document: &str) -> Result<Vec<u8>, String>;
    /// Makes the plan document hold what `state` holds, as an edit on top that everyone
    /// connected sees, committed before it is sent.
    /// `audit` records the restore.
    async fn replace_plan(&self, document: &str, state: Vec<u8>, audit: NewAuditEvent) -> Result<(), ReplaceRefused>;
    /// Locks or unlocks a live document for writing at once, before the lock is stored.
    async fn set_locked(&self, document: &str, locked: bool);
    /// Closes every connection to the live documents whose names start with `prefix` and unloads
    /// them (storing what they hold first), before their records are erased.
    async fn unload_documents(&self, prefix: &str);
    /// Tells the event pump that live events were committed, so they reach connections now
    /// rather than at its next look.
    fn events_committed(&self);
}

/// Why a plan's content could not be replaced.
#[derive(Debug, thiserror::Error)]
pub enum ReplaceRefused {
    #[error("the plan is waiting for agreement or is final; it cannot change now")]
    Locked,
    /// What to restore could not be read.
    #[error("{0}")]
    BadState(String),
    /// The document could not be loaded or its edit stored.
    #[error("{0}")]
    Unavailable(String),
}

/// What every workflow works with.
#[derive(Clone)]
pub struct Domain {
    pub store: Arc<dyn Store>,
    pub live: Arc<dyn LiveDocuments>,
    languages: Arc<languages::EnabledCache>,
}

impl Domain {
    pub fn new(store: Arc<dyn Store>, live: Arc<dyn LiveDocuments>) -> Self {
        Domain { store, live, languages: Arc::default() }
    }

    /// Commits `change` with its audit line, then wakes the event pump for its live events.
    pub async fn commit(&self, change: Box<dyn Change>, audit: NewAuditEvent) -> Result<(), DomainError> {
        change.commit(audit).await?;
        self.live.events_committed();
        Ok(())
    }

    /// The meeting `meeting_id` as `actor` sees it, if they may do `action` there. A meeting the
    /// actor has no part in is "not found", so its existence does not leak. The operator acts in
    /// every meeting as its facilitator would, held to the same stages, except that it may take
    /// access away (revoke links) at any stage.
    pub async fn meeting_as(
        &self,
        actor: &Actor,
        meeting_id: &str,
        action: Action,
    ) -> Result<(Meeting, MeetingRole), DomainError> {
        const UNSEEN: DomainError = DomainError::NotFound("that meeting");
        let meeting = self.store.meeting(meeting_id).await?.ok_or(UNSEEN)?;
        let role = match &actor.who {
            Who::Person(subject) => subject.role_in(self.store.as_ref(), &meeting).await?,
            Who::Operator if action == Action::RevokeLinks => return Ok((meeting, MeetingRole::Facilitator)),
            Who::Operator => MeetingRole::Facilitator,
        };
        if role == MeetingRole::Outsider {
            return Err(UNSEEN);
        }
        if !allows(role, action, meeting.stage) {
            return Err(DomainError::Forbidden("you cannot do that in this meeting at this stage".into()));
        }
        Ok((meeting, role))
    }
}

/// A participant of meeting `meeting_id`; "not found" for anyone else's.
pub async fn participant_of(
    store: &dyn Store,
    meeting_id: &str,
    participant_id: &str,
) -> Result<store::Participant, DomainError> {
    store
        .participant(participant_id)
        .await?
        .filter(|participant| participant.meeting_id == meeting_id)
        .ok_or(DomainError::NotFound("that person"))
}

/// Checks free text a person typed: trimmed, not longer than `max` characters, no control
/// characters but line breaks, and present when `required`.
pub fn check_text(what: &str, value: &str, max: usize, required: bool) -> Result<String, DomainError> {
    let value = value.trim();
    if required && value.is_empty() {
        return Err(DomainError::Invalid(format!("{what} is needed")));
    }
    if value.chars().count() > max {
        return Err(DomainError::Invalid(format!("{what} must be at most {max} characters")));
    }
    if value.chars().any(|c| c.is_control() && c != '\n') {
        return Err(DomainError::Invalid(format!("{what} must not hold control characters")));
    }
    Ok(value.to_owned())
}

/// A child's date of birth as given (YYYY-MM-DD), checked: a real day, not in the future, and
/// only for a child.
pub fn check_date_of_birth(kind: store::ParticipantKind, given: Option<&str>) -> Result<Option<String>, DomainError> {
    let Some(given) = given.map(str::trim).filter(|given| !given.is_empty()) else { return Ok(None) };
    if kind != store::ParticipantKind::Child {
        return Err(DomainError::Invalid("a date of birth is recorded for a child only".into()));
    }
    let date = chrono::NaiveDate::parse_from_str(given, "%Y-%m-%d").map_err(|_| {
        DomainError::Invalid(format!(
            "{given:?} is not a date: give the date of birth as YYYY-MM-DD, such as 2015-03-31"
        ))
    })?;
    if date > chrono::Utc::now().date_naive() {
        return Err(DomainError::Invalid("a date of birth cannot be in the future".into()));
    }
    if chrono::Datelike::year(&date) < 1900 {
        return Err(DomainError::Invalid("a date of birth must be after 1900".into()));
    }
    Ok(Some(date.format("%Y-%m-%d").to_string()))
}
