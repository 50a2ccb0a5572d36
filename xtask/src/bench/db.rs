//! `cargo xtask bench --db`: how long `lark-helpdesk db` takes to build the database of
//! an export, and to bring it up to date, and the memory it needs.
//!
//! The export directory is synthetic, written here in the layout of
//! `lark-helpdesk-export/3`: the fake server's helpdesk of 300 tickets and 35,000 messages
//! ([`lark_helpdesk_mock::synthetic_helpdesk`]), an image reference (and a small file) for
//! each image message, and every part (FAQs, a category tree, agents with schedules and
//! skills, custom fields, FAQ images). Each run times, under `/usr/bin/time -v` (wall
//! time here, peak RSS from its report):
//!
//! 1. **build**: the database from scratch;
//! 2. **update**: after 100 tickets changed (each a new version of its ticket file and
//!    five new messages appended to its messages file);
//! 3. **no change**: a run with nothing changed (every file's size and time compared).
//!
//! The summary line `db` prints is checked each time: the build reads every file, the
//! update exactly the 200 files changed.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::measure::{TIME, median, parse_time_report};

/// Tickets changed before each update.
const CHANGED: usize = 100;
/// Messages appended to each changed ticket.
const NEW_MESSAGES: usize = 5;

/// One timed run of `db`.
#[derive(Debug, Clone, Copy)]
struct Sample {
    wall: Duration,
    max_rss_kib: u64,
}

/// Runs the bench with the release CLI `cli`, `runs` times.
pub(super) fn run(cli: &Path, runs: usize) -> Result<(), String> {
    let dir = std::env::temp_dir().join(format!("xtask-bench-db-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    eprintln!("writing a synthetic export into {}...", dir.display());
    let export = Export::write(&dir)?;
    println!(
        "export: {} tickets, {} messages ({} image references), {} files, {:.1} MiB",
        export.tickets.len(),
        export.messages,
        export.images,
        export.files,
        export.bytes as f64 / (1024.0 * 1024.0)
    );
    let mut build = Vec::new();
    let mut update = Vec::new();
    let mut unchanged = Vec::new();
    for run in 0..runs {
        let db_file = dir.join("helpdesk.sqlite");
        let _ = fs::remove_file(&db_file);
        let (sample, summary) = time_db(cli, &dir)?;
        expect(&summary, &format!("db: {} files read", export.files))?;
        build.push(sample);
        export.change(&dir, run)?;
        let (sample, summary) = time_db(cli, &dir)?;
        expect(
            &summary,
            &format!(
                "db: {} files read ({CHANGED} tickets, {CHANGED} messages, 0 parts)",
                2 * CHANGED
            ),
        )?;
        update.push(sample);
        if run == 0 {
            let size = fs::metadata(&db_file).map(|m| m.len()).unwrap_or(0);
            println!(
                "database: {:.1} MiB; the update's summary: {}",
                size as f64 / (1024.0 * 1024.0),
                summary_of(&summary)
            );
        }
        let (sample, summary) = time_db(cli, &dir)?;
        expect(&summary, "db: 0 files read")?;
        unchanged.push(sample);
    }
    println!("\n| run ({runs} each) | median wall | min | max | peak RSS (max) |");
    println!("|---|---|---|---|---|");
    for (name, samples) in [
        ("build (35,000 messages)", &build),
        ("update (100 tickets changed, 500 new messages)", &update),
        ("no change", &unchanged),
    ] {
        let walls: Vec<f64> = samples.iter().map(|s| s.wall.as_secs_f64()).collect();
        let min = walls.iter().copied().fold(f64::INFINITY, f64::min);
        let max = walls.iter().copied().fold(0.0, f64::max);
        let rss = samples.iter().map(|s| s.max_rss_kib).max().unwrap_or(0);
        println!(
            "| {name} | {:.3} s | {min:.3} s | {max:.3} s | {:.1} MiB |",
            median(&walls),
            rss as f64 / 1024.0
        );
    }
    let _ = fs::remove_dir_all(&dir);
    Ok(())
}

fn summary_of(stderr: &str) -> &str {
    stderr
        .lines()
        .find(|l| l.starts_with("db: "))
        .unwrap_or(stderr)
        .trim()
}

fn expect(stderr: &str, wanted: &str) -> Result<(), String> {
    if stderr.contains(wanted) {
        Ok(())
    } else {
        Err(format!("db said {stderr:?}, expected {wanted:?}"))
    }
}

/// Runs `cli db dir` under `/usr/bin/time -v`: its time, peak memory and stderr.
fn time_db(cli: &Path, dir: &Path) -> Result<(Sample, String), String> {
    let report = dir.with_extension("time.txt");
    let start = Instant::now();
    let output = Command::new(TIME)
        .arg("-v")
        .arg("-o")
        .arg(&report)
        .arg(cli)
        .arg("db")
        .arg(dir)
        .env_remove("RUST_LOG")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("cannot run {TIME}: {e}"))?;
    let wall = start.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if !output.status.success() {
        return Err(format!("db failed ({}): {stderr}", output.status));
    }
    let text = fs::read_to_string(&report)
        .map_err(|e| format!("cannot read {}: {e}", report.display()))?;
    let _ = fs::remove_file(&report);
    let parsed =
        parse_time_report(&text).ok_or_else(|| format!("cannot read time's report:\n{text}"))?;
    Ok((
        Sample {
            wall,
            max_rss_kib: parsed.max_rss_kib,
        },
        stderr,
    ))
}

/// The synthetic export written.
struct Export {
    /// Each ticket, as written.
    tickets: Vec<Value>,
    messages: usize,
    images: usize,
    /// Files `db` reads (ticket, messages and part files).
    files: usize,
    bytes: u64,
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn ndjson(values: impl IntoIterator<Item = Value>) -> Vec<u8> {
    let mut out = Vec::new();
    for value in values {
        out.extend_from_slice(value.to_string().as_bytes());
        out.push(b'\n');
    }
    out
}

impl Export {
    fn write(dir: &Path) -> Result<Export, String> {
        let helpdesk = lark_helpdesk_mock::synthetic_helpdesk(300);
        let mut export = Export {
            tickets: Vec::new(),
            messages: 0,
            images: 0,
            files: 0,
            bytes: 0,
        };
        let mut all = Vec::new();
        for (ticket, messages) in helpdesk {
            let ticket = serde_json::to_value(&ticket).map_err(|e| e.to_string())?;
            let id = ticket["ticket_id"].as_str().unwrap_or_default().to_owned();
            let lines: Vec<Value> = messages
                .iter()
                .enumerate()
                .map(|(n, m)| {
                    let mut line = serde_json::to_value(m).unwrap_or(Value::Null);
                    if line["message_type"] == "image" {
                        let key = format!("img_v2_{id}_{n}");
                        let file = format!("images/{id}/{key}.png");
                        line["images"] =
                            json!([{"key": key, "index": null, "file": file, "bytes": 1024}]);
                    }
                    line
                })
                .collect();
            for line in &lines {
                if let Some(file) = line["images"][0]["file"].as_str() {
                    write(&dir.join(file), &[0u8; 1024])?;
                    export.images += 1;
                }
            }
            export.messages += lines.len();
            let body = ndjson(lines);
            export.bytes += body.len() as u64;
            write(&dir.join(format!("messages/{id}.ndjson")), &body)?;
            let text = format!("{ticket}\n");
            export.bytes += text.len() as u64;
            write(&dir.join(format!("tickets/{id}.json")), text.as_bytes())?;
            export.files += 2;
            all.push(ticket.clone());
            export.tickets.push(ticket);
        }
        write(&dir.join("tickets.ndjson"), &ndjson(all))?;
        let parts = parts();
        for (name, lines) in &parts {
            for line in lines {
                if let Some(file) = line["file"].as_str() {
                    write(&dir.join(file), &[0u8; 2048])?;
                }
            }
            let body = ndjson(lines.iter().cloned());
            export.bytes += body.len() as u64;
            write(&dir.join(format!("{name}.ndjson")), &body)?;
            export.files += 1;
        }
        let manifest = json!({
            "format": "lark-helpdesk-export/3",
            "filters": {},
            "finished": true,
            "synced_at": "2026-12-01T00:00:00Z",
            "tickets": export.tickets.len(),
            "written_at": "2026-12-01T00:05:00Z",
            "parts": parts.iter().map(|(name, lines)| {
                (name.to_string(), json!({"synced_at": "2026-12-01T00:00:00Z", "items": lines.len()}))
            }).collect::<serde_json::Map<_, _>>(),
        });
        write(
            &dir.join("manifest.json"),
            format!("{manifest}\n").as_bytes(),
        )?;
        Ok(export)
    }

    /// Changes [`CHANGED`] tickets (a different set each `run`): a new version of the
    /// ticket, [`NEW_MESSAGES`] messages appended.
    fn change(&self, dir: &Path, run: usize) -> Result<(), String> {
        let n = self.tickets.len();
        for k in 0..CHANGED {
            let mut ticket = self.tickets[(run * CHANGED + k) % n].clone();
            let id = ticket["ticket_id"].as_str().unwrap_or_default().to_owned();
            let now = 1_790_000_000_000i64 + (run * 1000 + k) as i64;
            ticket["updated_at"] = json!(now);
            write(
                &dir.join(format!("tickets/{id}.json")),
                format!("{ticket}\n").as_bytes(),
            )?;
            let path: PathBuf = dir.join(format!("messages/{id}.ndjson"));
            let mut body = fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let guest = ticket["guest"]["id"].clone();
            body.extend(ndjson((0..NEW_MESSAGES).map(|j| {
                json!({
                    "id": format!("{id}-r{run}-{j}"), "message_id": format!("om_r{run}_{k}_{j}"),
                    "message_type": "text", "created_at": now + j as i64,
                    "content": json!({"content": format!("follow-up {j}"), "msg_type": "text"}).to_string(),
                    "user_name": "Guest", "avatar_url": "", "user_id": guest,
                })
            })));
            // As the export does: written aside, renamed.
            let partial = path.with_extension("ndjson.partial");
            write(&partial, &body)?;
            fs::rename(&partial, &path).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        Ok(())
    }
}

/// Every part file, as an export of a mid-sized helpdesk would hold it.
fn parts() -> Vec<(&'static str, Vec<Value>)> {
    let agent = |n: usize| {
        json!({"id": format!("ou_agent_{n:03}"), "name": format!("Agent {n}"),
               "email": format!("agent{n}@example.com"), "avatar_url": "https://example.com/a.png",
               "department": "Support", "company_name": "ACME"})
    };
    let categories: Vec<Value> = (0..10)
        .map(|r| {
            json!({"category_id": format!("cat_{r}"), "id": format!("cat_{r}"), "name": format!("Topic {r}"),
                   "parent_id": "0", "language": "en_us",
                   "children": (0..3).map(|c| json!({"id": format!("cat_{r}_{c}"), "name": format!("Sub {c}"),
                       "parent_id": format!("cat_{r}"), "children": []})).collect::<Vec<_>>()})
        })
        .collect();
    let faqs: Vec<Value> = (0..200)
        .map(|n| {
            json!({"faq_id": format!("faq_{n}"), "id": format!("faq_{n}"), "helpdesk_id": "hd",
                   "question": format!("How do I do thing {n}?"), "answer": "Like this. ".repeat(20),
                   "answer_richtext": [{"type": "text", "content": "Like this."}, {"type": "img", "key": format!("img_faq_{n}")}],
                   "create_time": 1_780_000_000 + n, "update_time": 1_780_100_000 + n,
                   "categories": [{"category_id": format!("cat_{}_{}", n % 10, n % 3), "name": "Sub"}],
                   "tags": ["howto"], "expire_time": 0,
                   "create_user": agent(n % 20), "update_user": agent((n + 1) % 20)})
        })
        .collect();
    let faq_images: Vec<Value> = (0..200)
        .map(|n| {
            json!({"faq_id": format!("faq_{n}"), "key": format!("img_faq_{n}"),
                   "file": format!("faq_images/faq_{n}/img_faq_{n}.png"), "bytes": 2048})
        })
        .collect();
    let schedules: Vec<Value> = (0..20)
        .map(|n| {
            json!({"status": 1 + n % 4, "agent": agent(n),
                   "schedule": (1..=5).map(|d| json!({"start_time": "09:00", "end_time": "18:00", "weekday": d})).collect::<Vec<_>>(),
                   "agent_skills": [{"id": format!("skill_{}", n % 5), "name": "Skill", "is_default": n % 5 == 0}]})
        })
        .collect();
    vec![
        ("faqs", faqs),
        ("categories", categories),
        ("faq_images", faq_images),
        ("agent_schedules", schedules),
        (
            "agent_emails",
            (0..20)
                .map(|n| json!({"agent_id": format!("ou_agent_{n:03}"), "email": format!("agent{n}@example.com")}))
                .collect(),
        ),
        (
            "agent_skills",
            (0..5)
                .map(|n| json!({"agent_skill_id": format!("skill_{n}"), "id": format!("skill_{n}"), "name": format!("Skill {n}"),
                                "rules": [], "agent_ids": ["ou_agent_000"], "is_default": n == 0}))
                .collect(),
        ),
        (
            "agent_skill_rules",
            (0..3)
                .map(|n| json!({"id": format!("rule_{n}"), "selected_operator": 3, "operator_options": [3, 4],
                                "operand": null, "category": 1, "display_name": format!("Rule {n}")}))
                .collect(),
        ),
        (
            "ticket_customized_fields",
            (0..5)
                .map(|n| json!({"ticket_customized_field_id": format!("field_{n}"), "key_name": format!("k{n}"),
                                "display_name": format!("Field {n}"), "field_type": "string", "visible": true,
                                "created_at": "1616920429000", "updated_at": "1616920429000"}))
                .collect(),
        ),
    ]
}
