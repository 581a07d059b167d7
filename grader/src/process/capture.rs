//! Runs one child process to its end or its timeout: its own process group (a timeout kills
//! everything it started), capped capture of stdout and stderr, stdout lines streamed to the
//! caller as they arrive, and whatever it left behind reaped. The main type is [`Captured`].

use std::io::Read;
use std::os::unix::process::ExitStatusExt;
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
    /// Whether either stream went past the cap and was cut.
    pub truncated: bool,
    pub elapsed: Duration,
}

/// How long to wait for output pipes to close after the process group is gone.
const DRAIN_GRACE: Duration = Duration::from_secs(2);

/// Runs `command` (made by [`super::Jail::command`]) to completion or `timeout`, keeping at most
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
    reaper::finish(group);
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
    let mut child = reaper::spawn_tracked(command).map_err(|source| Error::Spawn { program, source })?;
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
            let guard = crate::support::lock(&stream);
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
