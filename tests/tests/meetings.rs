//! Meetings over real HTTP and WebSockets: sign-in, join links, stages, private family time,
//! revocation, tampered tokens, other meetings, the audit log and the API's shape.

use std::time::{Duration, Instant};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use kinplan_server::access::ParticipantKind::{Family, Practitioner};
use kinplan_server::access::StaffRole;
use kinplan_server::auth::DocumentRole;
use kinplan_tests::api::{link_secret, open_document, signed_in, Api, MeetingFixture, PASSWORD};
use kinplan_tests::{TestClient, TestServer};
use serde_json::json;

#[tokio::test]
async fn sign_in_sets_a_strict_http_only_cookie_and_sign_out_ends_it() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    kinplan_tests::api::add_staff(&server, "sam@council.example", "Sam", StaffRole::Facilitator).await;
    let browser = Api::new(&server);
    browser.get("/api/session").await.expect_error(401, "unauthenticated");

    let answer = browser.post("/api/session", json!({ "email": "Sam@Council.example", "password": PASSWORD })).await;
    let cookie = answer.headers["set-cookie"].to_str().unwrap().to_owned();
    let body = answer.expect(200);
    assert_eq!(body["kind"], "staff");
    assert_eq!(body["role"], "facilitator");
    assert!(cookie.starts_with("kinplan_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain http on loopback is not TLS: {cookie}");
    browser.get("/api/session").await.expect(200);

    assert_eq!(browser.delete("/api/session").await.status, 204);
    browser.get("/api/session").await.expect_error(401, "unauthenticated");
}

#[tokio::test]
async fn cookies_are_secure_when_served_over_tls() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start_with(directory.path(), |config| {
        config.public_url = Some("https://kinplan.council.example".into());
    })
    .await;
    kinplan_tests::api::add_staff(&server, "sam@council.example", "Sam", StaffRole::Facilitator).await;
    let answer =
        Api::new(&server).post("/api/session", json!({ "email": "sam@council.example", "password": PASSWORD })).await;
    assert!(answer.headers["set-cookie"].to_str().unwrap().contains("Secure"));
}

#[tokio::test]
async fn failed_sign_ins_are_rate_limited_per_account_and_per_address() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    kinplan_tests::api::add_staff(&server, "sam@council.example", "Sam", StaffRole::Facilitator).await;
    let browser = Api::new(&server);
    for _ in 0..5 {
        browser
            .post("/api/session", json!({ "email": "sam@council.example", "password": "wrong" }))
            .await
            .expect_error(401, "invalid_credentials");
    }
    // Now even the right password waits, and the answer says how long.
    let blocked = browser.post("/api/session", json!({ "email": "sam@council.example", "password": PASSWORD })).await;
    assert!(blocked.headers.contains_key("retry-after"));
    blocked.expect_error(429, "too_many_attempts");

    // Guessing across many accounts from one address is limited too.
    for attempt in 0..15 {
        let email = format!("nobody-{attempt}@council.example");
        browser
            .post("/api/session", json!({ "email": email, "password": "x" }))
            .await
            .expect_error(401, "invalid_credentials");
    }
    browser
        .post("/api/session", json!({ "email": "another@council.example", "password": "x" }))
        .await
        .expect_error(429, "too_many_attempts");

    // The failures were audited, without the password.
    let manager = Api::new(&server);
    kinplan_tests::api::add_staff(&server, "mo@council.example", "Mo", StaffRole::Manager).await;
    // The manager signs in from the same (blocked) address in this test, so read the store.
    drop(manager);
    let store = kinplan_server::store::open(&server.database_url).await.unwrap();
    let events = store.audit_recent(100).await.unwrap();
    let failed = events.iter().filter(|event| event.action == "sign_in_failed").count();
    assert_eq!(failed, 20);
    assert!(!events.iter().any(|event| event.detail.to_string().contains("wrong")));
}

#[tokio::test]
async fn a_join_link_with_an_access_code_gives_a_participant_session() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let meeting = MeetingFixture::new(&server, "Plan for J").await;
    let (participant_id, link) = meeting.invite("Aunt Rose", Family, true).await;
    let code = link["access_code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 6);
    assert!(link["url"].as_str().unwrap().contains("/join#"), "the secret travels in the fragment");
    let secret = link_secret(&link);

    let phone = Api::new(&server);
    let preview = phone.post("/api/join/preview", json!({ "secret": secret })).await.expect(200);
    // Nothing of the meeting shows before the code is given.
    assert!(preview["display_name"].is_null(), "{preview}");
    assert!(preview["meeting_title"].is_null(), "{preview}");
    assert_eq!(preview["needs_access_code"], true);

    phone.post("/api/join", json!({ "secret": secret })).await.expect_error(401, "access_code_required");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let answer = phone.post("/api/join", json!({ "secret": secret, "access_code": wrong })).await;
    let body = answer.expect_error(401, "wrong_access_code");
    assert!(body["message"].as_str().unwrap().contains("4 more tries"), "{body}");
    phone.get("/api/session").await.expect_error(401, "unauthenticated");

    let joined = phone.post("/api/join", json!({ "secret": secret, "access_code": code })).await.expect(200);
    assert_eq!(joined["kind"], "participant");
    assert_eq!(joined["id"], participant_id.as_str());
    let token = phone.document_token(&meeting.meeting_id, "plan").await.expect(200);
    assert_eq!(token["role"], "editor");
    let mut plan = open_document(&server, &phone, &meeting.meeting_id, "plan").await;
    plan.append_text("strengths", "Rose takes J to school on Mondays.").await.unwrap();

    // An unknown secret says so plainly.
    phone.post("/api/join", json!({ "secret": "not-a-real-link" })).await.expect_error(404, "not_found");
}

#[tokio::test]
async fn a_link_locks_after_five_wrong_codes() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let meeting = MeetingFixture::new(&server, "Plan").await;
    let (_, link) = meeting.invite("Uncle Ade", Family, true).await;
    let code = link["access_code"].as_str().unwrap();
    let wrong = if code == "123456" { "654321" } else { "123456" };
    let phone = Api::new(&server);
    for _ in 0..4 {
        phone
            .post("/api/join", json!({ "secret": link_secret(&link), "access_code": wrong }))
            .await
            .expect_error(401, "wrong_access_code");
    }
    phone
        .post("/api/join", json!({ "secret": link_secret(&link), "access_code": wrong }))
        .await
        .expect_error(410, "link_locked");
    phone
        .post("/api/join", json!({ "secret": link_secret(&link), "access_code": code }))
        .await
        .expect_error(410, "link_locked");
}

#[tokio::test]
async fn an_expired_link_is_refused_with_what_to_do() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let meeting = MeetingFixture::new(&server, "Plan").await;
    let (participant_id, _) = meeting.invite("Grandad", Family, false).await;
    let store = kinplan_server::store::open(&server.database_url).await.unwrap();
    let secret = kinplan_server::secrets::random_secret();
    let now = kinplan_server::secrets::now_millis();
    let expired = kinplan_server::store::JoinLink {
        id: kinplan_server::secrets::new_id(),
        participant_id,
        secret_hash: kinplan_server::secrets::secret_hash(&secret),
        access_code_hash: None,
        failed_code_attempts: 0,
        expires_at: now - 1000,
        revoked_at: None,
        created_at: now - 15 * 86_400_000,
    };
    let mut change = store.begin_change().await.unwrap();
    change.create_link(&expired).await.unwrap();
    change.commit(kinplan_tests::api::operator_audit("link_created")).await.unwrap();
    let body = Api::new(&server).post("/api/join", json!({ "secret": secret })).await.expect_error(410, "link_expired");
    assert!(body["message"].as_str().unwrap().contains("new link"));
}

#[tokio::test]
async fn revoking_a_link_closes_open_connections_within_a_second_and_refuses_new_ones() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let meeting = MeetingFixture::new(&server, "Plan").await;
    let (phone, participant_id) = meeting.join_as(&server, "Cousin Lee", Family).await;
    let mut plan = open_document(&server, &phone, &meeting.meeting_id, "plan").await;
    let spare = phone.document_token(&meeting.meeting_id, "plan").await.expect(200);

    let started = Instant::now();
    let revoked = meeting
        .facilitator
        .post(&meeting.path(&format!("/participants/{participant_id}/revoke")), json!({}))
        .await
        .expect(200);
    assert_eq!(revoked["revoked_link_ids"].as_array().unwrap().len(), 1);
    let closed = plan.wait_for_close().await.unwrap();
    assert_eq!(closed.code, 4403, "{closed:?}");
    assert!(started.elapsed() < Duration::from_secs(1), "closed after {:?}", started.elapsed());

    // The session is over, and a token minted before the revocation no longer opens anything.
    phone.document_token(&meeting.meeting_id, "plan").await.expect_error(401, "unauthenticated");
    let url = server.sync_url(spare["document"].as_str().unwrap(), spare["token"].as_str());
    let mut late = TestClient::connect(&url).await.unwrap();
    assert_eq!(late.wait_for_close().await.unwrap().code, 4401);
    assert!(late.frames.is_empty());

    let audit = meeting.facilitator.get(&meeting.path("/audit")).await.expect(200);
    assert!(audit.as_array().unwrap().iter().any(|event| event["action"] == "link_revoked"));
}

#[tokio::test]
async fn private_family_time_is_enforced_by_the_server_end_to_end() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let meeting = MeetingFixture::new(&server, "Plan for K").await;
    let social_worker = signed_in(&server, "sw@council.example", StaffRole::Practitioner).await;
    meeting
        .facilitator
        .post(
            &meeting.path("/participants"),
            json!({ "display_name": "Sally (social worker)", "kind": "practitioner", "staff_email": "sw@council.example" }),
        )
        .await
        .expect(201);
    let (mum, _) = meeting.join_as(&server, "Mum", Family).await;
    let (nurse, _) = meeting.join_as(&server, "Health visitor", Practitioner).await;

    meeting.move_to("information").await;
    let mut facilitator_plan = open_document(&server, &meeting.facilitator, &meeting.meeting_id, "plan").await;
    facilitator_plan.append_text("worries", "Worry: school attendance. ").await.unwrap();
    let mut worker_plan = open_document(&server, &social_worker, &meeting.meeting_id, "plan").await;
    let mut nurse_plan = open_document(&server, &nurse, &meeting.meeting_id, "plan").await;
    let mut mum_plan = open_document(&server, &mum, &meeting.meeting_id, "plan").await;
    mum_plan.wait_until(|c| c.text("worries").contains("attendance")).await.unwrap();
    // Each person can tell which participant they are.
    let people = social_worker.get(&meeting.path("/participants")).await.expect(200);
    let yours: Vec<_> = people.as_array().unwrap().iter().filter(|p| p["is_you"] == true).collect();
    assert_eq!(yours.len(), 1);
    assert_eq!(yours[0]["display_name"], "Sally (social worker)");
    // Staff never open the family's space, whatever the stage.
    meeting.facilitator.document_token(&meeting.meeting_id, "family-time").await.expect_error(403, "forbidden");
    let stale_token = meeting.facilitator.document_token(&meeting.meeting_id, "plan").await.expect(200);

    let started = Instant::now();
    meeting.move_to("private-family-time").await;
    for professional in [&mut facilitator_plan, &mut worker_plan, &mut nurse_plan] {
        let closed = professional.wait_for_close().await.unwrap();
        assert_eq!(closed.code, 4403, "{closed:?}");
        assert!(closed.reason.contains("private time"), "{closed:?}");
    }
    assert!(started.elapsed() < Duration::from_secs(1), "closed after {:?}", started.elapsed());

    // The family carries on, in both documents.
    mum_plan.append_text("strengths", "Mum walks K to school. ").await.unwrap();
    let mut mum_space = open_document(&server, &mum, &meeting.meeting_id, "family-time").await;
    mum_space.append_text("notes", "Our private notes.").await.unwrap();
    mum_space.synced = false;
    mum_space.sync().await.unwrap();

    // No way back in for professionals while the family is alone.
    for professional in [&meeting.facilitator, &social_worker, &nurse] {
        professional.document_token(&meeting.meeting_id, "plan").await.expect_error(403, "forbidden");
        professional.document_token(&meeting.meeting_id, "family-time").await.expect_error(403, "forbidden");
    }
    let url = server.sync_url(stale_token["document"].as_str().unwrap(), stale_token["token"].as_str());
    let mut sneaky = TestClient::connect(&url).await.unwrap();
    assert_eq!(sneaky.wait_for_close().await.unwrap().code, 4403);
    assert!(sneaky.frames.is_empty(), "no plan data reached a professional during private time");

    // Agreement: professionals read the plan again and see the family's words; the family's
    // space stays closed to them.
    meeting.move_to("agreement").await;
    let mut back = open_document(&server, &meeting.facilitator, &meeting.meeting_id, "plan").await;
    back.wait_until(|c| c.text("strengths").contains("walks K")).await.unwrap();
    assert_eq!(meeting.facilitator.document_token(&meeting.meeting_id, "plan").await.expect(200)["role"], "viewer");
    meeting.facilitator.document_token(&meeting.meeting_id, "family-time").await.expect_error(403, "forbidden");

    // The audit log shows that no staff account opened the family's document, and who was kept out.
    let audit = meeting.facilitator.get(&meeting.path("/audit")).await.expect(200);
    let events = audit.as_array().unwrap();
    let staff_opened_family_space = events.iter().any(|event| {
        event["action"] == "document_opened"
            && event["detail"]["document"].as_str().unwrap().ends_with("/family-time")
            && !event["actor"].as_str().unwrap().starts_with("participant:")
    });
    assert!(!staff_opened_family_space, "a staff account opened the family's document");
    let mum_opened = events.iter().any(|event| {
        event["action"] == "document_opened"
            && event["detail"]["document"].as_str().unwrap().ends_with("/family-time")
            && event["actor_name"] == "Mum"
    });
    assert!(mum_opened, "the family's own opening is audited");
    assert!(events
        .iter()
        .any(|event| event["action"] == "document_refused" && event["detail"]["stage"] == "private-family-time"));
    let stage_changes: Vec<_> = events
        .iter()
        .filter(|event| event["action"] == "stage_changed")
        .map(|event| event["detail"]["to"].clone())
        .collect();
    assert_eq!(stage_changes, vec![json!("information"), json!("private-family-time"), json!("agreement")]);
}

#[tokio::test]
async fn stage_changes_are_pushed_on_the_events_stream_with_the_current_stage_first() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let meeting = MeetingFixture::new(&server, "Plan").await;
    let (mum, _) = meeting.join_as(&server, "Mum", Family).await;
    let response = mum.http.get(format!("{}{}", mum.base, meeting.path("/events"))).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/event-stream"));
    let mut stream = response.bytes_stream();
    let mut seen = String::new();
    let mut next_stage = async |seen: &mut String| {
        use futures_util::StreamExt;
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            if let Some(end) = seen.find("\n\n") {
                let event: String = seen.drain(..end + 2).collect();
                if event.contains("event: stage") {
                    let data = event.lines().find_map(|line| line.strip_prefix("data: ")).unwrap().to_owned();
                    return serde_json::from_str::<serde_json::Value>(&data).unwrap()["stage"]
                        .as_str()
                        .unwrap()
                        .to_owned();
                }
                continue;
            }
            assert!(Instant::now() < deadline, "no stage event within 5 s; got {seen:?}");
            let chunk = tokio::time::timeout(Duration::from_secs(5), stream.next()).await.unwrap().unwrap().unwrap();
            seen.push_str(&String::from_utf8_lossy(&chunk));
        }
    };
    assert_eq!(next_stage(&mut seen).await, "preparation");
    meeting.move_to("information").await;
    assert_eq!(next_stage(&mut seen).await, "information");
    meeting.move_to("private-family-time").await;
    assert_eq!(next_stage(&mut seen).await, "private-family-time");
}

#[tokio::test]
async fn only_the_facilitator_moves_the_stage_and_a_closed_meeting_stays_closed() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let meeting = MeetingFixture::new(&server, "Plan").await;
    let (mum, _) = meeting.join_as(&server, "Mum", Family).await;
    mum.put(&meeting.path("/stage"), json!({ "stage": "closed" })).await.expect_error(403, "forbidden");
    meeting
        .facilitator
        .put(&meeting.path("/stage"), json!({ "stage": "finished" }))
        .await
        .expect_error(400, "bad_request");
    meeting.move_to("closed").await;
    meeting
        .facilitator
        .put(&meeting.path("/stage"), json!({ "stage": "agreement" }))
        .await
        .expect_error(403, "forbidden");
    // Read-only once closed.
    assert_eq!(mum.document_token(&meeting.meeting_id, "plan").await.expect(200)["role"], "viewer");
}

/// Builds a token like the server's but signed with `secret`, with `claims` as given.
fn forge(claims: serde_json::Value, secret: &[u8]) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"typ":"JWT","alg":"HS256"}"#);
    let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    use hmac_sha256::HMAC;
    let signature = URL_SAFE_NO_PAD.encode(HMAC::mac(format!("{header}.{payload}").as_bytes(), secret));
    format!("{header}.{payload}.{signature}")
}

#[tokio::test]
async fn tampered_tokens_and_other_meetings_documents_are_refused() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let first = MeetingFixture::new(&server, "First family").await;
    let second = MeetingFixture::new(&server, "Second family").await;
    let (mum, _) = first.join_as(&server, "Mum", Family).await;
    let (observer, _) = first.join_as(&server, "Student", kinplan_server::access::ParticipantKind::Observer).await;
    let issued = mum.document_token(&first.meeting_id, "plan").await.expect(200);
    let token = issued["token"].as_str().unwrap();
    let parts: Vec<&str> = token.split('.').collect();
    let claims: serde_json::Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    let second_plan = format!("meeting/{}/plan", second.meeting_id);

    let refused = async |document: &str, token: &str| {
        let mut client = TestClient::connect(&server.sync_url(document, Some(token))).await.unwrap();
        let closed = client.wait_for_close().await.unwrap();
        assert!(client.frames.is_empty(), "no document data before the refusal");
        closed.code
    };

    // The payload changed to another meeting's document keeps the old signature.
    let mut moved = claims.clone();
    moved["doc"] = json!(second_plan);
    let tampered = format!("{}.{}.{}", parts[0], URL_SAFE_NO_PAD.encode(moved.to_string()), parts[2]);
    assert_eq!(refused(&second_plan, &tampered).await, 4401);
    // "alg": "none".
    let unsigned = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(moved.to_string())
    );
    assert_eq!(refused(&second_plan, &unsigned).await, 4401);
    // The right shape, signed with the wrong key.
    assert_eq!(refused(&second_plan, &forge(moved.clone(), b"a guess at the secret, 32 bytes long")).await, 4401);
    // A genuine token, at another meeting's document.
    assert_eq!(refused(&second_plan, token).await, 4403);
    // A genuine token for the holder's own meeting, but its holder is not in the other meeting:
    // even a validly signed token naming the other meeting's document is refused.
    let keys = &server.tokens;
    let forged_membership = keys.issue_for(
        &second_plan,
        DocumentRole::Editor,
        Duration::from_secs(60),
        claims["sub"].as_str().map(str::to_owned),
        claims["grant"].as_str().map(str::to_owned),
    );
    assert_eq!(refused(&second_plan, &forged_membership).await, 4403);
    // A token that names nobody never opens a meeting's document.
    let anonymous = keys.issue(&second_plan, DocumentRole::Editor, Duration::from_secs(60));
    assert_eq!(refused(&second_plan, &anonymous).await, 4403);

    // People, events, audit and tokens of another meeting: not found.
    for path in ["", "/participants", "/events", "/audit", "/documents/plan/token"] {
        let full = format!("/api/meetings/{}{path}", second.meeting_id);
        let answer = if path.ends_with("token") { mum.post(&full, json!({})).await } else { mum.get(&full).await };
        answer.expect_error(404, "not_found");
        let answer = if path.ends_with("token") {
            first.facilitator.post(&full, json!({})).await
        } else {
            first.facilitator.get(&full).await
        };
        answer.expect_error(404, "not_found");
    }

    // Observers read but never write: their token is a viewer's and the server drops their edits.
    let observer_token = observer.document_token(&first.meeting_id, "plan").await.expect(200);
    assert_eq!(observer_token["role"], "viewer");
    let mut watcher = open_document(&server, &observer, &first.meeting_id, "plan").await;
    watcher.append_text("worries", "observer wrote this").await.unwrap();
    watcher.wait_until(|c| !c.denials.is_empty()).await.unwrap();
    let reader = open_document(&server, &mum, &first.meeting_id, "plan").await;
    assert!(!reader.text("worries").contains("observer"));
}

#[tokio::test]
async fn errors_are_json_and_the_api_is_described_by_openapi_3_1() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let meeting = MeetingFixture::new(&server, "Plan").await;
    let answer = meeting
        .facilitator
        .send_raw(meeting.facilitator.http.post(format!("{}/api/meetings", meeting.facilitator.base)).body("{not json"))
        .await;
    answer.expect_error(400, "bad_request");
    meeting.facilitator.post("/api/meetings", json!({ "title": "   " })).await.expect_error(400, "bad_request");
    meeting.facilitator.get("/api/meetings/no-such-meeting").await.expect_error(404, "not_found");

    let document = Api::new(&server).get("/api/openapi.json").await.expect(200);
    assert!(document["openapi"].as_str().unwrap().starts_with("3.1"), "{}", document["openapi"]);
    let paths = document["paths"].as_object().unwrap();
    for path in [
        "/api/session",
        "/api/meetings",
        "/api/meetings/{meeting_id}/stage",
        "/api/meetings/{meeting_id}/events",
        "/api/meetings/{meeting_id}/audit",
        "/api/meetings/{meeting_id}/participants/{participant_id}/links",
        "/api/join",
        "/api/meetings/{meeting_id}/documents/{kind}/token",
    ] {
        assert!(paths.contains_key(path), "{path} is missing from the OpenAPI document");
    }
    // OpenAPI requires each operation's id to be unique: generated clients name calls by it.
    let mut seen = std::collections::BTreeMap::new();
    for (path, operations) in paths {
        for (method, operation) in operations.as_object().unwrap() {
            let Some(id) = operation["operationId"].as_str() else { continue };
            if let Some(earlier) = seen.insert(id.to_owned(), format!("{method} {path}")) {
                panic!("the operationId {id:?} names both {earlier} and {method} {path}");
            }
        }
    }
}
