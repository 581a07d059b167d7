//! Resource budgets: a hidden test reports a measurement (an allocation count from the grader's
//! counting allocator) and the grader holds it to the maximum in the exercise's metadata. Nothing
//! here looks at wall-clock time. The main function is [`budget_result`].

use crate::exercise::Budget;
use crate::run::{TestRun, TestStatus};

/// Whether the measurement of `budget`'s test is within it.
pub(super) fn budget_result(budget: &Budget, run: Option<&TestRun>) -> TestRun {
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

    #[test]
    fn budgets_compare_the_reported_measurement_with_the_maximum() {
        let budget = Budget {
            name: "b".into(),
            test: "hidden::t".into(),
            metric: "allocations".into(),
            max: 2,
            flag: None,
            functions: Vec::new(),
            why: String::new(),
        };
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
