//! Lists the tests an exercise's test files declare, from their source (with `syn`), so the grader
//! knows every test and its points even when a submission does not compile. The main type is
//! [`TestCase`]; [`TestKind`] names the kinds of scored checks and owns their name prefixes.

use serde::{Deserialize, Serialize};

/// One scored check of an exercise. A `#[test]` function is named as libtest names it inside the
/// grader's test binary (`<file stem>::<module path>::<fn>`); a must-not-compile check is
/// `compile_fail::<name>` and a resource budget `budget::<name>`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TestCase {
    pub name: String,
    /// Whether it comes from `hidden/` (the candidate never saw it).
    pub hidden: bool,
    pub kind: TestKind,
}

/// What kind of check a [`TestCase`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TestKind {
    /// A `#[test]` function, run in its own process.
    Test,
    /// A snippet that must fail to compile against the candidate's crate.
    CompileFail,
    /// A measurement reported by a test, held to a budget.
    Budget,
    /// A checklist item of a written answer.
    Written,
}

impl TestKind {
    /// What the names of checks of this kind start with (`compile_fail::`); empty for tests,
    /// whose names are libtest's.
    pub fn prefix(self) -> &'static str {
        match self {
            TestKind::Test => "",
            TestKind::CompileFail => "compile_fail::",
            TestKind::Budget => "budget::",
            TestKind::Written => "written::",
        }
    }

    /// The full name of the check `short` of this kind (`compile_fail::<short>`).
    pub fn check_name(self, short: &str) -> String {
        format!("{}{short}", self.prefix())
    }
}

impl TestCase {
    /// A hidden check that is not a `#[test]` function: `kind`'s prefix, then `short`.
    pub fn check(kind: TestKind, short: &str) -> TestCase {
        TestCase { name: kind.check_name(short), hidden: true, kind }
    }
}

/// The check every written answer has: it is at least `min_words` long.
pub const WRITTEN_LENGTH_CHECK: &str = "long_enough";
/// The check of a written answer with workloads: it states a choice for each.
pub const WRITTEN_DECISION_CHECK: &str = "decides_per_workload";

/// The `#[test]` functions in one test file, not counting `#[ignore]`d ones.
pub fn tests_in_file(module: &str, source: &str) -> Result<Vec<String>, syn::Error> {
    let file = syn::parse_file(source)?;
    let mut names = Vec::new();
    collect(&file.items, module, &mut names);
    Ok(names)
}

fn has_attr(attrs: &[syn::Attribute], name: &str) -> bool {
    attrs.iter().any(|attr| attr.path().is_ident(name))
}

fn collect(items: &[syn::Item], prefix: &str, names: &mut Vec<String>) {
    for item in items {
        match item {
            syn::Item::Fn(function) if has_attr(&function.attrs, "test") && !has_attr(&function.attrs, "ignore") => {
                names.push(format!("{prefix}::{}", function.sig.ident));
            }
            syn::Item::Mod(module) => {
                if let Some((_, inner)) = &module.content {
                    collect(inner, &format!("{prefix}::{}", module.ident), names);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::tests_in_file;

    #[test]
    fn finds_tests_in_nested_modules_and_skips_ignored_ones() {
        let source = r#"
            use std::fmt;
            #[test] fn top() {}
            #[test] #[ignore] fn slow() {}
            fn helper() {}
            mod edge { #[test] #[should_panic] fn panics() { panic!() } }
        "#;
        let names = tests_in_file("hidden", source).expect("parses");
        assert_eq!(names, ["hidden::top", "hidden::edge::panics"]);
    }

    #[test]
    fn reports_syntax_errors() {
        assert!(tests_in_file("visible", "fn broken( {").is_err());
    }
}
