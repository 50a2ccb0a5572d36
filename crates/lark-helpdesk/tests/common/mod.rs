//! Helpers of the SDK's integration tests: a wiremock server with a token endpoint and a
//! ticket served page by page, and a client pointed at it.
#![allow(dead_code, missing_docs)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use lark_helpdesk::{Client, ClientBuilder, RetryPolicy};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

pub const APP_ID: &str = "cli_test_app";
pub const APP_SECRET: &str = "app-secret-SHOULD-NEVER-LEAK";
pub const HELPDESK_ID: &str = "7000000000000000001";
pub const HELPDESK_TOKEN: &str = "helpdesk-token-SHOULD-NEVER-LEAK";
pub const TOKEN_PATH: &str = "/open-apis/auth/v3/tenant_access_token/internal";
pub const MESSAGES_PATH_RE: &str = r"^/open-apis/helpdesk/v1/tickets/[^/]+/messages$";

/// base64("7000000000000000001:helpdesk-token-SHOULD-NEVER-LEAK")
pub fn helpdesk_header() -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(format!("{HELPDESK_ID}:{HELPDESK_TOKEN}"))
}

/// A builder for a client of `server` with app credentials and fast retries.
pub fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .base_url(server.uri())
        .app_credentials(APP_ID, APP_SECRET)
        .helpdesk_credential(HELPDESK_ID, HELPDESK_TOKEN)
        .retry_policy(
            RetryPolicy::attempts(3)
                .with_base_delay(Duration::from_millis(5))
                .with_max_delay(Duration::from_millis(20))
                .with_max_rate_limit_wait(Duration::from_secs(5)),
        )
}

pub fn client(server: &MockServer) -> Client {
    builder(server).build().expect("client builds")
}

/// Issues `t-1`, `t-2`, ... with the given `expire`, counting calls.
pub struct TokenIssuer {
    pub count: Arc<AtomicUsize>,
    pub expire: i64,
    pub delay: Duration,
}

impl Respond for TokenIssuer {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.count.fetch_add(1, Ordering::SeqCst) + 1;
        ResponseTemplate::new(200)
            .set_body_json(json!({
                "code": 0, "msg": "ok",
                "tenant_access_token": format!("t-{n}"),
                "expire": self.expire,
            }))
            .insert_header("X-Tt-Logid", format!("token-log-{n}"))
            .set_delay(self.delay)
    }
}

/// Mounts the token endpoint; returns its call counter.
pub async fn mount_tokens(server: &MockServer, expire: i64) -> Arc<AtomicUsize> {
    mount_tokens_with_delay(server, expire, Duration::ZERO).await
}

pub async fn mount_tokens_with_delay(
    server: &MockServer,
    expire: i64,
    delay: Duration,
) -> Arc<AtomicUsize> {
    let count = Arc::new(AtomicUsize::new(0));
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(TokenIssuer {
            count: count.clone(),
            expire,
            delay,
        })
        .mount(server)
        .await;
    count
}

/// `n` text messages with ids starting at 1000.
pub fn messages(n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| {
            json!({
                "id": (1000 + i).to_string(),
                "message_id": format!("om_{i}"),
                "message_type": "text",
                "created_at": 1_617_960_686_000_i64 + i as i64 * 1000,
                "content": json!({"content": format!("message {i}"), "msg_type": "text"}).to_string(),
                "user_name": "李宁",
                "avatar_url": "https://example.com/a.png",
                "user_id": "ou_1",
            })
        })
        .collect()
}

/// Serves `messages` by `page`/`page_size`, with `total`, a log id per answer.
pub struct Pages {
    pub messages: Vec<Value>,
    pub total: Option<usize>,
    pub calls: Arc<AtomicUsize>,
    pub delay: Duration,
}

impl Pages {
    pub fn new(messages: Vec<Value>) -> Self {
        let total = Some(messages.len());
        Pages {
            messages,
            total,
            calls: Arc::default(),
            delay: Duration::ZERO,
        }
    }

    pub fn with_delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

pub fn query(request: &Request, name: &str) -> Option<String> {
    request
        .url
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

impl Respond for Pages {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        let page: usize = query(request, "page").map_or(1, |p| p.parse().unwrap());
        let size: usize = query(request, "page_size").map_or(20, |p| p.parse().unwrap());
        let start = (page - 1) * size;
        let slice: Vec<Value> = self
            .messages
            .iter()
            .skip(start)
            .take(size)
            .cloned()
            .collect();
        let mut data = json!({"messages": slice});
        if let Some(total) = self.total {
            data["total"] = json!(total);
        }
        ResponseTemplate::new(200)
            .set_body_json(json!({"code": 0, "msg": "success", "data": data}))
            .insert_header("X-Tt-Logid", format!("log-page-{page}-{n}"))
            .set_delay(self.delay)
    }
}

pub fn messages_mock() -> wiremock::MockBuilder {
    Mock::given(method("GET")).and(path_regex(MESSAGES_PATH_RE))
}

/// A server issuing tokens (`expire` 7200) and answering the messages endpoint with
/// `answer`; with the token endpoint's call counter.
pub async fn serve(answer: impl Respond + 'static) -> (MockServer, Arc<AtomicUsize>) {
    let server = MockServer::start().await;
    let tokens = mount_tokens(&server, 7200).await;
    messages_mock().respond_with(answer).mount(&server).await;
    (server, tokens)
}

/// The `Authorization` header of every messages request `server` received, in order.
pub async fn authorizations(server: &MockServer) -> Vec<String> {
    message_requests(server)
        .await
        .iter()
        .map(|r| authorization(r).to_owned())
        .collect()
}

/// The `Authorization` header of a request.
pub fn authorization(request: &Request) -> &str {
    request
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// An error envelope answer.
pub fn error(status: u16, code: i64, msg: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .set_body_json(json!({"code": code, "msg": msg}))
        .insert_header("X-Tt-Logid", format!("log-{status}-{code}"))
}

/// A 429 frequency-control answer with `x-ogw-ratelimit-reset: reset`.
pub fn rate_limited(reset: &str) -> ResponseTemplate {
    error(429, 99991400, "request trigger frequency limit")
        .insert_header("x-ogw-ratelimit-limit", "50")
        .insert_header("x-ogw-ratelimit-reset", reset)
}

/// The requests `server` received on the messages endpoint.
pub async fn message_requests(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("recording is on")
        .into_iter()
        .filter(|r| r.url.path().contains("/messages"))
        .collect()
}

/// A log writer that keeps what is written, for tests of what logs hold.
#[derive(Clone, Default)]
pub struct Captured(pub std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
