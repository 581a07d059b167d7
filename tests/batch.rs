//! End-to-end tests of `grader batch`, `rescore` and `merge`: reports per submission, a summary,
//! resuming a killed batch, shards merged back, rescoring without a toolchain, CI formats and
//! similarity between submissions. Reports and summaries are read as the library's typed
//! [`Report`] and [`Summary`] (`tests/common/mod.rs`).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{copy_tree, exercise, grader, parse_strict, read_failures, read_report, read_summary, repo, run, write};
use grader::batch::Summary;
use grader::report::{ExerciseStatus, Score, TestStatus};

const EXERCISES: [&str; 2] = ["junior-02-borrowing", "mid-03-shared-ownership"];

/// `grader batch` over `paths` into `out`, limited to the two fixture exercises, no cache.
fn batch(paths: &[&Path], out: &Path, extra: &[&str]) -> Output {
    let mut command = grader();
    command.arg("batch").args(paths).arg("--out").arg(out).args(["--no-cache", "--test-timeout", "3"]).args(extra);
    for id in EXERCISES {
        command.args(["--exercise", id]);
    }
    command.output().expect("grader starts")
}

/// good (references), partial (fixture), broken (untouched starters), hostile (hangs, plants a
/// build script and a cargo config).
fn four_submissions(root: &Path) -> PathBuf {
    let subs = root.join("subs");
    for id in EXERCISES {
        copy_tree(&repo(&format!("exercises/{id}/solution")), &subs.join("good").join(id));
        copy_tree(&repo(&format!("exercises/{id}/starter")), &subs.join("broken").join(id));
    }
    copy_tree(&repo("tests/fixtures/submissions/partial"), &subs.join("partial"));
    copy_tree(&repo("tests/fixtures/submissions/infinite-loop"), &subs.join("hostile"));
    write(
        &subs.join("hostile/junior-02-borrowing/build.rs"),
        "fn main() { std::fs::write(\"/tmp/pwned\", \"x\").ok(); }",
    );
    write(&subs.join("hostile/junior-02-borrowing/.cargo/config.toml"), "[build]\nrustc-wrapper = \"/bin/false\"\n");
    subs
}

/// `xmllint`, which validates against an XSD; `None` (after saying so) where it is not installed,
/// unless `GRADER_REQUIRE_XMLLINT` is set, as `.ci/run` does, which installs it.
fn xmllint() -> Option<&'static str> {
    let found = Command::new("xmllint").arg("--version").output().is_ok_and(|out| out.status.success());
    if !found {
        assert!(
            std::env::var_os("GRADER_REQUIRE_XMLLINT").is_none(),
            "xmllint is required here: install it (Debian: apt-get install libxml2-utils)"
        );
        eprintln!("note: xmllint is not installed (apt-get install libxml2-utils); JUnit schema validation skipped");
        return None;
    }
    Some("xmllint")
}

/// Validates a JUnit file against `tests/fixtures/junit/junit.xsd`; the error is xmllint's.
fn validate_junit(path: &Path) -> Option<Result<(), String>> {
    let xmllint = xmllint()?;
    let output = Command::new(xmllint)
        .arg("--noout")
        .arg("--schema")
        .arg(repo("tests/fixtures/junit/junit.xsd"))
        .arg(path)
        .output()
        .expect("xmllint runs");
    Some(if output.status.success() { Ok(()) } else { Err(String::from_utf8_lossy(&output.stderr).into_owned()) })
}

fn assert_valid_junit(path: &Path) {
    if let Some(Err(errors)) = validate_junit(path) {
        panic!("{} does not validate against the JUnit schema:\n{errors}", path.display());
    }
}

/// `(submission, score)` of every graded submission of a summary, in its order.
fn scores(summary: &Summary) -> Vec<(String, Score)> {
    summary.submissions.iter().map(|s| (s.submission.clone(), s.score)).collect()
}

#[test]
fn a_batch_writes_one_report_per_submission_and_a_summary_in_every_format() {
    let dir = tempfile::tempdir().expect("temp dir");
    let subs = four_submissions(dir.path());
    let out = dir.path().join("out");
    let output = batch(&[&subs], &out, &["--format", "json"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    for name in ["good", "partial", "broken", "hostile"] {
        let report = read_report(&out.join("reports").join(format!("{name}.json")));
        assert_eq!(report.submission, name);
        assert_eq!(report.exercises.len(), EXERCISES.len(), "{name}");
    }
    let summary = read_summary(&out.join("summary.json"));
    let printed: Summary = parse_strict(&output.stdout).expect("the summary on stdout");
    assert_eq!(printed, summary);
    assert!(summary.failures.is_empty(), "{:?}", summary.failures);
    assert!(read_failures(&out).is_empty(), "{:?}", read_failures(&out));
    let by_name = scores(&summary);
    assert_eq!(
        by_name.iter().map(|(name, _)| name.as_str()).collect::<Vec<_>>(),
        ["broken", "good", "hostile", "partial"]
    );
    let good = read_report(&out.join("reports/good.json"));
    assert_eq!(good.score.percent, 100.0);
    let broken = read_report(&out.join("reports/broken.json"));
    // Untouched starters: not attempted, nothing built (they would not compile), 0 points.
    assert!(broken.exercises.iter().all(|e| e.status == ExerciseStatus::NotAttempted), "{:?}", broken.exercises);
    assert_eq!(broken.score.points, 0);
    let hostile = read_report(&out.join("reports/hostile.json"));
    let junior = exercise(&hostile, "junior-02-borrowing");
    assert!(junior.tests.iter().any(|t| t.status == TestStatus::TimedOut), "{:?}", junior.tests);
    assert!(junior.ignored.iter().any(|i| i.path == "build.rs"), "{:?}", junior.ignored);
    assert!(!Path::new("/tmp/pwned").exists(), "the planted build script must never run");

    // CSV: one header row, one row per submission, the same number of fields everywhere.
    let csv = std::fs::read_to_string(out.join("summary.csv")).expect("csv");
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 5, "{csv}");
    assert!(rows[0].starts_with("submission,"));
    let fields = rows[0].split(',').count();
    assert!(rows.iter().all(|row| row.split(',').count() == fields), "{csv}");
    // JUnit: valid against the schema CI test views read, and the shape they expect.
    assert_valid_junit(&out.join("junit.xml"));
    let junit = std::fs::read_to_string(out.join("junit.xml")).expect("junit");
    let document = roxmltree::Document::parse(&junit).expect("well-formed XML");
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<_> = root.children().filter(|n| n.has_tag_name("testsuite")).collect();
    assert_eq!(suites.len(), 8, "4 submissions x 2 exercises");
    for suite in &suites {
        for attribute in ["name", "tests", "failures", "errors"] {
            assert!(suite.attribute(attribute).is_some(), "testsuite needs {attribute}");
        }
        let cases: Vec<_> = suite.children().filter(|n| n.has_tag_name("testcase")).collect();
        assert!(!cases.is_empty(), "testsuite {:?} has no testcase", suite.attribute("name"));
        for case in cases {
            assert!(case.attribute("name").is_some() && case.attribute("classname").is_some());
        }
    }
    let markdown = std::fs::read_to_string(out.join("summary.md")).expect("markdown");
    assert!(markdown.contains("| submission |") && markdown.contains("good"), "{markdown}");
    // The page to share (opened in a browser by tests/html.rs).
    let page = std::fs::read_to_string(out.join("summary.html")).expect("summary.html");
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("<td>good</td>"), "{page}");
    assert!(!page.contains("<script"), "{page}");
}

#[test]
fn a_killed_batch_resumes_to_the_same_summary_as_an_uninterrupted_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let subs = four_submissions(dir.path());
    let whole = dir.path().join("whole");
    assert!(batch(&[&subs], &whole, &["--jobs", "2"]).status.success());

    let resumed = dir.path().join("resumed");
    let mut command = grader();
    command.arg("batch").arg(&subs).arg("--out").arg(&resumed).args([
        "--no-cache",
        "--test-timeout",
        "3",
        "--jobs",
        "1",
    ]);
    for id in EXERCISES {
        command.args(["--exercise", id]);
    }
    let mut child = command.stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("starts");
    let deadline = Instant::now() + Duration::from_secs(300);
    let first_report = resumed.join("reports/broken.json");
    while !first_report.exists() && Instant::now() < deadline && child.try_wait().expect("wait").is_none() {
        std::thread::sleep(Duration::from_millis(50));
    }
    child.kill().expect("kill");
    child.wait().expect("reaped");
    let written: Vec<String> = std::fs::read_dir(resumed.join("reports"))
        .expect("reports")
        .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!((1..4).contains(&written.len()), "killed midway: {written:?}");
    assert!(written.contains(&"broken.json".to_owned()), "{written:?}");
    assert!(!resumed.join("summary.json").exists(), "no summary before the batch is done");
    let modified = |path: &Path| std::fs::metadata(path).and_then(|meta| meta.modified()).expect("mtime");
    let broken_before = modified(&first_report);

    let output = batch(&[&subs], &resumed, &["--resume"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let progress = String::from_utf8_lossy(&output.stderr);
    assert!(!progress.contains("] broken:"), "resume must not grade a finished submission again:\n{progress}");
    // The check above reads progress lines: they must still name the submissions graded now.
    let left: Vec<&str> =
        ["good", "hostile", "partial"].into_iter().filter(|name| !written.contains(&format!("{name}.json"))).collect();
    assert!(left.iter().all(|name| progress.contains(&format!("] {name}:"))), "{left:?} in:\n{progress}");
    assert_eq!(modified(&first_report), broken_before, "resume rewrote reports/broken.json");
    assert_eq!(
        scores(&read_summary(&resumed.join("summary.json"))),
        scores(&read_summary(&whole.join("summary.json")))
    );
}

#[test]
fn shards_merged_give_the_unsharded_summary() {
    let dir = tempfile::tempdir().expect("temp dir");
    let subs = four_submissions(dir.path());
    let whole = dir.path().join("whole");
    assert!(batch(&[&subs], &whole, &[]).status.success());
    let (first, second) = (dir.path().join("shard1"), dir.path().join("shard2"));
    assert!(batch(&[&subs], &first, &["--shard", "1/2"]).status.success());
    assert!(batch(&[&subs], &second, &["--shard", "2/2"]).status.success());
    let in_first = std::fs::read_dir(first.join("reports")).expect("reports").count();
    let in_second = std::fs::read_dir(second.join("reports")).expect("reports").count();
    assert_eq!(in_first + in_second, 4, "every submission in exactly one shard");
    let merged = dir.path().join("merged");
    let output = grader().arg("merge").arg(&first).arg(&second).arg("--out").arg(&merged).output().expect("merge");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let (merged_summary, whole_summary) =
        (read_summary(&merged.join("summary.json")), read_summary(&whole.join("summary.json")));
    assert_eq!(scores(&merged_summary).len(), 4);
    assert_eq!(scores(&merged_summary), scores(&whole_summary));
    assert_eq!(merged_summary.similar_pairs, whole_summary.similar_pairs);
    assert_eq!(
        std::fs::read_to_string(merged.join("summary.csv")).expect("csv"),
        std::fs::read_to_string(whole.join("summary.csv")).expect("csv")
    );
    assert_eq!(
        std::fs::read_to_string(merged.join("summary.html")).expect("html"),
        std::fs::read_to_string(whole.join("summary.html")).expect("html"),
        "the page is computed from the folder alone"
    );

    // Outputs never mix runs, and nothing is lost on the way.
    let refused = |args: &[&std::ffi::OsStr], says: &str| {
        let output = grader().args(args).output().expect("grader runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?} should say {says:?}: {stderr}");
    };
    let os = |text: &'static str| std::ffi::OsStr::new(text);
    let merge_into_input = [os("merge"), first.as_os_str(), second.as_os_str(), os("--out"), first.as_os_str()];
    refused(&merge_into_input, "is one of the shards");
    for entry in std::fs::read_dir(first.join("reports")).expect("reports") {
        read_report(&entry.expect("entry").path());
    }
    assert_eq!(std::fs::read_dir(first.join("reports")).expect("reports").count(), in_first, "no report lost");
    let elsewhere = dir.path().join("elsewhere");
    refused(&[os("merge"), first.as_os_str(), os("--out"), elsewhere.as_os_str()], "2/2 of this run is missing");
    refused(&[os("merge"), first.as_os_str(), first.as_os_str(), os("--out"), elsewhere.as_os_str()], "given twice");
    refused(&[os("merge"), whole.as_os_str(), first.as_os_str(), os("--out"), elsewhere.as_os_str()], "shard");
    let garbage = dir.path().join("garbage.toml");
    write(&garbage, "[points]\ncompiles = \"many\"\n");
    let merge_garbage_rubric = [
        os("merge"),
        first.as_os_str(),
        second.as_os_str(),
        os("--out"),
        elsewhere.as_os_str(),
        os("--rubric"),
        garbage.as_os_str(),
    ];
    let output = grader().args(merge_garbage_rubric).output().expect("grader runs");
    assert_eq!(output.status.code(), Some(2), "a garbage rubric is refused on merge too");
    let again = batch(&[&subs], &first, &["--shard", "1/2"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--resume"), "{}", String::from_utf8_lossy(&again.stderr));
    // `--resume` with another selection (mid only, over the junior and mid run) is another run.
    let other_run = batch(&[&subs], &first, &["--shard", "1/2", "--resume", "--level", "mid"]);
    let stderr = String::from_utf8_lossy(&other_run.stderr);
    assert_eq!(other_run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("differs in the exercises graded"), "{stderr}");
    refused(&[os("rescore"), subs.as_os_str()], "not a `grader batch` output folder");
    assert!(!subs.join("summary.json").exists() && !subs.join("junit.xml").exists(), "nothing written into it");
}

#[test]
fn rescoring_with_a_new_rubric_changes_scores_without_any_toolchain() {
    let dir = tempfile::tempdir().expect("temp dir");
    let subs = four_submissions(dir.path());
    let out = dir.path().join("out");
    assert!(batch(&[&subs], &out, &[]).status.success());
    let before = read_report(&out.join("reports/partial.json"));
    let rubric = dir.path().join("rubric.toml");
    write(&rubric, "[points]\ncompiles = 10\nvisible_test = 1\nhidden_test = 1\n[verdicts]\nstrong_percent = 90\npass_percent = 50\n");
    // No cargo, no rustc: any attempt to build would fail loudly.
    let output = grader()
        .args(["rescore"])
        .arg(&out)
        .arg("--rubric")
        .arg(&rubric)
        .env("PATH", "/nonexistent")
        .env("RUSTC", "/nonexistent/rustc")
        .output()
        .expect("rescore");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let after = read_report(&out.join("reports/partial.json"));
    assert_ne!(before.score, after.score);
    let junior = exercise(&after, "junior-02-borrowing");
    let tests = u32::try_from(junior.tests.len()).expect("a few tests");
    assert!(tests > 0);
    assert_eq!(junior.works.max, 10 + tests, "compiles = 10, every test 1 point");
    assert_eq!(junior.max, junior.works.max + junior.habits.max);
    let summary = read_summary(&out.join("summary.json"));
    let row = scores(&summary).into_iter().find(|(name, _)| name == "partial").expect("row");
    assert_eq!(row.1, after.score);
}

#[test]
fn renamed_copies_are_reported_as_similar_and_independent_solutions_are_not() {
    let dir = tempfile::tempdir().expect("temp dir");
    let subs = dir.path().join("subs");
    let reference = std::fs::read_to_string(repo("exercises/junior-02-borrowing/solution/src/lib.rs")).expect("read");
    let mut original = reference.replace("pair_mut", "two_mut").replace("source", "payer").replace("target", "payee");
    original = original.replace("accounts", "ledger");
    let renamed = original
        .replace("two_mut", "both_mut")
        .replace("payer", "giver")
        .replace("payee", "taker")
        .replace("ledger", "book")
        .replace("index", "slot");
    assert_ne!(original, renamed, "the copy must be renamed");
    write(&subs.join("alice/junior-02-borrowing/src/lib.rs"), &original);
    write(&subs.join("bob/junior-02-borrowing/src/lib.rs"), &renamed);
    // Carol solved it independently (the sample fixture's own, differently structured solution).
    copy_tree(&repo("tests/fixtures/submissions/sample/junior-02-borrowing"), &subs.join("carol/junior-02-borrowing"));
    let out = dir.path().join("out");
    let output = batch(&[&subs], &out, &[]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let summary = read_summary(&out.join("summary.json"));
    let pairs: Vec<(&str, &str)> = summary.similar_pairs.iter().map(|p| (p.a.as_str(), p.b.as_str())).collect();
    assert!(!pairs.iter().any(|(a, b)| *a == "carol" || *b == "carol"), "{pairs:?}");
    let pair = summary
        .similar_pairs
        .iter()
        .find(|p| (p.a.as_str(), p.b.as_str()) == ("alice", "bob"))
        .unwrap_or_else(|| panic!("alice and bob are not a similar pair: {pairs:?}"));
    assert_eq!(pair.exercise, "junior-02-borrowing");
    assert!(pair.score > 0.8, "{}", pair.score);
    assert!(!pair.regions.is_empty());
}

#[test]
fn the_junit_schema_rejects_what_ci_tools_would_not_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let valid = r#"<testsuites><testsuite name="s" tests="1" failures="0" errors="0"><testcase name="t"/></testsuite></testsuites>"#;
    let broken = [
        (
            "no test name",
            r#"<testsuites><testsuite name="s" tests="1" failures="0" errors="0"><testcase/></testsuite></testsuites>"#,
        ),
        ("no counts", r#"<testsuites><testsuite name="s"><testcase name="t"/></testsuite></testsuites>"#),
        (
            "a count that is not a number",
            r#"<testsuites><testsuite name="s" tests="one" failures="0" errors="0"/></testsuites>"#,
        ),
        ("a test case outside a suite", r#"<testsuites><testcase name="t"/></testsuites>"#),
    ];
    let path = dir.path().join("valid.xml");
    write(&path, valid);
    let Some(verdict) = validate_junit(&path) else { return };
    assert_eq!(verdict, Ok(()));
    for (what, text) in broken {
        let path = dir.path().join("broken.xml");
        write(&path, text);
        assert!(validate_junit(&path).expect("xmllint ran").is_err(), "{what} should not validate");
    }
}

#[test]
fn a_batch_that_grades_nothing_has_an_exit_code_of_its_own() {
    let dir = tempfile::tempdir().expect("temp dir");
    let empty = dir.path().join("inbox");
    std::fs::create_dir_all(&empty).expect("mkdir");
    let output = batch(&[&empty], &dir.path().join("out"), &[]);
    assert_eq!(output.status.code(), Some(4), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stderr).contains("nothing was graded"));
}

#[test]
fn without_a_selection_each_hand_in_is_graded_as_its_take_home_lists() {
    let dir = tempfile::tempdir().expect("temp dir");
    let subs = dir.path().join("round");
    // Ana got the junior take-home (its take-home.toml lists the 8 junior exercises) and solved one.
    let ana = subs.join("ana");
    let init = run(grader().arg("init").arg(&ana).args(["--level", "junior"]));
    assert!(init.status.success(), "{}", String::from_utf8_lossy(&init.stderr));
    copy_tree(&repo("exercises/junior-01-ownership/solution"), &ana.join("junior-01-ownership"));
    // Ben's hand-in has no manifest: the two exercise folders it holds are graded.
    for id in ["mid-02-traits", "junior-02-borrowing"] {
        copy_tree(&repo(&format!("exercises/{id}/solution")), &subs.join("ben").join(id));
    }
    // Cleo's manifest was edited after it was handed out: she is not graded, and the batch says why.
    let cleo = subs.join("cleo");
    assert!(run(grader().arg("init").arg(&cleo).args(["--level", "junior"])).status.success());
    let manifest = cleo.join("take-home.toml");
    let text = std::fs::read_to_string(&manifest).expect("manifest");
    write(&manifest, &text.replace("\"junior-08-vec-vs-array\"", "").replace(", ]", "]"));
    let out = dir.path().join("out");
    // No --level/--exercise.
    let output =
        run(grader().arg("batch").arg(&subs).arg("--out").arg(&out).args(["--no-cache", "--test-timeout", "3"]));
    assert_eq!(output.status.code(), Some(3), "{}", String::from_utf8_lossy(&output.stderr));
    let ids = |name: &str| -> Vec<String> {
        read_report(&out.join("reports").join(format!("{name}.json"))).exercises.iter().map(|e| e.id.clone()).collect()
    };
    let ana_ids = ids("ana");
    assert_eq!(ana_ids.len(), 8, "{ana_ids:?}");
    assert!(ana_ids.iter().all(|id| id.starts_with("junior-")), "{ana_ids:?}");
    assert!(read_report(&out.join("reports/ana.json")).notes.iter().any(|note| note.contains("the take-home lists")));
    assert_eq!(ids("ben"), ["junior-02-borrowing", "mid-02-traits"]);
    let failures = read_failures(&out);
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert!(failures[0].submission == "cleo" && failures[0].error.contains("cannot be trusted"), "{failures:?}");
}
