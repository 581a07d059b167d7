use mid_02_traits::{cheapest, receipt, total, Book, Product};

/// A product type of our own, unknown to the library.
struct Mug {
    colour: &'static str,
    price: u64,
}

impl Product for Mug {
    fn name(&self) -> &str {
        self.colour
    }

    fn price_cents(&self) -> u64 {
        self.price
    }
}

fn books() -> Vec<Book> {
    vec![Book::new("Dune", "Frank Herbert", 1250), Book::new("Emma", "Jane Austen", 899)]
}

#[test]
fn books_still_work() {
    let books = books();
    assert_eq!(total(&books), 2149);
    assert_eq!(cheapest(&books).map(|book| book.title.as_str()), Some("Emma"));
    assert_eq!(receipt(&books), "Dune by Frank Herbert: 12.50\nEmma by Jane Austen: 8.99\ntotal: 21.49\n");
}

#[test]
fn a_book_is_a_product() {
    let book = Book::new("Dune", "Frank Herbert", 1250);
    assert_eq!(book.name(), "Dune");
    assert_eq!(book.price_cents(), 1250);
    assert_eq!(book.label(), "Dune by Frank Herbert");
}

#[test]
fn prices_a_basket_of_mugs() {
    let mugs = [Mug { colour: "red mug", price: 650 }, Mug { colour: "blue mug", price: 575 }];
    assert_eq!(total(&mugs), 1225);
    assert_eq!(cheapest(&mugs).map(|mug| mug.colour), Some("blue mug"));
    assert_eq!(receipt(&mugs), "red mug: 6.50\nblue mug: 5.75\ntotal: 12.25\n");
}
