//! Errors of the command, how they are reported on stderr, and its exit codes.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::process::ExitCode;

use lark_helpdesk::{ApiErrorKind, Error};

/// Exit code: success (also when stdout was closed early).
pub const OK: u8 = 0;
/// Exit code: any failure without a code of its own.
pub const FAILURE: u8 = 1;
/// Exit code: bad arguments or configuration; nothing was sent (clap uses 2 as well).
pub const USAGE: u8 = 2;
/// Exit code: the platform refused the credentials or their permissions.
pub const AUTH: u8 = 3;
/// Exit code: rate limited, still after the retries.
pub const RATE_LIMITED: u8 = 4;
/// Exit code: a file could not be written (disk full, permissions).
pub const WRITE: u8 = 5;
/// Exit code: `check` found an answer that breaks the spec.
pub const CHECK_FAILED: u8 = 6;
/// Exit code: stopped by Ctrl-C or SIGTERM (128 + SIGINT, as shells report it).
pub const INTERRUPTED: u8 = 130;

/// Why the command failed.
#[derive(Debug)]
pub enum CliError {
    /// Bad arguments or configuration found by the command itself (exit 2).
    Usage {
        /// What is wrong.
        message: String,
        /// What to do about it.
        hint: Option<String>,
    },
    /// An error of the SDK.
    Sdk(Error),
    /// Writing the output failed (a closed pipe ends the command quietly, with 0).
    Io(io::Error),
    /// A file could not be written (exit 5).
    Write {
        /// The file.
        path: std::path::PathBuf,
        /// The error of the operating system.
        source: io::Error,
    },
    /// The platform refused the credentials, as told by a command of its own (exit 3).
    Auth(String),
    /// `check` found this many failures (exit 6); the report is printed already.
    CheckFailed(usize),
    /// Stopped by Ctrl-C or SIGTERM, with what to do next (exit 130).
    Interrupted(String),
    /// `error` while exporting into `dir`: the report adds that a rerun continues.
    Export {
        /// The error.
        error: Box<CliError>,
        /// The export directory.
        dir: std::path::PathBuf,
    },
    /// A failure with what to do about it (exit 1): input that is not what it should be.
    Failed {
        /// What is wrong, naming the file (and line) at fault.
        message: String,
        /// What to do about it.
        hint: Option<String>,
    },
    /// Anything else (exit 1).
    Other(String),
}

impl From<Error> for CliError {
    fn from(e: Error) -> Self {
        CliError::Sdk(e)
    }
}

impl From<io::Error> for CliError {
    fn from(e: io::Error) -> Self {
        CliError::Io(e)
    }
}

impl CliError {
    /// Whether this is stdout being closed by its reader (`| head`): not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        match self {
            CliError::Io(e) => e.kind() == io::ErrorKind::BrokenPipe,
            CliError::Sdk(Error::Write { source, .. }) => {
                source.kind() == io::ErrorKind::BrokenPipe
            }
            _ => false,
        }
    }

    /// The exit code (see [`crate::args`]'s help text for the table).
    pub fn exit_code(&self) -> u8 {
        match self {
            _ if self.is_broken_pipe() => OK,
            CliError::Usage { .. } => USAGE,
            CliError::Sdk(e) => sdk_exit_code(e),
            CliError::Write { .. } => WRITE,
            CliError::Interrupted(_) => INTERRUPTED,
            CliError::CheckFailed(_) => CHECK_FAILED,
            CliError::Auth(_) => AUTH,
            CliError::Export { error, .. } => error.exit_code(),
            CliError::Io(_) | CliError::Failed { .. } | CliError::Other(_) => FAILURE,
        }
    }

    /// The report for stderr: `error: <message> (code C, log id L)`, then `hint: ...`
    /// when there is one; empty for a closed pipe.
    pub fn report(&self) -> String {
        let mut out = String::new();
        let hint = match self {
            _ if self.is_broken_pipe() => return out,
            CliError::Usage { message, hint } | CliError::Failed { message, hint } => {
                let _ = write!(out, "error: {message}");
                hint.clone()
            }
            CliError::Sdk(e) => {
                write_sdk_error(&mut out, e);
                match e {
                    Error::NoToken { accepted, .. }
                        if accepted.contains(&lark_helpdesk::TokenKind::User) =>
                    {
                        Some(
                            "sign a user in with `lark-helpdesk auth login` (or set \
                             LARK_USER_ACCESS_TOKEN)"
                                .to_owned(),
                        )
                    }
                    e => e.api_kind().and_then(ApiErrorKind::hint).map(str::to_owned),
                }
            }
            CliError::Io(e) => {
                let _ = write!(out, "error: cannot write the output: {e}");
                None
            }
            CliError::Write { path, source } => {
                let _ = write!(out, "error: cannot write {}: {source}", path.display());
                Some(match source.kind() {
                    io::ErrorKind::StorageFull | io::ErrorKind::FileTooLarge => {
                        "free some space (or raise the file size limit)".to_owned()
                    }
                    io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => {
                        "make the directory writable".to_owned()
                    }
                    _ => "fix the cause".to_owned(),
                })
            }
            CliError::Auth(message) => {
                let _ = write!(out, "error: {message}");
                Some(
                    ApiErrorKind::AppCredentials
                        .hint()
                        .unwrap_or_default()
                        .to_owned(),
                )
            }
            CliError::CheckFailed(n) => {
                let _ = write!(
                    out,
                    "error: {n} failure{} against the spec (see above)",
                    if *n == 1 { "" } else { "s" }
                );
                Some(
                    "--record DIR writes the answers as fixtures of the conformance harness"
                        .to_owned(),
                )
            }
            CliError::Interrupted(message) => {
                let _ = write!(out, "interrupted: {message}");
                None
            }
            CliError::Export { error, dir } => {
                let report = error.report();
                let (error, hint) = match report.trim_end().rsplit_once("\nhint: ") {
                    Some((error, hint)) => (error.to_owned(), format!("{hint}, then run")),
                    None => (report.trim_end().to_owned(), "run".to_owned()),
                };
                out.push_str(&error);
                Some(format!(
                    "{hint} the same command again: {} holds everything fetched so far",
                    dir.display()
                ))
            }
            CliError::Other(message) => {
                let _ = write!(out, "error: {message}");
                None
            }
        };
        out.push('\n');
        if let Some(hint) = hint {
            let _ = writeln!(out, "hint: {hint}");
        }
        out
    }

    /// Reports the error on stderr and returns the exit code.
    pub fn exit(self) -> ExitCode {
        let report = self.report();
        if !report.is_empty() {
            let _ = io::stderr().lock().write_all(report.as_bytes());
        }
        ExitCode::from(self.exit_code())
    }
}

/// The exit code of an SDK error.
fn sdk_exit_code(e: &Error) -> u8 {
    match e {
        Error::InvalidInput { .. } | Error::Config(_) => USAGE,
        Error::Write { .. } => WRITE,
        // A token the operation needs and the client lacks: a credential to provide.
        Error::NoToken { .. } => AUTH,
        e if e.is_rate_limited() => RATE_LIMITED,
        e if e.is_auth() => AUTH,
        _ => FAILURE,
    }
}

/// `error: <message> (code C, log id L)` for an SDK error, without the newline.
fn write_sdk_error(out: &mut String, e: &Error) {
    match e {
        Error::Api(api) => {
            let app = api
                .app_id
                .as_ref()
                .map(|id| format!(" for app {}", crate::output::printable(id)))
                .unwrap_or_default();
            let _ = write!(
                out,
                "error: {} failed{app}: HTTP {}: {} (code {}",
                api.operation,
                api.status.as_u16(),
                crate::output::printable(&api.msg),
                api.code
            );
            if let Some(log_id) = &api.log_id {
                let _ = write!(out, ", log id {log_id}");
            }
            out.push(')');
        }
        Error::Transport(t) => {
            let _ = write!(out, "error: {t}");
            // reqwest keeps the cause (connection refused, reset, ...) in its sources.
            let mut source = std::error::Error::source(&t.source);
            while let Some(cause) = source {
                let text = cause.to_string();
                if !out.contains(&text) {
                    let _ = write!(out, ": {text}");
                }
                source = cause.source();
            }
        }
        // Display already ends with "(log id L)" when there is one.
        other => {
            let _ = write!(out, "error: {other}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_errors_exit_2_with_their_hint() {
        let e = CliError::Usage {
            message: "missing".into(),
            hint: Some("try --mock".into()),
        };
        assert_eq!(e.exit_code(), USAGE);
        assert_eq!(e.report(), "error: missing\nhint: try --mock\n");
    }

    #[test]
    fn a_closed_pipe_is_quiet_success() {
        let e = CliError::Io(io::Error::from(io::ErrorKind::BrokenPipe));
        assert_eq!(e.exit_code(), OK);
        assert_eq!(e.report(), "");
        let other = CliError::Io(io::Error::from(io::ErrorKind::PermissionDenied));
        assert_eq!(other.exit_code(), FAILURE);
    }

    #[test]
    fn invalid_input_and_configuration_are_usage_errors() {
        let e = CliError::Sdk(Error::InvalidInput {
            field: "page_size",
            reason: "500 is outside 1..=200".into(),
        });
        assert_eq!(e.exit_code(), USAGE);
        assert_eq!(CliError::Sdk(Error::Config("x".into())).exit_code(), USAGE);
        assert_eq!(
            CliError::Sdk(Error::token_provider(io::Error::other("vault down"))).exit_code(),
            FAILURE
        );
    }
}
