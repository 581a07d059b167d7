//! The pipeline of one submission. Every exercise is one [`Record`], carried from intake to the
//! report: what the candidate handed in, its cache key, its staged crate, its build, its test
//! results, its written-answer review, its red flags. Exercises found in the cache skip straight
//! to scoring. The main type is [`Record`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::cache::{Cache, KeyContext};
use super::Grader;
use crate::build::{self, BuildOutcome, Built, ExerciseBuild, TestBinary};
use crate::checks::{self, ManualReview, ProbeOutcome};
use crate::error::Error;
use crate::exercise::{Exercise, TestKind};
use crate::inspect::{self, Inspection, RaisedFlag, Scan};
use crate::intake::{CandidateFiles, Submission};
use crate::process::Jail;
use crate::report::{CandidateTests, ExerciseReport, Report, Score, SCHEMA_VERSION};
use crate::run::{self, TestJob, TestRun};
use crate::score::{self, ExerciseOutcome};
use crate::stage::layout::PLAIN_TARGET_DIR;
use crate::stage::{self, StagedExercise, StagedWorkspace};
use crate::support::{lock, trace};

/// Most combined test crates per submission: more cores than this gain little on ~20 exercises.
const MAX_COMBINED_CRATES: usize = 8;

/// One exercise of a submission on its way through the pipeline.
struct Record<'a> {
    exercise: &'a Exercise,
    candidate: &'a CandidateFiles,
    /// Its cache key, when a cache is in use and the exercise was handed in.
    cache_key: Option<String>,
    /// Its report, once scored (from the cache, or at the end of the pipeline).
    report: Option<ExerciseReport>,
    /// Its index in the staged workspace, when it was staged.
    staged: Option<usize>,
    build: Option<ExerciseBuild>,
    /// Test and check results by name.
    runs: BTreeMap<String, TestRun>,
    review: Option<ManualReview>,
    /// What its habit probes (budgets, compile and exhaustiveness probes) found.
    probes: Vec<ProbeOutcome>,
    /// The candidate's own tests against their code, the reference and the chaff.
    candidate_tests: Option<CandidateTests>,
}

/// An exercise whose tests are ready to run: its index in the staged workspace, the exercise, its
/// staged crate, its binary.
type Ready<'a> = (usize, &'a Exercise, &'a StagedExercise, TestBinary);
/// The build, each staged exercise's test results by name, and its testing measure.
type BuiltAndRun = (BuildOutcome, Vec<BTreeMap<String, TestRun>>, Vec<Option<CandidateTests>>);
/// Test results of the exercises of a group, by staged index, then test name.
type GroupResults = Vec<(usize, BTreeMap<String, TestRun>)>;

impl Grader {
    /// Grades a submission (already read by [`crate::intake`]). Exercises found in the cache are
    /// rescored, not rebuilt; the rest go through the pipeline together and are then cached.
    pub fn grade(&self, submission: &Submission) -> Result<Report, Error> {
        let mut records: Vec<Record> = submission
            .exercises
            .iter()
            .map(|(id, candidate)| {
                let exercise = self.set.get(id)?;
                Ok(Record {
                    exercise,
                    candidate,
                    cache_key: None,
                    report: None,
                    staged: None,
                    build: None,
                    runs: BTreeMap::new(),
                    review: None,
                    probes: Vec::new(),
                    candidate_tests: None,
                })
            })
            .collect::<Result<_, Error>>()?;
        if let Some(cache) = &self.cache {
            let context = self.key_context();
            for record in records.iter_mut().filter(|record| matches!(record.candidate, CandidateFiles::Present { .. }))
            {
                let key = Cache::key(record.exercise, record.candidate, &context);
                if let Some(mut cached) = cache.get(&key) {
                    score::rescore_exercise(&mut cached, record.exercise, &self.rubric);
                    record.report = Some(cached);
                }
                record.cache_key = Some(key);
            }
        }
        let mut pending: Vec<&mut Record> = records.iter_mut().filter(|record| record.report.is_none()).collect();
        self.grade_fresh(&mut pending)?;
        let mut exercises = Vec::with_capacity(records.len());
        for record in records {
            let report = record.report.ok_or_else(|| Error::Internal("an exercise was left ungraded".into()))?;
            exercises.push(report);
        }
        let mut report = Report {
            schema_version: SCHEMA_VERSION,
            grader_version: env!("CARGO_PKG_VERSION").to_owned(),
            toolchain: self.toolchain.version.clone(),
            submission: submission.name.clone(),
            // Filled in from the exercises by `score::totals` below.
            score: Score::default(),
            works: Score::default(),
            habits: Score::default(),
            testing: None,
            levels: BTreeMap::new(),
            estimated_level: None,
            exercises,
            ignored: submission.ignored.iter().map(Into::into).collect(),
            skipped_checks: self.skipped_checks(),
            sandbox: (&self.isolation.summary()).into(),
            notes: submission.notes.clone(),
            history: submission.history.as_ref().map(Into::into),
        };
        score::totals(&mut report, &self.rubric);
        Ok(report)
    }

    /// What a cached result depends on besides files.
    fn key_context(&self) -> KeyContext {
        KeyContext {
            grader_version: env!("CARGO_PKG_VERSION").to_owned(),
            toolchain: self.toolchain.version.clone(),
            isolation: format!("{:?}", self.isolation.level),
            red_flags: self.options.red_flags,
            test_timeout_secs: self.options.test_timeout.map(|timeout| timeout.as_secs()),
            build_timeout_secs: self.options.build.timeout.as_secs(),
        }
    }

    /// Runs the whole pipeline on `records`, leaving a report in each (and in the cache).
    fn grade_fresh(&self, records: &mut [&mut Record]) -> Result<(), Error> {
        if records.is_empty() {
            return Ok(());
        }
        let started = Instant::now();
        let entries: Vec<(&Exercise, &CandidateFiles)> =
            records.iter().map(|record| (record.exercise, record.candidate)).collect();
        // One combined test crate per core, so they compile side by side.
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        let staged = stage::stage(&entries, &self.isolation, cores.min(MAX_COMBINED_CRATES))?;
        trace(|| format!("staged in {:.2} s", started.elapsed().as_secs_f64()));
        let (build, runs, candidate_tests) = self.build_and_run(&staged, &entries)?;
        trace(|| format!("staged, built and tested in {:.2} s", started.elapsed().as_secs_f64()));
        for (index, (((staged_exercise, exercise_build), runs), candidate_tests)) in
            staged.exercises.iter().zip(build.exercises).zip(runs).zip(candidate_tests).enumerate()
        {
            let record = &mut records[staged_exercise.slot];
            record.staged = Some(index);
            record.candidate_tests = candidate_tests;
            record.probes = checks::habit_probes(record.exercise, &exercise_build, &runs);
            record.runs = runs;
            record.build = Some(exercise_build);
        }
        for record in records.iter_mut() {
            if let (Some(written), CandidateFiles::Present { files, .. }) =
                (&record.exercise.meta.written, record.candidate)
            {
                let text = files
                    .text(&written.file)
                    .or_else(|| record.exercise.starter.text(&written.file))
                    .unwrap_or_default();
                let (results, review, outcomes) = checks::evaluate_written(written, text);
                record.runs.extend(results);
                record.review = Some(review);
                record.probes.extend(outcomes);
            }
        }
        for record in records.iter_mut() {
            let red_flags = self.inspect(record);
            let outcome = ExerciseOutcome {
                exercise: record.exercise,
                candidate: record.candidate,
                staged: record.staged.map(|index| &staged.exercises[index]),
                build: record.build.as_ref(),
                runs: std::mem::take(&mut record.runs),
                manual_review: record.review.take(),
                red_flags,
                candidate_tests: record.candidate_tests.take(),
            };
            let report = score::score_exercise(&outcome, &self.rubric);
            if let (Some(cache), Some(key)) = (&self.cache, &record.cache_key) {
                cache.put(key, &report)?;
            }
            record.report = Some(report);
        }
        Ok(())
    }

    /// Builds with clippy's lints when red flags are on. If a lint the candidate's own code denies
    /// broke the build, builds again without clippy (into its own target folder, so binaries whose
    /// tests already run are not replaced), so compile status never depends on clippy; the lints
    /// from the first build are kept.
    fn build(&self, staged: &StagedWorkspace, on_binary: &mut dyn FnMut(Built<'_>)) -> Result<BuildOutcome, Error> {
        let limits = self.options.build;
        let lints = inspect::catalog::all_lints();
        let lints = self.options.red_flags.then_some(lints.as_slice());
        let linted = build::build(staged, &staged.target_dir, &self.toolchain, limits, lints, on_binary)?;
        if !linted.lint_blocked() {
            return Ok(linted);
        }
        let plain_target = staged.root().join(PLAIN_TARGET_DIR);
        let mut plain = build::build(staged, &plain_target, &self.toolchain, limits, None, on_binary)?;
        for (target, linted) in plain.exercises.iter_mut().zip(linted.exercises) {
            target.lints = linted.lints;
        }
        Ok(plain)
    }

    /// Builds, and runs each exercise's tests the moment its binary is built (while cargo builds
    /// the rest), then evaluates must-not-compile checks and budgets. Results per staged
    /// exercise, in the staged order, by test name.
    fn build_and_run(
        &self,
        staged: &StagedWorkspace,
        entries: &[(&Exercise, &CandidateFiles)],
    ) -> Result<BuiltAndRun, Error> {
        // Without a runner copy (it could not be made), each test gets a sandbox of its own.
        let installed = self.test_runner.as_deref().and_then(|exe| match run::install(exe, staged.root()) {
            Ok(path) => Some(path),
            Err(err) => {
                trace(|| format!("no test runner ({err}); one sandbox per test"));
                None
            }
        });
        let runner = installed.as_deref();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(self.options.jobs.unwrap_or(0))
            .build()
            .map_err(|err| Error::Spawn { program: "test thread pool".into(), source: std::io::Error::other(err) })?;
        let results: Mutex<Vec<BTreeMap<String, TestRun>>> = Mutex::new(vec![BTreeMap::new(); staged.exercises.len()]);
        let failure: Mutex<Option<Error>> = Mutex::new(None);
        let mut started: BTreeSet<usize> = BTreeSet::new();
        let lanes = pool.current_num_threads().max(1);
        let exercises: Vec<&Exercise> = staged.exercises.iter().map(|staged| entries[staged.slot].0).collect();
        // The candidate's own tests of the combined exercises, run as soon as both of their
        // binaries are built, while cargo builds the rest.
        let mut candidate_binaries: [Option<PathBuf>; 2] = [None, None];
        let early: Mutex<Vec<(usize, CandidateTests)>> = Mutex::new(Vec::new());
        let build = pool.in_place_scope(|scope| {
            let mut on_binary = |built: Built<'_>| {
                let built = match built {
                    Built::Tests(built) => built,
                    Built::CandidateTests { chaff, binary } => {
                        let slot = &mut candidate_binaries[usize::from(chaff)];
                        let first = slot.is_none();
                        *slot = Some(binary.to_path_buf());
                        if let ([Some(own), Some(chaff)], true) = (&candidate_binaries, first) {
                            let suites = self.combined_suites(staged, &exercises, own, chaff);
                            let (early, failure) = (&early, &failure);
                            scope.spawn(move |_| match self.run_suites(&suites, &staged.jail, runner) {
                                Ok(done) => lock(early).extend(done),
                                Err(err) => *lock(failure) = Some(err),
                            });
                        }
                        return;
                    }
                };
                let fresh: Vec<Ready> = built
                    .iter()
                    .filter(|(index, _)| started.insert(*index))
                    .map(|(index, binary)| {
                        let staged_exercise = &staged.exercises[*index];
                        (*index, entries[staged_exercise.slot].0, staged_exercise, binary.clone())
                    })
                    .collect();
                if fresh.is_empty() {
                    return;
                }
                // One group of exercises per lane, each run through one test runner.
                let per_lane = fresh.len().div_ceil(lanes);
                for group in fresh.chunks(per_lane) {
                    let (group, results, failure) = (group.to_vec(), &results, &failure);
                    scope.spawn(move |_| match self.test_group(&group, &staged.jail, runner) {
                        Ok(runs) => {
                            let mut results = lock(results);
                            for (index, runs) in runs {
                                results[index].extend(runs);
                            }
                        }
                        Err(err) => *lock(failure) = Some(err),
                    });
                }
            };
            self.build(staged, &mut on_binary)
        })?;
        if let Some(err) = failure.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner) {
            return Err(err);
        }
        let mut results = results.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        for ((staged_exercise, exercise_build), runs) in staged.exercises.iter().zip(&build.exercises).zip(&mut results)
        {
            let evaluated = checks::evaluate(entries[staged_exercise.slot].0, exercise_build, runs);
            runs.extend(evaluated);
        }
        let early = early.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        let done: Vec<usize> = early.iter().map(|(index, _)| *index).collect();
        let rest = self.built_suites(staged, &build, &exercises, &done);
        let late = pool.install(|| self.run_suites(&rest, &staged.jail, runner))?;
        let mut candidate_tests: Vec<Option<CandidateTests>> = vec![None; staged.exercises.len()];
        for (index, tests) in early.into_iter().chain(late) {
            candidate_tests[index] = Some(tests);
        }
        Ok((build, results, candidate_tests))
    }

    /// Runs the tests of exercises that share one test binary: each test in its own process,
    /// all of them through one test runner when there is one. Results by staged index, then test.
    fn test_group(&self, group: &[Ready], jail: &Jail, runner: Option<&Path>) -> Result<GroupResults, Error> {
        let mut jobs = Vec::new();
        let mut owners = Vec::new();
        for (index, exercise, staged_exercise, binary) in group {
            let timeout = self.options.test_timeout.unwrap_or(Duration::from_secs(exercise.meta.test_timeout_secs));
            for test in exercise.tests.iter().filter(|test| test.kind == TestKind::Test) {
                jobs.push(TestJob {
                    binary: binary.path.clone(),
                    crate_dir: staged_exercise.crate_dir.clone(),
                    name: format!("{}{}", binary.prefix, test.name),
                    timeout,
                    chaff: None,
                    together: Vec::new(),
                    stop_at_failure: false,
                });
                owners.push((*index, test.name.clone(), binary.prefix.as_str()));
            }
        }
        let outcomes = run::run_binary(&jobs, jail, &self.toolchain, runner)?;
        let mut results: GroupResults = group.iter().map(|(index, ..)| (*index, BTreeMap::new())).collect();
        for ((index, name, prefix), outcome) in owners.into_iter().zip(outcomes) {
            if let Some((_, runs)) = results.iter_mut().find(|(owner, _)| *owner == index) {
                runs.insert(name, outcome.as_if_own_binary(prefix));
            }
        }
        Ok(results)
    }

    /// The red flags of one exercise (none when red flags are off, the exercise is missing or a
    /// written answer).
    fn inspect(&self, record: &Record) -> Vec<RaisedFlag> {
        let CandidateFiles::Present { files, tampered, .. } = record.candidate else { return Vec::new() };
        if !self.options.red_flags {
            return Vec::new();
        }
        let reference = Scan::in_crate(&record.exercise.solution, &record.exercise.starter);
        let build = record.build.as_ref();
        let inspection = Inspection {
            exercise: record.exercise,
            candidate: files,
            reference: &reference,
            compile_errors: build.map(|b| b.errors.as_slice()).unwrap_or_default(),
            lints: build.map(|b| b.lints.as_slice()).unwrap_or_default(),
            tampered,
            probes: &record.probes,
            references: build.map(|b| b.references.as_slice()).unwrap_or_default(),
        };
        inspect::inspect(&inspection)
    }

    /// Checks that did not run, and why.
    fn skipped_checks(&self) -> Vec<String> {
        let mut skipped = Vec::new();
        if !self.options.red_flags {
            skipped.push("red flags: turned off (--no-red-flags)".to_owned());
        } else if self.toolchain.clippy_driver.is_none() {
            skipped.push(
                "clippy lints: clippy is not installed for this toolchain (`rustup component add clippy`); \
                 syntax and compiler checks still ran"
                    .to_owned(),
            );
        }
        skipped
    }
}
