//! `messages`: one page, or every page of a ticket, written as it arrives.

use std::io::{self, BufWriter, IsTerminal, Write};

use futures::TryStreamExt;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use lark_helpdesk::{Client, Page};

use crate::args::{Format, MessagesArgs, MessagesCommand};
use crate::exit::CliError;
use crate::output::{MessageWriter, Mode, PageInfo, terminal_width};

/// The size of the stdout buffer.
const BUFFER: usize = 64 * 1024;

/// Runs `messages` with `client`.
pub async fn run(client: &Client, args: &MessagesArgs) -> Result<(), CliError> {
    if let Some(MessagesCommand::Send(send)) = &args.command {
        return crate::api::send_message(client, send).await;
    }
    let Some(ticket_id) = args.ticket_id.as_deref() else {
        return Err(CliError::Usage {
            message: "messages needs a TICKET_ID".into(),
            hint: None,
        });
    };
    let stdout = io::stdout();
    let format = args.format.unwrap_or(if stdout.is_terminal() {
        Format::Table
    } else {
        Format::Ndjson
    });
    // `Stdout`, not a `StdoutLock` held throughout: the command runs on the runtime's
    // workers, so what it holds across an await must be `Send`; the buffer takes the lock
    // once per 64 KiB it writes.
    let out = BufWriter::with_capacity(BUFFER, stdout);
    let mut request = client.ticket_messages(ticket_id);
    if let Some(since) = args.since {
        request = request.since(since);
    }
    if let Some(until) = args.until {
        request = request.until(until);
    }
    if let Some(page_size) = args.page_size {
        request = request.page_size(page_size);
    }
    let width = terminal_width();

    if !args.all {
        if let Some(page) = args.page {
            request = request.page(page);
        }
        let page = request.send().await?;
        let mut writer = MessageWriter::new(out, format, Mode::Page, width)?;
        for message in &page.messages {
            writer.message(message)?;
        }
        return Ok(writer.finish(Some(PageInfo {
            total: page.total,
            page: page.page,
            page_size: page.page_size,
            log_id: page.log_id(),
        }))?);
    }

    let mut progress = Progress::new(io::stderr().is_terminal());
    if let Some(n) = args.concurrency {
        request = request.concurrency(usize::from(n));
    }
    let mut pages = request.pages();
    // Opened with the first page, so that a failing first request prints nothing.
    let mut writer = None;
    let mut out = Some(out);
    loop {
        let page = match pages.try_next().await {
            Ok(Some(page)) => page,
            Ok(None) => break,
            Err(e) => {
                progress.abandon();
                return Err(e.into());
            }
        };
        let writer = match &mut writer {
            Some(writer) => writer,
            None => writer.insert(MessageWriter::new(
                out.take().expect("opened once"),
                format,
                Mode::All,
                width,
            )?),
        };
        for message in &page.messages {
            writer.message(message)?;
        }
        progress.page(&page, writer)?;
    }
    let writer = match writer {
        Some(writer) => writer,
        None => MessageWriter::new(out.take().expect("opened once"), format, Mode::All, width)?,
    };
    // The end (a table's footer) goes out while the bar is hidden, then the bar stays.
    let finished = progress.suspend(|| writer.finish(None));
    progress.finish();
    Ok(finished?)
}

/// The progress bar of `--all` on stderr, when stderr is a terminal.
struct Progress {
    bar: Option<ProgressBar>,
    pages: u64,
}

impl Progress {
    fn new(visible: bool) -> Self {
        let bar = visible.then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} [{bar:30}] {human_pos}/{human_len} messages, {msg} ({elapsed})",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            bar
        });
        Progress { bar, pages: 0 }
    }

    /// Counts a page whose messages were written to `writer` and flushes them (around the
    /// bar's redraw, so that a table on the same terminal is not overwritten).
    fn page<W: Write>(&mut self, page: &Page, writer: &mut MessageWriter<W>) -> io::Result<()> {
        self.pages += 1;
        let Some(bar) = &self.bar else {
            // Each page goes out as it arrives, for whoever reads the pipe.
            return writer.flush();
        };
        bar.suspend(|| writer.flush())?;
        if let Some(total) = page.total {
            bar.set_length(total);
            let last = total.div_ceil(page.page_size.max(1)).max(1);
            bar.set_message(format!("page {} of {last}", self.pages));
        } else {
            bar.set_message(format!("page {}", self.pages));
        }
        bar.inc(page.messages.len() as u64);
        Ok(())
    }

    /// Runs `f` with the bar hidden, so that what `f` writes to the terminal stays.
    fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish();
        }
    }

    fn abandon(&self) {
        if let Some(bar) = &self.bar {
            bar.abandon();
        }
    }
}
