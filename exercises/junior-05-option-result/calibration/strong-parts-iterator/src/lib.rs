//! Durations written like `1h30m` or `3m20s`, as found in a config file.

use std::error::Error;
use std::fmt;
use std::str::Chars;

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
            Self::Empty => f.write_str("empty duration"),
            Self::BadChar(c) => write!(f, "unexpected character {c:?} in duration"),
            Self::MissingNumber => f.write_str("unit without a number in front of it"),
            Self::MissingUnit => f.write_str("number without a unit (h, m or s) after it"),
            Self::TooLarge => f.write_str("duration too large"),
        }
    }
}

impl Error for DurationError {}

/// Reads a duration and returns it in seconds.
///
/// A duration is one or more parts, each made of ASCII digits followed by a unit: `h` (hours),
/// `m` (minutes) or `s` (seconds). Parts may come in any order and the same unit may appear more
/// than once; their values are added up. Nothing else is allowed, not even spaces.
pub fn parse_duration(input: &str) -> Result<u64, DurationError> {
    if input.is_empty() {
        return Err(DurationError::Empty);
    }
    Parts::new(input).try_fold(0, |total, part| add_seconds(total, part?))
}

/// Adds up several durations, in order. The first problem met wins: an input that cannot be read
/// fails the sum with its error, and a running sum that no longer fits in a `u64` fails it with
/// `TooLarge`.
pub fn sum_durations(inputs: &[&str]) -> Result<u64, DurationError> {
    inputs
        .iter()
        .try_fold(0, |total, input| add_seconds(total, parse_duration(input)?))
}

fn add_seconds(total: u64, seconds: u64) -> Result<u64, DurationError> {
    total.checked_add(seconds).ok_or(DurationError::TooLarge)
}

/// The parts of a duration, left to right, each as a number of seconds.
///
/// After the first error the iterator is exhausted, so problems are reported in reading order.
struct Parts<'a> {
    chars: Chars<'a>,
}

impl<'a> Parts<'a> {
    fn new(input: &'a str) -> Self {
        Parts { chars: input.chars() }
    }

    /// Reads one part. `Ok(None)` means the input ended cleanly between two parts.
    fn read_part(&mut self) -> Result<Option<u64>, DurationError> {
        let mut number: Option<u64> = None;
        for c in self.chars.by_ref() {
            if let Some(digit) = ascii_digit(c) {
                let value = number
                    .unwrap_or(0)
                    .checked_mul(10)
                    .and_then(|n| n.checked_add(digit))
                    .ok_or(DurationError::TooLarge)?;
                number = Some(value);
            } else {
                let unit = unit_seconds(c).ok_or(DurationError::BadChar(c))?;
                let count = number.ok_or(DurationError::MissingNumber)?;
                return count.checked_mul(unit).map(Some).ok_or(DurationError::TooLarge);
            }
        }
        match number {
            Some(_) => Err(DurationError::MissingUnit),
            None => Ok(None),
        }
    }
}

impl Iterator for Parts<'_> {
    type Item = Result<u64, DurationError>;

    fn next(&mut self) -> Option<Self::Item> {
        let part = self.read_part();
        if part.is_err() {
            // Nothing after the first problem is worth reading.
            self.chars = "".chars();
        }
        part.transpose()
    }
}

/// The value of an ASCII digit; other characters (including non-ASCII digits) are `None`.
fn ascii_digit(c: char) -> Option<u64> {
    c.is_ascii_digit().then(|| u64::from(c) - u64::from('0'))
}

/// Seconds in one of the units `h`, `m` or `s`.
fn unit_seconds(unit: char) -> Option<u64> {
    match unit {
        'h' => Some(3600),
        'm' => Some(60),
        's' => Some(1),
        _ => None,
    }
}
