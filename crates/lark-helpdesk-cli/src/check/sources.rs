//! Where `check` takes each parameter's value from, and so in which order it calls the
//! reads: all read off the spec, nothing written per operation.
//!
//! An identifying parameter (a path parameter, or a required query parameter named `id`,
//! `..._id` or `..._key`) takes, in this order:
//!
//! 1. `--ticket` for `ticket_id`;
//! 2. for a download whose `x-export` names the listing its files come from (`of`), once
//!    that listing was called: the parameters the first image its items name gives
//!    (`lark_helpdesk::item_images`: a message's `msg_id` and, in rich text, `index`; an
//!    FAQ's `id` and `image_key`), the optional ones sent too, and the value the listing
//!    was called with for one of its own parameters (a message listing's `ticket_id`);
//!    when no item names an image, the rules below;
//! 3. the value another read whose path is a prefix of this one's was called with
//!    (`/faqs/{id}/image/{image_key}` takes the `id` of `/faqs/{id}`);
//! 4. for the `id_param` of an `x-resource` operation, the `id_field` of an item its
//!    collection's listing answered;
//! 5. the field of the items of the read that its description names in backticks
//!    ("`id` of a message of `list_ticket_messages`");
//! 6. the field of that name of an item any listing answered (the listing whose items it
//!    identifies, `x-pagination`'s `item_id`, first);
//! 7. the spec's example.
//!
//! A read waits while a source of 2 to 5 has not been called, and runs once each of its
//! identifying parameters has a value of 1 to 6; when none can run so, the first that
//! waits for no other read runs with the spec's examples. Listings come first that way,
//! then the gets of what they listed, then the reads of what those answered.
//!
//! A download of a listed image that the platform answers with the documented
//! `ImageDeleted` refusal (HTTP 401, the code of its example, 154404) is no failure: the
//! image is gone, not the API wrong. `check` then downloads the listing's next image, up
//! to [`IMAGE_TRIES`] images in all, and when every one it tried was deleted, reports the
//! last refusal as the documented answer it is, checked against the spec.

use std::collections::{HashMap, HashSet};

use lark_helpdesk::{ItemImage, item_images, ops};
use lark_helpdesk_api::spec::Spec;
use lark_helpdesk_api::{Location, Method, Operation, Parameter};
use serde_json::Value;

/// How many of a listing's images `check` downloads at most, looking for one not deleted.
pub(super) const IMAGE_TRIES: usize = 3;

/// The response the spec documents for an image deleted on the platform: a download of
/// a listed image answered so is retried with the next one.
const IMAGE_DELETED: &str = "#/components/responses/ImageDeleted";

/// An operation's `x-resource`: the collection it acts on and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Resource {
    /// The collection's name (`faqs`).
    pub name: String,
    /// `create`, `get`, `list`, `patch` or `delete`.
    pub action: String,
    /// The path parameter naming the item (get, patch, delete).
    pub id_param: Option<String>,
    /// The field of an item holding its id.
    pub id_field: String,
    /// The field of the request body holding the item (absent: the body is the item).
    pub body: Option<String>,
    /// The field of `data` holding the item or items (absent: `data` itself, or the
    /// pagination's items).
    pub data: Option<String>,
}

/// The operation object of `id` in `spec`.
pub(super) fn operation_object<'s>(spec: &'s Spec, id: &str) -> Option<&'s Value> {
    spec.operations()
        .find(|(op, ..)| *op == id)
        .map(|(.., object)| object)
}

/// The `x-resource` of operation `id`, if it has one.
pub(super) fn resource(spec: &Spec, id: &str) -> Option<Resource> {
    let r = operation_object(spec, id)?.get("x-resource")?;
    let text = |field: &str| r.get(field).and_then(Value::as_str).map(str::to_owned);
    Some(Resource {
        name: text("name")?,
        action: text("action")?,
        id_param: text("id_param"),
        id_field: text("id_field")?,
        body: text("body"),
        data: text("data"),
    })
}

/// Whether a parameter identifies something another answer may have named: a path
/// parameter, or a query parameter named `id`, `..._id` or `..._key`.
pub(super) fn identifying(param: &Parameter) -> bool {
    param.location == Location::Path || id_like(param.name)
}

/// Whether a field or parameter name names an id or a key.
pub(super) fn id_like(name: &str) -> bool {
    name == "id" || name.ends_with("_id") || name.ends_with("_key")
}

/// The parameters `check` sends: the path parameters and the required query parameters
/// (optional ones filter, and a filter chosen from an example would select nothing of a
/// real helpdesk), but the pagination's, which the page walk sets.
pub(super) fn sent_parameters(op: &Operation) -> impl Iterator<Item = &'static Parameter> + '_ {
    let paging: Vec<&str> = match op.pagination {
        Some(lark_helpdesk_api::Pagination::Page {
            page_param,
            size_param,
            ..
        }) => vec![page_param, size_param],
        Some(lark_helpdesk_api::Pagination::Token {
            token_param,
            size_param,
            ..
        }) => vec![token_param, size_param],
        None => Vec::new(),
    };
    op.parameters
        .iter()
        .filter(move |p| p.location == Location::Path || (p.required && !paging.contains(&p.name)))
}

/// Where a parameter's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Source {
    /// `--ticket`.
    Flag,
    /// The value the read of a shorter path was called with.
    Inherited(&'static str),
    /// A field of an item this read answered.
    Listed {
        /// The read.
        op: &'static str,
        /// The item's field.
        field: String,
    },
    /// The spec's example.
    Example,
    /// The item `--write` created.
    Created,
    /// An image an item of this listing names (the download's `x-export` `of`).
    Image {
        /// The listing.
        listing: &'static str,
        /// The image's key.
        key: String,
    },
}

/// A parameter's value(s) (several for an array) and where they came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Filled {
    /// The parameter.
    pub param: &'static Parameter,
    /// Its values, each sent (an array repeats the key).
    pub values: Vec<String>,
    /// Where they came from.
    pub source: Source,
}

/// What [`Seen::resolve`] found for a parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Resolution {
    /// A value seen (or given).
    Found(String, Source),
    /// Its source is a read not called yet.
    Wait,
    /// Nothing seen: the spec's example, if any.
    Missing,
}

/// One value of an item of a listing.
#[derive(Debug, Clone)]
struct SeenValue {
    op: &'static str,
    field: String,
    value: String,
}

/// What the reads have answered so far, as far as later parameters go.
#[derive(Debug, Default)]
pub(super) struct Seen {
    values: Vec<SeenValue>,
    called: HashSet<&'static str>,
    /// The value each read was called with, by operation and parameter.
    chosen: HashMap<(&'static str, &'static str), String>,
    /// `--ticket`.
    ticket: Option<String>,
    /// Every item of the listings whose items name a download's files (`x-export`'s
    /// `of`), in the order answered: their images are found in the whole item.
    items: HashMap<&'static str, Vec<Value>>,
    /// For a download of a listing's images, which of them (from 0) it takes now: the
    /// next after one the platform reported deleted.
    image_tried: HashMap<&'static str, usize>,
}

impl Seen {
    /// Nothing seen yet; `ticket` (`--ticket`) for every `ticket_id`.
    pub fn with_ticket(ticket: Option<String>) -> Seen {
        Seen {
            ticket,
            ..Seen::default()
        }
    }

    /// Notes that `op` was called (or skipped: either way, nothing more will come of it),
    /// with these parameters.
    pub fn called(&mut self, op: &'static str, filled: &[Filled]) {
        self.called.insert(op);
        for f in filled {
            if let Some(v) = f.values.first() {
                self.chosen.insert((op, f.param.name), v.clone());
            }
        }
    }

    /// Whether `op` has been called.
    pub fn was_called(&self, op: &str) -> bool {
        self.called.contains(op)
    }

    /// Keeps what identifies each of `items` (a listing's items, answered by `op`): its
    /// fields named `id`, `..._id` or `..._key`, `<field>_id` for an object field with an
    /// `id` (`agent: {id}` gives `agent_id`), and `declared` (the listing's `item_id` or
    /// `id_field`) from `id` when the item lacks it.
    ///
    /// The items of a listing some download's files come from are kept whole.
    pub fn record(&mut self, op: &'static str, declared: Option<&str>, items: &[Value]) {
        if reads().iter().any(|r| image_listing(r) == Some(op)) {
            self.items
                .entry(op)
                .or_default()
                .extend(items.iter().cloned());
        }
        for item in items {
            let Some(fields) = item.as_object() else {
                continue;
            };
            let mut keep = |field: String, value: &Value| {
                if let Some(value) = scalar(value) {
                    self.values.push(SeenValue { op, field, value });
                }
            };
            for (name, value) in fields {
                if id_like(name) {
                    keep(name.clone(), value);
                } else if let Some(id) = value.get("id")
                    && !fields.contains_key(&format!("{name}_id"))
                {
                    keep(format!("{name}_id"), id);
                }
            }
            if let Some(declared) = declared.filter(|d| !fields.contains_key(*d))
                && let Some(id) = fields.get("id")
            {
                keep(declared.to_owned(), id);
            }
        }
    }

    /// The images the items of `op`'s listing name (`op` a download whose `x-export` has
    /// `of`), in the order listed; empty for another operation or before the listing.
    pub fn images(&self, op: &Operation) -> Vec<ItemImage> {
        let Some(items) = image_listing(op).and_then(|listing| self.items.get(listing)) else {
            return Vec::new();
        };
        items
            .iter()
            .flat_map(|item| item_images(op, item))
            .collect()
    }

    /// The image `op` downloads now: the first its listing names, or the one after those
    /// the platform reported deleted.
    pub fn image(&self, op: &Operation) -> Option<ItemImage> {
        let tried = self.image_tried.get(op.id).copied().unwrap_or(0);
        self.images(op).into_iter().nth(tried)
    }

    /// Moves `op` on to the next image of its listing, after the platform reported the
    /// current one deleted; `false` when there is none, or [`IMAGE_TRIES`] were tried.
    pub fn next_image(&mut self, op: &'static Operation) -> bool {
        let next = self.image_tried.get(op.id).copied().unwrap_or(0) + 1;
        if next >= IMAGE_TRIES || next >= self.images(op).len() {
            return false;
        }
        self.image_tried.insert(op.id, next);
        true
    }

    /// The first value of `field` that `op` answered.
    fn first_of(&self, op: &str, field: &str) -> Option<&SeenValue> {
        self.values.iter().find(|v| v.op == op && v.field == field)
    }

    /// Where the value of `param` (an identifying parameter of `op`) comes from, as far
    /// as the reads called so far tell (see the module's documentation).
    pub fn resolve(&self, spec: &Spec, op: &'static Operation, param: &Parameter) -> Resolution {
        let name = param.name;
        if name == "ticket_id"
            && let Some(ticket) = &self.ticket
        {
            return Resolution::Found(ticket.clone(), Source::Flag);
        }
        if let Some(listing) = image_listing(op) {
            if !self.was_called(listing) {
                return Resolution::Wait;
            }
            if let Some(image) = self.image(op) {
                if let Some((_, value)) = image.params.iter().find(|(n, _)| *n == name) {
                    return Resolution::Found(
                        value.clone(),
                        Source::Image {
                            listing,
                            key: image.key,
                        },
                    );
                }
                if let Some(value) = self.chosen.get(&(listing, name)) {
                    return Resolution::Found(value.clone(), Source::Inherited(listing));
                }
            }
        }
        if param.location == Location::Path
            && let Some(shorter) = shorter_read(op, name)
        {
            if !self.was_called(shorter.id) {
                return Resolution::Wait;
            }
            return match self.chosen.get(&(shorter.id, name)) {
                Some(v) => Resolution::Found(v.clone(), Source::Inherited(shorter.id)),
                // Not called (no token, no value): resolved as it would have been.
                None => match self.resolve(spec, shorter, param) {
                    Resolution::Found(v, _) => Resolution::Found(v, Source::Inherited(shorter.id)),
                    other => other,
                },
            };
        }
        if let Some(r) = resource(spec, op.id).filter(|r| r.id_param.as_deref() == Some(name)) {
            let Some(list) = collection_op(spec, &r.name, "list") else {
                return Resolution::Missing;
            };
            if !self.was_called(list.id) {
                return Resolution::Wait;
            }
            return match self.first_of(list.id, &r.id_field) {
                Some(v) => Resolution::Found(
                    v.value.clone(),
                    Source::Listed {
                        op: list.id,
                        field: r.id_field.clone(),
                    },
                ),
                None => Resolution::Missing,
            };
        }
        if let Some((read, field)) = named_in_description(param) {
            if !self.was_called(read) {
                return Resolution::Wait;
            }
            return match self.first_of(read, &field) {
                Some(v) => Resolution::Found(v.value.clone(), Source::Listed { op: read, field }),
                None => Resolution::Missing,
            };
        }
        if name == "id" {
            return Resolution::Missing;
        }
        let identifies = |v: &&SeenValue| {
            ops::ALL
                .iter()
                .any(|o| o.id == v.op && o.pagination.is_some_and(|p| p.item_id() == name))
        };
        let of_name = || self.values.iter().filter(|v| v.field == name);
        match of_name().find(identifies).or_else(|| of_name().next()) {
            Some(v) => Resolution::Found(
                v.value.clone(),
                Source::Listed {
                    op: v.op,
                    field: name.to_owned(),
                },
            ),
            None => Resolution::Missing,
        }
    }

    /// The value of a field named `name` that any listing answered (for a field of a
    /// request body), and the listing.
    pub fn any_of(&self, name: &str) -> Option<(&'static str, &str)> {
        self.values
            .iter()
            .find(|v| v.field == name)
            .map(|v| (v.op, v.value.as_str()))
    }

    /// Whether `op` can be called now: each identifying parameter it sends has a value.
    pub fn ready(&self, spec: &Spec, op: &'static Operation) -> bool {
        sent_parameters(op)
            .filter(|p| identifying(p))
            .all(|p| matches!(self.resolve(spec, op, p), Resolution::Found(..)))
    }

    /// Whether `op` waits for a read not called yet.
    pub fn waits(&self, spec: &Spec, op: &'static Operation) -> bool {
        sent_parameters(op)
            .filter(|p| identifying(p))
            .any(|p| self.resolve(spec, op, p) == Resolution::Wait)
    }

    /// The values of the parameters `op` sends; `Err` names one that has none (not seen,
    /// and the spec gives no example).
    pub fn fill(&self, spec: &Spec, op: &'static Operation) -> Result<Vec<Filled>, String> {
        self.fill_given(spec, op, "")
    }

    /// [`Seen::fill`] but for the parameter named `given`, whose value the caller has.
    pub fn fill_given(
        &self,
        spec: &Spec,
        op: &'static Operation,
        given: &str,
    ) -> Result<Vec<Filled>, String> {
        let mut filled = sent_parameters(op)
            .filter(|param| param.name != given)
            .map(|param| {
                let found = if identifying(param) {
                    self.resolve(spec, op, param)
                } else {
                    Resolution::Missing
                };
                if let Resolution::Found(value, source) = found {
                    return Ok(Filled {
                        param,
                        values: vec![value],
                        source,
                    });
                }
                let values = spec
                    .parameter_example(op.id, param.name)
                    .map(texts)
                    .unwrap_or_default();
                if values.is_empty() {
                    return Err(format!(
                        "no value for {}: none was listed, and the spec gives no example",
                        param.name
                    ));
                }
                Ok(Filled {
                    param,
                    values,
                    source: Source::Example,
                })
            })
            .collect::<Result<Vec<Filled>, String>>()?;
        // The image's parameters that are optional for other items (a rich-text
        // message's `index`) are sent too: the download needs them for this one.
        if let (Some(listing), Some(image)) = (image_listing(op), self.image(op)) {
            for (name, value) in &image.params {
                if *name == given || filled.iter().any(|f| f.param.name == *name) {
                    continue;
                }
                if let Some(param) = op.parameters.iter().find(|p| p.name == *name) {
                    filled.push(Filled {
                        param,
                        values: vec![value.clone()],
                        source: Source::Image {
                            listing,
                            key: image.key.clone(),
                        },
                    });
                }
            }
        }
        Ok(filled)
    }
}

/// Whether `answer` (HTTP `status`) of `op`, a download of a listed image, is the spec's
/// `ImageDeleted` refusal with the code of its example: that image is gone.
pub(super) fn image_deleted(spec: &Spec, op: &Operation, status: u16, answer: &Value) -> bool {
    if image_listing(op).is_none() {
        return false;
    }
    let documented = operation_object(spec, op.id)
        .and_then(|o| o["responses"].get(status.to_string()))
        .and_then(|r| r.get("$ref"))
        .and_then(Value::as_str);
    documented == Some(IMAGE_DELETED)
        && spec
            .example(op.id, status)
            .is_some_and(|example| example["code"].is_i64() && example["code"] == answer["code"])
}

/// The listing whose items name the files `op` downloads: its `x-export`'s `of`, for a
/// download (`x-binary`).
pub(super) fn image_listing(op: &Operation) -> Option<&'static str> {
    op.export.and_then(|e| e.of).filter(|_| op.binary)
}

/// The order of the reads: which of `pending` to call next, each round (see the module's
/// documentation); empty when none is pending.
pub(super) fn next_round(
    spec: &Spec,
    seen: &Seen,
    pending: &[&'static Operation],
) -> Vec<&'static Operation> {
    let ready: Vec<&'static Operation> = pending
        .iter()
        .copied()
        .filter(|op| seen.ready(spec, op))
        .collect();
    if !ready.is_empty() {
        return ready;
    }
    pending
        .iter()
        .copied()
        .find(|op| !seen.waits(spec, op))
        .or_else(|| pending.first().copied())
        .into_iter()
        .collect()
}

/// The reads of the spec (its GETs), in the spec's order.
pub(super) fn reads() -> Vec<&'static Operation> {
    ops::ALL
        .iter()
        .copied()
        .filter(|op| op.method == Method::Get && !op.tokens.is_empty())
        .collect()
}

/// The read whose path is the part of `op`'s up to and including `{name}`, if any.
fn shorter_read(op: &Operation, name: &str) -> Option<&'static Operation> {
    let segment = format!("{{{name}}}");
    let end = op.path.find(&segment)? + segment.len();
    let prefix = &op.path[..end];
    if prefix.len() == op.path.len() {
        return None;
    }
    reads().into_iter().find(|o| o.path == prefix)
}

/// The operation acting as `action` on the collection `name`.
pub(super) fn collection_op(spec: &Spec, name: &str, action: &str) -> Option<&'static Operation> {
    ops::ALL
        .iter()
        .copied()
        .find(|op| resource(spec, op.id).is_some_and(|r| r.name == name && r.action == action))
}

/// The read and the field a parameter's description names in backticks ("`id` of a
/// message of `list_ticket_messages`"): a read of the spec, and another word.
fn named_in_description(param: &Parameter) -> Option<(&'static str, String)> {
    let quoted: Vec<&str> = param.description.split('`').skip(1).step_by(2).collect();
    let read = quoted
        .iter()
        .find_map(|q| reads().into_iter().find(|op| op.id == *q))?;
    let field = quoted
        .iter()
        .find(|q| **q != read.id && q.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))?;
    Some((read.id, (*field).to_owned()))
}

/// A string or a number as text.
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// An example's values as sent: each item of an array, a string as is, a number or a
/// boolean written out.
fn texts(example: &Value) -> Vec<String> {
    match example {
        Value::Array(items) => items.iter().flat_map(texts).collect(),
        Value::String(s) => vec![s.clone()],
        Value::Number(n) => vec![n.to_string()],
        Value::Bool(b) => vec![b.to_string()],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn op(id: &str) -> &'static Operation {
        lark_helpdesk_api::find(id).unwrap()
    }

    fn spec() -> &'static Spec {
        Spec::embedded()
    }

    /// The reads in the order `check` calls them when every listing answers `items`.
    fn order(seen: &mut Seen, items: impl Fn(&str) -> Vec<Value>) -> Vec<Vec<&'static str>> {
        let mut pending = reads();
        let mut rounds = Vec::new();
        loop {
            let round = next_round(spec(), seen, &pending);
            if round.is_empty() {
                return rounds;
            }
            for op in &round {
                let filled = seen.fill(spec(), op).unwrap();
                seen.called(op.id, &filled);
                let declared = op
                    .pagination
                    .map(|p| p.item_id().to_owned())
                    .or_else(|| resource(spec(), op.id).map(|r| r.id_field));
                seen.record(op.id, declared.as_deref(), &items(op.id));
            }
            pending.retain(|p| !round.contains(p));
            rounds.push(round.iter().map(|op| op.id).collect());
        }
    }

    #[test]
    fn listings_come_first_then_what_they_listed_then_the_rest() {
        let mut seen = Seen::default();
        let rounds = order(&mut seen, |op| match op {
            "list_tickets" => vec![json!({"ticket_id": "t1", "guest": {"id": "ou_g"}})],
            "list_ticket_messages" => vec![json!({"id": "m1", "message_id": "om_1"})],
            "list_faqs" => vec![json!({"faq_id": "f1", "id": "f1"})],
            "list_agent_skills" => vec![json!({"id": "s1"})],
            "list_agent_schedules" => vec![json!({"agent": {"id": "ou_a"}})],
            _ => Vec::new(),
        });
        let every: HashSet<&str> = rounds.iter().flatten().copied().collect();
        assert_eq!(every.len(), reads().len(), "every read once: {rounds:?}");
        let round_of = |id: &str| rounds.iter().position(|r| r.contains(&id)).unwrap();
        for listing in [
            "list_tickets",
            "list_faqs",
            "list_categories",
            "search_faqs",
        ] {
            assert_eq!(round_of(listing), 0, "{rounds:?}");
        }
        assert_eq!(round_of("get_ticket"), 1);
        assert_eq!(round_of("get_faq"), 1);
        assert_eq!(round_of("get_agent_skill"), 1);
        assert_eq!(round_of("list_ticket_messages"), 2, "after get_ticket");
        assert_eq!(round_of("get_ticket_image"), 3, "after the messages");
        // Nothing lists image keys: after get_faq, once nothing else can run.
        assert!(round_of("get_faq_image") > 3, "{rounds:?}");
        // Nothing lists notifications: called last, with the example.
        assert_eq!(rounds.last().unwrap(), &["get_notification"]);

        let filled = |id| seen.fill(spec(), op(id)).unwrap();
        let values = |id| -> Vec<(&str, String, Source)> {
            filled(id)
                .into_iter()
                .map(|f| (f.param.name, f.values.join(","), f.source))
                .collect()
        };
        let listed = |op: &'static str, field: &str| Source::Listed {
            op,
            field: field.into(),
        };
        assert_eq!(
            values("get_ticket_image"),
            [
                (
                    "ticket_id",
                    "t1".into(),
                    listed("list_tickets", "ticket_id")
                ),
                ("msg_id", "m1".into(), listed("list_ticket_messages", "id")),
            ]
        );
        assert_eq!(
            values("list_ticket_messages"),
            [("ticket_id", "t1".into(), Source::Inherited("get_ticket"))]
        );
        assert_eq!(
            values("get_faq_image"),
            [
                ("id", "f1".into(), Source::Inherited("get_faq")),
                (
                    "image_key",
                    "img_b07ffac0-19c1-48a3-afca-599f8ea825fj".into(),
                    Source::Example
                ),
            ]
        );
        // The items of agent skills carry `id`, the collection says `agent_skill_id`.
        assert_eq!(
            values("get_agent_skill"),
            [(
                "agent_skill_id",
                "s1".into(),
                listed("list_agent_skills", "agent_skill_id")
            )]
        );
        assert_eq!(
            values("get_agent_schedules"),
            [(
                "agent_id",
                "ou_a".into(),
                listed("list_agent_schedules", "agent_id")
            )]
        );
        assert_eq!(
            values("list_agent_schedules"),
            [("status", "1,2".into(), Source::Example)]
        );
        assert_eq!(
            values("get_notification"),
            [(
                "notification_id",
                "6981801914270744596".into(),
                Source::Example
            )]
        );
    }

    #[test]
    fn a_download_takes_the_first_image_its_listing_names_then_the_next() {
        let text = json!({"id": "m1", "message_type": "text",
            "content": r#"{"content":"hi","msg_type":"text"}"#});
        let post = json!({"id": "m2", "message_type": "post",
            "content": r#"{"content":{"title":"","content":[[{"tag":"img","image_key":"img_a"},{"tag":"img","image_key":"img_b"}]]},"msg_type":"post"}"#});
        let image = json!({"id": "m3", "message_type": "image",
            "content": r#"{"content":{"image_key":"img_c"},"msg_type":"image"}"#});
        let faq = json!({"faq_id": "f2", "answer_richtext": [{"type": "img", "key": "img_f"}]});
        let mut seen = Seen::default();
        let rounds = order(&mut seen, |op| match op {
            "list_tickets" => vec![json!({"ticket_id": "t1"})],
            "list_ticket_messages" => vec![text.clone(), post.clone(), image.clone()],
            "list_faqs" => vec![json!({"faq_id": "f1"}), faq.clone()],
            _ => Vec::new(),
        });
        let round_of = |id: &str| rounds.iter().position(|r| r.contains(&id)).unwrap();
        assert_eq!(
            round_of("get_ticket_image"),
            round_of("list_ticket_messages") + 1
        );
        // Once its listing answered, not after get_faq (whose FAQ has no image).
        assert_eq!(round_of("get_faq_image"), round_of("list_faqs") + 1);

        let values = |seen: &Seen, id| -> Vec<(&str, String, Source)> {
            seen.fill(spec(), op(id))
                .unwrap()
                .into_iter()
                .map(|f| (f.param.name, f.values.join(","), f.source))
                .collect()
        };
        let image_of = |listing, key: &str| Source::Image {
            listing,
            key: key.into(),
        };
        let messages = "list_ticket_messages";
        assert_eq!(
            values(&seen, "get_ticket_image"),
            [
                ("ticket_id", "t1".into(), Source::Inherited(messages)),
                ("msg_id", "m2".into(), image_of(messages, "img_a")),
                ("index", "0".into(), image_of(messages, "img_a")),
            ]
        );
        assert_eq!(
            values(&seen, "get_faq_image"),
            [
                ("id", "f2".into(), image_of("list_faqs", "img_f")),
                ("image_key", "img_f".into(), image_of("list_faqs", "img_f")),
            ]
        );

        // Deleted, deleted: the third image, an image message's, needs no index; then
        // no fourth is tried.
        let download = op("get_ticket_image");
        assert!(seen.next_image(download));
        assert_eq!(values(&seen, "get_ticket_image")[2].1, "1");
        assert!(seen.next_image(download));
        assert_eq!(
            values(&seen, "get_ticket_image")[1..],
            [("msg_id", "m3".into(), image_of(messages, "img_c"))]
        );
        assert!(!seen.next_image(download));
        assert!(
            !seen.next_image(op("get_faq_image")),
            "the FAQs name one image"
        );
    }

    #[test]
    fn only_the_documented_image_deleted_answer_counts_as_deleted() {
        let download = op("get_ticket_image");
        let deleted = spec().example(download.id, 401).unwrap();
        assert!(image_deleted(spec(), download, 401, &deleted));
        // The same response's other code is about the credentials.
        let refused = json!({"code": 154001, "msg": "check both headers"});
        assert!(!image_deleted(spec(), download, 401, &refused));
        assert!(!image_deleted(spec(), download, 404, &deleted));
        assert!(!image_deleted(spec(), op("get_faq_image"), 401, &deleted));
        assert!(!image_deleted(spec(), op("list_tickets"), 401, &deleted));
    }

    #[test]
    fn the_ticket_flag_names_every_ticket() {
        let mut seen = Seen::with_ticket(Some("t9".into()));
        let rounds = order(&mut seen, |op| match op {
            "list_tickets" => vec![json!({"ticket_id": "t1"})],
            _ => Vec::new(),
        });
        assert!(rounds[0].contains(&"get_ticket"), "{rounds:?}");
        let filled = seen.fill(spec(), op("get_ticket_image")).unwrap();
        assert_eq!(filled[0].values, ["t9"]);
        assert_eq!(filled[0].source, Source::Flag);
        // No message listed: the example's.
        assert_eq!(filled[1].source, Source::Example);
    }
}
