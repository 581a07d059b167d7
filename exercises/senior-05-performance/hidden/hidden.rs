use std::collections::BTreeMap;
use std::fmt::Write;

use senior_05_performance::{render, summarise, ServiceSummary};

/// Runs `work` and reports to the grader every allocation and reallocation it made on this thread.
fn measure<T>(work: impl FnOnce() -> T) -> T {
    let (result, allocations) = crate::grader_measure::count_allocations(work);
    crate::grader_measure::report("allocations", allocations.total());
    result
}

fn summary(service: &str, lines: usize, warnings: usize, errors: usize, last_error: Option<&str>) -> ServiceSummary {
    ServiceSummary { service: service.to_string(), lines, warnings, errors, last_error: last_error.map(str::to_string) }
}

const SERVICES: [&str; 6] = ["auth", "billing", "cart", "mail", "payments", "search"];

#[test]
fn summarises_a_busy_log() {
    // 3000 lines from six services; every seventh line is an error, every fifth a warning.
    let mut log = String::new();
    let mut expected: BTreeMap<&str, ServiceSummary> = BTreeMap::new();
    for i in 0..3000 {
        let service = SERVICES[i % SERVICES.len()];
        let level = if i % 7 == 0 {
            "ERROR"
        } else if i % 5 == 0 {
            "WARN"
        } else {
            "INFO"
        };
        let message = format!("request {i} took {} ms", i % 97);
        writeln!(log, "2024-05-02T10:{:02}:{:02}Z {level} {service} {message}", i / 60 % 60, i % 60).unwrap();
        let entry = expected.entry(service).or_insert_with(|| summary(service, 0, 0, 0, None));
        entry.lines += 1;
        match level {
            "ERROR" => {
                entry.errors += 1;
                entry.last_error = Some(message);
            }
            "WARN" => entry.warnings += 1,
            _ => {}
        }
    }
    let mut expected: Vec<ServiceSummary> = expected.into_values().collect();
    expected.sort_by(|a, b| b.errors.cmp(&a.errors).then_with(|| a.service.cmp(&b.service)));

    let summaries = measure(|| summarise(&log));
    assert_eq!(summaries, expected);
}

#[test]
fn renders_a_large_report() {
    let summaries: Vec<ServiceSummary> = (0..200)
        .map(|i| {
            let service = format!("service-{i:03}");
            let last_error = format!("upstream {} refused the connection after {} retries", i * 7 % 13, i % 5);
            summary(&service, 1000 + i, i % 17, i % 9, (i % 4 != 0).then_some(&last_error[..]))
        })
        .collect();
    let mut expected = String::new();
    for s in &summaries {
        write!(expected, "{} lines={} warnings={} errors={}", s.service, s.lines, s.warnings, s.errors).unwrap();
        if let Some(message) = &s.last_error {
            write!(expected, " last_error={message}").unwrap();
        }
        expected.push('\n');
    }

    let report = measure(|| render(&summaries));
    assert_eq!(report, expected);
}

#[test]
fn fields_may_be_separated_by_runs_of_whitespace() {
    let log = "2024-05-02T11:00:00Z   ERROR\tbilling   invoice  4410   could not be sent  \n\
               \t 2024-05-02T11:00:01Z WARN \t billing retrying\n\
               2024-05-02T11:00:02Z\tINFO\tmail\tqueue drained\n";
    assert_eq!(
        summarise(log),
        [summary("billing", 2, 1, 1, Some("invoice  4410   could not be sent")), summary("mail", 1, 0, 0, None)]
    );
}

#[test]
fn blank_lines_are_skipped() {
    let log = "\r\n\
               2024-05-02T12:00:00Z ERROR cart item 19 out of stock\r\n\
               \r\n\
               \t  \r\n";
    assert_eq!(summarise(log), [summary("cart", 1, 0, 1, Some("item 19 out of stock"))]);
}

#[test]
fn lines_with_fewer_than_three_fields_are_skipped() {
    let log = "2024-05-02T12:00:00Z ERROR cart item 19 out of stock\r\n\
               2024-05-02T12:00:01Z\r\n\
               2024-05-02T12:00:02Z ERROR\r\n";
    assert_eq!(summarise(log), [summary("cart", 1, 0, 1, Some("item 19 out of stock"))]);
}

#[test]
fn a_line_without_a_message_still_counts() {
    let log = "2024-05-02T12:00:03Z INFO cart\r\n\
               2024-05-02T12:00:04Z ERROR auth   \r\n";
    assert_eq!(summarise(log), [summary("auth", 1, 0, 1, Some("")), summary("cart", 1, 0, 0, None)]);
}

#[test]
fn the_last_error_wins() {
    let log = "t1 ERROR mail bounce from a@example.com\n\
               t4 ERROR mail bounce from b@example.com\n\
               t6 WARN mail slow relay\n";
    assert_eq!(summarise(log), [summary("mail", 3, 1, 2, Some("bounce from b@example.com"))]);
}

#[test]
fn levels_are_compared_exactly() {
    let log = "t1 ERROR mail bounce from a@example.com\n\
               t2 error mail lower-case levels are plain lines\n\
               t3 WARNING mail so is this\n\
               t5 DEBUG mail retry scheduled\n";
    assert_eq!(summarise(log), [summary("mail", 4, 0, 1, Some("bounce from a@example.com"))]);
}

#[test]
fn ties_are_ordered_by_service_name() {
    let log = "t ERROR search a\nt INFO zebra b\nt ERROR billing c\nt INFO alpha d\nt ERROR Cart e\nt WARN alpha f\n";
    let services: Vec<String> = summarise(log).into_iter().map(|s| s.service).collect();
    assert_eq!(services, ["Cart", "billing", "search", "alpha", "zebra"]);
}

#[test]
fn a_report_of_part_of_a_log() {
    // The caller hands over a slice of a larger buffer, and renders what comes back.
    let buffer = String::from(
        "HEADER not a log line at all\n\
         t1 INFO cart opened\n\
         t2 ERROR cart payment step failed\n\
         t3 WARN search slow\n\
         FOOTER",
    );
    let start = buffer.find('\n').unwrap() + 1;
    let end = buffer.rfind('\n').unwrap();
    let report = render(&summarise(&buffer[start..end]));
    assert_eq!(
        report,
        "cart lines=2 warnings=0 errors=1 last_error=payment step failed\nsearch lines=1 warnings=1 errors=0\n"
    );
}

#[test]
fn no_summaries_render_as_an_empty_string() {
    assert_eq!(render(&[]), "");
}

/// A log of `services` services, each with one INFO, one WARN and one ERROR line (all the INFO
/// lines first, then the WARN lines, then the ERROR lines), and its summaries.
fn log_of_services(services: usize) -> (String, Vec<ServiceSummary>) {
    let mut log = String::new();
    for level in ["INFO", "WARN", "ERROR"] {
        for s in 0..services {
            writeln!(log, "2024-05-02T10:00:00Z {level} svc-{s:04} {level} seen by svc-{s:04}").unwrap();
        }
    }
    let expected = (0..services)
        .map(|s| summary(&format!("svc-{s:04}"), 3, 1, 1, Some(&format!("ERROR seen by svc-{s:04}"))))
        .collect();
    (log, expected)
}

/// Habit probe (budget `summarise_copies_each_service_once`): the allocations of `summarise` on a
/// log of 200 services beyond those on a log of 20, every service with one line of each level.
/// The result needs two strings per service (its name and its last error); copying names or
/// summaries a second time shows as more per extra service.
#[test]
fn summarise_copies_each_service_once() {
    let (small_log, small_expected) = log_of_services(20);
    let (large_log, large_expected) = log_of_services(200);
    let (small, small_count) = crate::grader_measure::count_allocations(|| summarise(&small_log));
    let (large, large_count) = crate::grader_measure::count_allocations(|| summarise(&large_log));
    crate::grader_measure::report("allocations", large_count.total().saturating_sub(small_count.total()));
    assert_eq!(small, small_expected);
    assert_eq!(large, large_expected);
}
