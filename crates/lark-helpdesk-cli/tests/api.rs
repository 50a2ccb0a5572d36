//! `api`: any operation of the spec from the command line, against a fake server started
//! by each test; and `messages send`.

mod common;

use lark_helpdesk::ops;
use lark_helpdesk_mock::{Fault, FaultScope, MockHelpdesk};
use predicates::prelude::*;
use predicates::str::contains;
use serde_json::Value;

use common::cli;

async fn mock() -> MockHelpdesk {
    MockHelpdesk::builder().start().await.unwrap()
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn list_names_every_operation_with_its_method_path_and_token_kinds() {
    let output = assert_cmd::cargo::cargo_bin_cmd!("lark-helpdesk")
        .args(["api", "--list"])
        .assert()
        .success()
        .get_output()
        .clone();
    let text = stdout(&output);
    let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    let helpdesk: Vec<_> = ops::ALL.iter().filter(|op| !op.tokens.is_empty()).collect();
    assert_eq!(lines.len(), helpdesk.len());
    for (line, op) in lines.iter().zip(helpdesk) {
        let tokens: Vec<&str> = op.tokens.iter().map(|k| k.as_str()).collect();
        assert_eq!(
            line,
            &[
                op.id,
                op.method.as_str(),
                op.path,
                tokens.join(",").as_str()
            ]
        );
    }
    assert!(text.contains("delete_faq\tDELETE\t/open-apis/helpdesk/v1/faqs/{id}\tuser\n"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_write_then_a_read_of_what_it_wrote() {
    let mock = mock().await;
    let created = cli(&mock)
        .args([
            "api",
            "create_category",
            "--body",
            r#"{"name":"Billing","parent_id":"0"}"#,
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    let data: Value = serde_json::from_str(&stdout(&created)).expect("JSON data");
    let id = data["category"]["category_id"]
        .as_str()
        .expect("the new category's id")
        .to_string();
    let got = cli(&mock)
        .args(["api", "get_category", "--param", &format!("id={id}")])
        .assert()
        .success()
        .get_output()
        .clone();
    let got: Value = serde_json::from_str(&stdout(&got)).unwrap();
    assert_eq!(got["name"], "Billing", "{got}");
    // The write went with the user token (the operation takes only that kind).
    assert_eq!(mock.requests_of("create_category"), 1);
    let requests: Vec<_> = mock
        .received_requests()
        .await
        .into_iter()
        .filter(|r| r.method.as_str() == "POST" && r.url.path().ends_with("/categories"))
        .collect();
    assert_eq!(
        requests[0].headers.get("authorization").unwrap(),
        &format!("Bearer {}", mock.credentials().user_access_token)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn all_walks_a_page_token_listing_one_item_a_line() {
    let mock = mock().await;
    // More FAQs than one page of the smallest size holds.
    for i in 0..5 {
        cli(&mock)
            .args([
                "api",
                "create_faq",
                "--body",
                &format!(r#"{{"faq":{{"question":"Q{i}?","answer":"A{i}."}}}}"#),
            ])
            .assert()
            .success();
    }
    let output = cli(&mock)
        .args(["api", "list_faqs", "--param", "page_size=2", "--all"])
        .assert()
        .success()
        .get_output()
        .clone();
    let items: Vec<Value> = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: std::collections::HashSet<&str> =
        items.iter().filter_map(|f| f["faq_id"].as_str()).collect();
    assert_eq!(ids.len(), items.len(), "each FAQ once");
    for i in 0..5 {
        let question = format!("Q{i}?");
        assert!(
            items.iter().any(|f| f["question"] == question.as_str()),
            "{question} listed"
        );
    }
    let pages = mock.requests_of("list_faqs");
    assert!(pages >= items.len().div_ceil(2), "{pages} pages of 2");
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_is_refused_with_exit_2_before_anything_is_sent() {
    let mock = mock().await;
    let cases: [(&[&str], &str); 6] = [
        (&["api", "no_such_operation"], "no_such_operation"),
        (&["api", "get_faq"], "id"),
        (&["api", "get_faq", "--param", "nope=1"], "nope"),
        (
            &["api", "list_faqs", "--param", "page_size=500"],
            "page_size",
        ),
        (&["api", "get_faq", "--param", "id"], "NAME=VALUE"),
        (
            &[
                "api",
                "create_faq",
                "--body",
                r#"{"faq":{"answer":"no question"}}"#,
            ],
            "question",
        ),
    ];
    for (args, named) in cases {
        cli(&mock)
            .args(args)
            .assert()
            .code(2)
            .stderr(contains(named));
    }
    cli(&mock)
        .args(["api", "create_faq", "--body", "{not json"])
        .assert()
        .code(2)
        .stderr(contains("not JSON"));
    cli(&mock)
        .args(["api", "get_faq", "--param", "id=1", "--all"])
        .assert()
        .code(2)
        .stderr(contains("not a listing"));
    let sent = mock.received_requests().await;
    assert!(
        sent.iter()
            .all(|r| !r.url.path().starts_with("/open-apis/helpdesk/")),
        "nothing sent"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_user_token_operation_without_a_user_token_exits_3_saying_what_to_set() {
    let mock = mock().await;
    cli(&mock)
        .env_remove("LARK_USER_ACCESS_TOKEN")
        .args(["api", "delete_faq", "--param", "id=1"])
        .assert()
        .code(3)
        .stderr(contains("delete_faq").and(contains("LARK_USER_ACCESS_TOKEN")));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_answer_goes_to_output() {
    let mock = mock().await;
    let dir = tempdir("file");
    let file = dir.join("image.png");
    cli(&mock)
        .args([
            "api",
            "get_ticket_image",
            "--param",
            "ticket_id=6948728206392295444",
            "--param",
            "msg_id=6949088236610273307",
            "--output",
        ])
        .arg(&file)
        .assert()
        .success()
        .stderr(contains("bytes").and(contains("application/octet-stream")));
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    assert!(
        std::fs::read_dir(&dir).unwrap().count() == 1,
        "no partial file left"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn messages_send_appears_in_the_tickets_messages_and_is_never_sent_twice() {
    let mock = mock().await;
    let ticket = "6948728206392295444";
    let sent = cli(&mock)
        .args(["messages", "send", ticket, "We are on it"])
        .assert()
        .success()
        .get_output()
        .clone();
    let id = stdout(&sent).trim().to_string();
    assert!(!id.is_empty());
    let listed = cli(&mock)
        .args(["messages", ticket, "--all", "--format", "ndjson"])
        .assert()
        .success()
        .get_output()
        .clone();
    let texts: Vec<Value> = stdout(&listed)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        texts.iter().any(|m| m.to_string().contains("We are on it")),
        "the sent message is listed: {texts:?}"
    );

    // Applied, then the connection dropped: sent once, and the error says so.
    mock.inject(FaultScope::NextRequests(1), Fault::DropAfterApplying);
    let before = mock.requests_of("create_ticket_message");
    cli(&mock)
        .args(["messages", "send", ticket, "Once only"])
        .assert()
        .code(1)
        .stderr(contains("outcome is unknown"));
    assert_eq!(
        mock.requests_of("create_ticket_message"),
        before + 1,
        "never sent again"
    );
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("lark-helpdesk-api-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn completions_offer_operation_ids_and_parameter_names() {
    let output = assert_cmd::cargo::cargo_bin_cmd!("lark-helpdesk")
        .args(["completions", "bash"])
        .assert()
        .success()
        .get_output()
        .clone();
    let script = stdout(&output);
    for word in [
        "list_faqs",
        "create_ticket_message",
        "ticket_id=",
        "page_token=",
    ] {
        assert!(script.contains(word), "{word} in the bash completions");
    }
}
