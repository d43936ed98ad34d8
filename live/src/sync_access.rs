//! Who may open a meeting's document on the sync endpoint, and when their open connection must
//! close: at private family time, when their link is revoked, when they sign out.

use std::sync::Arc;

use tokio::sync::broadcast;

use crate::access::{
    document_access, parse_meeting_document, Access, DocumentKind, MeetingRole, ParticipantKind, Stage,
};
use crate::auth::{DocumentClaims, DocumentRole};
use crate::close::{CloseReason, CLOSE_ACCESS_CHANGED, CLOSE_FORBIDDEN, CLOSE_UNAUTHORIZED};
use crate::domain::identity::{subject_from_token, Subject};
use crate::events::{MeetingEvent, MeetingEvents};
use crate::open_documents::{OpenDocument, OpenDocuments, OpenEntry};
use crate::secrets::now_millis;
use crate::store::{NewAuditEvent, Store};

/// What a connection to a meeting's document was opened with, which meeting events may take
/// away. The document's task keeps one per connection and checks each event against it.
#[derive(Debug)]
pub struct MeetingAccess {
    meeting_id: String,
    kind: DocumentKind,
    role: MeetingRole,
    /// What the token allows, which caps what the stage allows.
    token_access: Access,
    /// What the connection was opened with.
    access: Access,
    grant: String,
    /// The join link a participant came in by, whose revocation closes the connection.
    link_id: Option<String>,
    /// The participant holding it, when they joined by link: moving them to another private
    /// room closes their connection to a family-time document.
    participant_id: Option<String>,
    /// For a family document: this connection's entry in "who has it open", shown to the family
    /// for as long as the connection lives.
    _open_entry: Option<OpenEntry>,
    /// The token holder's name, which is what others see for this connection in "Who is here",
    /// whatever the client claims.
    holder_name: String,
}

/// A connection to a meeting's document, allowed: its access, and the meeting events from just
/// before the decision on, so that nothing in between is missed.
pub struct MeetingWatch {
    pub access: MeetingAccess,
    pub events: broadcast::Receiver<Arc<MeetingEvent>>,
}

fn access_of(role: DocumentRole) -> Access {
    match role {
        DocumentRole::Editor => Access::Write,
        DocumentRole::Viewer => Access::Read,
    }
}

/// How "who has it open" names what someone is to the meeting.
fn role_name(role: MeetingRole) -> &'static str {
    match role {
        MeetingRole::Facilitator => "facilitator",
        MeetingRole::Practitioner => "practitioner",
        MeetingRole::Manager => "manager",
        MeetingRole::Participant(kind) => kind.as_str(),
        MeetingRole::FamilyInterpreter => ParticipantKind::Interpreter.as_str(),
        MeetingRole::Outsider => "outsider",
    }
}

fn private_time_reason() -> CloseReason {
    CloseReason::new(CLOSE_FORBIDDEN, "the family is in private time; you can come back when it ends")
}

/// Where the decision on a connection reads from.
#[derive(Clone, Copy)]
pub struct AccessSources<'a> {
    pub store: &'a dyn Store,
    pub events: &'a MeetingEvents,
    pub open_documents: &'a Arc<OpenDocuments>,
}

/// Decides whether `claims` may open `document` now. Documents outside meetings need only a
/// valid token. For a meeting's document, the token's holder and grant must still be live and
/// the permission table must allow them at the current stage; the role is the lesser of what the
/// token says and what the stage allows. Every decision on a meeting's document is audited.
pub async fn authorize(
    sources: AccessSources<'_>,
    claims: &DocumentClaims,
    document: &str,
    address: Option<String>,
) -> Result<(DocumentRole, Option<MeetingWatch>), CloseReason> {
    let Some(parsed) = parse_meeting_document(document) else {
        return Ok((claims.role, None));
    };
    let (meeting_id, kind) = (parsed.meeting_id, parsed.kind);
    let unavailable = |_| CloseReason::new(1011, "the server could not check your access; try again");
    let (Some(subject_reference), Some(grant)) = (&claims.sub, &claims.grant) else {
        return Err(CloseReason::new(CLOSE_FORBIDDEN, "a meeting's documents need a token from the meeting"));
    };
    // Subscribe before reading the stage, so a change in between is not missed.
    let events = sources.events.subscribe();
    let subject = subject_from_token(sources.store, subject_reference, grant).await.map_err(unavailable)?;
    let Some(subject) = subject else {
        return Err(CloseReason::new(CLOSE_UNAUTHORIZED, "your sign-in has ended or your link was turned off"));
    };
    let Some(meeting) = sources.store.meeting(meeting_id).await.map_err(unavailable)? else {
        return Err(CloseReason::new(CLOSE_FORBIDDEN, "there is no such meeting"));
    };
    let role = subject.role_in(sources.store, &meeting).await.map_err(unavailable)?;
    let mut token_access = access_of(claims.role);
    // A plan waiting for agreement, or final, is read-only for everyone.
    if sources.store.document_lock(document).await.map_err(unavailable)?.is_some() {
        token_access = token_access.min(Access::Read);
    }
    let access = document_access(role, kind, meeting.stage).min(token_access);
    let audit = |action: &str, role: Option<DocumentRole>| NewAuditEvent {
        meeting_id: Some(meeting.id.clone()),
        actor: subject.reference(),
        actor_name: subject.name().to_owned(),
        action: action.to_owned(),
        detail: serde_json::json!({ "document": document, "role": role, "stage": meeting.stage }).to_string(),
        address: address.clone(),
    };
    // An interpreter opens nothing until they have said they have no connection to the family;
    // a glossary is its own interpreter's alone.
    let personal_refusal = match &subject {
        Subject::Participant { participant, .. } => {
            crate::domain::interpreters::undeclared(participant).map(|refusal| refusal.to_string()).or_else(|| {
                (kind == DocumentKind::Glossary && parsed.owner != Some(participant.id.as_str()))
                    .then(|| "this note is another interpreter's".to_owned())
            })
        }
        Subject::Staff(_) => None,
    };
    if let Some(refusal) = personal_refusal {
        sources.store.append_audit(&audit("document_refused", None), now_millis()).await.map_err(unavailable)?;
        return Err(CloseReason::new(CLOSE_FORBIDDEN, refusal));
    }
    // A private room's document: its own people only, and never shared across a separation.
    let room_refusal = match (&subject, kind, access) {
        (Subject::Participant { participant, .. }, DocumentKind::FamilyTime, Access::Read | Access::Write) => {
            crate::domain::safeguarding::room_check(sources.store, &meeting.id, &participant.id, parsed.room)
                .await
                .map_err(unavailable)?
                .err()
        }
        _ => None,
    };
    if let Some(refusal) = room_refusal {
        sources.store.append_audit(&audit("document_refused", None), now_millis()).await.map_err(unavailable)?;
        return Err(CloseReason::new(CLOSE_FORBIDDEN, refusal.message()));
    }
    let Some(document_role) = access.role() else {
        sources.store.append_audit(&audit("document_refused", None), now_millis()).await.map_err(unavailable)?;
        if meeting.stage == Stage::PrivateFamilyTime && role != MeetingRole::Outsider {
            return Err(private_time_reason());
        }
        return Err(CloseReason::new(CLOSE_FORBIDDEN, "you cannot open this document"));
    };
    sources
        .store
        .append_audit(&audit("document_opened", Some(document_role)), now_millis())
        .await
        .map_err(unavailable)?;
    let open_entry = matches!(kind, DocumentKind::Plan | DocumentKind::FamilyTime).then(|| {
        let entry = OpenDocument {
            name: subject.name().to_owned(),
            kind: role_name(role).to_owned(),
            document: kind.as_str().to_owned(),
            role: document_role.as_str().to_owned(),
        };
        sources.open_documents.open(&meeting.id, entry)
    });
    let access = MeetingAccess {
        meeting_id: meeting.id.clone(),
        kind,
        role,
        token_access,
        access,
        grant: grant.clone(),
        link_id: match &subject {
            Subject::Participant { link_id, .. } => Some(link_id.clone()),
            Subject::Staff(_) => None,
        },
        participant_id: match &subject {
            Subject::Participant { participant, .. } => Some(participant.id.clone()),
            Subject::Staff(_) => None,
        },
        _open_entry: open_entry,
        holder_name: subject.name().to_owned(),
    };
    let watch = MeetingWatch { access, events };
    Ok((document_role, Some(watch)))
}

impl MeetingAccess {
    /// Who holds the connection, as the others are shown it: their name, and what they are to
    /// the meeting.
    pub fn holder(&self) -> (&str, &'static str) {
        let role = match self.role {
            MeetingRole::Facilitator => "facilitator",
            MeetingRole::Practitioner => "practitioner",
            MeetingRole::Manager => "manager",
            MeetingRole::Participant(kind) => kind.as_str(),
            MeetingRole::FamilyInterpreter => ParticipantKind::Interpreter.as_str(),
            MeetingRole::Outsider => "staff",
        };
        (&self.holder_name, role)
    }

    /// Whether `event` means this connection to `document` must close, and why.
    pub fn closes_on(&self, event: &MeetingEvent, document: &str) -> Option<CloseReason> {
        match event {
            MeetingEvent::Stage { meeting_id, stage, .. } if *meeting_id == self.meeting_id => {
                let access = document_access(self.role, self.kind, *stage).min(self.token_access);
                if access == Access::None {
                    if *stage == Stage::PrivateFamilyTime {
                        return Some(private_time_reason());
                    }
                    return Some(CloseReason::new(CLOSE_FORBIDDEN, "you cannot open this document at this stage"));
                }
                (access != self.access).then(|| {
                    CloseReason::new(CLOSE_ACCESS_CHANGED, "what you may do changed with the stage; reconnecting")
                })
            }
            MeetingEvent::AccessRevoked { meeting_id, link_ids, .. } if *meeting_id == self.meeting_id => {
                let revoked = link_ids.iter().any(|link_id| self.link_id.as_deref() == Some(link_id.as_str()));
                revoked.then(|| CloseReason::new(CLOSE_FORBIDDEN, "your link was turned off"))
            }
            MeetingEvent::DocumentLock { document: locked_document, locked, .. } if locked_document == document => {
                let wanted = if *locked { self.access.min(Access::Read) } else { self.access };
                // An editor becomes a reader; a reader who could edit again reconnects to.
                (wanted != self.access || (!*locked && self.token_access < Access::Write))
                    .then(|| CloseReason::new(CLOSE_ACCESS_CHANGED, "the plan was locked or unlocked; reconnecting"))
            }
            // A room move reaches the family's private space; an interpreter asked into private
            // time, or out of it, looks again at every document (their role changed).
            MeetingEvent::RoomChanged { meeting_id, participant_ids }
                if *meeting_id == self.meeting_id
                    && (self.kind == DocumentKind::FamilyTime || self.role.is_interpreter()) =>
            {
                let moved = participant_ids.iter().any(|moved| self.participant_id.as_deref() == Some(moved.as_str()));
                moved.then(|| CloseReason::new(CLOSE_ACCESS_CHANGED, "your private room changed; reconnecting"))
            }
            MeetingEvent::SessionEnded { session_id } if self.grant == format!("session:{session_id}") => {
                Some(CloseReason::new(CLOSE_UNAUTHORIZED, "your sign-in or your link has ended"))
            }
            MeetingEvent::MeetingErased { meeting_id } if *meeting_id == self.meeting_id => {
                Some(CloseReason::new(CLOSE_FORBIDDEN, "this meeting's records were erased"))
            }
            MeetingEvent::DocumentsErased { meeting_id, documents }
                if *meeting_id == self.meeting_id && documents.iter().any(|erased| erased == document) =>
            {
                Some(CloseReason::new(CLOSE_FORBIDDEN, "this document's records were deleted"))
            }
            _ => None,
        }
    }
}

/// The reason to close every connection to a meeting's document when its task missed events.
pub fn events_missed() -> CloseReason {
    CloseReason::new(CLOSE_ACCESS_CHANGED, "reconnect to check your access")
}
