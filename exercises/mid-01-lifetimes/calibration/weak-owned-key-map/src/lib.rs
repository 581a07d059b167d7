//! Reads `key = value` settings out of a configuration text without copying it.

use std::collections::HashMap;

/// The `host` used when a text does not set one.
pub const DEFAULT_HOST: &str = "localhost";

/// A view of a configuration text: one `key = value` setting per line. See README.md for the rules.
pub struct Settings<'a> {
    pub values: HashMap<String, &'a str>,
    pub order: Vec<&'a str>,
}

impl<'a> Settings<'a> {
    /// Wraps `text` and indexes its settings.
    pub fn new(text: &'a str) -> Settings<'a> {
        let mut values = HashMap::new();
        let mut order = Vec::new();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let pos = match line.find('=') {
                Some(pos) => pos,
                None => continue,
            };
            let key = line[..pos].trim();
            if key.is_empty() {
                continue;
            }
            let normalized = key.to_ascii_lowercase();
            if !values.contains_key(&normalized) {
                order.push(key);
            }
            values.insert(normalized, line[pos + 1..].trim());
        }
        Settings { values, order }
    }

    /// The value of `key` (compared ignoring ASCII case); when the key is set more than once, the
    /// last line wins. `None` when the text does not set it.
    pub fn get(&self, key: &str) -> Option<&'a str> {
        self.values.get(&key.to_ascii_lowercase()).copied()
    }

    /// Every key the text sets, each once, in the order they first appear and spelled as on that line.
    pub fn keys(&self) -> Vec<&'a str> {
        self.order.to_vec()
    }
}

/// The value of `key` in `text`, or `default` when the text does not set it.
pub fn value_or<'a>(text: &'a str, key: &str, default: &'a str) -> &'a str {
    let settings = Settings::new(text);
    if settings.values.contains_key(&key.to_ascii_lowercase()) {
        settings.values[&key.to_ascii_lowercase()]
    } else {
        default
    }
}

/// The `host` setting of `text`, or [`DEFAULT_HOST`].
pub fn host(text: &str) -> &str {
    value_or(text, "host", DEFAULT_HOST)
}
