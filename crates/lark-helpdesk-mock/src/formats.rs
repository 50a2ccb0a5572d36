//! The integer formats of the spec (`int32`, `int64`), checked in request bodies: a JSON
//! Schema validator reads no `format` of a number, and JSON carries integers of any size.

use jsonschema::paths::Location;
use jsonschema::{Keyword, ValidationError};
use serde_json::{Map, Value};

/// The keyword [`mark_integer_formats`] adds, which [`validator`] checks.
const KEYWORD: &str = "x-integer-format";

/// The range of the values of an integer schema's `format`: `int32` or `int64` (a larger
/// integer is no value of the schema, though JSON can carry it). `None` for any other
/// schema.
pub(crate) fn integer_range(schema: &Map<String, Value>) -> Option<(i64, i64)> {
    let integer = match schema.get("type") {
        Some(Value::String(t)) => t == "integer",
        // A nullable one, as JSON Schema writes it: `["integer", "null"]`.
        Some(Value::Array(types)) => types.iter().any(|t| t == "integer"),
        _ => false,
    };
    match schema.get("format").and_then(Value::as_str) {
        Some("int32") if integer => Some((i32::MIN.into(), i32::MAX.into())),
        Some("int64") if integer => Some((i64::MIN, i64::MAX)),
        _ => None,
    }
}

/// Marks every schema within `schema` (a JSON Schema) that has an integer format with the
/// keyword the [`validator`] checks.
pub(crate) fn mark_integer_formats(schema: &mut Value) {
    match schema {
        Value::Object(fields) => {
            if integer_range(fields).is_some()
                && let Some(format) = fields.get("format").cloned()
            {
                fields.insert(KEYWORD.into(), format);
            }
            fields.values_mut().for_each(mark_integer_formats);
        }
        Value::Array(items) => items.iter_mut().for_each(mark_integer_formats),
        _ => {}
    }
}

/// A draft 4 validator of `schema` (a JSON Schema) that also checks its integer formats.
pub(crate) fn validator(schema: &Value) -> Result<jsonschema::Validator, String> {
    let mut schema = schema.clone();
    mark_integer_formats(&mut schema);
    jsonschema::draft4::options()
        .with_keyword(KEYWORD, integer_format)
        .build(&schema)
        .map_err(|e| e.to_string())
}

fn integer_format<'a>(
    parent: &'a Map<String, Value>,
    _value: &'a Value,
    _path: Location,
) -> Result<Box<dyn for<'i> Keyword<'i>>, ValidationError<'a>> {
    let format = parent
        .get("format")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let (low, high) = integer_range(parent).unwrap_or((i64::MIN, i64::MAX));
    Ok(Box::new(IntegerFormat { format, low, high }))
}

/// A number must be an integer within the range of the format.
struct IntegerFormat {
    format: String,
    low: i64,
    high: i64,
}

impl<'i> Keyword<'i> for IntegerFormat {
    fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
        if self.is_valid(instance) {
            Ok(())
        } else {
            Err(ValidationError::custom(format!(
                "{instance} is not an integer of format {}",
                self.format
            )))
        }
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        match instance {
            // Past i64 (a u64, or a float: JSON's larger integers) is past both formats.
            Value::Number(n) => n
                .as_i64()
                .is_some_and(|n| (self.low..=self.high).contains(&n)),
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn integers_hold_to_their_format() {
        let v = validator(&json!({
            "type": "object",
            "properties": {
                "small": {"type": ["integer", "null"], "format": "int32"},
                "big": {"type": "integer", "format": "int64"},
                "plain": {"type": "integer"},
            }
        }))
        .unwrap();
        for ok in [
            json!({"small": 2_147_483_647, "big": i64::MIN, "plain": 1}),
            json!({"small": -2_147_483_648, "big": i64::MAX}),
            json!({"small": null, "plain": u64::MAX}),
        ] {
            assert!(v.is_valid(&ok), "{ok}");
        }
        for bad in [
            r#"{"small": 2147483648}"#,
            r#"{"small": -2147483649}"#,
            r#"{"big": 9223372036854775808}"#,
            r#"{"big": -9223372036854775809}"#,
        ] {
            let bad: Value = serde_json::from_str(bad).unwrap();
            let error = v.iter_errors(&bad).next().expect("refused");
            assert!(
                error
                    .to_string()
                    .contains("is not an integer of format int"),
                "{error}"
            );
        }
    }
}
