//! Small text helpers for a blog engine.
//!
//! Every helper only reads its input, so each takes `&str`: a literal, `&some_string` and a slice
//! such as `&line[3..]` all coerce to it, and the caller keeps its text.

/// Turns a title into the part of a URL that names the post.
///
/// ASCII letters and digits are kept (letters in lowercase); every run of other characters becomes
/// a single `-`, and there is never a `-` at the start or the end.
/// `"Hello, World!"` gives `"hello-world"`.
pub fn slugify(title: &str) -> String {
    let mut slug = String::with_capacity(title.len());
    let words = title.split(|c: char| !c.is_ascii_alphanumeric()).filter(|word| !word.is_empty());
    for word in words {
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.extend(word.chars().map(|c| c.to_ascii_lowercase()));
    }
    slug
}

/// The first letter of each word of a name, in upper case: `"Ada Lovelace"` gives `"AL"`.
///
/// Words are separated by whitespace. Upper-casing follows Unicode, so `"émile"` gives `"É"`.
pub fn initials(full_name: &str) -> String {
    full_name
        .split_whitespace()
        .filter_map(|word| word.chars().next())
        .flat_map(char::to_uppercase)
        .collect()
}

/// The first whitespace-separated word of `text`, or an empty string if there is none.
///
/// The word is a slice of `text`, so nothing is copied.
pub fn first_word(text: &str) -> &str {
    text.split_whitespace().next().unwrap_or("")
}
