//! The testing measure: the candidate's own tests run against their code, against the reference
//! solution (a test that fails there asserts something the statement does not promise and counts
//! for nothing) and, the ones that pass there, against every chaff of the exercise, one process
//! per chaff. The main function is [`Grader::test_candidate_tests`].

use std::path::Path;
use std::time::Duration;

use rayon::prelude::*;

use super::Grader;
use crate::build::{BuildOutcome, CompileError, ExerciseBuild};
use crate::error::Error;
use crate::exercise::Exercise;
use crate::process::Jail;
use crate::report::{CandidateTest, CandidateTests, ChaffReport, Score};
use crate::run::{self, TestJob, TestRun, TestStatus};
use crate::stage::{StagedCandidateTests, StagedExercise, StagedWorkspace};

impl Grader {
    /// The testing measure of every staged exercise whose candidate wrote tests (`None` for the
    /// others), in the staged order. Exercises run in parallel on the current rayon pool.
    pub(super) fn test_candidate_tests(
        &self,
        staged: &StagedWorkspace,
        build: &BuildOutcome,
        exercises: &[&Exercise],
        runner: Option<&Path>,
    ) -> Result<Vec<Option<CandidateTests>>, Error> {
        staged
            .exercises
            .par_iter()
            .zip(&build.exercises)
            .zip(exercises)
            .map(|((staged_exercise, exercise_build), exercise)| {
                let Some(tests) = &staged_exercise.candidate_tests else { return Ok(None) };
                self.one_exercise(staged_exercise, tests, exercise_build, exercise, &staged.jail, runner).map(Some)
            })
            .collect()
    }

    fn one_exercise(
        &self,
        staged: &StagedExercise,
        tests: &StagedCandidateTests,
        build: &ExerciseBuild,
        exercise: &Exercise,
        jail: &Jail,
        runner: Option<&Path>,
    ) -> Result<CandidateTests, Error> {
        let timeout = self.options.test_timeout.unwrap_or(Duration::from_secs(exercise.meta.test_timeout_secs));
        let mut problems = Vec::new();
        let not_run = |why: &str| vec![TestRun::new(TestStatus::NotRun, Some(why.to_owned())); tests.names.len()];
        let jobs = |binary: &Path, dir: &Path, chaff: Option<u64>| -> Vec<TestJob> {
            tests
                .names
                .iter()
                .map(|name| TestJob {
                    binary: binary.to_path_buf(),
                    crate_dir: dir.to_path_buf(),
                    name: name.clone(),
                    timeout,
                    chaff,
                })
                .collect()
        };
        let own = match &build.candidate_binary {
            Some(binary) => run::run_binary(&jobs(binary, &staged.crate_dir, None), jail, &self.toolchain, runner)?,
            None if build.test_binary.is_none() => not_run("the exercise's code does not compile"),
            None => {
                problems
                    .push(format!("Your tests do not compile against your code: {}", first(&build.candidate_errors)));
                not_run("does not compile")
            }
        };
        let reference = match (&build.chaff_binary, &tests.chaff_dir) {
            (Some(binary), Some(dir)) => {
                run::run_binary(&jobs(binary, dir, Some(tests.reference_selector)), jail, &self.toolchain, runner)?
            }
            _ => {
                let problem = match &tests.chaff_problem {
                    Some(problem) => problem.clone(),
                    None => format!(
                        "Your tests do not compile against the reference solution, so they could not be run \
                         against the buggy versions (do they use something the statement does not promise?): {}",
                        first(&build.chaff_errors)
                    ),
                };
                problems.push(problem);
                not_run("could not be run against the reference solution")
            }
        };
        let valid: Vec<String> = tests
            .names
            .iter()
            .zip(&reference)
            .filter(|(_, run)| run.status == TestStatus::Passed)
            .map(|(name, _)| name.clone())
            .collect();
        let mut chaff = Vec::new();
        for (staged_chaff, item) in tests.chaff.iter().zip(&exercise.chaff) {
            let mut report =
                ChaffReport { name: item.name.clone(), bug: item.bug.clone(), caught: false, caught_by: Vec::new() };
            if let (Some(binary), Some(dir), false) = (&build.chaff_binary, &tests.chaff_dir, valid.is_empty()) {
                let ran =
                    run::run_chaff(binary, dir, &valid, staged_chaff.selector, timeout * 2, jail, &self.toolchain)?;
                report.caught = ran.caught(&valid);
                if report.caught {
                    report.caught_by = if ran.failed.is_empty() {
                        vec![format!("the test binary {}", ran.ending)]
                    } else {
                        ran.failed.iter().map(|name| display_name(tests, name)).collect()
                    };
                }
            }
            chaff.push(report);
        }
        let caught = chaff.iter().filter(|report| report.caught).count();
        let testing = Score::new(count(caught), count(chaff.len()));
        let tests_report = tests
            .names
            .iter()
            .zip(own.iter().zip(&reference))
            .map(|(name, (own, reference))| CandidateTest {
                name: display_name(tests, name),
                own_code: own.status.into(),
                reference: reference.status.into(),
                message: match (reference.status, own.status) {
                    (TestStatus::Passed, TestStatus::Passed) => None,
                    (TestStatus::Passed, _) => own.message.clone().map(|message| format!("on your code: {message}")),
                    _ => reference.message.clone().map(|message| format!("on the reference: {message}")),
                },
            })
            .collect();
        Ok(CandidateTests {
            files: tests.files.iter().map(|file| format!("{}/{file}", exercise.id)).collect(),
            tests: tests_report,
            problems,
            chaff,
            testing,
            bonus: 0,
        })
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The first compile error, for a one-line problem.
fn first(errors: &[CompileError]) -> String {
    match errors.first() {
        Some(error) => {
            let place = match (&error.file, error.line) {
                (Some(file), Some(line)) => format!(" ({file}:{line})"),
                (Some(file), None) => format!(" ({file})"),
                _ => String::new(),
            };
            format!("{}{place}", error.message)
        }
        None => "cargo built nothing".to_owned(),
    }
}

/// `candidate_my_tests::empty_cart` → `tests/my_tests.rs::empty_cart`.
fn display_name(tests: &StagedCandidateTests, name: &str) -> String {
    let (module, rest) = name.split_once("::").unwrap_or((name, ""));
    match tests.modules.iter().position(|known| known == module) {
        Some(at) => format!("{}::{rest}", tests.files[at]),
        None => name.to_owned(),
    }
}
