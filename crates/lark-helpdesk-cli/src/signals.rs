//! Ctrl-C and SIGTERM for the long-running commands (`export`, `listen`,
//! `export --follow`): the first asks them to stop after the work in hand, the second
//! exits at once.

use std::io::{self, Write};

use tokio::sync::watch;

/// A watch of the signals for the life of a command: [`Signals::cancelled`] turns true
/// on the first; watching stops when this is dropped.
pub struct Signals {
    task: tokio::task::JoinHandle<()>,
    cancelled: watch::Receiver<bool>,
}

impl Signals {
    /// Starts watching.
    pub fn watch() -> Signals {
        let (cancel, cancelled) = watch::channel(false);
        Signals {
            task: tokio::spawn(watch_signals(cancel)),
            cancelled,
        }
    }

    /// Whether (once) the command was asked to stop.
    pub fn cancelled(&self) -> watch::Receiver<bool> {
        self.cancelled.clone()
    }
}

impl Drop for Signals {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Returns once the run is cancelled; never when signals cannot be watched (the sender
/// is gone without having cancelled).
pub async fn until_cancelled(cancelled: &mut watch::Receiver<bool>) {
    if cancelled.wait_for(|c| *c).await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// Sets `cancel` on the first Ctrl-C or SIGTERM; exits at once on the second.
async fn watch_signals(cancel: watch::Sender<bool>) {
    for _ in 0..2 {
        if !signal().await {
            tracing::warn!("Ctrl-C and SIGTERM cannot be watched: they stop the command at once");
            // Held, so that the run is never taken as cancelled.
            std::future::pending::<()>().await;
        }
        if cancel.send_replace(true) {
            let _ = writeln!(io::stderr(), "interrupted again: stopping now");
            std::process::exit(i32::from(crate::exit::INTERRUPTED));
        }
        let _ = writeln!(
            io::stderr(),
            "interrupted: finishing the work in hand (Ctrl-C again to stop at once)"
        );
    }
}

/// Waits for Ctrl-C or (on Unix) SIGTERM; `false` when they cannot be watched.
async fn signal() -> bool {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let (Ok(mut int), Ok(mut term)) = (
            signal(SignalKind::interrupt()),
            signal(SignalKind::terminate()),
        ) else {
            return false;
        };
        tokio::select! {
            _ = int.recv() => true,
            _ = term.recv() => true,
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await.is_ok()
    }
}
