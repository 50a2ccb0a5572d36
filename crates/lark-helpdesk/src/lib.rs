#![doc = include_str!("../README.md")]

pub mod config;
pub mod credentials;
pub mod error;
pub mod message;
pub mod retry;

mod client;
mod paginate;
mod request;

pub use client::{Client, HELPDESK_AUTH_HEADER};
pub use config::{ClientBuilder, FEISHU_BASE_URL, LARK_BASE_URL};
pub use credentials::{AccessToken, BoxFuture, StaticToken, TokenProvider};
pub use error::{
    ApiError, ApiErrorKind, DecodeError, Error, Result, TransportError, TransportKind,
};
pub use message::{
    JsonStr, JsonString, Message, MessageContent, MessageList, MessageType, PostElement,
    RawMessage, RawTimestamp, TextField, Timestamp,
};
pub use request::{MessageStream, Page, PageStream, TicketMessagesRequest};
pub use retry::RetryPolicy;
