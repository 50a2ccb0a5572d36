//! `--write`: for each `x-resource` collection that has a create, a get and a delete, an
//! item created from the spec's request example (its text fields marked
//! `lark-helpdesk check <time>`), got, and deleted, each answer checked; the collection
//! listed before and after, so that whatever is left behind is named. No other write is
//! ever sent.

use lark_helpdesk_api::{Method, Operation};
use serde_json::Value;

use super::Checker;
use super::reads::{Walk, id_text, label};
use super::sources::{self, Filled, Resource, Source, id_like};
use crate::contract::{Issue, Severity};

/// The most pages of a collection's listing walked before and after the writes.
const INVENTORY_PAGES: u64 = 50;

/// The operations of one collection's cycle.
struct Cycle {
    name: String,
    create: &'static Operation,
    get: &'static Operation,
    delete: &'static Operation,
    list: Option<&'static Operation>,
    /// The create's `x-resource` (where the item goes in the body, where its id comes
    /// back).
    resource: Resource,
    /// The delete's parameter naming the item.
    delete_param: String,
}

impl Checker<'_> {
    /// Runs the cycle of every collection that has one; says of the others why not.
    pub(super) async fn writes(&mut self) {
        let marker = format!(
            "lark-helpdesk check {}",
            jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%SZ")
        );
        for create in lark_helpdesk::ops::ALL.iter().copied() {
            let Some(resource) =
                sources::resource(self.spec, create.id).filter(|r| r.action == "create")
            else {
                continue;
            };
            let name = resource.name.clone();
            let of = |action| sources::collection_op(self.spec, &name, action);
            let (get, delete) = match (of("get"), of("delete")) {
                (Some(get), Some(delete)) => (get, delete),
                (get, _) => {
                    let missing = if get.is_none() {
                        "no get or delete"
                    } else {
                        "no delete"
                    };
                    let why = format!(
                        "{missing} operation, so an item created could not be checked and removed"
                    );
                    self.skip(create.id, &format!("not called: {name} has {why}"));
                    self.writes.push(format!("{name}: not called: {why}"));
                    continue;
                }
            };
            let delete_param = sources::resource(self.spec, delete.id)
                .and_then(|r| r.id_param)
                .unwrap_or_else(|| "id".into());
            let cycle = Cycle {
                list: of("list").filter(|op| op.method == Method::Get),
                delete_param,
                name,
                create,
                get,
                delete,
                resource,
            };
            self.cycle(&cycle, &marker).await;
        }
    }

    async fn cycle(&mut self, c: &Cycle, marker: &str) {
        let name = &c.name;
        let mut tokens = Vec::new();
        for op in [c.create, c.get, c.delete] {
            match self.token_for(op) {
                Ok(token) => tokens.push(token),
                Err(why) => {
                    let why = format!("{}: {why}", op.id);
                    for op in [c.create, c.get, c.delete] {
                        self.skip(op.id, &why);
                    }
                    self.writes.push(format!("{name}: not called: {why}"));
                    return;
                }
            }
        }
        let [create_token, get_token, delete_token] =
            <[String; 3]>::try_from(tokens).expect("three operations, three tokens");
        let Some(mut body) = request_example(self.spec, c.create.id) else {
            let why = "the spec gives no request body example to create an item from";
            self.skip(c.create.id, why);
            self.writes.push(format!("{name}: not called: {why}"));
            return;
        };
        let filled = match self.seen.fill(self.spec, c.create) {
            Ok(filled) => filled,
            Err(why) => {
                self.skip(c.create.id, &why);
                self.writes.push(format!("{name}: not called: {why}"));
                return;
            }
        };
        let prepared = self.prepare(c, &mut body, marker);
        let before = match c.list {
            Some(list) => self.inventory(list, "before the writes").await,
            None => None,
        };

        // Create.
        let request = self
            .request(c.create, &create_token, &filled, &[])
            .json(&body);
        let answer = self.send(c.create.id, "new item".into(), request).await;
        self.note_last(&prepared);
        let refused = answer.as_ref().is_some_and(|a| a["code"] != 0);
        let answered_id = answer.as_ref().and_then(|a| created_id(&c.resource, a));
        let mut ids: Vec<String> = answered_id.clone().into_iter().collect();
        if ids.is_empty() && !refused {
            // No id in the answer (or no answer at all): the item is found by its marker.
            let at = self.exchanges.len() - 1;
            let found = match c.list {
                Some(list) => self.inventory(list, "to find the item created").await,
                None => None,
            };
            ids = found
                .map(|walk| marked_ids(&walk, &c.resource, marker))
                .unwrap_or_default();
            if ids.is_empty() {
                let by_hand = format!(
                    "look for an item marked \"{marker}\" in {name}, and delete it by hand"
                );
                self.exchanges[at].issues.push(Issue {
                    severity: Severity::Failure,
                    path: "$".into(),
                    message: match (&answer, c.list) {
                        (None, _) => format!("no answer, so whether an item was created is not known: {by_hand}"),
                        (Some(_), Some(list)) => format!(
                            "the answer names no {} and {} lists no item marked \"{marker}\": {by_hand}",
                            c.resource.id_field, list.id
                        ),
                        (Some(_), None) => format!(
                            "the answer names no {} and {name} has no listing to find it in: {by_hand}",
                            c.resource.id_field
                        ),
                    },
                });
                self.writes.push(format!(
                    "{name}: created, but its id is not known: {by_hand}"
                ));
            } else {
                self.exchanges[at].note = Some(format!(
                    "{}; its {} is not in the answer: found by its marker in the listing",
                    self.exchanges[at].note.take().unwrap_or_default(),
                    c.resource.id_field,
                ));
            }
        }
        if refused {
            for op in [c.get, c.delete] {
                self.skip(op.id, "nothing was created: the create was refused");
            }
            self.writes.push(format!(
                "{name}: the create was refused: nothing was created"
            ));
        }

        // Get and delete each item created.
        let mut left_behind = Vec::new();
        for id in &ids {
            let got = self.get_created(c, &get_token, id, marker).await;
            let deleted = self.delete_created(c, &delete_token, id).await;
            if deleted {
                self.writes.push(format!(
                    "{name}: {id} created, {} and deleted",
                    if got { "got" } else { "NOT got" }
                ));
            } else {
                left_behind.push(id.clone());
                self.writes.push(format!(
                    "{name}: {id} created, {}, NOT deleted: left behind; delete it by hand: {}",
                    if got { "got" } else { "NOT got" },
                    by_hand(c, id)
                ));
            }
        }

        // What is left.
        let Some(list) = c.list else {
            return;
        };
        let Some(after) = self.inventory(list, "after the writes").await else {
            self.writes.push(format!(
                "{name}: not listed after the writes: what is left behind is not known"
            ));
            return;
        };
        let before_ids: Vec<String> = before
            .as_ref()
            .map(|w| w.items.iter().map(|i| item_id(i, &c.resource)).collect())
            .unwrap_or_default();
        let mut issues = Vec::new();
        for item in &after.items {
            let id = item_id(item, &c.resource);
            if left_behind.contains(&id) {
                continue;
            }
            if carries(item, marker) {
                issues.push(Issue {
                    severity: Severity::Failure,
                    path: "$".into(),
                    message: format!(
                        "left behind: {name} item {id} is marked \"{marker}\"; delete it by hand: {}",
                        by_hand(c, &id)
                    ),
                });
                self.writes.push(format!(
                    "{name}: {id} left behind; delete it by hand: {}",
                    by_hand(c, &id)
                ));
            } else if before.is_some() && !before_ids.contains(&id) {
                issues.push(Issue {
                    severity: Severity::Warning,
                    path: "$".into(),
                    message: format!(
                        "{name} item {id} appeared while the check ran, without its marker"
                    ),
                });
            }
        }
        if !after.complete || before.as_ref().is_some_and(|b| !b.complete) {
            self.note_last(&format!(
                "{name} was not listed to its end (at most {INVENTORY_PAGES} pages): what is left behind past that is not known"
            ));
        }
        self.arithmetic(list.id, issues);
    }

    /// Sets the request body up: the item's text fields marked, its helpdesk the one
    /// written to, its other ids ones listed; a note saying so.
    fn prepare(&self, c: &Cycle, body: &mut Value, marker: &str) -> String {
        let item = match &c.resource.body {
            Some(field) => &mut body[field.as_str()],
            None => body,
        };
        let marked = mark(item, marker);
        let mut notes = vec![if marked.is_empty() {
            "no text field to mark".to_owned()
        } else {
            format!("marked \"{marker}\" in {}", marked.join(", "))
        }];
        if let Some(fields) = item.as_object_mut() {
            for (field, value) in fields.iter_mut() {
                if !value.is_string() || !id_like(field) || *field == c.resource.id_field {
                    continue;
                }
                if field == "helpdesk_id" {
                    *value = Value::String(self.target.helpdesk.helpdesk_id().to_owned());
                    notes.push("helpdesk_id the helpdesk written to".into());
                } else if let Some((op, id)) = self.seen.any_of(field) {
                    *value = Value::String(id.to_owned());
                    notes.push(format!("{field} {id} (listed by {op})"));
                }
            }
        }
        notes.join("; ")
    }

    /// Lists `list` to its end (at most [`INVENTORY_PAGES`]), each answer checked;
    /// `None` when it cannot be called or a page failed.
    async fn inventory(&mut self, list: &'static Operation, label: &str) -> Option<Walk> {
        let token = match self.token_for(list) {
            Ok(token) => token,
            Err(why) => {
                self.skip(list.id, &why);
                return None;
            }
        };
        let filled = match self.seen.fill(self.spec, list) {
            Ok(filled) => filled,
            Err(why) => {
                self.skip(list.id, &why);
                return None;
            }
        };
        if let Some(pagination) = list.pagination {
            // The largest pages: the fewest requests.
            let size = pagination.size().1;
            let walk = self
                .walk(list, &token, &filled, label, INVENTORY_PAGES, size)
                .await;
            return Some(walk);
        }
        let request = self.request(list, &token, &filled, &[]);
        let body = self.send(list.id, label.to_owned(), request).await?;
        if body["code"] != 0 {
            return None;
        }
        let resource = sources::resource(self.spec, list.id);
        let data = &body["data"];
        let items = resource
            .and_then(|r| r.data)
            .map_or(data, |field| &data[field.as_str()]);
        Some(Walk {
            items: items.as_array().cloned().unwrap_or_default(),
            complete: true,
        })
    }

    /// Gets the item created, checks it is the one (its id, its marker); whether it came.
    async fn get_created(&mut self, c: &Cycle, token: &str, id: &str, marker: &str) -> bool {
        let filled = match self.given(c.get, id) {
            Ok(filled) => filled,
            Err(why) => {
                self.skip(c.get.id, &why);
                return false;
            }
        };
        let request = self.request(c.get, token, &filled, &[]);
        let Some(body) = self
            .send(c.get.id, format!("{} (created)", label(&filled)), request)
            .await
        else {
            return false;
        };
        if body["code"] != 0 {
            return false;
        }
        let mut issues = super::reads::identity(self.spec, c.get, &filled, &body);
        let got = sources::resource(self.spec, c.get.id);
        let item = match got.and_then(|r| r.data) {
            Some(field) => &body["data"][field.as_str()],
            None => &body["data"],
        };
        if !carries(item, marker) {
            issues.push(Issue {
                severity: Severity::Warning,
                path: "$.data".into(),
                message: format!(
                    "the item does not carry the marker \"{marker}\" it was created with"
                ),
            });
        }
        self.issues_last(issues);
        true
    }

    /// Deletes the item created; whether it is gone (a failure names it otherwise).
    async fn delete_created(&mut self, c: &Cycle, token: &str, id: &str) -> bool {
        let filled = match self.given(c.delete, id) {
            Ok(filled) => filled,
            Err(why) => {
                self.skip(c.delete.id, &why);
                return false;
            }
        };
        let request = self.request(c.delete, token, &filled, &[]);
        let body = self
            .send(
                c.delete.id,
                format!("{} (created)", label(&filled)),
                request,
            )
            .await;
        let deleted = body.as_ref().is_some_and(|b| b["code"] == 0)
            && self
                .exchanges
                .last()
                .and_then(|e| e.status)
                .is_some_and(|s| (200..300).contains(&s));
        if !deleted {
            self.issues_last([Issue {
                severity: Severity::Failure,
                path: "$".into(),
                message: format!(
                    "not deleted: {} item {id} is left behind; delete it by hand: {}",
                    c.name,
                    by_hand(c, id)
                ),
            }]);
        }
        deleted
    }

    /// The parameters of `op` with its `x-resource`'s `id_param` set to `id`.
    fn given(&self, op: &'static Operation, id: &str) -> Result<Vec<Filled>, String> {
        let id_param = sources::resource(self.spec, op.id)
            .and_then(|r| r.id_param)
            .ok_or_else(|| format!("{} names no id_param in its x-resource", op.id))?;
        let param = op
            .parameter(&id_param)
            .ok_or_else(|| format!("{} has no parameter {id_param}", op.id))?;
        let mut filled = self.seen.fill_given(self.spec, op, param.name)?;
        filled.push(Filled {
            param,
            values: vec![id.to_owned()],
            source: Source::Created,
        });
        Ok(filled)
    }
}

/// The `api` command that deletes the item by hand.
fn by_hand(c: &Cycle, id: &str) -> String {
    format!(
        "lark-helpdesk api {} --param {}={id}",
        c.delete.id, c.delete_param
    )
}

/// The example of an operation's JSON request body.
fn request_example(spec: &lark_helpdesk_api::spec::Spec, op: &str) -> Option<Value> {
    let body = spec.resolve(sources::operation_object(spec, op)?.get("requestBody")?);
    body.pointer("/content/application~1json/example").cloned()
}

/// Marks the text fields of `item` (strings written for people: with a space or a
/// character that is not ASCII, not JSON, not an id) with `marker`, or, when it has none,
/// its longest string that is not an id; the names of the fields marked.
fn mark(item: &mut Value, marker: &str) -> Vec<String> {
    let Some(fields) = item.as_object_mut() else {
        return Vec::new();
    };
    let plain = |name: &str, value: &Value| {
        value.as_str().is_some_and(|s| {
            let s = s.trim_start();
            !id_like(name) && !s.starts_with('{') && !s.starts_with('[')
        })
    };
    let text = |s: &str| s.contains(' ') || !s.is_ascii();
    let mut marked: Vec<String> = fields
        .iter()
        .filter(|(k, v)| plain(k, v) && v.as_str().is_some_and(text))
        .map(|(k, _)| k.clone())
        .collect();
    if marked.is_empty() {
        let longest = fields
            .iter()
            .filter(|(k, v)| plain(k, v))
            .max_by_key(|(_, v)| v.as_str().map_or(0, str::len));
        marked.extend(longest.map(|(k, _)| k.clone()));
    }
    for name in &marked {
        fields.insert(name.clone(), Value::String(marker.to_owned()));
    }
    marked
}

/// Whether any string of `value` holds `marker`.
fn carries(value: &Value, marker: &str) -> bool {
    match value {
        Value::String(s) => s.contains(marker),
        Value::Array(items) => items.iter().any(|v| carries(v, marker)),
        Value::Object(fields) => fields.values().any(|v| carries(v, marker)),
        _ => false,
    }
}

/// The id of a listed item: its `id_field`, else its `id`.
fn item_id(item: &Value, resource: &Resource) -> String {
    let id = id_text(&item[resource.id_field.as_str()]);
    if id.is_empty() {
        id_text(&item["id"])
    } else {
        id
    }
}

/// The ids of the items of `walk` that carry `marker`.
fn marked_ids(walk: &Walk, resource: &Resource, marker: &str) -> Vec<String> {
    walk.items
        .iter()
        .filter(|item| carries(item, marker))
        .map(|item| item_id(item, resource))
        .filter(|id| !id.is_empty())
        .collect()
}

/// The id of the item a create answered: in the item (`data[data]`) or in `data`.
fn created_id(resource: &Resource, answer: &Value) -> Option<String> {
    let data = &answer["data"];
    let item = resource.data.as_deref().map_or(data, |field| &data[field]);
    [
        &item[resource.id_field.as_str()],
        &data[resource.id_field.as_str()],
    ]
    .into_iter()
    .map(id_text)
    .find(|id| !id.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_fields_are_marked_not_ids_codes_or_json() {
        let mut faq = json!({"category_id": "1", "question": "问题", "answer": "答案",
            "answer_richtext": "[{\"content\":\"答案\"}]", "tags": ["问"]});
        assert_eq!(mark(&mut faq, "M"), ["answer", "question"]);
        assert_eq!(faq["question"], "M");
        assert_eq!(faq["category_id"], "1");
        assert_eq!(faq["answer_richtext"], "[{\"content\":\"答案\"}]");
        let mut category = json!({"name": "Billing", "language": "en_us", "parent_id": "0"});
        assert_eq!(
            mark(&mut category, "M"),
            ["name"],
            "no text: the longest string"
        );
        let mut none = json!({"agent_ids": ["1"]});
        assert!(mark(&mut none, "M").is_empty());
        assert!(carries(&json!({"a": [{"b": "x M y"}]}), "M"));
    }

    #[test]
    fn the_id_created_is_read_where_the_collection_puts_it() {
        let resource = |data: Option<&str>| Resource {
            name: "faqs".into(),
            action: "create".into(),
            id_param: None,
            id_field: "faq_id".into(),
            body: None,
            data: data.map(str::to_owned),
        };
        let nested = json!({"code": 0, "data": {"faq": {"faq_id": "7"}}});
        assert_eq!(
            created_id(&resource(Some("faq")), &nested).as_deref(),
            Some("7")
        );
        let flat = json!({"code": 0, "data": {"faq_id": 8}});
        assert_eq!(created_id(&resource(None), &flat).as_deref(), Some("8"));
        assert_eq!(created_id(&resource(None), &json!({"code": 0})), None);
    }
}
