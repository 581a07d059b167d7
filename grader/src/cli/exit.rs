//! The exit codes, one meaning each, documented in the README. The main constant is [`OK`].

/// Graded, verified, written: everything asked was done.
pub const OK: u8 = 0;
/// Done, but below the bar: a score under `--min-score`, or `verify` found a broken exercise.
pub const BELOW_BAR: u8 = 1;
/// Not done: bad usage, unreadable input, no toolchain, a submission that could not be graded.
pub const TROUBLE: u8 = 2;
