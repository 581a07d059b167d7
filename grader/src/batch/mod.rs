//! Batch grading for CI: many submissions, a bounded number graded at once, each report written
//! the moment it is done (so an interrupted batch loses nothing and `--resume` grades only what is
//! missing), deterministic sharding for CI job matrices, and one summary (JSON, CSV, Markdown,
//! JUnit, similarity pairs, an HTML page to share) computed from the output folder alone, so that
//! merging shard outputs or rescoring with a new rubric gives exactly what one unsharded run
//! would.
//!
//! Output folder layout: `reports/<submission>.json` (the report of `grader check --format json`),
//! `failures/<submission>.json` (a submission that could not be graded, and why),
//! `sources/<submission>.json` (the graded files, for similarity), `summary.json`, `summary.csv`,
//! `summary.md`, `summary.html`, `junit.xml`, and `provenance.json` (what produced the folder).
//! The main function is [`run`].

mod discover;
mod html;
mod merge;
mod output;
mod provenance;
mod run;
mod shard;
pub mod similarity;
mod summary;

pub use discover::{discover, Entry};
pub use html::summary_html;
pub use merge::merge;
pub use output::write_json;
pub use provenance::{is_batch_output, Provenance, Reuse, PROVENANCE_FILE};
pub use run::{default_jobs, run, Event, Failure, Progress, Sources};
pub use shard::{Shard, ShardChoice};
pub use summary::{batch_notes, summarize, SubmissionSummary, Summary, REVIEWS_DIR, SUMMARY_SCHEMA_VERSION};
