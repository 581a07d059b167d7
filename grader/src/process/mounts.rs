//! A private view of the file system for tests at the `process` level, where the grader runs as
//! root: a mount namespace of their own in which `/tmp` (and the temp folder, if elsewhere) is an
//! empty, size-bounded tmpfs, the staging folder is mounted back read-only at its own path, the
//! host's sockets and shared scratch space (`/run`, `/var/tmp`, `/dev/shm`) are hidden, and the
//! grader's executable (which embeds the exercise set) reads as empty. Other gradings' staging
//! folders, on the host's `/tmp`, are out of sight. Everything is computed before the fork;
//! [`PrivateMounts::enter`] makes system calls only. The main type is [`PrivateMounts`].

use std::ffi::CString;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::isolation::TEST_TMP_BYTES;

/// Folders of the host that hold sockets or shared scratch space, hidden from tests under an
/// empty tmpfs at both levels, when they are folders (a link such as `/var/run` → `/run` is
/// covered by its target).
pub const MASKED: [&str; 4] = ["/run", "/var/run", "/var/tmp", "/dev/shm"];

/// What a test's child process mounts, prepared in the parent.
#[derive(Debug, Clone)]
pub struct PrivateMounts {
    inner: Arc<Prepared>,
}

/// The descriptor the staging folder is opened at in the child, inside its new namespace (a bind
/// mount must come from a mount of the caller's own namespace), to mount it back from once its
/// parent is hidden.
const STAGING_FD: i32 = 1000;

#[derive(Debug)]
struct Prepared {
    /// `/proc/self/fd/<STAGING_FD>`.
    staging_source: CString,
    staging_target: CString,
    /// Scratch roots to replace with a tmpfs (`/tmp`, and the temp folder when elsewhere).
    scratch: Vec<CString>,
    /// Folders to create on the new tmpfs, outermost first, down to the staging folder.
    staging_parents: Vec<CString>,
    masked: Vec<CString>,
    /// The grader's executable, to cover with `/dev/null`.
    own_exe: Option<CString>,
    tmpfs_options: CString,
    small_tmpfs_options: CString,
}

fn c_path(path: &Path) -> io::Result<CString> {
    CString::new(path.as_os_str().as_bytes()).map_err(|_| io::Error::other("a path holds a NUL byte"))
}

impl PrivateMounts {
    /// Prepares the view for tests of the staging folder `staging`.
    pub fn prepare(staging: &Path, own_exe: Option<&Path>) -> io::Result<PrivateMounts> {
        let staging_source = CString::new(format!("/proc/self/fd/{STAGING_FD}"))
            .map_err(|_| io::Error::other("unreachable: digits hold no NUL byte"))?;
        let mut roots: Vec<PathBuf> = vec![PathBuf::from("/tmp")];
        let temp = std::env::temp_dir();
        if temp.is_absolute() && !temp.starts_with("/tmp") && temp != Path::new("/") {
            roots.push(temp);
        }
        let mut staging_parents = Vec::new();
        if let Some(root) = roots.iter().find(|root| staging.starts_with(root)) {
            let mut current = root.clone();
            if let Ok(inside) = staging.strip_prefix(root) {
                for part in inside.components() {
                    current.push(part);
                    staging_parents.push(c_path(&current)?);
                }
            }
        }
        // A folder holding the staging folder or a scratch root (a TMPDIR under /var/tmp, say)
        // stays: hiding it would hide them, and the scratch root's tmpfs covers the rest of it.
        let holds_ours = |path: &Path| staging.starts_with(path) || roots.iter().any(|root| root.starts_with(path));
        let masked = MASKED
            .iter()
            .map(Path::new)
            .filter(|path| path.symlink_metadata().is_ok_and(|meta| meta.is_dir()) && !holds_ours(path))
            .map(c_path)
            .collect::<io::Result<Vec<_>>>()?;
        Ok(PrivateMounts {
            inner: Arc::new(Prepared {
                staging_source,
                staging_target: c_path(staging)?,
                scratch: roots.iter().map(|root| c_path(root)).collect::<io::Result<Vec<_>>>()?,
                staging_parents,
                masked,
                // Under a scratch root it is hidden with the rest (and its path is gone).
                own_exe: own_exe
                    .filter(|exe| exe.is_file() && !roots.iter().any(|root| exe.starts_with(root)))
                    .map(c_path)
                    .transpose()?,
                tmpfs_options: CString::new(format!("size={TEST_TMP_BYTES},mode=1777"))
                    .map_err(|_| io::Error::other("unreachable"))?,
                small_tmpfs_options: CString::new("size=1m,mode=755").map_err(|_| io::Error::other("unreachable"))?,
            }),
        })
    }

    /// Enters a mount namespace of its own with the private view. Runs between fork and exec, as
    /// root, before dropping to the test's user: system calls only, on prepared values.
    pub fn enter(&self) -> io::Result<()> {
        let prepared = &*self.inner;
        // SAFETY: every pointer is to a NUL-terminated string prepared before the fork (or null
        // where the call allows it); unshare, mount and mkdir are async-signal-safe system calls.
        unsafe {
            check(libc::unshare(libc::CLONE_NEWNS))?;
            check(libc::mount(
                std::ptr::null(),
                c"/".as_ptr(),
                std::ptr::null(),
                libc::MS_REC | libc::MS_PRIVATE,
                std::ptr::null(),
            ))?;
            let opened =
                libc::open(prepared.staging_target.as_ptr(), libc::O_PATH | libc::O_DIRECTORY | libc::O_CLOEXEC);
            if opened < 0 || (opened != STAGING_FD && libc::dup2(opened, STAGING_FD) < 0) {
                return Err(io::Error::last_os_error());
            }
            if opened != STAGING_FD {
                libc::close(opened);
            }
            for root in &prepared.scratch {
                check(libc::mount(
                    c"tmpfs".as_ptr(),
                    root.as_ptr(),
                    c"tmpfs".as_ptr(),
                    libc::MS_NOSUID | libc::MS_NODEV,
                    prepared.tmpfs_options.as_ptr().cast(),
                ))?;
            }
            if !prepared.staging_parents.is_empty() {
                for folder in &prepared.staging_parents {
                    if libc::mkdir(folder.as_ptr(), 0o755) != 0 && *libc::__errno_location() != libc::EEXIST {
                        return Err(io::Error::last_os_error());
                    }
                }
                check(libc::mount(
                    prepared.staging_source.as_ptr(),
                    prepared.staging_target.as_ptr(),
                    std::ptr::null(),
                    libc::MS_BIND | libc::MS_REC,
                    std::ptr::null(),
                ))?;
            }
            libc::close(STAGING_FD);
            // Tests read the staging folder; they write only to their tmpfs.
            check(libc::mount(
                std::ptr::null(),
                prepared.staging_target.as_ptr(),
                std::ptr::null(),
                libc::MS_REMOUNT | libc::MS_BIND | libc::MS_RDONLY,
                std::ptr::null(),
            ))?;
            for folder in &prepared.masked {
                check(libc::mount(
                    c"tmpfs".as_ptr(),
                    folder.as_ptr(),
                    c"tmpfs".as_ptr(),
                    libc::MS_NOSUID | libc::MS_NODEV,
                    prepared.small_tmpfs_options.as_ptr().cast(),
                ))?;
            }
            if let Some(exe) = &prepared.own_exe {
                check(libc::mount(
                    c"/dev/null".as_ptr(),
                    exe.as_ptr(),
                    std::ptr::null(),
                    libc::MS_BIND,
                    std::ptr::null(),
                ))?;
            }
        }
        Ok(())
    }
}

fn check(result: libc::c_int) -> io::Result<()> {
    if result == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::process::CommandExt;

    #[test]
    fn a_test_sees_its_staging_folder_read_only_and_nothing_else_of_tmp() {
        // SAFETY: geteuid has no preconditions.
        if unsafe { libc::geteuid() } != 0 {
            // Only root makes a mount namespace at the process level; the report says so elsewhere.
            return;
        }
        let staging = tempfile::tempdir().expect("staging");
        let neighbour = tempfile::tempdir().expect("another grading's folder");
        std::fs::write(staging.path().join("mine"), "mine").expect("write");
        std::fs::write(neighbour.path().join("theirs"), "theirs").expect("write");
        let mounts = PrivateMounts::prepare(staging.path(), None).expect("prepares");
        let scratch = neighbour.path().with_extension("scratch");
        let script = format!(
            "cat {mine} && ! cat {theirs} 2>/dev/null && ! touch {staging}/new 2>/dev/null && touch {scratch} && \
             ! ls /run/* 2>/dev/null | grep -q . && echo private",
            scratch = scratch.display(),
            mine = staging.path().join("mine").display(),
            theirs = neighbour.path().join("theirs").display(),
            staging = staging.path().display(),
        );
        let mut command = std::process::Command::new("/bin/sh");
        command.args(["-c", &script]);
        // SAFETY: `enter` makes system calls only, on values prepared above.
        unsafe {
            command.pre_exec(move || mounts.enter());
        }
        let output = command.output().expect("runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success() && stdout.contains("mineprivate"),
            "{stdout} {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(!scratch.exists(), "what the test wrote stayed in its private /tmp");
    }
}
