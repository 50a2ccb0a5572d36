//! What can go wrong building the database, each naming the file (and line) at fault,
//! and how it is reported as a [`CliError`].

use std::fmt;
use std::io;
use std::path::PathBuf;

use crate::exit::CliError;

/// Why `db` failed.
#[derive(Debug)]
pub enum DbError {
    /// DIR has no `manifest.json`.
    NoExport {
        /// The directory.
        dir: PathBuf,
    },
    /// DIR's manifest is of another format, or is no export's.
    OtherFormat {
        /// The directory.
        dir: PathBuf,
        /// What it holds instead.
        what: String,
    },
    /// An export holds DIR's lock: it is writing into DIR.
    Locked {
        /// The directory.
        dir: PathBuf,
    },
    /// A line of a file is torn, not JSON, or not what that file holds.
    Line {
        /// The file.
        path: PathBuf,
        /// Its line, from 1.
        line: u64,
        /// What is wrong with it.
        problem: String,
    },
    /// A file whose name or content does not fit the export's layout (a ticket id that
    /// is no file name, a ticket file holding another ticket).
    Layout {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        problem: String,
    },
    /// A file could not be read.
    Read {
        /// The file.
        path: PathBuf,
        /// The error of the operating system.
        source: io::Error,
    },
    /// The database refused something (a full disk, a file that is no database, a
    /// database this command did not make).
    Database {
        /// The database file.
        path: PathBuf,
        /// What it said.
        problem: String,
    },
}

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DbError::NoExport { dir } => {
                write!(f, "{} holds no export (no manifest.json)", dir.display())
            }
            DbError::OtherFormat { dir, what } => write!(f, "{} holds {what}", dir.display()),
            DbError::Locked { dir } => write!(f, "an export is writing into {}", dir.display()),
            DbError::Line {
                path,
                line,
                problem,
            } => write!(f, "{} line {line}: {problem}", path.display()),
            DbError::Layout { path, problem } => write!(f, "{}: {problem}", path.display()),
            DbError::Read { path, source } => {
                write!(f, "cannot read {}: {source}", path.display())
            }
            DbError::Database { path, problem } => write!(f, "{}: {problem}", path.display()),
        }
    }
}

impl std::error::Error for DbError {}

impl From<DbError> for CliError {
    fn from(e: DbError) -> Self {
        let message = e.to_string();
        let unchanged = "the database is as the last run left it";
        match e {
            DbError::NoExport { .. } => CliError::Usage {
                message,
                hint: Some(
                    "give the directory of `lark-helpdesk export --output DIR` (or export into it first)"
                        .into(),
                ),
            },
            DbError::OtherFormat { .. } => CliError::Usage {
                message,
                hint: Some(format!(
                    "this version reads {}: export again with this version's `lark-helpdesk export`",
                    super::FORMAT
                )),
            },
            DbError::Locked { .. } => CliError::Usage {
                message,
                hint: Some("run db when the export ends".into()),
            },
            DbError::Line { .. } | DbError::Layout { .. } => CliError::Failed {
                message,
                hint: Some(format!(
                    "that file was not written by `lark-helpdesk export`, or was changed since: \
                     run the export again to rewrite it (or move the file away); {unchanged}"
                )),
            },
            DbError::Read { path, source } => CliError::Failed {
                message: format!("cannot read {}: {source}", path.display()),
                hint: Some(format!("fix the cause; {unchanged}")),
            },
            DbError::Database { .. } => CliError::Failed {
                message,
                hint: Some(format!(
                    "fix the cause, or choose another --output; {unchanged}"
                )),
            },
        }
    }
}
