//! `grader`: grades Rust take-home exercises.
//!
//! A submission flows one way through the pipeline, one folder per step:
//!
//! 1. [`intake`]: read the candidate's editable files, safely.
//! 2. [`stage`]: write a private Cargo workspace; [`stage::layout`] is the naming contract.
//! 3. [`build`]: one cargo build of every library and test binary; more runs only for what failed.
//! 4. [`run`]: each test in its own process, under a timeout, through the in-sandbox runner;
//!    [`checks`] adds must-not-compile snippets, allocation budgets and written answers.
//! 5. [`inspect`]: the habits of weak answers (red flags), with evidence.
//! 6. [`score`]: the rubric, applied once; verdicts per level and an estimated level.
//! 7. [`report`]: the JSON model and its renderings (terminal, JUnit, Markdown, CSV, HTML).
//!
//! [`grade`] drives the pipeline for one submission ([`grade::Grader`]). Every child process runs
//! through [`process`] (toolchain, jail, isolation level, capture, reaper). [`exercise`] is the
//! exercise set every step reads. Around the pipeline: [`batch`] grades many submissions for CI,
//! [`verify`] checks an exercise set against itself, [`takehome`] writes the folder a candidate
//! gets. `docs/architecture.md` says where a new flag, check, output format or sandbox rule goes.
//! The main type is [`grade::Grader`].

// The sandbox is made of Linux's parts (namespaces, seccomp, prctl, /proc); elsewhere it would
// not hold, so the grader does not build rather than grade without it.
#[cfg(not(target_os = "linux"))]
compile_error!(
    "grader runs candidate code only inside a Linux sandbox (namespaces, seccomp, /proc) and builds only on Linux; \
     on macOS or Windows, grade in a Linux container or VM (docs/security.md)"
);

pub mod batch;
pub mod build;
pub mod checks;
pub mod error;
pub mod exercise;
pub mod filetree;
pub mod grade;
pub mod inspect;
pub mod intake;
pub mod process;
pub mod report;
pub mod run;
pub mod score;
pub mod stage;
pub mod support;
pub mod takehome;
pub mod verify;

pub use error::Error;
