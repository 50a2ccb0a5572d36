//! When to try a request again: a small pure function of what went wrong.
//!
//! `decide` sees only the error (its status, platform code, transport failure and the
//! platform's reset header), the attempt number, the [`RetryPolicy`] and a jitter draw,
//! so every rule is unit-tested without a server or a clock.

use std::time::Duration;

use crate::error::Error;

/// How many times, and how long to wait, before giving up.
///
/// ```
/// use std::time::Duration;
/// let policy = lark_helpdesk::RetryPolicy::attempts(5)
///     .with_max_delay(Duration::from_secs(10));
/// assert_eq!(policy.max_attempts, 5);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Attempts per request, the first one included (1 = no retries).
    pub max_attempts: u32,
    /// Backoff before the first retry; doubled each time.
    pub base_delay: Duration,
    /// Upper bound of one backoff.
    pub max_delay: Duration,
    /// Upper bound of a wait the platform asks for (`x-ogw-ratelimit-reset`).
    pub max_rate_limit_wait: Duration,
}

impl Default for RetryPolicy {
    /// Three attempts, 200 ms doubling up to 5 s, rate-limit waits up to 60 s.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
            max_rate_limit_wait: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// No retries at all: every failure is returned as it comes.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// The default policy with `max_attempts` attempts (at least 1).
    pub fn attempts(max_attempts: u32) -> Self {
        RetryPolicy {
            max_attempts: max_attempts.max(1),
            ..Self::default()
        }
    }

    /// The backoff before the first retry (doubled each time).
    pub fn with_base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// The longest backoff.
    pub fn with_max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The longest wait the platform may ask for before a retry.
    pub fn with_max_rate_limit_wait(mut self, wait: Duration) -> Self {
        self.max_rate_limit_wait = wait;
        self
    }
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Return the error.
    GiveUp,
    /// Drop the cached token, fetch a new one, and try again at once.
    RefreshToken,
    /// Wait, then try again.
    RetryAfter(Duration),
}

/// Decides what follows failed attempt number `attempt` (1-based).
///
/// - a token error (99991661/63/64/71): refresh the token and retry, once per request
///   (`token_refreshed` tells whether that already happened);
/// - 400 (154000), 401 (154001), 403 (154003) and any other 4xx: give up;
/// - 429 or code 99991400: wait `x-ogw-ratelimit-reset` (capped by
///   `max_rate_limit_wait`), or back off when the header is absent;
/// - a write that is not `idempotent`: only what the platform surely did not act on (a
///   rate-limit or token refusal, a connection that never opened); a timeout, a broken
///   connection, a 5xx or an unreadable answer may come after the platform applied it,
///   so it is given up (the caller reports it as an unknown outcome);
/// - 5xx, connect errors, timeouts, broken connections and cut-off bodies of reads and
///   idempotent writes: jittered exponential backoff,
///   `base_delay * 2^(attempt-1)` capped at `max_delay`, scaled by `0.5 + jitter / 2`
///   (`jitter` in `[0, 1]`);
/// - anything retryable once `max_attempts` attempts were made: give up.
pub(crate) fn decide(
    error: &Error,
    attempt: u32,
    token_refreshed: bool,
    policy: &RetryPolicy,
    jitter: f64,
    idempotent: bool,
) -> Decision {
    if error.is_token_refused() {
        return if token_refreshed {
            Decision::GiveUp
        } else {
            Decision::RefreshToken
        };
    }
    if !error.is_retryable() || attempt >= policy.max_attempts {
        return Decision::GiveUp;
    }
    if !idempotent && !error.is_rate_limited() && error.may_have_been_applied() {
        return Decision::GiveUp;
    }
    if error.is_rate_limited()
        && let Some(reset) = error.retry_after()
    {
        return Decision::RetryAfter(reset.min(policy.max_rate_limit_wait));
    }
    let exponent = attempt.saturating_sub(1).min(16);
    let backoff = policy
        .base_delay
        .saturating_mul(1 << exponent)
        .min(policy.max_delay);
    Decision::RetryAfter(backoff.mul_f64(0.5 + jitter.clamp(0.0, 1.0) / 2.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ApiError, ApiErrorKind, DecodeError, TransportError, TransportKind};
    use reqwest::StatusCode;

    fn api(status: u16, code: i64) -> Error {
        reset(status, code, None)
    }

    fn reset(status: u16, code: i64, retry_after: Option<Duration>) -> Error {
        Error::Api(Box::new(ApiError {
            operation: "list_ticket_messages",
            status: StatusCode::from_u16(status).unwrap(),
            code,
            msg: String::new(),
            kind: ApiErrorKind::from_code(code),
            log_id: None,
            retry_after,
            app_id: None,
        }))
    }

    fn transport(kind: TransportKind) -> Error {
        Error::Transport(TransportError {
            operation: "list_ticket_messages",
            kind,
            source: std::sync::Arc::new(std::io::Error::other("test")),
        })
    }

    const P: RetryPolicy = RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(100),
        max_delay: Duration::from_millis(1000),
        max_rate_limit_wait: Duration::from_secs(30),
    };

    #[test]
    fn documented_client_errors_are_never_retried() {
        for (status, code) in [(400, 154000), (401, 154001), (403, 154003), (404, 1)] {
            assert_eq!(
                decide(&api(status, code), 1, false, &P, 0.5, true),
                Decision::GiveUp
            );
        }
    }

    #[test]
    fn rate_limit_waits_the_reset_header_capped() {
        let f = reset(429, 99991400, Some(Duration::from_secs(2)));
        assert_eq!(
            decide(&f, 1, false, &P, 0.9, true),
            Decision::RetryAfter(Duration::from_secs(2))
        );
        let f = reset(429, 99991400, Some(Duration::from_secs(3600)));
        assert_eq!(
            decide(&f, 1, false, &P, 0.9, true),
            Decision::RetryAfter(Duration::from_secs(30))
        );
        // 99991400 at HTTP 400 (older APIs) is a rate limit too.
        let old = reset(400, 99991400, Some(Duration::from_secs(1)));
        assert_eq!(
            decide(&old, 1, false, &P, 0.0, true),
            Decision::RetryAfter(Duration::from_secs(1))
        );
        // Without the header: backoff.
        assert_eq!(
            decide(&api(429, 99991400), 1, false, &P, 1.0, true),
            Decision::RetryAfter(Duration::from_millis(100))
        );
    }

    #[test]
    fn server_errors_back_off_exponentially_with_jitter_and_a_cap() {
        let f = api(500, 155000);
        assert_eq!(
            decide(&f, 1, false, &P, 1.0, true),
            Decision::RetryAfter(Duration::from_millis(100))
        );
        assert_eq!(
            decide(&f, 2, false, &P, 1.0, true),
            Decision::RetryAfter(Duration::from_millis(200))
        );
        assert_eq!(
            decide(&f, 2, false, &P, 0.0, true),
            Decision::RetryAfter(Duration::from_millis(100))
        );
        let many = RetryPolicy {
            max_attempts: 10,
            ..P
        };
        assert_eq!(
            decide(&f, 9, false, &many, 1.0, true),
            Decision::RetryAfter(Duration::from_millis(1000))
        );
        // A gateway 502 without a code, and transport failures.
        let gateway = Error::Decode(Box::new(DecodeError {
            operation: "list_ticket_messages",
            status: Some(StatusCode::BAD_GATEWAY),
            log_id: None,
            content_type: None,
            reason: String::new(),
            excerpt: String::new(),
            retry_after: None,
        }));
        assert!(matches!(
            decide(&gateway, 1, false, &P, 0.5, true),
            Decision::RetryAfter(_)
        ));
        for kind in [
            TransportKind::Connect,
            TransportKind::Timeout,
            TransportKind::Body,
            TransportKind::Interrupted,
        ] {
            let t = transport(kind);
            assert!(matches!(
                decide(&t, 1, false, &P, 0.5, true),
                Decision::RetryAfter(_)
            ));
        }
        let other = transport(TransportKind::Other);
        assert_eq!(decide(&other, 1, false, &P, 0.5, true), Decision::GiveUp);
    }

    #[test]
    fn the_budget_is_respected() {
        let f = api(500, 155000);
        assert!(matches!(
            decide(&f, 2, false, &P, 0.5, true),
            Decision::RetryAfter(_)
        ));
        assert_eq!(decide(&f, 3, false, &P, 0.5, true), Decision::GiveUp);
        assert_eq!(
            decide(&f, 1, false, &RetryPolicy::none(), 0.5, true),
            Decision::GiveUp
        );
    }

    #[test]
    fn token_errors_refresh_once_whatever_the_status() {
        for status in [200, 400, 401] {
            for code in [99991661, 99991663, 99991664, 99991671] {
                let f = api(status, code);
                assert_eq!(decide(&f, 1, false, &P, 0.5, true), Decision::RefreshToken);
                assert_eq!(decide(&f, 2, true, &P, 0.5, true), Decision::GiveUp);
            }
        }
        // Even with retries off, a stale token is refreshed once.
        assert_eq!(
            decide(
                &api(400, 99991663),
                1,
                false,
                &RetryPolicy::none(),
                0.5,
                true
            ),
            Decision::RefreshToken
        );
    }

    #[test]
    fn a_write_not_safe_to_repeat_is_retried_only_when_surely_not_applied() {
        // Refused before acting: retried as any request.
        assert!(matches!(
            decide(
                &reset(429, 99991400, Some(Duration::from_secs(1))),
                1,
                false,
                &P,
                0.5,
                false
            ),
            Decision::RetryAfter(_)
        ));
        assert!(matches!(
            decide(&api(400, 99991400), 1, false, &P, 0.5, false),
            Decision::RetryAfter(_)
        ));
        assert_eq!(
            decide(&api(400, 99991663), 1, false, &P, 0.5, false),
            Decision::RefreshToken
        );
        assert!(matches!(
            decide(&transport(TransportKind::Connect), 1, false, &P, 0.5, false),
            Decision::RetryAfter(_)
        ));
        // It may have been applied: never sent again.
        for f in [
            api(500, 155000),
            api(200, 155000),
            transport(TransportKind::Timeout),
            transport(TransportKind::Interrupted),
            transport(TransportKind::Body),
        ] {
            assert!(f.may_have_been_applied(), "{f:?}");
            assert_eq!(
                decide(&f, 1, false, &P, 0.5, false),
                Decision::GiveUp,
                "{f:?}"
            );
            assert!(matches!(
                decide(&f, 1, false, &P, 0.5, true),
                Decision::RetryAfter(_)
            ));
        }
    }
}
