//! Small text helpers for a blog engine.

/// Turns a title into the part of a URL that names the post.
///
/// ASCII letters and digits are kept (letters in lowercase); every run of other characters becomes
/// a single `-`, and there is never a `-` at the start or the end.
/// `"Hello, World!"` gives `"hello-world"`.
pub fn slugify(title: &str) -> String {
    // Scanning bytes is enough: every byte of a multi-byte UTF-8 character is >= 0x80, so it is
    // never an ASCII letter or digit and simply counts as a separator.
    let mut slug = String::with_capacity(title.len());
    let mut separator_pending = false;
    for byte in title.bytes() {
        if byte.is_ascii_alphanumeric() {
            if separator_pending {
                slug.push('-');
                separator_pending = false;
            }
            slug.push(char::from(byte.to_ascii_lowercase()));
        } else if !slug.is_empty() {
            // Only a run that follows kept text can turn into a `-`; leading runs are dropped and
            // a trailing run is never flushed.
            separator_pending = true;
        }
    }
    slug
}

/// The first letter of each word of a name, in upper case: `"Ada Lovelace"` gives `"AL"`.
///
/// Words are separated by whitespace.
pub fn initials(full_name: &str) -> String {
    let mut out = String::new();
    for first in full_name.split_whitespace().filter_map(|word| word.chars().next()) {
        // `to_uppercase` may yield more than one char (`'ß'` becomes `"SS"`).
        out.extend(first.to_uppercase());
    }
    out
}

/// The first whitespace-separated word of `text`, or an empty string if there is none.
///
/// Returns a slice borrowed from `text`; call `.to_owned()` on it if an owned copy is needed.
pub fn first_word(text: &str) -> &str {
    text.split_whitespace().next().unwrap_or_default()
}
