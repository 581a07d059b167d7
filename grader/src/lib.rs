//! `grader`: grades Rust take-home exercises.
//!
//! A submission flows one way through the pipeline, one module per step:
//! [`intake`] (read the candidate's editable files, safely) → [`stage`] (write a private Cargo
//! workspace) → [`compile`] (one `cargo test --no-run` over every exercise) → [`run`] (each test
//! in its own process, in parallel, under a timeout) → [`redflags`] (the habits of weak answers,
//! with evidence) → [`score`] (rubric points and verdicts) →
//! [`report`] (the JSON model) and [`render`] (the terminal scorecard).
//!
//! [`written`] grades written answers by checklist and marks them for manual review.
//! [`checks`] turns must-not-compile snippets and resource budgets into scored checks.
//! [`grade`] drives that pipeline for one submission; [`verify`] checks an exercise set against its
//! own starters and reference solutions; [`takehome`] writes the folder a candidate gets.

pub mod checks;
pub mod compile;
pub mod embedded;
pub mod error;
pub mod exercise;
pub mod filetree;
pub mod glob;
pub mod grade;
pub mod intake;
pub mod inventory;
pub mod manifest;
pub mod redflags;
pub mod render;
pub mod report;
pub mod rubric;
pub mod run;
pub mod sandbox;
pub mod score;
pub mod stage;
pub mod takehome;
pub mod verify;
pub mod written;

pub use error::Error;
