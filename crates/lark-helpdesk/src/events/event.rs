//! One event as the platform pushes it, after any decryption: its header read, its JSON
//! kept as sent (less the Verification Token), its fields typed on demand.

use std::fmt;

use lark_helpdesk_api::EventKind;
use lark_helpdesk_api::ops::EventData;
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

/// Which of the platform's two event schemas an event came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventSchema {
    /// Schema 2.0: `schema`, `header` (with `event_id`, `event_type`) and `event`; every
    /// helpdesk event.
    V2,
    /// Schema 1.0: `uuid`, `type` = `event_callback`, and `event` holding its `type`.
    V1,
}

/// Why a body is not an event (its content is never part of the message).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EventError {
    /// The body is not JSON (or not UTF-8).
    #[error("the event is not JSON")]
    NotJson,
    /// The JSON is not an object, or its `header` or `event` is not one.
    #[error("the event is not a JSON object with an object header")]
    NotAnObject,
    /// No event id: `header.event_id` (schema 2.0) or `uuid` (1.0) is missing or not a
    /// non-empty string.
    #[error("the event has no id")]
    NoId,
    /// No event type: `header.event_type` (2.0) or `event.type` (1.0).
    #[error("the event has no type")]
    NoType,
}

/// An event received from the platform, by HTTP callback or over the long connection.
///
/// Unknown event types and unknown fields are never an error: [`json`](Self::json) is
/// the event as sent (every field kept, in its order), less the Verification Token of
/// its header, which is checked on receipt and never handed on; [`data`](Self::data)
/// types the fields of the event types the spec describes.
#[derive(Clone, PartialEq, Eq)]
pub struct Event {
    schema: EventSchema,
    id: String,
    event_type: String,
    create_time: Option<String>,
    app_id: Option<String>,
    tenant_key: Option<String>,
    json: String,
}

/// What [`Event::parse_with_token`] found: the event and the Verification Token it
/// carried.
pub(crate) struct Parsed {
    pub(crate) event: Event,
    pub(crate) token: Option<String>,
}

impl Event {
    /// Reads a plain event (already decrypted): schema 2.0, or 1.0 when it has no
    /// `schema` but a `uuid`.
    ///
    /// # Errors
    ///
    /// [`EventError`] when the body is not an event.
    pub fn parse(json: &[u8]) -> Result<Event, EventError> {
        Self::parse_with_token(json).map(|p| p.event)
    }

    pub(crate) fn parse_with_token(json: &[u8]) -> Result<Parsed, EventError> {
        let text = std::str::from_utf8(json).map_err(|_| EventError::NotJson)?;
        let top: Ordered = serde_json::from_str(text).map_err(|e| {
            if e.is_data() {
                EventError::NotAnObject
            } else {
                EventError::NotJson
            }
        })?;
        let string = |map: &Ordered, key: &str| -> Option<String> {
            map.get(key)
                .and_then(|raw| serde_json::from_str::<Option<String>>(raw.get()).ok())
                .flatten()
        };
        let header = match top.get("header") {
            Some(raw) => Some(
                serde_json::from_str::<Ordered>(raw.get()).map_err(|_| EventError::NotAnObject)?,
            ),
            None => None,
        };
        let is_v2 = string(&top, "schema").is_some_and(|s| !s.is_empty()) || header.is_some();
        let (schema, id, event_type, create_time, app_id, tenant_key, token) = if is_v2 {
            let header = header.as_ref().ok_or(EventError::NotAnObject)?;
            (
                EventSchema::V2,
                string(header, "event_id"),
                string(header, "event_type"),
                string(header, "create_time"),
                string(header, "app_id"),
                string(header, "tenant_key"),
                string(header, "token"),
            )
        } else {
            let event = match top.get("event") {
                Some(raw) => serde_json::from_str::<Ordered>(raw.get())
                    .map_err(|_| EventError::NotAnObject)?,
                None => Ordered::default(),
            };
            (
                EventSchema::V1,
                string(&top, "uuid"),
                string(&event, "type"),
                string(&top, "ts"),
                string(&event, "app_id"),
                string(&event, "tenant_key"),
                string(&top, "token"),
            )
        };
        let id = id.filter(|s| !s.is_empty()).ok_or(EventError::NoId)?;
        let event_type = event_type
            .filter(|s| !s.is_empty())
            .ok_or(EventError::NoType)?;
        // One line, without the Verification Token: the header, already read, is
        // written without its `token`; schema 1.0 has it at the top.
        let mut json = String::with_capacity(text.len());
        match schema {
            EventSchema::V1 => top.write(&mut json, "token", None),
            EventSchema::V2 => top.write(&mut json, "", header.as_ref()),
        }
        Ok(Parsed {
            event: Event {
                schema,
                id,
                event_type,
                create_time,
                app_id,
                tenant_key,
                json,
            },
            token,
        })
    }

    /// The schema it came in.
    pub fn schema(&self) -> EventSchema {
        self.schema
    }

    /// Its id, the same in every delivery of it: `header.event_id` (or `uuid`).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Its type, e.g. `helpdesk.ticket.created_v1`.
    pub fn event_type(&self) -> &str {
        &self.event_type
    }

    /// `header.create_time` as sent (a string of digits whose unit the platform does not
    /// state; `ts`, seconds with a fraction, for schema 1.0).
    pub fn create_time(&self) -> Option<&str> {
        self.create_time.as_deref()
    }

    /// The app it was sent to.
    pub fn app_id(&self) -> Option<&str> {
        self.app_id.as_deref()
    }

    /// The tenant it happened in.
    pub fn tenant_key(&self) -> Option<&str> {
        self.tenant_key.as_deref()
    }

    /// The event as sent, one line of JSON, without the Verification Token.
    pub fn json(&self) -> &str {
        &self.json
    }

    /// What the spec says of its type; `None` for a type it does not describe.
    pub fn kind(&self) -> Option<&'static EventKind> {
        lark_helpdesk_api::find_event(&self.event_type)
    }

    /// Its fields, typed by its type: `None` for a type the spec does not describe (or a
    /// schema 1.0 event, which no helpdesk event is).
    ///
    /// # Errors
    ///
    /// The fields do not have the types the spec gives them.
    pub fn data(&self) -> Option<Result<EventData, serde_json::Error>> {
        if self.schema != EventSchema::V2 {
            return None;
        }
        EventData::decode(&self.event_type, &self.json)
    }
}

impl fmt::Debug for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Event")
            .field("schema", &self.schema)
            .field("id", &self.id)
            .field("event_type", &self.event_type)
            .field("create_time", &self.create_time)
            .field("app_id", &self.app_id)
            .field("tenant_key", &self.tenant_key)
            .field("json_len", &self.json.len())
            .finish()
    }
}

/// A JSON object's entries in their order, each value as sent.
#[derive(Default)]
struct Ordered(Vec<(String, Box<RawValue>)>);

impl Ordered {
    fn get(&self, key: &str) -> Option<&RawValue> {
        // The last of repeated keys wins, as in serde_json's own maps.
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| &**v)
    }

    /// Writes the object on one line without its entries named `skip`; `header`, when
    /// given, is written (without its `token`) in place of the entry of that name.
    fn write(&self, out: &mut String, skip: &str, header: Option<&Ordered>) {
        out.push('{');
        let mut first = true;
        for (key, value) in self.0.iter().filter(|(k, _)| k != skip) {
            if !first {
                out.push(',');
            }
            first = false;
            out.push_str(&serde_json::to_string(key).unwrap_or_default());
            out.push(':');
            match header {
                Some(header) if key == "header" => header.write(out, "token", None),
                _ => out.push_str(&compact(value.get())),
            }
        }
        out.push('}');
    }
}

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries;
        impl<'de> Visitor<'de> for Entries {
            type Value = Ordered;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, Box<RawValue>>()? {
                    entries.push(entry);
                }
                Ok(Ordered(entries))
            }
        }
        deserializer.deserialize_map(Entries)
    }
}

/// `json` (valid JSON) without insignificant whitespace, its keys in their order.
fn compact(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if !matches!(c, ' ' | '\n' | '\r' | '\t') {
            in_string = c == '"';
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_schema_2_event_and_keeps_everything_but_the_token() {
        let body = br#"{"schema":"2.0","header":{"event_id":"e1","token":"secret-vt","event_type":"helpdesk.notification.approve_v1","create_time":"1616920700000","app_id":"cli_x","tenant_key":"t"},"event":{"notification_id":"6985","helpdesk_id":"1","approve_status":"APPROVED","new_field":{"a":[1,2]}},"extra":true}"#;
        let parsed = Event::parse_with_token(body).unwrap();
        assert_eq!(parsed.token.as_deref(), Some("secret-vt"));
        let event = parsed.event;
        assert_eq!(event.id(), "e1");
        assert_eq!(event.event_type(), "helpdesk.notification.approve_v1");
        assert_eq!(event.create_time(), Some("1616920700000"));
        assert!(!event.json().contains("secret-vt"));
        assert_eq!(
            event.json(),
            r#"{"schema":"2.0","header":{"event_id":"e1","event_type":"helpdesk.notification.approve_v1","create_time":"1616920700000","app_id":"cli_x","tenant_key":"t"},"event":{"notification_id":"6985","helpdesk_id":"1","approve_status":"APPROVED","new_field":{"a":[1,2]}},"extra":true}"#
        );
        match event.data() {
            Some(Ok(EventData::NotificationApproveV1(data))) => {
                assert_eq!(data.approve_status.as_deref(), Some("APPROVED"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            event.kind().map(|k| k.event_type),
            Some("helpdesk.notification.approve_v1")
        );
        assert!(!format!("{event:?}").contains("APPROVED"));
    }

    #[test]
    fn an_unknown_type_is_kept_untyped() {
        let event = Event::parse(
            br#"{"schema":"2.0","header":{"event_id":"e","event_type":"im.x"},"event":{}}"#,
        )
        .unwrap();
        assert!(event.data().is_none());
        assert!(event.kind().is_none());
    }

    #[test]
    fn reads_a_schema_1_event() {
        let body = br#"{"ts":"1502199207.7171419","uuid":"u1","token":"vt","type":"event_callback","event":{"type":"helpdesk.x","app_id":"cli_y"}}"#;
        let parsed = Event::parse_with_token(body).unwrap();
        assert_eq!(parsed.token.as_deref(), Some("vt"));
        assert_eq!(parsed.event.schema(), EventSchema::V1);
        assert_eq!(parsed.event.id(), "u1");
        assert_eq!(parsed.event.event_type(), "helpdesk.x");
        assert_eq!(parsed.event.app_id(), Some("cli_y"));
        assert!(!parsed.event.json().contains("\"vt\""));
    }

    #[test]
    fn multi_line_json_becomes_one_line() {
        let body = b"{\n \"schema\": \"2.0\",\n \"header\": {\"event_id\": \"e\", \"event_type\": \"t\"},\n \"event\": {\n \"a\": 1, \"s\": \"x y\\\" \\\\\" }\n}";
        let event = Event::parse(body).unwrap();
        assert!(!event.json().contains('\n'));
        let back: serde_json::Value = serde_json::from_str(event.json()).unwrap();
        assert_eq!(back["event"]["a"], 1);
        assert_eq!(back["event"]["s"], "x y\" \\");
    }

    #[test]
    fn refuses_what_is_not_an_event() {
        assert_eq!(Event::parse(b"not json").unwrap_err(), EventError::NotJson);
        assert_eq!(Event::parse(b"[1]").unwrap_err(), EventError::NotAnObject);
        assert_eq!(Event::parse(b"\xff\xfe").unwrap_err(), EventError::NotJson);
        assert_eq!(
            Event::parse(br#"{"schema":"2.0","header":{"event_type":"t"}}"#).unwrap_err(),
            EventError::NoId
        );
        assert_eq!(
            Event::parse(br#"{"schema":"2.0","header":{"event_id":"e"}}"#).unwrap_err(),
            EventError::NoType
        );
        assert_eq!(
            Event::parse(br#"{"schema":"2.0","header":"x"}"#).unwrap_err(),
            EventError::NotAnObject
        );
        assert_eq!(
            Event::parse(br#"{"uuid":""}"#).unwrap_err(),
            EventError::NoId
        );
    }
}
