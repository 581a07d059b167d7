//! The build step: `cargo build --keep-going --message-format=json` over every staged exercise
//! (the libraries and test binaries, as `cargo test --no-run` would build them, but going on past
//! crates that fail), then per exercise: did it compile, which test binary holds its tests, the
//! must-not-compile snippets' fate, and every compiler error and clippy lint in the candidate's
//! own paths. The main type is [`BuildOutcome`], one [`ExerciseBuild`] per staged exercise.

mod cargo;
mod diagnostics;
mod messages;
mod passes;
mod symbols;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use cargo::{Cargo, CargoRun, CargoRunner};
pub use diagnostics::{CompileError, LintFinding};
pub use messages::CargoMessage;
pub use symbols::{harness_references, Reference};

use crate::error::Error;
use crate::process::Toolchain;
use crate::stage::StagedWorkspace;

/// A test binary holding an exercise's tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestBinary {
    pub path: PathBuf,
    /// What the exercise's test names start with in it: `""` in its own binary,
    /// `ex_<crate>::` in the combined one.
    pub prefix: String,
}

/// The exercises a freshly built test binary holds: `(index in the staged workspace, binary)`.
pub type BuiltTests = [(usize, TestBinary)];

/// What the build announces the moment it is built.
#[derive(Debug, Clone, Copy)]
pub enum Built<'a> {
    /// A test binary of exercises' tests.
    Tests(&'a BuiltTests),
    /// A combined binary of the candidate's own tests (`grader_candidate_all`, or with `chaff`
    /// `grader_chaff_all`), for every exercise whose candidate tests are combined.
    CandidateTests { chaff: bool, binary: &'a Path },
}

/// The build outcome of one exercise.
#[derive(Debug, Clone, Default)]
pub struct ExerciseBuild {
    /// The test binary, when the exercise compiled.
    pub test_binary: Option<TestBinary>,
    pub errors: Vec<CompileError>,
    /// Must-not-compile snippets by check name.
    pub compile_fail: BTreeMap<String, SnippetBuild>,
    /// clippy lints in the candidate's files (when the build ran with clippy).
    pub lints: Vec<LintFinding>,
    /// A lint the candidate's own code denies broke the build: build again without clippy.
    pub lint_blocked: bool,
    /// Only the hidden tests failed to compile, and `test_binary` holds the visible tests alone.
    pub visible_only: bool,
    /// The exhaustiveness probes' copies of the crate, by probe index: how each fared.
    pub variants: BTreeMap<usize, SnippetBuild>,
    /// What the exercise's compiled libraries reference that reaches into the test harness
    /// ([`harness_references`]), each once.
    pub references: Vec<Reference>,
    /// The candidate's own tests built against their code, or why not.
    pub candidate_binary: Option<TestBinary>,
    pub candidate_errors: Vec<CompileError>,
    /// The candidate's own tests built against the reference with its chaff, or why not.
    pub chaff_binary: Option<TestBinary>,
    pub chaff_errors: Vec<CompileError>,
}

impl ExerciseBuild {
    /// Whether the exercise failed to build only because of its hidden tests: the candidate's own
    /// code and the visible tests compiled, so a visible-only binary can still be graded.
    pub fn only_hidden_tests_fail(&self) -> bool {
        self.test_binary.is_none() && !self.errors.is_empty() && self.errors.iter().all(CompileError::in_hidden_tests)
    }
}

/// How a must-not-compile snippet fared.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SnippetBuild {
    /// It compiled: the illegal use was accepted.
    pub compiled: bool,
    /// The errors it was rejected with.
    pub errors: Vec<CompileError>,
}

/// The outcome of the whole build: one entry per staged exercise, in the staged order.
#[derive(Debug, Clone, Default)]
pub struct BuildOutcome {
    pub exercises: Vec<ExerciseBuild>,
}

impl BuildOutcome {
    /// Whether some exercise's own lint configuration broke the build under clippy.
    pub fn lint_blocked(&self) -> bool {
        self.exercises.iter().any(|build| build.lint_blocked)
    }
}

/// Limits of the build step.
#[derive(Debug, Clone, Copy)]
pub struct BuildLimits {
    pub timeout: Duration,
    pub output_cap: usize,
}

impl Default for BuildLimits {
    fn default() -> Self {
        BuildLimits { timeout: Duration::from_secs(300), output_cap: 32 * 1024 * 1024 }
    }
}

/// Builds every staged exercise's library and tests into `target_dir`. With `lints` (and clippy
/// installed) the build runs under `clippy-driver`, which compiles exactly as rustc does and also
/// reports those lints, forced to warnings so they never fail a build: one compilation gives both
/// the binaries and the lints.
///
/// The first cargo run builds every library, the combined test binaries, the standalone
/// exercises' own test binaries and the must-not-compile snippets. Only what fails there costs
/// more runs:
/// - a combined binary is rebuilt without the exercises that broke it (a library that does not
///   compile, or tests that do not compile against it), when at least two remain;
/// - the exercises left out build their own test binary, whose errors are the ones reported;
/// - an exercise whose hidden tests alone fail to compile gets a visible-tests-only binary.
///
/// `on_binary(exercises)` is called the moment a test binary is built, with every exercise whose
/// tests it holds, while cargo goes on with the others, so their tests can start running at once.
pub fn build(
    staged: &StagedWorkspace,
    target_dir: &Path,
    toolchain: &Toolchain,
    limits: BuildLimits,
    lints: Option<&[&str]>,
    on_binary: &mut dyn FnMut(Built<'_>),
) -> Result<BuildOutcome, Error> {
    let cargo = Cargo::new(staged, target_dir, toolchain, limits, lints)?;
    passes::build_with(staged, &cargo, limits.timeout.as_secs(), on_binary)
}
