//! What one participant with a link can send to hurt everyone else, and what the server does
//! with it: each hostile input is refused with a clear reason for its sender, nothing of it is
//! stored or relayed, and everyone else carries on.

use std::time::Duration;

use kinplan_server::access::ParticipantKind::Family;
use kinplan_server::auth::DocumentRole::{Editor, Viewer};
use kinplan_tests::api::{open_document, MeetingFixture};
use kinplan_tests::{ServerProcess, TestClient, TestServer};
use tokio_tungstenite::tungstenite::Message;
use yrs::types::xml::{XmlElementPrelim, XmlFragment};
use yrs::{Array, ArrayPrelim, Map, MapPrelim, ReadTxn, Transact, WriteTxn};

/// An update nesting arrays `levels` deep under the root array "a", in one transaction.
fn nested_arrays(levels: usize) -> Vec<u8> {
    let doc = yrs::Doc::new();
    let root = doc.get_or_insert_array("a");
    let mut transaction = doc.transact_mut();
    let mut current = root.push_back(&mut transaction, ArrayPrelim::default());
    for _ in 1..levels {
        current = current.push_back(&mut transaction, ArrayPrelim::default());
    }
    transaction.encode_update_v1()
}

async fn healthy(address: std::net::SocketAddr) -> bool {
    let answer = reqwest::get(format!("http://{address}/healthz")).await;
    answer.is_ok_and(|answer| answer.status() == 200)
}

#[tokio::test]
async fn arrays_nested_thirty_thousand_deep_are_refused_and_the_process_lives() {
    // The real binary: a stack overflow aborts the whole process, which an in-process server
    // would hide behind the test runner's own death.
    let directory = kinplan_tests::TestDirectory::new();
    let server = ServerProcess::start(directory.path(), "server.log").await.unwrap();
    let database_url = kinplan_tests::database_url_in(directory.path());
    let tokens = kinplan_tests::cli_tokens(&database_url, &["deep", "deep", "other"], "editor").unwrap();

    let mut bystander = TestClient::connect(&server.sync_url("deep", &tokens[0])).await.unwrap();
    bystander.sync().await.unwrap();
    bystander.append_text("notes", "before. ").await.unwrap();
    let mut elsewhere = TestClient::connect(&server.sync_url("other", &tokens[2])).await.unwrap();
    elsewhere.sync().await.unwrap();

    let mut attacker = TestClient::connect(&server.sync_url("deep", &tokens[1])).await.unwrap();
    attacker.sync().await.unwrap();
    let update = nested_arrays(30_000);
    assert!(update.len() < 1024 * 1024, "the attack fits one message: {} bytes", update.len());
    attacker.send_frame(kinplan_protocol::encode_sync_update(&update)).await.unwrap();
    attacker.listen_for(Duration::from_millis(300)).await.unwrap();

    // The second step of the attack that overflowed the stack: delete the outer array. The build
    // was refused, so there is nothing to recurse into.
    let mut again = TestClient::connect(&server.sync_url("deep", &tokens[1])).await.unwrap();
    again.sync().await.unwrap();
    let outer = again.doc.get_or_insert_array("a");
    let present = outer.len(&again.doc.transact());
    again
        .edit(|transaction| {
            if present > 0 {
                outer.remove(transaction, 0);
            }
        })
        .await
        .unwrap();
    let _ = again.listen_for(Duration::from_millis(300)).await;

    assert!(healthy(server.address).await, "the server must still answer");
    assert_eq!(present, 0, "nothing of the refused update was stored");
    assert!(attacker.closed.is_some() || attacker.wait_for_close().await.is_ok());
    let closed = attacker.closed.clone().unwrap();
    assert_eq!(closed.code, 4400, "{closed:?}");
    assert!(closed.reason.contains("deeper than 64"), "{closed:?}");
    assert!(attacker.denials.iter().any(|reason| reason.contains("deeper than 64")), "{:?}", attacker.denials);

    bystander.append_text("notes", "after.").await.unwrap();
    elsewhere.append_text("notes", "still here").await.unwrap();
    let mut witness = TestClient::connect(&server.sync_url("deep", &tokens[0])).await.unwrap();
    witness.sync().await.unwrap();
    witness.wait_until(|c| c.text("notes") == "before. after.").await.unwrap();
    assert_eq!(witness.doc.get_or_insert_array("a").len(&witness.doc.transact()), 0, "nothing of it was stored");
    bystander.listen_for(Duration::from_millis(100)).await.unwrap();
    assert!(bystander.closed.is_none(), "{:?}", bystander.closed);
}

#[tokio::test]
async fn nesting_one_level_at_a_time_stops_at_the_limit() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let mut client = server.client("free", Editor).await;
    for level in 1..=64 {
        let update = {
            let root = client.doc.get_or_insert_array("a");
            let mut transaction = client.doc.transact_mut();
            let mut current = root;
            while let Some(yrs::Out::YArray(inner)) = current.get(&transaction, 0) {
                current = inner;
            }
            current.push_back(&mut transaction, ArrayPrelim::default());
            transaction.encode_update_v1()
        };
        client.send_frame(kinplan_protocol::encode_sync_update(&update)).await.unwrap();
        if level < 64 {
            client.listen_for(Duration::from_millis(20)).await.unwrap();
            assert!(client.closed.is_none(), "level {level} was refused: {:?}", client.closed);
        }
    }
    let closed = client.wait_for_close().await.unwrap();
    assert_eq!((closed.code, closed.reason.contains("deeper than 64")), (4400, true), "{closed:?}");
}

/// A change to a client's document.
type Change = dyn FnOnce(&mut yrs::TransactionMut) + Send;

#[tokio::test]
async fn a_plan_accepts_only_what_its_schema_has_room_for() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let meeting = MeetingFixture::new(&server, "Plan for R").await;
    let (mum, _) = meeting.join_as(&server, "Mum", Family).await;
    let mut family = open_document(&server, &mum, &meeting.meeting_id, "plan").await;
    // What the editors write passes.
    family.add_paragraph("worries", "Dad's drinking").await.unwrap();
    family.add_action(&[("id", "a1"), ("what", "Nan has R on Fridays")]).await.unwrap();

    let hostile: Vec<(&str, Box<Change>)> = vec![
        (
            "no part called",
            Box::new(|transaction| {
                transaction.get_or_insert_map("hidden").insert(transaction, "x", "y");
            }),
        ),
        (
            "element called",
            Box::new(|transaction| {
                let fragment = transaction.get_or_insert_xml_fragment("strengths");
                fragment.push_back(transaction, XmlElementPrelim::empty("iframe"));
            }),
        ),
        (
            "no field called",
            Box::new(|transaction| {
                let actions = transaction.get_or_insert_array("actions");
                let action = actions.push_back(transaction, MapPrelim::default());
                action.insert(transaction, "secret", "x");
            }),
        ),
    ];
    for (reason, change) in hostile {
        let mut offender = open_document(&server, &mum, &meeting.meeting_id, "plan").await;
        offender.edit(change).await.unwrap();
        let closed = offender.wait_for_close().await.unwrap();
        assert_eq!(closed.code, 4400, "{closed:?}");
        assert!(closed.reason.contains(reason), "{closed:?} should say {reason:?}");
    }
    // Nothing of them was stored, and the family's own work is there.
    let mut reader = open_document(&server, &mum, &meeting.meeting_id, "plan").await;
    reader.listen_for(Duration::from_millis(100)).await.unwrap();
    let transaction = reader.doc.transact();
    assert!(transaction.get("hidden").is_none(), "the refused root is not in the plan");
    drop(transaction);
    assert_eq!(reader.text("worries"), "Dad's drinking");
    assert_eq!(reader.doc.get_or_insert_array("actions").len(&reader.doc.transact()), 1);
    family.listen_for(Duration::from_millis(50)).await.unwrap();
    assert!(family.closed.is_none());
}

#[tokio::test]
async fn a_document_stops_growing_at_its_size_limit() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start_with(directory.path(), |config| config.max_document_bytes = 64 * 1024).await;
    let mut writer = server.client("big", Editor).await;
    writer.append_text("notes", &"a".repeat(40 * 1024)).await.unwrap();
    writer.listen_for(Duration::from_millis(100)).await.unwrap();
    assert!(writer.closed.is_none());
    writer.append_text("notes", &"b".repeat(40 * 1024)).await.unwrap();
    let closed = writer.wait_for_close().await.unwrap();
    assert_eq!(closed.code, 4400);
    assert!(closed.reason.contains("size limit of 64 KiB"), "{closed:?}");
    let reader = server.client("big", Viewer).await;
    assert_eq!(reader.text("notes").len(), 40 * 1024, "the refused change was not stored");
}

#[tokio::test]
async fn presence_is_bounded_checked_and_named_by_the_server() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start_with(directory.path(), |config| config.max_presence_bytes = 1024).await;
    let meeting = MeetingFixture::new(&server, "Plan for P").await;
    let (mum, _) = meeting.join_as(&server, "Mum", Family).await;
    meeting.move_to("information").await;
    let mut facilitator = open_document(&server, &meeting.facilitator, &meeting.meeting_id, "plan").await;
    let mut family = open_document(&server, &mum, &meeting.meeting_id, "plan").await;

    // Whoever opens the document is shown, by the server, under their own name.
    facilitator.wait_until(|c| c.awareness.values().any(|state| state.contains("\"Mum\""))).await.unwrap();
    // A client that claims to be someone else is shown as who it is.
    family.send_frame(awareness_frame(77, 1, r##"{"user":{"name":"Social worker","color":"#f00"}}"##)).await.unwrap();
    facilitator.wait_until(|c| c.awareness.get(&77).is_some_and(|state| state.contains("\"Mum\""))).await.unwrap();
    assert!(!facilitator.awareness[&77].contains("Social worker"), "{}", facilitator.awareness[&77]);
    assert!(facilitator.awareness[&77].contains("#f00"), "the rest of the state stays");

    // Another connection's presence cannot be changed or removed.
    let spoof = r#"{"user":{"name":"x"}}"#;
    let mut other = open_document(&server, &mum, &meeting.meeting_id, "plan").await;
    other.send_frame(awareness_frame(77, 2, spoof)).await.unwrap();
    other.send_frame(awareness_frame(77, 3, "null")).await.unwrap();
    facilitator.listen_for(Duration::from_millis(200)).await.unwrap();
    assert!(facilitator.awareness[&77].contains("#f00"), "{}", facilitator.awareness[&77]);

    for (state, reason) in [
        ("[1,2,3]".to_owned(), "JSON object"),
        ("not json".to_owned(), "JSON object"),
        (format!(r#"{{"cursor":"{}"}}"#, "x".repeat(2000)), "at most 1 KiB"),
    ] {
        let mut offender = open_document(&server, &mum, &meeting.meeting_id, "plan").await;
        offender.send_frame(awareness_frame(500, 1, &state)).await.unwrap();
        let closed = offender.wait_for_close().await.unwrap();
        assert_eq!(closed.code, 4400, "{closed:?}");
        assert!(closed.reason.contains(reason), "{closed:?}");
    }
    let mut crowd = open_document(&server, &mum, &meeting.meeting_id, "plan").await;
    for client in 0..9 {
        crowd.send_frame(awareness_frame(1000 + client, 1, "{}")).await.unwrap();
    }
    let closed = crowd.wait_for_close().await.unwrap();
    assert_eq!((closed.code, closed.reason.contains("at most 8 presences")), (4400, true), "{closed:?}");
    facilitator.listen_for(Duration::from_millis(50)).await.unwrap();
    assert!(facilitator.closed.is_none());
}

fn awareness_frame(client_id: u64, clock: u64, state: &str) -> Vec<u8> {
    let entry = kinplan_protocol::AwarenessEntry { client_id, clock, state };
    kinplan_protocol::encode_awareness(&kinplan_protocol::encode_awareness_update([entry]))
}

#[tokio::test]
async fn a_flood_of_updates_or_sync_requests_is_cut_off() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start_with(directory.path(), |config| config.max_updates_per_second = 20).await;
    let mut bystander = server.client("flood", Editor).await;
    let mut flooder = server.client("flood", Editor).await;
    for step in 0..100 {
        if flooder.append_text("notes", &format!("{step} ")).await.is_err() {
            break;
        }
    }
    let closed = flooder.wait_for_close().await.unwrap();
    assert_eq!((closed.code, closed.reason.contains("more than 20 changes a second")), (4429, true), "{closed:?}");

    let mut asker = server.client("flood", Editor).await;
    let step1 = kinplan_protocol::encode_sync_step1(&[0]);
    asker.send_raw(Message::Binary(step1.repeat(5).into())).await.unwrap();
    let closed = asker.wait_for_close().await.unwrap();
    assert_eq!((closed.code, closed.reason.contains("at most 4 sync requests")), (4400, true), "{closed:?}");

    bystander.append_text("notes", "calm").await.unwrap();
    bystander.listen_for(Duration::from_millis(100)).await.unwrap();
    assert!(bystander.closed.is_none());
}

#[tokio::test]
async fn connections_are_limited_per_grant_per_address_and_in_all() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start_with(directory.path(), |config| {
        config.max_connections_per_grant = 2;
        config.max_connections_per_address = 4;
        config.max_connections = Some(5);
    })
    .await;
    let meeting = MeetingFixture::new(&server, "Plan for G").await;
    let (mum, _) = meeting.join_as(&server, "Mum", Family).await;
    let _first = open_document(&server, &mum, &meeting.meeting_id, "plan").await;
    let _second = open_document(&server, &mum, &meeting.meeting_id, "plan").await;
    let token = mum.document_token(&meeting.meeting_id, "plan").await.expect(200);
    let url = server.sync_url(token["document"].as_str().unwrap(), token["token"].as_str());
    let mut third = TestClient::connect(&url).await.unwrap();
    let closed = third.wait_for_close().await.unwrap();
    assert_eq!((closed.code, closed.reason.contains("sign-in or link")), (4429, true), "{closed:?}");

    // Tokens outside meetings name no grant: the address limit (4) holds them.
    let _a = server.client("x", Editor).await;
    let _b = server.client("x", Editor).await;
    let mut fifth = TestClient::connect(&server.sync_url("x", Some(&server.token("x", Editor)))).await.unwrap();
    let closed = fifth.wait_for_close().await.unwrap();
    assert_eq!((closed.code, closed.reason.contains("network address")), (4429, true), "{closed:?}");
    drop((_a, _b));
    tokio::time::sleep(Duration::from_millis(200)).await;
    let _again = server.client("x", Editor).await;
}

#[tokio::test]
async fn a_full_server_answers_503_before_upgrading() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start_with(directory.path(), |config| config.max_connections = Some(1)).await;
    let _only = server.client("x", Editor).await;
    let refused = TestClient::connect(&server.sync_url("x", Some(&server.token("x", Editor)))).await;
    let error = format!("{:#}", refused.err().expect("refused"));
    assert!(error.contains("503"), "{error}");
}

/// The resident memory of process `pid`, in KiB.
fn resident_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|line| line.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// Every kind of bad input, sent again and again from fresh connections until `until`.
async fn attack(server_url: impl Fn() -> String, until: tokio::time::Instant) -> usize {
    let step1 = kinplan_protocol::encode_sync_step1(&[0]);
    let frames: Vec<Message> = vec![
        Message::Binary(kinplan_protocol::encode_sync_update(&nested_arrays(30_000)).into()),
        Message::Binary(awareness_frame(9_000, 1, "[1]").into()),
        Message::Binary(awareness_frame(9_001, 1, &format!(r#"{{"x":"{}"}}"#, "y".repeat(70_000))).into()),
        Message::Binary((0..9).flat_map(|client| awareness_frame(9_100 + client, 1, "{}")).collect::<Vec<_>>().into()),
        Message::Binary(step1.repeat(50).into()),
        Message::Binary(kinplan_protocol::encode_sync_update(&[0xff; 64]).into()),
        Message::Binary(vec![9, 9, 9].into()),
        Message::Binary(kinplan_protocol::encode_sync_update(&vec![0u8; 2 * 1024 * 1024]).into()),
        Message::Text("not binary".into()),
    ];
    let mut sent = 0;
    while tokio::time::Instant::now() < until {
        for frame in &frames {
            let Ok(mut client) = TestClient::connect(&server_url()).await else { continue };
            if client.send_raw(frame.clone()).await.is_ok() {
                sent += 1;
            }
            let _ = client.wait_for_close().await;
        }
        // A flood of changes from one connection.
        if let Ok(mut flooder) = TestClient::connect(&server_url()).await {
            for step in 0..400 {
                if flooder.append_text("flood", &format!("{step}")).await.is_err() {
                    break;
                }
            }
            sent += 1;
            let _ = flooder.wait_for_close().await;
        }
    }
    sent
}

#[tokio::test]
async fn a_hostile_client_does_not_disturb_twenty_honest_ones() {
    const HONEST: usize = 20;
    const EDITS: usize = 40;
    // Resident memory the server stays under while it is attacked and twenty people edit.
    const RSS_BOUND_KIB: u64 = 128 * 1024;
    let directory = kinplan_tests::TestDirectory::new();
    let database_url = kinplan_tests::database_url_in(directory.path());
    let server = ServerProcess::start(directory.path(), "server.log").await.unwrap();
    let pid = server.child.id().unwrap();
    let tokens = kinplan_tests::cli_tokens(&database_url, &vec!["soak"; HONEST + 1], "editor").unwrap();
    let address = server.address;
    let attacker_token = tokens[HONEST].clone();

    // The paragraph everyone writes into exists before they come.
    let mut first = TestClient::connect(&server.sync_url("soak", &tokens[0])).await.unwrap();
    first.sync().await.unwrap();
    first.append_text("notes", "start. ").await.unwrap();
    first.close().await;

    let until = tokio::time::Instant::now() + Duration::from_secs(8);
    let attacking = tokio::spawn(attack(move || format!("ws://{address}/sync/soak?token={attacker_token}"), until));
    let mut honest = Vec::new();
    for (index, token) in tokens.into_iter().take(HONEST).enumerate() {
        let url = server.sync_url("soak", &token);
        honest.push(tokio::spawn(async move {
            let mut client = TestClient::connect(&url).await.unwrap();
            client.sync().await.unwrap();
            for edit in 0..EDITS {
                client.append_text("notes", &format!("[{index}.{edit}]")).await.unwrap();
                client.listen_for(Duration::from_millis(150)).await.unwrap();
                assert!(client.closed.is_none(), "honest client {index} was closed: {:?}", client.closed);
            }
            client
        }));
    }
    let mut peak_kib = 0;
    while !honest.iter().all(|task| task.is_finished()) {
        peak_kib = peak_kib.max(resident_kib(pid));
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut clients = Vec::new();
    for task in honest {
        clients.push(task.await.unwrap());
    }
    let hostile_sent = attacking.await.unwrap();
    assert!(hostile_sent > 20, "the attack ran: {hostile_sent} bad inputs");
    assert!(healthy(server.address).await);

    // Everyone converges on everything everyone wrote, and nobody was closed.
    let everything: Vec<String> =
        (0..HONEST).flat_map(|index| (0..EDITS).map(move |edit| format!("[{index}.{edit}]"))).collect();
    for client in &mut clients {
        client.wait_until(|c| everything.iter().all(|marker| c.text("notes").contains(marker.as_str()))).await.unwrap();
        assert!(client.closed.is_none());
    }
    let texts: Vec<String> = clients.iter().map(|client| client.text("notes")).collect();
    assert!(texts.windows(2).all(|pair| pair[0] == pair[1]), "the honest clients converged");
    // And storage has it all: a fresh reader after a restart of its document.
    let mut reader = TestClient::connect(
        &server.sync_url("soak", &kinplan_tests::cli_tokens(&database_url, &["soak"], "viewer").unwrap()[0]),
    )
    .await
    .unwrap();
    reader.sync().await.unwrap();
    assert_eq!(reader.text("notes"), texts[0]);
    assert!(reader.doc.get_or_insert_array("a").len(&reader.doc.transact()) == 0);
    println!("peak RSS while attacked: {} KiB; hostile inputs sent: {hostile_sent}", peak_kib);
    assert!(peak_kib < RSS_BOUND_KIB, "peak RSS {peak_kib} KiB over {RSS_BOUND_KIB} KiB");
}

#[tokio::test]
async fn a_state_vector_that_lies_about_its_size_or_its_clients_is_refused() {
    // Through the real binary, built with debug assertions as the tests build it: yrs asserts
    // that a client id fits 53 bits, and would reserve room for a gigabyte of entries for a count
    // ten bytes long.
    let directory = kinplan_tests::TestDirectory::new();
    let server = ServerProcess::start(directory.path(), "server.log").await.unwrap();
    let database_url = kinplan_tests::database_url_in(directory.path());
    let tokens = kinplan_tests::cli_tokens(&database_url, &["sv", "sv", "sv"], "editor").unwrap();
    let mut bystander = TestClient::connect(&server.sync_url("sv", &tokens[0])).await.unwrap();
    bystander.sync().await.unwrap();
    bystander.append_text("notes", "kept").await.unwrap();

    let mut too_large_client = vec![1];
    too_large_client.extend_from_slice(&[0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10, 0]);
    for state_vector in [vec![0xe6, 0x8d, 0xc3, 0xa6, 0x83, 0x0c, 0], too_large_client] {
        let mut offender = TestClient::connect(&server.sync_url("sv", &tokens[1])).await.unwrap();
        offender.send_frame(kinplan_protocol::encode_sync_step1(&state_vector)).await.unwrap();
        let closed = offender.wait_for_close().await.unwrap();
        assert_eq!(closed.code, 1002, "{closed:?}");
        assert!(closed.reason.contains("state vector"), "{closed:?}");
    }
    assert!(healthy(server.address).await);
    bystander.listen_for(Duration::from_millis(100)).await.unwrap();
    assert!(bystander.closed.is_none(), "{:?}", bystander.closed);
    let witness = {
        let mut witness = TestClient::connect(&server.sync_url("sv", &tokens[2])).await.unwrap();
        witness.sync().await.unwrap();
        witness
    };
    assert_eq!(witness.text("notes"), "kept");
}

/// An update that deletes every clock `doc` holds, as an editor deleting everything sends it:
/// no structs, and a delete set of each client's clocks from 0.
fn delete_everything(doc: &yrs::Doc) -> Vec<u8> {
    fn var_uint(out: &mut Vec<u8>, mut value: u64) {
        while value >= 0x80 {
            out.push((value as u8 & 0x7f) | 0x80);
            value >>= 7;
        }
        out.push(value as u8);
    }
    let state_vector = doc.transact().state_vector();
    let clients: Vec<_> = state_vector.iter().filter(|(_, clock)| **clock > 0).collect();
    let mut update = vec![0];
    var_uint(&mut update, clients.len() as u64);
    for (client, clock) in clients {
        var_uint(&mut update, client.get());
        var_uint(&mut update, 1);
        var_uint(&mut update, 0);
        var_uint(&mut update, u64::from(*clock));
    }
    update
}

#[tokio::test]
async fn a_document_yrs_panics_on_fails_alone_and_the_server_carries_on() {
    // Stored before updates were checked: an item whose right origin lies inside itself, then the
    // deletion of everything, on which yrs's lengths underflow (a panic, as the tests build it).
    // Loading it panics; only its own connections hear of it.
    use yrs::updates::decoder::Decode;
    let damaging =
        include_bytes!("../../fuzz/regressions/yjs_update/right-origin-inside-its-own-item-underflows-block-len");
    let scratch = yrs::Doc::new();
    scratch.transact_mut().apply_update(yrs::Update::decode_v1(damaging).unwrap()).unwrap();
    let deletion = delete_everything(&scratch);
    let directory = kinplan_tests::TestDirectory::new();
    let database_url = kinplan_tests::database_url_in(directory.path());
    {
        let store = kinplan_server::store::open(&database_url).await.unwrap();
        let updates = [bytes::Bytes::from_static(damaging), bytes::Bytes::from(deletion)];
        store.append_updates("broken", 1, &updates).await.unwrap();
    }
    let server = ServerProcess::start_with(directory.path(), "server.log", &database_url, &[]).await.unwrap();
    let tokens = kinplan_tests::cli_tokens(&database_url, &["fine", "broken", "fine"], "editor").unwrap();
    let mut bystander = TestClient::connect(&server.sync_url("fine", &tokens[0])).await.unwrap();
    bystander.sync().await.unwrap();
    bystander.append_text("notes", "carrying on").await.unwrap();

    for _ in 0..2 {
        let mut victim = TestClient::connect(&server.sync_url("broken", &tokens[1])).await.unwrap();
        let closed = victim.wait_for_close().await.unwrap();
        assert_eq!(closed.code, 1011, "{closed:?}");
    }
    assert!(healthy(server.address).await);
    bystander.listen_for(Duration::from_millis(100)).await.unwrap();
    assert!(bystander.closed.is_none(), "{:?}", bystander.closed);
    let mut witness = TestClient::connect(&server.sync_url("fine", &tokens[2])).await.unwrap();
    witness.sync().await.unwrap();
    assert_eq!(witness.text("notes"), "carrying on");
    let log = std::fs::read_to_string(&server.log_path).unwrap();
    assert!(log.contains("panicked"), "yrs panicked on loading it: {log}");
    assert!(log.contains("could not be loaded"), "the log says what happened");
}

#[tokio::test]
async fn a_reader_that_stops_reading_is_closed_by_the_bytes_waiting_for_it() {
    let directory = kinplan_tests::TestDirectory::new();
    let server = TestServer::start_with(directory.path(), |config| {
        config.outgoing_queue_bytes = 256 * 1024;
        config.max_updates_per_second = 10_000;
    })
    .await;
    // It stops reading after the first sync: what is sent to it waits in the server.
    let mut stalled = server.client("bulk", Editor).await;
    let mut writer = server.client("bulk", Editor).await;
    for chunk in 0..120 {
        writer.append_text("notes", &format!("{chunk:03}{}", "x".repeat(60 * 1024))).await.unwrap();
        writer.listen_for(Duration::from_millis(5)).await.unwrap();
    }
    // 120 frames is far under the frame limit (1,024): the bytes closed it. Its close frame waits
    // behind what it never read, so it may see the connection reset instead.
    assert_eq!(server.stats.slow_clients_closed.get(), 1);
    if let Ok(closed) = stalled.wait_for_close().await {
        assert_eq!(closed.code, 1013, "{closed:?}");
    }
    writer.listen_for(Duration::from_millis(50)).await.unwrap();
    assert!(writer.closed.is_none(), "{:?}", writer.closed);
}
