use junior_05_option_result::{parse_duration, sum_durations, DurationError};

#[test]
fn reads_minutes_and_seconds() {
    assert_eq!(parse_duration("3m20s"), Ok(200));
    assert_eq!(parse_duration("1h"), Ok(3600));
}

#[test]
fn rejects_empty_input() {
    assert_eq!(parse_duration(""), Err(DurationError::Empty));
}

#[test]
fn sums_durations() {
    assert_eq!(sum_durations(&["1m", "30s"]), Ok(90));
}
