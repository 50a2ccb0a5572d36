//! `check`: every read of the spec against the configured server (the platform, the
//! fake server, any base URL), each answer checked against the spec
//! ([`crate::contract`]); with `--write`, a create, get and delete of an item of each
//! collection that has those three. A report on stderr, `--junit FILE` for CI systems,
//! `--record DIR` to turn what was seen into fixtures of the conformance harness.
//!
//! Its requests are built here rather than through the SDK, so that nothing (retries,
//! tolerant decoding) smooths over what the server answered. Nothing in it is written for
//! one operation: which operations, with which parameters, in which order, which token,
//! how a listing pages, is read off the spec (`check/sources.rs` says where each parameter's
//! value comes from).

use std::fmt::Write as _;
use std::io::{self, Write};
use std::time::Duration;

use lark_helpdesk::HELPDESK_AUTH_HEADER;
use lark_helpdesk_api::spec::Spec;
use lark_helpdesk_api::{Operation, TokenKind};
use serde_json::{Value, json};

use crate::args::CheckArgs;
use crate::config::{Target, TokenSource};
use crate::contract::{self, Answer, Issue, Severity};
use crate::exit::CliError;

mod reads;
mod report;
mod sources;
mod writes;
use report::{record, redact, write_junit};

const OP_TOKEN: &str = "tenant_access_token_internal";
const OP_LIST_TICKETS: &str = "list_tickets";
const OP_MESSAGES: &str = "list_ticket_messages";
/// Where the warning about a documented error answer points.
const DOCUMENTED_ERROR_AT: &str = "$.code";
/// Items per page asked for (or the listing's largest page, when smaller): small, so that
/// a few pages exercise the arithmetic.
const PAGE_SIZE: u64 = 20;

/// One request of the check and what was found in its answer.
#[derive(Debug)]
struct Exchange {
    operation: &'static str,
    /// `page 2`, `ticket 6948...`: which request of the operation.
    label: String,
    status: Option<u16>,
    log_id: Option<String>,
    issues: Vec<Issue>,
    /// Why it was not sent, or what stopped it (a transport error).
    note: Option<String>,
    /// What to record: status, content type, headers kept, body.
    recorded: Option<Value>,
}

impl Exchange {
    fn failures(&self) -> usize {
        self.issues
            .iter()
            .filter(|i| i.severity == Severity::Failure)
            .count()
            + usize::from(self.status.is_none() && self.note.is_some() && self.sent())
    }

    fn warnings(&self) -> usize {
        self.issues
            .iter()
            .filter(|i| i.severity == Severity::Warning)
            .count()
    }

    fn sent(&self) -> bool {
        !self.label.starts_with("skipped")
    }
}

/// Runs `check` against `target`.
pub async fn run(target: &Target, args: &CheckArgs) -> Result<(), CliError> {
    if args.write {
        let named = target.helpdesk.helpdesk_id();
        if args.helpdesk_confirm.as_deref() != Some(named) {
            return Err(CliError::Usage {
                message: format!(
                    "--write creates and deletes items in helpdesk {named}, but --helpdesk-confirm names {}: nothing was sent",
                    args.helpdesk_confirm.as_deref().unwrap_or("none")
                ),
                hint: Some(format!(
                    "to write to helpdesk {named}, pass --write --helpdesk-confirm {named}"
                )),
            });
        }
    }
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| CliError::Other(format!("cannot build the HTTP client: {e}")))?;
    let spec = Spec::embedded();
    let mut checker = Checker {
        http,
        spec,
        target,
        exchanges: Vec::new(),
        pages: args.pages.max(1),
        refused: None,
        tenant: None,
        seen: sources::Seen::with_ticket(args.ticket.clone()),
        writes: Vec::new(),
    };
    checker.run(args.write).await;
    let report = checker.report(args.write);
    let _ = io::stderr().write_all(report.as_bytes());
    // Both files are written whatever the other's fate; a failure of the check outranks
    // one of writing them (its report is on the terminal already).
    let junit = args.junit.as_ref().map_or(Ok(()), |path| {
        write_junit(path, &checker.target.base_url, &checker.exchanges)
    });
    let recorded = args.record.as_ref().map_or(Ok(()), |dir| {
        record(dir, &checker.target.base_url, &checker.exchanges)
    });
    let failures: usize = checker.exchanges.iter().map(Exchange::failures).sum();
    if failures > 0 {
        for e in [&junit, &recorded]
            .into_iter()
            .filter_map(|r| r.as_ref().err())
        {
            let _ = io::stderr().write_all(e.report().as_bytes());
        }
        return Err(CliError::CheckFailed(failures));
    }
    junit?;
    recorded?;
    if let Some(refused) = checker.refused {
        return Err(CliError::Auth(refused));
    }
    Ok(())
}

struct Checker<'a> {
    http: reqwest::Client,
    spec: &'static Spec,
    target: &'a Target,
    exchanges: Vec<Exchange>,
    pages: u64,
    /// Why no tenant token could be had, when the token endpoint refused the app.
    refused: Option<String>,
    /// The tenant access token, once had.
    tenant: Option<String>,
    /// What the reads answered, for the parameters of the next ones.
    seen: sources::Seen,
    /// What `--write` did of each collection, a line each, for the report.
    writes: Vec<String>,
}

impl Checker<'_> {
    async fn run(&mut self, write: bool) {
        self.tenant = self.token().await;
        self.reads().await;
        if write {
            self.writes().await;
        }
    }

    fn skip(&mut self, operation: &'static str, why: &str) {
        self.exchanges.push(Exchange {
            operation,
            label: "skipped".into(),
            status: None,
            log_id: None,
            issues: Vec::new(),
            note: Some(why.into()),
            recorded: None,
        });
    }

    /// Adds `note` to the last exchange (after any it has).
    fn note_last(&mut self, note: &str) {
        if let Some(last) = self.exchanges.last_mut() {
            last.note = Some(match last.note.take() {
                Some(before) => format!("{before}; {note}"),
                None => note.to_owned(),
            });
        }
    }

    /// Takes the last exchange, a documented error answer, as the answer expected:
    /// without the warning that its success answer was not checked, with `note` saying
    /// why.
    fn documented_last(&mut self, note: &str) {
        if let Some(last) = self.exchanges.last_mut() {
            last.issues
                .retain(|i| !(i.severity == Severity::Warning && i.path == DOCUMENTED_ERROR_AT));
        }
        self.note_last(note);
    }

    /// Adds `issues` to the last exchange.
    fn issues_last(&mut self, issues: impl IntoIterator<Item = Issue>) {
        if let Some(last) = self.exchanges.last_mut() {
            last.issues.extend(issues);
        }
    }

    /// The token `op` is sent with: the first kind it accepts (the spec's order) that
    /// `check` has; `Err` says why none.
    fn token_for(&self, op: &Operation) -> Result<String, String> {
        for kind in op.tokens {
            let token = match kind {
                TokenKind::Tenant => self.tenant.as_ref(),
                TokenKind::User => self.target.user_token.as_ref(),
            };
            if let Some(token) = token {
                return Ok(token.clone());
            }
        }
        let user = format!(
            "set {} (or --user-access-token-file)",
            lark_helpdesk::env::USER_ACCESS_TOKEN
        );
        Err(if !op.accepts(TokenKind::Tenant) {
            format!("needs a user access token: {user}")
        } else if op.accepts(TokenKind::User) {
            format!("no tenant access token (see the token endpoint above); or {user}")
        } else {
            "no tenant access token (see the token endpoint above)".into()
        })
    }

    /// Sends `request` as `operation`, checks the answer and keeps the exchange; the
    /// body, when it is JSON.
    async fn send(
        &mut self,
        operation: &'static str,
        label: String,
        request: reqwest::RequestBuilder,
    ) -> Option<Value> {
        let response = match request.send().await {
            Ok(response) => response,
            Err(e) => {
                let mut note = format!("no answer: {e}");
                let mut source = std::error::Error::source(&e);
                while let Some(cause) = source {
                    let _ = write!(note, ": {cause}");
                    source = cause.source();
                }
                self.exchanges.push(Exchange {
                    operation,
                    label,
                    status: None,
                    log_id: None,
                    issues: Vec::new(),
                    note: Some(note),
                    recorded: None,
                });
                return None;
            }
        };
        let status = response.status().as_u16();
        let headers: Vec<String> = response
            .headers()
            .keys()
            .map(|k| k.as_str().to_owned())
            .collect();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let log_id = header("x-tt-logid");
        let content_type = header("content-type");
        let kept: serde_json::Map<String, Value> = [
            "x-tt-logid",
            "x-ogw-ratelimit-limit",
            "x-ogw-ratelimit-reset",
        ]
        .iter()
        .filter_map(|name| Some(((*name).to_owned(), Value::String(header(name)?))))
        .collect();
        let body = match read_capped(response).await {
            Ok(body) => body,
            Err(e) => {
                self.exchanges.push(Exchange {
                    operation,
                    label,
                    status: Some(status),
                    log_id,
                    issues: vec![Issue {
                        severity: Severity::Failure,
                        path: "$".into(),
                        message: e,
                    }],
                    note: None,
                    recorded: None,
                });
                return None;
            }
        };
        let (mut issues, json) = contract::check_answer(
            self.spec,
            &Answer {
                operation,
                status,
                headers,
                content_type: content_type.clone(),
                body: &body,
            },
        );
        if let Some(code) = json.as_ref().and_then(|b| b["code"].as_i64())
            && code != 0
            && operation != OP_TOKEN
        {
            issues.push(Issue {
                severity: Severity::Warning,
                path: DOCUMENTED_ERROR_AT.into(),
                message: format!(
                    "a documented error (code {code}: {}): the success answer is not checked",
                    json.as_ref()
                        .and_then(|b| b["msg"].as_str())
                        .unwrap_or_default()
                ),
            });
        }
        let recorded = json!({
            "status": status,
            // None sent: an empty one, which the harness replays as such.
            "content_type": content_type.clone().unwrap_or_default(),
            "headers": kept,
            "body": json.as_ref().map(redact),
            "body_text": if json.is_none() { Some(unreadable_body(content_type.as_deref(), &body)) } else { None },
        });
        self.exchanges.push(Exchange {
            operation,
            label,
            status: Some(status),
            log_id,
            issues,
            note: None,
            recorded: Some(recorded),
        });
        json
    }

    /// The URL of `op` with its path parameters in place.
    fn url(&self, op: &Operation, filled: &[sources::Filled]) -> String {
        let mut path = op.path.to_owned();
        for f in filled {
            if let Some(value) = f.values.first() {
                path = path.replace(&format!("{{{}}}", f.param.name), &percent_encode(value));
            }
        }
        format!("{}{path}", self.target.base_url)
    }

    /// A request of `op`: its path and query parameters, then `query`, and its token.
    fn request(
        &self,
        op: &Operation,
        token: &str,
        filled: &[sources::Filled],
        query: &[(&str, String)],
    ) -> reqwest::RequestBuilder {
        let method = reqwest::Method::from_bytes(op.method.as_str().as_bytes())
            .unwrap_or(reqwest::Method::GET);
        let mut pairs: Vec<(&str, &str)> = filled
            .iter()
            .filter(|f| f.param.location == lark_helpdesk_api::Location::Query)
            .flat_map(|f| f.values.iter().map(|v| (f.param.name, v.as_str())))
            .collect();
        pairs.extend(query.iter().map(|(k, v)| (*k, v.as_str())));
        let mut request = self.http.request(method, self.url(op, filled));
        if !pairs.is_empty() {
            request = request.query(&pairs);
        }
        request.bearer_auth(token).header(
            HELPDESK_AUTH_HEADER,
            self.target.helpdesk.header_value().clone(),
        )
    }

    /// The tenant token: fetched (and the answer checked) or given.
    async fn token(&mut self) -> Option<String> {
        let (app_id, app_secret) = match &self.target.token {
            TokenSource::Fixed(token) => {
                self.skip(OP_TOKEN, "a fixed tenant access token is set");
                return Some(token.clone());
            }
            TokenSource::App { app_id, app_secret } => (app_id.clone(), app_secret.clone()),
        };
        let request = self
            .http
            .post(format!(
                "{}{}",
                self.target.base_url,
                self.spec.path_of(OP_TOKEN).unwrap_or_default()
            ))
            .json(&json!({"app_id": app_id, "app_secret": app_secret}));
        let body = self
            .send(OP_TOKEN, format!("app {app_id}"), request)
            .await?;
        match (body["code"].as_i64(), body["tenant_access_token"].as_str()) {
            (Some(0), Some(token)) if !token.is_empty() => Some(token.to_owned()),
            (code, _) => {
                let last = self.exchanges.last_mut().expect("just sent");
                last.note = Some(format!(
                    "no token for app {app_id} (code {}: {}): the helpdesk operations cannot be checked",
                    code.map_or_else(|| "none".into(), |c| c.to_string()),
                    body["msg"].as_str().unwrap_or_default()
                ));
                self.refused = Some(format!(
                    "the token endpoint refused app {app_id} (code {})",
                    code.map_or_else(|| "none".into(), |c| c.to_string())
                ));
                None
            }
        }
    }

    /// Page arithmetic's issues, on the last exchange of `operation`.
    fn arithmetic(&mut self, operation: &str, issues: Vec<Issue>) {
        if let Some(last) = self
            .exchanges
            .iter_mut()
            .rev()
            .find(|e| e.operation == operation)
        {
            last.issues.extend(issues);
        }
    }

    /// The report for the terminal: one line an exchange, its issues below it, what
    /// `--write` did of each collection (or that it was not asked for), a summary.
    fn report(&self, write: bool) -> String {
        let mut out = format!("check of {} against the spec:\n", self.target.base_url);
        for e in &self.exchanges {
            let verdict = if !e.sent() {
                "skip"
            } else if e.failures() > 0 {
                "FAIL"
            } else if e.warnings() > 0 {
                "warn"
            } else {
                "ok"
            };
            let _ = write!(out, "  {verdict:<4}  {}", e.operation);
            if !e.label.is_empty() {
                let _ = write!(out, " {}", crate::output::printable(&e.label));
            }
            if let Some(status) = e.status {
                let _ = write!(out, ": HTTP {status}");
            }
            if let Some(log_id) = &e.log_id {
                let _ = write!(out, " (log id {})", crate::output::printable(log_id));
            }
            out.push('\n');
            if let Some(note) = &e.note {
                let _ = writeln!(out, "          {}", crate::output::printable(note));
            }
            for issue in &e.issues {
                let _ = writeln!(
                    out,
                    "          {} at {}: {}",
                    issue.severity,
                    issue.path,
                    crate::output::printable(&issue.message)
                );
            }
        }
        if write {
            out.push_str("--write:\n");
            for line in &self.writes {
                let _ = writeln!(out, "  {}", crate::output::printable(line));
            }
        } else {
            let writes = lark_helpdesk::ops::ALL
                .iter()
                .filter(|op| op.method != lark_helpdesk_api::Method::Get && !op.tokens.is_empty())
                .count();
            let _ = writeln!(
                out,
                "{writes} writes not called (--write creates, gets and deletes an item of each collection that has those three)"
            );
        }
        let failures: usize = self.exchanges.iter().map(Exchange::failures).sum();
        let warnings: usize = self.exchanges.iter().map(Exchange::warnings).sum();
        let sent = self.exchanges.iter().filter(|e| e.sent()).count();
        let _ = writeln!(
            out,
            "{sent} requests: {failures} failures, {warnings} warnings{}",
            if failures == 0 {
                ": the server answers as the spec says"
            } else {
                ""
            }
        );
        out
    }
}

/// The largest body `check` reads; a larger one is a failure, not a reason to run out of
/// memory.
const MAX_BODY: usize = 8 * 1024 * 1024;

/// The body of `response`, at most [`MAX_BODY`] bytes.
async fn read_capped(mut response: reqwest::Response) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) if body.len() + chunk.len() > MAX_BODY => {
                return Err(format!(
                    "the body is larger than {} MiB: not read further",
                    MAX_BODY / (1024 * 1024)
                ));
            }
            Ok(Some(chunk)) => body.extend_from_slice(&chunk),
            Ok(None) => return Ok(body),
            Err(e) => return Err(format!("the body was cut off: {e}")),
        }
    }
}

/// What a fixture holds of a body that is not JSON: a page of text (a gateway's HTML, or
/// a body sent without a type) as it came, at most 64 KiB; a JSON body that does not
/// parse, only its length (what it holds is a platform answer, personal data included,
/// and cannot be redacted); a file (an image), only its length and type.
fn unreadable_body(content_type: Option<&str>, body: &[u8]) -> String {
    let media = content_type.map(str::to_ascii_lowercase);
    let media = media.as_deref();
    if media.is_some_and(|c| c.contains("json")) {
        return format!(
            "(a body of {} bytes that is not JSON; left out, since it may hold personal data)",
            body.len()
        );
    }
    if let Some(media) = media.filter(|c| !c.starts_with("text/")) {
        return format!("(a file of {} bytes, {media}; not kept)", body.len());
    }
    let text = String::from_utf8_lossy(&body[..body.len().min(64 * 1024)]);
    text.into_owned()
}

fn percent_encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::percent_encode;

    #[test]
    fn path_segments_are_encoded() {
        assert_eq!(percent_encode("ou_a-1.b~"), "ou_a-1.b~");
        assert_eq!(percent_encode("a/b c"), "a%2Fb%20c");
    }
}
