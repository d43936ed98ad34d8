//! The typed family plan the server reads out of a plan document, and what an export is made from.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A plan, read from its Yjs document and checked against schema v1 (`kinplan_protocol::plan`).
/// Its canonical JSON is deterministic: fields in a fixed order, sections in schema order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Plan {
    /// Every section of the schema, in order, even when empty.
    pub sections: Vec<Section>,
    pub actions: Vec<PlanAction>,
    pub meta: PlanMeta,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Section {
    /// The root name, such as `worries`.
    pub name: String,
    /// The heading people read, such as "What we are worried about".
    pub title: String,
    pub blocks: Vec<Block>,
}

/// One block of rich text: a paragraph, a heading or a list item, as plain text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Block {
    /// `paragraph`, `heading`, `listItem`, or another element name an editor used.
    pub kind: String,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    NotStarted,
    OnTrack,
    Done,
    NotOnTrack,
}

impl ActionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::NotStarted => "not_started",
            ActionStatus::OnTrack => "on_track",
            ActionStatus::Done => "done",
            ActionStatus::NotOnTrack => "not_on_track",
        }
    }

    /// In plain English, for exports.
    pub fn label(self) -> &'static str {
        match self {
            ActionStatus::NotStarted => "Not started",
            ActionStatus::OnTrack => "On track",
            ActionStatus::Done => "Done",
            ActionStatus::NotOnTrack => "Not on track",
        }
    }

    pub fn parse(text: &str) -> Option<ActionStatus> {
        [ActionStatus::NotStarted, ActionStatus::OnTrack, ActionStatus::Done, ActionStatus::NotOnTrack]
            .into_iter()
            .find(|status| status.as_str() == text)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PlanAction {
    pub id: String,
    pub what: String,
    /// A participant id or a plain name.
    pub who: String,
    /// An ISO date, `YYYY-MM-DD`, or empty.
    pub by_when: String,
    pub how_we_know: String,
    pub status: ActionStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
pub struct PlanMeta {
    pub lead_family_member: String,
    /// An ISO date, `YYYY-MM-DD`, or empty.
    pub review_date: String,
}

/// One saved version's place in its meeting's hash chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainLink {
    pub number: i64,
    pub hash: String,
    pub previous_hash: Option<String>,
    pub label: String,
    /// RFC 3339.
    pub created_at: String,
}

/// A decision recorded on a proposed version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DecisionView {
    pub name: String,
    /// Such as `family`, `practitioner`, `referrer`, `facilitator`.
    pub role: String,
    /// `agree`, `agree_with_comment`, `do_not_agree`; for the referrer `agreed`, `not_agreed`,
    /// `needs_resource_approval`.
    pub decision: String,
    pub comment: String,
    /// The hash of the version decided on.
    pub version_hash: String,
    /// RFC 3339.
    pub decided_at: String,
}

/// Everything an export shows: the plan of one version, where it sits in the chain, and the
/// decisions made on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportDocument {
    pub meeting_title: String,
    pub version: ChainLink,
    pub author: String,
    /// `draft`, `proposed`, `final`.
    pub status: String,
    pub plan: Plan,
    /// The whole chain of the meeting, oldest first, this version included.
    pub chain: Vec<ChainLink>,
    pub decisions: Vec<DecisionView>,
    /// Names for participant ids, so `who` reads as a name.
    pub participant_names: Vec<(String, String)>,
    /// Who this copy is for: the name of the family member it was made for, or none for the
    /// case record (staff).
    #[serde(default)]
    pub copy_for: Option<String>,
    /// The meeting's people, with the contact details this copy may show.
    #[serde(default)]
    pub network: Vec<NetworkEntry>,
    /// The coordinator's safety notes: in the case record only, never in a family's copy.
    #[serde(default)]
    pub safety_notes: Vec<SafetyNoteEntry>,
}

/// A person of the meeting as an export shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NetworkEntry {
    pub name: String,
    pub relationship: String,
    /// `family`, `friend`, `child`, `practitioner`, …
    pub kind: String,
    /// `(kind, value)`: `address`, `phone` or `email`, only those this copy may show.
    pub details: Vec<(String, String)>,
}

/// A safety note as the case record shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SafetyNoteEntry {
    /// The person it is about, or "The whole meeting".
    pub about: String,
    pub category: String,
    pub body: String,
    pub author: String,
    /// RFC 3339.
    pub written_at: String,
}
