//! Names the red flags one exercise shows, with every place that shows each (file, line, the
//! source line, which tools saw it). Sources, in order of trust: compiler codes the submission
//! still fails with, clippy lints (run inside the build), and syntax checks ([`super::syntax`]).
//! Counting flags compare the candidate with the reference solution, so idiomatic code is never
//! flagged for what the reference itself does. Findings carry no penalty: the score step applies
//! the rubric. The main function is [`inspect`].

use std::collections::{BTreeMap, BTreeSet};

use super::catalog::{self, LintRole};
use super::syntax::{self, Kind};
use crate::build::{CompileError, LintFinding};
use crate::exercise::{Exercise, FlagId, COMPILE_CODE_FLAGS};
use crate::filetree::FileTree;

/// A red flag one exercise shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RaisedFlag {
    pub id: FlagId,
    /// The habit, and the count that raised it.
    pub message: String,
    /// Every place, once, with the tools that saw it.
    pub evidence: Vec<Evidence>,
}

/// One place that shows a red flag.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Evidence {
    /// `<exercise id>/src/lib.rs`.
    pub file: String,
    pub line: u32,
    /// The source line, trimmed.
    pub snippet: String,
    /// Who saw it: `syntax`, `compiler` or the clippy lint.
    pub seen_by: String,
}

/// A place that shows a flag, before its source line is looked up.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Place {
    /// Path within the exercise (`src/lib.rs`).
    file: String,
    line: u32,
    seen_by: String,
}

impl Place {
    fn new(file: &str, line: u32, seen_by: &str) -> Place {
        Place { file: file.to_owned(), line, seen_by: seen_by.to_owned() }
    }
}

/// Syntax findings per kind in a set of files.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    /// Kind → places (file within the exercise, line).
    places: BTreeMap<Kind, Vec<(String, u32)>>,
}

impl Scan {
    /// Scans every `.rs` file of `files`; a file that does not parse is skipped (the build reports it).
    pub fn of(files: &FileTree) -> Scan {
        let mut scan = Scan::default();
        for (path, bytes) in files.iter().filter(|(path, _)| path.ends_with(".rs")) {
            let Ok(source) = std::str::from_utf8(bytes) else { continue };
            let Ok(findings) = syntax::scan(source) else { continue };
            for finding in findings {
                scan.places.entry(finding.kind).or_default().push((path.to_owned(), finding.line));
            }
        }
        scan
    }

    fn count(&self, kinds: &[Kind]) -> usize {
        kinds.iter().map(|kind| self.places.get(kind).map_or(0, Vec::len)).sum()
    }
}

/// What the inspect step looks at for one exercise.
pub struct Inspection<'a> {
    pub exercise: &'a Exercise,
    /// The candidate's own editable files (not the starter's fallbacks).
    pub candidate: &'a FileTree,
    /// The reference solution's scan, the baseline for counting flags.
    pub reference: &'a Scan,
    pub compile_errors: &'a [CompileError],
    pub lints: &'a [LintFinding],
    /// The exercise's own files the candidate handed in changed (visible tests).
    pub tampered: &'a [String],
}

/// The red flags one exercise shows.
pub fn inspect(input: &Inspection<'_>) -> Vec<RaisedFlag> {
    let exercise = input.exercise;
    let scan = Scan::of(input.candidate);
    let mut flags = Vec::new();
    for id in FlagId::ALL.into_iter().filter(|id| !id.from_compiler()) {
        let def = catalog::detection(id);
        let listed = exercise.meta.red_flag.iter().find(|entry| entry.id == id);
        if !id.universal() && listed.is_none() {
            continue;
        }
        let allowance = listed.and_then(|entry| entry.allowance).unwrap_or(def.allowance);
        let count = scan.count(def.kinds);
        let baseline = input.reference.count(def.kinds);
        let mut places: Vec<Place> = def
            .kinds
            .iter()
            .flat_map(|kind| scan.places.get(kind).into_iter().flatten())
            .map(|(file, line)| Place::new(file, *line, "syntax"))
            .collect();
        let mut raised = count > baseline + allowance;
        for finding in input.lints {
            if let Some((_, role)) = def.lints.iter().find(|(lint, _)| *lint == finding.lint) {
                raised |= *role == LintRole::Raises;
                places.push(Place::new(&finding.file, finding.line, &finding.lint));
            }
        }
        let mut detail = format!("{count} found; the reference solution has {baseline}");
        if id == FlagId::CopiedInsteadOfDepending {
            if let Some(missing) = missing_local_dependency(exercise, input.candidate) {
                raised = true;
                let copies = copied_items(exercise, &missing, input.candidate);
                detail = format!(
                    "Cargo.toml does not depend on the local crate `{missing}`; {} of its items are defined again",
                    copies.len()
                );
                places.extend(copies);
                if places.is_empty() && input.candidate.get("Cargo.toml").is_some() {
                    places.push(Place::new("Cargo.toml", 1, "manifest"));
                }
            }
        }
        if id == FlagId::TestsModified && !input.tampered.is_empty() {
            raised = true;
            detail = format!("{} changed", input.tampered.join(", "));
            places.extend(input.tampered.iter().map(|file| Place::new(file, 1, "comparison with the exercise")));
        }
        if raised {
            flags.push(raised_flag(id, format!("{} ({detail})", id.habit()), places, input));
        }
    }
    for (id, message, places) in compile_code_flags(input) {
        flags.push(raised_flag(id, message, places, input));
    }
    flags
}

fn raised_flag(id: FlagId, message: String, mut places: Vec<Place>, input: &Inspection<'_>) -> RaisedFlag {
    let exercise = &input.exercise.id;
    let mut evidence: Vec<Evidence> = Vec::new();
    let mut seen = BTreeSet::new();
    places.sort();
    for Place { file, line, seen_by } in places {
        let file_in_submission = format!("{exercise}/{file}");
        // One place, one entry, whichever tools saw it.
        if seen.insert((file.clone(), line)) {
            let snippet = source_line(input.candidate, &file, line);
            evidence.push(Evidence { file: file_in_submission, line, snippet, seen_by });
        } else if let Some(entry) = evidence.iter_mut().find(|e| e.file == file_in_submission && e.line == line) {
            if !entry.seen_by.contains(&seen_by) {
                entry.seen_by = format!("{}, {seen_by}", entry.seen_by);
            }
        }
    }
    RaisedFlag { id, message, evidence }
}

fn source_line(files: &FileTree, file: &str, line: u32) -> String {
    files
        .text(file)
        .and_then(|text| text.lines().nth((line as usize).saturating_sub(1)))
        .map(|text| text.trim().to_owned())
        .unwrap_or_default()
}

/// The local crates an exercise ships (`starter/<name>/Cargo.toml`) that the candidate's manifest
/// does not depend on; `None` when there are none or all are depended on.
fn missing_local_dependency(exercise: &Exercise, candidate: &FileTree) -> Option<String> {
    let manifest: toml::Table =
        candidate.text("Cargo.toml").and_then(|text| toml::from_str(text).ok()).unwrap_or_default();
    let dependencies = manifest.get("dependencies").and_then(toml::Value::as_table);
    exercise
        .starter
        .iter()
        .filter_map(|(path, _)| path.strip_suffix("/Cargo.toml"))
        .filter(|dir| !dir.contains('/'))
        .find(|dir| {
            !dependencies.is_some_and(|deps| {
                deps.values().any(|spec| {
                    spec.get("path")
                        .and_then(toml::Value::as_str)
                        .is_some_and(|path| path.trim_start_matches("./").trim_end_matches('/') == *dir)
                })
            })
        })
        .map(str::to_owned)
}

/// A flag raised by compiler codes: id, message, places.
type CodeFlag = (FlagId, String, Vec<Place>);

/// Items (functions, constants, types) of the local crate `dir` that the candidate's own files
/// define again: the copy that should have been a dependency.
fn copied_items(exercise: &Exercise, dir: &str, candidate: &FileTree) -> Vec<Place> {
    let local_sources = exercise.starter.subtree(dir);
    let mut local_names = BTreeSet::new();
    for (_, bytes) in local_sources.iter().filter(|(path, _)| path.ends_with(".rs")) {
        let Some(file) = std::str::from_utf8(bytes).ok().and_then(|text| syn::parse_file(text).ok()) else { continue };
        local_names.extend(file.items.iter().filter_map(item_ident).map(ToString::to_string));
    }
    let mut places = Vec::new();
    for (path, bytes) in candidate.iter().filter(|(path, _)| path.ends_with(".rs")) {
        let Some(file) = std::str::from_utf8(bytes).ok().and_then(|text| syn::parse_file(text).ok()) else { continue };
        for item in &file.items {
            if let Some(ident) = item_ident(item).filter(|ident| local_names.contains(&ident.to_string())) {
                let line = u32::try_from(ident.span().start().line).unwrap_or(0);
                places.push(Place::new(path, line, "syntax"));
            }
        }
    }
    places
}

fn item_ident(item: &syn::Item) -> Option<&syn::Ident> {
    let ident = match item {
        syn::Item::Fn(item) => &item.sig.ident,
        syn::Item::Const(item) => &item.ident,
        syn::Item::Static(item) => &item.ident,
        syn::Item::Struct(item) => &item.ident,
        syn::Item::Enum(item) => &item.ident,
        syn::Item::Trait(item) => &item.ident,
        _ => return None,
    };
    Some(ident)
}

/// Flags from compiler codes the candidate's own files still fail with.
fn compile_code_flags(input: &Inspection<'_>) -> Vec<CodeFlag> {
    let mut by_flag: BTreeMap<FlagId, (String, Vec<Place>)> = BTreeMap::new();
    for error in input.compile_errors {
        let (Some(code), Some(origin), Some(line)) = (&error.code, &error.origin, error.line) else { continue };
        let Some(file) = origin.crate_file().filter(|file| input.candidate.get(file).is_some()) else {
            continue;
        };
        if let Some((_, id, concept)) = COMPILE_CODE_FLAGS.iter().find(|(known, _, _)| known == code) {
            let entry =
                by_flag.entry(*id).or_insert_with(|| (format!("still fails with {code}: {concept}"), Vec::new()));
            entry.1.push(Place::new(file, line, &format!("compiler {code}")));
        }
    }
    by_flag.into_iter().map(|(id, (message, places))| (id, message, places)).collect()
}
