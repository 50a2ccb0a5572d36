//! A fake Feishu / Lark Helpdesk server, on [wiremock], for tests and demos (the
//! README shows a client of the `lark-helpdesk` SDK wired to it in one line).
//!
//! [`MockHelpdesk`] serves, on a loopback port, every operation of the spec
//! (`openapi/helpdesk.yaml`, or one given to [`MockHelpdeskBuilder::spec`]):
//!
//! * `POST /open-apis/auth/v3/tenant_access_token/internal`: issues a new tenant access
//!   token to the app of [`MockHelpdesk::credentials`] on every call;
//! * "list tickets", "get a ticket" and `GET /open-apis/helpdesk/v1/tickets/{ticket_id}/messages`:
//!   the tickets and messages it holds, checking both credentials, the query and the
//!   ticket as the platform does, with the documented error answers (hand-written);
//! * every other operation, with no code of its own: the credentials its `security`
//!   takes (tenant token, [`MockCredentials::user_access_token`], helpdesk header), its
//!   path and query parameters and JSON body checked against the spec (400 naming what
//!   is wrong), the documented 200 example answered, `x-pagination` listings paged (by
//!   page number or by opaque page token), `x-resource` collections remembered (create,
//!   get, list, patch, delete), `x-binary` operations answering a tiny PNG (the
//!   [synthetic helpdesk](MockHelpdeskBuilder::synthetic_helpdesk) serves real images,
//!   a knowledge base, agents and custom fields consistent with its tickets). A few writes
//!   show in other operations: a message sent to a ticket (`create_ticket_message`) is
//!   in its messages, a ticket updated (`update_ticket`) reads back changed, an agent's
//!   status set by `patch_agent` reads back from the agent schedules, and a notification
//!   submitted for review (or withdrawn) is decided at once, its event pushed;
//! * user sign-in, as the accounts host serves it (at the mock's own address): the
//!   authorize page (PKCE S256, approving at once with a 302 to the loopback redirect
//!   URI), the token endpoint [`TOKEN_PATH`] (code, refresh and device grants, refresh
//!   tokens rotating and a reused one revoking its sign-in, the platform's error codes),
//!   the device flow, revocation and `user_info` (the mock's one user,
//!   [`MOCK_USER_OPEN_ID`]); the access tokens it issues are accepted by every operation
//!   that takes a user token, until they expire by the server's clock. Tests can hold
//!   refresh answers ([`MockHelpdesk::hold_refreshes`]), count refreshes and sign-ins,
//!   and fault the refresh grant ([`OAUTH_REFRESH_OPERATION`]);
//! * the long connection: discovery (`POST /callback/ws/endpoint`) and a WebSocket server
//!   of its own that answers pings and pushes the events given to
//!   [`MockHelpdesk::push_event`], with faults ([`LongConnectionFault`]) and a log
//!   ([`MockHelpdesk::long_connection_log`]).
//!
//! It is an event source too ([`events`]): every change it sees (a message sent through
//! `create_ticket_message`, a ticket changed through `update_ticket`, which "get a
//! ticket" and "list tickets" then answer, the test hooks [`MockHelpdesk::add_messages`],
//! [`MockHelpdesk::add_ticket`] and [`MockHelpdesk::update_ticket`], the self-activity of
//! [`MockHelpdeskBuilder::activity_every`]) becomes the schema 2.0 event the platform
//! would send (`helpdesk.ticket_message.created_v1`, `helpdesk.ticket.created_v1`,
//! `helpdesk.ticket.updated_v1`), pushed to the request URL of
//! [`MockHelpdeskBuilder::events_to`] as the platform pushes it: encrypted and signed
//! with an [Encrypt Key](MockHelpdeskBuilder::encrypt_key), retried on the platform's
//! schedule ([`DEFAULT_RETRY_SCHEDULE`], compressible), with [`PushFault`]s to inject and
//! every push recorded ([`MockHelpdesk::pushes`]).
//!
//! Every documented fact it serves (the paths, the error answers of each status, the
//! bounds and default of `page_size`, the example ticket and its message, the token's
//! `expire`) is read from the spec through `lark_helpdesk_api::spec`. Faults (rate
//! limiting, expired tokens, gateway pages, truncated bodies, delays, dropped
//! connections, a write applied and its answer lost) can be injected into any helpdesk
//! operation with [`MockHelpdesk::inject`], [`MockHelpdesk::requests_of`] counts the
//! requests of each operation, and wiremock records every request it receives.
//!
//! # Example
//!
//! From a downstream crate's tests (with `lark-helpdesk-mock` in its
//! `[dev-dependencies]`):
//!
//! ```
//! use lark_helpdesk_mock::{Fault, FaultScope, MockHelpdesk};
//! use serde_json::{Value, json};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let mock = MockHelpdesk::builder()
//!     .synthetic_ticket("7000000000000000001", 45)
//!     .start()
//!     .await?;
//! let credentials = mock.credentials();
//! let http = reqwest::Client::new();
//!
//! // 1. A tenant access token for the mock's app.
//! let token: Value = http
//!     .post(format!("{}/open-apis/auth/v3/tenant_access_token/internal", mock.uri()))
//!     .json(&json!({ "app_id": credentials.app_id, "app_secret": credentials.app_secret }))
//!     .send()
//!     .await?
//!     .json()
//!     .await?;
//! let token = token["tenant_access_token"].as_str().unwrap_or_default();
//!
//! // 2. The third page of 20 of the synthetic ticket: the last 5 of its 45 messages.
//! let page: Value = http
//!     .get(format!(
//!         "{}/open-apis/helpdesk/v1/tickets/7000000000000000001/messages",
//!         mock.uri()
//!     ))
//!     .query(&[("page", "3"), ("page_size", "20")])
//!     .bearer_auth(token)
//!     .header("X-Lark-Helpdesk-Authorization", credentials.helpdesk_header_value())
//!     .send()
//!     .await?
//!     .json()
//!     .await?;
//! assert_eq!(page["code"], 0);
//! assert_eq!(page["data"]["total"], 45);
//! assert_eq!(page["data"]["messages"].as_array().map(Vec::len), Some(5));
//!
//! // 3. The next request is rate limited.
//! mock.inject(FaultScope::NextRequests(1), Fault::RateLimited { reset_secs: 2 });
//! let limited = http
//!     .get(format!(
//!         "{}/open-apis/helpdesk/v1/tickets/7000000000000000001/messages",
//!         mock.uri()
//!     ))
//!     .send()
//!     .await?;
//! assert_eq!(limited.status(), 429);
//! assert_eq!(limited.headers()["x-ogw-ratelimit-reset"], "2");
//! assert_eq!(mock.message_requests().await.len(), 2);
//! # Ok(())
//! # }
//! ```

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Weak};
use std::task::Poll;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use lark_helpdesk_api::types::TicketMessage;
use wiremock::matchers::{method, path};
use wiremock::{Match, Mock, MockServer, Request, ResponseTemplate};

mod changes;
mod conventions;
mod data;
mod env;
pub mod events;
mod extras;
mod facts;
mod fault;
mod files;
mod formats;
mod gate;
mod generic;
mod helpdesk;
mod images;
mod long_connection;
mod oauth;
mod ops;
mod paging;
mod params;
mod relay;
mod resources;
mod route;
mod server;
mod special;
mod tickets;
mod users;

pub use data::{MESSAGE_TYPES, generate_messages};
pub use env::ENV_VARS;
pub use events::{DEFAULT_RETRY_SCHEDULE, MOCK_TENANT_KEY, PUSH_TIMEOUT, PushFault, PushRecord};
pub use fault::{Fault, FaultScope};
pub use gate::Gate;
pub use generic::MAX_BODY_BYTES;
pub use helpdesk::LIST_TICKETS_CAP;
pub use long_connection::{
    DISCOVERY_BUSY_CODE, HANDSHAKE_AUTH_FAILED_CODE, LONG_CONNECTION_ENDPOINT_PATH,
    LONG_CONNECTION_SERVICE_ID, LONG_CONNECTION_WS_PATH, LongConnectionAck, LongConnectionConfig,
    LongConnectionFault, LongConnectionLog,
};
pub use oauth::{
    AUTHORIZE_PATH, DEVICE_AUTHORIZATION_PATH, DEVICE_VERIFY_PATH, OAUTH_REFRESH_OPERATION,
    REVOKE_PATH, TOKEN_PATH, TOKEN_V2_PATH, USER_INFO_PATH,
};
pub use resources::MAX_WRITTEN_BYTES;
pub use tickets::FIRST_SYNTHETIC_TICKET_ID;
pub use users::{
    AUTHORIZATION_CODE_TTL, DEFAULT_DEVICE_POLL_INTERVAL, DEFAULT_REFRESH_TOKEN_TTL,
    DEFAULT_USER_TOKEN_TTL, DEVICE_CODE_TTL, SIGN_IN_LIFETIME,
};

/// The synthetic helpdesk [`MockHelpdeskBuilder::synthetic_helpdesk`] serves, as data:
/// each ticket, in creation order, with its messages (for benchmarks and servers of
/// your own).
pub fn synthetic_helpdesk(
    tickets: usize,
) -> Vec<(lark_helpdesk_api::types::Ticket, Vec<TicketMessage>)> {
    tickets::generate_helpdesk(tickets, tickets::SEED)
        .into_iter()
        .map(|t| {
            let id = t.ticket.ticket_id.clone().unwrap_or_default();
            let start = t.ticket.created_at.unwrap_or_default() + 60_000;
            let messages = data::messages_from(t.messages, &id, start);
            (t.ticket, messages)
        })
        .collect()
}

use facts::Facts;
use lark_helpdesk_api::spec::Spec;
use ops::Operations;
use server::{
    ConnectionErrorMatcher, CountRequests, DropAfterApplyingMatcher, MessagesPath,
    MessagesResponder, NotFoundResponder, Shared, Ticket, TokenResponder,
};
use users::{UserConfig, Users};

/// The mock's app id (a self-built app).
pub const MOCK_APP_ID: &str = "cli_mock_app";
/// The mock's app secret.
pub const MOCK_APP_SECRET: &str = "mock_app_secret";
/// The mock's helpdesk id.
pub const MOCK_HELPDESK_ID: &str = "mock_helpdesk";
/// The mock's helpdesk token.
pub const MOCK_HELPDESK_TOKEN: &str = "mock_helpdesk_token";
/// The user access token the mock accepts (a signed-in user's, `u-...`).
pub const MOCK_USER_ACCESS_TOKEN: &str = "u-mock_user_access_token";
/// The open id of the mock's one user: whoever signs in (any code, any device code) is
/// this user, and `user_info` answers it for every user access token.
pub const MOCK_USER_OPEN_ID: &str = "ou_mock_user";
/// The name (and English name) of the mock's one user.
pub const MOCK_USER_NAME: &str = "Mock User";
/// The union id of the mock's one user.
pub const MOCK_USER_UNION_ID: &str = "on_mock_user";
/// The user id (employee id) of the mock's one user.
pub const MOCK_USER_ID: &str = "mock_user";

/// Code of the answer to a messages request without `Authorization` (HTTP 400). From the
/// platform's generic error-code page; the endpoint's documentation does not list it.
pub const TOKEN_MISSING_CODE: i64 = 99_991_661;
/// Message of [`TOKEN_MISSING_CODE`].
pub const TOKEN_MISSING_MSG: &str =
    "Missing access token for authorization. Please make a request with token attached.";
/// Code of the answer to a messages request whose token the mock did not issue or which
/// has expired (HTTP 400, or as [`Fault::TokenExpired`] says). From the platform's
/// generic error-code page.
///
/// The mock answers it too (HTTP 400) for a valid token of a kind the operation does not
/// take (a tenant token where its `security` lists only `userAccessToken`, or the user
/// token where it lists only `tenantAccessToken`), the message then being
/// [`TOKEN_INVALID_MSG`] followed by, e.g., "This operation accepts a user_access_token
/// only, not a tenant_access_token.". The platform documents no code of its own for that
/// case; this one tells a client that the token is the trouble.
pub const TOKEN_INVALID_CODE: i64 = 99_991_663;
/// Message of [`TOKEN_INVALID_CODE`].
pub const TOKEN_INVALID_MSG: &str =
    "Invalid access token for authorization. Please make a request with token attached.";
/// Code of the answer to a request whose user access token expired (HTTP 400): a token
/// of a sign-in through the mock's OAuth endpoints (see [`TOKEN_PATH`]), refused so by
/// every operation that checks a token and by `user_info`. From the platform's generic
/// error-code page.
pub const USER_TOKEN_EXPIRED_CODE: i64 = 99_991_677;
/// Message of [`USER_TOKEN_EXPIRED_CODE`].
pub const USER_TOKEN_EXPIRED_MSG: &str = "Authentication token expired.";
/// Code of the answer to a request whose user access token the mock did not sign in (or
/// no longer holds), was revoked, or was replaced by a refresh (HTTP 400); `user_info`
/// answers it for a token of another kind too. From the platform's generic error-code
/// page.
pub const USER_TOKEN_INVALID_CODE: i64 = 99_991_668;
/// Message of [`USER_TOKEN_INVALID_CODE`].
pub const USER_TOKEN_INVALID_MSG: &str =
    "Invalid user access token: unknown, revoked, or replaced by a refresh.";
/// Code of the answer to a token request whose app id and app secret do not match the
/// mock's app: HTTP 200 with `{"code":10014,"msg":"app secret invalid"}`, as public
/// reports show the platform answering (the documentation does not say).
pub const APP_SECRET_INVALID_CODE: i64 = 10_014;
/// Message of [`APP_SECRET_INVALID_CODE`].
pub const APP_SECRET_INVALID_MSG: &str = "app secret invalid";
/// Code of the answer to a token request without a JSON body holding `app_id` and
/// `app_secret` (missing, malformed, of another shape): HTTP 200 with
/// `{"code":10003,"msg":"invalid param"}`, the platform's generic code for a parameter it
/// cannot read.
pub const INVALID_PARAM_CODE: i64 = 10_003;
/// Message of [`INVALID_PARAM_CODE`].
pub const INVALID_PARAM_MSG: &str = "invalid param";
/// The value of `x-ogw-ratelimit-limit` in [`Fault::RateLimited`] answers (the platform
/// publishes no number for this endpoint; this one is the mock's).
pub const RATE_LIMIT_LIMIT: u64 = 50;
/// Every `X-Tt-Logid` of the mock starts with this, followed by a 10-digit counter
/// (`2026112610000000000001`, `...02`, ...), unique per answer of a server.
pub const LOGID_PREFIX: &str = "202611261000";

/// How many issued tokens a server holds at most unless
/// [`MockHelpdeskBuilder::max_tokens`] says otherwise: far more than the clients that use
/// one server at once, at about 160 bytes a token (640 KiB in all).
pub const DEFAULT_MAX_TOKENS: usize = 4096;

/// The credentials the mock accepts, well-known fake values ([`MOCK_APP_ID`],
/// [`MOCK_APP_SECRET`], [`MOCK_HELPDESK_ID`], [`MOCK_HELPDESK_TOKEN`],
/// [`MOCK_USER_ACCESS_TOKEN`] by default). `Debug` shows the ids only.
#[derive(Clone, PartialEq, Eq)]
pub struct MockCredentials {
    /// App id of the self-built app (`cli_mock_app`).
    pub app_id: String,
    /// App secret (`mock_app_secret`).
    pub app_secret: String,
    /// Helpdesk id (`mock_helpdesk`).
    pub helpdesk_id: String,
    /// Helpdesk token (`mock_helpdesk_token`).
    pub helpdesk_token: String,
    /// The user access token accepted by the operations whose `security` lists
    /// `userAccessToken` (`u-mock_user_access_token`); it does not expire. Empty: no
    /// user token is accepted.
    pub user_access_token: String,
}

impl Default for MockCredentials {
    fn default() -> Self {
        MockCredentials {
            app_id: MOCK_APP_ID.into(),
            app_secret: MOCK_APP_SECRET.into(),
            helpdesk_id: MOCK_HELPDESK_ID.into(),
            helpdesk_token: MOCK_HELPDESK_TOKEN.into(),
            user_access_token: MOCK_USER_ACCESS_TOKEN.into(),
        }
    }
}

impl fmt::Debug for MockCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockCredentials")
            .field("app_id", &self.app_id)
            .field("app_secret", &"<redacted>")
            .field("helpdesk_id", &self.helpdesk_id)
            .field("helpdesk_token", &"<redacted>")
            .field("user_access_token", &"<redacted>")
            .finish()
    }
}

impl MockCredentials {
    /// The value of `X-Lark-Helpdesk-Authorization` the mock expects: standard base64
    /// (with padding, no prefix) of `helpdesk_id:helpdesk_token`.
    ///
    /// ```
    /// let credentials = lark_helpdesk_mock::MockCredentials::default();
    /// assert_eq!(
    ///     credentials.helpdesk_header_value(),
    ///     "bW9ja19oZWxwZGVzazptb2NrX2hlbHBkZXNrX3Rva2Vu"
    /// );
    /// ```
    pub fn helpdesk_header_value(&self) -> String {
        STANDARD.encode(format!("{}:{}", self.helpdesk_id, self.helpdesk_token))
    }
}

/// Why the mock could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MockError {
    /// The listening socket could not be bound (e.g. the port is taken).
    #[error("cannot listen on {address}: {source}")]
    Bind {
        /// The address asked for.
        address: SocketAddr,
        /// The error of the operating system.
        #[source]
        source: std::io::Error,
    },
    /// The spec (the embedded one, or the one given to [`MockHelpdeskBuilder::spec`])
    /// lacks a fact the mock serves, or states one it cannot read.
    #[error("the spec lacks a fact the mock needs: {0}")]
    Spec(String),
}

/// Configures a [`MockHelpdesk`] before it starts.
///
/// By default the mock holds the documented example ticket (the `ticket_id` example of
/// the spec, `6948728206392295444`) with exactly the message of the spec's 200 example,
/// issues tokens valid for the spec's `expire` (7200 s), user access tokens valid
/// [`DEFAULT_USER_TOKEN_TTL`] and refresh tokens [`DEFAULT_REFRESH_TOKEN_TTL`], accepts
/// [`MockCredentials::default`] and loopback redirect URIs, and listens on any free port
/// of `127.0.0.1` (through the relay of [`refresh_gates`](Self::refresh_gates)).
///
/// Its memory is bounded, however long it runs, when it is told so: it holds at most
/// [`max_tokens`](Self::max_tokens) tokens (always), and with
/// [`record_requests(false)`](Self::record_requests) and
/// [`forget_requests_every`](Self::forget_requests_every) it keeps no copy of a request
/// past the next forgetting (the CLI's `mock-server` and `--mock` run so).
#[derive(Debug, Clone)]
pub struct MockHelpdeskBuilder {
    tickets: Vec<(String, TicketSource)>,
    default_ticket: bool,
    token_ttl: Option<Duration>,
    max_tokens: usize,
    port: u16,
    credentials: MockCredentials,
    record_requests: bool,
    forget: Option<Forget>,
    helpdesk: usize,
    capped_total: bool,
    spec: SpecChoice,
    users: UserConfig,
    refresh_gates: bool,
    long_connection: long_connection::LongConnectionConfig,
    events: events::EventsConfig,
}

/// The spec a server serves: the embedded one, or one given.
#[derive(Clone, Default)]
struct SpecChoice(Option<Spec>);

impl fmt::Debug for SpecChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            None => f.write_str("embedded"),
            Some(spec) => write!(f, "given ({} operations)", spec.operations().count()),
        }
    }
}

#[derive(Debug, Clone)]
enum TicketSource {
    Messages(Vec<TicketMessage>),
    Synthetic(usize),
}

impl MockHelpdeskBuilder {
    /// Serves a synthetic helpdesk of `tickets` tickets through "list tickets" and "get a
    /// ticket", each with its messages (tickets [`FIRST_SYNTHETIC_TICKET_ID`] on, created
    /// over months from 2026-06-01, in realistic statuses, channels and agents; most hold
    /// a few dozen messages, some hundreds, a few thousands). A helpdesk of over 1,000
    /// tickets is packed into less time and holds at most 3 messages a ticket, for tests
    /// of the 10,000-result cap. Deterministic: the same count gives the same helpdesk.
    ///
    /// The rest of a helpdesk comes with it, consistent with the tickets (the same
    /// whatever the count, a few dozen items, built once; images are built on request):
    ///
    /// * message images: the `image` messages, the covers of `media` messages and the
    ///   `img` elements some `post` messages hold download through `get_ticket_image` as
    ///   small real PNG or JPEG files (`image/png`, `image/jpeg`, named `{image_key}.png`
    ///   or `.jpg`), the same bytes every time; about one in ten was deleted (HTTP 401,
    ///   154404); any other message or index of a synthetic ticket gets the documented 404
    ///   or 400, an unknown ticket the 404;
    /// * the knowledge base: a category tree (four roots in three languages, their
    ///   children, one grandchild; `list_categories` answers it nested, `lang` filtering)
    ///   and 30 FAQs in each status `list_faqs` filters by ("1" online, "0" deleted, "2"
    ///   deleted for good; `category_id` and `search` filter too), each of an existing
    ///   category, some with images `get_faq_image` serves;
    /// * the agents every ticket names (and two more, off duty and removed): their
    ///   emails (`list_agent_emails`), schedules (`list_agent_schedules`,
    ///   `get_agent_schedules`), three skills (`list_agent_skills`, `get_agent_skill`)
    ///   made of the rules `list_agent_skill_rules` lists;
    /// * the ticket custom fields (`list_ticket_customized_fields`,
    ///   `get_ticket_customized_field`, and `list_customized_fields`): the one the tickets
    ///   carry (`cf_1`), a dropdown and a hidden multi-line text.
    ///
    /// The items join the documented examples in the `x-resource` collections (which
    /// keep working: create, get, list, patch, delete), so that the documentation's
    /// requests still find what they name; without a synthetic helpdesk every operation
    /// answers as before.
    pub fn synthetic_helpdesk(mut self, tickets: usize) -> Self {
        self.helpdesk = tickets;
        self
    }

    /// Whether "list tickets" reports `total` as the 10,000 results it pages through at
    /// most (`true`), or as the true count (`false`, the default). The platform does not
    /// document which it does; clients should cope with both.
    pub fn report_capped_total(mut self, capped: bool) -> Self {
        self.capped_total = capped;
        self
    }

    /// Adds (or replaces) a ticket holding `messages`.
    ///
    /// The mock serves them sorted by `created_at` (stable; messages whose
    /// `created_at` is missing or not a number come first and are left out by any time
    /// filter), and `total` is the number of messages it holds (after filtering).
    pub fn ticket(mut self, ticket_id: impl Into<String>, messages: Vec<TicketMessage>) -> Self {
        self.tickets
            .push((ticket_id.into(), TicketSource::Messages(messages)));
        self
    }

    /// Adds (or replaces) a ticket of `n` messages from [`generate_messages`], seeded by
    /// the ticket id (the same id always gets the same messages).
    ///
    /// Generation happens in [`start`](Self::start).
    pub fn synthetic_ticket(mut self, ticket_id: impl Into<String>, n: usize) -> Self {
        self.tickets
            .push((ticket_id.into(), TicketSource::Synthetic(n)));
        self
    }

    /// Leaves out the default example ticket (unless it is added explicitly).
    pub fn without_default_ticket(mut self) -> Self {
        self.default_ticket = false;
        self
    }

    /// How long issued tokens stay valid; the token answer's `expire` is its whole
    /// seconds. Defaults to the `expire` of the spec's token example (7200 s).
    pub fn token_ttl(mut self, ttl: Duration) -> Self {
        self.token_ttl = Some(ttl);
        self
    }

    /// How many of the tokens it issued the server holds at most (at least 1; by default
    /// [`DEFAULT_MAX_TOKENS`]), so that a client fetching a token per request or per test
    /// does not grow it without end. A token it no longer holds is refused with
    /// `99991663`, as an expired one is.
    ///
    /// It bounds the user sign-ins held too (each with its current tokens): past it, a
    /// new sign-in first drops those whose tokens are all dead (expired or revoked), then
    /// the least recently refreshed or used; the tokens of a dropped sign-in are refused
    /// as unknown (`99991668`, refresh `20026`). The pending authorization codes and
    /// device codes are bounded apart (1,024 each, the oldest forgotten first).
    ///
    /// Issuing a token first drops the expired tokens least recently issued or used,
    /// then, while `max` are still held, the least recently issued or used one. A request
    /// with a held, valid token makes it the most recently used: a client that keeps its
    /// token works as long as fewer than `max` tokens are issued between two of its
    /// requests. [`MockHelpdesk::tokens_held`] counts them.
    pub fn max_tokens(mut self, max: usize) -> Self {
        self.max_tokens = max;
        self
    }

    /// Listens on `127.0.0.1:port`; `0` (the default) picks any free port.
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Accepts these credentials instead of the default ones.
    pub fn credentials(mut self, credentials: MockCredentials) -> Self {
        self.credentials = credentials;
        self
    }

    /// Whether wiremock records the requests (the default). A long-running server (the
    /// CLI's `--mock` mode) turns it off, with
    /// [`forget_requests_every`](Self::forget_requests_every), to keep its memory flat;
    /// then [`MockHelpdesk::received_requests`] and [`MockHelpdesk::message_requests`] are
    /// empty.
    pub fn record_requests(mut self, record: bool) -> Self {
        self.record_requests = record;
        self
    }

    /// Bounds what wiremock keeps of the requests of a server that does not record them
    /// ([`record_requests(false)`](Self::record_requests)); ignored when it records, so
    /// that the record stays whole.
    ///
    /// Recording or not, each wiremock route keeps a copy of every request it answered
    /// (about 9 KiB each, with the read buffer its headers point into), and only a reset
    /// of the wiremock server frees them. With this option, after every `requests`
    /// requests (at least 1) the mock resets wiremock and mounts its routes again: its tickets, tokens, faults and clock are kept;
    /// mocks mounted through [`MockHelpdesk::server`] are dropped.
    ///
    /// The task runs on the server's own tokio runtime, which has one thread, and resets
    /// and mounts in a single poll, so no request finds the routes missing.
    pub fn forget_requests_every(mut self, requests: u64) -> Self {
        self.forget = Some(Forget {
            every: requests.max(1),
        });
        self
    }

    /// Serves `spec` instead of the embedded `openapi/helpdesk.yaml` (e.g. a copy with an
    /// operation added, which is then served with no code of its own). It must still hold
    /// what the hand-written responders serve: the token endpoint, "list tickets", "get a
    /// ticket" and "get ticket messages", with their documented examples.
    pub fn spec(mut self, spec: Spec) -> Self {
        self.spec = SpecChoice(Some(spec));
        self
    }

    /// How long the user access tokens of a sign-in last (judged by the server's clock,
    /// see [`MockHelpdesk::advance_clock`]); `expires_in` is its whole seconds. Default
    /// [`DEFAULT_USER_TOKEN_TTL`] (7200 s). An expired one is refused with
    /// [`USER_TOKEN_EXPIRED_CODE`].
    pub fn user_token_ttl(mut self, ttl: Duration) -> Self {
        self.users.access_ttl = ttl;
        self
    }

    /// How long a refresh token lasts (judged by the server's clock), never past the
    /// sign-in's [`SIGN_IN_LIFETIME`]; `refresh_token_expires_in` is its whole seconds.
    /// Default [`DEFAULT_REFRESH_TOKEN_TTL`] (604800 s, 7 days). An expired one is
    /// refused with `20037`.
    pub fn refresh_token_ttl(mut self, ttl: Duration) -> Self {
        self.users.refresh_ttl = ttl;
        self
    }

    /// How long the access token a refresh replaces stays valid. By default it dies at
    /// once (`Duration::ZERO`), as the platform's FAQ says of both old tokens; its
    /// refresh page speaks of a one-minute grace instead, which
    /// `rotation_grace(Duration::from_secs(60))` serves. A client that copes with the
    /// default copes with both.
    pub fn rotation_grace(mut self, grace: Duration) -> Self {
        self.users.grace = grace;
        self
    }

    /// The device flow's polling `interval` (whole seconds are answered; a poll sooner
    /// than it after the one before, by the server's clock, gets `slow_down`). Default
    /// [`DEFAULT_DEVICE_POLL_INTERVAL`] (5 s).
    pub fn device_poll_interval(mut self, interval: Duration) -> Self {
        self.users.device_interval = interval;
        self
    }

    /// Redirect URIs the authorize page accepts besides the loopback ones
    /// (`http://127.0.0.1:PORT/...`, `http://localhost:PORT/...`, `http://[::1]:PORT/...`,
    /// always accepted): each compared whole, as the platform compares the URIs
    /// registered in an app's console (no wildcard).
    pub fn redirect_uris<I, S>(mut self, uris: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.users
            .redirect_uris
            .extend(uris.into_iter().map(Into::into));
        self
    }

    /// Whether refresh answers can be held with [`MockHelpdesk::hold_refreshes`] (the
    /// default). wiremock answers at once, so the server then listens through a byte
    /// relay of its own in front of wiremock (a thread, a second socket per connection),
    /// which holds the answers marked for a gate. A server meant to last (the CLI's
    /// `mock-server` and `--mock`) turns it off and is wiremock alone.
    pub fn refresh_gates(mut self, enabled: bool) -> Self {
        self.refresh_gates = enabled;
        self
    }

    /// Binds the port and starts serving.
    ///
    /// The server runs on a thread of its own (wiremock's), so it works under any tokio
    /// runtime, and stops when the [`MockHelpdesk`] is dropped.
    ///
    /// # Errors
    ///
    /// [`MockError::Bind`] when the port cannot be bound, [`MockError::Spec`] when the
    /// spec lacks a fact the mock serves (or an extension of it cannot be read, or a
    /// request body's schema does not compile).
    pub async fn start(self) -> Result<MockHelpdesk, MockError> {
        let (facts, operations) = match &self.spec.0 {
            None => (Facts::embedded(), Operations::embedded()),
            Some(spec) => (
                Facts::read(spec).map(Arc::new),
                Operations::read(spec).map(Arc::new),
            ),
        };
        let (facts, operations) = (
            facts.map_err(MockError::Spec)?,
            operations.map_err(MockError::Spec)?,
        );
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, self.port));
        let bind = |address: SocketAddr| {
            TcpListener::bind(address).map_err(|source| MockError::Bind { address, source })
        };
        let listener = bind(address)?;
        // With the relay, clients reach it, and it reaches wiremock on a port of its own.
        let (listener, public) = if self.refresh_gates {
            let public = listener
                .local_addr()
                .map_err(|source| MockError::Bind { address, source })?;
            (
                bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))?,
                Some((listener, public)),
            )
        } else {
            (listener, None)
        };

        let mut tickets = HashMap::new();
        if self.default_ticket {
            tickets.insert(
                facts.example_ticket_id.clone(),
                Ticket::new(facts.example_messages.clone()),
            );
        }
        for (id, source) in self.tickets {
            let messages = match source {
                TicketSource::Messages(messages) => messages,
                TicketSource::Synthetic(n) => generate_messages(n, data::seed_of(&id)),
            };
            tickets.insert(id, Ticket::new(messages));
        }
        let helpdesk = tickets::generate_helpdesk(self.helpdesk, tickets::SEED);
        for t in &helpdesk {
            let id = t.ticket.ticket_id.clone().unwrap_or_default();
            let start = t.ticket.created_at.unwrap_or_default() + 60_000;
            tickets.insert(
                id.clone(),
                Ticket::new(data::messages_from(t.messages, &id, start)),
            );
        }

        let mut server = MockServer::builder().listener(listener);
        if !self.record_requests {
            server = server.disable_request_recording();
        }
        let server = Arc::new(server.start().await);
        let gates = Arc::new(gate::Gates::default());
        let (relay, address) = match public {
            Some((listener, public)) => {
                let relay = relay::start(listener, *server.address(), Arc::clone(&gates)).map_err(
                    |source| MockError::Bind {
                        address: public,
                        source,
                    },
                )?;
                (Some(relay), public)
            }
            None => (None, *server.address()),
        };
        let token_ttl = self.token_ttl.unwrap_or(facts.token_ttl);
        let salt = token_salt(&address);
        let mut users = self.users;
        users.max_sign_ins = self.max_tokens;
        let bus = events::Bus::new(
            self.events.identity(&self.credentials),
            salt.rotate_left(41),
        );
        let shared = Arc::new(Shared::new(
            facts,
            operations,
            tickets,
            helpdesk,
            self.capped_total,
            self.credentials,
            token_ttl,
            salt,
            Users::new(users, salt.rotate_left(17)),
            gates,
            format!("http://{address}"),
            bus,
            (self.helpdesk > 0).then(|| extras::Extras::generate(tickets::SEED)),
        ));

        shared.set_max_tokens(self.max_tokens);
        let long_connection =
            long_connection::Server::start(self.long_connection, shared.credentials.clone())?;
        let _ = shared.long_connection.set(Arc::clone(&long_connection.hub));
        // Every change is pushed over the long connection too, to whichever client is
        // connected (held until one is).
        long_connection.hub.attach_feed(shared.events.subscribe());
        let forgetter = match self.forget {
            Some(forget) if !self.record_requests => Some(Forgetter::new(forget, &server, &shared)),
            _ => None,
        };
        for mock in routes(&shared, forgetter) {
            mock.mount(&server).await;
        }

        let thread = |source| MockError::Bind { address, source };
        let events = events::Running::start(&self.events, &shared.events).map_err(thread)?;
        let activity = match self.events.activity_every {
            Some(every) => Some(changes::start_activity(&shared, every).map_err(thread)?),
            None => None,
        };
        Ok(MockHelpdesk {
            server,
            shared,
            address,
            relay,
            long_connection,
            events,
            _activity: activity,
        })
    }
}

/// The mock's routes, in the order they are mounted (wiremock asks the mocks of one
/// priority in that order), after `forgetter` when there is one.
fn routes(shared: &Arc<Shared>, forgetter: Option<Forgetter>) -> Vec<Mock> {
    let facts = &shared.facts;
    let mut routes: Vec<Mock> = forgetter
        .map(|f| {
            Mock::given(f)
                .respond_with(ResponseTemplate::new(500))
                .with_priority(1)
                .named("forget requests")
        })
        .into_iter()
        .collect();
    let applying = shared.clone();
    let refreshing = shared.clone();
    let refreshing_lost = shared.clone();
    routes.extend([
        Mock::given(CountRequests(shared.clone()))
            .respond_with(ResponseTemplate::new(500))
            .with_priority(1)
            .named("count requests"),
        Mock::given(ConnectionErrorMatcher(shared.clone()))
            .respond_with_err(|_: &Request| {
                std::io::Error::new(
                    std::io::ErrorKind::ConnectionReset,
                    "injected fault: connection dropped",
                )
            })
            .with_priority(1)
            .named("fault: connection error"),
        Mock::given(DropAfterApplyingMatcher(shared.clone()))
            .respond_with_err(move |request: &Request| {
                // Served as without the fault (a write applied), the answer dropped.
                drop(generic::answer(&applying, request, false));
                std::io::Error::new(
                    std::io::ErrorKind::ConnectionReset,
                    "injected fault: connection dropped after applying the request",
                )
            })
            .with_priority(1)
            .named("fault: drop after applying"),
        Mock::given(oauth::RefreshDropMatcher(
            shared.clone(),
            Fault::ConnectionError,
        ))
        .respond_with_err(move |request: &Request| {
            oauth::dropped(&refreshing, request, false);
            std::io::Error::new(
                std::io::ErrorKind::ConnectionReset,
                "injected fault: connection dropped",
            )
        })
        .with_priority(1)
        .named("fault: refresh connection error"),
        Mock::given(oauth::RefreshDropMatcher(
            shared.clone(),
            Fault::DropAfterApplying,
        ))
        .respond_with_err(move |request: &Request| {
            // The refresh applied (the old refresh token dead), the answer dropped.
            oauth::dropped(&refreshing_lost, request, true);
            std::io::Error::new(
                std::io::ErrorKind::ConnectionReset,
                "injected fault: connection dropped after applying the refresh",
            )
        })
        .with_priority(1)
        .named("fault: refresh drop after applying"),
        Mock::given(oauth::OAuthRoute)
            .respond_with(oauth::OAuthResponder(shared.clone()))
            .named("user sign-in (OAuth)"),
        Mock::given(method("POST"))
            .and(path(facts.token_path.as_str()))
            .respond_with(TokenResponder(shared.clone()))
            .named("tenant_access_token_internal"),
        Mock::given(MessagesPath(Arc::clone(facts)))
            .respond_with(MessagesResponder(shared.clone()))
            .named("list_ticket_messages"),
        Mock::given(helpdesk::ListTicketsPath(shared.clone()))
            .respond_with(helpdesk::ListTicketsResponder(shared.clone()))
            .named("list_tickets"),
        Mock::given(helpdesk::GetTicketPath(shared.clone()))
            .respond_with(helpdesk::GetTicketResponder(shared.clone()))
            .named("get_ticket"),
        Mock::given(generic::GenericRoute(shared.clone()))
            .respond_with(generic::GenericResponder(shared.clone()))
            .named("every other operation of the spec"),
        Mock::given(wiremock::matchers::any())
            .respond_with(NotFoundResponder(shared.clone()))
            .with_priority(u8::MAX)
            .named("not found"),
    ]);
    routes.extend(shared.long_connection.get().map(long_connection::route));
    routes
}

/// How often a server that does not record requests forgets them.
#[derive(Debug, Clone, Copy)]
struct Forget {
    every: u64,
}

/// The first route when requests are forgotten: wiremock asks it about every request
/// before the others, and it never matches (so wiremock keeps no copy for it); at the
/// count, it spawns the task that forgets, on the server's runtime (matching runs there).
struct Forgetter {
    forget: Forget,
    seen: AtomicU64,
    /// Weak: the server owns this route.
    server: Weak<MockServer>,
    shared: Arc<Shared>,
}

impl Forgetter {
    fn new(forget: Forget, server: &Arc<MockServer>, shared: &Arc<Shared>) -> Self {
        Forgetter {
            forget,
            seen: AtomicU64::new(0),
            server: Arc::downgrade(server),
            shared: Arc::clone(shared),
        }
    }
}

impl Match for Forgetter {
    fn matches(&self, _: &Request) -> bool {
        let seen = self.seen.fetch_add(1, Ordering::Relaxed) + 1;
        if seen == self.forget.every
            && let Some(server) = self.server.upgrade()
        {
            tokio::spawn(forget(server, Arc::clone(&self.shared), self.forget));
        }
        false
    }
}

/// Resets wiremock (dropping its copies of the requests) and mounts the routes again.
///
/// The reset and every mount are polled together, in order: on the server's thread no
/// request is answered in between, and should something else hold wiremock's lock, they
/// wait in its queue one after the other, ahead of any request that comes after them.
async fn forget(server: Arc<MockServer>, shared: Arc<Shared>, forget: Forget) {
    let forgetter = Forgetter::new(forget, &server, &shared);
    let mut steps: Vec<Pin<Box<dyn Future<Output = ()> + Send + '_>>> =
        vec![Box::pin(server.reset())];
    for mock in routes(&shared, Some(forgetter)) {
        steps.push(Box::pin(server.register(mock)));
    }
    std::future::poll_fn(|cx| {
        steps.retain_mut(|step| step.as_mut().poll(cx).is_pending());
        if steps.is_empty() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await;
}

/// Tokens differ between servers (and runs): a token of one mock is unknown to another.
fn token_salt(address: &SocketAddr) -> u64 {
    static SERVERS: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    nanos ^ (u64::from(address.port()) << 48) ^ SERVERS.fetch_add(1, Ordering::Relaxed)
}

/// A running fake Helpdesk server. Dropping it stops the server.
pub struct MockHelpdesk {
    /// Shared with the task that forgets requests (see
    /// [`MockHelpdeskBuilder::forget_requests_every`]).
    server: Arc<MockServer>,
    shared: Arc<Shared>,
    /// Where clients reach it: the relay's address, or wiremock's.
    address: SocketAddr,
    /// The relay in front of wiremock ([`MockHelpdeskBuilder::refresh_gates`]).
    relay: Option<relay::Relay>,
    /// The long connection's WebSocket server.
    long_connection: long_connection::Server,
    /// The callback pusher and its record ([`MockHelpdeskBuilder::events_to`]).
    events: events::Running,
    /// The self-activity ticker ([`MockHelpdeskBuilder::activity_every`]).
    _activity: Option<changes::Activity>,
}

impl fmt::Debug for MockHelpdesk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockHelpdesk")
            .field("uri", &self.uri())
            .field("tickets", &self.shared.tickets().len())
            .finish_non_exhaustive()
    }
}

impl MockHelpdesk {
    /// Starts a mock with the default configuration (see [`MockHelpdeskBuilder`]) on a
    /// free port of `127.0.0.1`.
    ///
    /// # Panics
    ///
    /// When no loopback port can be bound at all (or the embedded spec is broken, which
    /// the spec tests rule out). Use [`MockHelpdesk::builder`] to get these as errors.
    pub async fn start() -> MockHelpdesk {
        match Self::builder().start().await {
            Ok(mock) => mock,
            Err(e) => panic!("lark-helpdesk-mock: {e}"),
        }
    }

    /// A builder, to choose the tickets, token lifetime, port or credentials.
    pub fn builder() -> MockHelpdeskBuilder {
        MockHelpdeskBuilder {
            tickets: Vec::new(),
            default_ticket: true,
            token_ttl: None,
            max_tokens: DEFAULT_MAX_TOKENS,
            port: 0,
            credentials: MockCredentials::default(),
            record_requests: true,
            forget: None,
            helpdesk: 0,
            capped_total: false,
            spec: SpecChoice::default(),
            users: UserConfig::default(),
            refresh_gates: true,
            long_connection: long_connection::LongConnectionConfig::default(),
            events: events::EventsConfig::default(),
        }
    }

    /// The base URL, e.g. `http://127.0.0.1:41231` (no trailing slash): the API host
    /// and the accounts host (sign-in) alike.
    pub fn uri(&self) -> String {
        self.shared.uri.clone()
    }

    /// The address the server listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The credentials the mock accepts.
    pub fn credentials(&self) -> &MockCredentials {
        &self.shared.credentials
    }

    /// The documented example ticket id the default dataset holds.
    pub fn example_ticket_id(&self) -> &str {
        &self.shared.facts.example_ticket_id
    }

    /// The messages of a ticket as the mock serves them (sorted by `created_at`), or
    /// `None` when the mock does not hold that ticket.
    pub fn messages(&self, ticket_id: &str) -> Option<Vec<TicketMessage>> {
        self.shared
            .tickets()
            .get(ticket_id)
            .map(|t| t.messages().to_vec())
    }

    /// Adds `n` synthetic messages to a ticket of the synthetic helpdesk while the server
    /// runs, as a conversation that goes on: the first follows the ticket's last message by
    /// one millisecond, each of the others the one before it (so that they share a second
    /// with the last message held before: the boundary a client's time filter has to
    /// handle), and the ticket's `updated_at` becomes the server's time. Each message
    /// emits `helpdesk.ticket_message.created_v1` (see [`events`]). Returns `false`,
    /// adding nothing, when the synthetic helpdesk has no such ticket.
    pub fn add_messages(&self, ticket_id: &str, n: usize) -> bool {
        changes::add_messages(&self.shared, ticket_id, n)
    }

    /// Adds a ticket to the synthetic helpdesk while the server runs, created now (the
    /// server's time), never updated (`updated_at` -1, as the platform reports it), in
    /// status 1 (created), holding `n` synthetic messages from its creation on. Emits
    /// `helpdesk.ticket.created_v1`, then `helpdesk.ticket_message.created_v1` for each
    /// message. Returns its id: the one after the last ticket's.
    pub fn add_ticket(&self, n: usize) -> String {
        changes::add_ticket(&self.shared, n)
    }

    /// Moves a ticket on, as an agent working on it does, and emits
    /// `helpdesk.ticket.updated_v1` (the ticket after, and its stage, status and
    /// `updated_at` before): a bot ticket is handed to an agent (stage 2, status 2), a
    /// human one goes to the next status (1 to 5, then 51: closed by an agent, solved), a
    /// closed one is opened again (status 2). Its `updated_at` becomes the server's time;
    /// "get a ticket" and "list tickets" answer the new version. Works on the tickets of
    /// the synthetic helpdesk and those whose messages the server holds; returns `false`,
    /// changing nothing, for another id.
    pub fn update_ticket(&self, ticket_id: &str) -> bool {
        changes::update_ticket(&self.shared, ticket_id, changes::next_step)
    }

    /// How long the tokens it issues stay valid.
    pub fn token_ttl(&self) -> Duration {
        self.shared.token_ttl
    }

    /// Makes every token issued so far invalid (as if expired): requests carrying them
    /// get `99991663`. Tokens issued afterwards are valid.
    pub fn expire_tokens(&self) {
        self.shared.expire_tokens();
    }

    /// Moves the server's clock forward by `by`: tokens whose lifetime ([`token_ttl`](Self::token_ttl))
    /// has then run out are refused, as they would be that much later. Tests use it instead
    /// of sleeping.
    pub fn advance_clock(&self, by: Duration) {
        self.shared.advance_clock(by);
    }

    /// The number of requests the token endpoint received (successful or not).
    pub fn token_requests(&self) -> usize {
        self.shared.token_requests()
    }

    /// The number of tokens issued.
    pub fn tokens_issued(&self) -> usize {
        self.shared.tokens_issued()
    }

    /// The number of issued tokens the server holds (and so accepts while they are
    /// valid): at most [`MockHelpdeskBuilder::max_tokens`]. It may count expired tokens
    /// not dropped yet; [`expire_tokens`](Self::expire_tokens) drops them all.
    pub fn tokens_held(&self) -> usize {
        self.shared.tokens_held()
    }

    /// Injects `fault` into the requests to the helpdesk operations (all but the token
    /// endpoint) that `scope` selects, or, with
    /// `FaultScope::Operation(OAUTH_REFRESH_OPERATION.into())`, into the refresh grants
    /// of user sign-in (see [`OAUTH_REFRESH_OPERATION`]).
    ///
    /// Faults apply before authentication and validation. When several are in force, a
    /// request gets the first injected one whose scope selects it; a
    /// [`FaultScope::NextRequests`] fault counts down only on the requests it is applied
    /// to.
    pub fn inject(&self, scope: FaultScope, fault: Fault) {
        self.shared.state().faults.push(scope, fault);
    }

    /// A closed gate: from now on, the answers of the token endpoint's refresh grants
    /// wait at it until [`Gate::release`] (or until it is dropped), so that a test can
    /// have two clients (two processes) refreshing at once without betting on the wall
    /// clock; [`Gate::waiting`] counts them, [`Gate::until_waiting`] waits for them.
    ///
    /// Each refresh is applied when it arrives (its refresh token dies then, as when the
    /// platform has answered and the answer is on its way); only its answer waits. A
    /// second gate replaces the first for the refreshes that come afterwards.
    ///
    /// Answers are held on HTTP/1.1 connections (what `reqwest` and `curl` use on
    /// `http://`); an HTTP/2 client's are not held.
    ///
    /// ```
    /// use lark_helpdesk_mock::{DEVICE_AUTHORIZATION_PATH, MockHelpdesk, TOKEN_PATH};
    /// use serde_json::{Value, json};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let mock = MockHelpdesk::start().await;
    /// let c = mock.credentials().clone();
    /// let http = reqwest::Client::new();
    /// let token = format!("{}{TOKEN_PATH}", mock.uri());
    /// // A sign-in by the device flow, approved by fetching its page.
    /// let device: Value = http
    ///     .post(format!("{}{DEVICE_AUTHORIZATION_PATH}", mock.uri()))
    ///     .basic_auth(&c.app_id, Some(&c.app_secret))
    ///     .form(&[("scope", "offline_access")])
    ///     .send().await?.json().await?;
    /// reqwest::get(device["verification_uri_complete"].as_str().unwrap()).await?;
    /// let tokens: Value = http
    ///     .post(&token)
    ///     .json(&json!({
    ///         "grant_type": "urn:ietf:params:oauth:grant-type:device_code",
    ///         "client_id": c.app_id, "client_secret": c.app_secret,
    ///         "device_code": device["device_code"],
    ///     }))
    ///     .send().await?.json().await?;
    ///
    /// // Its refresh, held until released.
    /// let gate = mock.hold_refreshes();
    /// let refresh = tokio::spawn(
    ///     http.post(&token)
    ///         .json(&json!({
    ///             "grant_type": "refresh_token",
    ///             "client_id": c.app_id, "client_secret": c.app_secret,
    ///             "refresh_token": tokens["refresh_token"],
    ///         }))
    ///         .send(),
    /// );
    /// gate.until_waiting(1).await;
    /// assert!(!refresh.is_finished());
    /// gate.release();
    /// assert_eq!(refresh.await??.status(), 200);
    /// assert_eq!(mock.refreshes(), 1);
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Panics
    ///
    /// When the mock was started with
    /// [`refresh_gates(false)`](MockHelpdeskBuilder::refresh_gates).
    pub fn hold_refreshes(&self) -> Gate {
        assert!(
            self.relay.is_some(),
            "lark-helpdesk-mock: hold_refreshes needs a mock started with refresh_gates(true)"
        );
        self.shared.gates.close()
    }

    /// How many refresh grants the token endpoint received: answered (successes and
    /// refusals alike), faulted, dropped or held.
    pub fn refreshes(&self) -> usize {
        self.shared.users().refreshes
    }

    /// How many sign-ins there were: authorization codes and device codes exchanged for
    /// tokens (refusals not counted).
    pub fn sign_ins(&self) -> usize {
        self.shared.users().exchanged
    }

    /// Revokes every sign-in, as a user revoking the app's access does: their access
    /// tokens are refused with [`USER_TOKEN_INVALID_CODE`], their refresh tokens with
    /// `20064`. [`MockCredentials::user_access_token`] is not affected.
    pub fn revoke_sign_ins(&self) {
        self.shared.users().revoke_all();
    }

    /// Removes every injected fault.
    pub fn clear_faults(&self) {
        self.shared.state().faults.clear();
    }

    /// Every request the server received, in order (wiremock's record).
    pub async fn received_requests(&self) -> Vec<Request> {
        self.server.received_requests().await.unwrap_or_default()
    }

    /// How many requests the operation of this id received (answered, refused, faulted
    /// or dropped alike), counted whether wiremock records requests or not; 0 for an id
    /// the spec lacks.
    pub fn requests_of(&self, operation_id: &str) -> usize {
        self.shared.requests_of(operation_id)
    }

    /// The requests to the messages endpoint, in order.
    pub async fn message_requests(&self) -> Vec<Request> {
        let facts = &self.shared.facts;
        let mut requests = self.received_requests().await;
        requests.retain(|r| facts.ticket_segment(r.url.path()).is_some());
        requests
    }

    /// The underlying wiremock server, e.g. to mount more mocks (priorities below 5
    /// take precedence over the mock's routes). With
    /// [`refresh_gates`](MockHelpdeskBuilder::refresh_gates) (the default) its own
    /// `uri()` is the port the relay reaches it on: clients use [`uri`](Self::uri).
    pub fn server(&self) -> &MockServer {
        &self.server
    }
}
