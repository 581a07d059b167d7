//! Exhaustiveness probes: a copy of the candidate's crate with one more variant in one of its
//! enums, staged as a library of its own inside the exercise's crate folder and built with
//! everything else. Every `match` on the enum that names its variants must then fail with E0004;
//! one that still compiles catches the new variant silently. The variant is added on the line of
//! the enum's closing brace, so every line keeps its number. The main function is
//! [`variant_crate`].

use proc_macro2::LineColumn;
use syn::visit::{self, Visit};

use crate::filetree::FileTree;

/// The name of the variant the probe adds.
pub const PROBE_VARIANT: &str = "GraderProbeVariant";

/// A staged copy of the crate with one more variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariantCrate {
    /// Which of the exercise's variant probes it serves.
    pub probe: usize,
    /// Its package and library name.
    pub package: String,
    /// Its folder inside the exercise's staged crate (`grader_variant_<probe>`).
    pub folder: String,
    /// The file (within the exercise, `src/lib.rs`) that declares the enum.
    pub file: String,
}

/// Where `enum <name>` closes in `source`, and whether its variant list ends with a comma.
struct Finder<'a> {
    name: &'a str,
    found: Option<(LineColumn, bool, bool)>,
}

impl<'ast> Visit<'ast> for Finder<'_> {
    fn visit_item_enum(&mut self, item: &'ast syn::ItemEnum) {
        if item.ident == self.name && self.found.is_none() {
            let close = item.brace_token.span.close().start();
            self.found = Some((close, item.variants.trailing_punct(), item.variants.is_empty()));
        }
        visit::visit_item_enum(self, item);
    }
}

/// `source` with [`PROBE_VARIANT`] added to `enum <name>`, on the closing brace's line; `None`
/// when the file does not parse or declares no such enum.
pub fn with_probe_variant(source: &str, name: &str) -> Option<String> {
    let file = syn::parse_file(source).ok()?;
    let mut finder = Finder { name, found: None };
    finder.visit_file(&file);
    let (close, trailing_comma, empty) = finder.found?;
    let line_start: usize = source.split_inclusive('\n').take(close.line.saturating_sub(1)).map(str::len).sum();
    let line = source[line_start..].split('\n').next().unwrap_or_default();
    let column = line.char_indices().nth(close.column).map_or(line.len(), |(index, _)| index);
    let at = line_start + column;
    let added = if empty || trailing_comma { format!("{PROBE_VARIANT}, ") } else { format!(", {PROBE_VARIANT} ") };
    let mut modified = String::with_capacity(source.len() + added.len());
    modified.push_str(&source[..at]);
    modified.push_str(&added);
    modified.push_str(&source[at..]);
    Some(modified)
}

/// The files of the variant crate for probe `probe` over `enum <name>`, from the staged crate's
/// `tree` (its `src/` and local crates), and what it is; `None` when no file of the crate
/// declares the enum. `manifest` is the staged crate's own manifest, whose dependencies it keeps.
pub fn variant_crate(
    tree: &FileTree,
    crate_name: &str,
    manifest: &toml::Table,
    probe: usize,
    name: &str,
) -> Option<(VariantCrate, FileTree)> {
    let (file, modified) = tree.iter().filter(|(path, _)| path.starts_with("src/") && path.ends_with(".rs")).find_map(
        |(path, bytes)| {
            let source = std::str::from_utf8(bytes).ok()?;
            with_probe_variant(source, name).map(|modified| (path.to_owned(), modified))
        },
    )?;
    let package = format!("{crate_name}_grader_variant_{probe}");
    let folder = format!("grader_variant_{probe}");
    let mut files = FileTree::new();
    for (path, bytes) in tree.iter().filter(|(path, _)| path.starts_with("src/")) {
        if path == file {
            files.insert(path, modified.as_bytes());
        } else {
            files.insert(path, bytes);
        }
    }
    let edition = manifest
        .get("package")
        .and_then(|package| package.get("edition"))
        .and_then(toml::Value::as_str)
        .unwrap_or("2015");
    let mut text = format!(
        "[package]\nname = \"{package}\"\nversion = \"0.0.0\"\nedition = \"{edition}\"\npublish = false\n\
         autotests = false\nautobins = false\nautoexamples = false\nautobenches = false\nbuild = false\n\n\
         [lib]\npath = \"src/lib.rs\"\ndoctest = false\n\n[dependencies]\n"
    );
    // Path dependencies on the exercise's local crates, one folder further up.
    if let Some(dependencies) = manifest.get("dependencies").and_then(toml::Value::as_table) {
        for (dependency, spec) in dependencies {
            let mut spec = spec.clone();
            if let Some(path) = spec.get("path").and_then(toml::Value::as_str).map(str::to_owned) {
                if let Some(table) = spec.as_table_mut() {
                    table.insert("path".into(), format!("../{path}").into());
                }
            }
            text.push_str(&format!("{dependency} = {spec}\n"));
        }
    }
    files.insert("Cargo.toml", text);
    Some((VariantCrate { probe, package, folder, file }, files))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_variant_is_added_on_the_closing_line_so_lines_keep_their_numbers() {
        let source = "pub enum Kind {\n    Letter,\n    Parcel { grams: u32 },\n}\nfn f() {}\n";
        let modified = with_probe_variant(source, "Kind").expect("found");
        assert_eq!(modified.lines().count(), source.lines().count());
        assert_eq!(modified.lines().nth(3), Some(&*format!("{PROBE_VARIANT}, }}")));
        assert!(syn::parse_file(&modified).is_ok(), "{modified}");
        let no_comma = "enum Kind { A, B }";
        let modified = with_probe_variant(no_comma, "Kind").expect("found");
        assert_eq!(modified, format!("enum Kind {{ A, B , {PROBE_VARIANT} }}"));
        assert!(with_probe_variant(no_comma, "Other").is_none());
        let nested = "mod inner { pub enum Kind { A } }";
        assert!(with_probe_variant(nested, "Kind").is_some_and(|m| m.contains(PROBE_VARIANT)));
    }
}
