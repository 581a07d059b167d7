//! Prices shopping baskets against one catalog, one worker thread per basket.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
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
    let unknown = Rc::new(RefCell::new(Vec::new()));

    let mut workers = Vec::new();
    for basket in baskets {
        let catalog = Rc::clone(&catalog);
        let unknown = Rc::clone(&unknown);
        workers.push(thread::spawn(move || {
            let mut total = 0;
            for item in &basket {
                match catalog.price(item) {
                    Some(price) => total += price,
                    None => unknown.borrow_mut().push(item.clone()),
                }
            }
            total
        }));
    }

    let totals = workers.into_iter().map(|worker| worker.join().expect("a worker panicked")).collect();
    let unknown = unknown.borrow().clone();
    Report { totals, unknown }
}
