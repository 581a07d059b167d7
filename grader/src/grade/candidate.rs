//! The testing measure: the candidate's own tests run against their code, against the reference
//! solution (a test that fails there asserts something the statement does not promise and counts
//! for nothing) and, the ones that pass there, against every chaff of the exercise.
//!
//! Each of those is one process running a whole suite (`--exact` with every name), and the runs
//! of one test binary go through the grader's test runner, a few per core: a sandbox per run
//! would cost more than the runs (the kernel makes namespaces one at a time). A test that did not
//! witness its pass on the candidate's code or on the reference runs again on its own, for its
//! status and message. In three phases over every exercise: their code and the reference, those
//! reruns, then the chaff. The main function is [`Grader::test_candidate_tests`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rayon::prelude::*;

use super::Grader;
use crate::build::{BuildOutcome, CompileError, TestBinary};
use crate::error::Error;
use crate::exercise::Exercise;
use crate::process::Jail;
use crate::report::{CandidateTest, CandidateTests, ChaffReport, Score};
use crate::run::{self, ChaffRun, TestJob, TestRun, TestStatus};
use crate::stage::{StagedCandidateTests, StagedExercise, StagedWorkspace};

/// One exercise whose candidate wrote tests, and the binaries that hold them.
pub(super) struct Suite<'a> {
    /// Its index in the staged workspace.
    pub(super) index: usize,
    staged: &'a StagedExercise,
    tests: &'a StagedCandidateTests,
    exercise: &'a Exercise,
    timeout: Duration,
    /// The tests built against the candidate's code, and against the chaff package.
    own: Option<TestBinary>,
    chaff: Option<TestBinary>,
    /// Why not, when not.
    own_errors: &'a [CompileError],
    chaff_errors: &'a [CompileError],
    /// The exercise's own code compiled.
    code_compiles: bool,
}

impl Suite<'_> {
    /// The suite as one job over `binary`, run in `dir`, with `chaff` chosen, labelled `label`.
    fn together(
        &self,
        label: String,
        binary: &TestBinary,
        dir: &Path,
        chaff: Option<u64>,
        names: &[String],
    ) -> TestJob {
        TestJob {
            binary: binary.path.clone(),
            crate_dir: dir.to_path_buf(),
            name: label,
            // One test's time for each run of a few, and never less than two.
            timeout: self.timeout * u32::try_from(names.len().clamp(2, 4)).unwrap_or(4),
            chaff,
            together: names.iter().map(|name| format!("{}{name}", binary.prefix)).collect(),
            stop_at_failure: false,
        }
    }

    /// Each of `names` as a job of its own over `binary`.
    fn each(&self, binary: &TestBinary, dir: &Path, chaff: Option<u64>, names: &[String]) -> Vec<TestJob> {
        names
            .iter()
            .map(|name| TestJob {
                binary: binary.path.clone(),
                crate_dir: dir.to_path_buf(),
                name: format!("{}{name}", binary.prefix),
                timeout: self.timeout,
                chaff,
                together: Vec::new(),
                stop_at_failure: false,
            })
            .collect()
    }

    fn chaff_dir(&self) -> Option<&Path> {
        self.tests.chaff_dir.as_deref()
    }
}

/// Which side a run of phase one is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Side {
    Own,
    Reference,
}

impl Grader {
    fn suite_timeout(&self, exercise: &Exercise) -> Duration {
        self.options.test_timeout.unwrap_or(Duration::from_secs(exercise.meta.test_timeout_secs))
    }

    /// The suites whose tests are in the combined candidate binaries `own` and `chaff`, which the
    /// build has just made: they can run while it goes on.
    pub(super) fn combined_suites<'a>(
        &self,
        staged: &'a StagedWorkspace,
        exercises: &[&'a Exercise],
        own: &Path,
        chaff: &Path,
    ) -> Vec<Suite<'a>> {
        staged
            .exercises
            .iter()
            .zip(exercises)
            .enumerate()
            .filter_map(|(index, (staged, exercise))| {
                let tests = staged.candidate_tests.as_ref().filter(|tests| tests.combined)?;
                let binary = |path: &Path| TestBinary {
                    path: path.to_path_buf(),
                    prefix: format!("{}::", staged.combined_module()),
                };
                Some(Suite {
                    index,
                    staged,
                    tests,
                    exercise,
                    timeout: self.suite_timeout(exercise),
                    own: Some(binary(own)),
                    chaff: tests.chaff_dir.is_some().then(|| binary(chaff)),
                    own_errors: &[],
                    chaff_errors: &[],
                    code_compiles: true,
                })
            })
            .collect()
    }

    /// The suites of every staged exercise whose candidate wrote tests, from the finished build,
    /// but those in `done`.
    pub(super) fn built_suites<'a>(
        &self,
        staged: &'a StagedWorkspace,
        build: &'a BuildOutcome,
        exercises: &[&'a Exercise],
        done: &[usize],
    ) -> Vec<Suite<'a>> {
        staged
            .exercises
            .iter()
            .zip(&build.exercises)
            .zip(exercises)
            .enumerate()
            .filter(|(index, _)| !done.contains(index))
            .filter_map(|(index, ((staged, build), exercise))| {
                let tests = staged.candidate_tests.as_ref()?;
                Some(Suite {
                    index,
                    staged,
                    tests,
                    exercise,
                    timeout: self.suite_timeout(exercise),
                    own: build.candidate_binary.clone(),
                    chaff: build.chaff_binary.clone().filter(|_| tests.chaff_dir.is_some()),
                    own_errors: &build.candidate_errors,
                    chaff_errors: &build.chaff_errors,
                    code_compiles: build.test_binary.is_some(),
                })
            })
            .collect()
    }

    /// The testing measure of each suite, by staged index.
    pub(super) fn run_suites(
        &self,
        suites: &[Suite],
        jail: &Jail,
        runner: Option<&Path>,
    ) -> Result<Vec<(usize, CandidateTests)>, Error> {
        let mut results = Vec::new();
        if suites.is_empty() {
            return Ok(results);
        }

        // 1. Every suite against the candidate's code and against the reference.
        let mut first = Vec::new();
        for (at, suite) in suites.iter().enumerate() {
            if let Some(binary) = &suite.own {
                let job = suite.together(
                    format!("own:{}", suite.staged.id),
                    binary,
                    &suite.staged.crate_dir,
                    None,
                    &suite.tests.names,
                );
                first.push(((at, Side::Own), job));
            }
            if let (Some(binary), Some(dir)) = (&suite.chaff, suite.chaff_dir()) {
                let selector = Some(suite.tests.reference_selector);
                let job =
                    suite.together(format!("reference:{}", suite.staged.id), binary, dir, selector, &suite.tests.names);
                first.push(((at, Side::Reference), job));
            }
        }
        let together: BTreeMap<(usize, Side), ChaffRun> = self.run_grouped(first, jail, runner)?.into_iter().collect();

        // 2. What did not pass together, each test on its own, for its status and message.
        let statuses: Vec<(Vec<TestRun>, Vec<TestRun>)> = suites
            .par_iter()
            .enumerate()
            .map(|(at, suite)| {
                let own = self.statuses(suite, together.get(&(at, Side::Own)), Side::Own, jail, runner)?;
                let reference =
                    self.statuses(suite, together.get(&(at, Side::Reference)), Side::Reference, jail, runner)?;
                Ok((own, reference))
            })
            .collect::<Result<_, Error>>()?;

        // 3. The tests that pass on the reference against every chaff.
        let mut third = Vec::new();
        let mut valid_of: Vec<Vec<String>> = Vec::new();
        for (at, (suite, (_, reference))) in suites.iter().zip(&statuses).enumerate() {
            let valid: Vec<String> = suite
                .tests
                .names
                .iter()
                .zip(reference)
                .filter(|(_, run)| run.status == TestStatus::Passed)
                .map(|(name, _)| name.clone())
                .collect();
            if let (Some(binary), Some(dir), false) = (&suite.chaff, suite.chaff_dir(), valid.is_empty()) {
                for (which, chaff) in suite.tests.chaff.iter().enumerate() {
                    let label = format!("chaff:{}:{}", suite.staged.id, chaff.name);
                    let mut job = suite.together(label, binary, dir, Some(chaff.selector), &valid);
                    // Whether one test fails is all that counts here: the first failure ends it.
                    job.stop_at_failure = true;
                    third.push(((at, which), job));
                }
            }
            valid_of.push(valid);
        }
        let chaff_runs: BTreeMap<(usize, usize), ChaffRun> =
            self.run_grouped(third, jail, runner)?.into_iter().collect();

        for (at, (suite, (own, reference))) in suites.iter().zip(statuses).enumerate() {
            let valid = &valid_of[at];
            let prefix = suite.chaff.as_ref().map(|binary| binary.prefix.as_str()).unwrap_or_default();
            let in_binary: Vec<String> = valid.iter().map(|name| format!("{prefix}{name}")).collect();
            let chaff = suite
                .tests
                .chaff
                .iter()
                .zip(&suite.exercise.chaff)
                .enumerate()
                .map(|(which, (_, item))| {
                    let mut report = ChaffReport {
                        name: item.name.clone(),
                        bug: item.bug.clone(),
                        caught: false,
                        caught_by: Vec::new(),
                    };
                    if let Some(ran) = chaff_runs.get(&(at, which)) {
                        report.caught = ran.caught(&in_binary);
                        if report.caught {
                            report.caught_by = if ran.failed.is_empty() {
                                vec![format!("the test binary {}", ran.ending)]
                            } else {
                                let name = |failed: &String| failed.strip_prefix(prefix).unwrap_or(failed).to_owned();
                                ran.failed.iter().map(|failed| display_name(suite.tests, &name(failed))).collect()
                            };
                        }
                    }
                    report
                })
                .collect();
            results.push((suite.index, report(suite, own, reference, chaff)));
        }
        Ok(results)
    }

    /// Runs `jobs` (each a suite run together), grouped by test binary, a few runners per binary
    /// so every core has work; results keyed as given.
    fn run_grouped<K: Send>(
        &self,
        jobs: Vec<(K, TestJob)>,
        jail: &Jail,
        runner: Option<&Path>,
    ) -> Result<Vec<(K, ChaffRun)>, Error> {
        let mut by_binary: BTreeMap<PathBuf, Vec<(K, TestJob)>> = BTreeMap::new();
        for (key, job) in jobs {
            by_binary.entry(job.binary.clone()).or_default().push((key, job));
        }
        let lanes = rayon::current_num_threads().max(1);
        let mut groups: Vec<Vec<(K, TestJob)>> = Vec::new();
        for (_, jobs) in by_binary {
            let per_lane = jobs.len().div_ceil(lanes).max(1);
            let mut jobs = jobs.into_iter().peekable();
            while jobs.peek().is_some() {
                groups.push(jobs.by_ref().take(per_lane).collect());
            }
        }
        let ran: Vec<Vec<(K, ChaffRun)>> = groups
            .into_par_iter()
            .map(|group| {
                let (keys, jobs): (Vec<K>, Vec<TestJob>) = group.into_iter().unzip();
                let runs = run::run_together_jobs(&jobs, jail, &self.toolchain, runner)?;
                Ok(keys.into_iter().zip(runs).collect())
            })
            .collect::<Result<_, Error>>()?;
        Ok(ran.into_iter().flatten().collect())
    }

    /// Each test's status on one side: passed where it witnessed its pass in the run together,
    /// else from a run of its own; not run, with why, where there was no binary.
    fn statuses(
        &self,
        suite: &Suite,
        together: Option<&ChaffRun>,
        side: Side,
        jail: &Jail,
        runner: Option<&Path>,
    ) -> Result<Vec<TestRun>, Error> {
        let names = &suite.tests.names;
        let (binary, dir, chaff) = match side {
            Side::Own => (suite.own.as_ref(), Some(suite.staged.crate_dir.as_path()), None),
            Side::Reference => (suite.chaff.as_ref(), suite.chaff_dir(), Some(suite.tests.reference_selector)),
        };
        let (Some(binary), Some(dir), Some(together)) = (binary, dir, together) else {
            let why = match side {
                Side::Own if !suite.code_compiles => "the exercise's code does not compile",
                Side::Own => "does not compile",
                Side::Reference => "could not be run against the reference solution",
            };
            return Ok(vec![TestRun::new(TestStatus::NotRun, Some(why.to_owned())); names.len()]);
        };
        let passed = |name: &String| together.passed.contains(&format!("{}{name}", binary.prefix));
        let again: Vec<String> = names.iter().filter(|name| !passed(name)).cloned().collect();
        let mut reruns =
            run::run_binary(&suite.each(binary, dir, chaff, &again), jail, &self.toolchain, runner)?.into_iter();
        Ok(names
            .iter()
            .map(|name| {
                if passed(name) {
                    TestRun::new(TestStatus::Passed, None)
                } else {
                    reruns.next().unwrap_or_else(|| TestRun::new(TestStatus::NotRun, None))
                }
            })
            .collect())
    }
}

/// The report of one suite.
fn report(suite: &Suite, own: Vec<TestRun>, reference: Vec<TestRun>, chaff: Vec<ChaffReport>) -> CandidateTests {
    let tests = suite.tests;
    let mut problems = Vec::new();
    if suite.own.is_none() && suite.code_compiles {
        problems.push(format!("Your tests do not compile against your code: {}", first(suite.own_errors)));
    }
    if suite.chaff.is_none() || tests.chaff_dir.is_none() {
        problems.push(match &tests.chaff_problem {
            Some(problem) => problem.clone(),
            None => format!(
                "Your tests do not compile against the reference solution, so they could not be run against the \
                 buggy versions (do they use something the statement does not promise?): {}",
                first(suite.chaff_errors)
            ),
        });
    }
    let caught = chaff.iter().filter(|report: &&ChaffReport| report.caught).count();
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
    CandidateTests {
        files: tests.files.iter().map(|file| format!("{}/{file}", suite.exercise.id)).collect(),
        tests: tests_report,
        problems,
        chaff,
        testing,
        bonus: 0,
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
