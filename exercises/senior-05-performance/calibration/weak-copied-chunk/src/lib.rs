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

/// One summary per service, most errors first, then by service name.
pub fn summarise(log: &str) -> Vec<ServiceSummary> {
    // work on our own copy of the chunk so the map below can borrow from it
    let log = log.to_owned();

    // service -> (lines, warnings, errors, last error message)
    let mut counts: HashMap<&str, (usize, usize, usize, Option<&str>)> = HashMap::new();

    for line in log.lines() {
        let rest = line.trim_start();
        let Some(end) = rest.find(char::is_whitespace) else { continue };
        let rest = rest[end..].trim_start();
        let Some(end) = rest.find(char::is_whitespace) else { continue };
        let level = &rest[..end];
        let rest = rest[end..].trim_start();
        if rest.is_empty() {
            continue;
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let service = &rest[..end];
        let message = rest[end..].trim();

        let entry = counts.entry(service).or_insert((0, 0, 0, None));
        entry.0 += 1;
        if level == "WARN" {
            entry.1 += 1;
        } else if level == "ERROR" {
            entry.2 += 1;
            entry.3 = Some(message);
        }
    }

    let mut names: Vec<&str> = counts.keys().cloned().collect();
    names.sort_by(|a, b| counts[b].2.cmp(&counts[a].2).then(a.cmp(b)));

    let mut summaries = Vec::new();
    for name in names {
        let (lines, warnings, errors, last_error) = counts[name];
        summaries.push(ServiceSummary {
            service: name.to_string(),
            lines,
            warnings,
            errors,
            last_error: last_error.map(String::from),
        });
    }
    summaries
}

/// The dashboard's text report: one line per summary, in the order given.
#[allow(unused_must_use)]
pub fn render(summaries: &[ServiceSummary]) -> String {
    let mut report = String::with_capacity(64 * summaries.len());
    for summary in summaries {
        write!(report, "{} lines={} warnings={} errors={}", summary.service, summary.lines, summary.warnings, summary.errors);
        if let Some(message) = &summary.last_error {
            write!(report, " last_error={}", message);
        }
        report.push('\n');
    }
    report
}
