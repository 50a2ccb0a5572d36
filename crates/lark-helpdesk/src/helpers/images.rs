//! The images a listed item names, as the downloads that fetch them.
//!
//! The spec ties each download to the listing whose items name its files (`x-export`'s
//! `of`: `get_ticket_image` to the messages of `list_ticket_messages`, `get_faq_image` to
//! the FAQs of `list_faqs`), but where an item names an image is only told in prose: a
//! message's `content` is a JSON string whose shape depends on its type, and the index
//! `get_ticket_image` takes counts the `img` elements of a rich-text message; an FAQ
//! names its images in the `img` items of its `answer_richtext`. This is that knowledge,
//! in one place, for `export` and `check` alike.

use lark_helpdesk_api::Operation;
use serde_json::Value;

use super::message::{MessageContent, MessageType};

/// One image a listed item names, and how to download it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ItemImage {
    /// The image key.
    pub key: String,
    /// The parameters of the download that come from the item (those of the listing
    /// itself, like a message's `ticket_id`, are the caller's).
    pub params: Vec<(&'static str, String)>,
    /// A name unique among the images of the items of one listing call: the message id,
    /// followed by `-<index>` for an image of rich text; the image key for an FAQ.
    pub name: String,
}

/// The images `item` names, when it is an item of the listing that `download` (an
/// operation whose `x-export` has `of`) fetches files of; empty for any other operation
/// and for an item without images.
pub fn item_images(download: &Operation, item: &Value) -> Vec<ItemImage> {
    match download.id {
        "get_ticket_image" => message_images(item),
        "get_faq_image" => faq_images(item),
        _ => Vec::new(),
    }
}

/// A message's images: `msg_id` its `id`, and for rich text `index` from 0.
fn message_images(message: &Value) -> Vec<ItemImage> {
    let Some(id) = message.get("id").and_then(Value::as_str) else {
        return Vec::new();
    };
    let kind = MessageType::parse(
        message
            .get("message_type")
            .and_then(Value::as_str)
            .unwrap_or_default(),
    );
    let raw = message
        .get("content")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let content = MessageContent::parse(&kind, raw);
    let indexed = matches!(content, MessageContent::Post { .. });
    content
        .image_keys()
        .into_iter()
        .enumerate()
        .map(|(index, key)| {
            let mut params = vec![("msg_id", id.to_owned())];
            let name = if indexed {
                params.push(("index", index.to_string()));
                format!("{id}-{index}")
            } else {
                id.to_owned()
            };
            ItemImage {
                key: key.to_owned(),
                params,
                name,
            }
        })
        .collect()
}

/// An FAQ's images: `id` its `faq_id` (or legacy `id`), `image_key` each `img` item's
/// `key`, each once.
fn faq_images(faq: &Value) -> Vec<ItemImage> {
    let Some(id) = ["faq_id", "id"].iter().find_map(|f| {
        faq.get(*f)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    }) else {
        return Vec::new();
    };
    let mut out: Vec<ItemImage> = Vec::new();
    for item in faq
        .get("answer_richtext")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let key = item.get("key").and_then(Value::as_str).unwrap_or_default();
        if item.get("type").and_then(Value::as_str) != Some("img")
            || key.is_empty()
            || out.iter().any(|i| i.key == key)
        {
            continue;
        }
        out.push(ItemImage {
            key: key.to_owned(),
            params: vec![("id", id.to_owned()), ("image_key", key.to_owned())],
            name: key.to_owned(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use lark_helpdesk_api::ops;
    use serde_json::json;

    fn names(images: &[ItemImage]) -> Vec<(&str, &str)> {
        images
            .iter()
            .map(|i| (i.key.as_str(), i.name.as_str()))
            .collect()
    }

    #[test]
    fn a_message_names_its_image_its_cover_or_its_rich_texts_images_by_index() {
        let image = json!({"id": "7", "message_type": "image",
            "content": r#"{"content":{"image_key":"img_a"},"msg_type":"image"}"#});
        let got = item_images(&ops::GET_TICKET_IMAGE, &image);
        assert_eq!(names(&got), [("img_a", "7")]);
        assert_eq!(got[0].params, [("msg_id", "7".to_owned())]);

        let post = json!({"id": "8", "message_type": "post",
            "content": r#"{"content":{"title":"","content":[[{"tag":"text","text":"see"},{"tag":"img","image_key":"img_b"}],[{"tag":"img","image_key":"img_c"}]]},"msg_type":"post"}"#});
        let got = item_images(&ops::GET_TICKET_IMAGE, &post);
        assert_eq!(names(&got), [("img_b", "8-0"), ("img_c", "8-1")]);
        assert_eq!(
            got[1].params,
            [("msg_id", "8".to_owned()), ("index", "1".to_owned())]
        );

        let media = json!({"id": "9", "message_type": "media",
            "content": r#"{"content":{"file_key":"f","image_key":"img_d","file_name":"v.mp4"},"msg_type":"media"}"#});
        assert_eq!(
            names(&item_images(&ops::GET_TICKET_IMAGE, &media)),
            [("img_d", "9")]
        );

        for none in [
            json!({"id": "1", "message_type": "text", "content": r#"{"content":"hi","msg_type":"text"}"#}),
            json!({"id": "2", "message_type": "image", "content": "not json"}),
            json!({"message_type": "image", "content": r#"{"content":{"image_key":"k"}}"#}),
        ] {
            assert!(
                item_images(&ops::GET_TICKET_IMAGE, &none).is_empty(),
                "{none}"
            );
        }
    }

    #[test]
    fn an_faq_names_the_img_items_of_its_answer_each_once() {
        let faq = json!({"faq_id": "5", "answer_richtext": [
            {"type": "text", "content": "a"},
            {"type": "img", "key": "img_x", "src": "https://x"},
            {"type": "img", "key": "img_y"},
            {"type": "img", "key": "img_x"},
            {"type": "img"}
        ]});
        let got = item_images(&ops::GET_FAQ_IMAGE, &faq);
        assert_eq!(names(&got), [("img_x", "img_x"), ("img_y", "img_y")]);
        assert_eq!(
            got[0].params,
            [("id", "5".to_owned()), ("image_key", "img_x".to_owned())]
        );
        assert!(item_images(&ops::LIST_FAQS, &faq).is_empty());
    }
}
