//! Data made by an earlier round survives: a database that an earlier kinplan wrote (kept in
//! `tests/fixtures/ROUND/`, see its README) opens with the current server, migrates forward, and
//! keeps every meeting, person, link, version, proposal, decision, audit row and document.
//!
//! Each fixture was made by driving the earlier binary through its API
//! (`examples/make_upgrade_fixture.rs`), which also wrote down what that server answered
//! (`expected.json`). The test loads the fixture (a copy of the SQLite file, or the PostgreSQL dump
//! into a fresh database when `KINPLAN_TEST_DATABASE=postgres`), starts the current server on it,
//! and checks three ways that nothing was lost:
//! - every row of every table the earlier server wrote is still there, unchanged in every column
//!   it had (the documents' update log and snapshots aside: compaction may merge them);
//! - every answer the earlier server gave is still given, field for field (new fields are fine);
//! - every version still verifies: `kinplan verify`, and the hash chain recomputed here.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::process::Command;

use kinplan_tests::api::Api;
use kinplan_tests::fixtures::{assert_included, document_json, fixtures_directory};
use kinplan_tests::{database_url_in, kinplan_binary, uses_postgres, TestClient, TestDirectory, TestServer};
use serde_json::{json, Value};

/// The rounds whose databases must open; each has `sqlite/` and `postgres/` fixtures.
const ROUNDS: [&str; 2] = ["round1", "round2"];

#[test]
fn every_round_has_a_fixture_for_both_databases() {
    for round in ROUNDS {
        let directory = fixtures_directory().join(round);
        for (backend, file) in [("sqlite", "kinplan.sqlite"), ("postgres", "kinplan.sql")] {
            let database = directory.join(backend).join(file);
            assert!(database.is_file(), "{} is missing", database.display());
            let expected = expected(&directory.join(backend));
            assert!(expected["made_by"]["commit"].is_string(), "{round}/{backend}: which commit made it");
            assert_eq!(expected["meetings"].as_array().map(Vec::len), Some(3), "{round}/{backend}");
        }
    }
}

#[tokio::test]
async fn a_round1_database_opens_migrates_and_keeps_everything() {
    upgrade("round1").await;
}

#[tokio::test]
async fn a_round2_database_opens_migrates_and_keeps_everything() {
    upgrade("round2").await;
}

fn expected(fixture: &Path) -> Value {
    let text = std::fs::read_to_string(fixture.join("expected.json")).expect("the fixture's expected.json");
    serde_json::from_str(&text).expect("expected.json is JSON")
}

fn backend() -> &'static str {
    if uses_postgres() {
        "postgres"
    } else {
        "sqlite"
    }
}

/// Puts the fixture's database where the test's server will look for it.
fn restore(fixture: &Path, database_url: &str, directory: &Path) {
    if !uses_postgres() {
        let file = directory.join("kinplan.db");
        std::fs::copy(fixture.join("kinplan.sqlite"), &file).expect("copying the SQLite fixture");
        return;
    }
    let (server, name) = database_url.rsplit_once('/').expect("a database URL names its database");
    let psql = |database: &str, args: &[&str]| {
        let output = Command::new("psql")
            .arg(format!("{server}/{database}"))
            .args(["--quiet", "--no-psqlrc", "--set", "ON_ERROR_STOP=1"])
            .args(args)
            .output()
            .expect("psql runs (PostgreSQL's client, beside the server the README names)");
        assert!(output.status.success(), "psql {args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
    };
    psql("postgres", &["--command", &format!("CREATE DATABASE \"{name}\"")]);
    psql(name, &["--file", fixture.join("kinplan.sql").to_str().unwrap()]);
}

async fn pool(database_url: &str) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::pool::PoolOptions::new().max_connections(1).connect(database_url).await.expect("the database opens")
}

/// Every row of every table, each column written as an SQL literal, by table, with the columns'
/// names: enough to tell whether any stored value changed, whatever its type.
async fn all_rows(database_url: &str) -> BTreeMap<String, (Vec<String>, Vec<Vec<String>>)> {
    use sqlx::Row;
    let pool = pool(database_url).await;
    let tables: Vec<String> = if uses_postgres() {
        sqlx::query_scalar("SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'")
            .fetch_all(&pool)
            .await
    } else {
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            .fetch_all(&pool)
            .await
    }
    .expect("listing the tables");
    let mut everything = BTreeMap::new();
    for table in tables {
        let columns: Vec<String> = if uses_postgres() {
            sqlx::query_scalar(
                "SELECT column_name::text FROM information_schema.columns \
                 WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
            )
            .bind(&table)
            .fetch_all(&pool)
            .await
        } else {
            sqlx::query_scalar("SELECT name FROM pragma_table_info($1) ORDER BY cid")
                .bind(&table)
                .fetch_all(&pool)
                .await
        }
        .expect("listing a table's columns");
        let literals: Vec<String> =
            columns
                .iter()
                .map(|column| {
                    if uses_postgres() {
                        format!("quote_nullable(\"{column}\")")
                    } else {
                        format!("quote(\"{column}\")")
                    }
                })
                .collect();
        let rows = sqlx::query(&format!("SELECT {} FROM \"{table}\"", literals.join(", ")))
            .fetch_all(&pool)
            .await
            .unwrap_or_else(|error| panic!("reading {table}: {error}"));
        let rows =
            rows.iter().map(|row| (0..columns.len()).map(|index| row.get::<String, _>(index)).collect()).collect();
        everything.insert(table, (columns, rows));
    }
    pool.close().await;
    everything
}

/// The tables whose rows may be merged rather than kept: compaction folds a document's logged
/// updates into its snapshot. Their content is checked by opening the documents instead.
const MERGED_TABLES: [&str; 2] = ["document_updates", "document_snapshots"];

/// The tables whose rows go by themselves as time passes: attempt counters (hashes) are pruned
/// once their window is over, and a fixture's windows ended long ago.
const PASSING_TABLES: [&str; 1] = ["attempt_counters"];

/// Fails naming every table that lost a row or a value it held before.
fn assert_every_row_kept(
    before: &BTreeMap<String, (Vec<String>, Vec<Vec<String>>)>,
    after: &BTreeMap<String, (Vec<String>, Vec<Vec<String>>)>,
) {
    let mut lost = Vec::new();
    for (table, (columns, rows)) in before {
        if MERGED_TABLES.contains(&table.as_str()) || PASSING_TABLES.contains(&table.as_str()) {
            continue;
        }
        let Some((columns_now, rows_now)) = after.get(table) else {
            lost.push(format!("the table {table} is gone"));
            continue;
        };
        let positions: Vec<Option<usize>> =
            columns.iter().map(|column| columns_now.iter().position(|now| now == column)).collect();
        if let Some(gone) = columns.iter().zip(&positions).find(|(_, position)| position.is_none()) {
            lost.push(format!("the column {table}.{} is gone", gone.0));
            continue;
        }
        let kept: HashSet<Vec<&String>> =
            rows_now.iter().map(|row| positions.iter().map(|position| &row[position.unwrap()]).collect()).collect();
        let missing: Vec<&Vec<String>> =
            rows.iter().filter(|row| !kept.contains(&row.iter().collect::<Vec<_>>())).collect();
        if !missing.is_empty() {
            lost.push(format!(
                "{table}: {} of {} rows lost or changed, the first: ({}) = ({})",
                missing.len(),
                rows.len(),
                columns.join(", "),
                missing[0].join(", ")
            ));
        }
    }
    assert!(lost.is_empty(), "the upgrade lost data:\n{}", lost.join("\n"));
}

/// How many migrations the current code has for this database.
fn current_migrations() -> usize {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("../store/migrations").join(backend());
    std::fs::read_dir(&directory)
        .expect("the server's migrations")
        .filter(|entry| entry.as_ref().is_ok_and(|entry| entry.path().extension().is_some_and(|ext| ext == "sql")))
        .count()
}

fn sha256_hex(text: &str) -> String {
    hmac_sha256::Hash::hash(text.as_bytes()).iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Runs `kinplan verify` on a meeting and gives what it said, after checking it succeeded.
fn verify(database_url: &str, meeting_id: &str, versions: usize) {
    let output = Command::new(kinplan_binary())
        .args(["verify", "--database", database_url, "--meeting", meeting_id])
        .output()
        .expect("kinplan verify runs");
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "kinplan verify failed: {said}{}", String::from_utf8_lossy(&output.stderr));
    assert!(said.contains(&format!("all {versions} version(s)")), "{said}");
}

/// Recomputes a meeting's hash chain from the stored rows, independently of the server: each
/// hash is the SHA-256 of its rendering, and each version names the one before it.
async fn assert_chain_holds(database_url: &str, meeting_id: &str, first_previous: Option<&str>, hashes: &[String]) {
    use sqlx::Row;
    let pool = pool(database_url).await;
    let rows = sqlx::query(
        "SELECT number, rendering, hash, previous_hash FROM plan_versions WHERE meeting_id = $1 ORDER BY number",
    )
    .bind(meeting_id)
    .fetch_all(&pool)
    .await
    .expect("reading the versions");
    pool.close().await;
    let stored: Vec<String> = rows.iter().map(|row| row.get("hash")).collect();
    assert_eq!(stored, hashes, "the versions stored for {meeting_id}");
    let mut previous = first_previous.map(str::to_owned);
    for (index, row) in rows.iter().enumerate() {
        let number: i64 = row.get("number");
        let rendering: String = row.get("rendering");
        let hash: String = row.get("hash");
        assert_eq!(number, index as i64 + 1, "versions are numbered from 1 without gaps");
        assert_eq!(sha256_hex(&rendering), hash, "version {number}'s hash is its rendering's");
        assert_eq!(row.get::<Option<String>, _>("previous_hash"), previous, "version {number}'s link");
        if let Some(previous) = &previous {
            assert!(rendering.contains(previous.as_str()), "version {number}'s rendering names its predecessor");
        }
        previous = Some(hash);
    }
}

async fn open(server: &TestServer, person: &Api, meeting_id: &str, kind: &str) -> TestClient {
    let token = person.document_token(meeting_id, kind).await.expect(200);
    let url = server.sync_url(token["document"].as_str().unwrap(), token["token"].as_str());
    let mut client = TestClient::connect(&url).await.expect("connects");
    client.sync().await.expect("syncs");
    client
}

fn strings(values: &Value, key: &str) -> Vec<String> {
    values.as_array().unwrap().iter().map(|value| value[key].as_str().unwrap().to_owned()).collect()
}

async fn upgrade(round: &str) {
    let fixture = fixtures_directory().join(round).join(backend());
    let expected = expected(&fixture);
    let directory = TestDirectory::new();
    let database_url = database_url_in(directory.path());
    restore(&fixture, &database_url, directory.path());

    // The family's link (made for 90 days) expires some time after the fixture was made. Once
    // it has, the test moves it on, as if it had been made today, so that it can still join as
    // Kerry; it then expects the new expiry in the network list. Done before the snapshot of
    // every row.
    let mut expected = expected;
    let link = expected["family_link"].clone();
    {
        use sqlx::Row;
        let pool = pool(&database_url).await;
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64;
        let query = "SELECT expires_at FROM join_links WHERE participant_id = $1 AND revoked_at IS NULL";
        let row = sqlx::query(query).bind(link["participant_id"].as_str().unwrap()).fetch_one(&pool).await;
        let expires_at: i64 = row.expect("the family's link is in the fixture").get(0);
        if expires_at < now + 3_600_000 {
            let moved_to = now + 86_400_000;
            sqlx::query("UPDATE join_links SET expires_at = $1 WHERE participant_id = $2 AND revoked_at IS NULL")
                .bind(moved_to)
                .bind(link["participant_id"].as_str().unwrap())
                .execute(&pool)
                .await
                .expect("moving the family's link on");
            let person = expected["meetings"][0]["participants"]
                .as_array_mut()
                .unwrap()
                .iter_mut()
                .find(|person| person["id"] == link["participant_id"])
                .expect("the family member is in the network");
            for shown in person["links"].as_array_mut().unwrap() {
                if shown["revoked"] == false {
                    shown["expires_at"] = json!(kinplan_server::api::meetings::timestamp(moved_to));
                }
            }
        }
        pool.close().await;
    }
    let before = all_rows(&database_url).await;
    let migrations_before = before["_sqlx_migrations"].1.len();
    assert!(migrations_before < current_migrations(), "the fixture predates some of the current migrations");
    assert!(before["audit_events"].1.len() >= expected["service_audit"].as_array().unwrap().len());

    let server = TestServer::start(directory.path()).await;
    let after_start = all_rows(&database_url).await;
    assert_eq!(after_start["_sqlx_migrations"].1.len(), current_migrations(), "every migration ran");
    {
        // Every meeting made before cases belongs to one: its own, or for a review the case of the
        // meeting it follows, named as that meeting was.
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&database_url).await.unwrap();
        let rows: Vec<(String, Option<String>, Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT m.id, m.case_id, f.case_id, c.title FROM meetings m LEFT JOIN meetings f ON f.id = m.follows_meeting_id \
             LEFT JOIN cases c ON c.id = m.case_id",
        )
        .fetch_all(&pool)
        .await
        .unwrap();
        pool.close().await;
        assert_eq!(rows.len(), expected["meetings"].as_array().unwrap().len());
        for (meeting, case, followed_case, title) in &rows {
            assert!(case.is_some() && title.is_some(), "meeting {meeting} belongs to a case");
            if followed_case.is_some() {
                assert_eq!(case, followed_case, "review {meeting} is in the case of the meeting it follows");
            }
        }
    }

    // Every staff account signs in with its password (argon2 hashes from the earlier round).
    let password = expected["password"].as_str().unwrap();
    let mut staff = BTreeMap::new();
    for person in expected["staff"].as_array().unwrap() {
        let email = person["email"].as_str().unwrap();
        let api = Api::new(&server);
        let session = api.post("/api/session", json!({ "email": email, "password": password })).await.expect(200);
        assert_eq!(session["name"], person["name"], "{email}");
        assert_eq!(session["role"], person["role"], "{email}");
        staff.insert(email.to_owned(), api);
    }
    let facilitator = &staff[expected["staff"][0]["email"].as_str().unwrap()];
    let manager = &staff[expected["staff"][3]["email"].as_str().unwrap()];

    // The family member joins with her link (its secret is checked against the stored hash).
    let kerry = Api::new(&server);
    kerry.post("/api/join", json!({ "secret": link["secret"] })).await.expect(200);

    let meetings = expected["meetings"].as_array().unwrap();
    let listed = facilitator.get("/api/meetings").await.expect(200);
    let mut listed = strings(&listed, "id");
    let mut wanted = strings(&expected["meetings"], "id");
    listed.sort();
    wanted.sort();
    assert_eq!(listed, wanted, "the facilitator's meetings");

    for meeting in meetings {
        let id = meeting["id"].as_str().unwrap();
        let path = format!("/api/meetings/{id}");
        let what = |part: &str| format!("{round} meeting {} {part}", meeting["meeting"]["title"]);
        assert_included(&meeting["meeting"], &facilitator.get(&path).await.expect(200), &what("meeting"));
        let participants = facilitator.get(&format!("{path}/participants")).await.expect(200);
        assert_included(&meeting["participants"], &participants, &what("participants"));
        let versions = facilitator.get(&format!("{path}/versions")).await.expect(200);
        assert_included(&meeting["versions"], &versions, &what("versions"));
        for view in meeting["version_views"].as_array().unwrap() {
            let hash = view["hash"].as_str().unwrap();
            let now = facilitator.get(&format!("{path}/versions/{hash}")).await.expect(200);
            assert_included(view, &now, &what(&format!("version {}", view["number"])));
        }
        match &meeting["proposal"] {
            Value::Null => {
                facilitator.get(&format!("{path}/proposal")).await.expect(404);
            }
            proposal => {
                let now = facilitator.get(&format!("{path}/proposal")).await.expect(200);
                // "Still to decide" names only the people expected to decide since this round
                // (those at the meeting, the referrer, whoever the facilitator names): everyone
                // the older server waited for is still there, either waited for or listed apart
                // as not expected.
                let mut earlier = proposal.clone();
                let waited = earlier.as_object_mut().unwrap().remove("waiting_for").unwrap_or(Value::Null);
                assert_included(&earlier, &now, &what("proposal"));
                let names = |value: &Value| -> Vec<String> {
                    let mut names: Vec<String> =
                        value.as_array().into_iter().flatten().map(|name| name.as_str().unwrap().to_owned()).collect();
                    names.sort();
                    names
                };
                let mut accounted = names(&now["waiting_for"]);
                accounted.extend(names(&now["not_expected"]));
                accounted.sort();
                assert_eq!(
                    accounted,
                    names(&waited),
                    "{}",
                    what("proposal: everyone still to decide is accounted for")
                );
            }
        }
        for (kind, content) in meeting["documents"].as_object().unwrap() {
            let person = if kind == "family-time" { &kerry } else { facilitator };
            let client = open(&server, person, id, kind).await;
            assert_eq!(&document_json(&client.doc, kind), content, "{}", what(&format!("{kind} document")));
            client.close().await;
        }

        // Every version verifies, by the command line and recomputed here.
        let hashes = strings(&meeting["versions"], "hash");
        if !hashes.is_empty() {
            verify(&database_url, id, hashes.len());
            let first_previous = meeting["versions"][0]["previous_hash"].as_str();
            assert_chain_holds(&database_url, id, first_previous, &hashes).await;
        }

        // Every audit row the earlier server showed is still shown, unchanged.
        let audit = facilitator.get(&format!("{path}/audit")).await.expect(200);
        let now: BTreeMap<i64, &Value> =
            audit.as_array().unwrap().iter().map(|event| (event["id"].as_i64().unwrap(), event)).collect();
        for event in meeting["audit"].as_array().unwrap() {
            let found = now.get(&event["id"].as_i64().unwrap()).copied().unwrap_or(&Value::Null);
            assert_included(event, found, &what(&format!("audit event {}", event["id"])));
        }
    }

    // The service's audit log, sign-ins included.
    let service_audit = manager.get("/api/audit").await.expect(200);
    let now: BTreeMap<i64, &Value> =
        service_audit.as_array().unwrap().iter().map(|event| (event["id"].as_i64().unwrap(), event)).collect();
    for event in expected["service_audit"].as_array().unwrap() {
        let found = now.get(&event["id"].as_i64().unwrap()).copied().unwrap_or(&Value::Null);
        assert_included(event, found, &format!("{round} service audit event {}", event["id"]));
    }

    // The final plan still exports, naming its hash.
    let first = &meetings[0];
    let final_hash = first["proposal"]["version_hash"].as_str().unwrap();
    assert_eq!(first["proposal"]["status"], "final");
    let path = format!("/api/meetings/{}/versions/{final_hash}/export?format=md", first["id"].as_str().unwrap());
    let response = facilitator.http.get(format!("{}{path}", facilitator.base)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.text().await.unwrap().contains(final_hash), "the export names the final hash");

    // Work goes on where the earlier server left it: the review gets its next version, on the
    // same chain.
    let review = &meetings[1];
    let review_id = review["id"].as_str().unwrap();
    let mut hashes = strings(&review["versions"], "hash");
    let mut plan = open(&server, facilitator, review_id, "plan").await;
    plan.add_paragraph("monitoring", "Written after the upgrade.").await.unwrap();
    plan.settle().await.unwrap();
    plan.close().await;
    let saved =
        facilitator.post(&format!("/api/meetings/{review_id}/versions"), json!({ "label": "After the upgrade" })).await;
    let saved = saved.expect(201);
    assert_eq!(saved["number"], hashes.len() + 1);
    assert_eq!(saved["previous_hash"], hashes.last().unwrap().as_str());
    hashes.push(saved["hash"].as_str().unwrap().to_owned());
    verify(&database_url, review_id, hashes.len());
    assert_chain_holds(&database_url, review_id, Some(final_hash), &hashes).await;

    server.stop().await;
    // Nothing the earlier server stored was lost or changed by migrating, starting, reading and
    // writing.
    let after = all_rows(&database_url).await;
    assert_every_row_kept(&before, &after);
}
