//! Versions of a plan on a hash chain: the canonical rendering, its SHA-256, saving a version,
//! checking a meeting's whole chain, and the difference between two versions.

use serde::Serialize;
use sha2::{Digest, Sha256};
use similar::{ChangeTag, TextDiff};
use utoipa::ToSchema;

use super::model::{Plan, PlanAction};
use super::read::{doc_from_state, read_plan};
use crate::secrets::{new_id, now_millis};
use crate::store::{Meeting, PlanVersion, ProposalStatus, Store, StoreError};

/// What the hash of a version covers, in this field order: everything that says what was agreed
/// and where it sits in the chain.
#[derive(Serialize)]
struct Rendering<'a> {
    schema: &'static str,
    meeting_id: &'a str,
    number: i64,
    previous_hash: Option<&'a str>,
    label: &'a str,
    author: &'a str,
    author_name: &'a str,
    /// Unix milliseconds: an integer renders one way only.
    created_at: i64,
    plan: &'a Plan,
}

/// The canonical rendering: deterministic JSON (fixed field order, no whitespace).
pub fn canonical_rendering(version: &PlanVersion, plan: &Plan) -> String {
    let rendering = Rendering {
        schema: kinplan_protocol::plan::SCHEMA,
        meeting_id: &version.meeting_id,
        number: version.number,
        previous_hash: version.previous_hash.as_deref(),
        label: &version.label,
        author: &version.author,
        author_name: &version.author_name,
        created_at: version.created_at,
        plan,
    };
    serde_json::to_string(&rendering).expect("a plan always serialises")
}

pub fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

#[derive(Debug, thiserror::Error)]
pub enum VersionError {
    #[error("the plan cannot be saved as it is: {}", .0.join("; "))]
    Invalid(Vec<String>),
    #[error("the plan's state could not be read: {0}")]
    BadState(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Who saves a version and what they call it.
pub struct NewVersion {
    pub label: String,
    pub author: String,
    pub author_name: String,
}

/// The meeting's next version of `state` (the plan document's encoded state), numbered and
/// hashed after the versions stored now; the caller stores it. The first version of a review
/// meeting links to the final version of the meeting it follows. Two people saving at once make
/// the same number, and the store refuses the second: it makes the next one again.
pub async fn next_version(
    store: &dyn Store,
    meeting: &Meeting,
    state: &[u8],
    new: &NewVersion,
) -> Result<PlanVersion, VersionError> {
    let label = new.label.trim();
    if label.chars().count() > 200 {
        return Err(VersionError::Invalid(vec!["a label must be at most 200 characters".into()]));
    }
    let doc = doc_from_state(state).map_err(|error| VersionError::BadState(error.to_string()))?;
    let (plan, problems) = read_plan(&doc);
    if !problems.is_empty() {
        return Err(VersionError::Invalid(problems));
    }
    let versions = store.versions(&meeting.id).await?;
    let (number, previous_hash) = match versions.last() {
        Some(last) => (last.number + 1, Some(last.hash.clone())),
        None => (1, chain_start(store, meeting).await?),
    };
    let mut version = PlanVersion {
        id: new_id(),
        meeting_id: meeting.id.clone(),
        number,
        label: if label.is_empty() { format!("Version {number}") } else { label.to_owned() },
        author: new.author.clone(),
        author_name: new.author_name.clone(),
        created_at: now_millis(),
        state: state.to_vec(),
        rendering: String::new(),
        hash: String::new(),
        previous_hash,
        erased_at: None,
    };
    version.rendering = canonical_rendering(&version, &plan);
    version.hash = sha256_hex(&version.rendering);
    Ok(version)
}

/// Where a meeting's chain starts: the final version of the meeting a review follows, if any.
async fn chain_start(store: &dyn Store, meeting: &Meeting) -> Result<Option<String>, StoreError> {
    let Some(earlier) = &meeting.follows_meeting_id else { return Ok(None) };
    final_version_hash(store, earlier).await
}

/// The hash of a meeting's final version, when its plan was agreed.
pub async fn final_version_hash(store: &dyn Store, meeting_id: &str) -> Result<Option<String>, StoreError> {
    let proposal = store.latest_proposal(meeting_id).await?;
    Ok(proposal.filter(|proposal| proposal.status == ProposalStatus::Final).map(|proposal| proposal.version_hash))
}

/// What `verify` found wrong, naming the first bad version.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("version {number} ({hash}) is not intact: {reason}")]
pub struct ChainBreak {
    pub number: i64,
    pub hash: String,
    pub reason: String,
}

/// What `verify` found: every version intact, some of them erased (only their hash and link
/// are left, and those still hold the chain together).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainReport {
    pub checked: usize,
    /// The erased versions: number, hash, when.
    pub erased: Vec<(i64, String, i64)>,
}

/// Recomputes every version's rendering from its stored state, its hash from its rendering, and
/// the links between them. An erased version has no content left to check: its hash is what
/// the next version links to, and its own link must still point at the version before it.
/// Gives what was checked, or the first version that is not intact.
pub async fn verify_chain(store: &dyn Store, meeting: &Meeting) -> Result<Result<ChainReport, ChainBreak>, StoreError> {
    let versions = store.versions(&meeting.id).await?;
    let mut expected_previous = chain_start(store, meeting).await?;
    let mut erased = Vec::new();
    for version in &versions {
        let broken =
            |reason: String| Ok(Err(ChainBreak { number: version.number, hash: version.hash.clone(), reason }));
        if version.previous_hash != expected_previous {
            return broken(format!(
                "it links to {:?} but the version before it is {:?}",
                version.previous_hash, expected_previous
            ));
        }
        if let Some(at) = version.erased_at {
            if !version.state.is_empty() || !version.rendering.is_empty() {
                return broken("it is marked erased but still holds content".into());
            }
            erased.push((version.number, version.hash.clone(), at));
            expected_previous = Some(version.hash.clone());
            continue;
        }
        let plan = match doc_from_state(&version.state) {
            Ok(doc) => read_plan(&doc).0,
            Err(error) => return broken(format!("its stored state cannot be read ({error})")),
        };
        if canonical_rendering(version, &plan) != version.rendering {
            return broken("its stored state does not give its stored rendering".into());
        }
        if sha256_hex(&version.rendering) != version.hash {
            return broken("its rendering does not give its hash".into());
        }
        expected_previous = Some(version.hash.clone());
    }
    Ok(Ok(ChainReport { checked: versions.len(), erased }))
}

/// The stored plan of a version.
pub fn plan_of(version: &PlanVersion) -> Result<Plan, VersionError> {
    let doc = doc_from_state(&version.state).map_err(|error| VersionError::BadState(error.to_string()))?;
    Ok(read_plan(&doc).0)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TextChange {
    /// `equal`, `insert` or `delete`.
    pub kind: &'static str,
    pub text: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SectionDiff {
    pub name: String,
    pub title: String,
    pub changed: bool,
    /// The section's text, word by word, as runs kept, inserted and deleted.
    pub changes: Vec<TextChange>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FieldChange {
    pub field: String,
    pub from: String,
    pub to: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ActionChange {
    pub id: String,
    pub what: String,
    pub fields: Vec<FieldChange>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlanDiff {
    pub sections: Vec<SectionDiff>,
    pub actions_added: Vec<PlanAction>,
    pub actions_removed: Vec<PlanAction>,
    pub actions_changed: Vec<ActionChange>,
    pub meta_changed: Vec<FieldChange>,
}

fn section_text(plan: &Plan, name: &str) -> String {
    plan.sections
        .iter()
        .find(|section| section.name == name)
        .map(|section| section.blocks.iter().map(|block| block.text.as_str()).collect::<Vec<_>>().join("\n"))
        .unwrap_or_default()
}

fn action_fields(action: &PlanAction) -> [(&'static str, String); 5] {
    [
        ("what", action.what.clone()),
        ("who", action.who.clone()),
        ("by_when", action.by_when.clone()),
        ("how_we_know", action.how_we_know.clone()),
        ("status", action.status.as_str().to_owned()),
    ]
}

/// The difference from `from` to `to`, section by section, action by action.
pub fn diff(from: &Plan, to: &Plan) -> PlanDiff {
    let sections = to
        .sections
        .iter()
        .map(|section| {
            let (old, new) = (section_text(from, &section.name), section_text(to, &section.name));
            let mut changes: Vec<TextChange> = Vec::new();
            for change in TextDiff::from_words(&old, &new).iter_all_changes() {
                let kind = match change.tag() {
                    ChangeTag::Equal => "equal",
                    ChangeTag::Insert => "insert",
                    ChangeTag::Delete => "delete",
                };
                match changes.last_mut() {
                    Some(last) if last.kind == kind => last.text.push_str(change.value()),
                    _ => changes.push(TextChange { kind, text: change.value().to_owned() }),
                }
            }
            SectionDiff { name: section.name.clone(), title: section.title.clone(), changed: old != new, changes }
        })
        .collect();
    let find = |plan: &Plan, id: &str| plan.actions.iter().find(|action| action.id == id).cloned();
    let actions_added = to.actions.iter().filter(|action| find(from, &action.id).is_none()).cloned().collect();
    let actions_removed = from.actions.iter().filter(|action| find(to, &action.id).is_none()).cloned().collect();
    let actions_changed = to
        .actions
        .iter()
        .filter_map(|action| {
            let before = find(from, &action.id)?;
            let fields: Vec<FieldChange> = action_fields(&before)
                .into_iter()
                .zip(action_fields(action))
                .filter(|((_, old), (_, new))| old != new)
                .map(|((field, old), (_, new))| FieldChange { field: field.to_owned(), from: old, to: new })
                .collect();
            (!fields.is_empty()).then(|| ActionChange { id: action.id.clone(), what: action.what.clone(), fields })
        })
        .collect();
    let mut meta_changed = Vec::new();
    for (field, old, new) in [
        ("lead_family_member", &from.meta.lead_family_member, &to.meta.lead_family_member),
        ("review_date", &from.meta.review_date, &to.meta.review_date),
    ] {
        if old != new {
            meta_changed.push(FieldChange { field: field.into(), from: old.clone(), to: new.clone() });
        }
    }
    PlanDiff { sections, actions_added, actions_removed, actions_changed, meta_changed }
}
