//! Baskets and receipts for our shop. Everything here was written when the shop sold only books.

/// A book on sale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Book {
    pub title: String,
    pub author: String,
    /// The price of one copy, in cents.
    pub price_cents: u64,
}

impl Book {
    pub fn new(title: &str, author: &str, price_cents: u64) -> Book {
        Book { title: title.to_string(), author: author.to_string(), price_cents }
    }

    /// What a receipt prints for this book: `"<title> by <author>"`.
    pub fn label(&self) -> String {
        format!("{} by {}", self.title, self.author)
    }
}

/// The price of the whole basket, in cents.
pub fn total(items: &[Book]) -> u64 {
    items.iter().map(|book| book.price_cents).sum()
}

/// The cheapest item of the basket (the first one if several share the lowest price), or `None`
/// for an empty basket.
pub fn cheapest(items: &[Book]) -> Option<&Book> {
    let mut best: Option<&Book> = None;
    for book in items {
        match best {
            Some(found) if found.price_cents <= book.price_cents => {}
            _ => best = Some(book),
        }
    }
    best
}

/// The receipt of a basket. See README.md for the format.
pub fn receipt(items: &[Book]) -> String {
    let mut out = String::new();
    for book in items {
        out.push_str(&format!("{}: {}\n", book.label(), euros(book.price_cents)));
    }
    out.push_str(&format!("total: {}\n", euros(total(items))));
    out
}

/// Cents as euros with two decimals: `1250` gives `"12.50"`.
fn euros(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}
