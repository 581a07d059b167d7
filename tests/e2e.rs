//! End-to-end tests of the `grader` binary over the embedded exercise set and the fixture
//! submissions in `tests/fixtures/submissions/` (see the README there for what each one holds).
//! Reports are read as the library's typed [`Report`] (`tests/common/mod.rs`).

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{copy_tree, exercise, fixture, grader, not_passed, pretty, red_flags, repo, report_from, run, status};
use grader::exercise::{CalibrationKind, ExerciseSet, FlagId};
use grader::report::{
    ExerciseReport, ExerciseStatus, HabitVerdict, Level, RedFlag, Report, TestKind, TestStatus, Verdict,
};

/// The three exercises the fixture submissions were written for.
const FIXTURE_EXERCISES: [&str; 3] = ["junior-02-borrowing", "mid-03-shared-ownership", "senior-01-send-sync"];

/// `grader check <dir> --format json` on the fixture exercises; returns the exit code and report.
fn check(dir: &Path, extra: &[&str]) -> (Option<i32>, Report) {
    let mut args: Vec<&str> = extra.to_vec();
    for id in FIXTURE_EXERCISES {
        args.extend(["--exercise", id]);
    }
    common::check(dir, &args)
}

#[test]
fn verify_passes_for_every_exercise_of_the_embedded_set() {
    let output = run(grader().arg("verify"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains("junior-02-borrowing") && stdout.contains("compile error E0499"), "{stdout}");
    assert!(!stdout.contains("BROKEN"), "{stdout}");
}

#[test]
fn list_shows_every_exercise_with_level_and_title() {
    let output = run(grader().arg("list"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success());
    for id in FIXTURE_EXERCISES {
        assert!(stdout.lines().any(|line| line.starts_with(id)), "{id} missing from:\n{stdout}");
    }
    assert!(stdout.contains("senior"), "{stdout}");
}

#[test]
fn an_untouched_take_home_scores_zero_on_hidden_tests_and_holds_no_hidden_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let take_home = dir.path().join("take-home");
    let mut init = grader();
    init.arg("init").arg(&take_home);
    for id in FIXTURE_EXERCISES {
        init.args(["--exercise", id]);
    }
    assert!(run(&mut init).status.success());
    assert!(take_home.join("README.md").is_file());
    assert!(take_home.join("junior-02-borrowing/tests/visible.rs").is_file());
    assert!(take_home.join("junior-02-borrowing/README.md").is_file());
    for leaked in ["hidden", "solution", "flawed", "exercise.toml"] {
        assert!(!take_home.join("junior-02-borrowing").join(leaked).exists(), "{leaked} leaked into the take-home");
    }

    let (code, report) = check(&take_home, &[]);
    assert_eq!(code, Some(0));
    assert_eq!(report.exercises.len(), FIXTURE_EXERCISES.len());
    for exercise in &report.exercises {
        let hidden: Vec<_> = exercise.tests.iter().filter(|t| t.hidden).collect();
        assert!(!hidden.is_empty(), "{}: no hidden test in the report", exercise.id);
        for test in hidden {
            assert_eq!(test.points, 0, "{}: {test:?}", exercise.id);
        }
        assert_ne!(exercise.status, ExerciseStatus::Passed, "{}", exercise.id);
    }
    assert_eq!(report.estimated_level, None);

    // `init` never overwrites: a second run into the same folder is refused.
    let again = run(grader().arg("init").arg(&take_home));
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"));
}

/// The repository's exercise set (`exercises/`), read by the library.
fn exercise_set() -> ExerciseSet {
    ExerciseSet::load_dir(&repo("exercises")).expect("exercises/ loads")
}

#[test]
fn every_reference_solution_handed_in_as_a_folder_scores_full_marks_without_red_flags() {
    let dir = tempfile::tempdir().expect("temp dir");
    let set = exercise_set();
    for exercise in set.exercises() {
        copy_tree(&repo("exercises").join(&exercise.id).join("solution"), &dir.path().join(&exercise.id));
    }
    let output = run(grader().arg("check").arg(dir.path()).args(["--format", "json", "--min-score", "100"]));
    let report = report_from(&output);
    assert_eq!(output.status.code(), Some(0), "{}", pretty(&report));
    assert_eq!(report.score.percent, 100.0);
    assert_eq!(report.exercises.len(), set.exercises().len(), "every exercise of the set is graded");
    for exercise in &report.exercises {
        assert_eq!(exercise.status, ExerciseStatus::Passed, "{}", exercise.id);
        assert!(exercise.red_flags.is_empty(), "{}: {:#?}", exercise.id, exercise.red_flags);
        assert!(!exercise.files_from_candidate.is_empty(), "{}", exercise.id);
    }
    assert_eq!(report.estimated_level, Some(Level::Senior));
}

/// What a red flag's evidence must show.
#[derive(Debug, Clone, Copy)]
enum Marker {
    /// Evidence the grader saw in the code itself (its syntax checks, its judgment of how a value
    /// is used, a comparison with the starter): one of the lines it spans holds one of these.
    Code(&'static [&'static str]),
    /// Evidence from the compiler: seen by `compiler <code>`, with one of these codes.
    Compiler(&'static [&'static str]),
    /// Evidence from comparing the exercise's own files: the file (in the exercise) starts with one
    /// of these.
    File(&'static [&'static str]),
    /// Evidence from reading a written answer: the sentence's line holds one of these (any case).
    Prose(&'static [&'static str]),
}

/// Who saw evidence held to a [`Marker::Code`]; other tools (clippy, probes) point at places whose
/// line need not show the habit's text.
const SEEN_IN_CODE: [&str; 3] = ["syntax", "usage", "comparison with the starter"];

/// What the evidence of red flag `flag` must show. Every flag the grader can raise has one; a
/// flag without one fails the test.
fn marker(flag: &str) -> Marker {
    match flag {
        "excess_clones" => Marker::Code(&["clone", "to_vec", "to_owned", "to_string", "String::from"]),
        "owned_strings" => Marker::Code(&["to_string", "String", "format!", "Vec<", "to_owned"]),
        "unwrap_everywhere" => {
            Marker::Code(&["unwrap", "expect", "panic!", "unreachable!", "todo!", "unimplemented!", "[&"])
        }
        "needless_collect" => Marker::Code(&["collect", ".join(", ".concat(", ".push("]),
        "manual_rewrap" => Marker::Code(&["Err("]),
        "wildcard_arm" => Marker::Code(&["_ =>", "_=>", "matches!", "if ", "else", "=>"]),
        "fixed_array_buffer" => Marker::Code(&["; ", "const ", "Box<[", "vec!["]),
        "rc_refcell_soup" => Marker::Code(&["Rc<RefCell", "RefCell::new"]),
        "refcell_overuse" => Marker::Code(&["RefCell", "Cell", "try_borrow"]),
        "unsafe_send_sync" => Marker::Code(&["unsafe impl"]),
        "unsafe_to_silence_borrowck" => Marker::Code(&["unsafe", "*const", "*mut", "transmute", "as usize", "'"]),
        "unsafe_without_safety_comment" => Marker::Code(&["unsafe"]),
        "blocking_in_async" => Marker::Code(&["sleep", "fs::", "lock", "yield_now"]),
        "stringly_errors" => Marker::Code(&["String", "Box<dyn", "Error"]),
        "dyn_everywhere" => Marker::Code(&["dyn"]),
        "static_or_leaked" => Marker::Code(&["'static", "leak"]),
        "copied_instead_of_depending" => {
            Marker::Code(&["fn ", "const ", "static ", "struct ", "enum ", "trait ", "[dependencies]"])
        }
        "lint_silenced" => Marker::Code(&["allow(", "expect("]),
        "harness_tampering" => Marker::Code(&["exit", "abort", "global_allocator", "GRADER_"]),
        "concrete_types" => Marker::Code(&["fn ", "impl "]),
        "absolute_claim" => Marker::Prose(&["best", "any", "every", "always", "never", "only", "no ", "all", "rust"]),
        "leaky_api" => Marker::Code(&["pub ", "clone", "unwrap", "expect"]),
        "tests_modified" => Marker::File(&["tests/"]),
        "borrow_conflict_unresolved" => Marker::Compiler(&["E0499", "E0502"]),
        "use_after_move_unresolved" => Marker::Compiler(&["E0382", "E0505"]),
        "lifetime_unresolved" => Marker::Compiler(&["E0106", "E0515", "E0597"]),
        "closure_capture_unresolved" => Marker::Compiler(&["E0373"]),
        "trait_bound_unresolved" => Marker::Compiler(&["E0277"]),
        other => panic!("red flag `{other}` has no marker: add one to `marker` in tests/e2e.rs"),
    }
}

#[test]
fn every_red_flag_the_grader_can_raise_has_a_marker() {
    for flag in FlagId::ALL {
        // Panics, naming the flag, for one without a marker.
        let _ = marker(flag.as_str());
    }
}

/// Checks every piece of evidence of `flag`, raised on exercise `id` whose handed-in files are in
/// `source_dir`: it names a line of its file, its snippet is that line, and it shows the flag's
/// [`marker`]. Returns how many pieces were held to a marker.
fn assert_evidence_shows(id: &str, flag: &RedFlag, source_dir: &Path) -> usize {
    let marker = marker(&flag.id);
    let mut marked = 0;
    for evidence in &flag.evidence {
        let file = evidence.file.strip_prefix(&format!("{id}/")).expect("a path inside the exercise");
        let text = std::fs::read_to_string(source_dir.join(file)).expect("evidence file exists");
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        assert!(evidence.line >= 1, "{id} {}: line {} in {evidence:?}", flag.id, evidence.line);
        let first = evidence.line as usize - 1;
        let last = evidence.end_line.map_or(first, |end| end as usize - 1);
        assert!(first <= last && last < lines.len().max(1), "{id} {}: lines out of {file}: {evidence:?}", flag.id);
        assert_eq!(
            evidence.snippet,
            lines.get(first).copied().unwrap_or_default(),
            "{id} {}: the snippet is the line it names",
            flag.id
        );
        match marker {
            Marker::Code(markers) if SEEN_IN_CODE.iter().any(|seen| evidence.seen_by.contains(seen)) => {
                let shown = lines[first..=last].iter().any(|line| markers.iter().any(|m| line.contains(m)));
                assert!(
                    shown,
                    "{id} {}: none of {markers:?} in {file}:{}: `{}`",
                    flag.id, evidence.line, evidence.snippet
                );
                marked += 1;
            }
            Marker::Code(_) => {}
            Marker::Compiler(codes) => {
                let code = evidence.seen_by.strip_prefix("compiler ");
                assert!(
                    code.is_some_and(|code| codes.contains(&code)),
                    "{id} {}: seen by {}",
                    flag.id,
                    evidence.seen_by
                );
                marked += 1;
            }
            Marker::File(prefixes) => {
                assert!(prefixes.iter().any(|p| file.starts_with(p)), "{id} {}: {file}", flag.id);
                marked += 1;
            }
            Marker::Prose(words) if evidence.seen_by.contains("reading the answer") => {
                let text = lines[first..=last].join(" ").to_lowercase();
                assert!(words.iter().any(|word| text.contains(word)), "{id} {}: `{text}`", flag.id);
                marked += 1;
            }
            Marker::Prose(_) => {}
        }
    }
    marked
}

#[test]
fn every_weak_solution_trips_its_red_flags_at_lines_that_show_the_habit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut expectations = Vec::new();
    for exercise in exercise_set().exercises() {
        let Some(name) = exercise.flawed.keys().next() else { continue };
        let weak = repo("exercises").join(&exercise.id).join("flawed").join(name);
        copy_tree(&weak, &dir.path().join(&exercise.id));
        for rule in exercise.meta.red_flag.iter().filter(|rule| rule.caught_in.contains(name)) {
            expectations.push((exercise.id.clone(), weak.clone(), rule.id.as_str()));
        }
    }
    assert!(expectations.len() >= 10, "{expectations:?}");
    let (_, report) = common::check(dir.path(), &[]);
    let mut marked = 0;
    for (id, weak, flag_id) in &expectations {
        let exercise = exercise(&report, id);
        assert_eq!(exercise.status, ExerciseStatus::Passed, "{id}: a weak solution passes every test");
        let flag = exercise
            .red_flags
            .iter()
            .find(|flag| flag.id == *flag_id)
            .unwrap_or_else(|| panic!("{id}: red flag {flag_id} not raised: {:#?}", exercise.red_flags));
        assert!(flag.penalty > 0, "{id} {flag_id}");
        marked += assert_evidence_shows(id, flag, weak);
    }
    // The syntax checks see most habits: the markers were not all skipped.
    assert!(marked >= expectations.len(), "only {marked} pieces of evidence held to a marker");
}

#[test]
fn silencing_clippy_with_allow_attributes_is_flagged_and_does_not_hide_the_habit() {
    let (_, report) = common::check(&fixture("silenced"), &["--exercise", "junior-05-option-result"]);
    let junior = exercise(&report, "junior-05-option-result");
    let ids = red_flags(&report, "junior-05-option-result");
    assert!(ids.iter().any(|id| id == "lint_silenced") && ids.iter().any(|id| id == "unwrap_everywhere"), "{ids:?}");
    let flag = |id: &str| junior.red_flags.iter().find(|f| f.id == id).expect("flag");
    assert_eq!(flag("lint_silenced").line, Some(1));
    let penalties: u32 = junior.red_flags.iter().map(|f| f.penalty).sum();
    assert!(penalties > 0, "{:#?}", junior.red_flags);
    // The code works: the flags cost the habits measure only, never below zero.
    assert_eq!(junior.works.points, junior.works.max);
    assert_eq!(junior.habits.points, junior.habits.max.saturating_sub(penalties));
    assert_eq!(junior.points, junior.works.points + junior.habits.points);
    for flag in &junior.red_flags {
        assert_evidence_shows(&junior.id, flag, &fixture("silenced").join(&junior.id));
    }
    if report.skipped_checks.is_empty() {
        let seen: Vec<&str> = flag("unwrap_everywhere").evidence.iter().map(|e| e.seen_by.as_str()).collect();
        assert!(seen.iter().any(|s| s.contains("clippy::unwrap_used")), "clippy must see through allow(): {seen:?}");
    } else {
        eprintln!("note: {:?}; clippy's part of this test skipped", report.skipped_checks);
    }
}

#[test]
fn a_partly_right_submission_scores_in_between_with_the_right_tests_failing() {
    let (code, report) = check(&fixture("partial"), &[]);
    assert_eq!(code, Some(0));
    let percent = report.score.percent;
    assert!(percent > 0.0 && percent < 100.0, "{percent}");
    assert_eq!(status(&report, "junior-02-borrowing"), ExerciseStatus::Passed);

    let mid = exercise(&report, "mid-03-shared-ownership");
    assert_eq!(mid.status, ExerciseStatus::CompileError);
    assert_eq!(mid.points, 0);
    let error = mid.compile_errors.first().expect("a compile error");
    assert_eq!(error.code.as_deref(), Some("E0277"));
    assert_eq!(error.file.as_deref(), Some("mid-03-shared-ownership/src/lib.rs"));
    assert!(error.line.is_some_and(|line| line > 0), "{error:?}");
    // The error it still fails with names the concept not yet mastered, at the erring line.
    let flag = mid.red_flags.iter().find(|f| f.id == "trait_bound_unresolved").expect("trait_bound_unresolved");
    assert_evidence_shows(&mid.id, flag, &fixture("partial").join(&mid.id));

    assert_eq!(status(&report, "senior-01-send-sync"), ExerciseStatus::Partial);
    let failing = not_passed(&report, "senior-01-send-sync");
    assert!(!failing.is_empty() && failing.iter().all(|name| name.starts_with("hidden::")), "{failing:?}");
    assert_eq!(report.levels[&Level::Junior].verdict, Verdict::Strong);
    assert_eq!(report.levels[&Level::Mid].verdict, Verdict::Fail);
    assert_eq!(report.estimated_level, Some(Level::Junior));
}

#[test]
fn an_infinite_loop_times_out_one_test_and_every_other_test_is_still_graded() {
    let (_, report) = check(&fixture("infinite-loop"), &["--test-timeout", "3"]);
    let junior = exercise(&report, "junior-02-borrowing");
    let timed_out: Vec<_> = junior.tests.iter().filter(|t| t.status == TestStatus::TimedOut).collect();
    assert_eq!(timed_out.len(), 1, "{}", pretty(junior));
    assert!(timed_out[0].message.as_deref().is_some_and(|m| m.contains("killed")), "{:?}", timed_out[0]);
    let passed = junior.tests.iter().filter(|t| t.status == TestStatus::Passed).count();
    assert_eq!(passed, junior.tests.len() - 1);
    assert_eq!(junior.status, ExerciseStatus::Partial);
    assert_eq!(status(&report, "mid-03-shared-ownership"), ExerciseStatus::Passed);
    assert_eq!(status(&report, "senior-01-send-sync"), ExerciseStatus::Passed);
}

#[test]
fn a_missing_exercise_is_graded_missing_not_an_error() {
    let (code, report) = check(&fixture("missing-exercise"), &[]);
    assert_eq!(code, Some(0));
    let senior = exercise(&report, "senior-01-send-sync");
    assert_eq!(senior.status, ExerciseStatus::Missing);
    assert_eq!(senior.points, 0);
    assert!(senior.max > 0);
    assert_eq!(status(&report, "junior-02-borrowing"), ExerciseStatus::Passed);
    assert_eq!(report.levels[&Level::Senior].verdict, Verdict::Fail);
    assert_eq!(report.estimated_level, Some(Level::Mid));
}

#[test]
fn the_terminal_scorecard_names_levels_failures_and_the_estimate() {
    let mut command = grader();
    command.arg("check").arg(fixture("sample"));
    for id in FIXTURE_EXERCISES {
        command.args(["--exercise", id]);
    }
    let output = run(&mut command);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(!stdout.contains('\x1b'), "NO_COLOR must disable colour:\n{stdout}");
    assert!(stdout.contains("Estimated level:"), "{stdout}");
    assert!(stdout.contains("senior-01-send-sync") && stdout.contains("(hidden)"), "{stdout}");
}

#[test]
fn check_with_guide_prints_the_candidates_own_line_and_a_question_about_it() {
    let sample = fixture("sample");
    let output = run(grader().arg("check").arg(&sample).args(["--guide", "--exercise", "junior-03-shared-vs-mut"]));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let (scorecard, guide) = stdout.split_once("Interview guide: sample\n").expect("the guide after the scorecard");
    assert!(scorecard.contains("Estimated level:"), "{scorecard}");
    // The red flag with the candidate's own line, and its plain explanation.
    assert!(guide.contains("junior-03-shared-vs-mut/src/lib.rs:12  for player in players.clone() {"), "{guide}");
    assert!(guide.contains("red flag excess_clones: copies data just to get past"), "{guide}");
    // The question is asked about that line (wrapped prose: compare with whitespace collapsed).
    let words = guide.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("1. At `junior-03-shared-vs-mut/src/lib.rs:12` (`for player in players.clone() {`) you copy the whole collection to loop over it: what did the compiler say before you added the copy"),
        "{guide}"
    );
    assert!(words.contains("Live extension (five minutes, on their own code) Add `cap_scores("), "{guide}");

    let markdown = run(grader().arg("check").arg(&sample).args([
        "--format",
        "markdown",
        "--guide",
        "--exercise",
        "junior-03-shared-vs-mut",
    ]));
    let stdout = String::from_utf8_lossy(&markdown.stdout);
    assert!(markdown.status.success(), "{}", String::from_utf8_lossy(&markdown.stderr));
    assert!(stdout.contains("\n### Interview guide\n"), "{stdout}");
    assert!(
        stdout.contains("    - `junior-03-shared-vs-mut/src/lib.rs:12`: `for player in players.clone() {`"),
        "{stdout}"
    );

    // The guide goes with the formats people read; anything else is a usage error, before grading.
    let json = run(grader().arg("check").arg(&sample).args(["--format", "json", "--guide"]));
    assert_eq!(json.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&json.stderr).contains("--guide goes with --format terminal"), "{json:?}");
    assert!(json.stdout.is_empty());
}

#[test]
fn explain_says_a_flag_or_a_code_in_plain_words_and_lists_the_known_ones_otherwise() {
    let flag = run(grader().args(["explain", "excess_clones"]));
    assert_eq!(flag.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&flag.stdout);
    assert!(
        stdout.starts_with("excess_clones: copies data just to get past the compiler's borrowing rules"),
        "{stdout}"
    );
    assert!(stdout.lines().count() >= 3, "a summary and more lines: {stdout}");

    for term in ["E0499", "e0499"] {
        let code = run(grader().args(["explain", term]));
        assert_eq!(code.status.code(), Some(0), "{term}");
        let stdout = String::from_utf8_lossy(&code.stdout);
        assert!(stdout.starts_with("E0499: the code tries to change one value through two paths"), "{stdout}");
        assert!(stdout.contains("one mutable borrow"), "{stdout}");
    }

    let unknown = run(grader().args(["explain", "E9999"]));
    assert_eq!(unknown.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&unknown.stderr);
    assert!(stderr.contains("`E9999` is neither"), "{stderr}");
    for known in FlagId::ALL.iter().map(|flag| flag.as_str()).chain(["E0382", "E0716"]) {
        assert!(stderr.contains(known), "{known} is not listed: {stderr}");
    }
    assert!(unknown.stdout.is_empty());
}

#[test]
fn min_score_sets_exit_code_one() {
    let (code, report) = check(&fixture("missing-exercise"), &["--min-score", "99.5"]);
    assert_eq!(code, Some(1));
    assert!(report.score.percent < 99.5, "{:?}", report.score);
}

#[test]
fn bad_input_is_a_clear_error_with_exit_code_two() {
    let missing = run(grader().args(["check", "/definitely/not/here"]));
    assert_eq!(missing.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(stderr.contains("submission /definitely/not/here does not exist; pass the folder"), "{stderr}");

    let dir = tempfile::tempdir().expect("temp dir");
    let rubric = dir.path().join("rubric.toml");
    common::write(&rubric, "[points]\ncompiles = 1\nvisible_test = 1\nhidden_test = 1\n[verdicts]\nstrong_percent = 90\npass_percent = 50\n[exercises.junior-99-nothing]\ncompiles = 2\n");
    let bad_rubric = run(grader().arg("check").arg(dir.path()).arg("--rubric").arg(&rubric));
    assert_eq!(bad_rubric.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_rubric.stderr).contains("junior-99-nothing"));

    // A valid u32 per test whose totals would wrap around: refused, never a score above 100 %.
    common::write(&rubric, "[points]\ncompiles = 1\nvisible_test = 1\nhidden_test = 4000000000\n[verdicts]\nstrong_percent = 90\npass_percent = 50\n");
    let overflowing = run(grader().arg("check").arg(fixture("sample")).arg("--rubric").arg(&rubric));
    assert_eq!(overflowing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&overflowing.stderr).contains("add up to more than"), "{overflowing:?}");

    let unknown = run(grader().args(["init", "/tmp/unused", "--exercise", "junior-99-nothing"]));
    assert_eq!(unknown.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        stderr.contains("junior-99-nothing") && (stderr.contains("grader list") || stderr.contains("known")),
        "{stderr}"
    );
}

#[test]
fn symlinks_and_candidate_manifests_are_ignored_and_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let exercise_dir = dir.path().join("junior-02-borrowing");
    std::fs::create_dir_all(exercise_dir.join("src")).expect("mkdir");
    std::os::unix::fs::symlink("/etc/passwd", exercise_dir.join("src/lib.rs")).expect("symlink");
    common::write(&exercise_dir.join("build.rs"), "fn main() { std::process::exit(1) }");
    common::write(&exercise_dir.join("Cargo.toml"), "[package]\nname = \"evil\"\nbuild = \"build.rs\"\n");
    let (code, report) = check(dir.path(), &[]);
    assert_eq!(code, Some(0));
    let junior = exercise(&report, "junior-02-borrowing");
    let ignored: Vec<&str> = junior.ignored.iter().map(|i| i.path.as_str()).collect();
    assert!(
        ignored.contains(&"src/lib.rs") && ignored.contains(&"build.rs") && ignored.contains(&"Cargo.toml"),
        "{ignored:?}"
    );
    // The starter's lib.rs was graded instead: it fails to compile with the exercise's own error.
    assert_eq!(junior.files_from_starter.first().map(String::as_str), Some("src/lib.rs"));
    assert_eq!(junior.status, ExerciseStatus::CompileError);
    assert_eq!(junior.compile_errors.first().and_then(|e| e.code.as_deref()), Some("E0499"));
}

/// Grades a submission of the checks demo set (`tests/fixtures/exercise-sets/checks`).
fn check_demo(submission: &str) -> Report {
    let root = repo("tests/fixtures/exercise-sets");
    let output = run(grader()
        .arg("check")
        .arg(root.join("checks-submissions").join(submission))
        .arg("--exercises")
        .arg(root.join("checks"))
        .args(["--format", "json"]));
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    report_from(&output)
}

#[test]
fn an_api_that_lets_the_illegal_state_compile_loses_exactly_the_compile_fail_points() {
    let report = check_demo("illegal-state");
    let demo = exercise(&report, "senior-90-checks-demo");
    assert_eq!(not_passed(&report, "senior-90-checks-demo"), ["compile_fail::cannot_open_twice"]);
    let check = demo.tests.iter().find(|t| t.kind == TestKind::CompileFail).expect("check");
    assert_eq!(check.points, 0);
    assert!(check.max > 0, "{check:?}");
    assert_eq!(demo.works.points + check.max, demo.works.max);
}

#[test]
fn an_allocation_over_budget_loses_exactly_the_budget_points() {
    let report = check_demo("over-budget");
    let demo = exercise(&report, "senior-90-checks-demo");
    assert_eq!(not_passed(&report, "senior-90-checks-demo"), ["budget::total_length_allocates_nothing"]);
    let budget = demo.tests.iter().find(|t| t.kind == TestKind::Budget).expect("budget");
    assert!(budget.message.as_deref().is_some_and(|m| m.contains("budget is 0")), "{budget:?}");
    assert!(budget.max > 0, "{budget:?}");
    // A budget without a red flag of its own is a check of the works measure.
    assert_eq!(demo.works.points + budget.max, demo.works.max);
}

#[test]
fn the_checks_demo_set_verifies() {
    let output = run(grader().arg("verify").arg("--exercises").arg(repo("tests/fixtures/exercise-sets/checks")));
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stdout));
}

#[test]
fn every_overfitted_solution_passes_the_visible_tests_and_fails_exactly_its_expected_hidden_tests() {
    let overfit = repo("tests/fixtures/overfit");
    let folders: BTreeSet<String> = std::fs::read_dir(&overfit)
        .expect("overfit/")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.is_dir())
        .map(|path| path.file_name().expect("name").to_string_lossy().into_owned())
        .collect();
    // A written answer has no visible tests to over-fit; every exercise with code has a fixture.
    let code: BTreeSet<String> =
        exercise_set().exercises().iter().filter(|e| !e.is_written()).map(|e| e.id.clone()).collect();
    assert_eq!(folders, code, "every exercise with code has an over-fitted fixture, and only those");
    let mut command = grader();
    command.arg("check").arg(&overfit).args(["--format", "json"]);
    for id in &folders {
        command.args(["--exercise", id]);
    }
    let output = run(&mut command);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let report = report_from(&output);
    for exercise in &report.exercises {
        let id = &exercise.id;
        let expected = std::fs::read_to_string(overfit.join(id).join("expected-failures.txt"))
            .unwrap_or_else(|_| panic!("every exercise needs an over-fitted fixture; {id} has none"));
        let mut expected: Vec<String> = expected.lines().filter(|l| !l.trim().is_empty()).map(str::to_owned).collect();
        let mut failing = not_passed(&report, id);
        expected.sort();
        failing.sort();
        assert!(!expected.is_empty(), "{id}: an over-fitted fixture must fail at least one hidden test");
        assert_eq!(failing, expected, "{id}");
    }
}

#[test]
fn when_only_the_hidden_tests_fail_to_compile_the_visible_tests_still_count() {
    let (_, report) = common::check(&fixture("hidden-api-mismatch"), &["--exercise", "mid-02-traits"]);
    let mid = exercise(&report, "mid-02-traits");
    assert_eq!(mid.status, ExerciseStatus::Partial, "{}", pretty(mid));
    assert!(!mid.compile_errors.is_empty());
    assert!(
        mid.compile_errors.iter().all(|e| e.file.as_deref().is_some_and(|file| file.contains("hidden tests"))),
        "{:#?}",
        mid.compile_errors
    );
    let (hidden, visible): (Vec<_>, Vec<_>) = mid.tests.iter().partition(|t| t.hidden);
    assert!(!hidden.is_empty() && !visible.is_empty(), "{}", pretty(mid));
    for test in hidden {
        assert_eq!(test.status, TestStatus::NotRun, "{test:?}");
        assert!(test.message.as_deref().is_some_and(|m| m.contains("do not compile")), "{test:?}");
    }
    for test in &visible {
        assert_eq!(test.status, TestStatus::Passed, "{test:?}");
    }
    let visible_points: u32 = visible.iter().map(|t| t.points).sum();
    assert!(visible_points > 0, "{}", pretty(mid));
    assert!(mid.points > visible_points, "compiling earns its points too");
}

/// The report of one exercise, graded alone.
fn exercise_alone(dir: &Path, id: &str) -> String {
    let (_, report) = common::check(dir, &["--exercise", id]);
    common::pretty_grade(exercise(&report, id))
}

#[test]
fn exercises_graded_together_get_exactly_the_reports_they_get_alone() {
    // Most exercises share one combined test binary; this mix makes it fail in every way it can:
    // a library that does not compile, hidden tests that do not compile against a candidate's
    // API, and an exercise with a test binary of its own (it depends on a local crate), next to
    // good, over-fitted and allocation-counting solutions. Each must come out as if it had been
    // graded on its own.
    let dir = tempfile::tempdir().expect("temp dir");
    let together = dir.path().join("together");
    let parts: [(&str, PathBuf); 7] = [
        ("junior-01-ownership", repo("exercises/junior-01-ownership/solution")),
        ("junior-02-borrowing", repo("exercises/junior-02-borrowing/starter")),
        ("junior-03-shared-vs-mut", repo("tests/fixtures/overfit/junior-03-shared-vs-mut")),
        ("junior-04-string-vs-str", repo("exercises/junior-04-string-vs-str/solution")),
        ("mid-02-traits", fixture("hidden-api-mismatch").join("mid-02-traits")),
        ("junior-07-cargo", repo("exercises/junior-07-cargo/solution")),
        ("senior-05-performance", repo("exercises/senior-05-performance/solution")),
    ];
    let mut args = Vec::new();
    for (id, source) in &parts {
        copy_tree(source, &together.join(id));
        args.extend(["--exercise", id]);
    }
    // junior-02: an attempt that still does not compile (the starter as handed out would be
    // `not_attempted`, and never built).
    let lib = together.join("junior-02-borrowing/src/lib.rs");
    let attempt = std::fs::read_to_string(&lib).expect("read") + "\n// Tried: two mutable borrows of one slice.\n";
    common::write(&lib, &attempt);
    let (_, report) = common::check(&together, &args);
    assert_eq!(report.exercises.len(), parts.len());
    for (id, _) in &parts {
        let alone = dir.path().join(format!("alone-{id}"));
        copy_tree(&together.join(id), &alone.join(id));
        assert_eq!(
            common::pretty_grade(exercise(&report, id)),
            exercise_alone(&alone, id),
            "{id} graded together vs alone"
        );
    }
    assert_eq!(status(&report, "junior-01-ownership"), ExerciseStatus::Passed);
    assert_eq!(status(&report, "junior-02-borrowing"), ExerciseStatus::CompileError);
    assert_eq!(status(&report, "mid-02-traits"), ExerciseStatus::Partial);
    assert_eq!(status(&report, "junior-07-cargo"), ExerciseStatus::Passed);
    assert_eq!(status(&report, "senior-05-performance"), ExerciseStatus::Passed);
    assert!(!not_passed(&report, "junior-03-shared-vs-mut").is_empty());
}

/// Assembles a whole hand-in from the calibration corpus (solutions written from the take-home
/// alone): the first solution of `kind` of every exercise, into `dir`.
fn calibration_hand_in(dir: &Path, kind: CalibrationKind) -> usize {
    let mut count = 0;
    for exercise in exercise_set().exercises() {
        let first = exercise.calibration.iter().find(|(_, calibration)| calibration.meta.kind == kind);
        if let Some((name, _)) = first {
            copy_tree(&repo("exercises").join(&exercise.id).join("calibration").join(name), &dir.join(&exercise.id));
            count += 1;
        }
    }
    count
}

#[test]
fn a_whole_weak_but_passing_hand_in_reaches_no_level_above_pass() {
    let dir = tempfile::tempdir().expect("temp dir");
    let count = calibration_hand_in(dir.path(), CalibrationKind::Weak);
    assert!(count >= 20, "the corpus has a weak solution for most exercises: {count}");
    let (_, report) = common::check(dir.path(), &[]);
    let works: Vec<&ExerciseReport> = report.exercises.iter().filter(|e| e.status == ExerciseStatus::Passed).collect();
    assert!(works.len() * 10 >= count * 9, "the corpus's weak solutions pass their tests: {}/{count}", works.len());
    for (level, score) in &report.levels {
        assert_ne!(score.verdict, Verdict::Strong, "{level}: {score:?}");
    }
    assert!(report.estimated_level.is_none_or(|level| level == Level::Junior), "{:?}", report.estimated_level);
    let flagged = report.exercises.iter().filter(|e| e.habits.verdict == HabitVerdict::RedFlag).count();
    assert!(flagged * 10 >= count * 9, "{flagged} of {count} exercises show a red flag");
}

#[test]
fn a_whole_strong_hand_in_written_independently_is_strong_at_every_level_without_a_flag() {
    let dir = tempfile::tempdir().expect("temp dir");
    let count = calibration_hand_in(dir.path(), CalibrationKind::Strong);
    assert!(count >= 20, "the corpus has a strong solution for most exercises: {count}");
    let set = exercise_set();
    let mut args = Vec::new();
    for exercise in set.exercises() {
        if dir.path().join(&exercise.id).is_dir() {
            args.extend(["--exercise", exercise.id.as_str()]);
        }
    }
    let (_, report) = common::check(dir.path(), &args);
    for exercise in &report.exercises {
        assert_eq!(exercise.points, exercise.max, "{}: {:#?}", exercise.id, exercise.red_flags);
        assert!(exercise.red_flags.is_empty(), "{}: {:#?}", exercise.id, exercise.red_flags);
    }
    for (level, score) in &report.levels {
        assert_eq!(score.verdict, Verdict::Strong, "{level}: {score:?}");
    }
    assert!(report.score.percent >= 98.0, "{}", report.score.percent);
}

/// Copies made on a thread the candidate starts still count against an allocation budget: the
/// fixture's `transfer` copies the whole ledger (100 accounts) on a scoped thread, four times in
/// the measured test, while the measuring thread itself only starts the threads.
#[test]
fn copies_made_on_another_thread_count_against_the_budget() {
    let (_, report) = check(&fixture("thread-copies"), &["--exercise", "junior-02-borrowing"]);
    let junior = exercise(&report, "junior-02-borrowing");
    assert_eq!(junior.status, ExerciseStatus::Passed, "{}", pretty(junior));
    let flag = junior.red_flags.iter().find(|flag| flag.id == "excess_clones").expect("excess_clones is raised");
    let marker = " allocations measured by `hidden::transfers_copy_no_account`";
    let at = flag.message.find(marker).unwrap_or_else(|| panic!("no measurement in {:?}", flag.message));
    let digits: String = flag.message[..at]
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let measured: u64 = digits.parse().unwrap_or_else(|_| panic!("no count in {:?}", flag.message));
    // 4 copies of 100 accounts, each a Vec and 100 owner names: 404 on the spawned threads. The
    // measuring thread alone makes a few allocations per thread it starts.
    assert!(measured >= 404, "the spawned threads' copies were not counted: {measured} ({})", flag.message);
}

/// Under a plain `cargo test`, tests run side by side on threads of one process: a test that
/// measures or checks the heap while others allocate must see only its own allocations.
#[test]
fn under_plain_cargo_test_measuring_tests_never_count_each_other() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    common::write(
        &root.join("Cargo.toml"),
        "[package]\nname = \"measure_demo\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[workspace]\n",
    );
    common::write(&root.join("src/lib.rs"), "pub fn nothing() {}\n");
    std::fs::create_dir_all(root.join("tests/support")).expect("mkdir");
    for module in ["grader_measure", "grader_witness"] {
        std::fs::copy(repo(&format!("grader/measure/{module}.rs")), root.join(format!("tests/support/{module}.rs")))
            .expect("copy the measure and witness modules");
    }
    common::write(
        &root.join("tests/side_by_side.rs"),
        r#"#[path = "support/grader_measure.rs"]
mod grader_measure;
#[path = "support/grader_witness.rs"]
mod grader_witness;

use std::sync::Barrier;

static BOTH: Barrier = Barrier::new(3);

#[test]
fn measures_nothing_while_the_other_allocates() {
    BOTH.wait();
    for _ in 0..200 {
        // A window long enough for the other test to allocate in it, allocating nothing.
        let (sum, counted) = grader_measure::count_allocations(|| (0..20_000u64).map(std::hint::black_box).sum::<u64>());
        assert_eq!((sum, counted.total()), (199_990_000, 0));
    }
}

#[test]
fn checks_the_heap_while_the_other_allocates() {
    BOTH.wait();
    for _ in 0..200 {
        let (texts, heap) = grader_measure::check_heap(|| {
            let texts: Vec<String> = (0..100).map(|i| i.to_string()).collect();
            texts.len()
        });
        assert_eq!((texts, heap.is_clean()), (100, true), "{heap:?}");
    }
}

#[test]
fn allocates_while_measuring_too() {
    BOTH.wait();
    for _ in 0..200 {
        let (texts, counted) = grader_measure::count_allocations(|| {
            (0..100).map(|i| std::hint::black_box(i.to_string())).collect::<Vec<String>>()
        });
        assert_eq!((texts.len(), counted.fresh), (100, 101));
    }
}
"#,
    );
    let output = run(Command::new("cargo")
        .args(["test", "--quiet", "--offline", "--test", "side_by_side", "--", "--test-threads=3"])
        .env("CARGO_TARGET_DIR", root.join("target"))
        .env_remove("GRADER_WITNESS")
        .current_dir(root));
    assert!(
        output.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );

    // As the grader runs a test (alone in its process, `GRADER_WITNESS` set): a thread that was
    // there before the check and had allocated (like the harness's own) is not watched when it
    // allocates while the check runs; a thread the checked code starts is.
    common::write(
        &root.join("tests/alone.rs"),
        r#"#[path = "support/grader_measure.rs"]
mod grader_measure;
#[path = "support/grader_witness.rs"]
mod grader_witness;

use std::sync::atomic::{AtomicPtr, Ordering};
use std::sync::Barrier;

static READY: Barrier = Barrier::new(2);
static GO: Barrier = Barrier::new(2);
static DONE: Barrier = Barrier::new(2);
static KEPT: AtomicPtr<u64> = AtomicPtr::new(std::ptr::null_mut());

#[test]
fn only_the_checked_code_and_its_threads_are_watched() {
    let bystander = std::thread::spawn(|| {
        // Lives a while before the check, as the harness's threads do: it has allocated.
        drop(std::hint::black_box(vec![0_u8; 16]));
        READY.wait();
        GO.wait();
        // Allocates while the check below runs, and keeps the block past it.
        KEPT.store(Box::into_raw(Box::new(7_u64)), Ordering::SeqCst);
        DONE.wait();
    });
    READY.wait();
    let ((), heap) = grader_measure::check_heap(|| {
        GO.wait();
        DONE.wait();
    });
    assert!(heap.is_clean(), "the bystander's block was counted: {heap:?}");
    let _ = bystander.join();
    // SAFETY: the bystander stored a pointer from `Box::into_raw` and is gone.
    drop(unsafe { Box::from_raw(KEPT.load(Ordering::SeqCst)) });
    let (kept, heap) = grader_measure::check_heap(|| std::thread::spawn(|| Box::leak(Box::new(7_u64))).join());
    assert!(kept.is_ok());
    assert!(heap.leaked_blocks >= 1, "a block leaked by a thread the checked code started: {heap:?}");
}
"#,
    );
    // `GRADER_WITNESS` set says the process runs one test, as under the grader; naming no
    // descriptors, it arms no channel.
    let output = run(Command::new("cargo")
        .args(["test", "--quiet", "--offline", "--test", "alone"])
        .env("CARGO_TARGET_DIR", root.join("target"))
        .env("GRADER_WITNESS", "none")
        .current_dir(root));
    assert!(
        output.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_take_home_remembers_what_was_handed_out_and_an_untouched_exercise_is_not_attempted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let home = dir.path().join("take-home");
    let init = run(grader().arg("init").arg(&home).args(["--level", "junior"]));
    assert!(init.status.success(), "{}", String::from_utf8_lossy(&init.stderr));
    // The candidate solves one exercise and leaves the others as they were.
    copy_tree(&repo("exercises/junior-01-ownership/solution"), &home.join("junior-01-ownership"));
    let (code, report) = common::check(&home, &[]);
    assert_eq!(code, Some(0));
    let ids: Vec<&str> = report.exercises.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), 8, "the junior take-home only: {ids:?}");
    assert!(ids.iter().all(|id| id.starts_with("junior-")), "{ids:?}");
    assert!(report.notes.iter().any(|note| note.contains("sealed on this machine")), "{:?}", report.notes);
    assert_eq!(status(&report, "junior-01-ownership"), ExerciseStatus::Passed);
    for untouched in report.exercises.iter().filter(|e| e.id != "junior-01-ownership") {
        assert_eq!(untouched.status, ExerciseStatus::NotAttempted, "{}", untouched.id);
        assert_eq!((untouched.points, untouched.red_flags.len()), (0, 0), "{}", untouched.id);
        assert!(untouched.tests.iter().all(|t| t.status != TestStatus::Passed), "{}", untouched.id);
    }
    assert_eq!(report.score.points, exercise(&report, "junior-01-ownership").points);

    // A manifest that lists less than was handed out is refused, not believed.
    let manifest = home.join("take-home.toml");
    let text = std::fs::read_to_string(&manifest).expect("manifest");
    common::write(&manifest, &text.replace("\"junior-08-vec-vs-array\"", "").replace(", ]", "]"));
    let edited = run(grader().arg("check").arg(&home));
    assert_eq!(edited.status.code(), Some(2), "{}", String::from_utf8_lossy(&edited.stdout));
    assert!(String::from_utf8_lossy(&edited.stderr).contains("cannot be trusted"));

    // No manifest at all: the folders present are graded, and the report says so.
    std::fs::remove_file(&manifest).expect("remove the manifest");
    std::fs::remove_dir_all(home.join("junior-08-vec-vs-array")).expect("remove a folder");
    let (code, report) = common::check(&home, &[]);
    assert_eq!(code, Some(0));
    assert_eq!(report.exercises.len(), 7);
    assert!(
        report.notes.iter().any(|note| note.contains("graded the 7 exercise folders present")),
        "{:?}",
        report.notes
    );
    let empty = tempfile::tempdir().expect("temp dir");
    let nothing = run(grader().arg("check").arg(empty.path()));
    assert_eq!(nothing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&nothing.stderr).contains("no exercise folder"));
}

#[test]
fn the_candidates_take_home_names_real_packages_and_keeps_its_own_format() {
    let dir = tempfile::tempdir().expect("temp dir");
    let home = dir.path().join("take-home");
    assert!(run(grader().arg("init").arg(&home)).status.success());
    let readme = std::fs::read_to_string(home.join("README.md")).expect("README");
    assert!(readme.contains("Plan on about") && readme.contains("take-home.toml"), "{readme}");
    // Every package the workspace has is named in the README, as `cargo test -p` wants it.
    let metadata = run(Command::new("cargo")
        .args(["metadata", "--no-deps", "--offline", "--format-version", "1"])
        .current_dir(&home));
    assert!(metadata.status.success(), "{}", String::from_utf8_lossy(&metadata.stderr));
    let metadata: serde_json::Value = serde_json::from_slice(&metadata.stdout).expect("cargo metadata JSON");
    let packages: Vec<&str> = metadata["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .filter_map(|package| package["name"].as_str())
        .collect();
    assert_eq!(packages.len(), 23, "{packages:?}");
    for package in packages {
        assert!(readme.contains(&format!("`{package}`")), "{package} is not in the README:\n{readme}");
    }
    // `cargo fmt` leaves the starters and the visible tests as they were handed out.
    let fmt = run(Command::new("cargo").args(["fmt", "--check"]).current_dir(&home));
    assert!(fmt.status.success(), "cargo fmt would rewrite:\n{}", String::from_utf8_lossy(&fmt.stdout));
}
