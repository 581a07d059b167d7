use junior_05_option_result::{parse_duration, sum_durations, DurationError};

/// A second caller: turns a setting into whole minutes, treating any bad value as "not set".
fn minutes_setting(value: &str) -> Option<u64> {
    parse_duration(value).ok().map(|seconds| seconds / 60)
}

#[test]
fn reads_every_unit_in_any_order() {
    assert_eq!(parse_duration("1h1m1s"), Ok(3661));
    assert_eq!(parse_duration("1s1h"), Ok(3601));
    assert_eq!(parse_duration("90m"), Ok(5400));
}

#[test]
fn a_unit_may_repeat() {
    assert_eq!(parse_duration("1m1m"), Ok(120));
}

#[test]
fn numbers_may_be_zero_or_start_with_zeros() {
    assert_eq!(parse_duration("007m"), Ok(420));
    assert_eq!(parse_duration("0s"), Ok(0));
}

#[test]
fn rejects_unknown_units() {
    assert_eq!(parse_duration("5d"), Err(DurationError::BadChar('d')));
    assert_eq!(parse_duration("5S"), Err(DurationError::BadChar('S')));
}

#[test]
fn rejects_spaces_and_signs() {
    assert_eq!(parse_duration("5 s"), Err(DurationError::BadChar(' ')));
    assert_eq!(parse_duration("-5s"), Err(DurationError::BadChar('-')));
}

#[test]
fn rejects_a_word() {
    assert_eq!(parse_duration("later"), Err(DurationError::BadChar('l')));
}

#[test]
fn rejects_characters_beyond_ascii() {
    assert_eq!(parse_duration("5µs"), Err(DurationError::BadChar('µ')));
    // An Arabic-Indic digit three is a digit, but not an ASCII one.
    assert_eq!(parse_duration("\u{663}s"), Err(DurationError::BadChar('\u{663}')));
}

#[test]
fn rejects_a_unit_with_nothing_before_it() {
    assert_eq!(parse_duration("m"), Err(DurationError::MissingNumber));
    assert_eq!(parse_duration("h30m"), Err(DurationError::MissingNumber));
}

#[test]
fn rejects_a_unit_right_after_another() {
    assert_eq!(parse_duration("5mm"), Err(DurationError::MissingNumber));
}

#[test]
fn rejects_numbers_without_units() {
    assert_eq!(parse_duration("90"), Err(DurationError::MissingUnit));
    assert_eq!(parse_duration("1m30"), Err(DurationError::MissingUnit));
}

#[test]
fn reads_the_largest_u64_but_not_one_more() {
    assert_eq!(parse_duration("18446744073709551615s"), Ok(u64::MAX));
    assert_eq!(parse_duration("18446744073709551616s"), Err(DurationError::TooLarge));
}

#[test]
fn rejects_hours_too_large_for_u64() {
    assert_eq!(parse_duration("5124095576030432h"), Err(DurationError::TooLarge));
}

#[test]
fn rejects_parts_that_add_up_past_u64() {
    assert_eq!(parse_duration("18446744073709551615s1s"), Err(DurationError::TooLarge));
}

#[test]
fn digits_too_large_for_u64_are_reported_before_what_follows() {
    assert_eq!(parse_duration("99999999999999999999"), Err(DurationError::TooLarge));
    assert_eq!(parse_duration("99999999999999999999d"), Err(DurationError::TooLarge));
}

#[test]
fn sums_several_durations() {
    assert_eq!(sum_durations(&[]), Ok(0));
    assert_eq!(sum_durations(&["1m", "30s", "1h"]), Ok(3690));
}

#[test]
fn sum_reports_the_first_bad_input() {
    assert_eq!(sum_durations(&["1m", "later", "5"]), Err(DurationError::BadChar('l')));
    assert_eq!(sum_durations(&["1m", "5", "later"]), Err(DurationError::MissingUnit));
}

#[test]
fn sum_too_large_for_u64() {
    assert_eq!(sum_durations(&["18446744073709551615s", "1s"]), Err(DurationError::TooLarge));
}

#[test]
fn sum_reports_whichever_problem_comes_first() {
    assert_eq!(sum_durations(&["18446744073709551615s", "1s", "later"]), Err(DurationError::TooLarge));
    assert_eq!(sum_durations(&["later", "18446744073709551615s", "1s"]), Err(DurationError::BadChar('l')));
}

#[test]
fn bad_settings_do_not_crash_the_caller() {
    let settings = ["2h", "", "1x", "2m59s"];
    let minutes: Vec<Option<u64>> = settings.iter().map(|s| minutes_setting(s)).collect();
    assert_eq!(minutes, [Some(120), None, None, Some(2)]);
}
