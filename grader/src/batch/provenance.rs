//! What produced a batch output folder (`provenance.json`): the exercises graded, digests of the
//! exercise set and rubric, the shard, the grader's version. A batch refuses a folder another run
//! produced (unless `--resume` with the same provenance, or `--force`), `merge` refuses shards
//! that do not belong together, and `rescore` refuses a folder that is not a batch output, so a
//! summary never mixes runs. The main type is [`Provenance`].

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::output::{write_json, SUMMARY_FILES};
use crate::error::{Error, Expected, PathArg};

/// The provenance file at the top of a batch output folder.
pub const PROVENANCE_FILE: &str = "provenance.json";
/// The folders of a batch output folder.
pub const OUTPUT_FOLDERS: [&str; 3] = ["reports", "failures", "sources"];

/// What produced a batch output folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    pub grader_version: String,
    /// The exercises graded, by id.
    pub exercises: Vec<String>,
    /// `crate::exercise::exercises_digest` of them.
    pub exercise_set: String,
    /// `crate::score::Rubric::digest` of the rubric the reports were scored with.
    pub rubric: String,
    /// `K/N` for one shard of a CI matrix; `None` for a whole (or merged) run.
    pub shard: Option<String>,
}

/// How a batch may treat an output folder that already holds something.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reuse {
    /// Only a new or empty folder.
    Fresh,
    /// Finish the earlier run of the same provenance.
    Resume,
    /// Replace whatever batch output is there.
    Force,
}

impl Provenance {
    /// The provenance of `dir`, if it is a batch output folder that records one.
    pub fn read(dir: &Path) -> Result<Option<Provenance>, Error> {
        let path = dir.join(PROVENANCE_FILE);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(Error::io("read", path, source)),
        };
        serde_json::from_slice(&bytes).map(Some).map_err(|err| {
            Error::Batch(format!("{} is not a provenance file this grader reads: {err}", path.display()))
        })
    }

    /// Writes it at the top of `dir`.
    pub fn write(&self, dir: &Path) -> Result<(), Error> {
        write_json(&dir.join(PROVENANCE_FILE), self)
    }

    /// The fields in which `other` differs, named for a person.
    pub fn differences(&self, other: &Provenance) -> Vec<&'static str> {
        let mut differ = Vec::new();
        if self.exercises != other.exercises {
            differ.push("the exercises graded");
        }
        if self.exercise_set != other.exercise_set {
            differ.push("the exercise set");
        }
        if self.rubric != other.rubric {
            differ.push("the rubric");
        }
        if self.grader_version != other.grader_version {
            differ.push("the grader's version");
        }
        if self.shard != other.shard {
            differ.push("the shard");
        }
        differ
    }

    /// Makes `out` ready for a batch of this provenance: creates it, or takes it over as `reuse`
    /// allows. Never deletes anything but a batch output's own files.
    pub fn prepare(&self, out: &Path, reuse: Reuse) -> Result<(), Error> {
        PathArg {
            what: "output folder",
            expected: Expected::Folder,
            hint: "pass --out a new or empty folder, or the output folder of the same run",
        }
        .new_or_existing(out)?;
        let existing = Provenance::read(out)?;
        let holds_anything = std::fs::read_dir(out).is_ok_and(|mut listing| listing.next().is_some());
        match (existing, reuse) {
            (None, _) if !holds_anything => {}
            (None, Reuse::Force) if is_batch_output(out) => clear(out)?,
            (None, _) if is_batch_output(out) => {
                return Err(Error::Batch(format!(
                    "{} holds a batch output that records no provenance (an older grader's, or another run's); \
                     pass --force to grade it all again, or choose another --out",
                    out.display()
                )))
            }
            (None, _) => {
                return Err(Error::Batch(format!(
                    "{} is not empty and is not a batch output folder; choose a new or empty --out",
                    out.display()
                )))
            }
            (Some(earlier), Reuse::Resume) if earlier == *self => {}
            (Some(_), Reuse::Force) => clear(out)?,
            (Some(earlier), Reuse::Resume) => {
                return Err(Error::Batch(format!(
                    "{} was produced by another run (it differs in {}); --resume finishes only the same run: \
                     choose another --out, or pass --force to replace it",
                    out.display(),
                    self.differences(&earlier).join(", ")
                )))
            }
            (Some(earlier), Reuse::Fresh) => {
                let hint = if earlier == *self {
                    "the same run: pass --resume to finish it, or --force to grade it all again".to_owned()
                } else {
                    format!(
                        "another run (it differs in {}): choose another --out, or pass --force to replace it",
                        self.differences(&earlier).join(", ")
                    )
                };
                return Err(Error::Batch(format!("{} already holds the output of {hint}", out.display())));
            }
        }
        for folder in OUTPUT_FOLDERS {
            let dir = out.join(folder);
            std::fs::create_dir_all(&dir).map_err(|source| Error::io("create folder", &dir, source))?;
        }
        self.write(out)
    }
}

/// Whether `dir` looks like a batch output folder: a provenance file, or a `reports/` folder and
/// nothing but a batch output's own files.
pub fn is_batch_output(dir: &Path) -> bool {
    if dir.join(PROVENANCE_FILE).is_file() {
        return true;
    }
    let Ok(listing) = std::fs::read_dir(dir) else { return false };
    let names: Vec<String> = listing.flatten().map(|entry| entry.file_name().to_string_lossy().into_owned()).collect();
    names.iter().any(|name| name == "reports")
        && names.iter().all(|name| {
            OUTPUT_FOLDERS.contains(&name.as_str())
                || SUMMARY_FILES.contains(&name.as_str())
                || name == super::summary::REVIEWS_DIR
        })
}

/// Removes a batch output's own files from `out` (never anything else).
fn clear(out: &Path) -> Result<(), Error> {
    for folder in OUTPUT_FOLDERS {
        let dir = out.join(folder);
        match std::fs::remove_dir_all(&dir) {
            Ok(()) => {}
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(Error::io("remove", dir, source)),
        }
    }
    for file in SUMMARY_FILES.iter().chain([&PROVENANCE_FILE]) {
        let path = out.join(file);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(Error::io("remove", path, source)),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provenance(shard: Option<&str>) -> Provenance {
        Provenance {
            grader_version: "1".into(),
            exercises: vec!["junior-02-borrowing".into()],
            exercise_set: "sha256:a".into(),
            rubric: "sha256:b".into(),
            shard: shard.map(str::to_owned),
        }
    }

    #[test]
    fn an_output_folder_is_taken_over_only_as_allowed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("out");
        let run = provenance(None);
        run.prepare(&out, Reuse::Fresh).expect("a new folder");
        std::fs::write(out.join("reports/alice.json"), "{}").expect("a report");
        let again = run.prepare(&out, Reuse::Fresh).expect_err("the same run again needs --resume or --force");
        assert!(again.to_string().contains("--resume"), "{again}");
        run.prepare(&out, Reuse::Resume).expect("resuming the same run");
        assert!(out.join("reports/alice.json").exists(), "resume keeps what was graded");
        let other = Provenance { exercises: vec!["mid-03-shared-ownership".into()], ..provenance(None) };
        let refused = other.prepare(&out, Reuse::Resume).expect_err("another run");
        assert!(refused.to_string().contains("the exercises graded"), "{refused}");
        other.prepare(&out, Reuse::Force).expect("--force replaces it");
        assert!(!out.join("reports/alice.json").exists(), "the earlier run's reports are gone");
        assert_eq!(Provenance::read(&out).expect("reads"), Some(other));
    }

    #[test]
    fn a_folder_that_is_not_a_batch_output_is_never_taken_over() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("alice/junior-02-borrowing")).expect("a submission");
        for reuse in [Reuse::Fresh, Reuse::Resume, Reuse::Force] {
            let err = provenance(None).prepare(dir.path(), reuse).expect_err("a submissions folder");
            assert!(err.to_string().contains("not a batch output"), "{err}");
        }
        assert!(dir.path().join("alice/junior-02-borrowing").is_dir(), "nothing removed");
        assert!(!is_batch_output(dir.path()));
    }
}
