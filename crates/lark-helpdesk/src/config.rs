//! Configuration: base URL rules, the client builder and the environment.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::client::Client;
use crate::credentials::{AppCredentials, HelpdeskCredential, StaticToken, TokenProvider};
use crate::error::Error;
use crate::retry::RetryPolicy;

/// Base URL of Feishu (China), the default.
pub const FEISHU_BASE_URL: &str = "https://open.feishu.cn";
/// Base URL of Lark (international).
pub const LARK_BASE_URL: &str = "https://open.larksuite.com";
/// The default timeout of one attempt.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// How long before its expiry a fetched token is replaced.
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(300);

/// The environment variables [`Client::from_env`] reads.
pub mod env {
    /// App id of a self-built app (with [`APP_SECRET`]).
    pub const APP_ID: &str = "LARK_APP_ID";
    /// App secret of a self-built app (with [`APP_ID`]).
    pub const APP_SECRET: &str = "LARK_APP_SECRET";
    /// A fixed tenant access token (instead of app credentials).
    pub const TENANT_ACCESS_TOKEN: &str = "LARK_TENANT_ACCESS_TOKEN";
    /// The helpdesk id.
    pub const HELPDESK_ID: &str = "LARK_HELPDESK_ID";
    /// The helpdesk token.
    pub const HELPDESK_TOKEN: &str = "LARK_HELPDESK_TOKEN";
    /// The base URL (Feishu by default).
    pub const BASE_URL: &str = "LARK_BASE_URL";
}

/// Checks a base URL and returns it as `scheme://host[:port]`.
///
/// Only `https://host[:port]` is accepted, and plain `http://` to loopback (`127.0.0.1`,
/// `localhost`, `::1`) for tests: credentials never travel in clear text to anything
/// else. A path, a query, a fragment or embedded credentials are refused.
///
/// # Errors
///
/// [`Error::Config`] saying what is wrong.
pub fn validate_base_url(input: &str) -> Result<String, Error> {
    let bad = |why: &str| Error::Config(format!("base URL {input:?}: {why}"));
    let url = url::Url::parse(input.trim()).map_err(|e| bad(&e.to_string()))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("must not embed credentials"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("must not have a query or fragment"));
    }
    if url.path() != "/" && !url.path().is_empty() {
        return Err(bad("must be https://host[:port], without a path"));
    }
    if url.host().is_none() {
        return Err(bad("has no host"));
    }
    let loopback = is_loopback(url.as_str());
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => {
            return Err(bad(
                "plain http is only allowed to loopback (127.0.0.1, localhost, ::1); use https",
            ));
        }
        other => return Err(bad(&format!("scheme {other} is not https"))),
    }
    Ok(url.origin().ascii_serialization())
}

/// Whether a validated base URL points at this machine.
fn is_loopback(base_url: &str) -> bool {
    match url::Url::parse(base_url)
        .ok()
        .and_then(|u| u.host().map(|h| h.to_owned()))
    {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// The caller's configuration of the HTTP client ([`ClientBuilder::http_client`]).
#[derive(Clone)]
pub(crate) struct HttpConfig(
    Arc<dyn Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync>,
);

impl fmt::Debug for HttpConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HttpConfig(..)")
    }
}

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

/// Builds a [`Client`]; start with [`Client::builder`].
#[derive(Debug, Clone)]
#[must_use]
pub struct ClientBuilder {
    pub(crate) base_url: String,
    pub(crate) token: Option<TokenSource>,
    pub(crate) helpdesk: Option<HelpdeskCredential>,
    pub(crate) http: Option<HttpConfig>,
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) refresh_margin: Duration,
    pub(crate) error: Option<String>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            base_url: FEISHU_BASE_URL.to_string(),
            token: None,
            helpdesk: None,
            http: None,
            timeout: DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
            refresh_margin: DEFAULT_REFRESH_MARGIN,
            error: None,
        }
    }
}

impl ClientBuilder {
    /// The base URL: [`FEISHU_BASE_URL`] (default), [`LARK_BASE_URL`] or your own
    /// (checked by [`validate_base_url`] when building).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// Fetch tenant tokens with the credentials of a self-built app; they are cached,
    /// refreshed before they expire, and fetched once however many tasks need one.
    pub fn app_credentials(
        mut self,
        app_id: impl Into<String>,
        app_secret: impl Into<String>,
    ) -> Self {
        self.token = Some(TokenSource::App(AppCredentials::new(app_id, app_secret)));
        self
    }

    /// Use a fixed tenant access token.
    pub fn tenant_access_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(TokenSource::Provider(Arc::new(StaticToken::new(token))));
        self
    }

    /// Get tenant tokens from a provider of your own.
    pub fn token_provider(mut self, provider: impl TokenProvider) -> Self {
        self.token = Some(TokenSource::Provider(Arc::new(provider)));
        self
    }

    /// The helpdesk credential, sent with every helpdesk call.
    pub fn helpdesk_credential(
        mut self,
        helpdesk_id: impl Into<String>,
        helpdesk_token: impl Into<String>,
    ) -> Self {
        match HelpdeskCredential::new(helpdesk_id, helpdesk_token) {
            Ok(c) => self.helpdesk = Some(c),
            Err(e) => self.error = Some(e.to_string()),
        }
        self
    }

    /// Configures the `reqwest::Client` requests go through (proxies, pools, TLS roots,
    /// local address...): `configure` gets the client's builder and returns it.
    ///
    /// The SDK then turns redirects off whatever `configure` did: reqwest strips only
    /// `Authorization` on a redirect to another host, and the helpdesk credential must
    /// never be replayed anywhere else. For that reason the SDK takes a builder, not a
    /// ready `reqwest::Client` whose redirect policy it could not know.
    ///
    /// ```
    /// let builder = lark_helpdesk::Client::builder()
    ///     .http_client(|http| http.pool_max_idle_per_host(4).tcp_nodelay(true));
    /// ```
    pub fn http_client(
        mut self,
        configure: impl Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync + 'static,
    ) -> Self {
        self.http = Some(HttpConfig(Arc::new(configure)));
        self
    }

    /// The timeout of one attempt (default 30 s); a request can override it.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The retry policy (default: 3 attempts); [`RetryPolicy::none`] turns retries off.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// How long before expiry a fetched token is replaced (default 5 minutes; never later
    /// than halfway through the token's life).
    pub fn token_refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    /// Reads `LARK_*` variables into the builder (see [`env`](mod@env)): `LARK_APP_ID` and
    /// `LARK_APP_SECRET`, or `LARK_TENANT_ACCESS_TOKEN`; `LARK_HELPDESK_ID` and
    /// `LARK_HELPDESK_TOKEN`; `LARK_BASE_URL`. Unset variables leave the builder as is.
    pub fn from_env(self) -> Self {
        self.from_lookup(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
    }

    /// Like [`from_env`](Self::from_env), reading variables through `lookup`.
    pub fn from_lookup(mut self, lookup: impl Fn(&str) -> Option<String>) -> Self {
        if let Some(url) = lookup(env::BASE_URL) {
            self = self.base_url(url);
        }
        match (lookup(env::APP_ID), lookup(env::APP_SECRET)) {
            (Some(id), Some(secret)) => self = self.app_credentials(id, secret),
            (Some(_), None) | (None, Some(_)) => {
                self.error = Some(format!(
                    "set both {} and {}, or neither",
                    env::APP_ID,
                    env::APP_SECRET
                ));
            }
            (None, None) => {
                if let Some(token) = lookup(env::TENANT_ACCESS_TOKEN) {
                    self = self.tenant_access_token(token);
                }
            }
        }
        match (lookup(env::HELPDESK_ID), lookup(env::HELPDESK_TOKEN)) {
            (Some(id), Some(token)) => self = self.helpdesk_credential(id, token),
            (None, None) => {}
            _ => {
                self.error = Some(format!(
                    "set both {} and {}",
                    env::HELPDESK_ID,
                    env::HELPDESK_TOKEN
                ));
            }
        }
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the base URL is refused, a credential is missing or invalid,
    /// or the HTTP client cannot be built.
    pub fn build(self) -> Result<Client, Error> {
        if let Some(error) = self.error {
            return Err(Error::Config(error));
        }
        let base_url = validate_base_url(&self.base_url)?;
        let token = self.token.ok_or_else(|| {
            Error::Config(format!(
                "no tenant access token: set {} and {} (a self-built app), or {}",
                env::APP_ID,
                env::APP_SECRET,
                env::TENANT_ACCESS_TOKEN
            ))
        })?;
        let helpdesk = self.helpdesk.ok_or_else(|| {
            Error::Config(format!(
                "no helpdesk credential: set {} and {}",
                env::HELPDESK_ID,
                env::HELPDESK_TOKEN
            ))
        })?;
        let mut http =
            reqwest::Client::builder().connect_timeout(self.timeout.min(Duration::from_secs(10)));
        if is_loopback(&base_url) {
            // A test or mock server on this machine: never through a system proxy.
            http = http.no_proxy();
        }
        if let Some(HttpConfig(configure)) = &self.http {
            http = configure(http);
        }
        let http = http
            // Last, so that nothing can turn it back on: credentials stay on their host.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
        Ok(Client::new(crate::client::Settings {
            base_url,
            token,
            helpdesk,
            http,
            timeout: self.timeout,
            retry: self.retry,
            refresh_margin: self.refresh_margin,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_https_or_loopback_http_without_extras() {
        for (input, expected) in [
            ("https://open.feishu.cn", "https://open.feishu.cn"),
            ("https://open.larksuite.com/", "https://open.larksuite.com"),
            ("https://example.com:8443", "https://example.com:8443"),
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
            ("http://localhost:1", "http://localhost:1"),
            ("http://[::1]:9", "http://[::1]:9"),
        ] {
            assert_eq!(validate_base_url(input).unwrap(), expected, "{input}");
        }
        for input in [
            "http://open.feishu.cn",
            "http://10.0.0.1",
            "https://open.feishu.cn/open-apis",
            "https://open.feishu.cn/?x=1",
            "https://open.feishu.cn/#frag",
            "https://user:pass@open.feishu.cn",
            "ftp://open.feishu.cn",
            "open.feishu.cn",
            "",
        ] {
            let err = validate_base_url(input).expect_err(input);
            assert!(matches!(err, Error::Config(_)), "{input}: {err}");
        }
    }

    #[test]
    fn the_environment_is_read_and_half_set_pairs_are_refused() {
        let vars = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        let ok = ClientBuilder::default().from_lookup(vars(&[
            (env::APP_ID, "cli_a"),
            (env::APP_SECRET, "s"),
            (env::HELPDESK_ID, "1"),
            (env::HELPDESK_TOKEN, "t"),
            (env::BASE_URL, LARK_BASE_URL),
        ]));
        assert!(ok.build().is_ok());
        let half = ClientBuilder::default().from_lookup(vars(&[
            (env::APP_ID, "cli_a"),
            (env::HELPDESK_ID, "1"),
            (env::HELPDESK_TOKEN, "t"),
        ]));
        assert!(
            half.build()
                .unwrap_err()
                .to_string()
                .contains(env::APP_SECRET)
        );
        let none = ClientBuilder::default().from_lookup(vars(&[]));
        let err = none.build().unwrap_err().to_string();
        assert!(
            err.contains(env::APP_ID) && err.contains(env::TENANT_ACCESS_TOKEN),
            "{err}"
        );
    }
}
