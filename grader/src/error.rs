//! The library's error type. Every variant says what went wrong and, where it can, what to do;
//! its message does not repeat its source, which the binary prints after it, once. The main type
//! is [`Error`].

use std::io;
use std::path::{Path, PathBuf};

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
    /// A review file that does not fit the report it is applied to.
    #[error("review: {0}")]
    InvalidReview(String),
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
    /// A path given on the command line (a hand-in, `--exercises`, `--rubric`, a folder to read)
    /// where there is nothing.
    #[error("{what} {path} does not exist; {hint}")]
    NotFound { what: &'static str, path: PathBuf, hint: &'static str },
    /// A path given on the command line that holds a file where a folder is needed, or the other
    /// way round.
    #[error("{what} {path} is {found}, not a {expected}; {hint}")]
    WrongKind { what: &'static str, path: PathBuf, found: &'static str, expected: &'static str, hint: &'static str },
    /// A submission path that exists but is no folder, archive or git repository: a file of
    /// another name, a symbolic link (never followed), a device.
    #[error("submission {path} is {found}, not a folder, a .zip, .tar.gz, .tgz or .tar archive (by its name) or a git repository; pass what the candidate sent back")]
    NotASubmission { path: PathBuf, found: &'static str },
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

/// What a path given on the command line must hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    Folder,
    File,
}

/// A path given on the command line: what messages call it, what it must hold, and what to do
/// when it does not. Checked before the path is used, so that "does not exist" and "is a file, not
/// a folder" are told apart, each with what to do, instead of surfacing as an I/O error from
/// deeper down ("Not a directory (os error 20)").
#[derive(Debug, Clone, Copy)]
pub struct PathArg {
    /// What it is, in messages: `exercise set`, `rubric`, `output folder`…
    pub what: &'static str,
    pub expected: Expected,
    /// What to do when it is missing or of the wrong kind.
    pub hint: &'static str,
}

impl PathArg {
    /// `path` exists (links followed) and holds what it must: else [`Error::NotFound`] or
    /// [`Error::WrongKind`].
    pub fn existing(&self, path: &Path) -> Result<(), Error> {
        self.check(path, false)
    }

    /// Nothing is at `path` yet (the command makes it), or what it must hold: else
    /// [`Error::WrongKind`].
    pub fn new_or_existing(&self, path: &Path) -> Result<(), Error> {
        self.check(path, true)
    }

    fn check(&self, path: &Path, may_be_missing: bool) -> Result<(), Error> {
        let meta = match std::fs::metadata(path) {
            Ok(meta) => meta,
            Err(err) if err.kind() == io::ErrorKind::NotFound && may_be_missing => return Ok(()),
            // Nothing there, or a file where a folder above it should be (`notes.txt/out`).
            Err(err) if matches!(err.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory) => {
                if may_be_missing {
                    return Err(Error::io("make", path, err));
                }
                return Err(Error::NotFound { what: self.what, path: path.to_path_buf(), hint: self.hint });
            }
            Err(source) => return Err(Error::io("read", path, source)),
        };
        let fits = match self.expected {
            Expected::Folder => meta.is_dir(),
            Expected::File => meta.is_file(),
        };
        if fits {
            return Ok(());
        }
        Err(Error::WrongKind {
            what: self.what,
            path: path.to_path_buf(),
            found: found(&meta),
            expected: match self.expected {
                Expected::Folder => "folder",
                Expected::File => "file",
            },
            hint: self.hint,
        })
    }
}

/// What `meta` describes, for a message: `a folder`, `a file`, `a symbolic link`…
pub fn found(meta: &std::fs::Metadata) -> &'static str {
    let kind = meta.file_type();
    if kind.is_dir() {
        "a folder"
    } else if kind.is_file() {
        "a file"
    } else if kind.is_symlink() {
        "a symbolic link (never followed)"
    } else {
        "neither a file nor a folder"
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
    fn a_missing_path_and_one_of_the_wrong_kind_are_told_apart() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("notes.txt");
        std::fs::write(&file, "x").expect("write");
        let folder = PathArg { what: "output folder", expected: Expected::Folder, hint: "pass a folder" };
        let missing = dir.path().join("nowhere");
        let err = folder.existing(&missing).expect_err("missing");
        assert_eq!(err.to_string(), format!("output folder {} does not exist; pass a folder", missing.display()));
        assert!(folder.new_or_existing(&missing).is_ok());
        let err = folder.new_or_existing(&file).expect_err("a file");
        assert_eq!(err.to_string(), format!("output folder {} is a file, not a folder; pass a folder", file.display()));
        assert!(folder.existing(dir.path()).is_ok());
        // Under a file: nothing there, and nothing can be made there.
        assert!(matches!(folder.existing(&file.join("out")), Err(Error::NotFound { .. })));
        let err = folder.new_or_existing(&file.join("out")).expect_err("under a file");
        assert!(display_chain(&err).contains("Not a directory"), "{err}");
        let rubric = PathArg { what: "rubric", expected: Expected::File, hint: "pass a file" };
        let err = rubric.existing(dir.path()).expect_err("a folder");
        assert!(err.to_string().ends_with("is a folder, not a file; pass a file"), "{err}");
        assert!(rubric.existing(&file).is_ok());
    }

    #[test]
    fn a_cause_is_printed_once() {
        let missing = io::Error::new(io::ErrorKind::NotFound, "No such file or directory (os error 2)");
        let error = Error::io("read rubric", "x.toml", missing);
        assert_eq!(display_chain(&error), "cannot read rubric x.toml: No such file or directory (os error 2)");
    }
}
