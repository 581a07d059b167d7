//! The pass witness, the grader's side: each test process gets a fresh secret on an inherited
//! pipe and a channel back ([`crate::process::run_with_channel`]); the staged test function, once
//! it has returned, writes `<secret> pass <name>` there (`grader/measure/grader_witness.rs`), and
//! measurements travel the same way. A test passes only with that line, so printing libtest's
//! verdict or ending the process early earns nothing. The main type is [`Witnessed`].

use std::collections::BTreeMap;
use std::process::Command;
use std::time::Duration;

use crate::error::Error;
use crate::process::{run_with_channel, Captured, DiskWatch, CHANNEL_FD, SECRET_FD};

/// Names the secret's and the channel's descriptors for the test (`<secret fd>:<channel fd>`).
pub const WITNESS_VAR: &str = "GRADER_WITNESS";

/// What a test process's channel said, read with its secret.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Witnessed {
    /// The test function returned (or panicked, when it should) and said so with the secret.
    pub passed: bool,
    /// Measurements the test reported (metric → largest value).
    pub measurements: BTreeMap<String, u64>,
}

/// Runs the single test `name` (its command made by the caller, not yet spawned) with a fresh
/// secret and a channel, to its end or `timeout`, keeping at most `output_cap` of each stream.
pub fn run_witnessed(
    command: Command,
    name: &str,
    timeout: Duration,
    output_cap: usize,
    watch: Option<&DiskWatch>,
) -> Result<(Captured, Witnessed), Error> {
    let (captured, secret) = run_with_secret(command, timeout, output_cap, watch)?;
    let witnessed = read(&captured.channel, &secret, name);
    Ok((captured, witnessed))
}

/// Runs `command` with a fresh secret on its pipe and a channel back; returns what it left and
/// the secret its lines must start with.
fn run_with_secret(
    mut command: Command,
    timeout: Duration,
    output_cap: usize,
    watch: Option<&DiskWatch>,
) -> Result<(Captured, String), Error> {
    let secret = fresh_secret()?;
    command.env(WITNESS_VAR, format!("{SECRET_FD}:{CHANNEL_FD}"));
    let captured = run_with_channel(command, timeout, output_cap, secret.as_bytes(), watch)?;
    Ok((captured, secret))
}

/// The words after the secret of each channel line that starts with it; other lines are not the
/// tests' (a line without the secret is anyone's).
fn said<'a>(channel: &'a str, secret: &'a str) -> impl Iterator<Item = Vec<&'a str>> {
    channel.lines().filter_map(move |line| {
        let mut words = line.split(' ');
        (words.next() == Some(secret)).then(|| words.collect())
    })
}

/// What the tests of one process said on the channel: the names that witnessed their pass, and
/// (when stopping at the first failure) the one that failed.
#[derive(Debug, Clone, Default)]
pub struct Verdicts {
    pub passed: std::collections::BTreeSet<String>,
    pub failed: Vec<String>,
}

/// Runs several tests in one process (its command made by the caller) with a fresh secret and a
/// channel; returns what it printed and what the tests said.
pub fn run_witnessed_many(
    command: Command,
    timeout: Duration,
    output_cap: usize,
    watch: Option<&DiskWatch>,
) -> Result<(Captured, Verdicts), Error> {
    let (captured, secret) = run_with_secret(command, timeout, output_cap, watch)?;
    let mut verdicts = Verdicts::default();
    for words in said(&String::from_utf8_lossy(&captured.channel), &secret) {
        match words.as_slice() {
            ["pass", name] => {
                verdicts.passed.insert((*name).to_owned());
            }
            ["fail", name] => verdicts.failed.push((*name).to_owned()),
            _ => {}
        }
    }
    Ok((captured, verdicts))
}

/// Makes the first failing test of a process end it, saying which on the channel.
pub const STOP_AT_FAILURE_VAR: &str = "GRADER_STOP_AT_FAILURE";

/// 128 random bits from the kernel, in hex.
fn fresh_secret() -> Result<String, Error> {
    let bytes = crate::support::random_bytes::<16>()
        .map_err(|err| Error::Sandbox(format!("cannot draw a secret for a test: {err}")))?;
    Ok(crate::support::hex(&bytes))
}

/// Reads a channel: only lines that start with `secret` count.
pub fn read(channel: &[u8], secret: &str, name: &str) -> Witnessed {
    let mut witnessed = Witnessed::default();
    for words in said(&String::from_utf8_lossy(channel), secret) {
        match words.as_slice() {
            ["pass", passed] if *passed == name => witnessed.passed = true,
            ["measure", metric, value] => {
                if let Ok(value) = value.parse::<u64>() {
                    let entry = witnessed.measurements.entry((*metric).to_owned()).or_insert(value);
                    *entry = (*entry).max(value);
                }
            }
            _ => {}
        }
    }
    witnessed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_lines_with_the_secret_count_and_measurements_keep_their_largest_value() {
        let channel = b"s3cret measure allocations 3\nforged pass hidden::t\ns3cret measure allocations 7\n\
                        s3cret measure bytes x\ns3cret pass hidden::other\n";
        let witnessed = read(channel, "s3cret", "hidden::t");
        assert!(!witnessed.passed, "a pass without the secret, or for another test, is no pass");
        assert_eq!(witnessed.measurements.into_iter().collect::<Vec<_>>(), [("allocations".to_owned(), 7)]);
        assert!(read(b"s3cret pass hidden::t\n", "s3cret", "hidden::t").passed);
    }

    #[test]
    fn a_child_reads_the_secret_once_and_answers_on_the_channel() {
        // A stand-in for a test: reads the secret from its descriptor and echoes it back.
        let mut command = Command::new("/bin/sh");
        command
            .args(["-c", &format!("read s <&{SECRET_FD}; echo \"$s pass t\" >&{CHANNEL_FD}; cat <&{SECRET_FD} >&2")]);
        command.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped());
        let (captured, witnessed) = run_witnessed(command, "t", Duration::from_secs(10), 1024, None).expect("runs");
        assert!(witnessed.passed, "{captured:?}");
        assert!(captured.stderr.is_empty(), "the secret is read once: {captured:?}");
        let (_, again) = {
            let mut command = Command::new("/bin/sh");
            command.args(["-c", &format!("echo \"guess pass t\" >&{CHANNEL_FD}")]);
            command.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped());
            run_witnessed(command, "t", Duration::from_secs(10), 1024, None).expect("runs")
        };
        assert!(!again.passed, "a guessed secret is no pass");
    }
}
