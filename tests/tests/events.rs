//! The events of the spec (the callbacks of `subscribe_events`): the table `regen`
//! writes agrees with them, each documented example is a valid envelope that the SDK
//! reads and types, and what the fake server pushes is what the spec describes, read by
//! the SDK's receiver (plain, and encrypted and signed).

use std::time::{Duration, Instant};

use lark_helpdesk::{Event, Received, ReceiverConfig, ops};
use lark_helpdesk_api::spec::Spec;
use lark_helpdesk_mock::MockHelpdesk;
use serde_json::Value;
use wiremock::{Mock, MockServer, ResponseTemplate, matchers::method};

/// Each event operation of the spec: its `x-event-type` and the operation.
fn spec_events() -> Vec<(String, Value)> {
    let doc = Spec::embedded().document();
    let mut out = Vec::new();
    for item in doc["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values() {
            for callback in op["callbacks"].as_object().into_iter().flatten() {
                for path_item in callback.1.as_object().unwrap().values() {
                    let post = &path_item["post"];
                    if let Some(t) = post["x-event-type"].as_str() {
                        out.push((t.to_owned(), post.clone()));
                    }
                }
            }
        }
    }
    out
}

fn body_schema(op: &Value) -> &Value {
    &op["requestBody"]["content"]["application/json"]["schema"]
}

fn schema_errors(schema: &Value, instance: &Value) -> Vec<String> {
    let spec = Spec::embedded();
    let json_schema = spec.json_schema(schema);
    let validator = jsonschema::draft4::new(&json_schema).unwrap();
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn the_event_table_is_the_spec_s_callbacks() {
    let events = spec_events();
    let mut types: Vec<&str> = events.iter().map(|(t, _)| t.as_str()).collect();
    types.sort_unstable();
    let table: Vec<&str> = ops::EVENTS.iter().map(|e| e.event_type).collect();
    assert_eq!(types, table);
    assert_eq!(table.len(), 4, "the four helpdesk events");
    for (event_type, op) in &events {
        let kind = lark_helpdesk_api::find_event(event_type).unwrap();
        match (&op["x-subscribe"], kind.subscribe) {
            (Value::Null, None) => {}
            (s, Some(sub)) => {
                assert_eq!(s["type"], sub.event_type, "{event_type}");
                assert_eq!(s["subtype"], sub.subtype, "{event_type}");
            }
            other => panic!("{event_type}: {other:?}"),
        }
    }
}

#[test]
fn every_documented_example_is_a_valid_envelope_the_sdk_types() {
    for (event_type, op) in spec_events() {
        let example = &op["requestBody"]["content"]["application/json"]["example"];
        assert!(
            schema_errors(body_schema(&op), example).is_empty(),
            "{event_type}: {:?}",
            schema_errors(body_schema(&op), example)
        );
        let event = Event::parse(example.to_string().as_bytes()).unwrap();
        assert_eq!(event.event_type(), event_type);
        assert_eq!(
            event.kind().map(|k| k.event_type),
            Some(event_type.as_str())
        );
        let data = event
            .data()
            .expect("a type of the spec")
            .expect("its fields decode");
        assert_eq!(data.event_type(), event_type, "typed as {data:?}");
        assert!(
            !event.json().contains("\"token\""),
            "the token is not handed on"
        );
    }
}

/// Makes every kind of change the fake server turns into an event: messages, an update,
/// a new ticket (hooks), and a notification submitted for review through the API.
async fn change(mock: &MockHelpdesk) {
    assert!(mock.add_messages("7100000000000000001", 2));
    assert!(mock.update_ticket("7100000000000000002"));
    mock.add_ticket(1);
    let client = lark_helpdesk::Client::builder()
        .from_lookup(|name| mock.env_var(name))
        .build()
        .unwrap();
    let spec = Spec::embedded();
    let id = spec
        .parameter_example("submit_approve_notification", "notification_id")
        .and_then(Value::as_str)
        .unwrap();
    let (_, _, _, op) = spec
        .operations()
        .find(|(op, ..)| *op == "submit_approve_notification")
        .unwrap();
    client
        .operation(&ops::SUBMIT_APPROVE_NOTIFICATION)
        .param("notification_id", id)
        .body(&op["requestBody"]["content"]["application/json"]["example"])
        .send()
        .await
        .unwrap();
}

/// The requests `receiver` got, once there are `n`.
async fn requests(receiver: &MockServer, n: usize) -> Vec<wiremock::Request> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let got = receiver.received_requests().await.unwrap_or_default();
        if got.len() >= n {
            return got;
        }
        assert!(Instant::now() < deadline, "{} of {n} pushes", got.len());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn receiver() -> MockServer {
    let receiver = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"msg":"success"}"#))
        .mount(&receiver)
        .await;
    receiver
}

#[tokio::test(flavor = "multi_thread")]
async fn what_the_fake_server_pushes_is_what_the_spec_describes() {
    let receiver = receiver().await;
    let mock = MockHelpdesk::builder()
        .synthetic_helpdesk(3)
        .events_to(receiver.uri())
        .start()
        .await
        .unwrap();
    change(&mock).await;
    // 2 messages, an update, a ticket created with its message, a review.
    let pushed = requests(&receiver, 6).await;
    let events = spec_events();
    let mut seen = Vec::new();
    for request in &pushed {
        let body: Value = serde_json::from_slice(&request.body).unwrap();
        let event_type = body["header"]["event_type"].as_str().unwrap().to_owned();
        let (_, op) = events
            .iter()
            .find(|(t, _)| *t == event_type)
            .unwrap_or_else(|| panic!("{event_type} is not in the spec"));
        let errors = schema_errors(body_schema(op), &body);
        assert!(errors.is_empty(), "{event_type}: {errors:?}\n{body}");
        let event = Event::parse(&request.body).unwrap();
        let data = event.data().expect("a type of the spec").unwrap();
        assert_eq!(data.event_type(), event_type);
        seen.push(event_type);
    }
    seen.sort();
    seen.dedup();
    assert_eq!(
        seen,
        [
            "helpdesk.notification.approve_v1",
            "helpdesk.ticket.created_v1",
            "helpdesk.ticket.updated_v1",
            "helpdesk.ticket_message.created_v1"
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_sdk_s_receiver_takes_what_the_fake_server_encrypts_and_signs() {
    let receiver_server = receiver().await;
    let mock = MockHelpdesk::builder()
        .synthetic_helpdesk(3)
        .events_to(receiver_server.uri())
        .encrypt_key("an encrypt key")
        .verification_token("a verification token")
        .start()
        .await
        .unwrap();
    change(&mock).await;
    let pushed = requests(&receiver_server, 6).await;
    let sdk = ReceiverConfig::new()
        .encrypt_key("an encrypt key".to_string())
        .verification_token("a verification token".to_string())
        .build();
    let wrong_token = ReceiverConfig::new()
        .encrypt_key("an encrypt key".to_string())
        .verification_token("another token".to_string())
        .build();
    let wrong_key = ReceiverConfig::new()
        .encrypt_key("another key".to_string())
        .build();
    for request in &pushed {
        let headers = &request.headers;
        let receipt = sdk.receive(headers, &request.body);
        assert_eq!(receipt.reply.status, 200);
        let Received::Event(event) = receipt.received else {
            panic!("{:?}", receipt.received)
        };
        assert!(matches!(event.data(), Some(Ok(_))));
        // A second delivery of the same bytes: a duplicate, not handed on.
        assert!(matches!(
            sdk.receive(headers, &request.body).received,
            Received::Duplicate(_)
        ));
        assert_eq!(
            wrong_token.receive(headers, &request.body).reply.status,
            401
        );
        assert_eq!(wrong_key.receive(headers, &request.body).reply.status, 401);
    }
}
