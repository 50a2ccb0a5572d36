//! Dispatching the subcommands on a tokio runtime, and the log output.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

use crate::args::{Cli, Command};
use crate::exit::CliError;
use crate::{config, export, messages, tickets};

/// Runs `check` against the embedded fake server (`--mock`) or the configured one.
async fn check(
    global: &crate::args::Global,
    args: &crate::args::CheckArgs,
) -> Result<(), CliError> {
    if global.mock {
        let (server, _client) = embedded_mock(global).await?;
        let target = mock_target(&server)?;
        return crate::check::run(&target, args).await;
    }
    let mut target = config::target(global)?;
    if target.user_token.is_none() {
        // The signed-in user's token (refreshed first), for the user-token operations.
        if let Some(user) = config::signed_in_user(global)? {
            match user.access_token().await {
                Ok(token) => target.user_token = Some(token.expose_secret().to_owned()),
                // Only the user-token operations need it: they are skipped, the rest run.
                Err(e) => eprintln!("warning: no user access token: {e}"),
            }
        }
    }
    crate::check::run(&target, args).await
}

#[cfg(feature = "mock")]
fn mock_target(server: &lark_helpdesk_mock::MockHelpdesk) -> Result<config::Target, CliError> {
    config::target_with(|name| server.env_var(name))
}

#[cfg(not(feature = "mock"))]
fn mock_target(_server: &()) -> Result<config::Target, CliError> {
    Err(no_mock())
}

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
            Command::MockServer(args) => mock_server(&args).await,
            Command::Completions(args) => {
                use clap::CommandFactory;
                let mut command = Cli::command();
                clap_complete::generate(
                    args.shell,
                    &mut command,
                    "lark-helpdesk",
                    &mut std::io::stdout(),
                );
                Ok(())
            }
            Command::Messages(args) => {
                with_client(&cli.global, move |client| async move {
                    messages::run(&client, &args).await
                })
                .await
            }
            Command::Tickets(args) => {
                with_client(&cli.global, move |client| async move {
                    tickets::run(&client, &args).await
                })
                .await
            }
            Command::Check(args) => check(&cli.global, &args).await,
            Command::Auth(args) => config::auth(&cli.global, &args).await,
            Command::Api(args) if args.list => Ok(crate::api::list(&mut std::io::stdout())?),
            Command::Api(args) => {
                with_client(&cli.global, move |client| async move {
                    crate::api::run(&client, &args).await
                })
                .await
            }
            Command::Listen(args) => {
                with_client(&cli.global, move |client| async move {
                    crate::listen::run(&client, &args).await
                })
                .await
            }
            Command::Db(args) => crate::db::run(&args),
            Command::Export(args) if args.follow => {
                with_client(&cli.global, move |client| async move {
                    crate::follow::run(&client, &args).await
                })
                .await
            }
            Command::Export(args) => {
                with_client(&cli.global, move |client| async move {
                    export::run(&client, &args).await
                })
                .await
            }
        }
    })
}

/// Runs `command` with the client of `global` (the embedded fake server's with `--mock`,
/// which stops after the command), on a runtime worker rather than this thread: the page
/// fetches finish on the workers, and then hand each page to the writer on the same
/// thread instead of waking this one.
async fn with_client<F, Fut>(global: &crate::args::Global, command: F) -> Result<(), CliError>
where
    F: FnOnce(lark_helpdesk::Client) -> Fut,
    Fut: std::future::Future<Output = Result<(), CliError>> + Send + 'static,
{
    let (_server, client) = if global.mock {
        let (server, client) = embedded_mock(global).await?;
        (Some(server), client)
    } else {
        (None, config::client(global)?)
    };
    match tokio::spawn(command(client)).await {
        Ok(result) => result,
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => Err(CliError::Other(format!("the command was cancelled: {e}"))),
    }
}

#[cfg(feature = "mock")]
async fn mock_server(args: &crate::args::MockServerArgs) -> Result<(), CliError> {
    crate::mock::serve(args).await
}

#[cfg(feature = "mock")]
async fn embedded_mock(
    global: &crate::args::Global,
) -> Result<(lark_helpdesk_mock::MockHelpdesk, lark_helpdesk::Client), CliError> {
    crate::mock::embedded(global.mock_fault, config::limits(global)?).await
}

/// Built without the fake server: `--mock` and `mock-server` say how to get it.
#[cfg(not(feature = "mock"))]
fn no_mock() -> CliError {
    CliError::Usage {
        message: "this build of lark-helpdesk has no fake server".into(),
        hint: Some(
            "build it with the default `mock` feature (cargo install lark-helpdesk-cli)".into(),
        ),
    }
}

#[cfg(not(feature = "mock"))]
async fn mock_server(_args: &crate::args::MockServerArgs) -> Result<(), CliError> {
    Err(no_mock())
}

#[cfg(not(feature = "mock"))]
async fn embedded_mock(
    _global: &crate::args::Global,
) -> Result<((), lark_helpdesk::Client), CliError> {
    Err(no_mock())
}
