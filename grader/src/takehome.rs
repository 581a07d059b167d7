//! `grader init`: writes the folder a candidate gets. A Cargo workspace of the chosen starters,
//! each with its statement and visible tests, and a README saying how to work and hand in.
//! Never the hidden tests, the reference solutions or the weak solutions. The main function is
//! [`init`].

use std::fmt::Write as _;
use std::path::Path;

use crate::error::Error;
use crate::exercise::Exercise;
use crate::filetree::FileTree;

/// The take-home as files, ready to write.
pub fn take_home(exercises: &[&Exercise]) -> FileTree {
    let mut tree = FileTree::new();
    // Written answers are documents, not crates: they are not workspace members.
    let members: Vec<String> =
        exercises.iter().filter(|e| !e.is_written()).map(|e| format!("    {:?},", e.id)).collect();
    tree.insert("Cargo.toml", format!("[workspace]\nresolver = \"2\"\nmembers = [\n{}\n]\n", members.join("\n")));
    tree.insert(".gitignore", "target/\n");
    tree.insert("README.md", instructions(exercises));
    for exercise in exercises {
        for (path, bytes) in exercise.starter.iter() {
            tree.insert(format!("{}/{path}", exercise.id), bytes);
        }
        tree.insert(format!("{}/README.md", exercise.id), exercise.statement.as_str());
    }
    tree
}

/// Writes the take-home into `dir`, which must not exist or be empty.
pub fn init(dir: &Path, exercises: &[&Exercise]) -> Result<FileTree, Error> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|source| Error::io("read", dir, source))?;
        if entries.next().is_some() {
            return Err(Error::TargetNotEmpty(dir.to_path_buf()));
        }
    }
    let tree = take_home(exercises);
    tree.write_to(dir)?;
    Ok(tree)
}

fn instructions(exercises: &[&Exercise]) -> String {
    let mut text = String::from(
        "# Rust take-home\n\n\
         Each folder below is one small exercise: a Rust crate that does not work yet. Read the\n\
         exercise's `README.md`, change the files it lets you change, and make its tests pass.\n\
         Every exercise should take minutes, not hours.\n\n\
         ## How to work\n\n\
         - You need a stable Rust toolchain (https://rustup.rs). No other crates are needed: the\n\
           exercises use the standard library only and build offline.\n\
         - `cargo test -p <package>` runs one exercise's tests; `cargo test` runs them all.\n\
         - Change only the editable files listed below. Everything else (manifests, `tests/`) is\n\
           replaced with our copy when we grade.\n\
         - We also run tests you cannot see, on other inputs and edge cases. Solve the problem, not\n\
           the visible tests. How you solve it matters too: write the code you would want to review.\n\n\
         ## Handing in\n\n\
         Send this whole folder back (a zip or a git repository), without `target/`.\n\
         An exercise you skip simply scores zero.\n\n\
         ## Exercises\n\n\
         | folder | level | topic | editable files |\n|---|---|---|---|\n",
    );
    for exercise in exercises {
        let _ = writeln!(
            text,
            "| `{}` | {} | {} | {} |",
            exercise.id,
            exercise.meta.level,
            exercise.meta.topic,
            exercise.meta.editable.iter().map(|e| format!("`{e}`")).collect::<Vec<_>>().join(", ")
        );
    }
    text
}
