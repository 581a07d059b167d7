//! A tiny shopping cart.
use std::fmt::Write;

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
        for i in 0..self.items.len() {
            let item = self.items[i].clone();
            count += item.quantity;
        }
        count
    }

    /// The price of the whole cart, in cents.
    pub fn total_cents(&self) -> u64 {
        let mut total = 0;
        for i in 0..self.items.len() {
            let item = self.items[i].clone();
            total += item.unit_cents * u64::from(item.quantity);
        }
        total
    }

    /// Whether some line of the cart is for exactly `name` (the whole name, case-sensitive).
    pub fn contains(&self, name: &str) -> bool {
        let wanted = format!("{}", name);
        self.items.iter().map(|item| item.name.clone()).any(|n| n == wanted)
    }

    /// A printable receipt: one line per item, then the total.
    pub fn receipt(&self) -> String {
        let items: Vec<Item> = self.items.iter().cloned().collect();
        let mut out = String::new();
        for item in items {
            let line_cents = item.unit_cents * u64::from(item.quantity);
            write!(out, "{} x{} {}\n", item.name.clone(), item.quantity, money(line_cents)).unwrap();
        }
        write!(out, "TOTAL {}\n", money(self.total_cents())).unwrap();
        out
    }
}

/// Formats cents as `units.cc`, e.g. `1205` as `12.05`.
fn money(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}
