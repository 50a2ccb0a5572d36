//! `tickets`: one page, or every ticket matching the filters, written as it arrives.

use std::io::{self, BufWriter, IsTerminal, Write};

use futures::TryStreamExt;
use lark_helpdesk::{Client, Ticket, TicketsRequest};

use crate::args::{Format, TicketFilters, TicketsArgs};
use crate::exit::CliError;
use crate::output::{cell, terminal_width, write_time};

/// The request for the tickets `filters` select.
pub fn request(client: &Client, filters: &TicketFilters) -> TicketsRequest {
    let mut request = client.tickets();
    if let Some(t) = filters.since {
        request = request.created_since(t);
    }
    if let Some(t) = filters.until {
        request = request.created_until(t);
    }
    if let Some(t) = filters.updated_since {
        request = request.updated_since(t);
    }
    if let Some(t) = filters.updated_until {
        request = request.updated_until(t);
    }
    for status in &filters.status {
        request = request.status(*status);
    }
    if let Some(id) = &filters.agent_id {
        request = request.agent_id(id);
    }
    if let Some(id) = &filters.guest_id {
        request = request.guest_id(id);
    }
    if let Some(solved) = filters.solved {
        request = request.solved(solved);
    }
    if let Some(t) = filters.ticket_type {
        request = request.ticket_type(t);
    }
    if let Some(c) = filters.channel {
        request = request.channel(c);
    }
    for tag in &filters.tag {
        request = request.tag(tag);
    }
    request
}

/// Runs `tickets` with `client`.
pub async fn run(client: &Client, args: &TicketsArgs) -> Result<(), CliError> {
    let stdout = io::stdout();
    let format = args.format.unwrap_or(if stdout.is_terminal() {
        Format::Table
    } else {
        Format::Ndjson
    });
    let mut request = request(client, &args.filters);
    if let Some(size) = args.page_size {
        request = request.page_size(size);
    }
    let mut writer = TicketWriter::new(BufWriter::new(stdout), format, terminal_width())?;
    if !args.all {
        if let Some(page) = args.page {
            request = request.page(page);
        }
        let page = request.send().await?;
        for ticket in &page.tickets {
            writer.ticket(ticket)?;
        }
        writer.finish(Some((page.total, page.page, page.page_size, page.log_id())))?;
        return Ok(());
    }
    let mut tickets = request.concurrency(2).stream();
    while let Some(ticket) = tickets.try_next().await? {
        writer.ticket(&ticket)?;
    }
    writer.finish(None)?;
    Ok(())
}

const CSV_HEADER: [&str; 13] = [
    "ticket_id",
    "status",
    "channel",
    "type",
    "solved",
    "score",
    "created_at",
    "created",
    "updated_at",
    "guest_name",
    "guest_id",
    "agents",
    "tags",
];

/// Writes tickets in one [`Format`] as they come.
pub struct TicketWriter<W: Write> {
    format: Format,
    out: W,
    csv: Option<csv::Writer<Vec<u8>>>,
    count: u64,
    width: usize,
}

/// Moves what the CSV writer wrote into `out`.
fn drain(csv: &mut csv::Writer<Vec<u8>>, out: &mut impl Write) -> io::Result<()> {
    csv.flush()?;
    let written = std::mem::replace(
        csv,
        csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(Vec::new()),
    );
    out.write_all(&written.into_inner().map_err(|e| e.into_error())?)
}

impl<W: Write> TicketWriter<W> {
    /// Starts the output (a header, the opening of a JSON document).
    pub fn new(mut out: W, format: Format, width: usize) -> io::Result<Self> {
        let mut csv = None;
        match format {
            Format::Table => {
                let mut line = Vec::new();
                for (title, w) in [
                    ("CREATED", 20),
                    ("STATUS", 16),
                    ("CHANNEL", 8),
                    ("TICKET", 19),
                    ("GUEST", 16),
                ] {
                    cell(&mut line, title, w, true)?;
                    line.extend_from_slice(b"  ");
                }
                line.extend_from_slice(b"AGENTS\n");
                out.write_all(&line)?;
            }
            Format::Json => out.write_all(b"[")?,
            Format::Csv => {
                let mut w = csv::Writer::from_writer(Vec::new());
                w.write_record(CSV_HEADER)?;
                csv = Some(w);
            }
            Format::Ndjson => {}
        }
        let mut writer = TicketWriter {
            format,
            out,
            csv,
            count: 0,
            width,
        };
        writer.drain_csv()?;
        Ok(writer)
    }

    fn drain_csv(&mut self) -> io::Result<()> {
        match &mut self.csv {
            Some(csv) => drain(csv, &mut self.out),
            None => Ok(()),
        }
    }

    /// Writes one ticket: NDJSON and JSON as the platform sent it.
    pub fn ticket(&mut self, t: &Ticket) -> io::Result<()> {
        self.count += 1;
        let mut time = String::new();
        if let Some(at) = t.created_at() {
            write_time(&mut time, at);
        }
        let agents: Vec<&str> = t
            .agents()
            .iter()
            .filter_map(|a| a.name.as_deref())
            .collect();
        let guest = t.guest();
        match self.format {
            Format::Ndjson => {
                self.out.write_all(t.raw_json().as_bytes())?;
                self.out.write_all(b"\n")?;
            }
            Format::Json => {
                self.out
                    .write_all(if self.count == 1 { b"\n" } else { b",\n" })?;
                self.out.write_all(t.raw_json().as_bytes())?;
            }
            Format::Table => {
                let status = t.status().map(|s| s.name()).unwrap_or_default();
                let channel = t.channel().map(|c| c.name()).unwrap_or_default();
                let guest_name = guest.and_then(|g| g.name.as_deref()).unwrap_or_default();
                cell(&mut self.out, &time, 20, true)?;
                self.out.write_all(b"  ")?;
                cell(&mut self.out, &status, 16, true)?;
                self.out.write_all(b"  ")?;
                cell(&mut self.out, &channel, 8, true)?;
                self.out.write_all(b"  ")?;
                cell(&mut self.out, t.ticket_id(), 19, true)?;
                self.out.write_all(b"  ")?;
                cell(&mut self.out, guest_name, 16, true)?;
                self.out.write_all(b"  ")?;
                let rest = self
                    .width
                    .saturating_sub(20 + 16 + 8 + 19 + 16 + 10)
                    .max(10);
                cell(&mut self.out, &agents.join(", "), rest, false)?;
                self.out.write_all(b"\n")?;
            }
            Format::Csv => {
                let csv = self.csv.as_mut().expect("CSV has its writer");
                let opt = |v: Option<String>| v.unwrap_or_default();
                csv.write_record([
                    t.ticket_id().to_string(),
                    opt(t.status().map(|s| s.name())),
                    opt(t.channel().map(|c| c.name())),
                    opt(t.ticket_type().map(|c| c.name())),
                    opt(t.solved().map(|s| s.to_string())),
                    opt(t.score().map(|s| s.to_string())),
                    opt(t.created_at().map(|t| t.as_millis().to_string())),
                    time,
                    opt(t.updated_at().map(|t| t.as_millis().to_string())),
                    opt(guest.and_then(|g| g.name.clone())),
                    opt(guest.and_then(|g| g.id.clone())),
                    agents.join(";"),
                    t.tags()
                        .iter()
                        .filter_map(|tag| tag.name.as_deref())
                        .collect::<Vec<_>>()
                        .join(";"),
                ])?;
                self.drain_csv()?;
            }
        }
        Ok(())
    }

    /// Ends the output (closing JSON, the table's footer) and flushes it; `page` is
    /// `(total, page, page_size, log id)` of a single page.
    pub fn finish(mut self, page: Option<(Option<u64>, u64, u64, Option<&str>)>) -> io::Result<()> {
        match self.format {
            Format::Json => {
                self.out
                    .write_all(if self.count > 0 { b"\n]\n" } else { b"]\n" })?;
            }
            Format::Table => {
                let noun = if self.count == 1 { "ticket" } else { "tickets" };
                write!(self.out, "({} {noun}", self.count)?;
                if let Some((total, page, size, log_id)) = page {
                    write!(self.out, "; page {page}, {size} per page")?;
                    if let Some(total) = total {
                        write!(self.out, ", {total} in all")?;
                    }
                    if let Some(log_id) = log_id {
                        write!(self.out, "; log id {log_id}")?;
                    }
                }
                self.out.write_all(b")\n")?;
            }
            _ => {}
        }
        self.out.flush()
    }
}
