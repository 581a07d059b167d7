//! The build's passes: one cargo run builds everything; only what failed costs more runs (a
//! combined crate rebuilt without the exercises that broke it, their own test binaries, a
//! visible-tests-only binary where only the hidden tests fail to compile). Cargo's messages are
//! turned into one [`ExerciseBuild`] per staged exercise, in the staged order. The main function
//! is [`build_with`].

use std::collections::BTreeSet;

use super::cargo::CargoRunner;
use super::diagnostics::{CompileError, LintFinding};
use super::messages::CargoMessage;
use super::symbols::harness_references;
use super::{BuildOutcome, Built, ExerciseBuild, TestBinary};
use crate::error::Error;
use crate::stage::layout::{
    combined_group, CANDIDATE_ALL, CANDIDATE_OWN_TARGET, CANDIDATE_TARGET, CHAFF_ALL, COMBINED_PREFIX,
    COMPILE_FAIL_PREFIX, OWN_TARGET, RETRY_PREFIX, TEST_TARGET, VISIBLE_TARGET,
};
use crate::stage::StagedWorkspace;
use crate::support::trace;

/// How many times a combined binary is rebuilt without the exercises that broke it.
const COMBINED_RETRIES: usize = 2;

/// Runs the passes with `cargo`; see [`super::build`].
pub(super) fn build_with(
    staged: &StagedWorkspace,
    cargo: &dyn CargoRunner,
    timeout_secs: u64,
    on_binary: &mut dyn FnMut(Built<'_>),
) -> Result<BuildOutcome, Error> {
    let mut outcome = BuildOutcome { exercises: vec![ExerciseBuild::default(); staged.exercises.len()] };
    if staged.exercises.is_empty() {
        return Ok(outcome);
    }
    let mut recorder = Recorder {
        staged,
        outcome: &mut outcome,
        on_binary,
        libraries: BTreeSet::new(),
        candidate_all: CandidateAll::default(),
    };

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
        args.extend(["--example".to_owned(), format!("{COMPILE_FAIL_PREFIX}*")]);
    }
    if staged.has_standalone_candidate_tests() {
        args.extend(["--test".to_owned(), CANDIDATE_TARGET.to_owned()]);
    }
    if staged.has_combined_candidate_tests() {
        args.extend(["--test".to_owned(), CANDIDATE_ALL.to_owned(), "--test".to_owned(), CHAFF_ALL.to_owned()]);
    }
    for package in staged.inlined_chaff_packages() {
        args.extend(["--exclude".to_owned(), package.to_owned()]);
    }
    let mut combined: Vec<CombinedBuild> = (0..groups)
        .map(|group| CombinedBuild::new(&staged.combined(group).map(|staged| staged.id.as_str()).collect::<Vec<_>>()))
        .collect();
    let first = cargo.run(&args, &mut |message| recorder.first_pass(message, &mut combined))?;
    let mut timed_out = first.timed_out;

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
            if run.timed_out {
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
        timed_out = third.timed_out;
    }

    // 3b. The candidate's own tests of the combined exercises, in binaries of their own, when a
    //     combined candidate crate could not be built (one of them does not compile, say).
    let CandidateAll { own_built, chaff_built } = recorder.candidate_all;
    if staged.has_combined_candidate_tests() && !timed_out && !(own_built && chaff_built) {
        let mut args = vec!["--test".to_owned(), CANDIDATE_OWN_TARGET.to_owned()];
        for staged_exercise in &staged.exercises {
            let Some(tests) = staged_exercise.candidate_tests.as_ref().filter(|tests| tests.combined) else { continue };
            if !own_built {
                args.extend(["-p".to_owned(), staged_exercise.crate_name.clone()]);
            }
            if !chaff_built && tests.chaff_dir.is_some() {
                args.extend(["-p".to_owned(), tests.chaff_package.clone()]);
            }
        }
        let run = cargo.run(&args, &mut |message| recorder.record(message))?;
        timed_out = run.timed_out;
    }

    // 4. Visible tests alone, where only the hidden tests failed to compile.
    let fallback: Vec<&str> = staged
        .exercises
        .iter()
        .zip(&recorder.outcome.exercises)
        .filter(|(_, build)| build.only_hidden_tests_fail())
        .map(|(staged_exercise, _)| staged_exercise.crate_name.as_str())
        .collect();
    if !fallback.is_empty() && !timed_out {
        let mut args = vec!["--test".to_owned(), VISIBLE_TARGET.to_owned()];
        for crate_name in fallback {
            args.extend(["-p".to_owned(), crate_name.to_owned()]);
        }
        // Only the binary matters here: the errors were recorded before.
        cargo.run(&args, &mut |message| recorder.artifact_only(message))?;
    }

    // An exercise that neither compiled nor produced an error was stopped by something else (a
    // timeout, a broken manifest): say so rather than leave it blank.
    for build in &mut outcome.exercises {
        if build.test_binary.is_none() && build.errors.is_empty() {
            let message = if timed_out {
                format!("the build timed out after {timeout_secs} s")
            } else {
                format!("cargo did not build it: {}", tail(&first.stderr, 1500))
            };
            build.errors.push(CompileError::without_place(message));
        }
    }
    Ok(outcome)
}

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
    on_binary: &'b mut dyn FnMut(Built<'_>),
    /// Exercises whose library compiled, by id.
    libraries: BTreeSet<String>,
    candidate_all: CandidateAll,
}

/// Whether the combined crates of the candidate's own tests were built.
#[derive(Debug, Default, Clone, Copy)]
struct CandidateAll {
    own_built: bool,
    chaff_built: bool,
}

impl Recorder<'_, '_> {
    /// The first run: everything is recorded.
    fn first_pass(&mut self, message: CargoMessage, combined: &mut [CombinedBuild]) {
        if message.is_combined() {
            self.combined(message, combined);
        } else {
            self.record(message);
        }
    }

    /// A combined crate's messages: its binary serves all its members; its errors only say which
    /// members to leave out (their own build reports the errors).
    fn combined(&mut self, message: CargoMessage, builds: &mut [CombinedBuild]) {
        let Some(target) = message.target() else { return };
        let Some(combined) = combined_group(&target.name).and_then(|group| builds.get_mut(group)) else { return };
        match message {
            CargoMessage::CompilerArtifact { executable: Some(binary), .. } => {
                combined.built = true;
                let mut built = Vec::new();
                for id in &combined.members {
                    let Some(index) = self.staged.exercises.iter().position(|staged| staged.id == *id) else {
                        continue;
                    };
                    let test_binary = TestBinary {
                        path: binary.clone(),
                        prefix: format!("{}::", self.staged.exercises[index].combined_module()),
                    };
                    let build = &mut self.outcome.exercises[index];
                    build.test_binary = Some(test_binary.clone());
                    build.visible_only = false;
                    built.push((index, test_binary));
                }
                (self.on_binary)(Built::Tests(&built));
            }
            CargoMessage::CompilerMessage { message, .. } if message.is_error() => {
                let owner =
                    message.spans.iter().find(|span| span.is_primary).and_then(|span| self.test_owner(&span.file_name));
                match owner {
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
        if message.target().is_some_and(|target| target.name == OWN_TARGET) {
            self.record(message);
        }
    }

    /// Binaries only.
    fn artifact_only(&mut self, message: CargoMessage) {
        if let CargoMessage::CompilerArtifact { .. } = message {
            self.record(message);
        }
    }

    /// The exercise whose staged test module `file_name` is. rustc names the files of a combined
    /// crate through its folder (`grader-combined-0/../<id>/grader_tests/hidden.rs`).
    fn test_owner(&self, file_name: &str) -> Option<String> {
        let parts: Vec<&str> = std::path::Path::new(file_name).iter().filter_map(|part| part.to_str()).collect();
        parts.windows(2).find(|pair| pair[1] == TEST_TARGET).and_then(|pair| {
            self.staged.exercises.iter().find(|staged| staged.id == pair[0]).map(|staged| staged.id.clone())
        })
    }

    /// Records a message of the candidate's own test target, in their crate or in the chaff
    /// package; `false` when the message is not one.
    fn candidate(&mut self, message: &CargoMessage) -> bool {
        let (manifest_path, target) = match message {
            CargoMessage::CompilerMessage { manifest_path, target, .. } => (manifest_path, target),
            CargoMessage::CompilerArtifact { manifest_path, target, .. } => (manifest_path, target),
            CargoMessage::Other => return false,
        };
        if [CANDIDATE_ALL, CHAFF_ALL].contains(&target.name.as_str()) {
            // Its errors only send its exercises to binaries of their own, whose errors count.
            if let CargoMessage::CompilerArtifact { executable: Some(path), .. } = message {
                let chaff = target.name == CHAFF_ALL;
                if chaff {
                    self.candidate_all.chaff_built = true;
                } else {
                    self.candidate_all.own_built = true;
                }
                (self.on_binary)(Built::CandidateTests { chaff, binary: path });
                for (index, staged) in self.staged.exercises.iter().enumerate() {
                    let Some(tests) = staged.candidate_tests.as_ref().filter(|tests| tests.combined) else { continue };
                    let binary = TestBinary { path: path.clone(), prefix: format!("{}::", staged.combined_module()) };
                    let build = &mut self.outcome.exercises[index];
                    if !chaff {
                        build.candidate_binary = Some(binary);
                    } else if tests.chaff_dir.is_some() {
                        build.chaff_binary = Some(binary);
                    }
                }
            }
            return true;
        }
        let own_target = [CANDIDATE_TARGET, CANDIDATE_OWN_TARGET].contains(&target.name.as_str());
        let (index, chaff) = match self.staged.chaff_owner_of(manifest_path) {
            Some(index) => (index, true),
            None if own_target => match self.staged.owner_of(manifest_path) {
                Some(index) => (index, false),
                None => return false,
            },
            None => return false,
        };
        let exercise = &self.staged.exercises[index];
        let build = &mut self.outcome.exercises[index];
        match message {
            CargoMessage::CompilerMessage { message, .. } => {
                let Some(mut error) = CompileError::from_diagnostic(message.clone(), exercise) else { return true };
                if let Some(tests) = &exercise.candidate_tests {
                    let file =
                        message.primary_span().and_then(|span| tests.display_path(&exercise.id, &span.file_name));
                    if file.is_some() {
                        error.file = file;
                    } else if chaff {
                        // Not in the candidate's tests: the chaff package itself failed, the grader's own.
                        error.file = Some(format!("{} (the grader's chaff)", exercise.id));
                    }
                }
                if chaff {
                    build.chaff_errors.push(error);
                } else {
                    build.candidate_errors.push(error);
                }
            }
            CargoMessage::CompilerArtifact { executable: Some(path), .. } if own_target => {
                let binary = TestBinary { path: path.clone(), prefix: String::new() };
                if chaff {
                    build.chaff_binary = Some(binary);
                } else {
                    build.candidate_binary = Some(binary);
                }
            }
            _ => {}
        }
        true
    }

    /// Records one message of an exercise's own targets; announces a freshly built test binary.
    fn record(&mut self, message: CargoMessage) {
        if self.candidate(&message) {
            return;
        }
        match message {
            CargoMessage::CompilerMessage { manifest_path, target, message } => {
                let Some(index) = self.staged.owner_of(&manifest_path) else { return };
                let exercise = &self.staged.exercises[index];
                let build = &mut self.outcome.exercises[index];
                if let Some(variant) = exercise.variants.iter().find(|variant| variant.package == target.name) {
                    if let Some(mut error) = CompileError::from_diagnostic(message, exercise) {
                        error.origin = error.origin.map(|origin| origin.inside(&variant.folder));
                        build.variants.entry(variant.probe).or_default().errors.push(error);
                    }
                    return;
                }
                if let Some(lint) = LintFinding::from_diagnostic(&message, exercise) {
                    build.lint_blocked |= message.level == "error";
                    build.lints.push(lint);
                    return;
                }
                let Some(error) = CompileError::from_diagnostic(message, exercise) else { return };
                match target.name.strip_prefix(COMPILE_FAIL_PREFIX) {
                    Some(check) => build.compile_fail.entry(check.to_owned()).or_default().errors.push(error),
                    None => build.errors.push(error),
                }
            }
            CargoMessage::CompilerArtifact { manifest_path, target, executable, filenames } => {
                let Some(index) = self.staged.owner_of(&manifest_path) else { return };
                let exercise = &self.staged.exercises[index];
                let build = &mut self.outcome.exercises[index];
                if let Some(variant) = exercise.variants.iter().find(|variant| variant.package == target.name) {
                    build.variants.entry(variant.probe).or_default().compiled = true;
                } else if let Some(check) = target.name.strip_prefix(COMPILE_FAIL_PREFIX) {
                    build.compile_fail.entry(check.to_owned()).or_default().compiled = true;
                } else if [TEST_TARGET, OWN_TARGET, VISIBLE_TARGET].contains(&target.name.as_str()) {
                    if let Some(path) = executable {
                        build.visible_only = target.name == VISIBLE_TARGET;
                        let test_binary = TestBinary { path, prefix: String::new() };
                        build.test_binary = Some(test_binary.clone());
                        (self.on_binary)(Built::Tests(&[(index, test_binary)]));
                    }
                } else {
                    // The exercise's library, or a local crate it holds: what its code references.
                    if target.name == exercise.crate_name {
                        self.libraries.insert(exercise.id.clone());
                    }
                    for rlib in filenames.iter().filter(|file| file.extension().is_some_and(|ext| ext == "rlib")) {
                        match harness_references(rlib) {
                            Ok(found) => {
                                for reference in found {
                                    if !build.references.contains(&reference) {
                                        build.references.push(reference);
                                    }
                                }
                            }
                            Err(err) => trace(|| format!("cannot read the symbols of {}: {err}", rlib.display())),
                        }
                    }
                }
            }
            CargoMessage::Other => {}
        }
    }
}

/// The last `max` bytes of `text`, trimmed, cut at a character boundary.
fn tail(text: &str, max: usize) -> &str {
    let text = text.trim();
    let start = text.len().saturating_sub(max);
    let start = (start..text.len()).find(|&index| text.is_char_boundary(index)).unwrap_or(text.len());
    &text[start..]
}
