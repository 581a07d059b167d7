//! Durations written like `1h30m` or `3m20s`, as found in a config file.

use std::num::IntErrorKind;

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

/// Reads a duration and returns it in seconds.
///
/// A duration is one or more parts, each made of ASCII digits followed by a unit: `h` (hours),
/// `m` (minutes) or `s` (seconds). Parts may come in any order and the same unit may appear more
/// than once; their values are added up. Nothing else is allowed, not even spaces.
pub fn parse_duration(input: &str) -> Result<u64, DurationError> {
    let text = input.to_owned();
    if text.len() == 0 {
        return Err(DurationError::Empty);
    }

    let mut total: u64 = 0;
    let mut rest: &str = &text;
    while !rest.is_empty() {
        // split off the leading run of digits
        let end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        let (digits, after) = rest.split_at(end);
        let number = if digits.is_empty() {
            None
        } else {
            match digits.parse::<u64>() {
                Ok(n) => Some(n),
                Err(e) if *e.kind() == IntErrorKind::PosOverflow => {
                    return Err(DurationError::TooLarge)
                }
                Err(e) => panic!("digits did not parse: {e}"),
            }
        };

        let mut chars = after.chars();
        let unit = match chars.next() {
            Some(c) => c,
            None => return Err(DurationError::MissingUnit),
        };
        let seconds: u64 = match unit {
            'h' => 3600,
            'm' => 60,
            's' => 1,
            other => return Err(DurationError::BadChar(other)),
        };
        let number = match number {
            Some(n) => n,
            None => return Err(DurationError::MissingNumber),
        };

        total = match number.checked_mul(seconds) {
            Some(part) => match total.checked_add(part) {
                Some(t) => t,
                None => return Err(DurationError::TooLarge),
            },
            None => return Err(DurationError::TooLarge),
        };
        rest = chars.as_str();
    }
    Ok(total)
}

/// Adds up several durations, in order. The first problem met wins: an input that cannot be read
/// fails the sum with its error, and a running sum that no longer fits in a `u64` fails it with
/// `TooLarge`.
pub fn sum_durations(inputs: &[&str]) -> Result<u64, DurationError> {
    let inputs: Vec<String> = inputs.iter().map(|s| s.to_string()).collect();
    let mut sum: u64 = 0;
    for input in &inputs {
        match parse_duration(input) {
            Ok(seconds) => {
                sum = match sum.checked_add(seconds) {
                    Some(s) => s,
                    None => return Err(DurationError::TooLarge),
                }
            }
            Err(err) => return Err(err),
        }
    }
    Ok(sum)
}
