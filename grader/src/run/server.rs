//! The in-sandbox test runner: `grader __run-tests <plan.json>`, started inside the sandbox once
//! per group of exercises that share a test binary, lists the binary's tests, then runs the
//! planned ones one after another, each in its own process group with its own timeout, limits
//! and capped output, and prints one JSON line for the listing and one per test.
//!
//! Starting a bubblewrap sandbox costs a few milliseconds and, because the kernel serialises the
//! creation of namespaces, does not get faster in parallel; a sandbox per group of tests rather
//! than per test takes that off the critical path. The runner is not trusted more than the sandbox: it marks
//! itself non-dumpable (a test cannot read or trace it), kills whatever a test left behind in the
//! sandbox's process namespace before the next test starts, and a test that kills the runner only
//! loses the results not yet printed, which the grader then runs the old way, one sandbox per
//! test. Tests run by one runner share its user id; see `docs/security.md`.
//!
//! At the process level there is no namespace to sweep: the runner makes itself the subreaper
//! of its tests, so what a test detaches (`setsid`, double fork) comes back to it and is killed
//! when the test ends, as the grader does for its own children. Either way the runner runs from a
//! copy in the staging folder ([`install`]) that tests cannot change. The main function is
//! [`serve`].

use std::io::Write;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use super::libtest::{self, parse_listing, LIST_ARGS, LIST_TIMEOUT};
use super::protocol::{emit, Line, Outcome, Plan};
use super::witness::{run_witnessed, run_witnessed_many, Verdicts, Witnessed, STOP_AT_FAILURE_VAR};
use crate::error::Error;
use crate::process::{run_captured, Ending, Isolation};

/// Runs the plan in `plan_file`, printing the protocol's lines to `out`: the listing, then each test's
/// outcome as it ends. Planned tests the binary does not hold are skipped; the first test that
/// times out is the last one run.
pub fn serve(plan_file: &Path, out: &mut dyn Write) -> Result<(), Error> {
    crate::process::protect_self();
    crate::process::become_subreaper();
    let text = std::fs::read_to_string(plan_file).map_err(|source| Error::io("read", plan_file, source))?;
    let plan: Plan = serde_json::from_str(&text)
        .map_err(|err| Error::Sandbox(format!("the test plan {} is not valid: {err}", plan_file.display())))?;
    let listed = list(&plan)?;
    emit(out, &Line::Listed(listed.clone()))?;
    for test in plan.tests.iter().filter(|test| listed.contains(&test.name) || !test.together.is_empty()) {
        let timeout = Duration::from_millis(test.timeout_ms);
        let mut command = Command::new(&plan.binary);
        let args = if test.together.is_empty() {
            libtest::run_args(&test.name)
        } else {
            libtest::run_together_args(&test.together)
        };
        command
            .current_dir(&test.crate_dir)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0);
        if let Some(chaff) = test.chaff {
            command.env(crate::stage::CHAFF_VAR, chaff.to_string());
        }
        if test.stop_at_failure {
            command.env(STOP_AT_FAILURE_VAR, "1");
        }
        Isolation::limit_test_in_runner(&mut command, timeout);
        let (captured, witnessed, verdicts) = if test.together.is_empty() {
            let (captured, witnessed) = run_witnessed(command, &test.name, timeout, plan.output_cap, None)?;
            (captured, witnessed, Verdicts::default())
        } else {
            let (captured, verdicts) = run_witnessed_many(command, timeout, plan.output_cap, None)?;
            (captured, Witnessed::default(), verdicts)
        };
        if plan.sweep {
            sweep_namespace();
        }
        if plan.scratch {
            sweep_scratch();
        }
        let outcome = Outcome {
            name: test.name.clone(),
            wait_status: match captured.ending {
                Ending::Exited(status) => Some(status.into_raw()),
                Ending::TimedOut => None,
            },
            stdout: String::from_utf8_lossy(&captured.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&captured.stderr).into_owned(),
            elapsed_ms: u64::try_from(captured.elapsed.as_millis()).unwrap_or(u64::MAX),
            witnessed: witnessed.passed,
            measurements: witnessed.measurements,
            passed: verdicts.passed.into_iter().collect(),
            failed: verdicts.failed,
        };
        let timed_out = outcome.wait_status.is_none();
        emit(out, &Line::Ran(outcome))?;
        // Tests here run one after another; after a hang, the grader runs the rest in parallel
        // sandboxes of their own, so a submission that hangs everywhere costs no more than before.
        if timed_out {
            break;
        }
    }
    Ok(())
}

/// The binary's tests, by libtest's `--list`, run like a test.
fn list(plan: &Plan) -> Result<Vec<String>, Error> {
    let mut command = Command::new(&plan.binary);
    command
        .current_dir(&plan.list_dir)
        .args(LIST_ARGS)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    Isolation::limit_test_in_runner(&mut command, LIST_TIMEOUT);
    let captured = run_captured(command, LIST_TIMEOUT, plan.output_cap)?;
    if plan.sweep {
        sweep_namespace();
    }
    Ok(parse_listing(&captured.stdout))
}

/// Kills every process in this process namespace but the runner and the namespace's init
/// (bubblewrap): what a test started and left running, even in a session of its own.
fn sweep_namespace() {
    let own = std::process::id();
    let Ok(entries) = std::fs::read_dir("/proc") else { return };
    for entry in entries.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|name| name.parse::<u32>().ok()) else { continue };
        if pid != own && pid != 1 {
            if let Ok(pid) = libc::pid_t::try_from(pid) {
                // SAFETY: kill takes plain integers; a pid that is already gone is harmless.
                unsafe {
                    libc::kill(pid, libc::SIGKILL);
                }
            }
        }
    }
}

/// Empties the tests' scratch space (`TMPDIR`: the private /tmp, bounded in size, or the jail's
/// watched scratch folder; shared by the tests of this runner in turn): each test starts with
/// all of it.
fn sweep_scratch() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        // What cannot be removed stays; the next test has less room, never another's files' trust.
        let _ = match entry.file_type() {
            Ok(kind) if kind.is_dir() => std::fs::remove_dir_all(&path),
            _ => std::fs::remove_file(&path),
        };
    }
}

/// Folder of the runner's copy in a staging folder.
const INSTALL_DIR: &str = "runner";

/// Puts the runner (`exe`, the grader's own executable) where every test user can run it and
/// none can change or read it: `<staging>/runner/grader`, an execute-only copy (mode 0111: the
/// executable embeds the exercise set, hidden tests and solutions included) in a folder only the
/// grader may write. Returns its path.
pub fn install(exe: &Path, staging: &Path) -> Result<PathBuf, Error> {
    use std::os::unix::fs::PermissionsExt;
    let dir = staging.join(INSTALL_DIR);
    std::fs::create_dir_all(&dir).map_err(|source| Error::io("create folder", &dir, source))?;
    crate::process::set_mode(&dir, 0o755)?;
    let target = dir.join("grader");
    std::fs::copy(exe, &target).map_err(|source| Error::io("copy the test runner to", &target, source))?;
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o111))
        .map_err(|source| Error::io("set permissions of", &target, source))?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::protocol::{parse_lines, PlannedTest};

    #[test]
    fn the_installed_runner_can_be_run_but_neither_read_nor_written() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let exe = dir.path().join("exe");
        std::fs::write(&exe, b"#!/bin/sh\necho runner\n").expect("write");
        std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        let staging = dir.path().join("staging");
        let installed = install(&exe, &staging).expect("installs");
        assert!(installed.starts_with(&staging));
        let mode = std::fs::metadata(&installed).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o111, "execute-only: no test may read the exercise set out of it");
        let folder = std::fs::metadata(installed.parent().expect("folder")).expect("meta").permissions().mode();
        assert_eq!(folder & 0o022, 0, "only its owner may write the runner's folder");
    }

    #[test]
    fn the_runner_runs_each_test_and_reports_how_it_ended() {
        let dir = tempfile::tempdir().expect("temp dir");
        let script = dir.path().join("fake-test");
        // A stand-in for a test binary: lists three tests; passes `pass`, fails `fail`, hangs on `hang`.
        std::fs::write(
            &script,
            "#!/bin/sh\ncase \"$1$2\" in --list*) printf 'pass: test\\nfail: test\\nhang: test\\n';; \
             *pass) echo ok;; *fail) echo no; exit 101;; *hang) sleep 30;; esac\n",
        )
        .expect("write");
        std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755)).expect("chmod");
        let test = |name: &str, timeout_ms| PlannedTest {
            name: name.into(),
            crate_dir: dir.path().to_path_buf(),
            timeout_ms,
            chaff: None,
            together: Vec::new(),
            stop_at_failure: false,
        };
        let plan = Plan {
            binary: script,
            list_dir: dir.path().to_path_buf(),
            output_cap: 1024,
            sweep: false,
            scratch: false,
            tests: vec![
                test("pass", 5000),
                test("absent", 5000),
                test("fail", 5000),
                test("hang", 300),
                test("pass", 5000),
            ],
        };
        let plan_file = dir.path().join("plan.json");
        std::fs::write(&plan_file, serde_json::to_string(&plan).expect("json")).expect("write");
        let mut out = Vec::new();
        serve(&plan_file, &mut out).expect("serves");
        let lines = parse_lines(&out);
        assert!(matches!(&lines[0], Line::Listed(names) if names == &["pass", "fail", "hang"]), "{lines:?}");
        let outcomes: Vec<&Outcome> =
            lines.iter().filter_map(|line| if let Line::Ran(outcome) = line { Some(outcome) } else { None }).collect();
        let names: Vec<&str> = outcomes.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, ["pass", "fail", "hang"], "`absent` is not listed, and nothing runs after a hang");
        assert!(outcomes[0].ending().success() && outcomes[0].stdout == "ok\n");
        assert_eq!(outcomes[1].ending().code(), Some(101));
        assert_eq!(outcomes[2].ending(), Ending::TimedOut);
    }
}
