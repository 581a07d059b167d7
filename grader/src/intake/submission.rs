//! Reads what a candidate handed in: for each exercise, the editable files from the submission's
//! `<exercise-id>/` folder (the layout `grader init` hands out), or the files of a reference or
//! weak solution when the grader checks its own exercise set. Nothing else is ever read. The main
//! type is [`Submission`].

use std::path::Path;

use super::guard;
use crate::error::Error;
use crate::exercise::Exercise;
use crate::filetree::{FileTree, Ignored, ReadLimits};

/// The take-home manifest's file name (`crate::takehome::Manifest`), at the top of the take-home
/// and of what comes back: the grader's own file, never a leftover of the candidate's.
pub const MANIFEST_FILE: &str = "take-home.toml";

/// The candidate's side of one exercise.
#[derive(Debug, Clone)]
pub enum CandidateFiles {
    /// The submission has no folder for this exercise.
    Missing,
    /// The exercise came back as it was handed out ([`CandidateFiles::untouched`]): nothing to
    /// build, run or judge.
    NotAttempted,
    /// The editable files found, what was left out, and the exercise's own files (visible tests,
    /// manifest) that the candidate handed in changed.
    Present { files: FileTree, ignored: Vec<Ignored>, tampered: Vec<String> },
}

/// Everything handed in, one entry per selected exercise, plus top-level leftovers.
#[derive(Debug, Clone)]
pub struct Submission {
    /// A name for reports: the folder name, or `reference`/`starter` in `verify`.
    pub name: String,
    pub exercises: Vec<(String, CandidateFiles)>,
    /// Top-level entries that are not exercise folders of the selection.
    pub ignored: Vec<Ignored>,
    /// What the report should say about how the hand-in was taken in (which exercises were
    /// graded, and why).
    pub notes: Vec<String>,
}

impl Submission {
    /// Reads a submission folder for `exercises`. A missing exercise folder is `Missing`, not an
    /// error; a missing or unreadable submission folder is.
    pub fn read_dir(dir: &Path, exercises: &[&Exercise]) -> Result<Submission, Error> {
        let meta = std::fs::symlink_metadata(dir).map_err(|_| Error::NotASubmission(dir.to_path_buf()))?;
        if !meta.is_dir() {
            return Err(Error::NotASubmission(dir.to_path_buf()));
        }
        let mut entries = Vec::new();
        for exercise in exercises {
            let folder = dir.join(&exercise.id);
            let files = match std::fs::symlink_metadata(&folder) {
                Ok(meta) if meta.is_dir() => read_exercise(&folder, exercise)?,
                Ok(meta) if meta.file_type().is_symlink() => CandidateFiles::Present {
                    files: FileTree::new(),
                    ignored: vec![Ignored {
                        path: exercise.id.clone(),
                        reason: "symbolic link (never followed)".into(),
                    }],
                    tampered: Vec::new(),
                },
                _ => CandidateFiles::Missing,
            };
            // Handed back as handed out: not attempted, whatever the starter would score.
            let files = if files.untouched(exercise) { CandidateFiles::NotAttempted } else { files };
            entries.push((exercise.id.clone(), files));
        }
        let ignored = top_level_leftovers(dir, exercises)?;
        let name = dir
            .canonicalize()
            .ok()
            .and_then(|path| path.file_name().map(|name| name.to_string_lossy().into_owned()))
            .unwrap_or_else(|| dir.display().to_string());
        Ok(Submission { name, exercises: entries, ignored, notes: Vec::new() })
    }

    /// A submission made of the exercise set's own files, e.g. every reference solution.
    pub fn from_trees<'a>(name: &str, trees: impl IntoIterator<Item = (&'a Exercise, FileTree)>) -> Submission {
        let exercises = trees
            .into_iter()
            .map(|(exercise, files)| {
                (exercise.id.clone(), CandidateFiles::Present { files, ignored: Vec::new(), tampered: Vec::new() })
            })
            .collect();
        Submission { name: name.to_owned(), exercises, ignored: Vec::new(), notes: Vec::new() }
    }
}

impl CandidateFiles {
    /// Whether the candidate changed nothing of `exercise`: every editable file handed in equals
    /// the starter's (line endings and trailing white space aside), none was added or refused (a
    /// link, a file that reads outside the crate), and none of the exercise's own files came back
    /// changed. A file left out is the starter's anyway.
    pub fn untouched(&self, exercise: &Exercise) -> bool {
        let CandidateFiles::Present { files, tampered, ignored } = self else { return false };
        tampered.is_empty()
            && !ignored.iter().any(|item| exercise.is_editable(&item.path))
            && files.iter().all(|(path, bytes)| {
                exercise.starter.get(path).is_some_and(|starter| normalized(starter) == normalized(bytes))
            })
    }
}

/// Text with `\n` line endings and no trailing white space on any line or at the end.
fn normalized(bytes: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    lines.join("\n").trim_end().as_bytes().to_vec()
}

/// Reads one exercise folder: its editable files, minus any that would read files outside the
/// crate at compile time; and which of the exercise's own files (visible tests) came back changed.
fn read_exercise(folder: &Path, exercise: &Exercise) -> Result<CandidateFiles, Error> {
    let is_visible_test = |path: &str| path.starts_with("tests/") && exercise.starter.get(path).is_some();
    let (read, mut ignored) = FileTree::read_dir(folder, ReadLimits::SUBMISSION, &|path| {
        exercise.is_editable(path) || is_visible_test(path)
    })?;
    let mut files = FileTree::new();
    let mut tampered = Vec::new();
    for (path, bytes) in read.iter() {
        if !exercise.is_editable(path) {
            if exercise.starter.get(path) != Some(bytes) {
                tampered.push(path.to_owned());
            }
            let reason = "the exercise's own test file; the grader uses its copy".to_owned();
            ignored.push(Ignored { path: path.to_owned(), reason });
            continue;
        }
        let refused = std::str::from_utf8(bytes).ok().filter(|_| path.ends_with(".rs")).and_then(guard::refusal);
        match refused {
            Some(reason) => ignored.push(Ignored { path: path.to_owned(), reason: format!("refused: {reason}") }),
            None => files.insert(path, bytes),
        }
    }
    ignored.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(CandidateFiles::Present { files, ignored, tampered })
}

/// Files and folders at the top of a submission that are not one of the selected exercises
/// (the candidate's workspace `Cargo.toml`, notes, `target/`…), reported so nothing goes unseen.
fn top_level_leftovers(dir: &Path, exercises: &[&Exercise]) -> Result<Vec<Ignored>, Error> {
    let mut leftovers = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|source| Error::io("read submission", dir, source))?;
    for entry in entries {
        let entry = entry.map_err(|source| Error::io("read submission", dir, source))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        // The take-home's manifest is the grader's own file.
        if !exercises.iter().any(|exercise| exercise.id == name) && name != MANIFEST_FILE {
            leftovers.push(Ignored { path: name, reason: "not an exercise folder of this grading".into() });
        }
    }
    leftovers.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(leftovers)
}
