//! Reads a hand-in that is a git repository (a folder with a `.git` folder, or a bare `*.git`
//! folder): the tree committed at `HEAD`, never the working tree, and a short history per
//! exercise folder for the interviewer. `git` runs from an empty environment (a throw-away
//! `HOME`, no system or global configuration), with hooks, fsmonitor, signatures, lazy fetches
//! and pagers off, and only through plumbing that applies no filter, textconv or
//! `export-subst` (`ls-tree`, `cat-file --batch`, `log --numstat --no-ext-diff --no-textconv`):
//! nothing the repository configures can run. The main type is [`GitRepo`].

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use wait_timeout::ChildExt;

use super::archive::{ArchiveLimits, Unpacked};
use crate::error::Error;
use crate::filetree::Ignored;

/// How long one `git` command may take before it is killed.
const GIT_TIMEOUT: Duration = Duration::from_secs(60);
/// Most bytes read from one `git` command's output (the blobs are bounded on their own).
const MAX_GIT_OUTPUT: u64 = 96 * 1024 * 1024;
/// Most commits read for the history.
const MAX_COMMITS: usize = 5_000;

/// A git repository handed in.
#[derive(Debug, Clone)]
pub struct GitRepo {
    /// The repository's git folder (`dave/.git`, or `dave.git` when bare).
    git_dir: PathBuf,
    /// The working tree, when not bare.
    pub work_tree: Option<PathBuf>,
}

/// The history of one exercise folder: evidence for the interviewer, never a verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderHistory {
    pub id: String,
    /// Commits that changed a file in the folder.
    pub commits: u32,
    /// Commit times (Unix seconds) of the first and last of them.
    pub first_commit: i64,
    pub last_commit: i64,
    /// Lines added over those commits (binary files count none).
    pub lines_added: u64,
}

/// What the repository's history says about the hand-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History {
    /// The commit graded.
    pub head: String,
    /// Commits reachable from `HEAD` (at most [`MAX_COMMITS`] are read).
    pub commits: u32,
    /// One entry per exercise folder of the selection that some commit touched, in id order.
    pub exercises: Vec<FolderHistory>,
    /// Things worth a question, said plainly: one commit holding everything, a truncated log.
    pub notes: Vec<String>,
}

impl GitRepo {
    /// The repository at `path`: a folder holding a `.git` folder (a `.git` file, which points
    /// elsewhere on the disk, is not followed), or a bare repository whose name ends in `.git`.
    pub fn detect(path: &Path) -> Option<GitRepo> {
        let is_dir = |path: &Path| std::fs::symlink_metadata(path).is_ok_and(|meta| meta.is_dir());
        let dot_git = path.join(".git");
        if is_dir(&dot_git) {
            return Some(GitRepo { git_dir: dot_git, work_tree: Some(path.to_path_buf()) });
        }
        let bare = path.extension().is_some_and(|ext| ext == "git")
            && is_dir(path)
            && is_dir(&path.join("objects"))
            && std::fs::symlink_metadata(path.join("HEAD")).is_ok_and(|meta| meta.is_file());
        bare.then(|| GitRepo { git_dir: path.to_path_buf(), work_tree: None })
    }

    /// The commit at `HEAD`, or `None` when nothing was ever committed.
    pub fn head(&self) -> Result<Option<String>, Error> {
        let output = self.git(&["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], None)?;
        if !output.success {
            return Ok(None);
        }
        Ok(Some(String::from_utf8_lossy(&output.stdout).trim().to_owned()))
    }

    /// The files committed at `commit`, read within `limits` like an archive: links and
    /// submodules are listed as ignored, files over the cap are never read.
    pub fn read_tree(&self, commit: &str, limits: ArchiveLimits) -> Result<Unpacked, Error> {
        let listing = self.git_ok(&["ls-tree", "-r", "-z", "--long", "--full-tree", commit], None)?;
        let mut unpacked = Unpacked::default();
        let mut wanted: Vec<(String, String, u64)> = Vec::new();
        let mut total: u64 = 0;
        let mut entries = 0usize;
        for record in listing.split(|byte| *byte == 0).filter(|record| !record.is_empty()) {
            entries += 1;
            if entries > limits.max_entries {
                return Err(self.refuse(format!("more than {} files committed", limits.max_entries)));
            }
            let text = String::from_utf8_lossy(record);
            let Some((meta, path)) = text.split_once('\t') else {
                return Err(self.failed(format!("unexpected `git ls-tree` line `{text}`")));
            };
            let fields: Vec<&str> = meta.split_whitespace().collect();
            let [mode, kind, object, size] = fields[..] else {
                return Err(self.failed(format!("unexpected `git ls-tree` line `{text}`")));
            };
            let path = path.to_owned();
            if path.split('/').any(|part| part == ".." || part == "." || part.is_empty()) {
                return Err(self.refuse(format!("the committed path `{path}` is not a plain relative path")));
            }
            let reason = match (mode, kind) {
                ("120000", _) => Some("symbolic link (never followed)"),
                (_, "commit") => Some("submodule (not read)"),
                ("100644" | "100755", "blob") => None,
                _ => Some("not a regular file"),
            };
            if let Some(reason) = reason {
                push_ignored(&mut unpacked.ignored, &path, reason);
                continue;
            }
            if path.split('/').any(|part| part == "target") {
                continue;
            }
            let size: u64 = size.parse().map_err(|_| self.failed(format!("unexpected size in `{text}`")))?;
            if size > limits.max_file_bytes {
                let reason = format!("{size} bytes, over the {}-byte cap per file", limits.max_file_bytes);
                push_ignored(&mut unpacked.ignored, &path, &reason);
                continue;
            }
            total += size;
            if total > limits.max_total_bytes {
                return Err(self.refuse(format!("its files add up to more than {} bytes", limits.max_total_bytes)));
            }
            wanted.push((path, object.to_owned(), size));
        }
        let request: String = wanted.iter().map(|(_, object, _)| format!("{object}\n")).collect();
        let blobs = self.git_ok(&["cat-file", "--batch"], Some(request.into_bytes()))?;
        let mut rest = blobs.as_slice();
        for (path, object, _) in wanted {
            let newline = rest.iter().position(|byte| *byte == b'\n').unwrap_or(rest.len());
            let header = String::from_utf8_lossy(&rest[..newline]).into_owned();
            let size: usize = match header.split_whitespace().collect::<Vec<_>>()[..] {
                [id, "blob", size] if id == object => {
                    size.parse().map_err(|_| self.failed(format!("unexpected `cat-file` header `{header}`")))?
                }
                _ => return Err(self.failed(format!("`cat-file` answered `{header}` for {path}"))),
            };
            let start = newline + 1;
            let Some(bytes) = rest.get(start..start + size) else {
                return Err(self.failed(format!("`cat-file` cut {path} short")));
            };
            unpacked.tree.insert(path, bytes.to_vec());
            rest = rest.get(start + size + 1..).unwrap_or_default();
        }
        Ok(unpacked)
    }

    /// The history of the exercise folders `ids` found under `root` ("" for the repository's
    /// top), from `head` back.
    pub fn history(&self, head: &str, root: &str, ids: &[&str]) -> Result<History, Error> {
        let max = format!("--max-count={MAX_COMMITS}");
        let log = self.git_ok(
            &["log", &max, "--no-renames", "--no-ext-diff", "--no-textconv", "--numstat", "--format=@@%H %ct", head],
            None,
        )?;
        let prefix = if root.is_empty() { String::new() } else { format!("{root}/") };
        let mut commits = 0u32;
        let mut current: Option<(String, i64)> = None;
        let mut per_id: BTreeMap<String, (BTreeSet<String>, i64, i64, u64)> = BTreeMap::new();
        for line in String::from_utf8_lossy(&log).lines() {
            if let Some(rest) = line.strip_prefix("@@") {
                commits += 1;
                let (hash, time) = rest.split_once(' ').unwrap_or((rest, "0"));
                current = Some((hash.to_owned(), time.trim().parse().unwrap_or(0)));
                continue;
            }
            let mut fields = line.splitn(3, '\t');
            let (Some(added), Some(_), Some(path)) = (fields.next(), fields.next(), fields.next()) else { continue };
            let Some((hash, time)) = &current else { continue };
            let Some(inside) = path.strip_prefix(&prefix) else { continue };
            let Some(id) = ids.iter().find(|id| inside.starts_with(&format!("{id}/"))) else { continue };
            let entry = per_id.entry((*id).to_owned()).or_insert((BTreeSet::new(), i64::MAX, i64::MIN, 0));
            entry.0.insert(hash.clone());
            entry.1 = entry.1.min(*time);
            entry.2 = entry.2.max(*time);
            entry.3 += added.parse::<u64>().unwrap_or(0);
        }
        let all_commits: BTreeSet<&String> = per_id.values().flat_map(|(hashes, ..)| hashes).collect();
        let exercises: Vec<FolderHistory> = per_id
            .iter()
            .map(|(id, (hashes, first, last, added))| FolderHistory {
                id: id.clone(),
                commits: u32::try_from(hashes.len()).unwrap_or(u32::MAX),
                first_commit: *first,
                last_commit: *last,
                lines_added: *added,
            })
            .collect();
        let mut notes = Vec::new();
        if let [only] = all_commits.iter().collect::<Vec<_>>()[..] {
            if exercises.len() > 1 || commits == 1 {
                notes.push(format!(
                    "one commit ({}) holds every exercise folder: the history shows no steps of the work (worth a question, not a verdict)",
                    short(only)
                ));
            }
        }
        if commits as usize >= MAX_COMMITS {
            notes.push(format!("only the last {MAX_COMMITS} commits were read"));
        }
        Ok(History { head: head.to_owned(), commits, exercises, notes })
    }

    fn refuse(&self, reason: String) -> Error {
        Error::HandInRefused { path: self.display_path(), reason }
    }

    fn failed(&self, detail: String) -> Error {
        Error::Git { path: self.display_path(), detail }
    }

    fn display_path(&self) -> PathBuf {
        self.work_tree.clone().unwrap_or_else(|| self.git_dir.clone())
    }

    /// Runs `git args` and returns its output, failing unless it succeeded.
    fn git_ok(&self, args: &[&str], stdin: Option<Vec<u8>>) -> Result<Vec<u8>, Error> {
        let output = self.git(args, stdin)?;
        if !output.success {
            let stderr = String::from_utf8_lossy(&output.stderr);
            return Err(self.failed(format!("`git {}` failed: {}", args.join(" "), stderr.trim())));
        }
        Ok(output.stdout)
    }

    /// Runs `git` on this repository only, from an empty environment, with nothing the
    /// repository configures able to run, under a timeout and an output cap.
    fn git(&self, args: &[&str], stdin: Option<Vec<u8>>) -> Result<GitOutput, Error> {
        let home = tempfile::tempdir().map_err(|source| Error::io("create a temp folder for", "git", source))?;
        let mut command = Command::new("git");
        command
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_else(|| "/usr/bin:/bin".into()))
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_ATTR_NOSYSTEM", "1")
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("GIT_NO_LAZY_FETCH", "1")
            .env("GIT_NO_REPLACE_OBJECTS", "1")
            .env("GIT_OPTIONAL_LOCKS", "0")
            .env("LC_ALL", "C")
            .arg("--no-pager")
            .arg("--git-dir")
            .arg(&self.git_dir)
            .args(["-c", "core.hooksPath=/dev/null"])
            .args(["-c", "core.fsmonitor=false"])
            .args(["-c", "safe.directory=*"])
            .args(["-c", "log.showSignature=false"])
            .args(["-c", "core.quotePath=false"])
            .args(["-c", "protocol.allow=never"])
            .args(["-c", "diff.external="])
            .args(args)
            .current_dir(home.path())
            .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().map_err(|source| Error::Spawn { program: "git".into(), source })?;
        let writer = child.stdin.take().zip(stdin).map(|(mut pipe, bytes)| {
            // A write error means git stopped reading; its exit status says why.
            std::thread::spawn(move || pipe.write_all(&bytes).is_ok())
        });
        let stdout = child.stdout.take().map(|pipe| std::thread::spawn(move || read_capped(pipe, MAX_GIT_OUTPUT)));
        let stderr = child.stderr.take().map(|pipe| std::thread::spawn(move || read_capped(pipe, 64 * 1024)));
        let status = match child.wait_timeout(GIT_TIMEOUT) {
            Ok(Some(status)) => status,
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(self.failed(format!("`git {}` took longer than {GIT_TIMEOUT:?}", args.join(" "))));
            }
            Err(source) => return Err(Error::Spawn { program: "git".into(), source }),
        };
        if let Some(writer) = writer {
            let _ = writer.join();
        }
        let join = |handle: Option<std::thread::JoinHandle<(Vec<u8>, bool)>>| {
            handle.and_then(|handle| handle.join().ok()).unwrap_or_default()
        };
        let (stdout, cut) = join(stdout);
        let (stderr, _) = join(stderr);
        if cut {
            return Err(self.refuse(format!("`git {}` printed more than {MAX_GIT_OUTPUT} bytes", args.join(" "))));
        }
        Ok(GitOutput { success: status.success(), stdout, stderr })
    }
}

struct GitOutput {
    success: bool,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

/// Reads `pipe` to its end, keeping at most `cap` bytes; whether it had more.
fn read_capped(pipe: impl Read, cap: u64) -> (Vec<u8>, bool) {
    let mut bytes = Vec::new();
    let mut pipe = pipe;
    let _ = (&mut pipe).take(cap).read_to_end(&mut bytes);
    let more = std::io::copy(&mut pipe, &mut std::io::sink()).is_ok_and(|extra| extra > 0);
    (bytes, more)
}

fn push_ignored(ignored: &mut Vec<Ignored>, path: &str, reason: &str) {
    if ignored.len() < 100 {
        ignored.push(Ignored { path: path.to_owned(), reason: reason.to_owned() });
    }
}

/// The first 12 characters of a commit id.
pub fn short(commit: &str) -> &str {
    commit.get(..12).unwrap_or(commit)
}

/// A Unix time as `YYYY-MM-DDTHH:MM:SSZ` (UTC).
pub fn utc(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let second_of_day = seconds.rem_euclid(86_400);
    // Howard Hinnant's days-to-civil: the proleptic Gregorian date of a day count from 1970-01-01.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        second_of_day / 3600,
        second_of_day % 3600 / 60,
        second_of_day % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs the `git` CLI for a test fixture (the test's own, trusted repository).
    fn git(dir: &Path, args: &[&str]) {
        let status = Command::new("git")
            .args(["-c", "user.name=T", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"])
            .args(args)
            .current_dir(dir)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    }

    #[test]
    fn utc_formats_known_instants() {
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(utc(1_700_000_000), "2023-11-14T22:13:20Z");
    }

    #[test]
    fn the_committed_tree_is_read_without_filters_or_hooks_and_history_is_per_folder() {
        let dir = tempfile::tempdir().expect("temp dir");
        let repo = dir.path();
        git(repo, &["init", "-q", "-b", "main"]);
        std::fs::create_dir_all(repo.join("a-1/src")).expect("mkdir");
        std::fs::create_dir_all(repo.join("b-2/src")).expect("mkdir");
        std::fs::write(repo.join("a-1/src/lib.rs"), "one\ntwo\n").expect("write");
        // A filter and a hook that would leave a mark if git ran them.
        let mark = repo.join("ran");
        std::fs::write(repo.join(".gitattributes"), "*.rs filter=evil export-subst\n").expect("write");
        git(repo, &["add", "-A"]);
        git(repo, &["commit", "-q", "-m", "first"]);
        let config = format!(
            "[filter \"evil\"]\n\tsmudge = touch {0}\n\tclean = touch {0}\n[core]\n\tfsmonitor = touch {0}\n",
            mark.display()
        );
        let mut existing = std::fs::read_to_string(repo.join(".git/config")).expect("config");
        existing.push_str(&config);
        std::fs::write(repo.join(".git/config"), existing).expect("config");
        std::fs::write(repo.join(".git/hooks/post-checkout"), format!("#!/bin/sh\ntouch {}\n", mark.display()))
            .expect("hook");
        std::fs::write(repo.join("b-2/src/lib.rs"), "x\n").expect("write");
        git(repo, &["-c", "core.fsmonitor=false", "-c", "filter.evil.clean=cat", "add", "b-2/src/lib.rs"]);
        git(repo, &["-c", "core.fsmonitor=false", "commit", "-q", "-m", "second"]);
        std::os::unix::fs::symlink("/etc/passwd", repo.join("a-1/src/link.rs")).expect("symlink");
        git(repo, &["-c", "core.fsmonitor=false", "-c", "filter.evil.clean=cat", "add", "a-1/src/link.rs"]);
        git(repo, &["-c", "core.fsmonitor=false", "commit", "-q", "-m", "link"]);
        let _ = std::fs::remove_file(&mark);

        let found = GitRepo::detect(repo).expect("a repository");
        let head = found.head().expect("head").expect("a commit");
        let unpacked = found.read_tree(&head, ArchiveLimits::HANDIN).expect("tree");
        assert_eq!(unpacked.tree.text("a-1/src/lib.rs"), Some("one\ntwo\n"));
        assert_eq!(unpacked.tree.text("b-2/src/lib.rs"), Some("x\n"));
        assert_eq!(unpacked.ignored.len(), 1, "{:?}", unpacked.ignored);
        assert_eq!(unpacked.ignored[0].path, "a-1/src/link.rs");
        let history = found.history(&head, "", &["a-1", "b-2"]).expect("history");
        assert_eq!(history.commits, 3);
        let a = &history.exercises[0];
        // Two lines of `lib.rs`, and the link (its target is one line).
        assert_eq!((a.id.as_str(), a.commits, a.lines_added), ("a-1", 2, 3));
        assert_eq!((history.exercises[1].commits, history.exercises[1].lines_added), (1, 1));
        assert!(history.notes.is_empty(), "{:?}", history.notes);
        assert!(!mark.exists(), "git ran something the repository configured");
    }

    #[test]
    fn an_empty_repository_has_no_head_and_a_git_file_is_not_followed() {
        let dir = tempfile::tempdir().expect("temp dir");
        git(dir.path(), &["init", "-q"]);
        assert_eq!(GitRepo::detect(dir.path()).expect("repo").head().expect("runs"), None);
        let other = tempfile::tempdir().expect("temp dir");
        std::fs::write(other.path().join(".git"), format!("gitdir: {}\n", dir.path().join(".git").display()))
            .expect("write");
        assert!(GitRepo::detect(other.path()).is_none());
    }
}
