//! The length helpers this crate offers are the `units` crate's own functions, re-exported: not
//! copies of them, and not wrappers around them. Two different functions never have the same
//! type, so `same_function` accepts a pair only when both names lead to one function.

fn same_function<F>(_: F, _: F) {}

fn main() {
    same_function(junior_07_cargo::feet_and_inches, units::feet_and_inches);
    same_function(junior_07_cargo::format_length, units::format_length);
    same_function(junior_07_cargo::parse_length, units::parse_length);
    same_function(junior_07_cargo::inches_to_mm, units::inches_to_mm);
}
