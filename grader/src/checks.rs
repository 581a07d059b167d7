//! Scored checks that are not `#[test]` functions: must-not-compile snippets (the compiler must
//! reject an illegal use of the candidate's API, optionally with a given rustc code) and resource
//! budgets (a hidden test reports a measurement, such as an allocation count from a counting
//! global allocator, and the grader holds it to the maximum in the exercise's metadata).
//! Both are deterministic: nothing here looks at wall-clock time.

use std::collections::BTreeMap;

use crate::compile::{ExerciseBuild, SnippetBuild};
use crate::exercise::{Budget, CompileFailCheck, Exercise};
use crate::run::{TestRun, TestStatus};

/// Results of every must-not-compile check and budget of `exercise`, by check name. Nothing is
/// evaluated when the exercise itself did not compile: its checks are `not_run`.
pub fn evaluate(
    exercise: &Exercise,
    build: &ExerciseBuild,
    runs: &BTreeMap<String, TestRun>,
) -> BTreeMap<String, TestRun> {
    let mut results = BTreeMap::new();
    if build.test_binary.is_none() {
        return results;
    }
    for check in &exercise.meta.compile_fail {
        let outcome = compile_fail_result(check, build.compile_fail.get(&check.name));
        results.insert(format!("compile_fail::{}", check.name), outcome);
    }
    for budget in &exercise.meta.budget {
        results.insert(format!("budget::{}", budget.name), budget_result(budget, runs.get(&budget.test)));
    }
    results
}

fn compile_fail_result(check: &CompileFailCheck, snippet: Option<&SnippetBuild>) -> TestRun {
    let Some(snippet) = snippet else {
        return TestRun::new(TestStatus::NotRun, Some("the snippet was not built".into()));
    };
    if snippet.compiled {
        return TestRun::new(
            TestStatus::Failed,
            Some(format!("`{}` compiled, but the API must reject it", check.file)),
        );
    }
    let codes: Vec<&str> = snippet.errors.iter().filter_map(|error| error.code.as_deref()).collect();
    match &check.code {
        Some(code) if !codes.contains(&code.as_str()) => {
            let got = snippet.errors.first().map_or_else(String::new, |error| format!(": {}", error.message));
            TestRun::new(
                TestStatus::Failed,
                Some(format!("`{}` is rejected, but not with {code} (got {codes:?}{got})", check.file)),
            )
        }
        _ => TestRun::new(TestStatus::Passed, None),
    }
}

fn budget_result(budget: &Budget, run: Option<&TestRun>) -> TestRun {
    let Some(run) = run else {
        return TestRun::new(TestStatus::NotRun, Some(format!("the measuring test `{}` did not run", budget.test)));
    };
    match run.measurements.get(&budget.metric) {
        Some(&value) if value <= budget.max => TestRun::new(TestStatus::Passed, None),
        Some(&value) => TestRun::new(
            TestStatus::Failed,
            Some(format!("{value} {} measured by `{}`; the budget is {}", budget.metric, budget.test, budget.max)),
        ),
        None => TestRun::new(
            TestStatus::Failed,
            Some(format!("`{}` reported no `{}` (it {:?} before measuring)", budget.test, budget.metric, run.status)),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::CompileError;

    fn check(code: Option<&str>) -> CompileFailCheck {
        CompileFailCheck {
            name: "not_sync".into(),
            file: "compile_fail/not_sync.rs".into(),
            code: code.map(Into::into),
        }
    }

    fn rejected_with(code: &str) -> SnippetBuild {
        let error =
            CompileError { code: Some(code.into()), message: "m".into(), file: None, line: None, rendered: None };
        SnippetBuild { compiled: false, errors: vec![error] }
    }

    #[test]
    fn a_snippet_passes_only_when_rejected_with_the_right_code() {
        let compiled = SnippetBuild { compiled: true, errors: Vec::new() };
        assert_eq!(compile_fail_result(&check(Some("E0277")), Some(&compiled)).status, TestStatus::Failed);
        assert_eq!(
            compile_fail_result(&check(Some("E0277")), Some(&rejected_with("E0277"))).status,
            TestStatus::Passed
        );
        let wrong = compile_fail_result(&check(Some("E0277")), Some(&rejected_with("E0425")));
        assert_eq!(wrong.status, TestStatus::Failed);
        assert!(wrong.message.unwrap_or_default().contains("E0425"));
        assert_eq!(compile_fail_result(&check(None), Some(&rejected_with("E0425"))).status, TestStatus::Passed);
        assert_eq!(compile_fail_result(&check(None), None).status, TestStatus::NotRun);
    }

    #[test]
    fn budgets_compare_the_reported_measurement_with_the_maximum() {
        let budget = Budget { name: "b".into(), test: "hidden::t".into(), metric: "allocations".into(), max: 2 };
        let mut run = TestRun::new(TestStatus::Passed, None);
        run.measurements.insert("allocations".into(), 2);
        assert_eq!(budget_result(&budget, Some(&run)).status, TestStatus::Passed);
        run.measurements.insert("allocations".into(), 3);
        let over = budget_result(&budget, Some(&run));
        assert_eq!(over.status, TestStatus::Failed);
        assert!(over.message.unwrap_or_default().contains("3 allocations"));
        run.measurements.clear();
        assert_eq!(budget_result(&budget, Some(&run)).status, TestStatus::Failed);
        assert_eq!(budget_result(&budget, None).status, TestStatus::NotRun);
    }
}
