//! Shared helpers of the conformance harness; the tests live in `tests/tests/`.
//!
//! - [`Replay`]: a wiremock server that answers the token endpoint and replays one
//!   recorded answer (status, headers, body) on the messages endpoint.
//! - [`describe_page`], [`describe_error`], [`describe_request`]: stable, secret-free
//!   JSON views of what the SDK returned or sent, for insta snapshots.

/// The README of `lark-helpdesk-mock`, whose examples wire an SDK client to the mock:
/// compiled and run here, where both crates are dependencies (the mock cannot have the
/// SDK as a dev-dependency: the SDK has the mock as one, and the two would not package).
#[doc = include_str!("../../crates/lark-helpdesk-mock/README.md")]
pub mod mock_readme {}

use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use lark_helpdesk::{Client, Error, Page, RetryPolicy, Ticket, TicketPage};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// App id the replay server accepts.
pub const APP_ID: &str = "cli_conformance";
/// App secret the replay server accepts (redacted from every snapshot).
pub const APP_SECRET: &str = "conformance-app-secret";
/// Helpdesk id of the replay client.
pub const HELPDESK_ID: &str = "7100000000000000001";
/// Helpdesk token of the replay client (redacted from every snapshot).
pub const HELPDESK_TOKEN: &str = "conformance-helpdesk-token";
/// The token the replay server issues.
pub const TENANT_TOKEN: &str = "t-conformance-token";
/// The user access token of the replay client (redacted from every snapshot).
pub const USER_TOKEN: &str = "u-conformance-user-token";

/// The path of the token endpoint, from the spec.
pub fn token_path() -> &'static str {
    lark_helpdesk_api::spec::Spec::embedded()
        .path_of("tenant_access_token_internal")
        .expect("the spec documents the token endpoint")
}

/// One recorded answer to replay.
#[derive(Debug, Clone)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// Headers to send (`X-Tt-Logid` included when the case has one).
    pub headers: Vec<(String, String)>,
    /// `Content-Type` of the body.
    pub content_type: String,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl Answer {
    /// A JSON answer with a log id.
    pub fn json(status: u16, body: &Value, log_id: &str) -> Self {
        Answer {
            status,
            headers: vec![("X-Tt-Logid".into(), log_id.into())],
            content_type: "application/json; charset=utf-8".into(),
            body: serde_json::to_vec(body).expect("JSON serialises"),
        }
    }

    fn template(&self) -> ResponseTemplate {
        let mut t = ResponseTemplate::new(self.status)
            .set_body_raw(self.body.clone(), self.content_type.as_str());
        for (name, value) in &self.headers {
            t = t.insert_header(name.as_str(), value.as_str());
        }
        t
    }
}

impl Answer {
    /// The answer the spec documents for `r`: its example, its log id
    /// `replay-<operation>-<status>`, and its documented rate-limit headers with
    /// representative values.
    ///
    /// # Panics
    ///
    /// When the documented status has no example (the spec tests require one).
    pub fn documented(r: &lark_helpdesk_api::spec::DocumentedResponse) -> Answer {
        let example = r
            .example
            .clone()
            .unwrap_or_else(|| panic!("{} {} has no example", r.operation_id, r.status));
        let mut answer = Answer::json(
            r.status,
            &example,
            &format!("replay-{}-{}", r.operation_id, r.status),
        );
        for header in &r.headers {
            match header.as_str() {
                "x-ogw-ratelimit-limit" => answer.headers.push((header.clone(), "50".into())),
                "x-ogw-ratelimit-reset" => answer.headers.push((header.clone(), "3".into())),
                _ => {}
            }
        }
        answer
    }
}

/// Replays the answer currently set, whatever the request.
#[derive(Clone)]
struct Current(Arc<Mutex<Answer>>);

impl Respond for Current {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).template()
    }
}

/// A wiremock server with a token endpoint and one replayed answer on the messages path.
pub struct Replay {
    /// The server.
    pub server: MockServer,
    current: Current,
}

impl Replay {
    /// Starts a server replaying `answer`, and issuing [`TENANT_TOKEN`].
    pub async fn start(answer: Answer) -> Replay {
        let token =
            json!({"code": 0, "msg": "ok", "tenant_access_token": TENANT_TOKEN, "expire": 7200});
        Replay::start_with_token(answer, Answer::json(200, &token, "replay-token")).await
    }

    /// Starts a server replaying `answer`, with `token` on the token endpoint.
    pub async fn start_with_token(answer: Answer, token: Answer) -> Replay {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path(token_path()))
            .respond_with(token.template())
            .mount(&server)
            .await;
        let current = Current(Arc::new(Mutex::new(answer)));
        // Every helpdesk GET: list tickets, one ticket, a ticket's messages.
        Mock::given(method("GET"))
            .and(path_regex(
                r"^/open-apis/helpdesk/v1/tickets(/[^/]+(/messages)?)?$",
            ))
            .respond_with(current.clone())
            .mount(&server)
            .await;
        // Every other operation of the spec, whatever its method.
        Mock::given(path_regex(r"^/open-apis/helpdesk/"))
            .respond_with(current.clone())
            .mount(&server)
            .await;
        Replay { server, current }
    }

    /// Replays `answer` from now on.
    pub fn set(&self, answer: Answer) {
        *self.current.0.lock().unwrap_or_else(|e| e.into_inner()) = answer;
    }

    /// A client of this server with app credentials, a user token and `retry`.
    pub fn client(&self, retry: RetryPolicy) -> Client {
        Client::builder()
            .base_url(self.server.uri())
            .app_credentials(APP_ID, APP_SECRET)
            .user_access_token(USER_TOKEN)
            .helpdesk_credential(HELPDESK_ID, HELPDESK_TOKEN)
            .retry_policy(retry)
            .timeout(Duration::from_secs(10))
            .build()
            .expect("replay client builds")
    }

    /// The requests received on the messages endpoint.
    pub async fn message_requests(&self) -> Vec<Request> {
        self.server
            .received_requests()
            .await
            .unwrap_or_default()
            .into_iter()
            .filter(|r| r.url.path().ends_with("/messages"))
            .collect()
    }
}

/// The representative calls whose exact requests the harness snapshots, and which live
/// mode sends to the real service: `(what, outcome)`, the outcome of a whole walk as its
/// last page's worth of facts (messages counted in `page.messages`).
pub async fn representative_calls(
    client: &Client,
    ticket: &str,
) -> Vec<(&'static str, Result<Page, Error>)> {
    let mut out = Vec::new();
    out.push((
        "one page, defaults",
        client.ticket_messages(ticket).send().await,
    ));
    out.push((
        "page 2 of 10 within a time range",
        client
            .ticket_messages(ticket)
            .time_range(
                jiff::Timestamp::from_second(1617960686).expect("in range"),
                jiff::Timestamp::from_second(1617960687).expect("in range"),
            )
            .page(2)
            .page_size(10)
            .send()
            .await,
    ));
    out.push((
        "an id that is no plain path segment",
        client
            .ticket_messages("工单/../x?y#z")
            .page_size(200)
            .send()
            .await,
    ));
    // The stream asks for the largest pages.
    let walk = client.ticket_messages(ticket).pages();
    let mut last = None;
    let mut pages = walk;
    while let Some(page) = futures::StreamExt::next(&mut pages).await {
        let failed = page.is_err();
        last = Some(page);
        if failed {
            break;
        }
    }
    out.push((
        "every page",
        last.expect("a walk yields a page or an error"),
    ));
    out
}

/// A stable JSON view of a ticket: its main fields as the SDK types them, and the JSON
/// it was sent as.
pub fn describe_ticket(ticket: &Ticket) -> Value {
    json!({
        "ticket_id": ticket.ticket_id(),
        "helpdesk_id": ticket.helpdesk_id(),
        "status": ticket.status().map(|s| s.name()),
        "channel": ticket.channel().map(|c| c.name()),
        "ticket_type": ticket.ticket_type().map(|t| t.name()),
        "solved": ticket.solved(),
        "score": ticket.score(),
        "created_at": ticket.created_at().map(|t| t.to_string()),
        "updated_at": ticket.updated_at().map(|t| t.to_string()),
        "closed_at": ticket.closed_at().map(|t| t.to_string()),
        "guest": ticket.guest().and_then(|g| g.name.clone()),
        "agents": ticket.agents().iter().map(|a| a.name.clone()).collect::<Vec<_>>(),
        "comments": ticket.comments().iter().map(|c| c.content.clone()).collect::<Vec<_>>(),
        "tags": ticket.tags().iter().map(|t| t.name.clone()).collect::<Vec<_>>(),
        "raw_json": ticket.raw_json(),
    })
}

/// A stable JSON view of a page of tickets, or of the error.
pub fn describe_tickets(result: &Result<TicketPage, Error>) -> Value {
    match result {
        Ok(page) => json!({
            "result": "tickets",
            "page": page.page,
            "page_size": page.page_size,
            "total": page.total,
            "log_id": page.log_id(),
            "tickets": page.tickets.iter().map(describe_ticket).collect::<Vec<_>>(),
        }),
        Err(e) => describe_error(e),
    }
}

/// A stable JSON view of one ticket, or of the error.
pub fn describe_one_ticket(result: &Result<Ticket, Error>) -> Value {
    match result {
        Ok(ticket) => json!({"result": "ticket", "ticket": describe_ticket(ticket)}),
        Err(e) => describe_error(e),
    }
}

/// A stable JSON view of a page.
pub fn describe_page(page: &Page) -> Value {
    json!({
        "result": "page",
        "page": page.page,
        "page_size": page.page_size,
        "total": page.total,
        "log_id": page.log_id(),
        "is_last": page.is_last(),
        "messages": page.messages.iter().map(|m| json!({
            "id": m.id(),
            "message_id": m.message_id(),
            "message_type": m.message_type().as_str(),
            "created_at_ms": m.created_at().map(|t| t.as_millis()),
            "created_at": m.created_at().map(|t| t.to_string()),
            "content": format!("{:?}", m.content()),
            "plain_text": m.content().to_plain_text(),
            "raw_content": m.raw_content(),
            "user_name": m.user_name(),
            "avatar_url": m.avatar_url(),
            "user_id": m.user_id(),
        })).collect::<Vec<_>>(),
    })
}

/// A stable JSON view of an error: how far the request got and what it carries.
pub fn describe_error(error: &Error) -> Value {
    let variant = match error {
        Error::InvalidInput { .. } => "InvalidInput",
        Error::Config(_) => "Config",
        Error::Transport(_) => "Transport",
        Error::Api(_) => "Api",
        Error::Decode(_) => "Decode",
        Error::Pagination(_) => "Pagination",
        Error::NoToken { .. } => "NoToken",
        Error::OutcomeUnknown { .. } => "OutcomeUnknown",
        _ => "Other",
    };
    let mut out = json!({
        "result": "error",
        "variant": variant,
        "status": error.status().map(|s| s.as_u16()),
        "code": error.code(),
        "kind": error.api_kind().map(|k| format!("{k:?}")),
        "log_id": error.log_id(),
        "retryable": error.is_retryable(),
    });
    match error {
        Error::Api(e) => {
            out["msg"] = json!(e.msg);
            out["retry_after_s"] = json!(e.retry_after.map(|d| d.as_secs()));
            out["display"] = json!(error.to_string());
        }
        Error::Decode(e) => {
            out["content_type"] = json!(e.content_type);
            out["excerpt"] = json!(e.excerpt);
            out["reason"] = json!(e.reason);
        }
        Error::Transport(e) => out["transport"] = json!(format!("{:?}", e.kind)),
        _ => out["display"] = json!(error.to_string()),
    }
    out
}

/// A result as JSON: [`describe_page`] or [`describe_error`].
pub fn describe(result: &Result<Page, Error>) -> Value {
    match result {
        Ok(page) => describe_page(page),
        Err(e) => describe_error(e),
    }
}

/// The helpdesk header the replay client must send.
pub fn expected_helpdesk_header() -> String {
    base64::engine::general_purpose::STANDARD.encode(format!("{HELPDESK_ID}:{HELPDESK_TOKEN}"))
}

/// A secret-free JSON view of a request: method, path, sorted query, sorted headers
/// (secrets replaced by what they were checked to be), and the body.
pub fn describe_request(request: &Request) -> Value {
    let mut query: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    query.sort();
    let mut headers: Vec<(String, String)> = request
        .headers
        .iter()
        .filter(|(name, _)| !matches!(name.as_str(), "host" | "content-length"))
        .map(|(name, value)| {
            let value = value.to_str().unwrap_or("<non-utf8>");
            let shown = match name.as_str() {
                "authorization" if value == format!("Bearer {TENANT_TOKEN}") => {
                    "Bearer <tenant access token>".to_string()
                }
                "authorization" if value == format!("Bearer {USER_TOKEN}") => {
                    "Bearer <user access token>".to_string()
                }
                "x-lark-helpdesk-authorization" if value == expected_helpdesk_header() => {
                    "<base64(helpdesk_id:helpdesk_token)>".to_string()
                }
                "authorization" | "x-lark-helpdesk-authorization" => {
                    format!("<unexpected value of {} bytes>", value.len())
                }
                "user-agent" => {
                    value.split('/').next().unwrap_or_default().to_string() + "/<version>"
                }
                _ => value.to_string(),
            };
            (name.to_string(), shown)
        })
        .collect();
    headers.sort();
    let body = if request.body.is_empty() {
        Value::Null
    } else {
        let mut body: Value = serde_json::from_slice(&request.body)
            .unwrap_or_else(|_| json!(String::from_utf8_lossy(&request.body)));
        if body.get("app_secret").is_some_and(|s| s == APP_SECRET) {
            body["app_secret"] = json!("<app secret>");
        }
        body
    };
    json!({
        "method": request.method.as_str(),
        "path": request.url.path(),
        "query": query,
        "headers": headers,
        "body": body,
    })
}
