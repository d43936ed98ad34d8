//! The shape check against updates made by yrs, as editors make them.

use kinplan_protocol::shape::{DocumentShape, Schema, UpdateRefused, DEFAULT_MAX_DEPTH};
use yrs::types::xml::{Xml, XmlElementPrelim, XmlFragment, XmlTextPrelim};
use yrs::updates::decoder::Decode;
use yrs::{Array, ArrayPrelim, ArrayRef, Doc, GetString, Map, MapPrelim, ReadTxn, StateVector, Text, Transact, Update};

/// Runs `edit` on `doc` and gives the update it made.
fn edit(doc: &Doc, edit: impl FnOnce(&mut yrs::TransactionMut)) -> Vec<u8> {
    let before = doc.transact().state_vector();
    {
        let mut transaction = doc.transact_mut();
        edit(&mut transaction);
    }
    doc.transact().encode_diff_v1(&before)
}

fn whole(doc: &Doc) -> Vec<u8> {
    doc.transact().encode_state_as_update_v1(&StateVector::default())
}

#[test]
fn a_plan_written_as_the_editors_write_it_passes() {
    let doc = Doc::with_client_id(1);
    let mut shape = DocumentShape::new(Schema::Plan, DEFAULT_MAX_DEPTH);
    let worries = doc.get_or_insert_xml_fragment("worries");
    let update = edit(&doc, |transaction| {
        let list = worries.push_back(transaction, XmlElementPrelim::empty("bulletList"));
        let item = list.push_back(transaction, XmlElementPrelim::empty("listItem"));
        let paragraph = item.push_back(transaction, XmlElementPrelim::empty("paragraph"));
        let text = paragraph.push_back(transaction, XmlTextPrelim::new("Dad drinks"));
        text.format(transaction, 0, 3, [("bold".into(), yrs::Any::Map(Default::default()))].into_iter().collect());
        let heading = worries.push_back(transaction, XmlElementPrelim::empty("heading"));
        heading.insert_attribute(transaction, "level", "2");
    });
    shape.check(&update).unwrap();

    // Typing more into the same text: items whose place comes from their origin.
    let paragraph_text = {
        let transaction = doc.transact();
        let list = worries.get(&transaction, 0).unwrap().into_xml_element().unwrap();
        let item = list.get(&transaction, 0).unwrap().into_xml_element().unwrap();
        let paragraph = item.get(&transaction, 0).unwrap().into_xml_element().unwrap();
        paragraph.get(&transaction, 0).unwrap().into_xml_text().unwrap()
    };
    let update = edit(&doc, |transaction| paragraph_text.insert(transaction, 10, " at weekends"));
    shape.check(&update).unwrap();

    let actions = doc.get_or_insert_array("actions");
    let meta = doc.get_or_insert_map("meta");
    let update = edit(&doc, |transaction| {
        let action = actions.push_back(transaction, MapPrelim::default());
        action.insert(transaction, "id", "a1");
        action.insert(transaction, "what", "Nan collects T from school");
        meta.insert(transaction, "review_date", "2027-03-01");
    });
    shape.check(&update).unwrap();
    let action = actions.get(&doc.transact(), 0).unwrap().cast::<yrs::MapRef>().unwrap();
    let update = edit(&doc, |transaction| {
        action.insert(transaction, "status", "on_track");
        action.insert(transaction, "what", "Nan collects T on Mondays");
    });
    shape.check(&update).unwrap();
    let update = edit(&doc, |transaction| {
        actions.remove(transaction, 0);
    });
    shape.check(&update).unwrap();

    // A fresh index built from the stored state takes the next edit too.
    let mut reloaded = DocumentShape::new(Schema::Plan, DEFAULT_MAX_DEPTH);
    reloaded.record_stored(&whole(&doc));
    let update = edit(&doc, |transaction| paragraph_text.insert(transaction, 0, "- "));
    reloaded.check(&update).unwrap();
    assert!(paragraph_text.get_string(&doc.transact()).ends_with("drinks at weekends"));
}

/// Makes an update in a fresh document.
type Builder = dyn FnOnce(&Doc) -> Vec<u8>;

fn refused_in_plan(build: impl FnOnce(&Doc) -> Vec<u8>) -> UpdateRefused {
    let doc = Doc::with_client_id(7);
    let update = build(&doc);
    DocumentShape::new(Schema::Plan, DEFAULT_MAX_DEPTH).check(&update).unwrap_err()
}

#[test]
fn what_the_plan_has_no_place_for_is_refused() {
    let cases: Vec<(&str, Box<Builder>)> = vec![
        (
            "a root the plan does not have",
            Box::new(|doc: &Doc| {
                let other = doc.get_or_insert_map("secrets");
                edit(doc, |transaction| {
                    other.insert(transaction, "x", "y");
                })
            }),
        ),
        (
            "an element no editor writes",
            Box::new(|doc: &Doc| {
                let worries = doc.get_or_insert_xml_fragment("worries");
                edit(doc, |transaction| {
                    worries.push_back(transaction, XmlElementPrelim::empty("script"));
                })
            }),
        ),
        (
            "an attribute no editor writes",
            Box::new(|doc: &Doc| {
                let worries = doc.get_or_insert_xml_fragment("worries");
                edit(doc, |transaction| {
                    let paragraph = worries.push_back(transaction, XmlElementPrelim::empty("paragraph"));
                    paragraph.insert_attribute(transaction, "onclick", "x");
                })
            }),
        ),
        (
            "an action field that does not exist",
            Box::new(|doc: &Doc| {
                let actions = doc.get_or_insert_array("actions");
                edit(doc, |transaction| {
                    let action = actions.push_back(transaction, MapPrelim::default());
                    action.insert(transaction, "password", "x");
                })
            }),
        ),
        (
            "a list nested inside an action",
            Box::new(|doc: &Doc| {
                let actions = doc.get_or_insert_array("actions");
                edit(doc, |transaction| {
                    let action = actions.push_back(transaction, MapPrelim::default());
                    action.insert(transaction, "what", ArrayPrelim::default());
                })
            }),
        ),
        (
            "plain values in the actions list",
            Box::new(|doc: &Doc| {
                let actions = doc.get_or_insert_array("actions");
                edit(doc, |transaction| {
                    actions.push_back(transaction, "not an action");
                })
            }),
        ),
        (
            "a mark no editor writes",
            Box::new(|doc: &Doc| {
                let worries = doc.get_or_insert_xml_fragment("worries");
                edit(doc, |transaction| {
                    let text = worries.push_back(transaction, XmlTextPrelim::new("hi"));
                    text.format(transaction, 0, 2, [("blink".into(), yrs::Any::Bool(true))].into_iter().collect());
                })
            }),
        ),
    ];
    for (what, build) in cases {
        let refused = refused_in_plan(build);
        assert!(matches!(refused, UpdateRefused::Schema(_)), "{what}: {refused:?}");
    }
}

/// Nests arrays `levels` deep under the root array "a", one update per level when `one_by_one`.
fn nest(doc: &Doc, levels: usize, shape: &mut DocumentShape) -> Result<(), UpdateRefused> {
    let root = doc.get_or_insert_array("a");
    let mut current: ArrayRef = root;
    for _ in 0..levels {
        let mut next = None;
        let update = edit(doc, |transaction| {
            next = Some(current.push_back(transaction, ArrayPrelim::default()));
        });
        shape.check(&update)?;
        current = next.unwrap();
    }
    Ok(())
}

#[test]
fn nesting_past_the_limit_is_refused_level_by_level_and_at_once() {
    // One level an update: the 64th type would be at depth 65 (the root is depth 1).
    let doc = Doc::with_client_id(3);
    let mut shape = DocumentShape::new(Schema::Free, DEFAULT_MAX_DEPTH);
    assert_eq!(nest(&doc, 63, &mut shape), Ok(()));
    assert_eq!(nest_more(&doc, &mut shape), Err(UpdateRefused::TooDeep { limit: DEFAULT_MAX_DEPTH }));

    // All levels in one update, 30,000 deep, as the attack that overflowed the stack did.
    let attacker = Doc::with_client_id(4);
    let mut deep = DocumentShape::new(Schema::Free, DEFAULT_MAX_DEPTH);
    let root = attacker.get_or_insert_array("a");
    let update = edit(&attacker, |transaction| {
        let mut current = root.push_back(transaction, ArrayPrelim::default());
        for _ in 0..30_000 {
            current = current.push_back(transaction, ArrayPrelim::default());
        }
    });
    assert_eq!(deep.check(&update), Err(UpdateRefused::TooDeep { limit: DEFAULT_MAX_DEPTH }));
    // Nothing of a refused update is remembered.
    assert_eq!(deep.index_size(), (0, 0));
}

fn nest_more(doc: &Doc, shape: &mut DocumentShape) -> Result<(), UpdateRefused> {
    // Find the deepest array and add one more.
    let mut current = doc.get_or_insert_array("a");
    let transaction = doc.transact();
    while let Some(yrs::Out::YArray(inner)) = current.get(&transaction, 0) {
        current = inner;
    }
    drop(transaction);
    let update = edit(doc, |transaction| {
        current.push_back(transaction, ArrayPrelim::default());
    });
    shape.check(&update)
}

#[test]
fn an_update_that_builds_on_what_the_document_lacks_is_refused_as_missing() {
    let doc = Doc::with_client_id(5);
    let root = doc.get_or_insert_array("a");
    let mut inner = None;
    let _first = edit(&doc, |transaction| inner = Some(root.push_back(transaction, ArrayPrelim::default())));
    let second = edit(&doc, |transaction| {
        inner.unwrap().push_back(transaction, 1);
    });
    let mut shape = DocumentShape::new(Schema::Free, DEFAULT_MAX_DEPTH);
    assert_eq!(shape.check(&second), Err(UpdateRefused::MissingDependency));
}

#[test]
fn collected_clocks_in_an_update_do_not_hide_what_the_document_holds() {
    // The document holds arrays nested 7 deep (depths 2 to 8, client 6, clocks 0 to 6).
    let doc = Doc::with_client_id(6);
    let mut shape = DocumentShape::new(Schema::Free, 8);
    nest(&doc, 7, &mut shape).unwrap();
    let mut replay = DocumentShape::new(Schema::Free, 8);
    replay.record_stored(&whole(&doc));
    assert_eq!(nest_more(&doc, &mut replay), Err(UpdateRefused::TooDeep { limit: 8 }));

    // An update claims clocks 0 to 6 were collected, puts an array beside the deepest one (its
    // origin), and nests another inside that. yrs keeps the items it has and builds on them, so
    // the new array is at depth 8 and the one inside it at 9.
    let update = [1, 3, 6, 0, 0, 7, 0x87, 6, 6, 0, 0x07, 0, 6, 7, 0, 0];
    assert_eq!(shape.check(&update), Err(UpdateRefused::TooDeep { limit: 8 }));
    // yrs reads it as the check does.
    let decoded = Update::decode_v1(&update).unwrap();
    assert_eq!(decoded.state_vector().get(&yrs::block::ClientID::new(6)), 9);
}

#[test]
fn comments_and_family_time_have_their_own_schemas() {
    let doc = Doc::with_client_id(8);
    let comments = doc.get_or_insert_array("comments");
    let update = edit(&doc, |transaction| {
        let comment = comments.push_back(transaction, MapPrelim::default());
        comment.insert(transaction, "text", "Please add who drives");
    });
    DocumentShape::new(Schema::Comments, DEFAULT_MAX_DEPTH).check(&update).unwrap();
    assert!(DocumentShape::new(Schema::FamilyTime, DEFAULT_MAX_DEPTH).check(&update).is_err());

    let doc = Doc::with_client_id(9);
    let notes = doc.get_or_insert_xml_fragment("notes");
    let update = edit(&doc, |transaction| {
        let paragraph = notes.push_back(transaction, XmlElementPrelim::empty("paragraph"));
        paragraph.push_back(transaction, XmlTextPrelim::new("Just us"));
    });
    DocumentShape::new(Schema::FamilyTime, DEFAULT_MAX_DEPTH).check(&update).unwrap();

    assert_eq!(DocumentShape::schema_for("meeting/abc/plan"), Schema::Plan);
    assert_eq!(DocumentShape::schema_for("meeting/abc/comments"), Schema::Comments);
    assert_eq!(DocumentShape::schema_for("meeting/abc/family-time"), Schema::FamilyTime);
    assert_eq!(DocumentShape::schema_for("meeting/abc/family-time/room-1"), Schema::FamilyTime);
    assert_eq!(DocumentShape::schema_for("meeting/abc/glossary/p-1"), Schema::FamilyTime, "an interpreter's note");
    assert_eq!(DocumentShape::schema_for("family-plan"), Schema::Free);
}

#[test]
fn text_types_at_the_root_are_free_outside_meetings() {
    let doc = Doc::with_client_id(10);
    let text = doc.get_or_insert_text("t");
    let update = edit(&doc, |transaction| text.insert(transaction, 0, "héllo 👋"));
    let mut shape = DocumentShape::new(Schema::Free, DEFAULT_MAX_DEPTH);
    shape.check(&update).unwrap();
    let end = text.len(&doc.transact());
    let update = edit(&doc, |transaction| text.insert(transaction, end, "!"));
    shape.check(&update).unwrap();
}

/// Updates on which yrs panics, loops for ever, or corrupts its lengths once it has applied them,
/// found by fuzzing and kept by the fuzz crate: every one is refused before yrs sees it.
#[test]
fn updates_yrs_fails_on_are_refused() {
    let fuzz = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz");
    let mut checked = 0;
    for directory in ["regressions/yjs_update", "yrs-hangs/yjs_update"] {
        for entry in std::fs::read_dir(fuzz.join(directory)).unwrap() {
            let path = entry.unwrap().path();
            let update = std::fs::read(&path).unwrap();
            for schema in [Schema::Free, Schema::Plan] {
                let refused = DocumentShape::new(schema, DEFAULT_MAX_DEPTH).check(&update);
                assert!(refused.is_err(), "{} was let through for {schema:?}", path.display());
            }
            checked += 1;
        }
    }
    assert!(checked >= 7, "the fixtures are there: {checked}");
}

#[test]
fn items_whose_references_go_round_in_a_circle_are_refused() {
    // Client 1 clock 0 has right origin (2, 0); client 2 clock 0 has right origin (1, 0); both
    // strings in root "t". Neither refers forward within its own client, but together they loop.
    let update = [
        2, // two clients
        1, 1, 0, 0x44, 2, 0, 1, b'a', // client 1: a string "a" with right origin (2, 0)
        1, 2, 0, 0x44, 1, 0, 1, b'b', // client 2: a string "b" with right origin (1, 0)
        0,
    ];
    let refused = DocumentShape::new(Schema::Free, DEFAULT_MAX_DEPTH).check(&update);
    assert!(matches!(refused, Err(UpdateRefused::Schema(ref reason)) if reason.contains("circle")), "{refused:?}");
}
