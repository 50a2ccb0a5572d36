//! What the tests of `export` share: the binary pointed at a fake server started by the
//! test, and checks of an export directory against the server and against another one.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use lark_helpdesk_mock::MockHelpdesk;
use serde_json::Value;

/// The environment that points the binary at `mock`, as `mock-server` prints it.
pub fn env(mock: &MockHelpdesk) -> Vec<(&'static str, Option<String>)> {
    let mut env = vec![("RUST_LOG", None), ("LARK_TENANT_ACCESS_TOKEN", None)];
    env.extend(mock.env_vars().into_iter().map(|(k, v)| (k, Some(v))));
    env
}

/// The binary, pointed at `mock`.
pub fn cli(mock: &MockHelpdesk) -> assert_cmd::Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("lark-helpdesk");
    for (k, v) in env(mock) {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    cmd
}

/// The binary as a plain process (to kill or signal it), pointed at `mock`.
pub fn process(mock: &MockHelpdesk) -> std::process::Command {
    command(assert_cmd::cargo::cargo_bin!("lark-helpdesk"), mock)
}

/// `program` (which runs the binary: `sh`, `setpriv`, the binary itself), with the
/// environment that points the binary at `mock`.
pub fn command(program: impl AsRef<std::ffi::OsStr>, mock: &MockHelpdesk) -> std::process::Command {
    let mut cmd = std::process::Command::new(program);
    for (k, v) in env(mock) {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    cmd
}

/// A fake server holding a synthetic helpdesk of `tickets` tickets.
pub async fn helpdesk(tickets: usize) -> MockHelpdesk {
    MockHelpdesk::builder()
        .synthetic_helpdesk(tickets)
        .start()
        .await
        .unwrap()
}

/// Runs `export --output dir` against `mock`, which must succeed; its stderr.
pub fn export(mock: &MockHelpdesk, dir: &Path) -> String {
    let output = cli(mock)
        .args(["export", "--output"])
        .arg(dir)
        .assert()
        .success()
        .get_output()
        .clone();
    String::from_utf8(output.stderr).unwrap()
}

pub fn lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// What `mock` holds: every ticket with its messages' ids in order.
pub async fn holdings(mock: &MockHelpdesk) -> Vec<(String, Vec<String>)> {
    let c = mock.credentials();
    let client = lark_helpdesk::Client::builder()
        .base_url(mock.uri())
        .app_credentials(&c.app_id, &c.app_secret)
        .helpdesk_credential(&c.helpdesk_id, &c.helpdesk_token)
        .build()
        .unwrap();
    let tickets = client.tickets().collect_all().await.unwrap();
    tickets
        .iter()
        .map(|t| {
            let id = t.ticket_id().to_string();
            let messages = mock
                .messages(&id)
                .unwrap_or_default()
                .iter()
                .map(|m| m.id.clone().unwrap_or_default())
                .collect();
            (id, messages)
        })
        .collect()
}

/// Ticket ids in the order of `tickets.ndjson`: numeric ones by value.
pub fn by_id<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut ids: Vec<&str> = ids.into_iter().collect();
    ids.sort_by(|a, b| (a.len(), a).cmp(&(b.len(), b)));
    ids
}

/// Checks that `dir` holds exactly `expected`, finished: every ticket once in
/// `tickets.ndjson` and `tickets/`, each ticket's messages once and in order, nothing
/// partial, a finished manifest that counts the tickets.
pub fn assert_export(dir: &Path, expected: &[(String, Vec<String>)]) {
    let tickets = lines(&dir.join("tickets.ndjson"));
    let ids: Vec<&str> = tickets
        .iter()
        .map(|t| t["ticket_id"].as_str().unwrap())
        .collect();
    let want = by_id(expected.iter().map(|(id, _)| id.as_str()));
    assert_eq!(ids, want, "every ticket once, by id");
    for (id, messages) in expected {
        let written = lines(&dir.join("messages").join(format!("{id}.ndjson")));
        let written: Vec<&str> = written.iter().map(|m| m["id"].as_str().unwrap()).collect();
        assert_eq!(&written, messages, "ticket {id}");
        let ticket = lines(&dir.join("tickets").join(format!("{id}.json")));
        assert_eq!(ticket.len(), 1);
        assert_eq!(ticket[0]["ticket_id"], id.as_str());
    }
    for sub in ["messages", "tickets"] {
        let files = std::fs::read_dir(dir.join(sub)).unwrap().count();
        assert_eq!(
            files,
            expected.len(),
            "one {sub} file a ticket, nothing partial"
        );
    }
    let manifest = manifest(dir);
    assert_eq!(manifest["finished"], true);
    assert_eq!(manifest["tickets"], expected.len());
}

pub fn manifest(dir: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap()
}

/// Every file of `dir` that a user reads (not the lock, not the manifest, which says
/// when), by path, with its bytes: tickets, messages, images and every other part.
pub fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, at: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(at).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap().to_owned();
            if path.is_dir() {
                walk(root, &path, out);
            } else if name != ".lock" && name != "manifest.json" {
                let bytes = std::fs::read(&path).unwrap();
                out.insert(path.strip_prefix(root).unwrap().to_owned(), bytes);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Checks that two export directories hold the same files (every part), byte for byte.
pub fn assert_same_export(dir: &Path, fresh: &Path) {
    let (a, b) = (files(dir), files(fresh));
    let names = |m: &BTreeMap<PathBuf, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "the same files");
    for (name, bytes) in &a {
        assert!(bytes == &b[name], "{} differs", name.display());
    }
    assert_eq!(manifest(dir)["filters"], manifest(fresh)["filters"]);
}

/// Checks what must hold of `dir` at any moment, even right after a SIGKILL: the
/// manifest reads; every ticket file is one whole ticket, after its messages; every
/// messages file (not a `.partial`) is whole lines, each message once, and all of the
/// ticket's messages in `mock`'s order, now (`expected`) or before the server last changed
/// (`before`); `.partial` files are whole lines but maybe the last, the first messages of
/// the ticket.
pub fn assert_consistent(dir: &Path, expected: &BTreeMap<String, Vec<String>>) {
    assert_consistent_since(dir, expected, &BTreeMap::new());
}

/// [`assert_consistent`], with the messages each ticket held before the server changed.
pub fn assert_consistent_since(
    dir: &Path,
    expected: &BTreeMap<String, Vec<String>>,
    before: &BTreeMap<String, Vec<String>>,
) {
    let manifest = manifest(dir);
    assert_eq!(manifest["format"], "lark-helpdesk-export/3");
    if manifest["finished"] == true {
        let lines =
            std::fs::read_to_string(dir.join("tickets.ndjson")).map_or(0, |t| t.lines().count());
        assert_eq!(
            manifest["tickets"], lines,
            "a finished manifest counts tickets.ndjson"
        );
    }
    for entry in std::fs::read_dir(dir.join("tickets")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        if name.ends_with(".partial") {
            continue;
        }
        let id = name.strip_suffix(".json").unwrap();
        let ticket = lines(&path);
        assert_eq!(ticket.len(), 1, "{name}");
        assert_eq!(ticket[0]["ticket_id"], id);
        assert!(
            dir.join("messages").join(format!("{id}.ndjson")).exists(),
            "a ticket file comes after its messages: {id}"
        );
    }
    for entry in std::fs::read_dir(dir.join("messages")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let text = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&text);
        let (id, partial) = match name.strip_suffix(".ndjson.partial") {
            Some(id) => (id, true),
            None => (name.strip_suffix(".ndjson").unwrap(), false),
        };
        let whole = if partial {
            // Up to the last newline: a killed write may have torn the line after it.
            &text[..text.rfind('\n').map_or(0, |i| i + 1)]
        } else {
            assert!(
                text.is_empty() || text.ends_with('\n'),
                "{name} ends a line"
            );
            &text[..]
        };
        let ids: Vec<String> = whole
            .lines()
            .map(|l| {
                let m: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{name}: {e}"));
                m["id"].as_str().unwrap().to_owned()
            })
            .collect();
        // Every image a whole line names is whole in DIR.
        for line in whole.lines() {
            let m: Value = serde_json::from_str(line).unwrap();
            for image in m["images"].as_array().into_iter().flatten() {
                if image["deleted"] == true {
                    continue;
                }
                let file = dir.join(image["file"].as_str().unwrap());
                let len = std::fs::metadata(&file)
                    .unwrap_or_else(|e| panic!("{}: {e}", file.display()))
                    .len();
                assert_eq!(image["bytes"], len, "{} whole", file.display());
            }
        }
        let unique: HashSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{name}: a message twice");
        let want = &expected[id];
        if partial {
            assert!(
                want.starts_with(&ids),
                "{name}: the ticket's first messages"
            );
        } else {
            assert!(
                &ids == want || before.get(id) == Some(&ids),
                "{name}: every message of the ticket, now or before"
            );
        }
    }
}

pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lark-helpdesk-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}
