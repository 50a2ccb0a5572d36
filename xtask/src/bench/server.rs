//! The static loopback server: HTTP/1.1 on `127.0.0.1`, a thread per connection,
//! keep-alive, no auth check. It answers the token endpoint with a fixed token and each
//! messages page with the prebuilt bytes of [`Pages`]: per request, it parses the request
//! line and headers and writes bytes it already holds, nothing else.
//!
//! It also adds up, over every request, the wall time from the request line read to the
//! response written (["busy"](ServerUsage::busy)): an upper bound on the server's work,
//! which also counts the time `write` blocks while the client has not yet read the
//! previous bytes.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use super::pages::{PAGE_SIZE, Pages, messages_path};

/// The path of the token endpoint.
const TOKEN_PATH: &str = "/open-apis/auth/v3/tenant_access_token/internal";
/// The fixed answer of the token endpoint.
const TOKEN_ANSWER: &[u8] =
    br#"{"code":0,"msg":"ok","tenant_access_token":"t-bench","expire":7200}"#;
/// The body of every 404.
const NOT_FOUND: &[u8] = br#"{"code":404,"msg":"not found"}"#;
/// The body of a messages request the server cannot answer (bad page or page size).
const BAD_REQUEST: &[u8] = br#"{"code":99992402,"msg":"field validation failed"}"#;

/// A loopback HTTP/1.1 server of prebuilt pages. Stops accepting when dropped.
pub(super) struct StaticServer {
    /// Where it listens.
    addr: SocketAddr,
    /// Its busy time and request count.
    stats: Arc<ServerStats>,
    /// Set on drop, to end the accept loop.
    stop: Arc<AtomicBool>,
}

/// What the server did over a span of time (see [`StaticServer::take_usage`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct ServerUsage {
    /// Wall time spent answering (including writes blocked on a slow reader).
    pub(super) busy: Duration,
    /// Requests answered.
    pub(super) requests: u64,
}

impl StaticServer {
    /// Starts serving `pages` on `127.0.0.1` on a free port.
    pub(super) fn start(pages: Arc<Pages>) -> io::Result<Self> {
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
    pub(super) fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// What the server did since the last call (or its start), zeroing the counters.
    pub(super) fn take_usage(&self) -> ServerUsage {
        self.stats.take()
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect(self.addr);
    }
}

/// How much work the server did, counted by every connection thread.
#[derive(Debug, Default)]
struct ServerStats {
    /// Wall nanoseconds from request line read to response written, summed.
    busy_nanos: AtomicU64,
    /// Requests answered.
    requests: AtomicU64,
}

impl ServerStats {
    /// Zeroes the counters, returning what they counted until now.
    fn take(&self) -> ServerUsage {
        ServerUsage {
            busy: Duration::from_nanos(self.busy_nanos.swap(0, Ordering::Relaxed)),
            requests: self.requests.swap(0, Ordering::Relaxed),
        }
    }

    /// Counts one request that took `busy` of wall time.
    fn record(&self, busy: Duration) {
        let nanos = u64::try_from(busy.as_nanos()).unwrap_or(u64::MAX);
        self.busy_nanos.fetch_add(nanos, Ordering::Relaxed);
        self.requests.fetch_add(1, Ordering::Relaxed);
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
        let start = Instant::now();
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
        stats.record(start.elapsed());
        if close {
            writer.shutdown(Shutdown::Both)?;
            return Ok(());
        }
    }
}

/// Reads the headers up to the blank line: `(Content-Length, Connection: close)`.
pub(super) fn read_headers(reader: &mut impl BufRead) -> io::Result<(usize, bool)> {
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

/// An HTTP request as far as the static server reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RequestLine<'a> {
    /// `GET`, `POST`, ...
    pub(super) method: &'a str,
    /// The path, without the query.
    pub(super) path: &'a str,
    /// The query (after `?`), empty when there is none.
    pub(super) query: &'a str,
}

/// Parses `GET /path?query HTTP/1.1` (with or without the line ending).
pub(super) fn parse_request_line(line: &str) -> Option<RequestLine<'_>> {
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
pub(super) fn query_param<'a>(query: &'a str, name: &str) -> Option<&'a str> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(get("page=1&page_size=200"), (200, pages.page(1).to_vec()));
        assert_eq!(get("page_size=200&page=2"), (200, pages.page(2).to_vec()));
        assert_ne!(pages.page(1), pages.page(2));
        let (status, past_the_end) = get("page=3&page_size=200");
        assert_eq!(status, 200);
        let empty: serde_json::Value = serde_json::from_slice(&past_the_end).unwrap();
        assert_eq!(empty["data"]["messages"], serde_json::json!([]));
        assert_eq!(empty["data"]["total"], 250);
        assert_eq!(get("page=0&page_size=200").0, 400);
        assert_eq!(get("page=1&page_size=20").0, 400);
        let other = RequestLine {
            method: "GET",
            path: "/open-apis/helpdesk/v1/tickets/1/messages",
            query: "page=1&page_size=200",
        };
        assert_eq!(route(&other, &pages).status, 404);
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
        assert_eq!(body, pages.page(1));
        let header = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
        };
        assert_eq!(
            header("content-length"),
            Some(pages.page(1).len().to_string())
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

        let usage = server.take_usage();
        assert_eq!(usage.requests, 3);
        assert!(usage.busy > Duration::ZERO);
        assert_eq!(server.take_usage(), ServerUsage::default());
    }
}
