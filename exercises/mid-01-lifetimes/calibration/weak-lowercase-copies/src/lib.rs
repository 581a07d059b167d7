//! Reads `key = value` settings out of a configuration text without copying it.

/// The `host` used when a text does not set one.
pub const DEFAULT_HOST: &str = "localhost";

/// A view of a configuration text: one `key = value` setting per line. See README.md for the rules.
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
    pub fn get(&self, key: &str) -> Option<&'a str> {
        let wanted = key.to_ascii_lowercase();
        let mut found = None;
        for (name, value) in self.entries() {
            if name.to_ascii_lowercase() == wanted {
                found = Some(value);
            }
        }
        found
    }

    /// Every key the text sets, each once, in the order they first appear and spelled as on that line.
    pub fn keys(&self) -> Vec<&'a str> {
        let mut seen: Vec<String> = Vec::new();
        let mut keys: Vec<&'a str> = Vec::new();
        for (name, _) in self.entries() {
            let lower = name.to_ascii_lowercase();
            if !seen.contains(&lower) {
                seen.push(lower);
                keys.push(name);
            }
        }
        keys
    }

    /// Every setting line as `(key, value)`, trimmed, in text order.
    fn entries(&self) -> Vec<(&'a str, &'a str)> {
        let lines: Vec<&'a str> = self.text.lines().collect();
        let mut result = Vec::new();
        for line in lines {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') || !line.contains('=') {
                continue;
            }
            let (name, value) = line.split_once('=').unwrap();
            let name = name.trim();
            if name.is_empty() {
                continue;
            }
            result.push((name, value.trim()));
        }
        result
    }
}

/// The value of `key` in `text`, or `default` when the text does not set it.
pub fn value_or<'a>(text: &'a str, key: &str, default: &'a str) -> &'a str {
    let settings = Settings::new(text);
    match settings.get(key) {
        Some(value) => value,
        None => default,
    }
}

/// The `host` setting of `text`, or [`DEFAULT_HOST`].
pub fn host(text: &str) -> &str {
    value_or(text, &String::from("host"), DEFAULT_HOST)
}
