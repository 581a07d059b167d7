//! What a candidate sent back, whatever its form: a folder, a `.zip`, a `.tar.gz`/`.tgz`/`.tar`,
//! or a git repository; and where in it the exercise folders are (at the top, or inside one
//! folder or two, as in `returned/take-home/<exercise-id>/`). The main type is [`HandIn`].

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use super::git::GitRepo;
use crate::error::Error;

/// What to do about a submission path where there is nothing.
pub const SUBMISSION_HINT: &str =
    "pass the folder, archive (.zip, .tar.gz, .tgz or .tar) or git repository the candidate sent back";

/// The form of a hand-in.
#[derive(Debug, Clone)]
pub enum Kind {
    /// A plain folder.
    Folder,
    /// A `.zip` archive.
    Zip,
    /// A `.tar.gz` or `.tgz` archive (`gzip` true) or a plain `.tar`.
    Tar { gzip: bool },
    /// A git repository: its `HEAD` is graded.
    Git(GitRepo),
}

/// A hand-in: where it is, its form, and the name reports give it.
#[derive(Debug, Clone)]
pub struct HandIn {
    pub path: PathBuf,
    pub kind: Kind,
    /// The file or folder name without its archive extension (`dave.zip` → `dave`).
    pub name: String,
}

/// Archive extensions, longest first, and their form.
const ARCHIVES: &[(&str, Kind)] = &[
    (".tar.gz", Kind::Tar { gzip: true }),
    (".tgz", Kind::Tar { gzip: true }),
    (".tar", Kind::Tar { gzip: false }),
    (".zip", Kind::Zip),
];

impl HandIn {
    /// Recognizes the hand-in at `path`. A path where there is nothing is [`Error::NotFound`]; a
    /// symbolic link (never followed) or a file that is not a known archive is
    /// [`Error::NotASubmission`].
    pub fn detect(path: &Path) -> Result<HandIn, Error> {
        let meta = match std::fs::symlink_metadata(path) {
            Ok(meta) => meta,
            Err(err) if matches!(err.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
                return Err(Error::NotFound { what: "submission", path: path.to_path_buf(), hint: SUBMISSION_HINT })
            }
            Err(source) => return Err(Error::io("read", path, source)),
        };
        let not = || Error::NotASubmission { path: path.to_path_buf(), found: crate::error::found(&meta) };
        let file_name = path
            .canonicalize()
            .ok()
            .and_then(|path| path.file_name().map(|name| name.to_string_lossy().into_owned()))
            .unwrap_or_else(|| path.display().to_string());
        if meta.is_dir() {
            let (kind, name) = match GitRepo::detect(path) {
                Some(repo) => {
                    let name = if repo.work_tree.is_some() { file_name.clone() } else { strip(&file_name, ".git") };
                    (Kind::Git(repo), name)
                }
                None => (Kind::Folder, file_name),
            };
            return Ok(HandIn { path: path.to_path_buf(), kind, name });
        }
        if !meta.is_file() {
            return Err(not());
        }
        let lower = file_name.to_ascii_lowercase();
        let (extension, kind) = ARCHIVES.iter().find(|(extension, _)| lower.ends_with(extension)).ok_or_else(not)?;
        Ok(HandIn { path: path.to_path_buf(), kind: kind.clone(), name: strip(&file_name, extension) })
    }

    /// Whether `path` looks like a hand-in by its form alone: a folder (not hidden), or a file
    /// with an archive extension. Used by batches to find hand-ins next to each other.
    pub fn looks_like_one(path: &Path) -> bool {
        let Some(name) = path.file_name().map(|name| name.to_string_lossy().to_ascii_lowercase()) else {
            return false;
        };
        if name.starts_with('.') {
            return false;
        }
        match std::fs::symlink_metadata(path) {
            Ok(meta) if meta.is_dir() => true,
            Ok(meta) if meta.is_file() => ARCHIVES.iter().any(|(extension, _)| name.ends_with(extension)),
            _ => false,
        }
    }

    /// The name a batch gives the hand-in at `path` (its file name without an archive or `.git`
    /// extension), without reading it.
    pub fn name_of(path: &Path) -> String {
        let name =
            path.file_name().map_or_else(|| path.display().to_string(), |name| name.to_string_lossy().into_owned());
        let lower = name.to_ascii_lowercase();
        match ARCHIVES.iter().map(|(extension, _)| *extension).chain([".git"]).find(|ext| lower.ends_with(ext)) {
            Some(extension) if path.is_file() || extension == ".git" => strip(&name, extension),
            _ => name,
        }
    }
}

/// `name` without its last `extension.len()` bytes, when that leaves something.
fn strip(name: &str, extension: &str) -> String {
    let keep = name.len().saturating_sub(extension.len());
    match name.get(..keep) {
        Some(stem) if !stem.is_empty() => stem.to_owned(),
        _ => name.to_owned(),
    }
}

/// Folders that never hold a hand-in's exercises (tool metadata, macOS resource forks).
fn is_noise(name: &str) -> bool {
    name.starts_with('.') || name == "__MACOSX" || name == "target"
}

/// Most folders looked at per level while searching for the exercise folders.
const MAX_FOLDERS_SEARCHED: usize = 200;

/// Where the exercise folders of `ids` are: `""` when at the top, else the one folder (one or
/// two levels down) that holds them. `children(prefix)` lists the sub-folders of `prefix` ("" for
/// the top). `None` when no folder holds one; an error when several places do.
pub fn find_root(
    children: &dyn Fn(&str) -> Vec<String>,
    ids: &[&str],
    hand_in: &Path,
) -> Result<Option<String>, Error> {
    let holds = |prefix: &str| children(prefix).iter().any(|name| ids.contains(&name.as_str()));
    if holds("") {
        return Ok(Some(String::new()));
    }
    let join = |prefix: &str, name: &str| if prefix.is_empty() { name.to_owned() } else { format!("{prefix}/{name}") };
    let mut level = vec![String::new()];
    for _ in 0..2 {
        let next: Vec<String> = level
            .iter()
            .flat_map(|prefix| {
                children(prefix)
                    .into_iter()
                    .filter(|name| !is_noise(name))
                    .map(|name| join(prefix, &name))
                    .collect::<Vec<_>>()
            })
            .take(MAX_FOLDERS_SEARCHED)
            .collect();
        let found: Vec<&String> = next.iter().filter(|prefix| holds(prefix)).collect();
        match found[..] {
            [] => level = next,
            [only] => return Ok(Some(only.clone())),
            _ => {
                let places = found.iter().map(|place| format!("{place}/")).collect::<Vec<_>>().join(", ");
                return Err(Error::AmbiguousHandIn { path: hand_in.to_path_buf(), places });
            }
        }
    }
    Ok(None)
}

/// The sub-folders of `root/prefix` on disk, never through a symbolic link.
pub fn disk_children(root: &Path, prefix: &str) -> Vec<String> {
    let dir = if prefix.is_empty() { root.to_path_buf() } else { root.join(prefix) };
    if !std::fs::symlink_metadata(&dir).is_ok_and(|meta| meta.is_dir()) {
        return Vec::new();
    }
    let Ok(listing) = std::fs::read_dir(&dir) else { return Vec::new() };
    let mut names: Vec<String> = listing
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_dir()))
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filetree::FileTree;

    fn tree(paths: &[&str]) -> FileTree {
        let mut tree = FileTree::new();
        for path in paths {
            tree.insert(*path, "x");
        }
        tree
    }

    fn root_of(paths: &[&str]) -> Result<Option<String>, Error> {
        let tree = tree(paths);
        find_root(&|prefix| tree.child_dirs(prefix), &["a-1", "b-2"], Path::new("h"))
    }

    #[test]
    fn the_exercise_folders_are_found_at_the_top_or_up_to_two_levels_down() {
        assert_eq!(root_of(&["a-1/src/lib.rs", "notes/x"]).expect("ok"), Some(String::new()));
        assert_eq!(root_of(&["dave/b-2/src/lib.rs", "__MACOSX/dave/b-2/x"]).expect("ok"), Some("dave".into()));
        assert_eq!(
            root_of(&["returned/take-home/a-1/src/lib.rs", "returned/README"]).expect("ok"),
            Some("returned/take-home".into())
        );
        assert_eq!(root_of(&["x/y/z/a-1/src/lib.rs", "README"]).expect("ok"), None);
        assert_eq!(root_of(&[]).expect("ok"), None);
        let err = root_of(&["dave/a-1/x", "eve/a-1/x"]).expect_err("ambiguous");
        assert!(err.to_string().contains("dave/, eve/"), "{err}");
    }

    #[test]
    fn hand_ins_are_recognized_by_form_and_named_without_their_extension() {
        let dir = tempfile::tempdir().expect("temp dir");
        for name in ["dave.zip", "eve.tar.gz", "bob.TGZ", "notes.txt"] {
            std::fs::write(dir.path().join(name), "x").expect("write");
        }
        std::fs::create_dir(dir.path().join("carol")).expect("mkdir");
        let detect = |name: &str| HandIn::detect(&dir.path().join(name));
        assert!(matches!(detect("dave.zip").expect("zip").kind, Kind::Zip));
        assert_eq!(detect("eve.tar.gz").expect("tgz").name, "eve");
        assert!(matches!(detect("bob.TGZ").expect("tgz").kind, Kind::Tar { gzip: true }));
        assert!(matches!(detect("carol").expect("folder").kind, Kind::Folder));
        assert!(matches!(detect("notes.txt"), Err(Error::NotASubmission { found: "a file", .. })));
        assert!(matches!(detect("nobody"), Err(Error::NotFound { what: "submission", .. })));
        std::os::unix::fs::symlink(dir.path().join("carol"), dir.path().join("link")).expect("symlink");
        let link = detect("link").expect_err("a link is not followed");
        assert!(link.to_string().contains("is a symbolic link (never followed), not a folder"), "{link}");
        assert!(HandIn::looks_like_one(&dir.path().join("dave.zip")));
        assert!(!HandIn::looks_like_one(&dir.path().join("notes.txt")));
        assert_eq!(HandIn::name_of(&dir.path().join("eve.tar.gz")), "eve");
        assert_eq!(HandIn::name_of(&dir.path().join("carol")), "carol");
    }
}
