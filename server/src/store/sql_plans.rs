//! The SQLite side of plan versions, proposals, decisions and document locks.

use async_trait::async_trait;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use super::{Decision, NewMeetingEvent, PlanStore, PlanVersion, Proposal, ProposalStatus, SqlStore, StoreError};
use crate::secrets::now_millis;

const VERSION_COLUMNS: &str =
    "id, meeting_id, number, label, author, author_name, created_at, state, rendering, hash, previous_hash";
const PROPOSAL_COLUMNS: &str = "id, meeting_id, version_id, version_hash, proposed_by, proposed_at, status, closed_at";
const DECISION_COLUMNS: &str = "id, proposal_id, version_hash, decided_by, name, role, decision, comment, decided_at";

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

async fn insert_events(
    transaction: &mut Transaction<'_, Any>,
    meeting_id: &str,
    events: &[NewMeetingEvent],
) -> Result<(), StoreError> {
    for event in events {
        sqlx::query("INSERT INTO meeting_events (meeting_id, occurred_at, kind, payload) VALUES ($1, $2, $3, $4)")
            .bind(meeting_id)
            .bind(now_millis())
            .bind(&event.kind)
            .bind(&event.payload)
            .execute(&mut **transaction)
            .await?;
    }
    Ok(())
}

#[async_trait]
impl PlanStore for SqlStore {
    async fn insert_version(&self, version: &PlanVersion, event: &NewMeetingEvent) -> Result<(), StoreError> {
        let mut transaction = self.pool.begin().await?;
        sqlx::query(&format!(
            "INSERT INTO plan_versions ({VERSION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
        ))
        .bind(&version.id)
        .bind(&version.meeting_id)
        .bind(version.number)
        .bind(&version.label)
        .bind(&version.author)
        .bind(&version.author_name)
        .bind(version.created_at)
        .bind(&version.state)
        .bind(&version.rendering)
        .bind(&version.hash)
        .bind(&version.previous_hash)
        .execute(&mut *transaction)
        .await
        .map_err(|error| match &error {
            sqlx::Error::Database(database_error) if database_error.is_unique_violation() => {
                StoreError::Conflict("a version with that number")
            }
            _ => StoreError::Database(error),
        })?;
        insert_events(&mut transaction, &version.meeting_id, std::slice::from_ref(event)).await?;
        transaction.commit().await?;
        Ok(())
    }

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

    async fn open_proposal(
        &self,
        proposal: &Proposal,
        document: &str,
        events: &[NewMeetingEvent],
    ) -> Result<(), StoreError> {
        let mut transaction = self.pool.begin().await?;
        let open = sqlx::query("SELECT COUNT(*) FROM proposals WHERE meeting_id = $1 AND status IN ('open', 'final')")
            .bind(&proposal.meeting_id)
            .fetch_one(&mut *transaction)
            .await?;
        if open.get::<i64, _>(0) > 0 {
            return Err(StoreError::Conflict("an open or final proposal"));
        }
        sqlx::query(&format!("INSERT INTO proposals ({PROPOSAL_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"))
            .bind(&proposal.id)
            .bind(&proposal.meeting_id)
            .bind(&proposal.version_id)
            .bind(&proposal.version_hash)
            .bind(&proposal.proposed_by)
            .bind(proposal.proposed_at)
            .bind(proposal.status.as_str())
            .bind(proposal.closed_at)
            .execute(&mut *transaction)
            .await?;
        sqlx::query(
            "INSERT INTO document_locks (document, reason, locked_at) VALUES ($1, 'proposed', $2) \
             ON CONFLICT (document) DO UPDATE SET reason = excluded.reason, locked_at = excluded.locked_at",
        )
        .bind(document)
        .bind(proposal.proposed_at)
        .execute(&mut *transaction)
        .await?;
        insert_events(&mut transaction, &proposal.meeting_id, events).await?;
        transaction.commit().await?;
        Ok(())
    }

    async fn close_proposal(
        &self,
        proposal: &Proposal,
        status: ProposalStatus,
        at: i64,
        document: &str,
        events: &[NewMeetingEvent],
    ) -> Result<(), StoreError> {
        let mut transaction = self.pool.begin().await?;
        let changed = sqlx::query("UPDATE proposals SET status = $1, closed_at = $2 WHERE id = $3 AND status = 'open'")
            .bind(status.as_str())
            .bind(at)
            .bind(&proposal.id)
            .execute(&mut *transaction)
            .await?;
        if changed.rows_affected() == 0 {
            return Err(StoreError::Conflict("a closed proposal"));
        }
        if status == ProposalStatus::Final {
            sqlx::query("UPDATE document_locks SET reason = 'final' WHERE document = $1")
                .bind(document)
                .execute(&mut *transaction)
                .await?;
        } else {
            sqlx::query("DELETE FROM document_locks WHERE document = $1")
                .bind(document)
                .execute(&mut *transaction)
                .await?;
        }
        insert_events(&mut transaction, &proposal.meeting_id, events).await?;
        transaction.commit().await?;
        Ok(())
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

    async fn record_decision(
        &self,
        meeting_id: &str,
        decision: &Decision,
        event: &NewMeetingEvent,
    ) -> Result<(), StoreError> {
        let mut transaction = self.pool.begin().await?;
        sqlx::query(&format!(
            "INSERT INTO decisions ({DECISION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (proposal_id, decided_by) DO UPDATE SET version_hash = excluded.version_hash, \
             decision = excluded.decision, comment = excluded.comment, decided_at = excluded.decided_at, \
             role = excluded.role, name = excluded.name"
        ))
        .bind(&decision.id)
        .bind(&decision.proposal_id)
        .bind(&decision.version_hash)
        .bind(&decision.decided_by)
        .bind(&decision.name)
        .bind(&decision.role)
        .bind(&decision.decision)
        .bind(&decision.comment)
        .bind(decision.decided_at)
        .execute(&mut *transaction)
        .await?;
        insert_events(&mut transaction, meeting_id, std::slice::from_ref(event)).await?;
        transaction.commit().await?;
        Ok(())
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

    async fn set_referrer(&self, participant_id: &str, is_referrer: bool) -> Result<(), StoreError> {
        sqlx::query("UPDATE participants SET is_referrer = $1 WHERE id = $2")
            .bind(i64::from(is_referrer))
            .bind(participant_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
