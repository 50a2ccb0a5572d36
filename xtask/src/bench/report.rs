//! The report: one table per ticket size (medians, ratio CLI / curl, throughput, peak
//! memory, CPU, the server's busy share), then the verdicts against the targets:
//! **CLI ≤ 1.10x curl** at the CLI's default concurrency, 1 (other concurrencies for
//! reference), and **CLI peak RSS ≤ 32 MiB** on every row, with the memory growth from the
//! smallest to the biggest ticket.

use std::collections::BTreeMap;

use super::measure::{Sample, median};
use super::pages::PAGE_SIZE;

/// The peak memory target of the CLI, at every size.
const RSS_TARGET_MIB: f64 = 32.0;
/// The speed target: CLI wall time at most this many times curl's.
const RATIO_TARGET: f64 = 1.10;

/// The result of one size at one concurrency.
#[derive(Debug, Clone)]
pub(super) struct Row {
    /// Messages of the ticket.
    pub(super) messages: usize,
    /// The CLI's `--concurrency`.
    pub(super) concurrency: u16,
    /// Bytes of all pages.
    pub(super) bytes: u64,
    /// The CLI's runs.
    pub(super) cli: Vec<Sample>,
    /// curl's runs.
    pub(super) curl: Vec<Sample>,
}

impl Row {
    /// Median wall seconds of `samples`.
    fn median_wall(samples: &[Sample]) -> f64 {
        median(
            &samples
                .iter()
                .map(|s| s.wall.as_secs_f64())
                .collect::<Vec<_>>(),
        )
    }

    /// Highest peak RSS of `samples`, MiB.
    fn peak_mib(samples: &[Sample]) -> f64 {
        samples.iter().map(|s| s.max_rss_kib).max().unwrap_or(0) as f64 / 1024.0
    }

    /// Median share of the run's wall time that the server was busy, in percent.
    fn server_busy_percent(samples: &[Sample]) -> f64 {
        let shares: Vec<f64> = samples
            .iter()
            .map(|s| 100.0 * s.server.busy.as_secs_f64() / s.wall.as_secs_f64().max(1e-9))
            .collect();
        median(&shares)
    }

    /// Median CPU seconds (user + system) of `samples`.
    fn median_cpu(samples: &[Sample]) -> f64 {
        median(
            &samples
                .iter()
                .map(|s| s.cpu.as_secs_f64())
                .collect::<Vec<_>>(),
        )
    }

    /// CLI median / curl median.
    fn ratio(&self) -> f64 {
        Self::median_wall(&self.cli) / Self::median_wall(&self.curl).max(1e-9)
    }
}

/// Prints the table of one size.
pub(super) fn print_rows(rows: &[Row]) {
    let Some(first) = rows.first() else { return };
    let mb = first.bytes as f64 / 1e6;
    println!();
    println!(
        "== {} messages: {} pages of {PAGE_SIZE}, {mb:.1} MB of JSON, {} runs each ==",
        first.messages,
        first.messages.div_ceil(PAGE_SIZE),
        first.cli.len()
    );
    println!(
        "{:>4} {:>8} {:>8} {:>6} {:>8} {:>9} {:>9} {:>9} {:>8} {:>8} {:>13}",
        "conc",
        "CLI s",
        "curl s",
        "ratio",
        "CLI MB/s",
        "curl MB/s",
        "CLI RSS",
        "curl RSS",
        "CLI CPU",
        "curl CPU",
        "srv busy",
    );
    for row in rows {
        let (cli, curl) = (Row::median_wall(&row.cli), Row::median_wall(&row.curl));
        let busy = format!(
            "{:.1}%/{:.1}%",
            Row::server_busy_percent(&row.cli),
            Row::server_busy_percent(&row.curl)
        );
        println!(
            "{:>4} {:>8.3} {:>8.3} {:>5.2}x {:>8.1} {:>9.1} {:>5.1} MiB {:>5.1} MiB {:>7.3}s {:>7.3}s {:>13}",
            row.concurrency,
            cli,
            curl,
            row.ratio(),
            mb / cli,
            mb / curl,
            Row::peak_mib(&row.cli),
            Row::peak_mib(&row.curl),
            Row::median_cpu(&row.cli),
            Row::median_cpu(&row.curl),
            busy,
        );
    }
    println!(
        "(s: median wall time; RSS: highest peak over the runs; CPU: median user+sys of the \
         client; srv busy: median share of the CLI / curl run's wall time the server spent \
         answering, in wall time including writes blocked on the reader)"
    );
    for row in rows {
        let all: Vec<String> = row
            .cli
            .iter()
            .map(|s| format!("{:.3}", s.wall.as_secs_f64()))
            .collect();
        let curl: Vec<String> = row
            .curl
            .iter()
            .map(|s| format!("{:.3}", s.wall.as_secs_f64()))
            .collect();
        println!(
            "  conc {}: CLI runs [{}] s, curl runs [{}] s",
            row.concurrency,
            all.join(", "),
            curl.join(", ")
        );
    }
}

/// Prints PASS/MISS for every row against the targets. The speed target is on the command
/// as the issue gives it (the CLI's default, concurrency 1, against curl over one
/// connection); other concurrencies get their ratio for reference. The memory target is on
/// every row.
pub(super) fn print_summary(rows: &[Row]) {
    let verdict = |ok: bool| if ok { "PASS" } else { "MISS" };
    println!();
    println!(
        "== targets: CLI ≤ {RATIO_TARGET:.2}x curl as run by default (concurrency 1; other \
         concurrencies for reference), CLI peak RSS ≤ {RSS_TARGET_MIB} MiB =="
    );
    for row in rows {
        let (ratio, rss) = (row.ratio(), Row::peak_mib(&row.cli));
        let speed = if row.concurrency == 1 {
            verdict(ratio <= RATIO_TARGET)
        } else {
            "(reference)"
        };
        println!(
            "{:>7} messages, conc {}: ratio {ratio:.2}x {speed}; peak RSS {rss:.1} MiB {}",
            row.messages,
            row.concurrency,
            verdict(rss <= RSS_TARGET_MIB),
        );
    }
    let mut peaks: BTreeMap<u16, Vec<(usize, f64)>> = BTreeMap::new();
    for row in rows {
        peaks
            .entry(row.concurrency)
            .or_default()
            .push((row.messages, Row::peak_mib(&row.cli)));
    }
    for (concurrency, sizes) in peaks {
        if let [(small, a), .., (big, b)] = sizes.as_slice() {
            println!(
                "memory growth, conc {concurrency}: {a:.1} MiB at {small} → {b:.1} MiB at {big} \
                 messages ({:+.1} MiB)",
                b - a
            );
        }
    }
}
