//! Added by the grader at the root of the test crates it builds, for tests that measure: a
//! counting global allocator and a way to report a measurement to the grader. Hidden tests use it
//! as `crate::grader_measure`; the grader compares what they report with the `[[budget]]`s of
//! `exercise.toml` (docs/formats.md). Only the thread that measures is counted, so the test
//! harness and other tests never are.

// Each exercise uses the part it needs.
#![allow(dead_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// Allocations made on one thread while measuring.
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

thread_local! {
    static MEASURING: Cell<bool> = const { Cell::new(false) };
    static FRESH: Cell<u64> = const { Cell::new(0) };
    static RESIZED: Cell<u64> = const { Cell::new(0) };
}

/// `try_with`: a thread may allocate while its thread-locals are being torn down.
fn note(counter: &'static std::thread::LocalKey<Cell<u64>>) {
    let _ = MEASURING.try_with(|measuring| {
        if measuring.get() {
            let _ = counter.try_with(|count| count.set(count.get() + 1));
        }
    });
}

/// Hands every call to the system allocator, counting them on the measuring thread.
struct Counting;

// SAFETY: every call goes on unchanged to the system allocator; counting only reads and writes
// thread-locals of plain integers, which never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(&FRESH);
        // SAFETY: the caller's contract is the system allocator's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note(&FRESH);
        // SAFETY: the caller's contract is the system allocator's.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(&RESIZED);
        // SAFETY: the caller's contract is the system allocator's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract is the system allocator's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Runs `work` on this thread and returns its result with the allocations it made.
pub fn count_allocations<T>(work: impl FnOnce() -> T) -> (T, Allocations) {
    FRESH.with(|count| count.set(0));
    RESIZED.with(|count| count.set(0));
    MEASURING.with(|measuring| measuring.set(true));
    let result = work();
    MEASURING.with(|measuring| measuring.set(false));
    let counted = Allocations { fresh: FRESH.with(Cell::get), resized: RESIZED.with(Cell::get) };
    (result, counted)
}

/// Tells the grader `metric` was `value` in this test: a `<metric> <value>` line appended to the
/// file named by `GRADER_MEASURE_FILE` (nothing happens without it).
pub fn report(metric: &str, value: u64) {
    if let Some(path) = std::env::var_os("GRADER_MEASURE_FILE") {
        use std::io::Write;
        if let Ok(mut file) = std::fs::OpenOptions::new().create(true).append(true).open(path) {
            let _ = writeln!(file, "{metric} {value}");
        }
    }
}
