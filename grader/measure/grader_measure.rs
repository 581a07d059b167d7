//! Added by the grader at the root of the test crates it builds, for tests that measure: a
//! counting and checking global allocator, and a way to report a measurement to the grader.
//! Hidden tests use it as `crate::grader_measure`; the grader compares what they report with the
//! `[[budget]]`s of `exercise.toml` (exercises/README.md).
//!
//! - [`count_allocations`] counts every call into the allocator made while the closure runs by the
//!   thread that runs it and, when the process runs this one test (as the grader runs every test:
//!   `GRADER_WITNESS` is set), by every thread started meanwhile, so work moved to another
//!   thread is counted too; the test harness's own threads, which were there before, are not.
//!   Under a plain `cargo test`, tests run side by side on threads of one process and a thread's
//!   birth says nothing about which test started it: there only the measuring thread's own
//!   allocations count, each thread in its own counter, so tests never count each other's.
//! - [`check_heap`] watches every block allocated while the closure runs: a block freed twice or
//!   never allocated (counted, and not handed to the system allocator, so the test goes on), a
//!   block freed with another layout than it was allocated with, and blocks still alive at the end.
//!   Like counting, it watches the checking thread and, when the process runs this one test, the
//!   threads started while it runs; never the harness's own threads.

// Each exercise uses the part it needs.
#![allow(dead_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

/// Allocations made by the test process while measuring.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Allocations {
    /// Blocks requested (`alloc`, `alloc_zeroed`).
    pub fresh: u64,
    /// Blocks grown or shrunk in place or moved (`realloc`).
    pub resized: u64,
}

impl Allocations {
    /// Every call into the allocator but `dealloc`.
    pub fn total(self) -> u64 {
        self.fresh + self.resized
    }
}

/// What [`check_heap`] saw.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HeapReport {
    /// Frees of a block that is not alive: freed twice, or never allocated.
    pub bad_frees: u64,
    /// Frees (or resizes) with a size or alignment other than the block's own.
    pub layout_mismatches: u64,
    /// Blocks allocated while checking and still alive at the end.
    pub leaked_blocks: u64,
    /// Blocks the table could not follow (more than it holds alive at once): not checked.
    pub untracked: u64,
}

impl HeapReport {
    /// No bad free, no layout mismatch, no leak.
    pub fn is_clean(self) -> bool {
        self.bad_frees == 0 && self.layout_mismatches == 0 && self.leaked_blocks == 0
    }
}

/// A window is open on a process that runs one test: threads born in it belong to the measurement
/// (or the check) that opened it.
static OPEN: AtomicBool = AtomicBool::new(false);
/// Counting is on in the open window: allocations of threads born in it count.
static COUNTING: AtomicBool = AtomicBool::new(false);
/// Which window is open (each [`count_allocations`] or [`check_heap`] opens the next).
static WINDOW: AtomicU64 = AtomicU64::new(0);

std::thread_local! {
    /// This thread measures.
    static MEASURER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// This thread checks the heap.
    static CHECKER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// What this thread allocated while it measured: blocks requested, blocks resized.
    static OWN: std::cell::Cell<(u64, u64)> = const { std::cell::Cell::new((0, 0)) };
    /// The window open when this thread first allocated (its birth, near enough); `u64::MAX` before.
    static BORN_IN: std::cell::Cell<u64> = const { std::cell::Cell::new(u64::MAX) };
}

/// Counts one call into the allocator (`resized`: a `realloc`) where it belongs: in the measuring
/// thread's own counter, or in the window's counter for a thread born while it was open. Touches
/// only const thread-locals and atomics, so it never allocates. `try_with`: a thread may allocate
/// while its thread-locals are torn down.
fn count(resized: bool) {
    let measuring = MEASURER.try_with(std::cell::Cell::get).unwrap_or(false);
    if measuring {
        count_nothing();
        let _ = OWN.try_with(|own| {
            let (fresh, grown) = own.get();
            own.set(if resized { (fresh, grown + 1) } else { (fresh + 1, grown) });
        });
        return;
    }
    // Settled on every call, so a thread's birth is its first allocation, whether or not a window
    // is open then (the harness's threads allocate long before any test measures).
    let born_in_window = born_in_open_window();
    if COUNTING.load(Ordering::Relaxed) && born_in_window {
        if resized {
            RESIZED.fetch_add(1, Ordering::Relaxed);
        } else {
            FRESH.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// Whether this thread was born while the current window was open (a thread the measured or
/// checked code started), settling its birth on its first call. A thread born before, such as the
/// test harness's own, never is.
fn born_in_open_window() -> bool {
    let open = OPEN.load(Ordering::Relaxed);
    let window = WINDOW.load(Ordering::Relaxed);
    let born = BORN_IN
        .try_with(|born| {
            if born.get() == u64::MAX {
                born.set(if open { window } else { 0 });
            }
            born.get()
        })
        .unwrap_or(0);
    open && born == window && window != 0
}

static FRESH: AtomicU64 = AtomicU64::new(0);
static RESIZED: AtomicU64 = AtomicU64::new(0);

static CHECKING: AtomicBool = AtomicBool::new(false);
static BAD_FREES: AtomicU64 = AtomicU64::new(0);
static LAYOUT_MISMATCHES: AtomicU64 = AtomicU64::new(0);
static UNTRACKED: AtomicU64 = AtomicU64::new(0);

/// Live blocks allocated while checking: an open-addressing table of (address, size, align),
/// lock-free so the allocator never allocates or blocks. Address 0 is an empty slot; a removed
/// entry becomes [`TOMBSTONE`].
const SLOTS: usize = 1 << 16;
const TOMBSTONE: usize = usize::MAX;
static ADDRESSES: [AtomicUsize; SLOTS] = [const { AtomicUsize::new(0) }; SLOTS];
static SIZES: [AtomicUsize; SLOTS] = [const { AtomicUsize::new(0) }; SLOTS];
static ALIGNS: [AtomicUsize; SLOTS] = [const { AtomicUsize::new(0) }; SLOTS];

fn slot_of(address: usize) -> usize {
    (address >> 4).wrapping_mul(0x9E37_79B9_7F4A_7C15) % SLOTS
}

/// Starts following a block.
fn track(address: usize, layout: Layout) {
    let start = slot_of(address);
    for probe in 0..SLOTS {
        let slot = (start + probe) % SLOTS;
        let current = ADDRESSES[slot].load(Ordering::Acquire);
        if (current == 0 || current == TOMBSTONE)
            && ADDRESSES[slot].compare_exchange(current, address, Ordering::AcqRel, Ordering::Acquire).is_ok()
        {
            SIZES[slot].store(layout.size(), Ordering::Release);
            ALIGNS[slot].store(layout.align(), Ordering::Release);
            return;
        }
    }
    UNTRACKED.fetch_add(1, Ordering::Relaxed);
}

/// Stops following a block: `Some(layout matches)` when it was followed, `None` when it is not a
/// live followed block.
fn untrack(address: usize, layout: Layout) -> Option<bool> {
    let start = slot_of(address);
    for probe in 0..SLOTS {
        let slot = (start + probe) % SLOTS;
        let current = ADDRESSES[slot].load(Ordering::Acquire);
        if current == 0 {
            return None;
        }
        if current == address {
            let matches = SIZES[slot].load(Ordering::Acquire) == layout.size()
                && ALIGNS[slot].load(Ordering::Acquire) == layout.align();
            ADDRESSES[slot].store(TOMBSTONE, Ordering::Release);
            return Some(matches);
        }
    }
    None
}

/// Blocks still followed, and forgets them.
fn drain_live() -> u64 {
    let mut live = 0;
    for address in &ADDRESSES {
        let current = address.swap(0, Ordering::AcqRel);
        if current != 0 && current != TOMBSTONE {
            live += 1;
        }
    }
    live
}

/// Hands every call to the system allocator, counting and checking as asked.
struct Measuring;

// SAFETY: every call goes on unchanged to the system allocator, except a free of a block the
// checker knows is not alive (not passed on, which is what keeps the test process alive to report
// it); counting and checking only touch atomics in statics, which never allocate.
unsafe impl GlobalAlloc for Measuring {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(false);
        // SAFETY: the caller's contract is the system allocator's.
        let block = unsafe { System.alloc(layout) };
        if checks_here() && !block.is_null() {
            track(block as usize, layout);
        }
        block
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(false);
        // SAFETY: the caller's contract is the system allocator's.
        let block = unsafe { System.alloc_zeroed(layout) };
        if checks_here() && !block.is_null() {
            track(block as usize, layout);
        }
        block
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(true);
        let checking = checks_here();
        if checking {
            if let Some(false) = untrack(ptr as usize, layout) {
                LAYOUT_MISMATCHES.fetch_add(1, Ordering::Relaxed);
            }
        }
        // SAFETY: the caller's contract is the system allocator's.
        let block = unsafe { System.realloc(ptr, layout, new_size) };
        if checking && !block.is_null() {
            // SAFETY: `new_size` with the old alignment is the layout the caller now owns.
            let grown = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
            track(block as usize, grown);
        }
        block
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if checks_here() {
            match untrack(ptr as usize, layout) {
                Some(true) => {}
                Some(false) => {
                    LAYOUT_MISMATCHES.fetch_add(1, Ordering::Relaxed);
                }
                None if FREED_WHILE_CHECKING.iter().any(|freed| freed.load(Ordering::Relaxed) == ptr as usize) => {
                    // Freed already while checking and not handed out again: a double free.
                    BAD_FREES.fetch_add(1, Ordering::Relaxed);
                    return;
                }
                None => {}
            }
            remember_freed(ptr as usize);
        }
        // SAFETY: the caller's contract is the system allocator's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

/// Addresses freed while checking (a ring of the latest): a second free of one of them that is
/// not followed (blocks handed out while checking are) is a double free. A block allocated before
/// checking began may be freed while it runs: that is not an error.
const FREED_RING: usize = 4096;
static FREED_WHILE_CHECKING: [AtomicUsize; FREED_RING] = [const { AtomicUsize::new(0) }; FREED_RING];
static FREED_NEXT: AtomicUsize = AtomicUsize::new(0);

fn remember_freed(address: usize) {
    let index = FREED_NEXT.fetch_add(1, Ordering::Relaxed) % FREED_RING;
    FREED_WHILE_CHECKING[index].store(address, Ordering::Relaxed);
}

#[global_allocator]
static GLOBAL: Measuring = Measuring;

/// Runs `work` and returns its result with the allocations made meanwhile by this thread and, when
/// the process runs this one test (under the grader), by every thread started while it ran (so
/// work handed to another thread is counted too).
pub fn count_allocations<T>(work: impl FnOnce() -> T) -> (T, Allocations) {
    // Read before the window opens: reading the environment allocates.
    let alone = std::env::var_os("GRADER_WITNESS").is_some();
    // This thread's birth is settled before the window opens.
    count_nothing();
    OWN.with(|own| own.set((0, 0)));
    if alone {
        FRESH.store(0, Ordering::SeqCst);
        RESIZED.store(0, Ordering::SeqCst);
        WINDOW.fetch_add(1, Ordering::SeqCst);
    }
    MEASURER.with(|measurer| measurer.set(true));
    COUNTING.store(alone, Ordering::SeqCst);
    OPEN.store(alone, Ordering::SeqCst);
    let result = work();
    OPEN.store(false, Ordering::SeqCst);
    COUNTING.store(false, Ordering::SeqCst);
    MEASURER.with(|measurer| measurer.set(false));
    let (own_fresh, own_resized) = OWN.with(std::cell::Cell::get);
    let (spawned_fresh, spawned_resized) =
        if alone { (FRESH.load(Ordering::SeqCst), RESIZED.load(Ordering::SeqCst)) } else { (0, 0) };
    (result, Allocations { fresh: own_fresh + spawned_fresh, resized: own_resized + spawned_resized })
}

/// Whether the heap checker watches this call: checking is on, and this thread is the checking one
/// or one it started (when the process runs one test). The harness's own threads are never
/// watched: what they allocate while a check runs (a channel's waiter, say) is not the test's.
fn checks_here() -> bool {
    CHECKING.load(Ordering::Relaxed)
        && (CHECKER.try_with(std::cell::Cell::get).unwrap_or(false) || born_in_open_window())
}

/// Settles this thread's birth window (before it measures), counting nothing.
fn count_nothing() {
    let _ = BORN_IN.try_with(|born| {
        if born.get() == u64::MAX {
            born.set(0);
        }
    });
}

/// Runs `work` (which should drop everything it allocates) and returns its result with what the
/// checker saw: bad frees, layout mismatches, and blocks still alive once it returned.
pub fn check_heap<T>(work: impl FnOnce() -> T) -> (T, HeapReport) {
    // Read before checking starts: reading the environment allocates.
    let alone = std::env::var_os("GRADER_WITNESS").is_some();
    // One check at a time: the table and the counters are the process's. Tests side by side under
    // a plain `cargo test` take turns; under the grader there is only one.
    let _turn = CheckTurn::take();
    // This thread's birth is settled before the window opens.
    count_nothing();
    if alone {
        WINDOW.fetch_add(1, Ordering::SeqCst);
    }
    drain_live();
    for freed in &FREED_WHILE_CHECKING {
        freed.store(0, Ordering::SeqCst);
    }
    BAD_FREES.store(0, Ordering::SeqCst);
    LAYOUT_MISMATCHES.store(0, Ordering::SeqCst);
    UNTRACKED.store(0, Ordering::SeqCst);
    CHECKER.with(|checker| checker.set(true));
    OPEN.store(alone, Ordering::SeqCst);
    CHECKING.store(true, Ordering::SeqCst);
    let result = work();
    CHECKING.store(false, Ordering::SeqCst);
    OPEN.store(false, Ordering::SeqCst);
    CHECKER.with(|checker| checker.set(false));
    let report = HeapReport {
        bad_frees: BAD_FREES.load(Ordering::SeqCst),
        layout_mismatches: LAYOUT_MISMATCHES.load(Ordering::SeqCst),
        leaked_blocks: drain_live(),
        untracked: UNTRACKED.load(Ordering::SeqCst),
    };
    (result, report)
}

/// Held while one [`check_heap`] runs; released when dropped, even by a panicking test.
struct CheckTurn;

static CHECK_TURN: AtomicBool = AtomicBool::new(false);

impl CheckTurn {
    fn take() -> CheckTurn {
        while CHECK_TURN.compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed).is_err() {
            std::thread::yield_now();
        }
        CheckTurn
    }
}

impl Drop for CheckTurn {
    fn drop(&mut self) {
        CHECKING.store(false, Ordering::SeqCst);
        OPEN.store(false, Ordering::SeqCst);
        let _ = CHECKER.try_with(|checker| checker.set(false));
        CHECK_TURN.store(false, Ordering::Release);
    }
}

/// Tells the grader `metric` was `value` in this test, over the channel of
/// [`crate::grader_witness`] (nothing happens under a plain `cargo test`).
pub fn report(metric: &str, value: u64) {
    crate::grader_witness::report(metric, value);
}
