//! The callback receiver, without I/O: headers and raw body bytes in, the answer and what
//! was received out.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use http::{HeaderMap, HeaderValue, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde::de::IgnoredAny;

use super::Parsed;
use super::crypto::{decrypt_event, secret_eq, verify_signature_bytes};
use super::dedup::Dedup;
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
            refusals: Arc::new(WarnLimit::new()),
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
/// Each refusal is logged at `debug` (its status, reason and body length: never the
/// body, nor a secret); the first one is also logged at `warn`, and then at most one a
/// minute, with how many there were since (`skipped`), so that a sender of bad
/// requests cannot flood the logs.
///
/// Clones are cheap and share the configuration, the [`Dedup`] and that rate limit.
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
    refusals: Arc<WarnLimit>,
}

/// The few top-level fields that tell a challenge, an envelope and an event apart.
///
/// Read from a JSON object only (anything else is [`Refusal::BadShape`]); every other
/// field is skipped without being kept, and a field given twice is refused.
struct Probe {
    encrypt: Option<serde_json::Value>,
    kind: Option<serde_json::Value>,
    challenge: Option<serde_json::Value>,
    token: Option<serde_json::Value>,
}

impl<'de> Deserialize<'de> for Probe {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Probe, D::Error> {
        #[derive(Deserialize)]
        #[serde(field_identifier, rename_all = "lowercase")]
        enum Field {
            Encrypt,
            #[serde(rename = "type")]
            Kind,
            Challenge,
            Token,
            #[serde(other)]
            Other,
        }

        struct Visitor;

        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Probe;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Probe, A::Error> {
                let mut probe = Probe {
                    encrypt: None,
                    kind: None,
                    challenge: None,
                    token: None,
                };
                let mut seen = [false; 4];
                while let Some(field) = map.next_key::<Field>()? {
                    let (slot, i, name) = match field {
                        Field::Encrypt => (&mut probe.encrypt, 0, "encrypt"),
                        Field::Kind => (&mut probe.kind, 1, "type"),
                        Field::Challenge => (&mut probe.challenge, 2, "challenge"),
                        Field::Token => (&mut probe.token, 3, "token"),
                        Field::Other => {
                            map.next_value::<IgnoredAny>()?;
                            continue;
                        }
                    };
                    if std::mem::replace(&mut seen[i], true) {
                        return Err(serde::de::Error::duplicate_field(name));
                    }
                    *slot = map.next_value()?;
                }
                Ok(probe)
            }
        }

        // Only an object: a struct derived by serde would also take an array.
        deserializer.deserialize_map(Visitor)
    }
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
                let status = refusal.status().as_u16();
                match self.refusals.note(Instant::now()) {
                    Some(skipped) => tracing::warn!(
                        status,
                        reason = %refusal,
                        body_len = body.len(),
                        skipped,
                        "callback refused (at most one such warning a minute; each at debug)"
                    ),
                    None => tracing::debug!(
                        status,
                        reason = %refusal,
                        body_len = body.len(),
                        "callback refused"
                    ),
                }
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

/// How often a rate-limited warning is logged at most.
pub(crate) const WARN_EVERY: Duration = Duration::from_secs(60);

/// Rate-limits the `warn` of one kind of refusal: the first is warned of, then at most
/// one every [`WARN_EVERY`], with how many came since; the caller logs the others at
/// `debug`.
#[derive(Debug, Default)]
pub(crate) struct WarnLimit {
    /// When the last warning was logged, and how many were not since.
    last: Mutex<Option<(Instant, u64)>>,
}

impl WarnLimit {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Counts one occurrence at `now`: `Some(skipped)` when it is to be warned of,
    /// `skipped` being how many were not since the last warning; `None` otherwise.
    pub(crate) fn note(&self, now: Instant) -> Option<u64> {
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        match &mut *last {
            Some((at, skipped)) if now.saturating_duration_since(*at) < WARN_EVERY => {
                *skipped += 1;
                None
            }
            Some((at, skipped)) => {
                *at = now;
                Some(std::mem::take(skipped))
            }
            None => {
                *last = Some((now, 0));
                Some(0)
            }
        }
    }
}

impl From<ReceiverConfig> for Receiver {
    fn from(config: ReceiverConfig) -> Self {
        config.build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;
    use crate::events::crypto::{encrypt_event, event_signature};
    use proptest::prelude::*;

    const KEY: &str = "encrypt-key-SECRET";
    const TOKEN: &str = "verification-token-SECRET";

    fn event_json(id: &str, token: &str) -> String {
        format!(
            r#"{{"schema":"2.0","header":{{"event_id":"{id}","token":"{token}","event_type":"helpdesk.ticket.created_v1","create_time":"1608725989000","app_id":"cli_x","tenant_key":"t"}},"event":{{"ticket_id":"1"}}}}"#
        )
    }

    fn envelope(plain: &str) -> Vec<u8> {
        serde_json::to_vec(
            &serde_json::json!({ "encrypt": encrypt_event(KEY, plain.as_bytes(), [3; 16]) }),
        )
        .unwrap()
    }

    fn signed(body: &[u8]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(TIMESTAMP_HEADER, HeaderValue::from_static("1700000000"));
        headers.insert(NONCE_HEADER, HeaderValue::from_static("n0nce"));
        let sig = event_signature("1700000000", "n0nce", KEY, body);
        headers.insert(SIGNATURE_HEADER, HeaderValue::from_str(&sig).unwrap());
        headers
    }

    fn secure() -> Receiver {
        ReceiverConfig::new()
            .encrypt_key(KEY)
            .verification_token(TOKEN)
            .dedup(Dedup::with_clock(ManualClock::new()))
            .build()
    }

    fn refused(receipt: &Receipt) -> Option<&Refusal> {
        match &receipt.received {
            Received::Refused(r) => Some(r),
            _ => None,
        }
    }

    #[test]
    fn a_signed_encrypted_event_is_taken_once() {
        let receiver = secure();
        let body = envelope(&event_json("ev1", TOKEN));
        let receipt = receiver.receive(&signed(&body), &body);
        assert_eq!(receipt.reply.status, StatusCode::OK);
        let Received::Event(event) = &receipt.received else {
            panic!("{receipt:?}")
        };
        assert_eq!(event.id(), "ev1");
        assert!(!event.json().contains(TOKEN));
        let again = receiver.clone().receive(&signed(&body), &body);
        assert_eq!(again.received, Received::Duplicate("ev1".into()));
        assert_eq!(again.reply.status, StatusCode::OK);
        receiver.forget(event);
        assert!(matches!(
            receiver.receive(&signed(&body), &body).received,
            Received::Event(_)
        ));
    }

    #[test]
    fn challenges_plain_and_encrypted() {
        let plain = format!(r#"{{"challenge":"c-1","token":"{TOKEN}","type":"url_verification"}}"#);
        let receiver = secure();
        for body in [plain.clone().into_bytes(), envelope(&plain)] {
            let receipt = receiver.receive(&HeaderMap::new(), &body);
            assert_eq!(receipt.received, Received::Challenge);
            assert_eq!(receipt.reply.status, StatusCode::OK);
            assert_eq!(receipt.reply.body, br#"{"challenge":"c-1"}"#);
        }
        let wrong = r#"{"challenge":"c","token":"nope","type":"url_verification"}"#;
        for body in [wrong.as_bytes().to_vec(), envelope(wrong)] {
            let receipt = receiver.receive(&HeaderMap::new(), &body);
            assert_eq!(refused(&receipt), Some(&Refusal::BadToken));
            assert_eq!(receipt.reply.status, StatusCode::UNAUTHORIZED);
        }
        let no_token = r#"{"challenge":"c","type":"url_verification"}"#;
        assert_eq!(
            refused(&receiver.receive(&HeaderMap::new(), no_token.as_bytes())),
            Some(&Refusal::BadToken)
        );
        // Without a Verification Token configured, any challenge is echoed.
        let open = ReceiverConfig::new().build();
        assert_eq!(
            open.receive(&HeaderMap::new(), no_token.as_bytes())
                .received,
            Received::Challenge
        );
        let not_a_string = r#"{"challenge":1,"type":"url_verification"}"#;
        assert_eq!(
            refused(&open.receive(&HeaderMap::new(), not_a_string.as_bytes())),
            Some(&Refusal::BadShape)
        );
    }

    #[test]
    fn with_a_key_events_must_be_encrypted_and_signed() {
        let receiver = secure();
        let plain = event_json("ev", TOKEN);
        let r = receiver.receive(&signed(plain.as_bytes()), plain.as_bytes());
        assert_eq!(refused(&r), Some(&Refusal::NotEncrypted));
        let body = envelope(&plain);
        let r = receiver.receive(&HeaderMap::new(), &body);
        assert_eq!(refused(&r), Some(&Refusal::MissingSignature));
        assert_eq!(r.reply.status, StatusCode::UNAUTHORIZED);
        let mut partial = signed(&body);
        partial.remove(NONCE_HEADER);
        assert_eq!(
            refused(&receiver.receive(&partial, &body)),
            Some(&Refusal::MissingSignature)
        );
        let mut forged = signed(&body);
        forged.insert(SIGNATURE_HEADER, HeaderValue::from_static("00"));
        let r = receiver.receive(&forged, &body);
        assert_eq!(refused(&r), Some(&Refusal::BadSignature));
        // Re-serialised JSON is not the bytes that were signed.
        let reserialised =
            serde_json::to_vec_pretty(&serde_json::from_slice::<serde_json::Value>(&body).unwrap())
                .unwrap();
        assert_eq!(
            refused(&receiver.receive(&signed(&body), &reserialised)),
            Some(&Refusal::BadSignature)
        );
        // Uppercase hex is accepted.
        let mut upper = signed(&body);
        let sig = upper[SIGNATURE_HEADER].to_str().unwrap().to_uppercase();
        upper.insert(SIGNATURE_HEADER, HeaderValue::from_str(&sig).unwrap());
        assert!(matches!(
            receiver.receive(&upper, &body).received,
            Received::Event(_)
        ));
    }

    #[test]
    fn the_token_is_checked_on_every_event() {
        let receiver = secure();
        for (id, token) in [("a", "wrong"), ("b", "")] {
            let body = envelope(&event_json(id, token));
            let r = receiver.receive(&signed(&body), &body);
            assert_eq!(refused(&r), Some(&Refusal::BadToken));
        }
        let missing =
            envelope(r#"{"schema":"2.0","header":{"event_id":"c","event_type":"t"},"event":{}}"#);
        assert_eq!(
            refused(&receiver.receive(&signed(&missing), &missing)),
            Some(&Refusal::BadToken)
        );
        // Schema 1.0 carries it at the top.
        let v1 = format!(
            r#"{{"uuid":"u","token":"{TOKEN}","type":"event_callback","event":{{"type":"x"}}}}"#
        );
        let body = envelope(&v1);
        assert!(matches!(
            receiver.receive(&signed(&body), &body).received,
            Received::Event(_)
        ));
        // A plain receiver with only a token.
        let plain_receiver = ReceiverConfig::new().verification_token(TOKEN).build();
        let ok = event_json("p", TOKEN);
        assert!(matches!(
            plain_receiver
                .receive(&HeaderMap::new(), ok.as_bytes())
                .received,
            Received::Event(_)
        ));
        let bad = event_json("q", "other");
        assert_eq!(
            refused(&plain_receiver.receive(&HeaderMap::new(), bad.as_bytes())),
            Some(&Refusal::BadToken)
        );
    }

    #[test]
    fn bad_bodies_are_refused_with_400_or_413() {
        let receiver = secure();
        let open = ReceiverConfig::new().max_body_bytes(64).build();
        let empty = HeaderMap::new();
        let cases: Vec<(&Receiver, Vec<u8>, Refusal)> = vec![
            (&open, vec![b'{'; 65], Refusal::TooLarge),
            (&open, b"\xff\xfe".to_vec(), Refusal::NotJson),
            (&open, b"{\"a\":".to_vec(), Refusal::NotJson),
            (&open, b"[1,2]".to_vec(), Refusal::BadShape),
            (
                &open,
                b"{\"encrypt\":\"abc\"}".to_vec(),
                Refusal::NoEncryptKey,
            ),
            (&open, b"{}".to_vec(), Refusal::NotAnEvent(EventError::NoId)),
        ];
        for (receiver, body, refusal) in cases {
            let r = receiver.receive(&empty, &body);
            assert_eq!(r.reply.status, refusal.status());
            assert_eq!(refused(&r), Some(&refusal), "{body:?}");
        }
        for body in [
            br#"{"encrypt":"not base64!"}"#.to_vec(),
            br#"{"encrypt":"AAAA"}"#.to_vec(),
            serde_json::to_vec(
                &serde_json::json!({"encrypt": encrypt_event("other key", b"{}", [1; 16])}),
            )
            .unwrap(),
        ] {
            let r = receiver.receive(&signed(&body), &body);
            assert_eq!(refused(&r), Some(&Refusal::BadEncryption));
            assert_eq!(r.reply.status, StatusCode::BAD_REQUEST);
        }
        let body = br#"{"encrypt":7}"#;
        assert_eq!(
            refused(&receiver.receive(&signed(body), body)),
            Some(&Refusal::BadShape)
        );
        // An envelope inside an envelope.
        let inner = serde_json::json!({"encrypt": "x"}).to_string();
        let body = envelope(&inner);
        assert_eq!(
            refused(&receiver.receive(&signed(&body), &body)),
            Some(&Refusal::BadShape)
        );
        // Decrypted bytes that are not JSON.
        let body = serde_json::to_vec(
            &serde_json::json!({"encrypt": encrypt_event(KEY, b"\xffnot json", [1; 16])}),
        )
        .unwrap();
        assert_eq!(
            refused(&receiver.receive(&signed(&body), &body)),
            Some(&Refusal::NotJson)
        );
    }

    #[test]
    fn nothing_secret_in_debug_replies_or_logs() {
        let receiver = secure();
        let debug = format!("{receiver:?}");
        assert!(!debug.contains(KEY) && !debug.contains(TOKEN), "{debug}");
        assert!(debug.contains("set"));
        let body = envelope(&event_json("x", "wrong-token-value"));
        let r = receiver.receive(&signed(&body), &body);
        let text = format!("{r:?} {}", String::from_utf8_lossy(&r.reply.body));
        assert!(
            !text.contains(KEY) && !text.contains(TOKEN) && !text.contains("wrong-token-value")
        );
        assert_eq!(Reply::success().body, br#"{"msg":"success"}"#);
        assert_eq!(Reply::unavailable().status, StatusCode::SERVICE_UNAVAILABLE);
    }

    #[test]
    fn warnings_are_the_first_then_one_a_minute_with_a_count() {
        let limit = WarnLimit::new();
        let t0 = Instant::now();
        assert_eq!(limit.note(t0), Some(0));
        assert_eq!(limit.note(t0), None);
        assert_eq!(limit.note(t0 + Duration::from_secs(59)), None);
        assert_eq!(limit.note(t0 + WARN_EVERY), Some(2));
        assert_eq!(limit.note(t0 + WARN_EVERY + Duration::from_secs(1)), None);
        assert_eq!(limit.note(t0 + 3 * WARN_EVERY), Some(1));
        // Clones of a receiver share it.
        let receiver = ReceiverConfig::new().build();
        assert!(Arc::ptr_eq(&receiver.refusals, &receiver.clone().refusals));
    }

    #[test]
    fn the_probe_takes_only_an_object_and_skips_other_fields() {
        let open = ReceiverConfig::new().build();
        let empty = HeaderMap::new();
        // Arrays are not objects, even of the probe's length (a derived struct takes them).
        for body in [
            &br#"[null,null,null,null]"#[..],
            br#"["x",null,null,null]"#,
            br#""url_verification""#,
            b"null",
        ] {
            assert_eq!(
                refused(&open.receive(&empty, body)),
                Some(&Refusal::BadShape),
                "{body:?}"
            );
        }
        // A field given twice.
        let twice = br#"{"type":"url_verification","challenge":"a","challenge":"b"}"#;
        assert_eq!(
            refused(&open.receive(&empty, twice)),
            Some(&Refusal::BadShape)
        );
        // Other fields, however large or nested, are skipped; "type" is read.
        let big = format!(
            r#"{{"pad":{{"a":[1,2,{{"b":"{}"}}]}},"challenge":"c","type":"url_verification","x":null}}"#,
            "z".repeat(10_000)
        );
        let r = open.receive(&empty, big.as_bytes());
        assert_eq!(r.received, Received::Challenge);
        assert_eq!(r.reply.body, br#"{"challenge":"c"}"#);
        // Still JSON errors for what is not JSON.
        assert_eq!(
            refused(&open.receive(&empty, br#"{"challenge":"c","#)),
            Some(&Refusal::NotJson)
        );
    }

    proptest! {
        #[test]
        fn never_panics_on_anything(
            body in proptest::collection::vec(any::<u8>(), 0..300),
            ts in proptest::option::of("[ -~]{0,20}"),
            sig in proptest::option::of("[0-9a-fA-F]{0,70}"),
        ) {
            let mut headers = HeaderMap::new();
            if let Some(ts) = ts {
                headers.insert(TIMESTAMP_HEADER, HeaderValue::from_str(&ts).unwrap());
                headers.insert(NONCE_HEADER, HeaderValue::from_static("n"));
            }
            if let Some(sig) = sig {
                headers.insert(SIGNATURE_HEADER, HeaderValue::from_str(&sig).unwrap());
            }
            for receiver in [secure(), ReceiverConfig::new().build()] {
                let r = receiver.receive(&headers, &body);
                prop_assert!(r.reply.status.is_success() || r.reply.status.is_client_error());
            }
        }

        #[test]
        fn never_panics_on_any_encrypted_plaintext(plain in proptest::collection::vec(any::<u8>(), 0..300)) {
            let body = serde_json::to_vec(&serde_json::json!({"encrypt": encrypt_event(KEY, &plain, [9; 16])})).unwrap();
            let _ = secure().receive(&signed(&body), &body);
        }

        #[test]
        fn every_single_byte_change_of_a_signed_request_is_refused(
            which in 0usize..4,
            at in any::<proptest::sample::Index>(),
            delta in 1u8..=255,
        ) {
            let body = envelope(&event_json("ev", TOKEN));
            let headers = signed(&body);
            let mut parts: [Vec<u8>; 4] = [
                body.clone(),
                headers[SIGNATURE_HEADER].as_bytes().to_vec(),
                headers[TIMESTAMP_HEADER].as_bytes().to_vec(),
                headers[NONCE_HEADER].as_bytes().to_vec(),
            ];
            let part = &mut parts[which];
            let i = at.index(part.len());
            part[i] = part[i].wrapping_add(delta);
            let [body, sig, ts, nonce] = parts;
            let mut changed = HeaderMap::new();
            for (name, value) in [(SIGNATURE_HEADER, sig.clone()), (TIMESTAMP_HEADER, ts), (NONCE_HEADER, nonce)] {
                // A byte that cannot be in a header value is refused by any HTTP stack.
                let Ok(value) = HeaderValue::from_bytes(&value) else { return Ok(()) };
                changed.insert(name, value);
            }
            let expected = headers[SIGNATURE_HEADER].as_bytes();
            if which == 1 && sig.eq_ignore_ascii_case(expected) {
                return Ok(()); // the same hex digit in the other case
            }
            let r = secure().receive(&changed, &body);
            prop_assert!(matches!(r.received, Received::Refused(_)), "{:?}", r);
            prop_assert!(r.reply.status.is_client_error());
        }
    }
}
