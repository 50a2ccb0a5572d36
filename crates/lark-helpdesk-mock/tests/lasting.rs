//! A mock that lasts: the tokens it holds stay within their bound however many are
//! issued, forgetting wiremock's copies of the requests keeps every route and all of the
//! state, and a few hundred connections open at once are all answered. Counted, never
//! timed: nothing here depends on the machine's speed or memory.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use common::*;
use lark_helpdesk_mock::{DEFAULT_MAX_TOKENS, Fault, FaultScope, MockHelpdesk};
use serde_json::{Value, json};
use wiremock::matchers::path;
use wiremock::{Mock, ResponseTemplate};

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

/// A mock that does not record requests and forgets wiremock's copies every `every`
/// requests, as the CLI's servers run.
async fn forgetting(every: u64) -> MockHelpdesk {
    MockHelpdesk::builder()
        .synthetic_ticket("7000000000000000001", 450)
        .synthetic_helpdesk(20)
        .record_requests(false)
        .forget_requests_every(every)
        .start()
        .await
        .unwrap()
}

#[tokio::test]
async fn forgetting_requests_keeps_the_routes_and_the_state() {
    let mock = forgetting(10).await;
    let http = reqwest::Client::new();
    // Mounted through server(): dropped at the first forgetting.
    Mock::given(path("/custom"))
        .respond_with(ResponseTemplate::new(204))
        .with_priority(1)
        .mount(mock.server())
        .await;
    let custom = format!("{}/custom", mock.uri());
    assert_eq!(http.get(&custom).send().await.unwrap().status(), 204);
    let before = token(&mock, &http).await;
    mock.inject(
        FaultScope::Ticket("7000000000000000001".into()),
        Fault::Internal,
    );
    // Past several forgettings.
    for _ in 0..35 {
        assert_eq!(try_token(&mock, &http, &before).await, OK);
    }
    assert_eq!(http.get(&custom).send().await.unwrap().status(), 404);
    // Tokens, faults and every route as before.
    let after = token(&mock, &http).await;
    assert_eq!(mock.tokens_issued(), 2);
    let response = get_messages(&mock, &http, &after, "7000000000000000001", &[]).await;
    assert_eq!(
        response.status(),
        500,
        "the injected fault is still in force"
    );
    mock.clear_faults();
    let (status, body) = status_json(
        get_messages(
            &mock,
            &http,
            &after,
            "7000000000000000001",
            &[("page", "3"), ("page_size", "200")],
        )
        .await,
    )
    .await;
    assert_eq!((status, &body["data"]["total"]), (200, &json!(450)));
    assert_eq!(body["data"]["messages"].as_array().map(Vec::len), Some(50));
    let tickets: Value = http
        .get(format!("{}/open-apis/helpdesk/v1/tickets", mock.uri()))
        .bearer_auth(&after)
        .header(HELPDESK_HEADER, mock.credentials().helpdesk_header_value())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (&tickets["code"], &tickets["data"]["total"]),
        (&json!(0), &json!(20))
    );
    assert!(mock.received_requests().await.is_empty());
}

/// One HTTP/1.1 connection of its own, kept open.
struct Connection {
    writer: TcpStream,
    reader: BufReader<TcpStream>,
}

impl Connection {
    fn open(mock: &MockHelpdesk) -> Connection {
        let stream = TcpStream::connect(mock.address()).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        Connection {
            writer: stream.try_clone().unwrap(),
            reader: BufReader::new(stream),
        }
    }

    fn send(&mut self, method: &str, target: &str, headers: &[(&str, &str)], body: &str) {
        let mut request = format!("{method} {target} HTTP/1.1\r\nHost: mock\r\n");
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
        self.writer.write_all(request.as_bytes()).unwrap();
    }

    /// `(status, body as JSON)` of the next answer (a body that is not JSON, such as
    /// wiremock's empty 404 when no route matches, as a JSON string).
    fn receive(&mut self) -> (u16, Value) {
        let mut line = String::new();
        self.reader.read_line(&mut line).unwrap();
        let status = line.split(' ').nth(1).unwrap().parse().unwrap();
        let mut length = 0;
        loop {
            line.clear();
            self.reader.read_line(&mut line).unwrap();
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            let (name, value) = header.split_once(':').unwrap();
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body).unwrap();
        let json = serde_json::from_slice(&body)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&body).into_owned()));
        (status, json)
    }
}

#[tokio::test]
async fn a_few_hundred_connections_open_at_once_are_all_answered() {
    const CONNECTIONS: usize = 300;
    // Forgetting many times while they are all in flight: no request finds a route missing.
    let mock = forgetting(50).await;
    let credentials = mock.credentials().clone();
    let helpdesk = credentials.helpdesk_header_value();
    let token_body =
        json!({"app_id": credentials.app_id, "app_secret": credentials.app_secret}).to_string();
    let messages = "/open-apis/helpdesk/v1/tickets/7000000000000000001/messages";
    let tickets = "/open-apis/helpdesk/v1/tickets?page_size=5";

    // Every connection opened before any request is sent: all of them open at once.
    let mut connections: Vec<Connection> =
        (0..CONNECTIONS).map(|_| Connection::open(&mock)).collect();
    for c in &mut connections {
        c.send(
            "POST",
            TOKEN_PATH,
            &[("Content-Type", "application/json")],
            &token_body,
        );
    }
    let mut tokens = Vec::new();
    for c in &mut connections {
        let (status, body) = c.receive();
        assert_eq!((status, &body["code"]), (200, &json!(0)), "{body}");
        tokens.push(format!(
            "Bearer {}",
            body["tenant_access_token"].as_str().unwrap()
        ));
    }
    // Then pages on the same connections (kept alive), every connection with a request in
    // flight at once, round after round.
    for round in 1..=3 {
        for (i, c) in connections.iter_mut().enumerate() {
            let auth = [
                ("Authorization", tokens[i].as_str()),
                (HELPDESK_HEADER, helpdesk.as_str()),
            ];
            if i % 3 == 0 {
                c.send("GET", tickets, &auth, "");
            } else {
                let target = format!("{messages}?page={round}&page_size=100");
                c.send("GET", &target, &auth, "");
            }
        }
        for (i, c) in connections.iter_mut().enumerate() {
            let (status, body) = c.receive();
            assert_eq!(
                (status, &body["code"]),
                (200, &json!(0)),
                "round {round}, #{i}: {body}"
            );
            let listed = if i % 3 == 0 {
                &body["data"]["tickets"]
            } else {
                &body["data"]["messages"]
            };
            let expected = if i % 3 == 0 { 5 } else { 100 };
            assert_eq!(
                listed.as_array().map(Vec::len),
                Some(expected),
                "round {round}, #{i}"
            );
        }
    }
    assert_eq!(mock.tokens_issued(), CONNECTIONS);
    assert_eq!(mock.tokens_held(), CONNECTIONS);
}
