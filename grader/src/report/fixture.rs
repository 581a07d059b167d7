//! A report used by the renderers' tests: one exercise of every status, red flags (one on an
//! exercise that does not compile), a written answer under manual review, and messages full of
//! Markdown and XML syntax. The main function is [`fixture`].

use super::model::Report;

/// A report with one exercise of every status, red flags (one on an exercise that does not
/// compile), a written answer under manual review, and messages full of Markdown and XML
/// syntax.
pub(super) const FIXTURE: &str = r#"{
  "schema_version": 2,
  "grader_version": "0.1.0",
  "toolchain": "rustc 1.95.0 (59807616e 2026-04-14)",
  "submission": "alice",
  "score": { "points": 45, "max": 80, "percent": 56.3 },
  "works": { "points": 9, "max": 27, "percent": 33.3 },
  "habits": { "points": 36, "max": 53, "percent": 67.9 },
  "levels": {
    "junior": { "points": 19, "max": 21, "percent": 90.5, "verdict": "pass",
      "works": { "points": 6, "max": 6, "percent": 100.0 }, "habits": { "points": 13, "max": 15, "percent": 86.7 }, "judged": 1, "clean": 0 },
    "mid": { "points": 0, "max": 19, "percent": 0.0, "verdict": "fail",
      "works": { "points": 0, "max": 4, "percent": 0.0 }, "habits": { "points": 0, "max": 15, "percent": 0.0 }, "judged": 0, "clean": 0 },
    "senior": { "points": 26, "max": 40, "percent": 65.0, "verdict": "fail",
      "works": { "points": 3, "max": 17, "percent": 17.6 }, "habits": { "points": 23, "max": 23, "percent": 100.0 }, "judged": 2, "clean": 2 }
  },
  "estimated_level": "junior",
  "exercises": [
    {
      "id": "junior-02-borrowing", "level": "junior", "title": "Move money", "status": "passed",
      "points": 19, "max": 21, "compile_errors": [],
      "works": { "points": 6, "max": 6, "percent": 100.0 }, "habits": { "points": 13, "max": 15, "verdict": "red_flag" },
      "tests": [
        { "name": "visible::moves_money", "hidden": false, "kind": "test", "status": "passed", "message": null, "points": 1, "max": 1 },
        { "name": "hidden::rejects_self", "hidden": true, "kind": "test", "status": "passed", "message": null, "points": 1, "max": 1 }
      ],
      "red_flags": [
        {
          "id": "excess_clones", "message": "clones to get past the borrow checker (3 found; the reference solution has 0)",
          "file": "junior-02-borrowing/src/lib.rs", "line": 31, "penalty": 2,
          "evidence": [
            { "file": "junior-02-borrowing/src/lib.rs", "line": 31, "snippet": "let mut copy: Vec<Account> = accounts.to_vec();", "seen_by": "syntax" },
            { "file": "junior-02-borrowing/src/lib.rs", "line": 40, "snippet": "let b = a.clone();", "seen_by": "clippy::redundant_clone" }
          ]
        }
      ],
      "files_from_candidate": ["src/lib.rs"], "files_from_starter": [], "ignored": [], "manual_review": null
    },
    {
      "id": "mid-03-shared-ownership", "level": "mid", "title": "Price baskets on threads", "status": "compile_error",
      "points": 0, "max": 19,
      "works": { "points": 0, "max": 4, "percent": 0.0 }, "habits": { "points": 0, "max": 15, "verdict": "not_judged" },
      "compile_errors": [
        { "code": "E0277", "message": "`Rc<Catalog>` cannot be sent between threads safely", "file": "mid-03-shared-ownership/src/lib.rs", "line": 44,
          "rendered": "error[E0277]: `Rc<Catalog>` cannot be sent between threads safely\n  --> mid-03-shared-ownership/src/lib.rs:44:36\n" },
        { "code": "E0599", "message": "second error, not shown", "file": "mid-03-shared-ownership/src/lib.rs", "line": 60, "rendered": null }
      ],
      "tests": [
        { "name": "visible::prices_each_basket", "hidden": false, "kind": "test", "status": "not_run", "message": null, "points": 0, "max": 1 },
        { "name": "hidden::empty_basket", "hidden": true, "kind": "test", "status": "not_run", "message": null, "points": 0, "max": 1 },
        { "name": "compile_fail::rc_is_not_send", "hidden": true, "kind": "compile_fail", "status": "not_run", "message": null, "points": 0, "max": 1 }
      ],
      "red_flags": [
        {
          "id": "trait_bound_unresolved", "message": "still fails with E0277", "file": "mid-03-shared-ownership/src/lib.rs", "line": 44, "penalty": 0,
          "evidence": [ { "file": "mid-03-shared-ownership/src/lib.rs", "line": 44, "snippet": "workers.push(thread::spawn(move || {", "seen_by": "compiler E0277" } ]
        }
      ],
      "files_from_candidate": ["src/lib.rs"], "files_from_starter": [], "ignored": [], "manual_review": null
    },
    {
      "id": "senior-01-send-sync", "level": "senior", "title": "Share a counter", "status": "partial",
      "points": 16, "max": 22, "compile_errors": [],
      "works": { "points": 1, "max": 7, "percent": 14.3 }, "habits": { "points": 15, "max": 15, "verdict": "clean" },
      "tests": [
        { "name": "visible::counts_hits", "hidden": false, "kind": "test", "status": "passed", "message": null, "points": 1, "max": 1 },
        { "name": "hidden::totals_match", "hidden": true, "kind": "test", "status": "failed",
          "message": "thread 'hidden::totals_match' panicked at tests/hidden.rs:9:5:\nassertion `left == right` failed | left: <1> & \"one\"\n  right: 2", "points": 0, "max": 2 },
        { "name": "budget::allocations", "hidden": true, "kind": "budget", "status": "timed_out", "message": null, "points": 0, "max": 2 }
      ],
      "red_flags": [],
      "files_from_candidate": ["src/lib.rs"], "files_from_starter": [], "ignored": [], "manual_review": null
    },
    {
      "id": "senior-04-api-design", "level": "senior", "title": "Design an API", "status": "missing",
      "points": 0, "max": 6, "compile_errors": [],
      "works": { "points": 0, "max": 6, "percent": 0.0 }, "habits": { "points": 0, "max": 0, "verdict": "not_judged" },
      "tests": [
        { "name": "visible::builds", "hidden": false, "kind": "test", "status": "not_run", "message": null, "points": 0, "max": 1 },
        { "name": "hidden::validates", "hidden": true, "kind": "test", "status": "not_run", "message": null, "points": 0, "max": 1 }
      ],
      "red_flags": [], "files_from_candidate": [], "files_from_starter": [], "ignored": [], "manual_review": null
    },
    {
      "id": "senior-08-right-tool", "level": "senior", "title": "Rust or not", "status": "partial",
      "points": 10, "max": 12, "compile_errors": [],
      "works": { "points": 2, "max": 4, "percent": 50.0 }, "habits": { "points": 8, "max": 8, "verdict": "clean" },
      "tests": [
        { "name": "written::long_enough", "hidden": true, "kind": "written", "status": "passed", "message": "165 words", "points": 2, "max": 2 },
        { "name": "written::names_what_rust_costs", "hidden": true, "kind": "written", "status": "failed", "message": "names none of: learning curve, compile time", "points": 0, "max": 2 }
      ],
      "red_flags": [], "files_from_candidate": ["DECISION.md"], "files_from_starter": [], "ignored": [],
      "manual_review": { "file": "DECISION.md", "words": 165, "probes": ["(not named) Which cost of Rust would hurt most?", "Why is Python good enough?"] }
    }
  ],
  "ignored": [],
  "skipped_checks": ["clippy lints: clippy is not installed"]
}"#;

pub(super) fn fixture() -> Report {
    serde_json::from_str(FIXTURE).expect("the fixture is a valid report")
}

/// The fixture under another submission name.
pub(super) fn named(name: &str) -> Report {
    let mut report = fixture();
    report.submission = name.to_owned();
    report
}
