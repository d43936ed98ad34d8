//! Records through their life, through the real server: a retention rule deletes exactly what
//! it says and nothing held; what it deleted is gone from the database's own files; erasure leaves
//! a chain that verifies and says what was erased, and still fails on an altered byte of what
//! remains; holds stop deletion and erasure; every operation is audited, and refused to anyone but
//! a manager; backups are restored without bringing erased data back.

use std::time::Instant;

use chrono::{Months, Utc};
use kinplan_server::access::ParticipantKind::{Family, Friend};
use kinplan_server::access::StaffRole;
use kinplan_tests::api::{open_document, signed_in, Api, MeetingFixture};
use kinplan_tests::{kinplan, uses_postgres, TestServer};
use serde_json::{json, Value};

/// A phrase no other record holds, to look for in the database's files.
const WRITTEN_IN_A: &str = "Zephyrine marmalade at Quillfeather Cottage";
const WRITTEN_IN_B: &str = "Brambleworth kite festival on Saturdays";

/// A closed meeting whose plan, a saved version, a safety note and a person's address all hold
/// `phrase`; gives the meeting, the person (who saved the version) and the version's hash.
async fn closed_meeting(server: &TestServer, title: &str, phrase: &str) -> (MeetingFixture, Api, String, String) {
    let meeting = MeetingFixture::new(server, title).await;
    let (mum, mum_id) = meeting.join_as(server, "Mum", Family).await;
    meeting.join_as(server, "Aunt Jo", Friend).await;
    let contact = meeting.path(&format!("/participants/{mum_id}/contact"));
    meeting.facilitator.put(&contact, json!({ "address": phrase })).await.expect(200);
    let note = json!({ "participant_id": mum_id, "category": "risk", "body": phrase });
    meeting.facilitator.post(&meeting.path("/safety-notes"), note).await.expect(201);
    meeting.move_to("information").await;
    meeting.move_to("private-family-time").await;
    let mut plan = open_document(server, &mum, &meeting.meeting_id, "plan").await;
    plan.add_paragraph("worries", phrase).await.unwrap();
    plan.settle().await.unwrap();
    plan.close().await;
    let version = mum.post(&meeting.path("/versions"), json!({ "label": "Our draft" })).await.expect(201);
    meeting.move_to("closed").await;
    (meeting, mum, mum_id, version["hash"].as_str().unwrap().to_owned())
}

/// Runs one statement; gives its rows' first columns as text.
async fn sql(server: &TestServer, statement: &str) -> Vec<String> {
    sql_in(&server.database_url, statement).await
}

async fn sql_in(database_url: &str, statement: &str) -> Vec<String> {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(database_url).await.unwrap();
    let rows = sqlx::query(statement).fetch_all(&pool).await.unwrap_or_else(|error| panic!("{statement}: {error}"));
    pool.close().await;
    rows.iter().map(|row| sqlx::Row::try_get::<String, _>(row, 0).unwrap_or_default()).collect()
}

/// The places in the database's own files that hold `phrase`: for SQLite the database file and
/// its journal, for PostgreSQL every table's and index's file in this database (after a
/// checkpoint has written every changed page out).
async fn files_holding(server: &TestServer, phrase: &str) -> Vec<String> {
    files_of(&server.database_url, phrase).await
}

async fn files_of(database_url: &str, phrase: &str) -> Vec<String> {
    let needle = phrase.as_bytes();
    let holds = |bytes: &[u8]| bytes.windows(needle.len()).any(|window| window == needle);
    if !uses_postgres() {
        // Read by another process: closing any descriptor of the database's files in this one
        // would drop the locks SQLite holds on them here (POSIX advisory locks are per process),
        // and the server beside the test would then read a journal being rewritten.
        let path = database_url.trim_start_matches("sqlite://").to_owned();
        return [path.clone(), format!("{path}-wal")]
            .into_iter()
            .filter(|file| {
                let found = std::process::Command::new("grep").args(["-q", "-a", "-F", phrase, file]).status();
                found.expect("grep runs").success()
            })
            .collect();
    }
    use sqlx::{Connection, Executor, Row};
    let mut connection = sqlx::PgConnection::connect(database_url).await.unwrap();
    connection.execute("CHECKPOINT").await.unwrap();
    let rows = sqlx::query(
        "SELECT c.relname::TEXT, pg_read_binary_file(pg_relation_filepath(c.oid)) FROM pg_class c \
         WHERE c.relkind IN ('r', 't', 'i') AND pg_relation_filepath(c.oid) IS NOT NULL \
         AND c.relnamespace IN (SELECT oid FROM pg_namespace WHERE nspname IN ('public', 'pg_toast'))",
    )
    .fetch_all(&mut connection)
    .await
    .unwrap();
    connection.close().await.unwrap();
    rows.iter().filter(|row| holds(&row.get::<Vec<u8>, _>(1))).map(|row| row.get::<String, _>(0)).collect()
}

fn years_ahead(years: u32) -> String {
    Utc::now().date_naive().checked_add_months(Months::new(12 * years)).unwrap().to_string()
}

fn kinplan_in(server: &TestServer, args: &[&str]) -> (bool, String, String) {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--database", &server.database_url]);
    kinplan(&all, "")
}

#[tokio::test]
async fn a_rule_deletes_exactly_what_it_says_and_nothing_held_and_leaves_nothing_in_the_files() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let manager = signed_in(&server, "manager@council.example", StaffRole::Manager).await;
    let (a, _, _, a_hash) = closed_meeting(&server, "Plan for A", WRITTEN_IN_A).await;
    let (b, _, _, _) = closed_meeting(&server, "Plan for B", WRITTEN_IN_B).await;
    let open = MeetingFixture::new(&server, "Plan for C, still open").await;
    assert!(!files_holding(&server, WRITTEN_IN_A).await.is_empty(), "the phrase is in the files to begin with");

    // The rule: meetings kept a year from their closure. B is held.
    let rule =
        manager.put("/api/retention/rules/meeting", json!({ "keep": "1y", "from": "closure" })).await.expect(200);
    assert_eq!(rule["description"], "1 year from the meeting's closure");
    let hold = json!({ "meeting_id": b.meeting_id, "reason": "Inquiry 2026/14" });
    manager.post("/api/holds", hold).await.expect(201);

    // Today nothing is due; two years ahead, A would go and B is kept on hold.
    let today = manager.post("/api/retention/run", json!({ "dry_run": true })).await.expect(200);
    assert!(today["items"].as_array().unwrap().iter().all(|item| item["record_type"] != "meeting"), "{today}");
    let ahead = years_ahead(2);
    let dry = manager.post("/api/retention/run", json!({ "dry_run": true, "as_of": ahead })).await.expect(200);
    let items = dry["items"].as_array().unwrap();
    let of = |meeting: &str| items.iter().find(|item| item["meeting_id"] == meeting).cloned();
    let a_item = of(&a.meeting_id).expect("A is due");
    assert_eq!((a_item["record_type"].as_str(), a_item["held"].as_str()), (Some("meeting"), None), "{a_item}");
    assert_eq!(a_item["removed"]["versions"][0]["hash"], a_hash.as_str());
    assert!(a_item["removed"]["rows"]["safety_notes"].as_u64() == Some(1), "{a_item}");
    assert_eq!(of(&b.meeting_id).expect("B is listed")["held"], "Inquiry 2026/14");
    assert!(of(&open.meeting_id).is_none(), "an open meeting has not closed: its time has not begun");
    // A dry run deletes nothing.
    a.facilitator.get(&a.path("")).await.expect(200);

    let run = manager.post("/api/retention/run", json!({ "as_of": ahead })).await.expect(200);
    // The same records went as the dry run listed (the plan's live copy was unloaded first, which
    // may have stored its log as a snapshot: the document is counted, not its rows).
    let outline = |report: &Value| -> Vec<Value> {
        let items = report["items"].as_array().unwrap().iter();
        items
            .map(|item| {
                let mut item = item.clone();
                let rows = item["removed"]["rows"].as_object_mut().unwrap();
                rows.retain(|table, _| !table.starts_with("document_"));
                item
            })
            .collect()
    };
    assert_eq!(outline(&run), outline(&dry), "the run did what the dry run listed");
    a.facilitator.get(&a.path("")).await.expect_error(404, "not_found");
    b.facilitator.get(&b.path("")).await.expect(200);
    open.facilitator.get(&open.path("")).await.expect(200);
    assert_eq!(b.facilitator.get(&b.path("/safety-notes")).await.expect(200).as_array().unwrap().len(), 1);

    // Gone from the files, not just from the tables; B's, held, is still there.
    assert_eq!(files_holding(&server, WRITTEN_IN_A).await, Vec::<String>::new());
    assert!(!files_holding(&server, WRITTEN_IN_B).await.is_empty());

    // The tombstone says what went, when, by whom and why; the chain still verifies.
    let erasures = manager.get("/api/erasures").await.expect(200);
    let tombstone = erasures.as_array().unwrap().iter().find(|e| e["meeting_id"] == a.meeting_id.as_str()).unwrap();
    assert_eq!(tombstone["scope"], "meeting");
    assert!(tombstone["reason"].as_str().unwrap().contains("1 year from the meeting's closure"), "{tombstone}");
    assert_eq!(tombstone["versions"][0]["hash"], a_hash.as_str());
    let (verified, said, error) = kinplan_in(&server, &["verify", "--meeting", &a.meeting_id]);
    assert!(verified, "{error}");
    assert!(said.contains("0 version(s) intact, 1 erased") && said.contains(&a_hash), "{said}");

    // Run again: nothing more goes (B is still held).
    let again = manager.post("/api/retention/run", json!({ "as_of": ahead })).await.expect(200);
    assert!(again["items"].as_array().unwrap().iter().all(|item| !item["held"].is_null()), "{again}");

    let actions = sql(&server, "SELECT action FROM audit_events ORDER BY id").await;
    for action in ["retention_rule_set", "legal_hold_placed", "records_deleted", "retention_run"] {
        assert!(actions.iter().any(|done| done == action), "{action} is audited: {actions:?}");
    }
}

#[tokio::test]
async fn erasure_closes_the_meeting_leaves_a_chain_that_verifies_and_holds_stop_it() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let manager = signed_in(&server, "manager@council.example", StaffRole::Manager).await;
    let (meeting, mum, mum_id, hash) = closed_meeting(&server, "Plan for A", WRITTEN_IN_A).await;

    // A person's data: refused while they are held, erased once the hold is lifted.
    let person = json!({ "participant_id": mum_id, "reason": "Erasure request 2026-118" });
    manager.post("/api/holds", json!({ "participant_id": mum_id, "reason": "Litigation" })).await.expect(201);
    let refused = manager.post("/api/erasures", person.clone()).await.expect_error(409, "conflict");
    assert!(refused["message"].as_str().unwrap().contains("legal hold"), "{refused}");
    let dry =
        manager.post("/api/retention/run", json!({ "dry_run": true, "as_of": years_ahead(30) })).await.expect(200);
    let kept = dry["items"].as_array().unwrap().iter().find(|item| item["meeting_id"] == meeting.meeting_id.as_str());
    assert!(kept.unwrap()["held"].as_str().unwrap().contains("Litigation"), "{dry}");
    let lift = json!({ "participant_id": mum_id, "reason": "Settled" });
    assert_eq!(manager.post("/api/holds/lift", lift.clone()).await.expect(200).as_array().unwrap().len(), 1);
    manager.post("/api/holds/lift", lift).await.expect_error(409, "conflict");
    let erased = manager.post("/api/erasures", person.clone()).await.expect(201);
    assert!(erased["kept"][0].as_str().unwrap().contains("1 saved version"), "{erased}");
    let people = meeting.facilitator.get(&meeting.path("/participants")).await.expect(200);
    let listed = people.as_array().unwrap().iter().find(|entry| entry["id"] == mum_id.as_str()).unwrap().clone();
    assert_eq!(listed["display_name"], "Erased person");
    assert_eq!(listed["contact"], json!([]), "{listed}");
    assert!(mum.get(&meeting.path("")).await.status >= 400, "their session ended with their data");
    manager.post("/api/erasures", person).await.expect_error(409, "conflict");
    assert!(!meeting.facilitator.get(&meeting.path("/safety-notes")).await.expect(200).to_string().contains("Quill"));

    // A meeting with someone in its plan: they are disconnected as it is erased.
    let live = MeetingFixture::new(&server, "Plan for D").await;
    let (dad, _) = live.join_as(&server, "Dad", Family).await;
    live.move_to("information").await;
    live.move_to("private-family-time").await;
    let mut plan = open_document(&server, &dad, &live.meeting_id, "plan").await;
    plan.add_paragraph("worries", WRITTEN_IN_B).await.unwrap();
    plan.settle().await.unwrap();
    let started = Instant::now();
    let report = manager
        .post(
            "/api/erasures",
            json!({ "meeting_id": live.meeting_id, "reason": "Entered in the wrong family's meeting" }),
        )
        .await
        .expect(201);
    assert_eq!(report["removed"]["rows"]["meetings"], 1, "{report}");
    let closed = plan.wait_for_close().await.unwrap();
    assert_eq!(closed.code, 4403, "{closed:?}");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    let refused = dad.document_token(&live.meeting_id, "plan").await;
    assert!([401, 404].contains(&refused.status), "{}", refused.body);
    assert_eq!(files_holding(&server, WRITTEN_IN_B).await, Vec::<String>::new());

    // The erased meeting A: its chain verifies and names the erased version; an altered byte of
    // what remains (the erased version's link) fails it.
    manager.post("/api/erasures", json!({ "meeting_id": meeting.meeting_id, "reason": "Request" })).await.expect(201);
    let (verified, said, error) = kinplan_in(&server, &["verify", "--meeting", &meeting.meeting_id]);
    assert!(verified, "{error}");
    assert!(said.contains(&format!("version 1 ({hash}) was erased on")), "{said}");
    assert_eq!(files_holding(&server, WRITTEN_IN_A).await, Vec::<String>::new());
    let tamper = format!("UPDATE plan_versions SET previous_hash = 'ab' WHERE hash = '{hash}'");
    sql(&server, &tamper).await;
    let (verified, _, error) = kinplan_in(&server, &["verify", "--meeting", &meeting.meeting_id]);
    assert!(!verified && error.contains("version 1"), "{error}");

    let actions = sql(&server, "SELECT action FROM audit_events ORDER BY id").await;
    for action in ["legal_hold_placed", "legal_hold_lifted", "person_erased", "meeting_erased"] {
        assert!(actions.iter().any(|done| done == action), "{action} is audited: {actions:?}");
    }
    // The audit trail of the erased meeting keeps what happened, not who of the family did it.
    let names =
        sql(&server, &format!("SELECT actor_name FROM audit_events WHERE meeting_id = '{}'", live.meeting_id)).await;
    assert!(!names.iter().any(|name| name == "Dad"), "{names:?}");
}

#[tokio::test]
async fn only_a_manager_may_and_bad_input_is_refused_with_what_to_give() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let manager = signed_in(&server, "manager@council.example", StaffRole::Manager).await;
    let meeting = MeetingFixture::new(&server, "Plan for M").await;
    let (mum, mum_id) = meeting.join_as(&server, "Mum", Family).await;
    let practitioner = signed_in(&server, "pat@council.example", StaffRole::Practitioner).await;
    let target = json!({ "meeting_id": meeting.meeting_id, "reason": "Because" });
    let calls: Vec<(&str, &str, Value)> = vec![
        ("GET", "/api/retention/rules", Value::Null),
        ("PUT", "/api/retention/rules/meeting", json!({ "keep": "1d", "from": "closure" })),
        ("POST", "/api/retention/run", json!({ "as_of": years_ahead(90) })),
        ("GET", "/api/holds", Value::Null),
        ("POST", "/api/holds", target.clone()),
        ("POST", "/api/holds/lift", target.clone()),
        ("GET", "/api/erasures", Value::Null),
        ("POST", "/api/erasures", target.clone()),
    ];
    let stranger = Api::new(&server);
    for (method, path, body) in &calls {
        for (who, api, status) in [
            ("facilitator", &meeting.facilitator, 403),
            ("practitioner", &practitioner, 403),
            ("family", &mum, 403),
            ("nobody", &stranger, 401),
        ] {
            let answer = match *method {
                "GET" => api.get(path).await,
                "PUT" => api.put(path, body.clone()).await,
                _ => api.post(path, body.clone()).await,
            };
            assert_eq!(answer.status, status, "{who} {method} {path}: {}", answer.body);
            if status == 403 {
                assert!(answer.body["message"].as_str().unwrap().contains("only a manager"), "{}", answer.body);
            }
        }
    }
    // Nothing was done by anyone refused.
    meeting.facilitator.get(&meeting.path("")).await.expect(200);
    assert_eq!(manager.get("/api/holds").await.expect(200), json!([]));

    for (path, body, status, says) in [
        ("/api/retention/rules/minutes", json!({ "keep": "1y", "from": "closure" }), 400, "give one of meeting"),
        ("/api/retention/rules/meeting", json!({ "keep": "3w", "from": "closure" }), 400, "such as 30d"),
        ("/api/retention/rules/meeting", json!({ "keep": "0y", "from": "closure" }), 400, "from 1 to"),
        ("/api/retention/rules/meeting", json!({ "keep": "1y", "from": "record" }), 400, "give one of closure"),
        ("/api/retention/rules/audit-events", json!({ "keep": "1y", "from": "closure" }), 400, "give one of record"),
        ("/api/retention/rules/meeting", json!({ "keep": "1y", "from": "closure", "x": 1 }), 400, ""),
    ] {
        let answer = manager.put(path, body.clone()).await;
        assert_eq!(answer.status, status, "{path} {body}: {}", answer.body);
        assert!(answer.body["message"].as_str().unwrap_or("").contains(says), "{}", answer.body);
    }
    for (path, body, status, says) in [
        ("/api/retention/run", json!({ "as_of": "2026-13-01" }), 400, "YYYY-MM-DD"),
        (
            "/api/holds",
            json!({ "meeting_id": meeting.meeting_id, "participant_id": mum_id, "reason": "x" }),
            400,
            "not both",
        ),
        ("/api/holds", json!({ "reason": "x" }), 400, "not both"),
        (
            "/api/holds",
            json!({ "meeting_id": meeting.meeting_id, "reason": "  " }),
            400,
            "reason for the hold is needed",
        ),
        ("/api/holds", json!({ "meeting_id": "no-such-meeting", "reason": "x" }), 404, "meeting"),
        ("/api/holds/lift", json!({ "meeting_id": meeting.meeting_id, "reason": "x" }), 409, "no hold in force"),
        ("/api/erasures", json!({ "participant_id": "no-such-person", "reason": "x" }), 404, "person"),
        ("/api/erasures", json!({ "meeting_id": meeting.meeting_id, "reason": "" }), 400, "reason for the erasure"),
    ] {
        let answer = manager.post(path, body.clone()).await;
        assert_eq!(answer.status, status, "{path} {body}: {}", answer.body);
        assert!(answer.body["message"].as_str().unwrap().contains(says), "{path}: {}", answer.body);
    }
    // Everyone may read the data map, before signing in, and the privacy notice points to it.
    let map = reqwest::get(server.http_url("/data-protection")).await.unwrap();
    assert_eq!(map.status(), 200);
    let map = map.text().await.unwrap();
    assert!(map.contains("retention_rules") && map.contains("Legal holds"), "{map}");
    let notice = mum.get(&meeting.path("/consent")).await.expect(200);
    assert!(notice["notice"]["body"].as_str().unwrap().contains("/data-protection"), "{notice}");

    // A hold survives a refused erasure; the link of a held person still works.
    manager.post("/api/holds", json!({ "participant_id": mum_id, "reason": "Inquiry" })).await.expect(201);
    manager
        .post("/api/erasures", json!({ "meeting_id": meeting.meeting_id, "reason": "x" }))
        .await
        .expect_error(409, "conflict");
    mum.get(&meeting.path("")).await.expect(200);
}

#[tokio::test]
async fn the_command_line_keeps_rules_holds_erasures_and_refuses_bad_input() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let (meeting, _, mum_id, _) = closed_meeting(&server, "Plan for A", WRITTEN_IN_A).await;
    let id = meeting.meeting_id.as_str();

    let (ok, said, error) =
        kinplan_in(&server, &["retention", "set", "--record-type", "meeting", "--keep", "25y", "--from", "birth"]);
    assert!(ok, "{error}");
    assert!(said.contains("25 years from the youngest child's date of birth"), "{said}");
    let (ok, said, _) = kinplan_in(&server, &["retention", "show", "--json"]);
    assert!(ok);
    let rules = kinplan_tests::json_of(&said);
    assert_eq!(rules.as_array().unwrap().len(), 7, "{rules}");
    assert_eq!(rules[0]["keep"], "25y");
    let (ok, said, error) = kinplan_in(
        &server,
        &["retention", "set", "--record-type", "contact-details", "--keep", "1d", "--from", "closure"],
    );
    assert!(ok, "{error}: {said}");
    let (ok, said, error) = kinplan_in(&server, &["retention", "run", "--dry-run", "--as-of", &years_ahead(1)]);
    assert!(ok, "{error}");
    assert!(
        said.contains(&format!("would delete contact-details of meeting {id}")) && said.contains("dry run"),
        "{said}"
    );
    let (ok, said, _) = kinplan_in(&server, &["hold", "add", "--meeting", id, "--reason", "Inquiry"]);
    assert!(ok && said.starts_with("hold "), "{said}");
    let (ok, said, _) = kinplan_in(&server, &["retention", "run", "--as-of", &years_ahead(1)]);
    assert!(ok && said.contains("kept     contact-details of meeting") && said.contains("on hold (Inquiry)"), "{said}");
    let (ok, _, error) = kinplan_in(&server, &["erase", "--meeting", id, "--reason", "Request"]);
    assert!(!ok && error.contains("legal hold"), "{error}");
    let (ok, said, _) = kinplan_in(&server, &["hold", "remove", "--meeting", id, "--reason", "Inquiry over"]);
    assert!(ok && said.contains("1 hold(s) lifted"), "{said}");
    let (ok, said, error) = kinplan_in(&server, &["erase", "--person", &mum_id, "--reason", "Request"]);
    assert!(ok && said.contains("data erased") && said.contains("kept: 1 saved version"), "{said} {error}");
    let (ok, said, error) = kinplan_in(&server, &["erase", "--meeting", id, "--reason", "Request", "--json"]);
    assert!(ok, "{error}");
    assert_eq!(kinplan_tests::json_of(&said)["removed"]["versions"].as_array().unwrap().len(), 1);
    meeting.facilitator.get(&meeting.path("")).await.expect_error(404, "not_found");

    for (args, says) in [
        (vec!["retention", "set", "--record-type", "meeting", "--keep", "3w", "--from", "closure"], "such as 30d"),
        (
            vec!["retention", "set", "--record-type", "audit-events", "--keep", "3y", "--from", "closure"],
            "give one of record",
        ),
        (vec!["retention", "set", "--record-type", "minutes", "--keep", "3y", "--from", "closure"], "possible values"),
        (vec!["retention", "run", "--as-of", "next week"], "YYYY-MM-DD"),
        (vec!["hold", "add", "--meeting", id, "--person", &mum_id, "--reason", "x"], "cannot be used with"),
        (vec!["hold", "add", "--meeting", "no-such-meeting", "--reason", "x"], "that meeting was not found"),
        (vec!["hold", "add", "--meeting", id, "--reason", " "], "reason for the hold is needed"),
        (vec!["erase", "--reason", "x"], "--meeting"),
        (vec!["erase", "--meeting", "no-such-meeting", "--reason", "x"], "that meeting was not found"),
    ] {
        let (ok, _, error) = kinplan_in(&server, &args);
        assert!(!ok && error.contains(says), "{args:?}: {error}");
    }
}

#[tokio::test]
async fn a_restored_backup_never_brings_erased_data_back() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let backup = directory.path().join("backup.db");
    let backup_path = backup.to_str().unwrap();
    if uses_postgres() {
        return a_restored_postgresql_copy_never_brings_erased_data_back(directory, server).await;
    }
    let (erased, _, _, _) = closed_meeting(&server, "Plan for A", WRITTEN_IN_A).await;
    let kept = MeetingFixture::new(&server, "Plan for B").await;
    let (mum, mum_id) = kept.join_as(&server, "Mum", Family).await;
    drop(mum);

    // Taken while the server serves.
    let (ok, said, error) = kinplan_in(&server, &["backup", "--out", backup_path]);
    assert!(ok && said.contains("2 meeting(s)"), "{said} {error}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&backup).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let (ok, _, error) = kinplan_in(&server, &["backup", "--out", backup_path]);
    assert!(!ok && error.contains("exists already"), "{error}");
    let (ok, _, error) = kinplan_in(&server, &["backup", "--out", "/no/such/directory/backup.db"]);
    assert!(!ok && error.contains("there is no directory"), "{error}");

    // After the backup: one meeting erased, one person erased.
    let (ok, _, error) = kinplan_in(&server, &["erase", "--meeting", &erased.meeting_id, "--reason", "Request"]);
    assert!(ok, "{error}");
    let (ok, _, error) = kinplan_in(&server, &["erase", "--person", &mum_id, "--reason", "Request"]);
    assert!(ok, "{error}");
    let written = sql(&server, "SELECT action FROM audit_events WHERE action = 'backup_written'").await;
    assert_eq!(written.len(), 1, "the backup is audited in the database it copied");
    let url = server.database_url.clone();
    server.stop().await;

    // Bad backups are refused, and the database is left as it was.
    let junk = directory.path().join("junk.db");
    std::fs::write(&junk, b"this is not a database at all, just some words").unwrap();
    let (ok, _, error) = kinplan(&["restore", "--database", &url, "--from", junk.to_str().unwrap()], "");
    assert!(!ok && error.contains("not a SQLite database"), "{error}");
    let (ok, _, error) = kinplan(&["restore", "--database", &url, "--from", "/no/such/backup.db"], "");
    assert!(!ok && error.contains("there is no file"), "{error}");
    let newer = directory.path().join("newer.db");
    std::fs::copy(&backup, &newer).unwrap();
    {
        use sqlx::{Connection, Executor};
        let mut connection = sqlx::SqliteConnection::connect(&format!("sqlite://{}", newer.display())).await.unwrap();
        connection
            .execute("INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (99990101000000, 'future', 1, x'00', 0)")
            .await
            .unwrap();
        connection.close().await.unwrap();
    }
    let (ok, _, error) = kinplan(&["restore", "--database", &url, "--from", newer.to_str().unwrap()], "");
    assert!(!ok && error.contains("newer kinplan"), "{error}");

    let (ok, said, error) = kinplan(&["restore", "--database", &url, "--from", backup_path], "");
    assert!(ok, "{error}");
    assert!(said.contains("2 erasure(s) made since the backup made again"), "{said}");
    let server = TestServer::start(directory.path()).await;
    assert_eq!(files_holding(&server, WRITTEN_IN_A).await, Vec::<String>::new(), "the erased meeting stays erased");
    let kept_title = format!("SELECT title FROM meetings WHERE id = '{}' AND erased_at IS NULL", kept.meeting_id);
    assert_eq!(sql(&server, &kept_title).await, ["Plan for B"], "what was not erased is back");
    let names = sql(&server, &format!("SELECT display_name FROM participants WHERE id = '{mum_id}'")).await;
    assert_eq!(names, ["Erased person"]);
    let (verified, said, _) = kinplan_in(&server, &["verify", "--meeting", &erased.meeting_id]);
    assert!(verified && said.contains("1 erased"), "{said}");
    let actions = sql(&server, "SELECT action FROM audit_events ORDER BY id").await;
    for action in ["erasure_reapplied", "backup_restored"] {
        assert!(actions.iter().any(|done| done == action), "{action} is audited: {actions:?}");
    }
    // The join link of the erased person does not come back either.
    let link = sql(&server, &format!("SELECT id FROM join_links WHERE participant_id = '{mum_id}'")).await;
    assert!(link.is_empty(), "{link:?}");
}

/// PostgreSQL's copy is taken and restored with its own tools (here, a copy of the database made
/// from it as a template, while nothing is connected); the erasures made since are listed before
/// the restore and made again after it.
async fn a_restored_postgresql_copy_never_brings_erased_data_back(
    directory: kinplan_tests::TestDirectory,
    server: TestServer,
) {
    use sqlx::{Connection, Executor};
    let backup_path = directory.path().join("backup.db");
    let (ok, _, error) = kinplan_in(&server, &["backup", "--out", backup_path.to_str().unwrap()]);
    assert!(!ok && error.contains("pg_dump"), "{error}");
    let (ok, _, error) = kinplan_in(&server, &["restore", "--from", backup_path.to_str().unwrap()]);
    assert!(!ok && error.contains("erasures reapply"), "{error}");

    let (erased, _, _, _) = closed_meeting(&server, "Plan for A", WRITTEN_IN_A).await;
    let url = server.database_url.clone();
    server.stop().await;
    let (server_url, name) = url.rsplit_once('/').unwrap();
    let copy_name = format!("{name}_copy");
    let copy_url = format!("{server_url}/{copy_name}");
    let mut admin = sqlx::PgConnection::connect(&format!("{server_url}/postgres")).await.unwrap();
    admin.execute(format!("DROP DATABASE IF EXISTS \"{copy_name}\" WITH (FORCE)").as_str()).await.unwrap();
    admin.execute(format!("CREATE DATABASE \"{copy_name}\" TEMPLATE \"{name}\"").as_str()).await.unwrap();

    let server = TestServer::start(directory.path()).await;
    let (ok, _, error) = kinplan_in(&server, &["erase", "--meeting", &erased.meeting_id, "--reason", "Request"]);
    assert!(ok, "{error}");
    let (ok, listed, error) = kinplan_in(&server, &["erasures", "list", "--json"]);
    assert!(ok, "{error}");
    server.stop().await;
    let saved = directory.path().join("erasures.json");
    std::fs::write(&saved, &listed).unwrap();
    let junk = directory.path().join("junk.json");
    std::fs::write(&junk, "[{\"id\": 1}]").unwrap();

    assert!(!files_of(&copy_url, WRITTEN_IN_A).await.is_empty(), "the copy was taken before the erasure");
    let (ok, _, error) =
        kinplan(&["erasures", "reapply", "--database", &copy_url, "--from", junk.to_str().unwrap()], "");
    assert!(!ok && error.contains("not a list of erasures"), "{error}");
    let (ok, said, error) =
        kinplan(&["erasures", "reapply", "--database", &copy_url, "--from", saved.to_str().unwrap()], "");
    assert!(ok && said.contains("1 of 1 erasure(s) made again"), "{said} {error}");
    assert_eq!(files_of(&copy_url, WRITTEN_IN_A).await, Vec::<String>::new());
    let (ok, said, _) =
        kinplan(&["erasures", "reapply", "--database", &copy_url, "--from", saved.to_str().unwrap()], "");
    assert!(ok && said.contains("0 of 1"), "made once only: {said}");
    let (verified, said, _) = kinplan(&["verify", "--database", &copy_url, "--meeting", &erased.meeting_id], "");
    assert!(verified && said.contains("1 erased"), "{said}");
    admin.execute(format!("DROP DATABASE IF EXISTS \"{copy_name}\" WITH (FORCE)").as_str()).await.unwrap();
    admin.close().await.unwrap();
}
