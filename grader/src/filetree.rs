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

    /// Reads the regular files under `root` that `accept` admits (by relative path), within
    /// `limits`. Symlinks are never followed; they, and files past a cap, are reported in the
    /// returned list. A missing or unreadable `root` is an error.
    pub fn read_dir(
        root: &Path,
        limits: ReadLimits,
        accept: &dyn Fn(&str) -> bool,
    ) -> Result<(FileTree, Vec<Ignored>), Error> {
        let mut reader = Reader {
            limits,
            accept,
            tree: FileTree::new(),
            ignored: Vec::new(),
            total_bytes: 0,
            entries: 0,
            unlisted: 0,
        };
        reader.walk(root, "", 0)?;
        if reader.entries > limits.max_entries {
            let reason = format!("the walk stopped after {} entries; the rest was not read", limits.max_entries);
            reader.ignored.push(Ignored { path: "…".into(), reason });
        }
        if reader.unlisted > 0 {
            let reason = format!("{} more files or folders were left out (not listed)", reader.unlisted);
            reader.ignored.push(Ignored { path: "…".into(), reason });
        }
        Ok((reader.tree, reader.ignored))
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

impl Reader<'_> {
    fn ignore(&mut self, path: &str, reason: impl Into<String>) {
        if self.ignored.len() < MAX_IGNORED_LISTED {
            self.ignored.push(Ignored { path: path.to_owned(), reason: reason.into() });
        } else {
            self.unlisted += 1;
        }
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
            } else if !(self.accept)(&relative) {
                self.ignore(&relative, "not an editable file");
            } else if meta.len() > self.limits.max_file_bytes {
                let reason = format!("{} bytes, over the {}-byte cap per file", meta.len(), self.limits.max_file_bytes);
                self.ignore(&relative, reason);
            } else if self.tree.files.len() >= self.limits.max_files {
                self.ignore(&relative, format!("over the cap of {} files", self.limits.max_files));
            } else if self.total_bytes + meta.len() > self.limits.max_total_bytes {
                self.ignore(&relative, format!("over the cap of {} bytes in all", self.limits.max_total_bytes));
            } else {
                let bytes = fs::read(&path).map_err(|source| Error::io("read", &path, source))?;
                self.total_bytes += bytes.len() as u64;
                self.tree.insert(relative, bytes);
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
