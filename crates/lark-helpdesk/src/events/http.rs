//! A ready callback server: HTTP/1.1 on hyper, answering each request at once through a
//! [`Receiver`] and handing events on through a bounded channel.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ::http::{HeaderValue, Method, Request, Response, StatusCode, header};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, mpsc, watch};
use tokio::task::JoinSet;

use super::event::Event;
use super::receiver::{Received, Receiver, Reply, WarnLimit};

/// The bytes of request bodies a [`serve_with`] server holds at once by default: 16 MiB.
const DEFAULT_BODY_BYTES_IN_FLIGHT: usize = 16 * 1024 * 1024;

/// How a [`serve_with`] server treats connections. Every limit is there so that a slow
/// or hostile client cannot hold the server.
///
/// # Memory
///
/// With the defaults, what requests can make a server hold at once is bounded by:
/// request bodies, 16 MiB in all ([`ServeOptions::body_bytes_in_flight`]); hyper's
/// read buffer of each connection, at most 64 KiB (request line and headers included),
/// 16 MiB for 256 connections. That is about 32 MiB of request data, whoever sends it
/// (it was 256 MiB before bodies had a budget), plus the small state of each
/// connection, plus the working copies of the bodies being checked at that moment (at
/// most one a worker thread; joined, decoded, decrypted: a few times the body's size).
/// A request past the body budget is answered 503 at once (the platform delivers it
/// again).
#[derive(Debug, Clone)]
pub struct ServeOptions {
    path: Option<String>,
    max_connections: usize,
    body_bytes_in_flight: usize,
    header_read_timeout: Duration,
    body_read_timeout: Duration,
    connection_lifetime: Duration,
    shutdown_timeout: Duration,
    max_header_bytes: usize,
}

impl ServeOptions {
    /// Any path; 256 connections at once; 16 MiB of request bodies at once; 5 s to send
    /// the headers and 10 s to send the body of a request; a connection closed (after
    /// its request) once 60 s old; 10 s to finish in-flight requests on shutdown; 16 KiB
    /// of request line and headers.
    pub fn new() -> Self {
        ServeOptions {
            path: None,
            max_connections: 256,
            body_bytes_in_flight: DEFAULT_BODY_BYTES_IN_FLIGHT,
            header_read_timeout: Duration::from_secs(5),
            body_read_timeout: Duration::from_secs(10),
            connection_lifetime: Duration::from_secs(60),
            shutdown_timeout: Duration::from_secs(10),
            max_header_bytes: 16 * 1024,
        }
    }

    /// Answers only at `path` (404 elsewhere); by default every path is answered.
    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// How many connections are served at once (at least one); a connection past it is
    /// closed at once.
    pub fn max_connections(mut self, max: usize) -> Self {
        self.max_connections = max.max(1);
        self
    }

    /// How many bytes of request bodies are held at once, in all requests (16 MiB by
    /// default; never less than the receiver's maximum body).
    /// Before its body is read, a request reserves its `Content-Length`, or the
    /// receiver's maximum when its length is not known (a chunked body); when the budget has not
    /// that much left, it is answered 503 at once, and the platform delivers it again.
    pub fn body_bytes_in_flight(mut self, max: usize) -> Self {
        self.body_bytes_in_flight = max;
        self
    }

    /// How long a client has to send a request's line and headers.
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.header_read_timeout = timeout;
        self
    }

    /// How long a client has to send a request's body (408 past it).
    pub fn body_read_timeout(mut self, timeout: Duration) -> Self {
        self.body_read_timeout = timeout;
        self
    }

    /// How long a connection is kept; past it, it is closed after its current request.
    pub fn connection_lifetime(mut self, lifetime: Duration) -> Self {
        self.connection_lifetime = lifetime;
        self
    }

    /// How long shutdown waits for in-flight requests before closing their connections.
    pub fn shutdown_timeout(mut self, timeout: Duration) -> Self {
        self.shutdown_timeout = timeout;
        self
    }

    /// The largest request line and headers taken (431 above it).
    pub fn max_header_bytes(mut self, max: usize) -> Self {
        self.max_header_bytes = max;
        self
    }
}

impl Default for ServeOptions {
    fn default() -> Self {
        Self::new()
    }
}

/// Serves the platform's HTTP callbacks on `listener` with the default [`ServeOptions`]
/// until `shutdown` completes; see [`serve_with`].
///
/// # Errors
///
/// None today: accept errors are logged and retried; the `Result` is kept for failures
/// that would end serving.
pub async fn serve(
    listener: TcpListener,
    receiver: Receiver,
    events: mpsc::Sender<Event>,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    serve_with(ServeOptions::new(), listener, receiver, events, shutdown).await
}

/// Serves the platform's HTTP callbacks on `listener` until `shutdown` completes.
///
/// A request at another path than the configured one is answered 404; at that path,
/// any other method than `POST` is answered 405. Each `POST` has its body read up to
/// the [`Receiver`]'s maximum (a larger `Content-Length` is refused with 413 before
/// any of the body is read, and reading stops at the maximum) within the budget of
/// [`ServeOptions::body_bytes_in_flight`] (503 past it), and is answered at once
/// with the receiver's [`Reply`]: the platform wants an answer within 3 seconds, so a
/// new event is handed on with `try_send` into `events` and whoever reads the channel
/// handles it after the answer was sent. When the channel is full (or closed) the
/// request is answered 503 and the event id forgotten, so the platform's redelivery
/// brings the event again: nothing is lost and nothing waits.
///
/// On `shutdown` the listener is closed at once, idle connections are closed, and
/// requests in flight are finished (for up to [`ServeOptions::shutdown_timeout`]).
///
/// Refusals (a connection past the limit, a body too large, late or past the budget,
/// an event not handed on) are each logged at `debug`; of each kind, the first is also
/// logged at `warn`, then at most one a minute with how many came since (`skipped`).
/// The receiver's refusals are logged the same way; no body and no secret is logged.
///
/// # Errors
///
/// None today: accept errors are logged and retried; the `Result` is kept for failures
/// that would end serving.
pub async fn serve_with(
    options: ServeOptions,
    listener: TcpListener,
    receiver: Receiver,
    events: mpsc::Sender<Event>,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let budget = options
        .body_bytes_in_flight
        .max(receiver.max_body_bytes())
        .clamp(1, u32::MAX as usize);
    let context = Arc::new(Context {
        receiver,
        events,
        path: options.path.clone(),
        body_read_timeout: options.body_read_timeout,
        body_budget: Arc::new(Semaphore::new(budget)),
        budget,
        warnings: Warnings::default(),
    });
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(options.header_read_timeout)
        .max_header_size(options.max_header_bytes)
        .max_buf_size(MAX_BUF_SIZE)
        .keep_alive(true);
    let connections = Arc::new(Semaphore::new(options.max_connections));
    let (closing, closing_rx) = watch::channel(false);
    let mut tasks = JoinSet::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            Some(_) = tasks.join_next(), if !tasks.is_empty() => {}
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok(accepted) => accepted,
                    Err(error) => {
                        // Per-connection failures and a lack of file descriptors alike:
                        // pause a little so as not to spin, then go on.
                        tracing::warn!(%error, "callback server: accept failed");
                        tokio::time::sleep(ACCEPT_PAUSE).await;
                        continue;
                    }
                };
                let Ok(permit) = connections.clone().try_acquire_owned() else {
                    const WHY: &str = "callback server: too many connections, one refused";
                    match context.warnings.connections.note(Instant::now()) {
                        Some(skipped) => tracing::warn!(%peer, skipped, "{WHY}"),
                        None => tracing::debug!(%peer, "{WHY}"),
                    }
                    drop(stream);
                    continue;
                };
                let context = context.clone();
                let service = service_fn(move |request| {
                    let context = context.clone();
                    async move { Ok::<_, Infallible>(context.answer(request).await) }
                });
                let connection = builder.serve_connection(TokioIo::new(stream), service);
                let mut closing = closing_rx.clone();
                let (lifetime, grace) = (options.connection_lifetime, options.shutdown_timeout);
                tasks.spawn(async move {
                    let _permit = permit;
                    let mut connection = std::pin::pin!(connection);
                    tokio::select! {
                        result = connection.as_mut() => {
                            if let Err(error) = result {
                                tracing::debug!(%peer, %error, "callback connection ended");
                            }
                            return;
                        }
                        _ = closing.wait_for(|closing| *closing) => {}
                        () = tokio::time::sleep(lifetime) => {}
                    }
                    // Finish the request in flight, if any, then close.
                    connection.as_mut().graceful_shutdown();
                    if tokio::time::timeout(grace, connection).await.is_err() {
                        tracing::debug!(%peer, "callback connection closed before it finished");
                    }
                });
            }
        }
    }
    drop(listener);
    let _ = closing.send(true);
    let drained = tokio::time::timeout(options.shutdown_timeout, async {
        while tasks.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        tracing::warn!("callback server: connections still open at shutdown were closed");
    }
    tasks.shutdown().await;
    Ok(())
}

/// hyper's read buffer: enough for the headers, small next to any body limit.
const MAX_BUF_SIZE: usize = 64 * 1024;
const ACCEPT_PAUSE: Duration = Duration::from_millis(50);

struct Context {
    receiver: Receiver,
    events: mpsc::Sender<Event>,
    path: Option<String>,
    body_read_timeout: Duration,
    /// Bytes of request bodies that may be held at once: one permit a byte.
    body_budget: Arc<Semaphore>,
    /// The budget's size (the permits of `body_budget` when no body is held).
    budget: usize,
    warnings: Warnings,
}

/// The rate limits of the server's warnings, one for each kind of refusal.
#[derive(Default)]
struct Warnings {
    connections: WarnLimit,
    too_large: WarnLimit,
    over_budget: WarnLimit,
    late: WarnLimit,
    not_handed_on: WarnLimit,
}

/// Logs a refusal at `warn` when its limit says so, at `debug` otherwise.
macro_rules! refused {
    ($limit:expr, $($field:tt)*) => {
        match $limit.note(Instant::now()) {
            Some(skipped) => tracing::warn!(skipped, $($field)*),
            None => tracing::debug!($($field)*),
        }
    };
}

impl Context {
    async fn answer(&self, request: Request<Incoming>) -> Response<Full<Bytes>> {
        if let Some(path) = &self.path
            && request.uri().path() != path
        {
            return respond(Reply::error(StatusCode::NOT_FOUND, "not found"));
        }
        if request.method() != Method::POST {
            tracing::debug!(method = %request.method(), "callback server: method not allowed");
            let mut response = respond(Reply::error(
                StatusCode::METHOD_NOT_ALLOWED,
                "only POST is answered",
            ));
            response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("POST"));
            return response;
        }
        let max = self.receiver.max_body_bytes();
        let too_large = || {
            refused!(
                self.warnings.too_large,
                max,
                "callback refused: the body is too large"
            );
            respond(Reply::error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "the body is too large",
            ))
        };
        let declared = request
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|len| len > max as u64) {
            return too_large();
        }
        // The bytes this body may take (its length when known, as hyper knows it: none
        // for a request without a body), reserved from the budget until it was checked.
        let reserve = hyper::body::Body::size_hint(request.body())
            .upper()
            .map_or(max, |len| usize::try_from(len).unwrap_or(usize::MAX))
            .min(max)
            .min(self.budget);
        let Ok(_reserved) = self
            .body_budget
            .clone()
            .try_acquire_many_owned(u32::try_from(reserve).unwrap_or(u32::MAX))
        else {
            refused!(
                self.warnings.over_budget,
                reserve,
                "callback refused: too many request bytes in flight, answered 503"
            );
            return respond(Reply::unavailable());
        };
        let (parts, body) = request.into_parts();
        let collected =
            tokio::time::timeout(self.body_read_timeout, Limited::new(body, max).collect()).await;
        let body = match collected {
            Ok(Ok(collected)) => collected.to_bytes(),
            Ok(Err(error)) if error.is::<LengthLimitError>() => return too_large(),
            Ok(Err(error)) => {
                tracing::debug!(%error, "callback server: the body could not be read");
                return respond(Reply::error(
                    StatusCode::BAD_REQUEST,
                    "the body could not be read",
                ));
            }
            Err(_) => {
                refused!(
                    self.warnings.late,
                    "callback server: the body was not sent in time"
                );
                return respond(Reply::error(
                    StatusCode::REQUEST_TIMEOUT,
                    "the body was not sent in time",
                ));
            }
        };
        let receipt = self.receiver.receive(&parts.headers, &body);
        if let Received::Event(event) = receipt.received {
            let id = event.id().to_owned();
            if let Err(error) = self.events.try_send(event) {
                let (event, why) = match error {
                    mpsc::error::TrySendError::Full(event) => (event, "full"),
                    mpsc::error::TrySendError::Closed(event) => (event, "closed"),
                };
                self.receiver.forget(&event);
                refused!(
                    self.warnings.not_handed_on,
                    event_id = id.as_str(),
                    channel = why,
                    "callback event not handed on, answered 503 for redelivery"
                );
                return respond(Reply::unavailable());
            }
        }
        respond(receipt.reply)
    }
}

fn respond(reply: Reply) -> Response<Full<Bytes>> {
    let content_type = reply.content_type();
    let mut response = Response::new(Full::new(Bytes::from(reply.body)));
    *response.status_mut() = reply.status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, content_type);
    response
}
