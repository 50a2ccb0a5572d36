//! The request-level cases against the real service.
//!
//! These tests are `#[ignore]`d, so a plain `cargo test` reports them as ignored (never as
//! passed). Run them with
//!
//! ```sh
//! LARK_LIVE=1 LARK_APP_ID=... LARK_APP_SECRET=... LARK_HELPDESK_ID=... \
//! LARK_HELPDESK_TOKEN=... LARK_LIVE_TICKET_ID=... \
//!   cargo test -p lark-helpdesk-conformance --test live -- --ignored
//! ```
//!
//! Run that way without the variables, they fail: a live test never passes without
//! having talked to the service.

use lark_helpdesk::{ApiErrorKind, Client, Error, RetryPolicy};

fn live() -> (Client, String) {
    assert_eq!(
        std::env::var("LARK_LIVE").as_deref(),
        Ok("1"),
        "live tests need LARK_LIVE=1 and the LARK_* credentials"
    );
    let ticket =
        std::env::var("LARK_LIVE_TICKET_ID").expect("LARK_LIVE_TICKET_ID: a ticket to read");
    let client = Client::builder()
        .from_env()
        .retry_policy(RetryPolicy::attempts(2))
        .build()
        .expect("LARK_* credentials");
    (client, ticket)
}

#[tokio::test]
#[ignore = "live: needs LARK_LIVE=1 and LARK_* credentials"]
async fn live_the_representative_calls_decode_or_fail_typed() {
    // The same calls whose exact requests `documented.rs` snapshots.
    let (client, ticket) = live();
    for (what, outcome) in lark_helpdesk_conformance::representative_calls(&client, &ticket).await {
        match outcome {
            Ok(page) => assert!(page.log_id().is_some(), "{what}: no log id"),
            // The platform may refuse the odd ticket id; it must say so in its envelope.
            Err(Error::Api(e)) => assert!(e.log_id.is_some(), "{what}: {e}"),
            Err(other) => panic!("{what}: {other}"),
        }
    }
}

#[tokio::test]
#[ignore = "live: needs LARK_LIVE=1 and LARK_* credentials"]
async fn live_one_page_decodes_with_a_log_id() {
    let (client, ticket) = live();
    let page = client
        .ticket_messages(ticket)
        .page_size(5)
        .send()
        .await
        .expect("a page");
    assert!(page.messages.len() <= 5);
    assert!(page.log_id().is_some(), "the platform sends X-Tt-Logid");
}

#[tokio::test]
#[ignore = "live: needs LARK_LIVE=1 and LARK_* credentials"]
async fn live_every_page_streams_without_duplicates() {
    let (client, ticket) = live();
    let all = client
        .ticket_messages(ticket)
        .page_size(50)
        .collect_all()
        .await
        .expect("all pages");
    let mut ids: Vec<&str> = all.iter().map(|m| m.id()).collect();
    ids.sort_unstable();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n);
}

#[tokio::test]
#[ignore = "live: needs LARK_LIVE=1 and LARK_* credentials"]
async fn live_a_wrong_helpdesk_token_is_unauthorized() {
    let (_, ticket) = live();
    let client = Client::builder()
        .from_env()
        .helpdesk_credential(
            std::env::var("LARK_HELPDESK_ID").expect("LARK_HELPDESK_ID"),
            "not-the-helpdesk-token",
        )
        .build()
        .expect("client");
    let err = client
        .ticket_messages(ticket)
        .send()
        .await
        .expect_err("refused");
    assert_eq!(err.api_kind(), Some(ApiErrorKind::Unauthorized), "{err}");
    assert!(err.log_id().is_some());
}

#[tokio::test]
#[ignore = "live: needs LARK_LIVE=1 and LARK_* credentials"]
async fn live_invalid_input_is_refused_locally() {
    let (client, ticket) = live();
    let err = client
        .ticket_messages(ticket)
        .page_size(201)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidInput {
            field: "page_size",
            ..
        }
    ));
}
