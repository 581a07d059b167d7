//! The runner protocol, one definition for both sides: the plan the grader writes for the
//! in-sandbox runner (one test binary, its tests in order) and the JSON lines the runner prints
//! back (the listing, then one outcome per test). The main types are [`Plan`] and [`Line`].

use std::collections::BTreeMap;
use std::io::Write;
use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::process::ExitStatus;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::process::Ending;

/// The hidden subcommand that starts the runner.
pub const RUNNER_SUBCOMMAND: &str = "__run-tests";

/// What the runner is asked to do: tests of one binary, in order.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Plan {
    pub binary: PathBuf,
    /// Working directory for listing the binary's tests.
    pub list_dir: PathBuf,
    /// Bytes kept of each stream of each test.
    pub output_cap: usize,
    /// Kill every other process of the (private) process namespace after each test.
    pub sweep: bool,
    /// Empty the private `/tmp` after each test (it is the tests' own, bounded in size).
    #[serde(default)]
    pub scratch: bool,
    pub tests: Vec<PlannedTest>,
}

/// One test of a [`Plan`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PlannedTest {
    /// The name to pass to `--exact`.
    pub name: String,
    /// Working directory: the exercise's staged crate, as `cargo test` would use.
    pub crate_dir: PathBuf,
    pub timeout_ms: u64,
    /// The chaff the test chooses (`GRADER_CHAFF`), for a candidate's test in a chaff package.
    #[serde(default)]
    pub chaff: Option<u64>,
    /// When not empty, these tests run in one process (`name` is then only a label) and the
    /// outcome lists the ones that witnessed their pass.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub together: Vec<String>,
    /// For tests run together: the first that fails ends the process.
    #[serde(default)]
    pub stop_at_failure: bool,
}

/// One line of the runner's output.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Line {
    /// The binary's tests (libtest's `--list`), printed first.
    Listed(Vec<String>),
    /// A planned test that the binary holds, run.
    Ran(Outcome),
}

/// How one test process ended, as the runner prints it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Outcome {
    pub name: String,
    /// The raw wait status, or `None` when the test ran past its timeout and was killed.
    pub wait_status: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub elapsed_ms: u64,
    /// The test function returned and said so on the channel, with the runner's secret.
    pub witnessed: bool,
    /// What the test measured, read from the channel with the secret.
    pub measurements: BTreeMap<String, u64>,
    /// For tests run together: those that witnessed their pass.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub passed: Vec<String>,
    /// For tests run together until the first failure: the one that failed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failed: Vec<String>,
}

impl Outcome {
    /// How the process ended, as [`crate::sandbox::run_captured`] would say it.
    pub fn ending(&self) -> Ending {
        match self.wait_status {
            Some(raw) => Ending::Exited(ExitStatus::from_raw(raw)),
            None => Ending::TimedOut,
        }
    }
}

/// Prints one line of the protocol and flushes it.
pub fn emit(out: &mut dyn Write, line: &Line) -> Result<(), Error> {
    let text =
        serde_json::to_string(line).map_err(|err| Error::Sandbox(format!("cannot write a runner line: {err}")))?;
    writeln!(out, "{text}").and_then(|()| out.flush()).map_err(|source| Error::io("write", "stdout", source))
}

/// Reads the runner's output. A line that does not parse (the runner was killed mid-line) is
/// dropped.
pub fn parse_lines(stdout: &[u8]) -> Vec<Line> {
    String::from_utf8_lossy(stdout).lines().filter_map(|line| serde_json::from_str(line).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_round_trip_and_a_torn_line_is_dropped() {
        let outcome = Outcome {
            name: "hidden::t".into(),
            wait_status: Some(0),
            stdout: "ok".into(),
            stderr: String::new(),
            elapsed_ms: 3,
            witnessed: true,
            measurements: BTreeMap::new(),
            passed: Vec::new(),
            failed: Vec::new(),
        };
        let mut text = serde_json::to_string(&Line::Ran(outcome.clone())).expect("json");
        text.push('\n');
        text.push_str("{\"ran\":{\"name\":\"hidden::torn\",\"wait_st");
        let parsed = parse_lines(text.as_bytes());
        assert_eq!(parsed.len(), 1);
        assert!(matches!(&parsed[0], Line::Ran(ran) if ran.ending().success()));
        let timed_out = Outcome { wait_status: None, ..outcome };
        assert_eq!(timed_out.ending(), Ending::TimedOut);
    }
}
