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
        match *self {
            DurationError::Empty => write!(f, "the duration is empty"),
            DurationError::BadChar(c) => write!(f, "{c:?} is not a digit or a unit (h, m, s)"),
            DurationError::MissingNumber => write!(f, "a unit has no number in front of it"),
            DurationError::MissingUnit => write!(f, "the last number has no unit"),
            DurationError::TooLarge => write!(f, "the duration does not fit in 64 bits of seconds"),
        }
    }
}

impl std::error::Error for DurationError {}

/// Where the reader stands between two characters of a duration.
#[derive(Clone, Copy)]
struct State {
    /// Seconds of the parts read so far.
    total: u64,
    /// The digits read since the last unit, if any.
    pending: Option<u64>,
}

impl State {
    const START: State = State { total: 0, pending: None };

    fn feed(self, c: char) -> Result<State, DurationError> {
        if let Some(digit) = c.to_digit(10) {
            // `to_digit(10)` only accepts the ASCII digits `0`-`9`.
            let pending = self
                .pending
                .unwrap_or(0)
                .checked_mul(10)
                .and_then(|n| n.checked_add(u64::from(digit)))
                .ok_or(DurationError::TooLarge)?;
            return Ok(State { pending: Some(pending), ..self });
        }
        let unit = seconds_per(c).ok_or(DurationError::BadChar(c))?;
        let count = self.pending.ok_or(DurationError::MissingNumber)?;
        let total = count
            .checked_mul(unit)
            .and_then(|part| self.total.checked_add(part))
            .ok_or(DurationError::TooLarge)?;
        Ok(State { total, pending: None })
    }

    fn finish(self) -> Result<u64, DurationError> {
        match self.pending {
            None => Ok(self.total),
            Some(_) => Err(DurationError::MissingUnit),
        }
    }
}

/// Reads a duration and returns it in seconds.
///
/// A duration is one or more parts, each made of ASCII digits followed by a unit: `h` (hours),
/// `m` (minutes) or `s` (seconds). Parts may come in any order and the same unit may appear more
/// than once; their values are added up. Nothing else is allowed, not even spaces.
pub fn parse_duration(input: &str) -> Result<u64, DurationError> {
    if input.is_empty() {
        return Err(DurationError::Empty);
    }
    input.chars().try_fold(State::START, State::feed)?.finish()
}

/// Adds up several durations, in order. The first problem met wins: an input that cannot be read
/// fails the sum with its error, and a running sum that no longer fits in a `u64` fails it with
/// `TooLarge`.
pub fn sum_durations(inputs: &[&str]) -> Result<u64, DurationError> {
    let mut sum: u64 = 0;
    for input in inputs {
        let seconds = parse_duration(input)?;
        sum = sum.checked_add(seconds).ok_or(DurationError::TooLarge)?;
    }
    Ok(sum)
}

fn seconds_per(unit: char) -> Option<u64> {
    match unit {
        'h' => Some(60 * 60),
        'm' => Some(60),
        's' => Some(1),
        _ => None,
    }
}
