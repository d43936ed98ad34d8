//! Writes the yjs_update target's seeds made with yrs: plan-shaped documents (sections of rich
//! text, actions, meta), nested types, and updates that delete. Run from the workspace root:
//! `cargo run -p kinplan-fuzz --example make_seeds`.

use std::collections::HashMap;

use yrs::types::text::Text;
use yrs::types::xml::{XmlElementPrelim, XmlFragment, XmlTextPrelim};
use yrs::updates::decoder::Decode;
use yrs::{Any, Array, ArrayPrelim, Doc, Map, MapPrelim, ReadTxn, StateVector, Transact, WriteTxn};

fn write(name: &str, update: Vec<u8>) {
    let path = format!("fuzz/seeds/yjs_update/yrs-{name}");
    std::fs::write(&path, update).unwrap_or_else(|error| panic!("{path}: {error}"));
}

fn whole(doc: &Doc) -> Vec<u8> {
    doc.transact().encode_state_as_update_v1(&StateVector::default())
}

fn main() {
    // A plan: a section with a paragraph and a bullet list, an action, the meta map.
    let plan = Doc::with_client_id(7);
    {
        let mut txn = plan.transact_mut();
        let worries = txn.get_or_insert_xml_fragment("worries");
        let paragraph = worries.push_back(&mut txn, XmlElementPrelim::empty("paragraph"));
        let text = paragraph.push_back(&mut txn, XmlTextPrelim::new("Mum is worried about nights."));
        text.format(&mut txn, 0, 3, HashMap::from([("bold".into(), Any::Bool(true))]));
        let list = worries.push_back(&mut txn, XmlElementPrelim::empty("bulletList"));
        let item = list.push_back(&mut txn, XmlElementPrelim::empty("listItem"));
        let inner = item.push_back(&mut txn, XmlElementPrelim::empty("paragraph"));
        inner.push_back(&mut txn, XmlTextPrelim::new("Gran can help on Tuesdays"));
        let actions = txn.get_or_insert_array("actions");
        actions.push_back(
            &mut txn,
            MapPrelim::from([
                ("id", "a1"),
                ("what", "Walk to school"),
                ("who", "Gran"),
                ("by_when", "2026-09-01"),
                ("how_we_know", "School says so"),
                ("status", "on_track"),
            ]),
        );
        let meta = txn.get_or_insert_map("meta");
        meta.insert(&mut txn, "lead_family_member", "Gran");
        meta.insert(&mut txn, "review_date", "2026-12-01");
    }
    write("plan", whole(&plan));

    // The same plan after an edit that deletes a paragraph and an action: the update alone.
    let before = plan.transact().state_vector();
    {
        let mut txn = plan.transact_mut();
        let worries = txn.get_or_insert_xml_fragment("worries");
        worries.remove_range(&mut txn, 0, 1);
        let actions = txn.get_or_insert_array("actions");
        actions.remove_range(&mut txn, 0, 1);
    }
    write("plan-deletes", plan.transact().encode_state_as_update_v1(&before));
    write("plan-after-deletes", whole(&plan));

    // Arrays nested ten deep, with values of every kind at the bottom.
    let nested = Doc::with_client_id(8);
    {
        let mut txn = nested.transact_mut();
        let mut array = txn.get_or_insert_array("deep");
        for _ in 0..10 {
            array = array.push_back(&mut txn, ArrayPrelim::default());
        }
        array.push_back(&mut txn, Any::Null);
        array.push_back(&mut txn, 1.5);
        array.push_back(&mut txn, "text");
        array.push_back(&mut txn, vec![1u8, 2, 3]);
        array.push_back(&mut txn, MapPrelim::from([("key", Any::Bool(false))]));
    }
    write("nested", whole(&nested));

    // A text typed by two clients and partly deleted, with an embed.
    let text = Doc::with_client_id(9);
    let other = Doc::with_client_id(10);
    {
        let mut txn = text.transact_mut();
        let notes = txn.get_or_insert_text("notes");
        notes.insert(&mut txn, 0, "kinplan family plan ✓");
        notes.insert_embed(&mut txn, 3, Any::from("image"));
    }
    {
        let mut txn = other.transact_mut();
        let update = text.transact().encode_state_as_update_v1(&StateVector::default());
        txn.apply_update(yrs::Update::decode_v1(&update).unwrap()).unwrap();
        let notes = txn.get_or_insert_text("notes");
        notes.remove_range(&mut txn, 2, 5);
        notes.insert(&mut txn, 1, "ü");
    }
    write("text-two-clients", whole(&other));
}
