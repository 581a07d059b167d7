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
    self, ExerciseReport, ExerciseStatus, HabitScore, HabitVerdict, Level, LevelScore, Question, RedFlag, Report,
    Score, TestReport, TestStatus, Verdict,
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
    /// The candidate's own tests against their code, the reference and the chaff.
    pub candidate_tests: Option<report::CandidateTests>,
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
            let ran = outcome.runs.get(&test.name).filter(|run| run.status != run::TestStatus::NotRun);
            let elapsed_ms = ran
                .filter(|run| !run.elapsed.is_zero())
                .map(|run| u64::try_from(run.elapsed.as_millis()).unwrap_or(u64::MAX));
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
                elapsed_ms,
            }
        })
        .collect();
    let passed = tests.iter().filter(|test| test.status == TestStatus::Passed).count();
    let status = match outcome.candidate {
        CandidateFiles::Missing => ExerciseStatus::Missing,
        CandidateFiles::NotAttempted => ExerciseStatus::NotAttempted,
        CandidateFiles::Present { .. } if !compiled => ExerciseStatus::CompileError,
        CandidateFiles::Present { .. } if passed == tests.len() => ExerciseStatus::Passed,
        CandidateFiles::Present { .. } if passed > 0 => ExerciseStatus::Partial,
        CandidateFiles::Present { .. } => ExerciseStatus::Failed,
    };
    let mut ignored: Vec<report::Ignored> = match outcome.candidate {
        CandidateFiles::Present { ignored, .. } => ignored.iter().map(Into::into).collect(),
        CandidateFiles::Missing | CandidateFiles::NotAttempted => Vec::new(),
    };
    ignored.extend(outcome.staged.into_iter().flat_map(|staged| staged.refused.iter().map(Into::into)));
    let mut report = ExerciseReport {
        id: exercise.id.clone(),
        level: exercise.meta.level.into(),
        title: exercise.meta.title.clone(),
        status,
        points: 0,
        max: 0,
        works: Score::default(),
        habits: HabitScore::default(),
        question: Some(Question {
            asked: exercise.meta.question.asked.clone(),
            good_answer: exercise.meta.question.good_answer.clone(),
            red_flag: exercise.meta.question.red_flag.clone(),
        }),
        compile_errors: outcome.build.map(|build| build.errors.iter().map(Into::into).collect()).unwrap_or_default(),
        tests,
        red_flags: outcome.red_flags.iter().map(red_flag).collect(),
        files_from_candidate: match (outcome.staged, outcome.candidate) {
            (Some(staged), _) => staged.from_candidate.clone(),
            (None, CandidateFiles::Present { files, .. }) => files.iter().map(|(path, _)| path.to_owned()).collect(),
            (None, CandidateFiles::Missing | CandidateFiles::NotAttempted) => Vec::new(),
        },
        files_from_starter: outcome.staged.map(|s| s.from_starter.clone()).unwrap_or_default(),
        ignored,
        manual_review: outcome.manual_review.as_ref().map(Into::into),
        candidate_tests: outcome.candidate_tests.clone(),
        review: None,
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
        of_question: false,
        evidence: flag.evidence.iter().map(Into::into).collect(),
    }
}

/// (Re)computes an exercise's two measures from its statuses and red flags under `rubric`: the
/// works measure (compile points when it compiled, test points), the habits measure (its points
/// when the code was judged, less every flag's penalty) and their sum. A flag the rubric makes
/// forfeit zeroes the whole exercise. Nothing is built or run: a cached or stored result is
/// rescored with a new rubric this way.
pub fn rescore_exercise(report: &mut ExerciseReport, exercise: &Exercise, rubric: &Rubric) {
    for test in &mut report.tests {
        if let Some(case) = exercise.tests.iter().find(|case| case.name == test.name) {
            test.max = rubric.test_points(exercise, case);
        }
        test.points = if test.status == TestStatus::Passed { test.max } else { 0 };
    }
    let mut forfeited = false;
    for flag in &mut report.red_flags {
        let id = FlagId::parse(&flag.id);
        flag.of_question = id.is_some_and(|id| exercise.meta.red_flag.iter().any(|rule| rule.id == id));
        flag.penalty = id.map_or(0, |id| rubric.red_flag_penalty(id, flag.of_question));
        forfeited |= id.is_some_and(|id| rubric.forfeits(id));
    }
    let compiled =
        !matches!(report.status, ExerciseStatus::CompileError | ExerciseStatus::Missing | ExerciseStatus::NotAttempted);
    let compile_points = if compiled { rubric.compile_points(exercise) } else { 0 };
    let works = compile_points.saturating_add(report.tests.iter().map(|test| test.points).sum::<u32>());
    report.works = Score::new(if forfeited { 0 } else { works }, rubric.works_max(exercise));
    let habit_max = rubric.habit_points(exercise);
    let judged = matches!(report.status, ExerciseStatus::Passed | ExerciseStatus::Partial);
    let penalties: u32 = report.red_flags.iter().map(|flag| flag.penalty).fold(0, u32::saturating_add);
    let verdict = match (judged, penalties > 0 || forfeited) {
        (false, _) => HabitVerdict::NotJudged,
        (true, true) => HabitVerdict::RedFlag,
        (true, false) => HabitVerdict::Clean,
    };
    let mut habit_points = if judged && !forfeited { habit_max.saturating_sub(penalties) } else { 0 };
    let mut verdict = verdict;
    // A person's decision counts in place of the grader's, which the report keeps beside it.
    if let Some(review) = &mut report.review {
        review.grader_habits = habit_points;
        if let Some(points) = review.habits {
            habit_points = points.min(habit_max);
            verdict = if habit_points == habit_max { HabitVerdict::Clean } else { HabitVerdict::RedFlag };
        }
    }
    report.habits = HabitScore { points: habit_points, max: habit_max, verdict };
    report.points = report.works.points.saturating_add(habit_points);
    report.max = report.works.max.saturating_add(habit_max);
    if let Some(tests) = &mut report.candidate_tests {
        let Score { points: caught, max: total, .. } = tests.testing;
        let earned = u64::from(rubric.points.testing_bonus) * u64::from(caught) / u64::from(total.max(1));
        tests.bonus = if forfeited { 0 } else { u32::try_from(earned).unwrap_or(u32::MAX) };
        report.points = report.points.saturating_add(tests.bonus);
    }
}

/// Rescores a whole report under `rubric` (see [`rescore_exercise`]); exercises the set does not
/// know keep their points.
pub fn rescore(report: &mut Report, set: &ExerciseSet, rubric: &Rubric) {
    for exercise_report in &mut report.exercises {
        if let Ok(exercise) = set.get(&exercise_report.id) {
            rescore_exercise(exercise_report, exercise, rubric);
        }
    }
    totals(report, rubric);
    report.schema_version = crate::report::SCHEMA_VERSION;
}

/// The chaff caught over the exercises where the candidate wrote tests; `None` where they wrote none.
fn testing_of(exercises: &[&ExerciseReport]) -> Option<Score> {
    let tested: Vec<Score> = exercises.iter().filter_map(|e| e.candidate_tests.as_ref().map(|t| t.testing)).collect();
    (!tested.is_empty()).then(|| sum(tested.iter().map(|score| (score.points, score.max))))
}

/// The sum of `points` and `max` over `scores`.
fn sum<'a>(scores: impl Iterator<Item = (u32, u32)> + 'a) -> Score {
    let (points, max) =
        scores.fold((0_u32, 0_u32), |(points, max), (p, m)| (points.saturating_add(p), max.saturating_add(m)));
    Score::new(points, max)
}

/// Fills in the totals of `report` from its exercises: the overall score and both measures, the
/// per-level scores with verdicts, and the estimated level (the highest level passed together with
/// every level below it).
pub fn totals(report: &mut Report, rubric: &Rubric) {
    let exercises = &report.exercises;
    let mut levels = BTreeMap::new();
    for level in Level::ALL {
        let of_level: Vec<&ExerciseReport> = exercises.iter().filter(|e| e.level == level).collect();
        if of_level.is_empty() {
            continue;
        }
        let total = sum(of_level.iter().map(|e| (e.points, e.max)));
        let works = sum(of_level.iter().map(|e| (e.works.points, e.works.max)));
        let habits = sum(of_level.iter().map(|e| (e.habits.points, e.habits.max)));
        let judged = of_level.iter().filter(|e| e.habits.verdict != HabitVerdict::NotJudged).count();
        let clean = of_level.iter().filter(|e| e.habits.verdict == HabitVerdict::Clean).count();
        let testing = testing_of(&of_level);
        let mut level_score = LevelScore {
            points: total.points,
            max: total.max,
            percent: total.percent,
            verdict: Verdict::Fail,
            works,
            habits,
            judged: u32::try_from(judged).unwrap_or(u32::MAX),
            clean: u32::try_from(clean).unwrap_or(u32::MAX),
            testing,
        };
        level_score.verdict = rubric.verdict(works.percent, level_score.clean_percent());
        levels.insert(level, level_score);
    }
    report.score = sum(exercises.iter().map(|e| (e.points, e.max)));
    report.works = sum(exercises.iter().map(|e| (e.works.points, e.works.max)));
    report.habits = sum(exercises.iter().map(|e| (e.habits.points, e.habits.max)));
    report.testing = testing_of(&exercises.iter().collect::<Vec<_>>());
    report.estimated_level =
        levels.iter().take_while(|(_, score)| score.verdict != Verdict::Fail).map(|(level, _)| *level).last();
    report.levels = levels;
}
