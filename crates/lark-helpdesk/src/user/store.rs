//! Where a signed-in user's tokens live between runs: the [`TokenStore`] trait (keep them
//! in your keychain or database), and [`FileStore`], one file per app and user, created
//! 0600 and replaced atomically, with a lock file that serialises refreshes across
//! processes.

use std::collections::HashMap;
use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use crate::credentials::BoxFuture;

/// A user's tokens as stored: the pair, their expiries, and when the user signed in.
/// `Debug` never shows a token.
#[derive(Clone)]
#[non_exhaustive]
pub struct StoredTokens {
    /// The app (client id) the tokens belong to.
    pub app_id: String,
    /// The user's open id.
    pub user: String,
    /// The user's name, as `user_info` gave it at sign-in.
    pub name: Option<String>,
    /// The access token.
    pub access_token: SecretString,
    /// When the access token expires, Unix milliseconds.
    pub expires_at_ms: i64,
    /// The refresh token (none when `offline_access` was not granted).
    pub refresh_token: Option<SecretString>,
    /// When the refresh token expires, Unix milliseconds.
    pub refresh_expires_at_ms: Option<i64>,
    /// The scopes granted, space-separated.
    pub scope: String,
    /// When the user signed in, Unix milliseconds: the platform ends every sign-in 365
    /// days later, however often the tokens are refreshed.
    pub signed_in_at_ms: i64,
}

impl fmt::Debug for StoredTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoredTokens")
            .field("app_id", &self.app_id)
            .field("user", &self.user)
            .field("name", &self.name)
            .field("access_token", &"[REDACTED]")
            .field("expires_at_ms", &self.expires_at_ms)
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "[REDACTED]"),
            )
            .field("refresh_expires_at_ms", &self.refresh_expires_at_ms)
            .field("scope", &self.scope)
            .field("signed_in_at_ms", &self.signed_in_at_ms)
            .finish()
    }
}

impl StoredTokens {
    /// Whether both hold the same refresh token (or neither has one).
    pub(crate) fn same_refresh(&self, other: &StoredTokens) -> bool {
        match (&self.refresh_token, &other.refresh_token) {
            (Some(a), Some(b)) => a.expose_secret() == b.expose_secret(),
            (None, None) => true,
            _ => false,
        }
    }
}

/// The stored form (the only place the tokens are written out).
#[derive(Serialize, Deserialize)]
struct Record {
    app_id: String,
    user: String,
    #[serde(default)]
    name: Option<String>,
    access_token: String,
    expires_at_ms: i64,
    #[serde(default)]
    refresh_token: Option<String>,
    #[serde(default)]
    refresh_expires_at_ms: Option<i64>,
    #[serde(default)]
    scope: String,
    signed_in_at_ms: i64,
}

impl From<&StoredTokens> for Record {
    fn from(t: &StoredTokens) -> Self {
        Record {
            app_id: t.app_id.clone(),
            user: t.user.clone(),
            name: t.name.clone(),
            access_token: t.access_token.expose_secret().to_owned(),
            expires_at_ms: t.expires_at_ms,
            refresh_token: t
                .refresh_token
                .as_ref()
                .map(|r| r.expose_secret().to_owned()),
            refresh_expires_at_ms: t.refresh_expires_at_ms,
            scope: t.scope.clone(),
            signed_in_at_ms: t.signed_in_at_ms,
        }
    }
}

impl From<Record> for StoredTokens {
    fn from(r: Record) -> Self {
        StoredTokens {
            app_id: r.app_id,
            user: r.user,
            name: r.name,
            access_token: r.access_token.into(),
            expires_at_ms: r.expires_at_ms,
            refresh_token: r.refresh_token.map(Into::into),
            refresh_expires_at_ms: r.refresh_expires_at_ms,
            scope: r.scope,
            signed_in_at_ms: r.signed_in_at_ms,
        }
    }
}

/// A failure of a [`TokenStore`]: what could not be read, written or locked (never a
/// token).
#[derive(Debug, Clone, thiserror::Error)]
#[error("token store: {0}")]
pub struct StoreError(pub String);

/// Keeps users' tokens between runs. A refresh holds [`lock`](Self::lock) while it reads
/// the tokens again, asks the platform, and writes the new pair, so that two processes
/// never refresh one user's tokens at once (the loser's refresh token would be dead).
pub trait TokenStore: Send + Sync + 'static {
    /// The tokens of `user` of `app_id`, if any.
    fn load(
        &self,
        app_id: &str,
        user: &str,
    ) -> BoxFuture<'_, Result<Option<StoredTokens>, StoreError>>;

    /// Stores `tokens` (replacing the user's), whole or not at all.
    fn save(&self, tokens: &StoredTokens) -> BoxFuture<'_, Result<(), StoreError>>;

    /// Forgets the tokens of `user` of `app_id`.
    fn delete(&self, app_id: &str, user: &str) -> BoxFuture<'_, Result<(), StoreError>>;

    /// The users of `app_id` with stored tokens, the most recently signed in first.
    fn users(&self, app_id: &str) -> BoxFuture<'_, Result<Vec<StoredTokens>, StoreError>>;

    /// Holds the refresh lock of `user` of `app_id` (across processes, for a store that
    /// several share) until the returned guard is dropped.
    fn lock(&self, app_id: &str, user: &str) -> BoxFuture<'_, Result<Box<dyn Send>, StoreError>>;
}

/// The lock of each app and user of a [`MemoryStore`].
type Locks = HashMap<(String, String), Arc<tokio::sync::Mutex<()>>>;

/// Tokens in memory, for tests and for applications that keep them elsewhere.
#[derive(Clone, Default)]
pub struct MemoryStore {
    tokens: Arc<Mutex<HashMap<(String, String), StoredTokens>>>,
    locks: Arc<Mutex<Locks>>,
}

impl fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MemoryStore(..)")
    }
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }
}

impl TokenStore for MemoryStore {
    fn load(
        &self,
        app_id: &str,
        user: &str,
    ) -> BoxFuture<'_, Result<Option<StoredTokens>, StoreError>> {
        let key = (app_id.to_owned(), user.to_owned());
        let found = self
            .tokens
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
            .cloned();
        Box::pin(std::future::ready(Ok(found)))
    }

    fn save(&self, tokens: &StoredTokens) -> BoxFuture<'_, Result<(), StoreError>> {
        self.tokens
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert((tokens.app_id.clone(), tokens.user.clone()), tokens.clone());
        Box::pin(std::future::ready(Ok(())))
    }

    fn delete(&self, app_id: &str, user: &str) -> BoxFuture<'_, Result<(), StoreError>> {
        self.tokens
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&(app_id.to_owned(), user.to_owned()));
        Box::pin(std::future::ready(Ok(())))
    }

    fn users(&self, app_id: &str) -> BoxFuture<'_, Result<Vec<StoredTokens>, StoreError>> {
        let mut users: Vec<StoredTokens> = self
            .tokens
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .values()
            .filter(|t| t.app_id == app_id)
            .cloned()
            .collect();
        users.sort_by_key(|t| std::cmp::Reverse(t.signed_in_at_ms));
        Box::pin(std::future::ready(Ok(users)))
    }

    fn lock(&self, app_id: &str, user: &str) -> BoxFuture<'_, Result<Box<dyn Send>, StoreError>> {
        let lock = Arc::clone(
            self.locks
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .entry((app_id.to_owned(), user.to_owned()))
                .or_default(),
        );
        Box::pin(async move { Ok(Box::new(lock.lock_owned().await) as Box<dyn Send>) })
    }
}

/// How long [`FileStore::lock`] waits for another process's refresh before giving up.
const LOCK_TIMEOUT: Duration = Duration::from_secs(30);

/// One file per app and user in a directory (by default `lark-helpdesk/` in the user's
/// configuration directory: `$XDG_CONFIG_HOME`, else `~/.config`; `%APPDATA%` on
/// Windows), created 0600 (the directory 0700) and replaced atomically; a `.lock` file
/// beside each serialises refreshes across processes (the operating system's file lock,
/// released if a process dies).
#[derive(Debug, Clone)]
pub struct FileStore {
    dir: PathBuf,
}

impl FileStore {
    /// A store in `dir` (created when first written).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        FileStore { dir: dir.into() }
    }

    /// The store in the user's configuration directory, if one can be found.
    pub fn default_location() -> Option<Self> {
        let base = std::env::var_os("XDG_CONFIG_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| {
                if cfg!(windows) {
                    std::env::var_os("APPDATA").map(PathBuf::from)
                } else {
                    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config"))
                }
            })?;
        Some(FileStore::new(base.join("lark-helpdesk")))
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file of `user` of `app_id` (both reduced to a safe file name).
    pub fn path_of(&self, app_id: &str, user: &str) -> PathBuf {
        self.dir
            .join(format!("user-{}--{}.json", safe(app_id), safe(user)))
    }

    fn prefix(app_id: &str) -> String {
        format!("user-{}--", safe(app_id))
    }

    fn read(path: &Path) -> Result<Option<StoredTokens>, StoreError> {
        match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice::<Record>(&bytes)
                .map(|r| Some(r.into()))
                .map_err(|e| StoreError(format!("{} is not a token file: {e}", path.display()))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(StoreError(format!("cannot read {}: {e}", path.display()))),
        }
    }

    fn write(&self, tokens: &StoredTokens) -> Result<(), StoreError> {
        let fail = |what: &str, e: std::io::Error| StoreError(format!("{what}: {e}"));
        create_private_dir(&self.dir)
            .map_err(|e| fail(&format!("cannot create {}", self.dir.display()), e))?;
        let path = self.path_of(&tokens.app_id, &tokens.user);
        let partial = path.with_extension("json.partial");
        let bytes = serde_json::to_vec_pretty(&Record::from(tokens))
            .map_err(|e| StoreError(e.to_string()))?;
        let mut file = private_file(&partial)
            .map_err(|e| fail(&format!("cannot create {}", partial.display()), e))?;
        file.write_all(&bytes)
            .and_then(|()| file.sync_all())
            .map_err(|e| fail(&format!("cannot write {}", partial.display()), e))?;
        drop(file);
        std::fs::rename(&partial, &path)
            .map_err(|e| fail(&format!("cannot replace {}", path.display()), e))?;
        // The rename is durable once the directory is synced (not possible on Windows).
        #[cfg(unix)]
        if let Ok(dir) = std::fs::File::open(&self.dir) {
            let _ = dir.sync_all();
        }
        Ok(())
    }
}

/// A file-name-safe form of an id: letters, digits, `-` and `_` kept, anything else
/// replaced by `_` (ids of the platform are made of those already).
fn safe(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
    }
    #[cfg(not(unix))]
    {
        std::fs::create_dir_all(dir)
    }
}

/// A new file only its owner can read and write (a stale partial is replaced).
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(path)?;
    // A file left by an earlier version with wider bits is narrowed too.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(file)
}

impl TokenStore for FileStore {
    fn load(
        &self,
        app_id: &str,
        user: &str,
    ) -> BoxFuture<'_, Result<Option<StoredTokens>, StoreError>> {
        let path = self.path_of(app_id, user);
        Box::pin(async move {
            tokio::task::spawn_blocking(move || FileStore::read(&path))
                .await
                .map_err(|e| StoreError(e.to_string()))?
        })
    }

    fn save(&self, tokens: &StoredTokens) -> BoxFuture<'_, Result<(), StoreError>> {
        let (store, tokens) = (self.clone(), tokens.clone());
        Box::pin(async move {
            tokio::task::spawn_blocking(move || store.write(&tokens))
                .await
                .map_err(|e| StoreError(e.to_string()))?
        })
    }

    fn delete(&self, app_id: &str, user: &str) -> BoxFuture<'_, Result<(), StoreError>> {
        let path = self.path_of(app_id, user);
        Box::pin(async move {
            match std::fs::remove_file(&path) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
                Err(e) => Err(StoreError(format!("cannot delete {}: {e}", path.display()))),
            }
        })
    }

    fn users(&self, app_id: &str) -> BoxFuture<'_, Result<Vec<StoredTokens>, StoreError>> {
        let (dir, prefix) = (self.dir.clone(), FileStore::prefix(app_id));
        Box::pin(async move {
            let entries = match std::fs::read_dir(&dir) {
                Ok(entries) => entries,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
                Err(e) => return Err(StoreError(format!("cannot list {}: {e}", dir.display()))),
            };
            let mut users = Vec::new();
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.starts_with(&prefix)
                    && name.ends_with(".json")
                    && let Some(tokens) = FileStore::read(&entry.path())?
                {
                    users.push(tokens);
                }
            }
            users.sort_by_key(|t| std::cmp::Reverse(t.signed_in_at_ms));
            Ok(users)
        })
    }

    fn lock(&self, app_id: &str, user: &str) -> BoxFuture<'_, Result<Box<dyn Send>, StoreError>> {
        let path = self.path_of(app_id, user).with_extension("lock");
        let dir = self.dir.clone();
        Box::pin(async move {
            create_private_dir(&dir)
                .map_err(|e| StoreError(format!("cannot create {}: {e}", dir.display())))?;
            let file = private_file_keep(&path)
                .map_err(|e| StoreError(format!("cannot open {}: {e}", path.display())))?;
            let deadline = tokio::time::Instant::now() + LOCK_TIMEOUT;
            loop {
                match file.try_lock() {
                    Ok(()) => return Ok(Box::new(file) as Box<dyn Send>),
                    Err(std::fs::TryLockError::WouldBlock) => {
                        if tokio::time::Instant::now() >= deadline {
                            return Err(StoreError(format!(
                                "another process has held {} for {}s",
                                path.display(),
                                LOCK_TIMEOUT.as_secs()
                            )));
                        }
                        tokio::time::sleep(Duration::from_millis(20)).await;
                    }
                    Err(std::fs::TryLockError::Error(e)) => {
                        return Err(StoreError(format!("cannot lock {}: {e}", path.display())));
                    }
                }
            }
        })
    }
}

/// The lock file, opened without truncating (another process may hold it).
fn private_file_keep(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}
