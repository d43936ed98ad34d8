//! Writes the content of one plan document over another inside the target's transaction: how an
//! earlier version is restored as a new edit that everyone connected receives.

use kinplan_protocol::plan::{ACTIONS, META, SECTIONS};
use yrs::types::xml::{XmlFragment, XmlIn, XmlOut};
use yrs::types::AsPrelim;
use yrs::{Array, Doc, Map, Transact, TransactionMut, WriteTxn};

/// Replaces every part of the plan schema in `target` (inside `transaction`) with the content of
/// the same part in `source`. Root types outside the schema are left alone.
pub fn replace_plan_content(_target: &Doc, transaction: &mut TransactionMut, source: &Doc) {
    let source_sections: Vec<_> = SECTIONS.iter().map(|(name, _)| source.get_or_insert_xml_fragment(*name)).collect();
    let source_actions = source.get_or_insert_array(ACTIONS);
    let source_meta = source.get_or_insert_map(META);
    let read = source.transact();

    for ((name, _), source_section) in SECTIONS.iter().zip(&source_sections) {
        let section = transaction.get_or_insert_xml_fragment(*name);
        let length = section.len(transaction);
        if length > 0 {
            section.remove_range(transaction, 0, length);
        }
        for (index, child) in source_section.children(&read).enumerate() {
            let copy: XmlIn = match child {
                XmlOut::Element(element) => element.as_prelim(&read).into(),
                XmlOut::Text(text) => text.as_prelim(&read).into(),
                XmlOut::Fragment(fragment) => fragment.as_prelim(&read).into(),
            };
            section.insert(transaction, index as u32, copy);
        }
    }

    let actions = transaction.get_or_insert_array(ACTIONS);
    let length = actions.len(transaction);
    if length > 0 {
        actions.remove_range(transaction, 0, length);
    }
    for (index, value) in source_actions.iter(&read).enumerate() {
        actions.insert(transaction, index as u32, value.as_prelim(&read));
    }

    let meta = transaction.get_or_insert_map(META);
    let stale: Vec<String> = meta.keys(transaction).map(str::to_owned).collect();
    for key in stale {
        if !source_meta.contains_key(&read, &key) {
            meta.remove(transaction, &key);
        }
    }
    for (key, value) in source_meta.iter(&read) {
        meta.insert(transaction, key, value.as_prelim(&read));
    }
}
