//! Small text helpers for a blog engine.

/// Turns a title into the part of a URL that names the post.
///
/// ASCII letters and digits are kept (letters in lowercase); every run of other characters becomes
/// a single `-`, and there is never a `-` at the start or the end.
/// `"Hello, World!"` gives `"hello-world"`.
pub fn slugify(title: &str) -> String {
    let lower = title.to_ascii_lowercase();
    let mut slug = String::new();
    let mut gap = false;
    for c in lower.chars() {
        if c.is_ascii_alphanumeric() {
            if gap && !slug.is_empty() {
                slug.push('-');
            }
            gap = false;
            slug.push(c);
        } else {
            gap = true;
        }
    }
    slug
}

/// The first letter of each word of a name, in upper case: `"Ada Lovelace"` gives `"AL"`.
///
/// Words are separated by whitespace.
pub fn initials(full_name: &str) -> String {
    let mut out = String::new();
    for word in full_name.to_string().split_whitespace() {
        let word = word.to_string();
        let first = word.chars().next().expect("split_whitespace never yields empty words");
        out = out + &first.to_uppercase().to_string();
    }
    out
}

/// The first whitespace-separated word of `text`, or an empty string if there is none.
pub fn first_word(text: impl ToString) -> &'static str {
    let owned = text.to_string();
    let word = owned.split_whitespace().next().unwrap_or("").to_string();
    Box::leak(word.into_boxed_str())
}
