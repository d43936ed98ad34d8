//! Every change is stored with its audit line or not at all: with the audit log refusing
//! inserts (a trigger stands in for a failure between the change and its line), each workflow
//! answers with an error and leaves nothing of its change behind, on SQLite and PostgreSQL.

use kinplan_server::access::ParticipantKind::Family;
use kinplan_server::access::StaffRole;
use kinplan_tests::api::{add_staff, open_document, signed_in, Api, MeetingFixture, PASSWORD};
use kinplan_tests::{uses_postgres, TestDirectory, TestServer};
use serde_json::{json, Value};
use sqlx::{AnyConnection, Connection, Executor};

/// Makes the audit log refuse every insert until [`AuditRefusal::lift`].
struct AuditRefusal {
    connection: AnyConnection,
}

impl AuditRefusal {
    async fn install(database_url: &str) -> Self {
        sqlx::any::install_default_drivers();
        let mut connection = AnyConnection::connect(database_url).await.expect("the test connects to the database");
        let statements: &[&str] = if uses_postgres() {
            &[
                "CREATE FUNCTION refuse_audit() RETURNS trigger AS $$ \
                 BEGIN RAISE EXCEPTION 'the audit log refuses this line'; END $$ LANGUAGE plpgsql",
                "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events \
                 FOR EACH ROW EXECUTE FUNCTION refuse_audit()",
            ]
        } else {
            &["CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events \
               BEGIN SELECT RAISE(ABORT, 'the audit log refuses this line'); END"]
        };
        for statement in statements {
            connection.execute(*statement).await.expect("the trigger is installed");
        }
        AuditRefusal { connection }
    }

    async fn lift(mut self) {
        let statements: &[&str] = if uses_postgres() {
            &["DROP TRIGGER refuse_audit ON audit_events", "DROP FUNCTION refuse_audit()"]
        } else {
            &["DROP TRIGGER refuse_audit"]
        };
        for statement in statements {
            self.connection.execute(*statement).await.expect("the trigger is dropped");
        }
        self.connection.close().await.expect("the connection closes");
    }

    /// How many rows `table` holds.
    async fn count(&mut self, table: &str) -> i64 {
        let row = sqlx::query_scalar::<_, i64>(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&mut self.connection)
            .await
            .expect("the count is read");
        row
    }
}

/// The answer of a workflow refused by the audit log: a server fault, told without internals.
fn expect_fault(answer: kinplan_tests::api::Answer) {
    answer.expect_error(500, "internal");
}

#[tokio::test]
async fn no_change_is_stored_without_its_audit_line() {
    let directory = TestDirectory::new();
    let server = TestServer::start(directory.path()).await;

    // A meeting being prepared, with one person and their link.
    let preparing = MeetingFixture::new(&server, "Being prepared").await;
    let (cousin, _) = preparing.invite("Cousin", Family, false).await;
    let (uncle, _) = preparing.invite("Uncle", Family, false).await;
    let first =
        preparing.facilitator.post(&preparing.path("/versions"), json!({ "label": "Referral" })).await.expect(201);
    let first = first["hash"].as_str().unwrap().to_owned();
    let mut referral = open_document(&server, &preparing.facilitator, &preparing.meeting_id, "plan").await;
    referral.add_paragraph("worries", "Written after the first version.").await.unwrap();
    referral.settle().await.unwrap();
    // A meeting agreeing its plan, with a proposal the referrer has agreed to.
    let agreeing = MeetingFixture::new(&server, "Agreeing").await;
    let referrer = agreeing.add_referrer(&server, "Sam").await;
    let (mum, _) = agreeing.join_as(&server, "Mum", Family).await;
    for stage in ["information", "private-family-time", "agreement"] {
        agreeing.move_to(stage).await;
    }
    let proposal = agreeing.facilitator.post(&agreeing.path("/proposal"), json!({})).await.expect(201);
    let hash = proposal["version_hash"].as_str().unwrap().to_owned();
    referrer
        .post(&agreeing.path("/proposal/decisions"), json!({ "version_hash": hash, "decision": "agreed" }))
        .await
        .expect(200);
    // A meeting agreeing its plan with nothing proposed yet.
    let unproposed = MeetingFixture::new(&server, "Not proposed").await;
    for stage in ["information", "private-family-time", "agreement"] {
        unproposed.move_to(stage).await;
    }
    let manager = signed_in(&server, "manager@council.example", StaffRole::Manager).await;
    let colleague = add_staff(&server, "colleague@council.example", "Colleague", StaffRole::Facilitator).await;
    let colleague_api = Api::new(&server);
    colleague_api
        .post("/api/session", json!({ "email": "colleague@council.example", "password": PASSWORD }))
        .await
        .expect(200);

    let mut refusal = AuditRefusal::install(&server.database_url).await;
    let tables = [
        "meetings",
        "participants",
        "join_links",
        "sessions",
        "plan_versions",
        "proposals",
        "decisions",
        "contact_details",
        "separations",
        "private_rooms",
        "room_members",
        "safety_notes",
        "privacy_notices",
        "consents",
    ];
    let mut before = Vec::new();
    for table in tables {
        before.push(refusal.count(table).await);
    }
    let events_before = refusal.count("meeting_events").await;

    // Meetings: create, move a stage.
    expect_fault(preparing.facilitator.post("/api/meetings", json!({ "title": "Never stored" })).await);
    expect_fault(preparing.facilitator.put(&preparing.path("/stage"), json!({ "stage": "information" })).await);
    // People and links.
    expect_fault(
        preparing
            .facilitator
            .post(&preparing.path("/participants"), json!({ "display_name": "Uncle", "kind": "family" }))
            .await,
    );
    expect_fault(
        preparing.facilitator.post(&preparing.path(&format!("/participants/{cousin}/links")), json!({})).await,
    );
    expect_fault(
        preparing.facilitator.post(&preparing.path(&format!("/participants/{cousin}/revoke")), json!({})).await,
    );
    // Safeguarding: contact details and separations.
    expect_fault(
        preparing
            .facilitator
            .put(&preparing.path(&format!("/participants/{cousin}/contact")), json!({ "address": "Never stored" }))
            .await,
    );
    let separation = json!({ "first_id": cousin, "second_id": uncle, "no_details": true, "reason": "Never stored" });
    expect_fault(preparing.facilitator.post(&preparing.path("/separations"), separation).await);
    let room = json!({ "name": "Never stored" });
    expect_fault(preparing.facilitator.post(&preparing.path("/rooms"), room).await);
    let note = json!({ "category": "risk", "body": "Never stored" });
    expect_fault(preparing.facilitator.post(&preparing.path("/safety-notes"), note).await);
    let notice = json!({ "body": "A notice that is never stored, long enough to be one." });
    expect_fault(manager.put("/api/privacy-notice", notice).await);
    // Versions and agreement.
    expect_fault(preparing.facilitator.post(&preparing.path("/versions"), json!({ "label": "Never" })).await);
    expect_fault(preparing.facilitator.post(&preparing.path(&format!("/versions/{first}/restore")), json!({})).await);
    expect_fault(unproposed.facilitator.post(&unproposed.path("/proposal"), json!({})).await);
    expect_fault(
        mum.post(&agreeing.path("/proposal/decisions"), json!({ "version_hash": hash, "decision": "agree" })).await,
    );
    expect_fault(agreeing.facilitator.delete(&agreeing.path("/proposal")).await);
    expect_fault(agreeing.facilitator.post(&agreeing.path("/proposal/close"), json!({})).await);
    // Accounts and sessions.
    expect_fault(manager.post(&format!("/api/users/{}/disable", colleague.id), json!({})).await);
    expect_fault(
        manager
            .post(&format!("/api/users/{}/password", colleague.id), json!({ "password": "a new long password" }))
            .await,
    );
    expect_fault(colleague_api.delete("/api/session").await);
    expect_fault(
        Api::new(&server)
            .post("/api/session", json!({ "email": "colleague@council.example", "password": PASSWORD }))
            .await,
    );

    for (table, count) in tables.iter().zip(&before) {
        assert_eq!(refusal.count(table).await, *count, "a change to {table} was stored without its audit line");
    }
    assert_eq!(refusal.count("meeting_events").await, events_before, "a live event went out without its audit line");
    refusal.lift().await;

    // What the workflows did not store is as it was: the plan was not restored.
    let plan = open_document(&server, &preparing.facilitator, &preparing.meeting_id, "plan").await;
    assert!(
        plan.section_text("worries").contains("Written after the first version."),
        "{}",
        plan.section_text("worries")
    );
    let meeting = preparing.facilitator.get(&preparing.path("")).await.expect(200);
    assert_eq!(meeting["stage"], "preparation");
    let people = preparing.facilitator.get(&preparing.path("/participants")).await.expect(200);
    let people = people.as_array().unwrap();
    assert_eq!(people.len(), 2, "{people:?}");
    let links = people[0]["links"].as_array().unwrap();
    assert_eq!(links.len(), 1, "{links:?}");
    assert_eq!(links[0]["revoked"], false);
    assert!(people.iter().all(|person| person["contact"] == json!([])), "{people:?}");
    let proposal = agreeing.facilitator.get(&agreeing.path("/proposal")).await.expect(200);
    assert_eq!(proposal["status"], "open");
    let decisions: Vec<&Value> = proposal["decisions"].as_array().unwrap().iter().collect();
    assert_eq!(decisions.len(), 1, "only the referrer's decision: {decisions:?}");
    assert_eq!(agreeing.facilitator.get(&agreeing.path("")).await.expect(200)["stage"], "agreement");
    unproposed.facilitator.get(&unproposed.path("/proposal")).await.expect_error(404, "not_found");
    // The plan a failed proposal would have locked is still open for the family to write.
    let (family, _) = unproposed.join_as(&server, "Dad", Family).await;
    let token = family.document_token(&unproposed.meeting_id, "plan").await.expect(200);
    assert_eq!(token["role"], "editor");
    let mut plan = open_document(&server, &family, &unproposed.meeting_id, "plan").await;
    plan.add_paragraph("worries", "Still ours to write.").await.unwrap();
    // The colleague's account and session still work; the manager's new password was not set.
    colleague_api.get("/api/session").await.expect(200);
    let users = manager.get("/api/users").await.expect(200);
    let row = users.as_array().unwrap().iter().find(|user| user["id"] == colleague.id.as_str()).unwrap();
    assert_eq!(row["disabled"], false);
    Api::new(&server)
        .post("/api/session", json!({ "email": "colleague@council.example", "password": PASSWORD }))
        .await
        .expect(200);
}
