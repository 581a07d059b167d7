//! End-to-end tests of the `grader` binary over hostile submissions (`tests/hostile/`, see the
//! README there): each case attacks the grader from junior-02's `transfer`, or at compile time, next
//! to a correct mid-03. The grader must come back with a JSON report, grade mid-03 normally, give
//! the attack no credit, leak nothing and leave nothing running. Reports are read as the library's
//! typed [`Report`] (`tests/common/mod.rs`).

mod common;

use std::collections::hash_map::RandomState;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{BuildHasher, Hasher};
use std::io::Read;
use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{mpsc, Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use common::{copy_tree, exercise, parse_strict, red_flags, status};
use grader::report::{ExerciseStatus, Report, SandboxLevel, TestStatus};

/// The exercise every case attacks.
const ATTACKED: &str = "junior-02-borrowing";
/// The exercise every case hands in correctly.
const CONTROL: &str = "mid-03-shared-ownership";
/// Turns a hung grader into a failure. It bounds the run; it is not a timing assertion.
const GUARD: Duration = Duration::from_secs(240);
/// How long the processes a grader started may take to disappear once it has returned.
const LINGER: Duration = Duration::from_secs(5);
/// How long the grader's output pipes may stay open once it has exited.
const PIPE_GRACE: Duration = Duration::from_secs(10);
/// Grader output kept per stream; the rest is only counted.
const KEEP: usize = 64 << 20;
/// The largest JSON report (and grader stderr) a flood of candidate output may lead to.
const REPORT_CAP: usize = 5_000_000;
/// Statuses of a test that ran into the attack and got nothing for it.
const NO_CREDIT: [TestStatus; 3] = [TestStatus::TimedOut, TestStatus::Crashed, TestStatus::Failed];

/// Cases that load the machine (processes, memory, output, CPU) run one at a time.
static HEAVY: Mutex<()> = Mutex::new(());
/// The two `write-outside` tests share the files they look for.
static OUTSIDE_FILES: Mutex<()> = Mutex::new(());

fn one_at_a_time(lock: &'static Mutex<()>) -> MutexGuard<'static, ()> {
    lock.lock().unwrap_or_else(PoisonError::into_inner)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sandbox {
    Process,
    Bwrap,
}

impl Sandbox {
    fn name(self) -> &'static str {
        match self {
            Sandbox::Process => "process",
            Sandbox::Bwrap => "bwrap",
        }
    }

    /// The level a report says ran.
    fn level(self) -> SandboxLevel {
        match self {
            Sandbox::Process => SandboxLevel::Process,
            Sandbox::Bwrap => SandboxLevel::Bwrap,
        }
    }
}

fn case(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/hostile").join(name)
}

/// What one grader run left behind.
struct Graded {
    code: Option<i32>,
    /// The first [`KEEP`] bytes of each stream, and each stream's whole length.
    stdout: String,
    stderr: String,
    stdout_len: usize,
    stderr_len: usize,
    report: Result<Report, String>,
    /// Processes still running [`LINGER`] after the grader returned (killed since).
    leftovers: Vec<(u32, String)>,
}

impl Graded {
    fn report(&self) -> &Report {
        match &self.report {
            Ok(report) => report,
            Err(why) => panic!("no JSON report: {why}\nexit code {:?}; stderr:\n{}", self.code, head(&self.stderr)),
        }
    }
}

/// The first 4000 characters of `text`.
fn head(text: &str) -> &str {
    let end = (0..=text.len().min(4000)).rev().find(|&index| text.is_char_boundary(index)).unwrap_or(0);
    &text[..end]
}

/// Reads a pipe to its end on a thread, keeping the first [`KEEP`] bytes and counting the rest.
fn drain(mut pipe: impl Read + Send + 'static) -> mpsc::Receiver<(Vec<u8>, usize)> {
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        let mut kept = Vec::new();
        let mut total = 0;
        let mut buffer = vec![0_u8; 64 * 1024];
        loop {
            match pipe.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(read) => {
                    total += read;
                    let room = KEEP.saturating_sub(kept.len());
                    kept.extend_from_slice(&buffer[..read.min(room)]);
                }
            }
        }
        // The receiver is gone only if the test already failed.
        let _ = sender.send((kept, total));
    });
    receiver
}

/// `grader check <dir> --format json --exercise <junior-02> --exercise <mid-03> --test-timeout 5
/// --sandbox <level>`, with `env` added to the grader's environment and a private `TMPDIR` (where it
/// stages, so the command lines of its builds and tests name that folder). Every process left
/// afterwards whose command line mentions one of `markers`, or that `TMPDIR`, is recorded and
/// killed.
fn grade(dir: &Path, sandbox: Sandbox, env: &[(&str, &str)], markers: &[&str]) -> Graded {
    let tmp = tempfile::Builder::new().prefix("grader-hostile-tmp-").tempdir().expect("temp dir");
    // Open to all, as /tmp is: a grader running as root runs tests as another user, who must be
    // able to reach the staging folder inside (a 0700 folder, e.g. from a umask of 077, would not do).
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod temp dir");
    let tmp_marker = tmp.path().to_string_lossy().into_owned();
    let mut markers: Vec<&str> = markers.to_vec();
    markers.push(&tmp_marker);

    let mut command = common::grader();
    command
        .env("TMPDIR", tmp.path())
        .envs(env.iter().copied())
        .arg("check")
        .arg(dir)
        .args(["--format", "json", "--exercise", ATTACKED, "--exercise", CONTROL, "--test-timeout", "5"])
        .args(["--sandbox", sandbox.name()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("grader starts");
    let stdout = drain(child.stdout.take().expect("stdout is piped"));
    let stderr = drain(child.stderr.take().expect("stderr is piped"));

    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the grader") {
            break status;
        }
        if start.elapsed() > GUARD {
            kill_tree(child.id());
            let _ = child.wait();
            let leftovers = leftovers(&markers);
            let partial = stderr.recv_timeout(Duration::from_secs(2)).map(|(bytes, _)| bytes).unwrap_or_default();
            panic!(
                "the grader had not returned after {} s; killed it and everything it started ({} more \
                 processes matched the markers). Its stderr so far:\n{}",
                GUARD.as_secs(),
                leftovers.len(),
                head(&String::from_utf8_lossy(&partial))
            );
        }
        thread::sleep(Duration::from_millis(100));
    };

    let leftovers = leftovers(&markers);
    let mut streams = Vec::new();
    for (name, receiver) in [("stdout", stdout), ("stderr", stderr)] {
        let (bytes, total) = receiver.recv_timeout(PIPE_GRACE).unwrap_or_else(|_| {
            panic!(
                "the grader's {name} was still open {} s after it exited: a process it started holds it \
                 (leftovers: {leftovers:?})",
                PIPE_GRACE.as_secs()
            )
        });
        streams.push((String::from_utf8_lossy(&bytes).into_owned(), total));
    }
    let (stderr, stderr_len) = streams.pop().expect("stderr");
    let (stdout, stdout_len) = streams.pop().expect("stdout");
    let report = parse_strict(stdout.as_bytes()).map_err(|err| format!("{err}; stdout began:\n{}", head(&stdout)));
    Graded { code: status.code(), stdout, stderr, stdout_len, stderr_len, report, leftovers }
}

/// The parent of every process, from the fourth field of `/proc/<pid>/stat`.
fn parents() -> BTreeMap<u32, u32> {
    let mut parents = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir("/proc") else { return parents };
    for entry in entries.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|name| name.parse::<u32>().ok()) else { continue };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else { continue };
        // The command name in parentheses may itself hold spaces and parentheses.
        let Some((_, after_name)) = stat.rsplit_once(')') else { continue };
        if let Some(parent) = after_name.split_whitespace().nth(1).and_then(|field| field.parse().ok()) {
            parents.insert(pid, parent);
        }
    }
    parents
}

fn signal(pid: u32, signal: i32) {
    if let Ok(pid) = libc::pid_t::try_from(pid) {
        // SAFETY: kill(2) takes plain integers and has no memory-safety preconditions; `pid` is
        // positive, so it addresses that one process.
        unsafe {
            libc::kill(pid, signal);
        }
    }
}

/// Stops `root` and all its descendants, then kills them: a hung grader's builds and tests run
/// in process groups of their own, so killing the grader alone would leave them behind. Stopped
/// first, none can fork or be re-parented while the tree is walked.
fn kill_tree(root: u32) {
    let mut stopped = BTreeSet::new();
    for _ in 0..50 {
        let parents = parents();
        let mut tree = BTreeSet::from([root]);
        let mut grew = true;
        while grew {
            grew = false;
            for (pid, parent) in &parents {
                if tree.contains(parent) && tree.insert(*pid) {
                    grew = true;
                }
            }
        }
        let new: Vec<u32> = tree.difference(&stopped).copied().collect();
        if new.is_empty() {
            break;
        }
        for pid in new {
            signal(pid, libc::SIGSTOP);
            stopped.insert(pid);
        }
    }
    for pid in stopped {
        signal(pid, libc::SIGKILL);
    }
}

/// Processes other than this one whose command line mentions one of `markers` (as `pgrep -f`
/// would find them). Zombies and kernel threads have an empty command line and are skipped.
fn processes_marked(markers: &[&str]) -> Vec<(u32, String)> {
    let me = std::process::id();
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir("/proc") else { return found };
    for entry in entries.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|name| name.parse::<u32>().ok()) else { continue };
        if pid == me {
            continue;
        }
        let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
        if cmdline.is_empty() {
            continue;
        }
        let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ").trim_end().to_owned();
        if markers.iter().any(|marker| cmdline.contains(marker)) {
            found.push((pid, cmdline));
        }
    }
    found
}

/// Waits up to [`LINGER`] for the marked processes to go; kills and returns those that stay.
fn leftovers(markers: &[&str]) -> Vec<(u32, String)> {
    let deadline = Instant::now() + LINGER;
    loop {
        let left = processes_marked(markers);
        if left.is_empty() || Instant::now() > deadline {
            for (pid, _) in &left {
                signal(*pid, libc::SIGKILL);
            }
            return left;
        }
        thread::sleep(Duration::from_millis(200));
    }
}

/// `(name, status)` of every test of `id`.
fn test_statuses(report: &Report, id: &str) -> Vec<(String, TestStatus)> {
    exercise(report, id).tests.iter().map(|t| (t.name.clone(), t.status)).collect()
}

/// `(path, reason)` of every file of `id` the grader left out.
fn ignored(report: &Report, id: &str) -> Vec<(String, String)> {
    exercise(report, id).ignored.iter().map(|i| (i.path.clone(), i.reason.clone())).collect()
}

/// What every case must show: exit 0 with a JSON report at the sandbox level asked for, the
/// control exercise graded normally, nothing left running.
fn assert_graded(graded: &Graded, sandbox: Sandbox) {
    assert!(graded.leftovers.is_empty(), "still running after the grader returned: {:?}", graded.leftovers);
    let report = graded.report();
    assert_eq!(graded.code, Some(0), "stderr:\n{}", head(&graded.stderr));
    assert_eq!(report.sandbox.level, sandbox.level(), "sandbox: {:#?}", report.sandbox);
    assert_eq!(status(report, CONTROL), ExerciseStatus::Passed, "{:#?}", exercise(report, CONTROL));
}

/// Every test of the attacked exercise ended with one of `allowed` statuses.
fn assert_attacked_tests_are(graded: &Graded, allowed: &[TestStatus]) {
    let statuses = test_statuses(graded.report(), ATTACKED);
    assert!(!statuses.is_empty(), "{ATTACKED} ran no test");
    let credited: Vec<&(String, TestStatus)> =
        statuses.iter().filter(|(_, status)| !allowed.contains(status)).collect();
    assert!(credited.is_empty(), "expected only {allowed:?}; got {credited:?}");
    assert_ne!(status(graded.report(), ATTACKED), ExerciseStatus::Passed);
}

/// Grades `case` at `sandbox` and checks the attack earned nothing; `markers` name what it may
/// leave running.
fn assert_no_credit(name: &str, sandbox: Sandbox, markers: &[&str]) {
    let graded = grade(&case(name), sandbox, &[], markers);
    assert_graded(&graded, sandbox);
    assert_attacked_tests_are(&graded, &NO_CREDIT);
}

fn assert_not_in_output(graded: &Graded, needle: &str) {
    for (stream, text) in [("stdout", &graded.stdout), ("stderr", &graded.stderr)] {
        if let Some(at) = text.find(needle) {
            let from = (0..=at.saturating_sub(300)).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
            panic!("{needle:?} leaked into the grader's {stream}: …{}…", head(&text[from..]));
        }
    }
}

fn assert_ignored(graded: &Graded, path: &str) {
    let ignored = ignored(graded.report(), ATTACKED);
    assert!(ignored.iter().any(|(p, _)| p == path), "{path} not in {ATTACKED}'s ignored: {ignored:?}");
}

/// `src/lib.rs` was refused with a reason that names `/etc/passwd`.
fn assert_refused_for_reading_passwd(graded: &Graded) {
    let ignored = ignored(graded.report(), ATTACKED);
    assert!(
        ignored.iter().any(|(path, reason)| path == "src/lib.rs" && reason.contains("/etc/passwd")),
        "src/lib.rs not refused with a reason naming /etc/passwd: {ignored:?}"
    );
}

/// A piece of `/etc/passwd` no report has any business holding (`root:x:0:0` on most systems).
fn passwd_needle() -> String {
    let passwd = std::fs::read_to_string("/etc/passwd").expect("/etc/passwd is readable");
    let first = passwd.lines().find(|line| !line.trim().is_empty() && !line.starts_with('#')).expect("an entry");
    first.split(':').take(4).collect::<Vec<_>>().join(":")
}

/// Why bubblewrap cannot be used here, if it cannot.
fn bwrap_unusable() -> Option<String> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    if !std::env::split_paths(&path).any(|dir| dir.join("bwrap").is_file()) {
        return Some("bwrap is not on PATH".into());
    }
    let probe = Command::new("bwrap")
        .args(["--ro-bind", "/", "/", "true"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    match probe {
        Ok(status) if status.success() => None,
        Ok(status) => Some(format!("`bwrap --ro-bind / / true` failed ({status})")),
        Err(err) => Some(format!("`bwrap --ro-bind / / true` did not start: {err}")),
    }
}

/// Set (as `.ci/run` does once bubblewrap is installed and works), bubblewrap is required: a test
/// that needs it fails instead of skipping.
const REQUIRE_BWRAP: &str = "GRADER_REQUIRE_BWRAP";

/// Returns early (skipping the test, with the reason on stderr) when bubblewrap is unusable; fails
/// the test instead when [`REQUIRE_BWRAP`] is set.
macro_rules! require_bwrap {
    () => {
        if let Some(reason) = bwrap_unusable() {
            assert!(
                std::env::var_os(REQUIRE_BWRAP).is_none(),
                "bubblewrap is required here ({REQUIRE_BWRAP} is set) but unusable: {reason}. Install it \
                 (Debian: apt-get install bubblewrap) where unprivileged user namespaces are allowed"
            );
            eprintln!("skipped: {reason}");
            return;
        }
    };
}

#[test]
fn a_fork_bomb_is_killed_with_everything_it_started() {
    let _heavy = one_at_a_time(&HEAVY);
    assert_no_credit("fork-bomb", Sandbox::Process, &["grader-hostile-fork-bomb"]);
}

#[test]
fn a_memory_bomb_gets_no_credit() {
    let _heavy = one_at_a_time(&HEAVY);
    assert_no_credit("memory-bomb", Sandbox::Process, &[]);
}

#[test]
fn an_infinite_loop_in_every_test_gets_no_credit() {
    let _heavy = one_at_a_time(&HEAVY);
    assert_no_credit("infinite-loop", Sandbox::Process, &[]);
}

#[test]
fn a_child_left_sleeping_is_neither_waited_for_nor_left_running() {
    let graded = grade(&case("sleeping-child"), Sandbox::Process, &[], &["sleep 1000"]);
    assert_graded(&graded, Sandbox::Process);
}

#[test]
fn a_flood_of_output_gets_no_credit_and_keeps_the_report_small() {
    let _heavy = one_at_a_time(&HEAVY);
    let graded = grade(&case("huge-output"), Sandbox::Process, &[], &[]);
    assert_graded(&graded, Sandbox::Process);
    assert!(graded.stdout_len < REPORT_CAP, "the JSON report is {} bytes", graded.stdout_len);
    assert!(graded.stderr_len < REPORT_CAP, "the grader's stderr is {} bytes", graded.stderr_len);
    assert_attacked_tests_are(&graded, &NO_CREDIT);
}

#[test]
fn a_stack_overflow_gets_no_credit() {
    assert_no_credit("stack-overflow", Sandbox::Process, &[]);
}

#[test]
fn exiting_the_process_is_a_crash_and_harness_tampering() {
    let graded = grade(&case("process-exit"), Sandbox::Process, &[], &[]);
    assert_graded(&graded, Sandbox::Process);
    assert_attacked_tests_are(&graded, &[TestStatus::Crashed]);
    let flags = red_flags(graded.report(), ATTACKED);
    assert!(flags.iter().any(|flag| flag == "harness_tampering"), "{flags:?}");
}

#[test]
fn forged_harness_output_is_a_crash_and_harness_tampering() {
    let graded = grade(&case("forged-output"), Sandbox::Process, &[], &[]);
    assert_graded(&graded, Sandbox::Process);
    assert_attacked_tests_are(&graded, &[TestStatus::Crashed]);
    let flags = red_flags(graded.report(), ATTACKED);
    assert!(flags.iter().any(|flag| flag == "harness_tampering"), "{flags:?}");
}

// The attacks that go after processes run again under bubblewrap, where the test runner (one per
// group of exercises) sweeps a PID namespace instead of collecting what comes back to it.

#[test]
fn under_bubblewrap_a_fork_bomb_is_killed_with_everything_it_started() {
    require_bwrap!();
    let _heavy = one_at_a_time(&HEAVY);
    assert_no_credit("fork-bomb", Sandbox::Bwrap, &["grader-hostile-fork-bomb"]);
}

#[test]
fn under_bubblewrap_an_infinite_loop_in_every_test_gets_no_credit() {
    require_bwrap!();
    let _heavy = one_at_a_time(&HEAVY);
    assert_no_credit("infinite-loop", Sandbox::Bwrap, &[]);
}

#[test]
fn under_bubblewrap_a_child_left_sleeping_is_neither_waited_for_nor_left_running() {
    require_bwrap!();
    let graded = grade(&case("sleeping-child"), Sandbox::Bwrap, &[], &["sleep 1000"]);
    assert_graded(&graded, Sandbox::Bwrap);
}

#[test]
fn under_bubblewrap_forged_harness_output_is_a_crash() {
    require_bwrap!();
    let graded = grade(&case("forged-output"), Sandbox::Bwrap, &[], &[]);
    assert_graded(&graded, Sandbox::Bwrap);
    assert_attacked_tests_are(&graded, &[TestStatus::Crashed]);
}

#[test]
fn killing_the_process_that_started_a_test_loses_no_result() {
    require_bwrap!();
    let graded = grade(&case("kill-parent"), Sandbox::Bwrap, &[], &[]);
    assert_graded(&graded, Sandbox::Bwrap);
    let statuses = test_statuses(graded.report(), ATTACKED);
    assert!(!statuses.is_empty(), "{ATTACKED} ran no test");
    assert!(statuses.iter().all(|(_, status)| *status == TestStatus::Passed), "{statuses:?}");
    assert_eq!(status(graded.report(), ATTACKED), ExerciseStatus::Passed);
}

/// A value no fixture can know in advance.
fn secret() -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u128(now.as_nanos());
    format!("hunter2-{:016x}", hasher.finish())
}

#[test]
fn the_graders_secrets_never_reach_the_report() {
    let secret = secret();
    let graded = grade(&case("env-secret"), Sandbox::Process, &[("GRADER_HOSTILE_SECRET", &secret)], &[]);
    assert_not_in_output(&graded, &secret);
    assert_graded(&graded, Sandbox::Process);
    assert_attacked_tests_are(&graded, &NO_CREDIT);
}

#[test]
fn the_graders_secrets_cannot_be_read_from_its_own_process() {
    let secret = secret();
    let graded = grade(&case("env-secret-ancestors"), Sandbox::Process, &[("GRADER_HOSTILE_SECRET", &secret)], &[]);
    assert_not_in_output(&graded, &secret);
    assert_graded(&graded, Sandbox::Process);
}

/// The files `write-outside` tries to write that this test can see: `/tmp`'s and `$HOME`'s.
fn outside_files() -> Vec<PathBuf> {
    const NAME: &str = "grader-hostile-outside-write";
    let mut files = vec![Path::new("/tmp").join(NAME)];
    if let Some(home) = std::env::var_os("HOME") {
        files.push(PathBuf::from(home).join(NAME));
    }
    files
}

fn remove_outside_files() {
    for file in outside_files() {
        let _ = std::fs::remove_file(file);
    }
}

#[test]
fn with_bubblewrap_nothing_is_written_outside_the_staging_folder() {
    require_bwrap!();
    let _files = one_at_a_time(&OUTSIDE_FILES);
    remove_outside_files();
    let graded = grade(&case("write-outside"), Sandbox::Bwrap, &[], &[]);
    let written: Vec<PathBuf> = outside_files().into_iter().filter(|file| file.exists()).collect();
    remove_outside_files();
    assert!(written.is_empty(), "written outside the sandbox: {written:?}");
    assert_graded(&graded, Sandbox::Bwrap);
}

#[test]
fn at_the_process_level_writes_reach_only_what_the_report_says() {
    let _files = one_at_a_time(&OUTSIDE_FILES);
    remove_outside_files();
    let graded = grade(&case("write-outside"), Sandbox::Process, &[], &[]);
    let tmp_written = outside_files()[0].exists();
    remove_outside_files();
    assert_graded(&graded, Sandbox::Process);
    assert_eq!(graded.report().sandbox.filesystem, "writable", "{:#?}", graded.report().sandbox);
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        // As root, tests get a mount namespace whose /tmp is their own: the write stayed there.
        assert!(!tmp_written, "a test wrote the machine's /tmp at the process level as root");
    } else {
        assert!(tmp_written, "the attack did not write /tmp/grader-hostile-outside-write: is the fixture still live?");
        let notes = &graded.report().sandbox.notes;
        assert!(notes.iter().any(|note| note.contains("shared this machine's /tmp")), "{notes:?}");
    }
}

/// The port `connect-loopback` sends to.
const LOOPBACK_PORT: u16 = 47613;

#[test]
fn with_bubblewrap_no_connection_leaves_the_sandbox() {
    require_bwrap!();
    let listener = match TcpListener::bind(("127.0.0.1", LOOPBACK_PORT)) {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!("skipped: cannot listen on 127.0.0.1:{LOOPBACK_PORT}: {err}");
            return;
        }
    };
    listener.set_nonblocking(true).expect("nonblocking listener");
    let graded = grade(&case("connect-loopback"), Sandbox::Bwrap, &[], &[]);
    let mut arrived = Vec::new();
    while let Ok((mut stream, peer)) = listener.accept() {
        let mut sent = String::new();
        let _ = stream.set_nonblocking(false);
        let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
        let _ = stream.read_to_string(&mut sent);
        arrived.push(format!("{peer}: {sent:?}"));
    }
    assert!(arrived.is_empty(), "connections reached 127.0.0.1:{LOOPBACK_PORT}: {arrived:?}");
    assert_graded(&graded, Sandbox::Bwrap);
}

#[test]
fn a_symlinked_source_file_is_ignored_and_the_starter_is_graded() {
    let dir = tempfile::tempdir().expect("temp dir");
    let submission = dir.path().join("symlink-out");
    copy_tree(&case("symlink-out"), &submission);
    let src = submission.join(ATTACKED).join("src");
    std::fs::create_dir_all(&src).expect("mkdir");
    std::os::unix::fs::symlink("/etc/passwd", src.join("lib.rs")).expect("symlink");
    let graded = grade(&submission, Sandbox::Process, &[], &[]);
    assert_not_in_output(&graded, &passwd_needle());
    assert_graded(&graded, Sandbox::Process);
    assert_ignored(&graded, "src/lib.rs");
    let junior = exercise(graded.report(), ATTACKED);
    assert_eq!(junior.files_from_starter.first().map(String::as_str), Some("src/lib.rs"), "{junior:#?}");
    assert_eq!(junior.status, ExerciseStatus::CompileError, "{junior:#?}");
    assert_eq!(
        junior.compile_errors.first().and_then(|e| e.code.as_deref()),
        Some("E0499"),
        "{:#?}",
        junior.compile_errors
    );
}

/// The marker file `build-script`'s `build.rs` writes.
const BUILD_RS_MARKER: &str = "/tmp/grader-hostile-build-rs-ran";

#[test]
fn a_build_script_never_runs() {
    let _ = std::fs::remove_file(BUILD_RS_MARKER);
    let graded = grade(&case("build-script"), Sandbox::Process, &[], &[]);
    let ran = Path::new(BUILD_RS_MARKER).exists();
    let _ = std::fs::remove_file(BUILD_RS_MARKER);
    assert!(!ran, "the candidate's build.rs ran: {BUILD_RS_MARKER} exists");
    assert_graded(&graded, Sandbox::Process);
    assert_eq!(status(graded.report(), ATTACKED), ExerciseStatus::Passed);
    assert_ignored(&graded, "build.rs");
    assert_ignored(&graded, "Cargo.toml");
}

#[test]
fn a_cargo_config_is_ignored() {
    let graded = grade(&case("cargo-config"), Sandbox::Process, &[], &[]);
    assert_graded(&graded, Sandbox::Process);
    assert_eq!(status(graded.report(), ATTACKED), ExerciseStatus::Passed);
    assert_ignored(&graded, ".cargo/config.toml");
}

#[test]
fn a_toolchain_file_is_ignored() {
    let graded = grade(&case("toolchain-file"), Sandbox::Process, &[], &[]);
    assert_graded(&graded, Sandbox::Process);
    assert_eq!(status(graded.report(), ATTACKED), ExerciseStatus::Passed);
    assert_ignored(&graded, "rust-toolchain.toml");
}

#[test]
fn an_extra_dependency_is_ignored() {
    let graded = grade(&case("extra-dependency"), Sandbox::Process, &[], &[]);
    assert_graded(&graded, Sandbox::Process);
    assert_eq!(status(graded.report(), ATTACKED), ExerciseStatus::Passed);
    assert_ignored(&graded, "Cargo.toml");
}

#[test]
fn including_an_absolute_path_is_refused() {
    let graded = grade(&case("include-passwd"), Sandbox::Process, &[], &[]);
    assert_not_in_output(&graded, &passwd_needle());
    assert_graded(&graded, Sandbox::Process);
    assert_ne!(status(graded.report(), ATTACKED), ExerciseStatus::Passed);
    assert_refused_for_reading_passwd(&graded);
}

#[test]
fn a_module_path_outside_the_crate_is_refused() {
    let graded = grade(&case("path-attr"), Sandbox::Process, &[], &[]);
    assert_not_in_output(&graded, &passwd_needle());
    assert_graded(&graded, Sandbox::Process);
    assert_ne!(status(graded.report(), ATTACKED), ExerciseStatus::Passed);
    assert_refused_for_reading_passwd(&graded);
}

#[test]
fn a_macro_bomb_is_a_compile_error() {
    let graded = grade(&case("macro-bomb"), Sandbox::Process, &[], &[]);
    assert_graded(&graded, Sandbox::Process);
    assert_eq!(status(graded.report(), ATTACKED), ExerciseStatus::CompileError);
}

#[test]
fn a_const_evaluation_bomb_is_a_compile_error() {
    let graded = grade(&case("const-bomb"), Sandbox::Process, &[], &[]);
    assert_graded(&graded, Sandbox::Process);
    assert_eq!(status(graded.report(), ATTACKED), ExerciseStatus::CompileError);
}

#[test]
fn modified_visible_tests_are_ignored_and_flagged() {
    let graded = grade(&case("tests-modified"), Sandbox::Process, &[], &[]);
    assert_graded(&graded, Sandbox::Process);
    assert_eq!(status(graded.report(), ATTACKED), ExerciseStatus::Passed);
    assert_ignored(&graded, "tests/visible.rs");
    let flags = red_flags(graded.report(), ATTACKED);
    assert!(flags.iter().any(|flag| flag == "tests_modified"), "{flags:?}");
}

// Round two (docs/security.md): forged passes whatever their spelling, the host's Unix sockets,
// the disk, the exercise set inside the runner, and workflow commands in candidate output.

/// The failure messages of the attacked exercise's tests.
fn messages(report: &Report) -> Vec<String> {
    exercise(report, ATTACKED).tests.iter().filter_map(|test| test.message.clone()).collect()
}

/// A forged pass earns nothing, and the compiled library's references raise `harness_tampering`.
fn assert_forged_pass_earns_nothing(name: &str, sandbox: Sandbox) {
    let graded = grade(&case(name), sandbox, &[], &[]);
    assert_graded(&graded, sandbox);
    assert_attacked_tests_are(&graded, &NO_CREDIT);
    let attacked = exercise(graded.report(), ATTACKED);
    assert_eq!(attacked.works.points, 0, "{attacked:#?}");
    let flag = attacked.red_flags.iter().find(|flag| flag.id == "harness_tampering");
    let flag = flag.unwrap_or_else(|| panic!("no harness_tampering: {:#?}", attacked.red_flags));
    assert!(flag.message.contains("the compiled library references"), "{}", flag.message);
}

#[test]
fn a_pass_forged_through_an_alias_of_exit_earns_nothing_and_is_tampering() {
    assert_forged_pass_earns_nothing("forged-pass", Sandbox::Process);
}

#[test]
fn a_pass_forged_through_proc_and_a_pointer_to_exit_earns_nothing_and_is_tampering() {
    assert_forged_pass_earns_nothing("forged-pass-raw", Sandbox::Process);
}

#[test]
fn under_bubblewrap_forged_passes_earn_nothing_and_are_tampering() {
    require_bwrap!();
    assert_forged_pass_earns_nothing("forged-pass", Sandbox::Bwrap);
    assert_forged_pass_earns_nothing("forged-pass-raw", Sandbox::Bwrap);
}

/// Listens on the Unix sockets `unix-socket` connects to while it is graded at `sandbox`.
fn assert_no_unix_socket_is_reached(sandbox: Sandbox) {
    let paths = ["/tmp/grader-hostile-unix.sock", "/run/grader-hostile-unix.sock"];
    let mut listeners = Vec::new();
    for path in paths {
        let _ = std::fs::remove_file(path);
        match std::os::unix::net::UnixListener::bind(path) {
            Ok(listener) => {
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o777)).expect("open the socket to all");
                listener.set_nonblocking(true).expect("nonblocking listener");
                listeners.push((path, listener));
            }
            // /run is root's: a test run by another user listens on /tmp alone.
            Err(err) => eprintln!("not listening on {path}: {err}"),
        }
    }
    assert!(!listeners.is_empty(), "could listen on none of {paths:?}");
    let graded = grade(&case("unix-socket"), sandbox, &[], &[]);
    let mut arrived = Vec::new();
    for (path, listener) in &listeners {
        while let Ok((mut stream, _)) = listener.accept() {
            let mut sent = String::new();
            let _ = stream.set_nonblocking(false);
            let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
            let _ = stream.read_to_string(&mut sent);
            arrived.push(format!("{path}: {sent:?}"));
        }
        let _ = std::fs::remove_file(path);
    }
    assert!(arrived.is_empty(), "connections reached the host's sockets: {arrived:?}");
    assert_graded(&graded, sandbox);
    assert_eq!(graded.report().sandbox.network, "none", "{:#?}", graded.report().sandbox);
}

#[test]
fn no_unix_socket_of_the_host_is_reached_at_the_process_level() {
    assert_no_unix_socket_is_reached(Sandbox::Process);
}

#[test]
fn under_bubblewrap_no_unix_socket_of_the_host_is_reached() {
    require_bwrap!();
    assert_no_unix_socket_is_reached(Sandbox::Bwrap);
}

/// `disk-fill` writes at most the private /tmp's size (128 MiB), far from its 1.5 GiB.
fn assert_disk_is_bounded(sandbox: Sandbox) {
    let _heavy = one_at_a_time(&HEAVY);
    let graded = grade(&case("disk-fill"), sandbox, &[], &[]);
    assert_graded(&graded, sandbox);
    assert_attacked_tests_are(&graded, &NO_CREDIT);
    let written: Vec<u64> = messages(graded.report())
        .iter()
        .filter_map(|message| message.split("disk-fill wrote ").nth(1)?.split(' ').next()?.parse().ok())
        .collect();
    assert!(!written.is_empty(), "no test said how much it wrote: {:?}", messages(graded.report()));
    assert!(written.iter().all(|&bytes| bytes <= 129 << 20), "wrote past the bound: {written:?}");
}

#[test]
fn at_the_process_level_as_root_a_test_cannot_fill_the_disk() {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        // Not root: tests share the machine's /tmp, as the report says; CI runs as root.
        eprintln!("skipped: the process level bounds the disk only when the grader runs as root");
        return;
    }
    assert_disk_is_bounded(Sandbox::Process);
}

#[test]
fn under_bubblewrap_a_test_cannot_fill_the_disk() {
    require_bwrap!();
    assert_disk_is_bounded(Sandbox::Bwrap);
}

/// `read-runner` finds no copy of the exercise set it can read.
fn assert_runner_is_unreadable(sandbox: Sandbox) {
    let graded = grade(&case("read-runner"), sandbox, &[], &[]);
    assert_graded(&graded, sandbox);
    let messages = messages(graded.report());
    assert!(messages.iter().any(|message| message.contains("read-runner found nothing")), "{messages:?}");
    assert!(!messages.iter().any(|message| message.contains("found the exercise set")), "{messages:?}");
}

#[test]
fn the_exercise_set_cannot_be_read_out_of_the_runner_at_the_process_level() {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped: a test runs as the grader's own user, who can read its executable");
        return;
    }
    assert_runner_is_unreadable(Sandbox::Process);
}

#[test]
fn under_bubblewrap_the_exercise_set_cannot_be_read_out_of_the_runner() {
    require_bwrap!();
    assert_runner_is_unreadable(Sandbox::Bwrap);
}

#[test]
fn candidate_output_never_becomes_a_workflow_command() {
    // JUnit carries the whole panic message, one line of it per line of the file.
    for format in ["terminal", "junit", "markdown"] {
        let output = common::grader()
            .arg("check")
            .arg(case("workflow-commands"))
            .args(["--exercise", ATTACKED, "--exercise", CONTROL, "--test-timeout", "5", "--sandbox", "process"])
            .args(["--format", format])
            .output()
            .expect("grader runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(stdout.contains("ledger broke"), "{format}: the panic message is shown:\n{}", head(&stdout));
        for stream in [stdout.as_ref(), String::from_utf8_lossy(&output.stderr).as_ref()] {
            let commands: Vec<&str> = stream.lines().filter(|line| line.trim_start().starts_with("::")).collect();
            assert!(commands.is_empty(), "{format}: lines a CI runner would obey: {commands:?}");
        }
    }
}

#[test]
fn a_cache_entry_copied_onto_another_key_earns_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = dir.path().join("cache");
    let starter = dir.path().join("starter");
    let solved = dir.path().join("solved");
    copy_tree(&common::repo(&format!("exercises/{ATTACKED}/starter")), &starter.join(ATTACKED));
    copy_tree(&common::repo(&format!("exercises/{ATTACKED}/solution")), &solved.join(ATTACKED));
    // An attempt that still does not compile (the starter as handed out is not even built).
    let lib = starter.join(ATTACKED).join("src/lib.rs");
    let attempt = std::fs::read_to_string(&lib).expect("read") + "\n// Tried: two mutable borrows.\n";
    common::write(&lib, &attempt);
    let check = |submission: &Path| {
        let output = common::grader()
            .arg("check")
            .arg(submission)
            .args(["--format", "json", "--exercise", ATTACKED, "--sandbox", "process", "--cache-dir"])
            .arg(&cache)
            .output()
            .expect("grader runs");
        assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
        parse_strict(&output.stdout).expect("a report")
    };
    let entries = || -> BTreeSet<PathBuf> {
        walk(&cache).into_iter().filter(|path| path.extension().is_some_and(|ext| ext == "json")).collect()
    };
    assert_eq!(status(&check(&starter), ATTACKED), ExerciseStatus::CompileError);
    let starter_entries = entries();
    assert_eq!(status(&check(&solved), ATTACKED), ExerciseStatus::Passed);
    let solved_entries: Vec<PathBuf> = entries().difference(&starter_entries).cloned().collect();
    assert_eq!((starter_entries.len(), solved_entries.len()), (1, 1), "one entry per graded exercise");
    // The poisoning: the solved exercise's entry, under the untouched starter's key.
    let starter_entry = starter_entries.iter().next().expect("the starter's entry");
    std::fs::copy(&solved_entries[0], starter_entry).expect("copy the entry");
    assert_eq!(status(&check(&starter), ATTACKED), ExerciseStatus::CompileError, "the copied entry was used");
}

/// Every file below `dir`.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn in_a_container_without_cap_sys_admin_the_grade_holds_and_the_report_says_what_was_weaker() {
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    let capsh = Command::new("capsh").arg("--help").output().is_ok();
    if !(root && capsh) {
        assert!(
            std::env::var_os("GRADER_REQUIRE_CAPSH").is_none() || !root,
            "capsh is required here (GRADER_REQUIRE_CAPSH is set): apt-get install libcap2-bin"
        );
        eprintln!("skipped: needs root and capsh (Debian: libcap2-bin)");
        return;
    }
    // As in most containers: root, but no capability to make mount or network namespaces.
    let command = format!(
        "{} check {} --format json --exercise {ATTACKED} --exercise {CONTROL} --test-timeout 5 --sandbox process",
        env!("CARGO_BIN_EXE_grader"),
        case("unix-socket").display()
    );
    let output = Command::new("capsh")
        .args(["--drop=cap_sys_admin", "--", "-c", &command])
        .env("XDG_CONFIG_HOME", Path::new(env!("CARGO_TARGET_TMPDIR")).join("grader-config"))
        .output()
        .expect("capsh runs");
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let report = parse_strict(&output.stdout).expect("a report");
    assert_eq!(status(&report, CONTROL), ExerciseStatus::Passed, "graded as usual");
    // No network namespace, but the seccomp filter refuses every socket: still no network.
    assert_eq!(report.sandbox.network, "none", "{:#?}", report.sandbox);
    assert!(report.sandbox.notes.iter().any(|note| note.contains("no network namespace")), "{:#?}", report.sandbox);
    assert!(
        report.sandbox.notes.iter().any(|note| note.contains("shared this machine's /tmp")),
        "{:#?}",
        report.sandbox
    );
}
