//! Names and small text helpers the renderers share: status names as the outputs spell them, an
//! error's label and place, a score as `points/max (percent%)`, a message's first informative
//! line. The main function is [`first_line`].

use super::model::{ExerciseStatus, HabitVerdict, Report, Score, TestStatus};

pub(super) fn status_name(status: ExerciseStatus) -> &'static str {
    match status {
        ExerciseStatus::Passed => "passed",
        ExerciseStatus::Partial => "partial",
        ExerciseStatus::Failed => "failed",
        ExerciseStatus::CompileError => "compile_error",
        ExerciseStatus::Missing => "missing",
        ExerciseStatus::NotAttempted => "not_attempted",
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

/// `error[CODE]` for a compiler error with a code, else `error`.
pub(super) fn error_label(code: Option<&str>) -> String {
    code.map_or_else(|| "error".to_owned(), |code| format!("error[{code}]"))
}

/// `file:line`, or `file` without a line; `None` without a file.
pub(super) fn place(file: Option<&str>, line: Option<u32>) -> Option<String> {
    match (file, line) {
        (Some(file), Some(line)) => Some(format!("{file}:{line}")),
        (Some(file), None) => Some(file.to_owned()),
        (None, _) => None,
    }
}

/// `points/max (percent%)`.
pub(super) fn fraction(score: Score) -> String {
    format!("{}/{} ({:.1}%)", score.points, score.max, score.percent)
}

/// The first informative line of a message: its first non-empty line that is not the test
/// harness's `thread '…' panicked at` header; `None` when it has none.
pub fn informative_line(message: &str) -> Option<&str> {
    message.lines().map(str::trim).find(|line| !line.is_empty() && !line.starts_with("thread '"))
}

/// The first informative line of a message ([`informative_line`]), or the message's first
/// non-empty line.
pub(super) fn first_line(message: &str) -> &str {
    informative_line(message).or_else(|| message.lines().map(str::trim).find(|line| !line.is_empty())).unwrap_or("")
}

/// `raw` with every run of whitespace (line breaks included) turned into one space.
pub(super) fn one_line(raw: &str) -> String {
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}
