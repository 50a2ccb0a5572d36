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
    /// Each collection's documented item (that of its "get" example, else of its create
    /// example, else its first listed one): the shape its items are answered in.
    shapes: HashMap<String, Value>,
}

/// One collection: its items in creation order.
#[derive(Debug, Default)]
struct Collection {
    items: Vec<Value>,
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
            shapes: HashMap::new(),
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
                resources.ensure(&r.name, &r.id_field, id, item.clone());
            }
        }
        for (op, r) in &resource_ops {
            if r.action == Action::Create
                && let Some(item) = data_at(&op.ok, r.data.as_deref()).filter(|i| i.is_object())
            {
                resources
                    .shapes
                    .entry(r.name.clone())
                    .or_insert_with(|| item.clone());
            }
        }
        for (name, item) in &templates {
            resources.shapes.insert((*name).to_owned(), item.clone());
        }
        for (name, collection) in &resources.collections {
            if let Some(first) = collection.items.first() {
                resources
                    .shapes
                    .entry(name.clone())
                    .or_insert_with(|| first.clone());
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
    /// in `id_field`, and returns it as stored.
    pub(crate) fn create(&mut self, name: &str, id_field: &str, item: Value) -> Value {
        let mut fields = match item {
            Value::Object(fields) => fields,
            _ => Map::new(),
        };
        self.shape(name, &mut fields);
        fields.insert(id_field.to_owned(), Value::String(self.new_id()));
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
        let Some(item) = self.collections.get_mut(name).and_then(|c| {
            c.items
                .iter_mut()
                .find(|item| id_of(item, id_field).as_deref() == Some(id))
        }) else {
            return false;
        };
        if let (Some(fields), Some(changes)) = (item.as_object_mut(), changes.as_object()) {
            let mut changes = changes.clone();
            changes.remove(id_field);
            if let Some(shape) = self.shapes.get(name) {
                shape_like(shape, &mut changes);
            }
            fields.extend(changes);
        }
        true
    }

    /// Gives the fields of an item written to `name` the shape of its documented item
    /// (see [`shape_like`]).
    fn shape(&self, name: &str, fields: &mut Map<String, Value>) {
        if let Some(shape) = self.shapes.get(name) {
            shape_like(shape, fields);
        }
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

/// Where `shape` (a documented item) holds an array or an object and `fields` (written by a
/// client) a string, the string is read as the JSON of that array or object, as the
/// platform does (requests carry rich text serialised into a string, answers carry it
/// parsed: `answer_richtext` of an FAQ). A string that holds no such JSON is not kept.
fn shape_like(shape: &Value, fields: &mut Map<String, Value>) {
    let mut unreadable = Vec::new();
    for (key, value) in fields.iter_mut() {
        let (Some(documented), Value::String(text)) = (shape.get(key), &*value) else {
            continue;
        };
        if !(documented.is_array() || documented.is_object()) {
            continue;
        }
        match serde_json::from_str::<Value>(text) {
            Ok(parsed)
                if parsed.is_array() == documented.is_array()
                    && parsed.is_object() == documented.is_object() =>
            {
                *value = parsed;
            }
            _ => unreadable.push(key.clone()),
        }
    }
    for key in unreadable {
        fields.remove(&key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn items_are_created_got_patched_and_deleted() {
        let mut r = Resources {
            collections: HashMap::new(),
            next_id: FIRST_NEW_ID,
            written: 0,
            agent_status: HashMap::new(),
            shapes: HashMap::new(),
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
