//! Turns one exercise's outcome (build, test results, red flags) into its report with rubric
//! points, and recomputes the points of a stored report under another rubric; then sums them per
//! level and overall, with a verdict per level and an estimated level for the candidate. Points
//! and penalties are applied here and only here. The main function is [`score_exercise`].

use std::collections::BTreeMap;

use super::rubric::Rubric;
use crate::build::ExerciseBuild;
use crate::checks::ManualReview;
use crate::exercise::{Exercise, ExerciseSet, FlagId, TestKind};
use crate::inspect::RaisedFlag;
use crate::intake::CandidateFiles;
use crate::report::{
    self, ExerciseReport, ExerciseStatus, Level, LevelScore, RedFlag, Report, Score, TestReport, TestStatus, Verdict,
};
use crate::run::{self, TestRun};
use crate::stage::StagedExercise;

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
    pub red_flags: Vec<RaisedFlag>,
}

/// Scores one exercise: statuses from the outcome, points from the rubric.
pub fn score_exercise(outcome: &ExerciseOutcome<'_>, rubric: &Rubric) -> ExerciseReport {
    let exercise = outcome.exercise;
    // A written answer has nothing to compile: handing it in counts as compiling.
    let compiled = outcome.build.is_some_and(|build| build.test_binary.is_some())
        || (exercise.is_written() && matches!(outcome.candidate, CandidateFiles::Present { .. }));
    let tests: Vec<TestReport> = exercise
        .tests
        .iter()
        .map(|test| {
            let visible_only = outcome.build.is_some_and(|build| build.visible_only);
            let (status, message) = match outcome.runs.get(&test.name) {
                _ if visible_only && test.hidden && test.kind == TestKind::Test => (
                    run::TestStatus::NotRun,
                    Some("the hidden tests do not compile against this submission's API (see compile_errors)".into()),
                ),
                Some(run) => (run.status, run.message.clone()),
                None if compiled => {
                    (run::TestStatus::NotRun, Some("the test binary does not contain this test".into()))
                }
                None => (run::TestStatus::NotRun, None),
            };
            TestReport {
                name: test.name.clone(),
                hidden: test.hidden,
                kind: test.kind.into(),
                status: status.into(),
                message,
                points: 0,
                max: 0,
            }
        })
        .collect();
    let passed = tests.iter().filter(|test| test.status == TestStatus::Passed).count();
    let status = match outcome.candidate {
        CandidateFiles::Missing => ExerciseStatus::Missing,
        CandidateFiles::Present { .. } if !compiled => ExerciseStatus::CompileError,
        CandidateFiles::Present { .. } if passed == tests.len() => ExerciseStatus::Passed,
        CandidateFiles::Present { .. } if passed > 0 => ExerciseStatus::Partial,
        CandidateFiles::Present { .. } => ExerciseStatus::Failed,
    };
    let mut ignored: Vec<report::Ignored> = match outcome.candidate {
        CandidateFiles::Present { ignored, .. } => ignored.iter().map(Into::into).collect(),
        CandidateFiles::Missing => Vec::new(),
    };
    ignored.extend(outcome.staged.into_iter().flat_map(|staged| staged.refused.iter().map(Into::into)));
    let mut report = ExerciseReport {
        id: exercise.id.clone(),
        level: exercise.meta.level.into(),
        title: exercise.meta.title.clone(),
        status,
        points: 0,
        max: 0,
        compile_errors: outcome.build.map(|build| build.errors.iter().map(Into::into).collect()).unwrap_or_default(),
        tests,
        red_flags: outcome.red_flags.iter().map(red_flag).collect(),
        files_from_candidate: match (outcome.staged, outcome.candidate) {
            (Some(staged), _) => staged.from_candidate.clone(),
            (None, CandidateFiles::Present { files, .. }) => files.iter().map(|(path, _)| path.to_owned()).collect(),
            (None, CandidateFiles::Missing) => Vec::new(),
        },
        files_from_starter: outcome.staged.map(|s| s.from_starter.clone()).unwrap_or_default(),
        ignored,
        manual_review: outcome.manual_review.as_ref().map(Into::into),
    };
    rescore_exercise(&mut report, exercise, rubric);
    report
}

/// A raised flag as the report shows it; its penalty is set by [`rescore_exercise`].
fn red_flag(flag: &RaisedFlag) -> RedFlag {
    let first = flag.evidence.first();
    RedFlag {
        id: flag.id.as_str().to_owned(),
        message: flag.message.clone(),
        file: first.map(|evidence| evidence.file.clone()),
        line: first.map(|evidence| evidence.line),
        penalty: 0,
        evidence: flag.evidence.iter().map(Into::into).collect(),
    }
}

/// (Re)computes an exercise's points from its statuses under `rubric`: test points, compile
/// points when it compiled, red-flag penalties. Nothing is built or run: a cached or stored
/// result is rescored with a new rubric this way.
pub fn rescore_exercise(report: &mut ExerciseReport, exercise: &Exercise, rubric: &Rubric) {
    for test in &mut report.tests {
        if let Some(case) = exercise.tests.iter().find(|case| case.name == test.name) {
            test.max = rubric.test_points(exercise, case);
        }
        test.points = if test.status == TestStatus::Passed { test.max } else { 0 };
    }
    for flag in &mut report.red_flags {
        flag.penalty = FlagId::parse(&flag.id).map_or(0, |id| rubric.red_flag_penalty(id));
    }
    let compiled = !matches!(report.status, ExerciseStatus::CompileError | ExerciseStatus::Missing);
    let compile_points = if compiled { rubric.compile_points(exercise) } else { 0 };
    let earned = compile_points + report.tests.iter().map(|test| test.points).sum::<u32>();
    let penalties: u32 = report.red_flags.iter().map(|flag| flag.penalty).sum();
    report.points = earned.saturating_sub(penalties);
    report.max = rubric.max_points(exercise);
}

/// Rescores a whole report under `rubric` (see [`rescore_exercise`]); exercises the set does not
/// know keep their points.
pub fn rescore(report: &mut Report, set: &ExerciseSet, rubric: &Rubric) {
    for exercise_report in &mut report.exercises {
        if let Ok(exercise) = set.get(&exercise_report.id) {
            rescore_exercise(exercise_report, exercise, rubric);
        }
    }
    let (score, levels, estimated_level) = summarize(&report.exercises, rubric);
    report.score = score;
    report.levels = levels;
    report.estimated_level = estimated_level;
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
