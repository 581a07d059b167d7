//! `grader`: grades Rust take-home exercises.
//!
//! A submission flows one way through the pipeline, one module per step: [`intake`] (read the
//! candidate's editable files, safely; [`guard`] refuses compile-time reads outside the crate) →
//! [`stage`] (write a private Cargo workspace, most exercises' tests in a few combined test
//! crates; [`manifest`] writes each crate's `Cargo.toml`) → [`compile`] (one cargo build of every
//! library and test binary, more runs only for what failed) → [`run`] (each test in its own
//! process, under a timeout, through the in-sandbox [`runner`] under bubblewrap; [`checks`] adds
//! must-not-compile snippets and allocation
//! budgets; [`written`] grades written answers) → [`redflags`] (the habits of weak answers, with
//! evidence) → [`score`] (rubric points and verdicts) → [`report`] (the JSON model) and
//! [`render`] (the terminal scorecard) or [`formats`] (JUnit, Markdown, CSV for CI).
//!
//! Every child process runs through [`sandbox`] (scrubbed environment, timeouts, capped output)
//! under the [`isolation`] level (resource limits, bubblewrap or a network namespace). [`grade`]
//! drives the pipeline for one submission; [`verify`] checks an exercise set against its own
//! starters, reference and weak solutions; [`takehome`] writes the folder a candidate gets;
//! [`batch`] grades many submissions for CI (resumable, sharded, cached through [`cache`]);
//! [`similarity`] compares the submissions of a batch with each other and with the reference
//! solutions (scores and matching regions for a person to review, never a verdict).

pub mod batch;
pub mod cache;
pub mod checks;
pub mod compile;
pub mod embedded;
pub mod error;
pub mod exercise;
pub mod filetree;
pub mod formats;
pub mod glob;
pub mod grade;
pub mod guard;
pub mod intake;
pub mod interrupt;
pub mod inventory;
pub mod isolation;
pub mod manifest;
pub mod redflags;
pub mod render;
pub mod report;
pub mod rubric;
pub mod run;
pub mod runner;
pub mod sandbox;
pub mod score;
pub mod similarity;
pub mod stage;
pub mod takehome;
pub mod verify;
pub mod written;

pub use error::Error;

/// Prints a line about where the time goes to stderr when `GRADER_TRACE` is set (a debugging aid,
/// documented in the README's performance section); the message is only built then.
pub(crate) fn trace(message: impl FnOnce() -> String) {
    if std::env::var_os("GRADER_TRACE").is_some() {
        eprintln!("grader: {}", message());
    }
}

/// Locks a mutex, taking the data even if a thread panicked while holding it: everything the
/// grader guards this way is plain data that stays valid.
pub(crate) fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
