//! The interview guide on a terminal (after the scorecard, prose wrapped to [`WIDTH`] columns,
//! the candidate's lines never wrapped) and as a Markdown section (after the Markdown report, text
//! escaped and code in code spans). The main function is [`terminal`].

use std::fmt::Write as _;

use super::prose::{Prose, Span};
use super::{ExerciseGuide, Guide};
use crate::report::markdown::{code, text};
use crate::report::Style;

/// Columns prose is wrapped to on a terminal.
const WIDTH: usize = 100;
/// Most places quoted under one red flag.
const MAX_PLACES: usize = 3;
/// Width of the label column on a terminal.
const LABEL: usize = 14;

pub(super) const INTRO: &str = "For the interviewer who meets the candidate next: per exercise, the question, what a good answer shows, what this candidate's code shows (their own lines), what to ask them, and a five-minute change to make live on their own code. `grader explain <id>` says more about any flag id or compiler code.";

/// The guide for a terminal.
pub(super) fn terminal(guide: &Guide, style: Style) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} {}", style.bold("Interview guide:"), guide.submission);
    out.push_str(&wrap(INTRO, "  ", "  "));
    for exercise in &guide.exercises {
        out.push('\n');
        terminal_exercise(&mut out, exercise, style);
    }
    out
}

fn terminal_exercise(out: &mut String, exercise: &ExerciseGuide, style: Style) {
    let _ = writeln!(out, "{}  {}  {}", style.bold(&exercise.id), exercise.level, style.dim(&exercise.title));
    let field = |out: &mut String, label: &str, prose: &Prose| {
        out.push_str(&wrap(&prose.to_string(), &format!("  {label:<LABEL$}"), &" ".repeat(LABEL + 2)));
    };
    if let Some(asked) = &exercise.asked {
        field(out, "Ask", asked);
    }
    if let Some(good) = &exercise.good_answer {
        field(out, "Good answer", good);
    }
    for (index, (term, summary)) in exercise.terms.iter().enumerate() {
        let label = if index == 0 { "Terms" } else { "" };
        out.push_str(&wrap(&format!("{term}: {summary}"), &format!("  {label:<LABEL$}"), &" ".repeat(LABEL + 4)));
    }
    field(out, "Works", &Prose::parse(&exercise.works));
    field(out, "Habits", &exercise.habits);
    for flag in &exercise.flags {
        let summary = flag.summary.map(|summary| format!(": {summary}")).unwrap_or_default();
        let head = format!("{}{summary}", flag.id);
        out.push_str(&wrap(&head, &format!("    {} ", style.yellow("red flag")), "      "));
        for place in flag.places.iter().take(MAX_PLACES) {
            let _ = writeln!(out, "      {}  {}", place.label(), place.snippet);
        }
        if flag.places.len() > MAX_PLACES {
            let _ = writeln!(out, "      … and {} more places", flag.places.len() - MAX_PLACES);
        }
    }
    for error in &exercise.errors {
        let mut line = error.code.clone().unwrap_or_else(|| "error".to_owned());
        if let Some(place) = &error.place {
            let _ = write!(line, " at {place}");
        }
        if let Some(summary) = error.summary {
            let _ = write!(line, ": {summary}");
        }
        let _ = write!(line, " (rustc: {})", error.message);
        out.push_str(&wrap(&line, &format!("    {} ", style.red("compiler")), "      "));
    }
    if !exercise.follow_ups.is_empty() {
        let _ = writeln!(out, "  {}", style.bold("Follow-up questions"));
        for (index, question) in exercise.follow_ups.iter().enumerate() {
            out.push_str(&wrap(&question.to_string(), &format!("    {}. ", index + 1), "       "));
        }
    }
    if let Some(explain) = &exercise.explain {
        let _ = writeln!(out, "  {}", style.bold("Explain it yourself"));
        out.push_str(&wrap(&explain.to_string(), "    ", "    "));
    }
    if let Some(extension) = &exercise.extension {
        let _ = writeln!(out, "  {}", style.bold("Live extension (five minutes, on their own code)"));
        out.push_str(&wrap(&extension.to_string(), "    ", "    "));
    }
}

/// `text` wrapped to [`WIDTH`] columns at spaces: the first line after `first`, the others after
/// `rest`; a word longer than a line stays whole. Ends with a line break.
fn wrap(text: &str, first: &str, rest: &str) -> String {
    let mut out = String::new();
    let mut line = first.to_owned();
    let mut width = visible_width(first);
    let mut empty = true;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if !empty && width + 1 + len > WIDTH {
            out.push_str(line.trim_end());
            out.push('\n');
            line = rest.to_owned();
            width = rest.chars().count();
            empty = true;
        }
        if !empty {
            line.push(' ');
            width += 1;
        }
        line.push_str(word);
        width += len;
        empty = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

/// Characters of `text` a terminal shows (ANSI colour sequences left out).
fn visible_width(text: &str) -> usize {
    let mut width = 0;
    let mut in_escape = false;
    for c in text.chars() {
        match (in_escape, c) {
            (false, '\x1b') => in_escape = true,
            (true, 'm') => in_escape = false,
            (true, _) => {}
            (false, _) => width += 1,
        }
    }
    width
}

/// The guide as a Markdown section.
pub(super) fn markdown(guide: &Guide) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "### Interview guide\n");
    let _ = writeln!(out, "{}", inline(&Prose::parse(INTRO)));
    for exercise in &guide.exercises {
        let _ = writeln!(out, "\n#### {} ({}): {}\n", code(&exercise.id, false), exercise.level, text(&exercise.title));
        if let Some(asked) = &exercise.asked {
            let _ = writeln!(out, "- **Ask:** {}", inline(asked));
        }
        if let Some(good) = &exercise.good_answer {
            let _ = writeln!(out, "- **A good answer shows:** {}", inline(good));
        }
        if !exercise.terms.is_empty() {
            let _ = writeln!(out, "- **Terms:**");
            for (term, summary) in &exercise.terms {
                let _ = writeln!(out, "  - {}: {}", code(term, false), text(summary));
            }
        }
        let _ = writeln!(out, "- **Works:** {}", text(&exercise.works));
        let _ = writeln!(out, "- **Habits:** {}", inline(&exercise.habits));
        for flag in &exercise.flags {
            let summary = flag.summary.map(|summary| format!(": {}", text(summary))).unwrap_or_default();
            let _ = writeln!(out, "  - red flag {}{summary}", code(&flag.id, false));
            for place in flag.places.iter().take(MAX_PLACES) {
                let snippet = code(place.snippet.trim(), false);
                let _ = writeln!(out, "    - {}: {snippet}", code(&place.label(), false));
            }
            if flag.places.len() > MAX_PLACES {
                let _ = writeln!(out, "    - … and {} more places", flag.places.len() - MAX_PLACES);
            }
        }
        for error in &exercise.errors {
            let mut line = format!("  - compiler {}", code(error.code.as_deref().unwrap_or("error"), false));
            if let Some(place) = &error.place {
                let _ = write!(line, " at {}", code(place, false));
            }
            if let Some(summary) = error.summary {
                let _ = write!(line, ": {}", text(summary));
            }
            let _ = writeln!(out, "{line} (rustc: {})", text(&error.message));
        }
        if !exercise.follow_ups.is_empty() {
            let _ = writeln!(out, "- **Follow-up questions:**");
            for (index, question) in exercise.follow_ups.iter().enumerate() {
                let _ = writeln!(out, "  {}. {}", index + 1, inline(question));
            }
        }
        if let Some(explain) = &exercise.explain {
            let _ = writeln!(out, "- **Explain it yourself:** {}", inline(explain));
        }
        if let Some(extension) = &exercise.extension {
            let _ = writeln!(out, "- **Live extension (five minutes, on their own code):** {}", inline(extension));
        }
    }
    out
}

/// Prose as one Markdown line: words escaped, code in code spans.
fn inline(prose: &Prose) -> String {
    prose
        .0
        .iter()
        .map(|span| match span {
            Span::Plain(words) => {
                // `text` collapses whitespace, so keep the spaces at either end of a run.
                let lead = if words.starts_with(char::is_whitespace) { " " } else { "" };
                let trail = if words.ends_with(char::is_whitespace) && !words.trim().is_empty() { " " } else { "" };
                format!("{lead}{}{trail}", text(words))
            }
            Span::Code(raw) => code(raw, false),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exercise::ExerciseSet;
    use crate::report::fixture::fixture;

    fn guide() -> Guide {
        Guide::build(&fixture(), &ExerciseSet::embedded().expect("the embedded set"))
    }

    #[test]
    fn wrapping_keeps_words_whole_and_indents_the_rest() {
        let long = "word ".repeat(40);
        let wrapped = wrap(&long, "  Ask           ", "                ");
        let lines: Vec<&str> = wrapped.lines().collect();
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|line| line.chars().count() <= WIDTH), "{wrapped}");
        assert!(lines[1].starts_with("                word"), "{wrapped}");
        assert_eq!(wrap("x", "\x1b[1ma\x1b[0m ", "  "), "\x1b[1ma\x1b[0m x\n");
    }

    #[test]
    fn the_terminal_guide_quotes_the_candidates_lines_and_explains_ids() {
        let out = guide().terminal(Style::colored(false));
        assert!(out.starts_with("Interview guide: alice\n"), "{out}");
        assert!(
            out.contains("      junior-02-borrowing/src/lib.rs:31  let mut copy: Vec<Account> = accounts.to_vec();"),
            "{out}"
        );
        assert!(out.contains("red flag excess_clones: copies data just to get past"), "{out}");
        assert!(out.contains("compiler E0277 at mid-03-shared-ownership/src/lib.rs:44: a type lacks"), "{out}");
        assert!(out.contains("  Follow-up questions\n    1. "), "{out}");
        assert!(out.contains("  Explain it yourself\n"), "{out}");
        assert!(out.contains("  Live extension (five minutes, on their own code)\n"), "{out}");
    }

    #[test]
    fn the_markdown_guide_escapes_text_and_keeps_code_in_spans() {
        let out = guide().markdown();
        assert!(out.starts_with("### Interview guide\n"), "{out}");
        assert!(out.contains("\n#### `senior-01-send-sync` (senior): Share a counter\n"), "{out}");
        assert!(
            out.contains(
                "    - `junior-02-borrowing/src/lib.rs:31`: `let mut copy: Vec<Account> = accounts.to_vec();`"
            ),
            "{out}"
        );
        assert!(out.contains("  - compiler `E0277` at `mid-03-shared-ownership/src/lib.rs:44`: a type lacks"), "{out}");
        // A test message with Markdown syntax is escaped inside the question.
        assert!(
            out.contains("it stopped with “assertion \\`left == right\\` failed \\| left: \\<1\\> \\& \"one\"”"),
            "{out}"
        );
        assert!(out.contains("  1. At `junior-02-borrowing/src/lib.rs:31` (`let mut copy: Vec<Account> = accounts.to_vec();`) you make a copy"), "{out}");
    }
}
