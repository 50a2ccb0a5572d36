//! Typed ticket messages: type, timestamp and parsed content.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use lark_helpdesk_api::{JsonEncodedString, types};
use serde::de::value::MapAccessDeserializer;
use serde::de::{self, DeserializeOwned, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

use crate::error::{DecodeError, Error};

/// Operation id of "get ticket messages", as named in the spec.
pub(crate) const OP_LIST_TICKET_MESSAGES: &str = "list_ticket_messages";

/// One message of a ticket.
///
/// Absent or `null` text fields read as empty strings; unknown fields are ignored. The
/// content stays as it came ([`raw_content`](Self::raw_content)) until
/// [`content`](Self::content) parses it.
///
/// Its `Serialize` form (and [`write_json`](Self::write_json)) is an object of the eight
/// fields: strings, `created_at` in Unix milliseconds or `null`, and `content` the
/// JSON-encoded string.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Message {
    id: String,
    message_id: String,
    message_type: MessageType,
    created_at: Option<Timestamp>,
    content: JsonEncodedString,
    user_name: String,
    avatar_url: String,
    user_id: String,
}

impl TryFrom<types::TicketMessage> for Message {
    type Error = Error;

    /// Types a message of the generated client, as the client does with every message
    /// it receives.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] when `created_at` is a string that is not a number.
    fn try_from(m: types::TicketMessage) -> Result<Self, Error> {
        let id = m.id.unwrap_or_default();
        let created_at = match m.created_at {
            None => None,
            Some(types::Timestamp::Int64(ms)) => Some(Timestamp::from_millis(ms)),
            Some(types::Timestamp::String(s)) => match s.trim().parse::<i64>() {
                Ok(ms) => Some(Timestamp::from_millis(ms)),
                Err(_) => {
                    return Err(DecodeError::of_page(
                        OP_LIST_TICKET_MESSAGES,
                        None,
                        format!("message {id:?}: created_at {s:?} is not a number of milliseconds"),
                    ));
                }
            },
        };
        Ok(Message {
            id,
            message_id: m.message_id.unwrap_or_default(),
            message_type: MessageType::parse(m.message_type.as_deref().unwrap_or_default()),
            created_at,
            content: m.content.unwrap_or_default(),
            user_name: m.user_name.unwrap_or_default(),
            avatar_url: m.avatar_url.unwrap_or_default(),
            user_id: m.user_id.unwrap_or_default(),
        })
    }
}

impl Message {
    /// Ticket message ID.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Chat message ID.
    pub fn message_id(&self) -> &str {
        &self.message_id
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
        &self.user_name
    }

    /// URL of the user's picture.
    pub fn avatar_url(&self) -> &str {
        &self.avatar_url
    }

    /// The user's open ID.
    pub fn user_id(&self) -> &str {
        &self.user_id
    }

    /// The content as the platform sent it: JSON text such as
    /// `{"content":"...","msg_type":"text"}` (empty when absent); parsed by
    /// [`content`](Self::content).
    ///
    /// The message keeps the string literal it was sent as, escapes and all (so that
    /// [`write_json`](Self::write_json) copies it unchanged); this unescapes it, on each
    /// call.
    pub fn raw_content(&self) -> Cow<'_, str> {
        self.content.decoded()
    }

    /// The content, parsed from [`raw_content`](Self::raw_content) according to the
    /// message type. Parsed on each call, not when the page is decoded: exporting a ticket
    /// as it came never pays for it.
    pub fn content(&self) -> MessageContent {
        MessageContent::parse(&self.message_type, &self.raw_content())
    }

    /// Writes the message as one JSON object: its `Serialize` form, with `content` copied
    /// as the literal it was sent as (the same string, maybe escaped otherwise).
    ///
    /// # Errors
    ///
    /// Those of `writer`.
    pub fn write_json<W: std::io::Write>(&self, writer: W) -> std::io::Result<()> {
        /// The `Serialize` form's fields, in its order, `content` as its literal.
        #[derive(serde::Serialize)]
        struct Line<'a> {
            id: &'a str,
            message_id: &'a str,
            message_type: &'a MessageType,
            created_at: Option<Timestamp>,
            content: &'a RawValue,
            user_name: &'a str,
            avatar_url: &'a str,
            user_id: &'a str,
        }
        let line = Line {
            id: &self.id,
            message_id: &self.message_id,
            message_type: &self.message_type,
            created_at: self.created_at,
            content: self.content.as_raw(),
            user_name: &self.user_name,
            avatar_url: &self.avatar_url,
            user_id: &self.user_id,
        };
        serde_json::to_writer(writer, &line).map_err(std::io::Error::from)
    }
}

/// The type of a message; open to values the platform adds later.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
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
    /// The image of an `img` element.
    #[serde(default)]
    pub image_key: Option<String>,
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

    /// The keys of the images the content holds, in the order `get_ticket_image`'s
    /// `index` counts them: an `image` message's image, a `media` message's cover, the
    /// `img` elements of a `post` in reading order.
    pub fn image_keys(&self) -> Vec<&str> {
        match self {
            Self::Image { image_key } | Self::Media { image_key, .. } if !image_key.is_empty() => {
                vec![image_key]
            }
            Self::Post { paragraphs, .. } => paragraphs
                .iter()
                .flatten()
                .filter(|e| e.tag == "img")
                .filter_map(|e| e.image_key.as_deref())
                .collect(),
            _ => Vec::new(),
        }
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
    fn content_is_written_as_sent_and_read_unescaped() {
        let sent = r#"{"id":"1","message_type":"text","created_at":5,"content":"{\"content\":\"caf\u00e9\"}"}"#;
        let m =
            Message::try_from(serde_json::from_str::<types::TicketMessage>(sent).unwrap()).unwrap();
        assert_eq!(m.raw_content(), r#"{"content":"café"}"#);
        assert_eq!(
            m.content(),
            MessageContent::Text {
                text: "café".into()
            }
        );
        let mut line = Vec::new();
        m.write_json(&mut line).unwrap();
        assert_eq!(
            String::from_utf8(line).unwrap(),
            r#"{"id":"1","message_id":"","message_type":"text","created_at":5,"content":"{\"content\":\"caf\u00e9\"}","user_name":"","avatar_url":"","user_id":""}"#
        );
        let absent = Message::try_from(types::TicketMessage::default()).unwrap();
        assert_eq!(absent.raw_content(), "");
        let mut line = Vec::new();
        absent.write_json(&mut line).unwrap();
        assert!(String::from_utf8(line).unwrap().contains(r#""content":"""#));
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
    fn write_json_is_the_serialize_form() {
        let wire = r#"{"id":"1","message_type":"text","created_at":"1617960686000","content":"{\"content\":\"\u4f60\u597d \\\" q\",\"msg_type\":\"text\"}","user_name":null,"extra":1}"#;
        let api: types::TicketMessage = serde_json::from_str(wire).expect("decodes");
        let m = Message::try_from(api).expect("converts");
        assert_eq!(
            m.content(),
            MessageContent::Text {
                text: "你好 \" q".into()
            }
        );
        let mut line = Vec::new();
        m.write_json(&mut line).unwrap();
        let text = String::from_utf8(line.clone()).unwrap();
        assert!(
            text.starts_with(r#"{"id":"1","message_id":"","message_type":"text","created_at":1617960686000,"content":"#),
            "the fields in the documented order: {text}"
        );
        assert!(
            text.ends_with(r#","user_name":"","avatar_url":"","user_id":""}"#),
            "{text}"
        );
        let line: serde_json::Value = serde_json::from_slice(&line).unwrap();
        assert_eq!(line, serde_json::to_value(&m).unwrap());
        assert_eq!(line["created_at"], 1_617_960_686_000_i64);
        assert_eq!(line["user_name"], "");
        assert_eq!(
            line["content"],
            r#"{"content":"你好 \" q","msg_type":"text"}"#
        );
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
