//! Consent and the privacy notice: the notice a manager sets for the council, each person's
//! agreement to take part and to how their information is shared (under the version they read),
//! and its withdrawal, which closes the person's link.

use serde_json::json;

use super::{check_text, participant_of, Actor, Domain, DomainError, Subject, Who};
use crate::access::{Action, MeetingRole};
use crate::i18n::{say_in, Lang};
use crate::secrets::{new_id, now_millis};
use crate::store::{Consent, Participant, PrivacyNotice};

const MIN_NOTICE: usize = 20;
const MAX_NOTICE: usize = 10_000;
const MAX_NAME: usize = 120;

/// The privacy notice people read now.
pub async fn current_notice(domain: &Domain) -> Result<PrivacyNotice, DomainError> {
    domain.store.privacy_notice().await?.ok_or(DomainError::NotFound("the privacy notice"))
}

/// Publishes a new version of the privacy notice (a manager, or the operator). People who
/// agreed under an earlier version keep their consent; those who agree from now on read this.
pub async fn publish_notice(domain: &Domain, actor: &Actor, body: &str) -> Result<PrivacyNotice, DomainError> {
    crate::retention::require_manager(actor, "change the privacy notice")?;
    let body = check_text("the notice", body, MAX_NOTICE, true)?;
    if body.chars().count() < MIN_NOTICE {
        return Err(DomainError::Invalid(format!("the notice must say at least {MIN_NOTICE} characters")));
    }
    let current = current_notice(domain).await?;
    let notice = PrivacyNotice {
        version: current.version + 1,
        body,
        published_by: actor.reference(),
        published_at: now_millis(),
    };
    let mut change = domain.store.begin_change().await?;
    change.publish_notice(&notice).await?;
    domain.commit(change, actor.audit(None, "privacy_notice_published", json!({ "version": notice.version }))).await?;
    Ok(notice)
}

/// Where a person stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConsentStatus {
    NotYet,
    Given(Consent),
    Withdrawn(Consent),
}

/// Where participant `participant_id` stands, from a meeting's consents (the newest counts).
pub fn status_of(consents: &[Consent], participant_id: &str) -> ConsentStatus {
    match consents.iter().rev().find(|consent| consent.participant_id == participant_id) {
        None => ConsentStatus::NotYet,
        Some(consent) if consent.withdrawn_at.is_some() => ConsentStatus::Withdrawn(consent.clone()),
        Some(consent) => ConsentStatus::Given(consent.clone()),
    }
}

/// The participant asking, in meeting `meeting_id`: consent is each person's own.
async fn asking_participant(domain: &Domain, actor: &Actor, meeting_id: &str) -> Result<Participant, DomainError> {
    let (meeting, role) = domain.meeting_as(actor, meeting_id, Action::ViewMeeting).await?;
    match (&actor.who, role) {
        (Who::Person(Subject::Participant { participant, .. }), MeetingRole::Participant(_)) => {
            participant_of(domain.store.as_ref(), &meeting.id, &participant.id).await
        }
        _ => Err(DomainError::Forbidden("consent is given by each person who joined by link, for themselves".into())),
    }
}

/// The asking participant's consent and the notice to read.
pub async fn own_consent(
    domain: &Domain,
    actor: &Actor,
    meeting_id: &str,
) -> Result<(ConsentStatus, PrivacyNotice), DomainError> {
    let participant = asking_participant(domain, actor, meeting_id).await?;
    let consents = domain.store.consents(&participant.meeting_id).await?;
    Ok((status_of(&consents, &participant.id), current_notice(domain).await?))
}

/// What a person agrees to.
#[derive(Debug, Clone)]
pub struct GivenConsent {
    /// The version of the notice they read: it must still be the current one.
    pub notice_version: i64,
    pub takes_part: bool,
    pub shares_information: bool,
    /// For a child or young person: the adult who supported them, if any.
    pub supported_by: Option<String>,
}

/// Records the asking participant's consent. It is asked once: given already, the record
/// standing is given back unchanged (`false`); recorded now, `true`.
pub async fn give_consent(
    domain: &Domain,
    actor: &Actor,
    meeting_id: &str,
    given: GivenConsent,
) -> Result<(Consent, bool), DomainError> {
    let participant = asking_participant(domain, actor, meeting_id).await?;
    let store = domain.store.as_ref();
    match status_of(&store.consents(&participant.meeting_id).await?, &participant.id) {
        ConsentStatus::Given(consent) => return Ok((consent, false)),
        ConsentStatus::Withdrawn(_) => {
            return Err(DomainError::Conflict(
                "you stopped taking part; ask your coordinator to invite you again".into(),
            ))
        }
        ConsentStatus::NotYet => {}
    }
    if !given.takes_part || !given.shares_information {
        return Err(DomainError::Invalid(
            "to take part, agree both to take part and to how your information is shared; if you do not want to, \
             close this page and tell your coordinator"
                .into(),
        ));
    }
    let notice = current_notice(domain).await?;
    if given.notice_version != notice.version {
        return Err(DomainError::Conflict("the notice has changed since you opened it; read it again".into()));
    }
    let supported_by = check_text("who supported you", given.supported_by.as_deref().unwrap_or(""), MAX_NAME, false)?;
    let consent = Consent {
        id: new_id(),
        participant_id: participant.id.clone(),
        notice_version: notice.version,
        takes_part: true,
        shares_information: true,
        supported_by,
        given_at: now_millis(),
        withdrawn_at: None,
    };
    let mut change = store.begin_change().await?;
    change.record_consent(&consent).await?;
    let detail = json!({
        "participant_id": participant.id,
        "notice_version": notice.version,
        "supported": !consent.supported_by.is_empty(),
    });
    domain.commit(change, actor.audit(Some(&participant.meeting_id), "consent_given", detail)).await?;
    Ok((consent, true))
}

/// Withdraws the asking participant's consent: the record stays, marked withdrawn, and their
/// links are revoked, so their connections close within a second and the link opens nothing.
pub async fn withdraw_consent(domain: &Domain, actor: &Actor, meeting_id: &str) -> Result<Consent, DomainError> {
    let participant = asking_participant(domain, actor, meeting_id).await?;
    let store = domain.store.as_ref();
    let ConsentStatus::Given(mut consent) = status_of(&store.consents(&participant.meeting_id).await?, &participant.id)
    else {
        return Err(DomainError::Conflict("there is no consent of yours to withdraw".into()));
    };
    let now = now_millis();
    let mut change = store.begin_change().await?;
    change.withdraw_consent(&participant.id, now).await?;
    let revoked = change.revoke_participant_links(&participant.meeting_id, &participant.id, now).await?;
    let detail = json!({ "participant_id": participant.id, "link_ids": revoked });
    domain.commit(change, actor.audit(Some(&participant.meeting_id), "consent_withdrawn", detail)).await?;
    consent.withdrawn_at = Some(now);
    Ok(consent)
}

/// The words of `notice` in `lang`: kinplan's own notices (the first, and the second naming the
/// data map) in every language kinplan has, but only where the stored English is exactly the text
/// kinplan knows (so no translation of other words is ever shown); a notice the council
/// published, as it was written.
pub fn notice_text(notice: &PrivacyNotice, lang: Lang) -> String {
    let built_in = |lang: Lang| match notice.version {
        1 => Some(say_in(lang, "privacy-notice-built-in", &[])),
        2 => Some(format!(
            "{}\n{}",
            say_in(lang, "privacy-notice-built-in", &[]),
            say_in(lang, "privacy-notice-data-map", &[])
        )),
        _ => None,
    };
    if notice.published_by == BUILT_IN_PUBLISHER && built_in(Lang::ENGLISH).as_deref() == Some(notice.body.as_str()) {
        built_in(lang).unwrap_or_else(|| notice.body.clone())
    } else {
        notice.body.clone()
    }
}

/// Who the migrations that made kinplan's own notices name as their publisher.
const BUILT_IN_PUBLISHER: &str = "kinplan";
