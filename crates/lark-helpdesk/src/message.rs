//! Typed ticket messages: type, timestamp and parsed content.

use std::cell::RefCell;
use std::fmt;
use std::marker::PhantomData;

use lark_helpdesk_api::types;
pub use lark_helpdesk_api::{
    JsonStr, JsonString, MessageList, RawMessage, RawTimestamp, TextField,
};
use serde::de::value::MapAccessDeserializer;
use serde::de::{self, DeserializeOwned, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::error::{DecodeError, Error};

/// One message of a ticket.
///
/// Absent or `null` text fields read as empty strings; unknown fields are ignored. A
/// message shares the buffer its page was decoded into (see [`MessageList`]): it owns no
/// string of its own, and cloning it counts a reference. The content stays as it came
/// ([`raw_content`](Self::raw_content)) until [`content`](Self::content) parses it, and
/// [`write_json`](Self::write_json) writes the message out by copying.
///
/// Memory: a message keeps its whole page alive, the text and the table of its messages
/// (some 150 KiB for a page of 200).
/// To keep a few messages of many pages, keep copies of what you need (the strings, or
/// `serde_json::to_value(&message)`) rather than the messages themselves.
#[derive(Clone)]
pub struct Message {
    raw: RawMessage,
    message_type: MessageType,
    created_at: Option<Timestamp>,
}

impl TryFrom<types::TicketMessage> for Message {
    type Error = Error;

    /// Converts a message of the generated client's types, as the client converts every
    /// message it receives.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] when `created_at` is a string that is not a number.
    fn try_from(m: types::TicketMessage) -> Result<Self, Error> {
        let raw = MessageList::from(vec![m])
            .into_iter()
            .next()
            .expect("a list of one message");
        Message::try_from(raw)
    }
}

impl TryFrom<RawMessage> for Message {
    type Error = Error;

    /// Types a message of a [`MessageList`] (one decoded by hand from a page's JSON, for
    /// instance), as the client does with every message it receives.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] when `created_at` is a string that is not a number.
    fn try_from(raw: RawMessage) -> Result<Self, Error> {
        Message::from_raw(raw, lark_helpdesk_api::OP_LIST_TICKET_MESSAGES)
    }
}

impl Message {
    fn text(&self, field: TextField) -> &str {
        self.raw.text(field).unwrap_or_default()
    }

    /// Ticket message ID.
    pub fn id(&self) -> &str {
        self.text(TextField::Id)
    }

    /// Chat message ID.
    pub fn message_id(&self) -> &str {
        self.text(TextField::MessageId)
    }

    /// The message type.
    pub fn message_type(&self) -> &MessageType {
        &self.message_type
    }

    /// Creation time, if the platform sent one.
    pub fn created_at(&self) -> Option<Timestamp> {
        self.created_at
    }

    /// User name.
    pub fn user_name(&self) -> &str {
        self.text(TextField::UserName)
    }

    /// URL of the user's picture.
    pub fn avatar_url(&self) -> &str {
        self.text(TextField::AvatarUrl)
    }

    /// The user's open ID.
    pub fn user_id(&self) -> &str {
        self.text(TextField::UserId)
    }

    /// The content exactly as the platform sent it: a JSON-encoded string, kept escaped
    /// (`.to_unescaped()` gives the string; `""` when absent); parsed by
    /// [`Message::content`].
    pub fn raw_content(&self) -> JsonStr<'_> {
        self.raw.content().unwrap_or(JsonStr::EMPTY)
    }

    /// The message as decoded, telling an absent or `null` field from an empty one.
    pub fn raw(&self) -> &RawMessage {
        &self.raw
    }

    /// The content, parsed from [`raw_content`](Self::raw_content) according to the
    /// message type. Parsed on each call, not when the page is decoded: exporting a ticket
    /// as it came never pays for it.
    pub fn content(&self) -> MessageContent {
        /// Content this long or longer is unescaped into a buffer of its own, so that a
        /// thread does not keep a large one.
        const KEPT: usize = 64 * 1024;
        thread_local! {
            /// The unescaped content, in a buffer kept from one call to the next.
            static TEXT: RefCell<String> = const { RefCell::new(String::new()) };
        }
        let raw = self.raw_content();
        if raw.as_json().len() < KEPT
            && let Ok(Some(content)) = TEXT.try_with(|text| {
                let mut text = text.try_borrow_mut().ok()?;
                text.clear();
                raw.unescape_into(&mut text);
                Some(MessageContent::parse(&self.message_type, &text))
            })
        {
            return content;
        }
        MessageContent::parse(&self.message_type, &raw.to_unescaped())
    }

    /// Writes the message as one JSON object, the fields of its `Serialize` form, each
    /// string copied as the JSON literal kept when the page was decoded (see
    /// [`MessageList`]): the content exactly as it came, never unescaped and re-escaped.
    /// The fast path of an export.
    ///
    /// # Errors
    ///
    /// Those of `writer`.
    pub fn write_json<W: std::io::Write>(&self, mut writer: W) -> std::io::Result<()> {
        let literal = |field| self.raw.literal(field).unwrap_or("\"\"");
        writer.write_all(b"{\"id\":")?;
        writer.write_all(literal(TextField::Id).as_bytes())?;
        writer.write_all(b",\"message_id\":")?;
        writer.write_all(literal(TextField::MessageId).as_bytes())?;
        writer.write_all(b",\"message_type\":")?;
        match &self.message_type {
            MessageType::Other(_) => {
                writer.write_all(literal(TextField::MessageType).as_bytes())?
            }
            known => {
                writer.write_all(b"\"")?;
                writer.write_all(known.as_str().as_bytes())?;
                writer.write_all(b"\"")?;
            }
        }
        writer.write_all(b",\"created_at\":")?;
        match self.created_at {
            Some(t) => writer.write_all(itoa::Buffer::new().format(t.as_millis()).as_bytes())?,
            None => writer.write_all(b"null")?,
        }
        writer.write_all(b",\"content\":")?;
        writer.write_all(self.raw_content().as_json().as_bytes())?;
        writer.write_all(b",\"user_name\":")?;
        writer.write_all(literal(TextField::UserName).as_bytes())?;
        writer.write_all(b",\"avatar_url\":")?;
        writer.write_all(literal(TextField::AvatarUrl).as_bytes())?;
        writer.write_all(b",\"user_id\":")?;
        writer.write_all(literal(TextField::UserId).as_bytes())?;
        writer.write_all(b"}")
    }

    /// Types every message of a page's list, as the client does with each page it
    /// receives.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] for the first message whose `created_at` is a string that is not
    /// a number.
    pub fn from_list(list: MessageList) -> Result<Vec<Message>, Error> {
        // Sized once: collecting `Result`s would lose the length and grow the vector (and
        // copy its messages) as it goes.
        let mut messages = Vec::with_capacity(list.len());
        for raw in list {
            messages.push(Message::try_from(raw)?);
        }
        Ok(messages)
    }

    /// Checks and types a decoded message.
    pub(crate) fn from_raw(raw: RawMessage, operation: &'static str) -> Result<Self, Error> {
        let created_at = match raw.created_at() {
            None => None,
            Some(RawTimestamp::Millis(ms)) => Some(Timestamp::from_millis(ms)),
            Some(RawTimestamp::Text(s)) => match s.trim().parse::<i64>() {
                Ok(ms) => Some(Timestamp::from_millis(ms)),
                Err(_) => {
                    return Err(DecodeError::of_page(
                        operation,
                        None,
                        format!(
                            "message {:?}: created_at {s:?} is not a number of milliseconds",
                            raw.text(TextField::Id).unwrap_or_default()
                        ),
                    ));
                }
            },
        };
        let message_type = MessageType::parse(raw.text(TextField::MessageType).unwrap_or_default());
        Ok(Message {
            raw,
            message_type,
            created_at,
        })
    }
}

impl fmt::Debug for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Message")
            .field("id", &self.id())
            .field("message_id", &self.message_id())
            .field("message_type", &self.message_type)
            .field("created_at", &self.created_at)
            .field("raw_content", &self.raw_content())
            .field("user_name", &self.user_name())
            .field("avatar_url", &self.avatar_url())
            .field("user_id", &self.user_id())
            .finish()
    }
}

impl PartialEq for Message {
    /// Equal when every field reads the same (content compared unescaped).
    fn eq(&self, other: &Self) -> bool {
        self.id() == other.id()
            && self.message_id() == other.message_id()
            && self.message_type == other.message_type
            && self.created_at == other.created_at
            && self.user_name() == other.user_name()
            && self.avatar_url() == other.avatar_url()
            && self.user_id() == other.user_id()
            && self.raw_content().same_string(other.raw_content())
    }
}

impl serde::Serialize for Message {
    /// An object of the fields above: strings (empty when absent), `created_at` in Unix
    /// milliseconds or `null`, and `content` the JSON-encoded string.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let mut m = s.serialize_struct("Message", 8)?;
        m.serialize_field("id", self.id())?;
        m.serialize_field("message_id", self.message_id())?;
        m.serialize_field("message_type", &self.message_type)?;
        m.serialize_field("created_at", &self.created_at)?;
        m.serialize_field("content", &self.raw_content().to_unescaped())?;
        m.serialize_field("user_name", self.user_name())?;
        m.serialize_field("avatar_url", self.avatar_url())?;
        m.serialize_field("user_id", self.user_id())?;
        m.end()
    }
}

/// The type of a message; open to values the platform adds later.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MessageType {
    /// `text`: plain text.
    Text,
    /// `post`: rich text.
    Post,
    /// `image`: an image.
    Image,
    /// `file`: a file.
    File,
    /// `media`: a video.
    Media,
    /// Any other value, kept as sent (empty when absent).
    Other(String),
}

impl MessageType {
    /// The type named by `s`.
    pub fn parse(s: &str) -> Self {
        match s {
            "text" => Self::Text,
            "post" => Self::Post,
            "image" => Self::Image,
            "file" => Self::File,
            "media" => Self::Media,
            other => Self::Other(other.to_string()),
        }
    }

    /// The platform's name of the type.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Text => "text",
            Self::Post => "post",
            Self::Image => "image",
            Self::File => "file",
            Self::Media => "media",
            Self::Other(s) => s,
        }
    }
}

impl fmt::Display for MessageType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for MessageType {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A point in time with millisecond precision, as the platform stamps messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

impl Timestamp {
    /// From Unix milliseconds.
    pub fn from_millis(ms: i64) -> Self {
        Timestamp(ms)
    }

    /// Unix milliseconds.
    pub fn as_millis(self) -> i64 {
        self.0
    }

    /// Unix seconds (rounded down).
    pub fn as_secs(self) -> i64 {
        self.0.div_euclid(1000)
    }

    /// As a `jiff` timestamp, when within its range (years -9999 to 9999).
    pub fn to_jiff(self) -> Option<jiff::Timestamp> {
        jiff::Timestamp::from_millisecond(self.0).ok()
    }
}

impl fmt::Display for Timestamp {
    /// RFC 3339 in UTC (`2021-04-09T09:31:26Z`), or the raw milliseconds when out of range.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to_jiff() {
            Some(t) => write!(f, "{t}"),
            None => write!(f, "{}ms", self.0),
        }
    }
}

impl serde::Serialize for Timestamp {
    /// As Unix milliseconds, the platform's own form.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.0)
    }
}

/// The content of a message, parsed from its JSON-encoded string.
///
/// The platform wraps content as `{"content": ..., "msg_type": "..."}`: `text` carries a
/// string; the other types carry an object (or that object encoded once more as a string):
/// `post` `{"title", "content": [[{"tag", "text", "href"?}]]}`, `image` `{"image_key"}`,
/// `file` `{"file_key", "file_name"}`, `media` `{"file_key", "image_key", "file_name",
/// "duration"}`. Anything else is [`MessageContent::Unparsed`]; the raw string is always
/// in [`Message::raw_content`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MessageContent {
    /// Plain text.
    Text {
        /// The text.
        text: String,
    },
    /// Rich text.
    Post {
        /// The title (may be empty).
        title: String,
        /// Paragraphs of elements.
        paragraphs: Vec<Vec<PostElement>>,
    },
    /// An image.
    Image {
        /// The image key.
        image_key: String,
    },
    /// A file.
    File {
        /// The file key.
        file_key: String,
        /// The file name.
        file_name: String,
    },
    /// A video.
    Media {
        /// The file key.
        file_key: String,
        /// The cover image key.
        image_key: String,
        /// The file name.
        file_name: String,
        /// Duration in milliseconds, if sent.
        duration_ms: Option<u64>,
    },
    /// Content this SDK does not understand (not JSON, an unknown type, ...).
    Unparsed,
}

/// One element of a rich-text paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct PostElement {
    /// `text`, `a`, `at`, `img`, ...
    #[serde(default)]
    pub tag: String,
    /// The text shown (absent for images).
    #[serde(default)]
    pub text: String,
    /// The link target of an `a` element.
    #[serde(default)]
    pub href: Option<String>,
}

/// `{"content": T, ...}`: the platform's wrapper; other keys (`msg_type`) are skipped.
#[derive(Deserialize)]
struct Wrapped<T> {
    content: T,
}

/// An object, or the same object encoded once more as a JSON string; decoded in one pass
/// in the first case.
struct Embedded<T>(T);

impl<'de, T: DeserializeOwned> Deserialize<'de> for Embedded<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit<T>(PhantomData<T>);
        impl<'de, T: DeserializeOwned> Visitor<'de> for Visit<T> {
            type Value = Embedded<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object or a JSON string holding one")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map)).map(Embedded)
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
                if !text.trim_start().starts_with('{') {
                    return Err(E::custom("not an object"));
                }
                serde_json::from_str(text).map(Embedded).map_err(E::custom)
            }
        }
        deserializer.deserialize_any(Visit(PhantomData))
    }
}

#[derive(Deserialize)]
struct PostBody {
    #[serde(default)]
    title: String,
    #[serde(default)]
    content: Vec<Vec<PostElement>>,
}

#[derive(Deserialize)]
struct Keys {
    #[serde(default)]
    image_key: String,
    #[serde(default)]
    file_key: String,
    #[serde(default)]
    file_name: String,
    #[serde(default)]
    duration: Option<u64>,
}

impl MessageContent {
    /// Parses `raw` as the content of a message of type `message_type`; never fails.
    pub fn parse(message_type: &MessageType, raw: &str) -> Self {
        Self::try_parse(message_type, raw).unwrap_or(Self::Unparsed)
    }

    fn try_parse(message_type: &MessageType, raw: &str) -> Option<Self> {
        // serde would also take a struct from an array: only objects are content.
        if !raw.trim_start().starts_with('{') {
            return None;
        }
        fn unwrap<T: DeserializeOwned>(raw: &str) -> Option<T> {
            serde_json::from_str::<Wrapped<Embedded<T>>>(raw)
                .ok()
                .map(|w| w.content.0)
        }
        Some(match message_type {
            MessageType::Text => Self::Text {
                text: serde_json::from_str::<Wrapped<String>>(raw).ok()?.content,
            },
            MessageType::Post => {
                let body: PostBody = unwrap(raw)?;
                Self::Post {
                    title: body.title,
                    paragraphs: body.content,
                }
            }
            MessageType::Image => Self::Image {
                image_key: unwrap::<Keys>(raw)?.image_key,
            },
            MessageType::File => {
                let k: Keys = unwrap(raw)?;
                Self::File {
                    file_key: k.file_key,
                    file_name: k.file_name,
                }
            }
            MessageType::Media => {
                let k: Keys = unwrap(raw)?;
                Self::Media {
                    file_key: k.file_key,
                    image_key: k.image_key,
                    file_name: k.file_name,
                    duration_ms: k.duration,
                }
            }
            MessageType::Other(_) => return None,
        })
    }

    /// A one-line plain-text rendering (for tables and previews).
    pub fn to_plain_text(&self) -> String {
        let mut out = String::new();
        self.write_plain_text(&mut out)
            .expect("writing to a String cannot fail");
        out
    }

    /// Writes the one-line plain-text rendering into `out`, without allocating.
    ///
    /// # Errors
    ///
    /// Only those of `out`.
    pub fn write_plain_text(&self, out: &mut impl fmt::Write) -> fmt::Result {
        fn one_line(out: &mut impl fmt::Write, s: &str) -> fmt::Result {
            for c in s.chars() {
                out.write_char(if c.is_control() { ' ' } else { c })?;
            }
            Ok(())
        }
        match self {
            Self::Text { text } => one_line(out, text),
            Self::Post { title, paragraphs } => {
                one_line(out, title)?;
                let mut first = title.is_empty();
                for element in paragraphs.iter().flatten() {
                    if !element.text.is_empty() {
                        if !first {
                            out.write_char(' ')?;
                        }
                        first = false;
                        one_line(out, &element.text)?;
                    }
                }
                Ok(())
            }
            Self::Image { image_key } => write!(out, "[image {image_key}]"),
            Self::File { file_name, .. } => {
                out.write_str("[file ")?;
                one_line(out, file_name)?;
                out.write_char(']')
            }
            Self::Media { file_name, .. } => {
                out.write_str("[video ")?;
                one_line(out, file_name)?;
                out.write_char(']')
            }
            Self::Unparsed => out.write_str("[unparsed content]"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(t: &str, raw: &str) -> MessageContent {
        MessageContent::parse(&MessageType::parse(t), raw)
    }

    #[test]
    fn the_documented_text_content_parses() {
        let raw =
            r#"{"content":"进入人工服务。 @李宁 为你提供服务,开始聊起来吧~","msg_type":"text"}"#;
        assert_eq!(
            parse("text", raw),
            MessageContent::Text {
                text: "进入人工服务。 @李宁 为你提供服务,开始聊起来吧~".into()
            }
        );
    }

    #[test]
    fn every_type_parses_and_renders_on_one_line() {
        let post = r#"{"content":{"title":"Hi","content":[[{"tag":"text","text":"line\none"},{"tag":"a","text":"docs","href":"https://x"}]]},"msg_type":"post"}"#;
        let c = parse("post", post);
        assert_eq!(c.to_plain_text(), "Hi line one docs");
        let image = r#"{"content":{"image_key":"img_1"},"msg_type":"image"}"#;
        assert_eq!(
            parse("image", image),
            MessageContent::Image {
                image_key: "img_1".into()
            }
        );
        let file =
            r#"{"content":"{\"file_key\":\"f\",\"file_name\":\"a.pdf\"}","msg_type":"file"}"#;
        assert_eq!(
            parse("file", file),
            MessageContent::File {
                file_key: "f".into(),
                file_name: "a.pdf".into()
            }
        );
        let media = r#"{"content":{"file_key":"f","image_key":"i","file_name":"v.mp4","duration":5120},"msg_type":"media"}"#;
        assert_eq!(parse("media", media).to_plain_text(), "[video v.mp4]");
    }

    #[test]
    fn anything_else_is_unparsed_never_an_error() {
        for (t, raw) in [
            ("text", "not json"),
            ("text", ""),
            ("text", r#"{"content":12}"#),
            ("sticker", r#"{"content":"x"}"#),
            ("image", r#"{"content":"not an object"}"#),
            ("text", r#"["array"]"#),
        ] {
            assert_eq!(parse(t, raw), MessageContent::Unparsed, "{t} {raw}");
        }
    }

    #[test]
    fn write_json_is_the_serialize_form_with_the_content_verbatim() {
        let wire = r#"{"id":"1","message_type":"text","created_at":"1617960686000","content":"{\"content\":\"\u4f60\u597d \\\" q\",\"msg_type\":\"text\"}","user_name":null,"extra":1}"#;
        let api: types::TicketMessage = serde_json::from_str(wire).expect("decodes");
        let m = Message::try_from(api).expect("converts");
        assert_eq!(
            m.content(),
            MessageContent::Text {
                text: "你好 \" q".into()
            }
        );
        let mut fast = Vec::new();
        m.write_json(&mut fast).unwrap();
        let fast_text = String::from_utf8(fast).unwrap();
        assert!(
            fast_text.contains(r#""content":"{\"content\":\"\u4f60\u597d"#),
            "content copied as sent: {fast_text}"
        );
        let fast: serde_json::Value = serde_json::from_str(&fast_text).unwrap();
        let slow = serde_json::to_value(&m).unwrap();
        assert_eq!(fast, slow);
        assert_eq!(slow["created_at"], 1_617_960_686_000_i64);
        assert_eq!(slow["user_name"], "");
    }

    #[test]
    fn timestamps_render_as_rfc3339() {
        assert_eq!(
            Timestamp::from_millis(1_617_960_686_000).to_string(),
            "2021-04-09T09:31:26Z"
        );
        assert_eq!(
            Timestamp::from_millis(1_617_960_686_999).as_secs(),
            1_617_960_686
        );
        assert_eq!(
            Timestamp::from_millis(i64::MAX).to_string(),
            format!("{}ms", i64::MAX)
        );
    }

    #[test]
    fn created_at_accepts_numbers_and_numeric_strings_only() {
        let mut m = types::TicketMessage {
            created_at: Some(types::Timestamp::String("1617960686000".into())),
            ..Default::default()
        };
        let ok = Message::try_from(m.clone()).expect("numeric string");
        assert_eq!(
            ok.created_at(),
            Some(Timestamp::from_millis(1_617_960_686_000))
        );
        assert_eq!(*ok.message_type(), MessageType::Other(String::new()));
        m.created_at = Some(types::Timestamp::String("yesterday".into()));
        let err = Message::try_from(m).expect_err("not a number");
        assert!(err.to_string().contains("yesterday"), "{err}");
    }
}
