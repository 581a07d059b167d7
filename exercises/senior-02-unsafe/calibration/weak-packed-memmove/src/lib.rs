//! A fixed-capacity FIFO queue stored inline: no heap allocation of its own, so it can sit on the
//! stack or inside another struct on a hot path.

use std::mem::MaybeUninit;
use std::ptr;

/// A first-in, first-out queue holding at most `N` values of type `T`.
///
/// The values are kept packed at the front of `slots`: the oldest one is always at slot 0, so
/// there is no wrap-around to get wrong.
pub struct RingBuffer<T, const N: usize> {
    slots: [MaybeUninit<T>; N],
    len: usize,
}

unsafe impl<T: Send, const N: usize> Send for RingBuffer<T, N> {}
unsafe impl<T: Sync, const N: usize> Sync for RingBuffer<T, N> {}

impl<T, const N: usize> RingBuffer<T, N> {
    /// An empty buffer.
    pub fn new() -> Self {
        unsafe {
            RingBuffer { slots: MaybeUninit::uninit().assume_init(), len: 0 }
        }
    }

    fn base(&mut self) -> *mut T {
        self.slots.as_mut_ptr() as *mut T
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
        if self.len >= N {
            return Err(value);
        }
        unsafe {
            let end = self.base().offset(self.len as isize);
            end.write(value);
            self.len += 1;
        }
        Ok(())
    }

    /// Adds `value` as the newest value. When the buffer is full, the oldest value makes room and
    /// is returned.
    pub fn force_push(&mut self, value: T) -> Option<T> {
        if N == 0 {
            return Some(value);
        }
        let evicted = if self.is_full() { self.pop() } else { None };
        match self.push(value) {
            Ok(()) => evicted,
            Err(_) => panic!("push failed after making room"),
        }
    }

    /// Removes and returns the oldest value.
    pub fn pop(&mut self) -> Option<T> {
        if self.len == 0 {
            return None;
        }
        unsafe {
            let base = self.base();
            let first = base.read();
            // move everything one slot to the left
            ptr::copy(base.offset(1), base, self.len - 1);
            self.len -= 1;
            Some(first)
        }
    }

    /// The value at `index`, counting from the oldest (0).
    pub fn get(&self, index: usize) -> Option<&T> {
        if index >= self.len {
            return None;
        }
        unsafe { Some(&*(self.slots.as_ptr() as *const T).offset(index as isize)) }
    }

    /// The value at `index`, counting from the oldest (0), for changing it in place.
    pub fn get_mut(&mut self, index: usize) -> Option<&mut T> {
        if index >= self.len {
            return None;
        }
        unsafe { Some(&mut *self.base().offset(index as isize)) }
    }

    /// Removes every value.
    pub fn clear(&mut self) {
        let len = self.len;
        self.len = 0;
        unsafe {
            let all = ptr::slice_from_raw_parts_mut(self.base(), len);
            ptr::drop_in_place(all);
        }
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
