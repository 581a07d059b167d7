//! The seccomp filter that keeps a test process off every socket of the host: a test that can
//! open a socket can connect to whatever listens under /run or /tmp (world-writable Unix sockets
//! of host daemons) whatever its mount or network namespace. The filter is compiled once, in the
//! grader, and installed in each test process between fork and exec. The main type is
//! [`SocketFilter`].
//!
//! What it refuses, each with `EACCES`:
//! - `socket`, in every domain: a test has no business with the network, a host daemon or a
//!   kernel socket family (netlink, packet, vsock, alg…), and a list of "bad" domains would miss
//!   the next family the kernel grows;
//! - `socketpair`, unless it is an `AF_UNIX` pair of type `SOCK_STREAM` or `SOCK_SEQPACKET`: such
//!   a pair is born connected and can never be pointed elsewhere (`connect` says `EISCONN`, an
//!   address given to `sendmsg` is refused or ignored), whereas a `SOCK_DGRAM` end can `sendto`
//!   any listening datagram socket of the host (`/dev/log`, the journal);
//! - `io_uring_setup`, `io_uring_enter`, `io_uring_register`: io_uring performs socket, connect
//!   and friends inside the kernel, where no seccomp filter sees them;
//! - `pidfd_getfd`: it copies an open file (a socket included) out of another process;
//! - on x86_64, every x32 system call (number with bit 30 set): x32 has its own numbers for the
//!   same calls, which the rules above would not match.
//!
//! System calls of a foreign ABI (i386 `int 0x80` on x86_64, arm32 on aarch64) fail
//! `seccompiler`'s architecture check, which kills the process: those ABIs reach `socketcall`,
//! which this filter does not look at. Everything else is allowed.

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::sync::Arc;

use seccompiler::{BpfProgram, SeccompAction, SeccompCmpArgLen, SeccompCmpOp, SeccompCondition, SeccompFilter};
use seccompiler::{SeccompRule, TargetArch};

use crate::error::Error;

/// The bit that marks an x32 system call number on x86_64 (`__X32_SYSCALL_BIT`).
#[cfg(target_arch = "x86_64")]
const X32_SYSCALL_BIT: u32 = 0x4000_0000;

/// The kernel's `SOCK_TYPE_MASK`: the bits of a socket type that are the type, not a flag.
const SOCK_TYPE_MASK: u64 = 0xf;

/// A compiled seccomp program that refuses every way of opening a socket (see the module
/// documentation for the list), ready to install in a child between fork and exec with
/// [`SocketFilter::apply`]. Cloning it is cheap: clones share the instructions.
#[derive(Clone)]
pub struct SocketFilter {
    /// The BPF instructions, in the layout the kernel reads (`struct sock_filter`).
    instructions: Arc<[libc::sock_filter]>,
    /// `instructions.len()`, checked in `new` to fit the `len` of a `struct sock_fprog`.
    len: u16,
}

impl fmt::Debug for SocketFilter {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.debug_struct("SocketFilter").field("instructions", &self.len).finish()
    }
}

impl SocketFilter {
    /// Compiles the filter for the architecture the grader was built for (x86_64, aarch64 or
    /// riscv64; any other is a [`Error::Sandbox`]). Allocates: call it in the grader, before any
    /// fork.
    pub fn new() -> Result<SocketFilter, Error> {
        let arch = TargetArch::try_from(std::env::consts::ARCH).map_err(|_| {
            Error::Sandbox(format!(
                "no seccomp socket filter for the {} architecture (only x86_64, aarch64 and riscv64)",
                std::env::consts::ARCH
            ))
        })?;
        let failed =
            |error: seccompiler::BackendError| Error::Sandbox(format!("cannot build the seccomp filter: {error}"));

        let mut rules: BTreeMap<i64, Vec<SeccompRule>> = BTreeMap::new();
        // An empty chain matches the call whatever its arguments.
        for call in [
            libc::SYS_socket,
            libc::SYS_io_uring_setup,
            libc::SYS_io_uring_enter,
            libc::SYS_io_uring_register,
            libc::SYS_pidfd_getfd,
        ] {
            rules.insert(call, Vec::new());
        }
        // socketpair is refused when any one rule matches: a domain other than AF_UNIX, or a type
        // other than SOCK_STREAM and SOCK_SEQPACKET (flags such as SOCK_CLOEXEC masked out).
        let unix_domain = u64::from(libc::AF_UNIX.unsigned_abs());
        let mut pair_rules = vec![SeccompRule::new(vec![SeccompCondition::new(
            0,
            SeccompCmpArgLen::Dword,
            SeccompCmpOp::Ne,
            unix_domain,
        )
        .map_err(failed)?])
        .map_err(failed)?];
        let connected_types =
            [u64::from(libc::SOCK_STREAM.unsigned_abs()), u64::from(libc::SOCK_SEQPACKET.unsigned_abs())];
        for kind in (0..=SOCK_TYPE_MASK).filter(|kind| !connected_types.contains(kind)) {
            let condition =
                SeccompCondition::new(1, SeccompCmpArgLen::Dword, SeccompCmpOp::MaskedEq(SOCK_TYPE_MASK), kind)
                    .map_err(failed)?;
            pair_rules.push(SeccompRule::new(vec![condition]).map_err(failed)?);
        }
        rules.insert(libc::SYS_socketpair, pair_rules);

        let refused = libc::EACCES.unsigned_abs();
        let filter =
            SeccompFilter::new(rules, SeccompAction::Allow, SeccompAction::Errno(refused), arch).map_err(failed)?;
        let program: BpfProgram = filter.try_into().map_err(failed)?;

        let mut instructions = foreign_numbers_guard(refused);
        instructions.extend(program.iter().map(|instruction| libc::sock_filter {
            code: instruction.code,
            jt: instruction.jt,
            jf: instruction.jf,
            k: instruction.k,
        }));
        let len = u16::try_from(instructions.len())
            .ok()
            .filter(|&len| usize::from(len) <= libc::BPF_MAXINSNS.unsigned_abs() as usize)
            .ok_or_else(|| {
                Error::Sandbox(format!(
                    "the seccomp filter has {} instructions, more than the kernel takes",
                    instructions.len()
                ))
            })?;
        Ok(SocketFilter { instructions: instructions.into(), len })
    }

    /// Installs the filter in the calling process (after `PR_SET_NO_NEW_PRIVS`, which the kernel
    /// requires of an unprivileged process and which also makes set-user-id programs run without
    /// their privileges). It stays for the life of the process and everything it execs or forks.
    ///
    /// Async-signal-safe (two system calls on memory prepared by `new`, no allocation, no lock):
    /// meant for `Command::pre_exec`. Never call it in the grader itself.
    pub fn apply(&self) -> io::Result<()> {
        let (on, zero): (libc::c_ulong, libc::c_ulong) = (1, 0);
        // SAFETY: prctl(PR_SET_NO_NEW_PRIVS) takes plain integers, passed as the unsigned longs the
        // kernel reads; it touches no memory of ours.
        if unsafe { libc::prctl(libc::PR_SET_NO_NEW_PRIVS, on, zero, zero, zero) } != 0 {
            return Err(io::Error::last_os_error());
        }
        let program = libc::sock_fprog { len: self.len, filter: self.instructions.as_ptr().cast_mut() };
        // SAFETY: `program` points at `len` initialised instructions owned by `self`, which
        // outlives the call; the kernel only copies them (the `*mut` is the C type's, nothing is
        // written through it). The other arguments are plain integers.
        let status = unsafe {
            libc::syscall(
                libc::SYS_seccomp,
                libc::c_ulong::from(libc::SECCOMP_SET_MODE_FILTER),
                zero,
                &program as *const libc::sock_fprog,
            )
        };
        if status != 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    }

    /// The program as bubblewrap's `--seccomp FD` reads it: the `struct sock_filter` array in
    /// native byte order. A filter applied before exec'ing bwrap would stop bwrap itself, which
    /// needs sockets to set up the loopback of `--unshare-net`; given through `--seccomp`, bwrap
    /// installs it after its own setup, just before it execs the sandboxed program.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(self.instructions.len() * std::mem::size_of::<libc::sock_filter>());
        for instruction in self.instructions.iter() {
            bytes.extend_from_slice(&instruction.code.to_ne_bytes());
            bytes.push(instruction.jt);
            bytes.push(instruction.jf);
            bytes.extend_from_slice(&instruction.k.to_ne_bytes());
        }
        bytes
    }
}

/// The instructions put in front of `seccompiler`'s program: on x86_64, any system call number
/// with the x32 bit set returns `errno` (x32 numbers would slip past rules written for the native
/// ones); elsewhere, nothing. They come first, so they depend on nothing of `seccompiler`'s layout;
/// a call of a foreign architecture that gets past them still meets its architecture check.
fn foreign_numbers_guard(errno: u32) -> Vec<libc::sock_filter> {
    #[cfg(target_arch = "x86_64")]
    {
        // The BPF opcodes are 16-bit in `struct sock_filter`; libc spells them as u32.
        let load_number = (libc::BPF_LD | libc::BPF_W | libc::BPF_ABS) as u16;
        let jump_if_at_least = (libc::BPF_JMP | libc::BPF_JGE | libc::BPF_K) as u16;
        let return_value = (libc::BPF_RET | libc::BPF_K) as u16;
        vec![
            // The system call number is at offset 0 of `struct seccomp_data`.
            libc::sock_filter { code: load_number, jt: 0, jf: 0, k: 0 },
            // At least the x32 bit: fall through to the refusal; otherwise skip it.
            libc::sock_filter { code: jump_if_at_least, jt: 0, jf: 1, k: X32_SYSCALL_BIT },
            libc::sock_filter {
                code: return_value,
                jt: 0,
                jf: 0,
                k: libc::SECCOMP_RET_ERRNO | (errno & libc::SECCOMP_RET_DATA),
            },
        ]
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let _ = errno;
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::net::UnixListener;
    use std::os::unix::process::{CommandExt, ExitStatusExt};
    use std::process::{Command, Output, Stdio};

    /// Runs `python3 -c script args…`, under the filter when `filtered`, and returns its output.
    fn python(script: &str, args: &[String], filtered: bool) -> Output {
        let mut command = Command::new("python3");
        command.arg("-c").arg(script).args(args).stdin(Stdio::null());
        if filtered {
            let filter = SocketFilter::new().expect("the filter builds");
            // SAFETY: the closure runs in the forked child before exec and only makes
            // async-signal-safe system calls (prctl, seccomp) on memory prepared before the fork.
            unsafe {
                command.pre_exec(move || filter.apply());
            }
        }
        command.output().expect("python3 runs (the tests need it on PATH)")
    }

    fn stdout(output: &Output) -> String {
        assert!(output.status.success(), "{:?}: {}", output.status, String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    }

    /// Prints, for each call given as `name:number:arg…` on the command line, `name=result` where
    /// result is `ok` or the errno name; the arguments are integers.
    const TRY_SYSCALLS: &str = r#"
import ctypes, errno, os, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
for spec in sys.argv[1:]:
    name, number, *args = spec.split(":")
    ctypes.set_errno(0)
    result = libc.syscall(ctypes.c_long(int(number, 0)), *[ctypes.c_long(int(a, 0)) for a in args])
    if result >= 0:
        print(f"{name}=ok")
    else:
        print(f"{name}={errno.errorcode[ctypes.get_errno()]}")
"#;

    fn call(name: &str, number: libc::c_long, args: &[i64]) -> String {
        let mut spec = format!("{name}:{number}");
        for arg in args {
            spec.push_str(&format!(":{arg}"));
        }
        spec
    }

    #[test]
    fn sockets_are_refused_in_every_domain() {
        let script = r#"
import socket
for name in ["AF_UNIX", "AF_INET", "AF_INET6", "AF_NETLINK", "AF_PACKET", "AF_VSOCK", "AF_ALG", "AF_TIPC"]:
    family = getattr(socket, name, None)
    if family is None:
        continue
    for kind in [socket.SOCK_STREAM, socket.SOCK_DGRAM, socket.SOCK_RAW]:
        try:
            socket.socket(family, kind).close()
            print(name, kind, "opened")
        except PermissionError:
            pass
        except OSError as error:
            print(name, kind, "failed otherwise:", error)
print("done")
"#;
        assert_eq!(stdout(&python(script, &[], true)), "done");
    }

    #[test]
    fn socket_calls_are_refused_at_the_system_call() {
        let mut calls = vec![
            call("socket_unix", libc::SYS_socket, &[libc::AF_UNIX.into(), libc::SOCK_STREAM.into(), 0]),
            call("socket_inet", libc::SYS_socket, &[libc::AF_INET.into(), libc::SOCK_DGRAM.into(), 0]),
            call("socket_netlink", libc::SYS_socket, &[libc::AF_NETLINK.into(), libc::SOCK_RAW.into(), 0]),
            call("socket_vsock", libc::SYS_socket, &[libc::AF_VSOCK.into(), libc::SOCK_STREAM.into(), 0]),
            call("io_uring_setup", libc::SYS_io_uring_setup, &[1, 0]),
            call("io_uring_enter", libc::SYS_io_uring_enter, &[-1, 0, 0, 0, 0, 0]),
            call("io_uring_register", libc::SYS_io_uring_register, &[-1, 0, 0, 0]),
            call("pidfd_getfd", libc::SYS_pidfd_getfd, &[-1, 0, 0]),
        ];
        if cfg!(target_arch = "x86_64") {
            // socket through the x32 ABI: refused by the guard whether or not the kernel has x32.
            calls.push(call("socket_x32", 0x4000_0000 | libc::SYS_socket, &[1, 1, 0]));
        }
        let output = stdout(&python(TRY_SYSCALLS, &calls, true));
        for line in output.lines() {
            assert!(line.ends_with("=EACCES"), "{output}");
        }
        assert_eq!(output.lines().count(), calls.len(), "{output}");
    }

    #[test]
    fn only_connected_unix_pairs_are_allowed() {
        let script = r#"
import socket
pair = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
pair[0].sendall(b"ping")
assert pair[1].recv(4) == b"ping"
socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET | socket.SOCK_CLOEXEC)
for family, kind in [(socket.AF_UNIX, socket.SOCK_DGRAM), (socket.AF_UNIX, socket.SOCK_RAW),
                     (socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_NONBLOCK), (socket.AF_INET, socket.SOCK_STREAM)]:
    try:
        socket.socketpair(family, kind)
        print("allowed", family, kind)
    except PermissionError:
        pass
print("done")
"#;
        assert_eq!(stdout(&python(script, &[], true)), "done");
    }

    #[test]
    fn ordinary_work_still_runs() {
        let folder = tempfile::tempdir().expect("temporary folder");
        let file = folder.path().join("out.txt");
        let script = r#"
import os, subprocess, sys, threading
with open(sys.argv[1], "w") as out:
    out.write("written")
read_end, write_end = os.pipe()
os.write(write_end, b"piped")
assert os.read(read_end, 5) == b"piped"
results = []
threads = [threading.Thread(target=lambda i=i: results.append(i * i)) for i in range(4)]
for thread in threads: thread.start()
for thread in threads: thread.join()
assert sorted(results) == [0, 1, 4, 9]
assert subprocess.run(["/bin/sh", "-c", "echo child | cat"], capture_output=True).stdout == b"child\n"
print(1)
"#;
        let output = python(script, &[file.display().to_string()], true);
        assert_eq!(stdout(&output), "1");
        assert_eq!(std::fs::read_to_string(&file).expect("the child wrote its file"), "written");

        let mut shell = Command::new("/bin/sh");
        shell.args(["-c", "echo hello | tr a-z A-Z"]).stdin(Stdio::null());
        let filter = SocketFilter::new().expect("the filter builds");
        // SAFETY: the closure runs in the forked child before exec and only makes
        // async-signal-safe system calls (prctl, seccomp) on memory prepared before the fork.
        unsafe {
            shell.pre_exec(move || filter.apply());
        }
        let output = shell.output().expect("/bin/sh runs");
        assert_eq!(stdout(&output), "HELLO");
    }

    #[test]
    fn a_child_cannot_reach_a_socket_of_its_parent() {
        let folder = tempfile::Builder::new().prefix("seccomp").tempdir_in("/tmp").expect("temporary folder");
        let path = folder.path().join("s");
        let listener = UnixListener::bind(&path).expect("the parent listens");
        listener.set_nonblocking(true).expect("non-blocking listener");
        let script = r#"
import socket, sys
try:
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    client.connect(sys.argv[1])
    client.sendall(b"escaped")
    print("connected")
except PermissionError:
    print("refused")
"#;
        let args = [path.display().to_string()];

        assert_eq!(stdout(&python(script, &args, true)), "refused");
        assert!(
            matches!(listener.accept(), Err(error) if error.kind() == io::ErrorKind::WouldBlock),
            "nothing reached the listener"
        );

        // The control: without the filter the same child does connect, so the test proves something.
        assert_eq!(stdout(&python(script, &args, false)), "connected");
        assert!(listener.accept().is_ok(), "the unfiltered child reached the listener");
    }

    #[test]
    fn the_bytes_are_the_instructions() {
        let filter = SocketFilter::new().expect("the filter builds");
        let bytes = filter.to_bytes();
        assert_eq!(bytes.len(), usize::from(filter.len) * 8);
        let first = filter.instructions[0];
        assert_eq!(bytes[..2], first.code.to_ne_bytes());
        assert_eq!(bytes[2..4], [first.jt, first.jf]);
        assert_eq!(bytes[4..8], first.k.to_ne_bytes());
    }

    /// Starts `/bin/true` after a getpid through the i386 gate (`int 0x80`) in the child, under
    /// the filter when `filtered`, and returns how it ended.
    #[cfg(target_arch = "x86_64")]
    fn i386_getpid_then_true(filtered: bool) -> std::process::ExitStatus {
        let filter = SocketFilter::new().expect("the filter builds");
        let mut command = Command::new("/bin/true");
        // SAFETY: the closure runs in the forked child before exec; it installs the filter when
        // asked (async-signal-safe, as above), then makes getpid through the i386 gate, which
        // takes no pointer and changes nothing; the registers the gate may clobber are declared.
        unsafe {
            command.pre_exec(move || {
                if filtered {
                    filter.apply()?;
                }
                std::arch::asm!(
                    "int 0x80",
                    inout("eax") 20_u32 => _,
                    out("r8") _,
                    out("r9") _,
                    out("r10") _,
                    out("r11") _,
                    options(nostack)
                );
                Ok(())
            });
        }
        command.status().expect("the child starts")
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn a_system_call_of_the_i386_abi_kills_the_process() {
        // A kernel without i386 emulation faults on `int 0x80` (SIGSEGV): the ABI is closed
        // anyway, and there is nothing to check.
        let control = i386_getpid_then_true(false);
        if control.signal() == Some(libc::SIGSEGV) {
            return;
        }
        assert!(control.success(), "without the filter, the i386 call returns: {control:?}");
        let status = i386_getpid_then_true(true);
        assert_eq!(status.signal(), Some(libc::SIGSYS), "{status:?}");
    }
}
