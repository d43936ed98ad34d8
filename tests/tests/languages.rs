//! Languages through the real server: which may be shown (an unreviewed one only once a manager
//! turns it on), the web app's message files, a participant's own language (chosen, recorded or
//! the meeting's) sticking to their link, the meeting's language, and errors in the caller's
//! language: the browser's before they are known, their own after.

use std::time::{Duration, Instant};

use kinplan_server::access::{ParticipantKind, StaffRole};
use kinplan_server::domain::i18n::{say_in, Lang};
use kinplan_tests::api::{link_secret, signed_in, Api, MeetingFixture};
use kinplan_tests::TestServer;
use serde_json::{json, Value};

fn language<'a>(list: &'a Value, code: &str) -> &'a Value {
    list["languages"].as_array().unwrap().iter().find(|language| language["code"] == code).unwrap()
}

fn welsh() -> Lang {
    Lang::from_code("cy").unwrap()
}

#[tokio::test]
async fn an_unreviewed_language_is_shown_only_once_a_manager_turns_it_on() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let anyone = Api::new(&server);

    // No sign-in needed for the list and the files: the join page needs them first.
    let list = anyone.get("/api/languages").await.expect(200);
    assert_eq!(list["languages"][0]["code"], "en", "English first");
    assert_eq!(language(&list, "en")["enabled"], true);
    for code in ["cy", "ar"] {
        assert_eq!(language(&list, code)["reviewed"], false, "{code}: no qualified translator has reviewed it");
        assert_eq!(language(&list, code)["enabled"], false, "{code} is not shown until turned on");
    }
    assert_eq!(language(&list, "ar")["direction"], "rtl");
    assert_eq!(language(&list, "cy")["native_name"], "Cymraeg");
    let english = anyone.get("/api/languages/en/web.ftl").await.expect(200);
    assert!(english.as_str().unwrap().starts_with("## Review: reviewed"));
    anyone.get("/api/languages/cy/web.ftl").await.expect_error(404, "not_found");
    anyone.get("/api/languages/xx/web.ftl").await.expect_error(404, "not_found");
    anyone.get("/api/languages/CY/web.ftl").await.expect_error(404, "not_found");

    // Only a manager turns a language on; a reviewed language is always on.
    let manager = signed_in(&server, "manager@council.example", StaffRole::Manager).await;
    let facilitator = signed_in(&server, "facilitator@council.example", StaffRole::Facilitator).await;
    anyone.put("/api/languages/cy", json!({ "enabled": true })).await.expect_error(401, "unauthenticated");
    facilitator.put("/api/languages/cy", json!({ "enabled": true })).await.expect_error(403, "forbidden");
    manager.put("/api/languages/xx", json!({ "enabled": true })).await.expect_error(404, "not_found");
    manager.put("/api/languages/en", json!({ "enabled": false })).await.expect_error(409, "conflict");
    manager.put("/api/languages/cy", json!({ "enabled": "yes" })).await.expect_error(400, "bad_request");
    manager.put("/api/languages/cy", json!({ "enabled": true, "extra": 1 })).await.expect_error(400, "bad_request");
    let turned_on = manager.put("/api/languages/cy", json!({ "enabled": true })).await.expect(200);
    assert_eq!(turned_on["enabled"], true);
    let welsh_file = anyone.get("/api/languages/cy/web.ftl").await.expect(200);
    assert!(welsh_file.as_str().unwrap().starts_with("## Review: unreviewed"));
    assert_eq!(language(&anyone.get("/api/languages").await.expect(200), "ar")["enabled"], false);
    let audit = manager.get("/api/audit").await.expect(200);
    assert!(audit.to_string().contains("language_enabled"), "turning a language on is audited");

    // Off again: its file is withheld again.
    manager.put("/api/languages/cy", json!({ "enabled": false })).await.expect(200);
    anyone.get("/api/languages/cy/web.ftl").await.expect_error(404, "not_found");

    // The operator's command line does the same, and the server sees it within seconds.
    let (ok, out, err) = kinplan_tests::kinplan(&["language", "enable", "ar", "--database", &server.database_url], "");
    assert!(ok, "{err}");
    assert!(out.lines().any(|line| line.starts_with("ar\t") && line.ends_with("\tshown")), "{out}");
    let (ok, _, err) = kinplan_tests::kinplan(&["language", "enable", "xx", "--database", &server.database_url], "");
    assert!(!ok && err.contains("language"), "an unknown language is refused: {err}");
    let started = Instant::now();
    loop {
        if anyone.get("/api/languages/ar/web.ftl").await.status == 200 {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "the server sees the operator's change");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

#[tokio::test]
async fn a_participant_sees_their_own_language_and_it_sticks_to_their_link() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let manager = signed_in(&server, "manager@council.example", StaffRole::Manager).await;
    let meeting = MeetingFixture::new(&server, "Languages").await;

    // Recorded as speaking Welsh, before Welsh is turned on: English.
    let added = meeting
        .facilitator
        .post(&meeting.path("/participants"), json!({ "display_name": "Nain", "kind": "family", "language": "Welsh" }))
        .await
        .expect(201);
    let nain_id = added["id"].as_str().unwrap();
    let link =
        meeting.facilitator.post(&meeting.path(&format!("/participants/{nain_id}/links")), json!({})).await.expect(201);
    let nain = Api::new(&server);
    let joined = nain.post("/api/join", json!({ "secret": link_secret(&link) })).await.expect(200);
    assert_eq!((joined["language"].as_str(), joined["direction"].as_str()), (Some("en"), Some("ltr")));

    // Turned on: her recorded language is her pages', and the API answers her in it.
    manager.put("/api/languages/cy", json!({ "enabled": true })).await.expect(200);
    let session = nain.get("/api/session").await.expect(200);
    assert_eq!(session["language"], "cy");
    // kinplan's own privacy notice comes in her language; she agrees to the same version.
    let notice = nain.get("/api/privacy-notice").await.expect(200);
    assert_eq!(notice["version"], 2);
    let body = notice["body"].as_str().unwrap();
    assert!(body.starts_with("Beth rydym yn ei gadw") && body.ends_with("map data: /data-protection"), "{notice}");
    let english_notice = meeting.facilitator.get("/api/privacy-notice").await.expect(200);
    assert!(english_notice["body"].as_str().unwrap().starts_with("What we keep"), "{english_notice}");
    let refused = nain.put("/api/session/language", json!({ "language": "xx" })).await.expect_error(400, "bad_request");
    let words = refused["message"].as_str().unwrap();
    assert!(words.starts_with("nid yw xx yn iaith"), "in Welsh: {words}");
    assert!(words.contains("cy") && words.contains("en") && !words.contains("ar"), "the choices: {words}");
    nain.put("/api/session/language", json!({ "language": "ar" })).await.expect_error(400, "bad_request");
    nain.put("/api/session/language", json!({})).await.expect_error(400, "bad_request");

    // She chooses English; it sticks to her link, on another device too.
    nain.put("/api/session/language", json!({ "language": "en" })).await.expect(204);
    assert_eq!(nain.get("/api/session").await.expect(200)["language"], "en");
    let other_device = Api::new(&server);
    let again = other_device.post("/api/join", json!({ "secret": link_secret(&link) })).await.expect(200);
    assert_eq!(again["language"], "en", "the choice stays with her link");
    nain.put("/api/session/language", json!({ "language": "cy" })).await.expect(204);
    assert_eq!(other_device.get("/api/session").await.expect(200)["language"], "cy");
    let audit = meeting.facilitator.get(&meeting.path("/audit")).await.expect(200);
    assert!(audit.to_string().contains("page_language_set"));

    // Staff pages are English; staff do not choose a page language.
    assert_eq!(meeting.facilitator.get("/api/session").await.expect(200)["language"], "en");
    meeting.facilitator.put("/api/session/language", json!({ "language": "cy" })).await.expect_error(403, "forbidden");

    // Someone with no language recorded follows the meeting's, which the facilitator chooses.
    let (aunt, _) = meeting.join_as(&server, "Modryb", ParticipantKind::Family).await;
    assert_eq!(aunt.get("/api/session").await.expect(200)["language"], "en");
    aunt.put(&meeting.path("/language"), json!({ "language": "cy" })).await.expect_error(403, "forbidden");
    meeting
        .facilitator
        .put(&meeting.path("/language"), json!({ "language": "ar" }))
        .await
        .expect_error(400, "bad_request");
    meeting
        .facilitator
        .put(&meeting.path("/language"), json!({ "language": 7 }))
        .await
        .expect_error(400, "bad_request");
    let shown = meeting.facilitator.put(&meeting.path("/language"), json!({ "language": "cy" })).await.expect(200);
    assert_eq!(shown["language"], "cy");
    assert_eq!(meeting.facilitator.get(&meeting.path("")).await.expect(200)["language"], "cy");
    assert_eq!(aunt.get("/api/session").await.expect(200)["language"], "cy");

    // A notice the council publishes itself is shown as it was written, in every language.
    let published = "Our own notice: we keep your words in the plan for as long as the law says.";
    manager.put("/api/privacy-notice", json!({ "body": published })).await.expect(201);
    assert_eq!(nain.get("/api/privacy-notice").await.expect(200)["body"], published);

    // Turned off again: nobody is shown it, whatever they chose.
    manager.put("/api/languages/cy", json!({ "enabled": false })).await.expect(200);
    assert_eq!(nain.get("/api/session").await.expect(200)["language"], "en");
    assert_eq!(aunt.get("/api/session").await.expect(200)["language"], "en");
}

#[tokio::test]
async fn errors_come_in_the_browsers_language_until_the_person_is_known() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let anyone = Api::new(&server);
    let join_with = |accept: &'static str| {
        let request = anyone
            .http
            .post(format!("{}/api/join", anyone.base))
            .header(reqwest::header::ACCEPT_LANGUAGE, accept)
            .json(&json!({ "secret": "x".repeat(5000) }));
        anyone.send_raw(request)
    };
    let english = say_in(Lang::ENGLISH, "error-not-a-link", &[]);
    let in_welsh = say_in(welsh(), "error-not-a-link", &[]);
    assert_ne!(english, in_welsh);
    // Welsh is not on yet: English, whatever the browser asks.
    assert_eq!(join_with("cy, en;q=0.5").await.expect_error(400, "bad_request")["message"], english.as_str());
    let manager = signed_in(&server, "manager@council.example", StaffRole::Manager).await;
    manager.put("/api/languages/cy", json!({ "enabled": true })).await.expect(200);
    assert_eq!(join_with("cy-GB, en;q=0.5").await.expect_error(400, "bad_request")["message"], in_welsh.as_str());
    assert_eq!(join_with("fr, cy;q=0.8").await.expect_error(400, "bad_request")["message"], in_welsh.as_str());
    assert_eq!(join_with("fr, de").await.expect_error(400, "bad_request")["message"], english.as_str());
    assert_eq!(join_with("cy;q=0, en").await.expect_error(400, "bad_request")["message"], english.as_str());
    // Nonsense in the header is no error of its own.
    assert_eq!(join_with(";;q=x,,").await.expect_error(400, "bad_request")["message"], english.as_str());
    let request =
        anyone.http.get(format!("{}/api/session", anyone.base)).header(reqwest::header::ACCEPT_LANGUAGE, "cy");
    let unsigned = anyone.send_raw(request).await.expect_error(401, "unauthenticated");
    assert_eq!(unsigned["message"], say_in(welsh(), "error-sign-in", &[]).as_str());
}
