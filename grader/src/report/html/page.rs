//! The HTML page of one graded submission: a headline (the candidate, the estimated level, the
//! two measures), the levels with their verdicts and a chart, one row per exercise, then each
//! exercise's evidence, the notes, the sandbox and the interview guide. The main function is
//! [`html`].

use maud::{html, Markup};

use super::{chart, habit_badge, page, percent, status_badge, verdict_badge};
use crate::report::guide::Guide;
use crate::report::model::{ExerciseReport, ExerciseStatus, Report, Score, TestKind, TestStatus};
use crate::report::names::{error_label, place, test_status_name};

/// Longest test message or compiler rendering quoted, in characters.
const MAX_TEXT_CHARS: usize = 4000;
/// Most compiler errors quoted per exercise.
const MAX_ERRORS: usize = 5;
/// Most places quoted per red flag.
const MAX_PLACES: usize = 10;

/// The page of `report`, with its interview guide (`Guide::build(&report, &set)`, as
/// `grader check --guide` builds it): one self-contained HTML document, every piece of report
/// text escaped.
pub fn html(report: &Report, guide: &Guide) -> String {
    let title = format!("{}: grading report", report.submission);
    let body = html! {
        header {
            h1 { "Grading report: " (report.submission) }
            p class="meta" { "Graded by grader " (report.grader_version) " with " (report.toolchain) "." }
        }
        (headline(report))
        @if !report.notes.is_empty() {
            section id="notes" {
                h2 { "Notes" }
                ul { @for note in &report.notes { li { (note) } } }
            }
        }
        (levels(report))
        (exercises(report))
        (evidence(report))
        (sandbox(report))
        (super::guide::guide(guide))
    };
    page(&title, body)
}

/// `points/max (percent%)`.
fn fraction(score: Score) -> String {
    format!("{}/{} ({})", score.points, score.max, percent(score.percent))
}

fn headline(report: &Report) -> Markup {
    html! {
        div class="headline" {
            div class="figure" {
                div class="value" { (report.estimated_level.map_or("none", |level| level.as_str())) }
                div class="label" { "estimated level" }
            }
            div class="figure" {
                div class="value" { (percent(report.works.percent)) }
                div class="label" { "works: compiles, passes the tests" }
            }
            div class="figure" {
                div class="value" { (percent(report.habits.percent)) }
                div class="label" { "habits: good answers, not red flags" }
            }
            @if let Some(testing) = report.testing {
                div class="figure" {
                    div class="value" { (percent(testing.percent)) }
                    div class="label" { "testing: bugs their own tests catch (bonus)" }
                }
            }
            div class="figure" {
                div class="value" { (percent(report.score.percent)) }
                div class="label" { "score " (report.score.points) "/" (report.score.max) }
            }
        }
    }
}

fn levels(report: &Report) -> Markup {
    html! {
        section id="levels" {
            h2 { "Levels" }
            p {
                "A level's verdict needs both measures: its code must " b { "work" }
                " and most of its exercises must show the " b { "good habit" } " their question is about."
            }
            div class="columns" {
                table {
                    thead { tr { th { "level" } th class="num" { "works" } th class="num" { "habits" } th class="num" { "clean" } th { "verdict" } } }
                    tbody {
                        @for (level, score) in &report.levels {
                            tr {
                                td { (level.as_str()) }
                                td class="num" { (fraction(score.works)) }
                                td class="num" { (fraction(score.habits)) }
                                td class="num" { (score.clean) "/" (score.judged) }
                                td { (verdict_badge(score.verdict)) }
                            }
                        }
                    }
                }
                figure {
                    (chart::measures_by_level(&report.levels))
                    figcaption class="meta" {
                        span class="legend works" {} " works   " span class="legend habits" {} " habits, in percent"
                    }
                }
            }
        }
    }
}

fn exercises(report: &Report) -> Markup {
    html! {
        section id="exercises" {
            h2 { "Exercises" }
            table {
                thead { tr { th { "exercise" } th { "level" } th { "status" } th class="num" { "works" } th { "habits" } th { "title" } } }
                tbody {
                    @for exercise in &report.exercises {
                        tr {
                            td { a href={ "#" (anchor(&exercise.id)) } { code { (exercise.id) } } }
                            td { (exercise.level.as_str()) }
                            td { (status_badge(exercise.status)) }
                            td class="num" { (exercise.works.points) "/" (exercise.works.max) }
                            td { (exercise.habits.points) "/" (exercise.habits.max) " " (habit_badge(exercise.habits.verdict)) }
                            td { (exercise.title) }
                        }
                    }
                }
            }
        }
    }
}

/// An element id for an exercise: its id with anything but letters, digits and `-` as `_`.
fn anchor(id: &str) -> String {
    let safe: String = id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect();
    format!("exercise-{safe}")
}

fn evidence(report: &Report) -> Markup {
    html! {
        section id="evidence" {
            h2 { "Evidence per exercise" }
            @for exercise in &report.exercises {
                (exercise_evidence(exercise))
            }
            @if !report.ignored.is_empty() {
                h3 { "Not graded" }
                ul { @for ignored in &report.ignored { li { code { (ignored.path) } ": " (ignored.reason) } } }
            }
            @if !report.skipped_checks.is_empty() {
                h3 { "Checks that did not run" }
                ul { @for check in &report.skipped_checks { li { (check) } } }
            }
        }
    }
}

fn exercise_evidence(exercise: &ExerciseReport) -> Markup {
    let not_passed: Vec<_> = exercise.tests.iter().filter(|test| test.status != TestStatus::Passed).collect();
    let passed = exercise.tests.len() - not_passed.len();
    html! {
        div class="card" id=(anchor(&exercise.id)) {
            h3 {
                code { (exercise.id) }
                (status_badge(exercise.status))
                span { (exercise.title) }
            }
            p class="meta" {
                "works " (fraction(exercise.works)) " · habits " (exercise.habits.points) "/" (exercise.habits.max) " "
                (habit_badge(exercise.habits.verdict))
                @if !exercise.tests.is_empty() { " · " (passed) " of " (exercise.tests.len()) " tests and checks passed" }
            }
            @if let Some(question) = &exercise.question {
                p { b { "Question: " } (question.asked) }
            }
            @match exercise.status {
                ExerciseStatus::Missing => p { "Not handed in." },
                ExerciseStatus::NotAttempted => p { "Not attempted: handed back exactly as it was handed out." },
                _ => {}
            }
            @if !exercise.compile_errors.is_empty() {
                h4 { "Does not compile" }
                @for error in exercise.compile_errors.iter().take(MAX_ERRORS) {
                    p {
                        code { (error_label(error.code.as_deref())) }
                        @if let Some(at) = place(error.file.as_deref(), error.line) { " at " code { (at) } }
                        ": " (error.message)
                    }
                    @if let Some(rendered) = &error.rendered { pre { (cut(rendered)) } }
                }
                @if exercise.compile_errors.len() > MAX_ERRORS {
                    p class="muted" { "… and " (exercise.compile_errors.len() - MAX_ERRORS) " more compiler errors" }
                }
            }
            @if !not_passed.is_empty() && !matches!(exercise.status, ExerciseStatus::Missing | ExerciseStatus::NotAttempted | ExerciseStatus::CompileError) {
                h4 { "Tests and checks that did not pass" }
                @for test in &not_passed {
                    p {
                        code { (test.name) } " "
                        span class="badge bad" { (test_status_name(test.status).replace('_', " ")) }
                        @if test.hidden { " hidden" }
                        @if test.kind != TestKind::Test { " · " (kind_name(test.kind)) }
                    }
                    @if let Some(message) = test.message.as_deref().filter(|message| !message.trim().is_empty()) {
                        pre { (cut(message)) }
                    }
                }
            }
            @if !exercise.red_flags.is_empty() {
                h4 { "Red flags" }
                @for flag in &exercise.red_flags {
                    div class="place" {
                        code { (flag.id) }
                        @if flag.of_question { " (the question's own)" }
                        @if flag.penalty > 0 { " −" (flag.penalty) }
                        ": " (flag.message)
                    }
                    ul {
                        @for evidence in flag.evidence.iter().take(MAX_PLACES) {
                            li {
                                code class="at" { (evidence.file) ":" (evidence.line) }
                                " " code { (evidence.snippet) }
                                span class="muted" { " seen by " (evidence.seen_by) }
                            }
                        }
                        @if flag.evidence.len() > MAX_PLACES {
                            li class="muted" { "… and " (flag.evidence.len() - MAX_PLACES) " more places" }
                        }
                        @if flag.evidence.is_empty() {
                            @if let Some(at) = place(flag.file.as_deref(), flag.line) { li { code { (at) } } }
                        }
                    }
                }
            }
            @if let Some(review) = &exercise.manual_review {
                h4 { "Manual review" }
                p { "Read " code { (review.file) } " (" (review.words) " words) and probe:" }
                ul { @for probe in &review.probes { li { (probe) } } }
            }
            @if let Some(review) = &exercise.review {
                h4 { "What a person decided" }
                p {
                    "Reviewed by " (review.reviewer)
                    @if let Some(points) = review.habits {
                        ": habits " (points) "/" (exercise.habits.max) " (the grader gave " (review.grader_habits) "/" (exercise.habits.max) ")"
                    }
                    "."
                }
                @if let Some(note) = &review.note { p { (note) } }
            }
            @if let Some(tests) = &exercise.candidate_tests {
                h4 { "The candidate's own tests" }
                p {
                    (tests.tests.len()) " tests caught " (fraction(tests.testing)) " of the exercise's buggy versions."
                }
                ul {
                    @for problem in &tests.problems { li { (problem) } }
                    @for test in tests.wrong_tests() {
                        li {
                            "Wrong test " code { (test.name) } ": fails on a correct solution"
                            @if let Some(why) = test.message.as_deref().and_then(crate::report::informative_line) { " (" (cut(why)) ")" }
                        }
                    }
                    @if tests.met_the_chaff() {
                        @for chaff in &tests.chaff {
                            li {
                                @if chaff.caught { "Caught: " } @else { strong { "Missed: " } }
                                (chaff.bug)
                            }
                        }
                    }
                }
            }
            @if !exercise.ignored.is_empty() {
                h4 { "Files not graded" }
                ul { @for ignored in &exercise.ignored { li { code { (ignored.path) } ": " (ignored.reason) } } }
            }
        }
    }
}

fn kind_name(kind: TestKind) -> &'static str {
    match kind {
        TestKind::Test => "test",
        TestKind::CompileFail => "must not compile",
        TestKind::Budget => "budget",
        TestKind::Written => "written answer",
    }
}

fn sandbox(report: &Report) -> Markup {
    let sandbox = &report.sandbox;
    let level = match sandbox.level {
        crate::report::model::SandboxLevel::Bwrap => "bwrap",
        crate::report::model::SandboxLevel::Process => "process",
    };
    html! {
        section id="sandbox" {
            h2 { "Sandbox" }
            p { "How the candidate's code was isolated while it was built and tested." }
            table {
                tr { th { "level" } td { (level) } }
                tr { th { "network" } td { (sandbox.network) } }
                tr { th { "filesystem" } td { (sandbox.filesystem) } }
                tr { th { "tests ran as" } td { (sandbox.test_user) } }
            }
            @if !sandbox.notes.is_empty() {
                ul { @for note in &sandbox.notes { li { (note) } } }
            }
        }
    }
}

/// At most [`MAX_TEXT_CHARS`] characters of `text`, with a line saying how much was cut.
fn cut(text: &str) -> String {
    match text.char_indices().nth(MAX_TEXT_CHARS) {
        Some((end, _)) => format!("{}\n… ({} more characters)", &text[..end], text[end..].chars().count()),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exercise::ExerciseSet;
    use crate::report::fixture::fixture;

    const HOSTILE: &str = "</style><script>alert(1)</script>";

    fn render(report: &Report) -> String {
        let set = ExerciseSet::embedded().expect("the embedded set");
        html(report, &Guide::build(report, &set))
    }

    #[test]
    fn the_page_names_the_candidate_levels_exercises_and_evidence() {
        let out = render(&fixture());
        assert!(out.starts_with("<!DOCTYPE html>"), "{out}");
        assert!(out.contains("<h1>Grading report: alice</h1>"), "{out}");
        for verdict in ["<span class=\"badge pass\">pass</span>", "<span class=\"badge fail\">fail</span>"] {
            assert!(out.contains(verdict), "{verdict}");
        }
        for id in ["junior-02-borrowing", "mid-03-shared-ownership", "senior-01-send-sync", "senior-04-api-design"] {
            assert!(out.contains(&format!("id=\"exercise-{id}\"")), "{id}");
        }
        assert!(out.contains("let mut copy: Vec&lt;Account&gt; = accounts.to_vec();"), "the snippet, escaped");
        assert!(out.contains("junior-02-borrowing/src/lib.rs:31"));
        assert!(
            out.contains("assertion `left == right` failed | left: &lt;1&gt; &amp; &quot;one&quot;"),
            "the message"
        );
        assert!(out.contains("Interview guide") && out.contains("Follow-up questions"));
        assert!(out.contains("clippy lints: clippy is not installed"));
        assert!(out.contains("<svg class=\"chart\""));
        assert!(!out.contains("<script") && !out.contains("http://") && !out.contains("https://"), "{out}");
    }

    #[test]
    fn candidate_text_is_escaped_everywhere() {
        let mut report = fixture();
        report.submission = HOSTILE.into();
        report.notes = vec![HOSTILE.into()];
        report.exercises[0].title = HOSTILE.into();
        report.exercises[0].red_flags[0].evidence[0].snippet = HOSTILE.into();
        report.exercises[0].red_flags[0].evidence[0].file = HOSTILE.into();
        report.exercises[2].tests[1].message = Some(HOSTILE.into());
        report.exercises[1].compile_errors[0].message = HOSTILE.into();
        report.exercises[1].compile_errors[0].rendered = Some(HOSTILE.into());
        report.exercises[4].id = HOSTILE.into();
        let out = render(&report);
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains(HOSTILE));
        assert_eq!(out.matches("</style>").count(), 1, "only the style sheet's own end tag");
        assert!(out.contains("&lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
        let id = anchor(HOSTILE);
        assert!(id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'), "{id}");
        assert!(out.contains(&format!("id=\"{id}\"")), "an id cannot break out");
    }

    #[test]
    fn long_text_is_cut_with_a_count() {
        let long = "x".repeat(MAX_TEXT_CHARS + 5);
        assert_eq!(cut(&long), format!("{}\n… (5 more characters)", "x".repeat(MAX_TEXT_CHARS)));
        assert_eq!(cut("short"), "short");
    }
}
