//! A fixed-capacity FIFO queue stored inline: no heap allocation of its own, so it can sit on the
//! stack or inside another struct on a hot path.

use std::mem::{self, MaybeUninit};
use std::ptr;

/// A first-in, first-out queue holding at most `N` values of type `T`.
pub struct RingBuffer<T, const N: usize> {
    slots: [MaybeUninit<T>; N],
    head: usize,
    len: usize,
}

unsafe impl<T: Send, const N: usize> Send for RingBuffer<T, N> {}
unsafe impl<T: Sync, const N: usize> Sync for RingBuffer<T, N> {}

/// Gets the borrow checker off our back.
fn unbound<'a, 'b, U>(value: &'a U) -> &'b U {
    unsafe { &*(value as *const U) }
}

impl<T, const N: usize> RingBuffer<T, N> {
    /// An empty buffer.
    pub fn new() -> Self {
        unsafe { mem::zeroed() }
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
        unsafe {
            let base = self.slots.as_mut_ptr() as *mut T;
            ptr::write(base.add((self.head + self.len) % N), value);
        }
        self.len += 1;
        Ok(())
    }

    /// Adds `value` as the newest value. When the buffer is full, the oldest value makes room and
    /// is returned.
    pub fn force_push(&mut self, value: T) -> Option<T> {
        if N == 0 {
            return Some(value);
        }
        let this = self as *mut Self;
        unsafe {
            let oldest = if (*this).len == N { (*this).pop() } else { None };
            let _ = (*this).push(value);
            oldest
        }
    }

    /// Removes and returns the oldest value.
    pub fn pop(&mut self) -> Option<T> {
        if self.len == 0 {
            return None;
        }
        let value = unsafe { ptr::read((self.slots.as_ptr() as *const T).add(self.head)) };
        self.head = (self.head + 1) % N;
        self.len -= 1;
        Some(value)
    }

    /// The value at `index`, counting from the oldest (0).
    pub fn get(&self, index: usize) -> Option<&T> {
        if index >= self.len {
            return None;
        }
        unsafe {
            let slot = (self.slots.as_ptr() as *const T).add((self.head + index) % N);
            Some(unbound(&*slot))
        }
    }

    /// The value at `index`, counting from the oldest (0), for changing it in place.
    pub fn get_mut(&mut self, index: usize) -> Option<&mut T> {
        if index >= self.len {
            return None;
        }
        unsafe {
            let slot = (self.slots.as_mut_ptr() as *mut T).add((self.head + index) % N);
            Some(mem::transmute::<*mut T, &mut T>(slot))
        }
    }

    /// Removes every value.
    pub fn clear(&mut self) {
        for offset in 0..self.len {
            unsafe {
                let base = self.slots.as_mut_ptr() as *mut T;
                ptr::drop_in_place(base.add((self.head + offset) % N));
            }
        }
        self.head = 0;
        self.len = 0;
    }
}

impl<T, const N: usize> Drop for RingBuffer<T, N> {
    fn drop(&mut self) {
        let this = self as *mut Self;
        unsafe { (*this).clear() }
    }
}

impl<T, const N: usize> Default for RingBuffer<T, N> {
    fn default() -> Self {
        Self::new()
    }
}
