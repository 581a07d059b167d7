//! The library's error type. Every variant says what went wrong and, where it can, what to do;
//! its message does not repeat its source, which the binary prints after it, once. The main type
//! is [`Error`].

use std::io;
use std::path::PathBuf;

/// Anything that stops the grader from producing a grade. A candidate's broken code is never an
/// `Error`: it is a grade.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("cannot {action} {path}")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// A TOML file (exercise metadata, rubric, manifest) does not parse.
    #[error("{path} is not valid TOML")]
    Toml {
        path: String,
        #[source]
        source: toml::de::Error,
    },
    /// An exercise folder breaks the format in `exercises/README.md`.
    #[error("exercise `{id}`: {reason}")]
    InvalidExercise { id: String, reason: String },
    /// The rubric does not fit the exercise set.
    #[error("rubric: {0}")]
    InvalidRubric(String),
    /// An exercise id that the set does not have.
    #[error("no exercise `{id}` in the exercise set (known: {known})")]
    UnknownExercise { id: String, known: String },
    /// The Rust toolchain could not be found or run.
    #[error("cannot use the Rust toolchain: {0}. Install Rust with rustup (https://rustup.rs) and make sure `cargo` and `rustc` are on PATH")]
    Toolchain(String),
    /// A program could not be started.
    #[error("cannot start {program}")]
    Spawn {
        program: String,
        #[source]
        source: io::Error,
    },
    /// The submission path is not a readable folder, archive or git repository.
    #[error("submission {0} is not a folder, nor a .zip, .tar.gz, .tgz or .tar archive, nor a git repository; pass what the candidate sent back")]
    NotASubmission(PathBuf),
    /// A hand-in archive cannot be read at all (not an archive, truncated, corrupt).
    #[error(
        "cannot read {path} as a {kind} archive ({detail}); ask for the hand-in again as a .zip, a .tar.gz or a folder"
    )]
    BadArchive { path: PathBuf, kind: &'static str, detail: String },
    /// A hand-in that is refused whole: an entry that would land outside it, a decompression
    /// bomb, more entries or bytes than any hand-in needs.
    #[error("hand-in {path} refused: {reason}")]
    HandInRefused { path: PathBuf, reason: String },
    /// A hand-in that holds no exercise folder of the selection, at the top or below.
    #[error("no exercise folder found in {path}; expected folders named like {example} at the top of the hand-in or one level down (or two, as in returned/take-home/{example}); check --level/--exercise against what was handed out")]
    NoExercise { path: PathBuf, example: String },
    /// Exercise folders in more than one place of a hand-in: which one to grade is not clear.
    #[error("{path} holds exercise folders in several places ({places}); hand in one of them")]
    AmbiguousHandIn { path: PathBuf, places: String },
    /// `git` could not read a hand-in repository.
    #[error("git cannot read the repository {path}: {detail}")]
    Git { path: PathBuf, detail: String },
    /// A batch cannot run as asked (duplicate names, a folder that is not a batch output…).
    #[error("batch: {0}")]
    Batch(String),
    /// The requested isolation cannot be had on this machine.
    #[error("sandbox: {0}")]
    Sandbox(String),
    /// libtest could not run a test, twice, for a reason of the grader's (it exited 101 without
    /// reporting the test as failed): never scored as the candidate's failure.
    #[error("the test harness could not run `{test}`, also in a sandbox of its own; this is the grader's failure, not the candidate's. libtest said: {detail}")]
    Harness { test: String, detail: String },
    /// A broken promise inside the grader itself, never the candidate's doing.
    #[error("internal error: {0}; please report it")]
    Internal(String),
    /// The take-home manifest (`take-home.toml`) cannot be used.
    #[error("take-home manifest: {0}")]
    InvalidManifest(String),
    /// `grader init` refuses to write into a folder that already has files.
    #[error("{0} already exists and is not empty; choose a new folder")]
    TargetNotEmpty(PathBuf),
}

impl Error {
    /// Wraps an I/O error with what was being done and to which path.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: io::Error) -> Self {
        Error::Io { action, path: path.into(), source }
    }
}

/// `error` and every cause under it, joined with `: `, each said once: how the binary and batch
/// failures print an error.
pub fn display_chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        // A cause whose text is already there (a wrapper that prints its source) is said once.
        if !message.ends_with(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = cause.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cause_is_printed_once() {
        let missing = io::Error::new(io::ErrorKind::NotFound, "No such file or directory (os error 2)");
        let error = Error::io("read rubric", "x.toml", missing);
        assert_eq!(display_chain(&error), "cannot read rubric x.toml: No such file or directory (os error 2)");
    }
}
