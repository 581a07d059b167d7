//! Arms the pass witness in the test files the grader stages: every `#[test]` function begins by
//! holding `crate::grader_witness::arm(…)` (the module in `grader/measure/grader_witness.rs`),
//! which reports the pass to the grader over a channel only once the function has returned. The
//! guard is inserted right after the function's opening brace, on the same line, so every line
//! number a panic reports stays the file's own. The main function is [`arm_tests`].

use crate::error::Error;

/// The witness module added at the root of every test crate.
pub const WITNESS_MODULE: &str = "grader_witness";
pub const WITNESS_SOURCE: &str = include_str!("../../measure/grader_witness.rs");

/// `source` (a test file of exercise `id`, named `file`) with every `#[test]` function armed.
pub fn arm_tests(id: &str, file: &str, source: &[u8]) -> Result<Vec<u8>, Error> {
    let invalid = |reason: String| Error::InvalidExercise { id: id.to_owned(), reason: format!("{file}: {reason}") };
    let text = std::str::from_utf8(source).map_err(|_| invalid("is not UTF-8".into()))?;
    let parsed = syn::parse_file(text).map_err(|err| invalid(format!("does not parse: {err}")))?;
    let mut inserts = Vec::new();
    collect(&parsed.items, &mut inserts);
    let starts = line_starts(text);
    let mut at: Vec<(usize, String)> = inserts
        .into_iter()
        .map(|(line, column, guard)| {
            let line_start =
                *starts.get(line.saturating_sub(1)).ok_or_else(|| invalid("a span past its end".into()))?;
            let byte =
                text[line_start..].char_indices().nth(column).map_or(text.len(), |(index, _)| line_start + index);
            // The span starts at the brace itself: insert after it.
            Ok((byte + 1, guard))
        })
        .collect::<Result<_, Error>>()?;
    at.sort_by_key(|(byte, _)| std::cmp::Reverse(*byte));
    let mut out = text.to_owned();
    for (byte, guard) in at {
        if out.as_bytes().get(byte - 1) != Some(&b'{') {
            return Err(invalid("a test function's body does not start where its span says".into()));
        }
        out.insert_str(byte, &guard);
    }
    Ok(out.into_bytes())
}

/// `(line, column, guard)` for every `#[test]` function in `items`, nested modules included.
fn collect(items: &[syn::Item], out: &mut Vec<(usize, usize, String)>) {
    for item in items {
        match item {
            syn::Item::Fn(function) if has_attribute(&function.attrs, "test") => {
                let expects_panic = has_attribute(&function.attrs, "should_panic");
                let start = function.block.brace_token.span.open().start();
                let name = function.sig.ident.to_string();
                let guard = format!(
                    " let __grader_witness = crate::{WITNESS_MODULE}::arm(module_path!(), {name:?}, {expects_panic});"
                );
                out.push((start.line, start.column, guard));
            }
            syn::Item::Mod(module) => {
                if let Some((_, items)) = &module.content {
                    collect(items, out);
                }
            }
            _ => {}
        }
    }
}

fn has_attribute(attributes: &[syn::Attribute], name: &str) -> bool {
    attributes.iter().any(|attribute| attribute.path().is_ident(name))
}

/// Byte offset of the start of every line.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(text.match_indices('\n').map(|(index, _)| index + 1)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_test_function_is_armed_on_its_own_first_line() {
        let source = "use super::*;\n\n#[test]\nfn plain() {\n    assert_eq!(1, 1);\n}\n\nfn helper() -> u8 { 1 }\n\n\
                      mod inner {\n    #[test]\n    #[should_panic]\n    fn panics() { panic!(\"é\") }\n}\n";
        let armed = String::from_utf8(arm_tests("x", "hidden.rs", source.as_bytes()).expect("arms")).expect("utf8");
        assert_eq!(armed.lines().count(), source.lines().count(), "line numbers stay the file's own");
        assert!(armed.contains(
            "fn plain() { let __grader_witness = crate::grader_witness::arm(module_path!(), \"plain\", false);\n"
        ));
        assert!(armed.contains(
            "fn panics() { let __grader_witness = crate::grader_witness::arm(module_path!(), \"panics\", true); panic!(\"é\") }"
        ));
        assert!(armed.contains("fn helper() -> u8 { 1 }"), "helpers are left alone");
    }

    #[test]
    fn a_test_file_that_does_not_parse_is_an_error_of_the_exercise() {
        let err = arm_tests("x", "hidden.rs", b"#[test] fn broken( {").expect_err("does not parse");
        assert!(err.to_string().contains("hidden.rs: does not parse"), "{err}");
    }
}
