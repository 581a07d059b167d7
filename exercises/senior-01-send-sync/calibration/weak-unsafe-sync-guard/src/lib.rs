//! Counts hits per page for a web service.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Shared state of the counter. Every access goes through `guard` first.
#[derive(Debug, Default)]
struct Shared {
    guard: Mutex<()>,
    pages: RefCell<HashMap<String, u64>>,
    total: Cell<u64>,
}

unsafe impl Sync for Shared {}

/// Counts hits per page. Cloning a `HitCounter` gives another handle to the same counts.
#[derive(Debug, Clone, Default)]
pub struct HitCounter {
    shared: Arc<Shared>,
}

impl HitCounter {
    /// A counter with no hits yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records one hit on `page` and returns that page's count, this hit included.
    pub fn hit(&self, page: &str) -> u64 {
        let _lock = self.shared.guard.lock().unwrap();
        let mut pages = self.shared.pages.borrow_mut();
        let count = pages.entry(page.to_string()).or_insert(0);
        *count += 1;
        self.shared.total.set(self.shared.total.get() + 1);
        *count
    }

    /// The number of hits recorded on `page`.
    pub fn count(&self, page: &str) -> u64 {
        let _lock = self.shared.guard.lock().unwrap();
        let key = page.to_string();
        let count = match self.shared.pages.borrow().get(&key) {
            Some(count) => *count,
            None => 0,
        };
        count
    }

    /// The number of hits recorded on all pages together.
    pub fn total(&self) -> u64 {
        let _lock = self.shared.guard.lock().unwrap();
        self.shared.total.get()
    }

    /// The `n` most-hit pages with their counts, most hits first; equal counts in alphabetical
    /// order of the page.
    pub fn top(&self, n: usize) -> Vec<(String, u64)> {
        let _lock = self.shared.guard.lock().unwrap();
        let snapshot = self.shared.pages.borrow().clone();
        let mut pages: Vec<(String, u64)> = snapshot.into_iter().collect();
        pages.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
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
