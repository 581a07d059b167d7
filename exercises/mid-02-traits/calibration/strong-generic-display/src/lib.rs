//! Baskets and receipts for our shop, for any product type that implements [`Product`].

use std::fmt::{self, Write as _};

/// Something the shop can sell.
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

/// Lets a basket hold references, e.g. `&[&dyn Product]` for a basket of mixed types.
impl<P: Product + ?Sized> Product for &P {
    fn name(&self) -> &str {
        (**self).name()
    }

    fn price_cents(&self) -> u64 {
        (**self).price_cents()
    }

    fn label(&self) -> String {
        (**self).label()
    }
}

/// Lets a basket own boxed products, e.g. `Vec<Box<dyn Product>>`.
impl<P: Product + ?Sized> Product for Box<P> {
    fn name(&self) -> &str {
        (**self).name()
    }

    fn price_cents(&self) -> u64 {
        (**self).price_cents()
    }

    fn label(&self) -> String {
        (**self).label()
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
    ///
    /// Kept as an inherent method so existing callers need not import [`Product`].
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
        Book::label(self)
    }
}

/// The price of the whole basket, in cents.
pub fn total<P: Product>(items: &[P]) -> u64 {
    items.iter().map(Product::price_cents).sum()
}

/// The cheapest item of the basket (the first one if several share the lowest price), or `None`
/// for an empty basket.
pub fn cheapest<P: Product>(items: &[P]) -> Option<&P> {
    // `min_by_key` keeps the first of several equal minima.
    items.iter().min_by_key(|item| item.price_cents())
}

/// The receipt of a basket. See README.md for the format.
pub fn receipt<P: Product>(items: &[P]) -> String {
    let mut out = String::new();
    for item in items {
        // Writing into a `String` cannot fail.
        let _ = writeln!(out, "{}: {}", item.label(), Euros(item.price_cents()));
    }
    let _ = writeln!(out, "total: {}", Euros(total(items)));
    out
}

/// An amount of cents displayed as euros with two decimals: `Euros(1250)` shows `12.50`.
struct Euros(u64);

impl fmt::Display for Euros {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}
