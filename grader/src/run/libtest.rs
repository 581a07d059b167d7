//! libtest, as the grader drives it, in one place for both sides of the runner: the command lines
//! that list a test binary and run one test (`--exact <name> --test-threads=1`), reading the
//! listing, and deciding a test's status from how its process ended, its output and the pass
//! witness (`super::witness`). The main function is [`classify`].

use std::ffi::OsString;
use std::time::Duration;

use super::TestStatus;
use crate::process::Ending;

/// Time allowed to list a binary's tests.
pub const LIST_TIMEOUT: Duration = Duration::from_secs(30);
/// Arguments that list a test binary's tests.
pub const LIST_ARGS: [&str; 3] = ["--list", "--format", "terse"];

/// The arguments that run the single test `name`.
pub fn run_args(name: &str) -> Vec<OsString> {
    vec!["--exact".into(), name.into(), "--test-threads=1".into()]
}

/// The arguments that run the tests `names` in one process, one after another.
pub fn run_together_args(names: &[String]) -> Vec<OsString> {
    let mut args: Vec<OsString> = vec!["--exact".into()];
    args.extend(names.iter().map(OsString::from));
    args.push("--test-threads=1".into());
    args
}

/// The test names in libtest's `--list --format terse` output.
pub fn parse_listing(stdout: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stdout).lines().filter_map(|line| line.strip_suffix(": test")).map(str::to_owned).collect()
}

/// What a test process left behind: its output, and whether the test function itself reported
/// its pass on the grader's channel with the secret.
pub struct Witnesses<'a> {
    pub stdout: &'a str,
    pub stderr: &'a str,
    pub witnessed: bool,
}

/// Decides a test's status from how its process ended and what libtest reported. A pass needs
/// positive evidence that agrees: exit status 0, exactly one `test <name> ... ok` line, the
/// summary `test result: ok. 1 passed`, and the pass witness from the test function itself.
pub fn classify(
    name: &str,
    ending: Ending,
    witnesses: &Witnesses<'_>,
    timeout: Duration,
) -> (TestStatus, Option<String>) {
    let Witnesses { stdout, stderr, witnessed } = *witnesses;
    if ending == Ending::TimedOut {
        return (TestStatus::TimedOut, Some(format!("still running after {} s; killed", timeout.as_secs_f32())));
    }
    if ending.success() {
        let ok_lines = stdout.lines().filter(|line| line.trim_end() == format!("test {name} ... ok")).count();
        let summary = stdout.lines().any(|line| line.starts_with("test result: ok. 1 passed; 0 failed"));
        if ok_lines == 1 && summary && witnessed {
            return (TestStatus::Passed, None);
        }
        // Exit 0 without libtest's own, consistent verdict and the test function's own witness:
        // the process ended before the test returned, or something else printed the verdict.
        let message = if !witnessed {
            "the test process exited with status 0 but the test function never returned (process::exit, or forged output?)"
        } else if ok_lines == 0 {
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

/// Bytes of stderr kept in a harness failure's message.
const HARNESS_EXCERPT: usize = 1000;

/// Whether libtest failed for a reason of its own rather than the test's: exit status 101
/// before it even began the run (`running 1 test`), so before any of the candidate's code ran
/// (it could not open a file, say, or did not accept its arguments), and without its
/// `test <name> ... FAILED` line. Then the excerpt of what it said on stderr. A test that exits
/// with 101 itself has begun: that stays the test's failure.
pub fn harness_failure(name: &str, ending: Ending, stdout: &str, stderr: &str) -> Option<String> {
    if ending.code() != Some(101) {
        return None;
    }
    let failed_line = format!("test {name} ... FAILED");
    if stdout.lines().any(|line| line.trim_end() == failed_line || line.starts_with("running ")) {
        return None;
    }
    let said = stderr.trim();
    let start = said.len().saturating_sub(HARNESS_EXCERPT);
    let start = (start..=said.len()).find(|&index| said.is_char_boundary(index)).unwrap_or(said.len());
    Some(if said.is_empty() { "(nothing on stderr; exit status 101)".to_owned() } else { said[start..].to_owned() })
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
    // Cut later, once the message reads as from the exercise's own binary (`TestRun::as_if_own_binary`).
    // A flood is still bounded: the runner keeps at most its output cap of each test's output.
    lines.join("\n").trim().to_owned()
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
        Witnesses { stdout, stderr, witnessed: false }
    }

    const FAILED: &str = "\nrunning 1 test\ntest hidden::swap ... FAILED\n\nfailures:\n\n---- hidden::swap stdout ----\n\nthread 'hidden::swap' panicked at grader_tests/hidden.rs:9:5:\nassertion `left == right` failed\n  left: 1\n right: 2\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n\n\nfailures:\n    hidden::swap\n\ntest result: FAILED. 0 passed; 1 failed\n";

    fn exited(code: i32) -> Ending {
        Ending::Exited(ExitStatus::from_raw(code << 8))
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
        let witnessed = Witnesses { stdout: ok, stderr: "", witnessed: true };
        assert_eq!(classify("hidden::swap", exited(0), &witnessed, second).0, TestStatus::Passed);
        // Forged stdout without the test function's witness, an early exit, or a doubled verdict: no pass.
        assert_eq!(classify("hidden::swap", exited(0), &witnesses(ok, ""), second).0, TestStatus::Crashed);
        assert_eq!(
            classify("hidden::swap", exited(0), &witnesses("running 1 test\n", ""), second).0,
            TestStatus::Crashed
        );
        let doubled = format!("{ok}test hidden::swap ... ok\n");
        let forged = Witnesses { stdout: &doubled, stderr: "", witnessed: true };
        assert_eq!(classify("hidden::swap", exited(0), &forged, second).0, TestStatus::Crashed);
    }

    #[test]
    fn exit_101_without_libtests_failure_line_is_the_harness_failing() {
        let said = "error: failed to open log file: Permission denied";
        assert_eq!(harness_failure("hidden::swap", exited(101), "", said).as_deref(), Some(said));
        assert_eq!(harness_failure("hidden::swap", exited(101), FAILED, ""), None, "a real failure is the test's");
        assert_eq!(harness_failure("hidden::swap", exited(0), "", said), None);
        assert_eq!(
            harness_failure("t", exited(101), "\nrunning 1 test\n", ""),
            None,
            "exit(101) from the test is the test's"
        );
        assert!(harness_failure("t", exited(101), "", "").is_some_and(|detail| detail.contains("101")));
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
