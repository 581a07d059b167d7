//! Habit probes: measurements and builds that show whether the code has the good answer of its
//! question, by behaviour rather than by spelling. An allocation budget the code goes over, a
//! compile probe that goes the wrong way (another type implementing the trait is refused, an
//! invalid value can be built through public fields), an exhaustiveness probe whose matches still
//! compile with one more variant. Each outcome names the red flag it raises; the inspect step turns
//! it into evidence at the candidate's own lines. The main type is [`ProbeOutcome`].

use std::collections::BTreeMap;

use crate::build::ExerciseBuild;
use crate::exercise::{Exercise, FlagId, ProbeExpectation};
use crate::run::{TestRun, TestStatus};

/// What one habit probe found wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProbeOutcome {
    /// A budget went over: the code allocates (copies) more than a good design does.
    OverBudget {
        flag: FlagId,
        message: String,
        /// The candidate's functions the measuring test calls, where the copies are.
        functions: Vec<String>,
    },
    /// A compile probe went the other way than a good design makes it go.
    Compile { flag: FlagId, message: String },
    /// An exhaustiveness probe: with one more variant in `enum_name`, these places (file within
    /// the exercise, line: the scrutinees of matches on it) failed with E0004; every other match
    /// on it catches the new variant silently.
    Variant { flag: FlagId, enum_name: String, non_exhaustive: Vec<(String, u32)> },
    /// A written answer shows the red flag of its question at these places (file within the
    /// exercise, first and last line of the sentence).
    Document { flag: FlagId, message: String, places: Vec<(String, u32, u32)> },
}

/// The habit probes of `exercise` that found something. Nothing is judged when the exercise
/// itself did not compile, nor for a budget whose measuring test did not pass (the works measure
/// already counts that).
pub fn habit_probes(exercise: &Exercise, build: &ExerciseBuild, runs: &BTreeMap<String, TestRun>) -> Vec<ProbeOutcome> {
    let mut outcomes = Vec::new();
    if build.test_binary.is_none() {
        return outcomes;
    }
    for budget in &exercise.meta.budget {
        let Some(flag) = budget.flag else { continue };
        let Some(run) = runs.get(&budget.test).filter(|run| run.status == TestStatus::Passed) else { continue };
        if let Some(&value) = run.measurements.get(&budget.metric) {
            if value > budget.max {
                outcomes.push(ProbeOutcome::OverBudget {
                    flag,
                    message: format!(
                        "{value} {} measured by `{}`, where a good design needs at most {}",
                        budget.metric, budget.test, budget.max
                    ),
                    functions: budget.functions.clone(),
                });
            }
        }
    }
    for probe in &exercise.meta.probe {
        let Some(snippet) = build.compile_fail.get(&probe.name) else { continue };
        let wrong = match probe.expect {
            ProbeExpectation::Compile => !snippet.compiled,
            ProbeExpectation::Fail => {
                snippet.compiled
                    || probe.code.as_ref().is_some_and(|code| {
                        !snippet.errors.iter().any(|error| error.code.as_deref() == Some(code.as_str()))
                    })
            }
        };
        if wrong {
            let detail = snippet.errors.first().map(|error| format!(" (rustc: {})", error.message)).unwrap_or_default();
            outcomes.push(ProbeOutcome::Compile { flag: probe.flag, message: format!("{}{detail}", probe.message) });
        }
    }
    for (index, probe) in exercise.meta.variant_probe.iter().enumerate() {
        let Some(variant) = build.variants.get(&index) else { continue };
        let mut places: Vec<(String, u32)> = variant
            .errors
            .iter()
            .filter(|error| error.code.as_deref() == Some("E0004"))
            .filter_map(|error| {
                let file = error.origin.as_ref()?.crate_file()?.to_owned();
                Some((file, error.line?))
            })
            .collect();
        places.sort();
        places.dedup();
        outcomes.push(ProbeOutcome::Variant {
            flag: probe.flag,
            enum_name: probe.enum_name.clone(),
            non_exhaustive: places,
        });
    }
    outcomes
}
