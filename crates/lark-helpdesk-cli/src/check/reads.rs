//! The reads: every GET of the spec, in the order [`super::sources`] derives, each
//! listing walked by its `x-pagination` style with that style's arithmetic checked.

use lark_helpdesk_api::{Location, Operation, Pagination};
use serde_json::Value;

use super::sources::{self, Filled, Source};
use super::{Checker, PAGE_SIZE};
use crate::contract::{self, Issue, PageFacts, Severity, TokenPageFacts};

/// What a walk of a listing's pages brought.
pub(super) struct Walk {
    /// The items of every page answered, in order.
    pub items: Vec<Value>,
    /// Whether it reached the last page (not stopped by a failure or the page limit).
    pub complete: bool,
}

impl Checker<'_> {
    /// Calls every read of the spec, listings first (see [`sources`]).
    pub(super) async fn reads(&mut self) {
        let mut pending = sources::reads();
        loop {
            let round = sources::next_round(self.spec, &self.seen, &pending);
            if round.is_empty() {
                return;
            }
            pending.retain(|op| !round.contains(op));
            for op in round {
                self.read(op).await;
            }
        }
    }

    /// Calls one read: every page of a listing, up to `--pages`.
    async fn read(&mut self, op: &'static Operation) {
        let token = match self.token_for(op) {
            Ok(token) => token,
            Err(why) => {
                self.skip(op.id, &why);
                self.seen.called(op.id, &[]);
                return;
            }
        };
        let filled = match self.seen.fill(self.spec, op) {
            Ok(filled) => filled,
            Err(why) => {
                self.skip(op.id, &why);
                self.seen.called(op.id, &[]);
                return;
            }
        };
        self.seen.called(op.id, &filled);
        let label = label(&filled);
        let first = self.exchanges.len();
        // The note on the examples goes on the first request, with what it was sent.
        let from_examples = from_examples(&filled);
        if op.pagination.is_some() {
            let size = op
                .pagination
                .map_or(PAGE_SIZE, |p| p.size().1.min(PAGE_SIZE));
            self.walk(op, &token, &filled, &label, self.pages, size)
                .await;
        } else {
            self.get(op, &token, filled, label).await;
        }
        if let Some(note) = from_examples
            && let Some(e) = self.exchanges.get_mut(first)
        {
            e.note = Some(match e.note.take() {
                Some(before) => format!("{before}; {note}"),
                None => note,
            });
        }
    }

    /// Calls a read that does not page; a download of a listed image that the platform
    /// reports deleted is called again with the listing's next image (see [`sources`]).
    async fn get(
        &mut self,
        op: &'static Operation,
        token: &str,
        filled: Vec<Filled>,
        label: String,
    ) {
        let mut filled = filled;
        let mut label = label;
        for tried in 1.. {
            let request = self.request(op, token, &filled, &[]);
            let body = self.send(op.id, label, request).await;
            let Some(body) = body else {
                return;
            };
            if body["code"] == 0 {
                let declared = sources::resource(self.spec, op.id).map(|r| r.id_field);
                let items = items_of(self.spec, op, &body);
                self.seen.record(op.id, declared.as_deref(), &items);
                let issues = identity(self.spec, op, &filled, &body);
                self.issues_last(issues);
                return;
            }
            let status = self.exchanges.last().and_then(|e| e.status).unwrap_or(0);
            if !sources::image_deleted(self.spec, op, status, &body) {
                return;
            }
            let listing = sources::image_listing(op).unwrap_or_default();
            let code = id_text(&body["code"]);
            if !self.seen.next_image(op) {
                let all = if tried == 1 {
                    format!("the only image of {listing} tried")
                } else {
                    format!("so were all {tried} images of {listing} tried")
                };
                self.documented_last(&format!(
                    "image deleted (code {code}); {all}: its documented answer checked instead"
                ));
                return;
            }
            self.documented_last(&format!(
                "image deleted (code {code}): the next image of {listing} is tried"
            ));
            filled = match self.seen.fill(self.spec, op) {
                Ok(filled) => filled,
                Err(why) => {
                    self.skip(op.id, &why);
                    return;
                }
            };
            self.seen.called(op.id, &filled);
            label = self::label(&filled);
        }
    }

    /// Walks the pages of listing `op` (`size` items a page, at most `pages` pages),
    /// checking each answer and, at the end, the walk's arithmetic; keeps what the items
    /// identify for later reads.
    pub(super) async fn walk(
        &mut self,
        op: &'static Operation,
        token: &str,
        filled: &[Filled],
        label: &str,
        pages: u64,
        size: u64,
    ) -> Walk {
        let Some(pagination) = op.pagination else {
            return Walk {
                items: Vec::new(),
                complete: false,
            };
        };
        let items_field = pagination.items();
        let item_id = pagination.item_id();
        let declared = sources::resource(self.spec, op.id)
            .map(|r| r.id_field)
            .or_else(|| (!item_id.is_empty()).then(|| item_id.to_owned()));
        let mut walk = Walk {
            items: Vec::new(),
            complete: false,
        };
        let mut numbered: Vec<PageFacts> = Vec::new();
        let mut tokened: Vec<TokenPageFacts> = Vec::new();
        let mut next: Option<String> = None;
        for page in 1..=pages {
            let mut query = vec![(pagination.size().0, size.to_string())];
            match pagination {
                Pagination::Page { page_param, .. } => query.push((page_param, page.to_string())),
                Pagination::Token { token_param, .. } => {
                    if let Some(token) = &next {
                        query.push((token_param, token.clone()));
                    }
                }
            }
            let request = self.request(op, token, filled, &query);
            let page_label = if label.is_empty() {
                format!("page {page}")
            } else {
                format!("{label} page {page}")
            };
            let Some(body) = self.send(op.id, page_label, request).await else {
                break;
            };
            if body["code"] != 0 {
                break;
            }
            let data = &body["data"];
            let items: Vec<Value> = data[items_field].as_array().cloned().unwrap_or_default();
            let ids: Vec<String> = items.iter().map(|item| id_text(&item[item_id])).collect();
            self.seen.record(op.id, declared.as_deref(), &items);
            walk.items.extend(items);
            let last = match pagination {
                Pagination::Page { total, .. } => {
                    let facts = PageFacts {
                        page,
                        page_size: size,
                        total: data[total].as_i64(),
                        ids,
                    };
                    let last = is_last(&facts);
                    numbered.push(facts);
                    last
                }
                Pagination::Token {
                    next_token,
                    has_more,
                    ..
                } => {
                    let facts = TokenPageFacts {
                        page,
                        page_size: size,
                        sent_token: next.take(),
                        has_more: data[has_more].as_bool(),
                        next_token: data[next_token].as_str().map(str::to_owned),
                        ids,
                    };
                    let last = !facts.leads_on(&tokened);
                    next = facts.next_token.clone();
                    tokened.push(facts);
                    last
                }
            };
            if last {
                walk.complete = true;
                break;
            }
        }
        let at = format!("$.data.{items_field}");
        let issues = match pagination {
            Pagination::Page { .. } => contract::check_pages(&numbered, &at),
            Pagination::Token {
                next_token,
                has_more,
                ..
            } => contract::check_token_pages(&tokened, &at, has_more, next_token),
        };
        self.arithmetic(op.id, issues);
        walk
    }
}

/// Whether a page is the last of a walk by page number.
fn is_last(facts: &PageFacts) -> bool {
    (facts.ids.len() as u64) < facts.page_size
        || facts.total.is_some_and(|t| {
            facts.page.saturating_mul(facts.page_size) >= u64::try_from(t).unwrap_or(0)
        })
}

/// An id as text ("" when there is none).
pub(super) fn id_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

/// Which request of an operation: its parameters, `ticket 6948...` for `ticket_id`,
/// `query=wifi` for a parameter that identifies nothing.
pub(super) fn label(filled: &[Filled]) -> String {
    filled
        .iter()
        .map(|f| {
            let values = f.values.join(",");
            if sources::identifying(f.param) {
                format!("{} {values}", noun(f.param.name))
            } else {
                format!("{}={values}", f.param.name)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a parameter names, for people: `ticket` of `ticket_id`, `image key` of
/// `image_key`.
pub(super) fn noun(name: &str) -> String {
    name.strip_suffix("_id").unwrap_or(name).replace('_', " ")
}

/// A note naming the parameters that took the spec's example.
fn from_examples(filled: &[Filled]) -> Option<String> {
    let names: Vec<&str> = filled
        .iter()
        .filter(|f| f.source == Source::Example && sources::identifying(f.param))
        .map(|f| f.param.name)
        .collect();
    if names.is_empty() {
        return None;
    }
    let ticket = if names.contains(&"ticket_id") {
        " (--ticket ID names a ticket of yours)"
    } else {
        ""
    };
    Some(format!(
        "{} from the spec's example{}, none having been listed{ticket}",
        names.join(", "),
        if names.len() > 1 { "s" } else { "" }
    ))
}

/// The items a read that does not page answered: its collection's (`x-resource`), else,
/// for a read of no path parameter, those of every list of objects in its `data`.
fn items_of(spec: &lark_helpdesk_api::spec::Spec, op: &Operation, body: &Value) -> Vec<Value> {
    let data = &body["data"];
    if let Some(r) = sources::resource(spec, op.id).filter(|r| r.action == "list") {
        let items = r.data.as_deref().map_or(data, |field| &data[field]);
        return items.as_array().cloned().unwrap_or_default();
    }
    if op.parameters.iter().any(|p| p.location == Location::Path) {
        return Vec::new();
    }
    data.as_object()
        .into_iter()
        .flat_map(|d| d.values())
        .filter_map(Value::as_array)
        .flat_map(|items| items.iter().filter(|i| i.is_object()).cloned())
        .collect()
}

/// The answer of a get by id names another item than asked for: a failure at the field.
/// The field is the `x-resource`'s `id_field` for its `id_param`, else the parameter's
/// own name (`ticket_id`), looked for in `data` and in the objects of its fields.
pub(super) fn identity(
    spec: &lark_helpdesk_api::spec::Spec,
    op: &Operation,
    filled: &[Filled],
    body: &Value,
) -> Vec<Issue> {
    let resource = sources::resource(spec, op.id);
    let mut out = Vec::new();
    for f in filled.iter().filter(|f| f.param.location == Location::Path) {
        let field = match &resource {
            Some(r) if r.id_param.as_deref() == Some(f.param.name) => r.id_field.clone(),
            _ if f.param.name == "id" => continue,
            _ => f.param.name.to_owned(),
        };
        let Some(asked) = f.values.first() else {
            continue;
        };
        let data = &body["data"];
        let mut places = vec![("$.data".to_owned(), data)];
        if let Some(fields) = data.as_object() {
            places.extend(
                fields
                    .iter()
                    .filter(|(_, v)| v.is_object())
                    .map(|(k, v)| (format!("$.data.{k}"), v)),
            );
        }
        for (at, place) in places {
            let Some(got) = place.get(&field).filter(|v| !v.is_null()) else {
                continue;
            };
            if id_text(got) != *asked {
                out.push(Issue {
                    severity: Severity::Failure,
                    path: format!("{at}.{field}"),
                    message: format!(
                        "another {} than {asked} came back",
                        if f.param.name == "id" {
                            "item".to_owned()
                        } else {
                            noun(f.param.name)
                        }
                    ),
                });
            }
        }
    }
    out
}
