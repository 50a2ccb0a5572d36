//! The images of an export: those of the tickets' messages (`images/<ticket_id>/`, named
//! in each message's line) and those of the FAQs (`faq_images/<faq_id>/`, listed in
//! `faq_images.ndjson`). Which images an item names, and the parameters of their
//! download, come from the SDK's [`lark_helpdesk::item_images`] and the spec's `x-export`.
//!
//! Each image is downloaded once: a file held under its stable name (`<message id>`,
//! `<message id>-<index>` for rich text, the image key for an FAQ) is not asked for again,
//! and an image the platform reports deleted (154404) is recorded as such. A file is
//! written under `.partial`, synced and renamed: whole or absent.

use std::collections::HashMap;
use std::fs;
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};

use futures::future::BoxFuture;
use futures::{FutureExt, StreamExt, TryStreamExt};
use lark_helpdesk::{
    ApiErrorKind, Client, ItemImage, Message, MessageType, Operation, item_images, ops,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::sync::{Arc, Mutex};
use tokio::io::AsyncWriteExt;

use crate::exit::CliError;
use crate::store::{ImageRef, SavedImage, append_refs, read_error, replace, sync_dir, write_error};

/// The platform's code for an image that was deleted.
const DELETED: i64 = 154_404;

/// How many images of one message are downloaded at once.
const PER_ITEM: usize = 4;

/// How many messages of a page have their images downloaded at once (the SDK's limiter
/// still holds the requests to the platform's pace).
const PER_PAGE: usize = 16;

/// The part of the message images.
pub(crate) const PART: &str = "images";
/// The part of the FAQ images.
pub(crate) const FAQ_PART: &str = "faq_images";

/// Whether `name` can be a file name as it is: letters, digits, `-`, `_` (the platform's
/// ids and image keys are).
pub(crate) fn is_file_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn not_a_name(what: &str, name: &str) -> CliError {
    CliError::Other(format!(
        "the platform sent {what} that is no file name: {:?}",
        crate::output::printable(name)
    ))
}

/// The file names held in `dir` by stem (`<stem>.<ext>`, not `.partial`), empty when
/// `dir` does not exist.
fn held_files(dir: &Path) -> Result<HashMap<String, (String, u64)>, CliError> {
    let mut out = HashMap::new();
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(read_error(dir, e)),
    };
    for entry in entries {
        let entry = entry.map_err(|e| read_error(dir, e))?;
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        if name.ends_with(".partial") {
            continue;
        }
        if let Some((stem, _)) = name.split_once('.') {
            let len = entry.metadata().map(|m| m.len()).unwrap_or_default();
            out.insert(stem.to_owned(), (name.clone(), len));
        }
    }
    Ok(out)
}

/// The extension of an image file: from its content type, else from its first bytes.
fn extension(content_type: Option<&str>, head: &[u8]) -> &'static str {
    let by_type = content_type
        .and_then(|t| t.split(';').next())
        .map(|t| t.trim().to_ascii_lowercase());
    match by_type.as_deref() {
        Some("image/png") => return "png",
        Some("image/jpeg" | "image/jpg") => return "jpg",
        Some("image/gif") => return "gif",
        Some("image/webp") => return "webp",
        Some("image/bmp") => return "bmp",
        _ => {}
    }
    if head.starts_with(b"\x89PNG") {
        "png"
    } else if head.starts_with(b"\xff\xd8\xff") {
        "jpg"
    } else if head.starts_with(b"GIF8") {
        "gif"
    } else if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        "webp"
    } else {
        "bin"
    }
}

/// What became of one image download.
enum Saved {
    /// Saved as this file (its name in the directory) of this size.
    File(String, u64),
    /// The platform has none to give: deleted (154404), or it answers that the request
    /// names nothing (400, 404) with this reason. Recorded, not asked for again.
    Gone(Option<String>),
    /// The platform refuses the app the download (no permission).
    Refused(CliError),
}

/// Downloads one image into `dir/<name>.<ext>`.
async fn download(
    request: lark_helpdesk::OperationRequest,
    dir: &Path,
    name: &str,
) -> Result<Saved, CliError> {
    tokio::fs::create_dir_all(dir)
        .await
        .map_err(|e| write_error(dir, e))?;
    let partial = dir.join(format!("{name}.partial"));
    let mut file = tokio::fs::File::create(&partial)
        .await
        .map_err(|e| write_error(&partial, e))?;
    let got = match request.download(&mut file).await {
        Ok(got) => got,
        Err(e) => {
            drop(file);
            let _ = tokio::fs::remove_file(&partial).await;
            let gone = e.code() == Some(DELETED);
            // A request the platform says names nothing fails the same way at every
            // run: recorded, so that one image cannot stop every rerun.
            let names_nothing = matches!(
                e.api_kind(),
                Some(ApiErrorKind::BadRequest | ApiErrorKind::NotFound)
            ) || e
                .status()
                .is_some_and(|s| s.as_u16() == 400 || s.as_u16() == 404);
            let e = CliError::from(e);
            return if gone {
                Ok(Saved::Gone(None))
            } else if super::parts::is_refused(&e) {
                Ok(Saved::Refused(e))
            } else if names_nothing {
                Ok(Saved::Gone(Some(super::parts::reason(&e))))
            } else {
                Err(e)
            };
        }
    };
    file.flush().await.map_err(|e| write_error(&partial, e))?;
    file.sync_all()
        .await
        .map_err(|e| write_error(&partial, e))?;
    drop(file);
    let head = tokio::task::block_in_place(|| -> io::Result<Vec<u8>> {
        use std::io::Read;
        let mut head = vec![0u8; 12];
        let n = fs::File::open(&partial)?.read(&mut head)?;
        head.truncate(n);
        Ok(head)
    })
    .map_err(|e| read_error(&partial, e))?;
    let file_name = format!("{name}.{}", extension(got.content_type.as_deref(), &head));
    let path = dir.join(&file_name);
    tokio::fs::rename(&partial, &path)
        .await
        .map_err(|e| write_error(&path, e))?;
    tokio::task::block_in_place(|| sync_dir(dir))?;
    Ok(Saved::File(file_name, got.bytes))
}

/// Why the platform refused the app the images of a run, once it has: the run then
/// writes messages without them, and the next run gives them their images.
#[derive(Debug, Clone, Default)]
pub(crate) struct Refusal(Arc<Mutex<Option<String>>>);

impl Refusal {
    /// The platform's reason, if it refused.
    pub(crate) fn reason(&self) -> Option<String> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    fn set(&self, reason: String) {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get_or_insert(reason);
    }
}

/// The message images of one ticket: fetched into `DIR/images/<ticket_id>/`.
pub(crate) struct TicketImages<'a> {
    client: &'a Client,
    ticket_id: &'a str,
    dir: PathBuf,
    refusal: Refusal,
    /// Files held, read from the directory the first time they are needed.
    held: Option<HashMap<String, (String, u64)>>,
}

impl<'a> TicketImages<'a> {
    pub(crate) fn new(
        client: &'a Client,
        export_dir: &Path,
        ticket_id: &'a str,
        refusal: Refusal,
    ) -> Self {
        TicketImages {
            client,
            ticket_id,
            dir: export_dir.join(PART).join(ticket_id),
            refusal,
            held: None,
        }
    }

    /// The images of each of a page's `messages` (`None`: one held already, to skip),
    /// in order, downloaded unless held: `None` for a message without images. Several
    /// messages' images are fetched at once: a ticket of many images alone at the end
    /// of a run would otherwise fetch them one round trip after the other.
    pub(crate) async fn of_messages(
        &mut self,
        messages: &[Option<&Message>],
    ) -> Result<Vec<Option<Vec<ImageRef>>>, CliError> {
        self.load_held()?;
        let this = &*self;
        let each: Vec<BoxFuture<'_, Result<Option<Vec<ImageRef>>, CliError>>> = messages
            .iter()
            .map(|message| {
                // Only these types name images: the others are not turned into JSON.
                let value = message
                    .filter(|m| {
                        matches!(
                            m.message_type(),
                            MessageType::Image | MessageType::Post | MessageType::Media
                        )
                    })
                    .map(|m| serde_json::to_value(m).expect("a message serialises"));
                async move {
                    match value {
                        Some(value) => this.of_item_held(&value).await,
                        None => Ok(None),
                    }
                }
                .boxed()
            })
            .collect();
        futures::stream::iter(each)
            .buffered(PER_PAGE)
            .try_collect()
            .await
    }

    /// Reads the names of the files held, once.
    fn load_held(&mut self) -> Result<(), CliError> {
        if self.held.is_none() {
            self.held = Some(tokio::task::block_in_place(|| held_files(&self.dir))?);
        }
        Ok(())
    }

    /// The images a message line names (see [`of_messages`](Self::of_messages)).
    async fn of_item(&mut self, message: &Value) -> Result<Option<Vec<ImageRef>>, CliError> {
        if item_images(&ops::GET_TICKET_IMAGE, message).is_empty() {
            return Ok(None);
        }
        self.load_held()?;
        self.of_item_held(message).await
    }

    /// The images a message (as JSON) names, once the files held are read; `None`
    /// without images, and once the platform has refused the app an image (the message
    /// is then written without them, for a later run to complete).
    async fn of_item_held(&self, message: &Value) -> Result<Option<Vec<ImageRef>>, CliError> {
        let images = item_images(&ops::GET_TICKET_IMAGE, message);
        if images.is_empty() || self.refusal.reason().is_some() {
            return Ok(None);
        }
        let (client, ticket_id, dir) = (self.client, self.ticket_id, &self.dir);
        let held = self.held.as_ref().expect("read by load_held");
        let prefix = format!("{PART}/{ticket_id}/");
        let refs = futures::stream::iter(images.into_iter().map(|image| {
            let held = held.get(&image.name).cloned();
            // Owned by each download: the export's futures are sent between threads.
            let (client, ticket_id, dir, prefix, refusal) = (
                client.clone(),
                ticket_id.to_owned(),
                dir.clone(),
                prefix.clone(),
                self.refusal.clone(),
            );
            async move {
                if !is_file_name(&image.name) {
                    return Err(not_a_name("an image name", &image.name));
                }
                let index = image
                    .params
                    .iter()
                    .find(|(k, _)| *k == "index")
                    .and_then(|(_, v)| v.parse().ok());
                let saved = match held {
                    Some((file, bytes)) => Saved::File(file, bytes),
                    // Refused meanwhile (another message's, another ticket's): not asked.
                    None if refusal.reason().is_some() => {
                        Saved::Refused(CliError::Other(refusal.reason().unwrap_or_default()))
                    }
                    None => {
                        let mut request = client
                            .operation(&ops::GET_TICKET_IMAGE)
                            .param("ticket_id", &ticket_id);
                        for (k, v) in &image.params {
                            request = request.param(k, v);
                        }
                        let saved = download(request, &dir, &image.name).await?;
                        if let Saved::Refused(e) = &saved {
                            refusal.set(super::parts::reason(e));
                        }
                        saved
                    }
                };
                Ok::<_, CliError>(image_ref(image, index, saved, &prefix))
            }
        }))
        .buffered(PER_ITEM)
        .boxed()
        .try_collect::<Vec<_>>()
        .await?;
        let mut out = Vec::with_capacity(refs.len());
        for r in refs {
            match r {
                Ok(r) => out.push(r),
                Err(reason) => {
                    self.refusal.set(reason);
                    return Ok(None);
                }
            }
        }
        Ok(Some(out))
    }

    /// Adds the images of every message of the ticket's messages file that does not name
    /// them yet (an export made before images were, or with `--skip images`), rewriting
    /// the file whole. Returns the number of messages given their images.
    pub(crate) async fn backfill(&mut self, file: &Path) -> Result<u64, CliError> {
        let lines = match fs::File::open(file) {
            Ok(f) => BufReader::new(f),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(read_error(file, e)),
        };
        let mut out = Vec::new();
        let mut changed = 0;
        for (n, line) in lines.split(b'\n').enumerate() {
            let mut line = line.map_err(|e| read_error(file, e))?;
            let value: Value = serde_json::from_slice(&line).map_err(|e| {
                CliError::Other(format!(
                    "{} line {}: not a message ({e}); remove the file and run the export again",
                    file.display(),
                    n + 1
                ))
            })?;
            if value.get("images").is_none()
                && let Some(refs) = self.of_item(&value).await?
            {
                append_refs(&mut line, &refs);
                changed += 1;
            }
            out.extend_from_slice(&line);
            out.push(b'\n');
        }
        if changed > 0 {
            tokio::task::block_in_place(|| {
                replace(file, &out)?;
                file.parent().map_or(Ok(()), sync_dir)
            })?;
        }
        Ok(changed)
    }
}

/// The line's record of `image` (`Err`: the platform's refusal).
fn image_ref(
    image: ItemImage,
    index: Option<u64>,
    saved: Saved,
    prefix: &str,
) -> Result<ImageRef, String> {
    Ok(ImageRef {
        key: image.key,
        index,
        saved: saved.record(prefix).map_err(|e| super::parts::reason(&e))?,
    })
}

impl Saved {
    /// What a line says of the image: its file under `prefix`, or why it has none;
    /// `Err`: the platform's refusal.
    fn record(self, prefix: &str) -> Result<SavedImage, CliError> {
        Ok(match self {
            Saved::File(file, bytes) => SavedImage {
                file: Some(format!("{prefix}{file}")),
                bytes: Some(bytes),
                ..SavedImage::default()
            },
            Saved::Gone(error) => SavedImage {
                deleted: true,
                error,
                ..SavedImage::default()
            },
            Saved::Refused(e) => return Err(e),
        })
    }
}

/// The number of image files under `dir/*/`, removing the `.partial`s a killed run left.
pub(crate) fn count_files(dir: &Path) -> Result<u64, CliError> {
    let mut count = 0;
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(read_error(dir, e)),
    };
    for entry in entries {
        let sub = entry.map_err(|e| read_error(dir, e))?.path();
        if !sub.is_dir() {
            continue;
        }
        for file in fs::read_dir(&sub).map_err(|e| read_error(&sub, e))? {
            let path = file.map_err(|e| read_error(&sub, e))?.path();
            if path.extension().is_some_and(|e| e == "partial") {
                fs::remove_file(&path).map_err(|e| write_error(&path, e))?;
            } else {
                count += 1;
            }
        }
    }
    Ok(count)
}

/// One line of `faq_images.ndjson`.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct FaqImage {
    faq_id: String,
    key: String,
    #[serde(flatten)]
    saved: SavedImage,
}

/// Brings the FAQ images up to date with `DIR/faqs.ndjson`: each image an FAQ names is
/// in `faq_images/<faq_id>/` (downloaded unless held) or recorded deleted, and
/// `faq_images.ndjson` lists them all. Returns the number of image files listed.
pub(crate) async fn sync_faq_images(
    client: &Client,
    dir: &Path,
    concurrency: usize,
) -> Result<u64, CliError> {
    let faqs_file = dir.join(format!("{}.ndjson", faq_listing_part()));
    let index = dir.join(format!("{FAQ_PART}.ndjson"));
    // Images recorded deleted by an earlier run are not asked for again.
    let mut deleted = std::collections::HashSet::new();
    if let Ok(text) = fs::read(&index) {
        for line in text.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
            if let Ok(image) = serde_json::from_slice::<FaqImage>(line)
                && image.saved.deleted
            {
                deleted.insert((image.faq_id, image.key));
            }
        }
    }
    let faqs = match fs::File::open(&faqs_file) {
        Ok(f) => BufReader::new(f),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(read_error(&faqs_file, e)),
    };
    let mut wanted = Vec::new();
    for line in faqs.split(b'\n') {
        let line = line.map_err(|e| read_error(&faqs_file, e))?;
        let faq: Value = serde_json::from_slice(&line)
            .map_err(|e| CliError::Other(format!("{}: {e}", faqs_file.display())))?;
        for image in item_images(&ops::GET_FAQ_IMAGE, &faq) {
            let faq_id = image
                .params
                .iter()
                .find(|(k, _)| *k == "id")
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            wanted.push((faq_id, image));
        }
    }
    let lines = futures::stream::iter(wanted.into_iter().map(|(faq_id, image)| {
        let was_deleted = deleted.contains(&(faq_id.clone(), image.key.clone()));
        let (client, dir) = (client.clone(), dir.to_owned());
        async move {
            if !is_file_name(&faq_id) {
                return Err(not_a_name("an FAQ id", &faq_id));
            }
            if !is_file_name(&image.name) {
                return Err(not_a_name("an image key", &image.name));
            }
            let faq_dir = dir.join(FAQ_PART).join(&faq_id);
            let held = tokio::task::block_in_place(|| held_files(&faq_dir))?.remove(&image.name);
            let saved = match held {
                Some((file, bytes)) => Saved::File(file, bytes),
                None if was_deleted => Saved::Gone(None),
                None => {
                    let mut request = client.operation(&ops::GET_FAQ_IMAGE);
                    for (k, v) in &image.params {
                        request = request.param(k, v);
                    }
                    download(request, &faq_dir, &image.name).await?
                }
            };
            // A refusal is the part's: skipped by the run, reported once.
            let line = FaqImage {
                saved: saved.record(&format!("{FAQ_PART}/{faq_id}/"))?,
                faq_id,
                key: image.key,
            };
            Ok::<_, CliError>(line)
        }
    }))
    .buffered(concurrency.max(1))
    .boxed()
    .try_collect::<Vec<_>>()
    .await?;
    let mut text = Vec::new();
    let mut files = 0;
    for line in lines {
        files += u64::from(line.saved.file.is_some());
        serde_json::to_writer(&mut text, &line).expect("a line serialises");
        text.push(b'\n');
    }
    if fs::read(&index).ok().as_deref() != Some(&text[..]) {
        tokio::task::block_in_place(|| {
            replace(&index, &text)?;
            sync_dir(dir)
        })?;
    }
    Ok(files)
}

/// The part whose items name the FAQ images (`x-export`'s `of` of `get_faq_image`).
pub(crate) fn faq_listing_part() -> &'static str {
    let of = ops::GET_FAQ_IMAGE.export.and_then(|e| e.of);
    of.and_then(lark_helpdesk_api::find)
        .and_then(|op: &Operation| op.export)
        .map_or("faqs", |e| e.part)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_extension_comes_from_the_content_type_else_the_bytes() {
        assert_eq!(extension(Some("image/png"), b""), "png");
        assert_eq!(extension(Some("image/jpeg; charset=x"), b""), "jpg");
        assert_eq!(extension(None, b"\x89PNG\r\n\x1a\n"), "png");
        assert_eq!(
            extension(Some("application/octet-stream"), b"\xff\xd8\xff\xe0"),
            "jpg"
        );
        assert_eq!(extension(None, b"RIFF\0\0\0\0WEBPVP8 "), "webp");
        assert_eq!(extension(None, b"??"), "bin");
    }

    #[test]
    fn only_plain_names_are_file_names() {
        assert!(is_file_name("7100000000000000007-2"));
        assert!(is_file_name("img_v2_abc"));
        for bad in ["", "..", "a/b", "a.png", "a b", "é"] {
            assert!(!is_file_name(bad), "{bad}");
        }
    }
}
