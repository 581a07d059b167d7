//! Durations written like `1h30m` or `3m20s`, as found in a config file.

use std::fmt;

/// Why a duration could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DurationError {
    /// The input is the empty string.
    Empty,
    /// A character that is neither an ASCII digit nor one of the units `h`, `m`, `s`.
    BadChar(char),
    /// A unit with no digits in front of it, as in `m` or `5mm`.
    MissingNumber,
    /// Digits at the end of the input with no unit after them, as in `90` or `1m30`.
    MissingUnit,
    /// The number of seconds does not fit in a `u64` (or a number's digits alone already do not).
    TooLarge,
}

impl fmt::Display for DurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DurationError::Empty => f.write_str("empty duration"),
            DurationError::BadChar(c) => write!(f, "unexpected character {c:?} in duration"),
            DurationError::MissingNumber => f.write_str("a unit has no number in front of it"),
            DurationError::MissingUnit => f.write_str("a number has no unit (h, m or s) after it"),
            DurationError::TooLarge => f.write_str("duration is too large"),
        }
    }
}

impl std::error::Error for DurationError {}

/// Reads a duration and returns it in seconds.
///
/// A duration is one or more parts, each made of ASCII digits followed by a unit: `h` (hours),
/// `m` (minutes) or `s` (seconds). Parts may come in any order and the same unit may appear more
/// than once; their values are added up. Nothing else is allowed, not even spaces.
pub fn parse_duration(input: &str) -> Result<u64, DurationError> {
    if input.is_empty() {
        return Err(DurationError::Empty);
    }
    let mut total: u64 = 0;
    // The part being read: a value so far, or `None` before its first digit.
    let mut number: Option<u64> = None;
    for c in input.chars() {
        if let Some(digit) = c.to_digit(10) {
            let value = number
                .unwrap_or(0)
                .checked_mul(10)
                .and_then(|n| n.checked_add(u64::from(digit)))
                .ok_or(DurationError::TooLarge)?;
            number = Some(value);
            continue;
        }
        let unit = unit_seconds(c).ok_or(DurationError::BadChar(c))?;
        let value = number.take().ok_or(DurationError::MissingNumber)?;
        total =
            value.checked_mul(unit).and_then(|seconds| total.checked_add(seconds)).ok_or(DurationError::TooLarge)?;
    }
    match number {
        Some(_) => Err(DurationError::MissingUnit),
        None => Ok(total),
    }
}

/// Adds up several durations, in order. The first problem met wins: an input that cannot be read
/// fails the sum with its error, and a running sum that no longer fits in a `u64` fails it with
/// `TooLarge`.
pub fn sum_durations(inputs: &[&str]) -> Result<u64, DurationError> {
    let mut total: u64 = 0;
    for input in inputs {
        total = total.checked_add(parse_duration(input)?).ok_or(DurationError::TooLarge)?;
    }
    Ok(total)
}

fn unit_seconds(unit: char) -> Option<u64> {
    match unit {
        'h' => Some(3600),
        'm' => Some(60),
        's' => Some(1),
        _ => None,
    }
}
