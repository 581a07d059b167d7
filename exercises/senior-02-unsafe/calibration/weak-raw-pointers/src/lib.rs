//! A fixed-capacity FIFO queue stored inline: no heap allocation of its own, so it can sit on the
//! stack or inside another struct on a hot path.

use std::mem::MaybeUninit;
use std::ptr;

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
        RingBuffer { slots: unsafe { MaybeUninit::uninit().assume_init() }, head: 0, len: 0 }
    }

    /// Pointer to the i-th value counting from head.
    fn ptr_at(&self, i: usize) -> *mut T {
        let base = self.slots.as_ptr() as *mut T;
        unsafe { base.add((self.head + i) % N) }
    }

    #[allow(clippy::mut_from_ref)]
    fn value_mut(&self, i: usize) -> &mut T {
        unsafe { &mut *self.ptr_at(i) }
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
        if self.len == N {
            return Err(value);
        }
        unsafe { ptr::write(self.ptr_at(self.len), value) };
        self.len += 1;
        Ok(())
    }

    /// Adds `value` as the newest value. When the buffer is full, the oldest value makes room and
    /// is returned.
    pub fn force_push(&mut self, value: T) -> Option<T> {
        if N == 0 {
            return Some(value);
        }
        if self.len < N {
            let _ = self.push(value);
            return None;
        }
        let oldest = self.pop().unwrap();
        let _ = self.push(value);
        Some(oldest)
    }

    /// Removes and returns the oldest value.
    pub fn pop(&mut self) -> Option<T> {
        if self.len == 0 {
            return None;
        }
        let value = unsafe { ptr::read(self.ptr_at(0)) };
        self.head = (self.head + 1) % N;
        self.len -= 1;
        Some(value)
    }

    /// The value at `index`, counting from the oldest (0).
    pub fn get(&self, index: usize) -> Option<&T> {
        if index >= self.len {
            return None;
        }
        Some(unsafe { &*self.ptr_at(index) })
    }

    /// The value at `index`, counting from the oldest (0), for changing it in place.
    pub fn get_mut(&mut self, index: usize) -> Option<&mut T> {
        if index >= self.len {
            return None;
        }
        Some(self.value_mut(index))
    }

    /// Removes every value.
    pub fn clear(&mut self) {
        while let Some(value) = self.pop() {
            drop(value);
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
