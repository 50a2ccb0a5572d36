//! The event bus: every change the server sees, as the schema 2.0 event the platform
//! would send for it, handed to every subscriber.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde::Serialize;
use sha2::{Digest, Sha256};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

/// The header of a schema 2.0 event, its fields in the order of the platform's examples.
#[derive(Serialize)]
struct Header<'a> {
    event_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    token: Option<&'a str>,
    create_time: String,
    event_type: &'a str,
    tenant_key: &'a str,
    app_id: &'a str,
}

/// A schema 2.0 event: `schema`, `header`, `event`, in that order.
#[derive(Serialize)]
struct Envelope<'a, E> {
    schema: &'static str,
    header: Header<'a>,
    event: &'a E,
}

/// What the header of every event of one server says.
#[derive(Debug, Clone)]
pub(crate) struct Identity {
    /// `header.app_id`: the mock's app.
    pub(crate) app_id: String,
    /// `header.tenant_key`.
    pub(crate) tenant_key: String,
    /// `header.token`: the Verification Token, when one is configured.
    pub(crate) verification_token: Option<String>,
}

/// The bus of one server (see [`crate::events`] for how to consume it).
#[derive(Debug)]
pub(crate) struct Bus {
    identity: Identity,
    subscribers: Mutex<Vec<UnboundedSender<Arc<str>>>>,
    /// Counts the events of this bus (part of each `event_id`).
    emitted: AtomicU64,
    /// Makes the `event_id`s of this bus differ from those of any other.
    salt: u64,
}

impl Bus {
    pub(crate) fn new(identity: Identity, salt: u64) -> Self {
        Bus {
            identity,
            subscribers: Mutex::new(Vec::new()),
            emitted: AtomicU64::new(0),
            salt,
        }
    }

    fn subscribers(&self) -> std::sync::MutexGuard<'_, Vec<UnboundedSender<Arc<str>>>> {
        self.subscribers
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A receiver of every event emitted from now on: each one's JSON text (the schema
    /// 2.0 envelope, plain: encryption is the business of whoever delivers it), in the
    /// order they were emitted. The channel is unbounded (a subscriber that does not read
    /// holds every event in memory); dropping the receiver unsubscribes. It closes when
    /// the server stops.
    pub(crate) fn subscribe(&self) -> UnboundedReceiver<Arc<str>> {
        let (sender, receiver) = unbounded_channel();
        self.subscribers().push(sender);
        receiver
    }

    /// Whether anyone listens (events are not even built otherwise).
    pub(crate) fn has_subscribers(&self) -> bool {
        let mut subscribers = self.subscribers();
        subscribers.retain(|s| !s.is_closed());
        !subscribers.is_empty()
    }

    /// A fresh `event_id`: 32 lowercase hex digits, unique per event and per server.
    fn next_event_id(&self) -> String {
        let n = self.emitted.fetch_add(1, Ordering::Relaxed);
        let digest = Sha256::new()
            .chain_update(self.salt.to_le_bytes())
            .chain_update(n.to_le_bytes())
            .finalize();
        hex(&digest[..16])
    }

    /// Emits an event of `event_type` whose `event` is `event`, sent at `create_time_ms`
    /// (the server's clock): its envelope goes to every subscriber. Returns its JSON.
    pub(crate) fn emit<E: Serialize>(
        &self,
        event_type: &str,
        create_time_ms: i64,
        event: &E,
    ) -> Arc<str> {
        let id = self.next_event_id();
        let envelope = Envelope {
            schema: "2.0",
            header: Header {
                event_id: &id,
                token: self.identity.verification_token.as_deref(),
                create_time: create_time_ms.to_string(),
                event_type,
                tenant_key: &self.identity.tenant_key,
                app_id: &self.identity.app_id,
            },
            event,
        };
        let json: Arc<str> = serde_json::to_string(&envelope)
            .expect("an event serialises")
            .into();
        self.subscribers()
            .retain(|s| s.send(Arc::clone(&json)).is_ok());
        json
    }
}

/// Lowercase hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subscribers_get_every_event_after_subscribing_with_fresh_ids() {
        let bus = Bus::new(
            Identity {
                app_id: "cli_a".into(),
                tenant_key: "t".into(),
                verification_token: Some("v".into()),
            },
            7,
        );
        bus.emit("x.y_v1", 1, &serde_json::json!({"a": 1}));
        let mut rx = bus.subscribe();
        assert!(bus.has_subscribers());
        bus.emit("x.y_v1", 2, &serde_json::json!({"a": 2}));
        bus.emit("x.z_v1", 3, &serde_json::json!({"a": 3}));
        let first: serde_json::Value = serde_json::from_str(&rx.try_recv().unwrap()).unwrap();
        let second: serde_json::Value = serde_json::from_str(&rx.try_recv().unwrap()).unwrap();
        assert!(rx.try_recv().is_err());
        assert_eq!(first["schema"], "2.0");
        assert_eq!(first["header"]["event_type"], "x.y_v1");
        assert_eq!(first["header"]["create_time"], "2");
        assert_eq!(first["header"]["token"], "v");
        assert_eq!(first["header"]["app_id"], "cli_a");
        assert_eq!(first["event"]["a"], 2);
        assert_eq!(second["header"]["event_type"], "x.z_v1");
        assert_ne!(first["header"]["event_id"], second["header"]["event_id"]);
        assert_eq!(first["header"]["event_id"].as_str().unwrap().len(), 32);
        drop(rx);
        assert!(!bus.has_subscribers());
    }
}
