//! A tiny shopping cart.

use std::fmt;

/// One line of the cart: `quantity` units of `name`, each costing `unit_cents`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub name: String,
    pub unit_cents: u64,
    pub quantity: u32,
}

/// The items a customer has picked, in the order they were added.
#[derive(Debug, Default)]
pub struct Cart {
    items: Vec<Item>,
}

impl Cart {
    /// An empty cart.
    pub fn new() -> Self {
        Cart { items: Vec::new() }
    }

    /// Adds a line to the cart.
    pub fn add(&mut self, name: &str, unit_cents: u64, quantity: u32) {
        self.items.push(Item { name: name.to_string(), unit_cents, quantity });
    }

    /// How many units the cart holds, over all lines.
    pub fn item_count(&self) -> u32 {
        let mut count = 0;
        for item in &self.items {
            count += item.quantity;
        }
        count
    }

    /// The price of the whole cart, in cents.
    pub fn total_cents(&self) -> u64 {
        let mut total = 0;
        for item in &self.items {
            total += line_cents(item);
        }
        total
    }

    /// Whether some line of the cart is for exactly `name` (the whole name, case-sensitive).
    pub fn contains(&self, name: &str) -> bool {
        for item in &self.items {
            if item.name == name {
                return true;
            }
        }
        false
    }

    /// A printable receipt: one line per item, then the total.
    pub fn receipt(&self) -> String {
        Receipt(self).to_string()
    }
}

/// Price of one line: unit price times quantity, in cents.
fn line_cents(item: &Item) -> u64 {
    item.unit_cents * u64::from(item.quantity)
}

/// A view of a cart that prints as its receipt; it borrows the cart and copies nothing.
struct Receipt<'a>(&'a Cart);

impl fmt::Display for Receipt<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut total = 0;
        for item in &self.0.items {
            let cents = line_cents(item);
            total += cents;
            writeln!(f, "{} x{} {}", item.name, item.quantity, Money(cents))?;
        }
        writeln!(f, "TOTAL {}", Money(total))
    }
}

/// Cents written as `units.cc`, e.g. `1205` as `12.05`.
struct Money(u64);

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}
