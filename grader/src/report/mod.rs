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

pub use csv::csv;
pub use glossary::{explain, known_terms, Explanation};
pub use guide::{ErrorSeen, ExerciseGuide, FlagSeen, Guide, Place, Prose, Span, MAX_FOLLOW_UPS};
pub use html::html;
pub use junit::{junit, junit_batch, FormatError};
pub use markdown::{markdown, markdown_batch};
pub use model::{
    CompileError, Evidence, ExerciseReport, ExerciseStatus, FolderHistory, GitHistory, HabitScore, HabitVerdict,
    Ignored, Level, LevelScore, ManualReview, Question, Quote, RedFlag, Report, ReviewPrompt, SandboxLevel,
    SandboxSummary, Score, TestKind, TestReport, TestStatus, Verdict, SCHEMA_VERSION,
};
pub use names::informative_line;
pub use terminal::{scorecard, Style};
