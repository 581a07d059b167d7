//! Baskets and receipts for our shop.

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

    /// What a receipt prints for this book: `"<title> by <author>"`.
    pub fn label(&self) -> String {
        let title = self.title.clone();
        let author = self.author.clone();
        title + " by " + &author
    }
}

impl Product for Book {
    fn name(&self) -> &str {
        self.title.as_str()
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
    let prices: Vec<u64> = items.iter().map(|item| item.price_cents()).collect();
    prices.iter().sum()
}

/// The cheapest item of the basket (the first one if several share the lowest price), or `None`
/// for an empty basket.
pub fn cheapest<P: Product>(items: &[P]) -> Option<&P> {
    // sort_by_key is stable, so the first of equal prices stays first
    let mut sorted: Vec<&P> = items.iter().collect();
    sorted.sort_by_key(|item| item.price_cents());
    sorted.first().copied()
}

/// The receipt of a basket. See README.md for the format.
pub fn receipt<P: Product>(items: &[P]) -> String {
    let mut lines: Vec<String> = Vec::new();
    for item in items {
        lines.push(format!("{}: {}", item.label(), euros(item.price_cents())));
    }
    lines.push(format!("total: {}", euros(total(items))));
    lines.join("\n") + "\n"
}

/// Cents as euros with two decimals: `1250` gives `"12.50"`.
fn euros(cents: u64) -> String {
    let rest = cents % 100;
    let rest = if rest < 10 { format!("0{}", rest) } else { rest.to_string() };
    format!("{}.{}", cents / 100, rest)
}
