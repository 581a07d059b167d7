//! What a compiled library can reach that a test has no business reaching: ending the process
//! early, reading its own command line, replacing itself with another program, raw system calls,
//! `/proc`, the grader's own variables. A forged pass prints libtest's lines and leaves with
//! status 0; the source can hide that behind any alias (`use std::process::exit as leave`, a
//! function pointer, an `extern "C"` block), but the compiled object cannot: whatever the
//! spelling, it references the same symbol. The main function is [`harness_references`], which
//! lists the [`Reference`]s of one rlib: its object members' undefined symbols, demangled and
//! matched against a deny list, and the tell-tale strings of their read-only data.
//!
//! What the rlib cannot show: code that is compiled where it is used, not where it is written.
//! Generic functions, `#[inline]` functions, trait default methods, returned closures (`impl
//! Fn`), and, from opt-level 1, any small function without calls (rustc inlines those across
//! crates on its own) land in the objects of the crate that uses them, the test binary, not in
//! this rlib. Nor does it follow the candidate's dependencies, which are rlibs of their own, or
//! see a string built at run time or a system call made by inline `asm!`.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use object::read::archive::ArchiveFile;
use object::{Object, ObjectSection, ObjectSymbol, RelocationTarget, SectionIndex, SymbolIndex, SymbolKind};

use crate::error::Error;

/// The largest rlib read; a candidate's library is a few MiB at most.
const MAX_RLIB_BYTES: u64 = 256 * 1024 * 1024;

/// The longest string constant quoted in a [`Reference`], either side of the match.
const MAX_QUOTED: usize = 80;

/// One thing the compiled library references that a test should not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The demangled symbol (`std::process::exit`, `_exit`), or the string constant found
    /// (`/proc/self/cmdline`).
    pub symbol: String,
    /// What it does, in plain words: "ends the process", "reads its own command line"…
    pub means: &'static str,
}

const ENDS: &str = "ends the process";
const ABORTS: &str = "aborts the process";
const COMMAND_LINE: &str = "reads its own command line";
const OWN_PROGRAM: &str = "finds its own program file";
const REPLACES: &str = "replaces the process with another program";
const SYSCALL: &str = "makes a raw system call";
const SIGNAL: &str = "sends a signal to a process";
const OTHER_PROCESS: &str = "reads or controls another process";
const PROCESS_SETTINGS: &str = "changes the process's own settings";
const LOOKUP: &str = "looks up a C function by name at run time";
const ALL_VARIABLES: &str = "reads every environment variable, the grader's included";
const PROC: &str = "reads /proc";
const GRADER_VARIABLES: &str = "reads the grader's variables";

/// How a deny-list entry matches a demangled symbol.
#[derive(Debug, Clone, Copy)]
enum Pattern {
    /// The whole name, as demangled without its hash.
    Exact(&'static str),
    /// The end of the name: a trait method whatever the path it is called through.
    Suffix(&'static str),
    /// A function of `std::sys` whose last path segment is this: std's own implementation of a
    /// public function, in case the public one was inlined.
    StdSys(&'static str),
}

/// One deny-list entry.
#[derive(Debug, Clone, Copy)]
struct Deny {
    pattern: Pattern,
    means: &'static str,
    /// std's own code calls it too (a thread's result or a thread-local destructor that panics
    /// aborts), and that code is instantiated in the candidate's object: only a reference from a
    /// function outside std counts.
    std_uses_it: bool,
}

const fn rust(path: &'static str, means: &'static str) -> Deny {
    Deny { pattern: Pattern::Exact(path), means, std_uses_it: false }
}

const fn c(name: &'static str, means: &'static str) -> Deny {
    Deny { pattern: Pattern::Exact(name), means, std_uses_it: false }
}

const fn abort(pattern: Pattern) -> Deny {
    Deny { pattern, means: ABORTS, std_uses_it: true }
}

/// What a test must not reference. Ordinary machinery (panics, formatting, threads, locks,
/// `std::env::var`, `std::process::id`, spawning a child with `Command`) is not here.
const DENY: &[Deny] = &[
    // Rust, by demangled path.
    rust("std::process::exit", ENDS),
    Deny { pattern: Pattern::StdSys("exit"), means: ENDS, std_uses_it: false },
    abort(Pattern::Exact("std::process::abort")),
    abort(Pattern::StdSys("abort_internal")),
    rust("std::env::args", COMMAND_LINE),
    rust("std::env::args_os", COMMAND_LINE),
    rust("std::env::current_exe", OWN_PROGRAM),
    rust("std::env::vars", ALL_VARIABLES),
    rust("std::env::vars_os", ALL_VARIABLES),
    Deny { pattern: Pattern::Suffix("CommandExt>::exec"), means: REPLACES, std_uses_it: false },
    // C, unmangled.
    c("exit", ENDS),
    c("_exit", ENDS),
    c("_Exit", ENDS),
    c("quick_exit", ENDS),
    abort(Pattern::Exact("abort")),
    c("syscall", SYSCALL),
    c("execv", REPLACES),
    c("execve", REPLACES),
    c("execvp", REPLACES),
    c("execvpe", REPLACES),
    c("execl", REPLACES),
    c("execlp", REPLACES),
    c("execle", REPLACES),
    c("fexecve", REPLACES),
    c("kill", SIGNAL),
    c("killpg", SIGNAL),
    c("raise", SIGNAL),
    c("tgkill", SIGNAL),
    c("sigqueue", SIGNAL),
    c("pthread_kill", SIGNAL),
    c("ptrace", OTHER_PROCESS),
    c("process_vm_writev", OTHER_PROCESS),
    c("process_vm_readv", OTHER_PROCESS),
    c("prctl", PROCESS_SETTINGS),
    c("dlsym", LOOKUP),
    c("dlvsym", LOOKUP),
    c("environ", ALL_VARIABLES),
];

/// Strings of read-only data that give a test away, whatever function uses them.
const TELLING_STRINGS: &[(&str, &str)] = &[("/proc/", PROC), ("GRADER_", GRADER_VARIABLES)];

/// Crates whose code ends up in the candidate's object without the candidate writing it: std's
/// generic functions, instantiated there.
const STD_CRATES: &[&str] = &["std", "core", "alloc", "hashbrown", "std_detect"];

/// What the compiled library `rlib` references that a test should not, sorted and without
/// duplicates. An empty list means nothing on the deny list was found.
///
/// `rlib` is an `ar` archive of object files (`*.o`) and `lib.rmeta`; every object member is
/// read, the metadata skipped. A file larger than 256 MiB, one that is not such an archive, or
/// an object member that does not parse as an object file is an [`Error::Io`] with
/// [`io::ErrorKind::InvalidData`] (or the read error itself).
pub fn harness_references(rlib: &Path) -> Result<Vec<Reference>, Error> {
    let data = read_capped(rlib)?;
    let invalid = |message: String| {
        Error::io("read the compiled library", rlib, io::Error::new(io::ErrorKind::InvalidData, message))
    };
    let archive = ArchiveFile::parse(data.as_slice()).map_err(|error| invalid(format!("not an rlib ({error})")))?;
    let mut found = BTreeSet::new();
    let mut objects = 0usize;
    for member in archive.members() {
        let member = member.map_err(|error| invalid(format!("broken archive member ({error})")))?;
        let name = String::from_utf8_lossy(member.name()).into_owned();
        if !name.ends_with(".o") {
            continue;
        }
        let bytes =
            member.data(data.as_slice()).map_err(|error| invalid(format!("member {name} cannot be read ({error})")))?;
        if bytes.starts_with(b"BC\xC0\xDE") {
            return Err(invalid(format!(
                "member {name} is LLVM bitcode, not machine code; build without `-C linker-plugin-lto`"
            )));
        }
        // ELF headers are read in place and must be 8-aligned; an `ar` member is only 2-aligned.
        let mut aligned = Vec::new();
        let bytes = aligned_to_8(bytes, &mut aligned);
        let file = object::File::parse(bytes)
            .map_err(|error| invalid(format!("member {name} is not an object file ({error})")))?;
        scan_object(&file, &mut found);
        objects += 1;
    }
    if objects == 0 {
        return Err(invalid("the archive holds no object file".to_string()));
    }
    Ok(found.into_iter().map(|(symbol, means)| Reference { symbol, means }).collect())
}

/// The whole of `path`, refused past [`MAX_RLIB_BYTES`].
fn read_capped(path: &Path) -> Result<Vec<u8>, Error> {
    let action = "read the compiled library";
    let file = File::open(path).map_err(|error| Error::io(action, path, error))?;
    let mut data = Vec::new();
    // One byte past the cap tells a file at the cap from a larger one, even a growing one.
    file.take(MAX_RLIB_BYTES + 1).read_to_end(&mut data).map_err(|error| Error::io(action, path, error))?;
    if data.len() as u64 > MAX_RLIB_BYTES {
        let message = format!("larger than {} MiB, too large for a compiled library", MAX_RLIB_BYTES / (1024 * 1024));
        return Err(Error::io(action, path, io::Error::new(io::ErrorKind::InvalidData, message)));
    }
    Ok(data)
}

/// `bytes` at an 8-aligned address: as they are, or copied into `buffer`.
fn aligned_to_8<'a>(bytes: &'a [u8], buffer: &'a mut Vec<u8>) -> &'a [u8] {
    if bytes.as_ptr().align_offset(8) == 0 {
        return bytes;
    }
    buffer.resize(bytes.len() + 8, 0);
    // At run time `align_offset` on bytes is exact and below 8; `min` keeps a wrong answer
    // in bounds, where the parser reports it as a bad header rather than a panic.
    let start = buffer.as_ptr().align_offset(8).min(8);
    buffer[start..start + bytes.len()].copy_from_slice(bytes);
    &buffer[start..start + bytes.len()]
}

/// Adds what one object file references to `found`.
fn scan_object(file: &object::File<'_>, found: &mut BTreeSet<(String, &'static str)>) {
    // Denied symbols that std's own code also calls: kept only if some function outside std
    // references them.
    let mut shared: HashMap<SymbolIndex, (String, &'static str)> = HashMap::new();
    for symbol in file.symbols().filter(|symbol| symbol.is_undefined()) {
        let name = demangled(symbol.name_bytes().unwrap_or_default());
        if let Some(deny) = denied(&name) {
            if deny.std_uses_it {
                shared.insert(symbol.index(), (name, deny.means));
            } else {
                found.insert((name, deny.means));
            }
        }
    }
    if !shared.is_empty() {
        attribute(file, shared, found);
    }
    for section in file.sections() {
        let is_rodata = section.name_bytes().is_ok_and(|name| name.starts_with(b".rodata"));
        if !is_rodata {
            continue;
        }
        // A section that claims more bytes than the file has is skipped, not trusted.
        let Ok(bytes) = section.data() else { continue };
        for &(needle, means) in TELLING_STRINGS {
            for at in find_all(bytes, needle.as_bytes()) {
                found.insert((quoted(bytes, at, needle.len()), means));
            }
        }
    }
}

/// Keeps the `shared` symbols that a function outside std references, or that no relocation
/// accounts for (a reference that cannot be placed counts).
fn attribute(
    file: &object::File<'_>,
    shared: HashMap<SymbolIndex, (String, &'static str)>,
    found: &mut BTreeSet<(String, &'static str)>,
) {
    let mut functions: HashMap<SectionIndex, Vec<String>> = HashMap::new();
    for symbol in file.symbols() {
        if symbol.is_definition() && symbol.kind() == SymbolKind::Text {
            if let Some(section) = symbol.section_index() {
                functions.entry(section).or_default().push(demangled(symbol.name_bytes().unwrap_or_default()));
            }
        }
    }
    let mut placed = HashSet::new();
    for section in file.sections() {
        for (_, relocation) in section.relocations() {
            let RelocationTarget::Symbol(target) = relocation.target() else { continue };
            let Some((name, means)) = shared.get(&target) else { continue };
            placed.insert(target);
            let by_candidate = match functions.get(&section.index()) {
                Some(names) => names.iter().any(|function| !std_owned(function)),
                // Data, or a section without a function symbol: nothing says it is std's.
                None => true,
            };
            if by_candidate {
                found.insert((name.clone(), *means));
            }
        }
    }
    for (index, (name, means)) in shared {
        if !placed.contains(&index) {
            found.insert((name, means));
        }
    }
}

/// `raw` demangled without its hash, or as it is when it is no Rust symbol. A symbol version
/// (`exit@GLIBC_2.2.5`) is dropped from C names.
fn demangled(raw: &[u8]) -> String {
    let raw = String::from_utf8_lossy(raw);
    let name = format!("{:#}", rustc_demangle::demangle(&raw));
    if name == raw {
        if let Some((base, _version)) = name.split_once('@') {
            return base.to_string();
        }
    }
    name
}

/// The deny-list entry `name` matches, if any.
fn denied(name: &str) -> Option<&'static Deny> {
    DENY.iter().find(|deny| match deny.pattern {
        Pattern::Exact(path) => name == path,
        Pattern::Suffix(end) => name.ends_with(end),
        Pattern::StdSys(last) => {
            name.starts_with("std::sys::") && name.strip_suffix(last).is_some_and(|rest| rest.ends_with("::"))
        }
    })
}

/// Whether the function `name` (demangled) is std's own: the first crate its name mentions is
/// one of [`STD_CRATES`]. `core::ptr::drop_in_place::<x::Guard>` is std's, `<x::Guard as
/// core::ops::drop::Drop>::drop` is not, nor is a `#[no_mangle]` function, which names no crate.
fn std_owned(name: &str) -> bool {
    first_crate(name).is_some_and(|krate| STD_CRATES.contains(&krate))
}

/// The first path root in a demangled name: an identifier followed by `::` that does not itself
/// follow `::`.
fn first_crate(name: &str) -> Option<&str> {
    let bytes = name.as_bytes();
    let is_ident = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'_';
    let mut start = 0;
    while start < bytes.len() {
        if !is_ident(bytes[start]) {
            start += 1;
            continue;
        }
        let mut end = start;
        while end < bytes.len() && is_ident(bytes[end]) {
            end += 1;
        }
        let after_path = start >= 2 && &bytes[start - 2..start] == b"::";
        if !after_path && bytes[end..].starts_with(b"::") {
            return name.get(start..end);
        }
        start = end;
    }
    None
}

/// Every offset where `needle` starts in `haystack`.
fn find_all<'a>(haystack: &'a [u8], needle: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
    haystack.windows(needle.len()).enumerate().filter(move |(_, window)| *window == needle).map(|(at, _)| at)
}

/// The printable text around the match of `len` bytes at `at`, at most [`MAX_QUOTED`] bytes
/// either side: the string constant that holds it.
fn quoted(bytes: &[u8], at: usize, len: usize) -> String {
    let printable = |byte: &u8| (0x20..0x7f).contains(byte);
    let before = bytes[..at].iter().rev().take(MAX_QUOTED).take_while(|byte| printable(byte)).count();
    let after = bytes[at + len..].iter().take(MAX_QUOTED).take_while(|byte| printable(byte)).count();
    String::from_utf8_lossy(&bytes[at - before..at + len + after]).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;
    use std::process::{Child, Command, Stdio};

    /// A crate that forges a pass: its name, its source, and the `(symbol, means)` that must be
    /// found in it.
    type Forgery = (&'static str, &'static str, &'static [(&'static str, &'static str)]);

    const FORGERIES: &[Forgery] = &[
        ("alias", "use std::process::exit as leave; pub fn f() { leave(0) }", &[("std::process::exit", ENDS)]),
        (
            "pointer",
            "pub fn f(code: i32) { let leave: fn(i32) -> ! = std::process::exit; leave(code) }",
            &[("std::process::exit", ENDS)],
        ),
        ("static_pointer", "pub static LEAVE: fn(i32) -> ! = std::process::exit;", &[("std::process::exit", ENDS)]),
        (
            "c_exit",
            r#"extern "C" { fn _exit(code: i32) -> !; } pub fn f() { unsafe { _exit(0) } }"#,
            &[("_exit", ENDS)],
        ),
        ("args", "pub fn f() -> Vec<String> { std::env::args().collect() }", &[("std::env::args", COMMAND_LINE)]),
        (
            "proc",
            r#"pub fn f() -> Vec<u8> { std::fs::read("/proc/self/cmdline").unwrap_or_default() }"#,
            &[("/proc/self/cmdline", PROC)],
        ),
        ("abort", "pub fn f() { std::process::abort() }", &[("std::process::abort", ABORTS)]),
        (
            "exec",
            r#"use std::os::unix::process::CommandExt; pub fn f() { let _ = std::process::Command::new("true").exec(); }"#,
            &[("<std::process::Command as std::os::unix::process::CommandExt>::exec", REPLACES)],
        ),
        (
            "syscall",
            r#"extern "C" { fn syscall(number: i64, ...) -> i64; } pub fn f() { unsafe { syscall(231, 0); } }"#,
            &[("syscall", SYSCALL)],
        ),
        (
            "variables",
            r#"pub fn f() -> Option<String> { std::env::var("GRADER_TOKEN").ok() }"#,
            &[("GRADER_TOKEN", GRADER_VARIABLES)],
        ),
    ];

    /// Everyday code a solution is made of: none of it references anything.
    const CLEAN: &str = r#"
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::{mpsc, Arc, Mutex};

pub trait Shape { fn area(&self) -> f64; }
pub struct Square(pub f64);
impl Shape for Square { fn area(&self) -> f64 { self.0 * self.0 } }
pub fn total(shapes: &[Box<dyn Shape>]) -> f64 { shapes.iter().map(|s| s.area()).sum() }
fn largest<T: PartialOrd + Copy>(xs: &[T]) -> Option<T> {
    xs.iter().copied().fold(None, |m, x| match m { Some(y) if y >= x => Some(y), _ => Some(x) })
}
pub fn largest_i32(xs: &[i32]) -> Option<i32> { largest(xs) }
pub fn words(text: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for word in text.split_whitespace() { *counts.entry(word.to_lowercase()).or_insert(0) += 1; }
    counts
}
pub fn show(v: &[i32]) -> String { let s = format!("{v:?}"); println!("{s}"); eprintln!("{s}"); s }
pub fn checked(x: i32) -> i32 { if x < 0 { panic!("negative {x}") } x }
pub fn unwraps(a: Option<i32>, b: Result<i32, String>) -> i32 {
    a.unwrap() + a.expect("a") + b.clone().expect("b") + b.unwrap()
}
#[derive(Debug)]
pub struct Tally(pub i32);
pub fn threads() -> i32 {
    let counter = Arc::new(Mutex::new(0));
    let handles: Vec<_> = (0..4).map(|_| {
        let counter = Arc::clone(&counter);
        std::thread::spawn(move || { *counter.lock().unwrap() += 1; Tally(1) })
    }).collect();
    let joined: i32 = handles.into_iter().map(|h| h.join().unwrap().0).sum();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || tx.send(5).unwrap());
    let sent = rx.recv().unwrap();
    let n = *counter.lock().unwrap();
    n + sent + joined
}
thread_local! { static SEEN: RefCell<Vec<u32>> = RefCell::new(Vec::new()); }
pub fn remember(x: u32) -> usize { SEEN.with(|seen| { seen.borrow_mut().push(x); seen.borrow().len() }) }
pub fn shared() -> usize { let r = Rc::new(RefCell::new(vec![1])); r.borrow_mut().push(2); let n = r.borrow().len(); n }
pub fn parse(s: &str) -> Result<i32, Box<dyn std::error::Error>> {
    let n: i32 = s.parse()?;
    if n == 0 { return Err("zero".into()); }
    Ok(n)
}
pub fn home() -> Option<String> { std::env::var("HOME").ok() }
pub fn input() -> std::io::Result<String> { std::fs::read_to_string("data/input.txt") }
pub fn evens(v: Vec<u32>) -> Vec<u32> { let k = 3; v.into_iter().filter(|x| x % 2 == 0).map(move |x| x * k).rev().collect() }
pub fn pid() -> u32 { std::process::id() }
"#;

    /// Starts rustc on `source` as crate `name`, at `opt_level`, into `dir`.
    fn start_rustc(dir: &Path, name: &str, source: &str, opt_level: u8) -> (PathBuf, Child) {
        let source_path = dir.join(format!("{name}_{opt_level}.rs"));
        std::fs::write(&source_path, source).unwrap();
        let rlib = dir.join(format!("lib{name}_{opt_level}.rlib"));
        let child = Command::new("rustc")
            .args(["--crate-type", "rlib", "--edition", "2021", "-C", "codegen-units=1", "--cap-lints", "allow"])
            .arg("-C")
            .arg(format!("opt-level={opt_level}"))
            .args(["--crate-name", name, "-o"])
            .arg(&rlib)
            .arg(&source_path)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("rustc on PATH");
        (rlib, child)
    }

    fn symbols(references: &[Reference]) -> Vec<(&str, &str)> {
        references.iter().map(|reference| (reference.symbol.as_str(), reference.means)).collect()
    }

    /// Every forgery found and nothing in the clean crate, unoptimised and at opt-level 2: one
    /// tempdir, every rustc started at once.
    #[test]
    fn compiled_forgeries_are_found_and_clean_code_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let mut builds = Vec::new();
        for opt_level in [0, 2] {
            builds.push(("clean", opt_level, start_rustc(dir.path(), "clean", CLEAN, opt_level)));
            for &(name, source, _) in FORGERIES {
                builds.push((name, opt_level, start_rustc(dir.path(), name, source, opt_level)));
            }
        }
        let mut wrong = Vec::new();
        for (name, opt_level, (rlib, child)) in builds {
            let output = child.wait_with_output().unwrap();
            assert!(
                output.status.success(),
                "{name} at opt-level {opt_level}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            let references = harness_references(&rlib).unwrap();
            let found = symbols(&references);
            let expected = FORGERIES.iter().find(|forgery| forgery.0 == name).map_or(&[][..], |forgery| forgery.2);
            if found != expected {
                wrong.push(format!("{name} at opt-level {opt_level}: found {found:?}, expected {expected:?}"));
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn an_abort_in_a_closure_is_the_candidate_s() {
        let dir = tempfile::tempdir().unwrap();
        let source = "pub fn f() { let _ = std::thread::spawn(|| std::process::abort()).join(); }";
        let (rlib, child) = start_rustc(dir.path(), "closure", source, 0);
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        assert_eq!(symbols(&harness_references(&rlib).unwrap()), [("std::process::abort", ABORTS)]);
    }

    #[test]
    fn garbage_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let mut noise = Vec::with_capacity(4096);
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..4096 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            noise.push(state as u8);
        }
        // An ar archive whose only object member is noise.
        let mut archive = b"!<arch>\n".to_vec();
        archive.extend_from_slice(
            format!("{:<16}{:<12}{:<6}{:<6}{:<8}{:<10}`\n", "x.o/", 0, 0, 0, 644, noise.len()).as_bytes(),
        );
        archive.extend_from_slice(&noise);
        // An archive without any object member.
        let mut metadata_only = b"!<arch>\n".to_vec();
        metadata_only.extend_from_slice(
            format!("{:<16}{:<12}{:<6}{:<6}{:<8}{:<10}`\n", "lib.rmeta/", 0, 0, 0, 644, 4).as_bytes(),
        );
        metadata_only.extend_from_slice(b"rust");
        let mut truncated = archive.clone();
        truncated.truncate(100);
        for (name, bytes) in [
            ("empty", Vec::new()),
            ("noise", noise),
            ("archive", archive),
            ("metadata", metadata_only),
            ("truncated", truncated),
        ] {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            let result = harness_references(&path);
            assert!(matches!(result, Err(Error::Io { .. })), "{name}: {result:?}");
        }
        assert!(matches!(harness_references(&dir.path().join("missing")), Err(Error::Io { .. })));
    }

    #[test]
    fn names_match_the_deny_list_exactly() {
        assert!(denied("std::process::exit").is_some());
        assert!(denied("std::sys::pal::unix::os::exit").is_some());
        assert!(denied("std::sys::exit::exit").is_some());
        assert!(denied("std::sys::pal::unix::abort_internal").is_some());
        assert!(denied("<std::process::Command as std::os::unix::process::CommandExt>::exec").is_some());
        assert!(denied("std::env::args_os").is_some());
        for harmless in [
            "std::process::exit_code",
            "std::sys::pal::unix::os::at_exit",
            "std::env::_var",
            "<std::process::Child>::kill",
            "std::process::id",
            "exit_group_x",
            "x::exit",
        ] {
            assert!(denied(harmless).is_none(), "{harmless}");
        }
        assert_eq!(demangled(b"exit@GLIBC_2.2.5"), "exit");
    }

    #[test]
    fn the_owner_of_a_function_is_the_first_crate_it_names() {
        assert!(std_owned("core::ptr::drop_in_place::<std::thread::lifecycle::Packet<()>>"));
        assert!(std_owned(
            "<std::sys::thread_local::abort_on_dtor_unwind::DtorUnwindGuard as core::ops::drop::Drop>::drop"
        ));
        assert!(std_owned("<&alloc::vec::Vec<x::Foo> as core::fmt::Debug>::fmt"));
        assert!(!std_owned("<x::Guard as core::ops::drop::Drop>::drop"));
        assert!(!std_owned("<i32 as x::Trait>::go"));
        assert!(!std_owned("x::f::{closure#0}"));
        assert!(!std_owned("no_mangle_function"));
    }

    #[test]
    fn a_string_is_quoted_within_its_printable_run() {
        let bytes = b"\0\0cat /proc/self/maps\0GRADER_";
        assert_eq!(quoted(bytes, 6, 6), "cat /proc/self/maps");
        assert_eq!(quoted(bytes, 22, 7), "GRADER_");
    }
}
