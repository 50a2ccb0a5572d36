//! `listen`: each verified event, once, as one line of JSON on stdout.

use std::io::Write;

use lark_helpdesk::Client;
use tokio::sync::watch;

use crate::args::ListenArgs;
use crate::exit::CliError;
use crate::export::{AbortOnDrop, until_cancelled, watch_signals};

/// Runs `listen` until Ctrl-C (exit 0) or until the source fails.
pub async fn run(client: &Client, args: &ListenArgs) -> Result<(), CliError> {
    let mut listening = crate::events::start(client, &args.events).await?;
    let (cancel, mut cancelled) = watch::channel(false);
    let _signals = AbortOnDrop(tokio::spawn(watch_signals(cancel)));
    let out = std::io::stdout();
    let mut count = 0u64;
    loop {
        tokio::select! {
            biased;
            () = until_cancelled(&mut cancelled) => break,
            event = listening.events.recv() => match event {
                Some(event) => {
                    count += 1;
                    // A line at a time, so that a pipe sees each event as it comes.
                    let mut out = out.lock();
                    writeln!(out, "{}", event.json())
                        .and_then(|()| out.flush())
                        .map_err(|e| CliError::Other(format!("cannot write to stdout: {e}")))?;
                }
                None => return Err(listening.ended().await),
            },
        }
    }
    listening.stop().await;
    let _ = writeln!(
        std::io::stderr(),
        "stopped listening after {}",
        crate::export::count(count, "event", "events")
    );
    Ok(())
}
