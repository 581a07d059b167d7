use std::error::Error;
use std::fmt;
use std::num::{IntErrorKind, ParseIntError};
use std::thread;

use mid_05_error_propagation::{parse_config, AppError, Config, Region, SyntaxError, SyntaxErrorKind, UnknownRegion};

/// The message of an error and of every source under it, outermost first.
fn chain(err: &(dyn Error + 'static)) -> Vec<String> {
    let mut messages = vec![err.to_string()];
    let mut next = err.source();
    while let Some(source) = next {
        messages.push(source.to_string());
        next = source.source();
    }
    messages
}

fn number_kind(err: &AppError) -> IntErrorKind {
    let source = err.source().expect("a number error has a source");
    *source.downcast_ref::<ParseIntError>().expect("the source is the ParseIntError").kind()
}

#[test]
fn a_bad_line_gives_its_number() {
    let text = "# api service\n\nname = api\nport 8080\nregion = us-east\n";
    let err = parse_config(text).unwrap_err();
    assert!(
        matches!(&err, AppError::Syntax(SyntaxError { line: 4, kind: SyntaxErrorKind::MissingEquals })),
        "got {err:?}"
    );
    let source = err.source().and_then(|source| source.downcast_ref::<SyntaxError>());
    assert_eq!(source, Some(&SyntaxError { line: 4, kind: SyntaxErrorKind::MissingEquals }));
}

#[test]
fn an_unknown_key_is_a_syntax_error() {
    let err = parse_config("name = api\ncolour = blue\nport = 1\nregion = us-east\n").unwrap_err();
    assert!(
        matches!(&err, AppError::Syntax(SyntaxError { line: 2, kind: SyntaxErrorKind::UnknownKey(key) }) if key == "colour"),
        "got {err:?}"
    );
}

#[test]
fn a_repeated_key_is_a_syntax_error() {
    let err = parse_config("name = api\nport = 1\nregion = us-east\n\nport = 2\n").unwrap_err();
    assert!(
        matches!(&err, AppError::Syntax(SyntaxError { line: 5, kind: SyntaxErrorKind::DuplicateKey(key) }) if key == "port"),
        "got {err:?}"
    );
}

#[test]
fn syntax_errors_come_before_anything_else() {
    // No name, a bad port, an unknown region, and a bad last line: the bad line wins.
    let err = parse_config("port = x\nregion = mars\nworkers: 4\n").unwrap_err();
    assert!(
        matches!(&err, AppError::Syntax(SyntaxError { line: 3, kind: SyntaxErrorKind::MissingEquals })),
        "got {err:?}"
    );
}

#[test]
fn number_errors_keep_the_original_error() {
    let err = parse_config("name = a\nport = 70000\nregion = eu-west\n").unwrap_err();
    assert!(matches!(err, AppError::Number { key: "port", .. }), "got {err:?}");
    assert_eq!(number_kind(&err), IntErrorKind::PosOverflow);

    let err = parse_config("name = a\nport = 80\nworkers = -2\nregion = eu-west\n").unwrap_err();
    assert!(matches!(err, AppError::Number { key: "workers", .. }), "got {err:?}");
    assert_eq!(number_kind(&err), IntErrorKind::InvalidDigit);
}

#[test]
fn an_empty_port_is_a_number_error() {
    let err = parse_config("name = a\nport =\nregion = eu-west\n").unwrap_err();
    assert!(matches!(err, AppError::Number { key: "port", .. }), "got {err:?}");
    assert_eq!(number_kind(&err), IntErrorKind::Empty);
}

fn assert_unknown_region(name: &str) {
    let err = parse_config(&format!("name = a\nport = 80\nregion = {name}\n")).unwrap_err();
    assert!(matches!(&err, AppError::Region(UnknownRegion { name: found }) if found == name), "got {err:?}");
    let source = err.source().and_then(|source| source.downcast_ref::<UnknownRegion>());
    assert_eq!(source, Some(&UnknownRegion { name: name.to_string() }));
}

#[test]
fn unknown_regions_keep_the_name() {
    assert_unknown_region("mars");
    assert_unknown_region("EU-WEST");
}

#[test]
fn an_empty_region_is_an_unknown_region() {
    assert_unknown_region("");
}

#[test]
fn keys_may_come_in_any_order() {
    let config = parse_config("region = ap-south\nport = 1\nname = batch jobs\nworkers = 8\n").unwrap();
    assert_eq!(config, Config { name: "batch jobs".to_string(), port: 1, workers: 8, region: Region::ApSouth });
}

fn first(text: &str) -> AppError {
    parse_config(text).unwrap_err()
}

#[test]
fn the_name_is_checked_first() {
    assert!(matches!(first("port = x\nregion = mars\n"), AppError::Missing("name")));
}

#[test]
fn the_port_is_checked_before_workers_and_region() {
    assert!(matches!(first("name = a\nworkers = x\nregion = mars\n"), AppError::Missing("port")));
    assert!(matches!(first("name = a\nport = x\nworkers = x\n"), AppError::Number { key: "port", .. }));
}

#[test]
fn workers_are_checked_before_the_region() {
    assert!(matches!(
        first("name = a\nport = 1\nworkers = x\nregion = mars\n"),
        AppError::Number { key: "workers", .. }
    ));
}

#[test]
fn the_region_is_checked_last() {
    assert!(matches!(first("name = a\nport = 1\nworkers = 2\n"), AppError::Missing("region")));
    assert!(matches!(first("name = a\nport = 1\nworkers = 2\nregion = mars\n"), AppError::Region(_)));
}

fn assert_chain(text: &str, expected: &[&str]) {
    let err = parse_config(text).unwrap_err();
    assert_eq!(chain(&err), expected, "for {text:?}");
}

#[test]
fn number_errors_describe_themselves_once() {
    assert_chain(
        "name = a\nport = 99999\nregion = eu-west\n",
        &["invalid number for `port`", "number too large to fit in target type"],
    );
    assert_chain(
        "name = a\nport = 80\nworkers = four\nregion = eu-west\n",
        &["invalid number for `workers`", "invalid digit found in string"],
    );
}

#[test]
fn region_errors_describe_themselves_once() {
    assert_chain("name = a\nport = 80\nregion = moon\n", &["invalid region", "unknown region `moon`"]);
}

#[test]
fn syntax_errors_describe_themselves_once() {
    assert_chain("name = a\nname = b\n", &["invalid config syntax", "line 2: `name` is set twice"]);
    assert_chain("port = 80\nregion = eu-west\nhost = x\n", &["invalid config syntax", "line 3: unknown key `host`"]);
    assert_chain("\n\nname\n", &["invalid config syntax", "line 3: expected `key = value`"]);
}

#[test]
fn a_missing_key_has_no_source() {
    assert_chain("name = a\nregion = eu-west\n", &["missing required key `port`"]);
}

/// A second caller with its own error type, one level above `AppError`.
#[derive(Debug)]
struct DeployError {
    service: String,
    source: AppError,
}

impl fmt::Display for DeployError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot deploy `{}`", self.service)
    }
}

impl Error for DeployError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(&self.source)
    }
}

fn deploy(service: &str, text: &str) -> Result<Config, DeployError> {
    parse_config(text).map_err(|source| DeployError { service: service.to_string(), source })
}

fn deploy_all(files: &[(&str, &str)]) -> Result<Vec<u16>, Box<dyn Error + Send + Sync>> {
    let mut ports = Vec::new();
    for (service, text) in files {
        let config = parse_config(text)?;
        if config.name != *service {
            return Err(format!("`{service}` is named `{}`", config.name).into());
        }
        ports.push(config.port);
    }
    Ok(ports)
}

#[test]
fn callers_can_wrap_the_error() {
    let err = deploy("web", "name = web\nport = 123456\nregion = us-east\n").unwrap_err();
    assert_eq!(
        chain(&err),
        ["cannot deploy `web`", "invalid number for `port`", "number too large to fit in target type"]
    );
}

#[test]
fn callers_can_box_the_error() {
    let ok =
        [("web", "name = web\nport = 80\nregion = us-east\n"), ("db", "name = db\nport = 5432\nregion = eu-west\n")];
    assert_eq!(deploy_all(&ok).unwrap(), [80, 5432]);
    let bad = [("web", "name = web\nport = 80\nregion = us-east\n"), ("db", "name = db\nregion = eu-west\n")];
    let err = deploy_all(&bad).unwrap_err();
    assert!(matches!(err.downcast_ref::<AppError>(), Some(AppError::Missing("port"))), "got {err:?}");
}

#[test]
fn the_error_can_be_sent_to_another_thread() {
    let from_worker = thread::spawn(|| parse_config("name = w\nport = 1\nregion = nowhere\n")).join().unwrap();
    let err = from_worker.unwrap_err();
    assert_eq!(chain(&err), ["invalid region", "unknown region `nowhere`"]);
}
