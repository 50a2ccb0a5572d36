//! A page's messages, decoded in one pass into one shared buffer.

use std::fmt;
use std::sync::{Arc, Mutex};

use serde::Deserialize as _;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::{JsonString, types};

/// The name under which `serde_json` hands a value over as its raw JSON text: what
/// `serde_json::value::RawValue` deserializes through. Using it directly lets a literal
/// be copied straight into the page's buffer, where `RawValue` would allocate a box for
/// it first; every `serde_json` deserializer (slice, str, reader, `Value`) supports it,
/// and the tests below cover each.
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// The properties of `TicketMessage` in the spec, in this order: the six text fields of
/// [`TextField`], then `content` and `created_at`. The conformance harness checks this
/// list against `openapi/helpdesk.yaml`.
pub const MESSAGE_FIELDS: [&str; 8] = [
    "id",
    "message_id",
    "message_type",
    "user_name",
    "avatar_url",
    "user_id",
    "content",
    "created_at",
];

/// Index of `content` among a message's strings.
const CONTENT: usize = 6;

/// A plain string property of a message (everything but `content` and `created_at`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TextField {
    /// `id`: the ticket message ID.
    Id,
    /// `message_id`: the chat message ID.
    MessageId,
    /// `message_type`: `text`, `post`, `image`, `file`, `media`, ...
    MessageType,
    /// `user_name`.
    UserName,
    /// `avatar_url`.
    AvatarUrl,
    /// `user_id`: the user's open ID.
    UserId,
}

impl TextField {
    /// Every text field, in [`MESSAGE_FIELDS`] order.
    pub const ALL: [TextField; 6] = [
        TextField::Id,
        TextField::MessageId,
        TextField::MessageType,
        TextField::UserName,
        TextField::AvatarUrl,
        TextField::UserId,
    ];

    /// The property's name on the wire.
    pub fn name(self) -> &'static str {
        MESSAGE_FIELDS[self as usize]
    }
}

/// The messages of one page (`TicketMessageList` in the spec), as the generated types
/// hold them.
///
/// A page of 200 messages carries some 1,400 strings. Decoding each into its own
/// `String` costs as many allocations, and as many frees; this type instead copies the
/// strings of the whole page into one buffer as the page is decoded (one pass over the
/// JSON), and each message is a set of ranges into it. The [`RawMessage`]s of a list share
/// its buffer and its table of ranges: each is a reference and an index, and cloning one
/// counts a reference.
///
/// Each string is kept both as its text and as its JSON literal, so that a message can be
/// written out again by copying: the literal is the text between quotes when the text holds
/// nothing JSON must escape (the usual case, and then exactly as sent), and is escaped anew
/// otherwise. `content`, JSON inside a JSON string and full of escapes, is kept only as its
/// literal ([`JsonStr`]), exactly as sent, and unescaped on demand; the one exception is an
/// unpaired surrogate escape (`\ud800` alone), which JSON's grammar allows but no Rust
/// string holds: that content is kept as the text it unescapes to, U+FFFD in its place.
///
/// It accepts what `Vec<types::TicketMessage>` accepts, with one exception: a message
/// written as a JSON array instead of an object, which serde's derived code would read
/// field by field, is refused. It serializes exactly as that `Vec` does. The conformance
/// harness checks both properties on generated input.
#[derive(Clone, Default)]
pub struct MessageList {
    page: Arc<PageText>,
}

/// A range of the buffer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Span {
    start: u32,
    end: u32,
}

/// A string: its literal and its text (the same bytes between the quotes when it has no
/// escapes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Str {
    literal: Span,
    text: Span,
}

/// A [`Str`] in 12 bytes, or none: a page's table holds up to eight per message, and a
/// smaller table is quicker to fill and to read. The literal's range, and where the text ends: the text is either
/// the literal without its quotes ([`Packed::QUOTED`]) or right after the literal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Packed {
    start: u32,
    end: u32,
    text_end: u32,
}

impl Packed {
    /// Absent or `null`.
    const NONE: Packed = Packed {
        start: u32::MAX,
        end: u32::MAX,
        text_end: u32::MAX,
    };
    /// `text_end` of a text that is its literal without the quotes.
    const QUOTED: u32 = u32::MAX;

    fn pack(s: Option<Str>) -> Packed {
        let Some(Str { literal, text }) = s else {
            return Packed::NONE;
        };
        // The builder puts an unescaped text right after its literal; any other text is
        // the literal's inside (or, for `content`, unused).
        let text_end = if text.start == literal.end && text != literal {
            text.end
        } else {
            Packed::QUOTED
        };
        Packed {
            start: literal.start,
            end: literal.end,
            text_end,
        }
    }

    fn unpack(self) -> Option<Str> {
        if self.start == u32::MAX {
            return None;
        }
        let literal = Span {
            start: self.start,
            end: self.end,
        };
        let text = if self.text_end == Packed::QUOTED {
            Span {
                start: self.start.saturating_add(1),
                end: self.end.saturating_sub(1).max(self.start.saturating_add(1)),
            }
        } else {
            Span {
                start: self.end,
                end: self.text_end,
            }
        };
        Some(Str { literal, text })
    }
}

impl Default for Packed {
    fn default() -> Self {
        Packed::NONE
    }
}

/// `created_at`, as sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Created {
    #[default]
    Absent,
    Millis(i64),
    Text(Packed),
}

/// One message: its strings (the six [`TextField`]s, then `content`) and `created_at`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Entry {
    strings: [Packed; 7],
    created_at: Created,
}

impl Entry {
    /// String `index`; `None` when absent or `null`.
    fn string(&self, index: usize) -> Option<Str> {
        self.strings[index].unpack()
    }

    fn set(&mut self, index: usize, s: Option<Str>) {
        self.strings[index] = Packed::pack(s);
    }
}

/// One message of a [`MessageList`], sharing the list's buffer: the page and the message's
/// index in it.
#[derive(Clone)]
pub struct RawMessage {
    page: Arc<PageText>,
    /// Below `page.entries.len()`.
    index: usize,
}

/// `created_at` as sent: a number, or a string the platform meant as one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawTimestamp<'a> {
    /// An integer.
    Millis(i64),
    /// A string (not checked to hold a number).
    Text(&'a str),
}

/// A JSON string borrowed as it came on the wire: escaped, with its quotes (the borrowed
/// form of [`JsonString`]).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct JsonStr<'a>(&'a str);

impl JsonStr<'static> {
    /// The empty string, `""`.
    pub const EMPTY: JsonStr<'static> = JsonStr("\"\"");
}

impl<'a> JsonStr<'a> {
    /// From a literal known to be a JSON string (`serde_json` accepted it as one).
    pub(crate) fn from_literal(literal: &'a str) -> Self {
        JsonStr(literal)
    }

    /// The JSON literal, escaped and quoted: `"{\"content\":\"hi\"}"`.
    pub fn as_json(self) -> &'a str {
        self.0
    }

    /// The string, unescaped: `{"content":"hi"}`. An unpaired surrogate escape (`\ud800`
    /// alone, which JSON lets through but a Rust string cannot hold) becomes U+FFFD.
    pub fn to_unescaped(self) -> String {
        let mut text = String::with_capacity(self.0.len());
        unescape_into(self.0, &mut text);
        text
    }

    /// Appends the string, unescaped as by [`to_unescaped`](Self::to_unescaped), to `out`:
    /// with a buffer kept from one call to the next, without allocating.
    pub fn unescape_into(self, out: &mut String) {
        unescape_into(self.0, out);
    }

    /// Whether the string is empty (`""`).
    pub fn is_empty(self) -> bool {
        self.0 == "\"\""
    }

    /// Whether both hold the same string, however each was escaped (`==` compares the
    /// literals).
    pub fn same_string(self, other: JsonStr<'_>) -> bool {
        self.0 == other.0 || self.to_unescaped() == other.to_unescaped()
    }

    /// An owned copy.
    pub fn to_json_string(self) -> JsonString {
        JsonString::from_literal(self.0)
    }
}

/// Appends the text of the JSON string `literal` (quoted, as a `serde_json` raw value holds
/// it) to `out`. Never panics: an unpaired surrogate or a malformed escape (neither of which
/// a literal that `serde_json` accepted as a raw value can hold, but for the first) becomes
/// U+FFFD.
pub(crate) fn unescape_into(literal: &str, out: &mut String) {
    let inner = literal.strip_prefix('"').unwrap_or(literal);
    let inner = inner.strip_suffix('"').unwrap_or(inner);
    let bytes = inner.as_bytes();
    out.reserve(bytes.len());
    // Runs without escapes are copied whole; content has an escape every few characters
    // (`\"`), so a plain byte loop beats searching for each backslash. Every index cut at
    // is a backslash or just past an ASCII escape: always a char boundary.
    let (mut run, mut at) = (0, 0);
    while at < bytes.len() {
        if bytes[at] != b'\\' {
            at = next_backslash(bytes, at + 1);
            continue;
        }
        out.push_str(inner.get(run..at).unwrap_or_default());
        let (c, next) = match bytes.get(at + 1) {
            Some(b'"') => ('"', at + 2),
            Some(b'\\') => ('\\', at + 2),
            Some(b'/') => ('/', at + 2),
            Some(b'b') => ('\u{8}', at + 2),
            Some(b'f') => ('\u{c}', at + 2),
            Some(b'n') => ('\n', at + 2),
            Some(b'r') => ('\r', at + 2),
            Some(b't') => ('\t', at + 2),
            Some(b'u') => unicode_escape(bytes, at + 2),
            Some(_) | None => (char::REPLACEMENT_CHARACTER, at + 1),
        };
        out.push(c);
        (run, at) = (next, next);
    }
    out.push_str(inner.get(run..).unwrap_or_default());
}

/// The index of the first backslash at or after `from` (or the length): eight bytes at a
/// time where there is none. (The `memchr` crate, tried, is slower here: content has a
/// backslash every few bytes, and its calls cost more than this loop.)
fn next_backslash(bytes: &[u8], mut from: usize) -> usize {
    while let Some(chunk) = bytes.get(from..from + 8) {
        let zeros = swar::zero_bytes(swar::word(chunk) ^ swar::splat(b'\\'));
        if zeros != 0 {
            // The lowest flagged byte is the first backslash (flags above it may be false).
            return from + (zeros.trailing_zeros() / 8) as usize;
        }
        from += 8;
    }
    bytes
        .get(from..)
        .and_then(|rest| rest.iter().position(|&b| b == b'\\'))
        .map_or(bytes.len(), |i| from + i)
}

/// Tests on eight bytes at once, in a `u64` (the classic bit tricks).
mod swar {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;

    /// `chunk` (eight bytes) as a word, first byte lowest.
    pub(super) fn word(chunk: &[u8]) -> u64 {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(chunk);
        u64::from_le_bytes(bytes)
    }

    /// `byte` in every byte of a word.
    pub(super) fn splat(byte: u8) -> u64 {
        ONES * u64::from(byte)
    }

    /// The high bit set in the bytes of `word` below `n` (`n <= 0x80`). Non-zero exactly
    /// when one is; the lowest flag is always right, flags above a hit may not be.
    pub(super) fn below(word: u64, n: u8) -> u64 {
        word.wrapping_sub(splat(n)) & !word & HIGHS
    }

    /// [`below`] 1: the zero bytes.
    pub(super) fn zero_bytes(word: u64) -> u64 {
        below(word, 1)
    }
}

/// The character of the `\uXXXX` escape whose hex digits start at `at` (with the low half
/// of a surrogate pair, if one follows), and the index past it.
fn unicode_escape(bytes: &[u8], at: usize) -> (char, usize) {
    fn hex4(bytes: &[u8], at: usize) -> Option<u32> {
        let digits = bytes.get(at..at + 4)?;
        digits.iter().try_fold(0, |unit, &b| {
            let digit = char::from(b).to_digit(16)?;
            Some(unit << 4 | digit)
        })
    }
    let Some(unit) = hex4(bytes, at) else {
        // Past the `\u` only: what follows is copied as text.
        return (char::REPLACEMENT_CHARACTER, at);
    };
    let after = at + 4;
    if !(0xD800..=0xDFFF).contains(&unit) {
        return (
            char::from_u32(unit).unwrap_or(char::REPLACEMENT_CHARACTER),
            after,
        );
    }
    let low = (unit <= 0xDBFF && bytes.get(after..after + 2) == Some(b"\\u"))
        .then(|| hex4(bytes, after + 2))
        .flatten()
        .filter(|low| (0xDC00..=0xDFFF).contains(low));
    match low {
        Some(low) => (
            char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                .unwrap_or(char::REPLACEMENT_CHARACTER),
            after + 6,
        ),
        None => (char::REPLACEMENT_CHARACTER, after),
    }
}

impl fmt::Debug for JsonStr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl MessageList {
    /// The number of messages.
    pub fn len(&self) -> usize {
        self.page.entries.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.page.entries.is_empty()
    }

    /// The message at `index`.
    pub fn get(&self, index: usize) -> Option<RawMessage> {
        (index < self.len()).then(|| self.message(index))
    }

    /// The messages, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = RawMessage> + '_ {
        (0..self.len()).map(|index| self.message(index))
    }

    /// Message `index`, which is below `len()`.
    fn message(&self, index: usize) -> RawMessage {
        RawMessage {
            page: Arc::clone(&self.page),
            index,
        }
    }

    /// The messages as the generated type (a copy of every string).
    pub fn to_vec(&self) -> Vec<types::TicketMessage> {
        self.iter().map(|m| m.to_api()).collect()
    }
}

impl RawMessage {
    fn entry(&self) -> &Entry {
        &self.page.entries[self.index]
    }

    fn str(&self, span: Span) -> &str {
        &self.page.text[span.start as usize..span.end as usize]
    }

    /// The text of `field`; `None` when absent or `null`.
    pub fn text(&self, field: TextField) -> Option<&str> {
        self.entry()
            .string(field as usize)
            .map(|s| self.str(s.text))
    }

    /// The JSON literal of `field` (quoted and escaped); `None` when absent or `null`.
    pub fn literal(&self, field: TextField) -> Option<&str> {
        self.entry()
            .string(field as usize)
            .map(|s| self.str(s.literal))
    }

    /// `content`, still JSON-encoded; `None` when absent or `null`.
    pub fn content(&self) -> Option<JsonStr<'_>> {
        self.entry()
            .string(CONTENT)
            .map(|s| JsonStr(self.str(s.literal)))
    }

    /// `created_at`; `None` when absent or `null`.
    pub fn created_at(&self) -> Option<RawTimestamp<'_>> {
        match self.entry().created_at {
            Created::Absent => None,
            Created::Millis(ms) => Some(RawTimestamp::Millis(ms)),
            Created::Text(s) => s.unpack().map(|s| RawTimestamp::Text(self.str(s.text))),
        }
    }

    /// The message as the generated type (a copy of every string).
    pub fn to_api(&self) -> types::TicketMessage {
        let text = |field| self.text(field).map(str::to_owned);
        types::TicketMessage {
            id: text(TextField::Id),
            message_id: text(TextField::MessageId),
            message_type: text(TextField::MessageType),
            user_name: text(TextField::UserName),
            avatar_url: text(TextField::AvatarUrl),
            user_id: text(TextField::UserId),
            content: self.content().map(JsonStr::to_json_string),
            created_at: self.created_at().map(|t| match t {
                RawTimestamp::Millis(ms) => types::Timestamp::Int64(ms),
                RawTimestamp::Text(s) => types::Timestamp::String(s.to_owned()),
            }),
        }
    }
}

impl fmt::Debug for RawMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.to_api(), f)
    }
}

impl PartialEq for RawMessage {
    /// Equal when the generated types would be.
    fn eq(&self, other: &Self) -> bool {
        self.to_api() == other.to_api()
    }
}

impl fmt::Debug for MessageList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl PartialEq for MessageList {
    /// Equal when the generated types would be.
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().zip(other.iter()).all(|(a, b)| a == b)
    }
}

impl IntoIterator for MessageList {
    type Item = RawMessage;
    type IntoIter = IntoIter;

    fn into_iter(self) -> IntoIter {
        IntoIter {
            indices: 0..self.len(),
            list: self,
        }
    }
}

/// The messages of a [`MessageList`], by value.
pub struct IntoIter {
    list: MessageList,
    indices: std::ops::Range<usize>,
}

impl Iterator for IntoIter {
    type Item = RawMessage;

    fn next(&mut self) -> Option<RawMessage> {
        self.indices.next().map(|index| self.list.message(index))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.indices.size_hint()
    }
}

impl ExactSizeIterator for IntoIter {}

impl fmt::Debug for IntoIter {
    /// The messages not yet taken, as `std`'s iterators show theirs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("IntoIter")
            .field(&DebugList(
                self.indices.clone().map(|i| self.list.message(i)),
            ))
            .finish()
    }
}

/// Shows the items of an iterator as a list.
struct DebugList<I>(I);

impl<I: Iterator<Item = RawMessage> + Clone> fmt::Debug for DebugList<I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.clone()).finish()
    }
}

impl From<Vec<types::TicketMessage>> for MessageList {
    fn from(messages: Vec<types::TicketMessage>) -> Self {
        messages.into_iter().collect()
    }
}

impl FromIterator<types::TicketMessage> for MessageList {
    fn from_iter<I: IntoIterator<Item = types::TicketMessage>>(messages: I) -> Self {
        let mut builder = Builder::default();
        for m in messages {
            let mut entry = Entry::default();
            for (field, value) in [
                (TextField::Id, &m.id),
                (TextField::MessageId, &m.message_id),
                (TextField::MessageType, &m.message_type),
                (TextField::UserName, &m.user_name),
                (TextField::AvatarUrl, &m.avatar_url),
                (TextField::UserId, &m.user_id),
            ] {
                entry.set(field as usize, value.as_deref().map(|v| builder.text(v)));
            }
            entry.set(
                CONTENT,
                m.content.as_ref().map(|c| builder.literal(c.as_json())),
            );
            entry.created_at = match &m.created_at {
                None => Created::Absent,
                Some(types::Timestamp::Int64(ms)) => Created::Millis(*ms),
                Some(types::Timestamp::String(s)) => {
                    Created::Text(Packed::pack(Some(builder.text(s))))
                }
            };
            builder.page.entries.push(entry);
        }
        builder
            .finish()
            .expect("strings held in memory fit in a buffer of 4 GiB")
    }
}

impl serde::Serialize for MessageList {
    /// Exactly as `Vec<types::TicketMessage>`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter().map(|m| m.to_api()))
    }
}

/// The strings of a page and the ranges of its messages, shared by the messages. When the
/// last of them is dropped, both buffers go back to [`SPARE`] for a page to come (a
/// message kept keeps its page).
#[derive(Default)]
struct PageText {
    text: String,
    entries: Vec<Entry>,
}

/// The buffers of a page no longer referenced, emptied.
struct Spare {
    text: String,
    entries: Vec<Entry>,
}

/// Buffers of pages no longer referenced, for the pages to come. A page walk holds only a
/// few pages at a time; reusing their buffers spares the allocator, and the kernel: memory
/// this size is often fresh from the system, at a page fault every 4 KiB written.
static SPARE: Mutex<Vec<Spare>> = Mutex::new(Vec::new());
/// At most this many pages' buffers are kept.
const SPARE_BUFFERS: usize = 8;
/// The capacity of a new text buffer: a full page of typical messages (200 of some 500
/// bytes).
const PAGE_BUFFER: usize = 128 * 1024;
/// The capacity of a new table of messages: a full page (the API's largest page size).
const PAGE_ENTRIES: usize = 200;
/// Larger text buffers (a page of unusually long messages) are freed, not kept; so are
/// tables of more than [`SPARE_ENTRIES`] messages (some 26 KiB). The spare buffers of a
/// process take a little over 2 MiB at most.
const SPARE_MAX: usize = 256 * 1024;
/// See [`SPARE_MAX`].
const SPARE_ENTRIES: usize = 256;

impl PageText {
    /// An empty page, with kept buffers if there are some.
    fn take_spare() -> PageText {
        let spare = SPARE.lock().ok().and_then(|mut spare| spare.pop());
        match spare {
            Some(Spare { text, entries }) => PageText { text, entries },
            None => PageText {
                text: String::with_capacity(PAGE_BUFFER),
                entries: Vec::with_capacity(PAGE_ENTRIES),
            },
        }
    }

    /// Keeps the buffers for a page to come, if there is room and they are not too large.
    fn give_back(mut text: String, mut entries: Vec<Entry>) {
        if !(PAGE_BUFFER / 2..=SPARE_MAX).contains(&text.capacity()) {
            return;
        }
        if entries.capacity() > SPARE_ENTRIES {
            entries = Vec::new();
        }
        text.clear();
        entries.clear();
        if let Ok(mut spare) = SPARE.lock()
            && spare.len() < SPARE_BUFFERS
        {
            spare.push(Spare { text, entries });
        }
    }
}

impl Drop for PageText {
    fn drop(&mut self) {
        PageText::give_back(
            std::mem::take(&mut self.text),
            std::mem::take(&mut self.entries),
        );
    }
}

/// The buffer and the messages as decoding goes.
#[derive(Default)]
struct Builder {
    page: PageText,
    /// The deserializer lends only strings exactly as they are in its input (see
    /// [`lends_verbatim`]).
    verbatim: bool,
}

impl Builder {
    /// The span from `start` to the end of the buffer.
    fn span(&self, start: usize) -> Span {
        // Offsets past u32::MAX are caught by `finish`, which refuses the whole list.
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Span {
            start: clamp(start),
            end: clamp(self.page.text.len()),
        }
    }

    /// Adds a string by its text, and its literal: the text between quotes when it holds
    /// nothing JSON must escape (the usual case, and then exactly as sent), escaped anew
    /// otherwise. The check is made whatever the deserializer: a `&serde_json::Value`
    /// lends strings already unescaped.
    fn text(&mut self, text: &str) -> Str {
        if !needs_escapes(text) {
            return self.quoted(text);
        }
        let start = self.page.text.len();
        let literal = serde_json::to_string(text).expect("a str always serialises");
        self.page.text.push_str(&literal);
        let literal = self.span(start);
        let text_start = self.page.text.len();
        self.page.text.push_str(text);
        Str {
            literal,
            text: self.span(text_start),
        }
    }

    /// A string `serde_json` lent from its input: with [`Builder::verbatim`], exactly the
    /// bytes between its quotes, so it has no escapes to check for.
    fn lent(&mut self, text: &str) -> Str {
        if self.verbatim {
            self.quoted(text)
        } else {
            self.text(text)
        }
    }

    /// Adds `text`, known to need no escapes, and its literal: the text between quotes.
    fn quoted(&mut self, text: &str) -> Str {
        let start = self.page.text.len();
        self.page.text.push('"');
        self.page.text.push_str(text);
        self.page.text.push('"');
        let literal = self.span(start);
        Str {
            literal,
            text: Span {
                start: literal.start.saturating_add(1),
                end: literal.end.saturating_sub(1),
            },
        }
    }

    /// Adds a JSON string literal as it is (its text is left unset: `content` only).
    fn literal(&mut self, literal: &str) -> Str {
        let start = self.page.text.len();
        self.page.text.push_str(literal);
        let span = self.span(start);
        Str {
            literal: span,
            text: span,
        }
    }

    /// With room for a full page of typical messages, so that the buffer is not copied
    /// over and over as it grows.
    fn for_a_page(verbatim: bool) -> Self {
        Builder {
            page: PageText::take_spare(),
            verbatim,
        }
    }

    fn finish(mut self) -> Result<MessageList, String> {
        if self.page.text.len() < self.page.text.capacity() / 4 {
            // A small page (a short one, or a small page size) keeps copies of its own
            // size; the large buffers go back for the next page (when the replaced page
            // is dropped).
            let exact = PageText {
                text: String::from(self.page.text.as_str()),
                entries: self.page.entries.clone(),
            };
            drop(std::mem::replace(&mut self.page, exact));
        }
        // Below u32::MAX, which `Packed` keeps as a marker.
        if u32::try_from(self.page.text.len()).map_or(true, |n| n == u32::MAX) {
            return Err(format!(
                "the strings of a page take {} bytes, past the 4 GiB a page can hold",
                self.page.text.len()
            ));
        }
        Ok(MessageList {
            // Moved in, not copied into an `Arc<str>` and an `Arc<[Entry]>`.
            page: Arc::new(self.page),
        })
    }
}

/// Whether `D` is `serde_json` reading a byte slice or a `str` (what the generated client
/// and `serde_json::from_slice`/`from_str` use): those lend a string only when it had no
/// escapes, as the bytes between its quotes, so its literal is known without looking at
/// it. Other deserializers lend strings already unescaped (`&serde_json::Value` does),
/// and each of those is checked. Told by the type's name: a name not recognised only
/// costs the check.
fn lends_verbatim<D>() -> bool {
    let name = std::any::type_name::<D>();
    [
        "&mut serde_json::de::Deserializer<serde_json::read::SliceRead<",
        "&mut serde_json::de::Deserializer<serde_json::read::StrRead<",
    ]
    .iter()
    .any(|prefix| name.starts_with(prefix))
}

impl<'de> serde::Deserialize<'de> for MessageList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct List(bool);
        impl<'de> Visitor<'de> for List {
            type Value = MessageList;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array of ticket messages")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<MessageList, A::Error> {
                let mut builder = Builder::for_a_page(self.0);
                if let Some(n) = seq.size_hint() {
                    builder.page.entries.reserve(n.min(4096));
                }
                while let Some(entry) = seq.next_element_seed(MessageSeed(&mut builder))? {
                    builder.page.entries.push(entry);
                }
                builder.finish().map_err(de::Error::custom)
            }
        }
        deserializer.deserialize_seq(List(lends_verbatim::<D>()))
    }
}

/// A property name of a message, by its index in [`MESSAGE_FIELDS`]; `None` for others.
struct Key(Option<usize>);

impl<'de> serde::Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Name;
        impl Visitor<'_> for Name {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a property name")
            }
            fn visit_str<E: de::Error>(self, name: &str) -> Result<Key, E> {
                // A `match` on the names (in `MESSAGE_FIELDS` order, which a test checks)
                // compiles to a length switch: cheaper than comparing against each name.
                Ok(Key(match name {
                    "id" => Some(0),
                    "message_id" => Some(1),
                    "message_type" => Some(2),
                    "user_name" => Some(3),
                    "avatar_url" => Some(4),
                    "user_id" => Some(5),
                    "content" => Some(CONTENT),
                    "created_at" => Some(7),
                    _ => None,
                }))
            }
        }
        deserializer.deserialize_identifier(Name)
    }
}

/// Decodes one message into the builder.
struct MessageSeed<'b>(&'b mut Builder);

impl<'de> DeserializeSeed<'de> for MessageSeed<'_> {
    type Value = Entry;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Entry, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for MessageSeed<'_> {
    type Value = Entry;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a ticket message (an object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entry, A::Error> {
        let builder = self.0;
        let mut entry = Entry::default();
        let mut seen = [false; MESSAGE_FIELDS.len()];
        while let Some(Key(key)) = map.next_key()? {
            let Some(index) = key else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            if std::mem::replace(&mut seen[index], true) {
                return Err(de::Error::duplicate_field(MESSAGE_FIELDS[index]));
            }
            match index {
                CONTENT => entry.set(CONTENT, map.next_value_seed(Literal(builder))?),
                7 => entry.created_at = map.next_value_seed(CreatedSeed(builder))?,
                _ => entry.set(index, map.next_value_seed(Optional(TextSeed(builder)))?),
            }
        }
        Ok(entry)
    }
}

/// `null` as `None`, anything else through the inner seed.
struct Optional<S>(S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Optional<S> {
    type Value = Option<S::Value>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de, S: DeserializeSeed<'de>> Visitor<'de> for Optional<S> {
    type Value = Option<S::Value>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or null")
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        self.0.deserialize(deserializer).map(Some)
    }
}

/// A string, into the builder.
struct TextSeed<'b>(&'b mut Builder);

impl<'de> DeserializeSeed<'de> for TextSeed<'_> {
    type Value = Str;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Str, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for TextSeed<'_> {
    type Value = Str;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Str, E> {
        Ok(self.0.lent(text))
    }
    fn visit_str<E: de::Error>(self, text: &str) -> Result<Str, E> {
        Ok(self.0.text(text))
    }
}

/// `content`: a JSON string, copied as its literal.
struct Literal<'b>(&'b mut Builder);

impl<'de> DeserializeSeed<'de> for Literal<'_> {
    type Value = Option<Str>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_newtype_struct(RAW_VALUE_TOKEN, self)
    }
}

impl<'de> Visitor<'de> for Literal<'_> {
    type Value = Option<Str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON-encoded string")
    }

    /// `serde_json` hands the raw text over as a map of one entry keyed by the token.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        struct Token;
        impl<'de> serde::Deserialize<'de> for Token {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Name;
                impl Visitor<'_> for Name {
                    type Value = Token;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("serde_json's raw value")
                    }
                    fn visit_str<E: de::Error>(self, name: &str) -> Result<Token, E> {
                        if name == RAW_VALUE_TOKEN {
                            Ok(Token)
                        } else {
                            Err(E::custom("expected a raw JSON value"))
                        }
                    }
                }
                deserializer.deserialize_identifier(Name)
            }
        }
        struct RawText<'b>(&'b mut Builder);
        impl<'de> DeserializeSeed<'de> for RawText<'_> {
            type Value = Option<Str>;
            fn deserialize<D: Deserializer<'de>>(
                self,
                deserializer: D,
            ) -> Result<Self::Value, D::Error> {
                deserializer.deserialize_str(self)
            }
        }
        impl Visitor<'_> for RawText<'_> {
            type Value = Option<Str>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("raw JSON text")
            }
            fn visit_str<E: de::Error>(self, raw: &str) -> Result<Self::Value, E> {
                let raw = raw.trim_matches([' ', '\t', '\n', '\r']);
                if raw == "null" {
                    return Ok(None);
                }
                if !raw.starts_with('"') {
                    return Err(E::custom(format!(
                        "expected a JSON-encoded string, found {}",
                        raw.chars().take(16).collect::<String>()
                    )));
                }
                // One search when there is no `\u` at all, the usual case.
                if raw.contains("\\u")
                    && (raw.contains("\\ud") || raw.contains("\\uD"))
                    && serde_json::from_str::<String>(raw).is_err()
                {
                    // An unpaired surrogate escape: JSON's grammar lets it through, but no
                    // Rust string (nor `serde_json`, reading an export) takes it. Kept as
                    // the text it unescapes to, U+FFFD in its place.
                    let text = JsonStr(raw).to_unescaped();
                    let literal = serde_json::to_string(&text).expect("a str always serialises");
                    return Ok(Some(self.0.literal(&literal)));
                }
                Ok(Some(self.0.literal(raw)))
            }
        }
        if map.next_key::<Token>()?.is_none() {
            return Err(de::Error::invalid_type(de::Unexpected::Map, &self));
        }
        map.next_value_seed(RawText(self.0))
    }

    /// A deserializer that does not know `serde_json`'s token (serde's own buffering, in
    /// an untagged enum; `serde_json` itself, should the token ever change): the string
    /// is read as text and escaped anew.
    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        let text = Option::<String>::deserialize(deserializer)?;
        Ok(text.map(|text| {
            let literal = serde_json::to_string(&text).expect("a str always serialises");
            self.0.literal(&literal)
        }))
    }
}

/// `created_at`: an integer or a string, as `types::Timestamp` takes it.
struct CreatedSeed<'b>(&'b mut Builder);

impl<'de> DeserializeSeed<'de> for CreatedSeed<'_> {
    type Value = Created;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Created, D::Error> {
        Ok(Optional(Timestamp(self.0))
            .deserialize(deserializer)?
            .unwrap_or(Created::Absent))
    }
}

/// Whether `text` holds a character that a JSON string must escape: `"`, `\\` or a control
/// character below U+0020. Eight bytes at a time (each test is exact: no false positives).
fn needs_escapes(text: &str) -> bool {
    let mut chunks = text.as_bytes().chunks_exact(8);
    for chunk in &mut chunks {
        let word = swar::word(chunk);
        let hits = swar::zero_bytes(word ^ swar::splat(b'"'))
            | swar::zero_bytes(word ^ swar::splat(b'\\'))
            | swar::below(word, 0x20);
        if hits != 0 {
            return true;
        }
    }
    chunks
        .remainder()
        .iter()
        .any(|&b| b == b'"' || b == b'\\' || b < 0x20)
}

/// Why a number is no `created_at`.
const NOT_MILLIS: &str =
    "created_at is a number but not a whole number of milliseconds within 64 bits";

struct Timestamp<'b>(&'b mut Builder);

impl<'de> DeserializeSeed<'de> for Timestamp<'_> {
    type Value = Created;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Created, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Timestamp<'_> {
    type Value = Created;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer or a string (Timestamp)")
    }
    fn visit_i64<E: de::Error>(self, ms: i64) -> Result<Created, E> {
        Ok(Created::Millis(ms))
    }
    fn visit_u64<E: de::Error>(self, ms: u64) -> Result<Created, E> {
        i64::try_from(ms)
            .map(Created::Millis)
            .map_err(|_| E::custom(NOT_MILLIS))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Created, E> {
        Err(E::custom(NOT_MILLIS))
    }
    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Created, E> {
        Ok(Created::Text(Packed::pack(Some(self.0.lent(text)))))
    }
    fn visit_str<E: de::Error>(self, text: &str) -> Result<Created, E> {
        Ok(Created::Text(Packed::pack(Some(self.0.text(text)))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIRE: &str = r#"[
        {"id":"1","message_id":"om_1","message_type":"text","created_at":1617960686000,
         "content":"{\"content\":\"\u4f60\u597d \\\" q\",\"msg_type\":\"text\"}",
         "user_name":"A \"quoted\" \u00e9","avatar_url":null,"extra":{"x":[1,2]}},
        {"id":"2","created_at":"1617960686001"},
        {}
    ]"#;

    fn check(list: &MessageList) {
        assert_eq!(list.len(), 3);
        let first = list.get(0).unwrap();
        assert_eq!(first.text(TextField::Id), Some("1"));
        assert_eq!(first.literal(TextField::Id), Some("\"1\""));
        assert_eq!(first.text(TextField::UserName), Some("A \"quoted\" é"));
        assert_eq!(
            serde_json::from_str::<String>(first.literal(TextField::UserName).unwrap()).unwrap(),
            "A \"quoted\" é"
        );
        assert_eq!(first.text(TextField::AvatarUrl), None);
        assert_eq!(first.text(TextField::UserId), None);
        assert_eq!(
            first.content().unwrap().to_unescaped(),
            r#"{"content":"你好 \" q","msg_type":"text"}"#
        );
        assert_eq!(
            first.created_at(),
            Some(RawTimestamp::Millis(1_617_960_686_000))
        );
        let second = list.get(1).unwrap();
        assert_eq!(
            second.created_at(),
            Some(RawTimestamp::Text("1617960686001"))
        );
        assert_eq!(second.content(), None);
        assert_eq!(
            list.get(2).unwrap().to_api(),
            types::TicketMessage::default()
        );
        let generated: Vec<types::TicketMessage> = serde_json::from_str(WIRE).unwrap();
        assert_eq!(list.to_vec(), generated);
        assert_eq!(
            serde_json::to_value(list).unwrap(),
            serde_json::to_value(&generated).unwrap()
        );
        assert_eq!(*list, MessageList::from(generated));
    }

    #[test]
    fn unescaping_agrees_with_serde_json_and_never_panics() {
        let cases = [
            r#""""#,
            r#""plain""#,
            r#""a\"b\\c\/d\b\f\n\r\t""#,
            r#""\u00e9\u4F60 \ud83d\ude00 end""#,
            r#""{\"content\":\"\u4f60\u597d \\\" q\",\"msg_type\":\"text\"}""#,
            r#""tail\u0041""#,
        ];
        for literal in cases {
            let expected: String = serde_json::from_str(literal).unwrap();
            assert_eq!(JsonStr(literal).to_unescaped(), expected, "{literal}");
        }
        // What serde_json keeps in a raw value but will not unescape.
        for (literal, expected) in [
            (r#""\ud800""#, "\u{fffd}"),
            (r#""\udc00x""#, "\u{fffd}x"),
            (r#""\ud800\u0041""#, "\u{fffd}A"),
            (r#""\ud800\ud800""#, "\u{fffd}\u{fffd}"),
        ] {
            let raw: &serde_json::value::RawValue = serde_json::from_str(literal).unwrap();
            assert_eq!(JsonStr(raw.get()).to_unescaped(), expected, "{literal}");
        }
        // Malformed (never produced by decoding): replaced, not a panic.
        for (literal, expected) in [
            (r#""\""#, "\u{fffd}"),
            (r#""\u12""#, "\u{fffd}12"),
            (r#""\uzzzz""#, "\u{fffd}zzzz"),
            (r#""\é""#, "\u{fffd}é"),
            ("\"\\", "\u{fffd}"),
            ("", ""),
            ("\"", ""),
        ] {
            assert_eq!(JsonStr(literal).to_unescaped(), expected, "{literal}");
        }
        let mut buffer = String::from("kept ");
        JsonStr(r#""\u4f60""#).unescape_into(&mut buffer);
        assert_eq!(buffer, "kept 你");
    }

    #[test]
    fn serde_json_s_slice_and_str_readers_are_recognised_and_nothing_else() {
        fn lends<'de, D: Deserializer<'de>>(_: D) -> bool {
            lends_verbatim::<D>()
        }
        assert!(lends(&mut serde_json::Deserializer::from_slice(b"[]")));
        assert!(lends(&mut serde_json::Deserializer::from_str("[]")));
        assert!(!lends(&serde_json::Value::Null));
        assert!(!lends(&mut serde_json::Deserializer::from_reader(
            &b"[]"[..]
        )));
    }

    #[test]
    fn packed_strings_unpack_to_what_was_packed() {
        let quoted = Str {
            literal: Span { start: 4, end: 9 },
            text: Span { start: 5, end: 8 },
        };
        let escaped = Str {
            literal: Span { start: 4, end: 12 },
            text: Span { start: 12, end: 17 },
        };
        let empty = Str {
            literal: Span { start: 0, end: 2 },
            text: Span { start: 1, end: 1 },
        };
        for s in [quoted, escaped, empty] {
            assert_eq!(Packed::pack(Some(s)).unpack(), Some(s));
        }
        assert_eq!(Packed::pack(None).unpack(), None);
        assert_eq!(Entry::default().string(0), None);
        assert!(
            std::mem::size_of::<Entry>() <= 104,
            "{}",
            std::mem::size_of::<Entry>()
        );
        // A message is a reference to its page and an index, not a copy of its entry.
        assert_eq!(
            std::mem::size_of::<RawMessage>(),
            2 * std::mem::size_of::<usize>()
        );
    }

    #[test]
    fn a_kept_message_reads_the_same_whatever_pages_come_after_it() {
        let list: MessageList = serde_json::from_str(WIRE).unwrap();
        let kept = list.get(0).unwrap();
        let before = kept.to_api();
        // Its page's buffers stay in use: not given back, not reused.
        drop(list);
        let long = "x".repeat(SPARE_MAX + 1);
        let many = vec![r#"{"id":"7","user_name":"n"}"#; SPARE_ENTRIES + 1].join(",");
        let pages = [
            WIRE.to_owned(),
            r#"[{"id":"9"}]"#.to_owned(),
            format!(r#"[{{"id":"{long}"}}]"#),
            format!("[{many}]"),
            // Fails at its second message: its buffers go back holding the first.
            r#"[{"id":"5","user_name":"partial"},{"id":6}]"#.to_owned(),
        ];
        for _ in 0..SPARE_BUFFERS + 1 {
            for page in &pages {
                let from_str = serde_json::from_str::<MessageList>(page);
                let from_slice = serde_json::from_slice::<MessageList>(page.as_bytes());
                assert_eq!(from_str.is_ok(), from_slice.is_ok());
                if let (Ok(a), Ok(b)) = (from_str, from_slice) {
                    assert_eq!(a, b);
                    assert_eq!(
                        a.to_vec(),
                        serde_json::from_str::<Vec<types::TicketMessage>>(page).unwrap()
                    );
                }
            }
            // A page decoded into reused buffers, after one that failed midway.
            check(&serde_json::from_str(WIRE).unwrap());
            assert_eq!(kept.to_api(), before);
        }
    }

    #[test]
    fn an_iterator_shows_the_messages_not_yet_taken() {
        let mut messages = serde_json::from_str::<MessageList>(WIRE)
            .unwrap()
            .into_iter();
        messages.next();
        let shown = format!("{messages:?}");
        assert!(shown.starts_with("IntoIter(["), "{shown}");
        assert!(
            !shown.contains("om_1") && shown.contains("1617960686001"),
            "{shown}"
        );
        assert_eq!(messages.len(), 2);
    }

    #[test]
    fn next_backslash_finds_the_first_one_from_where_it_starts() {
        for len in 0..20 {
            let plain = "é".repeat(len);
            assert_eq!(next_backslash(plain.as_bytes(), 0), plain.len());
            for at in 0..plain.len() {
                let mut bytes = plain.clone().into_bytes();
                bytes[at] = b'\\';
                if at + 1 < bytes.len() {
                    bytes[at + 1] = b'\\';
                }
                for from in 0..=at {
                    assert_eq!(
                        next_backslash(&bytes, from),
                        at,
                        "len {len} at {at} from {from}"
                    );
                }
                assert_eq!(next_backslash(&bytes, bytes.len()), bytes.len());
            }
        }
    }

    #[test]
    fn needs_escapes_finds_exactly_what_json_must_escape() {
        for b in 0..=0x7fu8 {
            let must = b == b'"' || b == b'\\' || b < 0x20;
            for at in 0..17 {
                let mut text = "a".repeat(17);
                text.replace_range(at..=at, &char::from(b).to_string());
                assert_eq!(needs_escapes(&text), must, "byte {b:#x} at {at}");
            }
        }
        assert!(!needs_escapes("进入人工服务 é 😀 ~\u{7f}"));
        assert!(!needs_escapes(""));
    }

    #[test]
    fn every_field_name_is_matched_to_its_index() {
        for (index, name) in MESSAGE_FIELDS.iter().enumerate() {
            let key: Key = serde_json::from_str(&format!("{name:?}")).unwrap();
            assert_eq!(key.0, Some(index), "{name}");
        }
        let other: Key = serde_json::from_str("\"ids\"").unwrap();
        assert_eq!(other.0, None);
    }

    #[test]
    fn decodes_from_every_serde_json_input_like_the_generated_types() {
        let from_str: MessageList = serde_json::from_str(WIRE).unwrap();
        check(&from_str);
        // Borrowed from a slice, the content is kept exactly as sent.
        assert_eq!(
            from_str.get(0).unwrap().content().unwrap().as_json(),
            r#""{\"content\":\"\u4f60\u597d \\\" q\",\"msg_type\":\"text\"}""#
        );
        check(&serde_json::from_slice(WIRE.as_bytes()).unwrap());
        check(&serde_json::from_reader(WIRE.as_bytes()).unwrap());
        let value: serde_json::Value = serde_json::from_str(WIRE).unwrap();
        check(&serde_json::from_value(value).unwrap());
    }

    #[test]
    fn every_literal_is_valid_json_for_its_text_whatever_lends_the_strings() {
        let value: serde_json::Value = serde_json::from_str(WIRE).unwrap();
        // `&Value` lends its strings already unescaped.
        let lent = MessageList::deserialize(&value).unwrap();
        check(&lent);
        // serde's buffering (an untagged enum) knows nothing of serde_json's raw values.
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Buffered {
            List(MessageList),
        }
        let Buffered::List(buffered) = serde_json::from_str(WIRE).unwrap();
        check(&buffered);
        for list in [&lent, &buffered] {
            for m in list.iter() {
                for field in TextField::ALL {
                    if let (Some(text), Some(literal)) = (m.text(field), m.literal(field)) {
                        assert_eq!(serde_json::from_str::<String>(literal).unwrap(), text);
                    }
                }
            }
        }
    }

    #[test]
    fn a_content_with_an_unpaired_surrogate_is_kept_as_readable_json() {
        let list: MessageList =
            serde_json::from_str(r#"[{"content":"a\ud800b \ud83d\ude00"}]"#).unwrap();
        let message = list.get(0).unwrap();
        let content = message.content().unwrap();
        assert_eq!(content.to_unescaped(), "a\u{fffd}b 😀");
        assert_eq!(
            serde_json::from_str::<String>(content.as_json()).unwrap(),
            "a\u{fffd}b 😀",
            "the literal reads back"
        );
        // A proper pair is kept exactly as sent.
        let paired: MessageList = serde_json::from_str(r#"[{"content":"\ud83d\ude00"}]"#).unwrap();
        assert_eq!(
            paired.get(0).unwrap().content().unwrap().as_json(),
            r#""\ud83d\ude00""#
        );
    }

    #[test]
    fn refuses_what_the_generated_types_refuse_and_arrays_as_messages() {
        for wire in [
            r#"[{"id":1}]"#,
            r#"[{"content":12}]"#,
            r#"[{"content":{"a":1}}]"#,
            r#"[{"created_at":1.5}]"#,
            r#"[{"created_at":true}]"#,
            r#"[{"created_at":18446744073709551615}]"#,
            r#"[{"id":"1","id":"2"}]"#,
            r#"[{"id":"\ud800"}]"#,
            r#"[{"user_name":"a\udc00b"}]"#,
            r#"[null]"#,
            r#"{"id":"1"}"#,
            r#"[{"id":"1"}"#,
        ] {
            assert!(
                serde_json::from_str::<MessageList>(wire).is_err(),
                "accepted {wire}"
            );
            assert!(
                serde_json::from_str::<Vec<types::TicketMessage>>(wire).is_err(),
                "the generated types accept {wire}"
            );
        }
        assert!(serde_json::from_str::<MessageList>(r#"[["1"]]"#).is_err());
        let nulls: MessageList =
            serde_json::from_str(r#"[{"id":null,"content":null,"created_at":null}]"#).unwrap();
        assert_eq!(
            nulls.get(0).unwrap().to_api(),
            types::TicketMessage::default()
        );
    }
}
