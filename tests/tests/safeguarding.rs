//! Safeguarding through the real server: contact details reach only those their visibility
//! names, a separation overrides every visibility, separations and their reasons are for staff,
//! and the operator's commands hold to the same rules. Each person asks as they would.

use kinplan_server::access::ParticipantKind::{Family, Friend, Observer};
use kinplan_tests::api::{Api, MeetingFixture};
use kinplan_tests::{json_of, kinplan, TestServer};
use serde_json::{json, Value};

const HIDDEN_ADDRESS: &str = "1 Hidden Lane, Leeds";
const PHONE: &str = "07700 900123";
const EMAIL: &str = "mum@example.org";

/// The contact details the network list shows `person` for participant `of`.
async fn details_seen(person: &Api, meeting: &MeetingFixture, of: &str) -> (Vec<Value>, String) {
    let answer = person.get(&meeting.path("/participants")).await;
    let raw = answer.body.to_string();
    let people = answer.expect(200);
    let entry = people.as_array().unwrap().iter().find(|entry| entry["id"] == of).expect("listed").clone();
    (entry["contact"].as_array().unwrap().clone(), raw)
}

fn values(details: &[Value]) -> Vec<&str> {
    details.iter().map(|detail| detail["value"].as_str().unwrap()).collect()
}

/// A family member never receives a detail they may not see, in the network list or anywhere
/// the list is assembled; each visibility reaches exactly who it names; a separation hides
/// everything, whatever the visibility.
#[tokio::test]
async fn contact_details_reach_only_those_their_visibility_names_and_never_across_a_separation() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let meeting = MeetingFixture::new(&server, "Plan for M").await;
    let practitioner = meeting.add_practitioner(&server, "Sam", "sam@council.example", false).await;
    let (mum, mum_id) = meeting.join_as(&server, "Mum", Family).await;
    let (dad, dad_id) = meeting.join_as(&server, "Dad", Family).await;
    let (aunt, aunt_id) = meeting.join_as(&server, "Aunt Jo", Friend).await;
    let (observer, _) = meeting.join_as(&server, "Student", Observer).await;
    let contact = meeting.path(&format!("/participants/{mum_id}/contact"));

    // The address staff only (the default), the phone for the network, the email for the aunt.
    meeting.facilitator.put(&contact, json!({ "address": HIDDEN_ADDRESS })).await.expect(200);
    meeting.facilitator.put(&contact, json!({ "phones": [PHONE], "visibility": "network" })).await.expect(200);
    let set = meeting
        .facilitator
        .put(&contact, json!({ "email": EMAIL, "visibility": "named", "show_to": [aunt_id] }))
        .await
        .expect(200);
    assert_eq!(set.as_array().unwrap().len(), 3, "{set}");
    // Who sees details of someone who has none is no change: it is refused and says what to give.
    let dads_contact = meeting.path(&format!("/participants/{dad_id}/contact"));
    let nothing = meeting.facilitator.put(&dads_contact, json!({ "visibility": "network" })).await;
    assert!(nothing.expect_error(400, "bad_request")["message"].as_str().unwrap().contains("no contact details yet"));

    let (seen, raw) = details_seen(&dad, &meeting, &mum_id).await;
    assert_eq!(values(&seen), [PHONE]);
    assert!(!raw.contains("Hidden Lane") && !raw.contains(EMAIL), "{raw}");
    assert!(seen[0]["visibility"].is_null() && seen[0]["shown_to"].is_null(), "who else sees it is not theirs to know");
    let (seen, raw) = details_seen(&aunt, &meeting, &mum_id).await;
    let mut aunt_sees = values(&seen);
    aunt_sees.sort();
    assert_eq!(aunt_sees, [PHONE, EMAIL]);
    assert!(!raw.contains("Hidden Lane"), "{raw}");
    let (seen, _) = details_seen(&observer, &meeting, &mum_id).await;
    assert_eq!(values(&seen), [PHONE]);
    for staff in [&meeting.facilitator, &practitioner] {
        let (seen, _) = details_seen(staff, &meeting, &mum_id).await;
        assert_eq!(seen.len(), 3, "staff see every detail");
        assert!(seen.iter().any(|detail| detail["value"] == HIDDEN_ADDRESS && detail["visibility"] == "staff"));
    }
    let (seen, _) = details_seen(&mum, &meeting, &mum_id).await;
    assert_eq!(seen.len(), 3, "everyone sees their own details");
    assert!(seen.iter().any(|detail| detail["value"] == EMAIL && detail["shown_to"] == json!([aunt_id])));

    // A separation between Mum and Dad: Dad sees nothing of hers, not even what the network
    // sees, and she nothing of his; the aunt is not affected.
    meeting
        .facilitator
        .put(
            &meeting.path(&format!("/participants/{dad_id}/contact")),
            json!({ "phones": ["0113 496 0000"], "visibility": "network" }),
        )
        .await
        .expect(200);
    let separation =
        json!({ "first_id": mum_id, "second_id": dad_id, "no_details": true, "reason": "Non-molestation order" });
    let recorded = meeting.facilitator.post(&meeting.path("/separations"), separation).await.expect(201);
    assert_eq!(recorded["no_details"], true);
    let (seen, raw) = details_seen(&dad, &meeting, &mum_id).await;
    assert!(seen.is_empty(), "{seen:?}");
    assert!(!raw.contains(PHONE) && !raw.contains("Hidden Lane"), "{raw}");
    let (seen, _) = details_seen(&mum, &meeting, &dad_id).await;
    assert!(seen.is_empty(), "the separation works both ways: {seen:?}");
    let (seen, _) = details_seen(&aunt, &meeting, &dad_id).await;
    assert_eq!(values(&seen), ["0113 496 0000"]);
    let (seen, _) = details_seen(&dad, &meeting, &dad_id).await;
    assert_eq!(values(&seen), ["0113 496 0000"], "Dad still sees his own");

    // Naming a separated person as a viewer is refused; so is every other malformed change.
    let named_dad = json!({ "email": EMAIL, "visibility": "named", "show_to": [dad_id] });
    meeting.facilitator.put(&contact, named_dad).await.expect_error(409, "conflict");
    let refused = [
        json!({}),
        json!({ "phones": ["call me"] }),
        json!({ "phones": (1..=6).map(|digit| format!("0113 496 000{digit}")).collect::<Vec<_>>() }),
        json!({ "email": "not an email" }),
        json!({ "email": "two@at@example.org" }),
        json!({ "address": "x".repeat(501) }),
        json!({ "address": "line\u{0}break" }),
        json!({ "email": EMAIL, "show_to": [aunt_id] }),
        json!({ "email": EMAIL, "visibility": "named", "show_to": [mum_id] }),
        json!({ "address": "2 Road", "visibility": "named" }),
    ];
    for body in refused {
        meeting.facilitator.put(&contact, body.clone()).await.expect_error(400, "bad_request");
    }
    let unknown_viewer = json!({ "email": EMAIL, "visibility": "named", "show_to": ["nobody"] });
    meeting.facilitator.put(&contact, unknown_viewer).await.expect_error(404, "not_found");
    let unknown_field = meeting.facilitator.put(&contact, json!({ "adress": "typo" })).await;
    assert_eq!(unknown_field.status, 400, "{}", unknown_field.body);
    meeting
        .facilitator
        .put(&meeting.path("/participants/nobody/contact"), json!({ "address": "x" }))
        .await
        .expect_error(404, "not_found");

    // Mum corrects her own address, which stays staff only; she cannot change who sees it, and
    // nobody else in the family can touch her details.
    let corrected = mum.put(&contact, json!({ "address": "3 New Street" })).await.expect(200);
    let address = corrected.as_array().unwrap().iter().find(|detail| detail["kind"] == "address").unwrap();
    assert_eq!((address["value"].as_str(), address["visibility"].as_str()), (Some("3 New Street"), Some("staff")));
    mum.put(&contact, json!({ "visibility": "network" })).await.expect_error(403, "forbidden");
    dad.put(&contact, json!({ "address": "Found you" })).await.expect_error(403, "forbidden");
    aunt.put(&contact, json!({ "phones": [PHONE] })).await.expect_error(403, "forbidden");
    practitioner.put(&contact, json!({ "address": "x" })).await.expect_error(403, "forbidden");
    let (seen, raw) = details_seen(&aunt, &meeting, &mum_id).await;
    assert!(!raw.contains("New Street"), "{raw}");
    assert!(!values(&seen).contains(&"3 New Street"));

    // The audit log records who changed what and who may see it, never the values.
    let audit = meeting.facilitator.get(&meeting.path("/audit")).await.expect(200);
    let text = audit.to_string();
    assert!(text.contains("contact_details_set") && text.contains("separation_recorded"), "{text}");
    for secret in ["Hidden Lane", "New Street", EMAIL, PHONE, "Non-molestation"] {
        assert!(!text.contains(secret), "the audit log holds {secret:?}");
    }
}

/// Separations and their reasons are for the meeting's staff; only the facilitator records
/// one, and every malformed one is refused.
#[tokio::test]
async fn separations_are_recorded_by_the_facilitator_and_read_by_staff_only() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let meeting = MeetingFixture::new(&server, "Plan for M").await;
    let practitioner = meeting.add_practitioner(&server, "Sam", "sam@council.example", false).await;
    let (mum, mum_id) = meeting.join_as(&server, "Mum", Family).await;
    let (_, dad_id) = meeting.join_as(&server, "Dad", Family).await;
    let other = MeetingFixture::new(&server, "Another family").await;
    let (_, stranger_id) = other.join_as(&server, "Stranger", Family).await;
    let path = meeting.path("/separations");

    let body = |first: &str, second: &str, details: bool, room: bool, reason: &str| json!({ "first_id": first, "second_id": second, "no_details": details, "no_shared_room": room, "reason": reason });
    let first = meeting.facilitator.post(&path, body(&mum_id, &dad_id, true, false, "Screening")).await.expect(201);
    // Recorded again between the same two (in the other order): it adds, and keeps one record.
    let again = meeting
        .facilitator
        .post(&path, body(&dad_id, &mum_id, false, true, "Screening, and the refuge"))
        .await
        .expect(201);
    assert_eq!(again["id"], first["id"]);
    assert_eq!((again["no_details"].as_bool(), again["no_shared_room"].as_bool()), (Some(true), Some(true)));

    for staff in [&meeting.facilitator, &practitioner] {
        let listed = staff.get(&path).await.expect(200);
        assert_eq!(listed.as_array().unwrap().len(), 1);
        assert_eq!(listed[0]["reason"], "Screening, and the refuge");
    }
    let refused = mum.get(&path).await;
    assert_eq!(refused.status, 403);
    assert!(!refused.body.to_string().contains("refuge"));
    mum.post(&path, body(&mum_id, &dad_id, true, true, "x")).await.expect_error(403, "forbidden");
    practitioner.post(&path, body(&mum_id, &dad_id, true, true, "x")).await.expect_error(403, "forbidden");
    other.facilitator.get(&path).await.expect_error(404, "not_found");

    meeting.facilitator.post(&path, body(&mum_id, &mum_id, true, true, "x")).await.expect_error(400, "bad_request");
    meeting.facilitator.post(&path, body(&mum_id, &dad_id, false, false, "x")).await.expect_error(400, "bad_request");
    meeting.facilitator.post(&path, body(&mum_id, &dad_id, true, false, "  ")).await.expect_error(400, "bad_request");
    meeting.facilitator.post(&path, body(&mum_id, &stranger_id, true, false, "x")).await.expect_error(404, "not_found");
    let malformed = meeting.facilitator.post(&path, json!({ "first_id": mum_id })).await;
    assert_eq!(malformed.status, 400, "{}", malformed.body);
    assert_eq!(
        meeting.facilitator.get(&path).await.expect(200).as_array().unwrap().len(),
        1,
        "nothing refused was kept"
    );
}

/// The operator's `person set` and `separation add` hold to the same rules, print JSON, and
/// refuse what is wrong with a message that says what to do.
#[tokio::test]
async fn the_operator_sets_details_and_separations_from_the_command_line() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let database = server.database_url.clone();
    let meeting = MeetingFixture::new(&server, "Plan for M").await;
    let (_, mum_id) = meeting.join_as(&server, "Mum", Family).await;
    let (dad, dad_id) = meeting.join_as(&server, "Dad", Family).await;
    let (_, aunt_id) = meeting.join_as(&server, "Aunt Jo", Friend).await;
    let run = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--database", database.as_str()]);
        kinplan(&all, "")
    };

    let show_to = format!("{aunt_id},{dad_id}");
    let (ok, out, error) = run(&[
        "person",
        "set",
        "--participant",
        &mum_id,
        "--address",
        HIDDEN_ADDRESS,
        "--phone",
        PHONE,
        "--phone",
        "0113 496 0001",
        "--visibility",
        "named",
        "--show-to",
        &show_to,
        "--json",
    ]);
    assert!(ok, "{error}");
    let printed = json_of(&out);
    assert_eq!(printed["details"].as_array().unwrap().len(), 3, "{printed}");
    assert!(printed["details"].as_array().unwrap().iter().all(|detail| detail["visibility"] == "named"));
    let (seen, _) = details_seen(&dad, &meeting, &mum_id).await;
    assert_eq!(seen.len(), 3, "named, Dad sees them until a separation");

    let (ok, out, error) = run(&[
        "separation",
        "add",
        "--meeting",
        &meeting.meeting_id,
        "--between",
        &mum_id,
        "--and",
        &dad_id,
        "--no-details",
        "--no-shared-room",
        "--reason",
        "Screening",
        "--json",
    ]);
    assert!(ok, "{error}");
    let separation = json_of(&out);
    assert_eq!((separation["no_details"].as_bool(), separation["no_shared_room"].as_bool()), (Some(true), Some(true)));
    let (seen, raw) = details_seen(&dad, &meeting, &mum_id).await;
    assert!(seen.is_empty() && !raw.contains("Hidden Lane"), "{raw}");

    // What is refused, and why.
    let cases: [(&[&str], &str); 6] = [
        (&["person", "set", "--participant", "nobody", "--address", "x"], "there is no participant nobody"),
        (
            &["person", "set", "--participant", &mum_id, "--visibility", "everyone"],
            "possible values: staff, network, named",
        ),
        (
            &["person", "set", "--participant", &mum_id, "--email", "x", "--visibility", "network"],
            "is not an email address",
        ),
        (&["person", "set", "--participant", &aunt_id, "--address", "x", "--visibility", "named"], "name the people"),
        (
            &[
                "separation",
                "add",
                "--meeting",
                &meeting.meeting_id,
                "--between",
                &mum_id,
                "--and",
                &dad_id,
                "--reason",
                "x",
            ],
            "no details, no shared room",
        ),
        (
            &[
                "separation",
                "add",
                "--meeting",
                "nope",
                "--between",
                &mum_id,
                "--and",
                &dad_id,
                "--no-details",
                "--reason",
                "x",
            ],
            "nope",
        ),
    ];
    for (args, says) in cases {
        let (ok, _, error) = run(args);
        assert!(!ok && error.contains(says), "{args:?}: {error}");
    }
}

/// The token a person's family-time document is opened with, and its document name.
async fn family_time(person: &Api, meeting: &MeetingFixture) -> (String, String) {
    let token = person.document_token(&meeting.meeting_id, "family-time").await.expect(200);
    (token["document"].as_str().unwrap().to_owned(), token["token"].as_str().unwrap().to_owned())
}

/// Private family time in rooms: each person opens only their own room's document, a separated
/// pair is never in one room (not even the default one), moving someone closes their old room's
/// connection within a second, and a token for one room opens no other.
#[tokio::test]
async fn private_rooms_keep_to_their_own_people_and_never_hold_a_separated_pair() {
    use kinplan_server::access::ParticipantKind::Practitioner;
    use kinplan_tests::TestClient;
    use std::time::{Duration, Instant};
    const NOTES: &str = kinplan_protocol::plan::FAMILY_NOTES;

    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let meeting = MeetingFixture::new(&server, "Plan for M").await;
    let (mum, mum_id) = meeting.join_as(&server, "Mum", Family).await;
    let (dad, dad_id) = meeting.join_as(&server, "Dad", Family).await;
    let (gran, gran_id) = meeting.join_as(&server, "Gran", Family).await;
    let (aunt, _) = meeting.join_as(&server, "Aunt Jo", Friend).await;
    let (worker, _) = meeting.invite("Worker", Practitioner, false).await;
    let separation = json!({ "first_id": mum_id, "second_id": dad_id, "no_shared_room": true, "reason": "Refuge" });
    meeting.facilitator.post(&meeting.path("/separations"), separation).await.expect(201);

    // Both still in the default room: neither may open it until they are put apart.
    for person in [&mum, &dad] {
        let refused = person.document_token(&meeting.meeting_id, "family-time").await.expect_error(403, "forbidden");
        assert!(refused["message"].as_str().unwrap().contains("private room of your own"), "{refused}");
    }
    let (default_document, _) = family_time(&aunt, &meeting).await;
    assert_eq!(default_document, format!("meeting/{}/family-time", meeting.meeting_id));

    let rooms = meeting.path("/rooms");
    let mums = meeting.facilitator.post(&rooms, json!({ "name": "Mum's side" })).await.expect(201);
    let dads = meeting.facilitator.post(&rooms, json!({ "name": "Dad's side" })).await.expect(201);
    let room = |person: &str| meeting.path(&format!("/participants/{person}/room"));
    meeting.facilitator.put(&room(&mum_id), json!({ "room_id": mums["id"] })).await.expect(204);
    meeting.facilitator.put(&room(&gran_id), json!({ "room_id": mums["id"] })).await.expect(204);
    // Dad cannot join Mum's room; he goes to his own.
    let refused =
        meeting.facilitator.put(&room(&dad_id), json!({ "room_id": mums["id"] })).await.expect_error(409, "conflict");
    assert!(refused["message"].as_str().unwrap().contains("kept apart"), "{refused}");
    meeting.facilitator.put(&room(&dad_id), json!({ "room_id": dads["id"] })).await.expect(204);

    let (mum_document, _) = family_time(&mum, &meeting).await;
    let (dad_document, dad_token) = family_time(&dad, &meeting).await;
    assert_eq!(mum_document, mums["document"].as_str().unwrap());
    assert_eq!(dad_document, dads["document"].as_str().unwrap());
    assert_eq!(meeting.facilitator.get(&rooms).await.expect(200)[1]["members"].as_array().unwrap().len(), 2);
    let shown = mum.get(&meeting.path("")).await.expect(200);
    assert_eq!(
        shown["documents"]["family_time"],
        mum_document.as_str(),
        "the meeting shows each person their own room"
    );

    // Mum and Gran share their room's document; Dad's room never sees it.
    let mut mum_notes = kinplan_tests::api::open_document(&server, &mum, &meeting.meeting_id, "family-time").await;
    let mut gran_notes = kinplan_tests::api::open_document(&server, &gran, &meeting.meeting_id, "family-time").await;
    mum_notes.add_paragraph(NOTES, "We can stay at Gran's on Fridays.").await.unwrap();
    mum_notes.settle().await.unwrap();
    gran_notes.wait_until(|client| client.section_text(NOTES).contains("Gran's on Fridays")).await.unwrap();
    let dad_notes = kinplan_tests::api::open_document(&server, &dad, &meeting.meeting_id, "family-time").await;
    assert!(!dad_notes.section_text(NOTES).contains("Fridays"));

    // Dad's token, signed for his room, opens no other room; a token signed for Mum's room with
    // his own session (as one kept from before a move would be) is refused by the room rule.
    let url = server.sync_url(&mum_document, Some(&dad_token));
    let mut wrong = TestClient::connect(&url).await.unwrap();
    assert_eq!(wrong.wait_for_close().await.unwrap().code, 4403, "a token names its document");
    let claims = server.tokens.verify(Some(&dad_token), &dad_document).unwrap();
    let forged = server.tokens.issue_for(&mum_document, claims.role, Duration::from_secs(60), claims.sub, claims.grant);
    let mut into_mums = TestClient::connect(&server.sync_url(&mum_document, Some(&forged))).await.unwrap();
    let closed = into_mums.wait_for_close().await.unwrap();
    assert_eq!(closed.code, 4403, "{closed:?}");
    assert!(closed.reason.contains("another private room"), "{closed:?}");

    // Moving Gran to Dad's side would be allowed (no separation); moving her out of Mum's room
    // closes her connection to it within a second, and her next token names her new room. Her
    // event stream tells her page; Mum's, whose room did not change, says nothing of it.
    let listen = |person: &Api| {
        let person = Api { base: person.base.clone(), http: person.http.clone() };
        let path = meeting.path("/events");
        tokio::spawn(async move {
            kinplan_tests::api::read_events(&person, &path, Duration::from_secs(3), |seen| {
                seen.contains("room-changed")
            })
            .await
        })
    };
    let (gran_events, mum_events) = (listen(&gran), listen(&mum));
    tokio::time::sleep(Duration::from_millis(300)).await;
    let started = Instant::now();
    meeting.facilitator.put(&room(&gran_id), json!({ "room_id": null })).await.expect(204);
    let closed = gran_notes.wait_for_close().await.unwrap();
    assert!(started.elapsed() < Duration::from_secs(1), "closed after {:?}", started.elapsed());
    assert_eq!(closed.code, kinplan_server::close::CLOSE_ACCESS_CHANGED, "{closed:?}");
    assert_eq!(family_time(&gran, &meeting).await.0, default_document);
    assert!(gran_events.await.unwrap().0.contains("event: room-changed"), "Gran's page hears of her move");
    assert!(!mum_events.await.unwrap().0.contains("room-changed"), "nobody else hears of it");
    mum_notes.listen_for(Duration::from_millis(300)).await.unwrap();

    // What is refused, and to whom.
    meeting.facilitator.post(&rooms, json!({ "name": "  " })).await.expect_error(400, "bad_request");
    meeting.facilitator.post(&rooms, json!({ "name": "mum's SIDE" })).await.expect_error(409, "conflict");
    mum.post(&rooms, json!({ "name": "Mine" })).await.expect_error(403, "forbidden");
    mum.get(&rooms).await.expect_error(403, "forbidden");
    mum.put(&room(&mum_id), json!({ "room_id": null })).await.expect_error(403, "forbidden");
    meeting.facilitator.put(&room(&mum_id), json!({ "room_id": "nowhere" })).await.expect_error(404, "not_found");
    meeting.facilitator.put(&room(&worker), json!({ "room_id": mums["id"] })).await.expect_error(400, "bad_request");
    meeting.facilitator.put(&room("nobody"), json!({ "room_id": null })).await.expect_error(404, "not_found");
    let other = MeetingFixture::new(&server, "Another family").await;
    let theirs = other.facilitator.post(&other.path("/rooms"), json!({ "name": "Theirs" })).await.expect(201);
    meeting.facilitator.put(&room(&mum_id), json!({ "room_id": theirs["id"] })).await.expect_error(404, "not_found");
    meeting.facilitator.document_token(&meeting.meeting_id, "family-time").await.expect_error(403, "forbidden");
}

/// Safety notes reach the meeting's staff and managers only; no family member, observer or
/// practitioner who joined by link ever receives one; every read, and every refused attempt, is
/// audited; the audit log never holds their words.
#[tokio::test]
async fn safety_notes_reach_staff_only_and_every_read_is_audited() {
    use kinplan_server::access::ParticipantKind::Practitioner;
    use kinplan_server::access::StaffRole;

    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let meeting = MeetingFixture::new(&server, "Plan for M").await;
    let practitioner = meeting.add_practitioner(&server, "Sam", "sam@council.example", false).await;
    let manager = kinplan_tests::api::signed_in(&server, "manager@council.example", StaffRole::Manager).await;
    let (mum, mum_id) = meeting.join_as(&server, "Mum", Family).await;
    let (observer, _) = meeting.join_as(&server, "Student", Observer).await;
    let (visitor, _) = meeting.join_as(&server, "Health visitor", Practitioner).await;
    let outsider = kinplan_tests::api::signed_in(&server, "other@council.example", StaffRole::Facilitator).await;
    let notes = meeting.path("/safety-notes");
    const WORDS: &str = "Dad must not learn the refuge's address; Mum arrives 30 minutes early.";

    let about_mum = json!({ "participant_id": mum_id, "category": "arrangement", "body": WORDS });
    let added = meeting.facilitator.post(&notes, about_mum).await.expect(201);
    assert_eq!(
        (added["category"].as_str(), added["participant_id"].as_str()),
        (Some("arrangement"), Some(mum_id.as_str()))
    );
    meeting
        .facilitator
        .post(&notes, json!({ "category": "screening", "body": "Screened on 1 December." }))
        .await
        .expect(201);

    for staff in [&meeting.facilitator, &practitioner, &manager] {
        let read = staff.get(&notes).await.expect(200);
        assert_eq!(read.as_array().unwrap().len(), 2);
        assert_eq!(read[0]["body"], WORDS);
    }
    for person in [&mum, &observer, &visitor] {
        let refused = person.get(&notes).await;
        assert_eq!(refused.status, 403, "{}", refused.body);
        assert!(!refused.body.to_string().contains("refuge"), "{}", refused.body);
        person.post(&notes, json!({ "category": "risk", "body": "x" })).await.expect_error(403, "forbidden");
    }
    outsider.get(&notes).await.expect_error(404, "not_found");
    practitioner.post(&notes, json!({ "category": "risk", "body": "x" })).await.expect_error(403, "forbidden");
    for (body, status) in [
        (json!({ "category": "risk", "body": "  " }), 400),
        (json!({ "category": "gossip", "body": "x" }), 400),
        (json!({ "category": "risk", "body": "x".repeat(4001) }), 400),
        (json!({ "category": "risk" }), 400),
        (json!({ "category": "risk", "body": "x", "participant_id": "nobody" }), 404),
    ] {
        let answer = meeting.facilitator.post(&notes, body.clone()).await;
        assert_eq!(answer.status, status, "{body}: {}", answer.body);
    }

    // Three reads by staff and three refused attempts, each audited; no note's words in the log.
    let audit = meeting.facilitator.get(&meeting.path("/audit")).await.expect(200);
    let text = audit.to_string();
    let count = |action: &str| text.matches(&format!("\"{action}\"")).count();
    assert_eq!(count("safety_notes_read"), 3, "{text}");
    assert_eq!(count("safety_notes_refused"), 3, "{text}");
    assert_eq!(count("safety_note_added"), 2, "{text}");
    assert!(!text.contains("refuge") && !text.contains("Screened on"), "the audit log holds a note's words");
}

/// An export is a copy for someone: the case record (staff) shows every contact detail and the
/// safety notes; a family member's copy shows details only as they may see them and never a
/// safety note, whether they download it themselves, staff make it for them, or the operator
/// does with `--for`.
#[tokio::test]
async fn exports_are_made_for_a_recipient_and_a_family_copy_holds_nothing_hidden() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let meeting = MeetingFixture::new(&server, "Plan for M").await;
    let (mum, mum_id) = meeting.join_as(&server, "Mum", Family).await;
    let (dad, dad_id) = meeting.join_as(&server, "Dad", Family).await;
    let (aunt, aunt_id) = meeting.join_as(&server, "Aunt Jo", Friend).await;
    let contact = meeting.path(&format!("/participants/{mum_id}/contact"));
    meeting.facilitator.put(&contact, json!({ "address": HIDDEN_ADDRESS })).await.expect(200);
    meeting.facilitator.put(&contact, json!({ "phones": [PHONE], "visibility": "network" })).await.expect(200);
    let separation = json!({ "first_id": mum_id, "second_id": dad_id, "no_details": true, "reason": "Order" });
    meeting.facilitator.post(&meeting.path("/separations"), separation).await.expect(201);
    let note = json!({ "participant_id": mum_id, "category": "risk", "body": "Dad followed Mum home in May." });
    meeting.facilitator.post(&meeting.path("/safety-notes"), note).await.expect(201);
    let version =
        meeting.facilitator.post(&meeting.path("/versions"), json!({ "label": "Referral" })).await.expect(201);
    let hash = version["hash"].as_str().unwrap().to_owned();
    let export = |format: &str, recipient: Option<&str>| {
        let mut path = meeting.path(&format!("/versions/{hash}/export?format={format}"));
        if let Some(recipient) = recipient {
            path.push_str(&format!("&for={recipient}"));
        }
        path
    };
    let text_of = |answer: kinplan_tests::api::Answer| -> String {
        assert_eq!(answer.status, 200, "{}", answer.body);
        match answer.body {
            Value::String(text) => text,
            other => other.to_string(),
        }
    };

    // The case record: everything.
    for format in ["md", "html", "json"] {
        let record = text_of(meeting.facilitator.get(&export(format, None)).await);
        for shown in ["Hidden Lane", PHONE, "followed Mum home"] {
            assert!(record.contains(shown), "{format}: the case record lacks {shown:?}");
        }
    }
    // Each family member's own copy, asked for by them: what they may see and no more.
    for format in ["md", "html", "json"] {
        let dads = text_of(dad.get(&export(format, None)).await);
        let aunts = text_of(aunt.get(&export(format, None)).await);
        let mums = text_of(mum.get(&export(format, None)).await);
        for copy in [&dads, &aunts, &mums] {
            assert!(!copy.contains("followed Mum home"), "{format}: a family copy holds a safety note");
        }
        assert!(!dads.contains("Hidden Lane") && !dads.contains(PHONE), "{format}: Dad's copy: {dads}");
        assert!(!aunts.contains("Hidden Lane") && aunts.contains(PHONE), "{format}: the aunt's copy");
        assert!(mums.contains("Hidden Lane"), "{format}: Mum's copy shows her own address");
    }
    // Staff make a copy for someone; a family member cannot ask for another's.
    let for_dad = text_of(meeting.facilitator.get(&export("md", Some(&dad_id))).await);
    assert!(!for_dad.contains(PHONE) && !for_dad.contains("followed") && for_dad.contains("For Dad"), "{for_dad}");
    dad.get(&export("md", Some(&mum_id))).await.expect_error(403, "forbidden");
    meeting.facilitator.get(&export("md", Some("nobody"))).await.expect_error(404, "not_found");
    let _ = aunt_id;

    // The operator: `--for` makes the family copy, without it the case record.
    let database = server.database_url.clone();
    let run = |extra: &[&str]| {
        let mut args =
            vec!["export", "--database", database.as_str(), "--meeting", meeting.meeting_id.as_str(), "--format", "md"];
        args.extend(extra);
        kinplan(&args, "")
    };
    let (ok, record, error) = run(&[]);
    assert!(ok && record.contains("Hidden Lane") && record.contains("followed Mum home"), "{error}");
    let (ok, dads, error) = run(&["--for", &dad_id]);
    assert!(ok && !dads.contains("Hidden Lane") && !dads.contains(PHONE) && !dads.contains("followed"), "{error}");
    let (ok, _, error) = run(&["--for", "nobody"]);
    assert!(!ok && error.contains("has no participant nobody"), "{error}");

    // Each export is audited with the copy it was and whom it was for.
    let audit = meeting.facilitator.get(&meeting.path("/audit")).await.expect(200).to_string();
    assert!(audit.contains("case_record") && audit.contains(&format!("\"for\":\"{dad_id}\"")), "{audit}");
}
