//! The changes to the tickets a server holds while it runs (through the API, the test
//! hooks of [`crate::MockHelpdesk`], the activity ticker), each emitted on the event bus
//! as the platform's event for it.

use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Weak};
use std::time::Duration;

use lark_helpdesk_api::types::{
    CustomizedFieldDisplayItem, Ticket, TicketComment, TicketComments, TicketMessage, TicketTag,
    Timestamp,
};

use crate::data::{self, SplitMix64};
use crate::events::shape;
use crate::server::{self, Shared};
use crate::tickets::{self, FIRST_SYNTHETIC_TICKET_ID, HelpdeskTicket};

/// A change to a ticket's data (what `update_ticket` takes; `None`: unchanged).
#[derive(Debug, Default, Clone)]
pub(crate) struct TicketChange {
    pub(crate) status: Option<i32>,
    pub(crate) stage: Option<i32>,
    pub(crate) solved: Option<i32>,
    pub(crate) channel: Option<i32>,
    pub(crate) tag_names: Option<Vec<String>>,
    pub(crate) comment: Option<String>,
    pub(crate) customized_fields: Option<Vec<CustomizedFieldDisplayItem>>,
}

/// The ticket "get a ticket" answers for `id`: the synthetic helpdesk's ticket; else, for
/// a ticket whose messages the server serves, its updated version if it was updated, else
/// the documented ticket with that id; else none.
pub(crate) fn held_ticket(shared: &Shared, id: &str) -> Option<Ticket> {
    let has_messages = shared.tickets().contains_key(id);
    ticket_in(shared, &shared.helpdesk(), has_messages, id)
}

/// [`held_ticket`] for a caller that holds the helpdesk (`helpdesk`) and knows whether
/// the server holds messages of `id`.
fn ticket_in(
    shared: &Shared,
    helpdesk: &[HelpdeskTicket],
    has_messages: bool,
    id: &str,
) -> Option<Ticket> {
    if let Some(t) = helpdesk.iter().find(|t| t.id() == id) {
        return Some(t.ticket.clone());
    }
    if !has_messages {
        return None;
    }
    if let Some(updated) = shared.updated_tickets().get(id) {
        return Some(updated.clone());
    }
    let mut ticket = shared.facts.example_ticket.clone()?;
    ticket.ticket_id = Some(id.to_owned());
    Some(ticket)
}

/// Emits `helpdesk.ticket_message.created_v1` for each of `messages`, just added to
/// `ticket`, which now holds `held` messages in all.
fn emit_messages(shared: &Shared, ticket: &Ticket, messages: &[TicketMessage], held: usize) {
    if !shared.events.has_subscribers() {
        return;
    }
    let first = held - messages.len();
    for (i, message) in messages.iter().enumerate() {
        let event =
            shape::message_created(ticket, message, first + i + 1, &shared.credentials.app_id);
        shared
            .events
            .emit(shape::TICKET_MESSAGE_CREATED, shared.now_ms(), &event);
    }
}

/// A message sent through the API was added to ticket `ticket_id`, which now holds
/// `held` messages; the caller holds the helpdesk (`helpdesk`) and the messages.
pub(crate) fn message_sent(
    shared: &Shared,
    helpdesk: &[HelpdeskTicket],
    ticket_id: &str,
    message: &TicketMessage,
    held: usize,
) {
    if !shared.events.has_subscribers() {
        return;
    }
    if let Some(ticket) = ticket_in(shared, helpdesk, true, ticket_id) {
        emit_messages(shared, &ticket, std::slice::from_ref(message), held);
    }
}

/// [`crate::MockHelpdesk::add_messages`].
pub(crate) fn add_messages(shared: &Shared, ticket_id: &str, n: usize) -> bool {
    let now = shared.now_ms();
    let mut helpdesk = shared.helpdesk_mut();
    let Some(ticket) = helpdesk.iter_mut().find(|t| t.id() == ticket_id) else {
        return false;
    };
    let mut tickets = shared.tickets_mut();
    let held = tickets
        .entry(ticket_id.to_owned())
        .or_insert_with(|| server::Ticket::new(Vec::new()));
    let after = held
        .last_created_at_ms()
        .or(ticket.ticket.created_at)
        .unwrap_or(now);
    let last_id = held
        .messages()
        .iter()
        .filter_map(|m| m.id.as_deref()?.parse::<u64>().ok())
        .max()
        .unwrap_or(6_900_000_000_000_000_000);
    let added: Vec<TicketMessage> =
        data::messages_from(n, &format!("{ticket_id}+{last_id}"), after + 1)
            .into_iter()
            .enumerate()
            .map(|(i, mut m)| {
                let k = i as u64 + 1;
                m.id = Some((last_id + k).to_string());
                m.created_at = Some(Timestamp::Int64(after + k as i64));
                m
            })
            .collect();
    held.append(added.clone());
    let count = held.messages().len();
    ticket.messages += n;
    ticket.ticket.updated_at = Some(now.max(after + n as i64));
    let ticket = ticket.ticket.clone();
    // Emitted under the locks: events go out in the order of the changes.
    emit_messages(shared, &ticket, &added, count);
    true
}

/// [`crate::MockHelpdesk::add_ticket`].
pub(crate) fn add_ticket(shared: &Shared, n: usize) -> String {
    let now = shared.now_ms();
    let mut helpdesk = shared.helpdesk_mut();
    let next = helpdesk
        .iter()
        .filter_map(|t| t.id().parse::<u64>().ok())
        .max()
        .map_or(FIRST_SYNTHETIC_TICKET_ID, |last| last + 1);
    let ticket = tickets::new_ticket(next, now, tickets::SEED ^ next, n);
    let id = next.to_string();
    let messages = data::messages_from(n, &id, now);
    shared
        .tickets_mut()
        .insert(id.clone(), server::Ticket::new(messages.clone()));
    if shared.events.has_subscribers() {
        let event = shape::ticket_created(&ticket.ticket);
        shared
            .events
            .emit(shape::TICKET_CREATED, shared.now_ms(), &event);
        emit_messages(shared, &ticket.ticket, &messages, messages.len());
    }
    helpdesk.push(ticket);
    id
}

/// What [`crate::MockHelpdesk::update_ticket`] changes: a bot ticket is handed to an
/// agent (stage 2, status 2); a human one moves on to the next status (1, 2, 3, 4, 5,
/// then 51, closed by an agent, solved); a closed one is opened again (status 2).
pub(crate) fn next_step(ticket: &Ticket) -> TicketChange {
    let status = ticket.status.unwrap_or(1);
    if ticket.ticket_type != Some(2) && status < 50 {
        return TicketChange {
            stage: Some(2),
            status: Some(2),
            ..TicketChange::default()
        };
    }
    let (status, solved) = match status {
        1..=4 => (status + 1, None),
        5 => (51, Some(2)),
        _ => (2, Some(1)),
    };
    TicketChange {
        status: Some(status),
        solved,
        ..TicketChange::default()
    }
}

/// Applies `change` to the ticket `id` (a ticket of the synthetic helpdesk, or one whose
/// messages the server holds), which "get a ticket" and "list tickets" then answer, its
/// `updated_at` the server's time; emits `helpdesk.ticket.updated_v1`. `false` when the
/// server holds no such ticket.
pub(crate) fn update_ticket(
    shared: &Shared,
    id: &str,
    change: impl FnOnce(&Ticket) -> TicketChange,
) -> bool {
    let now = shared.now_ms();
    let mut helpdesk = shared.helpdesk_mut();
    let in_helpdesk = helpdesk.iter().position(|t| t.id() == id);
    let old = match in_helpdesk {
        Some(i) => helpdesk[i].ticket.clone(),
        None => {
            drop(helpdesk);
            let Some(old) = held_ticket(shared, id) else {
                return false;
            };
            helpdesk = shared.helpdesk_mut();
            old
        }
    };
    let change = change(&old);
    let mut new = old.clone();
    apply(&mut new, &change, now);
    match in_helpdesk {
        Some(i) => helpdesk[i].ticket = new.clone(),
        None => {
            shared
                .updated_tickets_mut()
                .insert(id.to_owned(), new.clone());
        }
    }
    if shared.events.has_subscribers() {
        let event = shape::ticket_updated(&old, &new);
        shared
            .events
            .emit(shape::TICKET_UPDATED, shared.now_ms(), &event);
    }
    true
}

/// Pushes `helpdesk.notification.approve_v1` for `notification_id`, its review ended
/// with `status` (`APPROVED`, `CANCELED`, ...).
pub(crate) fn notification_reviewed(shared: &Shared, notification_id: &str, status: &str) {
    if shared.events.has_subscribers() {
        let event = lark_helpdesk_api::types::NotificationApproveEvent {
            notification_id: Some(notification_id.to_owned()),
            helpdesk_id: Some(shared.credentials.helpdesk_id.clone()),
            approve_status: Some(status.to_owned()),
        };
        shared
            .events
            .emit(shape::NOTIFICATION_APPROVE, shared.now_ms(), &event);
    }
}

/// `change` applied to `ticket` at `now` (ms).
fn apply(ticket: &mut Ticket, change: &TicketChange, now: i64) {
    if let Some(status) = change.status {
        let closing = status >= 50 && ticket.status.is_none_or(|s| s < 50);
        ticket.status = Some(status);
        if closing {
            ticket.closed_at = Some(now);
        } else if status < 50 {
            ticket.closed_at = None;
            ticket.closed_by = None;
        }
    }
    if let Some(stage) = change.stage {
        ticket.ticket_type = Some(stage);
    }
    if let Some(solved) = change.solved {
        ticket.solve = Some(solved);
    }
    if let Some(channel) = change.channel {
        ticket.channel = Some(channel);
    }
    if let Some(names) = &change.tag_names {
        ticket.tags = Some(
            names
                .iter()
                .map(|name| TicketTag {
                    id: Some(format!("tag_{name}")),
                    name: Some(name.clone()),
                })
                .collect(),
        );
    }
    if let Some(fields) = &change.customized_fields {
        let held = ticket.customized_fields.get_or_insert_with(Vec::new);
        for field in fields {
            match held.iter_mut().find(|f| f.id.is_some() && f.id == field.id) {
                Some(f) => {
                    f.value = field.value.clone();
                    if field.key_name.is_some() {
                        f.key_name = field.key_name.clone();
                    }
                }
                None => held.push(field.clone()),
            }
        }
    }
    if let Some(content) = &change.comment {
        let mut comments = match ticket.comments.take() {
            None => Vec::new(),
            Some(TicketComments::TicketComment(c)) => vec![c],
            Some(TicketComments::Array(list)) => list,
        };
        let id = comments.iter().filter_map(|c| c.id).max().unwrap_or(0) + 1;
        comments.push(TicketComment {
            content: Some(content.clone()),
            created_at: Some(now),
            id: Some(id),
            user_name: Some(crate::MOCK_USER_NAME.into()),
            user_id: None,
            user_avatar_url: None,
        });
        ticket.comments = Some(TicketComments::Array(comments));
    }
    // Never before the update time held (synthetic ones may lie ahead of the clock).
    ticket.updated_at = Some(now.max(ticket.updated_at.unwrap_or(-1).saturating_add(1)));
}

/// The self-activity ticker of a server: dropping it stops it.
#[derive(Debug)]
pub(crate) struct Activity {
    _stop: mpsc::Sender<()>,
}

/// Starts changing `shared` every `every`, on a thread of its own, until the returned
/// [`Activity`] or the server is dropped.
pub(crate) fn start_activity(shared: &Arc<Shared>, every: Duration) -> std::io::Result<Activity> {
    let (stop, stopped) = mpsc::channel::<()>();
    let weak: Weak<Shared> = Arc::downgrade(shared);
    let mut rng = SplitMix64::new(shared.now_ms() as u64 ^ 0x6163_7469_7669_7479);
    std::thread::Builder::new()
        .name("lark-helpdesk-mock activity".into())
        .spawn(move || {
            while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(every) {
                let Some(shared) = weak.upgrade() else { break };
                tick(&shared, &mut rng);
            }
        })?;
    Ok(Activity { _stop: stop })
}

/// One change of the activity ticker: a message in a random ticket of the synthetic
/// helpdesk (7 times in 10), an update of one (2 in 10), a new ticket (1 in 10, or when
/// the helpdesk is empty).
fn tick(shared: &Shared, rng: &mut SplitMix64) {
    let roll = rng.next_u64() % 10;
    let ids: Vec<String> = shared
        .helpdesk()
        .iter()
        .map(|t| t.id().to_owned())
        .collect();
    if ids.is_empty() || roll == 0 {
        add_ticket(shared, 1 + (rng.next_u64() % 3) as usize);
        return;
    }
    let id = &ids[(rng.next_u64() % ids.len() as u64) as usize];
    if roll <= 2 {
        update_ticket(shared, id, next_step);
    } else {
        add_messages(shared, id, 1);
    }
}
