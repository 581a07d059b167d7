//! Reads `key = value` settings out of a configuration text without copying it.

/// The `host` used when a text does not set one.
pub const DEFAULT_HOST: &str = "localhost";

/// A view of a configuration text: one `key = value` setting per line. See README.md for the rules.
///
/// Keeps its own copy of the text, so there is no lifetime to get wrong.
#[derive(Debug, Clone)]
pub struct Settings {
    text: String,
}

impl Settings {
    /// Wraps `text`; nothing is read until a method asks for it.
    pub fn new(text: &str) -> Settings {
        Settings { text: text.to_string() }
    }

    /// The value of `key` (compared ignoring ASCII case); when the key is set more than once, the
    /// last line wins. `None` when the text does not set it.
    pub fn get(&self, key: &str) -> Option<String> {
        let mut found = None;
        for (name, value) in self.entries() {
            if name.eq_ignore_ascii_case(key) {
                found = Some(value.clone());
            }
        }
        found
    }

    /// Every key the text sets, each once, in the order they first appear and spelled as on that line.
    pub fn keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = Vec::new();
        for (name, _) in self.entries() {
            if !keys.iter().any(|known| known.eq_ignore_ascii_case(&name)) {
                keys.push(name.clone());
            }
        }
        keys
    }

    /// Every setting line as `(key, value)`, trimmed, in text order.
    fn entries(&self) -> Vec<(String, String)> {
        let mut entries = Vec::new();
        for line in self.text.lines() {
            let line = line.trim().to_string();
            if line.starts_with('#') {
                continue;
            }
            if let Some((name, value)) = line.split_once('=') {
                let name = name.trim().to_string();
                if !name.is_empty() {
                    entries.push((name, value.trim().to_string()));
                }
            }
        }
        entries
    }
}

/// The value of `key` in `text`, or `default` when the text does not set it.
pub fn value_or(text: &str, key: &str, default: &str) -> String {
    Settings::new(text).get(key).unwrap_or_else(|| default.to_string())
}

/// The `host` setting of `text`, or [`DEFAULT_HOST`].
pub fn host(text: &str) -> String {
    value_or(text, "host", DEFAULT_HOST)
}
