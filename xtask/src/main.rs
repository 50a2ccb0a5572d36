//! Developer tasks of the lark-helpdesk workspace.
//!
//! - `cargo xtask regen`: regenerate `crates/lark-helpdesk-api/src/generated.rs` from
//!   `openapi/helpdesk.yaml` with progenitor.
//! - `cargo xtask regen --check`: fail, naming the file, when the checked-in code differs
//!   from what the spec generates (CI runs it).
//! - `cargo xtask bench`: time the release CLI's export of a big ticket from a loopback
//!   server against `curl` fetching the same pages, with peak memory (see `bench/mod.rs`);
//!   `--wan` over a network with latency and a rate limit, `--mock-server` whether the
//!   release `lark-helpdesk mock-server` lasts (memory flat over 100,000 requests),
//!   `--events` how fast and how safely events reach the CLI and disk (`bench/events.rs`).

#[cfg(feature = "bench")]
mod bench;
mod events;
#[cfg(test)]
mod new_operation;
mod operations;
mod regen;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <task>

tasks:
  regen [--check]    regenerate the client from openapi/helpdesk.yaml (--check: fail on drift)
  bench [--messages N]... [--runs R] [--concurrency C]...
                     time `lark-helpdesk messages --all` against curl on a loopback server
                     (defaults: 10000 and 100000 messages, 5 runs, concurrency 1 and 4)
  bench --wan        the CLI over a network with latency and the platform's rate limit
  bench --mock-server
                     100,000 requests at the release `lark-helpdesk mock-server`: RSS flat and
                     below 32 MiB, a clean exit on Ctrl-C
  bench --events     events: push-to-disk latency of `export --follow` (--http, --ws),
                     `listen --http` throughput and memory over a million events, reconnect
                     time of the long connection";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("regen") => match &args[1..] {
            [] => regen::run(false),
            [flag] if flag == "--check" => regen::run(true),
            _ => Err(format!("unexpected arguments to regen\n\n{USAGE}")),
        },
        #[cfg(feature = "bench")]
        Some("bench") => bench::run(&args[1..]),
        #[cfg(not(feature = "bench"))]
        Some("bench") => Err("this xtask was built without the `bench` feature".into()),
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (the parent of this crate's folder).
pub(crate) fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}
