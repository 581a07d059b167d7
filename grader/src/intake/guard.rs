//! Refuses candidate source that would make the compiler read files outside the crate, or lift
//! the compiler's own bounds on compile-time work. `include_str!`, `include_bytes!` and
//! `include!` must name a plain relative string literal with no `..`, and so must
//! `#[path = "…"]`: anything else (an absolute path, a path climbing out, a path built by another
//! macro) could pull `/etc/passwd` or the grader's secrets into the binary and from there into the
//! report. Allowing `long_running_const_eval` or raising `recursion_limit` past its default opens
//! the door to const-evaluation and macro-expansion bombs. The check is textual, so it also works
//! on code that does not parse, and it errs on the side of refusing. The main function is
//! [`refusal`].

/// Macros and attributes that read a file at compile time.
const FILE_READERS: &[&str] = &["include_str!", "include_bytes!", "include!", "#[path", "#![path"];

/// The compiler's default recursion limit; a crate may not raise it.
const DEFAULT_RECURSION_LIMIT: u64 = 128;

/// Why `source` is refused, or `None` when it reads nothing outside the crate and keeps the
/// compiler's bounds.
pub fn refusal(source: &str) -> Option<String> {
    outside_reads(source).or_else(|| lifted_bounds(source))
}

/// Whether `source` lifts a bound on compile-time work.
fn lifted_bounds(source: &str) -> Option<String> {
    if source.contains("long_running_const_eval") {
        return Some("names the lint `long_running_const_eval`, rustc's bound on compile-time evaluation".into());
    }
    let mut rest = source;
    while let Some(at) = rest.find("recursion_limit") {
        let after = rest[at + "recursion_limit".len()..].trim_start();
        let value = after.strip_prefix('=').map(str::trim_start).and_then(|v| v.strip_prefix('"'));
        let limit = value.and_then(|v| v.split('"').next()).and_then(|v| v.trim().parse::<u64>().ok());
        match limit {
            Some(limit) if limit <= DEFAULT_RECURSION_LIMIT => {}
            _ => return Some(format!("raises `recursion_limit` past {DEFAULT_RECURSION_LIMIT}")),
        }
        rest = after;
    }
    None
}

/// Why `source` is refused for reading outside the crate, if it is.
fn outside_reads(source: &str) -> Option<String> {
    for reader in FILE_READERS {
        let mut rest = source;
        while let Some(at) = rest.find(reader) {
            let after = &rest[at + reader.len()..];
            let argument = first_argument(after);
            match argument {
                Some(path) if is_inside(path) => {}
                Some(path) => return Some(format!("`{reader}` reads `{path}`, outside the crate")),
                None => return Some(format!("`{reader}` with an argument that is not a plain relative path")),
            }
            rest = after;
        }
    }
    None
}

/// The string literal that opens the argument list (`("x")`, `= "x"`), if that is all it is.
fn first_argument(after: &str) -> Option<&str> {
    let trimmed = after.trim_start();
    let inner = if let Some(rest) = trimmed.strip_prefix('=') {
        rest.trim_start()
    } else {
        let rest = trimmed.strip_prefix(['(', '[', '{'])?.trim_start();
        rest
    };
    let body = inner.strip_prefix('"')?;
    let end = body.find('"')?;
    let literal = &body[..end];
    let closing = body[end + 1..].trim_start();
    let plain = closing.starts_with([')', ']', '}']) || closing.starts_with(",") && !literal.contains('\\');
    (plain && !literal.contains('\\')).then_some(literal)
}

fn is_inside(path: &str) -> bool {
    !path.is_empty() && !path.starts_with('/') && !path.contains('\\') && path.split('/').all(|part| part != "..")
}

#[cfg(test)]
mod tests {
    use super::{outside_reads, refusal};

    #[test]
    fn relative_reads_inside_the_crate_are_allowed() {
        assert_eq!(outside_reads("const A: &str = include_str!(\"data/words.txt\");"), None);
        assert_eq!(outside_reads("#[path = \"inner.rs\"] mod inner;"), None);
        assert_eq!(outside_reads("fn main() {}"), None);
    }

    #[test]
    fn lifting_the_compilers_bounds_is_refused() {
        assert!(refusal("#![allow(long_running_const_eval)]\nconst X: u8 = 1;").is_some());
        assert!(refusal("#![recursion_limit = \"100000\"]").is_some());
        assert_eq!(refusal("#![recursion_limit = \"64\"]\nfn f() {}"), None);
        assert_eq!(refusal("fn main() { let x = 1; }"), None);
    }

    #[test]
    fn absolute_climbing_and_built_paths_are_refused() {
        assert!(outside_reads("const A: &str = include_str!(\"/etc/passwd\");").is_some());
        assert!(outside_reads("const A: &[u8] = include_bytes!(\"../../secret\");").is_some());
        assert!(outside_reads("#[path = \"/etc/passwd\"] mod secret;").is_some());
        assert!(outside_reads("const A: &str = include_str!(concat!(\"/etc\", \"/passwd\"));").is_some());
        assert!(outside_reads("macro_rules! m { ($p:expr) => { include_str!($p) } }").is_some());
        assert!(outside_reads("include!(\"a\\\\..\\\\b\");").is_some());
    }
}
