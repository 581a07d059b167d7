//! `grader init`: writes the folder a candidate gets. A Cargo workspace of the chosen starters,
//! each with its statement and visible tests, a README saying how to work and hand in, and the
//! take-home's [`Manifest`] (what was handed out, sealed with a key of this machine, so `check`
//! grades the same selection later and notices an edited list). Never the hidden tests, the
//! reference solutions or the weak solutions. The main function is [`init`].

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Expected, PathArg};
use crate::exercise::{exercises_digest, Exercise};
use crate::filetree::FileTree;

pub use crate::intake::MANIFEST_FILE;
use crate::intake::{CandidateFiles, Submission};
/// The manifest format this grader writes and reads.
const MANIFEST_FORMAT: u32 = 1;

/// What `grader init` handed out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: u32,
    pub grader_version: String,
    /// The exercises handed out, by id.
    pub exercises: Vec<String>,
    /// A digest of those exercises as the set held them (metadata, starters, hidden tests,
    /// solutions): a different value later means the exercise set changed since.
    pub exercise_set: String,
    /// A digest of the rubric in use when the take-home was handed out.
    pub rubric: String,
    /// HMAC-SHA256 of the fields above with this machine's key (see [`seal_key_path`]); empty
    /// when no key could be kept.
    #[serde(default)]
    pub seal: String,
}

/// How far a manifest that came back can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seal {
    /// Sealed with this machine's key, and unchanged.
    Intact,
    /// This machine has no key it was sealed with (written elsewhere, or the key is gone).
    Unverifiable,
    /// Sealed with this machine's key, and changed since.
    Broken,
}

impl Manifest {
    /// The manifest of `exercises`, graded under a rubric with digest `rubric`, sealed with `key`.
    pub fn new(exercises: &[&Exercise], rubric: &str, key: Option<&[u8; 32]>) -> Manifest {
        let mut manifest = Manifest {
            format: MANIFEST_FORMAT,
            grader_version: env!("CARGO_PKG_VERSION").to_owned(),
            exercises: exercises.iter().map(|exercise| exercise.id.clone()).collect(),
            exercise_set: exercises_digest(exercises),
            rubric: rubric.to_owned(),
            seal: String::new(),
        };
        if let Some(key) = key {
            manifest.seal = manifest.expected_seal(key);
        }
        manifest
    }

    /// Reads the manifest at the top of `dir`; `None` when there is none.
    pub fn read(dir: &Path) -> Result<Option<Manifest>, Error> {
        let path = dir.join(MANIFEST_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(Error::io("read the take-home manifest", path, source)),
        };
        Manifest::parse(&text).map(Some)
    }

    /// Parses a manifest's text.
    pub fn parse(text: &str) -> Result<Manifest, Error> {
        let manifest: Manifest =
            toml::from_str(text).map_err(|source| Error::Toml { path: MANIFEST_FILE.to_owned(), source })?;
        if manifest.format != MANIFEST_FORMAT {
            return Err(Error::InvalidManifest(format!(
                "{MANIFEST_FILE} has format {}; this grader reads format {MANIFEST_FORMAT}",
                manifest.format
            )));
        }
        Ok(manifest)
    }

    /// Whether the manifest is as this machine's `key` sealed it. On a machine with a key, a
    /// manifest it did not seal (changed, unsealed, or sealed elsewhere) is `Broken`: a candidate
    /// could have shortened its list. Without a key nothing can be told.
    pub fn seal(&self, key: Option<&[u8; 32]>) -> Seal {
        match key {
            Some(key) if constant_time_eq(&self.expected_seal(key), &self.seal) => Seal::Intact,
            Some(_) => Seal::Broken,
            None => Seal::Unverifiable,
        }
    }

    /// Whether `exercises` (the set's current copies of the listed ones) are what was handed out.
    pub fn same_exercises(&self, exercises: &[&Exercise]) -> bool {
        exercises_digest(exercises) == self.exercise_set
    }

    fn expected_seal(&self, key: &[u8; 32]) -> String {
        let text = format!(
            "{}\n{}\n{}\n{}\n{}",
            self.format,
            self.grader_version,
            self.exercises.join(","),
            self.exercise_set,
            self.rubric
        );
        crate::support::hex(&hmac_sha256(key, text.as_bytes()))
    }
}

/// Chooses what to grade of a hand-in read for every exercise of `exercises`, when nobody chose
/// with `--level`/`--exercise`: the exercises its `take-home.toml` lists (sealed on this machine,
/// or with no key here to tell), or else the exercise folders present; a note says which. A
/// manifest this machine did not seal is refused: its list cannot be trusted. `origin` names the
/// hand-in in messages.
pub fn choose(submission: &mut Submission, exercises: &[&Exercise], origin: &Path) -> Result<(), Error> {
    let (ids, note): (Vec<String>, String) = match submission.manifest.as_deref().map(Manifest::parse).transpose()? {
        Some(manifest) => {
            let how = match manifest.seal(seal_key(false)?.as_ref()) {
                Seal::Intact => "sealed on this machine",
                Seal::Unverifiable => "not verified: this machine has no sealing key",
                Seal::Broken => {
                    return Err(Error::InvalidManifest(format!(
                        "{MANIFEST_FILE} in {} is not the one this machine handed out (changed since, or written \
                         elsewhere), so its list of exercises cannot be trusted; grade with --level/--exercise as \
                         handed out",
                        origin.display()
                    )))
                }
            };
            let mut chosen = Vec::new();
            for id in &manifest.exercises {
                match exercises.iter().find(|exercise| exercise.id == *id) {
                    Some(exercise) => chosen.push(*exercise),
                    None => {
                        return Err(Error::InvalidManifest(format!(
                            "{MANIFEST_FILE} in {} lists `{id}`, which this exercise set does not have",
                            origin.display()
                        )))
                    }
                }
            }
            if !manifest.same_exercises(&chosen) {
                submission.notes.push(
                    "the exercise set changed since this take-home was handed out: these are the current \
                     exercises' grades"
                        .to_owned(),
                );
            }
            let note = format!("graded the {} exercises the take-home lists ({MANIFEST_FILE}, {how})", chosen.len());
            (manifest.exercises.clone(), note)
        }
        None => {
            let present: Vec<String> = submission
                .exercises
                .iter()
                .filter(|(_, files)| !matches!(files, CandidateFiles::Missing))
                .map(|(id, _)| id.clone())
                .collect();
            let note = format!(
                "no {MANIFEST_FILE} in the hand-in: graded the {} exercise folders present (if you handed out more, \
                 grade with --level/--exercise as handed out)",
                present.len()
            );
            (present, note)
        }
    };
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    submission.keep(&ids, "an exercise folder the take-home did not hand out (not graded)");
    submission.notes.insert(0, note);
    Ok(())
}

/// Where this machine's sealing key lives: `$XDG_CONFIG_HOME/grader/seal.key`, else
/// `~/.config/grader/seal.key`.
pub fn seal_key_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|value| !value.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".config")))?;
    Some(base.join("grader").join("seal.key"))
}

/// This machine's sealing key, made (32 random bytes, mode 0600) when `create` and there is none.
pub fn seal_key(create: bool) -> Result<Option<[u8; 32]>, Error> {
    let Some(path) = seal_key_path() else { return Ok(None) };
    match std::fs::read(&path) {
        Ok(bytes) => {
            let key: [u8; 32] = bytes.as_slice().try_into().map_err(|_| {
                Error::InvalidManifest(format!(
                    "{} is not a key of 32 bytes; remove it to make a new one",
                    path.display()
                ))
            })?;
            Ok(Some(key))
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound && create => {
            let key = crate::support::random_bytes::<32>()
                .map_err(|source| Error::io("draw a sealing key for", &path, source))?;
            if let Some(folder) = path.parent() {
                std::fs::create_dir_all(folder).map_err(|source| Error::io("create folder", folder, source))?;
            }
            use std::io::Write as _;
            use std::os::unix::fs::OpenOptionsExt;
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&path)
                .map_err(|source| Error::io("create the sealing key", &path, source))?;
            file.write_all(&key).map_err(|source| Error::io("write the sealing key", &path, source))?;
            Ok(Some(key))
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::io("read the sealing key", path, source)),
    }
}

/// HMAC-SHA256 (RFC 2104) of `message` under `key`.
fn hmac_sha256(key: &[u8; 32], message: &[u8]) -> [u8; 32] {
    let mut padded = [0_u8; 64];
    padded[..32].copy_from_slice(key);
    let inner_key: Vec<u8> = padded.iter().map(|byte| byte ^ 0x36).collect();
    let outer_key: Vec<u8> = padded.iter().map(|byte| byte ^ 0x5c).collect();
    let inner = Sha256::new().chain_update(&inner_key).chain_update(message).finalize();
    Sha256::new().chain_update(&outer_key).chain_update(inner).finalize().into()
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0_u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The take-home as files, ready to write, with its manifest.
pub fn take_home(exercises: &[&Exercise], manifest: &Manifest) -> Result<FileTree, Error> {
    let mut tree = FileTree::new();
    // Written answers are documents, not crates: they are not workspace members.
    let members: Vec<String> =
        exercises.iter().filter(|e| !e.is_written()).map(|e| format!("    {:?},", e.id)).collect();
    tree.insert("Cargo.toml", format!("[workspace]\nresolver = \"2\"\nmembers = [\n{}\n]\n", members.join("\n")));
    tree.insert(".gitignore", "target/\n");
    tree.insert("rustfmt.toml", RUSTFMT);
    let listed = toml::to_string(manifest).map_err(|err| Error::InvalidManifest(format!("cannot write it: {err}")))?;
    tree.insert(
        MANIFEST_FILE,
        format!("# Written by `grader init`: what was handed out. Keep it in the folder you hand back.\n{listed}"),
    );
    tree.insert("README.md", instructions(exercises));
    for exercise in exercises {
        for (path, bytes) in exercise.starter.iter() {
            tree.insert(format!("{}/{path}", exercise.id), bytes);
        }
        tree.insert(format!("{}/README.md", exercise.id), exercise.statement.as_str());
    }
    Ok(tree)
}

/// Writes the take-home into `dir`, which must not exist or be empty, with its `manifest`.
pub fn init(dir: &Path, exercises: &[&Exercise], manifest: &Manifest) -> Result<FileTree, Error> {
    PathArg {
        what: "take-home folder",
        expected: Expected::Folder,
        hint: "choose a new folder for the take-home (or an empty one)",
    }
    .new_or_existing(dir)?;
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|source| Error::io("read", dir, source))?;
        if entries.next().is_some() {
            return Err(Error::TargetNotEmpty(dir.to_path_buf()));
        }
    }
    let tree = take_home(exercises, manifest)?;
    tree.write_to(dir)?;
    Ok(tree)
}

/// The formatting the starters are written in: `cargo fmt` in the take-home leaves them as they
/// are.
const RUSTFMT: &str = include_str!("../../rustfmt.toml");

fn instructions(exercises: &[&Exercise]) -> String {
    let minutes: u32 = exercises.iter().filter_map(|exercise| exercise.meta.minutes).sum();
    let budget = match minutes {
        0 => String::new(),
        minutes if minutes < 90 => format!("Plan on about {minutes} minutes in all. "),
        minutes => format!("Plan on about {:.1} hours in all (about {minutes} minutes). ", f64::from(minutes) / 60.0),
    };
    let first_package = exercises.iter().find(|e| !e.is_written()).map_or_else(String::new, |e| e.package_name());
    let mut text = format!(
        "# Rust take-home\n\n\
         Each folder below is one small exercise: a Rust crate that does not work yet (one or more may\n\
         be a short written answer instead). Read the exercise's `README.md`, change the files it lets\n\
         you change, and make its tests pass. {budget}The time next to each exercise is a guide, not a\n\
         limit; stop when it is done, and skip what you cannot get to: a skipped exercise scores zero,\n\
         nothing worse.\n\n\
         ## How to work\n\n\
         - You need a stable Rust toolchain (https://rustup.rs). No other crates are needed: the\n\
           exercises use the standard library only and build offline.\n\
         - `cargo test -p <package>` runs one exercise's tests (the package is in the table below,\n\
           e.g. `cargo test -p {first_package}`); `cargo test` runs them all. `cargo fmt` and\n\
           `cargo clippy` work as usual (`rustfmt.toml` is the style the starters are in).\n\
         - Change only the editable files listed below. Everything else (manifests, `tests/`) is\n\
           replaced with our copy when we grade.\n\n\
         ## What we look at\n\n\
         - Whether it builds, and the tests you can see.\n\
         - Tests you cannot see, on other inputs and edge cases. Solve the problem, not the visible\n\
           tests.\n\
         - How you wrote it: each exercise comes from an interview question about Rust, and we read\n\
           your code for the answer it gives. Write the code you would want to review. Each test runs\n\
           in a sandbox of its own, without network; code that reaches for the test harness itself\n\
           counts against the exercise.\n\
         - After grading we may talk through your code with you and change it together.\n\n\
         ## Handing in\n\n\
         Send this whole folder back, as it is or as a zip, or as a git repository (we grade what is\n\
         committed). Keep `take-home.toml` in it; leave out `target/`. An exercise you do not change\n\
         is graded as not attempted.\n\n\
         ## Exercises\n\n\
         | folder | package | level | topic | time | editable files |\n|---|---|---|---|---|---|\n",
    );
    for exercise in exercises {
        let package =
            if exercise.is_written() { "(written)".to_owned() } else { format!("`{}`", exercise.package_name()) };
        let _ = writeln!(
            text,
            "| `{}` | {package} | {} | {} | {} | {} |",
            exercise.id,
            exercise.meta.level,
            exercise.meta.topic,
            exercise.meta.minutes.map_or_else(|| "-".to_owned(), |minutes| format!("{minutes} min")),
            exercise.meta.editable.iter().map(|e| format!("`{e}`")).collect::<Vec<_>>().join(", ")
        );
    }
    text
}
