//! Summarises service logs for the on-call dashboard.
//!
//! A log line reads `<timestamp> <level> <service> <message>`, for example
//! `2024-05-02T09:14:07Z ERROR payments card declined for order 1182`. See README.md for the
//! exact rules.

use std::collections::HashMap;

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
    let lines: Vec<String> = log.lines().map(|line| line.to_string()).collect();
    let mut by_service: HashMap<String, ServiceSummary> = HashMap::new();

    for line in lines {
        let (_timestamp, rest) = split_field(line.clone());
        let (level, rest) = split_field(rest);
        let (service, rest) = split_field(rest);
        if service.is_empty() {
            continue;
        }
        let message = rest.trim().to_string();

        let summary = by_service.entry(service.clone()).or_insert(ServiceSummary {
            service: service.clone(),
            lines: 0,
            warnings: 0,
            errors: 0,
            last_error: None,
        });
        summary.lines += 1;
        if level == "WARN" {
            summary.warnings += 1;
        }
        if level == "ERROR" {
            summary.errors += 1;
            summary.last_error = Some(message.clone());
        }
    }

    let mut summaries: Vec<ServiceSummary> = by_service.values().cloned().collect();
    summaries.sort_by(|a, b| b.errors.cmp(&a.errors).then(a.service.cmp(&b.service)));
    summaries
}

/// Splits the first whitespace-separated field off `text`: `(field, rest)`. Both are empty when
/// there is no field left.
fn split_field(text: String) -> (String, String) {
    let text = text.trim_start().to_string();
    match text.find(char::is_whitespace) {
        Some(end) => (text[..end].to_string(), text[end..].to_string()),
        None => (text.clone(), String::new()),
    }
}

/// The dashboard's text report: one line per summary, in the order given.
pub fn render(summaries: &[ServiceSummary]) -> String {
    let mut report = String::new();
    for summary in summaries {
        let mut line = format!(
            "{} lines={} warnings={} errors={}",
            summary.service, summary.lines, summary.warnings, summary.errors
        );
        if let Some(message) = summary.last_error.clone() {
            line = line + &format!(" last_error={}", message);
        }
        report = report + &line + "\n";
    }
    report
}
