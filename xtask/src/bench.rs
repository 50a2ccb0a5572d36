//! `cargo xtask bench`: how fast `lark-helpdesk messages <ticket> --all --format ndjson`
//! exports a big ticket, against the floor of the transfer alone.
//!
//! # What it measures
//!
//! For each ticket size (10,000 and 100,000 messages by default) the bench:
//!
//! 1. generates the messages with [`lark_helpdesk_mock::generate_messages`] and serializes
//!    each page of [`PAGE_SIZE`] **once**, as the platform's envelope
//!    `{"code":0,"msg":"success","data":{"messages":[...],"total":N}}`, into memory;
//! 2. serves those bytes from a [static loopback server](StaticServer) inside this
//!    process;
//! 3. times, in the same run and interleaved so that they share the machine's noise:
//!    - the release CLI, `lark-helpdesk messages <ticket> --all --format ndjson >
//!      /dev/null`, which fetches, decodes and re-encodes every page;
//!    - `curl` fetching the same pages over one keep-alive connection into `/dev/null`
//!      (transfer only: the floor any client of this server can reach);
//! 4. prints the medians, the ratio CLI / curl and the peak resident memory of each
//!    (`/usr/bin/time -v`) against the targets: **ratio ≤ 1.5** and **peak RSS ≤ 32 MiB**
//!    at both sizes (a memory use that does not grow with the ticket).
//!
//! Every size is also run with `--concurrency 4` (and curl with `--parallel-max 4`) as a
//! second row, for reference: the speed target is on the command as the issue gives it,
//! which runs at the CLI's default concurrency, 1. Before the timed runs, one untimed run checks that the CLI exits with 0
//! and prints exactly one NDJSON line per message.
//!
//! # Why the server is not the bottleneck
//!
//! The server does no work per request beyond parsing the request line and headers and
//! writing prebuilt bytes: no serialization, no auth check, no allocation of the body.
//! To show it rather than claim it, the server adds up, over every request and
//! connection thread, two times, printed as shares of each run's wall time:
//!
//! - **server CPU**: the CPU time of the serving thread from the request line read to the
//!   response written (`CLOCK_THREAD_CPUTIME_ID`): the server's actual work;
//! - **server busy**: the wall time of the same span, an upper bound, which also counts
//!   the time `write` blocks while the client has not yet read the previous bytes.
//!
//! A share near 100 % would mean the client waits for the server; a small one means
//! the time is the client's. The curl row is the second witness: curl fetches the same
//! bytes from the same server, so the server can be no slower than the curl time.
//!
//! The workspace builds this crate with `opt-level = 3` even in the dev profile
//! (`[profile.dev.package.xtask]`), so `cargo xtask bench` serves from optimized code.
//!
//! Wall times are measured here with [`Instant`] around the `/usr/bin/time` process
//! (its own "Elapsed (wall clock)" line only has centiseconds); peak memory is time's
//! "Maximum resident set size".

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use lark_helpdesk_api::types::{TicketMessagesData, TicketMessagesResponse};

use crate::workspace_root;

/// Messages per page: the API's maximum, and what the CLI asks for with `--all`.
pub(crate) const PAGE_SIZE: usize = 200;
/// The ticket the server holds (any other ticket gets a 404).
const TICKET_ID: &str = "7000000000000000001";
/// The seed of the synthetic messages (fixed, so every run serves the same bytes).
const SEED: u64 = 0x00be_7c11;
/// The tenant access token the CLI and curl send (the server does not check it).
const TOKEN: &str = "t-bench";
/// The helpdesk id and token given to the CLI.
const HELPDESK_ID: &str = "bench";
/// See [`HELPDESK_ID`].
const HELPDESK_TOKEN: &str = "bench-token";
/// `base64("bench:bench-token")`: the helpdesk header curl sends, as the CLI does.
const HELPDESK_HEADER: &str = "YmVuY2g6YmVuY2gtdG9rZW4=";
/// The path of the token endpoint.
const TOKEN_PATH: &str = "/open-apis/auth/v3/tenant_access_token/internal";
/// The fixed answer of the token endpoint.
const TOKEN_ANSWER: &[u8] =
    br#"{"code":0,"msg":"ok","tenant_access_token":"t-bench","expire":7200}"#;
/// The body of every 404.
const NOT_FOUND: &[u8] = br#"{"code":404,"msg":"not found"}"#;
/// The body of a messages request the server cannot answer (bad page or page size).
const BAD_REQUEST: &[u8] = br#"{"code":99992402,"msg":"field validation failed"}"#;
/// The peak memory target of the CLI, at every size.
const RSS_TARGET_MIB: f64 = 32.0;
/// The speed target: CLI wall time at most this many times curl's.
const RATIO_TARGET: f64 = 1.5;
/// `/usr/bin/time`, which reports the peak memory of its child.
const TIME: &str = "/usr/bin/time";

const USAGE: &str = "usage: cargo xtask bench [--messages N]... [--runs R] [--concurrency C]...
  --messages N     ticket size, repeatable (default: 10000 and 100000)
  --runs R         timed runs of each client per size and concurrency (default: 5)
  --concurrency C  CLI --concurrency and curl --parallel-max, repeatable (default: 1 and 4)
  --serve          only serve the (first) ticket size until killed, printing the CLI's
                   environment: to profile the CLI by hand (perf, valgrind)";

/// Runs `cargo xtask bench` with the arguments after `bench`.
pub fn run(args: &[String]) -> Result<(), String> {
    let options = Options::parse(args)?;
    if options.serve {
        return serve_forever(options.sizes[0]);
    }
    let cli = build_cli()?;
    println!("CLI: {}", cli.display());
    if cfg!(debug_assertions) {
        println!(
            "note: this xtask (and so the static server) is a debug build; its CPU share below \
             is higher than an optimized server's, which raises the curl floor a little \
             (in the CLI's favour). For the tightest floor: cargo run --release -p xtask -- bench"
        );
    }
    let mut summary = Vec::new();
    for &messages in &options.sizes {
        summary.extend(bench_size(&cli, messages, &options)?);
    }
    print_summary(&summary);
    Ok(())
}

/// The command-line options of `bench`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Options {
    /// Ticket sizes, in messages.
    sizes: Vec<usize>,
    /// Timed runs per client, size and concurrency.
    runs: usize,
    /// Concurrencies to run at.
    concurrencies: Vec<u16>,
    /// Only serve the first size, until killed.
    serve: bool,
}

impl Options {
    /// Parses the arguments after `bench`.
    fn parse(args: &[String]) -> Result<Self, String> {
        let mut options = Options {
            sizes: Vec::new(),
            runs: 5,
            concurrencies: Vec::new(),
            serve: false,
        };
        let mut args = args.iter();
        while let Some(flag) = args.next() {
            let mut value = |what: &str| {
                args.next()
                    .and_then(|v| v.parse::<usize>().ok())
                    .filter(|&v| v > 0)
                    .ok_or_else(|| format!("{flag} needs a positive {what}\n\n{USAGE}"))
            };
            match flag.as_str() {
                "--messages" => options.sizes.push(value("number of messages")?),
                "--runs" => options.runs = value("number of runs")?,
                "--concurrency" => {
                    let c = value("concurrency")?;
                    let c = u16::try_from(c)
                        .ok()
                        .filter(|c| *c <= 64)
                        .ok_or_else(|| format!("--concurrency is at most 64\n\n{USAGE}"))?;
                    options.concurrencies.push(c);
                }
                "--serve" => options.serve = true,
                "--help" | "-h" => return Err(USAGE.to_string()),
                other => return Err(format!("unexpected argument {other:?}\n\n{USAGE}")),
            }
        }
        if options.sizes.is_empty() {
            options.sizes = vec![10_000, 100_000];
        }
        if options.concurrencies.is_empty() {
            options.concurrencies = vec![1, 4];
        }
        Ok(options)
    }
}

/// Builds the release CLI (cargo's output streams to the terminal) and returns the path
/// of the binary, as cargo reports it (so a shared `CARGO_TARGET_DIR` is honoured).
fn build_cli() -> Result<PathBuf, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    eprintln!("building: cargo build --release -p lark-helpdesk-cli");
    let output = Command::new(cargo)
        .current_dir(workspace_root())
        .args([
            "build",
            "--release",
            "-p",
            "lark-helpdesk-cli",
            "--message-format=json-render-diagnostics",
        ])
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err(format!("cargo build failed ({})", output.status));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|v| v["reason"] == "compiler-artifact")
        .filter_map(|v| v["executable"].as_str().map(PathBuf::from))
        .find(|path| path.file_stem().is_some_and(|s| s == "lark-helpdesk"))
        .ok_or_else(|| "cargo built no lark-helpdesk executable".to_string())
}

// ---------------------------------------------------------------------------------------
// The pages
// ---------------------------------------------------------------------------------------

/// The serialized pages of one synthetic ticket.
#[derive(Debug)]
pub(crate) struct Pages {
    /// Page `p` (from 1) is `bodies[p - 1]`.
    bodies: Vec<Vec<u8>>,
    /// The envelope of a page past the end: no messages, the same total.
    empty: Vec<u8>,
    /// The number of messages of the ticket.
    messages: usize,
}

impl Pages {
    /// Generates `messages` synthetic messages and serializes them, [`PAGE_SIZE`] to a
    /// page, each page once.
    pub(crate) fn generate(messages: usize) -> Self {
        let all = lark_helpdesk_mock::generate_messages(messages, SEED);
        let total = i64::try_from(messages).expect("a ticket size fits in i64");
        let envelope = |page: &[lark_helpdesk_api::types::TicketMessage]| {
            serde_json::to_vec(&TicketMessagesResponse {
                code: 0,
                msg: Some("success".into()),
                data: Some(TicketMessagesData {
                    messages: Some(page.to_vec()),
                    total: Some(total),
                }),
                error: None,
            })
            .expect("generated messages serialize")
        };
        Pages {
            bodies: all.chunks(PAGE_SIZE).map(envelope).collect(),
            empty: envelope(&[]),
            messages,
        }
    }

    /// The body of page `page` (from 1): the empty envelope past the end.
    fn page(&self, page: usize) -> &[u8] {
        page.checked_sub(1)
            .and_then(|i| self.bodies.get(i))
            .map_or(&self.empty, Vec::as_slice)
    }

    /// The number of pages holding messages.
    fn count(&self) -> usize {
        self.bodies.len()
    }

    /// The bytes of every page holding messages.
    fn total_bytes(&self) -> u64 {
        self.bodies.iter().map(|b| b.len() as u64).sum()
    }
}

/// The path of the ticket's messages.
fn messages_path() -> String {
    format!("/open-apis/helpdesk/v1/tickets/{TICKET_ID}/messages")
}

// ---------------------------------------------------------------------------------------
// The static server
// ---------------------------------------------------------------------------------------

/// An HTTP request as far as the static server reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RequestLine<'a> {
    /// `GET`, `POST`, ...
    method: &'a str,
    /// The path, without the query.
    path: &'a str,
    /// The query (after `?`), empty when there is none.
    query: &'a str,
}

/// Parses `GET /path?query HTTP/1.1` (with or without the line ending).
fn parse_request_line(line: &str) -> Option<RequestLine<'_>> {
    let mut parts = line.trim_end_matches(['\r', '\n']).split(' ');
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || !version.starts_with("HTTP/1.") || method.is_empty() {
        return None;
    }
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    Some(RequestLine {
        method,
        path,
        query,
    })
}

/// The value of `name` in `query` (`a=1&b=2`), undecoded: the server's parameters are
/// plain numbers.
fn query_param<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('=').or(Some((pair, ""))))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// What the server answers: a status and a body it already holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Response<'a> {
    /// The HTTP status code.
    status: u16,
    /// The JSON body.
    body: &'a [u8],
}

/// The answer to `request`: the token, a page of `pages`, or an error.
fn route<'a>(request: &RequestLine<'_>, pages: &'a Pages) -> Response<'a> {
    let not_found = Response {
        status: 404,
        body: NOT_FOUND,
    };
    match request.method {
        "POST" if request.path == TOKEN_PATH => Response {
            status: 200,
            body: TOKEN_ANSWER,
        },
        "GET" if request.path == messages_path() => {
            let number = |name| query_param(request.query, name).map(str::parse::<usize>);
            match (number("page"), number("page_size")) {
                (Some(Ok(page)), Some(Ok(PAGE_SIZE))) if page >= 1 => Response {
                    status: 200,
                    body: pages.page(page),
                },
                _ => Response {
                    status: 400,
                    body: BAD_REQUEST,
                },
            }
        }
        _ => not_found,
    }
}

/// The reason phrase of the statuses the server answers with.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        _ => "Not Found",
    }
}

/// How much work the server did, counted by every connection thread.
#[derive(Debug, Default)]
pub(crate) struct ServerStats {
    /// Wall nanoseconds from request line read to response written, summed.
    busy_nanos: AtomicU64,
    /// CPU nanoseconds of the serving thread over the same spans, summed.
    cpu_nanos: AtomicU64,
    /// Requests answered.
    requests: AtomicU64,
}

/// What [`ServerStats`] counted over a span of time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct ServerUsage {
    /// Wall time spent answering (including writes blocked on a slow reader).
    busy: Duration,
    /// CPU time spent answering.
    cpu: Duration,
    /// Requests answered.
    requests: u64,
}

impl ServerStats {
    /// Zeroes the counters, returning what they counted until now.
    fn take(&self) -> ServerUsage {
        let nanos = |counter: &AtomicU64| Duration::from_nanos(counter.swap(0, Ordering::Relaxed));
        ServerUsage {
            busy: nanos(&self.busy_nanos),
            cpu: nanos(&self.cpu_nanos),
            requests: self.requests.swap(0, Ordering::Relaxed),
        }
    }

    /// Counts one request that took `busy` of wall time and `cpu` of CPU time.
    fn record(&self, busy: Duration, cpu: Duration) {
        let nanos = |d: Duration| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX);
        self.busy_nanos.fetch_add(nanos(busy), Ordering::Relaxed);
        self.cpu_nanos.fetch_add(nanos(cpu), Ordering::Relaxed);
        self.requests.fetch_add(1, Ordering::Relaxed);
    }
}

/// The CPU time the calling thread has used so far.
#[cfg(unix)]
#[allow(unsafe_code)]
fn thread_cpu_time() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `clock_gettime` only writes the `timespec` it is given, which outlives it.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    if rc != 0 {
        return Duration::ZERO;
    }
    let secs = u64::try_from(now.tv_sec).unwrap_or(0);
    let nanos = u32::try_from(now.tv_nsec).unwrap_or(0);
    Duration::new(secs, nanos)
}

/// The CPU time the calling thread has used so far (not measured off Unix: zero).
#[cfg(not(unix))]
fn thread_cpu_time() -> Duration {
    Duration::ZERO
}

/// A loopback HTTP/1.1 server of prebuilt pages: a thread per connection, keep-alive,
/// no auth check. Stops accepting when dropped.
pub(crate) struct StaticServer {
    /// Where it listens.
    addr: SocketAddr,
    /// Its busy time and request count.
    stats: Arc<ServerStats>,
    /// Set on drop, to end the accept loop.
    stop: Arc<AtomicBool>,
}

impl StaticServer {
    /// Starts serving `pages` on `127.0.0.1` on a free port.
    pub(crate) fn start(pages: Arc<Pages>) -> io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let stats = Arc::new(ServerStats::default());
        let stop = Arc::new(AtomicBool::new(false));
        let (thread_stats, thread_stop) = (Arc::clone(&stats), Arc::clone(&stop));
        thread::spawn(move || {
            let log_ids = Arc::new(AtomicU64::new(1));
            for stream in listener.incoming() {
                if thread_stop.load(Ordering::Relaxed) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (pages, stats, log_ids) = (
                    Arc::clone(&pages),
                    Arc::clone(&thread_stats),
                    Arc::clone(&log_ids),
                );
                thread::spawn(move || {
                    // A client hanging up mid-request is its business, not the bench's.
                    let _ = serve_connection(stream, &pages, &stats, &log_ids);
                });
            }
        });
        Ok(StaticServer { addr, stats, stop })
    }

    /// The base URL, `http://127.0.0.1:port`.
    pub(crate) fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect(self.addr);
    }
}

/// Answers the requests of one connection until the client closes it.
fn serve_connection(
    stream: TcpStream,
    pages: &Pages,
    stats: &ServerStats,
    log_ids: &AtomicU64,
) -> io::Result<()> {
    stream.set_nodelay(true)?;
    let mut reader = BufReader::with_capacity(16 * 1024, stream.try_clone()?);
    let mut writer = stream;
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        // Busy from here: the request line is in, the rest is the server's work.
        let (start, cpu_start) = (Instant::now(), thread_cpu_time());
        let (content_length, close) = read_headers(&mut reader)?;
        let mut body = vec![0; content_length];
        reader.read_exact(&mut body)?;
        let response = match parse_request_line(&line) {
            Some(request) => route(&request, pages),
            None => Response {
                status: 400,
                body: BAD_REQUEST,
            },
        };
        let log_id = log_ids.fetch_add(1, Ordering::Relaxed);
        let head = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: application/json; charset=utf-8\r\n\
             Content-Length: {}\r\nX-Tt-Logid: 2026112620{log_id:012}\r\n\r\n",
            response.status,
            reason(response.status),
            response.body.len(),
        );
        writer.write_all(head.as_bytes())?;
        writer.write_all(response.body)?;
        stats.record(start.elapsed(), thread_cpu_time().saturating_sub(cpu_start));
        if close {
            writer.shutdown(Shutdown::Both)?;
            return Ok(());
        }
    }
}

/// Reads the headers up to the blank line: `(Content-Length, Connection: close)`.
fn read_headers(reader: &mut impl BufRead) -> io::Result<(usize, bool)> {
    let (mut content_length, mut close) = (0, false);
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            return Ok((content_length, close));
        }
        if let Some((name, value)) = line.split_once(':') {
            let value = value.trim();
            if name.eq_ignore_ascii_case("content-length") {
                content_length = value
                    .parse()
                    .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "Content-Length"))?;
            } else if name.eq_ignore_ascii_case("connection") {
                close = value.eq_ignore_ascii_case("close");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Running and timing the clients
// ---------------------------------------------------------------------------------------

/// What `/usr/bin/time -v` says of a run.
#[derive(Debug, Clone, Copy, PartialEq)]
struct TimeReport {
    /// "Elapsed (wall clock) time".
    wall: Duration,
    /// "Maximum resident set size", in KiB.
    max_rss_kib: u64,
    /// "User time" + "System time".
    cpu: Duration,
}

/// Parses the output of `/usr/bin/time -v`.
fn parse_time_report(text: &str) -> Option<TimeReport> {
    let value = |label: &str| {
        text.lines()
            .map(str::trim)
            .find(|line| line.starts_with(label))
            .and_then(|line| line.rsplit_once(": "))
            .map(|(_, value)| value.trim())
    };
    let seconds = |label: &str| {
        value(label)?
            .parse::<f64>()
            .ok()
            .filter(|s| s.is_finite() && *s >= 0.0)
            .map(Duration::from_secs_f64)
    };
    Some(TimeReport {
        wall: parse_clock(value("Elapsed (wall clock) time")?)?,
        max_rss_kib: value("Maximum resident set size")?.parse().ok()?,
        cpu: seconds("User time (seconds)")? + seconds("System time (seconds)")?,
    })
}

/// Parses time's wall clock: `m:ss.cc` (under an hour) or `h:mm:ss`.
fn parse_clock(text: &str) -> Option<Duration> {
    let parts: Vec<&str> = text.split(':').collect();
    let (hours, minutes, seconds) = match parts.as_slice() {
        [m, s] => ("0", *m, *s),
        [h, m, s] => (*h, *m, *s),
        _ => return None,
    };
    let hours: u64 = hours.parse().ok()?;
    let minutes: u64 = minutes.parse().ok()?;
    let seconds: f64 = seconds.parse().ok()?;
    if !(seconds.is_finite() && seconds >= 0.0) {
        return None;
    }
    Some(Duration::from_secs(hours * 3600 + minutes * 60) + Duration::from_secs_f64(seconds))
}

/// One timed run of a client.
#[derive(Debug, Clone, Copy)]
struct Sample {
    /// Wall time, measured here around `/usr/bin/time`.
    wall: Duration,
    /// Peak resident memory, KiB.
    max_rss_kib: u64,
    /// User + system CPU time of the client.
    cpu: Duration,
    /// What the server did during the run.
    server: ServerUsage,
}

/// A client command to time: program, arguments and environment.
struct Client {
    /// Name in messages ("CLI", "curl").
    name: &'static str,
    /// The program and its arguments.
    argv: Vec<String>,
    /// Variables to set in the child.
    env: Vec<(&'static str, String)>,
}

impl Client {
    /// A `Command` running this client behind `wrapper` (a program and its arguments, or
    /// nothing), with the bench's environment: the `LARK_*` and `RUST_LOG` of the caller
    /// removed, the client's own set.
    fn command(&self, wrapper: &[&str]) -> Command {
        let mut argv = wrapper
            .iter()
            .copied()
            .chain(self.argv.iter().map(String::as_str));
        let mut command = Command::new(argv.next().expect("a client has a program"));
        command.args(argv);
        for (name, _) in std::env::vars_os() {
            let text = name.to_string_lossy();
            if text.starts_with("LARK_") || text == "RUST_LOG" {
                command.env_remove(&name);
            }
        }
        command.envs(self.env.iter().map(|(k, v)| (k, v)));
        command
    }

    /// Runs the client under `/usr/bin/time -v`, stdout to `/dev/null`.
    fn time(&self, server: &StaticServer, scratch: &Path) -> Result<Sample, String> {
        let report_file = scratch.join("time.txt");
        let report = report_file.to_string_lossy().into_owned();
        server.stats.take();
        let start = Instant::now();
        let output = self
            .command(&[TIME, "-v", "-o", &report])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .map_err(|e| format!("cannot run {TIME}: {e}"))?;
        let wall = start.elapsed();
        let server_usage = server.stats.take();
        if !output.status.success() {
            return Err(failure(self.name, &output));
        }
        let text = fs::read_to_string(&report_file)
            .map_err(|e| format!("cannot read {}: {e}", report_file.display()))?;
        let report = parse_time_report(&text)
            .ok_or_else(|| format!("cannot read /usr/bin/time's report:\n{text}"))?;
        Ok(Sample {
            wall,
            max_rss_kib: report.max_rss_kib,
            cpu: report.cpu,
            server: server_usage,
        })
    }

    /// Runs the client once, untimed, and counts the lines it prints.
    fn count_lines(&self) -> Result<u64, String> {
        let mut child = self
            .command(&[])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", self.name))?;
        let mut stdout = child.stdout.take().expect("piped");
        let mut buffer = vec![0; 64 * 1024];
        let mut lines = 0u64;
        loop {
            let n = stdout
                .read(&mut buffer)
                .map_err(|e| format!("reading the output of {}: {e}", self.name))?;
            if n == 0 {
                break;
            }
            lines += buffer[..n].iter().filter(|&&b| b == b'\n').count() as u64;
        }
        let output = child
            .wait_with_output()
            .map_err(|e| format!("waiting for {}: {e}", self.name))?;
        if !output.status.success() {
            return Err(failure(self.name, &output));
        }
        Ok(lines)
    }
}

/// The CLI exporting the whole ticket as NDJSON from `server`.
fn cli_client(cli: &Path, server: &StaticServer, concurrency: u16) -> Client {
    let mut argv = vec![
        cli.to_string_lossy().into_owned(),
        "messages".into(),
        TICKET_ID.into(),
        "--all".into(),
        "--format".into(),
        "ndjson".into(),
    ];
    if concurrency > 1 {
        argv.extend(["--concurrency".into(), concurrency.to_string()]);
    }
    Client {
        name: "CLI",
        argv,
        env: vec![
            ("LARK_BASE_URL", server.base_url()),
            ("LARK_TENANT_ACCESS_TOKEN", TOKEN.into()),
            ("LARK_HELPDESK_ID", HELPDESK_ID.into()),
            ("LARK_HELPDESK_TOKEN", HELPDESK_TOKEN.into()),
        ],
    }
}

/// The text of a curl config (`curl -K`) fetching pages `1..=pages` from `base_url`
/// into `/dev/null`, `concurrency` at a time (one keep-alive connection when 1).
fn curl_config(base_url: &str, pages: usize, concurrency: u16) -> String {
    let mut config = String::from("silent\nshow-error\nfail\n");
    let _ = writeln!(config, "header = \"Authorization: Bearer {TOKEN}\"");
    let _ = writeln!(
        config,
        "header = \"X-Lark-Helpdesk-Authorization: {HELPDESK_HEADER}\""
    );
    if concurrency > 1 {
        let _ = writeln!(config, "parallel\nparallel-max = {concurrency}");
    }
    for page in 1..=pages {
        let _ = writeln!(
            config,
            "url = \"{base_url}{}?page={page}&page_size={PAGE_SIZE}\"\noutput = \"/dev/null\"",
            messages_path()
        );
    }
    config
}

/// curl fetching every page of `pages` from `server`, with its config written under
/// `scratch`.
fn curl_client(
    server: &StaticServer,
    pages: &Pages,
    concurrency: u16,
    scratch: &Path,
) -> Result<Client, String> {
    let file = scratch.join(format!("pages-{}-c{concurrency}.curl", pages.messages));
    fs::write(
        &file,
        curl_config(&server.base_url(), pages.count(), concurrency),
    )
    .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    Ok(Client {
        name: "curl",
        argv: vec!["curl".into(), "-K".into(), file.to_string_lossy().into()],
        env: Vec::new(),
    })
}

// ---------------------------------------------------------------------------------------
// The report
// ---------------------------------------------------------------------------------------

/// The median of `values` (the mean of the two middle ones for an even count); 0 for
/// none.
fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// The result of one size at one concurrency.
#[derive(Debug, Clone)]
struct Row {
    /// Messages of the ticket.
    messages: usize,
    /// The CLI's `--concurrency`.
    concurrency: u16,
    /// Bytes of all pages.
    bytes: u64,
    /// The CLI's runs.
    cli: Vec<Sample>,
    /// curl's runs.
    curl: Vec<Sample>,
}

impl Row {
    /// Median wall seconds of `samples`.
    fn median_wall(samples: &[Sample]) -> f64 {
        median(
            &samples
                .iter()
                .map(|s| s.wall.as_secs_f64())
                .collect::<Vec<_>>(),
        )
    }

    /// Highest peak RSS of `samples`, MiB.
    fn peak_mib(samples: &[Sample]) -> f64 {
        samples.iter().map(|s| s.max_rss_kib).max().unwrap_or(0) as f64 / 1024.0
    }

    /// Median share of the run's wall time that `of` (a server time) took, in percent.
    fn server_percent(samples: &[Sample], of: impl Fn(&ServerUsage) -> Duration) -> f64 {
        let shares: Vec<f64> = samples
            .iter()
            .map(|s| 100.0 * of(&s.server).as_secs_f64() / s.wall.as_secs_f64().max(1e-9))
            .collect();
        median(&shares)
    }

    /// Median CPU seconds (user + system) of `samples`.
    fn median_cpu(samples: &[Sample]) -> f64 {
        median(
            &samples
                .iter()
                .map(|s| s.cpu.as_secs_f64())
                .collect::<Vec<_>>(),
        )
    }

    /// CLI median / curl median.
    fn ratio(&self) -> f64 {
        Self::median_wall(&self.cli) / Self::median_wall(&self.curl).max(1e-9)
    }
}

/// Prints the table of one size.
fn print_rows(rows: &[Row]) {
    let Some(first) = rows.first() else { return };
    let mb = first.bytes as f64 / 1e6;
    println!();
    println!(
        "== {} messages: {} pages of {PAGE_SIZE}, {mb:.1} MB of JSON, {} runs each ==",
        first.messages,
        first.messages.div_ceil(PAGE_SIZE),
        first.cli.len()
    );
    println!(
        "{:>4} {:>8} {:>8} {:>6} {:>8} {:>9} {:>9} {:>9} {:>8} {:>8} {:>13} {:>13}",
        "conc",
        "CLI s",
        "curl s",
        "ratio",
        "CLI MB/s",
        "curl MB/s",
        "CLI RSS",
        "curl RSS",
        "CLI CPU",
        "curl CPU",
        "srv CPU",
        "srv busy",
    );
    for row in rows {
        let (cli, curl) = (Row::median_wall(&row.cli), Row::median_wall(&row.curl));
        let share = |of: fn(&ServerUsage) -> Duration| {
            format!(
                "{:.1}%/{:.1}%",
                Row::server_percent(&row.cli, of),
                Row::server_percent(&row.curl, of)
            )
        };
        println!(
            "{:>4} {:>8.3} {:>8.3} {:>5.2}x {:>8.1} {:>9.1} {:>5.1} MiB {:>5.1} MiB {:>7.3}s {:>7.3}s {:>13} {:>13}",
            row.concurrency,
            cli,
            curl,
            row.ratio(),
            mb / cli,
            mb / curl,
            Row::peak_mib(&row.cli),
            Row::peak_mib(&row.curl),
            Row::median_cpu(&row.cli),
            Row::median_cpu(&row.curl),
            share(|u| u.cpu),
            share(|u| u.busy),
        );
    }
    println!(
        "(s: median wall time; RSS: highest peak over the runs; CPU: median user+sys of the \
         client; srv CPU / srv busy: median share of the CLI / curl run's wall time the \
         server spent answering, in CPU time / in wall time including writes blocked on \
         the reader)"
    );
    for row in rows {
        let all: Vec<String> = row
            .cli
            .iter()
            .map(|s| format!("{:.3}", s.wall.as_secs_f64()))
            .collect();
        let curl: Vec<String> = row
            .curl
            .iter()
            .map(|s| format!("{:.3}", s.wall.as_secs_f64()))
            .collect();
        println!(
            "  conc {}: CLI runs [{}] s, curl runs [{}] s",
            row.concurrency,
            all.join(", "),
            curl.join(", ")
        );
    }
}

/// Prints PASS/MISS for every row against the targets. The speed target is on the command
/// as the issue gives it (the CLI's default, concurrency 1, against curl over one
/// connection); other concurrencies get their ratio for reference. The memory target is on
/// every row.
fn print_summary(rows: &[Row]) {
    let verdict = |ok: bool| if ok { "PASS" } else { "MISS" };
    println!();
    println!(
        "== targets: CLI ≤ {RATIO_TARGET}x curl as run by default (concurrency 1; other \
         concurrencies for reference), CLI peak RSS ≤ {RSS_TARGET_MIB} MiB =="
    );
    for row in rows {
        let (ratio, rss) = (row.ratio(), Row::peak_mib(&row.cli));
        let speed = if row.concurrency == 1 {
            verdict(ratio <= RATIO_TARGET)
        } else {
            "(reference)"
        };
        println!(
            "{:>7} messages, conc {}: ratio {ratio:.2}x {speed}; peak RSS {rss:.1} MiB {}",
            row.messages,
            row.concurrency,
            verdict(rss <= RSS_TARGET_MIB),
        );
    }
    let mut peaks: BTreeMap<u16, Vec<(usize, f64)>> = BTreeMap::new();
    for row in rows {
        peaks
            .entry(row.concurrency)
            .or_default()
            .push((row.messages, Row::peak_mib(&row.cli)));
    }
    for (concurrency, sizes) in peaks {
        if let [(small, a), .., (big, b)] = sizes.as_slice() {
            println!(
                "memory growth, conc {concurrency}: {a:.1} MiB at {small} → {b:.1} MiB at {big} \
                 messages ({:+.1} MiB)",
                b - a
            );
        }
    }
}

/// Serves a ticket of `messages` until the process is killed, printing how to point the
/// CLI at it.
fn serve_forever(messages: usize) -> Result<(), String> {
    let pages = Arc::new(Pages::generate(messages));
    let server = StaticServer::start(Arc::clone(&pages))
        .map_err(|e| format!("cannot start the static server: {e}"))?;
    println!(
        "serving {messages} messages ({} pages, {} bytes); Ctrl-C to stop\n\
         LARK_BASE_URL={} LARK_TENANT_ACCESS_TOKEN={TOKEN} LARK_HELPDESK_ID={HELPDESK_ID} \
         LARK_HELPDESK_TOKEN={HELPDESK_TOKEN} lark-helpdesk messages {TICKET_ID} --all \
         --format ndjson",
        pages.count(),
        pages.total_bytes(),
        server.base_url()
    );
    loop {
        thread::park();
    }
}

/// Runs every concurrency of one ticket size: serve, verify, time, print.
fn bench_size(cli: &Path, messages: usize, options: &Options) -> Result<Vec<Row>, String> {
    eprintln!("generating {messages} messages...");
    let pages = Arc::new(Pages::generate(messages));
    let server = StaticServer::start(Arc::clone(&pages))
        .map_err(|e| format!("cannot start the static server: {e}"))?;
    let scratch = std::env::temp_dir().join(format!("xtask-bench-{}", std::process::id()));
    fs::create_dir_all(&scratch)
        .map_err(|e| format!("cannot create {}: {e}", scratch.display()))?;

    let mut rows = Vec::new();
    for &concurrency in &options.concurrencies {
        let cli = cli_client(cli, &server, concurrency);
        let curl = curl_client(&server, &pages, concurrency, &scratch)?;
        let lines = cli.count_lines()?;
        server.stats.take();
        if lines != messages as u64 {
            return Err(format!(
                "the CLI printed {lines} lines for a ticket of {messages} messages"
            ));
        }
        curl.time(&server, &scratch)?; // warm-up
        eprintln!(
            "{messages} messages, concurrency {concurrency}: output verified ({lines} lines); timing..."
        );
        let mut row = Row {
            messages,
            concurrency,
            bytes: pages.total_bytes(),
            cli: Vec::new(),
            curl: Vec::new(),
        };
        for run in 0..options.runs {
            // Alternate which goes first, so neither always runs on a warmer machine.
            let order = if run % 2 == 0 {
                [&cli, &curl]
            } else {
                [&curl, &cli]
            };
            for client in order {
                let sample = client.time(&server, &scratch)?;
                check_requests(client.name, sample.server.requests, pages.count())?;
                if client.name == "CLI" {
                    row.cli.push(sample);
                } else {
                    row.curl.push(sample);
                }
            }
        }
        rows.push(row);
    }
    let _ = fs::remove_dir_all(&scratch);
    print_rows(&rows);
    Ok(rows)
}

/// Fails when a client did not make one request per page (the CLI may make one more: a
/// token request, or a page past the end).
fn check_requests(name: &str, requests: u64, pages: usize) -> Result<(), String> {
    let pages = pages as u64;
    if requests < pages || requests > pages + 2 {
        return Err(format!("{name} made {requests} requests for {pages} pages"));
    }
    Ok(())
}

/// The error of a client run that exited unsuccessfully: its status and stderr.
fn failure(name: &str, output: &std::process::Output) -> String {
    format!(
        "{name} failed ({}): {}",
        output.status,
        String::from_utf8_lossy(&output.stderr).trim()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_reports_are_parsed_in_both_clock_formats() {
        let report = "\tCommand being timed: \"true\"\n\
            \tUser time (seconds): 1.00\n\
            \tSystem time (seconds): 0.25\n\
            \tElapsed (wall clock) time (h:mm:ss or m:ss): 1:02.50\n\
            \tMaximum resident set size (kbytes): 11080\n\
            \tExit status: 0\n";
        assert_eq!(
            parse_time_report(report),
            Some(TimeReport {
                wall: Duration::from_millis(62_500),
                max_rss_kib: 11_080,
                cpu: Duration::from_millis(1_250),
            })
        );
        assert_eq!(parse_clock("0:00.07"), Some(Duration::from_millis(70)));
        assert_eq!(parse_clock("1:02:03"), Some(Duration::from_secs(3723)));
        assert_eq!(parse_clock("12"), None);
        assert_eq!(parse_clock("a:00.1"), None);
        assert_eq!(parse_time_report("Exit status: 0"), None);
    }

    #[test]
    fn medians() {
        assert_eq!(median(&[]), 0.0);
        assert_eq!(median(&[3.0]), 3.0);
        assert_eq!(median(&[5.0, 1.0, 3.0]), 3.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
    }

    #[test]
    fn request_lines_and_queries() {
        assert_eq!(
            parse_request_line("GET /a/b?page=2&page_size=200 HTTP/1.1\r\n"),
            Some(RequestLine {
                method: "GET",
                path: "/a/b",
                query: "page=2&page_size=200"
            })
        );
        assert_eq!(
            parse_request_line("POST /t HTTP/1.1"),
            Some(RequestLine {
                method: "POST",
                path: "/t",
                query: ""
            })
        );
        assert_eq!(parse_request_line("GET /a"), None);
        assert_eq!(parse_request_line("GET /a HTTP/2 x"), None);
        assert_eq!(query_param("page=2&page_size=200", "page"), Some("2"));
        assert_eq!(
            query_param("page=2&page_size=200", "page_size"),
            Some("200")
        );
        assert_eq!(query_param("flag&page=3", "flag"), Some(""));
        assert_eq!(query_param("page=2", "size"), None);
    }

    #[test]
    fn routes() {
        let pages = Pages::generate(250);
        assert_eq!(pages.count(), 2);
        let get = |query| {
            let path = messages_path();
            let request = RequestLine {
                method: "GET",
                path: &path,
                query,
            };
            let response = route(&request, &pages);
            (response.status, response.body.to_vec())
        };
        assert_eq!(get("page=1&page_size=200"), (200, pages.bodies[0].clone()));
        assert_eq!(get("page_size=200&page=2"), (200, pages.bodies[1].clone()));
        assert_eq!(get("page=3&page_size=200"), (200, pages.empty.clone()));
        assert_eq!(get("page=0&page_size=200").0, 400);
        assert_eq!(get("page=1&page_size=20").0, 400);
        let other = RequestLine {
            method: "GET",
            path: "/open-apis/helpdesk/v1/tickets/1/messages",
            query: "page=1&page_size=200",
        };
        assert_eq!(route(&other, &pages).status, 404);

        let page: serde_json::Value = serde_json::from_slice(&pages.bodies[1]).unwrap();
        assert_eq!(page["code"], 0);
        assert_eq!(page["data"]["total"], 250);
        assert_eq!(page["data"]["messages"].as_array().map(Vec::len), Some(50));
        let empty: serde_json::Value = serde_json::from_slice(&pages.empty).unwrap();
        assert_eq!(empty["data"]["messages"], serde_json::json!([]));
    }

    /// Reads one response: `(status, headers, body)`.
    fn read_response(reader: &mut impl BufRead) -> (u16, Vec<(String, String)>, Vec<u8>) {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let status = line.split(' ').nth(1).unwrap().parse().unwrap();
        let mut headers = Vec::new();
        loop {
            line.clear();
            reader.read_line(&mut line).unwrap();
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            let (name, value) = header.split_once(':').unwrap();
            headers.push((name.to_ascii_lowercase(), value.trim().to_string()));
        }
        let length: usize = headers
            .iter()
            .find(|(name, _)| name == "content-length")
            .unwrap()
            .1
            .parse()
            .unwrap();
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        (status, headers, body)
    }

    #[test]
    fn the_static_server_serves_pages_and_the_token_on_one_connection() {
        let pages = Arc::new(Pages::generate(450));
        let server = StaticServer::start(Arc::clone(&pages)).unwrap();
        let stream = TcpStream::connect(server.addr).unwrap();
        let mut writer = stream.try_clone().unwrap();
        let mut reader = BufReader::new(stream);

        write!(
            writer,
            "GET {}?page=1&page_size=200 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\n\r\n",
            messages_path()
        )
        .unwrap();
        let (status, headers, body) = read_response(&mut reader);
        assert_eq!(status, 200);
        assert_eq!(body, pages.bodies[0]);
        let header = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
        };
        assert_eq!(
            header("content-length"),
            Some(pages.bodies[0].len().to_string())
        );
        assert!(
            header("content-type")
                .unwrap()
                .starts_with("application/json")
        );
        assert!(header("x-tt-logid").is_some());

        // The same connection (keep-alive), a request with a body.
        let json = r#"{"app_id":"a","app_secret":"s"}"#;
        write!(
            writer,
            "POST {TOKEN_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\n\r\n{json}",
            json.len()
        )
        .unwrap();
        let (status, _, body) = read_response(&mut reader);
        assert_eq!((status, body.as_slice()), (200, TOKEN_ANSWER));

        write!(writer, "GET /nothing HTTP/1.1\r\nConnection: close\r\n\r\n").unwrap();
        let (status, _, body) = read_response(&mut reader);
        assert_eq!((status, body.as_slice()), (404, NOT_FOUND));
        let mut rest = Vec::new();
        reader.read_to_end(&mut rest).unwrap();
        assert!(rest.is_empty(), "the server closes after Connection: close");

        let usage = server.stats.take();
        assert_eq!(usage.requests, 3);
        assert!(usage.busy > Duration::ZERO);
        assert!(usage.busy >= usage.cpu);
    }

    #[test]
    fn curl_configs_fetch_every_page() {
        let config = curl_config("http://127.0.0.1:9", 3, 1);
        assert_eq!(config.matches("url = ").count(), 3);
        assert_eq!(config.matches("output = \"/dev/null\"").count(), 3);
        assert!(config.contains(&format!(
            "url = \"http://127.0.0.1:9{}?page=3&page_size=200\"",
            messages_path()
        )));
        assert!(!config.contains("parallel"));
        assert!(curl_config("http://127.0.0.1:9", 3, 4).contains("parallel-max = 4"));
    }

    #[test]
    fn options() {
        let args = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            Options::parse(&[]).unwrap(),
            Options {
                sizes: vec![10_000, 100_000],
                runs: 5,
                concurrencies: vec![1, 4],
                serve: false,
            }
        );
        assert_eq!(
            Options::parse(&args(&[
                "--messages",
                "500",
                "--runs",
                "3",
                "--concurrency",
                "2"
            ]))
            .unwrap(),
            Options {
                sizes: vec![500],
                runs: 3,
                concurrencies: vec![2],
                serve: false,
            }
        );
        assert!(Options::parse(&args(&["--runs", "0"])).is_err());
        assert!(Options::parse(&args(&["--concurrency", "65"])).is_err());
        assert!(Options::parse(&args(&["--bogus"])).is_err());
    }
}
