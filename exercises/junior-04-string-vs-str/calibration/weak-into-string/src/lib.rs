//! Small text helpers for a blog engine.

/// Turns a title into the part of a URL that names the post.
///
/// ASCII letters and digits are kept (letters in lowercase); every run of other characters becomes
/// a single `-`, and there is never a `-` at the start or the end.
/// `"Hello, World!"` gives `"hello-world"`.
pub fn slugify(title: impl Into<String>) -> String {
    let title: String = title.into();
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            current.push(c.to_ascii_lowercase());
        } else if !current.is_empty() {
            words.push(current.clone());
            current = String::new();
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words.join("-")
}

/// The first letter of each word of a name, in upper case: `"Ada Lovelace"` gives `"AL"`.
///
/// Words are separated by whitespace.
pub fn initials(full_name: impl Into<String>) -> String {
    let full_name: String = full_name.into();
    let mut out = String::new();
    for word in full_name.split_whitespace() {
        let first = word.chars().next().unwrap();
        out.push_str(&first.to_uppercase().to_string());
    }
    out
}

/// The first whitespace-separated word of `text`, or an empty string if there is none.
pub fn first_word(text: impl Into<String>) -> String {
    let text: String = text.into();
    text.split_whitespace().next().unwrap_or("").to_string()
}
