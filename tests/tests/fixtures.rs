//! Answers beyond the doc (`tests/fixtures/*.json`), replayed and snapshotted: what the
//! SDK makes of odd values, broken bodies and gateway pages. Each fixture has a snapshot
//! `fixtures__<name>.snap`; a new fixture without one fails under `INSTA_UPDATE=no`.

use std::path::{Path, PathBuf};

use futures::StreamExt;
use lark_helpdesk::RetryPolicy;
use lark_helpdesk_conformance::{Answer, Replay, describe, describe_error};
use serde_json::{Value, json};

fn fixtures() -> Vec<PathBuf> {
    fixtures_in("fixtures")
}

fn fixtures_in(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fixtures exists")
        .map(|e| e.expect("readable").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

fn load(path: &Path) -> (String, Value, Answer) {
    let name = path.file_stem().unwrap().to_string_lossy().into_owned();
    let fixture: Value =
        serde_json::from_slice(&std::fs::read(path).expect("readable")).expect("fixture is JSON");
    let body = match (&fixture["body_text"], &fixture.get("body")) {
        (Value::String(text), _) => text.clone().into_bytes(),
        (_, Some(body)) => serde_json::to_vec(body).unwrap(),
        _ => panic!("{name}: no body or body_text"),
    };
    let mut headers: Vec<(String, String)> = Vec::new();
    let declared = fixture["headers"].as_object().cloned().unwrap_or_default();
    if !declared.contains_key("X-Tt-Logid") {
        headers.push(("X-Tt-Logid".into(), format!("fixture-{name}")));
    }
    for (k, v) in declared {
        if let Some(v) = v.as_str() {
            headers.push((k, v.to_string()));
        }
    }
    let answer = Answer {
        status: fixture["status"].as_u64().expect("status") as u16,
        headers,
        content_type: fixture["content_type"]
            .as_str()
            .unwrap_or("application/json")
            .into(),
        body,
    };
    (name, fixture, answer)
}

#[test]
fn there_are_fixtures_for_every_listed_case() {
    let names: Vec<String> = fixtures()
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    for required in [
        "created_at_as_string",
        "unknown_message_type",
        "content_not_json",
        "extra_and_null_fields",
        "huge_integers",
        "empty_page",
        "short_page",
        "html_502",
        "truncated_json",
        "wrong_content_type",
        "empty_body",
        "rate_limited_with_reset",
    ] {
        assert!(names.iter().any(|n| n == required), "no fixture {required}");
    }
}

#[tokio::test]
async fn every_fixture_replays_to_its_snapshot() {
    for path in fixtures() {
        let (name, fixture, answer) = load(&path);
        let replay = Replay::start(answer).await;
        let client = replay.client(RetryPolicy::none());
        let one = client.ticket_messages("6948728206392295444").send().await;
        // The same answer seen by the stream (which asks for pages of 200).
        let streamed: Vec<_> = client
            .ticket_messages("6948728206392295444")
            .stream()
            .collect()
            .await;
        let ok = streamed.iter().filter(|r| r.is_ok()).count();
        let stream_end = streamed
            .iter()
            .find_map(|r| r.as_ref().err())
            .map(describe_error);
        insta::assert_yaml_snapshot!(
            name.clone(),
            json!({
                "description": fixture["description"],
                "send": describe(&one),
                "stream": {"messages": ok, "error": stream_end},
            })
        );
    }
}

/// `tests/fixtures/tickets/*.json`: answers of "list tickets" beyond the doc, through one
/// page and through the whole stream (which splits windows past the cap).
#[tokio::test]
async fn every_ticket_fixture_replays_to_its_snapshot() {
    let files = fixtures_in("fixtures/tickets");
    assert!(files.len() >= 6, "the ticket fixtures are there");
    for path in files {
        let (name, fixture, answer) = load(&path);
        let replay = Replay::start(answer).await;
        let client = replay.client(RetryPolicy::none());
        let one = client.tickets().send().await;
        let streamed: Vec<_> = client.tickets().stream().collect().await;
        let ok = streamed.iter().filter(|r| r.is_ok()).count();
        let stream_end = streamed
            .iter()
            .find_map(|r| r.as_ref().err())
            .map(describe_error);
        insta::assert_yaml_snapshot!(
            format!("tickets_{name}"),
            json!({
                "description": fixture["description"],
                "send": lark_helpdesk_conformance::describe_tickets(&one),
                "stream": {"tickets": ok, "error": stream_end},
            })
        );
    }
}
