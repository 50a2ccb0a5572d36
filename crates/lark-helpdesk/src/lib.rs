#![doc = include_str!("../README.md")]
//!
//! # Where things live
//!
//! The generic machinery, leaves first: `error` (the one [`Error`] type), `clock`,
//! `config` (base URLs, the environment), `retry` ([`RetryPolicy`] and the pure retry
//! decision), `credentials` (tokens, the token cache, the helpdesk credential), `limiter`;
//! then `transport`, the one call path every operation runs through (the token kind the
//! operation takes, retries that never apply a write twice, tracing, error mapping);
//! `paginate`, the page walk above it; `operations/`, any operation of the spec from the
//! operation table `cargo xtask regen` writes ([`ops`]); and `client`, the [`Client`] and
//! its builder, on top.
//!
//! `events/` receives what the platform pushes: the [`Event`] itself, then for HTTP
//! callbacks the envelope's cryptography ([`decrypt_event`], [`event_signature`]), the
//! memory of ids already taken ([`Dedup`]), the sans-IO [`Receiver`] and a ready server
//! around it ([`serve`]); `docs/events.md` says what is checked and answered.
//! The [`LongConnection`] receives events over a WebSocket
//! (`docs/events-long-connection.md` in the repository).
//!
//! `helpers/` holds the few hand-written, typed helpers (the ticket listing past the
//! 10,000 cap, a ticket's messages and their content), each kept for what a generated
//! call cannot do. Every public item is re-exported here, and only here.

mod client;
mod clock;
mod config;
mod credentials;
mod error;
mod events;
mod helpers;
mod limiter;
mod operations;
mod paginate;
mod retry;
mod transport;
mod user;

pub use client::{Client, ClientBuilder, Typed};
pub use clock::{Clock, ManualClock, SystemClock};
pub use config::{
    DEFAULT_REFRESH_MARGIN, DEFAULT_TIMEOUT, FEISHU_BASE_URL, LARK_BASE_URL, env, validate_base_url,
};
pub use credentials::{
    AccessToken, AppCredentials, BoxFuture, HelpdeskCredential, StaticToken, TokenProvider,
};
pub use error::{
    ApiError, ApiErrorKind, DecodeError, Error, LongConnectionError, PaginationError,
    PaginationErrorKind, Result, TransportError, TransportKind, UserAction, UserAuthError,
};
pub use events::{
    ConnectionState, DEDUP_CAPACITY, DEDUP_WINDOW, DEFAULT_EVENT_CONCURRENCY,
    DEFAULT_MAX_BODY_BYTES, DEFAULT_PING_TIMEOUT_MARGIN, DecryptError, Dedup, DisconnectReason,
    Event, EventError, EventSchema, LongConnection, NONCE_HEADER, Receipt, Received, Receiver,
    ReceiverConfig, Refusal, Reply, SIGNATURE_HEADER, ServeOptions, TIMESTAMP_HEADER,
    decrypt_event, encrypt_event, event_signature, serve, serve_with, verify_event_signature,
};
pub use helpers::images::{ItemImage, item_images};
pub use helpers::message::{Message, MessageContent, MessageType, PostElement, Timestamp};
pub use helpers::ticket::{
    Channel, CustomizedField, I18nText, Ticket, TicketComment, TicketStatus, TicketTag, TicketType,
    TicketUser,
};
pub use helpers::ticket_messages::{MessageStream, Page, PageStream, TicketMessagesRequest};
pub use helpers::tickets::{
    LIST_TICKETS_CAP, TicketPage, TicketRequest, TicketStream, TicketsRequest,
};
pub use lark_helpdesk_api::ops::EventData;
pub use lark_helpdesk_api::{
    EventKind, Export, Operation, Pagination, Subscription, TokenKind, ops,
};
pub use limiter::{Limits, MAX_IN_FLIGHT};
pub use operations::{Download, ItemStream, OperationRequest, Response};
pub use retry::RetryPolicy;
pub use transport::HELPDESK_AUTH_HEADER;
pub use user::{
    AuthorizationRequest, DeviceAuthorization, FileStore, Grant, MemoryStore, OAuthApp,
    SIGN_IN_LIFETIME, StoreError, StoredTokens, TokenStore, USER_REFRESH_MARGIN, UserInfo,
    UserTokens, accounts_url_for, pkce_challenge, sign_in, stored_from_grant,
};
