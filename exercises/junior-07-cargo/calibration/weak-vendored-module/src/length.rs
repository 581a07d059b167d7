//! Length helpers, vendored from the `units` crate so that our labels do not break when the other
//! team changes things.

pub const INCHES_PER_FOOT: u32 = 12;

pub fn feet_and_inches(inches: u32) -> (u32, u32) {
    (inches / INCHES_PER_FOOT, inches % INCHES_PER_FOOT)
}

pub fn format_length(inches: u32) -> String {
    match feet_and_inches(inches) {
        (0, inches) => format!("{inches}\""),
        (feet, 0) => format!("{feet}'"),
        (feet, inches) => format!("{feet}' {inches}\""),
    }
}

pub fn parse_length(text: &str) -> Option<u32> {
    let text = text.trim();
    let (feet, rest) = match text.split_once('\'') {
        Some((feet, rest)) => (Some(number(feet)?), rest.trim_start()),
        None => (None, text),
    };
    let inches = match rest {
        "" => None,
        rest => Some(number(rest.strip_suffix('"')?)?),
    };
    match (feet, inches) {
        (None, inches) => inches,
        (Some(feet), None) => feet.checked_mul(INCHES_PER_FOOT),
        (Some(feet), Some(inches)) if inches < INCHES_PER_FOOT => {
            feet.checked_mul(INCHES_PER_FOOT)?.checked_add(inches)
        }
        (Some(_), Some(_)) => None,
    }
}

fn number(digits: &str) -> Option<u32> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

// metric feature: always on for us
pub fn inches_to_mm(inches: u32) -> u64 {
    (u64::from(inches) * 254 + 5) / 10
}
