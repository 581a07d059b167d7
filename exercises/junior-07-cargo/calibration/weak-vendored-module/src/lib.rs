//! Parcel labels for the warehouse.

#[allow(dead_code)]
mod length;

pub use length::*;

/// The line printed on a parcel: its name and its length, e.g. `Lamp: 2' 6"`.
pub fn parcel_label(name: &str, inches: u32) -> String {
    format!("{}: {}", name.to_string(), format_length(inches))
}
