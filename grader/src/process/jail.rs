//! The jail of one grading: a private HOME, TMPDIR and CARGO_HOME inside the staging folder, and
//! commands whose environment is exactly an allowlist (nothing of the grader's own environment
//! reaches candidate code), under the grading's isolation. The main type is [`Jail`].

use std::ffi::OsString;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::capture::DiskWatch;
use super::isolation::{Isolation, Role, TEST_SCRATCH};
use super::toolchain::Toolchain;
use crate::error::Error;

/// A private place for a child's HOME, TMPDIR and CARGO_HOME inside the staging folder, and the
/// isolation every child runs under.
#[derive(Debug, Clone)]
pub struct Jail {
    pub home: PathBuf,
    pub tmp: PathBuf,
    pub cargo_home: PathBuf,
    /// HOME and TMPDIR of tests where they have no private `/tmp`: watched, and emptied between
    /// tests ([`Jail::disk_watch`]).
    pub scratch: PathBuf,
    /// The only folder children may write (the whole staging folder).
    pub writable: PathBuf,
    pub isolation: Isolation,
}

impl Jail {
    /// Creates `home/`, `tmp/` and `cargo-home/` under `root`, inside the staging folder
    /// `writable`. When tests run under ids of their own, the staging folder is opened to this
    /// grading's group alone (mode 0750, owned by the grader): tests of another grading, under
    /// other ids and another group, cannot enter it, and no test can write it.
    pub fn create(root: &Path, writable: &Path, mut isolation: Isolation) -> Result<Jail, Error> {
        let group = isolation.take_test_group();
        let jail = Jail {
            home: root.join("home"),
            tmp: root.join("tmp"),
            cargo_home: root.join("cargo-home"),
            scratch: root.join("scratch"),
            writable: writable.to_path_buf(),
            isolation,
        };
        for dir in [&jail.home, &jail.tmp, &jail.cargo_home, &jail.scratch] {
            std::fs::create_dir_all(dir).map_err(|source| Error::io("create folder", dir, source))?;
        }
        if let Some(group) = group {
            // Tests read the staging folder through the grading's group; they write their private
            // /tmp (see `Isolation::tests_have_private_tmp`) or, where none can be made, the
            // jail's scratch folder, open to that group alone.
            for (folder, mode) in [(writable, 0o750), (root, 0o750), (jail.scratch.as_path(), 0o1770)] {
                std::os::unix::fs::chown(folder, None, Some(group))
                    .map_err(|source| Error::io("give the grading's group", folder, source))?;
                set_mode(folder, mode)?;
            }
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
            .env("LANG", "C.UTF-8");
        if matches!(role, Role::Test { .. }) {
            // With a private /tmp, tests see the staging folder read-only and write only there;
            // else to a scratch folder of their own, watched.
            let scratch = if self.isolation.tests_have_private_tmp() { Path::new(TEST_SCRATCH) } else { &self.scratch };
            command.env("HOME", scratch).env("TMPDIR", scratch);
        }
        command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).process_group(0);
        command
    }
}

impl Jail {
    /// What bounds the disk a test writes where it has no size-bounded private `/tmp`: its
    /// scratch folder, up to the size such a `/tmp` would have.
    pub fn disk_watch(&self) -> Option<DiskWatch> {
        (!self.isolation.tests_have_private_tmp())
            .then(|| DiskWatch { folders: vec![self.scratch.clone()], cap: super::isolation::TEST_TMP_BYTES })
    }
}

/// Sets a folder's permission bits.
pub fn set_mode(path: &Path, mode: u32) -> Result<(), Error> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .map_err(|source| Error::io("set permissions of", path, source))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::process::capture::run_captured;
    use crate::process::isolation::Choice;
    use std::time::Duration;

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
        assert_eq!(captured.ending, crate::process::capture::Ending::TimedOut);
        assert_eq!(captured.stdout.len(), 1000);
        assert!(captured.truncated);
    }
}
