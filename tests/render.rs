//! Snapshot tests of every rendering of a report: the terminal scorecard (no colour), Markdown and
//! JUnit for one report, the interview guide (terminal and Markdown, with the embedded exercise
//! set's metadata), the HTML page of a report, and Markdown, JUnit, CSV and HTML for a batch,
//! over the fixed reports in `tests/fixtures/reports/` (see the README there). The snapshots are in `tests/snapshots/`;
//! after an intended change of a rendering, review and accept the new ones with `cargo insta
//! review` (or run with `INSTA_UPDATE=always` and read the diff). With `CI=true` nothing is written
//! and a missing or different snapshot fails.

mod common;

use std::path::{Path, PathBuf};

use grader::batch::{Failure, SubmissionSummary, Summary};
use grader::exercise::ExerciseSet;
use grader::report::{self, ExerciseStatus, Report, Style, TestKind, TestStatus};

/// The fixture reports, by file name.
fn fixture_paths() -> Vec<PathBuf> {
    let dir = common::repo("tests/fixtures/reports");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 2, "the batch renderings need two fixture reports at least: {paths:?}");
    paths
}

/// A fixture report, read strictly: every field of the model is in the JSON and nothing else.
fn fixture(path: &Path) -> Report {
    common::read_report(path)
}

fn fixtures() -> Vec<Report> {
    fixture_paths().iter().map(|path| fixture(path)).collect()
}

#[test]
fn the_fixtures_hold_everything_the_renderings_show() {
    let reports = fixtures();
    let exercises: Vec<_> = reports.iter().flat_map(|report| &report.exercises).collect();
    let tests: Vec<_> = exercises.iter().flat_map(|exercise| &exercise.tests).collect();
    for status in [
        ExerciseStatus::Passed,
        ExerciseStatus::Partial,
        ExerciseStatus::Failed,
        ExerciseStatus::CompileError,
        ExerciseStatus::Missing,
    ] {
        assert!(exercises.iter().any(|e| e.status == status), "no exercise is {status:?}");
    }
    for status in
        [TestStatus::Passed, TestStatus::Failed, TestStatus::TimedOut, TestStatus::Crashed, TestStatus::NotRun]
    {
        assert!(tests.iter().any(|t| t.status == status), "no test is {status:?}");
    }
    for kind in [TestKind::Test, TestKind::CompileFail, TestKind::Budget, TestKind::Written] {
        assert!(tests.iter().any(|t| t.kind == kind), "a test of kind {kind:?}");
    }
    assert!(
        tests.iter().any(|t| t.status == TestStatus::Failed && t.message.as_deref().is_some_and(|m| !m.is_empty())),
        "a failing test with its message"
    );
    assert!(
        exercises.iter().flat_map(|e| &e.red_flags).any(|flag| flag.penalty > 0 && flag.evidence.len() >= 2),
        "a red flag with a penalty and evidence in several places"
    );
    assert!(
        exercises.iter().any(|e| e.manual_review.as_ref().is_some_and(|review| !review.probes.is_empty())),
        "a written answer under manual review, with probes"
    );
    assert!(
        exercises.iter().flat_map(|e| &e.compile_errors).any(|error| error.code.is_some() && error.line.is_some()),
        "a compile error with its code and place"
    );
    assert!(reports.iter().any(|report| report.estimated_level.is_none()), "a report with no estimated level");
    assert!(reports.iter().any(|report| report.estimated_level.is_some()), "a report with an estimated level");
}

#[test]
fn the_scorecard_of_each_report() {
    insta::glob!("fixtures/reports/*.json", |path| {
        insta::assert_snapshot!("scorecard", report::scorecard(&fixture(path), Style::colored(false)));
    });
}

#[test]
fn the_markdown_of_each_report() {
    insta::glob!("fixtures/reports/*.json", |path| {
        insta::assert_snapshot!("markdown", report::markdown(&fixture(path)));
    });
}

#[test]
fn the_junit_of_each_report() {
    insta::glob!("fixtures/reports/*.json", |path| {
        insta::assert_snapshot!("junit", report::junit(&fixture(path), None).expect("JUnit renders"));
    });
}

#[test]
fn the_interview_guide_of_each_report() {
    let set = ExerciseSet::embedded().expect("the embedded set");
    insta::glob!("fixtures/reports/*.json", |path| {
        let guide = report::Guide::build(&fixture(path), &set);
        insta::assert_snapshot!("guide_terminal", guide.terminal(Style::colored(false)));
        insta::assert_snapshot!("guide_markdown", guide.markdown());
    });
}

/// An HTML page with a line break between adjacent tags, so its snapshot diffs line by line (the
/// page itself has none; nothing else changes).
fn html_lines(page: &str) -> String {
    page.replace("><", ">\n<")
}

#[test]
fn the_html_page_of_each_report() {
    let set = ExerciseSet::embedded().expect("the embedded set");
    insta::glob!("fixtures/reports/*.json", |path| {
        let report = fixture(path);
        let page = report::html(&report, &report::Guide::build(&report, &set));
        insta::assert_snapshot!("html", html_lines(&page));
    });
}

#[test]
fn the_html_summary_of_a_batch() {
    let reports = fixtures();
    let summary = Summary {
        schema_version: grader::batch::SUMMARY_SCHEMA_VERSION,
        submissions: reports
            .iter()
            .map(|report| SubmissionSummary {
                submission: report.submission.clone(),
                score: report.score,
                levels: report.levels.clone(),
                estimated_level: report.estimated_level,
                red_flags: report.exercises.iter().map(|e| e.red_flags.len()).sum(),
            })
            .collect(),
        failures: vec![Failure { submission: "carol".into(), error: "no exercise folder in carol".into() }],
        similar_pairs: Vec::new(),
        reference_matches: Vec::new(),
    };
    insta::assert_snapshot!("batch_html", html_lines(&grader::batch::summary_html(&summary, &reports)));
}

/// A hand-in the batch could not grade, and a pair of similar submissions, as a summary holds
/// them.
fn batch_notes() -> report::BatchNotes {
    report::BatchNotes {
        not_graded: vec![("carol".into(), "cannot read the hand-in carol.zip: not a zip archive".into())],
        similar: vec![("junior-02-borrowing".into(), "alice".into(), "bob".into(), 0.93)],
    }
}

#[test]
fn the_markdown_of_a_batch() {
    insta::assert_snapshot!("batch_markdown", report::markdown_batch(&fixtures(), &batch_notes()));
}

#[test]
fn the_junit_of_a_batch() {
    insta::assert_snapshot!("batch_junit", report::junit_batch(&fixtures(), &batch_notes()).expect("JUnit renders"));
}

#[test]
fn the_csv_of_a_batch() {
    insta::assert_snapshot!("batch_csv", report::csv_batch(&fixtures(), &batch_notes()));
}

#[test]
fn a_report_with_a_renamed_or_missing_field_does_not_read() {
    let path = &fixture_paths()[0];
    let text = std::fs::read_to_string(path).expect("fixture");
    assert!(common::parse_strict::<Report>(text.as_bytes()).is_ok());
    // Renamed: serde alone would read `estimated_level` as `None`.
    let renamed = text.replacen("\"estimated_level\"", "\"estimated\"", 1);
    let Err(err) = common::parse_strict::<Report>(renamed.as_bytes()) else { panic!("a renamed field must not read") };
    assert!(err.contains("estimated"), "{err}");
    // Missing: a field with a default would silently read as empty.
    let mut value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    value.as_object_mut().expect("an object").remove("skipped_checks");
    let Err(err) = common::parse_strict::<Report>(value.to_string().as_bytes()) else {
        panic!("a missing field must not read")
    };
    assert!(err.contains("skipped_checks"), "{err}");
}
