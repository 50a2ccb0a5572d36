//! The callback pusher: a subscriber of the bus that POSTs each event to the app's
//! request URL as the platform does (encrypted and signed with an Encrypt Key), retrying
//! on its schedule, with the faults of [`PushFault`] when asked.
//!
//! It runs on a thread of its own (a one-thread tokio runtime), so that it works under
//! any runtime of the caller, and stops when the server stops (pushes still waiting for a
//! retry are dropped then).
//!
//! What it keeps is bounded, however long it runs (`mock-server --activity-every`): the
//! record of pushes holds the last [`MAX_RECORDS`], and at most [`MAX_PENDING_RETRIES`]
//! failed events wait for a retry (past them, the oldest waiting is given up).
//!
//! The encryption and the signature are written here again rather than taken from the
//! SDK, on purpose: the fake server is an implementation of the platform of its own,
//! which the SDK's receiver is tested against, and the mock does not depend on the SDK.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aes::Aes256;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use cbc::cipher::{BlockEncryptMut, KeyIvInit, block_padding::Pkcs7};
use sha2::{Digest, Sha256};
use tokio::sync::mpsc::UnboundedReceiver;
use tokio::sync::oneshot;
use tokio::task::AbortHandle;

use super::bus::hex;
use super::{PushFault, PushRecord};

/// What the pusher needs to know.
pub(crate) struct PushConfig {
    /// The request URL events are POSTed to.
    pub(crate) url: String,
    /// The Encrypt Key: with it, bodies are encrypted and signed.
    pub(crate) encrypt_key: Option<String>,
    /// The waits before each retry of a failed push.
    pub(crate) schedule: Vec<Duration>,
    /// How long a push waits for its answer.
    pub(crate) timeout: Duration,
}

/// Pushes recorded at most (the oldest forgotten): see [`MockHelpdesk::pushes`].
///
/// [`MockHelpdesk::pushes`]: crate::MockHelpdesk::pushes
pub(crate) const MAX_RECORDS: usize = 10_000;

/// Failed events waiting for a retry at most: past them, the oldest waiting is given up.
pub(crate) const MAX_PENDING_RETRIES: usize = 10_000;

/// What the server and its pusher share: the faults in force and the record of pushes.
#[derive(Debug, Default)]
pub(crate) struct PushState {
    faults: Mutex<Vec<PushFault>>,
    records: Mutex<VecDeque<PushRecord>>,
}

impl PushState {
    pub(crate) fn faults(&self) -> MutexGuard<'_, Vec<PushFault>> {
        self.faults
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The last [`MAX_RECORDS`] pushes, oldest first.
    pub(crate) fn records(&self) -> MutexGuard<'_, VecDeque<PushRecord>> {
        self.records
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Records a push, forgetting the oldest past [`MAX_RECORDS`].
    fn record(&self, record: PushRecord) {
        let mut records = self.records();
        records.push_back(record);
        while records.len() > MAX_RECORDS {
            records.pop_front();
        }
    }

    /// The faults in force now, as flags.
    fn now(&self) -> Faults {
        let mut f = Faults::default();
        for fault in self.faults().iter() {
            match fault {
                PushFault::Duplicate => f.duplicate = true,
                PushFault::OutOfOrder { batch } => f.out_of_order = Some((*batch).max(1)),
                PushFault::BadSignature => f.bad_signature = true,
                PushFault::Slow(delay) => f.slow = Some(*delay),
            }
        }
        f
    }
}

#[derive(Debug, Default, Clone, Copy)]
struct Faults {
    duplicate: bool,
    out_of_order: Option<usize>,
    bad_signature: bool,
    slow: Option<Duration>,
}

/// The running pusher: dropping it stops it.
#[derive(Debug)]
pub(crate) struct Pusher {
    _stop: oneshot::Sender<()>,
}

/// Starts pushing the events `events` receives.
pub(crate) fn start(
    events: UnboundedReceiver<Arc<str>>,
    config: PushConfig,
    state: Arc<PushState>,
) -> std::io::Result<Pusher> {
    let (stop, stopped) = oneshot::channel();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    std::thread::Builder::new()
        .name("lark-helpdesk-mock events".into())
        .spawn(move || runtime.block_on(run(events, config, state, stopped)))?;
    Ok(Pusher { _stop: stop })
}

/// One event to deliver.
struct Event {
    json: Arc<str>,
    id: String,
    event_type: String,
}

impl Event {
    fn of(json: Arc<str>) -> Event {
        let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
        let header = |field: &str| {
            value["header"][field]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        };
        Event {
            id: header("event_id"),
            event_type: header("event_type"),
            json,
        }
    }
}

/// The first push of each event goes out in the order of the events (one at a time, so a
/// receiver sees them in order unless a fault says otherwise); the retries of a failed
/// one go out on their own schedule, beside the later events.
async fn run(
    mut events: UnboundedReceiver<Arc<str>>,
    config: PushConfig,
    state: Arc<PushState>,
    mut stopped: oneshot::Receiver<()>,
) {
    let Ok(client) = reqwest::Client::builder()
        .no_proxy()
        .timeout(config.timeout)
        .build()
    else {
        return;
    };
    let pushing = Arc::new(Pushing {
        client,
        config,
        state,
        retries: Mutex::new(PendingRetries::new(MAX_PENDING_RETRIES)),
    });
    let mut held: Vec<Event> = Vec::new();
    loop {
        let json = tokio::select! {
            json = events.recv() => json,
            _ = &mut stopped => None,
        };
        let Some(json) = json else { break };
        let faults = pushing.state.now();
        held.push(Event::of(json));
        let batch: Vec<Event> = match faults.out_of_order {
            Some(size) if held.len() < size => continue,
            Some(_) => held.drain(..).rev().collect(),
            None => std::mem::take(&mut held),
        };
        for event in batch {
            let copies = if faults.duplicate { 2 } else { 1 };
            for _ in 0..copies {
                pushing.deliver(&event).await;
            }
        }
    }
}

struct Pushing {
    client: reqwest::Client,
    config: PushConfig,
    state: Arc<PushState>,
    retries: Mutex<PendingRetries>,
}

/// The tasks retrying failed events, oldest first, at most `max` of them waiting.
struct PendingRetries {
    tasks: VecDeque<AbortHandle>,
    max: usize,
    /// How many were given up (aborted) to make room.
    given_up: u64,
}

impl PendingRetries {
    fn new(max: usize) -> Self {
        PendingRetries {
            tasks: VecDeque::new(),
            max: max.max(1),
            given_up: 0,
        }
    }

    /// Adds a retrying task; past `max` still running, the oldest is aborted (its event
    /// given up, as the platform gives up an event after its last retry).
    fn add(&mut self, task: AbortHandle) {
        // Tasks end mostly in the order they began (the same schedule for all): those at
        // the front that ended make room first.
        while self.tasks.front().is_some_and(AbortHandle::is_finished) {
            self.tasks.pop_front();
        }
        while self.tasks.len() >= self.max {
            if let Some(oldest) = self.tasks.pop_front()
                && !oldest.is_finished()
            {
                oldest.abort();
                self.given_up += 1;
            }
        }
        self.tasks.push_back(task);
    }
}

impl Pushing {
    /// Pushes `event` once; if that fails, retries it later (on a task of its own).
    async fn deliver(self: &Arc<Self>, event: &Event) {
        if self.push(event, 1).await {
            return;
        }
        let this = Arc::clone(self);
        let event = Event {
            json: Arc::clone(&event.json),
            id: event.id.clone(),
            event_type: event.event_type.clone(),
        };
        let retries = Arc::clone(self);
        let task = tokio::spawn(async move {
            for (retry, wait) in this.config.schedule.iter().enumerate() {
                tokio::time::sleep(*wait).await;
                let attempt = u32::try_from(retry).unwrap_or(u32::MAX).saturating_add(2);
                if this.push(&event, attempt).await {
                    break;
                }
            }
        });
        retries
            .retries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .add(task.abort_handle());
    }

    /// One push of `event`: whether it was answered 200 in time.
    async fn push(&self, event: &Event, attempt: u32) -> bool {
        let faults = self.state.now();
        if let Some(delay) = faults.slow {
            tokio::time::sleep(delay).await;
        }
        let body = match &self.config.encrypt_key {
            Some(key) => {
                serde_json::to_vec(&serde_json::json!({ "encrypt": encrypt(key, &event.json) }))
                    .expect("a string serialises")
            }
            None => event.json.as_bytes().to_vec(),
        };
        let mut request = self
            .client
            .post(&self.config.url)
            .header("Content-Type", "application/json; charset=utf-8");
        if self.config.encrypt_key.is_some() || faults.bad_signature {
            let timestamp = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
                .to_string();
            let nonce = hex(&rand::random::<[u8; 8]>());
            let key = self.config.encrypt_key.as_deref().unwrap_or_default();
            // A bad one: signed with another key.
            let key = if faults.bad_signature {
                "not the Encrypt Key"
            } else {
                key
            };
            let sig = signature(&timestamp, &nonce, key, &body);
            request = request
                .header("X-Lark-Request-Timestamp", timestamp)
                .header("X-Lark-Request-Nonce", nonce)
                .header("X-Lark-Signature", sig);
        }
        let status = request
            .body(body)
            .send()
            .await
            .ok()
            .map(|answer| answer.status().as_u16());
        self.state.record(PushRecord {
            event_id: event.id.clone(),
            event_type: event.event_type.clone(),
            attempt,
            status,
        });
        status == Some(200)
    }
}

/// The `encrypt` field of an encrypted body: standard base64 of a random 16-byte IV
/// followed by the AES-256-CBC (PKCS#7) ciphertext of `plain`, the key being the SHA-256
/// of the Encrypt Key.
pub(crate) fn encrypt(encrypt_key: &str, plain: &str) -> String {
    let key = Sha256::digest(encrypt_key.as_bytes());
    let iv: [u8; 16] = rand::random();
    let cipher = cbc::Encryptor::<Aes256>::new_from_slices(&key, &iv)
        .expect("a 32-byte key and a 16-byte IV");
    let mut out = iv.to_vec();
    out.extend(cipher.encrypt_padded_vec_mut::<Pkcs7>(plain.as_bytes()));
    STANDARD.encode(out)
}

/// `X-Lark-Signature`: lowercase hex of SHA-256 over `timestamp`, `nonce`, the Encrypt
/// Key and the raw body, with no separator.
pub(crate) fn signature(timestamp: &str, nonce: &str, encrypt_key: &str, body: &[u8]) -> String {
    let digest = Sha256::new()
        .chain_update(timestamp.as_bytes())
        .chain_update(nonce.as_bytes())
        .chain_update(encrypt_key.as_bytes())
        .chain_update(body)
        .finalize();
    hex(&digest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cbc::cipher::BlockDecryptMut;

    fn decrypt(encrypt_key: &str, encrypted: &str) -> String {
        let bytes = STANDARD.decode(encrypted).unwrap();
        let (iv, ciphertext) = bytes.split_at(16);
        let key = Sha256::digest(encrypt_key.as_bytes());
        let plain = cbc::Decryptor::<Aes256>::new_from_slices(&key, iv)
            .unwrap()
            .decrypt_padded_vec_mut::<Pkcs7>(ciphertext)
            .unwrap();
        String::from_utf8(plain).unwrap()
    }

    #[test]
    fn the_record_keeps_the_last_pushes() {
        let state = PushState::default();
        for attempt in 0..=MAX_RECORDS as u32 {
            state.record(PushRecord {
                event_id: String::new(),
                event_type: String::new(),
                attempt,
                status: None,
            });
        }
        let records = state.records();
        assert_eq!(records.len(), MAX_RECORDS);
        assert_eq!(records.front().map(|r| r.attempt), Some(1));
        assert_eq!(records.back().map(|r| r.attempt), Some(MAX_RECORDS as u32));
    }

    #[tokio::test]
    async fn past_the_bound_the_oldest_pending_retry_is_given_up() {
        let mut pending = PendingRetries::new(2);
        let tasks: Vec<_> = (0..3)
            .map(|_| tokio::spawn(std::future::pending::<()>()))
            .collect();
        for task in &tasks {
            pending.add(task.abort_handle());
        }
        assert_eq!((pending.tasks.len(), pending.given_up), (2, 1));
        let mut tasks = tasks.into_iter();
        assert!(tasks.next().unwrap().await.unwrap_err().is_cancelled());
        for task in tasks {
            assert!(!task.is_finished());
            task.abort();
            assert!(task.await.unwrap_err().is_cancelled());
        }
        // Ended tasks at the front make room without giving anything up.
        pending.add(tokio::spawn(async {}).abort_handle());
        assert_eq!(pending.given_up, 1);
    }

    #[test]
    fn the_documented_test_vector_decrypts() {
        assert_eq!(
            decrypt("test key", "P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk="),
            "hello world"
        );
    }

    #[test]
    fn what_is_encrypted_decrypts_with_a_fresh_iv_each_time() {
        let a = encrypt("k", r#"{"schema":"2.0"}"#);
        let b = encrypt("k", r#"{"schema":"2.0"}"#);
        assert_ne!(a, b);
        assert_eq!(decrypt("k", &a), r#"{"schema":"2.0"}"#);
    }

    #[test]
    fn the_signature_is_lowercase_hex_of_the_concatenation() {
        let expected = hex(&Sha256::digest(b"1n k{\"encrypt\":\"x\"}"));
        assert_eq!(signature("1", "n ", "k", br#"{"encrypt":"x"}"#), expected);
        assert_eq!(expected.len(), 64);
        assert_eq!(expected, expected.to_lowercase());
    }
}
