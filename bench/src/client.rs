//! A load client: one WebSocket connection to one room, with its own yrs document, speaking the
//! y-websocket protocol (in the server's dialect) as a browser editor would: it answers the
//! server's sync step 1, syncs with its own step 1, announces its presence and refreshes it, and
//! edits the shared document.
//!
//! Every edit is a new entry in the shared map `edits`, keyed by the client and a sequence number,
//! whose value is the time the edit was sent (microseconds since the generator started, on the
//! realtime clock every client of this process shares, which is the clock the kernel stamps
//! received segments with). A receiver finds the send time of each edit an update brought, even
//! when a server merges several edits into one update, and so measures end-to-end latency per
//! edit and per receiver: to the kernel's receipt of the frame (`stamped.rs`), and to the moment
//! the client got round to handling it.

use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{bail, Context};
use futures_util::{SinkExt, StreamExt};
use kinplan_protocol::{
    encode_awareness, encode_awareness_update, encode_sync_step1, encode_sync_step2, encode_sync_update, AwarenessEntry,
};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;
use yrs::types::map::MapEvent;
use yrs::types::{EntryChange, ToJson};
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{
    Any, Doc, GetString, Map, MapRef, Number, Observable, Out, ReadTxn, StateVector, Text, TextRef, Transact, Update,
};

use crate::servers::Endpoint;
use crate::stamped::{LastReceipt, StampedStream};
use crate::wire::{Dialect, Incoming};

/// How long a connection and its handshake may take.
const CONNECT_PATIENCE: Duration = Duration::from_secs(30);

/// The generator's clock starts at the first reading of it, in nanoseconds since 1970.
static GENERATOR_EPOCH: OnceLock<i64> = OnceLock::new();

fn realtime_nanos() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |since| since.as_nanos() as i64)
}

/// Microseconds from the generator's start to `nanos` (nanoseconds since 1970).
fn generator_micros_at(nanos: i64) -> f64 {
    (nanos - *GENERATOR_EPOCH.get_or_init(realtime_nanos)) as f64 / 1e3
}

/// Microseconds since the generator started. The realtime clock, because the kernel stamps
/// received segments on it; a run lasts seconds, in which the clock is only slewed, if anything.
pub fn generator_micros() -> f64 {
    generator_micros_at(realtime_nanos())
}

/// The send time stamped in a presence state (`"t":MICROS`), if it has one.
fn stamp_of(state: &str) -> Option<f64> {
    let digits = state.split_once("\"t\":")?.1;
    let end = digits.find(|character: char| !character.is_ascii_digit()).unwrap_or(digits.len());
    digits[..end].parse::<u64>().ok().map(|micros| micros as f64)
}

/// What a client does with what it receives.
#[derive(Debug, Clone, Copy)]
pub struct ClientOptions {
    /// Applies the document that sync step 2 brings. The join storm turns this off, so that 100
    /// clients decoding a 5 MB document at once do not make the generator the bottleneck; it
    /// keeps the bytes instead and checks them afterwards.
    pub apply_sync_step2: bool,
    /// Keeps one latency sample per edit received from another client.
    pub record_latencies: bool,
    /// The socket's read buffer. Small by default: tungstenite's default (128 KiB) times
    /// thousands of clients is gigabytes. Clients that receive megabytes want a large one.
    pub read_buffer_bytes: usize,
    /// The loopback address to connect from (127.0.0.2 and on): one source address has about
    /// 28,000 ports to reach one server's port, so 100,000 clients need several.
    pub source: Option<std::net::IpAddr>,
    /// How long the connection and the first sync may take.
    pub patience: Duration,
    /// Reads every presence that arrives and keeps, for each other client's, the time from its
    /// sending (stamped in the state) to the frame's receipt.
    pub track_presence: bool,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            apply_sync_step2: true,
            record_latencies: true,
            read_buffer_bytes: 4096,
            source: None,
            patience: CONNECT_PATIENCE,
            track_presence: false,
        }
    }
}

type Socket = WebSocketStream<StampedStream>;

pub struct LoadClient {
    socket: Socket,
    /// When the kernel received what the socket last read.
    last_receipt: LastReceipt,
    dialect: Dialect,
    doc: Doc,
    edits: MapRef,
    notes: TextRef,
    /// Send times of other clients' edits, filled by the `edits` map's observer while an update
    /// is applied, and emptied right after.
    arrivals: Arc<Mutex<Vec<f64>>>,
    options: ClientOptions,
    /// Names this client in awareness states, as a person's name would.
    label: String,
    awareness_clock: u64,
    edit_sequence: u64,
    /// Set once a sync step 2 has arrived: what y-websocket calls `synced`.
    pub synced: bool,
    /// Edits of other clients this client has received.
    pub edits_received: u64,
    /// Edits this client has sent.
    pub edits_sent: u64,
    /// One sample per edit received, from its sending to the kernel's receipt of the frame that
    /// brought it, in microseconds.
    pub latencies_micros: Vec<u32>,
    /// The same edits, from their sending to the moment this client handled the frame: later by
    /// the time the generator spent on other clients' frames first.
    pub handled_latencies_micros: Vec<u32>,
    /// Hocuspocus's sync-status acknowledgements of our updates.
    pub acknowledgements: u64,
    /// The last sync step 2, when it was kept rather than applied.
    pub unapplied_sync_step2: Option<bytes::Bytes>,
    /// With `track_presence`: other clients' presences received, and from each one's sending to
    /// the kernel's receipt of its frame, in microseconds.
    pub presences_received: u64,
    pub presence_latencies_micros: Vec<u32>,
}

impl LoadClient {
    /// Opens the connection and starts the handshake: the token (for Hocuspocus), our step 1 and
    /// our presence. Does not wait for the answer; see [`LoadClient::wait_until_synced`].
    pub async fn connect(endpoint: &Endpoint, label: String, options: ClientOptions) -> anyhow::Result<Self> {
        let config = WebSocketConfig::default()
            .read_buffer_size(options.read_buffer_bytes)
            .max_message_size(Some(256 << 20))
            .max_frame_size(Some(256 << 20));
        let request = endpoint.url.as_str().into_client_request().context("the server's address")?;
        let host = request.uri().host().context("the server's address has no host")?.to_owned();
        let port = request.uri().port_u16().context("the server's address has no port")?;
        let (socket, last_receipt) = tokio::time::timeout(options.patience, async {
            let stream = match options.source {
                None => TcpStream::connect((host.as_str(), port)).await.context("connecting")?,
                Some(source) => {
                    let server = tokio::net::lookup_host((host.as_str(), port))
                        .await?
                        .next()
                        .context("the server's address resolves to nothing")?;
                    let socket = tokio::net::TcpSocket::new_v4()?;
                    socket
                        .bind(std::net::SocketAddr::new(source, 0))
                        .with_context(|| format!("binding to {source}"))?;
                    socket.connect(server).await.with_context(|| format!("connecting from {source}"))?
                }
            };
            // Nagle's algorithm off, as browsers do: it would hold small edits back for up to 40 ms.
            stream.set_nodelay(true)?;
            let (stream, last_receipt) = StampedStream::new(stream).context("asking for receive times")?;
            let (socket, _) = tokio_tungstenite::client_async_with_config(request, stream, Some(config))
                .await
                .context("the WebSocket handshake failed")?;
            anyhow::Ok((socket, last_receipt))
        })
        .await
        .context("the WebSocket handshake took too long")??;

        let doc = Doc::new();
        let edits = doc.get_or_insert_map("edits");
        let notes = doc.get_or_insert_text("notes");
        let arrivals = Arc::new(Mutex::new(Vec::new()));
        let observer_arrivals = Arc::clone(&arrivals);
        edits.observe("latency", move |transaction, event: &MapEvent| {
            let mut arrivals = observer_arrivals.lock().expect("not poisoned");
            for change in event.keys(transaction).values() {
                if let EntryChange::Inserted(Out::Any(Any::Number(sent_at))) = change {
                    arrivals.push(sent_at.as_f64().unwrap_or_default());
                }
            }
        });

        let mut client = LoadClient {
            socket,
            last_receipt,
            dialect: endpoint.dialect.clone(),
            doc,
            edits,
            notes,
            arrivals,
            options,
            label,
            awareness_clock: 0,
            edit_sequence: 0,
            synced: false,
            edits_received: 0,
            edits_sent: 0,
            latencies_micros: Vec::new(),
            handled_latencies_micros: Vec::new(),
            acknowledgements: 0,
            unapplied_sync_step2: None,
            presences_received: 0,
            presence_latencies_micros: Vec::new(),
        };
        if let Some(authentication) = client.dialect.authentication_frame(&endpoint.token) {
            client.send_frame(authentication).await?;
        }
        client.send_sync_step1().await?;
        client.send_awareness().await?;
        Ok(client)
    }

    /// Asks the server for everything we lack; the answer (step 2) sets `synced`. Because servers
    /// handle a connection's messages in order, the answer also shows that everything sent before
    /// it was handled (for kinplan: committed).
    pub async fn send_sync_step1(&mut self) -> anyhow::Result<()> {
        let state_vector = self.doc.transact().state_vector().encode_v1();
        self.send_message(encode_sync_step1(&state_vector)).await
    }

    /// Sends our presence, as the y-websocket client does on connect and, unchanged, every 15 s
    /// after.
    pub async fn send_awareness(&mut self) -> anyhow::Result<()> {
        let state = format!(r##"{{"user":{{"name":"{}","color":"#30bced"}}}}"##, self.label);
        self.send_presence_state(&state).await
    }

    /// Sends our presence with the cursor moved to `cursor`, stamped with the time it is sent
    /// (`"t"`, microseconds on the generator's clock), as an editor does when its user moves the
    /// cursor.
    pub async fn send_cursor(&mut self, cursor: u64) -> anyhow::Result<()> {
        let state = format!(
            r##"{{"user":{{"name":"{}","color":"#30bced"}},"cursor":{{"anchor":{cursor},"head":{cursor}}},"t":{}}}"##,
            self.label,
            generator_micros() as u64
        );
        self.send_presence_state(&state).await
    }

    async fn send_presence_state(&mut self, state: &str) -> anyhow::Result<()> {
        self.awareness_clock += 1;
        let update = encode_awareness_update([AwarenessEntry {
            client_id: self.doc.client_id().get(),
            clock: self.awareness_clock,
            state,
        }]);
        self.send_message(encode_awareness(&update)).await
    }

    /// Adds one entry to the shared `edits` map, stamped with the time it is sent, and sends the
    /// change as an update.
    pub async fn send_edit(&mut self) -> anyhow::Result<()> {
        self.edit_sequence += 1;
        let key = format!("{}-{}", self.doc.client_id(), self.edit_sequence);
        let update = {
            let mut transaction = self.doc.transact_mut();
            self.edits.insert(&mut transaction, key, Any::Number(Number::Int(generator_micros() as i64)));
            transaction.encode_update_v1()
        };
        // The observer saw our own insert too; only others' edits are arrivals.
        self.arrivals.lock().expect("not poisoned").clear();
        self.edits_sent += 1;
        self.send_message(encode_sync_update(&update)).await
    }

    /// Appends `text` to the shared text `notes` and sends the change as an update.
    pub async fn append_note(&mut self, text: &str) -> anyhow::Result<()> {
        let update = {
            let mut transaction = self.doc.transact_mut();
            let length = self.notes.len(&transaction);
            self.notes.insert(&mut transaction, length, text);
            transaction.encode_update_v1()
        };
        self.send_message(encode_sync_update(&update)).await
    }

    /// Sends an update made elsewhere (the join storm's seed) after applying it to our document.
    pub async fn send_prepared_update(&mut self, update: &[u8]) -> anyhow::Result<()> {
        self.doc.transact_mut().apply_update(Update::decode_v1(update)?)?;
        self.send_message(encode_sync_update(update)).await
    }

    pub fn notes_text(&self) -> String {
        self.notes.get_string(&self.doc.transact())
    }

    /// What must be equal in every client of a room once all edits have arrived.
    pub fn state(&self) -> (StateVector, Any, String) {
        let transaction = self.doc.transact();
        (transaction.state_vector(), self.edits.to_json(&transaction), self.notes.get_string(&transaction))
    }

    /// Waits for the next frame from the server and handles it; gives the number of other
    /// clients' edits it brought. Errors when the connection ended.
    pub async fn receive(&mut self) -> anyhow::Result<u64> {
        let frame = self.next_frame().await?;
        self.handle_frame(&frame).await
    }

    /// The next binary frame from the server. Cancel-safe, for `select!`.
    pub async fn next_frame(&mut self) -> anyhow::Result<bytes::Bytes> {
        loop {
            match self.socket.next().await {
                None => bail!("the server ended the connection"),
                Some(Err(error)) => bail!("the connection failed: {error}"),
                Some(Ok(Message::Binary(frame))) => return Ok(frame),
                Some(Ok(Message::Close(frame))) => {
                    bail!("the server closed the connection: {frame:?}")
                }
                // Pings are answered by tungstenite itself; text frames are not part of the protocol.
                Some(Ok(_)) => continue,
            }
        }
    }

    /// Handles one frame from the server; gives the number of other clients' edits it brought.
    pub async fn handle_frame(&mut self, frame: &bytes::Bytes) -> anyhow::Result<u64> {
        let handled_at = generator_micros();
        let received_at = self.last_receipt.nanos().map_or(handled_at, generator_micros_at).min(handled_at);
        let times = (received_at, handled_at);
        let mut replies = Vec::new();
        let mut delivered = 0;
        for message in self.dialect.decode(frame)? {
            match message {
                Incoming::SyncStep1 { state_vector } => {
                    let state_vector = StateVector::decode_v1(state_vector)?;
                    let update = self.doc.transact().encode_diff_v1(&state_vector);
                    replies.push(encode_sync_step2(&update));
                }
                Incoming::SyncStep2 { update } => {
                    if self.options.apply_sync_step2 {
                        delivered += self.apply(update, times)?;
                    } else {
                        // The frame's own bytes, not a copy: a joiner of the storm would otherwise
                        // copy 5 MB into fresh memory, and the generator become the bottleneck.
                        self.unapplied_sync_step2 = Some(frame.slice_ref(update));
                    }
                    self.synced = true;
                }
                Incoming::Update { update } => delivered += self.apply(update, times)?,
                Incoming::SyncStatus { saved } => {
                    if !saved {
                        bail!("the server refused an update");
                    }
                    self.acknowledgements += 1;
                }
                Incoming::PermissionDenied { reason } => bail!("permission denied: {reason}"),
                Incoming::Closed { reason } => bail!("the server closed the document: {reason}"),
                Incoming::Awareness { update } => {
                    if self.options.track_presence {
                        self.read_presences(update, received_at)?;
                    }
                }
                Incoming::QueryAwareness | Incoming::Authenticated | Incoming::Ignored => {}
            }
        }
        for reply in replies {
            self.send_message(reply).await?;
        }
        Ok(delivered)
    }

    /// Handles frames until the server's sync step 2 has arrived.
    pub async fn wait_until_synced(&mut self) -> anyhow::Result<()> {
        let patience = self.options.patience;
        tokio::time::timeout(patience, async {
            while !self.synced {
                self.receive().await?;
            }
            anyhow::Ok(())
        })
        .await
        .with_context(|| format!("no sync step 2 within {} s", patience.as_secs()))?
    }

    /// Sends a step 1 and waits for its answer: afterwards the server has handled (and kinplan
    /// committed) everything this client sent before.
    pub async fn round_trip(&mut self) -> anyhow::Result<()> {
        self.synced = false;
        self.send_sync_step1().await?;
        self.wait_until_synced().await
    }

    /// Counts the other clients' presences in an awareness update and keeps their latency, from
    /// the time stamped in each state (`"t"`) to `received_at`. Presences without a stamp (a
    /// client's first, or a renewal) and removals are not counted.
    fn read_presences(&mut self, update: &[u8], received_at: f64) -> anyhow::Result<()> {
        let own = self.doc.client_id().get();
        let entries = kinplan_protocol::decode_awareness_update(update)
            .map_err(|error| anyhow::anyhow!("a malformed awareness update: {error}"))?;
        for entry in entries {
            if entry.client_id == own {
                continue;
            }
            if let Some(sent_at) = stamp_of(entry.state) {
                self.presences_received += 1;
                self.presence_latencies_micros.push((received_at - sent_at).max(0.0) as u32);
            }
        }
        Ok(())
    }

    /// Applies `update`; `times` are when its frame was received and when it was handled.
    fn apply(&mut self, update: &[u8], (received_at, handled_at): (f64, f64)) -> anyhow::Result<u64> {
        let update = Update::decode_v1(update).context("an update that does not decode")?;
        self.doc.transact_mut().apply_update(update).context("an update that does not apply")?;
        let mut arrivals = self.arrivals.lock().expect("not poisoned");
        let count = arrivals.len() as u64;
        if self.options.record_latencies {
            self.latencies_micros.extend(arrivals.iter().map(|sent_at| (received_at - sent_at).max(0.0) as u32));
            self.handled_latencies_micros.extend(arrivals.iter().map(|sent_at| (handled_at - sent_at).max(0.0) as u32));
        }
        arrivals.clear();
        self.edits_received += count;
        Ok(count)
    }

    async fn send_message(&mut self, message: Vec<u8>) -> anyhow::Result<()> {
        let frame = self.dialect.frame(message);
        self.send_frame(frame).await
    }

    async fn send_frame(&mut self, frame: Vec<u8>) -> anyhow::Result<()> {
        self.socket.send(Message::Binary(frame.into())).await.context("sending a frame")
    }

    /// Closes the connection politely, without waiting long for the server's answer.
    pub async fn close(mut self) {
        let _ = tokio::time::timeout(Duration::from_secs(1), self.socket.close(None)).await;
    }
}
