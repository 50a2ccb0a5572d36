//! The frames of the long connection: the `pbbp2` protobuf messages (proto2) every binary
//! WebSocket message holds, and the few frames the client builds (ping, ack).

use std::time::Duration;

/// A frame header: a key and its value (`type`, `message_id`, `sum`, `seq`, ...).
#[derive(Clone, PartialEq, Eq, prost::Message)]
pub(crate) struct Header {
    #[prost(string, required, tag = "1")]
    pub(crate) key: String,
    #[prost(string, required, tag = "2")]
    pub(crate) value: String,
}

/// One frame. Fields 1 to 4 are `required`: encoded even when zero.
#[derive(Clone, PartialEq, prost::Message)]
pub(crate) struct Frame {
    #[prost(uint64, required, tag = "1")]
    pub(crate) seq_id: u64,
    #[prost(uint64, required, tag = "2")]
    pub(crate) log_id: u64,
    #[prost(int32, required, tag = "3")]
    pub(crate) service: i32,
    #[prost(int32, required, tag = "4")]
    pub(crate) method: i32,
    #[prost(message, repeated, tag = "5")]
    pub(crate) headers: Vec<Header>,
    #[prost(string, optional, tag = "6")]
    pub(crate) payload_encoding: Option<String>,
    #[prost(string, optional, tag = "7")]
    pub(crate) payload_type: Option<String>,
    #[prost(bytes = "vec", optional, tag = "8")]
    pub(crate) payload: Option<Vec<u8>>,
    #[prost(string, optional, tag = "9")]
    pub(crate) log_id_new: Option<String>,
}

/// `method` of a control frame (ping, pong).
pub(crate) const METHOD_CONTROL: i32 = 0;
/// `method` of a data frame (an event).
pub(crate) const METHOD_DATA: i32 = 1;

/// The headers of a data frame its answer repeats (`biz_rt` is the answer's own).
pub(crate) const ACK_HEADERS: [&str; 5] = ["type", "message_id", "sum", "seq", "trace_id"];

impl Frame {
    /// Decodes one frame from a binary WebSocket message.
    pub(crate) fn decode_bytes(bytes: &[u8]) -> Result<Frame, prost::DecodeError> {
        prost::Message::decode(bytes)
    }

    /// The frame as a binary WebSocket message.
    pub(crate) fn encode_bytes(&self) -> Vec<u8> {
        prost::Message::encode_to_vec(self)
    }

    /// The value of the first header named `key`.
    pub(crate) fn header(&self, key: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|h| h.key == key)
            .map(|h| h.value.as_str())
    }

    /// The ping the client sends: a control frame of `service`, sequence and log ids 0,
    /// one header `type` = `ping`, no payload.
    pub(crate) fn ping(service: i32) -> Frame {
        Frame {
            seq_id: 0,
            log_id: 0,
            service,
            method: METHOD_CONTROL,
            headers: vec![Header {
                key: "type".into(),
                value: "ping".into(),
            }],
            payload_encoding: None,
            payload_type: None,
            payload: None,
            log_id_new: None,
        }
    }

    /// The answer to a data frame: its ids, service and method, the headers that tell
    /// which message it answers ([`ACK_HEADERS`], those the frame has), `biz_rt` (the
    /// handler's milliseconds), and the payload `{"code":<code>}`. Nothing else the
    /// platform sent is echoed.
    pub(crate) fn ack(&self, code: u16, handler_time: Duration) -> Frame {
        let mut headers: Vec<Header> = self
            .headers
            .iter()
            .filter(|h| ACK_HEADERS.contains(&h.key.as_str()))
            .cloned()
            .collect();
        headers.push(Header {
            key: "biz_rt".into(),
            value: handler_time.as_millis().to_string(),
        });
        Frame {
            seq_id: self.seq_id,
            log_id: self.log_id,
            service: self.service,
            method: self.method,
            headers,
            payload_encoding: None,
            payload_type: None,
            payload: Some(format!("{{\"code\":{code}}}").into_bytes()),
            log_id_new: self.log_id_new.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ping_encodes_its_zero_required_fields() {
        let bytes = Frame::ping(0).encode_bytes();
        // Tags 1..4 as varints (field << 3 | 0), each with the value 0, then the header.
        assert_eq!(&bytes[..8], &[0x08, 0, 0x10, 0, 0x18, 0, 0x20, 0]);
        assert_eq!(bytes[8], 0x2a, "field 5, length-delimited");
        let back = Frame::decode_bytes(&bytes).unwrap();
        assert_eq!(back, Frame::ping(0));
        assert_eq!(back.header("type"), Some("ping"));
        assert_eq!(back.payload, None);
    }

    #[test]
    fn decoding_is_lenient_about_missing_fields_and_refuses_broken_bytes() {
        // Only SeqID and LogID: prost reads the missing required fields as 0 (a control
        // frame without a `type`, which the client ignores).
        let frame = Frame::decode_bytes(&[0x08, 1, 0x10, 2]).unwrap();
        assert_eq!(
            (frame.seq_id, frame.log_id, frame.service, frame.method),
            (1, 2, 0, 0)
        );
        // A length running past the end.
        assert!(Frame::decode_bytes(&[0x2a, 10, 0x0a]).is_err());
    }

    #[test]
    fn an_ack_keeps_the_ids_and_the_needed_headers_and_adds_biz_rt() {
        let frame = Frame {
            seq_id: 7,
            log_id: 9,
            service: 33,
            method: METHOD_DATA,
            headers: vec![
                Header {
                    key: "type".into(),
                    value: "event".into(),
                },
                Header {
                    key: "message_id".into(),
                    value: "m1".into(),
                },
                Header {
                    key: "trace_id".into(),
                    value: "t1".into(),
                },
                Header {
                    key: "biz_rt".into(),
                    value: "999".into(),
                },
                Header {
                    key: "x-anything-else".into(),
                    value: "a large value the platform sent".into(),
                },
            ],
            payload_encoding: None,
            payload_type: None,
            payload: Some(b"{\"schema\":\"2.0\"}".to_vec()),
            log_id_new: Some("x".into()),
        };
        let ack =
            Frame::decode_bytes(&frame.ack(500, Duration::from_millis(42)).encode_bytes()).unwrap();
        assert_eq!(
            (ack.seq_id, ack.log_id, ack.service, ack.method),
            (7, 9, 33, 1)
        );
        assert_eq!(ack.header("message_id"), Some("m1"));
        assert_eq!(ack.header("trace_id"), Some("t1"));
        assert_eq!(ack.header("biz_rt"), Some("42"));
        let keys: Vec<&str> = ack.headers.iter().map(|h| h.key.as_str()).collect();
        assert_eq!(keys, ["type", "message_id", "trace_id", "biz_rt"]);
        assert_eq!(ack.payload.as_deref(), Some(&b"{\"code\":500}"[..]));
    }
}
