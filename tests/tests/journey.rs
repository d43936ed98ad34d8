//! A family's journey through the real server: a referral opens a case; a meeting is offered to
//! both parents (one accepts, one declines with a reason); a care application is recorded and the
//! facilitator is warned until the meeting is held; the meeting agrees a plan, which sets its
//! review date; its plan's "support we are asking for" becomes a support package a manager
//! approves; a review meeting records each agreed action and shows what changed; another case's
//! decision not to offer is approved; the dashboards and the service's figures show all of it.
//! Bad input is refused with what to give, and only the people allowed may act.

use chrono::{Months, Utc};
use kinplan_server::access::ParticipantKind::Family;
use kinplan_server::access::StaffRole;
use kinplan_tests::api::{open_document, signed_in, Api, MeetingFixture};
use kinplan_tests::TestServer;
use serde_json::{json, Value};

fn today() -> chrono::NaiveDate {
    Utc::now().date_naive()
}

fn days_from_today(days: i64) -> String {
    (today() + chrono::Duration::days(days)).to_string()
}

fn referral(title: &str) -> Value {
    json!({
        "title": title,
        "referrer": "Sam Okafor, social worker",
        "lead_practitioner": "Priya Shah",
        "reason": "Mum is in hospital from January.",
        "worries": "Who looks after T while Mum is in hospital",
        "received_on": "2026-11-02",
        "children": [{ "name": "T", "date_of_birth": "2015-03-31" }],
        "parental_responsibility": [
            { "name": "Mum", "relationship": "mother" },
            { "name": "Dad", "relationship": "father" }
        ]
    })
}

/// The audit lines of `action`, as text.
async fn audit_lines(server: &TestServer, action: &str) -> Vec<String> {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&server.database_url).await.unwrap();
    let rows =
        sqlx::query("SELECT detail FROM audit_events WHERE action = $1").bind(action).fetch_all(&pool).await.unwrap();
    pool.close().await;
    rows.iter().map(|row| sqlx::Row::get::<String, _>(row, 0)).collect()
}

async fn csv_of(api: &Api, path: &str) -> (u16, String, String) {
    let answer = api.http.get(format!("{}{path}", api.base)).send().await.unwrap();
    let status = answer.status().as_u16();
    let kind = answer.headers().get("content-type").map(|value| value.to_str().unwrap().to_owned()).unwrap_or_default();
    (status, kind, answer.text().await.unwrap())
}

#[tokio::test]
async fn a_case_walks_from_referral_to_offer_meeting_agreement_support_and_review_and_into_the_figures() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let fay = signed_in(&server, "fay@council.example", StaffRole::Facilitator).await;
    let meg = signed_in(&server, "meg@council.example", StaffRole::Manager).await;

    // The referral, and the offer to both parents.
    let case = fay.post("/api/cases", referral("T")).await.expect(201);
    let case_id = case["id"].as_str().unwrap().to_owned();
    let at = |rest: &str| format!("/api/cases/{case_id}{rest}");
    let parent = |index: usize| case["parental_responsibility"][index]["id"].as_str().unwrap().to_owned();
    let to_mum = json!({ "parent_id": parent(0), "offered_on": "2026-11-09", "method": "letter-before-proceedings" });
    let mum_offer = fay.post(&at("/offers"), to_mum).await.expect(201);
    let to_dad = json!({ "parent_id": parent(1), "offered_on": "2026-11-09", "method": "in-person" });
    let dad_offer = fay.post(&at("/offers"), to_dad).await.expect(201);
    let answer = |offer: &Value| at(&format!("/offers/{}", offer["id"].as_str().unwrap()));
    fay.put(&answer(&mum_offer), json!({ "answer": "accepted", "answered_on": "2026-11-12" })).await.expect(200);
    let declined = json!({ "answer": "declined", "answered_on": "2026-11-13", "declined_reason": "Does not want the family involved" });
    fay.put(&answer(&dad_offer), declined).await.expect(200);

    // Before any meeting, the facilitator's dashboard says a meeting is to be set up.
    let board = fay.get("/api/dashboard").await.expect(200);
    assert_eq!(board["cases"][0]["case_id"], case_id.as_str(), "{board}");
    assert!(board["due"].as_array().unwrap().iter().any(|item| item["kind"] == "meeting-to-set"), "{board}");

    // A care application forty days on: the facilitator is warned, on the case and the dashboard,
    // after the meeting that was to be set up a fortnight after the acceptance (overdue now).
    let application_on = days_from_today(40);
    let shown = fay.put(&at("/care-application"), json!({ "on": application_on })).await.expect(200);
    assert!(shown["offer_standing"]["warning"].as_str().unwrap().contains(&application_on), "{shown}");
    let board = fay.get("/api/dashboard").await.expect(200);
    let kinds: Vec<&str> = board["due"].as_array().unwrap().iter().map(|item| item["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["meeting-to-set", "care-application"], "the most urgent first: {board}");
    assert_eq!(
        (board["due"][0]["due_on"].as_str(), board["due"][0]["overdue"].as_bool()),
        (Some("2026-11-26"), Some(true))
    );

    // The meeting of the case, held today: the family writes the support they ask for and an action.
    let meeting = fay.post("/api/meetings", json!({ "title": "Plan for T", "case_id": case_id })).await.expect(201);
    let meeting = MeetingFixture { facilitator: fay, meeting_id: meeting["id"].as_str().unwrap().to_owned() };
    let fay = &meeting.facilitator;
    let referrer = meeting.add_referrer(&server, "Sam").await;
    let (mum, _) = meeting.join_as(&server, "Mum", Family).await;
    meeting.move_to("information").await;
    meeting.move_to("private-family-time").await;
    let mut plan = open_document(&server, &mum, &meeting.meeting_id, "plan").await;
    plan.add_paragraph("support_requested", "A car seat for T").await.unwrap();
    plan.add_paragraph("support_requested", "A sofa bed at Aunt Jo's").await.unwrap();
    let action = [
        ("id", "act-1"),
        ("what", "Aunt Jo takes T to school"),
        ("who", "Aunt Jo"),
        ("by_when", ""),
        ("how_we_know", ""),
        ("status", "not_started"),
    ];
    plan.add_action(&action).await.unwrap();
    let second = [
        ("id", "act-2"),
        ("what", "Grandad visits on Sundays"),
        ("who", "Grandad"),
        ("by_when", ""),
        ("how_we_know", ""),
        ("status", "not_started"),
    ];
    plan.add_action(&second).await.unwrap();
    plan.settle().await.unwrap();
    plan.close().await;
    let shown = fay.get(&at("")).await.expect(200);
    assert_eq!(shown["offer_standing"]["held_before_application"], true, "{shown}");
    assert!(shown["offer_standing"]["warning"].is_null(), "held: no warning now: {shown}");

    // Agreement: the plan is final and its review is due three months on.
    meeting.move_to("agreement").await;
    let proposal = fay.post(&meeting.path("/proposal"), json!({})).await.expect(201);
    let decision = json!({ "version_hash": proposal["version_hash"], "decision": "agreed" });
    referrer.post(&meeting.path("/proposal/decisions"), decision).await.expect(200);
    fay.post(&meeting.path("/proposal/close"), json!({})).await.expect(200);
    let closed = fay.get(&meeting.path("")).await.expect(200);
    let due = today().checked_add_months(Months::new(3)).unwrap().to_string();
    assert_eq!(closed["review_due_on"], due.as_str(), "{closed}");
    assert_eq!(closed["held_on"], today().to_string().as_str());

    // The review date is the facilitator's to change, to a real day.
    let review_date = meeting.path("/review-date");
    fay.put(&review_date, json!({ "on": "next spring" })).await.expect_error(400, "bad_request");
    meg.put(&review_date, json!({ "on": days_from_today(60) })).await.expect_error(403, "forbidden");
    let moved = fay.put(&review_date, json!({ "on": days_from_today(60) })).await.expect(200);
    assert_eq!(moved["review_due_on"], days_from_today(60).as_str());

    // The plan's support lines become a request with costs; bad requests say what to give.
    let asked = fay.get(&at(&format!("/support/asked?meeting_id={}", meeting.meeting_id))).await.expect(200);
    assert_eq!(asked, json!(["A car seat for T", "A sofa bed at Aunt Jo's"]));
    let items = json!([
        { "description": "A car seat for T", "cost_pence": 8500 },
        { "description": "A sofa bed at Aunt Jo's", "cost_pence": 24999 }
    ]);
    let request = |items: Value, meeting_id: &str| json!({ "meeting_id": meeting_id, "summary": "Getting T to school", "items": items });
    let refusals = [
        (request(json!([{ "description": "A car seat", "cost_pence": -1 }]), &meeting.meeting_id), "in pence"),
        (request(json!([]), &meeting.meeting_id), "at least one item"),
        (request(items.clone(), "not-a-meeting"), "the case's meeting"),
        (request(json!([{ "description": " ", "cost_pence": 100 }]), &meeting.meeting_id), "description"),
    ];
    for (body, says) in refusals {
        let refused = fay.post(&at("/support"), body).await.expect_error(400, "bad_request");
        assert!(refused["message"].as_str().unwrap().contains(says), "{refused}");
    }
    meg.post(&at("/support"), request(items.clone(), &meeting.meeting_id)).await.expect_error(403, "forbidden");
    let support = fay.post(&at("/support"), request(items, &meeting.meeting_id)).await.expect(201);
    assert_eq!((support["total_pence"].as_i64(), support["status"].as_str()), (Some(33499), Some("requested")));
    let waiting = meg.get("/api/dashboard").await.expect(200);
    assert!(
        waiting["approvals"].as_array().unwrap().iter().any(|item| item["kind"] == "support-approval"),
        "{waiting}"
    );
    let decide = at(&format!("/support/{}/decision", support["id"].as_str().unwrap()));
    fay.put(&decide, json!({ "decision": "approve", "reason": "Mine" })).await.expect_error(403, "forbidden");
    meg.put(&decide, json!({ "decision": "approve", "reason": " " })).await.expect_error(400, "bad_request");
    meg.put(&decide, json!({ "decision": "approve", "reason": "Keeps T at school" })).await.expect(200);
    meg.put(&decide, json!({ "decision": "decline", "reason": "Changed my mind" })).await.expect_error(409, "conflict");
    let shown = fay.get(&at("")).await.expect(200);
    assert_eq!(shown["approved_support_pence"], 33499);
    assert_eq!(shown["support"][0]["meeting_id"], meeting.meeting_id.as_str(), "the request links to its meeting");
    let board = meg.get("/api/dashboard").await.expect(200);
    assert!(board["approvals"].as_array().unwrap().is_empty(), "{board}");

    // The review: it starts from the agreed plan, records each action, and shows what changed.
    let review = fay
        .post("/api/meetings", json!({ "title": "Review", "kind": "review", "follows_meeting_id": meeting.meeting_id }))
        .await
        .expect(201);
    let review_id = review["id"].as_str().unwrap().to_owned();
    let review_path = |rest: &str| format!("/api/meetings/{review_id}{rest}");
    let before = fay.get(&review_path("/review")).await.expect(200);
    assert_eq!(before["agreed_version_hash"], proposal["version_hash"]);
    assert_eq!(before["actions"][0]["action"]["what"], "Aunt Jo takes T to school");
    assert!(before["actions"][0]["review"].is_null());
    let record = |action: &str| review_path(&format!("/review/actions/{action}"));
    fay.put(&record("act-1"), json!({ "status": "finished" })).await.expect_error(400, "bad_request");
    fay.put(&record("no-such-action"), json!({ "status": "done" })).await.expect_error(404, "not_found");
    meg.put(&record("act-1"), json!({ "status": "done" })).await.expect_error(403, "forbidden");
    fay.put(&record("act-1"), json!({ "status": "done", "note": "Every day since January" })).await.expect(200);
    let after =
        fay.put(&record("act-2"), json!({ "status": "not_on_track", "note": "Grandad was ill" })).await.expect(200);
    assert_eq!(after["actions"][0]["review"]["status"], "done");
    assert_eq!(after["actions"][1]["review"]["note"], "Grandad was ill");
    fay.put(&review_path("/stage"), json!({ "stage": "information" })).await.expect(200);
    let mut plan = open_document(&server, fay, &review_id, "plan").await;
    plan.add_paragraph("worries", "T's new school is further away").await.unwrap();
    plan.settle().await.unwrap();
    plan.close().await;
    let changes = fay.get(&review_path("/review/changes")).await.expect(200);
    let worries = changes["sections"].as_array().unwrap().iter().find(|section| section["name"] == "worries").unwrap();
    assert_eq!(worries["changed"], true, "{changes}");
    assert!(worries.to_string().contains("further away"), "{worries}");
    let held = fay.get(&review_path("/review")).await.expect(200);
    assert_eq!((held["held_on"].as_str(), held["on_time"].as_bool()), (Some(today().to_string().as_str()), Some(true)));
    // Once reviewed, the review date stays: it is what the review was measured against.
    fay.put(&review_date, json!({ "on": days_from_today(90) })).await.expect_error(409, "conflict");
    // Reading the agreed plan through the review is in the earlier meeting's log.
    let reads = audit_lines(&server, "version_read_through_review").await.join(" ");
    assert!(reads.contains(&review_id), "{reads}");
    // A stranger learns nothing of the review.
    let stranger = signed_in(&server, "stranger@council.example", StaffRole::Facilitator).await;
    stranger.get(&review_path("/review")).await.expect_error(404, "not_found");

    // Another case: a decision not to offer, approved by the manager.
    let other = fay.post("/api/cases", referral("K")).await.expect(201);
    let other_path = format!("/api/cases/{}/not-offering", other["id"].as_str().unwrap());
    let reason = json!({ "reason": "Contact with the father puts K at risk" });
    let decision = fay.post(&other_path, reason).await.expect(201);
    let board = meg.get("/api/dashboard").await.expect(200);
    assert_eq!(board["approvals"][0]["kind"], "not-offering-approval", "{board}");
    meg.post(&format!("{other_path}/{}/approve", decision["id"].as_str().unwrap()), json!({})).await.expect(200);

    // The figures, for managers only, as JSON and CSV.
    let range = format!("from=2026-11-01&to={}", today());
    fay.get(&format!("/api/figures?{range}")).await.expect_error(403, "forbidden");
    meg.get("/api/figures?from=2026-13-01&to=2026-12-01").await.expect_error(400, "bad_request");
    meg.get("/api/figures?from=2026-12-01&to=2026-11-01").await.expect_error(400, "bad_request");
    meg.get(&format!("/api/figures?{range}&facilitator=nobody@council.example")).await.expect_error(400, "bad_request");
    let figures = meg.get(&format!("/api/figures?{range}")).await.expect(200);
    assert_eq!(figures["referrals"], 2, "{figures}");
    let offers = &figures["offers"];
    assert_eq!(
        (offers["made"].as_i64(), offers["accepted"].as_i64(), offers["declined"].as_i64()),
        (Some(2), Some(1), Some(1))
    );
    assert_eq!(offers["declined_reasons"], json!([{ "reason": "Does not want the family involved", "count": 1 }]));
    assert_eq!(offers["not_offered"], 1);
    assert_eq!(
        offers["not_offered_reasons"],
        json!([{ "reason": "Contact with the father puts K at risk", "count": 1 }])
    );
    assert_eq!(figures["referral_to_offer"], json!({ "cases": 1, "median_days": 7, "p90_days": 7 }));
    let waited = (today() - chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap()).num_days();
    assert_eq!(figures["referral_to_first_meeting"]["median_days"], waited);
    assert_eq!((figures["meetings_held"].as_i64(), figures["first_meetings_held"].as_i64()), (Some(2), Some(1)));
    assert_eq!(figures["plans_agreed_at_first_meeting"], 1);
    assert_eq!((figures["reviews_held"].as_i64(), figures["reviews_held_on_time"].as_i64()), (Some(1), Some(1)));
    assert_eq!(
        figures["support"],
        json!({ "requested": 1, "requested_pence": 33499, "approved": 1, "approved_pence": 33499, "declined": 0 })
    );
    // The application is forty days on: outside a range that ends today, inside one that reaches it.
    assert_eq!(figures["care_applications"]["after_acceptance"], 0);
    let ahead = meg.get(&format!("/api/figures?from=2026-11-01&to={application_on}")).await.expect(200);
    assert_eq!(
        ahead["care_applications"],
        json!({ "after_acceptance": 1, "meeting_held_before": 1, "meeting_not_held_before": 0 })
    );
    // One facilitator's figures, and a team nobody is in.
    let hers = meg.get(&format!("/api/figures?{range}&facilitator=fay@council.example")).await.expect(200);
    assert_eq!(hers["referrals"], 2);
    let none = meg.get(&format!("/api/figures?{range}&team=North")).await.expect(200);
    assert_eq!((none["referrals"].as_i64(), none["offers"]["made"].as_i64()), (Some(0), Some(0)));
    let (status, kind, csv) = csv_of(&meg, &format!("/api/figures.csv?{range}")).await;
    assert_eq!((status, kind.as_str()), (200, "text/csv; charset=utf-8"));
    assert!(csv.contains("declined_reason,Does not want the family involved,1"), "{csv}");
    assert!(csv.contains("support_approved,pence,33499"), "{csv}");
    assert_eq!(csv_of(&fay, &format!("/api/figures.csv?{range}")).await.0, 403);

    // Every step is in the audit log, with counts and sums, never the items' words.
    for action in ["support_requested", "support_decided", "action_reviewed", "review_date_set", "figures_read"] {
        assert!(!audit_lines(&server, action).await.is_empty(), "{action} is audited");
    }
    let requested = audit_lines(&server, "support_requested").await.join(" ");
    assert!(requested.contains("33499") && !requested.contains("car seat"), "{requested}");
}

#[tokio::test]
async fn a_manager_puts_staff_in_teams_and_the_figures_follow_the_team() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let fay = signed_in(&server, "fay@council.example", StaffRole::Facilitator).await;
    let meg = signed_in(&server, "meg@council.example", StaffRole::Manager).await;
    fay.post("/api/cases", referral("T")).await.expect(201);
    let users = meg.get("/api/users").await.expect(200);
    let fay_id = users.as_array().unwrap().iter().find(|user| user["email"] == "fay@council.example").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let team = format!("/api/users/{fay_id}/team");
    fay.put(&team, json!({ "team": "North" })).await.expect_error(403, "forbidden");
    meg.put(&team, json!({ "team": "N".repeat(81) })).await.expect_error(400, "bad_request");
    let put = meg.put(&team, json!({ "team": "North" })).await.expect(200);
    assert_eq!(put["team"], "North");
    let range = format!("from=2026-11-01&to={}", today());
    let north = meg.get(&format!("/api/figures?{range}&team=north")).await.expect(200);
    assert_eq!(north["referrals"], 1, "teams match whatever their case: {north}");
    let south = meg.get(&format!("/api/figures?{range}&team=South")).await.expect(200);
    assert_eq!(south["referrals"], 0);
}
