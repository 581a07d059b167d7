//! Stages a submission into a private temporary Cargo workspace: one crate per exercise, built
//! from the exercise's own manifest (never the candidate's), the starter's non-editable files, the
//! candidate's editable files, and the visible plus hidden tests gathered into one test module
//! tree per exercise.
//!
//! Most exercises' test modules are also gathered into a few *combined* test crates (one per
//! core, balanced by the size of their tests), each depending on its exercises' libraries: a few
//! test binaries to compile and link instead of one per exercise, whose fixed cost was most of the
//! build, and still one per core so they compile in parallel. Exercises whose code could change
//! the whole process (a global allocator, exported symbols, crate-level attributes in tests) or
//! that need dependencies or another edition keep a binary of their own. Each combined exercise
//! also keeps its own test target, which the build falls back to when its combined binary cannot
//! be built.
//!
//! The workspace profile is tuned for many tiny crates: no debuginfo, no incremental compilation,
//! one codegen unit per crate (the build already runs a crate per core; at 16 units the combined
//! test crates spent a sixth more CPU splitting and re-instantiating generics).
//! The main type is [`StagedWorkspace`].

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use tempfile::TempDir;

use super::candidate::{combined_candidate_crates, stage_candidate_tests, StagedCandidateTests};
use super::combined::{assign_combined_groups, combinable_source, combined_crate, group_count};
use super::layout::{
    package_dir, CHAFF_DIR, COMBINED_EDITION, COMBINED_PREFIX, COMPILE_FAIL_DIR, JAIL_DIR, MEASURE_MODULE,
    MEASURE_SOURCE, OWN_TARGET, RETRY_PREFIX, TARGET_DIR, TEST_TARGET, WORKSPACE_DIR,
};
use super::manifest;
use super::variant::{variant_crate, VariantCrate};
use super::witness::{arm_tests, WITNESS_MODULE, WITNESS_SOURCE};
use crate::error::Error;
use crate::exercise::Exercise;
use crate::filetree::{FileTree, Ignored};
use crate::intake::CandidateFiles;
use crate::process::{Isolation, Jail};

/// The root manifest of a staged workspace. Build settings live here, where the candidate cannot
/// reach them.
const WORKSPACE_PROFILE: &str = r#"
[profile.dev]
debug = 0
incremental = false
codegen-units = 1
split-debuginfo = "off"

[profile.test]
debug = 0
incremental = false
codegen-units = 1
"#;

/// One exercise, staged.
#[derive(Debug, Clone)]
pub struct StagedExercise {
    /// The exercise's position in the list given to [`stage`]: the pipeline's record of it.
    pub slot: usize,
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
    /// How many snippets (must-not-compile checks and compile probes) were staged.
    pub snippets: usize,
    /// The copies of the crate with a probe variant added to one of its enums.
    pub variants: Vec<VariantCrate>,
    /// The combined crate holding the tests (its own target is then [`OWN_TARGET`], a
    /// fallback); `None`: they are in its own [`TEST_TARGET`].
    pub combined: Option<usize>,
    /// The library's crate name (`junior_01_ownership`).
    pub crate_name: String,
    /// Stems of every test module, visible then hidden.
    pub test_modules: Vec<String>,
    /// The tests use [`MEASURE_MODULE`], which the test crate's root must then hold.
    pub measures: bool,
    /// The candidate's own tests, when they wrote some.
    pub candidate_tests: Option<StagedCandidateTests>,
}

impl StagedExercise {
    /// The module of the combined crate holding this exercise's tests.
    pub fn combined_module(&self) -> String {
        super::layout::combined_module(&self.crate_name)
    }
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
        crate::process::forget_folder(self.root.path());
    }
}

impl StagedWorkspace {
    /// The temporary folder holding everything.
    pub fn root(&self) -> &Path {
        self.root.path()
    }

    /// Whether any staged exercise has must-not-compile checks.
    pub fn has_compile_fail_checks(&self) -> bool {
        self.exercises.iter().any(|staged| staged.snippets > 0)
    }

    /// The index of the staged exercise a path belongs to: its crate folder, or a local crate
    /// inside it.
    pub fn owner_of(&self, path: &Path) -> Option<usize> {
        self.exercises.iter().position(|staged| path.starts_with(&staged.crate_dir))
    }

    /// The index of the staged exercise whose chaff package `path` is in.
    pub fn chaff_owner_of(&self, path: &Path) -> Option<usize> {
        self.exercises.iter().position(|staged| {
            staged
                .candidate_tests
                .as_ref()
                .and_then(|tests| tests.chaff_dir.as_ref())
                .is_some_and(|dir| path.starts_with(dir))
        })
    }

    /// Whether some exercise has tests of the candidate's own in a binary of its own.
    pub fn has_standalone_candidate_tests(&self) -> bool {
        self.exercises.iter().any(|staged| staged.candidate_tests.as_ref().is_some_and(|tests| !tests.combined))
    }

    /// Whether some exercise has tests of the candidate's own in the combined candidate crates.
    pub fn has_combined_candidate_tests(&self) -> bool {
        self.exercises.iter().any(|staged| staged.candidate_tests.as_ref().is_some_and(|tests| tests.combined))
    }

    /// The chaff packages whose library the combined chaff binary does not use (their exercise's
    /// chaff is inlined): built only by the fallback, when that binary cannot be.
    pub fn inlined_chaff_packages(&self) -> impl Iterator<Item = &str> {
        self.exercises
            .iter()
            .filter_map(|staged| staged.candidate_tests.as_ref())
            .filter(|tests| tests.inline)
            .map(|tests| tests.chaff_package.as_str())
    }

    /// How many combined crates there are.
    pub fn combined_groups(&self) -> usize {
        group_count(&self.exercises)
    }

    /// The exercises whose tests are in combined crate `group`.
    pub fn combined(&self, group: usize) -> impl Iterator<Item = &StagedExercise> {
        self.exercises.iter().filter(move |staged| staged.combined == Some(group))
    }

    /// The exercises with a test binary of their own.
    pub fn standalone(&self) -> impl Iterator<Item = &StagedExercise> {
        self.exercises.iter().filter(|staged| staged.combined.is_none())
    }

    /// Writes the retry of combined crate `group`: the same, for `ids` only (the exercises whose
    /// library built and whose tests did not break it).
    pub fn write_combined_retry(&self, group: usize, ids: &[&str]) -> Result<(), Error> {
        let members: Vec<&StagedExercise> =
            self.combined(group).filter(|staged| ids.contains(&staged.id.as_str())).collect();
        let name = format!("{RETRY_PREFIX}{group}");
        combined_crate(&name, &members).write_to(&self.workspace.join(package_dir(&name)))
    }
}

/// Stages every present code exercise of a submission, with at most `combined_groups` combined
/// test crates (the cores the build may use). Missing exercises are not staged.
pub fn stage(
    entries: &[(&Exercise, &CandidateFiles)],
    isolation: &Isolation,
    combined_groups: usize,
) -> Result<StagedWorkspace, Error> {
    let parent = staging_parent(isolation);
    let root = tempfile::Builder::new()
        .prefix("grader-")
        .tempdir_in(&parent)
        .map_err(|source| Error::io("create temporary folder in", &parent, source))?;
    crate::process::track_folder(root.path());
    let workspace = root.path().join(WORKSPACE_DIR);
    let target_dir = root.path().join(TARGET_DIR);
    let jail = Jail::create(&root.path().join(JAIL_DIR), root.path(), isolation.clone())?;
    // Each exercise in a folder of its own, on every core: parsing the candidate's tests and
    // building the chaff schemata is most of staging.
    let staged_and_weights: Vec<(StagedExercise, usize)> = entries
        .par_iter()
        .enumerate()
        .filter_map(|(slot, (exercise, candidate))| match (candidate, exercise.is_written()) {
            // Written answers have no crate to build.
            (CandidateFiles::Present { files, tests, .. }, false) => Some((slot, exercise, files, tests)),
            _ => None,
        })
        .map(|(slot, exercise, files, tests)| {
            let staged = stage_exercise(&workspace, slot, exercise, files, tests)?;
            let tests = exercise.visible_test_files().into_iter().chain(exercise.hidden_test_files());
            Ok((staged, tests.map(|(_, source)| source.len()).sum()))
        })
        .collect::<Result<_, Error>>()?;
    let (mut staged, weights): (Vec<StagedExercise>, Vec<usize>) = staged_and_weights.into_iter().unzip();
    assign_combined_groups(&mut staged, &weights, combined_groups);
    let mut members: Vec<String> = staged.iter().map(|s| format!("{:?}", s.id)).collect();
    for staged_exercise in &staged {
        members.extend(
            staged_exercise.variants.iter().map(|variant| format!("\"{}/{}\"", staged_exercise.id, variant.folder)),
        );
        if staged_exercise.candidate_tests.as_ref().is_some_and(|tests| tests.chaff_dir.is_some()) {
            members.push(format!("\"{CHAFF_DIR}/{}\"", staged_exercise.id));
        }
    }
    for group in 0..group_count(&staged) {
        let combined: Vec<&StagedExercise> = staged.iter().filter(|staged| staged.combined == Some(group)).collect();
        let name = format!("{COMBINED_PREFIX}{group}");
        combined_crate(&name, &combined).write_to(&workspace.join(package_dir(&name)))?;
        // The retry starts empty; the build rewrites it only if the combined crate fails.
        let retry = format!("{RETRY_PREFIX}{group}");
        combined_crate(&retry, &[]).write_to(&workspace.join(package_dir(&retry)))?;
        members.extend([format!("{:?}", package_dir(&name)), format!("{:?}", package_dir(&retry))]);
    }
    let candidates: Vec<(&str, &str, &StagedCandidateTests)> = staged
        .iter()
        .filter_map(|staged| {
            let tests = staged.candidate_tests.as_ref().filter(|tests| tests.combined)?;
            Some((staged.id.as_str(), staged.crate_name.as_str(), tests))
        })
        .collect();
    if !candidates.is_empty() {
        for (folder, tree) in combined_candidate_crates(&candidates) {
            tree.write_to(&workspace.join(&folder))?;
            members.push(format!("{folder:?}"));
        }
    }
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

fn stage_exercise(
    workspace: &Path,
    slot: usize,
    exercise: &Exercise,
    candidate: &FileTree,
    candidate_tests: &FileTree,
) -> Result<StagedExercise, Error> {
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
    let mut test_modules = Vec::new();
    let mut tests_combinable = true;
    let mut measures = false;
    let uses_measure = |source: &[u8]| String::from_utf8_lossy(source).contains(MEASURE_MODULE);
    for (stem, source) in exercise.visible_test_files() {
        tree.insert(format!("{TEST_TARGET}/{stem}.rs"), arm_tests(&exercise.id, &format!("tests/{stem}.rs"), source)?);
        main.push_str(&format!("mod {stem};\n"));
        visible_main.push_str(&format!("mod {stem};\n"));
        tests_combinable &= combinable_source(source, true);
        measures |= uses_measure(source);
        test_modules.push(stem);
    }
    for (stem, source) in exercise.hidden_test_files() {
        tree.insert(format!("{TEST_TARGET}/{stem}.rs"), arm_tests(&exercise.id, &format!("hidden/{stem}.rs"), source)?);
        main.push_str(&format!("mod {stem};\n"));
        tests_combinable &= combinable_source(source, true);
        measures |= uses_measure(source);
        test_modules.push(stem.clone());
        hidden_modules.push(stem);
    }
    if measures {
        tree.insert(format!("{TEST_TARGET}/{MEASURE_MODULE}.rs"), MEASURE_SOURCE);
        main.push_str(&format!("mod {MEASURE_MODULE};\n"));
        visible_main.push_str(&format!("mod {MEASURE_MODULE};\n"));
    }
    tree.insert(format!("{TEST_TARGET}/{WITNESS_MODULE}.rs"), WITNESS_SOURCE);
    main.push_str(&format!("mod {WITNESS_MODULE};\n"));
    visible_main.push_str(&format!("mod {WITNESS_MODULE};\n"));
    tree.insert(format!("{TEST_TARGET}/main.rs"), main);
    tree.insert(format!("{TEST_TARGET}/visible_main.rs"), visible_main);
    let snippets: Vec<(&str, &str)> = exercise
        .meta
        .compile_fail
        .iter()
        .map(|check| (check.name.as_str(), check.file.as_str()))
        .chain(exercise.meta.probe.iter().map(|probe| (probe.name.as_str(), probe.file.as_str())))
        .collect();
    for (name, file) in &snippets {
        let snippet = exercise.hidden.get(file).unwrap_or_default();
        tree.insert(format!("{COMPILE_FAIL_DIR}/{name}.rs"), snippet);
    }
    // The library can share a binary with others: none of its code is process-wide.
    let library_combinable = tree
        .iter()
        .filter(|(path, _)| {
            path.ends_with(".rs") && !path.starts_with(TEST_TARGET) && !path.starts_with(COMPILE_FAIL_DIR)
        })
        .all(|(_, source)| combinable_source(source, false));
    let combined = tests_combinable && manifest::combinable(exercise, COMBINED_EDITION) && library_combinable;
    let own_target = if combined { OWN_TARGET } else { TEST_TARGET };
    // The group is chosen once every exercise is staged (`assign_combined_groups`).
    let combined = combined.then_some(0);
    let (mut manifest, refused) = manifest::staged_manifest(exercise, candidate.text("Cargo.toml"), own_target)?;
    let mut variants = Vec::new();
    for (index, probe) in exercise.meta.variant_probe.iter().enumerate() {
        if let Some((variant, files)) =
            variant_crate(&tree, &exercise.package_name(), &manifest, index, &probe.enum_name)
        {
            for (path, bytes) in files.iter() {
                tree.insert(format!("{}/{path}", variant.folder), bytes);
            }
            variants.push(variant);
        }
    }
    let candidate_tests =
        stage_candidate_tests(workspace, exercise, candidate_tests, &mut tree, &mut manifest, library_combinable)?;
    let manifest = toml::to_string(&manifest).map_err(|err| Error::InvalidExercise {
        id: exercise.id.clone(),
        reason: format!("cannot write manifest: {err}"),
    })?;
    tree.insert("Cargo.toml", manifest);
    tree.write_to(&crate_dir)?;
    Ok(StagedExercise {
        slot,
        id: exercise.id.clone(),
        crate_dir,
        from_candidate,
        from_starter,
        hidden_modules,
        refused,
        snippets: snippets.len(),
        variants,
        combined,
        crate_name: exercise.package_name(),
        test_modules,
        measures,
        candidate_tests,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exercise::ExerciseSet;
    use crate::process::{Choice, Toolchain};

    fn staged(set: &ExerciseSet, picks: &[(&str, Option<&str>)], groups: usize) -> StagedWorkspace {
        let toolchain = Toolchain::detect().expect("toolchain");
        let isolation = Isolation::detect(Choice::Process, toolchain.sysroot()).expect("isolation");
        let entries: Vec<(&Exercise, CandidateFiles)> = picks
            .iter()
            .map(|(id, lib)| {
                let exercise = set.exercises().iter().find(|e| e.id == *id).expect("exercise");
                let mut files = exercise.solution.clone();
                if let Some(lib) = lib {
                    files.insert("src/lib.rs", *lib);
                }
                (
                    exercise,
                    CandidateFiles::Present {
                        files,
                        ignored: Vec::new(),
                        tampered: Vec::new(),
                        tests: FileTree::new(),
                    },
                )
            })
            .collect();
        let refs: Vec<(&Exercise, &CandidateFiles)> = entries.iter().map(|(e, c)| (*e, c)).collect();
        stage(&refs, &isolation, groups).expect("staged")
    }

    const COMBINED_0: &str = "grader-combined-0";

    #[test]
    fn plain_exercises_share_the_combined_crate_and_process_wide_code_keeps_its_own_binary() {
        let set = ExerciseSet::embedded().expect("set");
        let workspace = staged(
            &set,
            &[
                ("junior-01-ownership", None),
                ("junior-02-borrowing", Some("#[no_mangle]\npub extern \"C\" fn hook() {}\n")),
                ("junior-07-cargo", None),
                ("mid-01-lifetimes", None),
                ("senior-05-performance", None),
            ],
            1,
        );
        let combined: Vec<&str> = workspace.combined(0).map(|s| s.id.as_str()).collect();
        // junior-02: an exported symbol; junior-07: dependencies.
        assert_eq!(combined, ["junior-01-ownership", "mid-01-lifetimes", "senior-05-performance"]);
        let main = std::fs::read_to_string(workspace.workspace.join(COMBINED_0).join("main.rs")).expect("main");
        assert!(main.contains("#[path = \"../junior-01-ownership/grader_tests\"]\nmod ex_junior_01_ownership {"));
        assert!(!main.contains("junior_02") && !main.contains("junior_07"), "{main}");
        // senior-05's budget tests measure: the combined crate's root holds the measuring module.
        assert!(
            main.starts_with(&format!(
                "// Generated by grader: the test modules of every combined exercise.\nmod {MEASURE_MODULE};\n"
            )),
            "{main}"
        );
        assert!(workspace.workspace.join(COMBINED_0).join(format!("{MEASURE_MODULE}.rs")).is_file());
        let manifest = std::fs::read_to_string(workspace.workspace.join(COMBINED_0).join("Cargo.toml")).expect("toml");
        assert!(manifest.contains("mid_01_lifetimes = { path = \"../mid-01-lifetimes\" }"), "{manifest}");
        // Each crate's own target: a fallback when combined, the test binary otherwise.
        let own = |id: &str| std::fs::read_to_string(workspace.workspace.join(id).join("Cargo.toml")).expect("toml");
        assert!(own("junior-01-ownership").contains(&format!("name = \"{OWN_TARGET}\"")));
        assert!(own("junior-07-cargo").contains(&format!("name = \"{TEST_TARGET}\"")));
        assert!(!own("junior-07-cargo").contains(OWN_TARGET));
        let senior = workspace.workspace.join("senior-05-performance").join(TEST_TARGET);
        let own_main = std::fs::read_to_string(senior.join("main.rs")).expect("main");
        assert!(own_main.contains(&format!("mod {MEASURE_MODULE};")), "{own_main}");
        assert!(senior.join(format!("{MEASURE_MODULE}.rs")).is_file());
    }

    #[test]
    fn the_retry_crate_holds_only_the_exercises_asked_for() {
        let set = ExerciseSet::embedded().expect("set");
        let picks = [("junior-01-ownership", None), ("junior-03-shared-vs-mut", None), ("mid-01-lifetimes", None)];
        let workspace = staged(&set, &picks, 1);
        workspace.write_combined_retry(0, &["junior-01-ownership", "mid-01-lifetimes"]).expect("retry");
        let main = std::fs::read_to_string(workspace.workspace.join("grader-retry-0").join("main.rs")).expect("main");
        assert!(main.contains("mod ex_junior_01_ownership") && main.contains("mod ex_mid_01_lifetimes"), "{main}");
        assert!(!main.contains("junior_03"), "{main}");
    }

    #[test]
    fn combined_crates_share_the_exercises_by_the_size_of_their_tests() {
        let set = ExerciseSet::embedded().expect("set");
        let picks: Vec<(&str, Option<&str>)> =
            set.exercises().iter().filter(|e| !e.is_written()).map(|e| (e.id.as_str(), None)).collect();
        let workspace = staged(&set, &picks, 2);
        assert_eq!(workspace.combined_groups(), 2);
        assert!(workspace.combined(0).count() > 0 && workspace.combined(1).count() > 0);
        let in_both = workspace.combined(0).filter(|a| workspace.combined(1).any(|b| b.id == a.id)).count();
        assert_eq!(in_both, 0);
        let total = workspace.combined(0).count() + workspace.combined(1).count() + workspace.standalone().count();
        assert_eq!(total, picks.len());
        for group in 0..2 {
            let main = workspace.workspace.join(format!("grader-combined-{group}")).join("main.rs");
            assert!(main.is_file(), "{}", main.display());
        }
        // Heaviest first, each to the lightest crate: the two loads differ by at most the heaviest.
        let weight = |group| -> usize {
            workspace
                .combined(group)
                .flat_map(|staged| {
                    let exercise = set.exercises().iter().find(|e| e.id == staged.id).expect("exercise");
                    exercise.visible_test_files().into_iter().chain(exercise.hidden_test_files())
                })
                .map(|(_, source)| source.len())
                .sum()
        };
        let heaviest = set
            .exercises()
            .iter()
            .map(|e| {
                e.visible_test_files().into_iter().chain(e.hidden_test_files()).map(|(_, s)| s.len()).sum::<usize>()
            })
            .max()
            .expect("exercises");
        assert!(weight(0).abs_diff(weight(1)) <= heaviest, "{} vs {}", weight(0), weight(1));
    }

    #[test]
    fn crate_attributes_keep_a_test_module_out_but_not_a_candidate_file() {
        assert!(!combinable_source(b"#![allow(dead_code)]\n#[test] fn t() {}", true));
        assert!(combinable_source(b"#![allow(dead_code)]\npub fn f() {}", false));
        assert!(!combinable_source(b"#[global_allocator]\nstatic A: Counting = Counting;", false));
        assert!(combinable_source(b"pub fn f() {}", false));
    }
}
