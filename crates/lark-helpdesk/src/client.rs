//! The client and its builder: one [`Transport`] underneath, shared by every request.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use lark_helpdesk_api::Operation;

use crate::clock::{Clock, SystemClock};
use crate::config::{
    DEFAULT_REFRESH_MARGIN, DEFAULT_TIMEOUT, FEISHU_BASE_URL, env, is_loopback, validate_base_url,
};
use crate::credentials::{
    AppCredentials, HelpdeskCredential, StaticToken, TokenCache, TokenProvider,
};
use crate::error::Error;
use crate::helpers::ticket_messages::TicketMessagesRequest;
use crate::helpers::tickets::{TicketRequest, TicketsRequest};
use crate::limiter::{Limiter, Limits};
use crate::operations::OperationRequest;
use crate::retry::RetryPolicy;
use crate::transport::{TokenSource, Transport};

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
    transport: Arc<Transport>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("transport", &self.transport)
            .finish()
    }
}

impl Client {
    /// A builder: base URL, credentials, HTTP client, timeout, retries.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from the `LARK_*` environment variables (see
    /// [`env`](crate::env)).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] naming the variables to set when credentials are missing, or the
    /// base URL is refused.
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::default().from_env().build()
    }

    /// The base URL requests go to (`scheme://host[:port]`).
    pub fn base_url(&self) -> &str {
        &self.transport.base_url
    }

    /// The HTTP client every request goes through.
    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.transport.http
    }

    /// The app's id and secret, when the client fetches tenant tokens with them.
    pub(crate) fn app_credentials(&self) -> Option<&AppCredentials> {
        match &self.transport.token {
            Some(TokenSource::App(app)) => Some(app),
            _ => None,
        }
    }

    /// The timeout of one request.
    pub(crate) fn timeout(&self) -> Duration {
        self.transport.timeout
    }

    /// A request for the messages of a ticket: one page with
    /// [`send`](TicketMessagesRequest::send), or all of them with
    /// [`stream`](TicketMessagesRequest::stream).
    pub fn ticket_messages(&self, ticket_id: impl Into<String>) -> TicketMessagesRequest {
        TicketMessagesRequest::new(Arc::clone(&self.transport), ticket_id.into())
    }

    /// A request for the tickets of the helpdesk, with filters: one page with
    /// [`send`](TicketsRequest::send), or every ticket with
    /// [`stream`](TicketsRequest::stream), past the platform's cap of 10,000 a query.
    pub fn tickets(&self) -> TicketsRequest {
        TicketsRequest::new(Arc::clone(&self.transport))
    }

    /// A request for one ticket.
    pub fn ticket(&self, ticket_id: impl Into<String>) -> TicketRequest {
        TicketRequest::new(Arc::clone(&self.transport), ticket_id.into())
    }

    /// A request of any operation of the spec, from its entry in [`ops`](crate::ops):
    /// parameters by name, a JSON body, one answer, every item of a listing, or a file.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), lark_helpdesk::Error> {
    /// let client = lark_helpdesk::Client::from_env()?;
    /// let sent = client
    ///     .operation(&lark_helpdesk::ops::CREATE_TICKET_MESSAGE)
    ///     .param("ticket_id", "6948728206392295444")
    ///     .body(&serde_json::json!({ "msg_type": "text", "content": "{\"text\":\"Hello\"}" }))
    ///     .send()
    ///     .await?;
    /// println!("sent {}", sent.data["message_id"]);
    /// # Ok(()) }
    /// ```
    pub fn operation(&self, operation: &'static Operation) -> OperationRequest {
        OperationRequest::new(Arc::clone(&self.transport), operation)
    }

    /// Like [`operation`](Self::operation), by operation id (`list_faqs`, ...).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] when the spec has no such operation.
    pub fn operation_by_id(&self, operation_id: &str) -> Result<OperationRequest, Error> {
        lark_helpdesk_api::find(operation_id)
            .map(|op| self.operation(op))
            .ok_or_else(|| {
                Error::invalid(
                    "operation",
                    format!("the spec has no operation `{operation_id}`"),
                )
            })
    }

    /// Runs a generated, typed method of [`lark_helpdesk_api::Client`] on the client's
    /// call path (its token kind, the limiter, retries, tracing, typed errors), for the
    /// typed answer of an operation: `send` gets a client for one attempt and is called
    /// once per attempt. `operation` must be the entry of the method's operation.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), lark_helpdesk::Error> {
    /// use lark_helpdesk::ops;
    /// let client = lark_helpdesk::Client::from_env()?;
    /// let answer = client
    ///     .call(&ops::GET_TICKET, |api| async move { api.get_ticket("6948728206392295444").await })
    ///     .await?;
    /// let ticket = answer.value.data.and_then(|d| d.ticket);
    /// println!("{:?} (log id {:?})", ticket.and_then(|t| t.status), answer.log_id);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when `send` called another operation than `operation`;
    /// [`Error::NoToken`] when the client lacks the kind of token it needs; any [`Error`]
    /// left once retries are spent.
    pub async fn call<T, F, Fut>(
        &self,
        operation: &'static Operation,
        send: F,
    ) -> Result<Typed<T>, Error>
    where
        T: lark_helpdesk_api::Envelope,
        F: Fn(lark_helpdesk_api::Client) -> Fut,
        Fut: std::future::Future<
                Output = Result<
                    lark_helpdesk_api::ResponseValue<T>,
                    lark_helpdesk_api::Error<lark_helpdesk_api::types::ErrorResponse>,
                >,
            >,
    {
        let answer = self
            .transport
            .call(crate::transport::Call::of(operation), send)
            .await?;
        Ok(Typed {
            value: answer.body,
            log_id: answer.log_id,
        })
    }
}

/// The typed answer of [`Client::call`]: the generated envelope type of the operation.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Typed<T> {
    /// The answer (`code` 0), as the generated type of its operation.
    pub value: T,
    /// The answer's log id (`X-Tt-Logid`).
    pub log_id: Option<String>,
}

/// The caller's configuration of the HTTP client ([`ClientBuilder::http_client`]).
#[derive(Clone)]
struct HttpConfig(Arc<dyn Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync>);

impl fmt::Debug for HttpConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HttpConfig(..)")
    }
}

/// The user token's source ([`ClientBuilder::user_access_token`]).
#[derive(Clone)]
struct UserToken(Arc<dyn TokenProvider>);

impl fmt::Debug for UserToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("UserToken(..)")
    }
}

/// The clock of the token cache ([`ClientBuilder::clock`]).
#[derive(Clone)]
struct ClockConfig(Arc<dyn Clock>);

impl fmt::Debug for ClockConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Clock(..)")
    }
}

impl Default for ClockConfig {
    fn default() -> Self {
        ClockConfig(Arc::new(SystemClock))
    }
}

/// Builds a [`Client`]; start with [`Client::builder`].
#[derive(Debug, Clone)]
#[must_use]
pub struct ClientBuilder {
    base_url: String,
    token: Option<TokenSource>,
    user: Option<UserToken>,
    helpdesk: Option<HelpdeskCredential>,
    http: Option<HttpConfig>,
    timeout: Duration,
    retry: RetryPolicy,
    refresh_margin: Duration,
    clock: ClockConfig,
    limits: Limits,
    error: Option<String>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            base_url: FEISHU_BASE_URL.to_string(),
            token: None,
            user: None,
            helpdesk: None,
            http: None,
            timeout: DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
            refresh_margin: DEFAULT_REFRESH_MARGIN,
            clock: ClockConfig::default(),
            limits: Limits::default(),
            error: None,
        }
    }
}

impl ClientBuilder {
    /// The base URL: [`FEISHU_BASE_URL`] (default), [`LARK_BASE_URL`](crate::LARK_BASE_URL) or your own
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

    /// Use a fixed user access token for the operations that accept one (and need one:
    /// the spec's `security` of each operation says which token kinds it takes; where it
    /// takes both, the tenant token is sent when the client has one).
    pub fn user_access_token(mut self, token: impl Into<String>) -> Self {
        self.user = Some(UserToken(Arc::new(StaticToken::new(token))));
        self
    }

    /// Get user access tokens from a provider of your own (one that signs the user in and
    /// refreshes the token, say); dropped tokens are reported to it through
    /// [`TokenProvider::invalidate`].
    pub fn user_token_provider(mut self, provider: impl TokenProvider) -> Self {
        self.user = Some(UserToken(Arc::new(provider)));
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

    /// How the client's limiter treats requests (see [`Limits`]): by default it adapts the
    /// number of requests of each operation in flight (1 to
    /// [`MAX_IN_FLIGHT`](crate::MAX_IN_FLIGHT)) and paces them from the platform's
    /// rate-limit answers; [`Limits::with_rate`] states a known rate, [`Limits::fixed`] a
    /// fixed number. Every request of the client, of every clone, shares it.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The clock the token cache decides by (the system's by default): a
    /// [`ManualClock`](crate::ManualClock) lets a test expire a token without waiting.
    pub fn clock(mut self, clock: impl Clock) -> Self {
        self.clock = ClockConfig(Arc::new(clock));
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
        if let Some(token) = lookup(env::USER_ACCESS_TOKEN) {
            self = self.user_access_token(token);
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
        if self.token.is_none() && self.user.is_none() {
            return Err(Error::Config(format!(
                "no access token: set {} and {} (a self-built app), or {}; and {} for the \
                 operations that take a user's token",
                env::APP_ID,
                env::APP_SECRET,
                env::TENANT_ACCESS_TOKEN,
                env::USER_ACCESS_TOKEN,
            )));
        }
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
        Ok(Client {
            transport: Arc::new(Transport {
                base_url,
                http,
                token: self.token,
                user: self.user.map(|u| u.0),
                cache: TokenCache::new(self.refresh_margin, self.clock.0),
                helpdesk,
                timeout: self.timeout,
                retry: self.retry,
                limiter: Limiter::new(self.limits),
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::LARK_BASE_URL;

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
