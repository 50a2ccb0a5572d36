//! Properties (proptest) of decoding, path and query encoding, the helpdesk header and the
//! error kinds. HTTP cases run against one loopback replay server per property.

use base64::Engine as _;
use lark_helpdesk::{ApiErrorKind, Error, HelpdeskCredential, RetryPolicy};
use lark_helpdesk_conformance::{Answer, Replay};
use proptest::prelude::*;
use serde_json::{Value, json};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Arbitrary JSON, a few levels deep.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,10}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A message-shaped object: the spec's fields, mostly of the right type, sometimes not,
/// and other fields.
fn message_object() -> impl Strategy<Value = Value> {
    let string = || {
        prop_oneof![
            ".{0,12}".prop_map(Value::from),
            r#"[a-z"\\\n\u{1}é你😀]{0,8}"#.prop_map(Value::from),
        ]
    };
    let wrong = || {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(Value::from),
            Just(json!(1e23)),
            json_value(),
        ]
    };
    let text_field = (
        prop::sample::select(text_fields()),
        prop_oneof![8 => string(), 1 => wrong()],
    )
        .prop_map(|(k, v)| (k.to_owned(), v));
    let created_at = prop_oneof![
        4 => any::<i64>().prop_map(Value::from),
        1 => any::<u64>().prop_map(Value::from),
        3 => prop_oneof![any::<i64>().prop_map(|n| n.to_string()), ".{0,6}".prop_map(String::from)]
            .prop_map(Value::from),
        2 => wrong(),
    ]
    .prop_map(|v| ("created_at".to_owned(), v));
    let other = ("[a-z_]{1,8}", json_value());
    prop::collection::vec(
        prop_oneof![6 => text_field, 2 => created_at, 1 => other],
        0..8,
    )
    .prop_map(|fields| Value::Object(fields.into_iter().collect()))
}

/// Envelope-shaped JSON: a code (often 0), a msg, and arbitrary data or messages.
fn envelope() -> impl Strategy<Value = Value> {
    let message = prop::collection::btree_map(
        prop_oneof![
            Just("id".to_string()),
            Just("created_at".to_string()),
            Just("content".to_string()),
            Just("message_type".to_string()),
            "[a-z]{1,6}",
        ],
        json_value(),
        0..5,
    )
    .prop_map(|m| Value::Object(m.into_iter().collect()));
    (
        prop_oneof![Just(0i64), any::<i64>(), Just(99991663), Just(154001)],
        json_value(),
        prop::collection::vec(message, 0..4),
        prop_oneof![Just(Value::Null), any::<i64>().prop_map(Value::from), json_value()],
    )
        .prop_map(|(code, msg, messages, total)| {
            json!({"code": code, "msg": msg, "data": {"messages": messages, "total": total}})
        })
}

fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        Just(200u16),
        Just(400),
        Just(401),
        Just(403),
        Just(404),
        Just(429),
        Just(500),
        Just(502),
        Just(503)
    ]
}

#[test]
fn decoding_anything_never_panics_and_is_ok_only_for_code_0() {
    let rt = runtime();
    let replay = rt.block_on(Replay::start(Answer::json(200, &json!({}), "p")));
    let body = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..64),
        envelope().prop_map(|v| serde_json::to_vec(&v).unwrap()),
        json_value().prop_map(|v| serde_json::to_vec(&v).unwrap()),
    ];
    proptest!(config(192), |(status in status(), body in body)| {
        let mut answer = Answer::json(status, &Value::Null, "prop-log");
        answer.body = body.clone();
        replay.set(answer);
        // A client a case: a refusal (429) makes a client's limiter pace what follows,
        // and each case stands on its own.
        let client = replay.client(RetryPolicy::none());
        let result = rt.block_on(client.ticket_messages("1").send());
        let parsed: Option<Value> = serde_json::from_slice(&body).ok();
        let code = parsed.as_ref().and_then(|v| v.get("code")).and_then(Value::as_i64);
        match &result {
            Ok(_) => {
                prop_assert_eq!(status, 200);
                prop_assert_eq!(code, Some(0), "Ok only for code 0");
            }
            Err(Error::Api(e)) => {
                prop_assert_ne!(e.code, 0);
                prop_assert_eq!(Some(e.code), code);
                prop_assert_eq!(e.status.as_u16(), status);
                prop_assert_eq!(e.kind, ApiErrorKind::from_code(e.code));
                prop_assert_eq!(e.log_id.as_deref(), Some("prop-log"));
            }
            Err(Error::Decode(e)) => {
                prop_assert_eq!(e.status.map(|s| s.as_u16()), Some(status));
                prop_assert!(e.excerpt.chars().count() <= 161);
            }
            Err(other) => prop_assert!(false, "unexpected {:?}", other),
        }
    });
}

#[test]
fn every_status_and_code_maps_to_exactly_one_kind() {
    let rt = runtime();
    let replay = rt.block_on(Replay::start(Answer::json(200, &json!({}), "p")));
    let code = prop_oneof![
        Just(154000i64),
        Just(154001),
        Just(154003),
        Just(155000),
        Just(99991400),
        Just(99991661),
        Just(99991663),
        Just(99991664),
        Just(99991671),
        any::<i64>().prop_filter("non-zero", |c| *c != 0),
    ];
    proptest!(config(96), |(status in status(), code in code)| {
        replay.set(Answer::json(status, &json!({"code": code, "msg": "m"}), "kind-log"));
        // A client a case, as above: refusals pace a client's next requests.
        let client = replay.client(RetryPolicy::none());
        let err = rt.block_on(client.ticket_messages("1").send()).expect_err("code != 0");
        prop_assert_eq!(err.code(), Some(code));
        prop_assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        let kind = err.api_kind().expect("an Api error");
        let expected = match code {
            154000 => ApiErrorKind::BadRequest,
            154001 => ApiErrorKind::Unauthorized,
            154003 => ApiErrorKind::Forbidden,
            155000 => ApiErrorKind::Internal,
            99991400 => ApiErrorKind::RateLimited,
            99991661 | 99991663 | 99991664 | 99991671 => ApiErrorKind::TokenInvalid,
            _ => ApiErrorKind::Other,
        };
        prop_assert_eq!(kind, expected);
    });
}

#[test]
fn any_ticket_id_is_one_path_segment_or_refused() {
    let rt = runtime();
    let page = json!({"code": 0, "msg": "ok", "data": {"messages": [], "total": 0}});
    let replay = rt.block_on(Replay::start(Answer::json(200, &page, "p")));
    let client = replay.client(RetryPolicy::none());
    let id = prop_oneof![
        "\\PC{0,16}",
        "[./?#%\\\\ ]{1,6}",
        "[a-z0-9]{0,4}[/?#%][a-z0-9./]{0,6}",
    ];
    proptest!(config(128), |(id in id)| {
        let before = rt.block_on(replay.message_requests()).len();
        let result = rt.block_on(client.ticket_messages(id.clone()).send());
        let requests = rt.block_on(replay.message_requests());
        if id.is_empty() || id == "." || id == ".." || id.contains('\\') {
            let refused = matches!(result, Err(Error::InvalidInput { field: "ticket_id", .. }));
            prop_assert!(refused, "{:?}", result);
            prop_assert_eq!(requests.len(), before, "nothing sent");
        } else {
            prop_assert!(result.is_ok(), "{:?}: {:?}", id, result);
            let url = &requests.last().expect("sent").url;
            let segments: Vec<&str> = url.path_segments().expect("path").collect();
            prop_assert_eq!(segments.len(), 6, "{}", url);
            prop_assert_eq!(&segments[..4], &["open-apis", "helpdesk", "v1", "tickets"]);
            prop_assert_eq!(segments[5], "messages");
            let decoded = percent_encoding::percent_decode_str(segments[4]).decode_utf8().expect("utf8");
            prop_assert_eq!(decoded.as_ref(), id.as_str());
            let mut keys: Vec<String> = url.query_pairs().map(|(k, _)| k.into_owned()).collect();
            keys.sort();
            prop_assert_eq!(keys, vec!["page".to_string(), "page_size".to_string()]);
            prop_assert!(url.fragment().is_none());
        }
    });
}

#[test]
fn the_query_round_trips_with_no_extra_keys() {
    let rt = runtime();
    let page = json!({"code": 0, "msg": "ok", "data": {"messages": [], "total": 0}});
    let replay = rt.block_on(Replay::start(Answer::json(200, &page, "p")));
    let client = replay.client(RetryPolicy::none());
    let range = prop::option::of((0i64..4_000_000_000, 0i64..4_000_000_000));
    proptest!(config(96), |(page in 1u64..u64::MAX / 2, size in 1u64..=200, range in range)| {
        let mut request = client.ticket_messages("1").page(page).page_size(size);
        let mut expected = vec![("page".to_string(), page.to_string()), ("page_size".to_string(), size.to_string())];
        if let Some((a, b)) = range {
            let (start, end) = (a.min(b), a.max(b));
            request = request.time_range(
                jiff::Timestamp::from_second(start).unwrap(),
                jiff::Timestamp::from_second(end).unwrap(),
            );
            expected.push(("time_end".into(), end.to_string()));
            expected.push(("time_start".into(), start.to_string()));
        }
        rt.block_on(request.send()).expect("sent");
        let requests = rt.block_on(replay.message_requests());
        let mut got: Vec<(String, String)> = requests.last().unwrap().url.query_pairs().into_owned().collect();
        got.sort();
        expected.sort();
        prop_assert_eq!(got, expected);
    });
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn the_helpdesk_header_decodes_back_to_id_colon_token(
        id in "[^:\\x00-\\x1f]{1,24}",
        token in "\\PC{1,48}",
    ) {
        let credential = HelpdeskCredential::new(id.clone(), token.clone()).expect("valid");
        let value = credential.header_value();
        prop_assert!(value.is_sensitive());
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(value.to_str().expect("ascii"))
            .expect("standard base64");
        prop_assert_eq!(String::from_utf8(decoded).expect("utf8"), format!("{id}:{token}"));
        let shown = format!("{:?}", credential);
        prop_assert!(!shown.contains(value.to_str().expect("ascii")), "Debug shows the header");
    }
}

/// The text fields of a message, as the spec names them (every property but
/// `created_at`).
fn text_fields() -> Vec<String> {
    lark_helpdesk_api::spec::Spec::embedded().document()["components"]["schemas"]["TicketMessage"]
        ["properties"]
        .as_object()
        .expect("TicketMessage has properties")
        .keys()
        .filter(|k| *k != "created_at")
        .cloned()
        .collect()
}

#[test]
fn messages_decode_as_their_json_says_and_write_back_the_same() {
    use lark_helpdesk::Message;
    use lark_helpdesk_api::types::TicketMessage;
    let fields = text_fields();
    assert_eq!(fields.len(), 7, "{fields:?}");
    // Messages, or anything but an array (serde's derived code reads an array as a
    // message's fields in order; the envelope check refuses a top-level array).
    let element = prop_oneof![
        8 => message_object(),
        1 => json_value().prop_filter("not an array", |v| !v.is_array()),
    ];
    let list = prop::collection::vec(element, 0..5);
    proptest!(config(512), |(messages in list)| {
        let text = serde_json::to_string(&messages).unwrap();
        // What the JSON says, read independently of the generated types.
        let readable = |m: &Value| {
            let Some(object) = m.as_object() else { return false };
            let text_ok = fields.iter().all(|f| object.get(f).is_none_or(|v| v.is_null() || v.is_string()));
            let time_ok = object.get("created_at").is_none_or(|v| v.is_null() || v.is_i64() || v.is_string());
            text_ok && time_ok
        };
        let generated = serde_json::from_str::<Vec<TicketMessage>>(&text);
        prop_assert_eq!(generated.is_ok(), messages.iter().all(readable), "{}", text);
        let Ok(generated) = generated else { return Ok(()) };
        for (wire, decoded) in messages.iter().zip(generated) {
            let typed = Message::try_from(decoded);
            let time = &wire["created_at"];
            let millis = match time {
                Value::Null => Some(None),
                Value::Number(n) => Some(n.as_i64()),
                Value::String(s) => s.trim().parse::<i64>().ok().map(Some),
                _ => unreachable!("checked above"),
            };
            let Some(millis) = millis else {
                prop_assert!(typed.is_err(), "created_at {} is no number", time);
                continue;
            };
            let m = typed.expect("a readable message types");
            prop_assert_eq!(m.created_at().map(|t| t.as_millis()), millis);
            let read = |f: &str| wire[f].as_str().unwrap_or_default().to_owned();
            prop_assert_eq!(m.id(), read("id"));
            prop_assert_eq!(m.message_id(), read("message_id"));
            prop_assert_eq!(m.message_type().as_str(), read("message_type"));
            prop_assert_eq!(m.raw_content(), read("content"));
            prop_assert_eq!(m.user_name(), read("user_name"));
            prop_assert_eq!(m.avatar_url(), read("avatar_url"));
            prop_assert_eq!(m.user_id(), read("user_id"));
            // An export's line reads back as the same message.
            let mut line = Vec::new();
            m.write_json(&mut line).unwrap();
            let again: TicketMessage = serde_json::from_slice(&line).unwrap();
            prop_assert_eq!(Message::try_from(again).unwrap(), m.clone());
            // The line (content copied as sent) is the message's `Serialize` form.
            let as_line: Value = serde_json::from_slice(&line).unwrap();
            prop_assert_eq!(as_line, serde_json::to_value(&m).unwrap());
        }
    });
}

#[test]
fn array_filters_are_sent_as_repeated_keys_in_order() {
    use lark_helpdesk::TicketStatus;
    let rt = runtime();
    let page = json!({"code": 0, "msg": "ok", "data": {"tickets": [], "total": 0}});
    let replay = rt.block_on(Replay::start(Answer::json(200, &page, "p")));
    let client = replay.client(RetryPolicy::none());
    let tag = r#"[a-z&=#%+ /?你😀"\\]{1,10}"#;
    proptest!(config(96), |(statuses in prop::collection::vec(any::<i32>(), 0..5), tags in prop::collection::vec(tag, 0..5))| {
        let mut request = client.tickets();
        for s in &statuses {
            request = request.status(TicketStatus::from_code(*s));
        }
        for t in &tags {
            request = request.tag(t.clone());
        }
        rt.block_on(request.send()).expect("sent");
        let requests = rt.block_on(replay.server.received_requests()).unwrap();
        let url = &requests.last().unwrap().url;
        let sent = |key: &str| -> Vec<String> {
            url.query_pairs().filter(|(k, _)| k == key).map(|(_, v)| v.into_owned()).collect()
        };
        prop_assert_eq!(sent("status_list"), statuses.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        prop_assert_eq!(sent("tags"), tags.clone());
    });
}

/// A ticket-shaped object: the spec's fields, with values of their type or null, and
/// fields the spec does not know.
fn ticket_object() -> impl Strategy<Value = Value> {
    let text = prop_oneof![Just(Value::Null), ".{0,8}".prop_map(Value::from)];
    let int = prop_oneof![Just(Value::Null), any::<i32>().prop_map(Value::from)];
    let time = prop_oneof![
        Just(Value::Null),
        Just(json!(-1)),
        any::<i64>().prop_map(Value::from)
    ];
    let comment =
        (text.clone(), time.clone()).prop_map(|(c, t)| json!({"content": c, "created_at": t}));
    let comments = prop_oneof![
        Just(Value::Null),
        comment.clone(),
        prop::collection::vec(comment, 0..3).prop_map(Value::Array),
    ];
    (
        text.clone(),
        int.clone(),
        int.clone(),
        time.clone(),
        time,
        comments,
        prop::collection::btree_map("x_[a-z]{1,6}", json_value(), 0..3),
    )
        .prop_map(|(id, status, channel, created, updated, comments, extra)| {
            let mut t = json!({
                "ticket_id": id, "status": status, "channel": channel,
                "created_at": created, "updated_at": updated, "comments": comments,
            });
            for (k, v) in extra {
                t[k] = v;
            }
            t
        })
}

#[test]
fn tickets_decode_whatever_is_null_or_unknown_and_keep_what_was_sent() {
    let rt = runtime();
    let replay = rt.block_on(Replay::start(Answer::json(200, &json!({"code": 0}), "p")));
    let client = replay.client(RetryPolicy::none());
    proptest!(config(128), |(tickets in prop::collection::vec(ticket_object(), 0..4))| {
        let body = json!({"code": 0, "msg": "ok", "data": {"tickets": tickets, "total": tickets.len()}});
        replay.set(Answer::json(200, &body, "p"));
        let page = rt.block_on(client.tickets().send()).expect("decodes");
        prop_assert_eq!(page.tickets.len(), tickets.len());
        for (ticket, sent) in page.tickets.iter().zip(&tickets) {
            let kept: Value = serde_json::from_str(ticket.raw_json()).unwrap();
            prop_assert_eq!(&kept, sent);
            prop_assert_eq!(ticket.ticket_id(), sent["ticket_id"].as_str().unwrap_or_default());
            let updated = sent["updated_at"].as_i64().filter(|t| *t >= 0);
            prop_assert_eq!(ticket.updated_at().map(|t| t.as_millis()), updated);
            let comments = match &sent["comments"] {
                Value::Array(all) => all.len(),
                Value::Object(_) => 1,
                _ => 0,
            };
            prop_assert_eq!(ticket.comments().len(), comments);
        }
    });
}
