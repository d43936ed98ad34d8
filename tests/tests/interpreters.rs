//! The interpreter's rules through the real server: nothing opens before they say they have no
//! connection to the family; they read the plan and write nothing in it; their glossary is theirs
//! alone; they leave private time unless the family asks them to stay, then read the family's
//! notes in the room of whoever asked, and leave again within a second when asked to; the
//! facilitator records who needs an interpreter, and in which language.

use std::time::{Duration, Instant};

use kinplan_server::access::ParticipantKind::{Family, Interpreter};
use kinplan_server::access::StaffRole;
use kinplan_tests::api::{open_document, signed_in, MeetingFixture};
use kinplan_tests::{TestClient, TestServer};
use serde_json::json;

const NOTES: &str = "notes";

#[tokio::test]
async fn an_interpreter_reads_writes_nothing_in_the_plan_and_stays_in_private_time_only_when_asked() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let meeting = MeetingFixture::new(&server, "Interpreted").await;
    let (mum, mum_id) = meeting.join_as(&server, "Mum", Family).await;
    let (ana, ana_id) = meeting.join_as(&server, "Ana", Interpreter).await;
    let (other, other_id) = meeting.join_as(&server, "Omar", Interpreter).await;
    let declaration = meeting.path("/interpreter/declaration");

    // Nothing opens before the declaration, and a declaration of a connection is not taken.
    let refused = ana.document_token(&meeting.meeting_id, "plan").await.expect_error(403, "forbidden");
    assert!(refused["message"].as_str().unwrap().contains("no connection"), "{refused}");
    ana.post(&declaration, json!({ "no_connection": false })).await.expect_error(400, "bad_request");
    ana.post(&declaration, json!({})).await.expect_error(400, "bad_request");
    ana.post(&declaration, json!({ "no_connection": true, "why": 1 })).await.expect_error(400, "bad_request");
    mum.post(&declaration, json!({ "no_connection": true })).await.expect_error(403, "forbidden");
    meeting.facilitator.post(&declaration, json!({ "no_connection": true })).await.expect_error(403, "forbidden");
    ana.post(&declaration, json!({ "no_connection": true })).await.expect(204);
    ana.post(&declaration, json!({ "no_connection": true })).await.expect(204);
    other.post(&declaration, json!({ "no_connection": true })).await.expect(204);

    // She reads the plan and the comments, writes in neither, and keeps her own glossary.
    let plan = ana.document_token(&meeting.meeting_id, "plan").await.expect(200);
    assert_eq!(plan["role"], "viewer");
    assert_eq!(ana.document_token(&meeting.meeting_id, "comments").await.expect(200)["role"], "viewer");
    ana.document_token(&meeting.meeting_id, "family-time").await.expect_error(403, "forbidden");
    let glossary = ana.document_token(&meeting.meeting_id, "glossary").await.expect(200);
    let glossary_name = glossary["document"].as_str().unwrap().to_owned();
    assert_eq!(glossary_name, format!("meeting/{}/glossary/{ana_id}", meeting.meeting_id));
    assert_eq!(glossary["role"], "editor");
    mum.document_token(&meeting.meeting_id, "glossary").await.expect_error(403, "forbidden");
    meeting.facilitator.document_token(&meeting.meeting_id, "glossary").await.expect_error(403, "forbidden");
    let mut notes = open_document(&server, &ana, &meeting.meeting_id, "glossary").await;
    notes.add_paragraph(NOTES, "kafala: guardianship, not adoption").await.unwrap();
    notes.settle().await.unwrap();
    // Another interpreter's token, re-signed for Ana's glossary, is refused by the owner rule.
    let theirs = other.document_token(&meeting.meeting_id, "glossary").await.expect(200);
    assert!(theirs["document"].as_str().unwrap().ends_with(&other_id));
    let claims = server.tokens.verify(theirs["token"].as_str(), theirs["document"].as_str().unwrap()).unwrap();
    let forged =
        server.tokens.issue_for(&glossary_name, claims.role, Duration::from_secs(60), claims.sub, claims.grant);
    let mut into_anas = TestClient::connect(&server.sync_url(&glossary_name, Some(&forged))).await.unwrap();
    let closed = into_anas.wait_for_close().await.unwrap();
    assert_eq!(closed.code, 4403, "{closed:?}");
    assert!(closed.reason.contains("another interpreter"), "{closed:?}");

    // She never decides, and is not of the family side in the network list.
    let people = mum.get(&meeting.path("/participants")).await.expect(200);
    let ana_seen = people.as_array().unwrap().iter().find(|person| person["id"] == ana_id.as_str()).unwrap();
    assert_eq!(ana_seen["kind"], "interpreter");
    assert_eq!(ana_seen["in_family_time"], false);
    assert!(ana_seen["declared_no_connection"].is_null(), "the family is not shown staff's record");
    let staff_view = meeting.facilitator.get(&meeting.path("/participants")).await.expect(200);
    let ana_staff = staff_view.as_array().unwrap().iter().find(|person| person["id"] == ana_id.as_str()).unwrap();
    assert_eq!(ana_staff["declared_no_connection"], true);

    // Private time: she leaves with the professionals...
    let practitioner = meeting.add_practitioner(&server, "Sam", "sam@council.example", false).await;
    meeting.move_to("information").await;
    let mut reading = open_document(&server, &ana, &meeting.meeting_id, "plan").await;
    meeting.move_to("private-family-time").await;
    assert_eq!(reading.wait_for_close().await.unwrap().code, 4403, "her plan closes as private time begins");
    ana.document_token(&meeting.meeting_id, "plan").await.expect_error(403, "forbidden");
    ana.document_token(&meeting.meeting_id, "family-time").await.expect_error(403, "forbidden");

    // ...unless the family asks her to stay: then she reads their notes (never writes) in the
    // room of whoever asked.
    let ask = |who: &str| meeting.path(&format!("/participants/{who}/family-time"));
    mum.put(&ask(&mum_id), json!({ "asked": true })).await.expect_error(400, "bad_request");
    mum.put(&ask("nobody"), json!({ "asked": true })).await.expect_error(404, "not_found");
    mum.put(&ask(&ana_id), json!({ "asked": "yes" })).await.expect_error(400, "bad_request");
    other.put(&ask(&ana_id), json!({ "asked": true })).await.expect_error(403, "forbidden");
    practitioner.put(&ask(&ana_id), json!({ "asked": true })).await.expect_error(403, "forbidden");
    mum.put(&ask(&ana_id), json!({ "asked": true })).await.expect(204);
    let family = ana.document_token(&meeting.meeting_id, "family-time").await.expect(200);
    assert_eq!(family["role"], "viewer", "she reads, never writes, the family's notes");
    assert_eq!(
        family["document"],
        mum.document_token(&meeting.meeting_id, "family-time").await.expect(200)["document"]
    );
    assert_eq!(ana.document_token(&meeting.meeting_id, "plan").await.expect(200)["role"], "viewer");
    let people = mum.get(&meeting.path("/participants")).await.expect(200);
    let ana_seen = people.as_array().unwrap().iter().find(|person| person["id"] == ana_id.as_str()).unwrap();
    assert_eq!(ana_seen["in_family_time"], true, "the family sees she was asked in");
    let mut mum_notes = open_document(&server, &mum, &meeting.meeting_id, "family-time").await;
    mum_notes.add_paragraph(NOTES, "We want Kai at Gran's on Fridays.").await.unwrap();
    mum_notes.settle().await.unwrap();
    let mut ana_notes = open_document(&server, &ana, &meeting.meeting_id, "family-time").await;
    ana_notes.wait_until(|client| client.section_text(NOTES).contains("Fridays")).await.unwrap();
    let mut ana_plan = open_document(&server, &ana, &meeting.meeting_id, "plan").await;

    // Asked to leave: her connections close within a second, and nothing of theirs opens again.
    let started = Instant::now();
    mum.put(&ask(&ana_id), json!({ "asked": false })).await.expect(204);
    for client in [&mut ana_notes, &mut ana_plan] {
        let closed = client.wait_for_close().await.unwrap();
        assert_eq!(closed.code, kinplan_server::close::CLOSE_ACCESS_CHANGED, "{closed:?}");
    }
    assert!(started.elapsed() < Duration::from_secs(1), "closed after {:?}", started.elapsed());
    ana.document_token(&meeting.meeting_id, "family-time").await.expect_error(403, "forbidden");
    ana.document_token(&meeting.meeting_id, "plan").await.expect_error(403, "forbidden");
    let audit = meeting.facilitator.get(&meeting.path("/audit")).await.expect(200).to_string();
    for action in [
        "interpreter_declared_no_connection",
        "interpreter_asked_into_family_time",
        "interpreter_asked_to_leave_family_time",
    ] {
        assert!(audit.contains(action), "{action} is audited");
    }
    assert!(!audit.contains("kafala"), "the glossary's words never reach the audit log");
}

#[tokio::test]
async fn the_facilitator_records_who_needs_an_interpreter() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let meeting = MeetingFixture::new(&server, "Needs").await;
    let added = meeting
        .facilitator
        .post(
            &meeting.path("/participants"),
            json!({ "display_name": "Gran", "kind": "family", "needs_interpreter": "Bengali" }),
        )
        .await
        .expect(201);
    let gran_id = added["id"].as_str().unwrap().to_owned();
    assert_eq!(added["needs_interpreter"], "Bengali");
    let (mum, mum_id) = meeting.join_as(&server, "Mum", Family).await;
    let (ana, _) = meeting.join_as(&server, "Ana", Interpreter).await;
    ana.post(&meeting.path("/interpreter/declaration"), json!({ "no_connection": true })).await.expect(204);
    let need = |who: &str| meeting.path(&format!("/participants/{who}/interpreter-need"));

    meeting.facilitator.put(&need(&mum_id), json!({ "language": "Arabic" })).await.expect(204);
    let seen_by = |people: &serde_json::Value, id: &str| {
        people.as_array().unwrap().iter().find(|person| person["id"] == id).unwrap()["needs_interpreter"].clone()
    };
    let staff = meeting.facilitator.get(&meeting.path("/participants")).await.expect(200);
    assert_eq!(seen_by(&staff, &mum_id), "Arabic");
    assert_eq!(seen_by(&staff, &gran_id), "Bengali");
    let interpreter = ana.get(&meeting.path("/participants")).await.expect(200);
    assert_eq!(seen_by(&interpreter, &gran_id), "Bengali", "the interpreter knows whom they interpret for");
    let family = mum.get(&meeting.path("/participants")).await.expect(200);
    assert_eq!(seen_by(&family, &mum_id), "Arabic", "her own");
    assert!(seen_by(&family, &gran_id).is_null(), "not Gran's");

    // Bad input and the wrong people.
    mum.put(&need(&mum_id), json!({ "language": "Welsh" })).await.expect_error(403, "forbidden");
    let manager = signed_in(&server, "manager@council.example", StaffRole::Manager).await;
    manager.put(&need(&mum_id), json!({ "language": "Welsh" })).await.expect_error(403, "forbidden");
    meeting
        .facilitator
        .put(&need(&mum_id), json!({ "language": "x".repeat(121) }))
        .await
        .expect_error(400, "bad_request");
    meeting
        .facilitator
        .put(&need(&mum_id), json!({ "language": "Ara\u{7}bic" }))
        .await
        .expect_error(400, "bad_request");
    meeting.facilitator.put(&need(&mum_id), json!({ "lang": "Arabic" })).await.expect_error(400, "bad_request");
    meeting.facilitator.put(&need("nobody"), json!({ "language": "Arabic" })).await.expect_error(404, "not_found");
    let interpreter_id = interpreter.as_array().unwrap().iter().find(|person| person["kind"] == "interpreter").unwrap()
        ["id"]
        .as_str()
        .unwrap()
        .to_owned();
    meeting
        .facilitator
        .put(&need(&interpreter_id), json!({ "language": "Arabic" }))
        .await
        .expect_error(400, "bad_request");
    meeting.facilitator.put(&need(&mum_id), json!({ "language": "  " })).await.expect(204);
    let staff = meeting.facilitator.get(&meeting.path("/participants")).await.expect(200);
    assert_eq!(seen_by(&staff, &mum_id), "", "cleared");
    let audit = meeting.facilitator.get(&meeting.path("/audit")).await.expect(200).to_string();
    assert!(audit.contains("interpreter_need_recorded"));
}
