//! Added by the grader at the root of every test crate it builds: the pass witness. The grader
//! starts each test process with a secret on an inherited pipe (fd 3, read once and closed) and a
//! channel back to it (fd 4), and names them in `GRADER_WITNESS`. Every `#[test]` function the
//! grader stages begins with [`arm`]; when the function has returned (or, for a
//! `#[should_panic]` test, panicked), the guard writes `<secret> pass <test name>` to the channel.
//! A test passes only with that line: printing libtest's verdict, or ending the process early
//! with status 0, no longer earns a pass, because neither the secret nor the moment the test
//! function returned is on the command line, in the environment or in a file. Measurements
//! ([`report`]) travel the same channel.
//!
//! When the grader runs a candidate's tests against a buggy version of the reference, only
//! whether one fails matters: with `GRADER_STOP_AT_FAILURE` set, the first test that fails writes
//! `<secret> fail <test name>` and ends the process, so the rest do not run for nothing.
//!
//! Under a plain `cargo test` (no `GRADER_WITNESS`), everything here does nothing.

// Each test crate uses the part it needs.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::sync::OnceLock;

/// Names the secret's and the channel's descriptors: `<secret fd>:<channel fd>`.
const WITNESS_VAR: &str = "GRADER_WITNESS";

/// The secret, read once from its pipe; `None` when the grader did not start this process.
static SECRET: OnceLock<Option<Secret>> = OnceLock::new();

struct Secret {
    text: String,
    channel: i32,
    stop_at_failure: bool,
}

fn secret() -> Option<&'static Secret> {
    SECRET
        .get_or_init(|| {
            let value = std::env::var(WITNESS_VAR).ok()?;
            let (secret_fd, channel) = value.split_once(':')?;
            let (secret_fd, channel): (i32, i32) = (secret_fd.parse().ok()?, channel.parse().ok()?);
            let mut text = String::new();
            // SAFETY: the grader opened `secret_fd` for this process and named it in
            // `GRADER_WITNESS`; nothing else uses it. The file takes ownership and closes it.
            let pipe = unsafe { <std::fs::File as std::os::fd::FromRawFd>::from_raw_fd(secret_fd) };
            (&pipe).take(256).read_to_string(&mut text).ok()?;
            let text = text.trim().to_owned();
            let stop_at_failure = std::env::var_os("GRADER_STOP_AT_FAILURE").is_some();
            (!text.is_empty()).then_some(Secret { text, channel, stop_at_failure })
        })
        .as_ref()
}

/// Whether the grader started this process (it runs one test, and listens on the channel).
pub fn armed() -> bool {
    secret().is_some()
}

/// Writes one line to the grader's channel (nothing without one).
fn send(line: &str) {
    let Some(secret) = secret() else { return };
    // SAFETY: the grader opened the channel's descriptor for this process; `ManuallyDrop` keeps
    // it open for the lines still to come.
    let channel =
        std::mem::ManuallyDrop::new(unsafe { <std::fs::File as std::os::fd::FromRawFd>::from_raw_fd(secret.channel) });
    let _ = (&*channel).write_all(format!("{} {line}\n", secret.text).as_bytes());
}

/// Reports a measurement to the grader: `<metric> <value>`.
pub fn report(metric: &str, value: u64) {
    send(&format!("measure {metric} {value}"));
}

/// The guard a staged `#[test]` function holds; see the module's documentation.
pub struct Armed {
    name: String,
    expects_panic: bool,
}

/// Arms the witness of the test `function` in `module` (its `module_path!()`, crate first).
pub fn arm(module: &str, function: &str, expects_panic: bool) -> Armed {
    // Read the secret now, before the test calls any candidate code.
    let _ = secret();
    let inside = module.split_once("::").map_or("", |(_, rest)| rest);
    let name = if inside.is_empty() { function.to_owned() } else { format!("{inside}::{function}") };
    Armed { name, expects_panic }
}

impl Drop for Armed {
    fn drop(&mut self) {
        if std::thread::panicking() == self.expects_panic {
            send(&format!("pass {}", self.name));
        } else if secret().is_some_and(|secret| secret.stop_at_failure) {
            send(&format!("fail {}", self.name));
            std::process::abort();
        }
    }
}
