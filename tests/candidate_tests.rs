//! End-to-end tests of the testing measure: the tests a candidate writes are theirs (no
//! `tests_modified` for adding), run against their code, the reference and every chaff of the
//! exercise. The hand-ins in `tests/fixtures/candidate-tests/{thorough,thin}/` were written from
//! the take-home alone (by a session that never saw the reference, hidden tests or chaff).

mod common;

use std::path::{Path, PathBuf};

use common::{check, copy_tree, exercise, red_flags, repo, write};
use grader::report::{CandidateTests, Report, TestStatus};

const BORROWING: &str = "junior-02-borrowing";

/// A copy of the thorough hand-in's `junior-02-borrowing`, to change.
fn thorough_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&repo("tests/fixtures/candidate-tests/thorough").join(BORROWING), &dir.path().join(BORROWING));
    let path = dir.path().to_path_buf();
    (dir, path)
}

fn grade(dir: &Path, ids: &[&str]) -> Report {
    let mut args = Vec::new();
    for id in ids {
        args.extend(["--exercise", id]);
    }
    let (code, report) = check(dir, &args);
    assert_eq!(code, Some(0), "{}", common::pretty(&report));
    report
}

fn tests_of<'a>(report: &'a Report, id: &str) -> &'a CandidateTests {
    exercise(report, id).candidate_tests.as_ref().unwrap_or_else(|| panic!("{id}: no candidate tests"))
}

/// A copy of the thorough hand-in's `junior-02-borrowing` without a test of the candidate's own:
/// `tests/my_tests.rs` removed, and the tests they appended to `tests/visible.rs` cut off.
fn visible_tests_only_copy() -> (tempfile::TempDir, PathBuf) {
    let (keep, dir) = thorough_copy();
    std::fs::remove_file(dir.join(BORROWING).join("tests/my_tests.rs")).expect("remove");
    let original = visible(&dir);
    let start = original.find("\n#[test]\nfn a_refused_transfer_in_a_sequence").expect("added tests");
    write(&dir.join(BORROWING).join("tests/visible.rs"), &original[..start]);
    (keep, dir)
}

/// A change to a visible test file.
type Edit = fn(&str) -> String;

fn visible(path: &Path) -> String {
    std::fs::read_to_string(path.join(BORROWING).join("tests/visible.rs")).expect("visible.rs")
}

#[test]
fn added_tests_are_the_candidates_and_catch_the_chaff() {
    let (_keep, dir) = thorough_copy();
    let report = grade(&dir, &[BORROWING]);
    assert!(
        !red_flags(&report, BORROWING).contains(&"tests_modified".to_owned()),
        "{:?}",
        red_flags(&report, BORROWING)
    );
    let tests = tests_of(&report, BORROWING);
    let names: Vec<&str> = tests.tests.iter().map(|test| test.name.as_str()).collect();
    assert!(names.contains(&"tests/my_tests.rs::sending_the_whole_balance_is_allowed"), "{names:?}");
    assert!(names.contains(&"tests/visible.rs::large_amounts_move_exactly"), "tests added to visible.rs: {names:?}");
    assert!(!names.contains(&"tests/visible.rs::several_transfers_keep_the_total"), "the exercise's own: {names:?}");
    assert!(tests.tests.iter().all(|test| test.own_code == TestStatus::Passed && test.reference == TestStatus::Passed));
    assert!(tests.chaff.len() >= 4);
    assert_eq!(tests.testing.points, tests.testing.max, "{:#?}", tests.chaff);
    assert!(tests.chaff.iter().all(|chaff| !chaff.caught_by.is_empty()));
    assert_eq!(report.testing.expect("testing measure").max, tests.testing.max);
    // A bonus, by default not counted.
    let works_and_habits = exercise(&report, BORROWING).works.points + exercise(&report, BORROWING).habits.points;
    assert_eq!(exercise(&report, BORROWING).points, works_and_habits);
}

#[test]
fn a_thorough_suite_catches_most_chaff_and_a_thin_one_few() {
    let ids = [BORROWING, "mid-05-error-propagation"];
    let thorough = grade(&repo("tests/fixtures/candidate-tests/thorough"), &ids);
    let thin = grade(&repo("tests/fixtures/candidate-tests/thin"), &ids);
    let (strong, weak) = (thorough.testing.expect("thorough"), thin.testing.expect("thin"));
    assert!(strong.percent >= 80.0, "{strong:?}");
    assert!(weak.percent <= 40.0, "{weak:?}");
    // Both solutions pass everything: the tests are the only difference.
    assert_eq!(thorough.works.percent, 100.0);
    assert_eq!(thin.works.percent, 100.0);
    let missed = tests_of(&thin, BORROWING).chaff.iter().filter(|chaff| !chaff.caught).count();
    assert!(missed >= 3, "{:#?}", tests_of(&thin, BORROWING).chaff);
}

#[test]
fn a_deleted_changed_or_ignored_visible_test_is_still_tests_modified() {
    let edits: [(&str, Edit); 3] = [
        ("deleted", |text| {
            text.replacen("#[test]\nfn several_transfers_keep_the_total", "fn several_transfers_keep_the_total", 1)
        }),
        ("changed", |text| text.replacen("[60, 0, 90]", "[60, 0, 91]", 1).replacen("150);", "151);", 1)),
        ("ignored", |text| {
            text.replacen(
                "#[test]\nfn several_transfers_keep_the_total",
                "#[test]\n#[ignore]\nfn several_transfers_keep_the_total",
                1,
            )
        }),
    ];
    for (what, edit) in edits {
        let (_keep, dir) = thorough_copy();
        let before = visible(&dir);
        let after = edit(&before);
        assert_ne!(before, after, "{what}: the edit applies");
        write(&dir.join(BORROWING).join("tests/visible.rs"), &after);
        let report = grade(&dir, &[BORROWING]);
        assert!(red_flags(&report, BORROWING).contains(&"tests_modified".to_owned()), "{what}");
        // The changed file is not the candidate's; their other test file still is.
        let tests = tests_of(&report, BORROWING);
        assert!(tests.tests.iter().all(|test| test.name.starts_with("tests/my_tests.rs::")), "{what}");
    }
}

#[test]
fn a_wrong_test_is_reported_and_counts_for_nothing() {
    let (_keep, dir) = visible_tests_only_copy();
    // Fails on any correct solution (sending the whole balance is allowed): it "catches" every
    // chaff too, and must earn nothing for it.
    write(
        &dir.join(BORROWING).join("tests/wrong.rs"),
        "use junior_02_borrowing::{transfer, Account};\n\n#[test]\nfn the_whole_balance_cannot_be_sent() {\n    \
         let mut accounts = vec![Account::new(\"a\", 5), Account::new(\"b\", 0)];\n    \
         assert!(transfer(&mut accounts, 0, 1, 5).is_err(), \"sending everything should be refused\");\n}\n",
    );
    let report = grade(&dir, &[BORROWING]);
    let tests = tests_of(&report, BORROWING);
    let wrong = &tests.tests[0];
    assert_eq!(wrong.name, "tests/wrong.rs::the_whole_balance_cannot_be_sent");
    assert_eq!(wrong.reference, TestStatus::Failed);
    assert!(wrong.message.as_deref().is_some_and(|message| message.contains("sending everything should be refused")));
    assert_eq!(tests.testing.points, 0);
    assert!(tests.chaff.iter().all(|chaff| !chaff.caught));
    assert_eq!(exercise(&report, BORROWING).works.percent, 100.0, "their own code still passes everything");
}

#[test]
fn tests_that_cannot_run_cost_nothing_and_say_why() {
    let cases: [(&str, &str, &str); 3] = [
        ("broken", "#[test]\nfn t() { let x: u32 = \"no\"; }\n", "do not compile against your code"),
        (
            "api",
            "#[test]\nfn t() { junior_02_borrowing::total(&[]); }\n",
            "do not compile against the reference solution",
        ),
        ("environment", "#[test]\nfn t() { let _ = std::env::var(\"HOME\"); }\n", "uses `env` (line 2)"),
    ];
    for (name, source, why) in cases {
        let (_keep, dir) = thorough_copy();
        if name == "api" {
            // An extra public function of the candidate's, which the statement does not promise.
            let lib = dir.join(BORROWING).join("src/lib.rs");
            let text = std::fs::read_to_string(&lib).expect("lib");
            write(&lib, &format!("{text}\npub fn total(accounts: &[Account]) -> u64 {{ accounts.iter().map(|a| a.balance).sum() }}\n"));
        }
        write(&dir.join(BORROWING).join(format!("tests/{name}.rs")), source);
        let report = grade(&dir, &[BORROWING]);
        let tests = tests_of(&report, BORROWING);
        assert!(tests.problems.iter().any(|problem| problem.contains(why)), "{name}: {:?}", tests.problems);
        let graded = exercise(&report, BORROWING);
        assert_eq!(
            graded.works.percent,
            100.0,
            "{name}: the exercise's own tests still count: {}",
            common::pretty_grade(graded)
        );
        assert!(!red_flags(&report, BORROWING).contains(&"tests_modified".to_owned()), "{name}");
        if name != "broken" {
            // Never run against the reference, so no test of theirs is wrong and no bug was
            // missed: the report says why, and the interview guide asks about neither.
            assert!(tests.tests.iter().all(|test| test.reference == TestStatus::NotRun), "{name}");
            assert_eq!(tests.wrong_tests().count(), 0, "{name}");
            assert_eq!(tests.missed().count(), 0, "{name}");
            let output =
                common::run(common::grader().arg("check").arg(&dir).args(["--exercise", BORROWING, "--guide"]));
            let text = String::from_utf8_lossy(&output.stdout);
            assert!(text.contains(why), "{name}: the problem is shown: {text}");
            for wrong in ["wrong test", "fails on a correct solution", "missed", "would not notice"] {
                assert!(!text.contains(wrong), "{name}: `{wrong}` in\n{text}");
            }
        }
    }
}

#[test]
fn the_csv_has_a_testing_column_when_a_candidate_wrote_tests() {
    let (_keep, dir) = thorough_copy();
    let output =
        common::run(common::grader().arg("check").arg(&dir).args(["--exercise", BORROWING, "--format", "csv"]));
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).expect("utf-8");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let row: Vec<&str> = lines.next().expect("row").split(',').collect();
    let at = header.iter().position(|column| *column == "testing_percent").expect("testing_percent column");
    assert_eq!(row[at], "100.0", "{text}");
    assert_eq!(header[at + 1], "red_flags");
}

#[test]
fn a_test_that_sends_its_own_pass_and_then_fails_counts_for_nothing() {
    let (_keep, dir) = visible_tests_only_copy();
    // Each claims its pass through the grader's own witness module, then fails whatever the code:
    // were the claim believed on the reference, every chaff would count as caught.
    write(
        &dir.join(BORROWING).join("tests/forged.rs"),
        "#[test]\nfn claims_then_panics() {\n    drop(crate::grader_witness::arm(module_path!(), \"claims_then_panics\", false));\n    \
         panic!(\"always\");\n}\n\n#[test]\nfn claims_then_aborts() {\n    \
         drop(crate::grader_witness::arm(module_path!(), \"claims_then_aborts\", false));\n    std::process::abort();\n}\n",
    );
    let report = grade(&dir, &[BORROWING]);
    let tests = tests_of(&report, BORROWING);
    assert_eq!(tests.tests.len(), 2, "{:#?}", tests.tests);
    assert!(tests.tests.iter().all(|test| test.reference != TestStatus::Passed), "{:#?}", tests.tests);
    assert_eq!(tests.testing.points, 0, "{:#?}", tests.chaff);
}

/// Grades `dir` (junior-02 only) with `-v`; the report, and whether the chaff was inlined: the
/// first build left the exercise's own chaff library out (`--exclude`), the combined chaff binary
/// reaching it through the shared library instead, and built (no second build of the fallback
/// targets).
fn grade_tracing_inline(dir: &Path) -> (Report, bool) {
    let output =
        common::run(common::grader().arg("check").arg(dir).args(["--format", "json", "-v", "--exercise", BORROWING]));
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("--test grader_candidate_own"), "the combined binaries did not build:\n{stderr}");
    (common::report_from(&output), stderr.contains("--exclude grader_chaff_junior_02_borrowing"))
}

#[test]
fn the_chaff_catches_the_same_whether_it_shares_a_library_or_has_its_own() {
    // Paths through the crate in a nested module, in a `tests/common/` helper, in a macro and
    // through an alias: all rewritten to reach the shared library.
    let (_keep, dir) = thorough_copy();
    let tests = dir.join(BORROWING).join("tests");
    let mine = std::fs::read_to_string(tests.join("my_tests.rs")).expect("my_tests.rs");
    let extra = "\nmod common;\n\nmod nested {\n    use junior_02_borrowing::Account;\n\n    #[test]\n    \
                 fn an_account_keeps_its_balance() {\n        assert_eq!(Account::new(\"a\", 3).balance, 3);\n    }\n}\n\n\
                 #[test]\nfn a_helper_builds_a_ledger() {\n    \
                 assert_eq!(junior_02_borrowing::transfer(&mut common::two(), 0, 1, 7), Ok(()));\n}\n\n\
                 use junior_02_borrowing as bank;\n\n#[test]\nfn an_alias_reaches_the_crate() {\n    \
                 assert_eq!(bank::transfer(&mut common::two(), 1, 0, 0), Ok(()));\n}\n";
    write(&tests.join("my_tests.rs"), &format!("{mine}{extra}"));
    write(
        &tests.join("common/mod.rs"),
        "pub fn two() -> Vec<junior_02_borrowing::Account> {\n    \
         vec![junior_02_borrowing::Account::new(\"x\", 10), junior_02_borrowing::Account::new(\"y\", 0)]\n}\n",
    );
    let (shared, inlined) = grade_tracing_inline(&dir);
    assert!(inlined, "paths through the crate are rewritten, so the chaff shares the library");

    // Naming the crate in a way a rewrite could change (here a variable) keeps its own library.
    let shadowed = format!("{mine}{extra}\n#[allow(dead_code)]\nfn unused(junior_02_borrowing: u8) -> u8 {{\n    junior_02_borrowing\n}}\n");
    write(&tests.join("my_tests.rs"), &shadowed);
    let (own, inlined) = grade_tracing_inline(&dir);
    assert!(!inlined, "a variable named like the crate keeps the chaff on its own library");

    let (shared, own) = (tests_of(&shared, BORROWING), tests_of(&own, BORROWING));
    let names: Vec<&str> = shared.tests.iter().map(|test| test.name.as_str()).collect();
    assert!(names.contains(&"tests/my_tests.rs::nested::an_account_keeps_its_balance"), "{names:?}");
    assert!(names.contains(&"tests/my_tests.rs::a_helper_builds_a_ledger"), "{names:?}");
    assert!(names.contains(&"tests/my_tests.rs::an_alias_reaches_the_crate"), "{names:?}");
    assert!(shared
        .tests
        .iter()
        .all(|test| test.own_code == TestStatus::Passed && test.reference == TestStatus::Passed));
    assert!(shared.problems.is_empty(), "{:?}", shared.problems);
    assert_eq!(common::pretty(&shared.tests), common::pretty(&own.tests));
    assert_eq!(common::pretty(&shared.chaff), common::pretty(&own.chaff));
    assert_eq!(shared.testing.points, shared.testing.max, "{:#?}", shared.chaff);
}
