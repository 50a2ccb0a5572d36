//! Tests of `openapi/helpdesk.yaml` itself: it is OpenAPI 3.0 and holds exactly the
//! operations of `openapi/catalog.tsv`, every documented status and request body has an
//! example, every example validates against its own schema, and the generated types decode
//! the documented 200 example.

use std::collections::BTreeSet;

use lark_helpdesk_api::spec::{DocumentedResponse, Spec};
use lark_helpdesk_api::types::{TicketMessagesResponse, Timestamp};
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
