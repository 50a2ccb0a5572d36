//! The mock as an event source: what it pushes to a callback URL (a wiremock receiver on
//! loopback), checked against what its API then serves; encryption, signature, the retry
//! schedule (compressed) and the push faults. Counts and orders, never speeds: every wait
//! is for a count, with a generous deadline, and "nothing more was pushed" is checked
//! after a sentinel event that comes after everything under test.

mod common;

use std::time::{Duration, Instant};

use aes::Aes256;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use cbc::cipher::{BlockDecryptMut, KeyIvInit, block_padding::Pkcs7};
use common::*;
use lark_helpdesk_api::ops::EventData;
use lark_helpdesk_mock::{FIRST_SYNTHETIC_TICKET_ID, MockHelpdesk, MockHelpdeskBuilder, PushFault};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use wiremock::matchers::{body_string_contains, method};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const V1: &str = "/open-apis/helpdesk/v1";
const DEADLINE: Duration = Duration::from_secs(30);
const MESSAGE_CREATED: &str = "helpdesk.ticket_message.created_v1";
const TICKET_UPDATED: &str = "helpdesk.ticket.updated_v1";
const TICKET_CREATED: &str = "helpdesk.ticket.created_v1";

/// A receiver of its own (not one of wiremock's pool, which another test's mock, stopping,
/// might still push to), on a fresh port.
async fn fresh_receiver() -> MockServer {
    MockServer::builder().start().await
}

/// A receiver answering every push with `status`.
async fn receiver(status: u16) -> MockServer {
    let server = fresh_receiver().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(status))
        .mount(&server)
        .await;
    server
}

fn pushing_to(receiver: &MockServer) -> MockHelpdeskBuilder {
    MockHelpdesk::builder()
        .events_to(format!("{}/callback", receiver.uri()))
        .retry_schedule(vec![Duration::from_millis(10); 4])
}

/// The requests the receiver got, once it got at least `n`.
async fn received(receiver: &MockServer, n: usize) -> Vec<Request> {
    let start = Instant::now();
    loop {
        let requests = receiver.received_requests().await.unwrap_or_default();
        if requests.len() >= n {
            return requests;
        }
        assert!(
            start.elapsed() < DEADLINE,
            "waited for {n} pushes, got {}",
            requests.len()
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// The mock's record of pushes, once it holds at least `n`.
async fn pushes(mock: &MockHelpdesk, n: usize) -> Vec<lark_helpdesk_mock::PushRecord> {
    let start = Instant::now();
    loop {
        let pushes = mock.pushes();
        if pushes.len() >= n {
            return pushes;
        }
        assert!(
            start.elapsed() < DEADLINE,
            "waited for {n} recorded pushes, got {pushes:?}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Sentinel events, emitted to know that what a test did before has all gone out.
#[derive(Default)]
struct Sentinels {
    /// The `event_id`s of the sentinels emitted so far.
    ids: Vec<String>,
}

/// What was pushed of the events other than sentinels.
struct Settled {
    requests: Vec<Request>,
    records: Vec<lark_helpdesk_mock::PushRecord>,
}

impl Sentinels {
    /// Emits a sentinel event (a new ticket, with no message) once what is under test was
    /// done, and waits until the mock recorded its `attempts`-th push (as many as the
    /// receiver makes it take). The first pushes go out one at a time, in the order of
    /// the events, so every first push of an earlier event (a duplicate too) went out
    /// before the sentinel's; when the sentinel is retried, its retries waited
    /// `attempts - 1` steps of the schedule, all begun after any earlier event's last
    /// push, whose next retry would have waited one. No sleep: a count to reach.
    async fn settle(
        &mut self,
        mock: &MockHelpdesk,
        callback: &MockServer,
        attempts: u32,
    ) -> Settled {
        let ticket = mock.add_ticket(0);
        let start = Instant::now();
        let id = loop {
            let requests = callback.received_requests().await.unwrap_or_default();
            let sentinel = requests.iter().map(json_of).find(|e| {
                e["header"]["event_type"] == TICKET_CREATED
                    && e["event"]["ticket_id"] == ticket.as_str()
            });
            if let Some(event) = sentinel {
                break event["header"]["event_id"].as_str().unwrap().to_owned();
            }
            assert!(start.elapsed() < DEADLINE, "the sentinel was not pushed");
            tokio::time::sleep(Duration::from_millis(10)).await;
        };
        self.ids.push(id.clone());
        loop {
            let done = mock
                .pushes()
                .iter()
                .any(|p| p.event_id == id && p.attempt == attempts);
            if done {
                break;
            }
            assert!(
                start.elapsed() < DEADLINE,
                "the sentinel's push {attempts} was not recorded: {:?}",
                mock.pushes()
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let requests = callback
            .received_requests()
            .await
            .unwrap_or_default()
            .into_iter()
            .filter(|r| !self.is_sentinel(json_of(r)["header"]["event_id"].as_str()))
            .collect();
        let records = mock
            .pushes()
            .into_iter()
            .filter(|p| !self.is_sentinel(Some(&p.event_id)))
            .collect();
        Settled { requests, records }
    }

    fn is_sentinel(&self, event_id: Option<&str>) -> bool {
        event_id.is_some_and(|id| self.ids.iter().any(|s| s == id))
    }
}

fn json_of(request: &Request) -> Value {
    serde_json::from_slice(&request.body).expect("a JSON body")
}

fn decrypt(encrypt_key: &str, encrypted: &str) -> String {
    let bytes = STANDARD.decode(encrypted).expect("base64");
    let (iv, ciphertext) = bytes.split_at(16);
    let key = Sha256::digest(encrypt_key.as_bytes());
    let plain = cbc::Decryptor::<Aes256>::new_from_slices(&key, iv)
        .unwrap()
        .decrypt_padded_vec_mut::<Pkcs7>(ciphertext)
        .expect("PKCS#7 padding");
    String::from_utf8(plain).expect("UTF-8")
}

fn header<'a>(request: &'a Request, name: &str) -> &'a str {
    request
        .headers
        .get(name)
        .unwrap_or_else(|| panic!("{name} sent"))
        .to_str()
        .unwrap()
}

fn signature_verifies(request: &Request, encrypt_key: &str) -> bool {
    let mut hasher = Sha256::new();
    hasher.update(header(request, "X-Lark-Request-Timestamp").as_bytes());
    hasher.update(header(request, "X-Lark-Request-Nonce").as_bytes());
    hasher.update(encrypt_key.as_bytes());
    hasher.update(&request.body);
    let expected: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    header(request, "X-Lark-Signature") == expected
}

/// Both tokens and the helpdesk header, for the API of one mock.
struct Api {
    http: reqwest::Client,
    uri: String,
    tenant: String,
    user: String,
    helpdesk: String,
}

impl Api {
    async fn of(mock: &MockHelpdesk) -> Api {
        let http = reqwest::Client::new();
        let tenant = token(mock, &http).await;
        Api {
            http,
            uri: mock.uri(),
            tenant,
            user: mock.credentials().user_access_token.clone(),
            helpdesk: mock.credentials().helpdesk_header_value(),
        }
    }

    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
        user: bool,
    ) -> (u16, Value) {
        let token = if user { &self.user } else { &self.tenant };
        let mut request = self
            .http
            .request(method, format!("{}{V1}{path}", self.uri))
            .bearer_auth(token)
            .header(HELPDESK_HEADER, &self.helpdesk);
        if let Some(body) = body {
            request = request.json(&body);
        }
        status_json(request.send().await.unwrap()).await
    }
}

#[tokio::test]
async fn a_message_sent_through_the_api_is_one_event_naming_what_get_messages_serves() {
    let callback = receiver(200).await;
    let mock = pushing_to(&callback)
        .verification_token("v3rificationT0ken")
        .start()
        .await
        .unwrap();
    let ticket = mock.example_ticket_id().to_owned();
    let api = Api::of(&mock).await;

    let (status, sent) = api
        .call(
            reqwest::Method::POST,
            &format!("/tickets/{ticket}/messages"),
            Some(json!({"msg_type": "text", "content": "{\"text\":\"hello from the app\"}"})),
            false,
        )
        .await;
    assert_eq!(status, 200, "{sent}");
    let message_id = sent["data"]["message_id"].as_str().unwrap().to_owned();

    let requests = received(&callback, 1).await;
    let settled = Sentinels::default().settle(&mock, &callback, 1).await;
    assert_eq!(settled.requests.len(), 1, "one event, pushed once");
    let push = &requests[0];
    assert_eq!(push.url.path(), "/callback");
    assert_eq!(
        header(push, "content-type"),
        "application/json; charset=utf-8"
    );
    let event = json_of(push);

    // What "get ticket messages" then serves.
    let (status, page) = api
        .call(
            reqwest::Method::GET,
            &format!("/tickets/{ticket}/messages?page_size=100"),
            None,
            false,
        )
        .await;
    assert_eq!(status, 200);
    let messages = page["data"]["messages"].as_array().unwrap();
    let served = messages
        .iter()
        .find(|m| m["message_id"] == message_id.as_str())
        .expect("the message sent is served");

    assert_eq!(event["schema"], "2.0");
    let h = &event["header"];
    assert_eq!(h["event_type"], MESSAGE_CREATED);
    assert_eq!(h["token"], "v3rificationT0ken");
    assert_eq!(h["app_id"], mock.credentials().app_id.as_str());
    assert_eq!(h["tenant_key"], lark_helpdesk_mock::MOCK_TENANT_KEY);
    assert_eq!(h["event_id"].as_str().unwrap().len(), 32);
    let create_time = h["create_time"].as_str().unwrap();
    assert!(create_time.len() == 13 && create_time.bytes().all(|b| b.is_ascii_digit()));

    let e = &event["event"];
    assert_eq!(e["ticket_message_id"], served["id"]);
    assert_eq!(e["message_id"], message_id.as_str());
    assert_eq!(e["ticket"]["ticket_id"], ticket.as_str());
    assert_eq!(e["msg_type"], "text");
    assert_eq!(e["text"], "hello from the app");
    assert_eq!(e["sender_type"], 1, "sent by the app: the bot");
    assert_eq!(e["position"], messages.len().to_string());

    // The SDK's typed view reads it.
    let text = String::from_utf8(push.body.clone()).unwrap();
    let Some(Ok(EventData::TicketMessageCreatedV1(typed))) =
        EventData::decode(MESSAGE_CREATED, &text)
    else {
        panic!("not a ticket_message.created_v1: {text}");
    };
    assert_eq!(
        typed.ticket_message_id,
        served["id"].as_str().map(str::to_owned)
    );

    let record = settled.records;
    assert_eq!(record.len(), 1);
    assert_eq!(record[0].event_id, h["event_id"].as_str().unwrap());
    assert_eq!(record[0].event_type, MESSAGE_CREATED);
    assert_eq!((record[0].attempt, record[0].status), (1, Some(200)));
}

#[tokio::test]
async fn update_ticket_changes_what_get_and_list_answer_and_emits_the_old_and_new() {
    let callback = receiver(200).await;
    let mock = pushing_to(&callback)
        .synthetic_helpdesk(3)
        .start()
        .await
        .unwrap();
    let api = Api::of(&mock).await;
    let id = (FIRST_SYNTHETIC_TICKET_ID + 1).to_string();
    let (_, before) = api
        .call(reqwest::Method::GET, &format!("/tickets/{id}"), None, false)
        .await;
    let before = before["data"]["ticket"].clone();
    let new_status = if before["status"] == 3 { 4 } else { 3 };

    let (status, answer) = api
        .call(
            reqwest::Method::PUT,
            &format!("/tickets/{id}"),
            Some(json!({"status": new_status, "tag_names": ["urgent"], "comment": "on it"})),
            true,
        )
        .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["code"], 0);

    let (_, got) = api
        .call(reqwest::Method::GET, &format!("/tickets/{id}"), None, false)
        .await;
    let after = got["data"]["ticket"].clone();
    assert_eq!(after["status"], new_status);
    assert_eq!(after["tags"][0]["name"], "urgent");
    assert_ne!(after["updated_at"], before["updated_at"]);
    assert!(after["updated_at"].as_i64() > before["updated_at"].as_i64());
    let (_, listed) = api
        .call(
            reqwest::Method::GET,
            &format!("/tickets?ticket_id={id}"),
            None,
            false,
        )
        .await;
    assert_eq!(
        listed["data"]["tickets"][0], after,
        "list answers the new version"
    );

    let requests = received(&callback, 1).await;
    let mut sentinels = Sentinels::default();
    let settled = sentinels.settle(&mock, &callback, 1).await;
    assert_eq!(settled.requests.len(), 1);
    let event = json_of(&requests[0]);
    assert_eq!(event["header"]["event_type"], TICKET_UPDATED);
    let object = &event["event"]["object"];
    let old = &event["event"]["old_object"];
    assert_eq!(object["ticket_id"], id.as_str());
    assert_eq!(object["status"], new_status);
    assert_eq!(object["updated_at"], after["updated_at"]);
    assert_eq!(old["status"], before["status"]);
    assert_eq!(old["updated_at"], before["updated_at"]);
    assert!(
        old.get("stage").is_none(),
        "the stage did not change: {old}"
    );
    let text = String::from_utf8(requests[0].body.clone()).unwrap();
    assert!(matches!(
        EventData::decode(TICKET_UPDATED, &text),
        Some(Ok(EventData::TicketUpdatedV1(_)))
    ));

    // A ticket the fake server does not hold: answered as documented, no event.
    let (status, _) = api
        .call(
            reqwest::Method::PUT,
            "/tickets/1",
            Some(json!({"status": 2})),
            true,
        )
        .await;
    assert_eq!(status, 200);
    let settled = sentinels.settle(&mock, &callback, 1).await;
    assert_eq!(settled.records.len(), 1, "{:?}", settled.records);
}

#[tokio::test]
async fn encrypted_bodies_decrypt_and_their_signature_verifies_over_the_raw_body() {
    let callback = receiver(200).await;
    let mock = pushing_to(&callback)
        .synthetic_helpdesk(2)
        .encrypt_key("my encrypt key")
        .verification_token("vt")
        .start()
        .await
        .unwrap();
    assert_eq!(
        mock.env_var("LARK_ENCRYPT_KEY").as_deref(),
        Some("my encrypt key")
    );
    assert_eq!(
        mock.env_var("LARK_VERIFICATION_TOKEN").as_deref(),
        Some("vt")
    );
    let id = FIRST_SYNTHETIC_TICKET_ID.to_string();
    assert!(mock.add_messages(&id, 3));
    let requests = received(&callback, 3).await;
    let held = mock.messages(&id).unwrap();
    for (push, message) in requests.iter().zip(&held[held.len() - 3..]) {
        let body = json_of(push);
        let fields: Vec<&String> = body.as_object().unwrap().keys().collect();
        assert_eq!(fields, ["encrypt"]);
        assert!(signature_verifies(push, "my encrypt key"));
        assert!(!signature_verifies(push, "another key"));
        let event: Value = serde_json::from_str(&decrypt(
            "my encrypt key",
            body["encrypt"].as_str().unwrap(),
        ))
        .unwrap();
        assert_eq!(event["header"]["event_type"], MESSAGE_CREATED);
        assert_eq!(event["header"]["token"], "vt");
        assert_eq!(
            event["event"]["ticket_message_id"],
            message.id.as_deref().unwrap()
        );
        assert_eq!(event["event"]["ticket"]["ticket_id"], id.as_str());
    }
}

#[tokio::test]
async fn a_push_answered_500_is_retried_four_times_then_given_up() {
    let callback = receiver(500).await;
    let mock = pushing_to(&callback)
        .synthetic_helpdesk(1)
        .start()
        .await
        .unwrap();
    assert!(mock.update_ticket(&FIRST_SYNTHETIC_TICKET_ID.to_string()));
    let record = pushes(&mock, 5).await;
    // The sentinel, answered 500 too, is pushed 5 times.
    let settled = Sentinels::default().settle(&mock, &callback, 5).await;
    let record = {
        let after = settled.records;
        assert_eq!(after.len(), 5, "given up after 4 retries: {after:?}");
        assert_eq!(after, record);
        after
    };
    let attempts: Vec<u32> = record.iter().map(|p| p.attempt).collect();
    assert_eq!(attempts, [1, 2, 3, 4, 5]);
    assert!(record.iter().all(|p| p.status == Some(500)));
    assert!(record.iter().all(|p| p.event_id == record[0].event_id));
    assert!(record.iter().all(|p| p.event_type == TICKET_UPDATED));
    let bodies: Vec<Vec<u8>> = settled.requests.into_iter().map(|r| r.body).collect();
    assert_eq!(bodies.len(), 5);
    assert!(
        bodies.iter().all(|b| *b == bodies[0]),
        "the same event each time"
    );
}

#[tokio::test]
async fn retries_stop_after_a_200() {
    let callback = fresh_receiver().await;
    // The sentinel (a ticket created) is answered 500, so that it is retried on the
    // schedule: a retry after the 200 would come before its last.
    Mock::given(method("POST"))
        .and(body_string_contains(TICKET_CREATED))
        .respond_with(ResponseTemplate::new(500))
        .with_priority(1)
        .mount(&callback)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(2)
        .with_priority(2)
        .mount(&callback)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&callback)
        .await;
    let mock = pushing_to(&callback)
        .synthetic_helpdesk(1)
        .start()
        .await
        .unwrap();
    assert!(mock.update_ticket(&FIRST_SYNTHETIC_TICKET_ID.to_string()));
    let record = pushes(&mock, 3).await;
    let settled = Sentinels::default().settle(&mock, &callback, 5).await;
    assert_eq!(settled.records, record);
    let summary: Vec<(u32, Option<u16>)> = record.iter().map(|p| (p.attempt, p.status)).collect();
    assert_eq!(summary, [(1, Some(500)), (2, Some(500)), (3, Some(200))]);
    assert!(record.iter().all(|p| p.event_type == TICKET_UPDATED));
}

#[tokio::test]
async fn no_answer_counts_as_a_failure() {
    // A port nobody listens on (bound, then freed).
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mock = MockHelpdesk::builder()
        .events_to(format!("http://127.0.0.1:{port}/"))
        .retry_schedule(vec![Duration::from_millis(5); 2])
        .synthetic_helpdesk(1)
        .start()
        .await
        .unwrap();
    mock.add_messages(&FIRST_SYNTHETIC_TICKET_ID.to_string(), 1);
    let record = pushes(&mock, 3).await;
    assert!(record.iter().all(|p| p.status.is_none()));
    assert_eq!(
        record.iter().map(|p| p.attempt).collect::<Vec<_>>(),
        [1, 2, 3]
    );
}

#[tokio::test]
async fn hooks_emit_created_updated_and_message_events_in_order() {
    let callback = receiver(200).await;
    let mock = pushing_to(&callback)
        .synthetic_helpdesk(1)
        .start()
        .await
        .unwrap();
    let id = mock.add_ticket(2);
    assert!(mock.update_ticket(&id));
    assert!(!mock.update_ticket("no such ticket"));
    let requests = received(&callback, 4).await;
    let settled = Sentinels::default().settle(&mock, &callback, 1).await;
    assert_eq!(settled.requests.len(), 4);
    let events: Vec<Value> = requests.iter().map(json_of).collect();
    let types: Vec<&str> = events
        .iter()
        .map(|e| e["header"]["event_type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            TICKET_CREATED,
            MESSAGE_CREATED,
            MESSAGE_CREATED,
            TICKET_UPDATED
        ]
    );
    assert_eq!(events[0]["event"]["ticket_id"], id.as_str());
    assert_eq!(events[0]["event"]["status"], 1);
    assert_eq!(events[0]["event"]["updated_at"], -1);
    assert_eq!(events[1]["event"]["position"], "1");
    assert_eq!(events[2]["event"]["position"], "2");
    let held = mock.messages(&id).unwrap();
    assert_eq!(
        events[1]["event"]["ticket_message_id"],
        held[0].id.as_deref().unwrap()
    );
    let updated = &events[3]["event"];
    assert_eq!(updated["object"]["ticket_id"], id.as_str());
    assert_eq!(updated["old_object"]["updated_at"], -1);
    assert_ne!(updated["object"]["status"], updated["old_object"]["status"]);
    let ids: std::collections::HashSet<&str> = events
        .iter()
        .map(|e| e["header"]["event_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 4, "every event_id fresh");
}

#[tokio::test]
async fn the_activity_ticker_makes_changes_by_itself() {
    let callback = receiver(200).await;
    let mock = pushing_to(&callback)
        .synthetic_helpdesk(5)
        .activity_every(Duration::from_millis(5))
        .start()
        .await
        .unwrap();
    let requests = received(&callback, 5).await;
    for request in &requests {
        let event = json_of(request);
        let kind = event["header"]["event_type"].as_str().unwrap();
        assert!([TICKET_CREATED, TICKET_UPDATED, MESSAGE_CREATED].contains(&kind));
        let text = String::from_utf8(request.body.clone()).unwrap();
        assert!(
            matches!(EventData::decode(kind, &text), Some(Ok(_))),
            "{text}"
        );
    }
    drop(mock);
}

#[tokio::test]
async fn duplicate_delivery_pushes_each_event_twice() {
    let callback = receiver(200).await;
    let mock = pushing_to(&callback)
        .synthetic_helpdesk(1)
        .start()
        .await
        .unwrap();
    mock.inject_push_fault(PushFault::Duplicate);
    mock.add_messages(&FIRST_SYNTHETIC_TICKET_ID.to_string(), 2);
    let requests = received(&callback, 4).await;
    // Cleared before the sentinel (the two events were taken with the fault in force:
    // they were pushed), so that the sentinel is pushed once.
    mock.clear_push_faults();
    let mut sentinels = Sentinels::default();
    let settled = sentinels.settle(&mock, &callback, 1).await;
    assert_eq!(settled.requests.len(), 4);
    let ids: Vec<String> = requests
        .iter()
        .map(|r| {
            json_of(r)["header"]["event_id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(ids[0], ids[1]);
    assert_eq!(ids[2], ids[3]);
    assert_ne!(ids[0], ids[2]);
    assert!(
        settled
            .records
            .iter()
            .all(|p| p.attempt == 1 && p.status == Some(200))
    );

    // Cleared: once each.
    mock.add_messages(&FIRST_SYNTHETIC_TICKET_ID.to_string(), 1);
    let settled = sentinels.settle(&mock, &callback, 1).await;
    assert_eq!(settled.requests.len(), 5);
}

#[tokio::test]
async fn out_of_order_delivery_pushes_a_batch_reversed() {
    let callback = receiver(200).await;
    let mock = pushing_to(&callback)
        .synthetic_helpdesk(1)
        .start()
        .await
        .unwrap();
    mock.inject_push_fault(PushFault::OutOfOrder { batch: 3 });
    let id = FIRST_SYNTHETIC_TICKET_ID.to_string();
    // A batch is held until full: had the first two gone out at once, they would come
    // first, and the order below would not be reversed.
    mock.add_messages(&id, 2);
    mock.add_messages(&id, 1);
    let requests = received(&callback, 3).await;
    let held = mock.messages(&id).unwrap();
    let expected: Vec<&str> = held[held.len() - 3..]
        .iter()
        .rev()
        .map(|m| m.id.as_deref().unwrap())
        .collect();
    let pushed: Vec<String> = requests
        .iter()
        .map(|r| {
            json_of(r)["event"]["ticket_message_id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(pushed, expected);
    mock.clear_push_faults();
    let settled = Sentinels::default().settle(&mock, &callback, 1).await;
    assert_eq!(settled.requests.len(), 3, "each pushed once");
}

#[tokio::test]
async fn a_bad_signature_does_not_verify() {
    let callback = receiver(200).await;
    let mock = pushing_to(&callback)
        .synthetic_helpdesk(1)
        .encrypt_key("k")
        .start()
        .await
        .unwrap();
    let id = FIRST_SYNTHETIC_TICKET_ID.to_string();
    mock.inject_push_fault(PushFault::BadSignature);
    mock.add_messages(&id, 1);
    let requests = received(&callback, 1).await;
    assert!(!signature_verifies(&requests[0], "k"));
    // The body itself is still the event, encrypted with the key.
    let body = json_of(&requests[0]);
    let event: Value =
        serde_json::from_str(&decrypt("k", body["encrypt"].as_str().unwrap())).unwrap();
    assert_eq!(event["header"]["event_type"], MESSAGE_CREATED);

    mock.clear_push_faults();
    mock.add_messages(&id, 1);
    let requests = received(&callback, 2).await;
    assert!(signature_verifies(&requests[1], "k"));
}

#[tokio::test]
async fn a_slow_push_waits_before_it_is_sent() {
    let callback = receiver(200).await;
    let mock = pushing_to(&callback)
        .synthetic_helpdesk(1)
        .start()
        .await
        .unwrap();
    let delay = Duration::from_millis(600);
    mock.inject_push_fault(PushFault::Slow(delay));
    let start = Instant::now();
    mock.add_messages(&FIRST_SYNTHETIC_TICKET_ID.to_string(), 1);
    received(&callback, 1).await;
    assert!(start.elapsed() >= delay, "sent only after the delay");
    assert_eq!(pushes(&mock, 1).await[0].status, Some(200));
}

#[tokio::test]
async fn without_a_callback_nothing_is_pushed() {
    let mock = MockHelpdesk::builder().synthetic_helpdesk(1).start().await;
    let mock = mock.unwrap();
    assert!(mock.add_messages(&FIRST_SYNTHETIC_TICKET_ID.to_string(), 1));
    assert!(mock.update_ticket(&FIRST_SYNTHETIC_TICKET_ID.to_string()));
    assert!(mock.pushes().is_empty());
    assert_eq!(mock.env_var("LARK_ENCRYPT_KEY"), None);
    assert!(
        mock.env_vars()
            .iter()
            .all(|(name, _)| !name.contains("ENCRYPT"))
    );
}
