//! `cargo bench -p lark-helpdesk`: the SDK against the floor of a Rust client.
//!
//! - `decode/*`: one 200-message page (the mock's synthetic messages of all five types)
//!   decoded the SDK's exact way into typed messages (`typed_messages_content_unparsed`:
//!   what `send()` does; `typed_messages_content_parsed`: plus `Message::content()` of
//!   every message; `content_parse_only`: that parsing alone), against
//!   `serde_json::from_slice::<serde_json::Value>` of the same bytes and the generated
//!   types alone. Target: typed no slower than `Value`, measured both paired (see
//!   below) and each on its own (`*_alone`).
//! - `send/*`: one `send()` of that page from a loopback server, against a hand-written
//!   `reqwest` + `serde_json` call of the same request into the same generated types.
//!   Target: SDK at most 1.10x the hand-written call.
//!
//! Each pair compared against a target is measured interleaved (see [`paired`]): every
//! timed run follows an untimed run of the other side, then one of its own.
#![allow(missing_docs)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lark_helpdesk::{Client, Message, MessageContent};
use lark_helpdesk_api::types::{TicketMessagesData, TicketMessagesResponse};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TICKET: &str = "7000000000000000001";

fn page_bytes() -> Vec<u8> {
    let messages = lark_helpdesk_mock::generate_messages(200, 7);
    let body = TicketMessagesResponse {
        code: 0,
        msg: Some("success".into()),
        data: Some(TicketMessagesData {
            messages: Some(messages.into()),
            total: Some(100_000),
        }),
        error: None,
    };
    serde_json::to_vec(&body).expect("serialises")
}

/// The SDK's decode of a page, then every message's content parsed.
fn sdk_decode(bytes: &[u8]) -> (Vec<Message>, Vec<MessageContent>) {
    let page: TicketMessagesResponse = serde_json::from_slice(bytes).expect("decodes");
    let messages =
        Message::from_list(page.data.and_then(|d| d.messages).unwrap_or_default()).expect("valid");
    let contents = messages.iter().map(Message::content).collect();
    (messages, contents)
}

/// The time of `iters` runs of `timed`, each run after an untimed run of `other` and then
/// an untimed run of `timed` itself.
///
/// - Interleaved, two benchmarks compared this way see the same machine, where a shared,
///   noisy one drifts between two benchmarks run one after the other.
/// - The untimed run of `timed` settles the allocator: glibc's `malloc` sweeps up the
///   small blocks freed since (consolidates its fast bins) at the next large
///   allocation. Timed straight after `other`, `timed` would pay for sweeping up what
///   `other` left (after a `Value` parse: some 3,000 keys and strings, and 200 maps), and
///   `other` would not. Settled, each side pays for its own garbage, as when run alone.
///
/// Each timed run so costs three runs of wall time; criterion sizes its samples by the
/// timed part only, so a benchmark takes about three times its measurement time.
fn paired<A, B>(
    iters: u64,
    mut timed: impl FnMut() -> A,
    mut other: impl FnMut() -> B,
) -> Duration {
    futures::executor::block_on(paired_async(
        iters,
        || std::future::ready(timed()),
        || std::future::ready(other()),
    ))
}

/// [`paired`], for calls that are futures.
async fn paired_async<A: Future, B: Future>(
    iters: u64,
    mut timed: impl FnMut() -> A,
    mut other: impl FnMut() -> B,
) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        black_box(other().await);
        black_box(timed().await);
        let started = Instant::now();
        black_box(timed().await);
        total += started.elapsed();
    }
    total
}

fn decode(c: &mut Criterion) {
    let bytes = page_bytes();
    let (messages, contents) = sdk_decode(&bytes);
    assert_eq!(messages.len(), 200);
    assert!(
        !contents.contains(&MessageContent::Unparsed),
        "every synthetic content parses"
    );
    let mut group = c.benchmark_group("decode");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    let value = || serde_json::from_slice::<serde_json::Value>(black_box(&bytes)).expect("JSON");
    // The target's pair, paired (see `paired`).
    group.bench_function("typed_messages_content_parsed", |b| {
        b.iter_custom(|iters| paired(iters, || sdk_decode(black_box(&bytes)), value))
    });
    group.bench_function("serde_json_value", |b| {
        b.iter_custom(|iters| paired(iters, value, || sdk_decode(black_box(&bytes))))
    });
    // The same pair, each run on its own one after the other (criterion's usual way):
    // exposed to the machine's drift, but free of any effect of one side on the other.
    group.bench_function("typed_messages_content_parsed_alone", |b| {
        b.iter(|| sdk_decode(black_box(&bytes)))
    });
    group.bench_function("serde_json_value_alone", |b| b.iter(value));
    group.bench_function("typed_messages_content_unparsed", |b| {
        b.iter(|| {
            let page: TicketMessagesResponse =
                serde_json::from_slice(black_box(&bytes)).expect("decodes");
            Message::from_list(page.data.and_then(|d| d.messages).unwrap_or_default())
                .expect("valid")
        })
    });
    let messages = sdk_decode(&bytes).0;
    group.bench_function("content_parse_only", |b| {
        b.iter(|| {
            black_box(&messages)
                .iter()
                .map(Message::content)
                .collect::<Vec<_>>()
        })
    });
    group.bench_function("generated_types_only", |b| {
        b.iter(|| {
            serde_json::from_slice::<TicketMessagesResponse>(black_box(&bytes)).expect("JSON")
        })
    });
    group.finish();
}

fn send(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let bytes = page_bytes();
    let len = bytes.len() as u64;
    let server = rt.block_on(async {
        // Recording requests would make the server's work grow with the run.
        let server = MockServer::builder()
            .disable_request_recording()
            .start()
            .await;
        Mock::given(method("GET"))
            .and(path(format!(
                "/open-apis/helpdesk/v1/tickets/{TICKET}/messages"
            )))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_raw(bytes, "application/json")
                    .insert_header("X-Tt-Logid", "bench"),
            )
            .mount(&server)
            .await;
        server
    });
    let sdk = Client::builder()
        .base_url(server.uri())
        .tenant_access_token("t-bench")
        .helpdesk_credential("bench", "bench-token")
        .build()
        .expect("client");
    // The same request as the SDK's, headers included (`accept`, `user-agent`).
    let http = reqwest::Client::builder()
        .user_agent(concat!("lark-helpdesk-rust/", env!("CARGO_PKG_VERSION")))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("reqwest");
    let url = format!(
        "{}/open-apis/helpdesk/v1/tickets/{TICKET}/messages",
        server.uri()
    );
    let helpdesk = {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode("bench:bench-token")
    };

    let sdk_call = || async {
        let page = sdk
            .ticket_messages(TICKET)
            .page(1)
            .page_size(200)
            .send()
            .await
            .expect("page");
        assert_eq!(page.messages.len(), 200);
        page
    };
    let hand_written_call = || async {
        let response = http
            .get(&url)
            .query(&[("page", "1"), ("page_size", "200")])
            .bearer_auth("t-bench")
            .header("accept", "application/json")
            .header("X-Lark-Helpdesk-Authorization", &helpdesk)
            .send()
            .await
            .expect("sent");
        let bytes = response.bytes().await.expect("body");
        let page: TicketMessagesResponse = serde_json::from_slice(&bytes).expect("decodes");
        let messages = page.data.and_then(|d| d.messages).expect("messages");
        assert_eq!(messages.len(), 200);
        messages
    };

    // Paired (see `paired`).
    let mut group = c.benchmark_group("send");
    group.throughput(Throughput::Bytes(len));
    group.bench_function("sdk_send_page_of_200", |b| {
        b.iter_custom(|iters| rt.block_on(paired_async(iters, sdk_call, hand_written_call)))
    });
    group.bench_function("hand_written_reqwest_serde_json", |b| {
        b.iter_custom(|iters| rt.block_on(paired_async(iters, hand_written_call, sdk_call)))
    });
    group.finish();
}

criterion_group!(benches, decode, send);
criterion_main!(benches);
