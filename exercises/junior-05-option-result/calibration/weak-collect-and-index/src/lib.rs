//! Durations written like `1h30m` or `3m20s`, as found in a config file.

use std::collections::HashMap;

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
#[allow(clippy::needless_range_loop)]
pub fn parse_duration(input: &str) -> Result<u64, DurationError> {
    if input.is_empty() {
        return Err(DurationError::Empty);
    }
    let units: HashMap<char, u64> = [('h', 3600), ('m', 60), ('s', 1)].into_iter().collect();
    let chars: Vec<char> = input.chars().collect();

    let mut total: u64 = 0;
    let mut number: u64 = 0;
    let mut has_number = false;
    for i in 0..chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let d = c.to_digit(10).expect("is an ascii digit") as u64;
            match number.checked_mul(10).and_then(|n| n.checked_add(d)) {
                Some(n) => number = n,
                None => return Err(DurationError::TooLarge),
            }
            has_number = true;
        } else if units.contains_key(&c) {
            if !has_number {
                return Err(DurationError::MissingNumber);
            }
            let seconds = units[&c];
            match number.checked_mul(seconds).and_then(|s| total.checked_add(s)) {
                Some(t) => total = t,
                None => return Err(DurationError::TooLarge),
            }
            number = 0;
            has_number = false;
        } else {
            return Err(DurationError::BadChar(c));
        }
    }
    if has_number {
        return Err(DurationError::MissingUnit);
    }
    Ok(total)
}

/// Adds up several durations, in order. The first problem met wins: an input that cannot be read
/// fails the sum with its error, and a running sum that no longer fits in a `u64` fails it with
/// `TooLarge`.
pub fn sum_durations(inputs: &[&str]) -> Result<u64, DurationError> {
    let results: Vec<Result<u64, DurationError>> =
        inputs.iter().map(|s| parse_duration(s)).collect();
    let mut sum: u64 = 0;
    for r in results {
        let seconds = r?;
        sum = match sum.checked_add(seconds) {
            Some(s) => s,
            None => return Err(DurationError::TooLarge),
        };
    }
    Ok(sum)
}
