//! Tiny path globs for the `editable` list of an exercise: `*` matches within one path segment,
//! `**` matches any number of segments. Paths use `/` separators. The main function is
//! [`matches`].

/// Whether `path` (relative, `/`-separated) matches `pattern`.
pub fn matches(pattern: &str, path: &str) -> bool {
    let pattern: Vec<&str> = pattern.split('/').filter(|part| !part.is_empty()).collect();
    let path: Vec<&str> = path.split('/').filter(|part| !part.is_empty()).collect();
    match_segments(&pattern, &path)
}

fn match_segments(pattern: &[&str], path: &[&str]) -> bool {
    match pattern.split_first() {
        None => path.is_empty(),
        Some((&"**", rest)) => (0..=path.len()).any(|skip| match_segments(rest, &path[skip..])),
        Some((first, rest)) => match path.split_first() {
            Some((segment, path_rest)) => {
                match_segment(first.as_bytes(), segment.as_bytes()) && match_segments(rest, path_rest)
            }
            None => false,
        },
    }
}

fn match_segment(pattern: &[u8], text: &[u8]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some((b'*', rest)) => (0..=text.len()).any(|skip| match_segment(rest, &text[skip..])),
        Some((first, rest)) => text.first() == Some(first) && match_segment(rest, &text[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn exact_paths_match_only_themselves() {
        assert!(matches("src/lib.rs", "src/lib.rs"));
        assert!(!matches("src/lib.rs", "src/main.rs"));
        assert!(!matches("src/lib.rs", "src/lib.rs/extra"));
    }

    #[test]
    fn star_stays_within_a_segment() {
        assert!(matches("src/*.rs", "src/graph.rs"));
        assert!(!matches("src/*.rs", "src/graph/mod.rs"));
        assert!(!matches("src/*.rs", "src/notes.txt"));
    }

    #[test]
    fn double_star_spans_segments() {
        assert!(matches("src/**/*.rs", "src/lib.rs"));
        assert!(matches("src/**/*.rs", "src/a/b/c.rs"));
        assert!(!matches("src/**/*.rs", "tests/a.rs"));
    }
}
