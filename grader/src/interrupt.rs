//! Cleans up when the grader is interrupted (Ctrl-C, SIGTERM): every process group it started is
//! killed and every temporary folder it made is removed before it exits, so nothing a candidate
//! started outlives the grade and nothing is left behind in the temp folder.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use crate::error::Error;

/// Process groups of running children.
static GROUPS: Mutex<BTreeSet<u32>> = Mutex::new(BTreeSet::new());
/// Temporary folders in use.
static FOLDERS: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());

/// Exit status after an interruption (128 + SIGINT, as shells report it).
const INTERRUPTED: i32 = 130;

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock leaves plain data behind: still safe to use.
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Installs the handler. Call once, from the binary.
pub fn install() -> Result<(), Error> {
    ctrlc::set_handler(|| {
        clean_up();
        std::process::exit(INTERRUPTED);
    })
    .map_err(|err| Error::Spawn { program: "interrupt handler".into(), source: std::io::Error::other(err) })
}

/// Kills every tracked process group and removes every tracked folder.
pub fn clean_up() {
    for group in lock(&GROUPS).iter() {
        crate::sandbox::kill_group(*group);
    }
    for folder in lock(&FOLDERS).iter() {
        // Best effort: the process is about to exit.
        let _ = std::fs::remove_dir_all(folder);
    }
}

/// Tracks a running child's process group until [`forget_group`].
pub fn track_group(group: u32) {
    lock(&GROUPS).insert(group);
}

/// Stops tracking a process group (the child was reaped and its group killed).
pub fn forget_group(group: u32) {
    lock(&GROUPS).remove(&group);
}

/// Tracks a temporary folder until [`forget_folder`].
pub fn track_folder(folder: &Path) {
    lock(&FOLDERS).insert(folder.to_path_buf());
}

/// Stops tracking a temporary folder (it is being removed normally).
pub fn forget_folder(folder: &Path) {
    lock(&FOLDERS).remove(folder);
}
