//! Batch grading for CI: many submissions, a bounded number graded at once, each report written
//! the moment it is done (so an interrupted batch loses nothing and `--resume` grades only what is
//! missing), deterministic sharding for CI job matrices, and one summary (JSON, CSV, Markdown,
//! JUnit, similarity pairs) computed from the output folder alone, so that merging shard outputs
//! or rescoring with a new rubric gives exactly what one unsharded run would.
//!
//! Output folder layout: `reports/<submission>.json` (the report of `grader check --format json`),
//! `failures/<submission>.json` (a submission that could not be graded, and why),
//! `sources/<submission>.json` (the graded files, for similarity), `summary.json`, `summary.csv`,
//! `summary.md`, `junit.xml`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::exercise::{Exercise, ExerciseSet, Level};
use crate::filetree::FileTree;
use crate::formats;
use crate::grade::Grader;
use crate::intake::{CandidateFiles, Submission};
use crate::report::{LevelScore, Report, Score};
use crate::rubric::Rubric;
use crate::score;
use crate::similarity::{self, ReferenceMatch, SimilarPair, SimilarityInput};

/// Version of `summary.json`'s shape.
pub const SUMMARY_SCHEMA_VERSION: u32 = 1;

/// A deterministic slice of a batch: shard `index` of `count` (1-based), `--shard K/N`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl std::str::FromStr for Shard {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{text}` is not a shard: write K/N with 1 <= K <= N, e.g. 2/4");
        let (index, count) = text.split_once('/').ok_or_else(bad)?;
        let (index, count) = (index.parse::<u64>().map_err(|_| bad())?, count.parse::<u64>().map_err(|_| bad())?);
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// Whether `submission` belongs to this shard (FNV-1a of its name, modulo the count).
    pub fn contains(&self, submission: &str) -> bool {
        let hash = submission
            .bytes()
            .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3));
        hash % self.count == self.index - 1
    }
}

/// One submission to grade: its name (unique in the batch) and folder.
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

/// How a batch reports progress.
pub trait Progress: Sync {
    /// A submission is done (`report` is `None` when it could not be graded).
    fn finished(&self, name: &str, report: Option<&Report>, error: Option<&str>);
}

/// A submission that could not be graded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    pub submission: String,
    pub error: String,
}

/// Grades `entries` into `out`, `jobs` submissions at once; with `resume`, submissions that
/// already have a report in `out` are skipped. Returns how many were graded now.
pub fn run(
    grader: &Grader,
    exercises: &[&Exercise],
    entries: &[Entry],
    out: &Path,
    jobs: usize,
    resume: bool,
    progress: &dyn Progress,
) -> Result<usize, Error> {
    for folder in ["reports", "failures", "sources"] {
        let dir = out.join(folder);
        std::fs::create_dir_all(&dir).map_err(|source| Error::io("create folder", &dir, source))?;
    }
    let todo: Vec<&Entry> = entries.iter().filter(|entry| !(resume && has_report(out, &entry.name))).collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .build()
        .map_err(|err| Error::Batch(format!("cannot start {jobs} workers: {err}")))?;
    let graded = AtomicUsize::new(0);
    pool.install(|| {
        todo.par_iter().try_for_each(|entry| -> Result<(), Error> {
            let failure_path = out.join("failures").join(format!("{}.json", entry.name));
            match grade_one(grader, exercises, entry) {
                Ok((report, sources)) => {
                    write_json(&out.join("sources").join(format!("{}.json", entry.name)), &sources)?;
                    write_json(&out.join("reports").join(format!("{}.json", entry.name)), &report)?;
                    let _ = std::fs::remove_file(&failure_path);
                    progress.finished(&entry.name, Some(&report), None);
                }
                Err(err) => {
                    let failure = Failure { submission: entry.name.clone(), error: err.to_string() };
                    write_json(&failure_path, &failure)?;
                    progress.finished(&entry.name, None, Some(&failure.error));
                }
            }
            graded.fetch_add(1, Ordering::Relaxed);
            Ok(())
        })
    })?;
    Ok(graded.into_inner())
}

/// The graded files of a submission, by exercise then path (UTF-8 text only).
pub type Sources = BTreeMap<String, BTreeMap<String, String>>;

fn grade_one(grader: &Grader, exercises: &[&Exercise], entry: &Entry) -> Result<(Report, Sources), Error> {
    let mut submission = Submission::read_dir(&entry.folder, exercises)?;
    submission.name.clone_from(&entry.name);
    let report = grader.grade(&submission)?;
    let mut sources = Sources::new();
    for (id, candidate) in &submission.exercises {
        if let CandidateFiles::Present { files, .. } = candidate {
            let texts = files
                .iter()
                .filter_map(|(path, bytes)| {
                    std::str::from_utf8(bytes).ok().map(|text| (path.to_owned(), text.to_owned()))
                })
                .collect();
            sources.insert(id.clone(), texts);
        }
    }
    Ok((report, sources))
}

fn has_report(out: &Path, name: &str) -> bool {
    std::fs::read(out.join("reports").join(format!("{name}.json")))
        .ok()
        .is_some_and(|bytes| serde_json::from_slice::<Report>(&bytes).is_ok())
}

/// Writes JSON atomically (a temp file renamed into place): a reader, or a batch killed midway,
/// never sees half a file.
pub fn write_json(path: &Path, value: &impl Serialize) -> Result<(), Error> {
    let json = serde_json::to_vec_pretty(value).map_err(|err| Error::io("encode", path, err.into()))?;
    write_atomic(path, &json)
}

fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    use std::io::Write as _;
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut temporary = tempfile::NamedTempFile::new_in(dir).map_err(|source| Error::io("write in", dir, source))?;
    temporary.write_all(bytes).map_err(|source| Error::io("write", path, source))?;
    temporary.persist(path).map_err(|err| Error::io("write", path, err.error))?;
    Ok(())
}

/// One submission's line in the summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubmissionSummary {
    pub submission: String,
    pub score: Score,
    pub levels: BTreeMap<Level, LevelScore>,
    pub estimated_level: Option<Level>,
    pub red_flags: usize,
}

/// `summary.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub schema_version: u32,
    /// Graded submissions, by name.
    pub submissions: Vec<SubmissionSummary>,
    /// Submissions that could not be graded.
    pub failures: Vec<Failure>,
    /// Pairs of submissions whose code is suspiciously alike (for a person to look at).
    pub similar_pairs: Vec<SimilarPair>,
    /// Submissions whose code matches the reference solution.
    pub reference_matches: Vec<ReferenceMatch>,
}

/// Reads every report in `out`, optionally rescores it with `rubric` (rewriting it), computes the
/// summary and writes `summary.json`, `summary.csv`, `summary.md` and `junit.xml`.
pub fn summarize(
    out: &Path,
    set: &ExerciseSet,
    rescore_with: Option<&Rubric>,
) -> Result<(Summary, Vec<Report>), Error> {
    let mut reports: Vec<Report> = read_all(&out.join("reports"))?;
    if let Some(rubric) = rescore_with {
        for report in &mut reports {
            score::rescore(report, set, rubric);
            write_json(&out.join("reports").join(format!("{}.json", report.submission)), report)?;
        }
    }
    let graded: Vec<&str> = reports.iter().map(|report| report.submission.as_str()).collect();
    let failures: Vec<Failure> = read_all::<Failure>(&out.join("failures"))?
        .into_iter()
        .filter(|f| !graded.contains(&f.submission.as_str()))
        .collect();
    let sources: BTreeMap<String, Sources> = std::fs::read_dir(out.join("sources"))
        .map(|listing| {
            listing
                .filter_map(Result::ok)
                .filter_map(|item| {
                    let name = item.file_name().to_string_lossy().strip_suffix(".json")?.to_owned();
                    let bytes = std::fs::read(item.path()).ok()?;
                    Some((name, serde_json::from_slice(&bytes).ok()?))
                })
                .collect()
        })
        .unwrap_or_default();
    let (similar_pairs, reference_matches) = compare(set, &sources);
    let submissions = reports
        .iter()
        .map(|report| SubmissionSummary {
            submission: report.submission.clone(),
            score: report.score,
            levels: report.levels.clone(),
            estimated_level: report.estimated_level,
            red_flags: report.exercises.iter().map(|e| e.red_flags.len()).sum(),
        })
        .collect();
    let summary =
        Summary { schema_version: SUMMARY_SCHEMA_VERSION, submissions, failures, similar_pairs, reference_matches };
    write_json(&out.join("summary.json"), &summary)?;
    write_atomic(&out.join("summary.csv"), formats::csv(&reports).as_bytes())?;
    write_atomic(&out.join("summary.md"), formats::markdown_batch(&reports).as_bytes())?;
    let junit = formats::junit_batch(&reports).map_err(|err| Error::Batch(format!("cannot write JUnit: {err}")))?;
    write_atomic(&out.join("junit.xml"), junit.as_bytes())?;
    Ok((summary, reports))
}

/// Copies the reports, failures and sources of shard outputs into `out` (a submission graded
/// in two shards keeps the later copy) and summarizes.
pub fn merge(shards: &[PathBuf], out: &Path, set: &ExerciseSet) -> Result<Summary, Error> {
    for folder in ["reports", "failures", "sources"] {
        let target = out.join(folder);
        std::fs::create_dir_all(&target).map_err(|source| Error::io("create folder", &target, source))?;
        for shard in shards {
            let from = shard.join(folder);
            if !shard.join("reports").is_dir() {
                return Err(Error::Batch(format!("{} is not a batch output folder (no reports/)", shard.display())));
            }
            let Ok(listing) = std::fs::read_dir(&from) else { continue };
            for item in listing.filter_map(Result::ok) {
                let path = item.path();
                if path.extension().is_some_and(|ext| ext == "json") {
                    let destination = target.join(item.file_name());
                    std::fs::copy(&path, &destination).map_err(|source| Error::io("copy", &path, source))?;
                }
            }
        }
    }
    summarize(out, set, None).map(|(summary, _)| summary)
}

fn read_all<T: serde::de::DeserializeOwned>(dir: &Path) -> Result<Vec<T>, Error> {
    let Ok(listing) = std::fs::read_dir(dir) else { return Ok(Vec::new()) };
    let mut paths: Vec<PathBuf> = listing
        .filter_map(Result::ok)
        .map(|item| item.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path).map_err(|source| Error::io("read", path, source))?;
            serde_json::from_slice(&bytes)
                .map_err(|err| Error::Batch(format!("{} is not valid: {err}", path.display())))
        })
        .collect()
}

/// Similar pairs and reference matches over every submission's sources.
fn compare(set: &ExerciseSet, sources: &BTreeMap<String, Sources>) -> (Vec<SimilarPair>, Vec<ReferenceMatch>) {
    let trees: Vec<(String, String, FileTree)> = sources
        .iter()
        .flat_map(|(submission, exercises)| {
            exercises.iter().map(move |(exercise, files)| {
                let mut tree = FileTree::new();
                for (path, text) in files {
                    tree.insert(path.as_str(), text.as_bytes());
                }
                (submission.clone(), exercise.clone(), tree)
            })
        })
        .collect();
    let inputs: Vec<SimilarityInput<'_>> =
        trees.iter().map(|(submission, exercise, files)| SimilarityInput { submission, exercise, files }).collect();
    let starters: BTreeMap<String, FileTree> =
        set.exercises().iter().map(|e| (e.id.clone(), e.editable_starter())).collect();
    let references: BTreeMap<String, FileTree> =
        set.exercises().iter().map(|e| (e.id.clone(), e.solution.clone())).collect();
    let options = similarity::Options::default();
    let pairs = similarity::find_similar(&inputs, &starters, &options);
    let matches = similarity::match_reference(&inputs, &references, &starters, &options);
    (pairs, matches)
}

/// Default number of submissions graded at once: one per core, fewer when memory is short
/// (about 1.5 GiB per build).
pub fn default_jobs() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let available_kib = std::fs::read_to_string("/proc/meminfo").ok().and_then(|text| {
        text.lines()
            .find_map(|line| line.strip_prefix("MemAvailable:"))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|kib| kib.parse::<u64>().ok())
    });
    let by_memory = available_kib.map_or(cores, |kib| usize::try_from(kib / (1536 * 1024)).unwrap_or(cores).max(1));
    cores.min(by_memory).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_partition_names_deterministically() {
        let names: Vec<String> = (0..200).map(|i| format!("candidate-{i}")).collect();
        let shards: Vec<Shard> = (1..=3).map(|k| format!("{k}/3").parse().expect("shard")).collect();
        for name in &names {
            let owners = shards.iter().filter(|shard| shard.contains(name)).count();
            assert_eq!(owners, 1, "{name} must be in exactly one shard");
        }
        let first: Vec<&String> = names.iter().filter(|name| shards[0].contains(name)).collect();
        assert!(first.len() > 30 && first.len() < 100, "{}", first.len());
        assert!("0/3".parse::<Shard>().is_err());
        assert!("4/3".parse::<Shard>().is_err());
        assert!("x".parse::<Shard>().is_err());
    }
}
