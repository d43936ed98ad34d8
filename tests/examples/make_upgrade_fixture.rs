//! Makes one upgrade fixture: runs a kinplan binary of an earlier round (`KINPLAN_BIN`) on an
//! empty database and drives it as people would, through its command line, its REST API and the
//! Yjs sync over WebSocket; then writes down what that server answered (`expected.json`), kills
//! it as a crash would (so updates stay in the log after the last snapshot) and leaves the
//! database behind. `tests/fixtures/make-fixtures.sh` runs it for SQLite and for PostgreSQL and
//! keeps the results; `tests/upgrade.rs` opens them with the current server.
//!
//! ```sh
//! KINPLAN_BIN=/tmp/old/target/debug/kinplan cargo run -p kinplan-tests --example make_upgrade_fixture -- \
//!     --database sqlite:///tmp/round1/kinplan.db --expected /tmp/round1/expected.json --made-by a458376
//! ```
//!
//! It speaks only the API that the earlier round had, so it keeps working against that binary
//! even as the current server grows.

use std::io::Write;
use std::process::{Command, Stdio};

use anyhow::{bail, ensure, Context};
use kinplan_tests::api::{link_secret, Api, PASSWORD};
use kinplan_tests::fixtures::document_json;
use kinplan_tests::{kinplan_binary, ServerProcess, TestClient};
use serde_json::{json, Value};

struct Arguments {
    database: String,
    expected: std::path::PathBuf,
    made_by: String,
}

fn arguments() -> anyhow::Result<Arguments> {
    let mut args = std::env::args().skip(1);
    let (mut database, mut expected, mut made_by) = (None, None, None);
    while let Some(flag) = args.next() {
        let value = args.next().with_context(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--database" => database = Some(value),
            "--expected" => expected = Some(value.into()),
            "--made-by" => made_by = Some(value),
            other => bail!("unknown argument {other}"),
        }
    }
    Ok(Arguments {
        database: database.context("--database URL is needed")?,
        expected: expected.context("--expected FILE is needed")?,
        made_by: made_by.context("--made-by COMMIT is needed")?,
    })
}

/// The staff of the service: email, name, role.
const STAFF: [(&str, &str, &str); 4] = [
    ("fay.okafor@council.example", "Fay Okafor", "facilitator"),
    ("sam.reid@council.example", "Sam Reid", "practitioner"),
    ("hana.begum@council.example", "Hana Begum", "practitioner"),
    ("maya.evans@council.example", "Maya Evans", "manager"),
];

fn add_staff(database: &str) -> anyhow::Result<()> {
    for (email, name, role) in STAFF {
        let mut child = Command::new(kinplan_binary())
            .args(["user", "add", "--database", database, "--email", email, "--name", name, "--role", role])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .context("running kinplan user add")?;
        child.stdin.take().unwrap().write_all(format!("{PASSWORD}\n").as_bytes())?;
        ensure!(child.wait()?.success(), "kinplan user add {email} failed");
    }
    Ok(())
}

/// Checks an answer's status and gives its body.
fn expect(answer: kinplan_tests::api::Answer, status: u16, what: &str) -> anyhow::Result<Value> {
    ensure!(answer.status == status, "{what}: {} {}", answer.status, answer.body);
    Ok(answer.body)
}

fn id(value: &Value) -> String {
    value["id"].as_str().expect("an id").to_owned()
}

struct Service {
    address: std::net::SocketAddr,
}

impl Service {
    async fn sign_in(&self, email: &str) -> anyhow::Result<Api> {
        let api = Api::at(self.address);
        expect(api.post("/api/session", json!({ "email": email, "password": PASSWORD })).await, 200, "sign-in")?;
        Ok(api)
    }

    /// Opens a meeting's document as `person`, with a token from the API, synced.
    async fn open(&self, person: &Api, meeting_id: &str, kind: &str) -> anyhow::Result<TestClient> {
        let token = expect(person.document_token(meeting_id, kind).await, 200, "a document token")?;
        let url = format!(
            "ws://{}/sync/{}?token={}",
            self.address,
            token["document"].as_str().unwrap(),
            token["token"].as_str().unwrap()
        );
        let mut client = TestClient::connect(&url).await?;
        client.sync().await?;
        Ok(client)
    }
}

async fn add_person(facilitator: &Api, meeting_id: &str, person: Value) -> anyhow::Result<String> {
    let added = facilitator.post(&format!("/api/meetings/{meeting_id}/participants"), person).await;
    Ok(id(&expect(added, 201, "adding a participant")?))
}

async fn make_link(facilitator: &Api, meeting_id: &str, participant_id: &str, options: Value) -> anyhow::Result<Value> {
    let path = format!("/api/meetings/{meeting_id}/participants/{participant_id}/links");
    expect(facilitator.post(&path, options).await, 201, "making a link")
}

async fn move_to(facilitator: &Api, meeting_id: &str, stage: &str) -> anyhow::Result<()> {
    let path = format!("/api/meetings/{meeting_id}/stage");
    expect(facilitator.put(&path, json!({ "stage": stage })).await, 200, "moving the stage")?;
    Ok(())
}

async fn decide(person: &Api, meeting_id: &str, hash: &str, decision: &str, comment: &str) -> anyhow::Result<()> {
    let path = format!("/api/meetings/{meeting_id}/proposal/decisions");
    let body = json!({ "version_hash": hash, "decision": decision, "comment": comment });
    expect(person.post(&path, body).await, 200, "recording a decision")?;
    Ok(())
}

async fn comment(client: &mut TestClient, id: &str, author: &str, section: &str, text: &str) -> anyhow::Result<()> {
    use yrs::{Array, MapPrelim, WriteTxn};
    let fields: Vec<(String, yrs::In)> =
        [("id", id), ("author", author), ("section", section), ("text", text), ("created_at", "2026-11-24T10:20:00Z")]
            .iter()
            .map(|(key, value)| (key.to_string(), yrs::In::from(value.to_string())))
            .collect();
    client
        .edit(move |transaction| {
            let comments = transaction.get_or_insert_array(kinplan_protocol::plan::COMMENTS);
            let length = comments.len(transaction);
            comments.insert(transaction, length, MapPrelim::from_iter(fields));
        })
        .await?;
    client.settle().await
}

/// What the fixture's service holds: three meetings (an FNM taken to a final plan, the review
/// that follows it, and an FGC still in preparation).
async fn drive(service: &Service) -> anyhow::Result<Value> {
    let fay = service.sign_in(STAFF[0].0).await?;
    let sam = service.sign_in(STAFF[1].0).await?;
    let hana = service.sign_in(STAFF[2].0).await?;

    // The first meeting and its network.
    let meeting = expect(
        fay.post(
            "/api/meetings",
            json!({ "title": "Family network meeting for Jayden", "kind": "fnm", "scheduled_at": "2026-11-24T10:00:00Z" }),
        )
        .await,
        201,
        "creating the meeting",
    )?;
    let m1 = id(&meeting);
    let mum = add_person(
        &fay,
        &m1,
        json!({ "display_name": "Kerry", "relationship": "mother", "kind": "family", "language": "English", "access_needs": "Large print, please" }),
    )
    .await?;
    let gran = add_person(
        &fay,
        &m1,
        json!({ "display_name": "Pat", "relationship": "grandmother", "kind": "family", "language": "Polish" }),
    )
    .await?;
    add_person(&fay, &m1, json!({ "display_name": "Dev", "relationship": "family friend", "kind": "friend" })).await?;
    let child = add_person(
        &fay,
        &m1,
        json!({ "display_name": "Jayden", "relationship": "the child (9)", "kind": "child", "access_needs": "Likes to draw" }),
    )
    .await?;
    add_person(&fay, &m1, json!({ "display_name": "Ade", "relationship": "Jayden's advocate", "kind": "advocate" }))
        .await?;
    add_person(
        &fay,
        &m1,
        json!({ "display_name": "Sam Reid", "relationship": "social worker", "kind": "practitioner",
                "staff_email": STAFF[1].0, "is_referrer": true }),
    )
    .await?;
    add_person(
        &fay,
        &m1,
        json!({ "display_name": "Hana Begum", "relationship": "health visitor", "kind": "practitioner", "staff_email": STAFF[2].0 }),
    )
    .await?;
    let interpreter = add_person(
        &fay,
        &m1,
        json!({ "display_name": "Marta", "relationship": "Polish interpreter", "kind": "interpreter", "language": "Polish" }),
    )
    .await?;
    let mum_link = make_link(&fay, &m1, &mum, json!({ "access_code": false, "valid_for_days": 90 })).await?;
    let gran_link = make_link(&fay, &m1, &gran, json!({ "access_code": true })).await?;
    make_link(&fay, &m1, &child, json!({ "access_code": false })).await?;
    make_link(&fay, &m1, &interpreter, json!({ "access_code": false, "valid_for_days": 3 })).await?;

    let kerry = Api::at(service.address);
    expect(kerry.post("/api/join", json!({ "secret": link_secret(&mum_link) })).await, 200, "Kerry joins")?;
    let pat = Api::at(service.address);
    let wrong = pat.post("/api/join", json!({ "secret": link_secret(&gran_link), "access_code": "000000" })).await;
    ensure!(wrong.status == 401, "a wrong code is refused: {} {}", wrong.status, wrong.body);
    let code = gran_link["access_code"].as_str().context("Pat's link has a code")?;
    let joined = pat.post("/api/join", json!({ "secret": link_secret(&gran_link), "access_code": code })).await;
    expect(joined, 200, "Pat joins with her code")?;

    // Preparation: the facilitator records the referral in the plan.
    let mut plan = service.open(&fay, &m1, "plan").await?;
    plan.add_paragraph("worries", "Jayden has missed twelve days of school this term.").await?;
    plan.add_paragraph("worries", "Kerry has been unwell and sometimes cannot get up in the morning.").await?;
    plan.add_paragraph("bottom_lines", "Jayden is at school every day, on time.").await?;
    plan.add_paragraph("family_answers", "Who can help Jayden get to school when Kerry is unwell?").await?;
    plan.settle().await?;
    plan.close().await;

    // Information sharing: practitioners comment in their own document.
    move_to(&fay, &m1, "information").await?;
    let mut comments = service.open(&sam, &m1, "comments").await?;
    comment(&mut comments, "c1", "Sam Reid", "worries", "School says mornings are the hard part.").await?;
    comments.close().await;
    let mut comments = service.open(&hana, &m1, "comments").await?;
    comment(&mut comments, "c2", "Hana Begum", "support_requested", "The GP can review Kerry's medication.").await?;
    comments.close().await;

    // Private family time: the family writes its plan, and notes only they see.
    move_to(&fay, &m1, "private-family-time").await?;
    let mut plan = service.open(&kerry, &m1, "plan").await?;
    plan.add_paragraph("strengths", "Pat lives two streets away and is up early.").await?;
    plan.add_paragraph("strengths", "Jayden loves football club on Thursdays.").await?;
    plan.add_paragraph("child_worries", "Being late and everyone looking at me.").await?;
    plan.add_paragraph("child_good_things", "Football, drawing, my cat Biscuit.").await?;
    plan.add_paragraph("child_dreams", "To play for the school team.").await?;
    plan.add_paragraph("support_requested", "A bus pass for Pat, so she can take Jayden in the rain.").await?;
    plan.add_action(&[
        ("id", "a1"),
        ("what", "Walk Jayden to school on Mondays and Tuesdays"),
        ("who", "Pat"),
        ("by_when", "2026-12-01"),
        ("how_we_know", "The school's attendance letter"),
        ("status", "not_started"),
    ])
    .await?;
    plan.add_action(&[
        ("id", "a2"),
        ("what", "Ask the GP to review Kerry's medication"),
        ("who", "Kerry"),
        ("by_when", "2026-12-15"),
        ("how_we_know", "Kerry has an appointment letter"),
        ("status", "not_started"),
    ])
    .await?;
    plan.set_meta("lead_family_member", "Pat").await?;
    plan.set_meta("review_date", "2027-02-24").await?;
    plan.settle().await?;
    plan.close().await;
    let mut pat_plan = service.open(&pat, &m1, "plan").await?;
    pat_plan.add_paragraph("contingency", "If Pat is ill, Dev drives Jayden.").await?;
    pat_plan.settle().await?;
    pat_plan.close().await;
    let mut notes = service.open(&kerry, &m1, "family-time").await?;
    notes.append_text(kinplan_protocol::plan::FAMILY_NOTES, "Ask Pat about Mondays before we go back in.").await?;
    notes.settle().await?;
    notes.close().await;

    // Agreement: versions, a proposal that is not agreed, a revision, and a final plan.
    move_to(&fay, &m1, "agreement").await?;
    expect(
        fay.post(&format!("/api/meetings/{m1}/participants/{child}/revoke"), json!({})).await,
        200,
        "revoking Jayden's link",
    )?;
    let versions = format!("/api/meetings/{m1}/versions");
    expect(kerry.post(&versions, json!({ "label": "Our first draft" })).await, 201, "saving version 1")?;
    let mut plan = service.open(&kerry, &m1, "plan").await?;
    plan.set_action_field(1, "status", "on_track").await?;
    plan.add_paragraph("monitoring", "Pat rings Hana every Friday.").await?;
    plan.settle().await?;
    plan.close().await;
    expect(fay.post(&versions, json!({ "label": "" })).await, 201, "saving version 2")?;
    let proposal_path = format!("/api/meetings/{m1}/proposal");
    let proposal = expect(fay.post(&proposal_path, json!({})).await, 201, "proposing")?;
    let hash = proposal["version_hash"].as_str().unwrap().to_owned();
    decide(&kerry, &m1, &hash, "agree", "").await?;
    decide(&pat, &m1, &hash, "agree_with_comment", "Only if Dev can do Tuesdays too.").await?;
    decide(&hana, &m1, &hash, "agree", "").await?;
    decide(&sam, &m1, &hash, "not_agreed", "There is no plan for the days Pat works.").await?;
    expect(fay.delete(&proposal_path).await, 200, "withdrawing")?;
    let mut plan = service.open(&kerry, &m1, "plan").await?;
    plan.add_paragraph("contingency", "On the days Pat works, Dev walks Jayden; Kerry rings the school if he cannot.")
        .await?;
    plan.settle().await?;
    plan.close().await;
    let proposal = expect(fay.post(&proposal_path, json!({})).await, 201, "proposing again")?;
    let final_hash = proposal["version_hash"].as_str().unwrap().to_owned();
    decide(&kerry, &m1, &final_hash, "agree", "").await?;
    decide(&pat, &m1, &final_hash, "agree_with_comment", "Thank you all.").await?;
    decide(&hana, &m1, &final_hash, "agree_with_comment", "I will ring Pat on Fridays.").await?;
    decide(&sam, &m1, &final_hash, "agreed", "").await?;
    let closed = expect(fay.post(&format!("{proposal_path}/close"), json!({})).await, 200, "closing")?;
    ensure!(closed["status"] == "final", "the plan is final: {closed}");
    for format in ["md", "json"] {
        let path = format!("/api/meetings/{m1}/versions/{final_hash}/export?format={format}");
        let response = fay.http.get(format!("{}{path}", fay.base)).send().await?;
        ensure!(response.status() == 200, "exporting {format}: {}", response.status());
    }

    // The review that follows the final plan, started and left part way, with an edit made after
    // its last version.
    let review = expect(
        fay.post(
            "/api/meetings",
            json!({ "title": "Review for Jayden", "kind": "review", "follows_meeting_id": m1, "scheduled_at": "2027-02-24T10:00:00Z" }),
        )
        .await,
        201,
        "creating the review",
    )?;
    let m2 = id(&review);
    add_person(&fay, &m2, json!({ "display_name": "Kerry", "relationship": "mother", "kind": "family" })).await?;
    add_person(
        &fay,
        &m2,
        json!({ "display_name": "Sam Reid", "relationship": "social worker", "kind": "practitioner",
                "staff_email": STAFF[1].0, "is_referrer": true }),
    )
    .await?;
    let mut plan = service.open(&fay, &m2, "plan").await?;
    plan.set_action_field(0, "status", "done").await?;
    plan.set_action_field(1, "status", "not_on_track").await?;
    plan.settle().await?;
    plan.close().await;
    let saved =
        fay.post(&format!("/api/meetings/{m2}/versions"), json!({ "label": "At the start of the review" })).await;
    let saved = expect(saved, 201, "saving the review's first version")?;
    ensure!(saved["previous_hash"] == final_hash.as_str(), "the review's chain links to the final plan: {saved}");
    move_to(&fay, &m2, "information").await?;
    let mut plan = service.open(&fay, &m2, "plan").await?;
    plan.add_paragraph("monitoring", "Jayden has missed one day since the meeting.").await?;
    plan.settle().await?;
    plan.close().await;

    // A family group conference still in preparation, with a link nobody has used.
    let fgc = expect(
        fay.post("/api/meetings", json!({ "title": "Family group conference for the Ahmed children", "kind": "fgc" }))
            .await,
        201,
        "creating the FGC",
    )?;
    let m3 = id(&fgc);
    let aunt = add_person(
        &fay,
        &m3,
        json!({ "display_name": "Rukhsana", "relationship": "aunt", "kind": "family", "language": "Bengali", "access_needs": "Interpreter for the meeting" }),
    )
    .await?;
    make_link(&fay, &m3, &aunt, json!({ "access_code": true, "valid_for_days": 30 })).await?;

    // What the older server answers, read back through its API as the facilitator.
    let mut meetings = Vec::new();
    for meeting_id in [&m1, &m2, &m3] {
        meetings.push(record_meeting(service, &fay, &kerry, meeting_id, meeting_id == &m1).await?);
    }
    let maya = service.sign_in(STAFF[3].0).await?;
    let service_audit = expect(maya.get("/api/audit").await, 200, "the service's audit log")?;
    Ok(json!({
        "staff": STAFF.iter().map(|(email, name, role)| json!({ "email": email, "name": name, "role": role })).collect::<Vec<_>>(),
        "password": PASSWORD,
        "family_link": { "meeting_id": m1, "participant_id": mum, "secret": link_secret(&mum_link) },
        "meetings": meetings,
        "service_audit": service_audit,
    }))
}

async fn record_meeting(
    service: &Service,
    fay: &Api,
    kerry: &Api,
    meeting_id: &str,
    kerry_is_in_it: bool,
) -> anyhow::Result<Value> {
    let path = format!("/api/meetings/{meeting_id}");
    let meeting = expect(fay.get(&path).await, 200, "the meeting")?;
    let participants = expect(fay.get(&format!("{path}/participants")).await, 200, "the network")?;
    let versions = expect(fay.get(&format!("{path}/versions")).await, 200, "the versions")?;
    let mut version_views = Vec::new();
    for version in versions.as_array().unwrap() {
        let hash = version["hash"].as_str().unwrap();
        version_views.push(expect(fay.get(&format!("{path}/versions/{hash}")).await, 200, "a version")?);
    }
    let proposal = match fay.get(&format!("{path}/proposal")).await {
        answer if answer.status == 404 => Value::Null,
        answer => expect(answer, 200, "the proposal")?,
    };
    let mut documents = serde_json::Map::new();
    for kind in ["plan", "comments"] {
        let client = service.open(fay, meeting_id, kind).await?;
        documents.insert(kind.to_owned(), document_json(&client.doc, kind));
        client.close().await;
    }
    if kerry_is_in_it {
        let client = service.open(kerry, meeting_id, "family-time").await?;
        documents.insert("family-time".to_owned(), document_json(&client.doc, "family-time"));
        client.close().await;
    }
    // Read last, so that it holds every document opening above.
    let audit = expect(fay.get(&format!("{path}/audit")).await, 200, "the audit log")?;
    Ok(json!({
        "id": meeting_id,
        "meeting": meeting,
        "participants": participants,
        "versions": versions,
        "version_views": version_views,
        "proposal": proposal,
        "documents": documents,
        "audit": audit,
    }))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let arguments = arguments()?;
    ensure!(std::env::var_os("KINPLAN_BIN").is_some(), "set KINPLAN_BIN to the earlier round's kinplan binary");
    let work = tempfile::tempdir()?;
    add_staff(&arguments.database)?;
    // A low compaction threshold, so that the documents hold a snapshot and updates logged after it.
    let server =
        ServerProcess::start_with(work.path(), "server.log", &arguments.database, &["--compact-after", "6"]).await?;
    let service = Service { address: server.address };
    let driven = drive(&service).await;
    let log = std::fs::read_to_string(&server.log_path).unwrap_or_default();
    // Killed as a crash would: nothing is flushed, and the log keeps what came after the snapshots.
    server.kill().await;
    let mut expected = driven.with_context(|| format!("driving the server failed; its log:\n{log}"))?;
    expected.as_object_mut().unwrap().insert(
        "made_by".to_owned(),
        json!({ "commit": arguments.made_by, "database": arguments.database.split(':').next() }),
    );
    std::fs::write(&arguments.expected, serde_json::to_string_pretty(&expected)? + "\n")?;
    println!("wrote {}", arguments.expected.display());
    Ok(())
}
