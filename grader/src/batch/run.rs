//! Grades the submissions of a batch, a bounded number at once, each report written the moment it
//! is done (an interrupted batch loses nothing; `--resume` grades only what is missing), telling
//! a [`Progress`] consumer about each. The main function is [`run`].

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::discover::Entry;
use super::output::write_json;
use crate::error::{display_chain, Error};
use crate::exercise::Exercise;
use crate::grade::Grader;
use crate::intake::{CandidateFiles, Submission};
use crate::report::Report;

/// Something that happened in a batch, for whoever reports progress.
#[derive(Debug, Clone, Copy)]
pub enum Event<'a> {
    /// A submission was graded.
    Graded { name: &'a str, report: &'a Report },
    /// A submission could not be graded, and why.
    NotGraded { name: &'a str, error: &'a str },
}

/// Consumes a batch's events (a progress bar, CI log lines), from any worker thread.
pub trait Progress: Sync {
    /// One event, as it happens.
    fn event(&self, event: Event<'_>);
}

/// A submission that could not be graded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    pub submission: String,
    pub error: String,
}

/// Grades `entries` into `out`, `jobs` submissions at once; with `resume`, submissions that
/// already have a report in `out` are skipped. With `by_manifest`, each hand-in is graded for the
/// exercises its `take-home.toml` lists, or the exercise folders it holds ([`takehome::choose`]);
/// else for `exercises`. Returns how many were graded now.
#[allow(clippy::too_many_arguments)] // one call site in the CLI, one in the benchmark
pub fn run(
    grader: &Grader,
    exercises: &[&Exercise],
    by_manifest: bool,
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
            match grade_one(grader, exercises, by_manifest, entry) {
                Ok((report, sources)) => {
                    write_json(&out.join("sources").join(format!("{}.json", entry.name)), &sources)?;
                    write_json(&out.join("reports").join(format!("{}.json", entry.name)), &report)?;
                    let _ = std::fs::remove_file(&failure_path);
                    progress.event(Event::Graded { name: &entry.name, report: &report });
                }
                Err(err) => {
                    let failure = Failure { submission: entry.name.clone(), error: display_chain(&err) };
                    write_json(&failure_path, &failure)?;
                    progress.event(Event::NotGraded { name: &entry.name, error: &failure.error });
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

fn grade_one(
    grader: &Grader,
    exercises: &[&Exercise],
    by_manifest: bool,
    entry: &Entry,
) -> Result<(Report, Sources), Error> {
    let mut submission = Submission::read(&entry.folder, exercises)?;
    if by_manifest {
        crate::takehome::choose(&mut submission, exercises, &entry.folder)?;
    }
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
