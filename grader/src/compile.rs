//! The build step: one `cargo build --keep-going --test grader_tests --message-format=json` over
//! every staged exercise (the test binaries, as `cargo test --no-run` would build them, but going
//! on past crates that fail), then per exercise: did it compile, where is its test binary,
//! and every compiler error with its rustc code, message and location in the candidate's paths.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::isolation::Role;
use crate::redflags::LintFinding;
use crate::sandbox::{run_streaming, Ending, Toolchain};
use crate::stage::{
    StagedExercise, StagedWorkspace, COMPILE_FAIL_DIR, COMPILE_FAIL_PREFIX, TEST_TARGET, VISIBLE_TARGET,
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

/// The build outcome of one exercise.
#[derive(Debug, Clone, Default)]
pub struct ExerciseBuild {
    /// The test binary, when the exercise compiled.
    pub test_binary: Option<PathBuf>,
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

/// Builds every staged exercise's test binary in one cargo invocation. With `lint` (and clippy
/// installed) the build runs under `clippy-driver`, which compiles exactly as rustc does and
/// also reports the red-flag lints, forced to warnings so they never fail a build: one
/// compilation gives both the binaries and the lints.
///
/// `on_binary(exercise id, test binary)` is called the moment an exercise's test binary is built,
/// while cargo goes on with the others, so its tests can start running at once.
pub fn build(
    staged: &StagedWorkspace,
    target_dir: &Path,
    toolchain: &Toolchain,
    limits: BuildLimits,
    lint: bool,
    on_binary: &mut dyn FnMut(&str, &Path),
) -> Result<BuildOutcome, Error> {
    let mut outcome = BuildOutcome::default();
    if staged.exercises.is_empty() {
        return Ok(outcome);
    }
    let mut command = staged.jail.command(toolchain, Role::Build { timeout: limits.timeout }, &toolchain.cargo);
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
        command.env("RUSTC_WORKSPACE_WRAPPER", driver).env("CLIPPY_ARGS", clippy_args).env("CLIPPY_CONF_DIR", conf_dir);
    }
    command
        .current_dir(&staged.workspace)
        .env("CARGO_TARGET_DIR", target_dir)
        .args(["build", "--workspace", "--keep-going", "--offline", "--message-format=json"])
        .args(["--test", TEST_TARGET]);
    if staged.has_compile_fail_checks() {
        command.args(["--test", &format!("{COMPILE_FAIL_PREFIX}*")]);
    }
    for staged_exercise in &staged.exercises {
        outcome.exercises.insert(staged_exercise.id.clone(), ExerciseBuild::default());
    }
    let mut on_line = |line: &[u8]| {
        let Ok(message) = serde_json::from_slice::<CargoMessage>(line) else { return };
        if let Some((id, binary)) = record(staged, &mut outcome, message) {
            on_binary(&id, &binary);
        }
    };
    let captured = run_streaming(command, limits.timeout, limits.output_cap, &mut on_line)?;
    if std::env::var_os("GRADER_TRACE").is_some() {
        eprintln!("grader: cargo build finished in {:.2} s", captured.elapsed.as_secs_f64());
    }
    let fallback: Vec<&StagedExercise> = staged
        .exercises
        .iter()
        .filter(|staged_exercise| {
            outcome
                .exercises
                .get(&staged_exercise.id)
                .is_some_and(|build| only_hidden_tests_fail(build, &staged_exercise.id))
        })
        .collect();
    if !fallback.is_empty() && captured.ending != Ending::TimedOut {
        let left = limits.timeout.saturating_sub(captured.elapsed);
        let mut command = staged.jail.command(toolchain, Role::Build { timeout: left }, &toolchain.cargo);
        command.current_dir(&staged.workspace).env("CARGO_TARGET_DIR", target_dir).args([
            "build",
            "--keep-going",
            "--offline",
            "--message-format=json",
            "--test",
            VISIBLE_TARGET,
        ]);
        for staged_exercise in &fallback {
            command.args(["-p", &staged_exercise.id.replace('-', "_")]);
        }
        let mut on_line = |line: &[u8]| {
            let Ok(message) = serde_json::from_slice::<CargoMessage>(line) else { return };
            // Only the binary matters here: the errors were recorded by the first build.
            if let CargoMessage::CompilerArtifact { .. } = message {
                if let Some((id, binary)) = record(staged, &mut outcome, message) {
                    on_binary(&id, &binary);
                }
            }
        };
        run_streaming(command, left, limits.output_cap, &mut on_line)?;
    }
    // An exercise that neither compiled nor produced an error was stopped by something else (a
    // timeout, a broken manifest): say so rather than leave it blank.
    let stderr = String::from_utf8_lossy(&captured.stderr);
    for build in outcome.exercises.values_mut() {
        if build.test_binary.is_none() && build.errors.is_empty() {
            let message = match captured.ending {
                Ending::TimedOut => format!("the build timed out after {} s", limits.timeout.as_secs()),
                _ => format!("cargo did not build it: {}", tail(&stderr, 1500)),
            };
            build.errors.push(CompileError { code: None, message, file: None, line: None, rendered: None });
        }
    }
    Ok(outcome)
}

/// Whether an exercise failed to build only because of its hidden tests: the candidate's own
/// code and the visible tests compiled, so a visible-only binary can still be graded.
fn only_hidden_tests_fail(build: &ExerciseBuild, id: &str) -> bool {
    let hidden = format!("{id}/hidden tests (");
    build.test_binary.is_none()
        && !build.errors.is_empty()
        && build.errors.iter().all(|error| error.file.as_deref().is_some_and(|file| file.starts_with(&hidden)))
}

/// Records one cargo message in `outcome`; returns the exercise and binary when it announces a
/// freshly built test binary.
fn record(staged: &StagedWorkspace, outcome: &mut BuildOutcome, message: CargoMessage) -> Option<(String, PathBuf)> {
    match message {
        CargoMessage::CompilerMessage { manifest_path, target, message } => {
            let exercise = owner(staged, &manifest_path)?;
            let build = outcome.exercises.get_mut(&exercise.id)?;
            if let Some(lint) = to_lint_finding(&message, exercise) {
                build.lint_blocked |= message.level == "error";
                build.lints.push(lint);
                return None;
            }
            let error = to_compile_error(message, exercise)?;
            match target.name.strip_prefix(COMPILE_FAIL_PREFIX) {
                Some(check) => build.compile_fail.entry(check.to_owned()).or_default().errors.push(error),
                None => build.errors.push(error),
            }
            None
        }
        CargoMessage::CompilerArtifact { manifest_path, target, executable } => {
            let exercise = owner(staged, &manifest_path)?;
            let build = outcome.exercises.get_mut(&exercise.id)?;
            if let Some(check) = target.name.strip_prefix(COMPILE_FAIL_PREFIX) {
                build.compile_fail.entry(check.to_owned()).or_default().compiled = true;
                None
            } else if target.name == TEST_TARGET || target.name == VISIBLE_TARGET {
                build.visible_only = target.name == VISIBLE_TARGET;
                build.test_binary.clone_from(&executable);
                executable.map(|binary| (exercise.id.clone(), binary))
            } else {
                None
            }
        }
        CargoMessage::Other => None,
    }
}

fn owner<'a>(staged: &'a StagedWorkspace, manifest_path: &Path) -> Option<&'a StagedExercise> {
    staged.owner_of(manifest_path)
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
    if diagnostic.level != "error" || diagnostic.message.starts_with("aborting due to") {
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
