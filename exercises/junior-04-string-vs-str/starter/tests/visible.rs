use junior_04_string_vs_str::{first_word, initials, slugify};

#[test]
fn slugifies_a_title() {
    assert_eq!(slugify("Hello World"), "hello-world");
}

#[test]
fn takes_initials() {
    assert_eq!(initials("Ada Lovelace"), "AL");
}

#[test]
fn finds_the_first_word() {
    assert_eq!(first_word("borrow checker"), "borrow");
}
