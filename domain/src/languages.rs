//! Which languages may be shown, and who is shown which: a manager turns an unreviewed language
//! on or off, a participant chooses their own pages' language (it stays with their link), and the
//! facilitator chooses the meeting's, which the shared screen shows.

use std::sync::RwLock;
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

use super::{Actor, Domain, DomainError, Who};
use crate::access::{Action, MeetingRole};
use crate::i18n::{self, arg, participant_language, text, Direction, Enabled, Lang};
use crate::identity::Subject;
use crate::secrets::now_millis;
use crate::store::{Meeting, Participant, StaffRole};

/// How long a node trusts what it last read of the languages turned on: another node's change is
/// seen within this.
const ENABLED_FOR: Duration = Duration::from_secs(5);

/// The languages turned on, as last read.
#[derive(Default)]
pub struct EnabledCache {
    read: RwLock<Option<(Instant, Enabled)>>,
}

/// A language as the app lists it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LanguageView {
    pub code: String,
    pub name: String,
    pub native_name: String,
    pub direction: Direction,
    /// Whether a qualified translator has reviewed its messages.
    pub reviewed: bool,
    /// Whether it may be shown: reviewed, or turned on by a manager.
    pub enabled: bool,
}

impl Domain {
    /// The languages that may be shown now.
    pub async fn enabled_languages(&self) -> Result<Enabled, DomainError> {
        if let Some((at, enabled)) = self.languages.read.read().expect("not poisoned").as_ref() {
            if at.elapsed() < ENABLED_FOR {
                return Ok(enabled.clone());
            }
        }
        let enabled = Enabled::new(self.store.enabled_languages().await?);
        *self.languages.read.write().expect("not poisoned") = Some((Instant::now(), enabled.clone()));
        Ok(enabled)
    }

    fn forget_enabled_languages(&self) {
        *self.languages.read.write().expect("not poisoned") = None;
    }

    /// The language `participant`'s pages and copies are in, in `meeting`.
    pub async fn language_of(&self, participant: &Participant, meeting: &Meeting) -> Result<Lang, DomainError> {
        let enabled = self.enabled_languages().await?;
        Ok(participant_language(&enabled, &participant.page_language, &participant.language, &meeting.language))
    }

    /// The meeting's language, if it may still be shown; English otherwise.
    pub async fn meeting_language(&self, meeting: &Meeting) -> Result<Lang, DomainError> {
        Ok(self.enabled_languages().await?.lang(&meeting.language).unwrap_or(Lang::ENGLISH))
    }

    /// The language a signed-in person's pages are in: staff pages are English.
    pub async fn language_of_subject(&self, subject: &Subject) -> Result<Lang, DomainError> {
        match subject {
            Subject::Staff(_) => Ok(Lang::ENGLISH),
            Subject::Participant { participant, .. } => {
                let Some(meeting) = self.store.meeting(&participant.meeting_id).await? else {
                    return Ok(Lang::ENGLISH);
                };
                self.language_of(participant, &meeting).await
            }
        }
    }
}

/// Every language kinplan has words in, and whether each may be shown.
pub async fn list(domain: &Domain) -> Result<Vec<LanguageView>, DomainError> {
    let enabled = domain.enabled_languages().await?;
    Ok(i18n::languages()
        .iter()
        .map(|language| LanguageView {
            code: language.code.clone(),
            name: language.name.clone(),
            native_name: language.native_name.clone(),
            direction: language.direction,
            reviewed: language.reviewed,
            enabled: Lang::from_code(&language.code).is_some_and(|lang| enabled.allows(lang)),
        })
        .collect())
}

/// The language `code` names, if it may be shown; otherwise why not, with the choices.
async fn shown_language(domain: &Domain, code: &str) -> Result<Lang, DomainError> {
    let enabled = domain.enabled_languages().await?;
    enabled.lang(code).ok_or_else(|| {
        let choices: Vec<&str> = i18n::languages()
            .iter()
            .filter_map(|language| Lang::from_code(&language.code))
            .filter(|lang| enabled.allows(*lang))
            .map(Lang::code)
            .collect();
        let asked: String = code.chars().take(40).collect();
        DomainError::Invalid(i18n::say(
            "error-language-unknown",
            &[("code", text(&asked)), ("choices", arg(choices.join(", ")))],
        ))
    })
}

/// Turns an unreviewed language on or off (a manager, or the operator). A reviewed language is
/// always shown.
pub async fn set_enabled(
    domain: &Domain,
    actor: &Actor,
    code: &str,
    enabled: bool,
) -> Result<LanguageView, DomainError> {
    if let Who::Person(subject) = &actor.who {
        if !matches!(subject, Subject::Staff(user) if user.role == StaffRole::Manager) {
            return Err(DomainError::Forbidden("only a manager can turn a language on or off".into()));
        }
    }
    let lang = Lang::from_code(code).ok_or(DomainError::NotFound("that language"))?;
    if lang.language().reviewed {
        return Err(DomainError::Conflict(format!(
            "{} has been reviewed by a qualified translator: it is always shown",
            lang.language().name
        )));
    }
    let mut change = domain.store.begin_change().await?;
    let at = now_millis();
    let by = actor.reference();
    change.set_language_enabled(lang.code(), enabled.then_some(by.as_str()), at).await?;
    let action = if enabled { "language_enabled" } else { "language_disabled" };
    domain.commit(change, actor.audit(None, action, json!({ "language": lang.code() }))).await?;
    domain.forget_enabled_languages();
    list(domain).await?.into_iter().find(|view| view.code == lang.code()).ok_or(DomainError::NotFound("that language"))
}

/// A participant chooses the language of their own pages and copies; it stays with their link.
pub async fn set_own_language(domain: &Domain, actor: &Actor, code: &str) -> Result<Lang, DomainError> {
    let Who::Person(Subject::Participant { participant, .. }) = &actor.who else {
        return Err(DomainError::Forbidden(i18n::say("error-language-staff", &[])));
    };
    let lang = shown_language(domain, code).await?;
    let mut change = domain.store.begin_change().await?;
    change.set_page_language(&participant.id, lang.code()).await?;
    let detail = json!({ "participant_id": participant.id, "from": participant.page_language, "to": lang.code() });
    domain.commit(change, actor.audit(Some(&participant.meeting_id), "page_language_set", detail)).await?;
    i18n::set_current(lang);
    Ok(lang)
}

/// The facilitator chooses the meeting's language: the shared screen's.
pub async fn set_meeting_language(
    domain: &Domain,
    actor: &Actor,
    meeting_id: &str,
    code: &str,
) -> Result<Meeting, DomainError> {
    // The facilitator's, until the meeting is closed, as moving its stages is.
    let (mut meeting, role) = domain.meeting_as(actor, meeting_id, Action::ViewMeeting).await?;
    let operator = matches!(actor.who, Who::Operator);
    if !operator && role != MeetingRole::Facilitator {
        return Err(DomainError::Forbidden("only the facilitator can choose the meeting's language".into()));
    }
    if meeting.stage == crate::access::Stage::Closed {
        return Err(DomainError::Conflict("the meeting is closed".into()));
    }
    let lang = shown_language(domain, code).await?;
    let mut change = domain.store.begin_change().await?;
    change.set_meeting_language(&meeting.id, lang.code()).await?;
    let detail = json!({ "from": meeting.language, "to": lang.code() });
    domain.commit(change, actor.audit(Some(&meeting.id), "meeting_language_set", detail)).await?;
    meeting.language = lang.code().to_owned();
    Ok(meeting)
}
