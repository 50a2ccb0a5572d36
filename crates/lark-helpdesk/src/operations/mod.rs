//! Any operation of the spec, with no code of its own: its parameters, body and token
//! kinds are read from the operation table that `cargo xtask regen` writes
//! ([`lark_helpdesk_api::ops`]), and every request goes through the one call path
//! (credentials, the limiter, retries, tracing, typed errors) like the hand-written
//! helpers' requests do.
//!
//! - [`OperationRequest::send`]: one request; the answer's `data` as JSON.
//! - [`OperationRequest::stream`]: every item of a listing, page after page, as the spec's
//!   `x-pagination` says it pages.
//! - [`OperationRequest::download`]: a file answer, streamed to a writer.
//! - [`Client::call`](crate::Client::call): a generated, typed method of
//!   [`lark_helpdesk_api::Client`] on the same path.

mod download;
mod listing;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use lark_helpdesk_api::{
    self as api, Body, ClientHooks, ClientInfo, Envelope, Location, Method, Operation,
    OperationInfo, Parameter, ResponseValue, ValueKind, types,
};
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue};
use serde::Deserialize;
use serde_json::Value;

use crate::error::Error;
use crate::transport::{Admission, Call, Transport};

pub use download::Download;
pub use listing::ItemStream;

/// A request of any operation of the spec; from [`Client::operation`](crate::Client::operation).
///
/// Parameters are given by their name in the spec, as text; each is checked against the
/// spec (known name, type, bounds) when given, and the required ones when sent, so a bad
/// request fails with [`Error::InvalidInput`] before anything is sent.
///
/// ```no_run
/// # async fn run() -> Result<(), lark_helpdesk::Error> {
/// use futures::TryStreamExt;
/// use lark_helpdesk::ops;
///
/// let client = lark_helpdesk::Client::from_env()?;
/// // One request: the answer's `data`.
/// let faq = client.operation(&ops::GET_FAQ).param("id", "6936004780707807251").send().await?;
/// println!("{}", faq.data["faq"]["question"]);
/// // Every item of a listing, whatever its pagination style.
/// let mut faqs = client.operation(&ops::LIST_FAQS).param("status", "1").stream();
/// while let Some(faq) = faqs.try_next().await? {
///     println!("{}", faq["question"]);
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
#[must_use = "a request does nothing until sent"]
pub struct OperationRequest {
    transport: Arc<Transport>,
    operation: &'static Operation,
    values: Vec<(&'static Parameter, String)>,
    body: Option<bytes::Bytes>,
    timeout: Option<Duration>,
    concurrency: Option<usize>,
    /// The first argument refused, reported when the request is sent.
    error: Option<Error>,
}

impl fmt::Debug for OperationRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Parameter values and bodies may be personal data: names and sizes only.
        f.debug_struct("OperationRequest")
            .field("operation", &self.operation.id)
            .field(
                "parameters",
                &self.values.iter().map(|(p, _)| p.name).collect::<Vec<_>>(),
            )
            .field("body_bytes", &self.body.as_ref().map(bytes::Bytes::len))
            .finish_non_exhaustive()
    }
}

/// The successful answer of an [`OperationRequest`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Response {
    /// The answer's `data` (`null` when the platform sent none, as for most writes).
    pub data: Value,
    /// The answer's log id (`X-Tt-Logid`).
    pub log_id: Option<String>,
}

impl Response {
    /// `data` decoded as `T` (a type of [`lark_helpdesk_api::types`], or your own).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] naming what did not decode.
    pub fn decode<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error> {
        T::deserialize(&self.data).map_err(|e| Error::invalid("data", e.to_string()))
    }
}

impl OperationRequest {
    pub(crate) fn new(transport: Arc<Transport>, operation: &'static Operation) -> Self {
        OperationRequest {
            transport,
            operation,
            values: Vec::new(),
            body: None,
            timeout: None,
            concurrency: None,
            error: None,
        }
    }

    /// The operation this request calls.
    pub fn operation(&self) -> &'static Operation {
        self.operation
    }

    /// Sets the path or query parameter `name` (as the spec names it) to `value`; for an
    /// array parameter each call adds one value (the key is repeated).
    pub fn param(mut self, name: &str, value: impl fmt::Display) -> Self {
        if self.error.is_some() {
            return self;
        }
        let value = value.to_string();
        match self.operation.parameter(name) {
            None => {
                let known: Vec<&str> = self.operation.parameters.iter().map(|p| p.name).collect();
                self.error = Some(Error::invalid(
                    "parameter",
                    format!(
                        "{} has no parameter `{name}`; it takes: {}",
                        self.operation.id,
                        if known.is_empty() {
                            "none".to_string()
                        } else {
                            known.join(", ")
                        }
                    ),
                ));
            }
            Some(parameter) => match check_value(parameter, &value) {
                Err(reason) => self.error = Some(Error::invalid(parameter.name, reason)),
                Ok(()) => {
                    if !parameter.array {
                        self.values.retain(|(p, _)| p.name != parameter.name);
                    }
                    self.values.push((parameter, value));
                }
            },
        }
        self
    }

    /// The JSON body of a write.
    pub fn body(mut self, body: &impl serde::Serialize) -> Self {
        if self.error.is_some() {
            return self;
        }
        if self.operation.body == Body::None {
            self.error = Some(Error::invalid(
                "body",
                format!("{} takes no body", self.operation.id),
            ));
            return self;
        }
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some(bytes.into()),
            Err(e) => self.error = Some(Error::invalid("body", e.to_string())),
        }
        self
    }

    /// The timeout of each attempt (the client's by default).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How many pages of a page-number listing [`stream`](Self::stream) fetches at once
    /// (by default as many as the client's limiter lets out; a page-token listing always
    /// fetches one page after the other).
    pub fn concurrency(mut self, pages: usize) -> Self {
        self.concurrency = Some(pages.max(1));
        self
    }

    /// Sends the request and returns the answer's `data`.
    ///
    /// A write the spec does not mark safe to repeat is sent again only when the platform
    /// surely did not act on it; otherwise its failure is [`Error::OutcomeUnknown`].
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a parameter or body the spec refuses, or a file
    /// operation (use [`download`](Self::download)); [`Error::NoToken`] when the
    /// operation needs a kind of token the client lacks; otherwise any [`Error`] left once
    /// retries are spent.
    pub async fn send(self) -> Result<Response, Error> {
        if self.operation.binary {
            return Err(Error::invalid(
                "operation",
                format!("{} answers a file: download it", self.operation.id),
            ));
        }
        let prepared = self.prepare()?;
        let reply = self.exchange(&prepared, None, None).await?;
        Ok(Response {
            data: reply.data,
            log_id: reply.log_id,
        })
    }

    /// Checks the request against the spec and lays out its path, query and body.
    fn prepare(&self) -> Result<Prepared, Error> {
        if let Some(error) = &self.error {
            return Err(error.clone());
        }
        if self.operation.body == Body::Required && self.body.is_none() {
            return Err(Error::invalid(
                "body",
                format!("{} needs a JSON body", self.operation.id),
            ));
        }
        let mut path = String::with_capacity(self.operation.path.len() + 32);
        for (i, segment) in self.operation.path.split('/').enumerate() {
            if i > 0 {
                path.push('/');
            }
            match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                None => path.push_str(segment),
                Some(name) => {
                    let value = self
                        .values
                        .iter()
                        .find(|(p, _)| p.name == name)
                        .map(|(_, v)| v.as_str());
                    match value {
                        Some(v) if !v.is_empty() => {
                            path.extend(percent_encoding::utf8_percent_encode(v, PATH_SEGMENT))
                        }
                        _ => {
                            return Err(Error::invalid(
                                self.operation.parameter(name).map_or("path", |p| p.name),
                                format!("{} needs `{name}` in its path", self.operation.id),
                            ));
                        }
                    }
                }
            }
        }
        for parameter in self.operation.parameters {
            if parameter.required
                && parameter.location == Location::Query
                && !self.values.iter().any(|(p, _)| p.name == parameter.name)
            {
                return Err(Error::invalid(
                    parameter.name,
                    format!("{} needs `{}`", self.operation.id, parameter.name),
                ));
            }
        }
        let query = self
            .values
            .iter()
            .filter(|(p, _)| p.location == Location::Query)
            .map(|(p, v)| (p.name, v.clone()))
            .collect();
        Ok(Prepared {
            path,
            query,
            body: self.body.clone(),
        })
    }

    /// One call of the operation with `prepared` through the transport.
    async fn exchange(
        &self,
        prepared: &Prepared,
        admission: Option<&dyn Admission>,
        page: Option<u64>,
    ) -> Result<Reply, Error> {
        let call = Call {
            timeout: self.timeout,
            admission,
            page,
            ..Call::of(self.operation)
        };
        let operation = self.operation;
        let answer = self
            .transport
            .call(
                call,
                |api| async move { send(api, operation, prepared).await },
            )
            .await?;
        let mut reply = answer.body;
        reply.log_id = answer.log_id;
        Ok(reply)
    }
}

/// The characters of a path segment sent as they are (RFC 3986 unreserved); every other
/// byte is percent-encoded, `/` included, so a value stays one segment.
const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Whether `value` is one the spec allows for `parameter`.
fn check_value(parameter: &Parameter, value: &str) -> Result<(), String> {
    if parameter.location == Location::Path && matches!(value, "" | "." | "..") {
        // `.` and `..` would be resolved as dot segments: the request would go elsewhere.
        return Err(format!("{value:?} cannot be a path segment"));
    }
    match parameter.kind {
        ValueKind::String => Ok(()),
        ValueKind::Boolean => match value {
            "true" | "false" => Ok(()),
            _ => Err(format!("{value:?} is not true or false")),
        },
        ValueKind::Number => value
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .map(|_| ())
            .ok_or_else(|| format!("{value:?} is not a number")),
        ValueKind::Integer => {
            let n: i64 = value
                .parse()
                .map_err(|_| format!("{value:?} is not a whole number"))?;
            if let Some(min) = parameter.minimum
                && n < min
            {
                return Err(format!("{n} is below the minimum {min}"));
            }
            if let Some(max) = parameter.maximum
                && n > max
            {
                return Err(format!("{n} is above the maximum {max}"));
            }
            Ok(())
        }
    }
}

/// A request laid out: path (encoded), query pairs, body.
#[derive(Debug, Clone)]
struct Prepared {
    path: String,
    query: Vec<(&'static str, String)>,
    body: Option<bytes::Bytes>,
}

impl Prepared {
    /// The query with `name` set to `value` (replacing any value given).
    fn with(&self, name: &'static str, value: String) -> Prepared {
        let mut out = self.clone();
        out.query.retain(|(n, _)| *n != name);
        out.query.push((name, value));
        out
    }
}

/// What an answer said: the envelope read generically, or a file left unread.
struct Reply {
    code: i64,
    msg: Option<String>,
    body_log_id: Option<String>,
    data: Value,
    log_id: Option<String>,
    file: Option<reqwest::Response>,
}

impl Envelope for Reply {
    fn code(&self) -> i64 {
        self.code
    }
    fn msg(&self) -> Option<&str> {
        self.msg.as_deref()
    }
    fn body_log_id(&self) -> Option<&str> {
        self.body_log_id.as_deref()
    }
}

/// The platform's envelope, whatever the operation.
#[derive(Deserialize)]
struct Generic {
    code: i64,
    #[serde(default)]
    msg: Option<String>,
    #[serde(default)]
    data: Option<Value>,
    #[serde(default)]
    error: Option<types::ErrorDetail>,
}

/// Sends one attempt of `operation` through the generated client's hooks (which set the
/// attempt's credentials and timeout and record what the answer said), as a generated
/// method would.
async fn send(
    api: api::Client,
    operation: &'static Operation,
    prepared: &Prepared,
) -> Result<ResponseValue<Reply>, api::Error<types::ErrorResponse>> {
    let method = match operation.method {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Put => reqwest::Method::PUT,
        Method::Patch => reqwest::Method::PATCH,
        Method::Delete => reqwest::Method::DELETE,
    };
    let mut builder = api
        .client()
        .request(method, format!("{}{}", api.baseurl(), prepared.path))
        .query(&prepared.query)
        .header(
            ACCEPT,
            HeaderValue::from_static(if operation.binary {
                "*/*"
            } else {
                "application/json"
            }),
        );
    if let Some(body) = &prepared.body {
        builder = builder
            .header(
                CONTENT_TYPE,
                HeaderValue::from_static("application/json; charset=utf-8"),
            )
            .body(body.clone());
    }
    let mut request = builder.build()?;
    let info = OperationInfo {
        operation_id: operation.id,
    };
    api.pre(&mut request, &info).await?;
    let result = api.exec(request, &info).await;
    api.post(&result, &info).await?;
    let response = result?;
    let status = response.status();
    if status != reqwest::StatusCode::OK {
        return Err(api::Error::UnexpectedResponse(response));
    }
    let json = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("application/json"));
    if operation.binary && !json {
        let headers = response.headers().clone();
        let reply = Reply {
            code: 0,
            msg: None,
            body_log_id: None,
            data: Value::Null,
            log_id: None,
            file: Some(response),
        };
        return Ok(ResponseValue::new(reply, status, headers));
    }
    let value = ResponseValue::<Generic>::from_response(response).await?;
    let (status, headers) = (value.status(), value.headers().clone());
    let generic = value.into_inner();
    let reply = Reply {
        code: generic.code,
        msg: generic.msg,
        body_log_id: generic.error.and_then(|e| e.log_id),
        data: generic.data.unwrap_or(Value::Null),
        log_id: None,
        file: None,
    };
    Ok(ResponseValue::new(reply, status, headers))
}
