//! Writes the `Cargo.toml` of a staged crate. It is always the exercise's own manifest, with
//! everything that could run code at build time or add targets removed, and the grader's single
//! test target declared. Where an exercise lets the candidate edit `Cargo.toml` (to depend on a
//! local crate the exercise ships), only the candidate's `[dependencies]` are taken, and only
//! path dependencies on those local crates: no registry, git or outside-the-tree dependency.
//! It also says whether an exercise's crate can join the combined test crate ([`combinable`]).
//! The main function is [`staged_manifest`].

use super::layout::{COMPILE_FAIL_DIR, COMPILE_FAIL_PREFIX, TEST_TARGET, VISIBLE_TARGET};
use crate::error::Error;
use crate::exercise::Exercise;
use crate::filetree::Ignored;

/// Keys a candidate's dependency entry may use.
const ALLOWED_DEPENDENCY_KEYS: &[&str] = &["path", "features", "default-features", "optional"];

/// Whether the exercise's tests can be compiled in a combined test crate of `edition`: its
/// manifest is not the candidate's to edit, it has no dependencies, its package is named after
/// the exercise id, and its edition is `edition`.
pub fn combinable(exercise: &Exercise, edition: &str) -> bool {
    let Some(Ok(manifest)) = exercise.starter.text("Cargo.toml").map(toml::from_str::<toml::Table>) else {
        return false;
    };
    let package = manifest.get("package").and_then(toml::Value::as_table);
    let field = |key: &str| package.and_then(|package| package.get(key)).and_then(toml::Value::as_str);
    let no_dependencies = ["dependencies", "dev-dependencies", "build-dependencies", "target"]
        .iter()
        .all(|key| manifest.get(*key).and_then(toml::Value::as_table).is_none_or(toml::Table::is_empty));
    !exercise.is_editable("Cargo.toml")
        && no_dependencies
        && field("name") == Some(exercise.package_name().as_str())
        && field("edition").unwrap_or("2015") == edition
}

/// The staged manifest, as a table the caller writes out, and what of the candidate's manifest was
/// refused. `test_target` names the target of the exercise's own test binary (visible and hidden
/// tests).
pub fn staged_manifest(
    exercise: &Exercise,
    candidate_manifest: Option<&str>,
    test_target: &str,
) -> Result<(toml::Table, Vec<Ignored>), Error> {
    let text = exercise.starter.text("Cargo.toml").unwrap_or_default();
    let mut manifest: toml::Table = toml::from_str(text)
        .map_err(|source| Error::Toml { path: format!("{}/starter/Cargo.toml", exercise.id), source })?;
    let mut refused = Vec::new();
    if let (true, Some(candidate)) = (exercise.is_editable("Cargo.toml"), candidate_manifest) {
        let dependencies = candidate_dependencies(exercise, candidate, &mut refused);
        manifest.insert("dependencies".into(), toml::Value::Table(dependencies));
    }
    for key in ["test", "bench", "example", "bin", "build-dependencies", "profile", "workspace", "patch", "replace"] {
        manifest.remove(key);
    }
    let package = manifest.get_mut("package").and_then(toml::Value::as_table_mut).ok_or_else(|| {
        Error::InvalidExercise { id: exercise.id.clone(), reason: "starter/Cargo.toml has no [package]".into() }
    })?;
    for key in ["autotests", "autobenches", "autoexamples", "autobins", "build"] {
        package.insert(key.to_owned(), toml::Value::Boolean(false));
    }
    package.remove("workspace");
    let mut lib = toml::Table::new();
    lib.insert("path".into(), "src/lib.rs".into());
    lib.insert("doctest".into(), false.into());
    lib.insert("proc-macro".into(), false.into());
    manifest.insert("lib".into(), toml::Value::Table(lib));
    let mut test = toml::Table::new();
    test.insert("name".into(), test_target.into());
    test.insert("path".into(), format!("{TEST_TARGET}/main.rs").into());
    let mut visible = toml::Table::new();
    visible.insert("name".into(), VISIBLE_TARGET.into());
    visible.insert("path".into(), format!("{TEST_TARGET}/visible_main.rs").into());
    let targets = vec![toml::Value::Table(test), toml::Value::Table(visible)];
    let names = exercise
        .meta
        .compile_fail
        .iter()
        .map(|check| &check.name)
        .chain(exercise.meta.probe.iter().map(|probe| &probe.name));
    // Snippets only need the compiler's verdict: each is an example built as an rlib, so nothing
    // is linked (a linked binary per snippet cost a tenth of a second each). Type and borrow
    // errors, which every snippet's check names, are found in every function body all the same.
    let mut snippets = Vec::new();
    for name in names {
        let mut snippet = toml::Table::new();
        snippet.insert("name".into(), format!("{COMPILE_FAIL_PREFIX}{name}").into());
        snippet.insert("path".into(), format!("{COMPILE_FAIL_DIR}/{name}.rs").into());
        snippet.insert("crate-type".into(), toml::Value::Array(vec!["rlib".into()]));
        snippets.push(toml::Value::Table(snippet));
    }
    manifest.insert("test".into(), toml::Value::Array(targets));
    if !snippets.is_empty() {
        manifest.insert("example".into(), toml::Value::Array(snippets));
    }
    Ok((manifest, refused))
}

/// The candidate's `[dependencies]`, keeping only path dependencies on the exercise's local
/// crates (folders of the starter holding a `Cargo.toml`). Everything else goes to `refused`.
fn candidate_dependencies(exercise: &Exercise, candidate: &str, refused: &mut Vec<Ignored>) -> toml::Table {
    let mut refuse = |path: String, reason: String| refused.push(Ignored { path, reason });
    let parsed: toml::Table = match toml::from_str(candidate) {
        Ok(parsed) => parsed,
        Err(err) => {
            refuse("Cargo.toml".into(), format!("does not parse, so no dependency was taken: {err}"));
            return toml::Table::new();
        }
    };
    let mut kept = toml::Table::new();
    let Some(dependencies) = parsed.get("dependencies").and_then(toml::Value::as_table) else {
        return kept;
    };
    for (name, spec) in dependencies {
        let place = format!("Cargo.toml [dependencies] {name}");
        let Some(table) = spec.as_table() else {
            refuse(place, "registry dependencies are not allowed: grading is offline and std-only".into());
            continue;
        };
        if let Some(key) = table.keys().find(|key| !ALLOWED_DEPENDENCY_KEYS.contains(&key.as_str())) {
            refuse(place, format!("`{key}` is not allowed; only a `path` to a local crate of the exercise"));
            continue;
        }
        let Some(path) = table.get("path").and_then(toml::Value::as_str) else {
            refuse(place, "only `path` dependencies on the exercise's local crates are allowed".into());
            continue;
        };
        let local = path.trim_start_matches("./").trim_end_matches('/');
        let is_local_crate = !local.is_empty()
            && local.split('/').all(|part| !part.is_empty() && part != "..")
            && exercise.starter.get(&format!("{local}/Cargo.toml")).is_some();
        if !is_local_crate {
            refuse(place, format!("path `{path}` is not one of the exercise's local crates"));
            continue;
        }
        kept.insert(name.clone(), spec.clone());
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exercise::ExerciseSet;
    use crate::filetree::FileTree;

    fn exercise_with_local_crate() -> ExerciseSet {
        let mut tree = FileTree::new();
        let id = "junior-07-cargo";
        tree.insert(
            format!("{id}/exercise.toml"),
            "title = \"t\"\nlevel = \"junior\"\ntopic = \"cargo\"\neditable = [\"Cargo.toml\", \"src/**/*.rs\"]\n\
             [question]\nasked = \"a\"\ngood_answer = \"b\"\nred_flag = \"c\"\n",
        );
        tree.insert(format!("{id}/README.md"), "Do it.");
        tree.insert(
            format!("{id}/starter/Cargo.toml"),
            "[package]\nname = \"junior_07_cargo\"\nversion = \"0.1.0\"\nbuild = \"build.rs\"\n",
        );
        tree.insert(format!("{id}/starter/src/lib.rs"), "");
        tree.insert(format!("{id}/starter/units/Cargo.toml"), "[package]\nname = \"units\"\nversion = \"0.1.0\"\n");
        tree.insert(format!("{id}/starter/units/src/lib.rs"), "");
        tree.insert(format!("{id}/solution/src/lib.rs"), "");
        tree.insert(format!("{id}/hidden/hidden.rs"), "#[test] fn t() {}");
        ExerciseSet::from_tree(&tree, "test".into()).expect("valid exercise")
    }

    #[test]
    fn only_path_dependencies_on_local_crates_are_taken() {
        let set = exercise_with_local_crate();
        let exercise = &set.exercises()[0];
        let candidate = "[package]\nname = \"evil\"\nbuild = \"build.rs\"\n[dependencies]\n\
            units = { path = \"units\", features = [\"metric\"] }\n\
            serde = \"1\"\n\
            outside = { path = \"../../etc\" }\n\
            gitdep = { git = \"https://example.com/x\" }\n\
            [build-dependencies]\ncc = \"1\"\n";
        let (manifest, refused) = staged_manifest(exercise, Some(candidate), TEST_TARGET).expect("manifest");
        let text = toml::to_string(&manifest).expect("serializes");
        let manifest: toml::Table = toml::from_str(&text).expect("valid TOML");
        let dependencies = manifest["dependencies"].as_table().expect("dependencies");
        assert_eq!(dependencies.keys().collect::<Vec<_>>(), ["units"]);
        assert_eq!(manifest["package"]["name"].as_str(), Some("junior_07_cargo"));
        assert_eq!(manifest["package"]["build"].as_bool(), Some(false));
        assert!(manifest.get("build-dependencies").is_none());
        let refused: Vec<&str> = refused.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(
            refused,
            [
                "Cargo.toml [dependencies] gitdep",
                "Cargo.toml [dependencies] outside",
                "Cargo.toml [dependencies] serde"
            ]
        );
    }

    #[test]
    fn a_manifest_that_does_not_parse_is_reported_not_fatal() {
        let set = exercise_with_local_crate();
        let (manifest, refused) = staged_manifest(&set.exercises()[0], Some("[[["), TEST_TARGET).expect("manifest");
        let text = toml::to_string(&manifest).expect("serializes");
        assert!(text.contains("grader_tests"));
        assert_eq!(refused.len(), 1);
        assert!(refused[0].reason.contains("does not parse"));
    }
}
