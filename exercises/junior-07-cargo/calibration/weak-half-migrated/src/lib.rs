//! Parcel labels for the warehouse.

// inches_to_mm needs the metric feature, so take it from the units crate.
pub use units::inches_to_mm;

// Copied again from `units/src/lib.rs` (latest version, with their fixes).

/// Inches in one foot.
pub const INCHES_PER_FOOT: u32 = 12;

/// Splits a length into whole feet and the inches left over: 40 inches are `(3, 4)`.
pub fn feet_and_inches(inches: u32) -> (u32, u32) {
    (inches / INCHES_PER_FOOT, inches % INCHES_PER_FOOT)
}

/// Writes a length the way our labels show it: `3' 4"`, but `5'` for whole feet and `7"` (or
/// `0"`) for anything shorter than a foot.
pub fn format_length(inches: u32) -> String {
    match feet_and_inches(inches) {
        (0, inches) => format!("{inches}\""),
        (feet, 0) => format!("{feet}'"),
        (feet, inches) => format!("{feet}' {inches}\""),
    }
}

/// Reads a length back: `3' 4"` (the space is optional), `5'` or `7"`.
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

// End of the copy.

/// The line printed on a parcel: its name and its length, e.g. `Lamp: 2' 6"`.
pub fn parcel_label(name: &str, inches: u32) -> String {
    let mut label = String::from(name);
    label.push_str(": ");
    label.push_str(&format_length(inches).clone());
    label
}
