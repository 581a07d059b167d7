//! Chaff: buggy variants of an exercise's reference solution (`chaff/<name>.patch`), against which
//! a candidate's own tests are run: a test that fails on a chaff (and passes on the reference)
//! catches it. Each patch is a header (`bug:`, `origin:`, `mutant:`) and a unified diff against
//! `solution/`, applied exactly (no fuzz) when the set loads. The main type is [`Chaff`].

use serde::Serialize;

use crate::filetree::FileTree;

/// Where a chaff came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChaffOrigin {
    /// Chosen from `cargo mutants --list --diff` over the reference.
    CargoMutants,
    /// Written by the exercise's author, usually the question's weak answer made a bug.
    HandWritten,
}

/// One buggy variant of the reference solution.
#[derive(Debug, Clone, Serialize)]
pub struct Chaff {
    /// The patch's file name without `.patch`.
    pub name: String,
    /// The bug in plain words, for the interviewer.
    pub bug: String,
    pub origin: ChaffOrigin,
    /// cargo-mutants' own description of the mutation.
    pub mutant: Option<String>,
    /// The editable files of the reference with the patch applied (only the files it changes).
    #[serde(skip)]
    pub files: FileTree,
}

impl Chaff {
    /// Reads `chaff/<name>.patch` and applies it to `solution`.
    pub fn parse(name: &str, text: &str, solution: &FileTree) -> Result<Chaff, String> {
        let (header, diff) = match text.find("\n--- ") {
            Some(at) => (&text[..at], &text[at + 1..]),
            None => return Err(format!("chaff/{name}.patch holds no unified diff (no `--- ` line)")),
        };
        let mut bug = None;
        let mut origin = None;
        let mut mutant = None;
        for line in header.lines().map(str::trim).filter(|line| !line.is_empty()) {
            let Some((key, value)) = line.split_once(':') else {
                return Err(format!("chaff/{name}.patch: header line `{line}` is not `key: value`"));
            };
            let value = value.trim().to_owned();
            match key.trim() {
                "bug" => bug = Some(value),
                "origin" => {
                    origin = Some(match value.as_str() {
                        "cargo-mutants" => ChaffOrigin::CargoMutants,
                        "hand-written" => ChaffOrigin::HandWritten,
                        other => {
                            return Err(format!(
                                "chaff/{name}.patch: origin `{other}` is neither `cargo-mutants` nor `hand-written`"
                            ))
                        }
                    })
                }
                "mutant" => mutant = Some(value),
                other => return Err(format!("chaff/{name}.patch: unknown header `{other}`")),
            }
        }
        let bug = bug.filter(|bug| !bug.is_empty()).ok_or_else(|| format!("chaff/{name}.patch has no `bug:` line"))?;
        let origin = origin.ok_or_else(|| format!("chaff/{name}.patch has no `origin:` line"))?;
        let files = apply(diff, solution).map_err(|err| format!("chaff/{name}.patch does not apply: {err}"))?;
        Ok(Chaff { name: name.to_owned(), bug, origin, mutant, files })
    }
}

/// Applies a unified diff to `base` exactly: every context and removed line must match where the
/// hunk says. Returns the changed files only.
pub fn apply(diff: &str, base: &FileTree) -> Result<FileTree, String> {
    let mut out = FileTree::new();
    let mut lines = diff.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(old) = line.strip_prefix("--- ") else {
            if line.trim().is_empty() {
                continue;
            }
            return Err(format!("expected a `--- a/<path>` line, found `{line}`"));
        };
        let new = lines.next().and_then(|line| line.strip_prefix("+++ ")).ok_or("a `--- ` line without `+++ `")?;
        let path = strip_side(new, "b/").or_else(|| strip_side(old, "a/")).ok_or("a file path without a/ or b/")?;
        let original = base.text(&path).ok_or_else(|| format!("{path} is not in solution/ (or not UTF-8)"))?;
        let source: Vec<&str> = original.lines().collect();
        let mut result: Vec<String> = Vec::new();
        let mut at = 0_usize;
        while lines.peek().is_some_and(|line| line.starts_with("@@")) {
            let hunk = lines.next().unwrap_or_default();
            let start = hunk_start(hunk).ok_or_else(|| format!("bad hunk header `{hunk}`"))?;
            // Lines before the hunk are copied; hunks come in order.
            let begin = start.saturating_sub(1);
            if begin < at {
                return Err(format!("hunk `{hunk}` overlaps the one before"));
            }
            result
                .extend(source.get(at..begin).ok_or("a hunk past the end of the file")?.iter().map(|s| s.to_string()));
            at = begin;
            while let Some(line) = lines.peek() {
                if line.starts_with("@@") || line.starts_with("--- ") {
                    break;
                }
                let line = lines.next().unwrap_or_default();
                if line.starts_with('\\') {
                    continue;
                }
                let (mark, text) = line.split_at(line.len().min(1));
                match mark {
                    "+" => result.push(text.to_owned()),
                    " " | "" | "-" => {
                        if source.get(at) != Some(&text) {
                            return Err(format!("line {} of {path} is not `{text}`", at + 1));
                        }
                        at += 1;
                        if mark != "-" {
                            result.push(text.to_owned());
                        }
                    }
                    _ => return Err(format!("unexpected diff line `{line}`")),
                }
            }
        }
        result.extend(source[at.min(source.len())..].iter().map(|s| s.to_string()));
        let mut text = result.join("\n");
        if original.ends_with('\n') {
            text.push('\n');
        }
        if out.get(&path).is_some() {
            return Err(format!("{path} is patched twice"));
        }
        out.insert(&path, text);
    }
    if out.is_empty() {
        return Err("it changes no file".into());
    }
    Ok(out)
}

/// `a/src/lib.rs<TAB>date` → `src/lib.rs`.
fn strip_side(header: &str, side: &str) -> Option<String> {
    let path = header.split('\t').next()?.trim();
    path.strip_prefix(side).filter(|path| !path.is_empty() && !path.contains("..")).map(str::to_owned)
}

/// `@@ -53,7 +53,7 @@` → 53.
fn hunk_start(header: &str) -> Option<usize> {
    let old = header.strip_prefix("@@ -")?.split([' ', ',']).next()?;
    old.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn solution() -> FileTree {
        let mut tree = FileTree::new();
        tree.insert("src/lib.rs", "pub fn f(x: u32) -> bool {\n    x < 3\n}\n\npub fn g() -> u32 {\n    7\n}\n");
        tree
    }

    #[test]
    fn a_patch_applies_exactly_and_keeps_its_header() {
        let text = "bug: `f` accepts 3.\norigin: cargo-mutants\nmutant: replace < with <= in f\n\n\
                    --- a/src/lib.rs\n+++ b/src/lib.rs\n@@ -1,3 +1,3 @@\n pub fn f(x: u32) -> bool {\n-    x < 3\n+    x <= 3\n }\n\
                    @@ -6,1 +6,1 @@\n-    7\n+    8\n";
        let chaff = Chaff::parse("le", text, &solution()).expect("applies");
        assert_eq!(chaff.bug, "`f` accepts 3.");
        assert_eq!(chaff.origin, ChaffOrigin::CargoMutants);
        assert_eq!(chaff.mutant.as_deref(), Some("replace < with <= in f"));
        assert_eq!(
            chaff.files.text("src/lib.rs"),
            Some("pub fn f(x: u32) -> bool {\n    x <= 3\n}\n\npub fn g() -> u32 {\n    8\n}\n")
        );
    }

    #[test]
    fn a_patch_that_does_not_match_is_refused_with_the_line() {
        let text = "bug: b\norigin: hand-written\n\n--- a/src/lib.rs\n+++ b/src/lib.rs\n@@ -2,1 +2,1 @@\n-    x > 3\n+    x <= 3\n";
        let err = Chaff::parse("x", text, &solution()).expect_err("refused");
        assert!(err.contains("line 2 of src/lib.rs"), "{err}");
        let no_bug =
            "origin: hand-written\n\n--- a/src/lib.rs\n+++ b/src/lib.rs\n@@ -2,1 +2,1 @@\n-    x < 3\n+    x <= 3\n";
        assert!(Chaff::parse("x", no_bug, &solution()).expect_err("refused").contains("bug:"));
        let outside = "bug: b\norigin: hand-written\n\n--- a/../x.rs\n+++ b/../x.rs\n@@ -1,1 +1,1 @@\n-a\n+b\n";
        assert!(Chaff::parse("x", outside, &solution()).is_err());
    }
}
