//! The responders and matchers mounted on the wiremock server, and their shared state.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use lark_helpdesk_api::types::{
    ErrorResponse, TenantAccessTokenRequest, TenantAccessTokenResponse, TicketMessage,
};
use serde::Serialize;
use wiremock::{Match, Request, Respond, ResponseTemplate};

use crate::data::SplitMix64;
use crate::events::Bus;
use crate::extras::Extras;
use crate::facts::Facts;
use crate::fault::{Fault, Faults, Target};
use crate::gate::Gates;
use crate::ops::{Alternative, Operation, Operations, TokenKind};
use crate::resources::Resources;
use crate::tickets::HelpdeskTicket;
use crate::users::{AccessCheck, Users};
use crate::{
    APP_SECRET_INVALID_CODE, APP_SECRET_INVALID_MSG, INVALID_PARAM_CODE, INVALID_PARAM_MSG,
    LOGID_PREFIX, MockCredentials, RATE_LIMIT_LIMIT, TOKEN_INVALID_CODE, TOKEN_INVALID_MSG,
    TOKEN_MISSING_CODE, TOKEN_MISSING_MSG, USER_TOKEN_EXPIRED_CODE, USER_TOKEN_EXPIRED_MSG,
    USER_TOKEN_INVALID_CODE, USER_TOKEN_INVALID_MSG,
};

const JSON: &str = "application/json";
const LOGID_HEADER: &str = "X-Tt-Logid";
/// The path parameter naming a ticket: [`crate::FaultScope::Ticket`] selects by it.
const TICKET_ID_PARAM: &str = "ticket_id";
pub(crate) const GATEWAY_HTML: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/// The messages of one ticket, sorted by `created_at`.
#[derive(Debug)]
pub(crate) struct Ticket {
    messages: Vec<TicketMessage>,
    /// `created_at` of each message in Unix seconds (`None`: missing or not a number).
    /// Sorted, as the messages are.
    seconds: Vec<Option<i64>>,
}

impl Ticket {
    /// Sorts `messages` by `created_at` (stable; messages without a usable timestamp
    /// first).
    pub(crate) fn new(messages: Vec<TicketMessage>) -> Self {
        let mut keyed: Vec<(Option<i64>, TicketMessage)> = messages
            .into_iter()
            .map(|m| (created_at_ms(&m), m))
            .collect();
        keyed.sort_by_key(|(ms, _)| *ms);
        let seconds = keyed
            .iter()
            .map(|(ms, _)| ms.map(|ms| ms.div_euclid(1000)))
            .collect();
        let messages = keyed.into_iter().map(|(_, m)| m).collect();
        Ticket { messages, seconds }
    }

    pub(crate) fn messages(&self) -> &[TicketMessage] {
        &self.messages
    }

    /// Appends `messages` (all of them timed, none before the last one held).
    pub(crate) fn append(&mut self, messages: Vec<TicketMessage>) {
        for m in messages {
            let ms = created_at_ms(&m);
            self.seconds.push(ms.map(|ms| ms.div_euclid(1000)));
            self.messages.push(m);
        }
    }

    /// `created_at` of the last message, in Unix milliseconds.
    pub(crate) fn last_created_at_ms(&self) -> Option<i64> {
        self.messages.last().and_then(created_at_ms)
    }

    /// The messages with `time_start <= created_at / 1000 <= time_end`; without bounds,
    /// all of them. A binary search: the messages are sorted.
    fn filtered(&self, time_start: Option<i64>, time_end: Option<i64>) -> &[TicketMessage] {
        if time_start.is_none() && time_end.is_none() {
            return &self.messages;
        }
        let first_timed = self.seconds.partition_point(Option::is_none);
        let lo = time_start
            .map_or(first_timed, |start| {
                self.seconds.partition_point(|s| *s < Some(start))
            })
            .max(first_timed);
        let hi = time_end.map_or(self.seconds.len(), |end| {
            self.seconds.partition_point(|s| *s <= Some(end))
        });
        self.messages.get(lo..hi).unwrap_or_default()
    }
}

fn created_at_ms(message: &TicketMessage) -> Option<i64> {
    use lark_helpdesk_api::types::Timestamp;
    match message.created_at.as_ref()? {
        Timestamp::Int64(ms) => Some(*ms),
        Timestamp::String(ms) => ms.trim().parse().ok(),
    }
}

/// The tokens a server holds (so that it can tell them from forged or forgotten ones),
/// bounded: a server issuing a token per call would otherwise hold every token it ever
/// issued.
///
/// At most `max` are held. Issuing one first drops the expired tokens at the front of
/// the order (the least recently issued or used), then, while `max` are still held, the
/// token at the front, valid or not. Presenting a held token moves it to the back, so a
/// client that keeps its token and uses it is not evicted by others fetching a token per
/// test; one presented expired is dropped.
#[derive(Debug)]
struct Tokens {
    /// Each held token: when it stops being valid, and its key in `order`.
    held: HashMap<Arc<str>, Held>,
    /// The held tokens by their last issue or use, least recent first.
    order: BTreeMap<u64, Arc<str>>,
    /// The key of the next issue or use in `order`.
    next_stamp: u64,
    max: usize,
}

#[derive(Debug, Clone, Copy)]
struct Held {
    expiry: Instant,
    stamp: u64,
}

impl Tokens {
    /// No token held yet; at most `max` (at least one) will be.
    fn new(max: usize) -> Self {
        Tokens {
            held: HashMap::new(),
            order: BTreeMap::new(),
            next_stamp: 0,
            max: max.max(1),
        }
    }

    fn stamp(&mut self) -> u64 {
        self.next_stamp += 1;
        self.next_stamp
    }

    /// Holds `token` until `expiry`, after dropping what the bound asks for.
    fn issue(&mut self, token: &str, now: Instant, expiry: Instant) {
        while let Some(entry) = self.order.first_entry() {
            let expired = self.held.get(entry.get()).is_none_or(|h| h.expiry <= now);
            if !expired && self.held.len() < self.max {
                break;
            }
            self.held.remove(&entry.remove());
        }
        let token: Arc<str> = token.into();
        let stamp = self.stamp();
        self.order.insert(stamp, Arc::clone(&token));
        self.held.insert(token, Held { expiry, stamp });
    }

    /// Whether `token` is held and valid at `now`; a valid one becomes the most recently
    /// used, an expired one is dropped.
    fn check(&mut self, token: &str, now: Instant) -> bool {
        let Some(held) = self.held.get(token).copied() else {
            return false;
        };
        let Some(key) = self.order.remove(&held.stamp) else {
            return false;
        };
        if now >= held.expiry {
            self.held.remove(token);
            return false;
        }
        let stamp = self.stamp();
        self.order.insert(stamp, key);
        if let Some(h) = self.held.get_mut(token) {
            h.stamp = stamp;
        }
        true
    }

    /// Drops every token.
    fn clear(&mut self) {
        self.held.clear();
        self.order.clear();
    }

    fn len(&self) -> usize {
        self.held.len()
    }
}

/// The mutable part of the server.
#[derive(Debug)]
pub(crate) struct State {
    /// The issued tokens still held, and when each stops being valid.
    tokens: Tokens,
    tokens_issued: u64,
    token_requests: usize,
    pub(crate) faults: Faults,
}

impl Default for State {
    fn default() -> Self {
        State {
            tokens: Tokens::new(crate::DEFAULT_MAX_TOKENS),
            tokens_issued: 0,
            token_requests: 0,
            faults: Faults::default(),
        }
    }
}

/// What every responder of one server shares.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) facts: Arc<Facts>,
    /// Every operation of the spec served.
    pub(crate) operations: Arc<Operations>,
    /// The collections of `x-resource` and what the hand-written writes keep.
    resources: Mutex<Resources>,
    /// How many requests each operation received, by operation id.
    requests: Mutex<HashMap<String, usize>>,
    /// The messages of each ticket (tests add to them while the server runs).
    tickets: RwLock<HashMap<String, Ticket>>,
    /// The synthetic helpdesk's tickets, in creation order.
    helpdesk: RwLock<Vec<HelpdeskTicket>>,
    /// Whether "list tickets" reports `total` capped at the 10,000 it pages through.
    pub(crate) capped_total: bool,
    pub(crate) credentials: MockCredentials,
    /// The expected value of the helpdesk header.
    helpdesk_header_value: String,
    pub(crate) token_ttl: Duration,
    /// Makes tokens differ between servers.
    token_salt: u64,
    next_logid: AtomicU64,
    /// How far [`Shared::now`] is ahead of the system's clock (moved by tests instead of
    /// sleeping).
    clock_offset: Mutex<Duration>,
    state: Mutex<State>,
    /// The user tokens: codes, device codes, sign-ins.
    users: Mutex<Users>,
    /// The gate refresh answers wait at, if any.
    pub(crate) gates: Arc<Gates>,
    /// The server's base URL, as clients reach it.
    pub(crate) uri: String,
    /// The long connection's state (discovery answers from it), set once at start.
    pub(crate) long_connection: std::sync::OnceLock<Arc<crate::long_connection::Hub>>,
    /// The event bus: every change becomes an event there (see [`crate::events`]).
    pub(crate) events: Bus,
    /// Tickets outside the synthetic helpdesk (known by their messages), as updated.
    updated_tickets: RwLock<HashMap<String, lark_helpdesk_api::types::Ticket>>,
    /// The rest of the synthetic helpdesk (knowledge base, agents, configuration), when
    /// the server serves one.
    pub(crate) extras: Option<Extras>,
}

impl Shared {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        facts: Arc<Facts>,
        operations: Arc<Operations>,
        tickets: HashMap<String, Ticket>,
        helpdesk: Vec<HelpdeskTicket>,
        capped_total: bool,
        credentials: MockCredentials,
        token_ttl: Duration,
        token_salt: u64,
        users: Users,
        gates: Arc<Gates>,
        uri: String,
        events: Bus,
        extras: Option<Extras>,
    ) -> Self {
        let mut resources = Resources::seed(&operations);
        if let Some(extras) = &extras {
            extras.seed_into(&mut resources);
        }
        Shared {
            facts,
            resources: Mutex::new(resources),
            operations,
            requests: Mutex::new(HashMap::new()),
            tickets: RwLock::new(tickets),
            helpdesk: RwLock::new(helpdesk),
            capped_total,
            helpdesk_header_value: credentials.helpdesk_header_value(),
            credentials,
            token_ttl,
            token_salt,
            next_logid: AtomicU64::new(1),
            clock_offset: Mutex::new(Duration::ZERO),
            state: Mutex::new(State::default()),
            users: Mutex::new(users),
            gates,
            uri,
            long_connection: std::sync::OnceLock::new(),
            events,
            updated_tickets: RwLock::new(HashMap::new()),
            extras,
        }
    }

    /// The tickets outside the synthetic helpdesk that were updated, by id.
    pub(crate) fn updated_tickets(
        &self,
    ) -> RwLockReadGuard<'_, HashMap<String, lark_helpdesk_api::types::Ticket>> {
        self.updated_tickets
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub(crate) fn updated_tickets_mut(
        &self,
    ) -> RwLockWriteGuard<'_, HashMap<String, lark_helpdesk_api::types::Ticket>> {
        self.updated_tickets
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The time tokens are issued and checked at.
    pub(crate) fn now(&self) -> Instant {
        Instant::now() + *self.clock_offset.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Moves the server's clock forward.
    pub(crate) fn advance_clock(&self, by: Duration) {
        *self.clock_offset.lock().unwrap_or_else(|e| e.into_inner()) += by;
    }

    /// The messages of every ticket; a panic elsewhere while they were held does not make
    /// them unusable.
    pub(crate) fn tickets(&self) -> RwLockReadGuard<'_, HashMap<String, Ticket>> {
        self.tickets
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub(crate) fn tickets_mut(&self) -> RwLockWriteGuard<'_, HashMap<String, Ticket>> {
        self.tickets
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The synthetic helpdesk's tickets.
    pub(crate) fn helpdesk(&self) -> RwLockReadGuard<'_, Vec<HelpdeskTicket>> {
        self.helpdesk
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub(crate) fn helpdesk_mut(&self) -> RwLockWriteGuard<'_, Vec<HelpdeskTicket>> {
        self.helpdesk
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The server's time in Unix milliseconds (the system's, moved by
    /// [`advance_clock`](Self::advance_clock)).
    pub(crate) fn now_ms(&self) -> i64 {
        let offset = *self.clock_offset.lock().unwrap_or_else(|e| e.into_inner());
        let now = SystemTime::now() + offset;
        now.duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
    }

    /// The state; a panic elsewhere while it was held does not make it unusable.
    pub(crate) fn state(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The user tokens; a panic elsewhere while they were held does not make them
    /// unusable.
    pub(crate) fn users(&self) -> MutexGuard<'_, Users> {
        self.users
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The collections of `x-resource`; a panic elsewhere while they were held does not
    /// make them unusable.
    pub(crate) fn resources(&self) -> MutexGuard<'_, Resources> {
        self.resources
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Counts a request to `operation`.
    pub(crate) fn count_request(&self, operation: &str) {
        let mut requests = self
            .requests
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match requests.get_mut(operation) {
            Some(n) => *n += 1,
            None => {
                requests.insert(operation.to_owned(), 1);
            }
        }
    }

    /// How many requests `operation` received.
    pub(crate) fn requests_of(&self, operation: &str) -> usize {
        self.requests
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(operation)
            .copied()
            .unwrap_or(0)
    }

    /// The seed of the page tokens of this server (they differ between servers).
    pub(crate) fn page_salt(&self) -> u64 {
        self.token_salt.rotate_left(29) ^ 0x7061_6765
    }

    /// The operation a request goes to and its ticket (see [`ticket_of`]), when it is a
    /// helpdesk operation (one that needs a credential: faults apply to those).
    pub(crate) fn target_of(&self, request: &Request) -> Option<(&Operation, String)> {
        let (op, captures) = self
            .operations
            .route(request.method.as_str(), request.url.path())?;
        if op.security.is_empty() {
            return None;
        }
        Some((op, ticket_of(&captures, request)))
    }

    /// Every token issued so far stops being valid: they are dropped (a token not held is
    /// refused as an expired one is).
    pub(crate) fn expire_tokens(&self) {
        self.state().tokens.clear();
    }

    /// Holds at most `max` tokens (at least one); set before the server issues any (the
    /// tokens held are dropped).
    pub(crate) fn set_max_tokens(&self, max: usize) {
        self.state().tokens = Tokens::new(max);
    }

    /// The number of tokens held (see [`Tokens`]).
    pub(crate) fn tokens_held(&self) -> usize {
        self.state().tokens.len()
    }

    pub(crate) fn token_requests(&self) -> usize {
        self.state().token_requests
    }

    pub(crate) fn tokens_issued(&self) -> usize {
        usize::try_from(self.state().tokens_issued).unwrap_or(usize::MAX)
    }

    pub(crate) fn logid(&self) -> String {
        let n = self.next_logid.fetch_add(1, Ordering::Relaxed);
        format!("{LOGID_PREFIX}{n:010}")
    }

    /// The ticket id of a messages request, percent-decoded.
    fn ticket_id<'r>(&self, request: &'r Request) -> Option<Cow<'r, str>> {
        let segment = self.facts.ticket_segment(request.url.path())?;
        Some(percent_encoding::percent_decode_str(segment).decode_utf8_lossy())
    }
}

/// The ticket a request is about, for [`crate::FaultScope::Ticket`]: its `ticket_id` path
/// parameter, else its `ticket_id` query parameter, else "".
pub(crate) fn ticket_of(captures: &[(String, String)], request: &Request) -> String {
    match Operation::captured(captures, TICKET_ID_PARAM) {
        Some(ticket) => ticket.to_owned(),
        None => request
            .url
            .query_pairs()
            .find(|(k, _)| k == TICKET_ID_PARAM)
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default(),
    }
}

/// An answer before the log id is attached.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) body: Vec<u8>,
    mime: &'static str,
    headers: Vec<(&'static str, String)>,
    delay: Option<Duration>,
}

impl Answer {
    /// Any answer: its status, body, type and headers of its own.
    pub(crate) fn new(
        status: u16,
        body: Vec<u8>,
        mime: &'static str,
        headers: Vec<(&'static str, String)>,
    ) -> Self {
        Answer {
            status,
            body,
            mime,
            headers,
            delay: None,
        }
    }

    /// The answer, sent after `delay`.
    pub(crate) fn delayed(self, delay: Duration) -> Self {
        Answer {
            delay: Some(delay),
            ..self
        }
    }

    /// Adds a header.
    pub(crate) fn with_header(mut self, name: &'static str, value: String) -> Self {
        self.headers.push((name, value));
        self
    }

    pub(crate) fn json(status: u16, body: Vec<u8>) -> Self {
        Answer {
            status,
            body,
            mime: JSON,
            headers: Vec::new(),
            delay: None,
        }
    }

    /// Bytes of a type other than JSON, with headers of their own.
    pub(crate) fn bytes(
        body: Vec<u8>,
        mime: &'static str,
        headers: Vec<(&'static str, String)>,
    ) -> Self {
        Answer {
            mime,
            headers,
            ..Answer::json(200, body)
        }
    }

    /// The answer to a path the server does not serve.
    pub(crate) fn not_found() -> Self {
        Answer {
            mime: "text/plain; charset=utf-8",
            ..Answer::json(404, b"404 page not found".to_vec())
        }
    }

    pub(crate) fn error(status: u16, code: i64, msg: &str) -> Self {
        let body = ErrorResponse {
            code,
            msg: Some(msg.to_string()),
            error: None,
        };
        Answer::json(status, to_vec(&body))
    }

    pub(crate) fn into_template(self, logid: String) -> ResponseTemplate {
        let mut template = ResponseTemplate::new(self.status)
            .set_body_raw(self.body, self.mime)
            .insert_header(LOGID_HEADER, logid);
        for (name, value) in self.headers {
            template = template.insert_header(name, value);
        }
        if let Some(delay) = self.delay {
            template = template.set_delay(delay);
        }
        template
    }
}

fn to_vec<T: Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).expect("the generated types always serialise")
}

/// A page of messages, serialised straight from a borrowed slice of the ticket (the
/// field names are those of `TicketMessagesResponse` / `TicketMessagesData`).
#[derive(Serialize)]
struct PageBody<'a> {
    code: i64,
    msg: &'a str,
    data: PageData<'a>,
}

#[derive(Serialize)]
struct PageData<'a> {
    messages: &'a [TicketMessage],
    total: i64,
}

/// The validated query of a messages request.
struct Query {
    page: i64,
    page_size: i64,
    time_start: Option<i64>,
    time_end: Option<i64>,
}

impl Query {
    /// `None` when a parameter is not an integer or out of the spec's bounds.
    fn parse(request: &Request, facts: &Facts) -> Option<Query> {
        let mut query = Query {
            page: facts.default_page,
            page_size: facts.default_page_size,
            time_start: None,
            time_end: None,
        };
        for (name, value) in request.url.query_pairs() {
            let parsed = || value.trim().parse::<i64>().ok();
            match name.as_ref() {
                "page" => query.page = parsed().filter(|p| facts.page.contains(*p))?,
                "page_size" => {
                    query.page_size = parsed().filter(|s| facts.page_size.contains(*s))?;
                }
                "time_start" => query.time_start = Some(parsed()?),
                "time_end" => query.time_end = Some(parsed()?),
                _ => {}
            }
        }
        Some(query)
    }

    /// This query's page of `ticket`, serialised.
    fn page_body(&self, ticket: &Ticket, success_msg: &str) -> Vec<u8> {
        let filtered = ticket.filtered(self.time_start, self.time_end);
        let start = self
            .page
            .checked_sub(1)
            .and_then(|p| p.checked_mul(self.page_size))
            .and_then(|start| usize::try_from(start).ok())
            .unwrap_or(usize::MAX)
            .min(filtered.len());
        let size = usize::try_from(self.page_size).unwrap_or(0);
        let end = start.saturating_add(size).min(filtered.len());
        to_vec(&PageBody {
            code: 0,
            msg: success_msg,
            data: PageData {
                messages: &filtered[start..end],
                total: i64::try_from(filtered.len()).unwrap_or(i64::MAX),
            },
        })
    }
}

/// Answers `GET .../tickets/{ticket_id}/messages`.
pub(crate) struct MessagesResponder(pub(crate) Arc<Shared>);

impl MessagesResponder {
    fn answer(&self, request: &Request) -> Answer {
        let shared = &*self.0;
        let facts = &*shared.facts;
        let ticket_id = shared.ticket_id(request).unwrap_or_default();
        let target = Target {
            operation: crate::facts::OP_LIST_TICKET_MESSAGES,
            ticket: &ticket_id,
        };
        shared.with_faults(target, |truncated| {
            if truncated {
                // The page the request would get, without checking credentials; the
                // spec's example when there is none.
                let page = Query::parse(request, facts).and_then(|query| {
                    let tickets = shared.tickets();
                    let ticket = tickets.get(ticket_id.as_ref())?;
                    Some(query.page_body(ticket, &facts.success_msg))
                });
                let body = page.unwrap_or_else(|| {
                    let example = Ticket::new(facts.example_messages.clone());
                    Query {
                        page: 1,
                        page_size: 1,
                        time_start: None,
                        time_end: None,
                    }
                    .page_body(&example, &facts.success_msg)
                });
                return Answer::json(200, body);
            }
            if let Err(refused) = shared.authorize(request, target.operation) {
                return refused;
            }
            let Some(query) = Query::parse(request, facts) else {
                return Answer::json(400, facts.bad_request.clone());
            };
            let tickets = shared.tickets();
            let Some(ticket) = tickets.get(ticket_id.as_ref()) else {
                return Answer::json(400, facts.bad_request.clone());
            };
            Answer::json(200, query.page_body(ticket, &facts.success_msg))
        })
    }
}

impl Shared {
    /// The answer of a helpdesk request to `target` (its operation and ticket): the
    /// fault's, when one is in force for it, or `normal(false)`. `normal(true)` is asked
    /// for the body a [`Fault::TruncatedBody`] cuts in half (credentials unchecked).
    pub(crate) fn with_faults(
        &self,
        target: Target<'_>,
        normal: impl Fn(bool) -> Answer,
    ) -> Answer {
        let facts = &*self.facts;
        let fault = self.state().faults.take(target);
        match fault {
            None => normal(false),
            Some(Fault::RateLimited { reset_secs }) => {
                let mut answer = Answer::json(429, facts.rate_limited.clone());
                answer.headers = vec![
                    ("x-ogw-ratelimit-limit", RATE_LIMIT_LIMIT.to_string()),
                    ("x-ogw-ratelimit-reset", reset_secs.to_string()),
                ];
                answer
            }
            Some(Fault::TokenExpired { http_status }) => {
                let status = if (200..=599).contains(&http_status) {
                    http_status
                } else {
                    400
                };
                Answer::error(status, TOKEN_INVALID_CODE, TOKEN_INVALID_MSG)
            }
            Some(Fault::Internal) => Answer::json(500, facts.internal.clone()),
            Some(Fault::Forbidden) => Answer::json(403, facts.forbidden.clone()),
            Some(Fault::NotFound) => Answer::json(404, facts.not_found.clone()),
            Some(Fault::GatewayHtml502) => Answer {
                mime: "text/html",
                ..Answer::json(502, GATEWAY_HTML.as_bytes().to_vec())
            },
            Some(Fault::TruncatedBody) => {
                let mut answer = normal(true);
                answer.body.truncate(answer.body.len() / 2);
                answer
            }
            Some(Fault::Delay(delay)) => Answer {
                delay: Some(delay),
                ..normal(false)
            },
            // Answered by `ConnectionErrorMatcher` and `DropAfterApplyingMatcher`, which
            // wiremock consults first. Matching and answering are separate steps, so a
            // fault injected in between can land here: it is answered normally.
            Some(Fault::ConnectionError | Fault::DropAfterApplying) => normal(false),
        }
    }

    /// Checks the credentials of a request to `operation` as the platform does (see
    /// [`authorize_for`](Self::authorize_for)); an operation the spec lacks takes a
    /// tenant token and the helpdesk credential.
    pub(crate) fn authorize(&self, request: &Request, operation: &str) -> Result<(), Answer> {
        match self.operations.iter().find(|op| op.id == operation) {
            Some(op) => self.authorize_for(request, &op.security, op.errors.get(&401), false),
            None => {
                let security = [Alternative {
                    token: Some(TokenKind::Tenant),
                    header: Some(self.facts.helpdesk_header.clone()),
                }];
                self.authorize_for(request, &security, None, false)
            }
        }
    }

    /// Checks the credentials of a request against the alternatives of an operation's
    /// `security`, as the platform does: the access token first (HTTP 400: 99991661
    /// missing; 99991663 unknown, expired, or of a kind the operation does not take, the
    /// message then naming the kinds it takes), then the helpdesk header (HTTP 401,
    /// `unauthorized` or the spec's 154001; when `say_why`, its message followed by what
    /// is wrong with the header). No alternative: nothing to check.
    pub(crate) fn authorize_for(
        &self,
        request: &Request,
        security: &[Alternative],
        unauthorized: Option<&Vec<u8>>,
        say_why: bool,
    ) -> Result<(), Answer> {
        if security.is_empty()
            || security
                .iter()
                .any(|a| a.token.is_none() && a.header.is_none())
        {
            return Ok(());
        }
        let mut chosen: Vec<&Alternative> = security.iter().collect();
        if security.iter().any(|a| a.token.is_some()) {
            let kind = self.token_kind(request)?;
            chosen.retain(|a| a.token == Some(kind));
            if chosen.is_empty() {
                let mut accepted: Vec<&str> = security
                    .iter()
                    .filter_map(|a| Some(a.token?.name()))
                    .collect();
                accepted.dedup();
                let msg = format!(
                    "{TOKEN_INVALID_MSG} This operation accepts a {} only, not a {}.",
                    accepted.join(" or a "),
                    kind.name()
                );
                return Err(Answer::error(400, TOKEN_INVALID_CODE, &msg));
            }
        }
        let header_ok = chosen.iter().any(|a| match &a.header {
            None => true,
            Some(name) => request
                .headers
                .get(name.as_str())
                .is_some_and(|value| value.as_bytes() == self.helpdesk_header_value.as_bytes()),
        });
        if !header_ok {
            let body = unauthorized.unwrap_or(&self.facts.unauthorized);
            let documented = serde_json::from_slice::<ErrorResponse>(body).ok();
            let name = chosen.iter().find_map(|a| a.header.as_deref());
            return Err(match (say_why, documented, name) {
                (true, Some(documented), Some(name)) => {
                    let why = if request.headers.contains_key(name) {
                        "does not hold this helpdesk's credential, base64(helpdesk_id:helpdesk_token)"
                    } else {
                        "is missing"
                    };
                    let msg = documented.msg.unwrap_or_default();
                    Answer::error(
                        401,
                        documented.code,
                        &format!("{msg}: the {name} header {why}"),
                    )
                }
                _ => Answer::json(401, body.clone()),
            });
        }
        Ok(())
    }

    /// The kind of the bearer token of a request: a user access token (the one of the
    /// credentials, or one signed in here, valid: HTTP 400 `99991677` when it expired,
    /// `99991668` when it is unknown, revoked or replaced by a refresh), or a tenant
    /// token this server issued and still holds, valid.
    fn token_kind(&self, request: &Request) -> Result<TokenKind, Answer> {
        match bearer_token(request)? {
            Some(token) if self.user_token(token)? => Ok(TokenKind::User),
            Some(token) if self.state().tokens.check(token, self.now()) => Ok(TokenKind::Tenant),
            _ => Err(Answer::error(400, TOKEN_INVALID_CODE, TOKEN_INVALID_MSG)),
        }
    }

    /// Whether `token` is a valid user access token: the one of the credentials, or one
    /// signed in here (`Err`: one signed in here, expired or no longer valid); `false`
    /// for a token of another form.
    pub(crate) fn user_token(&self, token: &str) -> Result<bool, Answer> {
        let user = &self.credentials.user_access_token;
        if !user.is_empty() && token == user {
            return Ok(true);
        }
        if !Users::is_user_token(token) {
            return Ok(false);
        }
        let now = self.now();
        match self.users().check_access(token, now) {
            AccessCheck::Valid => Ok(true),
            AccessCheck::Expired => Err(Answer::error(
                400,
                USER_TOKEN_EXPIRED_CODE,
                USER_TOKEN_EXPIRED_MSG,
            )),
            AccessCheck::Invalid => Err(Answer::error(
                400,
                USER_TOKEN_INVALID_CODE,
                USER_TOKEN_INVALID_MSG,
            )),
        }
    }
}

impl Respond for MessagesResponder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let answer = self.answer(request);
        answer.into_template(self.0.logid())
    }
}

/// Answers `POST /open-apis/auth/v3/tenant_access_token/internal`.
pub(crate) struct TokenResponder(pub(crate) Arc<Shared>);

impl TokenResponder {
    fn answer(&self, request: &Request) -> Answer {
        let shared = &*self.0;
        let mut state = shared.state();
        state.token_requests += 1;
        // Failures at HTTP 200, with the platform's codes.
        let Ok(credentials) = request.body_json::<TenantAccessTokenRequest>() else {
            return Answer::error(200, INVALID_PARAM_CODE, INVALID_PARAM_MSG);
        };
        if credentials.app_id != shared.credentials.app_id
            || credentials.app_secret != shared.credentials.app_secret
        {
            return Answer::error(200, APP_SECRET_INVALID_CODE, APP_SECRET_INVALID_MSG);
        }
        state.tokens_issued += 1;
        let n = state.tokens_issued;
        let mut rng = SplitMix64::new(shared.token_salt ^ n.rotate_left(32));
        let token = format!(
            "t-mock-{n:06}-{:016x}{:016x}",
            rng.next_u64(),
            rng.next_u64()
        );
        let now = shared.now();
        state.tokens.issue(&token, now, now + shared.token_ttl);
        let body = TenantAccessTokenResponse {
            code: 0,
            msg: Some(shared.facts.token_ok_msg.clone()),
            tenant_access_token: Some(token),
            expire: Some(i64::try_from(shared.token_ttl.as_secs()).unwrap_or(i64::MAX)),
        };
        Answer::json(200, to_vec(&body))
    }
}

impl Respond for TokenResponder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let answer = self.answer(request);
        answer.into_template(self.0.logid())
    }
}

/// The bearer token of a request (`None`: another scheme, or a header that is not text);
/// `Err` (HTTP 400 `99991661`) without `Authorization`.
pub(crate) fn bearer_token(request: &Request) -> Result<Option<&str>, Answer> {
    let Some(authorization) = request.headers.get("authorization") else {
        return Err(Answer::error(400, TOKEN_MISSING_CODE, TOKEN_MISSING_MSG));
    };
    Ok(authorization.to_str().ok().and_then(|value| {
        let (scheme, token) = value.trim().split_once(' ')?;
        scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
    }))
}

/// Answers every request no other route takes: 404, still with a log id.
pub(crate) struct NotFoundResponder(pub(crate) Arc<Shared>);

impl Respond for NotFoundResponder {
    fn respond(&self, _request: &Request) -> ResponseTemplate {
        Answer::not_found().into_template(self.0.logid())
    }
}

/// Matches `GET` requests to the messages endpoint.
pub(crate) struct MessagesPath(pub(crate) Arc<Facts>);

impl Match for MessagesPath {
    fn matches(&self, request: &Request) -> bool {
        request.method == wiremock::http::Method::GET
            && self.0.ticket_segment(request.url.path()).is_some()
    }
}

/// Asked first about every request, never matches: counts the request by its
/// operation ([`Shared::requests_of`]).
pub(crate) struct CountRequests(pub(crate) Arc<Shared>);

impl Match for CountRequests {
    fn matches(&self, request: &Request) -> bool {
        let shared = &*self.0;
        if let Some((op, _)) = shared
            .operations
            .route(request.method.as_str(), request.url.path())
        {
            shared.count_request(&op.id);
        }
        false
    }
}

/// Whether the fault in force for `request` is `fault`; if so it is used up.
fn take_fault(shared: &Shared, request: &Request, fault: &Fault) -> bool {
    // Most requests meet no fault at all: no need to route them.
    if shared.state().faults.is_empty() {
        return false;
    }
    let Some((op, ticket)) = shared.target_of(request) else {
        return false;
    };
    let target = Target {
        operation: &op.id,
        ticket: &ticket,
    };
    let mut state = shared.state();
    if state.faults.peek(target) == Some(fault) {
        state.faults.take(target);
        true
    } else {
        false
    }
}

/// Matches the helpdesk requests whose fault is [`Fault::ConnectionError`], using the
/// fault up. Mounted first, with `respond_with_err`, so that the server drops the
/// connection.
pub(crate) struct ConnectionErrorMatcher(pub(crate) Arc<Shared>);

impl Match for ConnectionErrorMatcher {
    fn matches(&self, request: &Request) -> bool {
        take_fault(&self.0, request, &Fault::ConnectionError)
    }
}

/// Matches the helpdesk requests whose fault is [`Fault::DropAfterApplying`], using the
/// fault up. Mounted first, with `respond_with_err` serving the request before the
/// connection is dropped.
pub(crate) struct DropAfterApplyingMatcher(pub(crate) Arc<Shared>);

impl Match for DropAfterApplyingMatcher {
    fn matches(&self, request: &Request) -> bool {
        take_fault(&self.0, request, &Fault::DropAfterApplying)
    }
}
