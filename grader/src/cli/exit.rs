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
