//! `cargo xtask bench --wan`: the release CLI's default commands over a network with
//! latency and the platform's rate limit, against their floor and a plain page loop.
//!
//! The server (in this process, on loopback) answers every request after a set latency
//! (each connection on a thread of its own, so concurrent requests wait side by side), and
//! enforces a fixed one-second window per operation: past its limit in a window, a
//! request gets the platform's refusal (HTTP 429, code 99991400, `x-ogw-ratelimit-reset`
//! to the window's end, and `x-ogw-ratelimit-limit` when the scenario sends it). Pages
//! are prebuilt from the mock's synthetic data: one ticket of 20,000 messages (100 pages
//! of 200), and a helpdesk of a few hundred tickets of very different sizes.
//!
//! Each scenario prints the wall time of the CLI's default command (no flags), its floor
//! (`max(pages / rate, two round trips)` for a ticket; the larger of the tickets' and the
//! messages' pages over their rates for an export), the ratio, the share of requests
//! refused, and peak RSS; beside it, a plain page loop (curl, one page after another,
//! as the official SDKs' page loops do) and, where `node` and the official Node SDK are
//! installed under `target/node-sdk`, that SDK's page loop.

use std::collections::HashMap;
use std::fs;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread;
use std::time::Duration;

use lark_helpdesk_api::types::{
    Ticket, TicketMessage, TicketMessagesData, TicketMessagesResponse, TicketsData, TicketsResponse,
};

use super::measure::{HELPDESK_ID, HELPDESK_TOKEN, TOKEN};
use super::network::{
    REFUSAL, RateWindows, Run, line, median_run, phase, refusal_headers, run_timed,
};
use super::server::{parse_request_line, query_param, read_headers};

const PAGE_SIZE: usize = 200;
const TICKETS_PATH: &str = "/open-apis/helpdesk/v1/tickets";
const BIG_TICKET: &str = "7000000000000000001";

/// The operations the server limits, each on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Op {
    Tickets,
    Messages,
}

/// How the server treats requests.
#[derive(Debug, Clone)]
struct Conditions {
    latency: Duration,
    /// Requests allowed per one-second window, per operation (absent: no limit).
    limits: HashMap<Op, u32>,
    /// Whether refusals carry `x-ogw-ratelimit-limit`.
    limit_header: bool,
}

/// The prebuilt answers.
struct Data {
    /// Pages of "list tickets" (page size 200).
    tickets: Vec<Vec<u8>>,
    /// Pages of each ticket's messages (page size 200).
    messages: HashMap<String, Vec<Vec<u8>>>,
}

fn message_pages(messages: &[TicketMessage]) -> Vec<Vec<u8>> {
    let total = messages.len() as i64;
    let page = |chunk: &[TicketMessage]| {
        serde_json::to_vec(&TicketMessagesResponse {
            code: 0,
            msg: Some("success".into()),
            data: Some(TicketMessagesData {
                messages: Some(chunk.to_vec()),
                total: Some(total),
            }),
            error: None,
        })
        .expect("pages serialise")
    };
    let mut pages: Vec<Vec<u8>> = messages.chunks(PAGE_SIZE).map(page).collect();
    if pages.is_empty() {
        pages.push(page(&[]));
    }
    pages
}

impl Data {
    fn new(helpdesk: usize) -> Data {
        let all = lark_helpdesk_mock::synthetic_helpdesk(helpdesk);
        let tickets: Vec<Ticket> = all.iter().map(|(t, _)| t.clone()).collect();
        let total = tickets.len() as i64;
        let ticket_page = |chunk: &[Ticket]| {
            serde_json::to_vec(&TicketsResponse {
                code: 0,
                msg: Some("success".into()),
                data: Some(TicketsData {
                    tickets: Some(chunk.to_vec()),
                    total: Some(total),
                }),
                error: None,
            })
            .expect("pages serialise")
        };
        let mut messages: HashMap<String, Vec<Vec<u8>>> = all
            .iter()
            .map(|(t, m)| (t.ticket_id.clone().unwrap_or_default(), message_pages(m)))
            .collect();
        messages.insert(
            BIG_TICKET.into(),
            message_pages(&lark_helpdesk_mock::generate_messages(20_000, 7)),
        );
        Data {
            tickets: tickets.chunks(PAGE_SIZE).map(ticket_page).collect(),
            messages,
        }
    }

    /// Message pages of the whole helpdesk (not the big ticket).
    fn helpdesk_message_pages(&self) -> usize {
        self.messages
            .iter()
            .filter(|(id, _)| id.as_str() != BIG_TICKET)
            .map(|(_, pages)| pages.len())
            .sum()
    }
}

/// Requests answered and refused, per operation, since the last `take`.
#[derive(Default)]
struct Counts {
    answered: AtomicU64,
    refused: AtomicU64,
}

/// The server of one scenario.
struct WanServer {
    address: SocketAddr,
    counts: Arc<Counts>,
    stop: Arc<AtomicBool>,
    /// Its rate windows, one per operation.
    windows: Arc<RateWindows<Op>>,
}

impl WanServer {
    fn start(data: Arc<Data>, conditions: Conditions) -> io::Result<WanServer> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let address = listener.local_addr()?;
        let counts = Arc::new(Counts::default());
        let stop = Arc::new(AtomicBool::new(false));
        let windows = Arc::new(RateWindows::new());
        let (c, s, w) = (Arc::clone(&counts), Arc::clone(&stop), Arc::clone(&windows));
        thread::spawn(move || {
            for stream in listener.incoming() {
                if s.load(Ordering::Relaxed) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (data, conditions, counts, windows) = (
                    Arc::clone(&data),
                    conditions.clone(),
                    Arc::clone(&c),
                    Arc::clone(&w),
                );
                thread::spawn(move || {
                    let _ = serve(stream, &data, &conditions, &counts, &windows);
                });
            }
        });
        Ok(WanServer {
            address,
            counts,
            stop,
            windows,
        })
    }

    /// See [`RateWindows::wait_for_phase`].
    fn wait_for_phase(&self, phase: f64) {
        self.windows.wait_for_phase(phase);
    }

    fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// `(answered, refused)` since the last call.
    fn take(&self) -> (u64, u64) {
        (
            self.counts.answered.swap(0, Ordering::Relaxed),
            self.counts.refused.swap(0, Ordering::Relaxed),
        )
    }
}

impl Drop for WanServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect(self.address);
    }
}

const NOT_FOUND: &[u8] = br#"{"code":154000,"msg":"Bad request"}"#;

fn serve(
    stream: TcpStream,
    data: &Data,
    conditions: &Conditions,
    counts: &Counts,
    windows: &RateWindows<Op>,
) -> io::Result<()> {
    stream.set_nodelay(true)?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let (length, close) = read_headers(&mut reader)?;
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        let request = parse_request_line(&line);
        let page = request
            .as_ref()
            .and_then(|r| query_param(r.query, "page"))
            .and_then(|p| p.parse::<usize>().ok())
            .unwrap_or(1);
        let (op, pages) = match &request {
            Some(r) if r.path == TICKETS_PATH => (Some(Op::Tickets), Some(&data.tickets)),
            Some(r) => {
                let id = r
                    .path
                    .strip_prefix(TICKETS_PATH)
                    .and_then(|p| p.strip_prefix('/'))
                    .and_then(|p| p.strip_suffix("/messages"));
                (Some(Op::Messages), id.and_then(|id| data.messages.get(id)))
            }
            None => (None, None),
        };
        // The window this request falls in, counted at its arrival.
        let now = windows.now();
        let refused = op.is_some_and(|op| {
            conditions
                .limits
                .get(&op)
                .is_some_and(|&limit| windows.refuses(op, limit, now))
        });
        thread::sleep(conditions.latency);
        let (status, body, extra) = if refused {
            counts.refused.fetch_add(1, Ordering::Relaxed);
            let limit = op
                .and_then(|op| conditions.limits.get(&op).copied())
                .filter(|_| conditions.limit_header);
            (429, REFUSAL, refusal_headers(now, limit))
        } else {
            counts.answered.fetch_add(1, Ordering::Relaxed);
            let empty: &[u8] =
                br#"{"code":0,"msg":"success","data":{"tickets":[],"messages":[],"total":0}}"#;
            match pages {
                Some(pages) => (
                    200,
                    pages.get(page - 1).map_or(empty, Vec::as_slice),
                    String::new(),
                ),
                None => (400, NOT_FOUND, String::new()),
            }
        };
        let reason = match status {
            200 => "OK",
            429 => "Too Many Requests",
            _ => "Bad Request",
        };
        write!(
            writer,
            "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nX-Tt-Logid: wan\r\n{extra}\r\n",
            body.len()
        )?;
        writer.write_all(body)?;
        if close {
            writer.shutdown(Shutdown::Both)?;
            return Ok(());
        }
    }
}

fn environment(server: &WanServer) -> Vec<(&'static str, String)> {
    vec![
        ("LARK_BASE_URL", server.base_url()),
        ("LARK_TENANT_ACCESS_TOKEN", TOKEN.into()),
        ("LARK_HELPDESK_ID", HELPDESK_ID.into()),
        ("LARK_HELPDESK_TOKEN", HELPDESK_TOKEN.into()),
    ]
}

/// Runs `argv` under `/usr/bin/time -v` against `server` ([`run_timed`]).
fn timed(argv: &[String], server: &WanServer, scratch: &Path) -> Result<Run, String> {
    server.take();
    let timed = run_timed(argv, &environment(server), scratch);
    let (answered, refused) = server.take();
    let (wall, rss_kib) = timed?;
    Ok(Run {
        wall,
        rss_kib,
        answered,
        refused,
    })
}

/// A curl config fetching `pages` pages of the big ticket one after another.
fn plain_loop(server: &WanServer, pages: usize, scratch: &Path) -> Result<Vec<String>, String> {
    let mut config = String::from("silent\nfail\n");
    let helpdesk = {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(format!("{HELPDESK_ID}:{HELPDESK_TOKEN}"))
    };
    for page in 1..=pages {
        config.push_str(&format!(
            "url = \"{}{TICKETS_PATH}/{BIG_TICKET}/messages?page={page}&page_size={PAGE_SIZE}\"\n\
             header = \"Authorization: Bearer {TOKEN}\"\nheader = \"X-Lark-Helpdesk-Authorization: {helpdesk}\"\n\
             output = \"/dev/null\"\n",
            server.base_url()
        ));
    }
    let file = scratch.join("wan-loop.curl");
    fs::write(&file, config).map_err(|e| format!("{}: {e}", file.display()))?;
    Ok(vec![
        "curl".into(),
        "-K".into(),
        file.to_string_lossy().into(),
    ])
}

/// The official Node SDK's plain page loop, when `node` and the SDK are installed under
/// `target/node-sdk` (`npm install --prefix target/node-sdk @larksuiteoapi/node-sdk`).
fn node_loop(root: &Path, scratch: &Path) -> Option<Vec<String>> {
    let sdk = root.join("target/node-sdk/node_modules/@larksuiteoapi/node-sdk");
    if !sdk.exists() || Command::new("node").arg("--version").output().is_err() {
        return None;
    }
    let script = scratch.join("wan-loop.js");
    let text = format!(
        r#"const lark = require({sdk:?});
const client = new lark.Client({{ appId: "cli_bench", appSecret: "bench", domain: process.env.LARK_BASE_URL,
  disableTokenCache: true, helpDeskId: process.env.LARK_HELPDESK_ID, helpDeskToken: process.env.LARK_HELPDESK_TOKEN }});
(async () => {{
  for (let page = 1; ; page++) {{
    const res = await client.helpdesk.ticketMessage.list(
      {{ path: {{ ticket_id: "{BIG_TICKET}" }}, params: {{ page, page_size: {PAGE_SIZE} }} }},
      lark.withAll([lark.withTenantToken(process.env.LARK_TENANT_ACCESS_TOKEN), lark.withHelpDeskCredential()]));
    const n = (res.data && res.data.messages || []).length;
    if (n < {PAGE_SIZE} || page * {PAGE_SIZE} >= res.data.total) break;
  }}
}})().catch((e) => {{ console.error(e.message); process.exit(1); }});
"#,
        sdk = sdk.to_string_lossy()
    );
    fs::write(&script, text).ok()?;
    Some(vec!["node".into(), script.to_string_lossy().into()])
}

/// Whether the scenario `name` runs: all of them, or those `WAN_ONLY` names (a
/// comma-separated list of `ticket-limit`, `ticket-reset`, `no-limit`, `export`), to study
/// one with `WAN_LOG`.
const SCENARIOS: [&str; 4] = ["ticket-limit", "ticket-reset", "no-limit", "export"];

fn selected(name: &str) -> bool {
    std::env::var("WAN_ONLY").map_or(true, |only| only.split(',').any(|n| n.trim() == name))
}

/// Runs the network benchmark.
pub(super) fn run(cli: &Path, runs: usize, root: &Path) -> Result<(), String> {
    if let Ok(only) = std::env::var("WAN_ONLY")
        && let Some(bad) = only.split(',').find(|n| !SCENARIOS.contains(&n.trim()))
    {
        return Err(format!(
            "WAN_ONLY: no scenario {bad:?} (there are {})",
            SCENARIOS.join(", ")
        ));
    }
    let scratch = root.join("target/bench-wan");
    fs::create_dir_all(&scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
    // The logs of an earlier run (`WAN_LOG`) would mix with this one's.
    for entry in fs::read_dir(&scratch).into_iter().flatten().flatten() {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with("cli-") {
            let _ = fs::remove_file(entry.path());
        }
    }
    let latency = Duration::from_millis(100);
    println!("generating the pages (one ticket of 20,000 messages, a helpdesk of 300 tickets)...");
    let data = Arc::new(Data::new(300));
    let big_pages = data.messages[BIG_TICKET].len();
    let ticket_pages = data.tickets.len();
    let helpdesk_pages = data.helpdesk_message_pages();
    println!(
        "latency {} ms; the ticket: {big_pages} pages; the helpdesk: {} tickets in {ticket_pages} pages, {helpdesk_pages} pages of messages; {runs} runs each, medians\n",
        latency.as_millis(),
        data.messages.len() - 1
    );
    let cli_messages: Vec<String> = [
        cli.to_string_lossy().as_ref(),
        "messages",
        BIG_TICKET,
        "--all",
        "--format",
        "ndjson",
    ]
    .map(String::from)
    .to_vec();
    let times = |argv: &[String], server: &WanServer| -> Result<Run, String> {
        let mut all = Vec::new();
        for i in 0..runs {
            server.wait_for_phase(phase(i, runs));
            all.push(timed(argv, server, &scratch)?);
        }
        Ok(median_run(&all))
    };

    let limited = |rate: u32, header: bool| Conditions {
        latency,
        limits: HashMap::from([(Op::Messages, rate), (Op::Tickets, 50)]),
        limit_header: header,
    };
    let ticket_floor = |rate: f64| {
        Duration::from_secs_f64((big_pages as f64 / rate).max(2.0 * latency.as_secs_f64()))
    };

    if selected("ticket-limit") {
        println!("one ticket, messages 20 a window, with x-ogw-ratelimit-limit:");
        let server =
            WanServer::start(Arc::clone(&data), limited(20, true)).map_err(|e| e.to_string())?;
        let r = times(&cli_messages, &server)?;
        line(
            "lark-helpdesk messages --all (default)",
            &r,
            Some(ticket_floor(20.0)),
            "target ≤ 1.10x, ≤ 3 % refused",
        );
        drop(server);
    }
    if selected("ticket-reset") {
        println!("one ticket, messages 20 a window, x-ogw-ratelimit-reset only:");
        let server =
            WanServer::start(Arc::clone(&data), limited(20, false)).map_err(|e| e.to_string())?;
        let r = times(&cli_messages, &server)?;
        line(
            "lark-helpdesk messages --all (default)",
            &r,
            Some(ticket_floor(20.0)),
            "target ≤ 1.30x, ≤ 10 % refused",
        );
        drop(server);
    }
    if selected("no-limit") {
        println!("one ticket, no limit in reach:");
        let server = WanServer::start(
            Arc::clone(&data),
            Conditions {
                latency,
                limits: HashMap::new(),
                limit_header: false,
            },
        )
        .map_err(|e| e.to_string())?;
        let r = times(&cli_messages, &server)?;
        let plain = times(&plain_loop(&server, big_pages, &scratch)?, &server)?;
        line(
            "lark-helpdesk messages --all (default)",
            &r,
            Some(ticket_floor(f64::INFINITY)),
            "",
        );
        line(
            "plain page loop (curl, a page after another)",
            &plain,
            Some(ticket_floor(f64::INFINITY)),
            "",
        );
        match node_loop(root, &scratch) {
            Some(argv) => {
                let node = times(&argv, &server)?;
                line(
                    "official Node SDK, page loop",
                    &node,
                    Some(ticket_floor(f64::INFINITY)),
                    "",
                );
                println!(
                    "  CLI against the Node SDK's loop: {:.1}x faster (target ≥ 6x)",
                    node.wall.as_secs_f64() / r.wall.as_secs_f64()
                );
            }
            None => println!(
                "  official Node SDK: skipped (install it with `npm install --prefix target/node-sdk @larksuiteoapi/node-sdk`)"
            ),
        }
        println!(
            "  CLI against the plain page loop: {:.1}x faster",
            plain.wall.as_secs_f64() / r.wall.as_secs_f64()
        );
        drop(server);
    }
    if selected("export") {
        println!("the whole helpdesk through export, tickets 50 and messages 20 a window:");
        let export_floor =
            Duration::from_secs_f64((ticket_pages as f64 / 50.0).max(helpdesk_pages as f64 / 20.0));
        for header in [true, false] {
            let server = WanServer::start(Arc::clone(&data), limited(20, header))
                .map_err(|e| e.to_string())?;
            let mut all = Vec::new();
            for i in 0..runs {
                server.wait_for_phase(phase(i, runs));
                let dir: PathBuf = scratch.join(format!("export-{i}"));
                let _ = fs::remove_dir_all(&dir);
                let argv: Vec<String> = vec![
                    cli.to_string_lossy().into(),
                    "export".into(),
                    "--output".into(),
                    dir.to_string_lossy().into(),
                ];
                all.push(timed(&argv, &server, &scratch)?);
                let written = fs::read_dir(dir.join("messages"))
                    .map(|d| d.count())
                    .unwrap_or(0);
                if written != data.messages.len() - 1 {
                    return Err(format!("the export wrote {written} ticket files"));
                }
                let _ = fs::remove_dir_all(&dir);
            }
            let name = if header {
                "lark-helpdesk export (limit header)"
            } else {
                "lark-helpdesk export (reset only)"
            };
            line(
                name,
                &median_run(&all),
                Some(export_floor),
                "target ≤ 1.15x",
            );
        }
    }
    Ok(())
}
