//! Drives the pipeline for one submission: stage → build → run → score → report.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use rayon::prelude::*;

use crate::cache::{Cache, KeyContext};
use crate::checks;
use crate::compile::{self, BuildLimits, BuildOutcome, ExerciseBuild};
use crate::error::Error;
use crate::exercise::{Exercise, ExerciseSet};
use crate::intake::CandidateFiles;
use crate::intake::Submission;
use crate::inventory::TestKind;
use crate::isolation::{Choice, Isolation};
use crate::redflags::{self, Inspection};
use crate::report::{ExerciseReport, RedFlag};
use crate::report::{Report, SCHEMA_VERSION};
use crate::rubric::Rubric;
use crate::run::{self, TestJob, TestRun, TestStatus};
use crate::sandbox::Toolchain;
use crate::score::{self, ExerciseOutcome};
use crate::stage::{self, StagedExercise, StagedWorkspace};
use crate::written;

/// Settings of a grading run.
#[derive(Debug, Clone, Copy)]
pub struct GradeOptions {
    /// Tests run at once; `None` means one per core.
    pub jobs: Option<usize>,
    /// Overrides every exercise's own `test_timeout_secs`.
    pub test_timeout: Option<Duration>,
    /// Whether to look for red flags (clippy lints, syntax checks, compiler codes).
    pub red_flags: bool,
    /// How to isolate candidate code.
    pub sandbox: Choice,
    pub build: BuildLimits,
}

impl Default for GradeOptions {
    fn default() -> Self {
        GradeOptions {
            jobs: None,
            test_timeout: None,
            red_flags: true,
            sandbox: Choice::Auto,
            build: BuildLimits::default(),
        }
    }
}

/// An exercise set, a rubric that fits it, and the toolchain: everything needed to grade.
#[derive(Debug, Clone)]
pub struct Grader {
    pub set: ExerciseSet,
    pub rubric: Rubric,
    pub toolchain: Toolchain,
    pub options: GradeOptions,
    pub isolation: Isolation,
    /// Where graded exercises are cached; `None` grades everything afresh.
    pub cache: Option<Cache>,
}

impl Grader {
    /// Checks the rubric against the set and finds the toolchain.
    pub fn new(set: ExerciseSet, rubric: Rubric, options: GradeOptions) -> Result<Grader, Error> {
        rubric.check_against(&set)?;
        let toolchain = Toolchain::detect()?;
        let isolation = Isolation::detect(options.sandbox, toolchain.sysroot())?;
        Ok(Grader { set, rubric, toolchain, options, isolation, cache: None })
    }

    /// Grades a submission (already read by [`crate::intake`]). Exercises found in the cache are
    /// rescored, not rebuilt; the rest go through the pipeline together and are then cached.
    pub fn grade(&self, submission: &Submission) -> Result<Report, Error> {
        let entries: Vec<(&Exercise, &CandidateFiles)> = submission
            .exercises
            .iter()
            .map(|(id, files)| self.set.get(id).map(|exercise| (exercise, files)))
            .collect::<Result<_, _>>()?;
        let mut graded: Vec<Option<ExerciseReport>> = vec![None; entries.len()];
        let mut keys: Vec<Option<String>> = vec![None; entries.len()];
        if let Some(cache) = &self.cache {
            let context = self.key_context();
            for (index, (exercise, candidate)) in entries.iter().enumerate() {
                if matches!(candidate, CandidateFiles::Missing) {
                    continue;
                }
                let key = Cache::key(exercise, candidate, &context);
                if let Some(mut cached) = cache.get(&key) {
                    score::rescore_exercise(&mut cached, exercise, &self.rubric);
                    graded[index] = Some(cached);
                }
                keys[index] = Some(key);
            }
        }
        let pending: Vec<(&Exercise, &CandidateFiles)> =
            entries.iter().zip(&graded).filter(|(_, done)| done.is_none()).map(|(entry, _)| *entry).collect();
        let mut fresh = self.grade_fresh(&pending)?.into_iter();
        for (index, slot) in graded.iter_mut().enumerate() {
            if slot.is_none() {
                let report = fresh.next().ok_or_else(|| Error::Spawn {
                    program: "grading pipeline".into(),
                    source: std::io::Error::other("fewer results than exercises"),
                })?;
                if let (Some(cache), Some(key)) = (&self.cache, &keys[index]) {
                    cache.put(key, &report)?;
                }
                *slot = Some(report);
            }
        }
        let exercises: Vec<ExerciseReport> = graded.into_iter().flatten().collect();
        let (score, levels, estimated_level) = score::summarize(&exercises, &self.rubric);
        Ok(Report {
            schema_version: SCHEMA_VERSION,
            grader_version: env!("CARGO_PKG_VERSION").to_owned(),
            toolchain: self.toolchain.version.clone(),
            submission: submission.name.clone(),
            score,
            levels,
            estimated_level,
            exercises,
            ignored: submission.ignored.clone(),
            skipped_checks: self.skipped_checks(),
            sandbox: self.isolation.summary(),
        })
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

    /// Runs the whole pipeline on `entries`; one report per entry, in order.
    fn grade_fresh(&self, entries: &[(&Exercise, &CandidateFiles)]) -> Result<Vec<ExerciseReport>, Error> {
        if entries.is_empty() {
            return Ok(Vec::new());
        }
        let trace = std::env::var_os("GRADER_TRACE").is_some();
        let started = std::time::Instant::now();
        let staged = stage::stage(entries, &self.isolation)?;
        let build = self.build(&staged)?;
        if trace {
            eprintln!("grader: staged and built in {:.2} s", started.elapsed().as_secs_f64());
        }
        let mut runs = self.run_tests(&staged, &build, entries)?;
        if trace {
            eprintln!("grader: tests run by {:.2} s", started.elapsed().as_secs_f64());
        }
        let mut reviews = BTreeMap::new();
        for (exercise, candidate) in entries {
            if let (Some(written), CandidateFiles::Present { files, .. }) = (&exercise.meta.written, candidate) {
                let text =
                    files.text(&written.file).or_else(|| exercise.starter.text(&written.file)).unwrap_or_default();
                let (results, review) = written::evaluate(written, text);
                runs.entry(exercise.id.clone()).or_default().extend(results);
                reviews.insert(exercise.id.clone(), review);
            }
        }

        let reports = entries
            .iter()
            .map(|(exercise, candidate)| {
                let red_flags = self.inspect(exercise, candidate, build.exercises.get(&exercise.id));
                let outcome = ExerciseOutcome {
                    exercise,
                    candidate,
                    staged: staged.exercises.iter().find(|s| s.id == exercise.id),
                    build: build.exercises.get(&exercise.id),
                    runs: runs.remove(&exercise.id).unwrap_or_default(),
                    manual_review: reviews.remove(&exercise.id),
                    red_flags,
                };
                score::score_exercise(&outcome, &self.rubric)
            })
            .collect();
        Ok(reports)
    }

    /// Builds with clippy's lints when red flags are on. If a lint the candidate's own code denies
    /// broke the build, builds again without clippy, so compile status never depends on clippy;
    /// the lints from the first build are kept.
    fn build(&self, staged: &StagedWorkspace) -> Result<BuildOutcome, Error> {
        let linted = compile::build(staged, &self.toolchain, self.options.build, self.options.red_flags)?;
        if !linted.exercises.values().any(|build| build.lint_blocked) {
            return Ok(linted);
        }
        let mut plain = compile::build(staged, &self.toolchain, self.options.build, false)?;
        for (id, build) in linted.exercises {
            if let Some(target) = plain.exercises.get_mut(&id) {
                target.lints = build.lints;
            }
        }
        plain.linted = true;
        Ok(plain)
    }

    /// The red flags of one exercise (none when red flags are off or the exercise is missing).
    fn inspect(&self, exercise: &Exercise, candidate: &CandidateFiles, build: Option<&ExerciseBuild>) -> Vec<RedFlag> {
        let CandidateFiles::Present { files, tampered, .. } = candidate else { return Vec::new() };
        if !self.options.red_flags || exercise.is_written() {
            return Vec::new();
        }
        let reference = redflags::Scan::of(&exercise.solution);
        let inspection = Inspection {
            exercise,
            candidate: files,
            reference: &reference,
            compile_errors: build.map(|b| b.errors.as_slice()).unwrap_or_default(),
            lints: build.map(|b| b.lints.as_slice()).unwrap_or_default(),
            tampered,
        };
        redflags::inspect(&inspection, &self.rubric)
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

    /// Lists and runs the tests of every compiled exercise, then evaluates its must-not-compile
    /// checks and budgets; results by exercise id, then test name.
    fn run_tests(
        &self,
        staged: &StagedWorkspace,
        build: &BuildOutcome,
        entries: &[(&Exercise, &CandidateFiles)],
    ) -> Result<BTreeMap<String, BTreeMap<String, TestRun>>, Error> {
        let mut jobs: Vec<(String, TestJob)> = Vec::new();
        let mut results: BTreeMap<String, BTreeMap<String, TestRun>> = BTreeMap::new();
        let measure_dir = staged.jail.tmp.join("measurements");
        std::fs::create_dir_all(&measure_dir).map_err(|source| Error::io("create folder", &measure_dir, source))?;
        if self.isolation.tests_run_as_other_user() {
            crate::sandbox::set_mode(&measure_dir, 0o1777)?;
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(self.options.jobs.unwrap_or(0))
            .build()
            .map_err(|err| Error::Spawn { program: "test thread pool".into(), source: std::io::Error::other(err) })?;
        // Listing: every compiled binary's tests, in parallel (one process each).
        let compiled: Vec<(&Exercise, &StagedExercise, &PathBuf)> = entries
            .iter()
            .filter_map(|(exercise, _)| {
                let staged_exercise = staged.exercises.iter().find(|s| s.id == exercise.id)?;
                let binary = build.exercises.get(&exercise.id).and_then(|b| b.test_binary.as_ref())?;
                Some((*exercise, staged_exercise, binary))
            })
            .collect();
        let listings: Vec<Result<Vec<String>, Error>> = pool.install(|| {
            compiled
                .par_iter()
                .map(|(_, staged_exercise, binary)| {
                    run::list_tests(binary, &staged_exercise.crate_dir, &staged.jail, &self.toolchain)
                })
                .collect()
        });
        for ((exercise, staged_exercise, binary), listed) in compiled.into_iter().zip(listings) {
            let listed = listed?;
            let timeout = self.options.test_timeout.unwrap_or(Duration::from_secs(exercise.meta.test_timeout_secs));
            for test in exercise.tests.iter().filter(|test| test.kind == TestKind::Test) {
                if listed.contains(&test.name) {
                    let job = TestJob {
                        binary: binary.clone(),
                        crate_dir: staged_exercise.crate_dir.clone(),
                        name: test.name.clone(),
                        timeout,
                        measure_file: measure_dir.join(format!("{}-{}", exercise.id, jobs.len())),
                    };
                    jobs.push((exercise.id.clone(), job));
                } else {
                    let missing = TestRun::new(
                        TestStatus::NotRun,
                        Some("the compiled test binary does not contain this test".into()),
                    );
                    results.entry(exercise.id.clone()).or_default().insert(test.name.clone(), missing);
                }
            }
        }
        let plain_jobs: Vec<TestJob> = jobs.iter().map(|(_, job)| job.clone()).collect();
        let outcomes = pool.install(|| run::run_all(&plain_jobs, &staged.jail, &self.toolchain));
        for ((id, job), outcome) in jobs.into_iter().zip(outcomes) {
            results.entry(id).or_default().insert(job.name, outcome);
        }
        for (exercise, _) in entries {
            if let Some(exercise_build) = build.exercises.get(&exercise.id) {
                let runs = results.entry(exercise.id.clone()).or_default();
                let evaluated = checks::evaluate(exercise, exercise_build, runs);
                runs.extend(evaluated);
            }
        }
        Ok(results)
    }
}
