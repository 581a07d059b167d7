//! Finds the submissions of a batch: a path holding an exercise folder is one submission; any
//! other folder holds one submission per sub-folder. The main type is [`Entry`].

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::exercise::Exercise;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub folder: PathBuf,
}

/// Finds the submissions under `paths`: a path that holds an exercise folder of `exercises` is
/// one submission; any other folder holds one submission per sub-folder. Names must be unique.
pub fn discover(paths: &[PathBuf], exercises: &[&Exercise]) -> Result<Vec<Entry>, Error> {
    let mut entries: Vec<Entry> = Vec::new();
    for path in paths {
        if !path.is_dir() {
            return Err(Error::NotASubmission(path.clone()));
        }
        if is_submission(path, exercises) {
            entries.push(entry(path));
            continue;
        }
        let listing = std::fs::read_dir(path).map_err(|source| Error::io("read folder", path, source))?;
        let mut found: Vec<Entry> = listing
            .filter_map(Result::ok)
            .filter(|item| item.file_type().is_ok_and(|kind| kind.is_dir()))
            .map(|item| entry(&item.path()))
            .filter(|entry| !entry.name.starts_with('.'))
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
    let name = path.file_name().map_or_else(|| path.display().to_string(), |name| name.to_string_lossy().into_owned());
    Entry { name, folder: path.to_path_buf() }
}
