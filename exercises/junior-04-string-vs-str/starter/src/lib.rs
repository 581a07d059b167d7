//! Small text helpers for a blog engine.

/// Turns a title into the part of a URL that names the post.
///
/// ASCII letters and digits are kept (letters in lowercase); every run of other characters becomes
/// a single `-`, and there is never a `-` at the start or the end.
/// `"Hello, World!"` gives `"hello-world"`.
pub fn slugify(title: String) -> String {
    let mut slug = String::new();
    let mut gap = false;
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            if gap && !slug.is_empty() {
                slug.push('-');
            }
            gap = false;
            slug.push(c.to_ascii_lowercase());
        } else {
            gap = true;
        }
    }
    slug
}

/// The first letter of each word of a name, in upper case: `"Ada Lovelace"` gives `"AL"`.
///
/// Words are separated by whitespace.
pub fn initials(full_name: String) -> String {
    let mut out = String::new();
    for word in full_name.split_whitespace() {
        if let Some(first) = word.chars().next() {
            out.extend(first.to_uppercase());
        }
    }
    out
}

/// The first whitespace-separated word of `text`, or an empty string if there is none.
pub fn first_word(text: String) -> String {
    match text.split_whitespace().next() {
        Some(word) => word.to_string(),
        None => String::new(),
    }
}
