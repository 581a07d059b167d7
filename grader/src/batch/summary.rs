//! The summary of a batch output folder (`summary.json`, `summary.csv`, `summary.md`,
//! `summary.html`, `junit.xml`, similarity pairs), computed from the folder alone, so merging
//! shard outputs or rescoring with a new rubric gives exactly what one unsharded run would. The
//! main type is [`Summary`].

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::output::{read_all, write_atomic, write_json};
use super::run::{Failure, Sources};
use super::similarity::{self, ReferenceMatch, SimilarPair, SimilarityInput};
use crate::error::Error;
use crate::exercise::ExerciseSet;
use crate::filetree::FileTree;
use crate::report::{self, Level, LevelScore, Report, Score};
use crate::score::{self, Rubric};
use crate::support::neutralise_workflow_commands;

/// Version of `summary.json`'s shape.
pub const SUMMARY_SCHEMA_VERSION: u32 = 1;

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

/// The folder of a batch output where interviewers put their review files
/// (`reviews/<submission>.toml`, read by `grader rescore`).
pub const REVIEWS_DIR: &str = "reviews";

/// Reads every report in `out`, optionally rescores it with `rubric` (rewriting it), computes the
/// summary and writes `summary.json`, `summary.csv`, `summary.md`, `summary.html` and `junit.xml`.
pub fn summarize(
    out: &Path,
    set: &ExerciseSet,
    rescore_with: Option<&Rubric>,
) -> Result<(Summary, Vec<Report>), Error> {
    let mut reports: Vec<Report> = read_all(&out.join("reports"))?;
    if let Some(rubric) = rescore_with {
        for report in &mut reports {
            score::rescore(report, set, rubric);
            // What an interviewer decided, in `reviews/<submission>.toml`, counts from now on.
            let review = out.join(REVIEWS_DIR).join(format!("{}.toml", report.submission));
            if review.is_file() {
                score::apply_review(report, &score::ReviewFile::load(&review)?, set, rubric)?;
            }
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
    let notes = batch_notes(&summary);
    write_atomic(
        &out.join("summary.csv"),
        neutralise_workflow_commands(&report::csv_batch(&reports, &notes)).as_bytes(),
    )?;
    write_atomic(
        &out.join("summary.md"),
        neutralise_workflow_commands(&report::markdown_batch(&reports, &notes)).as_bytes(),
    )?;
    let page = super::html::summary_html(&summary, &reports);
    write_atomic(&out.join("summary.html"), neutralise_workflow_commands(&page).as_bytes())?;
    let junit =
        report::junit_batch(&reports, &notes).map_err(|err| Error::Batch(format!("cannot write JUnit: {err}")))?;
    write_atomic(&out.join("junit.xml"), junit.as_bytes())?;
    Ok((summary, reports))
}

/// What the batch renderings show beyond the reports: failures and similar pairs.
pub fn batch_notes(summary: &Summary) -> report::BatchNotes {
    report::BatchNotes {
        not_graded: summary.failures.iter().map(|f| (f.submission.clone(), f.error.clone())).collect(),
        similar: summary
            .similar_pairs
            .iter()
            .map(|p| (p.exercise.clone(), p.a.clone(), p.b.clone(), p.score))
            .collect(),
    }
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
