//! Every documented answer of every operation of the spec, replayed through the SDK's
//! generic call path, with no code per operation: the request is laid out from the spec's
//! documented parameter and body examples, the answer is the documented example of each
//! status, and each operation's outcomes are one snapshot (a new operation or status fails
//! here until its snapshot is reviewed).

use lark_helpdesk::{Error, Operation, OperationRequest, RetryPolicy, ops};
use lark_helpdesk_api::spec::{DocumentedResponse, Spec};
use lark_helpdesk_conformance::{Answer, Replay, describe_error, describe_request};
use serde_json::{Value, json};

/// The helpdesk operations (the token endpoint has its own tests in `documented.rs`).
fn operations() -> impl Iterator<Item = &'static Operation> {
    ops::ALL.iter().copied().filter(|op| !op.tokens.is_empty())
}

/// The operation's request with the spec's examples: every parameter the spec gives an
/// example of (but a page token) and the documented body.
pub fn documented_request(
    spec: &Spec,
    client: &lark_helpdesk::Client,
    operation: &'static Operation,
) -> OperationRequest {
    let mut request = client.operation(operation);
    for parameter in operation.parameters {
        // A page token comes from the page before: the documentation's is nobody's.
        if let Some(lark_helpdesk::Pagination::Token { token_param, .. }) = operation.pagination
            && token_param == parameter.name
        {
            continue;
        }
        let needed = parameter.required || parameter.location == lark_helpdesk_api::Location::Path;
        let example = spec.parameter_example(operation.id, parameter.name);
        match (needed, example) {
            (_, Some(Value::Array(values))) => {
                for v in values {
                    request = request.param(parameter.name, text(v));
                }
            }
            (_, Some(v)) => request = request.param(parameter.name, text(v)),
            (true, None) => panic!(
                "{}: required `{}` has no example",
                operation.id, parameter.name
            ),
            (false, None) => {}
        }
    }
    if let Some(body) = body_example(spec, operation) {
        request = request.body(&body);
    }
    request
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The documented example of the operation's request body.
fn body_example(spec: &Spec, operation: &Operation) -> Option<Value> {
    let (.., op) = spec.operations().find(|(id, ..)| *id == operation.id)?;
    let body = spec.resolve(op.get("requestBody")?);
    body.pointer("/content/application~1json/example").cloned()
}

/// The documented answer to replay; a file for the 200 of a file operation.
fn answer(operation: &Operation, r: &DocumentedResponse) -> Answer {
    let log_id = format!("replay-{}-{}", r.operation_id, r.status);
    if operation.binary && r.status == 200 {
        return Answer {
            status: 200,
            headers: vec![
                ("X-Tt-Logid".into(), log_id),
                (
                    "Content-Disposition".into(),
                    "attachment; filename=\"image.png\"".into(),
                ),
            ],
            content_type: "image/png".into(),
            body: b"\x89PNG\r\n\x1a\n(the bytes of the image)".to_vec(),
        };
    }
    Answer::documented(r)
}

#[tokio::test]
async fn every_documented_answer_of_every_operation_replays_as_documented() {
    let spec = Spec::embedded();
    let documented = spec.documented_responses();
    let mut replayed = 0;
    for operation in operations() {
        let mut outcomes = serde_json::Map::new();
        for r in documented.iter().filter(|r| r.operation_id == operation.id) {
            let replay = Replay::start(answer(operation, r)).await;
            let client = replay.client(RetryPolicy::none());
            let request = documented_request(spec, &client, operation);
            let result: Result<Value, Error> = if operation.binary {
                let mut bytes = Vec::new();
                request.download(&mut bytes).await.map(|d| {
                    json!({
                        "bytes": d.bytes,
                        "content_type": d.content_type,
                        "file_name": d.file_name,
                        "log_id": d.log_id,
                    })
                })
            } else {
                request
                    .send()
                    .await
                    .map(|a| json!({ "data": a.data, "log_id": a.log_id }))
            };
            let log_id = format!("replay-{}-{}", r.operation_id, r.status);
            let outcome = match &result {
                Ok(value) => {
                    assert_eq!(r.status, 200, "{}: {value}", operation.id);
                    assert_eq!(value["log_id"], json!(log_id), "{}", operation.id);
                    json!({ "result": "ok", "answer": value })
                }
                Err(e) => {
                    let code = r.example.as_ref().and_then(|x| x["code"].as_i64());
                    assert_ne!(r.status, 200, "{}: {e:?}", operation.id);
                    assert_eq!(e.status().map(|s| s.as_u16()), Some(r.status), "{e:?}");
                    assert_eq!(e.code(), code, "{} {}", operation.id, r.status);
                    assert_eq!(e.log_id(), Some(log_id.as_str()));
                    describe_error(e)
                }
            };
            // The request the SDK sent for the documented call: one, as the spec says.
            let requests: Vec<_> = replay
                .server
                .received_requests()
                .await
                .unwrap_or_default()
                .into_iter()
                .filter(|q| q.url.path().starts_with("/open-apis/helpdesk/"))
                .collect();
            assert_eq!(
                requests.len(),
                1,
                "{} {}: one request",
                operation.id,
                r.status
            );
            let sent = &requests[0];
            assert_eq!(sent.method.as_str(), operation.method.as_str());
            if let Some(body) = body_example(spec, operation) {
                let got: Value = serde_json::from_slice(&sent.body).expect("a JSON body");
                assert_eq!(
                    got, body,
                    "{}: the documented body is sent as is",
                    operation.id
                );
            }
            let expected_token = match operation.tokens[0] {
                lark_helpdesk::TokenKind::Tenant => lark_helpdesk_conformance::TENANT_TOKEN,
                lark_helpdesk::TokenKind::User => lark_helpdesk_conformance::USER_TOKEN,
            };
            assert_eq!(
                sent.headers
                    .get("authorization")
                    .and_then(|v| v.to_str().ok()),
                Some(format!("Bearer {expected_token}").as_str()),
                "{}: the preferred token kind",
                operation.id
            );
            outcomes.insert(r.status.to_string(), outcome);
            if r.status == 200 {
                outcomes.insert("request".into(), describe_request(sent));
            }
            replayed += 1;
        }
        assert!(
            outcomes.contains_key("200"),
            "{}: no documented success",
            operation.id
        );
        insta::assert_yaml_snapshot!(operation.id, Value::Object(outcomes));
    }
    assert!(replayed >= 50 * 5, "{replayed} answers replayed");
}

/// The message of the spec's `BadRequest` example: what the fake server answers, followed
/// by what is wrong, when it refuses a request as invalid.
fn bad_request_msg(spec: &Spec) -> String {
    spec.example("list_tickets", 400)
        .and_then(|e| e["msg"].as_str().map(str::to_owned))
        .expect("the spec documents a bad request")
}

#[tokio::test]
async fn every_documented_request_passes_the_fake_servers_validation() {
    let spec = Spec::embedded();
    let mock = lark_helpdesk_mock::MockHelpdesk::builder()
        .start()
        .await
        .expect("mock starts");
    let client = lark_helpdesk::Client::builder()
        .from_lookup(|name| mock.env_var(name))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client");
    let refused = bad_request_msg(spec);
    let mut served = 0;
    for operation in operations() {
        let request = documented_request(spec, &client, operation);
        let result = if operation.binary {
            request.download(&mut Vec::new()).await.map(|_| ())
        } else {
            request.send().await.map(|_| ())
        };
        match result {
            Ok(()) => served += 1,
            // An id of the documentation that the fake helpdesk does not hold: served,
            // and answered as the platform answers an unknown item.
            Err(Error::Api(e)) if e.status.as_u16() != 400 || e.msg == refused => {
                assert!(
                    matches!(e.status.as_u16(), 400 | 404),
                    "{}: {e}",
                    operation.id
                );
            }
            Err(e) => panic!("{}: the documented request was refused: {e}", operation.id),
        }
    }
    assert!(served >= 30, "{served} operations answered with success");
}
