//! The declared path and query parameters of an operation, and the checks of a
//! request's values against them (types, enums, bounds, required ones).

use serde_json::Value;

use crate::formats;

/// At most this many characters of a value a client sent are quoted back in a refusal.
const QUOTED: usize = 40;

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Location {
    Path,
    Query,
}

/// A declared parameter.
#[derive(Debug, Clone)]
pub(crate) struct Param {
    pub name: String,
    pub location: Location,
    pub required: bool,
    pub kind: Kind,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    /// The allowed values, when the schema lists them.
    pub allowed: Vec<Value>,
    pub default: Option<Value>,
    /// The spec's example value.
    pub example: Option<Value>,
}

/// The type of a parameter's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Integer,
    Number,
    Boolean,
    /// A string or anything the checks do not know.
    Text,
}

impl Param {
    /// Reads a parameter object (already resolved). `None` for headers and cookies.
    pub(crate) fn read<'s>(
        param: &'s Value,
        resolve: impl Fn(&'s Value) -> &'s Value,
    ) -> Option<Param> {
        let location = match param.get("in")?.as_str()? {
            "path" => Location::Path,
            "query" => Location::Query,
            _ => return None,
        };
        // An array parameter repeats its key (`status=1&status=2`): each value is checked.
        let mut schema = resolve(param.get("schema").unwrap_or(&Value::Null));
        if schema.get("type").and_then(Value::as_str) == Some("array") {
            schema = resolve(schema.get("items").unwrap_or(&Value::Null));
        }
        let (minimum, maximum) = bounds(schema);
        let kind = match schema.get("type").and_then(Value::as_str) {
            Some("integer") => Kind::Integer,
            Some("number") => Kind::Number,
            Some("boolean") => Kind::Boolean,
            _ => Kind::Text,
        };
        Some(Param {
            name: param.get("name")?.as_str()?.to_owned(),
            location,
            required: location == Location::Path
                || param.get("required").and_then(Value::as_bool) == Some(true),
            kind,
            minimum,
            maximum,
            allowed: schema
                .get("enum")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default(),
            default: schema.get("default").cloned(),
            example: param.get("example").cloned(),
        })
    }

    fn what(&self) -> &'static str {
        match self.location {
            Location::Path => "path parameter",
            Location::Query => "query parameter",
        }
    }

    /// Checks one value the client sent for this parameter.
    pub(crate) fn check(&self, value: &str) -> Result<(), String> {
        let refuse = |why: String| {
            Err(format!(
                "{} {}: {} {why}",
                self.what(),
                self.name,
                quoted(value)
            ))
        };
        let number = match self.kind {
            Kind::Integer => match value.trim().parse::<i64>() {
                Ok(n) => Some(n as f64),
                Err(_) => return refuse("is not an integer".into()),
            },
            Kind::Number => match value.trim().parse::<f64>() {
                Ok(n) if n.is_finite() => Some(n),
                _ => return refuse("is not a number".into()),
            },
            Kind::Boolean => {
                if value != "true" && value != "false" {
                    return refuse("is not a boolean (true or false)".into());
                }
                None
            }
            Kind::Text => None,
        };
        if let Some(n) = number {
            if let Some(min) = self.minimum.filter(|min| n < *min) {
                return refuse(format!("is less than the minimum {min}"));
            }
            if let Some(max) = self.maximum.filter(|max| n > *max) {
                return refuse(format!("is greater than the maximum {max}"));
            }
        }
        if !self.allowed.is_empty() && !self.allowed.iter().any(|a| same(a, value, number)) {
            let allowed: Vec<String> = self.allowed.iter().map(plain).collect();
            return refuse(format!("is not one of {}", allowed.join(", ")));
        }
        Ok(())
    }
}

/// A schema's `minimum` and `maximum`, narrowed to the range of its integer format.
fn bounds(schema: &Value) -> (Option<f64>, Option<f64>) {
    let stated = |key: &str| schema.get(key).and_then(Value::as_f64);
    let (min, max) = (stated("minimum"), stated("maximum"));
    match schema.as_object().and_then(formats::integer_range) {
        Some((low, high)) => (
            Some(min.map_or(low as f64, |m| m.max(low as f64))),
            Some(max.map_or(high as f64, |m| m.min(high as f64))),
        ),
        None => (min, max),
    }
}

/// Whether the client's `value` is the allowed value `allowed`.
fn same(allowed: &Value, value: &str, number: Option<f64>) -> bool {
    match (allowed, number) {
        (Value::Number(a), Some(n)) => a.as_f64() == Some(n),
        _ => plain(allowed) == value,
    }
}

/// A JSON value as a query string would carry it (strings without quotes).
fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A value the client sent, quoted and cut short.
pub(crate) fn quoted(value: &str) -> String {
    let mut shown: String = value.chars().take(QUOTED).collect();
    if shown.len() < value.len() {
        shown.push('…');
    }
    format!("{shown:?}")
}

/// A request's query, decoded, in order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Query(Vec<(String, String)>);

impl Query {
    /// Checks the query of `url` against the declared query parameters: each declared
    /// one that is sent must be of its type, within its bounds and enum; a required one
    /// must be sent. Parameters the spec does not declare are tolerated, as the platform
    /// does.
    pub(crate) fn check(url: &url::Url, params: &[Param]) -> Result<Query, String> {
        let query = Query(url.query_pairs().into_owned().collect());
        for param in params.iter().filter(|p| p.location == Location::Query) {
            let mut sent = query.all(&param.name).peekable();
            if sent.peek().is_none() && param.required {
                return Err(format!(
                    "query parameter {} is required but missing",
                    param.name
                ));
            }
            for value in sent {
                param.check(value)?;
            }
        }
        Ok(query)
    }

    /// Every value sent for `name`, in order.
    pub(crate) fn all<'q>(&'q self, name: &'q str) -> impl Iterator<Item = &'q str> + 'q {
        self.0
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The last value sent for `name` (a repeated single parameter: the last one wins).
    pub(crate) fn last<'q>(&'q self, name: &'q str) -> Option<&'q str> {
        self.all(name).last()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn param(schema: Value, required: bool) -> Param {
        Param::read(
            &json!({"name": "p", "in": "query", "required": required, "schema": schema}),
            |v| v,
        )
        .unwrap()
    }

    #[test]
    fn integers_bounds_enums_and_booleans() {
        let size = param(
            json!({"type": "integer", "minimum": 1, "maximum": 100}),
            false,
        );
        assert!(size.check("100").is_ok());
        assert!(size.check(" 7 ").is_ok());
        assert_eq!(
            size.check("101").unwrap_err(),
            "query parameter p: \"101\" is greater than the maximum 100"
        );
        assert!(size.check("0").unwrap_err().contains("minimum 1"));
        assert!(size.check("1.5").unwrap_err().contains("not an integer"));
        let status = param(json!({"type": "string", "enum": ["0", "1", "2"]}), false);
        assert!(status.check("1").is_ok());
        assert!(
            status
                .check("3")
                .unwrap_err()
                .contains("not one of 0, 1, 2")
        );
        let flag = param(json!({"type": "boolean"}), false);
        assert!(flag.check("true").is_ok());
        assert!(flag.check("yes").is_err());
        let kinds = param(
            json!({"type": "array", "items": {"type": "integer", "enum": [1, 2]}}),
            true,
        );
        assert!(kinds.check("2").is_ok());
        assert!(kinds.check("3").is_err());
    }

    #[test]
    fn long_values_are_cut_short_in_refusals() {
        let n = param(json!({"type": "integer"}), false);
        let refusal = n.check(&"x".repeat(10_000)).unwrap_err();
        assert!(refusal.len() < 120, "{refusal}");
    }

    #[test]
    fn required_and_repeated_query_parameters() {
        let params = [param(
            json!({"type": "array", "items": {"type": "integer"}}),
            true,
        )];
        let url = |q: &str| url::Url::parse(&format!("http://h/x?{q}")).unwrap();
        let q = Query::check(&url("p=1&p=2&other=zz"), &params).unwrap();
        assert_eq!(q.all("p").collect::<Vec<_>>(), ["1", "2"]);
        assert_eq!(q.last("p"), Some("2"));
        assert!(
            Query::check(&url("other=1"), &params)
                .unwrap_err()
                .contains("p is required")
        );
        assert!(Query::check(&url("p=1&p=x"), &params).is_err());
    }
}
