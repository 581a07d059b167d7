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

/// Lets the worker threads read the catalog.
struct CatalogRef(*const Catalog);

unsafe impl Send for CatalogRef {}

impl CatalogRef {
    fn get(&self) -> &Catalog {
        unsafe { &*self.0 }
    }
}

/// Prices every basket on its own thread. See README.md for the rules.
pub fn price_baskets(catalog: Catalog, baskets: Vec<Vec<String>>) -> Report {
    let unknown = Arc::new(Mutex::new(Vec::new()));

    let mut workers = Vec::new();
    for basket in baskets {
        let catalog = CatalogRef(&catalog);
        let unknown = Arc::clone(&unknown);
        workers.push(thread::spawn(move || {
            let mut total = 0;
            for item in &basket {
                match catalog.get().price(item) {
                    Some(price) => total += price,
                    None => unknown.lock().unwrap().push(item.clone()),
                }
            }
            total
        }));
    }

    let totals = workers.into_iter().map(|worker| worker.join().unwrap()).collect();
    let mut unknown = unknown.lock().unwrap().clone();
    unknown.sort();
    unknown.dedup();
    Report { totals, unknown }
}
