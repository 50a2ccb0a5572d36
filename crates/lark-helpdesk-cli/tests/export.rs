//! `tickets` and `export`, run as a user runs them, against a fake server started here
//! so that what the binary wrote can be compared with what the server holds.

use std::collections::HashSet;

use lark_helpdesk_mock::{Fault, FaultScope, MockHelpdesk};
use serde_json::Value;

mod common;
use common::{assert_export, cli, helpdesk, holdings, process, temp_dir};

#[tokio::test(flavor = "multi_thread")]
async fn an_export_holds_every_ticket_and_every_message_once() {
    let mock = helpdesk(120).await;
    let expected = holdings(&mock).await;
    assert!(
        expected.iter().any(|(_, m)| m.len() > 200),
        "some tickets span pages"
    );
    let dir = temp_dir("export");
    let stderr = common::export(&mock, &dir);
    let messages: usize = expected.iter().map(|(_, m)| m.len()).sum();
    assert!(
        stderr.contains(&format!(
            "exported: 120 new tickets, 0 updated, {messages} new messages"
        )),
        "{stderr}"
    );
    assert_export(&dir, &expected);
    // Again, with nothing changed on the server: one listing, no message request.
    let before = mock.message_requests().await.len();
    let stderr = common::export(&mock, &dir);
    assert!(
        stderr.contains("brought up to date: 0 new tickets, 0 updated, 0 new messages"),
        "{stderr}"
    );
    assert_eq!(mock.message_requests().await.len(), before);
    assert_export(&dir, &expected);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn an_export_with_faults_mid_way_still_holds_everything_once() {
    let mock = helpdesk(60).await;
    let expected = holdings(&mock).await;
    let before = mock.received_requests().await.len();
    let dir = temp_dir("faults");
    let mut export = process(&mock);
    export.args(["export", "--output"]).arg(&dir);
    let child = export
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // One fault after every ten requests the export makes, on whatever request comes
    // next (tickets and messages alike): each is retried.
    let faults = [
        Fault::RateLimited { reset_secs: 0 },
        Fault::Internal,
        Fault::GatewayHtml502,
        Fault::ConnectionError,
        Fault::TokenExpired { http_status: 400 },
    ];
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(60);
    for (i, fault) in faults.into_iter().enumerate() {
        while mock.received_requests().await.len() < before + 10 * (i + 1) {
            assert!(tokio::time::Instant::now() < deadline, "the export stalled");
            tokio::time::sleep(std::time::Duration::from_millis(2)).await;
        }
        mock.inject(FaultScope::NextRequests(1), fault);
    }
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert_export(&dir, &expected);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn an_export_past_the_cap_holds_every_ticket_once() {
    let n = 10_150;
    let mock = MockHelpdesk::builder()
        .synthetic_helpdesk(n)
        .record_requests(false)
        .start()
        .await
        .unwrap();
    let expected = holdings(&mock).await;
    assert_eq!(expected.len(), n);
    let dir = temp_dir("cap");
    cli(&mock)
        .args(["export", "--concurrency", "8", "--output"])
        .arg(&dir)
        .assert()
        .success();
    assert_export(&dir, &expected);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn ticket_filters_reach_the_request_as_the_go_sdk_sends_them() {
    let mock = helpdesk(30).await;
    let output = cli(&mock)
        .args([
            "tickets",
            "--status",
            "in-progress",
            "--status",
            "51",
            "--tag",
            "billing",
            "--tag",
            "bug",
            "--since",
            "2026-06-01T00:00:00Z",
            "--until",
            "2026-12-01T00:00:00Z",
            "--channel",
            "open-api",
            "--type",
            "human",
            "--solved",
            "false",
            "--agent-id",
            "ou_agent_0001",
            "--guest-id",
            "ou_guest_0001",
            "--format",
            "ndjson",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    for line in String::from_utf8(output.stdout).unwrap().lines() {
        let t: Value = serde_json::from_str(line).unwrap();
        assert!(t["status"] == 2 || t["status"] == 51, "{t}");
    }
    let requests = mock.received_requests().await;
    let list = requests
        .iter()
        .find(|r| r.url.path() == "/open-apis/helpdesk/v1/tickets")
        .expect("a list request");
    let mut query: Vec<(String, String)> = list.url.query_pairs().into_owned().collect();
    query.sort();
    let mut expected: Vec<(String, String)> = [
        ("agent_id", "ou_agent_0001"),
        ("channel", "9"),
        ("create_time_end", "1796083200000"),
        ("create_time_start", "1780272000000"),
        ("guest_id", "ou_guest_0001"),
        ("page", "1"),
        ("page_size", "20"),
        ("solved", "1"),
        ("status_list", "2"),
        ("status_list", "51"),
        ("tags", "billing"),
        ("tags", "bug"),
        ("type", "2"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    expected.sort();
    assert_eq!(query, expected);
}

#[tokio::test(flavor = "multi_thread")]
async fn tickets_all_lists_every_ticket_once_in_every_format() {
    let mock = helpdesk(45).await;
    let ndjson = cli(&mock)
        .args(["tickets", "--all", "--format", "ndjson"])
        .assert()
        .success();
    let text = String::from_utf8(ndjson.get_output().stdout.clone()).unwrap();
    let ids: HashSet<String> = text
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["ticket_id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(ids.len(), 45);
    let json = cli(&mock)
        .args(["tickets", "--all", "--format", "json"])
        .assert()
        .success();
    let all: Value = serde_json::from_slice(&json.get_output().stdout).unwrap();
    assert_eq!(all.as_array().map(Vec::len), Some(45));
    let csv = cli(&mock)
        .args(["tickets", "--all", "--format", "csv"])
        .assert()
        .success();
    let csv = String::from_utf8(csv.get_output().stdout.clone()).unwrap();
    assert_eq!(csv.lines().count(), 46, "a header and a row a ticket");
    assert!(csv.starts_with("ticket_id,status,channel"));
    let table = cli(&mock)
        .args(["tickets", "--format", "table"])
        .assert()
        .success();
    let table = String::from_utf8(table.get_output().stdout.clone()).unwrap();
    assert!(table.starts_with("CREATED"), "{table}");
    assert!(
        table
            .trim_end()
            .ends_with("(20 tickets; page 1, 20 per page, 45 in all; log id mock-0000000002)")
            || table.contains("45 in all"),
        "{table}"
    );
}

#[test]
fn completions_are_printed_for_each_shell() {
    for shell in ["bash", "zsh", "fish"] {
        let out = assert_cmd::cargo::cargo_bin_cmd!("lark-helpdesk")
            .args(["completions", shell])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("lark-helpdesk") && text.contains("export"),
            "{shell}"
        );
    }
}
