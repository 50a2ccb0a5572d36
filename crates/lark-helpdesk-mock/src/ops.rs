//! Every operation of a spec, read once into what the fake server needs to serve it: its
//! route, the token kinds it accepts, its parameters, the schema of its body, its
//! documented answers and the project's extensions.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock};

use lark_helpdesk_api::spec::Spec;
use serde_json::{Value, json};

use crate::conventions::{Pagination, ResourceOp, is_binary};
use crate::formats;
use crate::params::{Location, Param};
use crate::route::PathTemplate;

/// The security scheme of a user access token; every other bearer scheme is a tenant
/// access token.
pub(crate) const USER_SCHEME: &str = "userAccessToken";

/// The kind of an access token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    Tenant,
    User,
}

impl TokenKind {
    pub(crate) fn name(self) -> &'static str {
        match self {
            TokenKind::Tenant => "tenant_access_token",
            TokenKind::User => "user_access_token",
        }
    }
}

/// One alternative of an operation's `security`: a token of a kind (or none), with the
/// apiKey header it also needs (the helpdesk credential), if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Alternative {
    pub token: Option<TokenKind>,
    pub header: Option<String>,
}

/// The JSON body an operation takes.
pub(crate) struct Body {
    pub validator: jsonschema::Validator,
    pub required: bool,
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Body")
            .field("required", &self.required)
            .finish_non_exhaustive()
    }
}

/// One operation of the spec.
#[derive(Debug)]
pub(crate) struct Operation {
    pub id: String,
    /// Upper case, e.g. `GET`.
    pub method: String,
    pub template: PathTemplate,
    /// The accepted ways of authenticating; empty: none needed.
    pub security: Vec<Alternative>,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    /// The documented 200 example (a bare success envelope when there is none).
    pub ok: Value,
    /// Answers bytes (`x-binary`).
    pub binary: bool,
    /// The content type of those bytes: the first one other than JSON that its 200 answer
    /// documents (`application/octet-stream` when it documents none).
    pub binary_type: &'static str,
    /// The documented error examples, serialised, by status.
    pub errors: HashMap<u16, Vec<u8>>,
    pub pagination: Option<Pagination>,
    pub resource: Option<ResourceOp>,
}

impl Operation {
    /// A path parameter's example, as text.
    pub(crate) fn path_example(&self, name: &str) -> Option<String> {
        self.params
            .iter()
            .find(|p| p.location == Location::Path && p.name == name)
            .and_then(|p| p.example.as_ref())
            .map(|e| match e {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
    }

    /// The captured value of a path parameter.
    pub(crate) fn captured<'c>(captures: &'c [(String, String)], name: &str) -> Option<&'c str> {
        captures
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The operations of a spec.
#[derive(Debug)]
pub(crate) struct Operations {
    ops: Vec<Operation>,
}

impl Operations {
    /// The operations of the embedded spec, read once.
    pub(crate) fn embedded() -> Result<Arc<Operations>, String> {
        static OPS: OnceLock<Result<Arc<Operations>, String>> = OnceLock::new();
        OPS.get_or_init(|| Operations::read(Spec::embedded()).map(Arc::new))
            .clone()
    }

    /// Reads every operation of `spec`.
    pub(crate) fn read(spec: &Spec) -> Result<Operations, String> {
        let ops = spec
            .operations()
            .map(|(id, method, path, op)| {
                read_operation(spec, id, method, path, op).map_err(|e| format!("{id}: {e}"))
            })
            .collect::<Result<_, _>>()?;
        Ok(Operations { ops })
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &Operation> {
        self.ops.iter()
    }

    /// The operation a request goes to, with its path parameters: of those matching the
    /// method and the path, the most specific.
    pub(crate) fn route(
        &self,
        method: &str,
        path: &str,
    ) -> Option<(&Operation, Vec<(String, String)>)> {
        self.ops
            .iter()
            .filter(|op| op.method == method)
            .filter_map(|op| Some((op, op.template.captures(path)?)))
            .max_by_key(|(op, _)| op.template.specificity())
    }
}

fn read_operation(
    spec: &Spec,
    id: &str,
    method: &str,
    path: &str,
    op: &Value,
) -> Result<Operation, String> {
    let doc = spec.document();
    let security = op
        .get("security")
        .or_else(|| doc.get("security"))
        .and_then(Value::as_array)
        .map(|alternatives| {
            alternatives
                .iter()
                .map(|alternative| read_alternative(spec, alternative))
                .collect()
        })
        .unwrap_or_default();

    // Parameters of the path item first, those of the operation override them.
    let mut params: Vec<Param> = Vec::new();
    let path_item = &doc["paths"][path];
    for source in [&path_item["parameters"], &op["parameters"]] {
        for param in source.as_array().into_iter().flatten() {
            if let Some(param) = Param::read(spec.resolve(param), |v| spec.resolve(v)) {
                params.retain(|p| p.name != param.name || p.location != param.location);
                params.push(param);
            }
        }
    }

    let body = match op.get("requestBody").map(|b| spec.resolve(b)) {
        Some(request_body) => match request_body["content"]["application/json"].get("schema") {
            Some(schema) => Some(Body {
                validator: formats::validator(&spec.json_schema(schema))
                    .map_err(|e| format!("the request body's schema does not compile: {e}"))?,
                required: request_body["required"].as_bool() == Some(true),
            }),
            None => None,
        },
        None => None,
    };

    let ok_response = op["responses"].get("200").map(|r| spec.resolve(r));
    let ok_content = ok_response.and_then(|r| r.get("content"));
    let ok = ok_content
        .and_then(|c| c["application/json"].get("example"))
        .cloned()
        .unwrap_or_else(|| json!({"code": 0, "msg": "success", "data": {}}));

    let errors = op["responses"]
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(status, response)| {
            let status: u16 = status.parse().ok().filter(|s| *s >= 400)?;
            let example = spec.resolve(response)["content"]["application/json"].get("example")?;
            Some((status, serde_json::to_vec(example).ok()?))
        })
        .collect();

    Ok(Operation {
        id: id.to_owned(),
        method: method.to_ascii_uppercase(),
        template: PathTemplate::parse(path),
        security,
        params,
        body,
        ok,
        binary: is_binary(op, ok_content),
        binary_type: binary_type(ok_content),
        errors,
        pagination: Pagination::read(op)?,
        resource: ResourceOp::read(op)?,
    })
}

/// The content type of the bytes of a binary answer (see [`Operation::binary_type`]).
fn binary_type(ok_content: Option<&Value>) -> &'static str {
    const DEFAULT: &str = "application/octet-stream";
    let documented = ok_content
        .and_then(Value::as_object)
        .and_then(|c| c.keys().find(|k| !k.contains("json")));
    match documented {
        None => DEFAULT,
        Some(t) if t == DEFAULT => DEFAULT,
        Some(t) => intern(t),
    }
}

/// `text` for as long as the process lasts. Each distinct content type of the specs
/// served is kept once (a handful), so that answers can name it without a copy.
fn intern(text: &str) -> &'static str {
    static HELD: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());
    let mut held = HELD
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(t) = held.iter().find(|t| **t == text) {
        return t;
    }
    let t: &'static str = Box::leak(text.to_owned().into_boxed_str());
    held.push(t);
    t
}

fn read_alternative(spec: &Spec, alternative: &Value) -> Alternative {
    let schemes = &spec.document()["components"]["securitySchemes"];
    let mut read = Alternative {
        token: None,
        header: None,
    };
    for name in alternative
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, _)| k)
    {
        let scheme = spec.resolve(&schemes[name]);
        match (scheme["type"].as_str(), scheme["in"].as_str()) {
            (Some("http"), _) => {
                read.token = Some(if name == USER_SCHEME {
                    TokenKind::User
                } else {
                    TokenKind::Tenant
                });
            }
            (Some("apiKey"), Some("header")) => {
                read.header = scheme["name"].as_str().map(str::to_owned);
            }
            _ => {}
        }
    }
    read
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_spec_reads() {
        let ops = Operations::embedded().unwrap();
        let (op, captures) = ops
            .route("GET", "/open-apis/helpdesk/v1/tickets/12%203/messages")
            .unwrap();
        assert_eq!(op.id, "list_ticket_messages");
        assert_eq!(captures, [("ticket_id".to_owned(), "12 3".to_owned())]);
        assert_eq!(
            op.security,
            [Alternative {
                token: Some(TokenKind::Tenant),
                header: Some("X-Lark-Helpdesk-Authorization".into()),
            }]
        );
        let token = ops
            .iter()
            .find(|op| op.id == "tenant_access_token_internal")
            .unwrap();
        assert!(token.security.is_empty());
        assert!(token.body.as_ref().is_some_and(|b| b.required));
        assert!(
            ops.route("POST", "/open-apis/helpdesk/v1/tickets")
                .is_none()
        );
    }
}
