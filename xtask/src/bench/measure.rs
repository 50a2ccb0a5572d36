//! Running the clients: the release CLI and `curl`, each under `/usr/bin/time -v` with
//! its stdout to `/dev/null`, as one timed [`Sample`]; the parsing of time's report; and
//! the median of the samples.
//!
//! Wall times are measured here with [`Instant`] around the `/usr/bin/time` process (its
//! own "Elapsed (wall clock)" line only has centiseconds); peak memory is time's "Maximum
//! resident set size"; CPU time is its user + system time.

use std::fmt::Write as _;
use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use super::pages::{PAGE_SIZE, Pages, TICKET_ID, messages_path};
use super::server::{ServerUsage, StaticServer};

/// The tenant access token the CLI and curl send (the server does not check it).
pub(super) const TOKEN: &str = "t-bench";
/// The helpdesk id and token given to the CLI.
pub(super) const HELPDESK_ID: &str = "bench";
/// See [`HELPDESK_ID`].
pub(super) const HELPDESK_TOKEN: &str = "bench-token";
/// `base64("bench:bench-token")`: the helpdesk header curl sends, as the CLI does.
const HELPDESK_HEADER: &str = "YmVuY2g6YmVuY2gtdG9rZW4=";
/// `/usr/bin/time`, which reports the peak memory of its child.
pub(super) const TIME: &str = "/usr/bin/time";

/// One timed run of a client.
#[derive(Debug, Clone, Copy)]
pub(super) struct Sample {
    /// Wall time, measured here around `/usr/bin/time`.
    pub(super) wall: Duration,
    /// Peak resident memory, KiB.
    pub(super) max_rss_kib: u64,
    /// User + system CPU time of the client.
    pub(super) cpu: Duration,
    /// What the server did during the run.
    pub(super) server: ServerUsage,
}

/// The median of `values` (the mean of the two middle ones for an even count); 0 for
/// none.
pub(super) fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// A client command to time: program, arguments and environment.
pub(super) struct Client {
    /// Name in messages ("CLI", "curl").
    pub(super) name: &'static str,
    /// The program and its arguments.
    argv: Vec<String>,
    /// Variables to set in the child.
    env: Vec<(&'static str, String)>,
}

impl Client {
    /// The CLI exporting the whole ticket as NDJSON from `server`.
    pub(super) fn cli(cli: &Path, server: &StaticServer, concurrency: u16) -> Self {
        let mut argv = vec![
            cli.to_string_lossy().into_owned(),
            "messages".into(),
            TICKET_ID.into(),
            "--all".into(),
            "--format".into(),
            "ndjson".into(),
        ];
        if concurrency > 1 {
            argv.extend(["--concurrency".into(), concurrency.to_string()]);
        }
        Client {
            name: "CLI",
            argv,
            env: vec![
                ("LARK_BASE_URL", server.base_url()),
                ("LARK_TENANT_ACCESS_TOKEN", TOKEN.into()),
                ("LARK_HELPDESK_ID", HELPDESK_ID.into()),
                ("LARK_HELPDESK_TOKEN", HELPDESK_TOKEN.into()),
            ],
        }
    }

    /// curl fetching every page of `pages` from `server`, with its config written under
    /// `scratch`.
    pub(super) fn curl(
        server: &StaticServer,
        pages: &Pages,
        concurrency: u16,
        scratch: &Path,
    ) -> Result<Self, String> {
        let file = scratch.join(format!("pages-{}-c{concurrency}.curl", pages.messages()));
        fs::write(
            &file,
            curl_config(&server.base_url(), pages.count(), concurrency),
        )
        .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
        Ok(Client {
            name: "curl",
            argv: vec!["curl".into(), "-K".into(), file.to_string_lossy().into()],
            env: Vec::new(),
        })
    }

    /// A `Command` running this client behind `wrapper` (a program and its arguments, or
    /// nothing), with the bench's environment: the `LARK_*` and `RUST_LOG` of the caller
    /// removed, the client's own set.
    fn command(&self, wrapper: &[&str]) -> Command {
        let mut argv = wrapper
            .iter()
            .copied()
            .chain(self.argv.iter().map(String::as_str));
        let mut command = Command::new(argv.next().expect("a client has a program"));
        command.args(argv);
        for (name, _) in std::env::vars_os() {
            let text = name.to_string_lossy();
            if text.starts_with("LARK_") || text == "RUST_LOG" {
                command.env_remove(&name);
            }
        }
        command.envs(self.env.iter().map(|(k, v)| (k, v)));
        command
    }

    /// Runs the client under `/usr/bin/time -v`, stdout to `/dev/null`, with time's
    /// report written under `scratch`.
    pub(super) fn time(&self, server: &StaticServer, scratch: &Path) -> Result<Sample, String> {
        let report_file = scratch.join("time.txt");
        let report = report_file.to_string_lossy().into_owned();
        server.take_usage();
        let start = Instant::now();
        let output = self
            .command(&[TIME, "-v", "-o", &report])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .map_err(|e| format!("cannot run {TIME}: {e}"))?;
        let wall = start.elapsed();
        let server_usage = server.take_usage();
        if !output.status.success() {
            return Err(failure(self.name, &output));
        }
        let text = fs::read_to_string(&report_file)
            .map_err(|e| format!("cannot read {}: {e}", report_file.display()))?;
        let report = parse_time_report(&text)
            .ok_or_else(|| format!("cannot read /usr/bin/time's report:\n{text}"))?;
        Ok(Sample {
            wall,
            max_rss_kib: report.max_rss_kib,
            cpu: report.cpu,
            server: server_usage,
        })
    }

    /// Runs the client once, untimed, and counts the lines it prints.
    pub(super) fn count_lines(&self) -> Result<u64, String> {
        let mut child = self
            .command(&[])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", self.name))?;
        let mut stdout = child.stdout.take().expect("piped");
        let mut buffer = vec![0; 64 * 1024];
        let mut lines = 0u64;
        loop {
            let n = stdout
                .read(&mut buffer)
                .map_err(|e| format!("reading the output of {}: {e}", self.name))?;
            if n == 0 {
                break;
            }
            lines += buffer[..n].iter().filter(|&&b| b == b'\n').count() as u64;
        }
        let output = child
            .wait_with_output()
            .map_err(|e| format!("waiting for {}: {e}", self.name))?;
        if !output.status.success() {
            return Err(failure(self.name, &output));
        }
        Ok(lines)
    }
}

/// The text of a curl config (`curl -K`) fetching pages `1..=pages` from `base_url`
/// into `/dev/null`, `concurrency` at a time (one keep-alive connection when 1).
fn curl_config(base_url: &str, pages: usize, concurrency: u16) -> String {
    let mut config = String::from("silent\nshow-error\nfail\n");
    let _ = writeln!(config, "header = \"Authorization: Bearer {TOKEN}\"");
    let _ = writeln!(
        config,
        "header = \"X-Lark-Helpdesk-Authorization: {HELPDESK_HEADER}\""
    );
    if concurrency > 1 {
        let _ = writeln!(config, "parallel\nparallel-max = {concurrency}");
    }
    for page in 1..=pages {
        let _ = writeln!(
            config,
            "url = \"{base_url}{}?page={page}&page_size={PAGE_SIZE}\"\noutput = \"/dev/null\"",
            messages_path()
        );
    }
    config
}

/// The error of a client run that exited unsuccessfully: its status and stderr.
pub(super) fn failure(name: &str, output: &Output) -> String {
    format!(
        "{name} failed ({}): {}",
        output.status,
        String::from_utf8_lossy(&output.stderr).trim()
    )
}

/// What `/usr/bin/time -v` says of a run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct TimeReport {
    /// "Elapsed (wall clock) time".
    pub(super) wall: Duration,
    /// "Maximum resident set size", in KiB.
    pub(super) max_rss_kib: u64,
    /// "User time" + "System time".
    pub(super) cpu: Duration,
}

/// Parses the output of `/usr/bin/time -v`.
pub(super) fn parse_time_report(text: &str) -> Option<TimeReport> {
    let value = |label: &str| {
        text.lines()
            .map(str::trim)
            .find(|line| line.starts_with(label))
            .and_then(|line| line.rsplit_once(": "))
            .map(|(_, value)| value.trim())
    };
    let seconds = |label: &str| {
        value(label)?
            .parse::<f64>()
            .ok()
            .filter(|s| s.is_finite() && *s >= 0.0)
            .map(Duration::from_secs_f64)
    };
    Some(TimeReport {
        wall: parse_clock(value("Elapsed (wall clock) time")?)?,
        max_rss_kib: value("Maximum resident set size")?.parse().ok()?,
        cpu: seconds("User time (seconds)")? + seconds("System time (seconds)")?,
    })
}

/// Parses time's wall clock: `m:ss.cc` (under an hour) or `h:mm:ss`.
fn parse_clock(text: &str) -> Option<Duration> {
    let parts: Vec<&str> = text.split(':').collect();
    let (hours, minutes, seconds) = match parts.as_slice() {
        [m, s] => ("0", *m, *s),
        [h, m, s] => (*h, *m, *s),
        _ => return None,
    };
    let hours: u64 = hours.parse().ok()?;
    let minutes: u64 = minutes.parse().ok()?;
    let seconds: f64 = seconds.parse().ok()?;
    if !(seconds.is_finite() && seconds >= 0.0) {
        return None;
    }
    Some(Duration::from_secs(hours * 3600 + minutes * 60) + Duration::from_secs_f64(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_reports_are_parsed_in_both_clock_formats() {
        let report = "\tCommand being timed: \"true\"\n\
            \tUser time (seconds): 1.00\n\
            \tSystem time (seconds): 0.25\n\
            \tElapsed (wall clock) time (h:mm:ss or m:ss): 1:02.50\n\
            \tMaximum resident set size (kbytes): 11080\n\
            \tExit status: 0\n";
        assert_eq!(
            parse_time_report(report),
            Some(TimeReport {
                wall: Duration::from_millis(62_500),
                max_rss_kib: 11_080,
                cpu: Duration::from_millis(1_250),
            })
        );
        assert_eq!(parse_clock("0:00.07"), Some(Duration::from_millis(70)));
        assert_eq!(parse_clock("1:02:03"), Some(Duration::from_secs(3723)));
        assert_eq!(parse_clock("12"), None);
        assert_eq!(parse_clock("a:00.1"), None);
        assert_eq!(parse_time_report("Exit status: 0"), None);
    }

    #[test]
    fn medians() {
        assert_eq!(median(&[]), 0.0);
        assert_eq!(median(&[3.0]), 3.0);
        assert_eq!(median(&[5.0, 1.0, 3.0]), 3.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
    }

    #[test]
    fn curl_configs_fetch_every_page() {
        let config = curl_config("http://127.0.0.1:9", 3, 1);
        assert_eq!(config.matches("url = ").count(), 3);
        assert_eq!(config.matches("output = \"/dev/null\"").count(), 3);
        assert!(config.contains(&format!(
            "url = \"http://127.0.0.1:9{}?page=3&page_size=200\"",
            messages_path()
        )));
        assert!(!config.contains("parallel"));
        assert!(curl_config("http://127.0.0.1:9", 3, 4).contains("parallel-max = 4"));
    }
}
