//! The operation table: what the spec says of each operation beyond progenitor's client
//! (token kinds, parameters, pagination, whether a write may be repeated, binary answers),
//! written as `crates/lark-helpdesk-api/src/operations.rs`, plus the `Envelope` impl of
//! every JSON answer type. The types are hand-written in the api crate's `operation.rs`;
//! only the values come from here, so a new operation in the spec needs no code.

use serde_yaml::Value as Yaml;

/// The Rust source of `operations.rs` (before prettyplease), from the parsed spec.
pub fn generate(spec: &Yaml) -> Result<String, String> {
    let paths = spec
        .get("paths")
        .and_then(Yaml::as_mapping)
        .ok_or("the spec has no paths")?;
    let mut consts = String::new();
    let mut names = Vec::new();
    let mut envelopes = Vec::new();
    for (path, item) in paths {
        let path = path.as_str().ok_or("a path that is not a string")?;
        let Some(item) = item.as_mapping() else {
            continue;
        };
        for (method, op) in item {
            let Some(method) = method.as_str().and_then(method_variant) else {
                continue;
            };
            let id = op
                .get("operationId")
                .and_then(Yaml::as_str)
                .ok_or_else(|| format!("{method} {path} has no operationId"))?;
            let context = |what: &str| format!("{id}: {what}");
            let name = id.to_uppercase();
            let doc = format!("`{id}`: {}", text(op, "summary"));
            let tokens = tokens(spec, op).map_err(|e| context(&e))?;
            let parameters = parameters(spec, op).map_err(|e| context(&e))?;
            let body = match op.get("requestBody").map(|b| resolve(spec, b)) {
                None => "Body::None",
                Some(b) if b.get("required").and_then(Yaml::as_bool) == Some(true) => {
                    "Body::Required"
                }
                Some(_) => "Body::Optional",
            };
            let pagination = match op.get("x-pagination") {
                None => "None".to_string(),
                Some(p) => format!("Some({})", pagination(p).map_err(|e| context(&e))?),
            };
            let idempotent = if method == "Get" {
                true
            } else {
                op.get("x-idempotent")
                    .and_then(Yaml::as_bool)
                    .ok_or_else(|| context("a write without `x-idempotent: true|false`"))?
            };
            let binary = op.get("x-binary").and_then(Yaml::as_bool) == Some(true);
            let limit = op.get("x-rate-limit");
            let per = |key: &str| match limit.and_then(|l| l.get(key)).and_then(Yaml::as_u64) {
                Some(n) => format!("Some({n})"),
                None => "None".into(),
            };
            let export = match op.get("x-export") {
                None => "None".to_string(),
                Some(x) => format!("Some({})", export(x).map_err(|e| context(&e))?),
            };
            consts.push_str(&format!(
                "#[doc = {doc:?}]\npub const {name}: Operation = Operation {{\n\
                 id: {id:?}, method: Method::{method}, path: {path:?}, summary: {summary:?},\n\
                 tokens: &[{tokens}], parameters: &[{parameters}], body: {body},\n\
                 pagination: {pagination}, idempotent: {idempotent}, binary: {binary},\n\
                 rate_limit: RateLimit {{ per_second: {ps}, per_minute: {pm} }},\n\
                 export: {export},\n}};\n",
                summary = text(op, "summary"),
                ps = per("per_second"),
                pm = per("per_minute"),
            ));
            names.push(name);
            if let Some(envelope) = answer_type(spec, op) {
                envelopes.push(envelope);
            }
        }
    }
    envelopes.sort();
    envelopes.dedup();
    let mut out = String::from(
        "//! The operations of the spec, as data (see `operation.rs` for the types).\n\
         #[allow(unused_imports)]\n\
         use crate::operation::{Body, Envelope, Export, Location, Method, Operation, Pagination, \
         Parameter, RateLimit, TokenKind, ValueKind};\n\
         use crate::event::{EventKind, Subscription};\nuse crate::types;\n",
    );
    out.push_str(&consts);
    out.push_str(&format!(
        "/// Every operation of the spec, in its order.\npub const ALL: &[&Operation] = &[{}];\n",
        names
            .iter()
            .map(|n| format!("&{n}"))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    out.push_str(&crate::events::generate(spec)?);
    for (ty, has_error) in envelopes {
        let log_id = if has_error {
            "fn body_log_id(&self) -> Option<&str> { \
             self.error.as_ref().and_then(|e| e.log_id.as_deref()) }"
        } else {
            ""
        };
        out.push_str(&format!(
            "impl Envelope for types::{ty} {{\n\
             fn code(&self) -> i64 {{ self.code }}\n\
             fn msg(&self) -> Option<&str> {{ self.msg.as_deref() }}\n{log_id}\n}}\n"
        ));
    }
    Ok(out)
}

fn method_variant(method: &str) -> Option<&'static str> {
    Some(match method {
        "get" => "Get",
        "post" => "Post",
        "put" => "Put",
        "patch" => "Patch",
        "delete" => "Delete",
        _ => return None,
    })
}

pub(crate) fn text<'a>(value: &'a Yaml, key: &str) -> &'a str {
    value.get(key).and_then(Yaml::as_str).unwrap_or_default()
}

/// Follows local `$ref`s.
pub(crate) fn resolve<'a>(spec: &'a Yaml, mut value: &'a Yaml) -> &'a Yaml {
    for _ in 0..16 {
        let Some(reference) = value.get("$ref").and_then(Yaml::as_str) else {
            return value;
        };
        let mut target = spec;
        for part in reference.trim_start_matches("#/").split('/') {
            match target.get(part) {
                Some(next) => target = next,
                None => return value,
            }
        }
        value = target;
    }
    value
}

/// The token kinds of the operation's `security` alternatives, in order.
fn tokens(spec: &Yaml, op: &Yaml) -> Result<String, String> {
    let security = op.get("security").or_else(|| spec.get("security"));
    let mut kinds = Vec::new();
    for alternative in security.and_then(Yaml::as_sequence).into_iter().flatten() {
        for scheme in alternative
            .as_mapping()
            .into_iter()
            .flatten()
            .map(|(k, _)| k)
        {
            let kind = match scheme.as_str() {
                Some("tenantAccessToken") => "TokenKind::Tenant",
                Some("userAccessToken") => "TokenKind::User",
                Some("helpdeskCredential") => continue,
                other => return Err(format!("unknown security scheme {other:?}")),
            };
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
        }
    }
    Ok(kinds.join(", "))
}

fn parameters(spec: &Yaml, op: &Yaml) -> Result<String, String> {
    let mut out = Vec::new();
    for parameter in op
        .get("parameters")
        .and_then(Yaml::as_sequence)
        .into_iter()
        .flatten()
    {
        let parameter = resolve(spec, parameter);
        let name = text(parameter, "name");
        let location = match text(parameter, "in") {
            "path" => "Location::Path",
            "query" => "Location::Query",
            // Headers and cookies are the SDK's own (credentials), never the caller's.
            _ => continue,
        };
        let schema = resolve(spec, parameter.get("schema").unwrap_or(&Yaml::Null));
        let array = text(schema, "type") == "array";
        let item = if array {
            resolve(spec, schema.get("items").unwrap_or(&Yaml::Null))
        } else {
            schema
        };
        let kind = match text(item, "type") {
            "integer" => "ValueKind::Integer",
            "number" => "ValueKind::Number",
            "boolean" => "ValueKind::Boolean",
            "string" | "" => "ValueKind::String",
            other => return Err(format!("parameter {name}: type {other} is not supported")),
        };
        let bound = |key: &str| match item.get(key).and_then(Yaml::as_i64) {
            Some(n) => format!("Some({n})"),
            None => "None".into(),
        };
        out.push(format!(
            "Parameter {{ name: {name:?}, location: {location}, required: {required}, \
             kind: {kind}, array: {array}, minimum: {min}, maximum: {max}, \
             description: {description:?} }}",
            required = parameter.get("required").and_then(Yaml::as_bool) == Some(true),
            min = bound("minimum"),
            max = bound("maximum"),
            description = text(parameter, "description"),
        ));
    }
    Ok(out.join(", "))
}

fn pagination(p: &Yaml) -> Result<String, String> {
    let field = |key: &str| -> Result<&str, String> {
        p.get(key)
            .and_then(Yaml::as_str)
            .ok_or_else(|| format!("x-pagination lacks `{key}`"))
    };
    let number = |key: &str| -> Result<u64, String> {
        p.get(key)
            .and_then(Yaml::as_u64)
            .ok_or_else(|| format!("x-pagination lacks `{key}`"))
    };
    let item_id = p.get("item_id").and_then(Yaml::as_str).unwrap_or_default();
    Ok(match field("style")? {
        "page" => format!(
            "Pagination::Page {{ items: {:?}, item_id: {item_id:?}, page_param: {:?}, \
             size_param: {:?}, size_max: {}, size_default: {}, total: {:?} }}",
            field("items")?,
            field("page_param")?,
            field("size_param")?,
            number("size_max")?,
            number("size_default")?,
            field("total")?,
        ),
        "page_token" => format!(
            "Pagination::Token {{ items: {:?}, item_id: {item_id:?}, token_param: {:?}, \
             next_token: {:?}, has_more: {:?}, size_param: {:?}, size_max: {}, \
             size_default: {} }}",
            field("items")?,
            field("token_param")?,
            field("next_token")?,
            field("has_more")?,
            field("size_param")?,
            number("size_max")?,
            number("size_default")?,
        ),
        other => return Err(format!("x-pagination style {other} is not known")),
    })
}

/// The `Export` of an `x-export`.
fn export(x: &Yaml) -> Result<String, String> {
    let text = |key: &str| x.get(key).and_then(Yaml::as_str).unwrap_or_default();
    let part = text("part");
    if part.is_empty() {
        return Err("x-export lacks `part`".into());
    }
    let of = match x.get("of").and_then(Yaml::as_str) {
        Some(of) => format!("Some({of:?})"),
        None => "None".into(),
    };
    let scalar = |v: &Yaml| -> Result<String, String> {
        match v {
            Yaml::String(s) => Ok(s.clone()),
            Yaml::Number(n) => Ok(n.to_string()),
            Yaml::Bool(b) => Ok(b.to_string()),
            other => Err(format!("x-export: a query value {other:?} is not a scalar")),
        }
    };
    let mut calls = Vec::new();
    for call in x
        .get("calls")
        .and_then(Yaml::as_sequence)
        .into_iter()
        .flatten()
    {
        let call = call
            .as_mapping()
            .ok_or("x-export: a call that is not a mapping")?;
        let mut pairs = Vec::new();
        for (key, value) in call {
            let key = key
                .as_str()
                .ok_or("x-export: a query key that is not a string")?;
            match value.as_sequence() {
                Some(values) => {
                    for v in values {
                        pairs.push(format!("({key:?}, {:?})", scalar(v)?));
                    }
                }
                None => pairs.push(format!("({key:?}, {:?})", scalar(value)?)),
            }
        }
        calls.push(format!("&[{}]", pairs.join(", ")));
    }
    let entries = match x.get("entries").and_then(Yaml::as_sequence) {
        None => "None".into(),
        Some(e) => match (
            e.first().and_then(Yaml::as_str),
            e.get(1).and_then(Yaml::as_str),
        ) {
            (Some(k), Some(v)) if e.len() == 2 => format!("Some(({k:?}, {v:?}))"),
            _ => return Err("x-export: `entries` is not [key, value]".into()),
        },
    };
    Ok(format!(
        "Export {{ part: {part:?}, of: {of}, calls: &[{}], items: {:?}, item_id: {:?}, \
         entries: {entries} }}",
        calls.join(", "),
        text("items"),
        text("item_id"),
    ))
}

/// The generated type of the operation's JSON success answer (a `$ref` to a component
/// schema with `code`), and whether it has `error`.
fn answer_type(spec: &Yaml, op: &Yaml) -> Option<(String, bool)> {
    let schema = op
        .get("responses")?
        .get("200")
        .map(|r| resolve(spec, r))?
        .get("content")?
        .get("application/json")?
        .get("schema")?;
    let name = schema
        .get("$ref")?
        .as_str()?
        .rsplit('/')
        .next()?
        .to_string();
    let properties = resolve(spec, schema).get("properties")?;
    properties.get("code")?;
    Some((name, properties.get("error").is_some()))
}
