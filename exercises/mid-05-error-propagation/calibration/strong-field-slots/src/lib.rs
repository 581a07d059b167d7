//! Reads the configuration of one service: `key = value` lines with a name, a port, a number of
//! workers and a region.

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
///
/// Each variant keeps the lower-level error that caused it, reachable through
/// [`Error::source`]; the `Display` text describes this level only.
#[derive(Debug)]
pub enum AppError {
    /// A line of the text is not a valid `key = value` line.
    Syntax(SyntaxError),
    /// A required key is never set.
    Missing(&'static str),
    /// The value of a numeric key is not a valid number of its type.
    Number { key: &'static str, source: ParseIntError },
    /// The `region` value does not name a known region.
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

/// Reads a configuration. See README.md for the rules.
pub fn parse_config(text: &str) -> Result<Config, AppError> {
    let fields = Fields::parse(text)?;
    let name = fields.name.ok_or(AppError::Missing("name"))?;
    let port = number("port", fields.port.ok_or(AppError::Missing("port"))?)?;
    let workers = fields.workers.map_or(Ok(1), |value| number("workers", value))?;
    let region = Region::lookup(fields.region.ok_or(AppError::Missing("region"))?)?;
    Ok(Config { name: name.to_owned(), port, workers, region })
}

/// Parses the value of the numeric key `key`, keeping the parse error as the source.
fn number<T>(key: &'static str, value: &str) -> Result<T, AppError>
where
    T: FromStr<Err = ParseIntError>,
{
    value.parse().map_err(|source| AppError::Number { key, source })
}

/// The raw values of the known keys, borrowed from the text; `None` for a key that is never set.
#[derive(Default)]
struct Fields<'a> {
    name: Option<&'a str>,
    port: Option<&'a str>,
    workers: Option<&'a str>,
    region: Option<&'a str>,
}

impl<'a> Fields<'a> {
    /// Reads every `key = value` line of `text`, stopping at the first line that breaks the rules.
    fn parse(text: &'a str) -> Result<Self, SyntaxError> {
        let mut fields = Fields::default();
        for (line, raw) in (1..).zip(text.lines()) {
            let content = raw.trim();
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            let error = |kind| SyntaxError { line, kind };
            let (key, value) = content.split_once('=').ok_or_else(|| error(SyntaxErrorKind::MissingEquals))?;
            let key = key.trim();
            let slot = fields.slot(key).ok_or_else(|| error(SyntaxErrorKind::UnknownKey(key.to_owned())))?;
            if slot.replace(value.trim()).is_some() {
                return Err(error(SyntaxErrorKind::DuplicateKey(key.to_owned())));
            }
        }
        Ok(fields)
    }

    /// Where the value of `key` goes, or `None` when `key` is not a known key.
    fn slot(&mut self, key: &str) -> Option<&mut Option<&'a str>> {
        match key {
            "name" => Some(&mut self.name),
            "port" => Some(&mut self.port),
            "workers" => Some(&mut self.workers),
            "region" => Some(&mut self.region),
            _ => None,
        }
    }
}
