//! Scored checks that are not `#[test]` functions: must-not-compile snippets (the compiler must
//! reject an illegal use of the candidate's API, optionally with a given rustc code), resource
//! budgets (a hidden test reports a measurement, such as an allocation count, and the grader holds
//! it to the maximum in the exercise's metadata), and written answers (a document, not code).
//! All are deterministic: nothing here looks at wall-clock time. A new check kind goes here, with
//! its [`crate::exercise::TestKind`]. The main function is [`evaluate`].

mod budget;
mod compile_fail;
mod probes;
mod written;

use std::collections::BTreeMap;

pub use probes::{habit_probes, ProbeOutcome};
pub use written::{evaluate as evaluate_written, ManualReview, ReviewPrompt};

use crate::build::ExerciseBuild;
use crate::exercise::{Exercise, TestKind};
use crate::run::TestRun;

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
        let outcome = compile_fail::compile_fail_result(check, build.compile_fail.get(&check.name));
        results.insert(TestKind::CompileFail.check_name(&check.name), outcome);
    }
    for budget in &exercise.meta.budget {
        let outcome = budget::budget_result(budget, runs.get(&budget.test));
        results.insert(TestKind::Budget.check_name(&budget.name), outcome);
    }
    results
}
