//! JUnit XML for CI test reporters (GitHub Actions reporters, GitLab's
//! `artifacts:reports:junit`, Jenkins), written with `quick-junit`: one `<testsuite>` per
//! exercise, one `<testcase>` per test or check, with its real time; only tests and checks can
//! fail. Red flags and the habits measure are the suite's `<properties>` and `<system-out>`: they
//! never turn a run red; `--min-score` does, through a `score` suite of its own. The shape is in
//! `docs/formats.md`. The main function is [`junit`].

use std::fmt::Write as _;
use std::time::Duration;

use quick_junit::{NonSuccessKind, Property, TestCase, TestCaseStatus, TestSuite};

use super::model::{ExerciseReport, ExerciseStatus, RedFlag, Report, TestReport, TestStatus};
use super::names::{error_label, first_line, habit_verdict_name, one_line, place, status_name, test_status_name};
use super::BatchNotes;

/// A rendering that could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// `quick-junit` could not serialise the JUnit XML document.
    #[error("cannot write the JUnit XML report")]
    Junit(#[from] quick_junit::SerializeError),
}

/// Name of the `<testcase>` that stands for a whole exercise when it has no tests to carry its
/// compile error or its absence.
const WHOLE_EXERCISE_CASE: &str = "exercise";
/// Name of the suite that carries `--min-score`.
const SCORE_SUITE: &str = "score";

/// JUnit XML for one submission.
///
/// The root `<testsuites>` is named after the submission and holds one `<testsuite>` per exercise
/// (named by the exercise id, with `tests`, `failures`, `errors`, `skipped` counts and `time` 0,
/// and the exercise's level, title, status, points, both measures and habit verdict as
/// `<properties>`). Each test or check is a
/// `<testcase>` with `classname` `<submission>.<exercise id>` and the time its process ran: a
/// test that did not pass has a `<failure>` carrying its message; every testcase of a
/// `compile_error` exercise has an `<error>` with the first compile error and `file`/`line`
/// attributes at it (CI annotations); every testcase of a `missing` or `not_attempted` exercise
/// is `<skipped>`. Each red flag is a `red_flag` property (`<id> -<penalty>: <habit> at
/// <file:line>`) and its evidence (`file:line: snippet`) is in the suite's `<system-out>`, with a
/// written answer's manual review. With `min_score`, a suite `score` holds one testcase that fails
/// when the submission scored below it.
pub fn junit(report: &Report, min_score: Option<f64>) -> Result<String, FormatError> {
    let mut junit = quick_junit::Report::new(report.submission.as_str());
    junit.add_test_suites(suites(report, ""));
    if let Some(min) = min_score {
        let mut suite = TestSuite::new(SCORE_SUITE);
        let name = format!("score at least {min}%");
        let status = if report.score.percent >= min {
            TestCaseStatus::success()
        } else {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status
                .set_type("min_score")
                .set_message(format!("scored {:.1}%, below --min-score {min}", report.score.percent));
            status
        };
        suite.add_test_case(test_case(&name, &format!("{}.{SCORE_SUITE}", report.submission), status));
        junit.add_test_suite(suite);
    }
    Ok(junit.to_string()?)
}

/// JUnit XML for a batch of submissions: one `<testsuites>` (named `grader`) holding the suites of
/// every report, each suite named `<submission>/<exercise id>`; the suites are otherwise those of
/// [`junit`].
///
/// A hand-in that could not be graded is a testcase with an `<error>` in a suite `not_graded`
/// (it does turn the run red: something was not done); pairs of submissions whose code is alike
/// are `similar` properties of a suite `similarity`, which has no testcase (never a verdict).
pub fn junit_batch(reports: &[Report], notes: &BatchNotes) -> Result<String, FormatError> {
    let mut junit = quick_junit::Report::new("grader");
    for report in reports {
        junit.add_test_suites(suites(report, &format!("{}/", report.submission)));
    }
    if !notes.not_graded.is_empty() {
        let mut suite = TestSuite::new("not_graded");
        suite.set_time(Duration::ZERO);
        for (submission, why) in &notes.not_graded {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
            status.set_type("not_graded").set_message(first_line(why)).set_description(why.as_str());
            suite.add_test_case(test_case(submission, "not_graded", status));
        }
        junit.add_test_suite(suite);
    }
    if !notes.similar.is_empty() {
        let mut suite = TestSuite::new("similarity");
        suite.set_time(Duration::ZERO);
        for (exercise, a, b, score) in &notes.similar {
            suite.add_property(Property::new("similar", format!("{exercise}: {a} and {b} ({score:.2})")));
        }
        junit.add_test_suite(suite);
    }
    Ok(junit.to_string()?)
}

/// The suites of one report, their names prefixed with `prefix`.
fn suites(report: &Report, prefix: &str) -> Vec<TestSuite> {
    report.exercises.iter().map(|exercise| suite(&report.submission, exercise, prefix)).collect()
}

fn suite(submission: &str, exercise: &ExerciseReport, prefix: &str) -> TestSuite {
    let mut suite = TestSuite::new(format!("{prefix}{}", exercise.id));
    suite.set_time(exercise.tests.iter().filter_map(|test| test.elapsed_ms).map(Duration::from_millis).sum());
    suite.add_properties([
        Property::new("level", exercise.level.as_str()),
        Property::new("title", exercise.title.as_str()),
        Property::new("status", status_name(exercise.status)),
        Property::new("points", exercise.points.to_string()),
        Property::new("max", exercise.max.to_string()),
        Property::new("works", format!("{}/{}", exercise.works.points, exercise.works.max)),
        Property::new("habits", format!("{}/{}", exercise.habits.points, exercise.habits.max)),
        Property::new("habit_verdict", habit_verdict_name(exercise.habits.verdict)),
    ]);
    let classname = format!("{submission}.{}", exercise.id);
    let whole_exercise = match exercise.status {
        ExerciseStatus::CompileError => Some(compile_error_status(exercise)),
        ExerciseStatus::Missing => Some(missing_status(exercise)),
        ExerciseStatus::NotAttempted => Some(not_attempted_status(exercise)),
        ExerciseStatus::Passed | ExerciseStatus::Partial | ExerciseStatus::Failed => None,
    };
    // A compile error is where an annotation belongs: every testcase it stopped points there.
    let at = (exercise.status == ExerciseStatus::CompileError)
        .then(|| exercise.compile_errors.first())
        .flatten()
        .and_then(|error| Some((error.file.clone()?, error.line)));
    let case = |name: &str, status: TestCaseStatus| {
        let mut case = test_case(name, &classname, status);
        if let Some((file, line)) = &at {
            case.extra.insert("file".into(), file.as_str().into());
            if let Some(line) = line {
                case.extra.insert("line".into(), line.to_string().into());
            }
        }
        case
    };
    match whole_exercise {
        // Every test shares the exercise's fate; with no tests, one case carries it.
        Some(status) if exercise.tests.is_empty() => {
            suite.add_test_case(case(WHOLE_EXERCISE_CASE, status));
        }
        Some(status) => {
            suite.add_test_cases(exercise.tests.iter().map(|test| case(&test.name, status.clone())));
        }
        None => {
            suite.add_test_cases(exercise.tests.iter().map(|test| {
                let mut timed = case(&test.name, test_status(test));
                if let Some(ms) = test.elapsed_ms {
                    timed.set_time(Duration::from_millis(ms));
                }
                timed
            }));
        }
    }
    let mut out = String::new();
    for flag in &exercise.red_flags {
        let at = place(flag.file.as_deref(), flag.line).map(|place| format!(" at {place}")).unwrap_or_default();
        suite.add_property(Property::new(
            "red_flag",
            format!("{} -{}: {}{at}", flag.id, flag.penalty, one_line(&flag.message)),
        ));
        out.push_str(&red_flag_text(flag));
    }
    if let Some(review) = &exercise.manual_review {
        let _ = writeln!(out, "Manual review: read {} ({} words) and probe:", review.file, review.words);
        for probe in &review.probes {
            let _ = writeln!(out, "- {probe}");
        }
    }
    if !out.is_empty() {
        suite.set_system_out(out);
    }
    suite
}

fn test_case(name: &str, classname: &str, status: TestCaseStatus) -> TestCase {
    let mut case = TestCase::new(name, status);
    case.set_classname(classname);
    case
}

/// A test of an exercise that compiled.
fn test_status(test: &TestReport) -> TestCaseStatus {
    if test.status == TestStatus::Passed {
        return TestCaseStatus::success();
    }
    let kind = test_status_name(test.status);
    let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
    status.set_type(kind);
    match test.message.as_deref().map(str::trim).filter(|message| !message.is_empty()) {
        Some(message) => {
            status.set_message(first_line(message)).set_description(message);
        }
        None => {
            status.set_message(kind.replace('_', " "));
        }
    }
    status
}

/// What every testcase of an exercise that did not compile carries: its first compile error.
fn compile_error_status(exercise: &ExerciseReport) -> TestCaseStatus {
    let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
    let Some(error) = exercise.compile_errors.first() else {
        status.set_type("compile_error").set_message("the exercise does not compile (no compiler error was captured)");
        return status;
    };
    let label = error_label(error.code.as_deref());
    let at = place(error.file.as_deref(), error.line).map(|place| format!(" at {place}")).unwrap_or_default();
    let mut description = error.rendered.clone().unwrap_or_else(|| error.message.clone()).trim_end().to_owned();
    let more = exercise.compile_errors.len() - 1;
    if more > 0 {
        let _ = write!(description, "\n\n… and {more} more compiler error{}", if more == 1 { "" } else { "s" });
    }
    status
        .set_type(error.code.as_deref().unwrap_or("compile_error"))
        .set_message(format!("does not compile: {label}{at}: {}", first_line(&error.message)))
        .set_description(description);
    status
}

fn missing_status(exercise: &ExerciseReport) -> TestCaseStatus {
    let mut status = TestCaseStatus::skipped();
    status.set_message(format!("not handed in: the submission has no {}/ folder", exercise.id));
    status
}

fn not_attempted_status(exercise: &ExerciseReport) -> TestCaseStatus {
    let mut status = TestCaseStatus::skipped();
    status.set_message(format!("not attempted: {}/ came back as it was handed out", exercise.id));
    status
}

/// A red flag in words, with every place that shows it.
fn red_flag_text(flag: &RedFlag) -> String {
    let mut description =
        format!("red flag {}: {} (penalty: {} points)\n", flag.id, one_line(&flag.message), flag.penalty);
    for evidence in &flag.evidence {
        let _ = writeln!(
            description,
            "{}:{}: {}  (seen by {})",
            evidence.file, evidence.line, evidence.snippet, evidence.seen_by
        );
    }
    if flag.evidence.is_empty() {
        if let Some(at) = place(flag.file.as_deref(), flag.line) {
            let _ = writeln!(description, "{at}");
        }
    }
    description
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture::{fixture, named};

    fn parse(xml: &str) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(xml).expect("JUnit output is well-formed XML")
    }

    fn count_attr(node: roxmltree::Node<'_, '_>, name: &str) -> usize {
        let value = node.attribute(name).unwrap_or_else(|| panic!("<{}> has no `{name}`", node.tag_name().name()));
        value.parse().unwrap_or_else(|_| panic!("`{name}`=\"{value}\" is not a count"))
    }

    fn children<'a, 'input>(node: roxmltree::Node<'a, 'input>, tag: &str) -> Vec<roxmltree::Node<'a, 'input>> {
        node.children().filter(|child| child.is_element() && child.has_tag_name(tag)).collect()
    }

    fn suite_named<'a, 'input>(doc: &'a roxmltree::Document<'input>, name: &str) -> roxmltree::Node<'a, 'input> {
        doc.descendants()
            .find(|n| n.has_tag_name("testsuite") && n.attribute("name") == Some(name))
            .unwrap_or_else(|| panic!("no testsuite named {name}"))
    }

    fn case_named<'a, 'input>(suite: roxmltree::Node<'a, 'input>, name: &str) -> roxmltree::Node<'a, 'input> {
        children(suite, "testcase")
            .into_iter()
            .find(|n| n.attribute("name") == Some(name))
            .unwrap_or_else(|| panic!("no testcase named {name}"))
    }

    /// The common JUnit XML shape CI tools read (the Jenkins/Ant `junit.xsd` family): root
    /// `testsuites`; `testsuite` with `name`, `tests`, `failures`, `errors` (and `skipped`) whose
    /// counts match its testcases; `testcase` with `name` and `classname` and at most one
    /// `failure`/`error`/`skipped`. Returns the number of testsuites.
    fn assert_junit_shape(doc: &roxmltree::Document<'_>) -> usize {
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "testsuites");
        let mut totals = [0usize; 4];
        let suites = children(root, "testsuite");
        assert_eq!(root.children().filter(|n| n.is_element()).count(), suites.len(), "only testsuites under the root");
        for suite in &suites {
            assert!(suite.attribute("name").is_some_and(|n| !n.is_empty()), "a testsuite has a name");
            for child in suite.children().filter(|n| n.is_element()) {
                assert!(
                    ["properties", "testcase", "system-out", "system-err"].contains(&child.tag_name().name()),
                    "unexpected <{}> in a testsuite",
                    child.tag_name().name()
                );
            }
            let cases = children(*suite, "testcase");
            let mut counts = [cases.len(), 0, 0, 0];
            for case in &cases {
                assert!(case.attribute("name").is_some_and(|n| !n.is_empty()), "a testcase has a name");
                assert!(case.attribute("classname").is_some_and(|n| !n.is_empty()), "a testcase has a classname");
                let outcomes: Vec<&str> = case
                    .children()
                    .filter(|n| n.is_element())
                    .map(|n| n.tag_name().name())
                    .filter(|tag| ["failure", "error", "skipped"].contains(tag))
                    .collect();
                assert!(outcomes.len() <= 1, "a testcase has at most one outcome: {outcomes:?}");
                match outcomes.first() {
                    Some(&"failure") => counts[1] += 1,
                    Some(&"error") => counts[2] += 1,
                    Some(&"skipped") => counts[3] += 1,
                    _ => {}
                }
            }
            let declared = ["tests", "failures", "errors", "skipped"].map(|attr| count_attr(*suite, attr));
            assert_eq!(declared, counts, "counts of {:?}", suite.attribute("name"));
            for i in 0..4 {
                totals[i] += counts[i];
            }
        }
        let declared = ["tests", "failures", "errors", "skipped"].map(|attr| count_attr(root, attr));
        assert_eq!(declared, totals, "the root's counts are the sum of its suites'");
        suites.len()
    }

    #[test]
    fn junit_has_one_suite_per_exercise_with_the_right_counts() {
        let xml = junit(&fixture(), None).expect("renders");
        let doc = parse(&xml);
        assert_eq!(assert_junit_shape(&doc), 5);
        let root = doc.root_element();
        assert_eq!(root.attribute("name"), Some("alice"));
        // 2, 3, 3, 2, 2 testcases (red flags are no testcases); failures: 2 tests of senior-01, a
        // written check of senior-08.
        assert_eq!(["tests", "failures", "errors", "skipped"].map(|a| count_attr(root, a)), [12, 3, 3, 2]);

        let expected = [
            ("junior-02-borrowing", [2, 0, 0, 0]),
            ("mid-03-shared-ownership", [3, 0, 3, 0]),
            ("senior-01-send-sync", [3, 2, 0, 0]),
            ("senior-04-api-design", [2, 0, 0, 2]),
            ("senior-08-right-tool", [2, 1, 0, 0]),
        ];
        for (name, counts) in expected {
            let suite = suite_named(&doc, name);
            assert_eq!(["tests", "failures", "errors", "skipped"].map(|a| count_attr(suite, a)), counts, "{name}");
            assert_eq!(suite.attribute("time").map(|t| t.parse::<f64>()), Some(Ok(0.0)), "{name}");
            for case in children(suite, "testcase") {
                assert_eq!(case.attribute("classname"), Some(format!("alice.{name}").as_str()));
            }
        }
        let props: Vec<(&str, &str)> = suite_named(&doc, "junior-02-borrowing")
            .descendants()
            .filter(|n| n.has_tag_name("property"))
            .filter_map(|n| Some((n.attribute("name")?, n.attribute("value")?)))
            .collect();
        assert!(props.contains(&("points", "19")) && props.contains(&("status", "passed")), "{props:?}");
    }

    #[test]
    fn junit_failures_carry_the_message() {
        let xml = junit(&fixture(), None).expect("renders");
        let doc = parse(&xml);
        let suite = suite_named(&doc, "senior-01-send-sync");
        assert!(children(case_named(suite, "visible::counts_hits"), "failure").is_empty());

        let failure = children(case_named(suite, "hidden::totals_match"), "failure");
        assert_eq!(failure.len(), 1);
        // The attribute is the first informative line, special characters intact after a round trip.
        assert_eq!(failure[0].attribute("message"), Some("assertion `left == right` failed | left: <1> & \"one\""));
        assert_eq!(failure[0].attribute("type"), Some("failed"));
        assert!(failure[0].text().is_some_and(|t| t.contains("right: 2") && t.contains("panicked at")));

        let timed_out = children(case_named(suite, "budget::allocations"), "failure");
        assert_eq!(timed_out[0].attribute("type"), Some("timed_out"));
        assert_eq!(timed_out[0].attribute("message"), Some("timed out"));
    }

    #[test]
    fn junit_compile_error_gives_every_testcase_the_first_error() {
        let xml = junit(&fixture(), None).expect("renders");
        let doc = parse(&xml);
        let suite = suite_named(&doc, "mid-03-shared-ownership");
        for name in ["visible::prices_each_basket", "hidden::empty_basket", "compile_fail::rc_is_not_send"] {
            let errors = children(case_named(suite, name), "error");
            assert_eq!(errors.len(), 1, "{name}");
            let message = errors[0].attribute("message").unwrap_or_default();
            assert!(message.contains("E0277") && message.contains("`Rc<Catalog>` cannot be sent"), "{message}");
            assert!(message.contains("mid-03-shared-ownership/src/lib.rs:44"), "{message}");
            assert!(!message.contains("second error"), "only the first error: {message}");
            assert_eq!(errors[0].attribute("type"), Some("E0277"));
            let text = errors[0].text().unwrap_or_default();
            assert!(text.contains("--> mid-03-shared-ownership/src/lib.rs:44:36") && text.contains("1 more"), "{text}");
        }
    }

    #[test]
    fn junit_missing_exercise_is_skipped() {
        let xml = junit(&fixture(), None).expect("renders");
        let doc = parse(&xml);
        let suite = suite_named(&doc, "senior-04-api-design");
        let cases = children(suite, "testcase");
        assert_eq!(cases.len(), 2);
        for case in cases {
            let skipped = children(case, "skipped");
            assert_eq!(skipped.len(), 1);
            assert!(skipped[0].attribute("message").is_some_and(|m| m.contains("not handed in")));
        }
    }

    #[test]
    fn junit_red_flags_are_properties_with_evidence_and_never_fail_the_run() {
        let xml = junit(&fixture(), None).expect("renders");
        let doc = parse(&xml);
        let suite = suite_named(&doc, "junior-02-borrowing");
        assert!(
            doc.descendants()
                .filter(|n| n.has_tag_name("testcase"))
                .all(|case| !case.attribute("name").is_some_and(|name| name.starts_with("red_flag"))),
            "a red flag is no testcase"
        );
        let flags: Vec<&str> = suite
            .descendants()
            .filter(|n| n.has_tag_name("property") && n.attribute("name") == Some("red_flag"))
            .filter_map(|n| n.attribute("value"))
            .collect();
        assert!(flags.iter().any(|flag| flag.starts_with("excess_clones -2: clones to get past")), "{flags:?}");
        let out = children(suite, "system-out");
        let text = out.first().and_then(|node| node.text()).unwrap_or_default();
        assert!(text.contains("junior-02-borrowing/src/lib.rs:31: let mut copy: Vec<Account> = accounts.to_vec();"));
        assert!(text.contains("junior-02-borrowing/src/lib.rs:40: let b = a.clone();"));
        assert!(text.contains("penalty: 2 points"));
        assert_eq!(count_attr(suite, "failures"), 0, "the flag does not turn the suite red");
    }

    #[test]
    fn junit_points_annotations_at_a_compile_error_and_fails_below_min_score_only() {
        let report = fixture();
        let doc_xml = junit(&report, None).expect("renders");
        let doc = parse(&doc_xml);
        let error = report
            .exercises
            .iter()
            .find(|e| e.id == "mid-03-shared-ownership")
            .and_then(|e| e.compile_errors.first())
            .expect("a compile error");
        for case in children(suite_named(&doc, "mid-03-shared-ownership"), "testcase") {
            assert_eq!(case.attribute("file"), error.file.as_deref());
            assert_eq!(case.attribute("line").map(str::to_owned), error.line.map(|line| line.to_string()));
        }
        assert!(doc.descendants().all(|n| !(n.has_tag_name("testsuite") && n.attribute("name") == Some("score"))));
        let below = junit(&report, Some(report.score.percent + 1.0)).expect("renders");
        assert_eq!(count_attr(suite_named(&parse(&below), "score"), "failures"), 1);
        let above = junit(&report, Some(report.score.percent)).expect("renders");
        assert_eq!(count_attr(suite_named(&parse(&above), "score"), "failures"), 0);
    }

    #[test]
    fn junit_manual_review_goes_in_system_out() {
        let xml = junit(&fixture(), None).expect("renders");
        let doc = parse(&xml);
        let out = children(suite_named(&doc, "senior-08-right-tool"), "system-out");
        assert_eq!(out.len(), 1);
        let text = out[0].text().unwrap_or_default();
        assert!(
            text.contains("read DECISION.md (165 words)") && text.contains("- Why is Python good enough?"),
            "{text}"
        );
        assert!(children(suite_named(&doc, "senior-01-send-sync"), "system-out").is_empty());
    }

    #[test]
    fn junit_exercise_without_tests_still_reports_its_state() {
        let mut report = fixture();
        for exercise in &mut report.exercises {
            exercise.tests.clear();
            exercise.red_flags.clear();
        }
        let xml = junit(&report, None).expect("renders");
        let doc = parse(&xml);
        assert_junit_shape(&doc);
        let compile = case_named(suite_named(&doc, "mid-03-shared-ownership"), WHOLE_EXERCISE_CASE);
        assert_eq!(children(compile, "error").len(), 1);
        let missing = case_named(suite_named(&doc, "senior-04-api-design"), WHOLE_EXERCISE_CASE);
        assert_eq!(children(missing, "skipped").len(), 1);
        assert_eq!(count_attr(suite_named(&doc, "senior-01-send-sync"), "tests"), 0);
    }

    #[test]
    fn junit_batch_holds_every_report_under_one_root() {
        let reports = [named("alice"), named("bob & co <b>")];
        let xml = junit_batch(&reports, &BatchNotes::default()).expect("renders");
        let doc = parse(&xml);
        assert_eq!(assert_junit_shape(&doc), 10);
        let root = doc.root_element();
        assert_eq!(root.attribute("name"), Some("grader"));
        assert_eq!(["tests", "failures", "errors", "skipped"].map(|a| count_attr(root, a)), [24, 6, 6, 4]);
        assert_eq!(doc.descendants().filter(|n| n.has_tag_name("testsuites")).count(), 1);
        let suite = suite_named(&doc, "bob & co <b>/mid-03-shared-ownership");
        assert!(children(suite, "testcase")
            .iter()
            .all(|case| case.attribute("classname") == Some("bob & co <b>.mid-03-shared-ownership")));
        assert!(doc
            .descendants()
            .filter(|n| n.has_tag_name("testsuite"))
            .all(|s| s.attribute("name").is_some_and(|n| n.starts_with("alice/") || n.starts_with("bob & co <b>/"))));

        let empty = junit_batch(&[], &BatchNotes::default()).expect("renders");
        let doc = parse(&empty);
        assert_eq!(assert_junit_shape(&doc), 0);
    }
}
