//! Stages a submission into a private temporary Cargo workspace: one crate per exercise, built
//! from the exercise's own manifest (never the candidate's), the starter's non-editable files, the
//! candidate's editable files, and the visible plus hidden tests gathered into one test binary.
//! The workspace profile is tuned for many tiny crates: no debuginfo, no incremental compilation.

use std::path::{Path, PathBuf};

use tempfile::TempDir;

use crate::error::Error;
use crate::exercise::Exercise;
use crate::filetree::{FileTree, Ignored};
use crate::intake::CandidateFiles;
use crate::isolation::Isolation;
use crate::manifest;
use crate::sandbox::Jail;

/// Name of the single test target of every staged crate, and its folder.
pub const TEST_TARGET: &str = "grader_tests";
/// A second target with the visible tests only, built when nothing but the hidden tests fails to
/// compile (the candidate's API differs from what they expect), so visible tests still count.
pub const VISIBLE_TARGET: &str = "grader_visible";
/// Prefix of the target names of must-not-compile snippets (`grader_cf_<check name>`).
pub const COMPILE_FAIL_PREFIX: &str = "grader_cf_";
/// Folder of the must-not-compile snippets in a staged crate.
pub const COMPILE_FAIL_DIR: &str = "grader_compile_fail";

/// The root manifest of a staged workspace. Build settings live here, where the candidate cannot
/// reach them.
const WORKSPACE_PROFILE: &str = r#"
[profile.dev]
debug = 0
incremental = false
split-debuginfo = "off"

[profile.test]
debug = 0
incremental = false
"#;

/// One exercise, staged.
#[derive(Debug, Clone)]
pub struct StagedExercise {
    pub id: String,
    /// The crate folder inside the workspace.
    pub crate_dir: PathBuf,
    /// Editable files taken from the candidate.
    pub from_candidate: Vec<String>,
    /// Editable files the candidate did not hand in, taken from the starter instead.
    pub from_starter: Vec<String>,
    /// Stems of the test files that are hidden (the others are visible).
    pub hidden_modules: Vec<String>,
    /// Parts of the candidate's files the grader refused (e.g. a registry dependency).
    pub refused: Vec<Ignored>,
    /// How many must-not-compile snippets were staged.
    pub compile_fail_checks: usize,
}

/// A staged submission. Dropping it deletes the temporary folder.
#[derive(Debug)]
pub struct StagedWorkspace {
    root: TempDir,
    pub workspace: PathBuf,
    pub target_dir: PathBuf,
    pub jail: Jail,
    pub exercises: Vec<StagedExercise>,
}

impl Drop for StagedWorkspace {
    fn drop(&mut self) {
        // The TempDir removes the folder right after this.
        crate::interrupt::forget_folder(self.root.path());
    }
}

impl StagedWorkspace {
    /// The temporary folder holding everything.
    pub fn root(&self) -> &Path {
        self.root.path()
    }

    /// Whether any staged exercise has must-not-compile checks.
    pub fn has_compile_fail_checks(&self) -> bool {
        self.exercises.iter().any(|staged| staged.compile_fail_checks > 0)
    }

    /// The staged exercise a path belongs to: its crate folder, or a local crate inside it.
    pub fn owner_of(&self, path: &Path) -> Option<&StagedExercise> {
        self.exercises.iter().find(|staged| path.starts_with(&staged.crate_dir))
    }
}

/// Stages every present code exercise of a submission. Missing ones are not staged.
pub fn stage(entries: &[(&Exercise, &CandidateFiles)], isolation: &Isolation) -> Result<StagedWorkspace, Error> {
    let parent = staging_parent(isolation);
    let root = tempfile::Builder::new()
        .prefix("grader-")
        .tempdir_in(&parent)
        .map_err(|source| Error::io("create temporary folder in", &parent, source))?;
    crate::interrupt::track_folder(root.path());
    let workspace = root.path().join("ws");
    let target_dir = root.path().join("target");
    let jail = Jail::create(&root.path().join("jail"), root.path(), isolation.clone())?;
    let mut staged = Vec::new();
    for (exercise, candidate) in entries {
        // Written answers have no crate to build.
        if let (CandidateFiles::Present { files, .. }, false) = (candidate, exercise.is_written()) {
            staged.push(stage_exercise(&workspace, exercise, files)?);
        }
    }
    let members: Vec<String> = staged.iter().map(|s| format!("{:?}", s.id)).collect();
    let manifest = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n{WORKSPACE_PROFILE}", members.join(", "));
    let mut root_files = FileTree::new();
    root_files.insert("Cargo.toml", manifest);
    root_files.write_to(&workspace)?;
    Ok(StagedWorkspace { root, workspace, target_dir, jail, exercises: staged })
}

/// Where staging folders go: the temp folder, unless tests run as another user who could not
/// reach into it (a private `TMPDIR`, mode 0700), in which case `/tmp`.
fn staging_parent(isolation: &Isolation) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let temp = std::env::temp_dir();
    if !isolation.tests_run_as_other_user() {
        return temp;
    }
    let reachable =
        temp.ancestors().all(|dir| std::fs::metadata(dir).is_ok_and(|meta| meta.permissions().mode() & 0o001 != 0));
    if reachable {
        temp
    } else {
        PathBuf::from("/tmp")
    }
}

fn stage_exercise(workspace: &Path, exercise: &Exercise, candidate: &FileTree) -> Result<StagedExercise, Error> {
    let crate_dir = workspace.join(&exercise.id);
    let mut tree = FileTree::new();
    // The starter's files, minus its manifest and tests, which the grader supplies itself.
    for (path, bytes) in exercise.starter.iter() {
        if path != "Cargo.toml" && !path.starts_with("tests/") {
            tree.insert(path, bytes);
        }
    }
    let mut from_candidate = Vec::new();
    // Intake only admits editable files; the filter keeps staging safe on its own too. An editable
    // manifest is not copied: `manifest` takes only its dependencies.
    for (path, bytes) in candidate.iter().filter(|(path, _)| exercise.is_editable(path)) {
        if path != "Cargo.toml" {
            tree.insert(path, bytes);
        }
        from_candidate.push(path.to_owned());
    }
    let from_starter = exercise
        .starter
        .iter()
        .map(|(path, _)| path)
        .filter(|path| exercise.is_editable(path) && candidate.get(path).is_none())
        .map(str::to_owned)
        .collect();

    let mut main = String::from("// Generated by grader: every visible and hidden test file as a module.\n");
    let mut visible_main = String::from("// Generated by grader: the visible test files only.\n");
    let mut hidden_modules = Vec::new();
    for (stem, source) in exercise.visible_test_files() {
        tree.insert(format!("{TEST_TARGET}/{stem}.rs"), source);
        main.push_str(&format!("mod {stem};\n"));
        visible_main.push_str(&format!("mod {stem};\n"));
    }
    for (stem, source) in exercise.hidden_test_files() {
        tree.insert(format!("{TEST_TARGET}/{stem}.rs"), source);
        main.push_str(&format!("mod {stem};\n"));
        hidden_modules.push(stem);
    }
    tree.insert(format!("{TEST_TARGET}/main.rs"), main);
    tree.insert(format!("{TEST_TARGET}/visible_main.rs"), visible_main);
    for check in &exercise.meta.compile_fail {
        let snippet = exercise.hidden.get(&check.file).unwrap_or_default();
        tree.insert(format!("{COMPILE_FAIL_DIR}/{}.rs", check.name), snippet);
    }
    let (manifest, refused) = manifest::staged_manifest(exercise, candidate.text("Cargo.toml"))?;
    tree.insert("Cargo.toml", manifest);
    tree.write_to(&crate_dir)?;
    Ok(StagedExercise {
        id: exercise.id.clone(),
        crate_dir,
        from_candidate,
        from_starter,
        hidden_modules,
        refused,
        compile_fail_checks: exercise.meta.compile_fail.len(),
    })
}
