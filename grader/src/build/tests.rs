//! Unit tests of the build's passes, replayed from recorded cargo JSON messages: which runs a
//! failing combined crate, a broken library or hidden tests that do not compile lead to. The main
//! type is the fake cargo runner, [`Replay`].
//!
//! The recordings (`testdata/<scenario>.jsonl`) are real cargo output for a real staged
//! workspace, with the staging folder replaced by [`PLACEHOLDER`]: one line
//! `{"reason":"grader-recorded-run","args":[…]}` opens each cargo run, cargo's own lines follow.
//! When the staging layout or the passes' arguments change, record them again with
//! `cargo test -p grader --lib build::tests::record_cargo_messages -- --ignored`.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::cargo::{CargoRun, CargoRunner};
use super::messages::CargoMessage;
use super::passes::build_with;
use super::{BuildOutcome, ExerciseBuild, TestBinary};
use crate::error::Error;
use crate::exercise::{Exercise, ExerciseSet};
use crate::intake::CandidateFiles;
use crate::process::{run_streaming, Choice, Isolation, Role, Toolchain};
use crate::stage::{stage, StagedWorkspace};

/// What stands for the staging folder in the recordings.
const PLACEHOLDER: &str = "@STAGING@";
/// The `reason` of the line that opens each recorded cargo run.
const RUN_REASON: &str = "grader-recorded-run";
/// The build timeout the passes are given (only its message shows it).
const TIMEOUT_SECS: u64 = 7;

/// Which files of an exercise a scenario hands in.
#[derive(Debug, Clone, Copy)]
enum Files {
    /// The reference solution: compiles, every test passes.
    Solution,
    /// The untouched starter.
    Starter,
    /// A fixture submission's folder for the exercise (`tests/fixtures/submissions/<name>`).
    Fixture(&'static str),
}

/// A staged submission whose cargo runs are recorded.
struct Scenario {
    name: &'static str,
    exercises: &'static [(&'static str, Files)],
}

/// Two combined exercises, one with a test binary of its own (it depends on a local crate), and
/// one with a must-not-compile check.
const CLEAN: Scenario = Scenario {
    name: "clean",
    exercises: &[
        ("junior-01-ownership", Files::Solution),
        ("junior-04-string-vs-str", Files::Solution),
        ("junior-07-cargo", Files::Solution),
        ("senior-04-api-design", Files::Solution),
    ],
};

/// junior-02's starter does not compile (E0499); three good exercises share its combined crate.
const BROKEN_LIBRARY: Scenario = Scenario {
    name: "broken_library",
    exercises: &[
        ("junior-01-ownership", Files::Solution),
        ("junior-02-borrowing", Files::Starter),
        ("junior-03-shared-vs-mut", Files::Solution),
        ("junior-04-string-vs-str", Files::Solution),
    ],
};

/// mid-02's library compiles but its hidden tests do not compile against its API.
const HIDDEN_MISMATCH: Scenario = Scenario {
    name: "hidden_mismatch",
    exercises: &[
        ("junior-01-ownership", Files::Solution),
        ("junior-04-string-vs-str", Files::Solution),
        ("mid-02-traits", Files::Fixture("hidden-api-mismatch")),
    ],
};

const SCENARIOS: [&Scenario; 3] = [&CLEAN, &BROKEN_LIBRARY, &HIDDEN_MISMATCH];

fn testdata(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/build/testdata").join(format!("{name}.jsonl"))
}

/// Stages `scenario` in a fresh temporary folder, in one combined group.
fn stage_scenario(scenario: &Scenario) -> StagedWorkspace {
    let set = ExerciseSet::embedded().expect("embedded set");
    let toolchain = Toolchain::detect().expect("toolchain");
    let isolation = Isolation::detect(Choice::Process, toolchain.sysroot()).expect("isolation");
    let entries: Vec<(&Exercise, CandidateFiles)> = scenario
        .exercises
        .iter()
        .map(|(id, files)| {
            let exercise = set.get(id).expect("exercise");
            let files = match files {
                Files::Solution => exercise.solution.clone(),
                Files::Starter => exercise.editable_starter(),
                Files::Fixture(name) => {
                    let mut files = exercise.solution.clone();
                    let folder =
                        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/submissions").join(name).join(id);
                    let lib = std::fs::read(folder.join("src/lib.rs")).expect("fixture src/lib.rs");
                    files.insert("src/lib.rs", lib);
                    files
                }
            };
            (
                exercise,
                CandidateFiles::Present {
                    files,
                    ignored: Vec::new(),
                    tampered: Vec::new(),
                    tests: crate::filetree::FileTree::new(),
                },
            )
        })
        .collect();
    let refs: Vec<(&Exercise, &CandidateFiles)> = entries.iter().map(|(e, c)| (*e, c)).collect();
    stage(&refs, &isolation, 1).expect("staged")
}

fn root_text(staged: &StagedWorkspace) -> String {
    staged.root().to_str().expect("a UTF-8 staging folder").to_owned()
}

/// One recorded cargo run.
#[derive(Debug, Clone)]
struct RecordedRun {
    args: Vec<String>,
    /// cargo's JSON lines, staging folder in place.
    lines: Vec<String>,
}

/// The recorded runs of `scenario`, for the workspace staged at `staged`.
fn recording(scenario: &Scenario, staged: &StagedWorkspace) -> Vec<RecordedRun> {
    let path = testdata(scenario.name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    let root = root_text(staged);
    let mut runs: Vec<RecordedRun> = Vec::new();
    for line in text.lines().filter(|line| !line.trim().is_empty()) {
        let value: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|err| panic!("{}: a line is not JSON: {err}", path.display()));
        if value["reason"] == RUN_REASON {
            let args = serde_json::from_value(value["args"].clone()).expect("the run's arguments");
            runs.push(RecordedRun { args, lines: Vec::new() });
        } else {
            let run = runs.last_mut().unwrap_or_else(|| panic!("{}: a message before any run", path.display()));
            run.lines.push(line.replace(PLACEHOLDER, &root));
        }
    }
    assert!(!runs.is_empty(), "{}: no run recorded", path.display());
    runs
}

/// A fake cargo: replays recorded runs one call after another, and records the arguments of
/// every call. The replayed arguments must be the recorded ones, or the recording no longer
/// shows what the passes do.
struct Replay {
    runs: Vec<RecordedRun>,
    /// The call (0-based) that reports running out of time.
    times_out: Option<usize>,
    calls: RefCell<Vec<Vec<String>>>,
}

impl Replay {
    fn new(runs: Vec<RecordedRun>) -> Replay {
        Replay { runs, times_out: None, calls: RefCell::new(Vec::new()) }
    }

    fn calls(&self) -> Vec<Vec<String>> {
        self.calls.borrow().clone()
    }
}

impl CargoRunner for Replay {
    fn run(&self, args: &[String], on_message: &mut dyn FnMut(CargoMessage)) -> Result<CargoRun, Error> {
        let call = self.calls.borrow().len();
        self.calls.borrow_mut().push(args.to_vec());
        let Some(run) = self.runs.get(call) else {
            panic!("cargo run {} ({args:?}) was never recorded; re-record (see the module doc)", call + 1)
        };
        assert_eq!(args, run.args, "cargo run {} differs from the recording; re-record (see the module doc)", call + 1);
        for line in &run.lines {
            let message = CargoMessage::parse(line.as_bytes()).unwrap_or_else(|| panic!("not a cargo message: {line}"));
            on_message(message);
        }
        Ok(CargoRun { timed_out: self.times_out == Some(call), stderr: String::new() })
    }
}

/// What the passes made of a scenario: the outcome, cargo's calls, and every test binary
/// announced (`(staged index, binary)` per announcement).
struct Passes {
    staged: StagedWorkspace,
    outcome: BuildOutcome,
    calls: Vec<Vec<String>>,
    announced: Vec<Vec<(usize, TestBinary)>>,
}

impl Passes {
    fn build(&self, id: &str) -> &ExerciseBuild {
        let index = self.staged.exercises.iter().position(|staged| staged.id == id).expect("staged exercise");
        &self.outcome.exercises[index]
    }

    /// The binary `id`'s tests are in: its file name (up to cargo's hash) and the prefix.
    fn binary(&self, id: &str) -> Option<(String, String)> {
        let binary = self.build(id).test_binary.as_ref()?;
        assert!(binary.path.starts_with(&self.staged.target_dir), "{}", binary.path.display());
        let name = binary.path.file_name().expect("file name").to_string_lossy();
        let stem = name.rsplit_once('-').map_or(name.as_ref(), |(stem, _)| stem).to_owned();
        Some((stem, binary.prefix.clone()))
    }

    /// The codes of `id`'s compile errors, in order (`-` for an error without one).
    fn error_codes(&self, id: &str) -> Vec<String> {
        self.build(id).errors.iter().map(|error| error.code.clone().unwrap_or_else(|| "-".to_owned())).collect()
    }
}

/// Runs the passes over `scenario`, replayed; `times_out` makes that call report a timeout.
fn replay(scenario: &Scenario, times_out: Option<usize>) -> Passes {
    let staged = stage_scenario(scenario);
    let mut cargo = Replay::new(recording(scenario, &staged));
    cargo.times_out = times_out;
    let mut announced = Vec::new();
    let outcome = build_with(&staged, &cargo, TIMEOUT_SECS, &mut |built| {
        if let super::Built::Tests(built) = built {
            announced.push(built.to_vec());
        }
    })
    .expect("the passes run");
    Passes { staged, outcome, calls: cargo.calls(), announced }
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|arg| (*arg).to_owned()).collect()
}

/// What the first run asks for in every scenario: every library and the combined test crates.
const FIRST_RUN: [&str; 4] = ["--workspace", "--lib", "--test", "grader_combined_*"];

#[test]
fn a_clean_build_is_one_cargo_run_and_every_exercise_gets_its_binary() {
    let passes = replay(&CLEAN, None);
    let mut first = strings(&["--workspace", "--lib", "--test", "grader_tests", "--test", "grader_combined_*"]);
    first.extend(strings(&["--example", "grader_cf_*"]));
    assert_eq!(passes.calls, [first]);

    // The combined exercises share the combined binary, each under its module.
    for (id, module) in
        [("junior-01-ownership", "junior_01_ownership"), ("junior-04-string-vs-str", "junior_04_string_vs_str")]
    {
        let expected = ("grader_combined_0".to_owned(), format!("ex_{module}::"));
        assert_eq!(passes.binary(id), Some(expected), "{id}");
        assert!(passes.build(id).errors.is_empty(), "{id}: {:?}", passes.build(id).errors);
        assert!(!passes.build(id).visible_only, "{id}");
    }
    // The exercise with a local crate has a test binary of its own, test names unprefixed.
    assert_eq!(passes.binary("junior-07-cargo"), Some(("grader_tests".to_owned(), String::new())));
    // Every exercise got a binary, and each binary was announced once.
    for staged in &passes.staged.exercises {
        assert!(passes.binary(&staged.id).is_some(), "{} has no test binary", staged.id);
        assert!(passes.build(&staged.id).errors.is_empty(), "{}: {:?}", staged.id, passes.build(&staged.id).errors);
    }
    let mut announced: Vec<usize> = passes.announced.iter().flatten().map(|(index, _)| *index).collect();
    announced.sort_unstable();
    assert_eq!(announced, (0..passes.staged.exercises.len()).collect::<Vec<_>>());
    let combined = passes.announced.iter().find(|built| built.len() > 1).expect("the combined binary's announcement");
    assert!(combined.iter().all(|(_, binary)| binary.path == combined[0].1.path), "{combined:?}");
    // The must-not-compile snippet was rejected by the compiler, which is what it is for.
    let snippets = &passes.build("senior-04-api-design").compile_fail;
    assert!(!snippets.is_empty(), "no snippet recorded");
    for (name, snippet) in snippets {
        assert!(!snippet.compiled && !snippet.errors.is_empty(), "{name}: {snippet:?}");
    }
}

#[test]
fn a_library_that_does_not_compile_is_left_out_of_the_retried_combined_crate() {
    let passes = replay(&BROKEN_LIBRARY, None);
    // The combined crate could not be built (a library it depends on failed): it is built again
    // without junior-02. junior-02 gets no run of its own: its test binary would need the library
    // that failed, whose errors the first run reported.
    let retry = strings(&["-p", "grader_retry_0", "--test", "grader_retry_*"]);
    assert_eq!(passes.calls, [strings(&FIRST_RUN), retry]);

    for (id, module) in [
        ("junior-01-ownership", "junior_01_ownership"),
        ("junior-03-shared-vs-mut", "junior_03_shared_vs_mut"),
        ("junior-04-string-vs-str", "junior_04_string_vs_str"),
    ] {
        let expected = ("grader_retry_0".to_owned(), format!("ex_{module}::"));
        assert_eq!(passes.binary(id), Some(expected), "{id}: tested from the retry without junior-02");
        assert!(passes.build(id).errors.is_empty(), "{id}: {:?}", passes.build(id).errors);
    }
    let retried = passes.announced.iter().find(|built| built.len() == 3).expect("the retry's announcement");
    let junior_02 = passes.staged.exercises.iter().position(|staged| staged.id == "junior-02-borrowing");
    assert!(retried.iter().all(|(index, _)| Some(*index) != junior_02), "{retried:?}");
    let broken = passes.build("junior-02-borrowing");
    assert_eq!(broken.test_binary, None);
    assert_eq!(passes.error_codes("junior-02-borrowing"), ["E0499"], "{:?}", broken.errors);
    let error = &broken.errors[0];
    assert_eq!(error.file.as_deref(), Some("junior-02-borrowing/src/lib.rs"), "{error:?}");
    assert!(error.line.is_some_and(|line| line > 0), "{error:?}");
    assert!(!broken.visible_only);
}

#[test]
fn hidden_tests_that_do_not_compile_lead_to_the_visible_only_pass() {
    let passes = replay(&HIDDEN_MISMATCH, None);
    let retry = strings(&["-p", "grader_retry_0", "--test", "grader_retry_*"]);
    let own = strings(&["--test", "grader_own", "-p", "mid_02_traits"]);
    let visible = strings(&["--test", "grader_visible", "-p", "mid_02_traits"]);
    // mid-02 has compile probes, which build with the first run.
    let mut first = strings(&FIRST_RUN);
    first.extend(strings(&["--example", "grader_cf_*"]));
    assert_eq!(passes.calls, [first, retry, own, visible]);

    let mid = passes.build("mid-02-traits");
    assert_eq!(passes.binary("mid-02-traits"), Some(("grader_visible".to_owned(), String::new())));
    assert!(mid.visible_only, "the binary holds the visible tests only");
    assert!(!mid.errors.is_empty(), "the hidden tests' errors are kept");
    assert!(mid.errors.iter().all(|error| error.in_hidden_tests()), "{:?}", mid.errors);
    for id in ["junior-01-ownership", "junior-04-string-vs-str"] {
        assert_eq!(passes.binary(id).map(|(stem, _)| stem).as_deref(), Some("grader_retry_0"), "{id}");
        assert!(!passes.build(id).visible_only, "{id}");
    }
}

#[test]
fn a_timed_out_first_run_stops_further_passes_and_says_the_build_timed_out() {
    let passes = replay(&BROKEN_LIBRARY, Some(0));
    assert_eq!(passes.calls, [strings(&FIRST_RUN)], "no cargo run after the time is up");
    let message = format!("the build timed out after {TIMEOUT_SECS} s");
    for id in ["junior-01-ownership", "junior-03-shared-vs-mut", "junior-04-string-vs-str"] {
        let build = passes.build(id);
        assert_eq!(build.test_binary, None, "{id}");
        let messages: Vec<&str> = build.errors.iter().map(|error| error.message.as_str()).collect();
        assert_eq!(messages, [message.as_str()], "{id}");
    }
    // What the run did report before it was stopped is kept.
    assert!(passes.error_codes("junior-02-borrowing").contains(&"E0499".to_owned()));
    assert!(passes.announced.is_empty(), "{:?}", passes.announced);
}

#[test]
fn a_run_the_recording_does_not_have_fails_the_replay() {
    let staged = stage_scenario(&CLEAN);
    let mut runs = recording(&CLEAN, &staged);
    runs[0].args.push("--changed".to_owned());
    let cargo = Replay::new(runs);
    let replayed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        build_with(&staged, &cargo, TIMEOUT_SECS, &mut |_| {}).map(|_| ())
    }));
    assert!(replayed.is_err(), "arguments that differ from the recording must fail the replay");
}

/// Runs real cargo as [`super::cargo::Cargo`] does (in the jail, the same arguments), keeping
/// every JSON line it prints, with the staging folder replaced by [`PLACEHOLDER`].
struct Recorder<'a> {
    staged: &'a StagedWorkspace,
    toolchain: &'a Toolchain,
    text: RefCell<String>,
}

impl CargoRunner for Recorder<'_> {
    fn run(&self, args: &[String], on_message: &mut dyn FnMut(CargoMessage)) -> Result<CargoRun, Error> {
        let timeout = Duration::from_secs(600);
        let mut command = self.staged.jail.command(self.toolchain, Role::Build { timeout }, &self.toolchain.cargo);
        command
            .current_dir(&self.staged.workspace)
            .env("CARGO_TARGET_DIR", &self.staged.target_dir)
            .args(["build", "--keep-going", "--offline", "--message-format=json"])
            .args(args);
        let header = serde_json::json!({ "reason": RUN_REASON, "args": args });
        self.text.borrow_mut().push_str(&format!("{header}\n"));
        let root = root_text(self.staged);
        let mut on_line = |line: &[u8]| {
            if let Some(message) = CargoMessage::parse(line) {
                let line = String::from_utf8_lossy(line).replace(&root, PLACEHOLDER);
                self.text.borrow_mut().push_str(&format!("{}\n", line.trim_end()));
                on_message(message);
            }
        };
        let captured = run_streaming(command, timeout, 64 << 20, &mut on_line)?;
        Ok(CargoRun { timed_out: false, stderr: String::from_utf8_lossy(&captured.stderr).into_owned() })
    }
}

#[test]
#[ignore = "records testdata/ with real cargo: run with --ignored when the staging layout changes"]
fn record_cargo_messages() {
    let toolchain = Toolchain::detect().expect("toolchain");
    for scenario in SCENARIOS {
        let staged = stage_scenario(scenario);
        let recorder = Recorder { staged: &staged, toolchain: &toolchain, text: RefCell::new(String::new()) };
        build_with(&staged, &recorder, 600, &mut |_| {}).expect("the passes run");
        let path = testdata(scenario.name);
        std::fs::create_dir_all(path.parent().expect("testdata/")).expect("mkdir");
        std::fs::write(&path, recorder.text.into_inner()).expect("write the recording");
        eprintln!("recorded {}", path.display());
    }
}
