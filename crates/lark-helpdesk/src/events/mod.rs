//! Events the platform pushes: [`Event`] (either schema, typed on demand from the spec's
//! event table), and the [`LongConnection`] that receives them over a WebSocket.

mod event;
mod long_connection;

pub(crate) use event::Parsed;
pub use event::{Event, EventError, EventSchema};
pub use long_connection::{
    ConnectionState, DEFAULT_EVENT_CONCURRENCY, DEFAULT_PING_TIMEOUT_MARGIN, DisconnectReason,
    LongConnection,
};
