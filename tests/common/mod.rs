//! Helpers the end-to-end test files share (`mod common;` in `e2e.rs`, `cli.rs`, `batch.rs`,
//! `hostile.rs` and `render.rs`): the `grader` command, repository paths, file helpers, and reading what the
//! grader writes as the library's own types ([`Report`], [`Summary`], [`Failure`]). Reading is
//! strict ([`parse_strict`]): the JSON must deserialize, and serializing the value back must give
//! the same JSON, so a renamed, missing or extra field fails loudly instead of reading as `null`
//! or a default. The main function is [`check`].

// Each test file is its own crate and uses only part of this module.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use grader::batch::{Failure, Summary};
use grader::report::{ExerciseReport, ExerciseStatus, Report, TestStatus};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// The `grader` binary under test, with colour off.
pub fn grader() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_grader"));
    // One sealing key for every test (`grader init` makes it, `check` verifies with it), never
    // the user's own.
    command.env("NO_COLOR", "1").env("XDG_CONFIG_HOME", Path::new(env!("CARGO_TARGET_TMPDIR")).join("grader-config"));
    command
}

/// A path in the repository (`tests/fixtures/…`, `exercises/…`).
pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

/// A fixture submission of `tests/fixtures/submissions/`.
pub fn fixture(name: &str) -> PathBuf {
    repo("tests/fixtures/submissions").join(name)
}

/// Runs `command` to its end.
pub fn run(command: &mut Command) -> Output {
    command.output().expect("grader starts")
}

/// Copies every file under `from` into `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap_or_else(|err| panic!("read {}: {err}", from.display())) {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::create_dir_all(to).expect("mkdir");
            std::fs::copy(&path, &target).expect("copy");
        }
    }
}

/// Writes `text` to `path`, creating its folder.
pub fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// `grader check <dir> --format json <args>`: the exit code and the report. Fails the test, with
/// the grader's stderr, when stdout is not a report.
pub fn check(dir: &Path, args: &[&str]) -> (Option<i32>, Report) {
    let output = run(grader().arg("check").arg(dir).args(["--format", "json"]).args(args));
    (output.status.code(), report_from(&output))
}

/// The report a `grader check --format json` printed.
pub fn report_from(output: &Output) -> Report {
    parse_strict(&output.stdout).unwrap_or_else(|err| {
        panic!("no JSON report on stdout: {err}\nstderr:\n{}", String::from_utf8_lossy(&output.stderr))
    })
}

/// Parses `bytes` as a `T`, strictly: serializing the `T` back must give the same JSON, so a field
/// `T` does not know (renamed, added) or a field left out of the JSON (which an `Option` field
/// would silently read as `None`) is an error naming the first place that differs.
pub fn parse_strict<T: DeserializeOwned + Serialize>(bytes: &[u8]) -> Result<T, String> {
    let raw: Value = serde_json::from_slice(bytes).map_err(|err| format!("not JSON: {err}"))?;
    let typed: T = serde_json::from_value(raw.clone())
        .map_err(|err| format!("does not deserialize as {}: {err}", std::any::type_name::<T>()))?;
    let back = serde_json::to_value(&typed).map_err(|err| format!("does not serialize again: {err}"))?;
    match first_difference(&raw, &back, "$") {
        None => Ok(typed),
        Some(difference) => {
            Err(format!("the JSON and {} do not match field for field: {difference}", std::any::type_name::<T>()))
        }
    }
}

/// The first place where `written` (what the grader wrote) and `typed` (the same, read as the
/// library's type and written again) differ.
fn first_difference(written: &Value, typed: &Value, at: &str) -> Option<String> {
    match (written, typed) {
        (Value::Object(written), Value::Object(typed)) => {
            if let Some(key) = written.keys().find(|key| !typed.contains_key(*key)) {
                return Some(format!("{at}.{key} is in the JSON but not in the type (renamed or unknown?)"));
            }
            if let Some(key) = typed.keys().find(|key| !written.contains_key(*key)) {
                return Some(format!("{at}.{key} is in the type but missing from the JSON"));
            }
            written.iter().find_map(|(key, value)| first_difference(value, &typed[key], &format!("{at}.{key}")))
        }
        (Value::Array(written), Value::Array(typed)) if written.len() == typed.len() => written
            .iter()
            .zip(typed)
            .enumerate()
            .find_map(|(index, (written, typed))| first_difference(written, typed, &format!("{at}[{index}]"))),
        (Value::Number(written), Value::Number(typed)) if written.as_f64() == typed.as_f64() => None,
        _ if written == typed => None,
        _ => Some(format!("{at} is {written} in the JSON but {typed} once read")),
    }
}

/// Reads a JSON file the grader wrote, strictly ([`parse_strict`]).
pub fn read_json<T: DeserializeOwned + Serialize>(path: &Path) -> T {
    let bytes = std::fs::read(path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    parse_strict(&bytes).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// A report a batch wrote (`reports/<name>.json`).
pub fn read_report(path: &Path) -> Report {
    read_json(path)
}

/// A batch's `summary.json`.
pub fn read_summary(path: &Path) -> Summary {
    read_json(path)
}

/// Every `failures/<name>.json` of a batch output folder, by file name (none when the folder does
/// not exist).
pub fn read_failures(out: &Path) -> Vec<Failure> {
    let Ok(listing) = std::fs::read_dir(out.join("failures")) else { return Vec::new() };
    let mut paths: Vec<PathBuf> = listing.map(|entry| entry.expect("entry").path()).collect();
    paths.sort();
    paths.iter().map(|path| read_json(path)).collect()
}

/// The exercise `id` of `report`; fails the test, naming the ids there are, when it is not there.
pub fn exercise<'a>(report: &'a Report, id: &str) -> &'a ExerciseReport {
    report.exercises.iter().find(|exercise| exercise.id == id).unwrap_or_else(|| {
        let ids: Vec<&str> = report.exercises.iter().map(|exercise| exercise.id.as_str()).collect();
        panic!("{id} is not in the report of {}; it has {ids:?}", report.submission)
    })
}

/// The status of exercise `id`.
pub fn status(report: &Report, id: &str) -> ExerciseStatus {
    exercise(report, id).status
}

/// Names of the tests of `id` whose status is not `passed`.
pub fn not_passed(report: &Report, id: &str) -> Vec<String> {
    exercise(report, id).tests.iter().filter(|t| t.status != TestStatus::Passed).map(|t| t.name.clone()).collect()
}

/// The ids of the red flags exercise `id` raised.
pub fn red_flags(report: &Report, id: &str) -> Vec<String> {
    exercise(report, id).red_flags.iter().map(|flag| flag.id.clone()).collect()
}

/// A value as pretty JSON, for comparing report parts that have no `PartialEq` (the diff of two
/// such strings is readable).
pub fn pretty<T: Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).expect("serializes")
}

/// An exercise's report as pretty JSON without its tests' times, which vary from run to run:
/// what two gradings of the same code must agree on.
pub fn pretty_grade(exercise: &ExerciseReport) -> String {
    let mut untimed = exercise.clone();
    for test in &mut untimed.tests {
        test.elapsed_ms = None;
    }
    pretty(&untimed)
}
