//! Counts hits per page for a web service.
//!
//! Every page owns an atomic counter, so hits on a page that is already known only take a shared
//! (read) lock on the page table; the table is write-locked just long enough to add a new page.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard};

/// The counts behind every handle of one counter.
#[derive(Debug, Default)]
struct Counts {
    /// Per-page counters. Pages are only ever added, never removed, so a counter found once stays
    /// valid for as long as the lock guard that found it.
    pages: RwLock<HashMap<String, AtomicU64>>,
    total: AtomicU64,
}

/// Counts hits per page. Cloning a `HitCounter` gives another handle to the same counts.
///
/// It is `Send + Sync` because it only holds an `Arc` to state built from `RwLock` and atomics,
/// all of which synchronise their own access.
#[derive(Debug, Clone, Default)]
pub struct HitCounter {
    counts: Arc<Counts>,
}

impl HitCounter {
    /// A counter with no hits yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records one hit on `page` and returns that page's count, this hit included.
    ///
    /// The page's count is bumped with a single atomic read-modify-write, so concurrent hits on
    /// the same page each see a different value and none is lost.
    pub fn hit(&self, page: &str) -> u64 {
        // The read guard is dropped at the end of this statement, before any write lock is taken.
        let known = self
            .pages()
            .get(page)
            .map(|counter| counter.fetch_add(1, Ordering::Relaxed));
        let previous = known.unwrap_or_else(|| {
            // First hit on this page (as far as we know): take the write lock. Another thread may
            // have added the page in between, which `entry` handles.
            let mut pages = self.counts.pages.write().unwrap_or_else(PoisonError::into_inner);
            pages
                .entry(page.to_owned())
                .or_default()
                .fetch_add(1, Ordering::Relaxed)
        });
        self.counts.total.fetch_add(1, Ordering::Relaxed);
        previous + 1
    }

    /// The number of hits recorded on `page`, 0 for a page never hit.
    pub fn count(&self, page: &str) -> u64 {
        self.pages()
            .get(page)
            .map_or(0, |counter| counter.load(Ordering::Relaxed))
    }

    /// The number of hits recorded on all pages together.
    pub fn total(&self) -> u64 {
        self.counts.total.load(Ordering::Relaxed)
    }

    /// The `n` most-hit pages with their counts, most hits first; equal counts in alphabetical
    /// order of the page.
    pub fn top(&self, n: usize) -> Vec<(String, u64)> {
        if n == 0 {
            return Vec::new();
        }
        // Rank borrowed names under the read lock; only the `n` winners are copied out.
        let pages = self.pages();
        let mut ranked: Vec<(&str, u64)> = pages
            .iter()
            .map(|(page, counter)| (page.as_str(), counter.load(Ordering::Relaxed)))
            .collect();
        let by_rank = |a: &(&str, u64), b: &(&str, u64)| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0));
        if n < ranked.len() {
            ranked.select_nth_unstable_by(n - 1, by_rank);
            ranked.truncate(n);
        }
        ranked.sort_unstable_by(by_rank);
        ranked
            .into_iter()
            .map(|(page, count)| (page.to_owned(), count))
            .collect()
    }

    /// A shared view of the page table. No code panics while holding the lock, but if some
    /// future change did, the table itself would still be consistent (pages are only added), so
    /// a poisoned lock is safe to keep using.
    fn pages(&self) -> RwLockReadGuard<'_, HashMap<String, AtomicU64>> {
        self.counts.pages.read().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The service hands clones of the counter to its worker threads, and lets them share
/// `&HitCounter` too. This check must compile.
#[allow(dead_code)]
fn counter_is_thread_safe() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<HitCounter>();
}
