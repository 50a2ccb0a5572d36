//! When to try a request again: a small pure function of what went wrong.
//!
//! [`decide`] sees only [`Facts`] (status, platform code, transport failure, the
//! platform's reset header), the attempt number, the [`RetryPolicy`] and a jitter draw,
//! so every rule is unit-tested without a server or a clock.

use std::time::Duration;

use crate::error::{ApiErrorKind, Error, TransportKind};

/// How many times, and how long to wait, before giving up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
}

/// What a failed attempt tells the retry rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Facts {
    /// HTTP status, if an answer came back.
    pub status: Option<u16>,
    /// The platform's code, if the body carried one.
    pub code: Option<i64>,
    /// The transport failure, if no complete answer came back.
    pub transport: Option<TransportKind>,
    /// The platform's `x-ogw-ratelimit-reset`, if present.
    pub reset: Option<Duration>,
}

impl Facts {
    /// The facts of an error.
    pub fn of(error: &Error) -> Facts {
        match error {
            Error::Api(e) => Facts {
                status: Some(e.status.as_u16()),
                code: Some(e.code),
                transport: None,
                reset: e.retry_after,
            },
            Error::Decode(e) => Facts {
                status: e.status.map(|s| s.as_u16()),
                code: None,
                transport: None,
                reset: e.retry_after,
            },
            Error::Transport(e) => Facts {
                transport: Some(e.kind),
                ..Facts::default()
            },
            _ => Facts::default(),
        }
    }

    fn kind(&self) -> Option<ApiErrorKind> {
        self.code.map(ApiErrorKind::from_code)
    }

    /// HTTP 429 or code 99991400.
    pub fn is_rate_limited(&self) -> bool {
        self.status == Some(429) || self.kind() == Some(ApiErrorKind::RateLimited)
    }

    fn is_token_error(&self) -> bool {
        self.kind() == Some(ApiErrorKind::TokenInvalid)
    }

    /// Whether another try may succeed.
    pub fn is_retryable(&self) -> bool {
        match self.kind() {
            Some(
                ApiErrorKind::BadRequest | ApiErrorKind::Unauthorized | ApiErrorKind::Forbidden,
            ) => false,
            Some(
                ApiErrorKind::RateLimited | ApiErrorKind::TokenInvalid | ApiErrorKind::Internal,
            ) => true,
            _ => {
                self.is_rate_limited()
                    || self.status.is_some_and(|s| s >= 500)
                    || matches!(
                        self.transport,
                        Some(
                            TransportKind::Connect
                                | TransportKind::Timeout
                                | TransportKind::Body
                                | TransportKind::Interrupted
                        )
                    )
            }
        }
    }
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
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
/// - 5xx, connect errors, timeouts, broken connections and cut-off bodies (both
///   operations are idempotent): jittered exponential backoff,
///   `base_delay * 2^(attempt-1)` capped at `max_delay`, scaled by `0.5 + jitter / 2`
///   (`jitter` in `[0, 1]`);
/// - anything retryable once `max_attempts` attempts were made: give up.
pub fn decide(
    facts: &Facts,
    attempt: u32,
    token_refreshed: bool,
    policy: &RetryPolicy,
    jitter: f64,
) -> Decision {
    if facts.is_token_error() {
        return if token_refreshed {
            Decision::GiveUp
        } else {
            Decision::RefreshToken
        };
    }
    if !facts.is_retryable() || attempt >= policy.max_attempts {
        return Decision::GiveUp;
    }
    if facts.is_rate_limited()
        && let Some(reset) = facts.reset
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

    fn api(status: u16, code: i64) -> Facts {
        Facts {
            status: Some(status),
            code: Some(code),
            ..Facts::default()
        }
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
                decide(&api(status, code), 1, false, &P, 0.5),
                Decision::GiveUp
            );
        }
    }

    #[test]
    fn rate_limit_waits_the_reset_header_capped() {
        let mut f = api(429, 99991400);
        f.reset = Some(Duration::from_secs(2));
        assert_eq!(
            decide(&f, 1, false, &P, 0.9),
            Decision::RetryAfter(Duration::from_secs(2))
        );
        f.reset = Some(Duration::from_secs(3600));
        assert_eq!(
            decide(&f, 1, false, &P, 0.9),
            Decision::RetryAfter(Duration::from_secs(30))
        );
        // 99991400 at HTTP 400 (older APIs) is a rate limit too.
        let mut old = api(400, 99991400);
        old.reset = Some(Duration::from_secs(1));
        assert_eq!(
            decide(&old, 1, false, &P, 0.0),
            Decision::RetryAfter(Duration::from_secs(1))
        );
        // Without the header: backoff.
        assert_eq!(
            decide(&api(429, 99991400), 1, false, &P, 1.0),
            Decision::RetryAfter(Duration::from_millis(100))
        );
    }

    #[test]
    fn server_errors_back_off_exponentially_with_jitter_and_a_cap() {
        let f = api(500, 155000);
        assert_eq!(
            decide(&f, 1, false, &P, 1.0),
            Decision::RetryAfter(Duration::from_millis(100))
        );
        assert_eq!(
            decide(&f, 2, false, &P, 1.0),
            Decision::RetryAfter(Duration::from_millis(200))
        );
        assert_eq!(
            decide(&f, 2, false, &P, 0.0),
            Decision::RetryAfter(Duration::from_millis(100))
        );
        let many = RetryPolicy {
            max_attempts: 10,
            ..P
        };
        assert_eq!(
            decide(&f, 9, false, &many, 1.0),
            Decision::RetryAfter(Duration::from_millis(1000))
        );
        // A gateway 502 without a code, and transport failures.
        let gateway = Facts {
            status: Some(502),
            ..Facts::default()
        };
        assert!(matches!(
            decide(&gateway, 1, false, &P, 0.5),
            Decision::RetryAfter(_)
        ));
        for kind in [
            TransportKind::Connect,
            TransportKind::Timeout,
            TransportKind::Body,
            TransportKind::Interrupted,
        ] {
            let t = Facts {
                transport: Some(kind),
                ..Facts::default()
            };
            assert!(matches!(
                decide(&t, 1, false, &P, 0.5),
                Decision::RetryAfter(_)
            ));
        }
        let other = Facts {
            transport: Some(TransportKind::Other),
            ..Facts::default()
        };
        assert_eq!(decide(&other, 1, false, &P, 0.5), Decision::GiveUp);
    }

    #[test]
    fn the_budget_is_respected() {
        let f = api(500, 155000);
        assert!(matches!(
            decide(&f, 2, false, &P, 0.5),
            Decision::RetryAfter(_)
        ));
        assert_eq!(decide(&f, 3, false, &P, 0.5), Decision::GiveUp);
        assert_eq!(
            decide(&f, 1, false, &RetryPolicy::none(), 0.5),
            Decision::GiveUp
        );
    }

    #[test]
    fn token_errors_refresh_once_whatever_the_status() {
        for status in [200, 400, 401] {
            for code in [99991661, 99991663, 99991664, 99991671] {
                let f = api(status, code);
                assert_eq!(decide(&f, 1, false, &P, 0.5), Decision::RefreshToken);
                assert_eq!(decide(&f, 2, true, &P, 0.5), Decision::GiveUp);
            }
        }
        // Even with retries off, a stale token is refreshed once.
        assert_eq!(
            decide(&api(400, 99991663), 1, false, &RetryPolicy::none(), 0.5),
            Decision::RefreshToken
        );
    }
}
