//! The SQLite side of plan versions, proposals, decisions and document locks.

use async_trait::async_trait;
use sqlx::any::AnyRow;
use sqlx::Row;

use super::{Decision, PlanStore, PlanVersion, Proposal, ProposalStatus, SqlStore, StoreError};

pub(super) const VERSION_COLUMNS: &str =
    "id, meeting_id, number, label, author, author_name, created_at, state, rendering, hash, previous_hash, erased_at";
pub(super) const PROPOSAL_COLUMNS: &str =
    "id, meeting_id, version_id, version_hash, proposed_by, proposed_at, status, closed_at";
pub(super) const DECISION_COLUMNS: &str =
    "id, proposal_id, version_hash, decided_by, name, role, decision, comment, decided_at";

fn version_from(row: &AnyRow) -> PlanVersion {
    PlanVersion {
        id: row.get("id"),
        meeting_id: row.get("meeting_id"),
        number: row.get("number"),
        label: row.get("label"),
        author: row.get("author"),
        author_name: row.get("author_name"),
        created_at: row.get("created_at"),
        state: row.get("state"),
        rendering: row.get("rendering"),
        hash: row.get("hash"),
        previous_hash: row.get("previous_hash"),
        erased_at: row.get("erased_at"),
    }
}

fn proposal_from(row: &AnyRow) -> Result<Proposal, StoreError> {
    let status: String = row.get("status");
    Ok(Proposal {
        id: row.get("id"),
        meeting_id: row.get("meeting_id"),
        version_id: row.get("version_id"),
        version_hash: row.get("version_hash"),
        proposed_by: row.get("proposed_by"),
        proposed_at: row.get("proposed_at"),
        status: ProposalStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("proposal status {status:?}")))?,
        closed_at: row.get("closed_at"),
    })
}

fn decision_from(row: &AnyRow) -> Decision {
    Decision {
        id: row.get("id"),
        proposal_id: row.get("proposal_id"),
        version_hash: row.get("version_hash"),
        decided_by: row.get("decided_by"),
        name: row.get("name"),
        role: row.get("role"),
        decision: row.get("decision"),
        comment: row.get("comment"),
        decided_at: row.get("decided_at"),
    }
}

#[async_trait]
impl PlanStore for SqlStore {
    async fn versions(&self, meeting_id: &str) -> Result<Vec<PlanVersion>, StoreError> {
        let rows =
            sqlx::query(&format!("SELECT {VERSION_COLUMNS} FROM plan_versions WHERE meeting_id = $1 ORDER BY number"))
                .bind(meeting_id)
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.iter().map(version_from).collect())
    }

    async fn version_by_hash(&self, hash: &str) -> Result<Option<PlanVersion>, StoreError> {
        let row = sqlx::query(&format!("SELECT {VERSION_COLUMNS} FROM plan_versions WHERE hash = $1"))
            .bind(hash)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(version_from))
    }

    async fn latest_proposal(&self, meeting_id: &str) -> Result<Option<Proposal>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {PROPOSAL_COLUMNS} FROM proposals WHERE meeting_id = $1 ORDER BY proposed_at DESC, id DESC LIMIT 1"
        ))
        .bind(meeting_id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(proposal_from).transpose()
    }

    async fn decisions(&self, proposal_id: &str) -> Result<Vec<Decision>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {DECISION_COLUMNS} FROM decisions WHERE proposal_id = $1 ORDER BY decided_at"
        ))
        .bind(proposal_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(decision_from).collect())
    }

    async fn document_lock(&self, document: &str) -> Result<Option<String>, StoreError> {
        let row = sqlx::query("SELECT reason FROM document_locks WHERE document = $1")
            .bind(document)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|row| row.get(0)))
    }

    async fn versions_by_author(&self, author: &str) -> Result<Vec<PlanVersion>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {VERSION_COLUMNS} FROM plan_versions WHERE author = $1 ORDER BY created_at, meeting_id, number"
        ))
        .bind(author)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(version_from).collect())
    }

    async fn decisions_by(&self, decided_by: &str) -> Result<Vec<Decision>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {DECISION_COLUMNS} FROM decisions WHERE decided_by = $1 ORDER BY decided_at, id"
        ))
        .bind(decided_by)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(decision_from).collect())
    }
}
