//! Holding the token endpoint's refresh answers until a test releases them
//! ([`crate::MockHelpdesk::hold_refreshes`]).
//!
//! wiremock answers synchronously, so the answer cannot wait in the server: the refresh
//! is served at once, its answer marked with [`HOLD_HEADER`], and the byte relay in front
//! of wiremock (`relay.rs`) holds the marked answer, the header taken out, until the gate
//! opens.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::watch;

/// The header that marks an answer to hold, its value the gate's id. Never reaches a
/// client: the relay takes it out.
pub(crate) const HOLD_HEADER: &str = "x-lark-mock-hold";

/// A gate held by a test: refresh answers wait at it until [`release`](Gate::release)
/// (or until it is dropped). From [`MockHelpdesk::hold_refreshes`](crate::MockHelpdesk::hold_refreshes).
pub struct Gate {
    state: Arc<GateState>,
}

struct GateState {
    id: u64,
    open: watch::Sender<bool>,
    waiting: watch::Sender<usize>,
}

impl fmt::Debug for Gate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gate")
            .field("open", &*self.state.open.borrow())
            .field("waiting", &self.waiting())
            .finish()
    }
}

impl Gate {
    /// How many refresh answers wait at the gate now (each refresh was applied when it
    /// arrived: its old refresh token is dead already).
    pub fn waiting(&self) -> usize {
        *self.state.waiting.borrow()
    }

    /// Waits until at least `n` refresh answers wait at the gate (no polling of the wall
    /// clock: the relay wakes it). Put a timeout around it in tests.
    pub async fn until_waiting(&self, n: usize) {
        let mut waiting = self.state.waiting.subscribe();
        // `Err` only when the sender is dropped, which `self` prevents.
        let _ = waiting.wait_for(|w| *w >= n).await;
    }

    /// Opens the gate: every answer waiting is sent now, and the refreshes that come
    /// afterwards are not held. [`MockHelpdesk::hold_refreshes`](crate::MockHelpdesk::hold_refreshes)
    /// closes a new one.
    pub fn release(&self) {
        self.state.open.send_replace(true);
    }
}

impl Drop for Gate {
    /// A gate forgotten by a test does not hold answers for ever.
    fn drop(&mut self) {
        self.release();
    }
}

/// The gate in force on a server (at most one: holding again replaces it).
#[derive(Default)]
pub(crate) struct Gates {
    current: Mutex<Option<Arc<GateState>>>,
    next_id: AtomicU64,
}

impl fmt::Debug for Gates {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gates")
            .field("closed", &self.closed().is_some())
            .finish()
    }
}

impl Gates {
    fn current(&self) -> std::sync::MutexGuard<'_, Option<Arc<GateState>>> {
        self.current
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A new closed gate, in force from now on.
    pub(crate) fn close(&self) -> Gate {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed) + 1;
        let state = Arc::new(GateState {
            id,
            open: watch::Sender::new(false),
            waiting: watch::Sender::new(0),
        });
        *self.current() = Some(Arc::clone(&state));
        Gate { state }
    }

    /// The id of the gate in force, when it is closed (the value of [`HOLD_HEADER`]).
    pub(crate) fn closed(&self) -> Option<u64> {
        self.current()
            .as_ref()
            .filter(|g| !*g.open.borrow())
            .map(|g| g.id)
    }

    /// Waits at the gate `id` (counted among its waiting answers) until it opens; at
    /// once when it is no longer the gate in force or is open.
    pub(crate) async fn hold(&self, id: u64) {
        let Some(state) = self.current().as_ref().filter(|g| g.id == id).cloned() else {
            return;
        };
        let mut open = state.open.subscribe();
        state.waiting.send_modify(|w| *w += 1);
        // Counted down however the wait ends (the relay's runtime may drop it).
        struct Waiting<'a>(&'a GateState);
        impl Drop for Waiting<'_> {
            fn drop(&mut self) {
                self.0.waiting.send_modify(|w| *w = w.saturating_sub(1));
            }
        }
        let _waiting = Waiting(&state);
        // `Err` only when the sender is dropped, which `state` prevents.
        let _ = open.wait_for(|o| *o).await;
    }
}
