//! The build step: `cargo build --keep-going --message-format=json` over every staged exercise
//! (the libraries and test binaries, as `cargo test --no-run` would build them, but going on past
//! crates that fail), then per exercise: did it compile, which test binary holds its tests, and
//! every compiler error with its rustc code, message and location in the candidate's paths.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::isolation::Role;
use crate::redflags::LintFinding;
use crate::sandbox::{run_streaming, Captured, Ending, Toolchain};
use crate::stage::{
    combined_group, StagedExercise, StagedWorkspace, COMBINED_PREFIX, COMPILE_FAIL_DIR, COMPILE_FAIL_PREFIX,
    OWN_TARGET, RETRY_PREFIX, TEST_TARGET, VISIBLE_TARGET,
};

/// One compiler error, located in the candidate's own paths (`<id>/src/lib.rs`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompileError {
    /// The rustc error code (`E0499`), when the error has one.
    pub code: Option<String>,
    pub message: String,
    pub file: Option<String>,
    pub line: Option<u32>,
    /// rustc's full rendering, for humans.
    pub rendered: Option<String>,
}

/// A test binary holding an exercise's tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestBinary {
    pub path: PathBuf,
    /// What the exercise's test names start with in it: `""` in its own binary,
    /// `ex_<crate>::` in the combined one.
    pub prefix: String,
}

/// The exercises a freshly built test binary holds: `(exercise id, binary)`.
pub type BuiltTests = [(String, TestBinary)];

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
}

/// How a must-not-compile snippet fared.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SnippetBuild {
    /// It compiled: the illegal use was accepted.
    pub compiled: bool,
    /// The errors it was rejected with.
    pub errors: Vec<CompileError>,
}

/// The outcome of the whole build, by exercise id.
#[derive(Debug, Clone, Default)]
pub struct BuildOutcome {
    pub exercises: BTreeMap<String, ExerciseBuild>,
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

/// Longest `rendered` text kept per error.
const RENDERED_CAP: usize = 4000;

#[derive(Deserialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
enum CargoMessage {
    CompilerMessage {
        manifest_path: PathBuf,
        target: Target,
        message: Diagnostic,
    },
    CompilerArtifact {
        manifest_path: PathBuf,
        target: Target,
        executable: Option<PathBuf>,
    },
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
struct Target {
    name: String,
}

#[derive(Deserialize)]
struct Diagnostic {
    message: String,
    level: String,
    code: Option<DiagnosticCode>,
    #[serde(default)]
    spans: Vec<Span>,
    rendered: Option<String>,
}

#[derive(Deserialize)]
struct DiagnosticCode {
    code: String,
}

#[derive(Deserialize)]
struct Span {
    file_name: String,
    line_start: u32,
    is_primary: bool,
}

/// clippy's configuration for the lint run: lints on exported items are wanted (most exercise code
/// is `pub fn`).
const CLIPPY_TOML: &str = "avoid-breaking-exported-api = false\n";
/// The separator clippy-driver expects between the arguments in `CLIPPY_ARGS`.
const CLIPPY_ARGS_SEPARATOR: &str = "__CLIPPY_HACKERY__";

/// Builds every staged exercise's library and tests. With `lint` (and clippy installed) the build
/// runs under `clippy-driver`, which compiles exactly as rustc does and also reports the red-flag
/// lints, forced to warnings so they never fail a build: one compilation gives both the binaries
/// and the lints.
///
/// The first cargo run builds every library, the combined test binary, the standalone exercises'
/// own test binaries and the must-not-compile snippets. Only what fails there costs more runs:
/// - the combined binary is rebuilt without the exercises that broke it (a library that does not
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
    lint: bool,
    on_binary: &mut dyn FnMut(&BuiltTests),
) -> Result<BuildOutcome, Error> {
    let mut outcome = BuildOutcome::default();
    if staged.exercises.is_empty() {
        return Ok(outcome);
    }
    for staged_exercise in &staged.exercises {
        outcome.exercises.insert(staged_exercise.id.clone(), ExerciseBuild::default());
    }
    let cargo = Cargo::new(staged, target_dir, toolchain, limits, lint)?;
    let mut recorder = Recorder { staged, outcome: &mut outcome, on_binary, libraries: BTreeSet::new() };

    // 1. Everything at once.
    let mut args = vec!["--workspace".to_owned(), "--lib".to_owned()];
    if staged.standalone().next().is_some() {
        args.extend(["--test".to_owned(), TEST_TARGET.to_owned()]);
    }
    let groups = staged.combined_groups();
    if groups > 0 {
        args.extend(["--test".to_owned(), format!("{COMBINED_PREFIX}*")]);
    }
    if staged.has_compile_fail_checks() {
        args.extend(["--test".to_owned(), format!("{COMPILE_FAIL_PREFIX}*")]);
    }
    let mut combined: Vec<CombinedBuild> = (0..groups)
        .map(|group| CombinedBuild::new(&staged.combined(group).map(|staged| staged.id.as_str()).collect::<Vec<_>>()))
        .collect();
    let first = cargo.run(&args, &mut |message| recorder.first_pass(message, &mut combined))?;
    let mut timed_out = first.ending == Ending::TimedOut;

    // 2. Each combined binary that failed, again without what broke it, while that leaves two.
    let mut own: Vec<&str> = Vec::new();
    if !timed_out {
        for build in &mut combined {
            build.members.retain(|id| recorder.libraries.contains(*id));
        }
        for _ in 0..COMBINED_RETRIES {
            let mut retries = Vec::new();
            for (group, build) in combined.iter_mut().enumerate().filter(|(_, build)| !build.built) {
                let (kept, implicated): (Vec<&str>, Vec<&str>) =
                    build.members.iter().partition(|id| !build.implicated.contains(**id));
                own.extend(implicated);
                // Nothing left out means nothing to learn from another try.
                let shrunk = kept.len() < build.attempted;
                if kept.len() < 2 || build.unattributed || !shrunk {
                    own.extend(kept);
                    *build = CombinedBuild::settled();
                    continue;
                }
                staged.write_combined_retry(group, &kept)?;
                *build = CombinedBuild::new(&kept);
                retries.extend(["-p".to_owned(), format!("{RETRY_PREFIX}{group}")]);
            }
            if retries.is_empty() {
                break;
            }
            retries.extend(["--test".to_owned(), format!("{RETRY_PREFIX}*")]);
            let run = cargo.run(&retries, &mut |message| recorder.combined(message, &mut combined))?;
            if run.ending == Ending::TimedOut {
                timed_out = true;
                break;
            }
        }
        for build in combined.iter().filter(|build| !build.built) {
            own.extend(&build.members);
        }
    }

    // 3. Their own test binaries, for the combined exercises left without one.
    if !own.is_empty() && !timed_out {
        let mut args = vec!["--test".to_owned(), OWN_TARGET.to_owned()];
        for staged_exercise in staged.exercises.iter().filter(|staged| own.contains(&staged.id.as_str())) {
            args.extend(["-p".to_owned(), staged_exercise.crate_name.clone()]);
        }
        let third = cargo.run(&args, &mut |message| recorder.own_pass(message))?;
        timed_out = third.ending == Ending::TimedOut;
    }

    // 4. Visible tests alone, where only the hidden tests failed to compile.
    let fallback: Vec<&StagedExercise> = staged
        .exercises
        .iter()
        .filter(|staged_exercise| {
            recorder
                .outcome
                .exercises
                .get(&staged_exercise.id)
                .is_some_and(|build| only_hidden_tests_fail(build, &staged_exercise.id))
        })
        .collect();
    if !fallback.is_empty() && !timed_out {
        let mut args = vec!["--test".to_owned(), VISIBLE_TARGET.to_owned()];
        for staged_exercise in &fallback {
            args.extend(["-p".to_owned(), staged_exercise.crate_name.clone()]);
        }
        // Only the binary matters here: the errors were recorded before.
        cargo.run(&args, &mut |message| recorder.artifact_only(message))?;
    }

    // An exercise that neither compiled nor produced an error was stopped by something else (a
    // timeout, a broken manifest): say so rather than leave it blank.
    let stderr = String::from_utf8_lossy(&first.stderr);
    for build in outcome.exercises.values_mut() {
        if build.test_binary.is_none() && build.errors.is_empty() {
            let message = if timed_out {
                format!("the build timed out after {} s", limits.timeout.as_secs())
            } else {
                format!("cargo did not build it: {}", tail(&stderr, 1500))
            };
            build.errors.push(CompileError { code: None, message, file: None, line: None, rendered: None });
        }
    }
    Ok(outcome)
}

/// Runs cargo builds in the staged workspace, within one shared time budget.
struct Cargo<'a> {
    staged: &'a StagedWorkspace,
    target_dir: &'a Path,
    toolchain: &'a Toolchain,
    limits: BuildLimits,
    /// `CLIPPY_ARGS` and `CLIPPY_CONF_DIR` for clippy-driver, when linting.
    clippy: Option<(PathBuf, String, PathBuf)>,
    deadline: Instant,
}

impl<'a> Cargo<'a> {
    fn new(
        staged: &'a StagedWorkspace,
        target_dir: &'a Path,
        toolchain: &'a Toolchain,
        limits: BuildLimits,
        lint: bool,
    ) -> Result<Self, Error> {
        let mut clippy = None;
        if let (true, Some(driver)) = (lint, &toolchain.clippy_driver) {
            let conf_dir = staged.root().join("clippy-conf");
            let mut conf = crate::filetree::FileTree::new();
            conf.insert("clippy.toml", CLIPPY_TOML);
            conf.write_to(&conf_dir)?;
            let mut args = vec!["-A".to_owned(), "clippy::all".to_owned()];
            for lint in crate::redflags::catalog::all_lints() {
                args.extend(["--force-warn".to_owned(), lint.to_owned()]);
            }
            let mut clippy_args = args.join(CLIPPY_ARGS_SEPARATOR);
            clippy_args.push_str(CLIPPY_ARGS_SEPARATOR);
            clippy = Some((driver.clone(), clippy_args, conf_dir));
        }
        let deadline = Instant::now() + limits.timeout;
        Ok(Cargo { staged, target_dir, toolchain, limits, clippy, deadline })
    }

    /// `cargo build --keep-going --offline --message-format=json <args>`, each JSON message to
    /// `on_message`.
    fn run(&self, args: &[String], on_message: &mut dyn FnMut(CargoMessage)) -> Result<Captured, Error> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        let mut command =
            self.staged.jail.command(self.toolchain, Role::Build { timeout: left }, &self.toolchain.cargo);
        if let Some((driver, clippy_args, conf_dir)) = &self.clippy {
            command
                .env("RUSTC_WORKSPACE_WRAPPER", driver)
                .env("CLIPPY_ARGS", clippy_args)
                .env("CLIPPY_CONF_DIR", conf_dir);
        }
        command
            .current_dir(&self.staged.workspace)
            .env("CARGO_TARGET_DIR", self.target_dir)
            .args(["build", "--keep-going", "--offline", "--message-format=json"])
            .args(args);
        let mut on_line = |line: &[u8]| {
            if let Ok(message) = serde_json::from_slice::<CargoMessage>(line) {
                on_message(message);
            }
        };
        let captured = run_streaming(command, left, self.limits.output_cap, &mut on_line)?;
        crate::trace(|| format!("cargo build {} finished in {:.2} s", args.join(" "), captured.elapsed.as_secs_f64()));
        Ok(captured)
    }
}

/// How many times the combined binary is rebuilt without the exercises that broke it.
const COMBINED_RETRIES: usize = 2;

/// What became of one combined test crate.
struct CombinedBuild<'a> {
    /// The exercises whose tests it holds (less, after the build, those whose library failed).
    members: Vec<&'a str>,
    /// How many exercises the crate was built with.
    attempted: usize,
    built: bool,
    /// Exercises whose test modules had errors in it.
    implicated: BTreeSet<String>,
    /// It had an error in no exercise's tests (a clash between libraries, say).
    unattributed: bool,
}

impl<'a> CombinedBuild<'a> {
    fn new(members: &[&'a str]) -> Self {
        CombinedBuild {
            members: members.to_vec(),
            attempted: members.len(),
            built: false,
            implicated: BTreeSet::new(),
            unattributed: false,
        }
    }

    /// A crate given up on: its members went to their own binaries.
    fn settled() -> Self {
        CombinedBuild { built: true, ..CombinedBuild::new(&[]) }
    }
}

/// Turns cargo's messages into the build outcome, and announces test binaries.
struct Recorder<'a, 'b> {
    staged: &'a StagedWorkspace,
    outcome: &'a mut BuildOutcome,
    on_binary: &'b mut dyn FnMut(&BuiltTests),
    /// Exercises whose library compiled.
    libraries: BTreeSet<String>,
}

impl Recorder<'_, '_> {
    /// The first run: everything is recorded.
    fn first_pass(&mut self, message: CargoMessage, combined: &mut [CombinedBuild]) {
        if is_combined(&message) {
            self.combined(message, combined);
        } else {
            self.record(message);
        }
    }

    /// A combined crate's messages: its binary serves all its members; its errors only say which
    /// members to leave out (their own build reports the errors).
    fn combined(&mut self, message: CargoMessage, builds: &mut [CombinedBuild]) {
        let target = match &message {
            CargoMessage::CompilerMessage { target, .. } | CargoMessage::CompilerArtifact { target, .. } => target,
            CargoMessage::Other => return,
        };
        let Some(combined) = combined_group(&target.name).and_then(|group| builds.get_mut(group)) else { return };
        match message {
            CargoMessage::CompilerArtifact { executable: Some(binary), .. } => {
                combined.built = true;
                let mut built = Vec::new();
                for id in &combined.members {
                    let Some(staged_exercise) = self.staged.exercises.iter().find(|staged| staged.id == *id) else {
                        continue;
                    };
                    let test_binary =
                        TestBinary { path: binary.clone(), prefix: format!("{}::", staged_exercise.combined_module()) };
                    if let Some(build) = self.outcome.exercises.get_mut(*id) {
                        build.test_binary = Some(test_binary.clone());
                        build.visible_only = false;
                    }
                    built.push((staged_exercise.id.clone(), test_binary));
                }
                (self.on_binary)(&built);
            }
            CargoMessage::CompilerMessage { message, .. } if is_error(&message) => {
                match message
                    .spans
                    .iter()
                    .find(|span| span.is_primary)
                    .and_then(|span| self.test_owner(&span.file_name))
                {
                    Some(id) => {
                        combined.implicated.insert(id);
                    }
                    None => combined.unattributed = true,
                }
            }
            _ => {}
        }
    }

    /// The run of combined exercises' own binaries: the errors of those targets (the libraries'
    /// messages were recorded in the first run, and cargo replays their warnings).
    fn own_pass(&mut self, message: CargoMessage) {
        let own_target = match &message {
            CargoMessage::CompilerMessage { target, .. } | CargoMessage::CompilerArtifact { target, .. } => {
                target.name == OWN_TARGET
            }
            CargoMessage::Other => false,
        };
        if own_target {
            self.record(message);
        }
    }

    /// Binaries only.
    fn artifact_only(&mut self, message: CargoMessage) {
        if let CargoMessage::CompilerArtifact { .. } = message {
            self.record(message);
        }
    }

    /// The exercise whose staged test module `file_name` (as rustc names it) is.
    fn test_owner(&self, file_name: &str) -> Option<String> {
        let parts: Vec<&str> = Path::new(file_name).iter().filter_map(|part| part.to_str()).collect();
        parts.windows(2).find(|pair| pair[1] == TEST_TARGET).and_then(|pair| {
            self.staged.exercises.iter().find(|staged| staged.id == pair[0]).map(|staged| staged.id.clone())
        })
    }

    /// Records one message of an exercise's own targets; announces a freshly built test binary.
    fn record(&mut self, message: CargoMessage) {
        let staged = self.staged;
        match message {
            CargoMessage::CompilerMessage { manifest_path, target, message } => {
                let Some(exercise) = staged.owner_of(&manifest_path) else { return };
                let Some(build) = self.outcome.exercises.get_mut(&exercise.id) else { return };
                if let Some(lint) = to_lint_finding(&message, exercise) {
                    build.lint_blocked |= message.level == "error";
                    build.lints.push(lint);
                    return;
                }
                let Some(error) = to_compile_error(message, exercise) else { return };
                match target.name.strip_prefix(COMPILE_FAIL_PREFIX) {
                    Some(check) => build.compile_fail.entry(check.to_owned()).or_default().errors.push(error),
                    None => build.errors.push(error),
                }
            }
            CargoMessage::CompilerArtifact { manifest_path, target, executable } => {
                let Some(exercise) = staged.owner_of(&manifest_path) else { return };
                let Some(build) = self.outcome.exercises.get_mut(&exercise.id) else { return };
                if let Some(check) = target.name.strip_prefix(COMPILE_FAIL_PREFIX) {
                    build.compile_fail.entry(check.to_owned()).or_default().compiled = true;
                } else if [TEST_TARGET, OWN_TARGET, VISIBLE_TARGET].contains(&target.name.as_str()) {
                    if let Some(path) = executable {
                        build.visible_only = target.name == VISIBLE_TARGET;
                        let test_binary = TestBinary { path, prefix: String::new() };
                        build.test_binary = Some(test_binary.clone());
                        (self.on_binary)(&[(exercise.id.clone(), test_binary)]);
                    }
                } else if target.name == exercise.crate_name {
                    self.libraries.insert(exercise.id.clone());
                }
            }
            CargoMessage::Other => {}
        }
    }
}

/// Whether a message is about a combined test crate (or its retry).
fn is_combined(message: &CargoMessage) -> bool {
    match message {
        CargoMessage::CompilerMessage { target, .. } | CargoMessage::CompilerArtifact { target, .. } => {
            combined_group(&target.name).is_some()
        }
        CargoMessage::Other => false,
    }
}

fn is_error(diagnostic: &Diagnostic) -> bool {
    diagnostic.level == "error" && !diagnostic.message.starts_with("aborting due to")
}

/// Whether an exercise failed to build only because of its hidden tests: the candidate's own
/// code and the visible tests compiled, so a visible-only binary can still be graded.
fn only_hidden_tests_fail(build: &ExerciseBuild, id: &str) -> bool {
    let hidden = format!("{id}/hidden tests (");
    build.test_binary.is_none()
        && !build.errors.is_empty()
        && build.errors.iter().all(|error| error.file.as_deref().is_some_and(|file| file.starts_with(&hidden)))
}

/// A clippy lint in one of the candidate's own files (not the grader's test modules).
fn to_lint_finding(diagnostic: &Diagnostic, exercise: &StagedExercise) -> Option<LintFinding> {
    let lint = diagnostic.code.as_ref().map(|code| code.code.as_str()).filter(|code| code.starts_with("clippy::"))?;
    let span = diagnostic.spans.iter().find(|span| span.is_primary)?;
    let file = span.file_name.strip_prefix(&format!("{}/", exercise.id))?;
    if file.starts_with(TEST_TARGET) || file.starts_with(COMPILE_FAIL_DIR) {
        return None;
    }
    Some(LintFinding {
        lint: lint.to_owned(),
        file: file.to_owned(),
        line: span.line_start,
        message: diagnostic.message.clone(),
    })
}

fn to_compile_error(diagnostic: Diagnostic, exercise: &StagedExercise) -> Option<CompileError> {
    if !is_error(&diagnostic) {
        return None;
    }
    let span = diagnostic.spans.iter().find(|span| span.is_primary).or(diagnostic.spans.first());
    let file = span.map(|span| candidate_path(&span.file_name, exercise));
    let rendered = diagnostic.rendered.map(|text| {
        let mut text = text;
        if text.len() > RENDERED_CAP {
            let cut = (0..=RENDERED_CAP).rev().find(|&index| text.is_char_boundary(index)).unwrap_or(0);
            text.truncate(cut);
            text.push_str("\n[…cut]");
        }
        text
    });
    Some(CompileError {
        code: diagnostic.code.map(|code| code.code),
        message: diagnostic.message,
        file,
        line: span.map(|span| span.line_start),
        rendered,
    })
}

/// Maps a path rustc reports (relative to the staged workspace) to what the candidate knows:
/// `<id>/src/lib.rs` stays as it is, staged test modules become `<id>/tests/<stem>.rs` or
/// `<id>/hidden tests (<stem>.rs)`, snippets `<id>/hidden check (<name>.rs)`.
fn candidate_path(file_name: &str, exercise: &StagedExercise) -> String {
    let prefix = format!("{}/{TEST_TARGET}/", exercise.id);
    let snippets = format!("{}/{COMPILE_FAIL_DIR}/", exercise.id);
    if let Some(name) = file_name.strip_prefix(&snippets) {
        return format!("{}/hidden check ({name})", exercise.id);
    }
    match file_name.strip_prefix(&prefix).and_then(|rest| rest.strip_suffix(".rs")) {
        Some(stem) if exercise.hidden_modules.iter().any(|hidden| hidden == stem) => {
            format!("{}/hidden tests ({stem}.rs)", exercise.id)
        }
        Some(stem) => format!("{}/tests/{stem}.rs", exercise.id),
        None => file_name.to_owned(),
    }
}

fn tail(text: &str, max: usize) -> &str {
    let text = text.trim();
    let start = text.len().saturating_sub(max);
    let start = (start..text.len()).find(|&index| text.is_char_boundary(index)).unwrap_or(text.len());
    &text[start..]
}
