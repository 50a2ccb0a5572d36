//! Discovery: the platform hands out the WebSocket URL of one connection (and its
//! `ClientConfig`) for the app's id and secret. The URL carries secrets (`access_key`,
//! `ticket`): it is held here and shown nowhere.

use std::fmt;
use std::time::Duration;

use secrecy::ExposeSecret as _;
use serde::Deserialize;
use url::Url;

use crate::credentials::AppCredentials;
use crate::error::LongConnectionError;
use crate::events::long_connection::settings::ClientConfig;

/// The discovery path, under the base URL.
pub(crate) const ENDPOINT_PATH: &str = "/callback/ws/endpoint";

/// Codes of a discovery answer that are worth another attempt: system busy, internal
/// error.
const RETRYABLE_CODES: [i64; 2] = [1, 1_000_040_343];

/// The URL of one connection: its secrets never shown (`Debug` gives the host and the
/// ids).
pub(crate) struct ConnectionUrl {
    url: Url,
    pub(crate) service_id: i32,
    pub(crate) device_id: Option<String>,
}

impl ConnectionUrl {
    /// Reads the URL: `ws` or `wss`, with a `service_id`. The error never quotes it.
    pub(crate) fn parse(text: &str) -> Result<ConnectionUrl, String> {
        let url = Url::parse(text).map_err(|_| "the connection URL is not a URL".to_owned())?;
        if !matches!(url.scheme(), "ws" | "wss") || url.host_str().is_none() {
            return Err("the connection URL is not a ws:// or wss:// URL".into());
        }
        let query = |name: &str| {
            url.query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
        };
        let service_id = query("service_id")
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| "the connection URL has no service_id".to_owned())?;
        let device_id = query("device_id");
        Ok(ConnectionUrl {
            url,
            service_id,
            device_id,
        })
    }

    /// The host (and port), for logs.
    pub(crate) fn host(&self) -> String {
        match (self.url.host_str(), self.url.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_owned(),
            _ => String::new(),
        }
    }

    /// The whole URL, secrets included: only for dialling.
    pub(crate) fn url(&self) -> &Url {
        &self.url
    }
}

impl fmt::Debug for ConnectionUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConnectionUrl")
            .field("host", &self.host())
            .field("service_id", &self.service_id)
            .field("device_id", &self.device_id)
            .finish_non_exhaustive()
    }
}

/// What discovery gave.
#[derive(Debug)]
pub(crate) struct Endpoint {
    pub(crate) url: ConnectionUrl,
    pub(crate) config: ClientConfig,
}

/// A failed attempt: worth another (with what went wrong, no secret), or not.
#[derive(Debug)]
pub(crate) enum Failure {
    Retry(String),
    Stop(LongConnectionError),
}

#[derive(Deserialize)]
struct Answer {
    code: i64,
    #[serde(default)]
    msg: String,
    #[serde(default)]
    data: Option<AnswerData>,
}

#[derive(Deserialize)]
struct AnswerData {
    #[serde(rename = "URL", default)]
    url: String,
    #[serde(rename = "ClientConfig", default)]
    client_config: Option<ClientConfig>,
}

/// The longest discovery answer read (a URL and a few numbers: a few hundred bytes).
const MAX_ANSWER: usize = 64 * 1024;

/// The body of `response`, `max` bytes at most: a longer one is a failure.
async fn read_capped(mut response: reqwest::Response, max: usize) -> Result<Vec<u8>, Failure> {
    let too_long = || Failure::Retry("discovery's answer is too long".into());
    if response
        .content_length()
        .is_some_and(|n| n > u64::try_from(max).unwrap_or(u64::MAX))
    {
        return Err(too_long());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|_| Failure::Retry("discovery's answer was cut off".into()))?
    {
        if body.len() + chunk.len() > max {
            return Err(too_long());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Asks `base_url` for a connection, within `timeout`.
pub(crate) async fn discover(
    http: &reqwest::Client,
    base_url: &str,
    app: &AppCredentials,
    timeout: Duration,
) -> Result<Endpoint, Failure> {
    let body = serde_json::json!({
        "AppID": app.app_id,
        "AppSecret": app.app_secret.expose_secret(),
    });
    let response = http
        .post(format!("{base_url}{ENDPOINT_PATH}"))
        .header("locale", "zh")
        .json(&body)
        .timeout(timeout)
        .send()
        .await
        .map_err(|e| {
            Failure::Retry(if e.is_timeout() {
                "discovery timed out".into()
            } else {
                "discovery could not reach the platform".into()
            })
        })?;
    let status = response.status();
    if status != reqwest::StatusCode::OK {
        return Err(Failure::Retry(format!("discovery answered HTTP {status}")));
    }
    let bytes = read_capped(response, MAX_ANSWER).await?;
    let answer: Answer = serde_json::from_slice(&bytes)
        .map_err(|_| Failure::Retry("discovery's answer is not what the platform sends".into()))?;
    match answer.code {
        0 => {}
        code if RETRYABLE_CODES.contains(&code) => {
            return Err(Failure::Retry(format!(
                "discovery answered code {code} (busy)"
            )));
        }
        code => {
            return Err(Failure::Stop(LongConnectionError::Refused {
                code,
                msg: answer.msg.chars().take(200).collect(),
            }));
        }
    }
    let data = answer
        .data
        .ok_or_else(|| Failure::Retry("discovery's answer has no data".into()))?;
    let url = ConnectionUrl::parse(&data.url).map_err(Failure::Retry)?;
    Ok(Endpoint {
        url,
        config: data.client_config.unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_is_read_and_its_secrets_never_shown() {
        let url = ConnectionUrl::parse(
            "wss://msg-frontier.example.com/ws/v2?fpid=1&access_key=SECRET_KEY&service_id=33\
             &device_id=d1&ticket=SECRET_TICKET",
        )
        .unwrap();
        assert_eq!(url.service_id, 33);
        assert_eq!(url.device_id.as_deref(), Some("d1"));
        let debug = format!("{url:?}");
        assert!(debug.contains("msg-frontier.example.com"), "{debug}");
        assert!(!debug.contains("SECRET"), "{debug}");
        assert!(url.url().as_str().contains("SECRET_TICKET"));

        let bad = ConnectionUrl::parse("https://host/ws?access_key=SECRET&service_id=1");
        assert!(!bad.unwrap_err().contains("SECRET"));
        let bad = ConnectionUrl::parse("wss://host/ws?access_key=SECRET");
        assert!(!bad.unwrap_err().contains("SECRET"));
    }

    #[tokio::test]
    async fn a_discovery_answer_past_the_cap_is_refused() {
        let server = wiremock::MockServer::start().await;
        let big = format!(
            r#"{{"code":0,"msg":"{}","data":{{"URL":"ws://127.0.0.1:1/ws?service_id=1"}}}}"#,
            "x".repeat(MAX_ANSWER)
        );
        wiremock::Mock::given(wiremock::matchers::method("POST"))
            .respond_with(wiremock::ResponseTemplate::new(200).set_body_string(big))
            .mount(&server)
            .await;
        let app = AppCredentials::new("cli_1", "secret");
        let failure = discover(
            &reqwest::Client::new(),
            &server.uri(),
            &app,
            Duration::from_secs(5),
        )
        .await
        .expect_err("too long");
        assert!(
            matches!(&failure, Failure::Retry(why) if why.contains("too long")),
            "{failure:?}"
        );
    }
}
