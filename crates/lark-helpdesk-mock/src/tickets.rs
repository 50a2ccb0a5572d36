//! The synthetic helpdesk: tickets spread over months, in every status and channel, each
//! with a number of messages.

use lark_helpdesk_api::types::{
    CustomizedFieldDisplayItem, I18n, Ticket, TicketComment, TicketComments, TicketTag, TicketUser,
};

use crate::data::SplitMix64;

/// The first ticket id of a synthetic helpdesk; the others follow.
pub const FIRST_SYNTHETIC_TICKET_ID: u64 = 7_100_000_000_000_000_001;

/// The seed of every synthetic helpdesk: the same count gives the same helpdesk.
pub(crate) const SEED: u64 = 0x4845_4c50_4445_534b;

/// 2026-06-01T00:00:00Z: the first ticket of a synthetic helpdesk is created then.
const FIRST_CREATED_AT_MS: i64 = 1_780_272_000_000;

/// One ticket of the synthetic helpdesk and how many messages it holds.
#[derive(Debug, Clone)]
pub(crate) struct HelpdeskTicket {
    pub(crate) ticket: Ticket,
    pub(crate) messages: usize,
}

impl HelpdeskTicket {
    pub(crate) fn id(&self) -> &str {
        self.ticket.ticket_id.as_deref().unwrap_or_default()
    }
}

/// How many messages each of `n` tickets holds: most a few dozen, some hundreds, a few
/// thousands (a helpdesk of over 1,000 tickets, built for its ticket count, holds at most
/// 3 a ticket).
fn message_count(rng: &mut SplitMix64, n: usize) -> usize {
    if n > 1_000 {
        return (rng.next_u64() % 4) as usize;
    }
    match rng.next_u64() % 100 {
        0..=9 => 0,
        10..=79 => 1 + (rng.next_u64() % 40) as usize,
        80..=96 => 100 + (rng.next_u64() % 500) as usize,
        _ => 1_000 + (rng.next_u64() % 2_500) as usize,
    }
}

/// The agents of the synthetic helpdesk's tickets: open id and name (each agent's email
/// is `{open id}@example.com`).
pub(crate) const AGENTS: [(&str, &str); 4] = [
    ("ou_agent_0001", "李宁"),
    ("ou_agent_0002", "Alice Martin"),
    ("ou_agent_0003", "佐藤 花子"),
    ("ou_agent_0004", "Omar Haddad"),
];

/// The custom field some synthetic tickets carry: id, key name and display name.
pub(crate) const ORDER_FIELD: (&str, &str, &str) = ("cf_1", "order", "Order number");

/// The helpdesk id of the synthetic helpdesk's tickets.
pub(crate) const HELPDESK_ID: &str = "7099999999999999999";

/// `n` synthetic tickets, deterministic for `seed`, sorted by creation time: statuses,
/// channels, agents and guests of a working helpdesk, created over months (about 13
/// hours apart on average, so a few hundred tickets span half a year; ten thousand fit
/// in ... ten thousand times that), some updated since, some closed.
pub(crate) fn generate_helpdesk(n: usize, seed: u64) -> Vec<HelpdeskTicket> {
    const GUESTS: [&str; 6] = [
        "王芳",
        "Jan Novák",
        "María García",
        "陈伟",
        "Emma Smith",
        "김민수",
    ];
    const STATUSES: [i32; 8] = [1, 2, 3, 4, 5, 50, 51, 52];
    const CHANNELS: [i32; 5] = [9, 2, 14, 13, 7];
    const TAGS: [&str; 4] = ["billing", "login", "bug", "feature"];
    let mut rng = SplitMix64::new(seed);
    let mut created_at = FIRST_CREATED_AT_MS;
    // Tickets of a helpdesk built for its count are packed closer (about a minute).
    let gap = if n > 1_000 { 120_000 } else { 94_000_000 };
    (0..n)
        .map(|i| {
            created_at += 1 + (rng.next_u64() % gap) as i64;
            let id = FIRST_SYNTHETIC_TICKET_ID + i as u64;
            let status = STATUSES[(rng.next_u64() % 8) as usize];
            let closed = status >= 50;
            let human = !rng.next_u64().is_multiple_of(3);
            let (agent_id, agent_name) = AGENTS[(rng.next_u64() % 4) as usize];
            let agent = TicketUser {
                id: Some(agent_id.into()),
                name: Some(agent_name.into()),
                email: Some(format!("{agent_id}@example.com")),
                ..TicketUser::default()
            };
            let guest = TicketUser {
                id: Some(format!("ou_guest_{:04}", rng.next_u64() % 500)),
                name: Some(GUESTS[(rng.next_u64() % 6) as usize].into()),
                avatar_url: Some("https://example.com/avatar.png".into()),
                city: Some("Hangzhou".into()),
                ..TicketUser::default()
            };
            let updated = !rng.next_u64().is_multiple_of(5);
            let updated_at = if updated {
                created_at + 1 + (rng.next_u64() % 86_400_000) as i64
            } else {
                -1
            };
            let comment = |k: i64| TicketComment {
                content: Some(format!("note {k} on ticket {id}")),
                created_at: Some(created_at + k),
                id: Some(k),
                user_name: Some(agent_name.into()),
                user_id: Some(k + 1),
                user_avatar_url: None,
            };
            // Comments as the older SDKs type them (one object) or as the newer (an array).
            let comments = match rng.next_u64() % 4 {
                0 => None,
                1 => Some(TicketComments::TicketComment(comment(1))),
                _ => Some(TicketComments::Array(vec![comment(1), comment(2)])),
            };
            let ticket = Ticket {
                ticket_id: Some(id.to_string()),
                helpdesk_id: Some(HELPDESK_ID.into()),
                guest: Some(guest),
                comments,
                ticket_type: Some(if human { 2 } else { 1 }),
                status: Some(status),
                score: closed.then(|| 1 + (rng.next_u64() % 3) as i32),
                created_at: Some(created_at),
                updated_at: Some(updated_at),
                closed_at: closed.then_some(updated_at.max(created_at) + 1),
                dissatisfaction_reason: (status == 51 && rng.next_u64().is_multiple_of(4)).then(
                    || I18n {
                        zh_cn: Some("回复太慢".into()),
                        en_us: Some("too slow".into()),
                        ja_jp: None,
                    },
                ),
                agents: human.then(|| vec![agent.clone()]),
                channel: Some(CHANNELS[(rng.next_u64() % 5) as usize]),
                solve: Some(if closed { 2 } else { 1 }),
                closed_by: closed.then(|| agent.clone()),
                collaborators: None,
                customized_fields: (rng.next_u64().is_multiple_of(3)).then(|| {
                    vec![CustomizedFieldDisplayItem {
                        id: Some(ORDER_FIELD.0.into()),
                        key_name: Some(ORDER_FIELD.1.into()),
                        display_name: Some(ORDER_FIELD.2.into()),
                        value: Some(format!("SO-{}", rng.next_u64() % 100_000)),
                        position: Some(1),
                        required: Some(false),
                        editable: Some(true),
                    }]
                }),
                agent_service_duration: human.then(|| (rng.next_u64() % 10_000) as f64 / 100.0),
                agent_first_response_duration: human.then(|| (rng.next_u64() % 3_600) as i64),
                bot_service_duration: Some((rng.next_u64() % 120) as i64),
                agent_resolution_time: closed.then(|| (rng.next_u64() % 86_400) as i64),
                actual_processing_time: closed.then(|| (rng.next_u64() % 7_200) as i64),
                agent_entry_time: human.then_some(created_at + 1_000),
                agent_first_response_time: human.then_some(created_at + 2_000),
                agent_last_response_time: human.then_some(created_at + 3_000),
                agent_owner: human.then_some(agent),
                tags: Some(vec![TicketTag {
                    id: Some(format!("tag_{}", i % 4)),
                    name: Some(TAGS[i % 4].into()),
                }]),
            };
            let mut count_rng = SplitMix64::new(seed ^ id);
            HelpdeskTicket {
                messages: message_count(&mut count_rng, n),
                ticket,
            }
        })
        .collect()
}

/// A ticket created at `created_at` (ms) and never updated, in status 1, holding
/// `messages` messages: what [`crate::MockHelpdesk::add_ticket`] adds.
pub(crate) fn new_ticket(id: u64, created_at: i64, seed: u64, messages: usize) -> HelpdeskTicket {
    let mut t = generate_helpdesk(1, seed).remove(0);
    let ticket = &mut t.ticket;
    ticket.ticket_id = Some(id.to_string());
    ticket.created_at = Some(created_at);
    ticket.updated_at = Some(-1);
    ticket.status = Some(1);
    ticket.solve = Some(1);
    ticket.score = None;
    ticket.closed_at = None;
    ticket.closed_by = None;
    ticket.dissatisfaction_reason = None;
    ticket.agent_resolution_time = None;
    ticket.actual_processing_time = None;
    t.messages = messages;
    t
}
