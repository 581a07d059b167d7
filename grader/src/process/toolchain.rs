//! The Rust toolchain the grader drives: found once, from `rustc --print sysroot`, and run by
//! path so no `rust-toolchain` file or rustup setting can pick the compiler. The main type is
//! [`Toolchain`].

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::Error;

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
