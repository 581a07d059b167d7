// A buffer of values that must stay on one thread must not be sendable to another.
use std::rc::Rc;

use senior_02_unsafe::RingBuffer;

fn assert_send<T: Send>(_: &T) {}

fn main() {
    let mut buffer: RingBuffer<Rc<u8>, 2> = RingBuffer::new();
    buffer.push(Rc::new(1)).unwrap();
    assert_send(&buffer);
}
