//! The platform's OAuth endpoints for user access tokens, on the accounts host: the
//! authorization page's URL (PKCE S256 and `state`), the code exchange, the refresh, the
//! device flow, `user_info` and revocation.

use std::fmt;
use std::time::Duration;

use base64::Engine as _;
use rand::Rng as _;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::json;
use sha2::Digest as _;

use super::UserAuthError;
use crate::error::Error;

/// The token endpoint, on the accounts host.
const TOKEN_PATH: &str = "/oauth/v3/token";
/// The authorization page, on the accounts host.
const AUTHORIZE_PATH: &str = "/open-apis/authen/v1/authorize";
/// The device authorization endpoint, on the accounts host.
const DEVICE_PATH: &str = "/oauth/v1/device_authorization";
/// Revocation, on the accounts host.
const REVOKE_PATH: &str = "/oauth/v1/revoke";
/// Who the token's user is, on the API host.
const USER_INFO_PATH: &str = "/open-apis/authen/v1/user_info";
/// The device flow's grant type (RFC 8628).
const DEVICE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

/// The accounts host of an API base URL: `accounts.feishu.cn` for Feishu,
/// `accounts.larksuite.com` for Lark, the base URL itself otherwise (a fake server serves
/// both at its own address).
pub fn accounts_url_for(base_url: &str) -> String {
    let trimmed = base_url.trim_end_matches('/');
    for (open, accounts) in [
        ("://open.feishu.cn", "://accounts.feishu.cn"),
        ("://open.larksuite.com", "://accounts.larksuite.com"),
    ] {
        if trimmed.ends_with(open) {
            return trimmed.replace(open, accounts);
        }
    }
    trimmed.to_owned()
}

/// A self-built app as an OAuth client: its id and secret, the API and accounts hosts.
/// `Debug` never shows the secret.
#[derive(Clone)]
pub struct OAuthApp {
    app_id: String,
    app_secret: SecretString,
    base_url: String,
    accounts_url: String,
    http: reqwest::Client,
}

impl fmt::Debug for OAuthApp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthApp")
            .field("app_id", &self.app_id)
            .field("base_url", &self.base_url)
            .field("accounts_url", &self.accounts_url)
            .finish_non_exhaustive()
    }
}

/// A sign-in started with [`OAuthApp::authorization_request`]: the page to send the user
/// to, and what the redirect must bring back. `Debug` never shows the verifier.
#[derive(Clone)]
pub struct AuthorizationRequest {
    /// The authorization page, with every parameter.
    pub url: String,
    /// The `state` the redirect must carry (checked by [`OAuthApp::exchange_redirect`]).
    pub state: String,
    /// The redirect URI, as registered in the app's console.
    pub redirect_uri: String,
    verifier: SecretString,
}

impl fmt::Debug for AuthorizationRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthorizationRequest")
            .field("redirect_uri", &self.redirect_uri)
            .finish_non_exhaustive()
    }
}

/// A device flow started with [`OAuthApp::device_authorization`]: what to show the user.
#[derive(Clone)]
pub struct DeviceAuthorization {
    /// The code the user types on the verification page.
    pub user_code: String,
    /// The verification page.
    pub verification_uri: String,
    /// The verification page with the code filled in, when the platform gives one.
    pub verification_uri_complete: Option<String>,
    /// How long the user has.
    pub expires_in: Duration,
    /// How long to wait between polls.
    pub interval: Duration,
    device_code: SecretString,
}

impl fmt::Debug for DeviceAuthorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceAuthorization")
            .field("user_code", &self.user_code)
            .field("verification_uri", &self.verification_uri)
            .field("expires_in", &self.expires_in)
            .finish_non_exhaustive()
    }
}

/// Tokens as the token endpoint answered them (expiries relative to the answer).
#[derive(Clone)]
pub struct Grant {
    /// The access token.
    pub access_token: SecretString,
    /// Its lifetime.
    pub expires_in: Duration,
    /// The refresh token, when `offline_access` was granted.
    pub refresh_token: Option<SecretString>,
    /// Its lifetime.
    pub refresh_expires_in: Option<Duration>,
    /// The scopes granted, space-separated.
    pub scope: String,
}

impl fmt::Debug for Grant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Grant")
            .field("expires_in", &self.expires_in)
            .field("refresh_expires_in", &self.refresh_expires_in)
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

/// Who a user token belongs to (`user_info`).
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct UserInfo {
    /// The user's open id.
    pub open_id: String,
    /// The user's name.
    #[serde(default)]
    pub name: Option<String>,
}

/// The token endpoint's answer, success or failure.
#[derive(Deserialize)]
struct TokenAnswer {
    #[serde(default)]
    code: i64,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    error_description: Option<String>,
    #[serde(default)]
    access_token: Option<String>,
    #[serde(default)]
    expires_in: Option<u64>,
    #[serde(default)]
    refresh_token: Option<String>,
    #[serde(default)]
    refresh_token_expires_in: Option<u64>,
    #[serde(default)]
    scope: Option<String>,
    #[serde(default)]
    msg: Option<String>,
}

/// What a poll of the device flow said.
pub(crate) enum Poll {
    /// The user has not decided yet (or the platform asks to slow down: wait longer).
    Pending { slow_down: bool },
    /// Signed in.
    Granted(Grant),
}

fn random_text(len: usize) -> String {
    const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    let mut rng = rand::rng();
    (0..len)
        .map(|_| CHARS[rng.random_range(0..CHARS.len())] as char)
        .collect()
}

/// The PKCE S256 challenge of `verifier`.
pub fn pkce_challenge(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(verifier))
}

impl OAuthApp {
    /// The OAuth client of the app `app_id` on the platform at `base_url` (its accounts
    /// host derived with [`accounts_url_for`] unless `accounts_url` is given).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] for a refused URL, or an HTTP client that cannot be built.
    pub fn new(
        app_id: impl Into<String>,
        app_secret: impl Into<String>,
        base_url: &str,
        accounts_url: Option<&str>,
    ) -> Result<Self, Error> {
        let base_url = crate::config::validate_base_url(base_url)?;
        let accounts_url = crate::config::validate_base_url(
            &accounts_url.map_or_else(|| accounts_url_for(&base_url), str::to_owned),
        )?;
        let mut http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .redirect(reqwest::redirect::Policy::none());
        if crate::config::is_loopback(&accounts_url) {
            http = http.no_proxy();
        }
        let http = http
            .build()
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
        Ok(OAuthApp {
            app_id: app_id.into(),
            app_secret: SecretString::from(app_secret.into()),
            base_url,
            accounts_url,
            http,
        })
    }

    /// The app id.
    pub fn app_id(&self) -> &str {
        &self.app_id
    }

    /// The accounts host's URL.
    pub fn accounts_url(&self) -> &str {
        &self.accounts_url
    }

    /// The authorization page for `redirect_uri` (registered in the app's console),
    /// asking for `scopes` and `offline_access` (so that a refresh token comes back), with
    /// a PKCE S256 challenge and a random `state`.
    pub fn authorization_request(
        &self,
        redirect_uri: &str,
        scopes: &[&str],
    ) -> AuthorizationRequest {
        let verifier = random_text(64);
        let state = random_text(32);
        let mut scope: Vec<&str> = scopes.to_vec();
        if !scope.contains(&"offline_access") {
            scope.push("offline_access");
        }
        let mut url = url::Url::parse(&format!("{}{AUTHORIZE_PATH}", self.accounts_url))
            .expect("a validated base URL and a fixed path");
        url.query_pairs_mut()
            .append_pair("client_id", &self.app_id)
            .append_pair("response_type", "code")
            .append_pair("redirect_uri", redirect_uri)
            .append_pair("scope", &scope.join(" "))
            .append_pair("state", &state)
            .append_pair("code_challenge", &pkce_challenge(&verifier))
            .append_pair("code_challenge_method", "S256");
        AuthorizationRequest {
            url: url.into(),
            state,
            redirect_uri: redirect_uri.to_owned(),
            verifier: verifier.into(),
        }
    }

    /// Exchanges the redirect's query (`code` and `state`, or `error`) for tokens, after
    /// checking its `state` against `request`'s.
    ///
    /// # Errors
    ///
    /// [`Error::UserAuth`]: a denial, a `state` that does not match (a forged redirect),
    /// or the token endpoint's refusal.
    pub async fn exchange_redirect(
        &self,
        request: &AuthorizationRequest,
        query: &str,
    ) -> Result<Grant, Error> {
        let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        let get = |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        if get("state") != Some(request.state.as_str()) {
            return Err(UserAuthError::sign_in_again(
                None,
                "the redirect's state does not match the sign-in's (a forged or stale redirect)",
            ));
        }
        if let Some(error) = get("error") {
            return Err(UserAuthError::sign_in_again(
                None,
                &format!("the user did not grant access ({error})"),
            ));
        }
        let code = get("code")
            .filter(|c| !c.is_empty())
            .ok_or_else(|| UserAuthError::sign_in_again(None, "the redirect carries no code"))?;
        self.token(json!({
            "grant_type": "authorization_code",
            "client_id": self.app_id,
            "client_secret": self.app_secret.expose_secret(),
            "code": code,
            "redirect_uri": request.redirect_uri,
            "code_verifier": request.verifier.expose_secret(),
        }))
        .await
    }

    /// A new pair for `refresh_token`, which dies as the answer is given.
    pub(crate) async fn refresh(&self, refresh_token: &SecretString) -> Result<Grant, Error> {
        self.token(json!({
            "grant_type": "refresh_token",
            "client_id": self.app_id,
            "client_secret": self.app_secret.expose_secret(),
            "refresh_token": refresh_token.expose_secret(),
        }))
        .await
    }

    async fn token(&self, body: serde_json::Value) -> Result<Grant, Error> {
        let answer = self
            .http
            .post(format!("{}{TOKEN_PATH}", self.accounts_url))
            .json(&body)
            .send()
            .await
            .map_err(|e| UserAuthError::network(&e))?;
        let status = answer.status();
        let bytes = answer
            .bytes()
            .await
            .map_err(|e| UserAuthError::network(&e))?;
        let parsed: TokenAnswer = serde_json::from_slice(&bytes).map_err(|_| {
            if status.is_server_error() {
                UserAuthError::retry_later(
                    None,
                    &format!("the token endpoint answered HTTP {status}"),
                )
            } else {
                UserAuthError::retry_later(
                    None,
                    &format!("the token endpoint answered HTTP {status} without a readable body"),
                )
            }
        })?;
        let failed = parsed.code != 0 || parsed.error.is_some() || !status.is_success();
        match (failed, parsed.access_token) {
            (false, Some(token)) if !token.is_empty() => Ok(Grant {
                access_token: token.into(),
                expires_in: Duration::from_secs(parsed.expires_in.unwrap_or(7200)),
                refresh_token: parsed
                    .refresh_token
                    .filter(|t| !t.is_empty())
                    .map(Into::into),
                refresh_expires_in: parsed.refresh_token_expires_in.map(Duration::from_secs),
                scope: parsed.scope.unwrap_or_default(),
            }),
            _ => {
                let reason = parsed
                    .error_description
                    .or(parsed.msg)
                    .or(parsed.error.clone())
                    .unwrap_or_else(|| format!("HTTP {status}"));
                Err(UserAuthError::from_token_endpoint(
                    parsed.code,
                    parsed.error.as_deref(),
                    status,
                    &reason,
                ))
            }
        }
    }

    /// Starts the device flow (for a terminal without a browser): the code and page to
    /// show the user; then [`wait_for_device`](Self::wait_for_device) until they approve.
    ///
    /// # Errors
    ///
    /// [`Error::UserAuth`] when the platform refuses to start it.
    pub async fn device_authorization(
        &self,
        scopes: &[&str],
    ) -> Result<DeviceAuthorization, Error> {
        let mut scope: Vec<&str> = scopes.to_vec();
        if !scope.contains(&"offline_access") {
            scope.push("offline_access");
        }
        #[derive(Deserialize)]
        struct Answer {
            device_code: Option<String>,
            user_code: Option<String>,
            verification_uri: Option<String>,
            verification_uri_complete: Option<String>,
            expires_in: Option<u64>,
            interval: Option<u64>,
            error: Option<String>,
            error_description: Option<String>,
        }
        let answer = self
            .http
            .post(format!("{}{DEVICE_PATH}", self.accounts_url))
            .basic_auth(&self.app_id, Some(self.app_secret.expose_secret()))
            .form(&[
                ("client_id", self.app_id.as_str()),
                ("scope", scope.join(" ").as_str()),
            ])
            .send()
            .await
            .map_err(|e| UserAuthError::network(&e))?;
        let status = answer.status();
        let answer: Answer = answer
            .json()
            .await
            .map_err(|e| UserAuthError::network(&e))?;
        match (
            answer.device_code,
            answer.user_code,
            answer.verification_uri,
        ) {
            (Some(device_code), Some(user_code), Some(verification_uri)) if status.is_success() => {
                Ok(DeviceAuthorization {
                    user_code,
                    verification_uri,
                    verification_uri_complete: answer.verification_uri_complete,
                    // Bounded whatever the answer says: the waits are computed from them.
                    expires_in: Duration::from_secs(
                        answer.expires_in.unwrap_or(240).clamp(1, 1800),
                    ),
                    interval: Duration::from_secs(answer.interval.unwrap_or(5).clamp(1, 60)),
                    device_code: device_code.into(),
                })
            }
            _ => Err(UserAuthError::app_settings(
                None,
                &format!(
                    "the device flow could not start: {}",
                    answer
                        .error_description
                        .or(answer.error)
                        .unwrap_or_else(|| format!("HTTP {status}"))
                ),
            )),
        }
    }

    /// One poll of the device flow.
    pub(crate) async fn poll_device(&self, device: &DeviceAuthorization) -> Result<Poll, Error> {
        let result = self
            .token(json!({
                "grant_type": DEVICE_GRANT,
                "client_id": self.app_id,
                "client_secret": self.app_secret.expose_secret(),
                "device_code": device.device_code.expose_secret(),
            }))
            .await;
        match result {
            Ok(grant) => Ok(Poll::Granted(grant)),
            Err(Error::UserAuth(e))
                if e.oauth_error.as_deref() == Some("authorization_pending") =>
            {
                Ok(Poll::Pending { slow_down: false })
            }
            Err(Error::UserAuth(e)) if e.oauth_error.as_deref() == Some("slow_down") => {
                Ok(Poll::Pending { slow_down: true })
            }
            Err(e) => Err(e),
        }
    }

    /// Polls the device flow until the user approves, refuses, or the code expires.
    ///
    /// # Errors
    ///
    /// [`Error::UserAuth`] when the user refused or took too long.
    pub async fn wait_for_device(&self, device: &DeviceAuthorization) -> Result<Grant, Error> {
        let deadline =
            tokio::time::Instant::now() + device.expires_in.min(Duration::from_secs(1800));
        let mut interval = device
            .interval
            .clamp(Duration::from_secs(1), Duration::from_secs(60));
        loop {
            match self.poll_device(device).await? {
                Poll::Granted(grant) => return Ok(grant),
                Poll::Pending { slow_down } => {
                    if slow_down {
                        interval = (interval + Duration::from_secs(5)).min(Duration::from_secs(60));
                    }
                }
            }
            if tokio::time::Instant::now() + interval > deadline {
                return Err(UserAuthError::sign_in_again(
                    None,
                    "the device code expired before the user approved",
                ));
            }
            tokio::time::sleep(interval).await;
        }
    }

    /// Who `access_token` belongs to.
    ///
    /// # Errors
    ///
    /// [`Error::UserAuth`] when the platform refuses the token.
    pub async fn user_info(&self, access_token: &SecretString) -> Result<UserInfo, Error> {
        #[derive(Deserialize)]
        struct Answer {
            #[serde(default)]
            code: i64,
            #[serde(default)]
            msg: Option<String>,
            #[serde(default)]
            data: Option<UserInfo>,
        }
        let answer = self
            .http
            .get(format!("{}{USER_INFO_PATH}", self.base_url))
            .bearer_auth(access_token.expose_secret())
            .send()
            .await
            .map_err(|e| UserAuthError::network(&e))?;
        let status = answer.status();
        let answer: Answer = answer
            .json()
            .await
            .map_err(|e| UserAuthError::network(&e))?;
        match answer.data {
            Some(info) if answer.code == 0 && !info.open_id.is_empty() => Ok(info),
            _ => Err(UserAuthError::sign_in_again(
                Some(answer.code),
                &format!(
                    "user_info refused the token: HTTP {status}: {}",
                    answer.msg.unwrap_or_default()
                ),
            )),
        }
    }

    /// Revokes `token` (a refresh or access token) where the platform allows it.
    ///
    /// # Errors
    ///
    /// [`Error::UserAuth`] when the platform refused.
    pub async fn revoke(&self, token: &SecretString, hint: &str) -> Result<(), Error> {
        let answer = self
            .http
            .post(format!("{}{REVOKE_PATH}", self.accounts_url))
            .form(&[
                ("client_id", self.app_id.as_str()),
                ("client_secret", self.app_secret.expose_secret()),
                ("token", token.expose_secret()),
                ("token_type_hint", hint),
            ])
            .send()
            .await
            .map_err(|e| UserAuthError::network(&e))?;
        if answer.status().is_success() {
            Ok(())
        } else {
            Err(UserAuthError::retry_later(
                None,
                &format!("revocation answered HTTP {}", answer.status()),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_accounts_host_of_each_platform() {
        assert_eq!(
            accounts_url_for("https://open.feishu.cn"),
            "https://accounts.feishu.cn"
        );
        assert_eq!(
            accounts_url_for("https://open.larksuite.com/"),
            "https://accounts.larksuite.com"
        );
        assert_eq!(
            accounts_url_for("http://127.0.0.1:8080"),
            "http://127.0.0.1:8080"
        );
    }

    #[test]
    fn pkce_s256_as_rfc_7636_computes_it() {
        // RFC 7636, appendix B.
        assert_eq!(
            pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn the_authorization_url_asks_for_offline_access_with_pkce_and_state() {
        let app = OAuthApp::new("cli_a", "secret", "https://open.feishu.cn", None).unwrap();
        let request =
            app.authorization_request("http://127.0.0.1:9999/callback", &["helpdesk:all"]);
        let url = url::Url::parse(&request.url).unwrap();
        assert_eq!(url.host_str(), Some("accounts.feishu.cn"));
        let q: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
        assert_eq!(q["scope"], "helpdesk:all offline_access");
        assert_eq!(q["code_challenge_method"], "S256");
        assert_eq!(
            q["code_challenge"],
            pkce_challenge(request.verifier.expose_secret())
        );
        assert_eq!(q["state"], request.state);
        assert!(!request.url.contains("secret"));
        assert!(!format!("{request:?}").contains(request.verifier.expose_secret()));
    }
}
