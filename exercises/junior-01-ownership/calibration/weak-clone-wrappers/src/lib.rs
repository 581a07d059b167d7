//! A tiny shopping cart.

/// One line of the cart: `quantity` units of `name`, each costing `unit_cents`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub name: String,
    pub unit_cents: u64,
    pub quantity: u32,
}

/// The items a customer has picked, in the order they were added.
#[derive(Debug, Default, Clone)]
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
        // clone so the caller can keep using the cart
        self.clone().count_all()
    }

    /// The price of the whole cart, in cents.
    pub fn total_cents(&self) -> u64 {
        self.clone().sum_all()
    }

    /// Whether some line of the cart is for exactly `name` (the whole name, case-sensitive).
    #[allow(clippy::cmp_owned)]
    pub fn contains(&self, name: &str) -> bool {
        let cart = self.clone();
        for item in cart.items {
            if item.name == name.to_string() {
                return true;
            }
        }
        false
    }

    /// A printable receipt: one line per item, then the total.
    pub fn receipt(&self) -> String {
        let copy = self.clone();
        let total = copy.clone().sum_all();
        let mut out = String::new();
        for item in copy.items {
            let line_cents = item.unit_cents * u64::from(item.quantity);
            out.push_str(&format!("{} x{} {}\n", item.name, item.quantity, money(line_cents)));
        }
        out.push_str(&format!("TOTAL {}\n", money(total)));
        out
    }

    fn count_all(self) -> u32 {
        let mut count = 0;
        for item in self.items {
            count += item.quantity;
        }
        count
    }

    fn sum_all(self) -> u64 {
        self.items.into_iter().map(|item| item.unit_cents * u64::from(item.quantity)).sum()
    }
}

/// Formats cents as `units.cc`, e.g. `1205` as `12.05`.
fn money(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}
