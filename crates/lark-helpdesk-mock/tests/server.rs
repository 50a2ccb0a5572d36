//! The routes of the fake server: tokens, authentication, validation, pages, filters.

mod common;

use std::collections::HashSet;
use std::time::Duration;

use common::*;
use lark_helpdesk_api::spec::Spec;
use lark_helpdesk_api::types::{TicketMessage, TicketMessagesResponse, Timestamp};
use lark_helpdesk_mock::{MockCredentials, MockError, MockHelpdesk};
use serde_json::{Value, json};

#[tokio::test]
async fn tokens_are_new_on_every_call_and_all_stay_valid() {
    let mock = MockHelpdesk::start().await;
    let http = reqwest::Client::new();
    let credentials = mock.credentials().clone();
    let mut tokens = Vec::new();
    for _ in 0..3 {
        let response = http
            .post(format!("{}{TOKEN_PATH}", mock.uri()))
            .json(&json!({"app_id": credentials.app_id, "app_secret": credentials.app_secret}))
            .send()
            .await
            .unwrap();
        let (status, body) = status_json(response).await;
        assert_eq!(status, 200);
        assert_eq!(body["code"], 0);
        assert_eq!(body["msg"], "ok");
        assert_eq!(body["expire"], 7200);
        let token = body["tenant_access_token"].as_str().unwrap().to_string();
        assert!(token.starts_with("t-"), "{token}");
        tokens.push(token);
    }
    assert_eq!(tokens.iter().collect::<HashSet<_>>().len(), 3);
    assert_eq!(mock.token_requests(), 3);
    assert_eq!(mock.tokens_issued(), 3);
    let id = mock.example_ticket_id().to_string();
    for token in &tokens {
        let (status, body) = status_json(get_messages(&mock, &http, token, &id, &[]).await).await;
        assert_eq!((status, body["code"].as_i64()), (200, Some(0)), "{body}");
    }
}

#[tokio::test]
async fn bad_credentials_get_10014_and_bad_bodies_10003_at_200() {
    let mock = MockHelpdesk::start().await;
    let http = reqwest::Client::new();
    let url = format!("{}{TOKEN_PATH}", mock.uri());
    let wrong = [
        json!({"app_id": "cli_mock_app", "app_secret": "wrong"}),
        json!({"app_id": "cli_other", "app_secret": "mock_app_secret"}),
    ];
    for body in &wrong {
        let (status, answer) = status_json(http.post(&url).json(body).send().await.unwrap()).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(answer, json!({"code": 10014, "msg": "app secret invalid"}));
    }
    let malformed = [
        json!({"app_id": "cli_mock_app"}),
        json!({}),
        json!("not an object"),
    ];
    for body in &malformed {
        let (status, answer) = status_json(http.post(&url).json(body).send().await.unwrap()).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(answer, json!({"code": 10003, "msg": "invalid param"}));
    }
    for request in [http.post(&url).body("{not json"), http.post(&url)] {
        let (status, answer) = status_json(request.send().await.unwrap()).await;
        assert_eq!((status, answer["code"].as_i64()), (200, Some(10003)));
    }
    assert_eq!(mock.token_requests(), wrong.len() + malformed.len() + 2);
    assert_eq!(mock.tokens_issued(), 0);
}

#[tokio::test]
async fn custom_credentials_and_token_ttl() {
    let credentials = MockCredentials {
        app_id: "cli_a".into(),
        app_secret: "s".into(),
        helpdesk_id: "h".into(),
        helpdesk_token: "t".into(),
        ..MockCredentials::default()
    };
    let mock = MockHelpdesk::builder()
        .credentials(credentials.clone())
        .token_ttl(Duration::from_secs(60))
        .start()
        .await
        .unwrap();
    assert_eq!(mock.credentials(), &credentials);
    assert_eq!(credentials.helpdesk_header_value(), "aDp0");
    let http = reqwest::Client::new();
    let (status, body) = status_json(
        http.post(format!("{}{TOKEN_PATH}", mock.uri()))
            .json(&json!({"app_id": "cli_a", "app_secret": "s"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((status, &body["expire"]), (200, &json!(60)));
}

#[tokio::test]
async fn tokens_expire_after_their_ttl() {
    let mock = MockHelpdesk::builder()
        .token_ttl(Duration::from_secs(2))
        .start()
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let token = token(&mock, &http).await;
    let id = mock.example_ticket_id().to_string();
    let (status, _) = status_json(get_messages(&mock, &http, &token, &id, &[]).await).await;
    assert_eq!(status, 200);
    // The mock's clock is the system's plus what the test advanced: a margin of a second
    // on each side of the ttl, whatever the machine's load.
    mock.advance_clock(Duration::from_secs(1));
    let (status, _) = status_json(get_messages(&mock, &http, &token, &id, &[]).await).await;
    assert_eq!(status, 200, "still valid before its ttl");
    mock.advance_clock(Duration::from_secs(1));
    let (status, body) = status_json(get_messages(&mock, &http, &token, &id, &[]).await).await;
    assert_eq!((status, &body["code"]), (400, &json!(99991663)));
}

#[tokio::test]
async fn expire_tokens_invalidates_every_token_issued_so_far() {
    let mock = MockHelpdesk::start().await;
    let http = reqwest::Client::new();
    let id = mock.example_ticket_id().to_string();
    let old = token(&mock, &http).await;
    assert_eq!(
        get_messages(&mock, &http, &old, &id, &[]).await.status(),
        200
    );
    mock.expire_tokens();
    let (status, body) = status_json(get_messages(&mock, &http, &old, &id, &[]).await).await;
    assert_eq!((status, &body["code"]), (400, &json!(99991663)));
    let new = token(&mock, &http).await;
    assert_eq!(
        get_messages(&mock, &http, &new, &id, &[]).await.status(),
        200
    );
}

#[tokio::test]
async fn missing_or_unknown_tokens_are_refused() {
    let mock = MockHelpdesk::start().await;
    let other = MockHelpdesk::start().await;
    let http = reqwest::Client::new();
    let url = messages_url(&mock, mock.example_ticket_id());
    let helpdesk = mock.credentials().helpdesk_header_value();

    let (status, body) = status_json(
        http.get(&url)
            .header(HELPDESK_HEADER, &helpdesk)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((status, &body["code"]), (400, &json!(99991661)), "{body}");

    let foreign = token(&other, &http).await;
    let own = token(&mock, &http).await;
    let bad_values = [
        "Bearer t-not-issued".to_string(),
        format!("Bearer {foreign}"),
        format!("Basic {own}"),
        own.clone(),
        "Bearer".to_string(),
        String::new(),
    ];
    for value in &bad_values {
        let (status, body) = status_json(
            http.get(&url)
                .header("Authorization", value)
                .header(HELPDESK_HEADER, &helpdesk)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!((status, &body["code"]), (400, &json!(99991663)), "{value}");
        assert!(
            body["msg"]
                .as_str()
                .unwrap()
                .contains("Invalid access token")
        );
    }
    let binary = reqwest::header::HeaderValue::from_bytes(b"Bearer \xff\xfe").unwrap();
    let (status, body) = status_json(
        http.get(&url)
            .header("Authorization", binary)
            .header(HELPDESK_HEADER, &helpdesk)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((status, &body["code"]), (400, &json!(99991663)));
}

#[tokio::test]
async fn a_wrong_helpdesk_header_gets_the_documented_401() {
    let mock = MockHelpdesk::start().await;
    let http = reqwest::Client::new();
    let token = token(&mock, &http).await;
    let url = messages_url(&mock, mock.example_ticket_id());
    let right = mock.credentials().helpdesk_header_value();
    let wrong = [
        format!("Bearer {right}"),
        "bW9ja19oZWxwZGVzazp3cm9uZw==".to_string(), // mock_helpdesk:wrong
        "%%% not base64 %%%".to_string(),
        right.trim_end_matches('=').to_string() + "x",
    ];
    let expected = spec_example(401);
    for value in &wrong {
        let (status, body) = status_json(
            http.get(&url)
                .bearer_auth(&token)
                .header(HELPDESK_HEADER, value)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!((status, &body), (401, &expected), "{value}");
    }
    let (status, body) =
        status_json(http.get(&url).bearer_auth(&token).send().await.unwrap()).await;
    assert_eq!((status, &body), (401, &expected));
    let binary = reqwest::header::HeaderValue::from_bytes(b"\xff\xfe\x80").unwrap();
    let (status, body) = status_json(
        http.get(&url)
            .bearer_auth(&token)
            .header(HELPDESK_HEADER, binary)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((status, &body), (401, &expected));
    assert_eq!(expected["code"], 154001);
}

#[tokio::test]
async fn the_default_dataset_is_the_documented_example() {
    let mock = MockHelpdesk::start().await;
    let http = reqwest::Client::new();
    let token = token(&mock, &http).await;
    let spec = Spec::embedded();
    let id = spec
        .parameter_example("list_ticket_messages", "ticket_id")
        .and_then(Value::as_str)
        .unwrap();
    assert_eq!(id, "6948728206392295444");
    assert_eq!(mock.example_ticket_id(), id);
    let response = get_messages(&mock, &http, &token, id, &[]).await;
    assert_eq!(
        response.headers()["content-type"].to_str().unwrap(),
        "application/json"
    );
    let (status, body) = status_json(response).await;
    let example = spec_example(200);
    assert_eq!(status, 200);
    assert_eq!(body["code"], 0);
    assert_eq!(body["msg"], example["msg"]);
    assert_eq!(body["data"]["messages"], example["data"]["messages"]);
    assert_eq!(body["data"]["total"], 1, "the mock counts what it holds");
    let typed: TicketMessagesResponse = serde_json::from_value(body).unwrap();
    assert_eq!(typed.data.unwrap().messages.unwrap().len(), 1);
}

#[tokio::test]
async fn without_default_ticket_the_example_is_unknown() {
    let mock = MockHelpdesk::builder()
        .without_default_ticket()
        .synthetic_ticket("1", 3)
        .start()
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let token = token(&mock, &http).await;
    let (status, body) =
        status_json(get_messages(&mock, &http, &token, "6948728206392295444", &[]).await).await;
    assert_eq!((status, body), (400, spec_example(400)));
    assert!(mock.messages("6948728206392295444").is_none());
    assert_eq!(mock.messages("1").map(|m| m.len()), Some(3));
}

#[tokio::test]
async fn invalid_queries_get_the_documented_400() {
    let mock = MockHelpdesk::start().await;
    let http = reqwest::Client::new();
    let token = token(&mock, &http).await;
    let id = mock.example_ticket_id().to_string();
    let expected = spec_example(400);
    assert_eq!(expected["code"], 154000);
    let bad: [(&str, &str); 14] = [
        ("page_size", "0"),
        ("page_size", "201"),
        ("page_size", "abc"),
        ("page_size", ""),
        ("page_size", "1.5"),
        ("page_size", "-20"),
        ("page_size", "99999999999999999999999"),
        ("page", "0"),
        ("page", "-1"),
        ("page", "abc"),
        ("time_start", "yesterday"),
        ("time_end", "1.5"),
        ("time_start", ""),
        ("page", "%ff"),
    ];
    for (name, value) in bad {
        let (status, body) =
            status_json(get_messages(&mock, &http, &token, &id, &[(name, value)]).await).await;
        assert_eq!((status, &body), (400, &expected), "{name}={value}");
    }
    for (name, value) in [
        ("page_size", "1"),
        ("page_size", "200"),
        ("page", "1"),
        ("page", "9223372036854775807"),
        ("time_start", "-5"),
        ("unknown", "whatever"),
    ] {
        let (status, body) =
            status_json(get_messages(&mock, &http, &token, &id, &[(name, value)]).await).await;
        assert_eq!((status, &body["code"]), (200, &json!(0)), "{name}={value}");
    }
}

#[tokio::test]
async fn pages_slice_the_ticket_and_total_counts_it() {
    let mock = MockHelpdesk::builder()
        .synthetic_ticket("7000000000000000001", 45)
        .start()
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let token = token(&mock, &http).await;
    let id = "7000000000000000001";
    let stored = serde_json::to_value(mock.messages(id).unwrap()).unwrap();
    let mut seen = Vec::new();
    for (page, expected_len) in [("1", 20), ("2", 20), ("3", 5), ("4", 0), ("1000", 0)] {
        let (status, body) = status_json(
            get_messages(
                &mock,
                &http,
                &token,
                id,
                &[("page", page), ("page_size", "20")],
            )
            .await,
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(body["data"]["total"], 45, "page {page}");
        let messages = body["data"]["messages"].as_array().unwrap();
        assert_eq!(messages.len(), expected_len, "page {page}");
        seen.extend(messages.iter().cloned());
    }
    assert_eq!(Value::Array(seen), stored);

    // Defaults: page 1 of the spec's default page_size (20).
    let (_, body) = status_json(get_messages(&mock, &http, &token, id, &[]).await).await;
    assert_eq!(
        body["data"]["messages"].as_array().unwrap()[..],
        stored.as_array().unwrap()[..20]
    );
    let (_, body) = status_json(
        get_messages(
            &mock,
            &http,
            &token,
            id,
            &[("page_size", "7"), ("page", "7")],
        )
        .await,
    )
    .await;
    assert_eq!(
        body["data"]["messages"].as_array().unwrap()[..],
        stored.as_array().unwrap()[42..45]
    );
}

fn message_at(id: &str, created_at: Option<Timestamp>) -> TicketMessage {
    TicketMessage {
        id: Some(id.into()),
        created_at,
        content: Some(r#"{"content":"x","msg_type":"text"}"#.to_string().into()),
        message_type: Some("text".into()),
        ..TicketMessage::default()
    }
}

async fn ids(
    mock: &MockHelpdesk,
    http: &reqwest::Client,
    token: &str,
    query: &[(&str, &str)],
) -> (Vec<String>, i64) {
    let (status, body) = status_json(get_messages(mock, http, token, "t", query).await).await;
    assert_eq!(status, 200, "{body}");
    let ids = body["data"]["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_string())
        .collect();
    (ids, body["data"]["total"].as_i64().unwrap())
}

#[tokio::test]
async fn time_filters_keep_messages_within_the_bounds_by_the_second() {
    // Given out of order, with a string timestamp and one without a timestamp.
    let messages = vec![
        message_at("c", Some(Timestamp::Int64(3_000_500))),
        message_at("a", Some(Timestamp::Int64(1_000_999))),
        message_at("none", None),
        message_at("b", Some(Timestamp::String("2000000".into()))),
        message_at("d", Some(Timestamp::Int64(4_000_000))),
        message_at("e", Some(Timestamp::Int64(5_999_999))),
    ];
    let mock = MockHelpdesk::builder()
        .ticket("t", messages)
        .start()
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let token = token(&mock, &http).await;
    let v = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<Vec<_>>();

    assert_eq!(
        ids(&mock, &http, &token, &[]).await,
        (v(&["none", "a", "b", "c", "d", "e"]), 6)
    );
    assert_eq!(
        ids(
            &mock,
            &http,
            &token,
            &[("time_start", "2000"), ("time_end", "4000")]
        )
        .await,
        (v(&["b", "c", "d"]), 3)
    );
    assert_eq!(
        ids(
            &mock,
            &http,
            &token,
            &[("time_start", "1000"), ("time_end", "1000")]
        )
        .await,
        (v(&["a"]), 1)
    );
    assert_eq!(
        ids(&mock, &http, &token, &[("time_start", "3001")]).await,
        (v(&["d", "e"]), 2)
    );
    assert_eq!(
        ids(&mock, &http, &token, &[("time_end", "2999")]).await,
        (v(&["a", "b"]), 2)
    );
    assert_eq!(
        ids(&mock, &http, &token, &[("time_end", "5")]).await,
        (v(&[]), 0)
    );
    assert_eq!(
        ids(
            &mock,
            &http,
            &token,
            &[("time_start", "5000"), ("time_end", "1000")]
        )
        .await,
        (v(&[]), 0)
    );
    assert_eq!(
        ids(
            &mock,
            &http,
            &token,
            &[("time_start", "1000"), ("page_size", "2"), ("page", "2")]
        )
        .await,
        (v(&["c", "d"]), 5)
    );
}

#[tokio::test]
async fn unknown_tickets_get_the_documented_400() {
    let mock = MockHelpdesk::start().await;
    let http = reqwest::Client::new();
    let token = token(&mock, &http).await;
    for id in ["1", "6948728206392295445", "%ff%fe", "%E5%B7%A5%E5%8D%95"] {
        let (status, body) = status_json(get_messages(&mock, &http, &token, id, &[]).await).await;
        assert_eq!((status, body), (400, spec_example(400)), "{id}");
    }
    // A percent-encoded id is decoded.
    let (status, _) =
        status_json(get_messages(&mock, &http, &token, "%36948728206392295444", &[]).await).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn every_answer_carries_a_unique_log_id() {
    let mock = MockHelpdesk::start().await;
    let http = reqwest::Client::new();
    let id = mock.example_ticket_id().to_string();
    let token = token(&mock, &http).await;
    let mut responses = vec![
        http.post(format!("{}{TOKEN_PATH}", mock.uri()))
            .json(&json!({}))
            .send()
            .await
            .unwrap(),
        http.post(format!("{}{TOKEN_PATH}", mock.uri()))
            .json(&json!({"app_id": "cli_mock_app", "app_secret": "mock_app_secret"}))
            .send()
            .await
            .unwrap(),
        get_messages(&mock, &http, &token, &id, &[]).await,
        get_messages(&mock, &http, &token, &id, &[("page", "0")]).await,
        get_messages(&mock, &http, &token, "404", &[]).await,
        http.get(messages_url(&mock, &id)).send().await.unwrap(),
        http.get(messages_url(&mock, &id))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap(),
        http.get(format!("{}/no/such/route", mock.uri()))
            .send()
            .await
            .unwrap(),
        http.get(format!("{}{TOKEN_PATH}", mock.uri()))
            .send()
            .await
            .unwrap(),
    ];
    let statuses: Vec<u16> = responses.iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(statuses, [200, 200, 200, 400, 400, 400, 401, 404, 404]);
    responses.push(get_messages(&mock, &http, &token, &id, &[]).await);
    let ids: Vec<String> = responses.iter().map(logid).collect();
    assert!(
        ids.iter()
            .all(|id| id.starts_with(lark_helpdesk_mock::LOGID_PREFIX)),
        "{ids:?}"
    );
    assert_eq!(
        ids.iter().collect::<HashSet<_>>().len(),
        ids.len(),
        "{ids:?}"
    );
}

#[tokio::test]
async fn requests_are_recorded() {
    let mock = MockHelpdesk::start().await;
    let http = reqwest::Client::new();
    let token = token(&mock, &http).await;
    let id = mock.example_ticket_id().to_string();
    get_messages(&mock, &http, &token, &id, &[("page_size", "5")]).await;
    http.get(format!("{}/elsewhere", mock.uri()))
        .send()
        .await
        .unwrap();
    let all = mock.received_requests().await;
    assert_eq!(all.len(), 3);
    let messages = mock.message_requests().await;
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].url.query(), Some("page_size=5"));
    assert_eq!(
        messages[0].headers[HELPDESK_HEADER].to_str().unwrap(),
        mock.credentials().helpdesk_header_value()
    );
}

#[tokio::test]
async fn recording_can_be_turned_off() {
    let mock = MockHelpdesk::builder()
        .record_requests(false)
        .start()
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let token = token(&mock, &http).await;
    let id = mock.example_ticket_id().to_string();
    assert_eq!(
        get_messages(&mock, &http, &token, &id, &[]).await.status(),
        200
    );
    assert!(mock.received_requests().await.is_empty());
    assert!(mock.message_requests().await.is_empty());
}

#[tokio::test]
async fn standalone_binds_the_port_asked_for() {
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = free.local_addr().unwrap().port();
    drop(free);
    let mock = MockHelpdesk::builder().port(port).start().await.unwrap();
    assert_eq!(mock.uri(), format!("http://127.0.0.1:{port}"));
    assert_eq!(mock.address().port(), port);
    let http = reqwest::Client::new();
    let token = token(&mock, &http).await;
    let id = mock.example_ticket_id().to_string();
    assert_eq!(
        get_messages(&mock, &http, &token, &id, &[]).await.status(),
        200
    );

    // The port is now taken: a second server cannot bind it.
    match MockHelpdesk::builder().port(port).start().await {
        Err(MockError::Bind { address, .. }) => assert_eq!(address.port(), port),
        other => panic!("expected a bind error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_large_ticket_is_exported_page_by_page() {
    let n = 100_000;
    let mock = MockHelpdesk::builder()
        .synthetic_ticket("big", n)
        .start()
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let token = token(&mock, &http).await;
    let started = std::time::Instant::now();
    let mut count = 0;
    let mut last_created_at = i64::MIN;
    for page in 1.. {
        let page = page.to_string();
        let response = get_messages(
            &mock,
            &http,
            &token,
            "big",
            &[("page", &page), ("page_size", "200")],
        )
        .await;
        let body: TicketMessagesResponse = response.json().await.unwrap();
        let data = body.data.unwrap();
        assert_eq!(data.total, Some(n as i64));
        let messages = data.messages.unwrap().to_vec();
        for message in &messages {
            let Some(Timestamp::Int64(created_at)) = message.created_at else {
                panic!("integer timestamps")
            };
            assert!(created_at > last_created_at);
            last_created_at = created_at;
        }
        count += messages.len();
        if messages.len() < 200 {
            break;
        }
    }
    assert_eq!(count, n);
    eprintln!("exported {n} messages in {:?}", started.elapsed());
}
