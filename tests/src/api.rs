//! Speaking the REST API as a browser would: a cookie jar per person, JSON in and out, and
//! fixtures for a meeting with its network.

use kinplan_server::access::{ParticipantKind, StaffRole};
use kinplan_server::secrets::{hash_password, new_id, now_millis};
use kinplan_server::store::User;
use serde_json::{json, Value};

use crate::{TestClient, TestServer};

/// The password every test staff account has.
pub const PASSWORD: &str = "correct horse battery staple";

/// One person's browser: its own cookies.
pub struct Api {
    pub base: String,
    pub http: reqwest::Client,
}

/// An answer: its status and its JSON body (Null when it had none).
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub body: Value,
    pub headers: reqwest::header::HeaderMap,
}

impl Answer {
    /// The body, after checking the status.
    pub fn expect(self, status: u16) -> Value {
        assert_eq!(self.status, status, "unexpected answer: {} {}", self.status, self.body);
        self.body
    }

    /// Asserts an error answer in the API's shape: `{"error": code, "message": text}`.
    pub fn expect_error(self, status: u16, code: &str) -> Value {
        let body = self.expect(status);
        assert_eq!(body["error"], code, "{body}");
        assert!(body["message"].as_str().is_some_and(|message| !message.is_empty()), "{body}");
        body
    }
}

impl Api {
    pub fn new(server: &TestServer) -> Self {
        Self::at(server.address)
    }

    /// A browser for the server at `address` (a server process, say).
    pub fn at(address: std::net::SocketAddr) -> Self {
        let base = format!("http://{address}");
        // A browser sends its page's origin with every write; the server refuses writes without.
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(reqwest::header::ORIGIN, base.parse().expect("an origin is a header value"));
        let http =
            reqwest::Client::builder().cookie_store(true).default_headers(headers).build().expect("an HTTP client");
        Api { base, http }
    }

    pub async fn send_raw(&self, request: reqwest::RequestBuilder) -> Answer {
        let response = request.send().await.expect("the request reaches the server");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap_or_default();
        let body =
            if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text)) };
        Answer { status, body, headers }
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.send_raw(self.http.get(format!("{}{path}", self.base))).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Answer {
        self.send_raw(self.http.post(format!("{}{path}", self.base)).json(&body)).await
    }

    pub async fn put(&self, path: &str, body: Value) -> Answer {
        self.send_raw(self.http.put(format!("{}{path}", self.base)).json(&body)).await
    }

    pub async fn delete(&self, path: &str) -> Answer {
        self.send_raw(self.http.delete(format!("{}{path}", self.base))).await
    }

    /// A document token for this person, and the sync address to use it at.
    pub async fn document_token(&self, meeting_id: &str, kind: &str) -> Answer {
        self.post(&format!("/api/meetings/{meeting_id}/documents/{kind}/token"), json!({})).await
    }
}

/// Adds a staff account straight to the database (as `kinplan user add` would).
pub async fn add_staff(server: &TestServer, email: &str, name: &str, role: StaffRole) -> User {
    let store = kinplan_server::store::open(&server.database_url).await.expect("the store opens");
    let user = User {
        id: new_id(),
        email: email.to_owned(),
        name: name.to_owned(),
        role,
        password_hash: hash_password(PASSWORD),
        created_at: now_millis(),
        disabled_at: None,
        team: String::new(),
    };
    let mut change = store.begin_change().await.expect("a change begins");
    change.create_user(&user).await.expect("the user is added");
    change.commit(operator_audit("user_added")).await.expect("the user is stored");
    user
}

/// An audit line naming the operator, for what a test stores as the command line would.
pub fn operator_audit(action: &str) -> kinplan_server::store::NewAuditEvent {
    kinplan_server::store::NewAuditEvent {
        meeting_id: None,
        actor: "operator".into(),
        actor_name: "command line".into(),
        action: action.into(),
        detail: "{}".into(),
        address: None,
    }
}

/// A staff member, signed in.
pub async fn signed_in(server: &TestServer, email: &str, role: StaffRole) -> Api {
    add_staff(server, email, email.split('@').next().unwrap(), role).await;
    let api = Api::new(server);
    api.post("/api/session", json!({ "email": email, "password": PASSWORD })).await.expect(200);
    api
}

/// A meeting with a signed-in facilitator.
pub struct MeetingFixture {
    pub facilitator: Api,
    pub meeting_id: String,
}

impl MeetingFixture {
    pub async fn new(server: &TestServer, title: &str) -> Self {
        let email = format!("facilitator-{}@council.example", new_id());
        let facilitator = signed_in(server, &email, StaffRole::Facilitator).await;
        let meeting = facilitator.post("/api/meetings", json!({ "title": title })).await.expect(201);
        MeetingFixture { facilitator, meeting_id: meeting["id"].as_str().unwrap().to_owned() }
    }

    pub fn path(&self, rest: &str) -> String {
        format!("/api/meetings/{}{rest}", self.meeting_id)
    }

    /// Adds a person of `kind` and makes their link; gives the participant id and the link.
    pub async fn invite(&self, name: &str, kind: ParticipantKind, access_code: bool) -> (String, Value) {
        let participant = self
            .facilitator
            .post(&self.path("/participants"), json!({ "display_name": name, "kind": kind, "relationship": "aunt" }))
            .await
            .expect(201);
        let participant_id = participant["id"].as_str().unwrap().to_owned();
        let link = self
            .facilitator
            .post(&self.path(&format!("/participants/{participant_id}/links")), json!({ "access_code": access_code }))
            .await
            .expect(201);
        (participant_id, link)
    }

    /// Invites a person of `kind` and joins with their link in a browser of their own.
    pub async fn join_as(&self, server: &TestServer, name: &str, kind: ParticipantKind) -> (Api, String) {
        let (participant_id, link) = self.invite(name, kind, false).await;
        let person = Api::new(server);
        person.post("/api/join", json!({ "secret": link_secret(&link) })).await.expect(200);
        (person, participant_id)
    }

    /// Adds a staff practitioner, signed in with the account `email` (made here), to the meeting
    /// as `name`; as its referrer, whose decision makes the plan final, when `is_referrer`.
    pub async fn add_practitioner(&self, server: &TestServer, name: &str, email: &str, is_referrer: bool) -> Api {
        let practitioner = signed_in(server, email, StaffRole::Practitioner).await;
        self.facilitator
            .post(
                &self.path("/participants"),
                json!({ "display_name": name, "kind": "practitioner", "is_referrer": is_referrer, "staff_email": email }),
            )
            .await
            .expect(201);
        practitioner
    }

    /// Adds a staff practitioner, signed in, as the meeting's referrer (named `name`).
    pub async fn add_referrer(&self, server: &TestServer, name: &str) -> Api {
        self.add_practitioner(server, name, &format!("referrer-{}@council.example", new_id()), true).await
    }

    /// Moves the meeting to `stage` as the facilitator.
    pub async fn move_to(&self, stage: &str) {
        self.facilitator.put(&self.path("/stage"), json!({ "stage": stage })).await.expect(200);
    }
}

/// The secret of a join link: the part of its URL after `#`.
pub fn link_secret(link: &Value) -> String {
    link["url"].as_str().unwrap().split_once('#').unwrap().1.to_owned()
}

/// Opens a document with a token from the API, synced.
pub async fn open_document(server: &TestServer, person: &Api, meeting_id: &str, kind: &str) -> TestClient {
    let token = person.document_token(meeting_id, kind).await.expect(200);
    let url = server.sync_url(token["document"].as_str().unwrap(), token["token"].as_str());
    let mut client = TestClient::connect(&url).await.expect("connects");
    client.sync().await.expect("syncs");
    client
}

/// Reads server-sent events from `path` as `person` until `until` holds of what arrived, or
/// `within` passes; gives what arrived and whether the stream ended.
pub async fn read_events(
    person: &Api,
    path: &str,
    within: std::time::Duration,
    until: impl Fn(&str) -> bool,
) -> (String, bool) {
    let response = person.http.get(format!("{}{path}", person.base)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let mut stream = response.bytes_stream();
    let mut seen = String::new();
    let deadline = tokio::time::Instant::now() + within;
    while !until(&seen) {
        match tokio::time::timeout(
            deadline.saturating_duration_since(tokio::time::Instant::now()),
            futures_util::StreamExt::next(&mut stream),
        )
        .await
        {
            Err(_) => return (seen, false),
            Ok(None) | Ok(Some(Err(_))) => return (seen, true),
            Ok(Some(Ok(chunk))) => seen.push_str(&String::from_utf8_lossy(&chunk)),
        }
    }
    (seen, false)
}
