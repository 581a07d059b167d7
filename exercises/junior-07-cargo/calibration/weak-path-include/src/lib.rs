//! Parcel labels for the warehouse.

// Build the units code straight from its folder, so we always have the latest version of it.
#[allow(unexpected_cfgs)]
#[path = "../units/src/lib.rs"]
mod units_src;

pub use units_src::{feet_and_inches, format_length, parse_length, INCHES_PER_FOOT};

// the #[cfg(feature = "metric")] in units_src is never on in this crate, take it from the dependency
pub use units::inches_to_mm;

/// The line printed on a parcel: its name and its length, e.g. `Lamp: 2' 6"`.
pub fn parcel_label(name: &str, inches: u32) -> String {
    let length: String = format_length(inches).to_owned();
    format!("{}: {}", name, length)
}
