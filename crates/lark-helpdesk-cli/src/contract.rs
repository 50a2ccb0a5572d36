//! What `check` checks an answer for, against the spec: a documented status, the
//! documented headers and content type, a body that matches the documented schema (for a
//! file, a type that is not JSON and some bytes), and pages that add up, by page number
//! or by page token. Pure functions of the spec and the answer.

use std::collections::HashSet;
use std::fmt;

use lark_helpdesk_api::spec::Spec;
use serde_json::Value;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// What the spec does not say but a tolerant client copes with: an unknown field, an
    /// undocumented enum value.
    Warning,
    /// What breaks the contract: an undocumented status or content type, a missing
    /// header or field, a field of another type, pages that do not add up.
    Failure,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Failure => "FAILURE",
        })
    }
}

/// One thing found wrong in an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// How bad.
    pub severity: Severity,
    /// Where in the body (`$.data.messages[3].created_at`), or `$` for the answer as a
    /// whole (its status, headers, content type).
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl Issue {
    fn failure(path: &str, message: impl Into<String>) -> Self {
        Issue {
            severity: Severity::Failure,
            path: path.to_owned(),
            message: message.into(),
        }
    }

    fn warning(path: &str, message: impl Into<String>) -> Self {
        Issue {
            severity: Severity::Warning,
            path: path.to_owned(),
            message: message.into(),
        }
    }
}

/// An answer as it came: enough to check it.
#[derive(Debug, Clone)]
pub struct Answer<'a> {
    /// The operation id of the request.
    pub operation: &'a str,
    /// The HTTP status.
    pub status: u16,
    /// The names of the headers it carried.
    pub headers: Vec<String>,
    /// `Content-Type`, if sent.
    pub content_type: Option<String>,
    /// The body.
    pub body: &'a [u8],
}

/// Checks `answer` against what `spec` documents for its operation; the issues found,
/// and the body when it is JSON.
pub fn check_answer(spec: &Spec, answer: &Answer<'_>) -> (Vec<Issue>, Option<Value>) {
    let mut issues = Vec::new();
    let body: Option<Value> = serde_json::from_slice(answer.body).ok();
    let Some(documented) = spec.response(answer.operation, answer.status) else {
        let statuses: Vec<String> = spec
            .documented_responses()
            .iter()
            .filter(|r| r.operation_id == answer.operation)
            .map(|r| r.status.to_string())
            .collect();
        issues.push(Issue::failure(
            "$",
            format!(
                "HTTP {} is not a documented answer of {} (documented: {})",
                answer.status,
                answer.operation,
                statuses.join(", ")
            ),
        ));
        return (issues, body);
    };
    for header in &documented.headers {
        if !answer
            .headers
            .iter()
            .any(|h| h.eq_ignore_ascii_case(header))
        {
            issues.push(Issue::failure(
                "$",
                format!("the documented header {header} is missing"),
            ));
        }
    }
    let media = answer.content_type.as_deref().map(|c| {
        c.split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase()
    });
    let json = |m: &str| m.contains("json");
    if !documented.content_types.is_empty() && !documented.content_types.iter().any(|d| json(d)) {
        return check_file(spec, answer, media.as_deref(), body, issues);
    }
    if !documented.content_types.is_empty()
        && !media
            .as_ref()
            .is_some_and(|m| documented.content_types.iter().any(|d| d == m))
    {
        issues.push(Issue::failure(
            "$",
            format!(
                "content type {} is not documented (documented: {})",
                media.as_deref().unwrap_or("(none)"),
                documented.content_types.join(", ")
            ),
        ));
    }
    // A failure answered at HTTP 200 (`code` not 0) is an error envelope, not a page.
    let error = Value::String("#/components/schemas/ErrorResponse".into());
    let error = serde_json::json!({ "$ref": error });
    let schema = match &body {
        Some(b) if b["code"].as_i64().is_some_and(|c| c != 0) => Some(&error),
        _ => documented.schema.as_ref(),
    };
    match (&body, schema) {
        (None, Some(_)) => issues.push(Issue::failure("$", "the body is not JSON")),
        (Some(body), Some(schema)) => validate(spec, schema, body, "$", &mut issues),
        _ => {}
    }
    (issues, body)
}

/// The checks of an answer the spec documents as a file (`x-binary`: its content is not
/// JSON): a content type that is not JSON (which file type is the server's to say: the
/// spec's `application/octet-stream` stands for any) and a body that is not empty. An
/// error envelope in its place (JSON with a `code` other than 0, as the platform answers
/// some failures at HTTP 200) is checked as one, and returned for the caller to report.
fn check_file(
    spec: &Spec,
    answer: &Answer<'_>,
    media: Option<&str>,
    body: Option<Value>,
    mut issues: Vec<Issue>,
) -> (Vec<Issue>, Option<Value>) {
    match media {
        None => issues.push(Issue::failure(
            "$",
            "no content type on a file the spec documents",
        )),
        Some(m) if m.contains("json") => {
            if let Some(b) = &body
                && b["code"].as_i64().is_some_and(|c| c != 0)
            {
                let error = serde_json::json!({"$ref": "#/components/schemas/ErrorResponse"});
                validate(spec, &error, b, "$", &mut issues);
                return (issues, body);
            }
            issues.push(Issue::failure(
                "$",
                format!("content type {m} where the spec documents a file, not JSON"),
            ));
        }
        Some(_) => {}
    }
    if answer.body.is_empty() {
        issues.push(Issue::failure(
            "$",
            "an empty body where the spec documents a file",
        ));
    }
    (issues, None)
}

/// Checks `value` at `path` against the OpenAPI 3.0 `schema` (the subset the spec uses:
/// `type`, `properties`, `additionalProperties`, `items`, `required`, `x-always-sent`,
/// `nullable`, `enum`, `oneOf`, `allOf`, `$ref`).
pub fn validate(spec: &Spec, schema: &Value, value: &Value, path: &str, out: &mut Vec<Issue>) {
    let schema = spec.resolve(schema);
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        // `nullable` beside `allOf` allows a null the parts would refuse.
        if value.is_null() && schema.get("nullable") == Some(&Value::Bool(true)) {
            return;
        }
        for part in all {
            validate(spec, part, value, path, out);
        }
    }
    if value.is_null() {
        // Fields are nullable unless required: OpenAPI 3.0 has no place for `nullable`
        // beside a `$ref` or a `oneOf`, and the spec says any field may be null. A null
        // in a required field is caught where the object is walked; one elsewhere (an
        // item, the body itself) only where the schema is typed and not nullable.
        let typed = schema.get("type").is_some() || schema.get("oneOf").is_some();
        if typed && !nullable(schema) {
            out.push(Issue::failure(
                path,
                "null, which the spec does not allow here",
            ));
        }
        return;
    }
    if let Some(branches) = schema.get("oneOf").and_then(Value::as_array) {
        let mut best: Option<Vec<Issue>> = None;
        for branch in branches {
            let mut found = Vec::new();
            validate(spec, branch, value, path, &mut found);
            let failures =
                |v: &Vec<Issue>| v.iter().filter(|i| i.severity == Severity::Failure).count();
            if best.as_ref().is_none_or(|b| failures(&found) < failures(b)) {
                best = Some(found);
            }
        }
        match best {
            Some(found) if found.iter().all(|i| i.severity == Severity::Warning) => {
                out.extend(found);
            }
            // The closest shape matched here and failed deeper: its findings name the
            // field.
            Some(found)
                if found
                    .iter()
                    .any(|i| i.severity == Severity::Failure && i.path != path) =>
            {
                out.extend(found);
            }
            _ => out.push(Issue::failure(
                path,
                format!("{} matches none of the documented shapes", describe(value)),
            )),
        }
        return;
    }
    if let Some(options) = schema.get("enum").and_then(Value::as_array)
        && !options.contains(value)
    {
        out.push(Issue::warning(
            path,
            format!("{} is not a documented value", describe(value)),
        ));
    }
    let Some(kind) = schema.get("type").and_then(Value::as_str) else {
        return;
    };
    let matches = match kind {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        // The spec's integers are int64 (or smaller).
        "integer" => value.is_i64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        _ => true,
    };
    if !matches {
        out.push(Issue::failure(
            path,
            format!("{} where the spec has {kind}", describe(value)),
        ));
        return;
    }
    match value {
        Value::Object(map) => {
            let properties = schema.get("properties").and_then(Value::as_object);
            for name in names(schema, "required").chain(names(schema, "x-always-sent")) {
                if !map.contains_key(name) {
                    out.push(Issue::failure(
                        &field(path, name),
                        "missing: the spec says it is always sent",
                    ));
                }
            }
            let required: Vec<&str> = names(schema, "required").collect();
            for (name, v) in map {
                match properties.and_then(|p| p.get(name)) {
                    Some(property) if v.is_null() => {
                        if required.contains(&name.as_str()) && !nullable(spec.resolve(property)) {
                            out.push(Issue::failure(
                                &field(path, name),
                                "null in a field the spec requires",
                            ));
                        }
                    }
                    Some(property) => validate(spec, property, v, &field(path, name), out),
                    // A map (`additionalProperties: {schema}`): any name, values of
                    // that schema; `true`: anything.
                    None => match schema.get("additionalProperties") {
                        Some(Value::Bool(true)) => {}
                        Some(values @ Value::Object(_)) => {
                            validate(spec, values, v, &field(path, name), out);
                        }
                        _ => out.push(Issue::warning(
                            &field(path, name),
                            "a field the spec does not document",
                        )),
                    },
                }
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = schema.get("items") {
                for (i, item) in items.iter().enumerate() {
                    validate(spec, item_schema, item, &format!("{path}[{i}]"), out);
                }
            }
        }
        _ => {}
    }
}

fn nullable(schema: &Value) -> bool {
    schema.get("nullable") == Some(&Value::Bool(true))
}

fn names<'a>(schema: &'a Value, keyword: &str) -> impl Iterator<Item = &'a str> {
    schema
        .get(keyword)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
}

fn field(path: &str, name: &str) -> String {
    if name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        format!("{path}.{name}")
    } else {
        format!("{path}[{name:?}]")
    }
}

/// A value, briefly, for a message.
fn describe(value: &Value) -> String {
    let kind = match value {
        Value::Null => return "null".into(),
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => return "an array".into(),
        Value::Object(_) => return "an object".into(),
    };
    let mut text = value.to_string();
    if text.len() > 40 {
        let cut = (0..=40)
            .rev()
            .find(|i| text.is_char_boundary(*i))
            .unwrap_or(0);
        text.truncate(cut);
        text.push('…');
    }
    format!("{kind} ({text})")
}

/// One page of a walk, as far as its arithmetic goes.
#[derive(Debug, Clone)]
pub struct PageFacts {
    /// The page number asked for.
    pub page: u64,
    /// The page size asked for.
    pub page_size: u64,
    /// `total`, if sent.
    pub total: Option<i64>,
    /// The ids of the items, in order.
    pub ids: Vec<String>,
}

/// Checks that the pages of one walk add up: `total` the same on every page, no page
/// longer than asked, full pages until `total` is reached, no page past it holding items,
/// no item twice. `items` names the array (`$.data.messages`).
pub fn check_pages(pages: &[PageFacts], items: &str) -> Vec<Issue> {
    let mut out = Vec::new();
    let totals: std::collections::BTreeSet<Option<i64>> = pages.iter().map(|p| p.total).collect();
    if totals.len() > 1 {
        out.push(Issue::failure(
            "$.data.total",
            format!("total changed between pages: {totals:?}"),
        ));
    }
    let mut seen = HashSet::new();
    for p in pages {
        let len = p.ids.len() as u64;
        let at = format!("{items} (page {})", p.page);
        if len > p.page_size {
            out.push(Issue::failure(
                &at,
                format!("{len} items on a page of {}", p.page_size),
            ));
        }
        match p.total {
            Some(total) if total < 0 => out.push(Issue::failure(
                "$.data.total",
                format!("a negative total ({total}) on page {}", p.page),
            )),
            Some(total) => {
                let total = total.unsigned_abs();
                let before = (p.page - 1).saturating_mul(p.page_size);
                let expected = total.saturating_sub(before).min(p.page_size);
                if len != expected {
                    out.push(Issue::failure(
                        &at,
                        format!(
                            "{len} items where total {total} means {expected} on page {} of {}",
                            p.page, p.page_size
                        ),
                    ));
                }
            }
            None => out.push(Issue::warning(
                "$.data.total",
                format!("no total on page {}: the last page cannot be told", p.page),
            )),
        }
        for id in &p.ids {
            if !id.is_empty() && !seen.insert(id.clone()) {
                out.push(Issue::failure(
                    &at,
                    format!("item {id} came on an earlier page too"),
                ));
            }
        }
    }
    out
}

/// One page of a walk by page token, as far as its arithmetic goes.
#[derive(Debug, Clone)]
pub struct TokenPageFacts {
    /// The page's place in the walk, from 1.
    pub page: u64,
    /// The page size asked for.
    pub page_size: u64,
    /// The token the page was asked with (`None` for the first page).
    pub sent_token: Option<String>,
    /// `has_more`, if sent as a boolean.
    pub has_more: Option<bool>,
    /// The next page's token, if sent.
    pub next_token: Option<String>,
    /// The ids of the items, in order.
    pub ids: Vec<String>,
}

impl TokenPageFacts {
    /// Whether a walk goes on after this page: more follow, and a token says where, one
    /// that has not been sent before in `walk` (the pages before it).
    pub fn leads_on(&self, walk: &[TokenPageFacts]) -> bool {
        self.has_more == Some(true)
            && self.next_token.as_deref().is_some_and(|t| {
                !t.is_empty()
                    && !walk
                        .iter()
                        .chain([self])
                        .any(|p| p.sent_token.as_deref() == Some(t))
            })
    }
}

/// Checks that the pages of one walk by page token add up: no page longer than asked, a
/// next token whenever `has_more` says more follow, never a token that was sent before
/// (a client following it would walk in a circle), no item twice. `items` names the array
/// (`$.data.items`), `has_more` and `next_token` the fields of `data`.
pub fn check_token_pages(
    pages: &[TokenPageFacts],
    items: &str,
    has_more: &str,
    next_token: &str,
) -> Vec<Issue> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let has_more_at = format!("$.data.{has_more}");
    let next_at = format!("$.data.{next_token}");
    for (i, p) in pages.iter().enumerate() {
        let len = p.ids.len() as u64;
        let at = format!("{items} (page {})", p.page);
        if len > p.page_size {
            out.push(Issue::failure(
                &at,
                format!("{len} items on a page of {}", p.page_size),
            ));
        }
        match (p.has_more, p.next_token.as_deref()) {
            (None, _) => out.push(Issue::warning(
                &has_more_at,
                format!(
                    "no {has_more} on page {}: the last page cannot be told",
                    p.page
                ),
            )),
            (Some(true), None | Some("")) => out.push(Issue::failure(
                &next_at,
                format!(
                    "{has_more} is true on page {} but no {next_token} says where the next page is",
                    p.page
                ),
            )),
            (Some(true), Some(token)) => {
                if let Some(earlier) = pages[..=i]
                    .iter()
                    .find(|e| e.sent_token.as_deref() == Some(token))
                {
                    out.push(Issue::failure(
                        &next_at,
                        format!(
                            "page {} hands back the token page {} was asked with ({token}): a client following it walks in a circle",
                            p.page, earlier.page
                        ),
                    ));
                }
                if len == 0 {
                    out.push(Issue::warning(
                        &at,
                        format!("page {} is empty but says more follow", p.page),
                    ));
                }
            }
            (Some(false), _) => {}
        }
        for id in &p.ids {
            if !id.is_empty() && !seen.insert(id.clone()) {
                out.push(Issue::failure(
                    &at,
                    format!("item {id} came on an earlier page too"),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn token_pages_must_lead_on_without_circles() {
        let facts =
            |page, sent: Option<&str>, more, next: Option<&str>, ids: &[&str]| TokenPageFacts {
                page,
                page_size: 2,
                sent_token: sent.map(str::to_owned),
                has_more: more,
                next_token: next.map(str::to_owned),
                ids: ids.iter().map(|s| (*s).to_owned()).collect(),
            };
        let good = [
            facts(1, None, Some(true), Some("a"), &["1", "2"]),
            facts(2, Some("a"), Some(false), Some("stale"), &["3"]),
        ];
        assert_eq!(
            check_token_pages(&good, "$.data.items", "has_more", "page_token"),
            []
        );
        assert!(good[0].leads_on(&[]));
        assert!(!good[1].leads_on(&good[..1]));

        let circle = [
            facts(1, None, Some(true), Some("a"), &["1", "2"]),
            facts(2, Some("a"), Some(true), Some("a"), &["1", "2", "3"]),
        ];
        assert!(!circle[1].leads_on(&circle[..1]));
        let found = check_token_pages(&circle, "$.data.items", "has_more", "page_token");
        let messages: Vec<(&str, &str)> = found
            .iter()
            .map(|i| (i.path.as_str(), i.message.as_str()))
            .collect();
        assert_eq!(
            messages,
            [
                ("$.data.items (page 2)", "3 items on a page of 2"),
                (
                    "$.data.page_token",
                    "page 2 hands back the token page 2 was asked with (a): a client following it walks in a circle"
                ),
                (
                    "$.data.items (page 2)",
                    "item 1 came on an earlier page too"
                ),
                (
                    "$.data.items (page 2)",
                    "item 2 came on an earlier page too"
                ),
            ]
        );

        let lost = [facts(1, None, Some(true), None, &["1"])];
        let found = check_token_pages(&lost, "$.data.items", "has_more", "next_page_token");
        assert_eq!(
            found,
            [Issue::failure(
                "$.data.next_page_token",
                "has_more is true on page 1 but no next_page_token says where the next page is"
            )]
        );
        assert!(!lost[0].leads_on(&[]));
    }

    #[test]
    fn a_file_is_checked_for_its_type_and_length_not_its_schema() {
        let answer = |content_type: Option<&str>, body: &'static [u8]| Answer {
            operation: "get_ticket_image",
            status: 200,
            headers: vec!["x-tt-logid".into(), "content-disposition".into()],
            content_type: content_type.map(str::to_owned),
            body,
        };
        let png = b"\x89PNG\r\n\x1a\n";
        for media in ["image/png", "application/octet-stream"] {
            assert_eq!(check_answer(spec(), &answer(Some(media), png)).0, []);
        }
        let (found, _) = check_answer(spec(), &answer(Some("image/png"), b""));
        assert_eq!(
            found,
            [Issue::failure(
                "$",
                "an empty body where the spec documents a file"
            )]
        );
        let (found, _) = check_answer(spec(), &answer(Some("application/json"), b"{\"code\":0}"));
        assert_eq!(
            found,
            [Issue::failure(
                "$",
                "content type application/json where the spec documents a file, not JSON"
            )]
        );
        let (found, _) = check_answer(spec(), &answer(None, png));
        assert_eq!(
            found,
            [Issue::failure(
                "$",
                "no content type on a file the spec documents"
            )]
        );
        // An error at HTTP 200 is an envelope, handed back to be reported.
        let error = br#"{"code":154004,"msg":"image not found"}"#;
        let (found, body) = check_answer(spec(), &answer(Some("application/json"), error));
        assert_eq!(found, []);
        assert_eq!(body.unwrap()["code"], 154004);
    }

    fn spec() -> &'static Spec {
        Spec::embedded()
    }

    fn message() -> Value {
        json!({"id": "1", "message_id": "2", "message_type": "text", "created_at": 1_617_960_686_000_i64,
               "content": "{\"content\":\"hi\",\"msg_type\":\"text\"}", "user_name": "A", "avatar_url": "u", "user_id": "ou_1"})
    }

    fn page(messages: Vec<Value>) -> Value {
        json!({"code": 0, "msg": "success", "data": {"messages": messages, "total": 1}})
    }

    fn issues(body: &Value) -> Vec<Issue> {
        let body = serde_json::to_vec(body).unwrap();
        check_answer(
            spec(),
            &Answer {
                operation: "list_ticket_messages",
                status: 200,
                headers: vec!["x-tt-logid".into()],
                content_type: Some("application/json; charset=utf-8".into()),
                body: &body,
            },
        )
        .0
    }

    #[test]
    fn a_documented_page_has_no_issue() {
        assert_eq!(issues(&page(vec![message()])), []);
        let mut nulls = message();
        for (_, v) in nulls.as_object_mut().unwrap() {
            *v = Value::Null;
        }
        assert_eq!(issues(&page(vec![nulls])), [], "any field may be null");
        // But not a required one, nor an item of a list.
        let mut code = page(vec![message()]);
        code["code"] = Value::Null;
        assert_eq!(
            issues(&code),
            [Issue::failure(
                "$.code",
                "null in a field the spec requires"
            )]
        );
        let item = page(vec![Value::Null]);
        assert_eq!(
            issues(&item),
            [Issue::failure(
                "$.data.messages[0]",
                "null, which the spec does not allow here"
            )]
        );
        // A failure at HTTP 200 is an error envelope: no page to miss.
        assert_eq!(
            issues(&json!({"code": 99991663, "msg": "invalid token"})),
            []
        );
        let mut huge = page(vec![message()]);
        huge["data"]["total"] = json!(u64::MAX);
        assert_eq!(issues(&huge).len(), 1, "an integer past int64 is retyped");
    }

    #[test]
    fn missing_and_retyped_fields_fail_unknown_ones_warn() {
        let mut m = message();
        m.as_object_mut().unwrap().remove("created_at");
        m["user_id"] = json!(7);
        m["brand_new"] = json!(true);
        let found = issues(&page(vec![message(), m]));
        assert_eq!(
            found,
            [
                Issue::failure(
                    "$.data.messages[1].created_at",
                    "missing: the spec says it is always sent"
                ),
                Issue::warning(
                    "$.data.messages[1].brand_new",
                    "a field the spec does not document"
                ),
                Issue::failure(
                    "$.data.messages[1].user_id",
                    "a number (7) where the spec has string"
                ),
            ]
        );
        let mut total = page(vec![message()]);
        total["data"]["total"] = json!("1");
        assert_eq!(
            issues(&total),
            [Issue::failure(
                "$.data.total",
                "a string (\"1\") where the spec has integer"
            )]
        );
        let mut stamp = message();
        stamp["created_at"] = json!(true);
        assert_eq!(
            issues(&page(vec![stamp])),
            [Issue::failure(
                "$.data.messages[0].created_at",
                "a boolean (true) matches none of the documented shapes"
            )]
        );
    }

    #[test]
    fn maps_take_any_name_with_values_of_their_schema() {
        let emails = json!({"$ref": "#/components/schemas/AgentEmails"});
        let mut found = Vec::new();
        validate(
            spec(),
            &emails,
            &json!({"ou_1": "a@x", "ou_2": "b@x"}),
            "$",
            &mut found,
        );
        assert_eq!(found, []);
        validate(spec(), &emails, &json!({"ou_1": 7}), "$", &mut found);
        assert_eq!(
            found,
            [Issue::failure(
                "$.ou_1",
                "a number (7) where the spec has string"
            )]
        );
        let mut found = Vec::new();
        let operand = json!({"$ref": "#/components/schemas/AgentSkillRuleOperand"});
        validate(
            spec(),
            &operand,
            &json!({"selected_departments": [{"id": "1"}]}),
            "$",
            &mut found,
        );
        assert_eq!(found, [], "additionalProperties: true takes anything");
    }

    #[test]
    fn a_failure_inside_one_of_names_its_field() {
        let ticket = json!({"ticket_id": "1", "status": 1, "created_at": 5,
                            "comments": {"content": "c", "user_id": "x"}});
        let mut found = Vec::new();
        validate(
            spec(),
            &json!({"$ref": "#/components/schemas/Ticket"}),
            &ticket,
            "$",
            &mut found,
        );
        assert_eq!(
            found,
            [Issue::failure(
                "$.comments.user_id",
                "a string (\"x\") where the spec has integer"
            )]
        );
    }

    #[test]
    fn statuses_headers_and_content_types_are_checked() {
        let body = br#"{"code":0}"#;
        let answer = |status, headers: Vec<String>, content_type: &str| Answer {
            operation: "list_ticket_messages",
            status,
            headers,
            content_type: Some(content_type.into()),
            body,
        };
        let (found, _) = check_answer(spec(), &answer(404, vec![], "application/json"));
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.starts_with(
                "HTTP 404 is not a documented answer of list_ticket_messages (documented: 200, 400"
            ),
            "{found:?}"
        );
        let (found, _) = check_answer(spec(), &answer(200, vec![], "text/html"));
        assert_eq!(
            found,
            [
                Issue::failure("$", "the documented header X-Tt-Logid is missing"),
                Issue::failure(
                    "$",
                    "content type text/html is not documented (documented: application/json)"
                ),
            ]
        );
    }

    #[test]
    fn pages_must_add_up() {
        let ids = |r: std::ops::Range<u32>| r.map(|i| i.to_string()).collect::<Vec<_>>();
        let facts = |page, total, ids| PageFacts {
            page,
            page_size: 2,
            total,
            ids,
        };
        assert_eq!(
            check_pages(
                &[facts(1, Some(3), ids(0..2)), facts(2, Some(3), ids(2..3))],
                "$.data.messages"
            ),
            []
        );
        let found = check_pages(
            &[facts(1, Some(5), ids(0..1)), facts(2, Some(4), ids(0..2))],
            "$.data.messages",
        );
        let messages: Vec<&str> = found.iter().map(|i| i.message.as_str()).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].starts_with("total changed between pages"));
        assert_eq!(messages[1], "1 items where total 5 means 2 on page 1 of 2");
        assert_eq!(messages[2], "item 0 came on an earlier page too");
    }
}
