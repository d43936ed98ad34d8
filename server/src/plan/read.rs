//! Reads a plan document (Yjs state, schema v1) into a typed [`Plan`], and says what in it does
//! not fit the schema.

use kinplan_protocol::plan::{ACTIONS, ACTION_STATUSES, META, META_LEAD_FAMILY_MEMBER, META_REVIEW_DATE, SECTIONS};
use yrs::types::text::YChange;
use yrs::types::xml::{XmlFragment, XmlOut};
use yrs::types::Text;
use yrs::updates::decoder::Decode;
use yrs::{Any, Array, Doc, GetString, Map, Out, ReadTxn, Transact, Update};

use super::model::{ActionStatus, Block, Plan, PlanAction, PlanMeta, Section};

/// Element names that hold list items rather than text of their own.
const LIST_ELEMENTS: [&str; 3] = ["bulletList", "orderedList", "taskList"];

#[derive(Debug, thiserror::Error)]
#[error("the stored plan state could not be read: {0}")]
pub struct StateError(String);

/// Builds a document from encoded state (an update holding the whole document).
pub fn doc_from_state(state: &[u8]) -> Result<Doc, StateError> {
    let doc = Doc::new();
    let update = Update::decode_v1(state).map_err(|error| StateError(error.to_string()))?;
    doc.transact_mut().apply_update(update).map_err(|error| StateError(error.to_string()))?;
    Ok(doc)
}

/// The plan in `doc`, and the problems found (each a sentence naming where). A plan with
/// problems is still read as far as it goes, so nothing the family wrote is hidden.
pub fn read_plan(doc: &Doc) -> (Plan, Vec<String>) {
    let mut problems = Vec::new();
    let fragments: Vec<_> = SECTIONS.iter().map(|(name, _)| doc.get_or_insert_xml_fragment(*name)).collect();
    let actions = doc.get_or_insert_array(ACTIONS);
    let meta = doc.get_or_insert_map(META);
    let transaction = doc.transact();

    let sections = SECTIONS
        .iter()
        .zip(&fragments)
        .map(|((name, title), fragment)| Section {
            name: (*name).to_owned(),
            title: (*title).to_owned(),
            blocks: fragment_blocks(fragment, &transaction),
        })
        .collect();

    let mut plan_actions = Vec::new();
    for (index, value) in actions.iter(&transaction).enumerate() {
        let number = index + 1;
        let Out::YMap(map) = value else {
            problems.push(format!("action {number} is not a map of fields"));
            continue;
        };
        let field =
            |key: &str| map.get(&transaction, key).map(|value| out_text(&value, &transaction)).unwrap_or_default();
        let status_text = field("status");
        let status = if status_text.is_empty() {
            ActionStatus::NotStarted
        } else {
            ActionStatus::parse(&status_text).unwrap_or_else(|| {
                problems.push(format!(
                    "action {number} has status {status_text:?}; it must be one of {}",
                    ACTION_STATUSES.join(", ")
                ));
                ActionStatus::NotStarted
            })
        };
        let by_when = field("by_when");
        if !by_when.is_empty() && !is_iso_date(&by_when) {
            problems.push(format!("action {number} has the date {by_when:?}; write it as YYYY-MM-DD"));
        }
        let id = field("id");
        if id.is_empty() {
            problems.push(format!("action {number} has no id"));
        }
        plan_actions.push(PlanAction {
            id,
            what: field("what"),
            who: field("who"),
            by_when,
            how_we_know: field("how_we_know"),
            status,
        });
    }

    let meta_field =
        |key: &str| meta.get(&transaction, key).map(|value| out_text(&value, &transaction)).unwrap_or_default();
    let plan_meta =
        PlanMeta { lead_family_member: meta_field(META_LEAD_FAMILY_MEMBER), review_date: meta_field(META_REVIEW_DATE) };
    if !plan_meta.review_date.is_empty() && !is_iso_date(&plan_meta.review_date) {
        problems.push(format!("the review date {:?} must be written as YYYY-MM-DD", plan_meta.review_date));
    }
    (Plan { sections, actions: plan_actions, meta: plan_meta }, problems)
}

fn fragment_blocks<T: ReadTxn>(fragment: &impl XmlFragment, transaction: &T) -> Vec<Block> {
    let mut blocks = Vec::new();
    for child in fragment.children(transaction) {
        match child {
            XmlOut::Element(element) => {
                let tag = element.tag().to_string();
                if LIST_ELEMENTS.contains(&tag.as_str()) {
                    for item in element.children(transaction) {
                        blocks.push(Block { kind: "listItem".into(), text: node_text(&item, transaction) });
                    }
                } else {
                    blocks.push(Block { kind: tag, text: node_text(&XmlOut::Element(element), transaction) });
                }
            }
            XmlOut::Text(text) => blocks.push(Block { kind: "text".into(), text: xml_text(&text, transaction) }),
            XmlOut::Fragment(inner) => blocks.extend(fragment_blocks(&inner, transaction)),
        }
    }
    blocks
}

/// The plain text under a node, its text runs joined; nested blocks are separated by a newline.
fn node_text<T: ReadTxn>(node: &XmlOut, transaction: &T) -> String {
    match node {
        XmlOut::Text(text) => xml_text(text, transaction),
        XmlOut::Element(element) => {
            let parts: Vec<String> =
                element.children(transaction).map(|child| node_text(&child, transaction)).collect();
            let separator =
                if element.children(transaction).any(|child| matches!(child, XmlOut::Element(_))) { "\n" } else { "" };
            parts.join(separator)
        }
        XmlOut::Fragment(fragment) => {
            fragment.children(transaction).map(|child| node_text(&child, transaction)).collect::<Vec<_>>().join("\n")
        }
    }
}

fn xml_text<T: ReadTxn>(text: &yrs::XmlTextRef, transaction: &T) -> String {
    text.diff(transaction, YChange::identity)
        .into_iter()
        .filter_map(|chunk| match chunk.insert {
            Out::Any(Any::String(text)) => Some(text.to_string()),
            _ => None,
        })
        .collect()
}

/// A field's value as text: a plain string (or number), or a collaborative `Y.Text`.
fn out_text<T: ReadTxn>(value: &Out, transaction: &T) -> String {
    match value {
        Out::Any(Any::String(text)) => text.to_string(),
        Out::Any(Any::Number(number)) => number.to_string(),
        Out::Any(Any::Bool(flag)) => flag.to_string(),
        Out::YText(text) => text.get_string(transaction),
        _ => String::new(),
    }
}

/// `YYYY-MM-DD`, a real date.
pub fn is_iso_date(text: &str) -> bool {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok() && text.len() == 10
}
