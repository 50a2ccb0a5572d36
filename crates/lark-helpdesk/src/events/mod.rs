//! Events the platform pushes: [`Event`] (either schema, typed on demand from the spec's
//! event table), [`Client::subscribe_events`](crate::Client::subscribe_events)
//! (`subscribe`), and their HTTP callbacks: the cryptography (`crypto`), the memory of
//! ids already taken (`dedup`), the sans-IO [`Receiver`] (`receiver`) and a ready server
//! for it (`http`), each module using only those before it; and the [`LongConnection`]
//! that receives them over a WebSocket (`long_connection`).

mod crypto;
mod dedup;
mod event;
mod http;
mod long_connection;
mod receiver;
mod subscribe;

pub use crypto::{
    DecryptError, decrypt_event, encrypt_event, event_signature, verify_event_signature,
};
pub use dedup::{DEDUP_CAPACITY, DEDUP_WINDOW, Dedup};
pub(crate) use event::Parsed;
pub use event::{Event, EventError, EventSchema};
pub use http::{ServeOptions, serve, serve_with};
pub use long_connection::{
    ConnectionState, DEFAULT_EVENT_CONCURRENCY, DEFAULT_PING_TIMEOUT_MARGIN, DisconnectReason,
    LongConnection,
};
pub use receiver::{
    DEFAULT_MAX_BODY_BYTES, NONCE_HEADER, Receipt, Received, Receiver, ReceiverConfig, Refusal,
    Reply, SIGNATURE_HEADER, TIMESTAMP_HEADER,
};
