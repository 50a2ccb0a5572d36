//! Credentials: the tenant access token (fixed, fetched and cached, or from a provider of
//! your own) and the helpdesk credential.
//!
//! Every secret is held in a [`SecretString`]: `Debug` of these types prints
//! `[REDACTED]`, and none of them implements `Display`.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use base64::Engine as _;
use reqwest::header::HeaderValue;
use secrecy::{ExposeSecret, SecretString};

use crate::clock::Clock;
use crate::error::Error;

/// A boxed future, as [`TokenProvider`] returns.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A tenant access token (`t-...`). `Debug` never shows it.
#[derive(Clone)]
pub struct AccessToken(Arc<SecretString>);

impl AccessToken {
    /// Wraps a token.
    pub fn new(token: impl Into<String>) -> Self {
        AccessToken(Arc::new(SecretString::from(token.into())))
    }

    /// The token itself; keep it out of logs.
    pub fn expose_secret(&self) -> &str {
        self.0.expose_secret()
    }

    /// `Bearer <token>` as a header value marked sensitive.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the token holds characters a header cannot carry.
    pub(crate) fn bearer_header(&self) -> Result<HeaderValue, Error> {
        let mut value =
            HeaderValue::try_from(format!("Bearer {}", self.expose_secret())).map_err(|_| {
                Error::Config("the access token holds characters a header cannot carry".into())
            })?;
        value.set_sensitive(true);
        Ok(value)
    }

    fn same_as(&self, other: &AccessToken) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.expose_secret() == other.expose_secret()
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken([REDACTED])")
    }
}

/// A source of tenant access tokens, for tokens that come from elsewhere (a vault, another
/// service). The client asks for a token before every attempt, and calls
/// [`invalidate`](TokenProvider::invalidate) when the platform says it is no longer valid.
pub trait TokenProvider: Send + Sync + 'static {
    /// A currently valid token.
    ///
    /// # Errors
    ///
    /// Whatever prevents getting one; it is returned to the caller of the request.
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>>;

    /// The platform refused `token` (expired, revoked): do not hand it out again.
    fn invalidate(&self, token: &AccessToken) {
        let _ = token;
    }
}

/// A fixed token, e.g. from `LARK_TENANT_ACCESS_TOKEN`. It is never refreshed.
#[derive(Debug, Clone)]
pub struct StaticToken(AccessToken);

impl StaticToken {
    /// A provider that always hands out `token`.
    pub fn new(token: impl Into<String>) -> Self {
        StaticToken(AccessToken::new(token))
    }
}

impl TokenProvider for StaticToken {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }
}

/// The credentials of a self-built app (`app_id`, `app_secret`).
#[derive(Clone)]
pub struct AppCredentials {
    pub(crate) app_id: String,
    pub(crate) app_secret: SecretString,
}

impl AppCredentials {
    /// App id and secret, from the developer console.
    pub fn new(app_id: impl Into<String>, app_secret: impl Into<String>) -> Self {
        AppCredentials {
            app_id: app_id.into(),
            app_secret: SecretString::from(app_secret.into()),
        }
    }

    /// The app id (not a secret).
    pub fn app_id(&self) -> &str {
        &self.app_id
    }
}

impl fmt::Debug for AppCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppCredentials")
            .field("app_id", &self.app_id)
            .field("app_secret", &"[REDACTED]")
            .finish()
    }
}

/// The helpdesk credential: `helpdesk_id` and `helpdesk_token`, sent on every helpdesk
/// call as `X-Lark-Helpdesk-Authorization: base64(helpdesk_id:helpdesk_token)`.
#[derive(Clone)]
pub struct HelpdeskCredential {
    helpdesk_id: String,
    header: HeaderValue,
}

impl HelpdeskCredential {
    /// The helpdesk's id and token, from the helpdesk admin console.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] when either is empty or the id holds a `:`.
    pub fn new(
        helpdesk_id: impl Into<String>,
        helpdesk_token: impl Into<String>,
    ) -> Result<Self, Error> {
        let helpdesk_id = helpdesk_id.into();
        let token = SecretString::from(helpdesk_token.into());
        if helpdesk_id.is_empty() || helpdesk_id.contains(':') {
            return Err(Error::invalid(
                "helpdesk_id",
                "must be non-empty and hold no ':'",
            ));
        }
        if token.expose_secret().is_empty() {
            return Err(Error::invalid("helpdesk_token", "must be non-empty"));
        }
        let encoded = base64::engine::general_purpose::STANDARD
            .encode(format!("{helpdesk_id}:{}", token.expose_secret()));
        let mut header =
            HeaderValue::try_from(encoded).expect("base64 is always a valid header value");
        header.set_sensitive(true);
        Ok(HelpdeskCredential {
            helpdesk_id,
            header,
        })
    }

    /// The helpdesk id (not a secret).
    pub fn helpdesk_id(&self) -> &str {
        &self.helpdesk_id
    }

    /// The value of `X-Lark-Helpdesk-Authorization`, marked sensitive.
    pub fn header_value(&self) -> &HeaderValue {
        &self.header
    }
}

impl fmt::Debug for HelpdeskCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HelpdeskCredential")
            .field("helpdesk_id", &self.helpdesk_id)
            .field("helpdesk_token", &"[REDACTED]")
            .finish()
    }
}

/// A fetched token and when to stop using it.
#[derive(Clone)]
pub(crate) struct CachedToken {
    pub(crate) token: AccessToken,
    /// When the client stops handing it out and fetches a new one.
    pub(crate) refresh_at: Instant,
}

/// A cache of one token with single-flight refresh: however many tasks find it empty or
/// stale at the same moment, exactly one fetch runs and all of them get its result, a
/// failure included (tasks that queued behind a failed fetch do not fetch again).
pub(crate) struct TokenCache {
    current: RwLock<Option<CachedToken>>,
    refresh: tokio::sync::Mutex<Flight>,
    margin: Duration,
    clock: Arc<dyn Clock>,
}

/// What the last fetch left behind, under the refresh lock.
#[derive(Default)]
struct Flight {
    /// Fetches finished so far.
    generation: u64,
    /// The error of the last fetch, if it failed.
    failure: Option<Error>,
}

/// The longest validity taken from the platform's `expire` (it says at most 7200 s).
const MAX_TOKEN_LIFE: Duration = Duration::from_secs(24 * 3600);

impl TokenCache {
    pub(crate) fn new(margin: Duration, clock: Arc<dyn Clock>) -> Self {
        TokenCache {
            current: RwLock::new(None),
            refresh: tokio::sync::Mutex::new(Flight::default()),
            margin,
            clock,
        }
    }

    fn fresh(&self) -> Option<AccessToken> {
        let guard = self.current.read().unwrap_or_else(|e| e.into_inner());
        guard
            .as_ref()
            .filter(|c| self.clock.now() < c.refresh_at)
            .map(|c| c.token.clone())
    }

    /// The cached token, or the result of `fetch` (run by one caller at a time).
    pub(crate) async fn get_or_fetch<F, Fut>(&self, fetch: F) -> Result<AccessToken, Error>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<(AccessToken, Duration), Error>>,
    {
        if let Some(token) = self.fresh() {
            return Ok(token);
        }
        let seen = self.refresh.try_lock().map(|f| f.generation).ok();
        let mut flight = self.refresh.lock().await;
        // Whoever held the lock before us may have fetched already: share its result.
        if let Some(token) = self.fresh() {
            return Ok(token);
        }
        if seen.is_none_or(|generation| generation != flight.generation)
            && let Some(failure) = &flight.failure
        {
            return Err(failure.clone());
        }
        let result = fetch().await;
        flight.generation += 1;
        let (token, expire) = match result {
            Ok(fetched) => {
                flight.failure = None;
                fetched
            }
            Err(e) => {
                flight.failure = Some(e.clone());
                return Err(e);
            }
        };
        // Refresh early: by the margin, but never later than halfway through a short life.
        let expire = expire.min(MAX_TOKEN_LIFE);
        let early = self.margin.min(expire / 2);
        let cached = CachedToken {
            token: token.clone(),
            refresh_at: self.clock.now() + expire.saturating_sub(early),
        };
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Some(cached);
        Ok(token)
    }

    /// Drops `token` if it is still the cached one (a newer token is kept).
    pub(crate) fn invalidate(&self, token: &AccessToken) {
        let mut guard = self.current.write().unwrap_or_else(|e| e.into_inner());
        if guard.as_ref().is_some_and(|c| c.token.same_as(token)) {
            *guard = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_show_in_debug() {
        let t = AccessToken::new("t-secret-token");
        assert!(!format!("{t:?}").contains("secret"));
        let a = AppCredentials::new("cli_app", "app-secret-value");
        let s = format!("{a:?}");
        assert!(
            s.contains("cli_app") && !s.contains("app-secret-value"),
            "{s}"
        );
        let h = HelpdeskCredential::new("123", "hd-secret").expect("valid");
        let s = format!("{h:?} {:?}", h.header_value());
        assert!(!s.contains("hd-secret"), "{s}");
        assert!(!s.contains("MTIzOmhkLXNlY3JldA"), "{s}");
        assert!(h.header_value().is_sensitive());
    }

    #[test]
    fn the_helpdesk_header_is_plain_standard_base64_of_id_colon_token() {
        let h = HelpdeskCredential::new("123", "hd-secret").expect("valid");
        assert_eq!(h.header_value().to_str().unwrap(), "MTIzOmhkLXNlY3JldA==");
        assert!(HelpdeskCredential::new("", "x").is_err());
        assert!(HelpdeskCredential::new("a:b", "x").is_err());
        assert!(HelpdeskCredential::new("a", "").is_err());
    }

    #[tokio::test]
    async fn the_cache_refreshes_early_and_invalidates_only_its_own_token() {
        let clock = crate::clock::ManualClock::new();
        let cache = TokenCache::new(Duration::from_secs(300), Arc::new(clock.clone()));
        let t1 = cache
            .get_or_fetch(|| async { Ok((AccessToken::new("t-1"), Duration::from_secs(7200))) })
            .await
            .unwrap();
        let again = cache
            .get_or_fetch(|| async { panic!("must not fetch while fresh") })
            .await
            .unwrap();
        assert_eq!(again.expose_secret(), "t-1");
        cache.invalidate(&AccessToken::new("t-other"));
        assert!(cache.fresh().is_some(), "another token does not evict ours");
        cache.invalidate(&t1);
        assert!(cache.fresh().is_none());
        // A token with 2 s left is refreshed after 1 s (half its life), not after 2 s - 300 s.
        cache
            .get_or_fetch(|| async { Ok((AccessToken::new("t-2"), Duration::from_secs(2))) })
            .await
            .unwrap();
        let refresh_at = cache.current.read().unwrap().as_ref().unwrap().refresh_at;
        assert_eq!(refresh_at - clock.now(), Duration::from_secs(1));
        clock.advance(Duration::from_millis(999));
        assert!(cache.fresh().is_some(), "fresh until halfway");
        clock.advance(Duration::from_millis(1));
        assert!(
            cache.fresh().is_none(),
            "due for refresh halfway through its life"
        );
    }
}
