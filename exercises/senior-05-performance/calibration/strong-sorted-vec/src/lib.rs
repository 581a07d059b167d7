//! Summarises service logs for the on-call dashboard.
//!
//! A log line reads `<timestamp> <level> <service> <message>`, for example
//! `2024-05-02T09:14:07Z ERROR payments card declined for order 1182`. See README.md for the
//! exact rules.

use std::cmp::Reverse;
use std::fmt::{self, Write as _};

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

/// The counts of one service, borrowing its name and last error from the log being scanned.
struct Counts<'log> {
    service: &'log str,
    lines: usize,
    warnings: usize,
    errors: usize,
    last_error: Option<&'log str>,
}

impl<'log> Counts<'log> {
    fn new(service: &'log str) -> Self {
        Counts { service, lines: 0, warnings: 0, errors: 0, last_error: None }
    }
}

impl From<Counts<'_>> for ServiceSummary {
    fn from(counts: Counts<'_>) -> Self {
        ServiceSummary {
            service: counts.service.to_owned(),
            lines: counts.lines,
            warnings: counts.warnings,
            errors: counts.errors,
            last_error: counts.last_error.map(str::to_owned),
        }
    }
}

/// Splits `line` into `(level, service, message)`, or `None` when it has fewer than three fields.
fn fields(line: &str) -> Option<(&str, &str, &str)> {
    let mut rest = line;
    let mut field = || {
        let text = rest.trim_start();
        let end = text.find(char::is_whitespace).unwrap_or(text.len());
        let (field, tail) = text.split_at(end);
        rest = tail;
        (!field.is_empty()).then_some(field)
    };
    let _timestamp = field()?;
    let level = field()?;
    let service = field()?;
    Some((level, service, rest.trim()))
}

/// One summary per service, most errors first, then by service name.
pub fn summarise(log: &str) -> Vec<ServiceSummary> {
    // Services kept sorted by name: a binary search finds a known service without allocating, and
    // the vector only grows when a new service shows up. Logs come from a handful of services, so
    // the occasional insertion is cheaper than hashing every line.
    let mut services: Vec<Counts<'_>> = Vec::new();
    for (level, service, message) in log.lines().filter_map(fields) {
        let at = match services.binary_search_by(|counts| counts.service.cmp(service)) {
            Ok(at) => at,
            Err(at) => {
                services.insert(at, Counts::new(service));
                at
            }
        };
        let counts = &mut services[at];
        counts.lines += 1;
        if level == "WARN" {
            counts.warnings += 1;
        } else if level == "ERROR" {
            counts.errors += 1;
            counts.last_error = Some(message);
        }
    }

    // Already in name order, so a stable sort on the error count alone gives the final order.
    services.sort_by_key(|counts| Reverse(counts.errors));
    services.into_iter().map(ServiceSummary::from).collect()
}

/// Formats one summary as its report line, without the line break.
struct ReportLine<'a>(&'a ServiceSummary);

impl fmt::Display for ReportLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ServiceSummary { service, lines, warnings, errors, last_error } = self.0;
        write!(f, "{service} lines={lines} warnings={warnings} errors={errors}")?;
        if let Some(message) = last_error {
            write!(f, " last_error={message}")?;
        }
        Ok(())
    }
}

/// The dashboard's text report: one line per summary, in the order given.
pub fn render(summaries: &[ServiceSummary]) -> String {
    // Reserve once for the variable text plus a generous allowance for the labels and numbers;
    // a longer report just grows the buffer.
    let estimate: usize = summaries
        .iter()
        .map(|summary| 64 + summary.service.len() + summary.last_error.as_ref().map_or(0, String::len))
        .sum();
    summaries.iter().map(ReportLine).fold(String::with_capacity(estimate), |mut report, line| {
        // `fmt::Write` for `String` only ever returns `Ok`; an error here would be a bug in std.
        writeln!(report, "{line}").expect("formatting into a String cannot fail");
        report
    })
}
