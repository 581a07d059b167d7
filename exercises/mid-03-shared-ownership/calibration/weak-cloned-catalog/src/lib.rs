//! Prices shopping baskets against one catalog, one worker thread per basket.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
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

type Shared<T> = Arc<Mutex<T>>;

/// Prices every basket on its own thread. See README.md for the rules.
pub fn price_baskets(catalog: Catalog, baskets: Vec<Vec<String>>) -> Report {
    let totals: Shared<Vec<(usize, u64)>> = Arc::new(Mutex::new(Vec::new()));
    let unknown: Shared<Vec<String>> = Arc::new(Mutex::new(Vec::new()));

    let mut workers = Vec::new();
    for (index, basket) in baskets.iter().enumerate() {
        let catalog = catalog.clone();
        let basket = basket.to_vec();
        let totals = totals.clone();
        let unknown = unknown.clone();
        workers.push(thread::spawn(move || {
            let mut total = 0;
            for item in basket {
                match catalog.price(&item) {
                    Some(price) => total += price,
                    None => {
                        let mut unknown = unknown.lock().unwrap();
                        if !unknown.contains(&item) {
                            unknown.push(item);
                        }
                    }
                }
            }
            totals.lock().unwrap().push((index, total));
        }));
    }
    for worker in workers {
        worker.join().unwrap();
    }

    let mut totals = totals.lock().unwrap().clone();
    totals.sort();
    let mut unknown = unknown.lock().unwrap().clone();
    unknown.sort();
    Report { totals: totals.into_iter().map(|(_, total)| total).collect(), unknown }
}
