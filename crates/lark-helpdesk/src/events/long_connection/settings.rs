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

    /// Takes the platform's values that are present and sensible (an interval of 0 or
    /// less is ignored), then the caller's overrides again.
    pub(crate) fn apply(&mut self, config: ClientConfig, overrides: &Overrides) {
        let secs = |s: Option<i64>| {
            s.filter(|s| *s > 0)
                .map(|s| Duration::from_secs(s.unsigned_abs()))
        };
        if let Some(d) = secs(config.ping_interval) {
            self.ping_interval = d;
        }
        if let Some(d) = secs(config.reconnect_interval) {
            self.reconnect_interval = d;
        }
        if let Some(n) = config.reconnect_nonce.filter(|n| *n >= 0) {
            self.reconnect_nonce = Duration::from_secs(n.unsigned_abs());
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
    pub(crate) fn delay_before(&self, attempt: u32, unit: f64) -> Duration {
        if attempt <= 1 {
            self.reconnect_nonce.mul_f64(unit.clamp(0.0, 1.0))
        } else {
            self.reconnect_interval
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
        assert_eq!(timing.delay_before(1, 0.0), Duration::ZERO);
        assert_eq!(timing.delay_before(1, 0.5), Duration::from_secs(2));
        assert!(timing.delay_before(1, 0.999_999) < Duration::from_secs(4));
        assert_eq!(timing.delay_before(2, 0.5), Duration::from_secs(10));
        assert_eq!(timing.delay_before(3, 0.0), Duration::from_secs(10));
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
}
