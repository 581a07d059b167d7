//! CI-native renderings of grading reports, as pure functions over [`Report`] (no I/O):
//!
//! - [`junit`] and [`junit_batch`]: JUnit XML for CI test reporters (GitHub Actions reporters,
//!   GitLab's `artifacts:reports:junit`, Jenkins), written with `quick-junit`. One `<testsuite>`
//!   per exercise, one `<testcase>` per test or check, one failed `<testcase>` per red flag.
//! - [`markdown`] and [`markdown_batch`]: GitHub-flavoured Markdown for `$GITHUB_STEP_SUMMARY` or
//!   a pull-request comment.
//! - [`csv`]: one row per submission for a spreadsheet (RFC 4180).
//!
//! The shapes, and how to use each in CI, are in `docs/formats.md`.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::time::Duration;

use quick_junit::{NonSuccessKind, Property, TestCase, TestCaseStatus, TestSuite};

use crate::exercise::Level;
use crate::report::{ExerciseReport, ExerciseStatus, RedFlag, Report, TestReport};
use crate::rubric::Verdict;
use crate::run::TestStatus;

/// A rendering that could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// `quick-junit` could not serialise the JUnit XML document.
    #[error("cannot write the JUnit XML report")]
    Junit(#[from] quick_junit::SerializeError),
}

/// Name of the `<testcase>` that stands for a whole exercise when it has no tests to carry its
/// compile error or its absence.
const WHOLE_EXERCISE_CASE: &str = "exercise";
/// Prefix of the `<testcase>` names of red flags.
const RED_FLAG_PREFIX: &str = "red_flag::";
/// Longest test message quoted in a Markdown table cell, in characters.
const MAX_MESSAGE_CHARS: usize = 160;
/// Most failing tests listed in one Markdown table cell.
const MAX_TESTS_SHOWN: usize = 8;
/// Most places listed under one red flag in Markdown.
const MAX_EVIDENCE_SHOWN: usize = 5;

// ---------------------------------------------------------------------------------------------
// JUnit XML
// ---------------------------------------------------------------------------------------------

/// JUnit XML for one submission.
///
/// The root `<testsuites>` is named after the submission and holds one `<testsuite>` per exercise
/// (named by the exercise id, with `tests`, `failures`, `errors`, `skipped` counts and `time` 0,
/// and the exercise's level, title, status and points as `<properties>`). Each test or check is a
/// `<testcase>` with `classname` `<submission>.<exercise id>`: a test that did not pass has a
/// `<failure>` carrying its message; every testcase of a `compile_error` exercise has an `<error>`
/// with the first compile error; every testcase of a `missing` exercise is `<skipped>`. Each red
/// flag is a failed testcase named `red_flag::<id>` whose failure text lists its evidence
/// (`file:line: snippet`). A written answer's manual review goes in the suite's `<system-out>`.
pub fn junit(report: &Report) -> Result<String, FormatError> {
    let mut junit = quick_junit::Report::new(report.submission.as_str());
    junit.add_test_suites(suites(report, ""));
    Ok(junit.to_string()?)
}

/// JUnit XML for a batch of submissions: one `<testsuites>` (named `grader`) holding the suites of
/// every report, each suite named `<submission>/<exercise id>`; the suites are otherwise those of
/// [`junit`].
pub fn junit_batch(reports: &[Report]) -> Result<String, FormatError> {
    let mut junit = quick_junit::Report::new("grader");
    for report in reports {
        junit.add_test_suites(suites(report, &format!("{}/", report.submission)));
    }
    Ok(junit.to_string()?)
}

/// The suites of one report, their names prefixed with `prefix`.
fn suites(report: &Report, prefix: &str) -> Vec<TestSuite> {
    report.exercises.iter().map(|exercise| suite(&report.submission, exercise, prefix)).collect()
}

fn suite(submission: &str, exercise: &ExerciseReport, prefix: &str) -> TestSuite {
    let mut suite = TestSuite::new(format!("{prefix}{}", exercise.id));
    suite.set_time(Duration::ZERO);
    suite.add_properties([
        Property::new("level", exercise.level.as_str()),
        Property::new("title", exercise.title.as_str()),
        Property::new("status", status_name(exercise.status)),
        Property::new("points", exercise.points.to_string()),
        Property::new("max", exercise.max.to_string()),
    ]);
    let classname = format!("{submission}.{}", exercise.id);
    let whole_exercise = match exercise.status {
        ExerciseStatus::CompileError => Some(compile_error_status(exercise)),
        ExerciseStatus::Missing => Some(missing_status(exercise)),
        ExerciseStatus::Passed | ExerciseStatus::Partial | ExerciseStatus::Failed => None,
    };
    let case = |name: &str, status: TestCaseStatus| test_case(name, &classname, status);
    match whole_exercise {
        // Every test shares the exercise's fate; with no tests, one case carries it.
        Some(status) if exercise.tests.is_empty() => {
            suite.add_test_case(case(WHOLE_EXERCISE_CASE, status));
        }
        Some(status) => {
            suite.add_test_cases(exercise.tests.iter().map(|test| case(&test.name, status.clone())));
        }
        None => {
            suite.add_test_cases(exercise.tests.iter().map(|test| case(&test.name, test_status(test))));
        }
    }
    for flag in &exercise.red_flags {
        suite.add_test_case(case(&format!("{RED_FLAG_PREFIX}{}", flag.id), red_flag_status(flag)));
    }
    if let Some(review) = &exercise.manual_review {
        let mut out = format!("Manual review: read {} ({} words) and probe:\n", review.file, review.words);
        for probe in &review.probes {
            let _ = writeln!(out, "- {probe}");
        }
        suite.set_system_out(out);
    }
    suite
}

fn test_case(name: &str, classname: &str, status: TestCaseStatus) -> TestCase {
    let mut case = TestCase::new(name, status);
    case.set_classname(classname);
    case
}

/// A test of an exercise that compiled.
fn test_status(test: &TestReport) -> TestCaseStatus {
    if test.status == TestStatus::Passed {
        return TestCaseStatus::success();
    }
    let kind = test_status_name(test.status);
    let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
    status.set_type(kind);
    match test.message.as_deref().map(str::trim).filter(|message| !message.is_empty()) {
        Some(message) => {
            status.set_message(first_line(message)).set_description(message);
        }
        None => {
            status.set_message(kind.replace('_', " "));
        }
    }
    status
}

/// What every testcase of an exercise that did not compile carries: its first compile error.
fn compile_error_status(exercise: &ExerciseReport) -> TestCaseStatus {
    let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
    let Some(error) = exercise.compile_errors.first() else {
        status.set_type("compile_error").set_message("the exercise does not compile (no compiler error was captured)");
        return status;
    };
    let code = error.code.as_deref().map_or_else(|| "error".to_owned(), |code| format!("error[{code}]"));
    let place = match (&error.file, error.line) {
        (Some(file), Some(line)) => format!(" at {file}:{line}"),
        (Some(file), None) => format!(" at {file}"),
        _ => String::new(),
    };
    let mut description = error.rendered.clone().unwrap_or_else(|| error.message.clone()).trim_end().to_owned();
    let more = exercise.compile_errors.len() - 1;
    if more > 0 {
        let _ = write!(description, "\n\n… and {more} more compiler error{}", if more == 1 { "" } else { "s" });
    }
    status
        .set_type(error.code.as_deref().unwrap_or("compile_error"))
        .set_message(format!("does not compile: {code}{place}: {}", first_line(&error.message)))
        .set_description(description);
    status
}

fn missing_status(exercise: &ExerciseReport) -> TestCaseStatus {
    let mut status = TestCaseStatus::skipped();
    status.set_message(format!("not handed in: the submission has no {}/ folder", exercise.id));
    status
}

/// A red flag: a failure whose text is every place that shows it.
fn red_flag_status(flag: &RedFlag) -> TestCaseStatus {
    let mut description = format!("{} (penalty: {} points)\n", one_line(&flag.message), flag.penalty);
    for evidence in &flag.evidence {
        let _ = writeln!(
            description,
            "{}:{}: {}  (seen by {})",
            evidence.file, evidence.line, evidence.snippet, evidence.seen_by
        );
    }
    if flag.evidence.is_empty() {
        if let Some(place) = flag_place(flag) {
            let _ = writeln!(description, "{place}");
        }
    }
    let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
    status.set_type("red_flag").set_message(one_line(&flag.message)).set_description(description);
    status
}

// ---------------------------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------------------------

/// GitHub-flavoured Markdown for one submission, for `$GITHUB_STEP_SUMMARY` or a PR comment.
///
/// A heading with the submission, score and estimated level; a table
/// `| exercise | level | status | points | failing tests | red flags |`; a per-level verdict
/// table; the red flags with every `file:line` that shows them; the manual reviews of written
/// answers; the checks that did not run. Text from the report is escaped, so a `|` or `<` in a
/// message cannot break the table or turn into HTML.
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## {}: {}/{} ({:.1}%), estimated level: {}\n",
        text(&report.submission),
        report.score.points,
        report.score.max,
        report.score.percent,
        estimated_level(report.estimated_level)
    );
    let _ = writeln!(out, "Graded by grader {} with {}.\n", text(&report.grader_version), text(&report.toolchain));

    let _ = writeln!(out, "| exercise | level | status | points | failing tests | red flags |");
    let _ = writeln!(out, "|---|---|---|---:|---|---|");
    for exercise in &report.exercises {
        let flags: Vec<String> = exercise
            .red_flags
            .iter()
            .map(|flag| format!("{}{}", code(&flag.id, true), penalty_suffix(flag.penalty)))
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {}/{} | {} | {} |",
            code(&exercise.id, true),
            exercise.level,
            status_name(exercise.status),
            exercise.points,
            exercise.max,
            failing_tests_cell(exercise),
            flags.join("<br>")
        );
    }

    let _ = writeln!(out, "\n### Levels\n");
    let _ = writeln!(out, "| level | points | percent | verdict |");
    let _ = writeln!(out, "|---|---:|---:|---|");
    for (level, score) in &report.levels {
        let _ = writeln!(
            out,
            "| {level} | {}/{} | {:.1}% | {} |",
            score.points,
            score.max,
            score.percent,
            verdict_name(score.verdict)
        );
    }

    let flagged: Vec<(&ExerciseReport, &RedFlag)> =
        report.exercises.iter().flat_map(|e| e.red_flags.iter().map(move |flag| (e, flag))).collect();
    if !flagged.is_empty() {
        let _ = writeln!(out, "\n### Red flags\n");
        for (exercise, flag) in flagged {
            let _ = writeln!(
                out,
                "- {} in {}{}: {}",
                code(&flag.id, false),
                code(&exercise.id, false),
                penalty_suffix(flag.penalty),
                text(&flag.message)
            );
            for evidence in flag.evidence.iter().take(MAX_EVIDENCE_SHOWN) {
                let _ = writeln!(
                    out,
                    "  - {}: {} (seen by {})",
                    code(&format!("{}:{}", evidence.file, evidence.line), false),
                    code(&evidence.snippet, false),
                    text(&evidence.seen_by)
                );
            }
            if flag.evidence.len() > MAX_EVIDENCE_SHOWN {
                let _ = writeln!(out, "  - … and {} more places", flag.evidence.len() - MAX_EVIDENCE_SHOWN);
            }
            if flag.evidence.is_empty() {
                if let Some(place) = flag_place(flag) {
                    let _ = writeln!(out, "  - {}", code(&place, false));
                }
            }
        }
    }

    let reviewed: Vec<&ExerciseReport> = report.exercises.iter().filter(|e| e.manual_review.is_some()).collect();
    if !reviewed.is_empty() {
        let _ = writeln!(out, "\n### Manual review\n");
        for exercise in reviewed {
            if let Some(review) = &exercise.manual_review {
                let _ = writeln!(
                    out,
                    "- {}: read {} ({} words) and probe:",
                    code(&exercise.id, false),
                    code(&review.file, false),
                    review.words
                );
                for probe in &review.probes {
                    let _ = writeln!(out, "  - {}", text(probe));
                }
            }
        }
    }

    if !report.skipped_checks.is_empty() {
        let _ = writeln!(out, "\n### Checks that did not run\n");
        for check in &report.skipped_checks {
            let _ = writeln!(out, "- {}", text(check));
        }
    }
    out
}

/// GitHub-flavoured Markdown summary of a batch: a heading, then one row per submission,
/// `| submission | score % | junior | mid | senior | estimated level | red flags |`, each level
/// cell holding `points/max (percent%) verdict` (`—` when the level was not graded) and the last
/// column the number of red flags.
pub fn markdown_batch(reports: &[Report]) -> String {
    let mut out = String::new();
    let plural = if reports.len() == 1 { "" } else { "s" };
    let _ = writeln!(out, "## Grading summary: {} submission{plural}\n", reports.len());
    let _ = write!(out, "| submission | score % |");
    for level in Level::ALL {
        let _ = write!(out, " {level} |");
    }
    let _ = writeln!(out, " estimated level | red flags |");
    let _ = writeln!(out, "|---|---:|{}---|---:|", "---|".repeat(Level::ALL.len()));
    for report in reports {
        let _ = write!(out, "| {} | {:.1} |", text(&report.submission), report.score.percent);
        for level in Level::ALL {
            match report.levels.get(&level) {
                Some(score) => {
                    let verdict = verdict_name(score.verdict);
                    let _ = write!(out, " {}/{} ({:.1}%) {verdict} |", score.points, score.max, score.percent);
                }
                None => out.push_str(" — |"),
            }
        }
        let _ = writeln!(out, " {} | {} |", estimated_level(report.estimated_level), red_flag_count(report));
    }
    out
}

/// The `failing tests` cell of an exercise's row.
fn failing_tests_cell(exercise: &ExerciseReport) -> String {
    match exercise.status {
        ExerciseStatus::Missing => return "not handed in".to_owned(),
        ExerciseStatus::CompileError => {
            let Some(error) = exercise.compile_errors.first() else {
                return "does not compile".to_owned();
            };
            let code_label = error.code.as_deref().map_or_else(|| "error".to_owned(), |c| format!("error[{c}]"));
            let place = match (&error.file, error.line) {
                (Some(file), Some(line)) => format!(" at {}", code(&format!("{file}:{line}"), true)),
                (Some(file), None) => format!(" at {}", code(file, true)),
                _ => String::new(),
            };
            return format!(
                "does not compile: {}{place}: {}",
                text(&code_label),
                text(&truncate(first_line(&error.message), MAX_MESSAGE_CHARS))
            );
        }
        ExerciseStatus::Passed | ExerciseStatus::Partial | ExerciseStatus::Failed => {}
    }
    let failing: Vec<&TestReport> = exercise.tests.iter().filter(|t| t.status != TestStatus::Passed).collect();
    let mut lines: Vec<String> = failing
        .iter()
        .take(MAX_TESTS_SHOWN)
        .map(|test| {
            let mut line = format!("{} {}", code(&test.name, true), test_status_name(test.status).replace('_', " "));
            if let Some(message) = test.message.as_deref().map(first_line).filter(|m| !m.is_empty()) {
                let _ = write!(line, ": {}", text(&truncate(message, MAX_MESSAGE_CHARS)));
            }
            line
        })
        .collect();
    if failing.len() > MAX_TESTS_SHOWN {
        lines.push(format!("… and {} more", failing.len() - MAX_TESTS_SHOWN));
    }
    lines.join("<br>")
}

/// Escapes text for Markdown: every character Markdown (or a GFM table) could read as syntax is
/// backslash-escaped, and line breaks become spaces, so the text stays one inline run.
fn text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in one_line(raw).chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '&' | '~') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A code span holding `raw` verbatim, fenced with more backticks than it contains. Inside a GFM
/// table cell (`in_table`) a `|` must still be escaped, even in a code span.
fn code(raw: &str, in_table: bool) -> String {
    let mut content = one_line(raw);
    if content.is_empty() {
        return String::new();
    }
    if in_table {
        content = content.replace('|', "\\|");
    }
    let longest_run = content.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    let pad = if content.starts_with('`') || content.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{content}{pad}{fence}")
}

/// At most `max` characters of `raw`, with `…` when cut.
fn truncate(raw: &str, max: usize) -> String {
    match raw.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &raw[..cut]),
        None => raw.to_owned(),
    }
}

fn penalty_suffix(penalty: u32) -> String {
    if penalty > 0 {
        format!(" (−{penalty})")
    } else {
        String::new()
    }
}

fn estimated_level(level: Option<Level>) -> &'static str {
    level.map_or("none", Level::as_str)
}

// ---------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------

/// CSV for a spreadsheet (RFC 4180: CRLF line ends; a field with a comma, quote, CR or LF is
/// quoted, its quotes doubled): one header row, then one row per submission.
///
/// Columns: `submission`, `points`, `max`, `percent`, `estimated_level`; per level (junior, mid,
/// senior) `<level>_percent` and `<level>_verdict` (empty when the level was not graded); one
/// column per exercise id (the union over all reports, sorted) holding that exercise's points
/// (empty when the submission's grading did not include it); `red_flags`, the number of red flags.
pub fn csv(reports: &[Report]) -> String {
    let exercise_ids: BTreeSet<&str> =
        reports.iter().flat_map(|report| report.exercises.iter().map(|e| e.id.as_str())).collect();

    let mut header: Vec<String> =
        ["submission", "points", "max", "percent", "estimated_level"].iter().map(|s| (*s).to_owned()).collect();
    for level in Level::ALL {
        header.push(format!("{level}_percent"));
        header.push(format!("{level}_verdict"));
    }
    header.extend(exercise_ids.iter().map(|id| (*id).to_owned()));
    header.push("red_flags".to_owned());

    let mut out = String::new();
    csv_row(&mut out, &header);
    for report in reports {
        let mut row = vec![
            report.submission.clone(),
            report.score.points.to_string(),
            report.score.max.to_string(),
            format!("{:.1}", report.score.percent),
            report.estimated_level.map(|level| level.to_string()).unwrap_or_default(),
        ];
        for level in Level::ALL {
            match report.levels.get(&level) {
                Some(score) => {
                    row.push(format!("{:.1}", score.percent));
                    row.push(verdict_name(score.verdict).to_owned());
                }
                None => row.extend([String::new(), String::new()]),
            }
        }
        for id in &exercise_ids {
            let points = report.exercises.iter().find(|e| e.id == *id).map(|e| e.points.to_string());
            row.push(points.unwrap_or_default());
        }
        row.push(red_flag_count(report).to_string());
        csv_row(&mut out, &row);
    }
    out
}

fn csv_row(out: &mut String, fields: &[String]) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if field.contains([',', '"', '\r', '\n']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(field);
        }
    }
    out.push_str("\r\n");
}

// ---------------------------------------------------------------------------------------------
// Shared
// ---------------------------------------------------------------------------------------------

fn status_name(status: ExerciseStatus) -> &'static str {
    match status {
        ExerciseStatus::Passed => "passed",
        ExerciseStatus::Partial => "partial",
        ExerciseStatus::Failed => "failed",
        ExerciseStatus::CompileError => "compile_error",
        ExerciseStatus::Missing => "missing",
    }
}

fn test_status_name(status: TestStatus) -> &'static str {
    match status {
        TestStatus::Passed => "passed",
        TestStatus::Failed => "failed",
        TestStatus::TimedOut => "timed_out",
        TestStatus::Crashed => "crashed",
        TestStatus::NotRun => "not_run",
    }
}

fn verdict_name(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Strong => "strong",
        Verdict::Pass => "pass",
        Verdict::Fail => "fail",
    }
}

/// Red flags over every exercise of a report.
fn red_flag_count(report: &Report) -> usize {
    report.exercises.iter().map(|e| e.red_flags.len()).sum()
}

/// `file:line` of a red flag's first place, when it has one.
fn flag_place(flag: &RedFlag) -> Option<String> {
    match (&flag.file, flag.line) {
        (Some(file), Some(line)) => Some(format!("{file}:{line}")),
        (Some(file), None) => Some(file.clone()),
        _ => None,
    }
}

/// The first informative line of a message (skipping the test harness's `thread '…' panicked at`
/// header), or the message's first line.
fn first_line(message: &str) -> &str {
    message
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with("thread '"))
        .or_else(|| message.lines().map(str::trim).find(|line| !line.is_empty()))
        .unwrap_or("")
}

/// `raw` with every run of whitespace (line breaks included) turned into one space.
fn one_line(raw: &str) -> String {
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A report with one exercise of every status, red flags (one on an exercise that does not
    /// compile), a written answer under manual review, and messages full of Markdown and XML
    /// syntax.
    const FIXTURE: &str = r#"{
      "schema_version": 1,
      "grader_version": "0.1.0",
      "toolchain": "rustc 1.95.0 (59807616e 2026-04-14)",
      "submission": "alice",
      "score": { "points": 40, "max": 80, "percent": 50.0 },
      "levels": {
        "junior": { "points": 19, "max": 21, "percent": 90.5, "verdict": "strong" },
        "mid": { "points": 0, "max": 19, "percent": 0.0, "verdict": "fail" },
        "senior": { "points": 21, "max": 40, "percent": 52.5, "verdict": "fail" }
      },
      "estimated_level": "junior",
      "exercises": [
        {
          "id": "junior-02-borrowing", "level": "junior", "title": "Move money", "status": "passed",
          "points": 19, "max": 21, "compile_errors": [],
          "tests": [
            { "name": "visible::moves_money", "hidden": false, "kind": "test", "status": "passed", "message": null, "points": 1, "max": 1 },
            { "name": "hidden::rejects_self", "hidden": true, "kind": "test", "status": "passed", "message": null, "points": 1, "max": 1 }
          ],
          "red_flags": [
            {
              "id": "excess_clones", "message": "clones to get past the borrow checker (3 found; the reference solution has 0)",
              "file": "junior-02-borrowing/src/lib.rs", "line": 31, "penalty": 2,
              "evidence": [
                { "file": "junior-02-borrowing/src/lib.rs", "line": 31, "snippet": "let mut copy: Vec<Account> = accounts.to_vec();", "seen_by": "syntax" },
                { "file": "junior-02-borrowing/src/lib.rs", "line": 40, "snippet": "let b = a.clone();", "seen_by": "clippy::redundant_clone" }
              ]
            }
          ],
          "files_from_candidate": ["src/lib.rs"], "files_from_starter": [], "ignored": [], "manual_review": null
        },
        {
          "id": "mid-03-shared-ownership", "level": "mid", "title": "Price baskets on threads", "status": "compile_error",
          "points": 0, "max": 19,
          "compile_errors": [
            { "code": "E0277", "message": "`Rc<Catalog>` cannot be sent between threads safely", "file": "mid-03-shared-ownership/src/lib.rs", "line": 44,
              "rendered": "error[E0277]: `Rc<Catalog>` cannot be sent between threads safely\n  --> mid-03-shared-ownership/src/lib.rs:44:36\n" },
            { "code": "E0599", "message": "second error, not shown", "file": "mid-03-shared-ownership/src/lib.rs", "line": 60, "rendered": null }
          ],
          "tests": [
            { "name": "visible::prices_each_basket", "hidden": false, "kind": "test", "status": "not_run", "message": null, "points": 0, "max": 1 },
            { "name": "hidden::empty_basket", "hidden": true, "kind": "test", "status": "not_run", "message": null, "points": 0, "max": 1 },
            { "name": "compile_fail::rc_is_not_send", "hidden": true, "kind": "compile_fail", "status": "not_run", "message": null, "points": 0, "max": 1 }
          ],
          "red_flags": [
            {
              "id": "trait_bound_unresolved", "message": "still fails with E0277", "file": "mid-03-shared-ownership/src/lib.rs", "line": 44, "penalty": 0,
              "evidence": [ { "file": "mid-03-shared-ownership/src/lib.rs", "line": 44, "snippet": "workers.push(thread::spawn(move || {", "seen_by": "compiler E0277" } ]
            }
          ],
          "files_from_candidate": ["src/lib.rs"], "files_from_starter": [], "ignored": [], "manual_review": null
        },
        {
          "id": "senior-01-send-sync", "level": "senior", "title": "Share a counter", "status": "partial",
          "points": 13, "max": 22, "compile_errors": [],
          "tests": [
            { "name": "visible::counts_hits", "hidden": false, "kind": "test", "status": "passed", "message": null, "points": 1, "max": 1 },
            { "name": "hidden::totals_match", "hidden": true, "kind": "test", "status": "failed",
              "message": "thread 'hidden::totals_match' panicked at tests/hidden.rs:9:5:\nassertion `left == right` failed | left: <1> & \"one\"\n  right: 2", "points": 0, "max": 2 },
            { "name": "budget::allocations", "hidden": true, "kind": "budget", "status": "timed_out", "message": null, "points": 0, "max": 2 }
          ],
          "red_flags": [],
          "files_from_candidate": ["src/lib.rs"], "files_from_starter": [], "ignored": [], "manual_review": null
        },
        {
          "id": "senior-04-api-design", "level": "senior", "title": "Design an API", "status": "missing",
          "points": 0, "max": 6, "compile_errors": [],
          "tests": [
            { "name": "visible::builds", "hidden": false, "kind": "test", "status": "not_run", "message": null, "points": 0, "max": 1 },
            { "name": "hidden::validates", "hidden": true, "kind": "test", "status": "not_run", "message": null, "points": 0, "max": 1 }
          ],
          "red_flags": [], "files_from_candidate": [], "files_from_starter": [], "ignored": [], "manual_review": null
        },
        {
          "id": "senior-08-right-tool", "level": "senior", "title": "Rust or not", "status": "partial",
          "points": 8, "max": 12, "compile_errors": [],
          "tests": [
            { "name": "written::long_enough", "hidden": true, "kind": "written", "status": "passed", "message": "165 words", "points": 2, "max": 2 },
            { "name": "written::names_what_rust_costs", "hidden": true, "kind": "written", "status": "failed", "message": "names none of: learning curve, compile time", "points": 0, "max": 2 }
          ],
          "red_flags": [], "files_from_candidate": ["DECISION.md"], "files_from_starter": [], "ignored": [],
          "manual_review": { "file": "DECISION.md", "words": 165, "probes": ["(not named) Which cost of Rust would hurt most?", "Why is Python good enough?"] }
        }
      ],
      "ignored": [],
      "skipped_checks": ["clippy lints: clippy is not installed"]
    }"#;

    fn fixture() -> Report {
        serde_json::from_str(FIXTURE).expect("the fixture is a valid report")
    }

    /// The fixture under another submission name.
    fn named(name: &str) -> Report {
        let mut report = fixture();
        report.submission = name.to_owned();
        report
    }

    fn parse(xml: &str) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(xml).expect("JUnit output is well-formed XML")
    }

    fn count_attr(node: roxmltree::Node<'_, '_>, name: &str) -> usize {
        let value = node.attribute(name).unwrap_or_else(|| panic!("<{}> has no `{name}`", node.tag_name().name()));
        value.parse().unwrap_or_else(|_| panic!("`{name}`=\"{value}\" is not a count"))
    }

    fn children<'a, 'input>(node: roxmltree::Node<'a, 'input>, tag: &str) -> Vec<roxmltree::Node<'a, 'input>> {
        node.children().filter(|child| child.is_element() && child.has_tag_name(tag)).collect()
    }

    fn suite_named<'a, 'input>(doc: &'a roxmltree::Document<'input>, name: &str) -> roxmltree::Node<'a, 'input> {
        doc.descendants()
            .find(|n| n.has_tag_name("testsuite") && n.attribute("name") == Some(name))
            .unwrap_or_else(|| panic!("no testsuite named {name}"))
    }

    fn case_named<'a, 'input>(suite: roxmltree::Node<'a, 'input>, name: &str) -> roxmltree::Node<'a, 'input> {
        children(suite, "testcase")
            .into_iter()
            .find(|n| n.attribute("name") == Some(name))
            .unwrap_or_else(|| panic!("no testcase named {name}"))
    }

    /// The common JUnit XML shape CI tools read (the Jenkins/Ant `junit.xsd` family): root
    /// `testsuites`; `testsuite` with `name`, `tests`, `failures`, `errors` (and `skipped`) whose
    /// counts match its testcases; `testcase` with `name` and `classname` and at most one
    /// `failure`/`error`/`skipped`. Returns the number of testsuites.
    fn assert_junit_shape(doc: &roxmltree::Document<'_>) -> usize {
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "testsuites");
        let mut totals = [0usize; 4];
        let suites = children(root, "testsuite");
        assert_eq!(root.children().filter(|n| n.is_element()).count(), suites.len(), "only testsuites under the root");
        for suite in &suites {
            assert!(suite.attribute("name").is_some_and(|n| !n.is_empty()), "a testsuite has a name");
            for child in suite.children().filter(|n| n.is_element()) {
                assert!(
                    ["properties", "testcase", "system-out", "system-err"].contains(&child.tag_name().name()),
                    "unexpected <{}> in a testsuite",
                    child.tag_name().name()
                );
            }
            let cases = children(*suite, "testcase");
            let mut counts = [cases.len(), 0, 0, 0];
            for case in &cases {
                assert!(case.attribute("name").is_some_and(|n| !n.is_empty()), "a testcase has a name");
                assert!(case.attribute("classname").is_some_and(|n| !n.is_empty()), "a testcase has a classname");
                let outcomes: Vec<&str> = case
                    .children()
                    .filter(|n| n.is_element())
                    .map(|n| n.tag_name().name())
                    .filter(|tag| ["failure", "error", "skipped"].contains(tag))
                    .collect();
                assert!(outcomes.len() <= 1, "a testcase has at most one outcome: {outcomes:?}");
                match outcomes.first() {
                    Some(&"failure") => counts[1] += 1,
                    Some(&"error") => counts[2] += 1,
                    Some(&"skipped") => counts[3] += 1,
                    _ => {}
                }
            }
            let declared = ["tests", "failures", "errors", "skipped"].map(|attr| count_attr(*suite, attr));
            assert_eq!(declared, counts, "counts of {:?}", suite.attribute("name"));
            for i in 0..4 {
                totals[i] += counts[i];
            }
        }
        let declared = ["tests", "failures", "errors", "skipped"].map(|attr| count_attr(root, attr));
        assert_eq!(declared, totals, "the root's counts are the sum of its suites'");
        suites.len()
    }

    #[test]
    fn junit_has_one_suite_per_exercise_with_the_right_counts() {
        let xml = junit(&fixture()).expect("renders");
        let doc = parse(&xml);
        assert_eq!(assert_junit_shape(&doc), 5);
        let root = doc.root_element();
        assert_eq!(root.attribute("name"), Some("alice"));
        // 2+1 flag, 3+1 flag, 3, 2, 2 testcases; failures: 1 flag, 1 flag, 2 tests, 0, 1.
        assert_eq!(["tests", "failures", "errors", "skipped"].map(|a| count_attr(root, a)), [14, 5, 3, 2]);

        let expected = [
            ("junior-02-borrowing", [3, 1, 0, 0]),
            ("mid-03-shared-ownership", [4, 1, 3, 0]),
            ("senior-01-send-sync", [3, 2, 0, 0]),
            ("senior-04-api-design", [2, 0, 0, 2]),
            ("senior-08-right-tool", [2, 1, 0, 0]),
        ];
        for (name, counts) in expected {
            let suite = suite_named(&doc, name);
            assert_eq!(["tests", "failures", "errors", "skipped"].map(|a| count_attr(suite, a)), counts, "{name}");
            assert_eq!(suite.attribute("time").map(|t| t.parse::<f64>()), Some(Ok(0.0)), "{name}");
            for case in children(suite, "testcase") {
                assert_eq!(case.attribute("classname"), Some(format!("alice.{name}").as_str()));
            }
        }
        let props: Vec<(&str, &str)> = suite_named(&doc, "junior-02-borrowing")
            .descendants()
            .filter(|n| n.has_tag_name("property"))
            .filter_map(|n| Some((n.attribute("name")?, n.attribute("value")?)))
            .collect();
        assert!(props.contains(&("points", "19")) && props.contains(&("status", "passed")), "{props:?}");
    }

    #[test]
    fn junit_failures_carry_the_message() {
        let xml = junit(&fixture()).expect("renders");
        let doc = parse(&xml);
        let suite = suite_named(&doc, "senior-01-send-sync");
        assert!(children(case_named(suite, "visible::counts_hits"), "failure").is_empty());

        let failure = children(case_named(suite, "hidden::totals_match"), "failure");
        assert_eq!(failure.len(), 1);
        // The attribute is the first informative line, special characters intact after a round trip.
        assert_eq!(failure[0].attribute("message"), Some("assertion `left == right` failed | left: <1> & \"one\""));
        assert_eq!(failure[0].attribute("type"), Some("failed"));
        assert!(failure[0].text().is_some_and(|t| t.contains("right: 2") && t.contains("panicked at")));

        let timed_out = children(case_named(suite, "budget::allocations"), "failure");
        assert_eq!(timed_out[0].attribute("type"), Some("timed_out"));
        assert_eq!(timed_out[0].attribute("message"), Some("timed out"));
    }

    #[test]
    fn junit_compile_error_gives_every_testcase_the_first_error() {
        let xml = junit(&fixture()).expect("renders");
        let doc = parse(&xml);
        let suite = suite_named(&doc, "mid-03-shared-ownership");
        for name in ["visible::prices_each_basket", "hidden::empty_basket", "compile_fail::rc_is_not_send"] {
            let errors = children(case_named(suite, name), "error");
            assert_eq!(errors.len(), 1, "{name}");
            let message = errors[0].attribute("message").unwrap_or_default();
            assert!(message.contains("E0277") && message.contains("`Rc<Catalog>` cannot be sent"), "{message}");
            assert!(message.contains("mid-03-shared-ownership/src/lib.rs:44"), "{message}");
            assert!(!message.contains("second error"), "only the first error: {message}");
            assert_eq!(errors[0].attribute("type"), Some("E0277"));
            let text = errors[0].text().unwrap_or_default();
            assert!(text.contains("--> mid-03-shared-ownership/src/lib.rs:44:36") && text.contains("1 more"), "{text}");
        }
    }

    #[test]
    fn junit_missing_exercise_is_skipped() {
        let xml = junit(&fixture()).expect("renders");
        let doc = parse(&xml);
        let suite = suite_named(&doc, "senior-04-api-design");
        let cases = children(suite, "testcase");
        assert_eq!(cases.len(), 2);
        for case in cases {
            let skipped = children(case, "skipped");
            assert_eq!(skipped.len(), 1);
            assert!(skipped[0].attribute("message").is_some_and(|m| m.contains("not handed in")));
        }
    }

    #[test]
    fn junit_red_flags_are_failed_testcases_with_evidence() {
        let xml = junit(&fixture()).expect("renders");
        let doc = parse(&xml);
        let case = case_named(suite_named(&doc, "junior-02-borrowing"), "red_flag::excess_clones");
        assert_eq!(case.attribute("classname"), Some("alice.junior-02-borrowing"));
        let failure = children(case, "failure");
        assert_eq!(failure.len(), 1);
        assert_eq!(failure[0].attribute("type"), Some("red_flag"));
        assert!(failure[0].attribute("message").is_some_and(|m| m.starts_with("clones to get past")));
        let text = failure[0].text().unwrap_or_default();
        assert!(text.contains("junior-02-borrowing/src/lib.rs:31: let mut copy: Vec<Account> = accounts.to_vec();"));
        assert!(text.contains("junior-02-borrowing/src/lib.rs:40: let b = a.clone();"));
        assert!(text.contains("penalty: 2 points"));
        // A flag on an exercise that does not compile is still a failure, not an error.
        let case = case_named(suite_named(&doc, "mid-03-shared-ownership"), "red_flag::trait_bound_unresolved");
        assert_eq!(children(case, "failure").len(), 1);
    }

    #[test]
    fn junit_manual_review_goes_in_system_out() {
        let xml = junit(&fixture()).expect("renders");
        let doc = parse(&xml);
        let out = children(suite_named(&doc, "senior-08-right-tool"), "system-out");
        assert_eq!(out.len(), 1);
        let text = out[0].text().unwrap_or_default();
        assert!(
            text.contains("read DECISION.md (165 words)") && text.contains("- Why is Python good enough?"),
            "{text}"
        );
        assert!(children(suite_named(&doc, "senior-01-send-sync"), "system-out").is_empty());
    }

    #[test]
    fn junit_exercise_without_tests_still_reports_its_state() {
        let mut report = fixture();
        for exercise in &mut report.exercises {
            exercise.tests.clear();
            exercise.red_flags.clear();
        }
        let xml = junit(&report).expect("renders");
        let doc = parse(&xml);
        assert_junit_shape(&doc);
        let compile = case_named(suite_named(&doc, "mid-03-shared-ownership"), WHOLE_EXERCISE_CASE);
        assert_eq!(children(compile, "error").len(), 1);
        let missing = case_named(suite_named(&doc, "senior-04-api-design"), WHOLE_EXERCISE_CASE);
        assert_eq!(children(missing, "skipped").len(), 1);
        assert_eq!(count_attr(suite_named(&doc, "senior-01-send-sync"), "tests"), 0);
    }

    #[test]
    fn junit_batch_holds_every_report_under_one_root() {
        let reports = [named("alice"), named("bob & co <b>")];
        let xml = junit_batch(&reports).expect("renders");
        let doc = parse(&xml);
        assert_eq!(assert_junit_shape(&doc), 10);
        let root = doc.root_element();
        assert_eq!(root.attribute("name"), Some("grader"));
        assert_eq!(["tests", "failures", "errors", "skipped"].map(|a| count_attr(root, a)), [28, 10, 6, 4]);
        assert_eq!(doc.descendants().filter(|n| n.has_tag_name("testsuites")).count(), 1);
        let suite = suite_named(&doc, "bob & co <b>/mid-03-shared-ownership");
        assert!(children(suite, "testcase")
            .iter()
            .all(|case| case.attribute("classname") == Some("bob & co <b>.mid-03-shared-ownership")));
        assert!(doc
            .descendants()
            .filter(|n| n.has_tag_name("testsuite"))
            .all(|s| s.attribute("name").is_some_and(|n| n.starts_with("alice/") || n.starts_with("bob & co <b>/"))));

        let empty = junit_batch(&[]).expect("renders");
        let doc = parse(&empty);
        assert_eq!(assert_junit_shape(&doc), 0);
    }

    /// Splits RFC 4180 text into records of fields; panics on malformed quoting.
    fn parse_csv(input: &str) -> Vec<Vec<String>> {
        let mut records = Vec::new();
        let mut record = Vec::new();
        let mut field = String::new();
        let mut chars = input.chars().peekable();
        let mut quoted = false;
        while let Some(c) = chars.next() {
            if quoted {
                match c {
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    '"' => {
                        quoted = false;
                        assert!(matches!(chars.peek(), Some(',' | '\r') | None), "text after a closing quote");
                    }
                    _ => field.push(c),
                }
                continue;
            }
            match c {
                '"' => {
                    assert!(field.is_empty(), "a quote inside an unquoted field");
                    quoted = true;
                }
                ',' => record.push(std::mem::take(&mut field)),
                '\r' => {
                    assert_eq!(chars.next(), Some('\n'), "records end with CRLF");
                    record.push(std::mem::take(&mut field));
                    records.push(std::mem::take(&mut record));
                }
                '\n' => panic!("a bare LF outside quotes"),
                _ => field.push(c),
            }
        }
        assert!(!quoted, "unterminated quoted field");
        assert!(field.is_empty() && record.is_empty(), "the last record ends with CRLF");
        records
    }

    #[test]
    fn csv_has_one_header_and_rectangular_rows() {
        let mut other = named("Doe, Jane \"JD\"\nsecond line");
        other.exercises.retain(|e| e.id != "senior-04-api-design");
        other.exercises[0].id = "zzz-extra".to_owned();
        other.levels.remove(&Level::Mid);
        other.estimated_level = None;
        let out = csv(&[fixture(), other]);

        assert!(out.contains("\"Doe, Jane \"\"JD\"\"\nsecond line\","), "quoted, quotes doubled: {out}");
        let records = parse_csv(&out);
        assert_eq!(records.len(), 3, "one header row and one row per submission");
        let header = &records[0];
        assert_eq!(records.iter().filter(|r| r[0] == "submission").count(), 1, "exactly one header row");
        assert!(records.iter().all(|r| r.len() == header.len()), "every row has {} fields", header.len());
        let expected_header = [
            "submission",
            "points",
            "max",
            "percent",
            "estimated_level",
            "junior_percent",
            "junior_verdict",
            "mid_percent",
            "mid_verdict",
            "senior_percent",
            "senior_verdict",
            "junior-02-borrowing",
            "mid-03-shared-ownership",
            "senior-01-send-sync",
            "senior-04-api-design",
            "senior-08-right-tool",
            "zzz-extra",
            "red_flags",
        ];
        assert_eq!(header, &expected_header);

        let field = |row: &Vec<String>, column: &str| -> String {
            let at = header.iter().position(|h| h == column).unwrap_or_else(|| panic!("no column {column}"));
            row[at].clone()
        };
        let alice = &records[1];
        assert_eq!(field(alice, "submission"), "alice");
        assert_eq!(field(alice, "percent"), "50.0");
        assert_eq!(field(alice, "estimated_level"), "junior");
        assert_eq!(field(alice, "junior_percent"), "90.5");
        assert_eq!(field(alice, "mid_verdict"), "fail");
        assert_eq!(field(alice, "junior-02-borrowing"), "19");
        assert_eq!(field(alice, "senior-04-api-design"), "0");
        assert_eq!(field(alice, "zzz-extra"), "", "not graded for alice");
        assert_eq!(field(alice, "red_flags"), "2");

        let jane = &records[2];
        assert_eq!(field(jane, "submission"), "Doe, Jane \"JD\"\nsecond line");
        assert_eq!(field(jane, "estimated_level"), "");
        assert_eq!((field(jane, "mid_percent"), field(jane, "mid_verdict")), (String::new(), String::new()));
        assert_eq!(field(jane, "senior-04-api-design"), "");
        assert_eq!(field(jane, "junior-02-borrowing"), "", "renamed to zzz-extra");
        assert_eq!(field(jane, "zzz-extra"), "19");
    }

    #[test]
    fn csv_of_no_reports_is_just_the_header() {
        let out = csv(&[]);
        let records = parse_csv(&out);
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].first().map(String::as_str), Some("submission"));
        assert_eq!(records[0].last().map(String::as_str), Some("red_flags"));
    }

    /// Pipes that split table cells (not backslash-escaped).
    fn cell_separators(line: &str) -> usize {
        let mut count = 0;
        let mut escaped = false;
        for c in line.chars() {
            if c == '|' && !escaped {
                count += 1;
            }
            escaped = c == '\\' && !escaped;
        }
        count
    }

    /// Every row of the table that starts with `header` has as many cells as the header.
    fn assert_table_rectangular(out: &str, header: &str) {
        let lines: Vec<&str> = out.lines().collect();
        let start = lines.iter().position(|l| *l == header).unwrap_or_else(|| panic!("no table header {header}"));
        let width = cell_separators(header);
        let rows: Vec<&str> = lines[start..].iter().take_while(|l| l.starts_with('|')).copied().collect();
        assert!(rows.len() >= 2, "a header and a delimiter row");
        for row in rows {
            assert_eq!(cell_separators(row), width, "row {row:?}");
        }
    }

    #[test]
    fn markdown_has_heading_tables_and_red_flags() {
        let out = markdown(&fixture());
        assert!(out.starts_with("## alice: 40/80 (50.0%), estimated level: junior\n"), "{out}");
        let header = "| exercise | level | status | points | failing tests | red flags |";
        assert_table_rectangular(&out, header);
        assert_table_rectangular(&out, "| level | points | percent | verdict |");
        assert!(out.contains("| junior | 19/21 | 90.5% | strong |"), "{out}");
        assert!(out.contains("| `senior-04-api-design` | senior | missing | 0/6 | not handed in |  |"), "{out}");
        assert!(out.contains("does not compile: error\\[E0277\\] at `mid-03-shared-ownership/src/lib.rs:44`"), "{out}");
        assert!(out.contains("`excess_clones` (−2)"), "{out}");
        // Red flags with every file:line.
        assert!(out.contains("### Red flags"));
        assert!(
            out.contains("- `junior-02-borrowing/src/lib.rs:31`: `let mut copy: Vec<Account> = accounts.to_vec();`")
        );
        assert!(out.contains("- `junior-02-borrowing/src/lib.rs:40`: `let b = a.clone();`"));
        assert!(out.contains("- `mid-03-shared-ownership/src/lib.rs:44`: `workers.push(thread::spawn(move || {`"));
        assert!(out.contains("### Manual review") && out.contains("Why is Python good enough?"));
        assert!(out.contains("clippy lints: clippy is not installed"));
    }

    #[test]
    fn markdown_escapes_pipes_and_html_in_messages() {
        let out = markdown(&fixture());
        let row = out.lines().find(|l| l.starts_with("| `senior-01-send-sync`")).expect("a row for senior-01");
        assert!(
            row.contains(
                "`hidden::totals_match` failed: assertion \\`left == right\\` failed \\| left: \\<1\\> \\& \"one\""
            ),
            "{row}"
        );
        assert!(row.contains("`budget::allocations` timed out"), "{row}");
        assert!(!row.contains("panicked at"), "the harness header is skipped: {row}");
        // The passing written check is not listed; the failing one is.
        let written = out.lines().find(|l| l.starts_with("| `senior-08-right-tool`")).expect("a row for senior-08");
        assert!(
            written.contains("`written::names_what_rust_costs` failed: names none of: learning curve, compile time")
        );
        assert!(!written.contains("long_enough"), "{written}");
    }

    #[test]
    fn markdown_batch_has_one_row_per_submission() {
        let mut weak = named("bob | the <builder>");
        weak.levels.remove(&Level::Senior);
        weak.estimated_level = None;
        let out = markdown_batch(&[fixture(), weak]);
        let header = "| submission | score % | junior | mid | senior | estimated level | red flags |";
        assert_table_rectangular(&out, header);
        let rows: Vec<&str> = out.lines().filter(|l| l.starts_with('|')).collect();
        assert_eq!(rows.len(), 4, "header, delimiter, two submissions");
        assert_eq!(
            rows[2],
            "| alice | 50.0 | 19/21 (90.5%) strong | 0/19 (0.0%) fail | 21/40 (52.5%) fail | junior | 2 |"
        );
        assert!(rows[3].starts_with("| bob \\| the \\<builder\\> | 50.0 |"), "{}", rows[3]);
        assert!(rows[3].ends_with("| — | none | 2 |"), "{}", rows[3]);
        assert!(out.starts_with("## Grading summary: 2 submissions\n"));
    }

    #[test]
    fn markdown_code_spans_survive_backticks_and_pipes() {
        assert_eq!(code("a|b", true), "`a\\|b`");
        assert_eq!(code("a|b", false), "`a|b`");
        assert_eq!(code("say `hi`", false), "`` say `hi` ``");
        assert_eq!(code("``x", false), "``` ``x ```");
        assert_eq!(code("", true), "");
        assert_eq!(text("a\nb  c"), "a b c");
    }

    #[test]
    fn truncate_cuts_on_characters() {
        assert_eq!(truncate("héllo", 2), "hé…");
        assert_eq!(truncate("héllo", 5), "héllo");
        assert_eq!(first_line("thread 'x' panicked at a.rs:1:1:\n  boom\n"), "boom");
        assert_eq!(first_line("thread 'x' panicked"), "thread 'x' panicked");
    }
}
