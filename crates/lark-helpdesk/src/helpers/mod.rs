//! The hand-written helpers: typed requests for the three ticket operations, kept because
//! each adds something a generated call ([`crate::OperationRequest`]) cannot:
//!
//! - [`tickets`]: every ticket of a query past the platform's cap of 10,000 results a
//!   query (the time window is split until each part fits), typed filters, and ticket
//!   statuses, types and channels as enums;
//! - [`ticket_messages`]: a ticket's messages from a time, with the page walk's request
//!   slots kept in page order, and the messages as [`Message`](crate::Message)s;
//! - [`message`]: a message's `content`, JSON encoded once more by the platform, kept as
//!   the literal it was sent as and parsed on demand into text, rich text or an image;
//! - [`ticket`]: the typed ticket of both ticket operations;
//! - [`images`]: which images a listed message or FAQ names, as the parameters of the
//!   download that fetches each (told by the platform only in prose).
//!
//! Every other operation goes through [`crate::operations`] with no code of its own.

pub(crate) mod images;
pub(crate) mod message;
pub(crate) mod ticket;
pub(crate) mod ticket_messages;
pub(crate) mod tickets;
