//! The score step: turns build and test outcomes into rubric points per exercise, then sums them
//! per level and overall, with a verdict per level and an estimated level for the candidate.

use std::collections::BTreeMap;

use crate::compile::ExerciseBuild;
use crate::exercise::{Exercise, Level};
use crate::intake::CandidateFiles;
use crate::report::{ExerciseReport, ExerciseStatus, LevelScore, RedFlag, Score, TestReport};
use crate::rubric::{Rubric, Verdict};
use crate::run::{TestRun, TestStatus};
use crate::stage::StagedExercise;
use crate::written::ManualReview;

/// Everything known about one exercise after building and running it.
pub struct ExerciseOutcome<'a> {
    pub exercise: &'a Exercise,
    pub candidate: &'a CandidateFiles,
    pub staged: Option<&'a StagedExercise>,
    pub build: Option<&'a ExerciseBuild>,
    /// Results by test name; a test absent here did not run.
    pub runs: BTreeMap<String, TestRun>,
    /// For a written answer: what to review by hand.
    pub manual_review: Option<ManualReview>,
    /// Habits of weak answers seen in the code; their penalties are subtracted.
    pub red_flags: Vec<RedFlag>,
}

/// Scores one exercise.
pub fn score_exercise(outcome: &ExerciseOutcome<'_>, rubric: &Rubric) -> ExerciseReport {
    let exercise = outcome.exercise;
    // A written answer has nothing to compile: handing it in counts as compiling.
    let compiled = outcome.build.is_some_and(|build| build.test_binary.is_some())
        || (exercise.is_written() && matches!(outcome.candidate, CandidateFiles::Present { .. }));
    let tests: Vec<TestReport> = exercise
        .tests
        .iter()
        .map(|test| {
            let max = rubric.test_points(exercise, test);
            let (status, message) = match outcome.runs.get(&test.name) {
                Some(run) => (run.status, run.message.clone()),
                None if compiled => (TestStatus::NotRun, Some("the test binary does not contain this test".into())),
                None => (TestStatus::NotRun, None),
            };
            let points = if status == TestStatus::Passed { max } else { 0 };
            TestReport { name: test.name.clone(), hidden: test.hidden, kind: test.kind, status, message, points, max }
        })
        .collect();
    let compile_points = if compiled { rubric.compile_points(exercise) } else { 0 };
    let earned = compile_points + tests.iter().map(|test| test.points).sum::<u32>();
    let penalties: u32 = outcome.red_flags.iter().map(|flag| flag.penalty).sum();
    let points = earned.saturating_sub(penalties);
    let passed = tests.iter().filter(|test| test.status == TestStatus::Passed).count();
    let status = match outcome.candidate {
        CandidateFiles::Missing => ExerciseStatus::Missing,
        CandidateFiles::Present { .. } if !compiled => ExerciseStatus::CompileError,
        CandidateFiles::Present { .. } if passed == tests.len() => ExerciseStatus::Passed,
        CandidateFiles::Present { .. } if passed > 0 => ExerciseStatus::Partial,
        CandidateFiles::Present { .. } => ExerciseStatus::Failed,
    };
    let mut ignored = match outcome.candidate {
        CandidateFiles::Present { ignored, .. } => ignored.clone(),
        CandidateFiles::Missing => Vec::new(),
    };
    ignored.extend(outcome.staged.map(|s| s.refused.clone()).unwrap_or_default());
    ExerciseReport {
        id: exercise.id.clone(),
        level: exercise.meta.level,
        title: exercise.meta.title.clone(),
        status,
        points,
        max: rubric.max_points(exercise),
        compile_errors: outcome.build.map(|build| build.errors.clone()).unwrap_or_default(),
        tests,
        red_flags: outcome.red_flags.clone(),
        files_from_candidate: match (outcome.staged, outcome.candidate) {
            (Some(staged), _) => staged.from_candidate.clone(),
            (None, CandidateFiles::Present { files, .. }) => files.iter().map(|(path, _)| path.to_owned()).collect(),
            (None, CandidateFiles::Missing) => Vec::new(),
        },
        files_from_starter: outcome.staged.map(|s| s.from_starter.clone()).unwrap_or_default(),
        ignored,
        manual_review: outcome.manual_review.clone(),
    }
}

/// Totals: overall score, per-level scores with verdicts, and the estimated level.
pub fn summarize(exercises: &[ExerciseReport], rubric: &Rubric) -> (Score, BTreeMap<Level, LevelScore>, Option<Level>) {
    let total = Score::new(exercises.iter().map(|e| e.points).sum(), exercises.iter().map(|e| e.max).sum());
    let mut levels = BTreeMap::new();
    for level in Level::ALL {
        let of_level: Vec<&ExerciseReport> = exercises.iter().filter(|e| e.level == level).collect();
        if of_level.is_empty() {
            continue;
        }
        let score = Score::new(of_level.iter().map(|e| e.points).sum(), of_level.iter().map(|e| e.max).sum());
        let verdict = rubric.verdict(score.percent);
        levels.insert(level, LevelScore { points: score.points, max: score.max, percent: score.percent, verdict });
    }
    let estimated =
        levels.iter().take_while(|(_, score)| score.verdict != Verdict::Fail).map(|(level, _)| *level).last();
    (total, levels, estimated)
}
