//! The HTML pages in a real browser: `grader check --format html` over a graded hand-in, the HTML
//! of the fixture reports (one with hostile text in every field a candidate controls), and a
//! batch's `summary.html`, each opened by headless Chromium, which dumps the DOM it built and
//! takes a screenshot. The checks are what a person would see: the candidate's name, each level's
//! verdict, every exercise row, the hostile text shown as text and never run; and no `<script>`
//! element anywhere. Where Chromium is not installed the tests say so and skip, unless
//! `GRADER_REQUIRE_CHROMIUM` is set, as `.ci/run` does after installing it: then they fail.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{copy_tree, fixture, grader, read_report, read_summary, repo};
use grader::exercise::ExerciseSet;
use grader::report::{self, Guide, Report};
use wait_timeout::ChildExt;

const REQUIRE: &str = "GRADER_REQUIRE_CHROMIUM";
const HOSTILE: &str = "</style><script>alert(1)</script>";
/// Chromium's own time limit for one page, generous for a loaded two-core machine.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(180);

/// The Chromium binary; `None` (after saying so) where none is installed, unless [`REQUIRE`] is
/// set.
fn chromium() -> Option<&'static str> {
    let found = ["chromium", "chromium-browser"]
        .into_iter()
        .find(|name| Command::new(name).arg("--version").output().is_ok_and(|output| output.status.success()));
    if found.is_none() {
        assert!(
            std::env::var_os(REQUIRE).is_none(),
            "{REQUIRE} is set and Chromium is not installed: install it (Debian: apt-get install chromium)"
        );
        eprintln!(
            "note: Chromium is not installed (apt-get install chromium); the HTML pages are not opened in a browser"
        );
    }
    found
}

/// What the browser made of one page.
struct Seen {
    /// The DOM after parsing, serialized.
    dom: String,
    /// The text a person reads: the DOM without tags (and without the style sheet), entities
    /// decoded, white space collapsed.
    text: String,
}

/// Runs Chromium headless on `args` and `page`; its stdout.
fn browse(browser: &str, profile: &Path, args: &[String], page: &Path) -> String {
    let mut child = Command::new(browser)
        .args(["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars"])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut text).expect("chromium's stdout");
        text
    });
    match child.wait_timeout(BROWSER_TIMEOUT).expect("wait for chromium") {
        Some(status) => assert!(status.success(), "chromium failed on {}: {status}", page.display()),
        None => {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish {} within {BROWSER_TIMEOUT:?}", page.display());
        }
    }
    reader.join().expect("reader")
}

/// Opens `page` in Chromium: its DOM and text, and a screenshot checked to be a real PNG of the
/// window's width, big enough to hold a page.
fn open(browser: &str, page: &Path) -> Seen {
    let work = tempfile::tempdir().expect("temp dir");
    let dom = browse(browser, &work.path().join("profile-dom"), &["--dump-dom".to_owned()], page);
    assert!(dom.contains("</html>"), "no DOM dumped for {}:\n{dom}", page.display());
    let png = work.path().join("page.png");
    browse(
        browser,
        &work.path().join("profile-shot"),
        &[format!("--screenshot={}", png.display()), "--window-size=1200,2000".to_owned()],
        page,
    );
    let bytes = std::fs::read(&png).unwrap_or_else(|err| panic!("no screenshot of {}: {err}", page.display()));
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "the screenshot is not a PNG");
    let width = u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]);
    assert_eq!(width, 1200, "the screenshot has the window's width");
    assert!(bytes.len() > 20_000, "a screenshot of {} bytes is blank, not a page", bytes.len());
    let text = text_of(&dom);
    Seen { dom, text }
}

/// The text of a serialized DOM: the style sheet dropped, every tag a space, entities decoded,
/// white space collapsed.
fn text_of(dom: &str) -> String {
    let mut rest = dom;
    let mut raw = String::new();
    while let Some(open) = rest.find('<') {
        raw.push_str(&rest[..open]);
        raw.push(' ');
        let tail = &rest[open..];
        let skip =
            if tail.starts_with("<style") { tail.find("</style>").map(|end| end + "</style>".len()) } else { None };
        let end = skip.or_else(|| tail.find('>').map(|end| end + 1)).unwrap_or(tail.len());
        rest = &tail[end..];
    }
    raw.push_str(rest);
    let decoded = raw
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What a person must read on the page of `report`: its name, each level's row with its verdict,
/// each exercise's row; and no script element.
fn assert_shows_report(seen: &Seen, report: &Report) {
    assert!(!seen.dom.to_ascii_lowercase().contains("<script"), "a <script> element in the DOM");
    let text = &seen.text;
    assert!(text.contains(&format!("Grading report: {}", report.submission)), "the candidate's name:\n{text}");
    for (level, score) in &report.levels {
        let row = format!(
            "{level} {}/{} ({:.1}%) {}/{} ({:.1}%) {}/{} {}",
            score.works.points,
            score.works.max,
            score.works.percent,
            score.habits.points,
            score.habits.max,
            score.habits.percent,
            score.clean,
            score.judged,
            score.verdict.as_str()
        );
        assert!(text.contains(&row), "the {level} row {row:?} with its verdict:\n{text}");
    }
    for exercise in &report.exercises {
        let status = serde_json::to_value(exercise.status).expect("status");
        let habit = serde_json::to_value(exercise.habits.verdict).expect("habit verdict");
        let row = format!(
            "{} {} {} {}/{} {}/{} {} {}",
            exercise.id,
            exercise.level,
            status.as_str().expect("a string").replace('_', " "),
            exercise.works.points,
            exercise.works.max,
            exercise.habits.points,
            exercise.habits.max,
            habit.as_str().expect("a string").replace('_', " "),
            exercise.title
        );
        assert!(text.contains(&row), "the exercise row {row:?}:\n{text}");
    }
    assert!(text.contains("Interview guide"), "the interview guide");
    assert!(text.contains("Sandbox"), "the sandbox summary");
}

/// A fixture report rendered by the library, written to `dir`.
fn write_page(dir: &Path, report: &Report) -> PathBuf {
    let set = ExerciseSet::embedded().expect("the embedded set");
    let path = dir.join("page.html");
    std::fs::write(&path, report::html(report, &Guide::build(report, &set))).expect("write the page");
    path
}

#[test]
fn the_fixture_reports_read_in_a_browser_and_hostile_text_stays_text() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let mut report = common::read_report(&repo("tests/fixtures/reports/alice.json"));
    let seen = open(browser, &write_page(dir.path(), &report));
    assert_shows_report(&seen, &report);
    let evidence =
        report.exercises.iter().flat_map(|e| &e.red_flags).flat_map(|f| &f.evidence).next().expect("evidence");
    let place = format!("{}:{} {}", evidence.file, evidence.line, evidence.snippet);
    assert!(seen.text.contains(&place), "the candidate's own line {place:?}:\n{}", seen.text);

    // Candidate text everywhere it can be: shown as the characters it is, never markup.
    report.submission = format!("eve {HOSTILE}");
    for exercise in &mut report.exercises {
        for test in &mut exercise.tests {
            test.message = Some(format!("assertion failed: {HOSTILE}"));
        }
        for flag in &mut exercise.red_flags {
            for evidence in &mut flag.evidence {
                evidence.snippet = format!("let x = \"{HOSTILE}\";");
            }
        }
    }
    let seen = open(browser, &write_page(dir.path(), &report));
    assert!(!seen.dom.to_ascii_lowercase().contains("<script"), "the hostile text became a script element");
    assert!(seen.text.contains(&format!("Grading report: eve {HOSTILE}")), "{}", seen.text);
    assert!(seen.text.contains(&format!("let x = \"{HOSTILE}\";")), "the snippet shows as text");
    assert!(seen.text.contains(&format!("assertion failed: {HOSTILE}")), "the message shows as text");
    assert_shows_report(&seen, &report);
}

#[test]
fn check_format_html_and_a_batch_summary_read_in_a_browser() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let exercises = ["--exercise", "junior-02-borrowing", "--exercise", "junior-03-shared-vs-mut"];
    let common = ["--test-timeout", "5", "--sandbox", "process"];

    // One hand-in, graded through the command line.
    let output = grader()
        .arg("check")
        .arg(fixture("sample"))
        .args(["--format", "html"])
        .args(exercises)
        .args(common)
        .output()
        .expect("grader starts");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let page = dir.path().join("sample.html");
    std::fs::write(&page, &output.stdout).expect("write the page");
    let json = grader()
        .arg("check")
        .arg(fixture("sample"))
        .args(["--format", "json"])
        .args(exercises)
        .args(common)
        .output()
        .expect("grader starts");
    let report = common::report_from(&json);
    let seen = open(browser, &page);
    assert_shows_report(&seen, &report);
    assert!(seen.text.contains("junior-03-shared-vs-mut/src/lib.rs:12"), "the candidate's own line:\n{}", seen.text);

    // A batch: sample, a renamed copy of it (a similar pair) and partial.
    let subs = dir.path().join("subs");
    copy_tree(&fixture("sample"), &subs.join("sample"));
    copy_tree(&fixture("sample"), &subs.join("sample-copy"));
    copy_tree(&fixture("partial"), &subs.join("partial"));
    let out = dir.path().join("out");
    let output = grader()
        .arg("batch")
        .arg(&subs)
        .arg("--out")
        .arg(&out)
        .arg("--no-cache")
        .args(exercises)
        .args(common)
        .output()
        .expect("grader starts");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let summary = read_summary(&out.join("summary.json"));
    let seen = open(browser, &out.join("summary.html"));
    assert!(!seen.dom.to_ascii_lowercase().contains("<script"));
    let text = &seen.text;
    assert!(text.contains("Grading summary: 3 submissions"), "{text}");
    for line in &summary.submissions {
        let report = read_report(&out.join("reports").join(format!("{}.json", line.submission)));
        assert!(text.contains(&line.submission), "{}", line.submission);
        for (level, score) in &report.levels {
            let cell = format!("{} {:.1}% works {:.1}%", score.verdict.as_str(), score.percent, score.works.percent);
            assert!(text.contains(&cell), "{} {level}: {cell:?} in\n{text}", line.submission);
        }
    }
    assert!(!summary.similar_pairs.is_empty(), "a renamed copy is a similar pair");
    for pair in &summary.similar_pairs {
        assert!(
            text.contains(&format!("{} and {} on {} score {:.2}", pair.a, pair.b, pair.exercise, pair.score)),
            "{text}"
        );
    }
    for section in ["Candidates by level", "Score distribution", "Candidates by exercise", "Exercises", "Not graded"] {
        assert!(text.contains(section), "{section}");
    }

    // `rescore` rewrites the page with the rest of the summary.
    std::fs::remove_file(out.join("summary.html")).expect("remove");
    let output = grader().arg("rescore").arg(&out).output().expect("grader starts");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(out.join("summary.html").is_file(), "rescore writes summary.html again");
}
