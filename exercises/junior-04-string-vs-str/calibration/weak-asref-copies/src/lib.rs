//! Small text helpers for a blog engine.

/// Turns a title into the part of a URL that names the post.
///
/// ASCII letters and digits are kept (letters in lowercase); every run of other characters becomes
/// a single `-`, and there is never a `-` at the start or the end.
/// `"Hello, World!"` gives `"hello-world"`.
pub fn slugify<S: AsRef<str>>(title: S) -> String {
    let title = title.as_ref().to_owned();
    let chars: Vec<char> = title.chars().collect();
    let mut slug = String::new();
    let mut gap = false;
    for i in 0..chars.len() {
        let c = chars[i];
        if c.is_ascii_alphanumeric() {
            if gap && slug.len() > 0 {
                slug += "-";
            }
            gap = false;
            slug += &c.to_ascii_lowercase().to_string();
        } else {
            gap = true;
        }
    }
    slug
}

/// The first letter of each word of a name, in upper case: `"Ada Lovelace"` gives `"AL"`.
///
/// Words are separated by whitespace.
pub fn initials<S: AsRef<str>>(full_name: S) -> String {
    let name = String::from(full_name.as_ref());
    let mut out = String::new();
    for word in name.split_whitespace() {
        if let Some(first) = word.chars().next() {
            out = format!("{}{}", out, first.to_uppercase());
        }
    }
    out
}

/// The first whitespace-separated word of `text`, or an empty string if there is none.
pub fn first_word<S: AsRef<str>>(text: S) -> String {
    let words: Vec<&str> = text.as_ref().split_whitespace().collect();
    if words.len() > 0 {
        words[0].to_string()
    } else {
        "".to_string()
    }
}
