//! Which event ids were already taken: a time window of keyed 64-bit hashes with a
//! bounded size.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::hash::{BuildHasher, RandomState};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::clock::{Clock, SystemClock};

/// How long [`Dedup`] remembers an id by default: 8 hours, past the platform's
/// redelivery schedule (retries 15 s, 5 min, 1 h and 6 h after a failed push, about
/// 7.1 hours in all).
pub const DEDUP_WINDOW: Duration = Duration::from_secs(8 * 3600);

/// How many ids [`Dedup`] remembers at most by default: about 52 MB once full (see
/// [`Dedup`]'s memory).
pub const DEDUP_CAPACITY: usize = 1_000_000;

/// Whether an event id is seen for the first time within a window.
///
/// The platform delivers an event at least once and redelivers it when an answer was
/// late or not 200, so the same event id can arrive several times, hours apart. A
/// `Dedup` remembers each id it was given for [`DEDUP_WINDOW`] (or the window it was
/// built with) by the injected [`Clock`].
///
/// Memory is bounded: ids are stored as 64-bit hashes keyed with a random key chosen
/// for each `Dedup` (so ids chosen by a sender cannot be made to collide), at most
/// [`DEDUP_CAPACITY`] of them (or the capacity it was built with). **Past the capacity
/// the oldest id is forgotten**, so a redelivery of it would be taken again; two
/// different ids hashing alike (a chance of about n²/2⁶⁵ among n ids) would make the
/// second look already seen.
///
/// Each id takes 16 bytes in a hash table (its hash and the position of its entry in
/// the queue) and 16 in a queue (when it was taken, in nanoseconds since the `Dedup`
/// was made, and its hash). Both grow by doubling, so with [`DEDUP_CAPACITY`] the
/// table has 2²¹ slots of 17 bytes (one control byte each) and the queue 2²⁰ entries:
/// 35.7 MB + 16.8 MB, about 52 MB (50 MiB) once full, with 17.8 MB more for a moment
/// while the table grows. Another capacity takes between about 35 and 71 bytes per id,
/// as the rounding up to powers of two falls.
///
/// Clones share the same memory.
///
/// ```
/// use std::time::Duration;
/// use lark_helpdesk::{Dedup, ManualClock};
///
/// let clock = ManualClock::new();
/// let dedup = Dedup::with_clock(clock.clone());
/// assert!(dedup.first_seen("ev-1"));
/// assert!(!dedup.first_seen("ev-1"));
/// clock.advance(Duration::from_secs(8 * 3600));
/// assert!(dedup.first_seen("ev-1"));
/// ```
#[derive(Clone)]
pub struct Dedup {
    inner: Arc<Mutex<Inner>>,
    hasher: RandomState,
    clock: Arc<dyn Clock>,
    /// The clock's time when the `Dedup` was made: times are kept as nanoseconds since.
    origin: Instant,
    window: Duration,
    capacity: usize,
}

#[derive(Default)]
struct Inner {
    /// Hashes in the order they were taken, with when (nanoseconds since `origin`).
    order: VecDeque<(u64, u64)>,
    /// How many entries were ever popped from the front of `order`: the entry at index
    /// `i` of `order` is the `popped + i`-th ever pushed.
    popped: u64,
    /// Each remembered hash and the number (as `popped` counts) of its entry in
    /// `order`: an entry of `order` with another number was forgotten and taken again
    /// since, and no longer stands for anything.
    seen: HashMap<u64, u64>,
}

impl Dedup {
    /// A `Dedup` on the system clock, with [`DEDUP_WINDOW`] and [`DEDUP_CAPACITY`].
    pub fn new() -> Self {
        Self::with_options(DEDUP_WINDOW, DEDUP_CAPACITY, SystemClock)
    }

    /// A `Dedup` on `clock` (a [`ManualClock`](crate::ManualClock) in tests), with the
    /// default window and capacity.
    pub fn with_clock(clock: impl Clock) -> Self {
        Self::with_options(DEDUP_WINDOW, DEDUP_CAPACITY, clock)
    }

    /// A `Dedup` remembering ids for `window`, at most `capacity` of them (at least
    /// one), on `clock`.
    pub fn with_options(window: Duration, capacity: usize, clock: impl Clock) -> Self {
        Dedup {
            inner: Arc::new(Mutex::new(Inner::default())),
            hasher: RandomState::new(),
            origin: clock.now(),
            clock: Arc::new(clock),
            window,
            capacity: capacity.max(1),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // The state is consistent after every statement: a panic elsewhere cannot leave
        // it half-written, so a poisoned lock is still usable.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn key(&self, id: &str) -> u64 {
        self.hasher.hash_one(id)
    }

    /// The clock's time, in nanoseconds since `origin` (for 584 years).
    fn now(&self) -> u64 {
        let since = self.clock.now().saturating_duration_since(self.origin);
        u64::try_from(since.as_nanos()).unwrap_or(u64::MAX)
    }

    fn window_nanos(&self) -> u64 {
        u64::try_from(self.window.as_nanos()).unwrap_or(u64::MAX)
    }

    /// Whether `id` is new within the window; if it is, it is remembered from now on.
    pub fn first_seen(&self, id: &str) -> bool {
        let key = self.key(id);
        let now = self.now();
        let mut inner = self.lock();
        inner.expire(now, self.window_nanos());
        if inner.seen.contains_key(&key) {
            return false;
        }
        while inner.order.len() >= self.capacity {
            inner.pop_oldest();
        }
        let number = inner.popped + inner.order.len() as u64;
        inner.order.push_back((now, key));
        inner.seen.insert(key, number);
        true
    }

    /// Forgets `id`, so that its next delivery is taken as new: for an event that was
    /// accepted but could not be handed on.
    pub fn forget(&self, id: &str) {
        let key = self.key(id);
        // Its entry in the queue stays until it expires or is pushed out; its number no
        // longer matches anything remembered, even once the id is taken again.
        self.lock().seen.remove(&key);
    }

    /// How many ids are remembered now (expired ones not counted).
    pub fn len(&self) -> usize {
        let now = self.now();
        let mut inner = self.lock();
        inner.expire(now, self.window_nanos());
        inner.seen.len()
    }

    /// Whether no id is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How long an id is remembered.
    pub fn window(&self) -> Duration {
        self.window
    }

    /// How many ids are remembered at most.
    pub fn capacity(&self) -> usize {
        self.capacity
    }
}

impl Inner {
    fn expire(&mut self, now: u64, window: u64) {
        while let Some(&(at, _)) = self.order.front() {
            if now.saturating_sub(at) < window {
                break;
            }
            self.pop_oldest();
        }
    }

    fn pop_oldest(&mut self) {
        let number = self.popped;
        if let Some((_, key)) = self.order.pop_front() {
            self.popped += 1;
            if self.seen.get(&key) == Some(&number) {
                self.seen.remove(&key);
            }
        }
    }
}

impl Default for Dedup {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for Dedup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Dedup")
            .field("window", &self.window)
            .field("capacity", &self.capacity)
            .field("len", &self.lock().seen.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;

    #[test]
    fn an_id_is_new_once_within_the_window() {
        let clock = ManualClock::new();
        let dedup = Dedup::with_clock(clock.clone());
        assert!(dedup.first_seen("a"));
        assert!(!dedup.first_seen("a"));
        assert!(dedup.first_seen("b"));
        // The platform's last retry comes about 7.1 hours after the first push.
        clock.advance(Duration::from_secs(15 + 300 + 3600 + 6 * 3600));
        assert!(!dedup.first_seen("a"));
        clock.advance(DEDUP_WINDOW);
        assert!(dedup.first_seen("a"));
        assert_eq!(dedup.len(), 1);
    }

    #[test]
    fn clones_share_memory() {
        let dedup = Dedup::with_clock(ManualClock::new());
        let other = dedup.clone();
        assert!(dedup.first_seen("x"));
        assert!(!other.first_seen("x"));
    }

    #[test]
    fn forget_takes_an_id_again() {
        let clock = ManualClock::new();
        let dedup = Dedup::with_options(Duration::from_secs(10), 100, clock.clone());
        assert!(dedup.first_seen("a"));
        dedup.forget("a");
        assert!(dedup.is_empty());
        clock.advance(Duration::from_secs(6));
        assert!(dedup.first_seen("a"));
        // The stale queue entry of the first take expires without forgetting the second.
        clock.advance(Duration::from_secs(5));
        assert!(!dedup.first_seen("a"));
        clock.advance(Duration::from_secs(5));
        assert!(dedup.first_seen("a"));
        dedup.forget("never seen");
    }

    #[test]
    fn a_stale_entry_does_not_push_out_a_retake_at_the_same_instant() {
        let clock = ManualClock::new();
        let dedup = Dedup::with_options(Duration::from_secs(10), 2, clock.clone());
        assert!(dedup.first_seen("a"));
        dedup.forget("a");
        // Taken again at the very same instant: the stale entry of the first take is
        // the oldest of the queue and the new one is the second.
        assert!(dedup.first_seen("a"));
        // "b" pushes the stale entry out, which must not forget the retake.
        assert!(dedup.first_seen("b"));
        assert!(!dedup.first_seen("a"));
        assert_eq!(dedup.len(), 2);
        // And only the retake's own entry ends it.
        assert!(dedup.first_seen("c"));
        assert!(dedup.first_seen("a"));
        // The same by expiry, several forget-and-retake cycles at one instant.
        let dedup = Dedup::with_options(Duration::from_secs(10), 100, clock.clone());
        for _ in 0..3 {
            assert!(dedup.first_seen("x"));
            dedup.forget("x");
        }
        assert!(dedup.first_seen("x"));
        clock.advance(Duration::from_secs(9));
        assert!(!dedup.first_seen("x"));
        clock.advance(Duration::from_secs(1));
        assert!(dedup.first_seen("x"));
    }

    #[test]
    fn past_the_capacity_the_oldest_is_forgotten() {
        let dedup = Dedup::with_options(DEDUP_WINDOW, 3, ManualClock::new());
        for id in ["a", "b", "c", "d"] {
            assert!(dedup.first_seen(id));
        }
        assert_eq!(dedup.len(), 3);
        assert!(!dedup.first_seen("d"));
        assert!(!dedup.first_seen("b"));
        assert!(dedup.first_seen("a"));
        // Forget-and-retake cycles cannot grow the queue past the capacity.
        for _ in 0..100 {
            dedup.forget("z");
            dedup.first_seen("z");
        }
        assert!(dedup.lock().order.len() <= 3);
        assert_eq!(
            Dedup::with_options(DEDUP_WINDOW, 0, SystemClock).capacity(),
            1
        );
    }

    #[test]
    fn keys_differ_between_dedups() {
        let (a, b) = (Dedup::new(), Dedup::new());
        assert_ne!(a.key("same"), b.key("same"));
        assert!(!format!("{a:?}").contains("same"));
    }
}
