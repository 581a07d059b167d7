//! A tiny shopping cart.

use std::fmt::Write as _;

/// One line of the cart: `quantity` units of `name`, each costing `unit_cents`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub name: String,
    pub unit_cents: u64,
    pub quantity: u32,
}

impl Item {
    /// The price of this line: unit price times quantity, in cents.
    fn line_cents(&self) -> u64 {
        self.unit_cents * u64::from(self.quantity)
    }
}

/// The items a customer has picked, in the order they were added.
///
/// Every reading method borrows the cart (`&self`), so the owner keeps it and can keep
/// asking questions or adding lines; only `add` needs exclusive access.
#[derive(Debug, Default)]
pub struct Cart {
    items: Vec<Item>,
}

impl Cart {
    /// An empty cart.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a line to the cart.
    pub fn add(&mut self, name: &str, unit_cents: u64, quantity: u32) {
        self.items.push(Item { name: name.to_owned(), unit_cents, quantity });
    }

    /// How many units the cart holds, over all lines.
    pub fn item_count(&self) -> u32 {
        self.items.iter().map(|item| item.quantity).sum()
    }

    /// The price of the whole cart, in cents.
    pub fn total_cents(&self) -> u64 {
        self.items.iter().map(Item::line_cents).sum()
    }

    /// Whether some line of the cart is for exactly `name` (the whole name, case-sensitive).
    pub fn contains(&self, name: &str) -> bool {
        self.items.iter().any(|item| item.name == name)
    }

    /// A printable receipt: one line per item, then the total.
    pub fn receipt(&self) -> String {
        let mut out = String::new();
        for item in &self.items {
            // Writing into a `String` cannot fail, so the `fmt::Result` carries no information.
            let _ = writeln!(out, "{} x{} {}", item.name, item.quantity, Money(item.line_cents()));
        }
        let _ = writeln!(out, "TOTAL {}", Money(self.total_cents()));
        out
    }
}

/// Cents shown as `units.cc`, e.g. `1205` as `12.05`.
struct Money(u64);

impl std::fmt::Display for Money {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}
