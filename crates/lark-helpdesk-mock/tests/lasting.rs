//! A mock that lasts: the tokens it holds stay within their bound however many are
//! issued. Counted, never timed: nothing here depends on the machine's speed or memory.

mod common;

use std::time::Duration;

use common::*;
use lark_helpdesk_mock::{DEFAULT_MAX_TOKENS, MockHelpdesk};

/// `(status, platform code)` of a messages request of the example ticket with `token`.
async fn try_token(mock: &MockHelpdesk, http: &reqwest::Client, token: &str) -> (u16, i64) {
    let id = mock.example_ticket_id().to_string();
    let (status, body) = status_json(get_messages(mock, http, token, &id, &[]).await).await;
    (status, body["code"].as_i64().unwrap_or(-1))
}

const OK: (u16, i64) = (200, 0);
const REFUSED: (u16, i64) = (400, 99_991_663);

#[tokio::test]
async fn the_tokens_held_stay_within_the_default_bound_and_the_oldest_go_first() {
    let mock = MockHelpdesk::start().await;
    let http = reqwest::Client::new();
    // A client that keeps its token (and uses it now and then), among others that fetch
    // one per test: a thousand more than the bound.
    let kept = token(&mock, &http).await;
    let n = DEFAULT_MAX_TOKENS + 1000;
    let mut issued = Vec::with_capacity(n);
    for i in 0..n {
        issued.push(token(&mock, &http).await);
        if i % 1000 == 999 {
            assert_eq!(try_token(&mock, &http, &kept).await, OK, "after {i}");
            assert!(mock.tokens_held() <= DEFAULT_MAX_TOKENS);
        }
    }
    assert_eq!(mock.tokens_held(), DEFAULT_MAX_TOKENS);
    assert_eq!(mock.tokens_issued(), n + 1);
    assert_eq!(mock.token_requests(), n + 1);
    assert_eq!(try_token(&mock, &http, &kept).await, OK);
    // Held: the kept one and the last DEFAULT_MAX_TOKENS - 1 issued; the others evicted,
    // oldest first.
    let evicted = n - (DEFAULT_MAX_TOKENS - 1);
    for token in issued[..evicted]
        .iter()
        .step_by(97)
        .chain(&issued[evicted - 1..evicted])
    {
        assert_eq!(try_token(&mock, &http, token).await, REFUSED, "{token}");
    }
    for token in issued[evicted..].iter().step_by(97).chain(issued.last()) {
        assert_eq!(try_token(&mock, &http, token).await, OK, "{token}");
    }
    // Refusing a token changes nothing held; using one evicts nothing.
    assert_eq!(mock.tokens_held(), DEFAULT_MAX_TOKENS);
}

#[tokio::test]
async fn a_token_in_use_outlives_the_tokens_issued_after_it() {
    let mock = MockHelpdesk::builder().max_tokens(4).start().await.unwrap();
    let http = reqwest::Client::new();
    let a = token(&mock, &http).await;
    let b = token(&mock, &http).await;
    let c = token(&mock, &http).await;
    let d = token(&mock, &http).await;
    assert_eq!(mock.tokens_held(), 4);
    // `a` is used, so `b` is now the least recently issued or used.
    assert_eq!(try_token(&mock, &http, &a).await, OK);
    let e = token(&mock, &http).await;
    assert_eq!(mock.tokens_held(), 4);
    assert_eq!(try_token(&mock, &http, &b).await, REFUSED);
    // Each use moves its token to the back: c, d, e, a from least to most recent, so the
    // next two issues evict c and d.
    for t in [&c, &d, &e, &a] {
        assert_eq!(try_token(&mock, &http, t).await, OK);
    }
    let f = token(&mock, &http).await;
    let g = token(&mock, &http).await;
    assert_eq!(try_token(&mock, &http, &c).await, REFUSED);
    assert_eq!(try_token(&mock, &http, &d).await, REFUSED);
    for t in [&e, &a, &f, &g] {
        assert_eq!(try_token(&mock, &http, t).await, OK);
    }
    assert_eq!(mock.tokens_held(), 4);
    assert_eq!(mock.tokens_issued(), 7);
}

#[tokio::test]
async fn expired_tokens_are_dropped_as_new_ones_are_issued() {
    let mock = MockHelpdesk::builder()
        .token_ttl(Duration::from_secs(60))
        .start()
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let mut old = Vec::new();
    for _ in 0..100 {
        old.push(token(&mock, &http).await);
    }
    assert_eq!(mock.tokens_held(), 100);
    // A second's margin past the ttl, whatever the machine's load.
    mock.advance_clock(Duration::from_secs(61));
    assert_eq!(try_token(&mock, &http, &old[99]).await, REFUSED);
    assert_eq!(
        mock.tokens_held(),
        99,
        "an expired token presented is dropped"
    );
    let new = token(&mock, &http).await;
    assert_eq!(mock.tokens_held(), 1, "issuing drops the expired ones");
    assert_eq!(try_token(&mock, &http, &new).await, OK);
    for token in &old {
        assert_eq!(try_token(&mock, &http, token).await, REFUSED);
    }
    assert_eq!(mock.tokens_issued(), 101);
}

#[tokio::test]
async fn expire_tokens_drops_every_token_held() {
    let mock = MockHelpdesk::start().await;
    let http = reqwest::Client::new();
    let old = token(&mock, &http).await;
    token(&mock, &http).await;
    assert_eq!(mock.tokens_held(), 2);
    mock.expire_tokens();
    assert_eq!(mock.tokens_held(), 0);
    assert_eq!(try_token(&mock, &http, &old).await, REFUSED);
    let new = token(&mock, &http).await;
    assert_eq!(try_token(&mock, &http, &new).await, OK);
    assert_eq!((mock.tokens_held(), mock.tokens_issued()), (1, 3));
}
