//! The accounts host's endpoints of user sign-in, served at the mock's own address: the
//! authorize page, the token endpoint (authorization code, refresh and device grants),
//! the device flow's authorization and verification page, revocation, and `user_info`.
//! What they keep is in `users.rs`.
//!
//! Every refusal of the token endpoint is `{code, error, error_description}` (HTTP 400;
//! 500 for `20050`, 503 for `20072`), the device grant's RFC 8628 answers with code 0.
//! No answer, page or log holds a token, code, verifier or secret a client sent.

use std::sync::Arc;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value, json};
use wiremock::{Match, Request, Respond, ResponseTemplate};

use crate::fault::Fault;
use crate::gate::HOLD_HEADER;
use crate::server::{Answer, GATEWAY_HTML, Shared, bearer_token};
use crate::users::{Authorization, Issued, MAX_SCOPES, OAuthError, Verified, is_pkce_text, scopes};
use crate::{
    MOCK_USER_NAME, MOCK_USER_OPEN_ID, RATE_LIMIT_LIMIT, USER_TOKEN_INVALID_CODE,
    USER_TOKEN_INVALID_MSG,
};

/// The authorize page (a browser's `GET`).
pub const AUTHORIZE_PATH: &str = "/open-apis/authen/v1/authorize";
/// The token endpoint (v3): the authorization code, refresh and device grants.
pub const TOKEN_PATH: &str = "/oauth/v3/token";
/// The v2 token endpoint, answered as [`TOKEN_PATH`] is (released lark-cli versions use it).
pub const TOKEN_V2_PATH: &str = "/open-apis/authen/v2/oauth/token";
/// The device flow's start.
pub const DEVICE_AUTHORIZATION_PATH: &str = "/oauth/v1/device_authorization";
/// The device flow's verification page: fetched with `user_code`, it approves at once
/// (with `action=deny` too, it denies); without, a form asks for the code.
pub const DEVICE_VERIFY_PATH: &str = "/oauth/v1/device/verify";
/// Revocation (RFC 7009).
pub const REVOKE_PATH: &str = "/oauth/v1/revoke";
/// Who a user access token belongs to.
pub const USER_INFO_PATH: &str = "/open-apis/authen/v1/user_info";

/// The name a [`FaultScope::Operation`](crate::FaultScope::Operation) gives the token
/// endpoint's refresh grants (no other scope selects them; code and device exchanges get
/// no fault). Each fault, on a refresh:
///
/// * [`Fault::Internal`]: HTTP 500 `{"code":20050,"error":"server_error",...}`, nothing
///   applied (the refresh token still works);
/// * [`Fault::ConnectionError`]: the connection dropped, nothing applied;
/// * [`Fault::DropAfterApplying`]: the refresh applied (a new pair issued, the presented
///   refresh token dead), then the connection dropped: the client's refresh token is
///   dead and its reuse revokes the sign-in;
/// * [`Fault::TruncatedBody`]: the refresh applied, half of its answer sent;
/// * [`Fault::Delay`]: the refresh applied, its answer sent after the delay;
/// * [`Fault::RateLimited`]: HTTP 429 as for the helpdesk operations, nothing applied;
/// * [`Fault::GatewayHtml502`]: HTTP 502 with an HTML body, nothing applied;
/// * [`Fault::TokenExpired`]: `{"code":20037,...}` (refresh token expired) at its
///   `http_status`, nothing applied (the token is not really dead).
pub const OAUTH_REFRESH_OPERATION: &str = "oauth_refresh";

/// The device grant's `grant_type` (RFC 8628).
const DEVICE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";
/// The largest body the endpoints read; a larger one is refused (`20063`).
pub(crate) const MAX_OAUTH_BODY: usize = 64 * 1024;
/// The longest `state` the authorize page takes.
const MAX_STATE: usize = 2048;
/// The longest redirect URI, and the longest `scope`, the endpoints keep (a code or a
/// device code holds them: bounded, so are the codes held).
const MAX_KEPT: usize = 2048;
const HTML: &str = "text/html; charset=utf-8";
/// The fields the endpoints read; each must be a string.
const FIELDS: [&str; 11] = [
    "grant_type",
    "client_id",
    "client_secret",
    "code",
    "redirect_uri",
    "code_verifier",
    "refresh_token",
    "device_code",
    "scope",
    "token",
    "token_type_hint",
];

/// One of the endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Endpoint {
    Authorize,
    Token,
    DeviceAuthorization,
    DeviceVerify,
    Revoke,
    UserInfo,
}

impl Endpoint {
    /// The endpoint of a request, by method and path.
    fn of(request: &Request) -> Option<Endpoint> {
        let get = request.method == wiremock::http::Method::GET;
        let post = request.method == wiremock::http::Method::POST;
        Some(match request.url.path() {
            AUTHORIZE_PATH if get => Endpoint::Authorize,
            TOKEN_PATH | TOKEN_V2_PATH if post => Endpoint::Token,
            DEVICE_AUTHORIZATION_PATH if post => Endpoint::DeviceAuthorization,
            DEVICE_VERIFY_PATH if get => Endpoint::DeviceVerify,
            REVOKE_PATH if post => Endpoint::Revoke,
            USER_INFO_PATH if get => Endpoint::UserInfo,
            _ => return None,
        })
    }
}

/// Matches the requests to the endpoints.
pub(crate) struct OAuthRoute;

impl Match for OAuthRoute {
    fn matches(&self, request: &Request) -> bool {
        Endpoint::of(request).is_some()
    }
}

/// Answers the requests [`OAuthRoute`] matches.
pub(crate) struct OAuthResponder(pub(crate) Arc<Shared>);

impl Respond for OAuthResponder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let shared = &*self.0;
        let answer = match Endpoint::of(request) {
            Some(Endpoint::Authorize) => authorize(shared, request),
            Some(Endpoint::Token) => token(shared, request, true),
            Some(Endpoint::DeviceAuthorization) => device_authorization(shared, request),
            Some(Endpoint::DeviceVerify) => device_verify(shared, request),
            Some(Endpoint::Revoke) => revoke(shared, request),
            Some(Endpoint::UserInfo) => user_info(shared, request),
            None => Answer::not_found(),
        };
        answer.into_template(shared.logid())
    }
}

/// Matches the refresh grants whose fault is `fault` (a connection dropped, with or
/// without the refresh applied), using it up. Mounted first, with `respond_with_err`.
pub(crate) struct RefreshDropMatcher(pub(crate) Arc<Shared>, pub(crate) Fault);

impl Match for RefreshDropMatcher {
    fn matches(&self, request: &Request) -> bool {
        let shared = &*self.0;
        if Endpoint::of(request) != Some(Endpoint::Token) || !is_refresh(request) {
            return false;
        }
        shared.state().faults.named(OAUTH_REFRESH_OPERATION) == Some(&self.1)
    }
}

/// Whether a token request is a refresh grant.
fn is_refresh(request: &Request) -> bool {
    Params::read(request).is_ok_and(|p| p.get("grant_type") == Some("refresh_token"))
}

/// A refresh grant whose connection is dropped: counted, and applied when `apply` (its
/// answer lost).
pub(crate) fn dropped(shared: &Shared, request: &Request, apply: bool) {
    if apply {
        drop(token(shared, request, false));
    } else {
        shared.users().refreshes += 1;
    }
}

/// The parameters of a request body: a form (`application/x-www-form-urlencoded`) or a
/// JSON object.
struct Params(Map<String, Value>);

impl Params {
    /// `Err` names what is wrong: too large, neither a form nor a JSON object, a
    /// parameter twice, a known field that is not a string.
    fn read(request: &Request) -> Result<Params, String> {
        let body = &request.body;
        if body.len() > MAX_OAUTH_BODY {
            return Err(format!(
                "the request body is larger than {} KiB",
                MAX_OAUTH_BODY / 1024
            ));
        }
        let form = request
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                v.trim_start()
                    .to_ascii_lowercase()
                    .starts_with("application/x-www-form-urlencoded")
            });
        let params = if form {
            pairs(url::form_urlencoded::parse(body))?
        } else if body.iter().all(u8::is_ascii_whitespace) {
            Map::new()
        } else {
            match serde_json::from_slice::<Value>(body) {
                Ok(Value::Object(map)) => map,
                _ => return Err("the request body is neither a form nor a JSON object".into()),
            }
        };
        for field in FIELDS {
            if params.get(field).is_some_and(|v| !v.is_string()) {
                return Err(format!("{field} is not a string"));
            }
        }
        Ok(Params(params))
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).and_then(Value::as_str)
    }

    /// A parameter, `20001` when it is missing or empty.
    fn required(&self, name: &str) -> Result<&str, OAuthError> {
        self.get(name)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| OAuthError::new(20001, format!("{name} is missing")))
    }
}

/// Name-value pairs as a map; `Err` names a parameter given twice.
fn pairs<'a>(
    pairs: impl Iterator<Item = (std::borrow::Cow<'a, str>, std::borrow::Cow<'a, str>)>,
) -> Result<Map<String, Value>, String> {
    let mut map = Map::new();
    for (name, value) in pairs {
        if map.contains_key(name.as_ref()) {
            return Err(format!("{} appears more than once", shorten(&name, 64)));
        }
        map.insert(name.into_owned(), Value::String(value.into_owned()));
    }
    Ok(map)
}

/// `text` cut to `max` characters (what a client sent, quoted in a refusal).
fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// The client of a request: its id and secret, in the body or in HTTP Basic (not both:
/// `20070`).
fn client(request: &Request, params: &Params) -> Result<(String, String), OAuthError> {
    let basic = request
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, value) = v.trim().split_once(' ')?;
            scheme.eq_ignore_ascii_case("basic").then_some(value.trim())
        });
    let basic = match basic {
        None => None,
        Some(value) => {
            let decoded = STANDARD
                .decode(value)
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok());
            let Some((id, secret)) = decoded.as_deref().and_then(|d| d.split_once(':')) else {
                return Err(OAuthError::new(
                    20063,
                    "the HTTP Basic credentials are not base64 of client_id:client_secret",
                ));
            };
            let decode = |s: &str| {
                percent_encoding::percent_decode_str(s)
                    .decode_utf8_lossy()
                    .into_owned()
            };
            Some((decode(id), decode(secret)))
        }
    };
    let body_id = params.get("client_id").filter(|v| !v.is_empty());
    let body_secret = params.get("client_secret").filter(|v| !v.is_empty());
    match (basic, body_secret) {
        (Some(_), Some(_)) => Err(OAuthError::new(
            20070,
            "client_secret is both in HTTP Basic and in the body: send one only",
        )),
        (Some((id, secret)), None) => {
            if body_id.is_some_and(|b| b != id) {
                return Err(OAuthError::new(
                    20063,
                    "client_id differs from the one of HTTP Basic",
                ));
            }
            Ok((id, secret))
        }
        (None, Some(secret)) => {
            let id = body_id.ok_or_else(|| OAuthError::new(20001, "client_id is missing"))?;
            Ok((id.to_owned(), secret.to_owned()))
        }
        (None, None) => Err(OAuthError::new(
            20001,
            if body_id.is_none() {
                "client_id is missing"
            } else {
                "client_secret is missing"
            },
        )),
    }
}

/// Checks the client against the mock's app; `credential` is the code, refresh token or
/// device code the request presents (`20024` when it is of this server but the client
/// is another app).
fn check_client(
    shared: &Shared,
    request: &Request,
    params: &Params,
    credential: Option<&str>,
) -> Result<(), OAuthError> {
    let (id, secret) = client(request, params)?;
    let app = &shared.credentials;
    if id != app.app_id {
        let ours = credential.is_some_and(|c| shared.users().recognises(c));
        return Err(if ours {
            OAuthError::new(20024, "the grant was issued to another client_id")
        } else {
            OAuthError::new(20048, "the app (client_id) does not exist")
        });
    }
    if secret != app.app_secret {
        return Err(OAuthError::new(20002, "client_secret is invalid"));
    }
    Ok(())
}

/// A refusal of the token endpoint: HTTP 400 (500 for `20050`, 503 for `20072`).
fn refusal(error: &OAuthError) -> Answer {
    let status = match error.code {
        20050 => 500,
        20072 => 503,
        _ => 400,
    };
    let body = json!({
        "code": error.code,
        "error": error.error,
        "error_description": error.description,
    });
    Answer::json(status, body.to_string().into_bytes())
        .with_header("Cache-Control", "no-store".into())
}

/// The token endpoint's success.
fn granted(issued: &Issued) -> Answer {
    let mut body = json!({
        "code": 0,
        "access_token": issued.access_token,
        "expires_in": issued.expires_in,
        "token_type": "Bearer",
        "scope": issued.scope,
    });
    if let Some((refresh_token, expires_in)) = &issued.refresh {
        body["refresh_token"] = json!(refresh_token);
        body["refresh_token_expires_in"] = json!(expires_in);
    }
    Answer::json(200, body.to_string().into_bytes()).with_header("Cache-Control", "no-store".into())
}

/// `POST /oauth/v3/token`. A refresh grant is counted, gets the fault injected for
/// [`OAUTH_REFRESH_OPERATION`] when `faults`, and waits at the gate if one is closed.
fn token(shared: &Shared, request: &Request, faults: bool) -> Answer {
    let params = match Params::read(request) {
        Ok(params) => params,
        Err(why) => return refusal(&OAuthError::new(20063, why)),
    };
    let grant = params.get("grant_type").unwrap_or_default();
    if grant != "refresh_token" {
        return match grant_answer(shared, request, &params, grant) {
            Ok(issued) => granted(&issued),
            Err(error) => refusal(&error),
        };
    }
    shared.users().refreshes += 1;
    let fault = if faults {
        shared
            .state()
            .faults
            .named(OAUTH_REFRESH_OPERATION)
            .cloned()
    } else {
        None
    };
    let normal = || match grant_answer(shared, request, &params, grant) {
        Ok(issued) => granted(&issued),
        Err(error) => refusal(&error),
    };
    let answer = match fault {
        None | Some(Fault::ConnectionError | Fault::DropAfterApplying) => normal(),
        Some(Fault::Internal) => refusal(&OAuthError::new(
            20050,
            "injected fault: server error, try again",
        )),
        Some(Fault::Forbidden | Fault::NotFound) => {
            refusal(&OAuthError::new(20063, "injected fault: refused"))
        }
        Some(Fault::GatewayHtml502) => Answer::new(
            502,
            GATEWAY_HTML.as_bytes().to_vec(),
            "text/html",
            Vec::new(),
        ),
        Some(Fault::RateLimited { reset_secs }) => {
            Answer::json(429, shared.facts.rate_limited.clone())
                .with_header("x-ogw-ratelimit-limit", RATE_LIMIT_LIMIT.to_string())
                .with_header("x-ogw-ratelimit-reset", reset_secs.to_string())
        }
        Some(Fault::TokenExpired { http_status }) => {
            let status = if (200..=599).contains(&http_status) {
                http_status
            } else {
                400
            };
            let mut answer = refusal(&OAuthError::new(
                20037,
                "injected fault: the refresh token expired",
            ));
            answer.status = status;
            answer
        }
        Some(Fault::TruncatedBody) => {
            let mut answer = normal();
            answer.body.truncate(answer.body.len() / 2);
            answer
        }
        Some(Fault::Delay(delay)) => normal().delayed(delay),
    };
    match shared.gates.closed() {
        Some(gate) if faults => answer.with_header(HOLD_HEADER, gate.to_string()),
        _ => answer,
    }
}

/// The tokens of a grant, or its refusal.
fn grant_answer(
    shared: &Shared,
    request: &Request,
    params: &Params,
    grant: &str,
) -> Result<Issued, OAuthError> {
    let credential = match grant {
        "" => return Err(OAuthError::new(20001, "grant_type is missing")),
        "authorization_code" => "code",
        "refresh_token" => "refresh_token",
        DEVICE_GRANT => "device_code",
        _ => {
            return Err(OAuthError::new(
                20036,
                format!("grant_type {:?} is not supported", shorten(grant, 64)),
            ));
        }
    };
    check_client(shared, request, params, params.get(credential))?;
    let credential = params.required(credential)?;
    let scope = params.get("scope");
    let now = shared.now();
    let mut users = shared.users();
    match grant {
        "authorization_code" => users.exchange_code(
            credential,
            params.get("redirect_uri").filter(|r| !r.is_empty()),
            params.get("code_verifier"),
            scope,
            now,
        ),
        "refresh_token" => users.refresh(credential, scope, now),
        _ => users.exchange_device(credential, now),
    }
}

/// A page of the accounts host: HTML, or JSON for a client that asks for it.
fn page(request: &Request, status: u16, title: &str, text: &str, code: i64, error: &str) -> Answer {
    let json = request
        .headers
        .get("accept")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"));
    if json {
        let body = if status < 400 {
            json!({"code": 0, "msg": text})
        } else {
            json!({"code": code, "error": error, "error_description": text})
        };
        return Answer::json(status, body.to_string().into_bytes());
    }
    let html = format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body><h1>{title}</h1><p>{}</p></body></html>\n",
        escape(text)
    );
    Answer::new(status, html.into_bytes(), HTML, Vec::new())
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `GET /open-apis/authen/v1/authorize`: the user approves at once, a 302 to the
/// redirect URI with `code` and `state`; anything wrong, a 400 page naming it (never a
/// redirect, so that a bad redirect URI is never followed).
fn authorize(shared: &Shared, request: &Request) -> Answer {
    let refused = |code: i64, error: &str, why: &str| {
        page(request, 400, "Authorization refused", why, code, error)
    };
    let query = match pairs(request.url.query_pairs()) {
        Ok(query) => Params(query),
        Err(why) => return refused(20063, "invalid_request", &why),
    };
    let get = |name: &str| query.get(name).filter(|v| !v.is_empty());
    match get("client_id") {
        None => return refused(20063, "invalid_request", "client_id is missing"),
        Some(id) if id != shared.credentials.app_id => {
            return refused(
                20048,
                "invalid_client",
                "client_id is not the app id of this server",
            );
        }
        Some(_) => {}
    }
    let Some(redirect_uri) = get("redirect_uri") else {
        return refused(20063, "invalid_request", "redirect_uri is missing");
    };
    if redirect_uri.len() > MAX_KEPT || !shared.users().redirect_allowed(redirect_uri) {
        return refused(
            20063,
            "invalid_request",
            "redirect_uri is not registered for the app: use a loopback http URI \
             (http://127.0.0.1:PORT/..., http://localhost:PORT/...) or one given to \
             MockHelpdeskBuilder::redirect_uris",
        );
    }
    let checks = [
        (
            get("response_type") != Some("code"),
            "response_type must be code",
        ),
        (get("state").is_none(), "state is missing"),
        (
            get("state").is_some_and(|s| s.len() > MAX_STATE),
            "state is longer than 2048 bytes",
        ),
        (
            get("code_challenge_method").is_none(),
            "code_challenge_method is missing (the platform then takes plain): this server takes S256 only",
        ),
        (
            get("code_challenge_method").is_some_and(|m| m != "S256"),
            "code_challenge_method must be S256",
        ),
        (get("code_challenge").is_none(), "code_challenge is missing"),
        (
            get("code_challenge").is_some_and(|c| c.len() != 43 || !is_pkce_text(c)),
            "code_challenge is not an S256 challenge (43 characters of base64url)",
        ),
    ];
    if let Some((_, why)) = checks.iter().find(|(wrong, _)| *wrong) {
        return refused(20063, "invalid_request", why);
    }
    let scope = query.get("scope").unwrap_or_default();
    let scope = match scopes(scope) {
        Ok(_) if scope.len() > MAX_KEPT => {
            return refused(20063, "invalid_scope", "scope is longer than 2048 bytes");
        }
        Ok(scope) if scope.len() > MAX_SCOPES => {
            return refused(20063, "invalid_scope", "scope lists more than 50 scopes");
        }
        Ok(scope) => scope,
        Err(why) => return refused(20067, "invalid_scope", &why),
    };
    let (Some(state), Some(challenge)) = (get("state"), get("code_challenge")) else {
        return refused(20063, "invalid_request", "state is missing");
    };
    let Ok(mut location) = url::Url::parse(redirect_uri) else {
        return refused(20063, "invalid_request", "redirect_uri is not a URL");
    };
    let now = shared.now();
    let code = shared.users().authorize(
        Authorization {
            redirect_uri: redirect_uri.to_owned(),
            challenge: challenge.to_owned(),
            scope,
        },
        now,
    );
    location
        .query_pairs_mut()
        .append_pair("code", &code)
        .append_pair("state", state);
    Answer::new(
        302,
        b"<!DOCTYPE html>\n<html><body>Approved: redirecting.</body></html>\n".to_vec(),
        HTML,
        vec![
            ("Location", location.into()),
            ("Cache-Control", "no-store".into()),
        ],
    )
}

/// `POST /oauth/v1/device_authorization`: the client (HTTP Basic, or `client_secret` in
/// the form) and `scope`; the device code, the user code and the verification pages.
fn device_authorization(shared: &Shared, request: &Request) -> Answer {
    let params = match Params::read(request) {
        Ok(params) => params,
        Err(why) => return refusal(&OAuthError::new(20063, why)),
    };
    if let Err(error) = check_client(shared, request, &params, None) {
        let mut answer = refusal(&error);
        if matches!(error.code, 20002 | 20048) {
            answer.status = 401;
        }
        return answer;
    }
    let scope = params.get("scope").unwrap_or_default();
    let scope = match scopes(scope) {
        Ok(_) if scope.len() > MAX_KEPT => {
            return refusal(&OAuthError::new(20063, "scope is longer than 2048 bytes"));
        }
        Ok(scope) if scope.len() > MAX_SCOPES => {
            return refusal(&OAuthError::new(20063, "scope lists more than 50 scopes"));
        }
        Ok(scope) => scope,
        Err(why) => return refusal(&OAuthError::new(20067, why)),
    };
    let now = shared.now();
    let start = shared.users().start_device(scope, now);
    let verification_uri = format!("{}{DEVICE_VERIFY_PATH}", shared.uri);
    let body = json!({
        "device_code": start.device_code,
        "user_code": start.user_code,
        "verification_uri": verification_uri,
        "verification_uri_complete": format!("{verification_uri}?user_code={}", start.user_code),
        "expires_in": start.expires_in,
        "interval": start.interval,
    });
    Answer::json(200, body.to_string().into_bytes()).with_header("Cache-Control", "no-store".into())
}

/// `GET /oauth/v1/device/verify`: approves the device flow of `user_code` at once
/// (denies it with `action=deny`); without `user_code`, a form asking for it.
fn device_verify(shared: &Shared, request: &Request) -> Answer {
    let query = match pairs(request.url.query_pairs()) {
        Ok(query) => Params(query),
        Err(why) => {
            return page(
                request,
                400,
                "Device sign-in",
                &why,
                20063,
                "invalid_request",
            );
        }
    };
    let Some(user_code) = query.get("user_code").filter(|c| !c.trim().is_empty()) else {
        let form = format!(
            "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Device sign-in</title></head>\
             <body><h1>Device sign-in</h1><form method=\"get\" action=\"{DEVICE_VERIFY_PATH}\">\
             <label>Code shown by your device: <input name=\"user_code\" autofocus></label> \
             <button>Approve</button> <button name=\"action\" value=\"deny\">Deny</button>\
             </form></body></html>\n"
        );
        return Answer::new(200, form.into_bytes(), HTML, Vec::new());
    };
    let approve = query.get("action") != Some("deny");
    let now = shared.now();
    let verified = shared.users().verify_device(user_code, approve, now);
    let (status, text) = match verified {
        Verified::Approved => (200, "Approved: the device is signed in as Mock User."),
        Verified::AlreadyApproved => (200, "This code was approved already."),
        Verified::Denied => (200, "Denied: the device is not signed in."),
        Verified::AlreadyDenied => (200, "This code was denied already."),
        Verified::Unknown => (400, "This code is unknown."),
        Verified::Expired => (400, "This code expired: start the sign-in again."),
    };
    page(
        request,
        status,
        "Device sign-in",
        text,
        20063,
        "invalid_grant",
    )
}

/// `POST /oauth/v1/revoke` (RFC 7009): the client, then `token`; an access token dies
/// alone, a refresh token takes its sign-in with it; an unknown token is no error.
fn revoke(shared: &Shared, request: &Request) -> Answer {
    let params = match Params::read(request) {
        Ok(params) => params,
        Err(why) => return refusal(&OAuthError::new(20063, why)),
    };
    if let Err(error) = check_client(shared, request, &params, None) {
        let mut answer = refusal(&error);
        if matches!(error.code, 20002 | 20048) {
            answer.status = 401;
        }
        return answer;
    }
    let token = match params.required("token") {
        Ok(token) => token,
        Err(error) => return refusal(&error),
    };
    shared.users().revoke(token);
    Answer::json(200, br#"{"code":0,"msg":"success"}"#.to_vec())
}

/// `GET /open-apis/authen/v1/user_info`: the mock's one user, for any valid user access
/// token.
fn user_info(shared: &Shared, request: &Request) -> Answer {
    let token = match bearer_token(request) {
        Ok(token) => token,
        Err(missing) => return missing,
    };
    match token.map(|t| shared.user_token(t)) {
        Some(Ok(true)) => {}
        Some(Err(refused)) => return refused,
        Some(Ok(false)) | None => {
            return Answer::error(400, USER_TOKEN_INVALID_CODE, USER_TOKEN_INVALID_MSG);
        }
    }
    let body = json!({
        "code": 0,
        "msg": "success",
        "data": {
            "name": MOCK_USER_NAME,
            "en_name": MOCK_USER_NAME,
            "avatar_url": "https://example.com/mock-user/avatar.png",
            "avatar_thumb": "https://example.com/mock-user/avatar_72.png",
            "avatar_middle": "https://example.com/mock-user/avatar_240.png",
            "avatar_big": "https://example.com/mock-user/avatar_640.png",
            "open_id": MOCK_USER_OPEN_ID,
            "union_id": crate::MOCK_USER_UNION_ID,
            "user_id": crate::MOCK_USER_ID,
            "tenant_key": "mock_tenant",
        },
    });
    Answer::json(200, body.to_string().into_bytes())
}
