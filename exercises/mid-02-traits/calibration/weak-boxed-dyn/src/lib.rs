//! Baskets and receipts for our shop, for every product type.

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

/// So that references to products can be boxed as products too.
impl<T: Product> Product for &T {
    fn name(&self) -> &str {
        (*self).name()
    }

    fn price_cents(&self) -> u64 {
        (*self).price_cents()
    }

    fn label(&self) -> String {
        (*self).label()
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
        Book::label(self)
    }
}

/// A basket of any products, boxed so that every kind of product fits in one list.
type Basket<'a> = Vec<Box<dyn Product + 'a>>;

fn basket<T: Product>(items: &[T]) -> Basket<'_> {
    let mut basket: Basket = Vec::new();
    for item in items {
        basket.push(Box::new(item));
    }
    basket
}

/// The price of the whole basket, in cents.
pub fn total<T: Product>(items: &[T]) -> u64 {
    basket(items).iter().map(|item| item.price_cents()).sum()
}

/// The cheapest item of the basket (the first one if several share the lowest price), or `None`
/// for an empty basket.
pub fn cheapest<T: Product>(items: &[T]) -> Option<&T> {
    if items.is_empty() {
        return None;
    }
    let basket = basket(items);
    let lowest = basket.iter().map(|item| item.price_cents()).min().unwrap();
    let index = basket.iter().position(|item| item.price_cents() == lowest).unwrap();
    Some(&items[index])
}

/// The receipt of a basket. See README.md for the format.
pub fn receipt<T: Product>(items: &[T]) -> String {
    let mut out = String::new();
    for item in basket(items).iter() {
        out += &line(item);
    }
    out += &format!("total: {}\n", euros(total(items)));
    out
}

#[allow(clippy::borrowed_box)]
fn line(item: &Box<dyn Product + '_>) -> String {
    format!("{}: {}\n", item.label(), euros(item.price_cents()))
}

/// Cents as euros with two decimals: `1250` gives `"12.50"`.
fn euros(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}
