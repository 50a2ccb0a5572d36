//! The signed-in users' tokens, as the platform's accounts host keeps them: the
//! authorization codes of the authorize page, the device codes of the device flow, and
//! the sign-ins (each a family of access and refresh tokens that rotate at every refresh),
//! all bounded. The HTTP side is `oauth.rs`; the token check of every operation asks
//! [`Users::check_access`].
//!
//! Tokens are not stored: an access token is `u-mock-<sign-in>-<generation>-<mac>`, a
//! refresh token `ur-mock-<sign-in>-<generation>-<mac>`, the mac a keyed SHA-256 of the
//! rest (the key differs between servers), so that a sign-in holds only its current
//! generation and a refresh token of an older generation is known to be a reused one.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fmt;
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest as _, Sha256};

/// How long a user access token lasts unless
/// [`MockHelpdeskBuilder::user_token_ttl`](crate::MockHelpdeskBuilder::user_token_ttl)
/// says otherwise: 7200 s, the platform's documented example.
pub const DEFAULT_USER_TOKEN_TTL: Duration = Duration::from_secs(7200);
/// How long a refresh token lasts unless
/// [`MockHelpdeskBuilder::refresh_token_ttl`](crate::MockHelpdeskBuilder::refresh_token_ttl)
/// says otherwise: 604800 s (7 days), the platform's documented example.
pub const DEFAULT_REFRESH_TOKEN_TTL: Duration = Duration::from_secs(604_800);
/// How long a sign-in lasts at most, however often it is refreshed: 365 days from the
/// user's authorization, after which a refresh is refused with `20037` (the platform's
/// cap). A refresh token never outlives it.
pub const SIGN_IN_LIFETIME: Duration = Duration::from_secs(365 * 24 * 3600);
/// How long an authorization code can be exchanged: 5 minutes (the platform's).
pub const AUTHORIZATION_CODE_TTL: Duration = Duration::from_secs(300);
/// How long a device code waits for the user (`expires_in` of the device authorization):
/// 5 minutes. The platform does not document its own (lark-cli assumes 240 s when the
/// answer lacks it).
pub const DEVICE_CODE_TTL: Duration = Duration::from_secs(300);
/// The device flow's polling `interval` unless
/// [`MockHelpdeskBuilder::device_poll_interval`](crate::MockHelpdeskBuilder::device_poll_interval)
/// says otherwise: 5 s (RFC 8628's default).
pub const DEFAULT_DEVICE_POLL_INTERVAL: Duration = Duration::from_secs(5);
/// What a `slow_down` adds to a device code's interval (RFC 8628, section 3.5).
const SLOW_DOWN_STEP: Duration = Duration::from_secs(5);
/// How many authorization codes, and how many device codes, a server holds at most:
/// past it the oldest is forgotten (and refused as unknown).
pub(crate) const MAX_PENDING: usize = 1024;
/// The most scopes an authorization asks for (the platform's bound).
pub(crate) const MAX_SCOPES: usize = 50;
/// The scope that makes the token endpoint hand out a refresh token.
pub(crate) const OFFLINE_ACCESS: &str = "offline_access";

const ACCESS_PREFIX: &str = "u-mock-";
const REFRESH_PREFIX: &str = "ur-mock-";

/// The user-token settings of a server.
#[derive(Debug, Clone)]
pub(crate) struct UserConfig {
    pub access_ttl: Duration,
    pub refresh_ttl: Duration,
    /// How long the access token a refresh replaces stays valid (0: it dies at once).
    pub grace: Duration,
    pub device_interval: Duration,
    /// Redirect URIs accepted besides the loopback ones (exactly as given).
    pub redirect_uris: Vec<String>,
    /// How many sign-ins are held at most.
    pub max_sign_ins: usize,
}

impl Default for UserConfig {
    fn default() -> Self {
        UserConfig {
            access_ttl: DEFAULT_USER_TOKEN_TTL,
            refresh_ttl: DEFAULT_REFRESH_TOKEN_TTL,
            grace: Duration::ZERO,
            device_interval: DEFAULT_DEVICE_POLL_INTERVAL,
            redirect_uris: Vec::new(),
            max_sign_ins: crate::DEFAULT_MAX_TOKENS,
        }
    }
}

/// A refusal of the token endpoint: the platform's code, the OAuth `error`, and what is
/// wrong (never a token, code or secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OAuthError {
    pub code: i64,
    pub error: &'static str,
    pub description: String,
}

impl OAuthError {
    pub(crate) fn new(code: i64, description: impl Into<String>) -> Self {
        let error = match code {
            20001 | 20063 | 20067 => "invalid_request",
            20002 | 20048 | 20070 => "invalid_client",
            20036 => "unsupported_grant_type",
            20068 => "invalid_scope",
            20050 => "server_error",
            20072 => "temporarily_unavailable",
            _ => "invalid_grant",
        };
        OAuthError {
            code,
            error,
            description: description.into(),
        }
    }

    /// An RFC 8628 answer of the device grant (`authorization_pending`, `slow_down`,
    /// `access_denied`, `expired_token`, `invalid_grant`), with code 0.
    fn device(error: &'static str, description: &str) -> Self {
        OAuthError {
            code: 0,
            error,
            description: description.to_owned(),
        }
    }
}

/// Tokens the token endpoint hands out. `Debug` shows no token.
pub(crate) struct Issued {
    pub access_token: String,
    pub expires_in: u64,
    pub refresh: Option<(String, u64)>,
    pub scope: String,
}

impl fmt::Debug for Issued {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Issued")
            .field("expires_in", &self.expires_in)
            .field("refresh", &self.refresh.as_ref().map(|(_, ttl)| ttl))
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

/// What the token check of an operation makes of a user access token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AccessCheck {
    Valid,
    /// Issued here, its lifetime over.
    Expired,
    /// Not issued here (or forgotten), revoked, or replaced by a refresh.
    Invalid,
}

/// What the authorize page asks for, checked by `oauth.rs`.
pub(crate) struct Authorization {
    pub redirect_uri: String,
    pub challenge: String,
    pub scope: Vec<String>,
}

/// A device flow started: what `device_authorization` answers. `Debug` shows no code.
pub(crate) struct DeviceStart {
    pub device_code: String,
    pub user_code: String,
    pub expires_in: u64,
    pub interval: u64,
}

impl fmt::Debug for DeviceStart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceStart")
            .field("user_code", &self.user_code)
            .field("expires_in", &self.expires_in)
            .field("interval", &self.interval)
            .finish_non_exhaustive()
    }
}

/// What the device verification page did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verified {
    Approved,
    Denied,
    /// Approved or exchanged already.
    AlreadyApproved,
    AlreadyDenied,
    Unknown,
    Expired,
}

struct Code {
    expires: Instant,
    redirect_uri: String,
    challenge: String,
    scope: Vec<String>,
    /// The sign-in it was exchanged for.
    used_by: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DeviceState {
    Pending,
    Approved,
    Denied,
    Exchanged,
}

struct Device {
    expires: Instant,
    user_code: String,
    scope: Vec<String>,
    state: DeviceState,
    last_poll: Option<Instant>,
    interval: Duration,
}

/// One sign-in: the tokens descended from one authorization, of which only the current
/// generation is valid (and, within the grace, the access token of the one before).
struct SignIn {
    signed_in: Instant,
    generation: u64,
    access_expiry: Instant,
    access_revoked: bool,
    /// The access token of the generation before: valid until then, unless revoked.
    previous: Option<(Instant, bool)>,
    /// `None`: no refresh token was handed out (no `offline_access`).
    refresh_expiry: Option<Instant>,
    revoked: bool,
    /// The scopes the user granted.
    scope: Vec<String>,
    /// Its key in `Users::order`.
    stamp: u64,
}

/// A map holding at most `cap` entries, the oldest forgotten first.
struct Bounded<V> {
    map: HashMap<String, V>,
    order: VecDeque<String>,
    cap: usize,
}

impl<V> Bounded<V> {
    fn new(cap: usize) -> Self {
        Bounded {
            map: HashMap::new(),
            order: VecDeque::new(),
            cap: cap.max(1),
        }
    }

    fn insert(&mut self, key: String, value: V) {
        while self.map.len() >= self.cap {
            let Some(oldest) = self.order.pop_front() else {
                break;
            };
            self.map.remove(&oldest);
        }
        self.order.push_back(key.clone());
        self.map.insert(key, value);
    }
}

/// Every user token of a server.
pub(crate) struct Users {
    key: [u8; 32],
    pub(crate) config: UserConfig,
    codes: Bounded<Code>,
    devices: Bounded<Device>,
    sign_ins: HashMap<u64, SignIn>,
    /// The sign-ins by their last sign-in, refresh or use, least recent first.
    order: BTreeMap<u64, u64>,
    next_stamp: u64,
    next_id: u64,
    /// How many codes and device codes were exchanged for tokens.
    pub(crate) exchanged: usize,
    /// How many refresh grants the token endpoint received.
    pub(crate) refreshes: usize,
}

impl fmt::Debug for Users {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Users")
            .field("config", &self.config)
            .field("codes", &self.codes.map.len())
            .field("devices", &self.devices.map.len())
            .field("sign_ins", &self.sign_ins.len())
            .finish_non_exhaustive()
    }
}

/// Whether `uri` is an `http` URI of the loopback interface (any port), as RFC 8252
/// lets native apps redirect to.
fn is_loopback_redirect(uri: &str) -> bool {
    let Ok(url) = url::Url::parse(uri) else {
        return false;
    };
    url.scheme() == "http"
        && url.username().is_empty()
        && url.password().is_none()
        && matches!(
            url.host(),
            Some(url::Host::Domain("localhost"))
                | Some(url::Host::Ipv4(std::net::Ipv4Addr::LOCALHOST))
                | Some(url::Host::Ipv6(std::net::Ipv6Addr::LOCALHOST))
        )
}

/// The PKCE S256 challenge of `verifier` (RFC 7636).
pub(crate) fn s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// Whether `text` is 43 to 128 of RFC 7636's unreserved characters (the form of a
/// verifier, and of an S256 challenge, which is 43).
pub(crate) fn is_pkce_text(text: &str) -> bool {
    (43..=128).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
}

/// The scopes of a space-separated list; `Err` names a duplicate.
pub(crate) fn scopes(list: &str) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    for scope in list.split(' ').filter(|s| !s.is_empty()) {
        if out.iter().any(|s| s == scope) {
            return Err(format!("the scope {scope:?} appears twice"));
        }
        out.push(scope.to_owned());
    }
    Ok(out)
}

/// The scopes a token carries: `requested` (the token endpoint's `scope`, which only
/// narrows) or, without it, every scope granted.
fn narrowed(granted: &[String], requested: Option<&str>) -> Result<Vec<String>, OAuthError> {
    let Some(requested) = requested.filter(|r| !r.trim().is_empty()) else {
        return Ok(granted.to_vec());
    };
    let requested = scopes(requested).map_err(|why| OAuthError::new(20067, why))?;
    if let Some(extra) = requested.iter().find(|s| !granted.contains(s)) {
        return Err(OAuthError::new(
            20068,
            format!("the scope {extra:?} was not granted by the user"),
        ));
    }
    Ok(requested)
}

impl Users {
    /// No code and no sign-in yet; the key of the tokens from `salt`.
    pub(crate) fn new(config: UserConfig, salt: u64) -> Self {
        let mut key = [0u8; 32];
        key.copy_from_slice(&Sha256::digest(
            [b"lark-helpdesk-mock users".as_slice(), &salt.to_le_bytes()].concat(),
        ));
        Users {
            key,
            codes: Bounded::new(MAX_PENDING),
            devices: Bounded::new(MAX_PENDING),
            sign_ins: HashMap::new(),
            order: BTreeMap::new(),
            next_stamp: 0,
            next_id: 0,
            exchanged: 0,
            refreshes: 0,
            config,
        }
    }

    fn digest(&self, label: &str, a: u64, b: u64) -> [u8; 32] {
        let mut hash = Sha256::new();
        hash.update(self.key);
        hash.update(label.as_bytes());
        hash.update(a.to_le_bytes());
        hash.update(b.to_le_bytes());
        hash.finalize().into()
    }

    /// A new secret of 43 characters of `[A-Za-z0-9_-]`.
    fn secret(&mut self, label: &str) -> String {
        self.next_id += 1;
        URL_SAFE_NO_PAD.encode(self.digest(label, self.next_id, 0))
    }

    fn token(&self, prefix: &str, sign_in: u64, generation: u64) -> String {
        let mac = self.digest(prefix, sign_in, generation);
        let mac: String = mac[..12].iter().map(|b| format!("{b:02x}")).collect();
        format!("{prefix}{sign_in}-{generation}-{mac}")
    }

    /// The sign-in and generation of a token of this server with `prefix`.
    fn parse(&self, token: &str, prefix: &str) -> Option<(u64, u64)> {
        let rest = token.strip_prefix(prefix)?;
        let mut parts = rest.splitn(3, '-');
        let sign_in: u64 = parts.next()?.parse().ok()?;
        let generation: u64 = parts.next()?.parse().ok()?;
        (self.token(prefix, sign_in, generation) == token).then_some((sign_in, generation))
    }

    /// Whether the token check should ask [`check_access`](Self::check_access) about
    /// `token` (it has the form of this mock's user tokens).
    pub(crate) fn is_user_token(token: &str) -> bool {
        token.starts_with(ACCESS_PREFIX)
    }

    /// Whether `uri` may be redirected to: a loopback `http` URI, or one of
    /// [`UserConfig::redirect_uris`].
    pub(crate) fn redirect_allowed(&self, uri: &str) -> bool {
        is_loopback_redirect(uri) || self.config.redirect_uris.iter().any(|u| u == uri)
    }

    /// A new authorization code for `authorization`, valid [`AUTHORIZATION_CODE_TTL`].
    pub(crate) fn authorize(&mut self, authorization: Authorization, now: Instant) -> String {
        let code = self.secret("code");
        self.codes.insert(
            code.clone(),
            Code {
                expires: now + AUTHORIZATION_CODE_TTL,
                redirect_uri: authorization.redirect_uri,
                challenge: authorization.challenge,
                scope: authorization.scope,
                used_by: None,
            },
        );
        code
    }

    /// Whether `code` (an authorization code), `refresh_token` or `device_code` was
    /// issued here (for `20024`: a grant of this server presented by another client).
    pub(crate) fn recognises(&self, credential: &str) -> bool {
        self.codes.map.contains_key(credential)
            || self.devices.map.contains_key(credential)
            || self.parse(credential, REFRESH_PREFIX).is_some()
    }

    /// Exchanges an authorization code (single use) for a new sign-in. A code used twice
    /// is refused and the sign-in it gave is revoked (RFC 6749, section 4.1.2).
    pub(crate) fn exchange_code(
        &mut self,
        code: &str,
        redirect_uri: Option<&str>,
        verifier: Option<&str>,
        scope: Option<&str>,
        now: Instant,
    ) -> Result<Issued, OAuthError> {
        let Some(entry) = self.codes.map.get(code) else {
            return Err(OAuthError::new(
                20003,
                "the authorization code was not found",
            ));
        };
        if let Some(sign_in) = entry.used_by {
            self.revoke_sign_in(sign_in);
            return Err(OAuthError::new(
                20065,
                "the authorization code was already used; the sign-in it gave is revoked",
            ));
        }
        if now >= entry.expires {
            return Err(OAuthError::new(
                20004,
                "the authorization code expired (it lasts 5 minutes)",
            ));
        }
        if redirect_uri.is_some_and(|uri| uri != entry.redirect_uri) {
            return Err(OAuthError::new(
                20071,
                "redirect_uri differs from the one of the authorization request",
            ));
        }
        let verified = match verifier {
            None => Err("code_verifier is missing (the authorization sent a code_challenge)"),
            Some(v) if !is_pkce_text(v) => {
                Err("code_verifier is not 43 to 128 characters of [A-Za-z0-9-._~]")
            }
            Some(v) if s256(v) != entry.challenge => {
                Err("code_verifier does not match the code_challenge (S256)")
            }
            Some(_) => Ok(()),
        };
        verified.map_err(|why| OAuthError::new(20049, why))?;
        let granted = entry.scope.clone();
        let scope = narrowed(&granted, scope)?;
        let (sign_in, issued) = self.sign_in(granted, scope, now);
        if let Some(entry) = self.codes.map.get_mut(code) {
            entry.used_by = Some(sign_in);
        }
        Ok(issued)
    }

    /// A new sign-in, granted `granted`, its first tokens carrying `scope`.
    fn sign_in(&mut self, granted: Vec<String>, scope: Vec<String>, now: Instant) -> (u64, Issued) {
        // Room first: sign-ins that can no longer be used, then the least recent ones.
        while self.sign_ins.len() >= self.config.max_sign_ins.max(1) {
            let dead = self
                .sign_ins
                .iter()
                .find(|(_, s)| s.is_dead(now))
                .map(|(id, s)| (*id, s.stamp));
            let Some((id, stamp)) = dead.or_else(|| {
                let (stamp, id) = self.order.first_key_value()?;
                Some((*id, *stamp))
            }) else {
                break;
            };
            self.sign_ins.remove(&id);
            self.order.remove(&stamp);
        }
        self.next_id += 1;
        let id = self.next_id;
        let stamp = self.stamp();
        self.order.insert(stamp, id);
        self.sign_ins.insert(
            id,
            SignIn {
                signed_in: now,
                generation: 0,
                access_expiry: now,
                access_revoked: false,
                previous: None,
                refresh_expiry: None,
                revoked: false,
                scope: granted,
                stamp,
            },
        );
        self.exchanged += 1;
        let issued = self.rotate(id, scope, now);
        (id, issued)
    }

    fn stamp(&mut self) -> u64 {
        self.next_stamp += 1;
        self.next_stamp
    }

    /// Makes `id` the most recently used sign-in.
    fn touch(&mut self, id: u64) {
        let stamp = self.stamp();
        if let Some(sign_in) = self.sign_ins.get_mut(&id) {
            self.order.remove(&sign_in.stamp);
            sign_in.stamp = stamp;
            self.order.insert(stamp, id);
        }
    }

    /// The next generation of sign-in `id`: a new access token, and a new refresh token
    /// when `scope` holds `offline_access`; the tokens before it die (the access token
    /// after the grace).
    fn rotate(&mut self, id: u64, scope: Vec<String>, now: Instant) -> Issued {
        let config = self.config.clone();
        let Some(sign_in) = self.sign_ins.get_mut(&id) else {
            unreachable!("rotate is called on a held sign-in");
        };
        if sign_in.generation > 0 {
            let until = sign_in.access_expiry.min(now + config.grace);
            sign_in.previous = Some((until, sign_in.access_revoked));
        }
        sign_in.generation += 1;
        sign_in.access_expiry = now + config.access_ttl;
        sign_in.access_revoked = false;
        let end = sign_in.signed_in + SIGN_IN_LIFETIME;
        let offline = scope.iter().any(|s| s == OFFLINE_ACCESS);
        sign_in.refresh_expiry = offline.then(|| (now + config.refresh_ttl).min(end));
        let generation = sign_in.generation;
        let refresh_expiry = sign_in.refresh_expiry;
        self.touch(id);
        Issued {
            access_token: self.token(ACCESS_PREFIX, id, generation),
            expires_in: config.access_ttl.as_secs(),
            refresh: refresh_expiry.map(|expiry| {
                (
                    self.token(REFRESH_PREFIX, id, generation),
                    expiry.saturating_duration_since(now).as_secs(),
                )
            }),
            scope: scope.join(" "),
        }
    }

    /// A refresh: a new pair, the presented refresh token dead at once. A refresh token
    /// presented again (an older generation) is refused with `20073` and revokes its
    /// whole sign-in.
    pub(crate) fn refresh(
        &mut self,
        token: &str,
        scope: Option<&str>,
        now: Instant,
    ) -> Result<Issued, OAuthError> {
        let unknown = || OAuthError::new(20026, "the refresh token is invalid");
        let (id, generation) = self.parse(token, REFRESH_PREFIX).ok_or_else(unknown)?;
        let sign_in = self.sign_ins.get(&id).ok_or_else(unknown)?;
        if sign_in.revoked {
            return Err(OAuthError::new(20064, "the refresh token was revoked"));
        }
        if generation < sign_in.generation {
            self.revoke_sign_in(id);
            return Err(OAuthError::new(
                20073,
                "the refresh token was already used; every token of its sign-in is revoked",
            ));
        }
        if generation > sign_in.generation {
            return Err(unknown());
        }
        let Some(refresh_expiry) = sign_in.refresh_expiry else {
            return Err(unknown());
        };
        if now >= sign_in.signed_in + SIGN_IN_LIFETIME {
            return Err(OAuthError::new(
                20037,
                "the sign-in is 365 days old: the user must authorize the app again",
            ));
        }
        if now >= refresh_expiry {
            return Err(OAuthError::new(20037, "the refresh token expired"));
        }
        let scope = narrowed(&sign_in.scope, scope)?;
        Ok(self.rotate(id, scope, now))
    }

    /// What an access token is worth at `now`; a valid one makes its sign-in the most
    /// recently used.
    pub(crate) fn check_access(&mut self, token: &str, now: Instant) -> AccessCheck {
        let Some((id, generation)) = self.parse(token, ACCESS_PREFIX) else {
            return AccessCheck::Invalid;
        };
        let Some(sign_in) = self.sign_ins.get(&id) else {
            return AccessCheck::Invalid;
        };
        let check = if sign_in.revoked {
            AccessCheck::Invalid
        } else if generation == sign_in.generation {
            if sign_in.access_revoked {
                AccessCheck::Invalid
            } else if now >= sign_in.access_expiry {
                AccessCheck::Expired
            } else {
                AccessCheck::Valid
            }
        } else if generation + 1 == sign_in.generation
            && sign_in
                .previous
                .is_some_and(|(until, revoked)| !revoked && now < until)
        {
            AccessCheck::Valid
        } else {
            AccessCheck::Invalid
        };
        if check == AccessCheck::Valid {
            self.touch(id);
        }
        check
    }

    /// Revokes a token (RFC 7009): an access token dies alone, a refresh token (of any
    /// generation) takes its whole sign-in with it. An unknown token is ignored.
    pub(crate) fn revoke(&mut self, token: &str) {
        if let Some((id, _)) = self.parse(token, REFRESH_PREFIX) {
            self.revoke_sign_in(id);
        } else if let Some((id, generation)) = self.parse(token, ACCESS_PREFIX)
            && let Some(sign_in) = self.sign_ins.get_mut(&id)
        {
            if generation == sign_in.generation {
                sign_in.access_revoked = true;
            } else if generation + 1 == sign_in.generation
                && let Some((_, revoked)) = &mut sign_in.previous
            {
                *revoked = true;
            }
        }
    }

    fn revoke_sign_in(&mut self, id: u64) {
        if let Some(sign_in) = self.sign_ins.get_mut(&id) {
            sign_in.revoked = true;
        }
    }

    /// Revokes every sign-in (as when the user revokes the app's access).
    pub(crate) fn revoke_all(&mut self) {
        for sign_in in self.sign_ins.values_mut() {
            sign_in.revoked = true;
        }
    }

    /// Starts a device flow for `scope`.
    pub(crate) fn start_device(&mut self, scope: Vec<String>, now: Instant) -> DeviceStart {
        const LETTERS: &[u8] = b"BCDFGHJKLMNPQRSTVWXZ";
        let device_code = self.secret("device");
        let user_code = loop {
            self.next_id += 1;
            let digest = self.digest("user code", self.next_id, 0);
            let letters: String = digest[..8]
                .iter()
                .map(|b| LETTERS[usize::from(*b) % LETTERS.len()] as char)
                .collect();
            let code = format!("{}-{}", &letters[..4], &letters[4..]);
            if !self.devices.map.values().any(|d| d.user_code == code) {
                break code;
            }
        };
        let interval = self.config.device_interval;
        self.devices.insert(
            device_code.clone(),
            Device {
                expires: now + DEVICE_CODE_TTL,
                user_code: user_code.clone(),
                scope,
                state: DeviceState::Pending,
                last_poll: None,
                interval,
            },
        );
        DeviceStart {
            device_code,
            user_code,
            expires_in: DEVICE_CODE_TTL.as_secs(),
            interval: interval.as_secs(),
        }
    }

    /// The verification page: approves (or denies) the device flow of `user_code`
    /// (case, spaces and dashes ignored).
    pub(crate) fn verify_device(
        &mut self,
        user_code: &str,
        approve: bool,
        now: Instant,
    ) -> Verified {
        let normal = |code: &str| -> String {
            code.chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .map(|c| c.to_ascii_uppercase())
                .collect()
        };
        let wanted = normal(user_code);
        let Some(device) = self
            .devices
            .map
            .values_mut()
            .find(|d| !wanted.is_empty() && normal(&d.user_code) == wanted)
        else {
            return Verified::Unknown;
        };
        match device.state {
            _ if now >= device.expires => Verified::Expired,
            DeviceState::Pending if approve => {
                device.state = DeviceState::Approved;
                Verified::Approved
            }
            DeviceState::Pending => {
                device.state = DeviceState::Denied;
                Verified::Denied
            }
            DeviceState::Approved | DeviceState::Exchanged => Verified::AlreadyApproved,
            DeviceState::Denied => Verified::AlreadyDenied,
        }
    }

    /// A poll of the device flow (RFC 8628): the tokens once the user approved, else
    /// `authorization_pending`, or `slow_down` (the interval then grows by 5 s) when it
    /// comes sooner than the interval after the poll before.
    pub(crate) fn exchange_device(
        &mut self,
        device_code: &str,
        now: Instant,
    ) -> Result<Issued, OAuthError> {
        let Some(device) = self.devices.map.get_mut(device_code) else {
            return Err(OAuthError::device(
                "invalid_grant",
                "the device_code is unknown",
            ));
        };
        if device.state == DeviceState::Exchanged {
            return Err(OAuthError::device(
                "invalid_grant",
                "the device_code was already exchanged",
            ));
        }
        if now >= device.expires {
            return Err(OAuthError::device(
                "expired_token",
                "the device_code expired before the user approved",
            ));
        }
        match device.state {
            DeviceState::Denied => Err(OAuthError::device(
                "access_denied",
                "the user denied the authorization",
            )),
            DeviceState::Pending => {
                let early = device
                    .last_poll
                    .is_some_and(|last| now.saturating_duration_since(last) < device.interval);
                device.last_poll = Some(now);
                if early {
                    device.interval += SLOW_DOWN_STEP;
                    Err(OAuthError::device(
                        "slow_down",
                        &format!(
                            "polled sooner than the interval; poll every {} s from now on",
                            device.interval.as_secs()
                        ),
                    ))
                } else {
                    Err(OAuthError::device(
                        "authorization_pending",
                        "the user has not approved yet",
                    ))
                }
            }
            DeviceState::Approved | DeviceState::Exchanged => {
                device.state = DeviceState::Exchanged;
                let scope = device.scope.clone();
                Ok(self.sign_in(scope.clone(), scope, now).1)
            }
        }
    }
}

impl SignIn {
    /// Whether none of its tokens can be used any more.
    fn is_dead(&self, now: Instant) -> bool {
        let access_dead = self.access_revoked || now >= self.access_expiry;
        let refresh_dead = self.refresh_expiry.is_none_or(|expiry| now >= expiry);
        self.revoked || (access_dead && refresh_dead)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn users() -> Users {
        Users::new(UserConfig::default(), 42)
    }

    fn signed_in(users: &mut Users, now: Instant) -> Issued {
        let verifier = "v".repeat(43);
        let code = users.authorize(
            Authorization {
                redirect_uri: "http://127.0.0.1:1/cb".into(),
                challenge: s256(&verifier),
                scope: vec!["helpdesk:all".into(), OFFLINE_ACCESS.into()],
            },
            now,
        );
        users
            .exchange_code(&code, None, Some(&verifier), None, now)
            .unwrap()
    }

    #[test]
    fn pkce_s256_as_rfc_7636_computes_it() {
        assert_eq!(
            s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn loopback_redirects_only() {
        let users = users();
        for ok in [
            "http://127.0.0.1:8080/callback",
            "http://localhost:1/",
            "http://[::1]:9/cb?x=1",
            "http://127.0.0.1/cb",
        ] {
            assert!(users.redirect_allowed(ok), "{ok}");
        }
        for refused in [
            "https://127.0.0.1:8080/callback",
            "http://127.0.0.2:8080/",
            "http://localhost.evil.com/",
            "http://user@127.0.0.1:1/",
            "http://evil.com/?http://127.0.0.1:1/",
            "not a url",
            "",
        ] {
            assert!(!users.redirect_allowed(refused), "{refused}");
        }
    }

    #[test]
    fn tokens_are_not_forgeable_by_editing_them() {
        let mut users = users();
        let now = Instant::now();
        let issued = signed_in(&mut users, now);
        assert_eq!(
            users.check_access(&issued.access_token, now),
            AccessCheck::Valid
        );
        let (id, generation) = users.parse(&issued.access_token, ACCESS_PREFIX).unwrap();
        let mac = issued.access_token.rsplit('-').next().unwrap();
        for forged in [
            format!("u-mock-{}-{generation}-{mac}", id + 1),
            format!("u-mock-{id}-{}-{mac}", generation + 1),
            format!("u-mock-+{id}-{generation}-{mac}"),
            format!("u-mock-0{id}-{generation}-{mac}"),
            format!("ur-mock-{id}-{generation}-{mac}"),
        ] {
            assert_eq!(
                users.check_access(&forged, now),
                AccessCheck::Invalid,
                "{forged}"
            );
        }
        for junk in [
            "u-mock-",
            "u-mock-1",
            "u-mock-1-1",
            "u-mock-99999999999999999999-1-x",
        ] {
            assert_eq!(users.check_access(junk, now), AccessCheck::Invalid);
        }
    }

    #[test]
    fn sign_ins_are_bounded() {
        let mut users = Users::new(
            UserConfig {
                max_sign_ins: 3,
                ..UserConfig::default()
            },
            7,
        );
        let now = Instant::now();
        let first = signed_in(&mut users, now);
        for _ in 0..10 {
            signed_in(&mut users, now);
        }
        assert_eq!(users.sign_ins.len(), 3);
        assert_eq!(users.order.len(), 3);
        assert_eq!(
            users.check_access(&first.access_token, now),
            AccessCheck::Invalid
        );
        for _ in 0..(2 * MAX_PENDING) {
            users.start_device(Vec::new(), now);
        }
        assert_eq!(users.devices.map.len(), MAX_PENDING);
        assert_eq!(users.devices.order.len(), MAX_PENDING);
    }

    #[test]
    fn debug_shows_no_token() {
        let mut users = users();
        let now = Instant::now();
        let issued = signed_in(&mut users, now);
        let shown = format!("{issued:?} {users:?}");
        assert!(!shown.contains(&issued.access_token), "{shown}");
        let device = users.start_device(Vec::new(), now);
        assert!(!format!("{device:?}").contains(&device.device_code));
    }
}
