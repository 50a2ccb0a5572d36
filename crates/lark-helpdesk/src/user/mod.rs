//! User access tokens: a user signs in once ([`OAuthApp`]: the authorization page with
//! PKCE, or the device flow), the tokens go into a [`TokenStore`], and [`UserTokens`]
//! hands out a valid access token for every request, refreshing it a few minutes before it
//! expires: one refresh at a time per app and user, within a process and across processes
//! (the store's lock, the tokens read again once it is held, the new pair written before
//! it is released), so that a refresh another process made is picked up, never repeated.

mod oauth;
mod store;

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};

use crate::clock::{Clock, SystemClock};
use crate::credentials::{AccessToken, BoxFuture, TokenProvider};
use crate::error::Error;

pub use oauth::{
    AuthorizationRequest, DeviceAuthorization, Grant, OAuthApp, UserInfo, accounts_url_for,
    pkce_challenge,
};
pub use store::{FileStore, MemoryStore, StoreError, StoredTokens, TokenStore};

/// How long before expiry an access token is refreshed.
pub const USER_REFRESH_MARGIN: Duration = Duration::from_secs(300);
/// How long a sign-in lasts at most: the platform ends it 365 days after the user
/// authorised the app, however often the tokens were refreshed.
pub const SIGN_IN_LIFETIME: Duration = Duration::from_secs(365 * 24 * 3600);

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

impl UserAuthError {
    fn error(action: UserAction, code: Option<i64>, reason: &str) -> Error {
        Error::UserAuth(Box::new(UserAuthError {
            action,
            code,
            oauth_error: None,
            reason: reason.to_owned(),
        }))
    }

    pub(crate) fn sign_in_again(code: Option<i64>, reason: &str) -> Error {
        Self::error(UserAction::SignInAgain, code, reason)
    }

    pub(crate) fn retry_later(code: Option<i64>, reason: &str) -> Error {
        Self::error(UserAction::RetryLater, code, reason)
    }

    pub(crate) fn app_settings(code: Option<i64>, reason: &str) -> Error {
        Self::error(UserAction::FixAppSettings, code, reason)
    }

    pub(crate) fn network(e: &reqwest::Error) -> Error {
        // reqwest's text never holds a header or a body.
        Self::retry_later(
            None,
            &format!("the accounts host could not be reached: {e}"),
        )
    }

    /// The token endpoint's refusal, typed by its code (the documented codes of the v2/v3
    /// token endpoint) or its OAuth `error`.
    pub(crate) fn from_token_endpoint(
        code: i64,
        oauth_error: Option<&str>,
        status: reqwest::StatusCode,
        reason: &str,
    ) -> Error {
        let action = match (code, oauth_error) {
            (20050 | 20072, _) => UserAction::RetryLater,
            (0, Some("authorization_pending" | "slow_down")) => UserAction::RetryLater,
            (0, _) if status.is_server_error() => UserAction::RetryLater,
            (20003 | 20004 | 20008 | 20026 | 20037 | 20049 | 20064 | 20065 | 20066 | 20073, _) => {
                UserAction::SignInAgain
            }
            (0, Some("access_denied" | "expired_token" | "invalid_grant")) => {
                UserAction::SignInAgain
            }
            _ if status.is_server_error() => UserAction::RetryLater,
            _ => UserAction::FixAppSettings,
        };
        Error::UserAuth(Box::new(UserAuthError {
            action,
            code: (code != 0).then_some(code),
            oauth_error: oauth_error.map(str::to_owned),
            reason: reason.chars().take(300).collect(),
        }))
    }
}

/// The tokens of a [`Grant`] as stored for `user`, their expiries from `now_ms`.
pub fn stored_from_grant(
    app_id: &str,
    user: &UserInfo,
    grant: &Grant,
    now_ms: i64,
    signed_in_at_ms: i64,
) -> StoredTokens {
    let ms = |d: Duration| i64::try_from(d.as_millis()).unwrap_or(i64::MAX);
    StoredTokens {
        app_id: app_id.to_owned(),
        user: user.open_id.clone(),
        name: user.name.clone(),
        access_token: grant.access_token.clone(),
        expires_at_ms: now_ms.saturating_add(ms(grant.expires_in)),
        refresh_token: grant.refresh_token.clone(),
        refresh_expires_at_ms: grant
            .refresh_expires_in
            .map(|d| now_ms.saturating_add(ms(d))),
        scope: grant.scope.clone(),
        signed_in_at_ms,
    }
}

/// Signs a user in with `grant` (from [`OAuthApp::exchange_redirect`] or
/// [`OAuthApp::wait_for_device`]): asks who they are and stores the tokens.
///
/// # Errors
///
/// [`Error::UserAuth`] when `user_info` refuses the token or the store fails;
/// [`UserAction::FixAppSettings`] when no refresh token was granted (the app lacks
/// `offline_access`, or its refresh switch is off).
pub async fn sign_in(
    app: &OAuthApp,
    store: &dyn TokenStore,
    grant: &Grant,
    clock: &dyn Clock,
) -> Result<StoredTokens, Error> {
    let user = app.user_info(&grant.access_token).await?;
    let now = clock.unix_ms();
    let tokens = stored_from_grant(app.app_id(), &user, grant, now, now);
    store.save(&tokens).await.map_err(store_error)?;
    if tokens.refresh_token.is_none() {
        return Err(UserAuthError::app_settings(
            None,
            "signed in, but no refresh token was granted, so the sign-in ends with the access \
             token: enable the offline_access scope (Permissions) and the \"refresh \
             user_access_token\" switch (Security settings) of the app, publish a version, \
             and sign in again",
        ));
    }
    Ok(tokens)
}

fn store_error(e: StoreError) -> Error {
    UserAuthError::retry_later(None, &e.to_string())
}

/// A [`TokenProvider`] of one user's access token, kept in a [`TokenStore`] and refreshed
/// before it expires. Give it to [`ClientBuilder::user_token_provider`](crate::ClientBuilder::user_token_provider).
pub struct UserTokens {
    app: OAuthApp,
    store: Arc<dyn TokenStore>,
    user: String,
    clock: Arc<dyn Clock>,
    margin: Duration,
    /// One refresh at a time within this process.
    refreshing: tokio::sync::Mutex<()>,
    /// An access token the platform refused: refreshed even if it has not expired.
    refused: Mutex<Option<SecretString>>,
}

impl fmt::Debug for UserTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserTokens")
            .field("app", &self.app)
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

impl UserTokens {
    /// The tokens of `user` (an open id) of `app`, kept in `store`.
    pub fn new(app: OAuthApp, store: Arc<dyn TokenStore>, user: impl Into<String>) -> Self {
        UserTokens {
            app,
            store,
            user: user.into(),
            clock: Arc::new(SystemClock),
            margin: USER_REFRESH_MARGIN,
            refreshing: tokio::sync::Mutex::new(()),
            refused: Mutex::new(None),
        }
    }

    /// The clock expiries are judged by (the system's by default).
    #[must_use]
    pub fn with_clock(mut self, clock: impl Clock) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// How long before expiry the access token is refreshed (5 minutes by default).
    #[must_use]
    pub fn with_refresh_margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    /// The stored tokens (for a status: who, which scopes, when each token expires).
    ///
    /// # Errors
    ///
    /// [`Error::UserAuth`] when nobody is signed in or the store fails.
    pub async fn stored(&self) -> Result<StoredTokens, Error> {
        self.load().await
    }

    async fn load(&self) -> Result<StoredTokens, Error> {
        self.store
            .load(self.app.app_id(), &self.user)
            .await
            .map_err(store_error)?
            .ok_or_else(|| {
                UserAuthError::sign_in_again(None, &format!("{} is not signed in", self.user))
            })
    }

    fn fresh(&self, tokens: &StoredTokens) -> bool {
        let margin = i64::try_from(self.margin.as_millis()).unwrap_or(i64::MAX);
        let refused = self
            .refused
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .is_some_and(|r| r.expose_secret() == tokens.access_token.expose_secret());
        !refused && self.clock.unix_ms().saturating_add(margin) < tokens.expires_at_ms
    }

    /// A valid access token: the stored one, or a refreshed one.
    ///
    /// # Errors
    ///
    /// [`Error::UserAuth`] typed by what to do: sign in again, retry later, or fix the
    /// app's settings.
    pub async fn access_token(&self) -> Result<AccessToken, Error> {
        let tokens = self.load().await?;
        if self.fresh(&tokens) {
            return Ok(AccessToken::new(tokens.access_token.expose_secret()));
        }
        let _one_here = self.refreshing.lock().await;
        let _one_anywhere = self
            .store
            .lock(self.app.app_id(), &self.user)
            .await
            .map_err(store_error)?;
        // Another task or process may have refreshed while this one waited.
        let tokens = self.load().await?;
        if self.fresh(&tokens) {
            return Ok(AccessToken::new(tokens.access_token.expose_secret()));
        }
        let refreshed = self.refresh(&tokens).await?;
        Ok(AccessToken::new(refreshed.access_token.expose_secret()))
    }

    /// Refreshes `tokens` (the lock held) and stores the new pair.
    async fn refresh(&self, tokens: &StoredTokens) -> Result<StoredTokens, Error> {
        let now = self.clock.unix_ms();
        let cap = i64::try_from(SIGN_IN_LIFETIME.as_millis()).unwrap_or(i64::MAX);
        if now >= tokens.signed_in_at_ms.saturating_add(cap) {
            return Err(UserAuthError::sign_in_again(
                Some(20037),
                "the sign-in is 365 days old, the most the platform allows",
            ));
        }
        let Some(refresh_token) = &tokens.refresh_token else {
            return Err(UserAuthError::sign_in_again(
                None,
                "the access token expired and no refresh token was granted (the app needs \
                 the offline_access scope and its refresh switch on)",
            ));
        };
        if tokens.refresh_expires_at_ms.is_some_and(|at| now >= at) {
            return Err(UserAuthError::sign_in_again(
                Some(20037),
                "the refresh token expired (the user was away longer than it lasts)",
            ));
        }
        let grant = match self.app.refresh(refresh_token).await {
            Ok(grant) => grant,
            Err(Error::UserAuth(e)) if matches!(e.code, Some(20064 | 20073 | 20026)) => {
                // Reused: if the store now holds a newer pair (written by a process that
                // does not share this lock, say), use it; else the rotation happened
                // elsewhere and its answer was lost.
                let now_stored = self.load().await?;
                if !now_stored.same_refresh(tokens) && self.fresh(&now_stored) {
                    return Ok(now_stored);
                }
                return Err(UserAuthError::sign_in_again(
                    e.code,
                    "the refresh token was already used or revoked and nothing newer is \
                     stored: a refresh whose answer was lost (a process killed during it?) \
                     rotated it, or the user revoked the sign-in",
                ));
            }
            Err(e) => return Err(e),
        };
        let info = UserInfo {
            open_id: tokens.user.clone(),
            name: tokens.name.clone(),
        };
        let mut refreshed = stored_from_grant(
            self.app.app_id(),
            &info,
            &grant,
            now,
            tokens.signed_in_at_ms,
        );
        if refreshed.refresh_token.is_none() {
            // The platform may leave the refresh token out when it does not rotate it.
            refreshed.refresh_token = tokens.refresh_token.clone();
            refreshed.refresh_expires_at_ms = tokens.refresh_expires_at_ms;
        }
        self.store.save(&refreshed).await.map_err(|e| {
            UserAuthError::sign_in_again(
                None,
                &format!(
                    "the tokens were refreshed but could not be stored ({e}); the old refresh \
                     token is dead"
                ),
            )
        })?;
        tracing::info!(user = %self.user, "user access token refreshed");
        Ok(refreshed)
    }
}

impl TokenProvider for UserTokens {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>> {
        Box::pin(self.access_token())
    }

    fn invalidate(&self, token: &AccessToken) {
        *self.refused.lock().unwrap_or_else(|e| e.into_inner()) =
            Some(SecretString::from(token.expose_secret().to_owned()));
    }
}
