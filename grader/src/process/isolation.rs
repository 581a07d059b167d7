//! Isolation of the processes that build and run a candidate's code: resource limits
//! (`setrlimit`), an unprivileged user for tests when the grader runs as root, and one of two
//! levels. `bwrap` runs everything under bubblewrap: the system read-only, a private `/tmp`, the
//! grader's home hidden, only the staging folder writable, no network, its own PID namespace.
//! `process` is the portable floor: the limits and the unprivileged user, plus a fresh network
//! namespace where the kernel allows one. `auto` picks `bwrap` when it is installed and works.
//! The main type is [`Isolation`].

use std::ffi::OsStr;
use std::io;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use super::mounts::{PrivateMounts, MASKED};
use super::seccomp::SocketFilter;
use crate::error::Error;

/// Which isolation to use, as asked on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Choice {
    /// `bwrap` if it works here, else `process`.
    #[default]
    Auto,
    Bwrap,
    Process,
}

impl std::str::FromStr for Choice {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "auto" => Ok(Choice::Auto),
            "bwrap" => Ok(Choice::Bwrap),
            "process" => Ok(Choice::Process),
            _ => Err(format!("unknown sandbox `{text}` (expected auto, bwrap or process)")),
        }
    }
}

/// The isolation level that ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Bwrap,
    Process,
}

/// What the report says about the isolation a submission ran under (the report's own
/// `Sandbox` type is made from this).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxSummary {
    pub level: Level,
    /// `none` (no network at all) or `host` (the machine's network was reachable).
    pub network: String,
    /// `staging-only` (only the grader's temp folder was writable) or `writable` (the candidate's
    /// code could write wherever the test user may).
    pub filesystem: String,
    /// The user tests ran as: an unprivileged id per test when the grader runs as root, else the
    /// grader's own user.
    pub test_user: String,
    /// Anything a reader should know, e.g. why `bwrap` was not used.
    pub notes: Vec<String>,
}

/// What a process is for; each role has its own limits.
#[derive(Debug, Clone, Copy)]
pub enum Role {
    /// cargo and rustc building the staged workspace.
    Build { timeout: Duration },
    /// A candidate's test binary.
    Test { timeout: Duration },
}

/// First of the user ids given to test processes when the grader runs as root: each test gets an
/// unprivileged id of its own (no account needs to exist), so the process limit binds per test,
/// one test's fork bomb cannot starve another's threads, and no test can signal another.
const TEST_UID_BASE: u32 = 1_000_000_000;
/// Ids per grader process; the grader's pid picks its block, so concurrent graders do not share.
const TEST_UIDS_PER_GRADER: u32 = 10_000;
/// Blocks of ids, one per grader pid modulo this.
const TEST_UID_BLOCKS: u32 = 100_000;

/// The next unprivileged user id for a test process.
fn next_test_uid() -> u32 {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let index = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed) % TEST_UIDS_PER_GRADER;
    let block = std::process::id() % TEST_UID_BLOCKS;
    // At most 1e9 + 1e5 * 1e4 = 2e9: below 2^31, which some tools (bubblewrap among them) need.
    TEST_UID_BASE + block * TEST_UIDS_PER_GRADER + index
}
/// Address space a test process may map.
const TEST_ADDRESS_SPACE: u64 = 2 << 30;
/// Largest file a test process may write.
const TEST_FILE_SIZE: u64 = 16 << 20;
/// Address space one build process (rustc) may map; far above what exercises need, it stops a
/// macro-expansion bomb long before the machine runs out of memory.
const BUILD_ADDRESS_SPACE: u64 = 4 << 30;
/// Largest file the build may write (test binaries).
const BUILD_FILE_SIZE: u64 = 1 << 30;
/// Processes and threads a test may run (beyond what its user already runs, without an id of its own).
const TEST_PROCESSES: u64 = 256;
/// Processes the build may add to those its user already runs.
const BUILD_PROCESSES: u64 = 512;
/// Open files per process.
const OPEN_FILES: u64 = 1024;
/// Size of the private `/tmp` of a test sandbox: all a test (and, under one runner, each test in
/// turn) may write to disk.
pub const TEST_TMP_BYTES: u64 = 128 << 20;
/// Where tests write (HOME and TMPDIR) when they have a private `/tmp`.
pub const TEST_SCRATCH: &str = "/tmp";

/// How candidate processes are isolated on this machine, decided once.
#[derive(Debug, Clone)]
pub struct Isolation {
    pub level: Level,
    bwrap: Option<PathBuf>,
    /// Whether `unshare` of the network namespace works at the process level.
    process_netns: bool,
    /// Whether tests get a mount namespace of their own at the process level (root with
    /// CAP_SYS_ADMIN; not in most containers).
    process_mounts: bool,
    /// Whether tests run under unprivileged ids of their own (the grader runs as root).
    test_user: bool,
    /// The group id of one grading's tests, which alone may enter its staging folder (when
    /// tests run under ids of their own; set by [`Isolation::take_test_group`]).
    test_group: Option<u32>,
    /// The grader's home, hidden under bwrap (the toolchain inside it is re-exposed read-only).
    home: Option<PathBuf>,
    /// The toolchain's sysroot.
    toolchain_dir: PathBuf,
    /// The grader's own executable, hidden from tests (it embeds the exercise set).
    own_exe: Option<PathBuf>,
    /// The seccomp filter that refuses tests every socket (none where it cannot be built).
    sockets: Option<SocketFilter>,
    notes: Vec<String>,
}

impl Isolation {
    /// Decides the level for `choice`. `Bwrap` fails with a clear error when bubblewrap is not
    /// installed or cannot run here; `Auto` falls back to `Process` and notes why. `toolchain_dir`
    /// is the toolchain's sysroot, which the build needs even when the home folder is hidden.
    pub fn detect(choice: Choice, toolchain_dir: &Path) -> Result<Isolation, Error> {
        // SAFETY: geteuid has no preconditions and cannot fail.
        let root = unsafe { libc::geteuid() } == 0;
        let mut isolation = Isolation {
            level: Level::Process,
            bwrap: None,
            process_netns: false,
            process_mounts: false,
            test_user: root,
            test_group: None,
            home: std::env::var_os("HOME").map(PathBuf::from).filter(|home| home != Path::new("/")),
            toolchain_dir: toolchain_dir.to_path_buf(),
            own_exe: std::env::current_exe().ok(),
            sockets: None,
            notes: Vec::new(),
        };
        match SocketFilter::new() {
            Ok(filter) => isolation.sockets = Some(filter),
            Err(err) => isolation.notes.push(format!("no seccomp filter ({err}): tests could open sockets")),
        }
        // Mounts first: the network probe runs a test the way tests will run, mounts included.
        isolation.process_mounts = root && mounts_work();
        isolation.process_netns = isolation.probe(Level::Process, true);
        if choice == Choice::Process {
            return Ok(isolation);
        }
        let bwrap = find_on_path("bwrap");
        let works = bwrap.as_ref().is_some_and(|path| {
            isolation.bwrap = Some(path.clone());
            isolation.probe(Level::Bwrap, false) && isolation.probe(Level::Bwrap, true)
        });
        match (works, choice) {
            (true, _) => isolation.level = Level::Bwrap,
            (false, Choice::Bwrap) => {
                return Err(Error::Sandbox(match bwrap {
                    None => "bubblewrap (`bwrap`) is not installed; install it (e.g. `apt-get install bubblewrap`) or use --sandbox process".into(),
                    Some(_) => "bubblewrap is installed but cannot create its namespaces here (unprivileged user namespaces may be off); use --sandbox process".into(),
                }));
            }
            (false, _) => {
                isolation.bwrap = None;
                isolation.notes.push(match bwrap {
                    None => "bubblewrap is not installed: ran at the `process` level".into(),
                    Some(_) => "bubblewrap cannot run here: ran at the `process` level".into(),
                });
            }
        }
        Ok(isolation)
    }

    /// What the report says about this isolation.
    pub fn summary(&self) -> SandboxSummary {
        let bwrap = self.level == Level::Bwrap;
        let mut notes = self.notes.clone();
        if !self.tests_have_private_tmp() {
            notes.push(
                "tests shared this machine's /tmp (no private mount namespace could be made here): another grading \
                 on this machine could reach this one's files, as far as its tests' user may"
                    .into(),
            );
        }
        if !bwrap {
            notes.push("candidate code could write files wherever its user may".into());
            if !self.process_netns {
                notes.push(match self.sockets {
                    Some(_) => {
                        "no network namespace could be made; the seccomp filter still refuses tests every socket".into()
                    }
                    None => "no network namespace could be made: candidate code could reach the network".into(),
                });
            }
        }
        // No network namespace, or no filter keeping tests off the host's Unix sockets: the host
        // was reachable.
        // The filter refuses every socket; a namespace without it still leaves the host's Unix
        // sockets reachable through the file system.
        let no_network = self.sockets.is_some();
        SandboxSummary {
            level: self.level,
            network: if no_network { "none" } else { "host" }.into(),
            filesystem: if bwrap { "staging-only" } else { "writable" }.into(),
            test_user: if self.test_user { "an unprivileged id per test" } else { "grader's own user" }.into(),
            notes,
        }
    }

    /// Whether tests run as another user, so the folders they write must be open to it.
    pub fn tests_run_as_other_user(&self) -> bool {
        self.test_user
    }

    /// Gives this isolation (one grading's copy) a group id of its own for its tests, when they
    /// run under ids of their own: the staging folder is then opened to that group alone.
    pub fn take_test_group(&mut self) -> Option<u32> {
        self.test_group = self.test_user.then(next_test_uid);
        self.test_group
    }

    /// Whether tests see the staging folder read-only and write only to a private, size-bounded
    /// `/tmp` of their own ([`TEST_SCRATCH`]): under bubblewrap, and at the process level when
    /// the grader is root (a mount namespace of their own, see `mounts.rs`).
    pub fn tests_have_private_tmp(&self) -> bool {
        self.level == Level::Bwrap || (self.test_user && self.process_mounts)
    }

    /// A command for `program` in `role`, confined to `writable` (the staging folder). The caller
    /// adds arguments, environment and working directory as usual.
    pub fn command(&self, role: Role, program: &OsStr, writable: &Path) -> Command {
        self.command_showing(role, program, writable, None)
    }

    /// Like [`Isolation::command`], with `shown` (a file outside the staging folder, such as the
    /// grader's own test runner) visible read-only in the sandbox.
    pub fn command_showing(&self, role: Role, program: &OsStr, writable: &Path, shown: Option<&Path>) -> Command {
        let is_test = matches!(role, Role::Test { .. });
        // Under bubblewrap the filter goes to bwrap, which installs it just before it starts the
        // program (bwrap itself needs a socket to bring up the loopback); else the child installs it.
        let mut bwrap_filter = None;
        let mut command = match (&self.bwrap, self.level) {
            (Some(bwrap), Level::Bwrap) => {
                let mut command = Command::new(bwrap);
                command.args(self.bwrap_args(writable, is_test));
                if let Some(filter) = self.sockets.as_ref().filter(|_| is_test) {
                    match filter_pipe(filter) {
                        Ok(read_end) => {
                            command.arg("--seccomp").arg(BWRAP_FILTER_FD.to_string());
                            bwrap_filter = Some(read_end);
                        }
                        // bwrap is then told of no filter; the test runs without one, as the
                        // summary's probe of this machine would not show: refuse instead.
                        Err(_) => {
                            command.arg("--seccomp").arg("-1");
                        }
                    }
                }
                if let Some(shown) = shown {
                    command.arg("--ro-bind").arg(shown).arg(shown);
                }
                command.arg("--").arg(program);
                command
            }
            _ => Command::new(program),
        };
        let drop_to = (is_test && self.test_user).then(next_test_uid);
        let group = self.test_group;
        let limits = Limits::for_role(role, drop_to.is_some());
        let unshare_net = self.level == Level::Process && self.process_netns;
        let own_filter = self.sockets.clone().filter(|_| is_test && self.level == Level::Process);
        // At the process level as root, a mount namespace of the test's own; if it cannot be
        // prepared the test does not start (the grading fails rather than run with less).
        let mounts = (is_test && self.level == Level::Process && self.test_user && self.process_mounts)
            .then(|| PrivateMounts::prepare(writable, self.own_exe.as_deref()).map_err(|err| err.raw_os_error()));
        // SAFETY: the closure runs in the forked child before exec and only makes async-signal-safe
        // system calls (setrlimit, unshare, setgroups, setgid, setuid, dup2, prctl, seccomp) on
        // values computed before the fork; it allocates nothing and takes no locks. The filter's
        // pipe stays open in the parent as long as the command (the closure owns it).
        unsafe {
            command.pre_exec(move || {
                match &mounts {
                    Some(Ok(mounts)) => mounts.enter()?,
                    Some(Err(code)) => {
                        return Err(code
                            .map_or_else(|| io::Error::from_raw_os_error(libc::EINVAL), io::Error::from_raw_os_error))
                    }
                    None => {}
                }
                limits.apply(unshare_net, drop_to, group)?;
                if let Some(read_end) = &bwrap_filter {
                    if libc::dup2(std::os::fd::AsRawFd::as_raw_fd(read_end), BWRAP_FILTER_FD) < 0 {
                        return Err(io::Error::last_os_error());
                    }
                }
                match &own_filter {
                    Some(filter) => filter.apply(),
                    None => Ok(()),
                }
            });
        }
        command
    }

    /// Confines a test process that the in-sandbox test runner starts: the limits of a test the
    /// grader starts itself, within the runner's own.
    pub fn limit_test_in_runner(command: &mut Command, timeout: Duration) {
        let limits = Limits::for_role(Role::Test { timeout }, false);
        // SAFETY: as in `command`: only async-signal-safe system calls on precomputed values.
        unsafe {
            command.pre_exec(move || limits.apply(false, None, None));
        }
    }

    fn bwrap_args<'a>(&'a self, writable: &'a Path, is_test: bool) -> Vec<std::borrow::Cow<'a, OsStr>> {
        use std::borrow::Cow;
        let mut args: Vec<Cow<'a, OsStr>> = ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"]
            .iter()
            .map(|arg| Cow::Borrowed(OsStr::new(arg)))
            .collect();
        if is_test {
            // A size-bounded /tmp, and nothing of the host's sockets or shared scratch space.
            args.extend(["--size", &TEST_TMP_BYTES.to_string(), "--tmpfs", "/tmp"].map(|arg| Cow::Owned(arg.into())));
            for masked in MASKED {
                let path = Path::new(masked);
                // A symbolic link (/var/run → /run) is covered by what it points to.
                if path.symlink_metadata().is_ok_and(|meta| meta.is_dir()) {
                    args.extend([Cow::Borrowed(OsStr::new("--tmpfs")), Cow::Borrowed(path.as_os_str())]);
                }
            }
        } else {
            args.extend(["--tmpfs", "/tmp"].map(|arg| Cow::Borrowed(OsStr::new(arg))));
        }
        if let Some(home) = &self.home {
            args.extend([Cow::Borrowed(OsStr::new("--tmpfs")), Cow::Borrowed(home.as_os_str())]);
            // The build needs the toolchain back; tests are self-contained binaries.
            if !is_test && self.toolchain_dir.starts_with(home) {
                args.extend(
                    [OsStr::new("--ro-bind"), self.toolchain_dir.as_os_str(), self.toolchain_dir.as_os_str()]
                        .map(Cow::Borrowed),
                );
            }
        }
        if is_test {
            // The grader's executable embeds the exercise set, hidden tests and solutions included.
            // Under the hidden home or the private /tmp it is out of sight already.
            let hidden = |exe: &&PathBuf| {
                exe.starts_with("/tmp") || self.home.as_ref().is_some_and(|home| exe.starts_with(home))
            };
            if let Some(exe) = self.own_exe.as_ref().filter(|exe| !hidden(exe)) {
                args.extend([OsStr::new("--ro-bind"), OsStr::new("/dev/null"), exe.as_os_str()].map(Cow::Borrowed));
            }
        }
        // Tests read the staging folder and write nothing there: their scratch space is /tmp.
        let bind = if is_test { "--ro-bind" } else { "--bind" };
        args.extend([OsStr::new(bind), writable.as_os_str(), writable.as_os_str()].map(Cow::Borrowed));
        args.extend(
            ["--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--die-with-parent", "--new-session"]
                .iter()
                .map(|arg| Cow::Borrowed(OsStr::new(arg))),
        );
        args
    }

    /// Runs `true` the way a build (`as_test` false) or a test would run, to see that it works.
    fn probe(&self, level: Level, as_test: bool) -> bool {
        // At the process level the probe is of the network namespace itself: it unshares one.
        let process_netns = level == Level::Process || self.process_netns;
        let probe = Isolation { level, process_netns, ..self.clone() };
        let role = if as_test {
            Role::Test { timeout: Duration::from_secs(5) }
        } else {
            Role::Build { timeout: Duration::from_secs(5) }
        };
        let scratch = std::env::temp_dir();
        let mut command = probe.command(role, OsStr::new("/bin/true"), &scratch);
        command.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).current_dir("/");
        command.status().is_ok_and(|status| status.success())
    }
}

/// Whether a test could be given a mount namespace of its own here (root, with the capability to
/// mount: not so in most containers).
fn mounts_work() -> bool {
    let Ok(mounts) = PrivateMounts::prepare(&std::env::temp_dir(), None) else { return false };
    let mut command = Command::new("/bin/true");
    command.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).current_dir("/");
    // SAFETY: `enter` makes system calls only, on values prepared above.
    unsafe {
        command.pre_exec(move || mounts.enter());
    }
    command.status().is_ok_and(|status| status.success())
}

/// The descriptor bwrap reads the seccomp filter from (`--seccomp`): above the test's channel
/// descriptors (3 and 4, see `capture.rs`).
const BWRAP_FILTER_FD: i32 = 5;

/// A pipe holding `filter`'s program for bwrap, its write end closed: the read end, at or above
/// [`super::capture::FIRST_FREE_FD`] so the child's dup2 cannot close another descriptor it needs.
fn filter_pipe(filter: &SocketFilter) -> io::Result<std::os::fd::OwnedFd> {
    use std::io::Write;
    let (read, write) = super::capture::pipe()?;
    // A filter is a few hundred bytes, far below a pipe's buffer: the write cannot block.
    std::fs::File::from(write).write_all(&filter.to_bytes())?;
    Ok(read)
}

/// Resource limits for one process, computed before the fork.
#[derive(Debug, Clone, Copy)]
struct Limits {
    cpu_seconds: u64,
    address_space: Option<u64>,
    file_size: u64,
    processes: Option<u64>,
}

impl Limits {
    /// `own_user`: the process runs under a fresh id of its own, which runs nothing yet.
    fn for_role(role: Role, own_user: bool) -> Limits {
        // SAFETY: getuid has no preconditions and cannot fail.
        let grader_is_root = unsafe { libc::getuid() } == 0;
        match role {
            Role::Test { timeout } => Limits {
                cpu_seconds: timeout.as_secs() + 2,
                address_space: Some(TEST_ADDRESS_SPACE),
                file_size: TEST_FILE_SIZE,
                // Without a user of its own, a test shares the grader's: leave room above what runs now.
                // SAFETY: getuid has no preconditions and cannot fail.
                processes: Some(if own_user { 0 } else { processes_of(unsafe { libc::getuid() }) } + TEST_PROCESSES),
            },
            Role::Build { timeout } => Limits {
                cpu_seconds: timeout.as_secs() * 2 + 10,
                address_space: Some(BUILD_ADDRESS_SPACE),
                file_size: BUILD_FILE_SIZE,
                // Root is exempt from RLIMIT_NPROC; for anyone else, leave room above what runs now.
                // SAFETY: getuid has no preconditions and cannot fail.
                processes: (!grader_is_root).then(|| processes_of(unsafe { libc::getuid() }) + BUILD_PROCESSES),
            },
        }
    }

    /// Applies the limits, then (where asked) leaves the network namespace and drops to `user`.
    /// Runs between fork and exec: system calls only.
    /// `group`: the grading's group for its tests (else the user's own id serves as its group).
    fn apply(self, unshare_net: bool, user: Option<u32>, group: Option<u32>) -> io::Result<()> {
        set_limit(libc::RLIMIT_CPU, self.cpu_seconds)?;
        set_limit(libc::RLIMIT_FSIZE, self.file_size)?;
        set_limit(libc::RLIMIT_CORE, 0)?;
        set_limit(libc::RLIMIT_NOFILE, OPEN_FILES)?;
        if let Some(bytes) = self.address_space {
            set_limit(libc::RLIMIT_AS, bytes)?;
        }
        if let Some(count) = self.processes {
            set_limit(libc::RLIMIT_NPROC, count)?;
        }
        if unshare_net {
            // SAFETY: getuid has no preconditions and cannot fail.
            let flags = if unsafe { libc::getuid() } == 0 {
                libc::CLONE_NEWNET
            } else {
                libc::CLONE_NEWUSER | libc::CLONE_NEWNET
            };
            // SAFETY: unshare takes flags only; the child is single-threaded after fork.
            if unsafe { libc::unshare(flags) } != 0 {
                return Err(io::Error::last_os_error());
            }
        }
        if let Some(id) = user {
            // SAFETY: setgroups with a zero-length list reads no memory; setgid and setuid take
            // plain ids. Order matters: groups and gid while still privileged, uid last.
            let failed = unsafe {
                libc::setgroups(0, std::ptr::null()) != 0
                    || libc::setgid(group.unwrap_or(id)) != 0
                    || libc::setuid(id) != 0
            };
            if failed {
                return Err(io::Error::last_os_error());
            }
        }
        Ok(())
    }
}

/// Sets a limit (soft and hard) to `value`, or to the current hard limit if that is lower: a
/// process may lower its limits, never raise them.
fn set_limit(resource: libc::__rlimit_resource_t, value: u64) -> io::Result<()> {
    let mut current = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: `current` is a valid rlimit for getrlimit to fill in.
    let value =
        if unsafe { libc::getrlimit(resource, &mut current) } == 0 { value.min(current.rlim_max) } else { value };
    let limit = libc::rlimit { rlim_cur: value, rlim_max: value };
    // SAFETY: `limit` is a valid rlimit that lives across the call.
    if unsafe { libc::setrlimit(resource, &limit) } == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// How many processes (and threads) `uid` runs now, from /proc; 0 when it cannot tell.
fn processes_of(uid: u32) -> u64 {
    let Ok(entries) = std::fs::read_dir("/proc") else { return 0 };
    let mut count = 0;
    for entry in entries.flatten() {
        let is_pid = entry.file_name().to_string_lossy().bytes().all(|b| b.is_ascii_digit());
        if !is_pid {
            continue;
        }
        let Ok(status) = std::fs::read_to_string(entry.path().join("status")) else { continue };
        let owner =
            status.lines().find_map(|line| line.strip_prefix("Uid:")).and_then(|ids| ids.split_whitespace().next());
        if owner.and_then(|id| id.parse::<u32>().ok()) == Some(uid) {
            let threads = status
                .lines()
                .find_map(|line| line.strip_prefix("Threads:"))
                .and_then(|n| n.trim().parse::<u64>().ok());
            count += threads.unwrap_or(1);
        }
    }
    count
}

fn find_on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(program)).find(|candidate| candidate.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_user_ids_stay_below_two_to_the_31() {
        // bubblewrap cannot map ids from 2^31 up ("setting up uid map: Invalid argument").
        let highest = u64::from(TEST_UID_BASE) + u64::from(TEST_UID_BLOCKS) * u64::from(TEST_UIDS_PER_GRADER);
        assert!(highest <= 1 << 31, "{highest}");
        let (first, second) = (next_test_uid(), next_test_uid());
        assert_ne!(first, second);
        assert!(first >= TEST_UID_BASE && u64::from(first) < 1 << 31);
    }

    #[test]
    fn choices_parse_and_bad_ones_say_what_is_expected() {
        assert_eq!("bwrap".parse::<Choice>(), Ok(Choice::Bwrap));
        assert_eq!("process".parse::<Choice>(), Ok(Choice::Process));
        assert!("docker".parse::<Choice>().unwrap_err().contains("auto, bwrap or process"));
    }
}
