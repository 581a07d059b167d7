//! The grader's side of the run step: plans the tests of one test binary, hands them to the
//! in-sandbox runner ([`super::server`]) where there is one, and runs whatever it did not report
//! each in a sandbox of its own; then decides every test's status from its witnesses. The main
//! function is [`run_binary`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rayon::prelude::*;

use super::libtest::{self, classify, parse_listing, Witnesses, LIST_ARGS, LIST_TIMEOUT};
use super::protocol::{self, Line, Plan, PlannedTest, RUNNER_SUBCOMMAND};
use super::{TestRun, TestStatus};
use crate::error::Error;
use crate::process::{run_captured, Ending, Jail, Level, Role, Toolchain};
use crate::support::trace;

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
/// The tests a compiled binary holds, by libtest's `--list`.
pub fn list_tests(binary: &Path, crate_dir: &Path, jail: &Jail, toolchain: &Toolchain) -> Result<Vec<String>, Error> {
    let mut command = jail.command(toolchain, Role::Test { timeout: LIST_TIMEOUT }, binary);
    command.current_dir(crate_dir).args(LIST_ARGS);
    let captured = run_captured(command, LIST_TIMEOUT, OUTPUT_CAP)?;
    Ok(parse_listing(&captured.stdout))
}

/// Runs every job in a sandbox of its own, on the current rayon pool; results in job order.
pub fn run_all(jobs: &[TestJob], jail: &Jail, toolchain: &Toolchain) -> Vec<TestRun> {
    jobs.par_iter().map(|job| run_one(job, jail, toolchain)).collect()
}

/// Runs jobs that all use one test binary (the tests of one or more exercises); results come in
/// job order. With `runner` (the grader's test runner, `grader __run-tests`) the binary is
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
        trace(|| format!("running {} tests the runner did not report, each on its own", missing.len()));
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
    outcomes: BTreeMap<String, protocol::Outcome>,
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
    let plan = Plan {
        binary: first.binary.clone(),
        list_dir: first.crate_dir.clone(),
        output_cap: OUTPUT_CAP,
        sweep: jail.isolation.level == Level::Bwrap,
        tests: jobs
            .iter()
            .map(|job| PlannedTest {
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
    command.current_dir(&first.crate_dir).arg(RUNNER_SUBCOMMAND).arg(&plan_file);
    let captured = run_captured(command, total, RUNNER_OUTPUT_CAP).ok()?;
    trace(|| format!("test runner ran {} tests in {:.3} s", jobs.len(), captured.elapsed.as_secs_f64()));
    let mut listed = None;
    let mut outcomes = BTreeMap::new();
    for line in protocol::parse_lines(&captured.stdout) {
        match line {
            Line::Listed(names) => listed = Some(names.into_iter().collect()),
            Line::Ran(outcome) => {
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
        .args(libtest::run_args(&job.name, &log_file(job)));
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
