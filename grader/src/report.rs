//! The grade of one submission as data: the JSON report (`--format json`) is this model,
//! serialized. It is an interface, documented in `docs/report.md`: add fields, never rename or
//! remove one without bumping [`SCHEMA_VERSION`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::compile::CompileError;
use crate::exercise::Level;
use crate::filetree::Ignored;
use crate::inventory::TestKind;
use crate::isolation::SandboxSummary;
use crate::redflags::Evidence;
use crate::rubric::Verdict;
use crate::run::TestStatus;
use crate::written::ManualReview;

/// Version of the report's shape.
pub const SCHEMA_VERSION: u32 = 1;

/// A whole submission's grade.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub schema_version: u32,
    /// `grader` version that wrote the report.
    pub grader_version: String,
    /// `rustc --version` of the toolchain that built the submission.
    pub toolchain: String,
    /// The submission's name (its folder name).
    pub submission: String,
    pub score: Score,
    /// One entry per level that has exercises in this grading.
    pub levels: BTreeMap<Level, LevelScore>,
    /// The highest level passed together with every level below it; `null` when none is.
    pub estimated_level: Option<Level>,
    pub exercises: Vec<ExerciseReport>,
    /// Top-level entries of the submission that were not graded.
    pub ignored: Vec<Ignored>,
    /// Checks that did not run, and why (e.g. clippy not installed).
    #[serde(default)]
    pub skipped_checks: Vec<String>,
    /// How candidate code was isolated, and what it could reach (`unknown` in reports written
    /// before the grader recorded it).
    #[serde(default)]
    pub sandbox: SandboxSummary,
}

/// Points against the maximum.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Score {
    pub points: u32,
    pub max: u32,
    /// `points / max * 100`, one decimal; 0 when `max` is 0.
    pub percent: f64,
}

impl Score {
    /// A score with its percentage.
    pub fn new(points: u32, max: u32) -> Score {
        let percent = if max == 0 { 0.0 } else { (f64::from(points) * 1000.0 / f64::from(max)).round() / 10.0 };
        Score { points, max, percent }
    }
}

/// A level's score and verdict.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LevelScore {
    pub points: u32,
    pub max: u32,
    pub percent: f64,
    pub verdict: Verdict,
}

/// How an exercise went, as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExerciseStatus {
    /// Compiled and passed every test.
    Passed,
    /// Compiled and passed some tests.
    Partial,
    /// Compiled and passed no test.
    Failed,
    /// Did not compile.
    CompileError,
    /// Not in the submission.
    Missing,
}

/// One exercise's grade, with its evidence.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExerciseReport {
    pub id: String,
    pub level: Level,
    pub title: String,
    pub status: ExerciseStatus,
    pub points: u32,
    pub max: u32,
    pub compile_errors: Vec<CompileError>,
    pub tests: Vec<TestReport>,
    pub red_flags: Vec<RedFlag>,
    /// Editable files graded as the candidate's own.
    pub files_from_candidate: Vec<String>,
    /// Editable files the candidate did not hand in; the starter's were used.
    pub files_from_starter: Vec<String>,
    /// Files in the exercise folder that were not graded, and why.
    pub ignored: Vec<Ignored>,
    /// Set for written answers: what the interviewer should read and probe.
    pub manual_review: Option<ManualReview>,
}

/// One test's result.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TestReport {
    pub name: String,
    pub hidden: bool,
    /// `test`, `compile_fail` or `budget`.
    pub kind: TestKind,
    pub status: TestStatus,
    pub message: Option<String>,
    pub points: u32,
    pub max: u32,
}

/// A red flag: a habit of a weak answer, seen in the code, with every place that shows it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RedFlag {
    /// Stable id from the catalog (`excess_clones`).
    pub id: String,
    /// The habit, and the count that raised it.
    pub message: String,
    /// The first place that shows it.
    pub file: Option<String>,
    pub line: Option<u32>,
    /// Points it costs (already subtracted from the exercise's points).
    pub penalty: u32,
    /// Every place, once, with the tools that saw it.
    pub evidence: Vec<Evidence>,
}
