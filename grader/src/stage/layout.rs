//! The staging layout, the one naming contract between the stages: the names and folders of the
//! targets and packages the grader writes into a staged workspace, and how a path rustc reports
//! maps back to what the candidate knows ([`SourceOrigin`]). Build and run read these names from
//! here and nowhere else. The main type is [`SourceOrigin`].

/// Name of the single test target of every staged crate, and its folder.
pub const TEST_TARGET: &str = "grader_tests";
/// A second target with the visible tests only, built when nothing but the hidden tests fails to
/// compile (the candidate's API differs from what they expect), so visible tests still count.
pub const VISIBLE_TARGET: &str = "grader_visible";
/// The test target of an exercise whose tests are in the combined binary: the same modules as
/// [`TEST_TARGET`], built on its own only when the combined binary cannot be.
pub const OWN_TARGET: &str = "grader_own";
/// Package and target names of the combined test crates (`grader_combined_<n>`) and of their
/// retries without the exercises that broke them (`grader_retry_<n>`); their folders are the same
/// with `-` ([`package_dir`]). Exercise ids (`<level>-<nn>-<topic>`) cannot take these names.
pub const COMBINED_PREFIX: &str = "grader_combined_";
pub const RETRY_PREFIX: &str = "grader_retry_";
/// The measuring helpers (a counting allocator, reporting to the grader) added at the root of a
/// test crate whose tests use `crate::grader_measure`.
pub const MEASURE_MODULE: &str = "grader_measure";
pub const MEASURE_SOURCE: &str = include_str!("../../measure/grader_measure.rs");
/// The edition of the combined crate; exercises on another edition keep their own binary.
pub const COMBINED_EDITION: &str = "2021";
/// The test target, and its folder, of the candidate's own tests (in their crate, and in the
/// exercise's chaff package).
pub const CANDIDATE_TARGET: &str = "grader_candidate";
/// The same target in an exercise whose candidate tests are in the combined candidate crates
/// (a fallback, built only when those cannot be), as [`OWN_TARGET`] is for the exercise's tests.
pub const CANDIDATE_OWN_TARGET: &str = "grader_candidate_own";
/// The combined test crates of the candidate's own tests: against their libraries, and against
/// the chaff packages. Package, target and (with `-`) folder names.
pub const CANDIDATE_ALL: &str = "grader_candidate_all";
pub const CHAFF_ALL: &str = "grader_chaff_all";
/// The folder of the chaff packages in a staged workspace (`grader-chaff/<id>/`): outside every
/// exercise's crate folder, so nothing built there is taken for the candidate's.
pub const CHAFF_DIR: &str = "grader-chaff";
/// Prefix of the target names of must-not-compile snippets (`grader_cf_<check name>`).
pub const COMPILE_FAIL_PREFIX: &str = "grader_cf_";
/// Folder of the must-not-compile snippets in a staged crate.
pub const COMPILE_FAIL_DIR: &str = "grader_compile_fail";
/// The staged workspace inside the staging folder.
pub const WORKSPACE_DIR: &str = "ws";
/// cargo's target folder inside the staging folder (the linted build).
pub const TARGET_DIR: &str = "target";
/// The target folder of the build without clippy, when a lint the candidate denies broke the first.
pub const PLAIN_TARGET_DIR: &str = "target-plain";
/// The jail (HOME, TMPDIR, CARGO_HOME of children) inside the staging folder.
pub const JAIL_DIR: &str = "jail";

/// The folder of a grader-made package: its name with `-` for `_`.
pub fn package_dir(package: &str) -> String {
    package.replace('_', "-")
}

/// The group of a combined crate or retry package (`grader_combined_1` → 1).
pub fn combined_group(package: &str) -> Option<usize> {
    package.strip_prefix(COMBINED_PREFIX).or_else(|| package.strip_prefix(RETRY_PREFIX))?.parse().ok()
}

/// The module of a combined crate that holds an exercise's tests (`ex_<crate name>`).
pub fn combined_module(crate_name: &str) -> String {
    format!("ex_{crate_name}")
}

/// Where a file rustc reports comes from, seen from the candidate's side.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SourceOrigin {
    /// One of the exercise's own files (`src/lib.rs`): the candidate's, or the starter's.
    Crate(String),
    /// A visible test file (`tests/<stem>.rs` in the take-home).
    VisibleTests(String),
    /// A hidden test file, by stem.
    HiddenTests(String),
    /// A must-not-compile snippet, by file name.
    Snippet(String),
    /// Anything else, as rustc wrote it.
    Elsewhere(String),
}

impl SourceOrigin {
    /// Classifies `file_name` (relative to the staged workspace, as rustc writes it) for the
    /// exercise `id`, whose hidden test modules are `hidden_modules`.
    pub fn of(file_name: &str, id: &str, hidden_modules: &[String]) -> SourceOrigin {
        let Some(inside) = file_name.strip_prefix(id).and_then(|rest| rest.strip_prefix('/')) else {
            return SourceOrigin::Elsewhere(file_name.to_owned());
        };
        if let Some(snippet) = inside.strip_prefix(COMPILE_FAIL_DIR).and_then(|rest| rest.strip_prefix('/')) {
            return SourceOrigin::Snippet(snippet.to_owned());
        }
        match inside.strip_prefix(TEST_TARGET).and_then(|rest| rest.strip_prefix('/')) {
            Some(test_file) => match test_file.strip_suffix(".rs") {
                Some(stem) if hidden_modules.iter().any(|hidden| hidden == stem) => {
                    SourceOrigin::HiddenTests(stem.to_owned())
                }
                Some(stem) => SourceOrigin::VisibleTests(stem.to_owned()),
                None => SourceOrigin::Elsewhere(file_name.to_owned()),
            },
            None => SourceOrigin::Crate(inside.to_owned()),
        }
    }

    /// The path a report shows: `<id>/src/lib.rs`, `<id>/tests/<stem>.rs`,
    /// `<id>/hidden tests (<stem>.rs)`, `<id>/hidden check (<name>.rs)`.
    pub fn display_path(&self, id: &str) -> String {
        match self {
            SourceOrigin::Crate(file) => format!("{id}/{file}"),
            SourceOrigin::VisibleTests(stem) => format!("{id}/tests/{stem}.rs"),
            SourceOrigin::HiddenTests(stem) => format!("{id}/hidden tests ({stem}.rs)"),
            SourceOrigin::Snippet(name) => format!("{id}/hidden check ({name})"),
            SourceOrigin::Elsewhere(path) => path.clone(),
        }
    }

    /// The same origin seen from inside `folder` of the crate: `Crate("<folder>/src/lib.rs")`
    /// becomes `Crate("src/lib.rs")` (for a staged copy of the crate, such as a variant probe's).
    pub fn inside(self, folder: &str) -> SourceOrigin {
        match self {
            SourceOrigin::Crate(file) => match file.strip_prefix(folder).and_then(|rest| rest.strip_prefix('/')) {
                Some(inner) => SourceOrigin::Crate(inner.to_owned()),
                None => SourceOrigin::Crate(file),
            },
            other => other,
        }
    }

    /// The file within the exercise's crate, when the origin is one.
    pub fn crate_file(&self) -> Option<&str> {
        match self {
            SourceOrigin::Crate(file) => Some(file),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rustc_paths_map_back_to_what_the_candidate_knows() {
        let hidden = vec!["hidden".to_owned()];
        let origin = |path: &str| SourceOrigin::of(path, "mid-02-traits", &hidden);
        assert_eq!(origin("mid-02-traits/src/lib.rs"), SourceOrigin::Crate("src/lib.rs".into()));
        assert_eq!(origin("mid-02-traits/grader_tests/visible.rs"), SourceOrigin::VisibleTests("visible".into()));
        assert_eq!(origin("mid-02-traits/grader_tests/hidden.rs"), SourceOrigin::HiddenTests("hidden".into()));
        assert_eq!(
            origin("mid-02-traits/grader_compile_fail/no_clone.rs"),
            SourceOrigin::Snippet("no_clone.rs".into())
        );
        assert_eq!(
            origin("/rustc/library/core/src/x.rs"),
            SourceOrigin::Elsewhere("/rustc/library/core/src/x.rs".into())
        );
        assert_eq!(
            origin("mid-02-traits/grader_tests/hidden.rs").display_path("mid-02-traits"),
            "mid-02-traits/hidden tests (hidden.rs)"
        );
        assert_eq!(origin("mid-02-traits/src/lib.rs").display_path("mid-02-traits"), "mid-02-traits/src/lib.rs");
    }

    #[test]
    fn combined_packages_name_their_group() {
        assert_eq!(combined_group("grader_combined_3"), Some(3));
        assert_eq!(combined_group("grader_retry_0"), Some(0));
        assert_eq!(combined_group("junior_01_ownership"), None);
        assert_eq!(package_dir("grader_combined_1"), "grader-combined-1");
    }
}
