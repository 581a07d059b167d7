//! Reads the configuration of one service: `key = value` lines with a name, a port, a number of
//! workers and a region.

use std::collections::HashMap;
use std::error::Error;
use std::fmt;
use std::num::ParseIntError;
use std::str::FromStr;

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

impl Error for UnknownRegion {}

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

impl Error for SyntaxError {}

/// Why a configuration could not be read.
///
/// `Display` describes this level only; the error underneath, when there is one, is the
/// [`source`](Error::source), so a chain of errors prints each message once.
#[derive(Debug)]
pub enum AppError {
    /// A line of the text cannot be read.
    Syntax(SyntaxError),
    /// A required key is not set.
    Missing(&'static str),
    /// The value of `key` is not a valid number.
    Number { key: &'static str, source: ParseIntError },
    /// The `region` is not one we know.
    Region(UnknownRegion),
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppError::Syntax(_) => f.write_str("invalid config syntax"),
            AppError::Missing(key) => write!(f, "missing required key `{key}`"),
            AppError::Number { key, .. } => write!(f, "invalid number for `{key}`"),
            AppError::Region(_) => f.write_str("invalid region"),
        }
    }
}

impl Error for AppError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            AppError::Syntax(err) => Some(err),
            AppError::Missing(_) => None,
            AppError::Number { source, .. } => Some(source),
            AppError::Region(err) => Some(err),
        }
    }
}

impl From<SyntaxError> for AppError {
    fn from(err: SyntaxError) -> Self {
        AppError::Syntax(err)
    }
}

impl From<UnknownRegion> for AppError {
    fn from(err: UnknownRegion) -> Self {
        AppError::Region(err)
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

/// The `key = value` lines of a text, by key.
type Fields<'a> = HashMap<&'a str, &'a str>;

/// Reads a configuration. See README.md for the rules.
pub fn parse_config(text: &str) -> Result<Config, AppError> {
    let fields = parse_fields(text)?;
    let name = fields.get("name").ok_or(AppError::Missing("name"))?.to_string();
    let port = number(&fields, "port")?.ok_or(AppError::Missing("port"))?;
    let workers = number(&fields, "workers")?.unwrap_or(1);
    let region = Region::lookup(fields.get("region").ok_or(AppError::Missing("region"))?)?;
    Ok(Config { name, port, workers, region })
}

/// The value of `key` as a number, `None` when the key is not set. The error keeps the key it was
/// read for; a bare `From<ParseIntError>` could not know it.
fn number<T: FromStr<Err = ParseIntError>>(fields: &Fields<'_>, key: &'static str) -> Result<Option<T>, AppError> {
    fields.get(key).map(|value| value.parse().map_err(|source| AppError::Number { key, source })).transpose()
}

/// Every `key = value` line of the text, by key.
fn parse_fields(text: &str) -> Result<Fields<'_>, SyntaxError> {
    let mut fields = HashMap::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let number = index + 1;
        let (key, value) =
            line.split_once('=').ok_or(SyntaxError { line: number, kind: SyntaxErrorKind::MissingEquals })?;
        let (key, value) = (key.trim(), value.trim());
        if !KEYS.contains(&key) {
            return Err(SyntaxError { line: number, kind: SyntaxErrorKind::UnknownKey(key.to_string()) });
        }
        if fields.insert(key, value).is_some() {
            return Err(SyntaxError { line: number, kind: SyntaxErrorKind::DuplicateKey(key.to_string()) });
        }
    }
    Ok(fields)
}
