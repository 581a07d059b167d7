//! An in-memory tree of files keyed by relative `/`-separated path, and a careful reader that
//! fills one from disk: it never follows symlinks, skips build output, and enforces caps on file
//! size, file count and total bytes. Everything it leaves out is reported, never silently dropped.
//! The main type is [`FileTree`].

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// Files by relative path (`src/lib.rs`), in path order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileTree {
    files: BTreeMap<String, Vec<u8>>,
}

/// A file or folder the reader left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ignored {
    pub path: String,
    pub reason: String,
}

/// Caps the reader enforces.
#[derive(Debug, Clone, Copy)]
pub struct ReadLimits {
    pub max_file_bytes: u64,
    pub max_files: usize,
    pub max_total_bytes: u64,
    pub max_depth: usize,
    /// Entries (files and folders) looked at before the walk stops.
    pub max_entries: usize,
}

/// Most entries kept in the ignored list; past it, one summary entry counts the rest.
const MAX_IGNORED_LISTED: usize = 100;

impl ReadLimits {
    /// Caps for a candidate's folder: generous for exercise code, tiny for anything abusive.
    pub const SUBMISSION: ReadLimits = ReadLimits {
        max_file_bytes: 512 * 1024,
        max_files: 200,
        max_total_bytes: 4 * 1024 * 1024,
        max_depth: 8,
        max_entries: 5_000,
    };
    /// Caps for an exercise set on disk (trusted, but still bounded).
    pub const EXERCISE_SET: ReadLimits = ReadLimits {
        max_file_bytes: 4 * 1024 * 1024,
        max_files: 20_000,
        max_total_bytes: 256 * 1024 * 1024,
        max_depth: 16,
        max_entries: 100_000,
    };
}

/// Folders that are build output or tool metadata, never source.
const SKIPPED_DIRS: &[&str] = &["target", ".git"];

impl FileTree {
    /// An empty tree.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds or replaces one file.
    pub fn insert(&mut self, path: impl Into<String>, contents: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), contents.into());
    }

    /// The contents of one file.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    /// The contents of one file as UTF-8 text, if it exists and is text.
    pub fn text(&self, path: &str) -> Option<&str> {
        self.get(path).and_then(|bytes| std::str::from_utf8(bytes).ok())
    }

    /// All files, in path order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(path, bytes)| (path.as_str(), bytes.as_slice()))
    }

    /// Whether the tree has no files.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The files under `prefix/`, with that prefix removed.
    pub fn subtree(&self, prefix: &str) -> FileTree {
        let prefix = format!("{}/", prefix.trim_end_matches('/'));
        let files = self
            .files
            .iter()
            .filter_map(|(path, bytes)| path.strip_prefix(&prefix).map(|rest| (rest.to_owned(), bytes.clone())))
            .collect();
        FileTree { files }
    }

    /// The names of the immediate sub-folders of `prefix` ("" for the root), in order.
    pub fn child_dirs(&self, prefix: &str) -> Vec<String> {
        let prefix = if prefix.is_empty() { String::new() } else { format!("{}/", prefix.trim_end_matches('/')) };
        let mut dirs: Vec<String> = self
            .files
            .keys()
            .filter_map(|path| path.strip_prefix(&prefix))
            .filter_map(|rest| rest.split_once('/').map(|(dir, _)| dir.to_owned()))
            .collect();
        dirs.dedup();
        dirs
    }

    /// Writes every file under `root`, creating folders as needed.
    pub fn write_to(&self, root: &Path) -> Result<(), Error> {
        for (relative, bytes) in &self.files {
            let path = root.join(relative);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).map_err(|source| Error::io("create folder", parent, source))?;
            }
            fs::write(&path, bytes).map_err(|source| Error::io("write", &path, source))?;
        }
        Ok(())
    }

    /// The number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether `prefix` ("" for the root) holds a file at any depth.
    pub fn has_dir(&self, prefix: &str) -> bool {
        let prefix = format!("{}/", prefix.trim_end_matches('/'));
        self.files.range(prefix.clone()..).next().is_some_and(|(path, _)| path.starts_with(&prefix))
    }

    /// Reads the regular files under `root` that `accept` admits (by relative path), within
    /// `limits`. Symlinks are never followed; they, and files past a cap, are reported in the
    /// returned list. A missing or unreadable `root` is an error.
    pub fn read_dir(
        root: &Path,
        limits: ReadLimits,
        accept: &dyn Fn(&str) -> bool,
    ) -> Result<(FileTree, Vec<Ignored>), Error> {
        let mut reader = Reader::new(limits, accept);
        reader.walk(root, "", 0)?;
        Ok(reader.finish())
    }

    /// The files under `prefix/` (with that prefix removed) that `accept` admits, within the same
    /// `limits`, with the same reasons for what is left out as [`FileTree::read_dir`] gives for a
    /// folder on disk: an archive or a git tree held in memory is read exactly like a folder.
    pub fn select(&self, prefix: &str, limits: ReadLimits, accept: &dyn Fn(&str) -> bool) -> (FileTree, Vec<Ignored>) {
        let mut reader = Reader::new(limits, accept);
        let mut dirs_seen: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
        let mut dirs_left_out: Vec<String> = Vec::new();
        let source = if prefix.is_empty() { self.clone() } else { self.subtree(prefix) };
        'files: for (relative, bytes) in source.files {
            let parts: Vec<&str> = relative.split('/').collect();
            let (dirs, _) = parts.split_at(parts.len() - 1);
            for depth in 0..dirs.len() {
                let dir = dirs[..=depth].join("/");
                if dirs_left_out.iter().any(|left| format!("{dir}/").starts_with(left.as_str())) {
                    continue 'files;
                }
                if dirs_seen.insert(dir.clone()) {
                    reader.entries += 1;
                    if reader.entries > limits.max_entries {
                        break 'files;
                    }
                    let reason = if SKIPPED_DIRS.contains(&dirs[depth]) {
                        Some("build output or tool metadata")
                    } else if depth + 1 >= limits.max_depth {
                        Some("nested too deep")
                    } else {
                        None
                    };
                    if let Some(reason) = reason {
                        reader.ignore(&format!("{dir}/"), reason);
                        dirs_left_out.push(format!("{dir}/"));
                        continue 'files;
                    }
                }
            }
            reader.entries += 1;
            if reader.entries > limits.max_entries {
                break;
            }
            if reader.admit(&relative, bytes.len() as u64) {
                reader.keep(relative, bytes);
            }
        }
        reader.finish()
    }
}

struct Reader<'a> {
    limits: ReadLimits,
    accept: &'a dyn Fn(&str) -> bool,
    tree: FileTree,
    ignored: Vec<Ignored>,
    total_bytes: u64,
    entries: usize,
    unlisted: usize,
}

impl<'a> Reader<'a> {
    fn new(limits: ReadLimits, accept: &'a dyn Fn(&str) -> bool) -> Self {
        Reader { limits, accept, tree: FileTree::new(), ignored: Vec::new(), total_bytes: 0, entries: 0, unlisted: 0 }
    }

    fn finish(mut self) -> (FileTree, Vec<Ignored>) {
        if self.entries > self.limits.max_entries {
            let reason = format!("the walk stopped after {} entries; the rest was not read", self.limits.max_entries);
            self.ignored.push(Ignored { path: "…".into(), reason });
        }
        if self.unlisted > 0 {
            let reason = format!("{} more files or folders were left out (not listed)", self.unlisted);
            self.ignored.push(Ignored { path: "…".into(), reason });
        }
        (self.tree, self.ignored)
    }

    fn ignore(&mut self, path: &str, reason: impl Into<String>) {
        if self.ignored.len() < MAX_IGNORED_LISTED {
            self.ignored.push(Ignored { path: path.to_owned(), reason: reason.into() });
        } else {
            self.unlisted += 1;
        }
    }

    /// Whether a regular file of `len` bytes at `relative` is kept: `accept` admits it and it
    /// passes every cap. When it is not, why is recorded.
    fn admit(&mut self, relative: &str, len: u64) -> bool {
        if !(self.accept)(relative) {
            self.ignore(relative, "not an editable file");
        } else if len > self.limits.max_file_bytes {
            let reason = format!("{len} bytes, over the {}-byte cap per file", self.limits.max_file_bytes);
            self.ignore(relative, reason);
        } else if self.tree.files.len() >= self.limits.max_files {
            self.ignore(relative, format!("over the cap of {} files", self.limits.max_files));
        } else if self.total_bytes + len > self.limits.max_total_bytes {
            self.ignore(relative, format!("over the cap of {} bytes in all", self.limits.max_total_bytes));
        } else {
            return true;
        }
        false
    }

    fn keep(&mut self, relative: String, bytes: Vec<u8>) {
        self.total_bytes += bytes.len() as u64;
        self.tree.insert(relative, bytes);
    }

    fn walk(&mut self, dir: &Path, relative_dir: &str, depth: usize) -> Result<(), Error> {
        let mut entries: Vec<(String, PathBuf)> = fs::read_dir(dir)
            .map_err(|source| Error::io("read folder", dir, source))?
            .map(|entry| entry.map(|entry| (entry.file_name().to_string_lossy().into_owned(), entry.path())))
            .collect::<Result<_, _>>()
            .map_err(|source| Error::io("read folder", dir, source))?;
        entries.sort();
        for (name, path) in entries {
            self.entries += 1;
            if self.entries > self.limits.max_entries {
                return Ok(());
            }
            let relative = if relative_dir.is_empty() { name.clone() } else { format!("{relative_dir}/{name}") };
            // `symlink_metadata` describes the link itself: links are never followed.
            let meta = fs::symlink_metadata(&path).map_err(|source| Error::io("inspect", &path, source))?;
            let kind = meta.file_type();
            if kind.is_symlink() {
                self.ignore(&relative, "symbolic link (never followed)");
            } else if kind.is_dir() {
                if SKIPPED_DIRS.contains(&name.as_str()) {
                    self.ignore(&format!("{relative}/"), "build output or tool metadata");
                } else if depth + 1 >= self.limits.max_depth {
                    self.ignore(&format!("{relative}/"), "nested too deep");
                } else {
                    self.walk(&path, &relative, depth + 1)?;
                }
            } else if !kind.is_file() {
                self.ignore(&relative, "not a regular file");
            } else if self.admit(&relative, meta.len()) {
                let bytes = fs::read(&path).map_err(|source| Error::io("read", &path, source))?;
                self.keep(relative, bytes);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reader_skips_links_build_output_and_oversized_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        fs::create_dir_all(root.join("src")).expect("mkdir");
        fs::create_dir_all(root.join("target/debug")).expect("mkdir");
        fs::write(root.join("src/lib.rs"), "pub fn f() {}").expect("write");
        fs::write(root.join("src/big.rs"), vec![b'x'; 100]).expect("write");
        fs::write(root.join("target/debug/out"), "x").expect("write");
        std::os::unix::fs::symlink("/etc/passwd", root.join("src/secret.rs")).expect("symlink");
        let limits = ReadLimits { max_file_bytes: 50, ..ReadLimits::SUBMISSION };
        let (tree, ignored) = FileTree::read_dir(root, limits, &|_| true).expect("read");
        assert_eq!(tree.iter().map(|(path, _)| path).collect::<Vec<_>>(), ["src/lib.rs"]);
        let ignored: Vec<&str> = ignored.iter().map(|item| item.path.as_str()).collect();
        assert_eq!(ignored, ["src/big.rs", "src/secret.rs", "target/"]);
    }

    #[test]
    fn floods_of_files_stop_the_walk_and_keep_the_ignored_list_short() {
        let dir = tempfile::tempdir().expect("temp dir");
        for index in 0..300 {
            fs::write(dir.path().join(format!("junk-{index:03}.txt")), "x").expect("write");
        }
        let limits = ReadLimits { max_entries: 250, ..ReadLimits::SUBMISSION };
        let (tree, ignored) = FileTree::read_dir(dir.path(), limits, &|path| path.ends_with(".rs")).expect("read");
        assert!(tree.is_empty());
        assert_eq!(ignored.len(), MAX_IGNORED_LISTED + 2);
        assert!(ignored.iter().any(|item| item.reason.contains("stopped after 250")));
        assert!(ignored.iter().any(|item| item.reason.contains("150 more")));
    }

    #[test]
    fn a_tree_in_memory_is_selected_with_the_same_caps_and_reasons_as_a_folder() {
        let dir = tempfile::tempdir().expect("temp dir");
        let files: &[(&str, usize)] = &[
            ("src/lib.rs", 10),
            ("src/big.rs", 100),
            ("src/a/b/c/deep.rs", 1),
            ("target/debug/out.rs", 1),
            ("notes.txt", 1),
            ("src/x1.rs", 1),
            ("src/x2.rs", 1),
            ("src/x3.rs", 1),
        ];
        let mut tree = FileTree::new();
        for (path, len) in files {
            let target = dir.path().join("ex").join(path);
            fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
            fs::write(&target, vec![b'x'; *len]).expect("write");
            tree.insert(format!("ex/{path}"), vec![b'x'; *len]);
        }
        let limits = ReadLimits { max_file_bytes: 50, max_files: 3, max_depth: 3, ..ReadLimits::SUBMISSION };
        let accept = |path: &str| path.ends_with(".rs");
        let (from_disk, mut disk_ignored) = FileTree::read_dir(&dir.path().join("ex"), limits, &accept).expect("read");
        let (from_memory, mut memory_ignored) = tree.select("ex", limits, &accept);
        assert_eq!(from_memory, from_disk);
        disk_ignored.sort_by(|a, b| a.path.cmp(&b.path));
        memory_ignored.sort_by(|a, b| a.path.cmp(&b.path));
        assert_eq!(memory_ignored, disk_ignored);
        assert!(memory_ignored.iter().any(|item| item.reason == "nested too deep"), "{memory_ignored:?}");
        assert!(memory_ignored.iter().any(|item| item.path == "target/"), "{memory_ignored:?}");
    }

    #[test]
    fn subtree_and_child_dirs_follow_prefixes() {
        let mut tree = FileTree::new();
        tree.insert("a/starter/src/lib.rs", "1");
        tree.insert("a/exercise.toml", "2");
        tree.insert("b/exercise.toml", "3");
        tree.insert("README.md", "4");
        assert_eq!(tree.child_dirs(""), ["a", "b"]);
        assert_eq!(tree.child_dirs("a"), ["starter"]);
        assert_eq!(tree.subtree("a/starter").text("src/lib.rs"), Some("1"));
    }
}
