//! The grader's side of the run step: plans the tests of one test binary, hands them to the
//! in-sandbox runner ([`super::server`]) where there is one, and runs whatever it did not report
//! each in a sandbox of its own; then decides every test's status from its witnesses. The main
//! function is [`run_binary`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use rayon::prelude::*;

use super::libtest::{self, classify, parse_listing, Witnesses, LIST_ARGS, LIST_TIMEOUT};
use super::protocol::{self, Line, Plan, PlannedTest, RUNNER_SUBCOMMAND};
use super::witness::{run_witnessed, Verdicts, Witnessed};
use super::{TestRun, TestStatus};
use crate::error::Error;
use crate::process::{run_captured, run_watched, Ending, Jail, Level, Role, Toolchain};
use crate::stage::CHAFF_VAR;
use crate::support::trace;

/// One test to run.
#[derive(Debug, Clone)]
pub struct TestJob {
    pub binary: PathBuf,
    /// Working directory: the staged crate, as `cargo test` would use.
    pub crate_dir: PathBuf,
    pub name: String,
    pub timeout: Duration,
    /// The chaff to choose ([`crate::stage::CHAFF_VAR`]), for the candidate's tests in a chaff
    /// package; `None` everywhere else.
    pub chaff: Option<u64>,
    /// When not empty, these tests run in one process and `name` is only a label
    /// ([`run_together_jobs`]).
    pub together: Vec<String>,
    /// For tests run together: the first that fails ends the process (against a chaff, only
    /// whether one fails matters).
    pub stop_at_failure: bool,
}

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

/// Runs every job in a sandbox of its own, on the current rayon pool; results in job order. A
/// test libtest itself could not run (see [`libtest::harness_failure`]) is the grader's error.
pub fn run_all(jobs: &[TestJob], jail: &Jail, toolchain: &Toolchain) -> Result<Vec<TestRun>, Error> {
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
            let ending = outcome.ending();
            let witnessed = Witnessed { passed: outcome.witnessed, measurements: outcome.measurements };
            match finish(job, ending, &outcome.stdout, &outcome.stderr, elapsed, witnessed) {
                Ok(run) => Some(run),
                Err(detail) => {
                    // Not the candidate's doing: run it again, in a sandbox of its own.
                    trace(|| format!("the harness could not run {}: {detail}", job.name));
                    None
                }
            }
        })
        .collect();
    let missing: Vec<TestJob> =
        jobs.iter().zip(&results).filter(|(_, result)| result.is_none()).map(|(job, _)| job.clone()).collect();
    if !missing.is_empty() {
        trace(|| format!("running {} tests the runner did not report, each on its own", missing.len()));
    }
    let mut reruns = run_all(&missing, jail, toolchain)?.into_iter();
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
        scratch: true,
        tests: jobs
            .iter()
            .map(|job| PlannedTest {
                name: job.name.clone(),
                crate_dir: job.crate_dir.clone(),
                timeout_ms: u64::try_from(job.timeout.as_millis()).unwrap_or(u64::MAX),
                chaff: job.chaff,
                together: job.together.clone(),
                stop_at_failure: job.stop_at_failure,
            })
            .collect(),
    };
    // Next to the runner's copy: a folder only the grader writes.
    static PLANS: AtomicUsize = AtomicUsize::new(0);
    let plan_file = runner.with_file_name(format!("plan-{}.json", PLANS.fetch_add(1, Ordering::Relaxed)));
    std::fs::write(&plan_file, serde_json::to_string(&plan).ok()?).ok()?;
    // Each test has its own timeout inside; this one only stops a runner that stops answering.
    let total = jobs.iter().map(|job| job.timeout + RUNNER_SLACK_PER_TEST).sum::<Duration>() + LIST_TIMEOUT;
    let mut command = jail.command_showing(toolchain, Role::Test { timeout: total }, runner, Some(runner));
    command.current_dir(&first.crate_dir).arg(RUNNER_SUBCOMMAND).arg(&plan_file);
    let captured = run_watched(command, total, RUNNER_OUTPUT_CAP, jail.disk_watch().as_ref()).ok()?;
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

/// What a suite run in one process did (the candidate's tests against their code, the reference
/// or a chaff): which tests passed, and whether the binary ran to a clean end.
#[derive(Debug, Clone)]
pub struct ChaffRun {
    pub passed: BTreeSet<String>,
    /// Exit status 0 within the time allowed.
    pub clean_exit: bool,
    /// The tests libtest reported failed, and how the run ended when it did not end cleanly.
    pub failed: Vec<String>,
    pub ending: String,
}

impl ChaffRun {
    /// Whether the tests noticed the chaff: some test did not pass, or the binary did not end
    /// cleanly (it crashed or hung).
    pub fn caught(&self, names: &[String]) -> bool {
        !self.clean_exit || names.iter().any(|name| !self.passed.contains(name))
    }
}

/// Runs the tests of `job.together` in one process, in a sandbox of its own (with `job.chaff`
/// chosen, in a chaff package's binary): libtest runs them one after another, and each passing
/// test says so on the witness channel. Against a chaff only whether a test fails matters (one
/// that crashes or hangs the binary catches it all the same); elsewhere the caller runs the tests
/// that did not pass again, one process each ([`run_binary`]), for their status.
fn run_together(job: &TestJob, jail: &Jail, toolchain: &Toolchain) -> Result<ChaffRun, Error> {
    let mut command = jail.command(toolchain, Role::Test { timeout: job.timeout }, &job.binary);
    command.current_dir(&job.crate_dir).args(libtest::run_together_args(&job.together));
    if let Some(selector) = job.chaff {
        command.env(CHAFF_VAR, selector.to_string());
    }
    if job.stop_at_failure {
        command.env(super::witness::STOP_AT_FAILURE_VAR, "1");
    }
    let (captured, verdicts) =
        super::witness::run_witnessed_many(command, job.timeout, OUTPUT_CAP, jail.disk_watch().as_ref())?;
    let stdout = String::from_utf8_lossy(&captured.stdout);
    Ok(ChaffRun::read(&job.together, verdicts, &stdout, captured.ending, job.timeout))
}

impl ChaffRun {
    fn read(names: &[String], verdicts: Verdicts, stdout: &str, ending: Ending, timeout: Duration) -> ChaffRun {
        let Verdicts { passed, mut failed } = verdicts;
        failed.extend(
            stdout
                .lines()
                .filter_map(|line| line.strip_prefix("test ")?.strip_suffix(" ... FAILED"))
                .map(str::to_owned),
        );
        failed.retain(|name| names.contains(name));
        failed.dedup();
        let (clean_exit, ending) = match ending {
            Ending::Exited(status) if status.success() => (true, "passed".to_owned()),
            Ending::Exited(status) => (false, format!("ended with {status}")),
            Ending::TimedOut => (false, format!("ran past {} s and was stopped", timeout.as_secs())),
        };
        // A pass needs the witness, no FAILED line from libtest, and a process that ended cleanly:
        // a test can send a witness of its own from the same process, and end it before libtest
        // reports its failure. When it did not end cleanly, nothing it witnessed is trusted (the
        // caller runs each test again on its own, where a pass needs exit status 0).
        let passed = if clean_exit {
            passed.into_iter().filter(|name| names.contains(name) && !failed.contains(name)).collect()
        } else {
            BTreeSet::new()
        };
        ChaffRun { passed, clean_exit, failed, ending }
    }
}

/// Runs jobs that each run several tests in one process (`together`), all of one binary: through
/// one runner when there is one, and whatever it did not report each in a sandbox of its own.
/// Results in job order.
pub fn run_together_jobs(
    jobs: &[TestJob],
    jail: &Jail,
    toolchain: &Toolchain,
    runner: Option<&Path>,
) -> Result<Vec<ChaffRun>, Error> {
    let Some(first) = jobs.first() else { return Ok(Vec::new()) };
    let outcomes =
        runner.and_then(|runner| run_in_runner(jobs, first, jail, toolchain, runner)).map(|report| report.outcomes);
    let outcomes = outcomes.unwrap_or_default();
    jobs.par_iter()
        .map(|job| match outcomes.get(&job.name) {
            Some(outcome) => {
                let verdicts =
                    Verdicts { passed: outcome.passed.iter().cloned().collect(), failed: outcome.failed.clone() };
                Ok(ChaffRun::read(&job.together, verdicts, &outcome.stdout, outcome.ending(), job.timeout))
            }
            None => run_together(job, jail, toolchain),
        })
        .collect()
}

fn run_one(job: &TestJob, jail: &Jail, toolchain: &Toolchain) -> Result<TestRun, Error> {
    let mut command = jail.command(toolchain, Role::Test { timeout: job.timeout }, &job.binary);
    command.current_dir(&job.crate_dir).args(libtest::run_args(&job.name));
    if let Some(chaff) = job.chaff {
        command.env(CHAFF_VAR, chaff.to_string());
    }
    let (captured, witnessed) = run_witnessed(command, &job.name, job.timeout, OUTPUT_CAP, jail.disk_watch().as_ref())?;
    if captured.disk_exceeded {
        let cap = crate::process::TEST_TMP_BYTES >> 20;
        return Ok(TestRun::new(TestStatus::Crashed, Some(format!("wrote more than {cap} MiB to disk; killed"))));
    }
    finish(
        job,
        captured.ending,
        &String::from_utf8_lossy(&captured.stdout),
        &String::from_utf8_lossy(&captured.stderr),
        captured.elapsed,
        witnessed,
    )
    .map_err(|detail| Error::Harness { test: job.name.clone(), detail })
}

/// A test's result from how its process ended, its output and what its channel witnessed; `Err`
/// with what libtest said when it could not run the test at all (the grader's failure).
fn finish(
    job: &TestJob,
    ending: Ending,
    stdout: &str,
    stderr: &str,
    elapsed: Duration,
    witnessed: Witnessed,
) -> Result<TestRun, String> {
    if let Some(detail) = libtest::harness_failure(&job.name, ending, stdout, stderr) {
        return Err(detail);
    }
    let witnesses = Witnesses { stdout, stderr, witnessed: witnessed.passed };
    let (status, message) = classify(&job.name, ending, &witnesses, job.timeout);
    Ok(TestRun { status, message, elapsed, measurements: witnessed.measurements })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::process::{Choice, Isolation};

    /// A stand-in test binary: lists `ok` and `broken`; `ok` begins its run and exits 101 as a
    /// failing test would not (no FAILED line: still the test's, it had begun), `broken` exits 101
    /// before beginning, as libtest does when it cannot run at all.
    const FAKE: &str = "#!/bin/sh\ncase \"$1$2\" in --list*) printf 'ok: test\\nbroken: test\\n';; \
                        *ok) printf '\\nrunning 1 test\\n'; exit 101;; \
                        *broken) echo 'error: cannot open something' >&2; exit 101;; esac\n";

    #[test]
    fn a_suite_run_together_trusts_a_witness_only_with_a_clean_end_and_no_failure_reported() {
        use std::os::unix::process::ExitStatusExt;
        let names: Vec<String> = ["a", "b", "forged"].iter().map(|name| (*name).to_owned()).collect();
        let verdicts = |passed: &[&str]| Verdicts {
            passed: passed.iter().map(|name| (*name).to_owned()).collect(),
            failed: Vec::new(),
        };
        let ok = Ending::Exited(std::process::ExitStatus::from_raw(0));
        let timeout = Duration::from_secs(1);
        let clean = ChaffRun::read(&names, verdicts(&["a", "b", "forged"]), "", ok, timeout);
        assert_eq!(clean.passed.len(), 3);
        assert!(!clean.caught(&names));
        // A witness of its own, then a failure libtest reports: no pass.
        let failed = Ending::Exited(std::process::ExitStatus::from_raw(101 << 8));
        let run = ChaffRun::read(&names, verdicts(&["a", "forged"]), "test forged ... FAILED\n", failed, timeout);
        assert!(run.passed.is_empty(), "nothing is trusted from a run that did not end cleanly: {run:?}");
        assert_eq!(run.failed, ["forged"]);
        // A witness of its own, then an abort before libtest could say anything.
        let aborted = Ending::Exited(std::process::ExitStatus::from_raw(libc::SIGABRT));
        let run = ChaffRun::read(&names, verdicts(&["a", "forged"]), "", aborted, timeout);
        assert!(run.passed.is_empty() && run.caught(&names), "{run:?}");
    }

    #[test]
    fn libtest_failing_before_the_run_is_the_graders_error_after_a_retry() {
        let dir = tempfile::tempdir().expect("temp dir");
        let binary = dir.path().join("fake-test");
        std::fs::write(&binary, FAKE).expect("write");
        std::fs::set_permissions(&binary, std::os::unix::fs::PermissionsExt::from_mode(0o755)).expect("chmod");
        let toolchain = Toolchain::detect().expect("toolchain");
        let isolation = Isolation::detect(Choice::Process, toolchain.sysroot()).expect("isolation");
        let jail = Jail::create(&dir.path().join("jail"), dir.path(), isolation).expect("jail");
        let job = |name: &str| TestJob {
            binary: binary.clone(),
            crate_dir: dir.path().to_path_buf(),
            name: name.into(),
            timeout: Duration::from_secs(10),
            chaff: None,
            together: Vec::new(),
            stop_at_failure: false,
        };
        let runs = run_binary(&[job("ok")], &jail, &toolchain, None).expect("a test that began is graded");
        assert_eq!(runs[0].status, TestStatus::Failed);
        let err = run_binary(&[job("ok"), job("broken")], &jail, &toolchain, None).expect_err("the harness failed");
        let text = err.to_string();
        assert!(text.contains("`broken`") && text.contains("cannot open something"), "{text}");
    }
}
