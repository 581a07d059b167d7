use junior_07_cargo::{format_length, inches_to_mm, parcel_label, parse_length};

#[test]
fn writes_and_reads_feet_and_inches() {
    assert_eq!(format_length(40), "3' 4\"");
    assert_eq!(parse_length("3' 4\""), Some(40));
}

#[test]
fn converts_inches_to_millimetres() {
    assert_eq!(inches_to_mm(10), 254);
    assert_eq!(inches_to_mm(40), 1016);
}

#[test]
fn labels_a_parcel() {
    assert_eq!(parcel_label("Lamp", 30), "Lamp: 2' 6\"");
}
