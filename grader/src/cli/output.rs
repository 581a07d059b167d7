//! Standard output for commands: text written through one handle that treats a closed pipe
//! (`grader … | head`) as the reader having seen enough, not as an error or a panic; and what is
//! said on stderr besides errors, by `-q`/`-v` ([`Log`]). The main type is [`Stdout`].

use std::fmt::Display;
use std::io::{self, Write};

use super::Failure;

/// Writes command output to stdout.
pub struct Stdout {
    /// The reader went away: the rest is dropped silently.
    closed: bool,
}

impl Stdout {
    /// A handle on stdout.
    pub fn new() -> Stdout {
        Stdout { closed: false }
    }

    /// Writes `text`, with any line a CI runner would obey as a workflow command broken
    /// ([`crate::support::neutralise_workflow_commands`]).
    pub fn write(&mut self, text: &str) -> Result<(), Failure> {
        if self.closed {
            return Ok(());
        }
        let text = grader::support::neutralise_workflow_commands(text);
        let mut stdout = io::stdout().lock();
        match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
            Ok(()) => Ok(()),
            Err(err) if err.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            Err(err) => Err(Failure::from_message(format!("cannot write to standard output: {err}"))),
        }
    }

    /// Writes `text` and a line break.
    pub fn line(&mut self, text: &str) -> Result<(), Failure> {
        self.write(text)?;
        self.write("\n")
    }
}

/// How much is said on stderr besides the result and errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    /// `-q`: nothing but errors and why the exit code is not 0.
    Quiet,
    /// Notes and warnings.
    Normal,
    /// `-v`: also the settings in use and where the time goes.
    Verbose,
}

/// Messages for people on stderr, by [`Verbosity`]. Errors are not its business: they are always
/// printed, once, by `cli::main`.
#[derive(Debug, Clone, Copy)]
pub struct Log {
    pub verbosity: Verbosity,
}

impl Log {
    /// Why the exit code is not 0 (below `--min-score`, hand-ins not graded): always said.
    pub fn outcome(self, message: impl Display) {
        eprintln!("grader: {message}");
    }

    /// A note (where the output went): not under `-q`.
    pub fn note(self, message: impl Display) {
        if self.verbosity != Verbosity::Quiet {
            eprintln!("grader: {message}");
        }
    }

    /// A warning (something done less well than asked): not under `-q`.
    pub fn warning(self, message: impl Display) {
        if self.verbosity != Verbosity::Quiet {
            eprintln!("grader: warning: {message}");
        }
    }

    /// A detail (a setting in use, a time): only under `-v`.
    pub fn detail(self, message: impl Display) {
        if self.verbosity == Verbosity::Verbose {
            eprintln!("grader: {message}");
        }
    }
}
