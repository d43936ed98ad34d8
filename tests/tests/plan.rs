//! The family plan end to end: versions on a hash chain, diff, restore, agreement to a final
//! plan, exports, a review that starts from the final version, and tamper evidence.

use std::process::Command;
use std::time::Duration;

use kinplan_server::access::ParticipantKind::Family;
use kinplan_tests::api::{open_document, Api, MeetingFixture};
use kinplan_tests::{kinplan_binary, TestClient, TestServer};
use serde_json::{json, Value};
use sha2_check::sha256_hex;

mod sha2_check {
    /// SHA-256 in hex, computed here independently of the server.
    pub fn sha256_hex(text: &str) -> String {
        hmac_sha256::Hash::hash(text.as_bytes()).iter().map(|byte| format!("{byte:02x}")).collect()
    }
}

/// A meeting in the agreement stage with a family member, a staff social worker who is the
/// referrer, and a plan with content.
struct Agreement {
    meeting: MeetingFixture,
    mum: Api,
    referrer: Api,
    mum_plan: TestClient,
}

async fn agreement(server: &TestServer) -> Agreement {
    let meeting = MeetingFixture::new(server, "Plan for M").await;
    let referrer = meeting.add_referrer(server, "Sam (social worker)").await;
    let (mum, _) = meeting.join_as(server, "Mum", Family).await;
    meeting.move_to("information").await;
    meeting.move_to("private-family-time").await;
    let mut mum_plan = open_document(server, &mum, &meeting.meeting_id, "plan").await;
    mum_plan.add_paragraph("worries", "M misses school on Mondays.").await.unwrap();
    mum_plan.add_paragraph("strengths", "Gran lives next door.").await.unwrap();
    mum_plan
        .add_action(&[
            ("id", "a1"),
            ("what", "Walk M to school"),
            ("who", "Gran"),
            ("by_when", "2026-12-01"),
            ("how_we_know", "Attendance letter"),
            ("status", "not_started"),
        ])
        .await
        .unwrap();
    mum_plan.set_meta("lead_family_member", "Mum").await.unwrap();
    mum_plan.set_meta("review_date", "2027-02-01").await.unwrap();
    mum_plan.settle().await.unwrap();
    meeting.move_to("agreement").await;
    // Editors are reconnected when what they may do changes; Mum may still edit.
    let mum_plan = open_document(server, &mum, &meeting.meeting_id, "plan").await;
    Agreement { meeting, mum, referrer, mum_plan }
}

#[tokio::test]
async fn versions_form_a_hash_chain_and_read_back_as_a_typed_plan() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let Agreement { meeting, mum, mut mum_plan, .. } = agreement(&server).await;

    let first = mum.post(&meeting.path("/versions"), json!({ "label": "First draft" })).await.expect(201);
    assert_eq!(first["number"], 1);
    assert_eq!(first["previous_hash"], Value::Null);
    mum_plan.set_action_field(0, "status", "on_track").await.unwrap();
    mum_plan.add_paragraph("contingency", "If Gran is ill, Aunt Jo walks M.").await.unwrap();
    mum_plan.settle().await.unwrap();
    let second = meeting.facilitator.post(&meeting.path("/versions"), json!({ "label": "" })).await.expect(201);
    assert_eq!(second["previous_hash"], first["hash"]);
    assert_eq!(second["label"], "Version 2");

    let version = mum.get(&meeting.path(&format!("/versions/{}", second["hash"].as_str().unwrap()))).await.expect(200);
    let sections = version["plan"]["sections"].as_array().unwrap();
    assert_eq!(sections.len(), 10);
    assert_eq!(sections[0]["name"], "worries");
    assert_eq!(sections[0]["blocks"][0], json!({ "kind": "paragraph", "text": "M misses school on Mondays." }));
    let action = &version["plan"]["actions"][0];
    assert_eq!(action["what"], "Walk M to school");
    assert_eq!(action["status"], "on_track");
    assert_eq!(version["plan"]["meta"]["review_date"], "2027-02-01");

    let listed = mum.get(&meeting.path("/versions")).await.expect(200);
    assert_eq!(listed.as_array().unwrap().len(), 2);

    // The diff names what changed, section by section and action by action.
    let diff = mum
        .get(&meeting.path(&format!(
            "/versions/diff?from={}&to={}",
            first["hash"].as_str().unwrap(),
            second["hash"].as_str().unwrap()
        )))
        .await
        .expect(200);
    let contingency = diff["sections"].as_array().unwrap().iter().find(|s| s["name"] == "contingency").unwrap();
    assert_eq!(contingency["changed"], true);
    assert!(contingency["changes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["kind"] == "insert" && c["text"].as_str().unwrap().contains("Aunt Jo")));
    let worries = diff["sections"].as_array().unwrap().iter().find(|s| s["name"] == "worries").unwrap();
    assert_eq!(worries["changed"], false);
    assert_eq!(
        diff["actions_changed"][0]["fields"],
        json!([{ "field": "status", "from": "not_started", "to": "on_track" }])
    );

    // A plan that does not fit the schema is refused with what to fix.
    mum_plan
        .add_action(&[("id", "a2"), ("what", "Something"), ("by_when", "next week"), ("status", "maybe")])
        .await
        .unwrap();
    mum_plan.settle().await.unwrap();
    let refused = mum.post(&meeting.path("/versions"), json!({})).await.expect_error(400, "bad_request");
    let message = refused["message"].as_str().unwrap();
    assert!(message.contains("action 2") && message.contains("YYYY-MM-DD") && message.contains("maybe"), "{message}");
}

#[tokio::test]
async fn restoring_a_version_is_a_new_edit_everyone_connected_sees() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let Agreement { meeting, mum, mut mum_plan, .. } = agreement(&server).await;
    let first = mum.post(&meeting.path("/versions"), json!({ "label": "Before" })).await.expect(201);
    mum_plan.add_paragraph("worries", "A line added later.").await.unwrap();
    mum_plan.set_meta("review_date", "2027-03-01").await.unwrap();
    mum_plan.settle().await.unwrap();
    let mut watcher = open_document(&server, &meeting.facilitator, &meeting.meeting_id, "plan").await;
    assert!(watcher.section_text("worries").contains("added later"));

    let restored =
        mum.post(&meeting.path(&format!("/versions/{}/restore", first["hash"].as_str().unwrap())), json!({})).await;
    assert_eq!(restored.status, 204, "{}", restored.body);
    watcher.wait_until(|c| !c.section_text("worries").contains("added later")).await.unwrap();
    assert!(watcher.section_text("worries").contains("misses school"));

    let after = mum.post(&meeting.path("/versions"), json!({ "label": "Restored" })).await.expect(201);
    let before_plan =
        mum.get(&meeting.path(&format!("/versions/{}", first["hash"].as_str().unwrap()))).await.expect(200);
    let after_plan =
        mum.get(&meeting.path(&format!("/versions/{}", after["hash"].as_str().unwrap()))).await.expect(200);
    assert_eq!(before_plan["plan"], after_plan["plan"]);
    // The facilitator only reads at this stage, so cannot restore.
    meeting
        .facilitator
        .post(&meeting.path(&format!("/versions/{}/restore", first["hash"].as_str().unwrap())), json!({}))
        .await
        .expect_error(403, "forbidden");
}

/// "Still to decide" names only the people expected to decide: those at the meeting (who opened
/// its documents), the referrer, and whoever the facilitator names; never the whole network.
#[tokio::test]
async fn still_to_decide_names_only_the_people_expected_to_decide() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let meeting = MeetingFixture::new(&server, "Who decides").await;
    // A practitioner who never opens the meeting.
    let _pat = meeting.add_practitioner(&server, "Pat (school)", "pat@school.example", false).await;
    let (aunt_id, _) = meeting.invite("Aunt Jo", Family, false).await;
    let (uncle_id, _) = meeting.invite("Uncle Al", Family, false).await;
    let (observer_id, _) =
        meeting.invite("Olu (observer)", kinplan_server::access::ParticipantKind::Observer, false).await;
    let Agreement { meeting, mum, .. } = {
        // The usual agreement, in this meeting: Mum opens the plan, Sam is the referrer.
        let referrer = meeting.add_referrer(&server, "Sam (social worker)").await;
        let (mum, _) = meeting.join_as(&server, "Mum", Family).await;
        meeting.move_to("information").await;
        meeting.move_to("agreement").await;
        let mum_plan = open_document(&server, &mum, &meeting.meeting_id, "plan").await;
        Agreement { meeting, mum, referrer, mum_plan }
    };
    let named = |who: &str| meeting.path(&format!("/participants/{who}/named-to-decide"));
    mum.put(&named(&aunt_id), json!({ "named": true })).await.expect_error(403, "forbidden");
    meeting.facilitator.put(&named(&observer_id), json!({ "named": true })).await.expect_error(400, "bad_request");
    meeting.facilitator.put(&named("nobody"), json!({ "named": true })).await.expect_error(404, "not_found");
    meeting.facilitator.put(&named(&aunt_id), json!({ "named": 1 })).await.expect_error(400, "bad_request");
    meeting.facilitator.put(&named(&aunt_id), json!({ "named": true })).await.expect(204);
    let people = meeting.facilitator.get(&meeting.path("/participants")).await.expect(200);
    let aunt = people.as_array().unwrap().iter().find(|person| person["id"] == aunt_id.as_str()).unwrap();
    assert_eq!(aunt["named_to_decide"], true);

    let proposal = meeting.facilitator.post(&meeting.path("/proposal"), json!({})).await.expect(201);
    let names = |field: &str| {
        let mut names: Vec<String> =
            proposal[field].as_array().unwrap().iter().map(|name| name.as_str().unwrap().to_owned()).collect();
        names.sort();
        names
    };
    assert_eq!(names("waiting_for"), ["Aunt Jo", "Mum", "Sam (social worker)"], "{proposal}");
    assert_eq!(names("not_expected"), ["Pat (school)", "Uncle Al"], "{proposal}");
    assert!(!proposal.to_string().contains(&uncle_id));
    let audit = meeting.facilitator.get(&meeting.path("/audit")).await.expect(200).to_string();
    assert!(audit.contains("named_to_decide"));
}

#[tokio::test]
async fn agreement_binds_decisions_to_the_exact_version_and_ends_in_a_final_plan() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let Agreement { meeting, mum, referrer, mut mum_plan } = agreement(&server).await;

    let proposal = meeting.facilitator.post(&meeting.path("/proposal"), json!({})).await.expect(201);
    let hash = proposal["version_hash"].as_str().unwrap().to_owned();
    assert_eq!(proposal["status"], "open");
    let mut waiting: Vec<String> =
        proposal["waiting_for"].as_array().unwrap().iter().map(|n| n.as_str().unwrap().to_owned()).collect();
    waiting.sort();
    assert_eq!(waiting, vec!["Mum".to_owned(), "Sam (social worker)".to_owned()]);

    // The plan is read-only for everyone while agreement is open, enforced by the server.
    let closed = mum_plan.wait_for_close().await.unwrap();
    assert_eq!(closed.code, 4000, "an editor is reconnected as a reader: {closed:?}");
    assert_eq!(mum.document_token(&meeting.meeting_id, "plan").await.expect(200)["role"], "viewer");
    let mut reader = open_document(&server, &mum, &meeting.meeting_id, "plan").await;
    reader.add_paragraph("worries", "sneaked in").await.unwrap();
    reader.wait_until(|c| !c.denials.is_empty()).await.unwrap();
    mum.post(&meeting.path(&format!("/versions/{hash}/restore")), json!({})).await.expect_error(409, "conflict");

    // Decisions are bound to the hash, and need reasons where reasons are due.
    mum.post(&meeting.path("/proposal/decisions"), json!({ "version_hash": "0".repeat(64), "decision": "agree" }))
        .await
        .expect_error(409, "conflict");
    mum.post(&meeting.path("/proposal/decisions"), json!({ "version_hash": hash, "decision": "do_not_agree" }))
        .await
        .expect_error(400, "bad_request");
    mum.post(&meeting.path("/proposal/decisions"), json!({ "version_hash": hash, "decision": "agreed" }))
        .await
        .expect_error(400, "bad_request");
    mum.post(&meeting.path("/proposal/decisions"), json!({ "version_hash": hash, "decision": "agree" }))
        .await
        .expect(200);
    meeting
        .facilitator
        .post(&meeting.path("/proposal/decisions"), json!({ "version_hash": hash, "decision": "agree" }))
        .await
        .expect_error(403, "forbidden");
    referrer
        .post(&meeting.path("/proposal/decisions"), json!({ "version_hash": hash, "decision": "not_agreed", "comment": "No plan for Mondays when Gran works." }))
        .await
        .expect(200);
    let refused =
        meeting.facilitator.post(&meeting.path("/proposal/close"), json!({})).await.expect_error(409, "conflict");
    assert!(refused["message"].as_str().unwrap().contains("not agreed"));

    // The family revises: withdrawing reopens editing and voids the decisions.
    meeting.facilitator.delete(&meeting.path("/proposal")).await.expect(200);
    let mut mum_plan = open_document(&server, &mum, &meeting.meeting_id, "plan").await;
    assert_eq!(mum.document_token(&meeting.meeting_id, "plan").await.expect(200)["role"], "editor");
    mum_plan.add_paragraph("contingency", "On Mondays when Gran works, Aunt Jo walks M.").await.unwrap();
    mum_plan.settle().await.unwrap();

    let proposal = meeting.facilitator.post(&meeting.path("/proposal"), json!({})).await.expect(201);
    let final_hash = proposal["version_hash"].as_str().unwrap().to_owned();
    assert_ne!(final_hash, hash);
    assert_eq!(proposal["decisions"], json!([]), "decisions on the withdrawn proposal do not carry over");
    mum.post(
        &meeting.path("/proposal/decisions"),
        json!({ "version_hash": final_hash, "decision": "agree_with_comment", "comment": "Thank you all" }),
    )
    .await
    .expect(200);
    referrer
        .post(&meeting.path("/proposal/decisions"), json!({ "version_hash": final_hash, "decision": "agreed" }))
        .await
        .expect(200);
    let done = meeting.facilitator.post(&meeting.path("/proposal/close"), json!({})).await.expect(200);
    assert_eq!(done["status"], "final");
    assert_eq!(done["referrer_decision"], "agreed");
    let shown = mum.get(&meeting.path("")).await.expect(200);
    assert_eq!(shown["stage"], "closed");

    // Final means immutable.
    let mut late = open_document(&server, &mum, &meeting.meeting_id, "plan").await;
    late.add_paragraph("worries", "after the end").await.unwrap();
    late.wait_until(|c| !c.denials.is_empty()).await.unwrap();
    meeting.facilitator.post(&meeting.path("/proposal"), json!({})).await.expect_error(403, "forbidden");

    // Every export carries the hash, its place in the chain and the decisions.
    for format in ["md", "html", "json", "pdf"] {
        let response = mum
            .http
            .get(format!("{}{}", mum.base, meeting.path(&format!("/versions/{final_hash}/export?format={format}"))))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{format}");
        let disposition = response.headers()["content-disposition"].to_str().unwrap().to_owned();
        assert!(disposition.starts_with("attachment"), "{disposition}");
        let bytes = response.bytes().await.unwrap();
        if format == "pdf" {
            assert!(bytes.starts_with(b"%PDF-"), "a PDF");
            continue;
        }
        let text = String::from_utf8(bytes.to_vec()).unwrap();
        assert!(text.contains(&final_hash), "{format} export names the hash");
        assert!(text.contains("Thank you all"), "{format} export carries the decisions");
        assert!(text.contains("Aunt Jo"), "{format} export carries the plan");
    }
    let audit = meeting.facilitator.get(&meeting.path("/audit")).await.expect(200);
    let exports = audit.as_array().unwrap().iter().filter(|event| event["action"] == "export").count();
    assert_eq!(exports, 4, "every export is audited");

    // A review starts from the final version, links its chain to it, and can show what changed.
    let review = meeting
        .facilitator
        .post(
            "/api/meetings",
            json!({ "title": "Review for M", "kind": "review", "follows_meeting_id": meeting.meeting_id }),
        )
        .await
        .expect(201);
    let review_id = review["id"].as_str().unwrap();
    meeting
        .facilitator
        .post(&format!("/api/meetings/{review_id}/participants"), json!({ "display_name": "Mum", "kind": "family" }))
        .await
        .expect(201);
    let mut review_plan = open_document(&server, &meeting.facilitator, review_id, "plan").await;
    assert!(review_plan.section_text("contingency").contains("Aunt Jo"), "the review starts from the agreed plan");
    review_plan.set_action_field(0, "status", "done").await.unwrap();
    review_plan.settle().await.unwrap();
    let first_review_version =
        meeting.facilitator.post(&format!("/api/meetings/{review_id}/versions"), json!({})).await.expect(201);
    assert_eq!(first_review_version["previous_hash"], final_hash.as_str());
    let changes = meeting
        .facilitator
        .get(&format!(
            "/api/meetings/{review_id}/versions/diff?from={final_hash}&to={}",
            first_review_version["hash"].as_str().unwrap()
        ))
        .await
        .expect(200);
    assert_eq!(
        changes["actions_changed"][0]["fields"],
        json!([{ "field": "status", "from": "not_started", "to": "done" }])
    );
}

fn kinplan(args: &[&str]) -> (bool, Vec<u8>, String) {
    let output = Command::new(kinplan_binary()).args(args).output().unwrap();
    (output.status.success(), output.stdout, String::from_utf8_lossy(&output.stderr).into_owned())
}

#[tokio::test]
async fn the_command_line_saves_exports_and_verifies_and_names_a_tampered_version() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let Agreement { meeting, mut mum_plan, .. } = agreement(&server).await;
    let database = server.database_url.clone();
    let id = meeting.meeting_id.clone();

    let mut hashes = Vec::new();
    for step in 0..3 {
        mum_plan.add_paragraph("monitoring", &format!("Check-in number {step}.")).await.unwrap();
        mum_plan.settle().await.unwrap();
        let (ok, output, error) =
            kinplan(&["version", "save", "--database", &database, "--meeting", &id, "--label", "cli", "--json"]);
        assert!(ok, "{error}");
        let saved: Value = serde_json::from_slice(&output).unwrap();
        assert_eq!(saved["previous_hash"], hashes.last().map_or(Value::Null, |hash: &String| json!(hash)));
        hashes.push(saved["hash"].as_str().unwrap().to_owned());
    }

    // The hash is the SHA-256 of the stored rendering, computed independently here.
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&database).await.unwrap();
    let rendering: String = sqlx::query_scalar("SELECT rendering FROM plan_versions WHERE hash = $1")
        .bind(&hashes[1])
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(sha256_hex(&rendering), hashes[1]);
    assert!(rendering.contains(&hashes[0]), "the rendering names the previous hash");

    let (ok, output, error) = kinplan(&["export", "--database", &database, "--meeting", &id, "--format", "md"]);
    assert!(ok, "{error}");
    let markdown = String::from_utf8(output).unwrap();
    // Markdown escapes user text, so the hyphen is written `\-`.
    assert!(markdown.contains(&hashes[2]) && markdown.contains("in number 2"), "{markdown}");
    let (ok, output, _) =
        kinplan(&["export", "--database", &database, "--meeting", &id, "--format", "pdf", "--version", &hashes[0]]);
    assert!(ok && output.starts_with(b"%PDF-"));

    let (ok, output, error) = kinplan(&["verify", "--database", &database, "--meeting", &id]);
    assert!(ok, "{error}");
    assert!(String::from_utf8(output).unwrap().contains("all 3 version(s)"));

    // Change one stored byte of version 2's state: verify fails and names version 2.
    let mut state: Vec<u8> = sqlx::query_scalar("SELECT state FROM plan_versions WHERE hash = $1")
        .bind(&hashes[1])
        .fetch_one(&pool)
        .await
        .unwrap();
    let position = state.windows(5).position(|window| window == b"Check").expect("the text is in the state") + 1;
    state[position] = b'X';
    sqlx::query("UPDATE plan_versions SET state = $1 WHERE hash = $2")
        .bind(&state)
        .bind(&hashes[1])
        .execute(&pool)
        .await
        .unwrap();
    let (ok, _, error) = kinplan(&["verify", "--database", &database, "--meeting", &id]);
    assert!(!ok, "verify must fail");
    assert!(error.contains("version 2") && error.contains(&hashes[1]), "{error}");

    // Changing the rendering instead breaks the hash; changing a link breaks the chain.
    sqlx::query("UPDATE plan_versions SET state = (SELECT state FROM plan_versions WHERE hash = $1) WHERE hash = $2")
        .bind(&hashes[2])
        .bind(&hashes[1])
        .execute(&pool)
        .await
        .unwrap();
    let (ok, _, error) = kinplan(&["verify", "--database", &database, "--meeting", &id]);
    assert!(!ok && error.contains("version 2"), "{error}");
    tokio::time::sleep(Duration::from_millis(10)).await;
}

#[tokio::test]
async fn versions_proposals_and_decisions_are_pushed_on_the_events_stream() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let Agreement { meeting, mum, .. } = agreement(&server).await;
    let response = mum.http.get(format!("{}{}", mum.base, meeting.path("/events"))).send().await.unwrap();
    let mut stream = response.bytes_stream();
    meeting.facilitator.post(&meeting.path("/proposal"), json!({})).await.expect(201);
    let proposal = mum.get(&meeting.path("/proposal")).await.expect(200);
    mum.post(
        &meeting.path("/proposal/decisions"),
        json!({ "version_hash": proposal["version_hash"], "decision": "agree" }),
    )
    .await
    .expect(200);
    let mut seen = String::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    use futures_util::StreamExt;
    while !(seen.contains("event: version") && seen.contains("event: proposal") && seen.contains("event: decision")) {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        let chunk =
            tokio::time::timeout(left, stream.next()).await.unwrap_or_else(|_| panic!("events missing: {seen}"));
        seen.push_str(&String::from_utf8_lossy(&chunk.unwrap().unwrap()));
    }
    assert!(seen.contains(r#""decision":"agree""#), "{seen}");
}

/// The PDF a family downloads is tagged for a screen reader, with the plan's language and each
/// paragraph's own where its script says another.
#[tokio::test]
async fn the_exported_pdf_is_tagged_with_each_paragraphs_language() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let meeting = MeetingFixture::new(&server, "Plan for M").await;
    let (mum, _) = meeting.join_as(&server, "Mum", Family).await;
    let mut plan = open_document(&server, &mum, &meeting.meeting_id, "plan").await;
    plan.add_paragraph("worries", "M misses school on Mondays.").await.unwrap();
    plan.add_paragraph("worries", "ستأخذ الخالة سارة أميرة للمدرسة كل صباح.").await.unwrap();
    plan.settle().await.unwrap();
    let version = mum.post(&meeting.path("/versions"), json!({ "label": "Ours" })).await.expect(201);
    let hash = version["hash"].as_str().unwrap();
    let response = mum
        .http
        .get(format!("{}{}", mum.base, meeting.path(&format!("/versions/{hash}/export?format=pdf"))))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let pdf = lopdf::Document::load_mem(&response.bytes().await.unwrap()).expect("the PDF parses");
    let catalog = pdf.catalog().unwrap();
    assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"en-GB");
    let marked = catalog.get(b"MarkInfo").and_then(|info| info.as_dict()).and_then(|info| info.get(b"Marked"));
    assert!(marked.and_then(|marked| marked.as_bool()).unwrap(), "MarkInfo /Marked true");
    // Every structure element with its language: the Arabic paragraph is the only one in Arabic.
    let mut paragraphs = Vec::new();
    for object in pdf.objects.values() {
        let Ok(element) = object.as_dict() else { continue };
        if element.get(b"S").and_then(|tag| tag.as_name()).is_ok_and(|tag| tag == b"P") {
            paragraphs.push(element.get(b"Lang").and_then(|lang| lang.as_str()).ok().map(<[u8]>::to_vec));
        }
    }
    assert!(paragraphs.len() > 3, "{paragraphs:?}");
    assert_eq!(paragraphs.iter().filter(|lang| lang.as_deref() == Some(b"ar".as_slice())).count(), 1, "{paragraphs:?}");
    assert!(paragraphs.iter().all(|lang| lang.is_none() || lang.as_deref() == Some(b"ar".as_slice())));
}

/// A page learns whether what it wrote is saved: the state vector of what the server has stored
/// of the document the person opens, with the same access as a token for it.
#[tokio::test]
async fn a_page_learns_what_the_server_has_stored_of_its_edits() {
    use base64::Engine as _;
    use yrs::updates::decoder::Decode;
    use yrs::{ReadTxn, StateVector, Transact};
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let meeting = MeetingFixture::new(&server, "Saved").await;
    let (mum, _) = meeting.join_as(&server, "Mum", Family).await;
    meeting.move_to("information").await;
    let mut plan = open_document(&server, &mum, &meeting.meeting_id, "plan").await;
    plan.add_paragraph("worries", "Saved before it is said so.").await.unwrap();
    plan.settle().await.unwrap();
    let mine = plan.doc.client_id();
    let local = plan.doc.transact().state_vector().get(&mine);
    assert!(local > 0);
    let saved = mum.get(&meeting.path("/documents/plan/saved")).await.expect(200);
    assert!(saved["document"].as_str().unwrap().ends_with("/plan"));
    let bytes = base64::engine::general_purpose::STANDARD.decode(saved["state_vector"].as_str().unwrap()).unwrap();
    let stored = StateVector::decode_v1(&bytes).unwrap();
    assert_eq!(stored.get(&mine), local, "everything this client wrote is stored");

    // The same access as a token: not another meeting's, not a document one may not open.
    mum.get(&meeting.path("/documents/nonsense/saved")).await.expect_error(404, "not_found");
    meeting.facilitator.get(&meeting.path("/documents/family-time/saved")).await.expect_error(403, "forbidden");
    let other = MeetingFixture::new(&server, "Another").await;
    mum.get(&other.path("/documents/plan/saved")).await.expect_error(404, "not_found");
    Api::new(&server).get(&meeting.path("/documents/plan/saved")).await.expect_error(401, "unauthenticated");
}
