//! GitHub-flavoured Markdown for `$GITHUB_STEP_SUMMARY` or a pull-request comment: text from the
//! report is escaped so a `|` or `<` in a message cannot break a table or turn into HTML. The
//! shape is in `docs/formats.md`. The main function is [`markdown`].

use std::fmt::Write as _;

use super::model::{ExerciseReport, ExerciseStatus, Level, RedFlag, Report, Score, TestReport, TestStatus};
use super::names::{
    error_label, first_line, fraction, habit_verdict_name, one_line, place, red_flag_count, status_name,
    test_status_name,
};
use super::BatchNotes;

/// Longest test message quoted in a Markdown table cell, in characters.
const MAX_MESSAGE_CHARS: usize = 160;
/// Most failing tests listed in one Markdown table cell.
const MAX_TESTS_SHOWN: usize = 8;
/// Most places listed under one red flag in Markdown.
const MAX_EVIDENCE_SHOWN: usize = 5;

/// GitHub-flavoured Markdown for one submission, for `$GITHUB_STEP_SUMMARY` or a PR comment.
///
/// A heading with the submission, score and estimated level; a line with the two measures; a table
/// `| exercise | level | status | works | habits | failing tests | red flags |`; a per-level
/// verdict table `| level | works | habits | clean | verdict |`; the red flags with every `file:line` that shows them; the manual reviews of written
/// answers; the checks that did not run. Text from the report is escaped, so a `|` or `<` in a
/// message cannot break the table or turn into HTML.
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## {}: {}, estimated level: {}\n",
        text(&report.submission),
        fraction(report.score),
        estimated_level(report.estimated_level)
    );
    let _ = writeln!(out, "Graded by grader {} with {}.\n", text(&report.grader_version), text(&report.toolchain));
    for note in &report.notes {
        let _ = writeln!(out, "> Note: {}\n", text(note));
    }
    let _ = writeln!(
        out,
        "Works (tests and checks): {}. Habits (the good answers of the questions, not their red flags): {}.\n",
        fraction(report.works),
        fraction(report.habits)
    );
    if let Some(testing) = report.testing {
        let _ = writeln!(
            out,
            "Testing (buggy versions caught by the candidate's own tests, a bonus measure): {}.\n",
            fraction(testing)
        );
    }

    let _ = writeln!(out, "| exercise | level | status | works | habits | failing tests | red flags |");
    let _ = writeln!(out, "|---|---|---|---:|---:|---|---|");
    for exercise in &report.exercises {
        let flags: Vec<String> = exercise
            .red_flags
            .iter()
            .map(|flag| format!("{}{}", code(&flag.id, true), penalty_suffix(flag.penalty)))
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {}/{} | {}/{} {} | {} | {} |",
            code(&exercise.id, true),
            exercise.level,
            status_name(exercise.status),
            exercise.works.points,
            exercise.works.max,
            exercise.habits.points,
            exercise.habits.max,
            habit_verdict_name(exercise.habits.verdict),
            failing_tests_cell(exercise),
            flags.join("<br>")
        );
    }

    let _ = writeln!(out, "\n### Levels\n");
    let _ = writeln!(out, "| level | works | habits | clean | verdict |");
    let _ = writeln!(out, "|---|---:|---:|---:|---|");
    for (level, score) in &report.levels {
        let _ = writeln!(
            out,
            "| {level} | {} | {} | {}/{} | {} |",
            fraction(score.works),
            fraction(score.habits),
            score.clean,
            score.judged,
            score.verdict.as_str()
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
                if let Some(at) = place(flag.file.as_deref(), flag.line) {
                    let _ = writeln!(out, "  - {}", code(&at, false));
                }
            }
        }
    }

    let tested: Vec<&ExerciseReport> = report.exercises.iter().filter(|e| e.candidate_tests.is_some()).collect();
    if !tested.is_empty() {
        let _ = writeln!(out, "\n### The candidate's own tests\n");
        for exercise in tested {
            let Some(tests) = &exercise.candidate_tests else { continue };
            let _ = writeln!(
                out,
                "- {}: {} tests caught {} of the exercise's buggy versions",
                code(&exercise.id, false),
                tests.tests.len(),
                fraction(tests.testing)
            );
            for problem in &tests.problems {
                let _ = writeln!(out, "  - {}", text(problem));
            }
            for test in tests.wrong_tests() {
                let why = test.message.as_deref().and_then(crate::report::informative_line).unwrap_or_default();
                let _ = writeln!(out, "  - wrong test {}: {}", code(&test.name, false), text(why));
            }
            for chaff in tests.missed() {
                let _ = writeln!(out, "  - missed: {}", text(&chaff.bug));
            }
        }
    }

    let decided: Vec<&ExerciseReport> = report.exercises.iter().filter(|e| e.review.is_some()).collect();
    if !decided.is_empty() {
        let _ = writeln!(out, "\n### What a person decided\n");
        for exercise in decided {
            let Some(review) = &exercise.review else { continue };
            let points = match review.habits {
                Some(points) => format!(
                    ": habits {points}/{} (the grader gave {}/{})",
                    exercise.habits.max, review.grader_habits, exercise.habits.max
                ),
                None => String::new(),
            };
            let note = review.note.as_deref().map(|note| format!(". {}", text(note))).unwrap_or_default();
            let _ =
                writeln!(out, "- {} reviewed by {}{points}{note}", code(&exercise.id, false), text(&review.reviewer));
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
/// `| submission | score % | works % | habits % | junior | mid | senior | estimated level | red flags |`,
/// each level cell holding `points/max (percent%) verdict` (`—` when the level was not graded) and the last
/// column the number of red flags.
pub fn markdown_batch(reports: &[Report], notes: &BatchNotes) -> String {
    let mut out = String::new();
    let plural = if reports.len() == 1 { "" } else { "s" };
    let _ = writeln!(out, "## Grading summary: {} submission{plural}\n", reports.len());
    let _ = write!(out, "| submission | score % | works % | habits % |");
    for level in Level::ALL {
        let _ = write!(out, " {level} |");
    }
    let _ = writeln!(out, " estimated level | red flags |");
    let _ = writeln!(out, "|---|---:|---:|---:|{}---|---:|", "---|".repeat(Level::ALL.len()));
    for report in reports {
        let _ = write!(
            out,
            "| {} | {:.1} | {:.1} | {:.1} |",
            text(&report.submission),
            report.score.percent,
            report.works.percent,
            report.habits.percent
        );
        for level in Level::ALL {
            match report.levels.get(&level) {
                Some(score) => {
                    let total = Score { points: score.points, max: score.max, percent: score.percent };
                    let _ = write!(out, " {} {} |", fraction(total), score.verdict.as_str());
                }
                None => out.push_str(" — |"),
            }
        }
        let _ = writeln!(out, " {} | {} |", estimated_level(report.estimated_level), red_flag_count(report));
    }
    if !notes.not_graded.is_empty() {
        let _ = writeln!(out, "\n### Not graded\n\n| submission | why |\n|---|---|");
        for (submission, why) in &notes.not_graded {
            let _ = writeln!(out, "| {} | {} |", text(submission), text(&truncate(&one_line(why), MAX_MESSAGE_CHARS)));
        }
    }
    if !notes.similar.is_empty() {
        let _ = writeln!(
            out,
            "\n### Similar code (for a person to look at, never a verdict)\n\n| exercise | submissions | score |\n|---|---|---:|"
        );
        for (exercise, a, b, score) in &notes.similar {
            let _ = writeln!(out, "| {} | {} and {} | {score:.2} |", code(exercise, true), text(a), text(b));
        }
    }
    out
}

/// The `failing tests` cell of an exercise's row.
fn failing_tests_cell(exercise: &ExerciseReport) -> String {
    match exercise.status {
        ExerciseStatus::Missing => return "not handed in".to_owned(),
        ExerciseStatus::NotAttempted => return "not attempted (came back as handed out)".to_owned(),
        ExerciseStatus::CompileError => {
            let Some(error) = exercise.compile_errors.first() else {
                return "does not compile".to_owned();
            };
            let at = place(error.file.as_deref(), error.line)
                .map(|place| format!(" at {}", code(&place, true)))
                .unwrap_or_default();
            return format!(
                "does not compile: {}{at}: {}",
                text(&error_label(error.code.as_deref())),
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
pub(super) fn text(raw: &str) -> String {
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
pub(super) fn code(raw: &str, in_table: bool) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture::{fixture, named};

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
        assert!(out.starts_with("## alice: 45/80 (56.3%), estimated level: junior\n"), "{out}");
        let header = "| exercise | level | status | works | habits | failing tests | red flags |";
        assert_table_rectangular(&out, header);
        assert_table_rectangular(&out, "| level | works | habits | clean | verdict |");
        assert!(out.contains("| junior | 6/6 (100.0%) | 13/15 (86.7%) | 0/1 | pass |"), "{out}");
        assert!(out.contains("Works (tests and checks): 9/27 (33.3%)"), "{out}");
        assert!(out.contains("| `junior-02-borrowing` | junior | passed | 6/6 | 13/15 red_flag |"), "{out}");
        assert!(
            out.contains("| `senior-04-api-design` | senior | missing | 0/6 | 0/0 not_judged | not handed in |  |"),
            "{out}"
        );
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
        let out = markdown_batch(&[fixture(), weak], &BatchNotes::default());
        let header =
            "| submission | score % | works % | habits % | junior | mid | senior | estimated level | red flags |";
        assert_table_rectangular(&out, header);
        let rows: Vec<&str> = out.lines().filter(|l| l.starts_with('|')).collect();
        assert_eq!(rows.len(), 4, "header, delimiter, two submissions");
        assert_eq!(
            rows[2],
            "| alice | 56.3 | 33.3 | 67.9 | 19/21 (90.5%) pass | 0/19 (0.0%) fail | 26/40 (65.0%) fail | junior | 2 |"
        );
        assert!(rows[3].starts_with("| bob \\| the \\<builder\\> | 56.3 |"), "{}", rows[3]);
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
