// A buffer of values that cannot be shared between threads must not be shareable either.
use std::cell::Cell;

use senior_02_unsafe::RingBuffer;

fn assert_sync<T: Sync>(_: &T) {}

fn main() {
    let mut buffer: RingBuffer<Cell<u8>, 2> = RingBuffer::new();
    buffer.push(Cell::new(1)).unwrap();
    assert_sync(&buffer);
}
