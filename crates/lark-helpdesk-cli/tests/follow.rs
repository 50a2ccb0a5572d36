//! `listen` and `export --follow` against the fake server as an event source: over HTTP
//! callbacks (signed, encrypted, with the Verification Token) and over the long
//! connection, with every delivery fault the fake server has. Each `--follow` test ends
//! with Ctrl-C and a directory identical to a fresh export of the same server; the
//! reconcile period is an hour unless the test is about reconciles, so what changed on
//! disk was brought by events. (Unix: the tests send signals.)
#![cfg(unix)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use lark_helpdesk_mock::{
    LongConnectionConfig, LongConnectionFault, MockHelpdesk, MockHelpdeskBuilder, PushFault,
};
use serde_json::Value;

mod common;
use common::{assert_same_export, files, process, temp_dir};

/// How long a test waits for something the follower should do soon (a generous bound on
/// a loaded machine, never a measure of speed).
const PATIENCE: Duration = Duration::from_secs(60);
const ENCRYPT_KEY: &str = "test-encrypt-key";
/// The first ticket of the synthetic helpdesk.
const FIRST: &str = "7100000000000000001";
const VERIFICATION_TOKEN: &str = "test-verification-token";

/// A fake server of `tickets` tickets whose long connection pings every second and
/// comes back at once, and whose failed pushes are retried within milliseconds.
fn builder(tickets: usize) -> MockHelpdeskBuilder {
    let mut long_connection = LongConnectionConfig::default();
    long_connection.ping_interval_secs = 1;
    long_connection.reconnect_nonce_secs = 0;
    long_connection.reconnect_interval_secs = 0;
    MockHelpdesk::builder()
        .synthetic_helpdesk(tickets)
        .long_connection(long_connection)
        .retry_schedule(vec![Duration::from_millis(20); 4])
}

/// A loopback address nothing listens on (yet).
fn free_address() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().to_string()
}

/// A fake server pushing its events, encrypted and signed, to a free loopback address;
/// and that address.
async fn http_helpdesk(tickets: usize) -> (MockHelpdesk, String) {
    let address = free_address();
    let mock = builder(tickets)
        .events_to(format!("http://{address}/"))
        .encrypt_key(ENCRYPT_KEY)
        .verification_token(VERIFICATION_TOKEN)
        .start()
        .await
        .unwrap();
    (mock, address)
}

/// A running `lark-helpdesk` whose stderr is collected line by line.
struct Running {
    child: Child,
    stderr: Arc<(Mutex<Vec<String>>, Condvar)>,
}

impl Running {
    fn start(mut command: std::process::Command) -> Running {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = Arc::new((Mutex::new(Vec::new()), Condvar::new()));
        let lines = Arc::clone(&stderr);
        let pipe = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines() {
                let Ok(line) = line else { break };
                let (held, changed) = &*lines;
                held.lock().unwrap().push(line);
                changed.notify_all();
            }
        });
        Running { child, stderr }
    }

    /// Waits until stderr holds `n` lines containing `text`.
    fn wait_for(&self, text: &str, n: usize) {
        let (held, changed) = &*self.stderr;
        let deadline = Instant::now() + PATIENCE;
        let mut lines = held.lock().unwrap();
        while lines.iter().filter(|l| l.contains(text)).count() < n {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(!left.is_zero(), "no {text:?} on stderr: {lines:#?}");
            lines = changed.wait_timeout(lines, left).unwrap().0;
        }
    }

    fn count(&self, text: &str) -> usize {
        let lines = self.stderr.0.lock().unwrap();
        lines.iter().filter(|l| l.contains(text)).count()
    }

    /// Ctrl-C, and the exit status must be success; stdout.
    fn stop(mut self) -> String {
        let status = std::process::Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let mut stdout = String::new();
        std::io::Read::read_to_string(self.child.stdout.as_mut().unwrap(), &mut stdout).unwrap();
        let exit = self.child.wait().unwrap();
        let lines = self.stderr.0.lock().unwrap().clone();
        assert!(exit.success(), "{exit:?}: {lines:#?}");
        stdout
    }
}

/// `export --output dir --follow` with `source`, once it follows.
fn follow(mock: &MockHelpdesk, dir: &Path, source: &[&str], reconcile: &str) -> Running {
    let mut command = process(mock);
    command
        .args([
            "export",
            "--concurrency",
            "2",
            "--reconcile-every",
            reconcile,
        ])
        .arg("--output")
        .arg(dir)
        .arg("--follow")
        .args(source);
    let running = Running::start(command);
    running.wait_for("following events", 1);
    running
}

/// The tickets and messages files of `dir` (not `tickets.ndjson`, rebuilt when the
/// follower stops).
fn held(dir: &Path) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    let mut all = files(dir);
    all.remove(Path::new("tickets.ndjson"));
    all
}

/// Waits until `dir` holds what a fresh export of `mock` (into `fresh`) holds.
fn wait_until_current(mock: &MockHelpdesk, dir: &Path, fresh: &Path) {
    let _ = std::fs::remove_dir_all(fresh);
    common::export(mock, fresh);
    let want = held(fresh);
    let deadline = Instant::now() + PATIENCE;
    while held(dir) != want {
        assert!(
            Instant::now() < deadline,
            "{} never caught up with the server",
            dir.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The changes the tests make: messages in two tickets, an update, a new ticket with
/// messages.
fn change(mock: &MockHelpdesk) {
    let first = FIRST;
    assert!(mock.add_messages(first, 3));
    assert!(mock.update_ticket("7100000000000000002"));
    mock.add_ticket(2);
    assert!(mock.add_messages("7100000000000000003", 1));
}

/// Runs a follower with `source` through `change` (after `before` is applied to the
/// server), then checks DIR against a fresh export: while following, and after Ctrl-C.
async fn follows(
    mock: &MockHelpdesk,
    name: &str,
    source: &[&str],
    before: impl FnOnce(&MockHelpdesk),
) -> Running {
    let dir = temp_dir(name);
    let fresh = temp_dir(&format!("{name}-fresh"));
    let running = follow(mock, &dir, source, "1h");
    before(mock);
    change(mock);
    wait_until_current(mock, &dir, &fresh);
    running
}

fn finish(running: Running, mock: &MockHelpdesk, name: &str) {
    let dir = temp_dir_keep(name);
    let fresh = temp_dir_keep(&format!("{name}-fresh"));
    running.stop();
    let _ = std::fs::remove_dir_all(&fresh);
    common::export(mock, &fresh);
    assert_same_export(&dir, &fresh);
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_dir_all(&fresh).unwrap();
}

/// The path `temp_dir(name)` gave, without emptying it.
fn temp_dir_keep(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("lark-helpdesk-{name}-{}", std::process::id()))
}

#[tokio::test(flavor = "multi_thread")]
async fn follow_over_the_long_connection_ends_as_a_fresh_export() {
    let mock = builder(5).start().await.unwrap();
    let running = follows(&mock, "follow-ws", &["--ws"], |_| {}).await;
    assert_eq!(
        running.count("exported:"),
        1,
        "no reconcile but the first run"
    );
    finish(running, &mock, "follow-ws");
}

#[tokio::test(flavor = "multi_thread")]
async fn follow_over_signed_encrypted_callbacks_ends_as_a_fresh_export() {
    let (mock, address) = http_helpdesk(5).await;
    let running = follows(&mock, "follow-http", &["--http", &address], |_| {}).await;
    assert_eq!(
        running.count("exported:"),
        1,
        "no reconcile but the first run"
    );
    let pushes = mock.pushes();
    assert!(pushes.len() >= 7, "{pushes:?}");
    assert!(pushes.iter().all(|p| p.status == Some(200)), "{pushes:?}");
    finish(running, &mock, "follow-http");
}

#[tokio::test(flavor = "multi_thread")]
async fn follow_over_callbacks_takes_duplicates_and_disorder() {
    let (mock, address) = http_helpdesk(5).await;
    let dir = temp_dir("follow-http-faults");
    let running = follow(&mock, &dir, &["--http", &address], "1h");
    mock.inject_push_fault(PushFault::Duplicate);
    mock.inject_push_fault(PushFault::OutOfOrder { batch: 3 });
    mock.inject_push_fault(PushFault::Slow(Duration::from_millis(50)));
    change(&mock);
    // Two batches of three out of the eight events, each pushed twice; the other two
    // still held for a batch go out, in order, before the next event once cleared.
    wait_for_pushes(&mock, 12);
    mock.clear_push_faults();
    assert!(mock.add_messages(FIRST, 1));
    wait_until_current(&mock, &dir, &temp_dir("follow-http-faults-fresh"));
    assert_eq!(
        running.count("exported:"),
        1,
        "no reconcile but the first run"
    );
    let pushes = mock.pushes();
    let mut ids: Vec<&str> = pushes.iter().map(|p| p.event_id.as_str()).collect();
    let all = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert!(all > ids.len(), "duplicates were pushed: {pushes:?}");
    finish(running, &mock, "follow-http-faults");
}

#[tokio::test(flavor = "multi_thread")]
async fn forged_callbacks_change_nothing_and_the_reconcile_repairs_what_they_lost() {
    let (mock, address) = http_helpdesk(5).await;
    let dir = temp_dir("follow-forged");
    let fresh = temp_dir("follow-forged-fresh");
    let running = follow(&mock, &dir, &["--http", &address], "2s");
    mock.inject_push_fault(PushFault::BadSignature);
    let before = held(&dir);
    assert!(mock.add_messages(FIRST, 2));
    // Every push of that event is refused...
    wait_until(&mock, "refused 5 times", || answered(&mock, 401, 5));
    assert!(mock.pushes().iter().all(|p| p.status == Some(401)));
    // ...and a reconcile, not the forged event, brings the messages.
    let reconciles = running.count("brought up to date");
    running.wait_for("brought up to date", reconciles + 1);
    assert_ne!(held(&dir), before);
    wait_until_current(&mock, &dir, &fresh);
    mock.clear_push_faults();
    finish(running, &mock, "follow-forged");
}

#[tokio::test(flavor = "multi_thread")]
async fn follow_over_the_long_connection_takes_every_fault() {
    let mock = builder(5).start().await.unwrap();
    let running = follows(&mock, "follow-ws-faults", &["--ws"], |mock| {
        mock.inject_long_connection(LongConnectionFault::Duplicate);
        mock.inject_long_connection(LongConnectionFault::Fragment {
            parts: 3,
            reversed: true,
        });
        mock.inject_long_connection(LongConnectionFault::AckTimeout(Duration::from_millis(1)));
    })
    .await;
    // A dropped connection: reconnected, and reconciled.
    mock.inject_long_connection(LongConnectionFault::DropConnection { after_acks: 0 });
    assert!(mock.add_messages(FIRST, 1));
    running.wait_for("reconnected", 1);
    running.wait_for("brought up to date", 1);
    // A connection that goes silent: noticed by its pings, replaced, reconciled.
    mock.inject_long_connection(LongConnectionFault::Silent { after_pongs: 0 });
    running.wait_for("connection lost", 2);
    running.wait_for("reconnected", 2);
    running.wait_for("brought up to date", 2);
    assert!(mock.add_messages("7100000000000000004", 2));
    wait_until_current(
        &mock,
        &temp_dir_keep("follow-ws-faults"),
        &temp_dir("follow-ws-faults-fresh"),
    );
    finish(running, &mock, "follow-ws-faults");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_killed_follower_is_repaired_by_the_next_run() {
    let mock = builder(5).start().await.unwrap();
    let dir = temp_dir("follow-kill");
    let fresh = temp_dir("follow-kill-fresh");
    let mut running = follow(&mock, &dir, &["--ws"], "1h");
    change(&mock);
    running.child.kill().unwrap();
    running.child.wait().unwrap();
    change(&mock);
    common::export(&mock, &dir);
    common::export(&mock, &fresh);
    assert_same_export(&dir, &fresh);
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_dir_all(&fresh).unwrap();
}

/// Waits until `done` holds, saying `what` (and the fake server's pushes) if it never
/// does.
fn wait_until(mock: &MockHelpdesk, what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + PATIENCE;
    while !done() {
        assert!(
            Instant::now() < deadline,
            "never {what}: {:?} {:?}",
            mock.pushes(),
            mock.long_connection_log()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Whether the fake server's pushes answered `status` number `n` or more.
fn answered(mock: &MockHelpdesk, status: u16, n: usize) -> bool {
    mock.pushes()
        .iter()
        .filter(|p| p.status == Some(status))
        .count()
        >= n
}

/// The events `listen` printed, by line.
fn printed(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Waits until the fake server pushed `n` events to the listener, each answered 200.
fn wait_for_pushes(mock: &MockHelpdesk, n: usize) {
    wait_until(mock, "pushed", || answered(mock, 200, n));
}

#[tokio::test(flavor = "multi_thread")]
async fn listen_prints_each_verified_event_once_without_the_token() {
    let (mock, address) = http_helpdesk(3).await;
    let mut command = process(&mock);
    command.args(["listen", "--http", &address]);
    let running = Running::start(command);
    running.wait_for("receiving events", 1);
    mock.inject_push_fault(PushFault::Duplicate);
    assert!(mock.add_messages(FIRST, 2));
    assert!(mock.update_ticket("7100000000000000002"));
    wait_for_pushes(&mock, 6);
    mock.clear_push_faults();
    mock.inject_push_fault(PushFault::BadSignature);
    assert!(mock.add_messages(FIRST, 1));
    wait_until(&mock, "refused 5 times", || answered(&mock, 401, 5));
    let stdout = running.stop();
    assert!(!stdout.contains(VERIFICATION_TOKEN));
    let events = printed(&stdout);
    let types: Vec<&str> = events
        .iter()
        .map(|e| e["header"]["event_type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "helpdesk.ticket_message.created_v1",
            "helpdesk.ticket_message.created_v1",
            "helpdesk.ticket.updated_v1"
        ],
        "each verified event once, the forged one not at all"
    );
    let ids: std::collections::HashSet<&str> = events
        .iter()
        .map(|e| e["header"]["event_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn listen_over_the_long_connection_prints_each_event_once() {
    let mock = builder(3).start().await.unwrap();
    let mut command = process(&mock);
    command.args(["listen", "--ws"]);
    let running = Running::start(command);
    running.wait_for("connected", 1);
    mock.inject_long_connection(LongConnectionFault::Duplicate);
    mock.inject_long_connection(LongConnectionFault::Fragment {
        parts: 4,
        reversed: false,
    });
    assert!(mock.add_messages(FIRST, 3));
    wait_until(&mock, "acknowledged 4", || {
        mock.long_connection_log().acked().len() >= 4
    });
    let events = printed(&running.stop());
    assert_eq!(events.len(), 3, "{events:?}");
    let ids: std::collections::HashSet<&str> = events
        .iter()
        .map(|e| e["header"]["event_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 3);
}

#[test]
fn listen_without_a_source_says_what_to_add() {
    let output = assert_cmd::cargo::cargo_bin_cmd!("lark-helpdesk")
        .args(["--mock", "listen"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("--http ADDR") && stderr.contains("--ws"),
        "{stderr}"
    );
    let output = assert_cmd::cargo::cargo_bin_cmd!("lark-helpdesk")
        .args(["--mock", "export", "--output", "x", "--ws"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8(output.stderr)
            .unwrap()
            .contains("--follow")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_c_during_a_reconcile_leaves_the_last_finished_export() {
    let mock = builder(5).start().await.unwrap();
    let dir = temp_dir("follow-ctrl-c");
    let running = follow(&mock, &dir, &["--ws"], "1s");
    let before = manifest_of(&dir);
    assert_eq!(before["finished"], true);
    // The next reconcile's listing hangs; Ctrl-C arrives while it does.
    let listed = mock.requests_of("list_tickets");
    mock.inject(
        lark_helpdesk_mock::FaultScope::Operation("list_tickets".into()),
        lark_helpdesk_mock::Fault::Delay(Duration::from_secs(30)),
    );
    wait_until(&mock, "a reconcile began", || {
        mock.requests_of("list_tickets") > listed
    });
    running.stop();
    let after = manifest_of(&dir);
    assert_eq!(after["finished"], true, "{after}");
    assert_eq!(
        after["synced_at"], before["synced_at"],
        "the last finished reconcile's"
    );
    let tickets = std::fs::read_to_string(dir.join("tickets.ndjson")).unwrap();
    assert_eq!(
        tickets.lines().count() as u64,
        after["tickets"].as_u64().unwrap()
    );
    mock.clear_faults();
    let fresh = temp_dir("follow-ctrl-c-fresh");
    common::export(&mock, &dir);
    common::export(&mock, &fresh);
    assert_same_export(&dir, &fresh);
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_dir_all(&fresh).unwrap();
}

fn manifest_of(dir: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn callbacks_are_not_taken_unverified_unless_asked() {
    let mock = builder(1).start().await.unwrap();
    let address = free_address();
    let output = process(&mock)
        .env_remove("LARK_ENCRYPT_KEY")
        .env_remove("LARK_VERIFICATION_TOKEN")
        .args(["listen", "--http", &address])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("LARK_VERIFICATION_TOKEN") && stderr.contains("--allow-unverified"),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn listen_rides_through_a_dropped_and_a_silent_long_connection() {
    let mock = builder(3).start().await.unwrap();
    let mut command = process(&mock);
    command.args(["listen", "--ws"]);
    let running = Running::start(command);
    running.wait_for("connected", 1);
    let acked = |n: usize| {
        wait_until(&mock, "acknowledged", || {
            mock.long_connection_log().acked().len() >= n
        });
    };
    assert!(mock.add_messages(FIRST, 1));
    acked(1);
    mock.inject_long_connection(LongConnectionFault::DropConnection { after_acks: 0 });
    assert!(mock.add_messages(FIRST, 1));
    running.wait_for("reconnected", 1);
    acked(2);
    mock.inject_long_connection(LongConnectionFault::Silent { after_pongs: 0 });
    running.wait_for("connection lost", 2);
    running.wait_for("reconnected", 2);
    assert!(mock.add_messages(FIRST, 1));
    acked(3);
    let events = printed(&running.stop());
    let ids: std::collections::HashSet<&str> = events
        .iter()
        .map(|e| e["header"]["event_id"].as_str().unwrap())
        .collect();
    assert_eq!((events.len(), ids.len()), (3, 3), "{events:?}");
}
