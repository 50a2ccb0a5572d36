//! The writes whose effect shows in other operations (or events) than an `x-resource`
//! collection can say, by operation id (nothing happens for an id the spec lacks):
//!
//! * `create_ticket_message`: the message sent to a ticket is added to the messages
//!   "get ticket messages" serves for it (`msg_type` and `content` as sent, `created_at`
//!   the server's time, a new id), and the answer's `message_id` is its `message_id`;
//! * `update_ticket`: the ticket's data changes (status, stage, solved, channel, tags,
//!   custom fields, a comment added; `updated_at` the server's time), and "get a ticket"
//!   and "list tickets" answer the new version;
//! * `patch_agent`: the agent's `status` is remembered, and reads back from
//!   `get_agent_schedules` (that agent's schedule) and `list_agent_schedules` (its entry,
//!   added when the documented example has none, the `status` query filtering);
//! * `submit_approve_notification` / `cancel_approve_notification`: the review ends at
//!   once (the fake server is its own approver), and `helpdesk.notification.approve_v1`
//!   is pushed with `APPROVED` / `CANCELED`.
//!
//! With a synthetic helpdesk (see [`crate::extras`]), reads answer its agents'
//! schedules and emails, its skill rules, its category tree (nested, `lang` filtering)
//! and its ticket custom fields beside the documented ones, and `list_faqs` filters by
//! `status`, `category_id` and `search`.
//!
//! A message sent and a ticket updated emit their events (see [`crate::events`]).

use lark_helpdesk_api::types::{TicketMessage, Timestamp};
use serde_json::{Map, Value};

use crate::changes::{self, TicketChange};
use crate::extras::{Extras, FAQS, TICKET_FIELDS};
use crate::ops::Operation;
use crate::params::Query;
use crate::resources::{data_at_mut, id_of};
use crate::server::{Shared, Ticket};

/// Operation id of "send a message to a ticket".
pub(crate) const CREATE_TICKET_MESSAGE: &str = "create_ticket_message";
/// Operation id of "update a ticket".
pub(crate) const UPDATE_TICKET: &str = "update_ticket";
/// Operation id of "submit a notification for approval".
pub(crate) const SUBMIT_APPROVE_NOTIFICATION: &str = "submit_approve_notification";
/// Operation id of "withdraw a notification's approval request".
pub(crate) const CANCEL_APPROVE_NOTIFICATION: &str = "cancel_approve_notification";
/// Operation id of "update an agent's status".
pub(crate) const PATCH_AGENT: &str = "patch_agent";
/// The writes above (what they keep counts towards
/// [`MAX_WRITTEN_BYTES`](crate::resources::MAX_WRITTEN_BYTES)).
pub(crate) const WRITES: [&str; 3] = [CREATE_TICKET_MESSAGE, UPDATE_TICKET, PATCH_AGENT];
/// Operation id of "get an agent's schedule".
pub(crate) const GET_AGENT_SCHEDULES: &str = "get_agent_schedules";
/// Operation id of "list the agents' schedules".
pub(crate) const LIST_AGENT_SCHEDULES: &str = "list_agent_schedules";

/// Operation id of "get the agents' emails".
const LIST_AGENT_EMAILS: &str = "list_agent_emails";
/// Operation id of "list the rules agent skills can use".
const LIST_AGENT_SKILL_RULES: &str = "list_agent_skill_rules";
/// Operation id of "list the FAQ categories".
const LIST_CATEGORIES: &str = "list_categories";
/// Operation id of "get the custom fields of the helpdesk".
const LIST_CUSTOMIZED_FIELDS: &str = "list_customized_fields";
/// Operation id of "list the FAQs".
const LIST_FAQS: &str = "list_faqs";

/// The author of the messages sent through `create_ticket_message` (the app).
const SENDER_NAME: &str = "lark-helpdesk-mock app";

/// Applies the write of a request to `op` whose credentials, parameters and body have
/// been checked; writes what it answers into `answer`. `Err`: why the request is a bad
/// one (an unknown ticket).
pub(crate) fn apply(
    shared: &Shared,
    op: &Operation,
    captures: &[(String, String)],
    body: Option<&Value>,
    answer: &mut Value,
) -> Result<(), String> {
    let text = |field: &str| {
        body.and_then(|b| b.get(field))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    match op.id.as_str() {
        CREATE_TICKET_MESSAGE => {
            let ticket_id = Operation::captured(captures, "ticket_id").unwrap_or_default();
            let message_id = send_message(shared, ticket_id, text("msg_type"), text("content"))
                .ok_or_else(|| format!("no ticket {ticket_id:?}"))?;
            *data_at_mut(answer, Some("message_id")) = Value::String(message_id);
        }
        UPDATE_TICKET => {
            let ticket_id = Operation::captured(captures, "ticket_id").unwrap_or_default();
            let change = ticket_change(body);
            // A ticket the fake server does not hold (the documentation's own example
            // id, for one) is answered as documented, changing nothing: the platform's
            // answer for an unknown ticket is not documented.
            let _held = changes::update_ticket(shared, ticket_id, |_| change);
        }
        PATCH_AGENT => {
            let agent_id = Operation::captured(captures, "agent_id").unwrap_or_default();
            if let Some(status) = body.and_then(|b| b.get("status")).filter(|s| !s.is_null()) {
                shared
                    .resources()
                    .agent_status
                    .insert(agent_id.to_owned(), status.clone());
            }
        }
        // The fake server's approver decides at once: the review's outcome is pushed as
        // the platform pushes it.
        SUBMIT_APPROVE_NOTIFICATION | CANCEL_APPROVE_NOTIFICATION => {
            let notification_id =
                Operation::captured(captures, "notification_id").unwrap_or_default();
            let status = if op.id == SUBMIT_APPROVE_NOTIFICATION {
                "APPROVED"
            } else {
                "CANCELED"
            };
            changes::notification_reviewed(shared, notification_id, status);
        }
        _ => {}
    }
    Ok(())
}

/// The change the body of `update_ticket` asks for (its schema checked).
fn ticket_change(body: Option<&Value>) -> TicketChange {
    let field = |name: &str| body.and_then(|b| b.get(name)).filter(|v| !v.is_null());
    let int = |name: &str| field(name)?.as_i64().and_then(|v| i32::try_from(v).ok());
    TicketChange {
        status: int("status"),
        stage: int("ticket_type"),
        solved: int("solved"),
        channel: int("channel"),
        tag_names: field("tag_names").and_then(|v| serde_json::from_value(v.clone()).ok()),
        comment: field("comment").and_then(Value::as_str).map(str::to_owned),
        customized_fields: field("customized_fields")
            .and_then(|v| serde_json::from_value(v.clone()).ok()),
    }
}

/// Adds a message to a ticket the server holds; its `message_id`, `None` when there is
/// no such ticket.
fn send_message(
    shared: &Shared,
    ticket_id: &str,
    msg_type: String,
    content: String,
) -> Option<String> {
    let (id, message_id) = {
        let mut resources = shared.resources();
        (resources.new_id(), resources.new_id())
    };
    let now = shared.now_ms();
    // The order of `MockHelpdesk::add_messages`: the helpdesk, then the messages.
    let mut helpdesk = shared.helpdesk_mut();
    let mut tickets = shared.tickets_mut();
    let ticket: &mut Ticket = tickets.get_mut(ticket_id)?;
    // Never before the last message held (synthetic ones may lie ahead of the clock).
    let at = ticket
        .last_created_at_ms()
        .map_or(now, |last| now.max(last.saturating_add(1)));
    let message = TicketMessage {
        id: Some(id),
        message_id: Some(message_id.clone()),
        message_type: Some(msg_type),
        created_at: Some(Timestamp::Int64(at)),
        content: Some(content.into()),
        user_name: Some(SENDER_NAME.into()),
        avatar_url: Some(String::new()),
        user_id: Some(shared.credentials.app_id.clone()),
    };
    ticket.append(vec![message.clone()]);
    let held = ticket.messages().len();
    if let Some(t) = helpdesk.iter_mut().find(|t| t.id() == ticket_id) {
        t.messages += 1;
        t.ticket.updated_at = Some(at.max(t.ticket.updated_at.unwrap_or_default()));
    }
    // Under the locks: the events go out in the order of the changes.
    changes::message_sent(shared, &helpdesk, ticket_id, &message, held);
    Some(message_id)
}

/// Adjusts a read's answer to what the writes above changed.
pub(crate) fn adjust(
    shared: &Shared,
    op: &Operation,
    captures: &[(String, String)],
    query: &Query,
    answer: &mut Value,
) {
    match op.id.as_str() {
        GET_AGENT_SCHEDULES => {
            let agent_id = Operation::captured(captures, "agent_id").unwrap_or_default();
            let status = shared.resources().agent_status.get(agent_id).cloned();
            let data = data_at_mut(answer, None);
            let Some(schedule) = data
                .as_object_mut()
                .and_then(|d| d.values_mut().find(|v| v.is_object()))
            else {
                return;
            };
            if let Some(extras) = &shared.extras
                && let Some(i) = extras.agent(agent_id)
            {
                *schedule = extras.schedules[i].clone();
            }
            set_agent(schedule, agent_id, status);
        }
        LIST_AGENT_SCHEDULES => {
            let statuses = shared.resources().agent_status.clone();
            let data = data_at_mut(answer, None);
            let Some(list) = data
                .as_object_mut()
                .and_then(|d| d.values_mut().find_map(Value::as_array_mut))
            else {
                return;
            };
            if let Some(extras) = &shared.extras {
                list.extend(extras.schedules.iter().cloned());
            }
            let mut listed: Vec<String> = Vec::new();
            for schedule in list.iter_mut() {
                let agent = agent_id_of(schedule);
                if let (Some(fields), Some(status)) =
                    (schedule.as_object_mut(), statuses.get(&agent))
                {
                    fields.insert("status".into(), status.clone());
                }
                listed.push(agent);
            }
            let template = list.first().cloned();
            for (agent, status) in statuses.iter().filter(|(a, _)| !listed.contains(a)) {
                if let Some(mut schedule) = template.clone() {
                    set_agent(&mut schedule, agent, Some(status.clone()));
                    list.push(schedule);
                }
            }
            let wanted: Vec<&str> = query.all("status").collect();
            if !wanted.is_empty() {
                list.retain(|s| wanted.iter().any(|w| plain(&s["status"]) == w.trim()));
            }
        }
        _ => {
            if let Some(extras) = &shared.extras {
                adjust_synthetic(shared, extras, op, query, answer);
            }
        }
    }
}

/// Adjusts the answers of the reads that serve the rest of the synthetic helpdesk
/// (beside the agent schedules above): its agents' emails, its skill rules, its category
/// tree and its ticket custom fields join the documented ones.
fn adjust_synthetic(
    shared: &Shared,
    extras: &Extras,
    op: &Operation,
    query: &Query,
    answer: &mut Value,
) {
    match op.id.as_str() {
        LIST_AGENT_EMAILS => {
            let agents = data_at_mut(answer, Some("agents"));
            if !agents.is_object() {
                *agents = Value::Object(Map::new());
            }
            if let Some(agents) = agents.as_object_mut() {
                for agent in &extras.agents {
                    agents.insert(agent.id.clone(), Value::String(agent.email()));
                }
            }
        }
        LIST_AGENT_SKILL_RULES => {
            if let Some(rules) = data_at_mut(answer, Some("rules")).as_array_mut() {
                rules.extend(extras.rules.iter().cloned());
            }
        }
        LIST_CATEGORIES => {
            let categories = data_at_mut(answer, Some("categories"));
            let flat = categories.as_array().cloned().unwrap_or_default();
            let lang = query.last("lang").map(str::trim).filter(|l| !l.is_empty());
            let flat: Vec<Value> = flat
                .into_iter()
                .filter(|c| lang.is_none_or(|l| c["language"] == l))
                .collect();
            *categories = Value::Array(tree(flat));
        }
        LIST_CUSTOMIZED_FIELDS => {
            let (name, id_field) = TICKET_FIELDS;
            let held: Vec<Value> = {
                let resources = shared.resources();
                extras
                    .ticket_fields
                    .iter()
                    .filter_map(|f| {
                        let id = id_of(f, id_field)?;
                        resources.get(name, id_field, &id).cloned()
                    })
                    .collect()
            };
            if let Some(fields) =
                data_at_mut(answer, Some("ticket_customized_fields")).as_array_mut()
            {
                fields.extend(held);
            }
        }
        _ => {}
    }
}

/// The categories as a tree: each category whose parent is among them goes into its
/// parent's `children` (after those it holds), the others are the roots, in order.
fn tree(flat: Vec<Value>) -> Vec<Value> {
    let ids: Vec<Option<String>> = flat.iter().map(|c| id_of(c, "category_id")).collect();
    let parent_of = |c: &Value| -> Option<usize> {
        let parent = c["parent_id"].as_str()?;
        ids.iter().position(|id| id.as_deref() == Some(parent))
    };
    let parents: Vec<Option<usize>> = flat.iter().map(parent_of).collect();
    // A parent chain that loops (a category moved under its own child) is cut: such a
    // category is a root.
    let rooted = |mut i: usize| -> bool {
        for _ in 0..flat.len() {
            match parents[i] {
                Some(p) => i = p,
                None => return true,
            }
        }
        false
    };
    let parents: Vec<Option<usize>> = parents
        .iter()
        .enumerate()
        .map(|(i, p)| p.filter(|_| rooted(i)))
        .collect();
    fn build(i: usize, flat: &[Value], parents: &[Option<usize>]) -> Value {
        let mut node = flat[i].clone();
        let children: Vec<Value> = (0..flat.len())
            .filter(|c| parents[*c] == Some(i))
            .map(|c| build(c, flat, parents))
            .collect();
        if !children.is_empty()
            && let Some(fields) = node.as_object_mut()
        {
            let held = fields
                .entry("children")
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Some(held) = held.as_array_mut() {
                held.extend(children);
            } else {
                *held = Value::Array(children);
            }
        }
        node
    }
    (0..flat.len())
        .filter(|i| parents[*i].is_none())
        .map(|i| build(i, &flat, &parents))
        .collect()
}

/// The items of a paged listing of the synthetic helpdesk that its query selects:
/// `list_faqs` by `status` (an FAQ of no known status is online), `category_id` (any of
/// its categories) and `search` (in its question, answer or tags, ignoring case).
/// Without a synthetic helpdesk, every item.
pub(crate) fn filter(
    shared: &Shared,
    op: &Operation,
    query: &Query,
    items: Vec<Value>,
) -> Vec<Value> {
    let Some(extras) = &shared.extras else {
        return items;
    };
    if op.id != LIST_FAQS {
        return items;
    }
    let status = query
        .last("status")
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let category = query
        .last("category_id")
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let search = query
        .last("search")
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty());
    items
        .into_iter()
        .filter(|faq| {
            let id = id_of(faq, FAQS.1).unwrap_or_default();
            let state = extras.faq_status.get(&id).copied().unwrap_or("1");
            status.is_none_or(|s| s == state)
        })
        .filter(|faq| {
            category.is_none_or(|c| {
                faq["categories"]
                    .as_array()
                    .is_some_and(|cs| cs.iter().any(|x| x["category_id"] == c || x["id"] == c))
            })
        })
        .filter(|faq| {
            search.as_ref().is_none_or(|s| {
                let text = |v: &Value| v.as_str().is_some_and(|t| t.to_lowercase().contains(s));
                text(&faq["question"])
                    || text(&faq["answer"])
                    || faq["tags"].as_array().is_some_and(|t| t.iter().any(text))
            })
        })
        .collect()
}

/// Makes `schedule` that of `agent_id`, with `status` when it is known.
fn set_agent(schedule: &mut Value, agent_id: &str, status: Option<Value>) {
    let Some(fields) = schedule.as_object_mut() else {
        return;
    };
    if let Some(agent) = fields.get_mut("agent").and_then(Value::as_object_mut) {
        agent.insert("id".into(), Value::String(agent_id.to_owned()));
    }
    if let Some(status) = status {
        fields.insert("status".into(), status);
    }
}

fn agent_id_of(schedule: &Value) -> String {
    schedule["agent"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
