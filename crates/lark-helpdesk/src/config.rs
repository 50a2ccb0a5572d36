//! Configuration values: base URLs and their rules, defaults, the environment.

use std::time::Duration;

use crate::error::Error;

/// Base URL of Feishu (China), the default.
pub const FEISHU_BASE_URL: &str = "https://open.feishu.cn";
/// Base URL of Lark (international).
pub const LARK_BASE_URL: &str = "https://open.larksuite.com";
/// The default timeout of one attempt.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// How long before its expiry a fetched token is replaced.
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(300);

/// The environment variables `Client::from_env` reads.
pub mod env {
    /// App id of a self-built app (with [`APP_SECRET`]).
    pub const APP_ID: &str = "LARK_APP_ID";
    /// App secret of a self-built app (with [`APP_ID`]).
    pub const APP_SECRET: &str = "LARK_APP_SECRET";
    /// A fixed tenant access token (instead of app credentials).
    pub const TENANT_ACCESS_TOKEN: &str = "LARK_TENANT_ACCESS_TOKEN";
    /// A user access token, for the operations that accept (or need) one.
    pub const USER_ACCESS_TOKEN: &str = "LARK_USER_ACCESS_TOKEN";
    /// The helpdesk id.
    pub const HELPDESK_ID: &str = "LARK_HELPDESK_ID";
    /// The helpdesk token.
    pub const HELPDESK_TOKEN: &str = "LARK_HELPDESK_TOKEN";
    /// The base URL (Feishu by default).
    pub const BASE_URL: &str = "LARK_BASE_URL";
    /// The accounts host of user sign-in (derived from the base URL by default).
    pub const ACCOUNTS_URL: &str = "LARK_ACCOUNTS_URL";
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
pub(crate) fn is_loopback(base_url: &str) -> bool {
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
}
