//! The "get ticket messages" request: one page, or every page as a stream.

use std::sync::Arc;
use std::time::Duration;

use futures::TryStreamExt;
use futures::stream::BoxStream;
use lark_helpdesk_api::{OP_LIST_TICKET_MESSAGES, limits};

use crate::client::Client;
use crate::error::{DecodeError, Error};
use crate::message::Message;
use crate::paginate::Gate;

/// The messages of a ticket, page after page: from [`TicketMessagesRequest::stream`].
pub type MessageStream = BoxStream<'static, Result<Message, Error>>;

/// The pages of a ticket: from [`TicketMessagesRequest::pages`].
pub type PageStream = BoxStream<'static, Result<Page, Error>>;

/// One page of a ticket's messages.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Page {
    /// The messages on this page, in the platform's order.
    pub messages: Vec<Message>,
    /// The number of messages of the ticket (within the time range), if sent.
    pub total: Option<u64>,
    /// The page number (from 1).
    pub page: u64,
    /// The page size asked for.
    pub page_size: u64,
    log_id: Option<String>,
}

impl Page {
    /// The log id of the answer (`X-Tt-Logid`).
    pub fn log_id(&self) -> Option<&str> {
        self.log_id.as_deref()
    }

    /// Whether no page follows this one: it is short or empty, or reaches `total`.
    pub fn is_last(&self) -> bool {
        (self.messages.len() as u64) < self.page_size
            || self
                .total
                .is_some_and(|total| self.page.saturating_mul(self.page_size) >= total)
    }
}

/// The validated parameters of one page request.
#[derive(Debug, Clone)]
pub(crate) struct Query {
    pub(crate) ticket_id: String,
    pub(crate) page: u64,
    pub(crate) page_size: u64,
    pub(crate) time_start: Option<i64>,
    pub(crate) time_end: Option<i64>,
    pub(crate) timeout: Duration,
    /// In a page walk: the request slots shared by its pages (`concurrency` of them).
    pub(crate) gate: Option<Arc<Gate>>,
}

/// A request for the messages of a ticket; from [`Client::ticket_messages`].
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until sent or streamed"]
pub struct TicketMessagesRequest {
    client: Client,
    ticket_id: String,
    time_start: Option<i64>,
    time_end: Option<i64>,
    page: Option<u64>,
    page_size: Option<u64>,
    timeout: Option<Duration>,
    concurrency: usize,
}

impl TicketMessagesRequest {
    pub(crate) fn new(client: Client, ticket_id: String) -> Self {
        TicketMessagesRequest {
            client,
            ticket_id,
            time_start: None,
            time_end: None,
            page: None,
            page_size: None,
            timeout: None,
            concurrency: 1,
        }
    }

    /// Only messages created within `start..=end`, both Unix seconds.
    pub fn time_range(mut self, start: i64, end: i64) -> Self {
        self.time_start = Some(start);
        self.time_end = Some(end);
        self
    }

    /// Only messages created at or after `start` (Unix seconds).
    pub fn since(mut self, start: i64) -> Self {
        self.time_start = Some(start);
        self
    }

    /// Only messages created at or before `end` (Unix seconds).
    pub fn until(mut self, end: i64) -> Self {
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

    /// For [`stream`](Self::stream) and [`pages`](Self::pages): how many pages to fetch at
    /// once once `total` is known (1 by default). Pages are fetched and decoded on their
    /// own tasks, ahead of the caller: besides the page being handled, at most this many
    /// wait for an answer, and two more are held (one being decoded, one waiting to send
    /// its request the moment an answer comes in). Messages still come in order.
    pub fn concurrency(mut self, pages: usize) -> Self {
        self.concurrency = pages.max(1);
        self
    }

    fn query(&self, default_page_size: u64) -> Result<Query, Error> {
        let id = self.ticket_id.as_str();
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
        let page = self.page.unwrap_or(1);
        if page < limits::PAGE_MIN {
            return Err(Error::invalid("page", "pages start at 1"));
        }
        let page_size = self.page_size.unwrap_or(default_page_size);
        if !(limits::PAGE_SIZE_MIN..=limits::PAGE_SIZE_MAX).contains(&page_size) {
            return Err(Error::invalid(
                "page_size",
                format!(
                    "{page_size} is outside {}..={}",
                    limits::PAGE_SIZE_MIN,
                    limits::PAGE_SIZE_MAX
                ),
            ));
        }
        if let (Some(start), Some(end)) = (self.time_start, self.time_end)
            && start > end
        {
            return Err(Error::invalid(
                "time_range",
                format!("start {start} is after end {end}"),
            ));
        }
        for (field, value) in [("time_start", self.time_start), ("time_end", self.time_end)] {
            if value.is_some_and(|v| v < 0) {
                return Err(Error::invalid(field, "Unix seconds cannot be negative"));
            }
        }
        Ok(Query {
            ticket_id: self.ticket_id.clone(),
            page,
            page_size,
            time_start: self.time_start,
            time_end: self.time_end,
            timeout: self
                .timeout
                .unwrap_or_else(|| self.client.default_timeout()),
            gate: None,
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
        let query = self.query(limits::PAGE_SIZE_DEFAULT)?;
        fetch_page(&self.client, &query).await
    }

    /// Every message from the first page on, as a stream that fetches pages as it goes.
    ///
    /// It stops at `total`, or on a short or empty page; it never yields a message id
    /// twice and fails with [`Error::Pagination`] rather than loop when the platform
    /// repeats a page. The first error ends the stream.
    pub fn stream(self) -> MessageStream {
        let query = self.query(limits::PAGE_SIZE_MAX);
        Box::pin(crate::paginate::messages(
            self.client,
            query,
            self.concurrency,
        ))
    }

    /// Every page from the first on, as [`stream`](Self::stream) walks them: for progress
    /// (each page carries `total`) or batch processing. Messages already yielded on an
    /// earlier page are left out of later ones.
    pub fn pages(self) -> PageStream {
        let query = self.query(limits::PAGE_SIZE_MAX);
        Box::pin(crate::paginate::pages(self.client, query, self.concurrency))
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

/// Fetches and converts one page.
pub(crate) async fn fetch_page(client: &Client, query: &Query) -> Result<Page, Error> {
    let (data, log_id) = client.list_page(query).await?;
    let total = match data.total {
        None => None,
        Some(t) => Some(u64::try_from(t).map_err(|_| {
            DecodeError::of_page(
                OP_LIST_TICKET_MESSAGES,
                log_id.clone(),
                format!("negative total {t}"),
            )
        })?),
    };
    let messages = Message::from_list(data.messages.unwrap_or_default()).map_err(|e| match e {
        Error::Decode(mut d) => {
            // Only a 200 carries messages.
            d.status = Some(reqwest::StatusCode::OK);
            d.log_id = log_id.clone();
            Error::Decode(d)
        }
        other => other,
    })?;
    Ok(Page {
        messages,
        total,
        page: query.page,
        page_size: query.page_size,
        log_id,
    })
}
