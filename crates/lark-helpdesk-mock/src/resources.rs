//! The collections the fake server remembers (`x-resource`): seeded from the documented
//! examples, changed by the collections' create, patch and delete operations.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::conventions::{Action, ResourceOp};
use crate::ops::{Operation, Operations};

/// The first id the server gives a created item; the next ones follow.
const FIRST_NEW_ID: u64 = 7_200_000_000_000_000_001;

/// How many bytes of request bodies the writes of one server may keep, in all (so that
/// a client cannot grow a server that lasts without bound): past it, writes are refused.
pub const MAX_WRITTEN_BYTES: usize = 64 << 20;

/// Every collection, and the facts the hand-written writes keep.
#[derive(Debug)]
pub(crate) struct Resources {
    collections: HashMap<String, Collection>,
    next_id: u64,
    /// The bytes of the request bodies of the writes applied so far.
    written: usize,
    /// Each agent's status as last patched (`patch_agent`), by agent id.
    pub agent_status: HashMap<String, Value>,
}

/// One collection: its items in creation order, and the shape its reads answer.
#[derive(Debug, Default)]
struct Collection {
    items: Vec<Value>,
    /// A documented item as reads answer it (the get's example, else the listing's
    /// first): what a written item is shaped like.
    template: Option<Map<String, Value>>,
}

/// `written` in the shape of `template`'s fields: a field reads do not answer is left out,
/// and a JSON text written where reads answer an array or an object (a request body that
/// serialises what reads answer structured, as a FAQ's `answer_richtext`) is kept parsed
/// (a text that holds no such JSON is left out).
fn shaped(template: &Map<String, Value>, written: Map<String, Value>) -> Map<String, Value> {
    written
        .into_iter()
        .filter_map(|(key, value)| {
            let read = template.get(&key)?;
            let value = match (&value, read) {
                // A text that holds no such JSON is not kept: reads would answer a string
                // where they answer an array or an object.
                (Value::String(text), Value::Array(_) | Value::Object(_)) => {
                    serde_json::from_str::<Value>(text)
                        .ok()
                        .filter(|parsed| parsed.is_array() == read.is_array())?
                }
                _ => value,
            };
            Some((key, value))
        })
        .collect()
}

/// The item or items of an answer's `data`: `data[field]`, or `data` itself.
pub(crate) fn data_at<'v>(answer: &'v Value, field: Option<&str>) -> Option<&'v Value> {
    let data = answer.get("data")?;
    match field {
        Some(field) => data.get(field),
        None => Some(data),
    }
}

/// Where [`data_at`] reads, to write (`data` made an object if it is not one).
pub(crate) fn data_at_mut<'v>(answer: &'v mut Value, field: Option<&str>) -> &'v mut Value {
    if !answer.is_object() {
        *answer = Value::Object(Map::new());
    }
    let data = answer
        .as_object_mut()
        .map(|a| a.entry("data").or_insert_with(|| Value::Object(Map::new())))
        .expect("made an object above");
    match field {
        Some(field) => {
            if !data.is_object() {
                *data = Value::Object(Map::new());
            }
            data.as_object_mut()
                .map(|d| d.entry(field).or_insert(Value::Null))
                .expect("made an object above")
        }
        None => data,
    }
}

/// The id of an item, as text (a number is written out).
pub(crate) fn id_of(item: &Value, id_field: &str) -> Option<String> {
    match item.get(id_field)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The field of `data` holding a listing's items.
pub(crate) fn items_field<'o>(op: &'o Operation, resource: &'o ResourceOp) -> Option<&'o str> {
    resource
        .data
        .as_deref()
        .or(op.pagination.as_ref().map(|p| p.items.as_str()))
}

impl Resources {
    /// The collections of `ops`, each holding the items of its documented examples: those
    /// of its listing, then the item of its "get" and, so that the documented requests
    /// find what they name, an item for the id each get/patch/delete example names.
    pub(crate) fn seed(ops: &Operations) -> Resources {
        let mut resources = Resources {
            collections: HashMap::new(),
            next_id: FIRST_NEW_ID,
            written: 0,
            agent_status: HashMap::new(),
        };
        let resource_ops: Vec<(&Operation, &ResourceOp)> = ops
            .iter()
            .filter_map(|op| Some((op, op.resource.as_ref()?)))
            .collect();
        let mut templates: HashMap<&str, Value> = HashMap::new();
        for (op, r) in &resource_ops {
            resources.collections.entry(r.name.clone()).or_default();
            if r.action == Action::List
                && let Some(items) = data_at(&op.ok, items_field(op, r)).and_then(Value::as_array)
            {
                for item in items.iter().filter(|i| i.is_object()) {
                    let collection = resources.collection(&r.name);
                    if collection.template.is_none() {
                        collection.template = item.as_object().cloned();
                    }
                    resources.insert_new(&r.name, &r.id_field, item.clone());
                }
            }
        }
        for (op, r) in &resource_ops {
            if r.action == Action::Get
                && let Some(item) = data_at(&op.ok, r.data.as_deref()).filter(|i| i.is_object())
            {
                let id = id_of(item, &r.id_field)
                    .or_else(|| op.path_example(r.id_param.as_deref().unwrap_or_default()));
                templates.insert(&r.name, item.clone());
                resources.collection(&r.name).template = item.as_object().cloned();
                resources.ensure(&r.name, &r.id_field, id, item.clone());
            }
        }
        for (op, r) in &resource_ops {
            if matches!(r.action, Action::Patch | Action::Delete) {
                let id = op.path_example(r.id_param.as_deref().unwrap_or_default());
                let item = templates
                    .get(r.name.as_str())
                    .cloned()
                    .unwrap_or_else(|| Value::Object(Map::new()));
                resources.ensure(&r.name, &r.id_field, id, item);
            }
        }
        resources
    }

    /// Counts `bytes` of a write about to be kept; refuses it once the server has kept
    /// [`MAX_WRITTEN_BYTES`].
    pub(crate) fn charge(&mut self, bytes: usize) -> Result<(), String> {
        let written = self.written.saturating_add(bytes);
        if written > MAX_WRITTEN_BYTES {
            return Err(format!(
                "this fake server already keeps {} MiB of written data, its most; start a new one",
                MAX_WRITTEN_BYTES >> 20
            ));
        }
        self.written = written;
        Ok(())
    }

    /// A new id, unique on this server.
    pub(crate) fn new_id(&mut self) -> String {
        let id = self.next_id;
        self.next_id += 1;
        id.to_string()
    }

    /// Adds `item` under `id` unless the collection holds that id already.
    fn ensure(&mut self, name: &str, id_field: &str, id: Option<String>, mut item: Value) {
        let Some(id) = id else { return };
        if self.get(name, id_field, &id).is_none()
            && let Some(fields) = item.as_object_mut()
        {
            fields.insert(id_field.to_owned(), Value::String(id));
            self.collection(name).items.push(item);
        }
    }

    /// Adds `item` (which holds its id) after the collection's items, unless it holds an
    /// item of that id already: how the synthetic helpdesk's items join the documented
    /// ones.
    pub(crate) fn add(&mut self, name: &str, id_field: &str, item: Value) {
        let id = id_of(&item, id_field);
        if id.is_some_and(|id| self.get(name, id_field, &id).is_none()) {
            self.collection(name).items.push(item);
        }
    }

    /// Adds a documented item, with a new id when it has none.
    fn insert_new(&mut self, name: &str, id_field: &str, item: Value) {
        if id_of(&item, id_field).is_some() {
            self.collection(name).items.push(item);
        } else {
            self.create(name, id_field, item);
        }
    }

    fn collection(&mut self, name: &str) -> &mut Collection {
        self.collections.entry(name.to_owned()).or_default()
    }

    /// Stores `item` (an object; anything else is stored as an empty one) under a new id
    /// in `id_field`, and returns it as stored: in the shape the collection's reads answer
    /// (the documented item, its fields overwritten by those written that reads answer
    /// too), when the spec documents one.
    pub(crate) fn create(&mut self, name: &str, id_field: &str, item: Value) -> Value {
        let written = match item {
            Value::Object(fields) => fields,
            _ => Map::new(),
        };
        let new_id = Value::String(self.new_id());
        let mut fields = match &self.collection(name).template {
            Some(template) => {
                let mut fields = template.clone();
                fields.extend(shaped(template, written));
                // Every field of the documented item that holds its id (a legacy `id`
                // beside `faq_id`, say) names the new item, not the documented one.
                if let Some(documented) = template.get(id_field) {
                    for (key, value) in template {
                        if value == documented {
                            fields.insert(key.clone(), new_id.clone());
                        }
                    }
                }
                fields
            }
            None => written,
        };
        fields.insert(id_field.to_owned(), new_id);
        let item = Value::Object(fields);
        self.collection(name).items.push(item.clone());
        item
    }

    /// The item of `name` whose id is `id`.
    pub(crate) fn get(&self, name: &str, id_field: &str, id: &str) -> Option<&Value> {
        self.collections
            .get(name)?
            .items
            .iter()
            .find(|item| id_of(item, id_field).as_deref() == Some(id))
    }

    /// Every item of `name`, in creation order.
    pub(crate) fn list(&self, name: &str) -> &[Value] {
        self.collections
            .get(name)
            .map(|c| c.items.as_slice())
            .unwrap_or_default()
    }

    /// Sets the fields of `changes` (an object) on the item, but its id. `false` when
    /// there is no such item.
    pub(crate) fn patch(&mut self, name: &str, id_field: &str, id: &str, changes: &Value) -> bool {
        let changes = changes.as_object().cloned().unwrap_or_default();
        let changes = match &self.collections.get(name).and_then(|c| c.template.clone()) {
            Some(template) => shaped(template, changes),
            None => changes,
        };
        let Some(item) = self.collections.get_mut(name).and_then(|c| {
            c.items
                .iter_mut()
                .find(|item| id_of(item, id_field).as_deref() == Some(id))
        }) else {
            return false;
        };
        if let Some(fields) = item.as_object_mut() {
            for (key, value) in changes.into_iter().filter(|(k, _)| k.as_str() != id_field) {
                fields.insert(key, value);
            }
        }
        true
    }

    /// Removes the item; `false` when there is none.
    pub(crate) fn delete(&mut self, name: &str, id_field: &str, id: &str) -> bool {
        let Some(collection) = self.collections.get_mut(name) else {
            return false;
        };
        let before = collection.items.len();
        collection
            .items
            .retain(|item| id_of(item, id_field).as_deref() != Some(id));
        collection.items.len() < before
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn written_items_take_the_shape_reads_answer() {
        let template = json!({"faq_id": "1", "answer_richtext": [], "categories": []});
        let written = json!({
            "answer_richtext": "[{\"content\":\"A\",\"type\":\"text\"}]",
            "category_id": "7",
            "faq_id": "2",
        });
        let shaped = super::shaped(
            template.as_object().unwrap(),
            written.as_object().unwrap().clone(),
        );
        assert_eq!(
            Value::Object(shaped),
            json!({"answer_richtext": [{"content": "A", "type": "text"}], "faq_id": "2"}),
            "JSON text parsed where reads answer an array; a field reads lack left out"
        );
    }

    #[test]
    fn a_created_item_is_named_by_its_new_id_wherever_the_documented_one_held_its_id() {
        let mut resources = Resources {
            collections: HashMap::new(),
            next_id: FIRST_NEW_ID,
            written: 0,
            agent_status: HashMap::new(),
        };
        resources.collection("faqs").template = json!({"faq_id": "9", "id": "9", "name": "x"})
            .as_object()
            .cloned();
        let created = resources.create("faqs", "faq_id", json!({"name": "y"}));
        assert_eq!(created["faq_id"], created["id"], "{created}");
        assert_ne!(created["id"], "9");
        assert_eq!(created["name"], "y");
    }

    #[test]
    fn items_are_created_got_patched_and_deleted() {
        let mut r = Resources {
            collections: HashMap::new(),
            next_id: FIRST_NEW_ID,
            written: 0,
            agent_status: HashMap::new(),
        };
        assert!(r.charge(MAX_WRITTEN_BYTES).is_ok());
        assert!(r.charge(1).unwrap_err().contains("64 MiB"));
        let a = r.create("faqs", "faq_id", json!({"question": "q"}));
        let id = id_of(&a, "faq_id").unwrap();
        assert_eq!(id, FIRST_NEW_ID.to_string());
        assert_eq!(r.get("faqs", "faq_id", &id), Some(&a));
        assert!(r.patch(
            "faqs",
            "faq_id",
            &id,
            &json!({"question": "r", "faq_id": "x"})
        ));
        assert_eq!(
            r.get("faqs", "faq_id", &id),
            Some(&json!({"question": "r", "faq_id": id}))
        );
        assert!(!r.patch("faqs", "faq_id", "nope", &json!({})));
        assert!(r.delete("faqs", "faq_id", &id));
        assert!(!r.delete("faqs", "faq_id", &id));
        assert!(r.list("faqs").is_empty());
        assert!(r.list("none").is_empty());
    }
}
