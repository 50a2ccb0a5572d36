//! The one error type of the SDK, and what it tells about how far a request got.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use lark_helpdesk_api::TokenKind;
use reqwest::StatusCode;

/// Operation id of the tenant access token call, as named in the spec: its body holds a
/// token, so it is never quoted, and its lasting failures are authentication errors.
pub(crate) const OP_TENANT_ACCESS_TOKEN: &str = "tenant_access_token_internal";

/// Result alias of the SDK.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong, by how far the request got.
///
/// - [`Error::InvalidInput`] and [`Error::Config`]: nothing was sent.
/// - [`Error::Transport`]: sent, but no complete answer came back (connect, timeout, a
///   body cut off).
/// - [`Error::Api`]: the platform answered with a failure (`code != 0`, whatever the
///   HTTP status).
/// - [`Error::Decode`]: an answer came back that is not what the platform sends (an HTML
///   gateway page, truncated JSON, ...).
/// - [`Error::Pagination`]: pages were fetched but do not add up (a page repeating).
/// - [`Error::TokenProvider`]: a [`TokenProvider`](crate::TokenProvider) of your own failed.
/// - [`Error::NoToken`]: the operation needs a kind of token the client was not given;
///   nothing was sent.
/// - [`Error::OutcomeUnknown`]: a write that is not safe to repeat failed after it may
///   have reached the platform; it was not sent again.
///
/// No variant ever holds a secret: tokens and the helpdesk credential are never part of an
/// error, its `Display` or its `Debug`.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An argument was refused before anything was sent.
    #[error("invalid input: {field}: {reason}")]
    InvalidInput {
        /// The argument at fault (`ticket_id`, `page_size`, ...).
        field: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// The client could not be configured (missing credentials, a refused base URL).
    #[error("configuration: {0}")]
    Config(String),
    /// The request was sent but no complete answer came back.
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// The platform answered with a failure.
    #[error(transparent)]
    Api(Box<ApiError>),
    /// The answer could not be decoded.
    #[error(transparent)]
    Decode(Box<DecodeError>),
    /// The pages of a walk did not add up.
    #[error(transparent)]
    Pagination(PaginationError),
    /// A token provider of your own could not hand out a token; its error is the source.
    #[error("the token provider failed: {0}")]
    TokenProvider(#[source] Arc<dyn std::error::Error + Send + Sync>),
    /// The operation accepts only kinds of access token the client was not given (most
    /// often a user access token); nothing was sent.
    #[error(
        "{operation} needs a {} access token and the client has none: {}",
        kinds(accepted),
        token_hint(accepted)
    )]
    NoToken {
        /// The operation id.
        operation: &'static str,
        /// The kinds of token it accepts.
        accepted: &'static [TokenKind],
    },
    /// A write that is not safe to repeat (`x-idempotent: false` in the spec) failed in a
    /// way that leaves open whether the platform applied it: a timeout, a connection
    /// broken after the request went out, a 5xx, an answer that could not be read. It was
    /// not sent again; look (list or get) before sending it again.
    #[error(
        "{operation}: the outcome is unknown: the platform may have applied this write \
         ({source}); it was not retried: check whether it took effect before sending it again"
    )]
    OutcomeUnknown {
        /// The operation id.
        operation: &'static str,
        /// The failure of the attempt.
        #[source]
        source: Box<Error>,
    },
    /// A user access token could not be had: sign in again, retry later, or fix the app's
    /// settings ([`UserAuthError::action`]).
    #[error(transparent)]
    UserAuth(Box<UserAuthError>),
    /// Writing a downloaded file to the caller's writer failed.
    #[error("{operation}: writing the file failed: {source}")]
    Write {
        /// The operation id.
        operation: &'static str,
        /// The writer's error.
        #[source]
        source: Arc<std::io::Error>,
    },
}

fn kinds(accepted: &[TokenKind]) -> String {
    let names: Vec<&str> = accepted.iter().map(|k| k.as_str()).collect();
    names.join(" or ")
}

fn token_hint(accepted: &[TokenKind]) -> &'static str {
    if accepted.contains(&TokenKind::User) {
        "set LARK_USER_ACCESS_TOKEN, or give the builder one (ClientBuilder::user_access_token \
         or user_token_provider)"
    } else {
        "set LARK_APP_ID and LARK_APP_SECRET (or LARK_TENANT_ACCESS_TOKEN)"
    }
}

impl Error {
    /// The log id of the answer (`X-Tt-Logid`), when one came back: support asks for it.
    pub fn log_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.log_id.as_deref(),
            Error::Decode(e) => e.log_id.as_deref(),
            Error::OutcomeUnknown { source, .. } => source.log_id(),
            _ => None,
        }
    }

    /// The HTTP status of the answer, when one came back.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => e.status,
            Error::OutcomeUnknown { source, .. } => source.status(),
            _ => None,
        }
    }

    /// The platform's error `code`, when the answer carried one.
    pub fn code(&self) -> Option<i64> {
        match self {
            Error::Api(e) => Some(e.code),
            Error::OutcomeUnknown { source, .. } => source.code(),
            _ => None,
        }
    }

    /// The kind of platform failure, for [`Error::Api`].
    pub fn api_kind(&self) -> Option<ApiErrorKind> {
        match self {
            Error::Api(e) => Some(e.kind),
            Error::OutcomeUnknown { source, .. } => source.api_kind(),
            _ => None,
        }
    }

    /// Whether the platform refused the credentials or their permissions: 154001, 154003,
    /// a token error, or a lasting failure of the token endpoint itself (e.g. a wrong app
    /// secret; not its rate limiting or 5xx).
    pub fn is_auth(&self) -> bool {
        match self {
            Error::Api(e) => {
                matches!(
                    e.kind,
                    ApiErrorKind::Unauthorized
                        | ApiErrorKind::Forbidden
                        | ApiErrorKind::TokenInvalid
                        | ApiErrorKind::AppCredentials
                ) || (e.operation == OP_TENANT_ACCESS_TOKEN && !self.is_retryable())
            }
            Error::UserAuth(e) => e.action != UserAction::RetryLater,
            _ => false,
        }
    }

    /// Whether the platform's frequency control refused the request (99991400 or HTTP
    /// 429), still so once the retries were spent.
    pub fn is_rate_limited(&self) -> bool {
        self.status() == Some(StatusCode::TOO_MANY_REQUESTS)
            || self.api_kind() == Some(ApiErrorKind::RateLimited)
    }

    /// Whether the platform refused the access token (99991661/63/64/71): the client
    /// drops it and tries once more with a new one.
    pub fn is_token_refused(&self) -> bool {
        self.api_kind() == Some(ApiErrorKind::TokenInvalid)
    }

    /// Whether trying the same request again may succeed (rate limits, 5xx, connect
    /// errors, timeouts, an expired token). The client already retries these within its
    /// retry budget; this tells what is left once the budget is spent.
    pub fn is_retryable(&self) -> bool {
        if self.is_outcome_unknown() {
            // Sending it again may apply it twice: the caller looks first.
            return false;
        }
        match self.api_kind() {
            Some(
                ApiErrorKind::BadRequest
                | ApiErrorKind::Unauthorized
                | ApiErrorKind::Forbidden
                | ApiErrorKind::NotFound
                | ApiErrorKind::AppCredentials,
            ) => false,
            Some(
                ApiErrorKind::RateLimited | ApiErrorKind::TokenInvalid | ApiErrorKind::Internal,
            ) => true,
            _ => {
                self.is_rate_limited()
                    || self.status().is_some_and(|s| s.is_server_error())
                    || matches!(
                        self,
                        Error::Transport(TransportError {
                            kind: TransportKind::Connect
                                | TransportKind::Timeout
                                | TransportKind::Body
                                | TransportKind::Interrupted,
                            ..
                        })
                    )
            }
        }
    }

    /// Whether the platform may have acted on the request although this error came back:
    /// false only when it surely did not (nothing was sent, the connection never opened,
    /// or it refused the request with a 4xx or a refusal code).
    pub(crate) fn may_have_been_applied(&self) -> bool {
        match self {
            Error::Api(e) => e.status.is_server_error() || e.kind == ApiErrorKind::Internal,
            Error::Decode(_) | Error::OutcomeUnknown { .. } => true,
            Error::Transport(e) => e.kind != TransportKind::Connect,
            Error::InvalidInput { .. }
            | Error::Config(_)
            | Error::Pagination(_)
            | Error::TokenProvider(_)
            | Error::Write { .. }
            | Error::UserAuth(_)
            | Error::NoToken { .. } => false,
        }
    }

    /// Whether this is [`Error::OutcomeUnknown`]: a write that may or may not have been
    /// applied.
    pub fn is_outcome_unknown(&self) -> bool {
        matches!(self, Error::OutcomeUnknown { .. })
    }

    /// How long the platform asked to wait (`x-ogw-ratelimit-reset`), if it did.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Api(e) => e.retry_after,
            Error::Decode(e) => e.retry_after,
            _ => None,
        }
    }

    /// The error of a [`TokenProvider`](crate::TokenProvider) of your own, kept as the
    /// source.
    pub fn token_provider(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Error::TokenProvider(Arc::from(error.into()))
    }

    /// How far the request got, in a word or two (for logs, which never carry bodies).
    pub(crate) fn category(&self) -> &'static str {
        match self {
            Error::InvalidInput { .. } => "invalid input",
            Error::Config(_) => "configuration",
            Error::Transport(_) => "transport",
            Error::Api(_) => "api",
            Error::Decode(_) => "undecodable answer",
            Error::Pagination(_) => "pagination",
            Error::TokenProvider(_) => "token provider",
            Error::NoToken { .. } => "no token",
            Error::OutcomeUnknown { .. } => "outcome unknown",
            Error::Write { .. } => "write",
            Error::UserAuth(_) => "user token",
        }
    }

    pub(crate) fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        Error::InvalidInput {
            field,
            reason: reason.into(),
        }
    }
}

/// What the user (or the app's administrator) must do about a user token failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum UserAction {
    /// Sign in again (`lark-helpdesk auth login`): the sign-in expired, was revoked, or its
    /// refresh token was used by a refresh whose answer was lost.
    SignInAgain,
    /// Try again later: the platform or the network failed; the stored tokens are kept.
    RetryLater,
    /// Fix the app's settings in the developer console (a scope, the refresh switch, the
    /// app secret); signing in again will not help until then.
    FixAppSettings,
}

/// A failure to get a user access token, typed by what must be done about it. Never holds
/// a token.
#[derive(Debug, Clone, thiserror::Error)]
#[error("user access token: {reason}{}; {}", code.map(|c| format!(" (code {c})")).unwrap_or_default(), action_hint(*action))]
#[non_exhaustive]
pub struct UserAuthError {
    /// What to do.
    pub action: UserAction,
    /// The platform's code, when it gave one.
    pub code: Option<i64>,
    /// The OAuth `error` of the token endpoint, when it gave one.
    pub oauth_error: Option<String>,
    /// What happened.
    pub reason: String,
}

fn action_hint(action: UserAction) -> &'static str {
    match action {
        UserAction::SignInAgain => "sign in again (lark-helpdesk auth login)",
        UserAction::RetryLater => "try again later: the stored tokens are kept",
        UserAction::FixAppSettings => "fix the app's settings in the developer console",
    }
}

/// The kinds of platform failure, from the platform's `code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ApiErrorKind {
    /// 154000: the request is invalid; check the parameters.
    BadRequest,
    /// 154001: check both the tenant token and the helpdesk credential (same tenant).
    Unauthorized,
    /// 154003: the app (or the user) lacks the permission: a scope, or a helpdesk role.
    Forbidden,
    /// 154004: what the request names does not exist (or no longer does).
    NotFound,
    /// 155000: an internal error of the platform.
    Internal,
    /// 99991400: the frequency limit was hit.
    RateLimited,
    /// 99991661, 99991663, 99991664, 99991671, and for a user access token 99991668
    /// (invalid) and 99991677 (expired): the access token is missing or invalid.
    TokenInvalid,
    /// 10014 (app secret invalid), 10003 (invalid parameter) from the token endpoint: it
    /// refused the app's credentials or the request carrying them (an answer of another
    /// operation with these codes is [`Other`](Self::Other)).
    AppCredentials,
    /// Any other code.
    Other,
}

impl ApiErrorKind {
    /// The kind of a platform `code`. HTTP status does not matter: the body's code does.
    pub fn from_code(code: i64) -> Self {
        match code {
            154000 => Self::BadRequest,
            154001 => Self::Unauthorized,
            154003 => Self::Forbidden,
            154004 => Self::NotFound,
            155000 => Self::Internal,
            99991400 => Self::RateLimited,
            99991661 | 99991663 | 99991664 | 99991668 | 99991671 | 99991677 => Self::TokenInvalid,
            10014 | 10003 => Self::AppCredentials,
            _ => Self::Other,
        }
    }

    /// What to do about it, in one sentence.
    pub fn hint(self) -> Option<&'static str> {
        Some(match self {
            Self::BadRequest => "check the ids, the parameters and the body of the request",
            Self::Unauthorized => {
                "check both the tenant access token and the helpdesk credential \
                 (helpdesk id and token), and that the app and the helpdesk are in the same tenant"
            }
            Self::Forbidden => {
                "the app needs the scope (helpdesk:all:readonly to read, helpdesk:all to write), \
                 and a user token's user the helpdesk role the operation asks for"
            }
            Self::NotFound => "the id names nothing: list the items to find the right one",
            Self::Internal => "an internal error of the platform; contact support with the log id",
            Self::RateLimited => "rate limited: wait and retry, or lower the concurrency",
            Self::TokenInvalid => "the access token is missing, invalid or expired",
            Self::AppCredentials => {
                "check the app id and app secret of the self-built app (LARK_APP_ID, LARK_APP_SECRET)"
            }
            Self::Other => return None,
        })
    }
}

/// A failure answered by the platform.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The operation id of the call (`list_ticket_messages`, ...).
    pub operation: &'static str,
    /// HTTP status of the answer.
    pub status: StatusCode,
    /// The platform's error code (never 0).
    pub code: i64,
    /// The platform's message.
    pub msg: String,
    /// The kind of failure, from `code`.
    pub kind: ApiErrorKind,
    /// The log id (`X-Tt-Logid`, or the body's `error.log_id`).
    pub log_id: Option<String>,
    /// How long the platform asked to wait (`x-ogw-ratelimit-reset`), if it did.
    pub retry_after: Option<Duration>,
    /// The app whose token was asked for, when the token endpoint failed (never its
    /// secret).
    pub app_id: Option<String>,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} failed", self.operation)?;
        if let Some(app_id) = &self.app_id {
            write!(f, " for app {app_id}")?;
        }
        write!(
            f,
            ": HTTP {}, code {}: {}",
            self.status.as_u16(),
            self.code,
            self.msg
        )?;
        if let Some(log_id) = &self.log_id {
            write!(f, " (log id {log_id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// An answer that could not be decoded.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DecodeError {
    /// The operation id of the call.
    pub operation: &'static str,
    /// HTTP status of the answer (absent only if the transport lost it).
    pub status: Option<StatusCode>,
    /// The log id, if the answer carried one.
    pub log_id: Option<String>,
    /// `Content-Type` of the answer.
    pub content_type: Option<String>,
    /// Why it could not be decoded.
    pub reason: String,
    /// The first bytes of the body, printable (never for the token endpoint, whose body
    /// holds a token).
    pub excerpt: String,
    /// How long the platform asked to wait (`x-ogw-ratelimit-reset`), if it did.
    pub retry_after: Option<Duration>,
}

impl DecodeError {
    /// A content error of a decoded 200 answer (no body to quote).
    pub(crate) fn of_page(
        operation: &'static str,
        log_id: Option<String>,
        reason: String,
    ) -> Error {
        Error::Decode(Box::new(DecodeError {
            operation,
            status: Some(StatusCode::OK),
            log_id,
            content_type: None,
            reason,
            excerpt: String::new(),
            retry_after: None,
        }))
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: undecodable answer", self.operation)?;
        if let Some(status) = self.status {
            write!(f, " (HTTP {})", status.as_u16())?;
        }
        write!(f, ": {}", self.reason)?;
        if !self.excerpt.is_empty() {
            write!(f, "; body starts {:?}", self.excerpt)?;
        }
        if let Some(log_id) = &self.log_id {
            write!(f, " (log id {log_id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for DecodeError {}

/// Pages that do not add up: the walk stops rather than loop or lose its place.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("pagination of {walk}: page {page}: {kind}")]
#[non_exhaustive]
pub struct PaginationError {
    /// What was walked (`ticket 6948728206392295444`, ...).
    pub walk: String,
    /// The page at fault.
    pub page: u64,
    /// What went wrong.
    pub kind: PaginationErrorKind,
}

/// What made a walk stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PaginationErrorKind {
    /// The page repeats the page before it (the same first and last ids and length).
    RepeatedPage,
    /// A page fetch was cancelled because its runtime is shutting down.
    Cancelled,
    /// A page of a page-token listing said more pages follow but gave no token for the
    /// next one, or gave a token already used (the walk would start over or loop).
    BadPageToken,
    /// The platform pages through at most 10,000 results of one query, and the query
    /// cannot be split further by time (10,000 or more tickets within one millisecond):
    /// narrow it with other filters.
    CapReached,
}

impl fmt::Display for PaginationErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::RepeatedPage => "it repeats the page before it; stopping instead of looping",
            Self::Cancelled => "the fetch was cancelled: the runtime is shutting down",
            Self::BadPageToken => {
                "it says more pages follow, but its next page token is missing or was already \
                 used; stopping instead of looping"
            }
            Self::CapReached => {
                "10,000 or more results within one millisecond, past the platform's cap of \
                 10,000 per query: narrow the query with other filters"
            }
        })
    }
}

/// How a request failed in transit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportKind {
    /// The connection could not be made.
    Connect,
    /// No complete answer within the timeout.
    Timeout,
    /// The answer's body was cut off or unreadable.
    Body,
    /// The connection broke before an answer came (closed or reset by the peer).
    Interrupted,
    /// Anything else reqwest reports.
    Other,
}

/// A request that was sent (or tried) but got no complete answer.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{operation}: {kind:?} error: {source}")]
#[non_exhaustive]
pub struct TransportError {
    /// The operation id of the call.
    pub operation: &'static str,
    /// What failed.
    pub kind: TransportKind,
    /// The underlying error (reqwest's; its text never holds a header or a body); shared,
    /// so that one failed token fetch can be reported to every task that waited for it.
    #[source]
    pub source: Arc<dyn std::error::Error + Send + Sync>,
}

impl TransportError {
    pub(crate) fn new(operation: &'static str, source: reqwest::Error) -> Self {
        let kind = if source.is_timeout() {
            TransportKind::Timeout
        } else if source.is_connect() {
            TransportKind::Connect
        } else if source.is_body() || source.is_decode() {
            TransportKind::Body
        } else if source.is_request() {
            TransportKind::Interrupted
        } else {
            TransportKind::Other
        };
        TransportError {
            operation,
            kind,
            source: Arc::new(source),
        }
    }
}

/// A printable, bounded excerpt of a body.
pub(crate) fn excerpt(body: &[u8]) -> String {
    const MAX: usize = 160;
    let text = String::from_utf8_lossy(&body[..body.len().min(MAX)]);
    let mut out: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if body.len() > MAX {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_code_has_one_kind() {
        assert_eq!(ApiErrorKind::from_code(154000), ApiErrorKind::BadRequest);
        assert_eq!(ApiErrorKind::from_code(154001), ApiErrorKind::Unauthorized);
        assert_eq!(ApiErrorKind::from_code(154003), ApiErrorKind::Forbidden);
        assert_eq!(ApiErrorKind::from_code(154004), ApiErrorKind::NotFound);
        assert_eq!(ApiErrorKind::from_code(155000), ApiErrorKind::Internal);
        assert_eq!(ApiErrorKind::from_code(99991400), ApiErrorKind::RateLimited);
        for code in [99991661, 99991663, 99991664, 99991668, 99991671, 99991677] {
            assert_eq!(ApiErrorKind::from_code(code), ApiErrorKind::TokenInvalid);
        }
        assert_eq!(ApiErrorKind::from_code(10014), ApiErrorKind::AppCredentials);
        assert_eq!(ApiErrorKind::from_code(10003), ApiErrorKind::AppCredentials);
        assert_eq!(ApiErrorKind::from_code(99991672), ApiErrorKind::Other);
        assert_eq!(ApiErrorKind::from_code(1), ApiErrorKind::Other);
    }

    #[test]
    fn excerpt_is_bounded_and_printable() {
        let body = format!("<html>\n\t{}</html>", "x".repeat(500));
        let e = excerpt(body.as_bytes());
        assert!(e.starts_with("<html>  x"));
        assert!(e.ends_with('…'));
        assert_eq!(e.chars().count(), 161);
        assert_eq!(excerpt(b"\xff\xfeok"), "\u{fffd}\u{fffd}ok");
    }
}

/// Why a [`LongConnection`](crate::LongConnection) stopped for good. Never holds the
/// connection's URL (it carries access secrets) nor the app secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LongConnectionError {
    /// The client has no app id and secret, which the long connection needs.
    #[error(
        "the long connection needs the app's id and secret: build the client with \
         ClientBuilder::app_credentials (or set LARK_APP_ID and LARK_APP_SECRET); a tenant \
         access token alone cannot open it"
    )]
    NoAppCredentials,
    /// The platform refused to hand out a connection (a client error, not retried): most
    /// often a wrong app id or secret, an app that is not self-built, or one that does
    /// not receive events through the long connection.
    #[error(
        "the platform refused the long connection (code {code}: {msg}): check the app id \
         and secret, that the app is a self-built app, and that its event subscription is \
         set to the long connection in the developer console; not retried"
    )]
    Refused {
        /// The platform's code.
        code: i64,
        /// The platform's message.
        msg: String,
    },
    /// The WebSocket handshake was refused in a way that retrying does not cure.
    #[error("the long connection's handshake was refused (HTTP {status}): {}", handshake_hint(*.auth_code))]
    HandshakeRefused {
        /// The HTTP status of the handshake answer (403, or 514).
        status: u16,
        /// Its `Handshake-Autherrcode` header, when present.
        auth_code: Option<i64>,
    },
    /// The connection was lost and every reconnect attempt allowed (the platform's
    /// `ReconnectCount`, or [`LongConnection::reconnect_count`](crate::LongConnection::reconnect_count))
    /// failed.
    #[error(
        "the long connection could not be restored after {attempts} attempts (last failure: \
         {last}); check the network and the platform's status, then run again"
    )]
    ReconnectsExhausted {
        /// Attempts made.
        attempts: u32,
        /// What the last one ran into.
        last: String,
    },
}

/// The auth code of too many connections for one app.
pub(crate) const TOO_MANY_CONNECTIONS: i64 = 1_000_040_350;

fn handshake_hint(auth_code: Option<i64>) -> &'static str {
    if auth_code == Some(TOO_MANY_CONNECTIONS) {
        "the app has too many connections open (at most 50): stop some of its clients"
    } else {
        "the app is forbidden from connecting: check its status in the developer console"
    }
}
