//! Writing messages as a table, JSON, NDJSON or CSV, one at a time as they arrive.
//!
//! Nothing here holds more than the message being written: JSON documents are opened
//! before the first message and closed after the last, and the plain text and time of a
//! message are rendered into buffers reused from one message to the next.

use std::fmt::Write as _;
use std::io::{self, Write};

use lark_helpdesk::{Message, MessageContent, Timestamp};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::args::Format;

/// The terminal width when `COLUMNS` is unset or not a number.
pub const DEFAULT_WIDTH: usize = 120;
/// Display width of the table's time column (`2021-04-09T09:31:26Z`).
const TIME_WIDTH: usize = 20;
/// Display width of the table's user column.
const USER_WIDTH: usize = 16;
/// Display width of the table's type column (`image`, `media`).
const TYPE_WIDTH: usize = 5;
/// The text column never gets narrower than this.
const MIN_TEXT_WIDTH: usize = 10;
/// Between columns.
const GAP: &str = "  ";
/// The CSV header.
const CSV_HEADER: [&str; 10] = [
    "id",
    "message_id",
    "message_type",
    "created_at",
    "time",
    "user_name",
    "user_id",
    "avatar_url",
    "text",
    "content",
];

/// What is being written: one page, or every message of the ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// One page: JSON is an object with the page's facts.
    Page,
    /// Every page: JSON is an array of messages.
    All,
}

/// The facts of a page, written after its messages where the format has room for them.
#[derive(Debug, Clone, Copy)]
pub struct PageInfo<'a> {
    /// The ticket's number of messages, if the platform sent it.
    pub total: Option<u64>,
    /// The page number.
    pub page: u64,
    /// The page size asked for.
    pub page_size: u64,
    /// The answer's log id.
    pub log_id: Option<&'a str>,
}

/// Where the bytes go: the writer itself, or a CSV writer around it.
enum Target<W: Write> {
    Plain(W),
    Csv(Box<csv::Writer<W>>),
}

/// Writes messages in one [`Format`] as they come.
pub struct MessageWriter<W: Write> {
    format: Format,
    mode: Mode,
    target: Target<W>,
    /// Width of the table's text column.
    text_width: usize,
    /// Messages written so far.
    count: u64,
    /// The plain text of the current message, reused.
    text: String,
    /// The time (or milliseconds) of the current message, reused.
    scratch: String,
}

impl<W: Write> MessageWriter<W> {
    /// Starts the output (a table or CSV header, the opening of a JSON document).
    /// `width` is the terminal width for tables.
    pub fn new(out: W, format: Format, mode: Mode, width: usize) -> io::Result<Self> {
        let target = match format {
            Format::Csv => Target::Csv(Box::new(csv::Writer::from_writer(out))),
            _ => Target::Plain(out),
        };
        let fixed = TIME_WIDTH + USER_WIDTH + TYPE_WIDTH + 3 * GAP.len();
        let mut writer = MessageWriter {
            format,
            mode,
            target,
            text_width: width.saturating_sub(fixed).max(MIN_TEXT_WIDTH),
            count: 0,
            text: String::with_capacity(256),
            scratch: String::with_capacity(32),
        };
        writer.begin()?;
        Ok(writer)
    }

    fn begin(&mut self) -> io::Result<()> {
        let text_width = self.text_width;
        match (&mut self.target, self.format) {
            (Target::Csv(csv), _) => csv.write_record(CSV_HEADER)?,
            (Target::Plain(out), Format::Table) => {
                cell(out, "TIME", TIME_WIDTH, true)?;
                out.write_all(GAP.as_bytes())?;
                cell(out, "USER", USER_WIDTH, true)?;
                out.write_all(GAP.as_bytes())?;
                cell(out, "TYPE", TYPE_WIDTH, true)?;
                out.write_all(GAP.as_bytes())?;
                cell(out, "TEXT", text_width, false)?;
                out.write_all(b"\n")?;
            }
            (Target::Plain(out), Format::Json) => match self.mode {
                Mode::Page => out.write_all(b"{\"messages\":[")?,
                Mode::All => out.write_all(b"[")?,
            },
            (Target::Plain(_), _) => {}
        }
        Ok(())
    }

    /// Writes one message.
    pub fn message(&mut self, m: &Message) -> io::Result<()> {
        self.count += 1;
        let first = self.count == 1;
        match (&mut self.target, self.format) {
            (Target::Plain(out), Format::Ndjson) => {
                m.write_json(&mut *out)?;
                out.write_all(b"\n")?;
            }
            (Target::Plain(out), Format::Json) => {
                out.write_all(if first { b"\n" } else { b",\n" })?;
                m.write_json(&mut *out)?;
            }
            (Target::Plain(out), Format::Table) => {
                self.text.clear();
                let _ = m.content().write_plain_text(&mut self.text);
                self.scratch.clear();
                if let Some(t) = m.created_at() {
                    write_time(&mut self.scratch, t);
                }
                cell(out, &self.scratch, TIME_WIDTH, true)?;
                out.write_all(GAP.as_bytes())?;
                cell(out, m.user_name(), USER_WIDTH, true)?;
                out.write_all(GAP.as_bytes())?;
                cell(out, m.message_type().as_str(), TYPE_WIDTH, true)?;
                out.write_all(GAP.as_bytes())?;
                cell(out, &self.text, self.text_width, false)?;
                out.write_all(b"\n")?;
            }
            (Target::Csv(csv), _) => {
                let raw = m.raw_content();
                self.text.clear();
                let _ =
                    MessageContent::parse(m.message_type(), &raw).write_plain_text(&mut self.text);
                csv.write_field(m.id())?;
                csv.write_field(m.message_id())?;
                csv.write_field(m.message_type().as_str())?;
                self.scratch.clear();
                if let Some(t) = m.created_at() {
                    let _ = write!(self.scratch, "{}", t.as_millis());
                }
                csv.write_field(&self.scratch)?;
                self.scratch.clear();
                if let Some(t) = m.created_at() {
                    write_time(&mut self.scratch, t);
                }
                csv.write_field(&self.scratch)?;
                csv.write_field(m.user_name())?;
                csv.write_field(m.user_id())?;
                csv.write_field(m.avatar_url())?;
                csv.write_field(&self.text)?;
                csv.write_field(raw.as_bytes())?;
                csv.write_record(None::<&[u8]>)?;
            }
            (Target::Plain(_), Format::Csv) => unreachable!("CSV always has a CSV target"),
        }
        Ok(())
    }

    /// Writes whatever is buffered (before a progress bar redraws).
    pub fn flush(&mut self) -> io::Result<()> {
        match &mut self.target {
            Target::Plain(out) => out.flush(),
            Target::Csv(csv) => csv.flush(),
        }
    }

    /// Ends the output (closing JSON, the table's footer) and flushes it. `page` is the
    /// page's facts in [`Mode::Page`].
    pub fn finish(mut self, page: Option<PageInfo<'_>>) -> io::Result<()> {
        let count = self.count;
        match (&mut self.target, self.format) {
            (Target::Plain(out), Format::Json) => {
                if count > 0 {
                    out.write_all(b"\n")?;
                }
                match (self.mode, page) {
                    (Mode::Page, Some(p)) => {
                        write!(out, "],\"total\":")?;
                        serde_json::to_writer(&mut *out, &p.total)?;
                        write!(out, ",\"page\":{},\"page_size\":{},", p.page, p.page_size)?;
                        out.write_all(b"\"log_id\":")?;
                        serde_json::to_writer(&mut *out, &p.log_id)?;
                        out.write_all(b"}\n")?;
                    }
                    (Mode::Page, None) => out.write_all(b"]}\n")?,
                    (Mode::All, _) => out.write_all(b"]\n")?,
                }
            }
            (Target::Plain(out), Format::Table) => {
                let noun = if count == 1 { "message" } else { "messages" };
                write!(out, "({count} {noun}")?;
                if let Some(p) = page {
                    write!(out, "; page {}, {} per page", p.page, p.page_size)?;
                    if let Some(total) = p.total {
                        write!(out, ", {total} in all")?;
                    }
                    if let Some(log_id) = p.log_id {
                        write!(out, "; log id {log_id}")?;
                    }
                }
                out.write_all(b")\n")?;
            }
            _ => {}
        }
        self.flush()
    }
}

/// `s` with control characters (terminal escapes, newlines) shown as spaces: text from
/// the server never drives the terminal. Borrowed when there are none.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(char::is_control) {
        s.chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect::<String>()
            .into()
    } else {
        s.into()
    }
}

/// Writes a time as RFC 3339 UTC to the second, rounded down (`2021-04-09T09:31:26Z`), or
/// as raw milliseconds when out of range.
pub(crate) fn write_time(out: &mut String, t: Timestamp) {
    let _ = match jiff::Timestamp::from_second(t.as_secs()) {
        Ok(ts) => write!(out, "{ts}"),
        Err(_) => write!(out, "{t}"),
    };
}

/// Writes `s` in a column `width` cells wide: cut with `…` when longer, padded with
/// spaces when `pad` and shorter. Wide (CJK) characters count two cells.
pub(crate) fn cell(out: &mut impl Write, s: &str, width: usize, pad: bool) -> io::Result<()> {
    let s = printable(s);
    let s = s.as_ref();
    let full = s.width();
    let used = if full <= width {
        out.write_all(s.as_bytes())?;
        full
    } else {
        let budget = width.saturating_sub(1);
        let mut used = 0;
        let mut end = 0;
        for (i, c) in s.char_indices() {
            let w = c.width().unwrap_or(0);
            if used + w > budget {
                break;
            }
            used += w;
            end = i + c.len_utf8();
        }
        out.write_all(&s.as_bytes()[..end])?;
        if width > 0 {
            out.write_all("…".as_bytes())?;
            used += 1;
        }
        used
    };
    if pad {
        for _ in used..width {
            out.write_all(b" ")?;
        }
    }
    Ok(())
}

/// The terminal width: `COLUMNS` when it is a positive number, else [`DEFAULT_WIDTH`].
pub fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0)
        .unwrap_or(DEFAULT_WIDTH)
}

/// `n` and a noun, plural unless `n` is 1.
pub fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fit(s: &str, width: usize, pad: bool) -> String {
        let mut out = Vec::new();
        cell(&mut out, s, width, pad).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn cells_are_cut_and_padded_by_display_width() {
        assert_eq!(fit("abc", 5, true), "abc  ");
        assert_eq!(fit("abc", 5, false), "abc");
        assert_eq!(fit("abcdef", 5, true), "abcd…");
        assert_eq!(fit("李宁", 4, true), "李宁");
        // 李 (2) + 宁 (2) does not fit in 4 with the ellipsis: 李 + … + a space.
        assert_eq!(fit("李宁王", 4, true), "李… ");
        assert_eq!(fit("", 3, true), "   ");
    }

    #[test]
    fn times_are_rfc3339_utc_to_the_second() {
        let mut s = String::new();
        write_time(&mut s, Timestamp::from_millis(1_617_960_686_000));
        assert_eq!(s, "2021-04-09T09:31:26Z");
        s.clear();
        write_time(&mut s, Timestamp::from_millis(1_617_960_686_400));
        assert_eq!(s, "2021-04-09T09:31:26Z");
    }

    #[test]
    fn an_empty_page_is_still_valid_json() {
        let mut out = Vec::new();
        let w = MessageWriter::new(&mut out, Format::Json, Mode::Page, 80).unwrap();
        w.finish(Some(PageInfo {
            total: Some(0),
            page: 1,
            page_size: 20,
            log_id: None,
        }))
        .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"messages":[],"total":0,"page":1,"page_size":20,"log_id":null})
        );
        let mut out = Vec::new();
        let w = MessageWriter::new(&mut out, Format::Json, Mode::All, 80).unwrap();
        w.finish(None).unwrap();
        assert_eq!(out, b"[]\n");
    }
}
