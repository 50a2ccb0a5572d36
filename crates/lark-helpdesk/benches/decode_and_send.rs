//! `cargo bench -p lark-helpdesk`: what each layer of a page costs, against honest floors.
//!
//! - `decode/*`: one 200-message page (the mock's synthetic messages of all five types),
//!   decoded
//!   - `sdk_typed`: the SDK's way, the generated types (serde's derive) then typed
//!     messages, as `send()` does;
//!   - `sdk_typed_content_parsed`: plus `Message::content()` of every message;
//!   - `generated`: the generated types alone (owned `String`s, `content` kept as its
//!     literal), the floor of the SDK's decode;
//!   - `derived_owned`: a plain derive of the page with every field an owned `String`
//!     (`content` unescaped), the decode of the generated types without the replacement;
//!   - `derived_borrowed`: a borrowed derive (`Cow<str>` fields, `&RawValue` content),
//!     the floor of any decode that copies strings at all;
//!   - `serde_json_value`: `serde_json::Value`, for reference;
//!   - `write_ndjson`: the page's messages written as the export writes them
//!     (`Message::write_json`, content copied as sent), and `write_ndjson_reescaped`
//!     through `Message`'s `Serialize` form (content unescaped, then escaped again).
//! - `send/*`: one `send()` of that page from a loopback server, against a hand-written
//!   `reqwest` + `serde_json` call of the same request into the same generated types.
//!
//! Each pair compared against a target is measured interleaved (see [`paired_async`]): every
//! timed run follows an untimed run of the other side, then one of its own.
#![allow(missing_docs)]

use std::borrow::Cow;
use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lark_helpdesk::{Client, Message, MessageContent};
use lark_helpdesk_api::types::{TicketMessagesData, TicketMessagesResponse};
use serde::Deserialize;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TICKET: &str = "7000000000000000001";

fn page_bytes() -> Vec<u8> {
    let messages = lark_helpdesk_mock::generate_messages(200, 7);
    let body = TicketMessagesResponse {
        code: 0,
        msg: Some("success".into()),
        data: Some(TicketMessagesData {
            messages: Some(messages),
            total: Some(100_000),
        }),
        error: None,
    };
    serde_json::to_vec(&body).expect("serialises")
}

/// The SDK's decode of a page: the generated types, then typed messages.
fn sdk_typed(bytes: &[u8]) -> Vec<Message> {
    let page: TicketMessagesResponse = serde_json::from_slice(bytes).expect("decodes");
    page.data
        .and_then(|d| d.messages)
        .unwrap_or_default()
        .into_iter()
        .map(|m| Message::try_from(m).expect("valid"))
        .collect()
}

/// The SDK's decode, then every message's content parsed.
fn sdk_decode(bytes: &[u8]) -> (Vec<Message>, Vec<MessageContent>) {
    let messages = sdk_typed(bytes);
    let contents = messages.iter().map(Message::content).collect();
    (messages, contents)
}

/// A plain owned derive of the same page: what the generated types were without the
/// `JsonEncodedString` replacement.
#[derive(Deserialize)]
#[allow(dead_code)]
struct OwnedMessage {
    id: Option<String>,
    message_id: Option<String>,
    message_type: Option<String>,
    created_at: Option<OwnedTime>,
    content: Option<String>,
    user_name: Option<String>,
    avatar_url: Option<String>,
    user_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
#[allow(dead_code)]
enum OwnedTime {
    Millis(i64),
    Text(String),
}

#[derive(Deserialize)]
struct OwnedData {
    messages: Option<Vec<OwnedMessage>>,
}

#[derive(Deserialize)]
struct OwnedPage {
    data: Option<OwnedData>,
}

/// A borrowed derive of the same page: strings borrowed where they need no unescaping,
/// `content` kept as its raw JSON literal.
#[derive(Deserialize)]
#[allow(dead_code)]
struct BorrowedMessage<'a> {
    #[serde(borrow)]
    id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    message_id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    message_type: Option<Cow<'a, str>>,
    created_at: Option<BorrowedTime<'a>>,
    #[serde(borrow)]
    content: Option<&'a serde_json::value::RawValue>,
    #[serde(borrow)]
    user_name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    avatar_url: Option<Cow<'a, str>>,
    #[serde(borrow)]
    user_id: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
#[allow(dead_code)]
enum BorrowedTime<'a> {
    Millis(i64),
    Text(#[serde(borrow)] Cow<'a, str>),
}

#[derive(Deserialize)]
struct BorrowedData<'a> {
    #[serde(borrow)]
    messages: Option<Vec<BorrowedMessage<'a>>>,
}

#[derive(Deserialize)]
struct BorrowedPage<'a> {
    #[serde(borrow)]
    data: Option<BorrowedData<'a>>,
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
    group.bench_function("sdk_typed", |b| b.iter(|| sdk_typed(black_box(&bytes))));
    group.bench_function("sdk_typed_content_parsed", |b| {
        b.iter(|| sdk_decode(black_box(&bytes)))
    });
    group.bench_function("generated", |b| {
        b.iter(|| {
            serde_json::from_slice::<TicketMessagesResponse>(black_box(&bytes)).expect("JSON")
        })
    });
    group.bench_function("derived_owned", |b| {
        b.iter(|| {
            let page: OwnedPage = serde_json::from_slice(black_box(&bytes)).expect("JSON");
            page.data.and_then(|d| d.messages).map_or(0, |m| m.len())
        })
    });
    group.bench_function("derived_borrowed", |b| {
        b.iter(|| {
            let page: BorrowedPage<'_> = serde_json::from_slice(black_box(&bytes)).expect("JSON");
            page.data.and_then(|d| d.messages).map_or(0, |m| m.len())
        })
    });
    group.bench_function("serde_json_value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(&bytes)).expect("JSON"))
    });
    group.bench_function("content_parse_only", |b| {
        b.iter(|| {
            black_box(&messages)
                .iter()
                .map(Message::content)
                .collect::<Vec<_>>()
        })
    });
    group.bench_function("write_ndjson", |b| {
        let mut out = Vec::with_capacity(256 * 1024);
        b.iter(|| {
            out.clear();
            for m in black_box(&messages) {
                m.write_json(&mut out).expect("writes");
                out.push(b'\n');
            }
            out.len()
        })
    });
    // The same lines through `Message`'s `Serialize` form: content unescaped, escaped again.
    group.bench_function("write_ndjson_reescaped", |b| {
        let mut out = Vec::with_capacity(256 * 1024);
        b.iter(|| {
            out.clear();
            for m in black_box(&messages) {
                serde_json::to_writer(&mut out, m).expect("writes");
                out.push(b'\n');
            }
            out.len()
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
