//! Parcel labels for the warehouse.

/// Inches in one foot.
pub const INCHES_PER_FOOT: u32 = 12;

/// Splits a length into whole feet and the inches left over: 40 inches are `(3, 4)`.
pub fn feet_and_inches(inches: u32) -> (u32, u32) {
    (inches / INCHES_PER_FOOT, inches % INCHES_PER_FOOT)
}

/// Writes a length the way our labels show it (see `units::format_length`).
pub fn format_length(inches: u32) -> String {
    units::format_length(inches)
}

/// Reads a length back (see `units::parse_length`).
pub fn parse_length(text: &str) -> Option<u32> {
    let text = text.to_string();
    units::parse_length(&text)
}

/// The length in millimetres (see `units::inches_to_mm`).
pub fn inches_to_mm(inches: u32) -> u64 {
    units::inches_to_mm(inches)
}

/// The line printed on a parcel: its name and its length, e.g. `Lamp: 2' 6"`.
pub fn parcel_label(name: &str, inches: u32) -> String {
    let name = name.to_string();
    name + ": " + &format_length(inches)
}
