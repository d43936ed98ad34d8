//! Reads a plan document (Yjs state, schema v1) into a typed [`Plan`], and says what in it does
//! not fit the schema.

use kinplan_protocol::plan::{ACTIONS, ACTION_STATUSES, META, META_LEAD_FAMILY_MEMBER, META_REVIEW_DATE, SECTIONS};
use kinplan_protocol::shape::DEFAULT_MAX_DEPTH;
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
    fragment_blocks_within(fragment, transaction, 1)
}

/// The blocks of a fragment at `depth`; nothing past the depth limit that updates are held to
/// (a document stored before that check may go deeper, and reading must not recurse without end).
fn fragment_blocks_within<T: ReadTxn>(fragment: &impl XmlFragment, transaction: &T, depth: u16) -> Vec<Block> {
    if depth > DEFAULT_MAX_DEPTH {
        return Vec::new();
    }
    let mut blocks = Vec::new();
    for child in fragment.children(transaction) {
        match child {
            XmlOut::Element(element) => {
                let tag = element.tag().to_string();
                if LIST_ELEMENTS.contains(&tag.as_str()) {
                    for item in element.children(transaction) {
                        let text = node_text(&item, transaction, depth + 2);
                        blocks.push(Block { kind: "listItem".into(), text });
                    }
                } else {
                    let text = node_text(&XmlOut::Element(element), transaction, depth + 1);
                    blocks.push(Block { kind: tag, text });
                }
            }
            XmlOut::Text(text) => blocks.push(Block { kind: "text".into(), text: xml_text(&text, transaction) }),
            XmlOut::Fragment(inner) => blocks.extend(fragment_blocks_within(&inner, transaction, depth + 1)),
        }
    }
    blocks
}

/// The plain text under a node at `depth`, its text runs joined; nested blocks are separated by a
/// newline. Nothing past the depth limit.
fn node_text<T: ReadTxn>(node: &XmlOut, transaction: &T, depth: u16) -> String {
    if depth > DEFAULT_MAX_DEPTH {
        return String::new();
    }
    match node {
        XmlOut::Text(text) => xml_text(text, transaction),
        XmlOut::Element(element) => {
            let parts: Vec<String> =
                element.children(transaction).map(|child| node_text(&child, transaction, depth + 1)).collect();
            let separator =
                if element.children(transaction).any(|child| matches!(child, XmlOut::Element(_))) { "\n" } else { "" };
            parts.join(separator)
        }
        XmlOut::Fragment(fragment) => {
            let parts = fragment.children(transaction).map(|child| node_text(&child, transaction, depth + 1));
            parts.collect::<Vec<_>>().join("\n")
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
pub(crate) fn out_text<T: ReadTxn>(value: &Out, transaction: &T) -> String {
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

#[cfg(test)]
mod depth_tests {
    use yrs::types::xml::{XmlElementPrelim, XmlFragment, XmlTextPrelim};
    use yrs::{Doc, Transact};

    use super::read_plan;

    #[test]
    fn a_plan_nested_past_the_limit_is_read_without_recursing_past_it() {
        // Built straight with yrs, as a document stored before updates were checked might be.
        let doc = Doc::new();
        let worries = doc.get_or_insert_xml_fragment("worries");
        {
            let mut transaction = doc.transact_mut();
            let mut element = worries.push_back(&mut transaction, XmlElementPrelim::empty("blockquote"));
            element.push_back(&mut transaction, XmlTextPrelim::new("top"));
            for _ in 0..5_000 {
                element = element.push_back(&mut transaction, XmlElementPrelim::empty("blockquote"));
            }
            element.push_back(&mut transaction, XmlTextPrelim::new("deep"));
        }
        // A small stack: reading must not need one frame per level.
        let read = std::thread::Builder::new()
            .stack_size(512 * 1024)
            .spawn(move || read_plan(&doc).0)
            .unwrap()
            .join()
            .expect("read without overflowing");
        let text = &read.sections[0].blocks[0].text;
        assert!(text.starts_with("top"), "{text:?}");
        assert!(!text.contains("deep"), "nothing past the limit is read");
    }
}
