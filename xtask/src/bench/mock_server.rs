//! `cargo xtask bench --mock-server`: whether the release `lark-helpdesk mock-server` lasts.
//!
//! The bench starts the server as a child process and drives [`REQUESTS`] requests at it
//! over [`CONNECTIONS`] keep-alive connections, all open at once (a thread each): one in
//! ten fetches a new token (then used by that connection, so more than the tokens the
//! server holds are issued), the others page through a ticket's messages, list tickets,
//! get a ticket or page a ticket of the helpdesk, every answer checked (HTTP 200, code 0).
//! Meanwhile it samples the child's resident memory (`VmRSS` of `/proc/<pid>/status`)
//! every [`SAMPLE_EVERY`], and prints the RSS at start, peak (the samples' and the
//! kernel's high-water mark `VmHWM`, whichever is higher) and end, and the requests per
//! second.
//!
//! It fails when the peak reaches [`RSS_LIMIT_MIB`], or when the memory keeps growing:
//! past the first fifth of the requests (connections and allocator warmed up), the peak
//! of the last two fifths may exceed that of the two before by at most
//! [`GROWTH_TOLERANCE_KIB`] (a leak of a few hundred bytes a request shows well above it).
//! Then it checks the token bound end to end (a token fetched first and not used since
//! is refused with 99991663, a recent one works), sends SIGINT with every connection
//! still open and requires the server to exit 0 within [`EXIT_WITHIN`], printing nothing
//! on stderr.
//!
//! The server holds a helpdesk of [`HELPDESK_TICKETS`] tickets rather than its default
//! 300: the default's 35,000 messages take about 27 MiB by themselves (37 MiB at start in
//! all), data held from the start rather than growth, which would leave the 32 MiB bound
//! nothing to say about the server's own memory. With 50 (about 4.5 MiB of messages) it
//! starts near 16 MiB; a few hundred requests in flight at once then add about 8 MiB of
//! buffers, which the allocator keeps once touched (the plateau that follows).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use super::server::read_headers;

/// Requests driven, all checked.
const REQUESTS: u64 = 100_000;
/// Keep-alive connections, all open at once.
const CONNECTIONS: usize = 300;
/// The server's helpdesk (see the module's documentation).
const HELPDESK_TICKETS: usize = 50;
/// The big synthetic ticket's messages (the CLI's default).
const TICKET_MESSAGES: usize = 5000;
/// The big synthetic ticket.
const TICKET_ID: &str = "7000000000000000001";
/// Page size of every listing: small pages, so that the requests, not the bytes, count.
const PAGE_SIZE: usize = 20;
/// How often the child's RSS is read.
const SAMPLE_EVERY: Duration = Duration::from_millis(50);
/// The peak RSS the server must stay below.
const RSS_LIMIT_MIB: f64 = 32.0;
/// How much the peak RSS of the last two fifths of the requests may exceed that of the
/// two before.
const GROWTH_TOLERANCE_KIB: u64 = 2048;
/// How soon the server must exit after SIGINT.
const EXIT_WITHIN: Duration = Duration::from_secs(5);

const TOKEN_PATH: &str = "/open-apis/auth/v3/tenant_access_token/internal";
const TICKETS_PATH: &str = "/open-apis/helpdesk/v1/tickets";

/// Runs the bench against the release CLI at `cli`.
pub(super) fn run(cli: &Path) -> Result<(), String> {
    let mut server = Server::start(cli)?;
    let pid = server.child.id();
    let start_kib = proc_status_kib(pid, "VmRSS").ok_or("cannot read the server's VmRSS")?;
    let http = Http::new(&server.env)?;
    let first_token = http.connect()?.token(&http)?;
    println!(
        "mock-server (pid {pid}, {HELPDESK_TICKETS} tickets, a ticket of {TICKET_MESSAGES} \
         messages) at {}: RSS at start {}",
        http.address,
        mib(start_kib)
    );

    let done = Arc::new(AtomicU64::new(0));
    let sampler = Sampler::start(pid, Arc::clone(&done));
    let load = drive(&http, &done);
    let samples = sampler.stop();
    let end_kib = proc_status_kib(pid, "VmRSS").unwrap_or(0);
    // The kernel's high-water mark also catches a peak between two samples.
    let hwm_kib = proc_status_kib(pid, "VmHWM").unwrap_or(0);
    let (connections, load) = match load {
        Ok(load) => load,
        Err(e) => {
            let _ = server.child.kill();
            return Err(e);
        }
    };
    let peak_kib = samples
        .iter()
        .map(|s| s.rss_kib)
        .max()
        .unwrap_or(0)
        .max(end_kib)
        .max(hwm_kib);
    println!(
        "{} requests ({} token requests) over {CONNECTIONS} connections open at once in \
         {:.2} s: {:.0} requests/s",
        load.requests,
        load.token_requests,
        load.elapsed.as_secs_f64(),
        load.requests as f64 / load.elapsed.as_secs_f64()
    );
    let growth = growth(&samples);
    println!(
        "RSS: start {}, peak {}, end {} ({} samples); peak of requests 20-60%: {}, of 60-100%: \
         {}",
        mib(start_kib),
        mib(peak_kib),
        mib(end_kib),
        samples.len(),
        growth.map_or("-".into(), |(a, _)| mib(a)),
        growth.map_or("-".into(), |(_, b)| mib(b)),
    );

    // The token bound, end to end: the first token was not used since, and more than the
    // tokens the server holds (DEFAULT_MAX_TOKENS) were issued after it.
    let mut check = http.connect()?;
    let (status, body) = check.messages_page(&http, &first_token, 1)?;
    let refused = status == 400 && body.contains("99991663");
    let recent = check.token(&http)?;
    let (recent_status, _) = check.messages_page(&http, &recent, 1)?;
    println!(
        "tokens: the first one, unused since, {}; a new one {}",
        if refused {
            "refused (99991663)".to_string()
        } else {
            format!("answered HTTP {status}")
        },
        if recent_status == 200 {
            "works".to_string()
        } else {
            format!("gets HTTP {recent_status}")
        }
    );

    // Ctrl-C with every connection still open.
    let shutdown = server.interrupt();
    drop(connections);
    drop(check);
    let (exit_after, stderr) = shutdown?;
    println!(
        "SIGINT with {} connections open: exited 0 after {:.0} ms, {}",
        CONNECTIONS + 1,
        exit_after.as_secs_f64() * 1000.0,
        if stderr.is_empty() {
            "nothing on stderr".to_string()
        } else {
            format!("stderr: {stderr:?}")
        }
    );

    let mut failures = Vec::new();
    if peak_kib as f64 / 1024.0 >= RSS_LIMIT_MIB {
        failures.push(format!("peak RSS {} ≥ {RSS_LIMIT_MIB} MiB", mib(peak_kib)));
    }
    match growth {
        Some((a, b)) if b > a + GROWTH_TOLERANCE_KIB => failures.push(format!(
            "RSS keeps growing: {} then {} (more than {} KiB)",
            mib(a),
            mib(b),
            GROWTH_TOLERANCE_KIB
        )),
        Some(_) => {}
        None => failures.push("too few RSS samples to tell whether it grows".into()),
    }
    if !refused {
        failures.push("a token evicted long ago was not refused".into());
    }
    if recent_status != 200 {
        failures.push("a new token did not work".into());
    }
    if !stderr.is_empty() {
        failures.push("the server printed on stderr".into());
    }
    if failures.is_empty() {
        println!("== mock-server: OK (peak RSS < {RSS_LIMIT_MIB} MiB, flat, clean Ctrl-C) ==");
        Ok(())
    } else {
        Err(format!("mock-server bench failed: {}", failures.join("; ")))
    }
}

/// `kib` as MiB, one decimal.
fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

/// The field `name` (`VmRSS`, the resident memory, or `VmHWM`, its peak) of process
/// `pid`'s `/proc/<pid>/status`, in KiB.
pub(super) fn proc_status_kib(pid: u32, name: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| {
        l.strip_prefix(name)
            .is_some_and(|rest| rest.starts_with(':'))
    })?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The peak RSS over requests 20-60 % and 60-100 % of [`REQUESTS`] (the samples after
/// the load included); `None` when either span has no sample.
fn growth(samples: &[RssSample]) -> Option<(u64, u64)> {
    let peak = |span: std::ops::Range<u64>| {
        samples
            .iter()
            .filter(|s| span.contains(&s.done))
            .map(|s| s.rss_kib)
            .max()
    };
    let (a, b) = (REQUESTS / 5, REQUESTS * 3 / 5);
    Some((peak(a..b)?, peak(b..u64::MAX)?))
}

/// The child process and what it printed.
struct Server {
    child: Child,
    /// The `export NAME=VALUE` lines of its banner.
    env: HashMap<String, String>,
    /// Held open (and read to its end after the exit, to check it printed nothing more).
    stdout: BufReader<ChildStdout>,
}

impl Server {
    /// Starts `cli mock-server` on a free port and reads its banner.
    fn start(cli: &Path) -> Result<Server, String> {
        let mut child = Command::new(cli)
            .args(["mock-server", "--port", "0", "--tickets"])
            .arg(HELPDESK_TICKETS.to_string())
            .arg("--messages")
            .arg(TICKET_MESSAGES.to_string())
            .env_remove("RUST_LOG")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", cli.display()))?;
        let mut stdout = BufReader::new(child.stdout.take().ok_or("no stdout")?);
        let mut env = HashMap::new();
        let mut line = String::new();
        loop {
            line.clear();
            if stdout.read_line(&mut line).map_err(|e| e.to_string())? == 0 {
                let _ = child.kill();
                return Err("mock-server ended before its banner was complete".into());
            }
            if let Some((name, value)) = line
                .trim()
                .strip_prefix("export ")
                .and_then(|l| l.split_once('='))
            {
                env.insert(name.to_string(), value.to_string());
            }
            if line.contains("Ctrl-C") {
                break;
            }
        }
        Ok(Server { child, env, stdout })
    }

    /// Sends SIGINT and waits for the exit: how long it took and what it printed on
    /// stderr. An error when it does not exit 0 in time or prints more on stdout.
    fn interrupt(&mut self) -> Result<(Duration, String), String> {
        let pid = self.child.id().to_string();
        let sent = Instant::now();
        let status = Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .map_err(|e| format!("cannot run kill: {e}"))?;
        if !status.success() {
            return Err(format!("kill -INT {pid} failed ({status})"));
        }
        let status = loop {
            if let Some(status) = self.child.try_wait().map_err(|e| e.to_string())? {
                break status;
            }
            if sent.elapsed() > EXIT_WITHIN {
                let _ = self.child.kill();
                return Err(format!(
                    "mock-server still running {EXIT_WITHIN:?} after SIGINT"
                ));
            }
            thread::sleep(Duration::from_millis(1));
        };
        let exit_after = sent.elapsed();
        let mut stderr = String::new();
        if let Some(mut pipe) = self.child.stderr.take() {
            let _ = pipe.read_to_string(&mut stderr);
        }
        let mut rest = String::new();
        let _ = self.stdout.read_to_string(&mut rest);
        if !status.success() {
            return Err(format!(
                "mock-server exited with {status} after SIGINT; stderr: {stderr:?}"
            ));
        }
        if !rest.trim().is_empty() {
            return Err(format!("mock-server printed after its banner: {rest:?}"));
        }
        Ok((exit_after, stderr))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // A bench that failed midway leaves no server behind.
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// One RSS reading.
#[derive(Debug, Clone, Copy)]
struct RssSample {
    /// Requests answered when it was read.
    done: u64,
    rss_kib: u64,
}

/// Reads the child's RSS every [`SAMPLE_EVERY`] on a thread of its own.
struct Sampler {
    stop: Arc<AtomicBool>,
    thread: thread::JoinHandle<Vec<RssSample>>,
}

impl Sampler {
    fn start(pid: u32, done: Arc<AtomicU64>) -> Sampler {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let thread = thread::spawn(move || {
            let mut samples = Vec::new();
            while !flag.load(Ordering::Relaxed) {
                thread::sleep(SAMPLE_EVERY);
                if let Some(rss_kib) = proc_status_kib(pid, "VmRSS") {
                    let done = done.load(Ordering::Relaxed);
                    samples.push(RssSample { done, rss_kib });
                }
            }
            samples
        });
        Sampler { stop, thread }
    }

    fn stop(self) -> Vec<RssSample> {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().unwrap_or_default()
    }
}

/// What the load did.
struct Load {
    requests: u64,
    token_requests: u64,
    elapsed: Duration,
}

/// Drives [`REQUESTS`] requests over [`CONNECTIONS`] connections, a thread each, all
/// connected before the first request. Returns the connections, still open.
fn drive(http: &Arc<Http>, done: &Arc<AtomicU64>) -> Result<(Vec<Conn>, Load), String> {
    let next = Arc::new(AtomicU64::new(0));
    let tokens = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicBool::new(false));
    let first_error = Arc::new(Mutex::new(None::<String>));
    let ready = Arc::new(Barrier::new(CONNECTIONS + 1));
    let mut workers = Vec::with_capacity(CONNECTIONS);
    for _ in 0..CONNECTIONS {
        let (http, next, done, tokens, failed, first_error, ready) = (
            Arc::clone(http),
            Arc::clone(&next),
            Arc::clone(done),
            Arc::clone(&tokens),
            Arc::clone(&failed),
            Arc::clone(&first_error),
            Arc::clone(&ready),
        );
        let worker = thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                let connected = http.connect();
                ready.wait();
                let mut conn = connected?;
                let result: Result<(), String> = (|| {
                    let mut token = conn.token(&http)?;
                    tokens.fetch_add(1, Ordering::Relaxed);
                    done.fetch_add(1, Ordering::Relaxed);
                    loop {
                        if failed.load(Ordering::Relaxed) {
                            return Ok(());
                        }
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        // The first request of each connection was its token.
                        if i >= REQUESTS - CONNECTIONS as u64 {
                            return Ok(());
                        }
                        if i % 10 == 0 {
                            token = conn.token(&http)?;
                            tokens.fetch_add(1, Ordering::Relaxed);
                        } else {
                            conn.mixed(&http, &token, i)?;
                        }
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                })();
                if let Err(e) = &result {
                    failed.store(true, Ordering::Relaxed);
                    first_error
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .get_or_insert_with(|| e.clone());
                }
                result.map(|()| conn)
            })
            .map_err(|e| format!("cannot start a client thread: {e}"))?;
        workers.push(worker);
    }
    ready.wait();
    let started = Instant::now();
    let mut connections = Vec::with_capacity(CONNECTIONS);
    for worker in workers {
        match worker.join() {
            Ok(Ok(conn)) => connections.push(conn),
            Ok(Err(e)) => {
                let first = first_error
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .clone();
                return Err(first.unwrap_or(e));
            }
            Err(_) => return Err("a client thread panicked".into()),
        }
    }
    let elapsed = started.elapsed();
    let load = Load {
        requests: done.load(Ordering::Relaxed),
        token_requests: tokens.load(Ordering::Relaxed),
        elapsed,
    };
    if load.requests != REQUESTS {
        return Err(format!("{} requests answered of {REQUESTS}", load.requests));
    }
    Ok((connections, load))
}

/// Where the server is and what every request carries.
struct Http {
    address: SocketAddr,
    /// The body of a token request.
    token_body: String,
    /// `X-Lark-Helpdesk-Authorization`.
    helpdesk: String,
}

impl Http {
    fn new(env: &HashMap<String, String>) -> Result<Arc<Http>, String> {
        let var = |name: &str| {
            env.get(name)
                .cloned()
                .ok_or_else(|| format!("mock-server printed no {name}"))
        };
        let base = var("LARK_BASE_URL")?;
        let address = base
            .strip_prefix("http://")
            .and_then(|a| a.parse().ok())
            .ok_or_else(|| format!("unexpected LARK_BASE_URL {base}"))?;
        let token_body = serde_json::json!({
            "app_id": var("LARK_APP_ID")?,
            "app_secret": var("LARK_APP_SECRET")?,
        })
        .to_string();
        let credentials = lark_helpdesk_mock::MockCredentials {
            helpdesk_id: var("LARK_HELPDESK_ID")?,
            helpdesk_token: var("LARK_HELPDESK_TOKEN")?,
            ..Default::default()
        };
        Ok(Arc::new(Http {
            address,
            token_body,
            helpdesk: credentials.helpdesk_header_value(),
        }))
    }

    fn connect(&self) -> Result<Conn, String> {
        let stream = TcpStream::connect(self.address).map_err(|e| format!("connect: {e}"))?;
        let _ = stream.set_nodelay(true);
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .map_err(|e| e.to_string())?;
        let writer = stream.try_clone().map_err(|e| e.to_string())?;
        Ok(Conn {
            writer,
            reader: BufReader::new(stream),
            request: Vec::with_capacity(512),
            body: Vec::with_capacity(16 * 1024),
        })
    }
}

/// One keep-alive connection.
struct Conn {
    writer: TcpStream,
    reader: BufReader<TcpStream>,
    /// Reused buffers.
    request: Vec<u8>,
    body: Vec<u8>,
}

impl Conn {
    /// Sends a request and reads the answer: its status (the body is in `self.body`).
    fn call(&mut self, http: &Http, target: &str, token: Option<&str>) -> Result<u16, String> {
        self.request.clear();
        let method = if token.is_some() { "GET" } else { "POST" };
        let _ = write!(
            self.request,
            "{method} {target} HTTP/1.1\r\nHost: {}\r\n",
            http.address
        );
        match token {
            Some(token) => {
                let _ = write!(
                    self.request,
                    "Authorization: Bearer {token}\r\nX-Lark-Helpdesk-Authorization: {}\r\n\r\n",
                    http.helpdesk
                );
            }
            None => {
                let _ = write!(
                    self.request,
                    "Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{}",
                    http.token_body.len(),
                    http.token_body
                );
            }
        }
        let io = |e: std::io::Error| format!("{target}: {e}");
        self.writer.write_all(&self.request).map_err(io)?;
        let mut line = String::new();
        self.reader.read_line(&mut line).map_err(io)?;
        let status = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("{target}: bad status line {line:?}"))?;
        let (length, _close) = read_headers(&mut self.reader).map_err(io)?;
        self.body.resize(length, 0);
        self.reader.read_exact(&mut self.body).map_err(io)?;
        Ok(status)
    }

    /// A request that must be answered with HTTP 200 and code 0.
    fn ok(&mut self, http: &Http, target: &str, token: Option<&str>) -> Result<(), String> {
        let status = self.call(http, target, token)?;
        // Every answer of the mock serialises `code` first.
        if status != 200 || !self.body.starts_with(br#"{"code":0,"#) {
            return Err(format!(
                "{target}: HTTP {status} {}",
                String::from_utf8_lossy(&self.body[..self.body.len().min(200)])
            ));
        }
        Ok(())
    }

    /// Fetches a new token.
    fn token(&mut self, http: &Http) -> Result<String, String> {
        self.ok(http, TOKEN_PATH, None)?;
        let body: serde_json::Value =
            serde_json::from_slice(&self.body).map_err(|e| format!("token answer: {e}"))?;
        body["tenant_access_token"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| "a token answer without a token".into())
    }

    /// `(status, body)` of a page of the big ticket's messages.
    fn messages_page(
        &mut self,
        http: &Http,
        token: &str,
        page: u64,
    ) -> Result<(u16, String), String> {
        let target =
            format!("{TICKETS_PATH}/{TICKET_ID}/messages?page={page}&page_size={PAGE_SIZE}");
        let status = self.call(http, &target, Some(token))?;
        Ok((status, String::from_utf8_lossy(&self.body).into_owned()))
    }

    /// Request `i` of the mix (never a token request): half pages of the big ticket,
    /// the rest listings, single tickets and the helpdesk tickets' messages.
    fn mixed(&mut self, http: &Http, token: &str, i: u64) -> Result<(), String> {
        let pages = (TICKET_MESSAGES / PAGE_SIZE) as u64;
        let listing_pages = HELPDESK_TICKETS.div_ceil(PAGE_SIZE) as u64;
        let ticket = lark_helpdesk_mock::FIRST_SYNTHETIC_TICKET_ID + i % HELPDESK_TICKETS as u64;
        let target = match i % 10 {
            1..=5 => format!(
                "{TICKETS_PATH}/{TICKET_ID}/messages?page={}&page_size={PAGE_SIZE}",
                i / 10 % pages + 1
            ),
            6 | 7 => format!(
                "{TICKETS_PATH}?page={}&page_size={PAGE_SIZE}",
                i / 10 % listing_pages + 1
            ),
            8 => format!("{TICKETS_PATH}/{ticket}"),
            _ => format!("{TICKETS_PATH}/{ticket}/messages?page=1&page_size={PAGE_SIZE}"),
        };
        self.ok(http, &target, Some(token))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn growth_compares_the_peaks_of_two_spans() {
        let at = |percent: u64, rss_kib: u64| RssSample {
            done: REQUESTS * percent / 100,
            rss_kib,
        };
        let samples = [
            at(0, 9000),
            at(10, 30000),
            at(30, 20000),
            at(50, 21000),
            at(70, 20500),
            at(100, 22000),
        ];
        assert_eq!(growth(&samples), Some((21000, 22000)));
        assert_eq!(growth(&samples[..3]), None);
    }

    #[test]
    fn rss_of_this_process() {
        let pid = std::process::id();
        let rss = proc_status_kib(pid, "VmRSS").unwrap();
        assert!(rss > 0);
        assert!(proc_status_kib(pid, "VmHWM").unwrap() >= rss);
        assert_eq!(proc_status_kib(pid, "VmNone"), None);
    }
}
