//! Lists the tests an exercise's test files declare, from their source (with `syn`), so the grader
//! knows every test and its points even when a submission does not compile.

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
