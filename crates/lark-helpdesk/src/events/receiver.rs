//! The callback receiver, without I/O: headers and raw body bytes in, the answer and what
//! was received out.

use std::fmt;
use std::sync::Arc;

use http::{HeaderMap, HeaderValue, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde::de::IgnoredAny;

use super::crypto::{decrypt_event, secret_eq, verify_signature_bytes};
use super::dedup::Dedup;
use super::Parsed;
use super::event::{Event, EventError};

/// The header carrying the request's timestamp, hashed into its signature.
pub const TIMESTAMP_HEADER: &str = "x-lark-request-timestamp";
/// The header carrying the request's nonce, hashed into its signature.
pub const NONCE_HEADER: &str = "x-lark-request-nonce";
/// The header carrying the request's signature (see [`event_signature`](crate::event_signature)).
pub const SIGNATURE_HEADER: &str = "x-lark-signature";

/// The largest body a [`Receiver`] takes by default: 1 MiB.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;

/// The answer to send back to the platform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The HTTP status.
    pub status: StatusCode,
    /// The body, JSON.
    pub body: Vec<u8>,
}

impl Reply {
    /// The `Content-Type` of every reply: `application/json; charset=utf-8`.
    pub const CONTENT_TYPE: &'static str = "application/json; charset=utf-8";

    /// The `Content-Type` header value.
    pub fn content_type(&self) -> HeaderValue {
        HeaderValue::from_static(Self::CONTENT_TYPE)
    }

    fn json(status: StatusCode, value: &serde_json::Value) -> Reply {
        Reply {
            status,
            body: serde_json::to_vec(value).unwrap_or_default(),
        }
    }

    /// 200 `{"msg":"success"}`: the event was taken (or already had been).
    pub fn success() -> Reply {
        Reply::json(StatusCode::OK, &serde_json::json!({ "msg": "success" }))
    }

    /// A refusal or failure: `status` with `{"msg": message}`. `message` must say
    /// nothing secret.
    pub fn error(status: StatusCode, message: &str) -> Reply {
        Reply::json(status, &serde_json::json!({ "msg": message }))
    }

    /// 503: an accepted event could not be handed on; the platform will deliver it again
    /// (after [`Receiver::forget`]).
    pub fn unavailable() -> Reply {
        Reply::error(StatusCode::SERVICE_UNAVAILABLE, "busy, deliver again later")
    }
}

/// Why a request was refused. Its message says nothing of the request's content or of
/// the configured secrets.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Refusal {
    /// The body is larger than the configured maximum (413).
    #[error("the body is too large")]
    TooLarge,
    /// The body, or the decrypted body, is not UTF-8 JSON (400).
    #[error("the body is not JSON")]
    NotJson,
    /// The body is JSON but not an object of the expected shape (400).
    #[error("the body is not a callback")]
    BadShape,
    /// An Encrypt Key is configured but an event came in plain (400).
    #[error("the event is not encrypted")]
    NotEncrypted,
    /// The body is encrypted but no Encrypt Key is configured (400).
    #[error("the body is encrypted and no Encrypt Key is configured")]
    NoEncryptKey,
    /// The `encrypt` value does not decrypt: bad base64, length or padding (400).
    #[error("the body does not decrypt")]
    BadEncryption,
    /// A signature header is missing where one is required (401).
    #[error("the signature is missing")]
    MissingSignature,
    /// The signature does not match the request (401).
    #[error("the signature is wrong")]
    BadSignature,
    /// The Verification Token is missing or wrong (401).
    #[error("the verification token is missing or wrong")]
    BadToken,
    /// The decrypted body is an event without its id or type, or not an event (400).
    #[error("the body is not an event: {0}")]
    NotAnEvent(EventError),
}

impl Refusal {
    /// The HTTP status answered: 413, 401 or 400.
    pub fn status(&self) -> StatusCode {
        match self {
            Refusal::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Refusal::MissingSignature | Refusal::BadSignature | Refusal::BadToken => {
                StatusCode::UNAUTHORIZED
            }
            _ => StatusCode::BAD_REQUEST,
        }
    }
}

/// What a request was.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Received {
    /// The URL verification challenge, answered with its value.
    Challenge,
    /// An event seen for the first time: hand it on. If it cannot be handed on, call
    /// [`Receiver::forget`] and answer [`Reply::unavailable`] instead, so that the
    /// platform delivers it again.
    Event(Event),
    /// An event already taken (this id): answered 200, not to be handed on again.
    Duplicate(String),
    /// A refused request, answered 4xx.
    Refused(Refusal),
}

/// A [`Receiver`]'s answer to one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// What to answer.
    pub reply: Reply,
    /// What the request was.
    pub received: Received,
}

/// The settings of a [`Receiver`]; secrets never show in its `Debug`.
#[derive(Clone)]
pub struct ReceiverConfig {
    encrypt_key: Option<SecretString>,
    verification_token: Option<SecretString>,
    max_body_bytes: usize,
    dedup: Dedup,
}

impl ReceiverConfig {
    /// No Encrypt Key, no Verification Token, [`DEFAULT_MAX_BODY_BYTES`], a new
    /// [`Dedup`] on the system clock.
    pub fn new() -> Self {
        ReceiverConfig {
            encrypt_key: None,
            verification_token: None,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            dedup: Dedup::new(),
        }
    }

    /// The app's Encrypt Key: events must then come encrypted and signed.
    pub fn encrypt_key(mut self, key: impl Into<SecretString>) -> Self {
        self.encrypt_key = Some(key.into());
        self
    }

    /// The app's Verification Token: checked on every challenge and event.
    pub fn verification_token(mut self, token: impl Into<SecretString>) -> Self {
        self.verification_token = Some(token.into());
        self
    }

    /// The largest body taken (413 above it).
    pub fn max_body_bytes(mut self, max: usize) -> Self {
        self.max_body_bytes = max;
        self
    }

    /// The [`Dedup`] to remember event ids in (one with a
    /// [`ManualClock`](crate::ManualClock) in tests; a clone of one shared with other
    /// receivers of the same app).
    pub fn dedup(mut self, dedup: Dedup) -> Self {
        self.dedup = dedup;
        self
    }

    /// The receiver.
    pub fn build(self) -> Receiver {
        Receiver {
            config: Arc::new(self),
        }
    }
}

impl Default for ReceiverConfig {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for ReceiverConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let set = |s: &Option<SecretString>| if s.is_some() { "set" } else { "unset" };
        f.debug_struct("ReceiverConfig")
            .field("encrypt_key", &set(&self.encrypt_key))
            .field("verification_token", &set(&self.verification_token))
            .field("max_body_bytes", &self.max_body_bytes)
            .field("dedup", &self.dedup)
            .finish()
    }
}

/// Receives the platform's HTTP callbacks, in any server: give it the request's headers
/// and raw body bytes, send back its [`Reply`], and hand on the [`Received::Event`].
///
/// What it checks, in order:
/// - the body's size (413 above [`ReceiverConfig::max_body_bytes`]);
/// - with an Encrypt Key, the signature headers over the raw body bytes when present
///   (401 when wrong), before anything is parsed;
/// - UTF-8 JSON (400), and the `{"encrypt": …}` envelope, decrypted with strict
///   padding (400 when it does not decrypt, or when no Encrypt Key is configured);
/// - a URL verification challenge (plain or encrypted, never signed) is answered
///   `{"challenge": …}` after its token is checked, when a Verification Token is set;
/// - with an Encrypt Key, an event must be encrypted (400) and signed (401);
/// - with a Verification Token, every event's token (`header.token`, or `token` in
///   schema 1.0) must match it, compared in constant time (401);
/// - an event id already taken is answered 200 and reported as
///   [`Received::Duplicate`].
///
/// Clones are cheap and share the configuration and the [`Dedup`].
///
/// ```
/// use http::HeaderMap;
/// use lark_helpdesk::{Received, ReceiverConfig};
///
/// let receiver = ReceiverConfig::new().verification_token("vt").build();
/// let body = br#"{"challenge":"abc","token":"vt","type":"url_verification"}"#;
/// let receipt = receiver.receive(&HeaderMap::new(), body);
/// assert_eq!(receipt.received, Received::Challenge);
/// assert_eq!(receipt.reply.body, br#"{"challenge":"abc"}"#);
/// ```
#[derive(Clone, Debug)]
pub struct Receiver {
    config: Arc<ReceiverConfig>,
}

/// The few top-level fields that tell a challenge, an envelope and an event apart.
#[derive(Deserialize)]
struct Probe {
    encrypt: Option<serde_json::Value>,
    #[serde(rename = "type")]
    kind: Option<serde_json::Value>,
    challenge: Option<serde_json::Value>,
    token: Option<serde_json::Value>,
    #[serde(flatten)]
    _rest: IgnoredAny,
}

impl Probe {
    fn read(body: &[u8]) -> Result<Probe, Refusal> {
        let text = std::str::from_utf8(body).map_err(|_| Refusal::NotJson)?;
        serde_json::from_str::<Probe>(text).map_err(|e| {
            if e.is_data() {
                Refusal::BadShape
            } else {
                Refusal::NotJson
            }
        })
    }

    fn is_challenge(&self) -> bool {
        self.kind.as_ref().and_then(|k| k.as_str()) == Some("url_verification")
    }
}

impl Receiver {
    /// A receiver with `config` (the same as [`ReceiverConfig::build`]).
    pub fn new(config: ReceiverConfig) -> Self {
        config.build()
    }

    /// The largest body it takes; a server should stop reading past it.
    pub fn max_body_bytes(&self) -> usize {
        self.config.max_body_bytes
    }

    /// The [`Dedup`] it remembers event ids in.
    pub fn dedup(&self) -> &Dedup {
        &self.config.dedup
    }

    /// Forgets an event taken by [`receive`](Self::receive), so that its redelivery is
    /// taken again: call it when the event could not be handed on.
    pub fn forget(&self, event: &Event) {
        self.config.dedup.forget(event.id());
    }

    /// Checks one request and says what to answer.
    pub fn receive(&self, headers: &HeaderMap, body: &[u8]) -> Receipt {
        match self.check(headers, body) {
            Ok((reply, received)) => {
                match &received {
                    Received::Event(event) => tracing::debug!(
                        event_id = event.id(),
                        event_type = event.event_type(),
                        "callback event taken"
                    ),
                    Received::Duplicate(id) => {
                        tracing::debug!(event_id = id.as_str(), "callback event already taken")
                    }
                    _ => tracing::debug!("callback URL verification challenge answered"),
                }
                Receipt { reply, received }
            }
            Err(refusal) => {
                tracing::warn!(
                    status = refusal.status().as_u16(),
                    reason = %refusal,
                    body_len = body.len(),
                    "callback refused"
                );
                Receipt {
                    reply: Reply::error(refusal.status(), &refusal.to_string()),
                    received: Received::Refused(refusal),
                }
            }
        }
    }

    fn check(&self, headers: &HeaderMap, body: &[u8]) -> Result<(Reply, Received), Refusal> {
        let config = &*self.config;
        if body.len() > config.max_body_bytes {
            return Err(Refusal::TooLarge);
        }
        // With a key, a signature that is present is checked on the raw bytes first.
        let signed = match &config.encrypt_key {
            Some(key) => self.signed(headers, body, key.expose_secret())?,
            None => false,
        };
        let outer = Probe::read(body)?;
        let decrypted;
        let (inner, plain, encrypted) = match &outer.encrypt {
            Some(encrypted) => {
                let Some(key) = &config.encrypt_key else {
                    return Err(Refusal::NoEncryptKey);
                };
                let encrypted = encrypted.as_str().ok_or(Refusal::BadShape)?;
                decrypted = decrypt_event(key.expose_secret(), encrypted)
                    .map_err(|_| Refusal::BadEncryption)?;
                let inner = Probe::read(&decrypted)?;
                if inner.encrypt.is_some() {
                    return Err(Refusal::BadShape);
                }
                (inner, &decrypted[..], true)
            }
            None => (outer, body, false),
        };
        if inner.is_challenge() {
            return Ok((self.challenge(&inner)?, Received::Challenge));
        }
        if config.encrypt_key.is_some() {
            if !encrypted {
                return Err(Refusal::NotEncrypted);
            }
            if !signed {
                return Err(Refusal::MissingSignature);
            }
        }
        let parsed: Parsed = Event::parse_with_token(plain).map_err(Refusal::NotAnEvent)?;
        self.check_token(parsed.token.as_deref())?;
        let event = parsed.event;
        let received = if config.dedup.first_seen(event.id()) {
            Received::Event(event)
        } else {
            Received::Duplicate(event.id().to_owned())
        };
        Ok((Reply::success(), received))
    }

    /// The signature headers checked against the raw body: `false` when none of the
    /// three is there, a refusal when some but not all are, or when they do not match.
    fn signed(&self, headers: &HeaderMap, body: &[u8], key: &str) -> Result<bool, Refusal> {
        let get = |name: &str| headers.get(name).map(HeaderValue::as_bytes);
        match (
            get(TIMESTAMP_HEADER),
            get(NONCE_HEADER),
            get(SIGNATURE_HEADER),
        ) {
            (None, None, None) => Ok(false),
            (Some(ts), Some(nonce), Some(sig)) => {
                if verify_signature_bytes(ts, nonce, key, body, sig) {
                    Ok(true)
                } else {
                    Err(Refusal::BadSignature)
                }
            }
            _ => Err(Refusal::MissingSignature),
        }
    }

    fn check_token(&self, token: Option<&str>) -> Result<(), Refusal> {
        match &self.config.verification_token {
            None => Ok(()),
            Some(expected) => match token {
                Some(token) if secret_eq(token, expected.expose_secret()) => Ok(()),
                _ => Err(Refusal::BadToken),
            },
        }
    }

    fn challenge(&self, probe: &Probe) -> Result<Reply, Refusal> {
        let challenge = probe
            .challenge
            .as_ref()
            .and_then(|c| c.as_str())
            .ok_or(Refusal::BadShape)?;
        let token = match &probe.token {
            None => None,
            Some(token) => Some(token.as_str().ok_or(Refusal::BadShape)?),
        };
        self.check_token(token)?;
        Ok(Reply::json(
            StatusCode::OK,
            &serde_json::json!({ "challenge": challenge }),
        ))
    }
}

impl From<ReceiverConfig> for Receiver {
    fn from(config: ReceiverConfig) -> Self {
        config.build()
    }
}
