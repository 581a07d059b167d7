//! The library's architecture, checked: reads every `crate::…` path in `grader/src` (imports and
//! inline paths alike, comments excluded), prints the dependency graph between its top-level
//! modules (one folder per pipeline stage), and fails on any cycle, on an edge that goes up the
//! pipeline, and on a module file without a `//!` doc naming its main type or function.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use proc_macro2::{TokenStream, TokenTree};

/// The library's top-level modules, layer by layer: a module may depend only on modules of lower
/// layers. The layers are the pipeline's order (docs/architecture.md).
const LAYERS: &[&[&str]] = &[
    &["support", "error"],
    &["filetree"],
    &["exercise"],
    &["intake", "process"],
    &["stage"],
    &["build"],
    &["run"],
    &["checks"],
    &["inspect"],
    &["report"],
    &["score"],
    // The take-home (what a candidate gets, and what its manifest says to grade) needs only the
    // exercise set and intake; batch and the CLI choose exercises with it.
    &["grade", "takehome"],
    &["batch", "verify"],
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file of the library (not the binary's `main.rs` and `cli/`), with its unit: the
/// top-level module it belongs to.
fn library_files() -> Vec<(String, PathBuf)> {
    let mut files = Vec::new();
    let mut stack = vec![src()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read src") {
            let path = entry.expect("entry").path();
            let relative = path.strip_prefix(src()).expect("inside src").to_path_buf();
            let first = relative.iter().next().and_then(|part| part.to_str()).unwrap_or_default().to_owned();
            if first == "cli" || first == "main.rs" {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let unit = first.trim_end_matches(".rs").to_owned();
                files.push((unit, path));
            }
        }
    }
    files.sort();
    files
}

/// The first segment after every `crate::` in `stream`, macro bodies included.
fn crate_paths(stream: TokenStream, found: &mut BTreeSet<String>) {
    let tokens: Vec<TokenTree> = stream.into_iter().collect();
    for (index, token) in tokens.iter().enumerate() {
        match token {
            TokenTree::Group(group) => crate_paths(group.stream(), found),
            TokenTree::Ident(ident) if ident == "crate" => {
                let colons = tokens.get(index + 1..index + 3).is_some_and(|pair| {
                    pair.iter().all(|token| matches!(token, TokenTree::Punct(punct) if punct.as_char() == ':'))
                });
                match (colons, tokens.get(index + 3)) {
                    (true, Some(TokenTree::Ident(next))) => {
                        found.insert(next.to_string());
                    }
                    // `use crate::{a, b::c}`: every first segment in the braces.
                    (true, Some(TokenTree::Group(group))) => {
                        for part in group.stream().to_string().split(',') {
                            let first = part.trim().split("::").next().unwrap_or_default().trim().to_owned();
                            if !first.is_empty() {
                                found.insert(first);
                            }
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
}

/// The dependency graph between top-level modules.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let known: BTreeSet<&str> = LAYERS.iter().flat_map(|layer| layer.iter().copied()).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (unit, path) in library_files() {
        if unit == "lib" {
            continue;
        }
        assert!(known.contains(unit.as_str()), "{unit} (from {}) is not in LAYERS", path.display());
        let text = std::fs::read_to_string(&path).expect("read");
        let stream =
            TokenStream::from_str(&text).unwrap_or_else(|err| panic!("{} does not lex: {err}", path.display()));
        let mut found = BTreeSet::new();
        crate_paths(stream, &mut found);
        let edges = graph.entry(unit.clone()).or_default();
        for target in found {
            if target != unit && known.contains(target.as_str()) {
                edges.insert(target);
            }
        }
    }
    graph
}

fn layer_of(unit: &str) -> usize {
    LAYERS.iter().position(|layer| layer.contains(&unit)).unwrap_or(usize::MAX)
}

/// Strongly connected components with more than one module (Tarjan's algorithm).
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        next: usize,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(state: &mut State<'a>, node: &'a str) {
        state.index.insert(node, state.next);
        state.low.insert(node, state.next);
        state.next += 1;
        state.stack.push(node);
        state.on_stack.insert(node);
        let graph = state.graph;
        for next in graph.get(node).into_iter().flatten() {
            let next = next.as_str();
            if !state.index.contains_key(next) {
                visit(state, next);
                let low = state.low[node].min(state.low[next]);
                state.low.insert(node, low);
            } else if state.on_stack.contains(next) {
                let low = state.low[node].min(state.index[next]);
                state.low.insert(node, low);
            }
        }
        if state.low[node] == state.index[node] {
            let mut component = Vec::new();
            while let Some(member) = state.stack.pop() {
                state.on_stack.remove(member);
                component.push(member.to_owned());
                if member == node {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                state.found.push(component);
            }
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        found: Vec::new(),
    };
    for node in graph.keys() {
        if !state.index.contains_key(node.as_str()) {
            visit(&mut state, node);
        }
    }
    state.found
}

#[test]
fn modules_depend_only_down_the_pipeline_and_never_in_a_cycle() {
    let graph = graph();
    println!("module dependency graph (a -> what it uses):");
    for (unit, edges) in &graph {
        println!("  {unit:<9} -> {}", edges.iter().cloned().collect::<Vec<_>>().join(", "));
    }
    let cycles = cycles(&graph);
    assert!(cycles.is_empty(), "import cycles between modules: {cycles:?}");
    let upward: Vec<String> = graph
        .iter()
        .flat_map(|(unit, edges)| edges.iter().map(move |target| (unit, target)))
        .filter(|(unit, target)| layer_of(target) >= layer_of(unit))
        .map(|(unit, target)| format!("{unit} -> {target}"))
        .collect();
    assert!(upward.is_empty(), "dependencies that go up the pipeline or across a layer: {upward:?}");
    // The graph is not trivially empty: the driver uses every stage.
    let grade = &graph["grade"];
    for stage in ["intake", "stage", "build", "run", "checks", "inspect", "score", "report"] {
        assert!(grade.contains(stage), "grade does not use {stage}: {grade:?}");
    }
}

#[test]
fn the_cycle_finder_finds_a_planted_cycle() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    graph.entry("a".into()).or_default().insert("b".into());
    graph.entry("b".into()).or_default().insert("c".into());
    graph.entry("c".into()).or_default().insert("a".into());
    graph.entry("d".into()).or_default().insert("a".into());
    assert_eq!(cycles(&graph), [vec!["a".to_owned(), "b".to_owned(), "c".to_owned()]]);
    let mut found = BTreeSet::new();
    crate_paths(
        TokenStream::from_str("use crate::{run::x, stage};\nfn f() { crate::score::g(); }").expect("lexes"),
        &mut found,
    );
    assert_eq!(found.into_iter().collect::<Vec<_>>(), ["run", "score", "stage"]);
}

#[test]
fn every_module_file_says_what_it_is_and_names_its_main_item() {
    let mut missing = Vec::new();
    let mut files = library_files();
    files.extend(
        ["main.rs", "cli/mod.rs", "cli/args.rs", "cli/commands.rs", "cli/exit.rs", "cli/output.rs", "cli/progress.rs"]
            .iter()
            .map(|file| ("cli".to_owned(), src().join(file))),
    );
    for (_, path) in files {
        let text = std::fs::read_to_string(&path).expect("read");
        let doc: String =
            text.lines().map_while(|line| line.strip_prefix("//!")).map(str::trim).collect::<Vec<_>>().join(" ");
        let names_main = doc.contains("The main ") || doc.contains("main type") || path.ends_with("main.rs");
        if doc.is_empty() || !names_main {
            missing.push(path.strip_prefix(src()).expect("inside src").display().to_string());
        }
    }
    assert!(missing.is_empty(), "module files without a `//!` doc naming their main type or function: {missing:?}");
}
