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

/// What the interviewer who meets the candidate next asks about the exercise beyond its
/// question (`[interview]` in `exercise.toml`). Both fields are optional, and so is the table:
/// a set written before it existed still loads, and its guide simply leaves them out.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Interview {
    /// A question that checks the candidate can explain their own (clean) solution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explain: Option<String>,
    /// A five-minute change to make live, on the candidate's own code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
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
    /// Minutes a competent candidate needs; the take-home's README adds them up into its time
    /// budget.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<u32>,
    pub question: Question,
    /// Optional: what the interview guide asks beyond the question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interview: Option<Interview>,
    #[serde(default)]
    pub starter: StarterExpectation,
    /// Snippets that must fail to compile against the candidate's crate.
    #[serde(default)]
    pub compile_fail: Vec<CompileFailCheck>,
    /// Resource budgets measured by hidden tests.
    #[serde(default)]
    pub budget: Vec<Budget>,
    /// Compile probes of habits against the candidate's API.
    #[serde(default)]
    pub probe: Vec<Probe>,
    /// Exhaustiveness probes of the candidate's enums.
    #[serde(default)]
    pub variant_probe: Vec<VariantProbe>,
    /// Set for a written-answer exercise: no crate, a document scored by a checklist.
    pub written: Option<Written>,
    /// The red flags that apply to this exercise (beyond the universal ones).
    #[serde(default)]
    pub red_flag: Vec<RedFlagRule>,
}

/// A red flag that applies to an exercise (the ids are [`FlagId`]'s). Each place that shows it is
/// judged on its own (`inspect::flow`), never counted against the reference solution, so there is
/// no allowance to set.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RedFlagRule {
    pub id: FlagId,
    /// Weak solutions (`flawed/<name>`) that must trip this flag; `grader verify` checks it.
    #[serde(default)]
    pub caught_in: Vec<String>,
}

/// A written-answer exercise: the candidate edits one document (e.g. a decision record). What can
/// be judged reliably is scored (its length, a decision stated for each workload of the scenario);
/// the concepts a good answer weighs become prompts for the reviewer, quoting the sentences that
/// seem to cover each (never points on keywords); an absolute claim, or the same tool for every
/// workload, is the red flag of the question.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Written {
    /// The document, relative to the exercise folder (e.g. `DECISION.md`); must be editable.
    pub file: String,
    /// Fewer words than this fails the check `written::long_enough`.
    pub min_words: usize,
    /// The workloads of the scenario; `written::decides_per_workload` needs a choice named for each.
    #[serde(default)]
    pub workloads: Vec<Workload>,
    /// The tool the question is about (`rust`), as a lowercase word.
    #[serde(default)]
    pub subject: String,
    /// Other tools a decision may name, lowercase (`python`, `go`, `django`…).
    #[serde(default)]
    pub alternatives: Vec<String>,
    /// Phrases of an absolute claim (`best for everything`, `no downside`), lowercase.
    #[serde(default)]
    pub absolute: Vec<String>,
    /// What a reviewer should look for and ask about; no points.
    pub concepts: Vec<Concept>,
}

/// One workload of a written answer's scenario.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Workload {
    pub name: String,
    /// Words that name it (any, lowercase).
    pub any: Vec<String>,
}

/// One concept a good written answer weighs: a prompt for the reviewer, with the phrases that
/// suggest a sentence covers it (the sentences are quoted; nothing is scored).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Concept {
    pub name: String,
    /// Phrases that suggest a sentence covers the concept (any one, case-insensitive).
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
    /// Budget name; it is scored as the hidden test `budget::<name>` (unless it is a habit probe).
    pub name: String,
    /// The test that measures, e.g. `hidden::sums_without_allocating`.
    pub test: String,
    /// The metric the test reports, e.g. `allocations`.
    pub metric: String,
    /// Largest value within budget.
    pub max: u64,
    /// Set for a habit probe: going over the budget raises this red flag (the habits measure)
    /// instead of failing a check (the works measure).
    pub flag: Option<FlagId>,
    /// For a habit probe: the candidate's functions the test calls (`receipt`, `Cart::receipt`),
    /// where the evidence (the copies made) is looked for.
    #[serde(default)]
    pub functions: Vec<String>,
    /// Why the budget is what it is (the reference's count and the margin), for authors.
    #[serde(default)]
    pub why: String,
}

/// A compile probe against the candidate's own API, built in the same cargo run as everything
/// else: a program in `hidden/<file>` that must compile (the API accepts what a good design
/// accepts: another type implementing the trait, a borrowed value, a `Send` bound) or must be
/// rejected (an invalid value cannot be built through public fields). When it goes the other way,
/// it raises `flag` (the habits measure).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Probe {
    /// A Rust identifier, unique among the exercise's probes and must-not-compile checks.
    pub name: String,
    /// The program, relative to `hidden/`.
    pub file: String,
    pub expect: ProbeExpectation,
    /// With `expect = "fail"`: the rustc code the rejection must carry (any error counts when absent).
    pub code: Option<String>,
    pub flag: FlagId,
    /// What it shows when it goes the wrong way, in plain words for the report.
    pub message: String,
}

/// What a compile probe expects of the candidate's crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProbeExpectation {
    Compile,
    Fail,
}

/// An exhaustiveness probe: the grader adds a variant to the candidate's enum and builds a copy of
/// the crate; every `match` on the enum must then fail with E0004 (no arm catches the new variant
/// silently). A match that still compiles, and an `if`/`else` chain over the variants, raise `flag`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct VariantProbe {
    /// The enum's name in the candidate's crate.
    #[serde(rename = "enum")]
    pub enum_name: String,
    pub flag: FlagId,
}

fn default_test_timeout() -> u64 {
    10
}

/// A calibration solution's metadata (`calibration/<name>.toml`): a solution written from the
/// take-home alone, by someone who never saw the reference, to check that the grader scores
/// fairly: a strong one must lose nothing, a weak-but-passing one must be caught.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CalibrationMeta {
    pub kind: CalibrationKind,
    /// What the solution does: its design, or the habits planted and how.
    pub summary: String,
    /// For a weak solution: every habit planted, at its line.
    #[serde(default)]
    pub planted: Vec<Planted>,
}

/// Whether a calibration solution is a strong one or a weak-but-passing one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CalibrationKind {
    Strong,
    Weak,
}

/// One habit planted in a weak calibration solution.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Planted {
    /// The red flag it shows (an id of the catalog, or a word for a habit the catalog lacks).
    pub habit: String,
    /// The file within the exercise, and the line that shows it.
    pub file: String,
    pub line: u32,
    /// How it is spelled, in words.
    pub form: String,
    /// Set when a review of the corpus found the planted line is not the habit after all (the
    /// reason): it is reported, and left out of the share of planted habits flagged.
    pub disputed: Option<String>,
}
