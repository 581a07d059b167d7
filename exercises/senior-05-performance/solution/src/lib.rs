//! Summarises service logs for the on-call dashboard.
//!
//! A log line reads `<timestamp> <level> <service> <message>`, for example
//! `2024-05-02T09:14:07Z ERROR payments card declined for order 1182`. See README.md for the
//! exact rules.

use std::collections::HashMap;
use std::fmt::Write;

/// What one service logged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceSummary {
    /// The service name, as written in the log.
    pub service: String,
    /// Lines the service logged, whatever their level.
    pub lines: usize,
    /// Lines at level `WARN`.
    pub warnings: usize,
    /// Lines at level `ERROR`.
    pub errors: usize,
    /// The message of the service's last `ERROR` line, if it logged any.
    pub last_error: Option<String>,
}

/// Counts for one service while the log is read. Everything borrows from the log: nothing is
/// copied until the final summaries are built.
#[derive(Default)]
struct Counts<'log> {
    lines: usize,
    warnings: usize,
    errors: usize,
    last_error: Option<&'log str>,
}

/// One summary per service, most errors first, then by service name.
///
/// One pass over the log with borrowed slices; the only allocations are the map's table, the
/// result vector, and one `String` per service name and per last error message.
pub fn summarise(log: &str) -> Vec<ServiceSummary> {
    let mut by_service: HashMap<&str, Counts<'_>> = HashMap::new();
    for line in log.lines() {
        let Some((level, service, message)) = parse_line(line) else { continue };
        let counts = by_service.entry(service).or_default();
        counts.lines += 1;
        match level {
            "ERROR" => {
                counts.errors += 1;
                counts.last_error = Some(message);
            }
            "WARN" => counts.warnings += 1,
            _ => {}
        }
    }

    let mut summaries = Vec::with_capacity(by_service.len());
    summaries.extend(by_service.into_iter().map(|(service, counts)| ServiceSummary {
        service: service.to_owned(),
        lines: counts.lines,
        warnings: counts.warnings,
        errors: counts.errors,
        last_error: counts.last_error.map(str::to_owned),
    }));
    // Names are unique, so an unstable sort gives the same order, without a scratch buffer.
    summaries.sort_unstable_by(|a, b| b.errors.cmp(&a.errors).then_with(|| a.service.cmp(&b.service)));
    summaries
}

/// `(level, service, message)` of a line, or `None` when it has fewer than three fields.
fn parse_line(line: &str) -> Option<(&str, &str, &str)> {
    let (_timestamp, rest) = split_field(line)?;
    let (level, rest) = split_field(rest)?;
    let (service, rest) = split_field(rest)?;
    Some((level, service, rest.trim()))
}

/// Splits the first whitespace-separated field off `text`: `(field, rest)`.
fn split_field(text: &str) -> Option<(&str, &str)> {
    let text = text.trim_start();
    if text.is_empty() {
        return None;
    }
    Some(text.split_once(char::is_whitespace).unwrap_or((text, "")))
}

/// The fixed text of a report line: ` lines= warnings= errors=` and the newline.
const LINE_TEXT: usize = " lines= warnings= errors=\n".len();
/// The text before a last error message.
const LAST_ERROR_TEXT: usize = " last_error=".len();
/// The most digits a `usize` takes.
const MAX_DIGITS: usize = 20;

/// The dashboard's text report: one line per summary, in the order given.
///
/// The report is sized up front from an upper bound of its length, then written in place: one
/// allocation, no temporary strings.
pub fn render(summaries: &[ServiceSummary]) -> String {
    let capacity = summaries
        .iter()
        .map(|summary| {
            let last_error = summary.last_error.as_ref().map_or(0, |message| LAST_ERROR_TEXT + message.len());
            summary.service.len() + LINE_TEXT + 3 * MAX_DIGITS + last_error
        })
        .sum();
    let mut report = String::with_capacity(capacity);
    for summary in summaries {
        // Writing to a `String` cannot fail.
        let _ = write!(
            report,
            "{} lines={} warnings={} errors={}",
            summary.service, summary.lines, summary.warnings, summary.errors
        );
        if let Some(message) = &summary.last_error {
            report.push_str(" last_error=");
            report.push_str(message);
        }
        report.push('\n');
    }
    report
}
