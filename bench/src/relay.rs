//! The bare relay: the floor under every latency figure. WebSocket in, the same bytes out to the
//! room's other sockets: no CRDT, no storage, no checks. It answers a client's sync step 1 with an
//! empty step 2, so that y-websocket clients count themselves synced; every other frame goes
//! unchanged to everyone else in the room (named by the URL's path). Each socket has Nagle's
//! algorithm off, a 4 KiB read buffer, and a writer task that writes whatever is waiting, then
//! flushes once.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use futures_util::{SinkExt, StreamExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::handshake::server::{Request, Response};
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;

/// Every room's sockets: an id and the queue its writer drains.
type Rooms = Arc<Mutex<HashMap<String, Vec<(u64, mpsc::UnboundedSender<Message>)>>>>;

/// Sync (0), step 2 (1), an update of two bytes: no structs, an empty delete set.
const EMPTY_SYNC_STEP2: [u8; 5] = [0, 1, 2, 0, 0];

/// Listens on `listen`, says where on stdout (`relay ready on ADDRESS`), and relays until killed.
pub async fn serve(listen: SocketAddr) -> anyhow::Result<()> {
    let listener = TcpListener::bind(listen).await?;
    println!("relay ready on {}", listener.local_addr()?);
    let rooms = Rooms::default();
    let mut next_id = 0;
    loop {
        let (stream, _) = listener.accept().await?;
        stream.set_nodelay(true)?;
        next_id += 1;
        tokio::spawn(relay_connection(stream, next_id, Arc::clone(&rooms)));
    }
}

async fn relay_connection(stream: TcpStream, id: u64, rooms: Rooms) -> anyhow::Result<()> {
    let mut room = String::new();
    let config = WebSocketConfig::default().read_buffer_size(4096).max_message_size(Some(256 << 20));
    let remember_room = |request: &Request, response: Response| {
        room = request.uri().path().to_owned();
        Ok(response)
    };
    let socket = tokio_tungstenite::accept_hdr_async_with_config(stream, remember_room, Some(config)).await?;
    let (mut sink, mut source) = socket.split();
    let (sender, mut outgoing) = mpsc::unbounded_channel::<Message>();
    rooms.lock().expect("not poisoned").entry(room.clone()).or_default().push((id, sender.clone()));
    let writer = tokio::spawn(async move {
        while let Some(message) = outgoing.recv().await {
            sink.feed(message).await?;
            while let Ok(message) = outgoing.try_recv() {
                sink.feed(message).await?;
            }
            sink.flush().await?;
        }
        anyhow::Ok(())
    });
    while let Some(Ok(message)) = source.next().await {
        let Message::Binary(frame) = message else { continue };
        if frame.starts_with(&[0, 0]) {
            let _ = sender.send(Message::Binary(Bytes::from_static(&EMPTY_SYNC_STEP2)));
            continue;
        }
        if let Some(members) = rooms.lock().expect("not poisoned").get(&room) {
            for (other, queue) in members {
                if *other != id {
                    let _ = queue.send(Message::Binary(frame.clone()));
                }
            }
        }
    }
    let mut rooms = rooms.lock().expect("not poisoned");
    if let Some(members) = rooms.get_mut(&room) {
        members.retain(|(other, _)| *other != id);
        if members.is_empty() {
            rooms.remove(&room);
        }
    }
    drop(rooms);
    drop(sender);
    writer.abort();
    Ok(())
}
