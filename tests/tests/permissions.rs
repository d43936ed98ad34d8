//! Walks every role × action × stage through the real server and checks that what it does is
//! what the permission table says, and that it can actually be done: a token the API gives opens
//! its document with that role; one it refuses is refused.

use kinplan_server::access::StaffRole;
use kinplan_server::access::{
    allows, document_access, reads_safety_notes, sees_separations, Action, DocumentKind, MeetingRole, ParticipantKind,
    Stage,
};
use kinplan_tests::api::{signed_in, Answer, Api, MeetingFixture};
use kinplan_tests::TestServer;
use serde_json::json;

/// Asks the server to do `action` as `person`; the probe for each action is a real request.
async fn attempt(person: &Api, meeting: &MeetingFixture, action: Action, stage: Stage) -> Answer {
    match action {
        Action::ViewMeeting => person.get(&meeting.path("")).await,
        Action::ViewNetwork => person.get(&meeting.path("/participants")).await,
        Action::ManageNetwork => {
            person.post(&meeting.path("/participants"), json!({ "display_name": "Probe", "kind": "friend" })).await
        }
        // Revoking the links of nobody: allowed gives 404 for the person, refused 403.
        Action::RevokeLinks => person.post(&meeting.path("/participants/nobody/revoke"), json!({})).await,
        // Moving to the stage the meeting is already at changes nothing but is still checked.
        Action::MoveStage => person.put(&meeting.path("/stage"), json!({ "stage": stage })).await,
        Action::ViewAudit => person.get(&meeting.path("/audit")).await,
        // Withdrawing when nothing is proposed changes nothing: allowed gives 409, refused 403.
        Action::RunAgreement => person.delete(&meeting.path("/proposal")).await,
        // Deciding when nothing is proposed: allowed gives 409, refused 403.
        Action::Decide => {
            person.post(&meeting.path("/proposal/decisions"), json!({ "version_hash": "x", "decision": "agree" })).await
        }
        // Clearing the review date of a plan not agreed: allowed gives 409, refused 403.
        Action::SetReviewDate => person.put(&meeting.path("/review-date"), json!({ "on": null })).await,
        // Reviewing an action that is not there: allowed gives 404 in a review, 409 elsewhere.
        Action::RecordReview => person.put(&meeting.path("/review/actions/nobody"), json!({ "status": "done" })).await,
    }
}

#[tokio::test]
async fn every_role_action_and_stage_does_what_the_table_says() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let meeting = MeetingFixture::new(&server, "The whole table").await;
    walk(&server, &meeting, None).await;
}

/// The same walk through a review meeting, whose every stage (private family time included)
/// must also keep the meeting it follows to its final version: the earlier meeting's private-time
/// version stays out of reach for everyone, the final one is read as the review's plan is.
#[tokio::test]
async fn a_review_meeting_walks_the_same_table_and_reaches_only_the_final_plan_it_follows() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let earlier = MeetingFixture::new(&server, "Agreed earlier").await;
    let referrer = earlier.add_referrer(&server, "Sam").await;
    let (mum, _) = earlier.join_as(&server, "Mum", ParticipantKind::Family).await;
    earlier.move_to("information").await;
    earlier.move_to("private-family-time").await;
    let private = mum.post(&earlier.path("/versions"), json!({ "label": "ours" })).await.expect(201);
    earlier.move_to("agreement").await;
    let proposal = earlier.facilitator.post(&earlier.path("/proposal"), json!({})).await.expect(201);
    let final_hash = proposal["version_hash"].as_str().unwrap().to_owned();
    referrer
        .post(&earlier.path("/proposal/decisions"), json!({ "version_hash": final_hash, "decision": "agreed" }))
        .await
        .expect(200);
    earlier.facilitator.post(&earlier.path("/proposal/close"), json!({})).await.expect(200);
    let review = earlier
        .facilitator
        .post("/api/meetings", json!({ "title": "Review", "kind": "review", "follows_meeting_id": earlier.meeting_id }))
        .await
        .expect(201);
    let review =
        MeetingFixture { facilitator: earlier.facilitator, meeting_id: review["id"].as_str().unwrap().to_owned() };
    let private_hash = private["hash"].as_str().unwrap().to_owned();
    walk(&server, &review, Some((&final_hash, &private_hash))).await;
}

/// Walks every role × action × stage of `meeting`, and every document. With `earlier_versions`
/// (the final and a private-time version of the meeting a review follows), also reads both
/// through the review as each role, at each stage.
async fn walk(server: &TestServer, meeting: &MeetingFixture, earlier_versions: Option<(&str, &str)>) {
    let server = server;
    let mut people: Vec<(MeetingRole, Api)> = Vec::new();
    let practitioner = signed_in(server, "member@council.example", StaffRole::Practitioner).await;
    meeting
        .facilitator
        .post(
            &meeting.path("/participants"),
            json!({ "display_name": "Member", "kind": "practitioner", "staff_email": "member@council.example" }),
        )
        .await
        .expect(201);
    people.push((MeetingRole::Practitioner, practitioner));
    people.push((MeetingRole::Manager, signed_in(server, "manager@council.example", StaffRole::Manager).await));
    people.push((MeetingRole::Outsider, signed_in(server, "outsider@council.example", StaffRole::Practitioner).await));
    people.push((
        MeetingRole::Outsider,
        signed_in(server, "other-facilitator@council.example", StaffRole::Facilitator).await,
    ));
    let mut friend = String::new();
    for kind in ParticipantKind::ALL {
        let (person, id) = meeting.join_as(server, kind.as_str(), kind).await;
        if kind == ParticipantKind::Interpreter {
            let declaration = meeting.path("/interpreter/declaration");
            person.post(&declaration, json!({ "no_connection": true })).await.expect(204);
        }
        if kind == ParticipantKind::Friend {
            friend = id;
        }
        people.push((MeetingRole::Participant(kind), person));
    }
    // An interpreter the friend asked into the family's private time: in the friend's room.
    let (asked_in, asked_in_id) = meeting.join_as(server, "asked-in interpreter", ParticipantKind::Interpreter).await;
    asked_in.post(&meeting.path("/interpreter/declaration"), json!({ "no_connection": true })).await.expect(204);
    let ask = meeting.path(&format!("/participants/{asked_in_id}/family-time"));
    let friend_api =
        &people.iter().find(|(role, _)| *role == MeetingRole::Participant(ParticipantKind::Friend)).unwrap().1;
    friend_api.put(&ask, json!({ "asked": true })).await.expect(204);
    people.push((MeetingRole::FamilyInterpreter, asked_in));
    // The friend has a private room of their own; everyone else on the family side is in the
    // default room.
    let room = meeting.facilitator.post(&meeting.path("/rooms"), json!({ "name": "Side room" })).await.expect(201);
    let room_path = meeting.path(&format!("/participants/{friend}/room"));
    meeting.facilitator.put(&room_path, json!({ "room_id": room["id"] })).await.expect(204);
    let staff_only = |role: MeetingRole, allowed: bool| match (role, allowed) {
        (MeetingRole::Outsider, _) => 404,
        (_, true) => 200,
        (_, false) => 403,
    };

    let mut checked = 0;
    for stage in Stage::ALL {
        if stage != Stage::Preparation {
            meeting.move_to(stage.as_str()).await;
        }
        let everyone = people
            .iter()
            .map(|(role, person)| (*role, person))
            .chain([(MeetingRole::Facilitator, &meeting.facilitator)]);
        for (role, person) in everyone {
            for action in Action::ALL {
                let answer = attempt(person, &meeting, action, stage).await;
                let expected = if allows(role, action, stage) {
                    match action {
                        Action::ManageNetwork => 201,
                        Action::RevokeLinks => 404,
                        // Nothing is proposed during the walk, so an allowed attempt is a conflict.
                        Action::RunAgreement | Action::Decide | Action::SetReviewDate => 409,
                        Action::RecordReview if earlier_versions.is_some() => 404,
                        Action::RecordReview => 409,
                        _ => 200,
                    }
                } else if role == MeetingRole::Outsider {
                    404
                } else {
                    403
                };
                assert_eq!(answer.status, expected, "{role:?} {action:?} at {stage:?}: {}", answer.body);
                checked += 1;
            }
            if let Some((final_hash, private_hash)) = earlier_versions {
                let reads_plan =
                    document_access(role, DocumentKind::Plan, stage) >= kinplan_server::access::Access::Read;
                let (final_expected, private_expected) = match (role, reads_plan) {
                    (MeetingRole::Outsider, _) => (404, 404),
                    (_, true) => (200, 404),
                    (_, false) => (403, 403),
                };
                let answer = person.get(&meeting.path(&format!("/versions/{final_hash}"))).await;
                assert_eq!(
                    answer.status, final_expected,
                    "{role:?} reads the final version at {stage:?}: {}",
                    answer.body
                );
                let answer = person.get(&meeting.path(&format!("/versions/{private_hash}"))).await;
                assert_eq!(
                    answer.status, private_expected,
                    "{role:?} reads a private version at {stage:?}: {}",
                    answer.body
                );
                checked += 2;
            }
            // The safeguarding records: safety notes, separations and rooms are for staff.
            let probes = [
                ("/safety-notes", reads_safety_notes(role)),
                ("/separations", sees_separations(role)),
                ("/rooms", sees_separations(role)),
            ];
            for (path, allowed) in probes {
                let answer = person.get(&meeting.path(path)).await;
                assert_eq!(answer.status, staff_only(role, allowed), "{role:?} {path} at {stage:?}: {}", answer.body);
                checked += 1;
            }
            for kind in DocumentKind::ALL {
                let answer = person.document_token(&meeting.meeting_id, kind.as_str()).await;
                match document_access(role, kind, stage).role() {
                    Some(document_role) => {
                        let token = answer.expect(200);
                        assert_eq!(token["role"], document_role.as_str(), "{role:?} {kind:?} at {stage:?}");
                        if kind == DocumentKind::FamilyTime {
                            let in_room = matches!(
                                role,
                                MeetingRole::Participant(ParticipantKind::Friend) | MeetingRole::FamilyInterpreter
                            );
                            let room_document =
                                token["document"].as_str().unwrap().ends_with(room["id"].as_str().unwrap());
                            assert_eq!(room_document, in_room, "{role:?} opens their own room's family time");
                        }
                        let url = server.sync_url(token["document"].as_str().unwrap(), token["token"].as_str());
                        let mut client = kinplan_tests::TestClient::connect(&url).await.unwrap();
                        client.sync().await.unwrap_or_else(|error| panic!("{role:?} {kind:?} at {stage:?}: {error}"));
                        client.close().await;
                    }
                    None => {
                        let expected = if role == MeetingRole::Outsider { 404 } else { 403 };
                        assert_eq!(answer.status, expected, "{role:?} {kind:?} at {stage:?}: {}", answer.body);
                    }
                }
                checked += 1;
            }
        }
    }
    let per_person = Action::ALL.len() + 3 + DocumentKind::ALL.len() + if earlier_versions.is_some() { 2 } else { 0 };
    assert_eq!(checked, Stage::ALL.len() * (people.len() + 1) * per_person);
}
