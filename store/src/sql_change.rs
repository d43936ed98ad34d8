//! [`Change`] on SQL: one sqlx transaction, committed with its audit line.

use async_trait::async_trait;
use sqlx::{Any, Row, Transaction};

use super::change::Change;
use super::sql_meetings::{LINK_COLUMNS, MEETING_COLUMNS, PARTICIPANT_COLUMNS, SESSION_COLUMNS};
use super::sql_plans::{DECISION_COLUMNS, PROPOSAL_COLUMNS, VERSION_COLUMNS};
use super::{
    Decision, JoinLink, Meeting, NewAuditEvent, Participant, PlanVersion, Proposal, ProposalStatus, SessionRecord,
    StoreError, User,
};
use crate::model::{
    ActionReview, Case, Erasure, LegalHold, Offer, OfferDecision, RecordType, Removed, RetentionRule, SupportRequest,
};
use crate::model::{Consent, ContactDetail, DetailKind, PrivacyNotice, PrivateRoom, SafetyNote, Separation, Stage};
use crate::sql_retention;

pub(super) struct SqlChange {
    pub(super) transaction: Transaction<'static, Any>,
    /// The turn to write on SQLite, held until the change is committed or dropped.
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
    pub(super) backend: super::Backend,
    /// Whether this change holds the lock that orders live events (PostgreSQL).
    orders_events: bool,
}

/// The advisory lock under which PostgreSQL changes write live events: held from a change's
/// first event to its commit, so events commit in the order of their ids.
const EVENT_ORDER_LOCK: i64 = 0x6b69_6e70_6c61_6e;

fn conflict_or(error: sqlx::Error, what: &'static str) -> StoreError {
    match &error {
        sqlx::Error::Database(database_error) if database_error.is_unique_violation() => StoreError::Conflict(what),
        _ => StoreError::Database(error),
    }
}

impl SqlChange {
    async fn insert_event(
        &mut self,
        meeting_id: Option<&str>,
        at: i64,
        kind: &str,
        payload: &str,
    ) -> Result<(), StoreError> {
        // The event pump follows the table by id. PostgreSQL hands out ids as rows are inserted,
        // not as they commit: without the lock, a change could commit id 7 after another's id 8
        // was read, and 7 would never be seen. SQLite has one writer at a time already.
        if self.backend == super::Backend::Postgres && !self.orders_events {
            sqlx::query("SELECT 1 FROM (SELECT pg_advisory_xact_lock($1)) AS ordered")
                .bind(EVENT_ORDER_LOCK)
                .execute(&mut *self.transaction)
                .await?;
            self.orders_events = true;
        }
        sqlx::query("INSERT INTO meeting_events (meeting_id, occurred_at, kind, payload) VALUES ($1, $2, $3, $4)")
            .bind(meeting_id)
            .bind(at)
            .bind(kind)
            .bind(payload)
            .execute(&mut *self.transaction)
            .await?;
        Ok(())
    }

    /// Ends every live session of an account, with one live event each, so every process closes
    /// their connections and event streams. Gives the sessions ended.
    async fn end_user_sessions(&mut self, user_id: &str, at: i64) -> Result<Vec<String>, StoreError> {
        let rows = sqlx::query("SELECT id FROM sessions WHERE user_id = $1 AND ended_at IS NULL")
            .bind(user_id)
            .fetch_all(&mut *self.transaction)
            .await?;
        let ended: Vec<String> = rows.iter().map(|row| row.get(0)).collect();
        sqlx::query("UPDATE sessions SET ended_at = $1 WHERE user_id = $2 AND ended_at IS NULL")
            .bind(at)
            .bind(user_id)
            .execute(&mut *self.transaction)
            .await?;
        for session_id in &ended {
            let payload = serde_json::json!({ "session_id": session_id }).to_string();
            self.insert_event(None, at, "session-ended", &payload).await?;
        }
        Ok(ended)
    }
}

#[async_trait]
impl Change for SqlChange {
    async fn create_user(&mut self, user: &User) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO users (id, email, name, role, password_hash, created_at, team) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&user.id)
        .bind(&user.email)
        .bind(&user.name)
        .bind(user.role.as_str())
        .bind(&user.password_hash)
        .bind(user.created_at)
        .bind(&user.team)
        .execute(&mut *self.transaction)
        .await
        .map_err(|error| conflict_or(error, "a user with that email"))?;
        Ok(())
    }

    async fn set_user_disabled(&mut self, user_id: &str, disabled_at: Option<i64>) -> Result<Vec<String>, StoreError> {
        sqlx::query("UPDATE users SET disabled_at = $1 WHERE id = $2")
            .bind(disabled_at)
            .bind(user_id)
            .execute(&mut *self.transaction)
            .await?;
        match disabled_at {
            Some(at) => self.end_user_sessions(user_id, at).await,
            None => Ok(Vec::new()),
        }
    }

    async fn set_password_hash(
        &mut self,
        user_id: &str,
        password_hash: &str,
        at: i64,
    ) -> Result<Vec<String>, StoreError> {
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(user_id)
            .execute(&mut *self.transaction)
            .await?;
        self.end_user_sessions(user_id, at).await
    }

    async fn create_meeting(&mut self, meeting: &Meeting) -> Result<(), StoreError> {
        sqlx::query(&format!(
            "INSERT INTO meetings ({MEETING_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
        ))
        .bind(&meeting.id)
        .bind(&meeting.title)
        .bind(meeting.kind.as_str())
        .bind(meeting.scheduled_at)
        .bind(meeting.stage.as_str())
        .bind(meeting.stage_changed_at)
        .bind(&meeting.facilitator_id)
        .bind(&meeting.follows_meeting_id)
        .bind(meeting.created_at)
        .bind(meeting.erased_at)
        .bind(&meeting.case_id)
        .bind(&meeting.held_on)
        .bind(&meeting.review_due_on)
        .bind(&meeting.language)
        .execute(&mut *self.transaction)
        .await?;
        Ok(())
    }

    async fn create_case(&mut self, case: &Case) -> Result<(), StoreError> {
        crate::sql_cases::write_case(&mut self.transaction, case, true).await
    }

    async fn update_case(&mut self, case: &Case) -> Result<(), StoreError> {
        crate::sql_cases::write_case(&mut self.transaction, case, false).await
    }

    async fn write_offer(&mut self, offer: &Offer) -> Result<(), StoreError> {
        crate::sql_cases::write_offer(&mut self.transaction, offer).await
    }

    async fn write_offer_decision(&mut self, decision: &OfferDecision) -> Result<(), StoreError> {
        crate::sql_cases::write_offer_decision(&mut self.transaction, decision).await
    }

    async fn write_support_request(&mut self, request: &SupportRequest) -> Result<(), StoreError> {
        crate::sql_cases::write_support_request(&mut self.transaction, request).await
    }

    async fn decide_support_request(&mut self, request: &SupportRequest) -> Result<bool, StoreError> {
        let decided = sqlx::query(
            "UPDATE support_requests SET status = $1, decided_by = $2, decided_at = $3, decision_reason = $4 \
             WHERE id = $5 AND status = 'requested'",
        )
        .bind(request.status.as_str())
        .bind(&request.decided_by)
        .bind(request.decided_at)
        .bind(&request.decision_reason)
        .bind(&request.id)
        .execute(&mut *self.transaction)
        .await?;
        Ok(decided.rows_affected() == 1)
    }

    async fn approve_offer_decision(&mut self, decision: &OfferDecision) -> Result<bool, StoreError> {
        let approved = sqlx::query(
            "UPDATE offer_decisions SET approved_by = $1, approved_at = $2 \
             WHERE id = $3 AND approved_at IS NULL AND refused_at IS NULL",
        )
        .bind(&decision.approved_by)
        .bind(decision.approved_at)
        .bind(&decision.id)
        .execute(&mut *self.transaction)
        .await?;
        Ok(approved.rows_affected() == 1)
    }

    async fn refuse_offer_decision(&mut self, decision: &OfferDecision) -> Result<bool, StoreError> {
        let refused = sqlx::query(
            "UPDATE offer_decisions SET refused_by = $1, refused_at = $2, refusal_reason = $3 \
             WHERE id = $4 AND approved_at IS NULL AND refused_at IS NULL",
        )
        .bind(&decision.refused_by)
        .bind(decision.refused_at)
        .bind(&decision.refusal_reason)
        .bind(&decision.id)
        .execute(&mut *self.transaction)
        .await?;
        Ok(refused.rows_affected() == 1)
    }

    async fn write_action_review(&mut self, review: &ActionReview) -> Result<(), StoreError> {
        crate::sql_cases::write_action_review(&mut self.transaction, review).await
    }

    async fn set_review_due(&mut self, meeting_id: &str, on: Option<&str>) -> Result<(), StoreError> {
        sqlx::query("UPDATE meetings SET review_due_on = $1 WHERE id = $2")
            .bind(on)
            .bind(meeting_id)
            .execute(&mut *self.transaction)
            .await?;
        Ok(())
    }

    async fn set_meeting_language(&mut self, meeting_id: &str, language: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE meetings SET language = $1 WHERE id = $2")
            .bind(language)
            .bind(meeting_id)
            .execute(&mut *self.transaction)
            .await?;
        Ok(())
    }

    async fn set_page_language(&mut self, participant_id: &str, language: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE participants SET page_language = $1 WHERE id = $2")
            .bind(language)
            .bind(participant_id)
            .execute(&mut *self.transaction)
            .await?;
        Ok(())
    }

    async fn set_named_to_decide(&mut self, participant_id: &str, named: bool) -> Result<(), StoreError> {
        sqlx::query("UPDATE participants SET named_to_decide = $1 WHERE id = $2")
            .bind(i64::from(named))
            .bind(participant_id)
            .execute(&mut *self.transaction)
            .await?;
        Ok(())
    }

    async fn set_needs_interpreter(&mut self, participant_id: &str, language: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE participants SET needs_interpreter = $1 WHERE id = $2")
            .bind(language)
            .bind(participant_id)
            .execute(&mut *self.transaction)
            .await?;
        Ok(())
    }

    async fn declare_no_connection(&mut self, participant_id: &str, at: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE participants SET no_connection_declared_at = $1 WHERE id = $2")
            .bind(at)
            .bind(participant_id)
            .execute(&mut *self.transaction)
            .await?;
        Ok(())
    }

    async fn set_family_time_invitation(&mut self, participant_id: &str, by: Option<&str>) -> Result<(), StoreError> {
        sqlx::query("UPDATE participants SET family_time_invited_by = $1 WHERE id = $2")
            .bind(by)
            .bind(participant_id)
            .execute(&mut *self.transaction)
            .await?;
        Ok(())
    }

    async fn set_language_enabled(&mut self, code: &str, by: Option<&str>, at: i64) -> Result<(), StoreError> {
        match by {
            Some(by) => {
                sqlx::query(
                    "INSERT INTO languages_enabled (code, enabled_by, enabled_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (code) DO NOTHING",
                )
                .bind(code)
                .bind(by)
                .bind(at)
                .execute(&mut *self.transaction)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM languages_enabled WHERE code = $1")
                    .bind(code)
                    .execute(&mut *self.transaction)
                    .await?;
            }
        }
        Ok(())
    }

    async fn set_user_team(&mut self, user_id: &str, team: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE users SET team = $1 WHERE id = $2")
            .bind(team)
            .bind(user_id)
            .execute(&mut *self.transaction)
            .await?;
        Ok(())
    }

    async fn append_updates(
        &mut self,
        document: &str,
        first_seq: i64,
        updates: &[bytes::Bytes],
    ) -> Result<(), StoreError> {
        for (seq, update) in (first_seq..).zip(updates) {
            sqlx::query("INSERT INTO document_updates (document, seq, data) VALUES ($1, $2, $3)")
                .bind(document)
                .bind(seq)
                .bind(update.as_ref())
                .execute(&mut *self.transaction)
                .await
                .map_err(|error| conflict_or(error, "a sequence number"))?;
        }
        Ok(())
    }

    async fn seed_document(&mut self, document: &str, update: &[u8]) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO document_updates (document, seq, data) VALUES ($1, 1, $2)")
            .bind(document)
            .bind(update)
            .execute(&mut *self.transaction)
            .await
            .map_err(|error| conflict_or(error, "a document written already"))?;
        Ok(())
    }

    async fn set_stage(
        &mut self,
        meeting_id: &str,
        stage: Stage,
        at: i64,
        event_payload: &str,
    ) -> Result<(), StoreError> {
        // The first time a meeting leaves preparation is the day it was held.
        let day = chrono::DateTime::<chrono::Utc>::from_timestamp_millis(at)
            .map(|time| time.date_naive().to_string())
            .unwrap_or_default();
        sqlx::query(
            "UPDATE meetings SET stage = $1, stage_changed_at = $2, \
             held_on = CASE WHEN held_on IS NULL AND $1 <> 'preparation' THEN $4 ELSE held_on END WHERE id = $3",
        )
        .bind(stage.as_str())
        .bind(at)
        .bind(meeting_id)
        .bind(day)
        .execute(&mut *self.transaction)
        .await?;
        self.insert_event(Some(meeting_id), at, "stage", event_payload).await
    }

    async fn add_participant(&mut self, participant: &Participant) -> Result<(), StoreError> {
        sqlx::query(&format!(
            "INSERT INTO participants ({PARTICIPANT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
        ))
        .bind(&participant.id)
        .bind(&participant.meeting_id)
        .bind(&participant.display_name)
        .bind(&participant.relationship)
        .bind(participant.kind.as_str())
        .bind(&participant.language)
        .bind(&participant.access_needs)
        .bind(&participant.user_id)
        .bind(i64::from(participant.is_referrer))
        .bind(participant.created_at)
        .bind(&participant.date_of_birth)
        .bind(&participant.page_language)
        .bind(&participant.needs_interpreter)
        .bind(participant.no_connection_declared_at)
        .bind(&participant.family_time_invited_by)
        .bind(i64::from(participant.named_to_decide))
        .execute(&mut *self.transaction)
        .await?;
        Ok(())
    }

    async fn replace_contact_details(
        &mut self,
        participant_id: &str,
        kind: DetailKind,
        details: &[ContactDetail],
    ) -> Result<(), StoreError> {
        sqlx::query(
            "DELETE FROM contact_detail_viewers WHERE detail_id IN \
             (SELECT id FROM contact_details WHERE participant_id = $1 AND kind = $2)",
        )
        .bind(participant_id)
        .bind(kind.as_str())
        .execute(&mut *self.transaction)
        .await?;
        sqlx::query("DELETE FROM contact_details WHERE participant_id = $1 AND kind = $2")
            .bind(participant_id)
            .bind(kind.as_str())
            .execute(&mut *self.transaction)
            .await?;
        for detail in details {
            sqlx::query(
                "INSERT INTO contact_details (id, participant_id, kind, value, visibility, position, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(&detail.id)
            .bind(participant_id)
            .bind(kind.as_str())
            .bind(&detail.value)
            .bind(detail.visibility.as_str())
            .bind(detail.position)
            .bind(detail.updated_at)
            .execute(&mut *self.transaction)
            .await?;
            for viewer in &detail.viewers {
                sqlx::query("INSERT INTO contact_detail_viewers (detail_id, viewer_id) VALUES ($1, $2)")
                    .bind(&detail.id)
                    .bind(viewer)
                    .execute(&mut *self.transaction)
                    .await?;
            }
        }
        Ok(())
    }

    async fn add_separation(&mut self, separation: &Separation) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO separations \
             (id, meeting_id, first_id, second_id, no_details, no_shared_room, reason, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (id) DO UPDATE SET no_details = excluded.no_details, \
             no_shared_room = excluded.no_shared_room, reason = excluded.reason",
        )
        .bind(&separation.id)
        .bind(&separation.meeting_id)
        .bind(&separation.first_id)
        .bind(&separation.second_id)
        .bind(i64::from(separation.no_details))
        .bind(i64::from(separation.no_shared_room))
        .bind(&separation.reason)
        .bind(&separation.created_by)
        .bind(separation.created_at)
        .execute(&mut *self.transaction)
        .await?;
        Ok(())
    }

    async fn add_safety_note(&mut self, note: &SafetyNote) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO safety_notes (id, meeting_id, participant_id, category, body, author, author_name, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&note.id)
        .bind(&note.meeting_id)
        .bind(&note.participant_id)
        .bind(note.category.as_str())
        .bind(&note.body)
        .bind(&note.author)
        .bind(&note.author_name)
        .bind(note.created_at)
        .execute(&mut *self.transaction)
        .await?;
        Ok(())
    }

    async fn publish_notice(&mut self, notice: &PrivacyNotice) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO privacy_notices (version, body, published_by, published_at) VALUES ($1, $2, $3, $4)")
            .bind(notice.version)
            .bind(&notice.body)
            .bind(&notice.published_by)
            .bind(notice.published_at)
            .execute(&mut *self.transaction)
            .await
            .map_err(|error| conflict_or(error, "that version of the privacy notice"))?;
        Ok(())
    }

    async fn record_consent(&mut self, consent: &Consent) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO consents (id, participant_id, notice_version, takes_part, shares_information, supported_by, \
             given_at, withdrawn_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&consent.id)
        .bind(&consent.participant_id)
        .bind(consent.notice_version)
        .bind(i64::from(consent.takes_part))
        .bind(i64::from(consent.shares_information))
        .bind(&consent.supported_by)
        .bind(consent.given_at)
        .bind(consent.withdrawn_at)
        .execute(&mut *self.transaction)
        .await?;
        Ok(())
    }

    async fn withdraw_consent(&mut self, participant_id: &str, at: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE consents SET withdrawn_at = $1 WHERE participant_id = $2 AND withdrawn_at IS NULL")
            .bind(at)
            .bind(participant_id)
            .execute(&mut *self.transaction)
            .await?;
        Ok(())
    }

    async fn create_room(&mut self, room: &PrivateRoom) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO private_rooms (id, meeting_id, name, created_at) VALUES ($1, $2, $3, $4)")
            .bind(&room.id)
            .bind(&room.meeting_id)
            .bind(&room.name)
            .bind(room.created_at)
            .execute(&mut *self.transaction)
            .await?;
        Ok(())
    }

    async fn assign_room(&mut self, participant_id: &str, room: Option<&str>, at: i64) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM room_members WHERE participant_id = $1")
            .bind(participant_id)
            .execute(&mut *self.transaction)
            .await?;
        if let Some(room) = room {
            sqlx::query("INSERT INTO room_members (participant_id, room_id, assigned_at) VALUES ($1, $2, $3)")
                .bind(participant_id)
                .bind(room)
                .bind(at)
                .execute(&mut *self.transaction)
                .await?;
        }
        Ok(())
    }

    async fn create_link(&mut self, link: &JoinLink) -> Result<(), StoreError> {
        sqlx::query(&format!("INSERT INTO join_links ({LINK_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"))
            .bind(&link.id)
            .bind(&link.participant_id)
            .bind(&link.secret_hash)
            .bind(&link.access_code_hash)
            .bind(link.failed_code_attempts)
            .bind(link.expires_at)
            .bind(link.revoked_at)
            .bind(link.created_at)
            .execute(&mut *self.transaction)
            .await?;
        Ok(())
    }

    async fn revoke_participant_links(
        &mut self,
        meeting_id: &str,
        participant_id: &str,
        at: i64,
    ) -> Result<Vec<String>, StoreError> {
        let rows = sqlx::query("SELECT id FROM join_links WHERE participant_id = $1 AND revoked_at IS NULL")
            .bind(participant_id)
            .fetch_all(&mut *self.transaction)
            .await?;
        let link_ids: Vec<String> = rows.iter().map(|row| row.get(0)).collect();
        sqlx::query("UPDATE join_links SET revoked_at = $1 WHERE participant_id = $2 AND revoked_at IS NULL")
            .bind(at)
            .bind(participant_id)
            .execute(&mut *self.transaction)
            .await?;
        sqlx::query("UPDATE sessions SET ended_at = $1 WHERE participant_id = $2 AND ended_at IS NULL")
            .bind(at)
            .bind(participant_id)
            .execute(&mut *self.transaction)
            .await?;
        let payload = serde_json::json!({ "participant_id": participant_id, "link_ids": link_ids }).to_string();
        self.insert_event(Some(meeting_id), at, "access-revoked", &payload).await?;
        Ok(link_ids)
    }

    async fn create_session(&mut self, session: &SessionRecord) -> Result<(), StoreError> {
        sqlx::query(&format!("INSERT INTO sessions ({SESSION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"))
            .bind(&session.id)
            .bind(&session.token_hash)
            .bind(&session.user_id)
            .bind(&session.participant_id)
            .bind(&session.link_id)
            .bind(session.expires_at)
            .bind(session.ended_at)
            .bind(session.created_at)
            .execute(&mut *self.transaction)
            .await?;
        Ok(())
    }

    async fn end_session(&mut self, id: &str, at: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE sessions SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL")
            .bind(at)
            .bind(id)
            .execute(&mut *self.transaction)
            .await?;
        let payload = serde_json::json!({ "session_id": id }).to_string();
        self.insert_event(None, at, "session-ended", &payload).await
    }

    async fn insert_version(&mut self, version: &PlanVersion) -> Result<(), StoreError> {
        sqlx::query(&format!(
            "INSERT INTO plan_versions ({VERSION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
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
        .bind(version.erased_at)
        .execute(&mut *self.transaction)
        .await
        .map_err(|error| conflict_or(error, "a version with that number"))?;
        Ok(())
    }

    async fn open_proposal(&mut self, proposal: &Proposal, document: &str) -> Result<(), StoreError> {
        let open = sqlx::query("SELECT COUNT(*) FROM proposals WHERE meeting_id = $1 AND status IN ('open', 'final')")
            .bind(&proposal.meeting_id)
            .fetch_one(&mut *self.transaction)
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
            .execute(&mut *self.transaction)
            .await?;
        sqlx::query(
            "INSERT INTO document_locks (document, reason, locked_at) VALUES ($1, 'proposed', $2) \
             ON CONFLICT (document) DO UPDATE SET reason = excluded.reason, locked_at = excluded.locked_at",
        )
        .bind(document)
        .bind(proposal.proposed_at)
        .execute(&mut *self.transaction)
        .await?;
        Ok(())
    }

    async fn close_proposal(
        &mut self,
        proposal: &Proposal,
        status: ProposalStatus,
        at: i64,
        document: &str,
    ) -> Result<(), StoreError> {
        let changed = sqlx::query("UPDATE proposals SET status = $1, closed_at = $2 WHERE id = $3 AND status = 'open'")
            .bind(status.as_str())
            .bind(at)
            .bind(&proposal.id)
            .execute(&mut *self.transaction)
            .await?;
        if changed.rows_affected() == 0 {
            return Err(StoreError::Conflict("a closed proposal"));
        }
        let unlock_or_finalise = if status == ProposalStatus::Final {
            "UPDATE document_locks SET reason = 'final' WHERE document = $1"
        } else {
            "DELETE FROM document_locks WHERE document = $1"
        };
        sqlx::query(unlock_or_finalise).bind(document).execute(&mut *self.transaction).await?;
        Ok(())
    }

    async fn record_decision(&mut self, decision: &Decision) -> Result<(), StoreError> {
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
        .execute(&mut *self.transaction)
        .await?;
        Ok(())
    }

    async fn announce(&mut self, meeting_id: &str, kind: &str, payload: &str) -> Result<(), StoreError> {
        self.insert_event(Some(meeting_id), crate::now_millis(), kind, payload).await
    }

    async fn set_retention_rule(&mut self, rule: &RetentionRule) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE retention_rules SET keep_amount = $1, keep_unit = $2, from_event = $3, updated_by = $4, \
             updated_at = $5 WHERE record_type = $6",
        )
        .bind(rule.keep_amount)
        .bind(rule.keep_unit.as_str())
        .bind(rule.from_event.as_str())
        .bind(&rule.updated_by)
        .bind(rule.updated_at)
        .bind(rule.record_type.as_str())
        .execute(&mut *self.transaction)
        .await?;
        Ok(())
    }

    async fn place_hold(&mut self, hold: &LegalHold) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO legal_holds (id, meeting_id, participant_id, reason, placed_by, placed_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&hold.id)
        .bind(&hold.meeting_id)
        .bind(&hold.participant_id)
        .bind(&hold.reason)
        .bind(&hold.placed_by)
        .bind(hold.placed_at)
        .execute(&mut *self.transaction)
        .await?;
        Ok(())
    }

    async fn lift_hold(&mut self, id: &str, by: &str, at: i64, reason: &str) -> Result<(), StoreError> {
        let lifted = sqlx::query(
            "UPDATE legal_holds SET lifted_by = $1, lifted_at = $2, lift_reason = $3 WHERE id = $4 AND lifted_at IS NULL",
        )
        .bind(by)
        .bind(at)
        .bind(reason)
        .bind(id)
        .execute(&mut *self.transaction)
        .await?;
        if lifted.rows_affected() == 0 {
            return Err(StoreError::Conflict("a lifted hold"));
        }
        Ok(())
    }

    async fn set_date_of_birth(&mut self, participant_id: &str, date_of_birth: Option<&str>) -> Result<(), StoreError> {
        sqlx::query("UPDATE participants SET date_of_birth = $1 WHERE id = $2")
            .bind(date_of_birth)
            .bind(participant_id)
            .execute(&mut *self.transaction)
            .await?;
        Ok(())
    }

    async fn record_erasure(&mut self, erasure: &Erasure) -> Result<(), StoreError> {
        let versions = serde_json::to_string(&erasure.versions).expect("versions always serialise");
        sqlx::query(
            "INSERT INTO erasures (id, scope, meeting_id, participant_id, record_type, reason, erased_by, erased_at, \
             versions) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&erasure.id)
        .bind(erasure.scope.as_str())
        .bind(&erasure.meeting_id)
        .bind(&erasure.participant_id)
        .bind(erasure.record_type.map(RecordType::as_str))
        .bind(&erasure.reason)
        .bind(&erasure.erased_by)
        .bind(erasure.erased_at)
        .bind(versions)
        .execute(&mut *self.transaction)
        .await
        .map_err(|error| conflict_or(error, "an erasure with that id"))?;
        Ok(())
    }

    async fn erase_meeting(
        &mut self,
        meeting_id: &str,
        document_prefix: &str,
        documents: &[String],
        at: i64,
    ) -> Result<Removed, StoreError> {
        let removed =
            sql_retention::erase_meeting(&mut self.transaction, meeting_id, document_prefix, documents, at).await?;
        self.insert_event(Some(meeting_id), at, "erased", "{}").await?;
        Ok(removed)
    }

    async fn erase_participant(&mut self, participant_id: &str, erased_name: &str) -> Result<Removed, StoreError> {
        sql_retention::erase_participant(&mut self.transaction, participant_id, erased_name).await
    }

    async fn delete_documents(
        &mut self,
        meeting_id: &str,
        document_prefix: &str,
        documents: &[String],
        at: i64,
    ) -> Result<Removed, StoreError> {
        let mut removed = Removed::default();
        sql_retention::delete_documents(&mut self.transaction, document_prefix, documents, at, &mut removed).await?;
        let payload = serde_json::json!({ "documents": removed.documents }).to_string();
        self.insert_event(Some(meeting_id), at, "documents-erased", &payload).await?;
        Ok(removed)
    }

    async fn delete_meeting_records(
        &mut self,
        meeting_id: &str,
        record_type: RecordType,
    ) -> Result<Removed, StoreError> {
        let mut removed = Removed::default();
        sql_retention::delete_meeting_records(&mut self.transaction, meeting_id, record_type, &mut removed).await?;
        Ok(removed)
    }

    async fn delete_records_before(
        &mut self,
        record_type: RecordType,
        cutoff: i64,
        kept_meetings: &[String],
        kept_participants: &[String],
    ) -> Result<Removed, StoreError> {
        sql_retention::delete_records_before(
            &mut self.transaction,
            record_type,
            cutoff,
            kept_meetings,
            kept_participants,
        )
        .await
    }

    async fn prune_meeting_events(&mut self, cutoff: i64) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM meeting_events WHERE occurred_at < $1")
            .bind(cutoff)
            .execute(&mut *self.transaction)
            .await?;
        Ok(())
    }

    async fn audit(&mut self, event: &NewAuditEvent) -> Result<(), StoreError> {
        super::sql_meetings::insert_audit(&mut *self.transaction, event, crate::now_millis()).await
    }

    async fn commit(mut self: Box<Self>, audit: NewAuditEvent) -> Result<(), StoreError> {
        self.audit(&audit).await?;
        self.transaction.commit().await?;
        Ok(())
    }
}

#[async_trait]
impl super::ChangeStore for super::SqlStore {
    async fn begin_change(&self) -> Result<Box<dyn Change>, StoreError> {
        let write = self.begin_write().await?;
        Ok(Box::new(SqlChange {
            transaction: write.transaction,
            _turn: write.turn,
            backend: self.backend,
            orders_events: false,
        }))
    }
}
