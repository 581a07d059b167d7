//! Runs toolchain and candidate processes: a scrubbed environment (an allowlist, never the
//! grader's own secrets), a private HOME/TMPDIR, a process group per child so a timeout kills
//! everything it started, a wall-clock timeout, and capped output capture.

use std::ffi::OsString;
use std::io::Read;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use wait_timeout::ChildExt;

use crate::error::Error;
use crate::interrupt;
use crate::isolation::{Isolation, Role};

/// The Rust toolchain the grader drives, found once from the grader's own environment.
#[derive(Debug, Clone)]
pub struct Toolchain {
    pub cargo: PathBuf,
    pub rustc: PathBuf,
    /// clippy's compiler driver, when the clippy component is installed.
    pub clippy_driver: Option<PathBuf>,
    /// `rustc --version`, for reports and cache keys.
    pub version: String,
    /// Folder holding cargo and rustc, put first on the children's PATH.
    pub bin_dir: PathBuf,
}

impl Toolchain {
    /// The toolchain's root folder (`bin/`, `lib/`…).
    pub fn sysroot(&self) -> &Path {
        self.bin_dir.parent().unwrap_or(&self.bin_dir)
    }

    /// Finds the active toolchain: `rustc --print sysroot`, then its `bin/cargo`. Running the
    /// toolchain's binaries directly (not rustup's proxies) means no `rust-toolchain` file and no
    /// rustup setting can change which compiler grades a submission.
    pub fn detect() -> Result<Toolchain, Error> {
        let rustc_on_path = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
        let sysroot = Command::new(&rustc_on_path)
            .args(["--print", "sysroot"])
            .output()
            .map_err(|err| Error::Toolchain(format!("`rustc --print sysroot` failed to start: {err}")))?;
        if !sysroot.status.success() {
            return Err(Error::Toolchain(format!(
                "`rustc --print sysroot` failed: {}",
                String::from_utf8_lossy(&sysroot.stderr).trim()
            )));
        }
        let bin_dir = PathBuf::from(String::from_utf8_lossy(&sysroot.stdout).trim()).join("bin");
        let rustc = bin_dir.join("rustc");
        let cargo = bin_dir.join("cargo");
        if !cargo.is_file() || !rustc.is_file() {
            return Err(Error::Toolchain(format!("no cargo and rustc in {}", bin_dir.display())));
        }
        let version = Command::new(&rustc)
            .arg("--version")
            .output()
            .map_err(|err| Error::Toolchain(format!("`rustc --version` failed to start: {err}")))?;
        let version = String::from_utf8_lossy(&version.stdout).trim().to_owned();
        let clippy_driver = Some(bin_dir.join("clippy-driver")).filter(|driver| driver.is_file());
        Ok(Toolchain { cargo, rustc, clippy_driver, version, bin_dir })
    }
}

/// A private place for a child's HOME, TMPDIR and CARGO_HOME inside the staging folder, and the
/// isolation every child runs under.
#[derive(Debug, Clone)]
pub struct Jail {
    pub home: PathBuf,
    pub tmp: PathBuf,
    pub cargo_home: PathBuf,
    /// The only folder children may write (the whole staging folder).
    pub writable: PathBuf,
    pub isolation: Isolation,
}

impl Jail {
    /// Creates `home/`, `tmp/` and `cargo-home/` under `root`, inside the staging folder
    /// `writable`. When tests run as another user, the folders they need are opened to it.
    pub fn create(root: &Path, writable: &Path, isolation: Isolation) -> Result<Jail, Error> {
        let jail = Jail {
            home: root.join("home"),
            tmp: root.join("tmp"),
            cargo_home: root.join("cargo-home"),
            writable: writable.to_path_buf(),
            isolation,
        };
        for dir in [&jail.home, &jail.tmp, &jail.cargo_home] {
            std::fs::create_dir_all(dir).map_err(|source| Error::io("create folder", dir, source))?;
        }
        if jail.isolation.tests_run_as_other_user() {
            // The staging folder can be crossed (not listed); HOME and TMPDIR are shared scratch
            // space with the sticky bit, like /tmp.
            set_mode(writable, 0o711)?;
            set_mode(root, 0o711)?;
            set_mode(&jail.home, 0o1777)?;
            set_mode(&jail.tmp, 0o1777)?;
        }
        Ok(jail)
    }

    /// A command for `program` in `role`, isolated, whose environment is exactly the allowlist:
    /// nothing of the grader's own environment leaks in.
    pub fn command(&self, toolchain: &Toolchain, role: Role, program: impl AsRef<std::ffi::OsStr>) -> Command {
        self.command_showing(toolchain, role, program, None)
    }

    /// Like [`Jail::command`], with `shown` visible read-only in the sandbox (see
    /// [`Isolation::command_showing`]).
    pub fn command_showing(
        &self,
        toolchain: &Toolchain,
        role: Role,
        program: impl AsRef<std::ffi::OsStr>,
        shown: Option<&Path>,
    ) -> Command {
        let mut command = self.isolation.command_showing(role, program.as_ref(), &self.writable, shown);
        let mut path = OsString::from(toolchain.bin_dir.as_os_str());
        path.push(":/usr/local/bin:/usr/bin:/bin");
        command
            .env_clear()
            .env("PATH", path)
            .env("HOME", &self.home)
            .env("TMPDIR", &self.tmp)
            .env("CARGO_HOME", &self.cargo_home)
            .env("RUSTC", &toolchain.rustc)
            .env("CARGO_TERM_COLOR", "never")
            .env("CARGO_NET_OFFLINE", "true")
            .env("RUST_BACKTRACE", "0")
            .env("LANG", "C.UTF-8")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0);
        command
    }
}

/// Sets a folder's permission bits.
pub fn set_mode(path: &Path, mode: u32) -> Result<(), Error> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .map_err(|source| Error::io("set permissions of", path, source))
}

/// How a captured process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// It exited (or was killed by a signal) on its own.
    Exited(ExitStatus),
    /// It ran past its timeout and its process group was killed.
    TimedOut,
}

impl Ending {
    /// Exit code 0.
    pub fn success(self) -> bool {
        matches!(self, Ending::Exited(status) if status.success())
    }

    /// The signal that killed the process, if one did.
    pub fn signal(self) -> Option<i32> {
        match self {
            Ending::Exited(status) => status.signal(),
            Ending::TimedOut => None,
        }
    }

    /// The exit code, if it exited normally.
    pub fn code(self) -> Option<i32> {
        match self {
            Ending::Exited(status) => status.code(),
            Ending::TimedOut => None,
        }
    }
}

/// What a process printed (each stream capped) and how it ended.
#[derive(Debug, Clone)]
pub struct Captured {
    pub ending: Ending,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// Whether either stream went past the cap and was cut.
    pub truncated: bool,
    pub elapsed: Duration,
}

/// How long to wait for output pipes to close after the process group is gone.
const DRAIN_GRACE: Duration = Duration::from_secs(2);

/// Runs `command` (made by [`Jail::command`]) to completion or `timeout`, keeping at most
/// `output_cap` bytes of each stream. On timeout the child's whole process group is killed.
pub fn run_captured(mut command: Command, timeout: Duration, output_cap: usize) -> Result<Captured, Error> {
    let start = Instant::now();
    let (mut child, readers) = spawn_with_readers(&mut command, output_cap, None)?;
    let group = child.id();
    let waited = child.wait_timeout(timeout);
    let ending = end(&mut child, group, waited, &command)?;
    let elapsed = start.elapsed();
    Ok(readers.collect(ending, elapsed))
}

/// Like [`run_captured`], but hands each complete stdout line (within the cap) to `on_line` as
/// soon as it arrives, so a caller can act on cargo's messages while the build goes on.
pub fn run_streaming(
    mut command: Command,
    timeout: Duration,
    output_cap: usize,
    on_line: &mut dyn FnMut(&[u8]),
) -> Result<Captured, Error> {
    let start = Instant::now();
    let (sender, lines) = mpsc::channel();
    let (mut child, readers) = spawn_with_readers(&mut command, output_cap, Some(sender))?;
    let group = child.id();
    let deadline = start + timeout;
    let waited = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match lines.recv_timeout(left.min(STREAM_POLL)) {
            Ok(line) => on_line(&line),
            Err(mpsc::RecvTimeoutError::Disconnected) => break child.wait_timeout(left),
            Err(mpsc::RecvTimeoutError::Timeout) => match child.try_wait() {
                Ok(Some(status)) => break Ok(Some(status)),
                Ok(None) if left.is_zero() => break Ok(None),
                Ok(None) => {}
                Err(err) => break Err(err),
            },
        }
    };
    let ending = end(&mut child, group, waited, &command)?;
    // Lines already read but not yet handed over.
    while let Ok(line) = lines.try_recv() {
        on_line(&line);
    }
    let elapsed = start.elapsed();
    Ok(readers.collect(ending, elapsed))
}

/// How often [`run_streaming`] looks whether the child exited while no line arrives.
const STREAM_POLL: Duration = Duration::from_millis(100);

/// Turns the outcome of waiting into an [`Ending`]: on timeout or error the process group is
/// killed; in every case the group and any orphan it left are cleaned up.
fn end(
    child: &mut std::process::Child,
    group: u32,
    waited: std::io::Result<Option<ExitStatus>>,
    command: &Command,
) -> Result<Ending, Error> {
    let ending = match waited {
        Ok(Some(status)) => Ok(Ending::Exited(status)),
        Ok(None) => {
            kill_group(group);
            let _ = child.wait();
            Ok(Ending::TimedOut)
        }
        Err(source) => {
            kill_group(group);
            let _ = child.wait();
            Err(Error::Spawn { program: format!("{:?} (waiting)", command.get_program()), source })
        }
    };
    // Anything the child left running goes too: its group, and descendants that left the group
    // (e.g. with setsid) and were handed to the grader as their subreaper.
    interrupt::finish(group);
    ending
}

/// The threads reading a child's stdout and stderr.
struct Readers {
    streams: [SharedStream; 2],
    done: mpsc::Receiver<()>,
    count: usize,
}

/// Spawns `command` (tracked) and one reader thread per output pipe. Each stream is read into a
/// shared buffer, so whatever arrived is kept even if a process that escaped the group still
/// holds the pipe open when the grader stops waiting. With `lines`, stdout lines within the cap
/// are also sent there as they arrive.
fn spawn_with_readers(
    command: &mut Command,
    output_cap: usize,
    lines: Option<mpsc::Sender<Vec<u8>>>,
) -> Result<(std::process::Child, Readers), Error> {
    let program = format!("{:?}", command.get_program());
    let mut child = interrupt::spawn_tracked(command).map_err(|source| Error::Spawn { program, source })?;
    let streams: [SharedStream; 2] = Default::default();
    let (sender, done) = mpsc::channel();
    let pipes = [
        child.stdout.take().map(|pipe| Box::new(pipe) as Box<dyn Read + Send>),
        child.stderr.take().map(|pipe| Box::new(pipe) as Box<dyn Read + Send>),
    ];
    let mut count = 0;
    let mut lines = lines;
    for (pipe, stream) in pipes.into_iter().zip(&streams) {
        if let Some(pipe) = pipe {
            let (sender, stream, lines) = (sender.clone(), Arc::clone(stream), lines.take());
            count += 1;
            thread::spawn(move || {
                read_capped(pipe, output_cap, &stream, lines.as_ref());
                // The receiver may be gone if the grader gave up waiting; nothing to do then.
                let _ = sender.send(());
            });
        }
    }
    Ok((child, Readers { streams, done, count }))
}

impl Readers {
    /// Waits (briefly) for the readers to reach the end of their pipes and takes what they read.
    fn collect(self, ending: Ending, elapsed: Duration) -> Captured {
        let deadline = Instant::now() + DRAIN_GRACE;
        for _ in 0..self.count {
            let left = deadline.saturating_duration_since(Instant::now());
            if self.done.recv_timeout(left).is_err() {
                break;
            }
        }
        let [stdout, stderr] = self.streams.map(|stream| {
            let guard = crate::lock(&stream);
            guard.clone()
        });
        Captured {
            ending,
            truncated: stdout.truncated || stderr.truncated,
            stdout: stdout.bytes,
            stderr: stderr.bytes,
            elapsed,
        }
    }
}

/// What one output stream delivered so far.
#[derive(Debug, Clone, Default)]
struct Stream {
    bytes: Vec<u8>,
    /// More arrived than the cap allowed.
    truncated: bool,
}

/// A stream shared between its reader thread and the waiting grader.
type SharedStream = Arc<Mutex<Stream>>;

/// Reads a pipe to its end into `stream`, keeping the first `cap` bytes and noting a cut; with
/// `lines`, every complete line within the kept bytes is also sent there.
fn read_capped(mut pipe: impl Read, cap: usize, stream: &Mutex<Stream>, lines: Option<&mpsc::Sender<Vec<u8>>>) {
    let mut chunk = [0u8; 16 * 1024];
    let mut sent = 0;
    loop {
        match pipe.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(read) => {
                let mut guard = crate::lock(stream);
                let room = cap.saturating_sub(guard.bytes.len());
                if read > room {
                    guard.truncated = true;
                }
                guard.bytes.extend_from_slice(&chunk[..read.min(room)]);
                if let Some(lines) = lines {
                    while let Some(end) = guard.bytes[sent..].iter().position(|&byte| byte == b'\n') {
                        // The receiver may be gone; the bytes stay in the buffer either way.
                        let _ = lines.send(guard.bytes[sent..sent + end].to_vec());
                        sent += end + 1;
                    }
                }
            }
        }
    }
}

/// Kills a process group (SIGKILL); a group that is already gone is not an error.
pub fn kill_group(group: u32) {
    if let Ok(pid) = libc::pid_t::try_from(group) {
        // SAFETY: kill(2) takes plain integers and has no memory-safety preconditions; a negative
        // pid addresses the process group the child leads (it was spawned with process_group(0)).
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::isolation::Choice;

    fn jail() -> (tempfile::TempDir, Jail, Toolchain) {
        let dir = tempfile::tempdir().expect("temp dir");
        let toolchain = Toolchain::detect().expect("toolchain");
        let isolation = Isolation::detect(Choice::Process, toolchain.sysroot()).expect("isolation");
        let jail = Jail::create(&dir.path().join("jail"), dir.path(), isolation).expect("jail");
        (dir, jail, toolchain)
    }

    const BUILD: Role = Role::Build { timeout: Duration::from_secs(10) };

    #[test]
    fn environment_is_an_allowlist() {
        std::env::set_var("GRADER_TEST_SECRET", "hunter2");
        let (_dir, jail, toolchain) = jail();
        let command = jail.command(&toolchain, BUILD, "/usr/bin/env");
        let captured = run_captured(command, Duration::from_secs(10), 1 << 16).expect("runs");
        let env = String::from_utf8_lossy(&captured.stdout);
        assert!(captured.ending.success());
        assert!(!env.contains("hunter2"), "{env}");
        assert!(env.contains(&format!("HOME={}", jail.home.display())), "{env}");
    }

    #[test]
    fn timeout_kills_the_whole_group_and_output_is_capped() {
        let (_dir, jail, toolchain) = jail();
        let mut command = jail.command(&toolchain, BUILD, "/bin/sh");
        command.args(["-c", "yes | head -c 100000; sleep 100 & sleep 100"]);
        let captured = run_captured(command, Duration::from_millis(500), 1000).expect("runs");
        assert_eq!(captured.ending, Ending::TimedOut);
        assert_eq!(captured.stdout.len(), 1000);
        assert!(captured.truncated);
    }
}
