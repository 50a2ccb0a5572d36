//! The mock as an event source: every change it sees becomes the schema 2.0 event the
//! platform would send, and is pushed to the app's request URL when one is given.
//!
//! * `bus`: the event bus of a server. Each change (a message sent through the API or
//!   added by a test hook, a ticket updated through the API or a hook, a ticket added, a
//!   change of the self-activity ticker) is emitted as the JSON text of its envelope
//!   (`schema` "2.0", `header` with a fresh `event_id`, `event_type`, `create_time` in
//!   milliseconds of the server's clock, `token` when a Verification Token is configured,
//!   `app_id`, `tenant_key`; `event` shaped by `shape` as the spec's schema for its
//!   type).
//! * `push`: the subscriber that POSTs each event to the URL of
//!   [`MockHelpdeskBuilder::events_to`], encrypted and signed with an Encrypt Key,
//!   retried on the platform's schedule, faulted as [`PushFault`] says.
//!
//! # Consuming the bus (for another delivery mode)
//!
//! Any code of the crate holding the server's `Shared` subscribes with
//! `shared.events.subscribe()`, which is
//! `pub(crate) fn subscribe(&self) -> tokio::sync::mpsc::UnboundedReceiver<std::sync::Arc<str>>`:
//! the receiver gets every event emitted after the call, in the order emitted, as the
//! plain (never encrypted) JSON text of its envelope, the same text every subscriber
//! gets (the callback pusher is one of them). It is unbounded: read it, or drop it to
//! unsubscribe. `recv()` answers `None` once the server is stopped (the bus dropped).
//! Nothing is emitted for changes made before subscribing, and a subscriber never
//! blocks the server or other subscribers.
//!
//! # An implementation of its own
//!
//! The encryption, the signature and the event envelope are written here again, from
//! the platform's documentation, rather than taken from the SDK: on purpose. The fake
//! server is an independent implementation of the platform, which the SDK's receiver is
//! tested against (a mistake shared by both would pass unseen otherwise), and the mock
//! does not depend on the SDK.
//!
//! [`MockHelpdeskBuilder::events_to`]: crate::MockHelpdeskBuilder::events_to

pub(crate) mod bus;
pub(crate) mod push;
pub(crate) mod shape;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

pub(crate) use bus::{Bus, Identity};

use crate::{MockCredentials, MockHelpdesk, MockHelpdeskBuilder};

/// The platform's retry schedule of a failed push: 15 s, 5 min, 1 h and 6 h after the
/// failure before it (4 retries; about 7.1 hours in all). See
/// [`MockHelpdeskBuilder::retry_schedule`] to compress it.
pub const DEFAULT_RETRY_SCHEDULE: [Duration; 4] = [
    Duration::from_secs(15),
    Duration::from_secs(5 * 60),
    Duration::from_secs(3600),
    Duration::from_secs(6 * 3600),
];

/// How long a push waits for the app's answer: a push not answered 200 within it has
/// failed (and is retried), as on the platform.
pub const PUSH_TIMEOUT: Duration = Duration::from_secs(3);

/// The `tenant_key` in the header of the mock's events.
pub const MOCK_TENANT_KEY: &str = "mock_tenant_key";

/// A fault of the callback pusher ([`MockHelpdesk::inject_push_fault`]), as the platform
/// may show them to an app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PushFault {
    /// Each event is delivered twice, one delivery after the other (the second with the
    /// same `event_id`, as a re-push after a lost acknowledgement is), each retried on
    /// its own when it fails.
    Duplicate,
    /// Events are held until `batch` (at least 1) of them are, then pushed in reverse
    /// order. Held events go out in order before the next event once the fault is
    /// cleared.
    OutOfOrder {
        /// How many events a batch holds.
        batch: usize,
    },
    /// `X-Lark-Signature` is wrong (computed with another key); without an Encrypt Key,
    /// the signature headers, otherwise not sent, are sent, wrong.
    BadSignature,
    /// Each push (first or retry) waits this long before it is sent.
    Slow(Duration),
}

/// One push of an event to the request URL, in the order they were answered
/// ([`MockHelpdesk::pushes`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PushRecord {
    /// `header.event_id` of the event pushed.
    pub event_id: String,
    /// `header.event_type` of the event pushed.
    pub event_type: String,
    /// 1 for the first push of a delivery, 2 and on for its retries (2 to 5 with the
    /// default schedule).
    pub attempt: u32,
    /// The HTTP status answered; `None` when none came (connection refused or dropped,
    /// or no answer within [`PUSH_TIMEOUT`]).
    pub status: Option<u16>,
}

/// What the builder says of events.
#[derive(Clone, Default)]
pub(crate) struct EventsConfig {
    push_to: Option<String>,
    encrypt_key: Option<String>,
    verification_token: Option<String>,
    tenant_key: Option<String>,
    schedule: Option<Vec<Duration>>,
    pub(crate) activity_every: Option<Duration>,
}

impl fmt::Debug for EventsConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let set = |s: &Option<String>| s.as_ref().map(|_| "<redacted>");
        f.debug_struct("EventsConfig")
            .field("push_to", &self.push_to)
            .field("encrypt_key", &set(&self.encrypt_key))
            .field("verification_token", &set(&self.verification_token))
            .field("tenant_key", &self.tenant_key)
            .field("schedule", &self.schedule)
            .field("activity_every", &self.activity_every)
            .finish()
    }
}

impl EventsConfig {
    /// What the header of each event says, for a server of these credentials.
    pub(crate) fn identity(&self, credentials: &MockCredentials) -> Identity {
        Identity {
            app_id: credentials.app_id.clone(),
            tenant_key: self
                .tenant_key
                .clone()
                .unwrap_or_else(|| MOCK_TENANT_KEY.to_owned()),
            verification_token: self.verification_token.clone(),
        }
    }
}

/// The events side of a running server: the pusher (if any) and what it shares.
#[derive(Default)]
pub(crate) struct Running {
    state: Arc<push::PushState>,
    /// The Encrypt Key given (for [`MockHelpdesk::env_var`]).
    pub(crate) encrypt_key: Option<String>,
    /// The Verification Token given (for [`MockHelpdesk::env_var`]).
    pub(crate) verification_token: Option<String>,
    /// Dropped with the server: the pusher stops.
    _pusher: Option<push::Pusher>,
}

impl fmt::Debug for Running {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Running")
            .field("pushing", &self._pusher.is_some())
            .finish_non_exhaustive()
    }
}

impl Running {
    /// Starts the pusher of `config` (when it gives a URL) as a subscriber of `bus`.
    pub(crate) fn start(config: &EventsConfig, bus: &Bus) -> std::io::Result<Running> {
        let state = Arc::new(push::PushState::default());
        let pusher = match &config.push_to {
            Some(url) => Some(push::start(
                bus.subscribe(),
                push::PushConfig {
                    url: url.clone(),
                    encrypt_key: config.encrypt_key.clone(),
                    schedule: config
                        .schedule
                        .clone()
                        .unwrap_or_else(|| DEFAULT_RETRY_SCHEDULE.to_vec()),
                    timeout: PUSH_TIMEOUT,
                },
                Arc::clone(&state),
            )?),
            None => None,
        };
        Ok(Running {
            state,
            encrypt_key: config.encrypt_key.clone(),
            verification_token: config.verification_token.clone(),
            _pusher: pusher,
        })
    }
}

impl MockHelpdeskBuilder {
    /// Pushes every event (see the crate's docs: messages sent and tickets updated
    /// through the API, the test hooks, the activity ticker) to `url`, the app's request
    /// URL, as the platform does: `POST`, `Content-Type: application/json; charset=utf-8`,
    /// the schema 2.0 event as the body (encrypted and signed with
    /// [`encrypt_key`](Self::encrypt_key)); a push not answered 200 within
    /// [`PUSH_TIMEOUT`] is retried on the [`retry_schedule`](Self::retry_schedule). The
    /// first pushes go out one at a time, in the order of the events; retries go out
    /// beside them; at most 10,000 failed events wait for a retry at once (past them, the
    /// oldest waiting is given up). [`MockHelpdesk::pushes`] records each push.
    pub fn events_to(mut self, url: impl Into<String>) -> Self {
        self.events.push_to = Some(url.into());
        self
    }

    /// The app's Encrypt Key: each pushed body becomes `{"encrypt": "..."}`, standard
    /// base64 of a random 16-byte IV followed by the AES-256-CBC (PKCS#7) ciphertext of
    /// the event's JSON, the key being SHA-256 of the Encrypt Key; and each push carries
    /// `X-Lark-Request-Timestamp` (Unix seconds), `X-Lark-Request-Nonce` and
    /// `X-Lark-Signature`, lowercase hex of SHA-256 over timestamp, nonce, Encrypt Key and
    /// the raw body, concatenated. Without it, bodies are plain and unsigned.
    pub fn encrypt_key(mut self, key: impl Into<String>) -> Self {
        self.events.encrypt_key = Some(key.into());
        self
    }

    /// The app's Verification Token: the `header.token` of every event (left out
    /// without it).
    pub fn verification_token(mut self, token: impl Into<String>) -> Self {
        self.events.verification_token = Some(token.into());
        self
    }

    /// The `header.tenant_key` of every event (by default [`MOCK_TENANT_KEY`]).
    pub fn tenant_key(mut self, tenant_key: impl Into<String>) -> Self {
        self.events.tenant_key = Some(tenant_key.into());
        self
    }

    /// The waits before the retries of a failed push, each after the failure before it
    /// (by default [`DEFAULT_RETRY_SCHEDULE`]: 15 s, 5 min, 1 h, 6 h): as many retries as
    /// waits, then the event is given up. Tests compress it (e.g. milliseconds); an empty
    /// schedule never retries.
    pub fn retry_schedule(mut self, waits: Vec<Duration>) -> Self {
        self.events.schedule = Some(waits);
        self
    }

    /// Makes the server change by itself every `every` (at least 1 ms), as a helpdesk in
    /// use does: mostly a new message in a random ticket of the synthetic helpdesk,
    /// sometimes a ticket updated (see [`MockHelpdesk::update_ticket`]), sometimes a new
    /// ticket (see [`MockHelpdesk::add_ticket`]); each change emits its events.
    pub fn activity_every(mut self, every: Duration) -> Self {
        self.events.activity_every = Some(every.max(Duration::from_millis(1)));
        self
    }
}

impl MockHelpdesk {
    /// Injects a fault into the pushes of events to the request URL (from the next event
    /// on; [`PushFault::Slow`] and [`PushFault::BadSignature`] apply to every push made
    /// while in force, retries too). Several faults of different kinds combine; one of a
    /// kind in force is replaced.
    pub fn inject_push_fault(&self, fault: PushFault) {
        let mut faults = self.events.state.faults();
        faults.retain(|f| std::mem::discriminant(f) != std::mem::discriminant(&fault));
        faults.push(fault);
    }

    /// Removes every push fault.
    pub fn clear_push_faults(&self) {
        self.events.state.faults().clear();
    }

    /// The pushes to the request URL so far ([`MockHelpdeskBuilder::events_to`]), in the
    /// order they were answered (or failed): event id, type, attempt, status. Only the
    /// last 10,000 are kept (the oldest forgotten), so that a server pushing for a long
    /// time stays small.
    pub fn pushes(&self) -> Vec<PushRecord> {
        self.events.state.records().iter().cloned().collect()
    }
}
