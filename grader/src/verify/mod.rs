//! `grader verify`: checks an exercise set against itself. Every starter must fail (not compile,
//! with the rustc codes its metadata names, or fail at least one hidden test); every reference
//! solution must earn full marks and trip no red flag; every weak (`flawed/`) solution must pass
//! every test and trip the red flags written for it, so that the red-flag checks, and only they,
//! tell it from a good one. Solutions written independently of the reference are graded by
//! [`calibration`]. The main type is [`VerifyRow`].

pub mod calibration;

use crate::error::Error;
use crate::exercise::Exercise;
use crate::grade::Grader;
use crate::intake::{CandidateFiles, Submission};
use crate::report::{informative_line, ExerciseReport, ExerciseStatus, TestStatus};

/// The verdict on one exercise.
#[derive(Debug, Clone)]
pub struct VerifyRow {
    pub id: String,
    /// How the starter fails, e.g. `compile error E0499` or `2 hidden tests fail`.
    pub starter: String,
    /// The reference solution's points, e.g. `14/14`.
    pub reference: String,
    /// How many weak solutions pass every test (red flags alone must tell them apart), e.g. `1/1`.
    pub flawed: String,
    /// How many chaff the hidden tests kill, of the exercise's chaff, e.g. `5/5` (`-` for a
    /// written answer).
    pub chaff: String,
    /// What is wrong; empty when the exercise is sound.
    pub problems: Vec<String>,
}

impl VerifyRow {
    /// Whether the exercise passed every check.
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Verifies `exercises` (three or more grading runs: starters, references, then weak solutions).
pub fn verify(grader: &Grader, exercises: &[&Exercise]) -> Result<Vec<VerifyRow>, Error> {
    let starters =
        grader.grade(&Submission::from_trees("starters", exercises.iter().map(|e| (*e, e.editable_starter()))))?;
    let references =
        grader.grade(&Submission::from_trees("references", exercises.iter().map(|e| (*e, e.solution.clone()))))?;
    let most_flawed = exercises.iter().map(|e| e.flawed.len()).max().unwrap_or(0);
    let mut flawed_reports: Vec<ExerciseReport> = Vec::new();
    for round in 0..most_flawed {
        let trees = exercises.iter().filter_map(|e| e.flawed.values().nth(round).map(|tree| (*e, tree.clone())));
        flawed_reports.extend(grader.grade(&Submission::from_trees("flawed", trees))?.exercises);
    }
    // The hidden tests, handed in as a candidate's own tests of the reference: each chaff must
    // fail them (a real bug, not an equivalent mutant), and the reference pass them.
    let code: Vec<&Exercise> = exercises.iter().copied().filter(|exercise| !exercise.is_written()).collect();
    let chaffed = grader.grade(&hidden_tests_as_candidate_tests(&code))?;

    let rows = exercises
        .iter()
        .zip(starters.exercises.iter().zip(&references.exercises))
        .map(|(exercise, (starter, reference))| {
            let mut problems = Vec::new();
            let starter_text = check_starter(exercise, starter, &mut problems);
            if reference.status != ExerciseStatus::Passed || reference.points != reference.max {
                problems.push(format!(
                    "reference solution scores {}/{} ({})",
                    reference.points,
                    reference.max,
                    describe(reference)
                ));
            }
            let mine: Vec<(&String, &ExerciseReport)> =
                exercise.flawed.keys().zip(flawed_reports.iter().filter(|r| r.id == exercise.id)).collect();
            // A weak solution, code or written answer, must pass every test, so that only the
            // red flags tell it apart from a good one.
            for (name, report) in &mine {
                if report.status != ExerciseStatus::Passed {
                    problems.push(format!("weak solution `{name}` does not pass every test ({})", describe(report)));
                }
            }
            problems.extend(check_red_flags(exercise, reference, &mine));
            let flawed_as_designed = mine.iter().filter(|(_, r)| r.status == ExerciseStatus::Passed).count();
            let chaff = match chaffed.exercises.iter().find(|report| report.id == exercise.id) {
                Some(report) => check_chaff(exercise, report, &mut problems),
                None => "-".to_owned(),
            };
            VerifyRow {
                id: exercise.id.clone(),
                starter: starter_text,
                reference: format!("{}/{}", reference.points, reference.max),
                flawed: format!("{flawed_as_designed}/{}", mine.len()),
                chaff,
                problems,
            }
        })
        .collect();
    Ok(rows)
}

/// Fewest chaff an exercise with code needs.
pub const MIN_CHAFF: usize = 4;

/// A submission of every reference solution whose own tests are the hidden tests.
fn hidden_tests_as_candidate_tests(exercises: &[&Exercise]) -> Submission {
    let mut submission = Submission::from_trees("chaff", exercises.iter().map(|e| (*e, e.solution.clone())));
    for ((_, candidate), exercise) in submission.exercises.iter_mut().zip(exercises) {
        if let CandidateFiles::Present { tests, .. } = candidate {
            for (stem, source) in exercise.hidden_test_files() {
                tests.insert(format!("tests/{stem}.rs"), source);
            }
        }
    }
    submission
}

/// Every chaff must build and fail the hidden tests, which pass on the reference; an exercise
/// with code needs at least [`MIN_CHAFF`].
fn check_chaff(exercise: &Exercise, report: &ExerciseReport, problems: &mut Vec<String>) -> String {
    if exercise.chaff.len() < MIN_CHAFF {
        problems.push(format!("{} chaff in chaff/, at least {MIN_CHAFF} needed", exercise.chaff.len()));
    }
    let Some(tests) = &report.candidate_tests else {
        problems.push("the hidden tests were not run against the chaff".into());
        return "-".into();
    };
    problems.extend(tests.problems.iter().map(|problem| format!("chaff: {problem}")));
    for test in tests.tests.iter().filter(|test| test.reference != TestStatus::Passed) {
        let why = test.message.as_deref().and_then(informative_line).unwrap_or_default();
        problems.push(format!("chaff: hidden test {} fails on the reference in the chaff package: {why}", test.name));
    }
    for chaff in tests.chaff.iter().filter(|chaff| !chaff.caught) {
        problems.push(format!("chaff `{}` is not killed by the hidden tests (a bug no test shows?)", chaff.name));
    }
    format!("{}/{}", tests.testing.points, exercise.chaff.len())
}

/// The reference solution must trip no red flag; every weak code solution must trip each flag
/// whose `caught_in` names it, and must be named by at least one.
fn check_red_flags(
    exercise: &Exercise,
    reference: &ExerciseReport,
    flawed: &[(&String, &ExerciseReport)],
) -> Vec<String> {
    let mut problems = Vec::new();
    if let Some(flag) = reference.red_flags.first() {
        let place =
            flag.evidence.first().map(|e| format!(" at {}:{} `{}`", e.file, e.line, e.snippet)).unwrap_or_default();
        problems.push(format!("reference solution trips red flag `{}`{place}", flag.id));
    }
    for (name, report) in flawed {
        let expected: Vec<&str> = exercise
            .meta
            .red_flag
            .iter()
            .filter(|rule| rule.caught_in.iter().any(|caught| caught == *name))
            .map(|rule| rule.id.as_str())
            .collect();
        if expected.is_empty() {
            problems.push(format!("weak solution `{name}` is not in the `caught_in` of any red flag"));
        }
        for id in expected {
            if !report.red_flags.iter().any(|flag| flag.id == id) {
                problems.push(format!("weak solution `{name}` does not trip red flag `{id}`"));
            }
        }
    }
    problems
}

fn check_starter(exercise: &Exercise, starter: &ExerciseReport, problems: &mut Vec<String>) -> String {
    let expected = &exercise.meta.starter.error_codes;
    let mut codes: Vec<&str> = starter.compile_errors.iter().filter_map(|e| e.code.as_deref()).collect();
    codes.sort_unstable();
    codes.dedup();
    if starter.status == ExerciseStatus::Passed {
        problems.push("starter passes every test".into());
    }
    if !expected.is_empty() {
        // The codes must be there, whether or not a visible-only binary could still be built.
        let missing: Vec<&String> = expected.iter().filter(|code| !codes.contains(&code.as_str())).collect();
        if !missing.is_empty() {
            problems.push(format!("starter does not fail with {missing:?} (got {codes:?})"));
        }
        return format!("compile error {}", codes.join(" "));
    }
    if starter.status == ExerciseStatus::CompileError {
        problems.push(format!("starter fails to compile ({codes:?}), but exercise.toml expects it to compile"));
        return format!("compile error {}", codes.join(" "));
    }
    let failing_hidden = starter.tests.iter().filter(|t| t.hidden && t.status != TestStatus::Passed).count();
    if failing_hidden == 0 {
        problems.push("starter passes every hidden test".into());
    }
    format!("{failing_hidden} hidden tests fail")
}

fn describe(report: &ExerciseReport) -> String {
    if let Some(error) = report.compile_errors.first() {
        return format!("compile error: {}", error.message);
    }
    // Each test with how it ended and the first line of why: an author (or a flaky machine) must
    // be told what happened, not only which test.
    let failing: Vec<String> = report
        .tests
        .iter()
        .filter(|t| t.status != TestStatus::Passed)
        .map(|t| match t.message.as_deref().and_then(informative_line) {
            Some(why) => format!("{} ({:?}: {why})", t.name, t.status),
            None => format!("{} ({:?})", t.name, t.status),
        })
        .collect();
    format!("not passing: {}", failing.join(", "))
}

/// The verify table as text.
pub fn table(rows: &[VerifyRow]) -> String {
    let id_width = rows.iter().map(|r| r.id.len()).max().unwrap_or(0).max("exercise".len());
    let starter_width = rows.iter().map(|r| r.starter.len()).max().unwrap_or(0).max("starter".len());
    let mut out = format!(
        "{:<id_width$}  {:<starter_width$}  {:<9}  {:<6}  {:<5}  result\n",
        "exercise", "starter", "reference", "weak", "chaff"
    );
    for row in rows {
        let result = if row.ok() { "ok".to_owned() } else { format!("BROKEN: {}", row.problems.join("; ")) };
        out.push_str(&format!(
            "{:<id_width$}  {:<starter_width$}  {:<9}  {:<6}  {:<5}  {result}\n",
            row.id, row.starter, row.reference, row.flawed, row.chaff
        ));
    }
    out
}
