//! Sign-in through the built binary against the fake server started by each test: the
//! authorization page and the loopback redirect, the device flow, status, token and
//! logout; processes refreshing at once (held by the server's gate, not by the clock), a
//! process killed during a refresh, a transient failure; the token file's mode and no
//! token in any output.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use lark_helpdesk_mock::{Fault, FaultScope, MOCK_USER_NAME, MOCK_USER_OPEN_ID, MockHelpdesk};
use serde_json::Value;

/// A directory of its own for the test's token store.
fn config_dir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("lark-helpdesk-auth-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The binary pointed at `mock`, its tokens in `config`, without the mock's fixed user
/// token (so that the signed-in user's tokens are used).
fn cli(mock: &MockHelpdesk, config: &Path) -> Command {
    let mut cmd = common::command(assert_cmd::cargo::cargo_bin!("lark-helpdesk"), mock);
    cmd.env("XDG_CONFIG_HOME", config)
        .env_remove("LARK_USER_ACCESS_TOKEN")
        .env("RUST_LOG", "lark_helpdesk=debug");
    cmd
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The token file of the mock's user.
fn token_file(config: &Path, mock: &MockHelpdesk) -> PathBuf {
    lark_helpdesk::FileStore::new(config.join("lark-helpdesk"))
        .path_of(&mock.credentials().app_id, MOCK_USER_OPEN_ID)
}

fn stored(config: &Path, mock: &MockHelpdesk) -> Value {
    serde_json::from_slice(&std::fs::read(token_file(config, mock)).unwrap()).unwrap()
}

/// Makes the stored access token due for a refresh, as time passing would.
fn expire(config: &Path, mock: &MockHelpdesk) {
    let mut tokens = stored(config, mock);
    tokens["expires_at_ms"] = 0.into();
    std::fs::write(token_file(config, mock), tokens.to_string()).unwrap();
}

/// `auth login --no-browser` on a free port; the printed page is fetched by an HTTP client
/// that follows redirects (the fake server approves at once). Returns the login's output.
async fn login(mock: &MockHelpdesk, config: &Path) -> std::process::Output {
    let mut child = cli(mock, config)
        .args(["auth", "login", "--no-browser", "--redirect-port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    let url = loop {
        let mut line = String::new();
        assert!(
            stderr.read_line(&mut line).unwrap() > 0,
            "no URL printed: {seen}"
        );
        seen.push_str(&line);
        if let Some(url) = line.trim().strip_prefix("http") {
            break format!("http{url}");
        }
    };
    let page = reqwest::get(&url).await.expect("the redirect is followed");
    assert!(page.status().is_success(), "{}", page.status());
    let body = page.text().await.unwrap();
    assert!(body.contains("Signed in"), "{body}");
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    let mut output = child.wait_with_output().unwrap();
    output.stderr = format!("{seen}{rest}").into_bytes();
    output
}

/// Every token the store holds now, to be looked for in outputs.
fn secrets(config: &Path, mock: &MockHelpdesk) -> Vec<String> {
    let tokens = stored(config, mock);
    ["access_token", "refresh_token"]
        .iter()
        .filter_map(|k| tokens[k].as_str().map(str::to_owned))
        .collect()
}

fn assert_no_secret(output: &std::process::Output, secrets: &[String]) {
    let shown = format!("{}{}", text(&output.stdout), text(&output.stderr));
    for secret in secrets {
        assert!(
            !shown.contains(secret.as_str()),
            "a token was printed: {shown}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_in_status_a_user_token_operation_token_and_logout() {
    let mock = MockHelpdesk::builder().start().await.unwrap();
    let config = config_dir("flow");

    // Without a sign-in, a user-token operation says what to do.
    let refused = cli(&mock, &config)
        .args(["api", "delete_faq", "--param", "id=1"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(3));
    assert!(
        text(&refused.stderr).contains("auth login"),
        "{}",
        text(&refused.stderr)
    );

    let output = login(&mock, &config).await;
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains(MOCK_USER_NAME));
    let secrets = secrets(&config, &mock);
    assert_no_secret(&output, &secrets);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(token_file(&config, &mock))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    let status = cli(&mock, &config)
        .args(["auth", "status"])
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", text(&status.stderr));
    let shown = text(&status.stdout);
    assert!(
        shown.contains(MOCK_USER_NAME) && shown.contains(MOCK_USER_OPEN_ID),
        "{shown}"
    );
    assert!(shown.contains("refresh token expires"), "{shown}");
    assert_no_secret(&status, &secrets);

    // The stored user's token is used for an operation that takes only a user token.
    let created = cli(&mock, &config)
        .args([
            "api",
            "create_category",
            "--body",
            r#"{"name":"Billing","parent_id":"0"}"#,
        ])
        .output()
        .unwrap();
    assert!(created.status.success(), "{}", text(&created.stderr));
    assert_no_secret(&created, &secrets);

    let token = cli(&mock, &config)
        .args(["auth", "token"])
        .output()
        .unwrap();
    assert!(token.status.success());
    assert_eq!(
        text(&token.stdout).trim(),
        secrets[0],
        "auth token prints the token"
    );

    let out = cli(&mock, &config)
        .args(["auth", "logout"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_no_secret(&out, &secrets);
    assert!(!token_file(&config, &mock).exists(), "deleted");
    let after = cli(&mock, &config)
        .args(["auth", "status"])
        .output()
        .unwrap();
    assert_eq!(after.status.code(), Some(3), "{}", text(&after.stderr));
    std::fs::remove_dir_all(&config).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_device_flow() {
    let mock = MockHelpdesk::builder()
        .device_poll_interval(std::time::Duration::from_secs(1))
        .start()
        .await
        .unwrap();
    let config = config_dir("device");
    let mut child = cli(&mock, &config)
        .args(["auth", "login", "--device"])
        .stderr(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let page = loop {
        let mut line = String::new();
        assert!(stderr.read_line(&mut line).unwrap() > 0);
        if let Some(rest) = line.trim().strip_prefix("(or open ") {
            break rest.trim_end_matches(')').to_owned();
        }
    };
    let approved = reqwest::get(&page).await.unwrap();
    assert!(approved.status().is_success());
    let status = child.wait().unwrap();
    assert!(status.success());
    assert_eq!(mock.sign_ins(), 1);
    assert_eq!(stored(&config, &mock)["user"], MOCK_USER_OPEN_ID);
    std::fs::remove_dir_all(&config).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn processes_refreshing_at_once_refresh_once_each_expiry() {
    let mock = MockHelpdesk::builder().start().await.unwrap();
    let config = config_dir("race");
    assert!(login(&mock, &config).await.status.success());
    for expiry in 1..=3 {
        expire(&config, &mock);
        let gate = mock.hold_refreshes();
        let processes: Vec<_> = (0..3)
            .map(|_| {
                cli(&mock, &config)
                    .args(["auth", "token"])
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        // One refresh reaches the server and is held; the others wait for its lock.
        gate.until_waiting(1).await;
        gate.release();
        let tokens: Vec<String> = processes
            .into_iter()
            .map(|p| {
                let out = p.wait_with_output().unwrap();
                assert!(out.status.success(), "{}", text(&out.stderr));
                text(&out.stdout).trim().to_owned()
            })
            .collect();
        assert!(
            tokens.iter().all(|t| t == &tokens[0]),
            "one new token for all"
        );
        assert_eq!(mock.refreshes(), expiry, "one refresh for expiry {expiry}");
    }
    std::fs::remove_dir_all(&config).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_process_killed_during_a_refresh_then_a_rerun_says_to_sign_in_again() {
    let mock = MockHelpdesk::builder().start().await.unwrap();
    let config = config_dir("kill");
    assert!(login(&mock, &config).await.status.success());
    expire(&config, &mock);
    let gate = mock.hold_refreshes();
    let mut child = cli(&mock, &config)
        .args(["auth", "token"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // The server rotated the tokens; the answer never reaches the killed process.
    gate.until_waiting(1).await;
    child.kill().unwrap();
    child.wait().unwrap();
    gate.release();
    let rerun = cli(&mock, &config)
        .args(["auth", "token"])
        .output()
        .unwrap();
    assert_eq!(rerun.status.code(), Some(3), "{}", text(&rerun.stderr));
    let said = text(&rerun.stderr);
    assert!(
        said.contains("already used") && said.contains("auth login"),
        "says precisely what happened and what to do: {said}"
    );
    assert!(
        token_file(&config, &mock).exists(),
        "the tokens are not deleted"
    );
    std::fs::remove_dir_all(&config).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_transient_refresh_failure_keeps_the_stored_tokens() {
    let mock = MockHelpdesk::builder().start().await.unwrap();
    let config = config_dir("transient");
    assert!(login(&mock, &config).await.status.success());
    expire(&config, &mock);
    let before = std::fs::read(token_file(&config, &mock)).unwrap();
    mock.inject(
        FaultScope::Operation(lark_helpdesk_mock::OAUTH_REFRESH_OPERATION.into()),
        Fault::Internal,
    );
    let failed = cli(&mock, &config)
        .args(["auth", "token"])
        .output()
        .unwrap();
    assert_eq!(failed.status.code(), Some(1), "{}", text(&failed.stderr));
    assert!(text(&failed.stderr).contains("try again later"));
    assert_eq!(
        std::fs::read(token_file(&config, &mock)).unwrap(),
        before,
        "kept as is"
    );
    mock.clear_faults();
    let ok = cli(&mock, &config)
        .args(["auth", "token"])
        .output()
        .unwrap();
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    std::fs::remove_dir_all(&config).unwrap();
}
