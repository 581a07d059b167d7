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

    fn label(&self) -> String {
        format!("{} by {}", self.title, self.author)
    }
}

/// A basket the functions below can all work on, whatever the caller's type.
type Basket<'a> = Vec<Box<dyn Product + 'a>>;

/// Lets a borrowed product go into a box.
struct Borrowed<'a, P>(&'a P);

impl<P: Product> Product for Borrowed<'_, P> {
    fn name(&self) -> &str {
        self.0.name()
    }

    fn price_cents(&self) -> u64 {
        self.0.price_cents()
    }

    fn label(&self) -> String {
        self.0.label()
    }
}

fn boxed<P: Product>(items: &[P]) -> Basket<'_> {
    let mut basket: Basket<'_> = Vec::new();
    for item in items {
        basket.push(Box::new(Borrowed(item)));
    }
    basket
}

/// The price of the whole basket, in cents.
pub fn total<P: Product>(items: &[P]) -> u64 {
    total_of(&boxed(items))
}

fn total_of(basket: &Basket<'_>) -> u64 {
    let mut sum = 0;
    for item in basket {
        sum += item.price_cents();
    }
    sum
}

/// The cheapest item of the basket (the first one if several share the lowest price), or `None`
/// for an empty basket.
pub fn cheapest<P: Product>(items: &[P]) -> Option<&P> {
    cheapest_index(&boxed(items)).map(|index| &items[index])
}

fn cheapest_index(basket: &Basket<'_>) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (index, item) in basket.iter().enumerate() {
        match best {
            Some(found) if basket[found].price_cents() <= item.price_cents() => {}
            _ => best = Some(index),
        }
    }
    best
}

/// The receipt of a basket: one `"<label>: <price>"` line per item, then the total.
pub fn receipt<P: Product>(items: &[P]) -> String {
    receipt_of(&boxed(items))
}

fn receipt_of(basket: &Basket<'_>) -> String {
    let mut out = String::new();
    for item in basket {
        out.push_str(&format!("{}: {}\n", item.label(), euros(item.price_cents())));
    }
    out.push_str(&format!("total: {}\n", euros(total_of(basket))));
    out
}

/// Cents as euros with two decimals: `1250` gives `"12.50"`.
fn euros(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}
