//! Names the red flags one exercise shows, with every place that shows each (file, line, the
//! source line, which tools saw it). Sources, in order of trust: compiler codes the submission
//! still fails with, clippy lints (run inside the build), and syntax checks ([`super::syntax`]).
//! Counting flags compare the candidate with the reference solution, so idiomatic code is never
//! flagged for what the reference itself does. Findings carry no penalty: the score step applies
//! the rubric. The main function is [`inspect`].

use std::collections::{BTreeMap, BTreeSet};

use super::catalog::{self, LintRole};
use super::flow::{self, SiteKind};
use super::syntax::{self, Kind};
use crate::build::{CompileError, LintFinding, Reference};
use crate::checks::ProbeOutcome;
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
    /// The last line of the construct, when it spans several (an expression chain, an `if` chain).
    pub end_line: Option<u32>,
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
    /// The first and last line of the whole construct.
    first_line: u32,
    last_line: u32,
    seen_by: String,
}

impl Place {
    fn new(file: &str, line: u32, seen_by: &str) -> Place {
        Place { file: file.to_owned(), line, first_line: line, last_line: line, seen_by: seen_by.to_owned() }
    }

    fn spanning(file: &str, line: u32, first_line: u32, last_line: u32, seen_by: &str) -> Place {
        Place {
            file: file.to_owned(),
            line: line.min(first_line),
            first_line: first_line.min(line),
            last_line: last_line.max(line),
            seen_by: seen_by.to_owned(),
        }
    }
}

/// What one set of files shows: syntax findings and judged sites, by file.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    findings: Vec<(String, syntax::Finding)>,
    sites: Vec<(String, flow::Site)>,
}

impl Scan {
    /// Scans every `.rs` file of `files`; a file that does not parse is skipped (the build reports it).
    pub fn of(files: &FileTree) -> Scan {
        Scan::in_crate(files, &FileTree::default())
    }

    /// Scans every `.rs` file of `files`, judging each site with what the whole crate declares:
    /// `files` and the `src/` files of `starter` that `files` does not replace (an exercise's own
    /// modules, such as a runtime the candidate calls).
    pub fn in_crate(files: &FileTree, starter: &FileTree) -> Scan {
        let sources = |tree: &'_ FileTree| -> Vec<(String, String)> {
            tree.iter()
                .filter(|(path, _)| path.ends_with(".rs"))
                .filter_map(|(path, bytes)| Some((path.to_owned(), std::str::from_utf8(bytes).ok()?.to_owned())))
                .collect()
        };
        let own = sources(files);
        let others: Vec<(String, String)> = sources(starter)
            .into_iter()
            .filter(|(path, _)| path.starts_with("src/") && files.get(path).is_none())
            .collect();
        let krate = flow::Crate::of(own.iter().chain(&others).map(|(_, source)| source.as_str()));
        let mut scan = Scan::default();
        for (path, source) in &own {
            let Ok(findings) = syntax::scan(source) else { continue };
            scan.findings.extend(findings.into_iter().map(|finding| (path.clone(), finding)));
            scan.sites.extend(flow::sites_in(source, &krate).into_iter().map(|site| (path.clone(), site)));
        }
        scan
    }

    /// Findings of `kind`.
    fn of_kind(&self, kind: Kind) -> impl Iterator<Item = &(String, syntax::Finding)> {
        self.findings.iter().filter(move |(_, finding)| finding.kind == kind)
    }

    /// Whether a finding of `kind` with `signature` is in these files.
    fn has_signature(&self, kind: Kind, signature: &str) -> bool {
        !signature.is_empty() && self.of_kind(kind).any(|(_, finding)| finding.signature == signature)
    }

    /// Whether a site of `kind` with `signature` is in these files.
    fn has_site(&self, kind: SiteKind, signature: &str) -> bool {
        self.sites.iter().any(|(_, site)| site.kind == kind && site.signature == signature)
    }

    /// Whether these files use `unsafe` at all.
    fn uses_unsafe(&self) -> bool {
        self.findings.iter().any(|(_, finding)| matches!(finding.kind, Kind::UnsafeBlock | Kind::UnsafeSendSync))
    }
}

/// What the inspect step looks at for one exercise.
pub struct Inspection<'a> {
    pub exercise: &'a Exercise,
    /// The candidate's own editable files (not the starter's fallbacks).
    pub candidate: &'a FileTree,
    /// The reference solution's scan: what it does is never held against anyone.
    pub reference: &'a Scan,
    pub compile_errors: &'a [CompileError],
    pub lints: &'a [LintFinding],
    /// The exercise's own files the candidate handed in changed (visible tests).
    pub tampered: &'a [String],
    /// What the habit probes (budgets, compile probes, exhaustiveness probes) found.
    pub probes: &'a [ProbeOutcome],
    /// What the candidate's compiled library references that reaches into the test harness
    /// (ending the process, its own command line, `/proc`), whatever the source's spelling.
    pub references: &'a [Reference],
}

/// The flags to look for on `exercise`, in order: its question's own (as its metadata lists them),
/// then the universal ones; `unsafe_to_silence_borrowck` on every exercise whose reference needs no
/// `unsafe`. A place is evidence for the first flag that claims it only.
fn flags_to_check(exercise: &Exercise, reference: &Scan) -> Vec<FlagId> {
    let mut order: Vec<FlagId> = exercise.meta.red_flag.iter().map(|rule| rule.id).collect();
    // Habits the reference shows no sign of needing are checked wherever they appear: `unsafe`,
    // `Rc<RefCell<…>>`, a leaked allocation, public fields the starter kept private.
    let mut conditional = vec![
        FlagId::StaticOrLeaked,
        FlagId::LeakyApi,
        FlagId::CopiedInsteadOfDepending,
        FlagId::ManualRewrap,
        FlagId::WildcardArm,
        FlagId::RefcellOveruse,
    ];
    if !reference.uses_unsafe() {
        conditional.push(FlagId::UnsafeToSilenceBorrowck);
    }
    if reference.of_kind(Kind::RcRefCell).next().is_none() {
        conditional.push(FlagId::RcRefcellSoup);
    }
    if reference.of_kind(Kind::StringError).next().is_none() && reference.of_kind(Kind::BoxedError).next().is_none() {
        conditional.push(FlagId::StringlyErrors);
    }
    for id in FlagId::ALL.into_iter().filter(|id| id.universal()).chain(conditional) {
        if !order.contains(&id) {
            order.push(id);
        }
    }
    order.retain(|id| !id.from_compiler());
    order
}

/// The red flags one exercise shows.
pub fn inspect(input: &Inspection<'_>) -> Vec<RaisedFlag> {
    let exercise = input.exercise;
    let scan = Scan::in_crate(input.candidate, &exercise.starter);
    let reference = input.reference;
    let mut claimed: BTreeSet<(String, u32)> = BTreeSet::new();
    let mut flags = Vec::new();
    for id in flags_to_check(exercise, reference) {
        let detection = catalog::detection(id);
        let mut places: Vec<Place> = Vec::new();
        let mut reasons: Vec<String> = Vec::new();
        let mut raised_by_probe = false;
        let listed = exercise.meta.red_flag.iter().any(|rule| rule.id == id);
        let mut kinds: Vec<Kind> = detection.kinds.to_vec();
        if id == FlagId::UnsafeToSilenceBorrowck && !reference.uses_unsafe() {
            kinds.push(Kind::UnsafeBlock);
        }
        // Where the question is not about them, only the unmistakable forms are judged: a leak,
        // an `if`/`else` chain over variants, a cell the design cannot need.
        if !listed {
            match id {
                FlagId::StaticOrLeaked => kinds.retain(|kind| *kind == Kind::BoxLeak),
                FlagId::StringlyErrors => kinds.retain(|kind| *kind == Kind::StringError),
                FlagId::RefcellOveruse => kinds.retain(|kind| *kind == Kind::NeedlessCell),
                FlagId::ManualRewrap => kinds
                    .retain(|kind| matches!(kind, Kind::ManualRewrap | Kind::IdentityMatch | Kind::MessageDispatch)),
                _ => {}
            }
        }
        for kind in kinds {
            let own: Vec<&(String, syntax::Finding)> =
                scan.of_kind(kind).filter(|(_, finding)| !reference.has_signature(kind, &finding.signature)).collect();
            let beyond = scan.of_kind(kind).count() > reference.of_kind(kind).count();
            if detection.beyond_reference && kind == Kind::RefCell && !beyond {
                continue;
            }
            if !own.is_empty() {
                reasons.push(kind_reason(kind).to_owned());
            }
            places.extend(
                own.into_iter().map(|(file, finding)| {
                    Place::spanning(file, finding.line, finding.line, finding.end_line, "syntax")
                }),
            );
        }
        for (file, site) in scan.sites.iter().filter(|(_, site)| detection.sites.contains(&site.kind)) {
            // A parameter type the reference keeps is the API the exercise asks for.
            if site.kind == SiteKind::OwnedParam && reference.has_site(site.kind, &site.signature) {
                continue;
            }
            if let Some(why) = site.needless {
                reasons.push(why.to_owned());
                places.push(Place::spanning(file, site.line, site.first_line, site.last_line, "usage"));
            }
        }
        for probe in input.probes {
            match probe {
                ProbeOutcome::OverBudget { flag, message, functions } if *flag == id => {
                    raised_by_probe = true;
                    reasons.push(message.clone());
                    // The copies in the measured functions and the candidate's own functions they
                    // call, not the reference's own.
                    let measured = with_callees(input.candidate, functions);
                    for (file, site) in &scan.sites {
                        let in_function = measured.iter().any(|function| {
                            site.function == *function
                                || site.function.ends_with(&format!("::{function}"))
                                || function.ends_with(&format!("::{}", site.function))
                        });
                        if in_function && !reference.has_site(site.kind, &site.signature) {
                            places.push(Place::spanning(
                                file,
                                site.line,
                                site.first_line,
                                site.last_line,
                                "allocation budget",
                            ));
                        }
                    }
                }
                ProbeOutcome::Compile { flag, message } if *flag == id => {
                    raised_by_probe = true;
                    reasons.push(message.clone());
                }
                ProbeOutcome::Document { flag, message, places: lines } if *flag == id => {
                    raised_by_probe = true;
                    reasons.push(message.clone());
                    places.extend(
                        lines.iter().map(|(file, first, last)| {
                            Place::spanning(file, *first, *first, *last, "reading the answer")
                        }),
                    );
                }
                ProbeOutcome::Variant { flag, enum_name, non_exhaustive } if *flag == id => {
                    let silent = silent_matches(input.candidate, enum_name, non_exhaustive);
                    if !silent.is_empty() {
                        raised_by_probe = true;
                        reasons.push(format!(
                            "with one more variant in `{enum_name}`, {} would handle the new case without the \
                             compiler asking",
                            if silent.len() == 1 { "one place".to_owned() } else { format!("{} places", silent.len()) }
                        ));
                        places.extend(silent.into_iter().map(|(file, first, last)| {
                            Place::spanning(&file, first, first, last, "exhaustiveness probe")
                        }));
                    }
                }
                _ => {}
            }
        }
        let mut raised_by_lint = false;
        let mut lint_places: Vec<Place> = Vec::new();
        for finding in input.lints {
            let Some((_, role)) = detection.lints.iter().find(|(lint, _)| *lint == finding.lint) else { continue };
            let place = Place::new(&finding.file, finding.line, &finding.lint);
            match role {
                LintRole::Raises => {
                    raised_by_lint = true;
                    lint_places.push(place);
                }
                // Evidence lints confirm places found otherwise; they add none of their own.
                LintRole::Evidence => {
                    if places.iter().any(|found| {
                        found.file == place.file && (found.first_line..=found.last_line).contains(&place.line)
                    }) {
                        lint_places.push(Place { first_line: place.line, ..place });
                    }
                }
            }
        }
        if id == FlagId::CopiedInsteadOfDepending {
            let missing = missing_local_dependency(exercise, input.candidate);
            for local in local_crates(exercise) {
                let copies = copied_items(exercise, &local, input.candidate);
                if !copies.is_empty() {
                    reasons.push(format!("{} items of the local crate `{local}` are defined again", copies.len()));
                    places.extend(copies);
                }
            }
            if let Some(missing) = missing {
                raised_by_probe = true;
                reasons.push(format!("Cargo.toml does not depend on the local crate `{missing}`"));
                if places.is_empty() && input.candidate.get("Cargo.toml").is_some() {
                    places.push(Place::new("Cargo.toml", 1, "manifest"));
                }
            }
        }
        if id == FlagId::LeakyApi {
            let leaks = widened_fields(exercise, input.candidate);
            if !leaks.is_empty() {
                reasons.push("fields the starter keeps private made public".to_owned());
                places.extend(leaks);
            }
            if listed {
                let bypassed = bypassable_fields(input.candidate);
                if !bypassed.is_empty() {
                    reasons.push(
                        "public fields on a type the crate builds through a validating constructor or a builder"
                            .to_owned(),
                    );
                    places.extend(bypassed);
                }
            }
        }
        if id == FlagId::HarnessTampering && !input.references.is_empty() {
            raised_by_probe = true;
            for reference in input.references {
                reasons.push(format!("the compiled library references `{}`: {}", reference.symbol, reference.means));
                places.push(reference_place(input.candidate, reference));
            }
        }
        if id == FlagId::TestsModified && !input.tampered.is_empty() {
            raised_by_probe = true;
            reasons.push(format!("{} changed", input.tampered.join(", ")));
            places.extend(input.tampered.iter().map(|file| Place::new(file, 1, "comparison with the exercise")));
        }
        // One fault, one flag: a place already shown for an earlier flag is not shown again.
        places.retain(|place| !claimed.contains(&(place.file.clone(), place.line)));
        let raised = raised_by_probe || raised_by_lint || !places.is_empty();
        if !raised {
            continue;
        }
        places.extend(lint_places.into_iter().filter(|place| !claimed.contains(&(place.file.clone(), place.line))));
        claimed.extend(places.iter().map(|place| (place.file.clone(), place.line)));
        reasons.sort();
        reasons.dedup();
        let detail = if reasons.is_empty() { String::new() } else { format!(" ({})", reasons.join("; ")) };
        flags.push(raised_flag(id, format!("{}{detail}", id.habit()), places, input));
    }
    for (id, message, places) in compile_code_flags(input) {
        flags.push(raised_flag(id, message, places, input));
    }
    flags
}

/// Where the candidate's source names what the compiled library references: the first line of
/// a Rust file holding the symbol's last segment (`exit` of `std::process::exit`) as a word, else
/// the top of `src/lib.rs` (the spelling hid it: a string built in pieces, say).
fn reference_place(files: &FileTree, reference: &Reference) -> Place {
    const SEEN_BY: &str = "compiled library";
    let symbol = reference.symbol.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '_');
    let token = symbol.rsplit(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or(symbol);
    let is_word = |line: &str| {
        line.match_indices(token).any(|(at, _)| {
            let before = line[..at].chars().next_back();
            let after = line[at + token.len()..].chars().next();
            let outside = |c: Option<char>| !c.is_some_and(|c| c.is_alphanumeric() || c == '_');
            outside(before) && outside(after)
        })
    };
    if !token.is_empty() {
        for (path, bytes) in files.iter().filter(|(path, _)| path.ends_with(".rs")) {
            let text = String::from_utf8_lossy(bytes);
            let found = text.lines().position(|line| !line.trim_start().starts_with("//") && is_word(line));
            if let Some(index) = found {
                return Place::new(path, u32::try_from(index + 1).unwrap_or(u32::MAX), SEEN_BY);
            }
        }
    }
    Place::new("src/lib.rs", 1, SEEN_BY)
}

/// `functions` and the functions of the candidate's files they call (by name, one level down).
fn with_callees(files: &FileTree, functions: &[String]) -> Vec<String> {
    let mut all: Vec<String> = functions.to_vec();
    let short = |name: &str| name.rsplit("::").next().unwrap_or(name).to_owned();
    let wanted: Vec<String> = functions.iter().map(|function| short(function)).collect();
    for (_, bytes) in files.iter().filter(|(path, _)| path.ends_with(".rs")) {
        let Some(file) = std::str::from_utf8(bytes).ok().and_then(|text| syn::parse_file(text).ok()) else { continue };
        let mut calls = Calls { within: &wanted, inside: false, called: Vec::new() };
        syn::visit::Visit::visit_file(&mut calls, &file);
        all.extend(calls.called);
    }
    all.sort();
    all.dedup();
    all
}

/// The names a set of functions calls, as functions or methods.
struct Calls<'a> {
    within: &'a [String],
    inside: bool,
    called: Vec<String>,
}

impl<'ast> syn::visit::Visit<'ast> for Calls<'_> {
    fn visit_item_fn(&mut self, function: &'ast syn::ItemFn) {
        let outer = self.inside;
        self.inside = self.within.iter().any(|name| function.sig.ident == name);
        syn::visit::visit_item_fn(self, function);
        self.inside = outer;
    }

    fn visit_impl_item_fn(&mut self, function: &'ast syn::ImplItemFn) {
        let outer = self.inside;
        self.inside = self.within.iter().any(|name| function.sig.ident == name);
        syn::visit::visit_impl_item_fn(self, function);
        self.inside = outer;
    }

    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        if self.inside {
            if let syn::Expr::Path(path) = &*call.func {
                if let Some(last) = path.path.segments.last() {
                    self.called.push(last.ident.to_string());
                }
            }
        }
        syn::visit::visit_expr_call(self, call);
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        if self.inside {
            self.called.push(call.method.to_string());
        }
        syn::visit::visit_expr_method_call(self, call);
    }
}

/// What a syntax finding shows, in a few words, for a flag's message.
fn kind_reason(kind: Kind) -> &'static str {
    match kind {
        Kind::Panic => "panics instead of returning the error or the absence",
        Kind::RcRefCell => "`Rc<RefCell<…>>`",
        Kind::RefCell => "more interior mutability than the design needs",
        Kind::UnsafeBlock => "`unsafe` where safe code does the job",
        Kind::UnsafeWithoutSafety => "`unsafe` without a `// SAFETY:` comment",
        Kind::UnsafeSendSync => "`unsafe impl Send/Sync`",
        Kind::Transmute => "`transmute`",
        Kind::PointerCast => "a reference cast to a raw pointer (or `*const` to `*mut`) to dodge a borrow or lifetime",
        Kind::WildcardArm => "a `_` arm over the variants",
        Kind::CatchAllBinding => "a binding arm that catches every remaining variant",
        Kind::FallbackChain => "an `if`/`else` chain over the variants with a fallback",
        Kind::FixedArray => "a fixed-size array (or a boxed slice), sized by a guess",
        Kind::PresizedVec => "a pre-sized `Vec` with its own length counter: an array emulated",
        Kind::ErasedGeneric => "a generic function that turns its own type parameter into a trait object",
        Kind::IdentityMatch => "a `match` that gives back what it matched, unchanged",
        Kind::MessageDispatch => "an error told apart by the text of its message",
        Kind::NestedOkOr => "nested matches on `Option`s, each `None` re-wrapped into an `Err` (`.ok_or(…)?`)",
        Kind::BlockingInAsync => "a blocking call in async code",
        Kind::HarnessTampering => "reaches into the test harness",
        Kind::LintSilenced => "an `allow` attribute",
        Kind::StringError => "a `String` error in a signature",
        Kind::BoxedError => "a `Box<dyn Error>` in a signature",
        Kind::DynParam => "a trait object parameter",
        Kind::BoxDyn => "a `Box<dyn …>`",
        Kind::StaticLifetime => "a `'static` lifetime in a signature",
        Kind::BoxLeak => "`Box::leak`",
        Kind::ManualRewrap => "`?` written by hand",
        Kind::ManualMapErr => "`map_err` written as a match",
        Kind::UnboundLifetime => "a lifetime bound to nothing the caller passed",
        Kind::NeedlessCell => "interior mutability the design cannot need (in a lock or `Arc`, around a number, local)",
        Kind::TryBorrow => "`try_borrow`: run-time borrow failures as normal flow",
    }
}

/// The matches on `enum_name` in `files` that caught a new variant silently: every match naming
/// its variants whose scrutinee is not among the `non_exhaustive` places (file, line), at the arm
/// that catches the rest (or the match itself).
fn silent_matches(files: &FileTree, enum_name: &str, non_exhaustive: &[(String, u32)]) -> Vec<(String, u32, u32)> {
    let variants = syntax::variants_of(files, enum_name);
    let mut silent = Vec::new();
    for (path, bytes) in files.iter().filter(|(path, _)| path.ends_with(".rs")) {
        let Ok(source) = std::str::from_utf8(bytes) else { continue };
        for found in syntax::matches_on(source, enum_name, &variants) {
            let checked = non_exhaustive.iter().any(|(file, line)| file == path && *line == found.scrutinee_line);
            if !checked {
                silent.push((path.to_owned(), found.catch_all_line, found.catch_all_line));
            }
        }
        // A `matches!` predicate answers `false` for a new variant without the compiler asking.
        for (first, last) in syntax::predicates_on(source, enum_name, &variants) {
            silent.push((path.to_owned(), first, last));
        }
    }
    silent
}

fn raised_flag(id: FlagId, message: String, mut places: Vec<Place>, input: &Inspection<'_>) -> RaisedFlag {
    let exercise = &input.exercise.id;
    let mut evidence: Vec<Evidence> = Vec::new();
    let mut seen = BTreeSet::new();
    places.sort();
    for Place { file, line, last_line, seen_by, .. } in places {
        let file_in_submission = format!("{exercise}/{file}");
        // One place, one entry, whichever tools saw it.
        if seen.insert((file.clone(), line)) {
            let snippet = source_line(input.candidate, &file, line);
            let end_line = (last_line > line).then_some(last_line);
            evidence.push(Evidence { file: file_in_submission, line, end_line, snippet, seen_by });
        } else if let Some(entry) = evidence.iter_mut().find(|e| e.file == file_in_submission && e.line == line) {
            if !entry.seen_by.contains(&seen_by) {
                entry.seen_by = format!("{}, {seen_by}", entry.seen_by);
            }
            // The place spans what any tool saw there.
            if last_line > entry.end_line.unwrap_or(line) {
                entry.end_line = Some(last_line);
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

/// The local crates an exercise ships (`starter/<name>/Cargo.toml`).
fn local_crates(exercise: &Exercise) -> Vec<String> {
    exercise
        .starter
        .iter()
        .filter_map(|(path, _)| path.strip_suffix("/Cargo.toml"))
        .filter(|dir| !dir.contains('/'))
        .map(str::to_owned)
        .collect()
}

/// Fields of the starter's structs that the candidate made public (or added as public): the
/// starter's API keeps them private, so callers could now build or break a value the type's own
/// functions keep valid.
fn widened_fields(exercise: &Exercise, candidate: &FileTree) -> Vec<Place> {
    let private_in_starter = |name: &str, field: &str| -> bool {
        exercise.starter.iter().filter(|(path, _)| path.starts_with("src/") && path.ends_with(".rs")).any(
            |(_, bytes)| {
                let Some(file) = std::str::from_utf8(bytes).ok().and_then(|text| syn::parse_file(text).ok()) else {
                    return false;
                };
                file.items.iter().any(|item| match item {
                    syn::Item::Struct(item) if item.ident == name => {
                        item.fields.iter().enumerate().all(|(index, starter_field)| {
                            let starter_name =
                                starter_field.ident.as_ref().map_or_else(|| index.to_string(), ToString::to_string);
                            starter_name != field || !matches!(starter_field.vis, syn::Visibility::Public(_))
                        })
                    }
                    _ => false,
                })
            },
        )
    };
    let mut places = Vec::new();
    for (path, bytes) in candidate.iter().filter(|(path, _)| path.starts_with("src/") && path.ends_with(".rs")) {
        let Some(file) = std::str::from_utf8(bytes).ok().and_then(|text| syn::parse_file(text).ok()) else { continue };
        for item in &file.items {
            let syn::Item::Struct(item) = item else { continue };
            let name = item.ident.to_string();
            for (index, field) in item.fields.iter().enumerate() {
                let field_name = field.ident.as_ref().map_or_else(|| index.to_string(), ToString::to_string);
                if matches!(field.vis, syn::Visibility::Public(_)) && private_in_starter(&name, &field_name) {
                    let line = syntax::field_line(field);
                    places.push(Place::new(path, line, "comparison with the starter"));
                }
            }
        }
    }
    places
}

/// Public fields of the public structs that the crate builds through a validating constructor
/// (a function returning `Result<Self, _>` or `Result<ThatType, _>`) or a builder (a `build`
/// method returning the type): a caller can set the fields directly and bypass the checks.
fn bypassable_fields(candidate: &FileTree) -> Vec<Place> {
    /// The types some function returns inside `Ok`, and the types a `build` method returns.
    #[derive(Default)]
    struct Validated {
        types: BTreeSet<String>,
        impl_self: Vec<String>,
    }
    impl<'ast> syn::visit::Visit<'ast> for Validated {
        fn visit_item_mod(&mut self, module: &'ast syn::ItemMod) {
            let test = module.attrs.iter().any(|attr| {
                attr.path().is_ident("cfg") && quote::ToTokens::to_token_stream(&attr.meta).to_string().contains("test")
            });
            if !test {
                syn::visit::visit_item_mod(self, module);
            }
        }
        fn visit_item_impl(&mut self, item: &'ast syn::ItemImpl) {
            let name = match &*item.self_ty {
                syn::Type::Path(path) => path.path.segments.last().map(|segment| segment.ident.to_string()),
                _ => None,
            };
            self.impl_self.push(name.unwrap_or_default());
            syn::visit::visit_item_impl(self, item);
            self.impl_self.pop();
        }
        fn visit_signature(&mut self, sig: &'ast syn::Signature) {
            let syn::ReturnType::Type(_, output) = &sig.output else { return };
            let name_of = |ty: &syn::Type| -> Option<String> {
                let syn::Type::Path(path) = ty else { return None };
                let name = path.path.segments.last()?.ident.to_string();
                if name == "Self" {
                    self.impl_self.last().cloned().filter(|owner| !owner.is_empty())
                } else {
                    Some(name)
                }
            };
            let syn::Type::Path(path) = &**output else { return };
            let Some(last) = path.path.segments.last() else { return };
            if last.ident == "Result" {
                if let syn::PathArguments::AngleBracketed(arguments) = &last.arguments {
                    if let Some(syn::GenericArgument::Type(ok)) = arguments.args.first() {
                        self.types.extend(name_of(ok));
                    }
                }
            } else if sig.ident == "build" && sig.receiver().is_some() {
                self.types.extend(name_of(output));
            }
        }
    }
    let files: Vec<(&str, syn::File)> = candidate
        .iter()
        .filter(|(path, _)| path.starts_with("src/") && path.ends_with(".rs"))
        .filter_map(|(path, bytes)| Some((path, syn::parse_file(std::str::from_utf8(bytes).ok()?).ok()?)))
        .collect();
    let mut validated = Validated::default();
    for (_, file) in &files {
        syn::visit::Visit::visit_file(&mut validated, file);
    }
    let mut places = Vec::new();
    for (path, file) in &files {
        for item in &file.items {
            let syn::Item::Struct(item) = item else { continue };
            if !matches!(item.vis, syn::Visibility::Public(_)) || !validated.types.contains(&item.ident.to_string()) {
                continue;
            }
            for field in item.fields.iter().filter(|field| matches!(field.vis, syn::Visibility::Public(_))) {
                places.push(Place::new(path, syntax::field_line(field), "syntax"));
            }
        }
    }
    places
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

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(source: &str) -> Vec<u32> {
        let mut files = FileTree::new();
        files.insert("src/lib.rs", source);
        bypassable_fields(&files).into_iter().map(|place| place.line).collect()
    }

    #[test]
    fn public_fields_of_a_type_built_through_checks_are_a_bypass() {
        let built = "\
pub struct Request {
    pub method: Method,
    url: Url,
    pub body: Option<String>,
}
pub struct Builder { url: Option<Url> }
impl Builder {
    pub fn build(self) -> Request { todo() }
}
pub struct Port {
    pub number: u16,
}
impl std::str::FromStr for Port {
    type Err = PortError;
    fn from_str(text: &str) -> Result<Self, PortError> { todo() }
}
";
        assert_eq!(lines(built), [2, 4, 11]);
        // Plain data nobody validates, an error type, private fields behind the checks.
        let plain = "\
pub struct Point { pub x: i32, pub y: i32 }
pub struct CycleError { pub stuck: Vec<u32> }
pub fn order() -> Result<Vec<u32>, CycleError> { todo() }
pub struct Url { host: String }
impl Url { pub fn parse(text: &str) -> Result<Url, UrlError> { todo() } }
";
        assert!(lines(plain).is_empty(), "{:?}", lines(plain));
    }
}
