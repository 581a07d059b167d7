//! Keeps track of what the grader started, so nothing outlives a grade: every child's process
//! group, descendants that left their group (the grader makes itself their subreaper, so they
//! come back to it as orphans and are killed), and every temporary folder. On Ctrl-C or SIGTERM
//! all groups are killed and all folders removed before the grader exits. The main functions are
//! [`spawn_tracked`] and [`finish`].

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::Error;
use crate::support::lock;

/// Process groups of running children.
static GROUPS: Mutex<BTreeSet<u32>> = Mutex::new(BTreeSet::new());
/// Temporary folders in use.
static FOLDERS: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());

/// Exit status after an interruption (128 + SIGINT, as shells report it).
const INTERRUPTED: i32 = 130;

/// Installs the handler. Call once, from the binary.
pub fn install_interrupt_handler() -> Result<(), Error> {
    ctrlc::set_handler(|| {
        clean_up();
        std::process::exit(INTERRUPTED);
    })
    .map_err(|err| Error::Spawn { program: "interrupt handler".into(), source: std::io::Error::other(err) })
}

/// Kills every tracked process group and removes every tracked folder.
pub fn clean_up() {
    for group in lock(&GROUPS).iter() {
        kill_group(*group);
    }
    for folder in lock(&FOLDERS).iter() {
        // Best effort: the process is about to exit.
        let _ = std::fs::remove_dir_all(folder);
    }
}

/// Makes the grader the subreaper of its descendants: a process that detaches from its parent
/// (double fork, `setsid`) is re-parented to the grader instead of init, where [`finish`] finds it.
/// Call once, from the binary.
pub fn become_subreaper() {
    // SAFETY: prctl with PR_SET_CHILD_SUBREAPER takes a plain integer argument.
    unsafe {
        libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    }
}

/// Keeps the grader's own memory and environment away from processes of the same user
/// (`/proc/<pid>/environ` needs the process to be dumpable). Call once, from the binary.
pub fn protect_self() {
    // SAFETY: prctl with PR_SET_DUMPABLE takes a plain integer argument.
    unsafe {
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
}

/// Spawns `command` and tracks its process group, atomically with respect to [`finish`], so a
/// just-spawned child is never mistaken for an orphan.
pub fn spawn_tracked(command: &mut std::process::Command) -> std::io::Result<std::process::Child> {
    let mut groups = lock(&GROUPS);
    let child = command.spawn()?;
    groups.insert(child.id());
    Ok(child)
}

/// After a child was reaped: kills its process group, stops tracking it, and kills (and reaps)
/// every orphan the grader adopted that is not a tracked, running child.
pub fn finish(group: u32) {
    let mut groups = lock(&GROUPS);
    kill_group(group);
    groups.remove(&group);
    // SAFETY: getpid and getpgrp have no preconditions.
    let (me, my_group) = unsafe { (libc::getpid(), libc::getpgrp()) };
    // An adopted orphan left its group (every tracked child leads its own); a child spawned
    // without tracking (e.g. `rustc --version`) is still in the grader's group and is left alone.
    let orphans = children_of(me)
        .into_iter()
        .filter(|(pid, group)| !groups.contains(&pid.unsigned_abs()) && *group != my_group)
        .map(|(pid, _)| pid);
    for orphan in orphans {
        // SAFETY: kill and waitpid take plain integers; waitpid writes no status (null pointer).
        unsafe {
            libc::kill(-orphan, libc::SIGKILL);
            libc::kill(orphan, libc::SIGKILL);
            libc::waitpid(orphan, std::ptr::null_mut(), 0);
        }
    }
}

/// Processes whose parent is `parent`, with their process group, from /proc.
fn children_of(parent: libc::pid_t) -> Vec<(libc::pid_t, libc::pid_t)> {
    let Ok(entries) = std::fs::read_dir("/proc") else { return Vec::new() };
    entries
        .flatten()
        .filter_map(|entry| entry.file_name().to_str().and_then(|name| name.parse::<libc::pid_t>().ok()))
        .filter_map(|pid| {
            // /proc/<pid>/stat: "pid (comm) state ppid pgrp …"; comm may hold spaces or parentheses.
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            let (_, rest) = stat.rsplit_once(')')?;
            let mut fields = rest.split_whitespace().skip(1);
            let ppid = fields.next()?.parse::<libc::pid_t>().ok()?;
            let group = fields.next()?.parse::<libc::pid_t>().ok()?;
            (ppid == parent).then_some((pid, group))
        })
        .collect()
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

/// Tracks a temporary folder until [`forget_folder`].
pub fn track_folder(folder: &Path) {
    lock(&FOLDERS).insert(folder.to_path_buf());
}

/// Stops tracking a temporary folder (it is being removed normally).
pub fn forget_folder(folder: &Path) {
    lock(&FOLDERS).remove(folder);
}
