//! The event table: what the spec says of each event the platform pushes (the callbacks
//! of its operations, each with `x-event-type`), appended to `operations.rs`: one
//! `EventKind` per event type, `EVENTS`, and the `EventData` enum that types an event's
//! fields by its type. The types are hand-written in the api crate's `event.rs`; a new
//! event in the spec needs no code.

use serde_yaml::Value as Yaml;

use crate::operations::{resolve, text};

/// One event found in the spec.
struct Found {
    event_type: String,
    summary: String,
    /// The Rust name of the variant and the const (`TicketCreatedV1`, `ON_TICKET_CREATED_V1`).
    variant: String,
    konst: String,
    /// The generated type of the envelope and of its `event`.
    envelope: String,
    data: String,
    subscribe: Option<(String, String)>,
}

/// The Rust source of the event table and the `EventData` enum.
pub fn generate(spec: &Yaml) -> Result<String, String> {
    let mut found = Vec::new();
    let paths = spec.get("paths").and_then(Yaml::as_mapping);
    for (_, item) in paths.into_iter().flatten() {
        for (_, op) in item.as_mapping().into_iter().flatten() {
            let callbacks = op.get("callbacks").and_then(Yaml::as_mapping);
            for (_, callback) in callbacks.into_iter().flatten() {
                for (_, path_item) in callback.as_mapping().into_iter().flatten() {
                    for (_, event_op) in path_item.as_mapping().into_iter().flatten() {
                        if let Some(event) = event(spec, event_op)? {
                            found.push(event);
                        }
                    }
                }
            }
        }
    }
    found.sort_by(|a, b| a.event_type.cmp(&b.event_type));
    if let Some(w) = found
        .windows(2)
        .find(|w| w[0].event_type == w[1].event_type)
    {
        return Err(format!("event type {} is described twice", w[0].event_type));
    }
    let mut out = String::new();
    for e in &found {
        let subscribe = match &e.subscribe {
            Some((t, s)) => format!("Some(Subscription {{ event_type: {t:?}, subtype: {s:?} }})"),
            None => "None".into(),
        };
        out.push_str(&format!(
            "#[doc = {doc:?}]\npub const {konst}: EventKind = EventKind {{\n\
             event_type: {ty:?}, summary: {summary:?}, subscribe: {subscribe},\n}};\n",
            doc = format!("`{}`: {}", e.event_type, e.summary),
            konst = e.konst,
            ty = e.event_type,
            summary = e.summary,
        ));
    }
    out.push_str(&format!(
        "/// Every event type of the spec, by name.\npub const EVENTS: &[&EventKind] = &[{}];\n",
        found
            .iter()
            .map(|e| format!("&{}", e.konst))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    let variants: String = found
        .iter()
        .map(|e| {
            format!(
                "#[doc = {doc:?}]\n{}(Box<types::{}>),\n",
                e.variant,
                e.data,
                doc = format!("`{}`: {}", e.event_type, e.summary)
            )
        })
        .collect();
    let arms: String = found
        .iter()
        .map(|e| {
            format!(
                "{ty:?} => serde_json::from_str::<types::{env}>(json).map(|e| EventData::{v}(Box::new(e.event))),\n",
                ty = e.event_type,
                env = e.envelope,
                v = e.variant,
            )
        })
        .collect();
    let types: String = found
        .iter()
        .map(|e| format!("EventData::{}(_) => {:?},\n", e.variant, e.event_type))
        .collect();
    out.push_str(&format!(
        "/// The fields of an event (its `event`), typed by its `event_type`.\n\
         #[derive(Debug, Clone, PartialEq)]\n#[non_exhaustive]\n\
         pub enum EventData {{\n{variants}}}\n\
         impl EventData {{\n\
         /// The `event_type` whose fields these are.\n\
         pub fn event_type(&self) -> &'static str {{\n\
         match self {{\n{types}}}\n}}\n\
         /// Decodes the schema 2.0 event `json` (the whole envelope) as the type\n\
         /// `event_type` names: `None` for a type the spec does not describe.\n\
         ///\n/// # Errors\n///\n/// The JSON is not an envelope of that type.\n\
         pub fn decode(event_type: &str, json: &str) -> Option<Result<EventData, serde_json::Error>> {{\n\
         Some(match event_type {{\n{arms}_ => return None,\n}})\n}}\n}}\n"
    ));
    Ok(out)
}

fn event(spec: &Yaml, op: &Yaml) -> Result<Option<Found>, String> {
    let Some(event_type) = op.get("x-event-type").and_then(Yaml::as_str) else {
        return Ok(None);
    };
    let context = |what: &str| format!("event {event_type}: {what}");
    let name = event_type
        .strip_prefix("helpdesk.")
        .ok_or_else(|| context("not a helpdesk event"))?;
    let variant: String = name
        .split(['.', '_'])
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect();
    let konst = op
        .get("operationId")
        .and_then(Yaml::as_str)
        .ok_or_else(|| context("no operationId"))?
        .to_uppercase();
    // The body's schema: the plain envelope, first of its `oneOf` (the other is the
    // encrypted form).
    let schema = op
        .get("requestBody")
        .map(|b| resolve(spec, b))
        .and_then(|b| b.get("content"))
        .and_then(|c| c.get("application/json"))
        .and_then(|c| c.get("schema"))
        .ok_or_else(|| context("no JSON request body"))?;
    let envelope_ref = schema
        .get("oneOf")
        .and_then(Yaml::as_sequence)
        .and_then(|s| s.first())
        .unwrap_or(schema)
        .get("$ref")
        .and_then(Yaml::as_str)
        .ok_or_else(|| context("the body's schema is not a reference to its envelope"))?;
    let envelope = ref_name(envelope_ref);
    let data_ref = spec
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(|s| s.get(envelope))
        .and_then(|e| e.get("properties"))
        .and_then(|p| p.get("event"))
        .and_then(|e| e.get("$ref"))
        .and_then(Yaml::as_str)
        .ok_or_else(|| context("its envelope's `event` is not a reference to a schema"))?;
    let subscribe = match op.get("x-subscribe") {
        None => None,
        Some(s) => Some((
            s.get("type")
                .and_then(Yaml::as_str)
                .ok_or_else(|| context("x-subscribe lacks `type`"))?
                .to_owned(),
            s.get("subtype")
                .and_then(Yaml::as_str)
                .ok_or_else(|| context("x-subscribe lacks `subtype`"))?
                .to_owned(),
        )),
    };
    Ok(Some(Found {
        event_type: event_type.to_owned(),
        summary: text(op, "summary").to_owned(),
        variant,
        konst,
        envelope: envelope.to_owned(),
        data: ref_name(data_ref).to_owned(),
        subscribe,
    }))
}

fn ref_name(reference: &str) -> &str {
    reference.rsplit('/').next().unwrap_or(reference)
}
