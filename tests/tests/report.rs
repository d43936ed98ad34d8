//! `kinplan report` on a seeded database: sixty cases of two facilitators in two teams, with
//! offers and answers, decisions not to offer, meetings held, plans agreed, reviews, support
//! packages and care applications spread over a year. The figures it prints (JSON and CSV, for the
//! service and for one team) are the ones this test works out by itself from what it seeded,
//! counted here by their definitions in docs/SERVICE-FIGURES.md. Bad input is refused with what
//! to give.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use kinplan_server::access::StaffRole;
use kinplan_server::secrets::new_id;
use kinplan_server::store::{
    Case, CaseChild, Meeting, MeetingKind, Offer, OfferAnswer, OfferDecision, OfferMethod, ParentalResponsibility,
    Stage, SupportItem, SupportRequest, SupportStatus,
};
use kinplan_tests::api::{add_staff, operator_audit};
use kinplan_tests::{kinplan, TestServer};
use serde_json::{json, Value};

const FROM: &str = "2026-03-01";
const TO: &str = "2026-09-30";
const REASONS: [&str; 3] = ["Does not want the family involved", "", "Moving away"];

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn millis(on: NaiveDate) -> i64 {
    on.and_hms_opt(12, 0, 0).unwrap().and_utc().timestamp_millis()
}

/// What one seeded case is, in plain terms, for the count by hand.
struct Seeded {
    team: &'static str,
    received: NaiveDate,
    offered: Option<NaiveDate>,
    answer: OfferAnswer,
    reason: &'static str,
    decided_not_to_offer: Option<NaiveDate>,
    approved_not_to_offer: Option<NaiveDate>,
    first_held: Option<NaiveDate>,
    agreed: bool,
    review_due: Option<NaiveDate>,
    review_held: Option<NaiveDate>,
    support: Option<(NaiveDate, i64, SupportStatus, Option<NaiveDate>)>,
    application: Option<NaiveDate>,
}

fn seed(i: i64) -> Seeded {
    let received = day("2026-01-05") + Duration::days(i * 6 % 330);
    let offered = (i % 11 != 0).then(|| received + Duration::days(i % 9 + 1));
    let answer = match (offered, i % 3) {
        (None, _) => OfferAnswer::Awaiting,
        (_, 0) => OfferAnswer::Accepted,
        (_, 1) => OfferAnswer::Declined,
        _ => OfferAnswer::Awaiting,
    };
    let reason = if answer == OfferAnswer::Declined { REASONS[(i / 3 % 3) as usize] } else { "" };
    let decided = (offered.is_none()).then(|| received + Duration::days(3));
    let approved = decided.filter(|_| i % 2 == 0).map(|on| on + Duration::days(2));
    let first_held = (answer == OfferAnswer::Accepted).then(|| received + Duration::days(10 + i % 20));
    let agreed = first_held.is_some() && i % 2 == 0;
    let review_due = first_held.filter(|_| agreed).map(|held| held + Duration::days(90));
    let review_held = review_due.filter(|_| i % 4 == 0).map(|due| due + Duration::days(i % 7 - 3));
    let support = first_held.filter(|_| i % 5 != 1).map(|held| {
        let status = [SupportStatus::Approved, SupportStatus::Declined, SupportStatus::Requested][(i / 3 % 3) as usize];
        let decided = (status != SupportStatus::Requested).then(|| held + Duration::days(4));
        (held + Duration::days(1), 100 * i + 5000, status, decided)
    });
    let application = (i % 4 != 3).then(|| received + Duration::days(20)).filter(|_| answer == OfferAnswer::Accepted);
    Seeded {
        team: if i % 2 == 0 { "North" } else { "South" },
        received,
        offered,
        answer,
        reason,
        decided_not_to_offer: decided,
        approved_not_to_offer: approved,
        first_held,
        agreed,
        review_due,
        review_held,
        support,
        application,
    }
}

fn nearest_rank(mut values: Vec<i64>, p: usize) -> Value {
    values.sort_unstable();
    if values.is_empty() {
        return Value::Null;
    }
    let rank = (p * values.len() + 99) / 100;
    json!(values[rank.max(1) - 1])
}

/// The figures, counted by hand from the seeds in `team` (all when None).
fn expected(seeds: &[Seeded], team: Option<&str>) -> Value {
    let (from, to) = (day(FROM), day(TO));
    let within = |on: NaiveDate| from <= on && on <= to;
    let seeds: Vec<&Seeded> = seeds.iter().filter(|seed| team.is_none_or(|team| seed.team == team)).collect();
    let referred: Vec<&&Seeded> = seeds.iter().filter(|seed| within(seed.received)).collect();
    let offered: Vec<&&Seeded> = seeds.iter().filter(|seed| seed.offered.is_some_and(within)).collect();
    let answered = |answer| offered.iter().filter(|seed| seed.answer == answer).count();
    let mut declined: BTreeMap<&str, i64> = BTreeMap::new();
    for seed in offered.iter().filter(|seed| seed.answer == OfferAnswer::Declined) {
        *declined.entry(if seed.reason.is_empty() { "No reason given" } else { seed.reason }).or_default() += 1;
    }
    let mut declined: Vec<(&str, i64)> = declined.into_iter().collect();
    declined.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let not_offered = seeds.iter().filter(|seed| seed.approved_not_to_offer.is_some_and(within)).count();
    let awaiting_approval = seeds
        .iter()
        .filter(|seed| seed.approved_not_to_offer.is_none() && seed.decided_not_to_offer.is_some_and(within))
        .count();
    let to_offer: Vec<i64> =
        referred.iter().filter_map(|seed| Some((seed.offered? - seed.received).num_days())).collect();
    let to_meeting: Vec<i64> =
        referred.iter().filter_map(|seed| Some((seed.first_held? - seed.received).num_days())).collect();
    let firsts: Vec<&&Seeded> = seeds.iter().filter(|seed| seed.first_held.is_some_and(within)).collect();
    let reviews: Vec<&&Seeded> = seeds.iter().filter(|seed| seed.review_held.is_some_and(within)).collect();
    let on_time = reviews.iter().filter(|seed| seed.review_held <= seed.review_due).count();
    let supports: Vec<_> = seeds.iter().filter_map(|seed| seed.support).collect();
    let requested: Vec<_> = supports.iter().filter(|support| within(support.0)).collect();
    let decided = |status| supports.iter().filter(move |support| support.2 == status && support.3.is_some_and(within));
    let applications: Vec<&&Seeded> = seeds.iter().filter(|seed| seed.application.is_some_and(within)).collect();
    let before =
        applications.iter().filter(|seed| seed.first_held.is_some_and(|held| Some(held) < seed.application)).count();
    json!({
        "referrals": referred.len(),
        "offers": {
            "made": offered.len(),
            "accepted": answered(OfferAnswer::Accepted),
            "declined": answered(OfferAnswer::Declined),
            "awaiting": answered(OfferAnswer::Awaiting),
            "declined_reasons": declined.iter().map(|(reason, count)| json!({ "reason": reason, "count": count })).collect::<Vec<_>>(),
            "not_offered": not_offered,
            "not_offered_reasons": if not_offered == 0 { json!([]) } else { json!([{ "reason": "Contact puts the child at risk", "count": not_offered }]) },
            "not_offered_awaiting_approval": awaiting_approval,
        },
        "referral_to_offer": { "cases": to_offer.len(), "median_days": nearest_rank(to_offer.clone(), 50), "p90_days": nearest_rank(to_offer, 90) },
        "referral_to_first_meeting": { "cases": to_meeting.len(), "median_days": nearest_rank(to_meeting.clone(), 50), "p90_days": nearest_rank(to_meeting, 90) },
        "meetings_held": firsts.len() + reviews.len(),
        "first_meetings_held": firsts.len(),
        "plans_agreed_at_first_meeting": firsts.iter().filter(|seed| seed.agreed).count(),
        "reviews_held": reviews.len(),
        "reviews_held_on_time": on_time,
        "support": {
            "requested": requested.len(),
            "requested_pence": requested.iter().map(|support| support.1 + 2500).sum::<i64>(),
            "approved": decided(SupportStatus::Approved).count(),
            "approved_pence": decided(SupportStatus::Approved).map(|support| support.1 + 2500).sum::<i64>(),
            "declined": decided(SupportStatus::Declined).count(),
        },
        "care_applications": {
            "after_acceptance": applications.len(),
            "meeting_held_before": before,
            "meeting_not_held_before": applications.len() - before,
        },
    })
}

/// Writes the seeds through the store, as the server would have.
async fn write(server: &TestServer, seeds: &[Seeded]) {
    let north = add_staff(server, "north@council.example", "Nia", StaffRole::Facilitator).await;
    let south = add_staff(server, "south@council.example", "Sol", StaffRole::Facilitator).await;
    let store = kinplan_server::store::open(&server.database_url).await.unwrap();
    let mut change = store.begin_change().await.unwrap();
    change.set_user_team(&north.id, "North").await.unwrap();
    change.set_user_team(&south.id, "South").await.unwrap();
    let mut agreed = Vec::new();
    for (i, seed) in seeds.iter().enumerate() {
        let facilitator = if seed.team == "North" { &north.id } else { &south.id };
        let case = Case {
            id: new_id(),
            title: format!("Case {i}"),
            facilitator_id: facilitator.clone(),
            referrer: String::new(),
            lead_practitioner: String::new(),
            reason: String::new(),
            worries: String::new(),
            bottom_lines: String::new(),
            questions: String::new(),
            received_on: Some(seed.received.to_string()),
            care_application_on: seed.application.map(|on| on.to_string()),
            created_at: millis(seed.received),
            erased_at: None,
            children: vec![CaseChild {
                id: new_id(),
                name: "C".into(),
                date_of_birth: None,
                case_system_id: String::new(),
            }],
            parents: vec![ParentalResponsibility { id: new_id(), name: "Mum".into(), relationship: "mother".into() }],
        };
        change.create_case(&case).await.unwrap();
        if let Some(offered) = seed.offered {
            let answered = (seed.answer != OfferAnswer::Awaiting).then(|| (offered + Duration::days(2)).to_string());
            let offer = Offer {
                id: new_id(),
                case_id: case.id.clone(),
                parent_id: case.parents[0].id.clone(),
                offered_on: offered.to_string(),
                method: OfferMethod::Letter,
                answer: seed.answer,
                declined_reason: seed.reason.to_owned(),
                answered_on: answered,
                recorded_by: "operator".into(),
                recorded_at: millis(offered),
            };
            change.write_offer(&offer).await.unwrap();
        }
        if let Some(decided) = seed.decided_not_to_offer {
            let decision = OfferDecision {
                id: new_id(),
                case_id: case.id.clone(),
                reason: "Contact puts the child at risk".into(),
                decided_by: "operator".into(),
                decided_at: millis(decided),
                approved_by: seed.approved_not_to_offer.map(|_| "operator".to_owned()),
                approved_at: seed.approved_not_to_offer.map(millis),
                refused_by: None,
                refused_at: None,
                refusal_reason: String::new(),
            };
            change.write_offer_decision(&decision).await.unwrap();
        }
        let Some(held) = seed.first_held else { continue };
        let meeting = Meeting {
            id: new_id(),
            title: format!("Meeting {i}"),
            kind: MeetingKind::Fnm,
            scheduled_at: None,
            stage: Stage::Closed,
            stage_changed_at: millis(held),
            facilitator_id: facilitator.clone(),
            follows_meeting_id: None,
            created_at: millis(held),
            erased_at: None,
            case_id: Some(case.id.clone()),
            held_on: Some(held.to_string()),
            review_due_on: seed.review_due.map(|on| on.to_string()),
            language: "en".into(),
        };
        change.create_meeting(&meeting).await.unwrap();
        if seed.agreed {
            agreed.push((meeting.id.clone(), millis(held)));
        }
        if let Some(review_held) = seed.review_held {
            let review = Meeting {
                id: new_id(),
                kind: MeetingKind::Review,
                follows_meeting_id: Some(meeting.id.clone()),
                held_on: Some(review_held.to_string()),
                review_due_on: None,
                language: "en".into(),
                created_at: millis(review_held),
                ..meeting.clone()
            };
            change.create_meeting(&review).await.unwrap();
        }
        if let Some((requested, cost, status, decided)) = seed.support {
            let item = |description: &str, cost_pence| SupportItem {
                id: new_id(),
                description: description.into(),
                cost_pence,
            };
            let request = SupportRequest {
                id: new_id(),
                case_id: case.id.clone(),
                meeting_id: meeting.id.clone(),
                summary: "Getting to school".into(),
                items: vec![item("A car seat", cost), item("Bus passes", 2500)],
                status,
                requested_by: "operator".into(),
                requested_at: millis(requested),
                decided_by: decided.map(|_| "operator".to_owned()),
                decided_at: decided.map(millis),
                decision_reason: String::new(),
            };
            change.write_support_request(&request).await.unwrap();
        }
    }
    change.commit(operator_audit("seeded")).await.unwrap();
    // Each agreed plan: a version and its final proposal.
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&server.database_url).await.unwrap();
    for (meeting_id, at) in agreed {
        let version_id = new_id();
        sqlx::query(
            "INSERT INTO plan_versions (id, meeting_id, number, label, author, author_name, created_at, state, rendering, hash) \
             VALUES ($1, $2, 1, 'Agreed', 'operator', 'operator', $3, $4, '', $5)",
        )
        .bind(&version_id)
        .bind(&meeting_id)
        .bind(at)
        .bind(Vec::<u8>::new())
        .bind(new_id())
        .execute(&pool)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO proposals (id, meeting_id, version_id, version_hash, proposed_by, proposed_at, status, closed_at) \
             VALUES ($1, $2, $3, 'h', 'operator', $4, 'final', $4)",
        )
        .bind(new_id())
        .bind(&meeting_id)
        .bind(&version_id)
        .bind(at)
        .execute(&pool)
        .await
        .unwrap();
    }
    pool.close().await;
}

fn report(server: &TestServer, extra: &[&str]) -> (bool, String, String) {
    let mut args = vec!["report", "--database", &server.database_url, "--from", FROM, "--to", TO];
    args.extend_from_slice(extra);
    kinplan(&args, "")
}

/// The figures printed, without the range and scope they echo.
fn figures_of(printed: &str) -> Value {
    let mut figures: Value = serde_json::from_str(printed).unwrap_or_else(|error| panic!("{error}: {printed}"));
    for echoed in ["from", "to", "team", "facilitator"] {
        figures.as_object_mut().unwrap().remove(echoed);
    }
    figures
}

#[tokio::test]
async fn the_report_of_a_seeded_database_gives_the_figures_counted_by_hand() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let seeds: Vec<Seeded> = (0..60).map(seed).collect();
    write(&server, &seeds).await;

    let (ok, printed, errors) = report(&server, &["--format", "json"]);
    assert!(ok, "{errors}");
    let everyone = expected(&seeds, None);
    assert_eq!(figures_of(&printed), everyone);
    // The seeds reach every figure: none of them is counted from nothing.
    for figure in ["referrals", "first_meetings_held", "reviews_held", "reviews_held_on_time"] {
        assert!(everyone[figure].as_i64().unwrap() > 0, "{figure} is seeded: {everyone}");
    }
    assert!(everyone["offers"]["declined_reasons"].as_array().unwrap().len() > 1, "{everyone}");
    assert!(everyone["offers"]["not_offered"].as_i64().unwrap() > 0, "{everyone}");
    assert!(everyone["support"]["approved"].as_i64().unwrap() > 0, "{everyone}");
    assert!(everyone["care_applications"]["meeting_not_held_before"].as_i64().unwrap() > 0, "{everyone}");

    let (ok, printed, errors) = report(&server, &["--format", "json", "--team", "North"]);
    assert!(ok, "{errors}");
    assert_eq!(figures_of(&printed), expected(&seeds, Some("North")));
    let (ok, printed, _) = report(&server, &["--format", "json", "--facilitator", "south@council.example"]);
    assert!(ok);
    assert_eq!(figures_of(&printed), expected(&seeds, Some("South")));

    // CSV by default: the same numbers, a row each.
    let (ok, csv, errors) = report(&server, &[]);
    assert!(ok, "{errors}");
    assert!(csv.starts_with("figure,detail,value\n"), "{csv}");
    let row = |figure: &str, detail: &str| format!("\n{figure},{detail},");
    let value = |figure: &str, detail: &str| {
        let start =
            csv.find(&row(figure, detail)).unwrap_or_else(|| panic!("{figure} in {csv}")) + row(figure, detail).len();
        csv[start..].lines().next().unwrap().to_owned()
    };
    assert_eq!(value("referrals", ""), everyone["referrals"].to_string());
    assert_eq!(value("support_approved", "pence"), everyone["support"]["approved_pence"].to_string());
    assert_eq!(value("referral_to_offer_days", "p90"), everyone["referral_to_offer"]["p90_days"].to_string());
    let unexplained = everyone["offers"]["declined_reasons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|reason| reason["reason"] == "No reason given");
    assert_eq!(value("declined_reason", "No reason given"), unexplained.unwrap()["count"].to_string(), "{csv}");

    // Bad input says what to give.
    let refusals: [(&[&str], &str); 4] = [
        (&["report", "--from", "2026-10-01", "--to", "2026-09-01"], "comes before the first"),
        (&["report", "--from", "last spring", "--to", "2026-09-01"], "YYYY-MM-DD"),
        (&["report", "--from", FROM, "--to", TO, "--facilitator", "nobody@council.example"], "facilitator's email"),
        (&["report", "--from", FROM, "--to", TO, "--format", "xml"], "csv"),
    ];
    for (args, says) in refusals {
        let mut args = args.to_vec();
        args.extend(["--database", &server.database_url]);
        let (ok, _, errors) = kinplan(&args, "");
        assert!(!ok && errors.contains(says), "{args:?}: {errors}");
    }
}
