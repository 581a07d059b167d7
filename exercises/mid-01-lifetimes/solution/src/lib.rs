//! Reads `key = value` settings out of a configuration text without copying it.

/// The `host` used when a text does not set one.
pub const DEFAULT_HOST: &str = "localhost";

/// A view of a configuration text: one `key = value` setting per line. See README.md for the rules.
///
/// `'a` is the lifetime of the text. Every `&'a str` this type hands out is a slice of that text,
/// so it stays valid after the `Settings` itself is gone, for as long as the text lives.
#[derive(Debug, Clone, Copy)]
pub struct Settings<'a> {
    text: &'a str,
}

impl<'a> Settings<'a> {
    /// Wraps `text`; nothing is read until a method asks for it.
    pub fn new(text: &'a str) -> Settings<'a> {
        Settings { text }
    }

    /// The value of `key` (compared ignoring ASCII case); when the key is set more than once, the
    /// last line wins. `None` when the text does not set it.
    ///
    /// The result borrows the text (`'a`), not `self` and not `key`.
    pub fn get(&self, key: &str) -> Option<&'a str> {
        self.entries().filter(|(name, _)| name.eq_ignore_ascii_case(key)).last().map(|(_, value)| value)
    }

    /// Every key the text sets, each once, in the order they first appear and spelled as on that line.
    pub fn keys(&self) -> Vec<&'a str> {
        let mut keys: Vec<&'a str> = Vec::new();
        for (name, _) in self.entries() {
            if !keys.iter().any(|known| known.eq_ignore_ascii_case(name)) {
                keys.push(name);
            }
        }
        keys
    }

    /// Every setting line as `(key, value)`, trimmed, in text order. Borrows only the text.
    fn entries(&self) -> impl Iterator<Item = (&'a str, &'a str)> {
        self.text.lines().filter_map(|line| {
            let line = line.trim();
            if line.starts_with('#') {
                return None;
            }
            let (name, value) = line.split_once('=')?;
            let name = name.trim();
            if name.is_empty() {
                return None;
            }
            Some((name, value.trim()))
        })
    }
}

/// The value of `key` in `text`, or `default` when the text does not set it.
///
/// The result is either a slice of `text` or `default`, so both share `'a`; `key` is only read
/// during the call and keeps its own, unrelated lifetime.
pub fn value_or<'a>(text: &'a str, key: &str, default: &'a str) -> &'a str {
    Settings::new(text).get(key).unwrap_or(default)
}

/// The `host` setting of `text`, or [`DEFAULT_HOST`]. One reference in, so elision ties the result
/// to `text` (the default is `'static`, which outlives it).
pub fn host(text: &str) -> &str {
    value_or(text, "host", DEFAULT_HOST)
}
