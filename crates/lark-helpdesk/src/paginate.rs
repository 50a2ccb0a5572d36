//! Walking every page of a listing as a stream: pages fetched ahead on tasks of their own,
//! their requests sent in page order, stopping at `total` or a short page, never looping
//! and never yielding an item twice. Any listing plugs in through [`Walk`].

use std::collections::HashSet;
use std::future::Future;
use std::hash::{BuildHasherDefault, Hasher};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};

use futures::stream::{FuturesOrdered, Stream, StreamExt};
use tokio::sync::{Notify, Semaphore};

use crate::credentials::BoxFuture;
use crate::error::{Error, PaginationError, PaginationErrorKind};
use crate::transport::Admission;

/// The most a page holds, of every listing: `page_size` goes from 1 to this (the
/// conformance harness checks it against the spec).
pub(crate) const PAGE_SIZE_MAX: u64 = 200;

/// The page and page size of a request (`default_size` when unset), checked: pages
/// start at 1, sizes go from 1 to [`PAGE_SIZE_MAX`].
pub(crate) fn paging(
    page: Option<u64>,
    size: Option<u64>,
    default_size: u64,
) -> Result<(u64, u64), Error> {
    let page = page.unwrap_or(1);
    if page < 1 {
        return Err(Error::invalid("page", "pages start at 1"));
    }
    let size = size.unwrap_or(default_size);
    if !(1..=PAGE_SIZE_MAX).contains(&size) {
        return Err(Error::invalid(
            "page_size",
            format!("{size} is outside 1..={PAGE_SIZE_MAX}"),
        ));
    }
    Ok((page, size))
}

/// One page of a listing, as fetched.
#[derive(Debug, Clone)]
pub(crate) struct Batch<T> {
    /// The items, in the platform's order (without those yielded before, once walked).
    pub(crate) items: Vec<T>,
    /// How many items the answer held (before any were left out as repeats).
    pub(crate) received: usize,
    /// The platform's count of all items, if sent.
    pub(crate) total: Option<u64>,
    /// The page number (from 1).
    pub(crate) page: u64,
    /// The page size asked for.
    pub(crate) page_size: u64,
    /// The answer's log id.
    pub(crate) log_id: Option<String>,
}

impl<T> Batch<T> {
    /// Whether no page follows: the answer was short or empty, or reaches `total`.
    pub(crate) fn is_last(&self) -> bool {
        (self.received as u64) < self.page_size
            || self
                .total
                .is_some_and(|total| self.page.saturating_mul(self.page_size) >= total)
    }
}

/// A listing that can be walked page by page.
pub(crate) trait Walk: Send + Sync + 'static {
    /// What a page lists.
    type Item: Send + 'static;

    /// Fetches page `page`; each of its attempts waits for `slot` first.
    fn fetch(
        self: Arc<Self>,
        page: u64,
        slot: PageSlot,
    ) -> impl Future<Output = Result<Batch<Self::Item>, Error>> + Send + 'static;

    /// The id that tells an item from the others ("" when it has none).
    fn id(item: &Self::Item) -> &str;

    /// What is walked, for errors and logs (`ticket 6948728206392295444`).
    fn describe(&self) -> String;
}

/// The pages of `walk` from `first_page` on, `concurrency` requests at a time: a fixed
/// number, or `None` for as many as the client's limiter lets out.
pub(crate) fn pages<W: Walk>(
    walk: Arc<W>,
    first_page: u64,
    concurrency: Option<usize>,
) -> impl Stream<Item = Result<Batch<W::Item>, Error>> + Send + 'static {
    unfold(Pager::new(walk, first_page, concurrency))
}

/// The pages of `walk` from `first` (already fetched) on.
pub(crate) fn pages_after<W: Walk>(
    walk: Arc<W>,
    first: Batch<W::Item>,
    concurrency: Option<usize>,
) -> impl Stream<Item = Result<Batch<W::Item>, Error>> + Send + 'static {
    let mut pager = Pager::new(walk, first.page.saturating_add(1), concurrency);
    pager
        .in_flight
        .push_back(Box::pin(std::future::ready(Ok(first))));
    unfold(pager)
}

fn unfold<W: Walk>(
    pager: Pager<W>,
) -> impl Stream<Item = Result<Batch<W::Item>, Error>> + Send + 'static {
    futures::stream::unfold(pager, |mut pager| async move {
        let item = pager.next().await?;
        Some((item, pager))
    })
}

/// Runs `fetch` on its own tokio task (aborted when dropped), or in place outside a
/// runtime.
fn spawn<T: Send + 'static>(
    fetch: impl Future<Output = Result<T, Error>> + Send + 'static,
) -> BoxFuture<'static, Result<T, Error>> {
    match tokio::runtime::Handle::try_current() {
        Ok(runtime) => Box::pin(Task(runtime.spawn(fetch))),
        Err(_) => Box::pin(fetch),
    }
}

/// A spawned page fetch, aborted when the stream drops it.
struct Task<T>(tokio::task::JoinHandle<Result<T, Error>>);

impl<T> Future for Task<T> {
    type Output = Result<T, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.0).poll(cx).map(|joined| match joined {
            Ok(result) => result,
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(_) => Err(Error::Pagination(PaginationError {
                walk: "a listing".into(),
                page: 0,
                kind: PaginationErrorKind::Cancelled,
            })),
        })
    }
}

impl<T> Drop for Task<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// The request slots of a page walk: at most `concurrency` requests wait for an answer at
/// once, and pages take their first slot in page order.
///
/// Page fetches are tasks of their own, and a multi-thread runtime starts them in no set
/// order: without the order, a page further ahead could take a slot before the page the
/// caller waits for (requests went out as pages 1, 2, 3, 5, 4).
#[derive(Debug)]
struct Gate {
    slots: Arc<Semaphore>,
    /// Whether the caller fixed the number of slots (else the client's limiter adapts it
    /// below them).
    fixed: bool,
    /// The page whose first attempt takes a slot next.
    next_page: AtomicU64,
    /// Woken when `next_page` moves.
    turn: Notify,
}

impl Gate {
    /// `concurrency` slots, for a walk from `first_page` on.
    fn new(concurrency: usize, first_page: u64, fixed: bool) -> Self {
        Gate {
            slots: Arc::new(Semaphore::new(concurrency)),
            fixed,
            next_page: AtomicU64::new(first_page),
            turn: Notify::new(),
        }
    }

    /// A request slot for an attempt of `page`: its first attempt waits for the pages
    /// before it to have taken theirs (the semaphore then hands slots out in the order
    /// they were asked for); a retry takes the next free one.
    async fn slot(
        &self,
        page: u64,
        first_attempt: bool,
        then: BoxFuture<'_, Box<dyn Send>>,
    ) -> Result<Box<dyn Send>, Error> {
        if first_attempt {
            loop {
                let notified = self.turn.notified();
                let mut notified = std::pin::pin!(notified);
                // Registered before the check, so that a move in between is not missed.
                notified.as_mut().enable();
                if self.next_page.load(Ordering::Acquire) >= page {
                    break;
                }
                notified.await;
            }
        }
        let permit = Arc::clone(&self.slots)
            .acquire_owned()
            .await
            .expect("the slots are never closed");
        // Within the turn: the limiter sees the pages in order too.
        let limited = then.await;
        if first_attempt {
            self.next_page
                .fetch_max(page.saturating_add(1), Ordering::AcqRel);
            self.turn.notify_waiters();
        }
        Ok(Box::new((permit, limited)))
    }
}

/// The request slot of one page of a walk: what each attempt of its fetch waits for.
pub(crate) struct PageSlot {
    gate: Arc<Gate>,
    page: u64,
}

impl Admission for PageSlot {
    fn admit<'a>(
        &'a self,
        first: bool,
        then: BoxFuture<'a, Box<dyn Send>>,
    ) -> BoxFuture<'a, Result<Box<dyn Send>, Error>> {
        Box::pin(self.gate.slot(self.page, first, then))
    }

    fn fixed(&self) -> bool {
        self.gate.fixed
    }
}

/// Message ids already yielded: numeric ids (the platform's) as integers, others as text.
#[derive(Default)]
struct Seen {
    numeric: HashSet<u64, BuildHasherDefault<IdHasher>>,
    text: HashSet<String>,
}

/// A hasher for platform ids (64-bit snowflakes, not chosen by an attacker): one
/// multiplication instead of SipHash on the per-message path.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u64(&mut self, id: u64) {
        self.0 = (id ^ (id >> 29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

impl Seen {
    /// Makes room for `more` ids at once (bounded), instead of growing as they come.
    fn reserve(&mut self, more: u64) {
        const MAX_RESERVE: u64 = 1 << 16;
        let more = usize::try_from(more.min(MAX_RESERVE)).unwrap_or(0);
        self.numeric
            .reserve(more.saturating_sub(self.numeric.len()));
    }

    /// Records `id`; false if it was seen before. Messages without an id always pass.
    fn insert(&mut self, id: &str) -> bool {
        if id.is_empty() {
            return true;
        }
        match id.parse::<u64>() {
            Ok(n) if !id.starts_with('0') || id == "0" => self.numeric.insert(n),
            _ => self.text.insert(id.to_owned()),
        }
    }
}

struct Pager<W: Walk> {
    walk: Arc<W>,
    gate: Arc<Gate>,
    concurrency: usize,
    /// The next page number to request.
    next_page: u64,
    /// The last page `total` implies, once known.
    last_page: Option<u64>,
    in_flight: FuturesOrdered<BoxFuture<'static, Result<Batch<W::Item>, Error>>>,
    seen: Seen,
    /// No page is to be requested any more (a short, empty or last page came back).
    exhausted: bool,
    /// `(first id, last id, length)` of the previous page, to catch a repeating page.
    previous: Option<(String, String, usize)>,
}

impl<W: Walk> Pager<W> {
    fn new(walk: Arc<W>, first_page: u64, concurrency: Option<usize>) -> Self {
        let fixed = concurrency.is_some();
        let concurrency = concurrency.unwrap_or(crate::limiter::MAX_IN_FLIGHT).max(1);
        Pager {
            walk,
            gate: Arc::new(Gate::new(concurrency, first_page, fixed)),
            concurrency,
            next_page: first_page,
            last_page: None,
            in_flight: FuturesOrdered::new(),
            seen: Seen::default(),
            exhausted: false,
            previous: None,
        }
    }

    async fn next(&mut self) -> Option<Result<Batch<W::Item>, Error>> {
        self.schedule();
        match self.in_flight.next().await? {
            Ok(batch) => {
                let batch = self.accept(batch);
                // Fetch ahead while the caller works on this page.
                self.schedule();
                Some(batch)
            }
            Err(error) => {
                self.stop();
                Some(Err(error))
            }
        }
    }

    fn stop(&mut self) {
        self.exhausted = true;
        self.in_flight = FuturesOrdered::new();
    }

    /// Keeps up to `concurrency + 2` pages in flight once `total` is known; one before.
    /// Each page is fetched and decoded on its own task, so the work goes on (on another
    /// core where the runtime has one) while the caller handles the page before it. The
    /// shared request slots ([`Gate`]) let at most `concurrency` requests wait for an
    /// answer at once, taken in page order; the two extra pages are one being decoded and
    /// one waiting to send its request the moment a slot is given back.
    fn schedule(&mut self) {
        if self.exhausted {
            return;
        }
        let limit = if self.last_page.is_some() {
            self.concurrency + 2
        } else {
            1
        };
        while self.in_flight.len() < limit
            && self.last_page.is_none_or(|last| self.next_page <= last)
        {
            let slot = PageSlot {
                gate: Arc::clone(&self.gate),
                page: self.next_page,
            };
            let fetch = Arc::clone(&self.walk).fetch(self.next_page, slot);
            self.in_flight.push_back(spawn(fetch));
            match self.next_page.checked_add(1) {
                Some(next) => self.next_page = next,
                None => {
                    // Past u64::MAX there is no page to ask for.
                    self.exhausted = true;
                    break;
                }
            }
        }
    }

    /// Checks a page against the ones before it; the page comes back without the items
    /// already yielded, or as the error that ends the walk.
    fn accept(&mut self, mut batch: Batch<W::Item>) -> Result<Batch<W::Item>, Error> {
        if let (Some(first), Some(last)) = (batch.items.first(), batch.items.last()) {
            let fingerprint = (
                W::id(first).to_owned(),
                W::id(last).to_owned(),
                batch.items.len(),
            );
            if self.previous.as_ref() == Some(&fingerprint) {
                self.stop();
                return Err(Error::Pagination(PaginationError {
                    walk: self.walk.describe(),
                    page: batch.page,
                    kind: PaginationErrorKind::RepeatedPage,
                }));
            }
            self.previous = Some(fingerprint);
        }
        if let Some(total) = batch.total {
            self.last_page = Some(total.div_ceil(batch.page_size).max(batch.page));
            self.seen.reserve(total);
        }
        batch.items.retain(|item| self.seen.insert(W::id(item)));
        if batch.is_last() {
            let got = batch.received as u64;
            if let Some(total) = batch.total
                && got < batch.page_size
                && batch.page.saturating_sub(1).saturating_mul(batch.page_size) + got < total
            {
                // The platform's own total says more items exist than its pages hold
                // (items deleted during the walk, or an inconsistent answer).
                tracing::warn!(
                    walk = %self.walk.describe(),
                    page = batch.page,
                    items = got,
                    total,
                    "a short page ends the walk before the platform's total was reached"
                );
            }
            self.stop();
        }
        Ok(batch)
    }
}

#[cfg(test)]
mod tests {
    use super::{Gate, Seen};
    use futures::FutureExt;

    #[test]
    fn one_slot_holds_a_walk_to_one_request_at_a_time_in_page_order() {
        let none = || -> crate::credentials::BoxFuture<'static, Box<dyn Send>> {
            Box::pin(async { Box::new(()) as Box<dyn Send> })
        };
        let gate = Gate::new(1, 1, true);
        let first = gate
            .slot(1, true, none())
            .now_or_never()
            .expect("page 1 goes at once");
        // Page 3 asks before page 2: it waits for page 2 to have taken its slot.
        let mut third = Box::pin(gate.slot(3, true, none()));
        assert!((&mut third).now_or_never().is_none());
        let mut second = Box::pin(gate.slot(2, true, none()));
        assert!(
            (&mut second).now_or_never().is_none(),
            "page 1 holds the slot"
        );
        drop(first.expect("slot"));
        let second = (&mut second).now_or_never().expect("page 2's turn");
        assert!(
            (&mut third).now_or_never().is_none(),
            "page 2 holds the slot"
        );
        drop(second.expect("slot"));
        assert!((&mut third).now_or_never().is_some());
        // A retry takes the next free slot, whatever its page.
        let retry = Gate::new(2, 5, true);
        let _a = retry.slot(5, true, none()).now_or_never().expect("free");
        assert!(retry.slot(9, false, none()).now_or_never().is_some());
    }

    #[test]
    fn seen_ids_are_exact() {
        let mut seen = Seen::default();
        assert!(seen.insert("6948728206392295444"));
        assert!(!seen.insert("6948728206392295444"));
        assert!(
            seen.insert("06948728206392295444"),
            "a leading zero is another id"
        );
        assert!(!seen.insert("06948728206392295444"));
        assert!(seen.insert("abc") && !seen.insert("abc"));
        assert!(seen.insert("") && seen.insert(""), "no id, no dedup");
    }
}
