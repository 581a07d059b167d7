//! Parcel labels for the warehouse.

// Copied from `units/src/lib.rs` a while ago, to save setting up a dependency.

/// Inches in one foot.
pub const INCHES_PER_FOOT: u32 = 12;

/// Splits a length into whole feet and the inches left over: 40 inches are `(3, 4)`.
pub fn feet_and_inches(inches: u32) -> (u32, u32) {
    (inches / INCHES_PER_FOOT, inches % INCHES_PER_FOOT)
}

/// Writes a length the way our labels show it: `3' 4"`.
pub fn format_length(inches: u32) -> String {
    let (feet, inches) = feet_and_inches(inches);
    format!("{feet}' {inches}\"")
}

/// Reads a length written like `3' 4"` back into inches.
pub fn parse_length(text: &str) -> Option<u32> {
    let (feet, inches) = text.split_once("' ")?;
    let feet: u32 = feet.parse().ok()?;
    let inches: u32 = inches.strip_suffix('"')?.parse().ok()?;
    Some(feet * INCHES_PER_FOOT + inches)
}

// End of the copy.

/// The line printed on a parcel: its name and its length, e.g. `Lamp: 2' 6"`.
pub fn parcel_label(name: &str, inches: u32) -> String {
    format!("{name}: {}", format_length(inches))
}
