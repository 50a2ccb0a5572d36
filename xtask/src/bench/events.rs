//! `cargo xtask bench --events`: how fast and how safely events reach the CLI and disk.
//!
//! Four measurements, each beside a baseline, each checking its own results (a failed
//! check fails the bench; the aims are reported, not enforced):
//!
//! 1. **Push to disk** ([`latency`]): an in-process [`MockHelpdesk`] of
//!    [`TICKETS`] synthetic tickets pushes its events to the release CLI's `export
//!    --output D --follow --http ADDR --reconcile-every 1h --no-subscribe` (encrypted and
//!    signed, with a Verification Token), then the same with `--ws` (the fake server's
//!    long connection). After `following events` appears on its stderr, [`LATENCY_RUNS`]
//!    times (after [`LATENCY_WARMUP`] untimed ones): t0, `mock.add_messages(ticket, 1)` on
//!    a rotating ticket, then poll (every [`POLL`]) until the ticket's
//!    `messages/<id>.ndjson` ends with the new message's line **and** its
//!    `tickets/<id>.json` was replaced (a new inode), t1. The time holds the fake server's
//!    push (or long-connection frame and its acknowledgement), the receiver's checks, the
//!    CLI's list request (the ticket by id) and messages request (since the last message
//!    held) to the fake server, and the disk: two files written under `.partial`,
//!    fsynced and renamed, the messages directory fsynced between them (three fsyncs).
//!    Two baseline rows: the same two
//!    requests made with the SDK right after `add_messages`, without events or disk
//!    ([`baseline`]); and two files written the same way in the same file system, without
//!    events or requests ([`disk_alone`]).
//! 2. **Throughput with nothing lost** ([`throughput`]): the release CLI's `listen --http
//!    127.0.0.1:0 --no-subscribe` with an Encrypt Key and a Verification Token, stdout to a
//!    file, while [`CONNECTIONS`] keep-alive connections (reqwest) send distinct schema 2.0
//!    events, each encrypted (`{"encrypt": …}`) and signed as the platform does; a `503`
//!    (the CLI's queue full) or a transport error is sent again after [`RETRY_AFTER`], as
//!    the platform redelivers later. Then the output must hold exactly one line per event,
//!    each id once. Beside it, the ceiling: the SDK's
//!    [`Receiver::receive`](lark_helpdesk::Receiver::receive) called in this process on
//!    the same kind of bodies (no network, no output), and the cost of making
//!    the bodies (the load generator shares the machine with the CLI).
//! 3. **Memory over a million events**: that run is [`STREAM_EVENTS`] events long (or as
//!    many as fit in [`STREAM_LIMIT`]); the listen process's `VmRSS` is read every
//!    [`SAMPLE_EVERY`] events, beside the size the dedup's tables must have by then
//!    ([`dedup_bytes`]): what remains is what the stream leaves in memory, which must not
//!    grow.
//! 4. **Reconnect** ([`reconnect`]): the SDK's [`LongConnection`] against the fake server,
//!    ping interval [`PING_INTERVAL`], margin [`PING_MARGIN`], `reconnect_nonce` 0 (no
//!    jitter before the first attempt; the platform's default is a random wait below
//!    30 s): the time from `Disconnected` to `Connected { reconnected: true }` after
//!    `DropConnection`, and after `Silent` the time from the last pong to the detection
//!    (ping interval + margin by design) and from there to the new connection; medians
//!    over [`RECONNECT_RUNS`].
//!
//! The SDK and the fake server run in this process: an unoptimized build would measure
//! the debug build of both, so [`run`] in a debug build runs itself again with `cargo run
//! --release`.

use std::fs::{self, File};
use std::io::{BufRead, BufReader, Read};
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use futures::TryStreamExt;
use http::{HeaderMap, HeaderValue};
use lark_helpdesk::{
    Client, ConnectionState, DEDUP_CAPACITY, DEDUP_WINDOW, DisconnectReason, LongConnection,
    NONCE_HEADER, Received, ReceiverConfig, SIGNATURE_HEADER, TIMESTAMP_HEADER, encrypt_event,
    event_signature,
};
use lark_helpdesk_mock::{LongConnectionConfig, LongConnectionFault, MockHelpdesk};

use super::mock_server::proc_status_kib;

/// Tickets of the fake server's helpdesk in the latency runs.
const TICKETS: usize = 20;
/// Timed messages per latency row.
const LATENCY_RUNS: usize = 500;
/// Untimed messages before them (connections, caches, first files).
const LATENCY_WARMUP: usize = 20;
/// Pause between two messages of the latency runs (so each event is measured alone).
const LATENCY_PAUSE: Duration = Duration::from_millis(5);
/// How often the files are looked at.
const POLL: Duration = Duration::from_micros(200);
/// How long one message may take to reach the disk before the bench fails.
const LATENCY_TIMEOUT: Duration = Duration::from_secs(10);
/// The aim of the issue: p99 push to disk.
const LATENCY_AIM_MS: f64 = 50.0;

/// Events of the throughput run.
const STREAM_EVENTS: u64 = 1_000_000;
/// The longest the throughput run may send.
const STREAM_LIMIT: Duration = Duration::from_secs(300);
/// RSS read every so many events.
const SAMPLE_EVERY: u64 = 100_000;
/// Keep-alive connections of the load generator.
const CONNECTIONS: usize = 4;
/// The wait before an event answered 503 (or not answered) is sent again.
const RETRY_AFTER: Duration = Duration::from_millis(20);
/// The aim of the issue: events per second, nothing lost.
const THROUGHPUT_AIM: f64 = 1000.0;
/// Events given to the in-process receiver (the ceiling).
const CEILING_EVENTS: u64 = 200_000;

/// Repetitions of each reconnect.
const RECONNECT_RUNS: usize = 10;
/// The ping interval of the reconnect runs (the platform's is 120 s).
const PING_INTERVAL: Duration = Duration::from_millis(500);
/// The silence margin of the reconnect runs (the SDK's default is 30 s).
const PING_MARGIN: Duration = Duration::from_millis(250);

const ENCRYPT_KEY: &str = "bench-encrypt-key";
const VERIFICATION_TOKEN: &str = "bench-verification-token";

/// Runs the four measurements against the release CLI at `cli`.
pub(super) fn run(cli: &Path) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start a tokio runtime: {e}"))?;
    let _enter = runtime.enter();
    let scratch = std::env::temp_dir().join(format!("xtask-bench-events-{}", std::process::id()));
    fs::create_dir_all(&scratch)
        .map_err(|e| format!("cannot create {}: {e}", scratch.display()))?;
    let result = run_all(cli, &runtime, &scratch);
    let _ = fs::remove_dir_all(&scratch);
    result
}

fn run_all(cli: &Path, runtime: &tokio::runtime::Runtime, scratch: &Path) -> Result<(), String> {
    println!("== 1. push to disk: {TICKETS} tickets, {LATENCY_RUNS} messages per row ==");
    let mut rows = Vec::new();
    for source in [Source::Http, Source::Ws] {
        rows.push(latency(cli, runtime, source, &scratch.join(source.name()))?);
    }
    rows.push(baseline(runtime)?);
    rows.push(disk_alone(&scratch.join("disk"))?);
    print_latency(&rows);

    println!("\n== 2./3. throughput and memory: listen --http ==");
    let stream = throughput(cli, runtime, scratch)?;
    let ceiling = ceiling()?;
    print_throughput(&stream, &ceiling);
    check_memory(&stream)?;

    println!("\n== 4. reconnect: the SDK's LongConnection against the fake server ==");
    let reconnects = reconnect(runtime)?;
    print_reconnect(&reconnects);

    println!("\n== summary ==");
    let http = &rows[0];
    println!(
        "push to disk p99 (--http): {:.1} ms, aim < {LATENCY_AIM_MS} ms: {}",
        http.p99(),
        met(http.p99() < LATENCY_AIM_MS)
    );
    println!(
        "push to disk p99 (--ws):   {:.1} ms, aim < {LATENCY_AIM_MS} ms: {}",
        rows[1].p99(),
        met(rows[1].p99() < LATENCY_AIM_MS)
    );
    println!(
        "listen --http: {:.0} events/s with all {} events written once, aim {THROUGHPUT_AIM}: {}",
        stream.rate(),
        stream.events,
        met(stream.rate() >= THROUGHPUT_AIM)
    );
    println!("== events: OK (every check passed) ==");
    Ok(())
}

fn met(yes: bool) -> &'static str {
    if yes { "met" } else { "NOT met" }
}

// ---------------------------------------------------------------------------------------
// 1. Push to disk.

/// Where the CLI takes its events from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Http,
    Ws,
}

impl Source {
    fn name(self) -> &'static str {
        match self {
            Source::Http => "http",
            Source::Ws => "ws",
        }
    }
}

/// One row of the latency table: milliseconds of each timed message.
struct LatencyRow {
    name: String,
    what: &'static str,
    ms: Vec<f64>,
}

impl LatencyRow {
    fn sorted(&self) -> Vec<f64> {
        let mut sorted = self.ms.clone();
        sorted.sort_by(f64::total_cmp);
        sorted
    }

    fn percentile(&self, p: f64) -> f64 {
        percentile(&self.sorted(), p)
    }

    fn p99(&self) -> f64 {
        self.percentile(0.99)
    }
}

/// The `p` quantile (nearest rank) of `sorted`.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (p * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// The ids of the synthetic helpdesk's tickets, in creation order.
fn ticket_ids() -> Vec<String> {
    lark_helpdesk_mock::synthetic_helpdesk(TICKETS)
        .into_iter()
        .filter_map(|(ticket, _)| ticket.ticket_id)
        .collect()
}

/// A free port on the loopback interface (bound, then let go).
fn free_port() -> Result<u16, String> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("cannot find a free port: {e}"))
}

/// The release CLI's `export --follow` fed by a fake server, timed message by message.
fn latency(
    cli: &Path,
    runtime: &tokio::runtime::Runtime,
    source: Source,
    dir: &Path,
) -> Result<LatencyRow, String> {
    let mut builder = MockHelpdesk::builder()
        .synthetic_helpdesk(TICKETS)
        .encrypt_key(ENCRYPT_KEY)
        .verification_token(VERIFICATION_TOKEN)
        .record_requests(false);
    let mut args: Vec<String> = vec![
        "export".into(),
        "--output".into(),
        dir.display().to_string(),
        "--follow".into(),
        "--reconcile-every".into(),
        "1h".into(),
        "--no-subscribe".into(),
    ];
    match source {
        Source::Http => {
            let addr = format!("127.0.0.1:{}", free_port()?);
            builder = builder
                .events_to(format!("http://{addr}/"))
                .retry_schedule(vec![Duration::from_millis(100); 3]);
            args.extend(["--http".into(), addr]);
        }
        Source::Ws => {
            builder = builder.long_connection(LongConnectionConfig::default());
            args.push("--ws".into());
        }
    }
    let mock = runtime
        .block_on(builder.start())
        .map_err(|e| format!("cannot start the fake server: {e}"))?;
    let mut child = CliProcess::start(cli, &args, mock.env_vars(), Stdio::null())?;
    child.wait_for_stderr("following events", Duration::from_secs(120))?;
    eprintln!(
        "export --follow --{} (pid {}): following; timing {LATENCY_RUNS} messages...",
        source.name(),
        child.pid()
    );

    let tickets = ticket_ids();
    let mut ms = Vec::with_capacity(LATENCY_RUNS);
    for i in 0..LATENCY_WARMUP + LATENCY_RUNS {
        let ticket = &tickets[i % tickets.len()];
        let took = one_message(&mock, dir, ticket).map_err(|e| {
            format!(
                "--{}: message {i} of ticket {ticket}: {e}; CLI stderr: {}",
                source.name(),
                child.stderr_text()
            )
        })?;
        if i >= LATENCY_WARMUP {
            ms.push(took.as_secs_f64() * 1000.0);
        }
        thread::sleep(LATENCY_PAUSE);
    }
    child.interrupt(Duration::from_secs(10))?;
    if source == Source::Http {
        let failed = mock
            .pushes()
            .iter()
            .filter(|p| p.status != Some(200))
            .count();
        if failed > 0 {
            return Err(format!("{failed} pushes to the CLI were not answered 200"));
        }
    }
    Ok(LatencyRow {
        name: format!("export --follow --{}", source.name()),
        what: match source {
            Source::Http => "push + receiver + list + messages + disk",
            Source::Ws => "frame + ack + list + messages + disk",
        },
        ms,
    })
}

/// Adds a message to `ticket` and waits until the export in `dir` holds it: its line
/// last in the messages file, and the ticket file replaced.
fn one_message(mock: &MockHelpdesk, dir: &Path, ticket: &str) -> Result<Duration, String> {
    let messages = dir.join("messages").join(format!("{ticket}.ndjson"));
    let ticket_file = dir.join("tickets").join(format!("{ticket}.json"));
    let before_len = fs::metadata(&messages).map(|m| m.len()).unwrap_or(0);
    let before_ino = fs::metadata(&ticket_file).map(|m| m.ino()).unwrap_or(0);
    let t0 = Instant::now();
    if !mock.add_messages(ticket, 1) {
        return Err("the fake server has no such ticket".into());
    }
    let id = mock
        .messages(ticket)
        .and_then(|m| m.last().and_then(|m| m.id.clone()))
        .ok_or("the new message has no id")?;
    let needle = format!("\"id\":\"{id}\"");
    let mut line_seen = false;
    loop {
        if !line_seen
            && fs::metadata(&messages).is_ok_and(|m| m.len() > before_len)
            && last_line(&messages).is_some_and(|l| l.contains(&needle))
        {
            line_seen = true;
        }
        if line_seen && fs::metadata(&ticket_file).is_ok_and(|m| m.ino() != before_ino) {
            return Ok(t0.elapsed());
        }
        if t0.elapsed() > LATENCY_TIMEOUT {
            return Err(format!(
                "not on disk after {LATENCY_TIMEOUT:?} (message line seen: {line_seen})"
            ));
        }
        thread::sleep(POLL);
    }
}

/// The last line of a (small) file.
fn last_line(path: &Path) -> Option<String> {
    let text = fs::read_to_string(path).ok()?;
    text.lines().last().map(str::to_owned)
}

/// An SDK client of `mock`'s app.
fn client_of(mock: &MockHelpdesk) -> Result<Client, String> {
    Client::builder()
        .from_lookup(|name| mock.env_var(name))
        .build()
        .map_err(|e| format!("cannot build the SDK client: {e}"))
}

/// The same two requests `export --follow` makes for a new message, made with the SDK
/// right after the message is added: no event, no disk.
fn baseline(runtime: &tokio::runtime::Runtime) -> Result<LatencyRow, String> {
    let mock = runtime
        .block_on(
            MockHelpdesk::builder()
                .synthetic_helpdesk(TICKETS)
                .record_requests(false)
                .start(),
        )
        .map_err(|e| format!("cannot start the fake server: {e}"))?;
    let client = client_of(&mock)?;
    let tickets = ticket_ids();
    let mut ms = Vec::with_capacity(LATENCY_RUNS);
    eprintln!("baseline: timing {LATENCY_RUNS} list + messages requests...");
    for i in 0..LATENCY_WARMUP + LATENCY_RUNS {
        let ticket = &tickets[i % tickets.len()];
        let since = mock
            .messages(ticket)
            .and_then(|m| m.last().and_then(|m| m.created_at.clone()))
            .and_then(|t| t.to_string().parse::<i64>().ok())
            .and_then(|ms| jiff::Timestamp::from_millisecond(ms).ok());
        let t0 = Instant::now();
        if !mock.add_messages(ticket, 1) {
            return Err(format!("the fake server has no ticket {ticket}"));
        }
        let id = mock
            .messages(ticket)
            .and_then(|m| m.last().and_then(|m| m.id.clone()))
            .ok_or("the new message has no id")?;
        let found = runtime.block_on(async {
            let listed = client
                .tickets()
                .ticket_id(ticket.as_str())
                .stream()
                .try_next()
                .await
                .map_err(|e| format!("list tickets: {e}"))?;
            if listed.is_none_or(|t| t.ticket_id() != ticket.as_str()) {
                return Err(format!("ticket {ticket} not listed"));
            }
            let mut request = client.ticket_messages(ticket.as_str());
            if let Some(since) = since {
                request = request.since(since);
            }
            let pages: Vec<_> = request
                .pages()
                .try_collect()
                .await
                .map_err(|e| format!("messages: {e}"))?;
            Ok::<bool, String>(
                pages
                    .iter()
                    .flat_map(|p| p.messages.iter())
                    .any(|m| m.id() == id),
            )
        })?;
        let took = t0.elapsed();
        if !found {
            return Err(format!("the new message {id} of {ticket} was not fetched"));
        }
        if i >= LATENCY_WARMUP {
            ms.push(took.as_secs_f64() * 1000.0);
        }
        thread::sleep(LATENCY_PAUSE);
    }
    Ok(LatencyRow {
        name: "baseline: SDK list + messages".into(),
        what: "the two requests alone (no event, no disk)",
        ms,
    })
}

/// The disk's part alone: two files written as the export writes them (under
/// `.partial`, fsynced, renamed; the directory fsynced after the first), in the same
/// file system.
fn disk_alone(dir: &Path) -> Result<LatencyRow, String> {
    let io = |e: std::io::Error| format!("disk baseline in {}: {e}", dir.display());
    fs::create_dir_all(dir).map_err(io)?;
    let messages = vec![b'm'; 4096];
    let ticket = vec![b't'; 1024];
    let mut ms = Vec::with_capacity(LATENCY_RUNS);
    for i in 0..LATENCY_WARMUP + LATENCY_RUNS {
        let t0 = Instant::now();
        // As the export: the messages file, then its directory; then the ticket file.
        for (name, bytes, sync_dir) in [
            ("messages.ndjson", &messages, true),
            ("ticket.json", &ticket, false),
        ] {
            let path = dir.join(name);
            let partial = dir.join(format!("{name}.partial"));
            let mut file = File::create(&partial).map_err(io)?;
            std::io::Write::write_all(&mut file, bytes).map_err(io)?;
            file.sync_all().map_err(io)?;
            fs::rename(&partial, &path).map_err(io)?;
            if sync_dir {
                File::open(dir).and_then(|d| d.sync_all()).map_err(io)?;
            }
        }
        if i >= LATENCY_WARMUP {
            ms.push(t0.elapsed().as_secs_f64() * 1000.0);
        }
        thread::sleep(LATENCY_PAUSE);
    }
    Ok(LatencyRow {
        name: "baseline: disk alone".into(),
        what: "2 × (write, fsync, rename) + 1 fsync of the directory",
        ms,
    })
}

fn print_latency(rows: &[LatencyRow]) {
    println!(
        "{:<32} {:>8} {:>8} {:>8} {:>8}  time holds",
        "push to disk (ms)", "p50", "p90", "p99", "max"
    );
    for row in rows {
        let sorted = row.sorted();
        println!(
            "{:<32} {:>8.2} {:>8.2} {:>8.2} {:>8.2}  {}",
            row.name,
            percentile(&sorted, 0.5),
            percentile(&sorted, 0.9),
            percentile(&sorted, 0.99),
            sorted.last().copied().unwrap_or(0.0),
            row.what
        );
    }
}

// ---------------------------------------------------------------------------------------
// 2. and 3. Throughput and memory.

/// The schema 2.0 event number `n`: a message created in a ticket, as the platform
/// sends it (about 700 bytes).
fn event_json(n: u64) -> String {
    format!(
        r#"{{"schema":"2.0","header":{{"event_id":"bench-{n:010}","token":"{VERIFICATION_TOKEN}","create_time":"1764950400000","event_type":"helpdesk.ticket_message.created_v1","tenant_key":"bench_tenant","app_id":"cli_bench_app"}},"event":{{"ticket_message_id":"{m}","message_id":"om_{n:032x}","msg_type":"text","position":"{n}","sender_id":{{"open_id":"ou_5ad573a6411d72b8305fda3a9c15c70e","union_id":"on_1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d","user_id":"bench_user"}},"sender_type":1,"text":"hello from event {n}","ticket":{{"ticket_id":"{t}","comments":{{"content":"","created_at":1764950400000}}}},"event_id":"bench-{n:010}","chat_id":"oc_0f1e2d3c4b5a69788796a5b4c3d2e1f0","content":{{"content":"hello from event {n}","msg_type":"text"}}}}}}"#,
        m = 7_100_000_000_000_000_000u64 + n,
        t = 7_000_000_000_000_000_001u64 + n % 1000,
    )
}

/// The HTTP request of event `n`: its body (`{"encrypt": …}`) and signature headers.
struct Signed {
    timestamp: String,
    nonce: String,
    signature: String,
    body: Vec<u8>,
}

fn signed_event(n: u64) -> Signed {
    let json = event_json(n);
    // The platform's IV is random; a counter is as good for the receiver's work.
    let mut iv = [0u8; 16];
    iv[..8].copy_from_slice(&n.to_le_bytes());
    iv[8..].copy_from_slice(&(!n).to_le_bytes());
    let body = format!(
        r#"{{"encrypt":"{}"}}"#,
        encrypt_event(ENCRYPT_KEY, json.as_bytes(), iv)
    )
    .into_bytes();
    let timestamp = "1764950400".to_string();
    let nonce = format!("nonce{n}");
    let signature = event_signature(&timestamp, &nonce, ENCRYPT_KEY, &body);
    Signed {
        timestamp,
        nonce,
        signature,
        body,
    }
}

/// One RSS sample of the listen process.
struct RssSample {
    events: u64,
    rss_kib: u64,
}

/// What the throughput run measured.
struct Stream {
    events: u64,
    elapsed: Duration,
    retries_503: u64,
    retries_transport: u64,
    cut_short: bool,
    samples: Vec<RssSample>,
    start_kib: u64,
    hwm_kib: u64,
    end_kib: u64,
    body_bytes: usize,
}

impl Stream {
    fn rate(&self) -> f64 {
        self.events as f64 / self.elapsed.as_secs_f64()
    }
}

/// The release CLI's `listen --http` under load, its output checked, its RSS sampled.
fn throughput(
    cli: &Path,
    runtime: &tokio::runtime::Runtime,
    scratch: &Path,
) -> Result<Stream, String> {
    let out_path = scratch.join("listen.ndjson");
    let out = File::create(&out_path).map_err(|e| format!("cannot create the output: {e}"))?;
    let env = vec![
        // listen --no-subscribe makes no request: a client that points nowhere.
        ("LARK_BASE_URL", "http://127.0.0.1:9".to_string()),
        ("LARK_APP_ID", "cli_bench_app".to_string()),
        ("LARK_APP_SECRET", "bench-secret".to_string()),
        ("LARK_HELPDESK_ID", "1".to_string()),
        ("LARK_HELPDESK_TOKEN", "bench-helpdesk-token".to_string()),
        ("LARK_ENCRYPT_KEY", ENCRYPT_KEY.to_string()),
        ("LARK_VERIFICATION_TOKEN", VERIFICATION_TOKEN.to_string()),
    ];
    let args: Vec<String> = ["listen", "--http", "127.0.0.1:0", "--no-subscribe"]
        .map(String::from)
        .to_vec();
    let mut child = CliProcess::start(cli, &args, env, Stdio::from(out))?;
    let line = child.wait_for_stderr("receiving events on http://", Duration::from_secs(30))?;
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .ok_or_else(|| format!("no address in {line:?}"))?
        .to_string();
    let pid = child.pid();
    thread::sleep(Duration::from_millis(200));
    let start_kib = proc_status_kib(pid, "VmRSS").ok_or("cannot read the CLI's VmRSS")?;
    eprintln!(
        "listen (pid {pid}) at {url}: sending {STREAM_EVENTS} events over {CONNECTIONS} \
         connections (at most {STREAM_LIMIT:?})..."
    );

    let done = Arc::new(AtomicU64::new(0));
    let sampling = Arc::new(AtomicBool::new(true));
    let sampler = {
        let (done, sampling) = (Arc::clone(&done), Arc::clone(&sampling));
        thread::spawn(move || {
            let mut samples = Vec::new();
            let mut next = SAMPLE_EVERY;
            while sampling.load(Ordering::Relaxed) {
                let events = done.load(Ordering::Relaxed);
                if events >= next {
                    if let Some(rss_kib) = proc_status_kib(pid, "VmRSS") {
                        samples.push(RssSample { events, rss_kib });
                    }
                    next += SAMPLE_EVERY;
                }
                thread::sleep(Duration::from_millis(2));
            }
            samples
        })
    };
    let started = Instant::now();
    let load = runtime.block_on(send_all(&url, Arc::clone(&done), started));
    let elapsed = started.elapsed();
    sampling.store(false, Ordering::Relaxed);
    let samples = sampler.join().map_err(|_| "the RSS sampler panicked")?;
    let (sent, retries_503, retries_transport) = match load {
        Ok(load) => load,
        Err(e) => {
            let _ = child.child.kill();
            return Err(e);
        }
    };
    // Every event was answered 200: its line follows (written after the answer).
    let wait = Instant::now();
    while count_lines(&out_path)? < sent && wait.elapsed() < Duration::from_secs(30) {
        thread::sleep(Duration::from_millis(50));
    }
    let end_kib = proc_status_kib(pid, "VmRSS").unwrap_or(0);
    let hwm_kib = proc_status_kib(pid, "VmHWM").unwrap_or(0);
    child.interrupt(Duration::from_secs(10))?;
    check_output(&out_path, sent)?;
    eprintln!("listen: {sent} lines, each id once: verified");
    Ok(Stream {
        events: sent,
        elapsed,
        retries_503,
        retries_transport,
        cut_short: sent < STREAM_EVENTS,
        samples,
        start_kib,
        hwm_kib,
        end_kib,
        body_bytes: signed_event(0).body.len(),
    })
}

/// Sends events 0, 1, … over [`CONNECTIONS`] connections until [`STREAM_EVENTS`] or
/// [`STREAM_LIMIT`], each until answered 200: how many, and the retries (503, transport).
async fn send_all(
    url: &str,
    done: Arc<AtomicU64>,
    started: Instant,
) -> Result<(u64, u64, u64), String> {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CONNECTIONS)
        .timeout(Duration::from_secs(10))
        .build()
        .map_err(|e| format!("cannot build the load generator's client: {e}"))?;
    let next = Arc::new(AtomicU64::new(0));
    let retries_503 = Arc::new(AtomicU64::new(0));
    let retries_transport = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for _ in 0..CONNECTIONS {
        let (client, url, next, done) = (
            client.clone(),
            url.to_string(),
            Arc::clone(&next),
            Arc::clone(&done),
        );
        let (retries_503, retries_transport) =
            (Arc::clone(&retries_503), Arc::clone(&retries_transport));
        tasks.push(tokio::spawn(async move {
            loop {
                if started.elapsed() > STREAM_LIMIT {
                    return Ok::<(), String>(());
                }
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= STREAM_EVENTS {
                    return Ok(());
                }
                let event = signed_event(n);
                let mut attempts = 0u32;
                loop {
                    attempts += 1;
                    let sent = client
                        .post(&url)
                        .header("content-type", "application/json; charset=utf-8")
                        .header(TIMESTAMP_HEADER, &event.timestamp)
                        .header(NONCE_HEADER, &event.nonce)
                        .header(SIGNATURE_HEADER, &event.signature)
                        .body(event.body.clone())
                        .send()
                        .await;
                    match sent {
                        Ok(response) if response.status() == 200 => {
                            let _ = response.bytes().await;
                            break;
                        }
                        Ok(response) if response.status() == 503 => {
                            retries_503.fetch_add(1, Ordering::Relaxed);
                        }
                        Ok(response) => {
                            let status = response.status();
                            let body = response.text().await.unwrap_or_default();
                            return Err(format!("event {n} answered {status}: {body}"));
                        }
                        Err(e) => {
                            retries_transport.fetch_add(1, Ordering::Relaxed);
                            if attempts > 20 {
                                return Err(format!("event {n}: {e}"));
                            }
                        }
                    }
                    if attempts > 1000 {
                        return Err(format!("event {n} still refused after 1000 attempts"));
                    }
                    tokio::time::sleep(RETRY_AFTER).await;
                }
                done.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    for task in tasks {
        task.await
            .map_err(|e| format!("a sender task failed: {e}"))??;
    }
    Ok((
        done.load(Ordering::Relaxed),
        retries_503.load(Ordering::Relaxed),
        retries_transport.load(Ordering::Relaxed),
    ))
}

fn count_lines(path: &Path) -> Result<u64, String> {
    let mut file = File::open(path).map_err(|e| format!("cannot open the output: {e}"))?;
    let mut buf = vec![0u8; 1 << 20];
    let mut lines = 0u64;
    loop {
        let n = file.read(&mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            return Ok(lines);
        }
        lines += buf[..n].iter().filter(|&&b| b == b'\n').count() as u64;
    }
}

/// The output holds exactly `sent` lines, events 0 to `sent - 1`, each once and whole.
fn check_output(path: &Path, sent: u64) -> Result<(), String> {
    let file = File::open(path).map_err(|e| format!("cannot open the output: {e}"))?;
    let mut seen = vec![false; sent as usize];
    let mut lines = 0u64;
    for line in BufReader::with_capacity(1 << 20, file).lines() {
        let line = line.map_err(|e| format!("reading the output: {e}"))?;
        lines += 1;
        let n = line
            .strip_prefix(r#"{"schema":"2.0","header":{"event_id":"bench-"#)
            .and_then(|rest| rest.get(..10))
            .and_then(|digits| digits.parse::<u64>().ok())
            .ok_or_else(|| format!("line {lines} is not an event sent: {line:.120}"))?;
        if !line.ends_with("}}") {
            return Err(format!("line {lines} is cut: {line:.120}"));
        }
        match seen.get_mut(n as usize) {
            Some(seen) if !*seen => *seen = true,
            Some(_) => return Err(format!("event {n} written twice")),
            None => return Err(format!("event {n} was never sent")),
        }
    }
    if lines != sent {
        let missing = seen.iter().filter(|s| !**s).count();
        return Err(format!(
            "{lines} lines for {sent} events answered 200 ({missing} missing)"
        ));
    }
    Ok(())
}

/// The in-process ceiling: [`Receiver::receive`](lark_helpdesk::Receiver::receive) alone,
/// and making the bodies.
struct Ceiling {
    events: u64,
    receive: Duration,
    generate: Duration,
}

fn ceiling() -> Result<Ceiling, String> {
    let receiver = ReceiverConfig::new()
        .encrypt_key(ENCRYPT_KEY)
        .verification_token(VERIFICATION_TOKEN)
        .build();
    let (mut receive, mut generate) = (Duration::ZERO, Duration::ZERO);
    const CHUNK: u64 = 10_000;
    let header = |v: &str| HeaderValue::from_str(v).map_err(|e| e.to_string());
    for chunk in 0..CEILING_EVENTS / CHUNK {
        let t = Instant::now();
        let mut requests = Vec::with_capacity(CHUNK as usize);
        for n in chunk * CHUNK..(chunk + 1) * CHUNK {
            let event = signed_event(n);
            let mut headers = HeaderMap::new();
            headers.insert(TIMESTAMP_HEADER, header(&event.timestamp)?);
            headers.insert(NONCE_HEADER, header(&event.nonce)?);
            headers.insert(SIGNATURE_HEADER, header(&event.signature)?);
            requests.push((headers, event.body));
        }
        generate += t.elapsed();
        let t = Instant::now();
        let mut taken = 0u64;
        for (headers, body) in &requests {
            if let Received::Event(_) = receiver.receive(headers, body).received {
                taken += 1;
            }
        }
        receive += t.elapsed();
        if taken != CHUNK {
            return Err(format!(
                "the receiver took {taken} of {CHUNK} distinct valid events"
            ));
        }
    }
    Ok(Ceiling {
        events: CEILING_EVENTS,
        receive,
        generate,
    })
}

/// The resident bytes of the dedup's tables once `n` ids are remembered: its queue of
/// `(u64, u64)` (when, hash), 16 bytes an entry (its capacity grows by doubling, but pages
/// not yet written are not resident), and its hash map of `u64` → `u64`, 16 bytes and a
/// control byte per bucket, the buckets a power of two at least 8/7 of the entries (all
/// of them written: the control bytes at once, the buckets spread by the hash).
fn dedup_bytes(n: u64) -> u64 {
    let n = n.min(DEDUP_CAPACITY as u64);
    if n == 0 {
        return 0;
    }
    let buckets = (n * 8).div_ceil(7).next_power_of_two();
    n * 16 + buckets * 17
}

/// How much more than at the first sample the memory besides the dedup may hold at the
/// end (allocator noise; a leak of 20 bytes an event would add 19 MiB over a million).
const GROWTH_TOLERANCE_KIB: u64 = 8 * 1024;

/// Fails when the listen process's memory, the dedup's tables set aside, grew over the
/// stream.
fn check_memory(stream: &Stream) -> Result<(), String> {
    let rest = |events: u64, rss_kib: u64| rss_kib.saturating_sub(dedup_bytes(events) / 1024);
    let Some(first) = stream.samples.first() else {
        return Err("no RSS sample was taken during the stream".into());
    };
    let first = rest(first.events, first.rss_kib);
    let end = rest(stream.events, stream.end_kib);
    if end > first + GROWTH_TOLERANCE_KIB {
        return Err(format!(
            "listen's memory besides the dedup grew from {} to {} over the stream",
            mib(first),
            mib(end)
        ));
    }
    Ok(())
}

fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

fn print_throughput(stream: &Stream, ceiling: &Ceiling) {
    println!(
        "{:<40} {:>10} {:>12} {:>10}",
        "throughput", "events", "seconds", "events/s"
    );
    println!(
        "{:<40} {:>10} {:>12.2} {:>10.0}",
        format!("listen --http, {CONNECTIONS} connections"),
        stream.events,
        stream.elapsed.as_secs_f64(),
        stream.rate()
    );
    println!(
        "{:<40} {:>10} {:>12.2} {:>10.0}",
        "ceiling: Receiver::receive in-process",
        ceiling.events,
        ceiling.receive.as_secs_f64(),
        ceiling.events as f64 / ceiling.receive.as_secs_f64()
    );
    println!(
        "{:<40} {:>10} {:>12.2} {:>10.0}",
        "(load generator: encrypt + sign alone)",
        ceiling.events,
        ceiling.generate.as_secs_f64(),
        ceiling.events as f64 / ceiling.generate.as_secs_f64()
    );
    println!(
        "bodies of {} bytes; retried: {} answered 503 (queue full), {} transport errors; \
         output: {} lines, each id once{}",
        stream.body_bytes,
        stream.retries_503,
        stream.retries_transport,
        stream.events,
        if stream.cut_short {
            format!(" (cut at {STREAM_LIMIT:?}, short of {STREAM_EVENTS})")
        } else {
            String::new()
        }
    );
    println!(
        "\n{:<12} {:>12} {:>16} {:>16}",
        "memory", "VmRSS", "dedup tables", "RSS − dedup"
    );
    println!(
        "{:<12} {:>12} {:>16} {:>16}",
        "start",
        mib(stream.start_kib),
        "-",
        "-"
    );
    for s in &stream.samples {
        let dedup_kib = dedup_bytes(s.events) / 1024;
        println!(
            "{:<12} {:>12} {:>16} {:>16}",
            s.events,
            mib(s.rss_kib),
            mib(dedup_kib),
            mib(s.rss_kib.saturating_sub(dedup_kib))
        );
    }
    println!(
        "{:<12} {:>12} {:>16} {:>16}",
        "end",
        mib(stream.end_kib),
        mib(dedup_bytes(stream.events) / 1024),
        mib(stream
            .end_kib
            .saturating_sub(dedup_bytes(stream.events) / 1024))
    );
    println!("peak (VmHWM): {}", mib(stream.hwm_kib));
    println!(
        "the dedup keeps up to {DEDUP_CAPACITY} ids for {} h as 64-bit hashes: {} of \
         tables when full (a queue of 16-byte entries and a map of 17-byte buckets), and \
         while its map doubles the old one too",
        DEDUP_WINDOW.as_secs() / 3600,
        mib(dedup_bytes(DEDUP_CAPACITY as u64) / 1024)
    );
}

// ---------------------------------------------------------------------------------------
// 4. Reconnect.

/// The times of one kind of reconnect, in milliseconds.
struct Reconnects {
    /// `Disconnected` to `Connected { reconnected: true }` after `DropConnection`.
    dropped: Vec<f64>,
    /// After `Silent`: the last pong to `Disconnected { Silent }`.
    silent_detect: Vec<f64>,
    /// After `Silent`: `Disconnected` to `Connected { reconnected: true }`.
    silent_reconnect: Vec<f64>,
}

type States = Arc<Mutex<Vec<(Instant, ConnectionState)>>>;

fn reconnect(runtime: &tokio::runtime::Runtime) -> Result<Reconnects, String> {
    let mut config = LongConnectionConfig::default();
    config.reconnect_nonce_secs = 0;
    config.reconnect_interval_secs = 1;
    let mock = runtime
        .block_on(
            MockHelpdesk::builder()
                .long_connection(config)
                .record_requests(false)
                .start(),
        )
        .map_err(|e| format!("cannot start the fake server: {e}"))?;
    let client = client_of(&mock)?;
    let states: States = Arc::default();
    let connection = {
        let states = Arc::clone(&states);
        LongConnection::new(&client)
            .ping_interval(PING_INTERVAL)
            .ping_timeout_margin(PING_MARGIN)
            .reconnect_nonce(Duration::ZERO)
            .reconnect_interval(Duration::from_millis(100))
            .connect_timeout(Duration::from_secs(5))
            .on_state(move |state| {
                states
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((Instant::now(), state.clone()))
            })
    };
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = runtime.spawn(async move {
        connection
            .run(|_event| async { Ok::<(), String>(()) }, async {
                let _ = stopped.await;
            })
            .await
    });
    let connected = |from: usize, reconnected: bool| {
        wait_state(&states, from, Duration::from_secs(10), |s| {
            *s == ConnectionState::Connected { reconnected }
        })
    };
    connected(0, false)?;
    eprintln!(
        "long connection: connected; {RECONNECT_RUNS} dropped and {RECONNECT_RUNS} silent \
         connections..."
    );
    let mut result = Reconnects {
        dropped: Vec::new(),
        silent_detect: Vec::new(),
        silent_reconnect: Vec::new(),
    };
    for _ in 0..RECONNECT_RUNS {
        thread::sleep(Duration::from_millis(100));
        let from = states_len(&states);
        mock.inject_long_connection(LongConnectionFault::DropConnection { after_acks: 0 });
        let (down, _) = wait_state(&states, from, Duration::from_secs(10), |s| {
            matches!(s, ConnectionState::Disconnected { .. })
        })?;
        let (up, _) = connected(from, true)?;
        result.dropped.push(ms(up - down));
    }
    for _ in 0..RECONNECT_RUNS {
        thread::sleep(Duration::from_millis(100));
        // The next ping answered is the last pong: the fault is taken before the ping
        // after it.
        let pings = mock.long_connection_log().pings;
        let deadline = Instant::now() + Duration::from_secs(10);
        while mock.long_connection_log().pings == pings {
            if Instant::now() > deadline {
                return Err("no ping reached the fake server".into());
            }
            thread::sleep(Duration::from_micros(200));
        }
        let last_pong = Instant::now();
        let from = states_len(&states);
        mock.inject_long_connection(LongConnectionFault::Silent { after_pongs: 0 });
        let (down, reason) = wait_state(&states, from, Duration::from_secs(10), |s| {
            matches!(s, ConnectionState::Disconnected { .. })
        })?;
        if reason
            != (ConnectionState::Disconnected {
                reason: DisconnectReason::Silent,
            })
        {
            return Err(format!(
                "a silent connection was lost otherwise: {reason:?}"
            ));
        }
        let (up, _) = connected(from, true)?;
        result.silent_detect.push(ms(down - last_pong));
        result.silent_reconnect.push(ms(up - down));
    }
    let _ = stop.send(());
    runtime
        .block_on(task)
        .map_err(|e| format!("the long connection task failed: {e}"))?
        .map_err(|e| format!("the long connection failed: {e}"))?;
    Ok(result)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn states_len(states: &States) -> usize {
    states.lock().unwrap_or_else(|e| e.into_inner()).len()
}

/// Waits for the first state from index `from` on that `is` holds: when, and the state.
fn wait_state(
    states: &States,
    from: usize,
    timeout: Duration,
    is: impl Fn(&ConnectionState) -> bool,
) -> Result<(Instant, ConnectionState), String> {
    let deadline = Instant::now() + timeout;
    loop {
        {
            let states = states.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((at, state)) = states.iter().skip(from).find(|(_, s)| is(s)) {
                return Ok((*at, state.clone()));
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "the long connection did not reach the state awaited; states since: {:?}",
                    states.iter().skip(from).map(|(_, s)| s).collect::<Vec<_>>()
                ));
            }
        }
        thread::sleep(Duration::from_millis(1));
    }
}

fn print_reconnect(r: &Reconnects) {
    let row = |name: &str, values: &[f64]| {
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        println!(
            "{:<52} {:>8.1} {:>8.1} {:>8.1}",
            name,
            super::measure::median(values),
            sorted.first().copied().unwrap_or(0.0),
            sorted.last().copied().unwrap_or(0.0)
        );
    };
    println!(
        "{:<52} {:>8} {:>8} {:>8}",
        format!("reconnect (ms, {RECONNECT_RUNS} runs each)"),
        "median",
        "min",
        "max"
    );
    row("DropConnection: Disconnected → Connected", &r.dropped);
    row(
        &format!(
            "Silent: last pong → detected ({} + {} ms)",
            PING_INTERVAL.as_millis(),
            PING_MARGIN.as_millis()
        ),
        &r.silent_detect,
    );
    row("Silent: Disconnected → Connected", &r.silent_reconnect);
    let total: Vec<f64> = r
        .silent_detect
        .iter()
        .zip(&r.silent_reconnect)
        .map(|(a, b)| a + b)
        .collect();
    row("Silent: last pong → Connected", &total);
}

// ---------------------------------------------------------------------------------------
// The CLI as a child process.

/// A running CLI command, its stderr read line by line on a thread.
struct CliProcess {
    child: Child,
    lines: mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl CliProcess {
    fn start(
        cli: &Path,
        args: &[String],
        env: Vec<(&'static str, String)>,
        stdout: Stdio,
    ) -> Result<CliProcess, String> {
        let mut child = Command::new(cli)
            .args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", std::env::temp_dir())
            .envs(env)
            .stdin(Stdio::null())
            .stdout(stdout)
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", cli.display()))?;
        let stderr = child.stderr.take().ok_or("no stderr")?;
        let (tx, lines) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Ok(CliProcess {
            child,
            lines,
            seen: Vec::new(),
        })
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits for a line of stderr holding `needle`, and returns it.
    fn wait_for_stderr(&mut self, needle: &str, timeout: Duration) -> Result<String, String> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.contains(needle) {
                        return Ok(line);
                    }
                }
                Err(_) => {
                    let _ = self.child.kill();
                    return Err(format!(
                        "the CLI did not print {needle:?} in {timeout:?}; stderr: {}",
                        self.stderr_text()
                    ));
                }
            }
        }
    }

    /// What it printed on stderr so far.
    fn stderr_text(&mut self) -> String {
        while let Ok(line) = self.lines.try_recv() {
            self.seen.push(line);
        }
        self.seen.join("\n")
    }

    /// SIGINT, then waits for exit 0.
    fn interrupt(&mut self, within: Duration) -> Result<(), String> {
        let pid = self.pid().to_string();
        let status = Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .map_err(|e| format!("cannot run kill: {e}"))?;
        if !status.success() {
            return Err(format!("kill -INT {pid} failed ({status})"));
        }
        let sent = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().map_err(|e| e.to_string())? {
                if status.success() {
                    return Ok(());
                }
                return Err(format!(
                    "the CLI exited with {status} after SIGINT; stderr: {}",
                    self.stderr_text()
                ));
            }
            if sent.elapsed() > within {
                let _ = self.child.kill();
                return Err(format!("the CLI still ran {within:?} after SIGINT"));
            }
            thread::sleep(Duration::from_millis(5));
        }
    }
}

impl Drop for CliProcess {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Where the running xtask binary was built: `true` in a `release` target directory.
pub(super) fn is_release_build() -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| {
            exe.parent()
                .and_then(|p| p.file_name())
                .map(|n| n == "release")
        })
        .unwrap_or(false)
}

/// Runs `cargo run --release -p xtask -- bench <args>` in the workspace, its output
/// streaming to the terminal.
pub(super) fn rerun_release(root: &Path, args: &[String]) -> Result<(), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    eprintln!(
        "bench --events runs the SDK and the fake server in this process: running it again \
         optimized (cargo run --release -p xtask -- bench {})",
        args.join(" ")
    );
    let status = Command::new(cargo)
        .current_dir(root)
        .args(["run", "--quiet", "--release", "-p", "xtask", "--", "bench"])
        .args(args)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the release bench failed ({status})"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_by_nearest_rank() {
        let values: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&values, 0.5), 50.0);
        assert_eq!(percentile(&values, 0.99), 99.0);
        assert_eq!(percentile(&values, 1.0), 100.0);
        assert_eq!(percentile(&[], 0.5), 0.0);
    }

    #[test]
    fn a_signed_event_is_taken_once() {
        let receiver = ReceiverConfig::new()
            .encrypt_key(ENCRYPT_KEY)
            .verification_token(VERIFICATION_TOKEN)
            .build();
        let event = signed_event(7);
        let mut headers = HeaderMap::new();
        headers.insert(TIMESTAMP_HEADER, event.timestamp.parse().unwrap());
        headers.insert(NONCE_HEADER, event.nonce.parse().unwrap());
        headers.insert(SIGNATURE_HEADER, event.signature.parse().unwrap());
        match receiver.receive(&headers, &event.body).received {
            Received::Event(e) => {
                assert_eq!(e.id(), "bench-0000000007");
                assert!(
                    e.json()
                        .starts_with(r#"{"schema":"2.0","header":{"event_id":"bench-"#)
                );
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            receiver.receive(&headers, &event.body).received,
            Received::Duplicate(_)
        ));
    }

    #[test]
    fn dedup_tables_when_full() {
        assert_eq!(dedup_bytes(0), 0);
        // 2^21 buckets for a million ids.
        assert_eq!(dedup_bytes(1_000_000), 16_000_000 + (1 << 21) * 17);
        assert_eq!(dedup_bytes(5_000_000), dedup_bytes(1_000_000));
    }
}
