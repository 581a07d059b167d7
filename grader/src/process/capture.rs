//! Runs one child process to its end or its timeout: its own process group (a timeout kills
//! everything it started), capped capture of stdout and stderr, stdout lines streamed to the
//! caller as they arrive, and whatever it left behind reaped. A child can also be handed a secret
//! on an inherited pipe and a channel back ([`run_with_channel`]). The main type is [`Captured`].

use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Command, ExitStatus};
use std::sync::{mpsc, Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use wait_timeout::ChildExt;

use super::reaper::{self, kill_group};
use crate::error::Error;

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
    /// What the child wrote to its channel ([`run_with_channel`]); empty without one.
    pub channel: Vec<u8>,
    /// Whether stdout or stderr went past the cap and was cut.
    pub truncated: bool,
    /// The child wrote more than its [`DiskWatch`] allows, and was killed for it.
    pub disk_exceeded: bool,
    pub elapsed: Duration,
}

/// How long to wait for output pipes to close after the process group is gone.
const DRAIN_GRACE: Duration = Duration::from_secs(2);

/// Runs `command` (made by [`super::Jail::command`]) to completion or `timeout`, keeping at most
/// `output_cap` bytes of each stream. On timeout the child's whole process group is killed.
pub fn run_captured(command: Command, timeout: Duration, output_cap: usize) -> Result<Captured, Error> {
    run_watched(command, timeout, output_cap, None)
}

/// Like [`run_captured`], and with `watch`, the child's process group is killed as soon as the
/// folders it watches hold more than its cap ([`Captured::disk_exceeded`]).
pub fn run_watched(
    mut command: Command,
    timeout: Duration,
    output_cap: usize,
    watch: Option<&DiskWatch>,
) -> Result<Captured, Error> {
    let start = Instant::now();
    let spawned = spawn_with_readers(&mut command, output_cap, None, None)?;
    wait_watched(spawned, &command, timeout, watch, start)
}

/// Waits for a spawned child to its end or `timeout`, under `watch`, and takes what it printed.
fn wait_watched(
    (mut child, readers): (std::process::Child, Readers),
    command: &Command,
    timeout: Duration,
    watch: Option<&DiskWatch>,
    start: Instant,
) -> Result<Captured, Error> {
    let group = child.id();
    let watching = watch.map(|watch| watch.start(group));
    let waited = child.wait_timeout(timeout);
    let disk_exceeded = watching.is_some_and(Watching::stop);
    let ending = end(&mut child, group, waited, command)?;
    let elapsed = start.elapsed();
    Ok(Captured { disk_exceeded, ..readers.collect(ending, elapsed) })
}

/// Bounds what a child, and everything it starts, writes into some folders: where no size-bounded
/// private `/tmp` can be made (the `process` level as a non-root user), the grader sums them
/// every [`WATCH_EVERY`] and kills the child's process group past the cap.
#[derive(Debug, Clone)]
pub struct DiskWatch {
    pub folders: Vec<std::path::PathBuf>,
    pub cap: u64,
}

/// How often a [`DiskWatch`] sums its folders.
const WATCH_EVERY: Duration = Duration::from_millis(100);

/// A running [`DiskWatch`].
struct Watching {
    stop: Arc<std::sync::atomic::AtomicBool>,
    fired: Arc<std::sync::atomic::AtomicBool>,
    thread: thread::JoinHandle<()>,
}

impl DiskWatch {
    fn start(&self, group: u32) -> Watching {
        use std::sync::atomic::{AtomicBool, Ordering};
        let stop = Arc::new(AtomicBool::new(false));
        let fired = Arc::new(AtomicBool::new(false));
        let (folders, cap) = (self.folders.clone(), self.cap);
        let (stop_seen, fired_set) = (Arc::clone(&stop), Arc::clone(&fired));
        let thread = thread::spawn(move || {
            while !stop_seen.load(Ordering::SeqCst) {
                if folders.iter().map(|folder| folder_size(folder)).sum::<u64>() > cap {
                    fired_set.store(true, Ordering::SeqCst);
                    kill_group(group);
                    return;
                }
                thread::sleep(WATCH_EVERY);
            }
        });
        Watching { stop, fired, thread }
    }
}

impl Watching {
    /// Stops watching; whether the watch killed the child.
    fn stop(self) -> bool {
        use std::sync::atomic::Ordering;
        self.stop.store(true, Ordering::SeqCst);
        // The thread only sleeps and sums sizes: it ends within one period.
        let _ = self.thread.join();
        self.fired.load(Ordering::SeqCst)
    }
}

/// Bytes of the regular files below `folder` (links not followed; what cannot be read counts 0).
fn folder_size(folder: &std::path::Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(folder) else { return 0 };
    entries
        .flatten()
        .map(|entry| match entry.metadata() {
            Ok(meta) if meta.is_dir() => folder_size(&entry.path()),
            Ok(meta) if meta.is_file() => meta.len(),
            _ => 0,
        })
        .sum()
}

/// The descriptor a child run by [`run_with_channel`] reads its secret from (once, to the end).
pub const SECRET_FD: i32 = 3;
/// The descriptor a child run by [`run_with_channel`] writes its channel to.
pub const CHANNEL_FD: i32 = 4;
/// Bytes of a channel kept.
const CHANNEL_CAP: usize = 64 * 1024;

/// Like [`run_captured`], and the child also inherits `secret` on a pipe at [`SECRET_FD`] and a
/// channel back at [`CHANNEL_FD`], whose bytes (capped) come back as [`Captured::channel`].
/// Neither is on the command line, in the environment or in a file: only the child, and what it
/// hands them to, can read the secret, and only once.
pub fn run_with_channel(
    mut command: Command,
    timeout: Duration,
    output_cap: usize,
    secret: &[u8],
    watch: Option<&DiskWatch>,
) -> Result<Captured, Error> {
    let start = Instant::now();
    let piped = |source| Error::Spawn { program: "a channel for a test".into(), source };
    let (secret_read, secret_write) = pipe().map_err(piped)?;
    let (channel_read, channel_write) = pipe().map_err(piped)?;
    // A pipe holds far more than a secret: the write cannot block. Its end closes at once, so the
    // child reads the secret and then the end of the pipe.
    std::fs::File::from(secret_write).write_all(secret).map_err(piped)?;
    let (from, to) = (secret_read.as_raw_fd(), channel_write.as_raw_fd());
    // SAFETY: dup2 is async-signal-safe and takes plain descriptors that stay open in the parent
    // until the child has been spawned; both are at or above FIRST_FREE_FD (see `pipe`), so no
    // dup2 onto a fixed descriptor closes another's source.
    unsafe {
        command.pre_exec(move || {
            if libc::dup2(from, SECRET_FD) < 0 || libc::dup2(to, CHANNEL_FD) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let spawned = spawn_with_readers(&mut command, output_cap, None, Some(std::fs::File::from(channel_read)));
    // The child has its own copies now (or none, if it did not start).
    drop((secret_read, channel_write));
    wait_watched(spawned?, &command, timeout, watch, start)
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
    let (mut child, readers) = spawn_with_readers(&mut command, output_cap, Some(sender), None)?;
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
    reaper::finish(group);
    ending
}

/// Descriptors below this are the fixed ones a child is handed (the channel's 3 and 4, the
/// seccomp filter bubblewrap reads at 5): pipes made for a child are kept at or above it, so no
/// child's dup2 onto a fixed number can close another pipe's end before it is moved.
pub const FIRST_FREE_FD: i32 = 10;

/// A pipe whose two ends are close-on-exec and numbered from [`FIRST_FREE_FD`]: `(read, write)`.
pub(super) fn pipe() -> std::io::Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0; 2];
    // SAFETY: `fds` is a valid array of two descriptors for pipe2 to fill in.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: pipe2 succeeded: both descriptors are open and owned by nobody else.
    let (read, write) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    Ok((above_fixed(read)?, above_fixed(write)?))
}

/// `fd` moved to a number from [`FIRST_FREE_FD`] up (close-on-exec), so a child's dup2 onto a
/// fixed descriptor never closes another pipe's end.
fn above_fixed(fd: OwnedFd) -> std::io::Result<OwnedFd> {
    if fd.as_raw_fd() >= FIRST_FREE_FD {
        return Ok(fd);
    }
    // SAFETY: F_DUPFD_CLOEXEC duplicates an open descriptor to the lowest free one from the given up.
    let moved = unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_DUPFD_CLOEXEC, FIRST_FREE_FD) };
    if moved < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: fcntl succeeded: `moved` is a new descriptor owned by nobody else.
    Ok(unsafe { OwnedFd::from_raw_fd(moved) })
}

/// The threads reading a child's stdout, stderr and channel.
struct Readers {
    streams: [SharedStream; 3],
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
    channel: Option<std::fs::File>,
) -> Result<(std::process::Child, Readers), Error> {
    let program = format!("{:?}", command.get_program());
    let mut child = reaper::spawn_tracked(command).map_err(|source| Error::Spawn { program, source })?;
    let streams: [SharedStream; 3] = Default::default();
    let (sender, done) = mpsc::channel();
    let pipes = [
        child.stdout.take().map(|pipe| Box::new(pipe) as Box<dyn Read + Send>),
        child.stderr.take().map(|pipe| Box::new(pipe) as Box<dyn Read + Send>),
        channel.map(|pipe| Box::new(pipe) as Box<dyn Read + Send>),
    ];
    let caps = [output_cap, output_cap, CHANNEL_CAP];
    let mut count = 0;
    let mut lines = lines;
    for ((pipe, stream), cap) in pipes.into_iter().zip(&streams).zip(caps) {
        if let Some(pipe) = pipe {
            let (sender, stream, lines) = (sender.clone(), Arc::clone(stream), lines.take());
            count += 1;
            thread::spawn(move || {
                read_capped(pipe, cap, &stream, lines.as_ref());
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
        let [stdout, stderr, channel] = self.streams.map(|stream| {
            let guard = crate::support::lock(&stream);
            guard.clone()
        });
        Captured {
            ending,
            truncated: stdout.truncated || stderr.truncated,
            stdout: stdout.bytes,
            stderr: stderr.bytes,
            channel: channel.bytes,
            disk_exceeded: false,
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
                let mut guard = crate::support::lock(stream);
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::process::CommandExt;

    fn shell(script: &str) -> Command {
        let mut command = Command::new("/bin/sh");
        command.args(["-c", script]).stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped());
        command.process_group(0);
        command
    }

    #[test]
    fn a_child_that_writes_past_its_watch_is_killed_and_one_that_does_not_is_left_alone() {
        let dir = tempfile::tempdir().expect("temp dir");
        let watch = DiskWatch { folders: vec![dir.path().to_path_buf()], cap: 1 << 20 };
        let fill = format!("while :; do head -c 262144 /dev/zero >> {}/fill; sleep 0.01; done", dir.path().display());
        let captured = run_watched(shell(&fill), Duration::from_secs(20), 1024, Some(&watch)).expect("runs");
        assert!(captured.disk_exceeded, "{captured:?}");
        assert_ne!(captured.ending, Ending::TimedOut, "killed by the watch, long before its timeout");
        std::fs::remove_file(dir.path().join("fill")).expect("emptied, as the runner does between tests");
        let quiet = run_watched(shell("echo quiet"), Duration::from_secs(20), 1024, Some(&watch));
        let quiet = quiet.expect("runs");
        assert!(!quiet.disk_exceeded && quiet.ending.success(), "{quiet:?}");
    }
}
