//! Names and small text helpers the renderers share: status and verdict names as the outputs
//! spell them, a red flag's first place, a message's first informative line. The main function is
//! [`first_line`].

use super::model::{ExerciseStatus, HabitVerdict, RedFlag, Report, TestStatus, Verdict};

pub(super) fn status_name(status: ExerciseStatus) -> &'static str {
    match status {
        ExerciseStatus::Passed => "passed",
        ExerciseStatus::Partial => "partial",
        ExerciseStatus::Failed => "failed",
        ExerciseStatus::CompileError => "compile_error",
        ExerciseStatus::Missing => "missing",
    }
}

pub(super) fn test_status_name(status: TestStatus) -> &'static str {
    match status {
        TestStatus::Passed => "passed",
        TestStatus::Failed => "failed",
        TestStatus::TimedOut => "timed_out",
        TestStatus::Crashed => "crashed",
        TestStatus::NotRun => "not_run",
    }
}

pub(super) fn verdict_name(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Strong => "strong",
        Verdict::Pass => "pass",
        Verdict::Fail => "fail",
    }
}

/// An exercise's habit verdict as the JSON report spells it.
pub(super) fn habit_verdict_name(verdict: HabitVerdict) -> &'static str {
    match verdict {
        HabitVerdict::Clean => "clean",
        HabitVerdict::RedFlag => "red_flag",
        HabitVerdict::NotJudged => "not_judged",
    }
}

/// Red flags over every exercise of a report.
pub(super) fn red_flag_count(report: &Report) -> usize {
    report.exercises.iter().map(|e| e.red_flags.len()).sum()
}

/// `file:line` of a red flag's first place, when it has one.
pub(super) fn flag_place(flag: &RedFlag) -> Option<String> {
    match (&flag.file, flag.line) {
        (Some(file), Some(line)) => Some(format!("{file}:{line}")),
        (Some(file), None) => Some(file.clone()),
        _ => None,
    }
}

/// The first informative line of a message (skipping the test harness's `thread '…' panicked at`
/// header), or the message's first line.
pub(super) fn first_line(message: &str) -> &str {
    message
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with("thread '"))
        .or_else(|| message.lines().map(str::trim).find(|line| !line.is_empty()))
        .unwrap_or("")
}

/// `raw` with every run of whitespace (line breaks included) turned into one space.
pub(super) fn one_line(raw: &str) -> String {
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}
