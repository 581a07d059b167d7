//! Counts hits per page for a web service.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

type SharedPages = Arc<Mutex<RefCell<HashMap<String, u64>>>>;
type SharedTotal = Arc<Mutex<Cell<u64>>>;

/// Counts hits per page. Cloning a `HitCounter` gives another handle to the same counts.
#[derive(Debug, Clone, Default)]
pub struct HitCounter {
    pages: SharedPages,
    total: SharedTotal,
}

impl HitCounter {
    /// A counter with no hits yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records one hit on `page` and returns that page's count, this hit included.
    pub fn hit(&self, page: &str) -> u64 {
        let key: String = page.into();
        let new_count;
        {
            let guard = self.pages.lock().expect("pages lock poisoned");
            let mut pages = guard.borrow_mut();
            let count = pages.entry(key).or_insert(0);
            *count += 1;
            new_count = *count;
        }
        let total = self.total.lock().expect("total lock poisoned");
        total.set(total.get() + 1);
        new_count
    }

    /// The number of hits recorded on `page`.
    pub fn count(&self, page: &str) -> u64 {
        let guard = self.pages.lock().expect("pages lock poisoned");
        let pages = guard.borrow();
        if pages.contains_key(page) {
            pages[page]
        } else {
            0
        }
    }

    /// The number of hits recorded on all pages together.
    pub fn total(&self) -> u64 {
        self.total.lock().expect("total lock poisoned").get()
    }

    /// The `n` most-hit pages with their counts, most hits first; equal counts in alphabetical
    /// order of the page.
    #[allow(clippy::needless_collect)]
    pub fn top(&self, n: usize) -> Vec<(String, u64)> {
        let guard = self.pages.lock().expect("pages lock poisoned");
        let pages = guard.borrow();
        let names: Vec<String> = pages.keys().map(|k| format!("{}", k)).collect();
        let mut result = Vec::new();
        for name in names.into_iter() {
            let hits = pages[&name];
            result.push((name, hits));
        }
        result.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        result.truncate(n);
        result
    }
}

/// The service hands clones of the counter to its worker threads, and lets them share
/// `&HitCounter` too. This check must compile.
#[allow(dead_code)]
fn counter_is_thread_safe() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<HitCounter>();
}
