//! The two ticket endpoints ("list tickets", "get a ticket") that serve the synthetic
//! helpdesk.

use std::sync::Arc;

use lark_helpdesk_api::types::{Ticket, TicketUser};
use serde::Serialize;
use wiremock::{Match, Request, Respond, ResponseTemplate};

use crate::changes;
use crate::fault::Target;
use crate::server::{Answer, Shared};

/// Operation id of "list tickets" in the spec.
pub(crate) const OP_LIST_TICKETS: &str = "list_tickets";
/// Operation id of "get a ticket" in the spec.
pub(crate) const OP_GET_TICKET: &str = "get_ticket";

/// The most results the platform pages through for one query of "list tickets".
pub const LIST_TICKETS_CAP: usize = 10_000;

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
    /// `None` when a parameter is not of its type or out of bounds. The time filters are
    /// documented as pairs, but the spec takes each alone: a start without its end selects
    /// everything from the start on, an end without its start everything up to the end.
    fn parse(request: &Request, shared: &Shared) -> Option<ListQuery> {
        let facts = &*shared.facts;
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
        q.created = pair(cs, ce);
        q.updated = pair(us, ue);
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

/// A time filter's window, from its two ends, either one open.
fn pair(start: Option<i64>, end: Option<i64>) -> Option<(i64, i64)> {
    match (start, end) {
        (None, None) => None,
        (start, end) => Some((start.unwrap_or(i64::MIN), end.unwrap_or(i64::MAX))),
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
    let helpdesk = shared.helpdesk();
    let matching: Vec<&Ticket> = helpdesk
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
        let target = Target {
            operation: OP_LIST_TICKETS,
            ticket: "",
        };
        let answer = shared.with_faults(target, |truncated| {
            if let (false, Err(refused)) = (truncated, shared.authorize(request, OP_LIST_TICKETS)) {
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
        let target = Target {
            operation: OP_GET_TICKET,
            ticket: &id,
        };
        let answer = shared.with_faults(target, |truncated| {
            if let (false, Err(refused)) = (truncated, shared.authorize(request, OP_GET_TICKET)) {
                return refused;
            }
            match known_ticket(shared, &id) {
                Some(ticket) => Answer::json(
                    200,
                    serde_json::to_vec(&GetBody {
                        code: 0,
                        msg: &shared.facts.success_msg,
                        data: GetData { ticket: &ticket },
                    })
                    .expect("a ticket serialises"),
                ),
                None => Answer::json(400, shared.facts.bad_request.clone()),
            }
        });
        answer.into_template(shared.logid())
    }
}

/// The ticket "get a ticket" answers for `id` (see [`changes::held_ticket`]): an unknown
/// ticket is refused as the platform does.
fn known_ticket(shared: &Shared, id: &str) -> Option<Ticket> {
    changes::held_ticket(shared, id)
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
