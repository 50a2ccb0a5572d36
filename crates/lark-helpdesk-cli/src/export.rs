//! `export`: every ticket matching the filters and every message of each, into a
//! directory.
//!
//! ```text
//! DIR/tickets.ndjson               one ticket per line, as the platform sent it
//! DIR/messages/<ticket_id>.ndjson  that ticket's messages in order (the NDJSON of `messages`)
//! DIR/manifest.json                the filters and window, the counts, whether it finished
//! ```
//!
//! Several tickets' messages are fetched at once; tickets are written in the order the
//! ticket stream yields them. A file is written under a temporary name and renamed once
//! complete, so a file that is there is whole.

use std::fs;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use futures::TryStreamExt;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use lark_helpdesk::{Client, Ticket};
use serde_json::json;

use crate::args::{ExportArgs, TicketFilters};
use crate::exit::CliError;

/// The manifest's `format`.
pub const FORMAT: &str = "lark-helpdesk-export/1";

/// Runs `export` with `client`.
pub async fn run(client: &Client, args: &ExportArgs) -> Result<(), CliError> {
    let started = Instant::now();
    let dir = &args.output;
    let manifest_path = dir.join("manifest.json");
    if manifest_path.exists() {
        return Err(CliError::Usage {
            message: format!("{} already holds an export", dir.display()),
            hint: Some("export into a new directory".into()),
        });
    }
    let messages_dir = dir.join("messages");
    fs::create_dir_all(&messages_dir).map_err(|e| write_error(&messages_dir, e))?;

    // The window as sent: both ends, an unset end now, an unset start the epoch.
    let now = jiff::Timestamp::now();
    let filters = whole_windows(&args.filters, now);
    let mut manifest = Manifest {
        filters: filters.clone(),
        started_at: now,
        tickets: 0,
        messages: 0,
        finished: false,
    };
    manifest.write(&manifest_path)?;

    let progress = Progress::new(io::stderr().is_terminal());
    let tickets_path = dir.join("tickets.ndjson");
    let mut tickets_out = Partial::create(&tickets_path)?;
    let concurrency = usize::from(args.concurrency);
    let mut done = crate::tickets::request(client, &filters)
        .concurrency(2)
        .stream()
        .map_err(CliError::from)
        .map_ok(|ticket| export_messages(client, &messages_dir, ticket))
        .try_buffered(concurrency);
    let result: Result<(), CliError> = async {
        while let Some((ticket, count)) = done.try_next().await? {
            tickets_out.line(ticket.raw_json().as_bytes())?;
            manifest.tickets += 1;
            manifest.messages += count;
            progress.update(manifest.tickets, manifest.messages);
        }
        tickets_out.finish()?;
        Ok(())
    }
    .await;
    progress.finish();
    result?;
    manifest.finished = true;
    manifest.write(&manifest_path)?;
    let _ = writeln!(
        io::stderr(),
        "exported {} tickets and {} messages into {} in {:.1} s",
        manifest.tickets,
        manifest.messages,
        dir.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The filters with each time window given both ends (as the platform wants them).
fn whole_windows(filters: &TicketFilters, now: jiff::Timestamp) -> TicketFilters {
    let mut f = filters.clone();
    let whole = |start: &mut Option<jiff::Timestamp>, end: &mut Option<jiff::Timestamp>| {
        if start.is_some() || end.is_some() {
            start.get_or_insert(jiff::Timestamp::UNIX_EPOCH);
            end.get_or_insert(now);
        }
    };
    whole(&mut f.since, &mut f.until);
    whole(&mut f.updated_since, &mut f.updated_until);
    f
}

/// Writes every message of `ticket` into `dir/<ticket_id>.ndjson`; the ticket and the
/// number of messages.
async fn export_messages(
    client: &Client,
    dir: &Path,
    ticket: Ticket,
) -> Result<(Ticket, u64), CliError> {
    let path = dir.join(format!("{}.ndjson", file_name(ticket.ticket_id())?));
    let mut out = Partial::create(&path)?;
    let mut messages = client.ticket_messages(ticket.ticket_id()).stream();
    let mut count = 0;
    let mut line = Vec::with_capacity(1024);
    while let Some(message) = messages.try_next().await? {
        line.clear();
        message.write_json(&mut line)?;
        out.line(&line)?;
        count += 1;
    }
    out.finish()?;
    Ok((ticket, count))
}

/// A ticket id as a file name: as it is when it holds only letters, digits, `-` and
/// `_` (the platform's ids are digits), else refused.
fn file_name(id: &str) -> Result<&str, CliError> {
    if !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        Ok(id)
    } else {
        Err(CliError::Other(format!(
            "the platform sent a ticket id that is no file name: {:?}",
            crate::output::printable(id)
        )))
    }
}

/// A file written under `<name>.partial`, renamed to its name once complete.
struct Partial {
    path: PathBuf,
    partial: PathBuf,
    out: BufWriter<fs::File>,
}

impl Partial {
    fn create(path: &Path) -> Result<Partial, CliError> {
        let mut partial = path.as_os_str().to_owned();
        partial.push(".partial");
        let partial = PathBuf::from(partial);
        let file = fs::File::create(&partial).map_err(|e| write_error(&partial, e))?;
        Ok(Partial {
            path: path.to_owned(),
            out: BufWriter::with_capacity(64 * 1024, file),
            partial,
        })
    }

    fn line(&mut self, bytes: &[u8]) -> Result<(), CliError> {
        self.out
            .write_all(bytes)
            .and_then(|()| self.out.write_all(b"\n"))
            .map_err(|e| write_error(&self.partial, e))
    }

    fn finish(self) -> Result<(), CliError> {
        let file = self
            .out
            .into_inner()
            .map_err(|e| write_error(&self.partial, e.into_error()))?;
        file.sync_all().map_err(|e| write_error(&self.partial, e))?;
        fs::rename(&self.partial, &self.path).map_err(|e| write_error(&self.path, e))
    }
}

fn write_error(path: &Path, e: io::Error) -> CliError {
    CliError::Other(format!("cannot write {}: {e}", path.display()))
}

/// What `manifest.json` says.
struct Manifest {
    filters: TicketFilters,
    started_at: jiff::Timestamp,
    tickets: u64,
    messages: u64,
    finished: bool,
}

impl Manifest {
    fn write(&self, path: &Path) -> Result<(), CliError> {
        let ms = |t: Option<jiff::Timestamp>| t.map(|t| t.as_millisecond());
        let f = &self.filters;
        let value = json!({
            "format": FORMAT,
            "filters": {
                "created": {"start_ms": ms(f.since), "end_ms": ms(f.until)},
                "updated": {"start_ms": ms(f.updated_since), "end_ms": ms(f.updated_until)},
                "status": f.status.iter().map(|s| s.code()).collect::<Vec<_>>(),
                "agent_id": f.agent_id,
                "guest_id": f.guest_id,
                "solved": f.solved,
                "type": f.ticket_type.map(|t| t.code()),
                "channel": f.channel.map(|c| c.code()),
                "tags": f.tag,
            },
            "started_at": self.started_at.to_string(),
            "tickets": self.tickets,
            "messages": self.messages,
            "finished": self.finished,
        });
        let mut partial = path.as_os_str().to_owned();
        partial.push(".partial");
        let partial = PathBuf::from(partial);
        let text = serde_json::to_vec_pretty(&value).expect("a manifest serialises");
        fs::write(&partial, text)
            .and_then(|()| fs::File::open(&partial)?.sync_all())
            .map_err(|e| write_error(&partial, e))?;
        fs::rename(&partial, path).map_err(|e| write_error(path, e))
    }
}

/// The progress line of an export on stderr, when stderr is a terminal.
struct Progress(Option<ProgressBar>);

impl Progress {
    fn new(visible: bool) -> Self {
        Progress(visible.then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(std::time::Duration::from_millis(200));
            bar
        }))
    }

    fn update(&self, tickets: u64, messages: u64) {
        if let Some(bar) = &self.0 {
            bar.set_message(format!("{tickets} tickets, {messages} messages"));
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
