//! kinplan's server: live Yjs documents over WebSockets, committed durably before anyone sees a
//! change. `main.rs` only calls [`cli::main`]; tests build an [`app::Application`] directly.

pub mod api;
pub mod app;
pub mod cli;
pub mod client_address;
pub mod config;
pub mod edges;
pub mod http;
pub mod live_documents;
pub mod operator;
pub mod operator_records;
pub mod operator_sar;
pub mod rate_limit;
pub mod state;
pub mod upgrade;

pub use kinplan_domain as domain;
pub use kinplan_domain::{access, auth, plan, secrets, time};
pub use kinplan_live::{
    admission, close, connection, documents, events, fanout, open_documents, stats, sync_access, websocket,
};
pub use kinplan_store as store;

pub use app::Application;
pub use config::ServeConfig;
