//! Reading the export's files: line by line (never a whole file in memory), what a file
//! is now (size, time, a hash of its bytes), and the typed fields of a JSON object.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use serde_json::{Map, Value};

use super::error::DbError;

/// What a file is now: enough to tell whether it changed since the last run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stat {
    /// Its size in bytes.
    pub size: i64,
    /// Its modification time, nanoseconds since 1970.
    pub mtime_ns: i64,
}

/// The [`Stat`] of `path`, `None` when there is no such file.
pub fn stat(path: &Path) -> Result<Option<Stat>, DbError> {
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(read_error(path, e)),
    };
    let mtime_ns = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
    Ok(Some(Stat {
        size: i64::try_from(meta.len()).unwrap_or(i64::MAX),
        mtime_ns,
    }))
}

/// A read of `path` that failed.
pub fn read_error(path: &Path, source: io::Error) -> DbError {
    DbError::Read {
        path: path.to_owned(),
        source,
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn fnv(mut hash: u64, bytes: &[u8]) -> u64 {
    for &byte in bytes {
        hash = (hash ^ u64::from(byte)).wrapping_mul(FNV_PRIME);
    }
    hash
}

/// FNV-1a (64 bits) of `bytes`.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    fnv(FNV_OFFSET, bytes)
}

/// FNV-1a (64 bits) of the bytes of `path`: a file rewritten with the same bytes (a new
/// time, the same content) is not loaded again. Not cryptographic: it only has to tell
/// an export's rewrite from an unchanged file.
pub fn hash_file(path: &Path) -> Result<i64, DbError> {
    let mut file = File::open(path).map_err(|e| read_error(path, e))?;
    let mut buffer = vec![0u8; 64 * 1024];
    let mut hash = FNV_OFFSET;
    loop {
        let n = match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(read_error(path, e)),
        };
        hash = fnv(hash, &buffer[..n]);
    }
    // Stored as SQLite's INTEGER (signed): the same 64 bits.
    Ok(hash as i64)
}

/// Calls `each` with every line of the NDJSON file `path` (its number from 1, its text
/// without the newline, and its JSON object), one line in memory at a time. Blank lines
/// are skipped; a torn last line, a line that is not JSON or not an object is an error
/// naming the file and the line.
pub fn for_each_line(
    path: &Path,
    mut each: impl FnMut(u64, &str, Map<String, Value>) -> Result<(), DbError>,
) -> Result<u64, DbError> {
    let file = File::open(path).map_err(|e| read_error(path, e))?;
    let mut reader = BufReader::with_capacity(64 * 1024, file);
    let mut line = Vec::with_capacity(4096);
    let mut number = 0u64;
    let mut objects = 0u64;
    loop {
        line.clear();
        let n = reader
            .read_until(b'\n', &mut line)
            .map_err(|e| read_error(path, e))?;
        if n == 0 {
            return Ok(objects);
        }
        number += 1;
        let bad = |problem: String| DbError::Line {
            path: path.to_owned(),
            line: number,
            problem,
        };
        if line.last() != Some(&b'\n') {
            return Err(bad(
                "torn: the file ends in the middle of this line".to_owned()
            ));
        }
        let text =
            std::str::from_utf8(&line[..n - 1]).map_err(|e| bad(format!("not UTF-8 ({e})")))?;
        let text = text.strip_suffix('\r').unwrap_or(text);
        if text.trim().is_empty() {
            continue;
        }
        let value = parse_object(text).map_err(bad)?;
        each(number, text, value)?;
        objects += 1;
    }
}

/// `text` as a JSON object.
pub fn parse_object(text: &str) -> Result<Map<String, Value>, String> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(other) => Err(format!("a JSON {} where an object belongs", kind(&other))),
        Err(e) => Err(format!("not JSON ({e})")),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The typed fields of a JSON object, as the columns take them: absent and null are
/// NULL; a value of another type than the column's is kept as well as it can be.
pub trait Fields {
    /// The field at `key`.
    fn field(&self, key: &str) -> Option<&Value>;

    /// A string (a number as its text, anything else as its JSON).
    fn text(&self, key: &str) -> Option<String> {
        match self.field(key)? {
            Value::Null => None,
            Value::String(s) => Some(s.clone()),
            other => Some(other.to_string()),
        }
    }

    /// An integer (also from a float, or from a string of digits, as some fields are
    /// sent).
    fn int(&self, key: &str) -> Option<i64> {
        match self.field(key)? {
            Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
            Value::String(s) => s.trim().parse().ok(),
            Value::Bool(b) => Some(i64::from(*b)),
            _ => None,
        }
    }

    /// A time in Unix milliseconds: the platform's -1 and 0 ("none") are NULL.
    fn millis(&self, key: &str) -> Option<i64> {
        self.int(key).filter(|&ms| ms > 0)
    }

    /// A number.
    fn real(&self, key: &str) -> Option<f64> {
        match self.field(key)? {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// A boolean, as 0 or 1.
    fn boolean(&self, key: &str) -> Option<i64> {
        match self.field(key)? {
            Value::Bool(b) => Some(i64::from(*b)),
            Value::Number(n) => n.as_i64().map(|n| i64::from(n != 0)),
            Value::String(s) => match s.as_str() {
                "true" => Some(1),
                "false" => Some(0),
                _ => None,
            },
            _ => None,
        }
    }

    /// The JSON text of the field (absent and null are NULL).
    fn json(&self, key: &str) -> Option<String> {
        match self.field(key)? {
            Value::Null => None,
            other => Some(other.to_string()),
        }
    }

    /// The field when it is an object.
    fn object(&self, key: &str) -> Option<&Map<String, Value>> {
        self.field(key)?.as_object()
    }

    /// The field's items when it is an array (none otherwise).
    fn items(&self, key: &str) -> &[Value] {
        self.field(key)
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
    }
}

impl Fields for Map<String, Value> {
    fn field(&self, key: &str) -> Option<&Value> {
        self.get(key)
    }
}

#[cfg(test)]
mod tests {
    use super::{Fields, for_each_line, parse_object};

    #[test]
    fn fields_take_what_the_platform_sends() {
        let o = parse_object(
            r#"{"a":"x","n":5,"s":"1616920429000","f":1.5,"m":-1,"z":0,"b":true,"o":{"k":1},"nul":null}"#,
        )
        .unwrap();
        assert_eq!(o.text("a").as_deref(), Some("x"));
        assert_eq!(o.text("n").as_deref(), Some("5"));
        assert_eq!(o.int("s"), Some(1_616_920_429_000));
        assert_eq!(o.real("f"), Some(1.5));
        assert_eq!(
            (o.millis("m"), o.millis("z"), o.millis("n")),
            (None, None, Some(5))
        );
        assert_eq!(o.boolean("b"), Some(1));
        assert_eq!(o.json("o").as_deref(), Some(r#"{"k":1}"#));
        assert_eq!(
            (o.text("nul"), o.json("nul"), o.int("none")),
            (None, None, None)
        );
        assert!(o.items("o").is_empty());
    }

    #[test]
    fn bad_lines_name_the_file_and_the_line() {
        let dir =
            std::env::temp_dir().join(format!("lark-helpdesk-db-lines-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("x.ndjson");
        let run = |text: &str| {
            std::fs::write(&path, text).unwrap();
            for_each_line(&path, |_, _, _| Ok(())).map_err(|e| e.to_string())
        };
        assert_eq!(run("{}\n\n{\"a\":1}\n"), Ok(2));
        let torn = run("{}\n{\"a\"").unwrap_err();
        assert!(torn.contains("x.ndjson line 2: torn"), "{torn}");
        let not_json = run("{}\n{}\nnope\n").unwrap_err();
        assert!(not_json.contains("line 3: not JSON"), "{not_json}");
        let array = run("[1]\n").unwrap_err();
        assert!(array.contains("line 1: a JSON array"), "{array}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
