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
    /// bad line
    Syntax(SyntaxError),
    /// key not set
    Missing(&'static str),
    /// port or workers not a number
    Number { key: &'static str, source: std::num::ParseIntError },
    /// unknown region
    Region(UnknownRegion),
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppError::Syntax(_) => write!(f, "invalid config syntax"),
            AppError::Missing(key) => write!(f, "missing required key `{}`", key),
            AppError::Number { key, source: _ } => write!(f, "invalid number for `{}`", key),
            AppError::Region(_) => write!(f, "invalid region"),
        }
    }
}

impl std::error::Error for AppError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            AppError::Syntax(e) => Some(e),
            AppError::Number { key: _, source } => Some(source),
            AppError::Region(e) => Some(e),
            _ => None,
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
pub fn parse_config(text: &str) -> Result<Config, AppError> {
    let fields = match parse_fields(text) {
        Ok(fields) => fields,
        Err(err) => return Err(AppError::Syntax(err)),
    };
    let name = match fields.get("name") {
        Some(name) => name.clone(),
        None => return Err(AppError::Missing("name")),
    };
    let port = match fields.get("port") {
        Some(value) => match value.parse::<u16>() {
            Ok(port) => port,
            Err(err) => return Err(AppError::Number { key: "port", source: err }),
        },
        None => return Err(AppError::Missing("port")),
    };
    let workers = match fields.get("workers") {
        Some(value) => match value.parse::<u32>() {
            Ok(workers) => workers,
            Err(err) => return Err(AppError::Number { key: "workers", source: err }),
        },
        None => 1,
    };
    let region = match fields.get("region") {
        Some(value) => match Region::lookup(value) {
            Ok(region) => region,
            Err(err) => return Err(AppError::Region(UnknownRegion { name: err.name.clone() })),
        },
        None => return Err(AppError::Missing("region")),
    };
    Ok(Config { name, port, workers, region })
}

/// Every `key = value` line of the text, by key.
fn parse_fields(text: &str) -> Result<HashMap<String, String>, SyntaxError> {
    let mut fields = HashMap::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let number = index + 1;
        let (key, value) = match line.split_once('=') {
            Some((key, value)) => (key.trim().to_string(), value.trim().to_string()),
            None => return Err(SyntaxError { line: number, kind: SyntaxErrorKind::MissingEquals }),
        };
        if !KEYS.contains(&key.as_str()) {
            return Err(SyntaxError { line: number, kind: SyntaxErrorKind::UnknownKey(key) });
        }
        if fields.contains_key(&key) {
            return Err(SyntaxError { line: number, kind: SyntaxErrorKind::DuplicateKey(key.clone()) });
        }
        fields.insert(key, value);
    }
    Ok(fields)
}
