//! Similarity detection within a batch of submissions, the way MOSS and Dolos do it: which
//! candidates handed in code that looks alike, and which handed in the exercise's reference
//! solution.
//!
//! Every `.rs` file is tokenised with `proc-macro2`; identifiers that are not Rust keywords become
//! one placeholder and literals another, so renaming variables or changing constants changes
//! nothing. Runs of `k` tokens (k-grams) are hashed and *winnowed* (Schleimer, Wilkerson and Aiken,
//! 2003) into a small set of fingerprints that still catches every shared run long enough. Every
//! k-gram of the exercise's starter code is taken out first, so the code every candidate received
//! never makes two submissions look alike. Two submissions of the same exercise score the share of
//! fingerprints they have in common; the result lists the pairs above a threshold with the line
//! ranges that match and a diff of the files that share the most.
//!
//! This module reports scores and regions, never a verdict: a high score says where a person
//! should look, not that anyone copied (short exercises, a dictated API and common idioms make
//! honest solutions alike). See `docs/similarity.md`. The main function is [`find_similar`].

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::time::Duration;

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use serde::{Deserialize, Serialize};
use similar::TextDiff;

use crate::filetree::FileTree;

/// Pairs where either side has fewer fingerprints than this (after the starter's are taken out)
/// are not scored: there is too little of the candidate's own code to judge.
pub const MIN_FINGERPRINTS: usize = 10;

/// The diff in a [`SimilarPair`] is cut after this many lines.
const DIFF_MAX_LINES: usize = 200;

/// Lines of unchanged context around each hunk of the diff.
const DIFF_CONTEXT: usize = 3;

/// The diff gives up looking for the smallest edit script after this long (it then shows a
/// coarser but still correct diff), so a huge file cannot stall a batch.
const DIFF_TIMEOUT: Duration = Duration::from_secs(2);

/// When a fingerprint occurs many times on both sides (a repeated idiom), at most this many of its
/// occurrences on the other side are paired with each occurrence, to keep regions bounded.
const MAX_MATCHES_PER_OCCURRENCE: usize = 16;

/// One submission's files for one exercise.
#[derive(Debug, Clone, Copy)]
pub struct SimilarityInput<'a> {
    /// The submission's name (usually its folder name); how pairs name their sides.
    pub submission: &'a str,
    /// The exercise id; only submissions of the same exercise are compared.
    pub exercise: &'a str,
    /// The candidate's files for that exercise. Only `.rs` files that are UTF-8 and tokenise are
    /// compared; every other file is skipped.
    pub files: &'a FileTree,
}

/// Tuning of the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Options {
    /// k-gram size in tokens (default 12): shared runs shorter than this are never seen. `0` is
    /// taken as `1`.
    pub k: usize,
    /// Winnowing window in k-grams (default 8): every shared run of at least `k + window - 1`
    /// tokens is guaranteed to share a fingerprint. `0` is taken as `1`.
    pub window: usize,
    /// Pairs (and reference matches) scoring at or above this are reported (default 0.6).
    pub min_score: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options { k: 12, window: 8, min_score: 0.6 }
    }
}

/// One winnowed fingerprint of a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Fingerprint {
    /// Stable hash of the k-gram's normalised tokens: the same on every run and every machine.
    pub hash: u64,
    /// 1-based line of the k-gram's first token.
    pub line: u32,
}

/// Two submissions of one exercise whose code is alike.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimilarPair {
    /// The exercise id both submissions were compared for.
    pub exercise: String,
    /// One submission's name (the smaller of the two names).
    pub a: String,
    /// The other submission's name.
    pub b: String,
    /// Shared fingerprints divided by the fingerprints of the side that has fewer, from 0 to 1:
    /// 1 means all the smaller side's own code (starter code excluded) also appears in the other.
    pub score: f64,
    /// Matching line ranges, per pair of files, in file and line order.
    pub regions: Vec<Region>,
    /// Unified diff of the two files that share the most fingerprints (`a`'s file first), cut after
    /// about 200 lines; empty when those two files are byte for byte the same.
    pub diff: String,
}

/// A range of lines in one file of `a` that matches a range of lines in one file of `b`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Region {
    /// The file in submission `a`, by its path in the exercise folder (`src/lib.rs`).
    pub file_a: String,
    /// First and last line (1-based, inclusive) in `file_a`.
    pub lines_a: (u32, u32),
    /// The file in submission `b`.
    pub file_b: String,
    /// First and last line (1-based, inclusive) in `file_b`.
    pub lines_b: (u32, u32),
}

/// A submission whose code is alike the exercise's reference solution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReferenceMatch {
    /// The exercise id.
    pub exercise: String,
    /// The submission's name.
    pub submission: String,
    /// Shared fingerprints divided by the fingerprints of the side that has fewer, from 0 to 1,
    /// as in [`SimilarPair::score`].
    pub score: f64,
}

/// The winnowed fingerprints of one Rust source file, in source order: `k`-grams of normalised
/// tokens, hashed, and the minimum hash of every `window` consecutive ones (rightmost on ties),
/// each selected position once. A source that does not tokenise, or has fewer than `k` tokens, has
/// none.
pub fn fingerprints(source: &str, k: usize, window: usize) -> Vec<Fingerprint> {
    let Some(tokens) = tokenize(source) else {
        return Vec::new();
    };
    let grams = kgrams(&tokens, k);
    let hashes: Vec<u64> = grams.iter().map(|gram| gram.hash).collect();
    winnow(&hashes, window)
        .into_iter()
        .map(|index| Fingerprint { hash: grams[index].hash, line: grams[index].start })
        .collect()
}

/// Pairs of submissions of the same exercise whose fingerprints (less the starter's, from
/// `starters[exercise]`) score at least `options.min_score`, highest score first (ties by exercise,
/// then names). Pairs where either side has fewer than [`MIN_FINGERPRINTS`] are skipped, and so
/// are two inputs with the same submission name.
pub fn find_similar(
    inputs: &[SimilarityInput<'_>],
    starters: &BTreeMap<String, FileTree>,
    options: &Options,
) -> Vec<SimilarPair> {
    let mut starter_cache = StarterCache::new(starters, options);
    let profiles: Vec<Profile<'_>> =
        inputs.iter().map(|input| Profile::new(input.files, starter_cache.get(input.exercise), options)).collect();

    let mut by_exercise: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (index, input) in inputs.iter().enumerate() {
        by_exercise.entry(input.exercise).or_default().push(index);
    }

    let mut pairs = Vec::new();
    for (exercise, members) in &by_exercise {
        for (position, &first) in members.iter().enumerate() {
            for &second in &members[position + 1..] {
                let (first, second) = if inputs[first].submission <= inputs[second].submission {
                    (first, second)
                } else {
                    (second, first)
                };
                let (input_a, input_b) = (&inputs[first], &inputs[second]);
                if input_a.submission == input_b.submission {
                    continue;
                }
                let (profile_a, profile_b) = (&profiles[first], &profiles[second]);
                let Some(score) = score(profile_a, profile_b) else {
                    continue;
                };
                if score < options.min_score {
                    continue;
                }
                let matched = match_regions(profile_a, profile_b);
                let diff = matched
                    .best_files
                    .map(|(file_a, file_b)| {
                        let (path_a, text_a) = profile_a.files[file_a];
                        let (path_b, text_b) = profile_b.files[file_b];
                        unified_diff(
                            &format!("{}/{path_a}", input_a.submission),
                            text_a,
                            &format!("{}/{path_b}", input_b.submission),
                            text_b,
                        )
                    })
                    .unwrap_or_default();
                pairs.push(SimilarPair {
                    exercise: (*exercise).to_owned(),
                    a: input_a.submission.to_owned(),
                    b: input_b.submission.to_owned(),
                    score,
                    regions: matched.regions,
                    diff,
                });
            }
        }
    }
    pairs.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then_with(|| x.exercise.cmp(&y.exercise))
            .then_with(|| x.a.cmp(&y.a))
            .then_with(|| x.b.cmp(&y.b))
    });
    pairs
}

/// Submissions whose fingerprints (less the starter's) score at least `options.min_score` against
/// the exercise's reference solution (`references[exercise]`, also less the starter's), highest
/// score first. Exercises without a reference are skipped, and so is either side with fewer than
/// [`MIN_FINGERPRINTS`].
pub fn match_reference(
    inputs: &[SimilarityInput<'_>],
    references: &BTreeMap<String, FileTree>,
    starters: &BTreeMap<String, FileTree>,
    options: &Options,
) -> Vec<ReferenceMatch> {
    let mut starter_cache = StarterCache::new(starters, options);
    let mut reference_profiles: HashMap<&str, Profile<'_>> = HashMap::new();
    let mut matches = Vec::new();
    for input in inputs {
        let Some(reference) = references.get(input.exercise) else {
            continue;
        };
        let excluded = starter_cache.get(input.exercise);
        let reference_profile =
            reference_profiles.entry(input.exercise).or_insert_with(|| Profile::new(reference, excluded, options));
        let profile = Profile::new(input.files, excluded, options);
        let Some(score) = score(&profile, reference_profile) else {
            continue;
        };
        if score >= options.min_score {
            matches.push(ReferenceMatch {
                exercise: input.exercise.to_owned(),
                submission: input.submission.to_owned(),
                score,
            });
        }
    }
    matches.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then_with(|| x.exercise.cmp(&y.exercise))
            .then_with(|| x.submission.cmp(&y.submission))
    });
    matches
}

// ---------------------------------------------------------------------------------------------
// Tokens

/// A normalised token: a keyword, a delimiter or the `V`/`L` placeholder (`Word`), or punctuation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Text {
    Word(&'static str),
    Punct(char),
}

#[derive(Debug, Clone, Copy)]
struct Token {
    text: Text,
    line: u32,
}

/// Placeholder for every identifier that is not a keyword.
const IDENT: &str = "V";
/// Placeholder for every literal (`true` and `false` included).
const LITERAL: &str = "L";

/// Rust's keywords (strict, reserved and the weak ones that shape code), plus `_`. These are kept
/// as they are; every other identifier becomes [`IDENT`].
const KEYWORDS: &[&str] = &[
    "_",
    "abstract",
    "as",
    "async",
    "await",
    "become",
    "box",
    "break",
    "const",
    "continue",
    "crate",
    "do",
    "dyn",
    "else",
    "enum",
    "extern",
    "final",
    "fn",
    "for",
    "gen",
    "if",
    "impl",
    "in",
    "let",
    "loop",
    "macro",
    "macro_rules",
    "match",
    "mod",
    "move",
    "mut",
    "override",
    "priv",
    "pub",
    "ref",
    "return",
    "self",
    "Self",
    "static",
    "struct",
    "super",
    "trait",
    "try",
    "type",
    "typeof",
    "union",
    "unsafe",
    "unsized",
    "use",
    "virtual",
    "where",
    "while",
    "yield",
];

/// The normalised tokens of a Rust source, each with its line; `None` if it does not tokenise.
fn tokenize(source: &str) -> Option<Vec<Token>> {
    let stream: TokenStream = source.parse().ok()?;
    let mut tokens = Vec::new();
    walk(stream, &mut tokens);
    Some(tokens)
}

fn line_of(span: Span) -> u32 {
    u32::try_from(span.start().line).unwrap_or(u32::MAX)
}

/// Appends the normalised tokens of `stream`, descending into groups (with their delimiters as
/// tokens). Doc comments (`#[doc = "…"]` after tokenising) are dropped like ordinary comments.
fn walk(stream: TokenStream, tokens: &mut Vec<Token>) {
    let trees: Vec<TokenTree> = stream.into_iter().collect();
    let mut index = 0;
    while index < trees.len() {
        if let Some(length) = doc_attribute_len(&trees[index..]) {
            index += length;
            continue;
        }
        match &trees[index] {
            TokenTree::Group(group) => {
                let delimiters = match group.delimiter() {
                    Delimiter::Parenthesis => Some(("(", ")")),
                    Delimiter::Brace => Some(("{", "}")),
                    Delimiter::Bracket => Some(("[", "]")),
                    Delimiter::None => None,
                };
                if let Some((open, _)) = delimiters {
                    tokens.push(Token { text: Text::Word(open), line: line_of(group.span_open()) });
                }
                walk(group.stream(), tokens);
                if let Some((_, close)) = delimiters {
                    tokens.push(Token { text: Text::Word(close), line: line_of(group.span_close()) });
                }
            }
            TokenTree::Ident(ident) => {
                let name = ident.to_string();
                let text = match name.as_str() {
                    "true" | "false" => LITERAL,
                    other => KEYWORDS.iter().copied().find(|keyword| *keyword == other).unwrap_or(IDENT),
                };
                tokens.push(Token { text: Text::Word(text), line: line_of(ident.span()) });
            }
            TokenTree::Punct(punct) => {
                tokens.push(Token { text: Text::Punct(punct.as_char()), line: line_of(punct.span()) });
            }
            TokenTree::Literal(literal) => {
                tokens.push(Token { text: Text::Word(LITERAL), line: line_of(literal.span()) });
            }
        }
        index += 1;
    }
}

/// How many token trees a doc attribute (`#[doc = …]` or `#![doc = …]`) at the start of `trees`
/// spans, or `None` if there is none.
fn doc_attribute_len(trees: &[TokenTree]) -> Option<usize> {
    let TokenTree::Punct(hash) = trees.first()? else {
        return None;
    };
    if hash.as_char() != '#' {
        return None;
    }
    let bracket = if matches!(trees.get(1), Some(TokenTree::Punct(bang)) if bang.as_char() == '!') { 2 } else { 1 };
    let TokenTree::Group(group) = trees.get(bracket)? else {
        return None;
    };
    if group.delimiter() != Delimiter::Bracket {
        return None;
    }
    let mut inner = group.stream().into_iter();
    let is_doc = matches!(inner.next(), Some(TokenTree::Ident(ident)) if ident == "doc")
        && matches!(inner.next(), Some(TokenTree::Punct(eq)) if eq.as_char() == '=');
    is_doc.then_some(bracket + 1)
}

// ---------------------------------------------------------------------------------------------
// k-grams and winnowing

/// One k-gram: its hash and the lines of its first and last token.
#[derive(Debug, Clone, Copy)]
struct Gram {
    hash: u64,
    start: u32,
    end: u32,
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a over `bytes`, continuing from `hash`.
fn fnv1a(mut hash: u64, bytes: &[u8]) -> u64 {
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(FNV_PRIME);
    }
    hash
}

/// Spreads the bits of an FNV hash (the MurmurHash3 finaliser), so that winnowing's minimum is not
/// biased towards particular tokens.
fn finalize(mut hash: u64) -> u64 {
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    hash ^ (hash >> 33)
}

/// Stable hash of a run of tokens: FNV-1a over each token's text followed by a `0xff` separator
/// (a byte no UTF-8 text contains), then [`finalize`].
fn hash_tokens(tokens: &[Token]) -> u64 {
    let mut hash = FNV_OFFSET;
    for token in tokens {
        hash = match token.text {
            Text::Word(word) => fnv1a(hash, word.as_bytes()),
            Text::Punct(punct) => fnv1a(hash, punct.encode_utf8(&mut [0; 4]).as_bytes()),
        };
        hash = fnv1a(hash, &[0xff]);
    }
    finalize(hash)
}

/// Every run of `k` consecutive tokens, hashed, in order.
fn kgrams(tokens: &[Token], k: usize) -> Vec<Gram> {
    tokens
        .windows(k.max(1))
        .map(|run| Gram {
            hash: hash_tokens(run),
            start: run.first().map_or(0, |token| token.line),
            end: run.last().map_or(0, |token| token.line),
        })
        .collect()
}

/// Winnowing: the positions of the minimum hash of every `window` consecutive hashes (the
/// rightmost on ties), each position once, in increasing order. Fewer hashes than `window` form
/// one window.
fn winnow(hashes: &[u64], window: usize) -> Vec<usize> {
    if hashes.is_empty() {
        return Vec::new();
    }
    let window = window.clamp(1, hashes.len());
    let mut selected: Vec<usize> = Vec::new();
    for start in 0..=hashes.len() - window {
        let mut minimum = start;
        for position in start + 1..start + window {
            if hashes[position] <= hashes[minimum] {
                minimum = position;
            }
        }
        // The selected position never moves left as the window slides, so comparing with the last
        // one is enough to select each position once.
        if selected.last() != Some(&minimum) {
            selected.push(minimum);
        }
    }
    selected
}

// ---------------------------------------------------------------------------------------------
// Profiles and scores

/// Every k-gram hash of an exercise's starter (not only the winnowed ones: near the edits a
/// candidate made, winnowing can select a starter k-gram that the starter's own winnowing did not).
struct StarterCache<'a> {
    starters: &'a BTreeMap<String, FileTree>,
    options: &'a Options,
    hashes: HashMap<String, HashSet<u64>>,
}

impl<'a> StarterCache<'a> {
    fn new(starters: &'a BTreeMap<String, FileTree>, options: &'a Options) -> Self {
        StarterCache { starters, options, hashes: HashMap::new() }
    }

    fn get(&mut self, exercise: &str) -> &HashSet<u64> {
        let (starters, k) = (self.starters, self.options.k);
        self.hashes.entry(exercise.to_owned()).or_insert_with(|| {
            starters
                .get(exercise)
                .into_iter()
                .flat_map(rust_sources)
                .filter_map(|(_, text)| tokenize(text))
                .flat_map(|tokens| kgrams(&tokens, k))
                .map(|gram| gram.hash)
                .collect()
        })
    }
}

/// The `.rs` files of a tree that are UTF-8 text, in path order.
fn rust_sources(files: &FileTree) -> impl Iterator<Item = (&str, &str)> {
    files
        .iter()
        .filter(|(path, _)| path.ends_with(".rs"))
        .filter_map(|(path, bytes)| std::str::from_utf8(bytes).ok().map(|text| (path, text)))
}

/// One fingerprint of a profile: which file (index into [`Profile::files`]) and which lines.
#[derive(Debug, Clone, Copy)]
struct Print {
    hash: u64,
    file: usize,
    start: u32,
    end: u32,
}

/// The fingerprints of one side of a comparison, starter fingerprints taken out.
struct Profile<'a> {
    /// Files that tokenised: path and text.
    files: Vec<(&'a str, &'a str)>,
    prints: Vec<Print>,
    hashes: HashSet<u64>,
}

impl<'a> Profile<'a> {
    fn new(tree: &'a FileTree, excluded: &HashSet<u64>, options: &Options) -> Self {
        let mut files = Vec::new();
        let mut prints = Vec::new();
        for (path, text) in rust_sources(tree) {
            let Some(tokens) = tokenize(text) else {
                continue;
            };
            let file = files.len();
            files.push((path, text));
            let grams = kgrams(&tokens, options.k);
            let hashes: Vec<u64> = grams.iter().map(|gram| gram.hash).collect();
            prints.extend(
                winnow(&hashes, options.window)
                    .into_iter()
                    .map(|index| grams[index])
                    .filter(|gram| !excluded.contains(&gram.hash))
                    .map(|gram| Print { hash: gram.hash, file, start: gram.start, end: gram.end }),
            );
        }
        let hashes = prints.iter().map(|print| print.hash).collect();
        Profile { files, prints, hashes }
    }
}

/// |shared| / min(|A|, |B|) over fingerprint hash sets; `None` when either side has fewer than
/// [`MIN_FINGERPRINTS`].
fn score(a: &Profile<'_>, b: &Profile<'_>) -> Option<f64> {
    let (smaller, larger) = if a.hashes.len() <= b.hashes.len() { (a, b) } else { (b, a) };
    if smaller.hashes.len() < MIN_FINGERPRINTS {
        return None;
    }
    let shared = smaller.hashes.iter().filter(|hash| larger.hashes.contains(hash)).count();
    Some(shared as f64 / smaller.hashes.len() as f64)
}

/// A pair of line ranges: in a file of `a`, in a file of `b`.
type Span2 = ((u32, u32), (u32, u32));

/// The regions two profiles share, and the pair of files (indices) sharing the most fingerprints.
struct Matched {
    regions: Vec<Region>,
    best_files: Option<(usize, usize)>,
}

fn match_regions(a: &Profile<'_>, b: &Profile<'_>) -> Matched {
    let mut in_b: HashMap<u64, Vec<&Print>> = HashMap::new();
    for print in &b.prints {
        in_b.entry(print.hash).or_default().push(print);
    }
    let mut spans: BTreeMap<(usize, usize), Vec<Span2>> = BTreeMap::new();
    let mut shared: BTreeMap<(usize, usize), HashSet<u64>> = BTreeMap::new();
    for print_a in &a.prints {
        let Some(prints_b) = in_b.get(&print_a.hash) else {
            continue;
        };
        for print_b in prints_b.iter().take(MAX_MATCHES_PER_OCCURRENCE) {
            let files = (print_a.file, print_b.file);
            spans.entry(files).or_default().push(((print_a.start, print_a.end), (print_b.start, print_b.end)));
            shared.entry(files).or_default().insert(print_a.hash);
        }
    }

    let mut best_files = None;
    let mut best_count = 0;
    for (files, hashes) in &shared {
        if hashes.len() > best_count {
            best_count = hashes.len();
            best_files = Some(*files);
        }
    }

    let mut regions = Vec::new();
    for ((file_a, file_b), matches) in spans {
        for (lines_a, lines_b) in merge(matches) {
            regions.push(Region {
                file_a: a.files[file_a].0.to_owned(),
                lines_a,
                file_b: b.files[file_b].0.to_owned(),
                lines_b,
            });
        }
    }
    Matched { regions, best_files }
}

/// Whether two inclusive line ranges overlap or are next to each other.
fn touches(x: (u32, u32), y: (u32, u32)) -> bool {
    x.0 <= y.1.saturating_add(1) && y.0 <= x.1.saturating_add(1)
}

fn union(x: (u32, u32), y: (u32, u32)) -> (u32, u32) {
    (x.0.min(y.0), x.1.max(y.1))
}

/// Merges matching line-range pairs into regions: two pairs join when their ranges touch on both
/// sides. Returns the regions sorted by their range in `a`, then in `b`.
fn merge(mut matches: Vec<Span2>) -> Vec<Span2> {
    matches.sort_unstable();
    matches.dedup();
    let mut merged: Vec<Span2> = Vec::new();
    for (lines_a, lines_b) in matches {
        match merged.iter_mut().rev().find(|(a, b)| touches(*a, lines_a) && touches(*b, lines_b)) {
            Some(region) => *region = (union(region.0, lines_a), union(region.1, lines_b)),
            None => merged.push((lines_a, lines_b)),
        }
    }
    // Growing a region can make it touch another one: merge until nothing changes.
    let mut index = 0;
    while index < merged.len() {
        let mut grew = false;
        let mut other = index + 1;
        while other < merged.len() {
            let (a, b) = merged[other];
            if touches(merged[index].0, a) && touches(merged[index].1, b) {
                merged[index] = (union(merged[index].0, a), union(merged[index].1, b));
                merged.remove(other);
                grew = true;
            } else {
                other += 1;
            }
        }
        if !grew {
            index += 1;
        }
    }
    merged.sort_unstable();
    merged
}

/// Unified diff of two texts with the given header names, cut after [`DIFF_MAX_LINES`] lines.
fn unified_diff(name_a: &str, text_a: &str, name_b: &str, text_b: &str) -> String {
    let diff = TextDiff::configure().timeout(DIFF_TIMEOUT).diff_lines(text_a, text_b);
    let full = diff.unified_diff().context_radius(DIFF_CONTEXT).header(name_a, name_b).to_string();
    cap_lines(&full, DIFF_MAX_LINES)
}

/// `text` cut after `max` lines, with a last line saying how many were left out.
fn cap_lines(text: &str, max: usize) -> String {
    let total = text.lines().count();
    if total <= max {
        return text.to_owned();
    }
    let mut capped = String::new();
    for line in text.lines().take(max) {
        capped.push_str(line);
        capped.push('\n');
    }
    // Writing to a String cannot fail.
    let _ = writeln!(capped, "… {} more lines of diff not shown", total - max);
    capped
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXERCISE: &str = "junior-02-borrowing";

    /// The starter every candidate received: the types, and stubs to fill in.
    const STARTER: &str = r#"//! A tiny ledger: accounts live side by side in one slice, and money moves between two of them.

/// One account of the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub owner: String,
    /// Balance in cents.
    pub balance: u64,
}

impl Account {
    pub fn new(owner: &str, balance: u64) -> Self {
        Account { owner: owner.to_string(), balance }
    }
}

/// Why a transfer was refused. A refused transfer changes nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransferError {
    NoSuchAccount(usize),
    SameAccount,
    InsufficientFunds { balance: u64, amount: u64 },
    LimitExceeded { limit: u64 },
}

/// Moves `amount` cents from `accounts[from]` to `accounts[to]`.
pub fn transfer(accounts: &mut [Account], from: usize, to: usize, amount: u64) -> Result<(), TransferError> {
    Err(TransferError::SameAccount)
}

/// Total money held by the ledger, in cents.
pub fn total(accounts: &[Account]) -> u64 {
    0
}
"#;

    /// The starter's types, kept by every submission below.
    fn types() -> &'static str {
        let end = STARTER.find("/// Moves").expect("the starter has a transfer stub");
        &STARTER[..end]
    }

    /// One candidate's solution: index checks in a loop, `split_at_mut` for two `&mut`, a loop sum.
    const SOLUTION_LOOPS: &str = r#"
const DAILY_LIMIT: u64 = 1_000_000;

fn pair_mut<T>(items: &mut [T], a: usize, b: usize) -> (&mut T, &mut T) {
    if a < b {
        let (left, right) = items.split_at_mut(b);
        (&mut left[a], &mut right[0])
    } else {
        let (left, right) = items.split_at_mut(a);
        (&mut right[0], &mut left[b])
    }
}

/// Moves `amount` cents from `accounts[from]` to `accounts[to]`.
pub fn transfer(accounts: &mut [Account], from: usize, to: usize, amount: u64) -> Result<(), TransferError> {
    for index in [from, to] {
        if index >= accounts.len() {
            return Err(TransferError::NoSuchAccount(index));
        }
    }
    if from == to {
        return Err(TransferError::SameAccount);
    }
    if amount > DAILY_LIMIT {
        return Err(TransferError::LimitExceeded { limit: DAILY_LIMIT });
    }
    let (source, target) = pair_mut(accounts, from, to);
    if source.balance < amount {
        return Err(TransferError::InsufficientFunds { balance: source.balance, amount });
    }
    source.balance -= amount;
    target.balance += amount;
    Ok(())
}

/// Total money held by the ledger, in cents.
pub fn total(accounts: &[Account]) -> u64 {
    let mut sum = 0;
    for account in accounts {
        sum += account.balance;
    }
    sum
}
"#;

    /// The same solution with every variable and helper renamed, other constants, new comments.
    const SOLUTION_RENAMED: &str = r#"
// Biggest transfer we allow.
const MAX_CENTS: u64 = 250_000;

// Two mutable borrows into one slice.
fn two_mut<E>(slice: &mut [E], i: usize, j: usize) -> (&mut E, &mut E) {
    if i < j {
        let (head, tail) = slice.split_at_mut(j);
        (&mut head[i], &mut tail[0])
    } else {
        let (head, tail) = slice.split_at_mut(i);
        (&mut tail[0], &mut head[j])
    }
}

/// Transfers money between two accounts.
pub fn transfer(ledger: &mut [Account], src: usize, dst: usize, cents: u64) -> Result<(), TransferError> {
    // both indices must exist
    for idx in [src, dst] {
        if idx >= ledger.len() {
            return Err(TransferError::NoSuchAccount(idx));
        }
    }
    if src == dst {
        return Err(TransferError::SameAccount);
    }
    if cents > MAX_CENTS {
        return Err(TransferError::LimitExceeded { limit: MAX_CENTS });
    }
    let (payer, payee) = two_mut(ledger, src, dst);
    if payer.balance < cents {
        return Err(TransferError::InsufficientFunds { balance: payer.balance, amount: cents });
    }
    payer.balance -= cents;
    payee.balance += cents;
    Ok(())
}

/// Sum of all balances.
pub fn total(ledger: &[Account]) -> u64 {
    let mut acc = 0;
    for entry in ledger {
        acc += entry.balance;
    }
    acc
}
"#;

    /// An independent, correct solution: `Option` combinators, a `match`, indexing, an iterator sum.
    const SOLUTION_ITERATORS: &str = r#"
const LIMIT: u64 = 1_000_000;

fn balance_of(accounts: &[Account], index: usize) -> Result<u64, TransferError> {
    accounts.get(index).map(|account| account.balance).ok_or(TransferError::NoSuchAccount(index))
}

/// Moves `amount` cents from `accounts[from]` to `accounts[to]`, or changes nothing.
pub fn transfer(accounts: &mut [Account], from: usize, to: usize, amount: u64) -> Result<(), TransferError> {
    let available = balance_of(accounts, from)?;
    balance_of(accounts, to)?;
    match (from == to, amount > LIMIT) {
        (true, _) => Err(TransferError::SameAccount),
        (_, true) => Err(TransferError::LimitExceeded { limit: LIMIT }),
        _ if available < amount => Err(TransferError::InsufficientFunds { balance: available, amount }),
        _ => {
            accounts[from].balance = available - amount;
            accounts[to].balance = accounts[to].balance.saturating_add(amount);
            Ok(())
        }
    }
}

/// Total money held by the ledger, in cents.
pub fn total(accounts: &[Account]) -> u64 {
    accounts.iter().map(|account| account.balance).sum()
}
"#;

    fn tree(lib_rs: &str) -> FileTree {
        let mut tree = FileTree::new();
        tree.insert("src/lib.rs", lib_rs.as_bytes());
        tree
    }

    fn submission(solution: &str) -> FileTree {
        tree(&format!("{}{solution}", types()))
    }

    fn starters() -> BTreeMap<String, FileTree> {
        BTreeMap::from([(EXERCISE.to_owned(), tree(STARTER))])
    }

    fn input<'a>(submission: &'a str, files: &'a FileTree) -> SimilarityInput<'a> {
        SimilarityInput { submission, exercise: EXERCISE, files }
    }

    #[test]
    fn the_solutions_are_long_enough_to_judge() {
        for solution in [SOLUTION_LOOPS, SOLUTION_RENAMED, SOLUTION_ITERATORS] {
            let lines = solution.lines().filter(|line| !line.trim().is_empty()).count();
            assert!(lines >= 20, "{lines} lines");
            let profile_tree = submission(solution);
            let starter = StarterCache::new(&starters(), &Options::default()).get(EXERCISE).clone();
            let profile = Profile::new(&profile_tree, &starter, &Options::default());
            assert!(profile.hashes.len() >= MIN_FINGERPRINTS, "{} fingerprints", profile.hashes.len());
        }
    }

    #[test]
    fn a_renamed_copy_with_other_constants_is_a_similar_pair() {
        let original = submission(SOLUTION_LOOPS);
        let copy = submission(SOLUTION_RENAMED);
        let inputs = [input("zoe", &copy), input("adam", &original)];
        let pairs = find_similar(&inputs, &starters(), &Options::default());
        assert_eq!(pairs.len(), 1, "{pairs:#?}");
        let pair = &pairs[0];
        assert_eq!((pair.exercise.as_str(), pair.a.as_str(), pair.b.as_str()), (EXERCISE, "adam", "zoe"));
        assert!(pair.score >= 0.9, "score {}", pair.score);
        assert!(pair.score <= 1.0);

        // The transfer function (lines of `adam`'s file) is inside a matching region.
        let text = format!("{}{SOLUTION_LOOPS}", types());
        let line_of = |needle: &str| {
            u32::try_from(text.lines().position(|line| line.contains(needle)).expect("line exists") + 1)
                .expect("small file")
        };
        let (first, last) = (line_of("for index in [from, to]"), line_of("target.balance += amount"));
        assert!(
            pair.regions.iter().any(|region| region.file_a == "src/lib.rs"
                && region.file_b == "src/lib.rs"
                && region.lines_a.0 <= first
                && region.lines_a.1 >= last),
            "{:#?}",
            pair.regions
        );
        // No region lies wholly inside the starter's types, which were subtracted.
        let types_end = u32::try_from(types().lines().count()).expect("small file");
        assert!(pair.regions.iter().all(|region| region.lines_a.1 > types_end), "{:#?}", pair.regions);

        assert!(pair.diff.starts_with("--- adam/src/lib.rs\n+++ zoe/src/lib.rs\n"), "{}", pair.diff);
        assert!(pair.diff.contains("@@"));
        assert!(pair.diff.contains("-    let (source, target) = pair_mut(accounts, from, to);"));
        assert!(pair.diff.contains("+    let (payer, payee) = two_mut(ledger, src, dst);"));
    }

    #[test]
    fn independent_solutions_written_differently_are_not_reported() {
        let loops = submission(SOLUTION_LOOPS);
        let iterators = submission(SOLUTION_ITERATORS);
        let inputs = [input("adam", &loops), input("bea", &iterators)];
        assert_eq!(find_similar(&inputs, &starters(), &Options::default()), Vec::new());

        // They are scored, just low: the threshold, not a lack of code, keeps them out.
        let everything = Options { min_score: 0.0, ..Options::default() };
        let pairs = find_similar(&inputs, &starters(), &everything);
        assert_eq!(pairs.len(), 1);
        assert!(pairs[0].score < 0.3, "score {}", pairs[0].score);
    }

    #[test]
    fn untouched_starters_are_not_similar_because_the_starter_is_subtracted() {
        let first = tree(STARTER);
        let second = tree(STARTER);
        let inputs = [input("adam", &first), input("bea", &second)];
        assert_eq!(find_similar(&inputs, &starters(), &Options::default()), Vec::new());

        // Without the starter to subtract, the two are identical.
        let pairs = find_similar(&inputs, &BTreeMap::new(), &Options::default());
        assert_eq!(pairs.len(), 1);
        assert_eq!(pairs[0].score, 1.0);
        assert_eq!(pairs[0].diff, "");
    }

    #[test]
    fn the_starter_does_not_raise_the_score_of_independent_solutions() {
        let loops = submission(SOLUTION_LOOPS);
        let iterators = submission(SOLUTION_ITERATORS);
        let inputs = [input("adam", &loops), input("bea", &iterators)];
        let everything = Options { min_score: 0.0, ..Options::default() };
        let with_starter = find_similar(&inputs, &starters(), &everything);
        let without_starter = find_similar(&inputs, &BTreeMap::new(), &everything);
        assert!(with_starter[0].score < without_starter[0].score);
    }

    #[test]
    fn only_submissions_of_the_same_exercise_are_compared() {
        let original = submission(SOLUTION_LOOPS);
        let copy = submission(SOLUTION_RENAMED);
        let inputs = [
            input("adam", &original),
            SimilarityInput { submission: "zoe", exercise: "mid-03-shared-ownership", files: &copy },
        ];
        assert_eq!(find_similar(&inputs, &starters(), &Options::default()), Vec::new());
    }

    #[test]
    fn pairs_are_sorted_by_score_descending() {
        let original = submission(SOLUTION_LOOPS);
        let copy = submission(SOLUTION_RENAMED);
        let iterators = submission(SOLUTION_ITERATORS);
        let inputs = [input("adam", &original), input("bea", &iterators), input("zoe", &copy)];
        let everything = Options { min_score: 0.0, ..Options::default() };
        let pairs = find_similar(&inputs, &starters(), &everything);
        assert_eq!(pairs.len(), 3);
        assert_eq!((pairs[0].a.as_str(), pairs[0].b.as_str()), ("adam", "zoe"));
        assert!(pairs.windows(2).all(|two| two[0].score >= two[1].score));
    }

    #[test]
    fn too_little_code_is_not_judged() {
        let first = submission("pub fn total(accounts: &[Account]) -> u64 { 0 }\n");
        let second = submission("pub fn total(ledger: &[Account]) -> u64 { 1 }\n");
        let inputs = [input("adam", &first), input("bea", &second)];
        let everything = Options { min_score: 0.0, ..Options::default() };
        assert_eq!(find_similar(&inputs, &starters(), &everything), Vec::new());
    }

    #[test]
    fn a_copy_of_the_reference_is_reported_by_match_reference() {
        let references = BTreeMap::from([(EXERCISE.to_owned(), submission(SOLUTION_LOOPS))]);
        let copy = submission(SOLUTION_RENAMED);
        let own = submission(SOLUTION_ITERATORS);
        let inputs = [input("bea", &own), input("zoe", &copy)];
        let matches = match_reference(&inputs, &references, &starters(), &Options::default());
        assert_eq!(matches.len(), 1, "{matches:#?}");
        assert_eq!((matches[0].exercise.as_str(), matches[0].submission.as_str()), (EXERCISE, "zoe"));
        assert!(matches[0].score >= 0.9, "score {}", matches[0].score);

        // No reference for the exercise: nothing to match.
        assert_eq!(match_reference(&inputs, &BTreeMap::new(), &starters(), &Options::default()), Vec::new());
    }

    #[test]
    fn renaming_and_literals_do_not_change_fingerprints_but_structure_does() {
        let original = "fn f(xs: &[u64]) -> u64 { let mut s = 0; for x in xs { s += x * 2; } s }";
        let renamed = "fn g(ys: &[i32]) -> i32 { let mut t = 7; for y in ys { t += y * 9; } t }";
        let restructured = "fn f(xs: &[u64]) -> u64 { xs.iter().map(|x| x * 2).sum() }";
        let hashes = |source: &str| -> Vec<u64> { fingerprints(source, 5, 4).iter().map(|f| f.hash).collect() };
        assert!(!hashes(original).is_empty());
        assert_eq!(hashes(original), hashes(renamed));
        assert_ne!(hashes(original), hashes(restructured));
        // Comments and doc comments are not code.
        let commented =
            "/// Doubles and sums.\nfn f(xs: &[u64]) -> u64 { // sum\n let mut s = 0; for x in xs { s += x * 2; } s }";
        assert_eq!(hashes(original), hashes(commented));
    }

    #[test]
    fn fingerprints_are_deterministic_and_carry_lines() {
        let source = format!("{}{SOLUTION_LOOPS}", types());
        let first = fingerprints(&source, 12, 8);
        assert!(!first.is_empty());
        assert_eq!(first, fingerprints(&source, 12, 8));
        let lines = u32::try_from(source.lines().count()).expect("small file");
        assert!(first.iter().all(|print| (1..=lines).contains(&print.line)));
        assert!(first.windows(2).all(|two| two[0].line <= two[1].line));

        // The hash is FNV-1a (pinned against the published test vector), not a per-run seed.
        assert_eq!(fnv1a(FNV_OFFSET, b"a"), 0xaf63_dc4c_8601_ec8c);
        let tokens = tokenize("let x = 1;").expect("tokenises");
        assert_eq!(hash_tokens(&tokens), finalize(fnv1a(FNV_OFFSET, b"let\xffV\xff=\xffL\xff;\xff")));
    }

    #[test]
    fn winnowing_selects_the_rightmost_minimum_of_every_window() {
        // The example of Schleimer et al. (2003), figure 2, with a window of 4.
        let hashes = [77, 74, 42, 17, 98, 50, 17, 98, 8, 88, 67, 39, 77, 74, 42, 17, 98];
        let selected = winnow(&hashes, 4);
        assert_eq!(selected, vec![3, 6, 8, 11, 15]);
        assert_eq!(selected.iter().map(|&index| hashes[index]).collect::<Vec<_>>(), vec![17, 17, 8, 39, 17]);

        // On real code: every window holds a selected position, and each is selected once.
        let tokens = tokenize(&format!("{}{SOLUTION_ITERATORS}", types())).expect("tokenises");
        let hashes: Vec<u64> = kgrams(&tokens, 12).iter().map(|gram| gram.hash).collect();
        for window in [1, 4, 8, 20] {
            let selected = winnow(&hashes, window);
            assert!(selected.windows(2).all(|two| two[0] < two[1]));
            for start in 0..=hashes.len() - window {
                assert!(selected.iter().any(|&index| (start..start + window).contains(&index)), "window {start}");
            }
        }
        // Fewer hashes than the window: one window, one fingerprint.
        assert_eq!(winnow(&[5, 3, 9], 8), vec![1]);
        assert_eq!(winnow(&[], 8), Vec::<usize>::new());
    }

    #[test]
    fn files_that_do_not_tokenise_are_skipped() {
        assert_eq!(fingerprints("fn broken( {", 12, 8), Vec::new());
        let mut broken = submission(SOLUTION_LOOPS);
        broken.insert("src/extra.rs", "fn broken( {".as_bytes());
        broken.insert("notes.md", "not rust".as_bytes());
        let copy = submission(SOLUTION_RENAMED);
        let inputs = [input("adam", &broken), input("zoe", &copy)];
        let pairs = find_similar(&inputs, &starters(), &Options::default());
        assert_eq!(pairs.len(), 1);
        assert!(pairs[0].regions.iter().all(|region| region.file_a == "src/lib.rs"));
    }

    #[test]
    fn regions_merge_touching_ranges_on_both_sides() {
        let merged = merge(vec![((10, 12), (20, 22)), ((1, 2), (1, 2)), ((12, 15), (22, 25)), ((30, 31), (5, 6))]);
        assert_eq!(merged, vec![((1, 2), (1, 2)), ((10, 15), (20, 25)), ((30, 31), (5, 6))]);
        // Touching in `a` but far apart in `b` stays two regions.
        assert_eq!(merge(vec![((1, 3), (1, 3)), ((4, 6), (40, 42))]).len(), 2);
    }

    #[test]
    fn long_diffs_are_capped() {
        let text: String = (0..500).map(|line| format!("line {line}\n")).collect();
        let capped = cap_lines(&text, 200);
        assert_eq!(capped.lines().count(), 201);
        assert!(capped.ends_with("… 300 more lines of diff not shown\n"));
        assert_eq!(cap_lines("a\nb\n", 200), "a\nb\n");
    }
}
