//! Runs `cargo build --keep-going --offline --message-format=json` in a staged workspace, inside
//! the jail, within one time budget shared by every run of a build, optionally under
//! `clippy-driver` with a given set of lints forced to warnings. Each JSON message goes to the
//! caller as it arrives. The main type is [`Cargo`]; [`CargoRunner`] is what the build's passes
//! need of it, so they can be tested on recorded messages.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::messages::CargoMessage;
use super::BuildLimits;
use crate::error::Error;
use crate::filetree::FileTree;
use crate::process::{run_streaming, Ending, Role, Toolchain};
use crate::stage::StagedWorkspace;
use crate::support::trace;

/// clippy's configuration for the lint run: lints on exported items are wanted (most exercise code
/// is `pub fn`).
const CLIPPY_TOML: &str = "avoid-breaking-exported-api = false\n";
/// The separator clippy-driver expects between the arguments in `CLIPPY_ARGS`.
const CLIPPY_ARGS_SEPARATOR: &str = "__CLIPPY_HACKERY__";
/// Folder of clippy's configuration inside the staging folder.
const CLIPPY_CONF_DIR: &str = "clippy-conf";

/// How one cargo run ended.
#[derive(Debug, Clone, Default)]
pub struct CargoRun {
    /// It ran out of the build's time budget and was killed.
    pub timed_out: bool,
    /// What cargo printed on stderr (capped).
    pub stderr: String,
}

/// What the build's passes need: one cargo run with extra arguments, messages as they come.
pub trait CargoRunner {
    /// `cargo build … <args>`, each message to `on_message`.
    fn run(&self, args: &[String], on_message: &mut dyn FnMut(CargoMessage)) -> Result<CargoRun, Error>;
}

/// Runs cargo builds in the staged workspace, within one shared time budget.
pub struct Cargo<'a> {
    staged: &'a StagedWorkspace,
    target_dir: PathBuf,
    toolchain: &'a Toolchain,
    limits: BuildLimits,
    /// `RUSTC_WORKSPACE_WRAPPER`, `CLIPPY_ARGS` and `CLIPPY_CONF_DIR` for clippy-driver, when linting.
    clippy: Option<(PathBuf, String, PathBuf)>,
    deadline: Instant,
}

impl<'a> Cargo<'a> {
    /// A runner building into `target_dir`; with `lints` (and clippy installed), under
    /// clippy-driver with exactly those lints forced to warnings.
    pub fn new(
        staged: &'a StagedWorkspace,
        target_dir: &Path,
        toolchain: &'a Toolchain,
        limits: BuildLimits,
        lints: Option<&[&str]>,
    ) -> Result<Self, Error> {
        let mut clippy = None;
        if let (Some(lints), Some(driver)) = (lints, &toolchain.clippy_driver) {
            let conf_dir = staged.root().join(CLIPPY_CONF_DIR);
            let mut conf = FileTree::new();
            conf.insert("clippy.toml", CLIPPY_TOML);
            conf.write_to(&conf_dir)?;
            let mut args = vec!["-A".to_owned(), "clippy::all".to_owned()];
            for lint in lints {
                args.extend(["--force-warn".to_owned(), (*lint).to_owned()]);
            }
            let mut clippy_args = args.join(CLIPPY_ARGS_SEPARATOR);
            clippy_args.push_str(CLIPPY_ARGS_SEPARATOR);
            clippy = Some((driver.clone(), clippy_args, conf_dir));
        }
        let deadline = Instant::now() + limits.timeout;
        Ok(Cargo { staged, target_dir: target_dir.to_path_buf(), toolchain, limits, clippy, deadline })
    }
}

impl CargoRunner for Cargo<'_> {
    fn run(&self, args: &[String], on_message: &mut dyn FnMut(CargoMessage)) -> Result<CargoRun, Error> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        let mut command =
            self.staged.jail.command(self.toolchain, Role::Build { timeout: left }, &self.toolchain.cargo);
        if let Some((driver, clippy_args, conf_dir)) = &self.clippy {
            command
                .env("RUSTC_WORKSPACE_WRAPPER", driver)
                .env("CLIPPY_ARGS", clippy_args)
                .env("CLIPPY_CONF_DIR", conf_dir);
        }
        command
            .current_dir(&self.staged.workspace)
            .env("CARGO_TARGET_DIR", &self.target_dir)
            .args(["build", "--keep-going", "--offline", "--message-format=json"])
            .args(args);
        let mut on_line = |line: &[u8]| {
            if let Some(message) = CargoMessage::parse(line) {
                on_message(message);
            }
        };
        let captured = run_streaming(command, left, self.limits.output_cap, &mut on_line)?;
        trace(|| format!("cargo build {} finished in {:.2} s", args.join(" "), captured.elapsed.as_secs_f64()));
        Ok(CargoRun {
            timed_out: captured.ending == Ending::TimedOut,
            stderr: String::from_utf8_lossy(&captured.stderr).into_owned(),
        })
    }
}
