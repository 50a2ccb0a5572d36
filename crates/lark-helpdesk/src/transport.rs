//! The one call path: every operation of the spec goes through [`Transport::call`], which
//! attaches credentials, runs the attempts under the retry policy, traces each one and
//! maps what came back into the SDK's [`Error`].

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use lark_helpdesk_api::{
    self as api, Answered, Envelope, Operation, ResponseValue, TokenKind, types,
};
use reqwest::StatusCode;
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderName, HeaderValue, USER_AGENT};
use secrecy::ExposeSecret;
use tracing::Instrument;

use crate::credentials::TokenProvider;
use crate::credentials::{AccessToken, AppCredentials, BoxFuture, HelpdeskCredential, TokenCache};
use crate::error::{
    ApiError, ApiErrorKind, DecodeError, Error, OP_TENANT_ACCESS_TOKEN, TransportError, excerpt,
};
use crate::limiter::{Limiter, Outcome};
use crate::retry::{self, Decision, RetryPolicy};

/// The header carrying the helpdesk credential.
pub const HELPDESK_AUTH_HEADER: &str = "x-lark-helpdesk-authorization";
const USER_AGENT_VALUE: &str = concat!("lark-helpdesk-rust/", env!("CARGO_PKG_VERSION"));

/// How the client gets its tenant access token.
#[derive(Clone)]
pub(crate) enum TokenSource {
    App(AppCredentials),
    Provider(Arc<dyn TokenProvider>),
}

impl fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenSource::App(app) => f.debug_tuple("App").field(app).finish(),
            TokenSource::Provider(_) => f.write_str("Provider(..)"),
        }
    }
}

/// The client's connection to the platform: where, with which credentials, how patiently.
pub(crate) struct Transport {
    pub(crate) base_url: String,
    pub(crate) http: reqwest::Client,
    /// The tenant token's source, if the client has one.
    pub(crate) token: Option<TokenSource>,
    /// The user token's source, if the client has one.
    pub(crate) user: Option<Arc<dyn TokenProvider>>,
    pub(crate) cache: TokenCache,
    pub(crate) helpdesk: HelpdeskCredential,
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) limiter: Limiter,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("base_url", &self.base_url)
            .field("token", &self.token)
            .field("user", &self.user.as_ref().map(|_| "Provider(..)"))
            .field("helpdesk", &self.helpdesk)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

/// What one call asks of the transport besides its request.
#[derive(Clone, Copy)]
pub(crate) struct Call<'a> {
    /// The operation id (`list_ticket_messages`, ...).
    pub(crate) operation: &'static str,
    /// The tokens the operation accepts, preferred first; each request carries one of them
    /// and the helpdesk credential (the token call itself accepts none and carries
    /// neither).
    pub(crate) tokens: &'static [TokenKind],
    /// Whether sending the request twice leaves the same state as once: if not, it is
    /// sent again only when the platform surely did not act on it.
    pub(crate) idempotent: bool,
    /// The timeout of each attempt (the client's when `None`).
    pub(crate) timeout: Option<Duration>,
    /// Waited for before each attempt, and held until its answer begins.
    pub(crate) admission: Option<&'a dyn Admission>,
    /// The page, for the trace only.
    pub(crate) page: Option<u64>,
    /// Whether a success may answer a file, left unread for the caller to stream.
    pub(crate) file: bool,
    /// Whether the operation changes something (any method but GET).
    pub(crate) method_writes: bool,
}

impl Call<'_> {
    /// A call of `operation` as the spec describes it, with the client's timeout.
    pub(crate) fn of(operation: &'static Operation) -> Self {
        Call {
            operation: operation.id,
            tokens: operation.tokens,
            idempotent: operation.idempotent,
            timeout: None,
            admission: None,
            page: None,
            file: operation.binary,
            method_writes: operation.method != lark_helpdesk_api::Method::Get,
        }
    }
}

/// Something each attempt of a call waits for before it is sent; what it hands out is
/// held until the answer begins (a request slot of a page walk).
pub(crate) trait Admission: Send + Sync {
    /// Waits for the attempt's turn, then runs `then` (the limiter's wait) within it, so
    /// that turns taken in order reach the limiter in order; `first` is true for the
    /// first attempt of the call.
    fn admit<'a>(
        &'a self,
        first: bool,
        then: BoxFuture<'a, Box<dyn Send>>,
    ) -> BoxFuture<'a, Result<Box<dyn Send>, Error>>;

    /// Whether the requests of this walk are held to a number the caller fixed (the
    /// limiter then paces them but does not adapt their number).
    fn fixed(&self) -> bool;
}

/// The error type of a generated method: its documented error envelope, if it has one.
pub(crate) trait ErrorEnvelope {
    /// `(code, msg, log id)`.
    fn parts(self) -> Option<(i64, Option<String>, Option<String>)>;
}

impl ErrorEnvelope for () {
    fn parts(self) -> Option<(i64, Option<String>, Option<String>)> {
        None
    }
}

impl ErrorEnvelope for types::ErrorResponse {
    fn parts(self) -> Option<(i64, Option<String>, Option<String>)> {
        Some((self.code, self.msg, self.error.and_then(|d| d.log_id)))
    }
}

/// A successful answer (`code` 0), its log id, and its body as received.
pub(crate) struct Answer<T> {
    pub(crate) body: T,
    pub(crate) log_id: Option<String>,
    pub(crate) raw: bytes::Bytes,
}

impl Transport {
    /// Runs `send` (one generated method, given a client for one attempt) under the retry
    /// policy. Each attempt gets a fresh token (for an authorized call), waits for its
    /// admission, and has its own tracing span; its outcome is mapped into [`Error`].
    pub(crate) async fn call<T, E, F, Fut>(
        &self,
        call: Call<'_>,
        send: F,
    ) -> Result<Answer<T>, Error>
    where
        T: Envelope,
        E: ErrorEnvelope,
        F: Fn(api::Client) -> Fut,
        Fut: Future<Output = Result<ResponseValue<T>, api::Error<E>>>,
    {
        let operation = call.operation;
        let timeout = call.timeout.unwrap_or(self.timeout);
        let mut attempt = 1;
        let mut token_refreshed = false;
        // Whether an earlier attempt may have been applied (its answer was lost).
        let mut maybe_applied = false;
        loop {
            let token = match call.tokens {
                [] => None,
                accepted => Some(self.token_for(operation, accepted).await?),
            };
            let mut state =
                api::Attempt::new(self.headers(token.as_ref().map(|(_, t)| t))?, Some(timeout))
                    .for_operation(operation);
            if call.file {
                state = state.leaving_files_unread();
            }
            let adaptive = call.admission.is_none_or(|a| !a.fixed());
            let limited: BoxFuture<'_, Box<dyn Send>> = Box::pin(async move {
                Box::new(self.limiter.acquire(operation, adaptive).await) as Box<dyn Send>
            });
            state = state.holding(match call.admission {
                Some(admission) => admission.admit(attempt == 1, limited).await?,
                None => limited.await,
            });
            let client =
                api::Client::new_with_client(&self.base_url, self.http.clone(), state.clone());
            let span = tracing::debug_span!(
                "lark_helpdesk.attempt",
                operation,
                page = call.page,
                attempt,
                status = tracing::field::Empty,
                log_id = tracing::field::Empty,
                duration_ms = tracing::field::Empty,
            );
            let started = Instant::now();
            let sent = tokio::time::Instant::now().into_std();
            let result = send(client).instrument(span.clone()).await;
            let result = outcome(operation, result, state.answered()).await;
            let told = limiter_outcome(&result, state.answered(), self.retry.max_rate_limit_wait);
            self.limiter.record(operation, sent, told);
            // Whatever it held (a request slot) is given back before any retry's wait.
            drop(state);
            span.record("duration_ms", started.elapsed().as_millis() as u64);
            let error = match result {
                Ok(answer) => {
                    tracing::debug!(parent: &span, "succeeded");
                    return Ok(answer);
                }
                Err(e) => e,
            };
            if let Some(status) = error.status() {
                span.record("status", status.as_u16());
            }
            if let Some(log_id) = error.log_id() {
                span.record("log_id", log_id);
            }
            match retry::decide(
                &error,
                attempt,
                token_refreshed,
                &self.retry,
                rand::random(),
                call.idempotent,
            ) {
                Decision::GiveUp => {
                    tracing::debug!(
                        parent: &span,
                        failure = error.category(),
                        code = error.code(),
                        "giving up"
                    );
                    let unknown = (!call.idempotent && error.may_have_been_applied())
                        // A retried write finds its item gone: the lost attempt may have
                        // done it (a delete), so the outcome is not "not found".
                        || (maybe_applied
                            && error.api_kind() == Some(crate::error::ApiErrorKind::NotFound));
                    if unknown {
                        return Err(Error::OutcomeUnknown {
                            operation,
                            source: Box::new(error),
                        });
                    }
                    return Err(error);
                }
                Decision::RefreshToken => {
                    tracing::info!(parent: &span, code = error.code(), "token refused; fetching a new one");
                    if let Some((kind, token)) = &token {
                        self.invalidate(*kind, token);
                    }
                    token_refreshed = true;
                }
                Decision::RetryAfter(wait) => {
                    maybe_applied |= call.method_writes && error.may_have_been_applied();
                    // A refusal's wait is the limiter's: it holds every request of the
                    // operation until the window ends, this retry included, and often
                    // knows the end sooner than the whole seconds of the reset header.
                    let wait = if error.is_rate_limited() && error.retry_after().is_some() {
                        Duration::ZERO
                    } else {
                        wait
                    };
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

    /// The headers of an attempt: the user agent, and the credentials of an authorized
    /// call, marked sensitive.
    fn headers(&self, token: Option<&AccessToken>) -> Result<HeaderMap, Error> {
        let mut headers = HeaderMap::with_capacity(3);
        headers.insert(USER_AGENT, HeaderValue::from_static(USER_AGENT_VALUE));
        if let Some(token) = token {
            headers.insert(AUTHORIZATION, token.bearer_header()?);
            headers.insert(
                HeaderName::from_static(HELPDESK_AUTH_HEADER),
                self.helpdesk.header_value().clone(),
            );
        }
        Ok(headers)
    }

    /// A token of the first kind in `accepted` the client has: the tenant token from its
    /// provider, the cache or one shared fetch; the user token from its provider.
    async fn token_for(
        &self,
        operation: &'static str,
        accepted: &'static [TokenKind],
    ) -> Result<(TokenKind, AccessToken), Error> {
        for &kind in accepted {
            match (kind, &self.token, &self.user) {
                (TokenKind::Tenant, Some(_), _) => return Ok((kind, self.token().await?)),
                (TokenKind::User, _, Some(user)) => return Ok((kind, user.token().await?)),
                _ => {}
            }
        }
        Err(Error::NoToken {
            operation,
            accepted,
        })
    }

    /// A tenant access token: from the provider, the cache, or one shared fetch.
    ///
    /// Boxed (not `async fn`): fetching runs through [`Transport::call`], which asks for
    /// tokens itself, and a named future type keeps that cycle out of type inference.
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>> {
        Box::pin(async move {
            match &self.token {
                Some(TokenSource::Provider(p)) => p.token().await,
                Some(TokenSource::App(app)) => {
                    self.cache.get_or_fetch(|| self.fetch_app_token(app)).await
                }
                None => Err(Error::Config("no tenant access token is configured".into())),
            }
        })
    }

    fn invalidate(&self, kind: TokenKind, token: &AccessToken) {
        match (kind, &self.token, &self.user) {
            (TokenKind::User, _, Some(user)) => user.invalidate(token),
            (_, Some(TokenSource::Provider(p)), _) => p.invalidate(token),
            (_, Some(TokenSource::App(_)), _) => self.cache.invalidate(token),
            _ => {}
        }
    }

    async fn fetch_app_token(
        &self,
        app: &AppCredentials,
    ) -> Result<(AccessToken, Duration), Error> {
        let body = types::TenantAccessTokenRequest {
            app_id: app.app_id.clone(),
            app_secret: app.app_secret.expose_secret().to_string(),
        };
        let call = Call::of(&api::ops::TENANT_ACCESS_TOKEN_INTERNAL);
        let answer = self
            .call(call, |api| {
                let body = &body;
                async move { api.tenant_access_token_internal(body).await }
            })
            .await
            .map_err(|e| match e {
                Error::Api(mut api) => {
                    api.app_id = Some(app.app_id.clone());
                    Error::Api(api)
                }
                e => e,
            })?;
        match (answer.body.tenant_access_token, answer.body.expire) {
            (Some(token), Some(expire)) if !token.is_empty() && expire > 0 => Ok((
                AccessToken::new(token),
                Duration::from_secs(expire.unsigned_abs()),
            )),
            _ => Err(Error::Decode(Box::new(DecodeError {
                operation: OP_TENANT_ACCESS_TOKEN,
                status: Some(StatusCode::OK),
                log_id: answer.log_id,
                content_type: None,
                reason: "code 0 without a tenant_access_token and a positive expire".into(),
                excerpt: String::new(),
                retry_after: None,
            }))),
        }
    }
}

/// What an attempt's outcome tells the limiter; the wait a refusal asks for is capped by
/// the retry policy's `max_rate_limit_wait`.
fn limiter_outcome<T>(
    result: &Result<T, Error>,
    answered: Option<&Answered>,
    max_wait: Duration,
) -> Outcome {
    match result {
        Err(e) if e.is_rate_limited() => Outcome::RateLimited {
            limit: answered
                .and_then(|a| a.headers.get("x-ogw-ratelimit-limit"))
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse().ok()),
            reset: e.retry_after().map(|r| r.min(max_wait)),
        },
        // No answer, or a failure of the platform's own: says nothing of the limit, and
        // is no reason to send more.
        _ if answered.is_none_or(|a| a.status.is_server_error()) => Outcome::NoAnswer,
        _ => Outcome::Answered,
    }
}

/// What the answer's status and headers said.
#[derive(Debug, Default, Clone)]
struct Meta {
    status: Option<StatusCode>,
    log_id: Option<String>,
    content_type: Option<String>,
    reset: Option<Duration>,
    is_object: bool,
}

impl Meta {
    fn of(answered: Option<&Answered>) -> Meta {
        let Some(answered) = answered else {
            return Meta::default();
        };
        let text = |name: &str| {
            answered
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        Meta {
            status: Some(answered.status),
            log_id: text("x-tt-logid").or_else(|| text("x-request-id")),
            content_type: text("content-type"),
            reset: text("x-ogw-ratelimit-reset")
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_secs),
            is_object: answered.is_object,
        }
    }
}

/// Maps the outcome of one attempt into the SDK's terms.
async fn outcome<T: Envelope, E: ErrorEnvelope>(
    operation: &'static str,
    result: Result<ResponseValue<T>, api::Error<E>>,
    answered: Option<&Answered>,
) -> Result<Answer<T>, Error> {
    let meta = Meta::of(answered);
    match result {
        Ok(_) if !meta.is_object && !answered.is_some_and(|a| a.unread) => {
            Err(not_an_object(operation, &meta))
        }
        Ok(value) => {
            let body = value.into_inner();
            if body.code() != 0 {
                let (code, msg) = (body.code(), body.msg().map(str::to_owned));
                let body_log_id = body.body_log_id().map(str::to_owned);
                return Err(api_error(operation, &meta, code, msg, body_log_id));
            }
            Ok(Answer {
                body,
                log_id: meta.log_id,
                raw: answered.map(|a| a.body.clone()).unwrap_or_default(),
            })
        }
        Err(e) => Err(convert_error(operation, e, meta).await),
    }
}

fn api_error(
    operation: &'static str,
    meta: &Meta,
    code: i64,
    msg: Option<String>,
    body_log_id: Option<String>,
) -> Error {
    Error::Api(Box::new(ApiError {
        operation,
        status: meta.status.unwrap_or(StatusCode::OK),
        code,
        msg: msg.unwrap_or_default(),
        kind: match ApiErrorKind::from_code(code) {
            // The token endpoint's codes; elsewhere 10003 says nothing of the app.
            ApiErrorKind::AppCredentials if operation != OP_TENANT_ACCESS_TOKEN => {
                ApiErrorKind::Other
            }
            kind => kind,
        },
        log_id: meta.log_id.clone().or(body_log_id),
        retry_after: meta.reset,
        app_id: None,
    }))
}

/// An answer that decoded, but from a JSON array rather than an object.
fn not_an_object(operation: &'static str, meta: &Meta) -> Error {
    decode_error(
        operation,
        meta,
        "the answer is JSON but not an object".into(),
        b"",
    )
}

fn decode_error(operation: &'static str, meta: &Meta, reason: String, body: &[u8]) -> Error {
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
async fn convert_error<E: ErrorEnvelope>(
    operation: &'static str,
    error: api::Error<E>,
    mut meta: Meta,
) -> Error {
    match error {
        api::Error::ErrorResponse(_) if !meta.is_object => not_an_object(operation, &meta),
        api::Error::ErrorResponse(value) => {
            meta.status = Some(value.status());
            match value.into_inner().parts() {
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
            match serde_json::from_slice::<types::ErrorResponse>(&body) {
                Ok(e) if meta.is_object && e.code != 0 => api_error(
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
