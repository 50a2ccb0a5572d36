//! Multi-step cases beyond the doc, on the fake server of `lark-helpdesk-mock`: the SDK
//! riding through rate limits, gateway errors, dropped connections and an expiring token
//! without losing or repeating a message.

use std::collections::HashSet;
use std::time::Duration;

use futures::StreamExt;
use lark_helpdesk::{Client, RetryPolicy};
use lark_helpdesk_mock::{Fault, FaultScope, MockHelpdesk};

const TICKET: &str = "7000000000000000001";

async fn mock(n: usize) -> MockHelpdesk {
    MockHelpdesk::builder()
        .synthetic_ticket(TICKET, n)
        .start()
        .await
        .expect("mock starts")
}

fn client(mock: &MockHelpdesk) -> Client {
    Client::builder()
        .from_lookup(|name| mock.env_var(name))
        .retry_policy(
            RetryPolicy::attempts(4)
                .with_base_delay(Duration::from_millis(5))
                .with_max_delay(Duration::from_millis(20))
                .with_max_rate_limit_wait(Duration::from_secs(2)),
        )
        .build()
        .expect("client")
}

fn assert_exactly_once(mock: &MockHelpdesk, got: &[lark_helpdesk::Message]) {
    let held = mock.messages(TICKET).unwrap();
    let expected: Vec<&str> = held.iter().map(|m| m.id.as_deref().unwrap()).collect();
    let ids: Vec<&str> = got.iter().map(|m| m.id()).collect();
    assert_eq!(ids.len(), expected.len());
    assert_eq!(
        ids.iter().collect::<HashSet<_>>().len(),
        ids.len(),
        "no duplicates"
    );
    assert_eq!(ids, expected, "every message once, in order");
}

#[tokio::test]
async fn token_expiry_mid_export_loses_nothing() {
    let mock = mock(1000).await;
    let client = client(&mock);
    let mut pages = client.ticket_messages(TICKET).page_size(100).pages();
    let mut got = Vec::new();
    let mut n = 0;
    while let Some(page) = pages.next().await {
        got.extend(page.expect("page").messages);
        n += 1;
        if n == 3 {
            mock.expire_tokens();
        }
    }
    assert_exactly_once(&mock, &got);
    assert_eq!(
        mock.token_requests(),
        2,
        "one fetch, one refresh after expiry"
    );
    // What the export amounts to (the refused requests themselves depend on timing).
    let refused = mock
        .message_requests()
        .await
        .len()
        .checked_sub(10)
        .expect("at least the 10 pages");
    insta::assert_yaml_snapshot!(
        "token_expiry_mid_export",
        serde_json::json!({
            "messages": got.len(),
            "first_id": got.first().map(|m| m.id().to_owned()),
            "last_id": got.last().map(|m| m.id().to_owned()),
            "token_fetches": mock.token_requests(),
            "requests_refused_then_repeated": if refused >= 1 { "one or more" } else { "none" },
        })
    );
}

#[tokio::test]
async fn every_fault_is_ridden_through_with_concurrency() {
    for fault in [
        Fault::RateLimited { reset_secs: 1 },
        Fault::TokenExpired { http_status: 400 },
        Fault::TokenExpired { http_status: 200 },
        Fault::Internal,
        Fault::GatewayHtml502,
        Fault::ConnectionError,
        Fault::Delay(Duration::from_millis(200)),
    ] {
        let mock = mock(1000).await;
        // A refused token is refreshed once per request: a second refusal of the fresh
        // token would be (rightly) an error, so token faults hit one request.
        let n = if matches!(fault, Fault::TokenExpired { .. }) {
            1
        } else {
            2
        };
        // Once the first page told the total, pages go out three at a time: the faults
        // hit those concurrent requests.
        let mut pages = client(&mock)
            .ticket_messages(TICKET)
            .concurrency(3)
            .page_size(100)
            .pages();
        let first = pages.next().await.expect("a first page").expect("page 1");
        mock.inject(FaultScope::NextRequests(n), fault.clone());
        let mut got = first.messages;
        while let Some(page) = pages.next().await {
            got.extend(page.unwrap_or_else(|e| panic!("{fault:?}: {e}")).messages);
        }
        if !matches!(fault, Fault::Delay(_)) {
            // 10 pages of 100, and the faulted requests again.
            let sent = mock.message_requests().await.len();
            assert!(
                sent > 10,
                "{fault:?}: the fault hit nothing ({sent} requests)"
            );
        }
        assert_exactly_once(&mock, &got);
    }
}

#[tokio::test]
async fn a_truncated_page_is_a_typed_error_not_a_short_export() {
    let mock = mock(500).await;
    mock.inject(FaultScope::Ticket(TICKET.into()), Fault::TruncatedBody);
    let err = client(&mock)
        .ticket_messages(TICKET)
        .collect_all()
        .await
        .expect_err("a cut body is never taken for a short page");
    assert!(matches!(err, lark_helpdesk::Error::Decode(_)), "{err}");
    assert!(err.log_id().is_some());
}

#[tokio::test]
async fn the_mock_default_ticket_is_the_documented_example() {
    let mock = MockHelpdesk::start().await;
    let c = mock.credentials();
    let client = Client::builder()
        .base_url(mock.uri())
        .app_credentials(&c.app_id, &c.app_secret)
        .helpdesk_credential(&c.helpdesk_id, &c.helpdesk_token)
        .build()
        .unwrap();
    let page = client
        .ticket_messages(mock.example_ticket_id())
        .send()
        .await
        .unwrap();
    assert_eq!(page.messages.len(), 1);
    assert_eq!(page.messages[0].user_name(), "李宁");
    assert!(page.log_id().is_some());
    // The mock refuses what the platform refuses, with the documented codes.
    let bad = client
        .ticket_messages("no-such-ticket")
        .send()
        .await
        .unwrap_err();
    assert_eq!(bad.code(), Some(154000));
    let wrong = Client::builder()
        .base_url(mock.uri())
        .app_credentials(&c.app_id, &c.app_secret)
        .helpdesk_credential(&c.helpdesk_id, "wrong-token")
        .build()
        .unwrap();
    let err = wrong
        .ticket_messages(mock.example_ticket_id())
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(154001));
}

#[test]
fn the_mock_names_the_variables_the_sdk_reads() {
    use lark_helpdesk::env;
    assert_eq!(
        lark_helpdesk_mock::ENV_VARS,
        [
            env::BASE_URL,
            env::APP_ID,
            env::APP_SECRET,
            env::HELPDESK_ID,
            env::HELPDESK_TOKEN,
            // The user access token of the operations that take one (the SDK does not
            // read it yet).
            "LARK_USER_ACCESS_TOKEN",
            // The accounts host of user sign-in (`OAuthApp::new`'s `accounts_url`).
            "LARK_ACCOUNTS_URL",
            // An app receiving the mock's events: its Encrypt Key and Verification Token
            // (set only when the mock was given them).
            "LARK_ENCRYPT_KEY",
            "LARK_VERIFICATION_TOKEN",
        ]
    );
}
