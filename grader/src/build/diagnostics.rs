//! What the build learns from rustc's diagnostics, in the candidate's terms: compiler errors
//! located in the paths the candidate knows ([`CompileError`]), and clippy lints in the
//! candidate's own files ([`LintFinding`]), which the inspect step reads. The main type is
//! [`CompileError`].

use super::messages::Diagnostic;
use crate::stage::{SourceOrigin, StagedExercise};

/// Longest `rendered` text kept per error.
const RENDERED_CAP: usize = 4000;

/// One compiler error of an exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    /// The rustc error code (`E0499`), when the error has one.
    pub code: Option<String>,
    pub message: String,
    /// Which file it is in, seen from the candidate's side; `None` when rustc gave no place.
    pub origin: Option<SourceOrigin>,
    /// The path a report shows (`<id>/src/lib.rs`, `<id>/hidden tests (hidden.rs)`).
    pub file: Option<String>,
    pub line: Option<u32>,
    /// rustc's full rendering, for humans (capped).
    pub rendered: Option<String>,
}

impl CompileError {
    /// An error the grader states itself (the build timed out, cargo did not build the crate).
    pub fn without_place(message: String) -> CompileError {
        CompileError { code: None, message, origin: None, file: None, line: None, rendered: None }
    }

    /// Whether the error is in a hidden test file.
    pub fn in_hidden_tests(&self) -> bool {
        matches!(self.origin, Some(SourceOrigin::HiddenTests(_)))
    }

    /// The error of `diagnostic`, if it is one, located for `exercise`.
    pub(super) fn from_diagnostic(diagnostic: Diagnostic, exercise: &StagedExercise) -> Option<CompileError> {
        if !diagnostic.is_error() {
            return None;
        }
        let span = diagnostic.primary_span().cloned();
        let origin =
            span.as_ref().map(|span| SourceOrigin::of(&span.file_name, &exercise.id, &exercise.hidden_modules));
        let rendered = diagnostic.rendered.map(|mut text| {
            if text.len() > RENDERED_CAP {
                let cut = (0..=RENDERED_CAP).rev().find(|&index| text.is_char_boundary(index)).unwrap_or(0);
                text.truncate(cut);
                text.push_str("\n[…cut]");
            }
            text
        });
        Some(CompileError {
            code: diagnostic.code.map(|code| code.code),
            message: diagnostic.message,
            file: origin.as_ref().map(|origin| origin.display_path(&exercise.id)),
            origin,
            line: span.map(|span| span.line_start),
            rendered,
        })
    }
}

/// A clippy lint seen in a candidate's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintFinding {
    /// `clippy::redundant_clone`.
    pub lint: String,
    /// Path within the exercise (`src/lib.rs`).
    pub file: String,
    pub line: u32,
    pub message: String,
}

impl LintFinding {
    /// The clippy lint of `diagnostic` when it points into one of the exercise's own files (not
    /// the grader's test modules or snippets).
    pub(super) fn from_diagnostic(diagnostic: &Diagnostic, exercise: &StagedExercise) -> Option<LintFinding> {
        let lint =
            diagnostic.code.as_ref().map(|code| code.code.as_str()).filter(|code| code.starts_with("clippy::"))?;
        let span = diagnostic.spans.iter().find(|span| span.is_primary)?;
        let origin = SourceOrigin::of(&span.file_name, &exercise.id, &exercise.hidden_modules);
        let file = origin.crate_file()?;
        Some(LintFinding {
            lint: lint.to_owned(),
            file: file.to_owned(),
            line: span.line_start,
            message: diagnostic.message.clone(),
        })
    }
}
