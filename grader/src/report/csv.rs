//! CSV for a spreadsheet (RFC 4180): one header row, one row per submission. The shape is in
//! `docs/formats.md`. The main function is [`csv`].

use std::collections::BTreeSet;

use super::model::{Level, Report};
use super::names::red_flag_count;
use super::BatchNotes;

/// CSV for a spreadsheet (RFC 4180: CRLF line ends; a field with a comma, quote, CR or LF is
/// quoted, its quotes doubled): one header row, then one row per submission.
///
/// Columns: `submission`, `points`, `max`, `percent`, `works_percent`, `habits_percent`,
/// `estimated_level`; per level (junior, mid, senior) `<level>_percent`, `<level>_works_percent`,
/// `<level>_habits_percent`, `<level>_clean` (`clean/judged` exercises) and `<level>_verdict`
/// (empty when the level was not graded); one column per exercise id (the union over all reports,
/// sorted) holding that exercise's points, each followed by `<id>_max`, its maximum (both empty
/// when the submission's grading did not include it); `red_flags`, the number of red flags.
pub fn csv(reports: &[Report]) -> String {
    csv_batch(reports, &BatchNotes::default())
}

/// The CSV of a batch: [`csv`]'s columns, then `not_graded` (why a hand-in could not be graded:
/// one row per such hand-in, its other cells empty) and `similar_to` (`<other> (<exercise>,
/// <score>)` for each pair the submission is in, `; `-separated); those two only when the batch
/// has any.
pub fn csv_batch(reports: &[Report], notes: &BatchNotes) -> String {
    let with_notes = !notes.not_graded.is_empty() || !notes.similar.is_empty();
    let exercise_ids: BTreeSet<&str> =
        reports.iter().flat_map(|report| report.exercises.iter().map(|e| e.id.as_str())).collect();

    let mut header: Vec<String> =
        ["submission", "points", "max", "percent", "works_percent", "habits_percent", "estimated_level"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
    for level in Level::ALL {
        header.push(format!("{level}_percent"));
        header.push(format!("{level}_works_percent"));
        header.push(format!("{level}_habits_percent"));
        header.push(format!("{level}_clean"));
        header.push(format!("{level}_verdict"));
    }
    for id in &exercise_ids {
        header.push((*id).to_owned());
        header.push(format!("{id}_max"));
    }
    // The testing measure, when some candidate wrote tests of their own.
    let with_testing = reports.iter().any(|report| report.testing.is_some());
    if with_testing {
        header.push("testing_percent".to_owned());
    }
    header.push("red_flags".to_owned());
    if with_notes {
        header.push("not_graded".to_owned());
        header.push("similar_to".to_owned());
    }
    let width = header.len();

    let mut out = String::new();
    csv_row(&mut out, &header);
    for report in reports {
        let mut row = vec![
            report.submission.clone(),
            report.score.points.to_string(),
            report.score.max.to_string(),
            format!("{:.1}", report.score.percent),
            format!("{:.1}", report.works.percent),
            format!("{:.1}", report.habits.percent),
            report.estimated_level.map(|level| level.to_string()).unwrap_or_default(),
        ];
        for level in Level::ALL {
            match report.levels.get(&level) {
                Some(score) => {
                    row.push(format!("{:.1}", score.percent));
                    row.push(format!("{:.1}", score.works.percent));
                    row.push(format!("{:.1}", score.habits.percent));
                    row.push(format!("{}/{}", score.clean, score.judged));
                    row.push(score.verdict.as_str().to_owned());
                }
                None => row.extend(std::iter::repeat_n(String::new(), 5)),
            }
        }
        for id in &exercise_ids {
            let exercise = report.exercises.iter().find(|e| e.id == *id);
            row.push(exercise.map(|e| e.points.to_string()).unwrap_or_default());
            row.push(exercise.map(|e| e.max.to_string()).unwrap_or_default());
        }
        if with_testing {
            row.push(report.testing.map(|testing| format!("{:.1}", testing.percent)).unwrap_or_default());
        }
        row.push(red_flag_count(report).to_string());
        if with_notes {
            row.push(String::new());
            row.push(similar_to(&report.submission, notes));
        }
        csv_row(&mut out, &row);
    }
    for (submission, why) in &notes.not_graded {
        let mut row = vec![String::new(); width];
        row[0].clone_from(submission);
        row[width - 2].clone_from(why);
        csv_row(&mut out, &row);
    }
    out
}

/// The pairs `submission` is in, as `<other> (<exercise>, <score>)`.
fn similar_to(submission: &str, notes: &BatchNotes) -> String {
    notes
        .similar
        .iter()
        .filter_map(|(exercise, a, b, score)| {
            let other = if a == submission {
                b
            } else if b == submission {
                a
            } else {
                return None;
            };
            Some(format!("{other} ({exercise}, {score:.2})"))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Appends one record (RFC 4180, CRLF) through the `csv` crate, every field guarded.
fn csv_row(out: &mut String, fields: &[String]) {
    let mut writer = ::csv::WriterBuilder::new().terminator(::csv::Terminator::CRLF).from_writer(Vec::new());
    // Writing to memory cannot fail; a field the crate refused would only lose this record.
    if writer.write_record(fields.iter().map(|field| guarded(field).into_owned())).is_ok() {
        if let Ok(bytes) = writer.into_inner() {
            out.push_str(&String::from_utf8_lossy(&bytes));
        }
    }
}

/// A field a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a
/// carriage return: a submission named `=HYPERLINK(…)`, say) gets a leading `'`, which shows it
/// as text (OWASP's advice for CSV injection). Numbers are never negative here, so no number is
/// touched.
fn guarded(field: &str) -> std::borrow::Cow<'_, str> {
    if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{field}"))
    } else {
        std::borrow::Cow::Borrowed(field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture::{fixture, named};

    /// Splits RFC 4180 text into records of fields; panics on malformed quoting.
    fn parse_csv(input: &str) -> Vec<Vec<String>> {
        let mut records = Vec::new();
        let mut record = Vec::new();
        let mut field = String::new();
        let mut chars = input.chars().peekable();
        let mut quoted = false;
        while let Some(c) = chars.next() {
            if quoted {
                match c {
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    '"' => {
                        quoted = false;
                        assert!(matches!(chars.peek(), Some(',' | '\r') | None), "text after a closing quote");
                    }
                    _ => field.push(c),
                }
                continue;
            }
            match c {
                '"' => {
                    assert!(field.is_empty(), "a quote inside an unquoted field");
                    quoted = true;
                }
                ',' => record.push(std::mem::take(&mut field)),
                '\r' => {
                    assert_eq!(chars.next(), Some('\n'), "records end with CRLF");
                    record.push(std::mem::take(&mut field));
                    records.push(std::mem::take(&mut record));
                }
                '\n' => panic!("a bare LF outside quotes"),
                _ => field.push(c),
            }
        }
        assert!(!quoted, "unterminated quoted field");
        assert!(field.is_empty() && record.is_empty(), "the last record ends with CRLF");
        records
    }

    #[test]
    fn csv_has_one_header_and_rectangular_rows() {
        let mut other = named("Doe, Jane \"JD\"\nsecond line");
        other.exercises.retain(|e| e.id != "senior-04-api-design");
        other.exercises[0].id = "zzz-extra".to_owned();
        other.levels.remove(&Level::Mid);
        other.estimated_level = None;
        let out = csv(&[fixture(), other]);

        assert!(out.contains("\"Doe, Jane \"\"JD\"\"\nsecond line\","), "quoted, quotes doubled: {out}");
        let records = parse_csv(&out);
        assert_eq!(records.len(), 3, "one header row and one row per submission");
        let header = &records[0];
        assert_eq!(records.iter().filter(|r| r[0] == "submission").count(), 1, "exactly one header row");
        assert!(records.iter().all(|r| r.len() == header.len()), "every row has {} fields", header.len());
        let expected_header = [
            "submission",
            "points",
            "max",
            "percent",
            "works_percent",
            "habits_percent",
            "estimated_level",
            "junior_percent",
            "junior_works_percent",
            "junior_habits_percent",
            "junior_clean",
            "junior_verdict",
            "mid_percent",
            "mid_works_percent",
            "mid_habits_percent",
            "mid_clean",
            "mid_verdict",
            "senior_percent",
            "senior_works_percent",
            "senior_habits_percent",
            "senior_clean",
            "senior_verdict",
            "junior-02-borrowing",
            "junior-02-borrowing_max",
            "mid-03-shared-ownership",
            "mid-03-shared-ownership_max",
            "senior-01-send-sync",
            "senior-01-send-sync_max",
            "senior-04-api-design",
            "senior-04-api-design_max",
            "senior-08-right-tool",
            "senior-08-right-tool_max",
            "zzz-extra",
            "zzz-extra_max",
            "red_flags",
        ];
        assert_eq!(header, &expected_header);

        let field = |row: &Vec<String>, column: &str| -> String {
            let at = header.iter().position(|h| h == column).unwrap_or_else(|| panic!("no column {column}"));
            row[at].clone()
        };
        let alice = &records[1];
        assert_eq!(field(alice, "submission"), "alice");
        assert_eq!(field(alice, "percent"), "56.3");
        assert_eq!((field(alice, "works_percent"), field(alice, "habits_percent")), ("33.3".into(), "67.9".into()));
        assert_eq!(field(alice, "estimated_level"), "junior");
        assert_eq!(field(alice, "junior_percent"), "90.5");
        assert_eq!(field(alice, "mid_verdict"), "fail");
        let junior = &fixture().levels[&Level::Junior];
        assert_eq!(field(alice, "junior_works_percent"), format!("{:.1}", junior.works.percent));
        assert_eq!(field(alice, "junior_habits_percent"), format!("{:.1}", junior.habits.percent));
        assert_eq!(field(alice, "junior_clean"), format!("{}/{}", junior.clean, junior.judged));
        assert_eq!(field(alice, "junior-02-borrowing"), "19");
        assert_eq!(field(alice, "senior-04-api-design"), "0");
        assert_eq!(field(alice, "zzz-extra"), "", "not graded for alice");
        assert_eq!(field(alice, "red_flags"), "2");

        let jane = &records[2];
        assert_eq!(field(jane, "submission"), "Doe, Jane \"JD\"\nsecond line");
        assert_eq!(field(jane, "estimated_level"), "");
        assert_eq!((field(jane, "mid_percent"), field(jane, "mid_verdict")), (String::new(), String::new()));
        assert_eq!(field(jane, "mid_clean"), "", "a level not graded has empty cells");
        assert_eq!(field(jane, "senior-04-api-design"), "");
        assert_eq!(field(jane, "junior-02-borrowing"), "", "renamed to zzz-extra");
        assert_eq!(field(jane, "zzz-extra"), "19");
    }

    #[test]
    fn csv_of_no_reports_is_just_the_header() {
        let out = csv(&[]);
        let records = parse_csv(&out);
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].first().map(String::as_str), Some("submission"));
        assert_eq!(records[0].last().map(String::as_str), Some("red_flags"));
    }
}

#[cfg(test)]
mod batch_notes {
    use super::*;
    use crate::report::fixture::named;

    #[test]
    fn a_batch_csv_lists_what_was_not_graded_and_the_similar_pairs() {
        let notes = BatchNotes {
            not_graded: vec![("carol".into(), "=cannot read carol.zip".into())],
            similar: vec![("junior-02-borrowing".into(), "alice".into(), "bob".into(), 0.93)],
        };
        let reports = [named("alice"), named("bob")];
        let text = csv_batch(&reports, &notes);
        let mut reader = ::csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let header = reader.headers().expect("a header").clone();
        let column = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no {name}"));
        let rows: Vec<::csv::StringRecord> = reader.records().map(|row| row.expect("a row")).collect();
        assert_eq!(rows.len(), 3);
        assert_eq!(&rows[0][column("similar_to")], "bob (junior-02-borrowing, 0.93)");
        assert_eq!(&rows[1][column("similar_to")], "alice (junior-02-borrowing, 0.93)");
        assert_eq!((&rows[2][0], &rows[2][column("not_graded")]), ("carol", "'=cannot read carol.zip"));
        assert!(rows.iter().all(|row| row.len() == header.len()));
        let max = reports[0].exercises.iter().find(|e| e.id == "junior-02-borrowing").map(|e| e.max.to_string());
        assert_eq!(Some(&rows[0][column("junior-02-borrowing_max")]), max.as_deref());
    }
}

#[cfg(test)]
mod injection {
    use super::*;
    use crate::report::fixture::named;

    #[test]
    fn a_cell_a_spreadsheet_would_run_is_shown_as_text_and_reads_back_with_the_csv_crate() {
        let reports = [named("=HYPERLINK(\"http://evil\",\"click\")"), named("+1, \"quoted\"\nline")];
        let text = csv(&reports);
        let mut reader = ::csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let names: Vec<String> = reader.records().map(|record| record.expect("a CSV record")[0].to_owned()).collect();
        assert_eq!(names, ["'=HYPERLINK(\"http://evil\",\"click\")", "'+1, \"quoted\"\nline"]);
        assert!(text.ends_with("\r\n"), "CRLF line ends");
    }
}
