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

/// How candidate processes are isolated on this machine, decided once.
#[derive(Debug, Clone)]
pub struct Isolation {
    pub level: Level,
    bwrap: Option<PathBuf>,
    /// Whether `unshare` of the network namespace works at the process level.
    process_netns: bool,
    /// Whether tests run under unprivileged ids of their own (the grader runs as root).
    test_user: bool,
    /// The grader's home, hidden under bwrap (the toolchain inside it is re-exposed read-only).
    home: Option<PathBuf>,
    /// The toolchain's sysroot.
    toolchain_dir: PathBuf,
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
            test_user: root,
            home: std::env::var_os("HOME").map(PathBuf::from).filter(|home| home != Path::new("/")),
            toolchain_dir: toolchain_dir.to_path_buf(),
            notes: Vec::new(),
        };
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
        if !bwrap {
            notes.push("candidate code could write files wherever its user may".into());
            if !self.process_netns {
                notes.push("no network namespace could be made: candidate code could reach the network".into());
            }
        }
        SandboxSummary {
            level: self.level,
            network: if bwrap || self.process_netns { "none" } else { "host" }.into(),
            filesystem: if bwrap { "staging-only" } else { "writable" }.into(),
            test_user: if self.test_user { "an unprivileged id per test" } else { "grader's own user" }.into(),
            notes,
        }
    }

    /// Whether tests run as another user, so the folders they write must be open to it.
    pub fn tests_run_as_other_user(&self) -> bool {
        self.test_user
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
        let mut command = match (&self.bwrap, self.level) {
            (Some(bwrap), Level::Bwrap) => {
                let mut command = Command::new(bwrap);
                command.args(self.bwrap_args(writable, is_test));
                if let Some(shown) = shown {
                    command.arg("--ro-bind").arg(shown).arg(shown);
                }
                command.arg("--").arg(program);
                command
            }
            _ => Command::new(program),
        };
        let drop_to = (is_test && self.test_user).then(next_test_uid);
        let limits = Limits::for_role(role, drop_to.is_some());
        let unshare_net = self.level == Level::Process && self.process_netns;
        // SAFETY: the closure runs in the forked child before exec and only makes async-signal-safe
        // system calls (setrlimit, unshare, setgroups, setgid, setuid) on values computed before the
        // fork; it allocates nothing and takes no locks.
        unsafe {
            command.pre_exec(move || limits.apply(unshare_net, drop_to));
        }
        command
    }

    /// Confines a test process that the in-sandbox test runner starts: the limits of a test the
    /// grader starts itself, within the runner's own.
    pub fn limit_test_in_runner(command: &mut Command, timeout: Duration) {
        let limits = Limits::for_role(Role::Test { timeout }, false);
        // SAFETY: as in `command`: only async-signal-safe system calls on precomputed values.
        unsafe {
            command.pre_exec(move || limits.apply(false, None));
        }
    }

    fn bwrap_args<'a>(&'a self, writable: &'a Path, is_test: bool) -> Vec<&'a OsStr> {
        let mut args: Vec<&OsStr> = ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"]
            .iter()
            .map(OsStr::new)
            .collect();
        if let Some(home) = &self.home {
            args.extend([OsStr::new("--tmpfs"), home.as_os_str()]);
            // The build needs the toolchain back; tests are self-contained binaries.
            if !is_test && self.toolchain_dir.starts_with(home) {
                args.extend([OsStr::new("--ro-bind"), self.toolchain_dir.as_os_str(), self.toolchain_dir.as_os_str()]);
            }
        }
        args.extend([OsStr::new("--bind"), writable.as_os_str(), writable.as_os_str()]);
        args.extend(
            ["--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--die-with-parent", "--new-session"]
                .iter()
                .map(OsStr::new),
        );
        args
    }

    /// Runs `true` the way a build (`as_test` false) or a test would run, to see that it works.
    fn probe(&self, level: Level, as_test: bool) -> bool {
        let probe = Isolation { level, ..self.clone() };
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
    fn apply(self, unshare_net: bool, user: Option<u32>) -> io::Result<()> {
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
            let failed =
                unsafe { libc::setgroups(0, std::ptr::null()) != 0 || libc::setgid(id) != 0 || libc::setuid(id) != 0 };
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
