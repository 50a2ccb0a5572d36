//! The `lark-helpdesk` binary, run as a user runs it: against the embedded fake server
//! (`--mock`) or a `mock-server` child process.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Stdio};

use assert_cmd::Command;
use base64::Engine as _;
use predicates::prelude::*;
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

const EXAMPLE: &str = "6948728206392295444";
const SYNTHETIC: &str = "7000000000000000001";
const EXAMPLE_TEXT: &str = "进入人工服务";
const LARK_VARS: [&str; 6] = [
    "LARK_APP_ID",
    "LARK_APP_SECRET",
    "LARK_TENANT_ACCESS_TOKEN",
    "LARK_HELPDESK_ID",
    "LARK_HELPDESK_TOKEN",
    "LARK_BASE_URL",
];

/// The binary, with no `LARK_*` variable or `RUST_LOG` of the caller's environment.
fn cli() -> Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("lark-helpdesk");
    for var in LARK_VARS {
        cmd.env_remove(var);
    }
    cmd.env_remove("RUST_LOG").env_remove("COLUMNS");
    cmd
}

fn stdout_of(cmd: &mut Command) -> String {
    let output = cmd.assert().success().get_output().clone();
    String::from_utf8(output.stdout).expect("stdout is UTF-8")
}

fn ndjson(text: &str) -> Vec<Value> {
    text.lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

fn ids(messages: &[Value]) -> Vec<String> {
    messages
        .iter()
        .map(|m| m["id"].as_str().expect("id is a string").to_owned())
        .collect()
}

/// Every message exactly once, in the mock's order (by `created_at`).
fn assert_whole_ticket(messages: &[Value], n: usize) {
    assert_eq!(messages.len(), n);
    let unique: HashSet<_> = ids(messages).into_iter().collect();
    assert_eq!(unique.len(), n, "duplicate ids");
    let times: Vec<i64> = messages
        .iter()
        .map(|m| m["created_at"].as_i64().expect("created_at"))
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "out of order");
}

#[test]
fn the_main_job_prints_the_documented_message_as_ndjson_when_piped() {
    let out = stdout_of(cli().args(["--mock", "messages", EXAMPLE]));
    let messages = ndjson(&out);
    assert_eq!(messages.len(), 1);
    let m = &messages[0];
    assert_eq!(m["id"], EXAMPLE);
    assert_eq!(m["message_id"], "6949088236610273307");
    assert_eq!(m["message_type"], "text");
    assert_eq!(m["created_at"], 1_617_960_686_000_i64);
    assert_eq!(m["user_name"], "李宁");
    assert_eq!(m["user_id"], "ou_37019b7c830210acd88fdce886e25c71");
    assert!(m["avatar_url"].as_str().unwrap().starts_with("https://"));
    let content: Value = serde_json::from_str(m["content"].as_str().unwrap()).unwrap();
    assert!(
        content["content"]
            .as_str()
            .unwrap()
            .starts_with(EXAMPLE_TEXT)
    );
}

#[test]
fn json_of_one_page_carries_the_page_facts() {
    let out = stdout_of(cli().args([
        "--mock",
        "messages",
        SYNTHETIC,
        "--page",
        "3",
        "--page-size",
        "7",
        "--format",
        "json",
    ]));
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["messages"].as_array().unwrap().len(), 7);
    assert_eq!(doc["total"], 5000);
    assert_eq!(doc["page"], 3);
    assert_eq!(doc["page_size"], 7);
    assert!(doc["log_id"].as_str().is_some_and(|l| !l.is_empty()));

    // The same page as NDJSON holds the same messages.
    let same = stdout_of(cli().args([
        "--mock",
        "messages",
        SYNTHETIC,
        "--page",
        "3",
        "--page-size",
        "7",
        "--format",
        "ndjson",
    ]));
    assert_eq!(ndjson(&same), *doc["messages"].as_array().unwrap());
}

#[test]
fn csv_has_a_header_and_one_row_per_message() {
    let args = ["--mock", "messages", SYNTHETIC, "--page-size", "50"];
    let out = stdout_of(cli().args(args).args(["--format", "csv"]));
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        header,
        [
            "id",
            "message_id",
            "message_type",
            "created_at",
            "time",
            "user_name",
            "user_id",
            "avatar_url",
            "text",
            "content"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 50);
    let expected = ndjson(&stdout_of(cli().args(args)));
    for (row, m) in rows.iter().zip(&expected) {
        assert_eq!(&row[0], m["id"].as_str().unwrap());
        assert_eq!(&row[3], m["created_at"].to_string());
        assert_eq!(&row[9], m["content"].as_str().unwrap());
        assert!(row[4].ends_with('Z'), "{}", &row[4]);
    }
}

#[test]
fn the_table_shows_the_example_text_within_the_terminal_width() {
    let out = stdout_of(
        cli()
            .args(["--mock", "messages", EXAMPLE, "--format", "table"])
            .env("COLUMNS", "120"),
    );
    assert!(out.contains(EXAMPLE_TEXT), "{out}");
    assert!(out.contains("2021-04-09T09:31:26Z"), "{out}");
    assert!(out.starts_with("TIME"), "{out}");

    let narrow = stdout_of(
        cli()
            .args(["--mock", "messages", SYNTHETIC, "--page-size", "100"])
            .args(["--format", "table"])
            .env("COLUMNS", "70"),
    );
    let lines: Vec<&str> = narrow.lines().collect();
    assert_eq!(lines.len(), 1 + 100 + 1, "header, rows, footer");
    for line in &lines[..101] {
        assert!(line.width() <= 70, "{} cells: {line}", line.width());
    }
    assert!(narrow.contains('…'), "long texts are cut");
}

#[test]
fn all_pages_with_concurrency_give_every_message_once_in_order() {
    let four = ndjson(&stdout_of(cli().args([
        "--mock",
        "messages",
        SYNTHETIC,
        "--all",
        "--concurrency",
        "4",
    ])));
    assert_whole_ticket(&four, 5000);
    let one = ndjson(&stdout_of(
        cli().args(["--mock", "messages", SYNTHETIC, "--all"]),
    ));
    assert_eq!(ids(&four), ids(&one));
}

#[test]
fn all_pages_as_json_and_csv() {
    let out = stdout_of(cli().args([
        "--mock",
        "messages",
        SYNTHETIC,
        "--all",
        "--concurrency",
        "3",
        "--format",
        "json",
    ]));
    let all: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert_whole_ticket(&all, 5000);

    let out = stdout_of(cli().args(["--mock", "messages", SYNTHETIC, "--all", "--format", "csv"]));
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let ids: HashSet<String> = reader.records().map(|r| r.unwrap()[0].to_owned()).collect();
    assert_eq!(ids.len(), 5000);
}

#[test]
fn faults_are_retried_and_every_message_comes_once() {
    for fault in [
        "rate-limit",
        "internal",
        "token-expired",
        "gateway-502",
        "connection",
    ] {
        let output = cli()
            .args(["--mock", "--mock-fault", fault, "messages", SYNTHETIC])
            .args(["--all", "--concurrency", "4"])
            .env("RUST_LOG", "lark_helpdesk=info")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{fault}: {stderr}");
        let messages = ndjson(std::str::from_utf8(&output.stdout).unwrap());
        assert_whole_ticket(&messages, 5000);
        let retried = if fault == "token-expired" {
            "fetching a new one"
        } else {
            "retrying"
        };
        assert!(stderr.contains(retried), "{fault}: {stderr}");
    }
}

#[test]
fn a_truncated_body_is_a_decode_error() {
    cli()
        .args(["--mock", "--mock-fault", "truncated", "messages", EXAMPLE])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("undecodable answer"))
        .stderr(predicate::str::contains("log id"));
}

#[test]
fn an_unknown_ticket_exits_1_with_code_log_id_and_hint() {
    for all in [false, true] {
        let mut cmd = cli();
        cmd.args(["--mock", "messages", "123"]);
        if all {
            cmd.arg("--all");
        }
        let output = cmd.assert().code(1).stdout("").get_output().clone();
        let stderr = String::from_utf8(output.stderr).unwrap();
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(lines.len(), 2, "{stderr}");
        assert!(lines[0].starts_with("error: "), "{stderr}");
        assert!(
            lines[0].contains("(code 154000, log id 202611261000"),
            "{stderr}"
        );
        assert_eq!(
            lines[1],
            "hint: check the ids, the parameters and the body of the request"
        );
    }
}

#[test]
fn invalid_input_is_a_usage_error() {
    cli()
        .args(["--mock", "messages", SYNTHETIC, "--page-size", "500"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("page_size"));
    cli()
        .args(["--mock", "messages", SYNTHETIC, "--since", "yesterday"])
        .assert()
        .code(2);
    cli()
        .args(["--mock", "messages", SYNTHETIC, "--page", "2", "--all"])
        .assert()
        .code(2);
    cli().args(["--mock", "messages"]).assert().code(2);
    cli()
        .args(["messages", EXAMPLE, "--mock-fault", "internal"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--mock"));
}

#[test]
fn missing_credentials_name_the_variables_and_suggest_mock() {
    let output = cli()
        .args(["messages", EXAMPLE])
        .assert()
        .code(2)
        .stdout("")
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    for needle in ["LARK_APP_ID", "LARK_HELPDESK_TOKEN", "--mock"] {
        assert!(stderr.contains(needle), "{needle}: {stderr}");
    }
}

#[test]
fn help_documents_exit_codes_and_the_mock_tickets() {
    let help = stdout_of(cli().arg("--help"));
    for needle in [
        "Exit codes",
        "0  success",
        "2  usage",
        "3  authentication",
        "4  rate limited",
        EXAMPLE,
        SYNTHETIC,
        "5000",
        "--app-secret-file",
        "LARK_APP_ID",
    ] {
        assert!(help.contains(needle), "{needle}: {help}");
    }
    // Secrets come from files or the environment, never from a flag's value.
    assert!(!help.contains("--app-secret "), "{help}");
    assert!(!help.contains("--helpdesk-token "), "{help}");
}

#[test]
fn time_ranges_accept_rfc3339_and_unix_seconds() {
    let inside = stdout_of(cli().args([
        "--mock",
        "messages",
        EXAMPLE,
        "--since",
        "2021-04-09T09:31:26Z",
        "--until",
        "1617960686",
    ]));
    assert_eq!(ids(&ndjson(&inside)), [EXAMPLE]);
    let after = stdout_of(cli().args([
        "--mock",
        "messages",
        EXAMPLE,
        "--since",
        "2021-04-09T17:31:27+08:00",
        "--format",
        "json",
    ]));
    let doc: Value = serde_json::from_str(&after).unwrap();
    assert_eq!(doc["messages"], Value::Array(Vec::new()));
    assert_eq!(doc["total"], 0);
}

#[test]
fn a_closed_stdout_ends_quietly_with_success() {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("lark-helpdesk"))
        .args(["--mock", "messages", SYNTHETIC, "--all"])
        .env_remove("RUST_LOG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The reader is dropped here: the pipe is closed with most of the ticket unwritten.
    assert!(first.contains("\"id\""), "{first}");
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{status}: {stderr}");
    assert_eq!(stderr, "");
}

/// A `mock-server` child process, killed when dropped.
struct MockServer {
    child: Child,
    /// The `export NAME=value` lines it printed.
    exports: Vec<(String, String)>,
    /// Everything it printed.
    printed: String,
}

impl MockServer {
    fn start(messages: usize) -> MockServer {
        Self::start_with(messages, &[])
    }

    /// With more arguments of `mock-server`.
    fn start_with(messages: usize, args: &[&str]) -> MockServer {
        Self::start_with_env(messages, args, &[])
    }

    /// With more arguments of `mock-server` and variables in its environment.
    fn start_with_env(messages: usize, args: &[&str], env: &[(&str, &str)]) -> MockServer {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("lark-helpdesk"))
            .args(["mock-server", "--port", "0", "--messages"])
            .arg(messages.to_string())
            .args(args)
            .env_remove("LARK_ENCRYPT_KEY")
            .env_remove("LARK_VERIFICATION_TOKEN")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut exports = Vec::new();
        let mut printed = String::new();
        let mut line = String::new();
        loop {
            line.clear();
            let n = stdout.read_line(&mut line).unwrap();
            printed.push_str(&line);
            assert!(n > 0, "mock-server ended before printing its credentials");
            if let Some((name, value)) = line
                .trim()
                .strip_prefix("export ")
                .and_then(|l| l.split_once('='))
            {
                exports.push((name.to_owned(), value.to_owned()));
            }
            if line.contains("Ctrl-C") {
                break;
            }
        }
        MockServer {
            child,
            exports,
            printed,
        }
    }

    fn var(&self, name: &str) -> &str {
        self.exports
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("mock-server printed no {name}"))
    }

    /// The binary with the printed variables in its environment.
    fn cli(&self) -> Command {
        let mut cmd = cli();
        for (name, value) in &self.exports {
            cmd.env(name, value);
        }
        cmd
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn mock_server_prints_paste_ready_credentials_that_work() {
    let server = MockServer::start(450);
    for name in LARK_VARS {
        if name != "LARK_TENANT_ACCESS_TOKEN" {
            assert!(!server.var(name).is_empty(), "{name}");
        }
    }
    assert!(server.var("LARK_BASE_URL").starts_with("http://127.0.0.1:"));
    let out = stdout_of(server.cli().args(["messages", SYNTHETIC, "--all"]));
    assert_whole_ticket(&ndjson(&out), 450);
    let out = stdout_of(
        server
            .cli()
            .args(["messages", EXAMPLE, "--format", "table"]),
    );
    assert!(out.contains(EXAMPLE_TEXT), "{out}");
}

/// `mock-server --events-to` pushes the events of its activity to a receiver, encrypted
/// and signed with the Encrypt Key of its environment, which it never prints.
#[test]
fn mock_server_pushes_its_events_encrypted_and_signed() {
    use sha2::{Digest, Sha256};
    use wiremock::matchers::method;
    use wiremock::{Mock, ResponseTemplate};

    const KEY: &str = "s3cret-encrypt-key-of-the-test";
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let receiver = runtime.block_on(async {
        let receiver = wiremock::MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(200))
            .mount(&receiver)
            .await;
        receiver
    });
    let server = MockServer::start_with_env(
        5,
        &[
            "--events-to",
            &format!("{}/events", receiver.uri()),
            "--events-retry-scale",
            "0.001",
            "--activity-every",
            "20ms",
        ],
        &[
            ("LARK_ENCRYPT_KEY", KEY),
            ("LARK_VERIFICATION_TOKEN", "token-of-the-test"),
        ],
    );
    assert!(
        server.printed.contains("encryption on"),
        "{}",
        server.printed
    );
    assert!(!server.printed.contains(KEY), "{}", server.printed);
    assert!(!server.printed.contains("token-of-the-test"));

    let start = std::time::Instant::now();
    let requests = loop {
        let requests = runtime.block_on(receiver.received_requests()).unwrap();
        if requests.len() >= 3 {
            break requests;
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(60),
            "no events pushed"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    for request in &requests[..3] {
        assert_eq!(request.url.path(), "/events");
        let body: Value = serde_json::from_slice(&request.body).unwrap();
        assert!(body["encrypt"].is_string(), "{body}");
        let header = |name: &str| request.headers.get(name).unwrap().to_str().unwrap();
        let digest = Sha256::new()
            .chain_update(header("X-Lark-Request-Timestamp"))
            .chain_update(header("X-Lark-Request-Nonce"))
            .chain_update(KEY)
            .chain_update(&request.body)
            .finalize();
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(header("X-Lark-Signature"), hex);
    }
}

#[test]
fn mock_server_refuses_a_bad_duration_or_scale() {
    cli()
        .args(["mock-server", "--activity-every", "soon"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("not a duration"));
    cli()
        .args([
            "mock-server",
            "--events-to",
            "http://127.0.0.1:9/",
            "--events-retry-scale",
            "0",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains("above 0"));
}

/// The SDK's sign-in (device flow, then the authorize page with PKCE, then a refresh)
/// against `mock-server`, with the token lifetimes given on its command line.
#[test]
fn mock_server_serves_user_sign_in_with_the_lifetimes_asked() {
    use std::sync::Arc;
    use std::time::Duration;

    use lark_helpdesk::{MemoryStore, OAuthApp, SystemClock, UserTokens, sign_in};

    let server = MockServer::start_with(
        10,
        &["--user-token-ttl", "60", "--refresh-token-ttl", "120"],
    );
    let base = server.var("LARK_BASE_URL").to_owned();
    assert_eq!(server.var("LARK_ACCOUNTS_URL"), base);
    let app = OAuthApp::new(
        server.var("LARK_APP_ID"),
        server.var("LARK_APP_SECRET"),
        &base,
        Some(server.var("LARK_ACCOUNTS_URL")),
    )
    .unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        // The device flow: the page with the code filled in approves at once.
        let device = app.device_authorization(&["helpdesk:all"]).await.unwrap();
        let page = reqwest::get(device.verification_uri_complete.clone().unwrap())
            .await
            .unwrap();
        assert_eq!(page.status(), 200);
        let grant = app.wait_for_device(&device).await.unwrap();
        assert_eq!(grant.expires_in, Duration::from_secs(60));
        assert_eq!(grant.refresh_expires_in, Some(Duration::from_secs(120)));
        assert_eq!(
            app.user_info(&grant.access_token).await.unwrap().open_id,
            "ou_mock_user"
        );

        // The authorize page: its redirect carries the code.
        let request =
            app.authorization_request("http://127.0.0.1:53682/callback", &["helpdesk:all"]);
        let redirect = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
            .get(&request.url)
            .send()
            .await
            .unwrap();
        assert_eq!(redirect.status(), 302);
        let location = redirect.headers()["location"].to_str().unwrap().to_owned();
        let query = location.split_once('?').unwrap().1;
        let grant = app.exchange_redirect(&request, query).await.unwrap();
        let store = Arc::new(MemoryStore::new());
        let stored = sign_in(&app, store.as_ref(), &grant, &SystemClock)
            .await
            .unwrap();
        assert_eq!(stored.name.as_deref(), Some("Mock User"));

        // A refresh (the margin is longer than the token's life): a new token.
        let tokens = UserTokens::new(app.clone(), store.clone(), &stored.user)
            .with_refresh_margin(Duration::from_secs(3600));
        tokens.access_token().await.unwrap();
        let refreshed = tokens.stored().await.unwrap();
        assert_eq!(
            app.user_info(&refreshed.access_token)
                .await
                .unwrap()
                .open_id,
            "ou_mock_user"
        );
        // The token it replaced died with the refresh.
        let old = app.user_info(&stored.access_token).await.unwrap_err();
        assert!(
            matches!(&old, lark_helpdesk::Error::UserAuth(e) if e.code == Some(99_991_668)),
            "{old}"
        );
    });
}

#[test]
fn no_secret_appears_in_any_output_even_at_trace_level() {
    let server = MockServer::start(450);
    let secret = server.var("LARK_APP_SECRET").to_owned();
    let token = server.var("LARK_HELPDESK_TOKEN").to_owned();
    let helpdesk_header = {
        // Standard base64 of "helpdesk_id:helpdesk_token", as the header carries it.
        let plain = format!("{}:{token}", server.var("LARK_HELPDESK_ID"));
        base64::engine::general_purpose::STANDARD.encode(plain)
    };
    for args in [
        vec!["messages", SYNTHETIC, "--all", "--concurrency", "2"],
        vec!["messages", "123"],
    ] {
        let output = server
            .cli()
            .args(&args)
            .env("RUST_LOG", "trace")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.lines().count() > 10, "trace logs are on: {stderr}");
        for (what, needle) in [
            ("app secret", secret.as_str()),
            ("helpdesk token", token.as_str()),
            ("helpdesk header", helpdesk_header.as_str()),
            ("tenant token", "Bearer t-"),
            ("tenant token", "t-mock-"),
        ] {
            assert!(!stdout.contains(needle), "{what} on stdout");
            assert!(!stderr.contains(needle), "{what} on stderr");
        }
    }
}

#[test]
fn credentials_from_flags_and_secret_files() {
    let server = MockServer::start(10);
    let dir = std::env::temp_dir().join(format!("lark-helpdesk-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let secret = dir.join("app_secret");
    let token = dir.join("helpdesk_token");
    let wrong = dir.join("wrong");
    std::fs::write(&secret, format!("{}\n", server.var("LARK_APP_SECRET"))).unwrap();
    std::fs::write(&token, format!("{}\n", server.var("LARK_HELPDESK_TOKEN"))).unwrap();
    std::fs::write(&wrong, "not-the-secret\n").unwrap();
    let flags = |secret: &std::path::Path, token: &std::path::Path| {
        let mut cmd = cli();
        cmd.args(["--base-url", server.var("LARK_BASE_URL")])
            .args(["--app-id", server.var("LARK_APP_ID")])
            .arg("--app-secret-file")
            .arg(secret)
            .args(["--helpdesk-id", server.var("LARK_HELPDESK_ID")])
            .arg("--helpdesk-token-file")
            .arg(token);
        cmd
    };

    let out = stdout_of(flags(&secret, &token).args(["messages", SYNTHETIC, "--all"]));
    assert_whole_ticket(&ndjson(&out), 10);

    // A wrong helpdesk token: 154001, exit 3, with the hint about both credentials.
    flags(&secret, &wrong)
        .args(["messages", EXAMPLE])
        .assert()
        .code(3)
        .stdout("")
        .stderr(predicate::str::contains("code 154001"))
        .stderr(predicate::str::contains(
            "hint: check both the tenant access token",
        ));
    // A wrong app secret: refused by the token endpoint (HTTP 200, 10014), exit 3, naming
    // the app and never the secret.
    flags(&wrong, &token)
        .args(["messages", EXAMPLE])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(format!(
            "error: tenant_access_token_internal failed for app {}: HTTP 200: app secret invalid (code 10014",
            server.var("LARK_APP_ID")
        )))
        .stderr(predicate::str::contains(
            "hint: check the app id and app secret of the self-built app",
        ))
        .stderr(predicate::str::contains("not-the-secret").not());
    // An unreadable secret file: a usage error, nothing sent.
    flags(&dir.join("missing"), &token)
        .args(["messages", EXAMPLE])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--app-secret-file"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn rate_limited_after_the_retries_exits_4_with_a_hint() {
    let output = cli()
        .args([
            "--mock",
            "--mock-fault",
            "rate-limit-always",
            "messages",
            EXAMPLE,
        ])
        .assert()
        .code(4)
        .stdout("")
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("(code 99991400, log id "), "{stderr}");
    assert!(stderr.contains("hint: rate limited"), "{stderr}");
}
