//! Summarises service logs for the on-call dashboard.
//!
//! A log line reads `<timestamp> <level> <service> <message>`, for example
//! `2024-05-02T09:14:07Z ERROR payments card declined for order 1182`. See README.md for the
//! exact rules.
//!
//! Both functions are on the dashboard's hot path, so they are written to keep the allocator out
//! of the per-line work: `summarise` borrows every field straight from the log and only copies
//! the strings it returns, once per service; `render` formats into a single output buffer.

use std::collections::HashMap;
use std::fmt::Write as _;

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

/// One line of the log, borrowed from it.
struct Entry<'a> {
    level: &'a str,
    service: &'a str,
    message: &'a str,
}

impl<'a> Entry<'a> {
    /// Splits a line into its fields, or `None` when it has fewer than three.
    fn parse(line: &'a str) -> Option<Self> {
        let (_timestamp, rest) = next_field(line)?;
        let (level, rest) = next_field(rest)?;
        let (service, rest) = next_field(rest)?;
        Some(Entry { level, service, message: rest.trim() })
    }
}

/// Splits the first whitespace-separated field off `text`: `(field, rest)`, where `rest` still
/// starts with the separator. `None` when no field is left.
fn next_field(text: &str) -> Option<(&str, &str)> {
    let text = text.trim_start();
    if text.is_empty() {
        return None;
    }
    let end = text.find(char::is_whitespace).unwrap_or(text.len());
    Some(text.split_at(end))
}

/// Running counts for one service while the log is scanned. The last error stays a slice of the
/// log until the end, so a service that logs many errors still costs one copy.
#[derive(Default)]
struct Tally<'a> {
    lines: usize,
    warnings: usize,
    errors: usize,
    last_error: Option<&'a str>,
}

impl<'a> Tally<'a> {
    fn record(&mut self, entry: &Entry<'a>) {
        self.lines += 1;
        match entry.level {
            "WARN" => self.warnings += 1,
            "ERROR" => {
                self.errors += 1;
                self.last_error = Some(entry.message);
            }
            _ => {}
        }
    }

    fn into_summary(self, service: &str) -> ServiceSummary {
        ServiceSummary {
            service: service.to_owned(),
            lines: self.lines,
            warnings: self.warnings,
            errors: self.errors,
            last_error: self.last_error.map(str::to_owned),
        }
    }
}

/// One summary per service, most errors first, then by service name.
pub fn summarise(log: &str) -> Vec<ServiceSummary> {
    // Keyed by slices of `log`: looking a service up never allocates, and the map itself only
    // grows with the number of services.
    let mut tallies: HashMap<&str, Tally<'_>> = HashMap::new();
    for entry in log.lines().filter_map(Entry::parse) {
        tallies.entry(entry.service).or_default().record(&entry);
    }

    let mut summaries: Vec<ServiceSummary> =
        tallies.into_iter().map(|(service, tally)| tally.into_summary(service)).collect();
    // Service names are unique, so an unstable sort gives the same order without a scratch buffer.
    summaries.sort_unstable_by(|a, b| b.errors.cmp(&a.errors).then_with(|| a.service.cmp(&b.service)));
    summaries
}

/// The dashboard's text report: one line per summary, in the order given.
pub fn render(summaries: &[ServiceSummary]) -> String {
    // Room for the names and messages plus the fixed text and numbers of each line; should a
    // line run longer, the buffer simply grows.
    const PER_LINE: usize = 80;
    let capacity = summaries
        .iter()
        .map(|summary| summary.service.len() + summary.last_error.as_deref().map_or(0, str::len) + PER_LINE)
        .sum();
    let mut report = String::with_capacity(capacity);
    for summary in summaries {
        // Writing into a `String` never fails, so the `fmt::Result` carries no information.
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
