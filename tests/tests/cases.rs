//! Cases through the real server: a referral opens a case with its children and the people
//! with parental responsibility; its first meeting's plan starts from the referral's words; a
//! review joins the case of the meeting it follows; a meeting set up alone opens a case of its
//! own; the case is read by its staff only and changed by its facilitator alone; bad input says
//! what to give; erasing a case's last meeting erases the case.

use kinplan_server::access::ParticipantKind::Family;
use kinplan_server::access::StaffRole;
use kinplan_tests::api::{open_document, signed_in, MeetingFixture};
use kinplan_tests::{json_of, kinplan, TestServer};
use serde_json::{json, Value};

fn referral() -> Value {
    json!({
        "title": "T and J",
        "referrer": "Sam Okafor, social worker",
        "lead_practitioner": "Priya Shah",
        "reason": "Mum is in hospital from January.",
        "worries": "Who looks after T and J while Mum is in hospital\nT has missed school",
        "bottom_lines": "T and J are collected from school every day",
        "questions": "Who can take T and J to school?\nWhere will they sleep?",
        "received_on": "2026-11-30",
        "children": [
            { "name": "T", "date_of_birth": "2015-03-31", "case_system_id": "LCS-4411" },
            { "name": "J", "date_of_birth": "2018-07-02" }
        ],
        "parental_responsibility": [
            { "name": "Mum", "relationship": "mother" },
            { "name": "Dad", "relationship": "father" }
        ]
    })
}

#[tokio::test]
async fn a_referral_opens_a_case_whose_first_meeting_starts_from_its_words() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let fay = signed_in(&server, "fay@council.example", StaffRole::Facilitator).await;
    let case = fay.post("/api/cases", referral()).await.expect(201);
    let case_id = case["id"].as_str().unwrap().to_owned();
    assert_eq!(case["children"][0]["case_system_id"], "LCS-4411");
    assert_eq!(case["children"][1]["date_of_birth"], "2018-07-02");
    assert_eq!(case["parental_responsibility"][1]["relationship"], "father");

    // The first meeting of the case starts from the referral; a second does not.
    let first = fay.post("/api/meetings", json!({ "title": "First meeting", "case_id": case_id })).await.expect(201);
    assert_eq!(first["case_id"], case_id.as_str());
    let meeting_id = first["id"].as_str().unwrap();
    let plan = open_document(&server, &fay, meeting_id, "plan").await;
    assert_eq!(words(&plan, "worries"), "Who looks after T and J while Mum is in hospital\nT has missed school");
    assert_eq!(words(&plan, "bottom_lines"), "T and J are collected from school every day");
    assert_eq!(words(&plan, "family_answers"), "Who can take T and J to school?\nWhere will they sleep?");
    plan.close().await;
    let second = fay.post("/api/meetings", json!({ "title": "Second", "case_id": case_id })).await.expect(201);
    let plan = open_document(&server, &fay, second["id"].as_str().unwrap(), "plan").await;
    assert_eq!(words(&plan, "worries"), "", "only the first meeting is seeded");
    plan.close().await;

    let shown = fay.get(&format!("/api/cases/{case_id}")).await.expect(200);
    let meetings: Vec<&str> =
        shown["meetings"].as_array().unwrap().iter().map(|m| m["title"].as_str().unwrap()).collect();
    assert_eq!(meetings, ["First meeting", "Second"]);
    assert_eq!(fay.get("/api/cases").await.expect(200).as_array().unwrap().len(), 1);

    // A meeting set up alone opens a case of its own, named as it is.
    let alone = fay.post("/api/meetings", json!({ "title": "Plan for K" })).await.expect(201);
    let own = fay.get(&format!("/api/cases/{}", alone["case_id"].as_str().unwrap())).await.expect(200);
    assert_eq!(own["title"], "Plan for K");
    assert_eq!(own["children"], json!([]));

    // Changing the referral is audited with what changed, never its words.
    let mut changed = referral();
    changed["reason"] = json!("Mum is in hospital from February.");
    changed["children"][1]["case_system_id"] = json!("LCS-4412");
    let updated = fay.put(&format!("/api/cases/{case_id}/referral"), changed).await.expect(200);
    assert_eq!(updated["children"][1]["case_system_id"], "LCS-4412");
    let audit = fay.get(&format!("/api/meetings/{meeting_id}/audit")).await.expect(200).to_string();
    assert!(audit.contains("meeting_created"), "{audit}");
    let lines = kinplan_tests_sql(&server, "SELECT detail FROM audit_events WHERE action = 'referral_updated'").await;
    assert_eq!(lines.len(), 1);
    assert!(
        lines[0].contains("reason") && lines[0].contains("children") && !lines[0].contains("February"),
        "{lines:?}"
    );
}

/// The words of a section of the plan, a paragraph a line.
fn words(plan: &kinplan_tests::TestClient, section: &str) -> String {
    plan.section_text(section).replace("<paragraph>", "").replace("</paragraph>", "")
}

async fn kinplan_tests_sql(server: &TestServer, statement: &str) -> Vec<String> {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&server.database_url).await.unwrap();
    let rows = sqlx::query(statement).fetch_all(&pool).await.unwrap();
    pool.close().await;
    rows.iter().map(|row| sqlx::Row::try_get::<String, _>(row, 0).unwrap_or_default()).collect()
}

#[tokio::test]
async fn a_case_is_read_by_its_staff_only_and_changed_by_its_facilitator_alone() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let meeting = MeetingFixture::new(&server, "Plan for T").await;
    let case_id = meeting.facilitator.get(&meeting.path("")).await.expect(200)["case_id"].as_str().unwrap().to_owned();
    let case = format!("/api/cases/{case_id}");
    let practitioner = meeting.add_practitioner(&server, "Sam", "sam@council.example", false).await;
    let manager = signed_in(&server, "manager@council.example", StaffRole::Manager).await;
    let stranger = signed_in(&server, "other@council.example", StaffRole::Facilitator).await;
    let (mum, _) = meeting.join_as(&server, "Mum", Family).await;

    practitioner.get(&case).await.expect(200);
    manager.get(&case).await.expect(200);
    stranger.get(&case).await.expect_error(404, "not_found");
    mum.get(&case).await.expect_error(404, "not_found");
    mum.get("/api/cases").await.expect_error(403, "forbidden");
    assert_eq!(stranger.get("/api/cases").await.expect(200), json!([]));
    assert_eq!(manager.get("/api/cases").await.expect(200).as_array().unwrap().len(), 1);

    let referral = referral();
    let put = format!("{case}/referral");
    practitioner.put(&put, referral.clone()).await.expect_error(403, "forbidden");
    manager.put(&put, referral.clone()).await.expect_error(403, "forbidden");
    stranger.put(&put, referral.clone()).await.expect_error(404, "not_found");
    mum.post("/api/cases", referral.clone()).await.expect_error(403, "forbidden");
    manager.post("/api/cases", referral.clone()).await.expect_error(403, "forbidden");
    // Nobody but its facilitator sets up a meeting of the case.
    stranger.post("/api/meetings", json!({ "title": "Mine", "case_id": case_id })).await.expect_error(404, "not_found");
    meeting.facilitator.put(&put, referral).await.expect(200);

    // Bad input says what to give.
    for (spoil, status, says) in [
        (json!({ "children": [] }), 400, "at least one child"),
        (json!({ "title": "" }), 400, "a title is needed"),
        (json!({ "received_on": "30/11/2026" }), 400, "YYYY-MM-DD"),
        (json!({ "received_on": "2999-01-01" }), 400, "in the future"),
        (json!({ "children": [{ "name": "T", "date_of_birth": "2015-02-30" }] }), 400, "YYYY-MM-DD"),
        (json!({ "children": [{ "name": " " }] }), 400, "a child's name is needed"),
        (json!({ "parental_responsibility": [{ "name": "" }] }), 400, "parental responsibility is needed"),
        (json!({ "surprise": true }), 400, ""),
    ] {
        let mut body = self::referral();
        for (key, value) in spoil.as_object().unwrap() {
            body[key] = value.clone();
        }
        let answer = meeting.facilitator.post("/api/cases", body.clone()).await;
        assert_eq!(answer.status, status, "{spoil}: {}", answer.body);
        assert!(answer.body["message"].as_str().unwrap_or("").contains(says), "{spoil}: {}", answer.body);
    }
    meeting.facilitator.get("/api/cases/no-such-case").await.expect_error(404, "not_found");
    let other = meeting.facilitator.post("/api/meetings", json!({ "title": "x", "case_id": "no-such-case" })).await;
    other.expect_error(404, "not_found");
}

#[tokio::test]
async fn the_command_line_opens_a_case_and_erasing_its_last_meeting_erases_it() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let fay = signed_in(&server, "fay@council.example", StaffRole::Facilitator).await;
    let database = server.database_url.clone();
    let base = ["--database", database.as_str()];
    let run = |args: &[&str]| {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(base);
        kinplan(&all, "")
    };
    let (ok, said, error) = run(&[
        "case",
        "create",
        "--title",
        "T",
        "--facilitator",
        "fay@council.example",
        "--child",
        "T,2015-03-31,LCS-1",
        "--child",
        "J",
        "--parent",
        "Mum,mother",
        "--worries",
        "Mum's health",
        "--received",
        "2026-11-30",
        "--json",
    ]);
    assert!(ok, "{error}");
    let case = json_of(&said);
    assert_eq!(case["children"][0]["case_system_id"], "LCS-1");
    assert_eq!(case["children"][1]["date_of_birth"], Value::Null);
    let case_id = case["id"].as_str().unwrap().to_owned();
    let (ok, said, error) = run(&[
        "meeting",
        "create",
        "--title",
        "First",
        "--facilitator",
        "fay@council.example",
        "--case",
        &case_id,
        "--json",
    ]);
    assert!(ok, "{error}");
    let meeting_id = json_of(&said)["id"].as_str().unwrap().to_owned();
    let plan = open_document(&server, &fay, &meeting_id, "plan").await;
    assert_eq!(words(&plan, "worries"), "Mum's health");
    plan.close().await;

    for (args, says) in [
        (vec!["case", "create", "--title", "T", "--facilitator", "fay@council.example"], "--child"),
        (
            vec!["case", "create", "--title", "T", "--facilitator", "nobody@council.example", "--child", "T"],
            "no staff account",
        ),
        (
            vec!["case", "create", "--title", "T", "--facilitator", "fay@council.example", "--child", "T,31/03/2015"],
            "YYYY-MM-DD",
        ),
        (
            vec!["meeting", "create", "--title", "x", "--facilitator", "fay@council.example", "--case", "no-such-case"],
            "that case was not found",
        ),
    ] {
        let (ok, _, error) = run(&args);
        assert!(!ok && error.contains(says), "{args:?}: {error}");
    }

    // Erasing the case's last meeting takes the referral with it.
    let (ok, _, error) = run(&["erase", "--meeting", &meeting_id, "--reason", "Entered in the wrong family's case"]);
    assert!(ok, "{error}");
    fay.get(&format!("/api/cases/{case_id}")).await.expect_error(404, "not_found");
    let left = kinplan_tests_sql(&server, &format!("SELECT name FROM case_children WHERE case_id = '{case_id}'")).await;
    assert!(left.is_empty(), "{left:?}");
}

#[tokio::test]
async fn the_statutory_offer_is_recorded_answered_and_held_before_the_application() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let fay = signed_in(&server, "fay@council.example", StaffRole::Facilitator).await;
    let manager = signed_in(&server, "manager@council.example", StaffRole::Manager).await;
    let case = fay.post("/api/cases", referral()).await.expect(201);
    let case_id = case["id"].as_str().unwrap().to_owned();
    let path = |rest: &str| format!("/api/cases/{case_id}{rest}");
    let mum = case["parental_responsibility"][0]["id"].as_str().unwrap().to_owned();
    let dad = case["parental_responsibility"][1]["id"].as_str().unwrap().to_owned();
    let today = chrono::Utc::now().date_naive();
    let days = |n: i64| (today + chrono::Duration::days(n)).to_string();

    // Offered to each person with parental responsibility; Mum accepts, Dad declines with a reason.
    let offer = |parent: &str, method: &str| json!({ "parent_id": parent, "offered_on": days(-3), "method": method });
    let to_mum = fay.post(&path("/offers"), offer(&mum, "letter-before-proceedings")).await.expect(201);
    let to_dad = fay.post(&path("/offers"), offer(&dad, "in-person")).await.expect(201);
    assert_eq!(to_mum["answer"], "awaiting");
    let answer = |offer: &Value| path(&format!("/offers/{}", offer["id"].as_str().unwrap()));
    fay.put(&answer(&to_mum), json!({ "answer": "accepted", "answered_on": days(-1) })).await.expect(200);
    let declined = json!({ "answer": "declined", "declined_reason": "Does not want the family involved", "answered_on": days(-2) });
    assert_eq!(
        fay.put(&answer(&to_dad), declined).await.expect(200)["declined_reason"],
        "Does not want the family involved"
    );

    // The application is recorded a fortnight ahead: no meeting yet, so the facilitator is warned.
    let shown = fay.put(&path("/care-application"), json!({ "on": days(14) })).await.expect(200);
    let standing = &shown["offer_standing"];
    assert_eq!(standing["accepted"], true);
    assert!(standing["held_before_application"].is_null(), "not known while the application is to come: {standing}");
    assert!(standing["warning"].as_str().unwrap().contains("14 days from now"), "{standing}");
    // The meeting is held: the case says it was before the application.
    let meeting = fay.post("/api/meetings", json!({ "title": "First", "case_id": case_id })).await.expect(201);
    fay.put(&format!("/api/meetings/{}/stage", meeting["id"].as_str().unwrap()), json!({ "stage": "information" }))
        .await
        .expect(200);
    let shown = fay.get(&path("")).await.expect(200);
    assert_eq!(shown["offer_standing"]["held_before_application"], true, "{}", shown["offer_standing"]);
    assert!(shown["offer_standing"]["warning"].is_null());
    assert_eq!(shown["offer_standing"]["first_meeting_held_on"], today.to_string());
    assert_eq!(shown["offers"].as_array().unwrap().len(), 2);

    // A decision not to offer needs a manager's approval, once.
    let decision =
        fay.post(&path("/not-offering"), json!({ "reason": "Risk of flight with the children" })).await.expect(201);
    let approve = path(&format!("/not-offering/{}/approve", decision["id"].as_str().unwrap()));
    fay.post(&approve, json!({})).await.expect_error(403, "forbidden");
    assert!(manager.post(&approve, json!({})).await.expect(200)["approved_at"].is_string());
    manager.post(&approve, json!({})).await.expect_error(409, "conflict");
    assert_eq!(fay.get(&path("")).await.expect(200)["offer_standing"]["not_offering_approved"], true);
    let refuse_approved = path(&format!("/not-offering/{}/refuse", decision["id"].as_str().unwrap()));
    manager.post(&refuse_approved, json!({ "reason": "Too late" })).await.expect_error(409, "conflict");

    // Or a manager refuses one, with the reason; it is then neither in force nor waiting.
    let second = fay.post(&path("/not-offering"), json!({ "reason": "Dad has moved away" })).await.expect(201);
    let refuse = path(&format!("/not-offering/{}/refuse", second["id"].as_str().unwrap()));
    fay.post(&refuse, json!({ "reason": "Mine" })).await.expect_error(403, "forbidden");
    manager.post(&refuse, json!({ "reason": " " })).await.expect_error(400, "bad_request");
    let refused = manager.post(&refuse, json!({ "reason": "Dad can join by video" })).await.expect(200);
    assert_eq!(
        (refused["refusal_reason"].as_str(), refused["approved_at"].is_null()),
        (Some("Dad can join by video"), true)
    );
    manager.post(&refuse, json!({ "reason": "Again" })).await.expect_error(409, "conflict");
    let approve_refused = path(&format!("/not-offering/{}/approve", second["id"].as_str().unwrap()));
    manager.post(&approve_refused, json!({})).await.expect_error(409, "conflict");
    let board = manager.get("/api/dashboard").await.expect(200);
    assert!(board["approvals"].as_array().unwrap().is_empty(), "nothing waits: {board}");

    // Bad input says what to give; only the holding facilitator records offers.
    manager.post(&path("/offers"), offer(&mum, "letter")).await.expect_error(403, "forbidden");
    for (url, body, status, says) in [
        (path("/offers"), offer("someone-else", "letter"), 400, "parental responsibility in this case"),
        (path("/offers"), json!({ "parent_id": mum, "offered_on": days(2), "method": "letter" }), 400, "day to come"),
        (path("/offers"), json!({ "parent_id": mum, "offered_on": "tuesday", "method": "letter" }), 400, "YYYY-MM-DD"),
        (path("/offers"), json!({ "parent_id": mum, "offered_on": days(-1), "method": "pigeon" }), 400, ""),
        (answer(&to_mum), json!({ "answer": "accepted", "answered_on": days(-5) }), 400, "before the offer"),
        (
            answer(&to_mum),
            json!({ "answer": "accepted", "declined_reason": "x", "answered_on": days(-1) }),
            400,
            "only with a declined",
        ),
        (answer(&to_mum), json!({ "answer": "accepted" }), 400, "day of the answer"),
        (path("/offers/no-such-offer"), json!({ "answer": "accepted", "answered_on": days(-1) }), 404, "offer"),
        (path("/not-offering"), json!({ "reason": " " }), 400, "best-interests reason is needed"),
        (path("/care-application"), json!({ "on": "1999-01-01" }), 400, "after 2000"),
    ] {
        let answer = if url.ends_with("/offers") || url.ends_with("/not-offering") {
            fay.post(&url, body.clone()).await
        } else {
            fay.put(&url, body.clone()).await
        };
        assert_eq!(answer.status, status, "{url} {body}: {}", answer.body);
        assert!(answer.body["message"].as_str().unwrap_or("").contains(says), "{url}: {}", answer.body);
    }
    let actions = kinplan_tests_sql(&server, "SELECT action FROM audit_events ORDER BY id").await;
    for action in [
        "offer_made",
        "offer_answered",
        "care_application_recorded",
        "not_offering_decided",
        "not_offering_approved",
        "not_offering_refused",
    ] {
        assert!(actions.iter().any(|done| done == action), "{action} is audited: {actions:?}");
    }
}
