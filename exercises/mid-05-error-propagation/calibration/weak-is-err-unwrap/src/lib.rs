//! Reads the configuration of one service: `key = value` lines with a name, a port, a number of
//! workers and a region.

use std::collections::HashMap;
use std::fmt;

/// Where a service runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    EuWest,
    UsEast,
    ApSouth,
}

impl Region {
    /// The region called `name`: `eu-west`, `us-east` or `ap-south`, spelled exactly so.
    pub fn lookup(name: &str) -> Result<Region, UnknownRegion> {
        match name {
            "eu-west" => Ok(Region::EuWest),
            "us-east" => Ok(Region::UsEast),
            "ap-south" => Ok(Region::ApSouth),
            _ => Err(UnknownRegion { name: name.to_string() }),
        }
    }
}

/// A region name that [`Region::lookup`] does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownRegion {
    pub name: String,
}

impl fmt::Display for UnknownRegion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown region `{}`", self.name)
    }
}

impl std::error::Error for UnknownRegion {}

/// What is wrong with a line of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyntaxErrorKind {
    /// The line is not blank, not a comment, and has no `=`.
    MissingEquals,
    /// The key is not one of `name`, `port`, `workers`, `region`.
    UnknownKey(String),
    /// The key was already set on an earlier line.
    DuplicateKey(String),
}

/// A line of the text that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// The line number, counting from 1 (blank and comment lines count too).
    pub line: usize,
    pub kind: SyntaxErrorKind,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            SyntaxErrorKind::MissingEquals => write!(f, "line {}: expected `key = value`", self.line),
            SyntaxErrorKind::UnknownKey(key) => write!(f, "line {}: unknown key `{key}`", self.line),
            SyntaxErrorKind::DuplicateKey(key) => write!(f, "line {}: `{key}` is set twice", self.line),
        }
    }
}

impl std::error::Error for SyntaxError {}

/// Why a configuration could not be read.
#[derive(Debug)]
pub enum AppError {
    Syntax(SyntaxError),
    Missing(&'static str),
    Number { key: &'static str, source: std::num::ParseIntError },
    Region(UnknownRegion),
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let AppError::Missing(key) = self {
            write!(f, "missing required key `{}`", key)
        } else if let AppError::Number { key, .. } = self {
            write!(f, "invalid number for `{}`", key)
        } else if matches!(self, AppError::Region(_)) {
            write!(f, "invalid region")
        } else {
            write!(f, "invalid config syntax")
        }
    }
}

impl std::error::Error for AppError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            AppError::Syntax(e) => Some(e),
            AppError::Missing(_) => None,
            AppError::Number { source, .. } => Some(source),
            AppError::Region(e) => Some(e),
        }
    }
}

/// A service's configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub name: String,
    pub port: u16,
    pub workers: u32,
    pub region: Region,
}

const KEYS: [&str; 4] = ["name", "port", "workers", "region"];

/// Reads a configuration. See README.md for the rules.
#[allow(clippy::question_mark)]
pub fn parse_config(text: &str) -> Result<Config, AppError> {
    let fields = parse_fields(text);
    if fields.is_err() {
        return Err(AppError::Syntax(fields.unwrap_err()));
    }
    let fields = fields.unwrap();

    if !fields.contains_key("name") {
        return Err(AppError::Missing("name"));
    }
    let name = fields["name"].to_string();

    if !fields.contains_key("port") {
        return Err(AppError::Missing("port"));
    }
    let port = fields["port"].parse::<u16>();
    if port.is_err() {
        return Err(AppError::Number { key: "port", source: port.unwrap_err() });
    }
    let port = port.unwrap();

    let mut workers = 1;
    if fields.contains_key("workers") {
        let parsed = fields["workers"].parse::<u32>();
        if let Err(e) = parsed {
            return Err(AppError::Number { key: "workers", source: e });
        }
        workers = parsed.unwrap();
    }

    if !fields.contains_key("region") {
        return Err(AppError::Missing("region"));
    }
    let region = Region::lookup(fields["region"]);
    if region.is_err() {
        return Err(AppError::Region(region.unwrap_err()));
    }

    Ok(Config { name, port, workers, region: region.unwrap() })
}

/// Every `key = value` line of the text, by key.
fn parse_fields(text: &str) -> Result<HashMap<&str, &str>, SyntaxError> {
    let mut fields = HashMap::new();
    let lines: Vec<&str> = text.lines().map(|l| l.trim()).collect();
    for i in 0..lines.len() {
        let line = lines[i];
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if !line.contains('=') {
            return Err(SyntaxError { line: i + 1, kind: SyntaxErrorKind::MissingEquals });
        }
        let (key, value) = line.split_once('=').unwrap();
        let key = key.trim();
        if !KEYS.contains(&key) {
            return Err(SyntaxError { line: i + 1, kind: SyntaxErrorKind::UnknownKey(key.to_string()) });
        }
        if fields.insert(key, value.trim()).is_some() {
            return Err(SyntaxError { line: i + 1, kind: SyntaxErrorKind::DuplicateKey(key.to_string()) });
        }
    }
    Ok(fields)
}
