//! Opening the WebSocket: TCP, TLS for `wss`, and the HTTP upgrade, written here rather
//! than left to tungstenite, whose client handshake logs its request (the URL's secrets
//! with it) at trace level.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use base64::Engine as _;
use tokio::io::{AsyncRead, AsyncReadExt as _, AsyncWrite, AsyncWriteExt as _};
use tokio::net::TcpStream;
use tokio_rustls::rustls::pki_types::ServerName;
use tokio_rustls::rustls::{ClientConfig, RootCertStore};
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::{Role, WebSocketConfig};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use url::{Host, Url};

use crate::error::{LongConnectionError, TOO_MANY_CONNECTIONS};
use crate::events::long_connection::endpoint::Failure;

/// The socket of one connection.
pub(crate) type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// The handshake's answer head is read up to this many bytes.
const MAX_HEAD: usize = 16 * 1024;

/// Room for a frame's ids and headers beside its payload, in a WebSocket message.
const FRAME_OVERHEAD: usize = 64 * 1024;

/// The largest WebSocket message (and frame) taken when a part of an event may hold
/// `max_payload` bytes (the reassembly's byte bound): larger is an error that loses the
/// connection, rather than memory spent on it.
pub(crate) fn max_message_size(max_payload: usize) -> usize {
    max_payload.saturating_add(FRAME_OVERHEAD)
}

/// Opens `url` (`ws` or `wss`) within `timeout`, taking WebSocket messages of
/// `max_message` bytes at most. No error quotes the URL.
pub(crate) async fn open(
    url: &Url,
    timeout: Duration,
    max_message: usize,
) -> Result<Socket, Failure> {
    tokio::time::timeout(timeout, open_inner(url, max_message))
        .await
        .map_err(|_| Failure::Retry("the WebSocket handshake timed out".into()))?
}

async fn open_inner(url: &Url, max_message: usize) -> Result<Socket, Failure> {
    let retry = |what: &str| Failure::Retry(what.to_owned());
    let port = url
        .port_or_known_default()
        .ok_or_else(|| retry("the connection URL has no port"))?;
    let tcp = match url.host() {
        Some(Host::Domain(domain)) => TcpStream::connect((domain, port)).await,
        Some(Host::Ipv4(ip)) => TcpStream::connect((ip, port)).await,
        Some(Host::Ipv6(ip)) => TcpStream::connect((ip, port)).await,
        None => return Err(retry("the connection URL has no host")),
    }
    .map_err(|e| Failure::Retry(format!("connecting failed: {}", e.kind())))?;
    let _ = tcp.set_nodelay(true);
    let mut stream = if url.scheme() == "wss" {
        let config = tls_config().map_err(Failure::Retry)?;
        let name = ServerName::try_from(url.host_str().unwrap_or_default().to_owned())
            .map_err(|_| retry("the connection URL's host is not a TLS server name"))?;
        let tls = tokio_rustls::TlsConnector::from(config)
            .connect(name, tcp)
            .await
            .map_err(|e| Failure::Retry(format!("TLS failed: {}", e.kind())))?;
        MaybeTlsStream::Rustls(tls)
    } else {
        MaybeTlsStream::Plain(tcp)
    };
    upgrade(&mut stream, url).await?;
    // A WebSocket frame is at most a whole message.
    let config = WebSocketConfig::default()
        .max_message_size(Some(max_message))
        .max_frame_size(Some(max_message));
    Ok(WebSocketStream::from_raw_socket(stream, Role::Client, Some(config)).await)
}

/// The roots of the system, loaded once.
fn tls_config() -> Result<Arc<ClientConfig>, String> {
    static CONFIG: OnceLock<Result<Arc<ClientConfig>, String>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            let mut roots = RootCertStore::empty();
            for cert in rustls_native_certs::load_native_certs().certs {
                let _ = roots.add(cert);
            }
            if roots.is_empty() {
                return Err("no root certificate found on this system".into());
            }
            Ok(Arc::new(
                ClientConfig::builder()
                    .with_root_certificates(roots)
                    .with_no_client_auth(),
            ))
        })
        .clone()
}

/// The HTTP/1.1 upgrade.
async fn upgrade<S: AsyncRead + AsyncWrite + Unpin>(
    stream: &mut S,
    url: &Url,
) -> Result<(), Failure> {
    let key = base64::engine::general_purpose::STANDARD.encode(rand::random::<[u8; 16]>());
    let host = match url.port() {
        Some(port) => format!("{}:{port}", url.host_str().unwrap_or_default()),
        None => url.host_str().unwrap_or_default().to_owned(),
    };
    let target = match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_owned(),
    };
    let request = format!(
        "GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\
         Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: {key}\r\n\r\n"
    );
    let io = |e: std::io::Error| Failure::Retry(format!("the handshake failed: {}", e.kind()));
    stream.write_all(request.as_bytes()).await.map_err(io)?;
    stream.flush().await.map_err(io)?;

    // Byte by byte: what follows the head belongs to the WebSocket.
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if head.len() >= MAX_HEAD {
            return Err(Failure::Retry("the handshake's answer is too long".into()));
        }
        if stream.read(&mut byte).await.map_err(io)? == 0 {
            return Err(Failure::Retry(
                "the connection closed during the handshake".into(),
            ));
        }
        head.push(byte[0]);
    }
    let answer = Answer::parse(&head)
        .ok_or_else(|| Failure::Retry("the handshake's answer is not HTTP".into()))?;
    if answer.status != 101 {
        return Err(answer.refusal());
    }
    let accept = derive_accept_key(key.as_bytes());
    let upgraded = answer
        .header("upgrade")
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"));
    if !upgraded || answer.header("sec-websocket-accept") != Some(accept.as_str()) {
        return Err(Failure::Retry(
            "the handshake's answer is not a WebSocket upgrade".into(),
        ));
    }
    Ok(())
}

/// The head of the handshake's answer.
#[derive(Debug)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
}

impl Answer {
    fn parse(head: &[u8]) -> Option<Answer> {
        let text = std::str::from_utf8(head).ok()?;
        let mut lines = text.split("\r\n");
        let status = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
        let headers = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        Some(Answer { status, headers })
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A refused handshake: 403, or 514 for too many connections, stop; others retry.
    fn refusal(&self) -> Failure {
        let number = |name: &str| self.header(name).and_then(|v| v.parse::<i64>().ok());
        let status = number("handshake-status")
            .and_then(|s| u16::try_from(s).ok())
            .unwrap_or(self.status);
        let auth_code = number("handshake-autherrcode");
        if status == 403 || (status == 514 && auth_code == Some(TOO_MANY_CONNECTIONS)) {
            return Failure::Stop(LongConnectionError::HandshakeRefused { status, auth_code });
        }
        Failure::Retry(format!("the handshake was answered HTTP {status}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(head: &str) -> Failure {
        Answer::parse(head.as_bytes()).unwrap().refusal()
    }

    #[test]
    fn refusals_stop_or_retry_by_status_and_code() {
        let stop = refusal("HTTP/1.1 403 Forbidden\r\n\r\n");
        assert!(matches!(
            stop,
            Failure::Stop(LongConnectionError::HandshakeRefused {
                status: 403,
                auth_code: None
            })
        ));
        let stop = refusal(
            "HTTP/1.1 514 x\r\nHandshake-Status: 514\r\nhandshake-autherrcode: 1000040350\r\n\r\n",
        );
        assert!(matches!(
            stop,
            Failure::Stop(LongConnectionError::HandshakeRefused {
                status: 514,
                auth_code: Some(1_000_040_350)
            })
        ));
        let retry = refusal("HTTP/1.1 514 x\r\nHandshake-Autherrcode: 1000040351\r\n\r\n");
        assert!(matches!(retry, Failure::Retry(_)));
        assert!(matches!(
            refusal("HTTP/1.1 502 Bad Gateway\r\n\r\n"),
            Failure::Retry(_)
        ));
    }
}
