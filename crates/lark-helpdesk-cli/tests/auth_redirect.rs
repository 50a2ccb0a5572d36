//! The loopback listener of `auth login`: any local process or web page can reach its
//! port, so only the redirect of this sign-in (its path and `state`) ends the wait; every
//! other request is refused and the wait goes on, and a connection that sends nothing
//! does not hold the real redirect back.

use std::time::Duration;

use lark_helpdesk_cli::auth::receive_redirect;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

async fn send(port: u16, bytes: &[u8]) -> String {
    let mut socket = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    socket.write_all(bytes).await.unwrap();
    let mut answer = String::new();
    let _ = socket.read_to_string(&mut answer).await;
    answer
}

#[tokio::test]
async fn only_this_sign_ins_redirect_ends_the_wait() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let waiting = tokio::spawn(async move {
        let (query, mut socket) = receive_redirect(&listener, "the-state").await.unwrap();
        socket
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")
            .await
            .unwrap();
        query
    });

    // A connection that sends nothing, left open: the others are still served.
    let _idle = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    // Not the callback, another state, no state, not a GET, bytes that are not HTTP.
    let refused = [
        (&b"GET /favicon.ico HTTP/1.1\r\nhost: x\r\n\r\n"[..], "404"),
        (
            b"GET /callback?code=stolen&state=other HTTP/1.1\r\n\r\n",
            "400",
        ),
        (b"GET /callback?code=c HTTP/1.1\r\n\r\n", "400"),
        (b"GET /callbackx?state=the-state HTTP/1.1\r\n\r\n", "404"),
        (b"POST /callback?state=the-state HTTP/1.1\r\n\r\n", "400"),
        (b"\xff\xfe\x00garbage\r\n\r\n", "400"),
    ];
    for (request, status) in refused {
        let answer = send(port, request).await;
        assert!(
            answer.starts_with(&format!("HTTP/1.1 {status}")),
            "{answer}"
        );
    }
    assert!(
        !waiting.is_finished(),
        "still waiting for the real redirect"
    );

    let answer = send(
        port,
        b"GET /callback?code=the-code&state=the-state HTTP/1.1\r\n\r\n",
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let query = tokio::time::timeout(Duration::from_secs(30), waiting)
        .await
        .expect("the wait ended")
        .unwrap();
    assert_eq!(query, "code=the-code&state=the-state");
}

#[tokio::test]
async fn a_request_past_the_size_limit_is_dropped() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let waiting = tokio::spawn(async move { receive_redirect(&listener, "s").await.map(|r| r.0) });
    let mut huge = b"GET /callback?state=s".to_vec();
    huge.extend(std::iter::repeat_n(b'a', 64 * 1024));
    let _ = send(port, &huge).await;
    assert!(
        !waiting.is_finished(),
        "a request line of 64 KiB is not the redirect"
    );
    let answer = send(port, b"GET /callback?state=s&code=c HTTP/1.1\r\n\r\n").await;
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1"),
        "{answer}"
    );
    assert_eq!(waiting.await.unwrap().unwrap(), "state=s&code=c");
}
