//! The terminal scorecard: one line per exercise with its two measures (does the code work, does
//! it show the good answer of its question), the evidence under it (compiler errors, tests that
//! did not pass, red flags), then the per-level verdicts and the estimated level. Colour is
//! decided by `anstream` (the `--color` choice, `NO_COLOR`, `CLICOLOR_FORCE`, a terminal or not)
//! and written as `anstyle` styles. The main function is [`scorecard`].

use std::fmt::Write as _;

use anstyle::AnsiColor;

use super::model::{ExerciseReport, ExerciseStatus, HabitVerdict, Report, Score, TestStatus, Verdict};
use super::names::{error_label, fraction, informative_line, place, status_name, test_status_name};

/// ANSI styling, or none.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    enabled: bool,
}

impl Style {
    /// Colour when `anstream` would colour stdout: the process-wide choice
    /// (`anstream::ColorChoice::write_global`, which the binary sets from `--color`) when it is
    /// `always` or `never`; under `auto`, never with `NO_COLOR` set, always with `CLICOLOR_FORCE`
    /// set, else when stdout is a terminal that takes colour (not `TERM=dumb`, not `CLICOLOR=0`)
    /// or a terminal under CI (`CI` set: a runner's log shows colour whatever its TERM says).
    pub fn for_stdout() -> Style {
        let choice = anstream::AutoStream::choice(&std::io::stdout());
        Style { enabled: choice != anstream::ColorChoice::Never }
    }

    /// Colour exactly when `enabled`.
    pub fn colored(enabled: bool) -> Style {
        Style { enabled }
    }

    /// `text` in `style`, reset after it; `text` alone when colour is off.
    fn paint(self, style: anstyle::Style, text: &str) -> String {
        if self.enabled {
            format!("{style}{text}{style:#}")
        } else {
            text.to_owned()
        }
    }

    pub(super) fn green(self, text: &str) -> String {
        self.paint(AnsiColor::Green.on_default(), text)
    }
    pub(super) fn yellow(self, text: &str) -> String {
        self.paint(AnsiColor::Yellow.on_default(), text)
    }
    pub(super) fn red(self, text: &str) -> String {
        self.paint(AnsiColor::Red.on_default(), text)
    }
    pub(super) fn dim(self, text: &str) -> String {
        self.paint(anstyle::Style::new().dimmed(), text)
    }
    pub(super) fn bold(self, text: &str) -> String {
        self.paint(anstyle::Style::new().bold(), text)
    }
}

/// Most failing tests listed under one exercise.
const MAX_TESTS_SHOWN: usize = 8;
/// Most places listed under one red flag.
const MAX_EVIDENCE_SHOWN: usize = 3;
/// Most compiler errors listed under one exercise.
const MAX_ERRORS_SHOWN: usize = 5;

/// The scorecard as text.
pub fn scorecard(report: &Report, style: Style) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} {}  ({})", style.bold("Submission"), report.submission, report.toolchain);
    for note in &report.notes {
        let _ = writeln!(out, "  {} {note}", style.dim("note:"));
    }
    if let Some(history) = &report.history {
        let head = history.head.get(..12).unwrap_or(&history.head);
        let _ = writeln!(out, "  {} {} commits up to {head}", style.dim("history:"), history.commits);
        for folder in &history.exercises {
            let _ = writeln!(
                out,
                "    {:<28} {:>3} commits  {} .. {}  +{} lines",
                folder.id, folder.commits, folder.first_commit, folder.last_commit, folder.lines_added
            );
        }
        for note in &history.notes {
            let _ = writeln!(out, "    {} {note}", style.dim("note:"));
        }
    }
    let _ = writeln!(out);
    let id_width = report.exercises.iter().map(|e| e.id.len()).max().unwrap_or(10).max("exercise".len());
    let _ = writeln!(
        out,
        "  {}",
        style.dim(&format!("{:<id_width$}  {:<13}  {:>7}  {:>6}", "exercise", "status", "works", "habits"))
    );
    for exercise in &report.exercises {
        let status = format!("{:<13}", status_name(exercise.status).replace('_', " "));
        let painted = match exercise.status {
            ExerciseStatus::Passed => style.green(&status),
            ExerciseStatus::Partial => style.yellow(&status),
            ExerciseStatus::Missing | ExerciseStatus::NotAttempted => style.dim(&status),
            ExerciseStatus::Failed | ExerciseStatus::CompileError => style.red(&status),
        };
        let works = format!("{:>3}/{:<3}", exercise.works.points, exercise.works.max);
        let habits = format!("{:>2}/{:<3}", exercise.habits.points, exercise.habits.max);
        let habit_verdict = match exercise.habits.verdict {
            HabitVerdict::Clean => style.green(&format!("{:<10}", "clean")),
            HabitVerdict::RedFlag => style.red(&format!("{:<10}", "red flag")),
            HabitVerdict::NotJudged => style.dim(&format!("{:<10}", "not judged")),
        };
        let _ = writeln!(
            out,
            "  {:<id_width$}  {painted}  {works}  {habits} {habit_verdict}  {}",
            exercise.id,
            style.dim(&exercise.title)
        );
        evidence(&mut out, exercise, style);
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "  {}",
        style.dim(&format!("{:<7} {:>14}  {:>14}  {:>5}  verdict", "level", "works", "habits", "clean"))
    );
    for (level, score) in &report.levels {
        let name = score.verdict.as_str();
        let verdict = match score.verdict {
            Verdict::Strong => style.green(name),
            Verdict::Pass => style.yellow(name),
            Verdict::Fail => style.red(name),
        };
        let _ = writeln!(
            out,
            "  {:<7} {}  {}  {:>2}/{:<2}  {verdict}",
            level.as_str(),
            measure(score.works),
            measure(score.habits),
            score.clean,
            score.judged,
        );
    }
    let estimated = report.estimated_level.map_or_else(|| "none (no level passed)".to_owned(), |l| l.to_string());
    let _ = writeln!(
        out,
        "\n  {} {:.1}%   {} {:.1}%   {} {}   {} {}",
        style.bold("Works"),
        report.works.percent,
        style.bold("Habits"),
        report.habits.percent,
        style.bold("Score"),
        fraction(report.score),
        style.bold("Estimated level:"),
        estimated
    );
    if let Some(testing) = report.testing {
        let _ = writeln!(
            out,
            "  {} {:.1}%  {}",
            style.bold("Testing"),
            testing.percent,
            style.dim(&format!(
                "{}/{} buggy versions caught by the candidate's own tests (a bonus measure)",
                testing.points, testing.max
            ))
        );
    }
    out
}

/// `points/max percent%`, 14 columns wide.
fn measure(score: Score) -> String {
    format!("{:>3}/{:<3} {:>5.1}%", score.points, score.max, score.percent)
}

fn evidence(out: &mut String, exercise: &ExerciseReport, style: Style) {
    for error in exercise.compile_errors.iter().take(MAX_ERRORS_SHOWN) {
        let label = error_label(error.code.as_deref());
        let at = place(error.file.as_deref(), error.line).unwrap_or_default();
        let message = informative_line(&error.message).unwrap_or("");
        let _ = writeln!(out, "      {} {at}  {message}", style.red(&label));
    }
    if exercise.compile_errors.len() > MAX_ERRORS_SHOWN {
        let _ = writeln!(out, "      … and {} more errors", exercise.compile_errors.len() - MAX_ERRORS_SHOWN);
    }
    if matches!(exercise.status, ExerciseStatus::Missing | ExerciseStatus::NotAttempted) {
        return;
    }
    if exercise.status == ExerciseStatus::CompileError {
        red_flags(out, exercise, style);
        return;
    }
    let not_passed: Vec<_> = exercise.tests.iter().filter(|t| t.status != TestStatus::Passed).collect();
    for test in not_passed.iter().take(MAX_TESTS_SHOWN) {
        let kind = test_status_name(test.status).replace('_', " ");
        let hidden = if test.hidden { " (hidden)" } else { "" };
        let message = test.message.as_deref().and_then(informative_line).unwrap_or_default();
        let _ = writeln!(out, "      {} {}{hidden}  {}", style.red(&kind), test.name, style.dim(message));
    }
    if not_passed.len() > MAX_TESTS_SHOWN {
        let _ = writeln!(out, "      … and {} more", not_passed.len() - MAX_TESTS_SHOWN);
    }
    if let Some(review) = &exercise.manual_review {
        let _ = writeln!(
            out,
            "      {} read {} ({} words) and probe:",
            style.yellow("manual review"),
            review.file,
            review.words
        );
        for probe in &review.probes {
            let _ = writeln!(out, "        - {probe}");
        }
    }
    red_flags(out, exercise, style);
    candidate_tests(out, exercise, style);
    human_review(out, exercise, style);
}

/// What a person decided, beside what the grader gave.
fn human_review(out: &mut String, exercise: &ExerciseReport, style: Style) {
    let Some(review) = &exercise.review else { return };
    let decided = match review.habits {
        Some(points) => format!(
            "habits {points}/{} (the grader gave {}/{})",
            exercise.habits.max, review.grader_habits, exercise.habits.max
        ),
        None => "a note".to_owned(),
    };
    let _ = writeln!(out, "      {} {}: {decided}", style.bold("reviewed by"), review.reviewer);
    if let Some(note) = &review.note {
        let _ = writeln!(out, "        {}", style.dim(note));
    }
}

/// The testing measure of an exercise: chaff caught, tests that fail on the reference, chaff
/// missed, and why the tests could not run.
fn candidate_tests(out: &mut String, exercise: &ExerciseReport, style: Style) {
    let Some(tests) = &exercise.candidate_tests else { return };
    let wrong: Vec<_> = tests.wrong_tests().collect();
    let bonus = if tests.bonus > 0 { format!(" (+{})", tests.bonus) } else { String::new() };
    let _ = writeln!(
        out,
        "      {} caught {}/{} chaff{bonus}  {}",
        style.bold("your tests"),
        tests.testing.points,
        tests.testing.max,
        style.dim(&format!(
            "{} {} of yours, {} {} on the reference",
            tests.tests.len(),
            if tests.tests.len() == 1 { "test" } else { "tests" },
            wrong.len(),
            if wrong.len() == 1 { "fails" } else { "fail" }
        ))
    );
    for problem in &tests.problems {
        let _ = writeln!(out, "        {}", style.yellow(problem));
    }
    for test in wrong.iter().take(MAX_TESTS_SHOWN) {
        let message = test.message.as_deref().and_then(informative_line).unwrap_or_default();
        let _ = writeln!(out, "        {} {}  {}", style.yellow("wrong test"), test.name, style.dim(message));
    }
    for chaff in tests.missed() {
        let _ = writeln!(out, "        {} {}", style.dim("missed"), chaff.bug);
    }
}

fn red_flags(out: &mut String, exercise: &ExerciseReport, style: Style) {
    for flag in &exercise.red_flags {
        let penalty = if flag.penalty > 0 { format!(" (-{})", flag.penalty) } else { String::new() };
        let _ = writeln!(out, "      {} {}{penalty}  {}", style.yellow("red flag"), flag.id, style.dim(&flag.message));
        for evidence in flag.evidence.iter().take(MAX_EVIDENCE_SHOWN) {
            let _ = writeln!(out, "        {}:{}  {}", evidence.file, evidence.line, evidence.snippet);
        }
        if flag.evidence.len() > MAX_EVIDENCE_SHOWN {
            let _ = writeln!(out, "        … and {} more places", flag.evidence.len() - MAX_EVIDENCE_SHOWN);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_are_plain_ansi_codes_and_nothing_when_colour_is_off() {
        let on = Style::colored(true);
        assert_eq!(on.green("passed"), "\x1b[32mpassed\x1b[0m");
        assert_eq!(on.yellow("partial"), "\x1b[33mpartial\x1b[0m");
        assert_eq!(on.red("failed"), "\x1b[31mfailed\x1b[0m");
        assert_eq!(on.dim("note:"), "\x1b[2mnote:\x1b[0m");
        assert_eq!(on.bold("Score"), "\x1b[1mScore\x1b[0m");
        let off = Style::colored(false);
        assert_eq!(off.green("passed"), "passed");
        assert_eq!(off.bold("Score"), "Score");
    }
}
