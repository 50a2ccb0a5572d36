//! The `event` of each helpdesk event, shaped as the spec's schema for its type from the
//! ticket and messages the server holds.

use lark_helpdesk_api::types::{
    EventUserId, Ticket, TicketEventObject, TicketEventUpdateInfo, TicketEventUser, TicketMessage,
    TicketMessageCreatedEvent, TicketMessageEventContent, TicketUpdatedEvent, TicketUser,
};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::bus::hex;

/// `helpdesk.ticket.created_v1`.
pub(crate) const TICKET_CREATED: &str = "helpdesk.ticket.created_v1";
/// `helpdesk.ticket.updated_v1`.
pub(crate) const TICKET_UPDATED: &str = "helpdesk.ticket.updated_v1";
/// `helpdesk.notification.approve_v1`.
pub(crate) const NOTIFICATION_APPROVE: &str = "helpdesk.notification.approve_v1";
/// `helpdesk.ticket_message.created_v1`.
pub(crate) const TICKET_MESSAGE_CREATED: &str = "helpdesk.ticket_message.created_v1";

/// The chat of a ticket (`oc_...`), the same in every event of it.
pub(crate) fn chat_id(ticket_id: &str) -> String {
    let digest = Sha256::digest(format!("chat of {ticket_id}").as_bytes());
    format!("oc_{}", hex(&digest[..16]))
}

/// A ticket user as ticket events carry it: its `id` (an open id) an object of ids.
fn event_user(user: &TicketUser) -> TicketEventUser {
    TicketEventUser {
        avatar_url: user.avatar_url.clone(),
        email: user.email.clone(),
        id: user.id.as_ref().map(|id| EventUserId {
            open_id: Some(id.clone()),
            ..EventUserId::default()
        }),
        name: user.name.clone(),
    }
}

/// The `event` of `helpdesk.ticket.created_v1` for `ticket` (no agents, closer or
/// collaborators: those are in update events only).
pub(crate) fn ticket_created(ticket: &Ticket) -> TicketEventObject {
    let id = ticket.ticket_id.clone().unwrap_or_default();
    TicketEventObject {
        chat_id: Some(chat_id(&id)),
        channel: ticket.channel,
        closed_at: ticket.closed_at,
        created_at: ticket.created_at,
        customized_fields: ticket.customized_fields.clone(),
        guest: ticket.guest.as_ref().map(event_user),
        helpdesk_id: ticket.helpdesk_id.clone(),
        score: ticket.score,
        solve: ticket.solve,
        stage: ticket.ticket_type,
        status: ticket.status,
        ticket_id: Some(id),
        updated_at: ticket.updated_at,
        ..TicketEventObject::default()
    }
}

/// The whole ticket as update events carry it.
fn ticket_object(ticket: &Ticket) -> TicketEventObject {
    TicketEventObject {
        agents: ticket
            .agents
            .as_ref()
            .map(|a| a.iter().map(event_user).collect()),
        closed_by: ticket.closed_by.as_ref().map(event_user),
        collaborators: ticket
            .collaborators
            .as_ref()
            .map(|c| c.iter().map(event_user).collect()),
        ..ticket_created(ticket)
    }
}

/// The `event` of `helpdesk.ticket.updated_v1`: `new` whole, and of `old` the stage,
/// status and update time that differ from `new`'s.
pub(crate) fn ticket_updated(old: &Ticket, new: &Ticket) -> TicketUpdatedEvent {
    let changed = |o: Option<i64>, n: Option<i64>| if o == n { None } else { o };
    let changed32 = |o: Option<i32>, n: Option<i32>| if o == n { None } else { o };
    TicketUpdatedEvent {
        object: Some(ticket_object(new)),
        old_object: Some(TicketEventUpdateInfo {
            stage: changed32(old.ticket_type, new.ticket_type),
            status: changed32(old.status, new.status),
            updated_at: changed(old.updated_at, new.updated_at),
        }),
    }
}

/// The `event` of `helpdesk.ticket_message.created_v1` for `message`, the `position`-th
/// message (from 1) of `ticket`, sent by the app (`app_id`: the bot) or by a user (the
/// ticket's guest, else an agent).
pub(crate) fn message_created(
    ticket: &Ticket,
    message: &TicketMessage,
    position: usize,
    app_id: &str,
) -> TicketMessageCreatedEvent {
    let ticket_id = ticket.ticket_id.clone().unwrap_or_default();
    let sender = message.user_id.clone().unwrap_or_default();
    let guest = ticket.guest.as_ref().and_then(|g| g.id.as_deref());
    let (sender_type, sender_id) = if sender == app_id || sender.is_empty() {
        (1, None)
    } else {
        let kind = if guest == Some(sender.as_str()) { 2 } else { 3 };
        (
            kind,
            Some(EventUserId {
                open_id: Some(sender),
                ..EventUserId::default()
            }),
        )
    };
    let raw = message
        .content
        .as_ref()
        .map(|c| c.decoded().into_owned())
        .unwrap_or_default();
    let (text, image_key) = text_of(&raw);
    let msg_type = message.message_type.clone();
    let inner_id = {
        let digest = Sha256::digest(
            format!("{ticket_id}/{}", message.id.as_deref().unwrap_or_default()).as_bytes(),
        );
        let h = hex(&digest[..16]);
        format!(
            "{}-{}-{}-{}-{}",
            &h[..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..]
        )
    };
    TicketMessageCreatedEvent {
        chat_id: Some(chat_id(&ticket_id)),
        content: Some(TicketMessageEventContent {
            content: Some(text.clone()),
            image_keys: image_key.clone().map(|k| vec![k]),
            image_key,
            msg_type: msg_type.clone(),
        }),
        event_id: Some(inner_id),
        message_id: message.message_id.clone(),
        msg_type,
        position: Some(position.to_string()),
        sender_id,
        sender_type: Some(sender_type),
        text: Some(text),
        ticket: Some(ticket.clone()),
        ticket_message_id: message.id.clone(),
    }
}

/// The text of a message's `content` (as held: `{"content":..,"msg_type":..}`, or as sent
/// through the API: `{"text":..}`, a post, ...) and its image key, if any.
fn text_of(raw: &str) -> (String, Option<String>) {
    let Ok(parsed) = serde_json::from_str::<Value>(raw) else {
        return (raw.to_owned(), None);
    };
    let inner = parsed.get("content").unwrap_or(&parsed);
    let image_key = inner
        .get("image_key")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let text = match inner {
        Value::String(s) => s.clone(),
        other => match other.get("text").and_then(Value::as_str) {
            Some(text) => text.to_owned(),
            None => raw.to_owned(),
        },
    };
    (text, image_key)
}
