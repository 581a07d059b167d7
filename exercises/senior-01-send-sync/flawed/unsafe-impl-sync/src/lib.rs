//! Counts hits per page for a web service.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Counts hits per page. Cloning a `HitCounter` gives another handle to the same counts.
#[derive(Debug, Clone, Default)]
pub struct HitCounter {
    inner: Arc<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    lock: Mutex<()>,
    pages: RefCell<HashMap<String, u64>>,
    total: Cell<u64>,
}

// SAFETY: the counts are only changed while `lock` is held.
unsafe impl Sync for Inner {}

impl HitCounter {
    /// A counter with no hits yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records one hit on `page` and returns that page's count, this hit included.
    pub fn hit(&self, page: &str) -> u64 {
        let _guard = self.inner.lock.lock().unwrap();
        let mut pages = self.inner.pages.borrow_mut();
        let count = pages.entry(page.to_string()).or_insert(0);
        *count += 1;
        self.inner.total.set(self.inner.total.get() + 1);
        *count
    }

    /// The number of hits recorded on `page`.
    pub fn count(&self, page: &str) -> u64 {
        let _guard = self.inner.lock.lock().unwrap();
        let count = self.inner.pages.borrow().get(page).copied().unwrap_or(0);
        count
    }

    /// The number of hits recorded on all pages together.
    pub fn total(&self) -> u64 {
        // Reading one u64 is atomic anyway, no need to lock.
        self.inner.total.get()
    }

    /// The `n` most-hit pages with their counts, most hits first; equal counts in alphabetical
    /// order of the page.
    pub fn top(&self, n: usize) -> Vec<(String, u64)> {
        let _guard = self.inner.lock.lock().unwrap();
        let mut pages: Vec<(String, u64)> =
            self.inner.pages.borrow().iter().map(|(page, count)| (page.clone(), *count)).collect();
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
