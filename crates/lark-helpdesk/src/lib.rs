#![doc = include_str!("../README.md")]
//!
//! # Where things live
//!
//! Leaves first: `error` (the one [`Error`] type), `clock`, `config` (base URLs, the
//! environment), `retry` ([`RetryPolicy`] and the pure retry decision), `credentials`
//! (tokens, the token cache, the helpdesk credential); then `transport`, the one call
//! path every operation runs through (credentials, retries, tracing, error mapping);
//! `paginate`, the page walk above it; the models (`message`, `ticket`) and the
//! operations (`ticket_messages`, `tickets`); and `client`, the [`Client`] and its builder, on top. Every public
//! item is re-exported here, and only here.

mod client;
mod clock;
mod config;
mod credentials;
mod error;
mod limiter;
mod message;
mod operations;
mod paginate;
mod retry;
mod ticket;
mod ticket_messages;
mod tickets;
mod transport;

pub use client::{Client, ClientBuilder, Typed};
pub use clock::{Clock, ManualClock, SystemClock};
pub use config::{
    DEFAULT_REFRESH_MARGIN, DEFAULT_TIMEOUT, FEISHU_BASE_URL, LARK_BASE_URL, env, validate_base_url,
};
pub use credentials::{
    AccessToken, AppCredentials, BoxFuture, HelpdeskCredential, StaticToken, TokenProvider,
};
pub use error::{
    ApiError, ApiErrorKind, DecodeError, Error, PaginationError, PaginationErrorKind, Result,
    TransportError, TransportKind,
};
pub use lark_helpdesk_api::{Operation, Pagination, TokenKind, ops};
pub use limiter::{Limits, MAX_IN_FLIGHT};
pub use message::{Message, MessageContent, MessageType, PostElement, Timestamp};
pub use operations::{Download, ItemStream, OperationRequest, Response};
pub use retry::RetryPolicy;
pub use ticket::{
    Channel, CustomizedField, I18nText, Ticket, TicketComment, TicketStatus, TicketTag, TicketType,
    TicketUser,
};
pub use ticket_messages::{MessageStream, Page, PageStream, TicketMessagesRequest};
pub use tickets::{LIST_TICKETS_CAP, TicketPage, TicketRequest, TicketStream, TicketsRequest};
pub use transport::HELPDESK_AUTH_HEADER;
