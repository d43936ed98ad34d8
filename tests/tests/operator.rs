//! The operator's command line against a running server process: accounts, meetings, links,
//! stage changes and revocations made outside the server reach its connections within a second.

use std::time::{Duration, Instant};

use kinplan_tests::{database_url_in, json_of, kinplan, ServerProcess, TestClient};

#[tokio::test]
async fn operators_set_up_meetings_and_links_and_the_running_server_follows() {
    let directory = kinplan_tests::TestDirectory::new();
    let database = database_url_in(directory.path());
    let server = ServerProcess::start(directory.path(), "server.log").await.unwrap();

    let (ok, _, error) = kinplan(
        &[
            "user",
            "add",
            "--database",
            &database,
            "--email",
            "fay@council.example",
            "--name",
            "Fay",
            "--role",
            "facilitator",
        ],
        "short\n",
    );
    assert!(!ok && error.contains("at least 10 characters"), "{error}");
    let (ok, output, error) = kinplan(
        &[
            "user",
            "add",
            "--database",
            &database,
            "--email",
            "Fay@Council.example",
            "--name",
            "Fay",
            "--role",
            "facilitator",
        ],
        "a long enough password\n",
    );
    assert!(ok, "{error}");
    assert_eq!(json_of(&output)["email"], "fay@council.example");
    let (ok, _, error) = kinplan(
        &[
            "user",
            "add",
            "--database",
            &database,
            "--email",
            "fay@council.example",
            "--name",
            "Fay",
            "--role",
            "manager",
        ],
        "a long enough password\n",
    );
    assert!(!ok && error.contains("already exists"), "{error}");

    let (ok, output, error) = kinplan(
        &[
            "meeting",
            "create",
            "--database",
            &database,
            "--title",
            "Plan for T",
            "--facilitator",
            "fay@council.example",
            "--json",
        ],
        "",
    );
    assert!(ok, "{error}");
    let meeting = json_of(&output);
    let meeting_id = meeting["id"].as_str().unwrap().to_owned();
    assert_eq!(meeting["stage"], "preparation");

    let link = |name: &str, kind: &str| {
        let (ok, output, error) = kinplan(
            &[
                "link",
                "create",
                "--database",
                &database,
                "--meeting",
                &meeting_id,
                "--name",
                name,
                "--kind",
                kind,
                "--json",
            ],
            "",
        );
        assert!(ok, "{error}");
        json_of(&output)
    };
    let mum = link("Mum", "family");
    let student = link("Student", "observer");
    assert_eq!(mum["plan_document"], format!("meeting/{meeting_id}/plan"));
    assert_eq!(mum["family_document"], format!("meeting/{meeting_id}/family-time"));
    assert!(mum["url"].as_str().unwrap().contains("/join#"));

    // The printed tokens work right now: an editor's for the family, a viewer's for an observer.
    let plan = mum["plan_document"].as_str().unwrap();
    let mut mum_plan = TestClient::connect(&server.sync_url(plan, mum["token"].as_str().unwrap())).await.unwrap();
    mum_plan.sync().await.unwrap();
    mum_plan.append_text("strengths", "Mum books the GP.").await.unwrap();
    let mut student_plan =
        TestClient::connect(&server.sync_url(plan, student["token"].as_str().unwrap())).await.unwrap();
    student_plan.sync().await.unwrap();
    student_plan.wait_until(|c| c.text("strengths").contains("GP")).await.unwrap();
    student_plan.append_text("strengths", "observer edit").await.unwrap();
    student_plan.wait_until(|c| !c.denials.is_empty()).await.unwrap();

    // Private family time, started from the command line: the observer is closed out at once.
    let started = Instant::now();
    let (ok, output, error) = kinplan(
        &["meeting", "stage", "--database", &database, "--meeting", &meeting_id, "--to", "private-family-time"],
        "",
    );
    assert!(ok && output.trim() == "private-family-time", "{error}");
    let closed = student_plan.wait_for_close().await.unwrap();
    assert_eq!(closed.code, 4403, "{closed:?}");
    assert!(started.elapsed() < Duration::from_secs(2), "closed after {:?}", started.elapsed());
    // The command line is held to the same rule as the facilitator: while the family is alone,
    // their plan is neither saved nor exported by anyone else.
    for command in [
        &["version", "save", "--database", &database, "--meeting", &meeting_id][..],
        &["export", "--database", &database, "--meeting", &meeting_id, "--format", "md"][..],
    ] {
        let (ok, _, error) = kinplan(command, "");
        assert!(!ok && error.contains("private time"), "{command:?}: {error}");
    }

    // Revoked from the command line: Mum's connection closes within a second.
    let started = Instant::now();
    let (ok, output, error) = kinplan(
        &["link", "revoke", "--database", &database, "--participant", mum["participant_id"].as_str().unwrap()],
        "",
    );
    assert!(ok && output.contains("revoked 1 link"), "{error}");
    assert_eq!(mum_plan.wait_for_close().await.unwrap().code, 4403);
    assert!(started.elapsed() < Duration::from_secs(2), "closed after {:?}", started.elapsed());

    // Meeting documents never take an operator's anonymous token.
    let (ok, _, error) = kinplan(&["token", "--database", &database, "--document", plan, "--role", "editor"], "");
    assert!(!ok && error.contains("belongs to a meeting"), "{error}");

    server.terminate().await;
}
