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

enum Level {
    Warn,
    Error,
    Other,
}

fn level_of(text: &str) -> Level {
    match text {
        "WARN" => Level::Warn,
        "ERROR" => Level::Error,
        _ => Level::Other,
    }
}

#[derive(Default)]
struct Stats<'a> {
    lines: usize,
    warnings: usize,
    errors: usize,
    // borrowed from the log so we don't allocate a new string for every error line
    last_error: Option<&'a str>,
}

// returns (field, rest of line)
fn split_field(text: &str) -> Option<(&str, &str)> {
    let text = text.trim_start();
    if text.is_empty() {
        return None;
    }
    match text.find(char::is_whitespace) {
        Some(end) => Some((&text[..end], &text[end..])),
        None => Some((text, "")),
    }
}

/// One summary per service, most errors first, then by service name.
#[allow(clippy::map_entry)]
pub fn summarise(log: &str) -> Vec<ServiceSummary> {
    let mut stats: HashMap<String, Stats> = HashMap::new();

    for line in log.lines() {
        let Some((_timestamp, rest)) = split_field(line) else { continue };
        let Some((level, rest)) = split_field(rest) else { continue };
        let Some((service, rest)) = split_field(rest) else { continue };
        let message = rest.trim();

        // only allocate the key the first time we see a service
        if !stats.contains_key(service) {
            stats.insert(service.to_string(), Stats::default());
        }
        let entry = stats.get_mut(service).unwrap();

        entry.lines += 1;
        match level_of(level) {
            Level::Warn => entry.warnings += 1,
            Level::Error => {
                entry.errors += 1;
                entry.last_error = Some(message);
            }
            _ => {}
        }
    }

    let mut summaries = Vec::with_capacity(stats.len());
    for (service, s) in stats {
        summaries.push(ServiceSummary {
            service,
            lines: s.lines,
            warnings: s.warnings,
            errors: s.errors,
            last_error: s.last_error.map(|m| m.to_string()),
        });
    }
    summaries.sort_by(|a, b| b.errors.cmp(&a.errors).then(a.service.cmp(&b.service)));
    summaries
}

/// The dashboard's text report: one line per summary, in the order given.
pub fn render(summaries: &[ServiceSummary]) -> String {
    let mut report = String::with_capacity(summaries.len() * 80);
    for summary in summaries {
        write!(
            report,
            "{} lines={} warnings={} errors={}",
            summary.service, summary.lines, summary.warnings, summary.errors
        )
        .unwrap();
        if summary.last_error.is_some() {
            report.push_str(" last_error=");
            report.push_str(summary.last_error.as_ref().unwrap());
        }
        report.push('\n');
    }
    report
}
