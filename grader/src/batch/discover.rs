//! Finds the submissions of a batch: a path holding an exercise folder, an archive (`.zip`,
//! `.tar.gz`, `.tgz`, `.tar`) or a git repository is one submission; any other folder holds one
//! submission per sub-folder, archive or repository in it (files of other kinds, like notes, are
//! not hand-ins). A hand-in found here that cannot be read is graded as a failure, never
//! skipped. The main type is [`Entry`].

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::exercise::Exercise;
use crate::intake::git::GitRepo;
use crate::intake::HandIn;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The name of its report: the folder or file name without an archive or `.git` extension.
    pub name: String,
    /// The hand-in: a folder, an archive or a git repository.
    pub folder: PathBuf,
}

/// Finds the submissions under `paths`: a path that holds an exercise folder of `exercises`, an
/// archive or a git repository is one submission; any other folder holds one submission per
/// sub-folder, archive or repository. Names must be unique.
pub fn discover(paths: &[PathBuf], exercises: &[&Exercise]) -> Result<Vec<Entry>, Error> {
    let mut entries: Vec<Entry> = Vec::new();
    for path in paths {
        if path.is_file() && HandIn::looks_like_one(path) {
            entries.push(entry(path));
            continue;
        }
        let meta = std::fs::metadata(path).map_err(|_| Error::NotFound {
            what: "batch input",
            path: path.clone(),
            hint: "pass folders of hand-ins, or hand-ins themselves (folders, .zip, .tar.gz, .tgz or .tar \
                   archives, git repositories)",
        })?;
        if !meta.is_dir() {
            return Err(Error::NotASubmission { path: path.clone(), found: crate::error::found(&meta) });
        }
        if is_submission(path, exercises) || GitRepo::detect(path).is_some() {
            entries.push(entry(path));
            continue;
        }
        let listing = std::fs::read_dir(path).map_err(|source| Error::io("read folder", path, source))?;
        let mut found: Vec<Entry> = listing
            .filter_map(Result::ok)
            .map(|item| item.path())
            .filter(|path| HandIn::looks_like_one(path))
            .map(|path| entry(&path))
            .collect();
        found.sort_by(|a, b| a.name.cmp(&b.name));
        entries.extend(found);
    }
    let mut names: Vec<&str> = entries.iter().map(|entry| entry.name.as_str()).collect();
    names.sort_unstable();
    if let Some(pair) = names.windows(2).find(|pair| pair[0] == pair[1]) {
        return Err(Error::Batch(format!(
            "two submissions are named `{}`; submission folder names must be unique in a batch",
            pair[0]
        )));
    }
    Ok(entries)
}

fn is_submission(path: &Path, exercises: &[&Exercise]) -> bool {
    exercises.iter().any(|exercise| path.join(&exercise.id).is_dir())
}

fn entry(path: &Path) -> Entry {
    Entry { name: HandIn::name_of(path), folder: path.to_path_buf() }
}
