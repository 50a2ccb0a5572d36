//! `generate_messages`: deterministic, realistic synthetic messages.

use std::collections::HashSet;

use lark_helpdesk_api::types::{TicketMessage, Timestamp};
use lark_helpdesk_mock::{MESSAGE_TYPES, generate_messages};
use serde_json::Value;

fn content(message: &TicketMessage) -> Value {
    serde_json::from_str(&message.content.as_ref().unwrap().decoded()).unwrap()
}

fn is_chinese(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

fn is_string(value: &Value) -> bool {
    value.as_str().is_some_and(|s| !s.is_empty())
}

#[test]
fn the_same_seed_gives_the_same_messages() {
    assert_eq!(generate_messages(500, 7), generate_messages(500, 7));
    assert_ne!(generate_messages(50, 7), generate_messages(50, 8));
    // A prefix does not depend on n.
    assert_eq!(
        generate_messages(500, 7)[..20],
        generate_messages(20, 7)[..]
    );
    assert!(generate_messages(0, 1).is_empty());
}

#[test]
fn the_first_five_messages_are_one_of_each_type() {
    for seed in 0..20 {
        let types: HashSet<String> = generate_messages(5, seed)
            .into_iter()
            .map(|m| m.message_type.unwrap())
            .collect();
        assert_eq!(types, MESSAGE_TYPES.iter().map(|t| t.to_string()).collect());
    }
}

#[test]
fn contents_have_the_documented_shapes() {
    let messages = generate_messages(2_000, 1234);
    let mut counts = std::collections::HashMap::new();
    for message in &messages {
        let msg_type = message.message_type.as_deref().unwrap();
        *counts.entry(msg_type.to_string()).or_insert(0) += 1;
        let value = content(message);
        let object = value.as_object().unwrap();
        assert_eq!(object.len(), 2, "{value}");
        assert_eq!(value["msg_type"], msg_type);
        let inner = &value["content"];
        match msg_type {
            "text" => assert!(is_string(inner), "{value}"),
            "post" => {
                assert!(inner["title"].is_string(), "{value}");
                let paragraphs = inner["content"].as_array().unwrap();
                assert_eq!(paragraphs.len(), 1);
                let elements = paragraphs[0].as_array().unwrap();
                assert_eq!(elements[0]["tag"], "text");
                assert!(is_string(&elements[0]["text"]));
                assert_eq!(elements[1]["tag"], "a");
                assert!(is_string(&elements[1]["text"]));
                assert!(
                    elements[1]["href"]
                        .as_str()
                        .unwrap()
                        .starts_with("https://")
                );
            }
            "image" => {
                assert_eq!(inner.as_object().unwrap().len(), 1);
                assert!(inner["image_key"].as_str().unwrap().starts_with("img_v2_"));
            }
            "file" => {
                assert_eq!(inner.as_object().unwrap().len(), 2);
                assert!(inner["file_key"].as_str().unwrap().starts_with("file_v2_"));
                assert!(is_string(&inner["file_name"]));
            }
            "media" => {
                assert_eq!(inner.as_object().unwrap().len(), 4);
                assert!(inner["file_key"].as_str().unwrap().starts_with("file_v2_"));
                assert!(inner["image_key"].as_str().unwrap().starts_with("img_v2_"));
                assert!(is_string(&inner["file_name"]));
                assert!(inner["duration"].as_u64().unwrap() > 0);
            }
            other => panic!("unexpected type {other}"),
        }
    }
    for msg_type in MESSAGE_TYPES {
        assert!(counts[msg_type] > 50, "{counts:?}");
    }
    assert!(counts["text"] > counts["media"]);
}

#[test]
fn text_is_chinese_and_english_with_characters_that_need_escaping() {
    let messages = generate_messages(500, 99);
    let texts: Vec<String> = messages
        .iter()
        .filter(|m| m.message_type.as_deref() == Some("text"))
        .map(|m| content(m)["content"].as_str().unwrap().to_string())
        .collect();
    assert!(texts.iter().any(|t| t.chars().any(is_chinese)));
    assert!(texts.iter().any(|t| t.is_ascii()));
    assert!(texts.iter().any(|t| t.contains('"') && t.contains('\\')));
    assert!(texts.iter().any(|t| t.contains('\n')));
    let names: HashSet<&str> = messages
        .iter()
        .map(|m| m.user_name.as_deref().unwrap())
        .collect();
    assert!(names.iter().any(|n| n.chars().any(is_chinese)));
    assert!(names.iter().any(|n| n.is_ascii()));
}

#[test]
fn ids_and_times_increase_and_users_look_real() {
    let messages = generate_messages(1_000, 5);
    let mut last = (0u64, 0u64, i64::MIN);
    for message in &messages {
        let id: u64 = message.id.as_deref().unwrap().parse().unwrap();
        let message_id: u64 = message.message_id.as_deref().unwrap().parse().unwrap();
        let Some(Timestamp::Int64(created_at)) = message.created_at else {
            panic!("created_at is an integer")
        };
        assert!(id > last.0 && message_id > last.1 && created_at > last.2);
        assert!(created_at > 1_600_000_000_000 && created_at < 1_700_000_000_000);
        last = (id, message_id, created_at);

        let user_id = message.user_id.as_deref().unwrap();
        assert!(
            user_id.starts_with("ou_") && user_id.len() == 35,
            "{user_id}"
        );
        assert!(user_id[3..].chars().all(|c| c.is_ascii_hexdigit()));
        assert!(
            message
                .avatar_url
                .as_deref()
                .unwrap()
                .starts_with("https://")
        );
    }
    let users: HashSet<&str> = messages
        .iter()
        .map(|m| m.user_id.as_deref().unwrap())
        .collect();
    assert!(users.len() > 3);
    // One user id per name.
    let pairs: HashSet<(&str, &str)> = messages
        .iter()
        .map(|m| {
            (
                m.user_name.as_deref().unwrap(),
                m.user_id.as_deref().unwrap(),
            )
        })
        .collect();
    assert_eq!(pairs.len(), users.len());
}
