//! `cargo xtask bench --whole`: the release CLI's default `export --output DIR` of the
//! whole fake helpdesk, every part, over a network with latency and per-operation rate
//! limits, against its floor.
//!
//! # The network
//!
//! The fake server ([`MockHelpdesk`], a synthetic helpdesk of [`TICKETS`] tickets, its
//! messages, their images, FAQs and their images, categories, agents, skills, custom
//! fields) runs in this process; in front of it, on loopback, a [`Proxy`] that each
//! request of the CLI goes through. A thread per connection, keep-alive on both sides
//! (one connection to the fake server for each of the CLI's), so requests wait side by
//! side and the proxy adds no queue of its own. For each request it:
//!
//! 1. finds the operation by method and path, matched against the path templates of
//!    [`ops::ALL`];
//! 2. counts it in that operation's fixed one-second window ([`RateWindows`], as `--wan`
//!    does); past the operation's limit the answer is the platform's refusal (HTTP 429,
//!    code 99991400, `x-ogw-ratelimit-reset` to the window's end and
//!    `x-ogw-ratelimit-limit`);
//! 3. otherwise forwards it to the fake server and reads the whole answer (JSON or
//!    image bytes);
//! 4. answers [`LATENCY`] after the request arrived (the fake server's own time is
//!    inside it; the proxy reports when it was not).
//!
//! Limits per window ([`limit_of`]): the token endpoint none; an operation with a
//! documented per-second limit that limit (`list_tickets` and `get_ticket_image`, 50);
//! every other one [`SPECIAL_LIMIT`], 20: the platform documents "special frequency
//! control" without a number for `list_ticket_messages`, `list_faqs`, `get_faq_image`
//! and the agents' listings, and none at all for categories and custom fields; 20 is the
//! "limited" scenario of `--wan`, an assumption. The documented per-minute limits (1,000
//! a minute for `list_tickets` and `get_ticket_image`) are not enforced.
//!
//! # What it reports
//!
//! For each run (a fresh directory each, started at a spread place in a window): wall
//! time, the requests of each operation answered and refused, counted by the proxy (and
//! checked against the fake server's own count of the requests it received). The floor
//! is `max over operations of (answered requests / limit)`: the parts run side by side,
//! so the slowest operation at its full rate bounds the export. The ratio is wall /
//! floor (aim: 1.15x). Beside it a plain loop, **computed**: every answered request one
//! after another at the latency (`requests × 100 ms`), as an official SDK's loop would
//! go (at 10 requests a second no limit is reached). Then where the time goes: per
//! operation its active span, achieved rate and requests in flight, and a timeline in
//! ten-second steps of the image and message requests and the tickets being fetched.
//!
//! `WHOLE_ARGS="--concurrency 16"` appends arguments to the CLI's command (to study the
//! export's settings); the figures of `docs/perf.md` are of the default command.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io::{self, BufRead, BufReader, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use lark_helpdesk::{Operation, ops};
use lark_helpdesk_mock::MockHelpdesk;

use super::network::{
    REFUSAL, RateWindows, Run, line, median_run, phase, refusal_headers, run_timed,
};
use super::server::query_param;

/// The one-way-and-back latency of every request.
pub(super) const LATENCY: Duration = Duration::from_millis(100);
/// Tickets of the synthetic helpdesk.
pub(super) const TICKETS: usize = 300;
/// The limit per window of an operation the platform gives no number for.
pub(super) const SPECIAL_LIMIT: u32 = 20;

/// Requests of `op` allowed per one-second window; `None`: no limit (the token endpoint).
pub(super) fn limit_of(op: &Operation) -> Option<u32> {
    if op.tokens.is_empty() {
        return None;
    }
    Some(op.rate_limit.per_second.unwrap_or(SPECIAL_LIMIT))
}

/// Finds the operation of a request by method and path.
struct Router(Vec<(&'static Operation, Vec<Option<&'static str>>)>);

impl Router {
    fn new() -> Self {
        Router(
            ops::ALL
                .iter()
                .map(|op| {
                    let segments = op
                        .path
                        .split('/')
                        .map(|s| (!s.starts_with('{')).then_some(s))
                        .collect();
                    (*op, segments)
                })
                .collect(),
        )
    }

    /// The operation of `method` and `path` (the template with the most literal segments
    /// that matches) and the value of its first path parameter (the ticket or the FAQ).
    fn find<'p>(
        &self,
        method: &str,
        path: &'p str,
    ) -> Option<(&'static Operation, Option<&'p str>)> {
        let parts: Vec<&str> = path.split('/').collect();
        self.0
            .iter()
            .filter(|(op, segments)| {
                op.method.as_str() == method
                    && segments.len() == parts.len()
                    && segments
                        .iter()
                        .zip(&parts)
                        .all(|(s, p)| s.map_or(!p.is_empty(), |s| s == *p))
            })
            .max_by_key(|(_, segments)| segments.iter().filter(|s| s.is_some()).count())
            .map(|(op, segments)| {
                let first = segments.iter().position(Option::is_none).map(|i| parts[i]);
                (*op, first)
            })
    }
}

/// What the proxy saw of one request.
#[derive(Debug, Clone)]
struct Record {
    /// The operation, or "" for a request of none.
    op: &'static str,
    /// The first path parameter's value, else the query's `ticket_id` (the ticket of a
    /// messages page or an image).
    key: Option<String>,
    /// When it arrived, from the run's start.
    arrived: f64,
    /// From its arrival to its answer written, seconds.
    took: f64,
    /// The fake server's time to answer it (0 when refused), seconds.
    upstream: f64,
    /// The HTTP status the CLI got.
    status: u16,
    refused: bool,
}

/// What the connection threads share.
struct Shared {
    upstream: SocketAddr,
    router: Router,
    windows: RateWindows<&'static str>,
    /// The start of the current run, for [`Record::arrived`].
    run_started: Mutex<Instant>,
    log: Mutex<Vec<Record>>,
}

/// The latency and rate-limit proxy in front of the fake server.
struct Proxy {
    address: SocketAddr,
    shared: Arc<Shared>,
    stop: Arc<AtomicBool>,
}

impl Proxy {
    fn start(upstream: SocketAddr) -> io::Result<Proxy> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let address = listener.local_addr()?;
        let shared = Arc::new(Shared {
            upstream,
            router: Router::new(),
            windows: RateWindows::new(),
            run_started: Mutex::new(Instant::now()),
            log: Mutex::new(Vec::new()),
        });
        let stop = Arc::new(AtomicBool::new(false));
        let (s, st) = (Arc::clone(&shared), Arc::clone(&stop));
        thread::spawn(move || {
            for stream in listener.incoming() {
                if st.load(Ordering::Relaxed) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let shared = Arc::clone(&s);
                thread::spawn(move || {
                    // A client hanging up mid-request is its business, not the bench's.
                    let _ = serve(stream, &shared);
                });
            }
        });
        Ok(Proxy {
            address,
            shared,
            stop,
        })
    }

    fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Starts a run: its records start empty and their times from now.
    fn start_run(&self) {
        *self
            .shared
            .run_started
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = Instant::now();
        self.take();
    }

    /// The records since the last call.
    fn take(&self) -> Vec<Record> {
        std::mem::take(&mut *self.shared.log.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect(self.address);
    }
}

/// A request as read from the CLI.
struct Request {
    /// The request line and headers as received, blank line included.
    head: Vec<u8>,
    method: String,
    /// The path, without the query.
    path: String,
    /// The query, after `?` (empty without one).
    query: String,
    body: Vec<u8>,
    close: bool,
}

fn invalid(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_string())
}

/// Reads the headers up to the blank line into `head`: the `Content-Length`, whether the
/// body is chunked, and whether `Connection: close`.
fn read_head(
    reader: &mut impl BufRead,
    head: &mut Vec<u8>,
) -> io::Result<(Option<usize>, bool, bool)> {
    let (mut length, mut chunked, mut close) = (None, false, false);
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        head.extend_from_slice(line.as_bytes());
        let text = line.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            return Ok((length, chunked, close));
        }
        if let Some((name, value)) = text.split_once(':') {
            let value = value.trim();
            if name.eq_ignore_ascii_case("content-length") {
                length = Some(value.parse().map_err(|_| invalid("Content-Length"))?);
            } else if name.eq_ignore_ascii_case("transfer-encoding") {
                chunked = value.to_ascii_lowercase().contains("chunked");
            } else if name.eq_ignore_ascii_case("connection") {
                close = value.eq_ignore_ascii_case("close");
            }
        }
    }
}

/// The next request of a connection; `None` when the client closed it.
fn read_request(reader: &mut impl BufRead) -> io::Result<Option<Request>> {
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let mut parts = line.split_whitespace();
    let (method, target) = (
        parts
            .next()
            .ok_or_else(|| invalid("request line"))?
            .to_string(),
        parts.next().ok_or_else(|| invalid("request line"))?,
    );
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let (path, query) = (path.to_string(), query.to_string());
    let mut head = line.clone().into_bytes();
    let (length, chunked, close) = read_head(reader, &mut head)?;
    if chunked {
        return Err(invalid("a chunked request body"));
    }
    let mut body = vec![0; length.unwrap_or(0)];
    reader.read_exact(&mut body)?;
    Ok(Some(Request {
        head,
        method,
        path,
        query,
        body,
        close,
    }))
}

/// Reads one answer of the fake server: its status and the answer to relay, the body
/// whole with a `Content-Length` (a chunked one decoded), and whether the server closes
/// the connection after it.
fn read_response(reader: &mut impl BufRead) -> io::Result<(u16, Vec<u8>, bool)> {
    let mut status_line = String::new();
    if reader.read_line(&mut status_line)? == 0 {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    let status: u16 = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| invalid("status line"))?;
    let mut head = Vec::new();
    let (length, chunked, mut close) = read_head(reader, &mut head)?;
    let mut body = Vec::new();
    if chunked {
        let mut size_line = String::new();
        loop {
            size_line.clear();
            reader.read_line(&mut size_line)?;
            let size = usize::from_str_radix(size_line.trim().split(';').next().unwrap_or(""), 16)
                .map_err(|_| invalid("chunk size"))?;
            if size == 0 {
                // Trailers, up to the blank line.
                read_head(reader, &mut Vec::new())?;
                break;
            }
            let start = body.len();
            body.resize(start + size, 0);
            reader.read_exact(&mut body[start..])?;
            let mut crlf = [0; 2];
            reader.read_exact(&mut crlf)?;
        }
    } else if let Some(length) = length {
        body.resize(length, 0);
        reader.read_exact(&mut body)?;
    } else if !(status == 204 || status == 304 || status < 200) {
        reader.read_to_end(&mut body)?;
        close = true;
    }
    let mut out = status_line.into_bytes();
    for header in String::from_utf8_lossy(&head).split("\r\n") {
        let name = header.split_once(':').map_or("", |(n, _)| n.trim());
        if header.is_empty()
            || [
                "content-length",
                "transfer-encoding",
                "connection",
                "keep-alive",
            ]
            .iter()
            .any(|h| name.eq_ignore_ascii_case(h))
        {
            continue;
        }
        out.extend_from_slice(header.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(format!("content-length: {}\r\n\r\n", body.len()).as_bytes());
    out.extend_from_slice(&body);
    Ok((status, out, close))
}

/// A keep-alive connection to the fake server.
struct Upstream {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
}

/// Sends `request` to the fake server over `slot`'s connection (opened when there is
/// none; opened again, once, when a kept one fails) and reads its answer.
fn forward(
    slot: &mut Option<Upstream>,
    address: SocketAddr,
    request: &Request,
) -> io::Result<(u16, Vec<u8>)> {
    for attempt in 0..2 {
        let reused = slot.is_some();
        let upstream = match slot {
            Some(upstream) => upstream,
            None => {
                let stream = TcpStream::connect(address)?;
                stream.set_nodelay(true)?;
                slot.insert(Upstream {
                    reader: BufReader::with_capacity(64 * 1024, stream.try_clone()?),
                    writer: stream,
                })
            }
        };
        let answer = upstream
            .writer
            .write_all(&request.head)
            .and_then(|()| upstream.writer.write_all(&request.body))
            .and_then(|()| read_response(&mut upstream.reader));
        match answer {
            Ok((status, bytes, close)) => {
                if close {
                    *slot = None;
                }
                return Ok((status, bytes));
            }
            Err(_) if reused && attempt == 0 => *slot = None,
            Err(e) => return Err(e),
        }
    }
    unreachable!("the second attempt returns")
}

/// Relays the requests of one connection of the CLI until it closes it.
fn serve(stream: TcpStream, shared: &Shared) -> io::Result<()> {
    stream.set_nodelay(true)?;
    let mut reader = BufReader::with_capacity(64 * 1024, stream.try_clone()?);
    let mut writer = stream;
    let mut upstream = None;
    while let Some(request) = read_request(&mut reader)? {
        let start = Instant::now();
        let now = shared.windows.now();
        let found = shared.router.find(&request.method, &request.path);
        let limit = found.and_then(|(op, _)| limit_of(op));
        let refused = match (found, limit) {
            (Some((op, _)), Some(limit)) => shared.windows.refuses(op.id, limit, now),
            _ => false,
        };
        let (status, answer, upstream_time) = if refused {
            let mut answer = format!(
                "HTTP/1.1 429 Too Many Requests\r\ncontent-type: application/json\r\n\
                 content-length: {}\r\nx-tt-logid: whole\r\n{}\r\n",
                REFUSAL.len(),
                refusal_headers(now, limit)
            )
            .into_bytes();
            answer.extend_from_slice(REFUSAL);
            (429, answer, Duration::ZERO)
        } else {
            let asked = Instant::now();
            let (status, answer) = forward(&mut upstream, shared.upstream, &request)?;
            (status, answer, asked.elapsed())
        };
        thread::sleep((start + LATENCY).saturating_duration_since(Instant::now()));
        writer.write_all(&answer)?;
        let took = start.elapsed();
        let run_started = *shared.run_started.lock().unwrap_or_else(|e| e.into_inner());
        let record = Record {
            op: found.map_or("", |(op, _)| op.id),
            key: found
                .and_then(|(_, key)| key)
                .or_else(|| query_param(&request.query, "ticket_id"))
                .map(str::to_owned),
            arrived: start.saturating_duration_since(run_started).as_secs_f64(),
            took: took.as_secs_f64(),
            upstream: upstream_time.as_secs_f64(),
            status,
            refused,
        };
        shared
            .log
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(record);
        if request.close {
            writer.shutdown(Shutdown::Both)?;
            return Ok(());
        }
    }
    Ok(())
}

/// One run's figures.
struct WholeRun {
    run: Run,
    records: Vec<Record>,
}

/// Per operation: answered (and of them not 2xx), refused.
fn counts(records: &[Record]) -> BTreeMap<&'static str, (u64, u64, u64)> {
    let mut out: BTreeMap<&'static str, (u64, u64, u64)> = BTreeMap::new();
    for r in records {
        let entry = out.entry(r.op).or_default();
        if r.refused {
            entry.2 += 1;
        } else {
            entry.0 += 1;
            if !(200..300).contains(&r.status) {
                entry.1 += 1;
            }
        }
    }
    out
}

/// The floor of a run: per limited operation `answered / limit`, the largest and its
/// operation.
fn floor(records: &[Record]) -> (Duration, &'static str) {
    counts(records)
        .into_iter()
        .filter_map(|(id, (answered, _, _))| {
            let limit = lark_helpdesk_api::find(id).and_then(limit_of)?;
            Some((answered as f64 / f64::from(limit), id))
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map_or((Duration::ZERO, ""), |(s, id)| {
            (Duration::from_secs_f64(s), id)
        })
}

/// Runs the whole-helpdesk benchmark.
pub(super) fn run(cli: &Path, runs: usize, root: &Path) -> Result<(), String> {
    let scratch = root.join("target/bench-whole");
    fs::create_dir_all(&scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
    for entry in fs::read_dir(&scratch).into_iter().flatten().flatten() {
        if entry.file_name().to_string_lossy().starts_with("cli-") {
            let _ = fs::remove_file(entry.path());
        }
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start a tokio runtime: {e}"))?;
    println!("starting the fake server: a synthetic helpdesk of {TICKETS} tickets...");
    let mock = runtime
        .block_on(
            MockHelpdesk::builder()
                .synthetic_helpdesk(TICKETS)
                .record_requests(false)
                .forget_requests_every(1_000)
                .refresh_gates(false)
                .start(),
        )
        .map_err(|e| format!("cannot start the fake server: {e}"))?;
    let proxy = Proxy::start(mock.address()).map_err(|e| format!("cannot start the proxy: {e}"))?;
    let env: Vec<(&str, String)> = mock
        .env_vars()
        .into_iter()
        .map(|(k, v)| match k {
            "LARK_BASE_URL" | "LARK_ACCOUNTS_URL" => (k, proxy.base_url()),
            _ => (k, v),
        })
        .collect();
    let limits: Vec<String> = ops::ALL
        .iter()
        .filter(|op| op.export.is_some())
        .map(|op| {
            let limit = limit_of(op).unwrap_or(0);
            let source = if op.rate_limit.per_second.is_some() {
                "documented"
            } else {
                "assumed"
            };
            format!("{} {limit} ({source})", op.id)
        })
        .collect();
    println!(
        "latency {} ms; limits per one-second window: {}; the token endpoint none; {runs} runs, medians\n",
        LATENCY.as_millis(),
        limits.join(", ")
    );

    let argv: Vec<String> = vec![
        cli.to_string_lossy().into(),
        "export".into(),
        "--output".into(),
    ];
    let extra: Vec<String> = std::env::var("WHOLE_ARGS")
        .map(|a| a.split_whitespace().map(String::from).collect())
        .unwrap_or_default();
    let mut all = Vec::new();
    for i in 0..runs {
        let dir = scratch.join(format!("export-{i}"));
        let _ = fs::remove_dir_all(&dir);
        let mut argv = argv.clone();
        argv.push(dir.to_string_lossy().into());
        argv.extend(extra.iter().cloned());
        let before: Vec<usize> = ops::ALL.iter().map(|op| mock.requests_of(op.id)).collect();
        proxy.shared.windows.wait_for_phase(phase(i, runs));
        proxy.start_run();
        let timed = run_timed(&argv, &env, &scratch);
        let records = proxy.take();
        let (wall, rss_kib) = timed?;
        check(&mock, &before, &records, &dir)?;
        let _ = fs::remove_dir_all(&dir);
        let (answered, refused) =
            records.iter().fold(
                (0, 0),
                |(a, r), x| if x.refused { (a, r + 1) } else { (a + 1, r) },
            );
        let (f, op) = floor(&records);
        eprintln!(
            "run {}: {:.2} s, floor {:.2} s ({op}), {:.2}x, {refused} of {} refused",
            i + 1,
            wall.as_secs_f64(),
            f.as_secs_f64(),
            wall.as_secs_f64() / f.as_secs_f64(),
            answered + refused
        );
        all.push(WholeRun {
            run: Run {
                wall,
                rss_kib,
                answered,
                refused,
            },
            records,
        });
    }
    report(&all);
    drop(proxy);
    drop(mock);
    Ok(())
}

/// Fails when the export in `dir` lacks a ticket's messages, or the proxy's answered
/// requests of an operation are not those the fake server received since `before`.
fn check(
    mock: &MockHelpdesk,
    before: &[usize],
    records: &[Record],
    dir: &Path,
) -> Result<(), String> {
    let written = fs::read_dir(dir.join("messages")).map_or(0, |d| d.count());
    if written != TICKETS {
        return Err(format!(
            "the export wrote {written} ticket files of {TICKETS}"
        ));
    }
    let counted = counts(records);
    for (op, before) in ops::ALL.iter().zip(before) {
        let received = (mock.requests_of(op.id) - before) as u64;
        let answered = counted.get(op.id).map_or(0, |c| c.0);
        if received != answered {
            return Err(format!(
                "{}: the proxy answered {answered} requests, the fake server received {received}",
                op.id
            ));
        }
    }
    Ok(())
}

/// Prints the table, the floor and where the time of the median run went.
fn report(all: &[WholeRun]) {
    let runs: Vec<Run> = all.iter().map(|r| r.run).collect();
    println!("the whole helpdesk through `export --output DIR` (default command):");
    let median = median_run(&runs);
    // The run whose wall time is the median: its records are the ones analysed.
    let mut order: Vec<usize> = (0..all.len()).collect();
    order.sort_by_key(|&i| all[i].run.wall);
    let middle = &all[order[all.len() / 2]];
    let (floor_time, floor_op) = floor(&middle.records);
    line(
        "lark-helpdesk export (default)",
        &median,
        Some(floor_time),
        "target ≤ 1.15x",
    );
    let requests = median.answered;
    let plain = Run {
        wall: LATENCY * u32::try_from(requests).unwrap_or(u32::MAX),
        rss_kib: 0,
        answered: requests,
        refused: 0,
    };
    line(
        "plain loop, one request after another (computed)",
        &plain,
        Some(floor_time),
        "requests × latency",
    );
    println!(
        "  CLI against the plain loop: {:.1}x faster",
        plain.wall.as_secs_f64() / median.wall.as_secs_f64()
    );

    println!(
        "\nthe floor: max over operations of answered / limit = {:.2} s ({floor_op}); per operation, the run of the median wall time ({:.2} s):",
        floor_time.as_secs_f64(),
        middle.run.wall.as_secs_f64()
    );
    println!(
        "  {:<32} {:>8} {:>7} {:>7} {:>6} {:>9} {:>15} {:>9} {:>9} {:>9}",
        "operation",
        "answered",
        "not 2xx",
        "refused",
        "limit",
        "floor",
        "active (s)",
        "rate/s",
        "in flight",
        "peak"
    );
    let mut by_op: BTreeMap<&str, Vec<&Record>> = BTreeMap::new();
    for r in &middle.records {
        by_op.entry(r.op).or_default().push(r);
    }
    let counted = counts(&middle.records);
    for (op, records) in &by_op {
        let (answered, not_ok, refused) = counted[op];
        let limit = lark_helpdesk_api::find(op).and_then(limit_of);
        let first = records
            .iter()
            .map(|r| r.arrived)
            .fold(f64::INFINITY, f64::min);
        let last = records
            .iter()
            .map(|r| r.arrived + r.took)
            .fold(0.0, f64::max);
        let span = (last - first).max(1e-9);
        let busy: f64 = records.iter().map(|r| r.took).sum();
        println!(
            "  {:<32} {answered:>8} {not_ok:>7} {refused:>7} {:>6} {:>9} {:>15} {:>9.1} {:>9.1} {:>9}",
            if op.is_empty() { "(no operation)" } else { op },
            limit.map_or("-".into(), |l| l.to_string()),
            limit.map_or("-".into(), |l| format!(
                "{:.2} s",
                answered as f64 / f64::from(l)
            )),
            format!("{first:.1}-{last:.1}"),
            answered as f64 / span,
            busy / span,
            peak_in_flight(records),
        );
    }
    let upstream: Vec<f64> = middle
        .records
        .iter()
        .filter(|r| !r.refused)
        .map(|r| r.upstream)
        .collect();
    let late = middle
        .records
        .iter()
        .filter(|r| r.took > LATENCY.as_secs_f64() + 0.005)
        .count();
    println!(
        "  the fake server's time per request: mean {:.2} ms, max {:.1} ms; answers later than the latency + 5 ms: {late} of {}",
        1000.0 * upstream.iter().sum::<f64>() / upstream.len().max(1) as f64,
        1000.0 * upstream.iter().copied().fold(0.0, f64::max),
        middle.records.len()
    );
    timeline(&middle.records);
}

/// The most requests of `records` in flight at once.
fn peak_in_flight(records: &[&Record]) -> usize {
    let mut events: Vec<(f64, i32)> = records
        .iter()
        .flat_map(|r| [(r.arrived, 1), (r.arrived + r.took, -1)])
        .collect();
    events.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let (mut now, mut peak) = (0i32, 0i32);
    for (_, delta) in events {
        now += delta;
        peak = peak.max(now);
    }
    usize::try_from(peak).unwrap_or(0)
}

/// A ticket's requests: first arrival, last answer (seconds from the run's start),
/// message pages, images.
type Span = (f64, f64, u32, u32);

/// Ten-second steps: images and message pages answered a second, the tickets whose
/// requests span the step; then the tickets that finished last.
fn timeline(records: &[Record]) {
    const STEP: f64 = 10.0;
    let end = records
        .iter()
        .map(|r| r.arrived + r.took)
        .fold(0.0, f64::max);
    let steps = (end / STEP).ceil() as usize;
    let mut images = vec![0u32; steps.max(1)];
    let mut pages = vec![0u32; steps.max(1)];
    let mut tickets: HashMap<&str, Span> = HashMap::new();
    for r in records.iter().filter(|r| !r.refused) {
        let step = ((r.arrived / STEP) as usize).min(steps.max(1) - 1);
        let Some(key) = r.key.as_deref() else {
            continue;
        };
        let (image, page) = (
            r.op == ops::GET_TICKET_IMAGE.id,
            r.op == ops::LIST_TICKET_MESSAGES.id,
        );
        if image {
            images[step] += 1;
        } else if page {
            pages[step] += 1;
        } else {
            continue;
        }
        let t = tickets.entry(key).or_insert((f64::INFINITY, 0.0, 0, 0));
        t.0 = t.0.min(r.arrived);
        t.1 = t.1.max(r.arrived + r.took);
        t.2 += u32::from(page);
        t.3 += u32::from(image);
    }
    println!(
        "\ntimeline, {STEP:.0} s steps (answered a second; tickets with requests before and after the step's middle):"
    );
    let row = |name: &str, values: Vec<String>| println!("  {name:<18} {}", values.join(" "));
    row(
        "from (s)",
        (0..steps)
            .map(|i| format!("{:>4}", i * STEP as usize))
            .collect(),
    );
    row(
        "images/s",
        images
            .iter()
            .map(|n| format!("{:>4.0}", f64::from(*n) / STEP))
            .collect(),
    );
    row(
        "message pages/s",
        pages
            .iter()
            .map(|n| format!("{:>4.0}", f64::from(*n) / STEP))
            .collect(),
    );
    row(
        "tickets open",
        (0..steps)
            .map(|i| {
                let middle = (i as f64 + 0.5) * STEP;
                let open = tickets
                    .values()
                    .filter(|t| t.0 <= middle && t.1 >= middle)
                    .count();
                format!("{open:>4}")
            })
            .collect(),
    );
    let mut last: Vec<(&&str, &Span)> = tickets.iter().collect();
    last.sort_by(|a, b| b.1.1.total_cmp(&a.1.1));
    println!(
        "  the tickets that finished last (first request - last answer, message pages, images):"
    );
    for (id, (first, end, pages, images)) in last.iter().take(5) {
        println!(
            "    {id}: {first:.1}-{end:.1} s ({:.1} s), {pages} pages, {images} images",
            end - first
        );
    }
    let mut biggest: Vec<_> = tickets.iter().collect();
    biggest.sort_by_key(|(_, t)| std::cmp::Reverse(t.2 + t.3));
    println!("  the tickets of the most requests:");
    for (id, (first, end, pages, images)) in biggest.iter().take(5) {
        println!(
            "    {id}: {first:.1}-{end:.1} s ({:.1} s), {pages} pages, {images} images",
            end - first
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_routed_to_their_operation() {
        let router = Router::new();
        let (op, key) = router
            .find("GET", "/open-apis/helpdesk/v1/tickets/123/messages")
            .unwrap();
        assert_eq!((op.id, key), ("list_ticket_messages", Some("123")));
        let (op, _) = router
            .find("GET", "/open-apis/helpdesk/v1/tickets")
            .unwrap();
        assert_eq!(op.id, "list_tickets");
        assert_eq!(
            router.find("GET", ops::GET_TICKET_IMAGE.path).unwrap().0.id,
            "get_ticket_image"
        );
        let token = router
            .find("POST", "/open-apis/auth/v3/tenant_access_token/internal")
            .unwrap()
            .0;
        assert_eq!(limit_of(token), None);
        assert!(router.find("GET", "/nowhere").is_none());
        // Every operation of an export is found by its own template, and limited.
        for op in ops::ALL.iter().filter(|op| op.export.is_some()) {
            let path = op.path.replace('{', "x").replace('}', "");
            assert_eq!(router.find(op.method.as_str(), &path).unwrap().0.id, op.id);
            assert!(limit_of(op).is_some());
        }
        assert_eq!(limit_of(&ops::LIST_TICKETS), Some(50));
        assert_eq!(limit_of(&ops::GET_TICKET_IMAGE), Some(50));
        assert_eq!(limit_of(&ops::LIST_TICKET_MESSAGES), Some(20));
        assert_eq!(limit_of(&ops::GET_FAQ_IMAGE), Some(20));
    }

    #[test]
    fn answers_are_relayed_whole_with_a_length() {
        let chunked = b"HTTP/1.1 200 OK\r\ncontent-type: image/png\r\ntransfer-encoding: chunked\r\n\r\n3\r\n\x89PN\r\n1\r\nG\r\n0\r\n\r\n";
        let (status, out, close) = read_response(&mut &chunked[..]).unwrap();
        assert_eq!((status, close), (200, false));
        assert_eq!(
            out,
            b"HTTP/1.1 200 OK\r\ncontent-type: image/png\r\ncontent-length: 4\r\n\r\n\x89PNG"
        );
        let sized =
            b"HTTP/1.1 401 Unauthorized\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}";
        let (status, out, close) = read_response(&mut &sized[..]).unwrap();
        assert_eq!((status, close), (401, true));
        assert!(out.ends_with(b"content-length: 2\r\n\r\n{}"));
    }

    #[test]
    fn the_floor_is_the_slowest_operation_at_its_limit() {
        let record = |op: &'static str, refused| Record {
            op,
            key: None,
            arrived: 0.0,
            took: 0.1,
            upstream: 0.0,
            status: 200,
            refused,
        };
        let mut records = vec![record("list_ticket_messages", false); 40];
        records.extend(vec![record("get_ticket_image", false); 150]);
        records.extend(vec![record("get_ticket_image", true); 500]);
        records.push(record("tenant_access_token_internal", false));
        let (f, op) = floor(&records);
        assert_eq!((f, op), (Duration::from_secs(3), "get_ticket_image"));
    }
}
