//! How one test ended, as the run step reports it to the rest of the pipeline. The main type is
//! [`TestRun`].

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::stage::layout::{package_dir, COMBINED_PREFIX, RETRY_PREFIX};

/// Longest failure message kept.
pub const MESSAGE_CAP: usize = 2000;

/// How one test ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TestStatus {
    Passed,
    Failed,
    TimedOut,
    Crashed,
    /// Never ran: the exercise did not compile, or the binary does not have the test.
    NotRun,
}

/// The result of one test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestRun {
    pub status: TestStatus,
    /// Why it did not pass: the panic message, the timeout, the signal.
    pub message: Option<String>,
    pub elapsed: Duration,
    /// What the test reported on its witness channel (metric → largest value reported).
    pub measurements: BTreeMap<String, u64>,
}

impl TestRun {
    /// A result with no measurements.
    pub fn new(status: TestStatus, message: Option<String>) -> TestRun {
        TestRun { status, message, elapsed: Duration::ZERO, measurements: BTreeMap::new() }
    }

    /// Rewrites what running in the combined binary adds to the message (`prefix`, the module
    /// before the test names, and the combined crate's folder before file paths), so it reads
    /// as it would from the exercise's own binary.
    /// The message is cut to [`MESSAGE_CAP`] only then, so it is cut at the same place whichever
    /// binary ran the test.
    pub fn as_if_own_binary(mut self, prefix: &str) -> TestRun {
        if let Some(message) = &mut self.message {
            if !prefix.is_empty() {
                *message = without_combined_dirs(&message.replace(prefix, ""));
            }
            if message.len() > MESSAGE_CAP {
                let cut = (0..=MESSAGE_CAP).rev().find(|&index| message.is_char_boundary(index)).unwrap_or(0);
                message.truncate(cut);
                message.push_str(" […cut]");
            }
        }
        self
    }
}

/// `text` without the hops through a combined crate's folder that rustc writes before the paths
/// of the test files it holds (`grader-combined-0/../junior-01/…` → `junior-01/…`).
fn without_combined_dirs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let next = [COMBINED_PREFIX, RETRY_PREFIX]
            .iter()
            .filter_map(|prefix| rest.find(&package_dir(prefix)).map(|at| (at, package_dir(prefix).len())))
            .min();
        let Some((at, len)) = next else { break };
        let after = &rest[at + len..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        match after[digits..].strip_prefix("/../") {
            Some(tail) if digits > 0 => {
                out.push_str(&rest[..at]);
                rest = tail;
            }
            _ => {
                out.push_str(&rest[..at + len]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_from_the_combined_binary_read_as_from_the_exercises_own() {
        let message =
            "thread 'ex_junior_01::hidden::t' panicked at grader-combined-1/../junior-01/grader_tests/hidden.rs:3:5";
        let run = TestRun::new(TestStatus::Failed, Some(message.into())).as_if_own_binary("ex_junior_01::");
        assert_eq!(run.message.as_deref(), Some("thread 'hidden::t' panicked at junior-01/grader_tests/hidden.rs:3:5"));
        let own = TestRun::new(TestStatus::Failed, Some(message.into())).as_if_own_binary("");
        assert_eq!(own.message.as_deref(), Some(message), "an own binary's message is left alone");
        assert_eq!(without_combined_dirs("grader-retry-12/../a and grader-combined-/x"), "a and grader-combined-/x");
    }
}
