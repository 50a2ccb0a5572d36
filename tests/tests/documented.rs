//! Every documented response of `openapi/helpdesk.yaml`, replayed through wiremock and
//! decoded by the SDK, snapshotted. A status the spec documents but this file does not
//! replay fails `every_documented_status_is_replayed`.

use lark_helpdesk::{ApiErrorKind, RetryPolicy};
use lark_helpdesk_api::spec::{DocumentedResponse, Spec};
use lark_helpdesk_conformance::{Answer, Replay, describe, describe_request, representative_calls};
use serde_json::json;

const OP_LIST_TICKET_MESSAGES: &str = "list_ticket_messages";
const OP_LIST_TICKETS: &str = "list_tickets";
const OP_GET_TICKET: &str = "get_ticket";
const OP_TENANT_ACCESS_TOKEN: &str = "tenant_access_token_internal";

/// What each documented status must turn into: `None` success, `Some(kind)` the error
/// of the documented example's code. `None` (no expectation) for a status without an
/// example, or an error example without a code.
fn expectation(operation: &str, status: u16) -> Option<Option<ApiErrorKind>> {
    let r = Spec::embedded().response(operation, status)?;
    if status == 200 {
        return Some(None);
    }
    let code = r.example.as_ref()?.get("code")?.as_i64()?;
    Some(Some(ApiErrorKind::from_code(code)))
}

/// Checks a replayed documented answer against its expectation.
fn check(r: &DocumentedResponse, result: Result<(), &lark_helpdesk::Error>) {
    match expectation(&r.operation_id, r.status).flatten() {
        None => assert!(
            result.is_ok(),
            "{} {}: {:?}",
            r.operation_id,
            r.status,
            result
        ),
        Some(kind) => {
            let err = result.expect_err("a documented error");
            assert_eq!(err.api_kind(), Some(kind));
            assert_eq!(err.status().map(|s| s.as_u16()), Some(r.status));
            assert_eq!(
                err.code(),
                r.example.as_ref().and_then(|e| e["code"].as_i64())
            );
            let log_id = format!("replay-{}-{}", r.operation_id, r.status);
            assert_eq!(err.log_id(), Some(log_id.as_str()));
        }
    }
}

#[tokio::test]
async fn documented_ticket_answers_decode_as_documented() {
    let cases: Vec<_> = documented()
        .into_iter()
        .filter(|r| [OP_LIST_TICKETS, OP_GET_TICKET].contains(&r.operation_id.as_str()))
        .collect();
    assert_eq!(cases.len(), 12, "six statuses of each ticket operation");
    for r in cases {
        let replay = Replay::start(Answer::documented(&r)).await;
        let client = replay.client(RetryPolicy::none());
        let snapshot = if r.operation_id == OP_LIST_TICKETS {
            let result = client.tickets().send().await;
            check(&r, result.as_ref().map(|_| ()));
            lark_helpdesk_conformance::describe_tickets(&result)
        } else {
            let result = client.ticket("6948728206392295444").send().await;
            check(&r, result.as_ref().map(|_| ()));
            lark_helpdesk_conformance::describe_one_ticket(&result)
        };
        insta::assert_yaml_snapshot!(format!("{}_{}", r.operation_id, r.status), snapshot);
    }
}

fn documented() -> Vec<DocumentedResponse> {
    Spec::embedded().documented_responses()
}

#[test]
fn every_documented_status_is_replayed() {
    for r in documented() {
        assert!(
            expectation(&r.operation_id, r.status).is_some(),
            "{} {} is documented but has no replay expectation here",
            r.operation_id,
            r.status
        );
    }
}

#[tokio::test]
async fn documented_messages_answers_decode_as_documented() {
    let cases: Vec<_> = documented()
        .into_iter()
        .filter(|r| r.operation_id == OP_LIST_TICKET_MESSAGES)
        .collect();
    assert!(!cases.is_empty());
    for r in cases {
        let replay = Replay::start(Answer::documented(&r)).await;
        let result = replay
            .client(RetryPolicy::none())
            .ticket_messages("6948728206392295444")
            .send()
            .await;
        match expectation(&r.operation_id, r.status).flatten() {
            None => assert!(result.is_ok(), "{}: {:?}", r.status, result),
            Some(kind) => {
                let err = result.as_ref().expect_err("a documented error");
                assert_eq!(err.api_kind(), Some(kind));
                assert_eq!(err.status().map(|s| s.as_u16()), Some(r.status));
                assert_eq!(
                    err.code(),
                    r.example.as_ref().and_then(|e| e["code"].as_i64())
                );
                let log_id = format!("replay-{}-{}", r.operation_id, r.status);
                assert_eq!(err.log_id(), Some(log_id.as_str()));
            }
        }
        insta::assert_yaml_snapshot!(
            format!("{}_{}", r.operation_id, r.status),
            describe(&result)
        );
    }
}

/// A messages call of a client whose token endpoint answers `r` (the messages endpoint
/// answers the documented page): the server and the call's result.
async fn call_after_token_answer(
    r: &DocumentedResponse,
) -> (Replay, Result<lark_helpdesk::Page, lark_helpdesk::Error>) {
    let page = Spec::embedded()
        .example(OP_LIST_TICKET_MESSAGES, 200)
        .expect("documented");
    let replay = Replay::start_with_token(
        Answer::json(200, &page, "replay-page"),
        Answer::documented(r),
    )
    .await;
    let result = replay
        .client(RetryPolicy::none())
        .ticket_messages("6948728206392295444")
        .send()
        .await;
    (replay, result)
}

#[tokio::test]
async fn the_documented_token_answer_authorises_the_next_call() {
    let r = Spec::embedded()
        .response(OP_TENANT_ACCESS_TOKEN, 200)
        .expect("documented");
    let (replay, result) = call_after_token_answer(&r).await;
    assert!(result.is_ok(), "{result:?}");
    let requests = replay.message_requests().await;
    let token = r.example.as_ref().unwrap()["tenant_access_token"]
        .as_str()
        .unwrap();
    assert_eq!(
        requests[0]
            .headers
            .get("authorization")
            .unwrap()
            .to_str()
            .unwrap(),
        format!("Bearer {token}")
    );
    let all = replay.server.received_requests().await.unwrap();
    let token_request = all.iter().find(|r| r.method.as_str() == "POST").unwrap();
    insta::assert_yaml_snapshot!(
        "tenant_access_token_internal_200_request",
        describe_request(token_request)
    );
}

#[tokio::test]
async fn the_exact_requests_of_representative_calls() {
    let example = Spec::embedded()
        .example(OP_LIST_TICKET_MESSAGES, 200)
        .expect("documented");
    let replay = Replay::start(Answer::json(200, &example, "replay")).await;
    let client = replay.client(RetryPolicy::none());

    for (name, result) in representative_calls(&client, "6948728206392295444").await {
        assert!(result.is_ok(), "{name}: {result:?}");
    }

    let requests: Vec<_> = replay
        .message_requests()
        .await
        .iter()
        .map(describe_request)
        .collect();
    insta::assert_yaml_snapshot!("representative_requests", json!(requests));
}

#[tokio::test]
async fn a_documented_token_refusal_fails_the_call_as_an_auth_error_without_the_secret() {
    let r = Spec::embedded()
        .response(OP_TENANT_ACCESS_TOKEN, 400)
        .expect("documented");
    let (replay, result) = call_after_token_answer(&r).await;
    let err = result.as_ref().expect_err("no token");
    check(&r, Err(err));
    assert!(err.is_auth(), "{err}");
    assert!(
        replay.message_requests().await.is_empty(),
        "nothing sent without a token"
    );
    let shown = format!("{err} {err:?}");
    assert!(
        !shown.contains(lark_helpdesk_conformance::APP_SECRET),
        "{shown}"
    );
    insta::assert_yaml_snapshot!("tenant_access_token_internal_400", describe(&result));
}
