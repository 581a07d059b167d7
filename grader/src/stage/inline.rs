//! Inlined chaff: the schemata ([`super::schema`]) of every exercise that allows it, each a
//! module of one shared library, [`SCHEMAS`], instead of a library of its own. rustc spends about
//! 70 ms on any crate whatever its size, and an exercise's schema is mostly that: one library for
//! all of them is most of the cost of the chaff's libraries saved. The combined chaff binary then
//! takes a copy of the candidate's test files in which each path through the exercise's crate
//! (`ledger::transfer`) goes through its module instead (`grader_chaffschemas::ledger::transfer`).
//!
//! Whatever could change meaning keeps the exercise on its own chaff library, as before: a
//! manifest with dependencies, features or another edition; a macro exported from the crate; a
//! `#[path]`; a crate-level attribute; a `crate` that is not the start of a path; a macro that
//! reads the package, its files or the module path (`env!`, `include_str!`, `module_path!`); test
//! code that names the crate other than as the start of a path. The main type is [`InlineChaff`].

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

use super::layout::COMBINED_EDITION;
use crate::filetree::FileTree;

/// The package, and library, of the shared schemata. Not of the form `grader_chaff_<crate>`, the
/// chaff package of an exercise whose crate is `<crate>`, so no exercise can take its name.
pub const SCHEMAS: &str = "grader_chaffschemas";

/// The folder of a chaff package holding what the shared library and the combined chaff binary
/// take from it: `schema/` (the module) and `tests/` (the rewritten test files).
pub const INLINE_DIR: &str = "grader_inline";

/// One exercise's chaff, made into a module of the shared library.
#[derive(Debug, Clone)]
pub struct InlineChaff {
    /// The schema as a module folder: `mod.rs` (its `src/lib.rs`) and the other files of `src/`,
    /// every `crate::` path pointing into the module.
    pub module: FileTree,
    /// The candidate's test folder (`candidate_<stem>/…`), every path through the exercise's crate
    /// going through the module.
    pub tests: FileTree,
}

/// `package` (the chaff package's files, its manifest `manifest`) as a module `crate_name` of the
/// shared library, with `tests` (the candidate's test folder) rewritten to use it; `None` when
/// some part of it could change meaning there.
pub fn inline_chaff(
    crate_name: &str,
    package: &FileTree,
    manifest: &toml::Table,
    tests: &FileTree,
) -> Option<InlineChaff> {
    if !plain_manifest(manifest) {
        return None;
    }
    let mut module = FileTree::new();
    for (path, bytes) in package.iter() {
        let Some(inside) = path.strip_prefix("src/").filter(|_| path.ends_with(".rs")) else { continue };
        let inside = if inside == "lib.rs" {
            "mod.rs"
        } else if inside == "mod.rs" {
            return None;
        } else {
            inside
        };
        let text = std::str::from_utf8(bytes).ok()?;
        module.insert(inside, module_source(text, crate_name)?);
    }
    module.text("mod.rs")?;
    let through = format!("{SCHEMAS}::{crate_name}");
    let mut rewritten = FileTree::new();
    for (path, bytes) in tests.iter() {
        // Only the test folders: the crate root, the witness and measuring modules are the
        // combined binary's own.
        if !path.contains('/') {
            continue;
        }
        if path.ends_with(".rs") {
            let text = std::str::from_utf8(bytes).ok()?;
            rewritten.insert(path, crate_paths_through(text, crate_name, &through)?);
        } else {
            rewritten.insert(path, bytes);
        }
    }
    Some(InlineChaff { module, tests: rewritten })
}

/// Macros whose expansion depends on the package, its folder or the module they are in.
const PLACE_MACROS: &[&str] = &["env", "option_env", "include", "include_str", "include_bytes", "module_path"];

/// A chaff package's manifest that says nothing a module cannot keep: the combined edition, no
/// dependency, feature, build script or procedural macro.
fn plain_manifest(manifest: &toml::Table) -> bool {
    let empty = |key: &str| manifest.get(key).is_none_or(|value| value.as_table().is_some_and(toml::Table::is_empty));
    let known = manifest
        .keys()
        .all(|key| ["package", "lib", "test", "dependencies", "dev-dependencies"].contains(&key.as_str()));
    let package = manifest.get("package").and_then(toml::Value::as_table);
    let edition = package.and_then(|package| package.get("edition")).and_then(toml::Value::as_str);
    let no_build = package.and_then(|package| package.get("build")).is_none_or(|build| build.as_bool() == Some(false));
    let lib = manifest.get("lib").and_then(toml::Value::as_table);
    let plain_lib = lib.is_none_or(|lib| {
        lib.get("proc-macro").is_none_or(|value| value.as_bool() == Some(false))
            && lib.get("path").is_none_or(|path| path.as_str() == Some("src/lib.rs"))
    });
    known
        && empty("dependencies")
        && empty("dev-dependencies")
        && edition == Some(COMBINED_EDITION)
        && no_build
        && plain_lib
}

/// A source file of the schema as a file of module `module`: `crate::x` becomes
/// `crate::<module>::x` (and `$crate::x` likewise); `None` for anything a module would change.
fn module_source(text: &str, module: &str) -> Option<String> {
    let stream: TokenStream = text.parse().ok()?;
    Some(module_tokens(stream, module)?.to_string())
}

fn module_tokens(stream: TokenStream, module: &str) -> Option<TokenStream> {
    let trees: Vec<TokenTree> = stream.into_iter().collect();
    let mut out = Vec::with_capacity(trees.len());
    for (at, tree) in trees.iter().enumerate() {
        let previous = at.checked_sub(1).and_then(|before| trees.get(before));
        match tree {
            TokenTree::Ident(ident) if ident == "macro_export" => return None,
            // Macros that read the package, its files or the module path would read the shared
            // library's instead.
            TokenTree::Ident(ident)
                if PLACE_MACROS.iter().any(|name| ident == name) && is_punct(trees.get(at + 1), '!') =>
            {
                return None
            }
            TokenTree::Ident(ident) if ident == "crate" => {
                out.push(tree.clone());
                if starts_path(&trees[at + 1..]) {
                    let inserted: TokenStream = format!(":: {module}").parse().ok()?;
                    out.extend(inserted);
                } else if trees.len() != 1 {
                    // `pub(crate)` is the one `crate` allowed alone (as the only token of its group).
                    return None;
                }
            }
            TokenTree::Group(group) => {
                // An attribute: `#[path]` moves files, and crate-level ones (`#![no_std]`) have no
                // place in a module; lint levels and documentation do.
                let inner_attribute = at >= 2 && is_punct(previous, '!') && is_punct(trees.get(at - 2), '#');
                if group.delimiter() == Delimiter::Bracket && inner_attribute {
                    let first = group.stream().into_iter().next();
                    let name = match first {
                        Some(TokenTree::Ident(ident)) => ident.to_string(),
                        _ => return None,
                    };
                    if !["allow", "warn", "deny", "forbid", "expect", "doc"].contains(&name.as_str()) {
                        return None;
                    }
                }
                if group.delimiter() == Delimiter::Bracket && is_punct(previous, '#') {
                    if let Some(TokenTree::Ident(ident)) = group.stream().into_iter().next() {
                        if ident == "path" {
                            return None;
                        }
                    }
                }
                let mut inner = proc_macro2::Group::new(group.delimiter(), module_tokens(group.stream(), module)?);
                inner.set_span(group.span());
                out.push(TokenTree::Group(inner));
            }
            _ => out.push(tree.clone()),
        }
    }
    Some(out.into_iter().collect())
}

fn is_punct(tree: Option<&TokenTree>, c: char) -> bool {
    matches!(tree, Some(TokenTree::Punct(punct)) if punct.as_char() == c)
}

/// Whether `rest` starts with `::`.
fn starts_path(rest: &[TokenTree]) -> bool {
    matches!(
        rest,
        [TokenTree::Punct(first), TokenTree::Punct(second), ..]
            if first.as_char() == ':' && first.spacing() == Spacing::Joint && second.as_char() == ':'
    )
}

/// `source` with every path that starts at the crate `crate_name` (`name::x`) starting at
/// `through` instead, the rest of the text as it was (so line numbers stay); `None` when the name
/// is used any other way (a module or variable of that name, `extern crate`, `::name`), where a
/// rewrite could change what the code means.
fn crate_paths_through(source: &str, crate_name: &str, through: &str) -> Option<String> {
    let stream: TokenStream = source.parse().ok()?;
    let mut starts = Vec::new();
    collect_crate_paths(stream, crate_name, &mut starts)?;
    let mut text = source.to_owned();
    starts.sort_unstable_by_key(|range| range.start);
    for range in starts.into_iter().rev() {
        if text.get(range.clone()) != Some(crate_name) {
            return None;
        }
        text.replace_range(range, through);
    }
    Some(text)
}

fn collect_crate_paths(stream: TokenStream, crate_name: &str, found: &mut Vec<std::ops::Range<usize>>) -> Option<()> {
    let trees: Vec<TokenTree> = stream.into_iter().collect();
    for (at, tree) in trees.iter().enumerate() {
        match tree {
            TokenTree::Ident(ident) if ident == crate_name => {
                let previous = at.checked_sub(1).and_then(|before| trees.get(before));
                if is_punct(previous, '.') {
                    // A field or method of that name.
                    continue;
                }
                let next = trees.get(at + 1);
                // `use name as alias;` and `use name;` import the crate itself: the module
                // imports the same way.
                let imported = matches!(previous, Some(TokenTree::Ident(word)) if word == "use")
                    && (is_punct(next, ';') || matches!(next, Some(TokenTree::Ident(word)) if word == "as"));
                if is_punct(previous, ':') || !(starts_path(&trees[at + 1..]) || imported) {
                    return None;
                }
                found.push(ident.span().byte_range());
            }
            TokenTree::Group(group) => collect_crate_paths(group.stream(), crate_name, found)?,
            _ => {}
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(extra: &str) -> toml::Table {
        format!(
            "[package]\nname = \"grader_chaff_ledger\"\nversion = \"0.1.0\"\nedition = \"2021\"\nbuild = false\n\
             [lib]\nname = \"grader_chaff_ledger\"\npath = \"src/lib.rs\"\nproc-macro = false\n[dependencies]\n{extra}"
        )
        .parse()
        .expect("manifest")
    }

    fn package(lib: &str) -> FileTree {
        let mut tree = FileTree::new();
        tree.insert("src/lib.rs", lib);
        tree.insert("README.md", "words");
        tree
    }

    fn tests(source: &str) -> FileTree {
        let mut tree = FileTree::new();
        tree.insert("main.rs", "mod candidate_mine;\n");
        tree.insert("candidate_mine/mod.rs", source);
        tree
    }

    #[test]
    fn crate_paths_of_the_schema_point_into_its_module() {
        let lib = "#![allow(warnings)]\nmod inner;\npub(crate) struct S;\npub fn f() -> u32 { crate::inner::g() }\n\
                   macro_rules! m { () => { $crate::f() } }\npub(in crate::inner) fn h() {}\n";
        let mut files = package(lib);
        files.insert("src/inner.rs", "pub fn g() -> u32 { use crate::S; 1 }\n");
        let inline = inline_chaff("ledger", &files, &manifest(""), &tests("")).expect("inlined");
        let root = inline.module.text("mod.rs").expect("mod.rs");
        assert!(root.contains("crate :: ledger :: inner :: g ()"), "{root}");
        assert!(root.contains("$ crate :: ledger :: f ()"), "{root}");
        assert!(root.contains("pub (crate) struct S"), "{root}");
        assert!(root.contains("pub (in crate :: ledger :: inner) fn h"), "{root}");
        let inner = inline.module.text("inner.rs").expect("inner.rs");
        assert!(inner.contains("use crate :: ledger :: S"), "{inner}");
        assert!(inline.module.text("README.md").is_none());
    }

    #[test]
    fn what_a_module_could_change_keeps_the_library_of_its_own() {
        let plain = "pub fn f() {}\n";
        assert!(inline_chaff("ledger", &package(plain), &manifest(""), &tests("")).is_some());
        for lib in [
            "#[macro_export]\nmacro_rules! m { () => {} }\n",
            "#![no_std]\npub fn f() {}\n",
            "#[path = \"other.rs\"]\nmod other;\n",
            "use crate as me;\n",
            "extern crate alloc;\n",
            "pub fn name() -> &'static str { env!(\"CARGO_PKG_NAME\") }\n",
            "pub const DOC: &str = include_str!(\"../README.md\");\n",
            "pub fn here() -> &'static str { module_path!() }\n",
        ] {
            assert!(inline_chaff("ledger", &package(lib), &manifest(""), &tests("")).is_none(), "{lib}");
        }
        for extra in ["units = { path = \"units\" }\n[features]\nmetric = []\n", "[build-dependencies]\ncc = \"1\"\n"] {
            assert!(inline_chaff("ledger", &package(plain), &manifest(extra), &tests("")).is_none(), "{extra}");
        }
        let edition = manifest("").to_string().replace("2021", "2018").parse().expect("manifest");
        assert!(inline_chaff("ledger", &package(plain), &edition, &tests("")).is_none());
    }

    #[test]
    fn test_code_reaches_the_crate_through_the_module_and_keeps_its_lines() {
        let source = "use ledger::{Ledger, transfer};\n\nmod common {\n    pub fn make() -> ledger::Ledger { \
                      ledger::Ledger::new() }\n}\n#[test]\nfn t() {\n    assert_eq!(ledger::total(&x.ledger), 3);\n}\n";
        let inline = inline_chaff("ledger", &package("pub fn f() {}"), &manifest(""), &tests(source)).expect("ok");
        let text = inline.tests.text("candidate_mine/mod.rs").expect("rewritten");
        assert_eq!(text.lines().count(), source.lines().count());
        assert!(text.starts_with("use grader_chaffschemas::ledger::{Ledger, transfer};"), "{text}");
        assert!(text.contains("-> grader_chaffschemas::ledger::Ledger { grader_chaffschemas::ledger::Ledger::new()"));
        assert!(text.contains("assert_eq!(grader_chaffschemas::ledger::total(&x.ledger), 3)"), "{text}");
        assert!(inline.tests.text("main.rs").is_none(), "the binary's own root is not copied");
        let aliased = "use ledger as bank;\nuse ledger;\n#[test]\nfn t() { bank::f(); }\n";
        let inline = inline_chaff("ledger", &package("pub fn f() {}"), &manifest(""), &tests(aliased)).expect("ok");
        let text = inline.tests.text("candidate_mine/mod.rs").expect("rewritten");
        assert!(
            text.starts_with("use grader_chaffschemas::ledger as bank;\nuse grader_chaffschemas::ledger;\n"),
            "{text}"
        );
        for other in [
            "extern crate ledger;\n",
            "mod ledger { pub fn f() {} }\n",
            "use ::ledger::f;\n",
            "fn f(ledger: u8) {}\n",
            "use {ledger as bank};\n",
        ] {
            assert!(
                inline_chaff("ledger", &package("pub fn f() {}"), &manifest(""), &tests(other)).is_none(),
                "{other}"
            );
        }
    }
}
