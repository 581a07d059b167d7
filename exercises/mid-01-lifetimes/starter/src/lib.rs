//! Reads `key = value` settings out of a configuration text without copying it.

/// The `host` used when a text does not set one.
pub const DEFAULT_HOST: &str = "localhost";

/// A view of a configuration text: one `key = value` setting per line. See README.md for the rules.
pub struct Settings {
    text: &str,
}

impl Settings {
    /// Wraps `text`; nothing is read until a method asks for it.
    pub fn new(text: &str) -> Settings {
        Settings { text }
    }

    /// The value of `key` (compared ignoring ASCII case); when the key is set more than once, the
    /// last line wins. `None` when the text does not set it.
    pub fn get(&self, key: &str) -> Option<&str> {
        let mut found = None;
        for (name, value) in self.entries() {
            if name.eq_ignore_ascii_case(key) {
                found = Some(value);
            }
        }
        found
    }

    /// Every key the text sets, each once, in the order they first appear and spelled as on that line.
    pub fn keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = Vec::new();
        for (name, _) in self.entries() {
            if !keys.iter().any(|known| known.eq_ignore_ascii_case(name)) {
                keys.push(name);
            }
        }
        keys
    }

    /// Every setting line as `(key, value)`, trimmed, in text order.
    fn entries(&self) -> impl Iterator<Item = (&str, &str)> {
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
pub fn value_or(text: &str, key: &str, default: &str) -> &str {
    Settings::new(text).get(key).unwrap_or(default)
}

/// The `host` setting of `text`, or [`DEFAULT_HOST`].
pub fn host(text: &str) -> &str {
    Settings::new(text).get("host").unwrap_or(DEFAULT_HOST)
}
