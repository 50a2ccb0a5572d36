//! "List tickets" and "get a ticket": one page, every ticket of a query as a stream
//! (split by time past the platform's cap of 10,000 results a query), or one ticket.

use std::collections::{HashSet, VecDeque};
use std::num::NonZeroU64;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::stream::{BoxStream, StreamExt, TryStreamExt};
use lark_helpdesk_api::types;
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::error::{DecodeError, Error, PaginationError, PaginationErrorKind};
use crate::helpers::ticket::{Channel, Ticket, TicketStatus, TicketType};
use crate::paginate::{self, Batch, PAGE_SIZE_MAX, PageSlot, Walk};
use crate::transport::{Admission, Answer, Call, Transport};

const OP_LIST_TICKETS: &str = "list_tickets";
const OP_GET_TICKET: &str = "get_ticket";
const PAGE_SIZE_DEFAULT: u64 = 20;

/// The most results the platform pages through for one query of "list tickets".
pub const LIST_TICKETS_CAP: u64 = 10_000;

/// Every ticket of a query: from [`TicketsRequest::stream`].
pub type TicketStream = BoxStream<'static, Result<Ticket, Error>>;

/// One page of tickets: from [`TicketsRequest::send`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct TicketPage {
    /// The tickets on this page, in the platform's order.
    pub tickets: Vec<Ticket>,
    /// The number of tickets matching the query, if sent (the platform pages through at
    /// most [`LIST_TICKETS_CAP`] of them).
    pub total: Option<u64>,
    /// The page number (from 1).
    pub page: u64,
    /// The page size asked for.
    pub page_size: u64,
    log_id: Option<String>,
}

impl TicketPage {
    /// The log id of the answer (`X-Tt-Logid`).
    pub fn log_id(&self) -> Option<&str> {
        self.log_id.as_deref()
    }
}

/// A time window of a query, in Unix milliseconds, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Window {
    start: i64,
    end: i64,
}

impl Window {
    /// The two halves of a window of two milliseconds or more, the earlier first.
    fn split(self) -> Option<(Window, Window)> {
        (self.end > self.start).then(|| {
            let mid = self.start + (self.end - self.start) / 2;
            (
                Window {
                    start: self.start,
                    end: mid,
                },
                Window {
                    start: mid + 1,
                    end: self.end,
                },
            )
        })
    }
}

/// Which time a window filters on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum On {
    Created,
    Updated,
}

/// The filters of a ticket query, as sent.
#[derive(Debug, Clone, Default)]
struct Filters {
    ticket_id: Option<String>,
    agent_id: Option<String>,
    closed_by_id: Option<String>,
    ticket_type: Option<i32>,
    channel: Option<i32>,
    solved: Option<i32>,
    score: Option<i32>,
    statuses: Vec<i32>,
    guest_name: Option<String>,
    guest_id: Option<String>,
    tags: Vec<String>,
    created: Option<Window>,
    updated: Option<Window>,
}

/// A request for the tickets of the helpdesk; from
/// [`Client::tickets`](crate::Client::tickets).
///
/// Filters left unset are not sent. A time window needs both ends on the platform: an
/// unset start is the Unix epoch, an unset end the moment the request is sent (or
/// streamed). Times are sent as Unix milliseconds, rounded outwards.
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until sent or streamed"]
pub struct TicketsRequest {
    transport: Arc<Transport>,
    filters: Filters,
    created: (Option<jiff::Timestamp>, Option<jiff::Timestamp>),
    updated: (Option<jiff::Timestamp>, Option<jiff::Timestamp>),
    page: Option<u64>,
    page_size: Option<u64>,
    timeout: Option<Duration>,
    concurrency: Option<usize>,
}

impl TicketsRequest {
    pub(crate) fn new(transport: Arc<Transport>) -> Self {
        TicketsRequest {
            transport,
            filters: Filters::default(),
            created: (None, None),
            updated: (None, None),
            page: None,
            page_size: None,
            timeout: None,
            concurrency: None,
        }
    }

    /// Only this ticket.
    pub fn ticket_id(mut self, id: impl Into<String>) -> Self {
        self.filters.ticket_id = Some(id.into());
        self
    }

    /// Only tickets of this agent (user id).
    pub fn agent_id(mut self, id: impl Into<String>) -> Self {
        self.filters.agent_id = Some(id.into());
        self
    }

    /// Only tickets closed by this user (user id).
    pub fn closed_by_id(mut self, id: impl Into<String>) -> Self {
        self.filters.closed_by_id = Some(id.into());
        self
    }

    /// Only bot or only human tickets.
    pub fn ticket_type(mut self, ticket_type: TicketType) -> Self {
        self.filters.ticket_type = Some(ticket_type.code());
        self
    }

    /// Only tickets of this channel.
    pub fn channel(mut self, channel: Channel) -> Self {
        self.filters.channel = Some(channel.code());
        self
    }

    /// Only solved (`true`) or unsolved (`false`) tickets.
    pub fn solved(mut self, solved: bool) -> Self {
        self.filters.solved = Some(if solved { 2 } else { 1 });
        self
    }

    /// Only tickets with this satisfaction score (1 dissatisfied, 2 neutral, 3
    /// satisfied).
    pub fn score(mut self, score: i32) -> Self {
        self.filters.score = Some(score);
        self
    }

    /// Also tickets in this status (repeatable; unset: every status).
    pub fn status(mut self, status: TicketStatus) -> Self {
        self.filters.statuses.push(status.code());
        self
    }

    /// Only tickets of a user of this name.
    pub fn guest_name(mut self, name: impl Into<String>) -> Self {
        self.filters.guest_name = Some(name.into());
        self
    }

    /// Only tickets of this user (open id).
    pub fn guest_id(mut self, id: impl Into<String>) -> Self {
        self.filters.guest_id = Some(id.into());
        self
    }

    /// Also tickets with this tag (repeatable).
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.filters.tags.push(tag.into());
        self
    }

    /// Only tickets created at or after `start`.
    pub fn created_since(mut self, start: jiff::Timestamp) -> Self {
        self.created.0 = Some(start);
        self
    }

    /// Only tickets created at or before `end`.
    pub fn created_until(mut self, end: jiff::Timestamp) -> Self {
        self.created.1 = Some(end);
        self
    }

    /// Only tickets updated at or after `start`.
    pub fn updated_since(mut self, start: jiff::Timestamp) -> Self {
        self.updated.0 = Some(start);
        self
    }

    /// Only tickets updated at or before `end`.
    pub fn updated_until(mut self, end: jiff::Timestamp) -> Self {
        self.updated.1 = Some(end);
        self
    }

    /// The page to get (from 1; 1 by default). For [`stream`](Self::stream), ignored: a
    /// stream walks every page.
    pub fn page(mut self, page: u64) -> Self {
        self.page = Some(page);
        self
    }

    /// Tickets per page, 1 to 200. [`send`](Self::send) asks for the platform's default
    /// (20) when unset; [`stream`](Self::stream) asks for 200.
    pub fn page_size(mut self, page_size: u64) -> Self {
        self.page_size = Some(page_size);
        self
    }

    /// The timeout of each attempt (the client's by default).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// For [`stream`](Self::stream): a fixed number of pages to fetch at once; unset, the
    /// client's limiter adapts it, as for messages.
    pub fn concurrency(mut self, pages: usize) -> Self {
        self.concurrency = Some(pages.max(1));
        self
    }

    fn query(&self, default_page_size: u64) -> Result<Query, Error> {
        let (page, page_size) = paginate::paging(self.page, self.page_size, default_page_size)?;
        let mut filters = self.filters.clone();
        filters.created = window("created", self.created)?;
        filters.updated = window("updated", self.updated)?;
        Ok(Query {
            transport: Arc::clone(&self.transport),
            filters,
            page,
            page_size,
            timeout: self.timeout,
        })
    }

    /// Gets one page.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] before sending when `page` is 0, `page_size` is outside
    /// 1..=200 or a window is reversed or before 1970; otherwise any [`Error`] left once
    /// retries are spent.
    pub async fn send(self) -> Result<TicketPage, Error> {
        let query = self.query(PAGE_SIZE_DEFAULT)?;
        let batch = query.fetch(None).await?;
        Ok(TicketPage {
            tickets: batch.items,
            total: batch.total,
            page: batch.page,
            page_size: batch.page_size,
            log_id: batch.log_id,
        })
    }

    /// Every ticket of the query, as a stream that fetches pages as it goes.
    ///
    /// Past the platform's cap (a query with [`LIST_TICKETS_CAP`] or more results,
    /// however the platform reports it), the query's time window is split in halves, and
    /// each half walked (or split again) in time order, so that every ticket comes
    /// exactly once. The window split is the created-time window, or the updated-time
    /// one when only that is set; without either, the created-time window from the
    /// epoch to now. Each part (at most 10,000 tickets, so that is what the stream holds
    /// at most) is read whole before it is yielded: with a created-time window, sorted by
    /// creation time; otherwise in the platform's order, without the tickets an earlier
    /// part yielded (a ticket updated during the walk moves between parts). Without
    /// `total`, a part that turns out to hold 10,000 tickets is split as well. A single
    /// millisecond holding 10,000 or more tickets ends the stream with
    /// [`Error::Pagination`] ([`PaginationErrorKind::CapReached`]), never a silent cut.
    pub fn stream(self) -> TicketStream {
        let query = match self.query(PAGE_SIZE_MAX) {
            Ok(mut query) => {
                query.page = 1;
                query
            }
            Err(e) => return futures::stream::once(async move { Err(e) }).boxed(),
        };
        let concurrency = self.concurrency;
        let walks = Walks {
            pending: VecDeque::from([query]),
            concurrency,
            yielded: Arc::default(),
        };
        futures::stream::try_unfold(walks, |mut walks| async move {
            let part = walks.next_part().await?;
            Ok::<_, Error>(part.map(|part| (part, walks)))
        })
        .try_flatten()
        .boxed()
    }

    /// Every ticket of the query, collected (a convenience over
    /// [`stream`](Self::stream)).
    ///
    /// # Errors
    ///
    /// As [`stream`](Self::stream).
    pub async fn collect_all(self) -> Result<Vec<Ticket>, Error> {
        self.stream().try_collect().await
    }
}

/// A window from what the caller set: an unset start is the epoch, an unset end now.
fn window(
    which: &'static str,
    (start, end): (Option<jiff::Timestamp>, Option<jiff::Timestamp>),
) -> Result<Option<Window>, Error> {
    if start.is_none() && end.is_none() {
        return Ok(None);
    }
    let start = start.unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let end = end.unwrap_or_else(jiff::Timestamp::now);
    let field = if which == "created" {
        "created_window"
    } else {
        "updated_window"
    };
    if start > end {
        return Err(Error::invalid(
            field,
            format!("start {start} is after end {end}"),
        ));
    }
    if start < jiff::Timestamp::UNIX_EPOCH {
        return Err(Error::invalid(field, "times before 1970 cannot be sent"));
    }
    // Milliseconds, rounded outwards: the window sent holds every instant asked for.
    let end_ms = end.as_millisecond() + i64::from(end.subsec_nanosecond() % 1_000_000 > 0);
    Ok(Some(Window {
        start: start.as_millisecond(),
        end: end_ms,
    }))
}

/// The parts of a stream still to walk, and the one being walked.
struct Walks {
    /// Queries (windows) not yet walked, earliest first.
    pending: VecDeque<Query>,
    concurrency: Option<usize>,
    /// Ticket ids yielded by earlier parts of a walk split on the updated time: a ticket
    /// updated during the walk moves into a later part, and comes once all the same.
    /// (Parts of a created-time split cannot share a ticket.)
    yielded: Arc<Mutex<HashSet<String>>>,
}

impl Walks {
    /// Splits `query`'s window in halves, walked earliest first; an error when it is one
    /// millisecond already.
    fn split(&mut self, query: Query, total: Option<u64>) -> Result<(), Error> {
        let (on, window) = query.split_window();
        let Some((early, late)) = window.split() else {
            return Err(Error::Pagination(PaginationError {
                walk: query.describe(),
                page: 1,
                kind: PaginationErrorKind::CapReached,
            }));
        };
        tracing::debug!(
            walk = %query.describe(),
            total,
            "the query reaches the platform's cap: splitting its window"
        );
        self.pending.push_front(query.within(on, late));
        self.pending.push_front(query.within(on, early));
        Ok(())
    }

    /// The tickets of the next part that needs no split (sorted by creation time where
    /// the window is on it), splitting windows at the cap as it goes; `None` when done.
    async fn next_part(&mut self) -> Result<Option<TicketStream>, Error> {
        while let Some(query) = self.pending.pop_front() {
            let first = query.fetch(None).await?;
            if first.total.is_some_and(|t| t >= LIST_TICKETS_CAP) {
                self.split(query, first.total)?;
                continue;
            }
            let on_updated = query.filters.created.is_none() && query.filters.updated.is_some();
            // Without `total`, a full first page may be the start of a capped query: the
            // part is read whole first, and split if it turns out to hold the cap.
            let unknown = first.total.is_none() && first.received as u64 == first.page_size;
            let retry = query.clone();
            let pages = paginate::pages_after(Arc::new(query), first, self.concurrency)
                .map_ok(|batch| futures::stream::iter(batch.items.into_iter().map(Ok::<_, Error>)))
                .try_flatten();
            let yielded = Arc::clone(&self.yielded);
            let once = move |t: &Ticket| {
                !on_updated
                    || yielded
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .insert(t.ticket_id().to_owned())
            };
            let mut tickets: Vec<Ticket> = pages.try_collect().await?;
            if unknown && tickets.len() as u64 >= LIST_TICKETS_CAP {
                self.split(retry, None)?;
                continue;
            }
            tickets.retain(|t| once(t));
            if !on_updated {
                tickets.sort_by(|a, b| {
                    (a.created_at(), a.ticket_id()).cmp(&(b.created_at(), b.ticket_id()))
                });
            }
            return Ok(Some(
                futures::stream::iter(tickets.into_iter().map(Ok)).boxed(),
            ));
        }
        Ok(None)
    }
}

/// The validated parameters of a ticket page request.
#[derive(Debug, Clone)]
struct Query {
    transport: Arc<Transport>,
    filters: Filters,
    page: u64,
    page_size: u64,
    timeout: Option<Duration>,
}

impl Query {
    /// The window a split divides: the created-time one, else the updated-time one, else
    /// the created-time window from the epoch to now.
    fn split_window(&self) -> (On, Window) {
        match (self.filters.created, self.filters.updated) {
            (Some(w), _) => (On::Created, w),
            (None, Some(w)) => (On::Updated, w),
            (None, None) => (
                On::Created,
                Window {
                    start: 0,
                    end: jiff::Timestamp::now().as_millisecond(),
                },
            ),
        }
    }

    /// This query within `window` (on `on`), from its first page.
    fn within(&self, on: On, window: Window) -> Query {
        let mut query = self.clone();
        query.page = 1;
        match on {
            On::Created => query.filters.created = Some(window),
            On::Updated => query.filters.updated = Some(window),
        }
        query
    }

    async fn fetch(&self, slot: Option<&dyn Admission>) -> Result<Batch<Ticket>, Error> {
        let call = Call {
            admission: slot,
            page: Some(self.page),
            timeout: self.timeout,
            ..Call::of(&lark_helpdesk_api::ops::LIST_TICKETS)
        };
        let f = &self.filters;
        let (statuses, tags) = (
            (!f.statuses.is_empty()).then_some(&f.statuses),
            (!f.tags.is_empty()).then_some(&f.tags),
        );
        let answer = self
            .transport
            .call(call, |api| async move {
                api.list_tickets(
                    f.agent_id.as_deref(),
                    f.channel,
                    f.closed_by_id.as_deref(),
                    f.created.map(|w| w.end),
                    f.created.map(|w| w.start),
                    f.guest_id.as_deref(),
                    f.guest_name.as_deref(),
                    NonZeroU64::new(self.page),
                    NonZeroU64::new(self.page_size),
                    f.score,
                    f.solved,
                    statuses,
                    tags,
                    f.ticket_id.as_deref(),
                    f.ticket_type,
                    f.updated.map(|w| w.end),
                    f.updated.map(|w| w.start),
                )
                .await
            })
            .await?;
        let log_id = answer.log_id.clone();
        let (received, total) = list_tickets(answer)?;
        Ok(Batch {
            received: received.len(),
            items: received,
            total,
            page: self.page,
            page_size: self.page_size,
            log_id,
        })
    }
}

impl Walk for Query {
    type Item = Ticket;

    async fn fetch(self: Arc<Self>, page: u64, slot: PageSlot) -> Result<Batch<Ticket>, Error> {
        let mut query = (*self).clone();
        query.page = page;
        query.fetch(Some(&slot)).await
    }

    fn id(ticket: &Ticket) -> &str {
        ticket.ticket_id()
    }

    fn describe(&self) -> String {
        let window = |w: Option<Window>| w.map(|w| format!("{}..={}", w.start, w.end));
        match (window(self.filters.created), window(self.filters.updated)) {
            (Some(c), _) => format!("tickets created {c} (ms)"),
            (None, Some(u)) => format!("tickets updated {u} (ms)"),
            (None, None) => "tickets".into(),
        }
    }
}

/// The tickets of a list answer, each with its JSON as sent, and `total`.
fn list_tickets(
    answer: Answer<types::TicketsResponse>,
) -> Result<(Vec<Ticket>, Option<u64>), Error> {
    #[derive(Deserialize)]
    struct Raw<'a> {
        #[serde(borrow)]
        data: Option<RawData<'a>>,
    }
    #[derive(Deserialize)]
    struct RawData<'a> {
        #[serde(borrow)]
        tickets: Option<Vec<&'a RawValue>>,
    }
    let bad = |reason: String| DecodeError::of_page(OP_LIST_TICKETS, answer.log_id.clone(), reason);
    let data = answer.body.data.clone().unwrap_or_default();
    let total = match data.total {
        None => None,
        Some(t) => Some(u64::try_from(t).map_err(|_| bad(format!("negative total {t}")))?),
    };
    let typed = data.tickets.unwrap_or_default();
    let raw: Raw<'_> = serde_json::from_slice(&answer.raw).map_err(|e| bad(e.to_string()))?;
    let raw = raw.data.and_then(|d| d.tickets).unwrap_or_default();
    if raw.len() != typed.len() {
        return Err(bad(
            "the tickets of the answer could not be kept as sent".into()
        ));
    }
    let tickets = typed
        .into_iter()
        .zip(raw)
        .map(|(fields, raw)| Ticket::new(fields, raw.to_owned()))
        .collect();
    Ok((tickets, total))
}

/// A request for one ticket; from [`Client::ticket`](crate::Client::ticket).
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until sent"]
pub struct TicketRequest {
    transport: Arc<Transport>,
    ticket_id: String,
    timeout: Option<Duration>,
}

impl TicketRequest {
    pub(crate) fn new(transport: Arc<Transport>, ticket_id: String) -> Self {
        TicketRequest {
            transport,
            ticket_id,
            timeout: None,
        }
    }

    /// The timeout of each attempt (the client's by default).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Gets the ticket.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] when the id is empty or cannot be one path segment; an
    /// unknown ticket is the platform's 154000 ([`Error::Api`]); otherwise any
    /// [`Error`] left once retries are spent.
    pub async fn send(self) -> Result<Ticket, Error> {
        crate::helpers::ticket_messages::check_ticket_id(&self.ticket_id)?;
        let call = Call {
            timeout: self.timeout,
            ..Call::of(&lark_helpdesk_api::ops::GET_TICKET)
        };
        let id = self.ticket_id.as_str();
        let answer = self
            .transport
            .call(call, |api| async move { api.get_ticket(id).await })
            .await?;
        #[derive(Deserialize)]
        struct Raw<'a> {
            #[serde(borrow)]
            data: Option<RawData<'a>>,
        }
        #[derive(Deserialize)]
        struct RawData<'a> {
            #[serde(borrow)]
            ticket: Option<&'a RawValue>,
        }
        let bad = |reason: &str| {
            DecodeError::of_page(OP_GET_TICKET, answer.log_id.clone(), reason.into())
        };
        let raw: Raw<'_> = serde_json::from_slice(&answer.raw).map_err(|e| bad(&e.to_string()))?;
        let (Some(fields), Some(raw)) = (
            answer.body.data.clone().and_then(|d| d.ticket),
            raw.data.and_then(|d| d.ticket),
        ) else {
            return Err(bad("code 0 without a ticket"));
        };
        Ok(Ticket::new(fields, raw.to_owned()))
    }
}
