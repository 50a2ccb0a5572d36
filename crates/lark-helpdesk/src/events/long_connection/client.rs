//! [`LongConnection`]: receives events over the platform's WebSocket, answers each after
//! its handler, keeps the connection alive (and notices when it is not), and reconnects.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use futures::future::{Fuse, FusedFuture as _};
use futures::stream::FuturesUnordered;
use futures::{FutureExt as _, SinkExt as _, StreamExt as _};
use tokio::time::{Instant, sleep, sleep_until, timeout};
use tokio_tungstenite::tungstenite::{self, Message};

use crate::client::Client;
use crate::credentials::AppCredentials;
use crate::error::LongConnectionError;
use crate::events::event::Event;
use crate::events::long_connection::endpoint::{ConnectionUrl, Failure, discover};
use crate::events::long_connection::fragments::{Fragment, FragmentLimits, Reassembly};
use crate::events::long_connection::frame::{Frame, METHOD_CONTROL, METHOD_DATA};
use crate::events::long_connection::handshake::{Socket, max_message_size, open};
use crate::events::long_connection::settings::{ClientConfig, Overrides, Timing};

/// Where a [`LongConnection`] is, as told to [`LongConnection::on_state`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConnectionState {
    /// A connection is open and events flow. `reconnected` is `true` when it replaces one
    /// that was lost: events may have been missed meanwhile (the platform's re-pushes are
    /// limited), so this is the moment to reconcile (list what changed while away).
    Connected {
        /// Whether a connection was open before this one.
        reconnected: bool,
    },
    /// The open connection was lost.
    Disconnected {
        /// Why.
        reason: DisconnectReason,
    },
    /// A new connection will be tried after `delay`.
    ///
    /// After a connection that lived at least a ping interval, the count starts again at
    /// 1 and the first wait is random below the `ReconnectNonce`. A connection that died
    /// younger does not start the count again (it counts as a failed attempt, towards
    /// `ReconnectCount`), and the wait after it is at least 1 s, or the reconnect interval
    /// when shorter ([`LongConnection::reconnect_interval`]): no reconnect hot loop.
    Reconnecting {
        /// The attempt, from 1 (counted since the last connection that lived at least a
        /// ping interval).
        attempt: u32,
        /// The wait before it.
        delay: Duration,
    },
    /// [`LongConnection::run`] is returning: stopped by its caller, or by an error.
    Stopped,
}

/// Why a connection was lost.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DisconnectReason {
    /// The platform closed it (a close frame, or the end of the stream).
    Closed,
    /// Nothing came in (no pong, no event) for the ping interval plus the margin
    /// ([`LongConnection::ping_timeout_margin`]): the connection is taken for dead.
    Silent,
    /// Reading or writing failed (the error, which never holds the URL).
    Error(String),
}

impl fmt::Display for DisconnectReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DisconnectReason::Closed => f.write_str("closed by the platform"),
            DisconnectReason::Silent => f.write_str("no pong or event within the ping timeout"),
            DisconnectReason::Error(e) => f.write_str(e),
        }
    }
}

type OnState = Arc<dyn Fn(&ConnectionState) + Send + Sync>;

/// Receives events over the long connection (WebSocket) of a self-built app.
///
/// Built from a [`Client`] (its base URL, app id and secret, HTTP client), configured by
/// its setters, then [`run`](Self::run) with a handler:
///
/// 1. a connection URL is asked for (`POST /callback/ws/endpoint`, a fresh one before
///    every connection), and the WebSocket opened;
/// 2. a ping goes out at once and every ping interval (the platform's, which its pongs
///    may change); a connection on which nothing comes in for the ping interval plus
///    [`ping_timeout_margin`](Self::ping_timeout_margin) is taken for dead and replaced;
/// 3. each event (reassembled when the platform splits it) is given to the handler, up
///    to [`concurrency`](Self::concurrency) at once, and answered **after** the handler:
///    `200` when it returns `Ok`, `500` when it returns `Err` (or the event cannot be
///    read), so that the platform pushes it again;
/// 4. a lost connection is replaced after a random wait below the platform's
///    `ReconnectNonce`, then every `ReconnectInterval`, at most `ReconnectCount` times
///    (unlimited by default); see [`ConnectionState::Reconnecting`] for a connection
///    that dies young.
///
/// The platform's timing is kept within bounds (ping interval 1 s ..= 10 min, reconnect
/// interval 1 s ..= 10 min, nonce at most 10 min): a broken configuration can neither
/// crash the client nor turn pings and liveness off. Each frame written (ping, answer)
/// must be taken by the platform within 10 seconds, or the connection is taken for lost
/// ([`DisconnectReason::Error`]).
///
/// Delivery is at least once: an event can come twice (a handler error or a handler
/// slower than the platform's 3 seconds, a connection lost before its answer, or the
/// platform's own retries). **Deduplicate by [`Event::id`]** if it matters; this client
/// does not. The platform gives each event to one of the app's connections.
///
/// The connection's URL carries secrets: it never appears in logs, errors or `Debug`.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let client = lark_helpdesk::Client::from_env()?;
/// let connection = lark_helpdesk::LongConnection::new(&client).on_state(|state| {
///     println!("{state:?}");
/// });
/// connection
///     .run(
///         |event: lark_helpdesk::Event| async move {
///             println!("{} {}", event.event_type(), event.id());
///             Ok::<(), std::convert::Infallible>(())
///         },
///         async {
///             let _ = tokio::signal::ctrl_c().await;
///         },
///     )
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
#[must_use]
pub struct LongConnection {
    base_url: String,
    http: reqwest::Client,
    app: Option<AppCredentials>,
    connect_timeout: Duration,
    margin: Option<Duration>,
    concurrency: usize,
    handler_timeout: Option<Duration>,
    overrides: Overrides,
    fragments: FragmentLimits,
    on_state: Option<OnState>,
}

impl fmt::Debug for LongConnection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LongConnection")
            .field("base_url", &self.base_url)
            .field("app_id", &self.app.as_ref().map(AppCredentials::app_id))
            .field("connect_timeout", &self.connect_timeout)
            .field("ping_timeout_margin", &self.margin)
            .field("concurrency", &self.concurrency)
            .field("handler_timeout", &self.handler_timeout)
            .finish_non_exhaustive()
    }
}

/// The default of [`LongConnection::ping_timeout_margin`], at most: a ping interval
/// shorter than it is the margin instead (a server that pings every second wants a dead
/// connection noticed in two, not in thirty-one).
pub const DEFAULT_PING_TIMEOUT_MARGIN: Duration = Duration::from_secs(30);
/// The default of [`LongConnection::concurrency`].
pub const DEFAULT_EVENT_CONCURRENCY: usize = 16;

/// How long a clean close waits for the platform's close frame.
const CLOSE_WAIT: Duration = Duration::from_secs(2);
/// How long one frame (a ping, an answer) may take to be written: a platform that stops
/// reading loses its connection ([`DisconnectReason::Error`]) rather than blocking the
/// client.
pub(crate) const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// Far enough in the future to never come: a deadline that would overflow.
const FAR_FUTURE: Duration = Duration::from_secs(86_400 * 365 * 30);

impl LongConnection {
    /// A long connection for the app of `client` (its base URL, app id and secret, HTTP
    /// client, and its timeout for discovery and the handshake).
    pub fn new(client: &Client) -> LongConnection {
        LongConnection {
            base_url: client.base_url().to_owned(),
            http: client.http().clone(),
            app: client.app_credentials().cloned(),
            connect_timeout: client.timeout(),
            margin: None,
            concurrency: DEFAULT_EVENT_CONCURRENCY,
            handler_timeout: None,
            overrides: Overrides::default(),
            fragments: FragmentLimits::default(),
            on_state: None,
        }
    }

    /// How long discovery and the WebSocket handshake may take, each (the client's
    /// timeout by default).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How much longer than the ping interval the connection may stay silent (no pong, no
    /// event) before it is taken for dead and replaced; by default the ping interval, at
    /// most [`DEFAULT_PING_TIMEOUT_MARGIN`].
    pub fn ping_timeout_margin(mut self, margin: Duration) -> Self {
        self.margin = Some(margin);
        self
    }

    /// How many events are handled at once, at most (at least 1;
    /// [`DEFAULT_EVENT_CONCURRENCY`] by default). While that many handlers run, nothing
    /// more is read from the connection: pongs are not read either, so silence is not
    /// watched for meanwhile (pings still go out, `stop` is still heard). The silence
    /// timer starts again when a handler finishes: a dead connection is noticed at most
    /// the slowest handler's time later ([`handler_timeout`](Self::handler_timeout)
    /// bounds it).
    pub fn concurrency(mut self, events: usize) -> Self {
        self.concurrency = events.max(1);
        self
    }

    /// How long a handler may run: past it, its future is dropped and its event answered
    /// `500` (the platform pushes it again, as it does anyway after 3 s without an
    /// answer). None by default: a handler runs until it finishes.
    ///
    /// Without it, a handler that never finishes holds its place in
    /// [`concurrency`](Self::concurrency) for good (with all places held, nothing is read
    /// and silence is not watched for), and keeps [`run`](Self::run) from returning after
    /// `stop`. Set it when a handler may hang.
    pub fn handler_timeout(mut self, timeout: Duration) -> Self {
        self.handler_timeout = Some(timeout);
        self
    }

    /// The ping interval, whatever the platform says (its `PingInterval`, 120 s until it
    /// says otherwise, kept within 1 s ..= 10 min). For tests, and for networks that drop
    /// idle connections sooner.
    pub fn ping_interval(mut self, interval: Duration) -> Self {
        self.overrides.ping_interval = Some(interval);
        self
    }

    /// The wait between two failed reconnect attempts, whatever the platform says (its
    /// `ReconnectInterval`, 120 s by default, kept within 1 s ..= 10 min). It is also the
    /// least wait after a connection that died young (lived less than a ping interval)
    /// when shorter than 1 s: see [`ConnectionState::Reconnecting`].
    pub fn reconnect_interval(mut self, interval: Duration) -> Self {
        self.overrides.reconnect_interval = Some(interval);
        self
    }

    /// The bound of the random wait before the first reconnect attempt, whatever the
    /// platform says (its `ReconnectNonce`, 30 s by default, at most 10 min).
    pub fn reconnect_nonce(mut self, nonce: Duration) -> Self {
        self.overrides.reconnect_nonce = Some(nonce);
        self
    }

    /// How many reconnect attempts in a row are made before [`run`](Self::run) gives up
    /// (`None`: without end), whatever the platform says (its `ReconnectCount`, -1 =
    /// without end, by default).
    pub fn reconnect_count(mut self, attempts: Option<u32>) -> Self {
        self.overrides.reconnect_count = Some(attempts);
        self
    }

    /// Bounds of the reassembly of events split over several frames: at most `messages`
    /// incomplete events and `bytes` bytes held (the oldest dropped first), each dropped
    /// when still incomplete after `timeout` (64, 16 MiB and 10 s by default). A dropped
    /// event is not answered, so the platform pushes it again.
    ///
    /// `bytes` (plus 64 KiB for a frame's headers) also bounds each WebSocket message and
    /// frame: a larger one loses the connection ([`DisconnectReason::Error`]).
    pub fn fragment_limits(mut self, messages: usize, bytes: usize, timeout: Duration) -> Self {
        self.fragments = FragmentLimits {
            max_messages: messages.max(1),
            max_bytes: bytes,
            timeout,
        };
        self
    }

    /// Called with each change of state ([`ConnectionState`]), from the task that runs
    /// [`run`](Self::run): keep it quick.
    pub fn on_state(mut self, f: impl Fn(&ConnectionState) + Send + Sync + 'static) -> Self {
        self.on_state = Some(Arc::new(f));
        self
    }

    fn emit(&self, state: ConnectionState) {
        if let Some(f) = &self.on_state {
            f(&state);
        }
    }

    /// Receives events until `stop` resolves, or a failure that retrying cannot cure.
    ///
    /// `handler` is called with each event; the event is answered when its future
    /// resolves: `Ok` acknowledges it, `Err` (logged with its `Display`) asks the platform
    /// to push it again. Handlers run concurrently (up to
    /// [`concurrency`](Self::concurrency)) on the task that polls `run`; an event that
    /// is not an [`Event`] is answered `500` without calling the handler. Answer within
    /// 3 seconds, or the platform pushes the event again: hand slow work off (and see
    /// [`handler_timeout`](Self::handler_timeout)).
    ///
    /// When `stop` resolves, no new event is taken, the handlers in progress finish (or
    /// time out) and their events are answered, the WebSocket is closed cleanly, and `run`
    /// returns `Ok(())`, also when the connection is lost meanwhile (it is not replaced).
    /// A connection lost while handlers run is replaced after they finish (their answers
    /// are lost with it; the platform pushes those events again).
    ///
    /// # Errors
    ///
    /// [`LongConnectionError`]: no app credentials, the platform refusing the app
    /// (not retried), the handshake refused for good, or every reconnect attempt
    /// allowed failed.
    pub async fn run<H, F, E, S>(&self, handler: H, stop: S) -> Result<(), LongConnectionError>
    where
        H: Fn(Event) -> F,
        F: Future<Output = Result<(), E>>,
        E: fmt::Display,
        S: Future<Output = ()>,
    {
        let result = self.run_inner(&handler, stop).await;
        self.emit(ConnectionState::Stopped);
        result
    }

    async fn run_inner<H, F, E, S>(&self, handler: &H, stop: S) -> Result<(), LongConnectionError>
    where
        H: Fn(Event) -> F,
        F: Future<Output = Result<(), E>>,
        E: fmt::Display,
        S: Future<Output = ()>,
    {
        let app = self
            .app
            .as_ref()
            .ok_or(LongConnectionError::NoAppCredentials)?;
        let mut stop = std::pin::pin!(stop.fuse());
        let mut timing = Timing::new(&self.overrides);
        let mut attempt: u32 = 0;
        let mut connected_before = false;
        // Whether the connection lost last lived less than a ping interval.
        let mut young = false;
        let mut last = String::new();
        loop {
            if attempt > 0 {
                if !timing.may_attempt(attempt) {
                    return Err(LongConnectionError::ReconnectsExhausted {
                        attempts: attempt - 1,
                        last,
                    });
                }
                let delay = timing.delay_before(attempt, rand::random::<f64>(), young);
                tracing::info!(attempt, ?delay, "long connection: reconnecting");
                self.emit(ConnectionState::Reconnecting { attempt, delay });
                tokio::select! {
                    () = &mut stop => return Ok(()),
                    () = sleep(delay) => {}
                }
            }
            let connected = tokio::select! {
                () = &mut stop => return Ok(()),
                c = self.connect(app, &mut timing) => c,
            };
            let (socket, url) = match connected {
                Ok(c) => c,
                Err(Failure::Stop(e)) => return Err(e),
                Err(Failure::Retry(reason)) => {
                    tracing::warn!(attempt, %reason, "long connection: connecting failed");
                    last = reason;
                    attempt = attempt.saturating_add(1);
                    continue;
                }
            };
            tracing::info!(
                host = %url.host(),
                service_id = url.service_id,
                device_id = url.device_id.as_deref().unwrap_or(""),
                "long connection: connected"
            );
            self.emit(ConnectionState::Connected {
                reconnected: connected_before,
            });
            connected_before = true;
            let opened = Instant::now();
            let lost = self
                .session(socket, url.service_id, &mut timing, handler, &mut stop)
                .await;
            let Some(reason) = lost else {
                return Ok(());
            };
            tracing::warn!(%reason, "long connection: lost");
            last = reason.to_string();
            self.emit(ConnectionState::Disconnected { reason });
            if stop.is_terminated() {
                // Lost while its last answers went out after `stop`: nothing to replace.
                return Ok(());
            }
            young = opened.elapsed() < timing.ping_interval;
            attempt = if young { attempt.saturating_add(1) } else { 1 };
        }
    }

    /// Discovery, then the handshake.
    async fn connect(
        &self,
        app: &AppCredentials,
        timing: &mut Timing,
    ) -> Result<(Socket, ConnectionUrl), Failure> {
        let endpoint = discover(&self.http, &self.base_url, app, self.connect_timeout).await?;
        timing.apply(endpoint.config, &self.overrides);
        let url = endpoint.url;
        let max_message = max_message_size(self.fragments.max_bytes);
        let socket = open(url.url(), self.connect_timeout, max_message).await?;
        Ok((socket, url))
    }

    /// One connection, until it is lost (`Some`, why) or `stop` resolves (`None`, closed
    /// cleanly).
    async fn session<H, F, E, S>(
        &self,
        mut socket: Socket,
        service: i32,
        timing: &mut Timing,
        handler: &H,
        stop: &mut Pin<&mut Fuse<S>>,
    ) -> Option<DisconnectReason>
    where
        H: Fn(Event) -> F,
        F: Future<Output = Result<(), E>>,
        E: fmt::Display,
        S: Future<Output = ()>,
    {
        let mut reassembly = Reassembly::new(self.fragments);
        let mut in_flight = FuturesUnordered::new();
        let mut last_inbound = Instant::now();
        let mut next_ping = Instant::now();
        let mut lost: Option<DisconnectReason> = None;
        while lost.is_none() && !stop.is_terminated() {
            // At full concurrency nothing is read, so silence is not watched for (see
            // `concurrency`); `stop` and the pings go on.
            let reading = in_flight.len() < self.concurrency;
            let margin = self
                .margin
                .unwrap_or(DEFAULT_PING_TIMEOUT_MARGIN.min(timing.ping_interval));
            let dead_at = after(last_inbound, timing.ping_interval.saturating_add(margin));
            tokio::select! {
                // In this order: once `stop` resolves, nothing more is read.
                biased;
                () = &mut *stop => {}
                Some(done) = in_flight.next() => {
                    let (frame, code, took): (Frame, u16, Duration) = done;
                    if !reading {
                        // Nothing was read meanwhile: silence is not the platform's.
                        last_inbound = Instant::now();
                    }
                    if let Err(e) = send(&mut socket, &frame.ack(code, took)).await {
                        lost = Some(e);
                    }
                }
                () = sleep_until(next_ping) => {
                    let now = Instant::now();
                    next_ping = after(now, timing.ping_interval);
                    reassembly.expire(now);
                    if let Err(e) = send(&mut socket, &Frame::ping(service)).await {
                        lost = Some(e);
                    }
                }
                () = sleep_until(dead_at), if reading => lost = Some(DisconnectReason::Silent),
                message = socket.next(), if reading => {
                    last_inbound = Instant::now();
                    let frame = match message {
                        None | Some(Ok(Message::Close(_))) => {
                            lost = Some(DisconnectReason::Closed);
                            continue;
                        }
                        Some(Err(e)) => {
                            lost = Some(DisconnectReason::Error(ws_error(&e)));
                            continue;
                        }
                        Some(Ok(Message::Binary(bytes))) => match Frame::decode_bytes(&bytes) {
                            Ok(frame) => frame,
                            Err(_) => {
                                tracing::warn!("long connection: a frame could not be decoded");
                                continue;
                            }
                        },
                        // Text is not part of the protocol; WebSocket pings are answered
                        // by the library.
                        Some(Ok(_)) => continue,
                    };
                    match frame.method {
                        METHOD_CONTROL if frame.header("type") == Some("pong") => {
                            pong(&frame, timing, &self.overrides);
                        }
                        METHOD_DATA => {
                            let answer = self.data_frame(frame, &mut reassembly);
                            match answer {
                                Data::Handle(frame, event) => {
                                    in_flight.push(handle(
                                        handler,
                                        frame,
                                        event,
                                        self.handler_timeout,
                                    ));
                                }
                                Data::Answer(frame, code) => {
                                    if let Err(e) =
                                        send(&mut socket, &frame.ack(code, Duration::ZERO)).await
                                    {
                                        lost = Some(e);
                                    }
                                }
                                Data::Wait => {}
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        // Handlers in progress finish (within the handler timeout, if any); their answers
        // go out while the socket lives (each within the write timeout).
        while let Some(done) = in_flight.next().await {
            let (frame, code, took): (Frame, u16, Duration) = done;
            if lost.is_none()
                && let Err(e) = send(&mut socket, &frame.ack(code, took)).await
            {
                lost = Some(e);
            }
        }
        if lost.is_some() {
            return lost;
        }
        // Stopped: close cleanly, waiting a little for the platform's close frame.
        let _ = timeout(CLOSE_WAIT, async {
            if socket.close(None).await.is_ok() {
                while let Some(Ok(_)) = socket.next().await {}
            }
        })
        .await;
        tracing::info!("long connection: closed");
        None
    }

    /// What a data frame asks for.
    fn data_frame(&self, frame: Frame, reassembly: &mut Reassembly) -> Data {
        if frame.header("type") != Some("event") {
            // Not an event (a card callback, ...): acknowledged without dispatch.
            return Data::Answer(frame, 200);
        }
        let sum = frame
            .header("sum")
            .and_then(|s| s.parse::<usize>().ok())
            .unwrap_or(1);
        let seq = frame
            .header("seq")
            .and_then(|s| s.parse::<usize>().ok())
            .unwrap_or(0);
        // A part without a `message_id` cannot be told from another message's: the
        // reassembly drops it (not answered; the platform pushes the event again).
        let id = frame.header("message_id").unwrap_or_default().to_owned();
        let mut frame = frame;
        let payload = frame.payload.take().unwrap_or_default();
        match reassembly.add(&id, sum, seq, payload, Instant::now()) {
            Fragment::Complete(payload) => match Event::parse(&payload) {
                Ok(event) => Data::Handle(frame, event),
                Err(e) => {
                    tracing::warn!(error = %e, "long connection: a pushed event could not be read: answered 500");
                    Data::Answer(frame, 500)
                }
            },
            Fragment::Incomplete | Fragment::Dropped => Data::Wait,
        }
    }
}

enum Data {
    Handle(Frame, Event),
    Answer(Frame, u16),
    Wait,
}

/// Runs the handler on one event (within `limit`, if any): the frame to answer, the code,
/// the handler's time.
async fn handle<H, F, E>(
    handler: &H,
    frame: Frame,
    event: Event,
    limit: Option<Duration>,
) -> (Frame, u16, Duration)
where
    H: Fn(Event) -> F,
    F: Future<Output = Result<(), E>>,
    E: fmt::Display,
{
    let started = Instant::now();
    let (id, event_type) = (event.id().to_owned(), event.event_type().to_owned());
    let run = handler(event);
    let result = match limit {
        Some(limit) => timeout(limit, run).await.ok(),
        None => Some(run.await),
    };
    let code = match result {
        Some(Ok(())) => 200,
        Some(Err(e)) => {
            tracing::warn!(event_id = %id, %event_type, error = %e, "long connection: the handler failed: answered 500, the platform will push the event again");
            500
        }
        None => {
            tracing::warn!(event_id = %id, %event_type, "long connection: the handler timed out: answered 500, the platform will push the event again");
            500
        }
    };
    (frame, code, started.elapsed())
}

/// `t + d`, or far in the future when that would overflow.
fn after(t: Instant, d: Duration) -> Instant {
    t.checked_add(d)
        .or_else(|| t.checked_add(FAR_FUTURE))
        .unwrap_or(t)
}

/// A pong: its payload, when there is one, is the new `ClientConfig`.
fn pong(frame: &Frame, timing: &mut Timing, overrides: &Overrides) {
    let Some(payload) = frame.payload.as_deref().filter(|p| !p.is_empty()) else {
        return;
    };
    match serde_json::from_slice::<ClientConfig>(payload) {
        Ok(config) => timing.apply(config, overrides),
        Err(_) => tracing::debug!("long connection: a pong's config could not be read"),
    }
}

/// Writes one frame within [`WRITE_TIMEOUT`]; a failure or the timeout loses the
/// connection.
async fn send(socket: &mut Socket, frame: &Frame) -> Result<(), DisconnectReason> {
    send_within(socket, frame, WRITE_TIMEOUT).await
}

async fn send_within<S>(
    socket: &mut S,
    frame: &Frame,
    limit: Duration,
) -> Result<(), DisconnectReason>
where
    S: futures::Sink<Message, Error = tungstenite::Error> + Unpin,
{
    match timeout(
        limit,
        socket.send(Message::Binary(frame.encode_bytes().into())),
    )
    .await
    {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(DisconnectReason::Error(ws_error(&e))),
        Err(_) => Err(DisconnectReason::Error(format!(
            "writing a frame timed out after {limit:?} (the platform does not read)"
        ))),
    }
}

/// A WebSocket error in words that never quote the URL.
fn ws_error(e: &tungstenite::Error) -> String {
    use tungstenite::Error as E;
    match e {
        E::ConnectionClosed | E::AlreadyClosed => "the connection is closed".into(),
        E::Io(e) => format!("I/O error: {}", e.kind()),
        E::Tls(_) => "TLS error".into(),
        E::Capacity(e) => format!("a message too large: {e}"),
        E::Protocol(e) => format!("WebSocket protocol error: {e}"),
        E::WriteBufferFull(_) => "the write buffer is full".into(),
        E::Utf8(_) => "invalid UTF-8 in a text message".into(),
        E::AttackAttempt => "the server sent a malformed frame".into(),
        E::Url(_) => "the connection URL was refused".into(),
        E::Http(response) => format!("HTTP {}", response.status()),
        E::HttpFormat(_) => "malformed HTTP".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::long_connection::frame::Header;

    #[test]
    fn a_pongs_config_replaces_the_timing_but_not_the_overrides() {
        let mut pong_frame = Frame::ping(1);
        pong_frame.headers = vec![Header {
            key: "type".into(),
            value: "pong".into(),
        }];
        pong_frame.payload = Some(
            br#"{"PingInterval":7,"ReconnectCount":2,"ReconnectInterval":9,"ReconnectNonce":1}"#
                .to_vec(),
        );
        let overrides = Overrides {
            reconnect_interval: Some(Duration::from_millis(5)),
            ..Overrides::default()
        };
        let mut timing = Timing::new(&overrides);
        pong(&pong_frame, &mut timing, &overrides);
        assert_eq!(timing.ping_interval, Duration::from_secs(7));
        assert_eq!(timing.reconnect_count, Some(2));
        assert_eq!(timing.reconnect_nonce, Duration::from_secs(1));
        assert_eq!(timing.reconnect_interval, Duration::from_millis(5));

        // An empty or unreadable payload changes nothing.
        let before = timing;
        pong_frame.payload = Some(Vec::new());
        pong(&pong_frame, &mut timing, &overrides);
        pong_frame.payload = Some(b"not json".to_vec());
        pong(&pong_frame, &mut timing, &overrides);
        assert_eq!(timing, before);
    }

    #[test]
    fn a_hostile_pong_neither_panics_nor_turns_liveness_off() {
        let mut pong_frame = Frame::ping(1);
        pong_frame.headers = vec![Header {
            key: "type".into(),
            value: "pong".into(),
        }];
        pong_frame.payload = Some(
            br#"{"PingInterval":9223372036854775807,"ReconnectInterval":9223372036854775807,"ReconnectNonce":9223372036854775807}"#
                .to_vec(),
        );
        let overrides = Overrides::default();
        let mut timing = Timing::new(&overrides);
        pong(&pong_frame, &mut timing, &overrides);
        assert_eq!(timing.ping_interval, Duration::from_secs(600));
        assert_eq!(timing.reconnect_interval, Duration::from_secs(600));
        assert_eq!(timing.reconnect_nonce, Duration::from_secs(600));
        // The silence deadline of `session`: 10 min and the 30 s margin, not never.
        let now = Instant::now();
        let margin = DEFAULT_PING_TIMEOUT_MARGIN.min(timing.ping_interval);
        let dead_at = after(now, timing.ping_interval.saturating_add(margin));
        assert_eq!(dead_at - now, Duration::from_secs(630));
        // A caller's own huge values do not overflow either.
        assert!(after(now, Duration::MAX) > now);
    }

    /// A sink that never takes anything (a platform that does not read).
    struct Stuck;

    impl futures::Sink<Message> for Stuck {
        type Error = tungstenite::Error;
        fn poll_ready(
            self: Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Result<(), Self::Error>> {
            std::task::Poll::Pending
        }
        fn start_send(self: Pin<&mut Self>, _: Message) -> Result<(), Self::Error> {
            Ok(())
        }
        fn poll_flush(
            self: Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Result<(), Self::Error>> {
            std::task::Poll::Pending
        }
        fn poll_close(
            self: Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Result<(), Self::Error>> {
            std::task::Poll::Pending
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_write_the_platform_does_not_take_loses_the_connection() {
        let lost = send_within(&mut Stuck, &Frame::ping(1), WRITE_TIMEOUT).await;
        assert!(
            matches!(&lost, Err(DisconnectReason::Error(why)) if why.contains("timed out")),
            "{lost:?}"
        );
    }
}
