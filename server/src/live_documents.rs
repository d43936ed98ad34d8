//! The domain's view of live documents ([`LiveDocuments`]), served by this process's document
//! registry and event pump, or, for the operator's command line, by storage alone.

use std::sync::Arc;

use async_trait::async_trait;

use crate::close::{CloseReason, CLOSE_FORBIDDEN};
use crate::documents::{DocumentRegistry, ReplaceError};
use crate::domain::{LiveDocuments, ReplaceRefused};
use crate::events::MeetingEvents;
use crate::plan::content::replace_plan_content;
use crate::store::{NewAuditEvent, Store};

/// The live documents of a running server.
pub struct ServedDocuments {
    pub registry: Arc<DocumentRegistry>,
    pub events: MeetingEvents,
}

#[async_trait]
impl LiveDocuments for ServedDocuments {
    async fn encoded_state(&self, document: &str) -> Result<Vec<u8>, String> {
        self.registry.encoded_state(document).await.map_err(|error| error.to_string())
    }

    async fn committed_state_vector(&self, document: &str) -> Result<Vec<u8>, String> {
        self.registry.committed_state_vector(document).await.map_err(|error| error.to_string())
    }

    async fn replace_plan(&self, document: &str, state: Vec<u8>, audit: NewAuditEvent) -> Result<(), ReplaceRefused> {
        self.registry.replace_content(document, state, replace_plan_content, audit).await.map_err(|error| match error {
            ReplaceError::Locked(_) => ReplaceRefused::Locked,
            ReplaceError::BadState(why) => ReplaceRefused::BadState(why),
            ReplaceError::Unavailable(error) => ReplaceRefused::Unavailable(error.to_string()),
        })
    }

    async fn set_locked(&self, document: &str, locked: bool) {
        self.registry.set_locked(document, locked).await;
    }

    async fn unload_documents(&self, prefix: &str) {
        let reason = CloseReason::new(CLOSE_FORBIDDEN, "this meeting's records are being erased");
        self.registry.unload_all_under(prefix, reason).await;
    }

    fn events_committed(&self) {
        self.events.poke();
    }
}

/// Documents as storage holds them, for the command line: a running server hears of what the
/// command line stores through the database.
pub struct StoredDocuments {
    pub store: Arc<dyn Store>,
}

#[async_trait]
impl LiveDocuments for StoredDocuments {
    async fn encoded_state(&self, document: &str) -> Result<Vec<u8>, String> {
        crate::documents::stored_state(self.store.as_ref(), document).await.map_err(|error| error.to_string())
    }

    async fn committed_state_vector(&self, _document: &str) -> Result<Vec<u8>, String> {
        Err("whether a page's edits are saved is a question for the running server".into())
    }

    async fn replace_plan(
        &self,
        _document: &str,
        _state: Vec<u8>,
        _audit: NewAuditEvent,
    ) -> Result<(), ReplaceRefused> {
        Err(ReplaceRefused::Unavailable(
            "a version is restored from the web app, where everyone connected sees it".into(),
        ))
    }

    async fn set_locked(&self, _document: &str, _locked: bool) {}

    /// A running server hears of the erasure through the database, closes its connections, and
    /// refuses every write to what was erased.
    async fn unload_documents(&self, _prefix: &str) {}

    fn events_committed(&self) {}
}
