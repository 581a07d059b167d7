//! Embeds the default exercise set (`../exercises`) and rubric (`../rubrics/default.toml`) into the
//! binary, so an installed `grader` works from any directory. Generates `$OUT_DIR/embedded.rs`
//! holding one `(relative path, bytes)` entry per exercise file.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs, io};

/// Folders never embedded: build output and VCS metadata.
const SKIPPED_DIRS: &[&str] = &["target", ".git"];

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) -> io::Result<()> {
    let mut entries = fs::read_dir(dir)?.collect::<io::Result<Vec<_>>>()?;
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            if !SKIPPED_DIRS.contains(&name.as_str()) {
                collect(root, &path, out)?;
            }
        } else if kind.is_file() && name != "Cargo.lock" {
            let relative = path
                .strip_prefix(root)
                .map_err(io::Error::other)?
                .components()
                .map(|part| part.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.push((relative, fs::canonicalize(&path)?));
        }
    }
    Ok(())
}

fn main() -> io::Result<()> {
    let manifest_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").map_err(io::Error::other)?);
    let exercises = manifest_dir.join("../exercises");
    let rubric = manifest_dir.join("../rubrics/default.toml");
    println!("cargo:rerun-if-changed={}", exercises.display());
    println!("cargo:rerun-if-changed={}", rubric.display());

    let mut files = Vec::new();
    if exercises.is_dir() {
        collect(&exercises, &exercises, &mut files)?;
    }
    let mut code = String::from("/// Every file of the default exercise set, by path relative to `exercises/`.\n");
    code.push_str("pub static EXERCISE_FILES: &[(&str, &[u8])] = &[\n");
    for (relative, absolute) in &files {
        writeln!(code, "    ({relative:?}, include_bytes!({:?})),", absolute.display().to_string())
            .map_err(io::Error::other)?;
    }
    code.push_str("];\n");
    let rubric_text = if rubric.is_file() {
        format!("include_str!({:?})", fs::canonicalize(&rubric)?.display().to_string())
    } else {
        "\"\"".to_owned()
    };
    writeln!(
        code,
        "/// The default rubric (`rubrics/default.toml`).\npub static DEFAULT_RUBRIC: &str = {rubric_text};"
    )
    .map_err(io::Error::other)?;
    let out = PathBuf::from(env::var("OUT_DIR").map_err(io::Error::other)?).join("embedded.rs");
    fs::write(out, code)
}
