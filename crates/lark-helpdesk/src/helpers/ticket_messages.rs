//! "Get ticket messages": one page, or every page as a stream.

use std::num::NonZeroU64;
use std::sync::Arc;
use std::time::Duration;

use futures::stream::BoxStream;
use futures::{StreamExt, TryStreamExt};

use crate::error::{DecodeError, Error};
use crate::helpers::message::{Message, OP_LIST_TICKET_MESSAGES};
use crate::paginate::{self, Batch, PAGE_SIZE_MAX, PageSlot, Walk};
use crate::transport::{Admission, Call, Transport};

/// The page size `send` asks for when unset, the spec's default (the conformance harness
/// checks it against the spec).
const PAGE_SIZE_DEFAULT: u64 = 20;

/// The messages of a ticket, page after page: from [`TicketMessagesRequest::stream`].
pub type MessageStream = BoxStream<'static, Result<Message, Error>>;

/// The pages of a ticket: from [`TicketMessagesRequest::pages`].
pub type PageStream = BoxStream<'static, Result<Page, Error>>;

/// One page of a ticket's messages.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Page {
    /// The messages on this page, in the platform's order (in a walk, without those
    /// yielded on an earlier page).
    pub messages: Vec<Message>,
    /// The number of messages of the ticket (within the time range), if sent.
    pub total: Option<u64>,
    /// The page number (from 1).
    pub page: u64,
    /// The page size asked for.
    pub page_size: u64,
    received: usize,
    log_id: Option<String>,
}

impl Page {
    /// The log id of the answer (`X-Tt-Logid`).
    pub fn log_id(&self) -> Option<&str> {
        self.log_id.as_deref()
    }

    /// Whether no page follows this one: the answer was short or empty (however many of
    /// its messages a walk left out as repeats), or reaches `total`.
    pub fn is_last(&self) -> bool {
        (self.received as u64) < self.page_size
            || self
                .total
                .is_some_and(|total| self.page.saturating_mul(self.page_size) >= total)
    }
}

impl From<Batch<Message>> for Page {
    fn from(b: Batch<Message>) -> Self {
        Page {
            messages: b.items,
            total: b.total,
            page: b.page,
            page_size: b.page_size,
            received: b.received,
            log_id: b.log_id,
        }
    }
}

/// The validated parameters of one page request.
#[derive(Debug, Clone)]
struct Query {
    transport: Arc<Transport>,
    ticket_id: String,
    page: u64,
    page_size: u64,
    time_start: Option<i64>,
    time_end: Option<i64>,
    timeout: Option<Duration>,
}

/// A request for the messages of a ticket; from
/// [`Client::ticket_messages`](crate::Client::ticket_messages).
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until sent or streamed"]
pub struct TicketMessagesRequest {
    transport: Arc<Transport>,
    ticket_id: String,
    time_start: Option<jiff::Timestamp>,
    time_end: Option<jiff::Timestamp>,
    page: Option<u64>,
    page_size: Option<u64>,
    timeout: Option<Duration>,
    concurrency: Option<usize>,
}

impl TicketMessagesRequest {
    pub(crate) fn new(transport: Arc<Transport>, ticket_id: String) -> Self {
        TicketMessagesRequest {
            transport,
            ticket_id,
            time_start: None,
            time_end: None,
            page: None,
            page_size: None,
            timeout: None,
            concurrency: None,
        }
    }

    /// Only messages created within `start..=end`.
    ///
    /// The platform takes whole Unix seconds here (`time_start`, `time_end`; its examples
    /// are seconds, while message times are milliseconds): `start` is sent rounded down,
    /// `end` rounded up, so that no message of the range is left out.
    pub fn time_range(self, start: jiff::Timestamp, end: jiff::Timestamp) -> Self {
        self.since(start).until(end)
    }

    /// Only messages created at or after `start` (sent as Unix seconds, rounded down).
    pub fn since(mut self, start: jiff::Timestamp) -> Self {
        self.time_start = Some(start);
        self
    }

    /// Only messages created at or before `end` (sent as Unix seconds, rounded up).
    pub fn until(mut self, end: jiff::Timestamp) -> Self {
        self.time_end = Some(end);
        self
    }

    /// The page to get (from 1; 1 by default). For [`stream`](Self::stream), the first one.
    pub fn page(mut self, page: u64) -> Self {
        self.page = Some(page);
        self
    }

    /// Messages per page, 1 to 200. [`send`](Self::send) asks for the platform's default
    /// (20) when unset; [`stream`](Self::stream) asks for 200, the fewest requests.
    pub fn page_size(mut self, page_size: u64) -> Self {
        self.page_size = Some(page_size);
        self
    }

    /// The timeout of each attempt of this request (the client's by default).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// For [`stream`](Self::stream) and [`pages`](Self::pages): a fixed number of pages to
    /// fetch at once once `total` is known. Unset, the client's limiter decides (see
    /// [`ClientBuilder::limits`](crate::ClientBuilder::limits)): it adapts the number to the
    /// platform's rate limit. Pages are fetched and decoded on their
    /// own tasks, ahead of the caller: besides the page being handled, at most this many
    /// wait for an answer, and two more are held (one being decoded, one waiting to send
    /// its request the moment an answer comes in). Messages still come in order.
    pub fn concurrency(mut self, pages: usize) -> Self {
        self.concurrency = Some(pages.max(1));
        self
    }

    fn query(&self, default_page_size: u64) -> Result<Query, Error> {
        check_ticket_id(&self.ticket_id)?;
        let (page, page_size) = paginate::paging(self.page, self.page_size, default_page_size)?;
        if let (Some(start), Some(end)) = (self.time_start, self.time_end)
            && start > end
        {
            return Err(Error::invalid(
                "time_range",
                format!("start {start} is after end {end}"),
            ));
        }
        for (field, value) in [("time_start", self.time_start), ("time_end", self.time_end)] {
            if value.is_some_and(|v| v < jiff::Timestamp::UNIX_EPOCH) {
                return Err(Error::invalid(field, "times before 1970 cannot be sent"));
            }
        }
        // Seconds, rounded outwards: the range sent holds every millisecond asked for.
        let end_seconds = |t: jiff::Timestamp| {
            let s = t.as_second();
            if t.subsec_nanosecond() > 0 { s + 1 } else { s }
        };
        Ok(Query {
            transport: Arc::clone(&self.transport),
            ticket_id: self.ticket_id.clone(),
            page,
            page_size,
            time_start: self.time_start.map(|t| t.as_second()),
            time_end: self.time_end.map(end_seconds),
            timeout: self.timeout,
        })
    }

    /// Gets one page.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] before sending when the ticket id is empty or cannot be one
    /// path segment, `page` is 0, `page_size` is outside 1..=200, or the time range is
    /// reversed; otherwise any [`Error`] left once retries are spent.
    pub async fn send(self) -> Result<Page, Error> {
        let query = self.query(PAGE_SIZE_DEFAULT)?;
        Ok(query.fetch(None).await?.into())
    }

    /// Every message from the first page on, as a stream that fetches pages as it goes.
    ///
    /// It stops at `total`, or on a short or empty page; it never yields a message id
    /// twice and fails with [`Error::Pagination`] rather than loop when the platform
    /// repeats a page. The first error ends the stream.
    pub fn stream(self) -> MessageStream {
        self.pages()
            .map_ok(|page| futures::stream::iter(page.messages.into_iter().map(Ok)))
            .try_flatten()
            .boxed()
    }

    /// Every page from the first on, as [`stream`](Self::stream) walks them: for progress
    /// (each page carries `total`) or batch processing. Messages already yielded on an
    /// earlier page are left out of later ones.
    pub fn pages(self) -> PageStream {
        match self.query(PAGE_SIZE_MAX) {
            Ok(query) => {
                let first = query.page;
                paginate::pages(Arc::new(query), first, self.concurrency)
                    .map_ok(Page::from)
                    .boxed()
            }
            // Refused before anything is sent: the error is the only item.
            Err(e) => futures::stream::once(async move { Err(e) }).boxed(),
        }
    }

    /// Every message, collected (a convenience over [`stream`](Self::stream)).
    ///
    /// # Errors
    ///
    /// As [`stream`](Self::stream).
    pub async fn collect_all(self) -> Result<Vec<Message>, Error> {
        self.stream().try_collect().await
    }
}

/// Refuses a ticket id that cannot be sent as one path segment.
pub(crate) fn check_ticket_id(id: &str) -> Result<(), Error> {
    if id.is_empty() {
        return Err(Error::invalid("ticket_id", "must not be empty"));
    }
    // The generated client percent-encodes the id as one path segment, but a URL parser
    // still gives `.`/`..` and `\` a meaning of their own: refuse them.
    if id == "." || id == ".." || id.contains('\\') {
        return Err(Error::invalid(
            "ticket_id",
            format!("{id:?} cannot be sent as one path segment"),
        ));
    }
    Ok(())
}

impl Query {
    /// Fetches page `self.page`, each attempt waiting for `slot` first when given.
    async fn fetch(&self, slot: Option<&dyn Admission>) -> Result<Batch<Message>, Error> {
        let call = Call {
            admission: slot,
            page: Some(self.page),
            timeout: self.timeout,
            ..Call::of(&lark_helpdesk_api::ops::LIST_TICKET_MESSAGES)
        };
        let answer = self
            .transport
            .call(call, |api| async move {
                api.list_ticket_messages(
                    &self.ticket_id,
                    NonZeroU64::new(self.page),
                    NonZeroU64::new(self.page_size),
                    self.time_end,
                    self.time_start,
                )
                .await
            })
            .await?;
        let log_id = answer.log_id;
        let data = answer.body.data.unwrap_or_default();
        let bad =
            |reason: String| DecodeError::of_page(OP_LIST_TICKET_MESSAGES, log_id.clone(), reason);
        let total = match data.total {
            None => None,
            Some(t) => Some(u64::try_from(t).map_err(|_| bad(format!("negative total {t}")))?),
        };
        let received = data.messages.unwrap_or_default();
        let count = received.len();
        let mut items = Vec::with_capacity(count);
        for message in received {
            items.push(Message::try_from(message).map_err(|e| match e {
                Error::Decode(mut d) => {
                    d.log_id = log_id.clone();
                    Error::Decode(d)
                }
                other => other,
            })?);
        }
        Ok(Batch {
            items,
            received: count,
            total,
            page: self.page,
            page_size: self.page_size,
            log_id,
        })
    }
}

impl Walk for Query {
    type Item = Message;

    async fn fetch(self: Arc<Self>, page: u64, slot: PageSlot) -> Result<Batch<Message>, Error> {
        let mut query = (*self).clone();
        query.page = page;
        query.fetch(Some(&slot)).await
    }

    fn id(message: &Message) -> &str {
        message.id()
    }

    fn describe(&self) -> String {
        format!("ticket {}", self.ticket_id)
    }
}
