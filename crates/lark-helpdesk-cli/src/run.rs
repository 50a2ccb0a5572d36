//! Dispatching the subcommands on a tokio runtime, and the log output.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

use crate::args::{Cli, Command};
use crate::exit::CliError;
use crate::{config, messages, mock};

/// Sends the SDK's and the libraries' logs to stderr, filtered by `RUST_LOG` (warnings
/// only when unset or invalid).
pub fn init_tracing() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
}

/// Runs the command line.
pub fn run(cli: Cli) -> Result<(), CliError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::Other(format!("cannot start the async runtime: {e}")))?;
    runtime.block_on(async {
        match cli.command {
            Command::MockServer(args) => mock::serve(&args).await,
            Command::Messages(args) => {
                // The server stops when `_server` is dropped, after the command.
                let (_server, client) = if cli.global.mock {
                    let (server, client) = mock::embedded(cli.global.mock_fault).await?;
                    (Some(server), client)
                } else {
                    (None, config::client(&cli.global)?)
                };
                // On a worker thread rather than this one: the page fetches, which finish
                // on the workers, then hand each page to the writer on the same thread
                // instead of waking this one (about a third of an export's time at
                // concurrency 1).
                let command = tokio::spawn(async move { messages::run(&client, &args).await });
                match command.await {
                    Ok(result) => result,
                    Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
                    Err(e) => Err(CliError::Other(format!("the command was cancelled: {e}"))),
                }
            }
        }
    })
}
