//! Any operation of the spec through the generic call path: token kinds, parameters
//! checked before sending, both pagination styles, file answers, and writes that a retry
//! never applies twice.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use futures::TryStreamExt;
use lark_helpdesk::{Client, Error, PaginationErrorKind, RetryPolicy, ops};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use common::{HELPDESK_ID, HELPDESK_TOKEN};

const FAQS: &str = "/open-apis/helpdesk/v1/faqs";

fn client_of(uri: &str, user: bool) -> Client {
    let mut builder = Client::builder()
        .base_url(uri)
        .tenant_access_token("t-tenant")
        .helpdesk_credential(HELPDESK_ID, HELPDESK_TOKEN)
        .retry_policy(
            RetryPolicy::attempts(3)
                .with_base_delay(std::time::Duration::from_millis(1))
                .with_max_delay(std::time::Duration::from_millis(5)),
        );
    if user {
        builder = builder.user_access_token("u-user");
    }
    builder.build().expect("client builds")
}

fn ok(data: Value) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_json(json!({ "code": 0, "msg": "success", "data": data }))
        .insert_header("X-Tt-Logid", "log-ok")
}

#[tokio::test]
async fn each_operation_gets_the_token_kind_its_spec_accepts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{FAQS}/f1")))
        .and(header("authorization", "Bearer t-tenant"))
        .and(header(
            "x-lark-helpdesk-authorization",
            common::helpdesk_header().as_str(),
        ))
        .respond_with(ok(json!({ "faq": { "faq_id": "f1" } })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(format!("{FAQS}/f1")))
        .and(header("authorization", "Bearer u-user"))
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_of(&server.uri(), true);
    let faq = client
        .operation(&ops::GET_FAQ)
        .param("id", "f1")
        .send()
        .await
        .expect("tenant read");
    assert_eq!(faq.data["faq"]["faq_id"], "f1");
    assert_eq!(faq.log_id.as_deref(), Some("log-ok"));
    client
        .operation(&ops::DELETE_FAQ)
        .param("id", "f1")
        .send()
        .await
        .expect("user write");

    // Without a user token, a user-only operation is refused before anything is sent.
    let tenant_only = client_of(&server.uri(), false);
    let error = tenant_only
        .operation(&ops::DELETE_FAQ)
        .param("id", "f1")
        .send()
        .await
        .expect_err("no user token");
    assert!(
        matches!(
            error,
            Error::NoToken {
                operation: "delete_faq",
                ..
            }
        ),
        "{error:?}"
    );
    let text = error.to_string();
    assert!(
        text.contains("delete_faq") && text.contains("LARK_USER_ACCESS_TOKEN"),
        "{text}"
    );
}

#[tokio::test]
async fn bad_parameters_are_refused_before_anything_is_sent() {
    let server = MockServer::start().await;
    let client = client_of(&server.uri(), true);
    let cases = [
        client.operation(&ops::GET_FAQ).param("nope", "1"),
        // A dot segment would send the request to another path.
        client.operation(&ops::GET_FAQ).param("id", ".."),
        client.operation(&ops::GET_FAQ).param("id", "."),
        client.operation(&ops::GET_FAQ),
        client.operation(&ops::LIST_FAQS).param("page_size", "101"),
        client.operation(&ops::LIST_FAQS).param("page_size", "ten"),
        client.operation(&ops::LIST_AGENT_SKILLS).body(&json!({})),
    ];
    for request in cases {
        let error = request.send().await.expect_err("refused");
        assert!(matches!(error, Error::InvalidInput { .. }), "{error:?}");
    }
    let error = client
        .operation_by_id("no_such_operation")
        .expect_err("unknown");
    assert!(error.to_string().contains("no_such_operation"), "{error}");
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
    );
}

/// Pages of FAQs by token: `t2` after the first page, `t3` after the second, then no more.
struct FaqPages;

impl Respond for FaqPages {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let token = request
            .url
            .query_pairs()
            .find(|(k, _)| k == "page_token")
            .map(|(_, v)| v.into_owned());
        let (items, next) = match token.as_deref() {
            None => (vec!["a", "b"], Some("t2")),
            // "b" again: a listing that shifted between pages; it is yielded once.
            Some("t2") => (vec!["b", "c"], Some("t3")),
            Some("t3") => (vec!["d"], None),
            Some(_) => return ResponseTemplate::new(400),
        };
        let items: Vec<Value> = items.iter().map(|id| json!({ "faq_id": id })).collect();
        ok(json!({
            "items": items,
            "has_more": next.is_some(),
            "page_token": next,
        }))
    }
}

#[tokio::test]
async fn a_page_token_listing_is_walked_to_its_end_each_item_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(FAQS))
        .and(query_param("page_size", "100"))
        .respond_with(FaqPages)
        .expect(3)
        .mount(&server)
        .await;
    let client = client_of(&server.uri(), false);
    let faqs: Vec<Value> = client
        .operation(&ops::LIST_FAQS)
        .stream()
        .try_collect()
        .await
        .expect("walked");
    let ids: Vec<&str> = faqs.iter().filter_map(|f| f["faq_id"].as_str()).collect();
    assert_eq!(ids, ["a", "b", "c", "d"]);
}

#[tokio::test]
async fn a_page_token_that_repeats_stops_the_walk_instead_of_looping() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(FAQS))
        .respond_with(ok(json!({
            "items": [{ "faq_id": "a" }],
            "has_more": true,
            "page_token": "same",
        })))
        .mount(&server)
        .await;
    let client = client_of(&server.uri(), false);
    let result: Result<Vec<Value>, Error> = client
        .operation(&ops::LIST_FAQS)
        .stream()
        .try_collect()
        .await;
    match result {
        Err(Error::Pagination(p)) => assert_eq!(p.kind, PaginationErrorKind::BadPageToken),
        other => panic!("{other:?}"),
    }
    assert_eq!(server.received_requests().await.map_or(0, |r| r.len()), 2);
}

#[tokio::test]
async fn a_page_number_listing_stops_at_its_total() {
    let server = MockServer::start().await;
    let tickets =
        |ids: &[&str]| -> Vec<Value> { ids.iter().map(|id| json!({ "ticket_id": id })).collect() };
    for (page, ids) in [("1", vec!["1", "2"]), ("2", vec!["3"])] {
        Mock::given(method("GET"))
            .and(path("/open-apis/helpdesk/v1/tickets"))
            .and(query_param("page", page))
            .and(query_param("page_size", "2"))
            .respond_with(ok(json!({ "tickets": tickets(&ids), "total": 3 })))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client_of(&server.uri(), false);
    let all: Vec<Value> = client
        .operation(&ops::LIST_TICKETS)
        .param("page_size", 2)
        .param("status_list", 1)
        .param("status_list", 2)
        .stream()
        .try_collect()
        .await
        .expect("walked");
    assert_eq!(all.len(), 3);
    let requests = server.received_requests().await.unwrap_or_default();
    assert!(
        requests.iter().all(|r| r
            .url
            .query()
            .unwrap_or("")
            .contains("status_list=1&status_list=2")),
        "array parameters repeat their key"
    );
}

#[tokio::test]
async fn a_file_answer_streams_to_the_writer_with_its_type_and_name() {
    let server = MockServer::start().await;
    let png = b"\x89PNG\r\n\x1a\nnot really".to_vec();
    Mock::given(method("GET"))
        .and(path("/open-apis/helpdesk/v1/ticket_images"))
        .and(query_param("ticket_id", "t1"))
        .and(query_param("msg_id", "m1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(png.clone(), "image/png")
                .insert_header("content-disposition", "attachment; filename=\"m1.png\"")
                .insert_header("X-Tt-Logid", "log-img"),
        )
        .mount(&server)
        .await;
    let client = client_of(&server.uri(), false);
    let mut out = Vec::new();
    let download = client
        .operation(&ops::GET_TICKET_IMAGE)
        .param("ticket_id", "t1")
        .param("msg_id", "m1")
        .download(&mut out)
        .await
        .expect("downloaded");
    assert_eq!(out, png);
    assert_eq!(download.bytes, png.len() as u64);
    assert_eq!(download.content_type.as_deref(), Some("image/png"));
    assert_eq!(download.file_name.as_deref(), Some("m1.png"));
    assert_eq!(download.log_id.as_deref(), Some("log-img"));
    // A JSON operation is not downloaded, and a file operation not sent.
    assert!(matches!(
        client
            .operation(&ops::GET_FAQ)
            .param("id", "x")
            .download(&mut Vec::new())
            .await,
        Err(Error::InvalidInput { .. })
    ));
}

/// A server that reads each request whole, counts it, and closes the connection without
/// answering: the platform applied the write, and the answer was lost.
async fn applies_then_drops() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let uri = format!("http://{}", listener.local_addr().expect("address"));
    let count = Arc::new(AtomicUsize::new(0));
    let counted = count.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let counted = counted.clone();
            tokio::spawn(async move {
                let mut buffer = Vec::new();
                let mut chunk = [0u8; 4096];
                // Read the head, then as many bytes as Content-Length says.
                loop {
                    match socket.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                    }
                    let text = String::from_utf8_lossy(&buffer);
                    if let Some(end) = text.find("\r\n\r\n") {
                        let length = text[..end]
                            .lines()
                            .find_map(|l| {
                                let (k, v) = l.split_once(':')?;
                                k.eq_ignore_ascii_case("content-length")
                                    .then(|| v.trim().parse::<usize>().ok())
                                    .flatten()
                            })
                            .unwrap_or(0);
                        if buffer.len() >= end + 4 + length {
                            break;
                        }
                    }
                }
                counted.fetch_add(1, Ordering::SeqCst);
                let _ = socket.shutdown().await;
            });
        }
    });
    (uri, count)
}

#[tokio::test]
async fn a_write_not_safe_to_repeat_is_never_sent_twice_when_its_answer_is_lost() {
    let (uri, count) = applies_then_drops().await;
    let client = client_of(&uri, true);
    let error = client
        .operation(&ops::CREATE_TICKET_MESSAGE)
        .param("ticket_id", "6948728206392295444")
        .body(&json!({ "msg_type": "text", "content": "{\"text\":\"hi\"}" }))
        .send()
        .await
        .expect_err("no answer");
    assert_eq!(count.load(Ordering::SeqCst), 1, "sent once, never again");
    assert!(error.is_outcome_unknown(), "{error:?}");
    assert!(
        error.to_string().contains("outcome is unknown"),
        "the error says so: {error}"
    );

    // A read (and an idempotent write) on the same server is retried.
    count.store(0, Ordering::SeqCst);
    let error = client
        .operation(&ops::GET_FAQ)
        .param("id", "f1")
        .send()
        .await
        .expect_err("no answer");
    assert!(!error.is_outcome_unknown());
    assert_eq!(count.load(Ordering::SeqCst), 3, "all three attempts");
}

#[tokio::test]
async fn a_write_refused_before_it_was_applied_is_retried() {
    let server = MockServer::start().await;
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = seen.clone();
    Mock::given(method("POST"))
        .and(path("/open-apis/helpdesk/v1/tickets/t1/messages"))
        .respond_with(move |_: &Request| {
            if counter.fetch_add(1, Ordering::SeqCst) == 0 {
                ResponseTemplate::new(429)
                    .set_body_json(
                        json!({ "code": 99991400, "msg": "request trigger frequency limit" }),
                    )
                    .insert_header("x-ogw-ratelimit-reset", "0")
            } else {
                ok(json!({ "message_id": "om_1" }))
            }
        })
        .mount(&server)
        .await;
    let client = client_of(&server.uri(), false);
    let sent = client
        .operation(&ops::CREATE_TICKET_MESSAGE)
        .param("ticket_id", "t1")
        .body(&json!({ "msg_type": "text", "content": "{\"text\":\"hi\"}" }))
        .send()
        .await
        .expect("sent after the refusal");
    assert_eq!(sent.data["message_id"], "om_1");
    assert_eq!(seen.load(Ordering::SeqCst), 2);

    // A 5xx after which the platform may have acted: once, and typed as unknown.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/open-apis/helpdesk/v1/tickets/t1/messages"))
        .respond_with(
            ResponseTemplate::new(500)
                .set_body_json(json!({ "code": 155000, "msg": "Internal error" })),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client_of(&server.uri(), false);
    let error = client
        .operation(&ops::CREATE_TICKET_MESSAGE)
        .param("ticket_id", "t1")
        .body(&json!({ "msg_type": "text", "content": "{\"text\":\"hi\"}" }))
        .send()
        .await
        .expect_err("unknown");
    assert!(error.is_outcome_unknown(), "{error:?}");
    assert_eq!(error.code(), Some(155000));
}

#[tokio::test]
async fn a_typed_call_of_another_operation_than_named_is_refused_before_sending() {
    let server = MockServer::start().await;
    let client = client_of(&server.uri(), true);
    // Named a read (retried freely) while sending a write: refused.
    let error = client
        .call(&ops::GET_TICKET, |api| async move {
            let body = lark_helpdesk_api::types::CreateTicketMessageRequest {
                msg_type: "text".into(),
                content: serde_json::from_value(json!("{\"text\":\"hi\"}")).unwrap(),
            };
            api.create_ticket_message("t1", &body).await
        })
        .await
        .expect_err("another operation");
    assert!(matches!(error, Error::Config(_)), "{error:?}");
    assert!(
        error.to_string().contains("create_ticket_message"),
        "{error}"
    );
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
    );
}

#[tokio::test]
async fn a_delete_whose_answer_was_lost_then_not_found_is_an_unknown_outcome() {
    let mock = lark_helpdesk_mock::MockHelpdesk::builder()
        .start()
        .await
        .unwrap();
    let client = Client::builder()
        .from_lookup(|name| mock.env_var(name))
        .retry_policy(
            RetryPolicy::attempts(3)
                .with_base_delay(std::time::Duration::from_millis(1))
                .with_max_delay(std::time::Duration::from_millis(5)),
        )
        .build()
        .unwrap();
    let listed: Vec<Value> = client
        .operation(&ops::LIST_FAQS)
        .stream()
        .try_collect()
        .await
        .unwrap();
    let id = listed[0]["faq_id"].as_str().unwrap().to_owned();
    mock.inject(
        lark_helpdesk_mock::FaultScope::NextRequests(1),
        lark_helpdesk_mock::Fault::DropAfterApplying,
    );
    let error = client
        .operation(&ops::DELETE_FAQ)
        .param("id", &id)
        .send()
        .await
        .expect_err("deleted, then not found");
    assert!(error.is_outcome_unknown(), "{error:?}");
    assert_eq!(
        mock.requests_of("delete_faq"),
        2,
        "retried once: a delete may be"
    );
}

#[tokio::test]
async fn subscribing_events_sends_the_spec_s_type_and_subtype_and_the_fake_server_takes_them() {
    let mock = lark_helpdesk_mock::MockHelpdesk::builder()
        .start()
        .await
        .unwrap();
    let client = Client::builder()
        .from_lookup(|name| mock.env_var(name))
        .build()
        .unwrap();
    let subscribed = client
        .subscribe_events(ops::EVENTS)
        .await
        .expect("the fake server validates the body against the spec");
    assert_eq!(
        subscribed.iter().map(|k| k.event_type).collect::<Vec<_>>(),
        [
            "helpdesk.ticket.created_v1",
            "helpdesk.ticket.updated_v1",
            "helpdesk.ticket_message.created_v1"
        ]
    );
    client.unsubscribe_events(ops::EVENTS).await.unwrap();
    assert_eq!(mock.requests_of("subscribe_events"), 1);
    assert_eq!(mock.requests_of("unsubscribe_events"), 1);
    let body: Value = mock
        .received_requests()
        .await
        .iter()
        .find(|r| r.url.path().ends_with("/events/subscribe"))
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .unwrap();
    assert_eq!(
        body["events"][2],
        json!({"type": "helpdesk.ticket_message", "subtype": "ticket_message.created_v1"})
    );
    // Nothing to subscribe: no call.
    client
        .subscribe_events(&[&ops::ON_NOTIFICATION_APPROVE_V1])
        .await
        .unwrap();
    assert_eq!(mock.requests_of("subscribe_events"), 1);
}
