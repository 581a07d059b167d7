//! `summary.html`, the page of a batch to share: candidates by level (verdicts and percents), a
//! heat map of candidates by exercise, the score distribution, each exercise's pass rate, the
//! submissions that could not be graded, and the similar pairs with their code side by side. Like
//! every summary file it is computed from the output folder alone (`summary.rs`), so a merge or a
//! rescore rewrites it identically; it reuses the report page's style sheet, badges and charts
//! (`report::html`), and holds no script and nothing from the network. The main function is
//! [`summary_html`].

use std::collections::{BTreeMap, BTreeSet};

use maud::{html, Markup};

use super::similarity::SimilarPair;
use super::summary::Summary;
use crate::report::html::{chart, page, percent, status_label, verdict_badge};
use crate::report::{ExerciseReport, ExerciseStatus, Level, Report, Score};

/// Most diff lines shown side by side per similar pair.
const MAX_DIFF_ROWS: usize = 120;

/// The page of a batch: its summary and the reports it was computed from.
pub fn summary_html(summary: &Summary, reports: &[Report]) -> String {
    let count = summary.submissions.len();
    let title = format!("Grading summary: {count} submission{}", if count == 1 { "" } else { "s" });
    let body = html! {
        header {
            h1 { (title) }
            p class="meta" {
                (count) " graded"
                @if !summary.failures.is_empty() { ", " (summary.failures.len()) " not graded" }
                @if !summary.similar_pairs.is_empty() { ", " (summary.similar_pairs.len()) " similar pairs to look at" }
                ". Each candidate's own page: " code { "grader check <hand-in> --format html" } "."
            }
        }
        (candidates(summary))
        (distribution(summary))
        (heat_map(reports))
        (pass_rates(reports))
        (failures(summary))
        (similar(summary))
    };
    page(&title, body)
}

fn candidates(summary: &Summary) -> Markup {
    // Only the levels some submission was graded on.
    let levels: Vec<Level> = Level::ALL
        .into_iter()
        .filter(|level| summary.submissions.iter().any(|s| s.levels.contains_key(level)))
        .collect();
    html! {
        section id="candidates" {
            h2 { "Candidates by level" }
            p { "A level's verdict needs both measures: its code works, and most of its exercises show the good habit of their question, not its red flag." }
            table {
                thead {
                    tr {
                        th { "submission" } th class="num" { "score" }
                        @for level in &levels { th { (level.as_str()) } }
                        th { "estimated level" } th class="num" { "red flags" }
                    }
                }
                tbody {
                    @for line in &summary.submissions {
                        tr {
                            td { (line.submission) }
                            td class="num" { (percent(line.score.percent)) }
                            @for level in &levels {
                                @match line.levels.get(level) {
                                    Some(score) => td {
                                        (verdict_badge(score.verdict)) " " (percent(score.percent))
                                        br;
                                        span class="meta" { "works " (percent(score.works.percent)) ", habits " (percent(score.habits.percent)) }
                                    },
                                    None => td class="muted" { "—" },
                                }
                            }
                            td { (line.estimated_level.map_or("none", Level::as_str)) }
                            td class="num" { (line.red_flags) }
                        }
                    }
                }
            }
        }
    }
}

fn distribution(summary: &Summary) -> Markup {
    let scores: Vec<f64> = summary.submissions.iter().map(|line| line.score.percent).collect();
    html! {
        section id="distribution" {
            h2 { "Score distribution" }
            @if scores.is_empty() { p { "No submission was graded." } }
            @else { figure { (chart::histogram(&scores, "score")) figcaption class="meta" { "Submissions per ten points of overall score." } } }
        }
    }
}

/// An exercise's percent, both measures together.
fn exercise_percent(exercise: &ExerciseReport) -> f64 {
    Score::new(exercise.points, exercise.max).percent
}

/// Every exercise id graded in any report, in id order.
fn exercise_ids(reports: &[Report]) -> Vec<String> {
    let ids: BTreeSet<&str> = reports.iter().flat_map(|r| r.exercises.iter().map(|e| e.id.as_str())).collect();
    ids.into_iter().map(str::to_owned).collect()
}

fn heat_map(reports: &[Report]) -> Markup {
    let ids = exercise_ids(reports);
    html! {
        section id="heat-map" {
            h2 { "Candidates by exercise" }
            p { "Each cell is the exercise's percent (works and habits together): red 0 %, amber 50 %, green 100 %; "
                "a dash when the exercise was not part of that candidate's grading." }
            table class="heat" {
                thead { tr { th { "submission" } @for id in &ids { th class="exercise" { (id) } } } }
                tbody {
                    @for report in reports {
                        tr {
                            td { (report.submission) }
                            @for id in &ids {
                                @match report.exercises.iter().find(|e| &e.id == id) {
                                    Some(exercise) => td class="cell" style=(chart::heat_style(exercise_percent(exercise)))
                                        title={ (id) ": " (status_label(exercise.status)) } {
                                        (format!("{:.0}", exercise_percent(exercise)))
                                    },
                                    None => td class="cell muted" { "—" },
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Per exercise: how many submissions graded it ended in each status, and their mean percent.
#[derive(Default)]
struct Rate {
    graded: usize,
    passed: usize,
    partial: usize,
    failed: usize,
    not_handed_in: usize,
    percent_sum: f64,
}

fn pass_rates(reports: &[Report]) -> Markup {
    let mut rates: BTreeMap<String, (String, Rate)> = BTreeMap::new();
    for exercise in reports.iter().flat_map(|report| &report.exercises) {
        let (_, rate) = rates.entry(exercise.id.clone()).or_insert_with(|| (exercise.title.clone(), Rate::default()));
        rate.graded += 1;
        rate.percent_sum += exercise_percent(exercise);
        match exercise.status {
            ExerciseStatus::Passed => rate.passed += 1,
            ExerciseStatus::Partial => rate.partial += 1,
            ExerciseStatus::Failed | ExerciseStatus::CompileError => rate.failed += 1,
            ExerciseStatus::Missing | ExerciseStatus::NotAttempted => rate.not_handed_in += 1,
        }
    }
    html! {
        section id="pass-rates" {
            h2 { "Exercises" }
            table {
                thead {
                    tr {
                        th { "exercise" } th { "title" } th class="num" { "passed" } th class="num" { "partial" }
                        th class="num" { "failed or not compiling" } th class="num" { "not handed in or attempted" }
                        th { "pass rate" } th class="num" { "mean percent" }
                    }
                }
                tbody {
                    @for (id, (title, rate)) in &rates {
                        @let pass_rate = 100.0 * rate.passed as f64 / rate.graded.max(1) as f64;
                        tr {
                            td class="id" { code { (id) } } td { (title) }
                            td class="num" { (rate.passed) } td class="num" { (rate.partial) }
                            td class="num" { (rate.failed) } td class="num" { (rate.not_handed_in) }
                            td { (chart::meter(pass_rate)) " " (percent(pass_rate)) }
                            td class="num" { (percent(rate.percent_sum / rate.graded.max(1) as f64)) }
                        }
                    }
                }
            }
        }
    }
}

fn failures(summary: &Summary) -> Markup {
    html! {
        section id="failures" {
            h2 { "Not graded" }
            @if summary.failures.is_empty() { p { "Every submission was graded." } }
            @else {
                table {
                    thead { tr { th { "submission" } th { "why" } } }
                    tbody { @for failure in &summary.failures { tr { td { (failure.submission) } td { pre { (failure.error) } } } } }
                }
            }
        }
    }
}

fn similar(summary: &Summary) -> Markup {
    html! {
        section id="similarity" {
            h2 { "Similar code" }
            p { "Pairs of submissions whose code for one exercise is alike (starter code left out), for a person to compare: "
                "a high score is a reason to look, not a verdict. See docs/similarity.md." }
            @if summary.similar_pairs.is_empty() { p { "No pair of submissions is alike." } }
            @for pair in &summary.similar_pairs { (similar_pair(pair)) }
            @if !summary.reference_matches.is_empty() {
                h3 { "Alike the reference solution" }
                table {
                    thead { tr { th { "submission" } th { "exercise" } th class="num" { "score" } } }
                    tbody {
                        @for hit in &summary.reference_matches {
                            tr { td { (hit.submission) } td { code { (hit.exercise) } } td class="num" { (format!("{:.2}", hit.score)) } }
                        }
                    }
                }
            }
        }
    }
}

fn similar_pair(pair: &SimilarPair) -> Markup {
    let rows = side_by_side(&pair.diff);
    html! {
        div class="card" {
            h3 { (pair.a) " and " (pair.b) span class="muted" { "on" } code { (pair.exercise) } span { "score " (format!("{:.2}", pair.score)) } }
            @if !pair.regions.is_empty() {
                ul {
                    @for region in &pair.regions {
                        li {
                            (pair.a) " " code { (region.file_a) ":" (region.lines_a.0) "–" (region.lines_a.1) }
                            " matches " (pair.b) " " code { (region.file_b) ":" (region.lines_b.0) "–" (region.lines_b.1) }
                        }
                    }
                }
            }
            @if rows.is_empty() {
                p { "Their most alike files are byte for byte the same." }
            } @else {
                div class="side-by-side" {
                    div class="head" { (pair.a) } div class="head" { (pair.b) }
                    @for row in rows.iter().take(MAX_DIFF_ROWS) {
                        @match row {
                            Row::Same(line) => { div class="same" { (line) } div class="same" { (line) } }
                            Row::Apart(left, right) => {
                                div class="only" { (left.as_deref().unwrap_or("")) }
                                div class="only" { (right.as_deref().unwrap_or("")) }
                            }
                            Row::Gap(header) => { div class="gap" { (header) } div class="gap" { (header) } }
                        }
                    }
                }
                @if rows.len() > MAX_DIFF_ROWS { p class="muted" { "… and " (rows.len() - MAX_DIFF_ROWS) " more lines" } }
                p class="meta" { "Lines both have are highlighted; the others are each side's own." }
            }
        }
    }
}

/// One row of a side-by-side view of a unified diff.
#[derive(Debug, PartialEq)]
enum Row {
    /// A line both files have.
    Same(String),
    /// Lines only one side has, paired up in order.
    Apart(Option<String>, Option<String>),
    /// A hunk header: lines left out between.
    Gap(String),
}

/// The rows of a unified diff (`a`'s file first), its `-` and `+` runs paired line by line.
fn side_by_side(diff: &str) -> Vec<Row> {
    let mut rows = Vec::new();
    let (mut left, mut right): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    let flush = |rows: &mut Vec<Row>, left: &mut Vec<&str>, right: &mut Vec<&str>| {
        let (mut l, mut r) = (left.drain(..), right.drain(..));
        loop {
            match (l.next(), r.next()) {
                (None, None) => break,
                (a, b) => rows.push(Row::Apart(a.map(str::to_owned), b.map(str::to_owned))),
            }
        }
    };
    for line in diff.lines() {
        if line.starts_with("--- ") || line.starts_with("+++ ") || line.starts_with('\\') {
            continue;
        }
        if line.starts_with("@@") {
            flush(&mut rows, &mut left, &mut right);
            rows.push(Row::Gap(line.to_owned()));
        } else if let Some(rest) = line.strip_prefix('-') {
            left.push(rest);
        } else if let Some(rest) = line.strip_prefix('+') {
            right.push(rest);
        } else {
            flush(&mut rows, &mut left, &mut right);
            rows.push(Row::Same(line.strip_prefix(' ').unwrap_or(line).to_owned()));
        }
    }
    flush(&mut rows, &mut left, &mut right);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::run::Failure;
    use crate::batch::similarity::Region;
    use crate::batch::summary::SubmissionSummary;

    const HOSTILE: &str = "</style><script>alert(1)</script>";

    fn report(name: &str) -> Report {
        let json = include_str!("../../../tests/fixtures/reports/alice.json");
        let mut report = Report::from_json(json.as_bytes()).expect("the fixture reads");
        report.submission = name.to_owned();
        report
    }

    fn summary(reports: &[Report]) -> Summary {
        Summary {
            schema_version: 1,
            submissions: reports
                .iter()
                .map(|r| SubmissionSummary {
                    submission: r.submission.clone(),
                    score: r.score,
                    levels: r.levels.clone(),
                    estimated_level: r.estimated_level,
                    red_flags: 1,
                })
                .collect(),
            failures: vec![Failure { submission: "carol".into(), error: format!("cannot read: {HOSTILE}") }],
            similar_pairs: vec![SimilarPair {
                exercise: "junior-02-borrowing".into(),
                a: "alice".into(),
                b: HOSTILE.into(),
                score: 0.93,
                regions: vec![Region {
                    file_a: "src/lib.rs".into(),
                    lines_a: (3, 9),
                    file_b: "src/lib.rs".into(),
                    lines_b: (4, 10),
                }],
                diff: format!(
                    "--- a/src/lib.rs\n+++ b/src/lib.rs\n@@ -1,3 +1,3 @@\n fn shared() {{}}\n-let a = 1;\n+let b = \"{HOSTILE}\";\n fn end() {{}}\n"
                ),
            }],
            reference_matches: Vec::new(),
        }
    }

    #[test]
    fn a_unified_diff_becomes_rows_side_by_side() {
        let rows = side_by_side("--- a/x\n+++ b/x\n@@ -1 +1 @@\n same\n-old\n-older\n+new\n tail\n");
        assert_eq!(
            rows,
            vec![
                Row::Gap("@@ -1 +1 @@".into()),
                Row::Same("same".into()),
                Row::Apart(Some("old".into()), Some("new".into())),
                Row::Apart(Some("older".into()), None),
                Row::Same("tail".into()),
            ]
        );
        assert!(side_by_side("").is_empty());
    }

    #[test]
    fn the_page_has_every_section_and_escapes_candidate_text() {
        let reports = [report("alice"), report(HOSTILE)];
        let out = summary_html(&summary(&reports), &reports);
        assert!(out.starts_with("<!DOCTYPE html>"));
        for section in ["candidates", "distribution", "heat-map", "pass-rates", "failures", "similarity"] {
            assert!(out.contains(&format!("<section id=\"{section}\">")), "{section}");
        }
        assert!(out.contains("<h1>Grading summary: 2 submissions</h1>"));
        assert!(out.contains("fn shared() {}"), "the code both have");
        assert!(!out.contains("<script"), "{out}");
        assert!(out.contains("&lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert_eq!(out.matches("</style>").count(), 1);
    }
}
