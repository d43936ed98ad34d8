//! What the upgrade fixtures (`tests/fixtures/`) share between the program that makes them with
//! an older kinplan (`examples/make_upgrade_fixture.rs`) and the test that opens them with this
//! one (`tests/upgrade.rs`): where they live, how a document is written down as JSON, and how an
//! answer of the older server is found again in an answer of this one.

use std::path::{Path, PathBuf};

use kinplan_protocol::plan;
use serde_json::{json, Map, Value};
use yrs::types::ToJson;
use yrs::{Doc, GetString, Transact};

/// `tests/fixtures/` in the source tree.
pub fn fixtures_directory() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// A meeting document's content as JSON, by the plan schema's root names (`protocol/src/plan.rs`):
/// each rich-text root as its XML (`<paragraph>…</paragraph>`), each array or map as its JSON.
/// `kind` is the document's kind: `plan`, `comments` or `family-time`.
pub fn document_json(doc: &Doc, kind: &str) -> Value {
    let mut content = Map::new();
    let xml = |name: &str| {
        let fragment = doc.get_or_insert_xml_fragment(name);
        let transaction = doc.transact();
        Value::String(fragment.get_string(&transaction))
    };
    let array = |name: &str| {
        let shared = doc.get_or_insert_array(name);
        let transaction = doc.transact();
        serde_json::to_value(shared.to_json(&transaction)).expect("yrs values are JSON")
    };
    match kind {
        "plan" => {
            for (section, _title) in plan::SECTIONS {
                content.insert(section.to_owned(), xml(section));
            }
            content.insert(plan::ACTIONS.to_owned(), array(plan::ACTIONS));
            let meta = doc.get_or_insert_map(plan::META);
            let transaction = doc.transact();
            content.insert(
                plan::META.to_owned(),
                serde_json::to_value(meta.to_json(&transaction)).expect("yrs values are JSON"),
            );
        }
        "comments" => {
            content.insert(plan::COMMENTS.to_owned(), array(plan::COMMENTS));
        }
        "family-time" => {
            content.insert(plan::FAMILY_NOTES.to_owned(), xml(plan::FAMILY_NOTES));
        }
        other => panic!("no document kind {other}"),
    }
    Value::Object(content)
}

/// Checks that `actual` (this server's answer) holds everything `expected` (an older server's
/// answer) held: every key of an object with an equal value, every element of an array in the
/// same order, every scalar equal. Keys `actual` has and `expected` lacks are new fields, and
/// fine. Gives the path of the first difference.
pub fn find_included(expected: &Value, actual: &Value, path: &str) -> Result<(), String> {
    match (expected, actual) {
        (Value::Object(expected), Value::Object(actual)) => {
            for (key, value) in expected {
                let inner = format!("{path}.{key}");
                match actual.get(key) {
                    Some(found) => find_included(value, found, &inner)?,
                    None => return Err(format!("{inner} is missing (it was {value})")),
                }
            }
            Ok(())
        }
        (Value::Array(expected), Value::Array(actual)) => {
            if expected.len() != actual.len() {
                return Err(format!("{path} has {} entries, not {}: {}", actual.len(), expected.len(), json!(actual)));
            }
            for (index, (value, found)) in expected.iter().zip(actual).enumerate() {
                find_included(value, found, &format!("{path}[{index}]"))?;
            }
            Ok(())
        }
        _ if expected == actual => Ok(()),
        _ => Err(format!("{path} is {actual}, not {expected}")),
    }
}

/// Panics naming the first difference when `actual` does not hold all of `expected`.
#[track_caller]
pub fn assert_included(expected: &Value, actual: &Value, what: &str) {
    if let Err(difference) = find_included(expected, actual, what) {
        panic!("{what}: the current server's answer lost or changed what the older one gave: {difference}");
    }
}
