//! Reads what a candidate handed in: for each exercise, the editable files from the submission's
//! `<exercise-id>/` folder (the layout `grader init` hands out), found at the top of a folder, an
//! archive or a git repository's `HEAD`, or one or two folders down; or the files of a reference
//! or weak solution when the grader checks its own exercise set. Nothing else is ever read. The
//! main type is [`Submission`].

use std::path::Path;

use super::archive::{self, ArchiveLimits, Unpacked};
use super::git::{self, GitRepo, History};
use super::guard;
use super::handin::{self, HandIn, Kind};
use crate::error::Error;
use crate::exercise::Exercise;
use crate::filetree::{FileTree, Ignored, ReadLimits};

/// The take-home manifest's file name (`crate::takehome::Manifest`), at the top of the take-home
/// and of what comes back: the grader's own file, never a leftover of the candidate's.
pub const MANIFEST_FILE: &str = "take-home.toml";
/// Largest manifest read.
const MANIFEST_CAP: u64 = 64 * 1024;

/// The candidate's side of one exercise.
#[derive(Debug, Clone)]
pub enum CandidateFiles {
    /// The submission has no folder for this exercise.
    Missing,
    /// The exercise came back as it was handed out ([`CandidateFiles::untouched`]): nothing to
    /// build, run or judge.
    NotAttempted,
    /// The editable files found, what was left out, the exercise's own files (visible tests,
    /// manifest) that the candidate handed in changed, and the candidate's own tests: test files
    /// they added under `tests/`, and visible test files to which they only added (see
    /// [`only_additions`]), by crate-relative path.
    Present { files: FileTree, ignored: Vec<Ignored>, tampered: Vec<String>, tests: FileTree },
}

/// Everything handed in, one entry per selected exercise, plus top-level leftovers.
#[derive(Debug, Clone)]
pub struct Submission {
    /// A name for reports: the folder name, or `reference`/`starter` in `verify`.
    pub name: String,
    pub exercises: Vec<(String, CandidateFiles)>,
    /// Top-level entries that are not exercise folders of the selection.
    pub ignored: Vec<Ignored>,
    /// How the hand-in was read, when a reader should know: exercise folders found below the
    /// top, a git repository's committed tree graded, uncommitted changes left out.
    pub notes: Vec<String>,
    /// A git hand-in's history, per exercise folder.
    pub history: Option<History>,
    /// The text of the take-home's manifest ([`MANIFEST_FILE`]) beside the exercise folders, if
    /// the hand-in holds one.
    pub manifest: Option<String>,
}

impl Submission {
    /// Reads a submission folder for `exercises`. A missing exercise folder is `Missing`, not an
    /// error; a missing or unreadable submission folder is.
    pub fn read_dir(dir: &Path, exercises: &[&Exercise]) -> Result<Submission, Error> {
        let meta = std::fs::symlink_metadata(dir).map_err(|_| Error::NotFound {
            what: "submission",
            path: dir.to_path_buf(),
            hint: super::handin::SUBMISSION_HINT,
        })?;
        if !meta.is_dir() {
            return Err(Error::NotASubmission { path: dir.to_path_buf(), found: crate::error::found(&meta) });
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
                    tests: FileTree::new(),
                },
                _ => CandidateFiles::Missing,
            };
            entries.push((exercise.id.clone(), files));
        }
        let ignored = top_level_leftovers(dir, exercises)?;
        let name = dir
            .canonicalize()
            .ok()
            .and_then(|path| path.file_name().map(|name| name.to_string_lossy().into_owned()))
            .unwrap_or_else(|| dir.display().to_string());
        let manifest = std::fs::symlink_metadata(dir.join(MANIFEST_FILE))
            .ok()
            .filter(|meta| meta.is_file() && meta.len() <= MANIFEST_CAP)
            .and_then(|_| std::fs::read_to_string(dir.join(MANIFEST_FILE)).ok());
        Ok(Submission { name, exercises: entries, ignored, notes: Vec::new(), history: None, manifest })
    }

    /// Reads a hand-in in any form ([`HandIn`]: a folder, a `.zip`, a `.tar.gz`/`.tgz`/`.tar`, a
    /// git repository's `HEAD`) for `exercises`, with the exercise folders at its top or one or
    /// two folders down (noted). A hand-in holding no exercise folder of the selection is
    /// [`Error::NoExercise`]; an archive that cannot be read, or is refused, is an error too.
    pub fn read(path: &Path, exercises: &[&Exercise]) -> Result<Submission, Error> {
        let hand_in = HandIn::detect(path)?;
        let mut submission = match &hand_in.kind {
            Kind::Folder => read_folder(path, exercises)?,
            Kind::Zip => from_unpacked(path, archive::read_zip(path, ArchiveLimits::HANDIN)?, exercises)?.0,
            Kind::Tar { gzip } => {
                from_unpacked(path, archive::read_tar(path, ArchiveLimits::HANDIN, *gzip)?, exercises)?.0
            }
            Kind::Git(repo) => read_git(path, repo, exercises)?,
        };
        submission.name = hand_in.name;
        // Handed back as handed out: not attempted, whatever the starter would score.
        for (id, files) in &mut submission.exercises {
            if let Some(exercise) = exercises.iter().find(|exercise| exercise.id == *id) {
                if files.untouched(exercise) {
                    *files = CandidateFiles::NotAttempted;
                }
            }
        }
        Ok(submission)
    }

    /// A submission made of the exercise set's own files, e.g. every reference solution.
    pub fn from_trees<'a>(name: &str, trees: impl IntoIterator<Item = (&'a Exercise, FileTree)>) -> Submission {
        let exercises = trees
            .into_iter()
            .map(|(exercise, files)| {
                (
                    exercise.id.clone(),
                    CandidateFiles::Present {
                        files,
                        ignored: Vec::new(),
                        tampered: Vec::new(),
                        tests: FileTree::new(),
                    },
                )
            })
            .collect();
        Submission {
            name: name.to_owned(),
            exercises,
            ignored: Vec::new(),
            notes: Vec::new(),
            history: None,
            manifest: None,
        }
    }

    /// Whether no exercise of the selection was handed in.
    pub fn is_empty(&self) -> bool {
        self.exercises.iter().all(|(_, files)| matches!(files, CandidateFiles::Missing))
    }

    /// Keeps only the exercises `ids`, in that order (an id not read is `Missing`); the folders
    /// of other exercises that came back are listed as ignored, `why` saying why.
    pub fn keep(&mut self, ids: &[&str], why: &str) {
        let mut read = std::mem::take(&mut self.exercises);
        self.exercises = ids
            .iter()
            .map(|id| match read.iter().position(|(read_id, _)| read_id == id) {
                Some(at) => read.remove(at),
                None => ((*id).to_owned(), CandidateFiles::Missing),
            })
            .collect();
        for (id, files) in read {
            if !matches!(files, CandidateFiles::Missing) {
                self.ignored.push(Ignored { path: id, reason: why.to_owned() });
            }
        }
        self.ignored.sort_by(|a, b| a.path.cmp(&b.path));
    }
}

impl CandidateFiles {
    /// Whether the candidate changed nothing of `exercise`: every editable file handed in equals
    /// the starter's (line endings and trailing white space aside), none was added or refused (a
    /// link, a file that reads outside the crate), and none of the exercise's own files came back
    /// changed. A file left out is the starter's anyway.
    pub fn untouched(&self, exercise: &Exercise) -> bool {
        let CandidateFiles::Present { files, tampered, ignored, tests } = self else { return false };
        tampered.is_empty()
            && tests.is_empty()
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

fn ids<'a>(exercises: &[&'a Exercise]) -> Vec<&'a str> {
    exercises.iter().map(|exercise| exercise.id.as_str()).collect()
}

fn no_exercise(path: &Path, exercises: &[&Exercise]) -> Error {
    let example = exercises.first().map_or_else(|| "junior-01-ownership".to_owned(), |exercise| exercise.id.clone());
    Error::NoExercise { path: path.to_path_buf(), example }
}

fn nested_note(root: &str) -> String {
    format!("the exercise folders were found in `{root}/`, not at the top of the hand-in; that folder was graded")
}

/// A plain folder: its exercise folders at the top, or in the one folder below that holds them.
fn read_folder(path: &Path, exercises: &[&Exercise]) -> Result<Submission, Error> {
    let root = handin::find_root(&|prefix| handin::disk_children(path, prefix), &ids(exercises), path)?
        .ok_or_else(|| no_exercise(path, exercises))?;
    let mut submission = Submission::read_dir(&path.join(&root), exercises)?;
    if !root.is_empty() {
        for item in &mut submission.ignored {
            item.path = format!("{root}/{}", item.path);
        }
        submission.notes.push(nested_note(&root));
    }
    Ok(submission)
}

/// A hand-in read into memory (an archive, a committed tree): each exercise folder is read from
/// it with the same caps as from disk. Returns the submission and the folder that held the
/// exercises ("" for the top).
fn from_unpacked(path: &Path, unpacked: Unpacked, exercises: &[&Exercise]) -> Result<(Submission, String), Error> {
    let Unpacked { tree, ignored: unpacked_ignored } = unpacked;
    // Where the exercise folders are, judged from every entry (a folder that holds only a link
    // is still the candidate's folder).
    let mut skeleton = FileTree::new();
    for entry in tree.iter().map(|(path, _)| path).chain(unpacked_ignored.iter().map(|item| item.path.as_str())) {
        skeleton.insert(entry.trim_end_matches('/'), Vec::new());
    }
    let root = handin::find_root(&|prefix| skeleton.child_dirs(prefix), &ids(exercises), path)?
        .ok_or_else(|| no_exercise(path, exercises))?;
    let prefix = if root.is_empty() { String::new() } else { format!("{root}/") };
    let inside = if root.is_empty() { tree.clone() } else { tree.subtree(&root) };
    let mut entries = Vec::new();
    for exercise in exercises {
        let folder = format!("{prefix}{}/", exercise.id);
        let left_out: Vec<Ignored> = unpacked_ignored
            .iter()
            .filter_map(|item| {
                let path = item.path.strip_prefix(&folder)?;
                Some(Ignored { path: path.to_owned(), reason: item.reason.clone() })
            })
            .collect();
        let files = if inside.has_dir(&exercise.id) || !left_out.is_empty() {
            exercise_from_tree(&inside, left_out, exercise)
        } else {
            CandidateFiles::Missing
        };
        entries.push((exercise.id.clone(), files));
    }
    let mut ignored: Vec<Ignored> = unpacked_ignored
        .iter()
        .filter(|item| !exercises.iter().any(|exercise| item.path.starts_with(&format!("{prefix}{}/", exercise.id))))
        .cloned()
        .collect();
    let mut top: Vec<String> = inside.child_dirs("");
    top.extend(inside.iter().map(|(path, _)| path).filter(|path| !path.contains('/')).map(str::to_owned));
    for name in top {
        if !exercises.iter().any(|exercise| exercise.id == name) && name != MANIFEST_FILE {
            let reason = "not an exercise folder of this grading".to_owned();
            ignored.push(Ignored { path: format!("{prefix}{name}"), reason });
        }
    }
    ignored.sort_by(|a, b| a.path.cmp(&b.path));
    let notes = if root.is_empty() { Vec::new() } else { vec![nested_note(&root)] };
    let manifest = inside.text(MANIFEST_FILE).map(str::to_owned);
    let submission = Submission { name: String::new(), exercises: entries, ignored, notes, history: None, manifest };
    Ok((submission, root))
}

/// A git repository: the tree committed at `HEAD`, its history per exercise folder, and a note
/// when the working tree differs from it. A repository with no commit grades its working tree.
fn read_git(path: &Path, repo: &GitRepo, exercises: &[&Exercise]) -> Result<Submission, Error> {
    let Some(head) = repo.head()? else {
        let Some(work_tree) = &repo.work_tree else {
            return Err(Error::Git { path: path.to_path_buf(), detail: "nothing was ever committed".into() });
        };
        let mut submission = read_folder(work_tree, exercises)?;
        submission.notes.insert(0, "a git repository with no commit: its working tree was graded".into());
        return Ok(submission);
    };
    let unpacked = repo.read_tree(&head, ArchiveLimits::HANDIN)?;
    let (mut submission, root) = from_unpacked(path, unpacked, exercises)?;
    let present: Vec<&str> = submission
        .exercises
        .iter()
        .filter(|(_, files)| !matches!(files, CandidateFiles::Missing))
        .map(|(id, _)| id.as_str())
        .collect();
    let history = repo.history(&head, &root, &present)?;
    submission.notes.insert(0, format!("a git repository: the tree committed at {} was graded", git::short(&head)));
    if let Some(work_tree) = &repo.work_tree {
        let changed = uncommitted(&work_tree.join(&root), &submission, exercises)?;
        if !changed.is_empty() {
            let shown = changed.iter().take(10).cloned().collect::<Vec<_>>().join(", ");
            let more = if changed.len() > 10 { format!(" and {} more", changed.len() - 10) } else { String::new() };
            submission.notes.push(format!(
                "the working tree has changes that were not committed and were not graded: {shown}{more}"
            ));
        }
    }
    submission.history = Some(history);
    Ok(submission)
}

/// The graded files (`<id>/<path>`) that differ between the working tree under `dir` and the
/// committed `submission`: changed, added or deleted since the last commit. The working tree is
/// read like any folder (no link followed, same caps); git is not asked (`git status` would run
/// the clean filters and fsmonitor a repository configures).
fn uncommitted(dir: &Path, submission: &Submission, exercises: &[&Exercise]) -> Result<Vec<String>, Error> {
    let working = Submission::read_dir(dir, exercises)?;
    let mut changed = Vec::new();
    for ((id, committed), (_, current)) in submission.exercises.iter().zip(&working.exercises) {
        let files = |candidate: &CandidateFiles| match candidate {
            CandidateFiles::Missing | CandidateFiles::NotAttempted => FileTree::new(),
            CandidateFiles::Present { files, .. } => files.clone(),
        };
        let (committed, current) = (files(committed), files(current));
        let mut paths: Vec<&str> = committed.iter().chain(current.iter()).map(|(path, _)| path).collect();
        paths.sort_unstable();
        paths.dedup();
        for path in paths {
            if committed.get(path) != current.get(path) {
                changed.push(format!("{id}/{path}"));
            }
        }
    }
    Ok(changed)
}

/// One exercise folder of an in-memory hand-in, read with the caps of a folder on disk;
/// `left_out` holds what the archive reader already left out inside it (links, big files).
fn exercise_from_tree(inside: &FileTree, left_out: Vec<Ignored>, exercise: &Exercise) -> CandidateFiles {
    let (read, mut ignored) =
        inside.select(&exercise.id, ReadLimits::SUBMISSION, &|path| exercise.is_editable(path) || is_test_file(path));
    ignored.extend(left_out);
    finish_exercise(read, ignored, exercise)
}

/// Reads one exercise folder: its editable files, minus any that would read files outside the
/// crate at compile time; and which of the exercise's own files (visible tests) came back changed.
fn read_exercise(folder: &Path, exercise: &Exercise) -> Result<CandidateFiles, Error> {
    let (read, ignored) =
        FileTree::read_dir(folder, ReadLimits::SUBMISSION, &|path| exercise.is_editable(path) || is_test_file(path))?;
    Ok(finish_exercise(read, ignored, exercise))
}

/// The candidate's side of one exercise from the files read: the exercise's own files (visible
/// tests) compared and left out, source that would read outside the crate refused.
fn finish_exercise(read: FileTree, mut ignored: Vec<Ignored>, exercise: &Exercise) -> CandidateFiles {
    let mut files = FileTree::new();
    let mut tampered = Vec::new();
    let mut tests = FileTree::new();
    for (path, bytes) in read.iter() {
        if !exercise.is_editable(path) {
            let theirs = match exercise.starter.get(path) {
                None => is_test_file(path),
                Some(starter) => starter != bytes && only_additions(starter, bytes),
            };
            if theirs {
                // A test file of the candidate's own, unless it would read outside the crate.
                match refused(path, bytes) {
                    Some(reason) => {
                        ignored.push(Ignored { path: path.to_owned(), reason: format!("refused: {reason}") })
                    }
                    None => tests.insert(path, bytes),
                }
            } else {
                if exercise.starter.get(path) != Some(bytes) {
                    tampered.push(path.to_owned());
                }
                let reason = "the exercise's own test file; the grader uses its copy".to_owned();
                ignored.push(Ignored { path: path.to_owned(), reason });
            }
            continue;
        }
        match refused(path, bytes) {
            Some(reason) => ignored.push(Ignored { path: path.to_owned(), reason: format!("refused: {reason}") }),
            None => files.insert(path, bytes),
        }
    }
    ignored.sort_by(|a, b| a.path.cmp(&b.path));
    CandidateFiles::Present { files, ignored, tampered, tests }
}

/// Why the Rust source `bytes` at `path` is refused (it would make the compiler read outside
/// the crate), if it is.
fn refused(path: &str, bytes: &[u8]) -> Option<String> {
    std::str::from_utf8(bytes).ok().filter(|_| path.ends_with(".rs")).and_then(guard::refusal)
}

/// Whether `path` is a test file a candidate may hand in: Rust source under `tests/`.
fn is_test_file(path: &str) -> bool {
    path.starts_with("tests/") && path.ends_with(".rs")
}

/// Whether `changed` holds every item of the exercise's test file `original` as it was (compared
/// token by token, so comments and layout may change) and only adds to it: new tests are the
/// candidate's; a test deleted, changed, renamed or `#[ignore]`d is not an addition.
pub fn only_additions(original: &[u8], changed: &[u8]) -> bool {
    use quote::ToTokens;
    let items = |bytes: &[u8]| -> Option<Vec<String>> {
        let file = syn::parse_file(std::str::from_utf8(bytes).ok()?).ok()?;
        let mut items: Vec<String> = file.attrs.iter().map(|attr| attr.to_token_stream().to_string()).collect();
        items.extend(file.items.iter().map(|item| item.to_token_stream().to_string()));
        Some(items)
    };
    let (Some(original), Some(mut changed)) = (items(original), items(changed)) else { return false };
    original.iter().all(|item| match changed.iter().position(|candidate| candidate == item) {
        Some(at) => {
            changed.swap_remove(at);
            true
        }
        None => false,
    })
}

/// Files and folders at the top of a submission that are not one of the selected exercises
/// (the candidate's workspace `Cargo.toml`, notes, `target/`…), reported so nothing goes unseen.
fn top_level_leftovers(dir: &Path, exercises: &[&Exercise]) -> Result<Vec<Ignored>, Error> {
    let mut leftovers = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|source| Error::io("read submission", dir, source))?;
    for entry in entries {
        let entry = entry.map_err(|source| Error::io("read submission", dir, source))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !exercises.iter().any(|exercise| exercise.id == name) && name != MANIFEST_FILE {
            leftovers.push(Ignored { path: name, reason: "not an exercise folder of this grading".into() });
        }
    }
    leftovers.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(leftovers)
}

#[cfg(test)]
mod tests {
    use super::only_additions;

    const ORIGINAL: &str = "use crate_a::f;\n\n// Checks f.\n#[test]\nfn one() {\n    assert_eq!(f(1), 2);\n}\n\n#[test]\nfn two() {\n    assert_eq!(f(2), 4);\n}\n";

    #[test]
    fn adding_tests_helpers_or_comments_is_an_addition() {
        let added = format!(
            "{ORIGINAL}\nfn helper() -> u32 {{ 3 }}\n\n#[test]\nfn mine() {{\n    assert_eq!(f(helper()), 6);\n}}\n"
        );
        assert!(only_additions(ORIGINAL.as_bytes(), added.as_bytes()));
        let reformatted =
            ORIGINAL.replace("// Checks f.\n", "").replace("    assert_eq!(f(1), 2);", "assert_eq!( f(1),2 );");
        assert!(only_additions(ORIGINAL.as_bytes(), reformatted.as_bytes()), "layout and comments are free");
        let moved = format!("#[test]\nfn mine() {{}}\n{ORIGINAL}");
        assert!(only_additions(ORIGINAL.as_bytes(), moved.as_bytes()), "order is free");
    }

    #[test]
    fn removing_changing_renaming_or_ignoring_a_test_is_not() {
        for changed in [
            ORIGINAL.replace("#[test]\nfn two()", "fn two()"),
            ORIGINAL.replace("f(2), 4", "f(2), 5"),
            ORIGINAL.replace("fn two()", "fn two_renamed()"),
            ORIGINAL.replace("#[test]\nfn two()", "#[test]\n#[ignore]\nfn two()"),
            ORIGINAL.replace("use crate_a::f;", ""),
            "not rust at all {".to_owned(),
        ] {
            assert!(!only_additions(ORIGINAL.as_bytes(), changed.as_bytes()), "{changed}");
        }
    }
}
