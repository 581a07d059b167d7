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
    /// A line could not be read.
    Syntax(SyntaxError),
    /// A required key is not set.
    Missing(&'static str),
    /// A number could not be parsed.
    Number { key: &'static str, source: std::num::ParseIntError },
    /// The region is unknown.
    Region(UnknownRegion),
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let msg = match self {
            AppError::Syntax(_) => "invalid config syntax".to_string(),
            AppError::Missing(key) => format!("missing required key `{}`", key),
            AppError::Number { key, .. } => format!("invalid number for `{}`", key),
            AppError::Region(_) => "invalid region".to_string(),
        };
        write!(f, "{}", msg)
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

impl From<SyntaxError> for AppError {
    fn from(e: SyntaxError) -> Self {
        AppError::Syntax(e)
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
    let fields = parse_fields(text)?;
    let name = required(&fields, "name")?;
    let port = parse_number::<u16>(required(&fields, "port")?, "port")?;
    let workers = match fields.get("workers") {
        Some(value) => parse_number::<u32>(String::from(*value), "workers")?,
        None => 1,
    };
    let region_name = required(&fields, "region")?;
    let region = match Region::lookup(&region_name) {
        Ok(region) => region,
        Err(e) => return Err(AppError::Region(e)),
    };
    Ok(Config { name, port, workers, region })
}

/// Gets a key that has to be there.
fn required(fields: &HashMap<&str, &str>, key: &str) -> Result<String, AppError> {
    match fields.get(key) {
        Some(value) => Ok(String::from(*value)),
        // the error wants a &'static str
        None => Err(AppError::Missing(Box::leak(key.to_string().into_boxed_str()))),
    }
}

/// Parses a number, remembering which key it was for.
fn parse_number<T: std::str::FromStr<Err = std::num::ParseIntError>>(value: String, key: &str) -> Result<T, AppError> {
    match value.parse::<T>() {
        Ok(n) => Ok(n),
        Err(e) => Err(AppError::Number { key: Box::leak(key.to_string().into_boxed_str()), source: e }),
    }
}

/// Every `key = value` line of the text, by key.
fn parse_fields(text: &str) -> Result<HashMap<&str, &str>, SyntaxError> {
    let mut fields = HashMap::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let number = index + 1;
        let Some((key, value)) = line.split_once('=') else {
            return Err(SyntaxError { line: number, kind: SyntaxErrorKind::MissingEquals });
        };
        let key = key.trim();
        if !KEYS.contains(&key) {
            return Err(SyntaxError { line: number, kind: SyntaxErrorKind::UnknownKey(key.to_string()) });
        }
        if fields.insert(key, value.trim()).is_some() {
            return Err(SyntaxError { line: number, kind: SyntaxErrorKind::DuplicateKey(key.to_string()) });
        }
    }
    Ok(fields)
}
