//! The generated client's hooks, against a one-answer loopback server.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use lark_helpdesk_api::{Client, Hooks, RequestHooks};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::Notify;

/// Serves one `200` with `body` on loopback; returns its base URL.
async fn serve_once(body: &'static str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.expect("accept");
        let mut request = Vec::new();
        let mut buffer = [0u8; 1024];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = socket.read(&mut buffer).await.expect("read");
            assert!(n > 0, "the client closed before sending its request");
            request.extend_from_slice(&buffer[..n]);
        }
        let answer = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        );
        socket.write_all(answer.as_bytes()).await.expect("write");
    });
    url
}

/// Wakes `notify` from `observe`, reading the body first.
struct WakeInObserve(Arc<Notify>);

impl RequestHooks for WakeInObserve {
    fn prepare(&self, _: &mut reqwest::Request, _: &'static str) -> Result<(), String> {
        Ok(())
    }

    fn observe(&self, _: &reqwest::Result<reqwest::Response>, _: &'static str) {
        self.0.notify_one();
    }

    fn read_body_first(&self, _: &'static str) -> bool {
        true
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_task_woken_in_observe_runs_before_the_answer_is_decoded() {
    let url =
        serve_once(r#"{"code":0,"msg":"success","data":{"messages":[{"id":"1"}],"total":1}}"#)
            .await;
    let notify = Arc::new(Notify::new());
    let ran = Arc::new(AtomicBool::new(false));
    let woken = {
        let (notify, ran) = (notify.clone(), ran.clone());
        tokio::spawn(async move {
            notify.notified().await;
            ran.store(true, Ordering::SeqCst);
        })
    };
    // Let the spawned task start waiting.
    tokio::task::yield_now().await;
    let http = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("reqwest");
    let client = Client::new_with_client(&url, http, Hooks::new(WakeInObserve(notify)));
    let page = client
        .list_ticket_messages("1", None, None, None, None)
        .await
        .expect("answer");
    // On one thread, the woken task can only have run if the call yielded between
    // `observe` and returning the decoded answer.
    assert!(
        ran.load(Ordering::SeqCst),
        "the woken task waited for the decoding"
    );
    assert_eq!(
        page.into_inner()
            .data
            .and_then(|d| d.messages)
            .map(|m| m.len()),
        Some(1)
    );
    woken.await.expect("the woken task ends");
}
