//! [`JsonEncodedString`]: the type the generated code uses for the spec's schema of that
//! name (a message's `content`), kept as the literal it was sent as.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};
use serde_json::value::RawValue;

/// A JSON string whose text is itself JSON (a message's `content`,
/// `{"content":"...","msg_type":"text"}` encoded once more as a string), kept as the
/// literal it was sent as: quotes and escapes included.
///
/// Decoding a page so copies the literal once and unescapes nothing, and writing it back
/// as JSON ([`as_raw`](Self::as_raw) with `serde_json`) copies it again: content is most of
/// a message's bytes, and its escapes (`\"` for every quote of the inner JSON) would
/// otherwise be undone on every decode and redone on every write. The text is unescaped
/// when asked for ([`decoded`](Self::decoded)).
///
/// It decodes from any JSON string that stands for a string (not a lone surrogate escape)
/// and fails on anything else. It decodes through `serde_json`'s own deserializers only
/// (text, a reader, a `serde_json::Value`): not in other formats, nor where serde buffers
/// a value first (`#[serde(flatten)]`, untagged enums), and so neither do the generated
/// types that hold it (`types::TicketMessage` and the pages around it). Its `Serialize`
/// form, for any serializer, is the decoded string; two values are equal when their
/// decoded strings are.
#[derive(Clone)]
pub struct JsonEncodedString(Box<RawValue>);

impl JsonEncodedString {
    /// The literal as sent, quotes and escapes included: `"{\"content\":\"hi\"}"`.
    pub fn literal(&self) -> &str {
        self.0.get()
    }

    /// The literal as a [`RawValue`], which `serde_json` writes unchanged.
    pub fn as_raw(&self) -> &RawValue {
        &self.0
    }

    /// The string the literal stands for: `{"content":"hi"}`. Borrowed when the literal
    /// has no escape.
    pub fn decoded(&self) -> Cow<'_, str> {
        let literal = self.literal();
        let inner = &literal[1..literal.len() - 1];
        if !inner.contains('\\') {
            return Cow::Borrowed(inner);
        }
        // A literal that decodes was checked when it was made (see `Deserialize`); the
        // literal's own text, escapes and all, stands in should that ever not hold.
        serde_json::from_str(literal).map_or(Cow::Borrowed(inner), Cow::Owned)
    }
}

impl Default for JsonEncodedString {
    /// The empty string.
    fn default() -> Self {
        JsonEncodedString::from("")
    }
}

impl From<&str> for JsonEncodedString {
    /// The literal of `text`, escaped as `serde_json` escapes strings.
    fn from(text: &str) -> Self {
        let literal = serde_json::to_string(text).expect("a string always serializes");
        JsonEncodedString(RawValue::from_string(literal).expect("a string literal is JSON"))
    }
}

impl From<String> for JsonEncodedString {
    /// The literal of `text`, escaped as `serde_json` escapes strings.
    fn from(text: String) -> Self {
        JsonEncodedString::from(text.as_str())
    }
}

impl From<JsonEncodedString> for String {
    /// The decoded string.
    fn from(value: JsonEncodedString) -> Self {
        value.decoded().into_owned()
    }
}

impl<'de> Deserialize<'de> for JsonEncodedString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        let literal = raw.get();
        if !literal.starts_with('"') {
            let found = match literal.as_bytes().first() {
                Some(b'{') => de::Unexpected::Map,
                Some(b'[') => de::Unexpected::Seq,
                Some(b't' | b'f') => de::Unexpected::Other("a boolean"),
                Some(b'n') => de::Unexpected::Unit,
                _ => de::Unexpected::Other("a number"),
            };
            return Err(de::Error::invalid_type(found, &"a JSON string"));
        }
        // serde_json checks a `\u` escape's form only: a lone surrogate (`"\ud800"`, text
        // cut in the middle of a character) passes, and stands for no string. Such a
        // literal is decoded here, once, to fail as a string would have.
        if literal.contains("\\ud") || literal.contains("\\uD") {
            serde_json::from_str::<String>(literal).map_err(de::Error::custom)?;
        }
        Ok(JsonEncodedString(raw))
    }
}

impl Serialize for JsonEncodedString {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.decoded())
    }
}

impl PartialEq for JsonEncodedString {
    fn eq(&self, other: &Self) -> bool {
        self.literal() == other.literal() || self.decoded() == other.decoded()
    }
}

impl Eq for JsonEncodedString {}

impl fmt::Debug for JsonEncodedString {
    /// The decoded string's `Debug`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.decoded(), f)
    }
}

impl fmt::Display for JsonEncodedString {
    /// The decoded string.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.decoded())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_as_sent_and_decoded_when_asked() {
        let literal = r#""{\"content\":\"h\u00e9\"}""#;
        let s: JsonEncodedString = serde_json::from_str(literal).unwrap();
        assert_eq!(s.literal(), literal);
        assert_eq!(s.decoded(), r#"{"content":"hé"}"#);
        assert_eq!(serde_json::to_string(s.as_raw()).unwrap(), literal);
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#""{\"content\":\"hé\"}""#,
            "serialized as its decoded string"
        );
        assert_eq!(s, JsonEncodedString::from(r#"{"content":"hé"}"#));
        let plain: JsonEncodedString = serde_json::from_str(r#""plain""#).unwrap();
        assert!(matches!(plain.decoded(), Cow::Borrowed("plain")));
        assert_eq!(JsonEncodedString::default().decoded(), "");
    }

    #[test]
    fn only_strings() {
        for other in ["1", "{}", "[\"a\"]", "null", "true"] {
            let e = serde_json::from_str::<JsonEncodedString>(other).unwrap_err();
            assert!(e.to_string().contains("a JSON string"), "{other}: {e}");
        }
        let pair: JsonEncodedString = serde_json::from_str(r#""\ud83d\ude00""#).unwrap();
        assert_eq!(pair.decoded(), "😀");
        for lone in [r#""\ud800""#, r#""a\uDC00b""#] {
            // As a plain `String` field failed before.
            assert!(serde_json::from_str::<String>(lone).is_err());
            assert!(
                serde_json::from_str::<JsonEncodedString>(lone).is_err(),
                "{lone}"
            );
        }
        let from_value: JsonEncodedString =
            serde_json::from_value(serde_json::json!("{\"a\":1}")).unwrap();
        assert_eq!(from_value.decoded(), "{\"a\":1}");
    }
}
