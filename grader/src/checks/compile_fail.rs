//! Must-not-compile checks: the compiler must reject an illegal use of the candidate's API
//! (optionally with a given rustc code), built as extra targets in the same cargo run as
//! everything else. The main function is [`compile_fail_result`].

use crate::build::SnippetBuild;
use crate::exercise::CompileFailCheck;
use crate::run::{TestRun, TestStatus};

/// Whether the snippet of `check` was rejected as it must be.
pub(super) fn compile_fail_result(check: &CompileFailCheck, snippet: Option<&SnippetBuild>) -> TestRun {
    let Some(snippet) = snippet else {
        return TestRun::new(TestStatus::NotRun, Some("the snippet was not built".into()));
    };
    if snippet.compiled {
        return TestRun::new(
            TestStatus::Failed,
            Some(format!("`{}` compiled, but the API must reject it", check.file)),
        );
    }
    let codes: Vec<&str> = snippet.errors.iter().filter_map(|error| error.code.as_deref()).collect();
    match &check.code {
        Some(code) if !codes.contains(&code.as_str()) => {
            let got = snippet.errors.first().map_or_else(String::new, |error| format!(": {}", error.message));
            TestRun::new(
                TestStatus::Failed,
                Some(format!("`{}` is rejected, but not with {code} (got {codes:?}{got})", check.file)),
            )
        }
        _ => TestRun::new(TestStatus::Passed, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::CompileError;

    fn check(code: Option<&str>) -> CompileFailCheck {
        CompileFailCheck {
            name: "not_sync".into(),
            file: "compile_fail/not_sync.rs".into(),
            code: code.map(Into::into),
        }
    }

    fn rejected_with(code: &str) -> SnippetBuild {
        let mut error = CompileError::without_place("m".into());
        error.code = Some(code.into());
        SnippetBuild { compiled: false, errors: vec![error] }
    }

    #[test]
    fn a_snippet_passes_only_when_rejected_with_the_right_code() {
        let compiled = SnippetBuild { compiled: true, errors: Vec::new() };
        assert_eq!(compile_fail_result(&check(Some("E0277")), Some(&compiled)).status, TestStatus::Failed);
        assert_eq!(
            compile_fail_result(&check(Some("E0277")), Some(&rejected_with("E0277"))).status,
            TestStatus::Passed
        );
        let wrong = compile_fail_result(&check(Some("E0277")), Some(&rejected_with("E0425")));
        assert_eq!(wrong.status, TestStatus::Failed);
        assert!(wrong.message.unwrap_or_default().contains("E0425"));
        assert_eq!(compile_fail_result(&check(None), Some(&rejected_with("E0425"))).status, TestStatus::Passed);
        assert_eq!(compile_fail_result(&check(None), None).status, TestStatus::NotRun);
    }
}
