use junior_04_string_vs_str::{first_word, initials, slugify};

/// A second caller that only has a borrowed `&str` of unknown lifetime.
fn author_card(name: &str) -> String {
    format!("{} ({})", first_word(name), initials(name))
}

#[test]
fn slug_collapses_punctuation_and_spaces() {
    assert_eq!(slugify("  Rust: Ownership & Borrowing!! "), "rust-ownership-borrowing");
    assert_eq!(slugify("Hello, World!"), "hello-world");
}

#[test]
fn slug_of_a_title_without_letters_or_digits_is_empty() {
    assert_eq!(slugify("?!"), "");
    assert_eq!(slugify(""), "");
}

#[test]
fn slug_of_an_owned_title() {
    let title = String::from("Part 2 - The Borrow Checker");
    assert_eq!(slugify(&title), "part-2-the-borrow-checker");
    // The caller still has its title.
    assert_eq!(title.len(), 27);
}

#[test]
fn slug_of_part_of_a_line() {
    let line = String::from("## Getting   Started\n");
    assert_eq!(slugify(&line[3..line.len() - 1]), "getting-started");
    let headings = "# Intro\n## Why Rust?\n## Setup & Install";
    let mut slugs = Vec::new();
    for heading in headings.lines() {
        slugs.push(slugify(heading));
    }
    assert_eq!(slugs, ["intro", "why-rust", "setup-install"]);
}

#[test]
fn initials_of_owned_and_sliced_names() {
    let name = String::from("grace  brewster murray\thopper");
    assert_eq!(initials(&name), "GBMH");
    assert_eq!(initials(&name[7..]), "BMH");
}

#[test]
fn initials_of_blank_text_are_empty() {
    assert_eq!(initials("   "), "");
}

#[test]
fn initials_of_names_beyond_ascii() {
    assert_eq!(initials("élodie durand"), "ÉD");
    assert_eq!(initials("Ørjan Ødegård"), "ØØ");
}

#[test]
fn first_word_of_blank_text_is_empty() {
    assert_eq!(first_word(""), "");
    assert_eq!(first_word("   \n "), "");
}

#[test]
fn first_word_skips_leading_whitespace() {
    assert_eq!(first_word("  leading spaces"), "leading");
}

#[test]
fn first_word_ends_at_a_tab() {
    assert_eq!(first_word("tab\tseparated"), "tab");
}

#[test]
fn first_word_of_an_owned_single_word() {
    let owned = String::from("single");
    assert_eq!(first_word(&owned), "single");
}

#[test]
fn a_caller_with_a_borrowed_name() {
    let authors = String::from("Ada Lovelace;Alan Mathison Turing");
    let cards: Vec<String> = authors.split(';').map(author_card).collect();
    assert_eq!(cards, ["Ada (AL)", "Alan (AMT)"]);
}
