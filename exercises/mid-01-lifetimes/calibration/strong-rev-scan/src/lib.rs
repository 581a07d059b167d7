//! Reads `key = value` settings out of a configuration text without copying it.
//!
//! Every string handed out here is a slice of the configuration text (or of the default the
//! caller supplied), so results are tied to the lifetime `'text` of that text only: neither the
//! [`Settings`] value nor the `key` being looked up needs to outlive them.

/// The `host` used when a text does not set one.
pub const DEFAULT_HOST: &str = "localhost";

/// A view of a configuration text: one `key = value` setting per line. See README.md for the rules.
///
/// `Settings` is only a borrowed window on the text; it is `Copy` and costs one fat pointer.
#[derive(Debug, Clone, Copy)]
pub struct Settings<'text> {
    text: &'text str,
}

impl<'text> Settings<'text> {
    /// Wraps `text`; nothing is read until a method asks for it.
    pub fn new(text: &'text str) -> Self {
        Settings { text }
    }

    /// The value of `key` (compared ignoring ASCII case); when the key is set more than once, the
    /// last line wins. `None` when the text does not set it.
    ///
    /// The result borrows from the text, not from `self` and not from `key`.
    pub fn get(&self, key: &str) -> Option<&'text str> {
        // Scanning from the end means the first match is the line that wins.
        entries(self.text)
            .rev()
            .find_map(|(name, value)| name.eq_ignore_ascii_case(key).then_some(value))
    }

    /// Every key the text sets, each once, in the order they first appear and spelled as on that line.
    pub fn keys(&self) -> Vec<&'text str> {
        let mut keys: Vec<&'text str> = Vec::new();
        for (name, _) in entries(self.text) {
            if !keys.iter().any(|seen| seen.eq_ignore_ascii_case(name)) {
                keys.push(name);
            }
        }
        keys
    }
}

/// Every setting line of `text` as trimmed `(key, value)` slices, in text order.
fn entries(text: &str) -> impl DoubleEndedIterator<Item = (&str, &str)> {
    text.lines().filter_map(setting)
}

/// Splits one line into its trimmed `(key, value)`, or `None` for blank, comment and other lines
/// that set nothing.
fn setting(line: &str) -> Option<(&str, &str)> {
    let line = line.trim();
    if line.starts_with('#') {
        return None;
    }
    let (key, value) = line.split_once('=')?;
    let key = key.trim_end();
    (!key.is_empty()).then_some((key, value.trim_start()))
}

/// The value of `key` in `text`, or `default` when the text does not set it.
///
/// The result borrows from `text` or from `default`, so both share the lifetime `'a`; `key` is
/// only read during the call.
pub fn value_or<'a>(text: &'a str, key: &str, default: &'a str) -> &'a str {
    Settings::new(text).get(key).unwrap_or(default)
}

/// The `host` setting of `text`, or [`DEFAULT_HOST`].
pub fn host(text: &str) -> &str {
    value_or(text, "host", DEFAULT_HOST)
}
