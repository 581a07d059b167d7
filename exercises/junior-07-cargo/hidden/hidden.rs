use junior_07_cargo::{feet_and_inches, format_length, inches_to_mm, parcel_label, parse_length};

#[test]
fn whole_feet_are_written_without_inches() {
    assert_eq!(format_length(12), "1'");
    assert_eq!(format_length(60), "5'");
    assert_eq!(parcel_label("Shelf", 72), "Shelf: 6'");
}

#[test]
fn short_lengths_are_written_without_feet() {
    assert_eq!(format_length(0), "0\"");
    assert_eq!(format_length(7), "7\"");
    assert_eq!(format_length(11), "11\"");
    assert_eq!(parcel_label("Pen", 6), "Pen: 6\"");
}

#[test]
fn reads_feet_alone_or_inches_alone() {
    assert_eq!(parse_length("5'"), Some(60));
    assert_eq!(parse_length("7\""), Some(7));
    assert_eq!(parse_length("0\""), Some(0));
    assert_eq!(parse_length("40\""), Some(40));
}

#[test]
fn reads_feet_and_inches_without_the_space() {
    assert_eq!(parse_length("3'4\""), Some(40));
}

#[test]
fn reads_a_length_with_spaces_around_it() {
    assert_eq!(parse_length("  3' 4\"  "), Some(40));
}

#[test]
fn rejects_empty_or_blank_text() {
    assert_eq!(parse_length(""), None);
    assert_eq!(parse_length(" "), None);
}

#[test]
fn rejects_a_number_without_its_mark() {
    assert_eq!(parse_length("3"), None);
    assert_eq!(parse_length("3' 4"), None);
    assert_eq!(parse_length("3 ft"), None);
}

#[test]
fn rejects_a_mark_without_its_number() {
    assert_eq!(parse_length("'"), None);
    assert_eq!(parse_length("\""), None);
    assert_eq!(parse_length("3''"), None);
}

#[test]
fn rejects_twelve_inches_after_feet() {
    assert_eq!(parse_length("3' 12\""), None);
}

#[test]
fn rejects_signs() {
    assert_eq!(parse_length("+3' 4\""), None);
    assert_eq!(parse_length("-1\""), None);
}

#[test]
fn rejects_stray_spaces_and_text_inside_a_length() {
    assert_eq!(parse_length("3 ' 4\""), None);
    assert_eq!(parse_length("3' 4\" 5"), None);
}

#[test]
fn reads_the_largest_lengths_that_fit_a_u32() {
    assert_eq!(parse_length("4294967295\""), Some(u32::MAX));
    assert_eq!(parse_length("357913941' 3\""), Some(u32::MAX));
}

#[test]
fn rejects_inches_too_large_for_u32() {
    assert_eq!(parse_length("4294967296\""), None);
}

#[test]
fn rejects_feet_too_large_for_u32() {
    assert_eq!(parse_length("357913941' 4\""), None);
    assert_eq!(parse_length("357913942'"), None);
    assert_eq!(parse_length("357913942' 0\""), None);
}

#[test]
fn every_length_up_to_a_mile_reads_back() {
    for inches in 0..=63_360 {
        let (feet, rest) = feet_and_inches(inches);
        assert_eq!(feet * 12 + rest, inches);
        assert!(rest < 12);
        assert_eq!(parse_length(&format_length(inches)), Some(inches), "{inches}");
    }
}

#[test]
fn millimetres_are_rounded_to_the_nearest() {
    assert_eq!(inches_to_mm(0), 0);
    assert_eq!(inches_to_mm(1), 25);
    assert_eq!(inches_to_mm(2), 51);
    assert_eq!(inches_to_mm(3), 76);
    assert_eq!(inches_to_mm(7), 178);
    assert_eq!(inches_to_mm(12), 305);
}

#[test]
fn millimetres_of_the_longest_length() {
    assert_eq!(inches_to_mm(u32::MAX), 109_092_169_293);
}
