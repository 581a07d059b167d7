//! Standard output for commands: text written through one handle that treats a closed pipe
//! (`grader … | head`) as the reader having seen enough, not as an error or a panic. The main type
//! is [`Stdout`].

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
