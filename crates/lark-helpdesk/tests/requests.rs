//! What the SDK sends, and what it refuses to send.

mod common;

use common::*;
use lark_helpdesk::{Client, Error, MessageContent, MessageType, Timestamp};
use wiremock::MockServer;

#[tokio::test]
async fn one_page_sends_exactly_the_documented_request() {
    let (server, _) = serve(Pages::new(messages(3))).await;

    let page = client(&server)
        .ticket_messages("6948728206392295444")
        .time_range(secs(1617960686), secs(1617960687))
        .page(1)
        .page_size(10)
        .send()
        .await
        .expect("page");
    assert_eq!(page.messages.len(), 3);
    assert_eq!(page.total, Some(3));
    assert_eq!(page.log_id(), Some("log-page-1-1"));
    assert!(page.is_last());

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2, "one token call, one page call");
    let token = &requests[0];
    assert_eq!(token.method.as_str(), "POST");
    assert_eq!(token.url.path(), TOKEN_PATH);
    let body: serde_json::Value = serde_json::from_slice(&token.body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"app_id": APP_ID, "app_secret": APP_SECRET})
    );
    assert!(token.headers.get("authorization").is_none());
    assert!(token.headers.get("x-lark-helpdesk-authorization").is_none());

    let r = &requests[1];
    assert_eq!(r.method.as_str(), "GET");
    assert_eq!(
        r.url.path(),
        "/open-apis/helpdesk/v1/tickets/6948728206392295444/messages"
    );
    let mut pairs: Vec<(String, String)> = r.url.query_pairs().into_owned().collect();
    pairs.sort();
    assert_eq!(
        pairs,
        [
            ("page", "1"),
            ("page_size", "10"),
            ("time_end", "1617960687"),
            ("time_start", "1617960686")
        ]
        .map(|(k, v)| (k.to_string(), v.to_string()))
    );
    assert_eq!(authorization(r), "Bearer t-1");
    assert_eq!(
        r.headers
            .get("x-lark-helpdesk-authorization")
            .unwrap()
            .to_str()
            .unwrap(),
        helpdesk_header()
    );
    assert!(
        r.headers.get("api-version").is_none(),
        "progenitor's header is stripped"
    );
    let ua = r.headers.get("user-agent").unwrap().to_str().unwrap();
    assert!(ua.starts_with("lark-helpdesk-rust/"), "{ua}");
    assert!(r.body.is_empty(), "no body on GET");
}

#[tokio::test]
async fn defaults_send_only_what_was_asked() {
    let (server, _) = serve(Pages::new(messages(1))).await;
    client(&server).ticket_messages("1").send().await.unwrap();
    let r = &message_requests(&server).await[0];
    let mut keys: Vec<String> = r.url.query_pairs().map(|(k, _)| k.into_owned()).collect();
    keys.sort();
    assert_eq!(keys, ["page", "page_size"]);
    assert_eq!(
        query(r, "page_size").as_deref(),
        Some("20"),
        "the documented default"
    );
}

#[tokio::test]
async fn messages_are_typed_and_content_parsed() {
    let server = MockServer::start().await;
    mount_tokens(&server, 7200).await;
    let mut ms = messages(2);
    ms[1]["created_at"] = serde_json::json!("1617960686000");
    ms[1]["message_type"] = serde_json::json!("sticker");
    ms[1]["user_name"] = serde_json::Value::Null;
    ms[1]["brand_new_field"] = serde_json::json!({"x": 1});
    messages_mock()
        .respond_with(Pages::new(ms))
        .mount(&server)
        .await;
    let page = client(&server).ticket_messages("1").send().await.unwrap();
    let [a, b] = &page.messages[..] else {
        panic!("two messages")
    };
    assert_eq!(*a.message_type(), MessageType::Text);
    assert_eq!(
        a.content(),
        MessageContent::Text {
            text: "message 0".into()
        }
    );
    assert_eq!(
        a.created_at(),
        Some(Timestamp::from_millis(1_617_960_686_000))
    );
    assert_eq!(
        b.created_at(),
        Some(Timestamp::from_millis(1_617_960_686_000))
    );
    assert_eq!(*b.message_type(), MessageType::Other("sticker".into()));
    assert_eq!(b.content(), MessageContent::Unparsed);
    assert!(b.raw_content().contains("message 1"), "raw content kept");
    assert_eq!(b.user_name(), "");
}

#[tokio::test]
async fn invalid_input_is_refused_before_anything_is_sent() {
    let server = MockServer::start().await;
    mount_tokens(&server, 7200).await;
    let client = client(&server);
    let cases = [
        (client.ticket_messages(""), "ticket_id"),
        (client.ticket_messages(".."), "ticket_id"),
        (client.ticket_messages("."), "ticket_id"),
        (client.ticket_messages("a\\b"), "ticket_id"),
        (client.ticket_messages("1").page(0), "page"),
        (client.ticket_messages("1").page_size(0), "page_size"),
        (client.ticket_messages("1").page_size(201), "page_size"),
        (
            client.ticket_messages("1").time_range(secs(10), secs(9)),
            "time_range",
        ),
        (client.ticket_messages("1").since(secs(-1)), "time_start"),
    ];
    for (request, expected) in cases {
        match request.send().await {
            Err(Error::InvalidInput { field, .. }) => assert_eq!(field, expected),
            other => panic!("{expected}: {other:?}"),
        }
    }
    // The stream reports the same error as its only item.
    let items: Vec<_> =
        futures::StreamExt::collect::<Vec<_>>(client.ticket_messages("1").page_size(500).stream())
            .await;
    assert!(matches!(
        &items[..],
        [Err(Error::InvalidInput {
            field: "page_size",
            ..
        })]
    ));
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "nothing was sent"
    );
}

#[tokio::test]
async fn any_ticket_id_stays_one_path_segment() {
    let (server, _) = serve(Pages::new(messages(0))).await;
    let client = client(&server);
    let ids = [
        "../x", "a/b", "what?x=1", "a#b", "工单 1", "%2F", "a%b", "...", "a;b",
    ];
    for id in ids {
        client.ticket_messages(id).send().await.expect(id);
    }
    let requests = message_requests(&server).await;
    assert_eq!(requests.len(), ids.len());
    for (id, r) in ids.iter().zip(&requests) {
        let segments: Vec<&str> = r.url.path_segments().unwrap().collect();
        assert_eq!(segments.len(), 6, "{id}: {}", r.url.path());
        assert_eq!(segments[..4], ["open-apis", "helpdesk", "v1", "tickets"]);
        assert_eq!(segments[5], "messages");
        let decoded = percent_encoding::percent_decode_str(segments[4])
            .decode_utf8()
            .unwrap();
        assert_eq!(decoded, *id);
        assert!(
            r.url.query().unwrap().starts_with("page="),
            "{id}: {:?}",
            r.url.query()
        );
    }
}

#[tokio::test]
async fn base_urls_and_credentials_are_checked_when_building() {
    for url in [
        "http://example.com",
        "https://open.feishu.cn/open-apis",
        "https://u:p@x.com",
    ] {
        let err = Client::builder()
            .base_url(url)
            .tenant_access_token("t-x")
            .helpdesk_credential("1", "t")
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{url}: {err}");
    }
    let err = Client::builder()
        .helpdesk_credential("1", "t")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("LARK_APP_ID"), "{err}");
    let err = Client::builder()
        .tenant_access_token("t-x")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("LARK_HELPDESK_ID"), "{err}");
    let ok = Client::builder()
        .base_url(lark_helpdesk::LARK_BASE_URL)
        .tenant_access_token("t-x")
        .helpdesk_credential("1", "t")
        .build()
        .unwrap();
    assert_eq!(ok.base_url(), "https://open.larksuite.com");
}

#[tokio::test]
async fn a_fixed_token_is_sent_as_is_and_no_token_is_fetched() {
    let (server, tokens) = serve(Pages::new(messages(1))).await;
    let client = Client::builder()
        .base_url(server.uri())
        .tenant_access_token("t-fixed")
        .helpdesk_credential(HELPDESK_ID, HELPDESK_TOKEN)
        .build()
        .unwrap();
    client.ticket_messages("1").send().await.unwrap();
    assert_eq!(tokens.load(std::sync::atomic::Ordering::SeqCst), 0);
    let r = &message_requests(&server).await[0];
    assert_eq!(authorization(r), "Bearer t-fixed");
}

#[tokio::test]
async fn redirects_are_not_followed_so_credentials_stay_home() {
    let server = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    mount_tokens(&server, 7200).await;
    messages_mock()
        .respond_with(
            wiremock::ResponseTemplate::new(302)
                .insert_header("Location", format!("{}/steal", elsewhere.uri())),
        )
        .mount(&server)
        .await;
    // The default client, and one whose caller asks for redirects: neither follows.
    let configured = common::builder(&server)
        .http_client(|http| http.redirect(reqwest::redirect::Policy::limited(10)))
        .build()
        .unwrap();
    for client in [client(&server), configured] {
        let err = client.ticket_messages("1").send().await.unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(302), "{err}");
    }
    assert!(elsewhere.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_callers_http_configuration_and_the_client_timeout_apply() {
    let (server, _) =
        serve(Pages::new(messages(1)).with_delay(std::time::Duration::from_millis(400))).await;
    let client = common::builder(&server)
        .http_client(|http| {
            http.user_agent("ignored-by-the-sdk")
                .pool_max_idle_per_host(1)
        })
        .timeout(std::time::Duration::from_millis(150))
        .retry_policy(lark_helpdesk::RetryPolicy::none())
        .build()
        .unwrap();
    let err = client.ticket_messages("1").send().await.unwrap_err();
    assert!(
        matches!(&err, Error::Transport(t) if t.kind == lark_helpdesk::TransportKind::Timeout),
        "the client-wide timeout applies: {err:?}"
    );
    // A request's own timeout overrides the client's.
    let page = client
        .ticket_messages("1")
        .timeout(std::time::Duration::from_secs(10))
        .send()
        .await
        .expect("a longer per-request timeout");
    assert_eq!(page.messages.len(), 1);
    let ua = message_requests(&server).await[0].headers["user-agent"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        ua.starts_with("lark-helpdesk-rust/"),
        "the SDK names itself: {ua}"
    );
}

#[tokio::test]
async fn a_request_timeout_is_a_typed_transport_error() {
    let (server, _) =
        serve(Pages::new(messages(1)).with_delay(std::time::Duration::from_millis(400))).await;
    let err = common::builder(&server)
        .retry_policy(lark_helpdesk::RetryPolicy::none())
        .build()
        .unwrap()
        .ticket_messages("1")
        .timeout(std::time::Duration::from_millis(100))
        .send()
        .await
        .unwrap_err();
    match &err {
        Error::Transport(t) => assert_eq!(t.kind, lark_helpdesk::TransportKind::Timeout),
        other => panic!("{other:?}"),
    }
    assert!(err.is_retryable());
}

fn secs(s: i64) -> jiff::Timestamp {
    jiff::Timestamp::from_second(s).expect("in range")
}

#[tokio::test]
async fn a_time_range_is_sent_in_whole_seconds_rounded_outwards() {
    let (server, _) = serve(Pages::new(messages(3))).await;
    let start = jiff::Timestamp::from_millisecond(1_617_960_686_999).unwrap();
    let end = jiff::Timestamp::from_millisecond(1_617_960_687_001).unwrap();
    client(&server)
        .ticket_messages("1")
        .time_range(start, end)
        .send()
        .await
        .expect("page");
    let requests = message_requests(&server).await;
    let query: Vec<(String, String)> = requests[0].url.query_pairs().into_owned().collect();
    assert!(
        query.contains(&("time_start".into(), "1617960686".into())),
        "{query:?}"
    );
    assert!(
        query.contains(&("time_end".into(), "1617960688".into())),
        "{query:?}"
    );
}
