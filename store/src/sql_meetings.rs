//! The SQLite side of meetings, people, links, sessions, audit and meeting events.

use async_trait::async_trait;
use sqlx::any::AnyRow;
use sqlx::Row;

use super::{
    AuditEvent, Consent, ContactDetail, JoinLink, Meeting, MeetingKind, MeetingStore, NewAuditEvent, Participant,
    PrivacyNotice, PrivateRoom, SafetyNote, Separation, SessionRecord, SqlStore, StoreError, StoredMeetingEvent, User,
};
use crate::model::{DetailKind, NoteCategory, ParticipantKind, StaffRole, Stage, Visibility};

pub(super) const MEETING_COLUMNS: &str =
    "id, title, kind, scheduled_at, stage, stage_changed_at, facilitator_id, follows_meeting_id, created_at, erased_at, case_id, \
     held_on, review_due_on, language";
pub(super) const PARTICIPANT_COLUMNS: &str =
    "id, meeting_id, display_name, relationship, kind, language, access_needs, user_id, is_referrer, created_at, date_of_birth, \
     page_language, needs_interpreter, no_connection_declared_at, family_time_invited_by, named_to_decide";
pub(super) const LINK_COLUMNS: &str =
    "id, participant_id, secret_hash, access_code_hash, failed_code_attempts, expires_at, revoked_at, created_at";
pub(super) const SESSION_COLUMNS: &str =
    "id, token_hash, user_id, participant_id, link_id, expires_at, ended_at, created_at";

const AUDIT_COLUMNS: &str = "id, occurred_at, meeting_id, actor, actor_name, action, detail, address";

fn audit_from(row: &AnyRow) -> AuditEvent {
    AuditEvent {
        id: row.get("id"),
        occurred_at: row.get("occurred_at"),
        meeting_id: row.get("meeting_id"),
        actor: row.get("actor"),
        actor_name: row.get("actor_name"),
        action: row.get("action"),
        detail: serde_json::from_str(row.get::<&str, _>("detail")).unwrap_or(serde_json::Value::Null),
        address: row.get("address"),
    }
}

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} {value:?}"))
}

fn user_from(row: &AnyRow) -> Result<User, StoreError> {
    let role: String = row.get("role");
    Ok(User {
        id: row.get("id"),
        email: row.get("email"),
        name: row.get("name"),
        role: StaffRole::parse(&role).ok_or_else(|| corrupt("staff role", &role))?,
        password_hash: row.get("password_hash"),
        created_at: row.get("created_at"),
        disabled_at: row.get("disabled_at"),
        team: row.get("team"),
    })
}

pub(super) fn meeting_from(row: &AnyRow) -> Result<Meeting, StoreError> {
    let kind: String = row.get("kind");
    let stage: String = row.get("stage");
    Ok(Meeting {
        id: row.get("id"),
        title: row.get("title"),
        kind: MeetingKind::parse(&kind).ok_or_else(|| corrupt("meeting kind", &kind))?,
        scheduled_at: row.get("scheduled_at"),
        stage: Stage::parse(&stage).ok_or_else(|| corrupt("stage", &stage))?,
        stage_changed_at: row.get("stage_changed_at"),
        facilitator_id: row.get("facilitator_id"),
        follows_meeting_id: row.get("follows_meeting_id"),
        created_at: row.get("created_at"),
        erased_at: row.get("erased_at"),
        case_id: row.get("case_id"),
        held_on: row.get("held_on"),
        review_due_on: row.get("review_due_on"),
        language: row.get("language"),
    })
}

fn participant_from(row: &AnyRow) -> Result<Participant, StoreError> {
    let kind: String = row.get("kind");
    Ok(Participant {
        id: row.get("id"),
        meeting_id: row.get("meeting_id"),
        display_name: row.get("display_name"),
        relationship: row.get("relationship"),
        kind: ParticipantKind::parse(&kind).ok_or_else(|| corrupt("participant kind", &kind))?,
        language: row.get("language"),
        access_needs: row.get("access_needs"),
        user_id: row.get("user_id"),
        is_referrer: row.get::<i64, _>("is_referrer") != 0,
        created_at: row.get("created_at"),
        date_of_birth: row.get("date_of_birth"),
        page_language: row.get("page_language"),
        needs_interpreter: row.get("needs_interpreter"),
        no_connection_declared_at: row.get("no_connection_declared_at"),
        family_time_invited_by: row.get("family_time_invited_by"),
        named_to_decide: row.get::<i64, _>("named_to_decide") != 0,
    })
}

fn link_from(row: &AnyRow) -> JoinLink {
    JoinLink {
        id: row.get("id"),
        participant_id: row.get("participant_id"),
        secret_hash: row.get("secret_hash"),
        access_code_hash: row.get("access_code_hash"),
        failed_code_attempts: row.get("failed_code_attempts"),
        expires_at: row.get("expires_at"),
        revoked_at: row.get("revoked_at"),
        created_at: row.get("created_at"),
    }
}

fn session_from(row: &AnyRow) -> SessionRecord {
    SessionRecord {
        id: row.get("id"),
        token_hash: row.get("token_hash"),
        user_id: row.get("user_id"),
        participant_id: row.get("participant_id"),
        link_id: row.get("link_id"),
        expires_at: row.get("expires_at"),
        ended_at: row.get("ended_at"),
        created_at: row.get("created_at"),
    }
}

/// Appends one line to the audit log.
pub(super) async fn insert_audit(
    connection: &mut sqlx::AnyConnection,
    event: &NewAuditEvent,
    at: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO audit_events (occurred_at, meeting_id, actor, actor_name, action, detail, address) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(at)
    .bind(&event.meeting_id)
    .bind(&event.actor)
    .bind(&event.actor_name)
    .bind(&event.action)
    .bind(&event.detail)
    .bind(&event.address)
    .execute(connection)
    .await?;
    Ok(())
}

fn separation_from(row: &AnyRow) -> Separation {
    Separation {
        id: row.get("id"),
        meeting_id: row.get("meeting_id"),
        first_id: row.get("first_id"),
        second_id: row.get("second_id"),
        no_details: row.get::<i64, _>("no_details") != 0,
        no_shared_room: row.get::<i64, _>("no_shared_room") != 0,
        reason: row.get("reason"),
        created_by: row.get("created_by"),
        created_at: row.get("created_at"),
    }
}

fn collect<T>(rows: Vec<AnyRow>, from: impl Fn(&AnyRow) -> Result<T, StoreError>) -> Result<Vec<T>, StoreError> {
    rows.iter().map(from).collect()
}

#[async_trait]
impl MeetingStore for SqlStore {
    async fn user_by_email(&self, email: &str) -> Result<Option<User>, StoreError> {
        let row = sqlx::query("SELECT * FROM users WHERE email = $1").bind(email).fetch_optional(&self.pool).await?;
        row.as_ref().map(user_from).transpose()
    }

    async fn user(&self, id: &str) -> Result<Option<User>, StoreError> {
        let row = sqlx::query("SELECT * FROM users WHERE id = $1").bind(id).fetch_optional(&self.pool).await?;
        row.as_ref().map(user_from).transpose()
    }

    async fn users(&self) -> Result<Vec<User>, StoreError> {
        let rows = sqlx::query("SELECT * FROM users ORDER BY email").fetch_all(&self.pool).await?;
        collect(rows, user_from)
    }

    async fn sessions_of_user(&self, user_id: &str) -> Result<Vec<SessionRecord>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {SESSION_COLUMNS} FROM sessions WHERE user_id = $1 ORDER BY created_at DESC, id"
        ))
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(session_from).collect())
    }

    async fn sessions_expiring(&self, after: i64, up_to: i64) -> Result<Vec<String>, StoreError> {
        let own =
            sqlx::query("SELECT id FROM sessions WHERE expires_at > $1 AND expires_at <= $2 AND ended_at IS NULL")
                .bind(after)
                .bind(up_to)
                .fetch_all(&self.pool)
                .await?;
        let by_link = sqlx::query(
            "SELECT sessions.id FROM join_links JOIN sessions ON sessions.link_id = join_links.id \
             WHERE join_links.expires_at > $1 AND join_links.expires_at <= $2 AND sessions.ended_at IS NULL",
        )
        .bind(after)
        .bind(up_to)
        .fetch_all(&self.pool)
        .await?;
        let mut ids: Vec<String> = own.iter().chain(&by_link).map(|row| row.get(0)).collect();
        ids.sort();
        ids.dedup();
        Ok(ids)
    }

    async fn meeting(&self, id: &str) -> Result<Option<Meeting>, StoreError> {
        let row = sqlx::query(&format!("SELECT {MEETING_COLUMNS} FROM meetings WHERE id = $1 AND erased_at IS NULL"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(meeting_from).transpose()
    }

    async fn meetings_for_user(&self, user: &User) -> Result<Vec<Meeting>, StoreError> {
        let rows = if user.role == StaffRole::Manager {
            sqlx::query(&format!(
                "SELECT {MEETING_COLUMNS} FROM meetings WHERE erased_at IS NULL ORDER BY created_at DESC"
            ))
            .fetch_all(&self.pool)
            .await?
        } else {
            sqlx::query(&format!(
                "SELECT {MEETING_COLUMNS} FROM meetings WHERE erased_at IS NULL AND (facilitator_id = $1 \
                 OR id IN (SELECT meeting_id FROM participants WHERE user_id = $2)) ORDER BY created_at DESC"
            ))
            .bind(&user.id)
            .bind(&user.id)
            .fetch_all(&self.pool)
            .await?
        };
        collect(rows, meeting_from)
    }

    async fn participant(&self, id: &str) -> Result<Option<Participant>, StoreError> {
        let row = sqlx::query(&format!("SELECT {PARTICIPANT_COLUMNS} FROM participants WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(participant_from).transpose()
    }

    async fn participants(&self, meeting_id: &str) -> Result<Vec<Participant>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {PARTICIPANT_COLUMNS} FROM participants WHERE meeting_id = $1 ORDER BY created_at, id"
        ))
        .bind(meeting_id)
        .fetch_all(&self.pool)
        .await?;
        collect(rows, participant_from)
    }

    async fn contact_details(&self, meeting_id: &str) -> Result<Vec<ContactDetail>, StoreError> {
        let rows = sqlx::query(
            "SELECT d.id, d.participant_id, d.kind, d.value, d.visibility, d.position, d.updated_at \
             FROM contact_details d JOIN participants p ON p.id = d.participant_id \
             WHERE p.meeting_id = $1 ORDER BY d.participant_id, d.kind, d.position, d.id",
        )
        .bind(meeting_id)
        .fetch_all(&self.pool)
        .await?;
        let viewers = sqlx::query(
            "SELECT v.detail_id, v.viewer_id FROM contact_detail_viewers v \
             JOIN contact_details d ON d.id = v.detail_id JOIN participants p ON p.id = d.participant_id \
             WHERE p.meeting_id = $1 ORDER BY v.detail_id, v.viewer_id",
        )
        .bind(meeting_id)
        .fetch_all(&self.pool)
        .await?;
        let mut details = Vec::with_capacity(rows.len());
        for row in &rows {
            let kind: String = row.get("kind");
            let visibility: String = row.get("visibility");
            let id: String = row.get("id");
            let detail_viewers = viewers
                .iter()
                .filter(|viewer| viewer.get::<String, _>("detail_id") == id)
                .map(|viewer| viewer.get::<String, _>("viewer_id"))
                .collect();
            details.push(ContactDetail {
                participant_id: row.get("participant_id"),
                kind: DetailKind::parse(&kind).ok_or_else(|| corrupt("contact detail kind", &kind))?,
                value: row.get("value"),
                visibility: Visibility::parse(&visibility).ok_or_else(|| corrupt("visibility", &visibility))?,
                viewers: detail_viewers,
                position: row.get("position"),
                updated_at: row.get("updated_at"),
                id,
            });
        }
        Ok(details)
    }

    async fn separations(&self, meeting_id: &str) -> Result<Vec<Separation>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, meeting_id, first_id, second_id, no_details, no_shared_room, reason, created_by, created_at \
             FROM separations WHERE meeting_id = $1 ORDER BY created_at, id",
        )
        .bind(meeting_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(separation_from).collect())
    }

    async fn privacy_notice(&self) -> Result<Option<PrivacyNotice>, StoreError> {
        let row = sqlx::query(
            "SELECT version, body, published_by, published_at FROM privacy_notices ORDER BY version DESC LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|row| PrivacyNotice {
            version: row.get("version"),
            body: row.get("body"),
            published_by: row.get("published_by"),
            published_at: row.get("published_at"),
        }))
    }

    async fn consents(&self, meeting_id: &str) -> Result<Vec<Consent>, StoreError> {
        let rows = sqlx::query(
            "SELECT c.id, c.participant_id, c.notice_version, c.takes_part, c.shares_information, c.supported_by, \
             c.given_at, c.withdrawn_at FROM consents c JOIN participants p ON p.id = c.participant_id \
             WHERE p.meeting_id = $1 ORDER BY c.given_at, c.id",
        )
        .bind(meeting_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|row| Consent {
                id: row.get("id"),
                participant_id: row.get("participant_id"),
                notice_version: row.get("notice_version"),
                takes_part: row.get::<i64, _>("takes_part") != 0,
                shares_information: row.get::<i64, _>("shares_information") != 0,
                supported_by: row.get("supported_by"),
                given_at: row.get("given_at"),
                withdrawn_at: row.get("withdrawn_at"),
            })
            .collect())
    }

    async fn safety_notes(&self, meeting_id: &str) -> Result<Vec<SafetyNote>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, meeting_id, participant_id, category, body, author, author_name, created_at \
             FROM safety_notes WHERE meeting_id = $1 ORDER BY created_at, id",
        )
        .bind(meeting_id)
        .fetch_all(&self.pool)
        .await?;
        collect(rows, |row| {
            let category: String = row.get("category");
            Ok(SafetyNote {
                id: row.get("id"),
                meeting_id: row.get("meeting_id"),
                participant_id: row.get("participant_id"),
                category: NoteCategory::parse(&category).ok_or_else(|| corrupt("note category", &category))?,
                body: row.get("body"),
                author: row.get("author"),
                author_name: row.get("author_name"),
                created_at: row.get("created_at"),
            })
        })
    }

    async fn enabled_languages(&self) -> Result<Vec<String>, StoreError> {
        let rows = sqlx::query("SELECT code FROM languages_enabled ORDER BY code").fetch_all(&self.pool).await?;
        Ok(rows.iter().map(|row| row.get("code")).collect())
    }

    async fn private_rooms(&self, meeting_id: &str) -> Result<Vec<PrivateRoom>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, meeting_id, name, created_at FROM private_rooms WHERE meeting_id = $1 ORDER BY created_at, id",
        )
        .bind(meeting_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|row| PrivateRoom {
                id: row.get("id"),
                meeting_id: row.get("meeting_id"),
                name: row.get("name"),
                created_at: row.get("created_at"),
            })
            .collect())
    }

    async fn room_members(&self, meeting_id: &str) -> Result<Vec<(String, String)>, StoreError> {
        let rows = sqlx::query(
            "SELECT m.participant_id, m.room_id FROM room_members m JOIN private_rooms r ON r.id = m.room_id \
             WHERE r.meeting_id = $1 ORDER BY m.participant_id",
        )
        .bind(meeting_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(|row| (row.get("participant_id"), row.get("room_id"))).collect())
    }

    async fn participant_for_user(&self, meeting_id: &str, user_id: &str) -> Result<Option<Participant>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {PARTICIPANT_COLUMNS} FROM participants WHERE meeting_id = $1 AND user_id = $2 LIMIT 1"
        ))
        .bind(meeting_id)
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(participant_from).transpose()
    }

    async fn link(&self, id: &str) -> Result<Option<JoinLink>, StoreError> {
        let row = sqlx::query(&format!("SELECT {LINK_COLUMNS} FROM join_links WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(link_from))
    }

    async fn link_by_secret_hash(&self, secret_hash: &str) -> Result<Option<JoinLink>, StoreError> {
        let row = sqlx::query(&format!("SELECT {LINK_COLUMNS} FROM join_links WHERE secret_hash = $1"))
            .bind(secret_hash)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(link_from))
    }

    async fn links_of_participant(&self, participant_id: &str) -> Result<Vec<JoinLink>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {LINK_COLUMNS} FROM join_links WHERE participant_id = $1 ORDER BY created_at"
        ))
        .bind(participant_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(link_from).collect())
    }

    async fn reserve_code_attempt(&self, link_id: &str, max: i64) -> Result<Option<i64>, StoreError> {
        let row = sqlx::query(
            "UPDATE join_links SET failed_code_attempts = failed_code_attempts + 1 \
             WHERE id = $1 AND failed_code_attempts < $2 RETURNING failed_code_attempts",
        )
        .bind(link_id)
        .bind(max)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|row| row.get::<i64, _>(0)))
    }

    async fn release_code_attempt(&self, link_id: &str) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE join_links SET failed_code_attempts = failed_code_attempts - 1 \
             WHERE id = $1 AND failed_code_attempts > 0",
        )
        .bind(link_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn reserve_attempt(&self, key_hash: &str, now: i64, window_after: i64) -> Result<(i64, i64), StoreError> {
        // Every SET expression reads the row as it was, in SQLite and PostgreSQL alike.
        let row = sqlx::query(
            "INSERT INTO attempt_counters (key_hash, window_start, count) VALUES ($1, $2, 1) \
             ON CONFLICT (key_hash) DO UPDATE SET \
             count = CASE WHEN attempt_counters.window_start <= $3 THEN 1 ELSE attempt_counters.count + 1 END, \
             window_start = CASE WHEN attempt_counters.window_start <= $3 THEN $2 \
                 ELSE attempt_counters.window_start END \
             RETURNING count, window_start",
        )
        .bind(key_hash)
        .bind(now)
        .bind(window_after)
        .fetch_one(&self.pool)
        .await?;
        Ok((row.get(0), row.get(1)))
    }

    async fn release_attempt(&self, key_hash: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE attempt_counters SET count = count - 1 WHERE key_hash = $1 AND count > 0")
            .bind(key_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn clear_attempts(&self, key_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM attempt_counters WHERE key_hash = $1").bind(key_hash).execute(&self.pool).await?;
        Ok(())
    }

    async fn prune_attempts(&self, window_after: i64) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM attempt_counters WHERE window_start <= $1")
            .bind(window_after)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn session_by_token_hash(&self, token_hash: &str) -> Result<Option<SessionRecord>, StoreError> {
        let row = sqlx::query(&format!("SELECT {SESSION_COLUMNS} FROM sessions WHERE token_hash = $1"))
            .bind(token_hash)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(session_from))
    }

    async fn session(&self, id: &str) -> Result<Option<SessionRecord>, StoreError> {
        let row = sqlx::query(&format!("SELECT {SESSION_COLUMNS} FROM sessions WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(session_from))
    }

    async fn append_audit(&self, event: &NewAuditEvent, at: i64) -> Result<(), StoreError> {
        let mut connection = self.pool.acquire().await?;
        insert_audit(&mut connection, event, at).await
    }

    async fn attendees(&self, meeting_id: &str) -> Result<Vec<String>, StoreError> {
        let rows = sqlx::query(
            "SELECT DISTINCT actor FROM audit_events WHERE meeting_id = $1 AND action = 'document_opened' ORDER BY actor",
        )
        .bind(meeting_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(|row| row.get("actor")).collect())
    }

    async fn audit_for_meeting(&self, meeting_id: &str) -> Result<Vec<AuditEvent>, StoreError> {
        let rows = sqlx::query(&format!("SELECT {AUDIT_COLUMNS} FROM audit_events WHERE meeting_id = $1 ORDER BY id"))
            .bind(meeting_id)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(audit_from).collect())
    }

    async fn audit_recent(&self, limit: i64) -> Result<Vec<AuditEvent>, StoreError> {
        let rows = sqlx::query(&format!("SELECT {AUDIT_COLUMNS} FROM audit_events ORDER BY id DESC LIMIT $1"))
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(audit_from).collect())
    }

    async fn meeting_events_after(&self, after_id: i64, limit: i64) -> Result<Vec<StoredMeetingEvent>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, meeting_id, occurred_at, kind, payload FROM meeting_events WHERE id > $1 ORDER BY id LIMIT $2",
        )
        .bind(after_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|row| StoredMeetingEvent {
                id: row.get("id"),
                meeting_id: row.get("meeting_id"),
                occurred_at: row.get("occurred_at"),
                kind: row.get("kind"),
                payload: row.get("payload"),
            })
            .collect())
    }

    async fn last_meeting_event_id(&self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COALESCE(MAX(id), 0) FROM meeting_events").fetch_one(&self.pool).await?;
        Ok(row.get(0))
    }

    async fn meetings_following(&self, meeting_id: &str) -> Result<Vec<Meeting>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {MEETING_COLUMNS} FROM meetings WHERE follows_meeting_id = $1 ORDER BY created_at, id"
        ))
        .bind(meeting_id)
        .fetch_all(&self.pool)
        .await?;
        collect(rows, meeting_from)
    }

    async fn meetings_of_user(&self, user_id: &str) -> Result<Vec<Meeting>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {MEETING_COLUMNS} FROM meetings WHERE facilitator_id = $1 \
             OR id IN (SELECT meeting_id FROM participants WHERE user_id = $1) ORDER BY created_at, id"
        ))
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        collect(rows, meeting_from)
    }

    async fn sessions_of_participant(&self, participant_id: &str) -> Result<Vec<SessionRecord>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {SESSION_COLUMNS} FROM sessions WHERE participant_id = $1 ORDER BY created_at DESC, id"
        ))
        .bind(participant_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(session_from).collect())
    }

    async fn audit_involving(&self, actor: &str, mentioned: &str) -> Result<Vec<AuditEvent>, StoreError> {
        // The id is matched as it is: `%`, `_` and the escape character itself stand for themselves.
        let escaped = mentioned.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        let rows = sqlx::query(&format!(
            "SELECT {AUDIT_COLUMNS} FROM audit_events WHERE actor = $1 OR detail LIKE $2 ESCAPE '\\' ORDER BY id"
        ))
        .bind(actor)
        .bind(format!("%{escaped}%"))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(audit_from).collect())
    }
}
