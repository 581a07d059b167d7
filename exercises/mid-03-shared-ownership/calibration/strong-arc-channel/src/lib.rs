//! Prices shopping baskets against one catalog, one worker thread per basket.
//!
//! The catalog is immutable once built, so the workers share it through an [`Arc`] (atomic
//! reference counts, hence `Send`). Nothing mutable is shared: each worker sends its findings,
//! tagged with its basket's position, over a channel, and only the calling thread assembles the
//! report.

use std::collections::{BTreeSet, HashMap};
use std::panic;
use std::sync::{mpsc, Arc};
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

/// One worker's findings, tagged with the position of its basket.
struct Priced {
    position: usize,
    total: u64,
    unknown: Vec<String>,
}

/// Prices one basket. Takes the items by value so unknown names move into the result uncopied.
fn price_basket(catalog: &Catalog, position: usize, items: Vec<String>) -> Priced {
    let mut priced = Priced { position, total: 0, unknown: Vec::new() };
    for item in items {
        match catalog.price(&item) {
            Some(price) => priced.total += price,
            None => priced.unknown.push(item),
        }
    }
    priced
}

/// Prices every basket on its own thread. See README.md for the rules.
pub fn price_baskets(catalog: Catalog, baskets: Vec<Vec<String>>) -> Report {
    let catalog = Arc::new(catalog);
    let (sender, receiver) = mpsc::channel();

    let workers: Vec<_> = baskets
        .into_iter()
        .enumerate()
        .map(|(position, items)| {
            let catalog = Arc::clone(&catalog);
            let sender = sender.clone();
            thread::spawn(move || {
                // The receiver is drained until every sender is gone, so it is still alive here
                // and the send cannot fail; ignoring the result keeps the worker panic-free.
                let _ = sender.send(price_basket(&catalog, position, items));
            })
        })
        .collect();
    // Only the workers' senders remain, so the loop below ends once the last worker is done.
    drop(sender);

    let mut totals = vec![0; workers.len()];
    let mut unknown = BTreeSet::new();
    for priced in receiver {
        totals[priced.position] = priced.total;
        unknown.extend(priced.unknown);
    }
    // A worker that panicked sent nothing: surface its panic instead of reporting a wrong total.
    for worker in workers {
        if let Err(payload) = worker.join() {
            panic::resume_unwind(payload);
        }
    }

    Report { totals, unknown: unknown.into_iter().collect() }
}
