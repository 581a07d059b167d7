//! Counts hits per page for a web service.
//!
//! All counts sit behind one `Mutex`, so a hit updates its page and the total in a single
//! critical section: every reader sees a state in which `total()` is exactly the sum of the
//! per-page counts.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// The state every handle of one counter shares.
#[derive(Debug, Default)]
struct Tally {
    pages: HashMap<Box<str>, u64>,
    total: u64,
}

impl Tally {
    fn record(&mut self, page: &str) -> u64 {
        // Look up first so that a page seen before costs no allocation.
        let count = match self.pages.get_mut(page) {
            Some(count) => count,
            None => self.pages.entry(page.into()).or_insert(0),
        };
        *count += 1;
        self.total += 1;
        *count
    }
}

/// Counts hits per page. Cloning a `HitCounter` gives another handle to the same counts.
///
/// `Arc<Mutex<_>>` is what makes it `Send + Sync`: the `Arc` count is atomic, and the `Mutex`
/// lets only one thread at a time touch the map.
#[derive(Debug, Clone, Default)]
pub struct HitCounter {
    tally: Arc<Mutex<Tally>>,
}

impl HitCounter {
    /// A counter with no hits yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records one hit on `page` and returns that page's count, this hit included.
    ///
    /// The increment and the read of the new count happen under the same lock, so concurrent hits
    /// on one page get 1, 2, …, N between them.
    pub fn hit(&self, page: &str) -> u64 {
        self.lock().record(page)
    }

    /// The number of hits recorded on `page`, 0 for a page never hit.
    pub fn count(&self, page: &str) -> u64 {
        self.lock().pages.get(page).copied().unwrap_or_default()
    }

    /// The number of hits recorded on all pages together.
    pub fn total(&self) -> u64 {
        self.lock().total
    }

    /// The `n` most-hit pages with their counts, most hits first; equal counts in alphabetical
    /// order of the page.
    pub fn top(&self, n: usize) -> Vec<(String, u64)> {
        let tally = self.lock();
        let mut ranked: Vec<(&str, u64)> =
            tally.pages.iter().map(|(page, &count)| (&**page, count)).collect();
        ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        ranked
            .into_iter()
            .take(n)
            .map(|(page, count)| (page.to_owned(), count))
            .collect()
    }

    /// Locks the shared tally. `Tally::record` cannot panic half way through an update, so even
    /// a poisoned lock guards consistent counts and is safe to keep using.
    fn lock(&self) -> MutexGuard<'_, Tally> {
        self.tally.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The service hands clones of the counter to its worker threads, and lets them share
/// `&HitCounter` too. This check must compile.
#[allow(dead_code)]
fn counter_is_thread_safe() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<HitCounter>();
}
