//! The exit codes, one meaning each, documented in the README (as nextest documents its own).
//! `batch`, `merge` and `rescore` give the same codes for the same output folder. The main
//! constant is [`OK`].

/// Graded, verified, written: everything asked was done.
pub const OK: u8 = 0;
/// Done, but below the bar: a score under `--min-score`, or `verify` found a broken exercise.
pub const BELOW_BAR: u8 = 1;
/// Not done: bad usage, unreadable input, no toolchain, a refused output folder, a failure of the
/// grader's own.
pub const TROUBLE: u8 = 2;
/// A batch graded some hand-ins, but others could not be graded (listed in `failures/`).
pub const SOME_NOT_GRADED: u8 = 3;
/// A batch graded nothing: no hand-in was found, or none could be graded.
pub const NOTHING_GRADED: u8 = 4;

/// Every code with its meaning, as `grader --help` and the man page state them.
pub const MEANINGS: [(u8, &str); 5] = [
    (OK, "graded (or verified): everything asked was done"),
    (BELOW_BAR, "done, but below the bar: a score under --min-score, or verify found a broken exercise"),
    (
        TROUBLE,
        "not done: a usage error, or an input, output folder, rubric or toolchain the grader cannot use \
         (the message says which, and what to do)",
    ),
    (SOME_NOT_GRADED, "a batch graded some hand-ins, but others could not be graded (failures/ says why)"),
    (NOTHING_GRADED, "a batch graded nothing: no hand-in was found, or none could be graded"),
];

/// The codes for the end of `grader --help`.
pub fn help() -> String {
    let mut text = "Exit codes:".to_owned();
    for (code, meaning) in MEANINGS {
        text.push_str(&format!("\n  {code}  {meaning}"));
    }
    text
}
