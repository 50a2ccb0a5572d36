//! Reassembly of events split over several data frames, in bounded memory.

use std::collections::HashMap;
use std::time::Duration;

use tokio::time::Instant;

/// Bounds of the reassembly.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FragmentLimits {
    /// Partial messages held at most (the oldest is dropped for a new one).
    pub(crate) max_messages: usize,
    /// Bytes of partial messages held at most (the oldest are dropped to make room).
    pub(crate) max_bytes: usize,
    /// How long a partial message waits for its missing parts.
    pub(crate) timeout: Duration,
}

impl Default for FragmentLimits {
    fn default() -> Self {
        FragmentLimits {
            max_messages: 64,
            max_bytes: 16 * 1024 * 1024,
            timeout: Duration::from_secs(10),
        }
    }
}

/// Parts in one message at most (a frame claiming more is dropped).
const MAX_PARTS: usize = 1024;

struct Partial {
    parts: Vec<Option<Vec<u8>>>,
    bytes: usize,
    started: Instant,
}

/// The partial messages, by `message_id`.
pub(crate) struct Reassembly {
    limits: FragmentLimits,
    partial: HashMap<String, Partial>,
    bytes: usize,
}

/// What one fragment gave.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Fragment {
    /// The message is whole: its payload, joined.
    Complete(Vec<u8>),
    /// Parts are still missing.
    Incomplete,
    /// The fragment was refused (no message id, a bad `sum`/`seq`, or larger than the
    /// bounds).
    Dropped,
}

impl Reassembly {
    pub(crate) fn new(limits: FragmentLimits) -> Self {
        Reassembly {
            limits,
            partial: HashMap::new(),
            bytes: 0,
        }
    }

    /// Partial messages held, and their bytes.
    #[cfg(test)]
    pub(crate) fn held(&self) -> (usize, usize) {
        (self.partial.len(), self.bytes)
    }

    /// Adds part `seq` (from 0) of `sum` of message `id`. A message in several parts needs
    /// an `id`: a part with an empty one is dropped.
    pub(crate) fn add(
        &mut self,
        id: &str,
        sum: usize,
        seq: usize,
        payload: Vec<u8>,
        now: Instant,
    ) -> Fragment {
        if sum <= 1 {
            return Fragment::Complete(payload);
        }
        // A part without a message id cannot be told from another message's.
        if id.is_empty() || sum > MAX_PARTS || seq >= sum || payload.len() > self.limits.max_bytes {
            return Fragment::Dropped;
        }
        self.expire(now);
        // A part that disagrees on `sum` with those held is dropped before anything is
        // dropped to make room for it.
        if self.partial.get(id).is_some_and(|p| p.parts.len() != sum) {
            return Fragment::Dropped;
        }
        if !self.partial.contains_key(id) {
            while self.partial.len() >= self.limits.max_messages.max(1) {
                self.drop_oldest();
            }
        }
        while self.bytes + payload.len() > self.limits.max_bytes && self.drop_oldest_except(id) {}
        if self.bytes + payload.len() > self.limits.max_bytes {
            // Only this message is left and it does not fit: give it up.
            self.remove(id);
            return Fragment::Dropped;
        }
        let partial = self
            .partial
            .entry(id.to_owned())
            .or_insert_with(|| Partial {
                parts: vec![None; sum],
                bytes: 0,
                started: now,
            });
        let added = payload.len();
        if let Some(old) = partial.parts[seq].replace(payload) {
            partial.bytes -= old.len();
            self.bytes -= old.len();
        }
        partial.bytes += added;
        self.bytes += added;
        if partial.parts.iter().all(Option::is_some) {
            let partial = self.remove(id).unwrap_or_else(|| unreachable!());
            return Fragment::Complete(partial.parts.into_iter().flatten().flatten().collect());
        }
        Fragment::Incomplete
    }

    /// Drops the partial messages older than the timeout.
    pub(crate) fn expire(&mut self, now: Instant) {
        let timeout = self.limits.timeout;
        let expired: Vec<String> = self
            .partial
            .iter()
            .filter(|(_, p)| now.saturating_duration_since(p.started) >= timeout)
            .map(|(id, _)| id.clone())
            .collect();
        for id in expired {
            tracing::debug!(message_id = %id, "an incomplete event expired");
            self.remove(&id);
        }
    }

    fn remove(&mut self, id: &str) -> Option<Partial> {
        let partial = self.partial.remove(id)?;
        self.bytes -= partial.bytes;
        Some(partial)
    }

    fn drop_oldest(&mut self) -> bool {
        self.drop_oldest_except("\u{0}never a message id")
    }

    fn drop_oldest_except(&mut self, keep: &str) -> bool {
        let oldest = self
            .partial
            .iter()
            .filter(|(id, _)| id.as_str() != keep)
            .min_by_key(|(_, p)| p.started)
            .map(|(id, _)| id.clone());
        match oldest {
            Some(id) => {
                tracing::debug!(message_id = %id, "an incomplete event dropped for room");
                self.remove(&id);
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(max_messages: usize, max_bytes: usize) -> FragmentLimits {
        FragmentLimits {
            max_messages,
            max_bytes,
            timeout: Duration::from_secs(5),
        }
    }

    #[test]
    fn parts_in_any_order_are_joined_in_seq_order() {
        let now = Instant::now();
        let mut r = Reassembly::new(FragmentLimits::default());
        assert_eq!(r.add("m", 3, 2, b"c".to_vec(), now), Fragment::Incomplete);
        assert_eq!(r.add("m", 3, 0, b"a".to_vec(), now), Fragment::Incomplete);
        assert_eq!(r.held(), (1, 2));
        assert_eq!(
            r.add("m", 3, 1, b"b".to_vec(), now),
            Fragment::Complete(b"abc".to_vec())
        );
        assert_eq!(r.held(), (0, 0));
        assert_eq!(
            r.add("single", 1, 0, b"x".to_vec(), now),
            Fragment::Complete(b"x".to_vec())
        );
    }

    #[test]
    fn bad_parts_are_dropped() {
        let now = Instant::now();
        let mut r = Reassembly::new(limits(4, 10));
        assert_eq!(r.add("m", 2, 2, b"a".to_vec(), now), Fragment::Dropped);
        assert_eq!(
            r.add("m", 100_000, 0, b"a".to_vec(), now),
            Fragment::Dropped
        );
        assert_eq!(r.add("m", 2, 0, vec![0; 11], now), Fragment::Dropped);
        assert_eq!(r.add("m", 2, 0, b"a".to_vec(), now), Fragment::Incomplete);
        assert_eq!(
            r.add("m", 3, 1, b"a".to_vec(), now),
            Fragment::Dropped,
            "sum changed"
        );
        assert_eq!(r.held(), (1, 1));
    }

    #[test]
    fn the_count_of_partial_messages_is_bounded() {
        let now = Instant::now();
        let mut r = Reassembly::new(limits(2, 1000));
        for (i, id) in ["a", "b", "c"].into_iter().enumerate() {
            let at = now + Duration::from_millis(i as u64);
            assert_eq!(r.add(id, 2, 0, b"1".to_vec(), at), Fragment::Incomplete);
        }
        assert_eq!(r.held(), (2, 2));
        // "a", the oldest, was dropped: its second part starts it again.
        assert_eq!(r.add("a", 2, 1, b"2".to_vec(), now), Fragment::Incomplete);
        assert_eq!(
            r.add("c", 2, 1, b"2".to_vec(), now),
            Fragment::Complete(b"12".to_vec())
        );
    }

    #[test]
    fn the_bytes_are_bounded_and_old_parts_expire() {
        let now = Instant::now();
        let mut r = Reassembly::new(limits(10, 10));
        assert_eq!(r.add("a", 2, 0, vec![1; 6], now), Fragment::Incomplete);
        let later = now + Duration::from_millis(1);
        assert_eq!(r.add("b", 2, 0, vec![2; 6], later), Fragment::Incomplete);
        assert_eq!(r.held(), (1, 6), "a dropped to make room for b");
        assert_eq!(r.add("b", 2, 1, vec![2; 6], later), Fragment::Dropped);
        assert_eq!(r.held(), (0, 0), "b alone does not fit: given up");

        assert_eq!(r.add("c", 2, 0, vec![3; 2], now), Fragment::Incomplete);
        r.expire(now + Duration::from_secs(5));
        assert_eq!(r.held(), (0, 0));
    }

    #[test]
    fn a_part_without_a_message_id_is_dropped() {
        let now = Instant::now();
        let mut r = Reassembly::new(FragmentLimits::default());
        assert_eq!(r.add("", 2, 0, b"a".to_vec(), now), Fragment::Dropped);
        assert_eq!(r.add("", 2, 1, b"b".to_vec(), now), Fragment::Dropped);
        assert_eq!(r.held(), (0, 0));
        // A whole message needs none.
        assert_eq!(
            r.add("", 1, 0, b"x".to_vec(), now),
            Fragment::Complete(b"x".to_vec())
        );
    }

    #[test]
    fn a_sum_mismatch_drops_nothing_else() {
        let now = Instant::now();
        let mut r = Reassembly::new(limits(2, 4));
        assert_eq!(r.add("a", 2, 0, vec![1; 2], now), Fragment::Incomplete);
        let later = now + Duration::from_millis(1);
        assert_eq!(r.add("b", 2, 0, vec![2; 2], later), Fragment::Incomplete);
        // Full in count and bytes: a mismatch of "b" must not drop "a" for room.
        assert_eq!(r.add("b", 3, 1, vec![2; 2], later), Fragment::Dropped);
        assert_eq!(r.held(), (2, 4));
        // "a" is still there (its second part drops "b" for room).
        assert_eq!(
            r.add("a", 2, 1, vec![1; 2], later),
            Fragment::Complete(vec![1; 4])
        );
    }
}
