//! Prices shopping baskets against one catalog, one worker thread per basket.
//!
//! The workers share nothing mutable: each one borrows the catalog read-only inside a
//! [`thread::scope`] and hands back what it found. The scope guarantees every worker has finished
//! before `price_baskets` returns, so a plain `&Catalog` is enough and no reference counting is
//! needed at all.

use std::collections::{BTreeSet, HashMap};
use std::panic;
use std::thread;

/// Item prices, in cents.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    prices: HashMap<String, u64>,
}

impl Catalog {
    pub fn new(entries: &[(&str, u64)]) -> Self {
        let prices = entries.iter().map(|(item, price)| (item.to_string(), *price)).collect();
        Catalog { prices }
    }

    /// The price of `item`, if the catalog lists it.
    pub fn price(&self, item: &str) -> Option<u64> {
        self.prices.get(item).copied()
    }
}

/// What `price_baskets` found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// The total of each basket, in the order the baskets were given.
    pub totals: Vec<u64>,
    /// The items the catalog does not list (see README.md for the exact rules).
    pub unknown: Vec<String>,
}

/// What one worker found in its basket.
struct Priced {
    total: u64,
    unknown: Vec<String>,
}

/// Prices one basket. Takes the basket by value so unknown names move out without copying.
fn price_basket(catalog: &Catalog, basket: Vec<String>) -> Priced {
    let mut total = 0;
    let mut unknown = Vec::new();
    for item in basket {
        match catalog.price(&item) {
            Some(price) => total += price,
            None => unknown.push(item),
        }
    }
    Priced { total, unknown }
}

/// Prices every basket on its own thread. See README.md for the rules.
pub fn price_baskets(catalog: Catalog, baskets: Vec<Vec<String>>) -> Report {
    let catalog = &catalog;
    thread::scope(|scope| {
        // Start every worker before waiting for any of them.
        let workers: Vec<_> = baskets
            .into_iter()
            .map(|basket| scope.spawn(move || price_basket(catalog, basket)))
            .collect();

        let mut totals = Vec::with_capacity(workers.len());
        let mut unknown = BTreeSet::new();
        // Joining in spawn order keeps `totals` in basket order whatever order the threads ran in.
        for worker in workers {
            let priced = worker.join().unwrap_or_else(|payload| panic::resume_unwind(payload));
            totals.push(priced.total);
            unknown.extend(priced.unknown);
        }
        Report { totals, unknown: unknown.into_iter().collect() }
    })
}
