//! cargo's `--message-format=json` messages, as far as the build reads them: which target a
//! message is about, the artifacts (test binaries) it produced, and rustc's diagnostics. The main
//! type is [`CargoMessage`].

use std::path::PathBuf;

use serde::Deserialize;

use crate::stage::layout::combined_group;

/// One line of cargo's JSON output.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum CargoMessage {
    CompilerMessage {
        manifest_path: PathBuf,
        target: Target,
        message: Diagnostic,
    },
    CompilerArtifact {
        manifest_path: PathBuf,
        target: Target,
        executable: Option<PathBuf>,
        /// Every file the target produced (a library's `.rlib` and `.rmeta`).
        #[serde(default)]
        filenames: Vec<PathBuf>,
    },
    #[serde(other)]
    Other,
}

/// The target a message is about.
#[derive(Debug, Clone, Deserialize)]
pub struct Target {
    pub name: String,
}

/// A rustc diagnostic.
#[derive(Debug, Clone, Deserialize)]
pub struct Diagnostic {
    pub message: String,
    pub level: String,
    pub code: Option<DiagnosticCode>,
    #[serde(default)]
    pub spans: Vec<Span>,
    pub rendered: Option<String>,
}

/// A diagnostic's code (`E0499`, `clippy::redundant_clone`).
#[derive(Debug, Clone, Deserialize)]
pub struct DiagnosticCode {
    pub code: String,
}

/// Where a diagnostic points.
#[derive(Debug, Clone, Deserialize)]
pub struct Span {
    pub file_name: String,
    pub line_start: u32,
    pub is_primary: bool,
}

impl CargoMessage {
    /// Parses one line of cargo's output; `None` for anything that is not a message.
    pub fn parse(line: &[u8]) -> Option<CargoMessage> {
        serde_json::from_slice(line).ok()
    }

    /// The target the message is about, if it is about one.
    pub fn target(&self) -> Option<&Target> {
        match self {
            CargoMessage::CompilerMessage { target, .. } | CargoMessage::CompilerArtifact { target, .. } => {
                Some(target)
            }
            CargoMessage::Other => None,
        }
    }

    /// Whether the message is about a combined test crate (or its retry).
    pub fn is_combined(&self) -> bool {
        self.target().is_some_and(|target| combined_group(&target.name).is_some())
    }
}

impl Diagnostic {
    /// An error (not the closing "aborting due to" summary).
    pub fn is_error(&self) -> bool {
        self.level == "error" && !self.message.starts_with("aborting due to")
    }

    /// The primary span, or the first one.
    pub fn primary_span(&self) -> Option<&Span> {
        self.spans.iter().find(|span| span.is_primary).or(self.spans.first())
    }
}
