//! Drives the pipeline for one submission: intake's files → stage → build → run (with checks) →
//! inspect → score → report, one `Record` per exercise carried through the steps, and
//! a content-addressed [`Cache`] of graded exercises. The main type is [`Grader`], made by a
//! [`GraderBuilder`].

mod cache;
mod candidate;
mod pipeline;

use std::path::PathBuf;
use std::time::Duration;

pub use cache::{Cache, KeyContext};

use crate::build::BuildLimits;
use crate::error::Error;
use crate::exercise::ExerciseSet;
use crate::process::{Choice, Isolation, Toolchain};
use crate::score::Rubric;

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

/// An exercise set, a rubric that fits it, the toolchain and the isolation: everything needed to
/// grade. Made by [`Grader::builder`].
#[derive(Debug, Clone)]
pub struct Grader {
    set: ExerciseSet,
    rubric: Rubric,
    toolchain: Toolchain,
    options: GradeOptions,
    isolation: Isolation,
    cache: Option<Cache>,
    test_runner: Option<PathBuf>,
}

/// Builds a [`Grader`]: the set and rubric are required; options, a cache and the test runner
/// are not.
#[derive(Debug, Clone)]
pub struct GraderBuilder {
    set: ExerciseSet,
    rubric: Rubric,
    options: GradeOptions,
    cache: Option<Cache>,
    test_runner: Option<PathBuf>,
}

impl GraderBuilder {
    /// Grading settings (default: [`GradeOptions::default`]).
    pub fn options(mut self, options: GradeOptions) -> Self {
        self.options = options;
        self
    }

    /// Caches graded exercises in `cache` (default: none, everything graded afresh).
    pub fn cache(mut self, cache: Cache) -> Self {
        self.cache = Some(cache);
        self
    }

    /// The grader's own executable, which runs the tests of a group of exercises as one test
    /// runner process (`grader __run-tests`, see [`crate::run`]). Without one, each test runs in
    /// a sandbox of its own.
    pub fn test_runner(mut self, executable: PathBuf) -> Self {
        self.test_runner = Some(executable);
        self
    }

    /// Checks the rubric against the set, finds the toolchain and decides the isolation.
    pub fn build(self) -> Result<Grader, Error> {
        self.rubric.check_against(&self.set)?;
        let toolchain = Toolchain::detect()?;
        let isolation = Isolation::detect(self.options.sandbox, toolchain.sysroot())?;
        Ok(Grader {
            set: self.set,
            rubric: self.rubric,
            toolchain,
            options: self.options,
            isolation,
            cache: self.cache,
            test_runner: self.test_runner,
        })
    }
}

impl Grader {
    /// A builder for a grader of `set` under `rubric`.
    pub fn builder(set: ExerciseSet, rubric: Rubric) -> GraderBuilder {
        GraderBuilder { set, rubric, options: GradeOptions::default(), cache: None, test_runner: None }
    }

    /// The exercise set it grades against.
    pub fn set(&self) -> &ExerciseSet {
        &self.set
    }

    /// The rubric it scores with.
    pub fn rubric(&self) -> &Rubric {
        &self.rubric
    }

    /// The toolchain that builds submissions.
    pub fn toolchain(&self) -> &Toolchain {
        &self.toolchain
    }

    /// The isolation candidate code runs under.
    pub fn isolation(&self) -> &Isolation {
        &self.isolation
    }

    /// Its settings.
    pub fn options(&self) -> &GradeOptions {
        &self.options
    }
}
