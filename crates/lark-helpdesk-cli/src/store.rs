//! The export directory: what it holds, how each file changes without ever being seen
//! half-written, and how a run killed at any moment is picked up again.
//!
//! ```text
//! DIR/manifest.json                the filters, whether the last run finished, up to when,
//!                                  and each part's state
//! DIR/tickets/<ticket_id>.json     each ticket, as the platform last sent it
//! DIR/messages/<ticket_id>.ndjson  that ticket's messages, in order, each once, with
//!                                  their images' files
//! DIR/tickets.ndjson               every ticket, one a line, by id (rebuilt when a run ends)
//! DIR/images/<ticket_id>/          the images of that ticket's messages
//! DIR/<part>.ndjson                the items of every other part (FAQs, categories, ...)
//! DIR/faq_images/<faq_id>/         the images of an FAQ, listed in faq_images.ndjson
//! DIR/.lock                        held by the export writing into DIR
//! ```
//!
//! A file is written under `<name>.partial`, synced and renamed. A ticket's messages file
//! is renamed before its ticket file, so a ticket file that matches what the platform
//! lists says its messages are complete. A messages `.partial` left by a killed run holds
//! whole messages up to a possibly torn last line: the next run keeps its complete lines
//! and fetches what follows them.

use std::collections::{BTreeMap, HashSet};
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use lark_helpdesk::Message;
use serde::{Deserialize, Serialize};

use crate::exit::CliError;

/// The manifest's `format`.
pub const FORMAT: &str = "lark-helpdesk-export/3";

/// The format before the parts besides tickets: read, and brought to [`FORMAT`] by the
/// next run (which fetches the images of the messages held).
const FORMAT_2: &str = "lark-helpdesk-export/2";

/// What `manifest.json` says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`FORMAT`].
    pub format: String,
    /// The filters the export was made with, as given.
    pub filters: Filters,
    /// Whether the last run finished: every ticket it listed is in DIR with its messages,
    /// and `tickets.ndjson` holds them all.
    pub finished: bool,
    /// When the listing of the last finished run began: the next run lists the tickets
    /// created or updated since then (less a margin). `None` before a run has finished.
    pub synced_at: Option<jiff::Timestamp>,
    /// The number of lines of `tickets.ndjson` when the last run finished (while
    /// `finished` is false, a stopped run may have rebuilt the file since).
    pub tickets: u64,
    /// When this manifest was written.
    pub written_at: jiff::Timestamp,
    /// The state of each part (by its name), as of the last run that synced it.
    #[serde(default)]
    pub parts: BTreeMap<String, PartState>,
}

/// What the manifest says of one part.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartState {
    /// When the last run that brought the part up to date began; `None` while it never
    /// has (or, for the images, while messages were exported without theirs).
    pub synced_at: Option<jiff::Timestamp>,
    /// How many items it holds: lines of its file, tickets, image files.
    pub items: u64,
    /// Why the last run left it out, when the platform refused it (no permission).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
}

/// The ticket filters of an export, as the user gave them (an unset end stays unset: "up
/// to now" at each run).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filters {
    /// `--since`.
    pub created_since: Option<jiff::Timestamp>,
    /// `--until`.
    pub created_until: Option<jiff::Timestamp>,
    /// `--updated-since`.
    pub updated_since: Option<jiff::Timestamp>,
    /// `--updated-until`.
    pub updated_until: Option<jiff::Timestamp>,
    /// `--status` codes, sorted.
    pub status: Vec<i32>,
    /// `--agent-id`.
    pub agent_id: Option<String>,
    /// `--guest-id`.
    pub guest_id: Option<String>,
    /// `--solved`.
    pub solved: Option<bool>,
    /// `--type` code.
    pub ticket_type: Option<i32>,
    /// `--channel` code.
    pub channel: Option<i32>,
    /// `--tag` values, sorted.
    pub tags: Vec<String>,
}

impl Filters {
    /// The filters that differ between `self` (what DIR was made with) and `other`, as
    /// `--flag: DIR's value, this command's value`.
    pub fn differences(&self, other: &Filters) -> Vec<String> {
        fn show<T: std::fmt::Debug>(v: &Option<T>) -> String {
            v.as_ref()
                .map_or_else(|| "none".into(), |v| format!("{v:?}"))
        }
        fn time(v: &Option<jiff::Timestamp>) -> String {
            v.map_or_else(|| "none".into(), |t| t.to_string())
        }
        let mut out = Vec::new();
        let mut check = |flag: &str, a: String, b: String| {
            if a != b {
                out.push(format!("{flag}: {a} in DIR, {b} here"));
            }
        };
        check(
            "--since",
            time(&self.created_since),
            time(&other.created_since),
        );
        check(
            "--until",
            time(&self.created_until),
            time(&other.created_until),
        );
        check(
            "--updated-since",
            time(&self.updated_since),
            time(&other.updated_since),
        );
        check(
            "--updated-until",
            time(&self.updated_until),
            time(&other.updated_until),
        );
        let statuses = |codes: &[i32]| {
            let names: Vec<String> = codes
                .iter()
                .map(|c| lark_helpdesk::TicketStatus::from_code(*c).name())
                .collect();
            if names.is_empty() {
                "none".to_owned()
            } else {
                names.join(",")
            }
        };
        check("--status", statuses(&self.status), statuses(&other.status));
        check("--agent-id", show(&self.agent_id), show(&other.agent_id));
        check("--guest-id", show(&self.guest_id), show(&other.guest_id));
        check("--solved", show(&self.solved), show(&other.solved));
        let kind = |c: &Option<i32>| {
            c.map_or_else(
                || "none".into(),
                |c| lark_helpdesk::TicketType::from_code(c).name(),
            )
        };
        let channel = |c: &Option<i32>| {
            c.map_or_else(
                || "none".into(),
                |c| lark_helpdesk::Channel::from_code(c).name(),
            )
        };
        check("--type", kind(&self.ticket_type), kind(&other.ticket_type));
        check("--channel", channel(&self.channel), channel(&other.channel));
        check(
            "--tag",
            format!("{:?}", self.tags),
            format!("{:?}", other.tags),
        );
        out
    }
}

/// A write that failed: the file and the error of the operating system.
pub fn write_error(path: &Path, source: io::Error) -> CliError {
    CliError::Write {
        path: path.to_owned(),
        source,
    }
}

/// Where `path` is written before it is renamed into place.
pub(crate) fn partial_of(path: &Path) -> PathBuf {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    PathBuf::from(partial)
}

/// Writes `bytes` to `path` as a whole: under `.partial`, synced, renamed.
pub(crate) fn replace(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    let partial = partial_of(path);
    let mut file = File::create(&partial).map_err(|e| write_error(&partial, e))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| write_error(&partial, e))?;
    fs::rename(&partial, path).map_err(|e| write_error(path, e))
}

/// Makes the renames into `dir` durable (on Unix; elsewhere a directory cannot be opened
/// to be synced, and the renames are left to the file system).
pub(crate) fn sync_dir(dir: &Path) -> Result<(), CliError> {
    #[cfg(unix)]
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| write_error(dir, e))?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// A read that failed: the file and the error.
pub(crate) fn read_error(path: &Path, e: io::Error) -> CliError {
    CliError::Other(format!("cannot read {}: {e}", path.display()))
}

/// An open export directory, locked against another export writing into it.
pub struct Store {
    dir: PathBuf,
    tickets: PathBuf,
    messages: PathBuf,
    manifest: PathBuf,
    /// Held (locked) for as long as the store is open.
    _lock: Option<File>,
}

/// Whether DIR holds a ticket as the platform now lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holding {
    /// Not at all: a new ticket.
    None,
    /// An older version of it.
    Older,
    /// Exactly this version, with all of its messages.
    Same,
}

impl Store {
    /// The export directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The messages file of ticket `id`.
    pub fn messages_file(&self, id: &str) -> PathBuf {
        self.messages_path(id)
    }

    /// Opens (creating it if missing) the export directory `dir`, and the manifest it
    /// holds, if any.
    ///
    /// # Errors
    ///
    /// [`CliError::Usage`] when `dir` is not a directory, is not empty and holds no
    /// export, holds an export of another format, or is in use by another export;
    /// [`CliError::Write`] when it cannot be created or read.
    pub fn open(dir: &Path) -> Result<(Store, Option<Manifest>), CliError> {
        fs::create_dir_all(dir).map_err(|e| write_error(dir, e))?;
        let lock_path = dir.join(".lock");
        let mut store = Store {
            tickets: dir.join("tickets"),
            messages: dir.join("messages"),
            manifest: dir.join("manifest.json"),
            dir: dir.to_owned(),
            _lock: None,
        };
        // A directory of someone else's files is left without a lock file in it.
        if store.read_manifest()?.is_none() {
            store.check_empty()?;
        }
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| write_error(&lock_path, e))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                return Err(CliError::Usage {
                    message: format!(
                        "another export is writing into {}, or `lark-helpdesk db` is reading it",
                        dir.display()
                    ),
                    hint: Some("wait for it to finish, or stop it first".into()),
                });
            }
            Err(fs::TryLockError::Error(e)) => return Err(write_error(&lock_path, e)),
        }
        store._lock = Some(lock);
        // Read again under the lock: an export that held it may have written it since.
        let manifest = store.read_manifest()?;
        if manifest.is_none() {
            store.check_empty()?;
        }
        for sub in [&store.tickets, &store.messages] {
            fs::create_dir_all(sub).map_err(|e| write_error(sub, e))?;
        }
        Ok((store, manifest))
    }

    fn read_manifest(&self) -> Result<Option<Manifest>, CliError> {
        let text = match fs::read(&self.manifest) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(read_error(&self.manifest, e)),
        };
        #[derive(Deserialize)]
        struct Format {
            format: Option<String>,
        }
        let other = |what: &str| CliError::Usage {
            message: format!("{} holds {what}", self.dir.display()),
            hint: Some("export into a new directory".into()),
        };
        match serde_json::from_slice::<Format>(&text) {
            Ok(Format { format: Some(f) }) if f == FORMAT || f == FORMAT_2 => {}
            Ok(Format { format: Some(f) }) => {
                return Err(other(&format!(
                    "an export of another format ({f}; this version writes {FORMAT})"
                )));
            }
            _ => return Err(other("a manifest.json that is no export's")),
        }
        serde_json::from_slice(&text)
            .map(Some)
            .map_err(|e| other(&format!("a manifest.json this version cannot read ({e})")))
    }

    /// Refuses a directory that holds anything but what an export writes before its
    /// manifest.
    fn check_empty(&self) -> Result<(), CliError> {
        let entries = fs::read_dir(&self.dir).map_err(|e| read_error(&self.dir, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| read_error(&self.dir, e))?;
            let name = entry.file_name();
            let ours = match name.to_str() {
                Some(".lock" | "manifest.json.partial") => true,
                // Created (empty) by a run killed before its first manifest.
                Some("tickets" | "messages") => fs::read_dir(entry.path())
                    .map(|mut d| d.next().is_none())
                    .unwrap_or(false),
                _ => false,
            };
            if !ours {
                return Err(CliError::Usage {
                    message: format!(
                        "{} is not empty and holds no export (it has {:?})",
                        self.dir.display(),
                        name
                    ),
                    hint: Some("export into a new or empty directory".into()),
                });
            }
        }
        Ok(())
    }

    /// Writes `manifest` (as a whole).
    ///
    /// # Errors
    ///
    /// [`CliError::Write`].
    pub fn write_manifest(&self, manifest: &Manifest) -> Result<(), CliError> {
        let mut text = serde_json::to_vec_pretty(manifest).expect("a manifest serialises");
        text.push(b'\n');
        replace(&self.manifest, &text)?;
        sync_dir(&self.dir)
    }

    fn ticket_path(&self, id: &str) -> PathBuf {
        self.tickets.join(format!("{id}.json"))
    }

    fn messages_path(&self, id: &str) -> PathBuf {
        self.messages.join(format!("{id}.ndjson"))
    }

    /// How DIR holds ticket `id`, listed now as `raw`.
    ///
    /// # Errors
    ///
    /// [`CliError::Other`] when its file cannot be read.
    pub fn holding(&self, id: &str, raw: &str) -> Result<Holding, CliError> {
        let path = self.ticket_path(id);
        match fs::read(&path) {
            Ok(held) => Ok(
                if held.strip_suffix(b"\n").unwrap_or(&held) == raw.as_bytes() {
                    Holding::Same
                } else {
                    Holding::Older
                },
            ),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Holding::None),
            Err(e) => Err(read_error(&path, e)),
        }
    }

    /// Writes ticket `id` as `raw`: its messages must be complete in DIR by now.
    ///
    /// # Errors
    ///
    /// [`CliError::Write`].
    pub fn write_ticket(&self, id: &str, raw: &str) -> Result<(), CliError> {
        let mut bytes = Vec::with_capacity(raw.len() + 1);
        bytes.extend_from_slice(raw.as_bytes());
        bytes.push(b'\n');
        replace(&self.ticket_path(id), &bytes)
    }

    /// What DIR holds of ticket `id`'s messages, repairing what a killed run left.
    ///
    /// # Errors
    ///
    /// [`CliError::Write`] when a file cannot be read or repaired.
    pub fn messages(&self, id: &str) -> Result<Messages, CliError> {
        let path = self.messages_path(id);
        let partial = partial_of(&path);
        let committed = scan(&path)?;
        if let Some(held) = scan(&partial)? {
            let committed_len = committed.as_ref().map_or(0, |c| c.len);
            // A partial starts as a copy of the committed file and only grows: a shorter
            // one is a copy cut short.
            if held.len >= committed_len {
                let file = OpenOptions::new()
                    .write(true)
                    .open(&partial)
                    .map_err(|e| write_error(&partial, e))?;
                file.set_len(held.len)
                    .map_err(|e| write_error(&partial, e))?;
                return Ok(Messages {
                    path,
                    partial,
                    held,
                    source: Source::Partial,
                    out: None,
                    added: 0,
                });
            }
        }
        let (held, source) = match committed {
            Some(held) => (held, Source::Committed),
            None => (Held::default(), Source::None),
        };
        Ok(Messages {
            path,
            partial,
            held,
            source,
            out: None,
            added: 0,
        })
    }

    /// Removes the messages `.partial`s a stopped run left (their tickets are then
    /// fetched from their last committed messages).
    ///
    /// # Errors
    ///
    /// [`CliError::Write`].
    pub fn drop_partial_messages(&self) -> Result<(), CliError> {
        remove_partials(&self.messages)
    }

    /// Ends a run: `tickets.ndjson` rebuilt from `tickets/` (by id), partial files of
    /// tickets no longer listed removed, everything synced. Returns the number of tickets.
    ///
    /// # Errors
    ///
    /// [`CliError::Write`].
    pub fn finish(&self) -> Result<u64, CliError> {
        remove_partials(&self.messages)?;
        remove_partials(&self.tickets)?;
        let mut ids = Vec::new();
        let entries = fs::read_dir(&self.tickets).map_err(|e| write_error(&self.tickets, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| write_error(&self.tickets, e))?;
            if let Some(id) = entry
                .file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".json"))
            {
                ids.push(id.to_owned().into_boxed_str());
            }
        }
        // Numeric ids by value, others after them by text.
        ids.sort_by(|a, b| (a.len(), a).cmp(&(b.len(), b)));
        let path = self.dir.join("tickets.ndjson");
        let partial = partial_of(&path);
        let file = File::create(&partial).map_err(|e| write_error(&partial, e))?;
        let mut out = BufWriter::with_capacity(64 * 1024, file);
        for id in &ids {
            let ticket = self.ticket_path(id);
            let mut bytes = fs::read(&ticket).map_err(|e| write_error(&ticket, e))?;
            if bytes.last() != Some(&b'\n') {
                bytes.push(b'\n');
            }
            out.write_all(&bytes)
                .map_err(|e| write_error(&partial, e))?;
        }
        let file = out
            .into_inner()
            .map_err(|e| write_error(&partial, e.into_error()))?;
        file.sync_all().map_err(|e| write_error(&partial, e))?;
        fs::rename(&partial, &path).map_err(|e| write_error(&path, e))?;
        sync_dir(&self.tickets)?;
        sync_dir(&self.dir)?;
        Ok(ids.len() as u64)
    }
}

fn remove_partials(dir: &Path) -> Result<(), CliError> {
    let entries = fs::read_dir(dir).map_err(|e| write_error(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| write_error(dir, e))?;
        if entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.ends_with(".partial"))
        {
            let path = entry.path();
            fs::remove_file(&path).map_err(|e| write_error(&path, e))?;
        }
    }
    Ok(())
}

/// One image of a message, as its line in the messages file names it: the file it was
/// saved as, or that the platform reports it deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageRef {
    /// The image key.
    pub key: String,
    /// Its `index` in a rich-text message; `None` for the image of an image message.
    pub index: Option<u64>,
    /// Where it is.
    #[serde(flatten)]
    pub saved: SavedImage,
}

/// Where an image of an export is: its file, or why there is none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedImage {
    /// The file, relative to DIR (`images/<ticket_id>/<name>.<ext>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The file's size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
    /// Whether the platform has no such image to give: reported deleted (154404), or
    /// the request named nothing (see `error`). There is no file, and no later run asks
    /// for it again.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
    /// Why there is no file when the platform answered that the request names nothing
    /// (400, 404) rather than that the image was deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Appends `"images":[..]` to the JSON object of a messages `line` (without its newline).
pub fn append_refs(line: &mut Vec<u8>, images: &[ImageRef]) {
    if line.last() == Some(&b'}') {
        line.pop();
        if line.last() != Some(&b'{') {
            line.push(b',');
        }
        line.extend_from_slice(b"\"images\":");
        serde_json::to_writer(&mut *line, images).expect("image refs serialise");
        line.push(b'}');
    }
}

/// What a messages file holds, as far as a run picking it up needs to know.
#[derive(Debug, Default)]
struct Held {
    /// Bytes of complete, readable lines from the start.
    len: u64,
    /// How many messages they are.
    count: u64,
    /// The latest second a message was created in (Unix seconds).
    last_second: Option<i64>,
    /// The ids of the messages of `last_second`: a fetch from `last_second` on gets them
    /// again.
    boundary: HashSet<String>,
    /// The ids of the messages without a time (a fetch may send them again too).
    untimed: HashSet<String>,
}

impl Held {
    fn add(&mut self, id: String, created_at: Option<i64>) {
        match created_at.map(|ms| ms.div_euclid(1000)) {
            Some(second) if self.last_second.is_none_or(|last| second > last) => {
                self.boundary.clear();
                self.last_second = Some(second);
                self.boundary.insert(id);
            }
            Some(second) if Some(second) == self.last_second => {
                self.boundary.insert(id);
            }
            Some(_) => {}
            None => {
                self.untimed.insert(id);
            }
        }
        self.count += 1;
    }
}

/// A messages line, as far as [`Held`] reads it.
#[derive(Deserialize)]
struct Line {
    id: String,
    created_at: Option<i64>,
}

/// Reads a messages file up to its first incomplete or unreadable line; `None` when
/// there is no such file.
fn scan(path: &Path) -> Result<Option<Held>, CliError> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(read_error(path, e)),
    };
    let mut reader = BufReader::with_capacity(64 * 1024, file);
    let mut held = Held::default();
    let mut line = Vec::with_capacity(1024);
    loop {
        line.clear();
        let n = reader
            .read_until(b'\n', &mut line)
            .map_err(|e| read_error(path, e))?;
        if n == 0 || line.last() != Some(&b'\n') {
            break;
        }
        let Ok(parsed) = serde_json::from_slice::<Line>(&line) else {
            break;
        };
        held.add(parsed.id, parsed.created_at);
        held.len += n as u64;
    }
    Ok(Some(held))
}

/// Where a ticket's held messages are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// Nowhere: no message held.
    None,
    /// In its messages file.
    Committed,
    /// In the `.partial` a killed or interrupted run left (a superset of the file).
    Partial,
}

/// A ticket's messages in DIR, being brought up to date: skip what is held, add what
/// follows, commit.
pub struct Messages {
    path: PathBuf,
    partial: PathBuf,
    held: Held,
    source: Source,
    out: Option<BufWriter<File>>,
    added: u64,
}

impl Messages {
    /// The number of messages held before this run added any.
    pub fn held(&self) -> u64 {
        self.held.count
    }

    /// Where a fetch of what follows the held messages starts: the second of the last
    /// one (the messages of that second come again, and are skipped).
    pub fn since(&self) -> Option<jiff::Timestamp> {
        // Messages without a time are left out of a filtered answer: with any held, the
        // fetch asks for all (and skips what is held).
        if !self.held.untimed.is_empty() {
            return None;
        }
        self.held
            .last_second
            .and_then(|s| jiff::Timestamp::from_second(s).ok())
    }

    /// Whether `message` is held already.
    pub fn holds(&self, message: &Message) -> bool {
        if self.held.boundary.contains(message.id()) || self.held.untimed.contains(message.id()) {
            return true;
        }
        match (message.created_at(), self.held.last_second) {
            (Some(at), Some(last)) => at.as_millis().div_euclid(1000) < last,
            _ => false,
        }
    }

    /// Adds `message`, with the files of its `images` (if it has any), unless it is held
    /// already; whether it was added.
    ///
    /// # Errors
    ///
    /// [`CliError::Write`].
    pub fn add(
        &mut self,
        message: &Message,
        images: Option<&[ImageRef]>,
        line: &mut Vec<u8>,
    ) -> Result<bool, CliError> {
        if self.holds(message) {
            return Ok(false);
        }
        line.clear();
        message
            .write_json(&mut *line)
            .map_err(|e| write_error(&self.partial, e))?;
        if let Some(images) = images {
            append_refs(line, images);
        }
        line.push(b'\n');
        let out = self.writer()?;
        out.write_all(line)
            .map_err(|e| write_error(&self.partial, e))?;
        self.added += 1;
        Ok(true)
    }

    fn writer(&mut self) -> Result<&mut BufWriter<File>, CliError> {
        if self.out.is_none() {
            let partial = &self.partial;
            let file = match self.source {
                Source::Partial => OpenOptions::new().append(true).open(partial),
                Source::None => File::create(partial),
                Source::Committed => {
                    // A copy of the complete lines, then what follows them.
                    (|| {
                        let mut out = File::create(partial)?;
                        let mut from = File::open(&self.path)?.take(self.held.len);
                        io::copy(&mut from, &mut out)?;
                        Ok(out)
                    })()
                }
            }
            .map_err(|e| write_error(partial, e))?;
            self.source = Source::Partial;
            self.out = Some(BufWriter::with_capacity(64 * 1024, file));
        }
        Ok(self.out.as_mut().expect("just opened"))
    }

    /// Hands what was added so far to the operating system (a page is complete).
    ///
    /// # Errors
    ///
    /// [`CliError::Write`].
    pub fn flush(&mut self) -> Result<(), CliError> {
        if let Some(out) = &mut self.out {
            out.flush().map_err(|e| write_error(&self.partial, e))?;
        }
        Ok(())
    }

    /// Makes the messages file whole: what was held and what was added, synced and in
    /// place. Returns the number of messages added.
    ///
    /// # Errors
    ///
    /// [`CliError::Write`].
    pub fn commit(mut self) -> Result<u64, CliError> {
        let partial = self.partial.clone();
        let file = match self.out.take() {
            Some(out) => Some(
                out.into_inner()
                    .map_err(|e| write_error(&partial, e.into_error()))?,
            ),
            None if self.source == Source::Partial => Some(
                OpenOptions::new()
                    .write(true)
                    .open(&partial)
                    .map_err(|e| write_error(&partial, e))?,
            ),
            None if self.source == Source::None => {
                // No message at all: an empty file says so.
                Some(File::create(&partial).map_err(|e| write_error(&partial, e))?)
            }
            None => None,
        };
        if let Some(file) = file {
            file.sync_all().map_err(|e| write_error(&partial, e))?;
            fs::rename(&partial, &self.path).map_err(|e| write_error(&self.path, e))?;
            if let Some(dir) = self.path.parent() {
                sync_dir(dir)?;
            }
        }
        Ok(self.added)
    }
}

#[cfg(test)]
mod tests {
    use super::{Filters, Held, Source, Store, scan};

    fn line(id: &str, ms: Option<i64>) -> String {
        let at = ms.map_or_else(|| "null".to_owned(), |ms| ms.to_string());
        format!(
            "{{\"id\":\"{id}\",\"message_id\":\"m\",\"message_type\":\"text\",\"created_at\":{at},\"content\":\"\",\"user_name\":\"\",\"avatar_url\":\"\",\"user_id\":\"\"}}\n"
        )
    }

    fn scanned(text: &str) -> Held {
        let dir = std::env::temp_dir().join(format!("lark-helpdesk-scan-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = dir.join(format!("{n}.ndjson"));
        std::fs::write(&path, text).unwrap();
        let held = scan(&path).unwrap().unwrap();
        std::fs::remove_file(&path).unwrap();
        held
    }

    #[test]
    fn a_scan_keeps_whole_lines_and_the_ids_of_the_last_second() {
        let whole = [
            line("1", Some(1_000_100)),
            line("2", Some(1_001_000)),
            line("3", Some(1_001_999)),
        ]
        .concat();
        let held = scanned(&whole);
        assert_eq!((held.len, held.count), (whole.len() as u64, 3));
        assert_eq!(held.last_second, Some(1_001));
        let mut boundary: Vec<_> = held.boundary.iter().cloned().collect();
        boundary.sort();
        assert_eq!(boundary, ["2", "3"]);

        // A torn last line, or one that is no message, ends what is held.
        let torn = format!("{whole}{{\"id\":\"4\",\"crea");
        let held = scanned(&torn);
        assert_eq!((held.len, held.count), (whole.len() as u64, 3));
        let torn = format!("{whole}\0\0\0\0\n{}", line("5", Some(2_000_000)));
        let held = scanned(&torn);
        assert_eq!((held.len, held.count), (whole.len() as u64, 3));
        assert_eq!(held.last_second, Some(1_001));
    }

    #[test]
    fn messages_without_a_time_are_always_in_the_boundary() {
        let text = [
            line("a", None),
            line("1", Some(5_000)),
            line("2", Some(9_000)),
            line("b", None),
        ]
        .concat();
        let held = scanned(&text);
        assert_eq!(held.last_second, Some(9));
        let mut boundary: Vec<_> = held.boundary.iter().cloned().collect();
        boundary.sort();
        assert_eq!(boundary, ["2"]);
        let mut untimed: Vec<_> = held.untimed.iter().cloned().collect();
        untimed.sort();
        assert_eq!(untimed, ["a", "b"]);
        // A message of an earlier second after a later one does not move the boundary.
        let held = scanned(&[line("1", Some(9_000)), line("2", Some(5_000))].concat());
        assert_eq!(held.last_second, Some(9));
        assert_eq!(held.boundary.len(), 1);
    }

    #[test]
    fn a_partial_shorter_than_its_file_is_a_copy_cut_short() {
        let dir = std::env::temp_dir().join(format!("lark-helpdesk-cut-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let (store, _) = Store::open(&dir).unwrap();
        let committed = [
            line("1", Some(1_000)),
            line("2", Some(2_000)),
            line("3", Some(3_000)),
        ];
        let messages = dir.join("messages");
        std::fs::write(messages.join("7.ndjson"), committed.concat()).unwrap();
        // Cut short while being copied: the file is what is held.
        std::fs::write(messages.join("7.ndjson.partial"), &committed[0]).unwrap();
        let held = store.messages("7").unwrap();
        assert_eq!((held.source, held.held()), (Source::Committed, 3));
        // Copied and extended, with a torn last line: the partial, cut at its last line.
        let extended = format!(
            "{}{}{{\"id\":\"5",
            committed.concat(),
            line("4", Some(4_000))
        );
        std::fs::write(messages.join("7.ndjson.partial"), &extended).unwrap();
        let held = store.messages("7").unwrap();
        assert_eq!((held.source, held.held()), (Source::Partial, 4));
        let kept = std::fs::read_to_string(messages.join("7.ndjson.partial")).unwrap();
        assert_eq!(
            kept,
            format!("{}{}", committed.concat(), line("4", Some(4_000)))
        );
        assert_eq!(held.since(), jiff::Timestamp::from_second(4).ok());
        // A message without a time held: a time filter would leave such messages out, so
        // the fetch asks for all.
        std::fs::write(
            messages.join("8.ndjson"),
            [line("1", Some(1_000)), line("x", None)].concat(),
        )
        .unwrap();
        assert_eq!(store.messages("8").unwrap().since(), None);
        drop(store);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn filters_say_which_flags_differ() {
        let none = Filters {
            created_since: None,
            created_until: None,
            updated_since: None,
            updated_until: None,
            status: vec![],
            agent_id: None,
            guest_id: None,
            solved: None,
            ticket_type: None,
            channel: None,
            tags: vec![],
        };
        assert!(none.differences(&none.clone()).is_empty());
        let other = Filters {
            created_since: Some("2026-06-01T00:00:00Z".parse().unwrap()),
            agent_id: Some("ou_1".into()),
            ..none.clone()
        };
        assert_eq!(
            none.differences(&other),
            [
                "--since: none in DIR, 2026-06-01T00:00:00Z here",
                "--agent-id: none in DIR, \"ou_1\" here"
            ]
        );
    }
}
