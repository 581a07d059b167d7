//! End-to-end tests of recording what a person decided: a review file folded in by
//! `grader check --review` and by `grader rescore` (a batch's `reviews/<submission>.toml`); every
//! output shows the person's decision beside the grader's.

mod common;

use std::path::Path;

use common::{exercise, fixture, grader, read_report, run, write};
use grader::report::{HabitVerdict, Report};

const WRITTEN: &str = "senior-08-right-tool";
const CLONES: &str = "junior-03-shared-vs-mut";

fn review_file(dir: &Path, text: &str) -> std::path::PathBuf {
    let path = dir.join("review.toml");
    write(&path, text);
    path
}

fn check_with(review: &Path, format: &str) -> std::process::Output {
    run(grader()
        .arg("check")
        .arg(fixture("sample"))
        .args(["--exercise", WRITTEN, "--exercise", CLONES, "--format", format, "--review"])
        .arg(review))
}

#[test]
fn a_review_counts_and_every_output_shows_it_beside_the_grader() {
    let dir = tempfile::tempdir().expect("temp dir");
    let review = review_file(
        dir.path(),
        "reviewer = \"Dana\"\n\n[exercises.\"senior-08-right-tool\"]\nhabits = 5\nnote = \"Weighs hiring, not latency.\"\n\n\
         [exercises.\"junior-03-shared-vs-mut\"]\nhabits = 15\nnote = \"The snapshot was a deliberate trade-off; explained well.\"\n",
    );
    let output = check_with(&review, "json");
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let report: Report = common::report_from(&output);
    let written = exercise(&report, WRITTEN);
    let decided = written.review.as_ref().expect("review");
    assert_eq!((decided.reviewer.as_str(), decided.habits), ("Dana", Some(5)));
    assert_eq!(written.habits.points, 5);
    assert_eq!(written.points, written.works.points + 5);
    let clones = exercise(&report, CLONES);
    let decided = clones.review.as_ref().expect("review");
    assert_eq!(decided.grader_habits, 0, "the grader saw the question's red flag");
    assert_eq!((clones.habits.points, clones.habits.verdict), (15, HabitVerdict::Clean));
    assert!(!clones.red_flags.is_empty(), "the evidence stays");
    for format in ["terminal", "markdown", "html"] {
        let shown = String::from_utf8(check_with(&review, format).stdout).expect("utf-8");
        assert!(shown.contains("Dana") && shown.contains("the grader gave 0/15"), "{format}: {shown}");
        assert!(shown.contains("deliberate trade-off"), "{format}");
    }
}

#[test]
fn a_review_that_does_not_fit_the_report_is_refused_with_what_is_wrong() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (text, says) in [
        (
            "reviewer = \"Dana\"\n[exercises.\"mid-02-traits\"]\nhabits = 3\n",
            "names `mid-02-traits`, which this report does not grade",
        ),
        ("reviewer = \"Dana\"\n[exercises.\"senior-08-right-tool\"]\nhabits = 99\n", "its maximum is 15"),
        ("reviewer = \"Dana\"\n[exercises.\"senior-08-right-tool\"]\npoints = 3\n", "unknown field"),
        ("[exercises.\"senior-08-right-tool\"]\nhabits = 3\n", "reviewer"),
    ] {
        let output = check_with(&review_file(dir.path(), text), "json");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{text}: {stderr}");
        assert!(stderr.contains(says), "{text}: {stderr}");
    }
    let missing = check_with(&dir.path().join("nope.toml"), "json");
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("does not exist"));
}

#[test]
fn rescore_folds_in_the_reviews_of_a_batch() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    let graded = run(grader().arg("batch").arg(fixture("sample")).arg("--out").arg(&out).args([
        "--no-cache",
        "--exercise",
        WRITTEN,
    ]));
    assert_eq!(graded.status.code(), Some(0), "{}", String::from_utf8_lossy(&graded.stderr));
    let before = read_report(&out.join("reports/sample.json"));
    assert!(exercise(&before, WRITTEN).review.is_none());
    write(&out.join("reviews/sample.toml"), "reviewer = \"Sam\"\n[exercises.\"senior-08-right-tool\"]\nhabits = 7\n");
    let rescored = run(grader().arg("rescore").arg(&out));
    assert_eq!(rescored.status.code(), Some(0), "{}", String::from_utf8_lossy(&rescored.stderr));
    let after = read_report(&out.join("reports/sample.json"));
    let written = exercise(&after, WRITTEN);
    assert_eq!(written.review.as_ref().and_then(|review| review.habits), Some(7));
    assert_eq!(written.habits.points, 7);
    assert!(out.join("reviews/sample.toml").is_file(), "the interviewer's file is never removed");
}
