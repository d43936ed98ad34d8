//! The operator's commands (`user`, `meeting`, `link`): the same operations as the API, run
//! against the database directly, audited as the operator.

use std::io::Read;

use anyhow::{bail, Context};
use serde_json::json;

use crate::access::{document_name, DocumentKind, MeetingRole, StaffRole};
use crate::accounts::{MAX_PASSWORD, MIN_PASSWORD};
use crate::api::meetings::timestamp;
use crate::app::open_database;
use crate::config::{DatabaseArgs, LinkCommand, MeetingCommand, UserCommand, VersionCommand};
use crate::events::MeetingEvents;
use crate::meetings::{self, NewMeeting, NewParticipant, DEFAULT_LINK_VALIDITY};
use crate::secrets::{hash_password, new_id, now_millis};
use crate::store::{MeetingKind, NewAuditEvent, User};

fn operator_event(meeting_id: Option<&str>, action: &str, detail: serde_json::Value) -> NewAuditEvent {
    NewAuditEvent {
        meeting_id: meeting_id.map(str::to_owned),
        actor: "operator".into(),
        actor_name: "command line".into(),
        action: action.into(),
        detail: detail.to_string(),
        address: None,
    }
}

/// A password from standard input, without its line ending.
fn password_from_stdin() -> anyhow::Result<String> {
    let mut password = String::new();
    std::io::stdin().read_to_string(&mut password).context("reading the password from standard input")?;
    let password = password.trim_end_matches(['\r', '\n']).to_owned();
    if password.chars().count() < MIN_PASSWORD {
        bail!("the password must be at least {MIN_PASSWORD} characters (read from standard input)");
    }
    if password.chars().count() > MAX_PASSWORD {
        bail!("the password must be at most {MAX_PASSWORD} characters (read from standard input)");
    }
    Ok(password)
}

pub async fn user(command: UserCommand) -> anyhow::Result<()> {
    let (database, email, name, role) = match command {
        UserCommand::Add { database, email, name, role } => (database, email, name, role),
        UserCommand::Disable { database, email } => {
            return account_change(database, &email, AccountChange::Disable).await
        }
        UserCommand::Enable { database, email } => {
            return account_change(database, &email, AccountChange::Enable).await
        }
        UserCommand::ResetPassword { database, email } => {
            let password = password_from_stdin()?;
            return account_change(database, &email, AccountChange::ResetPassword(password)).await;
        }
    };
    let password = password_from_stdin()?;
    let email = email.trim().to_lowercase();
    if !email.contains('@') {
        bail!("{email:?} is not an email address");
    }
    if name.trim().is_empty() {
        bail!("a name is needed");
    }
    let (store, _) = open_database(&database).await?;
    let password_hash = tokio::task::spawn_blocking(move || hash_password(&password)).await?;
    let user = User {
        id: new_id(),
        email,
        name: name.trim().to_owned(),
        role,
        password_hash,
        created_at: now_millis(),
        disabled_at: None,
    };
    store.create_user(&user).await?;
    store
        .append_audit(&operator_event(None, "user_added", json!({ "user_id": user.id, "role": role })), now_millis())
        .await?;
    println!("{}", json!({ "id": user.id, "email": user.email, "name": user.name, "role": user.role }));
    Ok(())
}

enum AccountChange {
    Disable,
    Enable,
    ResetPassword(String),
}

/// Turns an account off or on, or resets its password, as the operator. A running server hears
/// of ended sessions through the database and closes their connections within a second.
async fn account_change(database: DatabaseArgs, email: &str, change: AccountChange) -> anyhow::Result<()> {
    let (store, _) = open_database(&database).await?;
    let email = email.trim().to_lowercase();
    let user = store.user_by_email(&email).await?.with_context(|| format!("there is no staff account for {email}"))?;
    let author = |action: &str, detail: serde_json::Value| operator_event(None, action, detail);
    let done = match change {
        AccountChange::Disable => {
            let ended = crate::accounts::disable(store.as_ref(), &user, &author).await?;
            format!("{email} is turned off; {} session(s) ended", ended.len())
        }
        AccountChange::Enable => {
            crate::accounts::enable(store.as_ref(), &user, &author).await?;
            format!("{email} is turned on")
        }
        AccountChange::ResetPassword(password) => {
            let ended = crate::accounts::reset_password(store.as_ref(), &user, password, &author).await?;
            format!("{email} has a new password; {} session(s) ended", ended.len())
        }
    };
    println!("{done}");
    Ok(())
}

pub async fn meeting(command: MeetingCommand) -> anyhow::Result<()> {
    match command {
        MeetingCommand::Create { database, title, facilitator, json } => {
            let (store, _) = open_database(&database).await?;
            let user = store.user_by_email(&facilitator.trim().to_lowercase()).await?.with_context(|| {
                format!("there is no staff account for {facilitator}; add it with `kinplan user add`")
            })?;
            if user.role != StaffRole::Facilitator {
                bail!("{facilitator} is a {}, not a facilitator", user.role.as_str());
            }
            let new = NewMeeting { title, kind: MeetingKind::Fnm, scheduled_at: None, follows_meeting_id: None };
            let meeting = meetings::create_meeting(store.as_ref(), &user, new).await?;
            let detail = json!({ "title": meeting.title });
            store.append_audit(&operator_event(Some(&meeting.id), "meeting_created", detail), now_millis()).await?;
            if json {
                let view = crate::api::meetings::MeetingView::of(&meeting);
                println!("{}", serde_json::to_string(&view)?);
            } else {
                println!("{}", meeting.id);
            }
            Ok(())
        }
        MeetingCommand::Stage { database, meeting, to } => {
            let (store, _) = open_database(&database).await?;
            let found = store.meeting(&meeting).await?.with_context(|| format!("there is no meeting {meeting}"))?;
            let moved = meetings::change_stage(store.as_ref(), &MeetingEvents::new(), &found, to).await?;
            if moved.stage != found.stage {
                let detail = json!({ "from": found.stage, "to": moved.stage });
                store.append_audit(&operator_event(Some(&found.id), "stage_changed", detail), now_millis()).await?;
            }
            println!("{}", moved.stage.as_str());
            Ok(())
        }
    }
}

pub async fn link(command: LinkCommand) -> anyhow::Result<()> {
    match command {
        LinkCommand::Create { database, meeting, name, kind, access_code, public_url, json } => {
            let (store, tokens) = open_database(&database).await?;
            let found = store.meeting(&meeting).await?.with_context(|| format!("there is no meeting {meeting}"))?;
            let new = NewParticipant {
                display_name: name,
                relationship: String::new(),
                kind,
                language: String::new(),
                access_needs: String::new(),
                staff_email: None,
                is_referrer: false,
            };
            let participant = meetings::add_participant(store.as_ref(), &found, new).await?;
            let created =
                meetings::create_link(store.as_ref(), &participant, access_code, DEFAULT_LINK_VALIDITY, &public_url)
                    .await?;
            let detail = json!({ "participant_id": participant.id, "link_id": created.link.id });
            store.append_audit(&operator_event(Some(&found.id), "link_created", detail), now_millis()).await?;
            // The printed token is issued under a session of the link's own, as if the person had
            // opened it, so revoking the link or letting it expire ends the token too.
            let now = now_millis();
            let session = crate::store::SessionRecord {
                id: new_id(),
                token_hash: crate::secrets::secret_hash(&crate::secrets::random_secret()),
                user_id: None,
                participant_id: Some(participant.id.clone()),
                link_id: Some(created.link.id.clone()),
                expires_at: created.link.expires_at,
                ended_at: None,
                created_at: now,
            };
            store.create_session(&session).await?;
            let token = meetings::document_token(
                store.as_ref(),
                &tokens,
                &found,
                MeetingRole::Participant(kind),
                DocumentKind::Plan,
                format!("participant:{}", participant.id),
                format!("session:{}", session.id),
            )
            .await
            .ok()
            .map(|issued| issued.token);
            let output = json!({
                "participant_id": participant.id,
                "link_id": created.link.id,
                "url": created.url,
                "access_code": created.access_code,
                "expires_at": timestamp(created.link.expires_at),
                "plan_document": document_name(&found.id, DocumentKind::Plan),
                "family_document": document_name(&found.id, DocumentKind::FamilyTime),
                "comments_document": document_name(&found.id, DocumentKind::Comments),
                "token": token,
            });
            if json {
                println!("{output}");
            } else {
                println!("{}", created.url);
                if let Some(code) = created.access_code {
                    println!("access code: {code}");
                }
            }
            Ok(())
        }
        LinkCommand::Revoke { database, participant } => {
            let (store, _) = open_database(&database).await?;
            let found = store
                .participant(&participant)
                .await?
                .with_context(|| format!("there is no participant {participant}"))?;
            let revoked = meetings::revoke_links(store.as_ref(), &MeetingEvents::new(), &found).await?;
            let detail = json!({ "participant_id": found.id, "link_ids": revoked });
            store.append_audit(&operator_event(Some(&found.meeting_id), "link_revoked", detail), now_millis()).await?;
            println!("revoked {} link(s)", revoked.len());
            Ok(())
        }
    }
}

pub async fn version(command: VersionCommand) -> anyhow::Result<()> {
    let VersionCommand::Save { database, meeting, label, json } = command;
    let (store, _) = open_database(&database).await?;
    let found = store.meeting(&meeting).await?.with_context(|| format!("there is no meeting {meeting}"))?;
    let document = document_name(&found.id, DocumentKind::Plan);
    let state = crate::documents::stored_state(store.as_ref(), &document).await?;
    let new =
        crate::plan::versions::NewVersion { label, author: "operator".into(), author_name: "command line".into() };
    let version = crate::plan::versions::save_version(store.as_ref(), &found, state, new).await?;
    let detail = json!({ "number": version.number, "hash": version.hash });
    store.append_audit(&operator_event(Some(&found.id), "version_saved", detail), now_millis()).await?;
    if json {
        println!(
            "{}",
            json!({
                "number": version.number,
                "hash": version.hash,
                "previous_hash": version.previous_hash,
                "label": version.label,
                "created_at": timestamp(version.created_at),
            })
        );
    } else {
        println!("{}", version.hash);
    }
    Ok(())
}

pub async fn export(
    database: DatabaseArgs,
    meeting: String,
    format: crate::plan::export::ExportFormat,
    version: Option<String>,
) -> anyhow::Result<()> {
    use std::io::Write;
    let (store, _) = open_database(&database).await?;
    let found = store.meeting(&meeting).await?.with_context(|| format!("there is no meeting {meeting}"))?;
    let chosen = match version {
        Some(hash) => store
            .version_by_hash(&hash)
            .await?
            .filter(|version| version.meeting_id == found.id)
            .with_context(|| format!("meeting {meeting} has no version {hash}"))?,
        None => store.versions(&found.id).await?.pop().with_context(|| {
            format!("meeting {meeting} has no saved version yet; save one with `kinplan version save`")
        })?,
    };
    let document = crate::api::plans::build_export_document(store.as_ref(), &chosen).await?;
    let bytes = tokio::task::spawn_blocking(move || crate::plan::export::render(&document, format)).await?;
    let detail = json!({ "number": chosen.number, "hash": chosen.hash, "format": format.extension() });
    store.append_audit(&operator_event(Some(&found.id), "export", detail), now_millis()).await?;
    std::io::stdout().write_all(&bytes)?;
    Ok(())
}

pub async fn verify(database: DatabaseArgs, meeting: String) -> anyhow::Result<()> {
    let (store, _) = open_database(&database).await?;
    let found = store.meeting(&meeting).await?.with_context(|| format!("there is no meeting {meeting}"))?;
    match crate::plan::versions::verify_chain(store.as_ref(), &found).await? {
        Ok(count) => {
            println!("all {count} version(s) of meeting {meeting} are intact");
            Ok(())
        }
        Err(broken) => bail!("{broken}"),
    }
}
