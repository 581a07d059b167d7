//! The run step: lists each test binary's tests, then runs every test in its own process
//! (`<binary> --exact <name>`), each under a timeout with capped output: through the in-sandbox
//! test runner ([`crate::runner`]) where there is one, else each in a sandbox of its own. A test is
//! passed, failed (with its panic message), timed out, crashed, or not run; one hanging or
//! crashing test never costs another its result.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::isolation::Role;
use crate::sandbox::{run_captured, Ending, Jail, Toolchain};
use crate::stage::{package_dir, COMBINED_PREFIX, RETRY_PREFIX};

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
    /// What the test reported through `GRADER_MEASURE_FILE` (metric → largest value reported).
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
    pub fn as_if_own_binary(mut self, prefix: &str) -> TestRun {
        if let (Some(message), false) = (&mut self.message, prefix.is_empty()) {
            *message = without_combined_dirs(&message.replace(prefix, ""));
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

/// One test to run.
#[derive(Debug, Clone)]
pub struct TestJob {
    pub binary: PathBuf,
    /// Working directory: the staged crate, as `cargo test` would use.
    pub crate_dir: PathBuf,
    pub name: String,
    pub timeout: Duration,
    /// Where the test may write measurements (`<metric> <value>` lines), exposed to it as the
    /// environment variable `GRADER_MEASURE_FILE`.
    pub measure_file: PathBuf,
}

/// Environment variable naming the file a test writes its measurements to.
pub const MEASURE_FILE_VAR: &str = "GRADER_MEASURE_FILE";
/// Largest measurement file read.
const MEASURE_FILE_CAP: u64 = 64 * 1024;

/// Output kept per test process.
const OUTPUT_CAP: usize = 1024 * 1024;
/// Output kept of one runner. Its outcomes past this are lost, and those tests run again on their
/// own: a flood of output costs time, and never more memory than this per runner.
const RUNNER_OUTPUT_CAP: usize = 32 * OUTPUT_CAP;
/// Time the runner may take beyond its tests' timeouts: per test, and once.
const RUNNER_SLACK_PER_TEST: Duration = Duration::from_secs(1);
/// Longest failure message kept.
const MESSAGE_CAP: usize = 2000;
/// Time allowed to list a binary's tests.
pub const LIST_TIMEOUT: Duration = Duration::from_secs(30);

/// The tests a compiled binary holds, by libtest's `--list`.
pub fn list_tests(binary: &Path, crate_dir: &Path, jail: &Jail, toolchain: &Toolchain) -> Result<Vec<String>, Error> {
    let mut command = jail.command(toolchain, Role::Test { timeout: LIST_TIMEOUT }, binary);
    command.current_dir(crate_dir).args(["--list", "--format", "terse"]);
    let captured = run_captured(command, LIST_TIMEOUT, OUTPUT_CAP)?;
    Ok(parse_listing(&captured.stdout))
}

/// The test names in libtest's `--list --format terse` output.
pub fn parse_listing(stdout: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stdout).lines().filter_map(|line| line.strip_suffix(": test")).map(str::to_owned).collect()
}

/// Runs every job in a sandbox of its own, on the current rayon pool; results in job order.
pub fn run_all(jobs: &[TestJob], jail: &Jail, toolchain: &Toolchain) -> Vec<TestRun> {
    jobs.par_iter().map(|job| run_one(job, jail, toolchain)).collect()
}

/// Runs jobs that all use one test binary (the tests of one or more exercises); results come in
/// job order. With `runner` (the grader's test runner, see [`crate::runner`]) the binary is
/// listed and its tests run one after another in one runner process (one sandbox under
/// bubblewrap); any test the runner did not report (it was killed, say) then runs the usual way,
/// in a sandbox of its own. Without a
/// runner, the binary is listed and each test runs in its own sandbox, in parallel. A test the
/// binary does not hold is not run.
pub fn run_binary(
    jobs: &[TestJob],
    jail: &Jail,
    toolchain: &Toolchain,
    runner: Option<&Path>,
) -> Result<Vec<TestRun>, Error> {
    let Some(first) = jobs.first() else { return Ok(Vec::new()) };
    let mut reported = runner.and_then(|runner| run_in_runner(jobs, first, jail, toolchain, runner));
    let listed = match &mut reported {
        Some(report) => std::mem::take(&mut report.listed),
        None => list_tests(&first.binary, &first.crate_dir, jail, toolchain)?.into_iter().collect(),
    };
    let mut outcomes = reported.map(|report| report.outcomes).unwrap_or_default();
    let mut results: Vec<Option<TestRun>> = jobs
        .iter()
        .map(|job| {
            if !listed.contains(&job.name) {
                return Some(TestRun::new(
                    TestStatus::NotRun,
                    Some("the compiled test binary does not contain this test".into()),
                ));
            }
            let outcome = outcomes.remove(&job.name)?;
            let elapsed = Duration::from_millis(outcome.elapsed_ms);
            Some(finish(job, outcome.ending(), &outcome.stdout, &outcome.stderr, elapsed))
        })
        .collect();
    let missing: Vec<TestJob> =
        jobs.iter().zip(&results).filter(|(_, result)| result.is_none()).map(|(job, _)| job.clone()).collect();
    if !missing.is_empty() {
        crate::trace(|| format!("running {} tests the runner did not report, each on its own", missing.len()));
    }
    let mut reruns = run_all(&missing, jail, toolchain).into_iter();
    Ok(results.iter_mut().map(|result| result.take().or_else(|| reruns.next()).unwrap_or_else(not_reported)).collect())
}

fn not_reported() -> TestRun {
    TestRun::new(TestStatus::Crashed, Some("the test runner reported no result for this test".into()))
}

/// What a runner reported: the binary's tests, and the outcomes of those it ran, by name.
struct RunnerReport {
    listed: BTreeSet<String>,
    outcomes: BTreeMap<String, crate::runner::Outcome>,
}

/// Runs `jobs` (all of `first`'s binary) in one runner; `None` when it did not even list the
/// binary's tests.
fn run_in_runner(
    jobs: &[TestJob],
    first: &TestJob,
    jail: &Jail,
    toolchain: &Toolchain,
    runner: &Path,
) -> Option<RunnerReport> {
    let plan = crate::runner::Plan {
        binary: first.binary.clone(),
        list_dir: first.crate_dir.clone(),
        output_cap: OUTPUT_CAP,
        sweep: jail.isolation.level == crate::isolation::Level::Bwrap,
        tests: jobs
            .iter()
            .map(|job| crate::runner::PlannedTest {
                name: job.name.clone(),
                crate_dir: job.crate_dir.clone(),
                timeout_ms: u64::try_from(job.timeout.as_millis()).unwrap_or(u64::MAX),
                log_file: log_file(job),
                env: vec![(MEASURE_FILE_VAR.to_owned(), job.measure_file.clone())],
            })
            .collect(),
    };
    let plan_file = first.measure_file.with_extension("plan.json");
    std::fs::write(&plan_file, serde_json::to_string(&plan).ok()?).ok()?;
    // Each test has its own timeout inside; this one only stops a runner that stops answering.
    let total = jobs.iter().map(|job| job.timeout + RUNNER_SLACK_PER_TEST).sum::<Duration>() + LIST_TIMEOUT;
    let mut command = jail.command_showing(toolchain, Role::Test { timeout: total }, runner, Some(runner));
    command.current_dir(&first.crate_dir).arg(crate::runner::RUNNER_SUBCOMMAND).arg(&plan_file);
    let captured = run_captured(command, total, RUNNER_OUTPUT_CAP).ok()?;
    crate::trace(|| format!("test runner ran {} tests in {:.3} s", jobs.len(), captured.elapsed.as_secs_f64()));
    let mut listed = None;
    let mut outcomes = BTreeMap::new();
    for line in crate::runner::parse_lines(&captured.stdout) {
        match line {
            crate::runner::Line::Listed(names) => listed = Some(names.into_iter().collect()),
            crate::runner::Line::Ran(outcome) => {
                outcomes.insert(outcome.name.clone(), outcome);
            }
        }
    }
    Some(RunnerReport { listed: listed?, outcomes })
}

fn run_one(job: &TestJob, jail: &Jail, toolchain: &Toolchain) -> TestRun {
    // A runner killed mid-test may have left these behind, owned by its user: start afresh.
    for stale in [log_file(job), job.measure_file.clone()] {
        if let Err(err) = std::fs::remove_file(&stale) {
            if err.kind() != std::io::ErrorKind::NotFound {
                return TestRun::new(TestStatus::Crashed, Some(format!("cannot remove {}: {err}", stale.display())));
            }
        }
    }
    let mut command = jail.command(toolchain, Role::Test { timeout: job.timeout }, &job.binary);
    command
        .current_dir(&job.crate_dir)
        .env(MEASURE_FILE_VAR, &job.measure_file)
        .args(["--exact", &job.name, "--test-threads=1", "--logfile"])
        .arg(log_file(job));
    match run_captured(command, job.timeout, OUTPUT_CAP) {
        Ok(captured) => finish(
            job,
            captured.ending,
            &String::from_utf8_lossy(&captured.stdout),
            &String::from_utf8_lossy(&captured.stderr),
            captured.elapsed,
        ),
        Err(err) => TestRun::new(TestStatus::Crashed, Some(err.to_string())),
    }
}

/// libtest's own log of results: a second witness that a forged stdout line does not fool.
fn log_file(job: &TestJob) -> PathBuf {
    job.measure_file.with_extension("log")
}

/// A test's result from how its process ended, its output, its log file and measurements.
fn finish(job: &TestJob, ending: Ending, stdout: &str, stderr: &str, elapsed: Duration) -> TestRun {
    let logged = std::fs::read_to_string(log_file(job)).unwrap_or_default();
    let witnesses = Witnesses { stdout, stderr, log: &logged };
    let (status, message) = classify(&job.name, ending, &witnesses, job.timeout);
    let measurements = read_measurements(&job.measure_file);
    TestRun { status, message, elapsed, measurements }
}

/// Parses `<metric> <value>` lines; a metric reported twice keeps its largest value. A missing
/// or oversized file, or a malformed line, is simply no measurement.
fn read_measurements(path: &Path) -> BTreeMap<String, u64> {
    let mut measurements = BTreeMap::new();
    let small_enough = std::fs::metadata(path).is_ok_and(|meta| meta.len() <= MEASURE_FILE_CAP);
    let text = if small_enough { std::fs::read_to_string(path).unwrap_or_default() } else { String::new() };
    for line in text.lines() {
        let mut parts = line.split_whitespace();
        if let (Some(metric), Some(Ok(value)), None) = (parts.next(), parts.next().map(str::parse::<u64>), parts.next())
        {
            let entry = measurements.entry(metric.to_owned()).or_insert(value);
            *entry = (*entry).max(value);
        }
    }
    measurements
}

/// What a test process left behind: its output and libtest's log file.
pub struct Witnesses<'a> {
    pub stdout: &'a str,
    pub stderr: &'a str,
    pub log: &'a str,
}

/// Decides a test's status from how its process ended and what libtest reported. A pass needs
/// positive evidence that agrees: exit status 0, exactly one `test <name> ... ok` line, the
/// summary `test result: ok. 1 passed`, and `ok <name>` in libtest's log file.
pub fn classify(
    name: &str,
    ending: Ending,
    witnesses: &Witnesses<'_>,
    timeout: Duration,
) -> (TestStatus, Option<String>) {
    let Witnesses { stdout, stderr, log } = *witnesses;
    if ending == Ending::TimedOut {
        return (TestStatus::TimedOut, Some(format!("still running after {} s; killed", timeout.as_secs_f32())));
    }
    if ending.success() {
        let ok_lines = stdout.lines().filter(|line| line.trim_end() == format!("test {name} ... ok")).count();
        let summary = stdout.lines().any(|line| line.starts_with("test result: ok. 1 passed; 0 failed"));
        let logged = log.lines().any(|line| line.trim_end() == format!("ok {name}"));
        if ok_lines == 1 && summary && logged {
            return (TestStatus::Passed, None);
        }
        // Exit 0 without libtest's own, consistent verdict: the process ended before the harness
        // could report, or something else printed the verdict.
        let message = if ok_lines == 0 {
            "the test process exited early with status 0 (process::exit?)"
        } else {
            "the test process's report is not libtest's own (forged output?)"
        };
        return (TestStatus::Crashed, Some(message.into()));
    }
    if let Some(signal) = ending.signal() {
        let mut message = format!("killed by signal {signal} ({})", signal_name(signal));
        if stderr.contains("has overflowed its stack") {
            message = format!("stack overflow; {message}");
        }
        return (TestStatus::Crashed, Some(message));
    }
    if ending.code() == Some(101) {
        return (TestStatus::Failed, Some(failure_message(name, stdout)));
    }
    let code = ending.code().map_or_else(|| "unknown".to_owned(), |code| code.to_string());
    (TestStatus::Crashed, Some(format!("the test process exited with status {code}")))
}

/// The panic message libtest printed for `name`, without the backtrace hint.
/// `thread 'name' (17) panicked at …` without the `(17)`: the thread id depends on what else ran
/// in the process namespace, and a report should not.
fn without_thread_id(line: &str) -> String {
    let Some(rest) = line.strip_prefix("thread '") else { return line.to_owned() };
    let Some((thread, after)) = rest.split_once("' (") else { return line.to_owned() };
    match after.split_once(") panicked") {
        Some((id, tail)) if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) => {
            format!("thread '{thread}' panicked{tail}")
        }
        _ => line.to_owned(),
    }
}

fn failure_message(name: &str, stdout: &str) -> String {
    let header = format!("---- {name} stdout ----");
    let section = stdout
        .split_once(&header)
        .map(|(_, rest)| rest.split("\nfailures:").next().unwrap_or(rest))
        .unwrap_or("the test failed");
    let lines: Vec<String> = section
        .lines()
        .filter(|line| !line.starts_with("note: run with `RUST_BACKTRACE"))
        .map(without_thread_id)
        .collect();
    let mut message = lines.join("\n").trim().to_owned();
    if message.len() > MESSAGE_CAP {
        let cut = (0..=MESSAGE_CAP).rev().find(|&index| message.is_char_boundary(index)).unwrap_or(0);
        message.truncate(cut);
        message.push_str(" […cut]");
    }
    message
}

fn signal_name(signal: i32) -> &'static str {
    match signal {
        libc::SIGABRT => "SIGABRT, abort",
        libc::SIGSEGV => "SIGSEGV, invalid memory access",
        libc::SIGBUS => "SIGBUS",
        libc::SIGILL => "SIGILL",
        libc::SIGFPE => "SIGFPE",
        libc::SIGKILL => "SIGKILL",
        libc::SIGXCPU => "SIGXCPU, CPU limit",
        _ => "signal",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::process::ExitStatusExt;
    use std::process::ExitStatus;

    fn witnesses<'a>(stdout: &'a str, stderr: &'a str) -> Witnesses<'a> {
        Witnesses { stdout, stderr, log: "" }
    }

    const FAILED: &str = "\nrunning 1 test\ntest hidden::swap ... FAILED\n\nfailures:\n\n---- hidden::swap stdout ----\n\nthread 'hidden::swap' panicked at grader_tests/hidden.rs:9:5:\nassertion `left == right` failed\n  left: 1\n right: 2\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n\n\nfailures:\n    hidden::swap\n\ntest result: FAILED. 0 passed; 1 failed\n";

    fn exited(code: i32) -> Ending {
        Ending::Exited(ExitStatus::from_raw(code << 8))
    }

    #[test]
    fn measurements_keep_the_largest_value_and_skip_garbage() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("m");
        std::fs::write(&path, "allocations 3\nallocations 7\nallocations 2\nbytes x\nnoise\npeak 10 extra\n")
            .expect("write");
        let measurements = read_measurements(&path);
        assert_eq!(measurements.into_iter().collect::<Vec<_>>(), [("allocations".to_owned(), 7)]);
        assert!(read_measurements(&dir.path().join("absent")).is_empty());
    }

    #[test]
    fn thread_ids_are_dropped_from_panic_lines() {
        assert_eq!(
            without_thread_id("thread 'hidden::t' (53) panicked at src/lib.rs:3:5:"),
            "thread 'hidden::t' panicked at src/lib.rs:3:5:"
        );
        assert_eq!(without_thread_id("thread 'x' (main) panicked"), "thread 'x' (main) panicked");
        assert_eq!(without_thread_id("left: (1) panicked"), "left: (1) panicked");
    }

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

    #[test]
    fn failures_carry_the_panic_message() {
        let (status, message) = classify("hidden::swap", exited(101), &witnesses(FAILED, ""), Duration::from_secs(1));
        assert_eq!(status, TestStatus::Failed);
        let message = message.expect("has a message");
        assert!(message.contains("left: 1"), "{message}");
        assert!(!message.contains("RUST_BACKTRACE"), "{message}");
    }

    #[test]
    fn exit_zero_needs_every_witness_of_the_harness_to_agree() {
        let second = Duration::from_secs(1);
        let ok = "running 1 test\ntest hidden::swap ... ok\n\ntest result: ok. 1 passed; 0 failed; 0 ignored\n";
        let logged = Witnesses { stdout: ok, stderr: "", log: "ok hidden::swap\n" };
        assert_eq!(classify("hidden::swap", exited(0), &logged, second).0, TestStatus::Passed);
        // Forged stdout without libtest's log, an early exit, or a doubled verdict: no pass.
        assert_eq!(classify("hidden::swap", exited(0), &witnesses(ok, ""), second).0, TestStatus::Crashed);
        assert_eq!(
            classify("hidden::swap", exited(0), &witnesses("running 1 test\n", ""), second).0,
            TestStatus::Crashed
        );
        let doubled = format!("{ok}test hidden::swap ... ok\n");
        let forged = Witnesses { stdout: &doubled, stderr: "", log: "ok hidden::swap\n" };
        assert_eq!(classify("hidden::swap", exited(0), &forged, second).0, TestStatus::Crashed);
    }

    #[test]
    fn signals_and_timeouts_are_told_apart() {
        let aborted = Ending::Exited(ExitStatus::from_raw(libc::SIGABRT));
        let (status, message) =
            classify("t", aborted, &witnesses("", "thread 't' has overflowed its stack"), Duration::from_secs(1));
        assert_eq!(status, TestStatus::Crashed);
        assert!(message.unwrap_or_default().starts_with("stack overflow"));
        assert_eq!(classify("t", Ending::TimedOut, &witnesses("", ""), Duration::from_secs(1)).0, TestStatus::TimedOut);
        assert_eq!(classify("t", exited(3), &witnesses("", ""), Duration::from_secs(1)).0, TestStatus::Crashed);
    }
}
