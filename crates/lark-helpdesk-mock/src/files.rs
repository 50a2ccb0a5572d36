//! The files of the synthetic helpdesk: the images of its tickets' messages
//! (`get_ticket_image`) and of its FAQs (`get_faq_image`), real PNG and JPEG files built
//! from their keys (see [`crate::images`]), the same bytes on every download.
//!
//! `get_ticket_image` of a ticket of the synthetic helpdesk answers the image of exactly
//! the messages that hold one: an `image` message (its `image_key`), a `media` message
//! (its cover, `image_key`) and a `post` message (its `img` elements, by `index` from 0,
//! which it requires). About one image in ten was deleted: HTTP 401 and the documented
//! `ImageDeleted` answer (154404). A message the ticket does not hold gets the documented
//! 404; a message without an image at `index`, or a `post` without `index`, the
//! documented 400. A ticket the server does not hold gets the 404 too; one it holds
//! outside the synthetic helpdesk (the documentation's example ticket, a ticket of your
//! own messages) is answered as without a synthetic helpdesk.
//!
//! `get_faq_image` of an FAQ of the synthetic knowledge base answers the images its
//! rich-text answer names (`{"type":"img","key":..}`), the documented 404 for any other
//! key; an FAQ the server does not hold gets the 404, any other (a documented or created
//! one) is answered as without a synthetic helpdesk.

use serde_json::Value;

use crate::data::seed_of;
use crate::extras::{FAQS, faq_image_keys};
use crate::images;
use crate::ops::Operation;
use crate::params::Query;
use crate::server::{Answer, Shared};

/// Operation id of "download an image of a ticket message".
const GET_TICKET_IMAGE: &str = "get_ticket_image";
/// Operation id of "download an image of an FAQ".
const GET_FAQ_IMAGE: &str = "get_faq_image";

/// Whether the image of `key` (of a ticket message) was deleted: about one in ten.
pub(crate) fn deleted(key: &str) -> bool {
    seed_of(key).rotate_left(17) % 10 == 3
}

/// The image keys of a message's `content` (the JSON envelope `{"content":..,
/// "msg_type":..}`), in `index` order, and whether it is a rich-text (`post`) message.
pub(crate) fn image_keys(content: &str) -> (Vec<String>, bool) {
    let Ok(value) = serde_json::from_str::<Value>(content) else {
        return (Vec::new(), false);
    };
    let inner = &value["content"];
    match value["msg_type"].as_str() {
        Some("image" | "media") => (
            inner["image_key"]
                .as_str()
                .map(str::to_owned)
                .into_iter()
                .collect(),
            false,
        ),
        Some("post") => (
            inner["content"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_array)
                .flatten()
                .filter(|e| e["tag"] == "img")
                .filter_map(|e| e["image_key"].as_str().map(str::to_owned))
                .collect(),
            true,
        ),
        _ => (Vec::new(), false),
    }
}

/// The answer of a binary operation of the synthetic helpdesk; `None` when it is to be
/// answered as without one (no synthetic helpdesk, another operation, an item outside
/// it).
pub(crate) fn serve(
    shared: &Shared,
    op: &Operation,
    captures: &[(String, String)],
    query: &Query,
) -> Option<Answer> {
    let extras = shared.extras.as_ref()?;
    let error = |status: u16| match op.errors.get(&status) {
        Some(body) => Answer::json(status, body.clone()),
        None => Answer::json(400, shared.facts.bad_request.clone()),
    };
    match op.id.as_str() {
        GET_TICKET_IMAGE => {
            let ticket_id = query.last("ticket_id").unwrap_or_default();
            let msg_id = query.last("msg_id").unwrap_or_default();
            let synthetic = shared.helpdesk().iter().any(|t| t.id() == ticket_id);
            let tickets = shared.tickets();
            let Some(ticket) = tickets.get(ticket_id) else {
                return Some(error(404));
            };
            if !synthetic {
                return None;
            }
            let Some(message) = ticket
                .messages()
                .iter()
                .find(|m| m.id.as_deref() == Some(msg_id))
            else {
                return Some(error(404));
            };
            let content = message
                .content
                .as_ref()
                .map(|c| c.decoded().into_owned())
                .unwrap_or_default();
            let (keys, rich) = image_keys(&content);
            let index = match query.last("index").map(|i| i.trim().parse::<usize>()) {
                Some(Ok(index)) => index,
                Some(Err(_)) => return Some(error(400)),
                None if rich => return Some(error(400)),
                None => 0,
            };
            let Some(key) = keys.get(index) else {
                return Some(error(400));
            };
            if deleted(key) {
                return Some(error(401));
            }
            Some(file(key))
        }
        GET_FAQ_IMAGE => {
            let faq_id = Operation::captured(captures, "id").unwrap_or_default();
            let key = Operation::captured(captures, "image_key").unwrap_or_default();
            let resources = shared.resources();
            let Some(faq) = resources.get(FAQS.0, FAQS.1, faq_id) else {
                return Some(error(404));
            };
            if !extras.is_faq(faq_id) {
                return None;
            }
            if faq_image_keys(faq).contains(&key) {
                Some(file(key))
            } else {
                Some(error(404))
            }
        }
        _ => None,
    }
}

/// The image of `key` as an attachment named after it.
fn file(key: &str) -> Answer {
    let (kind, bytes) = images::file_of(key);
    Answer::bytes(
        bytes,
        kind.mime(),
        vec![(
            "Content-Disposition",
            format!("attachment; filename=\"{key}.{}\"", kind.extension()),
        )],
    )
}
