//! Baskets and receipts for our shop, for anything it sells.

/// Anything the shop sells.
pub trait Product {
    /// The name shown to customers.
    fn name(&self) -> &str;

    /// The price of one unit, in cents.
    fn price_cents(&self) -> u64;

    /// What a receipt prints for this product. The name, unless a type says more.
    fn label(&self) -> String {
        self.name().to_string()
    }
}

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
}

impl Product for Book {
    fn name(&self) -> &str {
        &self.title
    }

    fn price_cents(&self) -> u64 {
        self.price_cents
    }

    /// `"<title> by <author>"`.
    fn label(&self) -> String {
        format!("{} by {}", self.title, self.author)
    }
}

/// The price of the whole basket, in cents.
pub fn total<P: Product>(items: &[P]) -> u64 {
    items.iter().map(Product::price_cents).sum()
}

/// The cheapest item of the basket (the first one if several share the lowest price), or `None`
/// for an empty basket.
pub fn cheapest<P: Product>(items: &[P]) -> Option<&P> {
    // `min_by_key` keeps the first of equal minimums.
    items.iter().min_by_key(|item| item.price_cents())
}

/// The receipt of a basket: one `"<label>: <price>"` line per item, then the total.
pub fn receipt<P: Product>(items: &[P]) -> String {
    let mut out = String::new();
    for item in items {
        out.push_str(&format!("{}: {}\n", item.label(), euros(item.price_cents())));
    }
    out.push_str(&format!("total: {}\n", euros(total(items))));
    out
}

/// Cents as euros with two decimals: `1250` gives `"12.50"`.
fn euros(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}
