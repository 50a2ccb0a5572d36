//! Time as the token cache sees it: the system's, or one that a test moves by hand.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A source of the current time, for deciding when a cached token is due for refresh.
///
/// The client uses [`SystemClock`]; a test gives it a [`ManualClock`] and moves time on
/// instead of sleeping.
pub trait Clock: Send + Sync + 'static {
    /// The current time.
    fn now(&self) -> Instant;

    /// The current wall-clock time, Unix milliseconds (for what outlives the process: a
    /// stored token's expiry).
    fn unix_ms(&self) -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
    }
}

/// The system's monotonic clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
}

/// A clock that stands still until [`advance`](Self::advance)d; clones share the time.
///
/// ```
/// use lark_helpdesk::{Clock, ManualClock};
/// let clock = ManualClock::new();
/// let before = clock.now();
/// clock.advance(std::time::Duration::from_secs(7200));
/// assert_eq!(clock.now() - before, std::time::Duration::from_secs(7200));
/// ```
#[derive(Clone)]
pub struct ManualClock {
    start: Instant,
    start_unix_ms: i64,
    elapsed: Arc<Mutex<Duration>>,
}

impl ManualClock {
    /// A clock at the current time, standing still.
    pub fn new() -> Self {
        ManualClock {
            start: Instant::now(),
            start_unix_ms: SystemClock.unix_ms(),
            elapsed: Arc::new(Mutex::new(Duration::ZERO)),
        }
    }

    /// Moves the clock (and every clone of it) `by` forward.
    pub fn advance(&self, by: Duration) {
        *self.elapsed.lock().unwrap_or_else(|e| e.into_inner()) += by;
    }
}

impl Default for ManualClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Instant {
        self.start + *self.elapsed.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn unix_ms(&self) -> i64 {
        let elapsed = *self.elapsed.lock().unwrap_or_else(|e| e.into_inner());
        self.start_unix_ms
            .saturating_add(i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX))
    }
}

impl fmt::Debug for ManualClock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ManualClock")
            .field(
                "elapsed",
                &*self.elapsed.lock().unwrap_or_else(|e| e.into_inner()),
            )
            .finish()
    }
}
