//! Parcel labels for the warehouse.
//!
//! Lengths are the `units` crate's business; its helpers are re-exported here so that the
//! warehouse tools can keep importing everything from this crate.

pub use units::{feet_and_inches, format_length, inches_to_mm, parse_length, INCHES_PER_FOOT};

/// The line printed on a parcel: its name and its length, e.g. `Lamp: 2' 6"`.
pub fn parcel_label(name: &str, inches: u32) -> String {
    format!("{name}: {}", format_length(inches))
}
