//! A fixed-capacity FIFO queue stored inline: no heap allocation of its own, so it can sit on the
//! stack or inside another struct on a hot path.

use std::mem::{self, MaybeUninit};

/// A first-in, first-out queue holding at most `N` values of type `T`.
///
/// Values live in `slots`; the oldest one is at `head` and the queue wraps around the end of the
/// array. Index 0 of `get`/`get_mut` is the oldest value.
pub struct RingBuffer<T, const N: usize> {
    slots: [MaybeUninit<T>; N],
    head: usize,
    len: usize,
}

impl<T, const N: usize> RingBuffer<T, N> {
    /// An empty buffer.
    pub fn new() -> Self {
        // SAFETY: it's MaybeUninit so it is fine.
        RingBuffer { slots: unsafe { MaybeUninit::uninit().assume_init() }, head: 0, len: 0 }
    }

    fn index_of(&self, i: usize) -> usize {
        (self.head + i) % N
    }

    // Gives back the slot as a plain reference, not tied to the borrow of self.
    fn slot<'a>(&self, pos: usize) -> &'a T {
        // SAFETY: callers only pass positions that hold a value.
        unsafe { mem::transmute::<*const T, &'a T>(self.slots[pos].as_ptr()) }
    }

    fn slot_mut<'a>(&mut self, pos: usize) -> &'a mut T {
        // SAFETY: callers only pass positions that hold a value.
        unsafe { mem::transmute::<*mut T, &'a mut T>(self.slots[pos].as_mut_ptr()) }
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

    /// Adds `value` as the newest value, or gives it back when the buffer is full.
    pub fn push(&mut self, value: T) -> Result<(), T> {
        if self.is_full() {
            return Err(value);
        }
        let tail = self.index_of(self.len);
        self.slots[tail] = MaybeUninit::new(value);
        self.len += 1;
        Ok(())
    }

    /// Adds `value` as the newest value. When the buffer is full, the oldest value makes room and
    /// is returned.
    pub fn force_push(&mut self, value: T) -> Option<T> {
        match self.push(value) {
            Ok(()) => None,
            Err(value) if N == 0 => Some(value),
            Err(value) => {
                let Some(oldest) = self.pop() else { unreachable!() };
                if self.push(value).is_err() {
                    unreachable!("just made room");
                }
                Some(oldest)
            }
        }
    }

    /// Removes and returns the oldest value.
    pub fn pop(&mut self) -> Option<T> {
        if self.is_empty() {
            return None;
        }
        let old = mem::replace(&mut self.slots[self.head], MaybeUninit::uninit());
        self.head = self.index_of(1);
        self.len -= 1;
        Some(unsafe { old.assume_init() })
    }

    /// The value at `index`, counting from the oldest (0).
    pub fn get(&self, index: usize) -> Option<&T> {
        if index < self.len {
            Some(self.slot(self.index_of(index)))
        } else {
            None
        }
    }

    /// The value at `index`, counting from the oldest (0), for changing it in place.
    pub fn get_mut(&mut self, index: usize) -> Option<&mut T> {
        if index < self.len {
            let pos = self.index_of(index);
            Some(self.slot_mut(pos))
        } else {
            None
        }
    }

    /// Removes every value.
    pub fn clear(&mut self) {
        while !self.is_empty() {
            let _ = self.pop();
        }
        self.head = 0;
    }
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
