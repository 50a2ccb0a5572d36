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
        match &cli.command {
            Command::MockServer(args) => mock::serve(args).await,
            Command::Messages(args) if cli.global.mock => {
                // The server stops when `_server` is dropped, after the command.
                let (_server, client) = mock::embedded(cli.global.mock_fault).await?;
                messages::run(&client, args).await
            }
            Command::Messages(args) => {
                let client = config::client(&cli.global)?;
                messages::run(&client, args).await
            }
        }
    })
}
