//! The operator's commands (`user`, `meeting`, `link`): the same operations as the API, run
//! against the database directly, audited as the operator.

use std::io::Read;

use anyhow::{bail, Context};
use serde_json::json;

use crate::access::{document_name, DocumentKind, MeetingRole, StaffRole};
use crate::app::open_database;
use crate::auth::TokenKeys;
use crate::config::{
    CaseCommand, DatabaseArgs, LanguageCommand, LinkCommand, MeetingCommand, PersonCommand, SeparationCommand,
    UserCommand, VersionCommand,
};
use crate::domain::accounts::{self, MAX_PASSWORD, MIN_PASSWORD};
use crate::domain::cases::{NewChild, NewParent, Referral};
use crate::domain::meetings::{self, NewLink, NewMeeting, NewParticipant, DEFAULT_LINK_VALIDITY};
use crate::domain::safeguarding::{self, ContactUpdate, NewSeparation};
use crate::domain::{plans, Actor, Domain, DomainError};
use crate::live_documents::StoredDocuments;
use crate::store::MeetingKind;
use crate::time::timestamp;

/// The domain over the database `database` names, with the documents as storage holds them,
/// and the keys that sign its tokens.
pub(crate) async fn open_domain(database: &DatabaseArgs) -> anyhow::Result<(Domain, TokenKeys)> {
    let (store, tokens) = open_database(database).await?;
    let live = StoredDocuments { store: std::sync::Arc::clone(&store) };
    Ok((Domain::new(store, std::sync::Arc::new(live)), tokens))
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

pub async fn language(command: LanguageCommand) -> anyhow::Result<()> {
    let (database, change) = match command {
        LanguageCommand::List { database } => (database, None),
        LanguageCommand::Enable { database, code } => (database, Some((code, true))),
        LanguageCommand::Disable { database, code } => (database, Some((code, false))),
    };
    let (domain, _) = open_domain(&database).await?;
    if let Some((code, enabled)) = change {
        crate::domain::languages::set_enabled(&domain, &Actor::operator(), &code, enabled).await?;
    }
    for language in crate::domain::languages::list(&domain).await? {
        let reviewed = if language.reviewed { "reviewed" } else { "not reviewed" };
        let shown = if language.enabled { "shown" } else { "not shown" };
        println!(
            "{}\t{} ({})\t{}\t{reviewed}\t{shown}",
            language.code,
            language.name,
            language.native_name,
            language.direction.as_str()
        );
    }
    Ok(())
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
        UserCommand::Team { database, email, team } => {
            return account_change(database, &email, AccountChange::Team(team)).await
        }
    };
    let password = password_from_stdin()?;
    let (domain, _) = open_domain(&database).await?;
    let user = accounts::add(&domain, &Actor::operator(), &email, &name, role, password).await?;
    println!("{}", json!({ "id": user.id, "email": user.email, "name": user.name, "role": user.role }));
    Ok(())
}

enum AccountChange {
    Disable,
    Enable,
    ResetPassword(String),
    Team(String),
}

/// Turns an account off or on, or resets its password, as the operator. A running server hears
/// of ended sessions through the database and closes their connections within a second.
async fn account_change(database: DatabaseArgs, email: &str, change: AccountChange) -> anyhow::Result<()> {
    let (domain, _) = open_domain(&database).await?;
    let email = email.trim().to_lowercase();
    let store = domain.store.as_ref();
    let user = store.user_by_email(&email).await?.with_context(|| format!("there is no staff account for {email}"))?;
    let operator = Actor::operator();
    let done = match change {
        AccountChange::Disable => {
            let ended = accounts::disable(&domain, &operator, &user).await?;
            format!("{email} is turned off; {} session(s) ended", ended.len())
        }
        AccountChange::Enable => {
            accounts::enable(&domain, &operator, &user).await?;
            format!("{email} is turned on")
        }
        AccountChange::ResetPassword(password) => {
            let ended = accounts::reset_password(&domain, &operator, &user, password).await?;
            format!("{email} has a new password; {} session(s) ended", ended.len())
        }
        AccountChange::Team(team) => {
            let user = accounts::set_team(&domain, &operator, &user, &team).await?;
            match user.team.as_str() {
                "" => format!("{email} is in no team"),
                team => format!("{email} is in the team {team}"),
            }
        }
    };
    println!("{done}");
    Ok(())
}

/// The staff account with `email`, which must be a facilitator's.
async fn facilitator_account(domain: &Domain, email: &str) -> anyhow::Result<crate::store::User> {
    let user = domain
        .store
        .user_by_email(&email.trim().to_lowercase())
        .await?
        .with_context(|| format!("there is no staff account for {email}; add it with `kinplan user add`"))?;
    if user.role != StaffRole::Facilitator {
        bail!("{email} is a {}, not a facilitator", user.role.as_str());
    }
    Ok(user)
}

pub async fn case(command: CaseCommand) -> anyhow::Result<()> {
    let CaseCommand::Create {
        database,
        title,
        facilitator,
        children,
        parents,
        referrer,
        lead_practitioner,
        reason,
        worries,
        bottom_lines,
        questions,
        received,
        json,
    } = command;
    let children = children
        .iter()
        .map(|given| {
            let mut parts = given.splitn(3, ',').map(str::trim);
            let name = parts.next().unwrap_or_default().to_owned();
            let date_of_birth = parts.next().filter(|part| !part.is_empty()).map(str::to_owned);
            let case_system_id = parts.next().unwrap_or_default().to_owned();
            NewChild { name, date_of_birth, case_system_id }
        })
        .collect();
    let parents = parents
        .iter()
        .map(|given| {
            let (name, relationship) = given.split_once(',').unwrap_or((given, ""));
            NewParent { name: name.trim().to_owned(), relationship: relationship.trim().to_owned() }
        })
        .collect();
    let referral = Referral {
        title,
        referrer,
        lead_practitioner,
        reason,
        worries,
        bottom_lines,
        questions,
        received_on: received,
        children,
        parents,
    };
    let (domain, _) = open_domain(&database).await?;
    let user = facilitator_account(&domain, &facilitator).await?;
    let case = crate::domain::cases::create_case(&domain, &Actor::operator(), &user, &referral).await?;
    if json {
        println!("{}", serde_json::to_string(&crate::api::cases::CaseView::of(&case, Some(&[])))?);
    } else {
        println!("{}", case.id);
    }
    Ok(())
}

pub async fn meeting(command: MeetingCommand) -> anyhow::Result<()> {
    match command {
        MeetingCommand::Create { database, title, facilitator, case_id, json } => {
            let (domain, _) = open_domain(&database).await?;
            let user = facilitator_account(&domain, &facilitator).await?;
            let new =
                NewMeeting { title, kind: MeetingKind::Fnm, scheduled_at: None, follows_meeting_id: None, case_id };
            let meeting = meetings::create_meeting(&domain, &Actor::operator(), &user, new).await?;
            if json {
                let view = crate::api::meetings::MeetingView::of(&meeting);
                println!("{}", serde_json::to_string(&view)?);
            } else {
                println!("{}", meeting.id);
            }
            Ok(())
        }
        MeetingCommand::Stage { database, meeting, to } => {
            let (domain, _) = open_domain(&database).await?;
            existing_meeting(&domain, &meeting).await?;
            let moved = meetings::move_stage(&domain, &Actor::operator(), &meeting, to).await?;
            println!("{}", moved.stage.as_str());
            Ok(())
        }
    }
}

/// The meeting `meeting_id`, or an error that names it.
async fn existing_meeting(domain: &Domain, meeting_id: &str) -> anyhow::Result<crate::store::Meeting> {
    domain.store.meeting(meeting_id).await?.with_context(|| format!("there is no meeting {meeting_id}"))
}

pub async fn link(command: LinkCommand) -> anyhow::Result<()> {
    match command {
        LinkCommand::Create { database, meeting, name, kind, access_code, public_url, json } => {
            let (domain, tokens) = open_domain(&database).await?;
            let found = existing_meeting(&domain, &meeting).await?;
            let operator = Actor::operator();
            let new = NewParticipant {
                display_name: name,
                relationship: String::new(),
                kind,
                language: String::new(),
                access_needs: String::new(),
                staff_email: None,
                is_referrer: false,
                date_of_birth: None,
                needs_interpreter: String::new(),
            };
            let participant = meetings::add_participant(&domain, &operator, &found.id, new).await?;
            // The printed token is issued under a session of the link's own, as if the person had
            // opened it, so revoking the link or letting it expire ends the token too.
            let new = NewLink {
                with_access_code: access_code,
                valid_for: DEFAULT_LINK_VALIDITY,
                public_url,
                open_session: true,
            };
            let (created, session_id) =
                meetings::create_link(&domain, &operator, &found.id, &participant.id, new).await?;
            let token = match session_id {
                Some(session_id) => meetings::document_token(
                    domain.store.as_ref(),
                    &tokens,
                    &found,
                    meetings::TokenHolder {
                        role: MeetingRole::Participant(kind),
                        participant: Some(&participant.id),
                        subject: format!("participant:{}", participant.id),
                        grant: format!("session:{session_id}"),
                    },
                    DocumentKind::Plan,
                )
                .await
                .ok()
                .map(|issued| issued.token),
                None => None,
            };
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
            let (domain, _) = open_domain(&database).await?;
            let found = domain
                .store
                .participant(&participant)
                .await?
                .with_context(|| format!("there is no participant {participant}"))?;
            let revoked = meetings::revoke_links(&domain, &Actor::operator(), &found.meeting_id, &found.id).await?;
            println!("revoked {} link(s)", revoked.len());
            Ok(())
        }
    }
}

pub async fn person(command: PersonCommand) -> anyhow::Result<()> {
    let PersonCommand::Set { database, participant, address, phones, email, visibility, show_to, json } = command;
    let (domain, _) = open_domain(&database).await?;
    let found = domain
        .store
        .participant(&participant)
        .await?
        .with_context(|| format!("there is no participant {participant}"))?;
    let update = ContactUpdate { address, phones: (!phones.is_empty()).then_some(phones), email, visibility, show_to };
    let details =
        safeguarding::set_contact_details(&domain, &Actor::operator(), &found.meeting_id, &found.id, update).await?;
    if json {
        let details: Vec<_> = details
            .iter()
            .map(|detail| {
                json!({
                    "kind": detail.kind,
                    "value": detail.value,
                    "visibility": detail.visibility,
                    "shown_to": detail.viewers,
                })
            })
            .collect();
        println!("{}", json!({ "participant_id": found.id, "details": details }));
    } else {
        for detail in &details {
            println!("{}: {} ({})", detail.kind.as_str(), detail.value, detail.visibility.as_str());
        }
    }
    Ok(())
}

pub async fn separation(command: SeparationCommand) -> anyhow::Result<()> {
    let SeparationCommand::Add { database, meeting, between, and, no_details, no_shared_room, reason, json } = command;
    let (domain, _) = open_domain(&database).await?;
    existing_meeting(&domain, &meeting).await?;
    let new = NewSeparation { first_id: between, second_id: and, no_details, no_shared_room, reason };
    let separation = safeguarding::add_separation(&domain, &Actor::operator(), &meeting, new).await?;
    if json {
        println!(
            "{}",
            json!({
                "id": separation.id,
                "first_id": separation.first_id,
                "second_id": separation.second_id,
                "no_details": separation.no_details,
                "no_shared_room": separation.no_shared_room,
                "created_at": timestamp(separation.created_at),
            })
        );
    } else {
        println!("separation {} recorded", separation.id);
    }
    Ok(())
}

pub async fn version(command: VersionCommand) -> anyhow::Result<()> {
    let VersionCommand::Save { database, meeting, label, json } = command;
    let (domain, _) = open_domain(&database).await?;
    existing_meeting(&domain, &meeting).await?;
    let version = plans::save(&domain, &Actor::operator(), &meeting, &label).await?;
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
    recipient: Option<String>,
) -> anyhow::Result<()> {
    use std::io::Write;
    let (domain, _) = open_domain(&database).await?;
    let found = existing_meeting(&domain, &meeting).await?;
    if let Some(recipient) = &recipient {
        if crate::domain::participant_of(domain.store.as_ref(), &found.id, recipient).await.is_err() {
            bail!("meeting {meeting} has no participant {recipient}");
        }
    }
    let exported =
        plans::export(&domain, &Actor::operator(), &found.id, version.as_deref(), format, recipient.as_deref()).await;
    let bytes = match (exported, &version) {
        (Ok((_, bytes)), _) => bytes,
        (Err(DomainError::NotFound(_)), Some(hash)) => bail!("meeting {meeting} has no version {hash}"),
        (Err(DomainError::NotFound(_)), None) => {
            bail!("meeting {meeting} has no saved version yet; save one with `kinplan version save`")
        }
        (Err(other), _) => return Err(other.into()),
    };
    std::io::stdout().write_all(&bytes)?;
    Ok(())
}

pub async fn verify(database: DatabaseArgs, meeting: String) -> anyhow::Result<()> {
    let (store, _) = open_database(&database).await?;
    let found =
        store.meeting_or_tombstone(&meeting).await?.with_context(|| format!("there is no meeting {meeting}"))?;
    match crate::plan::versions::verify_chain(store.as_ref(), &found).await? {
        Ok(report) => {
            let intact = report.checked - report.erased.len();
            if report.erased.is_empty() {
                println!("all {intact} version(s) of meeting {meeting} are intact");
                return Ok(());
            }
            let erased_meeting = if found.erased_at.is_some() { " (the meeting was erased)" } else { "" };
            println!(
                "the chain of meeting {meeting}{erased_meeting} holds: {intact} version(s) intact, {} erased",
                report.erased.len()
            );
            for (number, hash, at) in &report.erased {
                println!("version {number} ({hash}) was erased on {}", crate::time::timestamp(*at));
            }
            Ok(())
        }
        Err(broken) => bail!("{broken}"),
    }
}
