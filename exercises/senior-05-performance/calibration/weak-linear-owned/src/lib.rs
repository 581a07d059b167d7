//! Summarises service logs for the on-call dashboard.
//!
//! A log line reads `<timestamp> <level> <service> <message>`, for example
//! `2024-05-02T09:14:07Z ERROR payments card declined for order 1182`. See README.md for the
//! exact rules.

use std::fmt;

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

#[derive(PartialEq)]
enum Level {
    Warn,
    Error,
    Other,
}

impl Level {
    fn parse(text: &str) -> Level {
        if text == "WARN" {
            Level::Warn
        } else if text == "ERROR" {
            Level::Error
        } else {
            Level::Other
        }
    }
}

/// Returns (level, service, message) for a line with at least three fields.
fn parse_line(line: &str) -> Option<(&str, &str, &str)> {
    let mut rest = line.trim_start();
    let mut fields = ["", "", ""];
    for field in fields.iter_mut() {
        if rest.is_empty() {
            return None;
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        *field = &rest[..end];
        rest = rest[end..].trim_start();
    }
    Some((fields[1], fields[2], rest.trim_end()))
}

/// One summary per service, most errors first, then by service name.
pub fn summarise(log: &str) -> Vec<ServiceSummary> {
    build_summaries(String::from(log))
}

fn build_summaries(log: String) -> Vec<ServiceSummary> {
    let mut summaries: Vec<ServiceSummary> = Vec::new();
    // last error per service, same index as `summaries`; only turned into a String at the end
    let mut last_errors: Vec<Option<&str>> = Vec::new();

    for line in log.lines() {
        let Some((level, service, message)) = parse_line(line) else {
            continue;
        };
        let index = match summaries.iter().position(|s| s.service == service) {
            Some(index) => index,
            None => {
                summaries.push(ServiceSummary {
                    service: service.to_string(),
                    lines: 0,
                    warnings: 0,
                    errors: 0,
                    last_error: None,
                });
                last_errors.push(None);
                summaries.len() - 1
            }
        };

        let level = Level::parse(level);
        summaries[index].lines += 1;
        if level == Level::Error {
            summaries[index].errors += 1;
            last_errors[index] = Some(message);
        } else if level == Level::Warn {
            summaries[index].warnings += 1;
        }
    }

    for (summary, last_error) in summaries.iter_mut().zip(last_errors) {
        summary.last_error = last_error.map(|message| message.to_string());
    }
    summaries.sort_by(|a, b| b.errors.partial_cmp(&a.errors).unwrap().then_with(|| a.service.cmp(&b.service)));
    summaries
}

fn write_line(out: &mut dyn fmt::Write, summary: &ServiceSummary) -> fmt::Result {
    write!(out, "{} lines={} warnings={} errors={}", summary.service, summary.lines, summary.warnings, summary.errors)?;
    if let Some(message) = &summary.last_error {
        write!(out, " last_error={}", message)?;
    }
    writeln!(out)
}

/// The dashboard's text report: one line per summary, in the order given.
pub fn render(summaries: &[ServiceSummary]) -> String {
    let mut report = String::with_capacity(summaries.len() * 64);
    for summary in summaries {
        write_line(&mut report, summary).expect("failed to write report line");
    }
    report
}
