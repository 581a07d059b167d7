//! A content-addressed cache of graded exercises. The key is a SHA-256 of exactly what determines
//! a result: the exercise's files and metadata, the candidate's files (and what was ignored), the
//! grader and toolchain versions, and the settings that change outcomes (isolation level, red
//! flags, timeouts). The value is the exercise's report; points are always recomputed from the
//! current rubric, so a rubric change never needs a rebuild. Untouched starters, identical
//! files across candidates and re-runs hit it. An entry stores its own key and is used only under
//! it: a file copied onto another key is a miss. The cache folder is still a trust boundary (see
//! `docs/security.md`). The main type is [`Cache`].

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Expected, PathArg};
use crate::exercise::Exercise;
use crate::filetree::FileTree;
use crate::intake::CandidateFiles;
use crate::report::ExerciseReport;

/// Bumped whenever the cached value's meaning changes.
const LAYOUT: &str = "v2";

/// One cache file: the report, and the key it was stored under.
#[derive(Serialize, Deserialize)]
struct Entry {
    key: String,
    report: ExerciseReport,
}

/// The settings besides files that a result depends on.
#[derive(Debug, Clone)]
pub struct KeyContext {
    pub grader_version: String,
    pub toolchain: String,
    pub isolation: String,
    pub red_flags: bool,
    pub test_timeout_secs: Option<u64>,
    pub build_timeout_secs: u64,
}

/// A cache folder.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// `$XDG_CACHE_HOME/grader`, else `~/.cache/grader`.
    pub fn default_dir() -> Option<PathBuf> {
        let base = std::env::var_os("XDG_CACHE_HOME")
            .filter(|value| !value.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))?;
        Some(base.join("grader"))
    }

    /// Opens (creating) a cache in `dir`.
    pub fn open(dir: &Path) -> Result<Cache, Error> {
        PathArg {
            what: "cache folder",
            expected: Expected::Folder,
            hint: "pass --cache-dir a folder (it is made when missing)",
        }
        .new_or_existing(dir)?;
        let dir = dir.join(LAYOUT);
        fs::create_dir_all(&dir).map_err(|source| Error::io("create cache folder", &dir, source))?;
        Ok(Cache { dir })
    }

    /// The key of one exercise of one submission.
    pub fn key(exercise: &Exercise, candidate: &CandidateFiles, context: &KeyContext) -> String {
        let mut hasher = Sha256::new();
        let mut field = |name: &str, bytes: &[u8]| {
            // Length-prefixed fields: no two different inputs hash the same byte stream.
            hasher.update(name.as_bytes());
            hasher.update((bytes.len() as u64).to_le_bytes());
            hasher.update(bytes);
        };
        field("layout", LAYOUT.as_bytes());
        field("grader", context.grader_version.as_bytes());
        field("toolchain", context.toolchain.as_bytes());
        field("isolation", context.isolation.as_bytes());
        field("red_flags", &[u8::from(context.red_flags)]);
        field("test_timeout", format!("{:?}", context.test_timeout_secs).as_bytes());
        field("build_timeout", &context.build_timeout_secs.to_le_bytes());
        field("exercise", exercise.id.as_bytes());
        field("meta", serde_json::to_string(&exercise.meta).unwrap_or_default().as_bytes());
        for (part, tree) in
            [("starter", &exercise.starter), ("solution", &exercise.solution), ("hidden", &exercise.hidden)]
        {
            tree_fields(&mut field, part, tree);
        }
        for chaff in &exercise.chaff {
            tree_fields(&mut field, &format!("chaff:{}", chaff.name), &chaff.files);
        }
        match candidate {
            CandidateFiles::Missing => field("candidate", b"missing"),
            CandidateFiles::NotAttempted => field("candidate", b"not attempted"),
            CandidateFiles::Present { files, ignored, tampered, tests } => {
                tree_fields(&mut field, "candidate", files);
                tree_fields(&mut field, "candidate-tests", tests);
                for item in ignored {
                    field("ignored", format!("{}\0{}", item.path, item.reason).as_bytes());
                }
                field("tampered", tampered.join("\n").as_bytes());
            }
        }
        crate::support::hex(&hasher.finalize())
    }

    /// The cached report for `key`, if any. An unreadable entry, or one stored under another key,
    /// is a miss.
    pub fn get(&self, key: &str) -> Option<ExerciseReport> {
        let text = fs::read(self.path(key)).ok()?;
        let entry: Entry = serde_json::from_slice(&text).ok()?;
        (entry.key == key).then_some(entry.report)
    }

    /// Stores a report under `key`, atomically (a reader never sees half a file).
    pub fn put(&self, key: &str, report: &ExerciseReport) -> Result<(), Error> {
        let path = self.path(key);
        let entry = Entry { key: key.to_owned(), report: report.clone() };
        let json = serde_json::to_vec(&entry).map_err(|err| Error::io("encode cache entry", &path, err.into()))?;
        let mut temporary = tempfile::NamedTempFile::new_in(&self.dir)
            .map_err(|source| Error::io("write cache entry in", &self.dir, source))?;
        temporary.write_all(&json).map_err(|source| Error::io("write cache entry", &path, source))?;
        temporary.persist(&path).map_err(|err| Error::io("store cache entry", &path, err.error))?;
        Ok(())
    }

    fn path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.json"))
    }
}

fn tree_fields(field: &mut impl FnMut(&str, &[u8]), part: &str, tree: &FileTree) {
    for (path, bytes) in tree.iter() {
        field(&format!("{part}:{path}"), bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exercise::ExerciseSet;

    fn context() -> KeyContext {
        KeyContext {
            grader_version: "1".into(),
            toolchain: "rustc".into(),
            isolation: "process".into(),
            red_flags: true,
            test_timeout_secs: None,
            build_timeout_secs: 600,
        }
    }

    fn candidate(text: &str) -> CandidateFiles {
        let mut files = FileTree::new();
        files.insert("src/lib.rs", text);
        CandidateFiles::Present { files, ignored: Vec::new(), tampered: Vec::new(), tests: FileTree::new() }
    }

    #[test]
    fn keys_change_with_every_input_and_only_then() {
        let set = ExerciseSet::embedded().expect("set");
        let exercise = &set.exercises()[0];
        let base = Cache::key(exercise, &candidate("a"), &context());
        assert_eq!(base, Cache::key(exercise, &candidate("a"), &context()));
        assert_ne!(base, Cache::key(exercise, &candidate("b"), &context()));
        assert_ne!(base, Cache::key(&set.exercises()[1], &candidate("a"), &context()));
        let other_toolchain = KeyContext { toolchain: "rustc 2".into(), ..context() };
        assert_ne!(base, Cache::key(exercise, &candidate("a"), &other_toolchain));
        let no_flags = KeyContext { red_flags: false, ..context() };
        assert_ne!(base, Cache::key(exercise, &candidate("a"), &no_flags));
        assert_eq!(base.len(), 64);
    }

    #[test]
    fn entries_round_trip_and_garbage_is_a_miss() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = Cache::open(dir.path()).expect("open");
        assert!(cache.get("nothing").is_none());
        let report: ExerciseReport = serde_json::from_str(
            r#"{"id":"x","level":"junior","title":"t","status":"passed","points":3,"max":3,"compile_errors":[],
            "tests":[],"red_flags":[],"files_from_candidate":[],"files_from_starter":[],"ignored":[],"manual_review":null}"#,
        )
        .expect("report");
        cache.put("abc", &report).expect("put");
        assert_eq!(cache.get("abc").map(|r| r.points), Some(3));
        fs::write(dir.path().join(LAYOUT).join("bad.json"), "{").expect("write");
        assert!(cache.get("bad").is_none());
        // An entry copied onto another key (a solved exercise onto an untouched starter's) is a miss.
        fs::copy(dir.path().join(LAYOUT).join("abc.json"), dir.path().join(LAYOUT).join("def.json")).expect("copy");
        assert!(cache.get("def").is_none());
    }
}
