//! Prices shopping baskets against one catalog, one worker thread per basket.

use std::collections::{BTreeSet, HashMap};
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
    /// The items the catalog does not list: each once, in alphabetical order.
    pub unknown: Vec<String>,
}

/// Prices every basket on its own thread.
///
/// The catalog is read by every worker, so it is shared through an `Arc` (an atomically counted
/// `Rc`). The unknown items are written by every worker, so they sit behind a `Mutex`; a
/// `BTreeSet` keeps them sorted and free of duplicates whatever order the workers finish in.
pub fn price_baskets(catalog: Catalog, baskets: Vec<Vec<String>>) -> Report {
    let catalog = Arc::new(catalog);
    let unknown = Arc::new(Mutex::new(BTreeSet::new()));

    let workers: Vec<_> = baskets
        .into_iter()
        .map(|basket| {
            let catalog = Arc::clone(&catalog);
            let unknown = Arc::clone(&unknown);
            thread::spawn(move || {
                let mut total = 0;
                for item in basket {
                    match catalog.price(&item) {
                        Some(price) => total += price,
                        None => {
                            unknown.lock().expect("a worker panicked while holding the lock").insert(item);
                        }
                    }
                }
                total
            })
        })
        .collect();

    // Joining in spawn order keeps the totals in basket order.
    let totals = workers.into_iter().map(|worker| worker.join().expect("a worker panicked")).collect();
    let unknown = std::mem::take(&mut *unknown.lock().expect("a worker panicked while holding the lock"));
    Report { totals, unknown: unknown.into_iter().collect() }
}
