//! `exercise.toml`: the metadata of one exercise, as written by its author (format in
//! `exercises/README.md`). The main type is [`ExerciseMeta`].

use std::fmt;

use serde::{Deserialize, Serialize};

use super::flags::FlagId;

/// Seniority level of an exercise (and of a candidate).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Junior,
    Mid,
    Senior,
}

impl Level {
    /// All levels, lowest first.
    pub const ALL: [Level; 3] = [Level::Junior, Level::Mid, Level::Senior];

    /// The lowercase name used in ids, files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Junior => "junior",
            Level::Mid => "mid",
            Level::Senior => "senior",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl std::str::FromStr for Level {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Level::ALL
            .into_iter()
            .find(|level| level.as_str() == text)
            .ok_or_else(|| format!("unknown level `{text}` (expected junior, mid or senior)"))
    }
}

/// The interview question an exercise comes from, in our own words.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub asked: String,
    pub good_answer: String,
    pub red_flag: String,
}

/// What `grader verify` demands of the starter.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StarterExpectation {
    /// rustc codes the starter must fail with; empty when it compiles but fails hidden tests.
    #[serde(default)]
    pub error_codes: Vec<String>,
}

/// `exercise.toml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExerciseMeta {
    pub title: String,
    pub level: Level,
    pub topic: String,
    /// Globs (relative to the crate) of the files a candidate may change.
    pub editable: Vec<String>,
    #[serde(default = "default_test_timeout")]
    pub test_timeout_secs: u64,
    pub question: Question,
    #[serde(default)]
    pub starter: StarterExpectation,
    /// Snippets that must fail to compile against the candidate's crate.
    #[serde(default)]
    pub compile_fail: Vec<CompileFailCheck>,
    /// Resource budgets measured by hidden tests.
    #[serde(default)]
    pub budget: Vec<Budget>,
    /// Set for a written-answer exercise: no crate, a document scored by a checklist.
    pub written: Option<Written>,
    /// The red flags that apply to this exercise (beyond the universal ones).
    #[serde(default)]
    pub red_flag: Vec<RedFlagRule>,
}

/// A red flag that applies to an exercise (ids are listed in `redflags::catalog`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RedFlagRule {
    pub id: FlagId,
    /// Findings tolerated beyond the reference solution's count (default: the catalog's).
    pub allowance: Option<usize>,
    /// Weak solutions (`flawed/<name>`) that must trip this flag; `grader verify` checks it.
    #[serde(default)]
    pub caught_in: Vec<String>,
}

/// A written-answer exercise: the candidate edits one document (e.g. a decision record), scored
/// by a checklist of concepts and always flagged for the interviewer's manual review.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Written {
    /// The document, relative to the exercise folder (e.g. `DECISION.md`); must be editable.
    pub file: String,
    /// Fewer words than this fails the check `written::long_enough`.
    pub min_words: usize,
    pub concepts: Vec<Concept>,
}

/// One concept a good written answer names, scored as the hidden check `written::<name>`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Concept {
    pub name: String,
    /// Phrases that show the concept (any one, case-insensitive).
    pub any: Vec<String>,
    /// What the interviewer should probe on this point.
    pub probe: String,
}

/// A must-not-compile check: a program (`fn main`) in `hidden/<file>` that uses the candidate's
/// crate and must be rejected by the compiler, proving an illegal use cannot be written.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CompileFailCheck {
    /// Check name; it is scored as the hidden test `compile_fail::<name>`.
    pub name: String,
    /// Path of the snippet, relative to `hidden/`.
    pub file: String,
    /// The rustc code the rejection must carry (`E0277`); any error counts when absent.
    pub code: Option<String>,
}

/// A resource budget: a hidden test measures something (e.g. allocations, with a counting global
/// allocator) and reports it; the grader compares it with `max`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    /// Budget name; it is scored as the hidden test `budget::<name>`.
    pub name: String,
    /// The test that measures, e.g. `hidden::sums_without_allocating`.
    pub test: String,
    /// The metric the test reports, e.g. `allocations`.
    pub metric: String,
    /// Largest value within budget.
    pub max: u64,
}

fn default_test_timeout() -> u64 {
    10
}
