//! The exercise set: statement, starter crate, reference solution, hidden tests and weak
//! ("flawed") solutions of each exercise, loaded from a folder or from the copy embedded in the
//! binary, and checked against the format in `exercises/README.md`. The main types are
//! [`Exercise`] and [`ExerciseSet`].

use std::collections::BTreeMap;
use std::path::Path;

use super::chaff::Chaff;
use super::embedded;
use super::glob;
use super::inventory::{self, TestCase, TestKind};
use super::meta::{CalibrationMeta, ExerciseMeta, Level};
use crate::error::{Error, Expected, PathArg};
use crate::filetree::{FileTree, ReadLimits};

/// A calibration solution: its editable files and what it is.
#[derive(Debug, Clone)]
pub struct Calibration {
    pub meta: CalibrationMeta,
    pub files: FileTree,
}

/// One exercise, fully loaded.
#[derive(Debug, Clone)]
pub struct Exercise {
    pub id: String,
    pub meta: ExerciseMeta,
    /// The candidate-facing statement (`README.md`).
    pub statement: String,
    /// The crate the candidate gets: `Cargo.toml`, `src/`, `tests/` (visible tests).
    pub starter: FileTree,
    /// The reference solution's editable files.
    pub solution: FileTree,
    /// Hidden test files, by file name.
    pub hidden: FileTree,
    /// Weak solutions by name: pass the tests, show the red flag.
    pub flawed: BTreeMap<String, FileTree>,
    /// Calibration solutions by name, written independently of the reference.
    pub calibration: BTreeMap<String, Calibration>,
    /// Every test of the exercise (visible then hidden), from the test sources.
    pub tests: Vec<TestCase>,
    /// Buggy variants of the reference (`chaff/*.patch`), by name, for the candidate's own tests.
    pub chaff: Vec<Chaff>,
}

/// A digest of `exercises` as the set holds them (metadata, starters, hidden tests, solutions):
/// two gradings or hand-outs of the same exercises have the same one.
pub fn exercises_digest(exercises: &[&Exercise]) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    let mut field = |name: &str, bytes: &[u8]| {
        // Length-prefixed fields: no two different inputs hash the same byte stream.
        hasher.update(name.as_bytes());
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    for exercise in exercises {
        field("exercise", exercise.id.as_bytes());
        field("meta", serde_json::to_string(&exercise.meta).unwrap_or_default().as_bytes());
        for (part, tree) in
            [("starter", &exercise.starter), ("hidden", &exercise.hidden), ("solution", &exercise.solution)]
        {
            for (path, bytes) in tree.iter() {
                field(&format!("{part}:{path}"), bytes);
            }
        }
        for chaff in &exercise.chaff {
            for (path, bytes) in chaff.files.iter() {
                field(&format!("chaff:{}:{path}", chaff.name), bytes);
            }
        }
    }
    format!("sha256:{}", crate::support::hex(&hasher.finalize()))
}

impl Exercise {
    /// The Cargo package (and crate) name: the id with `-` replaced by `_`.
    pub fn package_name(&self) -> String {
        self.id.replace('-', "_")
    }

    /// Whether a candidate may edit this crate-relative path.
    pub fn is_editable(&self, path: &str) -> bool {
        self.meta.editable.iter().any(|pattern| glob::matches(pattern, path))
    }

    /// The starter's editable files: what a candidate who changed nothing hands back.
    pub fn editable_starter(&self) -> FileTree {
        let mut files = FileTree::new();
        for (path, bytes) in self.starter.iter().filter(|(path, _)| self.is_editable(path)) {
            files.insert(path, bytes);
        }
        files
    }

    /// The visible test files (`tests/<stem>.rs` of the starter) as `(stem, source)`.
    pub fn visible_test_files(&self) -> Vec<(String, &[u8])> {
        test_files(&self.starter, "tests/")
    }

    /// The hidden test files as `(stem, source)`.
    pub fn hidden_test_files(&self) -> Vec<(String, &[u8])> {
        test_files(&self.hidden, "")
    }

    fn invalid(&self, reason: impl Into<String>) -> Error {
        Error::InvalidExercise { id: self.id.clone(), reason: reason.into() }
    }

    fn from_tree(id: &str, tree: &FileTree) -> Result<Exercise, Error> {
        let invalid = |reason: String| Error::InvalidExercise { id: id.to_owned(), reason };
        let level = parse_id(id).map_err(invalid)?;
        let meta_text =
            tree.text("exercise.toml").ok_or_else(|| invalid("exercise.toml is missing or not UTF-8".into()))?;
        let meta: ExerciseMeta =
            toml::from_str(meta_text).map_err(|source| Error::Toml { path: format!("{id}/exercise.toml"), source })?;
        if meta.level != level {
            return Err(invalid(format!("level `{}` does not match the id", meta.level)));
        }
        let flawed_tree = tree.subtree("flawed");
        let flawed = flawed_tree.child_dirs("").into_iter().map(|name| {
            let files = flawed_tree.subtree(&name);
            (name, files)
        });
        let calibration_tree = tree.subtree("calibration");
        let mut calibration = BTreeMap::new();
        for name in calibration_tree.child_dirs("") {
            let path = format!("{name}.toml");
            let text = calibration_tree
                .text(&path)
                .ok_or_else(|| invalid(format!("calibration/{name}/ has no calibration/{path}")))?;
            let meta: CalibrationMeta = toml::from_str(text)
                .map_err(|source| Error::Toml { path: format!("{id}/calibration/{path}"), source })?;
            calibration.insert(name.clone(), Calibration { meta, files: calibration_tree.subtree(&name) });
        }
        let solution = tree.subtree("solution");
        let chaff_tree = tree.subtree("chaff");
        let mut chaff = Vec::new();
        for (path, _) in chaff_tree.iter() {
            let Some(name) = path.strip_suffix(".patch").filter(|name| !name.contains('/')) else {
                return Err(invalid(format!("chaff/{path} is not a `<name>.patch` file")));
            };
            let text = chaff_tree.text(path).ok_or_else(|| invalid(format!("chaff/{path} is not UTF-8")))?;
            chaff.push(Chaff::parse(name, text, &solution).map_err(invalid)?);
        }
        let mut exercise = Exercise {
            id: id.to_owned(),
            statement: tree.text("README.md").unwrap_or_default().to_owned(),
            starter: tree.subtree("starter"),
            solution,
            hidden: tree.subtree("hidden"),
            flawed: flawed.collect(),
            calibration,
            meta,
            tests: Vec::new(),
            chaff,
        };
        exercise.check_layout()?;
        exercise.tests = exercise.list_tests()?;
        Ok(exercise)
    }

    /// Whether this is a written-answer exercise (no crate to build).
    pub fn is_written(&self) -> bool {
        self.meta.written.is_some()
    }

    fn check_layout(&self) -> Result<(), Error> {
        if self.statement.trim().is_empty() {
            return Err(self.invalid("README.md (the statement) is missing or empty"));
        }
        if let Some(interview) = &self.meta.interview {
            for (field, text) in [("explain", &interview.explain), ("extension", &interview.extension)] {
                if text.as_deref().is_some_and(|text| text.trim().is_empty()) {
                    return Err(self.invalid(format!("interview.{field} is empty: write it, or leave it out")));
                }
            }
        }
        if let Some(written) = &self.meta.written {
            if !self.is_editable(&written.file) || self.starter.get(&written.file).is_none() {
                return Err(self.invalid(format!("written.file `{}` must be editable and in starter/", written.file)));
            }
            if written.concepts.is_empty() {
                return Err(self.invalid("written.concepts is empty"));
            }
            return Ok(());
        }
        if self.starter.get("Cargo.toml").is_none() {
            return Err(self.invalid("starter/Cargo.toml is missing"));
        }
        if self.meta.editable.is_empty() {
            return Err(self.invalid("`editable` lists no files"));
        }
        if self.solution.is_empty() {
            return Err(self.invalid("solution/ is empty"));
        }
        let calibrated = self.calibration.iter().map(|(name, calibration)| (name.as_str(), &calibration.files));
        for (name, tree) in std::iter::once(("solution", &self.solution))
            .chain(self.flawed.iter().map(|(n, t)| (n.as_str(), t)))
            .chain(calibrated)
        {
            if let Some((path, _)) = tree.iter().find(|(path, _)| !self.is_editable(path)) {
                return Err(self.invalid(format!("{name} holds {path}, which `editable` does not match")));
            }
        }
        for rule in &self.meta.red_flag {
            if let Some(name) = rule.caught_in.iter().find(|name| !self.flawed.contains_key(*name)) {
                return Err(
                    self.invalid(format!("red flag `{}` names weak solution `{name}`, which flawed/ lacks", rule.id))
                );
            }
        }
        let mut stems: Vec<String> = Vec::new();
        for (stem, _) in self.visible_test_files().into_iter().chain(self.hidden_test_files()) {
            if !is_identifier(&stem) {
                return Err(self.invalid(format!("test file `{stem}.rs` must be named like a Rust module")));
            }
            if stems.contains(&stem) || stem == "main" {
                return Err(self.invalid(format!("test file name `{stem}.rs` is used twice (or reserved)")));
            }
            stems.push(stem);
        }
        if self.hidden_test_files().is_empty() {
            return Err(self.invalid("hidden/ has no test files"));
        }
        Ok(())
    }

    fn list_tests(&self) -> Result<Vec<TestCase>, Error> {
        if let Some(written) = &self.meta.written {
            let mut tests = vec![TestCase::check(TestKind::Written, inventory::WRITTEN_LENGTH_CHECK)];
            if !written.workloads.is_empty() {
                tests.push(TestCase::check(TestKind::Written, inventory::WRITTEN_DECISION_CHECK));
            }
            for concept in &written.concepts {
                if !is_identifier(&concept.name) || concept.any.is_empty() {
                    return Err(
                        self.invalid(format!("concept `{}` needs an identifier name and phrases", concept.name))
                    );
                }
            }
            return Ok(tests);
        }
        let mut tests = Vec::new();
        for (files, hidden) in [(self.visible_test_files(), false), (self.hidden_test_files(), true)] {
            for (stem, source) in files {
                let source = std::str::from_utf8(source)
                    .map_err(|_| self.invalid(format!("test file {stem}.rs is not UTF-8")))?;
                let names = inventory::tests_in_file(&stem, source)
                    .map_err(|err| self.invalid(format!("test file {stem}.rs does not parse: {err}")))?;
                tests.extend(names.into_iter().map(|name| TestCase { name, hidden, kind: TestKind::Test }));
            }
        }
        if !tests.iter().any(|test| test.hidden) {
            return Err(self.invalid("hidden/ declares no #[test] functions"));
        }
        for check in &self.meta.compile_fail {
            if !is_identifier(&check.name) {
                return Err(self.invalid(format!("compile_fail name `{}` must be a Rust identifier", check.name)));
            }
            if self.hidden.get(&check.file).is_none() {
                return Err(
                    self.invalid(format!("compile_fail `{}`: hidden/{} does not exist", check.name, check.file))
                );
            }
            tests.push(TestCase::check(TestKind::CompileFail, &check.name));
        }
        for budget in &self.meta.budget {
            if !tests.iter().any(|test| test.name == budget.test && test.kind == TestKind::Test) {
                return Err(self
                    .invalid(format!("budget `{}` names test `{}`, which does not exist", budget.name, budget.test)));
            }
            // A habit probe raises a red flag; only a plain budget is a scored check.
            if budget.flag.is_none() {
                tests.push(TestCase::check(TestKind::Budget, &budget.name));
            }
        }
        let mut snippets: Vec<&str> = self.meta.compile_fail.iter().map(|check| check.name.as_str()).collect();
        for probe in &self.meta.probe {
            if !is_identifier(&probe.name) {
                return Err(self.invalid(format!("probe name `{}` must be a Rust identifier", probe.name)));
            }
            if self.hidden.get(&probe.file).is_none() {
                return Err(self.invalid(format!("probe `{}`: hidden/{} does not exist", probe.name, probe.file)));
            }
            if snippets.contains(&probe.name.as_str()) {
                return Err(self.invalid(format!("probe `{}` has the name of another probe or check", probe.name)));
            }
            snippets.push(&probe.name);
        }
        for probe in &self.meta.variant_probe {
            let declared = self.solution.iter().chain(self.starter.iter()).any(|(path, source)| {
                path.ends_with(".rs") && String::from_utf8_lossy(source).contains(&format!("enum {}", probe.enum_name))
            });
            if !declared {
                return Err(
                    self.invalid(format!("variant probe: no `enum {}` in the starter or solution", probe.enum_name))
                );
            }
        }
        let mut names: Vec<&str> = tests.iter().map(|test| test.name.as_str()).collect();
        names.sort_unstable();
        if let Some(pair) = names.windows(2).find(|pair| pair[0] == pair[1]) {
            return Err(self.invalid(format!("two checks are named `{}`", pair[0])));
        }
        Ok(tests)
    }
}

/// The `.rs` files directly inside `folder` (a prefix like `tests/`, or "" for the root).
fn test_files<'a>(tree: &'a FileTree, folder: &str) -> Vec<(String, &'a [u8])> {
    tree.iter()
        .filter_map(|(path, bytes)| path.strip_prefix(folder).map(|rest| (rest, bytes)))
        .filter(|(path, _)| !path.contains('/'))
        .filter_map(|(path, bytes)| path.strip_suffix(".rs").map(|stem| (stem.to_owned(), bytes)))
        .collect()
}

fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Checks an id (`junior-02-borrowing`) and returns its level.
fn parse_id(id: &str) -> Result<Level, String> {
    let bad = || format!("id `{id}` is not `<junior|mid|senior>-<two digits>-<topic>`");
    let mut parts = id.splitn(3, '-');
    let level: Level = parts.next().ok_or_else(bad)?.parse().map_err(|_| bad())?;
    let order = parts.next().ok_or_else(bad)?;
    let topic = parts.next().ok_or_else(bad)?;
    let order_ok = order.len() == 2 && order.bytes().all(|b| b.is_ascii_digit());
    let topic_ok = !topic.is_empty()
        && topic.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !topic.starts_with('-')
        && !topic.ends_with('-');
    if order_ok && topic_ok {
        Ok(level)
    } else {
        Err(bad())
    }
}

/// Every exercise of a set, in id order.
#[derive(Debug, Clone)]
pub struct ExerciseSet {
    exercises: Vec<Exercise>,
    /// Where the set came from, for messages (`embedded` or a folder).
    pub origin: String,
}

impl ExerciseSet {
    /// The set embedded in the binary at build time.
    pub fn embedded() -> Result<ExerciseSet, Error> {
        let mut tree = FileTree::new();
        for (path, bytes) in embedded::EXERCISE_FILES {
            tree.insert(*path, *bytes);
        }
        Self::from_tree(&tree, "embedded exercise set".to_owned())
    }

    /// The set in a folder laid out as `exercises/README.md` describes.
    pub fn load_dir(dir: &Path) -> Result<ExerciseSet, Error> {
        PathArg {
            what: "exercise set",
            expected: Expected::Folder,
            hint: "pass --exercises the folder that holds the exercise folders (such as the repository's \
                   exercises/), or leave it out for the set embedded in the grader",
        }
        .existing(dir)?;
        let (tree, _) = FileTree::read_dir(dir, ReadLimits::EXERCISE_SET, &|_| true)?;
        Self::from_tree(&tree, dir.display().to_string())
    }

    /// Folders holding an `exercise.toml` are exercises; every other folder is ignored.
    pub(crate) fn from_tree(tree: &FileTree, origin: String) -> Result<ExerciseSet, Error> {
        let exercises = tree
            .child_dirs("")
            .into_iter()
            .filter(|dir| tree.get(&format!("{dir}/exercise.toml")).is_some())
            .map(|id| Exercise::from_tree(&id, &tree.subtree(&id)))
            .collect::<Result<Vec<_>, _>>()?;
        if exercises.is_empty() {
            return Err(Error::InvalidExercise {
                id: origin,
                reason: "no exercise folders (folders with an exercise.toml) found".into(),
            });
        }
        Ok(ExerciseSet { exercises, origin })
    }

    /// All exercises, in id order (so junior, then mid, then senior within a set named by level).
    pub fn exercises(&self) -> &[Exercise] {
        &self.exercises
    }

    /// The same set without its habit probes: no compile or variant probes, no allocation budget
    /// that raises a red flag, nor the tests that measure for those budgets. The grading benchmark
    /// compares grading with and without them; it is not a way to grade candidates.
    pub fn without_habit_probes(&self) -> ExerciseSet {
        let mut set = self.clone();
        for exercise in &mut set.exercises {
            let measuring: Vec<String> =
                exercise.meta.budget.iter().filter(|budget| budget.flag.is_some()).map(|b| b.test.clone()).collect();
            exercise.tests.retain(|test| !measuring.contains(&test.name));
            exercise.meta.budget.retain(|budget| budget.flag.is_none());
            exercise.meta.probe.clear();
            exercise.meta.variant_probe.clear();
        }
        set
    }

    /// One exercise by id.
    pub fn get(&self, id: &str) -> Result<&Exercise, Error> {
        self.exercises.iter().find(|exercise| exercise.id == id).ok_or_else(|| Error::UnknownExercise {
            id: id.to_owned(),
            known: self.exercises.iter().map(|exercise| exercise.id.as_str()).collect::<Vec<_>>().join(", "),
        })
    }

    /// The exercises chosen by level and/or id; both empty means all of them.
    pub fn select(&self, levels: &[Level], ids: &[String]) -> Result<Vec<&Exercise>, Error> {
        for id in ids {
            self.get(id)?;
        }
        Ok(self
            .exercises
            .iter()
            .filter(|exercise| {
                let by_level = levels.is_empty() || levels.contains(&exercise.meta.level);
                let by_id = ids.is_empty() || ids.contains(&exercise.id);
                by_level && by_id
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_without_habit_probes_keeps_every_scored_test() {
        let set = ExerciseSet::embedded().expect("the embedded set loads");
        let bare = set.without_habit_probes();
        let junior = bare.get("junior-02-borrowing").expect("junior-02");
        assert!(set.get("junior-02-borrowing").expect("junior-02").meta.budget.iter().any(|b| b.flag.is_some()));
        assert!(junior.meta.budget.iter().all(|budget| budget.flag.is_none()));
        assert!(!junior.tests.iter().any(|test| test.name == "hidden::transfers_copy_no_account"));
        assert!(junior.tests.iter().any(|test| test.name == "hidden::transfer_to_self_is_rejected"));
        for exercise in bare.exercises() {
            assert!(exercise.meta.probe.is_empty() && exercise.meta.variant_probe.is_empty(), "{}", exercise.id);
        }
        // Every check that is scored (not a habit probe) is still there.
        let scored = |set: &ExerciseSet| -> usize {
            set.exercises().iter().map(|e| e.tests.iter().filter(|t| t.kind != TestKind::Test).count()).sum()
        };
        assert_eq!(scored(&set), scored(&bare));
    }

    #[test]
    fn ids_must_name_a_level_an_order_and_a_topic() {
        assert_eq!(parse_id("junior-02-borrowing"), Ok(Level::Junior));
        assert_eq!(parse_id("senior-01-send-sync"), Ok(Level::Senior));
        assert!(parse_id("expert-01-x").is_err());
        assert!(parse_id("mid-1-x").is_err());
        assert!(parse_id("mid-01-").is_err());
        assert!(parse_id("mid-01-Caps").is_err());
    }

    #[test]
    fn the_embedded_set_loads_and_every_exercise_has_hidden_tests() {
        let set = ExerciseSet::embedded().expect("embedded set loads");
        assert!(!set.exercises().is_empty());
        for exercise in set.exercises() {
            assert!(exercise.tests.iter().any(|test| test.hidden), "{}", exercise.id);
            assert!(exercise.is_written() || exercise.is_editable("src/lib.rs"), "{}", exercise.id);
        }
    }

    #[test]
    fn every_embedded_exercise_has_an_interview_question_and_extension() {
        let set = ExerciseSet::embedded().expect("embedded set loads");
        for exercise in set.exercises() {
            let interview =
                exercise.meta.interview.as_ref().unwrap_or_else(|| panic!("{}: no [interview]", exercise.id));
            assert!(interview.explain.as_deref().is_some_and(|t| t.len() > 40), "{}", exercise.id);
            assert!(interview.extension.as_deref().is_some_and(|t| t.len() > 40), "{}", exercise.id);
        }
    }

    #[test]
    fn interview_fields_are_optional_but_never_blank() {
        let base = "title = \"t\"\nlevel = \"mid\"\ntopic = \"x\"\neditable = [\"src/lib.rs\"]\n\
                    [question]\nasked = \"a\"\ngood_answer = \"b\"\nred_flag = \"c\"\n";
        let tree = |meta: &str| {
            let mut tree = FileTree::new();
            tree.insert("mid-01-x/exercise.toml", meta.to_owned());
            tree.insert("mid-01-x/README.md", "# x\n");
            tree.insert("mid-01-x/starter/Cargo.toml", "[package]\nname = \"mid_01_x\"\n");
            tree.insert("mid-01-x/starter/src/lib.rs", "pub fn f() {}\n");
            tree.insert("mid-01-x/solution/src/lib.rs", "pub fn f() {}\n");
            tree.insert("mid-01-x/hidden/hidden.rs", "#[test]\nfn t() {}\n");
            tree
        };
        let old = ExerciseSet::from_tree(&tree(base), "test".into()).expect("a set without [interview] loads");
        assert!(old.exercises()[0].meta.interview.is_none());
        let half = format!("{base}[interview]\nextension = \"Add a method.\"\n");
        let loaded = ExerciseSet::from_tree(&tree(&half), "test".into()).expect("one field is enough");
        let interview = loaded.exercises()[0].meta.interview.clone().expect("[interview]");
        assert_eq!((interview.explain, interview.extension.as_deref()), (None, Some("Add a method.")));
        let blank = format!("{base}[interview]\nexplain = \"  \"\n");
        let Err(err) = ExerciseSet::from_tree(&tree(&blank), "test".into()) else { panic!("a blank field is refused") };
        assert!(err.to_string().contains("interview.explain is empty"), "{err}");
        let unknown = format!("{base}[interview]\nexplian = \"typo\"\n");
        assert!(ExerciseSet::from_tree(&tree(&unknown), "test".into()).is_err(), "a misspelt field is refused");
    }
}
