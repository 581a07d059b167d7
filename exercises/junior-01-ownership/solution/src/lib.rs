//! A tiny shopping cart.

/// One line of the cart: `quantity` units of `name`, each costing `unit_cents`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub name: String,
    pub unit_cents: u64,
    pub quantity: u32,
}

impl Item {
    fn line_cents(&self) -> u64 {
        self.unit_cents * u64::from(self.quantity)
    }
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
            out.push_str(&format!("{} x{} {}\n", item.name, item.quantity, money(item.line_cents())));
        }
        out.push_str(&format!("TOTAL {}\n", money(self.total_cents())));
        out
    }
}

/// Formats cents as `units.cc`, e.g. `1205` as `12.05`.
fn money(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}
