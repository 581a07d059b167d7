use senior_05_performance::{render, summarise, ServiceSummary};

const LOG: &str = "\
2024-05-02T09:14:01Z INFO payments charge accepted for order 1180
2024-05-02T09:14:03Z WARN search index is 3 minutes behind
2024-05-02T09:14:07Z ERROR payments card declined for order 1182
2024-05-02T09:14:09Z INFO search query served in 12 ms
2024-05-02T09:14:12Z ERROR payments gateway timed out
2024-05-02T09:14:15Z ERROR auth token signature is invalid
";

fn summary(service: &str, lines: usize, warnings: usize, errors: usize, last_error: Option<&str>) -> ServiceSummary {
    ServiceSummary { service: service.to_string(), lines, warnings, errors, last_error: last_error.map(str::to_string) }
}

#[test]
fn counts_lines_per_service() {
    let summaries = summarise(LOG);
    assert_eq!(
        summaries,
        [
            summary("payments", 3, 0, 2, Some("gateway timed out")),
            summary("auth", 1, 0, 1, Some("token signature is invalid")),
            summary("search", 2, 1, 0, None),
        ]
    );
}

#[test]
fn an_empty_log_has_no_summaries() {
    assert_eq!(summarise(""), []);
}

#[test]
fn renders_one_line_per_service() {
    let report = render(&[summary("payments", 3, 0, 2, Some("gateway timed out")), summary("search", 2, 1, 0, None)]);
    assert_eq!(
        report,
        "payments lines=3 warnings=0 errors=2 last_error=gateway timed out\n\
         search lines=2 warnings=1 errors=0\n"
    );
}
