//! Prices shopping baskets against one catalog, one worker thread per basket.

use std::collections::HashMap;
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

/// Prices every basket on its own thread. See README.md for the rules.
pub fn price_baskets(catalog: Catalog, baskets: Vec<Vec<String>>) -> Report {
    // threads need 'static data
    let catalog: &'static Catalog = Box::leak(Box::new(catalog));

    let mut workers = Vec::new();
    for basket in baskets {
        workers.push(thread::spawn(move || {
            let mut total = 0;
            let mut missing: Vec<String> = Vec::new();
            for item in basket.iter() {
                if let Some(price) = catalog.price(item) {
                    total += price;
                } else {
                    missing.push(item.to_string());
                }
            }
            (total, missing)
        }));
    }

    let mut totals = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    for worker in workers {
        let (total, missing) = worker.join().expect("worker thread panicked");
        totals.push(total);
        for item in missing {
            if !unknown.contains(&item) {
                unknown.push(item);
            }
        }
    }
    unknown.sort();
    Report { totals, unknown }
}
