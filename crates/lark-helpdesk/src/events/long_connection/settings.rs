//! The timing of the long connection: the platform's `ClientConfig` (at discovery, and in
//! pongs), the caller's overrides on top, and the reconnect schedule.

use std::time::Duration;

use serde::Deserialize;

/// `ClientConfig` as the platform sends it (whole seconds; a count of -1 is unlimited).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct ClientConfig {
    #[serde(default)]
    pub(crate) reconnect_count: Option<i64>,
    #[serde(default)]
    pub(crate) reconnect_interval: Option<i64>,
    #[serde(default)]
    pub(crate) reconnect_nonce: Option<i64>,
    #[serde(default)]
    pub(crate) ping_interval: Option<i64>,
}

/// Bounds of the platform's `PingInterval` (see [`Timing::apply`]).
pub(crate) const MIN_PING_INTERVAL: Duration = Duration::from_secs(1);
/// See [`MIN_PING_INTERVAL`].
pub(crate) const MAX_PING_INTERVAL: Duration = Duration::from_secs(600);
/// Bounds of the platform's `ReconnectInterval`.
pub(crate) const MIN_RECONNECT_INTERVAL: Duration = Duration::from_secs(1);
/// See [`MIN_RECONNECT_INTERVAL`].
pub(crate) const MAX_RECONNECT_INTERVAL: Duration = Duration::from_secs(600);
/// The bound of the platform's `ReconnectNonce`.
pub(crate) const MAX_RECONNECT_NONCE: Duration = Duration::from_secs(600);
/// The least wait before reconnecting after a connection that died young (lived less than
/// a ping interval), when the reconnect interval is not shorter (see
/// [`Timing::delay_before`]).
pub(crate) const YOUNG_DEATH_FLOOR: Duration = Duration::from_secs(1);

/// The caller's values, which win over the platform's (tests make them small).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Overrides {
    pub(crate) ping_interval: Option<Duration>,
    pub(crate) reconnect_interval: Option<Duration>,
    pub(crate) reconnect_nonce: Option<Duration>,
    /// `Some(None)`: unlimited.
    pub(crate) reconnect_count: Option<Option<u32>>,
}

/// The timing in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Timing {
    pub(crate) ping_interval: Duration,
    pub(crate) reconnect_interval: Duration,
    pub(crate) reconnect_nonce: Duration,
    /// `None`: reconnect without end.
    pub(crate) reconnect_count: Option<u32>,
}

impl Default for Timing {
    /// The official SDKs' defaults until the platform says otherwise: ping every 120 s,
    /// reconnect without end, 120 s apart, the first after up to 30 s.
    fn default() -> Self {
        Timing {
            ping_interval: Duration::from_secs(120),
            reconnect_interval: Duration::from_secs(120),
            reconnect_nonce: Duration::from_secs(30),
            reconnect_count: None,
        }
    }
}

impl Timing {
    /// The defaults with the caller's overrides.
    pub(crate) fn new(overrides: &Overrides) -> Timing {
        let mut timing = Timing::default();
        timing.apply(ClientConfig::default(), overrides);
        timing
    }

    /// Takes the platform's values that are present, within bounds, then the caller's
    /// overrides again.
    ///
    /// The platform's values are clamped, so that a hostile or broken configuration can
    /// neither overflow a deadline nor turn pings and liveness off: `PingInterval` to
    /// [`MIN_PING_INTERVAL`]`..=`[`MAX_PING_INTERVAL`], `ReconnectInterval` to
    /// [`MIN_RECONNECT_INTERVAL`]`..=`[`MAX_RECONNECT_INTERVAL`], `ReconnectNonce` to
    /// `0..=`[`MAX_RECONNECT_NONCE`]. An interval of 0 or less, or a negative nonce, is
    /// ignored. The caller's overrides are taken as they are (a ping interval of at least
    /// 1 ms).
    pub(crate) fn apply(&mut self, config: ClientConfig, overrides: &Overrides) {
        let secs = |s: Option<i64>, min: Duration, max: Duration| {
            s.filter(|s| *s > 0)
                .map(|s| Duration::from_secs(s.unsigned_abs()).clamp(min, max))
        };
        if let Some(d) = secs(config.ping_interval, MIN_PING_INTERVAL, MAX_PING_INTERVAL) {
            self.ping_interval = d;
        }
        if let Some(d) = secs(
            config.reconnect_interval,
            MIN_RECONNECT_INTERVAL,
            MAX_RECONNECT_INTERVAL,
        ) {
            self.reconnect_interval = d;
        }
        if let Some(n) = config.reconnect_nonce.filter(|n| *n >= 0) {
            self.reconnect_nonce = Duration::from_secs(n.unsigned_abs()).min(MAX_RECONNECT_NONCE);
        }
        if let Some(count) = config.reconnect_count {
            self.reconnect_count = u32::try_from(count).ok();
        }
        if let Some(d) = overrides.ping_interval {
            self.ping_interval = d.max(Duration::from_millis(1));
        }
        if let Some(d) = overrides.reconnect_interval {
            self.reconnect_interval = d;
        }
        if let Some(d) = overrides.reconnect_nonce {
            self.reconnect_nonce = d;
        }
        if let Some(count) = overrides.reconnect_count {
            self.reconnect_count = count;
        }
    }

    /// Whether reconnect attempt `attempt` (from 1) may be made.
    pub(crate) fn may_attempt(&self, attempt: u32) -> bool {
        self.reconnect_count.is_none_or(|max| attempt <= max)
    }

    /// How long to wait before reconnect attempt `attempt` (from 1): a random part of the
    /// nonce before the first (`unit` in `[0, 1)`), the interval before the others.
    ///
    /// `young`: the connection lost had lived less than a ping interval. The wait is then
    /// at least [`YOUNG_DEATH_FLOOR`], or the reconnect interval when that is shorter (the
    /// platform's is at least 1 s; a caller's [`reconnect_interval`] override of, say,
    /// 20 ms keeps tests fast), so that a connection dying at once is not replaced in a
    /// hot loop.
    ///
    /// [`reconnect_interval`]: crate::LongConnection::reconnect_interval
    pub(crate) fn delay_before(&self, attempt: u32, unit: f64, young: bool) -> Duration {
        let delay = if attempt <= 1 {
            // `mul_f64` panics past `Duration::MAX` (a caller's huge override).
            Duration::try_from_secs_f64(self.reconnect_nonce.as_secs_f64() * unit.clamp(0.0, 1.0))
                .unwrap_or(self.reconnect_nonce)
        } else {
            self.reconnect_interval
        };
        if young {
            delay.max(YOUNG_DEATH_FLOOR.min(self.reconnect_interval))
        } else {
            delay
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_attempt_waits_a_jitter_the_others_the_interval_and_the_count_stops() {
        let mut timing = Timing::default();
        let config: ClientConfig = serde_json::from_str(
            r#"{"ReconnectCount":3,"ReconnectInterval":10,"ReconnectNonce":4,"PingInterval":5}"#,
        )
        .unwrap();
        timing.apply(config, &Overrides::default());
        assert_eq!(timing.ping_interval, Duration::from_secs(5));
        assert_eq!(timing.delay_before(1, 0.0, false), Duration::ZERO);
        assert_eq!(timing.delay_before(1, 0.5, false), Duration::from_secs(2));
        assert!(timing.delay_before(1, 0.999_999, false) < Duration::from_secs(4));
        assert_eq!(timing.delay_before(2, 0.5, false), Duration::from_secs(10));
        assert_eq!(timing.delay_before(3, 0.0, false), Duration::from_secs(10));
        let allowed: Vec<u32> = (1..=5).filter(|a| timing.may_attempt(*a)).collect();
        assert_eq!(allowed, [1, 2, 3]);
    }

    #[test]
    fn a_negative_count_is_unlimited_zero_is_none_and_overrides_win() {
        let mut timing = Timing::default();
        timing.apply(
            ClientConfig {
                reconnect_count: Some(-1),
                ping_interval: Some(0),
                ..ClientConfig::default()
            },
            &Overrides::default(),
        );
        assert!(timing.may_attempt(1_000_000));
        assert_eq!(
            timing.ping_interval,
            Duration::from_secs(120),
            "0 is ignored"
        );
        timing.apply(
            ClientConfig {
                reconnect_count: Some(0),
                ..ClientConfig::default()
            },
            &Overrides::default(),
        );
        assert!(!timing.may_attempt(1));

        let overrides = Overrides {
            ping_interval: Some(Duration::from_millis(50)),
            reconnect_count: Some(Some(2)),
            ..Overrides::default()
        };
        let mut timing = Timing::new(&overrides);
        timing.apply(
            ClientConfig {
                ping_interval: Some(90),
                reconnect_count: Some(-1),
                reconnect_interval: Some(7),
                ..ClientConfig::default()
            },
            &overrides,
        );
        assert_eq!(timing.ping_interval, Duration::from_millis(50));
        assert_eq!(timing.reconnect_count, Some(2));
        assert_eq!(timing.reconnect_interval, Duration::from_secs(7));
    }

    #[test]
    fn the_platforms_values_are_clamped_and_never_overflow() {
        let mut timing = Timing::default();
        let config: ClientConfig = serde_json::from_str(
            r#"{"PingInterval":9223372036854775807,"ReconnectInterval":9223372036854775807,
                "ReconnectNonce":9223372036854775807,"ReconnectCount":9223372036854775807}"#,
        )
        .unwrap();
        timing.apply(config, &Overrides::default());
        assert_eq!(timing.ping_interval, MAX_PING_INTERVAL);
        assert_eq!(timing.reconnect_interval, MAX_RECONNECT_INTERVAL);
        assert_eq!(timing.reconnect_nonce, MAX_RECONNECT_NONCE);
        assert!(timing.delay_before(1, 0.999, false) < MAX_RECONNECT_NONCE);
        // Deadlines computed from them stay representable.
        let now = tokio::time::Instant::now();
        assert!(now.checked_add(timing.ping_interval * 2).is_some());

        timing.apply(
            ClientConfig {
                ping_interval: Some(1),
                reconnect_interval: Some(1),
                ..ClientConfig::default()
            },
            &Overrides::default(),
        );
        assert_eq!(timing.ping_interval, MIN_PING_INTERVAL);
        assert_eq!(timing.reconnect_interval, MIN_RECONNECT_INTERVAL);

        // A caller's huge nonce does not panic either.
        let overrides = Overrides {
            reconnect_nonce: Some(Duration::MAX),
            ..Overrides::default()
        };
        let timing = Timing::new(&overrides);
        let _ = timing.delay_before(1, 0.999_999, false);
    }

    #[test]
    fn a_connection_that_died_young_is_not_replaced_at_once() {
        let timing = Timing::default();
        assert_eq!(timing.delay_before(1, 0.0, true), YOUNG_DEATH_FLOOR);
        assert_eq!(timing.delay_before(1, 0.5, true), Duration::from_secs(15));
        assert_eq!(timing.delay_before(2, 0.0, true), Duration::from_secs(120));
        // A caller's short interval is the floor instead (tests stay fast).
        let overrides = Overrides {
            reconnect_interval: Some(Duration::from_millis(20)),
            reconnect_nonce: Some(Duration::ZERO),
            ..Overrides::default()
        };
        let timing = Timing::new(&overrides);
        assert_eq!(timing.delay_before(1, 0.0, false), Duration::ZERO);
        assert_eq!(timing.delay_before(1, 0.0, true), Duration::from_millis(20));
    }
}
