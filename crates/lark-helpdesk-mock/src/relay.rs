//! The byte relay in front of wiremock, so that an answer can wait (wiremock's responders
//! answer at once): it listens on the mock's address and copies each connection to and
//! from wiremock's own listener unchanged, but for the answers marked with
//! `gate::HOLD_HEADER`, which it holds until their gate opens and sends without the
//! marker.
//!
//! What clients send is copied as it comes, never parsed. The answers (wiremock's, so
//! well-formed) are followed through their HTTP/1 framing to find each head; anything
//! else (HTTP/2, a chunked answer, a head over 64 KiB) is copied as it comes for the
//! rest of the connection.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt as _, AsyncWrite, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

use crate::gate::{Gates, HOLD_HEADER};

/// The largest answer head followed; past it the connection is copied as it comes.
const MAX_HEAD: usize = 64 * 1024;

/// A running relay; dropping it stops it (its connections are closed).
#[derive(Debug)]
pub(crate) struct Relay {
    _stop: watch::Sender<()>,
}

/// Relays `listener` to wiremock at `upstream`, on a thread of its own (as wiremock
/// runs), so that it works under any runtime of the caller.
pub(crate) fn start(
    listener: std::net::TcpListener,
    upstream: SocketAddr,
    gates: Arc<Gates>,
) -> std::io::Result<Relay> {
    listener.set_nonblocking(true)?;
    let (stop, mut stopped) = watch::channel(());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    std::thread::Builder::new()
        .name("lark-helpdesk-mock relay".into())
        .spawn(move || {
            runtime.block_on(async move {
                let Ok(listener) = TcpListener::from_std(listener) else {
                    return;
                };
                loop {
                    tokio::select! {
                        biased;
                        _ = stopped.changed() => break,
                        accepted = listener.accept() => match accepted {
                            Ok((client, _)) => {
                                tokio::spawn(connection(client, upstream, Arc::clone(&gates)));
                            }
                            // Out of descriptors, say: try again shortly.
                            Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
                        },
                    }
                }
            });
            // The runtime is dropped here, and with it every connection.
        })?;
    Ok(Relay { _stop: stop })
}

/// One client connection, relayed to a connection of its own to wiremock. When wiremock
/// closes (a dropped-connection fault, or the end of a keep-alive), so does the relay.
async fn connection(client: TcpStream, upstream: SocketAddr, gates: Arc<Gates>) {
    let Ok(server) = TcpStream::connect(upstream).await else {
        return;
    };
    let _ = client.set_nodelay(true);
    let _ = server.set_nodelay(true);
    let (mut client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = server.into_split();
    let requests = async {
        let _ = tokio::io::copy(&mut client_read, &mut server_write).await;
        let _ = server_write.shutdown().await;
        // The answers may still come: only their end ends the connection.
        std::future::pending::<()>().await;
    };
    tokio::select! {
        () = requests => {}
        _ = answers(&mut server_read, &mut client_write, &gates) => {}
    }
}

/// Where the relay is in the answers of a connection.
enum Framing {
    /// At (or in) a head.
    Head,
    /// In a body, with this many bytes left.
    Body(u64),
    /// Not followed any more: copied as it comes.
    Raw,
}

/// Copies wiremock's answers to the client, holding the marked ones at their gate.
async fn answers<R, W>(from: &mut R, to: &mut W, gates: &Gates) -> std::io::Result<()>
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut buf = vec![0u8; 8 * 1024];
    let mut pending: Vec<u8> = Vec::new();
    let mut framing = Framing::Head;
    loop {
        while !pending.is_empty() {
            match framing {
                Framing::Raw => {
                    to.write_all(&pending).await?;
                    pending.clear();
                }
                Framing::Body(left) => {
                    let take = usize::try_from(left)
                        .unwrap_or(usize::MAX)
                        .min(pending.len());
                    to.write_all(&pending[..take]).await?;
                    pending.drain(..take);
                    let left = left - take as u64;
                    framing = if left == 0 {
                        Framing::Head
                    } else {
                        Framing::Body(left)
                    };
                }
                Framing::Head => {
                    let prefix = &pending[..pending.len().min(7)];
                    if !b"HTTP/1.".starts_with(prefix) {
                        framing = Framing::Raw;
                        continue;
                    }
                    let Some(end) = find(&pending, b"\r\n\r\n").map(|i| i + 4) else {
                        if pending.len() > MAX_HEAD {
                            framing = Framing::Raw;
                            continue;
                        }
                        break; // the rest of the head is on its way
                    };
                    let head = Head::read(&pending[..end]);
                    if let Some(gate) = head.hold {
                        gates.hold(gate).await;
                    }
                    to.write_all(&head.bytes).await?;
                    pending.drain(..end);
                    framing = match head.body {
                        None => Framing::Raw,
                        Some(0) => Framing::Head,
                        Some(n) => Framing::Body(n),
                    };
                }
            }
        }
        to.flush().await?;
        let n = from.read(&mut buf).await?;
        if n == 0 {
            return Ok(());
        }
        pending.extend_from_slice(&buf[..n]);
    }
}

/// An answer's head as the relay sends it.
struct Head {
    /// The head without the marker.
    bytes: Vec<u8>,
    /// The gate of a marked answer.
    hold: Option<u64>,
    /// The length of the body; `None`: not known (chunked, or a length not read).
    body: Option<u64>,
}

impl Head {
    /// Reads a whole head (up to its blank line).
    fn read(head: &[u8]) -> Head {
        let mut bytes = Vec::with_capacity(head.len());
        let mut hold = None;
        let mut length: Option<u64> = Some(0);
        let mut status = 0u16;
        for (i, line) in head.split_inclusive(|b| *b == b'\n').enumerate() {
            if i == 0 {
                status = std::str::from_utf8(line)
                    .ok()
                    .and_then(|l| l.split(' ').nth(1)?.parse().ok())
                    .unwrap_or(0);
                bytes.extend_from_slice(line);
                continue;
            }
            let text = std::str::from_utf8(line).unwrap_or_default();
            if let Some((name, value)) = text.split_once(':') {
                let (name, value) = (name.trim(), value.trim());
                if name.eq_ignore_ascii_case(HOLD_HEADER) {
                    hold = value.parse().ok();
                    continue;
                }
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.parse().ok();
                } else if name.eq_ignore_ascii_case("transfer-encoding") {
                    length = None;
                }
            }
            bytes.extend_from_slice(line);
        }
        // Informational answers, 204 and 304 have no body whatever their headers say.
        let body = if (100..200).contains(&status) || status == 204 || status == 304 {
            Some(0)
        } else {
            length
        };
        Head { bytes, hold, body }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_marker_is_taken_out_of_the_head() {
        let head = Head::read(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-lark-mock-hold: 7\r\ncontent-length: 12\r\n\r\n",
        );
        assert_eq!(head.hold, Some(7));
        assert_eq!(head.body, Some(12));
        assert_eq!(
            head.bytes,
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 12\r\n\r\n"
        );
        let head = Head::read(b"HTTP/1.1 204 No Content\r\ncontent-length: 3\r\n\r\n");
        assert_eq!((head.hold, head.body), (None, Some(0)));
        let head = Head::read(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n");
        assert_eq!(head.body, None);
    }

    #[tokio::test]
    async fn answers_are_copied_whole_across_reads() {
        let gates = Gates::default();
        let stream = b"HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\nabcdHTTP/1.1 302 Found\r\nlocation: /x\r\ncontent-length: 0\r\n\r\nHTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n\r\n";
        for split in [1, 3, 7, 40, stream.len()] {
            let (mut writer, mut reader) = tokio::io::duplex(16);
            let chunks: Vec<Vec<u8>> = stream.chunks(split).map(<[u8]>::to_vec).collect();
            let feed = async move {
                for chunk in chunks {
                    writer.write_all(&chunk).await.unwrap();
                }
            };
            let mut out = Vec::new();
            let copy = answers(&mut reader, &mut out, &gates);
            let ((), copied) = tokio::join!(feed, copy);
            copied.unwrap();
            assert_eq!(out, stream, "split {split}");
        }
    }

    #[tokio::test]
    async fn a_marked_answer_waits_for_its_gate() {
        let gates = Arc::new(Gates::default());
        let gate = gates.close();
        let id = gates.closed().unwrap();
        let stream =
            format!("HTTP/1.1 200 OK\r\n{HOLD_HEADER}: {id}\r\ncontent-length: 2\r\n\r\nok");
        let (mut writer, mut reader) = tokio::io::duplex(1024);
        writer.write_all(stream.as_bytes()).await.unwrap();
        drop(writer);
        let relayed = {
            let gates = Arc::clone(&gates);
            tokio::spawn(async move {
                let mut out = Vec::new();
                answers(&mut reader, &mut out, &gates).await.unwrap();
                out
            })
        };
        gate.until_waiting(1).await;
        assert_eq!(gate.waiting(), 1);
        assert!(!relayed.is_finished());
        gate.release();
        let out = relayed.await.unwrap();
        assert_eq!(out, b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok");
        assert_eq!(gate.waiting(), 0);
    }

    #[tokio::test]
    async fn http2_and_other_bytes_are_copied_as_they_come() {
        let gates = Gates::default();
        let stream = b"\x00\x00\x12\x04\x00\x00\x00\x00\x00 not http/1 \r\n\r\n";
        let mut out = Vec::new();
        answers(&mut &stream[..], &mut out, &gates).await.unwrap();
        assert_eq!(out, stream);
    }
}
