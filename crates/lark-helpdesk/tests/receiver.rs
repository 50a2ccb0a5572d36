//! The callback server on a real socket: real HTTP requests in, events out of the
//! channel, answers as the platform expects them.

mod common;
use common::Captured;
use std::net::SocketAddr;
use std::time::Duration;

use lark_helpdesk::{
    Dedup, Event, ManualClock, NONCE_HEADER, ReceiverConfig, SIGNATURE_HEADER, ServeOptions,
    TIMESTAMP_HEADER, encrypt_event, event_signature, serve_with,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

const KEY: &str = "encrypt-key-SECRET";
const TOKEN: &str = "verification-token-SECRET";
const MAX_BODY: usize = 4096;

struct Server {
    addr: SocketAddr,
    events: mpsc::Receiver<Event>,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Server {
    fn url(&self) -> String {
        format!("http://{}/webhook/event", self.addr)
    }

    async fn stop(mut self) {
        let _ = self.stop.take().unwrap().send(());
        tokio::time::timeout(Duration::from_secs(20), self.task)
            .await
            .expect("the server stops")
            .unwrap()
            .unwrap();
    }
}

async fn start(dedup: Dedup, capacity: usize, options: ServeOptions) -> Server {
    let receiver = ReceiverConfig::new()
        .encrypt_key(KEY)
        .verification_token(TOKEN)
        .max_body_bytes(MAX_BODY)
        .dedup(dedup)
        .build();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, events) = mpsc::channel(capacity);
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(serve_with(options, listener, receiver, tx, async {
        let _ = stopped.await;
    }));
    Server {
        addr,
        events,
        stop: Some(stop),
        task,
    }
}

fn http() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}

fn event_json(id: &str, token: &str) -> String {
    format!(
        r#"{{"schema":"2.0","header":{{"event_id":"{id}","token":"{token}","event_type":"helpdesk.ticket.created_v1","create_time":"1608725989000","app_id":"cli_x","tenant_key":"t"}},"event":{{"ticket":{{"ticket_id":"BODY-MARKER"}}}}}}"#
    )
}

fn envelope(plain: &str) -> Vec<u8> {
    // Spaces, as a sender other than serde might write it: the signature is over these bytes.
    format!(
        "{{ \"encrypt\" : \"{}\" }}",
        encrypt_event(KEY, plain.as_bytes(), [5; 16])
    )
    .into_bytes()
}

async fn post_signed(server: &Server, body: Vec<u8>) -> reqwest::Response {
    let signature = event_signature("1700000000", "nonce-1", KEY, &body);
    http()
        .post(server.url())
        .header("content-type", "application/json; charset=utf-8")
        .header(TIMESTAMP_HEADER, "1700000000")
        .header(NONCE_HEADER, "nonce-1")
        .header(SIGNATURE_HEADER, signature)
        .body(body)
        .send()
        .await
        .unwrap()
}

async fn post_event(server: &Server, id: &str) -> reqwest::Response {
    post_signed(server, envelope(&event_json(id, TOKEN))).await
}

async fn status_and_json(response: reqwest::Response) -> (u16, serde_json::Value) {
    let status = response.status().as_u16();
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn callbacks_end_to_end() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let clock = ManualClock::new();
    let mut server = start(Dedup::with_clock(clock.clone()), 1, ServeOptions::new()).await;

    // The URL verification challenge, plain and encrypted, never signed.
    let challenge =
        format!(r#"{{"challenge":"ch-1","token":"{TOKEN}","type":"url_verification"}}"#);
    for body in [challenge.clone().into_bytes(), envelope(&challenge)] {
        let response = http().post(server.url()).body(body).send().await.unwrap();
        assert_eq!(
            status_and_json(response).await,
            (200, serde_json::json!({ "challenge": "ch-1" }))
        );
    }
    assert!(server.events.try_recv().is_err());

    // A signed, encrypted event is handed on once; its duplicate is answered but not.
    let (status, body) = status_and_json(post_event(&server, "ev-1").await).await;
    assert_eq!(
        (status, body),
        (200, serde_json::json!({ "msg": "success" }))
    );
    let event = server.events.try_recv().unwrap();
    assert_eq!(event.id(), "ev-1");
    assert_eq!(event.event_type(), "helpdesk.ticket.created_v1");
    assert!(!event.json().contains(TOKEN));
    assert_eq!(post_event(&server, "ev-1").await.status(), 200);
    assert!(server.events.try_recv().is_err());
    // Past the dedup window (by the injected clock), the same id is new again.
    clock.advance(Duration::from_secs(8 * 3600));
    assert_eq!(post_event(&server, "ev-1").await.status(), 200);
    assert_eq!(server.events.try_recv().unwrap().id(), "ev-1");

    // A forged signature, a wrong token, an unsigned event.
    let body = envelope(&event_json("ev-2", TOKEN));
    let forged = http()
        .post(server.url())
        .header(TIMESTAMP_HEADER, "1700000000")
        .header(NONCE_HEADER, "nonce-1")
        .header(SIGNATURE_HEADER, "a".repeat(64))
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 401);
    let unsigned = http().post(server.url()).body(body).send().await.unwrap();
    assert_eq!(unsigned.status(), 401);
    let wrong_token = post_signed(&server, envelope(&event_json("ev-3", "not-the-token"))).await;
    let (status, body) = status_and_json(wrong_token).await;
    assert_eq!(status, 401);
    assert!(!body.to_string().contains(TOKEN));
    assert!(server.events.try_recv().is_err());

    // Too large: declared, and sent chunked without a length.
    let big = post_signed(&server, vec![b' '; MAX_BODY + 1]).await;
    assert_eq!(big.status(), 413);
    let mut raw = TcpStream::connect(server.addr).await.unwrap();
    let mut request = b"POST / HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n".to_vec();
    for _ in 0..3 {
        request.extend_from_slice(format!("{:x}\r\n", 2000).as_bytes());
        request.extend_from_slice(&[b'x'; 2000]);
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"0\r\n\r\n");
    raw.write_all(&request).await.unwrap();
    let mut answer = vec![0u8; 64];
    let n = raw.read(&mut answer).await.unwrap();
    assert!(
        answer[..n].starts_with(b"HTTP/1.1 413"),
        "{:?}",
        String::from_utf8_lossy(&answer[..n])
    );
    drop(raw);

    // Any other method.
    let get = http().get(server.url()).send().await.unwrap();
    assert_eq!(get.status(), 405);
    assert_eq!(get.headers()["allow"], "POST");

    // A full channel: 503 and the id forgotten, so the redelivery is taken.
    assert_eq!(post_event(&server, "ev-4").await.status(), 200);
    assert_eq!(post_event(&server, "ev-5").await.status(), 503);
    assert_eq!(server.events.recv().await.unwrap().id(), "ev-4");
    assert_eq!(post_event(&server, "ev-5").await.status(), 200);
    assert_eq!(server.events.recv().await.unwrap().id(), "ev-5");
    assert_eq!(post_event(&server, "ev-5").await.status(), 200);
    assert!(server.events.try_recv().is_err());

    server.stop().await;

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("callback refused"), "{logs}");
    for secret in [KEY, TOKEN, "not-the-token", "BODY-MARKER", "ch-1"] {
        assert!(!logs.contains(secret), "the logs show {secret:?}: {logs}");
    }
}

#[tokio::test]
async fn a_path_can_be_required() {
    let server = start(Dedup::new(), 4, ServeOptions::new().path("/webhook/event")).await;
    let challenge = format!(r#"{{"challenge":"c","token":"{TOKEN}","type":"url_verification"}}"#);
    let ok = http()
        .post(server.url())
        .body(challenge.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    let elsewhere = http()
        .post(format!("http://{}/other", server.addr))
        .body(challenge)
        .send()
        .await
        .unwrap();
    assert_eq!(elsewhere.status(), 404);
    // The path first: any method elsewhere is 404; at the path, only POST (405).
    let get_elsewhere = http()
        .get(format!("http://{}/other", server.addr))
        .send()
        .await
        .unwrap();
    assert_eq!(get_elsewhere.status(), 404);
    let get_here = http().get(server.url()).send().await.unwrap();
    assert_eq!(get_here.status(), 405);
    assert_eq!(get_here.headers()["allow"], "POST");
    server.stop().await;
}

#[tokio::test]
async fn bodies_past_the_budget_are_answered_503() {
    let server = start(
        Dedup::new(),
        4,
        ServeOptions::new()
            .body_bytes_in_flight(MAX_BODY)
            .body_read_timeout(Duration::from_secs(120)),
    )
    .await;
    // A request that declares the whole budget and sends one byte of it, then stalls.
    let mut stalled = TcpStream::connect(server.addr).await.unwrap();
    stalled
        .write_all(
            format!("POST / HTTP/1.1\r\nhost: x\r\ncontent-length: {MAX_BODY}\r\n\r\n{{")
                .as_bytes(),
        )
        .await
        .unwrap();
    // Once the server took it in (however long that takes), another body finds no room.
    let challenge = format!(r#"{{"challenge":"c","token":"{TOKEN}","type":"url_verification"}}"#);
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let response = http()
            .post(server.url())
            .body(challenge.clone())
            .send()
            .await
            .unwrap();
        match response.status().as_u16() {
            503 => break,
            200 => assert!(std::time::Instant::now() < deadline, "never refused"),
            other => panic!("{other}"),
        }
        tokio::task::yield_now().await;
    }
    // A body of no bytes needs no room.
    let empty = http().post(server.url()).send().await.unwrap();
    assert_eq!(empty.status(), 400);
    // The stalled body sent, its bytes are given back: the next request is taken.
    stalled.write_all(&[b' '; MAX_BODY - 1]).await.unwrap();
    let mut answer = vec![0u8; 64];
    let n = stalled.read(&mut answer).await.unwrap();
    assert!(
        answer[..n].starts_with(b"HTTP/1.1 400"),
        "{:?}",
        String::from_utf8_lossy(&answer[..n])
    );
    let ok = http()
        .post(server.url())
        .body(challenge)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    drop(stalled);
    server.stop().await;
}

#[tokio::test]
async fn connections_past_the_limit_are_closed() {
    let server = start(Dedup::new(), 4, ServeOptions::new().max_connections(1)).await;
    let mut first = TcpStream::connect(server.addr).await.unwrap();
    // The first connection is served...
    first
        .write_all(b"GET / HTTP/1.1\r\nhost: x\r\n\r\n")
        .await
        .unwrap();
    let mut answer = vec![0u8; 64];
    let n = first.read(&mut answer).await.unwrap();
    assert!(answer[..n].starts_with(b"HTTP/1.1 405"));
    // ...and, while it stays open, a second one is closed without an answer.
    let mut second = TcpStream::connect(server.addr).await.unwrap();
    let _ = second.write_all(b"GET / HTTP/1.1\r\nhost: x\r\n\r\n").await;
    let mut rest = Vec::new();
    let read = second.read_to_end(&mut rest).await;
    assert!(read.is_err() || rest.is_empty(), "{rest:?}");
    drop(first);
    server.stop().await;
}

#[tokio::test]
async fn shutdown_does_not_wait_on_a_stalled_client() {
    let server = start(
        Dedup::new(),
        4,
        ServeOptions::new().shutdown_timeout(Duration::from_millis(500)),
    )
    .await;
    let mut stalled = TcpStream::connect(server.addr).await.unwrap();
    stalled
        .write_all(b"POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 100\r\n\r\n{")
        .await
        .unwrap();
    let addr = server.addr;
    // Let the server take the request in; the stop must not wait for its body.
    let ok = http().get(format!("http://{addr}/")).send().await.unwrap();
    assert_eq!(ok.status(), 405);
    server.stop().await;
    assert!(TcpStream::connect(addr).await.is_err());
    drop(stalled);
}
