//! Counts hits per page for a web service.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

/// Counts hits per page. Cloning a `HitCounter` gives another handle to the same counts.
#[derive(Debug, Clone, Default)]
pub struct HitCounter {
    pages: Rc<RefCell<HashMap<String, u64>>>,
    total: Rc<Cell<u64>>,
}

impl HitCounter {
    /// A counter with no hits yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records one hit on `page` and returns that page's count, this hit included.
    pub fn hit(&self, page: &str) -> u64 {
        let mut pages = self.pages.borrow_mut();
        let count = pages.entry(page.to_string()).or_insert(0);
        *count += 1;
        self.total.set(self.total.get() + 1);
        *count
    }

    /// The number of hits recorded on `page`.
    pub fn count(&self, page: &str) -> u64 {
        self.pages.borrow().get(page).copied().unwrap_or(0)
    }

    /// The number of hits recorded on all pages together.
    pub fn total(&self) -> u64 {
        self.total.get()
    }

    /// The `n` most-hit pages with their counts, most hits first; equal counts in alphabetical
    /// order of the page.
    pub fn top(&self, n: usize) -> Vec<(String, u64)> {
        let mut pages: Vec<(String, u64)> =
            self.pages.borrow().iter().map(|(page, count)| (page.clone(), *count)).collect();
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
