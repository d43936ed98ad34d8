//! kinplan's live documents: the WebSocket connections, each document's core and the task that
//! serves it, the meeting events that reach them, and the fan-out between nodes. No HTTP routing
//! (the server crate hands an upgraded connection over) and no SQL (storage is the store crate's).

pub mod admission;
pub mod close;
pub mod connection;
pub mod documents;
pub mod events;
pub mod fanout;
pub mod open_documents;
pub mod stats;
pub mod sync_access;
pub mod websocket;

use kinplan_domain as domain;
use kinplan_domain::{access, auth, secrets};
use kinplan_store as store;
