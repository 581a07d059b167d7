//! A fixed-capacity FIFO queue stored inline: no heap allocation of its own, so it can sit on the
//! stack or inside another struct on a hot path.

use std::mem::MaybeUninit;

/// A first-in, first-out queue holding at most `N` values of type `T`.
///
/// Values live in `slots`; the oldest one is at `head` and the queue wraps around the end of the
/// array. Index 0 of `get`/`get_mut` is the oldest value.
///
/// The one invariant every `unsafe` block below relies on: the `len` slots starting at `head`
/// (wrapping at `N`) are initialised, and no other slot is. `len <= N` and `head < N` (or 0 when
/// `N == 0`). Every method keeps it; nothing outside this module can touch the fields.
///
/// The buffer is `Send`/`Sync` exactly when `T` is: that follows from the field types, so there is
/// no `unsafe impl` to get wrong.
pub struct RingBuffer<T, const N: usize> {
    slots: [MaybeUninit<T>; N],
    head: usize,
    len: usize,
}

impl<T, const N: usize> RingBuffer<T, N> {
    /// An empty buffer.
    pub fn new() -> Self {
        // Uninitialised slots are safe to create: `MaybeUninit` makes no promise about them.
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

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn is_full(&self) -> bool {
        self.len == N
    }

    /// The slot holding the value `offset` places after the oldest. Only called with
    /// `offset <= len <= N` and `N > 0`, so `head + offset < 2 * N` and one subtraction wraps it
    /// (no `% N`, which would divide by zero for `N == 0`).
    fn slot(&self, offset: usize) -> usize {
        let slot = self.head + offset;
        if slot >= N {
            slot - N
        } else {
            slot
        }
    }

    /// Adds `value` as the newest value, or gives it back when the buffer is full.
    pub fn push(&mut self, value: T) -> Result<(), T> {
        if self.len == N {
            return Err(value);
        }
        let tail = self.slot(self.len);
        // The tail slot is outside the live range, so it is uninitialised: writing does not need
        // to drop anything, and `MaybeUninit::write` is safe.
        self.slots[tail].write(value);
        self.len += 1;
        Ok(())
    }

    /// Adds `value` as the newest value. When the buffer is full, the oldest value makes room and
    /// is returned. A buffer of capacity 0 gives `value` straight back.
    pub fn force_push(&mut self, value: T) -> Option<T> {
        let evicted = if self.is_full() { self.pop() } else { None };
        match self.push(value) {
            Ok(()) => evicted,
            // Only when `N == 0`: there was nothing to evict and there is no room.
            Err(value) => Some(value),
        }
    }

    /// Removes and returns the oldest value.
    pub fn pop(&mut self) -> Option<T> {
        if self.len == 0 {
            return None;
        }
        let oldest = self.head;
        self.head = self.slot(1);
        self.len -= 1;
        // SAFETY: `oldest` was the first slot of the live range, so it is initialised. The live
        // range no longer includes it (head and len moved above), so this is the only read of
        // the value and nothing will drop it a second time.
        Some(unsafe { self.slots[oldest].assume_init_read() })
    }

    /// The value at `index`, counting from the oldest (0).
    pub fn get(&self, index: usize) -> Option<&T> {
        if index >= self.len {
            return None;
        }
        let slot = &self.slots[self.slot(index)];
        // SAFETY: `index < len`, so the slot is in the live range and initialised. The reference
        // borrows `self`, so the value cannot be popped or overwritten while it is in use.
        Some(unsafe { slot.assume_init_ref() })
    }

    /// The value at `index`, counting from the oldest (0), for changing it in place.
    pub fn get_mut(&mut self, index: usize) -> Option<&mut T> {
        if index >= self.len {
            return None;
        }
        let slot = self.slot(index);
        // SAFETY: as in `get`; the reference borrows `self` mutably, so it is the only access.
        Some(unsafe { self.slots[slot].assume_init_mut() })
    }

    /// Removes (and drops) every value, oldest first.
    pub fn clear(&mut self) {
        // `pop` updates the bookkeeping before the value is dropped, so even a panicking `Drop`
        // of `T` cannot make us drop a value twice.
        while self.pop().is_some() {}
        self.head = 0;
    }
}

impl<T, const N: usize> Drop for RingBuffer<T, N> {
    fn drop(&mut self) {
        // `MaybeUninit` never drops its contents: the live values are ours to drop.
        self.clear();
    }
}

impl<T, const N: usize> Default for RingBuffer<T, N> {
    fn default() -> Self {
        Self::new()
    }
}
