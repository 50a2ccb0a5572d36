//! `db`: a SQLite database of an export directory, built once and then brought up to
//! date by reading only the files that changed.
//!
//! Every run is one transaction: a run killed or failing leaves the database as the last
//! one left it. The table `db_files` keeps, for each file read, its size, modification
//! time and a hash of its bytes: a file with the same size and time is not opened, one
//! with the same bytes is not loaded. A changed ticket file replaces that ticket's rows, a
//! changed messages file that ticket's messages and images, a changed part file its
//! table(s). The layout of the tables is in [`schema`] (and `docs/database.md`); the
//! modules: [`error`] ← [`input`] (reading files) ← [`load`] (files into rows) ← this one,
//! with [`schema`] beside them.

pub mod error;
pub mod input;
pub mod load;
pub mod schema;

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde_json::Value;

use crate::args::DbArgs;
use crate::exit::CliError;
use error::DbError;
use input::{Fields, Stat};
use load::{Db, database_error};
use schema::PartTable;

// The export format it reads: the one `export` writes.
use crate::store::FORMAT;

/// The database's file name in DIR when `--output` is not given.
pub const DEFAULT_FILE: &str = "helpdesk.sqlite";

/// Runs `db`.
pub fn run(args: &DbArgs) -> Result<(), CliError> {
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| args.dir.join(DEFAULT_FILE));
    let summary = build(&args.dir, &output)?;
    let _ = writeln!(io::stderr(), "{summary}");
    Ok(())
}

/// What a run did.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Summary {
    /// Ticket files read.
    pub tickets: u64,
    /// Messages files read.
    pub messages: u64,
    /// Part files read.
    pub parts: u64,
    /// Files whose size or time changed but whose bytes did not: not loaded.
    pub same_bytes: u64,
    /// Files not opened: same size and time as at the last run.
    pub unchanged: u64,
    /// Files gone since the last run, whose rows were deleted.
    pub removed: u64,
    /// Rows written.
    pub rows: u64,
    /// Why the database was built from scratch, if it was.
    pub rebuilt: Option<String>,
    /// Whether the export's last run had finished.
    pub finished: bool,
    /// The database.
    pub output: PathBuf,
    /// How long it took, in seconds.
    pub seconds: f64,
}

impl Summary {
    /// Files read (and loaded).
    pub fn read(&self) -> u64 {
        self.tickets + self.messages + self.parts
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::output::count;
        if let Some(why) = &self.rebuilt {
            writeln!(
                f,
                "db: building {} from scratch ({why})",
                self.output.display()
            )?;
        }
        if !self.finished {
            writeln!(
                f,
                "note: the export's last run did not finish: the database holds what the directory holds now"
            )?;
        }
        write!(
            f,
            "db: {} read ({} tickets, {} messages, {} parts), {} written, {} removed, {} unchanged, {} with the same bytes, in {:.2} s: {}",
            count(self.read(), "file", "files"),
            self.tickets,
            self.messages,
            self.parts,
            count(self.rows, "row", "rows"),
            self.removed,
            self.unchanged,
            self.same_bytes,
            self.seconds,
            self.output.display()
        )
    }
}

/// Builds or updates the database `output` from the export directory `dir`.
///
/// # Errors
///
/// [`CliError::Usage`] when `dir` holds no export of [`FORMAT`] or an export is writing
/// into it; [`CliError::Failed`] for a file that is not what the export writes (naming
/// it and its line) or a database that cannot be written.
pub fn build(dir: &Path, output: &Path) -> Result<Summary, CliError> {
    let started = Instant::now();
    read_manifest(dir)?;
    let _lock = lock(dir)?;
    // Read again under the lock: an export that held it may have rewritten it.
    let manifest = read_manifest(dir)?;
    let mut conn = Connection::open(output).map_err(|e| database_error(output, &e))?;
    let fail = |e: rusqlite::Error| CliError::from(database_error(output, &e));
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .map_err(fail)?;
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(fail)?;
    let db = Db {
        conn: &tx,
        path: output,
    };
    let mut summary = Summary {
        output: output.to_owned(),
        finished: manifest.finished,
        ..Summary::default()
    };
    let parts = schema::part_tables();
    summary.rebuilt = prepare(&db, dir, &parts)?;
    write_manifest(&db, &manifest)?;
    let mut update = Update {
        db: &db,
        dir,
        run: 0,
        summary: &mut summary,
    };
    update.run = tx
        .query_row("SELECT coalesce(max(run), 0) + 1 FROM db_files", [], |r| {
            r.get(0)
        })
        .map_err(fail)?;
    update.tickets()?;
    update.messages()?;
    update.gone()?;
    update.parts(&parts)?;
    tx.execute(
        "INSERT OR REPLACE INTO db_meta (key, value) VALUES ('updated_at', ?1)",
        [jiff::Timestamp::now().to_string()],
    )
    .map_err(fail)?;
    tx.commit().map_err(fail)?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// What `manifest.json` says, as far as the database keeps it.
#[derive(Debug, Clone)]
struct Manifest {
    finished: bool,
    object: serde_json::Map<String, Value>,
    text: String,
}

fn read_manifest(dir: &Path) -> Result<Manifest, DbError> {
    let path = dir.join("manifest.json");
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(DbError::NoExport {
                dir: dir.to_owned(),
            });
        }
        Err(e) => return Err(input::read_error(&path, e)),
    };
    let other = |what: String| DbError::OtherFormat {
        dir: dir.to_owned(),
        what,
    };
    let object = input::parse_object(&text)
        .map_err(|e| other(format!("a manifest.json that is no export's ({e})")))?;
    match object.text("format") {
        Some(f) if f == FORMAT => {}
        Some(f) => {
            return Err(other(format!(
                "an export of another format ({f}; this version reads {FORMAT})"
            )));
        }
        None => return Err(other("a manifest.json that is no export's".into())),
    }
    Ok(Manifest {
        finished: object.boolean("finished") == Some(1),
        object,
        text: text.trim_end().to_owned(),
    })
}

/// Takes DIR's lock, shared: an export (which takes it alone) cannot start meanwhile,
/// and one running makes this fail at once.
fn lock(dir: &Path) -> Result<Option<File>, DbError> {
    let path = dir.join(".lock");
    let file = match OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
    {
        Ok(file) => file,
        // A directory no export can write into needs no lock.
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
            ) =>
        {
            return match File::open(&path) {
                Ok(file) => lock_file(dir, &path, file).map(Some),
                Err(_) => Ok(None),
            };
        }
        Err(e) => return Err(input::read_error(&path, e)),
    };
    lock_file(dir, &path, file).map(Some)
}

fn lock_file(dir: &Path, path: &Path, file: File) -> Result<File, DbError> {
    match file.try_lock_shared() {
        Ok(()) => Ok(file),
        Err(fs::TryLockError::WouldBlock) => Err(DbError::Locked {
            dir: dir.to_owned(),
        }),
        Err(fs::TryLockError::Error(e)) => Err(input::read_error(path, e)),
    }
}

/// The fingerprint of the layout: the statements that create it.
fn layout(parts: &[PartTable]) -> String {
    let mut sql = schema::key_tables();
    for part in parts {
        sql.push_str(&part.create());
    }
    sql
}

/// Makes the tables ready: created in a new database, dropped and created again when
/// they are of another layout or were built from another directory. Returns why it
/// rebuilt, if it did.
fn prepare(db: &Db<'_>, dir: &Path, parts: &[PartTable]) -> Result<Option<String>, DbError> {
    let fail = |e: rusqlite::Error| database_error(db.path, &e);
    let sql = layout(parts);
    let layout_hash = format!("{:016x}", input::hash_bytes(sql.as_bytes()));
    let source = fs::canonicalize(dir)
        .unwrap_or_else(|_| dir.to_owned())
        .display()
        .to_string();
    let ours: bool = db
        .conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'db_meta'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .map_err(fail)?
        > 0;
    let meta = |key: &str| -> Result<Option<String>, DbError> {
        db.conn
            .query_row("SELECT value FROM db_meta WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()
            .map_err(fail)
    };
    let rebuilt = if ours {
        let held_layout = meta("layout")?;
        let held_source = meta("export_dir")?;
        let why = if held_layout.as_deref() != Some(&layout_hash) {
            Some(format!(
                "made by another version of the tables (schema {}, this one {})",
                meta("schema_version")?.unwrap_or_default(),
                schema::SCHEMA_VERSION
            ))
        } else if held_source.as_deref() != Some(&source) {
            Some(format!(
                "made from another directory, {}",
                held_source.unwrap_or_default()
            ))
        } else {
            None
        };
        if why.is_some() {
            let tables: Vec<String> = meta("tables")?
                .and_then(|t| serde_json::from_str(&t).ok())
                .unwrap_or_default();
            for view in schema::VIEWS {
                db.conn
                    .execute_batch(&format!("DROP VIEW IF EXISTS \"{view}\""))
                    .map_err(fail)?;
            }
            for table in tables {
                db.conn
                    .execute_batch(&format!("DROP TABLE IF EXISTS \"{table}\""))
                    .map_err(fail)?;
            }
        }
        why
    } else {
        let tables: i64 = db
            .conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'",
                [],
                |r| r.get(0),
            )
            .map_err(fail)?;
        if tables > 0 {
            return Err(DbError::Database {
                path: db.path.to_owned(),
                problem: "a database this command did not make (it has no db_meta table)".into(),
            });
        }
        None
    };
    if ours && rebuilt.is_none() {
        return Ok(None);
    }
    db.conn.execute_batch(&sql).map_err(fail)?;
    let tables: Vec<&str> = schema::KEY_TABLES
        .iter()
        .copied()
        .chain(parts.iter().map(|p| p.part))
        .collect();
    for (key, value) in [
        ("schema_version", schema::SCHEMA_VERSION.to_string()),
        ("layout", layout_hash),
        ("export_dir", source),
        ("format", FORMAT.to_owned()),
        ("tables", serde_json::to_string(&tables).expect("strings")),
    ] {
        db.conn
            .execute(
                "INSERT OR REPLACE INTO db_meta (key, value) VALUES (?1, ?2)",
                params![key, value],
            )
            .map_err(fail)?;
    }
    for (kind, code, name) in schema::codes() {
        db.conn
            .execute(
                "INSERT INTO codes (kind, code, name) VALUES (?1, ?2, ?3)",
                params![kind, code, name],
            )
            .map_err(fail)?;
    }
    Ok(rebuilt)
}

/// An RFC 3339 time of the manifest, in Unix milliseconds.
fn manifest_time(object: &serde_json::Map<String, Value>, key: &str) -> Option<i64> {
    object
        .text(key)?
        .parse::<jiff::Timestamp>()
        .ok()
        .map(|t| t.as_millisecond())
}

/// The manifest, into `export` and `export_parts` (small: rewritten every run).
fn write_manifest(db: &Db<'_>, manifest: &Manifest) -> Result<(), DbError> {
    let fail = |e: rusqlite::Error| database_error(db.path, &e);
    let m = &manifest.object;
    db.conn
        .execute_batch("DELETE FROM export; DELETE FROM export_parts;")
        .map_err(fail)?;
    db.conn
        .execute(
            "INSERT INTO export (format, finished, synced_at, tickets, written_at, filters, json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                FORMAT,
                manifest.finished,
                manifest_time(m, "synced_at"),
                m.int("tickets"),
                manifest_time(m, "written_at"),
                m.json("filters"),
                manifest.text,
            ],
        )
        .map_err(fail)?;
    for (part, value) in m.object("parts").into_iter().flatten() {
        let Some(p) = value.as_object() else { continue };
        db.conn
            .execute(
                "INSERT INTO export_parts (part, synced_at, items, skipped, json)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    part,
                    manifest_time(p, "synced_at"),
                    p.int("items"),
                    p.text("skipped"),
                    value.to_string()
                ],
            )
            .map_err(fail)?;
    }
    Ok(())
}

/// The kinds of files in `db_files`.
const TICKET: &str = "ticket";
const MESSAGES: &str = "messages";
const PART: &str = "part";

/// One run's pass over DIR.
struct Update<'a, 'c> {
    db: &'a Db<'c>,
    dir: &'a Path,
    /// This run's number: every file seen is marked with it; those left unmarked are
    /// gone.
    run: i64,
    summary: &'a mut Summary,
}

/// A file that changed since the last run: what it is now.
struct Changed {
    stat: Stat,
    hash: i64,
}

impl Update<'_, '_> {
    fn fail(&self) -> impl Fn(rusqlite::Error) -> DbError + '_ {
        |e| database_error(self.db.path, &e)
    }

    /// Whether the file `rel` (relative to DIR) changed since the last run; an unchanged
    /// one is marked seen.
    fn check(&mut self, rel: &str) -> Result<Option<Changed>, DbError> {
        let path = self.dir.join(rel);
        let Some(stat) = input::stat(&path)? else {
            return Ok(None);
        };
        let held: Option<(i64, i64, i64)> = self
            .db
            .conn
            .prepare_cached("SELECT size, mtime_ns, hash FROM db_files WHERE path = ?1")
            .and_then(|mut s| {
                s.query_row([rel], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                    .optional()
            })
            .map_err(self.fail())?;
        if let Some((size, mtime_ns, _)) = held
            && size == stat.size
            && mtime_ns == stat.mtime_ns
        {
            self.mark(rel, None)?;
            self.summary.unchanged += 1;
            return Ok(None);
        }
        let hash = input::hash_file(&path)?;
        if let Some((_, _, held_hash)) = held
            && held_hash == hash
        {
            self.mark(rel, Some(stat))?;
            self.summary.same_bytes += 1;
            return Ok(None);
        }
        Ok(Some(Changed { stat, hash }))
    }

    /// Marks `rel` seen by this run (with its new size and time, when they changed).
    fn mark(&self, rel: &str, stat: Option<Stat>) -> Result<(), DbError> {
        let sql = match stat {
            None => "UPDATE db_files SET run = ?1 WHERE path = ?2",
            Some(_) => "UPDATE db_files SET run = ?1, size = ?3, mtime_ns = ?4 WHERE path = ?2",
        };
        let mut statement = self.db.conn.prepare_cached(sql).map_err(self.fail())?;
        match stat {
            None => statement.execute(params![self.run, rel]),
            Some(s) => statement.execute(params![self.run, rel, s.size, s.mtime_ns]),
        }
        .map_err(self.fail())?;
        Ok(())
    }

    /// Records `rel` as loaded now, with `rows` rows.
    fn record(
        &mut self,
        rel: &str,
        kind: &str,
        changed: &Changed,
        rows: u64,
    ) -> Result<(), DbError> {
        self.db
            .conn
            .prepare_cached(
                "INSERT OR REPLACE INTO db_files (path, kind, size, mtime_ns, hash, rows, read_at, run)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )
            .and_then(|mut s| {
                s.execute(params![
                    rel,
                    kind,
                    changed.stat.size,
                    changed.stat.mtime_ns,
                    changed.hash,
                    rows as i64,
                    jiff::Timestamp::now().as_millisecond(),
                    self.run
                ])
            })
            .map_err(self.fail())?;
        self.summary.rows += rows;
        match kind {
            TICKET => self.summary.tickets += 1,
            MESSAGES => self.summary.messages += 1,
            _ => self.summary.parts += 1,
        }
        Ok(())
    }

    /// The ids of the files `<id>.<extension>` of DIR's `sub` folder (none when it is
    /// missing); `.partial` files and hidden ones are not the export's.
    fn ids(&self, sub: &str, extension: &str) -> Result<Vec<String>, DbError> {
        let folder = self.dir.join(sub);
        let entries = match fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(input::read_error(&folder, e)),
        };
        let mut ids = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| input::read_error(&folder, e))?;
            let name = entry.file_name();
            let Some(name) = name.to_str() else {
                return Err(DbError::Layout {
                    path: entry.path(),
                    problem: "a file name that is not UTF-8, so no ticket id".into(),
                });
            };
            if name.starts_with('.') || name.ends_with(".partial") {
                continue;
            }
            let Some(id) = name.strip_suffix(extension) else {
                continue;
            };
            if !is_ticket_id(id) {
                return Err(DbError::Layout {
                    path: entry.path(),
                    problem: format!(
                        "{:?} is no ticket id (letters, digits, - and _ only)",
                        crate::output::printable(id)
                    ),
                });
            }
            ids.push(id.to_owned());
        }
        // The same order every run, whatever the file system's.
        ids.sort();
        Ok(ids)
    }

    fn tickets(&mut self) -> Result<(), DbError> {
        for id in self.ids("tickets", ".json")? {
            let rel = format!("tickets/{id}.json");
            if let Some(changed) = self.check(&rel)? {
                let rows = self.db.load_ticket(&self.dir.join(&rel), &id)?;
                self.record(&rel, TICKET, &changed, rows)?;
            }
        }
        Ok(())
    }

    fn messages(&mut self) -> Result<(), DbError> {
        for id in self.ids("messages", ".ndjson")? {
            let rel = format!("messages/{id}.ndjson");
            if let Some(changed) = self.check(&rel)? {
                let rows = self.db.load_messages(&self.dir.join(&rel), &id)?;
                self.record(&rel, MESSAGES, &changed, rows)?;
            }
        }
        Ok(())
    }

    /// Deletes the rows of the ticket and messages files gone since the last run.
    fn gone(&mut self) -> Result<(), DbError> {
        let gone: Vec<(String, String)> = self
            .db
            .conn
            .prepare("SELECT path, kind FROM db_files WHERE run <> ?1 AND kind IN (?2, ?3)")
            .and_then(|mut s| {
                s.query_map(params![self.run, TICKET, MESSAGES], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?
                .collect()
            })
            .map_err(self.fail())?;
        for (rel, kind) in gone {
            let id = Path::new(&rel)
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default();
            if kind == TICKET {
                self.db.delete_ticket(id)?;
            } else {
                self.db.delete_messages(id)?;
            }
            self.forget(&rel)?;
        }
        Ok(())
    }

    fn forget(&mut self, rel: &str) -> Result<(), DbError> {
        self.db
            .conn
            .execute("DELETE FROM db_files WHERE path = ?1", [rel])
            .map_err(self.fail())?;
        self.summary.removed += 1;
        Ok(())
    }

    /// The part files: each group of files is loaded again when one of them changed,
    /// appeared or is gone.
    fn parts(&mut self, tables: &[PartTable]) -> Result<(), DbError> {
        type Loader<'t> = Box<dyn Fn(&Db<'_>, &[Option<PathBuf>]) -> Result<u64, DbError> + 't>;
        let mut groups: Vec<(Vec<String>, Loader<'_>)> = vec![
            (
                vec!["faqs.ndjson".into()],
                Box::new(|db, p| db.load_faqs(p[0].as_deref())),
            ),
            (
                vec!["categories.ndjson".into()],
                Box::new(|db, p| db.load_categories(p[0].as_deref())),
            ),
            (
                vec!["ticket_customized_fields.ndjson".into()],
                Box::new(|db, p| db.load_custom_fields(p[0].as_deref())),
            ),
            (
                vec!["faq_images.ndjson".into()],
                Box::new(|db, p| db.load_faq_images(p[0].as_deref())),
            ),
            (
                vec![
                    "agent_schedules.ndjson".into(),
                    "agent_emails.ndjson".into(),
                ],
                Box::new(|db, p| db.load_agents(p[0].as_deref(), p[1].as_deref())),
            ),
        ];
        for table in tables {
            groups.push((
                vec![table.file()],
                Box::new(move |db, p| db.load_part(table, p[0].as_deref())),
            ));
        }
        for (files, loader) in groups {
            let mut present = Vec::new();
            let mut changed = Vec::new();
            let mut gone = Vec::new();
            for rel in &files {
                let path = self.dir.join(rel);
                if input::stat(&path)?.is_some() {
                    present.push(Some(path));
                    if let Some(c) = self.check(rel)? {
                        changed.push((rel.clone(), c));
                    }
                } else {
                    present.push(None);
                    let held: bool = self
                        .db
                        .conn
                        .query_row(
                            "SELECT count(*) FROM db_files WHERE path = ?1",
                            [rel],
                            |r| r.get::<_, i64>(0),
                        )
                        .map_err(self.fail())?
                        > 0;
                    if held {
                        gone.push(rel.clone());
                    }
                }
            }
            if changed.is_empty() && gone.is_empty() {
                continue;
            }
            let mut rows = loader(self.db, &present)?;
            if changed.is_empty() {
                self.summary.rows += rows;
            }
            for rel in gone {
                self.forget(&rel)?;
            }
            for (rel, c) in changed {
                // The group's rows are counted once, on its first changed file.
                self.record(&rel, PART, &c, std::mem::take(&mut rows))?;
            }
        }
        Ok(())
    }
}

/// Whether `id` can be a ticket id and a file name: letters, digits, `-` and `_` (the
/// export writes no other).
fn is_ticket_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}
