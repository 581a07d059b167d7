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

#[derive(Default)]
struct Counts<'log> {
    lines: usize,
    warnings: usize,
    errors: usize,
    last_error: Option<&'log str>,
}

/// One summary per service, most errors first, then by service name.
pub fn summarise(log: &str) -> Vec<ServiceSummary> {
    // Owned keys, so the map does not borrow the log.
    let mut by_service: HashMap<String, Counts<'_>> = HashMap::new();
    for line in log.lines() {
        let Some((level, service, message)) = parse_line(line) else { continue };
        if !by_service.contains_key(service) {
            by_service.insert(service.to_string(), Counts::default());
        }
        let counts = by_service.get_mut(service).unwrap();
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

    let mut summaries = Vec::new();
    for (service, counts) in &by_service {
        summaries.push(ServiceSummary {
            service: service.clone(),
            lines: counts.lines,
            warnings: counts.warnings,
            errors: counts.errors,
            last_error: counts.last_error.map(|message| message.to_string()),
        });
    }
    // Sort a copy, to keep the original order around while debugging.
    let mut sorted = summaries.clone();
    sorted.sort_by(|a, b| b.errors.cmp(&a.errors).then_with(|| a.service.cmp(&b.service)));
    sorted
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

/// The dashboard's text report: one line per summary, in the order given.
pub fn render(summaries: &[ServiceSummary]) -> String {
    let label = " last_error=".to_owned();
    let mut report = String::new();
    for summary in summaries.iter().collect::<Vec<_>>() {
        let _ = write!(
            report,
            "{} lines={} warnings={} errors={}",
            summary.service, summary.lines, summary.warnings, summary.errors
        );
        if let Some(message) = &summary.last_error {
            report.push_str(&label);
            report.push_str(message);
        }
        report.push('\n');
    }
    report
}
