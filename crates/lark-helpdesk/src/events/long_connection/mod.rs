//! The long connection (WebSocket) of a self-built app: [`LongConnection`].

mod client;
mod endpoint;
mod fragments;
mod frame;
mod handshake;
mod settings;

pub use client::{
    ConnectionState, DEFAULT_EVENT_CONCURRENCY, DEFAULT_PING_TIMEOUT_MARGIN, DisconnectReason,
    LongConnection,
};
