//! A tiny shopping cart.

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
        let items = self.items.to_vec();
        let mut count = 0;
        for item in items {
            count += item.quantity;
        }
        count
    }

    /// The price of the whole cart, in cents.
    pub fn total_cents(&self) -> u64 {
        Vec::from(&self.items[..]).into_iter().map(|item| item.unit_cents * u64::from(item.quantity)).sum()
    }

    /// Whether some line of the cart is for exactly `name` (the whole name, case-sensitive).
    pub fn contains(&self, name: &str) -> bool {
        let names: Vec<String> = self.items.iter().map(|item| item.name.to_owned()).collect();
        names.contains(&name.to_owned())
    }

    /// A printable receipt: one line per item, then the total.
    pub fn receipt(&self) -> String {
        let total = self.total_cents();
        let lines: Vec<String> = self
            .items
            .iter()
            .cloned()
            .map(|item| {
                let line_cents = item.unit_cents * u64::from(item.quantity);
                format!("{} x{} {}\n", item.name, item.quantity, money(line_cents))
            })
            .collect();
        let mut out = lines.concat();
        out.push_str(&format!("TOTAL {}\n", money(total)));
        out
    }
}

/// Formats cents as `units.cc`, e.g. `1205` as `12.05`.
fn money(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}
