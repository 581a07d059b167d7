//! The run step: each test in its own process (`<binary> --exact <name>`), under a timeout with
//! capped output, through one in-sandbox test runner per group of exercises (`server.rs`, started
//! as `grader __run-tests`) or a sandbox per test; a test is passed, failed (with its panic
//! message), timed out, crashed or not run, and one hanging or crashing test never costs another
//! its result. The runner protocol (`protocol.rs`) and libtest's command lines (`libtest.rs`) are
//! each written once, for both sides. The main type is [`TestRun`].

mod client;
mod libtest;
mod outcome;
mod protocol;
mod server;
mod witness;

pub use client::{list_tests, run_all, run_binary, run_together_jobs, ChaffRun, TestJob};
pub use libtest::{classify, parse_listing, Witnesses, LIST_TIMEOUT};
pub use outcome::{TestRun, TestStatus};
pub use protocol::RUNNER_SUBCOMMAND;
pub use server::{install, serve};
pub use witness::{Witnessed, WITNESS_VAR};
