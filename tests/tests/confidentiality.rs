//! Nobody sees what they should not: reviews that reach into other meetings, private family
//! time, grants that end, staff accounts that are turned off, and guessing in bursts. Each test
//! speaks to the real server as the person trying it would.

use std::time::Duration;

use futures_util::StreamExt;
use kinplan_server::access::ParticipantKind::{Family, Interpreter};
use kinplan_server::access::StaffRole;
use kinplan_tests::api::{add_staff, open_document, read_events, signed_in, Api, MeetingFixture, PASSWORD};
use kinplan_tests::{TestClient, TestServer};
use serde_json::{json, Value};
use tokio::time::Instant;

/// A meeting taken through to a final plan: the family saved a version of its own during private
/// time (`private_hash`), and the plan agreed is `final_hash`.
struct FinalMeeting {
    meeting: MeetingFixture,
    private_hash: String,
    final_hash: String,
}

async fn final_meeting(server: &TestServer, title: &str) -> FinalMeeting {
    let meeting = MeetingFixture::new(server, title).await;
    let referrer = meeting.add_referrer(server, "Sam").await;
    let (mum, _) = meeting.join_as(server, "Mum", Family).await;
    meeting.move_to("information").await;
    meeting.move_to("private-family-time").await;
    let mut plan = open_document(server, &mum, &meeting.meeting_id, "plan").await;
    plan.add_paragraph("worries", "Only the family knows this draft.").await.unwrap();
    plan.settle().await.unwrap();
    let private = mum.post(&meeting.path("/versions"), json!({ "label": "Our private draft" })).await.expect(201);
    plan.add_paragraph("contingency", "Aunt Jo walks M on Mondays.").await.unwrap();
    plan.settle().await.unwrap();
    plan.close().await;
    meeting.move_to("agreement").await;
    let proposal = meeting.facilitator.post(&meeting.path("/proposal"), json!({})).await.expect(201);
    let final_hash = proposal["version_hash"].as_str().unwrap().to_owned();
    referrer
        .post(&meeting.path("/proposal/decisions"), json!({ "version_hash": final_hash, "decision": "agreed" }))
        .await
        .expect(200);
    meeting.facilitator.post(&meeting.path("/proposal/close"), json!({})).await.expect(200);
    FinalMeeting { meeting, private_hash: private["hash"].as_str().unwrap().to_owned(), final_hash }
}

fn review_of(meeting_id: &str) -> Value {
    json!({ "title": "Review", "kind": "review", "follows_meeting_id": meeting_id })
}

/// Hole 1: a review reaches only the final version of a meeting its facilitator may see, and
/// every read through it is audited under that meeting too.
#[tokio::test]
async fn a_review_reaches_only_the_final_plan_of_a_meeting_its_facilitator_may_see() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let earlier = final_meeting(&server, "Plan for M").await;
    let a_id = earlier.meeting.meeting_id.clone();

    // A facilitator with no part in A cannot follow it.
    let stranger = signed_in(&server, "stranger@council.example", StaffRole::Facilitator).await;
    stranger.post("/api/meetings", review_of(&a_id)).await.expect_error(404, "not_found");

    // Nor can anyone follow a meeting that has no final plan yet.
    let unfinished = MeetingFixture::new(&server, "Not agreed yet").await;
    unfinished.facilitator.post("/api/meetings", review_of(&unfinished.meeting_id)).await.expect_error(409, "conflict");

    // A's facilitator can; the review sees A's final version and nothing else of A.
    let review = earlier.meeting.facilitator.post("/api/meetings", review_of(&a_id)).await.expect(201);
    let review_id = review["id"].as_str().unwrap().to_owned();
    let facilitator = &earlier.meeting.facilitator;
    let path = |rest: &str| format!("/api/meetings/{review_id}{rest}");
    facilitator.get(&path(&format!("/versions/{}", earlier.private_hash))).await.expect_error(404, "not_found");
    facilitator
        .get(&path(&format!("/versions/{}/export?format=md", earlier.private_hash)))
        .await
        .expect_error(404, "not_found");
    facilitator
        .get(&path(&format!("/versions/diff?from={}&to={}", earlier.private_hash, earlier.final_hash)))
        .await
        .expect_error(404, "not_found");
    let shown = facilitator.get(&path(&format!("/versions/{}", earlier.final_hash))).await.expect(200);
    assert_eq!(shown["hash"], earlier.final_hash.as_str());

    // A's own audit log shows the read made through the review.
    let audit = facilitator.get(&format!("/api/meetings/{a_id}/audit")).await.expect(200);
    let through_review = audit.as_array().unwrap().iter().any(|event| {
        event["action"] == "version_read_through_review"
            && event["detail"]["review_meeting_id"] == review_id.as_str()
            && event["detail"]["hash"] == earlier.final_hash.as_str()
    });
    assert!(through_review, "the read is audited under A: {audit}");
}

/// Hole 2: while private time runs, what the family saves stays theirs: professionals hear that
/// a version was saved, never its label, and no review can reach it.
#[tokio::test]
async fn private_time_versions_and_their_labels_stay_with_the_family() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let meeting = MeetingFixture::new(&server, "Plan").await;
    let (mum, _) = meeting.join_as(&server, "Mum", Family).await;
    meeting.move_to("information").await;
    meeting.move_to("private-family-time").await;

    let facilitator_events = {
        let facilitator = Api { base: meeting.facilitator.base.clone(), http: meeting.facilitator.http.clone() };
        let path = meeting.path("/events");
        tokio::spawn(async move {
            read_events(&facilitator, &path, Duration::from_secs(5), |seen| seen.contains("event: version")).await
        })
    };
    let family_events = {
        let mum = Api { base: mum.base.clone(), http: mum.http.clone() };
        let path = meeting.path("/events");
        tokio::spawn(async move {
            read_events(&mum, &path, Duration::from_secs(5), |seen| seen.contains("event: version")).await
        })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut plan = open_document(&server, &mum, &meeting.meeting_id, "plan").await;
    plan.add_paragraph("worries", "Private words.").await.unwrap();
    plan.settle().await.unwrap();
    let saved = mum.post(&meeting.path("/versions"), json!({ "label": "Dad must not know" })).await.expect(201);

    let (seen, _) = facilitator_events.await.unwrap();
    assert!(seen.contains("event: version"), "professionals still hear that a version was saved: {seen}");
    assert!(!seen.contains("Dad must not know"), "no label reaches professionals in private time: {seen}");
    let (seen, _) = family_events.await.unwrap();
    assert!(seen.contains("Dad must not know"), "the family sees its own label: {seen}");

    // The hash is no key: a review cannot follow a meeting in private time.
    meeting.facilitator.post("/api/meetings", review_of(&meeting.meeting_id)).await.expect_error(409, "conflict");
    let hash = saved["hash"].as_str().unwrap();
    meeting.facilitator.get(&meeting.path(&format!("/versions/{hash}"))).await.expect_error(403, "forbidden");
}

/// Hole 3: nobody joins private time by adding a person or making a link, and whoever opens a
/// family document is shown to the family whatever their client says about itself.
#[tokio::test]
async fn nobody_joins_private_time_and_whoever_opens_a_family_document_is_shown() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let meeting = MeetingFixture::new(&server, "Plan").await;
    let (mum, _) = meeting.join_as(&server, "Mum", Family).await;
    let (interpreter, interpreter_id) = meeting.join_as(&server, "Ana (interpreter)", Interpreter).await;
    interpreter.post(&meeting.path("/interpreter/declaration"), json!({ "no_connection": true })).await.expect(204);
    let (late_participant, _) = meeting.invite("Uncle Bo", Family, false).await;
    meeting.move_to("information").await;
    meeting.move_to("private-family-time").await;

    meeting
        .facilitator
        .post(&meeting.path("/participants"), json!({ "display_name": "Me, as family", "kind": "family" }))
        .await
        .expect_error(403, "forbidden");
    meeting
        .facilitator
        .post(&meeting.path(&format!("/participants/{late_participant}/links")), json!({}))
        .await
        .expect_error(403, "forbidden");
    let audit = meeting.facilitator.get(&meeting.path("/audit")).await.expect(200);
    let refusals = audit.as_array().unwrap().iter().filter(|event| event["action"] == "private_time_refused").count();
    assert_eq!(refusals, 2, "both attempts are in the audit log: {audit}");

    // The interpreter, whom Mum asks to stay, sends no presence at all; the family still sees who
    // is in.
    let ask = meeting.path(&format!("/participants/{interpreter_id}/family-time"));
    mum.put(&ask, json!({ "asked": true })).await.expect(204);
    let family_space = open_document(&server, &interpreter, &meeting.meeting_id, "family-time").await;
    let open = mum.get(&meeting.path("/documents/open")).await.expect(200);
    let names: Vec<&str> = open.as_array().unwrap().iter().filter_map(|entry| entry["name"].as_str()).collect();
    assert!(names.contains(&"Ana (interpreter)"), "{open}");
    let entry = open.as_array().unwrap().iter().find(|entry| entry["name"] == "Ana (interpreter)").unwrap();
    assert_eq!(entry["kind"], "interpreter");
    assert_eq!(entry["document"], "family-time");

    // When they leave, they are no longer shown.
    family_space.close().await;
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let open = mum.get(&meeting.path("/documents/open")).await.expect(200);
        if open.as_array().unwrap().is_empty() {
            break;
        }
        assert!(Instant::now() < deadline, "still shown after leaving: {open}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits for a connection to close; gives its code and how long it took.
async fn closed_within(client: &mut TestClient, started: Instant) -> (u16, Duration) {
    let closed = client.wait_for_close().await.unwrap();
    (closed.code, started.elapsed())
}

async fn sql(server: &TestServer, statement: &str, values: &[&str]) {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&server.database_url).await.unwrap();
    let mut query = sqlx::query(statement);
    for value in values {
        query = query.bind(*value);
    }
    query.execute(&pool).await.unwrap();
    pool.close().await;
}

/// Hole 7: "leave and clear this device" and a link's expiry close that grant's connections and
/// event streams within a second and refuse its unexpired tokens.
#[tokio::test]
async fn ending_a_grant_closes_its_connections_and_refuses_its_tokens() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let meeting = MeetingFixture::new(&server, "Plan").await;

    // Leaving and clearing the device (a participant's sign-out).
    let (phone, _) = meeting.join_as(&server, "Gran", Family).await;
    let mut plan = open_document(&server, &phone, &meeting.meeting_id, "plan").await;
    let spare = phone.document_token(&meeting.meeting_id, "plan").await.expect(200);
    let events = {
        let phone = Api { base: phone.base.clone(), http: phone.http.clone() };
        let path = meeting.path("/events");
        tokio::spawn(async move { read_events(&phone, &path, Duration::from_secs(5), |_| false).await })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    let started = Instant::now();
    assert_eq!(phone.delete("/api/session").await.status, 204);
    let (code, took) = closed_within(&mut plan, started).await;
    assert_eq!(code, 4401);
    assert!(took < Duration::from_secs(1), "closed after {took:?}");
    let (_, ended) = events.await.unwrap();
    assert!(ended, "the event stream ends with the session");
    let url = server.sync_url(spare["document"].as_str().unwrap(), spare["token"].as_str());
    let mut late = TestClient::connect(&url).await.unwrap();
    assert_eq!(late.wait_for_close().await.unwrap().code, 4401, "a token of the ended session opens nothing");

    // A link that runs out while its holder is connected.
    let (participant_id, link) = meeting.invite("Cousin Lee", Family, false).await;
    let cousin = Api::new(&server);
    cousin.post("/api/join", json!({ "secret": kinplan_tests::api::link_secret(&link) })).await.expect(200);
    let mut plan = open_document(&server, &cousin, &meeting.meeting_id, "plan").await;
    let spare = cousin.document_token(&meeting.meeting_id, "plan").await.expect(200);
    let events = {
        let cousin = Api { base: cousin.base.clone(), http: cousin.http.clone() };
        let path = meeting.path("/events");
        tokio::spawn(async move { read_events(&cousin, &path, Duration::from_secs(6), |_| false).await })
    };
    let expires_at = kinplan_server::secrets::now_millis() + 1500;
    sql(
        &server,
        &format!("UPDATE join_links SET expires_at = {expires_at} WHERE participant_id = $1"),
        &[&participant_id],
    )
    .await;
    let expiry = Instant::now() + Duration::from_millis(1500);
    let closed = plan.wait_for_close().await.unwrap();
    assert_eq!(closed.code, 4401, "{closed:?}");
    assert!(Instant::now() < expiry + Duration::from_secs(1), "closed within a second of the link's expiry");
    let (_, ended) = events.await.unwrap();
    assert!(ended, "the event stream ends when the link expires");
    let url = server.sync_url(spare["document"].as_str().unwrap(), spare["token"].as_str());
    let mut late = TestClient::connect(&url).await.unwrap();
    assert_eq!(late.wait_for_close().await.unwrap().code, 4401);
}

/// Hole 8: a manager turns a staff account off and on, resets its password, and lists and ends
/// its sessions; turning it off shuts its connections at once. All of it audited.
#[tokio::test]
async fn a_manager_disables_and_enables_an_account_resets_its_password_and_ends_its_sessions() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let meeting = MeetingFixture::new(&server, "Plan").await;
    let manager = signed_in(&server, "boss@council.example", StaffRole::Manager).await;
    let worker = meeting.add_practitioner(&server, "Sam", "sw@council.example", false).await;
    let users = manager.get("/api/users").await.expect(200);
    let user_id = users.as_array().unwrap().iter().find(|user| user["email"] == "sw@council.example").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    worker.get("/api/users").await.expect_error(403, "forbidden");

    let mut comments = open_document(&server, &worker, &meeting.meeting_id, "comments").await;
    let spare = worker.document_token(&meeting.meeting_id, "comments").await.expect(200);
    let events = {
        let worker = Api { base: worker.base.clone(), http: worker.http.clone() };
        let path = meeting.path("/events");
        tokio::spawn(async move { read_events(&worker, &path, Duration::from_secs(5), |_| false).await })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    let started = Instant::now();
    manager.post(&format!("/api/users/{user_id}/disable"), json!({})).await.expect(200);
    let (code, took) = closed_within(&mut comments, started).await;
    assert_eq!(code, 4401);
    assert!(took < Duration::from_secs(1), "closed after {took:?}");
    assert!(events.await.unwrap().1, "the event stream ends");
    worker.get("/api/session").await.expect_error(401, "unauthenticated");
    let url = server.sync_url(spare["document"].as_str().unwrap(), spare["token"].as_str());
    let mut late = TestClient::connect(&url).await.unwrap();
    assert_eq!(late.wait_for_close().await.unwrap().code, 4401);
    let again = Api::new(&server);
    again
        .post("/api/session", json!({ "email": "sw@council.example", "password": PASSWORD }))
        .await
        .expect_error(401, "invalid_credentials");

    manager.post(&format!("/api/users/{user_id}/enable"), json!({})).await.expect(200);
    again.post("/api/session", json!({ "email": "sw@council.example", "password": PASSWORD })).await.expect(200);

    // Sessions are listed, and one can be ended.
    let sessions = manager.get(&format!("/api/users/{user_id}/sessions")).await.expect(200);
    let live: Vec<&Value> = sessions.as_array().unwrap().iter().filter(|session| session["live"] == true).collect();
    assert_eq!(live.len(), 1, "{sessions}");
    let session_id = live[0]["id"].as_str().unwrap();
    manager.delete(&format!("/api/users/{user_id}/sessions/{session_id}")).await.expect(204);
    again.get("/api/session").await.expect_error(401, "unauthenticated");

    // A reset password ends every session and replaces the old one.
    again.post("/api/session", json!({ "email": "sw@council.example", "password": PASSWORD })).await.expect(200);
    manager
        .post(&format!("/api/users/{user_id}/password"), json!({ "password": "a brand new passphrase" }))
        .await
        .expect(200);
    again.get("/api/session").await.expect_error(401, "unauthenticated");
    let fresh = Api::new(&server);
    fresh
        .post("/api/session", json!({ "email": "sw@council.example", "password": PASSWORD }))
        .await
        .expect_error(401, "invalid_credentials");
    fresh
        .post("/api/session", json!({ "email": "sw@council.example", "password": "a brand new passphrase" }))
        .await
        .expect(200);

    let audit = manager.get("/api/audit").await.expect(200);
    for action in ["user_disabled", "user_enabled", "session_revoked", "password_reset"] {
        assert!(audit.as_array().unwrap().iter().any(|event| event["action"] == action), "{action} is audited");
    }
}

/// Hole 8, from the command line: `kinplan user disable|enable|reset-password` reach a running
/// server's connections through the database.
#[tokio::test]
async fn the_command_line_disables_enables_and_resets_accounts() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let meeting = MeetingFixture::new(&server, "Plan").await;
    let worker = meeting.add_practitioner(&server, "Sam", "sw@council.example", false).await;
    let mut comments = open_document(&server, &worker, &meeting.meeting_id, "comments").await;
    let run = |args: &[&str], input: &str| {
        use std::io::Write;
        let mut child = std::process::Command::new(kinplan_tests::kinplan_binary())
            .args(args)
            .args(["--database", &server.database_url])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    };
    run(&["user", "disable", "--email", "sw@council.example"], "");
    assert_eq!(comments.wait_for_close().await.unwrap().code, 4401);
    worker.get("/api/session").await.expect_error(401, "unauthenticated");
    run(&["user", "enable", "--email", "sw@council.example"], "");
    run(&["user", "reset-password", "--email", "sw@council.example"], "another long passphrase\n");
    let fresh = Api::new(&server);
    fresh
        .post("/api/session", json!({ "email": "sw@council.example", "password": PASSWORD }))
        .await
        .expect_error(401, "invalid_credentials");
    fresh
        .post("/api/session", json!({ "email": "sw@council.example", "password": "another long passphrase" }))
        .await
        .expect(200);
}

/// Hole 5: a burst of guesses gets no more tries than the limit, and oversized input is refused
/// before any hashing.
#[tokio::test]
async fn a_burst_of_wrong_guesses_gets_no_more_tries_than_the_limit() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    add_staff(&server, "sam@council.example", "Sam", StaffRole::Facilitator).await;
    let attempts = (0..8).map(|_| {
        let api = Api::new(&server);
        async move {
            api.post("/api/session", json!({ "email": "sam@council.example", "password": "wrong guess" })).await.status
        }
    });
    let answers = futures_util::future::join_all(attempts).await;
    let refused = answers.iter().filter(|status| **status == 401).count();
    let limited = answers.iter().filter(|status| **status == 429).count();
    assert!(refused <= 5, "at most five guesses are checked: {answers:?}");
    assert_eq!(refused + limited, 8, "{answers:?}");

    let api = Api::new(&server);
    let long_email = format!("{}@council.example", "a".repeat(400));
    api.post("/api/session", json!({ "email": long_email, "password": "x" })).await.expect_error(400, "bad_request");
    api.post("/api/session", json!({ "email": "x@council.example", "password": "p".repeat(5000) }))
        .await
        .expect_error(400, "bad_request");

    // Access codes: a burst against one link gets no more tries than the link allows.
    let meeting = MeetingFixture::new(&server, "Plan").await;
    let (_, link) = meeting.invite("Mum", Family, true).await;
    let code = link["access_code"].as_str().unwrap();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let secret = kinplan_tests::api::link_secret(&link);
    let attempts = (0..8).map(|_| {
        let api = Api::new(&server);
        let secret = secret.clone();
        async move { api.post("/api/join", json!({ "secret": secret, "access_code": wrong })).await }
    });
    let answers = futures_util::future::join_all(attempts).await;
    assert!(answers.iter().all(|answer| answer.status == 401 || answer.status == 410), "{answers:?}");
    let audit = meeting.facilitator.get(&meeting.path("/audit")).await.expect(200);
    let checked = audit.as_array().unwrap().iter().filter(|event| event["action"] == "link_code_failed").count();
    assert!(checked <= 5, "at most five wrong codes are checked before the link locks: {checked}");
}

/// Hole 12: observers and the family see people's names and relationships; languages and access
/// needs are for staff.
#[tokio::test]
async fn the_network_list_shows_languages_and_access_needs_to_staff_only() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let meeting = MeetingFixture::new(&server, "Plan").await;
    meeting
        .facilitator
        .post(
            &meeting.path("/participants"),
            json!({ "display_name": "Dad", "kind": "family", "relationship": "father",
                    "language": "Polish", "access_needs": "Needs a hearing loop; lives at 4 Elm Road" }),
        )
        .await
        .expect(201);
    let (mum, _) = meeting.join_as(&server, "Mum", Family).await;
    let (observer, _) = meeting.join_as(&server, "Student", kinplan_server::access::ParticipantKind::Observer).await;
    for person in [&mum, &observer] {
        let people = person.get(&meeting.path("/participants")).await.expect(200);
        let dad = people.as_array().unwrap().iter().find(|p| p["display_name"] == "Dad").unwrap().clone();
        assert_eq!(dad["relationship"], "father");
        assert!(dad["language"].is_null(), "{dad}");
        assert!(dad["access_needs"].is_null(), "{dad}");
        assert!(!people.to_string().contains("Elm Road"), "{people}");
    }
    let people = meeting.facilitator.get(&meeting.path("/participants")).await.expect(200);
    let dad = people.as_array().unwrap().iter().find(|p| p["display_name"] == "Dad").unwrap().clone();
    assert_eq!(dad["language"], "Polish");
    assert!(dad["access_needs"].as_str().unwrap().contains("hearing loop"));
}

/// Hole 11: bidirectional control characters never reach an export, in any format.
#[tokio::test]
async fn exports_carry_no_bidirectional_controls() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let meeting = MeetingFixture::new(&server, "Plan for \u{202E}M\u{202C}").await;
    let (mum, _) = meeting.join_as(&server, "Mum\u{2067}", Family).await;
    let mut plan = open_document(&server, &mum, &meeting.meeting_id, "plan").await;
    plan.add_paragraph("worries", "Pay \u{202E}0001\u{202C} pounds \u{2066}now\u{2069}").await.unwrap();
    plan.settle().await.unwrap();
    let version = mum.post(&meeting.path("/versions"), json!({ "label": "v\u{202B}1" })).await.expect(201);
    let hash = version["hash"].as_str().unwrap();
    let bidi = |c: char| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    for format in ["md", "html", "json", "pdf"] {
        let response = mum
            .http
            .get(format!("{}{}", mum.base, meeting.path(&format!("/versions/{hash}/export?format={format}"))))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let bytes = response.bytes().await.unwrap();
        if format == "pdf" {
            // The PDF's text is in compressed streams: its glyphs' ToUnicode map (`<XXXX>`) and
            // its pages. Look inside every stream, and at the text its pages give back.
            let pdf = lopdf::Document::load_mem(&bytes).expect("the PDF parses");
            let mut inside = String::new();
            for object in pdf.objects.values() {
                if let Ok(stream) = object.as_stream() {
                    let content = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
                    inside.push_str(&String::from_utf8_lossy(&content));
                }
            }
            assert!(inside.contains("beginbfchar") || inside.contains("beginbfrange"), "the PDF maps glyphs to text");
            let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
            let text = pdf.extract_text(&pages).expect("the text extracts");
            assert!(text.contains("0001"), "the PDF keeps the words around them: {text}");
            for c in ['\u{202E}', '\u{202C}', '\u{2066}', '\u{2067}', '\u{2069}', '\u{202B}'] {
                let hex = format!("{:04X}", c as u32);
                let mapped =
                    inside.contains(&format!("<{hex}>")) || inside.contains(&format!("<{}>", hex.to_lowercase()));
                assert!(!text.contains(c) && !mapped, "{format} holds {c:?}");
            }
            continue;
        }
        let text = String::from_utf8(bytes.to_vec()).unwrap();
        assert!(!text.chars().any(bidi), "{format} export holds a bidi control: {text:?}");
        assert!(text.contains("0001"), "{format} keeps the words around it");
        if format == "json" {
            assert!(!text.contains("\\u202e") && !text.contains("\\u202E"), "{format}");
        }
    }
}

async fn raw_status(request: reqwest::RequestBuilder) -> (u16, reqwest::header::HeaderMap) {
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.headers().clone())
}

/// Hole 9: the web's edges: a strict policy on the app, no caching of the API or exports, HSTS and
/// a `__Host-` cookie behind https, cross-site writes refused, and no child's name in a coded
/// link's preview.
#[tokio::test]
async fn the_edges_of_the_web_hold() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    add_staff(&server, "sam@council.example", "Sam", StaffRole::Facilitator).await;
    let bare = reqwest::Client::new();

    let (_, headers) = raw_status(bare.get(server.http_url("/"))).await;
    let policy = headers.get("content-security-policy").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    assert!(policy.contains("default-src 'self'"), "{policy:?}");
    let scripts = policy.split(';').map(str::trim).find(|directive| directive.starts_with("script-src")).unwrap_or("");
    assert_eq!(scripts, "script-src 'self'", "no inline script: {policy:?}");
    assert!(policy.contains("frame-ancestors 'none'"), "{policy:?}");
    assert!(headers.get("strict-transport-security").is_none(), "no HSTS over plain http");
    let (_, headers) = raw_status(bare.get(server.http_url("/api/session"))).await;
    assert_eq!(headers.get("cache-control").map(|v| v.to_str().unwrap()), Some("no-store"));

    // The web app's files travel compressed; the API's answers never are (one may carry a secret
    // beside what the caller sent).
    let encoding = |headers: &reqwest::header::HeaderMap| {
        headers.get("content-encoding").map(|value| value.to_str().unwrap().to_owned())
    };
    let (_, headers) = raw_status(bare.get(server.http_url("/")).header("accept-encoding", "gzip")).await;
    assert_eq!(encoding(&headers).as_deref(), Some("gzip"), "the app's page");
    let (_, headers) = raw_status(bare.get(server.http_url("/meetings/x")).header("accept-encoding", "br")).await;
    assert_eq!(encoding(&headers).as_deref(), Some("br"), "the app's own routes");
    let (_, headers) =
        raw_status(bare.get(server.http_url("/api/languages")).header("accept-encoding", "gzip, br")).await;
    assert_eq!(encoding(&headers), None, "an API answer");
    let (_, headers) = raw_status(bare.get(server.http_url("/")).header("accept-encoding", "identity")).await;
    assert_eq!(encoding(&headers), None, "a browser that asks for none gets none");

    // Cross-site writes are refused; same-origin ones work.
    let sign_in = json!({ "email": "sam@council.example", "password": PASSWORD });
    let (status, _) = raw_status(bare.post(server.http_url("/api/session")).json(&sign_in)).await;
    assert_eq!(status, 403, "a write with neither Origin nor Sec-Fetch-Site");
    let (status, _) =
        raw_status(bare.post(server.http_url("/api/session")).header("origin", "https://evil.example").json(&sign_in))
            .await;
    assert_eq!(status, 403, "a write from another origin");
    let (status, _) =
        raw_status(bare.post(server.http_url("/api/session")).header("sec-fetch-site", "cross-site").json(&sign_in))
            .await;
    assert_eq!(status, 403, "a cross-site fetch");
    let (status, _) =
        raw_status(bare.post(server.http_url("/api/session")).header("sec-fetch-site", "same-origin").json(&sign_in))
            .await;
    assert_eq!(status, 200, "a same-origin fetch");
    let origin = format!("http://{}", server.address);
    let (status, _) =
        raw_status(bare.post(server.http_url("/api/session")).header("origin", &origin).json(&sign_in)).await;
    assert_eq!(status, 200, "a write from the app's own origin");

    // Exports are not cached.
    let meeting = MeetingFixture::new(&server, "Plan for Tia").await;
    let version = meeting.facilitator.post(&meeting.path("/versions"), json!({})).await.expect(201);
    let hash = version["hash"].as_str().unwrap();
    let export = meeting.facilitator.get(&meeting.path(&format!("/versions/{hash}/export?format=md"))).await;
    assert_eq!(export.headers.get("cache-control").map(|v| v.to_str().unwrap()), Some("no-store"));

    // A link with a code shows nothing of the meeting before the code is given.
    let (_, coded) = meeting.invite("Tia's gran", Family, true).await;
    let preview = Api::new(&server)
        .post("/api/join/preview", json!({ "secret": kinplan_tests::api::link_secret(&coded) }))
        .await
        .expect(200);
    assert_eq!(preview["needs_access_code"], true);
    assert!(!preview.to_string().contains("Tia"), "{preview}");
    let (_, plain) = meeting.invite("Tia's aunt", Family, false).await;
    let preview = Api::new(&server)
        .post("/api/join/preview", json!({ "secret": kinplan_tests::api::link_secret(&plain) }))
        .await
        .expect(200);
    assert_eq!(preview["meeting_title"], "Plan for Tia");

    // Behind https: HSTS and a __Host- cookie.
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start_with(directory.path(), |config| {
        config.public_url = Some("https://kinplan.council.example".into());
    })
    .await;
    add_staff(&server, "sam@council.example", "Sam", StaffRole::Facilitator).await;
    let answer = Api::new(&server).post("/api/session", sign_in.clone()).await;
    let cookie = answer.headers["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("__Host-kinplan_session="), "{cookie}");
    assert!(cookie.contains("Secure") && cookie.contains("Path=/"), "{cookie}");
    let (_, headers) = raw_status(bare.get(server.http_url("/"))).await;
    assert!(headers.get("strict-transport-security").is_some(), "HSTS behind https");
}

/// Hole 6: the client's address comes from X-Forwarded-For only through a trusted proxy, and
/// `/metrics` needs its token once a proxy is configured.
#[tokio::test]
async fn client_addresses_come_from_trusted_proxies_only() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let api = Api::new(&server);
    api.send_raw(
        api.http
            .post(server.http_url("/api/session"))
            .header("origin", &api.base)
            .header("x-forwarded-for", "203.0.113.7")
            .json(&json!({ "email": "nobody@council.example", "password": "x" })),
    )
    .await
    .expect_error(401, "invalid_credentials");
    let store = kinplan_server::store::open(&server.database_url).await.unwrap();
    let failed = store.audit_recent(10).await.unwrap();
    assert_eq!(failed[0].address.as_deref(), Some("127.0.0.1"), "no proxy is trusted by default");

    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start_with(directory.path(), |config| {
        config.trusted_proxies = vec!["127.0.0.0/8".parse().unwrap()];
    })
    .await;
    let api = Api::new(&server);
    for (header, value) in [("x-forwarded-for", "198.51.100.1, 203.0.113.7"), ("forwarded", "for=\"203.0.113.8\"")] {
        api.send_raw(
            api.http
                .post(server.http_url("/api/session"))
                .header("origin", &api.base)
                .header(header, value)
                .json(&json!({ "email": "nobody@council.example", "password": "x" })),
        )
        .await
        .expect_error(401, "invalid_credentials");
    }
    let store = kinplan_server::store::open(&server.database_url).await.unwrap();
    let addresses: Vec<Option<String>> = store.audit_recent(10).await.unwrap().into_iter().map(|e| e.address).collect();
    assert_eq!(addresses, vec![Some("203.0.113.8".to_owned()), Some("203.0.113.7".to_owned())]);
    let (status, _) = raw_status(reqwest::Client::new().get(server.http_url("/metrics"))).await;
    assert_eq!(status, 401, "behind a proxy, loopback is everyone: metrics need the token");
}

/// Hole 10: a message put into Redis by anyone but a node is ignored; the SQLite file is private
/// to its owner; a database address's password never shows in a message.
#[tokio::test]
async fn the_back_end_trusts_only_what_a_node_signed() {
    let directory = kinplan_tests::TestDirectory::new();
    let redis = kinplan_tests::RedisProcess::start(kinplan_tests::free_port()).await.unwrap();
    let redis_url = redis.url();
    let server = TestServer::start_with(directory.path(), |config| config.redis_url = Some(redis_url.clone())).await;
    let mut client = server.client("notes", kinplan_server::auth::DocumentRole::Editor).await;
    tokio::time::sleep(Duration::from_millis(300)).await;

    // A forged batch of updates, as the old unsigned format had it, and a forged awareness frame.
    let forged_update = {
        use yrs::{Text, Transact};
        let doc = yrs::Doc::new();
        let text = doc.get_or_insert_text("notes");
        let mut transaction = doc.transact_mut();
        text.insert(&mut transaction, 0, "INJECTED");
        transaction.encode_update_v1()
    };
    let node = b"forger";
    let mut updates = vec![1u8, node.len() as u8];
    updates.extend_from_slice(node);
    updates.extend_from_slice(&1i64.to_be_bytes());
    updates.extend_from_slice(&1u32.to_be_bytes());
    updates.extend_from_slice(&(forged_update.len() as u32).to_be_bytes());
    updates.extend_from_slice(&forged_update);
    let mut awareness = vec![2u8, node.len() as u8];
    awareness.extend_from_slice(node);
    let entry = kinplan_protocol::AwarenessEntry { client_id: 7, clock: 1, state: r#"{"user":{"name":"FORGED"}}"# };
    awareness
        .extend_from_slice(&kinplan_protocol::encode_awareness(&kinplan_protocol::encode_awareness_update([entry])));
    let redis_client = redis::Client::open(redis.url()).unwrap();
    let mut connection = redis_client.get_multiplexed_async_connection().await.unwrap();
    for payload in [&updates, &awareness] {
        let _: i64 = redis::cmd("PUBLISH")
            .arg("kinplan:doc:notes")
            .arg(payload.as_slice())
            .query_async(&mut connection)
            .await
            .unwrap();
    }
    client.listen_for(Duration::from_secs(1)).await.unwrap();
    assert!(!client.text("notes").contains("INJECTED"), "a forged update reached a client");
    assert!(!client.awareness.values().any(|state| state.contains("FORGED")), "a forged awareness reached a client");
    server.stop().await;

    if !kinplan_tests::uses_postgres() {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(directory.path().join("kinplan.db")).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the database file is the owner's alone: {mode:o}");
    }

    let output = std::process::Command::new(kinplan_tests::kinplan_binary())
        .args(["serve", "--listen", "127.0.0.1:0", "--database", "postgres://kinplan:hunter2secret@127.0.0.1:1/none"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let said = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(said.contains("127.0.0.1:1"), "the message still says which database: {said}");
    assert!(!said.contains("hunter2secret"), "the password is masked: {said}");
}

/// Hole 10: PostgreSQL is reached over TLS when the address asks for it (`sslmode=require`).
/// The PostgreSQL the README names serves TLS with its own certificate.
#[tokio::test]
async fn postgresql_is_reached_over_tls_when_the_address_asks_for_it() {
    let directory = kinplan_tests::TestDirectory::new();
    let url = format!("{}?sslmode=require", directory.postgres_url());
    let config = kinplan_server::ServeConfig::new("127.0.0.1:0".parse().unwrap(), url.clone());
    let built = kinplan_server::Application::build(config).await;
    assert!(built.is_ok(), "{:#}", built.err().unwrap());
    drop(built);
    use sqlx::Connection;
    let mut connection = sqlx::PgConnection::connect(&url).await.unwrap();
    let encrypted: bool = sqlx::query_scalar("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        .fetch_one(&mut connection)
        .await
        .unwrap();
    assert!(encrypted, "the connection is encrypted");
}

/// Holes 5 and 8 change the schema by forward migrations only: a database made by the version
/// before them (its first three migrations) opens, keeps its accounts and sessions, and works.
#[tokio::test]
async fn a_database_made_before_these_changes_opens_and_keeps_its_data() {
    let directory = kinplan_tests::TestDirectory::new();
    let database_url = kinplan_tests::database_url_in(directory.path());
    let backend = if kinplan_tests::uses_postgres() { "postgres" } else { "sqlite" };
    // The previous version's migrations, as it shipped them.
    let old = directory.path().join("old-migrations");
    std::fs::create_dir(&old).unwrap();
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../store/migrations").join(backend);
    for name in ["20261122000001_documents.sql", "20261122000002_meetings.sql", "20261122000003_versions.sql"] {
        std::fs::copy(source.join(name), old.join(name)).unwrap();
    }
    sqlx::any::install_default_drivers();
    {
        use sqlx::migrate::MigrateDatabase;
        if !sqlx::Any::database_exists(&database_url).await.unwrap() {
            sqlx::Any::create_database(&database_url).await.unwrap();
        }
        let pool = sqlx::AnyPool::connect(&database_url).await.unwrap();
        sqlx::migrate::Migrator::new(old.as_path()).await.unwrap().run(&pool).await.unwrap();
        let hash = kinplan_server::secrets::hash_password(PASSWORD);
        sqlx::query("INSERT INTO users (id, email, name, role, password_hash, created_at) VALUES ('u1', 'old@council.example', 'Old', 'facilitator', $1, 1)")
            .bind(hash)
            .execute(&pool)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO sessions (id, token_hash, user_id, expires_at, created_at) VALUES ('s1', 'h', 'u1', 1, 1)",
        )
        .execute(&pool)
        .await
        .unwrap();
        pool.close().await;
    }
    let server = TestServer::start(directory.path()).await;
    let store = kinplan_server::store::open(&server.database_url).await.unwrap();
    let user = store.user_by_email("old@council.example").await.unwrap().expect("the account is kept");
    assert_eq!(user.disabled_at, None);
    assert_eq!(store.sessions_of_user("u1").await.unwrap().len(), 1, "its sessions are kept");
    let api = Api::new(&server);
    api.post("/api/session", json!({ "email": "old@council.example", "password": PASSWORD })).await.expect(200);
    api.post("/api/meetings", json!({ "title": "After the upgrade" })).await.expect(201);
}

/// Hole 10: a Redis that asks for a password gets it from the URL (AUTH), and what a node
/// publishes there is signed.
#[tokio::test]
async fn redis_auth_comes_from_the_url_and_published_messages_are_signed() {
    let directory = kinplan_tests::TestDirectory::new();
    let port = kinplan_tests::free_port();
    let _redis = tokio::process::Command::new("redis-server")
        .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        .args(["--requirepass", "a redis secret"])
        .stdout(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let url = format!("redis://:a%20redis%20secret@127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(10);
    let client = redis::Client::open(url.as_str()).unwrap();
    let mut subscriber = loop {
        match client.get_async_pubsub().await {
            Ok(pubsub) => break pubsub,
            Err(_) if Instant::now() < deadline => tokio::time::sleep(Duration::from_millis(50)).await,
            Err(error) => panic!("redis did not start: {error}"),
        }
    };
    subscriber.psubscribe("kinplan:doc:*").await.unwrap();
    let server = TestServer::start_with(directory.path(), |config| config.redis_url = Some(url.clone())).await;
    let mut editor = server.client("notes", kinplan_server::auth::DocumentRole::Editor).await;
    editor.append_text("notes", "hello").await.unwrap();
    let mut messages = subscriber.on_message();
    let message = tokio::time::timeout(Duration::from_secs(5), messages.next())
        .await
        .expect("the node published through the password-protected Redis")
        .unwrap();
    assert_eq!(message.get_channel_name(), "kinplan:doc:notes");
    assert!(message.get_payload_bytes().len() > 32, "the message carries its signature");
}
