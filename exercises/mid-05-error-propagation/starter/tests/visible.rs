use std::error::Error;
use std::num::{IntErrorKind, ParseIntError};

use mid_05_error_propagation::{parse_config, AppError, Config, Region};

#[test]
fn reads_a_config() {
    let text = "# the web front end\nname = web\nport = 8080\nregion = eu-west\n";
    let config = parse_config(text).expect("a valid config");
    assert_eq!(config, Config { name: "web".to_string(), port: 8080, workers: 1, region: Region::EuWest });
}

#[test]
fn reports_a_missing_key() {
    let err = parse_config("name = web\nport = 8080\n").unwrap_err();
    assert!(matches!(err, AppError::Missing("region")), "got {err:?}");
    assert_eq!(err.to_string(), "missing required key `region`");
    assert!(err.source().is_none());
}

#[test]
fn keeps_the_number_error() {
    let err = parse_config("name = web\nport = eighty\nregion = us-east\n").unwrap_err();
    assert!(matches!(err, AppError::Number { key: "port", .. }), "got {err:?}");
    assert_eq!(err.to_string(), "invalid number for `port`");
    let source = err.source().expect("the number error is the source");
    let parse_error = source.downcast_ref::<ParseIntError>().expect("the original ParseIntError");
    assert_eq!(parse_error.kind(), &IntErrorKind::InvalidDigit);
}

/// A caller that lets `?` turn any error into a `Box<dyn Error>`.
fn port_of(text: &str) -> Result<u16, Box<dyn Error>> {
    let config = parse_config(text)?;
    Ok(config.port)
}

#[test]
fn works_with_the_question_mark_operator() {
    assert_eq!(port_of("name = api\nport = 9000\nregion = ap-south\n").unwrap(), 9000);
    let err = port_of("name = api\nregion = ap-south\n").unwrap_err();
    assert!(matches!(err.downcast_ref::<AppError>(), Some(AppError::Missing("port"))));
}
