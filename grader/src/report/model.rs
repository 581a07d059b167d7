//! The grade of one submission as data: the JSON report (`--format json`) is this model,
//! serialized. It is an interface, documented in `docs/report.md`, and this module owns every
//! type in it: pipeline stages have their own types, converted here (`convert.rs`), so editing a
//! stage never changes the schema. Add fields, never rename or remove one without bumping
//! [`SCHEMA_VERSION`]. The main type is [`Report`].

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// Version of the report's shape. Version 2 added the two measures (`works`, `habits`) of every
/// exercise and level and each exercise's interview question; version 1 reports still read
/// ([`Report::from_json`] fills the measures in from their points).
pub const SCHEMA_VERSION: u32 = 2;

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
    /// The two measures over the whole submission: whether the code works, and whether it shows
    /// the good answers or the red flags of the exercises' questions.
    #[serde(default)]
    pub works: Score,
    #[serde(default)]
    pub habits: Score,
    /// The third measure, a bonus: the chaff caught by the candidate's own tests, over the
    /// exercises where they wrote some. Absent when they wrote none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub testing: Option<Score>,
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
    /// How the hand-in was taken in, when a reader should know: which exercises were graded and
    /// why (the take-home's manifest, or the folders present), a changed exercise set, exercise
    /// folders found below its top, a git repository's committed tree graded, uncommitted changes
    /// left out. Absent when there is nothing to say (and in reports written before the field).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// For a git hand-in: what its history shows, per exercise folder. Evidence for the
    /// interviewer, never scored. Absent for other hand-ins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<GitHistory>,
}

/// The history of a git hand-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GitHistory {
    /// The commit graded (`HEAD`).
    pub head: String,
    /// Commits reachable from it.
    pub commits: u32,
    /// One entry per handed-in exercise folder that some commit touched, in id order.
    pub exercises: Vec<FolderHistory>,
    /// Plain observations (one commit holding everything), never a verdict.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// The history of one exercise folder of a git hand-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FolderHistory {
    pub id: String,
    /// Commits that changed a file in the folder.
    pub commits: u32,
    /// Commit times of the first and last of them, UTC (`2026-01-31T17:04:00Z`).
    pub first_commit: String,
    pub last_commit: String,
    /// Lines added by those commits.
    pub lines_added: u64,
}

/// Points against the maximum.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
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

/// A level's score and verdict. The verdict needs both measures: `strong` when the level's code
/// works (`works.percent` at or above the rubric's bar) and nearly all its exercises are free of
/// red flags (`clean` of `judged`), `fail` when most show one, however many tests pass.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LevelScore {
    pub points: u32,
    pub max: u32,
    pub percent: f64,
    pub verdict: Verdict,
    /// Whether the level's code works: compiling, visible and hidden tests, checks.
    #[serde(default)]
    pub works: Score,
    /// Whether it shows the good answers of the level's questions.
    #[serde(default)]
    pub habits: Score,
    /// Exercises of the level whose habits were judged (handed in, compiled, some test passed).
    #[serde(default)]
    pub judged: u32,
    /// Of those, the exercises that show no red flag.
    #[serde(default)]
    pub clean: u32,
    /// The chaff the candidate's own tests caught in the level's exercises, where they wrote some.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub testing: Option<Score>,
}

impl LevelScore {
    /// The share of judged exercises that show no red flag, in percent (0 when none was judged).
    pub fn clean_percent(&self) -> f64 {
        if self.judged == 0 {
            0.0
        } else {
            100.0 * f64::from(self.clean) / f64::from(self.judged)
        }
    }
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
    /// Handed back as it was handed out: nothing built, run or judged, 0 points.
    NotAttempted,
}

/// One exercise's grade, with its evidence.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExerciseReport {
    pub id: String,
    pub level: Level,
    pub title: String,
    pub status: ExerciseStatus,
    /// `works.points + habits.points`, of `works.max + habits.max`.
    pub points: u32,
    pub max: u32,
    /// Whether the code works: compiling, visible and hidden tests, checks.
    #[serde(default)]
    pub works: Score,
    /// Whether the code shows the good answer or the red flag of the exercise's question.
    #[serde(default)]
    pub habits: HabitScore,
    /// The interview question the exercise comes from.
    #[serde(default)]
    pub question: Option<Question>,
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
    /// The tests the candidate wrote themselves, run against their code, the reference and the
    /// exercise's chaff. Absent when they wrote none (and in reports written before the field).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub candidate_tests: Option<CandidateTests>,
    /// What a person decided (a review file folded in by `check --review` or `rescore`), beside
    /// what the grader gave. Absent when nobody reviewed the exercise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<HumanReview>,
}

/// A person's decision on one exercise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HumanReview {
    pub reviewer: String,
    /// The habits points they gave, which count in place of the grader's; absent when they only
    /// left a note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub habits: Option<u32>,
    /// The habits points the grader gave.
    pub grader_habits: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The candidate's own tests of one exercise (the testing measure): each must pass on the
/// reference solution to count (a test that fails there asserts something the statement does not
/// promise), and the ones that do are run against every chaff (a buggy variant of the reference):
/// the share of chaff they catch is the measure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CandidateTests {
    /// Their test files (`<id>/tests/my_tests.rs`).
    pub files: Vec<String>,
    pub tests: Vec<CandidateTest>,
    /// Why their tests could not be run, against their code or against the reference.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
    /// Every chaff of the exercise, caught or missed.
    pub chaff: Vec<ChaffReport>,
    /// Chaff caught by their valid tests, of the exercise's chaff.
    pub testing: Score,
    /// Points the rubric gives for it, on top of the exercise's (`testing_bonus`; 0 by default:
    /// shown beside the two measures, never counted, never a penalty).
    #[serde(default)]
    pub bonus: u32,
}

impl CandidateTests {
    /// Their wrong tests: those that ran on the reference solution and did not pass there. A test
    /// that could not be run there (see `problems`) is not one.
    pub fn wrong_tests(&self) -> impl Iterator<Item = &CandidateTest> {
        self.tests
            .iter()
            .filter(|test| matches!(test.reference, TestStatus::Failed | TestStatus::TimedOut | TestStatus::Crashed))
    }

    /// Whether their tests met the chaff: some test passed on the reference, so the chaff runs
    /// happened and a chaff not caught was missed by their tests, not left untried.
    pub fn met_the_chaff(&self) -> bool {
        self.tests.iter().any(|test| test.reference == TestStatus::Passed)
    }

    /// The chaff their tests ran against and missed (none when they never met the chaff).
    pub fn missed(&self) -> impl Iterator<Item = &ChaffReport> {
        let met = self.met_the_chaff();
        self.chaff.iter().filter(move |chaff| met && !chaff.caught)
    }
}

/// One test the candidate wrote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CandidateTest {
    /// `tests/my_tests.rs::empty_cart`.
    pub name: String,
    /// How it fared against the candidate's own code.
    pub own_code: TestStatus,
    /// How it fared against the reference solution: only a test that passes there counts.
    pub reference: TestStatus,
    /// Why it failed, against the reference first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// One chaff, and whether the candidate's tests noticed it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChaffReport {
    pub name: String,
    /// The bug, in plain words.
    pub bug: String,
    pub caught: bool,
    /// The tests that failed on it (or how the test binary ended, when it crashed or hung).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub caught_by: Vec<String>,
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
    /// How long the test process ran, in milliseconds (tests that ran; absent in reports written
    /// before the field). Timing, not a grade: it varies from run to run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elapsed_ms: Option<u64>,
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
    /// Points it costs (already subtracted from the exercise's habit points).
    pub penalty: u32,
    /// Whether it is the red flag of the exercise's own question (the others apply everywhere).
    #[serde(default)]
    pub of_question: bool,
    /// Every place, once, with the tools that saw it.
    pub evidence: Vec<Evidence>,
}

/// Seniority level of an exercise, and of a candidate.
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

    /// The lowercase name used in reports.
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

/// A level's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Strong,
    Pass,
    Fail,
}

impl Verdict {
    /// The lowercase name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Strong => "strong",
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
        }
    }
}

/// What kind of check a test is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TestKind {
    /// A `#[test]` function, run in its own process.
    Test,
    /// A snippet that must fail to compile against the candidate's crate.
    CompileFail,
    /// A measurement reported by a test, held to a budget.
    Budget,
    /// A checklist item of a written answer.
    Written,
}

/// How one test ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TestStatus {
    Passed,
    Failed,
    TimedOut,
    Crashed,
    /// Never ran: the exercise did not compile, or the binary does not have the test.
    NotRun,
}

/// One compiler error, located in the candidate's own paths (`<id>/src/lib.rs`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompileError {
    /// The rustc error code (`E0499`), when the error has one.
    pub code: Option<String>,
    pub message: String,
    pub file: Option<String>,
    pub line: Option<u32>,
    /// rustc's full rendering, for humans.
    pub rendered: Option<String>,
}

/// One place that shows a red flag.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Evidence {
    /// `<exercise id>/src/lib.rs`.
    pub file: String,
    pub line: u32,
    /// The last line, when what shows the flag spans several (an expression chain, an `if` chain).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_line: Option<u32>,
    /// The source line, trimmed.
    pub snippet: String,
    /// Who saw it: `syntax`, `compiler` or the clippy lint.
    pub seen_by: String,
}

/// A file or folder that was not graded, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ignored {
    pub path: String,
    pub reason: String,
}

/// What the interviewer should read and ask about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManualReview {
    /// The document to read.
    pub file: String,
    pub words: usize,
    /// Questions to probe, those whose concept no sentence seems to cover first.
    pub probes: Vec<String>,
    /// One prompt per concept a good answer weighs, quoting the sentences that seem to cover it
    /// (empty `quotes`: none seems to). The reviewer decides; no points hang on them.
    #[serde(default)]
    pub prompts: Vec<ReviewPrompt>,
}

/// A concept for the reviewer of a written answer to judge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewPrompt {
    pub concept: String,
    /// What to ask the candidate about it.
    pub probe: String,
    /// The sentences that seem to cover it, with their line.
    pub quotes: Vec<Quote>,
}

/// A sentence of a written answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub line: u32,
    pub text: String,
}

/// The isolation level that ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SandboxLevel {
    Bwrap,
    Process,
}

/// How candidate code was isolated, and what it could reach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SandboxSummary {
    pub level: SandboxLevel,
    /// `none` (no network at all) or `host` (the machine's network was reachable).
    pub network: String,
    /// `staging-only` (only the grader's temp folder was writable) or `writable` (the candidate's
    /// code could write wherever the test user may).
    pub filesystem: String,
    /// The user tests ran as: an unprivileged id per test when the grader runs as root, else the
    /// grader's own user.
    pub test_user: String,
    /// Anything a reader should know, e.g. why `bwrap` was not used.
    pub notes: Vec<String>,
}

impl Default for SandboxSummary {
    /// What a report that predates the field says: nothing is known.
    fn default() -> Self {
        SandboxSummary {
            level: SandboxLevel::Process,
            network: "unknown".into(),
            filesystem: "unknown".into(),
            test_user: "unknown".into(),
            notes: vec!["not recorded in this report".into()],
        }
    }
}

/// The habits measure of one exercise.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct HabitScore {
    pub points: u32,
    pub max: u32,
    pub verdict: HabitVerdict,
}

/// What an exercise's code shows of its question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HabitVerdict {
    /// No red flag: the good answer, as far as the grader can see.
    Clean,
    /// At least one red flag (see `red_flags`).
    RedFlag,
    /// Nothing to judge: missing, not compiling, or no test passing.
    #[default]
    NotJudged,
}

/// The interview question an exercise comes from, in the exercise set's own words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub asked: String,
    pub good_answer: String,
    pub red_flag: String,
}

impl Report {
    /// Reads a JSON report of any schema version this grader knows. A version 1 report (before
    /// the two measures) gets its exercises' and levels' `works` from their points and no habits
    /// measure.
    pub fn from_json(bytes: &[u8]) -> Result<Report, serde_json::Error> {
        let mut report: Report = serde_json::from_slice(bytes)?;
        if report.schema_version < 2 {
            for exercise in &mut report.exercises {
                exercise.works = Score::new(exercise.points, exercise.max);
            }
            for level in report.levels.values_mut() {
                level.works = Score::new(level.points, level.max);
            }
            report.works = report.score;
        }
        Ok(report)
    }
}
