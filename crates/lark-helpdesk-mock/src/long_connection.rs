//! The long connection, as the platform serves it: discovery (`POST
//! /callback/ws/endpoint`, on wiremock) hands out the URL of a WebSocket server of the
//! mock's own (a thread and a tokio runtime beside wiremock's), which answers pings,
//! pushes the events it is fed as `pbbp2` data frames, waits for their answers and
//! pushes again those not acknowledged `200` in time.
//!
//! It serves at most 64 connections at once (a connection past them is closed at once)
//! and gives each 10 s to finish its WebSocket handshake.
//!
//! The `pbbp2` frame is written here again, from the protocol, rather than taken from
//! the SDK: on purpose. The fake server is an implementation of the platform of its own,
//! which the SDK's long connection is tested against (a mistake shared by both would
//! pass unseen otherwise), and the mock does not depend on the SDK.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use futures::{SinkExt as _, StreamExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, Semaphore, mpsc, watch};
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::{Message, http};
use wiremock::{Respond, ResponseTemplate};

use crate::{
    APP_SECRET_INVALID_CODE, APP_SECRET_INVALID_MSG, INVALID_PARAM_CODE, INVALID_PARAM_MSG,
    MockCredentials, MockError, MockHelpdesk, MockHelpdeskBuilder,
};

/// The discovery path.
pub const LONG_CONNECTION_ENDPOINT_PATH: &str = "/callback/ws/endpoint";
/// The path of the WebSocket the discovery hands out.
pub const LONG_CONNECTION_WS_PATH: &str = "/ws/v2";
/// The `service_id` in the URLs the mock hands out (and in its frames).
pub const LONG_CONNECTION_SERVICE_ID: i32 = 7;
/// The discovery code the mock answers for [`LongConnectionFault::DiscoveryBusy`]
/// ("system busy", worth another attempt).
pub const DISCOVERY_BUSY_CODE: i64 = 1;
/// The `Handshake-Autherrcode` of a handshake whose `access_key`/`ticket` the mock did not
/// hand out (or already used): a 514 a client retries.
pub const HANDSHAKE_AUTH_FAILED_CODE: i64 = 1_000_040_351;

/// Issued URLs held at most (older ones are refused at the handshake).
const MAX_ISSUED: usize = 64;
/// Answers remembered at most in [`LongConnectionLog::acks`] (the oldest forgotten).
const MAX_LOGGED: usize = 10_000;
/// WebSocket connections served at once, at most (one past them is closed at once).
const MAX_CONNECTIONS: usize = 64;
/// How long a connection has to finish its WebSocket handshake.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// How often a connection looks at its queue (besides being woken by a new event).
const TICK: Duration = Duration::from_millis(10);
/// Events held for a long connection while no client takes them, at most.
const MAX_QUEUED: usize = 10_000;

/// The long connection's settings (see [`MockHelpdeskBuilder::long_connection`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct LongConnectionConfig {
    /// `PingInterval` of the `ClientConfig` answered (whole seconds); 120 by default.
    pub ping_interval_secs: i64,
    /// `ReconnectCount`; -1 (without end) by default.
    pub reconnect_count: i64,
    /// `ReconnectInterval` (seconds); 120 by default.
    pub reconnect_interval_secs: i64,
    /// `ReconnectNonce` (seconds); 30 by default.
    pub reconnect_nonce_secs: i64,
    /// How long an event's answer is waited for before it is pushed again: 3 s by default,
    /// as the platform. [`LongConnectionFault::AckTimeout`] changes it while running.
    pub ack_timeout: Duration,
    /// How long after a non-`200` answer (or a connection lost before the answer) an event
    /// is pushed again; 50 ms by default.
    pub redelivery_delay: Duration,
}

impl Default for LongConnectionConfig {
    fn default() -> Self {
        LongConnectionConfig {
            ping_interval_secs: 120,
            reconnect_count: -1,
            reconnect_interval_secs: 120,
            reconnect_nonce_secs: 30,
            ack_timeout: Duration::from_secs(3),
            redelivery_delay: Duration::from_millis(50),
        }
    }
}

impl LongConnectionConfig {
    fn client_config(&self) -> serde_json::Value {
        serde_json::json!({
            "ReconnectCount": self.reconnect_count,
            "ReconnectInterval": self.reconnect_interval_secs,
            "ReconnectNonce": self.reconnect_nonce_secs,
            "PingInterval": self.ping_interval_secs,
        })
    }
}

/// A fault of the long connection ([`MockHelpdesk::inject_long_connection`]); each applies
/// once.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LongConnectionFault {
    /// The next event pushed is pushed twice (two frames, two message ids).
    Duplicate,
    /// The next event pushed is split into `parts` frames (at most one per byte), sent
    /// last part first when `reversed`.
    Fragment {
        /// How many frames.
        parts: usize,
        /// Whether they go out in reverse order.
        reversed: bool,
    },
    /// The open connection (or the next one) is dropped, TCP closed without a close
    /// frame, once it has received `after_acks` more answers (0: at once).
    DropConnection {
        /// Answers received before the drop.
        after_acks: usize,
    },
    /// The open connection (or the next one) goes silent after `after_pongs` more pongs:
    /// no pong, no event, but the TCP connection stays open (a half-open connection).
    Silent {
        /// Pongs answered before going silent.
        after_pongs: usize,
    },
    /// From now on, answers are waited for this long (see
    /// [`LongConnectionConfig::ack_timeout`]): an event whose handler is slower is pushed
    /// again.
    AckTimeout(Duration),
    /// The next discovery answers [`DISCOVERY_BUSY_CODE`] (a client retries).
    DiscoveryBusy,
    /// The next handshake is refused with this HTTP status and `Handshake-Autherrcode`
    /// (403, or 514 with 1000040350 for too many connections: a client stops).
    RefuseHandshake {
        /// The status (also in `Handshake-Status`).
        status: u16,
        /// The `Handshake-Autherrcode` header, if any.
        auth_code: Option<i64>,
    },
}

/// One answer the mock received for a pushed event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LongConnectionAck {
    /// The event's id (`header.event_id`, or `uuid`); empty when unknown.
    pub event_id: String,
    /// The code of the answer's payload (`{"code":200}`), or -1 when it has none.
    pub code: i64,
    /// The connection it came on (from 1, in the order they opened).
    pub connection: usize,
    /// Its `biz_rt` header (the handler's milliseconds), if any.
    pub biz_rt: Option<String>,
}

/// What the long connection did ([`MockHelpdesk::long_connection_log`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct LongConnectionLog {
    /// Discovery requests answered (successes and refusals).
    pub discoveries: usize,
    /// WebSocket connections opened (handshakes accepted).
    pub connections: usize,
    /// Connections open now.
    pub open: usize,
    /// Pings received.
    pub pings: usize,
    /// Event pushes (a fragmented event counts once; a duplicate twice).
    pub pushes: usize,
    /// The answers received, in order (the last 10,000).
    pub acks: Vec<LongConnectionAck>,
    /// Close frames received from clients (clean closes).
    pub clean_closes: usize,
}

impl LongConnectionLog {
    /// The ids of the events answered `200`, in order.
    pub fn acked(&self) -> Vec<&str> {
        self.acks
            .iter()
            .filter(|a| a.code == 200)
            .map(|a| a.event_id.as_str())
            .collect()
    }
}

/// An event waiting to be pushed.
struct Queued {
    json: Arc<str>,
    event_id: String,
    not_before: Instant,
}

/// An event pushed and not answered yet.
struct InFlight {
    json: Arc<str>,
    event_id: String,
    deadline: Instant,
    connection: usize,
}

struct State {
    config: LongConnectionConfig,
    queue: VecDeque<Queued>,
    in_flight: HashMap<String, InFlight>,
    /// Message id → event id of recent pushes, for answers that come late.
    recent: VecDeque<(String, String)>,
    faults: Vec<LongConnectionFault>,
    issued: VecDeque<(String, String)>,
    next: u64,
    /// The log, but for its answers (its `acks` stays empty), which are in `acks`.
    log: LongConnectionLog,
    /// The answers received, the last [`MAX_LOGGED`].
    acks: VecDeque<LongConnectionAck>,
}

/// The long connection's state, shared by discovery, the WebSocket server and the test
/// hooks.
pub(crate) struct Hub {
    state: Mutex<State>,
    wake: Notify,
    credentials: MockCredentials,
    ws_address: SocketAddr,
    feed: mpsc::UnboundedSender<Arc<str>>,
    /// The runtime of the server's thread.
    runtime: tokio::runtime::Handle,
}

impl fmt::Debug for Hub {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hub")
            .field("ws_address", &self.ws_address)
            .finish_non_exhaustive()
    }
}

/// The WebSocket server's thread: stops when dropped.
pub(crate) struct Server {
    shutdown: watch::Sender<bool>,
    pub(crate) hub: Arc<Hub>,
}

impl fmt::Debug for Server {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Server").field("hub", &self.hub).finish()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
    }
}

impl Server {
    /// Binds a loopback port and serves it on a thread of its own.
    pub(crate) fn start(
        config: LongConnectionConfig,
        credentials: MockCredentials,
    ) -> Result<Server, MockError> {
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
        let bind_error = |source| MockError::Bind { address, source };
        let listener = std::net::TcpListener::bind(address).map_err(bind_error)?;
        listener.set_nonblocking(true).map_err(bind_error)?;
        let ws_address = listener.local_addr().map_err(bind_error)?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(bind_error)?;
        let (feed, events) = mpsc::unbounded_channel();
        let hub = Arc::new(Hub {
            state: Mutex::new(State {
                config,
                queue: VecDeque::new(),
                in_flight: HashMap::new(),
                recent: VecDeque::new(),
                faults: Vec::new(),
                issued: VecDeque::new(),
                next: 1,
                log: LongConnectionLog::default(),
                acks: VecDeque::new(),
            }),
            wake: Notify::new(),
            credentials,
            ws_address,
            feed,
            runtime: runtime.handle().clone(),
        });
        let (shutdown, stopped) = watch::channel(false);
        let serving = Arc::clone(&hub);
        std::thread::Builder::new()
            .name("lark-helpdesk-mock-ws".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let Ok(listener) = TcpListener::from_std(listener) else {
                        return;
                    };
                    tokio::spawn(Arc::clone(&serving).take_feed(events));
                    let mut stopped = stopped;
                    let connections = Arc::new(Semaphore::new(MAX_CONNECTIONS));
                    loop {
                        tokio::select! {
                            _ = stopped.changed() => break,
                            accepted = listener.accept() => {
                                let Ok((stream, _)) = accepted else { continue };
                                // Past the limit, closed at once (dropped).
                                let Ok(permit) = Arc::clone(&connections).try_acquire_owned() else {
                                    continue;
                                };
                                let session = Arc::clone(&serving).session(stream, stopped.clone());
                                tokio::spawn(async move {
                                    session.await;
                                    drop(permit);
                                });
                            }
                        }
                    }
                });
            })
            .map_err(bind_error)?;
        Ok(Server { shutdown, hub })
    }
}

impl Hub {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Pushes the event texts `events` gives (JSON of schema 2.0 envelopes), in order,
    /// until it closes, beside those of [`MockHelpdesk::push_event`]: the mock's event
    /// bus wires its output here. Runs on the server's own thread; callable from anywhere.
    pub(crate) fn attach_feed(self: &Arc<Self>, events: mpsc::UnboundedReceiver<Arc<str>>) {
        self.runtime.spawn(Arc::clone(self).take_feed(events));
    }

    /// Queues the event texts `events` gives, in order, until it closes.
    async fn take_feed(self: Arc<Self>, mut events: mpsc::UnboundedReceiver<Arc<str>>) {
        while let Some(json) = events.recv().await {
            self.enqueue(json);
        }
    }

    /// A sender of event texts to push (the same queue as [`Hub::attach_feed`]).
    fn sender(&self) -> mpsc::UnboundedSender<Arc<str>> {
        self.feed.clone()
    }

    fn enqueue(&self, json: Arc<str>) {
        let event_id = event_id(&json);
        let mut state = self.state();
        // No client for a long time: the oldest events are given up, as the platform
        // gives up its retries, so that a fake server nobody listens to stays small.
        while state.queue.len() >= MAX_QUEUED {
            state.queue.pop_front();
        }
        state.queue.push_back(Queued {
            json,
            event_id,
            not_before: Instant::now(),
        });
        drop(state);
        self.wake.notify_waiters();
    }

    /// The answer to a discovery request.
    fn discover(&self, body: &[u8]) -> serde_json::Value {
        let mut state = self.state();
        state.log.discoveries += 1;
        #[derive(serde::Deserialize)]
        struct Body {
            #[serde(rename = "AppID")]
            app_id: String,
            #[serde(rename = "AppSecret")]
            app_secret: String,
        }
        let Ok(body) = serde_json::from_slice::<Body>(body) else {
            return serde_json::json!({"code": INVALID_PARAM_CODE, "msg": INVALID_PARAM_MSG});
        };
        if body.app_id != self.credentials.app_id || body.app_secret != self.credentials.app_secret
        {
            return serde_json::json!({"code": APP_SECRET_INVALID_CODE, "msg": APP_SECRET_INVALID_MSG});
        }
        if take_fault(&mut state.faults, |f| {
            matches!(f, LongConnectionFault::DiscoveryBusy)
        })
        .is_some()
        {
            return serde_json::json!({"code": DISCOVERY_BUSY_CODE, "msg": "system busy"});
        }
        let n = state.next;
        state.next += 1;
        let salt = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        let access_key = format!("ak{:016x}", salt ^ n.rotate_left(29));
        let ticket = format!("tk{:016x}", salt.rotate_left(13) ^ n);
        state.issued.push_back((access_key.clone(), ticket.clone()));
        while state.issued.len() > MAX_ISSUED {
            state.issued.pop_front();
        }
        let url = format!(
            "ws://{}{LONG_CONNECTION_WS_PATH}?fpid=493&device_id=mockdev{n}&service_id={LONG_CONNECTION_SERVICE_ID}&access_key={access_key}&ticket={ticket}",
            self.ws_address
        );
        serde_json::json!({
            "code": 0,
            "msg": "ok",
            "data": {"URL": url, "ClientConfig": state.config.client_config()},
        })
    }

    /// Checks a handshake's `access_key` and `ticket` (each pair used once).
    fn admit(&self, request: &Request) -> Result<(), (u16, Option<i64>)> {
        let mut state = self.state();
        if let Some(LongConnectionFault::RefuseHandshake { status, auth_code }) =
            take_fault(&mut state.faults, |f| {
                matches!(f, LongConnectionFault::RefuseHandshake { .. })
            })
        {
            return Err((status, auth_code));
        }
        let refused = Err((514, Some(HANDSHAKE_AUTH_FAILED_CODE)));
        if request.uri().path() != LONG_CONNECTION_WS_PATH {
            return Err((404, None));
        }
        let query = request.uri().query().unwrap_or_default();
        let param = |name: &str| {
            url::form_urlencoded::parse(query.as_bytes())
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
        };
        let (Some(key), Some(ticket)) = (param("access_key"), param("ticket")) else {
            return refused;
        };
        match state
            .issued
            .iter()
            .position(|(k, t)| *k == key && *t == ticket)
        {
            Some(i) => {
                state.issued.remove(i);
                Ok(())
            }
            None => refused,
        }
    }

    /// One WebSocket connection.
    // The handshake callback's error type is tungstenite's (an HTTP response).
    #[allow(clippy::result_large_err)]
    async fn session(self: Arc<Self>, stream: TcpStream, mut stopped: watch::Receiver<bool>) {
        let hub = Arc::clone(&self);
        let accepted = tokio::time::timeout(
            HANDSHAKE_TIMEOUT,
            tokio_tungstenite::accept_hdr_async(
                stream,
                move |request: &Request, response: Response| match hub.admit(request) {
                    Ok(()) => Ok(response),
                    Err((status, auth_code)) => Err(refusal(status, auth_code)),
                },
            ),
        )
        .await;
        let Ok(Ok(mut socket)) = accepted else {
            return;
        };
        let connection = {
            let mut state = self.state();
            state.log.connections += 1;
            state.log.open += 1;
            state.log.connections
        };
        let mut conn = Connection {
            drop_after: None,
            silent_after: None,
        };
        loop {
            conn.take_faults(&mut self.state());
            if conn.drop_after == Some(0) {
                break;
            }
            if conn.silent_after != Some(0) {
                let frames = self.due_frames(connection);
                let mut failed = false;
                for frame in frames {
                    if socket.send(Message::Binary(frame.into())).await.is_err() {
                        failed = true;
                        break;
                    }
                }
                if failed {
                    break;
                }
            }
            tokio::select! {
                _ = stopped.changed() => break,
                () = self.wake.notified() => continue,
                () = tokio::time::sleep(TICK) => continue,
                message = socket.next() => {
                    let bytes = match message {
                        Some(Ok(Message::Binary(bytes))) => bytes,
                        Some(Ok(Message::Close(_))) => {
                            self.state().log.clean_closes += 1;
                            let _ = socket.close(None).await;
                            break;
                        }
                        Some(Ok(_)) => continue,
                        None | Some(Err(_)) => break,
                    };
                    let Ok(frame) = Frame::decode_bytes(&bytes) else { continue };
                    match (frame.method, frame.header("type")) {
                        (METHOD_CONTROL, Some("ping")) => {
                            let config = {
                                let mut state = self.state();
                                state.log.pings += 1;
                                state.config.client_config()
                            };
                            if conn.silent_after == Some(0) {
                                continue;
                            }
                            if let Some(n) = conn.silent_after.as_mut() {
                                *n -= 1;
                            }
                            let pong = Frame::pong(frame.service, config.to_string().into_bytes());
                            if socket.send(Message::Binary(pong.encode_bytes().into())).await.is_err() {
                                break;
                            }
                        }
                        (METHOD_DATA, _) => {
                            self.answered(&frame, connection);
                            if let Some(n) = conn.drop_after.as_mut() {
                                *n = n.saturating_sub(1);
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        // Events pushed here and not answered are pushed again (after the delay).
        let mut state = self.state();
        state.log.open -= 1;
        let delay = state.config.redelivery_delay;
        let lost: Vec<String> = state
            .in_flight
            .iter()
            .filter(|(_, f)| f.connection == connection)
            .map(|(id, _)| id.clone())
            .collect();
        for id in lost {
            if let Some(f) = state.in_flight.remove(&id) {
                state.queue.push_back(Queued {
                    json: f.json,
                    event_id: f.event_id,
                    not_before: Instant::now() + delay,
                });
            }
        }
    }

    /// The frames to push now on `connection`: answers overdue are queued again first.
    fn due_frames(&self, connection: usize) -> Vec<Vec<u8>> {
        let now = Instant::now();
        let mut state = self.state();
        let overdue: Vec<String> = state
            .in_flight
            .iter()
            .filter(|(_, f)| f.deadline <= now)
            .map(|(id, _)| id.clone())
            .collect();
        for id in overdue {
            if let Some(f) = state.in_flight.remove(&id) {
                state.queue.push_back(Queued {
                    json: f.json,
                    event_id: f.event_id,
                    not_before: now,
                });
            }
        }
        let mut frames = Vec::new();
        let mut waiting = VecDeque::new();
        while let Some(queued) = state.queue.pop_front() {
            if queued.not_before > now {
                waiting.push_back(queued);
                continue;
            }
            let copies = if take_fault(&mut state.faults, |f| {
                matches!(f, LongConnectionFault::Duplicate)
            })
            .is_some()
            {
                2
            } else {
                1
            };
            for _ in 0..copies {
                let n = state.next;
                state.next += 1;
                let message_id = format!("mockmsg{n}");
                let (parts, reversed) = match take_fault(&mut state.faults, |f| {
                    matches!(f, LongConnectionFault::Fragment { .. })
                }) {
                    Some(LongConnectionFault::Fragment { parts, reversed }) => (parts, reversed),
                    _ => (1, false),
                };
                let mut pieces = split(queued.json.as_bytes(), parts);
                let sum = pieces.len();
                let mut out: Vec<Vec<u8>> = pieces
                    .drain(..)
                    .enumerate()
                    .map(|(seq, piece)| {
                        Frame::event(n, &message_id, sum, seq, piece.to_vec()).encode_bytes()
                    })
                    .collect();
                if reversed {
                    out.reverse();
                }
                frames.extend(out);
                state.log.pushes += 1;
                let deadline = now + state.config.ack_timeout;
                state
                    .recent
                    .push_back((message_id.clone(), queued.event_id.clone()));
                while state.recent.len() > MAX_LOGGED {
                    state.recent.pop_front();
                }
                state.in_flight.insert(
                    message_id,
                    InFlight {
                        json: Arc::clone(&queued.json),
                        event_id: queued.event_id.clone(),
                        deadline,
                        connection,
                    },
                );
            }
        }
        state.queue = waiting;
        frames
    }

    /// An answer to a pushed event.
    fn answered(&self, frame: &Frame, connection: usize) {
        let code = frame
            .payload
            .as_deref()
            .and_then(|p| serde_json::from_slice::<serde_json::Value>(p).ok())
            .and_then(|v| v.get("code").and_then(serde_json::Value::as_i64))
            .unwrap_or(-1);
        let message_id = frame.header("message_id").unwrap_or_default().to_owned();
        let mut state = self.state();
        let delay = state.config.redelivery_delay;
        let event_id = match state.in_flight.remove(&message_id) {
            Some(f) => {
                if code != 200 {
                    state.queue.push_back(Queued {
                        json: f.json,
                        event_id: f.event_id.clone(),
                        not_before: Instant::now() + delay,
                    });
                }
                f.event_id
            }
            None => state
                .recent
                .iter()
                .find(|(m, _)| *m == message_id)
                .map(|(_, e)| e.clone())
                .unwrap_or_default(),
        };
        state.acks.push_back(LongConnectionAck {
            event_id,
            code,
            connection,
            biz_rt: frame.header("biz_rt").map(str::to_owned),
        });
        while state.acks.len() > MAX_LOGGED {
            state.acks.pop_front();
        }
    }
}

/// What one connection was told to do wrong.
struct Connection {
    drop_after: Option<usize>,
    silent_after: Option<usize>,
}

impl Connection {
    fn take_faults(&mut self, state: &mut State) {
        if self.drop_after.is_none()
            && let Some(LongConnectionFault::DropConnection { after_acks }) =
                take_fault(&mut state.faults, |f| {
                    matches!(f, LongConnectionFault::DropConnection { .. })
                })
        {
            self.drop_after = Some(after_acks);
        }
        if self.silent_after.is_none()
            && let Some(LongConnectionFault::Silent { after_pongs }) =
                take_fault(&mut state.faults, |f| {
                    matches!(f, LongConnectionFault::Silent { .. })
                })
        {
            self.silent_after = Some(after_pongs);
        }
        if let Some(LongConnectionFault::AckTimeout(timeout)) = take_fault(&mut state.faults, |f| {
            matches!(f, LongConnectionFault::AckTimeout(_))
        }) {
            state.config.ack_timeout = timeout;
        }
    }
}

fn take_fault(
    faults: &mut Vec<LongConnectionFault>,
    which: impl Fn(&LongConnectionFault) -> bool,
) -> Option<LongConnectionFault> {
    let i = faults.iter().position(which)?;
    Some(faults.remove(i))
}

/// `bytes` in `parts` pieces (at least 1, at most one per byte).
fn split(bytes: &[u8], parts: usize) -> Vec<&[u8]> {
    let parts = parts.clamp(1, bytes.len().max(1));
    let size = bytes.len().div_ceil(parts).max(1);
    let mut pieces: Vec<&[u8]> = bytes.chunks(size).collect();
    if pieces.is_empty() {
        pieces.push(bytes);
    }
    pieces
}

/// The id of an event text: `header.event_id` (schema 2.0) or `uuid` (1.0).
fn event_id(json: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
    value
        .pointer("/header/event_id")
        .or_else(|| value.get("uuid"))
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn refusal(status: u16, auth_code: Option<i64>) -> ErrorResponse {
    let mut response = http::Response::new(None);
    *response.status_mut() =
        http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::FORBIDDEN);
    let headers = response.headers_mut();
    headers.insert("Handshake-Status", http::HeaderValue::from(status));
    headers.insert(
        "Handshake-Msg",
        http::HeaderValue::from_static("refused by the mock"),
    );
    if let Some(code) = auth_code {
        headers.insert("Handshake-Autherrcode", http::HeaderValue::from(code));
    }
    response
}

/// The discovery route.
pub(crate) fn route(hub: &Arc<Hub>) -> wiremock::Mock {
    wiremock::Mock::given(wiremock::matchers::method("POST"))
        .and(wiremock::matchers::path(LONG_CONNECTION_ENDPOINT_PATH))
        .respond_with(EndpointResponder(Arc::clone(hub)))
        .named("long connection discovery")
}

/// Answers `POST /callback/ws/endpoint`.
struct EndpointResponder(Arc<Hub>);

impl Respond for EndpointResponder {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        ResponseTemplate::new(200).set_body_json(self.0.discover(&request.body))
    }
}

// --- Frames (`pbbp2`, proto2) -------------------------------------------------------

const METHOD_CONTROL: i32 = 0;
const METHOD_DATA: i32 = 1;

#[derive(Clone, PartialEq, Eq, prost::Message)]
struct Header {
    #[prost(string, required, tag = "1")]
    key: String,
    #[prost(string, required, tag = "2")]
    value: String,
}

#[derive(Clone, PartialEq, prost::Message)]
struct Frame {
    #[prost(uint64, required, tag = "1")]
    seq_id: u64,
    #[prost(uint64, required, tag = "2")]
    log_id: u64,
    #[prost(int32, required, tag = "3")]
    service: i32,
    #[prost(int32, required, tag = "4")]
    method: i32,
    #[prost(message, repeated, tag = "5")]
    headers: Vec<Header>,
    #[prost(string, optional, tag = "6")]
    payload_encoding: Option<String>,
    #[prost(string, optional, tag = "7")]
    payload_type: Option<String>,
    #[prost(bytes = "vec", optional, tag = "8")]
    payload: Option<Vec<u8>>,
    #[prost(string, optional, tag = "9")]
    log_id_new: Option<String>,
}

impl Frame {
    fn decode_bytes(bytes: &[u8]) -> Result<Frame, prost::DecodeError> {
        prost::Message::decode(bytes)
    }

    fn encode_bytes(&self) -> Vec<u8> {
        prost::Message::encode_to_vec(self)
    }

    fn header(&self, key: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|h| h.key == key)
            .map(|h| h.value.as_str())
    }

    fn with_headers(seq_id: u64, method: i32, headers: &[(&str, String)]) -> Frame {
        Frame {
            seq_id,
            log_id: seq_id,
            service: LONG_CONNECTION_SERVICE_ID,
            method,
            headers: headers
                .iter()
                .map(|(k, v)| Header {
                    key: (*k).to_owned(),
                    value: v.clone(),
                })
                .collect(),
            payload_encoding: None,
            payload_type: None,
            payload: None,
            log_id_new: None,
        }
    }

    fn pong(service: i32, config: Vec<u8>) -> Frame {
        let mut frame = Frame::with_headers(0, METHOD_CONTROL, &[("type", "pong".into())]);
        frame.service = service;
        frame.payload = Some(config);
        frame
    }

    fn event(n: u64, message_id: &str, sum: usize, seq: usize, payload: Vec<u8>) -> Frame {
        let timestamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        let mut frame = Frame::with_headers(
            n,
            METHOD_DATA,
            &[
                ("type", "event".into()),
                ("message_id", message_id.to_owned()),
                ("sum", sum.to_string()),
                ("seq", seq.to_string()),
                ("trace_id", format!("mocktrace{n}")),
                ("timestamp", timestamp.to_string()),
            ],
        );
        frame.payload = Some(payload);
        frame
    }
}

// --- Public hooks ---------------------------------------------------------------------

impl MockHelpdeskBuilder {
    /// The long connection's settings: the `ClientConfig` discovery and pongs answer,
    /// and how long answers are waited for ([`LongConnectionConfig`]).
    pub fn long_connection(mut self, config: LongConnectionConfig) -> Self {
        self.long_connection = config;
        self
    }
}

impl MockHelpdesk {
    /// Pushes an event (the JSON text of a schema 2.0 envelope, or 1.0) over the long
    /// connection: to the open connection, or the next one. It is pushed again until
    /// answered `200`.
    pub fn push_event(&self, json: impl Into<Arc<str>>) {
        let _ = self.long_connection.hub.sender().send(json.into());
    }

    /// Injects a fault into the long connection (each applies once; see
    /// [`LongConnectionFault`]).
    pub fn inject_long_connection(&self, fault: LongConnectionFault) {
        self.long_connection.hub.state().faults.push(fault);
        self.long_connection.hub.wake.notify_waiters();
    }

    /// What the long connection did so far: discoveries, connections, pings, pushes,
    /// answers.
    pub fn long_connection_log(&self) -> LongConnectionLog {
        let state = self.long_connection.hub.state();
        LongConnectionLog {
            acks: state.acks.iter().cloned().collect(),
            ..state.log.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_attached_feed_is_pushed_to_the_client() {
        let mock = MockHelpdesk::start().await;
        let (feed, events) = mpsc::unbounded_channel();
        let hub = Arc::clone(&mock.long_connection.hub);
        hub.attach_feed(events);
        feed.send(Arc::from(
            r#"{"schema":"2.0","header":{"event_id":"fed1"}}"#,
        ))
        .unwrap();
        for _ in 0..500 {
            if hub.state().queue.iter().any(|q| q.event_id == "fed1") {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("the fed event was not queued");
    }

    #[tokio::test]
    async fn connections_past_the_limit_are_closed() {
        let mock = MockHelpdesk::start().await;
        let hub = Arc::clone(&mock.long_connection.hub);
        let credentials = serde_json::json!({
            "AppID": mock.credentials().app_id,
            "AppSecret": mock.credentials().app_secret,
        })
        .to_string();
        let url = || {
            hub.discover(credentials.as_bytes())["data"]["URL"]
                .as_str()
                .unwrap()
                .to_owned()
        };
        let mut open = Vec::new();
        for _ in 0..MAX_CONNECTIONS {
            let (socket, _) = tokio_tungstenite::connect_async(url()).await.unwrap();
            open.push(socket);
        }
        // Every place is taken by a connection that stays: the next one is closed before
        // its handshake is answered.
        assert!(tokio_tungstenite::connect_async(url()).await.is_err());
        // A connection closed gives its place back (once the server saw it go).
        drop(open.pop());
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        loop {
            if tokio_tungstenite::connect_async(url()).await.is_ok() {
                break;
            }
            assert!(std::time::Instant::now() < deadline, "no place given back");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    #[test]
    fn a_payload_is_split_into_at_most_one_piece_per_byte() {
        assert_eq!(split(b"abcdefg", 3), vec![&b"abc"[..], b"def", b"g"]);
        assert_eq!(split(b"ab", 5), vec![&b"a"[..], b"b"]);
        assert_eq!(split(b"", 3), vec![&b""[..]]);
        assert_eq!(split(b"abc", 0), vec![&b"abc"[..]]);
    }

    #[test]
    fn the_event_id_is_read_from_either_schema() {
        assert_eq!(event_id(r#"{"header":{"event_id":"e1"}}"#), "e1");
        assert_eq!(event_id(r#"{"uuid":"u1"}"#), "u1");
        assert_eq!(event_id("not json"), "");
    }
}
