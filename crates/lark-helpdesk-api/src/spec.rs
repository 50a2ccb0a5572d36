//! Read access to `openapi/helpdesk.yaml` (the feature `spec`), the project's single
//! source of truth.
//!
//! The fake server takes its documented facts from here (the error answers and their
//! codes, the bounds of `page_size`, the example ticket), the conformance harness
//! replays every documented response found here, and the CLI's `check` validates live
//! answers against it, so none of them restates the spec.

use std::sync::OnceLock;

use serde_json::{Map, Value};

/// A parsed OpenAPI document.
#[derive(Debug, Clone)]
pub struct Spec {
    doc: Value,
}

/// One documented response of an operation: its status, example and schema.
#[derive(Debug, Clone)]
pub struct DocumentedResponse {
    /// The operation id it belongs to.
    pub operation_id: String,
    /// The HTTP status.
    pub status: u16,
    /// The response's description.
    pub description: String,
    /// The documented example body, if any.
    pub example: Option<Value>,
    /// The body schema as written in the spec (may be a `$ref`).
    pub schema: Option<Value>,
    /// The names of the documented response headers.
    pub headers: Vec<String>,
    /// The documented media types of the body (`application/json`).
    pub content_types: Vec<String>,
}

/// Integer bounds of a query parameter, as the spec declares them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IntegerBounds {
    /// `minimum`, if declared.
    pub minimum: Option<i64>,
    /// `maximum`, if declared.
    pub maximum: Option<i64>,
    /// `default`, if declared.
    pub default: Option<i64>,
}

impl IntegerBounds {
    /// Whether `value` lies within the bounds.
    pub fn contains(&self, value: i64) -> bool {
        self.minimum.is_none_or(|min| value >= min) && self.maximum.is_none_or(|max| value <= max)
    }
}

/// An error of reading the spec.
#[derive(Debug, thiserror::Error)]
#[error("openapi spec: {0}")]
pub struct SpecError(String);

impl Spec {
    /// The spec embedded in `lark-helpdesk-api` (`openapi/helpdesk.yaml`).
    pub fn embedded() -> &'static Spec {
        static SPEC: OnceLock<Spec> = OnceLock::new();
        SPEC.get_or_init(|| {
            Spec::parse(crate::SPEC_YAML)
                .expect("openapi/helpdesk.yaml is checked by the spec tests")
        })
    }

    /// Parses a YAML (or JSON) OpenAPI document.
    ///
    /// # Errors
    ///
    /// When `text` is not YAML or has no `paths`.
    pub fn parse(text: &str) -> Result<Spec, SpecError> {
        let doc: Value = serde_yaml::from_str(text).map_err(|e| SpecError(e.to_string()))?;
        if !doc.get("paths").is_some_and(Value::is_object) {
            return Err(SpecError("no paths".into()));
        }
        Ok(Spec { doc })
    }

    /// Wraps an already parsed document (used to test mutated copies).
    pub fn from_value(doc: Value) -> Spec {
        Spec { doc }
    }

    /// The whole document as JSON.
    pub fn document(&self) -> &Value {
        &self.doc
    }

    /// Every operation: `(operation_id, method, path, operation object)`.
    pub fn operations(&self) -> impl Iterator<Item = (&str, &str, &str, &Value)> {
        self.doc["paths"]
            .as_object()
            .into_iter()
            .flatten()
            .flat_map(|(path, item)| {
                item.as_object()
                    .into_iter()
                    .flatten()
                    .filter_map(move |(method, op)| {
                        let id = op.get("operationId")?.as_str()?;
                        Some((id, method.as_str(), path.as_str(), op))
                    })
            })
    }

    fn operation(&self, operation_id: &str) -> Option<&Value> {
        self.operations()
            .find(|(id, ..)| *id == operation_id)
            .map(|(.., op)| op)
    }

    /// The path template of an operation, e.g. `/open-apis/.../{ticket_id}/messages`.
    pub fn path_of(&self, operation_id: &str) -> Option<&str> {
        self.operations()
            .find(|(id, ..)| *id == operation_id)
            .map(|(_, _, path, _)| path)
    }

    /// Every documented response of every operation, in spec order.
    pub fn documented_responses(&self) -> Vec<DocumentedResponse> {
        self.operations()
            .flat_map(|(id, _, _, op)| {
                op["responses"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .filter_map(move |(status, response)| {
                        let status = status.parse().ok()?;
                        let response = self.resolve(response);
                        let media = &response["content"]["application/json"];
                        Some(DocumentedResponse {
                            operation_id: id.to_string(),
                            status,
                            description: response["description"]
                                .as_str()
                                .unwrap_or_default()
                                .to_string(),
                            example: media.get("example").cloned(),
                            schema: media.get("schema").cloned(),
                            headers: response["headers"]
                                .as_object()
                                .map(|h| h.keys().cloned().collect())
                                .unwrap_or_default(),
                            content_types: response["content"]
                                .as_object()
                                .map(|c| c.keys().cloned().collect())
                                .unwrap_or_default(),
                        })
                    })
            })
            .collect()
    }

    /// The documented response of `operation_id` at `status`.
    pub fn response(&self, operation_id: &str, status: u16) -> Option<DocumentedResponse> {
        self.documented_responses()
            .into_iter()
            .find(|r| r.operation_id == operation_id && r.status == status)
    }

    /// The documented example body of `operation_id` at `status`.
    pub fn example(&self, operation_id: &str, status: u16) -> Option<Value> {
        self.response(operation_id, status)?.example
    }

    /// The integer bounds of a parameter of an operation.
    pub fn integer_bounds(&self, operation_id: &str, parameter: &str) -> Option<IntegerBounds> {
        let op = self.operation(operation_id)?;
        let param = op["parameters"]
            .as_array()?
            .iter()
            .map(|p| self.resolve(p))
            .find(|p| p["name"] == parameter)?;
        let schema = self.resolve(&param["schema"]);
        Some(IntegerBounds {
            minimum: schema["minimum"].as_i64(),
            maximum: schema["maximum"].as_i64(),
            default: schema["default"].as_i64(),
        })
    }

    /// The example value of a parameter of an operation.
    pub fn parameter_example(&self, operation_id: &str, parameter: &str) -> Option<&Value> {
        let op = self.operation(operation_id)?;
        op["parameters"]
            .as_array()?
            .iter()
            .map(|p| self.resolve(p))
            .find(|p| p["name"] == parameter)?
            .get("example")
    }

    /// The header name of an `apiKey` security scheme that lives in a header, e.g.
    /// `X-Lark-Helpdesk-Authorization` for `helpdeskCredential`.
    pub fn api_key_header(&self, scheme: &str) -> Option<&str> {
        let scheme = self.resolve(
            self.doc
                .get("components")?
                .get("securitySchemes")?
                .get(scheme)?,
        );
        if scheme["type"] != "apiKey" || scheme["in"] != "header" {
            return None;
        }
        scheme["name"].as_str()
    }

    /// Follows a local `$ref` (`#/components/...`), once per level, to the object.
    pub fn resolve<'a>(&'a self, value: &'a Value) -> &'a Value {
        let mut current = value;
        for _ in 0..16 {
            match current.get("$ref").and_then(Value::as_str) {
                Some(reference) => match reference
                    .strip_prefix('#')
                    .and_then(|ptr| self.doc.pointer(ptr))
                {
                    Some(target) => current = target,
                    None => return current,
                },
                None => return current,
            }
        }
        current
    }

    /// A JSON Schema (draft 4) document equivalent to the OpenAPI 3.0 `schema`.
    ///
    /// OpenAPI's `nullable: true` becomes a `null` alternative; local `$ref`s keep
    /// working because the converted `components` travel along in the document.
    pub fn json_schema(&self, schema: &Value) -> Value {
        let mut root = Map::new();
        root.insert("allOf".into(), Value::Array(vec![to_json_schema(schema)]));
        root.insert(
            "components".into(),
            to_json_schema(self.doc.get("components").unwrap_or(&Value::Null)),
        );
        Value::Object(root)
    }
}

/// Rewrites OpenAPI 3.0 schema keywords into JSON Schema draft 4.
fn to_json_schema(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut out: Map<String, Value> = map
                .iter()
                .filter(|(k, _)| k.as_str() != "nullable")
                .map(|(k, v)| (k.clone(), to_json_schema(v)))
                .collect();
            if map.get("nullable") == Some(&Value::Bool(true)) {
                match out.get("type").cloned() {
                    Some(Value::String(t)) => {
                        out.insert("type".into(), serde_json::json!([t, "null"]));
                    }
                    _ => {
                        let inner = Value::Object(std::mem::take(&mut out));
                        out.insert("anyOf".into(), serde_json::json!([inner, {"type": "null"}]));
                    }
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(to_json_schema).collect()),
        other => other.clone(),
    }
}
