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
    /// The items the catalog does not list: each once, in alphabetical order.
    pub unknown: Vec<String>,
}

/// Lets a pointer cross into a thread. `spawn` wants `Send + 'static`; this promises both.
struct SendPtr<T>(*const T);

unsafe impl<T> Send for SendPtr<T> {}

impl<T> SendPtr<T> {
    fn get(self) -> *const T {
        self.0
    }
}

/// Prices every basket on its own thread.
pub fn price_baskets(catalog: Catalog, baskets: Vec<Vec<String>>) -> Report {
    let mut workers = Vec::new();
    for basket in baskets {
        let shared = SendPtr(&catalog as *const Catalog);
        workers.push(thread::spawn(move || {
            // The catalog outlives the workers: they are all joined below.
            let catalog = unsafe { &*shared.get() };
            let mut total = 0;
            let mut unknown = Vec::new();
            for item in basket {
                match catalog.price(&item) {
                    Some(price) => total += price,
                    None => unknown.push(item),
                }
            }
            (total, unknown)
        }));
    }

    let mut report = Report::default();
    for worker in workers {
        let (total, unknown) = worker.join().unwrap();
        report.totals.push(total);
        report.unknown.extend(unknown);
    }
    report.unknown.sort();
    report.unknown.dedup();
    report
}
