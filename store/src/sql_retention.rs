//! Retention on SQL: rules, holds and tombstones, the deletions that rules and erasures make,
//! and what makes deleted content unreadable in the database's files afterwards.

use async_trait::async_trait;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use super::sql_meetings::MEETING_COLUMNS;
use super::{Backend, SqlStore};
use crate::model::{
    ErasedVersion, Erasure, ErasureScope, FromEvent, KeepUnit, LegalHold, Meeting, RecordType, Removed, RetentionRule,
};
use crate::sql::WriteTransaction;
use crate::{RetentionStore, StoreError};

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} {value:?}"))
}

fn rule_from(row: &AnyRow) -> Result<RetentionRule, StoreError> {
    let record_type: String = row.get("record_type");
    let unit: String = row.get("keep_unit");
    let from: String = row.get("from_event");
    Ok(RetentionRule {
        record_type: RecordType::parse(&record_type).ok_or_else(|| corrupt("record type", &record_type))?,
        keep_amount: row.get("keep_amount"),
        keep_unit: KeepUnit::parse(&unit).ok_or_else(|| corrupt("retention unit", &unit))?,
        from_event: FromEvent::parse(&from).ok_or_else(|| corrupt("retention start", &from))?,
        updated_by: row.get("updated_by"),
        updated_at: row.get("updated_at"),
    })
}

fn hold_from(row: &AnyRow) -> LegalHold {
    LegalHold {
        id: row.get("id"),
        meeting_id: row.get("meeting_id"),
        participant_id: row.get("participant_id"),
        reason: row.get("reason"),
        placed_by: row.get("placed_by"),
        placed_at: row.get("placed_at"),
        lifted_by: row.get("lifted_by"),
        lifted_at: row.get("lifted_at"),
        lift_reason: row.get("lift_reason"),
    }
}

fn erasure_from(row: &AnyRow) -> Result<Erasure, StoreError> {
    let scope: String = row.get("scope");
    let record_type: Option<String> = row.get("record_type");
    let versions: String = row.get("versions");
    Ok(Erasure {
        id: row.get("id"),
        scope: ErasureScope::parse(&scope).ok_or_else(|| corrupt("erasure scope", &scope))?,
        meeting_id: row.get("meeting_id"),
        participant_id: row.get("participant_id"),
        record_type: match record_type {
            Some(text) => Some(RecordType::parse(&text).ok_or_else(|| corrupt("record type", &text))?),
            None => None,
        },
        reason: row.get("reason"),
        erased_by: row.get("erased_by"),
        erased_at: row.get("erased_at"),
        versions: serde_json::from_str(&versions).map_err(|_| corrupt("erased versions", &versions))?,
    })
}

impl SqlStore {
    /// Waits, up to ten seconds, until no transaction in this database began before now.
    async fn wait_for_older_transactions(&self) -> Result<(), StoreError> {
        let started: String = sqlx::query("SELECT CAST(clock_timestamp() AS TEXT)").fetch_one(&self.pool).await?.get(0);
        for _ in 0..100 {
            let older: i64 = sqlx::query(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() \
                 AND pid <> pg_backend_pid() AND backend_xmin IS NOT NULL \
                 AND xact_start < CAST($1 AS TIMESTAMPTZ)",
            )
            .bind(&started)
            .fetch_one(&self.pool)
            .await?
            .get(0);
            if older == 0 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        Ok(())
    }
}

/// The tables VACUUM FULL rewrites on PostgreSQL after a deletion: every one a deletion or an
/// erasure touches.
const TABLES_DELETIONS_TOUCH: [&str; 26] = [
    "support_items",
    "support_requests",
    "action_reviews",
    "offers",
    "offer_decisions",
    "meeting_events",
    "cases",
    "case_children",
    "parental_responsibility",
    "document_updates",
    "document_snapshots",
    "document_locks",
    "plan_versions",
    "decisions",
    "meetings",
    "participants",
    "contact_details",
    "contact_detail_viewers",
    "consents",
    "separations",
    "private_rooms",
    "room_members",
    "safety_notes",
    "sessions",
    "join_links",
    "audit_events",
];

#[async_trait]
impl RetentionStore for SqlStore {
    async fn retention_rules(&self) -> Result<Vec<RetentionRule>, StoreError> {
        let rows = sqlx::query("SELECT * FROM retention_rules").fetch_all(&self.pool).await?;
        let mut rules = rows.iter().map(rule_from).collect::<Result<Vec<_>, _>>()?;
        rules.sort_by_key(|rule| RecordType::ALL.iter().position(|known| *known == rule.record_type));
        Ok(rules)
    }

    async fn legal_holds(&self) -> Result<Vec<LegalHold>, StoreError> {
        let rows = sqlx::query("SELECT * FROM legal_holds ORDER BY placed_at, id").fetch_all(&self.pool).await?;
        Ok(rows.iter().map(hold_from).collect())
    }

    async fn erasures(&self) -> Result<Vec<Erasure>, StoreError> {
        let rows = sqlx::query("SELECT * FROM erasures ORDER BY erased_at, id").fetch_all(&self.pool).await?;
        rows.iter().map(erasure_from).collect()
    }

    async fn meeting_or_tombstone(&self, id: &str) -> Result<Option<Meeting>, StoreError> {
        let row = sqlx::query(&format!("SELECT {MEETING_COLUMNS} FROM meetings WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(super::sql_meetings::meeting_from).transpose()
    }

    async fn all_meetings(&self) -> Result<Vec<Meeting>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {MEETING_COLUMNS} FROM meetings WHERE erased_at IS NULL ORDER BY created_at, id"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(super::sql_meetings::meeting_from).collect()
    }

    async fn last_activity(&self, meeting_id: &str) -> Result<i64, StoreError> {
        let row = sqlx::query(
            "SELECT COALESCE((SELECT MAX(occurred_at) FROM audit_events WHERE meeting_id = $1), \
             (SELECT created_at FROM meetings WHERE id = $1), 0)",
        )
        .bind(meeting_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.get(0))
    }

    async fn scrub_deleted(&self) -> Result<(), StoreError> {
        match self.backend {
            Backend::Sqlite => self.log_target.empty_journal().await,
            Backend::Postgres => {
                // VACUUM FULL keeps every deleted row some transaction may still see: one that began
                // before the deletion, and, for a moment, one starting up anywhere on the server.
                // So: wait (up to ten seconds) for older transactions in this database to end,
                // rewrite, and rewrite once more a second later.
                for pass in 0..2 {
                    if pass > 0 {
                        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                    }
                    self.wait_for_older_transactions().await?;
                    for table in TABLES_DELETIONS_TOUCH {
                        sqlx::query(&format!("VACUUM (FULL) {table}")).execute(&self.pool).await?;
                    }
                }
                Ok(())
            }
        }
    }

    async fn fence_documents(&self, document_prefix: &str, documents: &[String], at: i64) -> Result<(), StoreError> {
        let WriteTransaction { mut transaction, turn: _turn } = self.begin_write().await?;
        let names = document_names(&mut transaction, document_prefix, documents).await?;
        for name in &names {
            sqlx::query("INSERT INTO erased_documents (document, erased_at) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(name)
                .bind(at)
                .execute(&mut *transaction)
                .await?;
        }
        transaction.commit().await?;
        Ok(())
    }

    async fn backup_into(&self, path: &std::path::Path) -> Result<(), StoreError> {
        if self.backend != Backend::Sqlite {
            return Err(StoreError::Unsupported(
                "a PostgreSQL database is backed up with pg_dump (see docs/DATA-PROTECTION.md)",
            ));
        }
        let path = path.to_str().ok_or(StoreError::Unsupported("the backup's path must be valid UTF-8"))?;
        sqlx::query("VACUUM INTO $1").bind(path).execute(&self.pool).await?;
        Ok(())
    }
}

type Tx = Transaction<'static, Any>;

async fn run(transaction: &mut Tx, sql: &str, binds: &[&str]) -> Result<u64, StoreError> {
    let mut query = sqlx::query(sql);
    for bind in binds {
        query = query.bind(*bind);
    }
    Ok(query.execute(&mut **transaction).await?.rows_affected())
}

/// The participants of a meeting, as a subquery on `$1`.
const PARTICIPANTS_OF_MEETING: &str = "(SELECT id FROM participants WHERE meeting_id = $1)";

/// Deletes a meeting's records of one type.
pub(super) async fn delete_meeting_records(
    transaction: &mut Tx,
    meeting_id: &str,
    record_type: RecordType,
    removed: &mut Removed,
) -> Result<(), StoreError> {
    let m = [meeting_id];
    match record_type {
        RecordType::SafetyNotes => {
            removed
                .count("safety_notes", run(transaction, "DELETE FROM safety_notes WHERE meeting_id = $1", &m).await?);
        }
        RecordType::ContactDetails => {
            let viewers = format!(
                "DELETE FROM contact_detail_viewers WHERE viewer_id IN {PARTICIPANTS_OF_MEETING} OR detail_id IN \
                 (SELECT id FROM contact_details WHERE participant_id IN {PARTICIPANTS_OF_MEETING})"
            );
            removed.count("contact_detail_viewers", run(transaction, &viewers, &m).await?);
            let details = format!("DELETE FROM contact_details WHERE participant_id IN {PARTICIPANTS_OF_MEETING}");
            removed.count("contact_details", run(transaction, &details, &m).await?);
        }
        RecordType::Consents => {
            let consents = format!("DELETE FROM consents WHERE participant_id IN {PARTICIPANTS_OF_MEETING}");
            removed.count("consents", run(transaction, &consents, &m).await?);
        }
        RecordType::LinksAndSessions => {
            let sessions = format!("DELETE FROM sessions WHERE participant_id IN {PARTICIPANTS_OF_MEETING}");
            removed.count("sessions", run(transaction, &sessions, &m).await?);
            let links = format!("DELETE FROM join_links WHERE participant_id IN {PARTICIPANTS_OF_MEETING}");
            removed.count("join_links", run(transaction, &links, &m).await?);
        }
        RecordType::Meeting | RecordType::FamilyTime | RecordType::AuditEvents => {
            unreachable!("{} is not deleted as one meeting's records of a type", record_type.as_str())
        }
    }
    Ok(())
}

/// The documents named and every other whose name starts with `document_prefix`.
async fn document_names(
    transaction: &mut Tx,
    document_prefix: &str,
    documents: &[String],
) -> Result<Vec<String>, StoreError> {
    // An exact prefix: LIKE would read `_` and `%` in an id as wildcards.
    let rows = sqlx::query(
        "SELECT document FROM document_updates WHERE substr(document, 1, length($1)) = $1 \
         UNION SELECT document FROM document_snapshots WHERE substr(document, 1, length($1)) = $1",
    )
    .bind(document_prefix)
    .fetch_all(&mut **transaction)
    .await?;
    let mut names: Vec<String> = rows.iter().map(|row| row.get(0)).collect();
    names.extend(documents.iter().cloned());
    names.sort();
    names.dedup();
    Ok(names)
}

/// Deletes the content of documents and refuses them any later write.
pub(super) async fn delete_documents(
    transaction: &mut Tx,
    document_prefix: &str,
    documents: &[String],
    at: i64,
    removed: &mut Removed,
) -> Result<(), StoreError> {
    let names = document_names(transaction, document_prefix, documents).await?;
    for name in &names {
        sqlx::query("INSERT INTO erased_documents (document, erased_at) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(name)
            .bind(at)
            .execute(&mut **transaction)
            .await?;
        let mut deleted = 0;
        for table in ["document_updates", "document_snapshots", "document_locks"] {
            let rows = run(transaction, &format!("DELETE FROM {table} WHERE document = $1"), &[name]).await?;
            removed.count(table, rows);
            deleted += rows;
        }
        if deleted > 0 {
            removed.documents.push(name.clone());
        }
    }
    Ok(())
}

/// Erases a meeting down to its tombstone (see `Change::erase_meeting`).
pub(super) async fn erase_meeting(
    transaction: &mut Tx,
    meeting_id: &str,
    document_prefix: &str,
    documents: &[String],
    at: i64,
) -> Result<Removed, StoreError> {
    let mut removed = Removed::default();
    let m = [meeting_id];
    let versions = sqlx::query(
        "SELECT number, hash FROM plan_versions WHERE meeting_id = $1 AND erased_at IS NULL ORDER BY number",
    )
    .bind(meeting_id)
    .fetch_all(&mut **transaction)
    .await?;
    removed.versions = versions.iter().map(|row| ErasedVersion { number: row.get(0), hash: row.get(1) }).collect();
    let blanked = sqlx::query(
        "UPDATE plan_versions SET state = $1, rendering = '', label = '', author_name = '', erased_at = $2 \
         WHERE meeting_id = $3 AND erased_at IS NULL",
    )
    .bind(Vec::<u8>::new())
    .bind(at)
    .bind(meeting_id)
    .execute(&mut **transaction)
    .await?;
    removed.count("plan_versions", blanked.rows_affected());
    let decisions = "DELETE FROM decisions WHERE proposal_id IN (SELECT id FROM proposals WHERE meeting_id = $1)";
    removed.count("decisions", run(transaction, decisions, &m).await?);
    delete_documents(transaction, document_prefix, documents, at, &mut removed).await?;
    for record_type in [RecordType::ContactDetails, RecordType::Consents, RecordType::LinksAndSessions] {
        delete_meeting_records(transaction, meeting_id, record_type, &mut removed).await?;
    }
    delete_meeting_records(transaction, meeting_id, RecordType::SafetyNotes, &mut removed).await?;
    let rooms = format!("DELETE FROM room_members WHERE participant_id IN {PARTICIPANTS_OF_MEETING}");
    removed.count("room_members", run(transaction, &rooms, &m).await?);
    removed.count("private_rooms", run(transaction, "DELETE FROM private_rooms WHERE meeting_id = $1", &m).await?);
    removed.count("separations", run(transaction, "DELETE FROM separations WHERE meeting_id = $1", &m).await?);
    removed.count("participants", run(transaction, "DELETE FROM participants WHERE meeting_id = $1", &m).await?);
    removed.count("meeting_events", run(transaction, "DELETE FROM meeting_events WHERE meeting_id = $1", &m).await?);
    // The support its plan asked for, and what its review said of each action.
    let items = "DELETE FROM support_items WHERE request_id IN (SELECT id FROM support_requests WHERE meeting_id = $1)";
    removed.count("support_items", run(transaction, items, &m).await?);
    let requests = "DELETE FROM support_requests WHERE meeting_id = $1";
    removed.count("support_requests", run(transaction, requests, &m).await?);
    let reviews = "DELETE FROM action_reviews WHERE review_meeting_id = $1";
    removed.count("action_reviews", run(transaction, reviews, &m).await?);
    let audit = "UPDATE audit_events SET detail = '{}', \
         actor_name = CASE WHEN actor LIKE 'participant:%' THEN '' ELSE actor_name END, \
         address = CASE WHEN actor LIKE 'participant:%' THEN NULL ELSE address END \
         WHERE meeting_id = $1 AND (detail <> '{}' OR (actor LIKE 'participant:%' \
         AND (actor_name <> '' OR address IS NOT NULL)))";
    removed.count("audit_events", run(transaction, audit, &m).await?);
    let tombstone = sqlx::query(
        "UPDATE meetings SET title = '', scheduled_at = NULL, erased_at = $1 WHERE id = $2 AND erased_at IS NULL",
    )
    .bind(at)
    .bind(meeting_id)
    .execute(&mut **transaction)
    .await?;
    removed.count("meetings", tombstone.rows_affected());
    // The case goes with its last meeting: its referral's words, children and people.
    let case = sqlx::query(
        "UPDATE cases SET title = '', referrer = '', lead_practitioner = '', reason = '', worries = '', \
         bottom_lines = '', questions = '', received_on = NULL, care_application_on = NULL, erased_at = $1 \
         WHERE id = (SELECT case_id FROM meetings WHERE id = $2) AND erased_at IS NULL \
         AND NOT EXISTS (SELECT 1 FROM meetings WHERE meetings.case_id = cases.id AND meetings.erased_at IS NULL)",
    )
    .bind(at)
    .bind(meeting_id)
    .execute(&mut **transaction)
    .await?;
    removed.count("cases", case.rows_affected());
    for table in ["case_children", "parental_responsibility", "offers", "offer_decisions"] {
        let gone = format!(
            "DELETE FROM {table} WHERE case_id = (SELECT case_id FROM meetings WHERE id = $1) \
             AND case_id IN (SELECT id FROM cases WHERE erased_at IS NOT NULL)"
        );
        removed.count(table, run(transaction, &gone, &m).await?);
    }
    Ok(removed)
}

/// Erases one participant's personal data (see `Change::erase_participant`).
pub(super) async fn erase_participant(
    transaction: &mut Tx,
    participant_id: &str,
    erased_name: &str,
) -> Result<Removed, StoreError> {
    let mut removed = Removed::default();
    let p = [participant_id];
    let viewers = "DELETE FROM contact_detail_viewers WHERE viewer_id = $1 \
         OR detail_id IN (SELECT id FROM contact_details WHERE participant_id = $1)";
    removed.count("contact_detail_viewers", run(transaction, viewers, &p).await?);
    removed
        .count("contact_details", run(transaction, "DELETE FROM contact_details WHERE participant_id = $1", &p).await?);
    let consents = "UPDATE consents SET supported_by = '' WHERE participant_id = $1 AND supported_by <> ''";
    removed.count("consents", run(transaction, consents, &p).await?);
    removed.count("room_members", run(transaction, "DELETE FROM room_members WHERE participant_id = $1", &p).await?);
    let separations = "DELETE FROM separations WHERE first_id = $1 OR second_id = $1";
    removed.count("separations", run(transaction, separations, &p).await?);
    removed.count("safety_notes", run(transaction, "DELETE FROM safety_notes WHERE participant_id = $1", &p).await?);
    removed.count("sessions", run(transaction, "DELETE FROM sessions WHERE participant_id = $1", &p).await?);
    removed.count("join_links", run(transaction, "DELETE FROM join_links WHERE participant_id = $1", &p).await?);
    let reference = format!("participant:{participant_id}");
    let decisions = "UPDATE decisions SET name = $1, comment = '' WHERE decided_by = $2";
    removed.count("decisions", run(transaction, decisions, &[erased_name, &reference]).await?);
    let audit = "UPDATE audit_events SET actor_name = '', address = NULL \
         WHERE actor = $1 AND (actor_name <> '' OR address IS NOT NULL)";
    removed.count("audit_events", run(transaction, audit, &[&reference]).await?);
    let details = "UPDATE participants SET display_name = $1, relationship = '', language = '', \
         access_needs = '', date_of_birth = NULL, page_language = '', needs_interpreter = '' WHERE id = $2";
    removed.count("participants", run(transaction, details, &[erased_name, participant_id]).await?);
    Ok(removed)
}

/// `($first, $first + 1, …)` for `count` values, or `('')` for none (an IN list is never empty).
fn placeholders(first: usize, count: usize) -> String {
    if count == 0 {
        return "('')".into();
    }
    let list: Vec<String> = (first..first + count).map(|n| format!("${n}")).collect();
    format!("({})", list.join(", "))
}

/// Deletes records of one type, service-wide, whose own date is before `cutoff` (see
/// `Change::delete_records_before`).
pub(super) async fn delete_records_before(
    transaction: &mut Tx,
    record_type: RecordType,
    cutoff: i64,
    kept_meetings: &[String],
    kept_participants: &[String],
) -> Result<Removed, StoreError> {
    let mut removed = Removed::default();
    let meetings = placeholders(2, kept_meetings.len());
    let people = placeholders(2 + kept_meetings.len(), kept_participants.len());
    // SQLite numbers parameters in the order of their first use: the meetings' come first.
    let held_participant = format!(
        "(participant_id IN (SELECT id FROM participants WHERE meeting_id IN {meetings}) OR participant_id IN {people})"
    );
    let statements: Vec<(&str, String)> = match record_type {
        RecordType::LinksAndSessions => vec![
            (
                "sessions",
                format!(
                    "DELETE FROM sessions WHERE (COALESCE(ended_at, expires_at) < $1 \
                     OR link_id IN (SELECT id FROM join_links WHERE COALESCE(revoked_at, expires_at) < $1)) \
                     AND NOT (participant_id IS NOT NULL AND {held_participant})"
                ),
            ),
            (
                "join_links",
                format!(
                    "DELETE FROM join_links WHERE COALESCE(revoked_at, expires_at) < $1 AND NOT {held_participant} \
                     AND id NOT IN (SELECT link_id FROM sessions WHERE link_id IS NOT NULL)"
                ),
            ),
        ],
        RecordType::AuditEvents => vec![(
            "audit_events",
            format!(
                "DELETE FROM audit_events WHERE occurred_at < $1 AND (meeting_id IS NULL OR meeting_id NOT IN {meetings})"
            ),
        )],
        RecordType::Consents => {
            vec![("consents", format!("DELETE FROM consents WHERE withdrawn_at < $1 AND NOT {held_participant}"))]
        }
        RecordType::SafetyNotes => vec![(
            "safety_notes",
            format!(
                "DELETE FROM safety_notes WHERE created_at < $1 AND meeting_id NOT IN {meetings} \
                 AND (participant_id IS NULL OR participant_id NOT IN {people})"
            ),
        )],
        RecordType::Meeting | RecordType::FamilyTime | RecordType::ContactDetails => {
            unreachable!("{} is not deleted by its own date", record_type.as_str())
        }
    };
    if record_type == RecordType::AuditEvents {
        // The audit log refuses deletions of lines at or after this horizon; it is open only
        // inside this transaction.
        sqlx::query("UPDATE audit_retention SET purge_before = $1 WHERE id = 1")
            .bind(cutoff)
            .execute(&mut **transaction)
            .await?;
    }
    for (table, sql) in statements {
        let mut query = sqlx::query(&sql).bind(cutoff);
        let uses_people = record_type != RecordType::AuditEvents;
        for id in kept_meetings.iter().chain(kept_participants.iter().filter(|_| uses_people)) {
            query = query.bind(id);
        }
        removed.count(table, query.execute(&mut **transaction).await?.rows_affected());
    }
    if record_type == RecordType::AuditEvents {
        sqlx::query("UPDATE audit_retention SET purge_before = 0 WHERE id = 1").execute(&mut **transaction).await?;
    }
    Ok(removed)
}
