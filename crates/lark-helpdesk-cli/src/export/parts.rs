//! The parts of an export, as the spec's `x-export` names them, and the parts that are
//! one listing each (FAQs, categories, agents' schedules, ...): every item of each of the
//! part's calls, each once, one a line of `DIR/<part>.ndjson`. No code per part: a new
//! `x-export` on a listing of the spec is a new part.
//!
//! The platform offers no "changed since" filter on these listings, and they are short:
//! a run lists them again, and rewrites a file only when what it lists differs.

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use futures::TryStreamExt;
use lark_helpdesk::{Client, Export, Operation, ops};
use serde_json::Value;

use crate::exit::CliError;
use crate::store::{replace, sync_dir};

/// The part of the tickets and their messages, which [`super`] exports itself.
pub(crate) const TICKETS: &str = "tickets";

/// The parts that are one listing each: an `x-export` without `of`, other than tickets.
pub(crate) fn listings() -> Vec<(&'static Operation, Export)> {
    ops::ALL
        .iter()
        .copied()
        .filter_map(|op| op.export.map(|e| (op, e)))
        .filter(|(_, e)| e.of.is_none() && e.part != TICKETS)
        .collect()
}

/// Whether `error` is the platform refusing the app this part: no permission (a scope
/// not granted, no helpdesk role), so that the part is skipped, not the run.
pub(crate) fn is_refused(error: &CliError) -> bool {
    let CliError::Sdk(e) = error else {
        return false;
    };
    e.api_kind() == Some(lark_helpdesk::ApiErrorKind::Forbidden)
        || e.status().is_some_and(|s| s.as_u16() == 403)
        // The Open Platform's "the app has not been granted the scope".
        || e.code() == Some(99_991_672)
}

/// Why the platform refused a part, in one line.
pub(crate) fn reason(error: &CliError) -> String {
    match error {
        CliError::Sdk(e) => e.to_string(),
        other => other.report(),
    }
}

/// The text of an item's id (a dotted path into it); `None` when it has none.
fn id_of(item: &Value, path: &str) -> Option<String> {
    if path.is_empty() {
        return None;
    }
    let mut at = item;
    for field in path.split('.') {
        at = at.get(field)?;
    }
    match at {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The items of one answer's `data`: `export.items` (an array, or an object read as
/// entries), else the only array `data` holds.
fn items_of(op: &Operation, export: &Export, data: Value) -> Result<Vec<Value>, CliError> {
    let bad = |what: String| CliError::Other(format!("{} answered data {what}", op.id));
    let Value::Object(mut data) = data else {
        return Ok(Vec::new());
    };
    let field = if export.items.is_empty() {
        let mut arrays = data.iter().filter(|(_, v)| v.is_array()).map(|(k, _)| k);
        match (arrays.next(), arrays.next()) {
            (Some(k), None) => k.clone(),
            (None, _) => return Ok(Vec::new()),
            _ => {
                return Err(bad(
                    "the answer holds several lists and the spec names none".into(),
                ));
            }
        }
    } else {
        export.items.to_owned()
    };
    let value = data.remove(&field).unwrap_or(Value::Null);
    // The SDKs type some objects as strings: an object encoded once more is read too.
    let value = match value {
        Value::String(s) if s.trim_start().starts_with(['{', '[']) => {
            serde_json::from_str(&s).map_err(|e| bad(format!("`{field}` is not JSON: {e}")))?
        }
        v => v,
    };
    match (value, export.entries) {
        (Value::Null, _) => Ok(Vec::new()),
        (Value::Array(items), _) => Ok(items),
        (Value::Object(map), Some((key, value))) => Ok(map
            .into_iter()
            .map(|(k, v)| serde_json::json!({ key: k, value: v }))
            .collect()),
        (other, _) => Err(bad(format!(
            "`{field}` is {}, not a list",
            match other {
                Value::Object(_) => "an object",
                Value::String(_) => "a string",
                _ => "a scalar",
            }
        ))),
    }
}

/// Every item of the part of `op`, each once (by id, else by its whole text), in the
/// order listed.
async fn list(
    client: &Client,
    op: &'static Operation,
    export: &Export,
) -> Result<Vec<Value>, CliError> {
    let item_id = if export.item_id.is_empty() {
        op.pagination.map(|p| p.item_id()).unwrap_or_default()
    } else {
        export.item_id
    };
    let calls: &[&[(&str, &str)]] = if export.calls.is_empty() {
        &[&[]]
    } else {
        export.calls
    };
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for call in calls {
        let mut request = client.operation(op);
        for (name, value) in *call {
            request = request.param(name, value);
        }
        let items = if op.pagination.is_some() {
            request.stream().try_collect::<Vec<_>>().await?
        } else {
            items_of(op, export, request.send().await?.data)?
        };
        for item in items {
            let key = id_of(&item, item_id).unwrap_or_else(|| item.to_string());
            if seen.insert(key) {
                out.push(item);
            }
        }
    }
    Ok(out)
}

/// Lists the part of `op` and writes `DIR/<part>.ndjson` if it changed. Returns the
/// number of items.
pub(crate) async fn sync(
    client: &Client,
    dir: &Path,
    op: &'static Operation,
    export: Export,
) -> Result<u64, CliError> {
    let items = list(client, op, &export).await?;
    let mut text = Vec::new();
    for item in &items {
        serde_json::to_writer(&mut text, item).expect("JSON serialises");
        text.push(b'\n');
    }
    let path = dir.join(format!("{}.ndjson", export.part));
    if fs::read(&path).ok().as_deref() != Some(&text[..]) {
        tokio::task::block_in_place(|| {
            replace(&path, &text)?;
            sync_dir(dir)
        })?;
    }
    Ok(items.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_spec_names_the_parts_and_their_sources() {
        let names = lark_helpdesk_api::export_parts();
        for part in [
            "tickets",
            "images",
            "faqs",
            "faq_images",
            "categories",
            "agent_schedules",
            "agent_emails",
            "agent_skills",
            "agent_skill_rules",
            "ticket_customized_fields",
        ] {
            assert!(names.contains(&part), "{part} in {names:?}");
        }
        assert!(
            listings()
                .iter()
                .all(|(_, e)| e.part != "tickets" && e.of.is_none())
        );
    }

    #[test]
    fn items_come_from_the_named_field_the_only_array_or_entries() {
        let schedules = listings()
            .into_iter()
            .find(|(_, e)| e.part == "agent_schedules")
            .unwrap();
        let got = items_of(
            schedules.0,
            &schedules.1,
            json!({"agent_schedules": [{"agent": {"id": "a"}}], "other": []}),
        )
        .unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(id_of(&got[0], "agent.id").as_deref(), Some("a"));

        let emails = listings()
            .into_iter()
            .find(|(_, e)| e.part == "agent_emails")
            .unwrap();
        for data in [
            json!({"agents": {"ou_1": "a@x", "ou_2": "b@x"}}),
            json!({"agents": "{\"ou_1\":\"a@x\",\"ou_2\":\"b@x\"}"}),
        ] {
            let got = items_of(emails.0, &emails.1, data).unwrap();
            assert_eq!(
                got,
                [
                    json!({"agent_id": "ou_1", "email": "a@x"}),
                    json!({"agent_id": "ou_2", "email": "b@x"})
                ]
            );
        }
        assert!(items_of(emails.0, &emails.1, json!({"agents": 5})).is_err());
        assert!(items_of(emails.0, &emails.1, json!({})).unwrap().is_empty());

        let categories = listings()
            .into_iter()
            .find(|(_, e)| e.part == "categories")
            .unwrap();
        let got = items_of(
            categories.0,
            &categories.1,
            json!({"categories": [{"category_id": "1"}]}),
        )
        .unwrap();
        assert_eq!(got.len(), 1);
    }
}
