//! Baskets and receipts for our shop. Everything here was written when the shop sold only books.

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

    /// What a receipt prints for this book: `"<title> by <author>"`.
    pub fn label(&self) -> String {
        format!("{} by {}", self.title, self.author)
    }
}

impl Product for Book {
    fn name(&self) -> &str {
        &self.title
    }

    fn price_cents(&self) -> u64 {
        self.price_cents
    }

    fn label(&self) -> String {
        format!("{} by {}", self.title, self.author)
    }
}

/// Turns a basket of any product type into trait objects so the helpers below work on all of them.
fn as_products<T: Product>(items: &[T]) -> Vec<&dyn Product> {
    items.iter().map(|item| item as &dyn Product).collect()
}

/// The price of the whole basket, in cents.
#[allow(clippy::needless_range_loop)]
pub fn total<T: Product>(items: &[T]) -> u64 {
    let products = as_products(items);
    let mut sum = 0;
    for i in 0..products.len() {
        sum += products[i].price_cents();
    }
    sum
}

/// The cheapest item of the basket (the first one if several share the lowest price), or `None`
/// for an empty basket.
pub fn cheapest<T: Product>(items: &[T]) -> Option<&T> {
    if items.is_empty() {
        return None;
    }
    let products = as_products(items);
    let mut best = 0;
    for i in 1..products.len() {
        if products[i].price_cents() < products[best].price_cents() {
            best = i;
        }
    }
    Some(&items[best])
}

/// The receipt of a basket. See README.md for the format.
pub fn receipt<T: Product>(items: &[T]) -> String {
    let mut out = String::new();
    for product in as_products(items) {
        out.push_str(&format!("{}: {}\n", product.label(), euros(product.price_cents())));
    }
    out.push_str(&format!("total: {}\n", euros(total(items))));
    out
}

/// Cents as euros with two decimals: `1250` gives `"12.50"`.
fn euros(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}
