//! Counts hits per page for a web service.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// Counts hits per page. Cloning a `HitCounter` gives another handle to the same counts.
///
/// `Send + Sync` for real: the handle is an `Arc` (an atomic reference count), and all counts sit
/// behind one `Mutex`, so every change and every read sees a consistent state and no update is
/// lost. A per-page count and the total change in the same critical section.
#[derive(Debug, Clone, Default)]
pub struct HitCounter {
    counts: Arc<Mutex<Counts>>,
}

#[derive(Debug, Default)]
struct Counts {
    pages: HashMap<String, u64>,
    total: u64,
}

impl HitCounter {
    /// A counter with no hits yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The counts, locked. A panic elsewhere cannot leave them half-updated (each update is two
    /// plain increments), so a poisoned lock is still safe to use.
    fn counts(&self) -> MutexGuard<'_, Counts> {
        self.counts.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Records one hit on `page` and returns that page's count, this hit included.
    pub fn hit(&self, page: &str) -> u64 {
        let mut counts = self.counts();
        counts.total += 1;
        match counts.pages.get_mut(page) {
            Some(count) => {
                *count += 1;
                *count
            }
            None => {
                counts.pages.insert(page.to_owned(), 1);
                1
            }
        }
    }

    /// The number of hits recorded on `page`.
    pub fn count(&self, page: &str) -> u64 {
        self.counts().pages.get(page).copied().unwrap_or(0)
    }

    /// The number of hits recorded on all pages together.
    pub fn total(&self) -> u64 {
        self.counts().total
    }

    /// The `n` most-hit pages with their counts, most hits first; equal counts in alphabetical
    /// order of the page.
    pub fn top(&self, n: usize) -> Vec<(String, u64)> {
        // Copy out under the lock, sort after releasing it.
        let mut pages: Vec<(String, u64)> =
            self.counts().pages.iter().map(|(page, count)| (page.clone(), *count)).collect();
        pages.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        pages.truncate(n);
        pages
    }
}

/// The service hands clones of the counter to its worker threads, and lets them share
/// `&HitCounter` too. This check must compile.
#[allow(dead_code)]
fn counter_is_thread_safe() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<HitCounter>();
}
