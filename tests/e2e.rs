//! End-to-end tests of the `grader` binary over the embedded exercise set and the fixture
//! submissions in `tests/fixtures/submissions/` (see the README there for what each one holds).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use toml::Value as Value2;

/// The three exercises the fixture submissions were written for.
const FIXTURE_EXERCISES: [&str; 3] = ["junior-02-borrowing", "mid-03-shared-ownership", "senior-01-send-sync"];

fn grader() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_grader"));
    command.env("NO_COLOR", "1");
    command
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/submissions").join(name)
}

fn run(command: &mut Command) -> Output {
    command.output().expect("grader starts")
}

/// `grader check <dir> --format json` on the fixture exercises; returns the exit code and report.
fn check(dir: &Path, extra: &[&str]) -> (i32, Value) {
    let mut command = grader();
    command.arg("check").arg(dir).args(["--format", "json"]).args(extra);
    for id in FIXTURE_EXERCISES {
        command.args(["--exercise", id]);
    }
    let output = run(&mut command);
    let report = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|err| panic!("no JSON report ({err}); stderr: {}", String::from_utf8_lossy(&output.stderr)));
    (output.status.code().expect("exit code"), report)
}

fn exercise<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["exercises"].as_array().expect("exercises").iter().find(|e| e["id"] == id).expect("exercise in report")
}

/// Names of the tests of `id` whose status is not `passed`.
fn not_passed(report: &Value, id: &str) -> Vec<String> {
    exercise(report, id)["tests"]
        .as_array()
        .expect("tests")
        .iter()
        .filter(|t| t["status"] != "passed")
        .map(|t| t["name"].as_str().expect("name").to_owned())
        .collect()
}

fn status(report: &Value, id: &str) -> String {
    exercise(report, id)["status"].as_str().expect("status").to_owned()
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
    assert_eq!(code, 0);
    for exercise in report["exercises"].as_array().expect("exercises") {
        for test in exercise["tests"].as_array().expect("tests").iter().filter(|t| t["hidden"] == true) {
            assert_eq!(test["points"], 0, "{}: {test}", exercise["id"]);
        }
        assert_ne!(exercise["status"], "passed", "{}", exercise["id"]);
    }
    assert_eq!(report["estimated_level"], Value::Null);

    // `init` never overwrites: a second run into the same folder is refused.
    let again = run(grader().arg("init").arg(&take_home));
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"));
}

/// Every exercise folder of the repository's set, with its parsed `exercise.toml`.
fn exercise_folders() -> Vec<(String, PathBuf, toml::Table)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../exercises");
    let mut folders: Vec<(String, PathBuf, toml::Table)> = std::fs::read_dir(&root)
        .expect("exercises/")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.join("exercise.toml").is_file())
        .map(|path| {
            let meta = std::fs::read_to_string(path.join("exercise.toml")).expect("read");
            let id = path.file_name().expect("name").to_string_lossy().into_owned();
            (id, path, toml::from_str(&meta).expect("exercise.toml parses"))
        })
        .collect();
    folders.sort_by(|a, b| a.0.cmp(&b.0));
    folders
}

/// Copies every file under `from` into `to`.
fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("read") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::create_dir_all(to).expect("mkdir");
            std::fs::copy(&path, &target).expect("copy");
        }
    }
}

#[test]
fn every_reference_solution_handed_in_as_a_folder_scores_full_marks_without_red_flags() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (id, path, _) in exercise_folders() {
        copy_tree(&path.join("solution"), &dir.path().join(&id));
    }
    let output = run(grader().arg("check").arg(dir.path()).args(["--format", "json", "--min-score", "100"]));
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    assert_eq!(output.status.code(), Some(0), "{report:#}");
    assert_eq!(report["score"]["percent"], 100.0);
    for exercise in report["exercises"].as_array().expect("exercises") {
        assert_eq!(exercise["status"], "passed", "{}", exercise["id"]);
        assert_eq!(exercise["red_flags"], Value::Array(Vec::new()), "{}", exercise["id"]);
        assert!(!exercise["files_from_candidate"].as_array().expect("files").is_empty());
    }
    assert_eq!(report["estimated_level"], "senior");
}

/// Text each red flag's syntax evidence must show on its line.
fn marker(flag: &str) -> &'static [&'static str] {
    match flag {
        "excess_clones" => &["clone", "to_vec", "to_owned"],
        "owned_strings" => &["to_string", "String", "format!"],
        "unwrap_everywhere" => &["unwrap", "expect"],
        "wildcard_arm" => &["_"],
        "fixed_array_buffer" => &["["],
        "unsafe_send_sync" => &["unsafe impl"],
        "unsafe_to_silence_borrowck" => &["unsafe", "*", "transmute"],
        "unsafe_without_safety_comment" => &["unsafe"],
        "refcell_overuse" => &["RefCell"],
        "rc_refcell_soup" => &["Rc<RefCell"],
        "manual_rewrap" => &["Err("],
        "dyn_everywhere" => &["dyn"],
        "needless_collect" => &["collect"],
        "blocking_in_async" => &["sleep", "fs::", "lock"],
        "stringly_errors" => &["String", "Box<dyn", "Error"],
        "static_or_leaked" => &["'static", "leak"],
        "copied_instead_of_depending" => &["fn ", "const ", "struct ", "enum "],
        _ => &[""],
    }
}

#[test]
fn every_weak_solution_trips_its_red_flags_at_lines_that_show_the_habit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut expectations = Vec::new();
    for (id, path, meta) in exercise_folders() {
        let Some(rules) = meta.get("red_flag").and_then(Value2::as_array) else { continue };
        let Ok(mut flawed) = std::fs::read_dir(path.join("flawed")) else { continue };
        let weak = flawed.next().expect("a weak solution").expect("entry").path();
        let name = weak.file_name().expect("name").to_string_lossy().into_owned();
        copy_tree(&weak, &dir.path().join(&id));
        for rule in rules {
            let caught_in = rule.get("caught_in").and_then(Value2::as_array).cloned().unwrap_or_default();
            if caught_in.iter().any(|caught| caught.as_str() == Some(name.as_str())) {
                expectations.push((id.clone(), weak.clone(), rule["id"].as_str().expect("id").to_owned()));
            }
        }
    }
    assert!(expectations.len() >= 10, "{expectations:?}");
    let output = run(grader().arg("check").arg(dir.path()).args(["--format", "json"]));
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    for (id, weak, flag_id) in expectations {
        let exercise = exercise(&report, &id);
        assert_eq!(exercise["status"], "passed", "{id}: a weak solution passes every test");
        let flag = exercise["red_flags"]
            .as_array()
            .expect("red flags")
            .iter()
            .find(|flag| flag["id"] == flag_id.as_str())
            .unwrap_or_else(|| panic!("{id}: red flag {flag_id} not raised: {:#}", exercise["red_flags"]));
        assert!(flag["penalty"].as_u64().expect("penalty") > 0, "{id} {flag_id}");
        for evidence in flag["evidence"].as_array().expect("evidence") {
            let file = evidence["file"].as_str().expect("file").strip_prefix(&format!("{id}/")).expect("own path");
            let line = evidence["line"].as_u64().expect("line") as usize;
            let snippet = evidence["snippet"].as_str().expect("snippet");
            let source = std::fs::read_to_string(weak.join(file)).expect("evidence file exists");
            let text = source.lines().nth(line.saturating_sub(1)).unwrap_or_default().trim();
            assert_eq!(snippet, text, "{id} {flag_id}: the snippet is the line it names");
            if evidence["seen_by"].as_str().expect("seen_by").contains("syntax") {
                assert!(marker(&flag_id).iter().any(|m| snippet.contains(m)), "{id} {flag_id}: `{snippet}`");
            }
        }
    }
}

#[test]
fn silencing_clippy_with_allow_attributes_is_flagged_and_does_not_hide_the_habit() {
    let mut command = grader();
    command.arg("check").arg(fixture("silenced")).args(["--format", "json", "--exercise", "junior-05-option-result"]);
    let report: Value = serde_json::from_slice(&run(&mut command).stdout).expect("JSON report");
    let junior = exercise(&report, "junior-05-option-result");
    let ids: Vec<&str> =
        junior["red_flags"].as_array().expect("red flags").iter().map(|f| f["id"].as_str().expect("id")).collect();
    assert!(ids.contains(&"lint_silenced") && ids.contains(&"unwrap_everywhere"), "{ids:?}");
    let silenced =
        junior["red_flags"].as_array().expect("flags").iter().find(|f| f["id"] == "lint_silenced").expect("flag");
    assert_eq!(silenced["line"], 1);
    let penalties: u64 =
        junior["red_flags"].as_array().expect("flags").iter().map(|f| f["penalty"].as_u64().expect("p")).sum();
    assert_eq!(junior["points"].as_u64().expect("points") + penalties, junior["max"].as_u64().expect("max"));
    if report["skipped_checks"].as_array().expect("skipped").is_empty() {
        let unwraps = junior["red_flags"]
            .as_array()
            .expect("flags")
            .iter()
            .find(|f| f["id"] == "unwrap_everywhere")
            .expect("flag");
        let seen: Vec<&str> = unwraps["evidence"]
            .as_array()
            .expect("evidence")
            .iter()
            .map(|e| e["seen_by"].as_str().expect("s"))
            .collect();
        assert!(seen.iter().any(|s| s.contains("clippy::unwrap_used")), "clippy must see through allow(): {seen:?}");
    }
}

#[test]
fn a_partly_right_submission_scores_in_between_with_the_right_tests_failing() {
    let (code, report) = check(&fixture("partial"), &[]);
    assert_eq!(code, 0);
    let percent = report["score"]["percent"].as_f64().expect("percent");
    assert!(percent > 0.0 && percent < 100.0, "{percent}");
    assert_eq!(status(&report, "junior-02-borrowing"), "passed");

    let mid = exercise(&report, "mid-03-shared-ownership");
    assert_eq!(mid["status"], "compile_error");
    assert_eq!(mid["points"], 0);
    let error = &mid["compile_errors"][0];
    assert_eq!(error["code"], "E0277");
    assert_eq!(error["file"], "mid-03-shared-ownership/src/lib.rs");
    assert!(error["line"].as_u64().expect("line") > 0);

    assert_eq!(status(&report, "senior-01-send-sync"), "partial");
    let failing = not_passed(&report, "senior-01-send-sync");
    assert!(!failing.is_empty() && failing.iter().all(|name| name.starts_with("hidden::")), "{failing:?}");
    assert_eq!(report["levels"]["junior"]["verdict"], "strong");
    assert_eq!(report["levels"]["mid"]["verdict"], "fail");
    assert_eq!(report["estimated_level"], "junior");
}

#[test]
fn an_infinite_loop_times_out_one_test_and_every_other_test_is_still_graded() {
    let (_, report) = check(&fixture("infinite-loop"), &["--test-timeout", "3"]);
    let junior = exercise(&report, "junior-02-borrowing");
    let tests = junior["tests"].as_array().expect("tests");
    let timed_out: Vec<&Value> = tests.iter().filter(|t| t["status"] == "timed_out").collect();
    assert_eq!(timed_out.len(), 1, "{junior:#}");
    assert!(timed_out[0]["message"].as_str().expect("message").contains("killed"));
    assert_eq!(tests.iter().filter(|t| t["status"] == "passed").count(), tests.len() - 1);
    assert_eq!(junior["status"], "partial");
    assert_eq!(status(&report, "mid-03-shared-ownership"), "passed");
    assert_eq!(status(&report, "senior-01-send-sync"), "passed");
}

#[test]
fn a_missing_exercise_is_graded_missing_not_an_error() {
    let (code, report) = check(&fixture("missing-exercise"), &[]);
    assert_eq!(code, 0);
    let senior = exercise(&report, "senior-01-send-sync");
    assert_eq!(senior["status"], "missing");
    assert_eq!(senior["points"], 0);
    assert!(senior["max"].as_u64().expect("max") > 0);
    assert_eq!(status(&report, "junior-02-borrowing"), "passed");
    assert_eq!(report["levels"]["senior"]["verdict"], "fail");
    assert_eq!(report["estimated_level"], "mid");
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
fn min_score_sets_exit_code_one() {
    let (code, report) = check(&fixture("missing-exercise"), &["--min-score", "99.5"]);
    assert_eq!(code, 1);
    assert!(report["score"]["percent"].as_f64().expect("percent") < 99.5);
}

#[test]
fn bad_input_is_a_clear_error_with_exit_code_two() {
    let missing = run(grader().args(["check", "/definitely/not/here"]));
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("is not a folder"));

    let dir = tempfile::tempdir().expect("temp dir");
    let rubric = dir.path().join("rubric.toml");
    std::fs::write(&rubric, "[points]\ncompiles = 1\nvisible_test = 1\nhidden_test = 1\n[verdicts]\nstrong_percent = 90\npass_percent = 50\n[exercises.junior-99-nothing]\ncompiles = 2\n").expect("write");
    let bad_rubric = run(grader().arg("check").arg(dir.path()).arg("--rubric").arg(&rubric));
    assert_eq!(bad_rubric.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_rubric.stderr).contains("junior-99-nothing"));

    let unknown = run(grader().args(["init", "/tmp/unused", "--exercise", "junior-99-nothing"]));
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&unknown.stderr).contains("grader list")
            || String::from_utf8_lossy(&unknown.stderr).contains("known")
    );
}

#[test]
fn symlinks_and_candidate_manifests_are_ignored_and_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let exercise_dir = dir.path().join("junior-02-borrowing");
    std::fs::create_dir_all(exercise_dir.join("src")).expect("mkdir");
    std::os::unix::fs::symlink("/etc/passwd", exercise_dir.join("src/lib.rs")).expect("symlink");
    std::fs::write(exercise_dir.join("build.rs"), "fn main() { std::process::exit(1) }").expect("write");
    std::fs::write(exercise_dir.join("Cargo.toml"), "[package]\nname = \"evil\"\nbuild = \"build.rs\"\n")
        .expect("write");
    let (code, report) = check(dir.path(), &[]);
    assert_eq!(code, 0);
    let junior = exercise(&report, "junior-02-borrowing");
    let ignored: Vec<&str> =
        junior["ignored"].as_array().expect("ignored").iter().map(|i| i["path"].as_str().expect("path")).collect();
    assert!(
        ignored.contains(&"src/lib.rs") && ignored.contains(&"build.rs") && ignored.contains(&"Cargo.toml"),
        "{ignored:?}"
    );
    // The starter's lib.rs was graded instead: it fails to compile with the exercise's own error.
    assert_eq!(junior["files_from_starter"][0], "src/lib.rs");
    assert_eq!(junior["status"], "compile_error");
    assert_eq!(junior["compile_errors"][0]["code"], "E0499");
}

/// Grades a submission of the checks demo set (`tests/fixtures/exercise-sets/checks`).
fn check_demo(submission: &str) -> Value {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/exercise-sets");
    let output = run(grader()
        .arg("--exercises")
        .arg(root.join("checks"))
        .arg("check")
        .arg(root.join("checks-submissions").join(submission))
        .args(["--format", "json"]));
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("JSON report")
}

#[test]
fn an_api_that_lets_the_illegal_state_compile_loses_exactly_the_compile_fail_points() {
    let report = check_demo("illegal-state");
    let demo = exercise(&report, "senior-90-checks-demo");
    assert_eq!(not_passed(&report, "senior-90-checks-demo"), ["compile_fail::cannot_open_twice"]);
    let check = demo["tests"].as_array().expect("tests").iter().find(|t| t["kind"] == "compile_fail").expect("check");
    assert_eq!(check["points"], 0);
    assert_eq!(
        demo["points"].as_u64().expect("points") + check["max"].as_u64().expect("max"),
        demo["max"].as_u64().expect("max")
    );
}

#[test]
fn an_allocation_over_budget_loses_exactly_the_budget_points() {
    let report = check_demo("over-budget");
    let demo = exercise(&report, "senior-90-checks-demo");
    assert_eq!(not_passed(&report, "senior-90-checks-demo"), ["budget::total_length_allocates_nothing"]);
    let budget = demo["tests"].as_array().expect("tests").iter().find(|t| t["kind"] == "budget").expect("budget");
    assert!(budget["message"].as_str().expect("message").contains("budget is 0"), "{budget}");
    assert_eq!(
        demo["points"].as_u64().expect("points") + budget["max"].as_u64().expect("max"),
        demo["max"].as_u64().expect("max")
    );
}

#[test]
fn the_checks_demo_set_verifies() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/exercise-sets/checks");
    let output = run(grader().arg("--exercises").arg(root).arg("verify"));
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stdout));
}

#[test]
fn every_overfitted_solution_passes_the_visible_tests_and_fails_exactly_its_expected_hidden_tests() {
    let overfit = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/overfit");
    let output = run(grader().arg("check").arg(&overfit).args(["--format", "json"]));
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    for exercise in report["exercises"].as_array().expect("exercises") {
        let id = exercise["id"].as_str().expect("id");
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
    let mut command = grader();
    command.arg("check").arg(fixture("hidden-api-mismatch")).args(["--format", "json", "--exercise", "mid-02-traits"]);
    let report: Value = serde_json::from_slice(&run(&mut command).stdout).expect("JSON report");
    let mid = exercise(&report, "mid-02-traits");
    assert_eq!(mid["status"], "partial", "{mid:#}");
    let errors = mid["compile_errors"].as_array().expect("errors");
    assert!(!errors.is_empty());
    assert!(errors.iter().all(|e| e["file"].as_str().expect("file").contains("hidden tests")), "{errors:#?}");
    for test in mid["tests"].as_array().expect("tests") {
        if test["hidden"] == true {
            assert_eq!(test["status"], "not_run", "{test}");
            assert!(test["message"].as_str().expect("message").contains("do not compile"), "{test}");
        } else {
            assert_eq!(test["status"], "passed", "{test}");
        }
    }
    let visible_points: u64 = mid["tests"]
        .as_array()
        .expect("tests")
        .iter()
        .filter(|t| t["hidden"] == false)
        .map(|t| t["points"].as_u64().expect("p"))
        .sum();
    assert!(mid["points"].as_u64().expect("points") > visible_points, "compiling earns its points too");
}

/// The report of one exercise without what varies from run to run (nothing, today: reports hold
/// no timings), so two gradings can be compared field by field.
fn exercise_alone(dir: &Path, id: &str) -> Value {
    let output = run(grader().arg("check").arg(dir).args(["--format", "json", "--exercise", id]));
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    exercise(&report, id).clone()
}

#[test]
fn exercises_graded_together_get_exactly_the_reports_they_get_alone() {
    // Most exercises share one combined test binary; this mix makes it fail in every way it can:
    // a library that does not compile, hidden tests that do not compile against a candidate's
    // API, and an exercise with a test binary of its own (it depends on a local crate), next to
    // good, over-fitted and allocation-counting solutions. Each must come out as if it had been
    // graded on its own.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = tempfile::tempdir().expect("temp dir");
    let together = dir.path().join("together");
    let parts: [(&str, PathBuf); 7] = [
        ("junior-01-ownership", root.join("exercises/junior-01-ownership/solution")),
        ("junior-02-borrowing", root.join("exercises/junior-02-borrowing/starter")),
        ("junior-03-shared-vs-mut", root.join("tests/fixtures/overfit/junior-03-shared-vs-mut")),
        ("junior-04-string-vs-str", root.join("exercises/junior-04-string-vs-str/solution")),
        ("mid-02-traits", fixture("hidden-api-mismatch").join("mid-02-traits")),
        ("junior-07-cargo", root.join("exercises/junior-07-cargo/solution")),
        ("senior-05-performance", root.join("exercises/senior-05-performance/solution")),
    ];
    let mut command = grader();
    command.arg("check").arg(&together).args(["--format", "json"]);
    for (id, source) in &parts {
        copy_tree(source, &together.join(id));
        command.args(["--exercise", id]);
    }
    let report: Value = serde_json::from_slice(&run(&mut command).stdout).expect("JSON report");
    for (id, _) in &parts {
        let alone = dir.path().join(format!("alone-{id}"));
        copy_tree(&together.join(id), &alone.join(id));
        assert_eq!(exercise(&report, id), &exercise_alone(&alone, id), "{id} graded together vs alone");
    }
    assert_eq!(status(&report, "junior-01-ownership"), "passed");
    assert_eq!(status(&report, "junior-02-borrowing"), "compile_error");
    assert_eq!(status(&report, "mid-02-traits"), "partial");
    assert_eq!(status(&report, "junior-07-cargo"), "passed");
    assert_eq!(status(&report, "senior-05-performance"), "passed");
    assert!(!not_passed(&report, "junior-03-shared-vs-mut").is_empty());
}
