//! The report step: the JSON model of a grade ([`Report`], a stable interface that owns every
//! type in it) and its renderings: the terminal scorecard, JUnit XML, Markdown, CSV and a
//! self-contained HTML page ([`html()`], in `html/`); the interview guide built from a report and the exercises' metadata ([`Guide`]); plain words for
//! every flag id and common rustc code ([`explain`]). A new output format is a new renderer module
//! here, a pure function over [`Report`]. The main type is [`Report`].

mod convert;
mod csv;
#[cfg(test)]
mod fixture;
mod glossary;
mod guide;
pub mod html;
mod junit;
mod markdown;
mod model;
mod names;
mod terminal;

pub use csv::{csv, csv_batch};
pub use glossary::{explain, known_terms, Explanation};
pub use guide::{ErrorSeen, ExerciseGuide, FlagSeen, Guide, Place, Prose, Span, MAX_FOLLOW_UPS};
pub use html::html;
pub use junit::{junit, junit_batch, FormatError};
pub use markdown::{markdown, markdown_batch};
pub use model::{
    CandidateTest, CandidateTests, ChaffReport, CompileError, Evidence, ExerciseReport, ExerciseStatus, FolderHistory,
    GitHistory, HabitScore, HabitVerdict, HumanReview, Ignored, Level, LevelScore, ManualReview, Question, Quote,
    RedFlag, Report, ReviewPrompt, SandboxLevel, SandboxSummary, Score, TestKind, TestReport, TestStatus, Verdict,
    SCHEMA_VERSION,
};
pub use names::informative_line;

/// What a batch's summary knows beyond its reports, for the batch renderings (summary CSV,
/// Markdown and JUnit): the hand-ins that could not be graded, and the pairs whose code is alike.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BatchNotes {
    /// `(submission, why)` of each hand-in that could not be graded.
    pub not_graded: Vec<(String, String)>,
    /// `(exercise, a, b, score from 0 to 1)` of each pair of submissions whose code is alike.
    pub similar: Vec<(String, String, String, f64)>,
}
pub use terminal::{scorecard, Style};
