//! `db`: the database of an export directory holds what the directory holds, an update
//! reads only the files that changed, and what is not an export (or is being written) is
//! refused.
//!
//! The export directories here are written by the tests themselves ([`fixture`]), in
//! the layout of `lark-helpdesk-export/3`; the checks ([`Expected`], [`assert_database`])
//! take any such directory, so that an export made by `lark-helpdesk export` is checked
//! the same way (`an_export_of_the_fake_server_becomes_a_database`).

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde_json::{Value, json};

mod common;

const BASE_MS: i64 = 1_780_000_000_000; // 2026-05-28
const HOUR: i64 = 3_600_000;
const STATUSES: [i64; 8] = [1, 2, 3, 4, 5, 50, 51, 52];
const CHANNELS: [i64; 4] = [9, 2, 14, 13];

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lark-helpdesk-db-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn bin() -> assert_cmd::Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("lark-helpdesk");
    cmd.env_remove("RUST_LOG");
    cmd
}

/// Writes `value`s one a line into `path`.
fn write_lines(path: &Path, values: &[Value]) {
    let mut text = String::new();
    for value in values {
        text.push_str(&value.to_string());
        text.push('\n');
    }
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn agent(n: usize) -> Value {
    json!({"id": format!("ou_agent_{n}"), "name": format!("Agent {n}"), "avatar_url": "https://a/x.png",
           "email": format!("agent{n}@example.com")})
}

fn ticket_id(i: usize) -> String {
    (7_200_000_000_000_000_000u64 + i as u64).to_string()
}

/// Ticket `i` of a fixture, at `version` (a later version is the same ticket updated).
fn ticket(i: usize, version: i64) -> Value {
    let status = STATUSES[i % STATUSES.len()];
    let created = BASE_MS + i as i64 * 6 * HOUR;
    let closed = status >= 50;
    let mut agents = vec![agent(i % 3)];
    if i.is_multiple_of(4) {
        agents.push(agent((i + 1) % 3));
    }
    json!({
        "ticket_id": ticket_id(i),
        "helpdesk_id": "hd_1",
        "guest": {"id": format!("ou_guest_{}", i % 7), "name": format!("Guest {}", i % 7),
                  "avatar_url": "https://a/g.png", "email": "g@example.com"},
        "agents": agents,
        "closed_by": if closed { agents[0].clone() } else { Value::Null },
        "collaborators": if i.is_multiple_of(5) { json!([{"id": "ou_collab", "name": "Collab"}]) } else { json!([]) },
        "status": status,
        "solve": 1 + (i % 2) as i64,
        "channel": CHANNELS[i % CHANNELS.len()],
        "ticket_type": 2,
        "score": if closed { 1 + (i % 3) as i64 } else { 0 },
        "created_at": created,
        "updated_at": if i.is_multiple_of(5) && version == 0 { -1 } else { created + HOUR + version },
        "closed_at": if closed { created + 2 * HOUR } else { 0 },
        "dissatisfaction_reason": null,
        "customized_fields": [],
        "agent_service_duration": 12.5,
        "agent_first_response_duration": 60 + i as i64,
        "comments": {"content": "", "created_at": 0}
    })
}

/// Message `j` of ticket `i` (a guest's on even `j`, an agent's on odd; an image on
/// `j == 3`; no time for the last of ticket 5).
fn message(i: usize, j: usize, count: usize) -> Value {
    let t = ticket(i, 0);
    let agents = t["agents"].as_array().unwrap();
    let (user, name) = if j.is_multiple_of(2) {
        (t["guest"]["id"].clone(), t["guest"]["name"].clone())
    } else {
        let a = &agents[(j / 2) % agents.len()];
        (a["id"].clone(), a["name"].clone())
    };
    let created = if i == 5 && j + 1 == count {
        Value::Null
    } else {
        json!(t["created_at"].as_i64().unwrap() + (j as i64 + 1) * 60_000 + i as i64)
    };
    let id = ticket_id(i);
    let mut m = json!({
        "id": format!("{id}{j:04}"),
        "message_id": format!("om_{i}_{j}"),
        "message_type": "text",
        "created_at": created,
        "content": json!({"content": format!("message {j} of {i}"), "msg_type": "text"}).to_string(),
        "user_name": name,
        "avatar_url": "https://a/u.png",
        "user_id": user,
    });
    if j == 3 {
        m["message_type"] = json!("image");
        m["content"] = json!(
            json!({"content": {"image_key": format!("img_{i}_{j}")}, "msg_type": "image"})
                .to_string()
        );
        let mut images = vec![json!({"key": format!("img_{i}_{j}"), "index": null,
                                     "file": format!("images/{id}/img_{i}_{j}.png"), "bytes": 4})];
        if i.is_multiple_of(6) {
            images.push(json!({"key": format!("img_{i}_{j}_gone"), "index": 0, "deleted": true}));
        }
        m["images"] = json!(images);
    }
    m
}

fn message_count(i: usize) -> usize {
    i % 9
}

fn write_messages(dir: &Path, i: usize, count: usize) {
    let id = ticket_id(i);
    let messages: Vec<Value> = (0..count).map(|j| message(i, j, count)).collect();
    for m in &messages {
        for image in m["images"].as_array().into_iter().flatten() {
            if let Some(file) = image["file"].as_str() {
                let path = dir.join(file);
                fs::create_dir_all(path.parent().unwrap()).unwrap();
                fs::write(path, b"\x89PNG").unwrap();
            }
        }
    }
    write_lines(&dir.join(format!("messages/{id}.ndjson")), &messages);
}

fn write_ticket(dir: &Path, i: usize, version: i64) {
    let path = dir.join(format!("tickets/{}.json", ticket_id(i)));
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, format!("{}\n", ticket(i, version))).unwrap();
}

fn manifest(format: &str) -> Value {
    json!({
        "format": format,
        "filters": {"created_since": null, "status": []},
        "finished": true,
        "synced_at": "2026-12-01T00:00:00Z",
        "tickets": 0,
        "written_at": "2026-12-01T00:05:00Z",
        "parts": {
            "tickets": {"synced_at": "2026-12-01T00:00:00Z", "items": 0},
            "faqs": {"synced_at": "2026-12-01T00:00:00Z", "items": 3},
            "agent_skill_rules": {"skipped": "no permission"}
        }
    })
}

fn faqs() -> Vec<Value> {
    (0..3)
        .map(|n| {
            json!({
                "faq_id": format!("faq_{n}"), "id": format!("faq_{n}"), "helpdesk_id": "hd_1",
                "question": format!("Question {n}?"), "answer": "An answer.",
                "answer_richtext": [{"type": "text", "content": "An answer."}],
                "create_time": 1_780_000_000 + n, "update_time": 1_780_000_100 + n,
                "categories": if n == 2 { json!([]) } else { json!([{"category_id": format!("cat_{n}"), "name": "c"}]) },
                "tags": ["t"], "expire_time": 0,
                "update_user": {"id": "ou_agent_0"}, "create_user": {"id": "ou_agent_1"}
            })
        })
        .collect()
}

/// A whole export directory: `tickets` tickets with their messages and images, and every
/// part.
fn fixture(dir: &Path, tickets: usize) {
    write_lines(
        &dir.join("manifest.json"),
        &[manifest("lark-helpdesk-export/3")],
    );
    fs::write(dir.join(".lock"), b"").unwrap();
    let mut all = Vec::new();
    for i in 0..tickets {
        write_ticket(dir, i, 0);
        write_messages(dir, i, message_count(i));
        all.push(ticket(i, 0));
    }
    write_lines(&dir.join("tickets.ndjson"), &all);
    write_lines(&dir.join("faqs.ndjson"), &faqs());
    write_lines(
        &dir.join("categories.ndjson"),
        &[
            json!({"category_id": "cat_0", "id": "cat_0", "name": "Billing", "parent_id": "0", "language": "en_us",
                   "children": [{"id": "cat_1", "name": "Refunds", "parent_id": "cat_0",
                                 "children": [{"id": "cat_3", "name": "Late refunds"}]}]}),
            json!({"category_id": "cat_2", "name": "Accounts", "parent_id": "0", "children": []}),
        ],
    );
    write_lines(
        &dir.join("agent_schedules.ndjson"),
        &(0..3)
            .map(|n| {
                let mut a = agent(n);
                a["department"] = json!("Support");
                a["company_name"] = json!("ACME");
                json!({"status": 1 + n as i64, "agent": a,
                       "schedule": [{"start_time": "09:00", "end_time": "18:00", "weekday": 1},
                                    {"start_time": "09:00", "end_time": "13:00", "weekday": 6}],
                       "agent_skills": [{"id": "skill_1", "name": "Billing", "is_default": n == 0}]})
            })
            .collect::<Vec<_>>(),
    );
    write_lines(
        &dir.join("agent_emails.ndjson"),
        &[
            json!({"agent_id": "ou_agent_0", "email": "zero@example.com"}),
            json!({"agent_id": "ou_agent_9", "email": "nine@example.com"}),
        ],
    );
    write_lines(
        &dir.join("agent_skills.ndjson"),
        &[
            json!({"agent_skill_id": "skill_1", "id": "skill_1", "helpdesk_id": "hd_1", "name": "Billing",
                 "rules": [], "agent_ids": ["ou_agent_0", "ou_agent_1"], "is_default": true}),
        ],
    );
    write_lines(
        &dir.join("agent_skill_rules.ndjson"),
        &[
            json!({"id": "rule_1", "selected_operator": 3, "operator_options": [3, 4],
                 "operand": {"selected": "x"}, "category": 1, "display_name": "Language"}),
        ],
    );
    write_lines(
        &dir.join("ticket_customized_fields.ndjson"),
        &[
            json!({"ticket_customized_field_id": "field_1", "helpdesk_id": "hd_1", "key_name": "order",
                 "display_name": "Order", "position": "1", "field_type": "string", "visible": true,
                 "editable": true, "required": false, "created_at": "1616920429000",
                 "updated_at": "1616920429000", "created_by": {"id": "ou_agent_0"}}),
        ],
    );
    let faq_images = [
        json!({"faq_id": "faq_0", "key": "img_faq_0", "file": "faq_images/faq_0/img_faq_0.png", "bytes": 4}),
        json!({"faq_id": "faq_1", "key": "img_faq_1", "deleted": true}),
    ];
    write_lines(&dir.join("faq_images.ndjson"), &faq_images);
    fs::create_dir_all(dir.join("faq_images/faq_0")).unwrap();
    fs::write(dir.join("faq_images/faq_0/img_faq_0.png"), b"\x89PNG").unwrap();
}

/// What a database of `dir` must hold, computed from the files alone.
#[derive(Debug, Default)]
struct Expected {
    tickets: i64,
    messages: i64,
    ticket_users: i64,
    images: i64,
    faqs: i64,
    categories: i64,
    messages_per_ticket: BTreeMap<String, i64>,
    tickets_per_status: BTreeMap<i64, i64>,
    /// Per agent: tickets first answered, and the sum of the response times (ms).
    first_response: BTreeMap<String, (i64, i64)>,
}

fn lines_of(path: &Path) -> Vec<Value> {
    match fs::read_to_string(path) {
        Ok(text) => text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap())
            .collect(),
        Err(_) => Vec::new(),
    }
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == ext))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn count_categories(node: &Value) -> i64 {
    1 + node["children"]
        .as_array()
        .into_iter()
        .flatten()
        .map(count_categories)
        .sum::<i64>()
}

impl Expected {
    fn of(dir: &Path) -> Expected {
        let mut e = Expected::default();
        let mut agents_of: HashMap<String, Vec<String>> = HashMap::new();
        let mut created_of: HashMap<String, i64> = HashMap::new();
        for path in files(&dir.join("tickets"), "json") {
            let t: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
            let id = t["ticket_id"].as_str().unwrap().to_owned();
            e.tickets += 1;
            *e.tickets_per_status
                .entry(t["status"].as_i64().unwrap())
                .or_default() += 1;
            // A ticket no agent has taken yet has no `agents`.
            let agents: Vec<String> = t["agents"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|a| a["id"].as_str().unwrap().to_owned())
                .collect();
            e.ticket_users += agents.len() as i64
                + t["collaborators"].as_array().map_or(0, |c| c.len() as i64)
                + i64::from(t["guest"].is_object())
                + i64::from(t["closed_by"].is_object())
                + i64::from(t["agent_owner"].is_object());
            agents_of.insert(id.clone(), agents);
            created_of.insert(id, t["created_at"].as_i64().unwrap());
        }
        for path in files(&dir.join("messages"), "ndjson") {
            let id = path.file_stem().unwrap().to_str().unwrap().to_owned();
            let messages = lines_of(&path);
            e.messages += messages.len() as i64;
            e.messages_per_ticket
                .insert(id.clone(), messages.len() as i64);
            e.images += messages
                .iter()
                .map(|m| m["images"].as_array().map_or(0, |i| i.len() as i64))
                .sum::<i64>();
            let agents = agents_of.get(&id).cloned().unwrap_or_default();
            let first = messages
                .iter()
                .filter(|m| m["created_at"].is_i64())
                .filter(|m| agents.iter().any(|a| m["user_id"] == a.as_str()))
                .min_by_key(|m| m["created_at"].as_i64().unwrap());
            if let (Some(m), Some(created)) = (first, created_of.get(&id)) {
                let entry = e
                    .first_response
                    .entry(m["user_id"].as_str().unwrap().to_owned())
                    .or_default();
                entry.0 += 1;
                entry.1 += m["created_at"].as_i64().unwrap() - created;
            }
        }
        e.images += lines_of(&dir.join("faq_images.ndjson")).len() as i64;
        e.faqs = lines_of(&dir.join("faqs.ndjson")).len() as i64;
        e.categories = lines_of(&dir.join("categories.ndjson"))
            .iter()
            .map(count_categories)
            .sum();
        e
    }
}

fn count(db: &Connection, sql: &str) -> i64 {
    db.query_row(sql, [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// The database `db` holds what `expected` says.
fn assert_database(db: &Connection, expected: &Expected) {
    assert_eq!(count(db, "SELECT count(*) FROM tickets"), expected.tickets);
    assert_eq!(
        count(db, "SELECT count(*) FROM messages"),
        expected.messages
    );
    assert_eq!(
        count(db, "SELECT count(*) FROM ticket_users"),
        expected.ticket_users
    );
    assert_eq!(count(db, "SELECT count(*) FROM images"), expected.images);
    assert_eq!(count(db, "SELECT count(*) FROM faqs"), expected.faqs);
    assert_eq!(
        count(db, "SELECT count(*) FROM categories"),
        expected.categories
    );
    let per_ticket: BTreeMap<String, i64> = db
        .prepare("SELECT ticket_id, count(*) FROM messages GROUP BY ticket_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let nonempty: BTreeMap<String, i64> = expected
        .messages_per_ticket
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(k, v)| (k.clone(), *v))
        .collect();
    assert_eq!(per_ticket, nonempty);
    let per_status: BTreeMap<i64, i64> = db
        .prepare("SELECT status, count(*) FROM tickets GROUP BY status")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(per_status, expected.tickets_per_status);
    let first: BTreeMap<String, (i64, i64)> = db
        .prepare(
            "SELECT agent_id, count(*), sum(response_ms) FROM first_response GROUP BY agent_id",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(first, expected.first_response);
}

/// Runs `db DIR -o output`, which must fail with exit code 1; its stderr.
fn db_failing(dir: &Path, output: &Path) -> String {
    let out = bin()
        .arg("db")
        .arg(dir)
        .arg("-o")
        .arg(output)
        .assert()
        .code(1)
        .get_output()
        .clone();
    String::from_utf8(out.stderr).unwrap()
}

/// Runs `db DIR`, which must succeed; its stderr.
fn db(dir: &Path) -> String {
    let output = bin()
        .arg("db")
        .arg(dir)
        .assert()
        .success()
        .get_output()
        .clone();
    String::from_utf8(output.stderr).unwrap()
}

/// The SQL blocks of docs/database.md.
fn documented_queries() -> Vec<String> {
    let doc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/database.md");
    let text = fs::read_to_string(&doc).unwrap();
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        match (&mut current, line.trim_end()) {
            (None, "```sql") => current = Some(String::new()),
            (Some(sql), "```") => {
                out.push(std::mem::take(sql));
                current = None;
            }
            (Some(sql), line) => {
                sql.push_str(line);
                sql.push('\n');
            }
            (None, _) => {}
        }
    }
    out
}

#[test]
fn a_database_holds_what_the_directory_holds() {
    let dir = temp_dir("whole");
    fixture(&dir, 40);
    let stderr = db(&dir);
    assert!(
        stderr.contains("db: 88 files read (40 tickets, 40 messages, 8 parts)"),
        "{stderr}"
    );
    let db = Connection::open(dir.join("helpdesk.sqlite")).unwrap();
    let expected = Expected::of(&dir);
    assert!(expected.first_response.len() == 3, "{expected:?}");
    assert_database(&db, &expected);

    // The key tables, typed.
    let (status, created_iso, updated, closed): (i64, String, Option<i64>, Option<i64>) = db
        .query_row(
            "SELECT status, created_at_iso, updated_at, closed_at FROM tickets WHERE ticket_id = ?1",
            [ticket_id(0)],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        (status, updated, closed),
        (1, None, None),
        "-1 and 0 are no time"
    );
    assert_eq!(created_iso, "2026-05-28T20:26:40.000Z");
    let text: String = db
        .query_row(
            "SELECT text FROM messages WHERE ticket_id = ?1 AND seq = 1",
            [ticket_id(2)],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(text, "message 1 of 2");
    let categories: Vec<(String, Option<String>, i64, String)> = db
        .prepare("SELECT category_id, parent_id, depth, path FROM categories ORDER BY path")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        categories,
        [
            ("cat_2".into(), Some("0".into()), 0, "Accounts".into()),
            ("cat_0".into(), Some("0".into()), 0, "Billing".into()),
            (
                "cat_1".into(),
                Some("cat_0".into()),
                1,
                "Billing / Refunds".into()
            ),
            (
                "cat_3".into(),
                Some("cat_1".into()),
                2,
                "Billing / Refunds / Late refunds".into()
            ),
        ]
    );
    assert_eq!(
        count(&db, "SELECT created_at FROM faqs WHERE faq_id = 'faq_1'"),
        1_780_000_001_000,
        "FAQ seconds become milliseconds"
    );
    assert_eq!(count(&db, "SELECT count(*) FROM faq_categories"), 2);
    let agents: Vec<(String, Option<String>, Option<i64>)> = db
        .prepare("SELECT agent_id, email, status FROM agents ORDER BY agent_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        agents.len(),
        4,
        "three with schedules, one with an address only"
    );
    assert_eq!(agents[0].1.as_deref(), Some("zero@example.com"));
    assert_eq!(agents[1].1.as_deref(), Some("agent1@example.com"));
    assert_eq!(
        agents[3],
        ("ou_agent_9".into(), Some("nine@example.com".into()), None)
    );
    assert_eq!(count(&db, "SELECT count(*) FROM agent_schedules"), 6);
    assert_eq!(count(&db, "SELECT count(*) FROM agent_skill_members"), 3);
    assert_eq!(
        count(
            &db,
            "SELECT created_at FROM custom_fields WHERE field_id = 'field_1'"
        ),
        1_616_920_429_000
    );
    // The tables derived from the spec.
    assert_eq!(
        count(
            &db,
            "SELECT is_default FROM agent_skills WHERE agent_skill_id = 'skill_1'"
        ),
        1
    );
    assert_eq!(
        count(&db, "SELECT json_array_length(agent_ids) FROM agent_skills"),
        2
    );
    assert_eq!(
        count(
            &db,
            "SELECT selected_operator FROM agent_skill_rules WHERE id = 'rule_1'"
        ),
        3
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM images WHERE deleted = 1"),
        1 + (0..40)
            .filter(|i: &usize| i.is_multiple_of(6) && message_count(*i) > 3)
            .count() as i64
    );
    // The manifest.
    assert_eq!(count(&db, "SELECT finished FROM export"), 1);
    assert_eq!(
        db.query_row(
            "SELECT skipped FROM export_parts WHERE part = 'agent_skill_rules'",
            [],
            |r| r.get::<_, String>(0)
        )
        .unwrap(),
        "no permission"
    );

    // Every query of the docs runs and answers something.
    let queries = documented_queries();
    assert!(queries.len() >= 5, "{queries:?}");
    for sql in queries {
        let mut statement = db.prepare(&sql).unwrap_or_else(|e| panic!("{sql}\n{e}"));
        let columns = statement.column_count();
        let rows: Vec<Vec<String>> = statement
            .query_map([], |r| {
                (0..columns)
                    .map(|i| r.get_ref(i).map(|v| format!("{v:?}")))
                    .collect()
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert!(!rows.is_empty(), "no answer to\n{sql}");
    }

    // A second run with nothing changed reads nothing.
    let again = self::db(&dir);
    assert!(again.contains("db: 0 files read"), "{again}");
    assert!(again.contains("88 unchanged"), "{again}");
    fs::remove_dir_all(&dir).unwrap();
}

/// The rowids of ticket `id`'s messages.
fn rowids(db: &Connection, id: &str) -> Vec<i64> {
    db.prepare("SELECT rowid FROM messages WHERE ticket_id = ?1 ORDER BY seq")
        .unwrap()
        .query_map([id], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn an_update_reads_only_the_changed_files() {
    let dir = temp_dir("update");
    fixture(&dir, 30);
    let output = dir.join("out.sqlite");
    let build = |output: &Path| {
        let out = bin()
            .arg("db")
            .arg(&dir)
            .arg("--output")
            .arg(output)
            .assert()
            .success()
            .get_output()
            .clone();
        String::from_utf8(out.stderr).unwrap()
    };
    build(&output);
    assert!(
        !dir.join("helpdesk.sqlite").exists(),
        "--output is where it goes"
    );
    let before = {
        let db = Connection::open(&output).unwrap();
        (
            rowids(&db, &ticket_id(8)),
            rowids(&db, &ticket_id(7)),
            count(
                &db,
                "SELECT rowid FROM tickets WHERE ticket_id = '7200000000000000011'",
            ),
            count(&db, "SELECT max(read_at) FROM db_files"),
        )
    };

    // Ticket 7 gets two new messages and a new version; ticket 16's messages file is
    // rewritten with the same bytes (a new time); ticket 20 is gone; an FAQ is added.
    std::thread::sleep(std::time::Duration::from_millis(20));
    write_messages(&dir, 7, message_count(7) + 2);
    write_ticket(&dir, 7, 1);
    let same = dir.join(format!("messages/{}.ndjson", ticket_id(16)));
    let bytes = fs::read(&same).unwrap();
    fs::write(&same, bytes).unwrap();
    fs::remove_file(dir.join(format!("tickets/{}.json", ticket_id(20)))).unwrap();
    fs::remove_file(dir.join(format!("messages/{}.ndjson", ticket_id(20)))).unwrap();
    let mut more = faqs();
    more.push(json!({"faq_id": "faq_9", "question": "New?", "create_time": 1_780_000_999}));
    write_lines(&dir.join("faqs.ndjson"), &more);
    // What an export leaves while writing is not read.
    fs::write(
        dir.join("tickets/7200000000000000001.json.partial"),
        "{\"torn",
    )
    .unwrap();

    let stderr = build(&output);
    assert!(
        stderr.contains("db: 3 files read (1 tickets, 1 messages, 1 parts)"),
        "{stderr}"
    );
    assert!(stderr.contains("2 removed"), "{stderr}");
    assert!(stderr.contains("1 with the same bytes"), "{stderr}");
    let db = Connection::open(&output).unwrap();
    assert_database(&db, &Expected::of(&dir));
    // Rows of unchanged files are the same rows.
    assert_eq!(rowids(&db, &ticket_id(8)), before.0);
    assert_eq!(
        count(
            &db,
            "SELECT rowid FROM tickets WHERE ticket_id = '7200000000000000011'"
        ),
        before.2
    );
    let after = rowids(&db, &ticket_id(7));
    assert_eq!(after.len(), before.1.len() + 2);
    assert_eq!(
        count(
            &db,
            "SELECT updated_at FROM tickets WHERE ticket_id = '7200000000000000007'"
        ),
        BASE_MS + 7 * 6 * HOUR + HOUR + 1
    );
    // The bookkeeping: what this run read is marked with its number.
    let run = count(&db, "SELECT max(run) FROM db_files");
    let read_now: Vec<String> = db
        .prepare("SELECT path FROM db_files WHERE read_at > ?1 ORDER BY path")
        .unwrap()
        .query_map([before.3], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        read_now,
        [
            "faqs.ndjson".to_owned(),
            format!("messages/{}.ndjson", ticket_id(7)),
            format!("tickets/{}.json", ticket_id(7)),
        ]
    );
    assert_eq!(
        count(
            &db,
            &format!("SELECT count(*) FROM db_files WHERE run <> {run}")
        ),
        0
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM db_files WHERE path LIKE '%7200000000000000020%'"
        ),
        0
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn what_is_no_export_or_is_being_written_is_refused() {
    let dir = temp_dir("refused");
    let refused = |dir: &Path, code: i32| {
        let out = bin()
            .arg("db")
            .arg(dir)
            .assert()
            .code(code)
            .get_output()
            .clone();
        String::from_utf8(out.stderr).unwrap()
    };
    let stderr = refused(&dir, 2);
    assert!(
        stderr.contains("holds no export (no manifest.json)"),
        "{stderr}"
    );
    assert!(stderr.contains("hint: "), "{stderr}");

    write_lines(
        &dir.join("manifest.json"),
        &[manifest("lark-helpdesk-export/2")],
    );
    let stderr = refused(&dir, 2);
    assert!(
        stderr.contains("an export of another format (lark-helpdesk-export/2; this version reads lark-helpdesk-export/3)"),
        "{stderr}"
    );
    fs::write(dir.join("manifest.json"), "[]").unwrap();
    let stderr = refused(&dir, 2);
    assert!(stderr.contains("no export's"), "{stderr}");

    // An export holds the lock: refused at once, nothing written.
    fixture(&dir, 5);
    let lock = fs::OpenOptions::new()
        .write(true)
        .open(dir.join(".lock"))
        .unwrap();
    lock.try_lock().unwrap();
    let stderr = refused(&dir, 2);
    assert!(
        stderr.contains(&format!("an export is writing into {}", dir.display())),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: run db when the export ends"),
        "{stderr}"
    );
    assert!(!dir.join("helpdesk.sqlite").exists());
    drop(lock);
    db(&dir);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_input_names_the_file_and_line_and_leaves_the_database_as_it_was() {
    let dir = temp_dir("bad");
    fixture(&dir, 6);
    db(&dir);
    let messages = dir.join(format!("messages/{}.ndjson", ticket_id(4)));
    let whole = fs::read_to_string(&messages).unwrap();
    let failed = |dir: &Path| {
        let out = bin()
            .arg("db")
            .arg(dir)
            .assert()
            .code(1)
            .get_output()
            .clone();
        String::from_utf8(out.stderr).unwrap()
    };
    // A torn last line.
    fs::write(&messages, format!("{whole}{{\"id\":\"x\",\"crea")).unwrap();
    let stderr = failed(&dir);
    assert!(
        stderr.contains(&format!("{} line 5: torn", messages.display())),
        "{stderr}"
    );
    assert!(stderr.contains("hint: "), "{stderr}");
    // A line that is not JSON.
    fs::write(&messages, format!("{whole}not json\n")).unwrap();
    let stderr = failed(&dir);
    assert!(stderr.contains("line 5: not JSON"), "{stderr}");
    // The database is as the first run left it.
    let db_file = Connection::open(dir.join("helpdesk.sqlite")).unwrap();
    assert_eq!(
        count(
            &db_file,
            "SELECT count(*) FROM messages WHERE ticket_id = '7200000000000000004'"
        ),
        4
    );
    drop(db_file);
    fs::write(&messages, &whole).unwrap();

    // A ticket file whose name is no ticket id, one holding another ticket.
    fs::write(dir.join("tickets/a b.json"), "{}\n").unwrap();
    let stderr = failed(&dir);
    assert!(stderr.contains("a b.json"), "{stderr}");
    assert!(stderr.contains("is no ticket id"), "{stderr}");
    fs::remove_file(dir.join("tickets/a b.json")).unwrap();
    fs::write(
        dir.join("tickets/7200000000000000099.json"),
        format!("{}\n", ticket(1, 0)),
    )
    .unwrap();
    let stderr = failed(&dir);
    assert!(
        stderr.contains("holds ticket \"7200000000000000001\", not \"7200000000000000099\""),
        "{stderr}"
    );
    fs::remove_file(dir.join("tickets/7200000000000000099.json")).unwrap();
    // An FAQ listed twice.
    let mut twice = faqs();
    twice.push(faqs()[0].clone());
    write_lines(&dir.join("faqs.ndjson"), &twice);
    let stderr = failed(&dir);
    assert!(
        stderr.contains("faqs.ndjson line 4: cannot be stored"),
        "{stderr}"
    );
    write_lines(&dir.join("faqs.ndjson"), &faqs());
    let stderr = db(&dir);
    assert!(stderr.contains("db: 0 files read"), "{stderr}");

    // A file that is not a database, or one this command did not make.
    let other = dir.join("other.sqlite");
    fs::write(
        &other,
        "not a database at all, just text, long enough to be a header",
    )
    .unwrap();
    let stderr = db_failing(&dir, &other);
    assert!(stderr.contains("other.sqlite"), "{stderr}");
    fs::remove_file(&other).unwrap();
    Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE mine (x)")
        .unwrap();
    let stderr = db_failing(&dir, &other);
    assert!(
        stderr.contains("a database this command did not make"),
        "{stderr}"
    );
    fs::remove_dir_all(&dir).unwrap();
}

/// An export of the fake server, made by `lark-helpdesk export`, becomes a database that
/// holds what the directory holds.
#[tokio::test(flavor = "multi_thread")]
async fn an_export_of_the_fake_server_becomes_a_database() {
    let mock = common::helpdesk(20).await;
    let dir = temp_dir("e2e");
    common::export(&mock, &dir);
    let stderr = db(&dir);
    assert!(stderr.contains("db: "), "{stderr}");
    let conn = Connection::open(dir.join("helpdesk.sqlite")).unwrap();
    assert_database(&conn, &Expected::of(&dir));
    let first_read = count(&conn, "SELECT max(read_at) FROM db_files");
    drop(conn);

    // New messages on two tickets: the export rewrites their files, the update reads
    // those and nothing else.
    let tickets: Vec<String> = fs::read_to_string(dir.join("tickets.ndjson"))
        .unwrap()
        .lines()
        .take(2)
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["ticket_id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    for t in &tickets {
        assert!(mock.add_messages(t, 3));
    }
    common::export(&mock, &dir);
    db(&dir);
    let db = Connection::open(dir.join("helpdesk.sqlite")).unwrap();
    assert_database(&db, &Expected::of(&dir));
    let read: Vec<String> = db
        .prepare("SELECT path FROM db_files WHERE read_at > ?1 ORDER BY path")
        .unwrap()
        .query_map([first_read], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut want: Vec<String> = tickets
        .iter()
        .flat_map(|t| [format!("messages/{t}.ndjson"), format!("tickets/{t}.json")])
        .collect();
    want.sort();
    assert_eq!(read, want, "only the changed tickets' files are read again");
    fs::remove_dir_all(&dir).unwrap();
}
