//! The client's limiter: how many requests of each operation are out at once, and how
//! fast they start, from what the platform says and what the client sees.
//!
//! Per operation (the platform limits each endpoint on its own):
//!
//! - **Requests in flight**, between 1 and [`MAX_IN_FLIGHT`]: three for the operation's
//!   first second (a refusal then costs about three requests, the ones in flight when
//!   the platform's window fills up); then, until a first refusal, one more per answer
//!   (doubling every round trip); after one, additive increase and multiplicative
//!   decrease: each answer adds `1 / cap`, a burst of refusals halves it. A fixed number
//!   ([`Limits::fixed`], what `concurrency(n)` asks for) turns adaptation off.
//! - **Pacing**, once a rate is known: requests start at least `1 / rate` apart. The rate
//!   is the one stated ([`Limits::rate`]), or the platform's `x-ogw-ratelimit-limit` per
//!   one-second window (less a margin), or, when a refusal comes without that header, the
//!   number of requests answered in the second before it.
//! - **A pause** after a refusal: no request of the operation starts before the window
//!   resets: `x-ogw-ratelimit-reset` (whole seconds), or sooner when the requests the
//!   window counted (the limit's number, let out before the refused one) show when it
//!   began.
//!
//! The state machine ([`OpState`]) takes the time as an argument, so its rules are
//! unit-tested with a clock that moves only when told.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The most requests of one operation the limiter lets out at once when it adapts.
pub const MAX_IN_FLIGHT: usize = 16;
/// Requests in flight an operation starts with when it adapts, for its first window.
const INITIAL_IN_FLIGHT: f64 = 3.0;
/// The share of a learned rate the limiter paces at, so that the jitter of a real network
/// does not push two requests into one window.
const RATE_MARGIN: f64 = 0.97;
/// The window the platform's `x-ogw-ratelimit-limit` counts requests in.
const WINDOW: Duration = Duration::from_secs(1);
/// The most request starts an operation remembers (two windows' worth at up to 2,048 a
/// second, far past any limit of the platform's).
const MAX_STARTS: usize = 4096;

/// How the limiter treats the requests of a client.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct Limits {
    /// A fixed number of requests in flight per operation (no adaptation), or `None` to
    /// adapt between 1 and [`MAX_IN_FLIGHT`].
    pub fixed: Option<usize>,
    /// A known rate, requests per second per operation, paced from the first request;
    /// `None` to learn it from the platform.
    pub rate: Option<f64>,
}

impl Default for Limits {
    /// Adapt the requests in flight, learn the rate.
    fn default() -> Self {
        Limits {
            fixed: None,
            rate: None,
        }
    }
}

impl Limits {
    /// A fixed number of requests in flight (at least 1), no adaptation.
    pub fn fixed(in_flight: usize) -> Self {
        Limits {
            fixed: Some(in_flight.max(1)),
            ..Limits::default()
        }
    }

    /// These limits, paced at `per_second` requests a second from the start.
    pub fn with_rate(mut self, per_second: f64) -> Self {
        self.rate = (per_second.is_finite() && per_second > 0.0).then_some(per_second);
        self
    }
}

/// What the answer of one request said, for the limiter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// An answer that was not a rate-limit refusal.
    Answered,
    /// A rate-limit refusal, with the platform's headers when it sent them.
    RateLimited {
        limit: Option<u32>,
        reset: Option<Duration>,
    },
    /// No answer (a transport failure): says nothing of the limit.
    NoAnswer,
}

/// The rules for one operation, as a function of time.
#[derive(Debug)]
pub(crate) struct OpState {
    fixed: Option<usize>,
    /// Requests allowed in flight (fractional: additive increase adds `1 / cap`).
    cap: f64,
    /// Requests a second, once known.
    rate: Option<f64>,
    /// The earliest start of the next request.
    next_start: Option<Instant>,
    /// When the platform's window resets after a refusal.
    paused_until: Option<Instant>,
    /// When that pause was decided: a refusal of a request sent before then is of the
    /// same window.
    paused_at: Option<Instant>,
    /// When the requests of the last two windows were let out, oldest first (at most
    /// [`MAX_STARTS`]).
    started: VecDeque<Instant>,
    /// When the answers of the last window came.
    answered: VecDeque<Instant>,
    /// When the cap was last halved: refusals of requests sent before then are of the
    /// same burst, and halve it no further.
    last_decrease: Option<Instant>,
    /// The pace was guessed (no limit header): it creeps up between refusals.
    probing: bool,
    /// When the operation's first request was let out.
    first: Option<Instant>,
    /// When the platform last refused a request, and when a guessed pace was last raised.
    last_refusal: Option<Instant>,
    last_probe: Option<Instant>,
    /// Whether the platform has refused a request of the operation yet.
    refused: bool,
    /// The rate the caller stated: it is never exceeded.
    ceiling: Option<f64>,
}

/// Where a pace comes from.
#[derive(Debug, Clone, Copy)]
enum Pace {
    /// The platform's `x-ogw-ratelimit-limit`.
    Stated(usize),
    /// The requests answered in the window before a refusal.
    Learned(usize),
}

impl OpState {
    pub(crate) fn new(limits: Limits) -> Self {
        OpState {
            fixed: limits.fixed,
            cap: limits.fixed.map_or(INITIAL_IN_FLIGHT, |n| n as f64),
            rate: limits.rate,
            next_start: None,
            paused_until: None,
            paused_at: None,
            started: VecDeque::new(),
            answered: VecDeque::new(),
            last_decrease: None,
            probing: false,
            first: None,
            last_refusal: None,
            last_probe: None,
            refused: false,
            ceiling: limits.rate,
        }
    }

    /// Requests allowed in flight now.
    pub(crate) fn cap(&self) -> usize {
        self.cap.floor().max(1.0) as usize
    }

    /// The pace, once known: requests a second.
    pub(crate) fn rate(&self) -> Option<f64> {
        self.rate
    }

    /// Reserves the start of a request asked for at `now`: when it may go.
    pub(crate) fn reserve(&mut self, now: Instant) -> Instant {
        self.first.get_or_insert(now);
        let mut start = now;
        for t in [self.next_start, self.paused_until].into_iter().flatten() {
            start = start.max(t);
        }
        if let Some(rate) = self.rate {
            self.next_start = Some(start + Duration::from_secs_f64(1.0 / rate));
        }
        start
    }

    /// Notes that a request was let out at `at` (after its [`reserve`](Self::reserve)d
    /// start).
    pub(crate) fn started(&mut self, at: Instant) {
        while self
            .started
            .front()
            .is_some_and(|t| at.saturating_duration_since(*t) > 2 * WINDOW)
            || self.started.len() >= MAX_STARTS
        {
            self.started.pop_front();
        }
        self.started.push_back(at);
    }

    /// The start of the `n`th request let out before the last one let out by `by` (the
    /// refused one, or one let out just after it), if remembered.
    fn start_before(&self, by: Instant, n: usize) -> Option<Instant> {
        self.started
            .iter()
            .rev()
            .filter(|t| **t <= by)
            .nth(n)
            .copied()
    }

    /// Takes in what the answer (at `now`) of a request sent at `sent` said.
    pub(crate) fn record(&mut self, now: Instant, sent: Instant, outcome: Outcome) {
        while self
            .answered
            .front()
            .is_some_and(|t| now.duration_since(*t) > WINDOW)
        {
            self.answered.pop_front();
        }
        match outcome {
            Outcome::NoAnswer => {}
            Outcome::Answered => {
                self.answered.push_back(now);
                if self.fixed.is_none() {
                    let growth = match (self.refused, self.first) {
                        (true, _) => 1.0 / self.cap,
                        // The first window: held, so that a limit found there costs little.
                        (false, Some(first)) if now.duration_since(first) < WINDOW => 0.0,
                        (false, _) => 1.0,
                    };
                    self.cap = (self.cap + growth).min(MAX_IN_FLIGHT as f64);
                }
                // A pace guessed from what passed (no limit header) is tried a tenth
                // higher after two quiet windows, and again each window, until refused.
                let quiet_since = self.last_probe.max(self.last_refusal);
                if self.probing
                    && quiet_since.is_some_and(|t| now.duration_since(t) >= 2 * WINDOW)
                    && let Some(rate) = &mut self.rate
                {
                    *rate *= 1.1;
                    self.last_probe = Some(now - WINDOW);
                }
            }
            Outcome::RateLimited { limit, reset } => {
                self.refused = true;
                self.last_refusal = Some(now);
                self.last_probe = None;
                if self.fixed.is_none() && self.last_decrease.is_none_or(|d| sent > d) {
                    self.cap = (self.cap / 2.0).max(1.0);
                    self.last_decrease = Some(now);
                }
                let learned = match limit {
                    Some(limit) if limit > 0 => Pace::Stated(limit as usize),
                    // Without the header: what passed in the window before this refusal.
                    _ => Pace::Learned(self.answered.len().max(1)),
                };
                let per_window = match learned {
                    Pace::Stated(n) | Pace::Learned(n) => n,
                };
                let rate = per_window as f64 / WINDOW.as_secs_f64() * RATE_MARGIN;
                // What the caller stated is a ceiling. The platform's limit is taken as
                // it says; a guess (a sliding second can hold the answers of two of the
                // platform's windows) only ever lowers the pace.
                let rate = match (learned, self.rate) {
                    (Pace::Learned(_), Some(current)) => current.min(rate),
                    _ => rate,
                };
                self.rate = Some(match self.ceiling {
                    Some(ceiling) => ceiling.min(rate),
                    None => rate,
                });
                self.probing = matches!(learned, Pace::Learned(_)) && self.ceiling.is_none();
                let same_window = self.paused_at.is_some_and(|at| sent < at);
                // Without a reset header the platform says nothing of its window: no
                // pause (the retry backs off as for any failure).
                if let Some(reset) = reset {
                    let round_trip = now.saturating_duration_since(sent);
                    let arrived = sent + round_trip / 2;
                    // With the header: the window that refused this request had counted
                    // `limit` requests before it arrived, so it began no later than the
                    // latest arrival of the earliest of them; it is over a window after
                    // that start and a round trip (a generous trip: one way, and
                    // whatever held the request before it left), often well before
                    // `reset`, which is whole seconds. Without the header the count is a
                    // guess, and so is the start: a window and a round trip after the
                    // earliest answer of the last window.
                    let end = match learned {
                        Pace::Stated(n) => self
                            .start_before(arrived, n)
                            .map(|start| start + WINDOW + round_trip),
                        Pace::Learned(_) => self
                            .answered
                            .front()
                            .map(|first| *first + WINDOW + round_trip),
                    };
                    // A bound that ended before the request arrived cannot hold (that
                    // window refused it): others share the limit, and `reset` holds.
                    let shared = end.is_some_and(|end| end <= arrived);
                    let until = match end {
                        Some(end) if !shared => (now + reset).min(end).max(now),
                        _ => now + reset,
                    };
                    // The first refusal of a window bounds its end; the others, of
                    // requests let out later, bound it no tighter, unless they show the
                    // limit shared. A later window's end holds as well.
                    self.paused_until = Some(match self.paused_until {
                        Some(p) if same_window && !shared => p,
                        Some(p) => p.max(until),
                        None => until,
                    });
                    if !same_window {
                        self.paused_at = Some(now);
                    }
                }
                // The pace starts again after a new pause; the starts already reserved
                // within this one stand.
                if !same_window {
                    self.next_start = None;
                }
            }
        }
    }
}

/// The limiter of one client: one [`OpState`] per operation, and the permits that hold
/// its requests in flight.
#[derive(Debug)]
pub(crate) struct Limiter {
    limits: Limits,
    ops: Mutex<HashMap<&'static str, Arc<Op>>>,
}

#[derive(Debug)]
struct Op {
    state: Mutex<OpState>,
    /// As many permits as the cap; resized as it moves.
    slots: Arc<Semaphore>,
    /// Permits handed to the semaphore so far (the cap it reflects).
    granted: Mutex<usize>,
}

/// A request in flight; its slot is given back when it is dropped (or retired, when the
/// cap came down meanwhile).
#[derive(Debug)]
pub(crate) struct Permit {
    slot: Option<OwnedSemaphorePermit>,
    op: Arc<Op>,
}

impl Drop for Permit {
    fn drop(&mut self) {
        let cap = self
            .op
            .state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .cap();
        let mut granted = self.op.granted.lock().unwrap_or_else(|e| e.into_inner());
        if *granted > cap
            && let Some(slot) = self.slot.take()
        {
            slot.forget();
            *granted -= 1;
        }
    }
}

impl Limiter {
    pub(crate) fn new(limits: Limits) -> Self {
        Limiter {
            limits,
            ops: Mutex::new(HashMap::new()),
        }
    }

    fn op(&self, operation: &'static str) -> Arc<Op> {
        let mut ops = self.ops.lock().unwrap_or_else(|e| e.into_inner());
        Arc::clone(ops.entry(operation).or_insert_with(|| {
            let state = OpState::new(self.limits);
            let cap = state.cap();
            Arc::new(Op {
                state: Mutex::new(state),
                slots: Arc::new(Semaphore::new(cap)),
                granted: Mutex::new(cap),
            })
        }))
    }

    /// Waits for a request of `operation` to be let out: a free slot (unless the caller
    /// holds its requests to a number of its own: `adaptive` false), then its start.
    pub(crate) async fn acquire(&self, operation: &'static str, adaptive: bool) -> Permit {
        let op = self.op(operation);
        let slot = match adaptive {
            true => Some(
                Arc::clone(&op.slots)
                    .acquire_owned()
                    .await
                    .expect("the limiter's slots are never closed"),
            ),
            false => None,
        };
        // Built first, so that a request dropped while it waits gives its slot back
        // as any other does.
        let permit = Permit {
            slot,
            op: Arc::clone(&op),
        };
        loop {
            let now = tokio::time::Instant::now().into_std();
            let start = {
                let mut state = op.state.lock().unwrap_or_else(|e| e.into_inner());
                let start = state.reserve(now);
                if start <= now {
                    state.started(now);
                    return permit;
                }
                start
            };
            tracing::debug!(
                operation,
                wait_ms = (start - now).as_millis() as u64,
                "pacing"
            );
            tokio::time::sleep_until(start.into()).await;
            // A refusal that came meanwhile may pause this request too: then reserve
            // again.
            let mut state = op.state.lock().unwrap_or_else(|e| e.into_inner());
            if state.paused_until.is_none_or(|until| until <= start) {
                state.started(tokio::time::Instant::now().into_std());
                return permit;
            }
        }
    }

    /// Takes in what the answer of a request of `operation`, sent at `sent`, said.
    pub(crate) fn record(&self, operation: &'static str, sent: Instant, outcome: Outcome) {
        let op = self.op(operation);
        let now = tokio::time::Instant::now().into_std();
        let (cap, rate) = {
            let mut state = op.state.lock().unwrap_or_else(|e| e.into_inner());
            let before = (state.cap(), state.rate());
            state.record(now, sent, outcome);
            let after = (state.cap(), state.rate());
            if after != before || matches!(outcome, Outcome::RateLimited { .. }) {
                tracing::debug!(
                    operation,
                    in_flight = after.0,
                    rate = after.1,
                    refused = matches!(outcome, Outcome::RateLimited { .. }),
                    "limits"
                );
            }
            after
        };
        let _ = rate;
        // Grown at once; shrunk by the free slots now, and by the others as the requests
        // holding them end (see `Permit`'s drop).
        let mut granted = op.granted.lock().unwrap_or_else(|e| e.into_inner());
        if cap > *granted {
            op.slots.add_permits(cap - *granted);
            *granted = cap;
        } else if cap < *granted {
            // Taken back as they come free: `forget_permits` takes only free ones.
            let taken = op.slots.forget_permits(*granted - cap);
            *granted -= taken;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pace(per_window: u32) -> Duration {
        Duration::from_secs_f64(1.0 / (f64::from(per_window) * RATE_MARGIN))
    }

    fn at(start: Instant, ms: u64) -> Instant {
        start + Duration::from_millis(ms)
    }

    #[test]
    fn three_for_a_second_then_doubling_until_a_refusal_then_one_a_round() {
        let t0 = Instant::now();
        let mut s = OpState::new(Limits::default());
        s.reserve(t0);
        assert_eq!(s.cap(), 3);
        for i in 0..30 {
            s.record(at(t0, 30 * i), at(t0, 30 * i), Outcome::Answered);
        }
        assert_eq!(s.cap(), 3, "held through the first window");
        for i in 0..5 {
            s.record(at(t0, 1_000 + i), at(t0, 1_000 + i), Outcome::Answered);
        }
        assert_eq!(s.cap(), 8, "one more an answer after it");
        for i in 0..50 {
            s.record(at(t0, 1_100 + i), at(t0, 1_100 + i), Outcome::Answered);
        }
        assert_eq!(s.cap(), MAX_IN_FLIGHT, "never past the ceiling");
        s.record(
            at(t0, 1_200),
            at(t0, 1_200),
            Outcome::RateLimited {
                limit: None,
                reset: None,
            },
        );
        assert_eq!(s.cap(), MAX_IN_FLIGHT / 2);
        for i in 0..4 {
            s.record(at(t0, 1_300 + i), at(t0, 1_300 + i), Outcome::Answered);
        }
        assert_eq!(
            s.cap(),
            MAX_IN_FLIGHT / 2,
            "after a refusal: 1 / cap an answer"
        );
        for i in 0..5 {
            s.record(at(t0, 1_400 + i), at(t0, 1_400 + i), Outcome::Answered);
        }
        assert_eq!(s.cap(), MAX_IN_FLIGHT / 2 + 1);
        for i in 0..200 {
            s.record(at(t0, 1_500 + i), at(t0, 1_500 + i), Outcome::Answered);
        }
        assert_eq!(s.cap(), MAX_IN_FLIGHT);
        s.record(
            at(t0, 2_000),
            at(t0, 2_000),
            Outcome::RateLimited {
                limit: None,
                reset: None,
            },
        );
        assert_eq!(s.cap(), MAX_IN_FLIGHT / 2);
        for i in 0..10 {
            s.record(
                at(t0, 2_100 + 100 * i),
                at(t0, 2_100 + 100 * i),
                Outcome::RateLimited {
                    limit: None,
                    reset: None,
                },
            );
        }
        assert_eq!(s.cap(), 1, "never below one");
        s.record(at(t0, 4_000), at(t0, 4_000), Outcome::NoAnswer);
        assert_eq!(s.cap(), 1, "a transport failure says nothing");
    }

    #[test]
    fn the_refusals_of_one_burst_halve_the_cap_once() {
        let t0 = Instant::now();
        let mut s = OpState::new(Limits::default());
        for i in 0..40 {
            s.record(at(t0, i), at(t0, i), Outcome::Answered);
        }
        let cap = s.cap();
        let refused = Outcome::RateLimited {
            limit: Some(20),
            reset: None,
        };
        // Three requests sent before the first refusal came back: one halving.
        for k in 0..3 {
            s.record(at(t0, 100 + k), at(t0, 50 + k), refused);
        }
        assert_eq!(s.cap(), cap / 2);
        // One sent after it: refused again, halved again.
        s.record(at(t0, 300), at(t0, 200), refused);
        assert_eq!(s.cap(), cap / 4);
    }

    #[test]
    fn a_fixed_number_never_moves() {
        let t0 = Instant::now();
        let mut s = OpState::new(Limits::fixed(4));
        for i in 0..50 {
            s.record(at(t0, i), at(t0, i), Outcome::Answered);
        }
        s.record(
            at(t0, 60),
            at(t0, 60),
            Outcome::RateLimited {
                limit: Some(20),
                reset: None,
            },
        );
        assert_eq!(s.cap(), 4);
        assert_eq!(
            s.rate(),
            Some(20.0 * RATE_MARGIN),
            "but it still learns the pace"
        );
    }

    #[test]
    fn the_limit_header_sets_the_pace_and_the_reset_pauses() {
        let t0 = Instant::now();
        let mut s = OpState::new(Limits::default());
        assert_eq!(s.reserve(t0), t0, "no pace before one is known");
        assert_eq!(s.reserve(t0), t0);
        s.record(
            at(t0, 100),
            at(t0, 100),
            Outcome::RateLimited {
                limit: Some(20),
                reset: Some(Duration::from_secs(1)),
            },
        );
        // Paused until the window resets, then one request every 1 / (20 less the margin) s.
        let first = s.reserve(at(t0, 200));
        assert_eq!(
            first,
            at(t0, 1_100),
            "no answer tells when the window began"
        );
        let second = s.reserve(at(t0, 200));
        let gap = second - first;
        assert!(
            (gap.as_secs_f64() - 1.0 / (20.0 * RATE_MARGIN)).abs() < 1e-6,
            "{gap:?}"
        );
        // Asked for long after, a request goes at once.
        assert_eq!(s.reserve(at(t0, 5_000)), at(t0, 5_000));
    }

    #[test]
    fn the_window_ends_a_window_after_the_earliest_start_it_counted() {
        let t0 = Instant::now();
        let mut s = OpState::new(Limits::default());
        // 24 requests let out three at a time every 90 ms, each answered 100 ms later;
        // the 21st (let out at 540 ms) is refused at 640 ms (reset: 1 s, whole seconds).
        let start = |i: u64| 90 * (i / 3);
        for i in 0..24 {
            s.started(at(t0, start(i)));
        }
        for i in 0..20 {
            s.record(at(t0, start(i) + 100), at(t0, start(i)), Outcome::Answered);
        }
        let refused = Outcome::RateLimited {
            limit: Some(20),
            reset: Some(Duration::from_secs(1)),
        };
        s.record(at(t0, 640), at(t0, 540), refused);
        // The window counted the 20 let out before it, the earliest at 0 ms: it is over
        // a window and a round trip after that (1.1 s), not when `reset` says (1.64 s).
        assert_eq!(s.reserve(at(t0, 650)), at(t0, 1_100));
        // The others it refused (let out at 630 ms) bound the end no tighter: the pause
        // stays, and so does the start already reserved within it.
        s.record(at(t0, 730), at(t0, 630), refused);
        s.record(at(t0, 730), at(t0, 630), refused);
        assert_eq!(s.reserve(at(t0, 740)), at(t0, 1_100) + pace(20));
        // Refused after the pause was decided: a later window, whose end holds; the 20
        // before that request (from 90 ms) show it over by 1.19 s, before the refusal
        // came back, so the next goes at once (and paced again from there).
        s.started(at(t0, 1_100));
        s.record(at(t0, 1_200), at(t0, 1_100), refused);
        assert_eq!(s.reserve(at(t0, 1_210)), at(t0, 1_210));
        assert_eq!(s.reserve(at(t0, 1_210)), at(t0, 1_210) + pace(20));
    }

    #[test]
    fn a_window_that_refuses_past_its_computed_end_is_shared_and_the_reset_holds() {
        let t0 = Instant::now();
        let mut s = OpState::new(Limits::default());
        for i in 0..20 {
            s.started(at(t0, 30 * i));
        }
        let refused = Outcome::RateLimited {
            limit: Some(20),
            reset: Some(Duration::from_secs(3)),
        };
        // Let out at 1,250 ms, refused at 1,350: the window of the 20 before it (from
        // 0 ms) was over by 1,100 ms, yet it refused this one: another client counts.
        s.started(at(t0, 1_250));
        s.record(at(t0, 1_350), at(t0, 1_250), refused);
        assert_eq!(s.reserve(at(t0, 1_360)), at(t0, 4_350));
        // A burst let out with it, refused by the same window, looks as if its window
        // ended at 2.35 s: the later end, the reset's, stays.
        for i in 0..20 {
            s.started(at(t0, 1_251 + i / 4));
        }
        s.started(at(t0, 1_260));
        s.record(at(t0, 1_361), at(t0, 1_260), refused);
        assert!(s.reserve(at(t0, 1_370)) >= at(t0, 4_350));
    }

    #[test]
    fn with_too_few_starts_the_reset_holds() {
        let t0 = Instant::now();
        let mut s = OpState::new(Limits::default());
        for i in 0..5 {
            s.started(at(t0, 10 * i));
        }
        s.record(
            at(t0, 150),
            at(t0, 40),
            Outcome::RateLimited {
                limit: Some(20),
                reset: Some(Duration::from_secs(2)),
            },
        );
        assert_eq!(
            s.reserve(at(t0, 160)),
            at(t0, 2_150),
            "the window is shared"
        );
    }

    #[test]
    fn starts_are_remembered_for_two_windows_and_bounded() {
        let t0 = Instant::now();
        let mut s = OpState::new(Limits::default());
        for i in 0..10_000u64 {
            s.started(at(t0, i / 4));
        }
        assert_eq!(s.started.len(), MAX_STARTS);
        s.started(at(t0, 10_000));
        assert_eq!(s.started.len(), 1, "older than two windows: forgotten");
    }

    #[test]
    fn without_the_header_the_pace_is_what_passed_before_the_refusal() {
        let t0 = Instant::now();
        let mut s = OpState::new(Limits::default());
        // 30 answers within the last second, some older ones that no longer count.
        for i in 0..10 {
            s.record(at(t0, i), at(t0, i), Outcome::Answered);
        }
        for i in 0..30 {
            s.record(
                at(t0, 2_000 + 30 * i),
                at(t0, 2_000 + 30 * i),
                Outcome::Answered,
            );
        }
        s.record(
            at(t0, 2_950),
            at(t0, 2_950),
            Outcome::RateLimited {
                limit: None,
                reset: Some(Duration::from_secs(1)),
            },
        );
        let rate = s.rate().expect("learned");
        assert!((rate - 30.0 * RATE_MARGIN).abs() < 1e-9, "{rate}");
    }

    #[test]
    fn a_guessed_pace_creeps_up_a_known_one_stays_and_no_reset_no_pause() {
        let t0 = Instant::now();
        let mut guessed = OpState::new(Limits::default());
        guessed.record(
            t0,
            t0,
            Outcome::RateLimited {
                limit: None,
                reset: None,
            },
        );
        let first = guessed.rate().unwrap();
        assert!(
            (first - RATE_MARGIN).abs() < 1e-9,
            "one answer a second: {first}"
        );
        assert_eq!(
            guessed.reserve(at(t0, 1)),
            at(t0, 1),
            "no reset header: no pause"
        );
        guessed.record(at(t0, 1_000), at(t0, 1_000), Outcome::Answered);
        assert_eq!(guessed.rate(), Some(first), "not within two quiet windows");
        guessed.record(at(t0, 2_000), at(t0, 2_000), Outcome::Answered);
        assert!(
            (guessed.rate().unwrap() - first * 1.1).abs() < 1e-9,
            "a tenth higher"
        );
        guessed.record(at(t0, 2_500), at(t0, 2_500), Outcome::Answered);
        assert!(
            (guessed.rate().unwrap() - first * 1.1).abs() < 1e-9,
            "once a window"
        );
        guessed.record(at(t0, 3_000), at(t0, 3_000), Outcome::Answered);
        assert!((guessed.rate().unwrap() - first * 1.21).abs() < 1e-9);
        let mut known = OpState::new(Limits::default());
        known.record(
            t0,
            t0,
            Outcome::RateLimited {
                limit: Some(20),
                reset: None,
            },
        );
        for i in 0..20 {
            known.record(at(t0, 10 + i), at(t0, 10 + i), Outcome::Answered);
        }
        assert_eq!(
            known.rate(),
            Some(20.0 * RATE_MARGIN),
            "the platform's limit holds"
        );
    }

    #[test]
    fn a_stated_rate_paces_from_the_start_and_only_comes_down() {
        let t0 = Instant::now();
        let mut s = OpState::new(Limits::default().with_rate(10.0));
        assert_eq!(s.reserve(t0), t0);
        assert_eq!(s.reserve(t0), at(t0, 100));
        s.record(
            at(t0, 150),
            at(t0, 150),
            Outcome::RateLimited {
                limit: Some(50),
                reset: Some(Duration::ZERO),
            },
        );
        assert_eq!(
            s.rate(),
            Some(10.0),
            "a higher limit does not raise a stated rate"
        );
        s.record(
            at(t0, 160),
            at(t0, 160),
            Outcome::RateLimited {
                limit: Some(5),
                reset: Some(Duration::ZERO),
            },
        );
        assert_eq!(s.rate(), Some(5.0 * RATE_MARGIN));
    }

    #[tokio::test(start_paused = true)]
    async fn the_limiter_holds_requests_to_the_cap_and_the_pace() {
        let limiter = Arc::new(Limiter::new(Limits::fixed(2).with_rate(10.0)));
        let start = tokio::time::Instant::now();
        let a = limiter.acquire("op", true).await;
        let b = limiter.acquire("op", true).await;
        assert_eq!(
            start.elapsed(),
            Duration::from_millis(100),
            "paced 100 ms apart"
        );
        // A third waits for a slot.
        let waiting = {
            let limiter = Arc::clone(&limiter);
            tokio::spawn(async move { limiter.acquire("op", true).await })
        };
        tokio::task::yield_now().await;
        assert!(!waiting.is_finished());
        drop(a);
        let _c = waiting.await.unwrap();
        assert_eq!(start.elapsed(), Duration::from_millis(200));
        // Other operations have limits of their own.
        let _other = limiter.acquire("other", true).await;
        assert_eq!(start.elapsed(), Duration::from_millis(200));
        drop(b);
        // Every request let out is remembered when it went, paced ones included.
        let started = |op: &'static str| {
            let op = limiter.op(op);
            let state = op.state.lock().unwrap();
            state
                .started
                .iter()
                .map(|t| t.duration_since(start.into_std()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            started("op"),
            [0, 100, 200].map(Duration::from_millis),
            "when each went"
        );
        assert_eq!(started("other"), [Duration::from_millis(200)]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_refusal_shrinks_the_slots_as_they_come_free() {
        let limiter = Limiter::new(Limits::default());
        for _ in 0..40 {
            limiter.record("op", Instant::now(), Outcome::Answered);
        }
        let held: Vec<_> =
            futures::future::join_all((0..8).map(|_| limiter.acquire("op", true))).await;
        limiter.record(
            "op",
            Instant::now(),
            Outcome::RateLimited {
                limit: None,
                reset: Some(Duration::ZERO),
            },
        );
        drop(held);
        let op = limiter.op("op");
        let cap = op.state.lock().unwrap().cap();
        assert_eq!(op.slots.available_permits(), cap);
    }
}
