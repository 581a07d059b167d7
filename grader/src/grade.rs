//! Drives the pipeline for one submission: stage → build → run → score → report.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use crate::cache::{Cache, KeyContext};
use crate::checks;
use crate::compile::{self, BuildLimits, BuildOutcome, BuiltTests, ExerciseBuild, TestBinary};
use crate::error::Error;
use crate::exercise::{Exercise, ExerciseSet};
use crate::intake::CandidateFiles;
use crate::intake::Submission;
use crate::inventory::TestKind;
use crate::isolation::{Choice, Isolation};
use crate::lock;
use crate::redflags::{self, Inspection};
use crate::report::{ExerciseReport, RedFlag};
use crate::report::{Report, SCHEMA_VERSION};
use crate::rubric::Rubric;
use crate::run::{self, TestJob, TestRun};
use crate::sandbox::Jail;
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

/// Most combined test crates per submission: more cores than this gain little on ~20 exercises.
const MAX_COMBINED_CRATES: usize = 8;

/// Test results by exercise id, then test name.
type TestResults = BTreeMap<String, BTreeMap<String, TestRun>>;

/// An exercise whose tests are ready to run, and the binary holding them.
type TestGroupMember<'a> = (&'a Exercise, &'a StagedExercise, TestBinary);

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
    /// The grader's own executable, which runs the tests of a group of exercises as one test
    /// runner process ([`crate::runner`]); `None` starts a sandbox per test.
    pub test_runner: Option<std::path::PathBuf>,
}

impl Grader {
    /// Checks the rubric against the set and finds the toolchain.
    pub fn new(set: ExerciseSet, rubric: Rubric, options: GradeOptions) -> Result<Grader, Error> {
        rubric.check_against(&set)?;
        let toolchain = Toolchain::detect()?;
        let isolation = Isolation::detect(options.sandbox, toolchain.sysroot())?;
        Ok(Grader { set, rubric, toolchain, options, isolation, cache: None, test_runner: None })
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
        let started = std::time::Instant::now();
        // One combined test crate per core, so they compile side by side.
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        let staged = stage::stage(entries, &self.isolation, cores.min(MAX_COMBINED_CRATES))?;
        crate::trace(|| format!("staged in {:.2} s", started.elapsed().as_secs_f64()));
        let (build, mut runs) = self.build_and_run(&staged, entries)?;
        crate::trace(|| format!("staged, built and tested in {:.2} s", started.elapsed().as_secs_f64()));
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
    /// broke the build, builds again without clippy (into its own target folder, so binaries whose
    /// tests already run are not replaced), so compile status never depends on clippy; the lints
    /// from the first build are kept.
    fn build(&self, staged: &StagedWorkspace, on_binary: &mut dyn FnMut(&BuiltTests)) -> Result<BuildOutcome, Error> {
        let limits = self.options.build;
        let linted =
            compile::build(staged, &staged.target_dir, &self.toolchain, limits, self.options.red_flags, on_binary)?;
        if !linted.exercises.values().any(|build| build.lint_blocked) {
            return Ok(linted);
        }
        let plain_target = staged.target_dir.with_file_name("target-plain");
        let mut plain = compile::build(staged, &plain_target, &self.toolchain, limits, false, on_binary)?;
        for (id, build) in linted.exercises {
            if let Some(target) = plain.exercises.get_mut(&id) {
                target.lints = build.lints;
            }
        }
        Ok(plain)
    }

    /// Builds, and runs each exercise's tests the moment its binary is built (while cargo builds
    /// the rest), then evaluates must-not-compile checks and budgets. Results by exercise id, then
    /// test name.
    fn build_and_run(
        &self,
        staged: &StagedWorkspace,
        entries: &[(&Exercise, &CandidateFiles)],
    ) -> Result<(BuildOutcome, TestResults), Error> {
        let measure_dir = staged.jail.tmp.join("measurements");
        std::fs::create_dir_all(&measure_dir).map_err(|source| Error::io("create folder", &measure_dir, source))?;
        if self.isolation.tests_run_as_other_user() {
            crate::sandbox::set_mode(&measure_dir, 0o1777)?;
        }
        // Without a runner copy (it could not be made), each test gets a sandbox of its own.
        let installed = self.test_runner.as_deref().and_then(|exe| match crate::runner::install(exe, staged.root()) {
            Ok(path) => Some(path),
            Err(err) => {
                crate::trace(|| format!("no test runner ({err}); one sandbox per test"));
                None
            }
        });
        let runner = installed.as_deref();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(self.options.jobs.unwrap_or(0))
            .build()
            .map_err(|err| Error::Spawn { program: "test thread pool".into(), source: std::io::Error::other(err) })?;
        let results: Mutex<TestResults> = Mutex::new(BTreeMap::new());
        let failure: Mutex<Option<Error>> = Mutex::new(None);
        let mut started: BTreeSet<String> = BTreeSet::new();
        let lanes = pool.current_num_threads().max(1);
        let build = pool.in_place_scope(|scope| {
            let mut on_binary = |built: &BuiltTests| {
                let fresh: Vec<TestGroupMember> = built
                    .iter()
                    .filter_map(|(id, binary)| {
                        let exercise =
                            entries.iter().map(|(exercise, _)| *exercise).find(|exercise| exercise.id == *id)?;
                        let staged_exercise = staged.exercises.iter().find(|staged| staged.id == *id)?;
                        started.insert(id.clone()).then(|| (exercise, staged_exercise, binary.clone()))
                    })
                    .collect();
                if fresh.is_empty() {
                    return;
                }
                // One group of exercises per lane, each run through one test runner.
                let per_lane = fresh.len().div_ceil(lanes);
                for group in fresh.chunks(per_lane) {
                    let (group, measure_dir, results, failure) = (group.to_vec(), &measure_dir, &results, &failure);
                    scope.spawn(move |_| match self.test_group(&group, &staged.jail, measure_dir, runner) {
                        Ok(runs) => lock(results).extend(runs),
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
        for (exercise, _) in entries {
            if let Some(exercise_build) = build.exercises.get(&exercise.id) {
                let runs = results.entry(exercise.id.clone()).or_default();
                let evaluated = checks::evaluate(exercise, exercise_build, runs);
                runs.extend(evaluated);
            }
        }
        Ok((build, results))
    }

    /// Runs the tests of exercises that share one test binary: each test in its own process,
    /// all of them through one test runner when there is one. Results by exercise, then test.
    fn test_group(
        &self,
        group: &[TestGroupMember],
        jail: &Jail,
        measure_dir: &Path,
        runner: Option<&Path>,
    ) -> Result<TestResults, Error> {
        let mut results: TestResults = BTreeMap::new();
        let mut jobs = Vec::new();
        let mut owners = Vec::new();
        for (exercise, staged_exercise, binary) in group {
            results.insert(exercise.id.clone(), BTreeMap::new());
            let timeout = self.options.test_timeout.unwrap_or(Duration::from_secs(exercise.meta.test_timeout_secs));
            for (index, test) in exercise.tests.iter().filter(|test| test.kind == TestKind::Test).enumerate() {
                jobs.push(TestJob {
                    binary: binary.path.clone(),
                    crate_dir: staged_exercise.crate_dir.clone(),
                    name: format!("{}{}", binary.prefix, test.name),
                    timeout,
                    measure_file: measure_dir.join(format!("{}-{index}", exercise.id)),
                });
                owners.push((exercise.id.clone(), test.name.clone(), binary.prefix.as_str()));
            }
        }
        let outcomes = run::run_binary(&jobs, jail, &self.toolchain, runner)?;
        for ((id, name, prefix), outcome) in owners.into_iter().zip(outcomes) {
            results.entry(id).or_default().insert(name, outcome.as_if_own_binary(prefix));
        }
        Ok(results)
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
}
