//! `listen`: each verified event, once, as one line of JSON on stdout.

use std::io::Write;

use lark_helpdesk::Client;

use crate::args::ListenArgs;
use crate::exit::CliError;
use crate::signals::{Signals, until_cancelled};

/// Runs `listen` until Ctrl-C (exit 0) or until the source fails.
pub async fn run(client: &Client, args: &ListenArgs) -> Result<(), CliError> {
    let mut listening = crate::events::start(client, &args.events).await?;
    let signals = Signals::watch();
    let mut cancelled = signals.cancelled();
    let mut count = 0u64;
    loop {
        tokio::select! {
            biased;
            () = until_cancelled(&mut cancelled) => break,
            event = listening.events.recv() => match event {
                Some(event) => {
                    count += 1;
                    print(&event)?;
                }
                None => return Err(listening.ended().await),
            },
        }
    }
    // What was taken (and acknowledged) before the stop is printed too.
    listening.stop().await;
    while let Some(event) = listening.events.recv().await {
        count += 1;
        print(&event)?;
    }
    let _ = writeln!(
        std::io::stderr(),
        "stopped listening after {}",
        crate::output::count(count, "event", "events")
    );
    Ok(())
}

/// Writes `event` as a line of stdout, flushed, so that a pipe sees each event as it
/// comes.
fn print(event: &lark_helpdesk::Event) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", event.json())
        .and_then(|()| out.flush())
        .map_err(|e| CliError::Other(format!("cannot write to stdout: {e}")))
}
