//! Small text helpers for a blog engine.

/// Turns a title into the part of a URL that names the post.
///
/// ASCII letters and digits are kept (letters in lowercase); every run of other characters becomes
/// a single `-`, and there is never a `-` at the start or the end.
/// `"Hello, World!"` gives `"hello-world"`.
pub fn slugify(title: impl Into<String>) -> String {
    let title: String = title.into();
    let lower = title.to_lowercase().to_string();
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    for c in lower.chars() {
        if c.is_ascii_alphanumeric() {
            current = current.clone() + &c.to_string();
        } else if !current.is_empty() {
            words.push(current.clone());
            current = String::new();
        }
    }
    if !current.is_empty() {
        words.push(current.to_string());
    }
    words.join("-").to_string()
}

/// The first letter of each word of a name, in upper case: `"Ada Lovelace"` gives `"AL"`.
///
/// Words are separated by whitespace.
pub fn initials(full_name: impl Into<String>) -> String {
    let full_name: String = full_name.into();
    let words: Vec<String> = full_name.split_whitespace().map(|w| w.to_string()).collect();
    let mut out = String::new();
    for word in words.clone() {
        let first = word.chars().next().unwrap().to_string();
        out = out + &first.to_uppercase().to_string();
    }
    out
}

/// The first whitespace-separated word of `text`, or an empty string if there is none.
pub fn first_word(text: impl Into<String>) -> String {
    let text: String = text.into();
    let words: Vec<String> = text.split_whitespace().map(String::from).collect();
    if words.is_empty() {
        "".to_string()
    } else {
        words[0].clone()
    }
}
