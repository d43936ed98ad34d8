//! Subject access requests through the real server and the command line: a manager's archive
//! holds the person's own data (their details, contact details, consent, what they saved and
//! decided, across a meeting and its review) and none of a named third party's contact details or
//! name, which becomes their relationship, unless the manager marks them as consented; everyone
//! but a manager is refused; bad requests say what to give; every export is audited.

use std::io::Read;

use kinplan_server::access::ParticipantKind::{self, Family};
use kinplan_server::access::StaffRole;
use kinplan_tests::api::{link_secret, open_document, signed_in, Api, MeetingFixture};
use kinplan_tests::{database_url_in, kinplan, TestServer};
use serde_json::{json, Value};

/// The person the export is about.
const SUBJECT: &str = "Rosalind Carver";
const SUBJECT_ADDRESS: &str = "12 Wren Street, Leeds";
const SUBJECT_PHONE: &str = "0113 496 0777";
/// A third party with a name no other text holds, and their contact details.
const THIRD_PARTY: &str = "Zephyrine Okonkwo";
const THIRD_ADDRESS: &str = "7 Larkspur Mews, Otley";
const THIRD_PHONE: &str = "07700 900456";
const THIRD_EMAIL: &str = "grandma.z@example.org";
/// Words only the third party's name or details hold, in any case.
const THIRD_PARTY_WORDS: [&str; 5] = ["zephyrine", "okonkwo", "larkspur", "07700 900456", "grandma.z@"];

/// Adds a person with `relationship` to `meeting` and joins with their link in a browser of
/// their own.
async fn join(
    server: &TestServer,
    meeting: &MeetingFixture,
    name: &str,
    kind: ParticipantKind,
    relationship: &str,
) -> (Api, String) {
    let body = json!({ "display_name": name, "kind": kind, "relationship": relationship });
    let participant = meeting.facilitator.post(&meeting.path("/participants"), body).await.expect(201);
    let id = participant["id"].as_str().unwrap().to_owned();
    let link =
        meeting.facilitator.post(&meeting.path(&format!("/participants/{id}/links")), json!({})).await.expect(201);
    let person = Api::new(server);
    person.post("/api/join", json!({ "secret": link_secret(&link) })).await.expect(200);
    (person, id)
}

/// What one export holds: the JSON, the README, the PDF's text, and everything as one string.
struct Archive {
    json: Value,
    readme: String,
    pdf_text: String,
    all: String,
}

impl Archive {
    fn from_zip(bytes: &[u8]) -> Self {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP archive");
        let mut names: Vec<String> = zip.file_names().map(|name| name.expect("a file name").into_owned()).collect();
        names.sort();
        assert_eq!(names, ["README.txt", "subject-access.json", "subject-access.pdf"]);
        let mut file = |name: &str| {
            let mut bytes = Vec::new();
            zip.by_name(name).unwrap().read_to_end(&mut bytes).unwrap();
            bytes
        };
        let json: Value = serde_json::from_slice(&file("subject-access.json")).expect("the JSON parses");
        let readme = String::from_utf8(file("README.txt")).unwrap();
        let pdf = lopdf::Document::load_mem(&file("subject-access.pdf")).expect("the PDF parses");
        let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
        let pdf_text = pdf.extract_text(&pages).expect("the PDF's text extracts");
        let all = format!("{json}\n{readme}\n{pdf_text}");
        Archive { json, readme, pdf_text, all }
    }

    /// Asserts that nothing of the third party is in any file, in any case.
    fn holds_nothing_of_the_third_party(&self) {
        let lower = self.all.to_lowercase();
        for word in THIRD_PARTY_WORDS {
            assert!(!lower.contains(word), "the archive holds {word:?}: {}", self.all);
        }
    }
}

/// Asks for an export as `person`; gives the status, the headers and the body.
async fn request(person: &Api, body: Value) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let response =
        person.http.post(format!("{}/api/subject-access", person.base)).json(&body).send().await.expect("answered");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (status, headers, response.bytes().await.unwrap().to_vec())
}

async fn export(manager: &Api, body: Value) -> Archive {
    let (status, headers, bytes) = request(manager, body.clone()).await;
    assert_eq!(status, 200, "{body}: {}", String::from_utf8_lossy(&bytes));
    assert_eq!(headers["content-type"], "application/zip");
    let disposition = headers["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("attachment; filename=\"subject-access-") && disposition.ends_with(".zip\""));
    assert!(!disposition.contains("Rosalind"), "the file name names nobody: {disposition}");
    Archive::from_zip(&bytes)
}

/// Asserts an error answer with `status` whose message says `says`.
async fn refused(person: &Api, body: Value, status: u16, says: &str) {
    let (got, _, bytes) = request(person, body.clone()).await;
    let answer: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    assert_eq!(got, status, "{body}: {answer}");
    assert!(answer["message"].as_str().is_some_and(|message| message.contains(says)), "{body}: {answer}");
}

/// A meeting that ends in a final plan, and its review: the subject writes the plan, saves a
/// version and agrees with a comment; the third party's name is in the plan and the comment;
/// both have contact details; a practitioner comments naming the third party.
struct Story {
    meeting: MeetingFixture,
    subject_id: String,
    subject_in_review: String,
    third_party_id: String,
    third_party_in_review: String,
    practitioner_email: String,
}

async fn story(server: &TestServer) -> Story {
    let meeting = MeetingFixture::new(server, "Plan for M").await;
    let practitioner_email = "sam.social.worker@council.example".to_owned();
    let referrer = meeting.add_practitioner(server, "Sam (social worker)", &practitioner_email, true).await;
    let (subject, subject_id) = join(server, &meeting, SUBJECT, Family, "mother").await;
    let (_third_party, third_party_id) = join(server, &meeting, THIRD_PARTY, Family, "grandmother").await;

    let contact = |id: &str| meeting.path(&format!("/participants/{id}/contact"));
    meeting.facilitator.put(&contact(&subject_id), json!({ "address": SUBJECT_ADDRESS })).await.expect(200);
    meeting
        .facilitator
        .put(&contact(&subject_id), json!({ "phones": [SUBJECT_PHONE], "visibility": "network" }))
        .await
        .expect(200);
    meeting.facilitator.put(&contact(&third_party_id), json!({ "address": THIRD_ADDRESS })).await.expect(200);
    let third_details = json!({ "phones": [THIRD_PHONE], "email": THIRD_EMAIL, "visibility": "network" });
    meeting.facilitator.put(&contact(&third_party_id), third_details).await.expect(200);
    let note = json!({ "participant_id": subject_id, "category": "arrangement", "body": "Arrives ten minutes after Zephyrine Okonkwo." });
    meeting.facilitator.post(&meeting.path("/safety-notes"), note).await.expect(201);
    let note =
        json!({ "participant_id": third_party_id, "category": "risk", "body": "A note about someone else only." });
    meeting.facilitator.post(&meeting.path("/safety-notes"), note).await.expect(201);
    let separation = json!({ "first_id": subject_id, "second_id": third_party_id, "no_details": true, "reason": "Asked to be kept apart." });
    meeting.facilitator.post(&meeting.path("/separations"), separation).await.expect(201);

    let notice = subject.get(&meeting.path("/consent")).await.expect(200)["notice"]["version"].as_i64().unwrap();
    let agree = json!({ "notice_version": notice, "takes_part": true, "shares_information": true, "supported_by": "" });
    subject.post(&meeting.path("/consent"), agree).await.expect(201);

    // The practitioner comments while information is shared, as the web app writes a comment.
    meeting.move_to("information").await;
    let mut comments = open_document(server, &referrer, &meeting.meeting_id, "comments").await;
    comments
        .edit(|transaction| {
            use yrs::{Array, MapPrelim, WriteTxn};
            let array = transaction.get_or_insert_array("comments");
            let fields: Vec<(String, yrs::In)> = [
                ("id", "c1"),
                ("author", "Sam (social worker)"),
                ("section", "worries"),
                ("text", "Spoke to Zephyrine Okonkwo about Mondays."),
                ("created_at", "2026-05-01T10:00:00Z"),
            ]
            .iter()
            .map(|(key, value)| (key.to_string(), yrs::In::from(value.to_string())))
            .collect();
            array.push_back(transaction, MapPrelim::from_iter(fields));
        })
        .await
        .unwrap();
    comments.settle().await.unwrap();

    meeting.move_to("private-family-time").await;
    let mut plan = open_document(server, &subject, &meeting.meeting_id, "plan").await;
    plan.add_paragraph("strengths", "Zephyrine Okonkwo will collect M from school on Mondays.").await.unwrap();
    plan.add_paragraph("strengths", "ZEPHYRINE has a spare room; Zephyrine cooks on Fridays.").await.unwrap();
    plan.add_action(&[
        ("id", "a1"),
        ("what", "Sunday lunch at the Okonkwo house"),
        ("who", &third_party_id),
        ("by_when", "2026-12-01"),
        ("how_we_know", "M says so"),
        ("status", "not_started"),
    ])
    .await
    .unwrap();
    plan.set_meta("lead_family_member", SUBJECT).await.unwrap();
    plan.settle().await.unwrap();
    meeting.move_to("agreement").await;

    subject.post(&meeting.path("/versions"), json!({ "label": "Our draft" })).await.expect(201);
    let proposal = meeting.facilitator.post(&meeting.path("/proposal"), json!({})).await.expect(201);
    let hash = proposal["version_hash"].as_str().unwrap();
    let decision = json!({ "version_hash": hash, "decision": "agree_with_comment", "comment": "Thank you Zephyrine Okonkwo for the lifts." });
    subject.post(&meeting.path("/proposal/decisions"), decision).await.expect(200);
    referrer
        .post(&meeting.path("/proposal/decisions"), json!({ "version_hash": hash, "decision": "agreed" }))
        .await
        .expect(200);
    meeting.facilitator.post(&meeting.path("/proposal/close"), json!({})).await.expect(200);

    // The review has the same two people, as rows of its own.
    let review = meeting
        .facilitator
        .post(
            "/api/meetings",
            json!({ "title": "Review for M", "kind": "review", "follows_meeting_id": meeting.meeting_id }),
        )
        .await
        .expect(201);
    let review_id = review["id"].as_str().unwrap();
    let add = |name: &'static str, relationship: &'static str| {
        let path = format!("/api/meetings/{review_id}/participants");
        let facilitator = &meeting.facilitator;
        async move {
            let body = json!({ "display_name": name, "kind": "family", "relationship": relationship });
            facilitator.post(&path, body).await.expect(201)["id"].as_str().unwrap().to_owned()
        }
    };
    let subject_in_review = add(SUBJECT, "mother").await;
    let third_party_in_review = add(THIRD_PARTY, "grandmother").await;
    // Someone with the subject's name but another relationship is another person.
    add(SUBJECT, "cousin").await;

    Story { meeting, subject_id, subject_in_review, third_party_id, third_party_in_review, practitioner_email }
}

fn texts(values: &Value) -> String {
    values.to_string()
}

#[tokio::test]
async fn a_managers_export_holds_the_persons_own_data_and_redacts_everyone_else() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let story = story(&server).await;
    let manager = signed_in(&server, "morgan@council.example", StaffRole::Manager).await;

    let archive = export(&manager, json!({ "participant_id": story.subject_id })).await;
    let json = &archive.json;
    assert_eq!(json["format"], "kinplan-subject-access/1");
    assert_eq!(json["made_by"], "morgan");
    assert_eq!(json["subject"]["kind"], "participant");

    // Both rows are the subject's: the one asked for, and the review's with the same name, kind
    // and relationship; the cousin of the same name is not.
    let rows: Vec<(&str, &str)> = json["subject"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| (row["participant_id"].as_str().unwrap(), row["matched_by"].as_str().unwrap()))
        .collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows.contains(&(story.subject_id.as_str(), "the participant asked for")), "{rows:?}");
    assert!(rows.iter().any(|(id, why)| *id == story.subject_in_review && why.contains("linked meeting")), "{rows:?}");

    // Their own data: details, contact details, consent, links and sessions, notes about them.
    let own = json["participants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["participant_id"] == story.subject_id.as_str())
        .unwrap();
    assert_eq!(
        (own["name"].as_str(), own["relationship"].as_str(), own["kind"].as_str()),
        (Some(SUBJECT), Some("mother"), Some("family"))
    );
    let values: Vec<&str> =
        own["contact_details"].as_array().unwrap().iter().map(|detail| detail["value"].as_str().unwrap()).collect();
    assert!(values.contains(&SUBJECT_ADDRESS) && values.contains(&SUBJECT_PHONE), "{values:?}");
    let consent = &own["consents"][0];
    assert!(
        consent["notice_version"].as_i64().is_some()
            && consent["given_at"].is_string()
            && consent["takes_part"] == true,
        "{consent}"
    );
    assert_eq!(own["join_links"].as_array().unwrap().len(), 1);
    assert!(own["join_links"][0]["created_at"].is_string() && own["join_links"][0].get("secret_hash").is_none());
    assert!(!own["sessions"].as_array().unwrap().is_empty(), "joining opened a session");
    let notes = texts(&own["safety_notes"]);
    assert!(
        notes.contains("Arrives ten minutes after [grandmother].") && !notes.contains("someone else only"),
        "{notes}"
    );
    assert_eq!(own["separations"][0]["from"], "[grandmother]");

    // What they wrote and decided, with the plan as it was, the third party shown as a grandmother.
    let decision = &json["decisions"][0];
    assert_eq!(
        (decision["decision"].as_str(), decision["comment"].as_str()),
        (Some("agree_with_comment"), Some("Thank you [grandmother] for the lifts."))
    );
    assert_eq!(json["versions_saved"][0]["label"], "Our draft");
    let plans = texts(&json["plans"]);
    for expected in [
        "[grandmother] will collect M from school on Mondays.",
        "[grandmother] has a spare room; [grandmother] cooks on Fridays.",
        "Sunday lunch at the [grandmother] house",
        "saved by them",
        "they decided on it",
    ] {
        assert!(plans.contains(expected), "{expected:?} in {plans}");
    }
    assert_eq!(json["plans"][0]["actions"][0]["who"], "[grandmother]");
    assert_eq!(json["plans"][0]["lead_family_member"], SUBJECT);

    // The audit events about them, with staff named and nobody else.
    let audit = json["audit_events"].as_array().unwrap();
    for action in ["consent_given", "decision_recorded", "version_saved", "contact_details_set", "safety_note_added"] {
        assert!(audit.iter().any(|event| event["action"] == action), "{action}: {audit:?}");
    }
    assert!(audit
        .iter()
        .any(|event| event["action"] == "decision_recorded" && event["by_them"] == true && event["actor"] == SUBJECT));

    // Nothing of the third party, anywhere, not even their id: the readable PDF says the same as
    // the JSON.
    archive.holds_nothing_of_the_third_party();
    assert!(!archive.all.contains(&story.third_party_id) && !archive.all.contains(&story.third_party_in_review));
    let separated = audit.iter().find(|event| event["action"] == "separation_recorded").expect("the separation");
    assert_eq!(separated["detail"]["between"], json!([story.subject_id, "[grandmother]"]));
    assert!(archive.pdf_text.contains(SUBJECT) && archive.pdf_text.contains("[grandmother]"), "{}", archive.pdf_text);
    assert!(archive.pdf_text.contains(SUBJECT_ADDRESS) && archive.pdf_text.contains("Our draft"));
    assert!(
        archive.readme.contains("by morgan (a manager).")
            && archive.readme.contains("redacted: a person shown as [grandmother]"),
        "{}",
        archive.readme
    );
    assert!(archive.readme.contains("Safety notes"), "the README says notes are included: {}", archive.readme);
    let author = own["safety_notes"][0]["author"].as_str().unwrap();
    assert!(author.starts_with("facilitator-"), "staff keep their names: {author}");

    // Marked as consented (by their review row), the third party's name stays in both meetings;
    // their contact details never come.
    let archive =
        export(&manager, json!({ "participant_id": story.subject_id, "consented": [story.third_party_in_review] }))
            .await;
    let plans = texts(&archive.json["plans"]);
    assert!(plans.contains("Zephyrine Okonkwo will collect M"), "{plans}");
    assert_eq!(archive.json["decisions"][0]["comment"], "Thank you Zephyrine Okonkwo for the lifts.");
    assert!(archive.readme.contains(&format!("kept as consented: {THIRD_PARTY} (grandmother)")), "{}", archive.readme);
    assert!(archive.pdf_text.contains(THIRD_PARTY));
    for detail in [THIRD_ADDRESS, THIRD_PHONE, THIRD_EMAIL] {
        assert!(!archive.all.contains(detail), "{detail} is in the archive");
    }

    // A staff member's export: their account, meetings, decision and comment, the third party
    // redacted.
    let archive = export(&manager, json!({ "user_email": story.practitioner_email.to_uppercase() })).await;
    let account = &archive.json["account"];
    assert_eq!(
        (account["email"].as_str(), account["role"].as_str()),
        (Some(story.practitioner_email.as_str()), Some("practitioner"))
    );
    assert!(!account["sessions"].as_array().unwrap().is_empty());
    let meetings: Vec<&str> =
        account["meetings"].as_array().unwrap().iter().map(|meeting| meeting["title"].as_str().unwrap()).collect();
    assert_eq!(meetings, ["Plan for M"]);
    assert_eq!(archive.json["decisions"][0]["decision"], "agreed");
    assert_eq!(archive.json["comments"][0]["text"], "Spoke to [grandmother] about Mondays.");
    archive.holds_nothing_of_the_third_party();

    // Every export is in the audit log: who it was about and how much, never the content.
    let log = manager.get("/api/audit").await.expect(200);
    let exports: Vec<&Value> =
        log.as_array().unwrap().iter().filter(|event| event["action"] == "subject_access_export").collect();
    assert_eq!(exports.len(), 3, "{exports:?}");
    let consented =
        exports.iter().find(|event| event["detail"]["consented"] != json!([])).expect("the consented export");
    assert_eq!(consented["detail"]["consented"], json!([story.third_party_in_review]));
    assert_eq!(consented["detail"]["person"]["participant_id"], story.subject_id.as_str());
    assert!(consented["detail"]["items"].as_u64().unwrap() > 10, "{consented}");
    assert!(consented["actor_name"] == "morgan");
    for event in &exports {
        assert!(!event.to_string().contains("Rosalind") && !event.to_string().contains("Mondays"), "{event}");
    }
    let meeting_log = story.meeting.facilitator.get(&story.meeting.path("/audit")).await.expect(200);
    assert!(texts(&meeting_log).contains("subject_access_export"), "the meeting's own log shows it");
}

#[tokio::test]
async fn only_a_manager_exports_and_bad_requests_say_what_to_give() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let meeting = MeetingFixture::new(&server, "Plan for M").await;
    let practitioner = meeting.add_practitioner(&server, "Sam", "sam@council.example", false).await;
    let (subject, subject_id) = join(&server, &meeting, SUBJECT, Family, "mother").await;
    let (_, third_party_id) = join(&server, &meeting, THIRD_PARTY, Family, "grandmother").await;
    let other = MeetingFixture::new(&server, "Another family").await;
    let (_, stranger_id) = join(&server, &other, "Someone Else", Family, "father").await;
    let manager = signed_in(&server, "morgan@council.example", StaffRole::Manager).await;
    let asked = json!({ "participant_id": subject_id });

    // Anyone but a manager: the same refusal, whether the person exists or not.
    for person in [&meeting.facilitator, &practitioner, &subject] {
        refused(person, asked.clone(), 403, "only a manager").await;
        refused(person, json!({ "participant_id": "nobody" }), 403, "only a manager").await;
    }
    let (status, _, _) = request(&Api::new(&server), asked.clone()).await;
    assert_eq!(status, 401, "signed out");

    // Neither or both, an unknown person, consented ids that are not other people of these
    // meetings, and unknown fields.
    refused(&manager, json!({}), 400, "give participant_id").await;
    refused(&manager, json!({ "participant_id": " ", "user_email": "" }), 400, "give participant_id").await;
    refused(&manager, json!({ "participant_id": subject_id, "user_email": "sam@council.example" }), 400, "not both")
        .await;
    refused(&manager, json!({ "participant_id": "no-such-person" }), 404, "give a participant id").await;
    refused(&manager, json!({ "user_email": "nobody@council.example" }), 404, "staff member's email").await;
    refused(
        &manager,
        json!({ "participant_id": subject_id, "consented": ["no-such-person"] }),
        400,
        "not a participant of the meetings",
    )
    .await;
    refused(
        &manager,
        json!({ "participant_id": subject_id, "consented": [stranger_id] }),
        400,
        "not a participant of the meetings",
    )
    .await;
    refused(
        &manager,
        json!({ "participant_id": subject_id, "consented": [third_party_id, subject_id] }),
        400,
        "is the person this export is about",
    )
    .await;
    refused(&manager, json!({ "participant_id": subject_id, "consented": "everyone" }), 400, "").await;
    refused(&manager, json!({ "participant_id": subject_id, "consent": [third_party_id] }), 400, "consent").await;

    // Nothing refused was exported or audited as an export.
    let log = manager.get("/api/audit").await.expect(200);
    assert!(!texts(&log).contains("subject_access_export"), "{log}");
    export(&manager, json!({ "participant_id": subject_id, "consented": [third_party_id] })).await;
}

#[tokio::test]
async fn the_command_line_writes_the_archive_and_refuses_bad_input() {
    let directory = kinplan_tests::TestDirectory::new();
    let database = database_url_in(directory.path());
    let server = TestServer::start(directory.path()).await;
    let meeting = MeetingFixture::new(&server, "Plan for M").await;
    let (_, subject_id) = join(&server, &meeting, SUBJECT, Family, "mother").await;
    let (_, third_party_id) = join(&server, &meeting, THIRD_PARTY, Family, "grandmother").await;
    meeting
        .facilitator
        .put(&meeting.path(&format!("/participants/{third_party_id}/contact")), json!({ "address": THIRD_ADDRESS }))
        .await
        .expect(200);
    let note =
        json!({ "participant_id": subject_id, "category": "arrangement", "body": "Not in a room with Zephyrine." });
    meeting.facilitator.post(&meeting.path("/safety-notes"), note).await.expect(201);
    let out = directory.path().join("sar.zip");
    let out_text = out.to_str().unwrap();
    let sar = |extra: &[&str]| {
        let mut args = vec!["sar", "--database", &database];
        args.extend_from_slice(extra);
        kinplan(&args, "")
    };

    let (ok, output, error) = sar(&["--person", &subject_id, "--out", out_text]);
    assert!(ok, "{error}");
    assert!(output.starts_with("wrote the subject access export for") && output.contains("items"), "{output}");
    assert_eq!(output.trim().lines().count(), 1, "{output}");
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "only its owner reads the archive");
    }
    let archive = Archive::from_zip(&std::fs::read(&out).unwrap());
    assert_eq!(archive.json["made_by"], "command line");
    assert!(texts(&archive.json["participants"]).contains("Not in a room with [grandmother]."));
    archive.holds_nothing_of_the_third_party();
    assert!(archive.readme.contains("Made at") && archive.readme.contains("by the operator, on the command line."));

    // What it refuses, and what it says to give instead.
    let missing_folder = directory.path().join("no-such-folder/sar.zip");
    for (extra, says) in [
        (vec!["--person", subject_id.as_str(), "--out", out_text], "exists already"),
        (vec!["--person", subject_id.as_str(), "--out", missing_folder.to_str().unwrap()], "does not exist"),
        (vec!["--person", subject_id.as_str(), "--out", directory.path().to_str().unwrap()], "is a folder"),
        (vec!["--person", "no-such-person", "--out", "unused.zip"], "there is no participant no-such-person"),
        (vec!["--person", "nobody@council.example", "--out", "unused.zip"], "there is no staff account"),
        (vec!["--person", " ", "--out", "unused.zip"], "give --person"),
        (
            vec!["--person", subject_id.as_str(), "--out", "unused.zip", "--consented", "no-such-person"],
            "not a participant of the meetings",
        ),
        (
            vec!["--person", subject_id.as_str(), "--out", "unused.zip", "--consented", subject_id.as_str()],
            "is the person this export is about",
        ),
    ] {
        let (ok, _, error) = sar(&extra);
        assert!(!ok && error.contains(says), "{extra:?}: {error}");
    }
    assert!(!std::path::Path::new("unused.zip").exists());

    // --force replaces it; consented names stay.
    let consented = format!("{third_party_id},");
    let (ok, output, error) = sar(&["--person", &subject_id, "--out", out_text, "--force", "--consented", &consented]);
    assert!(ok, "{error}");
    assert!(output.contains(out_text), "{output}");
    let archive = Archive::from_zip(&std::fs::read(&out).unwrap());
    assert!(texts(&archive.json["participants"]).contains("Not in a room with Zephyrine."));
    assert!(!archive.all.contains(THIRD_ADDRESS));

    // The operator's exports are audited as the operator's.
    let manager = signed_in(&server, "morgan@council.example", StaffRole::Manager).await;
    let log = manager.get("/api/audit").await.expect(200);
    let exports: Vec<&Value> =
        log.as_array().unwrap().iter().filter(|event| event["action"] == "subject_access_export").collect();
    assert_eq!(exports.len(), 2);
    assert!(exports.iter().all(|event| event["actor"] == "operator"), "{exports:?}");
}
