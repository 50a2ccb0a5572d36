//! What the two network benchmarks share (`--wan` and `--whole`): the platform's rate
//! limit as fixed one-second windows per operation and its refusal, where in a window a
//! run starts, the release CLI timed under `/usr/bin/time -v`, and the lines of their
//! reports.

use std::collections::HashMap;
use std::fs;
use std::hash::Hash;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use super::measure::{TIME, failure, parse_time_report};

/// The body of the platform's refusal (HTTP 429).
pub(super) const REFUSAL: &[u8] = br#"{"code":99991400,"msg":"request trigger frequency limit"}"#;

/// Fixed one-second windows from a start, a count per operation `K`: past its limit in a
/// window, a request is refused. A request is counted when it arrives.
pub(super) struct RateWindows<K> {
    /// The start of the first window (windows are whole seconds from it).
    started: Instant,
    /// Per operation: the window (whole seconds from `started`) and its count.
    windows: Mutex<HashMap<K, (u64, u32)>>,
}

impl<K: Eq + Hash> RateWindows<K> {
    pub(super) fn new() -> Self {
        RateWindows {
            started: Instant::now(),
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// The time since the first window began.
    pub(super) fn now(&self) -> Duration {
        self.started.elapsed()
    }

    /// Counts a request of `op` that arrived at `now` (from [`now`](Self::now)) in its
    /// window: whether it is past `limit`, to be refused.
    pub(super) fn refuses(&self, op: K, limit: u32, now: Duration) -> bool {
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        let window = windows.entry(op).or_insert((0, 0));
        if window.0 != now.as_secs() {
            *window = (now.as_secs(), 0);
        }
        window.1 += 1;
        window.1 > limit
    }

    /// Waits until `phase` (0 to 1) of a window, at least a window and a tenth from now:
    /// a run then starts with a window of its own (not one the last run spent), at a set
    /// place in it. The refusals and the time of a run depend on where its first requests
    /// fall in a window; runs spread over the window ([`phase`]) measure all of it, not
    /// wherever the runs happen to start.
    pub(super) fn wait_for_phase(&self, phase: f64) {
        let earliest = self.started.elapsed() + Duration::from_millis(1_100);
        let window = earliest.as_secs_f64().floor();
        let mut at = Duration::from_secs_f64(window + phase);
        if at < earliest {
            at += Duration::from_secs(1);
        }
        thread::sleep(at.saturating_sub(self.started.elapsed()));
    }
}

/// The headers of the refusal of a request that arrived at `now`: when its window resets
/// (`x-ogw-ratelimit-reset`, whole seconds, as the platform sends it) and, when given,
/// the limit (`x-ogw-ratelimit-limit`).
pub(super) fn refusal_headers(now: Duration, limit: Option<u32>) -> String {
    let reset = 1 + now.as_secs() - now.as_secs_f64().floor() as u64;
    let mut headers = format!("x-ogw-ratelimit-reset: {reset}\r\n");
    if let Some(limit) = limit {
        headers.push_str(&format!("x-ogw-ratelimit-limit: {limit}\r\n"));
    }
    headers
}

/// Where in a window run `i` of `runs` starts: spread evenly over it.
pub(super) fn phase(i: usize, runs: usize) -> f64 {
    i as f64 / runs.max(1) as f64
}

/// One timed run: wall time, peak RSS, and the requests the server answered and refused.
#[derive(Debug, Clone, Copy)]
pub(super) struct Run {
    pub(super) wall: Duration,
    pub(super) rss_kib: u64,
    pub(super) answered: u64,
    pub(super) refused: u64,
}

/// Runs `argv` under `/usr/bin/time -v` with `env` (the caller's `LARK_*` and
/// `RUST_LOG` removed): its wall time and peak RSS (KiB). `WAN_LOG=filter`: the CLI's
/// log at that filter, in `scratch/cli-<n>.log`, a file for each run of the benchmark's
/// process.
pub(super) fn run_timed(
    argv: &[String],
    env: &[(&str, String)],
    scratch: &Path,
) -> Result<(Duration, u64), String> {
    let report = scratch.join("wan-time.txt");
    let started = Instant::now();
    let mut command = Command::new(TIME);
    command.args(["-v", "-o"]).arg(&report).args(argv);
    for (name, _) in std::env::vars_os() {
        let text = name.to_string_lossy();
        if text.starts_with("LARK_") || text == "RUST_LOG" {
            command.env_remove(&name);
        }
    }
    command.envs(env.iter().map(|(k, v)| (k, v)));
    if let Ok(filter) = std::env::var("WAN_LOG") {
        command.env("RUST_LOG", filter);
    }
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let output = command
        .output()
        .map_err(|e| format!("cannot run {TIME}: {e}"))?;
    let wall = started.elapsed();
    if !output.status.success() {
        return Err(failure(&argv[0], &output));
    }
    if std::env::var_os("WAN_LOG").is_some() {
        static RUN: AtomicU64 = AtomicU64::new(0);
        let n = RUN.fetch_add(1, Ordering::Relaxed) + 1;
        let _ = fs::write(scratch.join(format!("cli-{n}.log")), &output.stderr);
    }
    let text = fs::read_to_string(&report).map_err(|e| format!("{}: {e}", report.display()))?;
    let report = parse_time_report(&text).ok_or("cannot read time's report")?;
    Ok((wall, report.max_rss_kib))
}

/// One line of a report: wall time, floor and ratio, refusals, peak RSS, target.
pub(super) fn line(name: &str, run: &Run, floor: Option<Duration>, target: &str) {
    let total = run.answered + run.refused;
    let refused = 100.0 * run.refused as f64 / total.max(1) as f64;
    let ratio = floor.map_or("-".to_string(), |f| {
        format!("{:.2}x", run.wall.as_secs_f64() / f.as_secs_f64())
    });
    println!(
        "  {name:<44} {:>7.2} s  floor {:>6}  {ratio:>6}  refused {:>5.1} % ({} of {})  RSS {:>5.1} MiB  {target}",
        run.wall.as_secs_f64(),
        floor.map_or("-".into(), |f| format!("{:.2}", f.as_secs_f64())),
        refused,
        run.refused,
        total,
        run.rss_kib as f64 / 1024.0
    );
}

/// The runs of one row, printed each, summed up as the median of each measure (wall time
/// and share refused taken on their own, not from one run) and the highest peak RSS.
pub(super) fn median_run(runs: &[Run]) -> Run {
    if runs.len() > 1 {
        let all: Vec<String> = runs
            .iter()
            .map(|r| format!("{:.2} s / {} refused", r.wall.as_secs_f64(), r.refused))
            .collect();
        println!("    runs: {}", all.join(", "));
    }
    let mut walls: Vec<Duration> = runs.iter().map(|r| r.wall).collect();
    walls.sort();
    let mut by_refusals: Vec<&Run> = runs.iter().collect();
    by_refusals.sort_by(|a, b| refused_share(a).total_cmp(&refused_share(b)));
    let middle = by_refusals[runs.len() / 2];
    Run {
        wall: walls[runs.len() / 2],
        rss_kib: runs.iter().map(|r| r.rss_kib).max().unwrap_or(0),
        answered: middle.answered,
        refused: middle.refused,
    }
}

fn refused_share(run: &Run) -> f64 {
    run.refused as f64 / (run.answered + run.refused).max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_refuse_past_the_limit_and_reset_each_second() {
        let windows = RateWindows::new();
        let at = |ms| Duration::from_millis(ms);
        assert!(!windows.refuses("a", 2, at(100)));
        assert!(!windows.refuses("a", 2, at(900)));
        assert!(windows.refuses("a", 2, at(950)));
        // Each operation has its own count.
        assert!(!windows.refuses("b", 2, at(960)));
        // The next window starts afresh.
        assert!(!windows.refuses("a", 2, at(1_000)));
        assert_eq!(
            refusal_headers(at(950), Some(20)),
            "x-ogw-ratelimit-reset: 1\r\nx-ogw-ratelimit-limit: 20\r\n"
        );
        assert_eq!(
            refusal_headers(at(1_000), None),
            "x-ogw-ratelimit-reset: 1\r\n"
        );
    }

    #[test]
    fn phases_spread_over_the_window() {
        assert_eq!(phase(0, 4), 0.0);
        assert_eq!(phase(3, 4), 0.75);
        assert_eq!(phase(0, 0), 0.0);
    }
}
