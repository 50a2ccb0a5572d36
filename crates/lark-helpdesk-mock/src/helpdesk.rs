//! The synthetic helpdesk: tickets spread over months, each with its messages, and the
//! two ticket endpoints ("list tickets", "get a ticket") that serve them.

use std::sync::Arc;

use lark_helpdesk_api::types::{
    CustomizedFieldDisplayItem, I18n, Ticket, TicketComment, TicketComments, TicketTag, TicketUser,
};
use serde::Serialize;
use wiremock::{Match, Request, Respond, ResponseTemplate};

use crate::data::SplitMix64;
use crate::server::{Answer, Shared};

/// The most results the platform pages through for one query of "list tickets".
pub const LIST_TICKETS_CAP: usize = 10_000;

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
    fn id(&self) -> &str {
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

/// `n` synthetic tickets, deterministic for `seed`, sorted by creation time: statuses,
/// channels, agents and guests of a working helpdesk, created over months (about 13
/// hours apart on average, so a few hundred tickets span half a year; ten thousand fit
/// in ... ten thousand times that), some updated since, some closed.
pub(crate) fn generate_helpdesk(n: usize, seed: u64) -> Vec<HelpdeskTicket> {
    const AGENTS: [(&str, &str); 4] = [
        ("ou_agent_0001", "李宁"),
        ("ou_agent_0002", "Alice Martin"),
        ("ou_agent_0003", "佐藤 花子"),
        ("ou_agent_0004", "Omar Haddad"),
    ];
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
                helpdesk_id: Some("7099999999999999999".into()),
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
                        id: Some("cf_1".into()),
                        key_name: Some("order".into()),
                        display_name: Some("Order number".into()),
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

/// The validated query of a "list tickets" request.
#[derive(Debug, Default)]
struct ListQuery {
    page: i64,
    page_size: i64,
    ticket_id: Option<String>,
    agent_id: Option<String>,
    closed_by_id: Option<String>,
    ticket_type: Option<i32>,
    channel: Option<i32>,
    solved: Option<i32>,
    score: Option<i32>,
    statuses: Vec<i32>,
    guest_name: Option<String>,
    guest_id: Option<String>,
    tags: Vec<String>,
    created: Option<(i64, i64)>,
    updated: Option<(i64, i64)>,
}

impl ListQuery {
    /// `None` when a parameter is not of its type, out of bounds, or a time filter comes
    /// without its other end (the platform documents them as pairs).
    fn parse(request: &Request, shared: &Shared) -> Option<ListQuery> {
        let facts = shared.facts;
        let mut q = ListQuery {
            page: facts.default_page,
            page_size: facts.default_page_size,
            ..ListQuery::default()
        };
        let (mut cs, mut ce, mut us, mut ue) = (None, None, None, None);
        for (name, value) in request.url.query_pairs() {
            let int = || value.trim().parse::<i64>().ok();
            let small = || value.trim().parse::<i32>().ok();
            let text = || Some(value.to_string());
            match name.as_ref() {
                "page" => q.page = int().filter(|p| facts.page.contains(*p))?,
                "page_size" => q.page_size = int().filter(|s| facts.page_size.contains(*s))?,
                "ticket_id" => q.ticket_id = text(),
                "agent_id" => q.agent_id = text(),
                "closed_by_id" => q.closed_by_id = text(),
                "type" => q.ticket_type = Some(small()?),
                "channel" => q.channel = Some(small()?),
                "solved" => q.solved = Some(small()?),
                "score" => q.score = Some(small()?),
                "status_list" => q.statuses.push(small()?),
                "guest_name" => q.guest_name = text(),
                "guest_id" => q.guest_id = text(),
                "tags" => q.tags.push(value.to_string()),
                "create_time_start" => cs = Some(int()?),
                "create_time_end" => ce = Some(int()?),
                "update_time_start" => us = Some(int()?),
                "update_time_end" => ue = Some(int()?),
                _ => {}
            }
        }
        q.created = pair(cs, ce)?;
        q.updated = pair(us, ue)?;
        Some(q)
    }

    fn matches(&self, t: &Ticket) -> bool {
        let eq = |want: &Option<String>, have: &Option<String>| {
            want.as_ref().is_none_or(|w| have.as_ref() == Some(w))
        };
        let user_id = |u: &Option<TicketUser>| u.as_ref().and_then(|u| u.id.clone());
        let within = |w: Option<(i64, i64)>, at: Option<i64>| {
            w.is_none_or(|(s, e)| at.is_some_and(|at| s <= at && at <= e))
        };
        eq(&self.ticket_id, &t.ticket_id)
            && self
                .agent_id
                .as_ref()
                .is_none_or(|a| t.agents.iter().flatten().any(|u| u.id.as_ref() == Some(a)))
            && eq(&self.closed_by_id, &user_id(&t.closed_by))
            && self.ticket_type.is_none_or(|v| t.ticket_type == Some(v))
            && self.channel.is_none_or(|v| t.channel == Some(v))
            && self.solved.is_none_or(|v| t.solve == Some(v))
            && self.score.is_none_or(|v| t.score == Some(v))
            && (self.statuses.is_empty() || t.status.is_some_and(|s| self.statuses.contains(&s)))
            && eq(
                &self.guest_name,
                &t.guest.as_ref().and_then(|g| g.name.clone()),
            )
            && eq(&self.guest_id, &user_id(&t.guest))
            && (self.tags.is_empty()
                || t.tags.iter().flatten().any(|tag| {
                    self.tags
                        .iter()
                        .any(|w| tag.id.as_ref() == Some(w) || tag.name.as_ref() == Some(w))
                }))
            && within(self.created, t.created_at)
            && within(self.updated, t.updated_at)
    }
}

/// A time filter's two ends, both or neither.
fn pair(start: Option<i64>, end: Option<i64>) -> Option<Option<(i64, i64)>> {
    match (start, end) {
        (Some(s), Some(e)) => Some(Some((s, e))),
        (None, None) => Some(None),
        _ => None,
    }
}

#[derive(Serialize)]
struct ListBody<'a> {
    code: i64,
    msg: &'a str,
    data: ListData<'a>,
}

#[derive(Serialize)]
struct ListData<'a> {
    tickets: Vec<&'a Ticket>,
    total: usize,
}

#[derive(Serialize)]
struct GetBody<'a> {
    code: i64,
    msg: &'a str,
    data: GetData<'a>,
}

#[derive(Serialize)]
struct GetData<'a> {
    ticket: &'a Ticket,
}

/// The page of tickets a query gets, in creation order, never past the cap.
fn list_page(shared: &Shared, query: &ListQuery) -> Vec<u8> {
    let matching: Vec<&Ticket> = shared
        .helpdesk
        .iter()
        .map(|t| &t.ticket)
        .filter(|t| query.matches(t))
        .collect();
    let reachable = matching.len().min(LIST_TICKETS_CAP);
    let start = usize::try_from((query.page - 1).saturating_mul(query.page_size))
        .unwrap_or(usize::MAX)
        .min(reachable);
    let end = start
        .saturating_add(usize::try_from(query.page_size).unwrap_or(0))
        .min(reachable);
    let total = if shared.capped_total {
        reachable
    } else {
        matching.len()
    };
    serde_json::to_vec(&ListBody {
        code: 0,
        msg: &shared.facts.success_msg,
        data: ListData {
            tickets: matching[start..end].to_vec(),
            total,
        },
    })
    .expect("tickets serialise")
}

/// Answers `GET /open-apis/helpdesk/v1/tickets`.
pub(crate) struct ListTicketsResponder(pub(crate) Arc<Shared>);

impl Respond for ListTicketsResponder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let shared = &*self.0;
        let answer = shared.with_faults(request, "", |truncated| {
            if let (false, Err(refused)) = (truncated, shared.authorize(request)) {
                return refused;
            }
            let Some(query) = ListQuery::parse(request, shared) else {
                return Answer::json(400, shared.facts.bad_request.clone());
            };
            Answer::json(200, list_page(shared, &query))
        });
        answer.into_template(shared.logid())
    }
}

/// Answers `GET /open-apis/helpdesk/v1/tickets/{ticket_id}`.
pub(crate) struct GetTicketResponder(pub(crate) Arc<Shared>);

impl Respond for GetTicketResponder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let shared = &*self.0;
        let id = ticket_of_path(shared, request).unwrap_or_default();
        let answer = shared.with_faults(request, &id, |truncated| {
            if let (false, Err(refused)) = (truncated, shared.authorize(request)) {
                return refused;
            }
            match shared.helpdesk.iter().find(|t| t.id() == id) {
                Some(t) => Answer::json(
                    200,
                    serde_json::to_vec(&GetBody {
                        code: 0,
                        msg: &shared.facts.success_msg,
                        data: GetData { ticket: &t.ticket },
                    })
                    .expect("a ticket serialises"),
                ),
                None => Answer::json(400, shared.facts.bad_request.clone()),
            }
        });
        answer.into_template(shared.logid())
    }
}

/// The ticket id of a "get a ticket" path, percent-decoded.
fn ticket_of_path(shared: &Shared, request: &Request) -> Option<String> {
    let segment = request
        .url
        .path()
        .strip_prefix(shared.facts.tickets_path.as_str())?
        .strip_prefix('/')?;
    (!segment.is_empty() && !segment.contains('/')).then(|| {
        percent_encoding::percent_decode_str(segment)
            .decode_utf8_lossy()
            .into_owned()
    })
}

/// Matches `GET` requests to "list tickets".
pub(crate) struct ListTicketsPath(pub(crate) Arc<Shared>);

impl Match for ListTicketsPath {
    fn matches(&self, request: &Request) -> bool {
        request.method == wiremock::http::Method::GET
            && request.url.path() == self.0.facts.tickets_path
    }
}

/// Matches `GET` requests to "get a ticket".
pub(crate) struct GetTicketPath(pub(crate) Arc<Shared>);

impl Match for GetTicketPath {
    fn matches(&self, request: &Request) -> bool {
        request.method == wiremock::http::Method::GET && ticket_of_path(&self.0, request).is_some()
    }
}
