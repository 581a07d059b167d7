//! The build step: one `cargo build --keep-going --test grader_tests --message-format=json` over
//! every staged exercise (the test binaries, as `cargo test --no-run` would build them, but going
//! on past crates that fail), then per exercise: did it compile, where is its test binary,
//! and every compiler error with its rustc code, message and location in the candidate's paths.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::sandbox::{run_captured, Ending, Toolchain};
use crate::stage::{StagedExercise, StagedWorkspace, COMPILE_FAIL_DIR, COMPILE_FAIL_PREFIX, TEST_TARGET};

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
    pub elapsed: Duration,
}

/// Limits of the build step.
#[derive(Debug, Clone, Copy)]
pub struct BuildLimits {
    pub timeout: Duration,
    pub output_cap: usize,
}

impl Default for BuildLimits {
    fn default() -> Self {
        BuildLimits { timeout: Duration::from_secs(600), output_cap: 32 * 1024 * 1024 }
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

/// Builds every staged exercise's test binary in one cargo invocation.
pub fn build(staged: &StagedWorkspace, toolchain: &Toolchain, limits: BuildLimits) -> Result<BuildOutcome, Error> {
    let mut outcome = BuildOutcome::default();
    if staged.exercises.is_empty() {
        return Ok(outcome);
    }
    let mut command = staged.jail.command(toolchain, &toolchain.cargo);
    command
        .current_dir(&staged.workspace)
        .env("CARGO_TARGET_DIR", &staged.target_dir)
        .args(["build", "--workspace", "--keep-going", "--offline", "--message-format=json"])
        .args(["--test", TEST_TARGET]);
    if staged.has_compile_fail_checks() {
        command.args(["--test", &format!("{COMPILE_FAIL_PREFIX}*")]);
    }
    let captured = run_captured(command, limits.timeout, limits.output_cap)?;
    outcome.elapsed = captured.elapsed;
    for staged_exercise in &staged.exercises {
        outcome.exercises.insert(staged_exercise.id.clone(), ExerciseBuild::default());
    }
    for line in captured.stdout.split(|&byte| byte == b'\n') {
        let Ok(message) = serde_json::from_slice::<CargoMessage>(line) else { continue };
        match message {
            CargoMessage::CompilerMessage { manifest_path, target, message } => {
                let Some(exercise) = owner(staged, &manifest_path) else { continue };
                let (Some(error), Some(build)) =
                    (to_compile_error(message, exercise), outcome.exercises.get_mut(&exercise.id))
                else {
                    continue;
                };
                match target.name.strip_prefix(COMPILE_FAIL_PREFIX) {
                    Some(check) => build.compile_fail.entry(check.to_owned()).or_default().errors.push(error),
                    None => build.errors.push(error),
                }
            }
            CargoMessage::CompilerArtifact { manifest_path, target, executable } => {
                let Some(exercise) = owner(staged, &manifest_path) else { continue };
                let Some(build) = outcome.exercises.get_mut(&exercise.id) else { continue };
                if let Some(check) = target.name.strip_prefix(COMPILE_FAIL_PREFIX) {
                    build.compile_fail.entry(check.to_owned()).or_default().compiled = true;
                } else if target.name == TEST_TARGET {
                    build.test_binary = executable;
                }
            }
            CargoMessage::Other => {}
        }
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

fn owner<'a>(staged: &'a StagedWorkspace, manifest_path: &Path) -> Option<&'a StagedExercise> {
    staged.owner_of(manifest_path)
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
