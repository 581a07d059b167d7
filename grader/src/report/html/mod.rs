//! One self-contained HTML page per graded submission, to share with a hiring manager or a
//! colleague (`grader check --format html`): inline CSS and inline SVG only, no script, nothing
//! fetched from the network, readable printed to PDF. It holds the candidate's name, the two
//! measures and the verdict of each level with a small chart, every exercise with its evidence
//! (tests that did not pass, compiler errors, red flags with the candidate's own lines), the
//! report's notes, the sandbox summary and the interview guide.
//!
//! Templates are [`maud`] macros: checked when the grader compiles, and every interpolated string
//! is HTML-escaped, so candidate text (messages, snippets, file and submission names) can never
//! become markup. The parts shared with the batch page (`batch::html`) are public here: [`page`],
//! the badges, [`percent`] and [`chart`]. The main function is [`html`].

pub mod chart;
mod guide;
mod page;
mod style;

pub use page::html;

use maud::{html, Markup, PreEscaped, DOCTYPE};

use super::model::{ExerciseStatus, HabitVerdict, Verdict};
use super::names::{habit_verdict_name, status_name};

/// A whole page: `title` in the tab and the print header, the shared style sheet, `body`.
pub fn page(title: &str, body: Markup) -> String {
    let markup = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                // No script, no request: nothing but this file is ever loaded.
                meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'";
                title { (title) }
                style { (PreEscaped(style::CSS)) }
            }
            body { (body) }
        }
    };
    markup.into_string()
}

/// A level's verdict as a coloured badge that also says it in words.
pub fn verdict_badge(verdict: Verdict) -> Markup {
    html! { span class={ "badge " (verdict.as_str()) } { (verdict.as_str()) } }
}

/// An exercise's status as a badge (`passed`, `partial`, `compile error`…).
pub fn status_badge(status: ExerciseStatus) -> Markup {
    let tone = match status {
        ExerciseStatus::Passed => "good",
        ExerciseStatus::Partial => "warn",
        ExerciseStatus::Failed | ExerciseStatus::CompileError => "bad",
        ExerciseStatus::Missing | ExerciseStatus::NotAttempted => "none",
    };
    html! { span class={ "badge " (tone) } { (status_label(status)) } }
}

/// An exercise's status in words (`passed`, `compile error`…).
pub fn status_label(status: ExerciseStatus) -> String {
    status_name(status).replace('_', " ")
}

/// An exercise's habit verdict as a badge (`clean`, `red flag`, `not judged`).
pub fn habit_badge(verdict: HabitVerdict) -> Markup {
    let tone = match verdict {
        HabitVerdict::Clean => "good",
        HabitVerdict::RedFlag => "bad",
        HabitVerdict::NotJudged => "none",
    };
    html! { span class={ "badge " (tone) } { (habit_verdict_name(verdict).replace('_', " ")) } }
}

/// `percent` with one decimal and a `%`.
pub fn percent(value: f64) -> String {
    format!("{value:.1}%")
}
