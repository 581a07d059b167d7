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

/// A title of `parts` parts: `Part 0: Ownership & Borrowing! Part 1: …`.
fn long_title(parts: usize) -> String {
    (0..parts).map(|i| format!("Part {i}: Ownership & Borrowing! ")).collect()
}

/// A name of `words` words, separated by runs of whitespace, some of them beyond ASCII.
fn long_name(words: usize) -> String {
    (0..words).map(|i| ["ada ", "élodie ", "grace\t", "Ørjan  "][i % 4]).collect()
}

#[test]
fn slug_of_a_long_title_copies_no_piece_of_it() {
    let (short, long) = (long_title(100), long_title(1_000));
    let (short_slug, on_short) = crate::grader_measure::count_allocations(|| slugify(&short));
    let (long_slug, on_long) = crate::grader_measure::count_allocations(|| slugify(&long));
    // What ten times the text costs more: a new `String` per word or per character grows with it.
    crate::grader_measure::report("allocations", on_long.total().saturating_sub(on_short.total()));
    for (slug, parts) in [(short_slug, 100), (long_slug, 1_000)] {
        let expected: Vec<String> = (0..parts).map(|i| format!("part-{i}-ownership-borrowing")).collect();
        assert_eq!(slug, expected.join("-"));
    }
}

#[test]
fn initials_of_a_long_name_copy_no_word() {
    let (short, long) = (long_name(100), long_name(1_000));
    let (short_initials, on_short) = crate::grader_measure::count_allocations(|| initials(&short));
    let (long_initials, on_long) = crate::grader_measure::count_allocations(|| initials(&long));
    // What ten times the text costs more: a new `String` per word grows with it.
    crate::grader_measure::report("allocations", on_long.total().saturating_sub(on_short.total()));
    for (letters, words) in [(short_initials, 100), (long_initials, 1_000)] {
        let expected: String = (0..words).map(|i| ['A', 'É', 'G', 'Ø'][i % 4]).collect();
        assert_eq!(letters, expected);
    }
}

#[test]
fn first_word_of_a_long_text_copies_at_most_the_word() {
    let text: String = std::iter::once(String::from(" \n")).chain((0..1_000).map(|i| format!("word{i} "))).collect();
    let (word, allocations) = crate::grader_measure::count_allocations(|| first_word(&text));
    crate::grader_measure::report("allocations", allocations.total());
    assert_eq!(word, "word0");
    assert_eq!(text.len(), 2 + 10 * 6 + 90 * 7 + 900 * 8);
}

#[test]
fn the_helpers_leak_nothing() {
    let line = String::from("## Ada Lovelace: Notes on the Analytical Engine\n");
    let (results, heap) = crate::grader_measure::check_heap(|| {
        let text = &line[3..];
        // Every result is dropped here: nothing the helpers allocated may outlive it.
        (slugify(text) == "ada-lovelace-notes-on-the-analytical-engine", initials(text) == "ALNOTAE", first_word(text) == "Ada")
    });
    crate::grader_measure::report("leaked_blocks", heap.leaked_blocks);
    assert_eq!(results, (true, true, true));
}
