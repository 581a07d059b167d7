//! Durations written like `1h30m` or `3m20s`, as found in a config file.

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
    if input.is_empty() {
        return Err(DurationError::Empty);
    }
    let mut total: u64 = 0;
    let mut digits = String::new();
    for c in input.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            // too many digits for a u64?
            if digits.parse::<u64>().is_err() {
                return Err(DurationError::TooLarge);
            }
            continue;
        }
        if unit_seconds(c).is_none() {
            return Err(DurationError::BadChar(c));
        }
        if digits.is_empty() {
            return Err(DurationError::MissingNumber);
        }
        let number: u64 = digits.parse().unwrap();
        let unit = unit_seconds(c).unwrap();
        let part = number.checked_mul(unit);
        if part.is_none() {
            return Err(DurationError::TooLarge);
        }
        let new_total = total.checked_add(part.unwrap());
        if new_total.is_none() {
            return Err(DurationError::TooLarge);
        }
        total = new_total.unwrap();
        digits.clear();
    }
    if !digits.is_empty() {
        return Err(DurationError::MissingUnit);
    }
    Ok(total)
}

/// Adds up several durations, in order. The first problem met wins: an input that cannot be read
/// fails the sum with its error, and a running sum that no longer fits in a `u64` fails it with
/// `TooLarge`.
pub fn sum_durations(inputs: &[&str]) -> Result<u64, DurationError> {
    let mut sum: u64 = 0;
    for input in inputs {
        match parse_duration(input) {
            Ok(seconds) => match sum.checked_add(seconds) {
                Some(s) => sum = s,
                None => return Err(DurationError::TooLarge),
            },
            Err(e) => return Err(e),
        }
    }
    Ok(sum)
}

fn unit_seconds(unit: char) -> Option<u64> {
    match unit {
        'h' => Some(3600),
        'm' => Some(60),
        's' => Some(1),
        _ => None,
    }
}
