//! What `check` writes of its exchanges: the JUnit report (`--junit`) and the fixtures of
//! the conformance harness (`--record`), redacted.

use std::path::Path;

use serde_json::{Value, json};

use super::{Exchange, OP_LIST_TICKETS, OP_MESSAGES};
use crate::contract::{Issue, Severity};
use crate::exit::CliError;

/// The fields whose values a recorded answer keeps: ids, kinds, times, counts, the
/// envelope. Every other value (names, addresses, text, and any field the spec does not
/// know, which is what a drift brings) is replaced by a placeholder of its type.
const KEPT: &[&str] = &[
    "code",
    "msg",
    "total",
    "has_more",
    "page",
    "page_size",
    "expire",
    "log_id",
    "id",
    "ticket_id",
    "helpdesk_id",
    "message_id",
    "message_type",
    "msg_type",
    "tag",
    "image_key",
    "file_key",
    "duration",
    "created_at",
    "updated_at",
    "closed_at",
    "status",
    "channel",
    "solve",
    "score",
    "ticket_type",
    "agent_service_duration",
    "agent_first_response_duration",
    "bot_service_duration",
    "agent_resolution_time",
    "actual_processing_time",
    "agent_entry_time",
    "agent_first_response_time",
    "agent_last_response_time",
    "position",
    "required",
    "editable",
    "key_name",
];

/// The fields that hold a person (a `TicketUser`): nothing of theirs is kept, not even
/// the id.
const PEOPLE: &[&str] = &[
    "guest",
    "agents",
    "closed_by",
    "agent_owner",
    "collaborators",
];

/// A recorded body with secrets and personal data replaced by placeholders of the same
/// type: only the values of [`KEPT`] fields stay; a message's `content` (a JSON-encoded
/// string) keeps its shape and kinds, its text replaced.
pub(super) fn redact(body: &Value) -> Value {
    fn placeholder(value: &Value) -> Value {
        match value {
            Value::String(_) => Value::String("redacted".into()),
            Value::Number(n) if n.is_f64() => json!(0.0),
            Value::Number(_) => json!(0),
            Value::Array(items) => Value::Array(items.iter().map(placeholder).collect()),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), placeholder(v)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }
    fn walk(key: Option<&str>, value: &Value) -> Value {
        match (key, value) {
            (Some(k), v) if PEOPLE.contains(&k) => placeholder(v),
            (Some("tenant_access_token"), Value::String(_)) => "t-redacted".into(),
            (Some("content"), Value::String(s)) => match serde_json::from_str::<Value>(s) {
                Ok(inner @ Value::Object(_)) => Value::String(walk(None, &inner).to_string()),
                _ => "redacted".into(),
            },
            (_, Value::Object(map)) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), walk(Some(k), v)))
                    .collect(),
            ),
            (_, Value::Array(items)) => Value::Array(items.iter().map(|v| walk(key, v)).collect()),
            (Some(k), v) if KEPT.contains(&k) => v.clone(),
            (_, v) => placeholder(v),
        }
    }
    walk(None, body)
}

/// Writes each answer into `dir` in the harness's fixture format: message pages in `dir`,
/// ticket pages in `dir/tickets`, the other operations' answers in `dir/<operation>`.
pub(super) fn record(dir: &Path, base_url: &str, exchanges: &[Exchange]) -> Result<(), CliError> {
    let write = |path: &Path, bytes: &[u8]| {
        std::fs::create_dir_all(path.parent().unwrap_or(dir))
            .and_then(|()| std::fs::write(path, bytes))
            .map_err(|e| CliError::Write {
                path: path.to_owned(),
                source: e,
            })
    };
    let date = jiff::Timestamp::now().strftime("%Y-%m-%d").to_string();
    for e in exchanges {
        let Some(recorded) = &e.recorded else {
            continue;
        };
        let sub = match e.operation {
            OP_MESSAGES => dir.to_owned(),
            OP_LIST_TICKETS => dir.join("tickets"),
            other => dir.join(other),
        };
        let slug: String = e
            .label
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        let status = e.status.unwrap_or_default();
        let name = format!("recorded_{}_{slug}_{status}.json", e.operation);
        let findings: Vec<String> = e
            .issues
            .iter()
            .map(|i| format!("{} at {}: {}", i.severity, i.path, i.message))
            .collect();
        let mut fixture = recorded.clone();
        fixture["description"] = Value::String(format!(
            "{} {} from {base_url}, recorded by lark-helpdesk check on {date} (personal fields redacted){}",
            e.operation,
            e.label,
            if findings.is_empty() {
                String::new()
            } else {
                format!(": {}", findings.join("; "))
            }
        ));
        if fixture["body"].is_null() {
            fixture.as_object_mut().map(|m| m.remove("body"));
        } else {
            fixture.as_object_mut().map(|m| m.remove("body_text"));
        }
        let mut text = serde_json::to_vec_pretty(&fixture).expect("a fixture serialises");
        text.push(b'\n');
        write(&sub.join(name), &text)?;
    }
    Ok(())
}

/// Writes a JUnit XML report: a test case an exchange, failed when it has a failure,
/// its warnings in its output.
pub(super) fn write_junit(
    path: &Path,
    base_url: &str,
    exchanges: &[Exchange],
) -> Result<(), CliError> {
    use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
    let mut suite = TestSuite::new(format!("lark-helpdesk check {base_url}"));
    for e in exchanges {
        let describe = |issues: &mut dyn Iterator<Item = &Issue>| {
            issues
                .map(|i| format!("{} at {}: {}", i.severity, i.path, i.message))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let status = if !e.sent() {
            let mut status = TestCaseStatus::skipped();
            if let Some(note) = &e.note {
                status.set_message(note.clone());
            }
            status
        } else if e.failures() > 0 {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            let failures =
                describe(&mut e.issues.iter().filter(|i| i.severity == Severity::Failure));
            let message = match (&e.note, failures.is_empty()) {
                (Some(note), true) => note.clone(),
                _ => failures.lines().next().unwrap_or_default().to_owned(),
            };
            status.set_message(message);
            status.set_description(format!(
                "{failures}\nlog id: {}",
                e.log_id.as_deref().unwrap_or("none")
            ));
            status
        } else {
            TestCaseStatus::success()
        };
        let mut case = TestCase::new(format!("{} {}", e.operation, e.label), status);
        case.set_classname(e.operation);
        let warnings = describe(&mut e.issues.iter().filter(|i| i.severity == Severity::Warning));
        if !warnings.is_empty() {
            case.set_system_out(warnings);
        }
        suite.add_test_case(case);
    }
    let mut report = Report::new("lark-helpdesk check");
    report.add_test_suite(suite);
    let text = report
        .to_string()
        .map_err(|e| CliError::Other(format!("cannot write the JUnit report: {e}")))?;
    std::fs::write(path, text).map_err(|e| CliError::Write {
        path: path.to_owned(),
        source: e,
    })
}

#[cfg(test)]
mod tests {
    use super::redact;
    use serde_json::json;

    #[test]
    fn recorded_answers_keep_their_shape_without_secrets_or_people() {
        let body = json!({
            "code": 0,
            "tenant_access_token": "t-abc",
            "data": {"messages": [{
                "id": "1", "user_name": "王芳", "user_id": "ou_1", "avatar_url": "https://x/y.png",
                "created_at": 5,
                "content": "{\"content\":{\"title\":\"t\",\"content\":[[{\"tag\":\"text\",\"text\":\"secret plan\"}]]},\"msg_type\":\"post\"}"
            }], "total": 1}
        });
        let redacted = redact(&body);
        assert_eq!(redacted["tenant_access_token"], "t-redacted");
        let m = &redacted["data"]["messages"][0];
        assert_eq!((&m["id"], &m["created_at"]), (&json!("1"), &json!(5)));
        assert_eq!(m["user_name"], "redacted");
        assert_eq!(m["user_id"], "redacted");
        assert_eq!(m["avatar_url"], "redacted");
        let content: serde_json::Value =
            serde_json::from_str(m["content"].as_str().unwrap()).unwrap();
        assert_eq!(
            content,
            json!({"content": {"title": "redacted", "content": [[{"tag": "text", "text": "redacted"}]]}, "msg_type": "post"})
        );
        assert!(!redacted.to_string().contains("secret plan"));

        // What the spec does not know is a drift's point: kept in shape, not in value.
        let drift = json!({"data": {"ticket": {"ticket_id": "7", "phone_number": "+86 123",
            "guest": {"id": "ou_9", "name": "Jan"}, "comments": {"user_id": 42, "content": "call me"},
            "score": 3, "rating": 4.5}}});
        let t = &redact(&drift)["data"]["ticket"];
        assert_eq!(t["ticket_id"], "7");
        assert_eq!(t["phone_number"], "redacted");
        assert_eq!(t["guest"], json!({"id": "redacted", "name": "redacted"}));
        assert_eq!(t["comments"], json!({"user_id": 0, "content": "redacted"}));
        assert_eq!((&t["score"], &t["rating"]), (&json!(3), &json!(0.0)));
    }
}
