//! The client: one generated client underneath, credentials attached by its hook, every
//! call run through the retry loop.

use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use lark_helpdesk_api::{self as api, OP_LIST_TICKET_MESSAGES, OP_TENANT_ACCESS_TOKEN, types};
use reqwest::StatusCode;
use reqwest::header::{HeaderName, HeaderValue, USER_AGENT};
use secrecy::ExposeSecret;
use tokio::sync::OwnedSemaphorePermit;
use tracing::Instrument;

use crate::config::{ClientBuilder, TokenSource};
use crate::credentials::{AccessToken, HelpdeskCredential, TokenCache};
use crate::error::{ApiError, ApiErrorKind, DecodeError, Error, TransportError, excerpt};
use crate::paginate::Gate;
use crate::request::TicketMessagesRequest;
use crate::retry::{self, Decision, Facts, RetryPolicy};

/// The header carrying the helpdesk credential.
pub const HELPDESK_AUTH_HEADER: &str = "x-lark-helpdesk-authorization";
const USER_AGENT_VALUE: &str = concat!("lark-helpdesk-rust/", env!("CARGO_PKG_VERSION"));

/// A Helpdesk API client. Cheap to clone: clones share the connection pool and the token
/// cache.
///
/// ```no_run
/// # async fn run() -> Result<(), lark_helpdesk::Error> {
/// let client = lark_helpdesk::Client::from_env()?;
/// let page = client.ticket_messages("6948728206392295444").page_size(50).send().await?;
/// println!("{} of {:?} messages (log id {:?})", page.messages.len(), page.total, page.log_id());
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    api: api::Client,
    base_url: String,
    token: TokenSource,
    cache: TokenCache,
    helpdesk: HelpdeskCredential,
    timeout: Duration,
    retry: RetryPolicy,
}

pub(crate) struct Settings {
    pub(crate) base_url: String,
    pub(crate) token: TokenSource,
    pub(crate) helpdesk: HelpdeskCredential,
    pub(crate) http: reqwest::Client,
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) refresh_margin: Duration,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("token", &self.inner.token)
            .field("helpdesk", &self.inner.helpdesk)
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A builder: base URL, credentials, HTTP client, timeout, retries.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from the `LARK_*` environment variables (see
    /// [`crate::config::env`]).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] naming the variables to set when credentials are missing, or the
    /// base URL is refused.
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::default().from_env().build()
    }

    pub(crate) fn new(s: Settings) -> Client {
        let hooks = SdkHooks {
            origin: s.base_url.clone(),
        };
        let api = api::Client::new_with_client(&s.base_url, s.http, api::Hooks::new(hooks));
        Client {
            inner: Arc::new(Inner {
                api,
                base_url: s.base_url,
                token: s.token,
                cache: TokenCache::new(s.refresh_margin),
                helpdesk: s.helpdesk,
                timeout: s.timeout,
                retry: s.retry,
            }),
        }
    }

    /// The base URL requests go to (`scheme://host[:port]`).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// A request for the messages of a ticket: one page with
    /// [`send`](TicketMessagesRequest::send), or all of them with
    /// [`stream`](TicketMessagesRequest::stream).
    pub fn ticket_messages(&self, ticket_id: impl Into<String>) -> TicketMessagesRequest {
        TicketMessagesRequest::new(self.clone(), ticket_id.into())
    }

    pub(crate) fn default_timeout(&self) -> Duration {
        self.inner.timeout
    }

    /// A tenant access token: from the cache, the provider, or one shared fetch.
    ///
    /// Boxed (not `async fn`): fetching runs through [`Client::run`], which asks for
    /// tokens itself, and a named future type keeps that cycle out of type inference.
    fn token(&self) -> crate::credentials::BoxFuture<'_, Result<AccessToken, Error>> {
        Box::pin(async move {
            match &self.inner.token {
                TokenSource::Provider(p) => p.token().await,
                TokenSource::App(app) => {
                    self.inner
                        .cache
                        .get_or_fetch(|| self.fetch_app_token(app))
                        .await
                }
            }
        })
    }

    fn invalidate(&self, token: &AccessToken) {
        match &self.inner.token {
            TokenSource::Provider(p) => p.invalidate(token),
            TokenSource::App(_) => self.inner.cache.invalidate(token),
        }
    }

    async fn fetch_app_token(
        &self,
        app: &crate::credentials::AppCredentials,
    ) -> Result<(AccessToken, Duration), Error> {
        let body = types::TenantAccessTokenRequest {
            app_id: app.app_id.clone(),
            app_secret: app.app_secret.expose_secret().to_string(),
        };
        let op = OP_TENANT_ACCESS_TOKEN;
        self.run(op, None, None, None, self.inner.timeout, || async {
            let result = self.inner.api.tenant_access_token_internal(&body).await;
            let meta = observed();
            let response = match result {
                Ok(_) if meta.not_an_object => return Err(not_an_object(op, &meta)),
                Ok(rv) => rv.into_inner(),
                Err(e) => return Err(convert_error(op, e, meta, |()| None).await),
            };
            if response.code != 0 {
                return Err(api_error(op, &meta, response.code, response.msg, None));
            }
            match (response.tenant_access_token, response.expire) {
                (Some(token), Some(expire)) if !token.is_empty() && expire > 0 => Ok((
                    AccessToken::new(token),
                    Duration::from_secs(expire.unsigned_abs()),
                )),
                _ => Err(decode_error(
                    op,
                    &meta,
                    "code 0 without a tenant_access_token and a positive expire".into(),
                    b"",
                )),
            }
        })
        .await
    }

    /// One attempt of `list_ticket_messages`, already authorised by the call context.
    pub(crate) async fn list_page(
        &self,
        query: &crate::request::Query,
    ) -> Result<(types::TicketMessagesData, Option<String>), Error> {
        let op = OP_LIST_TICKET_MESSAGES;
        self.run(
            op,
            Some(query.page),
            Some(&self.inner.helpdesk),
            query.gate.as_deref(),
            query.timeout,
            || async {
                let result = self
                    .inner
                    .api
                    .list_ticket_messages(
                        &query.ticket_id,
                        std::num::NonZeroU64::new(query.page),
                        std::num::NonZeroU64::new(query.page_size),
                        query.time_end,
                        query.time_start,
                    )
                    .await;
                let meta = observed();
                let response = match result {
                    Ok(_) if meta.not_an_object => return Err(not_an_object(op, &meta)),
                    Ok(rv) => rv.into_inner(),
                    Err(e) => {
                        return Err(convert_error(op, e, meta, |e: types::ErrorResponse| {
                            Some((e.code, e.msg, e.error.and_then(|d| d.log_id)))
                        })
                        .await);
                    }
                };
                if response.code != 0 {
                    let body_log_id = response.error.and_then(|d| d.log_id);
                    return Err(api_error(
                        op,
                        &meta,
                        response.code,
                        response.msg,
                        body_log_id,
                    ));
                }
                Ok((response.data.unwrap_or_default(), meta.log_id))
            },
        )
        .await
    }

    /// Runs attempts of one call under the retry policy; each attempt gets a fresh token
    /// (unless it is the token call) and its own tracing span.
    async fn run<T, F, Fut>(
        &self,
        operation: &'static str,
        page: Option<u64>,
        helpdesk: Option<&HelpdeskCredential>,
        gate: Option<&Gate>,
        timeout: Duration,
        mut attempt_fn: F,
    ) -> Result<T, Error>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, Error>>,
    {
        let mut attempt = 1;
        let mut token_refreshed = false;
        loop {
            let token = match helpdesk {
                Some(_) => Some(self.token().await?),
                None => None,
            };
            // Each attempt waits for a free request slot, held until its answer is in; a
            // first attempt also waits for the pages before it to have taken theirs.
            let permit = match gate {
                Some(gate) => Some(gate.slot(page.unwrap_or_default(), attempt == 1).await?),
                None => None,
            };
            let context = CallContext {
                authorization: token.as_ref().map(AccessToken::bearer_header).transpose()?,
                helpdesk: helpdesk.map(|h| h.header_value().clone()),
                timeout,
                observed: Mutex::new(Observed::default()),
                slot: Mutex::new(permit),
            };
            let span = tracing::debug_span!(
                "lark_helpdesk.attempt",
                operation,
                page,
                attempt,
                status = tracing::field::Empty,
                log_id = tracing::field::Empty,
                duration_ms = tracing::field::Empty,
            );
            let started = Instant::now();
            let result = CALL
                .scope(context, attempt_fn())
                .instrument(span.clone())
                .await;
            span.record("duration_ms", started.elapsed().as_millis() as u64);
            let error = match result {
                Ok(value) => {
                    tracing::debug!(parent: &span, "succeeded");
                    return Ok(value);
                }
                Err(e) => e,
            };
            if let Some(status) = error.status() {
                span.record("status", status.as_u16());
            }
            if let Some(log_id) = error.log_id() {
                span.record("log_id", log_id);
            }
            let facts = Facts::of(&error);
            match retry::decide(
                &facts,
                attempt,
                token_refreshed,
                &self.inner.retry,
                rand::random(),
            ) {
                Decision::GiveUp => {
                    tracing::debug!(
                        parent: &span,
                        failure = error.category(),
                        code = error.code(),
                        "giving up"
                    );
                    return Err(error);
                }
                Decision::RefreshToken => {
                    tracing::info!(parent: &span, code = error.code(), "token refused; fetching a new one");
                    if let Some(token) = &token {
                        self.invalidate(token);
                    }
                    token_refreshed = true;
                }
                Decision::RetryAfter(wait) => {
                    // Never the error's text: a decode error quotes the body.
                    tracing::info!(
                        parent: &span,
                        failure = error.category(),
                        code = error.code(),
                        wait_ms = wait.as_millis() as u64,
                        "retrying"
                    );
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
            }
        }
    }
}

tokio::task_local! {
    /// The credentials and observations of the attempt being polled.
    static CALL: CallContext;
}

struct CallContext {
    authorization: Option<HeaderValue>,
    helpdesk: Option<HeaderValue>,
    timeout: Duration,
    /// The request slot of a page walk, given back as soon as the answer is received.
    slot: Mutex<Option<OwnedSemaphorePermit>>,
    observed: Mutex<Observed>,
}

/// What the hook saw of the answer before its body was read.
#[derive(Debug, Default, Clone)]
struct Observed {
    /// The body is not a JSON object (see `SdkHooks::body_received`).
    not_an_object: bool,
    status: Option<StatusCode>,
    log_id: Option<String>,
    content_type: Option<String>,
    reset: Option<Duration>,
}

fn observed() -> Observed {
    CALL.try_with(|c| c.observed.lock().unwrap_or_else(|e| e.into_inner()).clone())
        .unwrap_or_default()
}

/// The hook the generated client runs around every request.
struct SdkHooks {
    /// `scheme://host[:port]`: credentials are only ever attached for this origin.
    origin: String,
}

impl api::RequestHooks for SdkHooks {
    fn prepare(
        &self,
        request: &mut reqwest::Request,
        operation_id: &'static str,
    ) -> Result<(), String> {
        if request.url().origin().ascii_serialization() != self.origin {
            return Err(format!(
                "{operation_id}: refusing to send credentials to {}",
                request.url().origin().ascii_serialization()
            ));
        }
        let headers = request.headers_mut();
        headers.insert(USER_AGENT, HeaderValue::from_static(USER_AGENT_VALUE));
        let timeout = CALL
            .try_with(|c| {
                if let Some(auth) = &c.authorization {
                    headers.insert(reqwest::header::AUTHORIZATION, auth.clone());
                }
                if let Some(helpdesk) = &c.helpdesk {
                    headers.insert(
                        HeaderName::from_static(HELPDESK_AUTH_HEADER),
                        helpdesk.clone(),
                    );
                }
                c.timeout
            })
            .ok();
        if let Some(timeout) = timeout {
            *request.timeout_mut() = Some(timeout);
        }
        Ok(())
    }

    fn read_body_first(&self, _operation_id: &'static str) -> bool {
        // Always: `body_received` checks the shape of every answer, and in a page walk the
        // answer is in before it is decoded, so the next page's request overlaps the
        // decoding of this one.
        true
    }

    fn body_received(&self, body: &[u8], _operation_id: &'static str) {
        // serde would decode a struct from a JSON array (`[0, ...]`): only an object is an
        // answer of the platform.
        let object = body.trim_ascii_start().first() == Some(&b'{');
        let _ = CALL.try_with(|c| {
            c.observed
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .not_an_object = !object;
        });
    }

    fn observe(&self, result: &reqwest::Result<reqwest::Response>, _operation_id: &'static str) {
        // Whatever came back, the connection is free: give the request slot back.
        let _ = CALL.try_with(|c| c.slot.lock().unwrap_or_else(|e| e.into_inner()).take());
        let Ok(response) = result else { return };
        let headers = response.headers();
        let text = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let status = Some(response.status());
        let log_id = text("x-tt-logid").or_else(|| text("x-request-id"));
        let content_type = text("content-type");
        let reset = text("x-ogw-ratelimit-reset")
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        // Field by field: `body_received` has already recorded the body's shape.
        let _ = CALL.try_with(|c| {
            let mut observed = c.observed.lock().unwrap_or_else(|e| e.into_inner());
            observed.status = status;
            observed.log_id = log_id;
            observed.content_type = content_type;
            observed.reset = reset;
        });
    }
}

fn api_error(
    operation: &'static str,
    meta: &Observed,
    code: i64,
    msg: Option<String>,
    body_log_id: Option<String>,
) -> Error {
    Error::Api(Box::new(ApiError {
        operation,
        status: meta.status.unwrap_or(StatusCode::OK),
        code,
        msg: msg.unwrap_or_default(),
        kind: ApiErrorKind::from_code(code),
        log_id: meta.log_id.clone().or(body_log_id),
        retry_after: meta.reset,
    }))
}

/// An answer that decoded, but from a JSON array rather than an object.
fn not_an_object(operation: &'static str, meta: &Observed) -> Error {
    decode_error(
        operation,
        meta,
        "the answer is JSON but not an object".into(),
        b"",
    )
}

fn decode_error(operation: &'static str, meta: &Observed, reason: String, body: &[u8]) -> Error {
    Error::Decode(Box::new(DecodeError {
        operation,
        status: meta.status,
        log_id: meta.log_id.clone(),
        content_type: meta.content_type.clone(),
        reason,
        // The token endpoint's body holds a token: never quote it.
        excerpt: if operation == OP_TENANT_ACCESS_TOKEN {
            String::new()
        } else {
            excerpt(body)
        },
        retry_after: meta.reset,
    }))
}

/// Maps an error of the generated client into the SDK's, keeping status and log id.
async fn convert_error<E>(
    operation: &'static str,
    error: api::Error<E>,
    mut meta: Observed,
    envelope: impl FnOnce(E) -> Option<(i64, Option<String>, Option<String>)>,
) -> Error {
    match error {
        api::Error::ErrorResponse(_) if meta.not_an_object => not_an_object(operation, &meta),
        api::Error::ErrorResponse(rv) => {
            meta.status = Some(rv.status());
            match envelope(rv.into_inner()) {
                Some((code, msg, log_id)) if code != 0 => {
                    api_error(operation, &meta, code, msg, log_id)
                }
                _ => decode_error(operation, &meta, "an error status with code 0".into(), b""),
            }
        }
        api::Error::InvalidResponsePayload(body, e) => {
            decode_error(operation, &meta, e.to_string(), &body)
        }
        api::Error::UnexpectedResponse(response) => {
            meta.status = Some(response.status());
            let body = match response.bytes().await {
                Ok(body) => body,
                Err(e) => return Error::Transport(TransportError::new(operation, e)),
            };
            let object = body.trim_ascii_start().first() == Some(&b'{');
            match serde_json::from_slice::<types::ErrorResponse>(&body) {
                Ok(e) if object && e.code != 0 => api_error(
                    operation,
                    &meta,
                    e.code,
                    e.msg,
                    e.error.and_then(|d| d.log_id),
                ),
                _ => {
                    let status = meta.status.map_or(0, |s| s.as_u16());
                    decode_error(
                        operation,
                        &meta,
                        format!("unexpected HTTP {status} without a platform error code"),
                        &body,
                    )
                }
            }
        }
        api::Error::CommunicationError(e)
        | api::Error::ResponseBodyError(e)
        | api::Error::InvalidUpgrade(e) => Error::Transport(TransportError::new(operation, e)),
        api::Error::InvalidRequest(reason) => Error::InvalidInput {
            field: "request",
            reason,
        },
        api::Error::Custom(reason) => Error::Config(reason),
    }
}
