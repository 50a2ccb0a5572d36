//! Fault injection on the messages endpoint.

mod common;

use std::time::Duration;

use common::*;
use lark_helpdesk_mock::{Fault, FaultScope, MockHelpdesk};
use serde_json::json;

async fn setup() -> (MockHelpdesk, reqwest::Client, String, String) {
    let mock = MockHelpdesk::builder()
        .synthetic_ticket("other", 30)
        .start()
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let token = token(&mock, &http).await;
    let id = mock.example_ticket_id().to_string();
    (mock, http, token, id)
}

#[tokio::test]
async fn rate_limited_answers_429_with_the_documented_body_and_headers() {
    let (mock, http, token, id) = setup().await;
    mock.inject(
        FaultScope::NextRequests(2),
        Fault::RateLimited { reset_secs: 7 },
    );
    for _ in 0..2 {
        let response = get_messages(&mock, &http, &token, &id, &[]).await;
        assert_eq!(response.headers()["x-ogw-ratelimit-reset"], "7");
        assert_eq!(
            response.headers()["x-ogw-ratelimit-limit"],
            lark_helpdesk_mock::RATE_LIMIT_LIMIT.to_string().as_str()
        );
        logid(&response);
        let (status, body) = status_json(response).await;
        assert_eq!((status, &body), (429, &spec_example(429)));
        assert_eq!(body["code"], 99991400);
    }
    // Used up: the third request is answered normally.
    assert_eq!(
        get_messages(&mock, &http, &token, &id, &[]).await.status(),
        200
    );
}

#[tokio::test]
async fn token_expired_at_400_and_at_200() {
    let (mock, http, token, id) = setup().await;
    for http_status in [400, 200] {
        mock.inject(
            FaultScope::NextRequests(1),
            Fault::TokenExpired { http_status },
        );
        let (status, body) = status_json(get_messages(&mock, &http, &token, &id, &[]).await).await;
        assert_eq!(status, http_status);
        assert_eq!(body["code"], 99991663);
        assert!(body.get("data").is_none());
    }
    // Out of range statuses are answered as 400.
    mock.inject(
        FaultScope::NextRequests(1),
        Fault::TokenExpired { http_status: 42 },
    );
    let (status, body) = status_json(get_messages(&mock, &http, &token, &id, &[]).await).await;
    assert_eq!((status, &body["code"]), (400, &json!(99991663)));
    // The token itself is still good.
    assert_eq!(
        get_messages(&mock, &http, &token, &id, &[]).await.status(),
        200
    );
}

#[tokio::test]
async fn internal_answers_the_documented_500() {
    let (mock, http, token, id) = setup().await;
    mock.inject(FaultScope::NextRequests(1), Fault::Internal);
    let (status, body) = status_json(get_messages(&mock, &http, &token, &id, &[]).await).await;
    assert_eq!((status, &body), (500, &spec_example(500)));
    assert_eq!(body["code"], 155000);
}

#[tokio::test]
async fn gateway_html_502_is_not_json() {
    let (mock, http, token, id) = setup().await;
    mock.inject(FaultScope::NextRequests(1), Fault::GatewayHtml502);
    let response = get_messages(&mock, &http, &token, &id, &[]).await;
    assert_eq!(response.status(), 502);
    assert_eq!(response.headers()["content-type"], "text/html");
    logid(&response);
    let text = response.text().await.unwrap();
    assert!(text.starts_with("<html>"), "{text}");
    assert!(text.contains("502 Bad Gateway"), "{text}");
    assert!(serde_json::from_str::<serde_json::Value>(&text).is_err());
}

#[tokio::test]
async fn truncated_body_is_valid_http_with_half_a_json_body() {
    let (mock, http, token, _) = setup().await;
    let query = [("page_size", "10"), ("page", "2")];
    mock.inject(FaultScope::NextRequests(1), Fault::TruncatedBody);
    let response = get_messages(&mock, &http, &token, "other", &query).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    logid(&response);
    let truncated = response.bytes().await.unwrap();
    assert!(serde_json::from_slice::<serde_json::Value>(&truncated).is_err());

    let full = get_messages(&mock, &http, &token, "other", &query)
        .await
        .bytes()
        .await
        .unwrap();
    assert!(serde_json::from_slice::<serde_json::Value>(&full).is_ok());
    assert_eq!(truncated.len(), full.len() / 2);
    assert!(full.starts_with(&truncated));

    // Without a page to cut (no credentials, unknown ticket): half of the spec example.
    mock.inject(FaultScope::NextRequests(1), Fault::TruncatedBody);
    let response = http
        .get(messages_url(&mock, "unknown"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body = response.text().await.unwrap();
    assert!(body.starts_with(r#"{"code":0,"#), "{body}");
    assert!(serde_json::from_str::<serde_json::Value>(&body).is_err());
}

#[tokio::test]
async fn delay_answers_normally_after_the_delay() {
    let (mock, http, token, id) = setup().await;
    mock.inject(
        FaultScope::NextRequests(1),
        Fault::Delay(Duration::from_millis(400)),
    );
    let (status, body) = status_json(get_messages(&mock, &http, &token, &id, &[]).await).await;
    assert_eq!((status, &body["data"]["total"]), (200, &json!(1)));

    // The delay still checks credentials.
    mock.inject(
        FaultScope::NextRequests(1),
        Fault::Delay(Duration::from_millis(50)),
    );
    let (status, body) =
        status_json(http.get(messages_url(&mock, &id)).send().await.unwrap()).await;
    assert_eq!((status, &body["code"]), (400, &json!(99991661)));

    // A client timeout shorter than the delay fires.
    mock.inject(
        FaultScope::NextRequests(1),
        Fault::Delay(Duration::from_secs(5)),
    );
    let error = http
        .get(messages_url(&mock, &id))
        .timeout(Duration::from_millis(200))
        .send()
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
}

#[tokio::test]
async fn connection_error_is_a_transport_error() {
    let (mock, http, token, id) = setup().await;
    mock.inject(FaultScope::NextRequests(2), Fault::ConnectionError);
    for _ in 0..2 {
        let error = http
            .get(messages_url(&mock, &id))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap_err();
        assert!(error.status().is_none(), "{error:?}");
        assert!(!error.is_timeout() && !error.is_decode(), "{error:?}");
        let mut chain = String::new();
        let mut source: Option<&dyn std::error::Error> = Some(&error);
        while let Some(e) = source {
            chain.push_str(&format!("{e} / "));
            source = e.source();
        }
        eprintln!("transport error: {chain}");
        assert!(
            chain.contains("closed") || chain.contains("reset"),
            "{chain}"
        );
    }
    // Used up: a fresh connection works again.
    assert_eq!(
        get_messages(&mock, &http, &token, &id, &[]).await.status(),
        200
    );
    assert_eq!(mock.message_requests().await.len(), 3);
}

#[tokio::test]
async fn ticket_faults_last_until_cleared_and_spare_other_tickets() {
    let (mock, http, token, id) = setup().await;
    mock.inject(FaultScope::Ticket("other".into()), Fault::Internal);
    for _ in 0..3 {
        assert_eq!(
            get_messages(&mock, &http, &token, "other", &[])
                .await
                .status(),
            500
        );
    }
    assert_eq!(
        get_messages(&mock, &http, &token, &id, &[]).await.status(),
        200
    );
    mock.clear_faults();
    assert_eq!(
        get_messages(&mock, &http, &token, "other", &[])
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn faults_apply_in_injection_order_before_authentication() {
    let (mock, http, _, id) = setup().await;
    mock.inject(FaultScope::NextRequests(1), Fault::Internal);
    mock.inject(FaultScope::NextRequests(0), Fault::GatewayHtml502);
    mock.inject(FaultScope::NextRequests(1), Fault::ConnectionError);
    mock.inject(FaultScope::Ticket(id.clone()), Fault::GatewayHtml502);
    let url = messages_url(&mock, &id);
    // No credentials at all: the faults still win.
    assert_eq!(http.get(&url).send().await.unwrap().status(), 500);
    assert!(http.get(&url).send().await.is_err());
    assert_eq!(http.get(&url).send().await.unwrap().status(), 502);
    assert_eq!(http.get(&url).send().await.unwrap().status(), 502);
    mock.clear_faults();
    assert_eq!(http.get(&url).send().await.unwrap().status(), 400);
    // Faults touch only the messages endpoint.
    mock.inject(FaultScope::NextRequests(1), Fault::Internal);
    token(&mock, &http).await;
    assert_eq!(http.get(&url).send().await.unwrap().status(), 500);
}

#[tokio::test]
async fn all_request_faults_hit_every_ticket_until_cleared() {
    let (mock, http, token, id) = setup().await;
    mock.inject(
        FaultScope::AllRequests,
        Fault::RateLimited { reset_secs: 7 },
    );
    for ticket in [id.as_str(), "other", &id] {
        let response = get_messages(&mock, &http, &token, ticket, &[]).await;
        assert_eq!(response.status(), 429);
        assert_eq!(response.headers()["x-ogw-ratelimit-reset"], "7");
    }
    mock.clear_faults();
    assert_eq!(
        get_messages(&mock, &http, &token, &id, &[]).await.status(),
        200
    );
}
