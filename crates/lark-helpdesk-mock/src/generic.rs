//! The responder of every operation of the spec that has no hand-written one: it reads
//! all it needs off the operation (see [`crate::ops`]), so that an operation added to the
//! spec is served with no code here.
//!
//! A request is answered, in order: with its injected fault, if any; 400 / 401 when its
//! credentials are not those its `security` takes; 400 (the spec's `BadRequest` code, the
//! message naming what is wrong) when a path or query parameter, or the JSON body, does
//! not hold to the spec; 404 (or 400) when it names an item of an `x-resource` collection
//! the server does not hold; else with the documented 200 example, into which the
//! collection's items, the page of an `x-pagination` listing and what the hand-written
//! writes of [`crate::special`] keep are written. `x-binary` operations answer a tiny
//! PNG, of the content type the spec documents (the synthetic helpdesk's images are
//! served by [`crate::files`]).

use std::sync::Arc;

use serde_json::{Map, Value};
use wiremock::{Match, Request, Respond, ResponseTemplate};

use crate::conventions::{Action, ResourceOp};
use crate::fault::Target;
use crate::ops::Operation;
use crate::params::{Location, Query};
use crate::resources::{data_at, data_at_mut, items_field};
use crate::server::{Answer, Shared, ticket_of};
use crate::special;

/// The operations the hand-written responders serve.
pub(crate) const HAND_WRITTEN: [&str; 4] = [
    "tenant_access_token_internal",
    "list_tickets",
    "get_ticket",
    "list_ticket_messages",
];

/// The largest request body an operation without a hand-written responder reads (1 MiB);
/// a larger one is refused with HTTP 400.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// The longest `msg` of a refusal (what a client sent is quoted in it, cut short).
const MAX_MSG_CHARS: usize = 400;

/// What `x-binary` operations answer: a valid 1×1 PNG (a transparent pixel).
pub(crate) const PNG: [u8; 70] = [
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x64, 0x60, 0xf8, 0x5f,
    0x0f, 0x00, 0x02, 0x87, 0x01, 0x80, 0xeb, 0x47, 0xba, 0x92, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

/// Matches the requests to an operation that has no hand-written responder.
pub(crate) struct GenericRoute(pub(crate) Arc<Shared>);

impl Match for GenericRoute {
    fn matches(&self, request: &Request) -> bool {
        self.0
            .operations
            .route(request.method.as_str(), request.url.path())
            .is_some_and(|(op, _)| !HAND_WRITTEN.contains(&op.id.as_str()))
    }
}

/// Answers the requests [`GenericRoute`] matches.
pub(crate) struct GenericResponder(pub(crate) Arc<Shared>);

impl Respond for GenericResponder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let shared = &*self.0;
        // `None` cannot happen (the spec of a server does not change between matching
        // and answering): answered as an unknown path would be.
        let answer = answer(shared, request, true).unwrap_or_else(Answer::not_found);
        answer.into_template(shared.logid())
    }
}

/// Serves a request to an operation without a hand-written responder (`None` for the
/// others), with its injected fault when `faults`.
pub(crate) fn answer(shared: &Shared, request: &Request, faults: bool) -> Option<Answer> {
    let (op, captures) = shared
        .operations
        .route(request.method.as_str(), request.url.path())?;
    if HAND_WRITTEN.contains(&op.id.as_str()) {
        return None;
    }
    if !faults {
        return Some(serve(shared, op, &captures, request, true));
    }
    let ticket = ticket_of(&captures, request);
    let target = Target {
        operation: &op.id,
        ticket: &ticket,
    };
    Some(shared.with_faults(target, |truncated| {
        serve(shared, op, &captures, request, !truncated)
    }))
}

/// The answer of a request to `op`, its credentials checked when `authorize`.
fn serve(
    shared: &Shared,
    op: &Operation,
    captures: &[(String, String)],
    request: &Request,
    authorize: bool,
) -> Answer {
    if authorize
        && let Err(refused) = shared.authorize_for(request, &op.security, op.errors.get(&401), true)
    {
        return refused;
    }
    match respond(shared, op, captures, request) {
        Ok(answer) | Err(Refusal::Answer(answer)) => answer,
        Err(Refusal::BadRequest(why)) => bad_request(shared, &why),
    }
}

/// Why a request is not served.
enum Refusal {
    /// A bad request: what is wrong.
    BadRequest(String),
    /// Another answer (an unknown item).
    Answer(Answer),
}

impl From<String> for Refusal {
    fn from(why: String) -> Self {
        Refusal::BadRequest(why)
    }
}

/// HTTP 400 with the spec's `BadRequest` code, its message followed by `why`.
fn bad_request(shared: &Shared, why: &str) -> Answer {
    let facts = &*shared.facts;
    let mut msg = format!("{}: {why}", facts.bad_request_msg);
    if let Some((cut, _)) = msg.char_indices().nth(MAX_MSG_CHARS) {
        msg.truncate(cut);
        msg.push('…');
    }
    Answer::error(400, facts.bad_request_code, &msg)
}

fn respond(
    shared: &Shared,
    op: &Operation,
    captures: &[(String, String)],
    request: &Request,
) -> Result<Answer, Refusal> {
    for param in op.params.iter().filter(|p| p.location == Location::Path) {
        if let Some(value) = Operation::captured(captures, &param.name) {
            param.check(value)?;
        }
    }
    let query = Query::check(&request.url, &op.params)?;
    let body = read_body(op, request)?;

    if op.binary {
        return Ok(crate::files::serve(shared, op, captures, &query)
            .unwrap_or_else(|| binary(op, captures, &query)));
    }
    let keeps = op
        .resource
        .as_ref()
        .is_some_and(|r| matches!(r.action, Action::Create | Action::Patch))
        || special::WRITES.contains(&op.id.as_str());
    if keeps {
        shared.resources().charge(request.body.len())?;
    }
    let mut answer = op.ok.clone();
    let listed = match &op.resource {
        Some(resource) => {
            apply_resource(shared, op, resource, captures, body.as_ref(), &mut answer)?
        }
        None => None,
    };
    special::apply(shared, op, captures, body.as_ref(), &mut answer)?;
    special::adjust(shared, op, captures, &query, &mut answer);
    if let Some(pagination) = &op.pagination {
        let listed = listed.map(|items| special::filter(shared, op, &query, items));
        let items = listed.unwrap_or_else(|| {
            data_at(&answer, Some(&pagination.items))
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        });
        let default_size = op
            .params
            .iter()
            .find(|p| p.name == pagination.size_param && p.location == Location::Query)
            .and_then(|p| p.default.as_ref()?.as_i64());
        let data = data_at_mut(&mut answer, None);
        if !data.is_object() {
            *data = Value::Object(Map::new());
        }
        if let Some(data) = data.as_object_mut() {
            crate::paging::page_into(
                pagination,
                &query,
                default_size,
                &items,
                shared.page_salt(),
                data,
            )?;
        }
    }
    let body = serde_json::to_vec(&answer).unwrap_or_default();
    Ok(Answer::json(200, body))
}

/// The JSON body of a request, checked against the operation's schema; `None` when it
/// sent none (and need not) or the operation takes none (a body it sends anyway is
/// read if it is JSON, ignored otherwise).
fn read_body(op: &Operation, request: &Request) -> Result<Option<Value>, String> {
    let raw = &request.body;
    if raw.len() > MAX_BODY_BYTES {
        return Err(format!(
            "the request body is larger than {} KiB",
            MAX_BODY_BYTES / 1024
        ));
    }
    let empty = raw.iter().all(u8::is_ascii_whitespace);
    let Some(schema) = &op.body else {
        return Ok(serde_json::from_slice(raw).ok());
    };
    if empty {
        return if schema.required {
            Err("the request body (JSON) is required but missing".into())
        } else {
            Ok(None)
        };
    }
    let value: Value =
        serde_json::from_slice(raw).map_err(|e| format!("the request body is not JSON ({e})"))?;
    if let Some(error) = schema.validator.iter_errors(&value).next() {
        let at = error.instance_path().to_string();
        let at = if at.is_empty() {
            String::new()
        } else {
            format!(" at {at}")
        };
        return Err(format!("request body{at}: {}", error.masked()));
    }
    Ok(Some(value))
}

/// Applies a request to an `x-resource` collection; for a listing, its items (paged
/// afterwards, when the operation pages).
fn apply_resource(
    shared: &Shared,
    op: &Operation,
    resource: &ResourceOp,
    captures: &[(String, String)],
    body: Option<&Value>,
    answer: &mut Value,
) -> Result<Option<Vec<Value>>, Refusal> {
    let name = resource.name.as_str();
    let id_field = resource.id_field.as_str();
    let item_of_body = || match (&resource.body, body) {
        (Some(field), Some(body)) => body.get(field).cloned(),
        (None, body) => body.cloned(),
        (Some(_), None) => None,
    };
    let id = resource
        .id_param
        .as_deref()
        .and_then(|p| Operation::captured(captures, p))
        .unwrap_or_default();
    let not_found = || match op.errors.get(&404) {
        Some(body) => Refusal::Answer(Answer::json(404, body.clone())),
        None => Refusal::BadRequest(format!("{name} holds no item whose {id_field} is {id:?}")),
    };
    let mut resources = shared.resources();
    match resource.action {
        Action::Create => {
            let item = item_of_body().unwrap_or_else(|| Value::Object(Map::new()));
            let stored = resources.create(name, id_field, item);
            place_created(answer, resource, stored);
        }
        Action::Get => {
            let item = resources.get(name, id_field, id).ok_or_else(not_found)?;
            *data_at_mut(answer, resource.data.as_deref()) = item.clone();
        }
        Action::List => {
            let items = resources.list(name).to_vec();
            if op.pagination.is_some() {
                return Ok(Some(items));
            }
            *data_at_mut(answer, items_field(op, resource)) = Value::Array(items);
        }
        Action::Patch => {
            let changes = item_of_body().unwrap_or(Value::Null);
            if !resources.patch(name, id_field, id, &changes) {
                return Err(not_found());
            }
        }
        Action::Delete => {
            if !resources.delete(name, id_field, id) {
                return Err(not_found());
            }
        }
    }
    Ok(None)
}

/// Writes a created item into the answer: whole into `data[data]`, or, without `data`,
/// into the fields of the documented `data` it shares with the item when that holds the
/// id field (so the new id goes where the example puts it).
fn place_created(answer: &mut Value, resource: &ResourceOp, stored: Value) {
    if let Some(field) = &resource.data {
        *data_at_mut(answer, Some(field)) = stored;
        return;
    }
    let data = data_at_mut(answer, None);
    let (Some(data), Some(stored)) = (data.as_object_mut(), stored.as_object()) else {
        return;
    };
    if data.contains_key(&resource.id_field) {
        for (key, value) in data.iter_mut() {
            if let Some(stored) = stored.get(key) {
                *value = stored.clone();
            }
        }
    }
}

/// The answer of an `x-binary` operation: a PNG, of the content type its spec documents
/// (`application/octet-stream`), as an attachment named after the last path parameter (or
/// the last required query parameter: the key of the file).
fn binary(op: &Operation, captures: &[(String, String)], query: &Query) -> Answer {
    let last_query = op
        .params
        .iter()
        .rev()
        .filter(|p| p.location == Location::Query && p.required)
        .find_map(|p| query.last(&p.name));
    let stem = captures
        .last()
        .map(|(_, v)| v.as_str())
        .or(last_query)
        .unwrap_or(op.id.as_str());
    let mut name: String = stem
        .chars()
        .take(64)
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !name.ends_with(".png") {
        name.push_str(".png");
    }
    Answer::bytes(
        PNG.to_vec(),
        op.binary_type,
        vec![(
            "Content-Disposition",
            format!("attachment; filename=\"{name}\""),
        )],
    )
}

#[cfg(test)]
mod tests {
    use super::PNG;
    use crate::images::crc32;

    #[test]
    fn the_png_is_a_valid_one() {
        assert_eq!(&PNG[..8], b"\x89PNG\r\n\x1a\n");
        let mut rest = &PNG[8..];
        let mut kinds = Vec::new();
        while !rest.is_empty() {
            let len = u32::from_be_bytes(rest[..4].try_into().unwrap()) as usize;
            let (kind_and_data, after) = rest[4..].split_at(4 + len);
            let crc = u32::from_be_bytes(after[..4].try_into().unwrap());
            assert_eq!(crc32(kind_and_data), crc);
            kinds.push(String::from_utf8(kind_and_data[..4].to_vec()).unwrap());
            rest = &after[4..];
        }
        assert_eq!(kinds, ["IHDR", "IDAT", "IEND"]);
    }
}
