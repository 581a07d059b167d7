//! A fixed-capacity FIFO queue stored inline: no heap allocation of its own, so it can sit on the
//! stack or inside another struct on a hot path.

use std::fmt;
use std::mem::{self, MaybeUninit};
use std::ptr;

/// A first-in, first-out queue holding at most `N` values of type `T`.
///
/// Values live in `slots`; the oldest one is at `head` and the queue wraps around the end of the
/// array. Index 0 of `get`/`get_mut` is the oldest value.
///
/// # Invariant
///
/// `len <= N`, `head < N` (or `head == 0` when `N == 0`), and a slot is initialised exactly when
/// it is one of the `len` slots starting at `head` and wrapping around the end of the array (see
/// `live_lens`). Every `unsafe` block below relies on this, and every method keeps it.
///
/// Because the only fields are the `MaybeUninit<T>` array and two integers, the buffer is
/// `Send`/`Sync` exactly when `T` is, with no manual impls.
pub struct RingBuffer<T, const N: usize> {
    slots: [MaybeUninit<T>; N],
    head: usize,
    len: usize,
}

impl<T, const N: usize> RingBuffer<T, N> {
    /// An empty buffer.
    pub fn new() -> Self {
        RingBuffer { slots: [const { MaybeUninit::uninit() }; N], head: 0, len: 0 }
    }

    /// How many values the buffer can hold: `N`.
    pub fn capacity(&self) -> usize {
        N
    }

    /// How many values the buffer holds now.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the buffer holds no value.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether the buffer holds `N` values (always true when `N == 0`).
    pub fn is_full(&self) -> bool {
        self.len == N
    }

    /// Adds `value` as the newest value, or gives it back when the buffer is full.
    pub fn push(&mut self, value: T) -> Result<(), T> {
        if self.is_full() {
            return Err(value);
        }
        // `len < N`, so this is the free slot just after the newest value. Writing a
        // `MaybeUninit` does not drop what was there, which is right: it held no value.
        let tail = self.slot(self.len);
        self.slots[tail].write(value);
        self.len += 1;
        Ok(())
    }

    /// Adds `value` as the newest value. When the buffer is full, the oldest value makes room and
    /// is returned. A buffer that can hold nothing gives `value` straight back.
    pub fn force_push(&mut self, value: T) -> Option<T> {
        let Err(value) = self.push(value) else {
            return None;
        };
        if N == 0 {
            return Some(value);
        }
        // Full: the newest value takes the oldest one's slot, which becomes the newest position
        // once `head` moves on.
        let oldest = mem::replace(&mut self.slots[self.head], MaybeUninit::new(value));
        self.head = self.slot(1);
        // SAFETY: `push` refused the value, so the buffer is full and every slot, `head`
        // included, held a value. That value was moved out of the array by `mem::replace` (the
        // slot now holds the new value), so this is its only owner.
        Some(unsafe { oldest.assume_init() })
    }

    /// Removes and returns the oldest value.
    pub fn pop(&mut self) -> Option<T> {
        if self.is_empty() {
            return None;
        }
        let oldest = self.head;
        self.head = self.slot(1);
        self.len -= 1;
        // SAFETY: the buffer was not empty, so slot `oldest` (the old `head`) was initialised.
        // It has just left the live range, so the value is read out exactly once and the slot
        // is never read again before it is written.
        Some(unsafe { self.slots[oldest].assume_init_read() })
    }

    /// The value at `index`, counting from the oldest (0).
    pub fn get(&self, index: usize) -> Option<&T> {
        if index >= self.len {
            return None;
        }
        // SAFETY: `index < len`, so the slot is in the live range and initialised; the shared
        // borrow of `self` keeps it so for the lifetime of the reference.
        Some(unsafe { self.slots[self.slot(index)].assume_init_ref() })
    }

    /// The value at `index`, counting from the oldest (0), for changing it in place.
    pub fn get_mut(&mut self, index: usize) -> Option<&mut T> {
        if index >= self.len {
            return None;
        }
        let slot = self.slot(index);
        // SAFETY: `index < len`, so the slot is initialised; the exclusive borrow of `self`
        // makes the returned reference the only access to it while it lives.
        Some(unsafe { self.slots[slot].assume_init_mut() })
    }

    /// Removes every value, dropping each one.
    pub fn clear(&mut self) {
        let (front, back) = self.live_lens();
        let head = self.head;
        // Empty the buffer before running any destructor: should one panic, the buffer is
        // already consistent and nothing can be dropped a second time.
        self.head = 0;
        self.len = 0;
        let (wrapped, from_head) = self.slots.split_at_mut(head);
        // SAFETY: the live values were the `front` slots from `head` on and the `back` slots at
        // the start of the array; the buffer no longer counts them, so each is dropped here
        // exactly once.
        unsafe { drop_values(&mut from_head[..front], &mut wrapped[..back]) };
    }

    /// The physical slot of the value `offset` places after the oldest one, for `offset <= N`.
    /// Computed without `%` or overflow, so it is fine for any `N`.
    fn slot(&self, offset: usize) -> usize {
        let to_end = N - self.head;
        if offset < to_end {
            self.head + offset
        } else {
            offset - to_end
        }
    }

    /// How many values sit from `head` to the end of the array, and how many wrapped around to
    /// its start.
    fn live_lens(&self) -> (usize, usize) {
        let to_end = N - self.head;
        if self.len <= to_end {
            (self.len, 0)
        } else {
            (to_end, self.len - to_end)
        }
    }
}

/// Drops the values in `front`, then those in `back`, even if a destructor in `front` panics.
///
/// # Safety
///
/// Every slot of both slices must hold a value that nobody else will use or drop afterwards.
unsafe fn drop_values<T>(front: &mut [MaybeUninit<T>], back: &mut [MaybeUninit<T>]) {
    /// Drops its slots when it goes out of scope, which includes unwinding.
    struct DropGuard<'a, T>(&'a mut [MaybeUninit<T>]);

    impl<T> Drop for DropGuard<'_, T> {
        fn drop(&mut self) {
            // SAFETY: `drop_values`' caller promised these slots hold values no one else drops;
            // `MaybeUninit<T>` has the layout of `T`, so the slice is a valid `[T]`.
            unsafe { ptr::drop_in_place(self.0 as *mut [MaybeUninit<T>] as *mut [T]) }
        }
    }

    let _back = DropGuard(back);
    // SAFETY: as above, for the `front` slots.
    unsafe { ptr::drop_in_place(front as *mut [MaybeUninit<T>] as *mut [T]) }
}

impl<T, const N: usize> Drop for RingBuffer<T, N> {
    fn drop(&mut self) {
        self.clear();
    }
}

impl<T, const N: usize> Default for RingBuffer<T, N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: fmt::Debug, const N: usize> fmt::Debug for RingBuffer<T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries((0..self.len).filter_map(|index| self.get(index))).finish()
    }
}
