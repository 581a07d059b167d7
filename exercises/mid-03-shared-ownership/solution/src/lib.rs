//! Prices shopping baskets against one catalog on a few worker threads.

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

/// Prices every basket on worker threads: as many as the machine runs at once (never more than
/// there are baskets), each taking the next basket nobody has taken yet, so a hundred thousand
/// baskets need no more threads than ten do.
///
/// The catalog is read by every worker, so it is shared through an `Arc` (an atomically counted
/// `Rc`). The baskets still waiting and the unknown items are changed by every worker, so they sit
/// behind a `Mutex`; a `BTreeSet` keeps the unknown items sorted and free of duplicates whatever
/// order the workers finish in.
pub fn price_baskets(catalog: Catalog, baskets: Vec<Vec<String>>) -> Report {
    let count = baskets.len();
    let catalog = Arc::new(catalog);
    let unknown = Arc::new(Mutex::new(BTreeSet::new()));
    let waiting = Arc::new(Mutex::new(baskets.into_iter().enumerate()));
    let workers = thread::available_parallelism().map_or(4, |cores| cores.get()).min(count);

    let handles: Vec<_> = (0..workers)
        .map(|_| {
            let catalog = Arc::clone(&catalog);
            let unknown = Arc::clone(&unknown);
            let waiting = Arc::clone(&waiting);
            thread::spawn(move || {
                let mut priced = Vec::new();
                loop {
                    // The lock is held to take a basket, not while pricing it.
                    let next = waiting.lock().expect("a worker panicked while holding the lock").next();
                    let Some((index, basket)) = next else { break };
                    let mut total = 0;
                    for item in basket {
                        match catalog.price(&item) {
                            Some(price) => total += price,
                            None => {
                                unknown.lock().expect("a worker panicked while holding the lock").insert(item);
                            }
                        }
                    }
                    priced.push((index, total));
                }
                priced
            })
        })
        .collect();

    // Each total goes back to its basket's place, whichever worker priced it.
    let mut totals = vec![0; count];
    for handle in handles {
        for (index, total) in handle.join().expect("a worker panicked") {
            totals[index] = total;
        }
    }
    let unknown = std::mem::take(&mut *unknown.lock().expect("a worker panicked while holding the lock"));
    Report { totals, unknown: unknown.into_iter().collect() }
}
