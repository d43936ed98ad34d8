//! Consent and the privacy notice through the real server: asked once, recorded with the
//! notice's version and time, a child's recorded as theirs with the adult who supported them,
//! shown to staff, and withdrawal closes the person's link and connections within a second.

use std::time::{Duration, Instant};

use kinplan_server::access::ParticipantKind::{Child, Family};
use kinplan_server::access::StaffRole;
use kinplan_tests::api::{link_secret, open_document, signed_in, Api, MeetingFixture};
use kinplan_tests::TestServer;
use serde_json::{json, Value};

/// What the network list says of `person`'s consent, as `asker` sees it.
async fn consent_seen(asker: &Api, meeting: &MeetingFixture, person: &str) -> Value {
    let people = asker.get(&meeting.path("/participants")).await.expect(200);
    people.as_array().unwrap().iter().find(|entry| entry["id"] == person).expect("listed")["consent"].clone()
}

#[tokio::test]
async fn consent_is_asked_once_recorded_with_its_notice_and_withdrawal_closes_the_link() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let meeting = MeetingFixture::new(&server, "Plan for M").await;
    let (mum, mum_id) = meeting.join_as(&server, "Mum", Family).await;
    let (dad, dad_id) = meeting.join_as(&server, "Dad", Family).await;
    let (child, child_id) = meeting.join_as(&server, "M", Child).await;
    let consent = meeting.path("/consent");

    // The first time: nothing given, and the notice to read, in plain English.
    let standing = mum.get(&consent).await.expect(200);
    assert_eq!(standing["consent"]["state"], "not_yet");
    let version = standing["notice"]["version"].as_i64().unwrap();
    let text = standing["notice"]["body"].as_str().unwrap();
    for says in ["What we keep", "Who sees it", "How long", "Your copy", "change your mind"] {
        assert!(text.contains(says), "the notice says {says:?}: {text}");
    }
    assert_eq!(consent_seen(&meeting.facilitator, &meeting, &mum_id).await["state"], "not_yet");
    assert!(consent_seen(&dad, &meeting, &mum_id).await.is_null(), "nobody else's consent is the family's business");

    // What is refused: not agreeing to both, a notice read before it changed, other fields,
    // staff giving consent, and nothing to withdraw.
    let agree = |version: i64| json!({ "notice_version": version, "takes_part": true, "shares_information": true });
    for (body, status) in [
        (json!({ "notice_version": version, "takes_part": true, "shares_information": false }), 400),
        (json!({ "notice_version": version, "takes_part": false, "shares_information": true }), 400),
        (json!({ "notice_version": version + 7, "takes_part": true, "shares_information": true }), 409),
        (json!({ "notice_version": version, "takes_part": true, "shares_information": true, "extra": 1 }), 400),
        (json!({ "takes_part": true }), 400),
    ] {
        let answer = mum.post(&consent, body.clone()).await;
        assert_eq!(answer.status, status, "{body}: {}", answer.body);
    }
    meeting.facilitator.post(&consent, agree(version)).await.expect_error(403, "forbidden");
    mum.post(&meeting.path("/consent/withdraw"), json!({})).await.expect_error(409, "conflict");
    let other = MeetingFixture::new(&server, "Another family").await;
    mum.post(&other.path("/consent"), agree(version)).await.expect_error(404, "not_found");

    // Given once; asked again, the same record comes back.
    let given = mum.post(&consent, agree(version)).await.expect(201);
    assert_eq!((given["state"].as_str(), given["notice_version"].as_i64()), (Some("given"), Some(version)));
    let again = mum.post(&consent, agree(version)).await.expect(200);
    assert_eq!(again["given_at"], given["given_at"]);
    assert_eq!(consent_seen(&meeting.facilitator, &meeting, &mum_id).await["state"], "given");
    assert_eq!(consent_seen(&mum, &meeting, &mum_id).await["state"], "given", "a person sees their own");

    // A child's consent is theirs, with the adult who supported them.
    let supported =
        json!({ "notice_version": version, "takes_part": true, "shares_information": true, "supported_by": "Aunt Jo" });
    child.post(&consent, supported).await.expect(201);
    let seen = consent_seen(&meeting.facilitator, &meeting, &child_id).await;
    assert_eq!((seen["state"].as_str(), seen["supported_by"].as_str()), (Some("given"), Some("Aunt Jo")));

    // A manager changes the notice: Dad, who read the old one, reads it again.
    let manager = signed_in(&server, "manager@council.example", StaffRole::Manager).await;
    meeting
        .facilitator
        .put("/api/privacy-notice", json!({ "body": "A notice from the facilitator." }))
        .await
        .expect_error(403, "forbidden");
    manager.put("/api/privacy-notice", json!({ "body": "Too short" })).await.expect_error(400, "bad_request");
    let council = "What we keep, who sees it, for how long, and how to ask for a copy: Leeds City Council.";
    let published = manager.put("/api/privacy-notice", json!({ "body": council })).await.expect(201);
    assert_eq!(published["version"].as_i64(), Some(version + 1));
    dad.post(&consent, agree(version)).await.expect_error(409, "conflict");
    assert_eq!(dad.get(&consent).await.expect(200)["notice"]["body"], council);
    dad.post(&consent, agree(version + 1)).await.expect(201);
    assert_eq!(
        consent_seen(&meeting.facilitator, &meeting, &mum_id).await["notice_version"].as_i64(),
        Some(version),
        "Mum's stands"
    );
    let _ = dad_id;

    // Mum withdraws while her plan is open: the connection closes within a second, her link
    // opens nothing, and the facilitator sees that she withdrew.
    let mut plan = open_document(&server, &mum, &meeting.meeting_id, "plan").await;
    let started = Instant::now();
    let withdrawn = mum.post(&meeting.path("/consent/withdraw"), json!({})).await.expect(200);
    assert_eq!(withdrawn["state"], "withdrawn");
    let closed = plan.wait_for_close().await.unwrap();
    assert!(started.elapsed() < Duration::from_secs(1), "closed after {:?}", started.elapsed());
    assert!(closed.code >= 4400 && closed.code < 4500, "{closed:?}");
    let seen = consent_seen(&meeting.facilitator, &meeting, &mum_id).await;
    assert_eq!(seen["state"], "withdrawn");
    assert!(seen["withdrawn_at"].is_string());
    let links = meeting.facilitator.get(&meeting.path("/participants")).await.expect(200);
    let mums_links = links.as_array().unwrap().iter().find(|entry| entry["id"] == mum_id).unwrap()["links"].clone();
    assert!(mums_links.as_array().unwrap().iter().all(|link| link["revoked"] == true), "{mums_links}");
    mum.get(&meeting.path("")).await.expect_error(401, "unauthenticated");

    // Every step is in the audit log.
    let audit = meeting.facilitator.get(&meeting.path("/audit")).await.expect(200).to_string();
    for action in ["consent_given", "consent_withdrawn"] {
        assert!(audit.contains(action), "{action}: {audit}");
    }
}

/// Joining again after withdrawing needs a new link from the facilitator: the old one is dead.
#[tokio::test]
async fn a_withdrawn_persons_old_link_opens_nothing() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let meeting = MeetingFixture::new(&server, "Plan for M").await;
    let (_, link) = meeting.invite("Mum", Family, false).await;
    let mum = Api::new(&server);
    mum.post("/api/join", json!({ "secret": link_secret(&link) })).await.expect(200);
    let version = mum.get(&meeting.path("/consent")).await.expect(200)["notice"]["version"].as_i64().unwrap();
    let agree = json!({ "notice_version": version, "takes_part": true, "shares_information": true });
    mum.post(&meeting.path("/consent"), agree).await.expect(201);
    mum.post(&meeting.path("/consent/withdraw"), json!({})).await.expect(200);
    let again = Api::new(&server);
    let refused = again.post("/api/join", json!({ "secret": link_secret(&link) })).await;
    assert!(refused.status >= 400 && refused.status < 500, "{}: {}", refused.status, refused.body);
}
