//! Where `listen` and `export --follow` get their events: HTTP callbacks (`--http ADDR`,
//! the SDK's receiver, which verifies every request and drops duplicates) or the long
//! connection (`--ws`, the SDK's client, duplicates dropped here by the same rule), after
//! `subscribe_events` for the helpdesk events that need it.

use std::io::Write;
use std::path::Path;

use lark_helpdesk::{Client, ConnectionState, Dedup, Event, LongConnection, ops};
use tokio::sync::{mpsc, watch};

use crate::args::EventSource;
use crate::exit::CliError;

/// How many events wait for the command at most: beyond, an HTTP callback is answered
/// 503 (the platform pushes it again later) and the long connection waits before
/// acknowledging.
pub const QUEUE: usize = 1024;

/// A running source of events.
pub struct Listening {
    /// The verified events, each once, in the order they were received.
    pub events: mpsc::Receiver<Event>,
    /// How many times the long connection came back after it was lost (events of the
    /// gap may be lost); stays 0 for HTTP callbacks, whose missed deliveries the platform
    /// pushes again.
    pub reconnects: watch::Receiver<u64>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<Result<(), CliError>>>,
}

impl Listening {
    /// Stops taking events and waits for the source to close: from then on an event the
    /// platform sends is refused (a callback answered 503, a long-connection event
    /// answered 500), so that it pushes it again to whoever listens next. The events
    /// taken before stay in [`events`](Self::events) (closed) to be read; returns how
    /// many there are.
    pub async fn stop(&mut self) -> usize {
        self.events.close();
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take()
            && let Err(e) = task.await.unwrap_or(Ok(()))
        {
            tracing::warn!(error = ?e, "the event source stopped with an error");
        }
        self.events.len()
    }

    /// Why the source ended by itself (its channel closed).
    pub async fn ended(&mut self) -> CliError {
        match self.task.take() {
            Some(task) => match task.await {
                Ok(Err(e)) => e,
                Ok(Ok(())) => CliError::Other("the event source stopped".into()),
                Err(e) => CliError::Other(format!("the event source failed: {e}")),
            },
            None => CliError::Other("the event source stopped".into()),
        }
    }
}

/// A secret from `file`, else from the environment variable `var`.
fn secret(flag: &str, file: Option<&Path>, var: &str) -> Result<Option<String>, CliError> {
    if let Some(path) = file {
        return crate::config::read_secret(flag, path).map(Some);
    }
    Ok(std::env::var(var).ok().filter(|v| !v.is_empty()))
}

/// The Encrypt Key and Verification Token of `source` (files, else `LARK_ENCRYPT_KEY`
/// and `LARK_VERIFICATION_TOKEN`).
pub fn secrets(source: &EventSource) -> Result<(Option<String>, Option<String>), CliError> {
    Ok((
        secret(
            "--encrypt-key-file",
            source.encrypt_key_file.as_deref(),
            ENCRYPT_KEY,
        )?,
        secret(
            "--verification-token-file",
            source.verification_token_file.as_deref(),
            VERIFICATION_TOKEN,
        )?,
    ))
}

/// The variable holding the Encrypt Key.
pub const ENCRYPT_KEY: &str = "LARK_ENCRYPT_KEY";
/// The variable holding the Verification Token.
pub const VERIFICATION_TOKEN: &str = "LARK_VERIFICATION_TOKEN";

/// Subscribes the helpdesk events that need it, unless `--no-subscribe`.
async fn subscribe(client: &Client, source: &EventSource) -> Result<(), CliError> {
    if source.no_subscribe {
        return Ok(());
    }
    let subscribed = client.subscribe_events(ops::EVENTS).await.map_err(|e| {
        CliError::Other(format!(
            "cannot subscribe to the helpdesk events ({e}); the app needs the \
             helpdesk:all:readonly scope and the helpdesk credential, or pass --no-subscribe \
             if they are subscribed already"
        ))
    })?;
    tracing::info!(
        events = ?subscribed.iter().map(|k| k.event_type).collect::<Vec<_>>(),
        "subscribed"
    );
    Ok(())
}

/// Starts the source `source` names: subscribes, then listens.
///
/// # Errors
///
/// [`CliError::Usage`] without `--http` or `--ws`, for `--http` without an Encrypt Key
/// or a Verification Token (unless `--allow-unverified`), or when the address cannot be
/// bound;
/// the subscription's failure.
pub async fn start(client: &Client, source: &EventSource) -> Result<Listening, CliError> {
    let (encrypt_key, verification_token) = secrets(source)?;
    if let Some(addr) = source.http {
        let verified = encrypt_key.is_some() || verification_token.is_some();
        if !verified && !source.allow_unverified {
            return Err(CliError::Usage {
                message: format!(
                    "neither {ENCRYPT_KEY} nor {VERIFICATION_TOKEN} is set: anyone who reaches \
                     {addr} could send events"
                ),
                hint: Some(
                    "set them from the app's event settings (or --encrypt-key-file, \
                     --verification-token-file), or pass --allow-unverified"
                        .into(),
                ),
            });
        }
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| CliError::Usage {
                message: format!("cannot listen on {addr}: {e}"),
                hint: Some("pick another address with --http, or free that port".into()),
            })?;
        let bound = listener.local_addr().unwrap_or(addr);
        subscribe(client, source).await?;
        let mut config = lark_helpdesk::ReceiverConfig::new();
        if let Some(key) = encrypt_key {
            config = config.encrypt_key(key);
        }
        if let Some(token) = verification_token {
            config = config.verification_token(token);
        }
        let receiver = config.build();
        let (events_tx, events) = mpsc::channel(QUEUE);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            lark_helpdesk::serve(listener, receiver, events_tx, async move {
                let _ = stopped.await;
            })
            .await
            .map_err(|e| CliError::Other(format!("the HTTP receiver failed: {e}")))
        });
        let _ = writeln!(
            std::io::stderr(),
            "receiving events on http://{bound}/ (the app's request URL must reach it)"
        );
        return Ok(Listening {
            events,
            reconnects: watch::channel(0).1,
            stop: Some(stop),
            task: Some(task),
        });
    }
    if source.ws {
        return start_long_connection(client, source).await;
    }
    Err(CliError::Usage {
        message: "where do events come from?".into(),
        hint: Some(
            "add --http ADDR (HTTP callbacks to this address) or --ws (the long connection)".into(),
        ),
    })
}

/// The long connection: subscribes, connects (its state on stderr), and hands on each
/// event seen for the first time; the platform's acknowledgement waits until the event
/// is queued, so a command that falls behind slows the connection instead of losing
/// events.
async fn start_long_connection(
    client: &Client,
    source: &EventSource,
) -> Result<Listening, CliError> {
    subscribe(client, source).await?;
    let (events_tx, events) = mpsc::channel(QUEUE);
    let (reconnected, reconnects) = watch::channel(0u64);
    let connection = LongConnection::new(client).on_state(move |state| {
        let line = match state {
            ConnectionState::Connected { reconnected: false } => {
                "connected: receiving events over the long connection".to_string()
            }
            ConnectionState::Connected { reconnected: true } => {
                reconnected.send_modify(|n| *n += 1);
                "reconnected".to_string()
            }
            ConnectionState::Disconnected { reason } => format!("connection lost: {reason}"),
            ConnectionState::Reconnecting { attempt, delay } => format!(
                "reconnecting in {:.1} s (attempt {attempt})",
                delay.as_secs_f64()
            ),
            _ => return,
        };
        let _ = writeln!(std::io::stderr(), "{line}");
    });
    let dedup = Dedup::new();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let handler = |event: Event| {
            let (events_tx, dedup) = (events_tx.clone(), dedup.clone());
            async move {
                let id = event.id().to_owned();
                if !dedup.first_seen(&id) {
                    tracing::debug!(event_id = %id, "a duplicate: dropped");
                    return Ok(());
                }
                if events_tx.send(event).await.is_err() {
                    // Not taken: the platform pushes it again to whoever listens next.
                    dedup.forget(&id);
                    return Err("the command stopped");
                }
                Ok(())
            }
        };
        connection
            .run(handler, async move {
                let _ = stopped.await;
            })
            .await
            .map_err(|e| CliError::Other(format!("the long connection stopped: {e}")))
    });
    Ok(Listening {
        events,
        reconnects,
        stop: Some(stop),
        task: Some(task),
    })
}
