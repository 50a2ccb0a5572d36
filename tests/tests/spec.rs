//! Tests of `openapi/helpdesk.yaml` itself: it is OpenAPI 3.0 and holds exactly the
//! operations of `openapi/catalog.tsv`, every operation follows the conventions the generic
//! machinery reads (security, `x-idempotent`, `x-pagination`, `x-binary`, `x-rate-limit`,
//! `x-resource`), every documented status and request body has an example, every example
//! validates against its own schema, and the generated types decode the documented examples.

use std::collections::{BTreeMap, BTreeSet};

use lark_helpdesk_api::spec::{DocumentedResponse, Spec};
use lark_helpdesk_api::types::{self, TicketMessagesResponse, Timestamp};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

fn spec() -> &'static Spec {
    Spec::embedded()
}

/// The operation that is not one of the Helpdesk's: the token endpoint.
const TOKEN_OPERATION: &str = "tenant_access_token_internal";

/// `openapi/catalog.tsv`: the 50 (method, path) pairs of the Helpdesk v1 API.
const CATALOG: &str = include_str!("../../openapi/catalog.tsv");

/// One row of the catalog.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct CatalogEntry {
    method: String,
    path: String,
    operation_id: String,
}

impl std::fmt::Display for CatalogEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} ({})", self.method, self.path, self.operation_id)
    }
}

/// The catalog's rows (comment lines start with `#`; the first other line is the header).
fn catalog() -> Vec<CatalogEntry> {
    let mut lines = CATALOG
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty());
    assert_eq!(
        lines.next(),
        Some("method\tpath\toperation_id"),
        "catalog header"
    );
    lines
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 3, "catalog line {line:?}");
            CatalogEntry {
                method: fields[0].to_string(),
                path: fields[1].to_string(),
                operation_id: fields[2].to_string(),
            }
        })
        .collect()
}

/// The spec's operations as catalog rows (method upper-cased).
fn spec_operations() -> Vec<CatalogEntry> {
    spec()
        .operations()
        .map(|(id, method, path, _)| CatalogEntry {
            method: method.to_ascii_uppercase(),
            path: path.to_string(),
            operation_id: id.to_string(),
        })
        .collect()
}

/// Validates `instance` against the OpenAPI `schema` of `spec`; returns the errors.
fn schema_errors(spec: &Spec, schema: &Value, instance: &Value) -> Vec<String> {
    let json_schema = spec.json_schema(schema);
    let validator = jsonschema::draft4::new(&json_schema)
        .unwrap_or_else(|e| panic!("schema {schema} does not compile: {e}"));
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn response(operation: &str, status: u16) -> DocumentedResponse {
    spec()
        .response(operation, status)
        .unwrap_or_else(|| panic!("{operation} documents no {status}"))
}

#[test]
fn spec_is_openapi_3_0_with_operation_ids() {
    let parsed: openapiv3::OpenAPI =
        serde_yaml::from_str(lark_helpdesk_api::SPEC_YAML).expect("spec parses as OpenAPI 3");
    assert!(
        parsed.openapi.starts_with("3.0."),
        "progenitor only takes 3.0.x, got {}",
        parsed.openapi
    );
    let mut ids: Vec<&str> = spec().operations().map(|(id, ..)| id).collect();
    ids.sort_unstable();
    let mut expected: Vec<String> = catalog().into_iter().map(|e| e.operation_id).collect();
    expected.push(TOKEN_OPERATION.to_string());
    expected.sort_unstable();
    assert_eq!(ids, expected, "operations and their ids");
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "operation ids are unique");
    for id in ids {
        assert!(
            id.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                && !id.starts_with('_')
                && !id.ends_with('_'),
            "operation id {id} is not snake_case"
        );
    }
    // The four operations the SDK was built on keep their ids.
    for id in [
        "list_tickets",
        "get_ticket",
        "list_ticket_messages",
        TOKEN_OPERATION,
    ] {
        assert!(spec().path_of(id).is_some(), "{id} is gone");
    }
}

#[test]
fn the_catalog_and_the_spec_hold_the_same_operations() {
    let catalog = catalog();
    assert_eq!(catalog.len(), 50, "the Helpdesk v1 API has 50 operations");
    let pairs: BTreeSet<(&str, &str)> = catalog
        .iter()
        .map(|e| (e.method.as_str(), e.path.as_str()))
        .collect();
    assert_eq!(pairs.len(), 50, "the catalog repeats a (method, path) pair");
    let ids: BTreeSet<&str> = catalog.iter().map(|e| e.operation_id.as_str()).collect();
    assert_eq!(ids.len(), 50, "the catalog repeats an operation id");

    let in_spec: BTreeSet<CatalogEntry> = spec_operations()
        .into_iter()
        .filter(|e| e.operation_id != TOKEN_OPERATION)
        .collect();
    let in_catalog: BTreeSet<CatalogEntry> = catalog.into_iter().collect();
    let mut problems = Vec::new();
    for missing in in_catalog.difference(&in_spec) {
        problems.push(format!("missing from the spec: {missing}"));
    }
    for extra in in_spec.difference(&in_catalog) {
        problems.push(format!("not in openapi/catalog.tsv: {extra}"));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_catalog_difference_is_named() {
    // The comparison above names the pair: check it on a catalog with a changed row.
    let mut catalog = catalog();
    catalog[0].path.push_str("/x");
    let in_spec: BTreeSet<CatalogEntry> = spec_operations().into_iter().collect();
    let missing: Vec<String> = catalog
        .iter()
        .filter(|e| !in_spec.contains(e))
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        missing,
        ["GET /open-apis/helpdesk/v1/agent_emails/x (list_agent_emails)"]
    );
}

#[test]
fn every_documented_status_has_an_example() {
    let responses = spec().documented_responses();
    assert!(
        responses.len() >= 7,
        "too few responses: {}",
        responses.len()
    );
    for r in &responses {
        assert!(
            r.example.is_some() || binary_example(&r.operation_id, r.status).is_some(),
            "{} {} has no example",
            r.operation_id,
            r.status
        );
        assert!(
            r.headers.iter().any(|h| h == "X-Tt-Logid"),
            "{} {} does not document X-Tt-Logid",
            r.operation_id,
            r.status
        );
    }
    let statuses: Vec<u16> = responses
        .iter()
        .filter(|r| r.operation_id == "list_ticket_messages")
        .map(|r| r.status)
        .collect();
    assert_eq!(statuses, [200, 400, 401, 403, 429, 500]);
}

/// The example of a binary (`application/octet-stream`) answer of an operation, if any.
fn binary_example(operation_id: &str, status: u16) -> Option<&'static Value> {
    let (.., op) = spec().operations().find(|(id, ..)| *id == operation_id)?;
    let response = spec().resolve(op["responses"].get(status.to_string())?);
    response["content"]["application/octet-stream"].get("example")
}

/// Every operation's JSON request body: `(operation id, schema, example)`.
fn request_bodies() -> Vec<(&'static str, &'static Value, Option<&'static Value>)> {
    spec()
        .operations()
        .filter_map(|(id, _, _, op)| {
            let body = spec().resolve(op.get("requestBody")?);
            let media = &body["content"]["application/json"];
            Some((id, &media["schema"], media.get("example")))
        })
        .collect()
}

#[test]
fn every_example_validates_against_its_schema() {
    for r in spec().documented_responses() {
        if r.content_types == ["application/octet-stream"] {
            assert!(
                binary_example(&r.operation_id, r.status).is_some_and(Value::is_string),
                "{} {}: the binary answer has no example",
                r.operation_id,
                r.status
            );
            continue;
        }
        let (Some(example), Some(schema)) = (&r.example, &r.schema) else {
            panic!("{} {} lacks an example or schema", r.operation_id, r.status);
        };
        let errors = schema_errors(spec(), schema, example);
        assert!(
            errors.is_empty(),
            "{} {}: {errors:?}",
            r.operation_id,
            r.status
        );
    }
    // Every request body example too (the harness sends them, the fake server checks them).
    let bodies = request_bodies();
    assert!(
        bodies.len() >= 25,
        "too few request bodies: {}",
        bodies.len()
    );
    for (id, schema, example) in bodies {
        let example = example.unwrap_or_else(|| panic!("{id}: the request body has no example"));
        let errors = schema_errors(spec(), schema, example);
        assert!(errors.is_empty(), "{id} request body: {errors:?}");
    }
}

#[test]
fn a_broken_example_fails_validation() {
    // The validation above must be able to fail: mutate copies of the spec's examples.
    let ok = response("list_ticket_messages", 200);
    let schema = ok.schema.expect("schema");
    let example = ok.example.expect("example");

    let mut wrong_type = example.clone();
    wrong_type["data"]["messages"][0]["created_at"] = json!({"ms": 1});
    let mut missing_code = example.clone();
    missing_code.as_object_mut().expect("object").remove("code");
    let mut total_as_text = example.clone();
    total_as_text["data"]["total"] = json!("a hundred");

    for broken in [wrong_type, missing_code, total_as_text] {
        assert!(
            !schema_errors(spec(), &schema, &broken).is_empty(),
            "a broken example validated: {broken}"
        );
    }

    // And a spec whose own example is broken is caught by the same check.
    let mut doc = spec().document().clone();
    doc["components"]["responses"]["Unauthorized"]["content"]["application/json"]["example"]["code"] =
        json!("154001");
    let mutated = Spec::from_value(doc);
    let r = mutated
        .response("list_ticket_messages", 401)
        .expect("401 documented");
    assert!(!schema_errors(&mutated, &r.schema.unwrap(), &r.example.unwrap()).is_empty());

    // A ticket's comments are an object or an array, nothing else.
    let tickets = response("list_tickets", 200);
    let mut bad_comments = tickets.example.clone().expect("example");
    bad_comments["data"]["tickets"][0]["comments"] = json!("a note");
    assert!(!schema_errors(spec(), &tickets.schema.clone().unwrap(), &bad_comments).is_empty());
    let mut array = tickets.example.expect("example");
    array["data"]["tickets"][0]["comments"] = json!([{"content": "a"}, {"content": "b"}]);
    assert!(schema_errors(spec(), &tickets.schema.unwrap(), &array).is_empty());
}

#[test]
fn nullable_fields_accept_null_and_timestamps_accept_strings() {
    let ok = response("list_ticket_messages", 200);
    let schema = ok.schema.expect("schema");
    let mut example = ok.example.expect("example");
    example["data"]["messages"][0]["created_at"] = json!("1617960686000");
    example["data"]["messages"][0]["user_name"] = Value::Null;
    example["msg"] = Value::Null;
    assert_eq!(
        schema_errors(spec(), &schema, &example),
        Vec::<String>::new()
    );
}

#[test]
fn seed_200_example_decodes_with_the_generated_types() {
    let example = response("list_ticket_messages", 200)
        .example
        .expect("example");
    let page: TicketMessagesResponse =
        serde_json::from_value(example).expect("generated types decode the example");
    assert_eq!(page.code, 0);
    assert_eq!(page.msg.as_deref(), Some("success"));
    let data = page.data.expect("data");
    assert_eq!(data.total, Some(100));
    let messages = data.messages.expect("messages").to_vec();
    assert_eq!(messages.len(), 1);
    let m = &messages[0];
    assert_eq!(m.id.as_deref(), Some("6948728206392295444"));
    assert_eq!(m.message_id.as_deref(), Some("6949088236610273307"));
    assert_eq!(m.message_type.as_deref(), Some("text"));
    assert_eq!(m.created_at, Some(Timestamp::Int64(1_617_960_686_000)));
    assert_eq!(
        m.content
            .as_ref()
            .map(|c| c.decoded().into_owned())
            .as_deref(),
        Some(r#"{"content":"进入人工服务。 @李宁 为你提供服务,开始聊起来吧~","msg_type":"text"}"#)
    );
    assert_eq!(m.user_name.as_deref(), Some("李宁"));
    assert!(
        m.avatar_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://internal-api-lark-file.feishu-boe.cn/"))
    );
    assert_eq!(
        m.user_id.as_deref(),
        Some("ou_37019b7c830210acd88fdce886e25c71")
    );
}

#[test]
fn documented_errors_carry_the_documented_codes() {
    for (status, code) in [
        (400, 154000),
        (401, 154001),
        (403, 154003),
        (429, 99991400),
        (500, 155000),
    ] {
        let example = response("list_ticket_messages", status)
            .example
            .expect("example");
        assert_eq!(example["code"], code, "status {status}");
        assert!(example["msg"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let r429 = response("list_ticket_messages", 429);
    for header in ["x-ogw-ratelimit-limit", "x-ogw-ratelimit-reset"] {
        assert!(
            r429.headers.iter().any(|h| h == header),
            "429 lacks {header}"
        );
    }
}

#[test]
fn query_parameters_have_their_documented_bounds() {
    let page_size = spec()
        .integer_bounds("list_ticket_messages", "page_size")
        .expect("page_size");
    assert_eq!(
        (page_size.minimum, page_size.maximum, page_size.default),
        (Some(1), Some(200), Some(20))
    );
    let page = spec()
        .integer_bounds("list_ticket_messages", "page")
        .expect("page");
    assert_eq!(page.minimum, Some(1));
    for name in ["time_start", "time_end"] {
        assert!(
            spec()
                .integer_bounds("list_ticket_messages", name)
                .is_some()
        );
    }
}

#[test]
fn both_credentials_are_required_together() {
    let doc = spec().document();
    let security =
        &doc["paths"]["/open-apis/helpdesk/v1/tickets/{ticket_id}/messages"]["get"]["security"];
    assert_eq!(
        security,
        &json!([{"tenantAccessToken": [], "helpdeskCredential": []}])
    );
    assert_eq!(
        doc["components"]["securitySchemes"]["helpdeskCredential"]["name"],
        "X-Lark-Helpdesk-Authorization"
    );
}

#[tokio::test]
async fn the_sdk_bounds_are_the_specs() {
    use lark_helpdesk::{Error, RetryPolicy};
    use lark_helpdesk_conformance::{Answer, Replay};
    let page_size = spec()
        .integer_bounds("list_ticket_messages", "page_size")
        .expect("page_size");
    let page = spec()
        .integer_bounds("list_ticket_messages", "page")
        .expect("page");
    let (min, max, default) = (
        page_size.minimum.expect("minimum") as u64,
        page_size.maximum.expect("maximum") as u64,
        page_size.default.expect("default"),
    );
    let body = json!({"code": 0, "msg": "ok", "data": {"messages": [], "total": 0}});
    let replay = Replay::start(Answer::json(200, &body, "bounds")).await;
    let client = replay.client(RetryPolicy::none());
    let refused =
        |r: Result<lark_helpdesk::Page, Error>| matches!(r, Err(Error::InvalidInput { .. }));
    for size in [min, max] {
        let sent = client.ticket_messages("1").page_size(size).send().await;
        assert!(sent.is_ok(), "page_size {size}: {sent:?}");
    }
    for size in [min - 1, max + 1] {
        assert!(
            refused(client.ticket_messages("1").page_size(size).send().await),
            "{size}"
        );
    }
    let first = page.minimum.expect("minimum") as u64;
    assert!(refused(
        client.ticket_messages("1").page(first - 1).send().await
    ));
    assert!(client.ticket_messages("1").page(first).send().await.is_ok());
    // Unset, the page size sent is the spec's default.
    client.ticket_messages("1").send().await.expect("sent");
    let requests = replay.message_requests().await;
    let sent: Vec<(String, String)> = requests
        .last()
        .unwrap()
        .url
        .query_pairs()
        .into_owned()
        .collect();
    assert!(
        sent.contains(&("page_size".into(), default.to_string())),
        "{sent:?}"
    );
    assert_eq!(requests.len(), 4, "refused requests are never sent");
}

/// The properties of an object schema (following `$ref`s), if it is one.
fn properties(schema: &Value) -> Option<&serde_json::Map<String, Value>> {
    spec().resolve(schema)["properties"].as_object()
}

/// The schema of `data` in the documented 200 envelope of an operation.
fn data_schema(op: &Value) -> Option<&Value> {
    let ok = spec().resolve(&op["responses"]["200"]);
    let envelope = &ok["content"]["application/json"]["schema"];
    properties(envelope)?.get("data").map(|d| spec().resolve(d))
}

/// The declared parameter `name` of an operation (following `$ref`s).
fn parameter<'a>(op: &'a Value, name: &str) -> Option<&'a Value> {
    op["parameters"]
        .as_array()?
        .iter()
        .map(|p| spec().resolve(p))
        .find(|p| p["name"] == name)
}

/// What is wrong with one operation, by the conventions of `docs` at the top of the spec.
fn convention_problems(id: &str, method: &str, path: &str, op: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let mut problem = |what: String| problems.push(format!("{id} ({method} {path}): {what}"));
    let doc = spec().document();

    // x-idempotent on every non-GET, and only there.
    match (method, op.get("x-idempotent")) {
        ("get", None) => {}
        ("get", Some(_)) => problem("a GET carries x-idempotent".into()),
        (_, Some(Value::Bool(_))) => {}
        (_, other) => problem(format!("x-idempotent must be a boolean, is {other:?}")),
    }

    // Security: the token endpoint has none; every other alternative pairs one access
    // token kind with the helpdesk credential, tenant first when both are accepted.
    let security = op["security"].as_array().cloned().unwrap_or_default();
    if id == TOKEN_OPERATION {
        if !security.is_empty() {
            problem("the token endpoint must have `security: []`".into());
        }
    } else {
        if security.is_empty() {
            problem("no security".into());
        }
        let mut kinds = Vec::new();
        for alternative in &security {
            let names: BTreeSet<&str> = alternative
                .as_object()
                .map(|o| o.keys().map(String::as_str).collect())
                .unwrap_or_default();
            if !names.contains("helpdeskCredential") {
                problem(format!(
                    "security alternative {alternative} lacks helpdeskCredential"
                ));
            }
            let tokens: Vec<&str> = names
                .iter()
                .copied()
                .filter(|n| *n != "helpdeskCredential")
                .collect();
            match tokens.as_slice() {
                [kind @ ("tenantAccessToken" | "userAccessToken")] => kinds.push(*kind),
                other => problem(format!("security alternative names {other:?}")),
            }
            for name in names {
                if doc["components"]["securitySchemes"].get(name).is_none() {
                    problem(format!("security scheme {name} is not declared"));
                }
            }
        }
        if kinds == ["userAccessToken", "tenantAccessToken"] {
            problem("the tenant access token comes first".into());
        }
    }

    // One declared tag.
    match op["tags"].as_array().map(Vec::as_slice) {
        Some([tag]) => {
            let declared = doc["tags"]
                .as_array()
                .is_some_and(|tags| tags.iter().any(|t| t["name"] == *tag));
            if !declared {
                problem(format!("tag {tag} is not declared"));
            }
        }
        other => problem(format!("expected one tag, got {other:?}")),
    }

    // Path parameters: required strings with an example, one per template segment.
    let templated: BTreeSet<&str> = path
        .split('/')
        .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
        .collect();
    let mut declared = BTreeSet::new();
    for p in op["parameters"].as_array().into_iter().flatten() {
        let p = spec().resolve(p);
        if p["in"] != "path" {
            continue;
        }
        let name = p["name"].as_str().unwrap_or_default();
        declared.insert(name);
        if p["required"] != true || p["schema"]["type"] != "string" || p.get("example").is_none() {
            problem(format!(
                "path parameter {name} must be a required string with an example"
            ));
        }
    }
    if declared != templated {
        problem(format!(
            "path parameters {declared:?} differ from the path's {templated:?}"
        ));
    }

    // Every status answers something documented; errors all share ErrorResponse.
    let responses = op["responses"].as_object().cloned().unwrap_or_default();
    if !responses.contains_key("200") {
        problem("no 200".into());
    }
    for (status, response) in &responses {
        let status: u16 = status.parse().unwrap_or(0);
        let response = spec().resolve(response);
        if !response["headers"]
            .as_object()
            .is_some_and(|h| h.contains_key("X-Tt-Logid"))
        {
            problem(format!("{status} does not document X-Tt-Logid"));
        }
        if status >= 400
            && response["content"]["application/json"]["schema"]["$ref"]
                != "#/components/schemas/ErrorResponse"
        {
            problem(format!("{status} does not answer ErrorResponse"));
        }
    }

    // Binary answers.
    let ok = spec().resolve(&op["responses"]["200"]);
    let binary = op.get("x-binary") == Some(&Value::Bool(true));
    if binary {
        let content = ok["content"].as_object();
        let octets = &ok["content"]["application/octet-stream"]["schema"];
        if content.map(|c| c.len()) != Some(1)
            || octets["type"] != "string"
            || octets["format"] != "binary"
        {
            problem(
                "x-binary: the 200 must be only application/octet-stream, string/binary".into(),
            );
        }
        if ok["headers"].get("Content-Disposition").is_none() {
            problem("x-binary: the 200 does not document Content-Disposition".into());
        }
    } else {
        if op.get("x-binary").is_some() {
            problem("x-binary must be `true` or absent".into());
        }
        if ok["content"].get("application/json").is_none() {
            problem("the 200 is not JSON (and the operation is not x-binary)".into());
        }
    }

    // Rate limits.
    if let Some(limit) = op.get("x-rate-limit") {
        let fields = limit.as_object().cloned().unwrap_or_default();
        let valid = !fields.is_empty()
            && fields.iter().all(|(k, v)| {
                matches!(k.as_str(), "per_second" | "per_minute")
                    && v.as_u64().is_some_and(|n| n > 0)
            });
        if !valid {
            problem(format!(
                "x-rate-limit {limit} is not per_second / per_minute counts"
            ));
        }
    }

    // Pagination: the named parameters exist with the declared bounds, the named fields
    // exist in `data`.
    if let Some(pagination) = op.get("x-pagination") {
        let field = |name: &str| pagination[name].as_str().unwrap_or_default();
        let data = data_schema(op)
            .and_then(properties)
            .cloned()
            .unwrap_or_default();
        let size_max = pagination["size_max"].as_i64();
        let size_default = pagination["size_default"].as_i64();
        match spec().integer_bounds(id, field("size_param")) {
            Some(b) if (b.minimum, b.maximum, b.default) == (Some(1), size_max, size_default) => {}
            other => problem(format!(
                "x-pagination: {} has bounds {other:?}, expected 1..={size_max:?}, default {size_default:?}",
                field("size_param")
            )),
        }
        let mut fields_of_data = vec![field("items")];
        match field("style") {
            "page" => {
                if spec()
                    .integer_bounds(id, field("page_param"))
                    .and_then(|b| b.minimum)
                    != Some(1)
                {
                    problem("x-pagination: the page parameter must start at 1".into());
                }
                fields_of_data.push(field("total"));
            }
            "page_token" => {
                let token = parameter(op, field("token_param"));
                if token.is_none_or(|t| spec().resolve(&t["schema"])["type"] != "string") {
                    problem("x-pagination: the token parameter must be a string".into());
                }
                fields_of_data.push(field("next_token"));
                fields_of_data.push(field("has_more"));
            }
            other => problem(format!("x-pagination: unknown style {other:?}")),
        }
        for name in fields_of_data {
            if !data.contains_key(name) {
                problem(format!("x-pagination: `data` has no field {name:?}"));
            }
        }
        if let Some(item_id) = pagination["item_id"].as_str() {
            let item = data
                .get(field("items"))
                .map(|items| &spec().resolve(items)["items"])
                .and_then(properties);
            if !item.is_some_and(|p| p.contains_key(item_id)) {
                problem(format!("x-pagination: an item has no field {item_id:?}"));
            }
        }
        if !id.starts_with("list_") && !id.starts_with("search_") {
            problem("x-pagination on an operation that does not list".into());
        }
    }

    // Resources: what the fake server needs exists where the extension says.
    if let Some(resource) = op.get("x-resource") {
        let field = |name: &str| resource[name].as_str();
        let action = field("action").unwrap_or_default();
        if field("name").is_none() || field("id_field").is_none() {
            problem("x-resource needs a name and an id_field".into());
        }
        let expected_method = match action {
            "create" => "post",
            "get" | "list" => "get",
            "patch" => "patch",
            "delete" => "delete",
            other => {
                problem(format!("x-resource: unknown action {other:?}"));
                method
            }
        };
        if method != expected_method {
            problem(format!("x-resource: a {action} is not a {method}"));
        }
        let id_param = field("id_param");
        if matches!(action, "get" | "patch" | "delete") != id_param.is_some() {
            problem("x-resource: get, patch and delete (only) name an id_param".into());
        }
        if let Some(name) = id_param
            && !declared.contains(name)
        {
            problem(format!("x-resource: {name} is not a path parameter"));
        }
        if let Some(body) = field("body") {
            let schema =
                &spec().resolve(&op["requestBody"])["content"]["application/json"]["schema"];
            if !properties(schema).is_some_and(|p| p.contains_key(body)) {
                problem(format!(
                    "x-resource: the request body has no field {body:?}"
                ));
            }
        }
        if let Some(data) = field("data")
            && !data_schema(op)
                .and_then(properties)
                .is_some_and(|p| p.contains_key(data))
        {
            problem(format!("x-resource: `data` has no field {data:?}"));
        }
        if let (Some(pagination), "list") = (op.get("x-pagination"), action)
            && pagination["items"].as_str() != field("data")
        {
            problem("x-resource: a paged list's data must be the pagination's items".into());
        }
    }
    problems
}

#[test]
fn every_operation_follows_the_conventions() {
    let problems: Vec<String> = spec()
        .operations()
        .flat_map(|(id, method, path, op)| convention_problems(id, method, path, op))
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // Every collection the fake server keeps has a create and the operations reading it
    // agree on its id field.
    let mut resources: BTreeMap<&str, BTreeSet<(&str, &str)>> = BTreeMap::new();
    for (_, _, _, op) in spec().operations() {
        if let Some(r) = op.get("x-resource") {
            resources
                .entry(r["name"].as_str().unwrap_or_default())
                .or_default()
                .insert((
                    r["action"].as_str().unwrap_or_default(),
                    r["id_field"].as_str().unwrap_or_default(),
                ));
        }
    }
    assert_eq!(
        resources.keys().copied().collect::<Vec<_>>(),
        [
            "agent_skills",
            "categories",
            "faqs",
            "notifications",
            "ticket_customized_fields"
        ]
    );
    for (name, actions) in &resources {
        let id_fields: BTreeSet<&str> = actions.iter().map(|(_, f)| *f).collect();
        assert_eq!(id_fields.len(), 1, "{name}: id fields {id_fields:?}");
        assert!(
            actions.iter().any(|(a, _)| *a == "create"),
            "{name} has no create"
        );
    }
}

#[test]
fn a_broken_convention_is_named() {
    // The checks above must be able to fail: break copies of operations.
    let find = |wanted: &str| {
        spec()
            .operations()
            .find(|(id, ..)| *id == wanted)
            .map(|(id, method, path, op)| (id, method, path, op.clone()))
            .expect("operation")
    };
    let (id, method, path, mut op) = find("patch_faq");
    op.as_object_mut().unwrap().remove("x-idempotent");
    op["security"] = json!([{"userAccessToken": []}]);
    let problems = convention_problems(id, method, path, &op);
    assert!(
        problems.iter().any(|p| p.contains("x-idempotent")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("lacks helpdeskCredential")),
        "{problems:?}"
    );

    let (id, method, path, mut op) = find("list_faqs");
    op["x-pagination"]["size_max"] = json!(200);
    op["x-pagination"]["next_token"] = json!("next_page_token");
    let problems = convention_problems(id, method, path, &op);
    assert!(
        problems.iter().any(|p| p.contains("page_size has bounds")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("\"next_page_token\"")),
        "{problems:?}"
    );

    let (id, method, path, mut op) = find("get_faq_image");
    op["responses"]["200"] = json!({"$ref": "#/components/responses/EmptySuccess"});
    let problems = convention_problems(id, method, path, &op);
    assert!(
        problems.iter().any(|p| p.contains("x-binary")),
        "{problems:?}"
    );
}

/// Decodes `example` as the generated type `T` and encodes it again.
fn round_trip<T: DeserializeOwned + Serialize>(example: &Value) -> Result<Value, String> {
    let typed: T = serde_json::from_value(example.clone()).map_err(|e| e.to_string())?;
    serde_json::to_value(typed).map_err(|e| e.to_string())
}

type RoundTrip = fn(&Value) -> Result<Value, String>;

/// The generated type of each schema that is an answer's envelope or a request body.
macro_rules! generated_types {
    ($($name:ident),* $(,)?) => {
        fn generated_type(schema: &str) -> Option<RoundTrip> {
            match schema {
                $(stringify!($name) => Some(round_trip::<types::$name>),)*
                _ => None,
            }
        }
    };
}

generated_types!(
    // answers
    AgentEmailsResponse,
    AgentScheduleResponse,
    AgentSchedulesResponse,
    AgentSkillResponse,
    AgentSkillRulesResponse,
    AgentSkillsResponse,
    CategoriesResponse,
    CategoryResponse,
    CreateAgentSkillResponse,
    CreateCategoryResponse,
    CreateNotificationResponse,
    CustomizedFieldsResponse,
    EmptyResponse,
    ErrorResponse,
    FaqResponse,
    FaqsResponse,
    MessageIdResponse,
    NotificationResponse,
    StartServiceResponse,
    SubmitApproveNotificationResponse,
    TenantAccessTokenResponse,
    TicketCustomizedFieldResponse,
    TicketCustomizedFieldsResponse,
    TicketMessagesResponse,
    TicketResponse,
    TicketsResponse,
    // request bodies
    AnswerUserQueryRequest,
    CancelSendNotificationRequest,
    CreateAgentSchedulesRequest,
    CreateAgentSkillRequest,
    CreateBotMessageRequest,
    CreateCategoryRequest,
    CreateFaqRequest,
    CreateTicketCustomizedFieldRequest,
    CreateTicketMessageRequest,
    EventsRequest,
    ExecuteSendNotificationRequest,
    ListTicketCustomizedFieldsRequest,
    Notification,
    PatchAgentRequest,
    PatchAgentSchedulesRequest,
    PatchAgentSkillRequest,
    PatchCategoryRequest,
    PatchFaqRequest,
    PatchTicketCustomizedFieldRequest,
    StartServiceRequest,
    SubmitApproveNotificationRequest,
    TenantAccessTokenRequest,
    UpdateTicketRequest,
);

/// The component name a `$ref` schema points to.
fn schema_name(schema: &Value) -> &str {
    schema["$ref"]
        .as_str()
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
        .unwrap_or_else(|| panic!("not a component schema: {schema}"))
}

#[test]
fn generated_types_decode_every_documented_example_as_written() {
    // Every JSON answer and request body example decodes with the generated type of its
    // schema and encodes back to the same JSON: no documented field is dropped or changed
    // by the generated client.
    let mut checked = 0;
    let examples = spec()
        .documented_responses()
        .into_iter()
        .filter_map(|r| {
            let what = format!("{} {}", r.operation_id, r.status);
            Some((what, r.schema?, r.example?))
        })
        .chain(request_bodies().into_iter().map(|(id, schema, example)| {
            (
                format!("{id} request body"),
                schema.clone(),
                example.expect("example").clone(),
            )
        }));
    for (what, schema, example) in examples {
        let name = schema_name(&schema);
        let round_trip = generated_type(name)
            .unwrap_or_else(|| panic!("{what}: add {name} to generated_types!"));
        let again = round_trip(&example).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(
            again, example,
            "{what}: the generated type changes the example"
        );
        checked += 1;
    }
    assert!(checked >= 150, "only {checked} examples");
}

#[test]
fn both_forms_are_accepted_where_the_sources_disagree() {
    // Each case: an operation's example, a place in it, and the other form the sources
    // show. The schema accepts it and the generated type decodes it as written.
    let response = |op: &str| {
        let r = response(op, 200);
        (r.schema.expect("schema"), r.example.expect("example"))
    };
    let body = |op: &str| {
        request_bodies()
            .into_iter()
            .find(|(id, ..)| *id == op)
            .map(|(_, s, e)| (s.clone(), e.expect("example").clone()))
            .expect("request body")
    };
    let cases = [
        // agent_emails: a string in the SDKs, an object in the page's example.
        (
            response("list_agent_emails"),
            "/data/agents",
            json!("a@example.com"),
        ),
        // a skill rule's operand: a string in the SDKs, an object in the examples.
        (
            response("get_agent_skill"),
            "/data/agent_skill/rules/0/operand",
            json!("{\"selected_departments\":[]}"),
        ),
        (
            body("create_agent_skill"),
            "/rules/0/operand",
            json!("{\"selected_departments\":[]}"),
        ),
        // a patched FAQ's rich text: a string in the Go SDK, an array elsewhere.
        (
            body("patch_faq"),
            "/faq/answer_richtext",
            json!("[{\"content\":\"答案\",\"type\":\"text\"}]"),
        ),
        // a ticket message's content: a string in the SDKs, an object in the example.
        (
            body("create_ticket_message"),
            "/content",
            json!({"post": {"zh_cn": {"title": "t", "content": []}}}),
        ),
    ];
    for ((schema, mut example), pointer, other) in cases {
        *example.pointer_mut(pointer).expect(pointer) = other;
        assert_eq!(
            schema_errors(spec(), &schema, &example),
            Vec::<String>::new(),
            "{pointer}"
        );
        let round_trip = generated_type(schema_name(&schema)).expect("generated type");
        assert_eq!(round_trip(&example).as_ref(), Ok(&example), "{pointer}");
    }
    // Neither form is a number.
    let (schema, mut example) = response("list_agent_emails");
    example["data"]["agents"] = json!(7);
    assert!(!schema_errors(spec(), &schema, &example).is_empty());
}
