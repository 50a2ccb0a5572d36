//! `export` as a durable copy: killed at random points and rerun, brought up to date
//! after changes on the server, stopped by Ctrl-C, by a platform error, by a directory it
//! cannot write. Each ends identical to a one-shot export of the same server. (Unix: the
//! tests send signals and limit file sizes.)
#![cfg(unix)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Child, ExitStatus, Stdio};
use std::time::Duration;

use lark_helpdesk_mock::{Fault, FaultScope, MockHelpdesk};
use wiremock::Request;

mod common;
use common::{
    assert_consistent, assert_consistent_since, assert_export, assert_same_export, cli, helpdesk,
    holdings, manifest, process, temp_dir,
};

/// The kill tests of the messages' resumption leave the images out: a page's images are
/// fetched before its lines are written, which moves where kills land (the images have
/// their own kill test).
const MESSAGES_ONLY: &[&str] = &["--skip", "images,faq_images"];

/// A small deterministic generator (SplitMix64): the same seed kills at the same points.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (z ^ (z >> 31)) % n
    }
}

/// The ticket id of a messages request.
fn ticket_of(request: &Request) -> Option<String> {
    let path = request
        .url
        .path()
        .strip_prefix("/open-apis/helpdesk/v1/tickets/")?;
    Some(path.strip_suffix("/messages")?.to_owned())
}

fn query(request: &Request, name: &str) -> Option<String> {
    request
        .url
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// The tickets whose file `dir` holds: complete (the server's tickets do not change in
/// the test that asks).
fn complete_tickets(dir: &Path) -> BTreeSet<String> {
    let Ok(entries) = std::fs::read_dir(dir.join("tickets")) else {
        return BTreeSet::new();
    };
    entries
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            Some(name.strip_suffix(".json")?.to_owned())
        })
        .collect()
}

fn partial_messages(dir: &Path) -> usize {
    std::fs::read_dir(dir.join("messages")).map_or(0, |entries| {
        entries
            .filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".partial"))
            })
            .count()
    })
}

/// Waits until `mock` has received `count` message requests or `child` has exited
/// (its status then).
async fn requests_or_exit(
    mock: &MockHelpdesk,
    count: usize,
    child: &mut Child,
) -> Option<ExitStatus> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        if mock.message_requests().await.len() >= count {
            return None;
        }
        assert!(tokio::time::Instant::now() < deadline, "the export stalled");
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

/// The tickets of `mock` that hold messages.
async fn with_messages(mock: &MockHelpdesk) -> Vec<String> {
    holdings(mock)
        .await
        .into_iter()
        .filter(|(_, messages)| !messages.is_empty())
        .map(|(id, _)| id)
        .collect()
}

/// Runs the export once more into `dir`, which must then hold `expected` and be the same
/// as the one-shot export `fresh`; removes both.
fn rerun_and_compare(
    mock: &MockHelpdesk,
    dir: &Path,
    fresh: &Path,
    expected: BTreeMap<String, Vec<String>>,
) {
    cli(mock)
        .args(["export", "--output"])
        .arg(dir)
        .assert()
        .success();
    let expected: Vec<(String, Vec<String>)> = expected.into_iter().collect();
    assert_export(dir, &expected);
    assert_same_export(dir, fresh);
    std::fs::remove_dir_all(dir).unwrap();
    std::fs::remove_dir_all(fresh).unwrap();
}

fn one_shot(mock: &MockHelpdesk, name: &str) -> std::path::PathBuf {
    one_shot_with(mock, name, &[])
}

fn one_shot_with(mock: &MockHelpdesk, name: &str, args: &[&str]) -> std::path::PathBuf {
    let fresh = temp_dir(name);
    cli(mock)
        .args(["export", "--output"])
        .arg(&fresh)
        .args(args)
        .assert()
        .success();
    fresh
}

/// What a series of killed runs did.
#[derive(Debug, Default)]
struct Kills {
    /// Runs killed after the server answered at least one of their message requests.
    mid_run: usize,
    /// Runs killed at a random moment (maybe before they sent anything).
    any_time: usize,
    /// Runs that started with a ticket half-fetched in DIR.
    resumed_partial: usize,
    /// Message requests that continued after the messages held.
    continued: usize,
}

/// Runs `export` into `dir` and SIGKILLs it, `kills` times, at random points (mostly a
/// little after a few message requests, sometimes at a random moment), checking DIR after
/// each kill; then lets a run finish.
async fn kill_until_done(
    mock: &MockHelpdesk,
    dir: &Path,
    rng: &mut Rng,
    kills: usize,
    expected: &BTreeMap<String, Vec<String>>,
    before: &BTreeMap<String, Vec<String>>,
) -> Kills {
    let mut done = Kills::default();
    loop {
        let killed = done.mid_run + done.any_time;
        let complete = complete_tickets(dir);
        if partial_messages(dir) > 0 {
            done.resumed_partial += 1;
        }
        let requests_before = mock.message_requests().await.len();
        let mut child = process(mock)
            .args(["export", "--concurrency", "4", "--output"])
            .arg(dir)
            .args(MESSAGES_ONLY)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (status, mid_run) = if killed >= kills {
            (Some(child.wait().unwrap()), false)
        } else if killed % 4 == 3 {
            tokio::time::sleep(Duration::from_millis(rng.below(60))).await;
            (child.try_wait().unwrap(), false)
        } else {
            let target = requests_before + 1 + rng.below(5) as usize;
            let status = requests_or_exit(mock, target, &mut child).await;
            if status.is_none() {
                tokio::time::sleep(Duration::from_micros(rng.below(3_000))).await;
            }
            (status, true)
        };
        let finished = match status {
            Some(status) => {
                let output = child.wait_with_output().unwrap();
                assert!(
                    status.success(),
                    "a run failed on its own: {}",
                    String::from_utf8_lossy(&output.stderr)
                );
                true
            }
            None => {
                child.kill().unwrap();
                let status = child.wait().unwrap();
                if status.success() {
                    true
                } else {
                    if mid_run {
                        done.mid_run += 1;
                    } else {
                        done.any_time += 1;
                    }
                    false
                }
            }
        };
        // What the run asked for: never the messages of a ticket DIR held complete (the
        // server's tickets do not change while these runs go on).
        let requests = mock.message_requests().await;
        for request in &requests[requests_before..] {
            let ticket = ticket_of(request).unwrap();
            assert!(
                !complete.contains(&ticket) || before.contains_key(&ticket),
                "ticket {ticket} was complete, its messages were fetched again"
            );
            if query(request, "time_start").is_some() {
                done.continued += 1;
            }
        }
        if dir.join("manifest.json").exists() {
            assert_consistent_since(dir, expected, before);
        }
        if finished {
            return done;
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_export_killed_at_random_points_and_rerun_ends_as_a_one_shot_export() {
    let mock = helpdesk(120).await;
    let expected: BTreeMap<String, Vec<String>> = holdings(&mock).await.into_iter().collect();
    let dir = temp_dir("kill");
    let seed = 0x6b69_6c6c;
    let mut rng = Rng(seed);
    let first = kill_until_done(&mock, &dir, &mut rng, 30, &expected, &BTreeMap::new()).await;
    eprintln!("a first export: {first:?}");
    assert!(first.mid_run >= 20, "{first:?} (seed {seed:#x})");
    assert!(
        first.resumed_partial > 0,
        "no kill left a ticket half-fetched"
    );
    assert!(
        first.continued > 0,
        "no ticket continued after its held messages"
    );
    let fresh = one_shot_with(&mock, "kill-fresh", MESSAGES_ONLY);
    let list: Vec<(String, Vec<String>)> = expected.clone().into_iter().collect();
    assert_export(&dir, &list);
    assert_same_export(&dir, &fresh);
    std::fs::remove_dir_all(&fresh).unwrap();

    // New messages on a third of the tickets, in the second of their last one: reruns
    // killed while they copy and extend the messages files.
    let before = expected;
    for (i, (id, messages)) in before.iter().enumerate() {
        if i % 3 == 0 && !messages.is_empty() {
            assert!(mock.add_messages(id, 1 + i % 250));
        }
    }
    let expected: BTreeMap<String, Vec<String>> = holdings(&mock).await.into_iter().collect();
    let update = kill_until_done(&mock, &dir, &mut rng, 8, &expected, &before).await;
    eprintln!("an update: {update:?}");
    assert!(update.mid_run >= 5, "{update:?} (seed {seed:#x})");
    let fresh = one_shot_with(&mock, "kill-fresh-2", MESSAGES_ONLY);
    let list: Vec<(String, Vec<String>)> = expected.into_iter().collect();
    assert_export(&dir, &list);
    assert_same_export(&dir, &fresh);
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_dir_all(&fresh).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn an_export_killed_while_it_fetches_images_and_rerun_ends_as_a_one_shot_export() {
    let mock = helpdesk(40).await;
    let expected: BTreeMap<String, Vec<String>> = holdings(&mock).await.into_iter().collect();
    let dir = temp_dir("kill-images");
    let mut rng = Rng(0x696d_6167);
    let mut kills = 0;
    let mut mid_images = 0;
    loop {
        let images_before = mock.requests_of("get_ticket_image");
        let mut child = process(&mock)
            .args(["export", "--concurrency", "4", "--output"])
            .arg(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let finished = if kills >= 12 {
            let output = child.wait_with_output().unwrap();
            assert!(
                output.status.success(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
            true
        } else {
            // A little after a few more image downloads (or at its end).
            let target = images_before + 1 + rng.below(40) as usize;
            let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
            let status = loop {
                if let Some(status) = child.try_wait().unwrap() {
                    break Some(status);
                }
                if mock.requests_of("get_ticket_image") >= target {
                    break None;
                }
                assert!(tokio::time::Instant::now() < deadline, "the export stalled");
                tokio::time::sleep(Duration::from_millis(1)).await;
            };
            match status {
                Some(status) => {
                    assert!(status.success());
                    true
                }
                None => {
                    tokio::time::sleep(Duration::from_micros(rng.below(3_000))).await;
                    child.kill().unwrap();
                    let killed = !child.wait().unwrap().success();
                    if killed {
                        kills += 1;
                        mid_images += 1;
                    }
                    !killed
                }
            }
        };
        assert_consistent(&dir, &expected);
        if finished {
            break;
        }
    }
    assert!(mid_images >= 8, "{mid_images} kills amid the images");
    let fresh = one_shot(&mock, "kill-images-fresh");
    let list: Vec<(String, Vec<String>)> = expected.into_iter().collect();
    assert_export(&dir, &list);
    assert_same_export(&dir, &fresh);
    // No `.partial` image is left, and every image file is one a message names.
    for path in common::files(&dir).into_keys() {
        assert!(!path.to_str().unwrap().ends_with(".partial"), "{path:?}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_dir_all(&fresh).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rerun_fetches_only_what_changed_and_ends_as_a_fresh_export() {
    let mock = helpdesk(40).await;
    let dir = one_shot(&mock, "incremental");
    let tickets = with_messages(&mock).await;
    // New messages on three tickets (250 of them on one: with the messages of the second
    // they share with the last one held, two pages), and a new ticket.
    let (few, many, one) = (&tickets[3], &tickets[17], &tickets[29]);
    assert!(mock.add_messages(few, 5));
    assert!(mock.add_messages(many, 250));
    assert!(mock.add_messages(one, 1));
    let new = mock.add_ticket(7);
    let synced_at: jiff::Timestamp = manifest(&dir)["synced_at"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let before = mock.received_requests().await.len();
    let stderr = common::export(&mock, &dir);
    assert!(
        stderr.contains(
            "brought up to date: 1 new ticket, 3 updated, 263 new messages; 0 listed unchanged; 41 tickets"
        ),
        "{stderr}"
    );
    let requests = mock.received_requests().await;
    let mut pages: BTreeMap<String, Vec<(String, Option<String>)>> = BTreeMap::new();
    let mut listings = Vec::new();
    for r in &requests[before..] {
        if let Some(ticket) = ticket_of(r) {
            pages
                .entry(ticket)
                .or_default()
                .push((query(r, "page").unwrap(), query(r, "time_start")));
        } else if r.url.path() == "/open-apis/helpdesk/v1/tickets" {
            listings.push(r.url.query_pairs().into_owned().collect::<Vec<_>>());
        }
    }
    // Only the changed tickets' new pages, each from the second of its last message held.
    let second_of_last = |id: &str, added: usize| {
        let messages = mock.messages(id).unwrap();
        let last = serde_json::to_value(&messages[messages.len() - added - 1]).unwrap();
        Some((last["created_at"].as_i64().unwrap() / 1000).to_string())
    };
    let want: BTreeMap<String, Vec<(String, Option<String>)>> = [
        (few.clone(), vec![("1".into(), second_of_last(few, 5))]),
        (
            many.clone(),
            vec![
                ("1".into(), second_of_last(many, 250)),
                ("2".into(), second_of_last(many, 250)),
            ],
        ),
        (one.clone(), vec![("1".into(), second_of_last(one, 1))]),
        (new.clone(), vec![("1".into(), None)]),
    ]
    .into_iter()
    .collect();
    assert_eq!(pages, want);
    // Two listings, one page each: updated since the last run, and created since, both
    // from ten minutes before its listing began.
    assert_eq!(listings.len(), 2, "{listings:?}");
    let from = (synced_at.as_millisecond() - 600_000).to_string();
    let param = |q: &[(String, String)], name: &str| {
        q.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    };
    assert_eq!(param(&listings[0], "update_time_start"), Some(from.clone()));
    assert_eq!(param(&listings[0], "create_time_start"), None);
    assert_eq!(param(&listings[1], "create_time_start"), Some(from));
    assert_eq!(param(&listings[1], "update_time_start"), None);

    let expected = holdings(&mock).await;
    assert_eq!(expected.len(), 41);
    assert_export(&dir, &expected);
    let fresh = one_shot(&mock, "incremental-fresh");
    assert_same_export(&dir, &fresh);
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_dir_all(&fresh).unwrap();
}

/// Sends `signal` (a name `kill` knows) to `child`.
fn signal(child: &Child, signal: &str) {
    let status = std::process::Command::new("kill")
        .args([format!("-{signal}"), child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_c_keeps_the_pages_in_hand_and_a_rerun_continues() {
    let mock = helpdesk(60).await;
    let expected: BTreeMap<String, Vec<String>> = holdings(&mock).await.into_iter().collect();
    let fresh = one_shot(&mock, "sigint-fresh");
    let dir = temp_dir("sigint");
    for signals in [&["INT"][..], &["TERM"], &["INT", "INT"]] {
        let before = mock.message_requests().await.len();
        let mut child = process(&mock)
            .args(["export", "--concurrency", "2", "--output"])
            .arg(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        assert!(
            requests_or_exit(&mock, before + 12, &mut child)
                .await
                .is_none(),
            "the export ended before it could be interrupted"
        );
        for sig in signals {
            signal(&child, sig);
        }
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(130), "{stderr}");
        assert!(stderr.contains("interrupted"), "{stderr}");
        if signals.len() == 1 {
            assert!(stderr.contains("run the same command again"), "{stderr}");
        }
        assert_eq!(manifest(&dir)["finished"], false);
        assert_consistent(&dir, &expected);
    }
    rerun_and_compare(&mock, &dir, &fresh, expected);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_platform_error_stops_the_export_with_its_code_and_a_rerun_continues() {
    let mock = helpdesk(40).await;
    let expected: BTreeMap<String, Vec<String>> = holdings(&mock).await.into_iter().collect();
    let fresh = one_shot(&mock, "revoked-fresh");
    // The token is refused for one ticket's messages, however often it is fetched anew.
    let refused = expected.keys().nth(20).unwrap().clone();
    mock.inject(
        FaultScope::Ticket(refused.clone()),
        Fault::TokenExpired { http_status: 400 },
    );
    let dir = temp_dir("revoked");
    let output = cli(&mock)
        .args(["export", "--output"])
        .arg(&dir)
        .assert()
        .code(3)
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("99991663"), "{stderr}");
    assert!(
        stderr.contains(&format!(
            ", then run the same command again: {} holds everything fetched so far",
            dir.display()
        )),
        "{stderr}"
    );
    assert_eq!(manifest(&dir)["finished"], false);
    assert_consistent(&dir, &expected);
    assert!(!complete_tickets(&dir).contains(&refused));

    mock.clear_faults();
    rerun_and_compare(&mock, &dir, &fresh, expected);
}

/// Whether this process runs as root (for whom permissions do not stop a write).
fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status").is_ok_and(|status| {
        status
            .lines()
            .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"))
    })
}

fn set_read_only(path: &Path, read_only: bool) {
    let mut permissions = std::fs::metadata(path).unwrap().permissions();
    permissions.set_readonly(read_only);
    std::fs::set_permissions(path, permissions).unwrap();
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            set_read_only(&entry.unwrap().path(), read_only);
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_directory_it_cannot_write_stops_the_export_with_exit_5_and_loses_nothing() {
    let mock = helpdesk(20).await;
    let dir = one_shot(&mock, "read-only");
    let with_messages = with_messages(&mock).await;
    assert!(mock.add_messages(&with_messages[0], 3));
    assert!(mock.add_messages(&with_messages[1], 2));
    let before = common::files(&dir);
    // The messages can no longer be written, the rest can: the run lists, fetches the
    // first changed ticket's messages and fails to write them.
    set_read_only(&dir.join("messages"), true);
    // Root writes whatever the permissions say: the export then runs without its
    // capabilities (still as root, so that it can reach the binary wherever it is).
    let mut export = if is_root() {
        let mut cmd = common::command("setpriv", &mock);
        cmd.arg("--bounding-set=-all")
            .arg(assert_cmd::cargo::cargo_bin!("lark-helpdesk"));
        cmd
    } else {
        process(&mock)
    };
    let messages_before = mock.message_requests().await.len();
    let output = export
        .args(["export", "--output"])
        .arg(&dir)
        .output()
        .unwrap();
    set_read_only(&dir.join("messages"), false);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(5), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "error: cannot write {}",
            dir.join("messages").display()
        )) && stderr.contains("Permission denied"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: make the directory writable, then run the same command again"),
        "{stderr}"
    );
    assert!(
        mock.message_requests().await.len() > messages_before,
        "it failed writing what it fetched, not before"
    );
    // The images of the messages it fetched may be saved (before their lines): the
    // rerun finds them instead of downloading them again. Nothing else changed.
    let but_images = |files: std::collections::BTreeMap<std::path::PathBuf, Vec<u8>>| {
        files
            .into_iter()
            .filter(|(path, _)| !path.starts_with("images"))
            .collect::<Vec<_>>()
    };
    let after = common::files(&dir);
    for (path, bytes) in &before {
        assert_eq!(after.get(path), Some(bytes), "{path:?} kept");
    }
    assert_eq!(
        but_images(after),
        but_images(before),
        "nothing in DIR changed"
    );
    assert_eq!(manifest(&dir)["finished"], false);
    // Writable again, the same command brings it up to date.
    let stderr = common::export(&mock, &dir);
    assert!(
        stderr.contains("0 new tickets, 2 updated, 5 new messages"),
        "{stderr}"
    );
    let fresh = one_shot(&mock, "read-only-fresh");
    assert_same_export(&dir, &fresh);
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_dir_all(&fresh).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_full_disk_stops_the_export_with_exit_5_and_a_rerun_continues() {
    let mock = helpdesk(40).await;
    let expected: BTreeMap<String, Vec<String>> = holdings(&mock).await.into_iter().collect();
    let fresh = one_shot(&mock, "full-fresh");
    let dir = temp_dir("full");
    // No file may grow past 32 KiB (`ulimit -f` counts 512-byte blocks in sh, 1 KiB in
    // bash; either is less than the largest ticket's messages): writes past it fail as
    // on a full disk (EFBIG rather than ENOSPC, through the same path).
    let mut export = common::command("sh", &mock);
    export
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 32; exec \"$0\" \"$@\"")
        .arg(assert_cmd::cargo::cargo_bin!("lark-helpdesk"))
        .args(["export", "--output"])
        .arg(&dir);
    let output = export.output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(5), "{stderr}");
    assert!(
        stderr.contains("error: cannot write") && stderr.contains("File too large"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "hint: free some space (or raise the file size limit), then run the same command again: {} holds everything fetched so far",
            dir.display()
        )),
        "{stderr}"
    );
    assert_eq!(manifest(&dir)["finished"], false);
    assert_consistent(&dir, &expected);
    rerun_and_compare(&mock, &dir, &fresh, expected);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_directory_of_other_filters_or_foreign_files_is_refused() {
    let mock = helpdesk(10).await;
    let dir = temp_dir("filters");
    cli(&mock)
        .args([
            "export",
            "--status",
            "in-progress",
            "--since",
            "2026-06-01T00:00:00Z",
            "--output",
        ])
        .arg(&dir)
        .assert()
        .success();
    let before = common::files(&dir);
    cli(&mock)
        .args(["export", "--status", "queued", "--output"])
        .arg(&dir)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "holds an export made with other filters (--since: 2026-06-01T00:00:00Z in DIR, none here; --status: in-progress in DIR, queued here)",
        ))
        .stderr(predicates::str::contains("hint: run it with the same filters"));
    assert_eq!(common::files(&dir), before);
    // The same filters, in another order of the flags: up to date.
    cli(&mock)
        .args([
            "export",
            "--since",
            "2026-06-01T00:00:00Z",
            "--status",
            "in-progress",
            "--output",
        ])
        .arg(&dir)
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "brought up to date: 0 new tickets, 0 updated, 0 new messages",
        ));

    let foreign = temp_dir("foreign");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
    cli(&mock)
        .args(["export", "--output"])
        .arg(&foreign)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "is not empty and holds no export",
        ));
    assert_eq!(
        std::fs::read_dir(&foreign).unwrap().count(),
        1,
        "notes.txt alone"
    );
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_dir_all(&foreign).unwrap();
}
