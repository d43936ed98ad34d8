//! Erasure: a manager erases a meeting, or one person's personal data, with a reason. What is
//! left is a tombstone (`erasures`): what went, when, by whom and why, and the hashes of the
//! versions erased, so the chain still verifies. Nothing under a legal hold is erased.

use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

use super::retention::{held_records, require_manager, MAX_REASON};
use super::{check_text, Actor, Domain, DomainError};
use crate::secrets::{new_id, now_millis};
use crate::store::{Erasure, ErasureScope, RecordType, Removed};

/// The name an erased person is shown by, where their place in the plan's record stays.
pub const ERASED_NAME: &str = "Erased person";

/// What an erasure did.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErasureReport {
    pub erasure_id: String,
    pub meeting_id: String,
    pub participant_id: Option<String>,
    pub removed: Removed,
    /// What was kept, and why (for a person: the versions they saved, which are signed records).
    pub kept: Vec<String>,
}

/// Erases a meeting down to its tombstone (a manager). Its connections close on every server
/// process; its documents refuse any later write.
pub async fn erase_meeting(
    domain: &Domain,
    actor: &Actor,
    meeting_id: &str,
    reason: &str,
) -> Result<ErasureReport, DomainError> {
    require_manager(actor, "erase a meeting")?;
    let reason = check_text("the reason for the erasure", reason, MAX_REASON, true)?;
    let store = domain.store.as_ref();
    let meeting = store.meeting(meeting_id).await?.ok_or(DomainError::NotFound("that meeting"))?;
    let held = held_records(store).await?;
    if let Some(why) = held.meetings.get(&meeting.id) {
        return Err(DomainError::Conflict(format!(
            "this meeting is under a legal hold ({why}); lift the hold before erasing it"
        )));
    }
    let at = now_millis();
    super::retention::close_documents(domain, &meeting.id, RecordType::Meeting, at).await?;
    let mut change = store.begin_change().await?;
    let removed =
        super::retention::delete_for_meeting(store, &mut change, &meeting.id, RecordType::Meeting, at).await?;
    let erasure = Erasure {
        id: new_id(),
        scope: ErasureScope::Meeting,
        meeting_id: Some(meeting.id.clone()),
        participant_id: None,
        record_type: None,
        reason,
        erased_by: actor.reference(),
        erased_at: at,
        versions: removed.versions.clone(),
    };
    change.record_erasure(&erasure).await?;
    let detail = json!({
        "erasure_id": erasure.id,
        "reason": erasure.reason,
        "rows": removed.rows,
        "documents": removed.documents.len(),
        "versions": removed.versions,
    });
    domain.commit(change, actor.audit(Some(&meeting.id), "meeting_erased", detail)).await?;
    store.scrub_deleted().await?;
    Ok(ErasureReport { erasure_id: erasure.id, meeting_id: meeting.id, participant_id: None, removed, kept: vec![] })
}

/// Erases one person's personal data (a manager): their links stop working and their connections
/// close; their details, contact details, room, safety notes about them, separations, links and
/// sessions go; their name on decisions and in the audit log is blanked. The versions they saved
/// are kept whole: a version is the signed record of what was agreed, and its hash covers its
/// author's name (to remove those too, erase the meeting).
pub async fn erase_person(
    domain: &Domain,
    actor: &Actor,
    participant_id: &str,
    reason: &str,
) -> Result<ErasureReport, DomainError> {
    require_manager(actor, "erase a person's data")?;
    let reason = check_text("the reason for the erasure", reason, MAX_REASON, true)?;
    let store = domain.store.as_ref();
    let participant = store.participant(participant_id).await?.ok_or(DomainError::NotFound("that person"))?;
    let meeting = store.meeting(&participant.meeting_id).await?.ok_or(DomainError::NotFound("that person"))?;
    let holds = store.legal_holds().await?;
    let in_force = || holds.iter().filter(|hold| hold.lifted_at.is_none());
    if let Some(hold) = in_force().find(|hold| hold.participant_id.as_deref() == Some(&participant.id)) {
        return Err(DomainError::Conflict(format!(
            "this person is under a legal hold ({}); lift the hold before erasing their data",
            hold.reason
        )));
    }
    if let Some(hold) = in_force().find(|hold| hold.meeting_id.as_deref() == Some(&meeting.id)) {
        return Err(DomainError::Conflict(format!(
            "their meeting is under a legal hold ({}); lift the hold before erasing their data",
            hold.reason
        )));
    }
    if participant.display_name == ERASED_NAME && participant.relationship.is_empty() {
        return Err(DomainError::Conflict("this person's data was erased already".into()));
    }
    let at = now_millis();
    let mut change = store.begin_change().await?;
    let revoked = change.revoke_participant_links(&meeting.id, &participant.id, at).await?;
    let removed = change.erase_participant(&participant.id, ERASED_NAME).await?;
    let reference = format!("participant:{}", participant.id);
    let saved = store.versions(&meeting.id).await?.iter().filter(|version| version.author == reference).count();
    let kept = if saved > 0 {
        vec![format!(
            "{saved} saved version(s) of the plan name them as their author: a version is the signed record of what \
             was agreed, and its hash covers the author's name; erase the meeting to remove them"
        )]
    } else {
        vec![]
    };
    let erasure = Erasure {
        id: new_id(),
        scope: ErasureScope::Person,
        meeting_id: Some(meeting.id.clone()),
        participant_id: Some(participant.id.clone()),
        record_type: None,
        reason,
        erased_by: actor.reference(),
        erased_at: at,
        versions: vec![],
    };
    change.record_erasure(&erasure).await?;
    let detail = json!({
        "erasure_id": erasure.id,
        "participant_id": participant.id,
        "reason": erasure.reason,
        "rows": removed.rows,
        "links_revoked": revoked.len(),
        "versions_kept": saved,
    });
    domain.commit(change, actor.audit(Some(&meeting.id), "person_erased", detail)).await?;
    store.scrub_deleted().await?;
    Ok(ErasureReport {
        erasure_id: erasure.id,
        meeting_id: meeting.id,
        participant_id: Some(participant.id),
        removed,
        kept,
    })
}

/// Every erasure and scheduled deletion, oldest first (a manager).
pub async fn erasures(domain: &Domain, actor: &Actor) -> Result<Vec<Erasure>, DomainError> {
    require_manager(actor, "see erasures")?;
    Ok(domain.store.erasures().await?)
}

/// Makes an erasure or a deletion recorded elsewhere (in the database a backup replaced) again,
/// under its own id, when this database does not have it yet: a restore never brings back what
/// was erased after the backup was taken. Holds in the backup do not stop it: the erasure came
/// after them. A service-wide deletion by date is made again by the retention run that follows a
/// restore; only its tombstone is copied here. Gives whether anything was done.
pub async fn reapply(domain: &Domain, actor: &Actor, erasure: &Erasure) -> Result<bool, DomainError> {
    let store = domain.store.as_ref();
    if store.erasures().await?.iter().any(|known| known.id == erasure.id) {
        return Ok(false);
    }
    let at = now_millis();
    let mut change = store.begin_change().await?;
    let mut removed = Removed::default();
    match (erasure.scope, &erasure.meeting_id, &erasure.participant_id) {
        (ErasureScope::Person, Some(meeting_id), Some(participant_id)) => {
            if store.participant(participant_id).await?.is_some() {
                change.revoke_participant_links(meeting_id, participant_id, at).await?;
                removed = change.erase_participant(participant_id, ERASED_NAME).await?;
            }
        }
        (ErasureScope::Meeting, Some(meeting_id), _) => {
            if store.meeting(meeting_id).await?.is_some() {
                removed = super::retention::delete_for_meeting(store, &mut change, meeting_id, RecordType::Meeting, at)
                    .await?;
            }
        }
        (ErasureScope::Records, Some(meeting_id), _) => {
            if let (Some(record_type), Some(_)) = (erasure.record_type, store.meeting(meeting_id).await?) {
                removed = super::retention::delete_for_meeting(store, &mut change, meeting_id, record_type, at).await?;
            }
        }
        _ => {}
    }
    change.record_erasure(erasure).await?;
    let detail = json!({ "erasure_id": erasure.id, "scope": erasure.scope, "rows": removed.rows });
    domain.commit(change, actor.audit(erasure.meeting_id.as_deref(), "erasure_reapplied", detail)).await?;
    Ok(true)
}
