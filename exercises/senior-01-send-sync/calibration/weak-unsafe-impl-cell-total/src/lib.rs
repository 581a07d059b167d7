//! Counts hits per page for a web service.

use std::cell::Cell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Counts hits per page. Cloning a `HitCounter` gives another handle to the same counts.
#[derive(Debug, Clone, Default)]
pub struct HitCounter {
    pages: Arc<Mutex<HashMap<String, u64>>>,
    // Only ever touched while `pages` is locked.
    total: Arc<Cell<u64>>,
}

// SAFETY: the total is only read or written while the pages mutex is held, so threads never
// race on it.
unsafe impl Send for HitCounter {}
unsafe impl Sync for HitCounter {}

impl HitCounter {
    /// A counter with no hits yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records one hit on `page` and returns that page's count, this hit included.
    pub fn hit(&self, page: &str) -> u64 {
        let Ok(mut pages) = self.pages.lock() else {
            panic!("hit counter lock poisoned");
        };
        let count = pages.entry(page.to_owned()).or_insert(0);
        *count += 1;
        let result = *count;
        self.total.set(self.total.get() + 1);
        result
    }

    /// The number of hits recorded on `page`.
    pub fn count(&self, page: &str) -> u64 {
        let Ok(pages) = self.pages.lock() else {
            panic!("hit counter lock poisoned");
        };
        *pages.get(page).unwrap_or(&0)
    }

    /// The number of hits recorded on all pages together.
    pub fn total(&self) -> u64 {
        let _pages = self.pages.lock().unwrap();
        self.total.get()
    }

    /// The `n` most-hit pages with their counts, most hits first; equal counts in alphabetical
    /// order of the page.
    pub fn top(&self, n: usize) -> Vec<(String, u64)> {
        let Ok(pages) = self.pages.lock() else {
            panic!("hit counter lock poisoned");
        };
        let mut entries: Vec<(&String, &u64)> = pages.iter().collect();
        entries.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
        let owned: Vec<(String, u64)> = entries.iter().map(|(p, c)| (p.to_string(), **c)).collect();
        owned.into_iter().take(n).collect()
    }
}

/// The service hands clones of the counter to its worker threads, and lets them share
/// `&HitCounter` too. This check must compile.
#[allow(dead_code)]
fn counter_is_thread_safe() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<HitCounter>();
}
